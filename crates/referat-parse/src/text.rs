//! The line pass: the text is cut into lines, each cleaned of markup and classified
//! (heading, bold line, list item, table row, plain text), before any meeting
//! structure is looked for. Everything later works on [`Line`]s and never on raw text.

use crate::lookalike::{self, Folded, LetterPairs};

/// Look-alike folding as the lines are cleaned: the document's letter pairs, and what
/// was folded.
pub(crate) struct Folding<'a> {
    pub pairs: &'a LetterPairs,
    pub found: Vec<Folded>,
}

/// What a line is, as far as its own shape tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Empty; `whitespace` when it held spaces (a paragraph break in double-spaced
    /// PDF text, where the plain empty lines are only line spacing).
    Blank {
        whitespace: bool,
    },
    /// A horizontal rule or a table's separator row.
    Rule,
    /// A Markdown heading, `#` to `######`.
    Heading(u8),
    /// A line that is bold as a whole (`**Referat**`, `<b>Bilag</b>`).
    Bold,
    /// A bulleted list item; the text is without the bullet.
    Bullet,
    /// A numbered list item (`1.`, `2)`); the text keeps the number.
    Numbered(u32),
    /// A lettered list item (`a.`, `B)`); the text keeps the letter.
    Lettered(char),
    /// A table row; the text is the cells joined by one space.
    Table(Vec<String>),
    /// A list item with a check box (`- [x] Name`, `- [ ] Name`, `☐ Name`); ticked or
    /// not. The text is without the bullet and the box.
    Check(bool),
    /// Page furniture: a stray URL, a page number, a running header.
    Furniture,
    /// A line of the front matter (`---` / `date: 2017-03-27` / `---` at the very
    /// start), which is data about the document, read by `front_matter`, not text.
    Meta,
    Text,
}

/// One line of the document, cleaned.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    /// 1-based line number in the extracted text.
    pub no: u32,
    /// 0-based page number (pages end at form feeds).
    pub page: u32,
    pub kind: LineKind,
    /// The cleaned text: markup removed, single spaces, trimmed.
    pub text: String,
    /// The line ends a paragraph by itself (two trailing spaces, `<br>`, `\`).
    pub hard_break: bool,
    /// Leading spaces of the raw line.
    pub indent: u32,
    /// Characters of the raw line, for telling short lines in wrapped text.
    pub width: u32,
    /// How deeply the line is quoted (`> ` markers, taken off the text).
    pub quote: u8,
    /// The target of the Markdown link that is the whole line (after any list
    /// marker), `[Budget](/bilag/12)`: the text keeps the label, this the link.
    pub link: Option<String>,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        matches!(
            self.kind,
            LineKind::Blank { .. } | LineKind::Rule | LineKind::Furniture | LineKind::Meta
        )
    }

    pub fn is_list_item(&self) -> bool {
        matches!(
            self.kind,
            LineKind::Bullet | LineKind::Numbered(_) | LineKind::Lettered(_) | LineKind::Check(_)
        )
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, LineKind::Heading(_) | LineKind::Bold)
    }
}

/// Splits and classifies the whole text. Look-alike letters inside Latin words are
/// folded on the way and reported in `folded`.
pub(crate) fn lines(text: &str, folded: &mut Folding<'_>) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut page = 0u32;
    let front = crate::front_matter::line_count(text);
    for (idx, raw_line) in text.split('\n').enumerate() {
        let no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        if idx < front {
            out.push(Line {
                no,
                page,
                kind: LineKind::Meta,
                text: String::new(),
                hard_break: true,
                indent: 0,
                width: 0,
                quote: 0,
                link: None,
            });
            continue;
        }
        // A form feed ends a page; it may sit at the start of a line or inside it.
        let mut parts = raw_line.split('\x0C').peekable();
        while let Some(part) = parts.next() {
            for glued in split_glued_bold(part) {
                for piece in split_side_by_side_labels(glued) {
                    out.push(classify(piece, no, page, folded));
                }
            }
            if parts.peek().is_some() {
                page += 1;
            }
        }
    }
    while out
        .last()
        .is_some_and(|l| matches!(l.kind, LineKind::Blank { .. }))
    {
        out.pop();
    }
    join_lone_markers(&mut out);
    capitals_as_headings(&mut out);
    out
}

/// A case number of a series with its year, alone: `PS 1/26`, `Sak 12/24`.
fn is_case_number(cell: &str) -> bool {
    let mut words = cell.split_whitespace();
    let (Some(code), Some(number), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let coded = (2..=3).contains(&code.chars().count()) && code.chars().all(char::is_uppercase)
        || matches!(code, "Sak" | "Sag" | "Ärende");
    let numbered = number.split_once('/').is_some_and(|(n, y)| {
        (1..=4).contains(&n.len())
            && (2..=4).contains(&y.len())
            && n.bytes().chain(y.bytes()).all(|b| b.is_ascii_digit())
    });
    coded && numbered
}

/// An item's marker alone in a column: `§ 1`, `Pkt. 3`, `Punkt 12:`, `Ad 4.`.
fn is_item_marker(cell: &str) -> bool {
    // Every marker starts with one of these, and ends in a digit or its stop.
    if !cell.starts_with(['§', 'p', 'P', 'a', 'A', 's', 'S', 'ä', 'Ä'])
        || !cell.ends_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | ':' | ')'))
    {
        return false;
    }
    let Some((word, number)) = cell.rsplit_once(|c: char| c.is_whitespace()) else {
        return false;
    };
    let number = number.trim_end_matches(['.', ':', ')']);
    let word = word.trim().to_lowercase();
    (1..=3).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            word.as_str(),
            "§" | "pkt."
                | "pkt"
                | "punkt"
                | "ad"
                | "ad pkt."
                | "ad punkt"
                | "sag"
                | "sak"
                | "ärende"
        )
}

/// Plain text marks its headings the only way it can: in capitals on a line of their
/// own (`BØRNEHUSETS ØKONOMI`). Where a document has no marked headings at all, such
/// lines are bold lines, as a word processor would have set them.
fn capitals_as_headings(lines: &mut [Line]) {
    if lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Heading(_) | LineKind::Bold))
    {
        return;
    }
    for i in 0..lines.len() {
        let before_blank = i == 0 || lines.get(i - 1).is_some_and(Line::is_blank);
        let Some(line) = lines.get_mut(i) else { break };
        if line.kind != LineKind::Text || !before_blank {
            continue;
        }
        let t = line.text.as_str();
        // "BØRNEHUSETS ØKONOMI v/ Dorthe": the presenter is written as a name is.
        let head = [" v/ ", " v/", " v. ", " ved "]
            .iter()
            .find_map(|m| t.find(m))
            .and_then(|at| t.get(..at))
            .unwrap_or(t);
        let letters = head.chars().filter(|c| c.is_alphabetic()).count();
        let words = head.split_whitespace().count();
        // "EVT.": a one-word heading may be an abbreviation.
        let end_ok = !head.ends_with(['.', ',']) || (words == 1 && head.ends_with('.'));
        let capitals = letters >= 3
            && head
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            && words <= 8
            && end_ok
            && crate::document::label_len(t).is_none();
        if capitals {
            line.kind = LineKind::Bold;
        }
    }
}

/// Text extracted from PDFs without layout puts a list marker on a line of its own
/// (`A)` / `De foreslåede arbejder …`); the marker belongs to the next line of text.
fn join_lone_markers(lines: &mut [Line]) {
    for i in 0..lines.len() {
        let Some(marker) = lines.get(i).and_then(lone_marker) else {
            continue;
        };
        let Some(next) = (i + 1..lines.len().min(i + 3)).find(|&k| {
            lines
                .get(k)
                .is_some_and(|l| !matches!(l.kind, LineKind::Blank { .. }))
        }) else {
            continue;
        };
        // A bullet may stand before a numbered line ("•" / "1) Præsentation …"): the
        // number is then part of the bulleted text.
        let Some(content) = lines
            .get(next)
            .filter(|l| {
                l.kind == LineKind::Text
                    || (matches!(marker, Marker::Bullet)
                        && matches!(l.kind, LineKind::Numbered(_) | LineKind::Lettered(_)))
            })
            .map(|l| l.text.clone())
        else {
            continue;
        };
        // The item takes the place of its text, so that the lines wrapped from it follow
        // on directly.
        let marker_text = match lines.get_mut(i) {
            Some(m) => {
                m.kind = LineKind::Blank { whitespace: false };
                std::mem::take(&mut m.text)
            }
            None => continue,
        };
        let Some(line) = lines.get_mut(next) else {
            continue;
        };
        match marker {
            Marker::Bullet => {
                line.text = content;
                line.kind = LineKind::Bullet;
            }
            Marker::Number(n) => {
                line.text = format!("{marker_text} {content}");
                line.kind = LineKind::Numbered(n);
            }
            Marker::Letter(c) => {
                line.text = format!("{marker_text} {content}");
                line.kind = LineKind::Lettered(c);
            }
        }
    }
}

enum Marker {
    Bullet,
    Number(u32),
    Letter(char),
}

fn lone_marker(line: &Line) -> Option<Marker> {
    if line.kind != LineKind::Text {
        return None;
    }
    let t = line.text.as_str();
    if matches!(
        t,
        "•" | "▪"
            | "◦"
            | "‣"
            | "·"
            | "●"
            | "○"
            | "■"
            | "□"
            | "➢"
            | "►"
            | "\u{F0B7}"
            | "-"
            | "–"
    ) {
        return Some(Marker::Bullet);
    }
    let body = t.strip_suffix(['.', ')'])?;
    if !body.is_empty() && body.len() <= 3 && body.bytes().all(|b| b.is_ascii_digit()) {
        return body.parse().ok().map(Marker::Number);
    }
    let mut chars = body.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Some(Marker::Letter(c)),
        _ => None,
    }
}

/// `**11) Eventuelt****Referat**`: two bold runs glued by an export are two lines; so
/// are a line and a sub-heading glued without the markup
/// (`11) Eventuelt og gensidig orienteringReferat`): Danish words have no capitals
/// inside them.
/// "Ordstyrer: BH          Referent: FL": two header fields set side by side on one
/// line, each read as a line of its own.
fn split_side_by_side_labels(line: &str) -> Vec<&str> {
    // Most lines have no colon, or no wide gap: a look at the bytes spares the rest.
    // Two labels hold two colons; most lines hold none.
    let two_colons = line
        .find(':')
        .and_then(|at| line.get(at + 1..))
        .is_some_and(|rest| rest.contains(':'));
    if !two_colons || !line.trim().contains("   ") || line.contains(['\t', '|']) {
        return vec![line];
    }
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = line;
    while let Some(at) = rest
        .trim_start()
        .find("   ")
        .map(|k| k + (rest.len() - rest.trim_start().len()))
    {
        let (head, tail) = rest.split_at(at);
        pieces.push(head);
        rest = tail.trim_start();
    }
    pieces.push(rest);
    let fields = pieces.iter().all(|p| {
        crate::document::label_len(p.trim()).is_some_and(|len| {
            let t = p.trim();
            let label = t.get(..len).unwrap_or("").trim();
            let value = t.get(len + 1..).unwrap_or("").trim();
            !value.is_empty()
                && (crate::header::is_field_name(label)
                    || crate::attendance::label_with_colon_kind(label).is_some())
        })
    });
    if pieces.len() >= 2 && fields {
        pieces
    } else {
        vec![line]
    }
}

fn split_glued_bold(line: &str) -> Vec<&str> {
    // Both forms end in a heading's last letter or in its markup.
    if !line
        .trim_end()
        .ends_with(|c: char| c.is_alphabetic() || c == ':' || c == '*')
    {
        return vec![line];
    }
    if let Some(at) = glued_heading(line) {
        if let (Some(a), Some(b)) = (line.get(..at), line.get(at..)) {
            return vec![a, b];
        }
    }
    let trimmed = line.trim();
    if trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() > 8 {
        if let Some(pos) = trimmed
            .get(2..trimmed.len() - 2)
            .and_then(|s| s.find("****"))
        {
            let cut = pos + 4;
            if let (Some(a), Some(b)) = (trimmed.get(..cut), trimmed.get(cut..)) {
                if a.len() > 4 && b.len() > 4 {
                    return vec![a, b];
                }
            }
        }
    }
    vec![line]
}

fn glued_heading(line: &str) -> Option<usize> {
    const HEADINGS: [&str; 6] = [
        "Referat",
        "Beslutning",
        "Indstilling",
        "Bilag",
        "Sagsfremstilling",
        "Resumé",
    ];
    let trimmed = line.trim_end().trim_end_matches([':', '*']);
    HEADINGS.iter().find_map(|h| {
        let head = trimmed.strip_suffix(h)?;
        head.chars()
            .last()
            .is_some_and(char::is_lowercase)
            .then_some(head.len())
    })
}

/// Takes the `>` markers of a quotation off a line: the depth and the rest.
fn unquote(raw: &str) -> (u8, &str) {
    let mut depth = 0u8;
    let mut rest = raw;
    loop {
        let trimmed = rest.trim_start();
        // Only a marker at the start of the line ("> text", ">text", ">"), not "->".
        match trimmed.strip_prefix('>') {
            Some(after) if depth < 8 => {
                depth += 1;
                rest = after.strip_prefix(' ').unwrap_or(after);
            }
            _ => return (depth, if depth == 0 { raw } else { rest }),
        }
    }
}

/// A line without the pictograms a note-taking app puts before a label ("✅
/// **Beslutning:** …", "📌 Referat"): the marks of ticked and crossed boxes stay.
fn without_leading_emoji(s: &str) -> &str {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let pictogram = matches!(c as u32, 0x1F300..=0x1FAFF)
            || matches!(c, '✅' | '❗' | '❕' | '❓' | '⚠' | '⭐' | '➡' | '\u{FE0F}');
        if !pictogram {
            break;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("").trim_start();
    }
    if rest.is_empty() { s } else { rest }
}

fn classify(raw: &str, no: u32, page: u32, folded: &mut Folding<'_>) -> Line {
    let (quote, raw) = unquote(raw);
    let trailing_ws = raw.len() - raw.trim_end().len();
    let trimmed_end = raw.trim_end();
    let indent = (raw.len() - raw.trim_start().len()) as u32;
    let width = raw.trim_end().chars().count() as u32;
    let hard_break = trailing_ws >= 2
        || trimmed_end.ends_with('\\')
        || trimmed_end.ends_with("<br>")
        || trimmed_end.ends_with("<br/>")
        || trimmed_end.ends_with("<br />");
    let s = raw.trim();
    // "<!--more-->": a comment in the page's source, not its text.
    let s = if s.starts_with("<!--") && s.ends_with("-->") {
        ""
    } else {
        without_leading_emoji(s)
    };
    let mut line = Line {
        no,
        page,
        kind: LineKind::Text,
        text: String::new(),
        hard_break,
        indent,
        width,
        quote,
        link: None,
    };
    if s.is_empty() {
        line.kind = LineKind::Blank {
            whitespace: !raw.is_empty(),
        };
        return line;
    }
    if is_rule(s) {
        line.kind = LineKind::Rule;
        return line;
    }
    if let Some((level, rest)) = markdown_heading(s) {
        let text = clean(rest, no, folded);
        line.kind = if text.is_empty() {
            LineKind::Rule
        } else {
            LineKind::Heading(level)
        };
        line.text = text;
        return line;
    }
    let piped = s.starts_with('|') && s.ends_with('|') && s.len() > 2;
    let tabbed = raw.contains('\t');
    if tabbed || piped || s.contains("   ") {
        // A cell's own line breaks (`Title<br>Case text`) stay apart inside it.
        let cell = |c: &str| -> String {
            if c.contains("<br>") {
                c.split("<br>")
                    .map(|part| clean(part, no, folded))
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                clean(c, no, folded)
            }
        };
        let cells: Vec<String> = if tabbed {
            raw.split('\t').map(cell).collect()
        } else if piped {
            s.trim_matches('|').split('|').map(cell).collect()
        } else {
            // Columns in layout-preserving PDF text are set apart by runs of spaces.
            s.split("   ").map(|c| clean(c, no, folded)).collect()
        };
        // Tabs and pipes keep a row's empty cells, so that each cell stays under its
        // column's header; runs of spaces cannot tell an empty cell.
        let mut cells: Vec<String> = if tabbed || piped {
            let mut cells = cells;
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        } else {
            cells.into_iter().filter(|c| !c.is_empty()).collect()
        };
        // "Närvarande:      A, B": a label set apart from its value by spaces is a label
        // line, not a table row; so is a sub-heading in the margin ("Beslutning
        // Godkendt.").
        if !tabbed && !piped && cells.len() == 2 {
            if let (Some(first), Some(second)) = (cells.first(), cells.get(1)) {
                // Two labels side by side ("Til stede:      Afbud:") head two columns.
                let two_labels =
                    second.ends_with(':') && crate::document::label_len(second).is_some();
                if first.ends_with(':')
                    && crate::document::label_len(first).is_some()
                    && !two_labels
                {
                    line.text = format!("{first} {second}");
                    return line;
                }
                // "Beslutande        Anna Lind (S)": a list's or a field's label in the
                // margin.
                // Labels are short words; most first cells are not.
                let label_like = first.len() <= 32
                    && first.starts_with(char::is_uppercase)
                    && !first.contains(|c: char| c.is_ascii_digit());
                if label_like
                    && !first.ends_with(':')
                    && (crate::header::is_field_name(first)
                        || crate::attendance::label_kind(first).is_some())
                {
                    line.text = format!("{first}: {second}");
                    return line;
                }
                if crate::headings::known(first).is_some() && !first.ends_with(':') {
                    line.text = format!("{first}: {second}");
                    return line;
                }
            }
        }
        // "•   Godkender referatet." / "·<tab>godkender årsrapporten": a bullet set
        // apart by spaces or a tab is a bullet.
        if cells.len() >= 2 && !piped {
            let gap = if tabbed { "\t" } else { "   " };
            let text = if tabbed { raw } else { s };
            if let Some(rest) = cells
                .first()
                .and_then(|c| bullet(&format!("{c} x")).map(|_| ()))
                .and_then(|_| text.get(text.find(gap)?..))
            {
                let text = clean(rest, no, folded);
                if !text.is_empty() {
                    line.text = text;
                    line.kind = LineKind::Bullet;
                    return line;
                }
            }
        }
        // "1.   Meddelelser" / "PS 1/26     Godkjenning …": a list marker or a case
        // number in a column of its own is not a cell ("1.<tab>Velkomst" too). Where
        // tabs or pipes set out more columns, the number is a table's own column.
        if cells.len() >= 2
            && (cells.len() == 2 || !(tabbed || piped))
            && cells.first().is_some_and(|c| {
                (c.len() <= 4
                    && (numbered(&format!("{c} x")).is_some()
                        || lettered(&format!("{c} x")).is_some()))
                    || is_case_number(c)
                    || is_item_marker(c)
            })
        {
            let marker = cells.remove(0);
            if let Some(first) = cells.first_mut() {
                *first = format!("{marker} {first}");
            }
        }
        if cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            // "| **Sted** | Dokk1 |": a header set out as a table of labels and values
            // reads as the label line it stands for.
            let sep = match cells.as_slice() {
                [label, value] if is_label_cell(label) && !is_label_cell(value) => ": ",
                _ => " ",
            };
            line.text = cells
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| c.replace('\n', " "))
                .collect::<Vec<_>>()
                .join(sep);
            line.kind = LineKind::Table(cells);
            line.hard_break = true;
            return line;
        }
    }
    if let Some(inner) = whole_line_bold(s) {
        let text = clean(inner, no, folded);
        if !text.is_empty() {
            line.text = text;
            line.kind = LineKind::Bold;
            return line;
        }
    }
    if let Some((ticked, rest)) = check_box(s) {
        line.text = clean(rest, no, folded);
        line.kind = LineKind::Check(ticked);
        if line.text.is_empty() {
            line.kind = LineKind::Blank { whitespace: true };
        }
        return line;
    }
    if let Some(rest) = bullet(s) {
        line.text = clean(rest, no, folded);
        line.link = whole_line_link(rest);
        line.kind = if line.text.is_empty() {
            LineKind::Blank { whitespace: true }
        } else {
            LineKind::Bullet
        };
        return line;
    }
    line.text = clean(s, no, folded);
    line.link = whole_line_link(s);
    if line.text.is_empty() {
        line.kind = LineKind::Blank { whitespace: true };
        return line;
    }
    if let Some(n) = numbered(&line.text) {
        line.kind = LineKind::Numbered(n);
    } else if let Some(c) = lettered(&line.text) {
        line.kind = LineKind::Lettered(c);
    }
    line
}

fn is_rule(s: &str) -> bool {
    let mut chars = s.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(first, '-' | '*' | '_' | '=') {
        let count = 1 + s.chars().filter(|&c| c == first).count() - 1;
        if count >= 3 && s.chars().all(|c| c == first || c.is_whitespace()) {
            return true;
        }
    }
    // Markdown table separators: | --- | :---: |, or pandoc's "--  ------".
    s.contains("---")
        && s.chars()
            .all(|c| matches!(c, '-' | '|' | ':' | '+' | ' ' | '\t'))
}

fn markdown_heading(s: &str) -> Option<(u8, &str)> {
    let hashes = s.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = s.get(hashes..)?;
    if !rest.starts_with(' ') && !rest.is_empty() {
        return None;
    }
    let rest = rest.trim().trim_end_matches('#').trim_end();
    Some((hashes as u8, rest))
}

/// A table cell that is a header field's or a participant list's label alone (`Dato`,
/// `Sted`, `Referent`), without its colon.
fn is_label_cell(cell: &str) -> bool {
    !cell.ends_with(':')
        && cell.len() <= 30
        && (crate::header::is_field_name(cell) || crate::attendance::label_kind(cell).is_some())
}

/// The inside of a line that is bold as a whole, if it is.
fn whole_line_bold(s: &str) -> Option<&str> {
    for (open, close) in [
        ("**", "**"),
        ("__", "__"),
        ("<b>", "</b>"),
        ("<strong>", "</strong>"),
    ] {
        let Some(rest) = s.strip_prefix(open) else {
            continue;
        };
        // "**Indstilling:**", "**Indstilling**:" and "**Tabel 2**" all count.
        let rest = rest.trim_end_matches(':').trim_end();
        let Some(inner) = rest.strip_suffix(close) else {
            continue;
        };
        if !inner.contains(open) && !inner.trim().is_empty() {
            return Some(inner);
        }
    }
    None
}

/// A check-list entry: `- [x] Name`, `* [ ] Name`, `- [] Name` (a box typed without
/// its space), or a box character (`☐`, `☑`, `☒`); whether it is ticked, and the text.
fn check_box(s: &str) -> Option<(bool, &str)> {
    if let Some(rest) = s
        .strip_prefix(['☐', '□'])
        .filter(|r| r.starts_with(char::is_whitespace))
    {
        return Some((false, rest.trim_start()));
    }
    if let Some(rest) = s
        .strip_prefix(['☑', '☒', '✓', '✔', '■'])
        .filter(|r| r.starts_with(char::is_whitespace))
    {
        return Some((true, rest.trim_start()));
    }
    let rest = bullet(s).unwrap_or(s);
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']').filter(|&c| c <= 1)?;
    let ticked = match inner.get(..close)? {
        "" | " " => false,
        "x" | "X" | "✓" | "✔" => true,
        _ => return None,
    };
    let after = inner.get(close + 1..)?;
    // "[x](link)" is a link, not a box.
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((ticked, after.trim_start()))
}

fn bullet(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    let is_bullet = matches!(
        c,
        '-' | '*'
            | '+'
            | '•'
            | '▪'
            | '◦'
            | '‣'
            | '·'
            | '–'
            | '—'
            | '●'
            | '○'
            | '■'
            | '□'
            | '➢'
            | '►'
            | '\u{F0B7}'
            | '\u{F0A7}'
    );
    if !is_bullet {
        return None;
    }
    let (i, next) = chars.next()?;
    if !next.is_whitespace() {
        return None;
    }
    s.get(i..).map(str::trim_start)
}

/// `1. Title`, `12) Title`: the number, when the line is a numbered item. Dates
/// (`24. april`) and amounts (`1.160.000 kr.`) are not.
pub(crate) fn numbered(text: &str) -> Option<u32> {
    // "At 1) Byrådet godkender …": Aarhus and others number recommendations so.
    let text = match text
        .strip_prefix("At ")
        .or_else(|| text.strip_prefix("at "))
    {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) && rest.contains(')') => rest,
        _ => text,
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = text.get(digits..)?;
    let after = rest.strip_prefix(['.', ')'])?;
    // "1.Velkomst": a number glued to a capitalised title is numbered too; "1.160.000"
    // and "2.a" are not.
    let glued = rest.starts_with('.')
        && after.starts_with(char::is_uppercase)
        && after
            .split(' ')
            .next()
            .is_some_and(|w| w.chars().count() >= 3);
    if !after.starts_with(' ') && !glued {
        return None;
    }
    let word = after.trim_start().split(' ').next().unwrap_or("");
    if crate::dates::month_number(word).is_some() {
        return None;
    }
    text.get(..digits)?.parse().ok()
}

fn lettered(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    let delim = chars.next()?;
    let space = chars.next()?;
    if !c.is_ascii_alphabetic() || space != ' ' {
        return None;
    }
    // "a. Møder" and "B) Der afgives" are items; "A. Jensen" is a name, and
    // "d. 17. december" a date.
    if delim == '.' && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    match delim {
        ')' => Some(c),
        '.' if c.is_ascii_lowercase() => Some(c),
        _ => None,
    }
}

/// Removes a leading list number or letter (`1. `, `2) `, `a) `, `At 1) `).
pub(crate) fn strip_list_marker(text: &str) -> &str {
    let t = text
        .strip_prefix("At ")
        .or_else(|| text.strip_prefix("at "))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(text);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = if digits > 0 && digits <= 3 {
        digits
    } else if t.starts_with(|c: char| c.is_ascii_alphabetic()) && lettered(t).is_some() {
        1
    } else {
        return text;
    };
    match t.get(marker_len..) {
        Some(rest) if rest.starts_with(['.', ')']) => rest.get(1..).unwrap_or("").trim_start(),
        _ => text,
    }
}

/// The sentences of a paragraph, split at a full stop (or `!`, `?`) before a capital:
/// "bl.a. " and "kr. 1.000" do not end one. A line break ends one too.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text, b".!?", true)
}

/// The sentences of a paragraph split only at a full stop before a capital, the line
/// breaks kept inside them.
pub(crate) fn full_stop_sentences(text: &str) -> Vec<&str> {
    split_sentences(text, b".", false)
}

fn split_sentences<'t>(text: &'t str, enders: &[u8], at_line_break: bool) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if at_line_break && b == b'\n' {
            if let Some(s) = text.get(start..i).map(str::trim).filter(|s| !s.is_empty()) {
                out.push(s);
            }
            start = i + 1;
            continue;
        }
        // Most bytes end nothing: the fixed test first, the slice only for these.
        if matches!(b, b'.' | b'!' | b'?') && enders.contains(&b) && bytes.get(i + 1) == Some(&b' ')
        {
            let next_upper = text
                .get(i + 2..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            if next_upper {
                if let Some(s) = text.get(start..=i) {
                    out.push(s.trim());
                }
                start = i + 2;
            }
        }
    }
    if let Some(s) = text.get(start..) {
        if !s.trim().is_empty() {
            out.push(s.trim());
        }
    }
    out
}

/// Removes Markdown and HTML markup, decodes entities, folds look-alike letters and
/// collapses white space.
pub(crate) fn clean(s: &str, line: u32, folded: &mut Folding<'_>) -> String {
    let s = s.trim();
    if is_plain(s) {
        return lookalike::fold_line(s.to_string(), line, folded.pairs, &mut folded.found);
    }
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let Some(rest) = s.get(i..) else { break };
        let Some(c) = rest.chars().next() else { break };
        match c {
            '*' => {
                // Emphasis markers go; a lone star between spaces (a multiplication)
                // stays.
                let run = rest.bytes().take_while(|&b| b == b'*').count();
                let before_space = i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace);
                let after_space = bytes.get(i + run).is_none_or(u8::is_ascii_whitespace);
                if run == 1 && before_space && after_space {
                    out.push('*');
                }
                i += run;
            }
            '_' if rest.starts_with("__") => i += 2,
            // "_Beslutning:_": emphasis, not a character of a word (`snake_case`).
            '_' if {
                let before = i.checked_sub(1).and_then(|k| bytes.get(k));
                let after = bytes.get(i + 1);
                let opens = before.is_none_or(u8::is_ascii_whitespace)
                    && after.is_some_and(|b| !b.is_ascii_whitespace());
                let closes = before.is_some_and(|b| !b.is_ascii_whitespace())
                    && after.is_none_or(|b| b.is_ascii_whitespace() || b.is_ascii_punctuation());
                opens || closes
            } =>
            {
                i += 1;
            }
            '<' => match html_tag_len(rest) {
                Some((len, is_break)) => {
                    if is_break {
                        out.push(' ');
                    }
                    i += len;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            '&' => match entity(rest) {
                Some((len, decoded)) => {
                    out.push(decoded);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            '\\' => {
                // Markdown escapes: keep the escaped character.
                match rest.chars().nth(1) {
                    Some(next) if next.is_ascii_punctuation() => {
                        out.push(next);
                        i += 1 + next.len_utf8();
                    }
                    _ => i += 1,
                }
            }
            '[' => match markdown_link(rest) {
                Some((len, text_end)) => {
                    if let Some(label) = rest.get(1..text_end) {
                        out.push_str(label);
                    }
                    i += len;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => i += c.len_utf8(),
            c if c.is_whitespace() => {
                out.push(' ');
                i += c.len_utf8();
            }
            c => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    let collapsed = if needs_collapse(&out) {
        collapse_spaces(&out)
    } else {
        out
    };
    lookalike::fold_line(collapsed, line, folded.pairs, &mut folded.found)
}

fn needs_collapse(s: &str) -> bool {
    s.starts_with(' ') || s.ends_with(' ') || s.contains("  ")
}

/// Text with nothing to clean: no markup characters, no odd white space.
fn is_plain(s: &str) -> bool {
    !s.bytes().any(|b| {
        matches!(
            b,
            b'*' | b'_' | b'<' | b'&' | b'\\' | b'[' | b'\t' | b'\r' | 0xC2 | 0xE2 | 0xEF
        )
    }) && !needs_collapse(s)
}

pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The length of an HTML tag at the start of `s`, and whether it breaks the line.
fn html_tag_len(s: &str) -> Option<(usize, bool)> {
    let inner_start = if s.starts_with("</") { 2 } else { 1 };
    let name_char = s.get(inner_start..)?.chars().next()?;
    if !name_char.is_ascii_alphabetic() {
        return None;
    }
    let end = s.get(..s.len().min(200))?.find('>')?;
    let tag = s.get(inner_start..end)?;
    if tag.contains('<') {
        return None;
    }
    let name: String = tag
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    const KNOWN: [&str; 20] = [
        "b", "strong", "i", "em", "u", "sup", "sub", "span", "br", "p", "div", "font", "a",
        "small", "big", "mark", "s", "del", "ins", "li",
    ];
    if !KNOWN.contains(&name.as_str()) {
        return None;
    }
    Some((end + 1, matches!(name.as_str(), "br" | "p" | "div" | "li")))
}

fn entity(s: &str) -> Option<(usize, char)> {
    let end = s.get(..s.len().min(12))?.find(';')?;
    let name = s.get(1..end)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "aring" => 'å',
        "Aring" => 'Å',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((end + 1, c))
}

/// The longest link target read: longer is not a link a person wrote.
const MAX_LINK_TARGET: usize = 2_048;

/// The target of `[label](target)` where that is the whole of `s`.
fn whole_line_link(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.starts_with('[') {
        return None;
    }
    let (total, label_end) = markdown_link(s)?;
    let target = s.get(label_end + 2..total.checked_sub(1)?)?;
    (total == s.len() && !target.is_empty()).then(|| target.to_string())
}

/// `[label](target)`: total length and the end of the label.
///
/// Each scan stops at the first bracket of the label or the first space or `[` of
/// the target, and a target is read at most [`MAX_LINK_TARGET`] bytes: a line of a
/// million `[`, or of `[a](b` again and again, is read in one pass, not a million.
fn markdown_link(s: &str) -> Option<(usize, usize)> {
    let label = s.get(1..)?;
    let close = 1 + label.find(['[', ']'])?;
    if s.as_bytes().get(close) != Some(&b']') || s.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let target = s.get(close + 2..)?;
    let end = target
        .bytes()
        .take(MAX_LINK_TARGET)
        .position(|b| matches!(b, b')' | b' ' | b'['))?;
    if target.as_bytes().get(end) != Some(&b')') {
        return None;
    }
    Some((close + 2 + end + 1, close))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folding(pairs: &LetterPairs) -> Folding<'_> {
        Folding {
            pairs,
            found: Vec::new(),
        }
    }

    fn one(raw: &str) -> Line {
        let pairs = LetterPairs::default();
        lines(raw, &mut folding(&pairs)).remove(0)
    }

    #[test]
    fn a_line_that_is_one_link_keeps_its_target() {
        let linked = one("- [Bilag 1. Budget](/vis/pdf/bilag/a1/?x=false)");
        assert_eq!(linked.text, "Bilag 1. Budget");
        assert_eq!(linked.link.as_deref(), Some("/vis/pdf/bilag/a1/?x=false"));
        assert_eq!(one("[Budget](b.pdf)").link.as_deref(), Some("b.pdf"));
        for not_one in [
            "se [bilaget](x.pdf) her",
            "[a](b) og [c](d)",
            "[Udkast] Plan",
            "[a]()",
        ] {
            assert_eq!(one(not_one).link, None, "{not_one}");
        }
    }

    #[test]
    fn markup_is_removed() {
        let pairs = LetterPairs::default();
        let mut f = folding(&pairs);
        assert_eq!(
            clean("**Punkt 2: Godkendelse**", 1, &mut f),
            "Punkt 2: Godkendelse"
        );
        assert_eq!(
            clean("<b>Resterende midler</b>", 1, &mut f),
            "Resterende midler"
        );
        assert_eq!(
            clean("Etableringsomkostninger <sup>1</sup> 2 biler", 1, &mut f),
            "Etableringsomkostninger 1 2 biler"
        );
        assert_eq!(
            clean("*Tværasektoriel frigørelse*", 1, &mut f),
            "Tværasektoriel frigørelse"
        );
        assert_eq!(clean("A &amp; B&nbsp;C", 1, &mut f), "A & B C");
        assert_eq!(
            clean("se [bilaget](http://x.dk/a.pdf) her", 1, &mut f),
            "se bilaget her"
        );
        assert_eq!(clean("2 * 3 \\- 4", 1, &mut f), "2 * 3 - 4");
        assert_eq!(clean("kommunerne<sup>3</sup>", 1, &mut f), "kommunerne3");
    }

    #[test]
    fn lines_are_classified() {
        assert_eq!(one("## **Punkt 2: X**").kind, LineKind::Heading(2));
        assert_eq!(one("## **Punkt 2: X**").text, "Punkt 2: X");
        assert_eq!(one("**Indstilling:**").kind, LineKind::Bold);
        assert_eq!(one("**Indstilling:**").text, "Indstilling:");
        assert_eq!(one("- Godkender referatet.").kind, LineKind::Bullet);
        assert_eq!(
            one("• Virtuel borgerundervisning ").text,
            "Virtuel borgerundervisning"
        );
        assert_eq!(one("1. Godkender dagsordenen.").kind, LineKind::Numbered(1));
        assert_eq!(one("24. april 2025 kl. 15").kind, LineKind::Text);
        assert_eq!(one("1.160.000 kr. i 2024.").kind, LineKind::Text);
        assert_eq!(one("a) Orientering").kind, LineKind::Lettered('a'));
        assert_eq!(
            one("At 2) Byrådet godkender planen.").kind,
            LineKind::Numbered(2)
        );
        assert_eq!(one("d. 17. december").kind, LineKind::Text);
        assert_eq!(one("A. Jensen, formand").kind, LineKind::Text);
        assert_eq!(one("---").kind, LineKind::Rule);
        assert_eq!(one("--\t------\t--------").kind, LineKind::Rule);
        assert!(matches!(
            one("Udgift\t81.420 kr.\t0.073 kr.").kind,
            LineKind::Table(_)
        ));
        assert!(one("Mads Duedahl, formand  ").hard_break);
        assert!(!one("Mads Duedahl, formand ").hard_break);
    }

    #[test]
    fn glued_bold_headings_are_split() {
        let pairs = LetterPairs::default();
        let mut f = folding(&pairs);
        let ls = lines(
            "**11) Eventuelt og gensidig orientering****Referat**",
            &mut f,
        );
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].text, "11) Eventuelt og gensidig orientering");
        assert_eq!(ls[1].text, "Referat");
        assert_eq!(ls[1].no, 1);
    }

    #[test]
    fn form_feeds_count_pages() {
        let pairs = LetterPairs::default();
        let mut f = folding(&pairs);
        let ls = lines("a\n\x0Cb\nc\x0Cd", &mut f);
        let pages: Vec<u32> = ls.iter().map(|l| l.page).collect();
        assert_eq!(pages, [0, 0, 1, 1, 2]);
        let nos: Vec<u32> = ls.iter().map(|l| l.no).collect();
        assert_eq!(nos, [1, 2, 2, 3, 3]);
    }

    #[test]
    fn list_markers_are_stripped() {
        assert_eq!(strip_list_marker("1. Godkender"), "Godkender");
        assert_eq!(strip_list_marker("12) Godkender"), "Godkender");
        assert_eq!(strip_list_marker("At 1) Byrådet"), "Byrådet");
        assert_eq!(strip_list_marker("B) Der afgives"), "Der afgives");
        assert_eq!(strip_list_marker("Godkender"), "Godkender");
    }
}

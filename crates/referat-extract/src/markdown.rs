// The writer is used by the PDF, Word and HTML extractors as they land.
#![allow(dead_code)]

//! The text every extractor writes: the light Markdown dialect `referat-parse` reads.
//! One [`MarkdownWriter`] for PDF, Word and HTML alike keeps their output the same
//! shape, so that the parser cannot tell which format a record came from.

/// Builds the extracted text block by block.
#[derive(Debug, Default)]
pub(crate) struct MarkdownWriter {
    out: String,
}

impl MarkdownWriter {
    pub fn new() -> MarkdownWriter {
        MarkdownWriter::default()
    }

    /// The text so far, in bytes: for enforcing limits while writing.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    fn block(&mut self) {
        if self.out.is_empty() || self.out.ends_with('\x0C') {
            return;
        }
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A heading of level 1 to 6.
    pub fn heading(&mut self, level: u8, text: &str) {
        let text = inline(text);
        if text.is_empty() {
            return;
        }
        self.block();
        for _ in 0..level.clamp(1, 6) {
            self.out.push('#');
        }
        self.out.push(' ');
        self.out.push_str(&text);
        self.out.push('\n');
    }

    /// A paragraph that is bold as a whole: a sub-heading in Word and many PDFs.
    pub fn bold_line(&mut self, text: &str) {
        let text = inline(text);
        if text.is_empty() {
            return;
        }
        self.block();
        self.out.push_str("**");
        self.out.push_str(&text);
        self.out.push_str("**\n");
    }

    /// A paragraph; its lines (split at `\n`, from explicit line breaks) end in two
    /// spaces so that they stay lines.
    pub fn paragraph(&mut self, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .map(inline)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        self.block();
        let last = lines.len() - 1;
        for (i, line) in lines.iter().enumerate() {
            self.out.push_str(&escape_start(line));
            if i < last {
                self.out.push_str("  ");
            }
            self.out.push('\n');
        }
    }

    /// A list item: `marker` is `-` for a bullet, or `1.`, `2)`, `a)` as numbered.
    pub fn list_item(&mut self, marker: &str, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .map(inline)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        // Items of one list follow each other without a blank line.
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if !self.out.is_empty() && !self.last_line_is_list_item() {
            self.block();
        }
        // A line break inside the item (`<li>Title<br>text`) goes on under the marker,
        // as Markdown writes the lines of one item.
        let indent = " ".repeat(marker.chars().count() + 1);
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                self.out.push_str(marker);
                self.out.push(' ');
            } else {
                self.out.push_str(&indent);
            }
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// The last line written, without its line end.
    fn last_line(&self) -> &str {
        self.out
            .trim_end_matches('\n')
            .rsplit('\n')
            .next()
            .unwrap_or("")
    }

    fn last_line_is_list_item(&self) -> bool {
        let last = self.last_line();
        last.starts_with("- ")
            || last
                .split_once(' ')
                .is_some_and(|(m, _)| m.ends_with(['.', ')']) && m.len() <= 4)
    }

    /// A table row, one a line: cells set apart by tabs; a cell's own lines are joined by `<br>`, as
    /// Markdown tables write them.
    pub fn table_row(&mut self, cells: &[String]) {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| {
                c.lines()
                    .map(inline)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("<br>")
            })
            .collect();
        if cells.iter().all(String::is_empty) {
            return;
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if !self.out.is_empty() && !self.last_line_is_table_row() {
            self.block();
        }
        self.out.push_str(&cells.join("\t"));
        self.out.push('\n');
    }

    fn last_line_is_table_row(&self) -> bool {
        let last = self.last_line();
        last.contains('\t')
    }

    /// The end of a page.
    pub fn page_break(&mut self) {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push('\x0C');
    }

    /// A line of text as it stands (for extractors that keep the source's own lines,
    /// as PDF text does).
    pub fn raw_line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    pub fn finish(mut self) -> String {
        while self.out.ends_with(['\n', '\x0C']) {
            self.out.pop();
        }
        self.out.push('\n');
        self.out
    }
}

/// A value as a YAML scalar: plain where YAML reads it as the same string, else in
/// double quotes.
pub(crate) fn yaml(value: &str) -> String {
    if !needs_quotes(value) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn needs_quotes(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return true;
    };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace() {
        return true;
    }
    if value.ends_with(char::is_whitespace) || value.contains([':', '#', ',', '[', ']', '{', '}']) {
        return true;
    }
    let lower = value.to_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return true;
    }
    // A number, a date or a time: YAML (or a reader of it) would take it for one.
    value.parse::<f64>().is_ok()
        || (value.chars().any(|c| c.is_ascii_digit())
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || ".:-+_/ ".contains(c)))
}

/// Inline text: white space (tabs, line ends, no-break spaces) collapsed to single
/// spaces, so that nothing in it reads as a line or a cell break.
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{A0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A linked attachment's line, `[title](link)`, as the parser reads it back; the
/// title alone where the link cannot stand in Markdown unescaped (white space or a
/// parenthesis in it) or is a script's.
pub(crate) fn linked(title: &str, link: &str) -> String {
    let link = link.trim();
    let writable = !link.is_empty()
        && !link.contains(|c: char| c.is_whitespace() || c == '(' || c == ')')
        && !link.to_ascii_lowercase().starts_with("javascript:");
    if writable {
        format!("[{}]({link})", inline(title))
    } else {
        title.to_string()
    }
}

/// A paragraph that starts like a Markdown heading is not one.
fn escape_start(line: &str) -> String {
    if line.starts_with('#') {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_values() {
        assert_eq!(yaml("Dagsorden"), "Dagsorden");
        assert_eq!(
            yaml("Sundheds- og Omsorgsudvalget"),
            "Sundheds- og Omsorgsudvalget"
        );
        assert_eq!(yaml("John T. Olsen"), "John T. Olsen");
        assert_eq!(yaml("Jens' bil"), "Jens' bil");
        assert_eq!(yaml("15:30"), "\"15:30\"");
        assert_eq!(
            yaml("Møde/grupperum 13.45c, Langagergård"),
            "\"Møde/grupperum 13.45c, Langagergård\""
        );
        assert_eq!(yaml("Mødelokale 6+7"), "Mødelokale 6+7");
        assert_eq!(yaml("2024"), "\"2024\"");
        assert_eq!(yaml("13.45"), "\"13.45\"");
        assert_eq!(yaml("2024-09-09"), "\"2024-09-09\"");
        assert_eq!(yaml("No"), "\"No\"");
        assert_eq!(yaml("- Lone"), "\"- Lone\"");
        assert_eq!(yaml("---"), "\"---\"");
        assert_eq!(yaml("Sag #4"), "\"Sag #4\"");
        assert_eq!(yaml("\"Citat\" \\ x"), "\"\\\"Citat\\\" \\\\ x\"");
    }

    #[test]
    fn blocks_are_separated_and_lists_kept_together() {
        let mut w = MarkdownWriter::new();
        w.heading(1, "Referat");
        w.paragraph("Mødedato: 1. maj 2024\nSted: Rådhuset");
        w.bold_line("Indstilling");
        w.paragraph("Det indstilles, at udvalget:");
        w.list_item("1.", "Godkender  planen.");
        w.list_item("2.", "Tager\torienteringen til efterretning.");
        w.table_row(&["Projekt".into(), "550.000 kr.".into()]);
        w.table_row(&["I alt".into(), "550.000 kr.".into()]);
        w.page_break();
        w.paragraph("# 5 er ikke en overskrift");
        assert_eq!(
            w.finish(),
            "# Referat\n\nMødedato: 1. maj 2024  \nSted: Rådhuset\n\n**Indstilling**\n\nDet indstilles, at udvalget:\n\n1. Godkender planen.\n2. Tager orienteringen til efterretning.\n\nProjekt\t550.000 kr.\nI alt\t550.000 kr.\n\x0C\\# 5 er ikke en overskrift\n"
        );
    }
}

//! The shape of the text as a whole, and paragraphs.
//!
//! Text from PDFs is wrapped at the page width, sometimes double-spaced (an empty line
//! after every line, a line of spaces between paragraphs), with words split at line ends
//! and page furniture (running headers, page numbers, URLs printed at the foot) in the
//! middle of sentences. Text from Word and Markdown has a paragraph per line. This
//! module tells which, marks the furniture, and rebuilds paragraphs.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::text::{Line, LineKind};

/// What the text as a whole looks like.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    /// Every line is followed by an empty line; paragraphs end at lines of spaces.
    pub double_spaced: bool,
    /// Paragraphs are wrapped over several lines.
    pub wrapped: bool,
    /// The usual width of a full line of wrapped text.
    pub width: u32,
    pub pages: u32,
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ':', ';', ')', '”', '"', '’', '»'])
}

fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

pub(crate) fn analyse(lines: &[Line]) -> Layout {
    let pages = lines.last().map_or(0, |l| l.page) + 1;
    let mut widths: Vec<u32> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text && l.width >= 20)
        .map(|l| l.width)
        .collect();
    widths.sort_unstable();
    let width = widths
        .get(widths.len() * 9 / 10)
        .or(widths.last())
        .copied()
        .unwrap_or(80);

    let mut text_lines = 0usize;
    let mut single_gaps = 0usize;
    let mut gap_continuations = 0usize;
    let mut direct_continuations = 0usize;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        text_lines += 1;
        let next = lines.get(i + 1);
        let after = lines.get(i + 2);
        match (next, after) {
            (Some(n), Some(a))
                if n.kind == (LineKind::Blank { whitespace: false }) && !a.is_blank() =>
            {
                single_gaps += 1;
                if !ends_sentence(&line.text) && starts_lower(&a.text) {
                    gap_continuations += 1;
                }
            }
            _ => {}
        }
        if let Some(n) = next {
            if line.kind == LineKind::Text
                && n.kind == LineKind::Text
                && !ends_sentence(&line.text)
                && starts_lower(&n.text)
            {
                direct_continuations += 1;
            }
        }
    }
    let double_spaced = text_lines >= 10
        && single_gaps * 10 >= text_lines * 6
        && gap_continuations * 100 >= single_gaps * 15;
    let wrapped = double_spaced
        || pages > 1
        || (direct_continuations >= 5 && direct_continuations * 10 >= text_lines);
    Layout {
        double_spaced,
        wrapped,
        width,
        pages,
    }
}

/// Marks page furniture: lines that are only a URL, page numbers, and running headers
/// and footers that repeat at the top or foot of most pages.
pub(crate) fn mark_furniture(lines: &mut [Line], layout: &Layout) {
    // A URL too long for the line wraps; its rest has no spaces and the marks of a
    // URL (`id=8649&guid=…`), and goes with it.
    let mut url_open = false;
    // A bare URL line is furniture in text printed on pages (wrapped at the page
    // width), or where it splits a word; in Markdown and on the web it is text.
    let mut split_word = false;
    for line in lines.iter_mut() {
        if line.is_blank() || line.is_heading() {
            url_open = false;
            continue;
        }
        let rest_of_url = url_open && is_url_rest(&line.text);
        let url = is_url(&line.text);
        let stray_url = url && (layout.wrapped || split_word);
        split_word = line.text.ends_with('-');
        if rest_of_url
            || stray_url
            || is_page_number(&line.text, layout.pages > 1)
            || is_page_chrome(&line.text)
        {
            url_open = rest_of_url || url;
            line.kind = LineKind::Furniture;
        } else {
            url_open = false;
        }
    }
    if layout.pages >= 3 {
        mark_running_heads(lines, layout.pages);
    } else {
        mark_page_footers(lines);
    }
}

/// Text copied from a PDF without its page breaks still carries each page's footer
/// ("Teknik- og Miljøudvalget, 11-02-2025      Side 1 af 3") and the header of the
/// next page: the line that numbers the page, and the lines around it that repeat
/// around every such line, or are a URL.
fn mark_page_footers(lines: &mut [Line]) {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            // "Side 2 af 4", "Page 2 of 4", "sid 2 (3)", "PROTOKOLL    2 (10)".
            r"(?i)(?:^|\s)(?:(?:side|page|sida)\s+\d{1,3}\s*(?:af|of|av|/)\s*\d{1,3}|(?:sid\.?\s+|sida\s+)?\d{1,3}\s*\(\d{1,3}\))\s*$",
        )
    });
    let footers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.kind != LineKind::Furniture
                && !l.is_heading()
                && l.text.len() <= 160
                // Every form ends in the page's number or its count in parentheses.
                && l.text.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == ')')
                && (NUMBERED.is_match(&l.text) || numbered_apart(l))
        })
        .map(|(i, _)| i)
        .collect();
    if footers.is_empty() {
        return;
    }
    let shape = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // The lines right around each numbered line, blank lines aside.
    let around = |at: usize, lines: &[Line]| -> Vec<usize> {
        let before = (at.saturating_sub(3)..at).rev();
        let after = at + 1..(at + 4).min(lines.len());
        before
            .chain(after)
            .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &at in &footers {
        for i in around(at, lines) {
            if let Some(l) = lines.get(i) {
                *seen.entry(shape(&l.text)).or_default() += 1;
            }
        }
    }
    let mut furniture = footers.clone();
    for &at in &footers {
        for i in around(at, lines) {
            let Some(l) = lines.get(i) else { continue };
            // Repeated around every numbered line: a text line ("Godkendt.") may stand
            // next to one or two of them by chance, not next to all.
            let repeats = footers.len() >= 2
                && crate::headings::known(&l.text).is_none()
                && seen
                    .get(&shape(&l.text))
                    .is_some_and(|&n| n >= footers.len());
            if is_url(&l.text) || repeats {
                furniture.push(i);
            }
        }
    }
    for i in furniture {
        if let Some(l) = lines.get_mut(i) {
            l.kind = LineKind::Furniture;
        }
    }
}

/// A footer whose last cell, set apart, numbers the page ("Selskab · Adresse · CVR …
/// | Side 1").
fn numbered_apart(line: &Line) -> bool {
    let LineKind::Table(cells) = &line.kind else {
        return false;
    };
    cells.len() >= 2
        && cells.last().is_some_and(|c| {
            let mut words = c.split_whitespace();
            let page_word = words
                .next()
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "side" | "page" | "sida"));
            let number = words
                .next()
                .is_some_and(|w| w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()));
            page_word && number && words.next().is_none()
        })
}

/// A web page's own links between the items it shows ("Til toppen", "Back to top").
fn is_page_chrome(text: &str) -> bool {
    let t = text.trim().trim_matches(['↑', '▲', '^', '[', ']']).trim();
    t.len() <= 30
        && matches!(
            t.to_lowercase().as_str(),
            "til toppen"
                | "til top"
                | "tilbage til toppen"
                | "gå til toppen"
                | "til toppen af siden"
                | "til toppen av siden"
                | "tilbake til toppen"
                | "till toppen"
                | "tillbaka till toppen"
                | "back to top"
                | "to top"
        )
}

fn is_url(text: &str) -> bool {
    let t = text.trim_matches(['<', '>', '(', ')']);
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

fn is_url_rest(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains(char::is_whitespace)
        && t.contains(['=', '&', '/', '%', '?'])
        && !t.contains("://")
}

fn is_page_number(text: &str, paged: bool) -> bool {
    if text.len() > 24 {
        return false;
    }
    let word = text
        .get(..4)
        .filter(|w| w.eq_ignore_ascii_case("side") || w.eq_ignore_ascii_case("page"));
    let rest = word.and_then(|w| text.get(w.len()..)).map(str::trim_start);
    let explicit = rest.is_some();
    let rest = rest.unwrap_or(text);
    let mut parts = rest
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "af" && *p != "of");
    let Some(first) = parts.next() else {
        return false;
    };
    // Up to three digits: "2025" alone on a line is a year that wrapped, not a page.
    let numeric = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    if !numeric(first) || !parts.all(numeric) {
        return false;
    }
    explicit || paged
}

/// A running header is a line that starts (or ends) most pages, its digits aside
/// ("Side 4", "Dato: 04.12.2012"). Only the leading and trailing run of such lines on a
/// page is furniture: the same words lower down are text.
fn mark_running_heads(lines: &mut [Line], pages: u32) {
    let shape = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut page_ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        let boundary =
            i == lines.len() || lines.get(i).map(|l| l.page) != lines.get(i - 1).map(|l| l.page);
        if boundary {
            page_ranges.push((start, i));
            start = i;
        }
    }
    let edge = |range: (usize, usize), lines: &[Line], from_top: bool| -> Vec<usize> {
        let idx: Vec<usize> = (range.0..range.1)
            .filter(|&i| {
                lines
                    .get(i)
                    .is_some_and(|l| !l.is_blank() || l.kind == LineKind::Furniture)
            })
            .collect();
        if from_top {
            idx.into_iter().take(6).collect()
        } else {
            idx.into_iter().rev().take(4).collect()
        }
    };
    for from_top in [true, false] {
        let mut seen_on: HashMap<String, HashSet<u32>> = HashMap::new();
        for &range in &page_ranges {
            for i in edge(range, lines, from_top) {
                if let Some(l) = lines.get(i) {
                    seen_on.entry(shape(&l.text)).or_default().insert(l.page);
                }
            }
        }
        let threshold = (pages as usize).div_ceil(2).max(3);
        let repeated: HashSet<String> = seen_on
            .into_iter()
            .filter(|(_, p)| p.len() >= threshold)
            .map(|(s, _)| s)
            .collect();
        if repeated.is_empty() {
            continue;
        }
        for &range in &page_ranges {
            let mut used = HashSet::new();
            let edge_lines = edge(range, lines, from_top);
            for (k, &i) in edge_lines.iter().enumerate() {
                let Some(l) = lines.get(i) else { break };
                if l.kind == LineKind::Furniture {
                    continue;
                }
                let s = shape(&l.text);
                // A sub-heading such as "Referat" or "Indstilling:" may open several
                // pages by chance; it is furniture only inside a repeated block.
                let heading = crate::headings::known(&l.text).is_some();
                if crate::outline::is_marked_item(&l.text) {
                    break;
                }
                let in_block = !heading || {
                    let neighbour = |j: Option<&usize>| {
                        j.and_then(|&j| lines.get(j)).is_some_and(|n| {
                            crate::headings::known(&n.text).is_none()
                                && (n.kind == LineKind::Furniture
                                    || repeated.contains(&shape(&n.text)))
                        })
                    };
                    neighbour(k.checked_sub(1).and_then(|p| edge_lines.get(p)))
                        || neighbour(edge_lines.get(k + 1))
                };
                if in_block && repeated.contains(&s) && used.insert(s) {
                    if let Some(l) = lines.get_mut(i) {
                        l.kind = LineKind::Furniture;
                    }
                } else {
                    break;
                }
            }
        }
    }
}

/// The words of the document, for deciding whether a line-end hyphen splits a word or
/// belongs to it: if the document writes `peer-medarbejder` elsewhere, the hyphen stays.
pub(crate) struct Vocabulary<'a> {
    text: &'a str,
    words: OnceCell<HashSet<String>>,
}

impl<'a> Vocabulary<'a> {
    pub fn new(text: &'a str) -> Vocabulary<'a> {
        Vocabulary {
            text,
            words: OnceCell::new(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.words
            .get_or_init(|| {
                self.text
                    .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .filter(|w| w.len() > 2)
                    .map(str::to_lowercase)
                    .collect()
            })
            .contains(word)
    }
}

/// Joins the next line of a paragraph to what came before, mending a word split by a
/// line-end hyphen.
pub(crate) fn join_line(acc: &mut String, next: &str, vocab: &Vocabulary<'_>) {
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    let Some(stem) = acc.strip_suffix('-') else {
        acc.push(' ');
        acc.push_str(next);
        return;
    };
    let head_start = stem
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |i| {
            i + stem[i..].chars().next().map_or(1, char::len_utf8)
        });
    let head = stem.get(head_start..).unwrap_or("");
    let tail_word: String = next
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    let first_next = next.split(' ').next().unwrap_or("").to_lowercase();
    let head_lower = head.to_lowercase();
    let tail_lower = tail_word.to_lowercase();
    let last_head_char = head.chars().last();
    let keep_with_space = matches!(
        first_next.as_str(),
        "og" | "eller" | "samt" | "el." | "&" | "til"
    );
    if head.is_empty() || !last_head_char.is_some_and(char::is_alphanumeric) || keep_with_space {
        // A dash or a suspended compound ("Sundheds- og …"): keep it and the space.
        acc.push(' ');
        acc.push_str(next);
        return;
    }
    let keep_hyphen = vocab.contains(&format!("{head_lower}-{tail_lower}"))
        || (!vocab.contains(&format!("{head_lower}{tail_lower}"))
            && (last_head_char.is_some_and(|c| c.is_ascii_digit())
                || head.chars().count() == 1
                || (head.chars().count() >= 2 && head.chars().all(|c| !c.is_lowercase()))
                || next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || head_lower == "ikke"));
    if keep_hyphen {
        acc.push_str(next);
    } else {
        acc.pop();
        acc.push_str(next);
    }
}

/// A paragraph: lines joined, with where it came from.
#[derive(Clone, Debug)]
pub(crate) struct Para {
    pub text: String,
    pub kind: ParaKind,
    pub first: u32,
    pub last: u32,
    /// Index range of the lines in the slice it was built from.
    pub lines: (usize, usize),
    /// Leading spaces of its first line.
    pub indent: u32,
    /// The link that is the whole of a one-line paragraph (its line's).
    pub link: Option<String>,
}

#[cfg(test)]
impl Para {
    /// A paragraph of running text, for tests of what reads paragraphs.
    pub(crate) fn text(text: &str) -> Para {
        Para {
            text: text.to_string(),
            kind: ParaKind::Text,
            first: 0,
            last: 0,
            lines: (0, 0),
            indent: 0,
            link: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParaKind {
    Text,
    /// A list item; the text keeps a number or letter but not a bullet.
    ListItem {
        bullet: bool,
    },
    Table,
    Heading,
}

/// Builds paragraphs from a run of lines.
pub(crate) fn paragraphs(lines: &[Line], layout: &Layout, vocab: &Vocabulary<'_>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let flush = |cur: &mut Option<Para>, out: &mut Vec<Para>| {
        if let Some(p) = cur.take() {
            if !p.text.is_empty() {
                out.push(p);
            }
        }
    };
    let short_limit = layout.width * 4 / 5;
    // The right margin: the width of a full line, here or in the document. A line that
    // stops well short of it, before a line that starts a sentence, ended its
    // paragraph even without a full stop (minutes typed a statement a line).
    let margin = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .map(|l| l.width)
        .max()
        .unwrap_or(0)
        .max(layout.width);
    let mut prev_name_only = false;
    for (i, line) in lines.iter().enumerate() {
        let start = |kind: ParaKind| Para {
            text: line.text.clone(),
            kind,
            first: line.no,
            last: line.no,
            lines: (i, i + 1),
            indent: line.indent,
            link: line.link.clone(),
        };
        match &line.kind {
            LineKind::Furniture | LineKind::Meta => continue,
            LineKind::Rule => {
                flush(&mut cur, &mut out);
                continue;
            }
            LineKind::Blank { whitespace } => {
                if *whitespace || !layout.double_spaced {
                    flush(&mut cur, &mut out);
                }
                continue;
            }
            LineKind::Heading(_) | LineKind::Bold => {
                flush(&mut cur, &mut out);
                out.push(start(ParaKind::Heading));
                continue;
            }
            LineKind::Table(_) => {
                flush(&mut cur, &mut out);
                out.push(start(ParaKind::Table));
                continue;
            }
            LineKind::Bullet | LineKind::Check(_) => {
                flush(&mut cur, &mut out);
                cur = Some(start(ParaKind::ListItem { bullet: true }));
            }
            LineKind::Numbered(_) | LineKind::Lettered(_) => {
                flush(&mut cur, &mut out);
                cur = Some(start(ParaKind::ListItem { bullet: false }));
            }
            LineKind::Text => match cur.as_mut() {
                Some(p) if !starts_new_paragraph(p, line, layout, prev_name_only) => {
                    join_line(&mut p.text, &line.text, vocab);
                    p.last = line.no;
                    p.lines.1 = i + 1;
                    p.link = None;
                }
                _ => {
                    flush(&mut cur, &mut out);
                    cur = Some(start(ParaKind::Text));
                }
            },
        }
        let next_starts_sentence = lines
            .get(i + 1)
            .is_some_and(|n| n.kind == LineKind::Text && n.text.starts_with(char::is_uppercase));
        let short_end = layout.wrapped
            && ((line.width < short_limit && ends_sentence(&line.text))
                || (!layout.double_spaced
                    && line.kind == LineKind::Text
                    && line.width + 10 < margin
                    && next_starts_sentence
                    && !line.text.ends_with([',', '-', '–', ':'])));
        // Lines that are only a person's name, one after another, are a list of names
        // (an apologies list), not running text.
        prev_name_only = is_name_only(line);
        if line.hard_break || short_end {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    mend_broken_paragraphs(out, vocab)
}

/// Whether a line of text begins a paragraph of its own rather than going on with `p`.
fn starts_new_paragraph(p: &Para, line: &Line, layout: &Layout, prev_name_only: bool) -> bool {
    opens_paragraph(&line.text)
        || ends_list_item(p, line, layout)
        || (prev_name_only && starts_with_name_entry(line))
}

fn is_name_only(line: &Line) -> bool {
    line.kind == LineKind::Text && line.text.len() <= 60 && crate::names::is_name(&line.text)
}

/// A line that starts with a name and then a role or a note: "Rikke Albrechtsen
/// (direktør … deltog i stedet)", "Jens Hansen, formand".
fn starts_with_name_entry(line: &Line) -> bool {
    if line.kind != LineKind::Text {
        return false;
    }
    let words: Vec<&str> = line.text.split_whitespace().take(8).collect();
    let n = crate::names::name_prefix(&words);
    n >= 2
        && (n == words.len()
            || words.get(n - 1).is_some_and(|w| w.ends_with(','))
            || words.get(n).is_some_and(|w| w.starts_with(['(', '–', '-'])))
}

/// In wrapped text a list item goes on in lines that start in lower case; a line that
/// starts a sentence after it is the text after the list ("… sundhedsvæsenet" /
/// "Indstillingen blev fulgt.").
fn ends_list_item(p: &Para, line: &Line, layout: &Layout) -> bool {
    layout.wrapped
        && matches!(p.kind, ParaKind::ListItem { .. })
        && line.text.starts_with(char::is_uppercase)
        && !p.text.ends_with(['-', ','])
        // A hanging indent carries the item on.
        && line.indent <= p.indent
}

/// Lines that open a paragraph even in wrapped text: the lead-in of a recommendation.
fn opens_paragraph(text: &str) -> bool {
    let starts = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    // "2012-208960 - Title": a document number opens an entry of an attachment list.
    let numbered_document = {
        let b = text.as_bytes();
        b.len() > 8
            && b.iter().take(4).all(u8::is_ascii_digit)
            && matches!(b.get(4), Some(b'-'))
            && b.get(5).is_some_and(u8::is_ascii_digit)
    };
    numbered_document
        || starts("det indstilles")
        || starts("det foreslås, at")
        || text
            .split_whitespace()
            .take(4)
            .skip(1)
            .any(|w| w.trim_end_matches(',').eq_ignore_ascii_case("indstiller"))
}

/// An export sometimes breaks a paragraph in two mid-sentence ("… at der" / "ikke er
/// behov …"); a paragraph that stops without punctuation before one that starts in lower
/// case is one paragraph.
fn mend_broken_paragraphs(paras: Vec<Para>, vocab: &Vocabulary<'_>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    for p in paras {
        if let Some(prev) = out.last_mut() {
            let joinable = matches!(prev.kind, ParaKind::Text | ParaKind::ListItem { .. })
                && p.kind == ParaKind::Text
                && !ends_sentence(&prev.text)
                && !prev.text.ends_with(',')
                && starts_lower(&p.text);
            if joinable {
                join_line(&mut prev.text, &p.text, vocab);
                prev.last = p.last;
                prev.lines.1 = p.lines.1;
                prev.link = None;
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// Paragraph texts joined as the record writes them.
pub(crate) fn join_paragraphs(paras: &[Para]) -> String {
    let mut out = String::new();
    for p in paras {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookalike::LetterPairs;
    use crate::text::{self, Folding};

    fn paras(src: &str) -> Vec<String> {
        let pairs = LetterPairs::default();
        let mut folding = Folding {
            pairs: &pairs,
            found: Vec::new(),
        };
        let mut lines = text::lines(src, &mut folding);
        let layout = analyse(&lines);
        mark_furniture(&mut lines, &layout);
        let vocab = Vocabulary::new(src);
        paragraphs(&lines, &layout, &vocab)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    fn joined(a: &str, b: &str, doc: &str) -> String {
        let vocab = Vocabulary::new(doc);
        let mut acc = a.to_string();
        join_line(&mut acc, b, &vocab);
        acc
    }

    #[test]
    fn hyphenation() {
        assert_eq!(
            joined("uanset bopælskom-", "mune, og", ""),
            "uanset bopælskommune, og"
        );
        assert_eq!(
            joined("med dig/bor-", "geren om", ""),
            "med dig/borgeren om"
        );
        assert_eq!(
            joined("de fag-", "lige-strategiske", ""),
            "de faglige-strategiske"
        );
        assert_eq!(
            joined("Sundheds-", "og Forebyggelsesudvalget", ""),
            "Sundheds- og Forebyggelsesudvalget"
        );
        assert_eq!(
            joined("ikke-", "planlagte opgaver", ""),
            "ikke-planlagte opgaver"
        );
        assert_eq!(
            joined("en 6-", "måneders periode", ""),
            "en 6-måneders periode"
        );
        assert_eq!(joined("for IT-", "afdelingen", ""), "for IT-afdelingen");
        assert_eq!(
            joined("Henrik Aarup-", "Kristensen", ""),
            "Henrik Aarup-Kristensen"
        );
        assert_eq!(
            joined("peer-", "medarbejder", "en peer-medarbejder og"),
            "peer-medarbejder"
        );
        assert_eq!(
            joined("det skal væ-", "re enkelt", ""),
            "det skal være enkelt"
        );
        assert_eq!(joined("teknisk –", "det skal", ""), "teknisk – det skal");
    }

    #[test]
    fn a_url_in_markdown_is_text() {
        let ps = paras("Se beslutningen:\n\nhttps://example.dk/beslutninger/1.md\n\nNæste afsnit.");
        assert_eq!(
            ps,
            [
                "Se beslutningen:",
                "https://example.dk/beslutninger/1.md",
                "Næste afsnit."
            ]
        );
    }

    #[test]
    fn a_wrapped_url_goes_whole() {
        let ps = paras(
            // Two printed pages: a URL printed at a page foot.
            "Det skal være enkelt.\n\nhttps://dokumenter.example.dk/publishing/punkt.aspx?\nid=1234&sagguid=0c0ffee1\n\x0CNæste afsnit, om id=1 og a/b.",
        );
        assert_eq!(
            ps,
            ["Det skal være enkelt.", "Næste afsnit, om id=1 og a/b."]
        );
    }

    #[test]
    fn double_spaced_pdf_text() {
        let mut src = String::new();
        for _ in 0..4 {
            src.push_str("Den nationale pulje er ikke åbnet for ansøgninger \n\nendnu, og det vides ikke med sikkerhed hvornår den åbner og \n\nheller ikke hvilke kriterier der bliver.  \n\nDagsorden blev godkendt. \n\n \n\n");
        }
        let ps = paras(&src);
        assert_eq!(ps.len(), 8, "{ps:#?}");
        assert_eq!(
            ps[0],
            "Den nationale pulje er ikke åbnet for ansøgninger endnu, og det vides ikke med sikkerhed hvornår den åbner og heller ikke hvilke kriterier der bliver."
        );
        assert_eq!(ps[1], "Dagsorden blev godkendt.");
    }

    #[test]
    fn broken_paragraphs_are_mended() {
        let ps =
            paras("Der var enighed om, at der\n\nikke er behov for et værksted.\n\nNæste afsnit.");
        assert_eq!(
            ps,
            [
                "Der var enighed om, at der ikke er behov for et værksted.",
                "Næste afsnit."
            ]
        );
    }

    #[test]
    fn urls_at_page_foot_are_furniture() {
        let ps = paras(
            "• Der blev opfordret til fæl-\nhttps://dokumenter.rn.dk/edocPunkt.aspx?id=8649\nles retningslinjer\n",
        );
        assert_eq!(ps, ["Der blev opfordret til fælles retningslinjer"]);
    }

    #[test]
    fn a_footer_set_apart_with_its_page_number() {
        let src = "Bestyrelsesmøde\n\nBilag:\n\n  - Budget 2026\n\nSelskab I/S · Vejen 4 · CVR 12 34 56 78                 Side 1\n\x0C\n4. Udbud\n\nGodkendt.\n\nSelskab I/S · Vejen 4 · CVR 12 34 56 78                 Side 2\n\x0C";
        let ps = paras(src);
        assert!(!ps.iter().any(|p| p.contains("CVR")), "{ps:?}");
    }

    #[test]
    fn page_numbers_and_running_heads() {
        let bodies = [
            "Referat\n\nSundheds- og Forebyggelsesudvalget\n\nMødet blev holdt i salen.",
            "Bygningssynet er afsluttet.",
            "Planen søges godkendt.",
            "Der planlægges et øget fokus.",
        ];
        let mut src = String::new();
        for (page, body) in bodies.iter().enumerate() {
            src.push_str(&format!(
                "Sundheds- og Forebyggelsesudvalget\nReferat\nDato: 04.12.2012\nSide {}\n\n{body}\n\x0C",
                page + 1
            ));
        }
        let ps = paras(&src);
        assert_eq!(
            ps,
            [
                "Referat",
                "Sundheds- og Forebyggelsesudvalget",
                "Mødet blev holdt i salen.",
                "Bygningssynet er afsluttet.",
                "Planen søges godkendt.",
                "Der planlægges et øget fokus."
            ]
        );
    }
}

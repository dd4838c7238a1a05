//! The outline of a document: its table of contents and its agenda items.
//!
//! Item headings come in many forms (`Punkt 3: Title`, `3. Title – kl. 15.05 – 15.25`,
//! `## 3) Title`, `## **3. Title**`), and the same shapes are used by numbered lists
//! inside items. Every line that could head an item is a candidate with a weight for how
//! much it looks like one (markup, a `Punkt` prefix, a time slot, a match in the table
//! of contents); the items are the chain of candidates numbered 1, 2, 3, … (or
//! continuing from any number, with gaps where closed items were left out) of greatest
//! weight, found by dynamic programming.

use std::sync::LazyLock;

use referat_model::ClockTime;
use regex::Regex;

use crate::dates;
use crate::headings;
use crate::text::{Line, LineKind};

/// One agenda item heading.
#[derive(Clone, Debug)]
pub(crate) struct ItemHeading {
    /// Index of the heading line.
    pub line: usize,
    /// Index after the last line of the heading (titles can wrap).
    pub body_start: usize,
    pub number: u32,
    pub title: String,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub duration_min: Option<u32>,
    /// Marked closed in the heading (`Punkt 3 (Lukket): …`).
    pub closed: bool,
    /// A presenter line right under the heading (`v/ Klaus Larsen`).
    pub byline: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// Indices of the lines of the table of contents.
    pub toc: Vec<usize>,
    pub items: Vec<ItemHeading>,
}

static TOC_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|…+|\s{3,})\s*(?P<page>\d{1,3})$")
});

static PUNKT: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)^(?:punkt|pkt\.?|dagsordenspunkt|sag nr\.?|ad(?:\s+pkt\.?|\s+punkt)?)\s*(?P<n>\d{1,4})\s*(?:[:.)\-–—]\s*|\s+|$)(?P<title>.*)$",
    )
});

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?P<n>\d{1,4})\s*[.)]\s*(?P<title>[^\d\s].*)$"));

static NUMBER_SPACE: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?P<n>\d{1,4})\s+(?P<title>\p{Lu}.*)$"));

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)\s*(?:[-–—,]\s*|\(\s*)(?P<n>\d{1,3})\s*(?:min\b\.?|minutter\b)\s*\)?\s*\.*\s*$",
    )
});

static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^\(?v\s?(?:\./|/|\.)\s*\p{Lu}"));

static BARE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(r"^(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–—]\s*\d{1,2}[.:]\d{2})?$")
});

/// The table of contents: runs of lines ending in page numbers after dotted leaders or
/// wide gaps, and the heading above them.
fn table_of_contents(lines: &[Line]) -> (Vec<usize>, Vec<String>) {
    let mut toc = Vec::new();
    let mut titles = Vec::new();
    contents_under_heading(lines, &mut toc, &mut titles);
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = toc_title(lines, i) else {
            i += 1;
            continue;
        };
        let mut run = vec![i];
        let mut run_titles = vec![first];
        let mut j = i + 1;
        let mut last_entry = i;
        while j < lines.len() && j <= last_entry + 4 {
            let Some(line) = lines.get(j) else { break };
            if let Some(t) = toc_title(lines, j) {
                run.push(j);
                run_titles.push(t);
                last_entry = j;
            } else if !line.is_blank() && j == last_entry + 1 && line.indent > 2 {
                // A wrapped entry ("… hverdagsrehabilitering for" / "   ældre  10").
                run.push(j);
            } else if !line.is_blank() {
                break;
            }
            j += 1;
        }
        if run_titles.len() >= 2 {
            // The heading above ("Indholdsfortegnelse") belongs to it.
            if let Some(h) = (0..i)
                .rev()
                .find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()))
            {
                if lines.get(h).is_some_and(|l| {
                    let t = l.text.to_lowercase();
                    t.starts_with("indholdsfortegnelse") || t == "indhold" || t == "dagsorden"
                }) {
                    toc.push(h);
                }
            }
            toc.extend(run);
            titles.extend(run_titles);
            i = last_entry + 1;
        } else {
            i += 1;
        }
    }
    toc.sort_unstable();
    toc.dedup();
    (toc, titles)
}

/// A table of contents under its heading whose page numbers were split off the titles
/// (text extracted from PDFs without layout): the numbered lines that follow, with
/// their wrapped tails, bare page numbers and "Åbent/Lukket referat" sub-headings.
fn contents_under_heading(lines: &[Line], toc: &mut Vec<usize>, titles: &mut Vec<String>) {
    let Some(h) = lines.iter().take(400).position(|l| {
        let t = l.text.trim_end_matches(':');
        t.eq_ignore_ascii_case("indholdsfortegnelse") || t.eq_ignore_ascii_case("indhold")
    }) else {
        return;
    };
    let mut run = vec![h];
    let mut run_titles = Vec::new();
    let mut last_numbered = false;
    for (k, l) in lines.iter().enumerate().skip(h + 1) {
        if l.is_blank() {
            continue;
        }
        let lower = l.text.to_lowercase();
        let numbered_entry =
            matches!(l.kind, LineKind::Numbered(_)) && toc_title(lines, k).is_none();
        let page_number = l.text.len() <= 3 && l.text.bytes().all(|b| b.is_ascii_digit());
        let section = matches!(
            lower.as_str(),
            "åbent referat"
                | "lukket referat"
                | "åben dagsorden"
                | "lukket dagsorden"
                | "åbne punkter"
                | "lukkede punkter"
        );
        let tail = last_numbered
            && l.text.starts_with(char::is_lowercase)
            && l.text.split_whitespace().count() <= 4;
        if numbered_entry {
            run_titles.push(comparable(&l.text));
        } else if !(page_number || section || tail) {
            break;
        }
        last_numbered = numbered_entry;
        run.push(k);
    }
    // Only a real list: several entries, or the first item would be taken for one.
    if run_titles.len() >= 2 && run.len() > run_titles.len() {
        let has_pages = run.iter().any(|&k| {
            lines
                .get(k)
                .is_some_and(|l| l.text.bytes().all(|b| b.is_ascii_digit()))
        });
        if has_pages {
            toc.extend(run);
            titles.extend(run_titles);
        }
    }
}

fn toc_title(lines: &[Line], i: usize) -> Option<String> {
    let line = lines.get(i)?;
    // An entry has a page number at the end.
    if !line.text.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let text = match &line.kind {
        LineKind::Table(cells) if cells.len() == 2 => {
            let page = cells.last()?;
            if !page.bytes().all(|b| b.is_ascii_digit()) || page.len() > 3 {
                return None;
            }
            cells.first()?.trim_end_matches(['.', '…', ' ']).to_string()
        }
        LineKind::Text | LineKind::Numbered(_) | LineKind::Heading(_) | LineKind::Bold => {
            // The cleaned text has single spaces; look at the raw gaps through the
            // leaders, which survive cleaning.
            let caps = TOC_ENTRY.captures(&line.text)?;
            let title = caps.name("title")?.as_str();
            let leaders = line.text.len() - title.len() > 4
                && line.text.get(title.len()..)?.contains(['.', '…']);
            if !leaders {
                return None;
            }
            title.trim_end_matches(['.', '…', ' ']).to_string()
        }
        _ => return None,
    };
    (!text.is_empty()).then(|| comparable(&text))
}

/// A title reduced for comparison: lower case, no number, timing or punctuation.
fn comparable(title: &str) -> String {
    let (_, rest) = split_number(title).unwrap_or((0, title));
    let cleaned = clean_title(rest).0;
    cleaned
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number and the rest of a heading text, for both `Punkt 3: X` and `3. X`.
fn split_number(text: &str) -> Option<(u32, &str)> {
    let caps = PUNKT.captures(text).or_else(|| NUMBERED.captures(text))?;
    let n = caps.name("n")?.as_str().parse().ok()?;
    let title = caps.name("title")?;
    Some((n, text.get(title.start()..)?))
}

/// Removes timing and trailing dots from a title; returns the title, the time slot and
/// the duration.
pub(crate) fn clean_title(
    title: &str,
) -> (String, Option<ClockTime>, Option<ClockTime>, Option<u32>) {
    let mut t = title.trim().to_string();
    let mut duration = None;
    if let Some(caps) = DURATION.captures(&t) {
        duration = caps.name("n").and_then(|m| m.as_str().parse().ok());
        if let Some(m) = caps.get(0) {
            t.truncate(m.start());
        }
    }
    let (mut start, mut end) = (None, None);
    if let Some(span) = dates::time_span(&t) {
        // Only a slot at the end of the title is timing; "12:12 Seminar" is a name.
        let tail = t.get(span.range.1..).unwrap_or("").trim();
        if tail.is_empty() || tail.chars().all(|c| matches!(c, '.' | ')' | ' ')) {
            start = Some(span.start);
            end = span.end;
            let mut cut = span.range.0;
            let head = t.get(..cut).unwrap_or("").trim_end();
            let head = head.trim_end_matches(['-', '–', '—', ',', '(']).trim_end();
            cut = head.len();
            t.truncate(cut);
        }
    }
    let t = t
        .trim_end_matches(|c: char| c == '.' || c == '…' || c.is_whitespace())
        .trim_end_matches([' ', '-', '–', '—'])
        .trim()
        .to_string();
    (t, start, end, duration)
}

struct Candidate {
    line: usize,
    number: u32,
    /// The title as written after the number.
    title: String,
    /// The line the title is on: the heading line, or the next one when the number
    /// stands alone (`1.` / `Meddelelser`).
    title_line: usize,
    weight: f32,
    strong: bool,
}

static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?:(?i:punkt|pkt\.?)\s*)?(?P<n>\d{1,4})\s*[.):]?$"));

fn candidate(lines: &[Line], i: usize, toc_titles: &[String]) -> Option<Candidate> {
    let line = lines.get(i)?;
    let marked = line.is_heading();
    if !marked && !matches!(line.kind, LineKind::Text | LineKind::Numbered(_)) {
        return None;
    }
    let text = line.text.as_str();
    // Every heading form starts with a digit or with "Punkt", "Pkt.", "Ad",
    // "Dagsordenspunkt" or "Sag".
    let starts_right = text.as_bytes().first().is_some_and(|b| {
        b.is_ascii_digit() || matches!(b.to_ascii_lowercase(), b'p' | b'a' | b'd' | b's')
    });
    if !starts_right {
        return None;
    }
    let mut title_line = i;
    let (number, title, punkt): (u32, String, bool) = if let Some(c) = BARE_NUMBER.captures(text) {
        // "1." alone, the title on the next line.
        let next = next_content(lines, i + 1)?;
        let t = lines.get(next)?;
        let plausible = matches!(
            t.kind,
            LineKind::Text | LineKind::Heading(_) | LineKind::Bold
        ) && t.text.starts_with(char::is_uppercase)
            && t.text.split_whitespace().count() <= 20
            && headings::known(&t.text).is_none()
            && next <= i + 3;
        if !plausible {
            return None;
        }
        title_line = next;
        (
            c.name("n")?.as_str().parse().ok()?,
            t.text.clone(),
            text.to_lowercase().starts_with('p'),
        )
    } else if let Some(c) = PUNKT.captures(text) {
        (
            c.name("n")?.as_str().parse().ok()?,
            c.name("title")?.as_str().to_string(),
            true,
        )
    } else if let Some(c) = NUMBERED.captures(text) {
        (
            c.name("n")?.as_str().parse().ok()?,
            c.name("title")?.as_str().to_string(),
            false,
        )
    } else if marked {
        let c = NUMBER_SPACE.captures(text)?;
        (
            c.name("n")?.as_str().parse().ok()?,
            c.name("title")?.as_str().to_string(),
            false,
        )
    } else {
        return None;
    };
    let title = title.as_str();
    if number == 0 {
        return None;
    }
    let first_word = title.split_whitespace().next().unwrap_or("");
    if dates::month_number(first_word).is_some() {
        return None;
    }
    let words = title.split_whitespace().count();
    let (clean, start, _, duration) = clean_title(title);
    let timed = start.is_some() || duration.is_some() || title.trim_end().ends_with("kl.");
    let in_toc = !toc_titles.is_empty() && {
        let c = comparable(title);
        c.len() >= 4
            && toc_titles.iter().any(|t| {
                *t == c || (c.len() >= 12 && (t.starts_with(&c) || c.starts_with(t.as_str())))
            })
    };
    let mut weight = 1.0;
    if marked {
        weight += 10.0;
    }
    if punkt {
        weight += 10.0;
    }
    if timed {
        weight += 6.0;
    }
    if in_toc {
        weight += 8.0;
    }
    if !marked && !punkt && !timed && !in_toc {
        // A plain numbered line is most often a list item: count it only when it
        // stands apart from lists and reads like a title.
        if clean.chars().next().is_some_and(char::is_lowercase) || words > 20 || clean.is_empty() {
            return None;
        }
        if in_list_context(lines, i) || line.indent >= 4 {
            // In list context, or indented like a list item in layout text.
            weight = 0.1;
        } else if clean.ends_with('.') {
            weight = 0.5;
        }
    }
    if clean.is_empty() && !punkt {
        return None;
    }
    Some(Candidate {
        line: i,
        number,
        title: title.to_string(),
        title_line,
        weight,
        strong: weight >= 5.0,
    })
}

/// Whether a numbered line sits in a list: after a lead-in ending in a colon, or next
/// to another list item.
fn in_list_context(lines: &[Line], i: usize) -> bool {
    let prev = (0..i)
        .rev()
        .find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()));
    let next = (i + 1..lines.len()).find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()));
    let prev_line = prev.and_then(|k| lines.get(k));
    let next_line = next.and_then(|k| lines.get(k));
    prev_line.is_some_and(|l| l.is_list_item() || l.text.ends_with(':'))
        || next_line
            .is_some_and(|l| matches!(l.kind, LineKind::Numbered(_) | LineKind::Lettered(_)))
}

/// Finds the table of contents and the agenda items.
pub(crate) fn outline(lines: &[Line]) -> Outline {
    let (toc, toc_titles) = table_of_contents(lines);
    let in_toc = |i: usize| toc.binary_search(&i).is_ok();
    let candidates: Vec<Candidate> = (0..lines.len())
        .filter(|&i| !in_toc(i))
        .filter_map(|i| candidate(lines, i, &toc_titles))
        .collect();

    // best[k]: weight of the best chain ending at candidate k, and its predecessor.
    const MAX_GAP: u32 = 10;
    let mut best: Vec<(f32, Option<usize>)> = Vec::with_capacity(candidates.len());
    // For each item number, the best chain so far ending at a candidate with it.
    let mut by_number: std::collections::HashMap<u32, (f32, usize, bool)> =
        std::collections::HashMap::new();
    for (k, c) in candidates.iter().enumerate() {
        let mut score = c.weight;
        let mut prev = None;
        if let Some(&(s, p, _)) = c.number.checked_sub(1).and_then(|n| by_number.get(&n)) {
            if s + c.weight > score {
                score = s + c.weight;
                prev = Some(p);
            }
        }
        if c.strong {
            for gap in 2..=MAX_GAP {
                let Some(n) = c.number.checked_sub(gap) else {
                    break;
                };
                if let Some(&(s, p, strong)) = by_number.get(&n) {
                    let cand = s + c.weight - 2.0 * (gap - 1) as f32;
                    if strong && cand > score {
                        score = cand;
                        prev = Some(p);
                    }
                }
            }
        }
        best.push((score, prev));
        let entry = by_number.entry(c.number).or_insert((f32::MIN, k, c.strong));
        if score > entry.0 {
            *entry = (score, k, c.strong);
        }
    }
    let Some(end) = best
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
        .map(|(k, _)| k)
    else {
        return Outline {
            toc,
            items: Vec::new(),
        };
    };
    let mut chain = vec![end];
    let mut at = end;
    while let Some(p) = best.get(at).and_then(|b| b.1) {
        chain.push(p);
        at = p;
    }
    chain.reverse();
    let strong = chain
        .iter()
        .any(|&k| candidates.get(k).is_some_and(|c| c.strong));
    if !strong && chain.len() < 2 {
        return Outline {
            toc,
            items: Vec::new(),
        };
    }
    let items = chain
        .into_iter()
        .filter_map(|k| candidates.get(k))
        .filter_map(|c| heading(lines, c))
        .collect();
    Outline { toc, items }
}

/// The width of the widest of the next few lines of running text: what a full line
/// is, near here.
fn body_width(lines: &[Line], from: usize) -> u32 {
    lines
        .iter()
        .skip(from)
        .filter(|l| l.kind == LineKind::Text)
        .take(6)
        .map(|l| l.width)
        .max()
        .unwrap_or(0)
}

/// The next line with text from `from` on, past empty lines and page furniture (an item
/// heading at a page foot has its text on the next page).
fn next_content(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len().min(from + 40)).find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()))
}

fn heading(lines: &[Line], c: &Candidate) -> Option<ItemHeading> {
    let line = lines.get(c.title_line)?;
    let mut title = c.title.clone();
    let mut body_start = c.title_line + 1;
    // Titles wrapped onto the next line: a dangling "kl." or dash, a time slot alone on
    // the next line, or (in wrapped text) a short lower-case tail.
    if let Some(next) = next_content(lines, c.title_line + 1) {
        if let Some(n) = lines.get(next) {
            let dangling = title.ends_with(" kl.") || title.ends_with('–') || title.ends_with('-');
            let time_alone = BARE_TIME.is_match(&n.text);
            let lower_tail = !line.is_heading()
                && n.kind == LineKind::Text
                && n.text.chars().next().is_some_and(char::is_lowercase)
                && n.text.split_whitespace().count() <= 6
                && !title.ends_with(['.', ':'])
                && !n.text.ends_with(':')
                && headings::known(&n.text).is_none();
            let digit_next = n.text.starts_with(|c: char| c.is_ascii_digit());
            // "v/ Name" under a heading is its byline (taken below), never the rest of
            // its title, however full the heading's line.
            let byline_next = BYLINE.is_match(&n.text);
            // A title that filled its line, with the rest of it right under it: a few
            // last words ("… Samarbejdsudvalg for Ældreområdet" / "Syd"), or a
            // lower-case tail ("… hjemmeplejeordningen" / "for borgere i landdistrikterne.").
            let lower = n.text.starts_with(char::is_lowercase);
            let words = n.text.split_whitespace().count();
            let filled_line = next == c.title_line + 1
                && n.kind == LineKind::Text
                && (words <= 3 || (lower && words <= 12))
                && (lower || !n.text.ends_with(['.', ':', ';', ',']))
                && !n.text.ends_with(':')
                && !n.text.chars().any(|ch| ch.is_ascii_digit())
                && !title.ends_with(['.', ':'])
                && headings::known(&n.text).is_none()
                && {
                    let body = body_width(lines, next + 1);
                    body > n.width && line.width * 10 >= body * 7
                };
            if !byline_next && (time_alone || lower_tail || filled_line || (dangling && digit_next))
            {
                title.push(' ');
                title.push_str(&n.text);
                body_start = next + 1;
            }
        }
    }
    // Case numbers and earlier treatments under the heading are the item's metadata.
    while let Some(next) = next_content(lines, body_start) {
        match lines.get(next) {
            Some(n) if headings::is_case_metadata(&n.text) => body_start = next + 1,
            _ => break,
        }
    }
    // "v/ Klaus Larsen" under the heading belongs to the heading.
    let mut byline = None;
    if let Some(next) = next_content(lines, body_start) {
        if let Some(n) = lines.get(next) {
            if BYLINE.is_match(&n.text) && n.text.split_whitespace().count() <= 12 {
                byline = Some(n.text.clone());
                body_start = next + 1;
            }
        }
    }
    let (title, closed) = closed_marker(&title);
    let (title, start, end, duration_min) = clean_title(&title);
    Some(ItemHeading {
        line: c.line,
        body_start,
        number: c.number,
        title,
        start,
        end,
        duration_min,
        closed,
        byline,
    })
}

/// "(Lukket): Køb af ejendom", "Lukket punkt: …", "Køb af ejendom (lukket)".
fn closed_marker(title: &str) -> (String, bool) {
    static CLOSED: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            r"(?i)^\s*\(\s*lukket(?:\s+punkt|\s+sag)?\s*\)\s*[:.\-–]?\s*|^\s*lukket\s+(?:punkt|sag)\s*[:.\-–]\s*|\s*[-–(]\s*lukket(?:\s+punkt|\s+sag)?\s*\)?\s*$",
        )
    });
    match CLOSED.find(title) {
        Some(m) => {
            let mut t = title.to_string();
            t.replace_range(m.range(), "");
            (t.trim().to_string(), true)
        }
        None => (title.to_string(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_timing() {
        let (t, s, e, d) = clean_title("Velkomst – kl. 15.00 – 15.05");
        assert_eq!(t, "Velkomst");
        assert_eq!(
            (s.unwrap().to_string(), e.unwrap().to_string()),
            ("15:00".into(), "15:05".into())
        );
        assert!(d.is_none());
        let (t, s, _, d) = clean_title("Drøftelse vedr. Sundhedsreform og evaluering - 40 min");
        assert_eq!(
            (t.as_str(), s, d),
            (
                "Drøftelse vedr. Sundhedsreform og evaluering",
                None,
                Some(40)
            )
        );
        let (t, s, _, _) = clean_title("Foreløbigt program 12:12 Seminar");
        assert_eq!((t.as_str(), s), ("Foreløbigt program 12:12 Seminar", None));
        let (t, ..) = clean_title("Drøftelse af muligheden for etablering i Nordklyngen.");
        assert_eq!(t, "Drøftelse af muligheden for etablering i Nordklyngen");
        let (t, ..) = clean_title("Mødedeltagere.....");
        assert_eq!(t, "Mødedeltagere");
        let (t, _, _, d) = clean_title("Velkomst (5 min.)");
        assert_eq!((t.as_str(), d), ("Velkomst", Some(5)));
    }
}

//! Lists of the items that are not the items themselves: a table of contents (titles
//! with page numbers after dotted leaders or wide gaps, or under an
//! *Indholdsfortegnelse* heading), and the open and closed parts it names (`Åbent
//! referat`, `Lukket referat`), which belong to it and not to the meeting's text.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{Line, LineKind};
use crate::titles;

static TOC_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|…+|\s{3,})\s*(?P<page>\d{1,3})$")
});

/// Labels of the open and closed part of a meeting (`Lukket referat`), lower case and
/// without a colon, with whether the part is closed.
pub(crate) fn part_label(text: &str) -> Option<bool> {
    if text.len() > 40 {
        return None;
    }
    let t = text.trim_end_matches(':').trim().to_lowercase();
    match t.as_str() {
        "lukket dagsorden" | "lukket referat" | "lukkede punkter" | "lukket møde"
        | "lukket del" | "lukkede sager" => Some(true),
        "åben dagsorden" | "åbent referat" | "åbne punkter" | "åbent møde" | "åben del"
        | "åbne sager" => Some(false),
        _ => None,
    }
}

/// The table of contents: its lines, and its titles in comparable form.
pub(crate) fn table_of_contents(lines: &[Line]) -> (Vec<usize>, Vec<String>) {
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
                // A wrapped entry ("… trafiksikkerhed for" / "   skoleveje  10").
                run.push(j);
            } else if part_label(&line.text).is_some() {
                // "Åbent referat" / "Lukket referat" between or after the entries: the
                // parts the contents are divided in, even a part with no entries.
                run.push(j);
                last_entry = j;
            } else if !line.is_blank() {
                break;
            }
            j += 1;
        }
        if run_titles.len() >= 2 {
            // The heading above ("Indholdsfortegnelse", or the part the first entries
            // are in) belongs to it.
            let mut k = i;
            while let Some(h) = (0..k)
                .rev()
                .find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()))
            {
                let Some(l) = lines.get(h) else { break };
                let t = l.text.to_lowercase();
                let heading =
                    t.starts_with("indholdsfortegnelse") || t == "indhold" || t == "dagsorden";
                if heading || part_label(&l.text).is_some() {
                    toc.push(h);
                    k = h;
                    if heading {
                        break;
                    }
                } else {
                    break;
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
        let numbered_entry =
            matches!(l.kind, LineKind::Numbered(_)) && toc_title(lines, k).is_none();
        let page_number = l.text.len() <= 3 && l.text.bytes().all(|b| b.is_ascii_digit());
        let section = part_label(&l.text).is_some();
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
pub(crate) fn comparable(title: &str) -> String {
    let rest = crate::outline::strip_number(title);
    let cleaned = titles::clean_title(rest).0;
    cleaned
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

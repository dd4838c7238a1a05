//! The agenda items of a document and the stretch of text each one owns.
//!
//! Item headings come in many forms (`Punkt 3: Title`, `3. Title – kl. 15.05 – 15.25`,
//! `## 3) Title`, `1.Velkomst`, `- 2.1 Title (Agnete)`, `§ 4 Title`, `Sak 12/24 Title`),
//! and the same shapes are used by numbered lists inside items. Every line that could
//! head an item is a candidate with a weight for how much it looks like one (markup, a
//! `Punkt` prefix, a time slot, a match in the table of contents, sub-points under a
//! numbered group heading); the items are the chain of candidates numbered in sequence
//! (1, 2, 3 …, or 1.1, 1.2, 2.1 …, from any number, with gaps where closed items were
//! left out) of greatest weight, found by dynamic programming. Numbering that starts
//! again after a second header (two meetings on one page) gives a second chain.
//!
//! Where nothing is numbered, the items are the run of headings at one level that the
//! document is divided into, or, in the smallest minutes, the entries of the one list
//! that is the whole agenda.
//!
//! Each item owns the text from its heading to the next item, cut short at a heading
//! above its own level, at text set further left than its heading, and at the
//! signature that ends a document. Minutes that quote each agenda line before its
//! minute (`> - 2.1 Title`) give the item a second stretch: its minutes.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use referat_model::{ClockTime, ItemSource};
use regex::Regex;

use crate::cue::Cue;
use crate::dates;
use crate::document::{BlockKind, Document, Marker};
use crate::headings;
use crate::names;
use crate::text::{Line, LineKind};
use crate::titles;
use crate::toc;

/// One agenda item heading and its text.
#[derive(Clone, Debug)]
pub(crate) struct ItemHeading {
    /// Index of the heading line.
    pub line: usize,
    /// Index of the first line of the item's text.
    pub body_start: usize,
    /// Index after the last line of the item's text.
    pub body_end: usize,
    /// The number as written (`"3"`, `"2.1"`, `"12/24"`), `None` when unnumbered.
    pub number: Option<String>,
    pub title: String,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub duration_min: Option<u32>,
    /// Marked closed in the heading (`Punkt 3 (Lukket): …`).
    pub closed: bool,
    /// A presenter line right under the heading (`v/ Klaus Larsen`).
    pub byline: Option<String>,
    /// A presenter named at the end of the title (`… ved Lise Holm`).
    pub presenter: Option<String>,
    /// A parenthesis at the end of the title that may name presenters (`(Agnete)`).
    pub note: Option<String>,
    /// Text on the heading's own line after the title (`4.Tur. Kirsten orienterer …`),
    /// with its line number.
    pub inline_text: Option<(String, u32)>,
    /// The cells of an item's row in a table of items, beside its title: each under its
    /// column's header (`None` for the text under the title in the title's own cell),
    /// with the line number.
    pub cells: Vec<(Option<String>, String, u32)>,
    /// The item's minutes, where the document keeps them apart from its agenda text
    /// (line range).
    pub minutes: Option<(usize, usize)>,
    pub source: ItemSource,
}

#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// Indices of the lines of the table of contents.
    pub toc: Vec<usize>,
    pub items: Vec<ItemHeading>,
}

static PUNKT: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)^(?:punkt|pkt\.?|dagsordenspunkt|sag\s+nr\.?|sak(?:\s+nr\.?)?|ärende|item|agenda\s+item|ad(?:\s+pkt\.?|\s+punkt)?|§)\s*(?P<n>\d{1,4})(?:\.(?P<m>\d{1,2})\b)?(?P<year>/\d{2,4})?\s*(?:[:.)\-–—]\s*|\s+|$)(?P<title>.*)$",
    )
});

/// Whether a line opens an item with the word or sign that marks one (`§ 47`,
/// `Punkt 3`, `Sak 12/24`, `PS 45/24`): the number changes from page to page, the
/// line is no running head.
pub(crate) fn is_marked_item(text: &str) -> bool {
    PUNKT.is_match(text) || CODED.is_match(text)
}

/// "PS 45/24 Title": a case number of a series (politisk sak, referatsak), the series
/// code in capitals and the number with its year.
static CODED: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"^(?P<code>[A-ZÆØÅ]{2,3})\s+(?P<n>\d{1,4})(?P<year>/\d{2,4})\s*(?:[:.)\-–—]\s*|\s+|$)(?P<title>.*)$",
    )
});

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?P<n>\d{1,4})\s*[.)]\s*(?P<title>[^\d\s].*)$"));

/// `2.1 Title`, `2.1. Title`, `2.1) Title`: a sub-point of group 2.
static PATH: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(r"^(?P<n>\d{1,2})\.(?P<m>\d{1,2})(?:\.|\))?\s+(?P<title>[^\d\s].*)$")
});

static NUMBER_SPACE: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?P<n>\d{1,4})\s+(?P<title>\p{Lu}.*)$"));

static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^\(?v\s?(?:\./|/|\.)\s*\p{Lu}"));

static BARE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(r"^(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–—]\s*\d{1,2}[.:]\d{2})?$")
});

static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^(?:(?i:punkt|pkt\.?)\s*)?(?P<n>\d{1,4})\s*[.):]?$"));

/// A case's reference beside its number (`Dnr BUN 2025/0034`, `Sagsnr. 24/1234`).
static CASE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)^(?:dnr|diarienr|diarienummer|sagsnr|saksnr|sag\s+nr|sak\s+nr|j\.\s?nr|journalnr|arkivsak)\.?:?\s+\S*\d\S*(?:\s+\S*\d\S*)?$|^(?:dnr|sagsnr|saksnr)\.?:?\s+\p{Lu}{2,5}\s+\S*\d",
    )
});

/// The line that holds the title of a heading written as its number alone: the next
/// line with text, close below, that reads like a title.
fn title_below(lines: &[Line], i: usize) -> Option<usize> {
    let next = next_content(lines, i + 1)?;
    let t = lines.get(next)?;
    let plausible = matches!(
        t.kind,
        LineKind::Text | LineKind::Heading(_) | LineKind::Bold
    ) && t.text.starts_with(char::is_uppercase)
        && t.text.split_whitespace().count() <= 20
        && headings::known(&t.text).is_none()
        && next <= i + 3;
    plausible.then_some(next)
}

/// A heading text without its number (`Punkt 3: X` and `3. X` → `X`).
pub(crate) fn strip_number(text: &str) -> &str {
    let caps = crate::cue::captures(&PUNKT, text)
        .or_else(|| crate::cue::captures(&PATH, text))
        .or_else(|| crate::cue::captures(&NUMBERED, text));
    caps.and_then(|c| c.name("title"))
        .and_then(|t| text.get(t.start()..))
        .unwrap_or(text)
}

/// Where an item stands in its numbering: `3` or `2.1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Ordinal {
    major: u32,
    minor: Option<u32>,
}

impl Ordinal {
    /// A main point's number, without a sub-point.
    fn top(major: u32) -> Ordinal {
        Ordinal { major, minor: None }
    }
}

struct Candidate {
    line: usize,
    ordinal: Ordinal,
    /// The number as written.
    label: String,
    /// The title as written after the number.
    title: String,
    /// The line the title is on: the heading line, or the next one when the number
    /// stands alone (`1.` / `Meddelelser`).
    title_line: usize,
    weight: f32,
    strong: bool,
    /// A list entry rather than a heading or a line of its own.
    entry: bool,
    /// A time slot written before the number.
    slot: Option<(ClockTime, Option<ClockTime>)>,
    /// "Ad 3: …": a section that names its item by the agenda's number; what follows
    /// the number may be the item's minutes rather than its title.
    refers_back: bool,
}

/// The item headings a document may have outside its table of contents (`toc`, sorted
/// line indexes).
fn candidates_outside(lines: &[Line], toc: &[usize], toc_titles: &[String]) -> Vec<Candidate> {
    (0..lines.len())
        .filter(|i| toc.binary_search(i).is_err())
        .filter_map(|i| candidate(lines, i, toc_titles))
        .collect()
}

/// Finds the table of contents and the agenda items.
pub(crate) fn outline(doc: &Document<'_>) -> Outline {
    let lines = &doc.lines;
    let (mut toc, mut toc_titles) = toc::table_of_contents(lines);
    let mut candidates = candidates_outside(lines, &toc, &toc_titles);
    // An agenda list at the top whose items come again below with their text: the list
    // is a table of contents.
    let listed = agenda_list(lines, &candidates);
    // The agenda's titles, for sections that repeat only the number ("Ad 3.").
    let mut agenda_titles: HashMap<Ordinal, String> = HashMap::new();
    // The agenda's entries: line, number as written, title.
    let list: Vec<(usize, String, String)> = listed
        .iter()
        .filter_map(|&k| candidates.get(k))
        .map(|c| (c.line, c.label.clone(), c.title.clone()))
        .collect();
    if !listed.is_empty() {
        for &k in &listed {
            if let Some(c) = candidates.get(k) {
                toc.push(c.line);
                toc_titles.push(toc::comparable(&c.title));
                agenda_titles.insert(c.ordinal, c.title.clone());
            }
        }
        toc.sort_unstable();
        candidates = candidates_outside(lines, &toc, &toc_titles);
    }
    weigh_groups(doc, &mut candidates);

    let mut chains: Vec<Vec<usize>> = Vec::new();
    let all: Vec<usize> = (0..candidates.len()).collect();
    if let Some(chain) = chain_of(&candidates, &all) {
        chains.push(chain);
        // Numbering that starts again under a second header (two meetings on one
        // page): chains after the last one and before the first.
        loop {
            let first_line = chains
                .first()
                .and_then(|c| c.first())
                .and_then(|&k| candidates.get(k))
                .map_or(0, |c| c.line);
            let last_line = chains
                .last()
                .and_then(|c| c.last())
                .and_then(|&k| candidates.get(k))
                .map_or(0, |c| c.line);
            let after: Vec<usize> = (0..candidates.len())
                .filter(|&k| candidates.get(k).is_some_and(|c| c.line > last_line))
                .collect();
            if let Some(next) = restarted_chain(lines, &candidates, &after, last_line) {
                chains.push(next);
                continue;
            }
            let before: Vec<usize> = (0..candidates.len())
                .filter(|&k| candidates.get(k).is_some_and(|c| c.line < first_line))
                .collect();
            let restarts = chains
                .first()
                .and_then(|c| c.first())
                .and_then(|&k| candidates.get(k))
                .is_some_and(|c| c.ordinal.major <= 2);
            match restarted_chain(lines, &candidates, &before, 0).filter(|_| restarts) {
                Some(prev)
                    if dated_header_between(
                        lines,
                        prev.last()
                            .and_then(|&k| candidates.get(k))
                            .map_or(0, |c| c.line),
                        first_line,
                    ) =>
                {
                    chains.insert(0, prev);
                }
                _ => break,
            }
        }
    }
    // Items the meeting moved ("punkt 5 flyttes op før punkt 4"): headings of the
    // chain's own form whose numbers the chain lacks.
    if let Some(chain) = chains.first_mut() {
        let kind_of = |k: usize| {
            candidates
                .get(k)
                .and_then(|c| lines.get(c.line))
                .map(|l| l.kind.clone())
        };
        let form = chain.first().and_then(|&k| kind_of(k));
        let numbers: Vec<Ordinal> = chain
            .iter()
            .filter_map(|&k| candidates.get(k).map(|c| c.ordinal))
            .collect();
        let top = numbers.iter().map(|o| o.major).max().unwrap_or(0);
        let moved: Vec<usize> = (0..candidates.len())
            .filter(|k| !chain.contains(k))
            .filter(|&k| {
                candidates.get(k).is_some_and(|c| {
                    c.strong
                        && c.ordinal.minor.is_none()
                        && c.ordinal.major <= top + 1
                        && !numbers.contains(&c.ordinal)
                        && matches!(form, Some(LineKind::Heading(_) | LineKind::Bold))
                        && kind_of(k) == form
                })
            })
            .collect();
        if chain.len() >= 3 {
            chain.extend(moved);
            chain.sort_by_key(|&k| candidates.get(k).map_or(0, |c| c.line));
        }
    }
    let mut items: Vec<ItemHeading> = chains
        .iter()
        .flatten()
        .filter_map(|&k| candidates.get(k))
        .filter_map(|c| heading(lines, c, agenda_titles.get(&c.ordinal).map(String::as_str)))
        .collect();
    // The agenda's items that no section below takes up are items all the same, in the
    // agenda's order, with no text of their own.
    let mut bodyless: Vec<usize> = Vec::new();
    let list_on_top = list
        .last()
        .zip(items.first())
        .is_some_and(|((last, _, _), first)| *last < first.line);
    if list_on_top {
        let listed_item = |(line, label, title): &(usize, String, String)| {
            let mut item = unnumbered(lines, *line, title, ItemSource::Numbered);
            item.number = Some(label.clone());
            item
        };
        let mut merged: Vec<ItemHeading> = Vec::with_capacity(items.len() + list.len());
        let mut next = 0;
        for item in items {
            let at = list
                .iter()
                .position(|(_, label, _)| item.number.as_deref() == Some(label.as_str()));
            if let Some(p) = at.filter(|&p| p >= next) {
                for c in list.get(next..p).unwrap_or(&[]) {
                    bodyless.push(merged.len());
                    merged.push(listed_item(c));
                }
                next = p + 1;
            }
            merged.push(item);
        }
        for c in list.get(next..).unwrap_or(&[]) {
            bodyless.push(merged.len());
            merged.push(listed_item(c));
        }
        items = merged;
    }
    // A table whose header names the item, its subject and its decision holds the
    // items even where its rows are numbered: the numbers are its first column.
    let mut table_rows = false;
    let in_table_rows = |items: &[ItemHeading]| {
        items.iter().all(|i| {
            matches!(
                doc.lines.get(i.line).map(|l| &l.kind),
                Some(LineKind::Table(_))
            )
        })
    };
    if items.is_empty() || in_table_rows(&items) {
        let table = table_items(doc);
        if table.len() >= items.len() && !table.is_empty() {
            items = table;
            table_rows = true;
        }
    }
    if items.is_empty() {
        items = heading_items(doc, &toc);
    }
    if items.is_empty() {
        items = title_line_items(doc, &toc);
    }
    if items.is_empty() {
        items = list_items(doc);
    }
    set_ends(doc, &mut items);
    for &k in &bodyless {
        if let Some(item) = items.get_mut(k) {
            item.body_end = item.body_start;
        }
    }
    if table_rows {
        // A row holds its item whole.
        for item in &mut items {
            item.body_end = item.body_start;
        }
    }
    quoted_minutes(doc, &mut items);
    series_codes(&mut items);
    Outline { toc, items }
}

fn candidate(lines: &[Line], i: usize, toc_titles: &[String]) -> Option<Candidate> {
    let line = lines.get(i)?;
    if line.quote > 0 {
        // A quotation repeats an item; it does not head one.
        return None;
    }
    let marked = line.is_heading();
    let entry = matches!(line.kind, LineKind::Bullet | LineKind::Check(_));
    if !marked && !entry && !matches!(line.kind, LineKind::Text | LineKind::Numbered(_)) {
        return None;
    }
    // "15.30  1. Velkomst (5 min.)": a programme's time column before the number.
    // Every heading form is numbered near its start; most lines are not.
    if !line.text.bytes().take(48).any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (closed, text) = access_marker(&line.text);
    let (slot, text) = leading_slot(text);
    // Every heading form starts with a digit, `§`, or a word such as "Punkt", "Pkt.",
    // "Ad", "Dagsordenspunkt", "Sag"/"Sak", "Item" or "Ärende".
    let starts_right = text.chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c.to_ascii_lowercase(),
                'p' | 'a' | 'd' | 's' | 'i' | '§' | 'ä' | 'Ä'
            )
    });
    if !starts_right && !CODED.is_match(text) {
        return None;
    }
    if entry && !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut title_line = i;
    let refers_back = text.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("ad "));
    let (ordinal, label, title, punkt): (Ordinal, String, String, bool) =
        if let Some(c) = crate::cue::captures(&BARE_NUMBER, text).filter(|_| !entry) {
            // "1." alone, the title on the next line.
            let next = title_below(lines, i)?;
            let t = lines.get(next)?;
            title_line = next;
            let n: u32 = c.name("n")?.as_str().parse().ok()?;
            (
                Ordinal::top(n),
                n.to_string(),
                t.text.clone(),
                text.starts_with(['p', 'P']),
            )
        } else if let Some(c) =
            crate::cue::captures(&PUNKT, text).or_else(|| crate::cue::captures(&CODED, text))
        {
            let n: u32 = c.name("n")?.as_str().parse().ok()?;
            // "Sak 6.1 Forslag fra styret": a sub-point of item 6.
            let minor: Option<u32> = c
                .name("m")
                .and_then(|m| m.as_str().parse().ok())
                .filter(|&m| m > 0);
            let mut label = match (c.name("year"), minor) {
                (_, Some(m)) => format!("{n}.{m}"),
                (Some(y), None) => format!("{n}{}", y.as_str()),
                (None, None) => n.to_string(),
            };
            // The series code stays until the items are known (see `series_codes`).
            if let Some(code) = c.name("code") {
                label = format!("{} {label}", code.as_str());
            }
            let mut title = c.name("title")?.as_str().to_string();
            // "§ 45" / "§ 47    Dnr BUN 2025/0034": the title on the next line. "Ad 3."
            // refers to the agenda's title; what follows it is the item's text.
            if (title.trim().is_empty() && !refers_back) || CASE_REFERENCE.is_match(title.trim()) {
                if let Some(next) = title_below(lines, i) {
                    title_line = next;
                    title = lines.get(next)?.text.clone();
                }
            }
            (Ordinal { major: n, minor }, label, title, true)
        } else if let Some(c) = crate::cue::captures(&PATH, text) {
            let n: u32 = c.name("n")?.as_str().parse().ok()?;
            let m: u32 = c.name("m")?.as_str().parse().ok()?;
            // "1.0 Godkendelse af dagsorden": a main point numbered with its zero.
            let minor = (m != 0).then_some(m);
            if minor.is_none() && c.name("m").is_some_and(|m| m.as_str() != "0") {
                return None;
            }
            (
                Ordinal { major: n, minor },
                format!("{n}.{m}"),
                c.name("title")?.as_str().to_string(),
                false,
            )
        } else if let Some(c) = crate::cue::captures(&NUMBERED, text).or_else(|| {
            // "1 Title" without a stop only where the line is marked as a heading.
            marked
                .then(|| crate::cue::captures(&NUMBER_SPACE, text))
                .flatten()
        }) {
            let n: u32 = c.name("n")?.as_str().parse().ok()?;
            (
                Ordinal::top(n),
                n.to_string(),
                c.name("title")?.as_str().to_string(),
                false,
            )
        } else {
            return None;
        };
    let title = title.as_str();
    if ordinal.major == 0 {
        return None;
    }
    let first_word = title.split_whitespace().next().unwrap_or("");
    if dates::month_number(first_word).is_some() {
        return None;
    }
    let words = title.split_whitespace().count();
    let (clean, start, _, duration) = titles::clean_title(title);
    let timed = slot.is_some()
        || start.is_some()
        || duration.is_some()
        || title.trim_end().ends_with("kl.");
    let in_toc = !toc_titles.is_empty() && {
        let c = toc::comparable(title);
        c.len() >= 4
            && toc_titles.iter().any(|t| {
                *t == c || (c.len() >= 12 && (t.starts_with(&c) || c.starts_with(t.as_str())))
            })
    };
    // "Punkt 2 godkendt med den ændring, at …": a sentence of the minutes about a
    // point, not the heading of one; titles start with a capital.
    if punkt && !marked && words >= 3 && clean.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
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
        let long_line = words > 20 && titles::split_first_sentence(title).is_none();
        if clean.chars().next().is_some_and(char::is_lowercase) || long_line || clean.is_empty() {
            return None;
        }
        if entry || in_list_context(lines, i) || line.indent >= 4 {
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
        ordinal,
        label,
        // The title's own closed marker, which the title's reading takes off again.
        title: if closed {
            format!("{title} (Lukket)")
        } else {
            title.to_string()
        },
        title_line,
        weight,
        strong: weight >= 5.0,
        entry,
        slot,
        refers_back,
    })
}

/// A portal's access label before an item's number (`Åben 1. Budget`, `Lukket 8.
/// Personsag`): whether it says closed, and the rest of the line.
fn access_marker(text: &str) -> (bool, &str) {
    for (marker, closed) in [
        ("Åbent punkt ", false),
        ("Åben ", false),
        ("Åbent ", false),
        ("Lukket punkt ", true),
        ("Lukket ", true),
    ] {
        if let Some(rest) = text.strip_prefix(marker) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return (closed, rest);
            }
        }
    }
    (false, text)
}

/// A time at the start of a line before an item number (`15.30  1. Velkomst`,
/// `kl. 9.00-9.30 2. Status`): the slot, and the rest of the line.
fn leading_slot(text: &str) -> (Option<(ClockTime, Option<ClockTime>)>, &str) {
    static SLOT: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            // "17.00-    1.  Title" with the end of the slot on the line below.
            r"^(?:kl\.?\s*)?(?P<h>\d{1,2})[.:](?P<m>\d{2})(?:\s*[-–]\s*(?:(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))?)?\s+(?P<rest>(?:\d{1,3}[.)]|punkt|pkt|§)\s*\S.*)$",
        )
    });
    let Some(caps) = crate::cue::captures(&SLOT, text) else {
        return (None, text);
    };
    let clock = |h: &str, m: &str| -> Option<ClockTime> {
        ClockTime::new(
            caps.name(h)?.as_str().parse().ok()?,
            caps.name(m)?.as_str().parse().ok()?,
        )
    };
    match (clock("h", "m"), caps.name("rest")) {
        (Some(start), Some(rest)) => (Some((start, clock("h2", "m2"))), rest.as_str()),
        _ => (None, text),
    }
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

/// Sub-points right under a numbered group heading (`#### 2. Temaer` / `- 2.1 …`) are
/// the items, and the group headings only arrange them.
fn weigh_groups(doc: &Document<'_>, candidates: &mut [Candidate]) {
    let mut groups: Vec<usize> = Vec::new();
    let mut points: Vec<usize> = Vec::new();
    for (k, c) in candidates.iter().enumerate() {
        let Some(minor) = c.ordinal.minor else {
            continue;
        };
        // The group heading this point is under: the nearest earlier candidate without
        // a minor number, with the same major number, with only points between.
        let group = candidates.get(..k).and_then(|before| {
            before
                .iter()
                .enumerate()
                .rev()
                .find(|(_, g)| g.ordinal.minor.is_none())
                .filter(|(_, g)| g.ordinal.major == c.ordinal.major)
                .map(|(gk, g)| (gk, g.line))
        });
        let Some((gk, gline)) = group else { continue };
        let first = minor == 1
            && doc
                .blocks
                .get(doc.block_at(gline).map_or(usize::MAX, |b| b + 1))
                .is_some_and(|next| next.start == c.line);
        if first || groups.contains(&gk) {
            if !groups.contains(&gk) {
                groups.push(gk);
            }
            points.push(k);
        }
    }
    for k in groups {
        if let Some(g) = candidates.get_mut(k) {
            g.weight = 0.05;
            g.strong = false;
        }
    }
    for k in points {
        if let Some(p) = candidates.get_mut(k) {
            p.weight += 10.0;
            p.strong = true;
        }
    }
}

/// The chain of greatest weight among the candidates in `pool` (indices into
/// `candidates`), if it is worth taking.
fn chain_of(candidates: &[Candidate], pool: &[usize]) -> Option<Vec<usize>> {
    // best[k]: weight of the best chain ending at candidate k, and its predecessor.
    const MAX_GAP: u32 = 10;
    let mut best: HashMap<usize, (f32, Option<usize>)> = HashMap::with_capacity(pool.len());
    // For each ordinal, the best chain so far ending at a candidate with it; for each
    // major number, the best chain ending at one of its sub-points.
    let mut by_ordinal: HashMap<Ordinal, (f32, usize, bool)> = HashMap::new();
    let mut by_group: HashMap<u32, (f32, usize)> = HashMap::new();
    for &k in pool {
        let Some(c) = candidates.get(k) else { continue };
        let mut score = c.weight;
        let mut prev = None;
        let consider = |s: f32, p: usize, score: &mut f32, prev: &mut Option<usize>| {
            if s + c.weight > *score {
                *score = s + c.weight;
                *prev = Some(p);
            }
        };
        match c.ordinal.minor {
            None => {
                if let Some(n) = c.ordinal.major.checked_sub(1) {
                    if let Some(&(s, p, _)) = by_ordinal.get(&Ordinal::top(n)) {
                        consider(s, p, &mut score, &mut prev);
                    }
                    // "Sak 6.4 …" / "Sak 7 …": on after the sub-points of the item before.
                    if let Some(&(s, p)) = by_group.get(&n) {
                        consider(s, p, &mut score, &mut prev);
                    }
                }
                if c.strong {
                    for gap in 2..=MAX_GAP {
                        let Some(n) = c.ordinal.major.checked_sub(gap) else {
                            break;
                        };
                        let key = Ordinal::top(n);
                        if let Some(&(s, p, strong)) = by_ordinal.get(&key) {
                            let cand = s + c.weight - 2.0 * (gap - 1) as f32;
                            if strong && cand > score {
                                score = cand;
                                prev = Some(p);
                            }
                        }
                    }
                }
            }
            Some(m) => {
                if m > 1 {
                    let key = Ordinal {
                        major: c.ordinal.major,
                        minor: Some(m - 1),
                    };
                    if let Some(&(s, p, _)) = by_ordinal.get(&key) {
                        consider(s, p, &mut score, &mut prev);
                    }
                } else {
                    if let Some(&(s, p)) = c
                        .ordinal
                        .major
                        .checked_sub(1)
                        .and_then(|n| by_group.get(&n))
                    {
                        consider(s, p, &mut score, &mut prev);
                    }
                    // "Sak 6 …" with a text of its own, then "Sak 6.1 …": an item and its
                    // sub-points, all items (a heading that only groups its points
                    // weighs next to nothing and is left out).
                    if let Some(&(s, p, _)) = by_ordinal.get(&Ordinal::top(c.ordinal.major)) {
                        if candidates.get(p).is_some_and(|g| g.weight > 0.5) {
                            consider(s, p, &mut score, &mut prev);
                        }
                    }
                }
            }
        }
        best.insert(k, (score, prev));
        let entry = by_ordinal
            .entry(c.ordinal)
            .or_insert((f32::MIN, k, c.strong));
        if score > entry.0 {
            *entry = (score, k, c.strong);
        }
        if c.ordinal.minor.is_some() {
            let g = by_group.entry(c.ordinal.major).or_insert((f32::MIN, k));
            if score > g.0 {
                *g = (score, k);
            }
        }
    }
    let (&end, _) = pool
        .iter()
        .filter_map(|k| best.get(k).map(|b| (k, b.0)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let mut chain = vec![end];
    let mut at = end;
    while let Some(p) = best.get(&at).and_then(|b| b.1) {
        chain.push(p);
        at = p;
    }
    chain.reverse();
    let strong = chain
        .iter()
        .any(|&k| candidates.get(k).is_some_and(|c| c.strong));
    if !strong && chain.len() < 2 {
        return None;
    }
    // A chain of list entries alone, none of them a heading, is a list in the text.
    let all_entries = chain
        .iter()
        .all(|&k| candidates.get(k).is_some_and(|c| c.entry && !c.strong));
    (!all_entries || chain.len() >= 3).then_some(chain)
}

/// A second chain beside the first, numbered from the start again: items with their
/// own text between them, under a header of their own with a date (a second meeting
/// on the page), not a numbered list inside an item.
fn restarted_chain(
    lines: &[Line],
    candidates: &[Candidate],
    pool: &[usize],
    after: usize,
) -> Option<Vec<usize>> {
    let chain = chain_of(candidates, pool)?;
    let first = chain.first().and_then(|&k| candidates.get(k))?;
    if chain.len() < 3 || first.ordinal.major > 2 || first.ordinal.minor.is_some() {
        return None;
    }
    let with_text = chain
        .windows(2)
        .filter(|w| {
            let (Some(a), Some(b)) = (
                w.first().and_then(|&k| candidates.get(k)),
                w.get(1).and_then(|&k| candidates.get(k)),
            ) else {
                return false;
            };
            titles::split_first_sentence(&a.title).is_some()
                || (a.title_line + 1..b.line).any(|i| lines.get(i).is_some_and(|l| !l.is_blank()))
        })
        .count();
    if with_text * 2 < chain.len() - 1 {
        return None;
    }
    if after > 0 && !dated_header_between(lines, after, first.line) {
        return None;
    }
    Some(chain)
}

/// Whether a meeting header with a date (`Generalforsamling` / `Tirsdag d. 22. april
/// 2014`) stands in the few lines before `until`, after `from`.
fn dated_header_between(lines: &[Line], from: usize, until: usize) -> bool {
    (from + 1..until)
        .rev()
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .take(6)
        .any(|i| {
            lines.get(i).is_some_and(|l| {
                l.text.split_whitespace().count() <= 10 && dates::first_full_date(&l.text).is_some()
            })
        })
}

/// An agenda list at the top (`Dagsorden:` / `1. A` / `2. B` / `3. C`) whose items
/// come again below, each with its text: the candidates of the list.
fn agenda_list(lines: &[Line], candidates: &[Candidate]) -> Vec<usize> {
    // Runs of numbered lines one right after the other, numbered in sequence.
    let mut k = 0;
    while k < candidates.len() {
        let mut end = k + 1;
        while let (Some(a), Some(b)) = (candidates.get(end - 1), candidates.get(end)) {
            let adjacent =
                (a.title_line + 1..b.line).all(|i| lines.get(i).is_some_and(Line::is_blank));
            if adjacent && b.ordinal.major == a.ordinal.major + 1 && b.ordinal.minor.is_none() {
                end += 1;
            } else {
                break;
            }
        }
        if end - k >= 2 {
            let run: Vec<usize> = (k..end).collect();
            let later = candidates.get(end..).unwrap_or(&[]);
            let taken_up = |c: &&Candidate| {
                let title = toc::comparable(&c.title);
                later.iter().any(|l| {
                    l.ordinal == c.ordinal && {
                        let t = toc::comparable(&l.title);
                        t == title
                                || (title.len() >= 8
                                    && (t.starts_with(&title) || title.starts_with(&t)))
                                // "Ad 3." / "Ad 4. Ny boring": a section that names its
                                // item by number, and perhaps the start of its title.
                                || (l.strong && (t.is_empty() || title.starts_with(&t)))
                                // "Ad 1: Godkendt.": the number, then the minutes.
                                || l.refers_back
                    }
                })
            };
            let entries = || run.iter().filter_map(|&r| candidates.get(r));
            let repeated = entries().filter(taken_up).count();
            // "Ad 4." / "Ad 6. og 7.": sections that say which entry they take up mark
            // the list as the agenda even where they explain only a few of its entries.
            let referred = entries()
                .filter(|c| {
                    later
                        .iter()
                        .any(|l| l.refers_back && l.strong && l.ordinal == c.ordinal)
                })
                .count();
            if (repeated >= 2 && repeated * 2 >= run.len()) || referred >= 2 {
                return run;
            }
        }
        k = end;
    }
    Vec::new()
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

fn heading(lines: &[Line], c: &Candidate, agenda_title: Option<&str>) -> Option<ItemHeading> {
    let line = lines.get(c.title_line)?;
    let mut title = c.title.clone();
    // "Ad 4. Ny boring" under an agenda that says "4. Ny boring ved Kirkemarken": the
    // agenda's fuller title.
    let mut inline_text = None;
    if let Some(full) = agenda_title {
        let written = toc::comparable(&title);
        if written.is_empty() || toc::comparable(full).starts_with(&written) {
            title = full.to_string();
        } else if c.refers_back {
            // "Ad 1: Godkendt, med et ekstra emne.": the agenda's title, and the
            // minutes written after the number.
            inline_text = Some((std::mem::replace(&mut title, full.to_string()), line.no));
        }
    }
    let mut body_start = c.title_line + 1;
    // A title line that goes on into the item's text ("4.Tur til X. Kirsten orienterer").
    if !line.is_heading() && inline_text.is_none() {
        if let Some((head, rest)) = titles::split_first_sentence(&title) {
            inline_text = Some((rest.to_string(), line.no));
            title = head.to_string();
        }
    }
    // Titles wrapped onto the next line: a dangling "kl." or dash, a time slot alone on
    // the next line, or (in wrapped text) a short lower-case tail.
    if let Some(next) = next_content(lines, c.title_line + 1).filter(|_| inline_text.is_none()) {
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
            let same_quote = n.quote == line.quote;
            // "Høring … v/ afdelingsleder" / "Jens Holm (40 min.)": a byline the title
            // line could not hold.
            let byline_wraps = next == c.title_line + 1
                && n.kind == LineKind::Text
                && n.indent > line.indent
                && title
                    .rsplit(" v/ ")
                    .next()
                    .is_some_and(|tail| tail != title && tail.split_whitespace().count() <= 3)
                && n.text.split_whitespace().count() <= 6;
            if same_quote
                && !byline_next
                && (time_alone
                    || lower_tail
                    || filled_line
                    || byline_wraps
                    || (dangling && digit_next))
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
    let t = titles::read(&title);
    Some(ItemHeading {
        line: c.line,
        body_start,
        body_end: body_start,
        number: Some(c.label.clone()),
        title: t.text,
        start: t.start.or(c.slot.map(|s| s.0)),
        end: t.end.or(c.slot.and_then(|s| s.1)),
        duration_min: t.duration_min,
        closed: t.closed,
        byline,
        presenter: t.presenter,
        note: t.note,
        inline_text,
        cells: Vec::new(),
        minutes: None,
        source: ItemSource::Numbered,
    })
}

/// An item read from a heading or a list entry that carries no number.
fn unnumbered(lines: &[Line], line: usize, title: &str, source: ItemSource) -> ItemHeading {
    let t = titles::read(title);
    ItemHeading {
        line,
        body_start: (line + 1).min(lines.len()),
        body_end: line + 1,
        number: None,
        title: t.text,
        start: t.start,
        end: t.end,
        duration_min: t.duration_min,
        closed: t.closed,
        byline: None,
        presenter: t.presenter,
        note: t.note,
        inline_text: None,
        cells: Vec::new(),
        minutes: None,
        source,
    }
}

/// A *beslutningsreferat* kept as a table, a row an item: the columns found by their
/// headers (`Pkt.`, `Emne`, `Beslutning`).
fn table_items(doc: &Document<'_>) -> Vec<ItemHeading> {
    let tables: Vec<&crate::document::Block> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Table && b.quote == 0)
        .collect();
    for (t, b) in tables.iter().enumerate() {
        let row_at = |i: usize| match doc.lines.get(i).map(|l| &l.kind) {
            Some(LineKind::Table(cells)) => Some((i, cells.as_slice())),
            _ => None,
        };
        let Some((_, header)) = row_at(b.start) else {
            continue;
        };
        let head: Vec<String> = header
            .iter()
            .map(|c| c.trim().trim_end_matches([':', '.']).to_lowercase())
            .collect();
        let find = |words: &[&str]| head.iter().position(|h| words.contains(&h.as_str()));
        let number = find(&[
            "pkt", "punkt nr", "nr", "#", "sag nr", "saksnr", "sak", "§", "punkt",
        ]);
        let title = head.iter().enumerate().position(|(k, h)| {
            Some(k) != number
                && [
                    "emne",
                    "titel",
                    "overskrift",
                    "sag",
                    "dagsordenspunkt",
                    "punkt",
                    "innhold",
                    "ärende",
                    "tema",
                    "emne/punkt",
                    "beskrivelse",
                ]
                .contains(&h.as_str())
        });
        let decision = head.iter().position(|h| {
            [
                "beslutning",
                "referat",
                "konklusion",
                "aftale",
                "vedtak",
                "beslut",
                "resultat",
            ]
            .iter()
            .any(|w| h.contains(w))
        });
        let (Some(title), Some(decision)) = (title, decision) else {
            continue;
        };
        // The rows under the header, and those of the tables that go on after a rubric
        // row between them ("Punkter til orientering", one cell written as a line).
        let mut rows: Vec<(usize, &[String])> = (b.start + 1..b.end).filter_map(row_at).collect();
        let mut end = b.end;
        for next in tables.iter().skip(t + 1) {
            let between: Vec<&Line> = doc
                .lines
                .get(end..next.start)
                .unwrap_or(&[])
                .iter()
                .filter(|l| !l.is_blank())
                .collect();
            if between.len() > 1
                || between
                    .iter()
                    .any(|l| l.text.split_whitespace().count() > 6)
            {
                break;
            }
            rows.extend((next.start..next.end).filter_map(row_at));
            end = next.end;
        }
        if rows.len() < 2 {
            continue;
        }
        let empty = |c: &str| matches!(c.trim(), "" | "-" | "–" | "—");
        return rows
            .iter()
            .filter_map(|&(i, cells)| {
                let cell = cells.get(title)?.trim();
                let mut lines = cell.lines().map(str::trim).filter(|l| !l.is_empty());
                let text = lines.next()?;
                if empty(text) {
                    return None;
                }
                let mut item = unnumbered(&doc.lines, i, text, ItemSource::TableRow);
                item.number = number
                    .and_then(|n| cells.get(n))
                    .map(|n| n.trim().trim_end_matches('.').to_string())
                    .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()));
                let line = doc.lines.get(i).map_or(0, |l| l.no);
                let case: Vec<&str> = lines.collect();
                if !case.is_empty() {
                    item.cells.push((None, case.join("\n"), line));
                }
                // The decision column, and the columns of the parts an item has
                // (`Bilag`, `Indstilling`); who is responsible and by when are the
                // table's own columns, not the item's text.
                for (k, c) in cells.iter().enumerate() {
                    if k == title || Some(k) == number || empty(c) {
                        continue;
                    }
                    let Some(heading) = header.get(k).map(|h| h.trim()) else {
                        continue;
                    };
                    let heading = if k == decision {
                        "Beslutning"
                    } else if headings::known(heading)
                        .is_some_and(|r| r != headings::SectionRole::Other)
                    {
                        heading
                    } else {
                        continue;
                    };
                    item.cells
                        .push((Some(heading.to_string()), c.trim().to_string(), line));
                }
                Some(item)
            })
            .collect();
    }
    Vec::new()
}

/// Headings that head something other than an item: the document's title, the parts of
/// an item, the participant list, the header fields.
fn is_item_heading_text(text: &str) -> bool {
    let t = headings::display(text);
    let lower = t.to_lowercase();
    headings::known(&t).is_none()
        && crate::attendance::label_kind(&t).is_none()
        && toc::part_label(&t).is_none()
        && !crate::header::is_title(&t)
        && !lower.starts_with("indholdsfortegnelse")
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// Where nothing is numbered: the headings of the level the document is divided at,
/// when there are several of them after the header.
fn heading_items(doc: &Document<'_>, toc: &[usize]) -> Vec<ItemHeading> {
    // The headings that can be items; the document's title (the first heading, when
    // no other heading shares its level) is not one.
    let heads: Vec<(usize, u8, &str)> = doc
        .blocks
        .iter()
        .filter(|b| b.quote == 0 && toc.binary_search(&b.start).is_err())
        .filter_map(|b| match b.kind {
            BlockKind::Heading(level) => Some((b.start, level, b.text.as_str())),
            _ => None,
        })
        .filter(|(_, _, t)| is_item_heading_text(t))
        .collect();
    // The level with the most of them.
    let mut best: Option<(u8, usize)> = None;
    for level in 1..=7u8 {
        let items = heads.iter().filter(|(_, l, _)| *l == level).count();
        if items >= 2 && best.is_none_or(|(_, n)| items > n) {
            best = Some((level, items));
        }
    }
    let Some((level, _)) = best else {
        return Vec::new();
    };
    heads
        .iter()
        .filter(|(_, l, _)| *l == level)
        .map(|&(line, _, text)| unnumbered(&doc.lines, line, text, ItemSource::Heading))
        .collect()
}

/// Plain text saved from a word processor keeps a heading only as a short line that
/// opens its paragraph (`Økonomi` / `Kassebeholdning pr. 1/6: …`): where nothing is
/// numbered or marked, three or more such lines are the items.
fn title_line_items(doc: &Document<'_>, toc: &[usize]) -> Vec<ItemHeading> {
    let lines = &doc.lines;
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .map(|l| l.text.chars().count())
        .collect();
    widths.sort_unstable();
    // What a full line of running text is: a wrapped paragraph's first line is one,
    // a title is well short of it.
    let full = widths
        .get(widths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0);
    let is_title = |i: usize| -> bool {
        let Some(line) = lines.get(i) else {
            return false;
        };
        let opens = i == 0 || lines.get(i - 1).is_some_and(Line::is_blank);
        let Some(next) = lines.get(i + 1) else {
            return false;
        };
        let t = line.text.trim();
        let words = t.split_whitespace().count();
        // "Evt.": a one-word title may be an abbreviation.
        let end_ok =
            !t.ends_with(['.', ',', ';', ':', '!', '?']) || (words == 1 && t.ends_with('.'));
        line.kind == LineKind::Text
            && opens
            && !next.is_blank()
            && toc.binary_search(&i).is_err()
            && t.chars().next().is_some_and(char::is_uppercase)
            && (1..=10).contains(&words)
            && t.chars().count() * 10 <= full * 7
            && end_ok
            && crate::document::label_len(t).is_none()
            // A title over the header's fields ("Bestyrelsesmøde" / "Dato: …") is
            // the document's.
            && !crate::header::names_field(&next.text)
            && crate::participants::inline_label(&next.text).is_none()
            && is_item_heading_text(t)
    };
    let found: Vec<usize> = (0..lines.len()).filter(|&i| is_title(i)).collect();
    if found.len() < 3 {
        return Vec::new();
    }
    found
        .into_iter()
        .filter_map(|i| {
            let text = lines.get(i)?.text.as_str();
            Some(unnumbered(lines, i, text, ItemSource::Heading))
        })
        .collect()
}

/// The smallest minutes: no headings and no numbers, the agenda one list of topics,
/// each perhaps with its minute on the lines under it (`- Topic` / `  Outcome`).
fn list_items(doc: &Document<'_>) -> Vec<ItemHeading> {
    // The first run of top-level entries with at least two entries.
    let mut run: Vec<&crate::document::Block> = Vec::new();
    for b in &doc.blocks {
        match b.kind {
            BlockKind::Entry {
                marker: Marker::Bullet | Marker::Number(_),
                depth: 0,
            } if b.quote == 0 => run.push(b),
            BlockKind::Entry { .. } => {}
            _ if run.len() >= 2 => break,
            _ => run.clear(),
        }
    }
    if run.len() < 2 {
        return Vec::new();
    }
    run.iter()
        .filter_map(|b| {
            let first = doc.lines.get(b.start)?;
            let title = first.text.as_str();
            Some(unnumbered(
                &doc.lines,
                b.start,
                title,
                ItemSource::ListEntry,
            ))
        })
        .collect()
}

/// Case numbers of one series drop its code ("PS 45/24" → "45/24", as "Sak 12/24" →
/// "12/24"); where the items come from several series (`PS 1/26`, `RS 1/26`), the code
/// tells them apart and stays.
fn series_codes(items: &mut [ItemHeading]) {
    let code = |n: &str| -> Option<String> {
        let (code, rest) = n.split_once(' ')?;
        (code.chars().all(char::is_uppercase) && rest.contains('/')).then(|| code.to_string())
    };
    let codes: HashSet<String> = items
        .iter()
        .filter_map(|i| i.number.as_deref().and_then(code))
        .collect();
    if codes.len() != 1 {
        return;
    }
    for item in items {
        if let Some(n) = item.number.as_mut() {
            if let Some((_, rest)) = n.split_once(' ').filter(|_| code(n).is_some()) {
                *n = rest.to_string();
            }
        }
    }
}

/// Sets where each item's text ends: at the next item, or earlier at a heading above
/// the item's own level, at text set further left than the item's heading, at the
/// header of a second meeting, or at the signature that ends the document.
fn set_ends(doc: &Document<'_>, items: &mut [ItemHeading]) {
    let lines = &doc.lines;
    // In the order of the page: an agenda's entries that no section takes up stand in
    // the items' order but on lines above.
    let mut starts: Vec<usize> = items.iter().map(|h| h.line).collect();
    starts.sort_unstable();
    for item in items.iter_mut() {
        // The next item down the page.
        let next = starts
            .get(starts.partition_point(|&s| s <= item.line))
            .copied()
            .unwrap_or(lines.len());
        let mut end = next.max(item.body_start);
        let own = lines.get(item.line);
        // The level the item sits at: its own heading's, or for a list entry or a line
        // the heading it stands under.
        let level = match own.map(|l| &l.kind) {
            Some(LineKind::Heading(l)) => Some(*l),
            Some(LineKind::Bold) => Some(7),
            // The blocks are in the order of their lines.
            _ => {
                let before = doc.blocks.partition_point(|b| b.start < item.line);
                doc.blocks
                    .get(..before)
                    .unwrap_or(&[])
                    .iter()
                    .rev()
                    .find_map(|b| match b.kind {
                        BlockKind::Heading(l) => Some(l),
                        _ => None,
                    })
            }
        };
        let indent = own.map_or(0, |l| l.indent);
        let heading_item = own.is_some_and(Line::is_heading);
        // Text set under its heading with a hanging indent ends where a line starts a
        // sentence left of the heading; once a line of the text is not indented under
        // the heading, indents say nothing.
        let mut hanging = indent > 0;
        let mut indented = 0;
        for i in item.body_start..end {
            let Some(l) = lines.get(i) else { break };
            if l.is_blank() {
                continue;
            }
            let above = match (&l.kind, level) {
                (LineKind::Heading(h), Some(own)) => *h <= own && own <= 6,
                _ => false,
            };
            let outdented = !heading_item
                && hanging
                && indented > 0
                && l.indent < indent
                && l.quote == 0
                && l.text.starts_with(char::is_uppercase)
                && matches!(l.kind, LineKind::Text | LineKind::Bold);
            if (above && headings::known(&l.text).is_none()) || outdented {
                end = i;
                break;
            }
            if l.indent > indent {
                indented += 1;
            } else {
                hanging = false;
            }
        }
        item.body_end = end;
    }
    // The header of a second meeting before a restarted numbering, and the signature
    // after the last item, are not item text.
    for k in 1..items.len() {
        let restarted = match (items.get(k - 1), items.get(k)) {
            (Some(a), Some(b)) => {
                b.number.is_some()
                    && b.number.as_deref() == Some("1")
                    && a.number.is_some()
                    && a.number.as_deref() != Some("0")
            }
            _ => false,
        };
        if restarted {
            let line = items.get(k).map_or(0, |h| h.line);
            if let Some(prev) = items.get_mut(k - 1) {
                prev.body_end = header_start(lines, prev.body_start, prev.body_end.min(line));
            }
        }
    }
    if let Some(last) = items.last_mut() {
        last.body_end = signature_start(lines, last.body_start, last.body_end);
        // "Mødet sluttede kl. 21.40.": what follows the meeting's close is no item's
        // text (the next meeting's date, the page around the minutes).
        if let Some(close) = (last.body_start..last.body_end).find(|&i| {
            lines.get(i).is_some_and(|l| {
                l.kind == LineKind::Text
                    && l.text.split_whitespace().count() <= 16
                    && crate::header::closing_time(&l.text).is_some()
            })
        }) {
            // An item that is the close ("§ 12 Mötets avslutande") keeps it as its text.
            let before =
                (last.body_start..close).any(|i| lines.get(i).is_some_and(|l| !l.is_blank()));
            if before {
                last.body_end = close;
            }
        }
    }
}

/// Going back from `end`, past short header lines (a title, a date, a time) to where a
/// header block starts.
fn header_start(lines: &[Line], from: usize, end: usize) -> usize {
    let mut at = end;
    let mut i = end;
    while i > from {
        i -= 1;
        let Some(l) = lines.get(i) else { break };
        if l.is_blank() {
            continue;
        }
        let words = l.text.split_whitespace().count();
        let header_like = words <= 6 && !l.text.ends_with(['.', ':'])
            || dates::first_full_date(&l.text).is_some() && words <= 8;
        if !header_like {
            break;
        }
        at = i;
    }
    at
}

/// Going back from `end`, past a signature (a name alone, a place and date, a greeting,
/// `– Bestyrelsen`) at the end of the document.
fn signature_start(lines: &[Line], from: usize, end: usize) -> usize {
    let mut at = end;
    let mut i = end;
    let mut taken = 0;
    while i > from && taken < 4 {
        i -= 1;
        let Some(l) = lines.get(i) else { break };
        if l.is_blank() {
            continue;
        }
        if !is_signature_line(&l.text) {
            break;
        }
        at = i;
        taken += 1;
    }
    at
}

static CLOSING: Cue = Cue::new(
    &[
        "hævet",
        "hævede",
        "sluttede",
        "afsluttet",
        "slut",
        "avsluttet",
        "hevet",
        "avslutade",
        "avslutas",
    ],
    r"(?i)\b(?:hævede\s+(?:dirigenten\s+|formanden\s+)?mødet|mødet\s+(?:blev\s+|er\s+)?(?:hævet|sluttede|afsluttet|slut)|møtet\s+(?:ble\s+)?(?:hevet|avsluttet)|hevet\s+møtet|mötet\s+avslutade?s?|förklarade\s+mötet\s+avslutat)\b",
);
static SIGNED_OFFICE: Cue = Cue::new(
    &[
        "dirigent",
        "referent",
        "formand",
        "ordstyrer",
        "sekretær",
        "mødeleder",
        "justerare",
        "ordförande",
        "sekreterare",
    ],
    r"^(?:(?:Dirigent|Referent|Formand|Ordstyrer|Sekretær|Mødeleder|Justerare|Ordförande|Sekreterare)\s*:\s*\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,3}\s*)+$",
);

fn is_signature_line(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    let words = t.split_whitespace().count();
    // "Dirigenten takkede for god ro og orden og hævede mødet kl. 21.15.": the close
    // of the meeting, not the last item's minutes.
    if (1..=25).contains(&words) && CLOSING.is_match(t) {
        return true;
    }
    if words == 0 || words > 8 {
        return false;
    }
    // "/Helga", "/Sara (ref.)": a sign-off.
    if t.strip_prefix('/')
        .is_some_and(|r| r.starts_with(char::is_uppercase))
    {
        return true;
    }
    // "Dirigent: Claus Vindum Referent: Merete Brandsholm": signatures under their
    // offices.
    if SIGNED_OFFICE.is_match(t) {
        return true;
    }
    let lower = t.to_lowercase();
    let dash_signed = t.starts_with(['–', '-', '—']) && words <= 3;
    let greeting = [
        "med venlig hilsen",
        "venlig hilsen",
        "mvh",
        "på bestyrelsens vegne",
    ]
    .iter()
    .any(|g| lower.starts_with(g));
    // "København d. 22. april 2014": a place and a date.
    let dated = dates::first_full_date(t).is_some_and(|d| {
        let before = t.get(..d.start).unwrap_or("").trim();
        before.split_whitespace().count() <= 3
            && before.starts_with(char::is_uppercase)
            && !before.contains(':')
    });
    let referent = lower.starts_with("referent") || lower.starts_with("ref.:");
    dash_signed || greeting || dated || referent || names::is_name(t)
}

/// Minutes that quote each agenda line before its minute (`> - 2.1 Title` / text): the
/// text after a quotation of an item, up to the next one, is that item's minutes.
fn quoted_minutes(doc: &Document<'_>, items: &mut [ItemHeading]) {
    let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // (item, quote start, text start)
    let blocks = &doc.blocks;
    let mut b = 0;
    while let Some(block) = blocks.get(b) {
        if block.quote == 0 {
            b += 1;
            continue;
        }
        // The whole quotation: blocks quoted one after the other.
        let start = block.start;
        let mut end = block.end;
        let mut k = b + 1;
        while let Some(next) = blocks.get(k).filter(|n| n.quote > 0) {
            end = next.end;
            k += 1;
        }
        if let Some(item) = quoted_item(&block.text, items) {
            if items
                .get(item)
                .is_some_and(|h| h.line < start && h.minutes.is_none())
                && !marks.iter().any(|m| m.0 == item)
            {
                marks.push((item, start, end));
            }
        }
        b = k;
    }
    if marks.is_empty() {
        return;
    }
    let first_quote = marks.iter().map(|m| m.1).min().unwrap_or(doc.lines.len());
    // The agenda's text ends where the minutes part begins: at the heading above the
    // first quotation.
    let minutes_part = doc
        .blocks
        .iter()
        .rev()
        .find(|b| b.is_heading() && b.start < first_quote)
        .map(|b| b.start)
        .filter(|&h| items.iter().all(|i| i.line < h))
        .unwrap_or(first_quote);
    for item in items.iter_mut() {
        if item.body_end > minutes_part {
            item.body_end = minutes_part.max(item.body_start);
        }
    }
    let mut starts: Vec<usize> = marks.iter().map(|m| m.1).collect();
    starts.sort_unstable();
    for &(k, quote_start, text_start) in &marks {
        let end = starts
            .iter()
            .copied()
            .find(|&s| s > quote_start)
            .unwrap_or(doc.lines.len());
        let end = signature_start(&doc.lines, text_start, end);
        if let Some(item) = items.get_mut(k) {
            item.minutes = Some((text_start, end.max(text_start)));
        }
    }
}

/// The item a quoted agenda line repeats: its number and the start of its title.
fn quoted_item(text: &str, items: &[ItemHeading]) -> Option<usize> {
    let mut whole: Option<String> = None;
    items.iter().position(|h| {
        let Some(number) = h.number.as_deref() else {
            return h.title.len() >= 8
                && whole
                    .get_or_insert_with(|| toc::comparable(text))
                    .starts_with(&toc::comparable(&h.title));
        };
        let Some(rest) = text.strip_prefix(number) else {
            return false;
        };
        let rest = rest.trim_start_matches(['.', ')', ':']).trim_start();
        let title = toc::comparable(&h.title);
        let quoted = toc::comparable(rest);
        !title.is_empty() && (quoted.starts_with(&title) || title.starts_with(&quoted))
    })
}

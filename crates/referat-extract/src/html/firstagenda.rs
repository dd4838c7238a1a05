//! FirstAgenda publication pages (publication.firstagenda.com): agendas and minutes
//! with every item in a row of one table.
//!
//! The page: the meeting in `div.title` (`h1` "Dagsorden 8. oktober 2025 kl. 16.00",
//! `h2` with `span.udvalg` and `span.sted`) and `table.dagsordeninfo` (rows "Udvalg:",
//! "Mødedato:", "Mødested:", "Mødedeltagere:"); the items as `tr.punktrow` of
//! `table#dagsordenDetaljer`, each with its number in `span.label`, its title in
//! `h2.overskrift` (inside a `button`), its case number in `span.sagsnummer`, its
//! sections as `h3` headings with their text in `span.resume` and `div`s, and its
//! attachments after `h3` "Bilag" as `a.bilag-link` in `li`s. Link texts may be cut
//! short ("…"); the whole title is in the `aria-label` of the `span.pdf-label` beside
//! the link ("<title>. Tilhørende punktet: <item title>").
//!
//! Written as:
//!
//! ```text
//! # Dagsorden 8. oktober 2025 kl. 16.00
//!
//! ## Aarhus Byråd
//!
//! Mødedato: onsdag den 8. oktober 2025 kl. 16.00
//!
//! Mødested: Byrådssalen
//!
//! ## Punkt 2: Forslag til budget 2026-2029
//!
//! Sagsnr.: EMN-2025-008308
//!
//! ### Beslutningspunkter
//!
//! Det indstilles:
//!
//! At 1) Byrådet drøfter og godkender …
//!
//! ### Bilag
//!
//! - Bilag 1: Budgetredegørelsen 2026-2029
//! ```

use scraper::{ElementRef, Html};

use super::dom::{self, collapse, has_class, text_of};
use super::walk::{Hooks, Special, Walker};
use crate::markdown::MarkdownWriter;
use crate::{ExtractError, Limits};

/// The table of agenda items, when the page is a FirstAgenda publication: the table
/// around the first `tr.punktrow` (normally `table#dagsordenDetaljer`).
pub(super) fn find(doc: &Html) -> Option<ElementRef<'_>> {
    let row = doc
        .root_element()
        .descendent_elements()
        .find(|e| dom::name(e) == "tr" && has_class(e, "punktrow"))?;
    row.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| dom::name(a) == "table")
}

/// Writes the page.
pub(super) fn write(
    doc: &Html,
    agenda: ElementRef<'_>,
    w: &mut MarkdownWriter,
    limits: &Limits,
) -> Result<(), ExtractError> {
    let root = doc.root_element();

    // The meeting: title, forum, the info table.
    let title_box = root
        .descendent_elements()
        .find(|e| dom::name(e) == "div" && has_class(e, "title"));
    let h1 = title_box
        .and_then(|t| t.descendent_elements().find(|e| dom::name(e) == "h1"))
        .or_else(|| {
            root.descendent_elements()
                .find(|e| dom::name(e) == "h1" && !is_inside(e, &agenda))
        });
    let mut forum = title_box.and_then(|t| {
        t.descendent_elements()
            .find(|e| has_class(e, "udvalg"))
            .map(|e| text_of(&e))
            .filter(|s| !s.is_empty())
    });
    let info = info_rows(&root, limits);
    if forum.is_none() {
        forum = info
            .iter()
            .find(|r| label_is(&r.label, &["udvalg"]))
            .map(|r| collapse(&r.value))
            .filter(|s| !s.is_empty());
    }
    if let Some(h1) = h1.map(|h| text_of(&h)).filter(|s| !s.is_empty()) {
        w.heading(1, &h1);
    }
    if let Some(forum) = &forum {
        w.heading(2, forum);
    }
    for row in &info {
        if label_is(&row.label, &["udvalg"]) && forum.is_some() {
            continue;
        }
        let label = if row.label.ends_with(':') {
            row.label.clone()
        } else {
            format!("{}:", row.label)
        };
        let entries: Vec<&str> = row
            .value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        match entries.as_slice() {
            [] => {}
            [one] => w.paragraph(&format!("{label} {one}")),
            many => {
                // A list of people: the label, then one a line.
                w.paragraph(&label);
                for entry in many {
                    w.list_item("-", entry);
                }
            }
        }
    }

    // The items.
    for (idx, row) in agenda
        .descendent_elements()
        .filter(|e| dom::name(e) == "tr" && has_class(e, "punktrow"))
        .enumerate()
    {
        item(&row, idx + 1, w, limits)?;
    }
    Ok(())
}

/// One row of the info table: its label and its value, one entry a line.
struct InfoRow {
    label: String,
    value: String,
}

fn info_rows(root: &ElementRef<'_>, limits: &Limits) -> Vec<InfoRow> {
    let Some(table) = root
        .descendent_elements()
        .find(|e| dom::name(e) == "table" && has_class(e, "dagsordeninfo"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for tr in table.descendent_elements().filter(|e| dom::name(e) == "tr") {
        if dom::is_hidden(&tr) {
            continue;
        }
        let mut cells = tr
            .child_elements()
            .filter(|c| matches!(dom::name(c), "td" | "th"));
        let (Some(label), Some(value)) = (cells.next(), cells.next()) else {
            continue;
        };
        let label = text_of(&label);
        if label.is_empty() {
            continue;
        }
        out.push(InfoRow {
            label,
            value: entries(&value, limits),
        });
    }
    out
}

/// The text of a cell, one entry (list item, block, line) a line.
fn entries(cell: &ElementRef<'_>, limits: &Limits) -> String {
    let mut scratch = MarkdownWriter::new();
    let mut walker = Walker::new(&mut scratch, &Ui, limits);
    let walked = walker.walk(*cell).and_then(|()| walker.finish());
    if walked.is_err() {
        return text_of(cell);
    }
    scratch
        .finish()
        .lines()
        .map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("- ").unwrap_or(l);
            l.trim_matches('*').trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Generic text without the page's UI: buttons that open dialogs ("Se alle deltagere").
struct Ui;

impl Hooks for Ui {
    fn special(&self, el: &ElementRef<'_>) -> Special {
        if is_toggle(el) {
            Special::Skip
        } else {
            Special::Normal
        }
    }
}

fn is_toggle(el: &ElementRef<'_>) -> bool {
    el.attr("data-toggle").is_some() || el.attr("data-bs-toggle").is_some()
}

fn label_is(label: &str, words: &[&str]) -> bool {
    let l = label.trim().trim_end_matches(':').trim().to_lowercase();
    words.contains(&l.as_str())
}

fn is_inside(el: &ElementRef<'_>, container: &ElementRef<'_>) -> bool {
    el.ancestors().any(|a| a.id() == container.id())
}

/// One agenda item: its heading, then the text of the cell that holds its title.
fn item(
    row: &ElementRef<'_>,
    position: usize,
    w: &mut MarkdownWriter,
    limits: &Limits,
) -> Result<(), ExtractError> {
    let number = row
        .descendent_elements()
        .find(|e| dom::name(e) == "span" && has_class(e, "label") && !has_class(e, "pdf-label"))
        .map(|e| text_of(&e).trim_end_matches('.').trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| position.to_string());
    let title_el = row
        .descendent_elements()
        .find(|e| dom::name(e) == "h2" && has_class(e, "overskrift"))
        .or_else(|| {
            row.descendent_elements()
                .find(|e| dom::heading_level(dom::name(e)).is_some())
        });
    let title = title_el.as_ref().map(text_of).unwrap_or_default();
    let closed = row.descendent_elements().any(|e| {
        e.value()
            .classes()
            .any(|c| c.to_lowercase().contains("lukket"))
    });
    let heading = match (title.is_empty(), closed) {
        (true, _) => format!("Punkt {number}"),
        (false, false) => format!("Punkt {number}: {title}"),
        (false, true) => format!("Punkt {number} (Lukket): {title}"),
    };
    w.heading(2, &heading);

    // The cell with the title holds the item's text; without one, every cell but the
    // number's.
    let cell = title_el.and_then(|t| {
        t.ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| matches!(dom::name(a), "td" | "th"))
    });
    let hooks = ItemHooks { title: &title };
    let mut walker = Walker::new(w, &hooks, limits);
    match cell {
        Some(cell) => walker.walk(cell)?,
        None => {
            for td in row.child_elements().skip(1) {
                walker.walk(td)?;
            }
        }
    }
    walker.finish()
}

/// The item's own structure inside its cell.
struct ItemHooks<'t> {
    /// The item's title, as the attachments' labels end in it.
    title: &'t str,
}

impl Hooks for ItemHooks<'_> {
    fn special(&self, el: &ElementRef<'_>) -> Special {
        let name = dom::name(el);
        if is_toggle(el) || has_class(el, "overskrift") || has_class(el, "pdf-label") {
            return Special::Skip;
        }
        if has_class(el, "sagsnummer") {
            let number = text_of(el);
            if number.is_empty() {
                return Special::Skip;
            }
            let lower = number.to_lowercase();
            return if lower.starts_with("sag") {
                Special::Paragraph(number)
            } else {
                Special::Paragraph(format!("Sagsnr.: {number}"))
            };
        }
        if name == "li" {
            if let Some(link) = el
                .descendent_elements()
                .find(|e| dom::name(e) == "a" && has_class(e, "bilag-link"))
            {
                let label = el
                    .descendent_elements()
                    .filter(|e| e.id() != link.id())
                    .find_map(|e| e.attr("aria-label"))
                    .or_else(|| link.attr("aria-label"))
                    .unwrap_or("");
                let title = attachment_title(&text_of(&link), label, self.title);
                return if title.is_empty() {
                    Special::Skip
                } else {
                    let line = match link.attr("href") {
                        Some(href) => crate::markdown::linked(&title, href),
                        None => title,
                    };
                    Special::ListItem("-".into(), line)
                };
            }
        }
        Special::Normal
    }

    fn min_heading(&self) -> u8 {
        3
    }
}

/// The title of an attachment from its link text and the `aria-label` beside it
/// ("<title>. Tilhørende punktet: <item title>"): the label's title where the link
/// text is cut short of it, else the link text (labels can be broken by a quote in
/// the title).
fn attachment_title(link: &str, label: &str, item_title: &str) -> String {
    let link = collapse(link);
    let from_label = label_title(label, item_title).map(|l| collapse(&l));
    let Some(full) = from_label.filter(|l| !l.is_empty()) else {
        return link;
    };
    if link.is_empty() {
        return full;
    }
    let cut = link
        .strip_suffix('…')
        .or_else(|| link.strip_suffix("..."))
        .map(str::trim_end);
    match cut {
        Some(prefix) if full.starts_with(prefix) => full,
        Some(_) => link,
        None if full.len() > link.len() && full.starts_with(&link) => full,
        None => link,
    }
}

/// The attachment's title in a label: without ". Tilhørende punktet: <item>".
fn label_title(label: &str, item_title: &str) -> Option<String> {
    let label = collapse(label);
    if let Some(at) = find_ascii_ci(&label, ". tilhørende punkt") {
        return label.get(..at).map(str::to_string);
    }
    // Another wording of the same: ". <words>: <item title>".
    let item_title = collapse(item_title);
    if item_title.is_empty() {
        return None;
    }
    let rest = label.strip_suffix(&item_title)?;
    let rest = rest.trim_end().strip_suffix(':')?;
    let dot = rest.rfind(". ")?;
    rest.get(..dot).map(str::to_string)
}

/// Case-insensitive search for an ASCII-cased needle (Danish letters compared as they
/// are).
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let lower = haystack.to_lowercase();
    // Lower-casing keeps byte offsets only where it keeps lengths.
    if lower.len() != haystack.len() {
        return haystack.find(needle);
    }
    lower.find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_titles() {
        let item = "Forslag til budget";
        assert_eq!(
            attachment_title(
                "Bilag 1: Budgetredegørelsen…",
                "Bilag 1: Budgetredegørelsen 2026-2029. Tilhørende punktet: Forslag til budget",
                item
            ),
            "Bilag 1: Budgetredegørelsen 2026-2029"
        );
        // A label broken by a quote in the title: the link text.
        assert_eq!(
            attachment_title(
                "23 Belysning A 'Styrkelse af området'",
                "23 Belysning A ",
                item
            ),
            "23 Belysning A 'Styrkelse af området'"
        );
        // An ellipsis of the title's own.
        assert_eq!(
            attachment_title(
                "7 Generationer på tværs… ældreliv",
                "7 Generationer på tværs… ældreliv. Tilhørende punktet: Forslag til budget",
                item
            ),
            "7 Generationer på tværs… ældreliv"
        );
        assert_eq!(
            attachment_title(
                "Notat…",
                "Notat om økonomi. Belonging to item: Forslag til budget",
                item
            ),
            "Notat om økonomi"
        );
        assert_eq!(attachment_title("Bilag", "", item), "Bilag");
    }
}

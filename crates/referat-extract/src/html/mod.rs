//! HTML pages: minutes and agendas published on the web.
//!
//! The page is parsed with html5ever (through `scraper`) into a tree, which is walked
//! without recursion and written with the shared [`MarkdownWriter`]: headings, bold
//! lines, paragraphs with line breaks, list items with their real numbers, table rows.
//! What a reader does not see or read as the document is left out: scripts and styles,
//! hidden elements, navigation, page headers and footers, form controls, dialogs and
//! cookie banners (see [`dom::is_excluded`]).
//!
//! Publishing systems with a layout of their own are recognised by their structure
//! and written in the shape the parser reads best; so far FirstAgenda
//! ([`firstagenda`]). Everything else takes the generic path ([`walk`]). Formats that
//! carry an item's sections as HTML inside other data (FirstAgenda's JSON) write them
//! with [`write_section`].
//!
//! Hostile pages: before html5ever builds the tree, [`guard`] estimates the nesting
//! from the markup and refuses pages that nest far beyond `Limits::max_depth` (html5ever
//! is quadratic in the nesting); the walk then refuses any element deeper than the
//! limit, and any text beyond `Limits::max_unpacked_bytes`.

mod dom;
mod firstagenda;
mod guard;
mod walk;

use scraper::{ElementRef, Html};

use crate::markdown::MarkdownWriter;
use crate::{ExtractError, Limits};

pub(crate) fn extract(source: &str, limits: &Limits) -> Result<String, ExtractError> {
    guard::check(source, limits)?;
    let doc = Html::parse_document(source);
    let mut w = MarkdownWriter::new();
    match firstagenda::find(&doc) {
        Some(agenda) => firstagenda::write(&doc, agenda, &mut w, limits)?,
        None => {
            let mut walker = walk::Walker::new(&mut w, &walk::Generic, limits);
            walker.walk(doc.root_element())?;
            walker.finish()?;
        }
    }
    let text = w.finish();
    // The page title is data about the page, not its text: often the site's name as
    // much as the document's. It goes in front matter, which the parser reads as such.
    match title(&doc) {
        Some(title) => Ok(format!(
            "---\ntitle: {}\n---\n\n{text}",
            crate::markdown::yaml(&title)
        )),
        None => Ok(text),
    }
}

/// Writes one section of an agenda item given as an HTML fragment, below the item's
/// own `##` heading: its headings at level 3 or deeper (`<h3>` → `###`, `<h4>` →
/// `####`), a heading inside the text that follows another heading one level below
/// that one whatever its own level (see [`Section`]), and two line breaks in a row a
/// paragraph break. `title`, the section's name where the data gives one, is written
/// as a `###` heading first, unless the fragment's first heading already says it.
pub(crate) fn write_section(
    title: Option<&str>,
    source: &str,
    w: &mut MarkdownWriter,
    limits: &Limits,
) -> Result<(), ExtractError> {
    guard::check(source, limits)?;
    let doc = Html::parse_fragment(source);
    if let Some(title) = title {
        let first = doc
            .root_element()
            .descendent_elements()
            .find(|e| dom::heading_level(dom::name(e)).is_some());
        if !first.is_some_and(|h| same_heading(&dom::text_of(&h), title)) {
            w.heading(3, title);
        }
    }
    let mut walker = walk::Walker::new(w, &Section, limits);
    walker.walk(doc.root_element())?;
    walker.finish()
}

/// The hooks of a section fragment.
///
/// Publishers nest the parts of a section inside the element after its heading
/// (`<h3>Fremstilling</h3><span><h4>Resume</h4>…</span>`), but not always with a
/// deeper heading element: the same parts come as `<h2>` or `<h3>` in other years'
/// templates. A heading inside an element that follows a heading (within a few
/// levels up) is therefore written one level below that heading.
struct Section;

impl walk::Hooks for Section {
    fn min_heading(&self) -> u8 {
        3
    }

    fn heading_level(&self, el: &ElementRef<'_>, level: u8) -> u8 {
        // The chain of headings above this one, nearest first; six is as deep as
        // headings go.
        let mut chain = Vec::new();
        let mut at = *el;
        while chain.len() < 6 {
            let Some(above) = heading_above(&at) else {
                break;
            };
            chain.push(above);
            at = above;
        }
        let written = |h: &ElementRef<'_>| {
            dom::heading_level(dom::name(h))
                .unwrap_or(6)
                .max(self.min_heading())
        };
        let above = chain
            .iter()
            .rev()
            .fold(0u8, |above, h| written(h).max(above.saturating_add(1)));
        // With no heading above, `above` is 0 and the heading keeps its own level.
        level
            .max(self.min_heading())
            .max(above.saturating_add(1))
            .min(6)
    }

    fn double_break_ends_paragraph(&self) -> bool {
        true
    }
}

/// The heading `el` sits under: the element right before one of its nearest
/// ancestors, when that is a heading.
fn heading_above<'a>(el: &ElementRef<'a>) -> Option<ElementRef<'a>> {
    el.ancestors()
        .take(8)
        .filter_map(ElementRef::wrap)
        .find_map(|a| {
            let before = a.prev_siblings().find_map(ElementRef::wrap)?;
            dom::heading_level(dom::name(&before)).map(|_| before)
        })
}

/// Two headings say the same, but for case, white space and a closing colon.
fn same_heading(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        dom::collapse(s)
            .trim_end_matches(':')
            .trim_end()
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The text of the `<title>` in the head.
fn title(doc: &Html) -> Option<String> {
    let head = doc
        .root_element()
        .child_elements()
        .find(|e| dom::name(e) == "head")?;
    let title = head.child_elements().find(|e| dom::name(e) == "title")?;
    let text = dom::collapse(&title.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        extract(html, &Limits::default()).unwrap()
    }

    #[test]
    fn blocks_lists_and_tables() {
        let out = text(
            "<html><body><h1>Referat</h1><div><div><p>Første<br>linje</p></div>Løs tekst</div>\
             <ol start=\"3\"><li>Tre</li><li>Fire</li></ol><ol type=\"a\"><li>En</li></ol>\
             <table><tr><th>Projekt</th><th>Beløb</th></tr><tr><td>Vej</td><td>1.000 kr.</td></tr></table>\
             <p><b>Beslutning</b></p><p><strong>Godkendt.</strong></p></body></html>",
        );
        assert_eq!(
            out,
            "# Referat\n\nFørste  \nlinje\n\nLøs tekst\n\n3. Tre\n4. Fire\na) En\n\n\
             Projekt\tBeløb\nVej\t1.000 kr.\n\n**Beslutning**\n\nGodkendt.\n"
        );
    }

    #[test]
    fn a_table_of_labels_beside_text_is_layout() {
        let out = text(
            "<table><tr><td>§ 12</td><td><p><strong>Mötets öppnande</strong></p>\
             <p>Ordföranden hälsade alla välkomna och förklarade mötet öppnat för kvällen.</p></td></tr>\
             <tr><td>§ 13</td><td><p><strong>Val av justerare</strong></p><p>Valdes Elin.</p></td></tr></table>",
        );
        assert_eq!(
            out,
            "**§ 12 Mötets öppnande**\n\nOrdföranden hälsade alla välkomna och förklarade mötet öppnat för kvällen.\n\n\
             **§ 13 Val av justerare**\n\nValdes Elin.\n"
        );
        // Short cells of one paragraph each stay a table of data.
        let out = text(
            "<table><tr><td><p>Navn</p></td><td><p>Rolle</p></td></tr><tr><td><p>Anne Holm</p></td><td><p>formand</p></td></tr></table>",
        );
        assert_eq!(out, "Navn\tRolle\nAnne Holm\tformand\n");
    }

    #[test]
    fn a_cell_keeps_its_lines() {
        assert_eq!(
            text(
                "<table><tr><th>Pkt.</th><th>Sag</th></tr><tr><td>1</td><td><b>Budget</b><br>Tekst<p>Mere</p></td></tr></table>"
            ),
            "Pkt.\tSag\n1\tBudget<br>Tekst<br>Mere\n"
        );
    }

    #[test]
    fn the_site_around_the_document_is_left_out() {
        assert_eq!(
            text(
                "<a class=\"skip-link\" href=\"#x\">Gå til indhold</a><div id=\"SITE_HEADER\">Forside</div>\
                 <ul class=\"menu\"><li><a href=\"/\">Kontakt</a></li></ul><p class=\"breadcrumb\">Forside › Referater</p>\
                 <p>Referat</p><div id=\"comments\">Tak!</div>"
            ),
            "Referat\n"
        );
    }

    #[test]
    fn the_page_title_is_front_matter() {
        assert_eq!(
            text(
                "<html><head><title>Referat 1. maj</title></head><body><p>Tekst</p></body></html>"
            ),
            "---\ntitle: Referat 1. maj\n---\n\nTekst\n"
        );
        assert_eq!(
            text(
                "<html><head><title>Forside: A</title></head><body><h2>Referat</h2></body></html>"
            ),
            "---\ntitle: \"Forside: A\"\n---\n\n## Referat\n"
        );
    }

    #[test]
    fn inline_elements_and_entities() {
        assert_eq!(
            text(
                "<p>Mødet <em>blev</em> <a href=x>holdt</a>&nbsp;i&nbsp;&amp;&#32;uden <span>for</span>sinkelse</p>"
            ),
            "Mødet blev holdt i & uden forsinkelse\n"
        );
    }

    fn section(title: Option<&str>, html: &str) -> String {
        let mut w = MarkdownWriter::new();
        write_section(title, html, &mut w, &Limits::default()).unwrap();
        w.finish()
    }

    #[test]
    fn sections_keep_their_headings_below_the_item() {
        assert_eq!(
            section(
                None,
                "<h2>Resume</h2><h3>Beslutning</h3><p>Godkendt.</p><p>&nbsp;</p>\
                 <h4>Økonomiske\nkonsekvenser</h4><p>Ingen<br>endnu</p>"
            ),
            "### Resume\n\n### Beslutning\n\nGodkendt.\n\n#### Økonomiske konsekvenser\n\nIngen  \nendnu\n"
        );
    }

    #[test]
    fn headings_inside_a_section_body_are_below_its_heading() {
        // Other years' templates: the parts as h2 or h3 inside the body of an h3.
        assert_eq!(
            section(
                None,
                "<div><div><h3>Beslutning</h3><span>Godkendt.</span></div>\
                 <h3>Fremstilling</h3><span class='ukendt'><div><h2><span>Sagsprocedure</span></h2></div>\
                 <p>Udvalget.</p><p><div><h2>Resume</h2></div></p><div><h3>Baggrund</h3>\
                 <div><h5>Detaljer</h5></div></div><h2><b>I</b>ndstilling</h2><p>At.</p></span>\
                 <h3>Sagens forløb</h3><span>Ingen.</span></div>"
            ),
            "### Beslutning\n\nGodkendt.\n\n### Fremstilling\n\n#### Sagsprocedure\n\nUdvalget.\n\n\
             #### Resume\n\n#### Baggrund\n\n##### Detaljer\n\n#### Indstilling\n\nAt.\n\n\
             ### Sagens forløb\n\nIngen.\n"
        );
    }

    #[test]
    fn two_line_breaks_end_a_paragraph_in_a_section() {
        assert_eq!(
            section(None, "<span>Godkendt.&nbsp;<br>\n<br><br>Afbud: A</span>"),
            "Godkendt.\n\nAfbud: A\n"
        );
        // Not on a web page, where they stay one break.
        assert_eq!(
            text("<p>Godkendt.<br><br>Afbud: A</p>"),
            "Godkendt.  \nAfbud: A\n"
        );
    }

    #[test]
    fn a_section_title_unless_the_fragment_has_it() {
        assert_eq!(
            section(Some("Beslutning"), "<p>Godkendt.</p>"),
            "### Beslutning\n\nGodkendt.\n"
        );
        assert_eq!(
            section(Some("Beslutning"), "<h3>Beslutning:</h3><p>Godkendt.</p>"),
            "### Beslutning:\n\nGodkendt.\n"
        );
    }

    #[test]
    fn definition_lists_are_label_lines() {
        assert_eq!(
            text("<dl><dt>Mødedato</dt><dd>1. maj 2024</dd><dt>Sted:</dt><dd>Rådhuset</dd></dl>"),
            "Mødedato: 1. maj 2024\n\nSted: Rådhuset\n"
        );
    }
}

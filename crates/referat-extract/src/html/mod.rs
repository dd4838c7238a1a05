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
//! ([`firstagenda`]). Everything else takes the generic path ([`walk`]).
//!
//! Hostile pages: before html5ever builds the tree, [`guard`] estimates the nesting
//! from the markup and refuses pages that nest far beyond `Limits::max_depth` (html5ever
//! is quadratic in the nesting); the walk then refuses any element deeper than the
//! limit, and any text beyond `Limits::max_unpacked_bytes`.

mod dom;
mod firstagenda;
mod guard;
mod walk;

use scraper::Html;

use crate::markdown::MarkdownWriter;
use crate::{ExtractError, Limits};

pub(crate) fn extract(source: &str, limits: &Limits) -> Result<String, ExtractError> {
    guard::check(source, limits)?;
    let doc = Html::parse_document(source);
    let mut w = MarkdownWriter::new();
    let headings = match firstagenda::find(&doc) {
        Some(agenda) => firstagenda::write(&doc, agenda, &mut w, limits)?,
        None => {
            let mut walker = walk::Walker::new(&mut w, &walk::Generic, limits);
            walker.walk(doc.root_element())?;
            walker.finish()?;
            walker.headings
        }
    };
    let text = w.finish();
    // The page title only when nothing in the page is a heading: it is usually the site's
    // name as much as the document's.
    if headings == 0 {
        if let Some(title) = title(&doc) {
            let mut head = MarkdownWriter::new();
            head.heading(1, &title);
            let head = head.finish();
            if text.trim().is_empty() {
                return Ok(head);
            }
            return Ok(format!("{head}\n{text}"));
        }
    }
    Ok(text)
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
    fn title_only_without_headings() {
        assert_eq!(
            text(
                "<html><head><title>Referat 1. maj</title></head><body><p>Tekst</p></body></html>"
            ),
            "# Referat 1. maj\n\nTekst\n"
        );
        assert_eq!(
            text("<html><head><title>Forside</title></head><body><h2>Referat</h2></body></html>"),
            "## Referat\n"
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

    #[test]
    fn definition_lists_are_label_lines() {
        assert_eq!(
            text("<dl><dt>Mødedato</dt><dd>1. maj 2024</dd><dt>Sted:</dt><dd>Rådhuset</dd></dl>"),
            "Mødedato: 1. maj 2024\n\nSted: Rådhuset\n"
        );
    }
}

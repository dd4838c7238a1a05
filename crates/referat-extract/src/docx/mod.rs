//! Word .docx documents. The zip is opened with `zip` and its XML parts streamed with
//! `quick-xml`'s reader (no DOM): `word/styles.xml` and `word/numbering.xml` first, for
//! what paragraph styles and list numbers mean, then `word/document.xml`, written block
//! by block with the [`MarkdownWriter`](crate::markdown::MarkdownWriter).
//!
//! What comes out: headings from heading styles (English and Danish names, outline
//! levels, style inheritance), bold lines from short paragraphs that are bold as a
//! whole, list items with the markers Word would show, one line per table row, and
//! paragraphs with their explicit line breaks. Deleted text, field instructions,
//! hidden text, headers, footers and footnotes are left out.
//!
//! Limits: the parts read must declare no more than `max_unpacked_bytes` between them,
//! and each is read through [`Read::take`](std::io::Read::take) so that a part
//! unpacking to more than it declares is stopped there; XML nested deeper than
//! `max_depth` is refused.

mod numbering;
mod part;
mod properties;
mod styles;
mod walker;

use std::collections::HashMap;
use std::io::Cursor;

use zip::ZipArchive;

use crate::{ExtractError, Limits};
use numbering::Numbering;
use part::{damaged, find_entry, open_part};
use styles::Styles;
use walker::Walker;

const FORMAT: &str = "docx";
const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const NUMBERING: &str = "word/numbering.xml";

/// Style inheritance and numbering style links followed at most this far (they may
/// loop in a hostile file).
const MAX_CHAIN: usize = 16;

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive: {e}")))?;
    let document = find_entry(&zip, DOCUMENT)
        .ok_or_else(|| damaged(format!("the zip has no {DOCUMENT}: not a Word document")))?;
    let styles_part = find_entry(&zip, STYLES);
    let numbering_part = find_entry(&zip, NUMBERING);

    // The declared sizes first: a zip bomb that owns up to its size is refused before
    // anything is unpacked.
    let mut declared = HashMap::new();
    let mut total = 0u64;
    for name in [
        Some(&document),
        styles_part.as_ref(),
        numbering_part.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        let size = zip
            .by_name(name)
            .map_err(|e| damaged(format!("cannot open {name}: {e}")))?
            .size();
        total = total.saturating_add(size);
        declared.insert(name.clone(), size);
    }
    if total > limits.max_unpacked_bytes {
        return Err(ExtractError::OverLimit {
            format: FORMAT,
            what: format!("its text parts unpack to {total} bytes"),
            limit: limits.max_unpacked_bytes,
        });
    }

    let size_of = |name: &str| declared.get(name).copied().unwrap_or(0);
    let styles = match &styles_part {
        Some(name) => Styles::read(&mut open_part(&mut zip, name, size_of(name), limits)?)?,
        None => Styles::default(),
    };
    let numbering = match &numbering_part {
        Some(name) => Numbering::read(&mut open_part(&mut zip, name, size_of(name), limits)?)?,
        None => Numbering::default(),
    };
    let mut part = open_part(&mut zip, &document, size_of(&document), limits)?;
    Walker::new(&styles, numbering, limits).run(&mut part)
}

#[cfg(test)]
mod tests {
    use super::part::Part;
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn part(xml: &str) -> Part<&[u8]> {
        Part::new(
            "test.xml",
            xml.as_bytes(),
            xml.len() as u64,
            &Limits::default(),
        )
    }

    fn body(paragraphs: &str) -> String {
        let xml = format!("<w:document {W}><w:body>{paragraphs}</w:body></w:document>");
        let styles = Styles::default();
        Walker::new(&styles, Numbering::default(), &Limits::default())
            .run(&mut part(&xml))
            .unwrap()
    }

    #[test]
    fn runs_breaks_tabs_and_entities() {
        let out = body(
            r#"<w:p><w:r><w:t xml:space="preserve">A &amp; B </w:t></w:r><w:r><w:tab/><w:t>C&#230;</w:t><w:br/><w:t>D</w:t></w:r></w:p>"#,
        );
        assert_eq!(out, "A & B Cæ  \nD\n");
    }

    #[test]
    fn alternate_content_is_read_once() {
        let out = body(
            r#"<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Efter</w:t></w:r></w:p>"#,
        );
        assert_eq!(out, "Boks\n\nEfter\n");
    }

    #[test]
    fn unclosed_elements_are_damage() {
        let xml = format!("<w:document {W}><w:body><w:p>");
        let styles = Styles::default();
        let err = Walker::new(&styles, Numbering::default(), &Limits::default())
            .run(&mut part(&xml))
            .unwrap_err();
        assert!(matches!(err, ExtractError::Damaged { .. }), "{err}");
    }
}

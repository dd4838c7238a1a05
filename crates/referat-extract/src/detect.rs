//! Telling a document's format from its first bytes, never from its name.

use crate::Format;

/// The format of a document, from its content.
pub fn detect(bytes: &[u8]) -> Format {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    // The PDF header may follow a little junk (the spec allows it in the first 1024
    // bytes).
    if find(head.get(..head.len().min(1024)).unwrap_or(head), b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") && find(bytes, b"word/document.xml").is_some() {
        return Format::Docx;
    }
    if looks_like_html(head) {
        return Format::Html;
    }
    if looks_like_markdown(head) {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Formats that are recognised but not read, with what to do about them.
pub(crate) fn unsupported(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(("Word 97-2003 (.doc)", "save it as .docx or PDF"));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(("RTF", "save it as .docx or PDF"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if find(bytes, b"word/document.xml").is_some() {
            return None;
        }
        if find(bytes, b"content.xml").is_some() && find(bytes, b"opendocument").is_some() {
            return Some(("OpenDocument", "save it as .docx or PDF"));
        }
        return Some(("zip archive", "unpack it and import the documents inside"));
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn looks_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// Markdown headings or emphasis at line starts in a fair share of the lines.
fn looks_like_markdown(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut marked = 0usize;
    let mut lines = 0usize;
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() {
            continue;
        }
        lines += 1;
        if line.starts_with("# ")
            || line.starts_with("## ")
            || line.starts_with("### ")
            || line.starts_with("**")
            || line.starts_with("---")
        {
            marked += 1;
        }
    }
    marked >= 3 && marked * 50 >= lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Format::Pdf);
        assert_eq!(detect(b"\n\n%PDF-1.4"), Format::Pdf);
        assert_eq!(
            detect(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml"),
            Format::Docx
        );
        assert_eq!(detect(b"<!DOCTYPE html>\n<html lang=\"da\">"), Format::Html);
        assert_eq!(
            detect(b"\xEF\xBB\xBF  <html><head><title>x</title>"),
            Format::Html
        );
        assert_eq!(
            detect("# Referat\n\n## Deltagere\n\n**Mødedato** 1. maj 2020\n".as_bytes()),
            Format::Markdown
        );
        assert_eq!(
            detect(b"REFERAT\nPolitisk Sundhedsklynge\n1. Velkomst\n"),
            Format::Text
        );
        // Markdown with inline HTML is not an HTML page.
        assert_eq!(detect(b"Projekt\t<b>743.000 kr.</b>\n"), Format::Text);
    }

    #[test]
    fn legacy_formats_are_named() {
        assert!(unsupported(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).is_some());
        assert!(unsupported(b"{\\rtf1\\ansi").is_some());
        assert!(unsupported(b"plain text").is_none());
        assert!(unsupported(b"PK\x03\x04\x14\x00word/document.xml").is_none());
        assert!(unsupported(b"PK\x03\x04\x14\x00data.csv").is_some());
    }
}

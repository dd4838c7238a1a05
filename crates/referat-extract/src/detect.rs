//! Telling a document's format from its first bytes (for FirstAgenda's JSON, its
//! keys), never from its name.

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
    if firstagenda_keys(bytes) == (true, true) {
        return Format::FirstAgendaJson;
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
    if looks_like_json(bytes) {
        return match firstagenda_keys(bytes) {
            (true, true) => None,
            (true, false) => Some((
                "JSON",
                "it has FirstAgenda agenda items (Dagsordenpunkter) but no meeting (Moede); \
                 is it cut short? Fetch it again from the portal",
            )),
            _ => Some((
                "JSON",
                "referat reads JSON only as a FirstAgenda meeting (the portal's \
                 /api/agenda/dagsorden/{id}); save the minutes as PDF, Word or HTML",
            )),
        };
    }
    None
}

/// JSON rather than text that happens to start with a bracket: `{"`, `{}`, `[{`, `["`,
/// `[[` or `[]` after white space (and a byte order mark).
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut tokens = bytes.iter().filter(|b| !b.is_ascii_whitespace());
    matches!(
        (tokens.next(), tokens.next()),
        (Some(b'{'), Some(b'"' | b'}')) | (Some(b'['), Some(b'{' | b'"' | b'[' | b']'))
    )
}

/// Whether a JSON object has FirstAgenda's `"Dagsordenpunkter": [` and `"Moede": {`.
/// Looked for in the raw bytes (inside a JSON string a quote is escaped, so a key
/// cannot be matched there), so that a FirstAgenda file whose syntax is broken is
/// still known as one and its error can name the line. The portal writes the items
/// first and the meeting after them, so the one is looked for from the start and the
/// other from the end.
fn firstagenda_keys(bytes: &[u8]) -> (bool, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return (false, false);
    }
    let items = b"\"Dagsordenpunkter\"";
    let meeting = b"\"Moede\"";
    let mut starts = bytes.windows(items.len()).enumerate();
    let mut ends = bytes.windows(meeting.len()).enumerate().rev();
    (
        starts.any(|(at, w)| w == items && opens(bytes, at + items.len(), b'[')),
        ends.any(|(at, w)| w == meeting && opens(bytes, at + meeting.len(), b'{')),
    )
}

/// A colon and then `bracket` from `at`, with only white space between.
fn opens(bytes: &[u8], at: usize, bracket: u8) -> bool {
    let mut rest = bytes
        .get(at..)
        .unwrap_or(&[])
        .iter()
        .filter(|b| !b.is_ascii_whitespace());
    rest.next() == Some(&b':') && rest.next() == Some(&bracket)
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
    let page = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|tag| lower.contains(tag));
    // A fragment (an article body, a CMS export): it opens with a block element and
    // closes one.
    let fragment = [
        "<div", "<p>", "<p ", "<h1", "<h2", "<h3", "<h4", "<table", "<ul", "<ol", "<article",
        "<section", "<main",
    ]
    .iter()
    .any(|tag| lower.starts_with(tag))
        && lower.contains("</");
    page || fragment
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
        // Markdown with inline HTML is not an HTML page; an HTML fragment is HTML.
        assert_eq!(detect(b"Projekt\t<b>743.000 kr.</b>\n"), Format::Text);
        assert_eq!(
            detect(b"<div class=\"entry\">\n<h2>Referat</h2>\n<p>Tekst</p></div>"),
            Format::Html
        );
        assert_eq!(detect(b"<b>Referat</b>\nTekst\n"), Format::Text);
        assert_eq!(
            detect(b"\xEF\xBB\xBF {\n \"Dagsordenpunkter\" : [],\"Moede\":\n{}}"),
            Format::FirstAgendaJson
        );
        // Broken, but still FirstAgenda's.
        assert_eq!(
            detect(b"{\"Dagsordenpunkter\": [{,,}], \"Moede\": {"),
            Format::FirstAgendaJson
        );
    }

    #[test]
    fn other_json_is_named() {
        for json in [
            &b"{\"items\": []}"[..],
            b"  [{\"a\": 1}]",
            b"{}",
            b"{\"Moede\": {}}",
            // The keys only inside a string.
            b"{\"x\": \"\\\"Dagsordenpunkter\\\": [ \\\"Moede\\\": {\"}",
        ] {
            assert_eq!(unsupported(json).map(|(f, _)| f), Some("JSON"), "{json:?}");
        }
        let (_, advice) = unsupported(b"{\"Dagsordenpunkter\": [{\"Navn\": \"A\"}").unwrap();
        assert!(advice.contains("cut short"));
        assert!(unsupported(b"{\"Dagsordenpunkter\": [], \"Moede\": {}}").is_none());
        // Text that starts with a bracket is text.
        for text in [&b"[Udkast] Referat"[..], b"[1] Indledning", b"{Referat}"] {
            assert!(unsupported(text).is_none());
            assert_eq!(detect(text), Format::Text);
        }
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

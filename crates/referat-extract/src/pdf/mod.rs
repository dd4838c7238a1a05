//! PDF documents: the text of each page laid out line by line as `pdftotext -layout`
//! would, with `\f` at each page end.
//!
//! `pdf-extract` (on `lopdf`) reads the file and reports every glyph with its
//! position; [`layout`] puts the glyphs into lines. It was chosen by measurement
//! against other Rust readers (`docs/pdf-extraction.md`), and is patched
//! (`vendor/pdf-extract/PATCHES.md`) to build each font once per document and to
//! read content streams with our [`content`] reader in place of lopdf's slower one.
//! Before it runs, [`guard`] repairs what would make it recurse forever. A panic
//! inside it costs the drawing instruction or the page it happened on, named in a
//! warning; on every page, or outside the pages, it is a damaged file. Running
//! headers, page numbers and URLs are left in: the parser knows them by their
//! repeating across pages.

mod budget;
mod content;
mod guard;
mod layout;

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::{ExtractError, Limits};
use layout::Glyph;

/// The most characters one page may draw. Each is held with its position until the
/// page is laid out, at some 80 bytes apiece, so this bounds a page's memory (about
/// 80 MB) where the text limit alone, counting a byte a character, would not; a dense
/// real page draws a few thousand.
const MAX_PAGE_GLYPHS: usize = 1_000_000;

/// A PDF's text, and the pages that could not be read.
pub(crate) struct PdfText {
    pub text: String,
    pub warnings: Vec<String>,
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractError> {
    let page = Cell::new(0u32);
    // pdf-extract and lopdf unwrap and index freely on what a file says (a missing
    // font, an operator without operands): for us such a panic is a damaged file, not
    // a bug, so it is caught and reported as one, naming the page it happened on.
    match panic::catch_unwind(AssertUnwindSafe(|| read(bytes, limits, &page))) {
        Ok(result) => result,
        Err(payload) => {
            let at = match page.get() {
                0 => String::new(),
                n => format!(" on page {n}"),
            };
            Err(damaged(format!(
                "the PDF reader failed{at}: {}",
                panic_message(payload.as_ref())
            )))
        }
    }
}

fn read(bytes: &[u8], limits: &Limits, page: &Cell<u32>) -> Result<PdfText, ExtractError> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(load_error)?;
    if doc.is_encrypted() {
        // A file with only an owner password opens with the empty user password, as
        // it does in any viewer; anything else needs the password.
        doc.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(damaged(
            "no pages: the page tree is missing or empty".into(),
        ));
    }
    if pages.len() > limits.max_pages {
        return Err(ExtractError::OverLimit {
            format: "pdf",
            what: format!("{} pages", pages.len()),
            limit: limits.max_pages as u64,
        });
    }
    guard::prepare(&mut doc, &pages, limits)?;
    let mut sink = Sink::new(limits.max_unpacked_bytes, page);
    let (result, exceeded) = budget::Budget::run(limits, || {
        pdf_extract::output_doc_with_content_decoder(&doc, &mut sink, budget::decode)
    });
    if let Some(exceeded) = exceeded {
        return Err(exceeded.error(page.get()));
    }
    if sink.over_limit {
        return Err(ExtractError::OverLimit {
            format: "pdf",
            what: format!("over {} bytes of text", limits.max_unpacked_bytes),
            limit: limits.max_unpacked_bytes,
        });
    }
    if sink.over_glyphs {
        return Err(ExtractError::OverLimit {
            format: "pdf",
            what: format!(
                "more than {MAX_PAGE_GLYPHS} characters drawn on page {}",
                page.get()
            ),
            limit: MAX_PAGE_GLYPHS as u64,
        });
    }
    if let Err(e) = result {
        return Err(damaged(match page.get() {
            0 => e.to_string(),
            n => format!("page {n}: {e}"),
        }));
    }
    if let Some((page, reason)) = &sink.first_failed_page {
        if sink.failed_pages == pages.len() {
            // Nothing was read: the file is damaged, not a page of it.
            return Err(damaged(format!(
                "the PDF reader failed on every page, first on page {page}: {reason}"
            )));
        }
    }
    if !sink.any_text {
        return Err(ExtractError::NoTextLayer { pages: pages.len() });
    }
    Ok(PdfText {
        text: sink.out,
        warnings: sink.warnings,
    })
}

fn damaged(reason: String) -> ExtractError {
    ExtractError::Damaged {
        format: "pdf",
        reason,
    }
}

fn load_error(e: pdf_extract::Error) -> ExtractError {
    match e {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
            ExtractError::Encrypted
        }
        e => damaged(format!("cannot read the file's structure: {e}")),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| plain_reason(s))
        .or_else(|| payload.downcast_ref::<String>().map(|s| plain_reason(s)))
        .unwrap_or_else(|| plain_reason(""))
}

/// A reader's failure as a reader of warnings can use it: the text of a caught panic
/// (`called Result::unwrap() on an Err value: …`, `index out of bounds: …`) names
/// the reader's code, not the file, and is replaced by what it means.
fn plain_reason(message: &str) -> String {
    const PANIC_WORDS: [&str; 10] = [
        "called `",
        "unwrap",
        "expect",
        "index out of bounds",
        "out of range",
        "attempt to",
        "overflow",
        "not implemented",
        "unreachable",
        "assertion",
    ];
    if message.is_empty() || PANIC_WORDS.iter().any(|w| message.contains(w)) {
        "content the reader cannot make sense of (damaged, or a PDF feature it does not \
         support)"
            .to_owned()
    } else {
        message.to_owned()
    }
}

/// Collects the glyphs of each page from pdf-extract and lays the page out when it
/// ends.
struct Sink<'a> {
    out: String,
    glyphs: Vec<Glyph>,
    /// Bytes of glyph text held for the current page.
    pending: usize,
    max_bytes: u64,
    over_limit: bool,
    over_glyphs: bool,
    any_text: bool,
    page: &'a Cell<u32>,
    /// The top of the page, to measure baselines downwards as lines are read.
    top: f64,
    /// How many pages the reader failed on, and the first of them with its reason.
    failed_pages: usize,
    first_failed_page: Option<(u32, String)>,
    /// Operations of the current page the reader failed on, and the first of them
    /// with its reason.
    skipped: usize,
    first_skipped: Option<(String, String)>,
    /// What was read only in part, in page order.
    warnings: Vec<String>,
}

impl<'a> Sink<'a> {
    fn new(max_bytes: u64, page: &'a Cell<u32>) -> Sink<'a> {
        Sink {
            out: String::new(),
            glyphs: Vec::new(),
            pending: 0,
            max_bytes,
            over_limit: false,
            over_glyphs: false,
            any_text: false,
            page,
            top: 0.0,
            failed_pages: 0,
            first_failed_page: None,
            skipped: 0,
            first_skipped: None,
            warnings: Vec::new(),
        }
    }

    fn check_limit(&mut self) -> Result<(), OutputError> {
        if (self.out.len() + self.pending) as u64 > self.max_bytes {
            self.over_limit = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }
}

impl OutputDev for Sink<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page.set(page_num);
        self.top = media_box.ury;
        self.glyphs.clear();
        self.pending = 0;
        self.skipped = 0;
        self.first_skipped = None;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        if let Some((operator, reason)) = self.first_skipped.take() {
            let page = self.page.get();
            let n = self.skipped;
            let what = if n == 1 {
                "one drawing instruction".to_owned()
            } else {
                format!("{n} drawing instructions")
            };
            self.warnings.push(format!(
                "page {page}: {what} could not be read, so text may be missing \
                 (the first, `{operator}`: {reason})"
            ));
        }
        layout::lay_out(std::mem::take(&mut self.glyphs), &mut self.out);
        self.out.push('\x0C');
        self.pending = 0;
        self.check_limit()
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // Only upright text makes lines; text turned on its side (a filing mark in the
        // margin) would come out a letter a line.
        if trm.m11 <= 0.0 || trm.m12.abs() > 0.1 * trm.m11 {
            return Ok(());
        }
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        if !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let text = clean(text);
        if text.is_empty() {
            return Ok(());
        }
        if !text.trim().is_empty() {
            self.any_text = true;
        }
        if self.glyphs.len() >= MAX_PAGE_GLYPHS {
            self.over_glyphs = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.pending += text.len();
        self.glyphs.push(Glyph {
            x: trm.m31,
            y: self.top - trm.m32,
            end: trm.m31 + width * size,
            size,
            text,
        });
        self.check_limit()
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn page_failed(&mut self, page_num: u32, message: &str) -> Result<(), OutputError> {
        // What the page drew before the failure is dropped with it: a page read in
        // part could pass for whole.
        self.glyphs.clear();
        self.pending = 0;
        self.out.push('\x0C');
        self.failed_pages += 1;
        if self.first_failed_page.is_none() {
            self.first_failed_page = Some((page_num, plain_reason(message)));
        }
        self.warnings.push(format!(
            "page {page_num} could not be read and its text is missing: {}",
            plain_reason(message)
        ));
        Ok(())
    }

    fn operation_failed(&mut self, operator: &str, message: &str) -> Result<(), OutputError> {
        self.skipped += 1;
        if self.first_skipped.is_none() {
            self.first_skipped = Some((operator.to_owned(), plain_reason(message)));
        }
        Ok(())
    }
}

/// A glyph's text as it should read: ligatures spelled out, as `pdftotext` does, and
/// control characters (unmapped glyphs) dropped.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{A0}' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_told_as_what_it_means() {
        let told = plain_reason("called `Result::unwrap()` on an `Err` value: DictKey(\"Font\")");
        assert!(told.starts_with("content the reader cannot make sense of"));
        assert!(
            plain_reason("index out of bounds: the len is 0 but the index is 0")
                .starts_with("content the reader")
        );
        assert_eq!(plain_reason("missing /Contents"), "missing /Contents");
    }
}

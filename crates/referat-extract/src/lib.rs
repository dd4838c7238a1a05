//! Turns the bytes of a minutes file into text with its line structure. The format
//! ([`Format`]: PDF, Word .docx, HTML, FirstAgenda's publication JSON, Markdown, text)
//! is told from the content, not the file name; text encodings are detected and
//! decoded; hostile input is refused with an [`ExtractError`] that says what is wrong
//! and where, within [`Limits`] on size, unpacked size, nesting and pages.
//!
//! The result, [`Extracted`], is text in the light Markdown dialect `referat-parse`
//! reads: `#` headings, `**bold**` lines, `- ` and `1. ` list items, one table row a
//! line with cells separated by tabs, a blank line between paragraphs, two trailing
//! spaces for a line break inside one, and `\f` where a page ends. Data a format
//! carries about the meeting (FirstAgenda's JSON) comes first as front matter between
//! `---` lines.

mod decode;
mod detect;
mod docx;
mod firstagenda_json;
mod html;
mod markdown;
mod pdf;
mod shown_path;

use std::path::{Path, PathBuf};

pub use decode::{Encoding, decode_text};
pub use detect::detect;
pub use firstagenda_json::is_portal_id;
pub use shown_path::{ShownPath, shown};

/// The largest input accepted by default: 200 MB.
pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// How a table cell labels an agenda item beside its minutes (`3.`, `Pkt. 3`, `§ 41`,
/// `3. Budget`): `Some(true)` when it is the number alone, so that the item's title
/// follows in the next cell; `None` when it labels no item. Word tables and PDF
/// pages both set items out so.
pub(crate) fn item_label(label: &str) -> Option<bool> {
    let number = ["Pkt.", "Pkt", "Punkt", "Sag", "Sak", "PS", "§"]
        .iter()
        .find_map(|p| label.strip_prefix(p))
        .unwrap_or(label)
        .trim_start();
    number.starts_with(|c: char| c.is_ascii_digit()).then(|| {
        number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')' | '/' | '-' | ' '))
    })
}

/// The crates that read PDF, whose panics [`extract`] catches: a panic there costs the
/// instruction or page it happened in (or the file), reported in words.
const PDF_READER_CRATES: [&str; 5] = [
    "pdf-extract",
    "lopdf",
    "adobe-cmap-parser",
    "cff-parser",
    "type1-encoding-parser",
];

/// Whether a panic at this place is one of the PDF reader's, which [`extract`] catches:
/// a program's panic hook may keep their messages quiet, and a fuzzer may let them
/// unwind.
pub fn in_pdf_reader(at: &std::panic::Location<'_>) -> bool {
    PDF_READER_CRATES.iter().any(|c| at.file().contains(c))
}

/// Keeps the PDF reader's panics off standard error, for a program to call first
/// thing. The reader panics on much that a damaged file can say; [`extract`] catches
/// those panics and reports the instruction, page or file as unreadable, in words, and
/// the default message on top of that (`thread 'main' panicked at …`, a backtrace)
/// would read as a crash. Panics anywhere else reach the hook installed before.
pub fn quiet_pdf_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.location().is_some_and(in_pdf_reader) {
            default(info);
        }
    }));
}

/// Bounds on what one document may cost to read. A document over any of them is
/// refused alone ([`ExtractError::OverLimit`], naming the limit), and reading stops
/// where it was met; the defaults leave room for the largest real minutes many times
/// over (`docs/reliability.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Inputs larger than this are refused before they are read.
    pub max_bytes: u64,
    /// The most a compressed container (.docx, the streams of a PDF) may unpack to,
    /// and the most text any document may give.
    pub max_unpacked_bytes: u64,
    /// The most one compressed stream of a PDF may unpack to.
    pub max_stream_bytes: u64,
    /// The most text one document may give. The longest real minutes give a few
    /// megabytes; past this the parser's time and memory (some ten times the text)
    /// would be spent on something that is not minutes.
    pub max_text_bytes: u64,
    /// The deepest element nesting an HTML or XML document may have.
    pub max_depth: usize,
    /// The most attributes one HTML element may have.
    pub max_attributes: usize,
    /// The most pages a PDF may have.
    pub max_pages: usize,
    /// The most times a PDF's pages may draw form XObjects (forms drawing forms
    /// multiply: ten a level over thirty levels is 10^30).
    pub max_form_draws: u64,
    /// The most drawing operations a PDF's pages may take to carry out, forms counted
    /// each time they are drawn.
    pub max_operations: u64,
    /// The longest a PDF's pages may take to read.
    pub max_time: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_stream_bytes: 64 * 1024 * 1024,
            max_text_bytes: 32 * 1024 * 1024,
            max_depth: 512,
            max_attributes: 1_000,
            max_pages: 20_000,
            max_form_draws: 100_000,
            max_operations: 50_000_000,
            max_time: std::time::Duration::from_secs(30),
        }
    }
}

/// The formats a document can come in, as told by its content. Its serde form is
/// [`Format::as_str`]'s word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Pdf,
    Docx,
    Html,
    /// A meeting as the FirstAgenda publication portal's API returns it.
    #[serde(rename = "firstagenda-json")]
    FirstAgendaJson,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::FirstAgendaJson => "firstagenda-json",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of one document. Its serde form is what a reader process sends back
/// (`referat_ingest`'s isolated reading).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    /// `\n` line ends; `\f` marks a page end where the source has pages.
    pub text: String,
    pub format: Format,
    /// The text encoding, for formats that are text; `None` for PDF and .docx, whose
    /// text comes out of the container.
    pub encoding: Option<Encoding>,
    /// What was read only in part: a PDF page the reader could not read, whose text
    /// is missing while the other pages' is there.
    pub warnings: Vec<String>,
}

/// Why a document could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has no text, only white space")]
    Blank,
    #[error("the file is {size} bytes, over the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge { size: u64, limit: u64 },
    /// A named pipe, a device, a socket or a folder: reading one could wait for ever
    /// or never end, so it is not read at all.
    #[error("not a regular file but {0}; nothing was read")]
    NotAFile(&'static str),
    #[error("a binary file, not text: {reason} at byte {offset}")]
    Binary { offset: usize, reason: &'static str },
    #[error("cannot decode the text as {encoding}: {reason}")]
    Undecodable {
        encoding: &'static str,
        /// The line (1-based) where decoding failed.
        line: usize,
        reason: String,
    },
    #[error("a {format} file, which referat does not read: {reason}")]
    Unsupported {
        format: &'static str,
        reason: String,
    },
    #[error("the PDF is encrypted; save an unprotected copy")]
    Encrypted,
    #[error(
        "the PDF has no text layer ({pages} pages of images, probably a scan); run OCR on it first"
    )]
    NoTextLayer { pages: usize },
    #[error("a damaged {format} file: {reason}")]
    Damaged {
        format: &'static str,
        reason: String,
    },
    #[error("a malformed {format} file: {reason} at line {line}, column {column}")]
    Malformed {
        format: &'static str,
        /// Where the syntax breaks (1-based).
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the {format} file goes over a limit: {what} (limit {limit})")]
    OverLimit {
        format: &'static str,
        what: String,
        limit: u64,
    },
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("{}: {source}", shown(path))]
    WithPath {
        path: PathBuf,
        #[source]
        source: Box<ExtractError>,
    },
}

impl ExtractError {
    /// The line the error is at, where it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            ExtractError::Undecodable { line, .. } | ExtractError::Malformed { line, .. } => {
                Some(*line)
            }
            ExtractError::WithPath { source, .. } => source.line(),
            _ => None,
        }
    }

    /// The error without the path it was wrapped in.
    pub fn inner(&self) -> &ExtractError {
        match self {
            ExtractError::WithPath { source, .. } => source.inner(),
            other => other,
        }
    }

    fn with_path(self, path: &Path) -> ExtractError {
        ExtractError::WithPath {
            path: path.to_path_buf(),
            source: Box::new(self),
        }
    }
}

/// Extracts the text of a document held in memory.
pub fn extract(bytes: &[u8], limits: Limits) -> Result<Extracted, ExtractError> {
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(ExtractError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if let Some((format, advice)) = detect::unsupported(bytes) {
        return Err(ExtractError::Unsupported {
            format,
            reason: advice.to_string(),
        });
    }
    let format = detect(bytes);
    let (text, encoding, warnings) = match format {
        Format::Pdf => {
            let pdf = pdf::extract(bytes, &limits)?;
            (pdf.text, None, pdf.warnings)
        }
        Format::Docx => (docx::extract(bytes, &limits)?, None, Vec::new()),
        Format::Html => {
            let (source, encoding) = decode_text(bytes)?;
            (html::extract(&source, &limits)?, Some(encoding), Vec::new())
        }
        Format::FirstAgendaJson => {
            let (text, encoding) = firstagenda_json::extract(bytes, &limits)?;
            (text, Some(encoding), Vec::new())
        }
        Format::Text | Format::Markdown => {
            let (text, encoding) = decode_text(bytes)?;
            (text, Some(encoding), Vec::new())
        }
    };
    let limit = limits.max_text_bytes.min(limits.max_unpacked_bytes);
    if text.len() as u64 > limit {
        return Err(ExtractError::OverLimit {
            format: format.as_str(),
            what: format!("{} bytes of text", text.len()),
            limit,
        });
    }
    if text.trim().is_empty() {
        return Err(ExtractError::Blank);
    }
    Ok(Extracted {
        text,
        format,
        encoding,
        warnings,
    })
}

/// Reads and extracts a file; the size limit is checked before the file is read, and
/// every error carries the path.
pub fn extract_file(path: &Path, limits: Limits) -> Result<Extracted, ExtractError> {
    read_file(path, limits)
        .and_then(|bytes| extract(&bytes, limits))
        .map_err(|e| e.with_path(path))
}

/// The bytes of a file within the size limit, which is checked before the file is
/// read, so that a huge file costs nothing. For a caller that needs the bytes
/// themselves (to fingerprint them) before [`extract`]; the errors do not carry the
/// path.
pub fn read_file(path: &Path, limits: Limits) -> Result<Vec<u8>, ExtractError> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = not_a_file(&meta) {
        return Err(ExtractError::NotAFile(kind));
    }
    let size = meta.len();
    if size > limits.max_bytes {
        return Err(ExtractError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    // Read to one byte past the limit at most: a file that grew since it was looked
    // at is still refused, not read whole.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::fs::File::open(path)?
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limits.max_bytes {
        return Err(ExtractError::TooLarge {
            size: read,
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}

/// What a path is when it is not a regular file (links followed): `None` for a file.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("something else")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_are_refused() {
        assert!(matches!(
            extract(b"", Limits::default()),
            Err(ExtractError::Empty)
        ));
        assert!(matches!(
            extract(b" \n\n\t", Limits::default()),
            Err(ExtractError::Blank)
        ));
    }

    #[test]
    fn size_limit_is_enforced() {
        let limits = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        let err = extract(b"0123456789", limits).unwrap_err();
        assert!(matches!(err, ExtractError::TooLarge { size: 10, limit: 4 }));
        assert!(err.to_string().contains("--max-size"));
    }

    #[test]
    fn files_over_the_limit_are_not_read() {
        let path = std::env::temp_dir().join(format!("referat-extract-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let limits = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        let read = read_file(&path, limits);
        let extracted = extract_file(&path, limits);
        let _ = std::fs::remove_file(&path);
        assert!(matches!(
            read,
            Err(ExtractError::TooLarge { size: 10, limit: 4 })
        ));
        assert!(matches!(
            extracted.unwrap_err().inner(),
            ExtractError::TooLarge { size: 10, limit: 4 }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_not_read() {
        // `/dev/zero` would pass a size check (its size is 0) and never end.
        assert!(matches!(
            read_file(Path::new("/dev/zero"), Limits::default()),
            Err(ExtractError::NotAFile("a device"))
        ));
        let fifo = std::env::temp_dir().join(format!("referat-fifo-{}", std::process::id()));
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a pipe with no writer would wait for ever.
            let read = read_file(&fifo, Limits::default());
            let _ = std::fs::remove_file(&fifo);
            assert!(matches!(read, Err(ExtractError::NotAFile("a named pipe"))));
        }
    }

    #[test]
    fn a_formats_serde_form_is_its_word() {
        for format in [
            Format::Text,
            Format::Markdown,
            Format::Pdf,
            Format::Docx,
            Format::Html,
            Format::FirstAgendaJson,
        ] {
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.as_str()));
            assert_eq!(serde_json::from_str::<Format>(&json).unwrap(), format);
        }
    }

    #[test]
    fn file_errors_name_the_path() {
        let err =
            extract_file(Path::new("/nonexistent/minutes.txt"), Limits::default()).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/minutes.txt: "));
    }
}

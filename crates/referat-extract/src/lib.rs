//! Turns the bytes of a minutes file into text with its line structure: the format is
//! detected from the content, the text encoding (UTF-8 with or without BOM, UTF-16 with
//! BOM, Windows-1252) is detected and decoded, and hostile input is refused with an
//! [`ExtractError`] that says what is wrong and where, within the given [`Limits`].
//!
//! The result, [`Extracted`], is plain text with `\n` line ends and `\f` where a page
//! ends; recognising meetings in it is the job of `referat-parse`.

mod decode;

use std::path::{Path, PathBuf};

pub use decode::{Encoding, decode_text};

/// The largest input accepted by default: 200 MB.
pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Bounds on what one document may cost to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Inputs larger than this are refused before they are read.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The formats a document can come in, as told by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
        }
    }
}

/// The text of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// `\n` line ends; `\f` marks a page end where the source has pages.
    pub text: String,
    pub format: Format,
    pub encoding: Encoding,
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
    #[error("a binary file, not text: {reason} at byte {offset}")]
    Binary { offset: usize, reason: &'static str },
    #[error("cannot decode the text as {encoding}: {reason}")]
    Undecodable {
        encoding: &'static str,
        /// The line (1-based) where decoding failed.
        line: usize,
        reason: String,
    },
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("{}: {source}", path.display())]
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
            ExtractError::Undecodable { line, .. } => Some(*line),
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
    let (text, encoding) = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(ExtractError::Blank);
    }
    let format = if looks_like_markdown(&text) {
        Format::Markdown
    } else {
        Format::Text
    };
    Ok(Extracted {
        text,
        format,
        encoding,
    })
}

/// Reads and extracts a file; the size limit is checked before the file is read, and
/// every error carries the path.
pub fn extract_file(path: &Path, limits: Limits) -> Result<Extracted, ExtractError> {
    let run = || {
        let size = std::fs::metadata(path)?.len();
        if size > limits.max_bytes {
            return Err(ExtractError::TooLarge {
                size,
                limit: limits.max_bytes,
            });
        }
        let bytes = std::fs::read(path)?;
        extract(&bytes, limits)
    };
    run().map_err(|e| e.with_path(path))
}

/// Markdown headings or emphasis at line starts in a fair share of the lines.
fn looks_like_markdown(text: &str) -> bool {
    let mut marked = 0usize;
    let mut lines = 0usize;
    for line in text.lines().take(2000) {
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
        let err = extract(b"0123456789", Limits { max_bytes: 4 }).unwrap_err();
        assert!(matches!(err, ExtractError::TooLarge { size: 10, limit: 4 }));
        assert!(err.to_string().contains("--max-size"));
    }

    #[test]
    fn markdown_is_told_from_text() {
        let md = "# Referat\n\n## Deltagere\n\n**Mødedato** 1. maj 2020\n";
        assert_eq!(
            extract(md.as_bytes(), Limits::default()).unwrap().format,
            Format::Markdown
        );
        let txt = "REFERAT\nPolitisk Sundhedsklynge\n1. Velkomst\n";
        assert_eq!(
            extract(txt.as_bytes(), Limits::default()).unwrap().format,
            Format::Text
        );
    }

    #[test]
    fn file_errors_name_the_path() {
        let err =
            extract_file(Path::new("/nonexistent/minutes.txt"), Limits::default()).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/minutes.txt: "));
    }
}

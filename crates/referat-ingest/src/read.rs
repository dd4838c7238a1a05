//! A document to its meeting record.

use std::path::{Path, PathBuf};

use referat_extract::{ExtractError, Extracted, Limits};
use referat_model::{Meeting, Warning, WarningKind};
use referat_parse::ParseError;

/// Why a document could not be read as a meeting record.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read or its text not extracted.
    #[error("{path}{at}: {source}", path = referat_extract::shown(.path), at = line_suffix(*.line))]
    Unreadable {
        path: PathBuf,
        /// The line (1-based) of the text where extraction failed, where it says.
        line: Option<usize>,
        source: ExtractError,
    },
    /// The text is not minutes or an agenda.
    #[error("{}: {source}", referat_extract::shown(.path))]
    NotMinutes { path: PathBuf, source: ParseError },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Unreadable { path, .. } | ReadError::NotMinutes { path, .. } => path,
        }
    }
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// The text of a file, within the limits.
pub fn read_text(path: &Path, limits: Limits) -> Result<Extracted, ReadError> {
    referat_extract::extract_file(path, limits).map_err(|e| ReadError::Unreadable {
        path: path.to_path_buf(),
        line: e.line(),
        source: without_path(e),
    })
}

/// The record of a file, within the limits.
pub fn read(path: &Path, limits: Limits) -> Result<Meeting, ReadError> {
    record(read_text(path, limits)?).map_err(|source| ReadError::NotMinutes {
        path: path.to_path_buf(),
        source,
    })
}

/// The record of a document's text, with what extraction read only in part among
/// its warnings (`unreadable-page`), so that they reach `lint`, the JSON and the
/// archive with the parser's own.
pub fn record(extracted: Extracted) -> Result<Meeting, ParseError> {
    let mut meeting = referat_parse::parse(&extracted.text)?;
    meeting.warnings.extend(
        extracted
            .warnings
            .into_iter()
            .map(|message| Warning::new(WarningKind::UnreadablePage, None, message)),
    );
    Ok(meeting)
}

/// The error without the path it carries, since [`ReadError`] holds the path itself.
fn without_path(e: ExtractError) -> ExtractError {
    match e {
        ExtractError::WithPath { source, .. } => without_path(*source),
        other => other,
    }
}

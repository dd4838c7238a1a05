//! Documents into the archive, one transaction each: a single document given as bytes,
//! or a batch of files, read and parsed on worker threads while the archive writes
//! them one at a time in the order the files were found, so that the same folder
//! always gives the same ids.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use referat_archive::{
    Archive, ArchiveError, Imported, PortalMeeting, SourceDocument, is_export, sha256_hex,
};
use referat_extract::{ExtractError, Limits};
use referat_model::Meeting;
use referat_parse::ParseError;
use referat_search::{CatchUp, SearchIndex};

use crate::isolate::Extractor;
use crate::{Reader, UpdateError, follow, record};

/// Why a document was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A path given to [`collect`] is not there or cannot be looked at.
    #[error("cannot read: {0}")]
    Missing(#[source] std::io::Error),
    /// A folder given to [`collect`], or one inside it, cannot be listed.
    #[error("cannot list the folder: {0}")]
    Unlisted(#[source] std::io::Error),
    /// A named pipe, a device or a socket found in a folder: never read.
    #[error("not a regular file but {0}; nothing was read")]
    NotAFile(&'static str),
    /// A link to a folder inside a folder: not followed, since links can loop.
    #[error(
        "a link to a folder, not followed (links can loop); name the folder itself to import it"
    )]
    LinkedFolder,
    /// The file could not be read or its text not extracted.
    #[error("{}{}", line_prefix(.0.line()), .0)]
    Unreadable(#[source] ExtractError),
    /// A reader process did not read the file: it refused it, or used more memory or
    /// time than it may, or died.
    #[error(transparent)]
    NotRead(crate::WorkerError),
    /// The text is not minutes or an agenda.
    #[error(transparent)]
    NotMinutes(ParseError),
    /// The archive refused the record or failed to write it.
    #[error("not imported: {0}")]
    NotImported(#[source] ArchiveError),
    /// A file written by `referat export` could not be restored.
    #[error(transparent)]
    NotRestored(ArchiveError),
    /// The document is in the archive, but the search index did not follow it.
    #[error("imported, but the search index did not follow: {0}")]
    NotIndexed(#[source] UpdateError),
}

impl ImportError {
    /// Whether the archive could not write for want of space: a batch stops.
    pub fn is_disk_full(&self) -> bool {
        match self {
            ImportError::NotImported(e) | ImportError::NotRestored(e) => e.is_disk_full(),
            ImportError::NotIndexed(e) => e.is_disk_full(),
            _ => false,
        }
    }
}

/// `line N: ` before a message where it has a line.
pub(crate) fn line_prefix(line: Option<usize>) -> String {
    line.map(|l| format!("line {l}: ")).unwrap_or_default()
}

/// A document of a batch that was not imported: the file and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", referat_extract::shown(.path))]
pub struct Failure {
    pub path: PathBuf,
    #[source]
    pub reason: ImportError,
}

/// The files found under some paths, the files of their folders that are plainly not
/// meeting documents, and the paths that could not be looked at.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
    pub failures: Vec<Failure>,
}

/// A file found in a folder and left unread, as plainly not a meeting document.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", referat_extract::shown(.path))]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a file of a folder is plainly not a meeting document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// Its name ends in an extension of no document format (`.tsv`, `.png`, `.mp3`).
    #[error("not a document (.{0}); name the file itself to import it")]
    NotADocument(String),
    /// The folder's README, which describes the folder.
    #[error("the folder's README; name the file itself to import it")]
    Readme,
}

/// The endings of the formats referat reads (text, Markdown, PDF, Word, HTML, JSON
/// and its own export), and of the document formats it refuses with advice (old Word,
/// RTF, OpenDocument), which may well hold minutes: a folder's file with any other
/// ending is skipped. A file without an ending is read, as its content decides.
const DOCUMENT_ENDINGS: [&str; 15] = [
    "txt", "text", "md", "markdown", "pdf", "docx", "doc", "rtf", "odt", "html", "htm", "xhtml",
    "json", "jsonl", "ndjson",
];

/// Why a file found in a folder is left unread, if it is: its name says it is no
/// meeting document. The format is still told from the content of every file read;
/// the name only decides which files of a folder are worth reading, as a file named
/// on the command line is always read.
fn skip_reason(path: &Path) -> Option<SkipReason> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem.eq_ignore_ascii_case("readme") {
        return Some(SkipReason::Readme);
    }
    let ending = path.extension()?.to_string_lossy().to_lowercase();
    // `Referat 24.04.2025` has no ending but a date: an ending is a short word with a
    // letter in it.
    let is_ending = (1..=5).contains(&ending.len())
        && ending.chars().all(|c| c.is_ascii_alphanumeric())
        && ending.chars().any(|c| c.is_ascii_alphabetic());
    if !is_ending || DOCUMENT_ENDINGS.contains(&ending.as_str()) {
        None
    } else {
        Some(SkipReason::NotADocument(ending))
    }
}

/// The files under these paths, folders walked recursively in name order; hidden
/// files and folders (a leading dot) are skipped, and so are the files of a folder
/// that are plainly not meeting documents ([`SkipReason`]), which are listed. A file
/// named among `paths` is always taken. Links to files are followed; links
/// to folders inside a folder, which could loop, and pipes, devices and sockets are
/// reported as failures, never read.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut found = Collected::default();
    for path in paths {
        walk(path, &mut found, true);
    }
    found
}

fn walk(path: &Path, found: &mut Collected, top: bool) {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..");
    if hidden && !top {
        return;
    }
    let fail = |found: &mut Collected, reason| {
        found.failures.push(Failure {
            path: path.to_path_buf(),
            reason,
        });
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(found, ImportError::Missing(e)),
    };
    // A link to a file is the file; a link to a folder is followed only when named
    // on the command line, as a link inside the tree could loop.
    let linked = meta.file_type().is_symlink();
    let meta = if linked {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return fail(found, ImportError::Missing(e)),
        }
    } else {
        meta
    };
    if meta.is_dir() {
        if linked && !top {
            return fail(found, ImportError::LinkedFolder);
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return fail(found, ImportError::Unlisted(e)),
        };
        entries.sort();
        for entry in entries {
            walk(&entry, found, false);
        }
    } else if let Some(kind) = referat_extract::not_a_file(&meta) {
        fail(found, ImportError::NotAFile(kind));
    } else if let Some(reason) = skip_reason(path).filter(|_| !top) {
        found.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason,
        });
    } else {
        found.files.push(path.to_path_buf());
    }
}

/// What a batch did, for its summary. Every count is of documents whose transaction
/// committed: what the archive holds.
#[derive(Debug, Default)]
pub struct Tally {
    pub imported: usize,
    pub unchanged: usize,
    pub replaced: usize,
    pub failed: Vec<Failure>,
    /// The bytes of the documents written.
    pub bytes: u64,
    /// The meetings written.
    pub meetings: Vec<i64>,
    /// Whether an export was restored (the index was then rebuilt whole).
    pub restored: bool,
    /// The batch stopped before its end: the disk is full, and every later write
    /// would fail too. The failure that stopped it is the last of `failed`.
    pub stopped: bool,
    /// Documents of the batch not tried, after it stopped.
    pub untried: usize,
    /// What the search index did after the batch, or why it could not follow (the
    /// archive has the documents; the index takes them in at its next catch-up).
    pub index: Option<Result<CatchUp, UpdateError>>,
}

/// What a batch tells as it goes; the batch goes on after a failure whatever is done
/// with it.
pub trait Progress {
    /// `done` of the `total` documents are through, the last one counted in `tally`.
    /// Told after every document, and once with `0` of `0` for an empty batch.
    fn advanced(&mut self, done: usize, total: usize, tally: &Tally);
    /// A document was not imported; told before the document is counted.
    fn failed(&mut self, failure: &Failure);
}

/// A document read and parsed: what the archive is given.
enum Prepared {
    Record(SourceDocument, Box<Meeting>),
    /// The archive has this exact file already (known before parsing).
    Unchanged,
    /// A file written by `referat export`.
    Export(Vec<u8>),
}

/// Imports one document, `bytes`, known to the archive as `known_as` (where it came
/// from: a later version under the same name replaces its meeting), in one
/// transaction, and brings the index up to date with it.
pub async fn import_document(
    archive: &Archive,
    index: &SearchIndex,
    known_as: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Imported, ImportError> {
    let (doc, meeting) = parse(
        known_as.to_string(),
        sha256_hex(bytes),
        bytes,
        limits,
        &mut Extractor::InProcess,
    )?;
    let imported = archive
        .import(&doc, &meeting)
        .await
        .map_err(ImportError::NotImported)?;
    follow(archive, index)
        .await
        .map_err(ImportError::NotIndexed)?;
    Ok(imported)
}

/// Imports one meeting fetched from a publication portal, `bytes`, known to the
/// archive as `known_as` (where its bytes are kept), in one transaction with what was
/// fetched (`fetched`: the portal, the meeting's id and link there, the hash). The
/// index is not brought up to date here: a sync does that once, after its meetings.
pub async fn import_fetched(
    archive: &Archive,
    known_as: &str,
    bytes: &[u8],
    limits: Limits,
    fetched: &PortalMeeting,
) -> Result<Imported, ImportError> {
    let (doc, meeting) = parse(
        known_as.to_string(),
        fetched.sha256.clone(),
        bytes,
        limits,
        &mut Extractor::InProcess,
    )?;
    archive
        .import_fetched(&doc, &meeting, fetched)
        .await
        .map_err(ImportError::NotImported)
}

/// Imports files into the archive, each in one transaction: a file the archive has
/// (by path and content) is skipped unread, a changed one replaces its meeting, a
/// file written by `referat export` is restored, and a document that fails is told to
/// `progress` and counted while the batch goes on, unless the disk is full: then the
/// batch stops ([`Tally::stopped`]). Then the index catches up with the archive
/// ([`Tally::index`]), whatever the batch did.
///
/// `jobs` threads read and parse. The documents are read in this process;
/// [`import_with`] can read them in worker processes.
pub async fn import(
    archive: &Archive,
    index: &SearchIndex,
    files: Vec<PathBuf>,
    limits: Limits,
    jobs: usize,
    progress: &mut impl Progress,
) -> Tally {
    import_with(
        archive,
        index,
        files,
        &Reader::InProcess,
        limits,
        jobs,
        progress,
    )
    .await
}

/// [`import`], with the documents read by `reader`: with [`Reader::Isolated`], each of
/// the `jobs` threads hands the bytes to a worker process of its own, so that a
/// document that exhausts memory or time fails alone.
pub async fn import_with(
    archive: &Archive,
    index: &SearchIndex,
    files: Vec<PathBuf>,
    reader: &Reader,
    limits: Limits,
    jobs: usize,
    progress: &mut impl Progress,
) -> Tally {
    let mut tally = Tally::default();
    let total = files.len();
    let (tx, rx) = mpsc::sync_channel::<(usize, PathBuf, Result<Prepared, ImportError>)>(jobs * 4);
    let next = Arc::new(AtomicUsize::new(0));
    let files = Arc::new(files);
    // Which documents the archive already has, by path and hash: the workers need not
    // parse those. Read once, up front, as the workers cannot share the async pool;
    // without it every document is parsed, and the archive still knows its own.
    let known = Arc::new(archive.known_documents().await.unwrap_or_default());
    let mut workers = Vec::new();
    for _ in 0..jobs.max(1) {
        let (tx, next, files, known) = (tx.clone(), next.clone(), files.clone(), known.clone());
        let mut extractor = Extractor::new(reader);
        workers.push(std::thread::spawn(move || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let prepared = prepare(path, limits, &known, &mut extractor);
                if tx.send((i, path.clone(), prepared)).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);
    // Results arrive in any order; they are written in file order.
    let mut pending = BTreeMap::new();
    let mut want = 0;
    'batch: for (i, path, prepared) in rx.iter() {
        pending.insert(i, (path, prepared));
        while let Some((path, prepared)) = pending.remove(&want) {
            if let Err(reason) = write(archive, prepared, &mut tally).await {
                let full = reason.is_disk_full();
                let failure = Failure { path, reason };
                progress.failed(&failure);
                tally.failed.push(failure);
                if full {
                    tally.stopped = true;
                    want += 1;
                    break 'batch;
                }
            }
            want += 1;
            progress.advanced(want, total, &tally);
        }
    }
    if tally.stopped {
        // The workers stop at their next send; what they read is dropped with them.
        next.store(total, Ordering::Relaxed);
        tally.untried = total.saturating_sub(want);
    }
    // A worker blocked on a full channel is let go.
    drop(rx);
    drop(pending);
    for w in workers {
        let _ = w.join();
    }
    if total == 0 {
        progress.advanced(0, 0, &tally);
    }
    // The index catches up from the archive's change log: a restore, a replacement,
    // a batch that stopped, and anything a killed process left behind alike.
    tally.index = Some(follow(archive, index).await);
    tally
}

/// Reads and parses one file of a batch, unless the archive has it.
fn prepare(
    path: &Path,
    limits: Limits,
    known: &HashSet<(String, String)>,
    extractor: &mut Extractor,
) -> Result<Prepared, ImportError> {
    let bytes = referat_extract::read_file(path, limits).map_err(ImportError::Unreadable)?;
    if is_export(&bytes) {
        return Ok(Prepared::Export(bytes));
    }
    let stored = stored_path(path);
    let sha = sha256_hex(&bytes);
    let key = (stored, sha);
    if known.contains(&key) {
        return Ok(Prepared::Unchanged);
    }
    let (stored, sha) = key;
    let (doc, meeting) = parse(stored, sha, &bytes, limits, extractor)?;
    Ok(Prepared::Record(doc, meeting))
}

/// The record of one document, and the document as the archive keeps it.
fn parse(
    known_as: String,
    sha256: String,
    bytes: &[u8],
    limits: Limits,
    extractor: &mut Extractor,
) -> Result<(SourceDocument, Box<Meeting>), ImportError> {
    let extracted = extractor.extract(bytes, limits)?;
    let doc = SourceDocument {
        path: known_as,
        format: extracted.format.as_str().to_string(),
        sha256,
        size: bytes.len() as u64,
    };
    let meeting = record(extracted).map_err(ImportError::NotMinutes)?;
    Ok((doc, Box::new(meeting)))
}

/// The path a document is known by in the archive: absolute, so that importing from
/// another folder finds the same document.
fn stored_path(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Writes one prepared document, counting it unless it fails.
async fn write(
    archive: &Archive,
    prepared: Result<Prepared, ImportError>,
    tally: &mut Tally,
) -> Result<(), ImportError> {
    match prepared? {
        Prepared::Unchanged => tally.unchanged += 1,
        Prepared::Export(bytes) => {
            tally.imported += archive
                .restore(bytes.as_slice())
                .await
                .map_err(ImportError::NotRestored)?;
            tally.restored = true;
        }
        Prepared::Record(doc, meeting) => {
            tally.bytes += doc.size;
            match archive
                .import(&doc, &meeting)
                .await
                .map_err(ImportError::NotImported)?
            {
                Imported::New { meeting } => {
                    tally.imported += 1;
                    tally.meetings.push(meeting);
                }
                Imported::Unchanged { .. } => tally.unchanged += 1,
                Imported::Replaced { meeting, .. } => {
                    tally.replaced += 1;
                    tally.meetings.push(meeting);
                }
            }
        }
    }
    Ok(())
}

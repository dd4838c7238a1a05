//! `referat import`: files and folders into the archive, with progress and a summary.
//!
//! Reading and parsing run on worker threads while the archive writes documents one
//! transaction at a time, in the order the files were found, so that the same folder
//! always gives the same ids.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use referat_archive::{Archive, Imported, SourceDocument, is_export};
use referat_extract::Limits;
use referat_model::Meeting;

/// One file read and parsed, or why not.
enum Read {
    Record(SourceDocument, Box<Meeting>),
    /// The archive has this exact file already (known before parsing).
    Unchanged,
    Export(PathBuf),
    Failed(String),
}

/// The files under these paths, folders walked recursively in name order; hidden
/// files and folders (a leading dot) are skipped, and so are symlinked folders, which
/// could loop.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        walk(path, &mut files, &mut errors, true);
    }
    (files, errors)
}

fn walk(path: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, String)>, top: bool) {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..");
    if hidden && !top {
        return;
    }
    let meta = match if top {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    } {
        Ok(m) => m,
        Err(e) => {
            errors.push((path.to_path_buf(), format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                errors.push((path.to_path_buf(), format!("cannot list the folder: {e}")));
                return;
            }
        };
        entries.sort();
        for entry in entries {
            walk(&entry, files, errors, false);
        }
    } else if meta.is_file() {
        files.push(path.to_path_buf());
    }
}

/// Counts for the summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub imported: usize,
    pub unchanged: usize,
    pub replaced: usize,
    pub failed: Vec<(PathBuf, String)>,
    pub bytes: u64,
    /// The meetings written, for the search index to follow.
    pub meetings: Vec<i64>,
    /// Whether an export was restored (the index is then rebuilt whole).
    pub restored: bool,
}

/// Progress on standard error: one line redrawn on a terminal, plain lines now and
/// then otherwise (a log should not fill with carriage returns).
struct Progress {
    total: usize,
    terminal: bool,
    started: Instant,
    last: Instant,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let now = Instant::now();
        Progress {
            total,
            terminal: std::io::stderr().is_terminal(),
            started: now,
            last: now,
        }
    }

    fn update(&mut self, done: usize, tally: &Tally) {
        let every = if self.terminal {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if done < self.total && self.last.elapsed() < every {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let line = format!(
            "importing: {done}/{} documents ({:.0}/s), {} failed",
            self.total,
            done as f64 / secs,
            tally.failed.len()
        );
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{line}");
            if done == self.total {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "{line}");
        }
    }

    fn failure(&self, path: &Path, reason: &str) {
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "error: {}: {reason}", path.display());
    }
}

/// Imports the files into the archive.
pub async fn import(archive: &Archive, files: Vec<PathBuf>, limits: Limits, jobs: usize) -> Tally {
    let mut tally = Tally::default();
    let mut progress = Progress::new(files.len());
    let total = files.len();
    let (tx, rx) = mpsc::sync_channel::<(usize, PathBuf, Read)>(jobs * 4);
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    let files = std::sync::Arc::new(files);
    // Which documents the archive already has, by path and hash: the workers need not
    // parse those. Read once, up front, as the workers cannot share the async pool.
    let known = std::sync::Arc::new(archive.known_documents().await.unwrap_or_default());
    let mut workers = Vec::new();
    for _ in 0..jobs.max(1) {
        let (tx, next, files, known) = (tx.clone(), next.clone(), files.clone(), known.clone());
        workers.push(std::thread::spawn(move || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let read = read(path, limits, &known);
                if tx.send((i, path.clone(), read)).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);
    // Results arrive in any order; they are written in file order.
    let mut pending = BTreeMap::new();
    let mut want = 0;
    for (i, path, read) in rx {
        pending.insert(i, (path, read));
        while let Some((path, read)) = pending.remove(&want) {
            write(archive, &path, read, &mut tally, &progress).await;
            want += 1;
            progress.update(want, &tally);
        }
    }
    for w in workers {
        let _ = w.join();
    }
    if total == 0 {
        progress.update(0, &tally);
    }
    tally
}

fn read(path: &Path, limits: Limits, known: &std::collections::HashSet<(String, String)>) -> Read {
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > limits.max_bytes => {
            let e = referat_extract::ExtractError::TooLarge {
                size: m.len(),
                limit: limits.max_bytes,
            };
            return Read::Failed(e.to_string());
        }
        Ok(_) => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Read::Failed(format!("cannot read the file: {e}")),
        },
        Err(e) => return Read::Failed(format!("cannot read the file: {e}")),
    };
    if is_export(&bytes) {
        return Read::Export(path.to_path_buf());
    }
    let stored = stored_path(path);
    let sha = referat_archive::sha256_hex(&bytes);
    if known.contains(&(stored.clone(), sha)) {
        return Read::Unchanged;
    }
    let extracted = match referat_extract::extract(&bytes, limits) {
        Ok(e) => e,
        Err(e) => {
            let at = e.line().map(|l| format!("line {l}: ")).unwrap_or_default();
            return Read::Failed(format!("{at}{e}"));
        }
    };
    let format = extracted.format;
    match crate::record(extracted) {
        Ok(meeting) => {
            let mut doc = SourceDocument::new(Path::new(&stored), format.as_str(), &bytes);
            doc.path = stored;
            Read::Record(doc, Box::new(meeting))
        }
        Err(e) => Read::Failed(e.to_string()),
    }
}

/// The path a document is known by in the archive: absolute, so that importing from
/// another folder finds the same document.
fn stored_path(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

async fn write(archive: &Archive, path: &Path, read: Read, tally: &mut Tally, progress: &Progress) {
    match read {
        Read::Unchanged => tally.unchanged += 1,
        Read::Failed(reason) => {
            progress.failure(path, &reason);
            tally.failed.push((path.to_path_buf(), reason));
        }
        Read::Export(file) => {
            let restored = match std::fs::File::open(&file) {
                Ok(f) => archive
                    .restore(std::io::BufReader::new(f))
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(format!("cannot read the file: {e}")),
            };
            match restored {
                Ok(n) => {
                    tally.imported += n;
                    tally.restored = true;
                }
                Err(reason) => {
                    progress.failure(path, &reason);
                    tally.failed.push((path.to_path_buf(), reason));
                }
            }
        }
        Read::Record(doc, meeting) => {
            tally.bytes += doc.size;
            match archive.import(&doc, &meeting).await {
                Ok(Imported::New { meeting }) => {
                    tally.imported += 1;
                    tally.meetings.push(meeting);
                }
                Ok(Imported::Unchanged { .. }) => tally.unchanged += 1,
                Ok(Imported::Replaced { meeting, .. }) => {
                    tally.replaced += 1;
                    tally.meetings.push(meeting);
                }
                Err(e) => {
                    let reason = format!("not imported: {e}");
                    progress.failure(path, &reason);
                    tally.failed.push((path.to_path_buf(), reason));
                }
            }
        }
    }
}

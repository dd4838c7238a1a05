//! Scratch folders.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, empty folder in the system's temporary folder, removed with everything in
/// it when dropped. Its name says what made it, and holds the process id and a counter,
/// so that tests running at once, in one process or several, never share one.
#[derive(Debug)]
pub struct ScratchDir(PathBuf);

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl ScratchDir {
    /// `referat-NAME-PID-N` in the temporary folder, made empty.
    pub fn new(name: &str) -> ScratchDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("referat-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        ScratchDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A path inside the folder.
    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.0.join(path)
    }

    /// The folder, no longer removed: for a test that keeps what it made when it
    /// fails, to be looked at.
    pub fn keep(self) -> PathBuf {
        let dir = self.0.clone();
        std::mem::forget(self);
        dir
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

//! Helpers shared by the extraction tests.

use std::path::{Path, PathBuf};

/// A fixture of the crate's own, under `tests/fixtures/<kind>/`.
pub fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(name)
}

/// A file of `../shared` (beside the repository), or `None` with a message.
pub fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is not here (the shared files are not part of the repository)",
            path.display()
        );
        None
    }
}

/// The lines of `text` from the one equal to `start` up to (not with) the next heading
/// of level `level` or higher.
pub fn block<'t>(text: &'t str, start: &str, level: usize) -> Vec<&'t str> {
    let all: Vec<&str> = text.lines().collect();
    let from = all
        .iter()
        .position(|l| *l == start)
        .unwrap_or_else(|| panic!("no line {start:?} in:\n{text}"));
    let stop = |l: &&str| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        hashes > 0 && hashes <= level && l.as_bytes().get(hashes) == Some(&b' ')
    };
    all.iter()
        .skip(from + 1)
        .take_while(|l| !stop(l))
        .copied()
        .collect()
}

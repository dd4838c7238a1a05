//! The fixture files of the repository's `fixtures/` folder, found by globbing.

use std::path::{Path, PathBuf};

/// The repository's `fixtures/` folder.
fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The sample minutes of `fixtures/samples` with this ending (`txt`, `docx`, `pdf`), in
/// name order. Panics if there are none.
pub fn samples(ext: &str) -> Vec<PathBuf> {
    glob("samples", &[ext])
}

/// One sample, `fixtures/samples/STEM.EXT`, for a test that asserts about that
/// document. Panics if it is not there.
pub fn sample(stem: &str, ext: &str) -> PathBuf {
    let path = fixtures_dir().join("samples").join(format!("{stem}.{ext}"));
    assert!(path.is_file(), "no sample {}", path.display());
    path
}

/// The documents of the generated corpus (`fixtures/generated`, `cargo xtask
/// gen-corpus`): its Markdown and text files but the README, in name order. Panics if
/// there are none.
pub fn generated() -> Vec<PathBuf> {
    glob("generated", &["md", "txt"])
}

/// The files of `fixtures/FOLDER` with one of these endings, but a README, in name
/// order; a panic naming the folder if there are none.
fn glob(folder: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let dir = fixtures_dir().join(folder);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|e| extensions.iter().any(|x| e == *x))
                && path.file_stem().is_some_and(|s| s != "README")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no .{} files in {}",
        extensions.join(" or ."),
        dir.display()
    );
    files
}

/// The Greve corpus, `../shared/corpora/greve` beside the checkout: 372 meetings of a
/// municipality as its FirstAgenda portal returned them, kept out of the repository.
/// `None`, said on standard error, where it is not there, so that a checkout without
/// the shared data skips the test instead of failing it.
pub fn greve(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/greve");
    if dir.is_dir() {
        return Some(dir);
    }
    // Straight to the file descriptor: the test harness captures eprintln!, and a skip
    // must be seen.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped: the Greve corpus is not at {}",
        dir.display()
    );
    None
}

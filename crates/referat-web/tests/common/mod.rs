//! What the web crate's test binaries share: a scratch folder, the real sample
//! minutes, importing them, and a PostgreSQL database of a test's own.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use referat_archive::{Archive, Imported, Location, SourceDocument};
use referat_model::Meeting;

/// A folder removed when the test ends.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty folder named after the test binary and a counter.
pub fn scratch(prefix: &str) -> TempDir {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("referat-{prefix}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// The five sample minutes (text), in name order.
pub fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

pub fn meeting_id(imported: Imported) -> i64 {
    match imported {
        Imported::New { meeting } | Imported::Replaced { meeting, .. } => meeting,
        Imported::Unchanged { same_as } => panic!("unexpectedly unchanged: {same_as}"),
    }
}

/// Parses a text file and imports it; the meeting's id.
pub async fn import_text(archive: &Archive, path: &Path) -> i64 {
    let bytes = std::fs::read(path).unwrap();
    let meeting = referat_parse::parse(std::str::from_utf8(&bytes).unwrap()).unwrap();
    meeting_id(
        archive
            .import(&SourceDocument::new(path, "text", &bytes), &meeting)
            .await
            .unwrap(),
    )
}

/// Writes `text` to `path` and imports it as `record` (a record edited by the test:
/// an item made closed, a kind changed); the meeting's id.
pub async fn import_record(archive: &Archive, path: &Path, text: &str, record: &Meeting) -> i64 {
    std::fs::write(path, text).unwrap();
    meeting_id(
        archive
            .import(&SourceDocument::new(path, "text", text.as_bytes()), record)
            .await
            .unwrap(),
    )
}

/// A PostgreSQL database of its own for a test, on the server
/// `REFERAT_TEST_POSTGRES` names.
pub async fn postgres(admin_url: &str, db: &str) -> Location {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Location::Postgres(format!("{base}/{db}"))
}

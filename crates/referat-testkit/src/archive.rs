//! Archives with the samples in them, on SQLite or on a PostgreSQL database of a
//! test's own.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use referat_archive::{Archive, Imported, Location, SourceDocument};
use referat_model::Meeting;

use crate::samples;

/// A document read as `referat import` reads it (extracted, then parsed), with the
/// record of its file. Panics, naming the file, if it is not minutes.
pub fn read_document(path: &Path) -> (SourceDocument, Meeting) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = referat_extract::extract(&bytes, referat_extract::Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .text;
    let meeting = referat_parse::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (SourceDocument::new(path, "text", &bytes), meeting)
}

/// Imports the sample minutes (the `.txt` of each, in name order); their meetings'
/// ids, in the same order.
pub async fn import_samples(archive: &Archive) -> Vec<i64> {
    let mut ids = Vec::new();
    for path in samples("txt") {
        let (doc, meeting) = read_document(&path);
        let imported = archive
            .import(&doc, &meeting)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        ids.push(meeting_id(imported));
    }
    ids
}

/// The id of the meeting an import made or replaced. Panics if the import changed
/// nothing.
pub fn meeting_id(imported: Imported) -> i64 {
    match imported {
        Imported::New { meeting } | Imported::Replaced { meeting, .. } => meeting,
        Imported::Unchanged { same_as } => panic!("unexpectedly unchanged: {same_as}"),
    }
}

/// The PostgreSQL server the suites run on as well: `REFERAT_TEST_POSTGRES`, an admin
/// URL such as `postgres://user@host/postgres`. Without it, `None`, and the test
/// `test` says on standard error that its PostgreSQL part is skipped. (`.ci/run`
/// always sets it, so there a server that is not up fails the test, never skips it.)
pub fn postgres_admin_url(test: &str) -> Option<String> {
    match std::env::var("REFERAT_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            // Straight to the file descriptor: the test harness captures eprintln!, and
            // a skip must be seen.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: PostgreSQL part skipped: REFERAT_TEST_POSTGRES is not set"
            );
            None
        }
    }
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// A new, empty database of the test's own on the server of `admin_url` (see
/// `postgres_admin_url`): `referat_test_NAME_PID_N`, dropped first if an earlier run
/// left it. `name` is lower-case letters, digits and `_`.
pub async fn postgres_database(admin_url: &str, name: &str) -> Location {
    use sqlx::Connection;
    assert!(
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "a database name of lower-case letters, digits and _, not {name:?}"
    );
    let n = DATABASES.fetch_add(1, Ordering::SeqCst);
    let db = format!("referat_test_{name}_{}_{n}", std::process::id());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("the server REFERAT_TEST_POSTGRES names: {e}"));
    for sql in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        sqlx::query(&sql)
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Location::Postgres(format!("{base}/{db}"))
}

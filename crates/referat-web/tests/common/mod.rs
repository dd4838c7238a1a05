//! What the web crate's test binaries share beyond `referat-testkit`: importing a
//! record a test has edited.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use referat_archive::{Archive, SourceDocument};
use referat_model::Meeting;
use referat_testkit::meeting_id;

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

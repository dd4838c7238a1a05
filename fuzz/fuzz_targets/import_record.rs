//! Any record through the archive's import: a `referat.meeting/1` record (JSON, as
//! `referat parse --json` writes it and a future API will accept it) stored in a real
//! SQLite archive, then read back. Import may refuse a record (`Invalid`), never
//! panic, and what it accepts must read back as the same meeting.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use referat_archive::{Archive, ArchiveError, Imported, Location, SourceDocument};
use referat_model::Meeting;

struct Scratch {
    runtime: tokio::runtime::Runtime,
    archive: Archive,
}

/// One archive for the whole run, in a folder of its own: opening one per input
/// would measure migrations, not import.
fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("referat-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let archive = runtime
            .block_on(Archive::open(&Location::Folder(folder)))
            .unwrap();
        Scratch { runtime, archive }
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(record) = serde_json::from_slice::<Meeting>(bytes) else {
        return;
    };
    let s = scratch();
    // Each input is its own document, so that every accepted record is stored.
    let doc = SourceDocument::new(std::path::Path::new("fuzz.txt"), "text", bytes);
    s.runtime.block_on(async {
        match s.archive.import(&doc, &record).await {
            Ok(Imported::New { meeting } | Imported::Replaced { meeting, .. }) => {
                let stored = s.archive.meeting(meeting).await.unwrap();
                let stored = stored.expect("an imported meeting reads back");
                assert_eq!(stored.record.items.len(), record.items.len());
            }
            Ok(Imported::Unchanged { .. }) => {}
            Err(ArchiveError::Invalid(_)) => {}
            Err(e) => panic!("import failed: {e}"),
        }
    });
});

//! The sample minutes (every `.txt` of `fixtures/samples`), parsed and compared with
//! their reviewed records (`snapshots/`, each named after its sample). A change in any
//! field shows up as a snapshot diff; run
//! `INSTA_UPDATE=always cargo test -p referat-parse --test samples` (or `cargo insta
//! review`) after checking that the change is an improvement.
//!
//! The five are two forums' minutes in four layouts: Markdown (000, 003), text
//! copied from a double-spaced PDF (001), plain text (002) and Markdown with tables
//! (004).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use referat_testkit::samples;

#[test]
fn the_samples_give_their_reviewed_records() {
    let samples = samples("txt");
    assert_eq!(samples.len(), 5, "the five sample minutes");
    // Every sample is checked, so that one run shows every snapshot that changed.
    let failed: Vec<String> = samples
        .iter()
        .filter_map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let checked = catch_unwind(AssertUnwindSafe(|| {
                let text = std::fs::read_to_string(path).unwrap();
                let meeting = referat_parse::parse(&text).unwrap();
                insta::assert_json_snapshot!(name.as_str(), meeting);
            }));
            checked.is_err().then_some(name)
        })
        .collect();
    assert!(
        failed.is_empty(),
        "records unlike their snapshots: {failed:?}"
    );
}

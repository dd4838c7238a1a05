//! The five sample minutes, parsed and compared with their reviewed records
//! (`snapshots/`). A change in any field shows up as a snapshot diff; run
//! `INSTA_UPDATE=always cargo test -p referat-parse --test samples` (or `cargo insta
//! review`) after checking that the change is an improvement.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;

fn check(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/samples")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    let meeting = referat_parse::parse(&text).unwrap();
    insta::assert_json_snapshot!(name, meeting);
}

#[test]
fn politisk_sundhedsklynge_nord_2025() {
    check("000_3da8c5a58e2149b5");
}

#[test]
fn politisk_sundhedsklynge_syd_2022_double_spaced_pdf_text() {
    check("001_7e4b079eb24c41d2");
}

#[test]
fn politisk_sundhedsklynge_syd_2024_plain_text() {
    check("002_bdb304747eb2561f");
}

#[test]
fn klyngestyregruppe_nord_2020_markdown() {
    check("003_dd0221cf35a3b247");
}

#[test]
fn klyngestyregruppe_nord_2022_markdown_with_tables() {
    check("004_9285af0b1d2d00d2");
}

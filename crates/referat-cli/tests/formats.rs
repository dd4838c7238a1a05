//! The same minutes as text, Word and PDF give the same record.
//!
//! The .docx and .pdf fixtures are made from the text samples with pandoc and
//! LibreOffice (`cargo xtask fixtures`), so the records must agree on everything the
//! documents say: metadata, participants, items, recommendations and outcomes,
//! decisions, attachments. They may differ only where the format cannot carry the
//! text's own shape: line numbers (`lines`, warnings), section bodies, paragraph breaks
//! inside a decision, and the curly quotes pandoc's typography gives, as Word's does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use referat_extract::{Limits, extract_file};
use serde_json::Value;

const SAMPLES: [&str; 5] = [
    "000_3da8c5a58e2149b5",
    "001_7e4b079eb24c41d2",
    "002_bdb304747eb2561f",
    "003_dd0221cf35a3b247",
    "004_9285af0b1d2d00d2",
];

fn sample(name: &str, ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/samples")
        .join(format!("{name}.{ext}"))
}

/// The record of a file, reduced to what every format must agree on.
fn record(path: &Path) -> Value {
    let text = extract_file(path, Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    let meeting = referat_parse::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    comparable(serde_json::to_value(&meeting).unwrap())
}

fn comparable(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "lines" | "warnings" | "sections"))
                .map(|(k, v)| (k, comparable(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(comparable).collect()),
        Value::String(s) => {
            let folded: String = s
                .chars()
                .map(|c| match c {
                    '‘' | '’' => '\'',
                    '“' | '”' => '"',
                    c => c,
                })
                .collect();
            Value::String(folded.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        other => other,
    }
}

fn assert_same(name: &str, ext: &str) {
    let want = record(&sample(name, "txt"));
    let got = record(&sample(name, ext));
    if want != got {
        let want = serde_json::to_string_pretty(&want).unwrap();
        let got = serde_json::to_string_pretty(&got).unwrap();
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(8))
                .take(16)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{name}.{ext} gives another record than {name}.txt; from line {first}:\n--- txt\n{}\n--- {ext}\n{}",
            context(&want),
            context(&got)
        );
    }
}

#[test]
fn word_gives_the_records_of_the_text() {
    for name in SAMPLES {
        assert_same(name, "docx");
    }
}

#[test]
fn pdf_gives_the_records_of_the_text() {
    for name in SAMPLES {
        assert_same(name, "pdf");
    }
}

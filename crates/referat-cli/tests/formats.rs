//! The same minutes as text, Word and PDF give the same record.
//!
//! The .docx and .pdf fixtures are made from the text samples with pandoc and
//! LibreOffice (`cargo xtask fixtures`), so the records must agree on everything the
//! documents say: metadata, participants, items, recommendations and outcomes,
//! decisions, attachments. They may differ only where the format cannot carry the
//! text's own shape: line numbers (`lines`, warnings), section bodies, paragraph breaks
//! inside a decision, and the curly quotes pandoc's typography gives, as Word's does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use referat_extract::{Limits, extract_file};
use referat_testkit::{sample, samples};
use serde_json::Value;

/// The names of the sample minutes, each made in `ext` from its text: every file of
/// that format has its text, and every text its file.
fn made_as(ext: &str) -> Vec<String> {
    let stems = |ext: &str| -> Vec<String> {
        samples(ext)
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let names = stems("txt");
    assert_eq!(names.len(), 5, "the five sample minutes");
    assert_eq!(stems(ext), names, "the samples in .{ext} and in .txt");
    names
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
    for name in made_as("docx") {
        assert_same(&name, "docx");
    }
}

#[test]
fn pdf_gives_the_records_of_the_text() {
    for name in made_as("pdf") {
        assert_same(&name, "pdf");
    }
}

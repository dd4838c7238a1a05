//! Archive write throughput: parsed records into a fresh SQLite archive, one
//! transaction per document, as `referat import` writes them.
//!
//! The records are the five samples, each written as many meetings (a day apart), so
//! that every document is new and people recur across meetings as in a real forum.
//! Parsing is measured by `referat-parse`'s own benchmark; the end-to-end import of a
//! generated corpus is measured with the CLI (docs/performance.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use referat_archive::{Archive, Location, SourceDocument};
use referat_model::Meeting;
use referat_testkit::{ScratchDir, samples};

/// Documents per iteration.
const DOCUMENTS: usize = 200;

fn records() -> Vec<(SourceDocument, Meeting)> {
    let samples = samples("txt");
    assert_eq!(samples.len(), 5, "the five sample minutes");
    let parsed: Vec<(Vec<u8>, Meeting)> = samples
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let text = String::from_utf8(bytes.clone()).unwrap();
            (bytes, referat_parse::parse(&text).unwrap())
        })
        .collect();
    (0..DOCUMENTS)
        .map(|i| {
            let (bytes, meeting) = &parsed[i % parsed.len()];
            let mut meeting = meeting.clone();
            meeting.date = meeting
                .date
                .map(|d| d.saturating_add(jiff::Span::new().days(i as i64)));
            let mut bytes = bytes.clone();
            bytes.extend_from_slice(i.to_string().as_bytes());
            let doc = SourceDocument::new(Path::new(&format!("/bench/{i}.txt")), "text", &bytes);
            (doc, meeting)
        })
        .collect()
}

fn import(c: &mut Criterion) {
    let records = records();
    let bytes: u64 = records.iter().map(|(d, _)| d.size).sum();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("archive");
    group.sample_size(10);
    group.throughput(Throughput::Elements(DOCUMENTS as u64));
    group.bench_function("import 200 documents into SQLite", |b| {
        b.iter_batched(
            || {
                let dir = ScratchDir::new("bench-import");
                let location = Location::Folder(dir.path().to_path_buf());
                (rt.block_on(Archive::open(&location)).unwrap(), dir)
            },
            // The folder is given back, so that it is removed after the measurement.
            |(archive, dir)| {
                rt.block_on(async {
                    for (doc, meeting) in &records {
                        archive.import(doc, meeting).await.unwrap();
                    }
                    archive.close().await;
                });
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
    eprintln!(
        "({:.1} MB of source text per iteration)",
        bytes as f64 / 1e6
    );
}

criterion_group!(benches, import);
criterion_main!(benches);

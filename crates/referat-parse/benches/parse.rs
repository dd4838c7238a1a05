//! Parse throughput on the five sample minutes, one core: `cargo bench -p referat-parse`.
//! Criterion reports MB/s per sample and for all five together.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn parse(c: &mut Criterion) {
    // Each sample by the number its file name starts with (`000`), and all together.
    let samples: Vec<(String, String)> = referat_testkit::samples("txt")
        .iter()
        .map(|path| (number(path), std::fs::read_to_string(path).unwrap()))
        .collect();
    assert_eq!(samples.len(), 5, "all-five is the five sample minutes");
    let mut group = c.benchmark_group("parse");
    for (name, text) in &samples {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| referat_parse::parse_lenient(std::hint::black_box(text)))
        });
    }
    let total: usize = samples.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("all-five", |b| {
        b.iter(|| {
            for (_, text) in &samples {
                std::hint::black_box(referat_parse::parse_lenient(std::hint::black_box(text)));
            }
        })
    });
    group.finish();
}

/// The number a sample's file name starts with: `000`.
fn number(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy();
    stem.split('_').next().unwrap().to_string()
}

criterion_group!(benches, parse);
criterion_main!(benches);

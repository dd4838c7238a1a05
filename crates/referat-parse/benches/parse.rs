//! Parse throughput on the five sample minutes, one core: `cargo bench -p referat-parse`.
//! Criterion reports MB/s per sample and for all five together.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SAMPLES: [(&str, &str); 5] = [
    (
        "000-markdown",
        include_str!("../../../fixtures/samples/000_3da8c5a58e2149b5.txt"),
    ),
    (
        "001-pdf-text",
        include_str!("../../../fixtures/samples/001_7e4b079eb24c41d2.txt"),
    ),
    (
        "002-plain-text",
        include_str!("../../../fixtures/samples/002_bdb304747eb2561f.txt"),
    ),
    (
        "003-markdown",
        include_str!("../../../fixtures/samples/003_dd0221cf35a3b247.txt"),
    ),
    (
        "004-markdown-tables",
        include_str!("../../../fixtures/samples/004_9285af0b1d2d00d2.txt"),
    ),
];

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, text) in SAMPLES {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| referat_parse::parse_lenient(std::hint::black_box(text)))
        });
    }
    let total: usize = SAMPLES.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("all-five", |b| {
        b.iter(|| {
            for (_, text) in SAMPLES {
                std::hint::black_box(referat_parse::parse_lenient(std::hint::black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);

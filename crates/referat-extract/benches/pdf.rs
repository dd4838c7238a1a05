//! PDF extraction throughput on the five sample minutes (LibreOffice exports), one
//! core: `cargo bench -p referat-extract --bench pdf`. Criterion reports MB/s of PDF
//! read, per sample and for all five together; `docs/pdf-extraction.md` sets them
//! against `pdftotext` on the same files.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use referat_extract::{Limits, extract};

const SAMPLES: [(&str, &[u8]); 5] = [
    (
        "000",
        include_bytes!("../../../fixtures/samples/000_3da8c5a58e2149b5.pdf"),
    ),
    (
        "001",
        include_bytes!("../../../fixtures/samples/001_7e4b079eb24c41d2.pdf"),
    ),
    (
        "002",
        include_bytes!("../../../fixtures/samples/002_bdb304747eb2561f.pdf"),
    ),
    (
        "003",
        include_bytes!("../../../fixtures/samples/003_dd0221cf35a3b247.pdf"),
    ),
    (
        "004",
        include_bytes!("../../../fixtures/samples/004_9285af0b1d2d00d2.pdf"),
    ),
];

fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    for (name, bytes) in SAMPLES {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| extract(std::hint::black_box(bytes), Limits::default()))
        });
    }
    let total: usize = SAMPLES.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("all-five", |b| {
        b.iter(|| {
            for (_, bytes) in SAMPLES {
                let _ = extract(std::hint::black_box(bytes), Limits::default());
            }
        })
    });
    // The baseline in the same run: poppler's pdftotext on the same files, when it
    // is installed (it costs a process start, about a millisecond, of its 15–20).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/samples");
    let files: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            let mut v: Vec<String> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        })
        .unwrap_or_default();
    let have_pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if have_pdftotext && files.len() == SAMPLES.len() {
        group.bench_function("all-five pdftotext -layout (baseline)", |b| {
            b.iter(|| {
                for f in &files {
                    let _ = std::process::Command::new("pdftotext")
                        .args(["-layout", f, "-"])
                        .output();
                }
            })
        });
    } else {
        eprintln!("pdftotext is not installed: no baseline (apt-get install poppler-utils)");
    }
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);

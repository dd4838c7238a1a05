//! PDF extraction against poppler's `pdftotext -layout` on the same files, in one run:
//! `cargo bench -p referat-extract --bench pdf`.
//!
//! Two comparisons, because `pdftotext` is a command and referat is measured in
//! process:
//!
//! - `pdf/all-five` against `pdf/all-five pdftotext`: the five sample minutes
//!   (LibreOffice exports, 8–12 pages each), one `pdftotext` process a file, as an
//!   import would run it. Each run pays the command's start, which on some machines
//!   is most of its time.
//! - `pdf-merged/referat` against `pdf-merged/pdftotext`: the five samples ten times
//!   over in one 480-page PDF (made with `qpdf` from copies, so no object is shared
//!   between the copies), where the command's start is a few per cent of its time.
//!   This is the comparison of the extraction work itself.
//!
//! Without `pdftotext` (Debian's poppler-utils) or `qpdf`, the comparisons it needs
//! are skipped with a message. `docs/pdf-extraction.md` holds the figures.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use referat_extract::{Limits, extract};
use referat_testkit::{ScratchDir, samples};

const COPIES: usize = 10;

/// The number a sample's file name starts with: `000`.
fn number(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy();
    stem.split('_').next().unwrap().to_string()
}

fn installed(command: &str, version_flag: &str) -> bool {
    let found = Command::new(command).arg(version_flag).output().is_ok();
    if !found {
        eprintln!("{command} is not installed: its comparison is skipped");
    }
    found
}

fn pdftotext(file: &Path) {
    let _ = Command::new("pdftotext")
        .args(["-layout"])
        .arg(file)
        .arg("-")
        .output();
}

/// The samples `COPIES` times over in one PDF, each copy from its own file so that
/// `qpdf` keeps their objects (fonts above all) apart, as in a long document.
fn merged_pdf(files: &[PathBuf], dir: &Path) -> Option<PathBuf> {
    let mut args: Vec<PathBuf> = Vec::new();
    for copy in 0..COPIES {
        for file in files {
            let name = file.file_name()?.to_string_lossy().into_owned();
            let to = dir.join(format!("{copy}_{name}"));
            std::fs::copy(file, &to).ok()?;
            args.push(to);
        }
    }
    let out = dir.join("merged.pdf");
    let status = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .args(&args)
        .arg("--")
        .arg(&out)
        .status()
        .ok()?;
    status.success().then_some(out)
}

fn pdf(c: &mut Criterion) {
    let files = samples("pdf");
    assert_eq!(files.len(), 5, "all-five is the five sample minutes");
    // Each sample by the number its file name starts with (`000`), and all together.
    let samples: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|path| (number(path), std::fs::read(path).unwrap()))
        .collect();
    let mut group = c.benchmark_group("pdf");
    for (name, bytes) in &samples {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| extract(std::hint::black_box(bytes), Limits::default()))
        });
    }
    let total: usize = samples.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("all-five", |b| {
        b.iter(|| {
            for (_, bytes) in &samples {
                let _ = extract(std::hint::black_box(bytes), Limits::default());
            }
        })
    });
    let have_pdftotext = installed("pdftotext", "-v");
    if have_pdftotext {
        group.bench_function("all-five pdftotext", |b| {
            b.iter(|| files.iter().for_each(|f| pdftotext(f)))
        });
    }
    group.finish();

    if !(have_pdftotext && installed("qpdf", "--version")) {
        return;
    }
    let dir = ScratchDir::new("bench-pdf");
    match merged_pdf(&files, dir.path()).and_then(|path| Some((std::fs::read(&path).ok()?, path))) {
        Some((bytes, path)) => {
            let mut group = c.benchmark_group("pdf-merged");
            group.sample_size(10);
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function("referat", |b| {
                b.iter(|| extract(std::hint::black_box(&bytes), Limits::default()))
            });
            group.bench_function("pdftotext", |b| b.iter(|| pdftotext(&path)));
            group.finish();
        }
        None => eprintln!("qpdf could not merge the samples: the merged comparison is skipped"),
    }
}

criterion_group!(benches, pdf);
criterion_main!(benches);

//! Hostile documents (`referat_testkit::hostile`, made here in a scratch folder) through
//! the `referat` binary: each refused with its reason, or read, within the budget of
//! one document, and a batch import that holds them goes on and imports the rest.
//!
//! Every run is under an address-space limit (`prlimit --as`), so that a regression
//! that makes a document cost gigabytes fails the test, not the machine.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use referat_testkit::hostile::{self, Expect};
use referat_testkit::{ScratchDir, samples};

/// The memory one document may cost to read: the address space of the whole
/// `referat parse` process (a debug build) under which every hostile document must
/// be refused or read.
const MEMORY: u64 = 512 * 1024 * 1024;
/// The processor time one document may take, in this debug build (the slowest, the
/// stream that inflates to 4 GB, takes about 1 s). Processor time, not time on the
/// clock: the kernel counts it whatever else the machine runs, and stops the process
/// past it (`prlimit --cpu`), so a regression fails here however loaded CI is.
const CPU_SECONDS: u64 = 10;
/// The address space of an import's own process, which holds the archive and the
/// index while its reader processes hold the documents.
const IMPORT_MEMORY: u64 = 2 * 1024 * 1024 * 1024;

/// `referat ARGS` with its address space limited to `memory` bytes, and its
/// processor time to `cpu_seconds` when given.
fn referat_within(memory: u64, cpu_seconds: Option<u64>, args: &[&str]) -> Output {
    Command::new("prlimit")
        .arg(format!("--as={memory}"))
        .args(cpu_seconds.map(|s| format!("--cpu={s}")))
        .arg("--core=0")
        .arg(env!("CARGO_BIN_EXE_referat"))
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("prlimit (util-linux) is needed to run referat under a memory limit: {e}")
        })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The hostile documents in a fresh folder.
fn hostile_documents(test: &str) -> (ScratchDir, Vec<PathBuf>) {
    let tmp = ScratchDir::new(&format!("hostile-{test}"));
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let paths = hostile::write_all(&docs).unwrap();
    (tmp, paths)
}

#[test]
fn each_hostile_document_is_refused_or_read_within_the_budget() {
    let (_tmp, paths) = hostile_documents("parse");
    for (path, h) in paths.iter().zip(&hostile::ALL) {
        let out = referat_within(
            MEMORY,
            Some(CPU_SECONDS),
            &["parse", path.to_str().unwrap()],
        );
        let stderr = text(&out.stderr);
        // SIGXCPU: the kernel stopped it at the processor-time limit.
        assert_ne!(
            out.status.signal(),
            Some(24),
            "{} ({}) took more than {CPU_SECONDS} s of processor time",
            h.name,
            h.what
        );
        // Exit status 2 is an input refused; a crash would be a signal (abort: 134).
        match h.expect {
            Expect::Refused(reason) => {
                assert_eq!(out.status.code(), Some(2), "{}: {stderr}", h.name);
                assert!(
                    stderr.contains(h.name) && stderr.contains(reason),
                    "{} ({}) should be refused for {reason:?}: {stderr}",
                    h.name,
                    h.what
                );
            }
            Expect::Read => assert!(
                out.status.success()
                    || (out.status.code() == Some(2) && stderr.contains("not minutes")),
                "{} ({}) should be read: {:?} {stderr}",
                h.name,
                h.what,
                out.status
            ),
        }
    }
}

fn copy_samples(dir: &Path, ext: &str) -> usize {
    let found = samples(ext);
    for path in &found {
        std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
    }
    found.len()
}

#[test]
fn an_import_of_hostile_documents_among_real_ones_imports_the_real_ones() {
    let (tmp, paths) = hostile_documents("import");
    let docs = tmp.join("docs");
    let real = copy_samples(&docs, "pdf");
    let data = tmp.join("data");
    let (data, docs) = (data.to_str().unwrap(), docs.to_str().unwrap());
    let import = [
        "import",
        "--data",
        data,
        "--jobs",
        "2",
        "--read-memory",
        "512M",
        docs,
    ];

    let out = referat_within(IMPORT_MEMORY, None, &import);
    let stdout = text(&out.stdout);
    // 1: documents failed; the batch itself ran to its end.
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    // A hostile document that is readable minutes (numbered lines) is imported like
    // any; every other is named as failed, the refused ones with their reason.
    let summary = stdout.lines().next().unwrap_or_default();
    let count = |word: &str| -> usize {
        summary
            .split(", ")
            .find_map(|part| {
                let mut words = part.split(' ');
                let n = words.next()?.parse().ok()?;
                (words.next()? == word).then_some(n)
            })
            .unwrap_or_else(|| panic!("no count of {word}: {stdout}"))
    };
    let (imported, failed) = (count("imported"), count("failed"));
    assert_eq!(imported + failed, real + paths.len(), "{stdout}");
    assert!(imported >= real, "{stdout}");
    for (path, h) in paths.iter().zip(&hostile::ALL) {
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!("failed: {}: ", path.display())));
        if let Expect::Refused(reason) = h.expect {
            let line =
                line.unwrap_or_else(|| panic!("{} is not named as failed: {stdout}", h.name));
            assert!(line.contains(reason), "{line}");
        }
    }

    // What was imported is searchable, and known the next time.
    let out = referat_within(
        IMPORT_MEMORY,
        None,
        &["search", "--data", data, "blodprøvetagning"],
    );
    let stdout = text(&out.stdout);
    assert!(
        out.status.success() && !stdout.starts_with("0 agenda items"),
        "{stdout}"
    );
    let out = referat_within(IMPORT_MEMORY, None, &import);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!(
            "0 imported, {imported} unchanged, 0 replaced, {failed} failed"
        )),
        "{stdout}"
    );
}

/// A batch of the two hostile documents that cost the most and one real document,
/// imported with the given reader limits; the summary.
fn import_with_readers(test: &str, limits: &[&str]) -> String {
    let tmp = ScratchDir::new(&format!("hostile-{test}"));
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for h in hostile::ALL
        .iter()
        .filter(|h| matches!(h.name, "inflate-4gb.pdf" | "pages-25k.pdf"))
    {
        std::fs::write(docs.join(h.name), h.bytes()).unwrap();
    }
    let sample = referat_testkit::sample("004_9285af0b1d2d00d2", "txt");
    std::fs::copy(&sample, docs.join("sample.txt")).unwrap();
    let data = tmp.join("data");
    let mut args = vec!["import", "--data", data.to_str().unwrap(), "--jobs", "1"];
    args.extend_from_slice(limits);
    args.push(docs.to_str().unwrap());
    let out = referat_within(IMPORT_MEMORY, None, &args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with("1 imported, 0 unchanged, 0 replaced, 2 failed"),
        "{stdout}"
    );
    stdout
}

#[test]
fn a_reader_that_runs_out_of_memory_fails_its_document_alone() {
    // Beneath what the two need, the reader process dies (or the extractor finds no
    // memory left), the document is failed with the reason, and a new reader reads
    // the next.
    let stdout = import_with_readers("memory", &["--read-memory", "100M"]);
    for name in ["inflate-4gb.pdf", "pages-25k.pdf"] {
        let line = stdout.lines().find(|l| l.contains(name)).unwrap();
        assert!(
            line.ends_with("used more than 100 MB while being read")
                || line.contains("no memory left"),
            "{line}"
        );
    }
}

#[test]
fn a_reader_that_takes_too_long_is_stopped_and_replaced() {
    let stdout = import_with_readers("time", &["--read-time", "0.2"]);
    let line = stdout
        .lines()
        .find(|l| l.contains("inflate-4gb.pdf"))
        .unwrap();
    assert!(line.ends_with("took longer than 0.2 s to read"), "{line}");
}

//! Whether import slows as the archive grows (issue 14): a whole corpus imported into
//! a fresh archive one document after another, each read and parsed as `referat
//! import` reads it (`referat_extract::extract`, `referat_ingest::record`) and then
//! written in its own transaction (`Archive::import`), on one thread, as an import on
//! one core runs. Reading and writing are timed apart, both by the clock and by the
//! CPU time of the process (which other tenants of a shared machine disturb far less
//! than the clock), and the search index catches up at the end as after a batch.
//!
//! Prints, for the first and the last thousand documents: documents a second of the
//! whole document phase (read, parse, write) and of writing alone, and their ratios
//! last / first (issue 14 wants the whole at least 0.9), with the same by tenth of the
//! batch, and the totals.
//!
//! ```sh
//! cargo xtask gen-corpus --meetings 10000 --out /tmp/c10k
//! REFERAT_BENCH_CORPUS=/tmp/c10k cargo bench -p referat-ingest --bench growth
//! ```
//!
//! `REFERAT_BENCH_POSTGRES=postgres://…` (an admin URL) writes into a PostgreSQL
//! database of the bench's own on that server instead of SQLite
//! (`referat_test_growth_PID_0`, left behind after the run: drop it by hand).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use referat_archive::{Archive, Location, SourceDocument, sha256_hex};
use referat_extract::Limits;
use referat_search::SearchIndex;
use referat_testkit::ScratchDir;

/// As the binary allocates, so that the rates are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The window at either end of the batch.
const WINDOW: usize = 1000;

/// The CPU time of this process so far, every thread's (sqlx runs SQLite on a thread of
/// its own), from `/proc/self/stat`, in clock ticks of 10 ms.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// What one document cost: reading and parsing, and writing, by the clock and in CPU.
#[derive(Clone, Copy, Default)]
struct Cost {
    read: Duration,
    read_cpu: Duration,
    write: Duration,
    write_cpu: Duration,
    bytes: u64,
}

fn document(path: &Path) -> (SourceDocument, referat_model::Meeting) {
    let bytes = std::fs::read(path).unwrap();
    let extracted = referat_extract::extract(&bytes, Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = SourceDocument {
        path: path.to_string_lossy().into_owned(),
        format: extracted.format.as_str().to_string(),
        sha256: sha256_hex(&bytes),
        size: bytes.len() as u64,
    };
    let meeting =
        referat_ingest::record(extracted).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (doc, meeting)
}

/// Which time of a document's is counted.
type Of = fn(&Cost) -> Duration;

/// Documents a second over `costs`, by `of` each.
fn rate(costs: &[Cost], of: Of) -> f64 {
    costs.len() as f64 / costs.iter().map(of).sum::<Duration>().as_secs_f64()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or `--list` finds no other benchmark.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(corpus) = std::env::var_os("REFERAT_BENCH_CORPUS").map(PathBuf::from) else {
        eprintln!(
            "skipped: set REFERAT_BENCH_CORPUS to a corpus folder \
             (cargo xtask gen-corpus --meetings 10000 --out DIR)"
        );
        return;
    };
    let files = referat_ingest::collect(std::slice::from_ref(&corpus)).files;
    let total = files.len();
    assert!(
        total >= 2 * WINDOW,
        "{} has {total} documents; the bench wants at least {}",
        corpus.display(),
        2 * WINDOW
    );
    let scratch = ScratchDir::new("bench-growth");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (location, backend) = match std::env::var("REFERAT_BENCH_POSTGRES") {
        Ok(url) => (
            rt.block_on(referat_testkit::postgres_database(&url, "growth")),
            "PostgreSQL",
        ),
        Err(_) => (Location::Folder(scratch.path().to_path_buf()), "SQLite"),
    };
    let archive = rt.block_on(Archive::open(&location)).unwrap();
    let mut costs = Vec::with_capacity(total);
    let started = Instant::now();
    for path in &files {
        let (t0, c0) = (Instant::now(), cpu());
        let (doc, meeting) = document(path);
        let (t1, c1) = (Instant::now(), cpu());
        rt.block_on(archive.import(&doc, &meeting))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (t2, c2) = (Instant::now(), cpu());
        costs.push(Cost {
            read: t1 - t0,
            read_cpu: c1 - c0,
            write: t2 - t1,
            write_cpu: c2 - c1,
            bytes: doc.size,
        });
    }
    let phase = started.elapsed();
    let index = SearchIndex::open(&scratch.join("index")).unwrap();
    let caught_up = Instant::now();
    rt.block_on(referat_ingest::follow(&archive, &index))
        .unwrap();
    let catch_up = caught_up.elapsed();
    rt.block_on(archive.close());

    println!(
        "{total} documents ({:.1} MB) from {} into {backend}, one at a time on one thread",
        costs.iter().map(|c| c.bytes).sum::<u64>() as f64 / 1e6,
        corpus.display()
    );
    let whole: Of = |c| c.read + c.write;
    let whole_cpu: Of = |c| c.read_cpu + c.write_cpu;
    let measures: [(&str, Of); 4] = [
        ("document phase, clock", whole),
        ("document phase, CPU", whole_cpu),
        ("writing alone, clock", |c| c.write),
        ("writing alone, CPU", |c| c.write_cpu),
    ];
    let (first, last) = (&costs[..WINDOW], &costs[total - WINDOW..]);
    println!(
        "{:<22} {:>12} {:>12} {:>12}   by tenth of the batch",
        "documents/s",
        format!("first {WINDOW}"),
        format!("last {WINDOW}"),
        "last / first"
    );
    for (name, of) in measures {
        let (f, l) = (rate(first, of), rate(last, of));
        let tenths: Vec<String> = (0..10)
            .map(|t| {
                format!(
                    "{:.0}",
                    rate(&costs[t * total / 10..(t + 1) * total / 10], of)
                )
            })
            .collect();
        println!(
            "{name:<22} {f:>12.1} {l:>12.1} {:>12.2}   {}",
            l / f,
            tenths.join(" ")
        );
    }
    let mb = |cs: &[Cost]| cs.iter().map(|c| c.bytes).sum::<u64>() as f64 / 1e6;
    println!(
        "the last {WINDOW} are {:.2} times the bytes of the first {WINDOW}",
        mb(last) / mb(first)
    );
    let sum = |of: Of| costs.iter().map(of).sum::<Duration>();
    println!(
        "document phase {:.1} s ({:.1} documents/s; reading {:.1} s, writing {:.1} s; CPU {:.1} s), \
         then the index's catch-up {:.1} s",
        phase.as_secs_f64(),
        total as f64 / phase.as_secs_f64(),
        sum(|c| c.read).as_secs_f64(),
        sum(|c| c.write).as_secs_f64(),
        sum(whole_cpu).as_secs_f64(),
        catch_up.as_secs_f64()
    );
}

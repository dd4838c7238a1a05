//! Search at scale against PostgreSQL's own full-text search, on the same items and
//! the same queries, in one run.
//!
//! Not a criterion benchmark: a corpus of a million items is built once, and what is
//! measured is the build and the latency distribution of a fixed mix of 1,000
//! queries. Run it on an archive of a generated corpus:
//!
//! ```sh
//! cargo xtask gen-corpus --meetings 110000 --out /tmp/corpus
//! referat import --data /tmp/bench /tmp/corpus
//! REFERAT_BENCH_DATA=/tmp/bench \
//! REFERAT_BENCH_POSTGRES=postgres://referat:referat@localhost/postgres \
//!     cargo bench -p referat-search --bench search
//! ```
//!
//! Without `REFERAT_BENCH_DATA` it says so and does nothing; without
//! `REFERAT_BENCH_POSTGRES` it measures referat alone. PostgreSQL takes over a second
//! a query at a million items: `REFERAT_BENCH_PG_QUERIES=N` gives it the first N
//! queries of the mix only (the kinds are interleaved, so any prefix has the same
//! mix), and the ratio is then taken against referat on the same N.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use referat_archive::{Archive, Location, PublicItem};
use referat_search::{SearchIndex, Sort};
use sqlx::Connection;

/// A deterministic generator (SplitMix64): the same queries on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// One query of the mix, in both languages.
struct Case {
    kind: &'static str,
    referat: String,
    /// A `to_tsquery('danish', …)` expression and an optional SQL condition.
    ts: String,
    filter: Option<String>,
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 5)
        .map(str::to_lowercase)
        .collect()
}

/// 1,000 queries: single words, two words, phrases, prefixes, and words with a year or
/// forum filter, drawn from the items' own titles.
fn mix(items: &[PublicItem]) -> Vec<Case> {
    let mut rng = Rng(2026);
    let mut out = Vec::new();
    while out.len() < 1000 {
        let item = rng.pick(items);
        let words = words_of(&item.title);
        if words.len() < 2 {
            continue;
        }
        let a = rng.pick(&words).clone();
        let b = rng.pick(&words).clone();
        let i = (rng.next() % (words.len() as u64 - 1)) as usize;
        let case = match out.len() % 10 {
            0..=4 => Case {
                kind: "word",
                referat: a.clone(),
                ts: a.clone(),
                filter: None,
            },
            5 | 6 => Case {
                kind: "two words",
                referat: format!("{a} {b}"),
                ts: format!("{a} & {b}"),
                filter: None,
            },
            7 => Case {
                kind: "phrase",
                referat: format!("\"{} {}\"", words[i], words[i + 1]),
                ts: format!("{} <-> {}", words[i], words[i + 1]),
                filter: None,
            },
            8 => {
                let stem: String = a.chars().take(5).collect();
                Case {
                    kind: "prefix",
                    referat: format!("{stem}*"),
                    ts: format!("{stem}:*"),
                    filter: None,
                }
            }
            _ => {
                let year = item.date.map_or(2022, |d| d.year()).to_string();
                Case {
                    kind: "word + year",
                    referat: format!("{a} year:{year}"),
                    ts: a.clone(),
                    filter: Some(format!("date BETWEEN '{year}-01-01' AND '{year}-12-31'")),
                }
            }
        };
        out.push(case);
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

fn report(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (p50, p99) = (percentile(&times, 0.50), percentile(&times, 0.99));
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{name:<28} p50 {:>8.2} ms   p99 {:>8.2} ms   mean {:>8.2} ms   max {:>8.2} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    (p50, p99)
}

fn folder_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        folder_size(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// referat's latencies on the first `n` queries, measured again (the page cache is
/// warm from the full pass).
fn ours_first(cases: &[Case], index: &SearchIndex, n: usize) -> Vec<Duration> {
    cases
        .iter()
        .take(n)
        .map(|c| {
            let t = Instant::now();
            index.search(&c.referat, 10, Sort::Relevance).unwrap();
            t.elapsed()
        })
        .collect()
}

fn main() {
    let Some(data) = std::env::var_os("REFERAT_BENCH_DATA").map(PathBuf::from) else {
        println!(
            "search benchmark skipped: set REFERAT_BENCH_DATA to the data folder of an imported corpus (see the file's header)"
        );
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let archive = rt
        .block_on(Archive::open(&Location::Folder(data.clone())))
        .unwrap();
    let started = Instant::now();
    let items = rt.block_on(archive.public_items(None)).unwrap();
    println!(
        "{} public items read from the archive in {:.1} s",
        items.len(),
        started.elapsed().as_secs_f64()
    );

    // REFERAT_BENCH_REUSE=1 keeps the index and the PostgreSQL table of an earlier
    // run: building them is most of the time at a million items.
    let reuse = std::env::var_os("REFERAT_BENCH_REUSE").is_some();
    let folder = data.join("bench-index");
    let index = if reuse && folder.join("meta.json").exists() {
        let index = SearchIndex::open(&folder).unwrap();
        println!(
            "referat index: reused, {} items, {:.0} MB on disk",
            index.len(),
            folder_size(&folder) as f64 / 1e6
        );
        index
    } else {
        let _ = std::fs::remove_dir_all(&folder);
        let index = SearchIndex::open(&folder).unwrap();
        let started = Instant::now();
        rt.block_on(index.rebuild(&archive)).unwrap();
        println!(
            "referat index: built in {:.1} s, {:.0} MB on disk",
            started.elapsed().as_secs_f64(),
            folder_size(&folder) as f64 / 1e6
        );
        index
    };
    let cases = mix(&items);
    // A first pass warms the page cache for both; the second is measured.
    for c in &cases {
        index.search(&c.referat, 10, Sort::Relevance).unwrap();
    }
    let mut ours = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    for c in &cases {
        let t = Instant::now();
        index.search(&c.referat, 10, Sort::Relevance).unwrap();
        let e = t.elapsed();
        ours.push(e);
        by_kind.entry(c.kind).or_default().push(e);
    }
    report("referat (1,000 queries)", ours);
    for (kind, times) in by_kind {
        report(&format!("  {kind}"), times);
    }

    let Ok(url) = std::env::var("REFERAT_BENCH_POSTGRES") else {
        println!("PostgreSQL baseline skipped: REFERAT_BENCH_POSTGRES is not set");
        return;
    };
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let mut pg = sqlx::AnyConnection::connect(&url).await.unwrap();
        let loaded_before = sqlx::query("SELECT 1 FROM pg_class WHERE relname = 'bench_items'")
            .fetch_optional(&mut pg)
            .await
            .unwrap()
            .is_some();
        if !(reuse && loaded_before) {
        sqlx::query("DROP TABLE IF EXISTS bench_items").execute(&mut pg).await.unwrap();
        sqlx::query(
            "CREATE TABLE bench_items (id BIGINT PRIMARY KEY, forum TEXT, date TEXT, \
             title TEXT, body TEXT, tsv TSVECTOR)",
        )
        .execute(&mut pg)
        .await
        .unwrap();
        let started = Instant::now();
        for chunk in items.chunks(500) {
            let mut sql = String::from("INSERT INTO bench_items (id, forum, date, title, body) VALUES ");
            for (i, _) in chunk.iter().enumerate() {
                let b = i * 5;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("(${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5));
            }
            let mut q = sqlx::query(&sql);
            for it in chunk {
                q = q
                    .bind(it.item)
                    .bind(it.forum.clone())
                    .bind(it.date.map(|d| d.to_string()))
                    .bind(it.title.clone())
                    .bind(it.body.join("\n\n"));
            }
            q.execute(&mut pg).await.unwrap();
        }
        let loaded = started.elapsed();
        let started = Instant::now();
        sqlx::query(
            "UPDATE bench_items SET tsv = setweight(to_tsvector('danish', title), 'A') || \
             setweight(to_tsvector('danish', body), 'B')",
        )
        .execute(&mut pg)
        .await
        .unwrap();
        sqlx::query("CREATE INDEX bench_items_tsv ON bench_items USING GIN (tsv)")
            .execute(&mut pg)
            .await
            .unwrap();
        sqlx::query("CREATE INDEX bench_items_date ON bench_items (date)").execute(&mut pg).await.unwrap();
        sqlx::query("VACUUM ANALYZE bench_items").execute(&mut pg).await.unwrap();
        let build = started.elapsed();
        let size: i64 = sqlx::Row::get(
            &sqlx::query("SELECT pg_total_relation_size('bench_items')::BIGINT")
                .fetch_one(&mut pg)
                .await
                .unwrap(),
            0,
        );
        println!(
            "PostgreSQL: rows loaded in {:.1} s, tsvector + GIN index built in {:.1} s, {:.0} MB with the table",
            loaded.as_secs_f64(),
            build.as_secs_f64(),
            size as f64 / 1e6
        );
        } else {
            println!("PostgreSQL: table and GIN index reused from an earlier run");
        }
        let sql = |c: &Case| {
            format!(
                "SELECT id FROM bench_items, to_tsquery('danish', $1) q WHERE tsv @@ q{} \
                 ORDER BY ts_rank(tsv, q) DESC LIMIT 10",
                c.filter.as_ref().map_or(String::new(), |f| format!(" AND {f}"))
            )
        };
        // A warm-up of 50: PostgreSQL's queries take long enough that a second full
        // pass would double the run; its pages are cached after loading anyway.
        for c in cases.iter().take(50) {
            sqlx::query(&sql(c)).bind(&c.ts).fetch_all(&mut pg).await.unwrap();
        }
        let n = std::env::var("REFERAT_BENCH_PG_QUERIES")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(cases.len())
            .min(cases.len());
        let ours_same = report(&format!("referat (the first {n} queries)"), ours_first(&cases, &index, n)).1;
        let mut theirs = Vec::new();
        for c in cases.iter().take(n) {
            let t = Instant::now();
            sqlx::query(&sql(c)).bind(&c.ts).fetch_all(&mut pg).await.unwrap();
            theirs.push(t.elapsed());
        }
        let (_, pg_p99) = report(&format!("PostgreSQL (the same {n} queries)"), theirs);
        println!(
            "p99 over the same {n} queries: referat {:.2} ms, PostgreSQL {:.2} ms: referat {:.1} times faster",
            ours_same.as_secs_f64() * 1e3,
            pg_p99.as_secs_f64() * 1e3,
            pg_p99.as_secs_f64() / ours_same.as_secs_f64()
        );
        if !reuse {
            sqlx::query("DROP TABLE bench_items").execute(&mut pg).await.unwrap();
        }
    });
}

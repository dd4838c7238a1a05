//! Faults an import must survive, with the real `referat` binary: killed at random
//! points of an import and of a replacement, a disk that fills up, two imports at
//! once, and an import beside a running server. After each, the archive is whole and
//! the search index equals a fresh `reindex` of it.
//!
//! The kill points come from a seeded generator: `REFERAT_FAULTS_SEED=N` replays a
//! run (the seed is printed). The full-disk test needs a small file system of its
//! own, a tmpfs mounted in a user and mount namespace (`unshare`); where that is not
//! allowed it is skipped with a message, except under `.ci/run`
//! (`REFERAT_TEST_FAULTS=1`), where it must run.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use referat_archive::{Archive, Location};
use referat_search::{SearchIndex, Sort};
use referat_testkit::ScratchDir;

fn referat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// SplitMix64: a seeded generator, so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    let seed = std::env::var("REFERAT_FAULTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    eprintln!("fault seed {seed} (REFERAT_FAULTS_SEED={seed} replays it)");
    seed
}

/// Writes the documents of `meetings` small invented meetings into `dir` (every
/// fourth a dagsorden followed by its referat, which supersedes it), in name order;
/// returns them. Small, so that a debug build imports dozens a second and a kill
/// lands among many transactions.
fn corpus(dir: &Path, meetings: usize, rng: &mut Rng) -> Vec<PathBuf> {
    const FORUMS: &[&str] = &[
        "Skoleudvalget",
        "Teknik- og miljøudvalget",
        "Økonomiudvalget",
        "Kultur- og fritidsudvalget",
        "Socialudvalget",
    ];
    const TOPICS: &[&str] = &[
        "Budget for skolernes vedligehold",
        "Trafiksikkerhed ved vejene",
        "Høring om affaldsplanen",
        "Tilskud til foreningerne",
        "Plan for klimatilpasning",
        "Normering i dagtilbud",
        "Renovering af svømmehallen",
        "Strategi for ældreområdet",
    ];
    const MONTHS: &[&str] = &["januar", "marts", "maj", "september", "november"];
    std::fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    for m in 0..meetings {
        let forum = FORUMS[m % FORUMS.len()];
        let date = format!(
            "{}. {} {}",
            m % 28 + 1,
            MONTHS[m / FORUMS.len() % MONTHS.len()],
            2000 + m
        );
        let mut items = String::new();
        for n in 0..2 + rng.below(3) {
            let topic = TOPICS[usize::try_from(rng.below(TOPICS.len() as u64)).unwrap()];
            items.push_str(&format!(
                "## Punkt {}: {topic} ({m})\n\nForvaltningen giver en orientering om sagen, \
                 møde {m} punkt {n}.\n\nIndstilling: Forvaltningen indstiller, at sagen \
                 godkendes.\n\nBESLUTNING\n\n",
                n + 1
            ));
        }
        let kinds: &[&str] = if m % 4 == 0 {
            &["Dagsorden for", "Referat af"]
        } else {
            &["Referat af"]
        };
        for (k, kind) in kinds.iter().enumerate() {
            let decided = if *kind == "Referat af" {
                "Beslutning: Godkendt."
            } else {
                ""
            };
            let text = format!(
                "# {kind} møde i {forum}\n\nDato: {date}\nSted: Rådhuset\n\n\
                 Deltagere: Anne Hansen, Bo Jensen, Carl Nielsen\n\n{}",
                items.replace("BESLUTNING", decided)
            );
            let file = dir.join(format!("{m:03}-{k}.md"));
            std::fs::write(&file, text).unwrap();
            files.push(file);
        }
    }
    files
}

/// A changed version of every file of a corpus, in place: a word of nearly every
/// document becomes `MARKER`.
const MARKER: &str = "kvartsmarkør";

fn change(files: &[PathBuf]) {
    for f in files {
        let t = std::fs::read_to_string(f).unwrap();
        std::fs::write(f, t.replace("orientering", MARKER)).unwrap();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What one query finds: the number and the set of item ids.
type Found = (usize, BTreeSet<i64>);

/// The index as it is on disk (not caught up) and as a fresh reindex of the archive
/// would be: every item id, and what some queries find.
struct Compared {
    on_disk: Vec<Found>,
    fresh: Vec<Found>,
    meetings: usize,
}

const QUERIES: &[&str] = &[
    "",
    MARKER,
    "orientering",
    "budget*",
    "godkendt",
    "kind:referat",
];

fn found(index: &SearchIndex) -> Vec<Found> {
    QUERIES
        .iter()
        .map(|q| {
            let r = index.search(q, 100_000, Sort::Relevance).unwrap();
            (r.total, r.hits.iter().map(|h| h.item).collect())
        })
        .collect()
}

/// Checks the archive in `data` is whole (SQLite's own check, every document's
/// meeting there, every meeting's record readable) and compares its index with a
/// fresh one.
fn compare(data: &Path) -> Compared {
    runtime().block_on(async {
        let archive = Archive::open(&Location::Folder(data.to_path_buf()))
            .await
            .unwrap();
        let pool = archive.pool();
        let check: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check.0, "ok");
        let orphans: (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM documents d LEFT JOIN meetings m ON m.id = d.meeting_id \
             WHERE m.id IS NULL",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(orphans.0, 0, "documents of no meeting");
        let ids = archive.meeting_ids().await.unwrap();
        for &id in &ids {
            assert!(archive.meeting(id).await.unwrap().is_some(), "meeting {id}");
        }
        let on_disk = found(&SearchIndex::open(&SearchIndex::folder(data)).unwrap());
        let fresh = SearchIndex::in_memory();
        fresh.rebuild(&archive).await.unwrap();
        let fresh = found(&fresh);
        archive.close().await;
        Compared {
            on_disk,
            fresh,
            meetings: ids.len(),
        }
    })
}

/// The index of `data` equals a fresh reindex of its archive.
fn assert_index_current(data: &Path, what: &str) -> Compared {
    let c = compare(data);
    for ((q, disk), fresh) in QUERIES.iter().zip(&c.on_disk).zip(&c.fresh) {
        assert_eq!(
            disk.0, fresh.0,
            "{what}: the index finds {} items for {q:?}, a reindex {}",
            disk.0, fresh.0
        );
        assert!(disk.1 == fresh.1, "{what}: other items for {q:?}");
    }
    c
}

fn import(data: &Path, docs: &Path) -> Output {
    referat(&[
        "import",
        "--jobs",
        "1",
        "--data",
        data.to_str().unwrap(),
        docs.to_str().unwrap(),
    ])
}

/// Runs an import and kills it (SIGKILL) after `after`; whether it had finished.
fn import_killed(data: &Path, docs: &Path, after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["import", "--jobs", "1", "--data"])
        .args([data, docs])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    finished
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// How many meetings the kill tests import (a quarter of them twice: a dagsorden,
/// then its referat).
const MEETINGS: usize = 40;
/// Kills during a first import, and during a replacement of every document.
const IMPORT_KILLS: usize = 11;
const REPLACE_KILLS: usize = 9;

/// A search (which opens the index, and so catches it up) of the data folder.
fn search(data: &Path, what: &str) {
    let out = referat(&["search", "--data", data.to_str().unwrap(), MARKER]);
    assert!(out.status.success(), "{what}: {}", text(&out.stderr));
}

#[test]
fn killed_imports_and_replacements_leave_the_index_equal_to_a_reindex() {
    let started = Instant::now();
    let mut rng = Rng(seed());
    let tmp = ScratchDir::new("faults-kill");
    let docs = tmp.join("docs");
    let files = corpus(&docs, MEETINGS, &mut rng);

    // How long a whole import takes here, so that kills fall all through it.
    let whole = tmp.join("whole");
    let t = Instant::now();
    let out = import(&whole, &docs);
    let full = t.elapsed();
    assert!(out.status.success(), "{}", text(&out.stdout));
    let c = assert_index_current(&whole, "a whole import");
    assert_eq!(c.meetings, MEETINGS + MEETINGS / 4);
    let items = c.fresh[0].0;
    assert!(items > 2 * MEETINGS, "{items} items");
    // Kills fall in the first three quarters of a whole import's measured time: a
    // killed run on a loaded machine may go faster than the one measured, and a
    // kill after the end tests nothing.
    let span = u64::try_from(full.as_millis()).unwrap() * 3 / 4;

    let mut finished = 0;
    for run in 0..IMPORT_KILLS {
        let data = tmp.join(format!("import-{run}"));
        let after = Duration::from_millis(rng.below(span));
        finished += usize::from(import_killed(&data, &docs, after));
        let what = format!("import {run} killed after {after:?}");
        // What the killed import committed is whole, and the next command to open
        // the index brings it level with the archive.
        search(&data, &what);
        assert_index_current(&data, &what);
        if run % 3 == 0 {
            // And an import again takes in the rest, calling the rest unchanged.
            let out = import(&data, &docs);
            assert!(out.status.success(), "{what}: {}", text(&out.stdout));
            let c = assert_index_current(&data, &what);
            assert_eq!(c.meetings, MEETINGS + MEETINGS / 4, "{what}: meetings lost");
            assert_eq!(c.on_disk[0].0, items, "{what}: items");
        }
        std::fs::remove_dir_all(&data).unwrap();
    }

    // Replacement: every document changes, and the old text must leave the index.
    // The archive before it is copied for each run.
    let before = tmp.join("before");
    copy_dir(&whole, &before);
    change(&files);
    let t = Instant::now();
    let out = import(&whole, &docs);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let span = u64::try_from(t.elapsed().max(full).as_millis()).unwrap() * 3 / 4;
    let replaced = assert_index_current(&whole, "a whole replacement");
    let marked = replaced.fresh[1].0;
    assert!(marked > 0, "the changed text is not found");
    assert_eq!(replaced.fresh[2].0, 0, "the old text is found");
    for run in 0..REPLACE_KILLS {
        let data = tmp.join(format!("replace-{run}"));
        copy_dir(&before, &data);
        let after = Duration::from_millis(rng.below(span));
        finished += usize::from(import_killed(&data, &docs, after));
        let what = format!("replacement {run} killed after {after:?}");
        search(&data, &what);
        let c = assert_index_current(&data, &what);
        assert_eq!(c.meetings, MEETINGS + MEETINGS / 4, "{what}: meetings");
        if run % 2 == 0 {
            let out = import(&data, &docs);
            assert!(out.status.success(), "{what}: {}", text(&out.stdout));
            let c = assert_index_current(&data, &what);
            assert_eq!(c.on_disk[1].0, marked, "{what}: the new text");
            assert_eq!(c.on_disk[2].0, 0, "{what}: the old text");
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
    eprintln!(
        "{} kills ({finished} after the import had finished), {} meetings, {items} items, \
         a whole import {full:?}, in {:?}",
        IMPORT_KILLS + REPLACE_KILLS,
        MEETINGS + MEETINGS / 4,
        started.elapsed()
    );
    assert!(
        finished * 3 <= (IMPORT_KILLS + REPLACE_KILLS) * 2,
        "most kills came too late to test anything"
    );
}

#[test]
fn two_imports_at_once_lose_nothing() {
    let tmp = ScratchDir::new("faults-two");
    let docs = tmp.join("docs");
    let files = corpus(&docs, 60, &mut Rng(2));
    // Four folders of different documents, into one archive: two at once into a new
    // archive (both open it, and would both make its tables), then two at once into
    // the archive that is (both write all the time).
    let folders = ["new-a", "new-b", "a", "b"].map(|f| tmp.join(f));
    for (i, f) in files.iter().enumerate() {
        let to = &folders[if i < 8 { i % 2 } else { 2 + i % 2 }];
        std::fs::create_dir_all(to).unwrap();
        std::fs::rename(f, to.join(f.file_name().unwrap())).unwrap();
    }
    let data = tmp.join("data");
    // Two readers each: the writer of each process is then rarely idle, and their
    // transactions overlap (with one, parsing leaves gaps that hid the fault).
    let spawn = |docs: &Path| {
        Command::new(env!("CARGO_BIN_EXE_referat"))
            .args(["import", "--jobs", "2", "--data"])
            .args([&data, docs])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for pair in folders.chunks(2) {
        let (first, second) = (spawn(&pair[0]), spawn(&pair[1]));
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            let stdout = text(&out.stdout);
            assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
            assert!(stdout.contains(" 0 failed"), "{stdout}");
        }
    }
    let c = assert_index_current(&data, "two imports at once");
    let alone = tmp.join("alone");
    std::fs::create_dir_all(tmp.join("all")).unwrap();
    for dir in &folders {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), tmp.join("all").join(entry.file_name())).unwrap();
        }
    }
    assert!(import(&alone, &tmp.join("all")).status.success());
    let one = compare(&alone);
    assert_eq!(c.meetings, one.meetings, "meetings lost");
    assert_eq!(c.on_disk[0].0, one.fresh[0].0, "items lost");
}

/// What the web's search page says it found, as a number.
fn web_total(addr: &str, query: &str) -> usize {
    let page = referat_testkit::http_get(addr, &format!("/search?q={query}"));
    let lead = page
        .split("class=\"lead\" role=\"status\">")
        .nth(1)
        .unwrap_or("");
    if lead.starts_with("Ingen") {
        0
    } else {
        lead.split(' ').next().unwrap_or("").parse().unwrap_or(0)
    }
}

#[test]
fn a_server_sees_an_import_beside_it_within_seconds() {
    use std::io::BufRead;
    let tmp = ScratchDir::new("faults-serve");
    let docs = tmp.join("docs");
    corpus(&docs, 20, &mut Rng(3));
    let data = tmp.join("data");
    let mut server = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("serving http://")
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    assert_eq!(web_total(&addr, "orientering"), 0);

    let out = import(&data, &docs);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let cli = referat(&[
        "search",
        "--json",
        "--data",
        data.to_str().unwrap(),
        "orientering",
    ]);
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    let want = usize::try_from(cli["total"].as_u64().unwrap()).unwrap();
    assert!(want > 0);
    let imported = Instant::now();
    let mut seen = 0;
    while imported.elapsed() < Duration::from_secs(10) {
        seen = web_total(&addr, "orientering");
        if seen == want {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let took = imported.elapsed();
    let _ = server.kill();
    server.wait().unwrap();
    assert_eq!(
        seen, want,
        "the server finds {seen}, the command line {want}"
    );
    eprintln!("the server found the {want} items {took:?} after the import ended");
}

/// Whether this machine lets the test make a file system of its own.
fn can_mount(dir: &Path) -> Result<(), String> {
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c"])
        .arg("mount -t tmpfs -o size=1m tmpfs \"$1\"")
        .arg("sh")
        .arg(dir)
        .output()
        .map_err(|e| format!("unshare: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(text(&out.stderr))
    }
}

#[test]
fn a_full_disk_stops_the_import_and_the_summary_is_the_archive() {
    let tmp = ScratchDir::new("faults-full");
    let mount = tmp.join("mnt");
    std::fs::create_dir_all(&mount).unwrap();
    if let Err(why) = can_mount(&mount) {
        assert!(
            std::env::var_os("REFERAT_TEST_FAULTS").is_none(),
            "REFERAT_TEST_FAULTS is set, but no small file system can be made: {why}"
        );
        eprintln!("skipped: no small file system can be made here ({why})");
        return;
    }
    let docs = tmp.join("docs");
    corpus(&docs, 300, &mut Rng(4));
    let kept = tmp.join("kept");
    // The data folder on a 2 MB tmpfs of the test's own namespace; once the import
    // is done, the folder is copied out to be looked at.
    let script = "mount -t tmpfs -o size=2m tmpfs \"$1\" || exit 97; \
        \"$2\" import --jobs 1 --data \"$1/data\" \"$3\" > \"$4.out\" 2> \"$4.err\"; \
        echo $? > \"$4.status\"; cp -a \"$1/data\" \"$4\"";
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", script, "sh"])
        .arg(&mount)
        .arg(env!("CARGO_BIN_EXE_referat"))
        .arg(&docs)
        .arg(&kept)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let read = |ext: &str| std::fs::read_to_string(kept.with_extension(ext)).unwrap();
    let (summary, status) = (read("out"), read("status"));
    assert_eq!(status.trim(), "1", "{summary}{}", read("err"));
    assert!(summary.contains("stopped: the disk is full"), "{summary}");
    let imported: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(imported > 0, "nothing fit: {summary}");

    // The archive holds what the summary says, and nothing is in the index that the
    // archive does not hold.
    let c = compare(&kept);
    assert_eq!(c.meetings, imported, "{summary}");
    assert!(
        c.on_disk[0].1.is_subset(&c.fresh[0].1),
        "the index holds items the archive does not"
    );
    // Given room, the next open catches up.
    let out = referat(&["search", "--data", kept.to_str().unwrap(), "orientering"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_index_current(&kept, "after a full disk");
    eprintln!("a full disk: {}", summary.lines().next().unwrap_or(""));
}

//! The `referat` binary as a user runs it: real sample files, real bad files.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::{Command, Output};

use referat_testkit::{ScratchDir, samples};

fn referat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(args)
        .output()
        .unwrap()
}

/// A sample, as an argument.
fn sample(stem: &str, ext: &str) -> String {
    referat_testkit::sample(stem, ext)
        .to_string_lossy()
        .into_owned()
}

/// A fresh folder for one test's files, removed when the test ends.
fn scratch(test: &str) -> ScratchDir {
    ScratchDir::new(&format!("cli-{test}"))
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn parse_json_is_the_record() {
    let out = referat(&["parse", "--json", &sample("000_3da8c5a58e2149b5", "txt")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["schema"], "referat.meeting/1");
    assert_eq!(record["body"], "Politisk Sundhedsklynge Nord");
    assert_eq!(record["items"].as_array().unwrap().len(), 6);
}

#[test]
fn parse_json_of_several_files_is_json_lines() {
    let out = referat(&[
        "parse",
        "--json",
        &sample("000_3da8c5a58e2149b5", "txt"),
        &sample("003_dd0221cf35a3b247", "txt"),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["body"], "Klyngestyregruppe Nord");
}

#[test]
fn parse_summary_names_forum_absentees_and_outcomes() {
    let out = referat(&["parse", &sample("002_bdb304747eb2561f", "txt")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Politisk Sundhedsklynge Syd — referat, tirsdag 2024-10-22 15:00"));
    assert!(
        text.contains("Absent: Jan Mainz, Pia Buus Pinstrup")
            || text.contains("Absent: Pia Buus Pinstrup, Jan Mainz"),
        "{text}"
    );
    assert!(
        text.contains("5. Orientering vedr. Sundhedsklyngemøde — 1 amended"),
        "{text}"
    );
}

#[test]
fn lint_lists_warnings_with_lines_and_fails() {
    let path = sample("001_7e4b079eb24c41d2", "txt");
    let out = referat(&["lint", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{path}:4: weekday-mismatch: ")),
        "{first}"
    );
}

#[test]
fn lint_of_a_clean_document_succeeds() {
    let dir = scratch("lint-clean");
    let file = dir.join("clean.md");
    std::fs::write(
        &file,
        "# Referat\n\n## Ældrerådet\n\nDato: 3. oktober 2023\n\nDeltagere: Inge Madsen, Poul Erik Larsen\n\n## 1. Godkendelse af dagsorden\n\n### Beslutning\n\nGodkendt.\n",
    )
    .unwrap();
    let out = referat(&["lint", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_inputs_get_one_line_each_and_status_2() {
    let dir = scratch("bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let binary = dir.join("picture.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let readme = dir.join("README.md");
    std::fs::write(
        &readme,
        "# referat\n\nAn open meeting-records system.\n\n## Usage\n\nRun `referat demo` and open the browser.\n",
    )
    .unwrap();
    let novel = dir.join("novel.txt");
    let chapter = "Det var en mørk og stormfuld nat, og hun gik langs stranden. ".repeat(40);
    std::fs::write(
        &novel,
        format!("Kapitel et\n\n{chapter}\n\nKapitel to\n\n{chapter}\n"),
    )
    .unwrap();
    let files = [&empty, &binary, &readme, &novel];
    let mut args = vec!["parse"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = referat(&args);
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    for (line, file) in lines.iter().zip(files) {
        assert!(line.contains(file.to_str().unwrap()), "{line}");
    }
    assert!(lines[0].ends_with("the file is empty"));
    assert!(lines[1].contains("binary file"));
    assert!(lines[2].contains("not minutes or an agenda"));
    assert!(lines[3].contains("not minutes or an agenda"));
}

#[test]
fn huge_files_are_refused_before_reading() {
    let out = referat(&[
        "parse",
        "--max-size",
        "10",
        &sample("000_3da8c5a58e2149b5", "txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("over the limit of 10 bytes"),
        "{}",
        lines[0]
    );
}

#[test]
fn undecodable_text_names_the_line() {
    let dir = scratch("undecodable");
    let file = dir.join("minutes.txt");
    std::fs::write(
        &file,
        b"Referat\nM\xf8dedato: 1. maj 2024\nPunkt 1 \x81\x81\n",
    )
    .unwrap();
    let out = referat(&["parse", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert!(
        lines[0].contains("minutes.txt:3: cannot decode"),
        "{}",
        lines[0]
    );
}

#[test]
fn windows_1252_and_utf16_minutes_parse() {
    let dir = scratch("encodings");
    let text = std::fs::read_to_string(sample("003_dd0221cf35a3b247", "txt")).unwrap();
    let cp1252: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'æ' => 0xE6,
            'ø' => 0xF8,
            'å' => 0xE5,
            'Æ' => 0xC6,
            'Ø' => 0xD8,
            'Å' => 0xC5,
            '–' => 0x96,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect();
    let a = dir.join("cp1252.md");
    std::fs::write(&a, cp1252).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let b = dir.join("utf16.md");
    std::fs::write(&b, utf16).unwrap();
    for file in [a, b] {
        let out = referat(&["parse", "--json", file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(record["location"], "Microsoft Teams");
        assert_eq!(record["participants"][0]["name"], "Leif Serup");
        assert_eq!(
            record["items"][6]["title"],
            "Forslag til seminar for Klyngestyregruppen"
        );
    }
}

/// A plain HTTP/1.1 GET over a socket: the page's status line and body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    let response = referat_testkit::http_get(addr, path);
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn demo_imports_the_samples_and_serves_them() {
    use std::io::BufRead;
    let dir = scratch("demo");
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["demo", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.join("data"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let serving = lines.next().unwrap().unwrap();
    let result = std::panic::catch_unwind(|| {
        assert!(first.contains("5 sample minutes imported"), "{first}");
        let addr = serving
            .strip_prefix("serving http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("{serving}"))
            .to_string();
        let (status, body) = http_get(&addr, "/");
        assert!(status.ends_with("200 OK"), "{status}");
        assert!(body.contains("Klyngestyregruppe Nord"));
        let (status, body) = http_get(&addr, "/search?q=blodpr%C3%B8vetagning");
        assert!(status.ends_with("200 OK"), "{status}");
        assert!(body.contains("fundet"), "{body}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = scratch("continue");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let good = sample("003_dd0221cf35a3b247", "txt");
    let out = referat(&["parse", "--json", empty.to_str().unwrap(), &good]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr_lines(&out).len(), 1);
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["body"], "Klyngestyregruppe Nord");
}

#[test]
fn lint_of_an_unreadable_file_is_status_2() {
    let dir = scratch("lint-bad");
    let binary = dir.join("data.bin");
    std::fs::write(&binary, b"abc\x00def").unwrap();
    let out = referat(&["lint", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("data.bin: a binary file"), "{}", lines[0]);
}

#[test]
fn max_size_takes_units() {
    let path = sample("000_3da8c5a58e2149b5", "txt");
    let out = referat(&["parse", "--max-size", "1K", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_lines(&out)[0].contains("over the limit of 1024 bytes"));
    let out = referat(&["parse", "--max-size", "1M", &path]);
    assert!(out.status.success());
    let out = referat(&["parse", "--max-size", "lots", &path]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn summary_gives_the_calendar_weekday_when_none_is_written() {
    let out = referat(&["parse", &sample("003_dd0221cf35a3b247", "txt")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Klyngestyregruppe Nord — referat, torsdag 2020-11-19 14:00–16:00"),
        "{text}"
    );
}

#[test]
fn help_explains_the_commands() {
    let out = referat(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for word in ["parse", "lint", "demo", "Exit status"] {
        assert!(text.contains(word), "{text}");
    }
}

#[test]
fn text_shows_what_the_parser_reads_and_lines_point_into_it() {
    let docx = sample("000_3da8c5a58e2149b5", "docx");
    let out = referat(&["text", &docx]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let record: serde_json::Value =
        serde_json::from_slice(&referat(&["parse", "--json", &docx]).stdout).unwrap();
    // The first line of item 2 in the record is its heading in the extracted text.
    let item = &record["items"][1];
    let first = item["lines"][0].as_u64().unwrap() as usize;
    let line = text.lines().nth(first - 1).unwrap();
    assert!(
        line.contains(item["title"].as_str().unwrap()),
        "line {first} is {line:?}"
    );

    let out = referat(&["text", "/nonexistent/minutes.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_lines(&out)[0].starts_with("error[referat::unreadable]: /nonexistent/minutes.pdf: ")
    );
}

/// Copies the sample minutes with these endings into `dir`.
fn copy_samples(dir: &Path, exts: &[&str]) {
    for ext in exts {
        for path in samples(ext) {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_folders_readme_and_tables_are_skipped_not_failed_and_forums_tells_the_figures() {
    let tmp = scratch("skip-forums");
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    copy_samples(&docs, &["txt"]);
    std::fs::write(
        docs.join("README.md"),
        "# Minutes\n\nFetched from the portal.\n",
    )
    .unwrap();
    std::fs::write(docs.join("SOURCES.tsv"), "file\tblob\na.txt\t76f5\n").unwrap();
    let data = tmp.join("data");
    let data = data.to_str().unwrap();

    let out = referat(&["import", "--data", data, docs.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Skipped files are named but are no failure: the import succeeded.
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("5 imported, 0 unchanged, 0 replaced, 0 failed, 2 skipped"),
        "{stdout}"
    );
    assert!(stdout.contains("  skipped: ") && stdout.contains("README.md: the folder's README"));
    assert!(
        stdout.contains("SOURCES.tsv: not a document (.tsv)"),
        "{stdout}"
    );
    // Named on its own, a README is read, and fails as what it is.
    let readme = docs.join("README.md");
    let out = referat(&["import", "--data", data, readme.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("1 failed, 0 skipped"), "{stdout}");

    // Every forum with its meetings and their period, then the total.
    let out = referat(&["forums", "--data", data]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("Forum") && lines[0].contains("Meetings"),
        "{stdout}"
    );
    let total = lines.last().unwrap();
    assert!(total.ends_with(", 5 meetings"), "{stdout}");
    let counted: usize = lines[1..lines.len() - 1]
        .iter()
        .map(|l| {
            l.split_whitespace()
                .rev()
                .nth(2)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, 5, "{stdout}");
    // One forum by a part of its name: its members with their attendance.
    let name = lines[1].split("  ").next().unwrap().trim().to_string();
    let part: String = name.chars().skip(1).take(6).collect();
    let out = referat(&["forums", "--data", data, &part]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{part}: {stdout}");
    assert!(stdout.starts_with(&format!("{name}: ")), "{stdout}");
    assert!(stdout.contains("Attended  Held  Absent  Share"), "{stdout}");
    assert!(stdout.contains(" %\n"), "{stdout}");
    // A forum no one has is an error naming what was asked, exit status 2.
    let out = referat(&["forums", "--data", data, "no such forum"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no forum is named \"no such forum\""),
        "{stderr}"
    );
}

#[test]
fn import_reports_every_document_and_goes_on_after_a_bad_one() {
    let tmp = scratch("import");
    let docs = tmp.join("docs");
    std::fs::create_dir_all(docs.join("2025/nested")).unwrap();
    copy_samples(&docs.join("2025/nested"), &["txt", "docx"]);
    std::fs::write(docs.join("2025/empty.txt"), "").unwrap();
    std::fs::write(docs.join(".hidden.txt"), "skipped").unwrap();
    let data = tmp.join("data");
    let data = data.to_str().unwrap();
    let docs = docs.to_str().unwrap();

    let out = referat(&["import", "--data", data, docs]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // Five meetings; the .docx of each replaces the meeting its .txt gave.
    assert!(
        stdout.starts_with("5 imported, 0 unchanged, 5 replaced, 1 failed"),
        "{stdout}"
    );
    assert!(stdout.contains("empty.txt: the file is empty"), "{stdout}");
    assert!(!stdout.contains(".hidden"), "{stdout}");

    // Again: every file is known.
    let out = referat(&["import", "--data", data, docs]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("0 imported, 10 unchanged, 0 replaced, 1 failed"),
        "{stdout}"
    );

    // Export, restore into a fresh archive, export again: the same bytes.
    let first = tmp.join("first.jsonl");
    let out = referat(&["export", "--data", data, "--out", first.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = tmp.join("restored");
    let restored = restored.to_str().unwrap();
    let out = referat(&["import", "--data", restored, first.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let again = referat(&["export", "--data", restored]);
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        std::fs::read_to_string(&first).unwrap()
    );

    // The people, with an id to correct them by.
    let out = referat(&["people", "--data", data]);
    let people = String::from_utf8_lossy(&out.stdout);
    assert!(people.contains("Mads Duedahl"), "{people}");
    let out = referat(&["people", "--data", data, "merge", "1", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be merged with itself"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An import killed at any moment leaves whole documents only, and a second run
/// finishes the batch.
#[test]
fn an_import_killed_mid_batch_leaves_a_consistent_archive() {
    use sqlx::{Connection, Row};
    let tmp = scratch("kill");
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // 300 versions of one meeting: every document replaces the last, which is where
    // a half-written document would show.
    let text = std::fs::read_to_string(sample("000_3da8c5a58e2149b5", "txt")).unwrap();
    let n = 300;
    for i in 0..n {
        std::fs::write(
            docs.join(format!("{i:04}.txt")),
            format!("{text}{}", "\n".repeat(i)),
        )
        .unwrap();
    }
    let data = tmp.join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args([
            "import",
            "--data",
            data.to_str().unwrap(),
            docs.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = data.join("referat.sqlite");
    let url = format!("sqlite://{}?mode=ro", db.display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let counts = |url: &str| {
        rt.block_on(async {
            let mut conn = sqlx::SqliteConnection::connect(url).await?;
            let check: String = sqlx::query("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await?
                .get(0);
            let row = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM meetings), \
                 (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM attendance), \
                 (SELECT COUNT(*) FROM documents WHERE meeting_id IS NULL)",
            )
            .fetch_one(&mut conn)
            .await?;
            Ok::<_, sqlx::Error>((check, [0, 1, 2, 3, 4].map(|i| row.get::<i64, _>(i))))
        })
    };
    // Kill it once a few documents are in.
    let started = std::time::Instant::now();
    loop {
        if let Ok((_, [documents, ..])) = counts(&url) {
            if documents >= 3 {
                break;
            }
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "the import never got going"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let (check, [documents, meetings, items, attendance, orphans]) = counts(&url).unwrap();
    assert_eq!(check, "ok");
    assert!(
        documents < n as i64,
        "the import finished before it was killed"
    );
    assert_eq!(meetings, 1);
    assert_eq!(
        (items, attendance, orphans),
        (6, 33, 0),
        "a half-written document"
    );

    let out = referat(&[
        "import",
        "--data",
        data.to_str().unwrap(),
        docs.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (_, [documents, meetings, items, attendance, orphans]) = counts(&url).unwrap();
    assert_eq!(
        (documents, meetings, items, attendance, orphans),
        (n as i64, 1, 6, 33, 0)
    );
}

#[test]
fn import_keeps_the_search_index_in_step() {
    let tmp = scratch("search");
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    copy_samples(&docs, &["txt"]);
    let data = tmp.join("data");
    let data = data.to_str().unwrap();
    assert!(
        referat(&["import", "--data", data, docs.to_str().unwrap()])
            .status
            .success()
    );

    let out = referat(&[
        "search",
        "--data",
        data,
        "--json",
        "--limit",
        "3",
        "blodprøvetagning",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(results["total"].as_u64().unwrap() >= 1);
    let hit = &results["hits"][0];
    assert!(hit["snippet"].as_str().unwrap().contains("<b>"));
    assert!(hit["link"].as_str().unwrap().starts_with("/meetings/"));

    // A changed version of a meeting replaces its items in the index.
    let sample = docs.join("004_9285af0b1d2d00d2.txt");
    let text = std::fs::read_to_string(&sample).unwrap();
    std::fs::write(&sample, text.replace("mobillaborant", "mobilsygeplejerske")).unwrap();
    assert!(
        referat(&["import", "--data", data, docs.to_str().unwrap()])
            .status
            .success()
    );
    let out = referat(&["search", "--data", data, "mobilsygeplejerskeordningen"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("1 agenda item found"), "{stdout}");
    let out = referat(&["search", "--data", data, "mobillaborantordningen"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("0 agenda items found"), "{stdout}");

    // A lost index is a rebuild away.
    std::fs::remove_dir_all(tmp.join("data/index")).unwrap();
    let out = referat(&["reindex", "--data", data]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "40 public agenda items indexed\n"
    );
    let out = referat(&["search", "--data", data, "mobilsygeplejerskeordningen"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 agenda item found"));
}

#[test]
fn a_pdf_page_that_cannot_be_read_is_a_warning_not_a_crash() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../referat-extract/tests/fixtures/pdf/one-bad-page.pdf");
    let out = referat(&["text", &file.to_string_lossy()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Dagsorden") && stdout.contains("Bilag"),
        "{stdout}"
    );
    assert!(
        stderr.contains("one-bad-page.pdf: warning: page 2 could not be read"),
        "{stderr}"
    );
    // The reader's panic is caught and told in words, without the panic message.
    assert!(!stderr.contains("panicked"), "{stderr}");
}

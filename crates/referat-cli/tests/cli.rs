//! The `referat` binary as a user runs it: real sample files, real bad files.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn referat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(args)
        .output()
        .unwrap()
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/samples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A fresh folder for one test's files, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("referat-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn parse_json_is_the_record() {
    let out = referat(&["parse", "--json", &sample("000_3da8c5a58e2149b5.txt")]);
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
        &sample("000_3da8c5a58e2149b5.txt"),
        &sample("003_dd0221cf35a3b247.txt"),
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
    let out = referat(&["parse", &sample("002_bdb304747eb2561f.txt")]);
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
    let path = sample("001_7e4b079eb24c41d2.txt");
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
        &sample("000_3da8c5a58e2149b5.txt"),
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
    let text = std::fs::read_to_string(sample("003_dd0221cf35a3b247.txt")).unwrap();
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

#[test]
fn demo_prints_every_sample() {
    let out = referat(&["demo"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("  Items: ").count(), 5);
    // Each summary follows a header line naming the sample.
    assert!(
        text.contains("\nklyngestyregruppe-nord-2020-11-19.md\n  Klyngestyregruppe Nord — referat")
    );
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = scratch("continue");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let good = sample("003_dd0221cf35a3b247.txt");
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
    let path = sample("000_3da8c5a58e2149b5.txt");
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
    let out = referat(&["parse", &sample("003_dd0221cf35a3b247.txt")]);
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
    let docx = sample("000_3da8c5a58e2149b5.docx");
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

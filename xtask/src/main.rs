//! Chores for referat's developers, run as `cargo xtask <command>`.
//!
//! `cargo xtask fixtures` makes the Word and PDF versions of the sample minutes with
//! the tools a secretariat would use: pandoc turns the Markdown (line breaks kept) into
//! .docx, and
//! LibreOffice prints the .docx to PDF (Debian packages `pandoc` and
//! `libreoffice-writer-nogui`).
//!
//! `cargo xtask gen-corpus --meetings N --out DIR [--seed S]` writes a corpus of
//! invented minutes and agendas for benchmarks at scale (see `corpus`).
//!
//! `cargo xtask eval [--bin PATH] [--set NAME]... [--check] [--misses] [--out DIR]`
//! scores the parser on every set with gold (the samples as text, Word and PDF, the
//! published formats, the real minutes, the invented documents) with
//! `../shared/eval/score.py`, a table per set; `--check` fails below the floors (see
//! `eval`).
//!
//! `cargo xtask import-growth [--corpus DIR] [--meetings N]` measures whether import
//! slows as the archive grows: it writes the generated corpus into `DIR` if it is not
//! there yet (`--meetings`, 10,000 by default) and runs `cargo bench -p referat-ingest
//! --bench growth` over it, which prints the rates of the first and the last thousand
//! documents and their ratio.
//!
//! `cargo xtask load-bench --data DIR` measures the web server under wrk (see `load`).
//!
//! `cargo xtask flood --data DIR` floods the web server with connections, slow
//! clients and long searches and checks that a normal request is still answered
//! within a second (see `flood`).
//!
//! `cargo xtask hostile --out DIR` writes the hostile documents the extraction budget
//! is tested on (`referat_testkit::hostile`: zip bombs, forms that fan out, nesting a
//! hundred thousand deep…), to try a reader on by hand.

mod corpus;
mod eval;
mod flood;
mod load;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("fixtures") => fixtures(),
        Some("gen-corpus") => corpus::run(args.get(1..).unwrap_or_default()),
        Some("eval") => eval::run(args.get(1..).unwrap_or_default()),
        Some("import-growth") => import_growth(args.get(1..).unwrap_or_default()),
        Some("load-bench") => load::run(args.get(1..).unwrap_or_default()),
        Some("flood") => flood::run(args.get(1..).unwrap_or_default()),
        Some("hostile") => hostile(args.get(1..).unwrap_or_default()),
        _ => Err(
            "usage: cargo xtask fixtures | cargo xtask gen-corpus --meetings N --out DIR [--seed S] \
             | cargo xtask eval [--bin PATH] [--set NAME]... [--check] [--misses] [--out DIR] \
             | cargo xtask import-growth [--corpus DIR] [--meetings N] \
             | cargo xtask load-bench --data DIR | cargo xtask flood --data DIR \
             | cargo xtask hostile --out DIR"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn import_growth(args: &[String]) -> Result<(), String> {
    let usage = || "usage: cargo xtask import-growth [--corpus DIR] [--meetings N]".to_string();
    let mut corpus = std::env::temp_dir().join("referat-growth-corpus");
    let mut meetings = "10000".to_string();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(usage)?;
        match flag.as_str() {
            "--corpus" => corpus = PathBuf::from(value),
            "--meetings" => meetings.clone_from(value),
            _ => return Err(usage()),
        }
    }
    // A corpus already written is taken as it is: the generator writes the same bytes
    // for the same count, and writing 184 MB again would only wear the disk.
    if !corpus.is_dir() {
        let out = corpus.to_string_lossy().into_owned();
        corpus::run(&["--meetings".into(), meetings, "--out".into(), out])?;
    }
    run(Command::new("cargo")
        .args(["bench", "-p", "referat-ingest", "--bench", "growth"])
        .env("REFERAT_BENCH_CORPUS", &corpus))
}

fn hostile(args: &[String]) -> Result<(), String> {
    let out = match args {
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask hostile --out DIR".to_string()),
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let paths =
        referat_testkit::hostile::write_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (path, h) in paths.iter().zip(&referat_testkit::hostile::ALL) {
        println!("{}: {}", path.display(), h.what);
    }
    Ok(())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("{shown}: {e} (is it installed?)"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed: {status}"))
    }
}

fn fixtures() -> Result<(), String> {
    let samples = root().join("fixtures/samples");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&samples)
        .map_err(|e| format!("{}: {e}", samples.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    sources.sort();
    // LibreOffice keeps a profile; a fresh one in a temporary folder keeps runs alike.
    let profile = std::env::temp_dir().join("referat-xtask-lo-profile");
    for source in &sources {
        let docx = source.with_extension("docx");
        println!("{} -> {}", source.display(), docx.display());
        run(Command::new("pandoc")
            .arg(source)
            // Two of the samples are plain text with a line structure (participant
            // lists, headers); without hard line breaks pandoc would run their lines
            // together into paragraphs, which no secretariat's Word file does.
            .args([
                "--from",
                "markdown+hard_line_breaks",
                "--to",
                "docx",
                "--output",
            ])
            .arg(&docx))?;
        println!("{} -> pdf", docx.display());
        run(Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&samples)
            .arg(&docx))?;
    }
    Ok(())
}

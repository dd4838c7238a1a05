//! `cargo xtask load-bench --data DIR`: the web server under load, measured with wrk.
//!
//! Starts the release `referat serve` (or the binary given with `--referat`) on a free
//! loopback port over an existing data folder, finds how many meetings it has, and
//! lets wrk request pages picked at random across the whole archive (a Lua script: one
//! fixed URL would only measure a cache), for each target in turn: the meeting page,
//! an OParl list page, the search for one common word (`kommune`) and a mix of 300
//! searches drawn from the generated corpus's vocabulary (see [`query_mix`]), and as
//! the baseline the server's static stylesheet (what the same server and wrk reach
//! with no database and no template). Prints requests/s and the latency percentiles
//! wrk reports. wrk and the server share the machine's cores; the figures are for both
//! on one box, as on a developer's laptop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::corpus::words;
use crate::root;

/// What one target requests.
enum Requests {
    /// A URL template; `{id}` becomes a random meeting id.
    Meeting(String),
    /// One of these paths at random.
    Mix(Vec<String>),
}

struct Options {
    data: PathBuf,
    referat: Option<PathBuf>,
    duration: u32,
    connections: u32,
    threads: u32,
    /// Only the targets whose names contain one of these (all when empty).
    only: Vec<String>,
    targets: Vec<(String, Requests)>,
}

const USAGE: &str = "usage: cargo xtask load-bench --data DIR [--referat BIN] [--duration SECS] \
     [--connections N] [--threads N] [--only NAME]...";

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        data: PathBuf::new(),
        referat: None,
        duration: 10,
        connections: 32,
        threads: 1,
        only: Vec::new(),
        targets: vec![
            // The ceiling: a static response of the same server, no database, no
            // template. The other targets are measured against it.
            (
                "stylesheet (baseline)".into(),
                Requests::Meeting("/static/referat.css?{id}".into()),
            ),
            (
                "meeting page".into(),
                Requests::Meeting("/meetings/{id}".into()),
            ),
            (
                "OParl meeting list".into(),
                Requests::Meeting("/oparl/v1/meeting?after={id}".into()),
            ),
            // A word in most items: the most a search has to go through.
            (
                "search kommune".into(),
                Requests::Mix(vec!["/search?q=kommune".into()]),
            ),
            (
                "search mix".into(),
                Requests::Mix(
                    query_mix()
                        .iter()
                        .map(|q| format!("/search?q={}", encode(q)))
                        .collect(),
                ),
            ),
        ],
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))
        };
        let number = |v: &String| {
            v.parse::<u32>()
                .map_err(|_| format!("{flag}: {v} is not a number"))
        };
        match flag.as_str() {
            "--data" => o.data = PathBuf::from(value()?),
            "--referat" => o.referat = Some(PathBuf::from(value()?)),
            "--only" => o.only.push(value()?.clone()),
            "--duration" => o.duration = number(value()?)?,
            "--connections" => o.connections = number(value()?)?,
            "--threads" => o.threads = number(value()?)?,
            _ => return Err(USAGE.to_string()),
        }
    }
    if o.data.as_os_str().is_empty() {
        return Err(USAGE.to_string());
    }
    Ok(o)
}

/// The server, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
}

impl Server {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(data: &PathBuf, referat: Option<&PathBuf>) -> Result<Server, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let referat = referat
        .cloned()
        .unwrap_or_else(|| target.join("release/referat"));
    if !referat.exists() {
        return Err(format!(
            "{} is missing: cargo build --release -p referat-cli",
            referat.display()
        ));
    }
    let mut child = Command::new(&referat)
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e}", referat.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout from the server")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let addr = line
        .trim()
        .strip_prefix("serving http://")
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| format!("unexpected server output: {line}"))?
        .to_string();
    Ok(Server { child, addr })
}

/// The status code of a GET.
fn status(addr: &str, path: &str) -> Result<u16, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status for {path}"))
}

/// The highest meeting id, found by bisection over `/meetings/{id}` (ids are dense:
/// meetings are never deleted, only replaced under their id).
pub(crate) fn highest_meeting(addr: &str) -> Result<u64, String> {
    if status(addr, "/meetings/1")? != 200 {
        return Err("the archive has no meeting 1: import something first".into());
    }
    let (mut low, mut high) = (1u64, 2u64);
    while status(addr, &format!("/meetings/{high}"))? == 200 {
        low = high;
        high *= 2;
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if status(addr, &format!("/meetings/{mid}"))? == 200 {
            low = mid;
        } else {
            high = mid;
        }
    }
    Ok(low)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    let server = start(&o.data, o.referat.as_ref())?;
    let meetings = highest_meeting(&server.addr)?;
    println!(
        "{} meetings at {}; wrk: {} threads, {} connections, {} s per target",
        meetings, server.addr, o.threads, o.connections, o.duration
    );
    println!(
        "{:<22} {:>10} {:>9} {:>9} {:>9}",
        "target", "req/s", "p50", "p90", "p99"
    );
    let script = std::env::temp_dir().join(format!("referat-load-{}.lua", std::process::id()));
    for (name, requests) in &o.targets {
        if !o.only.is_empty() && !o.only.iter().any(|n| name.contains(n.as_str())) {
            continue;
        }
        // wrk's Lua: a path a request, ids or paths uniform, seeded for repeatable
        // runs.
        let (prelude, path) = match requests {
            Requests::Meeting(template) => {
                let (head, tail) = template.split_once("{id}").unwrap_or((template, ""));
                (
                    String::new(),
                    format!("\"{head}\" .. math.random(1, {meetings}) .. \"{tail}\""),
                )
            }
            Requests::Mix(paths) => {
                let list: Vec<String> = paths.iter().map(|p| format!("\"{p}\"")).collect();
                (
                    format!("paths = {{{}}}\n", list.join(", ")),
                    "paths[math.random(1, #paths)]".to_string(),
                )
            }
        };
        std::fs::write(
            &script,
            format!(
                "math.randomseed(7)\n{prelude}request = function()\n  \
                 return wrk.format(\"GET\", {path})\nend\n\
                 done = function(summary, latency, requests)\n  \
                 io.write(string.format(\"errors %d %d\\n\", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n"
            ),
        )
        .map_err(|e| e.to_string())?;
        let output = Command::new("wrk")
            .args([
                "--latency",
                "-t",
                &o.threads.to_string(),
                "-c",
                &o.connections.to_string(),
                "-d",
                &format!("{}s", o.duration),
                "-s",
            ])
            .arg(&script)
            .arg(format!("http://{}/", server.addr))
            .output()
            .map_err(|e| format!("wrk: {e} (apt-get install wrk)"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let field = |label: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label))
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("?")
                .to_string()
        };
        let rps = text
            .lines()
            .find(|l| l.starts_with("Requests/sec:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("?");
        println!(
            "{name:<22} {rps:>10} {:>9} {:>9} {:>9}",
            field("50%"),
            field("90%"),
            field("99%")
        );
        if let Some(errors) = text.lines().find(|l| l.starts_with("errors ")) {
            if errors != "errors 0 0" {
                println!("  {name}: non-2xx responses and socket errors: {errors}");
            }
        }
    }
    let _ = std::fs::remove_file(&script);
    Ok(())
}

/// 300 searches as people type them, drawn (seeded, the same every run) from the
/// words of the generated corpus's item subjects and texts: half one word, a fifth two
/// words, a tenth each a two-word phrase, a five-letter prefix, and a word with a year.
pub fn query_mix() -> Vec<String> {
    let mut vocabulary: Vec<Vec<String>> = Vec::new();
    let lists: [&[&str]; 10] = [
        words::HEALTH_TOPICS,
        words::ELDERLY_TOPICS,
        words::TECHNICAL_TOPICS,
        words::CHILDREN_TOPICS,
        words::CULTURE_TOPICS,
        words::ECONOMY_TOPICS,
        words::SOCIAL_TOPICS,
        words::SENTENCES,
        words::DISCUSSION,
        words::TOWNS,
    ];
    for text in lists.iter().flat_map(|l| l.iter()) {
        // Placeholders are not words anyone searches for.
        let phrase: Vec<String> = text
            .split(|c: char| !c.is_alphabetic() && c != '{' && c != '}')
            .filter(|w| w.chars().count() >= 5 && !w.contains('{'))
            .map(str::to_lowercase)
            .collect();
        if !phrase.is_empty() {
            vocabulary.push(phrase);
        }
    }
    let mut state: u64 = 2026;
    // SplitMix64: small, and the same sequence on every machine.
    let mut next = move |n: usize| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        usize::try_from((z ^ (z >> 31)) % n.max(1) as u64).unwrap_or(0)
    };
    let mut out = Vec::with_capacity(300);
    while out.len() < 300 && !vocabulary.is_empty() {
        let Some(phrase) = vocabulary.get(next(vocabulary.len())) else {
            continue;
        };
        let word = |i: usize| phrase.get(i).cloned().unwrap_or_default();
        let a = word(next(phrase.len()));
        let b = word(next(phrase.len()));
        let query = match out.len() % 10 {
            0..=4 => a,
            5 | 6 => format!("{a} {b}"),
            7 if phrase.len() >= 2 => {
                let i = next(phrase.len() - 1);
                format!("\"{} {}\"", word(i), word(i + 1))
            }
            7 => continue,
            8 => format!("{}*", a.chars().take(5).collect::<String>()),
            _ => format!("{a} year:{}", 2019 + next(7)),
        };
        out.push(query);
    }
    out
}

/// Percent-encodes a query string value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

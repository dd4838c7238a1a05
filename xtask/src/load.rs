//! `cargo xtask load-bench --data DIR`: the web server under load, measured with wrk.
//!
//! Starts the release `referat serve` on a free loopback port over an existing data
//! folder, finds how many meetings it has, and lets wrk request pages picked at random
//! across the whole archive (a Lua script: one fixed URL would only measure a cache),
//! for each target in turn: the meeting page and an OParl list page, and as the
//! baseline the server's static stylesheet (what the same server and wrk reach with
//! no database and no template). Prints requests/s and the latency percentiles wrk
//! reports. wrk and the server share the machine's cores; the figures are for both
//! on one box, as on a developer's laptop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::root;

struct Options {
    data: PathBuf,
    duration: u32,
    connections: u32,
    threads: u32,
    /// URL templates; `{id}` becomes a random meeting id.
    targets: Vec<(String, String)>,
}

const USAGE: &str =
    "usage: cargo xtask load-bench --data DIR [--duration SECS] [--connections N] [--threads N]";

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        data: PathBuf::new(),
        duration: 10,
        connections: 32,
        threads: 1,
        targets: vec![
            // The ceiling: a static response of the same server, no database, no
            // template. The other targets are measured against it.
            (
                "stylesheet (baseline)".into(),
                "/static/referat.css?{id}".into(),
            ),
            ("meeting page".into(), "/meetings/{id}".into()),
            (
                "OParl meeting list".into(),
                "/oparl/v1/meeting?after={id}".into(),
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

pub(crate) fn start(data: &PathBuf) -> Result<Server, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let referat = target.join("release/referat");
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
    let server = start(&o.data)?;
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
    for (name, template) in &o.targets {
        let (head, tail) = template.split_once("{id}").unwrap_or((template, ""));
        // wrk's Lua: a path a request, ids uniform over the archive, seeded for
        // repeatable runs.
        std::fs::write(
            &script,
            format!(
                "math.randomseed(7)\nrequest = function()\n  \
                 return wrk.format(\"GET\", \"{head}\" .. math.random(1, {meetings}) .. \"{tail}\")\nend\n\
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

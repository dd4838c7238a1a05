//! `cargo xtask flood --data DIR [--seconds N] [--connections N] [--slow N] [--long N]`:
//! the release server under the flood it must survive, on loopback only.
//!
//! At once: `--connections` (2,000) keep-alive clients each asking for a random
//! meeting page about once a second, `--slow` (500) clients that send a request head
//! a byte every two seconds and reconnect when dropped, and `--long` (20) clients
//! asking in a loop for the longest search the server takes (31 prefix terms and an
//! exclusion, a new one each time). Beside
//! them a probe asks for a meeting page ten times a second. Passes when every probe
//! is answered within a second and the server's peak memory (`VmHWM`) stays under
//! 1 GB; prints the probe's latencies, what the crowd got, and the peak.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::load;

const USAGE: &str = "usage: cargo xtask flood --data DIR [--seconds N] [--connections N] \
                     [--slow N] [--long N]";
/// What a probe may take.
const PROBE_LIMIT: Duration = Duration::from_secs(1);
/// What the server may hold at its peak.
const MEMORY_LIMIT_KB: u64 = 1024 * 1024;

struct Options {
    data: PathBuf,
    seconds: u64,
    connections: usize,
    slow: usize,
    long: usize,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        data: PathBuf::new(),
        seconds: 20,
        connections: 2_000,
        slow: 500,
        long: 20,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: {value} is not a number"))
        };
        match flag.as_str() {
            "--data" => o.data = PathBuf::from(value),
            "--seconds" => o.seconds = number()? as u64,
            "--connections" => o.connections = number()?,
            "--slow" => o.slow = number()?,
            "--long" => o.long = number()?,
            _ => return Err(format!("unknown option {flag}; {USAGE}")),
        }
    }
    if o.data.as_os_str().is_empty() {
        return Err(USAGE.into());
    }
    Ok(o)
}

/// What the crowd got.
#[derive(Default)]
struct Tally {
    answered: AtomicU64,
    refused: AtomicU64,
    dropped: AtomicU64,
}

impl Tally {
    /// Counts an answer's status or a dropped connection; whether the connection
    /// still stands.
    fn count(&self, answer: Result<u16, String>) -> bool {
        let counter = match answer {
            Ok(200) => &self.answered,
            Ok(_) => &self.refused,
            Err(_) => &self.dropped,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        answer.is_ok()
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    raise_open_file_limit();
    let server = load::start(&o.data, None)?;
    let meetings = load::highest_meeting(&server.addr)?;
    let pid = server.pid();
    eprintln!(
        "flood: {} connections, {} slow clients, {} long searches for {} s against {} \
         ({meetings} meetings)",
        o.connections, o.slow, o.long, o.seconds, server.addr
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let addr = server.addr.clone();
    let probes = runtime.block_on(flood(&o, addr, meetings))?;
    let peak_kb = peak_memory_kb(pid).unwrap_or(0);
    drop(server);
    report(&probes, peak_kb)
}

async fn flood(o: &Options, addr: String, meetings: u64) -> Result<Vec<Duration>, String> {
    let tally = Arc::new(Tally::default());
    let until = Instant::now() + Duration::from_secs(o.seconds);
    let mut crowd = Vec::new();
    for n in 0..o.connections {
        crowd.push(tokio::spawn(reader(
            addr.clone(),
            meetings,
            n as u64,
            until,
            tally.clone(),
        )));
    }
    for _ in 0..o.slow {
        crowd.push(tokio::spawn(slow_client(addr.clone(), until)));
    }
    for _ in 0..o.long {
        crowd.push(tokio::spawn(long_searches(
            addr.clone(),
            until,
            tally.clone(),
        )));
    }
    // Let the crowd gather before probing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut probes = Vec::new();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let path = format!("/meetings/{}", 1 + n % meetings);
        let started = Instant::now();
        let answer = tokio::time::timeout(Duration::from_secs(10), get(&addr, &path)).await;
        let took = started.elapsed();
        match answer {
            Ok(Ok(200)) => probes.push(took),
            Ok(Ok(status)) => return Err(format!("the probe of {path} was answered {status}")),
            Ok(Err(e)) => return Err(format!("the probe of {path} failed: {e}")),
            Err(_) => probes.push(took),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for task in crowd {
        let _ = task.await;
    }
    eprintln!(
        "crowd: {} answered, {} refused (503/408), {} connections dropped",
        tally.answered.load(Ordering::Relaxed),
        tally.refused.load(Ordering::Relaxed),
        tally.dropped.load(Ordering::Relaxed)
    );
    Ok(probes)
}

/// One keep-alive client asking for a random meeting page about once a second.
async fn reader(addr: String, meetings: u64, seed: u64, until: Instant, tally: Arc<Tally>) {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    // Spread the first requests over the first second.
    tokio::time::sleep(Duration::from_millis(seed % 1000)).await;
    let mut stream: Option<TcpStream> = None;
    while Instant::now() < until {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let path = format!("/meetings/{}", 1 + state % meetings);
        if stream.is_none() {
            stream = TcpStream::connect(&addr).await.ok();
        }
        let Some(s) = stream.as_mut() else {
            tally.dropped.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        if !tally.count(exchange(s, &addr, &path, true).await) {
            stream = None;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// A client sending its request head a byte every two seconds, reconnecting when the
/// server closes it.
async fn slow_client(addr: String, until: Instant) {
    let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    while Instant::now() < until {
        let Ok(mut s) = TcpStream::connect(&addr).await else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        for byte in head.iter().take(head.len() - 2) {
            if Instant::now() >= until || s.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}

/// The longest search the server takes, asked again as soon as it is answered: 31
/// prefixes and the exclusion of a word no item has, a new one each time, so that
/// every asking is a search of its own and never the results the server keeps of
/// the last (an attacker would not ask the same twice either).
async fn long_searches(addr: String, until: Instant, tally: Arc<Tally>) {
    let terms: Vec<String> = ["k", "b", "s", "m", "a", "u"]
        .iter()
        .cycle()
        .take(31)
        .map(|letter| format!("{letter}*"))
        .collect();
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let path = format!("/search?q={}+-zqx{n}", terms.join("+"));
        if !tally.count(get(&addr, &path).await) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One request on a fresh connection; the status.
async fn get(addr: &str, path: &str) -> Result<u16, String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    exchange(&mut s, addr, path, false).await
}

/// Sends a request and reads its whole answer; the status.
async fn exchange(s: &mut TcpStream, addr: &str, path: &str, keep: bool) -> Result<u16, String> {
    let connection = if keep { "keep-alive" } else { "close" };
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: {connection}\r\n\r\n")
            .as_bytes(),
    )
    .await
    .map_err(|e| e.to_string())?;
    read_answer(s).await
}

/// Reads one answer with a `Content-Length`; its status.
async fn read_answer(s: &mut TcpStream) -> Result<u16, String> {
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        let n = s.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("closed".into());
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(buf.get(..head_end).unwrap_or_default()).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or("no content-length")?;
    let mut have = buf.len() - head_end;
    while have < length {
        let n = s.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("closed mid-answer".into());
        }
        have += n;
    }
    Ok(status)
}

fn report(probes: &[Duration], peak_kb: u64) -> Result<(), String> {
    let mut sorted = probes.to_vec();
    sorted.sort();
    let at = |q: f64| {
        let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
        sorted.get(i).copied().unwrap_or_default()
    };
    let worst = sorted.last().copied().unwrap_or_default();
    println!(
        "probe: {} requests, median {:.0} ms, p99 {:.0} ms, worst {:.0} ms (limit {} ms)",
        sorted.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        PROBE_LIMIT.as_millis()
    );
    println!(
        "server peak memory: {} MB (limit {} MB)",
        peak_kb / 1024,
        MEMORY_LIMIT_KB / 1024
    );
    if sorted.is_empty() {
        return Err("no probe was made".into());
    }
    if worst > PROBE_LIMIT {
        return Err(format!("a probe took {} ms", worst.as_millis()));
    }
    if peak_kb > MEMORY_LIMIT_KB {
        return Err(format!("the server peaked at {} MB", peak_kb / 1024));
    }
    Ok(())
}

/// The peak resident memory of a process, from `/proc`.
fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Thousands of sockets need more than the usual 1,024 descriptors.
fn raise_open_file_limit() {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
}

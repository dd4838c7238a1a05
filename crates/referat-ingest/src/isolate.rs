//! Reading documents in worker processes, so that one document cannot take the batch
//! with it.
//!
//! The extractor bounds what it can see (`referat_extract::Limits`), but not all that
//! a hostile file can cost: an allocation that fails aborts the process, a stack that
//! overflows too, and the libraries below it (lopdf, html5ever, zip) have costs no
//! check in front of them foresees. So a batch import hands each document's bytes to a
//! reader process — the same program started as a worker ([`Isolation::command`],
//! `referat read-worker`), one per job, kept for the whole batch — which sets its own
//! address-space limit before it reads anything ([`serve`]) and sends back the text.
//! A worker that dies, or takes longer than the time allowed (it is then killed), fails
//! that document with the reason ([`WorkerError`]); the next document gets a new
//! worker. Parsing the text stays in the calling process: the parser works on text
//! alone, and its record carries more than its JSON form does.
//!
//! The conversation is one request and one answer at a time: a JSON line with the
//! limits and the length of the document, then its bytes; back one JSON line, the
//! text (`Extracted`) or the refusal in words ([`Refusal`]).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use referat_extract::{Extracted, Limits};

use crate::ImportError;
use crate::import::line_prefix;

/// How documents are read: here, or in worker processes.
#[derive(Clone, Debug)]
pub enum Reader {
    /// In the calling process: a document that exhausts memory or the stack ends the
    /// process. For one document at a time (`referat parse`), tests and libraries.
    InProcess,
    /// In worker processes, each under a memory limit, each document under a time
    /// limit: what a batch of documents from elsewhere needs.
    Isolated(Isolation),
}

/// How to start a reader process and what it may use.
#[derive(Clone, Debug)]
pub struct Isolation {
    /// The program, and the arguments that make it a reader ([`serve`] behind them).
    pub program: PathBuf,
    pub args: Vec<String>,
    /// The address space a reader may use, in bytes.
    pub memory: u64,
    /// The longest one document may take to read.
    pub time: Duration,
}

impl Isolation {
    /// The memory a reader may use by default: 1 GiB, twice what the extractor's
    /// largest allowance for one document comes to.
    pub const DEFAULT_MEMORY: u64 = 1024 * 1024 * 1024;
    /// The time a document may take by default: a minute, twice the extractor's own
    /// allowance for a PDF's drawing.
    pub const DEFAULT_TIME: Duration = Duration::from_secs(60);

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .arg(self.memory.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }
}

/// Why a worker process did not read a document.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The extractor refused the document (its message, as the worker gave it).
    #[error("{}{message}", line_prefix(*.line))]
    Refused {
        message: String,
        /// The line of the text it refused at, where it says.
        line: Option<usize>,
    },
    /// The worker ran out of the memory it may use.
    #[error("used more than {} MB while being read", .limit / (1024 * 1024))]
    OverMemory { limit: u64 },
    /// The document took longer than allowed; the worker was stopped.
    #[error("took longer than {} s to read", .limit.as_secs_f64())]
    OverTime { limit: Duration },
    /// The worker ended without an answer for another reason.
    #[error("the reader process ended while reading it ({status}){}", detail_suffix(.detail))]
    Died { status: String, detail: String },
    /// The worker could not be started or talked to.
    #[error("cannot run a reader process ({program}): {source}", program = .program.display())]
    Unavailable {
        program: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

/// The extractor's refusal as a worker sends it back: its message and line.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    pub message: String,
    pub line: Option<usize>,
}

/// A request's header line.
#[derive(serde::Serialize, serde::Deserialize)]
struct Request {
    limits: Limits,
    len: u64,
}

type Answer = Result<Extracted, Refusal>;

/// The worker's side: runs under an address-space limit of `memory` bytes (and no
/// core files: a reader that aborts is expected, not a bug to keep), answering
/// requests from `input` on `output` until `input` ends.
///
/// A process that is not yet under the limit sets it and starts this program again in
/// its place, with the same arguments, standard input and output: the allocator
/// reserved its address space when the process began (mimalloc, a gigabyte), and a
/// limit set afterwards would not reach allocations made from that reserve.
pub fn serve(memory: u64, input: impl Read, mut output: impl Write) -> io::Result<()> {
    let (soft, _) = rlimit::getrlimit(rlimit::Resource::AS)?;
    if soft > memory {
        rlimit::setrlimit(rlimit::Resource::CORE, 0, 0)?;
        rlimit::setrlimit(rlimit::Resource::AS, memory, memory)?;
        use std::os::unix::process::CommandExt;
        // `exec` returns only when it failed.
        return Err(Command::new(std::env::current_exe()?)
            .args(std::env::args_os().skip(1))
            .exec());
    }
    // Said once the limit is in force, so that the parent's clock for a document
    // does not count the worker's start.
    output.write_all(READY)?;
    output.flush()?;
    let mut input = BufReader::new(input);
    let mut header = String::new();
    loop {
        header.clear();
        if input.read_line(&mut header)? == 0 {
            return Ok(());
        }
        let request: Request = serde_json::from_str(&header).map_err(io::Error::other)?;
        let mut bytes = Vec::new();
        (&mut input).take(request.len).read_to_end(&mut bytes)?;
        let answer: Answer =
            referat_extract::extract(&bytes, request.limits).map_err(|e| Refusal {
                line: e.line(),
                message: e.to_string(),
            });
        drop(bytes);
        serde_json::to_writer(&mut output, &answer).map_err(io::Error::other)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
}

/// What one thread of a batch reads documents with: the extractor here, or its own
/// worker process.
pub(crate) enum Extractor {
    InProcess,
    Worker(Worker),
}

impl Extractor {
    pub(crate) fn new(reader: &Reader) -> Extractor {
        match reader {
            Reader::InProcess => Extractor::InProcess,
            Reader::Isolated(isolation) => Extractor::Worker(Worker::new(isolation.clone())),
        }
    }

    pub(crate) fn extract(
        &mut self,
        bytes: &[u8],
        limits: Limits,
    ) -> Result<Extracted, ImportError> {
        match self {
            Extractor::InProcess => {
                referat_extract::extract(bytes, limits).map_err(ImportError::Unreadable)
            }
            Extractor::Worker(worker) => {
                worker.extract(bytes, limits).map_err(ImportError::NotRead)
            }
        }
    }
}

/// A reader process, started when first needed and again after one ends.
pub(crate) struct Worker {
    isolation: Isolation,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    /// Answer lines, read on a thread of their own so that waiting can time out.
    answers: Receiver<io::Result<String>>,
    /// The end of what the worker wrote on standard error: why it died, if it says;
    /// complete once the thread that reads it has ended.
    stderr: Arc<Mutex<String>>,
    stderr_reader: std::thread::JoinHandle<()>,
}

/// The line a worker says first, once it is ready for documents.
const READY: &[u8] = b"ready\n";
/// The longest a worker may take to start.
const START_TIME: Duration = Duration::from_secs(30);

/// How much of a worker's standard error is kept.
const STDERR_KEPT: usize = 4096;

impl Worker {
    pub(crate) fn new(isolation: Isolation) -> Worker {
        Worker {
            isolation,
            running: None,
        }
    }

    /// The text of one document, read by the worker.
    pub(crate) fn extract(
        &mut self,
        bytes: &[u8],
        limits: Limits,
    ) -> Result<Extracted, WorkerError> {
        let unavailable = |source| WorkerError::Unavailable {
            program: self.isolation.program.clone(),
            source,
        };
        let mut running = match self.running.take() {
            Some(running) => running,
            None => start(&self.isolation).map_err(unavailable)?,
        };
        let header = serde_json::to_string(&Request {
            limits,
            len: bytes.len() as u64,
        })
        .map_err(|e| unavailable(io::Error::other(e)))?;
        let sent = running
            .stdin
            .write_all(header.as_bytes())
            .and_then(|()| running.stdin.write_all(b"\n"))
            .and_then(|()| running.stdin.write_all(bytes))
            .and_then(|()| running.stdin.flush());
        // A worker that died while taking the bytes is told apart below, by its end.
        let answer = match sent {
            Ok(()) => running.answers.recv_timeout(self.isolation.time),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(Ok(line)) => {
                let answer: Answer = match serde_json::from_str(&line) {
                    Ok(answer) => answer,
                    Err(e) => {
                        // A worker that says what it should not is not asked again.
                        let _ = running.child.kill();
                        let _ = running.child.wait();
                        return Err(unavailable(io::Error::other(e)));
                    }
                };
                self.running = Some(running);
                answer.map_err(|r| WorkerError::Refused {
                    message: r.message,
                    line: r.line,
                })
            }
            Err(RecvTimeoutError::Timeout) => {
                // Our own child, stopped by its id.
                let _ = running.child.kill();
                let _ = running.child.wait();
                Err(WorkerError::OverTime {
                    limit: self.isolation.time,
                })
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                let status = running.child.wait();
                // The worker has ended, so its standard error is closed and read whole.
                let _ = running.stderr_reader.join();
                Err(died(
                    status,
                    &running.stderr.lock().map(|s| s.clone()).unwrap_or_default(),
                    self.isolation.memory,
                ))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut running) = self.running.take() {
            // Closing its input ends the worker; waiting reaps it.
            drop(running.stdin);
            let _ = running.child.wait();
        }
    }
}

fn start(isolation: &Isolation) -> io::Result<Running> {
    let mut child = isolation.command().spawn()?;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(io::Error::other("the reader's pipes were not opened"));
    };
    let (tx, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let kept = Arc::new(Mutex::new(String::new()));
    let sink = kept.clone();
    let stderr_reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut kept) = sink.lock() {
                kept.push_str(&line);
                kept.push('\n');
                if kept.len() > STDERR_KEPT {
                    let cut = kept.len() - STDERR_KEPT;
                    let cut = (cut..kept.len())
                        .find(|&i| kept.is_char_boundary(i))
                        .unwrap_or(0);
                    kept.drain(..cut);
                }
            }
        }
    });
    let mut running = Running {
        child,
        stdin,
        answers,
        stderr: kept,
        stderr_reader,
    };
    match running.answers.recv_timeout(START_TIME) {
        Ok(Ok(line)) if line.as_bytes() == READY.strip_suffix(b"\n").unwrap_or(READY) => {
            Ok(running)
        }
        other => {
            let _ = running.child.kill();
            let status = running.child.wait();
            let _ = running.stderr_reader.join();
            let stderr = running.stderr.lock().map(|s| s.clone()).unwrap_or_default();
            Err(io::Error::other(format!(
                "it did not start ({}): {}",
                match (other, status) {
                    (Err(RecvTimeoutError::Timeout), _) => "no answer in 30 s".to_string(),
                    (_, Ok(status)) => describe(status),
                    (_, Err(e)) => e.to_string(),
                },
                stderr.lines().last().unwrap_or_default().trim()
            )))
        }
    }
}

/// Why a worker ended, from its exit and the last it wrote on standard error. The
/// Rust runtime says `memory allocation of N bytes failed` before it aborts on an
/// allocation refused, an I/O error says `out of memory` (the bytes of a document too
/// large to take in), and the runtime says `has overflowed its stack` on a stack
/// overflow.
fn died(status: io::Result<ExitStatus>, stderr: &str, memory: u64) -> WorkerError {
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return WorkerError::OverMemory { limit: memory };
    }
    let status = match status {
        Ok(status) => describe(status),
        Err(e) => e.to_string(),
    };
    let detail = if stderr.contains("has overflowed its stack") {
        "its stack overflowed, on nesting too deep".to_string()
    } else {
        stderr.lines().last().unwrap_or_default().trim().to_string()
    };
    WorkerError::Died { status, detail }
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("signal {signal}"),
        (None, None) => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;

    use super::*;

    const ABORTED: i32 = 6;

    #[test]
    fn a_worker_that_died_allocating_used_too_much_memory() {
        let e = died(
            Ok(ExitStatus::from_raw(ABORTED)),
            "memory allocation of 134217728 bytes failed\n",
            512 * 1024 * 1024,
        );
        assert!(matches!(e, WorkerError::OverMemory { .. }));
        assert_eq!(e.to_string(), "used more than 512 MB while being read");
    }

    #[test]
    fn a_stack_overflow_and_other_deaths_are_told_as_they_are() {
        let e = died(
            Ok(ExitStatus::from_raw(ABORTED)),
            "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n",
            1 << 30,
        );
        assert_eq!(
            e.to_string(),
            "the reader process ended while reading it (signal 6): its stack overflowed, \
             on nesting too deep"
        );
        let e = died(Ok(ExitStatus::from_raw(9)), "", 1 << 30);
        assert_eq!(
            e.to_string(),
            "the reader process ended while reading it (signal 9)"
        );
    }
}

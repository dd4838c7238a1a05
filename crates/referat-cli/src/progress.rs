//! `referat import`'s progress on standard error, as `referat_ingest::import` tells it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use referat_ingest::{Failure, Progress, Tally};

/// One line redrawn on a terminal, plain lines now and then otherwise (a log should
/// not fill with carriage returns), and a line for each failed document.
pub struct ProgressLine {
    terminal: bool,
    started: Instant,
    last: Instant,
}

impl ProgressLine {
    pub fn new() -> ProgressLine {
        let now = Instant::now();
        ProgressLine {
            terminal: std::io::stderr().is_terminal(),
            started: now,
            last: now,
        }
    }
}

impl Progress for ProgressLine {
    fn advanced(&mut self, done: usize, total: usize, tally: &Tally) {
        let every = if self.terminal {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if done < total && self.last.elapsed() < every {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let line = format!(
            "importing: {done}/{total} documents ({:.0}/s), {} failed",
            done as f64 / secs,
            tally.failed.len()
        );
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{line}");
            if done == total {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "{line}");
        }
    }

    fn failed(&mut self, failure: &Failure) {
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "error: {failure}");
    }
}

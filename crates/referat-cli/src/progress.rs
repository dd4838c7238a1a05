//! `referat import`'s and `referat sync`'s progress on standard error, as
//! `referat_ingest::import` and `referat_portal::SyncJob` tell it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use referat_ingest::{Failure, Progress, Tally};
use referat_portal::{FetchError, Portal, Retrying, SyncError, SyncProgress, SyncTally};

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

    /// Whether a line is drawn now: on a terminal ten times a second, otherwise
    /// every five seconds, and always at the end.
    fn due(&mut self, done: usize, total: usize) -> bool {
        let every = if self.terminal {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if done < total && self.last.elapsed() < every {
            return false;
        }
        self.last = Instant::now();
        true
    }

    fn draw(&self, line: &str, last: bool) {
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{line}");
            if last {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "{line}");
        }
    }
}

impl Progress for ProgressLine {
    fn advanced(&mut self, done: usize, total: usize, tally: &Tally) {
        if !self.due(done, total) {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let line = format!(
            "importing: {done}/{total} documents ({:.0}/s), {} failed",
            done as f64 / secs,
            tally.failed.len()
        );
        self.draw(&line, done == total);
    }

    fn failed(&mut self, failure: &Failure) {
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "error: {failure}");
    }
}

/// `referat sync`'s progress: what the list gave, then a line as `import`'s, a line
/// for each failed meeting and each retry.
pub struct SyncLine {
    portal: String,
    line: ProgressLine,
}

impl SyncLine {
    pub fn new(portal: &str) -> SyncLine {
        SyncLine {
            portal: portal.to_string(),
            line: ProgressLine::new(),
        }
    }

    fn clear(&self, err: &mut impl Write) {
        if self.line.terminal {
            let _ = write!(err, "\r\x1b[2K");
        }
    }
}

impl SyncProgress for SyncLine {
    fn listed(&mut self, portal: &Portal, meetings: usize, to_fetch: usize) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: {meetings} meetings listed, {to_fetch} to fetch",
            portal.url
        );
    }

    fn advanced(&mut self, done: usize, total: usize, tally: &SyncTally) {
        if !self.line.due(done, total) {
            return;
        }
        let secs = self.line.started.elapsed().as_secs_f64().max(1e-3);
        let text = format!(
            "syncing {}: {done}/{total} meetings ({:.1}/s), {} new, {} changed, {} failed",
            self.portal,
            done as f64 / secs,
            tally.new,
            tally.changed,
            tally.failed.len()
        );
        self.line.draw(&text, done == total);
    }

    fn failed(&mut self, failure: &SyncError) {
        let mut err = std::io::stderr().lock();
        self.clear(&mut err);
        let _ = writeln!(err, "error: {failure}");
    }

    fn attachments_listed(&mut self, due: usize) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: {due} attachment files to fetch",
            self.portal
        );
        self.line = ProgressLine::new();
    }

    fn attachments_advanced(&mut self, done: usize, total: usize, tally: &SyncTally) {
        if !self.line.due(done, total) {
            return;
        }
        let secs = self.line.started.elapsed().as_secs_f64().max(1e-3);
        let text = format!(
            "fetching attachments from {}: {done}/{total} ({:.1}/s), {} failed",
            self.portal,
            done as f64 / secs,
            tally.failed.len()
        );
        self.line.draw(&text, done == total);
    }
}

impl Retrying for SyncLine {
    fn retrying(&mut self, failure: &FetchError, wait: Duration) {
        let mut err = std::io::stderr().lock();
        self.clear(&mut err);
        let _ = writeln!(err, "retrying in {:.1} s: {failure}", wait.as_secs_f64());
    }
}

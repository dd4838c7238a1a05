//! Threads that run costly searches (many terms, several prefixes) at a low
//! scheduling priority, so that while they run the pages and the ordinary searches
//! take the processor first. A flood of costly searches then slows costly searches,
//! not the reader of a meeting page.
//!
//! The threads lower their own priority once, when they start (on Linux, `nice` 10
//! for the thread alone): raising it again would need a privilege, so these are
//! threads of their own, not the blocking pool's.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// How much lower the threads run: ten steps of `nice`, about a tenth of the
/// processor against a thread of normal priority that wants it.
const NICENESS: i32 = 10;

/// A few low-priority threads taking jobs in turn.
pub(crate) struct LowPriority {
    jobs: Mutex<mpsc::Sender<Job>>,
}

impl LowPriority {
    /// `threads` threads, at least one.
    pub(crate) fn new(threads: usize) -> LowPriority {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("costly-search-{n}"))
                .spawn(move || {
                    lower_own_priority();
                    loop {
                        let job = {
                            let queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                            queue.recv()
                        };
                        match job {
                            // A job that panics loses its answer (its caller is told),
                            // not the thread.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!("cannot start a thread for costly searches: {e}");
            }
        }
        LowPriority {
            jobs: Mutex::new(jobs),
        }
    }

    /// Runs `work` on one of the threads; `None` if it panicked or no thread runs.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job);
        sent.ok()?;
        answered.await.ok()
    }
}

#[cfg(target_os = "linux")]
fn lower_own_priority() {
    let tid = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(tid), NICENESS) {
        tracing::debug!("cannot lower the priority of a costly search's thread: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_own_priority() {
    let _ = NICENESS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_work_and_survives_a_panic() {
        let pool = LowPriority::new(1);
        assert_eq!(pool.run(|| 6 * 7).await, Some(42));
        assert_eq!(
            pool.run(|| -> u32 { panic!("a broken search") }).await,
            None
        );
        assert_eq!(pool.run(|| "still here").await, Some("still here"));
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn its_threads_run_at_a_lower_priority() {
        let pool = LowPriority::new(1);
        let niceness = pool
            .run(|| rustix::process::getpriority_process(Some(rustix::thread::gettid())))
            .await
            .and_then(Result::ok);
        let own = rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0);
        assert_eq!(niceness, Some(own + NICENESS).map(|n| n.min(19)));
    }
}

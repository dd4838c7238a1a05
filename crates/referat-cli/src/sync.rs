//! `referat sync`: the portals kept in step one after the other, the index brought
//! up to date once after them, a summary a portal.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use referat_extract::Limits;
use referat_portal::{Client, Politeness, Portal, Stopped, SyncJob};

use crate::{ArchiveArgs, CliError, progress::SyncLine, report_index, runtime, to_stderr};

pub fn run(
    args: &ArchiveArgs,
    portals: Vec<Portal>,
    polite: Politeness,
    limits: Limits,
    attachments: bool,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let mut client = Client::new(polite)?;
    let stop = Arc::new(AtomicBool::new(false));
    runtime()?.block_on(async {
        let archive = args.open().await?;
        let index = args.index()?;
        // The fetched meetings are kept in the data folder, by absolute path, so
        // that a server started anywhere serves them as the meetings' sources.
        let sources = args.data.join("sources");
        std::fs::create_dir_all(&sources)?;
        let sources = std::fs::canonicalize(&sources)?;
        let files = if attachments {
            let files = args.data.join("attachments");
            std::fs::create_dir_all(&files)?;
            Some(std::fs::canonicalize(&files)?)
        } else {
            None
        };
        let stopping = stop.clone();
        // Ctrl-C stops before the next request; what is imported stays, and the
        // next run goes on. A second Ctrl-C ends at once, which loses nothing
        // either: a meeting's transaction is all or nothing.
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stopping.store(true, Ordering::Relaxed);
                to_stderr(format_args!(
                    "\nstopping after this meeting (Ctrl-C again stops at once)\n"
                ));
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
        let job = SyncJob {
            archive: &archive,
            sources: &sources,
            limits,
            stop: &stop,
            today: jiff::Zoned::now().date(),
            attachments: files.as_deref(),
        };
        let mut failed = false;
        let mut stopped = false;
        for portal in &portals {
            let mut progress = SyncLine::new(&portal.url);
            let tally = job.portal(portal, &mut client, &mut progress).await;
            writeln!(
                out,
                "{}: {} meetings listed: {} new, {} changed, {} unchanged, {} not fetched \
                 (settled), {} failed; {} requests",
                portal.url,
                tally.listed,
                tally.new,
                tally.changed,
                tally.unchanged,
                tally.skipped,
                tally.failed.len(),
                tally.requests
            )?;
            if attachments {
                writeln!(out, "  {} attachment files fetched", tally.attachments)?;
            }
            for failure in &tally.failed {
                writeln!(out, "  failed: {failure}")?;
            }
            failed |= !tally.failed.is_empty();
            match tally.stopped {
                Some(Stopped::RequestLimit) => writeln!(
                    out,
                    "stopped: the limit of requests (--max-requests) is reached; run again to \
                     go on"
                )?,
                Some(Stopped::Interrupted) => {
                    writeln!(out, "stopped: interrupted; run again to go on")?;
                }
                Some(Stopped::DiskFull) => writeln!(
                    out,
                    "stopped: the disk is full. What was imported stays: free some space and \
                     sync again"
                )?,
                None => {}
            }
            if tally.stopped.is_some() {
                stopped = true;
                break;
            }
        }
        let index_failed = report_index(
            out,
            &referat_ingest::follow(&archive, &index).await,
            "meetings",
        )?;
        archive.close().await;
        Ok(if stopped {
            ExitCode::from(3)
        } else if failed || index_failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    })
}

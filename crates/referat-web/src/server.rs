//! Accepting connections with bounds a flood cannot pass: at most
//! [`Config::max_connections`] open at once, each closed when its request head does
//! not arrive within [`Config::header_timeout`] (a slow or idle client holds a slot
//! for seconds, not for ever), and the peer's address handed to handlers as
//! [`ConnectInfo`] for the sign-in limits; one whose client reads nothing of its
//! answer for [`Config::write_timeout`] is closed too.
//!
//! `axum::serve` has none of these bounds: half-sent requests were never closed, and
//! a thousand of them took every file descriptor a process usually has.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::Config;
use crate::write_timeout::WriteTimeout;

/// File descriptors kept for what is not a connection: the archive, the index's
/// segments, the source files served.
const RESERVED_DESCRIPTORS: u64 = 256;
/// How long open connections are given to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until Ctrl-C.
pub(crate) async fn run(
    app: Router,
    listener: TcpListener,
    config: &Config,
) -> std::io::Result<()> {
    let max = connection_limit(config.max_connections);
    tracing::info!(max_connections = max, "accepting connections");
    let slots = Arc::new(Semaphore::new(max));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        // A slot is taken before accepting: past the limit, clients wait in the
        // kernel's queue instead of costing this process a descriptor each.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was
                    // taken: neither ends the server; a pause lets descriptors free.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let stream = WriteTimeout::new(stream, config.write_timeout);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client gone mid-request is no error of the server's.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}; stopping");
        }
    }
    Ok(())
}

/// The largest request head read: a page's URL and a browser's headers fit many
/// times over.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The connections that may be open at once: `wanted`, or fewer when the process may
/// not open that many files. The soft limit on open files is raised to the hard one
/// first, since the usual soft limit (1,024) is far below what a server needs.
fn connection_limit(wanted: usize) -> usize {
    let descriptors = raise_open_file_limit();
    let usable = descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(16);
    wanted
        .min(usize::try_from(usable).unwrap_or(usize::MAX))
        .max(1)
}

/// The soft limit on open files, raised to the hard one where it is lower.
fn raise_open_file_limit() -> u64 {
    // When it cannot be read, the usual soft limit is assumed.
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1_024)
}

//! The web face of a referat archive: the Danish web UI (server-rendered with maud,
//! readable without JavaScript), the OParl 1.1 JSON API under `/oparl/v1/`, and the
//! iCal and Atom feeds.
//!
//! `router(AppState)` builds the whole application as an axum `Router`, so tests call
//! it without a port; `serve` binds it to an address. `AppState` holds the archive
//! (the truth), the search index beside it and the `Config`. What is not public never
//! leaves here: closed items are left out of every page, feed and API response, and a
//! source file is offered only when it holds no closed item.

mod api_error;
mod auth;
mod chart;
mod error;
mod low_priority;
mod page;
mod routes;
mod server;
mod sign_in_limits;
mod write_timeout;
mod written_meetings;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use referat_archive::Archive;
use referat_search::SearchIndex;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use auth::{MIN_PASSWORD_CHARS, WeakPassword, check_password, hash_password};
pub use error::WebError;
pub use page::Viewer;

/// How the server presents itself.
#[derive(Clone, Debug)]
pub struct Config {
    /// The origin URLs are built on (`http://127.0.0.1:8080`): OParl ids and feed
    /// links are absolute.
    pub base_url: String,
    /// The public body the archive is of, as OParl's `body` names it.
    pub body_name: String,
    /// A request taking longer is answered 408.
    pub request_timeout: Duration,
    /// The largest request body accepted (forms are small).
    pub body_limit: usize,
    /// The most connections open at once (fewer if the process may not open that
    /// many files); past it, clients wait to be accepted.
    pub max_connections: usize,
    /// A connection whose request head has not arrived within this is closed, and so
    /// is one idle this long between requests.
    pub header_timeout: Duration,
    /// A connection whose client has read nothing of its answer for this long is
    /// closed.
    pub write_timeout: Duration,
    /// The most bytes of OParl meeting objects kept written between requests.
    pub written_meetings_bytes: usize,
    /// The most bytes of recent search results kept until the index changes
    /// (`SearchIndex::keep_recent_results`); 0 keeps none.
    pub search_results_bytes: usize,
}

impl Config {
    pub fn new(base_url: impl Into<String>) -> Config {
        Config {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            body_name: "Referatarkiv".to_string(),
            request_timeout: Duration::from_secs(10),
            body_limit: 64 * 1024,
            max_connections: 8_192,
            header_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(30),
            // About ten thousand meetings' objects.
            written_meetings_bytes: 128 << 20,
            // Some ten thousand pages of results.
            search_results_bytes: 32 << 20,
        }
    }

    /// An absolute URL for a path of this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// What every handler may read.
#[derive(Clone)]
pub struct AppState {
    pub archive: Archive,
    /// `None` when the archive has no index yet: search then says so.
    pub index: Option<Arc<SearchIndex>>,
    pub config: Arc<Config>,
    sign_in_limits: Arc<sign_in_limits::SignInLimits>,
    /// Slots for searches running at once: a search is the one request whose cost
    /// the asker chooses, so a flood of them queues here instead of taking every
    /// core and the memory of the blocking pool's threads.
    searches: Arc<tokio::sync::Semaphore>,
    /// Fewer slots again for costly searches (prefixes, many terms): however many of
    /// them come, half the cores stay for everything else.
    costly_searches: Arc<tokio::sync::Semaphore>,
    /// The threads costly searches run on, at a low priority: one a costly slot.
    costly_threads: Arc<low_priority::LowPriority>,
    written_meetings: Arc<written_meetings::WrittenMeetings>,
}

impl AppState {
    pub fn new(archive: Archive, index: Option<SearchIndex>, config: Config) -> AppState {
        let slots = search_slots();
        let written = written_meetings::WrittenMeetings::new(config.written_meetings_bytes);
        AppState {
            archive,
            index: index.map(|mut index| {
                index.keep_recent_results(config.search_results_bytes);
                Arc::new(index)
            }),
            config: Arc::new(config),
            sign_in_limits: Arc::default(),
            searches: Arc::new(tokio::sync::Semaphore::new(slots)),
            costly_searches: Arc::new(tokio::sync::Semaphore::new((slots / 2).max(1))),
            costly_threads: Arc::new(low_priority::LowPriority::new((slots / 2).max(1))),
            written_meetings: Arc::new(written),
        }
    }
}

/// One search a core, and at least two.
fn search_slots() -> usize {
    std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(2)
        .max(2)
}

/// Keeps what the server derives from the archive up to date with it, as other
/// processes write beside it (an import): every `every`, the search index catches up
/// with the archive's change log (or, while another process writes the index, reloads
/// what that process committed), and the OParl meetings written before that changed
/// are forgotten. The task runs as long as the runtime.
pub fn follow_archive(state: &AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    let index = state.index.clone();
    let written = state.written_meetings.clone();
    let archive = state.archive.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(index) = &index
                && let Err(error) = index.catch_up(&archive, Duration::ZERO).await
            {
                // Searches go on over what the index has; the next tick tries again.
                tracing::warn!(%error, "the search index did not catch up with the archive");
            }
            if let Err(error) = written.follow(&archive).await {
                // The next tick tries again; meanwhile a meeting written anew is
                // still read afresh, by its stamp.
                tracing::warn!(%error, "the OParl meetings kept could not follow the archive");
            }
        }
    })
}

/// The Content-Security-Policy of every response: nothing but this server's own
/// stylesheet and images, no scripts at all, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    routes::routes()
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
}

/// Serves the application on `addr` until the process is stopped (or Ctrl-C).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    serve_on(state, listen(addr)?).await
}

/// Connections the kernel may hold for the server before it accepts them.
const BACKLOG: u32 = 4_096;

/// A listener on `addr` whose queue of connections not yet accepted holds
/// [`BACKLOG`] (or the system's limit, `net.core.somaxconn`, if lower). With the
/// usual 1,024, a crowd connecting at once overflows it, and a connection whose
/// first packet is dropped is only tried again a second later: a request that
/// waits a second before the server ever sees it.
pub fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Serves on a bound listener (tests and `demo` bind port 0 first).
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let config = state.config.clone();
    server::run(router(state), listener, &config).await
}

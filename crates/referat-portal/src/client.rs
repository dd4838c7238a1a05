//! A polite HTTP client for a portal: one request at a time with a pause before
//! each, a `User-Agent` that says who asks, timeouts, retries with exponential backoff
//! on 429 and 5xx (a `Retry-After` honoured), a limit on the requests of a run and
//! on the size of an answer.

use std::time::Duration;

use tokio::time::Instant;

/// How the client treats a portal.
#[derive(Clone, Debug)]
pub struct Politeness {
    /// The pause between two requests.
    pub delay: Duration,
    /// At most this many requests in a run (retries count), then the run stops.
    pub max_requests: Option<u64>,
    /// Attempts after the first on a 429, a 5xx or a failed connection.
    pub retries: u32,
    /// The first wait before a retry, doubled with each (unless the portal says
    /// `Retry-After`).
    pub backoff: Duration,
    /// The longest wait before a retry, `Retry-After` included.
    pub max_backoff: Duration,
    pub connect_timeout: Duration,
    /// The longest silence while an answer is read.
    pub read_timeout: Duration,
    /// The longest a whole request may take.
    pub timeout: Duration,
    /// The largest answer read: more is refused (the extractor's size limit).
    pub max_bytes: u64,
}

impl Default for Politeness {
    fn default() -> Politeness {
        Politeness {
            delay: Duration::from_millis(500),
            max_requests: None,
            retries: 5,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            timeout: Duration::from_secs(300),
            max_bytes: referat_extract::DEFAULT_MAX_BYTES,
        }
    }
}

/// Who asks, in every request: referat and its version. No address of the project
/// is given, as it has no public one yet; a portal's operator sees the program and
/// can tell it from a browser.
pub const USER_AGENT: &str = concat!(
    "referat/",
    env!("CARGO_PKG_VERSION"),
    " (meeting-records archive)"
);

/// Why a request did not give an answer.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The portal answered with an error status (after the retries, for 429 and
    /// 5xx).
    #[error("{url}: the portal answered {status}")]
    Status { url: String, status: u16 },
    /// No answer: the connection failed or timed out (after the retries).
    #[error("{url}: {reason}")]
    Connection { url: String, reason: String },
    /// The answer is larger than referat reads.
    #[error("{url}: the answer is larger than {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    /// The run's `--max-requests` is spent.
    #[error("{url}: not fetched, the limit of {limit} requests is reached")]
    Limit { url: String, limit: u64 },
    /// The HTTP client could not be made (its TLS setup).
    #[error("cannot make the HTTP client: {0}")]
    Client(String),
}

/// What the client tells as it goes: a retry and why.
pub trait Retrying {
    /// A request failed with `failure` (a 429, a 5xx, no connection); it is tried
    /// again after `wait`.
    fn retrying(&mut self, failure: &FetchError, wait: Duration);
}

/// A client for one run: it counts its requests and keeps the pause between them.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    polite: Politeness,
    requests: u64,
    last: Option<Instant>,
}

impl Client {
    pub fn new(polite: Politeness) -> Result<Client, FetchError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(polite.connect_timeout)
            .read_timeout(polite.read_timeout)
            .timeout(polite.timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Client {
            http,
            polite,
            requests: 0,
            last: None,
        })
    }

    /// The requests made so far.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Whether the run's requests are spent.
    pub fn spent(&self) -> bool {
        self.polite
            .max_requests
            .is_some_and(|max| self.requests >= max)
    }

    /// The body of `GET url`, after the pause, retrying what may pass.
    pub async fn get(
        &mut self,
        url: &str,
        told: &mut impl Retrying,
    ) -> Result<Vec<u8>, FetchError> {
        let mut attempt = 0;
        loop {
            if let Some(limit) = self.polite.max_requests.filter(|_| self.spent()) {
                return Err(FetchError::Limit {
                    url: url.to_string(),
                    limit,
                });
            }
            if let Some(last) = self.last {
                tokio::time::sleep_until(last + self.polite.delay).await;
            }
            self.requests += 1;
            let result = self.once(url).await;
            self.last = Some(Instant::now());
            let (failure, retry_after) = match result {
                Ok(Answer::Body(body)) => return Ok(body),
                Ok(Answer::Passing {
                    status,
                    retry_after,
                }) => (
                    FetchError::Status {
                        url: url.to_string(),
                        status,
                    },
                    retry_after,
                ),
                Err(e @ FetchError::Connection { .. }) => (e, None),
                Err(e) => return Err(e),
            };
            if attempt >= self.polite.retries {
                return Err(failure);
            }
            let doubled = self
                .polite
                .backoff
                .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
            let wait = retry_after.unwrap_or(doubled).min(self.polite.max_backoff);
            told.retrying(&failure, wait);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn once(&self, url: &str) -> Result<Answer, FetchError> {
        let connection = |e: reqwest::Error| FetchError::Connection {
            url: url.to_string(),
            reason: describe(&e),
        };
        let mut response = self.http.get(url).send().await.map_err(connection)?;
        let status = response.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Ok(Answer::Passing {
                status: status.as_u16(),
                retry_after,
            });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        let limit = self.polite.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit,
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        // Read a piece at a time, so that an answer without a length that goes on
        // for ever is stopped at the limit, not when memory runs out.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(connection)? {
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer::Body(body))
    }
}

enum Answer {
    Body(Vec<u8>),
    /// A 429 or a 5xx: worth asking again.
    Passing {
        status: u16,
        retry_after: Option<Duration>,
    },
}

/// A reqwest error with its causes, which say what actually failed (a refused
/// connection, a certificate).
fn describe(e: &reqwest::Error) -> String {
    use std::error::Error;
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else {
        "the request failed".to_string()
    };
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_referat() {
        assert!(USER_AGENT.starts_with("referat/"));
    }

    #[tokio::test]
    async fn an_https_client_can_be_made() {
        // The TLS setup (rustls, its crypto provider and the roots) is built here,
        // without a connection: a missing provider fails at this point.
        let client = Client::new(Politeness::default());
        assert!(client.is_ok(), "{:?}", client.err());
    }
}

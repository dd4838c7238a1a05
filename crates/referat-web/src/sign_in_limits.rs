//! How often a password may be tried: per account and per address, a few free
//! attempts, then a wait that doubles with every further failure. Without it, a
//! password could be guessed at the speed of the hash (some 70 a second), and the
//! right one would then work as if nothing had happened.
//!
//! The counts live in the server's memory: a restart forgets them, which costs an
//! attacker a restart they cannot cause.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures an account may have before it must wait.
const FREE_PER_ACCOUNT: u32 = 5;
/// Failures an address may have: more, since an office's editors share one.
const FREE_PER_ADDRESS: u32 = 20;
/// The first wait; each failure past the free ones doubles it.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Entries kept at most; past it, those whose wait is over are forgotten, so that a
/// flood from many addresses cannot fill the memory.
const MAX_ENTRIES: usize = 100_000;

/// The address a request came from, where the server knows it (tests that call the
/// router directly have none).
pub(crate) struct PeerAddress(pub(crate) Option<IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PeerAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<PeerAddress, Self::Rejection> {
        Ok(PeerAddress(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// When the next attempt may be made.
    fn next_attempt(&self, free: u32) -> Instant {
        let Some(past_free) = self.count.checked_sub(free) else {
            return self.last;
        };
        let doublings = past_free.min(20);
        let wait = FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT);
        self.last + wait
    }
}

/// The sign-in attempts a server has seen fail.
#[derive(Debug, Default)]
pub(crate) struct SignInLimits {
    failures: Mutex<HashMap<Key, Failures>>,
}

impl SignInLimits {
    /// How long this account and address must still wait before a password may be
    /// tried; `None` when it may be tried now.
    pub(crate) fn wait(&self, account: &str, address: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys(account, address)
            .filter_map(|(key, free)| failures.get(&key).map(|f| f.next_attempt(free)))
            .max()
            .and_then(|at| at.checked_duration_since(now))
            .filter(|wait| !wait.is_zero())
    }

    /// Counts a wrong password against the account and the address.
    pub(crate) fn failed(&self, account: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= MAX_ENTRIES {
            failures.retain(|key, f| f.next_attempt(free_for(key)) > now);
        }
        for (key, _) in keys(account, address) {
            let entry = failures.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// Forgets the failures of an account (and its address) once its editor has
    /// signed in.
    pub(crate) fn succeeded(&self, account: &str, address: Option<IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for (key, _) in keys(account, address) {
            failures.remove(&key);
        }
    }
}

fn keys(account: &str, address: Option<IpAddr>) -> impl Iterator<Item = (Key, u32)> {
    // Names are compared as the archive finds them: case and spaces aside.
    let account = Key::Account(account.trim().to_lowercase());
    std::iter::once((account, FREE_PER_ACCOUNT))
        .chain(address.map(|a| (Key::Address(a), FREE_PER_ADDRESS)))
}

fn free_for(key: &Key) -> u32 {
    match key {
        Key::Account(_) => FREE_PER_ACCOUNT,
        Key::Address(_) => FREE_PER_ADDRESS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_after_the_free_attempts_and_doubles() {
        let limits = SignInLimits::default();
        for _ in 0..FREE_PER_ACCOUNT {
            assert_eq!(limits.wait("Anne", None), None);
            limits.failed("anne ", None);
        }
        let first = limits.wait("ANNE", None).unwrap_or_default();
        assert!(first > Duration::from_millis(500) && first <= FIRST_WAIT);
        limits.failed("anne", None);
        let second = limits.wait("anne", None).unwrap_or_default();
        assert!(second > FIRST_WAIT && second <= FIRST_WAIT * 2);
        // Another account is not held back by Anne's failures.
        assert_eq!(limits.wait("bent", None), None);
        limits.succeeded("anne", None);
        assert_eq!(limits.wait("anne", None), None);
    }

    #[test]
    fn an_address_trying_many_accounts_is_held_back() {
        let limits = SignInLimits::default();
        let address = Some(IpAddr::from([192, 0, 2, 7]));
        for n in 0..FREE_PER_ADDRESS + 1 {
            limits.failed(&format!("navn{n}"), address);
        }
        assert!(limits.wait("en ny", address).is_some());
        assert_eq!(
            limits.wait("en ny", Some(IpAddr::from([192, 0, 2, 8]))),
            None
        );
    }

    #[test]
    fn the_wait_never_passes_the_longest() {
        let limits = SignInLimits::default();
        for _ in 0..200 {
            limits.failed("anne", None);
        }
        let wait = limits.wait("anne", None).unwrap_or_default();
        assert!(wait <= LONGEST_WAIT && wait > LONGEST_WAIT / 2);
    }
}

//! The OParl meetings as written, kept between requests: a page of the meeting list
//! is then its twenty entries copied, not twenty records read, parsed and written
//! again (a meeting object is about 10 KB of JSON; reading and writing them was the
//! whole cost of a page).
//!
//! An entry is keyed by the meeting's `modified` stamp, so a meeting imported again
//! is read afresh at once. What changes a meeting without changing its stamp (who is
//! who corrected by hand) reaches the change log, and the server's follower forgets
//! those meetings within a second ([`WrittenMeetings::follow`]). An entry read
//! before such a correction can never be kept after it: every forgetting starts a
//! new generation, and an entry read in an older one is not kept.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use lru::LruCache;
use referat_archive::{Archive, ArchiveError, ChangeState, Changes};
use serde_json::value::RawValue;

/// The meetings' objects written, within a budget of bytes, least recently used
/// first out.
pub(crate) struct WrittenMeetings {
    state: Mutex<State>,
    budget: usize,
}

/// Which object an entry is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    meeting: i64,
    modified: Option<String>,
    /// Written without its items (OParl's `omit_internal`).
    without_items: bool,
}

struct State {
    entries: LruCache<Key, Box<RawValue>>,
    bytes: usize,
    /// The archive change the entries reflect; nothing is kept before it is known.
    follows: Option<ChangeState>,
    generation: u64,
}

/// When a request started reading, to be shown again when it keeps what it read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Generation(u64);

impl WrittenMeetings {
    pub(crate) fn new(budget: usize) -> WrittenMeetings {
        WrittenMeetings {
            state: Mutex::new(State {
                entries: LruCache::unbounded(),
                bytes: 0,
                follows: None,
                generation: 0,
            }),
            budget,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is a cache: after a panic elsewhere it is still a valid one.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Taken before the archive is read for what will be kept.
    pub(crate) fn generation(&self) -> Generation {
        Generation(self.state().generation)
    }

    /// The meeting's object as written, if kept.
    pub(crate) fn get(
        &self,
        meeting: i64,
        modified: Option<&str>,
        without_items: bool,
    ) -> Option<Box<RawValue>> {
        let key = Key {
            meeting,
            modified: modified.map(str::to_string),
            without_items,
        };
        self.state().entries.get(&key).cloned()
    }

    /// Keeps a meeting's object, unless the archive changed in a way the stamps do
    /// not show since `read` was taken.
    pub(crate) fn keep(
        &self,
        read: Generation,
        meeting: i64,
        modified: Option<&str>,
        without_items: bool,
        object: Box<RawValue>,
    ) {
        let size = object.get().len();
        if size > self.budget {
            return;
        }
        let mut state = self.state();
        if state.follows.is_none() || state.generation != read.0 {
            return;
        }
        let key = Key {
            meeting,
            modified: modified.map(str::to_string),
            without_items,
        };
        if let Some(old) = state.entries.put(key, object) {
            state.bytes = state.bytes.saturating_sub(old.get().len());
        }
        state.bytes += size;
        while state.bytes > self.budget {
            match state.entries.pop_lru() {
                Some((_, old)) => state.bytes = state.bytes.saturating_sub(old.get().len()),
                None => break,
            }
        }
    }

    /// Forgets the meetings the archive changed since the last call, from its change
    /// log; the first call only notes where the log stands.
    pub(crate) async fn follow(&self, archive: &Archive) -> Result<(), ArchiveError> {
        let now = archive.change_state().await?;
        let since = self.state().follows.clone();
        let changes = match since {
            Some(s) if s == now => return Ok(()),
            Some(s) if s.identity == now.identity && s.seq < now.seq => {
                archive.changes(s.seq, now.seq).await?
            }
            _ => Changes::Everything,
        };
        let mut state = self.state();
        match changes {
            Changes::Everything => {
                state.entries.clear();
                state.bytes = 0;
            }
            Changes::Meetings(meetings) => {
                let changed: HashSet<i64> = meetings.into_iter().collect();
                let gone: Vec<Key> = state
                    .entries
                    .iter()
                    .filter(|(k, _)| changed.contains(&k.meeting))
                    .map(|(k, _)| k.clone())
                    .collect();
                for key in gone {
                    if let Some(old) = state.entries.pop(&key) {
                        state.bytes = state.bytes.saturating_sub(old.get().len());
                    }
                }
            }
        }
        state.generation += 1;
        state.follows = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn object(text: &str) -> Box<RawValue> {
        RawValue::from_string(format!("\"{text}\"")).unwrap()
    }

    fn following(budget: usize) -> WrittenMeetings {
        let written = WrittenMeetings::new(budget);
        written.state().follows = Some(ChangeState {
            identity: "a".into(),
            seq: 1,
        });
        written
    }

    #[test]
    fn nothing_is_kept_before_the_change_log_is_known() {
        let written = WrittenMeetings::new(1000);
        let read = written.generation();
        written.keep(read, 1, Some("t"), false, object("one"));
        assert!(written.get(1, Some("t"), false).is_none());
    }

    #[test]
    fn an_entry_is_found_by_its_meeting_stamp_and_shape() {
        let written = following(1000);
        let read = written.generation();
        written.keep(read, 1, Some("t1"), false, object("one"));
        assert_eq!(written.get(1, Some("t1"), false).unwrap().get(), "\"one\"");
        assert!(written.get(1, Some("t2"), false).is_none());
        assert!(written.get(1, Some("t1"), true).is_none());
    }

    #[test]
    fn what_was_read_before_a_forgetting_is_not_kept() {
        let written = following(1000);
        let read = written.generation();
        written.state().generation += 1;
        written.keep(read, 1, Some("t"), false, object("stale"));
        assert!(written.get(1, Some("t"), false).is_none());
    }

    #[test]
    fn the_least_recently_used_go_first_past_the_budget() {
        // Each object is 7 bytes with its quotes: two fit in 15.
        let written = following(15);
        let read = written.generation();
        written.keep(read, 1, None, false, object("aaaaa"));
        written.keep(read, 2, None, false, object("bbbbb"));
        assert!(written.get(1, None, false).is_some());
        written.keep(read, 3, None, false, object("ccccc"));
        assert!(written.get(2, None, false).is_none());
        assert!(written.get(1, None, false).is_some());
        assert!(written.get(3, None, false).is_some());
    }
}

//! Keeping an archive in step with FirstAgenda publication portals (`referat
//! sync`): the portal's list of committees and meetings ([`read_list`], read
//! tolerantly, its assumed shape in `list`), a polite HTTP client ([`Client`]: one
//! request at a time after a pause, retries with backoff on 429 and 5xx, timeouts, a
//! request limit), and the sync job ([`SyncJob`]) that fetches the meetings the
//! archive lacks or that may have changed and imports each through
//! `referat_ingest::import_fetched`, in one transaction with what was fetched of it,
//! so that a run killed at any point loses nothing and fetches nothing twice. The
//! portals one run keeps may be listed in a file ([`read_config`]). Nothing here
//! prints; a run tells its caller through [`SyncProgress`].

mod attachments;
mod client;
mod config;
mod list;
mod sync;

pub use attachments::MAX_ATTACHMENT_TEXT;
pub use client::{Client, FetchError, Politeness, Retrying, USER_AGENT};
pub use config::{ConfigError, read_config};
pub use list::{Committee, ListError, ListedMeeting, read_list};
pub use sync::{Portal, Stopped, SyncError, SyncJob, SyncProgress, SyncTally, UNSETTLED_DAYS};

//! The search index kept in step with the archive.

use std::time::Duration;

use referat_archive::{Archive, ArchiveError};
use referat_search::{CatchUp, SearchError, SearchIndex};

/// Why the archive, or its search index after it, could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Index(#[from] SearchError),
}

impl UpdateError {
    /// Whether the archive or the index could not write for want of space.
    pub fn is_disk_full(&self) -> bool {
        match self {
            UpdateError::Archive(e) => e.is_disk_full(),
            UpdateError::Index(e) => e.is_disk_full(),
        }
    }
}

/// How long a writer of the archive waits for another process writing the index
/// (another import's catch-up, a server's) before leaving its changes to the next
/// catch-up.
pub const INDEX_WAIT: Duration = Duration::from_secs(60);

/// Brings the index up to date with the archive after a write: the archive's change
/// log says which meetings changed (those a write touched, those it superseded or
/// deleted), whoever wrote them and whatever was lost before.
pub async fn follow(archive: &Archive, index: &SearchIndex) -> Result<CatchUp, UpdateError> {
    Ok(index.catch_up(archive, INDEX_WAIT).await?)
}

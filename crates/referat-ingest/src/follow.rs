//! The search index kept in step with the archive.

use referat_archive::{Archive, ArchiveError};
use referat_search::{SearchError, SearchIndex};

/// Why the archive, or its search index after it, could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Index(#[from] SearchError),
}

/// Brings the index up to date with these meetings of the archive, and with the
/// meetings they supersede (a dagsorden whose referat came in leaves the index).
pub async fn follow(
    archive: &Archive,
    index: &SearchIndex,
    meetings: &[i64],
) -> Result<(), UpdateError> {
    let mut all = meetings.to_vec();
    all.extend(archive.superseded_by(meetings).await?);
    // A correction touches a meeting through both of its people.
    all.sort_unstable();
    all.dedup();
    index.update(archive, &all).await?;
    Ok(())
}

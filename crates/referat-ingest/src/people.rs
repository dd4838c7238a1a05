//! Corrections of who is who, by hand, with the index following the meetings they
//! touch (the archive logs them): the index holds each meeting's people by name.

use referat_archive::Archive;
use referat_search::SearchIndex;

use crate::{UpdateError, follow};

/// Person `other` is the same person as `keep`: `other`'s spellings and meetings go to
/// `keep` (the archive keeps the correction across re-imports), and the meetings of
/// both are indexed again.
pub async fn merge_people(
    archive: &Archive,
    index: &SearchIndex,
    keep: i64,
    other: i64,
) -> Result<(), UpdateError> {
    archive.merge_people(keep, other).await?;
    follow(archive, index).await?;
    Ok(())
}

/// The spelling `name` of `person` is someone else: it becomes a person of its own
/// (returned), never joined loosely to another again, and the meetings of both are
/// indexed again.
pub async fn split_person(
    archive: &Archive,
    index: &SearchIndex,
    person: i64,
    name: &str,
) -> Result<i64, UpdateError> {
    let new = archive.split_person(person, name).await?;
    follow(archive, index).await?;
    Ok(new)
}

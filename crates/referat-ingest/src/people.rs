//! Corrections of who is who, by hand, with the index following the meetings they
//! touch: the index holds each meeting's people by name.

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
    // `other`'s meetings are asked first: after the merge they are `keep`'s.
    let mut touched = archive.meetings_of(other).await?;
    archive.merge_people(keep, other).await?;
    touched.extend(archive.meetings_of(keep).await?);
    follow(archive, index, &touched).await
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
    let mut touched = archive.meetings_of(person).await?;
    touched.extend(archive.meetings_of(new).await?);
    follow(archive, index, &touched).await?;
    Ok(new)
}

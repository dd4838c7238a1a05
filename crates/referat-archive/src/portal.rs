//! Meetings fetched from publication portals (`referat sync`): what was fetched of
//! each, kept in the transaction that imports it, and where a meeting came from.

use std::collections::HashMap;

use referat_model::Meeting;
use sqlx::Row;

use crate::store::{Tx, import_in};
use crate::{Archive, ArchiveError, Imported, SourceDocument, now};

/// A meeting as fetched from a portal: where from, and what the fetch found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalMeeting {
    /// The portal's address, as the sync names it (`https://dagsordener.greve.dk`).
    pub portal: String,
    /// The portal's own id of the meeting.
    pub portal_id: String,
    /// The meeting's page on the portal.
    pub link: String,
    /// The SHA-256 of the bytes fetched.
    pub sha256: String,
    /// What the portal's list said of the meeting's version, where it says anything.
    pub stamp: Option<String>,
    /// Whether the meeting was settled when fetched (its minutes finished): a settled
    /// meeting is not fetched again unless the list's stamp changes.
    pub settled: bool,
}

/// What the archive keeps of the last fetch of a portal's meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub sha256: String,
    pub stamp: Option<String>,
    pub settled: bool,
    /// The document the bytes were imported as.
    pub document: i64,
}

/// Where a meeting came from: a portal and the meeting's page on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub portal: String,
    pub link: String,
}

impl Archive {
    /// What was fetched from this portal, by the portal's meeting id.
    pub async fn fetched(&self, portal: &str) -> Result<HashMap<String, Fetched>, ArchiveError> {
        let rows = sqlx::query(
            "SELECT portal_id, sha256, stamp, settled, document_id FROM portal_meetings \
             WHERE portal = $1",
        )
        .bind(portal)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    Fetched {
                        sha256: r.try_get(1)?,
                        stamp: r.try_get(2)?,
                        settled: r.try_get::<i64, _>(3)? != 0,
                        document: r.try_get(4)?,
                    },
                ))
            })
            .collect()
    }

    /// Imports a meeting fetched from a portal as [`Archive::import`] does, and keeps
    /// what was fetched in the same transaction: after a crash the archive has both
    /// or neither.
    pub async fn import_fetched(
        &self,
        doc: &SourceDocument,
        meeting: &Meeting,
        fetched: &PortalMeeting,
    ) -> Result<Imported, ArchiveError> {
        let tx = self.begin_write().await?;
        let (imported, mut tx) = import_in(tx, doc, meeting).await?;
        let document: i64 = sqlx::query("SELECT id FROM documents WHERE path = $1")
            .bind(&doc.path)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        keep(&mut tx, fetched, document).await?;
        tx.commit().await?;
        Ok(imported)
    }

    /// Notes a fetch whose bytes the archive has already (by hash), so that what the
    /// list said and whether the meeting is settled are those of the last fetch.
    pub async fn refetched(
        &self,
        fetched: &PortalMeeting,
        document: i64,
    ) -> Result<(), ArchiveError> {
        let mut tx = self.begin_write().await?;
        keep(&mut tx, fetched, document).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Where a meeting's current content was fetched from, if from a portal.
    pub async fn provenance(&self, meeting: i64) -> Result<Option<Provenance>, ArchiveError> {
        let row = sqlx::query(
            "SELECT p.portal, p.link FROM portal_meetings p \
             JOIN meetings m ON m.document_id = p.document_id WHERE m.id = $1 \
             ORDER BY p.fetched_at DESC",
        )
        .bind(meeting)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Provenance {
                portal: r.try_get(0)?,
                link: r.try_get(1)?,
            })
        })
        .transpose()
    }
}

async fn keep(tx: &mut Tx<'_>, fetched: &PortalMeeting, document: i64) -> Result<(), ArchiveError> {
    sqlx::query("DELETE FROM portal_meetings WHERE portal = $1 AND portal_id = $2")
        .bind(&fetched.portal)
        .bind(&fetched.portal_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO portal_meetings (portal, portal_id, link, document_id, sha256, stamp, \
         settled, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&fetched.portal)
    .bind(&fetched.portal_id)
    .bind(&fetched.link)
    .bind(document)
    .bind(&fetched.sha256)
    .bind(fetched.stamp.clone())
    .bind(i64::from(fetched.settled))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

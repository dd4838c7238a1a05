//! Attachment files fetched from portals (`referat sync --attachments`): which the
//! archive still lacks, each one kept with its text, and which may be shown.
//!
//! Only attachments of public items are ever due: a closed item's attachment is
//! never fetched, indexed or served. A kept file is found again by its portal and
//! link, so a new version of a meeting fetches only the attachments it did not link
//! before.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;

use crate::{Archive, ArchiveError, changes, now};

/// The public items' attachments of a portal's meetings, with their portal, as one
/// `FROM` clause: `a` the attachment, `i` its item, `m` its meeting, `p` the fetch
/// the meeting's current content came from.
const PORTAL_ATTACHMENTS: &str = "attachments a \
     JOIN public_items i ON i.id = a.item_id \
     JOIN meetings m ON m.id = i.meeting_id \
     JOIN portal_meetings p ON p.document_id = m.document_id";

/// An attachment a sync has yet to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueAttachment {
    /// As the meeting's document writes it (relative to the portal).
    pub link: String,
    pub title: String,
}

/// An attachment file fetched and kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAttachment {
    pub portal: String,
    /// As the meeting's document writes it.
    pub link: String,
    pub sha256: String,
    /// Where the file is kept (absolute).
    pub path: String,
    pub size: u64,
    /// As extraction told it (`pdf`, `docx`, …); `None` where it could not tell.
    pub format: Option<String>,
    /// The file's text, searched as part of the item; `None` where it could not be read.
    pub text: Option<String>,
    /// Why there is no text.
    pub problem: Option<String>,
}

/// A kept file as the web shows and serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentFile {
    pub sha256: String,
    pub path: String,
    pub size: u64,
    pub format: Option<String>,
    /// A title an item gives it, for the file's name.
    pub title: String,
}

impl Archive {
    /// The attachments of this portal's meetings' public items that have a link and
    /// no kept file, each link once, in the order of the meetings' dates.
    pub async fn attachments_due(&self, portal: &str) -> Result<Vec<DueAttachment>, ArchiveError> {
        let rows = sqlx::query(&format!(
            "SELECT a.link, MIN(a.title), MIN(m.date) FROM {PORTAL_ATTACHMENTS} \
             WHERE p.portal = $1 AND a.link IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM attachment_files f WHERE f.portal = p.portal AND f.link = a.link) \
             GROUP BY a.link ORDER BY 3, 1"
        ))
        .bind(portal)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DueAttachment {
                    link: r.try_get(0)?,
                    title: r.try_get(1)?,
                })
            })
            .collect()
    }

    /// Keeps a fetched file, and marks the meetings that link it changed in the same
    /// transaction, so that the search index takes up its text.
    pub async fn keep_attachment(&self, file: &KeptAttachment) -> Result<(), ArchiveError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM attachment_files WHERE portal = $1 AND link = $2")
            .bind(&file.portal)
            .bind(&file.link)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO attachment_files (portal, link, sha256, path, size, format, text, \
             problem, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&file.portal)
        .bind(&file.link)
        .bind(&file.sha256)
        .bind(&file.path)
        .bind(i64::try_from(file.size).unwrap_or(i64::MAX))
        .bind(file.format.clone())
        .bind(file.text.clone())
        .bind(file.problem.clone())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let meetings: BTreeSet<i64> = sqlx::query(&format!(
            "SELECT DISTINCT m.id FROM {PORTAL_ATTACHMENTS} WHERE p.portal = $1 AND a.link = $2"
        ))
        .bind(&file.portal)
        .bind(&file.link)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
        if !meetings.is_empty() {
            changes::record(&mut tx, Some(&meetings)).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The kept files of a meeting's public items, by link.
    pub async fn meeting_attachment_files(
        &self,
        meeting: i64,
    ) -> Result<HashMap<String, AttachmentFile>, ArchiveError> {
        let rows = sqlx::query(&format!(
            "SELECT a.link, f.sha256, f.path, f.size, f.format, a.title FROM {PORTAL_ATTACHMENTS} \
             JOIN attachment_files f ON f.portal = p.portal AND f.link = a.link \
             WHERE m.id = $1"
        ))
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, file(r, 1)?)))
            .collect()
    }

    /// A kept file by its hash, if a public item links it: closed items' files (had
    /// one been kept before its item was closed) are not served.
    pub async fn public_attachment_file(
        &self,
        sha256: &str,
    ) -> Result<Option<AttachmentFile>, ArchiveError> {
        let row = sqlx::query(&format!(
            "SELECT f.sha256, f.path, f.size, f.format, a.title FROM {PORTAL_ATTACHMENTS} \
             JOIN attachment_files f ON f.portal = p.portal AND f.link = a.link \
             WHERE f.sha256 = $1 ORDER BY a.title LIMIT 1"
        ))
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| file(&r, 0)).transpose()
    }
}

/// The texts of the kept files of the attachments of the items `filter` (a condition
/// on the meeting `m`) chooses, by item, in the order of the item's attachments.
pub(crate) async fn attachment_texts(
    conn: &mut sqlx::AnyConnection,
    filter: &str,
) -> Result<HashMap<i64, Vec<String>>, ArchiveError> {
    let rows = sqlx::query(&format!(
        "SELECT a.item_id, f.text FROM {PORTAL_ATTACHMENTS} \
         JOIN attachment_files f ON f.portal = p.portal AND f.link = a.link \
         WHERE f.text IS NOT NULL{filter} ORDER BY a.item_id, a.position"
    ))
    .fetch_all(conn)
    .await?;
    let mut texts: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows {
        texts.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(texts)
}

fn file(r: &sqlx::any::AnyRow, from: usize) -> Result<AttachmentFile, ArchiveError> {
    Ok(AttachmentFile {
        sha256: r.try_get(from)?,
        path: r.try_get(from + 1)?,
        size: u64::try_from(r.try_get::<i64, _>(from + 2)?).unwrap_or(0),
        format: r.try_get(from + 3)?,
        title: r.try_get(from + 4)?,
    })
}

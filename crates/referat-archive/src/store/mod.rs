//! Writing records into the archive: one transaction per document, versions of a
//! document and of a meeting, and a dagsorden superseded by its referat. Who is who
//! (`people`), the memberships kept in step (`memberships`) and the rows written from
//! a record (`rows`) are modules of their own.

use std::collections::{BTreeSet, HashSet};

use referat_model::{Kind, Meeting};
use sqlx::{Any, Row, Transaction};

use crate::changes;
use crate::identity::forum_key;
use crate::{Archive, ArchiveError, SourceDocument, now};

mod memberships;
mod people;
mod rows;

pub(crate) use memberships::refresh_memberships;
use memberships::{add_to_memberships, alone_on_its_day};
pub use people::PersonSummary;
use people::resolve_people;
pub(crate) use rows::{placeholders, write_contents};

pub(crate) type Tx<'c> = Transaction<'c, Any>;

/// What importing one document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    /// A new meeting.
    New { meeting: i64 },
    /// The document (or a byte-identical copy of it) is in the archive already.
    Unchanged { same_as: String },
    /// The document replaced an earlier version of itself or of its meeting.
    Replaced { meeting: i64, previous: String },
}

impl Archive {
    /// Every document in the archive, by path and hash: an import need not read the
    /// files among them again.
    pub async fn known_documents(&self) -> Result<HashSet<(String, String)>, ArchiveError> {
        let rows = sqlx::query("SELECT path, sha256 FROM documents")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Imports one meeting record read from `doc`, in one transaction.
    ///
    /// A meeting is known by its forum, date, kind and start time, where a start time
    /// not given matches any: a forum's two meetings on one day at different times are
    /// two meetings, and a document without a time is its forum's meeting of the day
    /// as before. A file already imported with
    /// the same content changes nothing; a byte-identical copy under another path is
    /// recorded and changes nothing else; a changed file, or another file of a known
    /// meeting, replaces the meeting's content and keeps its id (its URLs stay).
    pub async fn import(
        &self,
        doc: &SourceDocument,
        meeting: &Meeting,
    ) -> Result<Imported, ArchiveError> {
        let tx = self.begin_write().await?;
        let (imported, tx) = import_in(tx, doc, meeting).await?;
        tx.commit().await?;
        Ok(imported)
    }
}

/// [`Archive::import`] in a transaction handed back uncommitted, so that what else
/// the caller keeps of the document (where a portal's meeting came from) commits
/// with it.
pub(crate) async fn import_in(
    mut tx: Tx<'static>,
    doc: &SourceDocument,
    meeting: &Meeting,
) -> Result<(Imported, Tx<'static>), ArchiveError> {
    {
        let stamp = now();
        let by_path = sqlx::query("SELECT id, sha256, meeting_id FROM documents WHERE path = $1")
            .bind(&doc.path)
            .fetch_optional(&mut *tx)
            .await?;
        let mut known: Option<(i64, Option<i64>)> = None;
        if let Some(row) = by_path {
            let sha: String = row.try_get(1)?;
            if sha == doc.sha256 {
                let same_as = doc.path.clone();
                return Ok((Imported::Unchanged { same_as }, tx));
            }
            known = Some((row.try_get(0)?, row.try_get(2)?));
        } else if let Some(row) =
            sqlx::query("SELECT path, meeting_id FROM documents WHERE sha256 = $1 ORDER BY id")
                .bind(&doc.sha256)
                .fetch_optional(&mut *tx)
                .await?
        {
            let same_as: String = row.try_get(0)?;
            insert_document(&mut tx, doc, &stamp, row.try_get(1)?).await?;
            return Ok((Imported::Unchanged { same_as }, tx));
        }

        let forum = match meeting.body.as_deref() {
            Some(name) => Some(forum_id(&mut tx, name).await?),
            None => None,
        };
        let date = meeting.date.map(|d| d.to_string());
        let start = meeting.start.map(|t| t.to_string());
        // Every meeting this document could be: same forum, date and kind, and a start
        // time that does not tell them apart (the same, or one of them not given).
        let mut same_meeting = Vec::new();
        if let (Some(f), Some(d)) = (forum, date.as_deref()) {
            let query = match start.as_deref() {
                Some(_) => {
                    "SELECT id, start_time FROM meetings WHERE forum_id = $1 AND date = $2 \
                     AND kind = $3 AND (start_time IS NULL OR start_time = $4) ORDER BY id"
                }
                None => {
                    "SELECT id, start_time FROM meetings WHERE forum_id = $1 AND date = $2 \
                     AND kind = $3 ORDER BY id"
                }
            };
            let mut query = sqlx::query(query)
                .bind(f)
                .bind(d)
                .bind(meeting.kind.as_str());
            if let Some(s) = start.as_deref() {
                query = query.bind(s);
            }
            for row in query.fetch_all(&mut *tx).await? {
                same_meeting.push((
                    row.try_get::<i64, _>(0)?,
                    row.try_get::<Option<String>, _>(1)?,
                ));
            }
        }
        // The meeting this document is a version of: its own earlier version's, else
        // the first that it could be.
        let target = known
            .and_then(|(_, m)| m)
            .or_else(|| same_meeting.first().map(|&(m, _)| m));
        // A corrected date, forum or time can make this the same meeting as another
        // one: the other is folded into it. A document without a start time folds in
        // only meetings its target's time does not tell apart, so that on a day its
        // forum met twice the two meetings stay two.
        if start.is_none() {
            let target_start = match target {
                Some(t) => match same_meeting.iter().find(|(m, _)| *m == t) {
                    Some((_, s)) => s.clone(),
                    None => sqlx::query("SELECT start_time FROM meetings WHERE id = $1")
                        .bind(t)
                        .fetch_optional(&mut *tx)
                        .await?
                        .map(|r| r.try_get::<Option<String>, _>(0))
                        .transpose()?
                        .flatten(),
                },
                None => None,
            };
            same_meeting.retain(|(_, s)| match (s, &target_start) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            });
        }
        let same_meeting: Vec<i64> = same_meeting.into_iter().map(|(m, _)| m).collect();
        let mut touched = BTreeSet::new();
        for &other in same_meeting.iter().filter(|&&m| Some(m) != target) {
            touched.extend(clear_contents(&mut tx, other).await?);
            for sql in [
                "UPDATE documents SET meeting_id = $1 WHERE meeting_id = $2",
                "UPDATE meetings SET superseded_by = $1 WHERE superseded_by = $2",
            ] {
                sqlx::query(sql)
                    .bind(target)
                    .bind(other)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM meetings WHERE id = $1")
                .bind(other)
                .execute(&mut *tx)
                .await?;
        }

        let document = match known {
            Some((id, _)) => {
                sqlx::query(
                    "UPDATE documents SET format = $1, sha256 = $2, size = $3, imported_at = $4 \
                     WHERE id = $5",
                )
                .bind(&doc.format)
                .bind(&doc.sha256)
                .bind(size(doc))
                .bind(&stamp)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => insert_document(&mut tx, doc, &stamp, None).await?,
        };
        let (id, outcome) = match target {
            Some(m) => {
                let previous: String = sqlx::query(
                    "SELECT d.path FROM meetings m JOIN documents d ON d.id = m.document_id \
                     WHERE m.id = $1",
                )
                .bind(m)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get(0))
                .transpose()?
                .unwrap_or_default();
                touched.extend(clear_contents(&mut tx, m).await?);
                update_meeting(&mut tx, m, document, forum, meeting, &stamp).await?;
                (
                    m,
                    Imported::Replaced {
                        meeting: m,
                        previous,
                    },
                )
            }
            None => {
                let m = insert_meeting(&mut tx, None, document, forum, meeting, &stamp).await?;
                (m, Imported::New { meeting: m })
            }
        };
        sqlx::query("UPDATE documents SET meeting_id = $1 WHERE id = $2")
            .bind(id)
            .bind(document)
            .execute(&mut *tx)
            .await?;

        let persons = resolve_people(&mut tx, meeting, forum).await?;
        write_contents(&mut tx, id, meeting, &persons, None).await?;
        supersede(
            &mut tx,
            id,
            forum,
            date.as_deref(),
            start.as_deref(),
            meeting.kind,
        )
        .await?;
        // The common case, a meeting new to the archive and alone on its day in its
        // forum (no version, no dagsorden or referat beside it): only this meeting's
        // attendance changes the memberships, and it is added to them. Recounting them
        // from all of each person's meetings grew with the archive, and took 40 % of
        // an import at 10,000 meetings.
        match forum {
            Some(f)
                if target.is_none()
                    && alone_on_its_day(&mut tx, id, f, date.as_deref()).await? =>
            {
                add_to_memberships(&mut tx, id, f, date.as_deref()).await?;
            }
            _ => {
                if let Some(f) = forum {
                    touched.extend(persons.iter().map(|&p| (f, p)));
                    if let Some(d) = date.as_deref() {
                        // A dagsorden this referat supersedes no longer counts for
                        // memberships.
                        let rows = sqlx::query(
                            "SELECT DISTINCT a.person_id FROM attendance a \
                             JOIN meetings m ON m.id = a.meeting_id \
                             WHERE m.forum_id = $1 AND m.date = $2",
                        )
                        .bind(f)
                        .bind(d)
                        .fetch_all(&mut *tx)
                        .await?;
                        for row in rows {
                            touched.insert((f, row.try_get(0)?));
                        }
                    }
                }
                refresh_memberships(&mut tx, &touched).await?;
            }
        }
        // What search shows changed for this meeting, the meetings folded into it
        // (gone) and a dagsorden it supersedes (gone from search).
        let mut changed: BTreeSet<i64> = same_meeting.iter().copied().collect();
        changed.insert(id);
        for row in sqlx::query("SELECT id FROM meetings WHERE superseded_by = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
        {
            changed.insert(row.try_get(0)?);
        }
        changes::record(&mut tx, Some(&changed)).await?;
        Ok((outcome, tx))
    }
}

pub(super) fn size(doc: &SourceDocument) -> i64 {
    i64::try_from(doc.size).unwrap_or(i64::MAX)
}

pub(super) async fn insert_document(
    tx: &mut Tx<'_>,
    doc: &SourceDocument,
    stamp: &str,
    meeting: Option<i64>,
) -> Result<i64, ArchiveError> {
    Ok(sqlx::query(
        "INSERT INTO documents (path, format, sha256, size, imported_at, meeting_id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&doc.path)
    .bind(&doc.format)
    .bind(&doc.sha256)
    .bind(size(doc))
    .bind(stamp)
    .bind(meeting)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?)
}

/// Removes what a meeting's document said (participants, items, warnings), keeping
/// the meeting; returns the (forum, person) pairs whose memberships it counted in.
pub(super) async fn clear_contents(
    tx: &mut Tx<'_>,
    meeting: i64,
) -> Result<Vec<(i64, i64)>, ArchiveError> {
    let mut touched = Vec::new();
    for row in sqlx::query(
        "SELECT m.forum_id, a.person_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
         WHERE m.id = $1 AND m.forum_id IS NOT NULL",
    )
    .bind(meeting)
    .fetch_all(&mut **tx)
    .await?
    {
        touched.push((row.try_get(0)?, row.try_get(1)?));
    }
    // Children first: cascades are not relied on, so that both backends delete the
    // same way whatever their foreign-key settings.
    for sql in [
        "DELETE FROM sections WHERE item_id IN (SELECT id FROM items WHERE meeting_id = $1)",
        "DELETE FROM recommendations WHERE item_id IN (SELECT id FROM items WHERE meeting_id = $1)",
        "DELETE FROM presenters WHERE item_id IN (SELECT id FROM items WHERE meeting_id = $1)",
        "DELETE FROM attachments WHERE item_id IN (SELECT id FROM items WHERE meeting_id = $1)",
        "DELETE FROM items WHERE meeting_id = $1",
        "DELETE FROM attendance WHERE meeting_id = $1",
        "DELETE FROM warnings WHERE meeting_id = $1",
    ] {
        sqlx::query(sql).bind(meeting).execute(&mut **tx).await?;
    }
    Ok(touched)
}

pub(super) async fn update_meeting(
    tx: &mut Tx<'_>,
    id: i64,
    document: i64,
    forum: Option<i64>,
    meeting: &Meeting,
    modified_at: &str,
) -> Result<(), ArchiveError> {
    let query = sqlx::query(
        "UPDATE meetings SET document_id = $2, forum_id = $3, kind = $4, body = $5, date = $6, \
         weekday = $7, start_time = $8, end_time = $9, location = $10, chair = $11, \
         modified_at = $12, record = $13 WHERE id = $1",
    )
    .bind(id);
    bind_meeting(query, document, forum, meeting, modified_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The forum of this name, created on first sight.
pub(crate) async fn forum_id(tx: &mut Tx<'_>, name: &str) -> Result<i64, ArchiveError> {
    let key = forum_key(name);
    if let Some(row) = sqlx::query("SELECT id FROM forums WHERE key = $1")
        .bind(&key)
        .fetch_optional(&mut **tx)
        .await?
    {
        return Ok(row.try_get(0)?);
    }
    Ok(
        sqlx::query("INSERT INTO forums (name, key) VALUES ($1, $2) RETURNING id")
            .bind(name.trim())
            .bind(&key)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?,
    )
}

pub(super) type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds `$2` to `$12` of the meetings statements: the columns a record gives.
pub(super) fn bind_meeting<'q>(
    query: Query<'q>,
    document: i64,
    forum: Option<i64>,
    meeting: &Meeting,
    modified_at: &str,
) -> Query<'q> {
    query
        .bind(document)
        .bind(forum)
        .bind(meeting.kind.as_str())
        .bind(meeting.body.clone())
        .bind(meeting.date.map(|d| d.to_string()))
        .bind(meeting.weekday.map(|w| w.as_str().to_string()))
        .bind(meeting.start.map(|t| t.to_string()))
        .bind(meeting.end.map(|t| t.to_string()))
        .bind(meeting.location.clone())
        .bind(meeting.chair.clone())
        .bind(modified_at.to_string())
        .bind(serde_json::to_string(meeting).ok())
}

pub(crate) async fn insert_meeting(
    tx: &mut Tx<'_>,
    id: Option<i64>,
    document: i64,
    forum: Option<i64>,
    meeting: &Meeting,
    modified_at: &str,
) -> Result<i64, ArchiveError> {
    let query = sqlx::query(
        "INSERT INTO meetings (id, document_id, forum_id, kind, body, date, weekday, \
         start_time, end_time, location, chair, modified_at, record) \
         VALUES (COALESCE($1, (SELECT COALESCE(MAX(id), 0) + 1 FROM meetings)), \
         $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(id);
    let row = bind_meeting(query, document, forum, meeting, modified_at)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get(0)?)
}

/// A referat supersedes the dagsorden of its meeting, whichever came first: same
/// forum and date, and a start time that does not tell them apart (the same, or one of
/// them not given), so that a forum's two meetings on one day keep their own.
pub(super) async fn supersede(
    tx: &mut Tx<'_>,
    id: i64,
    forum: Option<i64>,
    date: Option<&str>,
    start: Option<&str>,
    kind: Kind,
) -> Result<(), ArchiveError> {
    let (Some(forum), Some(date)) = (forum, date) else {
        return Ok(());
    };
    // The time is bound only when there is one: PostgreSQL cannot type a parameter
    // that is only ever compared with NULL.
    let sql = match (kind, start.is_some()) {
        // Without a time, not a dagsorden another referat of the day has: on a day
        // its forum met twice, that is the other meeting's.
        (Kind::Referat, false) => {
            "UPDATE meetings SET superseded_by = $1 \
             WHERE forum_id = $2 AND date = $3 AND kind = 'dagsorden' \
             AND (superseded_by IS NULL OR superseded_by = $1)"
        }
        (Kind::Referat, true) => {
            "UPDATE meetings SET superseded_by = $1 \
             WHERE forum_id = $2 AND date = $3 AND kind = 'dagsorden' \
             AND (start_time IS NULL OR start_time = $4)"
        }
        (Kind::Dagsorden, false) => {
            "UPDATE meetings SET superseded_by = (SELECT MIN(r.id) FROM meetings r \
             WHERE r.forum_id = $2 AND r.date = $3 AND r.kind = 'referat') WHERE id = $1"
        }
        (Kind::Dagsorden, true) => {
            "UPDATE meetings SET superseded_by = (SELECT MIN(r.id) FROM meetings r \
             WHERE r.forum_id = $2 AND r.date = $3 AND r.kind = 'referat' \
             AND (r.start_time IS NULL OR r.start_time = $4)) WHERE id = $1"
        }
    };
    let mut query = sqlx::query(sql).bind(id).bind(forum).bind(date);
    if let Some(s) = start {
        query = query.bind(s);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

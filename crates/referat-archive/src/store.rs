//! Writing records into the archive: one transaction per document, versions, people
//! resolved across documents, memberships kept in step, and hand corrections.

use std::collections::{BTreeSet, HashMap, HashSet};

use referat_model::{Kind, Meeting};
use sqlx::{Any, Row, Transaction};

use crate::identity::{forum_key, loose_match, name_key, organisation};
use crate::{Archive, ArchiveError, SourceDocument, now};

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

/// A person with every spelling of their name, for `referat people`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub variants: Vec<String>,
    pub meetings: i64,
    /// Why spellings were taken for this person: (spelling, reason, by hand).
    pub merges: Vec<(String, String, bool)>,
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
    /// A meeting is known by its forum, date and kind. A file already imported with
    /// the same content changes nothing; a byte-identical copy under another path is
    /// recorded and changes nothing else; a changed file, or another file of a known
    /// meeting, replaces the meeting's content and keeps its id (its URLs stay).
    pub async fn import(
        &self,
        doc: &SourceDocument,
        meeting: &Meeting,
    ) -> Result<Imported, ArchiveError> {
        let mut tx = self.pool.begin().await?;
        let stamp = now();
        let by_path = sqlx::query("SELECT id, sha256, meeting_id FROM documents WHERE path = $1")
            .bind(&doc.path)
            .fetch_optional(&mut *tx)
            .await?;
        let mut known: Option<(i64, Option<i64>)> = None;
        if let Some(row) = by_path {
            let sha: String = row.try_get(1)?;
            if sha == doc.sha256 {
                return Ok(Imported::Unchanged {
                    same_as: doc.path.clone(),
                });
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
            tx.commit().await?;
            return Ok(Imported::Unchanged { same_as });
        }

        let forum = match meeting.body.as_deref() {
            Some(name) => Some(forum_id(&mut tx, name).await?),
            None => None,
        };
        let date = meeting.date.map(|d| d.to_string());
        let mut same_meeting = Vec::new();
        if let (Some(f), Some(d)) = (forum, date.as_deref()) {
            for row in sqlx::query(
                "SELECT id FROM meetings WHERE forum_id = $1 AND date = $2 AND kind = $3 ORDER BY id",
            )
            .bind(f)
            .bind(d)
            .bind(meeting.kind.as_str())
            .fetch_all(&mut *tx)
            .await?
            {
                same_meeting.push(row.try_get::<i64, _>(0)?);
            }
        }
        // The meeting this document is a version of: its own earlier version's, else
        // the one with the same forum, date and kind.
        let target = known
            .and_then(|(_, m)| m)
            .or_else(|| same_meeting.first().copied());
        let mut touched = BTreeSet::new();
        // A corrected date or forum can make this the same meeting as another one: the
        // other is folded into it.
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
        supersede(&mut tx, id, forum, date.as_deref(), meeting.kind).await?;
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
        tx.commit().await?;
        Ok(outcome)
    }

    /// Every person with their spellings, by name.
    pub async fn people(&self) -> Result<Vec<PersonSummary>, ArchiveError> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            "SELECT p.id, p.name, (SELECT COUNT(DISTINCT a.meeting_id) FROM attendance a \
             WHERE a.person_id = p.id) FROM persons p ORDER BY p.name, p.id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut people = Vec::with_capacity(rows.len());
        let mut index = std::collections::HashMap::new();
        for row in rows {
            let id: i64 = row.try_get(0)?;
            index.insert(id, people.len());
            people.push(PersonSummary {
                id,
                name: row.try_get(1)?,
                variants: Vec::new(),
                meetings: row.try_get(2)?,
                merges: Vec::new(),
            });
        }
        for row in sqlx::query("SELECT person_id, name FROM person_names ORDER BY name")
            .fetch_all(&mut *conn)
            .await?
        {
            let id: i64 = row.try_get(0)?;
            if let Some(p) = index.get(&id).and_then(|&i| people.get_mut(i)) {
                p.variants.push(row.try_get(1)?);
            }
        }
        for row in
            sqlx::query("SELECT person_id, name, reason, manual FROM person_merges ORDER BY id")
                .fetch_all(&mut *conn)
                .await?
        {
            let id: i64 = row.try_get(0)?;
            if let Some(p) = index.get(&id).and_then(|&i| people.get_mut(i)) {
                let manual: i64 = row.try_get(3)?;
                p.merges
                    .push((row.try_get(1)?, row.try_get(2)?, manual != 0));
            }
        }
        Ok(people)
    }

    /// Makes `other` the same person as `keep`, by hand; survives re-import.
    pub async fn merge_people(&self, keep: i64, other: i64) -> Result<(), ArchiveError> {
        if keep == other {
            return Err(ArchiveError::Invalid(format!(
                "person {keep} cannot be merged with itself"
            )));
        }
        let mut tx = self.pool.begin().await?;
        let keep_name = person_name(&mut tx, keep).await?;
        person_name(&mut tx, other).await?;
        let stamp = now();
        let forums = person_forums(&mut tx, other).await?;
        let names = sqlx::query("SELECT name, key FROM person_names WHERE person_id = $1")
            .bind(other)
            .fetch_all(&mut *tx)
            .await?;
        for row in names {
            let (name, key): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            decide(&mut tx, &key, keep, "merge", &stamp).await?;
            sqlx::query(
                "INSERT INTO person_merges (person_id, name, reason, manual, made_at) \
                 VALUES ($1, $2, $3, 1, $4)",
            )
            .bind(keep)
            .bind(&name)
            .bind(format!("merged by hand with {keep_name}"))
            .bind(&stamp)
            .execute(&mut *tx)
            .await?;
        }
        for sql in [
            "UPDATE person_names SET person_id = $1 WHERE person_id = $2",
            "UPDATE attendance SET person_id = $1 WHERE person_id = $2",
            "UPDATE person_merges SET person_id = $1 WHERE person_id = $2",
            "UPDATE name_decisions SET person_id = $1 WHERE person_id = $2",
        ] {
            sqlx::query(sql)
                .bind(keep)
                .bind(other)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM memberships WHERE person_id = $1")
            .bind(other)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM persons WHERE id = $1")
            .bind(other)
            .execute(&mut *tx)
            .await?;
        let mut touched: BTreeSet<(i64, i64)> = forums.into_iter().map(|f| (f, keep)).collect();
        touched.extend(
            person_forums(&mut tx, keep)
                .await?
                .into_iter()
                .map(|f| (f, keep)),
        );
        refresh_memberships(&mut tx, &touched).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the spelling `name` away from `person` as a person of its own, by hand;
    /// the spelling is never matched loosely again. Returns the new person's id.
    pub async fn split_person(&self, person: i64, name: &str) -> Result<i64, ArchiveError> {
        let key = name_key(name);
        let mut tx = self.pool.begin().await?;
        person_name(&mut tx, person).await?;
        let spellings: Vec<(String, String)> =
            sqlx::query("SELECT name, key FROM person_names WHERE person_id = $1")
                .bind(person)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_, sqlx::Error>>()?;
        let Some((written, _)) = spellings.iter().find(|(_, k)| *k == key) else {
            return Err(ArchiveError::NoSuchName {
                person,
                name: name.to_string(),
            });
        };
        if spellings.len() < 2 {
            return Err(ArchiveError::Invalid(format!(
                "'{written}' is the only name of person {person}; there is nothing to split"
            )));
        }
        let stamp = now();
        let new: i64 = sqlx::query("INSERT INTO persons (name) VALUES ($1) RETURNING id")
            .bind(written)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        sqlx::query("UPDATE person_names SET person_id = $1 WHERE key = $2")
            .bind(new)
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        let rows =
            sqlx::query("SELECT meeting_id, position, name FROM attendance WHERE person_id = $1")
                .bind(person)
                .fetch_all(&mut *tx)
                .await?;
        for row in rows {
            let spelled: String = row.try_get(2)?;
            if name_key(&spelled) == key {
                sqlx::query(
                    "UPDATE attendance SET person_id = $1 WHERE meeting_id = $2 AND position = $3",
                )
                .bind(new)
                .bind(row.try_get::<i64, _>(0)?)
                .bind(row.try_get::<i64, _>(1)?)
                .execute(&mut *tx)
                .await?;
            }
        }
        // The merge that joined this spelling was wrong; it goes.
        let merges = sqlx::query("SELECT id, name FROM person_merges WHERE person_id = $1")
            .bind(person)
            .fetch_all(&mut *tx)
            .await?;
        for row in merges {
            let spelled: String = row.try_get(1)?;
            if name_key(&spelled) == key {
                sqlx::query("DELETE FROM person_merges WHERE id = $1")
                    .bind(row.try_get::<i64, _>(0)?)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        decide(&mut tx, &key, new, "split", &stamp).await?;
        // The person's own name may have been the spelling that left.
        let remaining =
            sqlx::query("SELECT name FROM person_names WHERE person_id = $1 ORDER BY name")
                .bind(person)
                .fetch_one(&mut *tx)
                .await?;
        let current: String = person_name(&mut tx, person).await?;
        if name_key(&current) == key {
            sqlx::query("UPDATE persons SET name = $1 WHERE id = $2")
                .bind(remaining.try_get::<String, _>(0)?)
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        let mut touched = BTreeSet::new();
        for p in [person, new] {
            sqlx::query("DELETE FROM memberships WHERE person_id = $1")
                .bind(p)
                .execute(&mut *tx)
                .await?;
            touched.extend(person_forums(&mut tx, p).await?.into_iter().map(|f| (f, p)));
        }
        refresh_memberships(&mut tx, &touched).await?;
        tx.commit().await?;
        Ok(new)
    }
}

async fn person_name(tx: &mut Tx<'_>, id: i64) -> Result<String, ArchiveError> {
    match sqlx::query("SELECT name FROM persons WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
    {
        Some(row) => Ok(row.try_get(0)?),
        None => Err(ArchiveError::NoSuchPerson(id)),
    }
}

async fn person_forums(tx: &mut Tx<'_>, person: i64) -> Result<Vec<i64>, ArchiveError> {
    let rows = sqlx::query(
        "SELECT DISTINCT m.forum_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
         WHERE a.person_id = $1 AND m.forum_id IS NOT NULL",
    )
    .bind(person)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| r.try_get(0).map_err(ArchiveError::from))
        .collect()
}

async fn decide(
    tx: &mut Tx<'_>,
    key: &str,
    person: i64,
    decision: &str,
    stamp: &str,
) -> Result<(), ArchiveError> {
    sqlx::query(
        "INSERT INTO name_decisions (key, person_id, decision, made_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET person_id = excluded.person_id, \
         decision = excluded.decision, made_at = excluded.made_at",
    )
    .bind(key)
    .bind(person)
    .bind(decision)
    .bind(stamp)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn size(doc: &SourceDocument) -> i64 {
    i64::try_from(doc.size).unwrap_or(i64::MAX)
}

async fn insert_document(
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
async fn clear_contents(tx: &mut Tx<'_>, meeting: i64) -> Result<Vec<(i64, i64)>, ArchiveError> {
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

async fn update_meeting(
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

/// The persons of a meeting's participants, in order: one query for the names the
/// archive knows (hand decisions first), the loose rule for the others.
async fn resolve_people(
    tx: &mut Tx<'_>,
    meeting: &Meeting,
    forum: Option<i64>,
) -> Result<Vec<i64>, ArchiveError> {
    let keys: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| name_key(&p.name))
        .collect();
    let mut known: HashMap<String, (i64, bool)> = HashMap::new();
    let mut distinct: Vec<&String> = keys.iter().collect();
    distinct.sort();
    distinct.dedup();
    for chunk in distinct.chunks(MAX_ROWS) {
        let list = placeholders(1, chunk.len());
        let sql = format!(
            "SELECT key, person_id, 1 FROM name_decisions WHERE key IN ({list}) \
             UNION ALL SELECT key, person_id, 0 FROM person_names WHERE key IN ({list})"
        );
        let mut query = sqlx::query(&sql);
        for key in chunk {
            query = query.bind(key.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let (key, person, decided): (String, i64, i64) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            let entry = known.entry(key).or_insert((person, decided != 0));
            if decided != 0 {
                *entry = (person, true);
            }
        }
    }
    let mut persons = Vec::with_capacity(keys.len());
    for (p, key) in meeting.participants.iter().zip(&keys) {
        let person = match known.get(key) {
            Some(&(person, _)) => person,
            None => {
                let person = new_spelling(tx, &p.name, key, forum).await?;
                known.insert(key.clone(), (person, false));
                person
            }
        };
        persons.push(person);
    }
    Ok(persons)
}

/// `$from, $from+1, …` for `n` values.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows per multi-row statement: well under both backends' limits on bound values.
const MAX_ROWS: usize = 200;

/// The person a spelling the archive has not seen stands for: the one loose rule
/// (recorded as a merge), or a new person.
async fn new_spelling(
    tx: &mut Tx<'_>,
    name: &str,
    key: &str,
    forum: Option<i64>,
) -> Result<i64, ArchiveError> {
    let key = key.to_string();
    let first = key.split(' ').next().unwrap_or("").to_string();
    let mut found: Option<(i64, String)> = None;
    let mut ambiguous = false;
    if let Some(f) = forum {
        let rows = sqlx::query(
            "SELECT pn.person_id, pn.key FROM person_names pn WHERE pn.first = $1 \
             AND NOT EXISTS (SELECT 1 FROM name_decisions d WHERE d.key = pn.key AND d.decision = 'split') \
             AND EXISTS (SELECT 1 FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
                         WHERE a.person_id = pn.person_id AND m.forum_id = $2)",
        )
        .bind(&first)
        .bind(f)
        .fetch_all(&mut **tx)
        .await?;
        for row in rows {
            let (person, candidate): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
            if let Some(reason) = loose_match(&key, &candidate) {
                match &found {
                    Some((p, _)) if *p != person => ambiguous = true,
                    _ => found = Some((person, reason)),
                }
            }
        }
    }
    let stamp = now();
    let person = match found {
        Some((person, reason)) if !ambiguous => {
            let forum_name: String = sqlx::query("SELECT name FROM forums WHERE id = $1")
                .bind(forum)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?;
            sqlx::query(
                "INSERT INTO person_merges (person_id, name, reason, manual, made_at) \
                 VALUES ($1, $2, $3, 0, $4)",
            )
            .bind(person)
            .bind(name)
            .bind(format!("{reason}; the same first name, in {forum_name}"))
            .bind(&stamp)
            .execute(&mut **tx)
            .await?;
            person
        }
        _ => sqlx::query("INSERT INTO persons (name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?,
    };
    sqlx::query("INSERT INTO person_names (person_id, name, key, first) VALUES ($1, $2, $3, $4)")
        .bind(person)
        .bind(name)
        .bind(&key)
        .bind(&first)
        .execute(&mut **tx)
        .await?;
    Ok(person)
}

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds `$2` to `$12` of the meetings statements: the columns a record gives.
fn bind_meeting<'q>(
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

/// A value bound into a multi-row insert.
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

fn int(v: i64) -> Val {
    Val::Int(Some(v))
}

fn text(v: &str) -> Val {
    Val::Text(Some(v.to_string()))
}

/// Inserts rows of equal width with as few statements as the limits allow: one
/// round trip per statement is what an import's time goes to.
async fn insert_rows(tx: &mut Tx<'_>, head: &str, rows: Vec<Vec<Val>>) -> Result<(), ArchiveError> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(MAX_ROWS).collect();
        let values = (0..chunk.len())
            .map(|r| format!("({})", placeholders(r * width + 1, width)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("{head} VALUES {values}");
        let mut query = sqlx::query(&sql);
        for value in chunk.into_iter().flatten() {
            query = match value {
                Val::Int(v) => query.bind(v),
                Val::Text(v) => query.bind(v),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the participants, items and warnings of a meeting; `item_ids` restores the
/// ids of an export, `None` numbers items anew.
pub(crate) async fn write_contents(
    tx: &mut Tx<'_>,
    meeting_id: i64,
    meeting: &Meeting,
    persons: &[i64],
    item_ids: Option<&[i64]>,
) -> Result<(), ArchiveError> {
    let attendance = meeting
        .participants
        .iter()
        .zip(persons)
        .enumerate()
        .map(|(pos, (p, person))| {
            vec![
                int(meeting_id),
                int(pos as i64),
                int(*person),
                text(&p.name),
                Val::Text(p.group.clone()),
                Val::Text(p.role.clone()),
                text(p.attendance.as_str()),
                Val::Text(p.substitute_for.clone()),
                Val::Text(serde_json::to_string(&p.items).ok()),
                Val::Int(p.lines.map(|l| i64::from(l.first))),
                Val::Int(p.lines.map(|l| i64::from(l.last))),
                Val::Text(p.source.map(|s| s.as_str().to_string())),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO attendance (meeting_id, position, person_id, name, grp, role, \
         attendance, substitute_for, items, first_line, last_line, source)",
        attendance,
    )
    .await?;
    // Item ids are taken here rather than by the database, so that the items of a
    // meeting go in with one statement and their sections know their ids.
    let first_id: i64 = match item_ids {
        Some(_) => 0,
        None => sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 FROM items")
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?,
    };
    let ids: Vec<i64> = (0..meeting.items.len())
        .map(|pos| match item_ids {
            Some(ids) => ids.get(pos).copied().unwrap_or_default(),
            None => first_id + pos as i64,
        })
        .collect();
    let mut items = Vec::new();
    let (mut sections, mut recommendations, mut presenters, mut attachments) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (pos, (item, &item_id)) in meeting.items.iter().zip(&ids).enumerate() {
        items.push(vec![
            int(item_id),
            int(meeting_id),
            int(pos as i64),
            // An item the document does not number is stored with an empty number
            // (the column predates unnumbered items and SQLite cannot relax it); the
            // readers turn it back into `None`, or into the item's place for display.
            text(item.number.as_deref().unwrap_or("")),
            text(&item.title),
            Val::Text(item.start.map(|t| t.to_string())),
            Val::Text(item.end.map(|t| t.to_string())),
            Val::Int(item.duration_min.map(i64::from)),
            Val::Text(item.decision.clone()),
            int(i64::from(item.closed)),
            Val::Int(item.lines.map(|l| i64::from(l.first))),
            Val::Int(item.lines.map(|l| i64::from(l.last))),
            Val::Text(item.source.map(|s| s.as_str().to_string())),
        ]);
        for (i, s) in item.sections.iter().enumerate() {
            sections.push(vec![
                int(item_id),
                int(i as i64),
                Val::Text(s.heading.clone()),
                text(&s.text),
            ]);
        }
        for (i, r) in item.recommendations.iter().enumerate() {
            recommendations.push(vec![
                int(item_id),
                int(i as i64),
                text(&r.text),
                text(r.outcome.as_str()),
                Val::Text(r.outcome_source.map(|s| s.as_str().to_string())),
            ]);
        }
        for (i, name) in item.presenters.iter().enumerate() {
            presenters.push(vec![int(item_id), int(i as i64), text(name)]);
        }
        for (i, title) in item.attachments.iter().enumerate() {
            attachments.push(vec![int(item_id), int(i as i64), text(title)]);
        }
    }
    insert_rows(
        tx,
        "INSERT INTO items (id, meeting_id, position, number, title, start_time, end_time, \
         duration_min, decision, closed, first_line, last_line, source)",
        items,
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO sections (item_id, position, heading, body)",
        sections,
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO recommendations (item_id, position, body, outcome, outcome_source)",
        recommendations,
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO presenters (item_id, position, name)",
        presenters,
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO attachments (item_id, position, title)",
        attachments,
    )
    .await?;
    let warnings = meeting
        .warnings
        .iter()
        .enumerate()
        .map(|(pos, w)| {
            vec![
                int(meeting_id),
                int(pos as i64),
                text(w.kind.code()),
                Val::Int(w.line.map(i64::from)),
                text(&w.message),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO warnings (meeting_id, position, kind, line, message)",
        warnings,
    )
    .await?;
    Ok(())
}

/// A referat supersedes the dagsorden of its meeting, whichever came first.
async fn supersede(
    tx: &mut Tx<'_>,
    id: i64,
    forum: Option<i64>,
    date: Option<&str>,
    kind: Kind,
) -> Result<(), ArchiveError> {
    let (Some(forum), Some(date)) = (forum, date) else {
        return Ok(());
    };
    match kind {
        Kind::Referat => {
            sqlx::query(
                "UPDATE meetings SET superseded_by = $1 \
                 WHERE forum_id = $2 AND date = $3 AND kind = 'dagsorden'",
            )
            .bind(id)
            .bind(forum)
            .bind(date)
            .execute(&mut **tx)
            .await?;
        }
        Kind::Dagsorden => {
            sqlx::query(
                "UPDATE meetings SET superseded_by = (SELECT MIN(r.id) FROM meetings r \
                 WHERE r.forum_id = $2 AND r.date = $3 AND r.kind = 'referat') WHERE id = $1",
            )
            .bind(id)
            .bind(forum)
            .bind(date)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Whether meeting `id` is the only one of its forum on its date (or has no date), so
/// that nothing supersedes it and it supersedes nothing.
async fn alone_on_its_day(
    tx: &mut Tx<'_>,
    id: i64,
    forum: i64,
    date: Option<&str>,
) -> Result<bool, ArchiveError> {
    let Some(date) = date else { return Ok(true) };
    let others: i64 =
        sqlx::query("SELECT COUNT(*) FROM meetings WHERE forum_id = $1 AND date = $2 AND id <> $3")
            .bind(forum)
            .bind(date)
            .bind(id)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
    Ok(others == 0)
}

/// Adds one meeting that counts to the memberships of the people who attended it, as
/// [`refresh_memberships`] would count it: a meeting more for each of a person's roles
/// in it, and the first and last dates widened to its date (undated meetings widen
/// nothing, as `MIN` and `MAX` pass over them).
async fn add_to_memberships(
    tx: &mut Tx<'_>,
    meeting: i64,
    forum: i64,
    date: Option<&str>,
) -> Result<(), ArchiveError> {
    let rows = sqlx::query(
        "SELECT DISTINCT person_id, COALESCE(role, '') FROM attendance WHERE meeting_id = $1",
    )
    .bind(meeting)
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        let (person, role): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        sqlx::query(
            "INSERT INTO memberships (person_id, forum_id, organisation, first_seen, \
             last_seen, meetings, role) VALUES ($1, $2, $3, $4, $4, 1, $5) \
             ON CONFLICT (person_id, forum_id, role) DO UPDATE SET \
             first_seen = CASE WHEN excluded.first_seen IS NULL THEN memberships.first_seen \
               WHEN memberships.first_seen IS NULL OR excluded.first_seen < memberships.first_seen \
               THEN excluded.first_seen ELSE memberships.first_seen END, \
             last_seen = CASE WHEN excluded.last_seen IS NULL THEN memberships.last_seen \
               WHEN memberships.last_seen IS NULL OR excluded.last_seen > memberships.last_seen \
               THEN excluded.last_seen ELSE memberships.last_seen END, \
             meetings = memberships.meetings + 1",
        )
        .bind(person)
        .bind(forum)
        .bind(organisation(&role))
        .bind(date)
        .bind(role)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Recomputes the memberships of these (forum, person) pairs from the meetings that
/// count (not superseded).
pub(crate) async fn refresh_memberships(
    tx: &mut Tx<'_>,
    pairs: &BTreeSet<(i64, i64)>,
) -> Result<(), ArchiveError> {
    let mut by_forum: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for &(forum, person) in pairs {
        by_forum.entry(forum).or_default().push(person);
    }
    for (forum, persons) in by_forum {
        for chunk in persons.chunks(MAX_ROWS) {
            let list = placeholders(2, chunk.len());
            let delete =
                format!("DELETE FROM memberships WHERE forum_id = $1 AND person_id IN ({list})");
            let select = format!(
                "SELECT a.person_id, COALESCE(a.role, ''), MIN(m.date), MAX(m.date), \
                 COUNT(DISTINCT m.id) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
                 WHERE m.forum_id = $1 AND a.person_id IN ({list}) AND m.superseded_by IS NULL \
                 GROUP BY a.person_id, COALESCE(a.role, '')"
            );
            let mut query = sqlx::query(&delete).bind(forum);
            for p in chunk {
                query = query.bind(*p);
            }
            query.execute(&mut **tx).await?;
            let mut query = sqlx::query(&select).bind(forum);
            for p in chunk {
                query = query.bind(*p);
            }
            let mut rows = Vec::new();
            for row in query.fetch_all(&mut **tx).await? {
                let role: String = row.try_get(1)?;
                rows.push(vec![
                    int(row.try_get(0)?),
                    int(forum),
                    Val::Text(organisation(&role)),
                    Val::Text(row.try_get(2)?),
                    Val::Text(row.try_get(3)?),
                    int(row.try_get(4)?),
                    Val::Text(Some(role)),
                ]);
            }
            insert_rows(
                tx,
                "INSERT INTO memberships (person_id, forum_id, organisation, first_seen, \
                 last_seen, meetings, role)",
                rows,
            )
            .await?;
        }
    }
    Ok(())
}

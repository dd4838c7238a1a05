//! People across documents: who is who, the spellings taken for one person and why,
//! and the corrections an editor makes by hand (merge, split), which later imports keep.

use std::collections::{BTreeSet, HashMap};

use referat_model::Meeting;
use sqlx::Row;

use super::Tx;
use super::memberships::refresh_memberships;
use super::rows::{MAX_ROWS, placeholders};
use crate::changes;
use crate::identity::{loose_match, name_key};
use crate::{Archive, ArchiveError, now};

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
        let mut tx = self.begin_write().await?;
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
        // The index holds each meeting's people by name: `other`'s meetings, now
        // `keep`'s, show other names.
        let changed = meetings_attended(&mut tx, &[keep]).await?;
        changes::record(&mut tx, Some(&changed)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the spelling `name` away from `person` as a person of its own, by hand;
    /// the spelling is never matched loosely again. Returns the new person's id.
    pub async fn split_person(&self, person: i64, name: &str) -> Result<i64, ArchiveError> {
        let key = name_key(name);
        let mut tx = self.begin_write().await?;
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
        let changed = meetings_attended(&mut tx, &[person, new]).await?;
        changes::record(&mut tx, Some(&changed)).await?;
        tx.commit().await?;
        Ok(new)
    }
}

/// The meetings these people are listed for.
async fn meetings_attended(
    tx: &mut Tx<'_>,
    persons: &[i64],
) -> Result<BTreeSet<i64>, ArchiveError> {
    let mut meetings = BTreeSet::new();
    for &p in persons {
        for row in sqlx::query("SELECT DISTINCT meeting_id FROM attendance WHERE person_id = $1")
            .bind(p)
            .fetch_all(&mut **tx)
            .await?
        {
            meetings.insert(row.try_get(0)?);
        }
    }
    Ok(meetings)
}

pub(super) async fn person_name(tx: &mut Tx<'_>, id: i64) -> Result<String, ArchiveError> {
    match sqlx::query("SELECT name FROM persons WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
    {
        Some(row) => Ok(row.try_get(0)?),
        None => Err(ArchiveError::NoSuchPerson(id)),
    }
}

pub(super) async fn person_forums(tx: &mut Tx<'_>, person: i64) -> Result<Vec<i64>, ArchiveError> {
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

pub(super) async fn decide(
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

/// The persons of a meeting's participants, in order: one query for the names the
/// archive knows (hand decisions first), the loose rule for the others.
pub(super) async fn resolve_people(
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

/// Whether `person` is listed for any meeting of `forum`.
async fn sat_in(tx: &mut Tx<'_>, person: i64, forum: i64) -> Result<bool, ArchiveError> {
    Ok(sqlx::query(
        "SELECT 1 FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
         WHERE a.person_id = $1 AND m.forum_id = $2 LIMIT 1",
    )
    .bind(person)
    .bind(forum)
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

/// The person a spelling the archive has not seen stands for: the one loose rule
/// (recorded as a merge), or a new person.
pub(super) async fn new_spelling(
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
        // The spellings with this first name, the rule on each, and only for the few
        // it matches whether their person sat in the forum. Asked of every spelling
        // with the first name, that question walked each one's whole attendance, which
        // grows with the archive: at 10,000 meetings it was half the time of a
        // document's statements (docs/performance.md, issue 14).
        let rows = sqlx::query(
            "SELECT pn.person_id, pn.key FROM person_names pn WHERE pn.first = $1 \
             AND NOT EXISTS (SELECT 1 FROM name_decisions d WHERE d.key = pn.key AND d.decision = 'split')",
        )
        .bind(&first)
        .fetch_all(&mut **tx)
        .await?;
        for row in rows {
            let (person, candidate): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
            let Some(reason) = loose_match(&key, &candidate) else {
                continue;
            };
            if !sat_in(tx, person, f).await? {
                continue;
            }
            match &found {
                Some((p, _)) if *p != person => ambiguous = true,
                _ => found = Some((person, reason)),
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

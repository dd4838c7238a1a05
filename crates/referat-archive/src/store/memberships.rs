//! Memberships (seats) kept in step with the meetings that count: added to as a new
//! meeting comes in, recounted for the people and forums a change touches.

use std::collections::BTreeSet;

use sqlx::Row;

use super::Tx;
use super::rows::{MAX_ROWS, Val, insert_rows, int, placeholders};
use crate::ArchiveError;
use crate::identity::organisation;

/// Whether meeting `id` is the only one of its forum on its date (or has no date), so
/// that nothing supersedes it and it supersedes nothing.
pub(super) async fn alone_on_its_day(
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
pub(super) async fn add_to_memberships(
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

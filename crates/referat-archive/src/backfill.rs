//! Gives a stored record to the meetings imported before the archive kept one: each
//! is read back from its rows once, when the archive is opened, so that every reader
//! can take the record as the truth and the rows as its index.

use std::collections::HashMap;

use referat_model::{
    AgendaItem, Attachment, Meeting, Participant, Recommendation, Section, SourceLines, Warning,
    WarningKind, WrittenWeekday,
};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::read::{stored, stored_opt};
use crate::store::Tx;
use crate::{ArchiveError, Backend};

/// Writes the record of every meeting that has none, in one transaction; how many.
pub(crate) async fn give_records(pool: &AnyPool, backend: Backend) -> Result<usize, ArchiveError> {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM meetings WHERE record IS NULL ORDER BY id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::begin_write(pool, backend).await?;
    for &id in &ids {
        let record = from_rows(&mut tx, id).await?;
        let json = serde_json::to_string(&record)
            .map_err(|e| ArchiveError::Corrupt(format!("meeting {id}: {e}")))?;
        sqlx::query("UPDATE meetings SET record = $1 WHERE id = $2")
            .bind(json)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// A span of source lines from two nullable columns.
fn lines(row: &AnyRow, first: usize) -> Result<Option<SourceLines>, ArchiveError> {
    let first_line: Option<i64> = row.try_get(first)?;
    let last_line: Option<i64> = row.try_get(first + 1)?;
    Ok(match (first_line, last_line) {
        (Some(f), Some(l)) => Some(SourceLines::new(
            u32::try_from(f).unwrap_or(0),
            u32::try_from(l).unwrap_or(0),
        )),
        _ => None,
    })
}

/// A meeting's record as its rows hold it.
async fn from_rows(tx: &mut Tx<'_>, id: i64) -> Result<Meeting, ArchiveError> {
    let corrupt = |what: &str| ArchiveError::Corrupt(format!("meeting {id}: {what}"));
    let m = sqlx::query(
        "SELECT kind, body, date, weekday, start_time, end_time, location, chair \
         FROM meetings WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let mut meeting = Meeting::new(stored(&m, 0)?);
    meeting.body = m.try_get(1)?;
    meeting.date = stored_opt(&m, 2)?;
    let weekday: Option<String> = m.try_get(3)?;
    meeting.weekday = weekday.as_deref().and_then(WrittenWeekday::parse);
    meeting.start = stored_opt(&m, 4)?;
    meeting.end = stored_opt(&m, 5)?;
    meeting.location = m.try_get(6)?;
    meeting.chair = m.try_get(7)?;

    for r in sqlx::query(
        "SELECT name, grp, role, attendance, substitute_for, items, first_line, last_line, \
         source FROM attendance WHERE meeting_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    {
        let items: Option<String> = r.try_get(5)?;
        meeting.participants.push(Participant {
            name: r.try_get(0)?,
            group: r.try_get(1)?,
            role: r.try_get(2)?,
            attendance: stored(&r, 3)?,
            substitute_for: r.try_get(4)?,
            items: match items {
                Some(json) => {
                    serde_json::from_str(&json).map_err(|_| corrupt("attendance items"))?
                }
                None => Vec::new(),
            },
            source: stored_opt(&r, 8)?,
            lines: lines(&r, 6)?,
        });
    }

    let item_rows = sqlx::query(
        "SELECT id, NULLIF(number, ''), title, start_time, end_time, duration_min, decision, \
         closed, first_line, last_line, source FROM items WHERE meeting_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let mut children: HashMap<i64, AgendaItem> = HashMap::new();
    let mut order = Vec::with_capacity(item_rows.len());
    for r in &item_rows {
        let item_id: i64 = r.try_get(0)?;
        let duration: Option<i64> = r.try_get(5)?;
        let closed: i64 = r.try_get(7)?;
        let item = AgendaItem {
            number: r.try_get(1)?,
            title: r.try_get(2)?,
            start: stored_opt(r, 3)?,
            end: stored_opt(r, 4)?,
            duration_min: duration.and_then(|d| u32::try_from(d).ok()),
            presenters: Vec::new(),
            recommendations: Vec::new(),
            decision: r.try_get(6)?,
            attachments: Vec::new(),
            sections: Vec::new(),
            closed: closed != 0,
            source: stored_opt(r, 10)?,
            lines: lines(r, 8)?,
        };
        children.insert(item_id, item);
        order.push(item_id);
    }
    // The four child tables of the items in one query, rows by table, item and place.
    let of_meeting = "item_id IN (SELECT id FROM items WHERE meeting_id = $1)";
    for r in sqlx::query(&format!(
        "SELECT CAST(0 AS BIGINT), item_id, position, name, NULL, NULL FROM presenters WHERE {of_meeting} \
         UNION ALL SELECT 1, item_id, position, title, link, NULL FROM attachments WHERE {of_meeting} \
         UNION ALL SELECT 2, item_id, position, body, outcome, outcome_source FROM recommendations WHERE {of_meeting} \
         UNION ALL SELECT 3, item_id, position, body, heading, NULL FROM sections WHERE {of_meeting} \
         ORDER BY 1, 2, 3"
    ))
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    {
        let table: i64 = r.try_get(0)?;
        let Some(item) = children.get_mut(&r.try_get(1)?) else {
            continue;
        };
        let text: String = r.try_get(3)?;
        match table {
            0 => item.presenters.push(text),
            1 => item.attachments.push(Attachment {
                title: text,
                link: r.try_get(4)?,
            }),
            2 => item.recommendations.push(Recommendation {
                text,
                outcome: stored(&r, 4)?,
                outcome_source: stored_opt(&r, 5)?,
            }),
            _ => item.sections.push(Section {
                heading: r.try_get(4)?,
                text,
            }),
        }
    }
    meeting.items = order
        .iter()
        .filter_map(|item_id| children.remove(item_id))
        .collect();

    for w in sqlx::query(
        "SELECT kind, line, message FROM warnings WHERE meeting_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    {
        let kind: String = w.try_get(0)?;
        let line: Option<i64> = w.try_get(1)?;
        meeting.warnings.push(Warning::new(
            WarningKind::from_code(&kind),
            line.and_then(|l| u32::try_from(l).ok()),
            w.try_get::<String, _>(2)?,
        ));
    }
    Ok(meeting)
}

//! The rows of a meeting written from its record: attendance, items and their
//! sections, recommendations, presenters and attachments, and warnings, each table in
//! as few multi-row statements as the limits allow. The rows are the index the queries
//! need; the record stored with the meeting is the truth.

use referat_model::Meeting;
use sqlx::Row;

use super::Tx;
use crate::ArchiveError;

/// `$from, $from+1, …` for `n` values.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows per multi-row statement: well under both backends' limits on bound values.
pub(super) const MAX_ROWS: usize = 200;

/// A value bound into a multi-row insert.
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

pub(super) fn int(v: i64) -> Val {
    Val::Int(Some(v))
}

pub(super) fn text(v: &str) -> Val {
    Val::Text(Some(v.to_string()))
}

/// Inserts rows of equal width with as few statements as the limits allow: one
/// round trip per statement is what an import's time goes to.
pub(super) async fn insert_rows(
    tx: &mut Tx<'_>,
    head: &str,
    rows: Vec<Vec<Val>>,
) -> Result<(), ArchiveError> {
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
        for (i, a) in item.attachments.iter().enumerate() {
            attachments.push(vec![
                int(item_id),
                int(i as i64),
                text(&a.title),
                Val::Text(a.link.clone()),
            ]);
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
        "INSERT INTO attachments (item_id, position, title, link)",
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

//! Agenda items as search and the web read them: with their meeting's forum, date and
//! kind, and the people of the meeting. Closed items and superseded dagsordener are
//! never returned: what is not public is never handed on.

use std::collections::HashMap;

use referat_model::{Date, Kind, Outcome};
use sqlx::Row;

use crate::read::{stored, stored_opt};
use crate::{Archive, ArchiveError};

/// One public agenda item with what a search needs to find, filter and show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicItem {
    pub item: i64,
    pub meeting: i64,
    pub forum: Option<String>,
    pub date: Option<Date>,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    /// Section texts, recommendations and the decision, in document order.
    pub body: Vec<String>,
    pub outcomes: Vec<Outcome>,
    /// Who took part in the meeting (not absent), and who presented the item.
    pub people: Vec<String>,
    /// The texts of the item's attachments the archive keeps (fetched from a portal).
    pub attachments: Vec<String>,
}

impl Archive {
    /// The meetings these meetings supersede: a search index must drop them when
    /// these come in.
    pub async fn superseded_by(&self, meetings: &[i64]) -> Result<Vec<i64>, ArchiveError> {
        if meetings.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(meetings);
        let rows = sqlx::query(&format!(
            "SELECT id FROM meetings WHERE superseded_by IN ({list}) ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get(0).map_err(ArchiveError::from))
            .collect()
    }

    /// The meetings a person took part in or is listed for.
    pub async fn meetings_of(&self, person: i64) -> Result<Vec<i64>, ArchiveError> {
        let rows = sqlx::query(
            "SELECT DISTINCT meeting_id FROM attendance WHERE person_id = $1 ORDER BY meeting_id",
        )
        .bind(person)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get(0).map_err(ArchiveError::from))
            .collect()
    }

    /// The public items of these meetings, or of every meeting with `None`.
    pub async fn public_items(
        &self,
        meetings: Option<&[i64]>,
    ) -> Result<Vec<PublicItem>, ArchiveError> {
        let mut conn = self.pool.acquire().await?;
        let filter = match meetings {
            Some([]) => return Ok(Vec::new()),
            Some(ids) => format!(" AND m.id IN ({})", id_list(ids)),
            None => String::new(),
        };
        let rows = sqlx::query(&format!(
            "SELECT i.id, m.id, f.name, m.date, m.kind, \
             {}, i.title, i.decision \
             FROM public_items i JOIN meetings m ON m.id = i.meeting_id LEFT JOIN forums f ON f.id = m.forum_id \
             WHERE m.superseded_by IS NULL{filter} ORDER BY i.id",
            label_sql("i.")
        ))
        .fetch_all(&mut *conn)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        let mut index = HashMap::new();
        for row in rows {
            let item: i64 = row.try_get(0)?;
            index.insert(item, items.len());
            items.push((
                PublicItem {
                    item,
                    meeting: row.try_get(1)?,
                    forum: row.try_get(2)?,
                    date: stored_opt(&row, 3)?,
                    kind: stored(&row, 4)?,
                    number: row.try_get(5)?,
                    title: row.try_get(6)?,
                    body: Vec::new(),
                    outcomes: Vec::new(),
                    people: Vec::new(),
                    attachments: Vec::new(),
                },
                row.try_get::<Option<String>, _>(7)?,
            ));
        }
        let item_filter = filter.replace("m.id", "i.meeting_id");
        // The three child tables in one query, by table, item and position: an item's
        // sections come before its recommendations in its text.
        let of_public = |child: &str| {
            format!(
                "FROM {child} c JOIN public_items i ON i.id = c.item_id WHERE 1 = 1{item_filter}"
            )
        };
        for row in sqlx::query(&format!(
            "SELECT CAST(0 AS BIGINT), c.item_id, c.position, c.body, NULL {} \
             UNION ALL SELECT 1, c.item_id, c.position, c.body, c.outcome {} \
             UNION ALL SELECT 2, c.item_id, c.position, c.name, NULL {} ORDER BY 1, 2, 3",
            of_public("sections"),
            of_public("recommendations"),
            of_public("presenters"),
        ))
        .fetch_all(&mut *conn)
        .await?
        {
            let table: i64 = row.try_get(0)?;
            let Some((it, _)) = index.get(&row.try_get(1)?).and_then(|&i| items.get_mut(i)) else {
                continue;
            };
            let text: String = row.try_get(3)?;
            match table {
                0 => it.body.push(text),
                1 => {
                    it.body.push(text);
                    let outcome: Outcome = stored(&row, 4)?;
                    if !it.outcomes.contains(&outcome) {
                        it.outcomes.push(outcome);
                    }
                }
                _ => it.people.push(text),
            }
        }
        let mut attachment_texts = crate::attachments::attachment_texts(&mut conn, &filter).await?;
        let meeting_filter = filter.replace("m.id", "a.meeting_id");
        let mut people: HashMap<i64, Vec<String>> = HashMap::new();
        for row in sqlx::query(&format!(
            "SELECT a.meeting_id, p.name FROM attendance a JOIN persons p ON p.id = a.person_id \
             WHERE a.attendance <> 'absent'{meeting_filter} ORDER BY a.meeting_id, a.position"
        ))
        .fetch_all(&mut *conn)
        .await?
        {
            people
                .entry(row.try_get(0)?)
                .or_default()
                .push(row.try_get(1)?);
        }
        Ok(items
            .into_iter()
            .map(|(mut it, decision)| {
                // The decision is mostly a section of its own already.
                if let Some(d) = decision.filter(|d| !it.body.contains(d)) {
                    it.body.push(d);
                }
                if let Some(texts) = attachment_texts.remove(&it.item) {
                    it.attachments = texts;
                }
                if let Some(names) = people.get(&it.meeting) {
                    for n in names {
                        if !it.people.contains(n) {
                            it.people.push(n.clone());
                        }
                    }
                }
                it
            })
            .collect())
    }
}

/// The number an item is shown with, in SQL over `items` (its columns written with
/// `prefix`, such as `i.`): its own, or its place in the meeting where the document
/// numbers nothing, as `AgendaItem::label` gives it.
pub(crate) fn label_sql(prefix: &str) -> String {
    format!(
        "CASE WHEN {prefix}number = '' THEN CAST({prefix}position + 1 AS TEXT) ELSE {prefix}number END"
    )
}

/// Ids written into SQL as a list: they are integers, so nothing can be injected, and
/// a list of any length needs no placeholders.
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

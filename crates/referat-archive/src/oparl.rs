//! The archive as the OParl API reads it: pages of meetings, agenda items, forums,
//! persons, memberships, places and files, each with the `created` and `modified`
//! stamps OParl filters on, read in a fixed number of queries per page (never one per
//! object).
//!
//! What is not public is never handed out: closed items are left out everywhere, and
//! a file only when it is the current source of a meeting without closed items. A
//! dagsorden superseded by its referat is handed out only as `superseded_by` (the API
//! shows it as a deleted object pointing at the referat).
//!
//! Stamps are the archive's RFC 3339 UTC text; filters compare them as text, so a
//! caller passes bounds in the same form (`2025-01-31T12:00:00Z`).

use std::collections::HashMap;

use referat_model::Meeting;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::items::id_list;
use crate::{Archive, ArchiveError, ForumRef, sha256_hex};

/// Which objects a list page holds: the OParl filters, a cursor and a page size.
#[derive(Clone, Debug, Default)]
pub struct OparlWindow {
    pub created_since: Option<String>,
    pub created_until: Option<String>,
    pub modified_since: Option<String>,
    pub modified_until: Option<String>,
    /// Objects after this id (exclusive), in id order.
    pub after: Option<i64>,
    /// Skip this many objects (memberships, which have no single numeric id).
    pub offset: i64,
    pub limit: i64,
    /// Meetings of this forum only (`Organization.meeting`).
    pub forum: Option<i64>,
}

impl OparlWindow {
    /// OParl lists deleted objects only to a client that asks what changed since a
    /// time.
    fn with_deleted(&self) -> bool {
        self.modified_since.is_some()
    }

    /// The stamp filters as SQL over the expressions `created` and `modified`, with
    /// their bind values in order; placeholders start at `$first`.
    fn stamp_filters(&self, created: &str, modified: &str) -> (Vec<String>, Vec<String>) {
        let mut conditions = Vec::new();
        let mut binds = Vec::new();
        for (value, column, op) in [
            (&self.created_since, created, ">="),
            (&self.created_until, created, "<="),
            (&self.modified_since, modified, ">="),
            (&self.modified_until, modified, "<="),
        ] {
            if let Some(v) = value {
                binds.push(v.clone());
                conditions.push(format!("{column} {op} ${}", binds.len()));
            }
        }
        (conditions, binds)
    }
}

/// A meeting as OParl shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlMeeting {
    pub id: i64,
    pub forum: Option<ForumRef>,
    pub kind: String,
    pub date: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub location: Option<String>,
    pub chair: Option<String>,
    /// The referat that supersedes this dagsorden: the meeting is then shown only as
    /// deleted, and nothing else of it is loaded.
    pub superseded_by: Option<i64>,
    /// The dagsorden this referat supersedes.
    pub supersedes: Option<i64>,
    pub created: String,
    pub modified: String,
    pub participants: Vec<OparlParticipant>,
    /// Public items only.
    pub items: Vec<OparlItem>,
    /// This meeting's own source file, when it may be shown.
    pub file: Option<OparlFile>,
    /// The file of the dagsorden this referat supersedes, when it may be shown.
    pub agenda_file: Option<OparlFile>,
}

/// A participant as a meeting lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlParticipant {
    pub person: i64,
    pub name: String,
    pub group: Option<String>,
    pub role: Option<String>,
    /// `present`, `absent` or `partial`.
    pub attendance: String,
    pub substitute_for: Option<String>,
    /// The item numbers attended, for `partial`.
    pub items: Vec<String>,
}

/// A public agenda item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlItem {
    pub id: i64,
    pub meeting: i64,
    /// 0-based place among the meeting's public items (counting closed ones would
    /// show that there are some).
    pub position: i64,
    pub number: Option<String>,
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub decision: Option<String>,
    pub presenters: Vec<String>,
    pub attachments: Vec<String>,
    /// (text, outcome)
    pub recommendations: Vec<(String, String)>,
    /// (heading, text)
    pub sections: Vec<(Option<String>, String)>,
    /// The item's meeting is a superseded dagsorden.
    pub superseded: bool,
    pub created: String,
    pub modified: String,
}

/// A forum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlForum {
    pub id: i64,
    pub name: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// The keys of its memberships.
    pub memberships: Vec<String>,
}

/// A person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlPerson {
    pub id: i64,
    pub name: String,
    pub created: Option<String>,
    pub modified: Option<String>,
    pub memberships: Vec<OparlMembership>,
}

/// A seat: a person's role in a forum. `key` is `{person}-{forum}-{hash of role}`,
/// the same for the same data however often it is imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlMembership {
    pub key: String,
    pub person: i64,
    pub forum: i64,
    pub role: String,
    pub organisation: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub meetings: i64,
    pub created: Option<String>,
    pub modified: Option<String>,
}

/// A meeting's place (one per meeting: the archive keeps places as text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlLocation {
    /// The meeting's id.
    pub id: i64,
    pub description: String,
    pub superseded: bool,
    pub created: String,
    pub modified: String,
}

/// A source file that may be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OparlFile {
    pub id: i64,
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub imported_at: String,
    /// The meeting the file is of: the referat's id for a superseded dagsorden's file.
    pub meeting: i64,
    /// The kind of the record read from it (`dagsorden`, `referat`).
    pub kind: String,
}

/// A membership's key.
pub fn membership_key(person: i64, forum: i64, role: &str) -> String {
    let hash = sha256_hex(role.as_bytes());
    format!("{person}-{forum}-{}", hash.get(..10).unwrap_or(&hash))
}

/// The parts of a membership key, if it has the form.
fn parse_membership_key(key: &str) -> Option<(i64, i64)> {
    let mut parts = key.splitn(3, '-');
    let person = parts.next()?.parse().ok()?;
    let forum = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((person, forum))
}

/// A meeting's `created`: when its first file came in.
const MEETING_CREATED: &str = "COALESCE((SELECT MIN(d.imported_at) FROM documents d WHERE d.meeting_id = m.id), m.modified_at)";
/// A meeting's `modified`: its own stamp, or its referat's when that is newer (a
/// dagsorden is deleted, for OParl, when the referat comes).
const MEETING_MODIFIED: &str =
    "CASE WHEN s.modified_at > m.modified_at THEN s.modified_at ELSE m.modified_at END";

/// Two text columns of a child row.
type TextPair = (Option<String>, Option<String>);

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

async fn fetch(
    archive: &Archive,
    sql: &str,
    binds: &[String],
) -> Result<Vec<AnyRow>, ArchiveError> {
    let mut query = sqlx::query(sql);
    for b in binds {
        query = query.bind(b.clone());
    }
    Ok(query.fetch_all(&archive.pool).await?)
}

impl Archive {
    /// A page of meetings, current ones in full; superseded dagsordener only with
    /// `modified_since` (as deleted) and without their content.
    pub async fn oparl_meetings(&self, w: &OparlWindow) -> Result<Vec<OparlMeeting>, ArchiveError> {
        let mut conditions = vec![format!("m.id > {}", w.after.unwrap_or(0))];
        if !w.with_deleted() {
            conditions.push("m.superseded_by IS NULL".into());
        }
        if let Some(forum) = w.forum {
            conditions.push(format!("m.forum_id = {forum}"));
        }
        self.meeting_page(conditions, w).await
    }

    /// One meeting, whatever its state.
    pub async fn oparl_meeting(&self, id: i64) -> Result<Option<OparlMeeting>, ArchiveError> {
        let w = OparlWindow {
            limit: 1,
            ..OparlWindow::default()
        };
        Ok(self
            .meeting_page(vec![format!("m.id = {id}")], &w)
            .await?
            .into_iter()
            .next())
    }

    async fn meeting_page(
        &self,
        conditions: Vec<String>,
        w: &OparlWindow,
    ) -> Result<Vec<OparlMeeting>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        // The stamps are expressions: filtered in an outer query, as neither backend
        // lets WHERE name a column alias.
        let sql = format!(
            "SELECT * FROM (SELECT m.id, m.forum_id, f.name AS forum_name, m.kind, m.date, \
             m.start_time, m.end_time, m.location, m.chair, m.superseded_by, \
             (SELECT MIN(d.id) FROM meetings d WHERE d.superseded_by = m.id) AS supersedes, \
             {MEETING_CREATED} AS created, {MEETING_MODIFIED} AS modified, m.record \
             FROM meetings m LEFT JOIN forums f ON f.id = m.forum_id \
             LEFT JOIN meetings s ON s.id = m.superseded_by{}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&conditions),
            where_clause(&stamps),
            w.limit.max(0)
        );
        let rows = fetch(self, &sql, &binds).await?;
        let mut meetings = Vec::with_capacity(rows.len());
        // The stored records of the current meetings: their participants and items
        // come from there when every one has one (see `with_records`).
        let mut records = HashMap::new();
        for r in &rows {
            let superseded: Option<i64> = r.try_get(9)?;
            let record: Option<String> = r.try_get(13)?;
            if superseded.is_none() {
                records.insert(
                    r.try_get::<i64, _>(0)?,
                    record.and_then(|json| serde_json::from_str::<Meeting>(&json).ok()),
                );
            }
        }
        for r in &rows {
            let forum_id: Option<i64> = r.try_get(1)?;
            let forum_name: Option<String> = r.try_get(2)?;
            meetings.push(OparlMeeting {
                id: r.try_get(0)?,
                forum: forum_id
                    .zip(forum_name)
                    .map(|(id, name)| ForumRef { id, name }),
                kind: r.try_get(3)?,
                date: r.try_get(4)?,
                start: r.try_get(5)?,
                end: r.try_get(6)?,
                location: r.try_get(7)?,
                chair: r.try_get(8)?,
                superseded_by: r.try_get(9)?,
                supersedes: r.try_get(10)?,
                created: r.try_get(11)?,
                modified: r.try_get(12)?,
                participants: Vec::new(),
                items: Vec::new(),
                file: None,
                agenda_file: None,
            });
        }
        let current: Vec<i64> = meetings
            .iter()
            .filter(|m| m.superseded_by.is_none())
            .map(|m| m.id)
            .collect();
        if current.is_empty() {
            return Ok(meetings);
        }
        let list = id_list(&current);
        let records: Option<HashMap<i64, Meeting>> = records
            .into_iter()
            .map(|(id, record)| record.map(|r| (id, r)))
            .collect();
        let (mut participants, mut items) = match records {
            Some(records) => self.with_records(&meetings, records, &list).await?,
            None => (
                self.participants_of(&list).await?,
                self.items_where(&format!("i.meeting_id IN ({list})"), false)
                    .await?,
            ),
        };
        let files = self
            .files_where(&format!(
                "(m.id IN ({list}) OR m.superseded_by IN ({list}))"
            ))
            .await?;
        let mut items_by_meeting: HashMap<i64, Vec<OparlItem>> = HashMap::new();
        for item in items.drain(..) {
            items_by_meeting.entry(item.meeting).or_default().push(item);
        }
        for m in meetings.iter_mut().filter(|m| m.superseded_by.is_none()) {
            m.participants = participants.remove(&m.id).unwrap_or_default();
            m.items = items_by_meeting.remove(&m.id).unwrap_or_default();
            for (source, file) in &files {
                if *source == m.id {
                    m.file = Some(file.clone());
                } else if file.meeting == m.id {
                    m.agenda_file = Some(file.clone());
                }
            }
        }
        Ok(meetings)
    }

    /// The participants and public items of a page of current meetings from their
    /// stored records: two queries for the ids of persons and items, where reading
    /// them from their rows takes six and moves every text through them.
    async fn with_records(
        &self,
        meetings: &[OparlMeeting],
        mut records: HashMap<i64, Meeting>,
        list: &str,
    ) -> Result<(HashMap<i64, Vec<OparlParticipant>>, Vec<OparlItem>), ArchiveError> {
        let mut persons: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in fetch(
            self,
            &format!(
                "SELECT meeting_id, person_id FROM attendance WHERE meeting_id IN ({list}) \
                 ORDER BY meeting_id, position"
            ),
            &[],
        )
        .await?
        {
            persons
                .entry(r.try_get(0)?)
                .or_default()
                .push(r.try_get(1)?);
        }
        let mut item_ids: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in fetch(
            self,
            &format!(
                "SELECT meeting_id, id FROM items WHERE meeting_id IN ({list}) \
                 ORDER BY meeting_id, position"
            ),
            &[],
        )
        .await?
        {
            item_ids
                .entry(r.try_get(0)?)
                .or_default()
                .push(r.try_get(1)?);
        }
        let mut participants = HashMap::new();
        let mut items = Vec::new();
        for m in meetings.iter().filter(|m| m.superseded_by.is_none()) {
            let Some(record) = records.remove(&m.id) else {
                continue;
            };
            let people = persons.remove(&m.id).unwrap_or_default();
            let ids = item_ids.remove(&m.id).unwrap_or_default();
            if people.len() != record.participants.len() || ids.len() != record.items.len() {
                return Err(ArchiveError::Corrupt(format!(
                    "meeting {}: its stored record does not match its rows",
                    m.id
                )));
            }
            participants.insert(
                m.id,
                record
                    .participants
                    .into_iter()
                    .zip(people)
                    .map(|(p, person)| OparlParticipant {
                        person,
                        name: p.name,
                        group: p.group,
                        role: p.role,
                        attendance: p.attendance.as_str().to_string(),
                        substitute_for: p.substitute_for,
                        items: p.items,
                    })
                    .collect(),
            );
            let public = record
                .items
                .into_iter()
                .zip(ids)
                .filter(|(item, _)| !item.closed);
            for (position, (item, id)) in public.enumerate() {
                items.push(OparlItem {
                    id,
                    meeting: m.id,
                    position: i64::try_from(position).unwrap_or(i64::MAX),
                    number: item.number,
                    title: item.title,
                    start: item.start.map(|t| t.to_string()),
                    end: item.end.map(|t| t.to_string()),
                    decision: item.decision,
                    presenters: item.presenters,
                    attachments: item.attachments,
                    recommendations: item
                        .recommendations
                        .into_iter()
                        .map(|r| (r.text, r.outcome.as_str().to_string()))
                        .collect(),
                    // Embedded in a meeting an item comes without its sections.
                    sections: Vec::new(),
                    superseded: false,
                    created: m.created.clone(),
                    modified: m.modified.clone(),
                });
            }
        }
        Ok((participants, items))
    }

    async fn participants_of(
        &self,
        meeting_list: &str,
    ) -> Result<HashMap<i64, Vec<OparlParticipant>>, ArchiveError> {
        let rows = fetch(
            self,
            &format!(
                "SELECT meeting_id, person_id, name, grp, role, attendance, substitute_for, items \
                 FROM attendance WHERE meeting_id IN ({meeting_list}) ORDER BY meeting_id, position"
            ),
            &[],
        )
        .await?;
        let mut out: HashMap<i64, Vec<OparlParticipant>> = HashMap::new();
        for r in &rows {
            let items: Option<String> = r.try_get(7)?;
            out.entry(r.try_get(0)?)
                .or_default()
                .push(OparlParticipant {
                    person: r.try_get(1)?,
                    name: r.try_get(2)?,
                    group: r.try_get(3)?,
                    role: r.try_get(4)?,
                    attendance: r.try_get(5)?,
                    substitute_for: r.try_get(6)?,
                    items: items
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or_default(),
                });
        }
        Ok(out)
    }

    /// A page of public agenda items; those of superseded dagsordener only with
    /// `modified_since` (as deleted).
    pub async fn oparl_items(&self, w: &OparlWindow) -> Result<Vec<OparlItem>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        let mut conditions = vec![
            "i.closed = 0".to_string(),
            format!("i.id > {}", w.after.unwrap_or(0)),
        ];
        if !w.with_deleted() {
            conditions.push("m.superseded_by IS NULL".into());
        }
        let sql = format!(
            "SELECT x.id FROM (SELECT i.id, {MEETING_CREATED} AS created, \
             {MEETING_MODIFIED} AS modified FROM items i JOIN meetings m ON m.id = i.meeting_id \
             LEFT JOIN meetings s ON s.id = m.superseded_by{}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&conditions),
            where_clause(&stamps),
            w.limit.max(0)
        );
        let ids = fetch(self, &sql, &binds)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<Vec<i64>, _>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.items_where(&format!("i.id IN ({})", id_list(&ids)), true)
            .await
    }

    /// One public agenda item.
    pub async fn oparl_item(&self, id: i64) -> Result<Option<OparlItem>, ArchiveError> {
        Ok(self
            .items_where(&format!("i.id = {id}"), true)
            .await?
            .into_iter()
            .next())
    }

    /// Public items matching a condition on `i`, with their children, in id order.
    /// Items embedded in a meeting come without their sections (`with_sections`
    /// false): the sections are most of an item's text, and a page of twenty meetings
    /// with them ran to 600 KB.
    async fn items_where(
        &self,
        condition: &str,
        with_sections: bool,
    ) -> Result<Vec<OparlItem>, ArchiveError> {
        let rows = fetch(
            self,
            &format!(
                "SELECT i.id, i.meeting_id, (SELECT COUNT(*) FROM items j WHERE \
                 j.meeting_id = i.meeting_id AND j.closed = 0 AND j.position < i.position), NULLIF(i.number, ''), i.title, i.start_time, \
                 i.end_time, i.decision, m.superseded_by, {MEETING_CREATED}, {MEETING_MODIFIED} \
                 FROM items i JOIN meetings m ON m.id = i.meeting_id \
                 LEFT JOIN meetings s ON s.id = m.superseded_by \
                 WHERE i.closed = 0 AND {condition} ORDER BY i.meeting_id, i.position"
            ),
            &[],
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let superseded_by: Option<i64> = r.try_get(8)?;
            items.push(OparlItem {
                id: r.try_get(0)?,
                meeting: r.try_get(1)?,
                position: r.try_get(2)?,
                number: r.try_get(3)?,
                title: r.try_get(4)?,
                start: r.try_get(5)?,
                end: r.try_get(6)?,
                decision: r.try_get(7)?,
                presenters: Vec::new(),
                attachments: Vec::new(),
                recommendations: Vec::new(),
                sections: Vec::new(),
                superseded: superseded_by.is_some(),
                created: r.try_get(9)?,
                modified: r.try_get(10)?,
            });
        }
        if items.is_empty() {
            return Ok(items);
        }
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        let list = id_list(&ids);
        // Each child table read once for the whole page, rows grouped by item.
        let mut texts: [HashMap<i64, Vec<TextPair>>; 4] = Default::default();
        let tables: [(&str, &str); 4] = [
            ("presenters", "name, NULL"),
            ("attachments", "title, NULL"),
            ("recommendations", "body, outcome"),
            ("sections", "heading, body"),
        ];
        for ((table, columns), out) in tables.iter().zip(texts.iter_mut()) {
            if *table == "sections" && !with_sections {
                continue;
            }
            for r in fetch(
                self,
                &format!(
                    "SELECT item_id, {columns} FROM {table} WHERE item_id IN ({list}) \
                     ORDER BY item_id, position"
                ),
                &[],
            )
            .await?
            {
                out.entry(r.try_get(0)?)
                    .or_default()
                    .push((r.try_get(1)?, r.try_get(2)?));
            }
        }
        let [
            mut presenters,
            mut attachments,
            mut recommendations,
            mut sections,
        ] = texts;
        for item in &mut items {
            let firsts = |rows: Option<Vec<TextPair>>| {
                rows.unwrap_or_default()
                    .into_iter()
                    .filter_map(|(a, _)| a)
                    .collect::<Vec<_>>()
            };
            item.presenters = firsts(presenters.remove(&item.id));
            item.attachments = firsts(attachments.remove(&item.id));
            item.recommendations = recommendations
                .remove(&item.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(text, outcome)| (text.unwrap_or_default(), outcome.unwrap_or_default()))
                .collect();
            item.sections = sections
                .remove(&item.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(heading, text)| (heading, text.unwrap_or_default()))
                .collect();
        }
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    /// Forums in id order, with their memberships' keys.
    pub async fn oparl_forums(&self, w: &OparlWindow) -> Result<Vec<OparlForum>, ArchiveError> {
        self.forum_page(format!("f.id > {}", w.after.unwrap_or(0)), w)
            .await
    }

    pub async fn oparl_forum(&self, id: i64) -> Result<Option<OparlForum>, ArchiveError> {
        let w = OparlWindow {
            limit: 1,
            ..OparlWindow::default()
        };
        Ok(self
            .forum_page(format!("f.id = {id}"), &w)
            .await?
            .into_iter()
            .next())
    }

    async fn forum_page(
        &self,
        condition: String,
        w: &OparlWindow,
    ) -> Result<Vec<OparlForum>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        // A forum changes when one of its meetings does; superseded dagsordener count
        // for `modified` (their replacement is a change) but not for the span.
        let sql = format!(
            "SELECT * FROM (SELECT f.id, f.name, \
             (SELECT MIN(m.date) FROM meetings m WHERE m.forum_id = f.id AND m.superseded_by IS NULL) AS first_date, \
             (SELECT MAX(m.date) FROM meetings m WHERE m.forum_id = f.id AND m.superseded_by IS NULL) AS last_date, \
             (SELECT MIN(d.imported_at) FROM meetings m JOIN documents d ON d.meeting_id = m.id \
              WHERE m.forum_id = f.id) AS created, \
             (SELECT MAX(m.modified_at) FROM meetings m WHERE m.forum_id = f.id) AS modified \
             FROM forums f WHERE {condition}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&stamps),
            w.limit.max(0)
        );
        let rows = fetch(self, &sql, &binds).await?;
        let mut forums = Vec::with_capacity(rows.len());
        for r in &rows {
            forums.push(OparlForum {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                first_date: r.try_get(2)?,
                last_date: r.try_get(3)?,
                created: r.try_get(4)?,
                modified: r.try_get(5)?,
                memberships: Vec::new(),
            });
        }
        if forums.is_empty() {
            return Ok(forums);
        }
        let ids: Vec<i64> = forums.iter().map(|f| f.id).collect();
        // Only the keys: a forum of twenty years has seats by the thousand, and their
        // stamps (a scan of each person's attendance) are not needed here.
        let mut keys: HashMap<i64, Vec<String>> = HashMap::new();
        for r in fetch(
            self,
            &format!(
                "SELECT person_id, forum_id, role FROM memberships WHERE forum_id IN ({}) \
                 ORDER BY person_id, forum_id, role",
                id_list(&ids)
            ),
            &[],
        )
        .await?
        {
            let (person, forum, role): (i64, i64, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            keys.entry(forum)
                .or_default()
                .push(membership_key(person, forum, &role));
        }
        for f in &mut forums {
            f.memberships = keys.remove(&f.id).unwrap_or_default();
        }
        Ok(forums)
    }

    /// Persons in id order, with their memberships.
    pub async fn oparl_persons(&self, w: &OparlWindow) -> Result<Vec<OparlPerson>, ArchiveError> {
        self.person_page(format!("p.id > {}", w.after.unwrap_or(0)), w)
            .await
    }

    pub async fn oparl_person(&self, id: i64) -> Result<Option<OparlPerson>, ArchiveError> {
        let w = OparlWindow {
            limit: 1,
            ..OparlWindow::default()
        };
        Ok(self
            .person_page(format!("p.id = {id}"), &w)
            .await?
            .into_iter()
            .next())
    }

    async fn person_page(
        &self,
        condition: String,
        w: &OparlWindow,
    ) -> Result<Vec<OparlPerson>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        // A person is as new as the first file that named them, and changes when a
        // meeting they are listed in does.
        let sql = format!(
            "SELECT * FROM (SELECT p.id, p.name, \
             (SELECT MIN(d.imported_at) FROM attendance a JOIN documents d \
              ON d.meeting_id = a.meeting_id WHERE a.person_id = p.id) AS created, \
             (SELECT MAX(m.modified_at) FROM attendance a JOIN meetings m \
              ON m.id = a.meeting_id WHERE a.person_id = p.id) AS modified \
             FROM persons p WHERE {condition}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&stamps),
            w.limit.max(0)
        );
        let rows = fetch(self, &sql, &binds).await?;
        let mut persons = Vec::with_capacity(rows.len());
        for r in &rows {
            persons.push(OparlPerson {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                created: r.try_get(2)?,
                modified: r.try_get(3)?,
                memberships: Vec::new(),
            });
        }
        if persons.is_empty() {
            return Ok(persons);
        }
        let ids: Vec<i64> = persons.iter().map(|p| p.id).collect();
        let mut seats: HashMap<i64, Vec<OparlMembership>> = HashMap::new();
        for m in self
            .memberships_where(&format!("ms.person_id IN ({})", id_list(&ids)))
            .await?
        {
            seats.entry(m.person).or_default().push(m);
        }
        for p in &mut persons {
            p.memberships = seats.remove(&p.id).unwrap_or_default();
        }
        Ok(persons)
    }

    /// Memberships in (person, forum, role) order, paged by offset.
    pub async fn oparl_memberships(
        &self,
        w: &OparlWindow,
    ) -> Result<Vec<OparlMembership>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        let sql = membership_sql(
            "1 = 1",
            &where_clause(&stamps),
            &format!(" LIMIT {} OFFSET {}", w.limit.max(0), w.offset.max(0)),
        );
        rows_to_memberships(&fetch(self, &sql, &binds).await?)
    }

    /// One membership by its key.
    pub async fn oparl_membership(
        &self,
        key: &str,
    ) -> Result<Option<OparlMembership>, ArchiveError> {
        let Some((person, forum)) = parse_membership_key(key) else {
            return Ok(None);
        };
        Ok(self
            .memberships_where(&format!(
                "ms.person_id = {person} AND ms.forum_id = {forum}"
            ))
            .await?
            .into_iter()
            .find(|m| m.key == key))
    }

    async fn memberships_where(
        &self,
        condition: &str,
    ) -> Result<Vec<OparlMembership>, ArchiveError> {
        let sql = membership_sql(condition, "", "");
        rows_to_memberships(&fetch(self, &sql, &[]).await?)
    }

    /// Places of meetings in meeting id order; those of superseded dagsordener only
    /// with `modified_since` (as deleted).
    pub async fn oparl_locations(
        &self,
        w: &OparlWindow,
    ) -> Result<Vec<OparlLocation>, ArchiveError> {
        let mut conditions = vec![format!("m.id > {}", w.after.unwrap_or(0))];
        if !w.with_deleted() {
            conditions.push("m.superseded_by IS NULL".into());
        }
        self.location_page(conditions, w).await
    }

    pub async fn oparl_location(&self, id: i64) -> Result<Option<OparlLocation>, ArchiveError> {
        let w = OparlWindow {
            limit: 1,
            ..OparlWindow::default()
        };
        Ok(self
            .location_page(vec![format!("m.id = {id}")], &w)
            .await?
            .into_iter()
            .next())
    }

    async fn location_page(
        &self,
        mut conditions: Vec<String>,
        w: &OparlWindow,
    ) -> Result<Vec<OparlLocation>, ArchiveError> {
        conditions.push("m.location IS NOT NULL".into());
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        let sql = format!(
            "SELECT * FROM (SELECT m.id, m.location, m.superseded_by, {MEETING_CREATED} AS created, \
             {MEETING_MODIFIED} AS modified FROM meetings m \
             LEFT JOIN meetings s ON s.id = m.superseded_by{}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&conditions),
            where_clause(&stamps),
            w.limit.max(0)
        );
        fetch(self, &sql, &binds)
            .await?
            .iter()
            .map(|r| {
                let superseded_by: Option<i64> = r.try_get(2)?;
                Ok(OparlLocation {
                    id: r.try_get(0)?,
                    description: r.try_get(1)?,
                    superseded: superseded_by.is_some(),
                    created: r.try_get(3)?,
                    modified: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Files that may be shown, in id order.
    pub async fn oparl_files(&self, w: &OparlWindow) -> Result<Vec<OparlFile>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("d.imported_at", "d.imported_at");
        let mut conditions = stamps;
        conditions.push(format!("d.id > {}", w.after.unwrap_or(0)));
        let files = self
            .files_where_bound(
                &conditions.join(" AND "),
                &binds,
                &format!(" LIMIT {}", w.limit.max(0)),
            )
            .await?;
        Ok(files.into_iter().map(|(_, f)| f).collect())
    }

    pub async fn oparl_file(&self, id: i64) -> Result<Option<OparlFile>, ArchiveError> {
        Ok(self
            .files_where(&format!("d.id = {id}"))
            .await?
            .into_iter()
            .next()
            .map(|(_, f)| f))
    }

    /// Files matching a condition on `d` and `m` (the meeting the file is the current
    /// source of): (that meeting, file).
    async fn files_where(&self, condition: &str) -> Result<Vec<(i64, OparlFile)>, ArchiveError> {
        self.files_where_bound(condition, &[], "").await
    }

    async fn files_where_bound(
        &self,
        condition: &str,
        binds: &[String],
        limit: &str,
    ) -> Result<Vec<(i64, OparlFile)>, ArchiveError> {
        // Only a meeting's current source, and only when the meeting has no closed
        // item: the file would show it. Older versions and copies are never offered,
        // as nothing says what they hold.
        let sql = format!(
            "SELECT d.id, d.path, d.format, d.sha256, d.size, d.imported_at, m.id, \
             COALESCE(m.superseded_by, m.id), m.kind \
             FROM documents d JOIN meetings m ON m.document_id = d.id \
             WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = m.id AND i.closed = 1) \
             AND {condition} ORDER BY d.id{limit}"
        );
        fetch(self, &sql, binds)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get(6)?,
                    OparlFile {
                        id: r.try_get(0)?,
                        path: r.try_get(1)?,
                        format: r.try_get(2)?,
                        sha256: r.try_get(3)?,
                        size: r.try_get(4)?,
                        imported_at: r.try_get(5)?,
                        meeting: r.try_get(7)?,
                        kind: r.try_get(8)?,
                    },
                ))
            })
            .collect()
    }
}

/// Memberships with their stamps: a seat is as new as the first file of a meeting of
/// the forum that listed the person, and changes with such a meeting.
fn membership_sql(condition: &str, outer: &str, page: &str) -> String {
    format!(
        "SELECT * FROM (SELECT ms.person_id, ms.forum_id, ms.role, ms.organisation, \
         ms.first_seen, ms.last_seen, ms.meetings, \
         (SELECT MIN(d.imported_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
          JOIN documents d ON d.meeting_id = m.id \
          WHERE a.person_id = ms.person_id AND m.forum_id = ms.forum_id) AS created, \
         (SELECT MAX(m.modified_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
          WHERE a.person_id = ms.person_id AND m.forum_id = ms.forum_id) AS modified \
         FROM memberships ms WHERE {condition}) x{outer} \
         ORDER BY x.person_id, x.forum_id, x.role{page}"
    )
}

fn rows_to_memberships(rows: &[AnyRow]) -> Result<Vec<OparlMembership>, ArchiveError> {
    rows.iter()
        .map(|r| {
            let person: i64 = r.try_get(0)?;
            let forum: i64 = r.try_get(1)?;
            let role: String = r.try_get(2)?;
            Ok(OparlMembership {
                key: membership_key(person, forum, &role),
                person,
                forum,
                role,
                organisation: r.try_get(3)?,
                first_seen: r.try_get(4)?,
                last_seen: r.try_get(5)?,
                meetings: r.try_get(6)?,
                created: r.try_get(7)?,
                modified: r.try_get(8)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_keys_are_stable_and_parse_back() {
        let key = membership_key(12, 3, "Formand");
        assert_eq!(key, membership_key(12, 3, "Formand"));
        assert_ne!(key, membership_key(12, 3, "Medlem"));
        assert_eq!(parse_membership_key(&key), Some((12, 3)));
        assert_eq!(parse_membership_key("12-x-y"), None);
        assert_eq!(parse_membership_key("12"), None);
    }
}

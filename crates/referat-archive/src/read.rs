//! Reading the archive back for people: a meeting as its record with the ids URLs
//! need, lists of forums and meetings, a person's and a forum's history.
//!
//! What is handed out here is what the public may see, except where a type says
//! otherwise: `StoredMeeting` carries closed items (flagged) so that an export is
//! whole; everything else leaves them out.

use std::collections::HashMap;
use std::str::FromStr;

use referat_model::{Attendance, ClockTime, Date, Kind, Meeting, ParticipantSource, WarningKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::items::id_list;
use crate::{Archive, ArchiveError};

pub(crate) type Conn = sqlx::pool::PoolConnection<sqlx::Any>;

/// A meeting as stored: its record and the ids of what in it a URL can point at.
#[derive(Clone, Debug)]
pub struct StoredMeeting {
    pub id: i64,
    pub forum: Option<ForumRef>,
    /// The referat that supersedes this dagsorden.
    pub superseded_by: Option<i64>,
    /// The dagsorden this referat supersedes.
    pub supersedes: Option<i64>,
    pub modified_at: String,
    /// The document the content was read from.
    pub document: i64,
    /// The record; closed items are in it with `closed` set.
    pub record: Meeting,
    /// The person of each participant, in the record's order.
    pub persons: Vec<i64>,
    /// The id of each item, in the record's order.
    pub items: Vec<i64>,
}

impl StoredMeeting {
    /// The items the public may see, with their ids and the numbers they are shown
    /// with: their own, or their place in the meeting where the document numbers nothing.
    pub fn public_items(&self) -> impl Iterator<Item = (i64, String, &referat_model::AgendaItem)> {
        self.items
            .iter()
            .copied()
            .zip(&self.record.items)
            .enumerate()
            .filter(|(_, (_, item))| !item.closed)
            .map(|(position, (id, item))| (id, item.label(position), item))
    }

    /// Whether any item is closed: the source file then holds text the public may not
    /// see.
    pub fn has_closed_items(&self) -> bool {
        self.record.items.iter().any(|i| i.closed)
    }
}

/// A warning with its kind and line, as the archive keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredWarning {
    pub kind: WarningKind,
    pub line: Option<i64>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForumRef {
    pub id: i64,
    pub name: String,
}

/// A forum with the span of its meetings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForumSummary {
    pub id: i64,
    pub name: String,
    pub meetings: i64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// When a meeting of the forum last changed.
    pub modified_at: Option<String>,
}

impl ForumSummary {
    /// A forum from the columns id, name, meetings, first and last date, and when a
    /// meeting last changed, in that order.
    pub(crate) fn read(r: &AnyRow) -> Result<ForumSummary, ArchiveError> {
        Ok(ForumSummary {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            meetings: r.try_get(2)?,
            first_date: stored_opt(r, 3)?,
            last_date: stored_opt(r, 4)?,
            modified_at: r.try_get(5)?,
        })
    }
}

/// A meeting in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSummary {
    pub id: i64,
    pub forum: Option<ForumRef>,
    pub kind: Kind,
    pub date: Option<Date>,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub location: Option<String>,
    pub superseded_by: Option<i64>,
    pub modified_at: String,
    /// The items the public may see.
    pub public_items: i64,
    /// How many of the listed participants were there (wholly or in part).
    pub present: i64,
    pub listed: i64,
}

/// The order of a list of meetings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MeetingOrder {
    /// By id: the order pages follow with `after`.
    #[default]
    Id,
    /// The newest meeting date first.
    NewestDate,
    /// The last changed first (a feed).
    NewestChange,
}

/// Which meetings a list holds, and in which order.
#[derive(Clone, Debug, Default)]
pub struct MeetingQuery {
    pub forum: Option<i64>,
    pub person: Option<i64>,
    /// Leave out dagsordener superseded by their referat.
    pub current_only: bool,
    pub modified_since: Option<String>,
    pub modified_until: Option<String>,
    /// Meetings after this id (exclusive), for paging in id order.
    pub after: Option<i64>,
    pub order: MeetingOrder,
    pub limit: Option<i64>,
}

/// A source document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: i64,
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub imported_at: String,
    pub meeting: Option<i64>,
}

/// A seat: a person's role in a forum over a span of meetings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub person: i64,
    pub person_name: String,
    pub forum: ForumRef,
    pub role: String,
    pub organisation: Option<String>,
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    pub meetings: i64,
}

impl Membership {
    /// A membership from the columns person id and name, forum id and name, role,
    /// organisation, first and last seen, and meetings, in that order.
    pub(crate) fn read(r: &AnyRow) -> Result<Membership, ArchiveError> {
        Ok(Membership {
            person: r.try_get(0)?,
            person_name: r.try_get(1)?,
            forum: ForumRef {
                id: r.try_get(2)?,
                name: r.try_get(3)?,
            },
            role: r.try_get(4)?,
            organisation: r.try_get(5)?,
            first_seen: stored_opt(r, 6)?,
            last_seen: stored_opt(r, 7)?,
            meetings: r.try_get(8)?,
        })
    }
}

/// One line of a person's attendance record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonAttendance {
    pub meeting: i64,
    pub forum: Option<ForumRef>,
    pub date: Option<Date>,
    pub kind: Kind,
    pub role: Option<String>,
    pub attendance: Attendance,
    pub substitute_for: Option<String>,
}

/// How a member came to a forum's meetings over the time they sat in it: the figures
/// a reader asks of a forum first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberAttendance {
    pub person: i64,
    pub person_name: String,
    /// The first and last meeting listing them.
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    /// The forum's meetings while they were a member: those dated from their first to
    /// their last meeting, and the undated ones listing them. Minutes that list only
    /// who came make this more than `listed`.
    pub held: i64,
    /// The meetings listing them, present or not.
    pub listed: i64,
    /// The meetings they came to, wholly or in part.
    pub present: i64,
    /// The meetings they were listed as absent from (apologies, *afbud*).
    pub absent: i64,
}

impl MemberAttendance {
    /// The share of the meetings held while they sat that they came to, in whole
    /// percent; `None` where none was held.
    pub fn share(&self) -> Option<i64> {
        attendance_share(self.present, self.held)
    }
}

/// `present` of `held` meetings in whole percent, rounded half up and never past 100
/// (minutes that list only who came can count a member at more meetings than were
/// held while they sat); `None` of none held.
pub fn attendance_share(present: i64, held: i64) -> Option<i64> {
    (held > 0).then(|| (present.clamp(0, held) * 100 + held / 2) / held)
}

/// A person with their spellings, seats and attendance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: i64,
    pub name: String,
    pub names: Vec<String>,
    pub memberships: Vec<Membership>,
    /// Newest first; superseded dagsordener left out.
    pub attendance: Vec<PersonAttendance>,
    /// When a meeting of theirs last changed.
    pub modified_at: Option<String>,
}

fn forum_ref(row: &AnyRow, id: usize, name: usize) -> Result<Option<ForumRef>, sqlx::Error> {
    let id: Option<i64> = row.try_get(id)?;
    let name: Option<String> = row.try_get(name)?;
    Ok(id.zip(name).map(|(id, name)| ForumRef { id, name }))
}

impl Archive {
    /// A meeting with everything in it, closed items included and flagged.
    pub async fn meeting(&self, id: i64) -> Result<Option<StoredMeeting>, ArchiveError> {
        let mut conn = self.pool.acquire().await?;
        Ok(stored_meetings(&mut conn, &format!("m.id = {id}"))
            .await?
            .into_iter()
            .next())
    }

    /// The warnings of a meeting with their kinds and lines, as the import found them.
    pub async fn warnings(&self, meeting: i64) -> Result<Vec<StoredWarning>, ArchiveError> {
        let mut conn = self.pool.acquire().await?;
        warnings_of(&mut conn, meeting).await
    }

    /// The meeting a public item belongs to, and the item's number there.
    pub async fn item_place(&self, item: i64) -> Result<Option<(i64, String)>, ArchiveError> {
        let row = sqlx::query(&format!(
            "SELECT meeting_id, {} FROM public_items WHERE id = $1",
            crate::items::label_sql("")
        ))
        .bind(item)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        })
    }

    /// Every forum with the span of its meetings, by name.
    pub async fn forums(&self) -> Result<Vec<ForumSummary>, ArchiveError> {
        self.forum_summaries(None).await
    }

    pub async fn forum(&self, id: i64) -> Result<Option<ForumSummary>, ArchiveError> {
        Ok(self.forum_summaries(Some(id)).await?.into_iter().next())
    }

    async fn forum_summaries(&self, id: Option<i64>) -> Result<Vec<ForumSummary>, ArchiveError> {
        let filter = id
            .map(|id| format!(" WHERE f.id = {id}"))
            .unwrap_or_default();
        let rows = sqlx::query(&format!(
            "SELECT f.id, f.name, COUNT(m.id), MIN(m.date), MAX(m.date), MAX(m.modified_at) \
             FROM forums f LEFT JOIN meetings m ON m.forum_id = f.id AND m.superseded_by IS NULL\
             {filter} GROUP BY f.id, f.name ORDER BY f.name, f.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ForumSummary::read).collect()
    }

    /// Meetings as a list: see `MeetingQuery`.
    pub async fn meetings(&self, q: &MeetingQuery) -> Result<Vec<MeetingSummary>, ArchiveError> {
        let mut conditions = Vec::new();
        let mut binds = Vec::new();
        if let Some(forum) = q.forum {
            conditions.push(format!("m.forum_id = {forum}"));
        }
        if let Some(person) = q.person {
            conditions.push(format!(
                "m.id IN (SELECT meeting_id FROM attendance WHERE person_id = {person})"
            ));
        }
        if q.current_only {
            conditions.push("m.superseded_by IS NULL".to_string());
        }
        if let Some(since) = &q.modified_since {
            binds.push(since.clone());
            conditions.push(format!("m.modified_at >= ${}", binds.len()));
        }
        if let Some(until) = &q.modified_until {
            binds.push(until.clone());
            conditions.push(format!("m.modified_at <= ${}", binds.len()));
        }
        if let Some(after) = q.after {
            conditions.push(format!("m.id > {after}"));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let order = match q.order {
            MeetingOrder::Id => "m.id",
            MeetingOrder::NewestDate => "m.date DESC, m.id DESC",
            MeetingOrder::NewestChange => "m.modified_at DESC, m.id DESC",
        };
        let limit = q.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        // The meetings are chosen (filtered, ordered, limited) before their counts are
        // taken: otherwise the planner may count for every meeting and sort after.
        // Only the columns listed: a row also holds the meeting's whole record.
        let sql = format!(
            "SELECT m.id, m.forum_id, f.name, m.kind, m.date, m.start_time, m.end_time, \
             m.location, m.superseded_by, m.modified_at, \
             (SELECT COUNT(*) FROM public_items i WHERE i.meeting_id = m.id), \
             (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id \
              AND a.attendance <> 'absent'), \
             (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id) \
             FROM (SELECT m.id, m.forum_id, m.kind, m.date, m.start_time, m.end_time, \
             m.location, m.superseded_by, m.modified_at FROM meetings m{filter} \
             ORDER BY {order}{limit}) m \
             LEFT JOIN forums f ON f.id = m.forum_id ORDER BY {order}"
        );
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(MeetingSummary {
                    id: r.try_get(0)?,
                    forum: forum_ref(r, 1, 2)?,
                    kind: stored(r, 3)?,
                    date: stored_opt(r, 4)?,
                    start: stored_opt(r, 5)?,
                    end: stored_opt(r, 6)?,
                    location: r.try_get(7)?,
                    superseded_by: r.try_get(8)?,
                    modified_at: r.try_get(9)?,
                    public_items: r.try_get(10)?,
                    present: r.try_get(11)?,
                    listed: r.try_get(12)?,
                })
            })
            .collect()
    }

    /// The newest `per_forum` current meetings of every forum, forums by name.
    pub async fn latest_meetings(
        &self,
        per_forum: i64,
    ) -> Result<Vec<(ForumSummary, Vec<MeetingSummary>)>, ArchiveError> {
        let mut out = Vec::new();
        for forum in self.forums().await? {
            let meetings = self
                .meetings(&MeetingQuery {
                    forum: Some(forum.id),
                    current_only: true,
                    order: MeetingOrder::NewestDate,
                    limit: Some(per_forum),
                    ..MeetingQuery::default()
                })
                .await?;
            out.push((forum, meetings));
        }
        Ok(out)
    }

    /// Seats in forums: of one forum, of one person, or all, by forum, role and name.
    pub async fn memberships(
        &self,
        forum: Option<i64>,
        person: Option<i64>,
    ) -> Result<Vec<Membership>, ArchiveError> {
        let mut conditions = Vec::new();
        if let Some(f) = forum {
            conditions.push(format!("ms.forum_id = {f}"));
        }
        if let Some(p) = person {
            conditions.push(format!("ms.person_id = {p}"));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let rows = sqlx::query(&format!(
            "SELECT ms.person_id, p.name, ms.forum_id, f.name, ms.role, ms.organisation, \
             ms.first_seen, ms.last_seen, ms.meetings FROM memberships ms \
             JOIN persons p ON p.id = ms.person_id JOIN forums f ON f.id = ms.forum_id{filter} \
             ORDER BY f.name, ms.forum_id, ms.last_seen DESC, p.name, ms.person_id, ms.role"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Membership::read).collect()
    }

    /// Every person a forum's meetings list, with their attendance over the time they
    /// sat in it, the latest members first. Superseded dagsordener do not count; a
    /// person only mentioned in an item's text (inferred, not listed) is no member.
    pub async fn forum_attendance(
        &self,
        forum: i64,
    ) -> Result<Vec<MemberAttendance>, ArchiveError> {
        let rows = sqlx::query(
            "WITH seen AS (SELECT a.person_id, MIN(m.date) AS first_seen, \
               MAX(m.date) AS last_seen, COUNT(DISTINCT m.id) AS listed, \
               COUNT(DISTINCT CASE WHEN a.attendance <> $2 THEN m.id END) AS present, \
               COUNT(DISTINCT CASE WHEN a.attendance = $2 THEN m.id END) AS absent, \
               COUNT(DISTINCT CASE WHEN m.date IS NULL THEN m.id END) AS undated \
               FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
               WHERE m.forum_id = $1 AND m.superseded_by IS NULL \
               AND (a.source IS NULL OR a.source <> $3) GROUP BY a.person_id) \
             SELECT s.person_id, p.name, s.first_seen, s.last_seen, s.undated + \
               (SELECT COUNT(*) FROM meetings m WHERE m.forum_id = $1 \
                AND m.superseded_by IS NULL AND m.date >= s.first_seen \
                AND m.date <= s.last_seen), \
               s.listed, s.present, s.absent \
             FROM seen s JOIN persons p ON p.id = s.person_id \
             ORDER BY s.last_seen DESC, p.name, s.person_id",
        )
        .bind(forum)
        .bind(Attendance::Absent.as_str())
        .bind(ParticipantSource::Mention.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MemberAttendance {
                    person: r.try_get(0)?,
                    person_name: r.try_get(1)?,
                    first_seen: stored_opt(r, 2)?,
                    last_seen: stored_opt(r, 3)?,
                    held: r.try_get(4)?,
                    listed: r.try_get(5)?,
                    present: r.try_get(6)?,
                    absent: r.try_get(7)?,
                })
            })
            .collect()
    }

    /// A person with their spellings, seats and attendance.
    pub async fn person(&self, id: i64) -> Result<Option<PersonRecord>, ArchiveError> {
        let Some(row) = sqlx::query("SELECT name FROM persons WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let names = sqlx::query("SELECT name FROM person_names WHERE person_id = $1 ORDER BY name")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<Vec<String>, _>>()?;
        let attendance = sqlx::query(
            "SELECT a.meeting_id, m.forum_id, f.name, m.date, m.kind, a.role, a.attendance, \
             a.substitute_for, m.modified_at FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
             LEFT JOIN forums f ON f.id = m.forum_id \
             WHERE a.person_id = $1 AND m.superseded_by IS NULL \
             ORDER BY m.date DESC, m.id DESC, a.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut modified_at: Option<String> = None;
        let mut lines = Vec::with_capacity(attendance.len());
        for r in &attendance {
            let stamp: String = r.try_get(8)?;
            if modified_at.as_ref().is_none_or(|m| *m < stamp) {
                modified_at = Some(stamp);
            }
            lines.push(PersonAttendance {
                meeting: r.try_get(0)?,
                forum: forum_ref(r, 1, 2)?,
                date: stored_opt(r, 3)?,
                kind: stored(r, 4)?,
                role: r.try_get(5)?,
                attendance: stored(r, 6)?,
                substitute_for: r.try_get(7)?,
            });
        }
        Ok(Some(PersonRecord {
            id,
            name: row.try_get(0)?,
            names,
            memberships: self.memberships(None, Some(id)).await?,
            attendance: lines,
            modified_at,
        }))
    }

    /// The number and title of the public items of these meetings, by meeting.
    pub async fn public_item_titles(
        &self,
        meetings: &[i64],
    ) -> Result<HashMap<i64, Vec<(String, String)>>, ArchiveError> {
        let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        if meetings.is_empty() {
            return Ok(out);
        }
        for r in sqlx::query(&format!(
            "SELECT meeting_id, {}, title FROM public_items \
             WHERE meeting_id IN ({}) ORDER BY meeting_id, position",
            crate::items::label_sql(""),
            crate::items::id_list(meetings)
        ))
        .fetch_all(&self.pool)
        .await?
        {
            out.entry(r.try_get(0)?)
                .or_default()
                .push((r.try_get(1)?, r.try_get(2)?));
        }
        Ok(out)
    }

    /// Every meeting's id, in order.
    pub async fn meeting_ids(&self) -> Result<Vec<i64>, ArchiveError> {
        sqlx::query("SELECT id FROM meetings ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0).map_err(ArchiveError::from))
            .collect()
    }

    /// Persons in id order from `after` (exclusive), at most `limit`: (id, name).
    pub async fn person_ids(
        &self,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, ArchiveError> {
        let rows = sqlx::query("SELECT id, name FROM persons WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.unwrap_or(0))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// A source document.
    pub async fn document(&self, id: i64) -> Result<Option<StoredDocument>, ArchiveError> {
        Ok(self.documents(Some(id), None).await?.into_iter().next())
    }

    /// The documents of a meeting, newest first.
    pub async fn documents_of(&self, meeting: i64) -> Result<Vec<StoredDocument>, ArchiveError> {
        self.documents(None, Some(meeting)).await
    }

    async fn documents(
        &self,
        id: Option<i64>,
        meeting: Option<i64>,
    ) -> Result<Vec<StoredDocument>, ArchiveError> {
        let (filter, value) = match (id, meeting) {
            (Some(id), _) => ("id", id),
            (None, Some(m)) => ("meeting_id", m),
            (None, None) => return Ok(Vec::new()),
        };
        let rows = sqlx::query(&format!(
            "SELECT id, path, format, sha256, size, imported_at, meeting_id FROM documents \
             WHERE {filter} = $1 ORDER BY id DESC"
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredDocument {
                    id: r.try_get(0)?,
                    path: r.try_get(1)?,
                    format: r.try_get(2)?,
                    sha256: r.try_get(3)?,
                    size: r.try_get(4)?,
                    imported_at: r.try_get(5)?,
                    meeting: r.try_get(6)?,
                })
            })
            .collect()
    }
}

/// The meetings matching a condition on `m` (a meeting, its forum `f`), in id
/// order, read from their stored records: three queries however many there are (the
/// records, the persons of their participants, their item ids). The record is the
/// truth and the rows its index; a record missing, unreadable or unlike its rows is a
/// damaged archive.
pub(crate) async fn stored_meetings(
    conn: &mut Conn,
    condition: &str,
) -> Result<Vec<StoredMeeting>, ArchiveError> {
    stored_meetings_read(conn, condition, |json| serde_json::from_str(json)).await
}

/// [`stored_meetings`], each record read by `read`: a caller that shows only part of
/// a record may leave the rest unread.
pub(crate) async fn stored_meetings_read(
    conn: &mut Conn,
    condition: &str,
    read: fn(&str) -> serde_json::Result<Meeting>,
) -> Result<Vec<StoredMeeting>, ArchiveError> {
    let rows = sqlx::query(&format!(
        "SELECT m.id, m.record, {HEAD_COLUMNS} \
         FROM meetings m LEFT JOIN forums f ON f.id = m.forum_id WHERE {condition} ORDER BY m.id"
    ))
    .fetch_all(&mut **conn)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        ids.push(r.try_get::<i64, _>(0)?);
    }
    let list = id_list(&ids);
    let mut persons = ids_by_meeting(conn, "person_id", "attendance", &list).await?;
    let mut items = ids_by_meeting(conn, "id", "items", &list).await?;
    let mut meetings = Vec::with_capacity(rows.len());
    for (r, &id) in rows.iter().zip(&ids) {
        let json: Option<String> = r.try_get(1)?;
        let json = json
            .ok_or_else(|| ArchiveError::Corrupt(format!("meeting {id} has no stored record")))?;
        let record: Meeting = read(&json).map_err(|e| {
            ArchiveError::Corrupt(format!("meeting {id} does not read back as a record: {e}"))
        })?;
        let persons = persons.remove(&id).unwrap_or_default();
        let items = items.remove(&id).unwrap_or_default();
        if persons.len() != record.participants.len() || items.len() != record.items.len() {
            return Err(ArchiveError::Corrupt(format!(
                "meeting {id}: its stored record does not match its rows"
            )));
        }
        let head = Head::read(r, 2)?;
        meetings.push(StoredMeeting {
            id,
            forum: head.forum,
            superseded_by: head.superseded_by,
            supersedes: head.supersedes,
            modified_at: head.modified_at,
            document: head.document,
            record,
            persons,
            items,
        });
    }
    Ok(meetings)
}

/// One id column of a table of meeting rows, by meeting, in the rows' order.
async fn ids_by_meeting(
    conn: &mut Conn,
    column: &str,
    table: &str,
    meetings: &str,
) -> Result<HashMap<i64, Vec<i64>>, ArchiveError> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT meeting_id, {column} FROM {table} WHERE meeting_id IN ({meetings}) \
         ORDER BY meeting_id, position"
    ))
    .fetch_all(&mut **conn)
    .await?
    {
        out.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(out)
}

pub(crate) async fn warnings_of(
    conn: &mut Conn,
    meeting: i64,
) -> Result<Vec<StoredWarning>, ArchiveError> {
    let mut warnings = Vec::new();
    for w in sqlx::query(
        "SELECT kind, line, message FROM warnings WHERE meeting_id = $1 ORDER BY position",
    )
    .bind(meeting)
    .fetch_all(&mut **conn)
    .await?
    {
        let kind: Option<String> = w.try_get(0)?;
        warnings.push(StoredWarning {
            kind: WarningKind::from_code(&kind.unwrap_or_default()),
            line: w.try_get(1)?,
            message: w.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
        });
    }
    Ok(warnings)
}

/// What the archive knows of a meeting beyond its record.
struct Head {
    document: i64,
    forum: Option<ForumRef>,
    superseded_by: Option<i64>,
    supersedes: Option<i64>,
    modified_at: String,
}

/// The columns of a `Head`, read by `Head::read`; `m` is the meeting, `f` its forum.
const HEAD_COLUMNS: &str = "m.document_id, m.forum_id, f.name, m.superseded_by, m.modified_at, \
     (SELECT MIN(d.id) FROM meetings d WHERE d.superseded_by = m.id)";

impl Head {
    /// The head from `HEAD_COLUMNS`, starting at column `at`.
    fn read(row: &AnyRow, at: usize) -> Result<Head, sqlx::Error> {
        Ok(Head {
            document: row.try_get(at)?,
            forum: forum_ref(row, at + 1, at + 2)?,
            superseded_by: row.try_get(at + 3)?,
            modified_at: row.try_get(at + 4)?,
            supersedes: row.try_get(at + 5)?,
        })
    }
}

/// A stored word or date read as its value: what the archive wrote it from. A word it
/// cannot have written is a damaged archive.
pub(crate) fn stored<T>(row: &AnyRow, i: usize) -> Result<T, ArchiveError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    stored_opt(row, i)?.ok_or_else(|| ArchiveError::Corrupt(format!("column {i} is empty")))
}

/// [`stored`] of a column that may be NULL.
pub(crate) fn stored_opt<T>(row: &AnyRow, i: usize) -> Result<Option<T>, ArchiveError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let word: Option<String> = row.try_get(i)?;
    word.map(|w| {
        w.parse()
            .map_err(|e: T::Err| ArchiveError::Corrupt(format!("{e} ('{w}')")))
    })
    .transpose()
}

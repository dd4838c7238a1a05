//! The archive in pages, for clients that follow it (the OParl API): meetings,
//! agenda items, forums, persons, memberships, places and source files in a fixed
//! order, each with when it was created and last modified, filtered on those stamps,
//! and read in a fixed number of queries per page (never one per object).
//!
//! What is not public is never handed out: closed items are left out everywhere, and
//! a file only when it is the current source of a meeting without closed items. A
//! dagsorden superseded by its referat is a deleted entry, handed out only to a
//! window that asks for deleted entries, and then without its content.
//!
//! Stamps are the archive's RFC 3339 UTC text; filters compare them as text, so a
//! caller passes bounds in the same form (`2025-01-31T12:00:00Z`).

use std::collections::HashMap;

use referat_model::{
    AgendaItem, Attachment, ClockTime, Date, Kind, Meeting, Participant, Recommendation,
    WrittenWeekday,
};
use serde::Deserialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::items::id_list;
use crate::read::{StoredDocument, stored, stored_meetings, stored_meetings_read};
use crate::{Archive, ArchiveError, ForumSummary, Membership, StoredMeeting};

/// Which entries a page holds: the stamp filters, a cursor and a page size.
#[derive(Clone, Debug, Default)]
pub struct Window {
    pub created_since: Option<String>,
    pub created_until: Option<String>,
    pub modified_since: Option<String>,
    pub modified_until: Option<String>,
    /// Entries after this id (exclusive), in id order.
    pub after: Option<i64>,
    /// Skip this many entries (memberships, which have no single numeric id).
    pub offset: i64,
    pub limit: i64,
    /// Meetings of this forum only.
    pub forum: Option<i64>,
    /// Deleted entries too: superseded dagsordener, their items and places.
    pub with_deleted: bool,
}

impl Window {
    /// The stamp filters as SQL over the expressions `created` and `modified`, with
    /// their bind values in order.
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

    /// The conditions on `ids` (a table's id column) and `m` (the meeting it is of)
    /// of a page in id order: after the cursor, and current only unless deleted
    /// entries are asked for.
    fn conditions(&self, ids: &str) -> Vec<String> {
        let mut conditions = vec![format!("{ids} > {}", self.after.unwrap_or(0))];
        if !self.with_deleted {
            conditions.push("m.superseded_by IS NULL".into());
        }
        conditions
    }

    /// The window of one entry, whatever its state.
    fn one() -> Window {
        Window {
            limit: 1,
            with_deleted: true,
            ..Window::default()
        }
    }
}

/// An entry with when it came into the archive and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamped<T> {
    pub entry: T,
    pub created: Option<String>,
    pub modified: Option<String>,
}

impl<T> Stamped<T> {
    fn from_row(entry: T, row: &AnyRow, created: usize) -> Result<Stamped<T>, sqlx::Error> {
        Ok(Stamped {
            entry,
            created: row.try_get(created)?,
            modified: row.try_get(created + 1)?,
        })
    }
}

/// A meeting of a page.
#[derive(Clone, Debug)]
pub enum MeetingEntry {
    /// A meeting that counts, with its record and the files that may be shown.
    Current(Box<PagedMeeting>),
    /// A dagsorden superseded by its referat: deleted, in favour of `referat`.
    Superseded { id: i64, referat: i64 },
}

impl MeetingEntry {
    pub fn id(&self) -> i64 {
        match self {
            MeetingEntry::Current(m) => m.meeting.id,
            MeetingEntry::Superseded { id, .. } => *id,
        }
    }
}

/// A meeting of a page before its record is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingHead {
    pub id: i64,
    /// The referat that supersedes it, when it is a dagsorden superseded.
    pub superseded_by: Option<i64>,
}

/// A current meeting with the files that may be shown of it.
#[derive(Clone, Debug)]
pub struct PagedMeeting {
    /// Closed items are in its record, flagged; a page shows only the public ones.
    /// Its items come without their sections and the record without its warnings:
    /// a meeting in a page never shows them, and the sections are most of a record.
    pub meeting: StoredMeeting,
    /// Its own source file.
    pub file: Option<PublicFile>,
    /// The file of the dagsorden it supersedes.
    pub agenda_file: Option<PublicFile>,
}

/// A public agenda item of a page.
#[derive(Clone, Debug, PartialEq)]
pub struct PagedItem {
    pub id: i64,
    pub meeting: i64,
    /// 0-based place among the meeting's public items (counting closed ones would
    /// show that there are some).
    pub position: usize,
    pub item: AgendaItem,
    /// Its meeting is a superseded dagsorden: the item is deleted.
    pub superseded: bool,
}

/// A forum of a page, with its seats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagedForum {
    pub forum: ForumSummary,
    pub seats: Vec<Seat>,
}

/// Who holds which role in a forum: what names a membership.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seat {
    pub person: i64,
    pub forum: i64,
    pub role: String,
}

/// A person of a page, with their memberships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagedPerson {
    pub id: i64,
    pub name: String,
    pub memberships: Vec<Stamped<Membership>>,
}

/// The place of a meeting (the archive keeps places as text, one a meeting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagedPlace {
    /// The meeting's id.
    pub meeting: i64,
    pub description: String,
    /// The meeting is a superseded dagsorden: the place is deleted.
    pub superseded: bool,
}

/// A source file that may be shown: the current source of a meeting without closed
/// items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicFile {
    pub document: StoredDocument,
    /// The meeting it is shown with: the referat for a superseded dagsorden's file.
    pub meeting: i64,
    /// The kind of the record read from it.
    pub kind: Kind,
}

/// A meeting's `created`: when its first file came in.
const MEETING_CREATED: &str = "COALESCE((SELECT MIN(d.imported_at) FROM documents d WHERE d.meeting_id = m.id), m.modified_at)";
/// A meeting's `modified`: its own stamp, or its referat's when that is newer (a
/// dagsorden is deleted when the referat comes).
const MEETING_MODIFIED: &str =
    "CASE WHEN s.modified_at > m.modified_at THEN s.modified_at ELSE m.modified_at END";

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

/// A query of meetings (`m`), or of rows joined to their meeting, with the meeting's
/// stamps as its last two columns.
fn with_meeting_stamps(columns: &str, from: &str, conditions: &[String]) -> String {
    format!(
        "SELECT {columns}, {MEETING_CREATED} AS created, {MEETING_MODIFIED} AS modified \
         FROM {from} LEFT JOIN meetings s ON s.id = m.superseded_by{}",
        where_clause(conditions)
    )
}

impl Archive {
    /// A window's page, in id order, of the rows of `inner`: a query with an `id`
    /// column whose last two are `created` and `modified`.
    async fn page_rows(&self, inner: &str, w: &Window) -> Result<Vec<AnyRow>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        // The stamps are expressions: filtered in an outer query, as neither backend
        // lets WHERE name a column alias.
        let sql = format!(
            "SELECT * FROM ({inner}) x{} ORDER BY x.id LIMIT {}",
            where_clause(&stamps),
            w.limit.max(0)
        );
        fetch(self, &sql, &binds).await
    }

    /// A page of meetings in id order.
    pub async fn meeting_page(
        &self,
        w: &Window,
    ) -> Result<Vec<Stamped<MeetingEntry>>, ArchiveError> {
        let mut conditions = w.conditions("m.id");
        if let Some(forum) = w.forum {
            conditions.push(format!("m.forum_id = {forum}"));
        }
        self.meetings_where(conditions, w).await
    }

    /// One meeting, whatever its state.
    pub async fn paged_meeting(
        &self,
        id: i64,
    ) -> Result<Option<Stamped<MeetingEntry>>, ArchiveError> {
        Ok(self
            .meetings_where(vec![format!("m.id = {id}")], &Window::one())
            .await?
            .pop())
    }

    async fn meetings_where(
        &self,
        conditions: Vec<String>,
        w: &Window,
    ) -> Result<Vec<Stamped<MeetingEntry>>, ArchiveError> {
        let heads = self.meeting_heads_where(conditions, w).await?;
        self.meeting_entries(&heads).await
    }

    /// A page of meetings in id order, before their records are read: what a reader
    /// that keeps meetings it has written needs to tell which it has.
    pub async fn meeting_page_heads(
        &self,
        w: &Window,
    ) -> Result<Vec<Stamped<MeetingHead>>, ArchiveError> {
        let mut conditions = w.conditions("m.id");
        if let Some(forum) = w.forum {
            conditions.push(format!("m.forum_id = {forum}"));
        }
        self.meeting_heads_where(conditions, w).await
    }

    async fn meeting_heads_where(
        &self,
        conditions: Vec<String>,
        w: &Window,
    ) -> Result<Vec<Stamped<MeetingHead>>, ArchiveError> {
        let inner = with_meeting_stamps("m.id, m.superseded_by", "meetings m", &conditions);
        let rows = self.page_rows(&inner, w).await?;
        let mut heads = Vec::with_capacity(rows.len());
        for r in &rows {
            let head = MeetingHead {
                id: r.try_get(0)?,
                superseded_by: r.try_get(1)?,
            };
            heads.push(Stamped::from_row(head, r, 2)?);
        }
        Ok(heads)
    }

    /// The meetings of `heads` read: the current ones' records (in outline) and the
    /// files that may be shown of them. A meeting deleted since its head was read is
    /// left out.
    pub async fn meeting_entries(
        &self,
        heads: &[Stamped<MeetingHead>],
    ) -> Result<Vec<Stamped<MeetingEntry>>, ArchiveError> {
        let current: Vec<i64> = heads
            .iter()
            .filter(|h| h.entry.superseded_by.is_none())
            .map(|h| h.entry.id)
            .collect();
        let mut meetings: HashMap<i64, StoredMeeting> = HashMap::new();
        let mut files = Vec::new();
        if !current.is_empty() {
            let list = id_list(&current);
            // The connection goes back before the files are read: an archive opened
            // for one task has only the one.
            let mut conn = self.pool.acquire().await?;
            meetings = stored_meetings_read(&mut conn, &format!("m.id IN ({list})"), outline)
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
            drop(conn);
            files = self
                .files_where(
                    &format!("(m.id IN ({list}) OR m.superseded_by IN ({list}))"),
                    &[],
                    "",
                )
                .await?;
        }
        let mut page = Vec::with_capacity(heads.len());
        for head in heads {
            let id = head.entry.id;
            let entry = match head.entry.superseded_by {
                Some(referat) => MeetingEntry::Superseded { id, referat },
                None => {
                    let Some(meeting) = meetings.remove(&id) else {
                        continue;
                    };
                    let mut paged = PagedMeeting {
                        meeting,
                        file: None,
                        agenda_file: None,
                    };
                    for (source, file) in &files {
                        if *source == id {
                            paged.file = Some(file.clone());
                        } else if file.meeting == id {
                            paged.agenda_file = Some(file.clone());
                        }
                    }
                    MeetingEntry::Current(Box::new(paged))
                }
            };
            page.push(Stamped {
                entry,
                created: head.created.clone(),
                modified: head.modified.clone(),
            });
        }
        Ok(page)
    }

    /// A page of public agenda items in id order.
    pub async fn item_page(&self, w: &Window) -> Result<Vec<Stamped<PagedItem>>, ArchiveError> {
        self.items_where(w.conditions("i.id"), w).await
    }

    /// One public agenda item, whatever the state of its meeting.
    pub async fn paged_item(&self, id: i64) -> Result<Option<Stamped<PagedItem>>, ArchiveError> {
        Ok(self
            .items_where(vec![format!("i.id = {id}")], &Window::one())
            .await?
            .pop())
    }

    async fn items_where(
        &self,
        conditions: Vec<String>,
        w: &Window,
    ) -> Result<Vec<Stamped<PagedItem>>, ArchiveError> {
        let inner = with_meeting_stamps(
            "i.id, i.meeting_id, m.superseded_by",
            "public_items i JOIN meetings m ON m.id = i.meeting_id",
            &conditions,
        );
        let rows = self.page_rows(&inner, w).await?;
        let mut of_meetings = Vec::new();
        for r in &rows {
            let meeting: i64 = r.try_get(1)?;
            if !of_meetings.contains(&meeting) {
                of_meetings.push(meeting);
            }
        }
        if of_meetings.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await?;
        let meetings: HashMap<i64, StoredMeeting> =
            stored_meetings(&mut conn, &format!("m.id IN ({})", id_list(&of_meetings)))
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
        let mut page = Vec::with_capacity(rows.len());
        for r in &rows {
            let (id, meeting): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
            let superseded = r.try_get::<Option<i64>, _>(2)?.is_some();
            let found = meetings.get(&meeting).and_then(|m| {
                m.public_items()
                    .enumerate()
                    .find(|(_, (item_id, _, _))| *item_id == id)
                    .map(|(position, (_, _, item))| (position, item.clone()))
            });
            let Some((position, item)) = found else {
                return Err(ArchiveError::Corrupt(format!(
                    "item {id} is not in the record of meeting {meeting}"
                )));
            };
            let paged = PagedItem {
                id,
                meeting,
                position,
                item,
                superseded,
            };
            page.push(Stamped::from_row(paged, r, 3)?);
        }
        Ok(page)
    }

    /// A page of forums in id order, with their seats.
    pub async fn forum_page(&self, w: &Window) -> Result<Vec<Stamped<PagedForum>>, ArchiveError> {
        self.forums_where(&format!("f.id > {}", w.after.unwrap_or(0)), w)
            .await
    }

    pub async fn paged_forum(&self, id: i64) -> Result<Option<Stamped<PagedForum>>, ArchiveError> {
        Ok(self
            .forums_where(&format!("f.id = {id}"), &Window::one())
            .await?
            .pop())
    }

    async fn forums_where(
        &self,
        condition: &str,
        w: &Window,
    ) -> Result<Vec<Stamped<PagedForum>>, ArchiveError> {
        // A forum changes when one of its meetings does; superseded dagsordener count
        // for `modified` (their replacement is a change) but not for the span.
        let current = "FROM meetings m WHERE m.forum_id = f.id AND m.superseded_by IS NULL";
        let inner = format!(
            "SELECT f.id, f.name, (SELECT COUNT(*) {current}), \
             (SELECT MIN(m.date) {current}), (SELECT MAX(m.date) {current}), \
             (SELECT MAX(m.modified_at) {current}), \
             (SELECT MIN(d.imported_at) FROM meetings m JOIN documents d ON d.meeting_id = m.id \
              WHERE m.forum_id = f.id) AS created, \
             (SELECT MAX(m.modified_at) FROM meetings m WHERE m.forum_id = f.id) AS modified \
             FROM forums f WHERE {condition}"
        );
        let rows = self.page_rows(&inner, w).await?;
        let mut page = Vec::with_capacity(rows.len());
        for r in &rows {
            let forum = ForumSummary::read(r)?;
            let paged = PagedForum {
                forum,
                seats: Vec::new(),
            };
            page.push(Stamped::from_row(paged, r, 6)?);
        }
        if page.is_empty() {
            return Ok(page);
        }
        let ids: Vec<i64> = page.iter().map(|f| f.entry.forum.id).collect();
        // Only who and which role: a forum of twenty years has seats by the thousand,
        // and their stamps (a scan of each person's attendance) are not needed here.
        let mut seats: HashMap<i64, Vec<Seat>> = HashMap::new();
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
            let seat = Seat {
                person: r.try_get(0)?,
                forum: r.try_get(1)?,
                role: r.try_get(2)?,
            };
            seats.entry(seat.forum).or_default().push(seat);
        }
        for f in &mut page {
            f.entry.seats = seats.remove(&f.entry.forum.id).unwrap_or_default();
        }
        Ok(page)
    }

    /// A page of persons in id order, with their memberships.
    pub async fn person_page(&self, w: &Window) -> Result<Vec<Stamped<PagedPerson>>, ArchiveError> {
        self.persons_where(&format!("p.id > {}", w.after.unwrap_or(0)), w)
            .await
    }

    pub async fn paged_person(
        &self,
        id: i64,
    ) -> Result<Option<Stamped<PagedPerson>>, ArchiveError> {
        Ok(self
            .persons_where(&format!("p.id = {id}"), &Window::one())
            .await?
            .pop())
    }

    async fn persons_where(
        &self,
        condition: &str,
        w: &Window,
    ) -> Result<Vec<Stamped<PagedPerson>>, ArchiveError> {
        // A person is as new as the first file that named them, and changes when a
        // meeting they are listed in does.
        let inner = format!(
            "SELECT p.id, p.name, \
             (SELECT MIN(d.imported_at) FROM attendance a JOIN documents d \
              ON d.meeting_id = a.meeting_id WHERE a.person_id = p.id) AS created, \
             (SELECT MAX(m.modified_at) FROM attendance a JOIN meetings m \
              ON m.id = a.meeting_id WHERE a.person_id = p.id) AS modified \
             FROM persons p WHERE {condition}"
        );
        let rows = self.page_rows(&inner, w).await?;
        let mut page = Vec::with_capacity(rows.len());
        for r in &rows {
            let paged = PagedPerson {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                memberships: Vec::new(),
            };
            page.push(Stamped::from_row(paged, r, 2)?);
        }
        if page.is_empty() {
            return Ok(page);
        }
        let ids: Vec<i64> = page.iter().map(|p| p.entry.id).collect();
        let mut seats: HashMap<i64, Vec<Stamped<Membership>>> = HashMap::new();
        for m in self
            .memberships_where(&format!("ms.person_id IN ({})", id_list(&ids)), &[], "", "")
            .await?
        {
            seats.entry(m.entry.person).or_default().push(m);
        }
        for p in &mut page {
            p.entry.memberships = seats.remove(&p.entry.id).unwrap_or_default();
        }
        Ok(page)
    }

    /// A page of memberships in (person, forum, role) order, paged by offset.
    pub async fn membership_page(
        &self,
        w: &Window,
    ) -> Result<Vec<Stamped<Membership>>, ArchiveError> {
        let (stamps, binds) = w.stamp_filters("x.created", "x.modified");
        let page = format!(" LIMIT {} OFFSET {}", w.limit.max(0), w.offset.max(0));
        self.memberships_where("1 = 1", &binds, &where_clause(&stamps), &page)
            .await
    }

    /// The memberships of one person in one forum, one a role.
    pub async fn seats_of(
        &self,
        person: i64,
        forum: i64,
    ) -> Result<Vec<Stamped<Membership>>, ArchiveError> {
        let condition = format!("ms.person_id = {person} AND ms.forum_id = {forum}");
        self.memberships_where(&condition, &[], "", "").await
    }

    /// Memberships with their stamps: a seat is as new as the first file of a
    /// meeting of the forum that listed the person, and changes with such a meeting.
    async fn memberships_where(
        &self,
        condition: &str,
        binds: &[String],
        outer: &str,
        page: &str,
    ) -> Result<Vec<Stamped<Membership>>, ArchiveError> {
        let sql = format!(
            "SELECT * FROM (SELECT ms.person_id, p.name AS person_name, ms.forum_id, \
             f.name AS forum_name, ms.role, ms.organisation, ms.first_seen, ms.last_seen, \
             ms.meetings, \
             (SELECT MIN(d.imported_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
              JOIN documents d ON d.meeting_id = m.id \
              WHERE a.person_id = ms.person_id AND m.forum_id = ms.forum_id) AS created, \
             (SELECT MAX(m.modified_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
              WHERE a.person_id = ms.person_id AND m.forum_id = ms.forum_id) AS modified \
             FROM memberships ms JOIN persons p ON p.id = ms.person_id \
             JOIN forums f ON f.id = ms.forum_id WHERE {condition}) x{outer} \
             ORDER BY x.person_id, x.forum_id, x.role{page}"
        );
        fetch(self, &sql, binds)
            .await?
            .iter()
            .map(|r| Ok(Stamped::from_row(Membership::read(r)?, r, 9)?))
            .collect()
    }

    /// A page of the places of meetings, in meeting id order.
    pub async fn place_page(&self, w: &Window) -> Result<Vec<Stamped<PagedPlace>>, ArchiveError> {
        self.places_where(w.conditions("m.id"), w).await
    }

    /// The place of one meeting, whatever the meeting's state.
    pub async fn paged_place(
        &self,
        meeting: i64,
    ) -> Result<Option<Stamped<PagedPlace>>, ArchiveError> {
        Ok(self
            .places_where(vec![format!("m.id = {meeting}")], &Window::one())
            .await?
            .pop())
    }

    async fn places_where(
        &self,
        mut conditions: Vec<String>,
        w: &Window,
    ) -> Result<Vec<Stamped<PagedPlace>>, ArchiveError> {
        conditions.push("m.location IS NOT NULL".into());
        let inner = with_meeting_stamps(
            "m.id, m.location, m.superseded_by",
            "meetings m",
            &conditions,
        );
        self.page_rows(&inner, w)
            .await?
            .iter()
            .map(|r| {
                let place = PagedPlace {
                    meeting: r.try_get(0)?,
                    description: r.try_get(1)?,
                    superseded: r.try_get::<Option<i64>, _>(2)?.is_some(),
                };
                Ok(Stamped::from_row(place, r, 3)?)
            })
            .collect()
    }

    /// A page of the files that may be shown, in id order; a file's stamps are when
    /// it was imported.
    pub async fn file_page(&self, w: &Window) -> Result<Vec<PublicFile>, ArchiveError> {
        let (mut conditions, binds) = w.stamp_filters("d.imported_at", "d.imported_at");
        conditions.push(format!("d.id > {}", w.after.unwrap_or(0)));
        let files = self
            .files_where(
                &conditions.join(" AND "),
                &binds,
                &format!(" LIMIT {}", w.limit.max(0)),
            )
            .await?;
        Ok(files.into_iter().map(|(_, f)| f).collect())
    }

    /// One file, if it may be shown.
    pub async fn public_file(&self, id: i64) -> Result<Option<PublicFile>, ArchiveError> {
        let mut files = self.files_where(&format!("d.id = {id}"), &[], "").await?;
        Ok(files.pop().map(|(_, f)| f))
    }

    /// Files matching a condition on `d` and `m` (the meeting the file is the current
    /// source of): (that meeting, file).
    async fn files_where(
        &self,
        condition: &str,
        binds: &[String],
        limit: &str,
    ) -> Result<Vec<(i64, PublicFile)>, ArchiveError> {
        // Only a meeting's current source, and only when the meeting has no closed
        // item: the file would show it. Older versions and copies are never offered,
        // as nothing says what they hold.
        let sql = format!(
            "SELECT d.id, d.path, d.format, d.sha256, d.size, d.imported_at, d.meeting_id, m.id, \
             COALESCE(m.superseded_by, m.id), m.kind \
             FROM documents d JOIN meetings m ON m.document_id = d.id \
             WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = m.id AND i.closed = 1) \
             AND {condition} ORDER BY d.id{limit}"
        );
        fetch(self, &sql, binds)
            .await?
            .iter()
            .map(|r| {
                let document = StoredDocument {
                    id: r.try_get(0)?,
                    path: r.try_get(1)?,
                    format: r.try_get(2)?,
                    sha256: r.try_get(3)?,
                    size: r.try_get(4)?,
                    imported_at: r.try_get(5)?,
                    meeting: r.try_get(6)?,
                };
                let file = PublicFile {
                    document,
                    meeting: r.try_get(8)?,
                    kind: stored(r, 9)?,
                };
                Ok((r.try_get(7)?, file))
            })
            .collect()
    }
}

/// A stored record read without its items' sections and its warnings: the parser
/// skips them without building a string of them. A page of twenty meetings spent
/// most of its time reading the sections' text only to drop it.
fn outline(json: &str) -> serde_json::Result<Meeting> {
    /// The fields of a record a page shows; any others are skipped.
    #[derive(Deserialize)]
    struct Outline {
        kind: Kind,
        body: Option<String>,
        date: Option<Date>,
        weekday: Option<WrittenWeekday>,
        start: Option<ClockTime>,
        end: Option<ClockTime>,
        location: Option<String>,
        chair: Option<String>,
        #[serde(default)]
        participants: Vec<Participant>,
        #[serde(default)]
        items: Vec<ItemOutline>,
    }
    #[derive(Deserialize)]
    struct ItemOutline {
        number: Option<String>,
        title: String,
        start: Option<ClockTime>,
        end: Option<ClockTime>,
        duration_min: Option<u32>,
        #[serde(default)]
        presenters: Vec<String>,
        #[serde(default)]
        recommendations: Vec<Recommendation>,
        decision: Option<String>,
        #[serde(flatten, with = "referat_model::attachment_fields")]
        attachments: Vec<Attachment>,
        #[serde(default)]
        closed: bool,
    }
    let o: Outline = serde_json::from_str(json)?;
    let mut meeting = Meeting::new(o.kind);
    meeting.body = o.body;
    meeting.date = o.date;
    meeting.weekday = o.weekday;
    meeting.start = o.start;
    meeting.end = o.end;
    meeting.location = o.location;
    meeting.chair = o.chair;
    meeting.participants = o.participants;
    meeting.items = o
        .items
        .into_iter()
        .map(|i| AgendaItem {
            number: i.number,
            title: i.title,
            start: i.start,
            end: i.end,
            duration_min: i.duration_min,
            presenters: i.presenters,
            recommendations: i.recommendations,
            decision: i.decision,
            attachments: i.attachments,
            sections: Vec::new(),
            closed: i.closed,
            source: None,
            lines: None,
        })
        .collect();
    Ok(meeting)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use referat_model::{Outcome, Section};

    use super::*;

    #[test]
    fn an_outline_is_the_record_without_sections_and_warnings() {
        let mut meeting = Meeting::new(Kind::Referat);
        meeting.body = Some("Økonomiudvalget".into());
        meeting.location = Some("Rådhuset".into());
        meeting.items.push(AgendaItem {
            number: Some("3".into()),
            title: "Budget".into(),
            start: None,
            end: None,
            duration_min: Some(40),
            presenters: vec!["Anne Holm".into()],
            recommendations: vec![Recommendation {
                text: "Godkender budgettet.".into(),
                outcome: Outcome::Adopted,
                outcome_source: None,
            }],
            decision: Some("Godkendt.".into()),
            attachments: vec![Attachment::titled("Bilag 1")],
            sections: vec![Section {
                heading: Some("Sagsfremstilling".into()),
                text: "Lang tekst.".into(),
            }],
            closed: true,
            source: None,
            lines: None,
        });
        let json = serde_json::to_string(&meeting).unwrap();
        let read = outline(&json).unwrap();
        let mut expected = meeting.clone();
        expected.items[0].sections.clear();
        assert_eq!(read, expected);
        assert_ne!(read, meeting, "the sections are left out");
    }
}

//! The OParl 1.1 API under `/oparl/v1/`: the system, its one body, and external
//! object lists of organizations (forums), persons, memberships, meetings, agenda
//! items, files and locations, each object at `/oparl/v1/{type}/{id}`, that URL being
//! its `id`.
//!
//! The OParl vocabulary is here, and only here: the archive hands out neutral pages
//! (entries with their stamps, deleted ones when asked for); this module names them
//! in OParl's terms, as the serde structs below. What referat knows beyond OParl is
//! under the vendor prefix `referat:` (attendance with substitutes, recommendations
//! with outcomes, sections, presenters); the OpenAPI document (`/api/openapi.json`)
//! lists them. A dagsorden superseded by its referat is one meeting with it: it is
//! shown as a deleted Meeting whose `referat:supersededBy` names the referat, and its
//! file becomes the referat's `invitation`. Deleted objects are listed only to a
//! client that asks what changed since a time (`modified_since`, spec 2.8). Closed
//! items are nowhere, nor a file that holds one.

use std::collections::{BTreeSet, HashMap};

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use referat_archive::{
    MeetingEntry, PagedForum, PagedItem, PagedMeeting, PagedPerson, PagedPlace, PublicFile,
    Stamped, Window, sha256_hex,
};
use referat_model::{Attendance, ClockTime, Date, Kind, Outcome};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::api_error::ApiError;
use crate::{AppState, Config, WebError};

const SCHEMA: &str = "https://schema.oparl.org/1.1/";
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;

/// The object lists, by the names their URLs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Body,
    Organization,
    Person,
    Membership,
    Meeting,
    AgendaItem,
    File,
    Location,
    Paper,
}

impl List {
    const ALL: [List; 9] = [
        List::Body,
        List::Organization,
        List::Person,
        List::Membership,
        List::Meeting,
        List::AgendaItem,
        List::File,
        List::Location,
        List::Paper,
    ];

    fn path(self) -> &'static str {
        match self {
            List::Body => "body",
            List::Organization => "organization",
            List::Person => "person",
            List::Membership => "membership",
            List::Meeting => "meeting",
            List::AgendaItem => "agendaItem",
            List::File => "file",
            List::Location => "location",
            List::Paper => "paper",
        }
    }

    fn from_path(path: &str) -> Option<List> {
        List::ALL.into_iter().find(|l| l.path() == path)
    }
}

pub fn routes() -> Router<AppState> {
    let api = Router::new()
        .route("/v1", get(system))
        .route("/v1/system", get(system))
        .route("/v1/{list}", get(list))
        .route("/v1/{list}/{id}", get(object))
        .fallback(|| async { ApiError::not_found("OParl resource") });
    Router::new().nest("/oparl", api)
}

/// A JSON answer with OParl's CORS header.
fn answer(body: impl Serialize) -> Response {
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn type_of(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

/// Absolute URLs of this API.
struct Urls<'a>(&'a Config);

impl Urls<'_> {
    fn list(&self, list: List) -> String {
        self.0.url(&format!("/oparl/v1/{}", list.path()))
    }
    fn system(&self) -> String {
        self.0.url("/oparl/v1/system")
    }
    fn object(&self, list: List, id: impl std::fmt::Display) -> String {
        self.0.url(&format!("/oparl/v1/{}/{id}", list.path()))
    }
    fn body(&self) -> String {
        self.object(List::Body, 1)
    }
    fn web(&self, path: &str) -> String {
        self.0.url(path)
    }
}

// The OParl objects, as the specification names their fields. An `Option` field
// left out when `None` is one OParl leaves out when unknown; a field written as
// `null` is one the object always carries.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct System {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    oparl_version: &'static str,
    name: &'static str,
    body: String,
    website: String,
    web: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    system: String,
    name: String,
    website: String,
    organization: String,
    person: String,
    membership: String,
    meeting: String,
    agenda_item: String,
    file: String,
    location_list: String,
    /// referat reads meetings, not case papers: the list is there, and empty.
    paper: String,
    legislative_term: [String; 0],
    web: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    body: String,
    name: String,
    organization_type: &'static str,
    membership: Vec<String>,
    meeting: String,
    web: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(
        rename = "referat:lastMeetingDate",
        skip_serializing_if = "Option::is_none"
    )]
    last_meeting_date: Option<Date>,
    #[serde(flatten)]
    stamps: Stamps,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Person {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    body: String,
    name: String,
    web: String,
    /// Left out with `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    membership: Option<Vec<Membership>>,
    #[serde(flatten)]
    stamps: Stamps,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Membership {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    person: String,
    organization: String,
    role: String,
    #[serde(rename = "referat:meetings")]
    meetings: i64,
    /// The first meeting the person is seen in; no end date, as the archive cannot
    /// tell a seat that ended from one whose next meeting is not yet in.
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(rename = "referat:lastSeen", skip_serializing_if = "Option::is_none")]
    last_seen: Option<Date>,
    #[serde(
        rename = "referat:organisation",
        skip_serializing_if = "Option::is_none"
    )]
    organisation: Option<String>,
    #[serde(flatten)]
    stamps: Stamps,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meeting {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    meeting_state: &'static str,
    cancelled: bool,
    organization: Vec<String>,
    /// Only people who took part; the absent are in `referat:attendance`.
    participant: Vec<String>,
    web: String,
    #[serde(flatten)]
    stamps: Stamps,
    #[serde(rename = "referat:kind")]
    record_kind: Kind,
    #[serde(rename = "referat:attendance")]
    attendance: Vec<Attendee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(rename = "referat:date", skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(rename = "referat:chair", skip_serializing_if = "Option::is_none")]
    chair: Option<String>,
    #[serde(rename = "referat:supersedes", skip_serializing_if = "Option::is_none")]
    supersedes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results_protocol: Option<File>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invitation: Option<File>,
    /// Left out with `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    agenda_item: Option<Vec<AgendaItem>>,
}

/// A participant as referat lists them, absent or not.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Attendee {
    person: String,
    name: String,
    group: Option<String>,
    role: Option<String>,
    attendance: Attendance,
    substitute_for: Option<String>,
    items: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgendaItem {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    meeting: String,
    number: Option<String>,
    order: usize,
    name: String,
    public: bool,
    web: String,
    #[serde(flatten)]
    stamps: Stamps,
    #[serde(rename = "referat:recommendations")]
    recommendations: Vec<Recommendation>,
    #[serde(rename = "referat:presenters")]
    presenters: Vec<String>,
    #[serde(rename = "referat:attachments")]
    attachments: Vec<String>,
    /// Embedded in a meeting, an item comes without its sections: they are most of
    /// an item's text, and a page of twenty meetings with them ran to 600 KB. Its own
    /// URL has them.
    #[serde(rename = "referat:sections", skip_serializing_if = "Option::is_none")]
    sections: Option<Vec<Section>>,
    /// The decision is OParl's resolution text.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
}

#[derive(Serialize)]
struct Recommendation {
    text: String,
    outcome: Outcome,
}

#[derive(Serialize)]
struct Section {
    heading: Option<String>,
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct File {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    file_name: String,
    mime_type: &'static str,
    size: i64,
    access_url: String,
    download_url: String,
    meeting: [String; 1],
    created: String,
    modified: String,
    #[serde(rename = "referat:kind")]
    record_kind: Kind,
    #[serde(rename = "referat:format")]
    format: String,
    #[serde(rename = "referat:sha256")]
    sha256: String,
}

#[derive(Serialize)]
struct Location {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    description: String,
    meetings: [String; 1],
    #[serde(flatten)]
    stamps: Stamps,
}

/// What OParl keeps of a deleted object (spec 2.8).
#[derive(Serialize)]
struct Deleted {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(flatten)]
    stamps: Stamps,
    deleted: bool,
    #[serde(
        rename = "referat:supersededBy",
        skip_serializing_if = "Option::is_none"
    )]
    superseded_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<usize>,
}

/// `created` and `modified`, where known.
#[derive(Serialize)]
struct Stamps {
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
}

impl<T> From<&Stamped<T>> for Stamps {
    fn from(s: &Stamped<T>) -> Stamps {
        Stamps {
            created: s.created.clone(),
            modified: s.modified.clone(),
        }
    }
}

/// Any object an answer holds.
#[derive(Serialize)]
#[serde(untagged)]
enum Object {
    Body(Box<Body>),
    Organization(Organization),
    Person(Person),
    Membership(Membership),
    Meeting(Box<Meeting>),
    AgendaItem(Box<AgendaItem>),
    File(File),
    Location(Location),
    Deleted(Deleted),
    /// An object written before (see `WrittenMeetings`).
    Written(Box<RawValue>),
}

/// An external object list page.
#[derive(Serialize)]
struct ListPage {
    data: Vec<Object>,
    pagination: Pagination,
    links: Links,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    elements_per_page: i64,
}

#[derive(Serialize)]
struct Links {
    first: String,
    #[serde(rename = "self")]
    this: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

async fn system(State(state): State<AppState>) -> Response {
    let urls = Urls(&state.config);
    answer(System {
        id: urls.system(),
        kind: type_of("System"),
        oparl_version: SCHEMA,
        name: "referat",
        body: urls.list(List::Body),
        website: urls.web("/"),
        web: urls.web("/"),
    })
}

/// The list parameters OParl defines, checked.
#[derive(Debug, Default)]
struct Params {
    window: Window,
    page: i64,
    omit_internal: bool,
    /// The parameters as given (filters and `organization`), kept in every link.
    kept: Vec<(String, String)>,
}

fn parse_params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Params, ApiError> {
    let Query(pairs) =
        query.map_err(|_| ApiError::bad_request("the query string cannot be read"))?;
    let mut p = Params {
        window: Window {
            limit: DEFAULT_LIMIT,
            ..Window::default()
        },
        page: 1,
        ..Params::default()
    };
    for (key, value) in pairs {
        let number = |what: &str| {
            value
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| ApiError::bad_request(format!("{what} must be a positive integer")))
        };
        match key.as_str() {
            "created_since" | "created_until" | "modified_since" | "modified_until" => {
                let stamp = timestamp(&value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "{key} must be a date-time with an offset, \
                         such as 2025-01-31T12:00:00+01:00"
                    ))
                })?;
                let slot = match key.as_str() {
                    "created_since" => &mut p.window.created_since,
                    "created_until" => &mut p.window.created_until,
                    "modified_since" => &mut p.window.modified_since,
                    _ => &mut p.window.modified_until,
                };
                *slot = Some(stamp);
                p.kept.push((key, value));
            }
            "limit" => p.window.limit = number("limit")?.min(MAX_LIMIT),
            "after" => p.window.after = Some(number("after")?),
            "page" => p.page = number("page")?,
            "organization" => {
                p.window.forum = Some(number("organization")?);
                p.kept.push((key, value));
            }
            "omit_internal" => match value.as_str() {
                "true" => p.omit_internal = true,
                "false" => p.omit_internal = false,
                _ => return Err(ApiError::bad_request("omit_internal must be true or false")),
            },
            // Other parameters are not OParl's; a client may send its own.
            _ => {}
        }
    }
    if p.omit_internal {
        p.kept.push(("omit_internal".into(), "true".into()));
    }
    p.window.offset = (p.page - 1).saturating_mul(p.window.limit);
    // OParl lists deleted objects only to a client that asks what changed since a
    // time.
    p.window.with_deleted = p.window.modified_since.is_some();
    Ok(p)
}

/// An OParl date-time filter as the archive's UTC stamp text. A `+` of the offset
/// that came unencoded reads as a space: taken back as the `+` it was.
fn timestamp(raw: &str) -> Option<String> {
    let raw = raw.trim().replace(' ', "+");
    let t: jiff::Timestamp = raw.parse().ok()?;
    Some(t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A list page: the objects, and whether there were more.
struct Page {
    data: Vec<Object>,
    /// The cursor of the next page: the last id of this one, or the next page number.
    next: Option<(String, String)>,
}

async fn list(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(list) = path.map_err(|_| ApiError::not_found("OParl list"))?;
    let list = List::from_path(&list).ok_or(ApiError::not_found("OParl list"))?;
    let params = parse_params(query)?;
    let urls = Urls(&state.config);
    let limit = params.window.limit;
    // One more than asked for tells whether there is a next page.
    let mut window = params.window.clone();
    window.limit = limit + 1;
    let archive = &state.archive;
    let omit = params.omit_internal;
    let page = match list {
        List::Body => Page {
            data: vec![Object::Body(Box::new(body(&state.config)))],
            next: None,
        },
        List::Paper => Page {
            data: Vec::new(),
            next: None,
        },
        List::Organization => {
            let forums = archive.forum_page(&window).await?;
            paged_by_id(
                &forums,
                |f| f.entry.forum.id,
                |f| organization(&urls, f),
                limit,
            )
        }
        List::Person => {
            let persons = archive.person_page(&window).await?;
            paged_by_id(&persons, |p| p.entry.id, |p| person(&urls, p, omit), limit)
        }
        List::Membership => {
            let seats = archive.membership_page(&window).await?;
            let more = seats.len() as i64 > limit;
            Page {
                data: seats
                    .iter()
                    .take(usize::try_from(limit).unwrap_or(0))
                    .map(|m| Object::Membership(membership(&urls, m)))
                    .collect(),
                next: more.then(|| ("page".to_string(), (params.page + 1).to_string())),
            }
        }
        List::Meeting => meeting_page(&state, &urls, &window, limit, omit).await?,
        List::AgendaItem => {
            let items = archive.item_page(&window).await?;
            paged_by_id(&items, |i| i.entry.id, |i| agenda_item(&urls, i), limit)
        }
        List::File => {
            let files = archive.file_page(&window).await?;
            paged_by_id(
                &files,
                |f| f.document.id,
                |f| Object::File(file(&urls, f)),
                limit,
            )
        }
        List::Location => {
            let places = archive.place_page(&window).await?;
            paged_by_id(&places, |l| l.entry.meeting, |l| location(&urls, l), limit)
        }
    };
    let link = |cursor: Option<&(String, String)>| {
        let mut pairs = params.kept.clone();
        if limit != DEFAULT_LIMIT {
            pairs.push(("limit".into(), limit.to_string()));
        }
        pairs.extend(cursor.cloned());
        with_query(&urls.list(list), &pairs)
    };
    let current = if let Some(after) = params.window.after {
        Some(("after".to_string(), after.to_string()))
    } else if params.page > 1 {
        Some(("page".to_string(), params.page.to_string()))
    } else {
        None
    };
    Ok(answer(ListPage {
        data: page.data,
        pagination: Pagination {
            elements_per_page: limit,
        },
        links: Links {
            first: link(None),
            this: link(current.as_ref()),
            next: page.next.as_ref().map(|next| link(Some(next))),
        },
    }))
}

/// A page of the meeting list: the meetings written before copied, the others read
/// and written (and kept for the next page that shows them).
async fn meeting_page(
    state: &AppState,
    urls: &Urls<'_>,
    window: &Window,
    limit: i64,
    omit: bool,
) -> Result<Page, ApiError> {
    let written = &state.written_meetings;
    let read = written.generation();
    let heads = state.archive.meeting_page_heads(window).await?;
    let (shown, next) = page_window(&heads, |h| h.entry.id, limit);
    let mut objects: HashMap<i64, Object> = HashMap::with_capacity(shown.len());
    let mut unread = Vec::new();
    for head in shown {
        let id = head.entry.id;
        if let Some(referat) = head.entry.superseded_by {
            let entry = Stamped {
                entry: MeetingEntry::Superseded { id, referat },
                created: head.created.clone(),
                modified: head.modified.clone(),
            };
            objects.insert(id, meeting(urls, &entry, omit));
        } else if let Some(object) = written.get(id, head.modified.as_deref(), omit) {
            objects.insert(id, Object::Written(object));
        } else {
            unread.push(head.clone());
        }
    }
    if !unread.is_empty() {
        for entry in state.archive.meeting_entries(&unread).await? {
            let id = entry.entry.id();
            let object = serde_json::value::to_raw_value(&meeting(urls, &entry, omit))
                .map_err(|e| ApiError(WebError::Internal(format!("writing meeting {id}: {e}"))))?;
            written.keep(read, id, entry.modified.as_deref(), omit, object.clone());
            objects.insert(id, Object::Written(object));
        }
    }
    // In the heads' order; a meeting deleted since its head was read is left out.
    let data = shown
        .iter()
        .filter_map(|h| objects.remove(&h.entry.id))
        .collect();
    Ok(Page { data, next })
}

/// The first `limit` entries as objects, and the cursor after the last of them if
/// there were more.
fn paged_by_id<T>(
    entries: &[T],
    id: impl Fn(&T) -> i64,
    object: impl Fn(&T) -> Object,
    limit: i64,
) -> Page {
    let (shown, next) = page_window(entries, id, limit);
    Page {
        data: shown.iter().map(object).collect(),
        next,
    }
}

/// The entries a page of `limit` shows (one more was read to tell whether there are
/// more), and where the next page starts: after the last shown, if there are more.
fn page_window<T>(
    entries: &[T],
    id: impl Fn(&T) -> i64,
    limit: i64,
) -> (&[T], Option<(String, String)>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    let shown = entries.get(..limit).unwrap_or(entries);
    let next = match (entries.len() > limit, shown.last()) {
        (true, Some(last)) => Some(("after".into(), id(last).to_string())),
        _ => None,
    };
    (shown, next)
}

/// A URL with query parameters, percent-encoded.
fn with_query(base: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return base.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn object(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path((list, raw)) = path.map_err(|_| ApiError::not_found("OParl object"))?;
    let list = List::from_path(&list).ok_or(ApiError::not_found("OParl object"))?;
    let omit = parse_params(query)?.omit_internal;
    let urls = Urls(&state.config);
    let archive = &state.archive;
    if list == List::Membership {
        let (person, forum) =
            parse_membership_key(&raw).ok_or(ApiError::not_found("membership"))?;
        let seat = archive
            .seats_of(person, forum)
            .await?
            .into_iter()
            .find(|m| membership_key(m.entry.person, m.entry.forum.id, &m.entry.role) == raw)
            .ok_or(ApiError::not_found("membership"))?;
        return Ok(answer(membership(&urls, &seat)));
    }
    let id = raw
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(ApiError::not_found("OParl object"))?;
    let found = match list {
        List::Body => (id == 1).then(|| Object::Body(Box::new(body(&state.config)))),
        List::Organization => archive
            .paged_forum(id)
            .await?
            .map(|f| organization(&urls, &f)),
        List::Person => archive
            .paged_person(id)
            .await?
            .map(|p| person(&urls, &p, omit)),
        List::Meeting => archive
            .paged_meeting(id)
            .await?
            .map(|m| meeting(&urls, &m, omit)),
        List::AgendaItem => archive
            .paged_item(id)
            .await?
            .map(|i| agenda_item(&urls, &i)),
        List::File => archive
            .public_file(id)
            .await?
            .map(|f| Object::File(file(&urls, &f))),
        List::Location => archive.paged_place(id).await?.map(|l| location(&urls, &l)),
        List::Membership | List::Paper => None,
    };
    found.map(answer).ok_or(ApiError::not_found("OParl object"))
}

fn body(config: &Config) -> Body {
    let urls = Urls(config);
    Body {
        id: urls.body(),
        kind: type_of("Body"),
        system: urls.system(),
        name: config.body_name.clone(),
        website: urls.web("/"),
        organization: urls.list(List::Organization),
        person: urls.list(List::Person),
        membership: urls.list(List::Membership),
        meeting: urls.list(List::Meeting),
        agenda_item: urls.list(List::AgendaItem),
        file: urls.list(List::File),
        location_list: urls.list(List::Location),
        paper: urls.list(List::Paper),
        legislative_term: [],
        web: urls.web("/"),
    }
}

/// A membership's key, its id in URLs: `{person}-{forum}-{hash of role}`, the same
/// for the same data however often it is imported.
fn membership_key(person: i64, forum: i64, role: &str) -> String {
    let hash = sha256_hex(role.as_bytes());
    format!("{person}-{forum}-{}", hash.get(..10).unwrap_or(&hash))
}

/// The person and forum of a membership key, if it has the form.
fn parse_membership_key(key: &str) -> Option<(i64, i64)> {
    let mut parts = key.splitn(3, '-');
    let person = parts.next()?.parse().ok()?;
    let forum = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((person, forum))
}

/// A deleted object.
fn deleted<T>(urls: &Urls, list: List, name: &str, id: i64, stamped: &Stamped<T>) -> Deleted {
    Deleted {
        id: urls.object(list, id),
        kind: type_of(name),
        stamps: stamped.into(),
        deleted: true,
        superseded_by: None,
        order: None,
    }
}

fn organization(urls: &Urls, f: &Stamped<PagedForum>) -> Object {
    let forum = &f.entry.forum;
    Object::Organization(Organization {
        id: urls.object(List::Organization, forum.id),
        kind: type_of("Organization"),
        body: urls.body(),
        name: forum.name.clone(),
        organization_type: "Gremium",
        membership: f
            .entry
            .seats
            .iter()
            .map(|s| {
                let key = membership_key(s.person, s.forum, &s.role);
                urls.object(List::Membership, key)
            })
            .collect(),
        meeting: with_query(
            &urls.list(List::Meeting),
            &[("organization".into(), forum.id.to_string())],
        ),
        web: urls.web(&format!("/forums/{}", forum.id)),
        start_date: forum.first_date,
        last_meeting_date: forum.last_date,
        stamps: f.into(),
    })
}

fn person(urls: &Urls, p: &Stamped<PagedPerson>, omit_internal: bool) -> Object {
    let memberships = &p.entry.memberships;
    Object::Person(Person {
        id: urls.object(List::Person, p.entry.id),
        kind: type_of("Person"),
        body: urls.body(),
        name: p.entry.name.clone(),
        web: urls.web(&format!("/people/{}", p.entry.id)),
        membership: (!omit_internal)
            .then(|| memberships.iter().map(|m| membership(urls, m)).collect()),
        stamps: p.into(),
    })
}

fn membership(urls: &Urls, m: &Stamped<referat_archive::Membership>) -> Membership {
    let seat = &m.entry;
    Membership {
        id: urls.object(
            List::Membership,
            membership_key(seat.person, seat.forum.id, &seat.role),
        ),
        kind: type_of("Membership"),
        person: urls.object(List::Person, seat.person),
        organization: urls.object(List::Organization, seat.forum.id),
        role: seat.role.clone(),
        meetings: seat.meetings,
        start_date: seat.first_seen,
        last_seen: seat.last_seen,
        organisation: seat.organisation.clone(),
        stamps: m.into(),
    }
}

fn meeting(urls: &Urls, m: &Stamped<MeetingEntry>, omit_internal: bool) -> Object {
    let paged = match &m.entry {
        MeetingEntry::Superseded { id, referat } => {
            let mut o = deleted(urls, List::Meeting, "Meeting", *id, m);
            o.superseded_by = Some(urls.object(List::Meeting, referat));
            return Object::Deleted(o);
        }
        MeetingEntry::Current(paged) => paged,
    };
    let PagedMeeting {
        meeting: stored,
        file: own,
        agenda_file,
    } = paged.as_ref();
    let record = &stored.record;
    let forum = stored.forum.as_ref();
    let date = record.date;
    let name = match (forum.map(|f| f.name.as_str()), date) {
        (Some(f), Some(d)) => format!("{f} {d}"),
        (Some(f), None) => f.to_string(),
        (None, Some(d)) => format!("Møde {d}"),
        (None, None) => "Møde".to_string(),
    };
    let people = || record.participants.iter().zip(&stored.persons);
    let mut seen = BTreeSet::new();
    let participant = people()
        .filter(|(p, person)| p.attendance != Attendance::Absent && seen.insert(**person))
        .map(|(_, person)| urls.object(List::Person, person))
        .collect();
    let attendance = people()
        .map(|(p, person)| Attendee {
            person: urls.object(List::Person, person),
            name: p.name.clone(),
            group: p.group.clone(),
            role: p.role.clone(),
            attendance: p.attendance,
            substitute_for: p.substitute_for.clone(),
            items: p.items.clone(),
        })
        .collect();
    let (results_protocol, invitation) = match record.kind {
        Kind::Referat => (own.as_ref(), agenda_file.as_ref()),
        Kind::Dagsorden => (None, own.as_ref()),
    };
    let agenda_item = (!omit_internal).then(|| {
        stored
            .public_items()
            .enumerate()
            .map(|(position, (id, _, item))| {
                embedded_item(urls, stored.id, id, position, item, date, m)
            })
            .collect()
    });
    Object::Meeting(Box::new(Meeting {
        id: urls.object(List::Meeting, stored.id),
        kind: type_of("Meeting"),
        name,
        // OParl's own words for an agenda sent out and a meeting held.
        meeting_state: match record.kind {
            Kind::Referat => "durchgeführt",
            Kind::Dagsorden => "eingeladen",
        },
        cancelled: false,
        organization: forum
            .map(|f| urls.object(List::Organization, f.id))
            .into_iter()
            .collect(),
        participant,
        web: urls.web(&format!("/meetings/{}", stored.id)),
        stamps: m.into(),
        record_kind: record.kind,
        attendance,
        start: date.and_then(|d| record.start.map(|t| local_time(d, t, None))),
        end: date.and_then(|d| record.end.map(|t| local_time(d, t, record.start))),
        date,
        location: record.location.as_ref().map(|place| Location {
            id: urls.object(List::Location, stored.id),
            kind: type_of("Location"),
            description: place.clone(),
            meetings: [urls.object(List::Meeting, stored.id)],
            stamps: m.into(),
        }),
        chair: record.chair.clone(),
        supersedes: stored
            .supersedes
            .map(|agenda| urls.object(List::Meeting, agenda)),
        results_protocol: results_protocol.map(|f| file(urls, f)),
        invitation: invitation.map(|f| file(urls, f)),
        agenda_item,
    }))
}

/// Denmark's rule (CET, summer time as in the EU), without needing a tz database on
/// the server; read once, as a page of meetings asks for it at every time it shows.
static DANISH_TIME: std::sync::LazyLock<Result<jiff::tz::TimeZone, jiff::Error>> =
    std::sync::LazyLock::new(|| jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3"));

/// A clock time on a date in Danish local time, with its offset. An end before the
/// start is past midnight.
fn local_time(date: Date, time: ClockTime, start: Option<ClockTime>) -> String {
    let past_midnight = time.hour() == 24 || start.is_some_and(|s| time < s);
    let clock = jiff::civil::Time::new(
        i8::try_from(time.hour() % 24).unwrap_or(0),
        i8::try_from(time.minute()).unwrap_or(0),
        0,
        0,
    )
    .unwrap_or(jiff::civil::Time::midnight());
    let date = if past_midnight {
        date.tomorrow().unwrap_or(date)
    } else {
        date
    };
    let zoned = DANISH_TIME
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|tz| date.to_datetime(clock).to_zoned(tz.clone()));
    match zoned {
        Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => date.to_datetime(clock).to_string(),
    }
}

/// An item inside its meeting: without its sections, with its times on the
/// meeting's date.
fn embedded_item<T>(
    urls: &Urls,
    meeting: i64,
    id: i64,
    position: usize,
    item: &referat_model::AgendaItem,
    date: Option<Date>,
    stamps: &Stamped<T>,
) -> AgendaItem {
    let mut o = item_object(urls, meeting, id, position, item, stamps);
    if let Some(d) = date {
        o.start = item.start.map(|t| local_time(d, t, None));
        o.end = item.end.map(|t| local_time(d, t, item.start));
    }
    o
}

/// An item at its own URL or in the item list: with its sections.
fn agenda_item(urls: &Urls, i: &Stamped<PagedItem>) -> Object {
    let PagedItem {
        id,
        meeting,
        position,
        item,
        superseded,
    } = &i.entry;
    if *superseded {
        let mut o = deleted(urls, List::AgendaItem, "AgendaItem", *id, i);
        o.order = Some(*position);
        return Object::Deleted(o);
    }
    let mut o = item_object(urls, *meeting, *id, *position, item, i);
    o.sections = Some(
        item.sections
            .iter()
            .map(|s| Section {
                heading: s.heading.clone(),
                text: s.text.clone(),
            })
            .collect(),
    );
    Object::AgendaItem(Box::new(o))
}

/// The fields of an item every form of it has.
fn item_object<T>(
    urls: &Urls,
    meeting: i64,
    id: i64,
    position: usize,
    item: &referat_model::AgendaItem,
    stamps: &Stamped<T>,
) -> AgendaItem {
    AgendaItem {
        id: urls.object(List::AgendaItem, id),
        kind: type_of("AgendaItem"),
        meeting: urls.object(List::Meeting, meeting),
        number: item.number.clone(),
        order: position,
        name: item.title.clone(),
        public: true,
        web: urls.web(&format!("/items/{id}")),
        stamps: stamps.into(),
        recommendations: item
            .recommendations
            .iter()
            .map(|r| Recommendation {
                text: r.text.clone(),
                outcome: r.outcome,
            })
            .collect(),
        presenters: item.presenters.clone(),
        attachments: item.attachments.iter().map(|a| a.title.clone()).collect(),
        sections: None,
        resolution_text: item.decision.clone(),
        start: None,
        end: None,
    }
}

fn file(urls: &Urls, f: &PublicFile) -> File {
    let d = &f.document;
    let name = d
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(d.path.as_str())
        .to_string();
    // As `/documents/{id}` serves it: an imported web page is plain text there.
    let mime = match d.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/plain",
    };
    let access = urls.web(&format!("/documents/{}", d.id));
    File {
        id: urls.object(List::File, d.id),
        kind: type_of("File"),
        file_name: name.clone(),
        name,
        mime_type: mime,
        size: d.size,
        download_url: access.clone(),
        access_url: access,
        meeting: [urls.object(List::Meeting, f.meeting)],
        created: d.imported_at.clone(),
        modified: d.imported_at.clone(),
        record_kind: f.kind,
        format: d.format.clone(),
        sha256: d.sha256.clone(),
    }
}

fn location(urls: &Urls, l: &Stamped<PagedPlace>) -> Object {
    let place = &l.entry;
    if place.superseded {
        return Object::Deleted(deleted(urls, List::Location, "Location", place.meeting, l));
    }
    Object::Location(Location {
        id: urls.object(List::Location, place.meeting),
        kind: type_of("Location"),
        description: place.description.clone(),
        meetings: [urls.object(List::Meeting, place.meeting)],
        stamps: l.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_utc_stamps() {
        assert_eq!(
            timestamp("2025-01-31T12:00:00+01:00").as_deref(),
            Some("2025-01-31T11:00:00Z")
        );
        // An unencoded '+' arrives as a space.
        assert_eq!(
            timestamp("2025-06-01T00:00:00 02:00").as_deref(),
            Some("2025-05-31T22:00:00Z")
        );
        assert_eq!(timestamp("2025-01-31"), None);
        assert_eq!(timestamp("yesterday"), None);
    }

    #[test]
    fn local_times_carry_the_danish_offset() {
        let at = |h, m| ClockTime::new(h, m).unwrap();
        let date = jiff::civil::date;
        assert_eq!(
            local_time(date(2025, 1, 15), at(17, 0), None),
            "2025-01-15T17:00:00+01:00"
        );
        assert_eq!(
            local_time(date(2025, 6, 15), at(17, 0), None),
            "2025-06-15T17:00:00+02:00"
        );
        assert_eq!(
            local_time(date(2025, 6, 15), at(1, 0), Some(at(22, 0))),
            "2025-06-16T01:00:00+02:00"
        );
        assert_eq!(
            local_time(date(2025, 6, 15), at(24, 0), Some(at(22, 0))),
            "2025-06-16T00:00:00+02:00"
        );
    }

    #[test]
    fn membership_keys_are_stable_and_parse_back() {
        let key = membership_key(12, 3, "Formand");
        assert_eq!(key, membership_key(12, 3, "Formand"));
        assert_ne!(key, membership_key(12, 3, "Medlem"));
        assert_eq!(parse_membership_key(&key), Some((12, 3)));
        assert_eq!(parse_membership_key("12-x-y"), None);
        assert_eq!(parse_membership_key("12"), None);
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            with_query(
                "http://x/l",
                &[("modified_since".into(), "2025-01-01T00:00:00+01:00".into())]
            ),
            "http://x/l?modified_since=2025-01-01T00%3A00%3A00%2B01%3A00"
        );
    }
}

//! The OParl 1.1 API under `/oparl/v1/`: the system, its one body, and external
//! object lists of organizations (forums), persons, memberships, meetings, agenda
//! items, files and locations, each object at `/oparl/v1/{type}/{id}`, that URL being
//! its `id`.
//!
//! What referat knows beyond OParl is under the vendor prefix `referat:` (attendance
//! with substitutes, recommendations with outcomes, sections, presenters); the
//! OpenAPI document (`/api/openapi.json`) lists them. A dagsorden superseded by its
//! referat is one meeting with it: it is shown as a deleted Meeting whose
//! `referat:supersededBy` names the referat, and its file becomes the referat's
//! `invitation`. Closed items are nowhere, nor a file that holds one.

use std::collections::BTreeSet;

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use referat_archive::{
    OparlFile, OparlForum, OparlItem, OparlLocation, OparlMeeting, OparlMembership, OparlPerson,
    OparlWindow,
};
use serde_json::{Map, Value, json};

use crate::api_error::ApiError;
use crate::{AppState, Config};

const SCHEMA: &str = "https://schema.oparl.org/1.1/";
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;

/// The object lists, by OParl's names.
const LISTS: [&str; 9] = [
    "body",
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "file",
    "location",
    "paper",
];

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
fn answer(body: Value) -> Response {
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
    fn list(&self, list: &str) -> String {
        self.0.url(&format!("/oparl/v1/{list}"))
    }
    fn object(&self, list: &str, id: impl std::fmt::Display) -> String {
        self.0.url(&format!("/oparl/v1/{list}/{id}"))
    }
    fn body(&self) -> String {
        self.object("body", 1)
    }
    fn web(&self, path: &str) -> String {
        self.0.url(path)
    }
}

async fn system(State(state): State<AppState>) -> Response {
    let urls = Urls(&state.config);
    answer(json!({
        "id": urls.list("system"),
        "type": type_of("System"),
        "oparlVersion": SCHEMA,
        "name": "referat",
        "body": urls.list("body"),
        "website": urls.web("/"),
        "web": urls.web("/"),
    }))
}

/// The list parameters OParl defines, checked.
#[derive(Debug, Default)]
struct Params {
    window: OparlWindow,
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
        window: OparlWindow {
            limit: DEFAULT_LIMIT,
            ..OparlWindow::default()
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
    data: Vec<Value>,
    /// The cursor of the next page: the last id of this one, or the next page number.
    next: Option<(String, String)>,
}

async fn list(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(list) = path.map_err(|_| ApiError::not_found("OParl list"))?;
    let name = LISTS
        .iter()
        .find(|l| **l == list)
        .ok_or(ApiError::not_found("OParl list"))?;
    let params = parse_params(query)?;
    let urls = Urls(&state.config);
    let limit = params.window.limit;
    // One more than asked for tells whether there is a next page.
    let mut window = params.window.clone();
    window.limit = limit + 1;
    let archive = &state.archive;
    let by_id = |ids: Vec<i64>, data: Vec<Value>| paged_by_id(ids, data, limit);
    let page = match *name {
        "body" => Page {
            data: vec![body(&state.config)],
            next: None,
        },
        "paper" => Page {
            data: Vec::new(),
            next: None,
        },
        "organization" => {
            let forums = archive.oparl_forums(&window).await?;
            by_id(
                forums.iter().map(|f| f.id).collect(),
                forums.iter().map(|f| organization(&urls, f)).collect(),
            )
        }
        "person" => {
            let persons = archive.oparl_persons(&window).await?;
            by_id(
                persons.iter().map(|p| p.id).collect(),
                persons
                    .iter()
                    .map(|p| person(&urls, p, params.omit_internal))
                    .collect(),
            )
        }
        "membership" => {
            let seats = archive.oparl_memberships(&window).await?;
            let more = seats.len() as i64 > limit;
            Page {
                data: seats
                    .iter()
                    .take(limit as usize)
                    .map(|m| membership(&urls, m))
                    .collect(),
                next: more.then(|| ("page".to_string(), (params.page + 1).to_string())),
            }
        }
        "meeting" => {
            let meetings = archive.oparl_meetings(&window).await?;
            by_id(
                meetings.iter().map(|m| m.id).collect(),
                meetings
                    .iter()
                    .map(|m| meeting(&urls, m, params.omit_internal))
                    .collect(),
            )
        }
        "agendaItem" => {
            let items = archive.oparl_items(&window).await?;
            by_id(
                items.iter().map(|i| i.id).collect(),
                items.iter().map(|i| agenda_item(&urls, i)).collect(),
            )
        }
        "file" => {
            let files = archive.oparl_files(&window).await?;
            by_id(
                files.iter().map(|f| f.id).collect(),
                files.iter().map(|f| file(&urls, f)).collect(),
            )
        }
        "location" => {
            let places = archive.oparl_locations(&window).await?;
            by_id(
                places.iter().map(|l| l.id).collect(),
                places.iter().map(|l| location(&urls, l)).collect(),
            )
        }
        _ => return Err(ApiError::not_found("OParl list")),
    };
    let link = |cursor: Option<&(String, String)>| {
        let mut pairs = params.kept.clone();
        if limit != DEFAULT_LIMIT {
            pairs.push(("limit".into(), limit.to_string()));
        }
        pairs.extend(cursor.cloned());
        with_query(&urls.list(name), &pairs)
    };
    let current = if let Some(after) = params.window.after {
        Some(("after".to_string(), after.to_string()))
    } else if params.page > 1 {
        Some(("page".to_string(), params.page.to_string()))
    } else {
        None
    };
    let mut links = Map::new();
    links.insert("first".into(), json!(link(None)));
    links.insert("self".into(), json!(link(current.as_ref())));
    if let Some(next) = &page.next {
        links.insert("next".into(), json!(link(Some(next))));
    }
    Ok(answer(json!({
        "data": page.data,
        "pagination": {"elementsPerPage": limit},
        "links": links,
    })))
}

/// The first `limit` objects, and the cursor after the last of them if there were
/// more.
fn paged_by_id(ids: Vec<i64>, mut data: Vec<Value>, limit: i64) -> Page {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = data.len() > limit;
    data.truncate(limit);
    let last = limit.checked_sub(1).and_then(|i| ids.get(i));
    Page {
        data,
        next: match (more, last) {
            (true, Some(id)) => Some(("after".into(), id.to_string())),
            _ => None,
        },
    }
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
    let omit_internal = parse_params(query)?.omit_internal;
    let urls = Urls(&state.config);
    let archive = &state.archive;
    if list == "membership" {
        let seat = archive
            .oparl_membership(&raw)
            .await?
            .ok_or(ApiError::not_found("membership"))?;
        return Ok(answer(membership(&urls, &seat)));
    }
    let id = raw
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(ApiError::not_found("OParl object"))?;
    let value = match list.as_str() {
        "body" if id == 1 => Some(body(&state.config)),
        "organization" => archive
            .oparl_forum(id)
            .await?
            .map(|f| organization(&urls, &f)),
        "person" => archive
            .oparl_person(id)
            .await?
            .map(|p| person(&urls, &p, omit_internal)),
        "meeting" => archive
            .oparl_meeting(id)
            .await?
            .map(|m| meeting(&urls, &m, omit_internal)),
        "agendaItem" => archive
            .oparl_item(id)
            .await?
            .map(|i| agenda_item(&urls, &i)),
        "file" => archive.oparl_file(id).await?.map(|f| file(&urls, &f)),
        "location" => archive
            .oparl_location(id)
            .await?
            .map(|l| location(&urls, &l)),
        _ => None,
    };
    value.map(answer).ok_or(ApiError::not_found("OParl object"))
}

fn body(config: &Config) -> Value {
    let urls = Urls(config);
    json!({
        "id": urls.body(),
        "type": type_of("Body"),
        "system": urls.list("system"),
        "name": config.body_name,
        "website": urls.web("/"),
        "organization": urls.list("organization"),
        "person": urls.list("person"),
        "membership": urls.list("membership"),
        "meeting": urls.list("meeting"),
        "agendaItem": urls.list("agendaItem"),
        "file": urls.list("file"),
        "locationList": urls.list("location"),
        // referat reads meetings, not case papers: the list is there, and empty.
        "paper": urls.list("paper"),
        "legislativeTerm": [],
        "web": urls.web("/"),
    })
}

/// Adds the stamps that are known.
fn stamps(object: &mut Value, created: Option<&str>, modified: Option<&str>) {
    if let Value::Object(map) = object {
        if let Some(c) = created {
            map.insert("created".into(), json!(c));
        }
        if let Some(m) = modified {
            map.insert("modified".into(), json!(m));
        }
    }
}

/// Adds a field when it has a value.
fn set(object: &mut Value, key: &str, value: Option<Value>) {
    if let (Value::Object(map), Some(v)) = (object, value) {
        map.insert(key.into(), v);
    }
}

/// A deleted object: what OParl keeps of it (spec 2.8).
fn deleted(urls: &Urls, list: &str, name: &str, id: i64, created: &str, modified: &str) -> Value {
    json!({
        "id": urls.object(list, id),
        "type": type_of(name),
        "created": created,
        "modified": modified,
        "deleted": true,
    })
}

fn organization(urls: &Urls, f: &OparlForum) -> Value {
    let mut o = json!({
        "id": urls.object("organization", f.id),
        "type": type_of("Organization"),
        "body": urls.body(),
        "name": f.name,
        "organizationType": "Gremium",
        "membership": f.memberships.iter().map(|k| urls.object("membership", k)).collect::<Vec<_>>(),
        "meeting": with_query(&urls.list("meeting"), &[("organization".into(), f.id.to_string())]),
        "web": urls.web(&format!("/forums/{}", f.id)),
    });
    set(&mut o, "startDate", f.first_date.clone().map(Value::from));
    set(
        &mut o,
        "referat:lastMeetingDate",
        f.last_date.clone().map(Value::from),
    );
    stamps(&mut o, f.created.as_deref(), f.modified.as_deref());
    o
}

fn person(urls: &Urls, p: &OparlPerson, omit_internal: bool) -> Value {
    let mut o = json!({
        "id": urls.object("person", p.id),
        "type": type_of("Person"),
        "body": urls.body(),
        "name": p.name,
        "web": urls.web(&format!("/people/{}", p.id)),
    });
    if !omit_internal {
        set(
            &mut o,
            "membership",
            Some(p.memberships.iter().map(|m| membership(urls, m)).collect()),
        );
    }
    stamps(&mut o, p.created.as_deref(), p.modified.as_deref());
    o
}

fn membership(urls: &Urls, m: &OparlMembership) -> Value {
    let mut o = json!({
        "id": urls.object("membership", &m.key),
        "type": type_of("Membership"),
        "person": urls.object("person", m.person),
        "organization": urls.object("organization", m.forum),
        "role": m.role,
        "referat:meetings": m.meetings,
    });
    // The first meeting the person is seen in; no end date, as the archive cannot
    // tell a seat that ended from one whose next meeting is not yet in.
    set(&mut o, "startDate", m.first_seen.clone().map(Value::from));
    set(
        &mut o,
        "referat:lastSeen",
        m.last_seen.clone().map(Value::from),
    );
    set(
        &mut o,
        "referat:organisation",
        m.organisation.clone().map(Value::from),
    );
    stamps(&mut o, m.created.as_deref(), m.modified.as_deref());
    o
}

fn meeting(urls: &Urls, m: &OparlMeeting, omit_internal: bool) -> Value {
    if let Some(referat) = m.superseded_by {
        let mut o = deleted(urls, "meeting", "Meeting", m.id, &m.created, &m.modified);
        set(
            &mut o,
            "referat:supersededBy",
            Some(json!(urls.object("meeting", referat))),
        );
        return o;
    }
    let forum = m.forum.as_ref().map(|f| f.name.as_str());
    let name = match (forum, m.date.as_deref()) {
        (Some(f), Some(d)) => format!("{f} {d}"),
        (Some(f), None) => f.to_string(),
        (None, Some(d)) => format!("Møde {d}"),
        (None, None) => "Møde".to_string(),
    };
    // Only people who took part; the absent are in referat:attendance.
    let mut seen = BTreeSet::new();
    let participants: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.attendance != "absent" && seen.insert(p.person))
        .map(|p| urls.object("person", p.person))
        .collect();
    let attendance: Vec<Value> = m
        .participants
        .iter()
        .map(|p| {
            json!({
                "person": urls.object("person", p.person),
                "name": p.name,
                "group": p.group,
                "role": p.role,
                "attendance": p.attendance,
                "substituteFor": p.substitute_for,
                "items": p.items,
            })
        })
        .collect();
    let mut o = json!({
        "id": urls.object("meeting", m.id),
        "type": type_of("Meeting"),
        "name": name,
        // OParl's own words for an agenda sent out and a meeting held.
        "meetingState": if m.kind == "referat" { "durchgeführt" } else { "eingeladen" },
        "cancelled": false,
        "organization": m.forum.iter().map(|f| urls.object("organization", f.id)).collect::<Vec<_>>(),
        "participant": participants,
        "web": urls.web(&format!("/meetings/{}", m.id)),
        "created": m.created,
        "modified": m.modified,
        "referat:kind": m.kind,
        "referat:attendance": attendance,
    });
    if let Some(date) = &m.date {
        let start = m.start.as_deref().and_then(|t| local_time(date, t, None));
        let end = m
            .end
            .as_deref()
            .and_then(|t| local_time(date, t, m.start.as_deref()));
        set(&mut o, "start", start.map(Value::from));
        set(&mut o, "end", end.map(Value::from));
        set(&mut o, "referat:date", Some(json!(date)));
    }
    if let Some(place) = &m.location {
        let l = OparlLocation {
            id: m.id,
            description: place.clone(),
            superseded: false,
            created: m.created.clone(),
            modified: m.modified.clone(),
        };
        set(&mut o, "location", Some(location(urls, &l)));
    }
    set(&mut o, "referat:chair", m.chair.clone().map(Value::from));
    if let Some(agenda) = m.supersedes {
        set(
            &mut o,
            "referat:supersedes",
            Some(json!(urls.object("meeting", agenda))),
        );
    }
    let own = m.file.as_ref().map(|f| file(urls, f));
    if m.kind == "referat" {
        set(&mut o, "resultsProtocol", own);
        set(
            &mut o,
            "invitation",
            m.agenda_file.as_ref().map(|f| file(urls, f)),
        );
    } else {
        set(&mut o, "invitation", own);
    }
    if !omit_internal {
        let items: Vec<Value> = m
            .items
            .iter()
            .map(|i| agenda_item_in(urls, i, m.date.as_deref(), true))
            .collect();
        set(&mut o, "agendaItem", Some(Value::Array(items)));
    }
    o
}

/// A clock time on a date in Danish local time, with its offset. An end before the
/// start is past midnight.
fn local_time(date: &str, time: &str, start: Option<&str>) -> Option<String> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let clock: jiff::civil::Time = if time == "24:00" {
        jiff::civil::Time::midnight()
    } else {
        format!("{time}:00").parse().ok()?
    };
    let past_midnight = time == "24:00" || start.is_some_and(|s| time < s);
    let date = if past_midnight {
        date.tomorrow().ok()?
    } else {
        date
    };
    // Denmark's rule (CET, summer time as in the EU), without needing a tz database
    // on the server.
    let tz = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").ok()?;
    let zoned = date.to_datetime(clock).to_zoned(tz).ok()?;
    Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

fn agenda_item(urls: &Urls, i: &OparlItem) -> Value {
    agenda_item_in(urls, i, None, false)
}

fn agenda_item_in(urls: &Urls, i: &OparlItem, date: Option<&str>, embedded: bool) -> Value {
    if i.superseded {
        let mut o = deleted(
            urls,
            "agendaItem",
            "AgendaItem",
            i.id,
            &i.created,
            &i.modified,
        );
        set(&mut o, "order", Some(json!(i.position)));
        return o;
    }
    let mut o = json!({
        "id": urls.object("agendaItem", i.id),
        "type": type_of("AgendaItem"),
        "meeting": urls.object("meeting", i.meeting),
        "number": i.number,
        "order": i.position,
        "name": i.title,
        "public": true,
        "web": urls.web(&format!("/items/{}", i.id)),
        "created": i.created,
        "modified": i.modified,
        "referat:recommendations": i.recommendations.iter()
            .map(|(text, outcome)| json!({"text": text, "outcome": outcome}))
            .collect::<Vec<_>>(),
        "referat:presenters": i.presenters,
        "referat:attachments": i.attachments,
    });
    // Embedded in a meeting, an item comes without its sections (see
    // `Archive::oparl_meetings`); its own URL has them.
    if !embedded {
        set(
            &mut o,
            "referat:sections",
            Some(Value::Array(
                i.sections
                    .iter()
                    .map(|(heading, text)| json!({"heading": heading, "text": text}))
                    .collect(),
            )),
        );
    }
    // The decision is OParl's resolution text.
    set(
        &mut o,
        "resolutionText",
        i.decision.clone().map(Value::from),
    );
    if let Some(date) = date {
        set(
            &mut o,
            "start",
            i.start
                .as_deref()
                .and_then(|t| local_time(date, t, None))
                .map(Value::from),
        );
        set(
            &mut o,
            "end",
            i.end
                .as_deref()
                .and_then(|t| local_time(date, t, i.start.as_deref()))
                .map(Value::from),
        );
    }
    o
}

fn file(urls: &Urls, f: &OparlFile) -> Value {
    let name = f
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(f.path.as_str())
        .to_string();
    // As `/documents/{id}` serves it: an imported web page is plain text there.
    let mime = match f.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/plain",
    };
    let access = urls.web(&format!("/documents/{}", f.id));
    json!({
        "id": urls.object("file", f.id),
        "type": type_of("File"),
        "name": name,
        "fileName": name,
        "mimeType": mime,
        "size": f.size,
        "accessUrl": access,
        "downloadUrl": access,
        "meeting": [urls.object("meeting", f.meeting)],
        "created": f.imported_at,
        "modified": f.imported_at,
        "referat:kind": f.kind,
        "referat:format": f.format,
        "referat:sha256": f.sha256,
    })
}

fn location(urls: &Urls, l: &OparlLocation) -> Value {
    if l.superseded {
        return deleted(urls, "location", "Location", l.id, &l.created, &l.modified);
    }
    json!({
        "id": urls.object("location", l.id),
        "type": type_of("Location"),
        "description": l.description,
        "meetings": [urls.object("meeting", l.id)],
        "created": l.created,
        "modified": l.modified,
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
        assert_eq!(
            local_time("2025-01-15", "17:00", None).as_deref(),
            Some("2025-01-15T17:00:00+01:00")
        );
        assert_eq!(
            local_time("2025-06-15", "17:00", None).as_deref(),
            Some("2025-06-15T17:00:00+02:00")
        );
        assert_eq!(
            local_time("2025-06-15", "01:00", Some("22:00")).as_deref(),
            Some("2025-06-16T01:00:00+02:00")
        );
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

//! The OParl 1.1 API over HTTP without a port, on an archive of the five real sample
//! minutes plus a meeting with a closed item and a dagsorden superseded by its
//! referat. Every object and list page is validated against the official OParl 1.1
//! JSON schemas (read from `../../../shared/oparl/schema`, beside the repository; the
//! schema checks are skipped, saying so, where that folder is absent).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use referat_archive::{Archive, Imported, Location};
use referat_model::Kind;
use referat_testkit::{ScratchDir, import_samples, read_document, samples};
use referat_web::{AppState, Config, router};
use serde_json::Value;
use tower::ServiceExt;

mod common;
use common::import_record;

const BASE: &str = "http://oparl.test";
const CLOSED_TITLE: &str = "Personalesag om Zebulon Quistorff";
const CLOSED_DECISION: &str = "Fortroligt: Quistorff fratræder";

/// The lists the body links to, by the body's field name.
const BODY_LISTS: [(&str, &str); 8] = [
    ("organization", "Organization"),
    ("person", "Person"),
    ("membership", "Membership"),
    ("meeting", "Meeting"),
    ("agendaItem", "AgendaItem"),
    ("file", "File"),
    ("locationList", "Location"),
    ("paper", "Paper"),
];

/// The object lists that take the `created_*`/`modified_*` filters, by their path.
const LISTS_WITH_FILTERS: [&str; 7] = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "file",
    "location",
];

struct Site {
    app: axum::Router,
    archive: Archive,
    /// The meeting with a closed item, the superseded dagsorden and its referat.
    closed: i64,
    dagsorden: i64,
    referat: i64,
    dir: ScratchDir,
}

async fn site() -> Site {
    let scratch = ScratchDir::new("oparl");
    let dir = scratch.path().to_path_buf();
    let archive = Archive::open(&Location::Folder(dir.clone())).await.unwrap();
    let samples = samples("txt");
    let ids = import_samples(&archive).await;
    assert_eq!(ids.len(), 5, "the five sample minutes");

    // A real sample moved to another date, with one item closed as a secretariat
    // marks it.
    let text = std::fs::read_to_string(&samples[1]).unwrap() + "\n";
    let mut record = referat_parse::parse(&text).unwrap();
    record.date = Some("2019-01-10".parse().unwrap());
    let item = &mut record.items[0];
    item.title = CLOSED_TITLE.to_string();
    item.decision = Some(CLOSED_DECISION.to_string());
    item.closed = true;
    let closed = import_record(&archive, &dir.join("closed.txt"), &text, &record).await;

    // The dagsorden of sample 0's meeting: superseded by the referat already there.
    let text = std::fs::read_to_string(&samples[0]).unwrap() + "\n\n";
    let mut record = referat_parse::parse(&text).unwrap();
    record.kind = Kind::Dagsorden;
    for item in &mut record.items {
        item.decision = None;
    }
    let dagsorden = import_record(&archive, &dir.join("dagsorden.txt"), &text, &record).await;

    let state = AppState::new(archive.clone(), None, Config::new(BASE));
    // As `serve` runs it: the meetings written for one page are kept for the next,
    // and forgotten when the archive's change log names them.
    referat_web::follow_archive(&state, Duration::from_millis(20));
    Site {
        app: router(state),
        archive,
        closed,
        dagsorden,
        referat: ids[0],
        dir: scratch,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
    json: Value,
}

impl Site {
    /// GET a path or an absolute URL of this server.
    async fn get(&self, target: &str) -> Answer {
        let path = target.strip_prefix(BASE).unwrap_or(target);
        assert!(path.starts_with('/'), "not a URL of this server: {target}");
        let response = self
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            content_type,
            text,
            json,
        }
    }

    /// GET that must answer 200 with JSON.
    async fn json(&self, target: &str) -> Value {
        let a = self.get(target).await;
        assert_eq!(a.status, StatusCode::OK, "{target}: {}", a.text);
        assert!(
            a.content_type.starts_with("application/json"),
            "{target}: {}",
            a.content_type
        );
        a.json
    }

    /// Every page of a list from its first URL, following `links.next`: the pages.
    async fn walk(&self, first: &str) -> Vec<Value> {
        let mut pages = Vec::new();
        let mut next = Some(first.to_string());
        while let Some(url) = next {
            assert!(pages.len() < 1000, "{first}: the pages never end");
            let page = self.json(&url).await;
            check_page(&url, &page);
            next = page["links"]["next"].as_str().map(str::to_string);
            pages.push(page);
        }
        pages
    }

    /// The objects of every page of a list.
    async fn objects(&self, first: &str) -> Vec<Value> {
        self.walk(first)
            .await
            .into_iter()
            .flat_map(|p| p["data"].as_array().unwrap().clone())
            .collect()
    }
}

/// A list page as OParl's "externe Objektliste" has it.
fn check_page(url: &str, page: &Value) {
    assert!(page["data"].is_array(), "{url}: no data");
    assert!(page["pagination"].is_object(), "{url}: no pagination");
    let links = page["links"].as_object().expect("links");
    for key in ["first", "self"] {
        let link = links[key].as_str().unwrap();
        assert!(link.starts_with(BASE), "{url}: links.{key} {link}");
    }
    if let Some(next) = links.get("next") {
        assert!(next.as_str().unwrap().starts_with(BASE), "{url}: next");
        assert!(
            !page["data"].as_array().unwrap().is_empty(),
            "{url}: empty page with next"
        );
    }
}

/// The OParl schemas, each compiled, by type name (`Meeting`); `None` where the
/// schema folder is absent.
struct Schemas(BTreeMap<String, jsonschema::Validator>);

const SCHEMA_BASE: &str = "https://schema.oparl.org/1.1/";

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oparl/schema")
}

/// A schema file as JSON Schema proper: OParl writes the type of an embedded object as
/// `"schema": "File.json"`; that becomes a `$ref` to the sibling file, so that
/// embedded objects are validated too.
fn load_schema(name: &str) -> Result<Value, String> {
    fn refs(v: &mut Value) {
        match v {
            Value::Object(map) => {
                let target = map
                    .get("schema")
                    .and_then(Value::as_str)
                    .filter(|s| s.ends_with(".json"))
                    .map(str::to_string);
                if let Some(target) = target {
                    map.insert("$ref".into(), Value::String(target));
                }
                map.values_mut().for_each(refs);
            }
            Value::Array(items) => items.iter_mut().for_each(refs),
            _ => {}
        }
    }
    let text =
        std::fs::read_to_string(schema_dir().join(name)).map_err(|e| format!("{name}: {e}"))?;
    let mut value: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
    refs(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert("$id".into(), Value::String(format!("{SCHEMA_BASE}{name}")));
    }
    Ok(value)
}

/// Loads the sibling schema files a `$ref` names, never the network.
struct SiblingFiles;

impl jsonschema::Retrieve for SiblingFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix(SCHEMA_BASE)
            .filter(|n| !n.contains('/'))
            .ok_or_else(|| format!("not an OParl schema: {}", uri.as_str()))?;
        Ok(load_schema(name)?)
    }
}

/// An OParl `url`: absolute http(s), no spaces.
fn is_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() > "https://".len()
        && !s.contains(char::is_whitespace)
}

impl Schemas {
    fn load() -> Option<Schemas> {
        if !schema_dir().is_dir() {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "OParl schema checks skipped: {} is absent",
                schema_dir().display()
            );
            return None;
        }
        let mut out = BTreeMap::new();
        for name in [
            "System",
            "Body",
            "Organization",
            "Person",
            "Membership",
            "Meeting",
            "AgendaItem",
            "File",
            "Location",
            "Paper",
        ] {
            let schema = load_schema(&format!("{name}.json")).unwrap();
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .with_retriever(SiblingFiles)
                .with_format("url", is_url)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
            out.insert(name.to_string(), validator);
        }
        Some(Schemas(out))
    }

    /// What is wrong with an object, by the schema its `type` names.
    fn errors(&self, object: &Value) -> Vec<String> {
        let ty = object["type"].as_str().expect("type");
        let name = ty.strip_prefix(SCHEMA_BASE).expect("an OParl 1.1 type");
        let validator = self
            .0
            .get(name)
            .unwrap_or_else(|| panic!("no schema for {ty}"));
        validator
            .iter_errors(object)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    /// The object validates against the schema its `type` names.
    fn check(&self, object: &Value) {
        let errors = self.errors(object);
        assert!(
            errors.is_empty(),
            "{} is not a valid {}: {errors:#?}",
            object["id"],
            object["type"]
        );
    }
}

#[tokio::test]
async fn every_object_and_list_page_validates_against_the_oparl_schemas() {
    let site = site().await;
    let schemas = Schemas::load();
    let check = |object: &Value| {
        if let Some(s) = &schemas {
            s.check(object);
        }
    };

    let system = site.json("/oparl/v1/system").await;
    check(&system);
    assert_eq!(system["id"], format!("{BASE}/oparl/v1/system"));
    let bodies = site.objects(system["body"].as_str().unwrap()).await;
    assert_eq!(bodies.len(), 1);
    let body = &bodies[0];
    check(body);
    assert_eq!(site.json(body["id"].as_str().unwrap()).await, *body);

    let mut counts = BTreeMap::new();
    for (field, ty) in BODY_LISTS {
        let list = body[field]
            .as_str()
            .unwrap_or_else(|| panic!("body.{field}"));
        // Small pages, so that every list with more than two objects is paged.
        let objects = site.objects(&format!("{list}?limit=2")).await;
        let mut ids = BTreeSet::new();
        for object in &objects {
            check(object);
            assert_eq!(object["type"], format!("{SCHEMA_BASE}{ty}"));
            let id = object["id"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "{id} listed twice");
            // The id is the object's own URL, and answers the same object.
            assert_eq!(site.json(id).await, *object, "{id}");
        }
        // One big page holds the same objects, and has no next link.
        let all = site.json(&format!("{list}?limit=100")).await;
        assert!(all["links"].get("next").is_none(), "{list}");
        let big: BTreeSet<String> = all["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(big, ids, "{list}: paging lost or added objects");
        counts.insert(field, ids.len());
    }
    for field in [
        "organization",
        "person",
        "membership",
        "meeting",
        "agendaItem",
        "file",
        "locationList",
    ] {
        assert!(counts[field] > 0, "no {field} listed: {counts:?}");
    }
    assert!(counts["meeting"] >= 6, "{counts:?}");
    assert!(counts["agendaItem"] > 2, "{counts:?}");
    assert_eq!(counts["paper"], 0);

    // Embedded objects are whole objects too (validated through the schemas' refs),
    // and every URL inside a meeting answers.
    let meetings = site.objects("/oparl/v1/meeting?limit=100").await;
    let mut urls = BTreeSet::new();
    for m in &meetings {
        for key in ["organization", "participant"] {
            for u in m[key].as_array().unwrap() {
                urls.insert(u.as_str().unwrap().to_string());
            }
        }
        for item in m["agendaItem"].as_array().unwrap() {
            assert_eq!(item["meeting"], m["id"]);
            urls.insert(item["id"].as_str().unwrap().to_string());
        }
        for key in ["invitation", "resultsProtocol", "location"] {
            if let Some(o) = m.get(key) {
                urls.insert(o["id"].as_str().unwrap().to_string());
            }
        }
        // An OParl client may rely on these.
        assert!(
            m["start"].as_str().is_some_and(|s| s.ends_with(":00")),
            "{}",
            m["id"]
        );
    }
    for u in &urls {
        site.json(u).await;
    }
    // The referat's file is its results protocol, and is served.
    let referat = site
        .json(&format!("/oparl/v1/meeting/{}", site.referat))
        .await;
    let protocol = &referat["resultsProtocol"];
    assert_eq!(protocol["meeting"][0], referat["id"]);
    let served = site.get(protocol["accessUrl"].as_str().unwrap()).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.text.len() as u64, protocol["size"].as_u64().unwrap());
}

#[tokio::test]
async fn a_superseded_dagsorden_is_a_deleted_meeting_pointing_at_its_referat() {
    let site = site().await;
    let referat_url = format!("{BASE}/oparl/v1/meeting/{}", site.referat);
    let dagsorden_url = format!("{BASE}/oparl/v1/meeting/{}", site.dagsorden);

    let dagsorden = site.json(&dagsorden_url).await;
    assert_eq!(dagsorden["deleted"], true);
    assert_eq!(dagsorden["referat:supersededBy"], referat_url);
    assert!(dagsorden.get("agendaItem").is_none());
    if let Some(s) = Schemas::load() {
        s.check(&dagsorden);
    }

    let referat = site.json(&referat_url).await;
    assert_eq!(referat["referat:supersedes"], dagsorden_url);
    // The dagsorden's file is the meeting's invitation.
    assert_eq!(referat["invitation"]["referat:kind"], "dagsorden");
    assert_eq!(referat["invitation"]["meeting"][0], referat_url);
    assert_eq!(referat["resultsProtocol"]["referat:kind"], "referat");

    // Left out of the plain list; listed, as deleted, to a client asking for changes.
    let listed: Vec<Value> = site.objects("/oparl/v1/meeting?limit=100").await;
    assert!(listed.iter().all(|m| m["id"] != dagsorden_url));
    let changes = site
        .objects("/oparl/v1/meeting?limit=100&modified_since=2000-01-01T00%3A00%3A00%2B01%3A00")
        .await;
    let deleted: Vec<&Value> = changes
        .iter()
        .filter(|m| m["id"] == dagsorden_url)
        .collect();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["deleted"], true);
    // Its items are not agenda items of the API, but their URLs say they are gone.
    let items = site.objects("/oparl/v1/agendaItem?limit=100").await;
    assert!(items.iter().all(|i| i["meeting"] != dagsorden_url));
    let all_items = site
        .objects("/oparl/v1/agendaItem?limit=100&modified_since=2000-01-01T00%3A00%3A00Z")
        .await;
    let gone: Vec<&Value> = all_items.iter().filter(|i| i["deleted"] == true).collect();
    assert!(!gone.is_empty());
    for item in gone {
        assert_eq!(site.json(item["id"].as_str().unwrap()).await, *item);
    }
}

#[tokio::test]
async fn modified_and_created_filters_select_objects_by_their_stamps() {
    let site = site().await;
    let all = site.objects("/oparl/v1/meeting?limit=100").await;
    let stamps: BTreeSet<String> = all
        .iter()
        .map(|m| m["modified"].as_str().unwrap().to_string())
        .collect();
    let newest = stamps.iter().next_back().unwrap().clone();

    // Inclusive at the newest stamp: only meetings modified then (and the deleted
    // dagsorden, if its referat is among them).
    let since = site
        .objects(&format!(
            "/oparl/v1/meeting?limit=100&modified_since={newest}"
        ))
        .await;
    assert!(!since.is_empty());
    assert!(
        since
            .iter()
            .all(|m| m["modified"].as_str().unwrap() >= newest.as_str())
    );

    for list in LISTS_WITH_FILTERS {
        let future = site
            .json(&format!(
                "/oparl/v1/{list}?modified_since=2999-01-01T00%3A00%3A00%2B01%3A00"
            ))
            .await;
        assert_eq!(future["data"], Value::Array(Vec::new()), "{list}");
        assert!(future["links"].get("next").is_none());
        let past = site
            .json(&format!(
                "/oparl/v1/{list}?modified_until=2000-01-01T00%3A00%3A00Z"
            ))
            .await;
        assert_eq!(past["data"], Value::Array(Vec::new()), "{list}");
        let created = site
            .json(&format!(
                "/oparl/v1/{list}?created_since=2000-01-01T00%3A00%3A00Z&limit=100"
            ))
            .await;
        assert!(!created["data"].as_array().unwrap().is_empty(), "{list}");
        let none = site
            .json(&format!(
                "/oparl/v1/{list}?created_until=1999-12-31T23%3A59%3A59-05%3A00"
            ))
            .await;
        assert_eq!(none["data"], Value::Array(Vec::new()), "{list}");
    }

    // Filters are kept in every link of the walk.
    let pages = site
        .walk("/oparl/v1/meeting?limit=2&modified_since=2000-01-01T00%3A00%3A00%2B01%3A00")
        .await;
    assert!(pages.len() > 1);
    for page in &pages {
        for link in ["self", "first", "next"] {
            if let Some(l) = page["links"].get(link) {
                assert!(
                    l.as_str()
                        .unwrap()
                        .contains("modified_since=2000-01-01T00%3A00%3A00%2B01%3A00")
                );
            }
        }
    }
}

#[tokio::test]
async fn a_closed_item_appears_in_no_response() {
    let site = site().await;
    let closed_url = format!("{BASE}/oparl/v1/meeting/{}", site.closed);
    let mut bodies = Vec::new();
    let mut targets = vec![
        "/api/openapi.json".to_string(),
        closed_url.clone(),
        "/oparl/v1/system".to_string(),
        "/oparl/v1/body/1".to_string(),
    ];
    for list in LISTS_WITH_FILTERS {
        for filter in ["", "&modified_since=2000-01-01T00%3A00%3A00Z"] {
            for page in site
                .walk(&format!("/oparl/v1/{list}?limit=3{filter}"))
                .await
            {
                bodies.push(page.to_string());
                for o in page["data"].as_array().unwrap() {
                    targets.push(o["id"].as_str().unwrap().to_string());
                }
            }
        }
    }
    for t in &targets {
        bodies.push(site.get(t).await.text);
    }
    for body in &bodies {
        assert!(!body.contains("Quistorff"), "a closed item leaked: {body}");
        assert!(!body.contains("Zebulon"));
    }

    // The meeting shows its public items only, numbered without a gap, and no file
    // (the file would show the closed item).
    let meeting = site.json(&closed_url).await;
    let stored = site.archive.meeting(site.closed).await.unwrap().unwrap();
    let public = stored.public_items().count();
    let items = meeting["agendaItem"].as_array().unwrap();
    assert_eq!(items.len(), public);
    let order: Vec<i64> = items.iter().map(|i| i["order"].as_i64().unwrap()).collect();
    assert_eq!(order, (0..public as i64).collect::<Vec<_>>());
    assert!(meeting.get("resultsProtocol").is_none());
    assert!(meeting.get("invitation").is_none());
    let files = site.objects("/oparl/v1/file?limit=100").await;
    assert!(files.iter().all(|f| f["meeting"][0] != closed_url.as_str()));
    let closed_item = stored.items[0];
    assert!(stored.record.items[0].closed);
    let a = site
        .get(&format!("/oparl/v1/agendaItem/{closed_item}"))
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(
        site.get(&format!("/oparl/v1/file/{}", stored.document))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn errors_are_json_with_a_code() {
    let site = site().await;
    for (target, status, code) in [
        (
            "/oparl/v1/meeting/999999",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/oparl/v1/meeting/abc", StatusCode::NOT_FOUND, "not_found"),
        (
            "/oparl/v1/membership/1-2",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/oparl/v1/body/2", StatusCode::NOT_FOUND, "not_found"),
        ("/oparl/v1/nothing", StatusCode::NOT_FOUND, "not_found"),
        ("/oparl/v2/system", StatusCode::NOT_FOUND, "not_found"),
        (
            "/oparl/v1/meeting/1/more",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/oparl/v1/meeting?modified_since=yesterday",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/meeting?modified_since=2025-01-01",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/person?created_until=2025-01-01T10:00:00",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/meeting?limit=0",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/meeting?after=-3",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/membership?page=x",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/oparl/v1/meeting?omit_internal=ja",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let a = site.get(target).await;
        assert_eq!(a.status, status, "{target}: {}", a.text);
        assert!(
            a.content_type.starts_with("application/json"),
            "{target}: {}",
            a.content_type
        );
        assert_eq!(a.json["error"], code, "{target}");
        assert!(
            a.json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{target}"
        );
    }
    // Pages of people still answer errors as pages.
    let page = site.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.content_type.starts_with("text/html"));
}

#[tokio::test]
async fn ids_stay_the_same_when_the_same_files_are_imported_again() {
    let site = site().await;
    let before = site.objects("/oparl/v1/membership?limit=100").await;
    let meetings_before = site.objects("/oparl/v1/meeting?limit=100").await;
    for path in samples("txt") {
        let (doc, meeting) = read_document(&path);
        let again = site.archive.import(&doc, &meeting).await.unwrap();
        assert!(matches!(again, Imported::Unchanged { .. }), "{again:?}");
    }
    assert_eq!(site.objects("/oparl/v1/membership?limit=100").await, before);
    assert_eq!(
        site.objects("/oparl/v1/meeting?limit=100").await,
        meetings_before
    );
    assert!(site.dir.path().is_dir());
}

#[tokio::test]
async fn the_openapi_document_describes_every_list_and_the_vendor_fields() {
    let site = site().await;
    let doc = site.json("/api/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for list in LISTS_WITH_FILTERS {
        assert!(paths.contains_key(&format!("/oparl/v1/{list}")), "{list}");
        assert!(
            paths.contains_key(&format!("/oparl/v1/{list}/{{id}}")),
            "{list}"
        );
    }
    let text = doc.to_string();
    for field in [
        "referat:attendance",
        "referat:recommendations",
        "referat:supersededBy",
        "substituteFor",
        "modified_since",
    ] {
        assert!(text.contains(field), "{field} undocumented");
    }
    // Every vendor field a response carries is documented.
    let meeting = site
        .json(&format!("/oparl/v1/meeting/{}", site.referat))
        .await;
    let mut seen = BTreeSet::new();
    collect_vendor_fields(&meeting, &mut seen);
    assert!(seen.contains("referat:attendance"));
    for field in seen {
        assert!(
            text.contains(&format!("\"{field}\"")),
            "{field} undocumented"
        );
    }
}

fn collect_vendor_fields(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k.starts_with("referat:") {
                    out.insert(k.clone());
                }
                collect_vendor_fields(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_vendor_fields(v, out)),
        _ => {}
    }
}

/// The schema checks above would fail on what they are there to catch: a relative
/// id, a bad date-time, an embedded object that is not whole.
#[test]
fn the_schema_checks_catch_invalid_objects() {
    let Some(schemas) = Schemas::load() else {
        return;
    };
    let meeting = |extra: Value| {
        let mut m = serde_json::json!({
            "id": format!("{BASE}/oparl/v1/meeting/1"),
            "type": format!("{SCHEMA_BASE}Meeting"),
        });
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m
    };
    let valid = |m: &Value| schemas.errors(m).is_empty();
    assert!(valid(&meeting(serde_json::json!({}))));
    assert!(!valid(&meeting(
        serde_json::json!({"id": "/oparl/v1/meeting/1"})
    )));
    assert!(!valid(&meeting(
        serde_json::json!({"start": "2025-01-01 10:00"})
    )));
    assert!(!valid(&meeting(
        serde_json::json!({"location": {"description": "no id"}})
    )));
    assert!(!valid(&meeting(
        serde_json::json!({"agendaItem": [{"id": format!("{BASE}/x"), "type": format!("{SCHEMA_BASE}AgendaItem")}]})
    )));
}

/// Meetings come from their stored records, or, for an archive imported before there
/// were records, from their rows: the API must answer the same either way.
/// An archive whose meetings were imported before it kept their records gets them
/// from the rows when it is next opened, and answers as before.
#[tokio::test]
async fn meetings_stored_without_a_record_are_given_one_when_the_archive_opens() {
    let site = site().await;
    let targets = [
        "/oparl/v1/meeting?limit=100",
        "/oparl/v1/meeting?limit=100&modified_since=2000-01-01T00:00:00Z",
        "/oparl/v1/agendaItem?limit=100",
    ];
    let mut before = Vec::new();
    for t in targets {
        before.push(site.json(t).await);
    }
    let mut pages = Vec::new();
    for id in [site.closed, site.referat] {
        pages.push(site.get(&format!("/meetings/{id}")).await.text);
    }
    let records = "SELECT id, record FROM meetings ORDER BY id";
    let stored: Vec<(i64, Option<String>)> = sqlx::query_as(records)
        .fetch_all(site.archive.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE meetings SET record = NULL")
        .execute(site.archive.pool())
        .await
        .unwrap();
    // Without records the archive is damaged, and says so.
    assert!(matches!(
        site.archive.meeting(site.referat).await,
        Err(referat_archive::ArchiveError::Corrupt(_))
    ));

    let archive = Archive::open(&Location::Folder(site.dir.path().to_path_buf()))
        .await
        .unwrap();
    let given: Vec<(i64, Option<String>)> = sqlx::query_as(records)
        .fetch_all(archive.pool())
        .await
        .unwrap();
    assert_eq!(given.len(), stored.len());
    for ((id, was), (_, now)) in stored.iter().zip(&given) {
        let parse = |json: &Option<String>| {
            serde_json::from_str::<referat_model::Meeting>(json.as_deref().unwrap()).unwrap()
        };
        assert_eq!(parse(now), parse(was), "meeting {id}");
    }
    let reopened = Site {
        app: router(AppState::new(archive.clone(), None, Config::new(BASE))),
        archive,
        ..site
    };
    for (t, before) in targets.iter().zip(&before) {
        assert_eq!(&reopened.json(t).await, before, "{t}");
    }
    for (id, before) in [reopened.closed, reopened.referat].iter().zip(&pages) {
        assert_eq!(&reopened.get(&format!("/meetings/{id}")).await.text, before);
    }
}

/// Every answer of the API on this archive, as recorded: the system, every object by
/// its own URL, and every list page (in full, and with deleted objects) as the ids it
/// holds and its links, each listed object being the object its URL answers. Stamps
/// change from run to run and are put in words. A change to the code behind the API
/// that changes what it answers shows here.
#[tokio::test]
async fn people_merged_by_hand_are_shown_merged_in_the_meeting_list() {
    let site = site().await;
    // After the follower's first look at the change log: from here pages are kept.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let first = site.json("/oparl/v1/meeting?limit=100").await;
    assert_eq!(first, site.json("/oparl/v1/meeting?limit=100").await);
    let meeting = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["participant"].as_array().is_some_and(|p| p.len() >= 2))
        .expect("a meeting with two participants");
    let person = |i: usize| {
        let url = meeting["participant"][i].as_str().unwrap();
        url.rsplit('/').next().unwrap().parse::<i64>().unwrap()
    };
    let (keep, other) = (person(0), person(1));
    site.archive.merge_people(keep, other).await.unwrap();
    let gone = format!("{BASE}/oparl/v1/person/{other}");
    let mut tries = 0;
    loop {
        let page = site.json("/oparl/v1/meeting?limit=100").await;
        if !page.to_string().contains(&format!("\"{gone}\"")) {
            break;
        }
        tries += 1;
        assert!(tries < 250, "person {other} is still shown after the merge");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn every_answer_is_as_recorded() {
    let site = site().await;
    let mut answers = BTreeMap::new();
    let mut listed = BTreeMap::new();
    answers.insert("system".to_string(), site.json("/oparl/v1/system").await);
    for list in LISTS_WITH_FILTERS.iter().copied().chain(["body", "paper"]) {
        for query in ["limit=100", "limit=100&modified_since=2000-01-01T00:00:00Z"] {
            let target = format!("/oparl/v1/{list}?{query}");
            let mut page = site.json(&target).await;
            let mut ids = Vec::new();
            for o in page["data"].as_array().unwrap() {
                let id = o["id"].as_str().unwrap().to_string();
                listed.insert(id.clone(), o.clone());
                ids.push(Value::from(id));
            }
            page["data"] = Value::Array(ids);
            answers.insert(target, page);
        }
    }
    for (id, in_list) in listed {
        let answer = site.json(&id).await;
        assert_eq!(answer, in_list, "{id}");
        answers.insert(id.trim_start_matches(BASE).to_string(), answer);
    }
    let mut answers = serde_json::to_value(answers).unwrap();
    in_words(&mut answers);
    insta::assert_json_snapshot!(answers);
}

/// Stamps as `[stamp]`, as they are the time of the test's import; long texts (the
/// sections of the minutes) as their length and digest, which keeps the recording
/// small and still tells any change.
fn in_words(v: &mut Value) {
    use sha2::Digest;
    match v {
        Value::String(s)
            if s.len() == 20
                && s.ends_with('Z')
                && s.as_bytes().get(10) == Some(&b'T')
                && s.parse::<jiff::Timestamp>().is_ok() =>
        {
            *s = "[stamp]".to_string();
        }
        Value::String(s) if s.chars().count() > 100 => {
            let digest = sha2::Sha256::digest(s.as_bytes());
            let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            *s = format!("[{} chars, {hex}]", s.chars().count());
        }
        Value::Array(a) => a.iter_mut().for_each(in_words),
        Value::Object(o) => o.values_mut().for_each(in_words),
        _ => {}
    }
}

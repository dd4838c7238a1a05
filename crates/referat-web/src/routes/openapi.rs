//! `GET /api/openapi.json`: the OpenAPI 3.1 description of the OParl API, written by
//! hand beside `oparl.rs`. The OParl objects are described by the fields referat
//! fills (the official JSON schemas at schema.oparl.org hold the rest), and the
//! `referat:` vendor fields in full.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::AppState;

/// The lists: path name, schema name, summary.
const LISTS: [(&str, &str, &str); 9] = [
    (
        "body",
        "Body",
        "The one body: the public authority the archive is of.",
    ),
    (
        "organization",
        "Organization",
        "Forums (committees, boards, councils).",
    ),
    (
        "person",
        "Person",
        "Everyone a meeting lists, with their memberships.",
    ),
    (
        "membership",
        "Membership",
        "Seats: a person's role in a forum over the meetings seen. Ids are \
         `{person}-{forum}-{hash of role}`, stable across re-imports; paged by `page`.",
    ),
    (
        "meeting",
        "Meeting",
        "Meetings with their public agenda items, participants and files. A dagsorden \
         superseded by its referat is listed only with `modified_since`, as a deleted \
         meeting pointing at the referat (`referat:supersededBy`).",
    ),
    (
        "agendaItem",
        "AgendaItem",
        "Public agenda items (closed items never appear).",
    ),
    (
        "file",
        "File",
        "Source documents of meetings without closed items (the file would show them).",
    ),
    (
        "location",
        "Location",
        "A meeting's place; the id is the meeting's.",
    ),
    (
        "paper",
        "Paper",
        "Always empty: referat reads meetings, not case papers.",
    ),
];

pub async fn document(State(state): State<AppState>) -> Response {
    let mut response = axum::Json(openapi(&state.config.base_url)).into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn ok(schema: Value, description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": schema}},
    })
}

fn error(description: &str) -> Value {
    ok(json!({"$ref": "#/components/schemas/Error"}), description)
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

pub fn openapi(base_url: &str) -> Value {
    let mut paths = Map::new();
    paths.insert(
        "/oparl/v1/system".into(),
        json!({"get": {
            "summary": "The OParl system: the entry point.",
            "operationId": "getSystem",
            "tags": ["OParl"],
            "responses": {"200": ok(schema_ref("System"), "The system")},
        }}),
    );
    for (list, schema, summary) in LISTS {
        let mut parameters = vec![
            json!({"$ref": "#/components/parameters/created_since"}),
            json!({"$ref": "#/components/parameters/created_until"}),
            json!({"$ref": "#/components/parameters/modified_since"}),
            json!({"$ref": "#/components/parameters/modified_until"}),
            json!({"$ref": "#/components/parameters/limit"}),
            json!({"$ref": "#/components/parameters/omit_internal"}),
        ];
        parameters.push(if list == "membership" {
            json!({"$ref": "#/components/parameters/page"})
        } else {
            json!({"$ref": "#/components/parameters/after"})
        });
        if list == "meeting" {
            parameters.push(json!({
                "name": "organization", "in": "query", "required": false,
                "description": "Only meetings of this organization (its numeric id).",
                "schema": {"type": "integer", "minimum": 1},
            }));
        }
        let page = json!({
            "allOf": [
                schema_ref("ListPage"),
                {"type": "object", "properties": {"data": {"type": "array", "items": schema_ref(schema)}}},
            ]
        });
        paths.insert(
            format!("/oparl/v1/{list}"),
            json!({"get": {
                "summary": format!("List: {summary}"),
                "operationId": format!("list{schema}"),
                "tags": ["OParl"],
                "parameters": parameters,
                "responses": {
                    "200": ok(page, "A list page"),
                    "400": error("A malformed parameter"),
                },
            }}),
        );
        if list != "paper" {
            paths.insert(
                format!("/oparl/v1/{list}/{{id}}"),
                json!({"get": {
                    "summary": format!("One object: {summary}"),
                    "operationId": format!("get{schema}"),
                    "tags": ["OParl"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"},
                         "description": "The object's id: a number, or for a membership `{person}-{forum}-{hash}`."},
                        {"$ref": "#/components/parameters/omit_internal"},
                    ],
                    "responses": {
                        "200": ok(schema_ref(schema), "The object; a deleted one has `deleted: true`"),
                        "404": error("No such object"),
                    },
                }}),
            );
        }
    }
    paths.insert(
        "/api/openapi.json".into(),
        json!({"get": {
            "summary": "This document.",
            "operationId": "getOpenApi",
            "tags": ["Meta"],
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
        }}),
    );
    let stamp = |what: &str| {
        json!({
            "in": "query", "required": false,
            "description": format!("{what} An ISO 8601 date-time with an offset (`2025-01-31T12:00:00+01:00`); anything else is answered 400."),
            "schema": {"type": "string", "format": "date-time"},
        })
    };
    let mut parameters = Map::new();
    for (name, what) in [
        (
            "created_since",
            "Only objects created at or after this time.",
        ),
        (
            "created_until",
            "Only objects created at or before this time.",
        ),
        (
            "modified_since",
            "Only objects modified at or after this time; deleted objects (superseded \
             dagsordener and their items and places) are listed only with this filter.",
        ),
        (
            "modified_until",
            "Only objects modified at or before this time.",
        ),
    ] {
        let mut p = stamp(what);
        if let Value::Object(map) = &mut p {
            map.insert("name".into(), json!(name));
        }
        parameters.insert(name.into(), p);
    }
    parameters.insert(
        "limit".into(),
        json!({"name": "limit", "in": "query", "required": false,
               "description": "Objects per page (default 20, at most 100).",
               "schema": {"type": "integer", "minimum": 1, "maximum": 100}}),
    );
    parameters.insert(
        "after".into(),
        json!({"name": "after", "in": "query", "required": false,
               "description": "The page after this id (lists are in id order); follow `links.next` rather than building it.",
               "schema": {"type": "integer", "minimum": 1}}),
    );
    parameters.insert(
        "page".into(),
        json!({"name": "page", "in": "query", "required": false,
               "description": "The page number, from 1.",
               "schema": {"type": "integer", "minimum": 1}}),
    );
    parameters.insert(
        "omit_internal".into(),
        json!({"name": "omit_internal", "in": "query", "required": false,
               "description": "`true` leaves out embedded lists (`agendaItem` in Meeting, `membership` in Person).",
               "schema": {"type": "boolean"}}),
    );

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "referat OParl API",
            "version": "1.1",
            "description": "The archive of meeting records as OParl 1.1 (https://oparl.org/spezifikation/). \
                Every object's `id` is its own absolute URL. Fields beyond OParl carry the vendor prefix \
                `referat:`. Closed agenda items never appear, nor the file of a meeting with one. \
                Errors are `{\"error\": code, \"message\": text}`.",
        },
        "servers": [{"url": base_url}],
        "tags": [{"name": "OParl"}, {"name": "Meta"}],
        "paths": paths,
        "components": {
            "parameters": parameters,
            "schemas": schemas(),
        },
    })
}

fn oparl_object(name: &str, mut properties: Value, required: &[&str]) -> Value {
    let common = json!({
        "id": {"type": "string", "format": "uri", "description": "The object's own URL."},
        "type": {"const": format!("https://schema.oparl.org/1.1/{name}")},
        "created": {"type": "string", "format": "date-time"},
        "modified": {"type": "string", "format": "date-time"},
        "deleted": {"type": "boolean"},
        "web": {"type": "string", "format": "uri", "description": "The object's page in the web UI."},
    });
    if let (Value::Object(p), Value::Object(c)) = (&mut properties, common) {
        for (k, v) in c {
            p.entry(k).or_insert(v);
        }
    }
    let mut req = vec!["id", "type"];
    req.extend_from_slice(required);
    json!({
        "type": "object",
        "description": format!("OParl 1.1 {name}: https://schema.oparl.org/1.1/{name}"),
        "required": req,
        "properties": properties,
    })
}

fn schemas() -> Value {
    let url = json!({"type": "string", "format": "uri"});
    let urls = json!({"type": "array", "items": {"type": "string", "format": "uri"}});
    let text = json!({"type": "string"});
    let date = json!({"type": "string", "format": "date"});
    let time = json!({"type": "string", "format": "date-time"});
    let outcome = json!({"type": "string", "enum": ["adopted", "amended", "rejected", "postponed", "unresolved"]});
    json!({
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "enum": ["not_found", "bad_request", "unauthorized", "forbidden", "internal"]},
                "message": {"type": "string"},
            },
        },
        "ListPage": {
            "type": "object",
            "description": "An OParl external object list page.",
            "required": ["data", "pagination", "links"],
            "properties": {
                "data": {"type": "array"},
                "pagination": {"type": "object", "properties": {"elementsPerPage": {"type": "integer"}}},
                "links": {"type": "object", "required": ["first", "self"], "properties": {
                    "first": url, "self": url,
                    "next": {"type": "string", "format": "uri", "description": "Absent on the last page."},
                }},
            },
        },
        "System": oparl_object("System", json!({
            "oparlVersion": text, "name": text, "body": url, "website": url,
        }), &["oparlVersion", "body"]),
        "Body": oparl_object("Body", json!({
            "system": url, "name": text, "website": url,
            "organization": url, "person": url, "membership": url, "meeting": url,
            "agendaItem": url, "file": url, "locationList": url, "paper": url,
            "legislativeTerm": {"type": "array", "maxItems": 0},
        }), &["name", "organization", "person", "meeting", "paper", "legislativeTerm"]),
        "Organization": oparl_object("Organization", json!({
            "body": url, "name": text, "organizationType": {"const": "Gremium"},
            "membership": urls, "meeting": url,
            "startDate": {"type": "string", "format": "date", "description": "The date of the forum's first meeting in the archive."},
            "referat:lastMeetingDate": {"type": "string", "format": "date", "description": "The date of its latest meeting."},
        }), &[]),
        "Person": oparl_object("Person", json!({
            "body": url, "name": text,
            "membership": {"type": "array", "items": {"$ref": "#/components/schemas/Membership"}},
        }), &[]),
        "Membership": oparl_object("Membership", json!({
            "person": url, "organization": url, "role": text,
            "startDate": {"type": "string", "format": "date", "description": "The first meeting the person is seen in with this role."},
            "referat:lastSeen": {"type": "string", "format": "date", "description": "The latest such meeting (there is no endDate: a seat's end is not recorded)."},
            "referat:organisation": {"type": "string", "description": "The party or organisation given beside the name."},
            "referat:meetings": {"type": "integer", "description": "How many meetings the person is listed in with this role."},
        }), &[]),
        "Meeting": oparl_object("Meeting", json!({
            "name": text,
            "meetingState": {"enum": ["eingeladen", "durchgeführt"], "description": "`eingeladen` for a dagsorden, `durchgeführt` for a referat."},
            "cancelled": {"type": "boolean"},
            "start": time, "end": time,
            "location": {"$ref": "#/components/schemas/Location"},
            "organization": urls,
            "participant": {"type": "array", "items": {"type": "string", "format": "uri"}, "description": "Persons who took part (wholly or in part)."},
            "invitation": {"$ref": "#/components/schemas/File"},
            "resultsProtocol": {"$ref": "#/components/schemas/File"},
            "agendaItem": {"type": "array", "items": {"$ref": "#/components/schemas/AgendaItem"}},
            "referat:kind": {"enum": ["referat", "dagsorden"]},
            "referat:date": date,
            "referat:chair": text,
            "referat:attendance": {
                "type": "array",
                "description": "Everyone the document lists, in its order, with attendance.",
                "items": {"type": "object", "properties": {
                    "person": url, "name": text,
                    "group": {"type": ["string", "null"], "description": "The heading the person is listed under."},
                    "role": {"type": ["string", "null"]},
                    "attendance": {"enum": ["present", "absent", "partial"]},
                    "substituteFor": {"type": ["string", "null"], "description": "The absent member this person stood in for."},
                    "items": {"type": "array", "items": text, "description": "For `partial`: the item numbers attended."},
                }},
            },
            "referat:supersedes": {"type": "string", "format": "uri", "description": "The dagsorden this referat replaces (a deleted Meeting)."},
            "referat:supersededBy": {"type": "string", "format": "uri", "description": "On a deleted dagsorden: the referat of the same meeting."},
        }), &[]),
        "AgendaItem": oparl_object("AgendaItem", json!({
            "meeting": url, "number": text,
            "order": {"type": "integer", "description": "Place among the meeting's public items, from 0."},
            "name": text, "public": {"const": true},
            "start": time, "end": time,
            "resolutionText": {"type": "string", "description": "The decision (Beslutning) as the referat gives it."},
            "referat:recommendations": {"type": "array", "items": {"type": "object", "properties": {
                "text": text, "outcome": outcome,
            }}, "description": "The recommendation (indstilling) points with what became of each."},
            "referat:presenters": {"type": "array", "items": text},
            "referat:attachments": {"type": "array", "items": text, "description": "Attachment (bilag) titles."},
            "referat:sections": {"type": "array", "items": {"type": "object", "properties": {
                "heading": {"type": ["string", "null"]}, "text": text,
            }}, "description": "The item's text by sub-heading. Only on the item's own URL and in the agendaItem list; an item embedded in a meeting leaves it out (it is most of the text)."},
        }), &["order"]),
        "File": oparl_object("File", json!({
            "name": text, "fileName": text, "mimeType": text, "size": {"type": "integer"},
            "accessUrl": url, "downloadUrl": url, "meeting": urls,
            "referat:kind": {"enum": ["referat", "dagsorden"], "description": "What the file is."},
            "referat:format": {"type": "string", "description": "The format it was read as (text, pdf, docx, html)."},
            "referat:sha256": {"type": "string", "description": "SHA-256 of the file's bytes, hex."},
        }), &["accessUrl"]),
        "Location": oparl_object("Location", json!({
            "description": text, "meetings": urls,
        }), &[]),
        "Paper": oparl_object("Paper", json!({}), &[]),
    })
}

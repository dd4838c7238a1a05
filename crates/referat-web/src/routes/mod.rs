//! One file per resource; `routes()` joins them.

mod assets;
mod feeds;
mod forum;
mod front;
mod meeting;
mod oparl;
mod openapi;
mod person;
mod search;

use axum::Router;
use axum::routing::{get, post};

use crate::{AppState, WebError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(front::page))
        .route("/search", get(search::page))
        .route("/meetings/{id}", get(meeting::page))
        .route("/items/{id}", get(meeting::item))
        .route("/documents/{id}", get(meeting::document))
        .route("/attachments/{sha256}", get(meeting::attachment))
        .route("/people/{id}", get(person::page))
        .route("/forums/{id}", get(forum::page))
        .route("/forums/{id}/calendar.ics", get(feeds::calendar))
        .route("/feed.atom", get(feeds::atom))
        .route("/static/referat.css", get(assets::stylesheet))
        .route("/robots.txt", get(assets::robots))
        .route("/login", get(crate::auth::form).post(crate::auth::login))
        .route("/logout", post(crate::auth::logout))
        .route("/api/openapi.json", get(openapi::document))
        .merge(oparl::routes())
        .fallback(|| async { WebError::NotFound("side") })
}

/// An id from a URL: anything but a positive number is simply not found.
pub(crate) fn id(raw: &str, what: &'static str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(WebError::NotFound(what))
}

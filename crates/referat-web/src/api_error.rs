//! Errors of the JSON APIs (`/oparl/…`, `/api/…`): the same `WebError` and its status
//! and code table, answered as `{"error": code, "message": …}` instead of a page, and
//! in English, as the API's clients are programs and their developers.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::WebError;

/// A `WebError` answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl ApiError {
    pub fn not_found(what: &'static str) -> ApiError {
        ApiError(WebError::NotFound(what))
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError(WebError::BadRequest(message.into()))
    }

    /// What a client is told: never an internal cause.
    fn message(&self) -> String {
        match &self.0 {
            WebError::NotFound(what) => format!("no {what} here"),
            WebError::BadRequest(message) => message.clone(),
            WebError::Archive(e) if e.is_request_error() => e.to_string(),
            WebError::Unauthorized => "not signed in".into(),
            WebError::Forbidden => "forbidden".into(),
            _ => "internal server error; try again later".into(),
        }
    }
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> ApiError {
        ApiError(e)
    }
}

impl From<referat_archive::ArchiveError> for ApiError {
    fn from(e: referat_archive::ArchiveError) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status: StatusCode = self.0.status();
        let body = json!({"error": self.0.code(), "message": self.message()});
        let mut response = (status, axum::Json(body)).into_response();
        // OParl asks for CORS on every answer, errors included (spec 2.6).
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        response
    }
}

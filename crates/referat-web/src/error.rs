//! Errors of a request and how each is answered: one table from error to status, a
//! Danish page for people; internal causes are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::page;

/// Why a request could not be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing public at this address.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request itself is wrong; the message is shown to the user (in Danish).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request needs a signed-in editor.
    #[error("not signed in")]
    Unauthorized,
    /// A form came without a valid CSRF token.
    #[error("the form's CSRF token is missing or wrong")]
    Forbidden,
    #[error(transparent)]
    Archive(#[from] referat_archive::ArchiveError),
    #[error(transparent)]
    Search(#[from] referat_search::SearchError),
    /// Every search slot stayed taken while the request waited: too many at once.
    #[error("too many searches at once")]
    Busy,
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Archive(e) if e.is_request_error() => StatusCode::BAD_REQUEST,
            WebError::Search(e) if e.is_request_error() => StatusCode::BAD_REQUEST,
            WebError::Archive(_) | WebError::Search(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// A stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound(_) => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::Archive(e) if e.is_request_error() => "bad_request",
            WebError::Search(e) if e.is_request_error() => "bad_request",
            WebError::Unauthorized => "unauthorized",
            WebError::Forbidden => "forbidden",
            WebError::Busy => "busy",
            WebError::Archive(_) | WebError::Search(_) | WebError::Internal(_) => "internal",
        }
    }

    /// What a user is told: never the internal cause.
    pub fn public_message(&self) -> String {
        match self {
            WebError::NotFound(what) => format!("Siden findes ikke: ingen {what} her."),
            WebError::BadRequest(message) => message.clone(),
            WebError::Archive(e) if e.is_request_error() => {
                "Det kan ikke lade sig gøre med arkivets indhold.".into()
            }
            WebError::Search(e) if e.is_request_error() => format!(
                "Søgningen er for lang: højst {} ord og {} tegn.",
                referat_search::MAX_QUERY_TERMS,
                referat_search::MAX_QUERY_CHARS
            ),
            WebError::Unauthorized => "Log ind som redaktør for at se denne side.".into(),
            WebError::Forbidden => {
                "Formularen er udløbet eller kom ikke fra denne side. Prøv igen.".into()
            }
            WebError::Busy => "Der søges meget lige nu. Prøv igen om et øjeblik.".into(),
            _ => "Der skete en fejl på serveren. Prøv igen om lidt.".into(),
        }
    }

    pub(crate) fn log(&self) {
        if matches!(self, WebError::Busy) {
            // Load, not a fault: worth a line, not an alarm.
            tracing::warn!("a search waited too long for a slot");
        } else if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let title = match status {
            StatusCode::NOT_FOUND => "Siden findes ikke",
            StatusCode::BAD_REQUEST => "Forkert forespørgsel",
            StatusCode::UNAUTHORIZED => "Log ind",
            StatusCode::FORBIDDEN => "Ikke tilladt",
            StatusCode::SERVICE_UNAVAILABLE => "Travlt",
            _ => "Serverfejl",
        };
        let body = page::shell(
            title,
            &page::Viewer::default(),
            html! {
                h1 { (title) }
                p { (self.public_message()) }
                p { a href="/" { "Til forsiden" } }
            },
        );
        let mut response = (status, body).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("2"),
            );
        }
        response
    }
}

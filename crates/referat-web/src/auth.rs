//! Editors signing in: argon2 password hashes, session cookies, CSRF tokens.
//!
//! A session token is 32 random bytes in an `HttpOnly`, `SameSite=Strict` cookie; the
//! archive keeps only its SHA-256. Every form of a signed-in editor carries the
//! session's CSRF token back; the sign-in form, which has no session yet, carries a
//! token that must equal one set in a cookie of its own (double submit). Password
//! checks are slow on purpose, so at most two run at a time: a flood of sign-in
//! attempts cannot take every core from the readers.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::page::{self, Viewer};
use crate::sign_in_limits::PeerAddress;
use crate::{AppState, WebError};

const SESSION_COOKIE: &str = "referat_session";
const LOGIN_COOKIE: &str = "referat_login";
/// How long a sign-in lasts.
const SESSION_HOURS: i64 = 12;

static PASSWORD_CHECKS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

/// The fewest characters an editor's password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A password too short to be set for an editor.
#[derive(Debug, thiserror::Error)]
#[error("a password needs at least {MIN_PASSWORD_CHARS} characters besides spaces at its ends")]
pub struct WeakPassword;

/// Whether a password may be set for an editor: the rule every way of setting one
/// (the CLI now, a form later) holds to. Spaces at the ends are not counted: ten
/// spaces are no password.
pub fn check_password(password: &str) -> Result<(), WeakPassword> {
    if password.trim().chars().count() < MIN_PASSWORD_CHARS {
        return Err(WeakPassword);
    }
    Ok(())
}

/// An argon2id hash (PHC string) of a password, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, WebError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WebError::Internal(format!("cannot hash the password: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// 32 random bytes as hex.
fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.config.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .ok()
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, WebError> {
        // The public sends no session cookie and costs no query.
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(Viewer::default());
        };
        Ok(match state.archive.session(token).await? {
            Some(session) => Viewer {
                editor: Some(session.editor),
                csrf: Some(session.csrf),
            },
            None => Viewer::default(),
        })
    }
}

/// `GET /login`
pub async fn form(State(state): State<AppState>, viewer: Viewer) -> Response {
    login_page(&state, &viewer, None)
}

fn login_page(state: &AppState, viewer: &Viewer, problem: Option<&str>) -> Response {
    let csrf = token();
    let body = page::shell(
        "Log ind",
        viewer,
        html! {
            h1 { "Log ind som redaktør" }
            @if let Some(name) = &viewer.editor {
                p { "Du er logget ind som " (name) "." }
            }
            @if let Some(problem) = problem {
                p class="notice" role="alert" { (problem) }
            }
            form class="login" action="/login" method="post" {
                input type="hidden" name="csrf" value=(csrf);
                label for="name" { "Brugernavn" }
                input id="name" name="name" type="text" autocomplete="username" required;
                label for="password" { "Adgangskode" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                button type="submit" { "Log ind" }
            }
        },
    );
    let mut response = body.into_response();
    if let Some(c) = set_cookie(state, LOGIN_COOKIE, &csrf, 3600) {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Deserialize)]
pub struct Login {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /login`
pub async fn login(
    State(state): State<AppState>,
    PeerAddress(address): PeerAddress,
    headers: HeaderMap,
    Form(form): Form<Login>,
) -> Result<Response, WebError> {
    let expected = cookie(&headers, LOGIN_COOKIE).ok_or(WebError::Forbidden)?;
    if form.csrf.is_empty() || !same_token(expected, &form.csrf) {
        return Err(WebError::Forbidden);
    }
    // Checked before the password, right or wrong: while an account waits, no
    // password is tried for it at all.
    if let Some(wait) = state.sign_in_limits.wait(&form.name, address) {
        let seconds = wait.as_secs().max(1);
        let mut response = login_page(
            &state,
            &Viewer::default(),
            Some(&format!(
                "For mange forkerte forsøg. Vent {seconds} {}, og prøv igen.",
                if seconds == 1 { "sekund" } else { "sekunder" }
            )),
        );
        *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(response);
    }
    let editor = state.archive.editor(form.name.trim()).await?;
    let verified = {
        let _permit = PASSWORD_CHECKS
            .acquire()
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
        // Without an editor the check still costs what a real one would, so the
        // answer's timing does not tell which names exist.
        let hash = editor
            .as_ref()
            .map(|e| e.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let password = form.password;
        tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?
    };
    let Some(editor) = editor.filter(|_| verified) else {
        state.sign_in_limits.failed(&form.name, address);
        let mut response = login_page(
            &state,
            &Viewer::default(),
            Some("Forkert brugernavn eller adgangskode."),
        );
        *response.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    state.sign_in_limits.succeeded(&form.name, address);
    let session = token();
    let expires = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
        .map_err(|e| WebError::Internal(e.to_string()))?
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    state
        .archive
        .start_session(editor.id, &session, &token(), &expires)
        .await?;
    let mut response = Redirect::to("/").into_response();
    if let Some(c) = set_cookie(&state, SESSION_COOKIE, &session, SESSION_HOURS * 3600) {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    if let Some(c) = set_cookie(&state, LOGIN_COOKIE, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no such editor").unwrap_or_default());

#[derive(Deserialize)]
pub struct Logout {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Form(form): Form<Logout>,
) -> Result<Response, WebError> {
    let (Some(token), Some(csrf)) = (cookie(&headers, SESSION_COOKIE), viewer.csrf.as_deref())
    else {
        return Ok(Redirect::to("/").into_response());
    };
    if !same_token(csrf, &form.csrf) {
        return Err(WebError::Forbidden);
    }
    state.archive.end_session(token).await?;
    let mut response = Redirect::to("/").into_response();
    if let Some(c) = set_cookie(&state, SESSION_COOKIE, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_counted_in_characters() {
        assert!(check_password("kort").is_err());
        assert!(check_password("ni tegn!!").is_err());
        assert!(check_password("ti tegn!!!").is_ok());
        // Ten letters of two bytes each are ten characters, not twenty.
        assert!(check_password("æøåæøåæøå").is_err());
        assert!(check_password("æøåæøåæøåæ").is_ok());
        // Spaces at the ends do not count; ten spaces are no password.
        assert!(check_password("          ").is_err());
        assert!(check_password("  ni tegn!!  ").is_err());
        assert!(check_password("et langt kodeord").is_ok());
    }

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("korrekt hest batteri").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korrekt hest batteri", &hash));
        assert!(!verify_password("forkert", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens() {
        assert_eq!(token().len(), 64);
        assert_ne!(token(), token());
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; referat_session=xyz; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&headers, "c"), None);
    }
}

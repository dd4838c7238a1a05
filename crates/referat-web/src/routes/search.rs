//! Search results: hits per agenda item with snippets, facets that narrow the query,
//! relevance or date order, pages of 20.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::Html;
use maud::{PreEscaped, html};
use referat_search::{Counting, FACET_DEPTH, Request, Results, SearchIndex, Sort};
use serde::Deserialize;

use crate::page::{self, Viewer};
use crate::{AppState, WebError};

const PAGE: usize = 20;
/// Beyond this many hits a query should be narrowed, not paged.
const MAX_PAGES: usize = 50;
/// Items counted at most: as many as the pages can show. Counting a word found in
/// most of the archive to the last item cost more than finding its best hits, for a
/// number no one pages through.
const COUNTED: usize = PAGE * MAX_PAGES;

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    let q = params.q.trim().to_string();
    let by_date = params.sort.as_deref() == Some("date");
    let page_no = params
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGES);
    let results = match (&state.index, q.is_empty()) {
        (_, true) => None,
        (None, false) => {
            return Err(WebError::BadRequest(
                "Arkivet har intet søgeindeks endnu. Kør `referat reindex`.".into(),
            ));
        }
        (Some(index), false) => {
            let sort = if by_date { Sort::Date } else { Sort::Relevance };
            let request = Request {
                offset: PAGE * (page_no - 1),
                limit: PAGE,
                sort,
                counting: Counting::UpTo(COUNTED),
            };
            Some(run_search(&state, index.clone(), q.clone(), request).await?)
        }
    };
    let title = if q.is_empty() {
        "Søg".to_string()
    } else {
        format!("Søgning: {q}")
    };
    Ok(page::shell(
        &title,
        &viewer,
        html! {
            h1 { "Søg i møderne" }
            form class="big-search" role="search" aria-label="Søgning" action="/search" method="get" {
                label for="q" { "Søgeord" }
                div class="row" {
                    input id="q" type="search" name="q" maxlength=(referat_search::MAX_QUERY_CHARS) value=(q);
                    label for="sort" class="visually-hidden" { "Sortering" }
                    select id="sort" name="sort" {
                        option value="relevance" selected[!by_date] { "Mest relevante" }
                        option value="date" selected[by_date] { "Nyeste først" }
                    }
                    button type="submit" { "Søg" }
                }
                details class="help" {
                    summary { "Sådan søger du" }
                    p {
                        "Alle ord skal findes. " code { "\"præcis frase\"" } ", " code { "-udeluk" } ", "
                        code { "præfiks*" } ", og filtre: " code { "forum:\"Navn\"" } ", " code { "year:2024" } ", "
                        code { "date:2023..2024" } ", " code { "person:Navn" } ", " code { "outcome:vedtaget" } ", "
                        code { "kind:referat" } "."
                    }
                }
            }
            @if let Some(results) = &results {
                (result_list(&q, by_date, page_no, results))
            }
        },
    ))
}

/// How long a search waits for a slot before the answer is "busy".
const SLOT_WAIT: Duration = Duration::from_secs(3);

/// Runs a search in a slot of its own on the blocking pool. A request given up
/// (its timeout passed, or its client gone) while it waits for a slot or for a
/// thread never starts its search.
async fn run_search(
    state: &AppState,
    index: Arc<SearchIndex>,
    text: String,
    request: Request,
) -> Result<Results, WebError> {
    // Asked before: answered without a slot, however busy the searches are.
    if let Some(results) = index.recent(&text, &request) {
        return Ok(results);
    }
    let wait_until = tokio::time::Instant::now() + SLOT_WAIT;
    let costly = referat_search::query::is_costly(&text);
    let costly_slot = if costly {
        Some(slot(&state.costly_searches, wait_until).await?)
    } else {
        None
    };
    let slot = slot(&state.searches, wait_until).await?;
    let given_up = GivenUp(Arc::default());
    let flag = given_up.0.clone();
    let work = move || {
        // The slot is held until the work ends, not until the request does: a search
        // left running still counts against the limit.
        let _slots = (slot, costly_slot);
        if flag.load(Ordering::Relaxed) {
            return Ok(None);
        }
        index.search_with(&text, &request).map(Some)
    };
    // A costly search runs at a low priority: pages and ordinary searches first.
    let results = if costly {
        state
            .costly_threads
            .run(work)
            .await
            .ok_or_else(|| WebError::Internal("a costly search failed".into()))??
    } else {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| WebError::Internal(format!("search task: {e}")))??
    };
    drop(given_up);
    results.ok_or_else(|| WebError::Internal("a search was given up".into()))
}

/// A slot of `slots`, waiting until `until` at most.
async fn slot(
    slots: &Arc<tokio::sync::Semaphore>,
    until: tokio::time::Instant,
) -> Result<tokio::sync::OwnedSemaphorePermit, WebError> {
    tokio::time::timeout_at(until, slots.clone().acquire_owned())
        .await
        .map_err(|_| WebError::Busy)?
        .map_err(|e| WebError::Internal(format!("search slots: {e}")))
}

/// Set when the request future is dropped: a search not started by then is not
/// started at all (once it has answered, the flag is read by no one).
struct GivenUp(Arc<AtomicBool>);

impl Drop for GivenUp {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn result_list(q: &str, by_date: bool, page_no: usize, results: &Results) -> maud::Markup {
    let sort = if by_date { "date" } else { "relevance" };
    let link = |query: &str, page: usize| {
        format!(
            "/search?q={}&sort={sort}{}",
            encode(query),
            if page > 1 {
                format!("&page={page}")
            } else {
                String::new()
            }
        )
    };
    let facet = |name: &str, values: &[(String, u64)], filter: &dyn Fn(&str) -> String| {
        html! {
            @if !values.is_empty() {
                h3 { (name) }
                ul {
                    @for (value, count) in values.iter().take(12) {
                        li { a href=(link(&format!("{q} {}", filter(value)), 1)) { (value) } " (" (count) ")" }
                    }
                }
            }
        }
    };
    let outcome_filter = |v: &str| format!("outcome:{v}");
    html! {
        p class="lead" role="status" {
            @match (results.total, results.total_capped) {
                (n, true) => { "Over " (thousands(n)) " punkter fundet." }
                (0, false) => { "Ingen punkter fundet." }
                (1, false) => { "1 punkt fundet." }
                (n, false) => { (thousands(n)) " punkter fundet." }
            }
        }
        div class="results-layout" {
            @if results.total > 0 {
                aside class="facets" aria-label="Afgræns søgningen" {
                    h2 { "Afgræns" }
                    @if results.total_capped {
                        p class="meta" {
                            "Tallene gælder de " (FACET_DEPTH) " "
                            (if by_date { "nyeste" } else { "mest relevante" }) " punkter."
                        }
                    }
                    (facet("Forum", &results.forums, &|v| format!("forum:\"{v}\"")))
                    (facet("År", &results.years, &|v| format!("year:{v}")))
                    @if !results.outcomes.is_empty() {
                        h3 { "Udfald" }
                        ul {
                            @for (value, count) in &results.outcomes {
                                @if let Ok(outcome) = value.parse() {
                                    li { a href=(link(&format!("{q} {}", outcome_filter(value)), 1)) { (page::outcome_label(outcome).0) } " (" (count) ")" }
                                }
                            }
                        }
                    }
                }
            }
            ol class="results" start=(PAGE * (page_no - 1) + 1) {
                @for hit in &results.hits {
                    li class="hit" {
                        h2 class="hit-title" {
                            a href=(hit.link) { "Punkt " (hit.number) ": " (hit.title) }
                        }
                        p class="meta" {
                            (hit.forum.as_deref().unwrap_or("Ukendt forum")) " · " (page::maybe_date(hit.date))
                        }
                        @if hit.in_attachments {
                            p class="meta found-in" { "Søgeordene står i et af punktets bilag." }
                        }
                        // The index escapes the snippet itself and marks matches with <b>.
                        p class="snippet" { (PreEscaped(&hit.snippet)) }
                    }
                }
            }
        }
        @if results.total > PAGE * page_no && page_no < MAX_PAGES || page_no > 1 {
            nav class="pages" aria-label="Sider" {
                @if page_no > 1 { a rel="prev" href=(link(q, page_no - 1)) { "← Forrige" } " " }
                @if results.total > PAGE * page_no && page_no < MAX_PAGES { a rel="next" href=(link(q, page_no + 1)) { "Næste →" } }
            }
        }
    }
}

/// A count as Danish writes it: `1.000`, `12.345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Percent-encodes a query string value.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

//! The front page: the search box and the latest meetings of every forum.

use axum::extract::State;
use axum::response::Html;
use maud::html;

use crate::page::{self, Viewer};
use crate::{AppState, WebError};

/// How many meetings of each forum the front page lists.
const PER_FORUM: i64 = 5;

pub async fn page(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let forums = state.archive.latest_meetings(PER_FORUM).await?;
    let total: i64 = forums.iter().map(|(f, _)| f.meetings).sum();
    Ok(page::shell(
        "Forside",
        &viewer,
        html! {
            h1 { "Mødereferater" }
            p class="lead" {
                (total) " møder i " (forums.len()) " fora. Søg i dagsordener og referater, "
                "eller se de seneste møder herunder."
            }
            form class="big-search" role="search" aria-label="Søg i alle møder" action="/search" method="get" {
                label for="q" { "Søg i alle møder" }
                div class="row" {
                    input id="q" type="search" name="q" maxlength=(referat_search::MAX_QUERY_CHARS) placeholder="fx blodprøvetagning forum:\"Sundhedsklyngen\"";
                    button type="submit" { "Søg" }
                }
            }
            @if forums.is_empty() {
                p { "Arkivet er tomt. Importér referater med " code { "referat import MAPPE" } "." }
            }
            @for (forum, meetings) in &forums {
                section class="forum" aria-labelledby=(format!("forum-{}", forum.id)) {
                    h2 id=(format!("forum-{}", forum.id)) {
                        a href=(format!("/forums/{}", forum.id)) { (forum.name) }
                    }
                    ul class="meetings" {
                        @for m in meetings {
                            li {
                                a href=(format!("/meetings/{}", m.id)) {
                                    (page::kind_label(m.kind)) " " (page::maybe_date(m.date))
                                }
                                span class="meta" { " · " (m.public_items) " punkter" }
                            }
                        }
                    }
                    @if forum.meetings > PER_FORUM {
                        p { a href=(format!("/forums/{}", forum.id)) { "Alle " (forum.meetings) " møder" } }
                    }
                }
            }
        },
    ))
}

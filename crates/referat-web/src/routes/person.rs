//! A person: the spellings of their name, their seats over time, how often they came,
//! and their meetings.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Html;
use maud::html;
use referat_model::Attendance;

use crate::chart::{self, Bar};
use crate::page::{self, Viewer};
use crate::routes::id;
use crate::{AppState, WebError};

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Result<Html<String>, WebError> {
    let id = id(&raw, "person")?;
    let person = state
        .archive
        .person(id)
        .await?
        .ok_or(WebError::NotFound("person"))?;
    let present = person
        .attendance
        .iter()
        .filter(|a| a.attendance != Attendance::Absent)
        .count() as i64;
    let listed = person.attendance.len() as i64;
    let mut years: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for a in &person.attendance {
        let year = a
            .date
            .map_or_else(|| "?".to_string(), |d| d.year().to_string());
        let entry = years.entry(year).or_default();
        entry.1 += 1;
        if a.attendance != Attendance::Absent {
            entry.0 += 1;
        }
    }
    let bars: Vec<Bar> = years
        .into_iter()
        .map(|(label, (present, listed))| Bar {
            label,
            present,
            listed,
        })
        .collect();
    let other_names: Vec<&String> = person.names.iter().filter(|n| **n != person.name).collect();
    Ok(page::shell(
        &person.name,
        &viewer,
        html! {
            h1 { (person.name) }
            @if !other_names.is_empty() {
                p class="meta" { "Også skrevet: " (other_names.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")) }
            }
            @if let Some(rate) = page::percent(present, listed) {
                p class="lead" { "Deltog i " (present) " af " (listed) " møder (" (rate) " %)." }
            }
            @if !person.memberships.is_empty() {
                section aria-labelledby="roller" {
                    h2 id="roller" { "Roller og fora" }
                    // A phone is narrower than the table: it scrolls on its own, and takes
                    // focus so that a keyboard can scroll it.
                    div class="table-scroll" role="region" aria-label="Tabel: roller og fora" tabindex="0" {
                        table {
                            thead { tr { th scope="col" { "Forum" } th scope="col" { "Rolle" } th scope="col" { "Organisation" } th scope="col" { "Periode" } th scope="col" { "Møder" } } }
                            tbody {
                                @for m in &person.memberships {
                                    tr {
                                        td { a href=(format!("/forums/{}", m.forum.id)) { (m.forum.name) } }
                                        td { (m.role) }
                                        td { (m.organisation.as_deref().unwrap_or("")) }
                                        td { (page::maybe_date(m.first_seen)) " – " (page::maybe_date(m.last_seen)) }
                                        td class="num" { (m.meetings) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !bars.is_empty() {
                section aria-labelledby="fremmoede" {
                    h2 id="fremmoede" { "Fremmøde" }
                    (chart::attendance(&bars, &format!("Fremmøde for {} pr. år", person.name)))
                }
            }
            section aria-labelledby="moeder" {
                h2 id="moeder" { "Møder" }
                // A phone is narrower than the table: it scrolls on its own, and takes
                // focus so that a keyboard can scroll it.
                div class="table-scroll" role="region" aria-label="Tabel: møder" tabindex="0" {
                    table {
                        thead { tr { th scope="col" { "Dato" } th scope="col" { "Forum" } th scope="col" { "Rolle" } th scope="col" { "Fremmøde" } } }
                        tbody {
                            @for a in &person.attendance {
                                tr {
                                    td { a href=(format!("/meetings/{}", a.meeting)) { (page::maybe_date(a.date)) } }
                                    td { @if let Some(f) = &a.forum { a href=(format!("/forums/{}", f.id)) { (f.name) } } }
                                    td { (a.role.as_deref().unwrap_or("")) }
                                    td {
                                        (page::attendance_label(a.attendance))
                                        @if let Some(s) = &a.substitute_for { " (i stedet for " (s) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

//! A forum: its members now and before, its meetings by year, and how fully its
//! members came, each member's attendance over the time they sat in it.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::{Markup, html};
use referat_archive::{
    ForumSummary, MeetingOrder, MeetingQuery, MeetingSummary, MemberAttendance, Membership,
};
use serde::Deserialize;

use crate::chart::{self, Bar};
use crate::page::{self, Viewer};
use crate::routes::id;
use crate::{AppState, WebError};

/// `?year=2024`: the year whose meetings are listed (default the newest).
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    year: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    let (forum, meetings) = with_meetings(&state, &raw, MeetingOrder::NewestDate).await?;
    let id = forum.id;
    let memberships = state.archive.memberships(Some(id), None).await?;
    let attendance = state.archive.forum_attendance(id).await?;
    // A member now sat at the forum's latest meeting.
    let (now, before): (Vec<_>, Vec<_>) = memberships
        .iter()
        .partition(|m| m.last_seen.is_some() && m.last_seen == forum.last_date);
    let mut by_year: BTreeMap<String, Vec<&MeetingSummary>> = BTreeMap::new();
    for m in &meetings {
        let year = m
            .date
            .map_or_else(|| "Uden dato".to_string(), |d| d.year().to_string());
        by_year.entry(year).or_default().push(m);
    }
    let shown = params
        .year
        .as_ref()
        .filter(|y| by_year.contains_key(*y))
        .or_else(|| {
            // The newest year; meetings without a date sort after the years.
            by_year
                .keys()
                .rev()
                .find(|y| y.chars().all(|c| c.is_ascii_digit()))
                .or_else(|| by_year.keys().next_back())
        });
    let bars: Vec<Bar> = by_year
        .iter()
        .map(|(year, ms)| Bar {
            label: year.clone(),
            present: ms.iter().map(|m| m.present).sum(),
            listed: ms.iter().map(|m| m.listed).sum(),
        })
        .filter(|b| b.listed > 0)
        .collect();
    Ok(page::shell(
        &forum.name,
        &viewer,
        html! {
            h1 { (forum.name) }
            p class="lead" {
                (forum.meetings) " møder"
                @if let (Some(first), Some(last)) = (forum.first_date, forum.last_date) {
                    " fra " (page::short_date(first)) " til " (page::short_date(last))
                }
                ". "
                a href=(format!("/forums/{id}/calendar.ics")) { "Mødekalender (iCal)" }
            }
            section aria-labelledby="medlemmer" {
                h2 id="medlemmer" { "Medlemmer nu" }
                @if now.is_empty() { p { "Ingen kendte medlemmer." } }
                ul class="people" {
                    @for m in &now {
                        li {
                            a href=(format!("/people/{}", m.person)) { (m.person_name) }
                            @let seat = seat(m);
                            @if !seat.is_empty() { span class="role" { ", " (seat) } }
                        }
                    }
                }
            }
            @if !before.is_empty() {
                section aria-labelledby="tidligere" {
                    h2 id="tidligere" { "Tidligere medlemmer" }
                    // Twenty years of a forum are hundreds of people: folded.
                    details {
                        summary { "Vis alle " (before.len()) }
                        ul class="people" {
                            @for m in &before {
                                li {
                                    a href=(format!("/people/{}", m.person)) { (m.person_name) }
                                    @let seat = seat(m);
                                    @if !seat.is_empty() { span class="role" { ", " (seat) } }
                                    span class="meta" { " (" (page::maybe_date(m.first_seen)) " – " (page::maybe_date(m.last_seen)) ")" }
                                }
                            }
                        }
                    }
                }
            }
            @if !bars.is_empty() {
                section aria-labelledby="fremmoede" {
                    h2 id="fremmoede" { "Fremmøde" }
                    (chart::attendance(&bars, &format!("Fremmøde i {} pr. år", forum.name)))
                }
            }
            @if !attendance.is_empty() {
                section aria-labelledby="medlemmers-fremmoede" {
                    h2 id="medlemmers-fremmoede" { "Medlemmernes fremmøde" }
                    // A forum of twenty years has hundreds of members: folded then.
                    @if attendance.len() > FOLDED_MEMBERS {
                        details {
                            summary { "Vis alle " (attendance.len()) }
                            (attendance_table(&attendance))
                        }
                    } @else {
                        (attendance_table(&attendance))
                    }
                }
            }
            section aria-labelledby="moeder" {
                h2 id="moeder" { "Møder" }
                // A forum of twenty years has thousands of meetings: one year at a
                // time, the others a link each.
                @if by_year.len() > 1 {
                    nav class="years" aria-label="Møder pr. år" {
                        ul {
                            @for (year, ms) in by_year.iter().rev() {
                                li {
                                    @if Some(year) == shown {
                                        strong aria-current="page" { (year) }
                                    } @else {
                                        a href=(format!("/forums/{id}?year={}", crate::routes::search::encode(year))) { (year) }
                                    }
                                    " (" (ms.len()) ")"
                                }
                            }
                        }
                    }
                }
                @if let Some((year, ms)) = shown.and_then(|y| by_year.get_key_value(y)) {
                    h3 { (year) }
                    ul class="meetings" {
                        @for m in ms {
                            li {
                                a href=(format!("/meetings/{}", m.id)) { (page::kind_label(m.kind)) " " (page::maybe_date(m.date)) }
                                span class="meta" { " · " (m.public_items) " punkter · " (m.present) " af " (m.listed) " deltog" }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// More members than this and the attendance table is folded.
const FOLDED_MEMBERS: usize = 40;

/// Each member's meetings attended of those held while they sat (from their first to
/// their last meeting), their absences and the share, the latest members first.
fn attendance_table(members: &[MemberAttendance]) -> Markup {
    html! {
        // A phone is narrower than the table: it scrolls on its own, and takes focus
        // so that a keyboard can scroll it.
        div class="table-scroll" role="region" aria-label="Tabel: medlemmernes fremmøde" tabindex="0" {
            table {
                thead {
                    tr {
                        th scope="col" { "Medlem" }
                        th scope="col" { "Periode" }
                        th scope="col" { "Deltog" }
                        th scope="col" { "Møder i perioden" }
                        th scope="col" { "Fravær" }
                        th scope="col" { "Fremmøde" }
                    }
                }
                tbody {
                    @for m in members {
                        tr {
                            td { a href=(format!("/people/{}", m.person)) { (m.person_name) } }
                            td { (page::maybe_date(m.first_seen)) " – " (page::maybe_date(m.last_seen)) }
                            td class="num" { (m.present) }
                            td class="num" { (m.held) }
                            td class="num" { (m.absent) }
                            td class="num" {
                                @if let Some(p) = m.share() { (p) " %" } @else { "–" }
                            }
                        }
                    }
                }
            }
        }
        p class="meta" { "Møder i perioden: forummets møder fra medlemmets første til seneste møde. Deltog: helt eller delvis." }
    }
}

/// The forum of a URL's id and its current meetings (superseded dagsordener left out).
pub(crate) async fn with_meetings(
    state: &AppState,
    raw: &str,
    order: MeetingOrder,
) -> Result<(ForumSummary, Vec<MeetingSummary>), WebError> {
    let id = id(raw, "forum")?;
    let forum = state
        .archive
        .forum(id)
        .await?
        .ok_or(WebError::NotFound("forum"))?;
    let meetings = state
        .archive
        .meetings(&MeetingQuery {
            forum: Some(id),
            current_only: true,
            order,
            ..MeetingQuery::default()
        })
        .await?;
    Ok((forum, meetings))
}

/// A seat as "role, organisation", each only if known, and the organisation not again
/// when the role already names it ("direktør, Egeskov Kommune").
fn seat(m: &Membership) -> String {
    let role = m.role.trim();
    let mut parts = Vec::new();
    if !role.is_empty() {
        parts.push(role);
    }
    if let Some(o) = m.organisation.as_deref().map(str::trim) {
        if !o.is_empty() && !role.contains(o) {
            parts.push(o);
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use referat_archive::ForumRef;

    fn membership(role: &str, organisation: Option<&str>) -> Membership {
        Membership {
            person: 1,
            person_name: "Anne Holm".into(),
            forum: ForumRef {
                id: 1,
                name: "Ældrerådet".into(),
            },
            role: role.into(),
            organisation: organisation.map(Into::into),
            first_seen: None,
            last_seen: None,
            meetings: 1,
        }
    }

    #[test]
    fn seats_name_the_organisation_once() {
        assert_eq!(
            seat(&membership(
                "direktør, Egeskov Kommune",
                Some("Egeskov Kommune")
            )),
            "direktør, Egeskov Kommune"
        );
        assert_eq!(
            seat(&membership("formand", Some("Region Midtland"))),
            "formand, Region Midtland"
        );
        assert_eq!(seat(&membership("", None)), "");
        assert_eq!(
            seat(&membership(" ", Some("Egeskov Kommune"))),
            "Egeskov Kommune"
        );
    }
}

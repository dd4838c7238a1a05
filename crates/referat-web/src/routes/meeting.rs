//! A meeting: header, participants as the document groups them, every public item
//! with its sections, recommendations, decision and attachments; an item permalink;
//! the source document; an attachment file kept from a portal.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use referat_archive::{AttachmentFile, StoredMeeting};
use referat_model::{AgendaItem, Attachment, Attendance, Participant};

use crate::page::{self, Viewer};
use crate::routes::id;
use crate::{AppState, WebError};

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Result<Html<String>, WebError> {
    let id = id(&raw, "møde")?;
    let meeting = state
        .archive
        .meeting(id)
        .await?
        .ok_or(WebError::NotFound("møde"))?;
    let r = &meeting.record;
    let forum_name = meeting
        .forum
        .as_ref()
        .map(|f| f.name.as_str())
        .or(r.body.as_deref())
        .unwrap_or("Møde");
    let title = format!(
        "{} {} – {}",
        page::kind_label(r.kind),
        page::maybe_date(r.date),
        forum_name
    );
    // Only an editor is shown what the import warned of.
    let warnings = if viewer.is_editor() {
        state.archive.warnings(id).await?
    } else {
        Vec::new()
    };
    let closed = r.items.iter().filter(|i| i.closed).count();
    let source = state.archive.document(meeting.document).await?;
    let provenance = state.archive.provenance(id).await?;
    let files = state.archive.meeting_attachment_files(id).await?;
    let attachments = Attachments {
        portal: provenance.as_ref().map(|p| p.portal.as_str()),
        files: &files,
    };
    Ok(page::shell(
        &title,
        &viewer,
        html! {
            article class="meeting" {
                header class="meeting-head" {
                    p class="kicker" {
                        @if let Some(f) = &meeting.forum {
                            a href=(format!("/forums/{}", f.id)) { (f.name) }
                        } @else { (forum_name) }
                    }
                    h1 { (page::kind_label(r.kind)) " " (r.date.map(page::long_date).unwrap_or_else(|| "uden dato".into())) }
                    dl class="facts" {
                        @if let Some(start) = r.start {
                            dt { "Tid" }
                            dd { "kl. " (start.to_string()) @if let Some(end) = r.end { "–" (end.to_string()) } }
                        }
                        @if let Some(place) = &r.location { dt { "Sted" } dd { (place) } }
                        @if let Some(chair) = &r.chair { dt { "Mødeleder" } dd { (chair) } }
                        dt { "Kilde" }
                        dd {
                            @if let Some(from) = &provenance {
                                (portal_link(from)) " · "
                            }
                            @match &source {
                                Some(doc) if closed == 0 => {
                                    a href=(format!("/documents/{}", doc.id)) { (file_name(&doc.path)) }
                                    " (" (doc.format) ")"
                                }
                                Some(doc) => {
                                    (file_name(&doc.path)) " – vises ikke, da dokumentet indeholder lukkede punkter"
                                }
                                None => "ukendt",
                            }
                        }
                    }
                    @if let Some(referat) = meeting.superseded_by {
                        p class="notice" {
                            "Denne dagsorden er afløst af "
                            a href=(format!("/meetings/{referat}")) { "mødets referat" } "."
                        }
                    }
                    @if let Some(agenda) = meeting.supersedes {
                        p class="meta" { a href=(format!("/meetings/{agenda}")) { "Mødets dagsorden" } }
                    }
                }
                @if !warnings.is_empty() {
                    section class="warnings" aria-labelledby="advarsler" {
                        h2 id="advarsler" { "Advarsler fra indlæsningen" }
                        ul {
                            @for w in &warnings {
                                li {
                                    @if let Some(line) = w.line { "Linje " (line) ": " }
                                    (w.message)
                                }
                            }
                        }
                    }
                }
                @if !r.participants.is_empty() {
                    section class="participants" aria-labelledby="deltagere" {
                        h2 id="deltagere" { "Deltagere" }
                        (participants(&meeting))
                    }
                }
                section class="items" aria-labelledby="punkter" {
                    h2 id="punkter" { "Dagsordenspunkter" }
                    @if r.items.len() > closed {
                        nav class="toc" aria-label="Punkter" {
                            // The items carry their own numbers (3, 3a, 12.1).
                            ul {
                                @for (_, label, item) in meeting.public_items() {
                                    li { a href=(format!("#item-{}", anchor(&label))) { (label) ". " (item.title) } }
                                }
                            }
                        }
                    }
                    @for (item_id, label, item) in meeting.public_items() {
                        (agenda_item(item_id, &label, item, &attachments))
                    }
                    @if closed > 0 {
                        p class="notice" {
                            @if closed == 1 { "1 lukket punkt er ikke offentligt og vises ikke." }
                            @else { (closed) " lukkede punkter er ikke offentlige og vises ikke." }
                        }
                    }
                }
            }
        },
    ))
}

/// The meeting's page on the portal it was fetched from, a link only where it is a
/// web address (an archive restored from an export could hold anything).
fn portal_link(from: &referat_archive::Provenance) -> Markup {
    let web = from.link.starts_with("https://") || from.link.starts_with("http://");
    let shown = from
        .portal
        .split_once("://")
        .map_or(from.portal.as_str(), |(_, host)| host);
    html! {
        @if web {
            a href=(from.link) rel="external noopener" { "mødet på " (shown) }
        } @else {
            "mødet på " (shown)
        }
    }
}

/// A heading of the participant list (if the document gave one) and its people, each
/// with their person id.
type Group<'a> = (Option<&'a str>, Vec<(i64, &'a Participant)>);

/// The participants under the headings the document gave them.
fn participants(meeting: &StoredMeeting) -> Markup {
    let mut groups: Vec<Group> = Vec::new();
    for (person, p) in meeting.persons.iter().zip(&meeting.record.participants) {
        let group = p.group.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push((*person, p)),
            None => groups.push((group, vec![(*person, p)])),
        }
    }
    let absent: Vec<&Participant> = meeting
        .record
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Absent)
        .collect();
    html! {
        @for (group, members) in &groups {
            @if let Some(g) = group { h3 { (g) } }
            ul class="people" {
                @for (person, p) in members {
                    li class=(format!("attendance-{}", p.attendance.as_str())) {
                        a href=(format!("/people/{person}")) { (p.name) }
                        @if let Some(role) = &p.role { span class="role" { ", " (role) } }
                        " "
                        span class="status" {
                            (page::attendance_label(p.attendance))
                            @if !p.items.is_empty() { " (punkt " (p.items.join(", ")) ")" }
                        }
                        @if let Some(for_whom) = &p.substitute_for {
                            span class="substitute" { " – i stedet for " (for_whom) }
                        }
                    }
                }
            }
        }
        @if !absent.is_empty() {
            p class="absent-summary" {
                strong { "Afbud: " }
                (absent.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))
            }
        }
    }
}

/// What the meeting page knows of its attachments: the portal its links are relative
/// to, and the files kept of them, by link.
struct Attachments<'a> {
    portal: Option<&'a str>,
    files: &'a HashMap<String, AttachmentFile>,
}

impl Attachments<'_> {
    /// An attachment: its kept copy where there is one (with the portal's page
    /// beside it), else its page on the portal, else its title.
    fn entry(&self, a: &Attachment) -> Markup {
        let on_portal = a
            .link
            .as_deref()
            .and_then(|link| web_link(self.portal, link));
        let kept = a.link.as_ref().and_then(|link| self.files.get(link));
        html! {
            @match (kept, on_portal) {
                (Some(file), on_portal) => {
                    a href=(format!("/attachments/{}", file.sha256)) { (a.title) }
                    " " span class="file-note" { "(" (file_note(file)) ")" }
                    @if let Some(url) = on_portal {
                        " · " a href=(url) rel="external noopener" class="file-note" { "på portalen" }
                    }
                }
                (None, Some(url)) => a href=(url) rel="external noopener" { (a.title) },
                (None, None) => (a.title),
            }
        }
    }
}

/// A link as a web address: as it is where it is one (`https://…`), resolved against
/// the portal where it is relative to it; none where it is neither (a relative link
/// of a document not fetched from a portal), or where it is not http(s).
fn web_link(portal: Option<&str>, link: &str) -> Option<String> {
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(link.to_string());
    }
    let portal = portal?;
    if link.starts_with("//") || lower.contains(':') && !link.starts_with('/') {
        return None;
    }
    Some(match link.strip_prefix('/') {
        // Relative to the portal's host: the scheme and host of the portal.
        Some(path) => {
            let (scheme, rest) = portal.split_once("://")?;
            let host = rest.split('/').next()?;
            format!("{scheme}://{host}/{path}")
        }
        None => format!("{}/{link}", portal.trim_end_matches('/')),
    })
}

/// "PDF, 1,2 MB": a kept file's format and size, as a reader weighs opening it.
fn file_note(file: &AttachmentFile) -> String {
    let format = file
        .format
        .as_deref()
        .map_or_else(|| "fil".to_string(), str::to_uppercase);
    let size = if file.size >= 1_000_000 {
        format!("{:.1} MB", file.size as f64 / 1_000_000.0).replace('.', ",")
    } else {
        format!("{} kB", file.size.div_ceil(1000))
    };
    format!("{format}, {size}")
}

fn agenda_item(item_id: i64, label: &str, item: &AgendaItem, attachments: &Attachments) -> Markup {
    let anchor = anchor(label);
    html! {
        section class="item" id=(format!("item-{anchor}")) aria-labelledby=(format!("item-{anchor}-title")) {
            h3 id=(format!("item-{anchor}-title")) {
                (label) ". " (item.title)
            }
            p class="meta" {
                @if let Some(start) = item.start {
                    "kl. " (start.to_string()) @if let Some(end) = item.end { "–" (end.to_string()) } " · "
                }
                @if let Some(min) = item.duration_min { (min) " min · " }
                @if !item.presenters.is_empty() { "v/ " (item.presenters.join(" og ")) " · " }
                a class="permalink" href=(format!("/items/{item_id}")) title="Fast link til punktet" {
                    "Link" span class="visually-hidden" { " til punkt " (label) }
                }
            }
            @for section in &item.sections {
                @if !is_decision(section.heading.as_deref(), item) {
                    div class="section" {
                        @if let Some(h) = &section.heading { h4 { (h) } }
                        (page::paragraphs(&section.text))
                    }
                }
            }
            @if !item.recommendations.is_empty() {
                div class="recommendations" {
                    h4 { "Indstilling" }
                    ol {
                        @for rec in &item.recommendations {
                            @let (label, class) = page::outcome_label(rec.outcome);
                            li { (rec.text) " " span class=(class) { (label) } }
                        }
                    }
                }
            }
            @if let Some(decision) = &item.decision {
                div class="decision" {
                    h4 { "Beslutning" }
                    (page::paragraphs(decision))
                }
            }
            @if !item.attachments.is_empty() {
                div class="attachments" {
                    h4 { "Bilag" }
                    ul { @for a in &item.attachments { li { (attachments.entry(a)) } } }
                }
            }
        }
    }
}

/// Whether a section is the decision shown on its own below the recommendations.
fn is_decision(heading: Option<&str>, item: &AgendaItem) -> bool {
    let Some(decision) = &item.decision else {
        return false;
    };
    heading.is_some()
        && item
            .sections
            .iter()
            .any(|s| s.heading.as_deref() == heading && s.text == *decision)
}

/// An item number as a URL fragment: letters, digits and dots are kept.
pub(crate) fn anchor(number: &str) -> String {
    number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `/items/{id}`: the item's place in its meeting's page.
pub async fn item(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Redirect, WebError> {
    let item_id = id(&raw, "punkt")?;
    let (meeting_id, number) = state
        .archive
        .item_place(item_id)
        .await?
        .ok_or(WebError::NotFound("punkt"))?;
    let number = anchor(&number);
    Ok(Redirect::to(&format!(
        "/meetings/{meeting_id}#item-{number}"
    )))
}

/// `/documents/{id}`: the source file as imported, unless its meeting has a closed
/// item (the file would show it) or the file is gone from where it was imported.
pub async fn document(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let doc_id = id(&raw, "dokument")?;
    let doc = state
        .archive
        .document(doc_id)
        .await?
        .ok_or(WebError::NotFound("dokument"))?;
    // Only the file the meeting's content was read from: an older version or a copy
    // may hold a closed item the current content no longer shows.
    let meeting = match doc.meeting {
        Some(meeting) => state.archive.meeting(meeting).await?,
        None => None,
    };
    if meeting.is_none_or(|m| m.document != doc.id || m.has_closed_items()) {
        return Err(WebError::NotFound("offentligt dokument"));
    }
    let (file, length) = open_unchanged(doc.path.clone().into(), doc.sha256.clone()).await?;
    let content_type = match doc.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        // An imported web page is offered as text, never run as a page of this site.
        _ => "text/plain; charset=utf-8",
    };
    let disposition = format!(
        "inline; filename=\"{}\"",
        file_name(&doc.path)
            .chars()
            .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            })
            .collect::<String>()
    );
    Ok(streamed(file, length, content_type, disposition))
}

/// A file checked by [`open_unchanged`] as the answer, sent a piece at a time: a
/// file of hundreds of megabytes costs a request a buffer, not its size in memory.
fn streamed(file: std::fs::File, length: u64, content_type: &str, disposition: String) -> Response {
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        tokio::fs::File::from_std(file),
        64 * 1024,
    ));
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        body,
    )
        .into_response()
}

/// `/attachments/{sha256}`: an attachment file fetched from a portal, if a public
/// item links it. A PDF is shown in the browser; any other file is offered as a
/// download, never run as a page of this site.
pub async fn attachment(
    State(state): State<AppState>,
    Path(sha256): Path<String>,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("bilag");
    if sha256.len() != 64
        || !sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(not_found());
    }
    let file = state
        .archive
        .public_attachment_file(&sha256)
        .await?
        .ok_or_else(not_found)?;
    let (handle, length) = open_unchanged(file.path.clone().into(), file.sha256.clone()).await?;
    let (content_type, disposition, extension) = match file.format.as_deref() {
        Some("pdf") => ("application/pdf", "inline", ".pdf"),
        Some("docx") => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
            ".docx",
        ),
        _ => ("application/octet-stream", "attachment", ""),
    };
    let name: String = file
        .title
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || " -_.,".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(streamed(
        handle,
        length,
        content_type,
        format!("{disposition}; filename=\"{}{extension}\"", name.trim()),
    ))
}

/// The source file opened and checked against the hash it was imported with, read
/// back to its start; its length. The one handle is both checked and sent, so a file
/// replaced in between is not sent unchecked.
async fn open_unchanged(
    path: std::path::PathBuf,
    sha256: String,
) -> Result<(std::fs::File, u64), WebError> {
    use sha2::Digest;
    use std::io::Seek;
    tokio::task::spawn_blocking(move || {
        let moved = || WebError::NotFound("dokument (filen er flyttet eller slettet)");
        let mut file = std::fs::File::open(&path).map_err(|_| moved())?;
        let mut hasher = sha2::Sha256::new();
        let length = std::io::copy(&mut file, &mut hasher).map_err(|_| moved())?;
        if format!("{:x}", hasher.finalize()) != sha256 {
            // The file changed since it was imported: it is not the source of this
            // record.
            return Err(WebError::NotFound(
                "dokument (filen er ændret siden indlæsningen)",
            ));
        }
        file.rewind().map_err(|_| moved())?;
        Ok((file, length))
    })
    .await
    .map_err(|e| WebError::Internal(format!("reading a source file: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_links_become_web_addresses_only_where_they_are_ones() {
        let portal = Some("https://dagsordener.example.dk");
        assert_eq!(
            web_link(portal, "/vis/pdf/bilag/a1/?x=false").as_deref(),
            Some("https://dagsordener.example.dk/vis/pdf/bilag/a1/?x=false")
        );
        assert_eq!(
            web_link(portal, "bilag/1.pdf").as_deref(),
            Some("https://dagsordener.example.dk/bilag/1.pdf")
        );
        assert_eq!(
            web_link(None, "HTTPS://example.dk/a.pdf").as_deref(),
            Some("HTTPS://example.dk/a.pdf")
        );
        // Not fetched from a portal: a relative link leads nowhere.
        assert_eq!(web_link(None, "/vis/pdf/bilag/a1/"), None);
        for not_web in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/x",
        ] {
            assert_eq!(web_link(portal, not_web), None, "{not_web}");
        }
    }

    #[test]
    fn file_notes_weigh_the_file() {
        let file = |size, format: Option<&str>| AttachmentFile {
            sha256: String::new(),
            path: String::new(),
            size,
            format: format.map(str::to_string),
            title: String::new(),
        };
        assert_eq!(file_note(&file(1_234, Some("pdf"))), "PDF, 2 kB");
        assert_eq!(file_note(&file(2_345_678, Some("docx"))), "DOCX, 2,3 MB");
        assert_eq!(file_note(&file(10, None)), "fil, 1 kB");
    }
}

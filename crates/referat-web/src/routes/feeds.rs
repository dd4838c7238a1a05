//! Feeds: an iCal calendar of each forum's meetings, an Atom feed of new minutes.
//! Both are built by hand: the formats are small, and every value goes through one
//! escaping function each.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use referat_archive::{MeetingOrder, MeetingQuery};

use crate::page;
use crate::routes::forum;
use crate::{AppState, WebError};

/// How many minutes the Atom feed carries.
const FEED_LENGTH: i64 = 50;

/// Europe/Copenhagen, as a calendar needs it to read local times.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// `/forums/{id}/calendar.ics`
pub async fn calendar(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let (forum, meetings) = forum::with_meetings(&state, &raw, MeetingOrder::Id).await?;
    let host = state
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("referat")
        .to_string();
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//referat//referat//DA\r\nCALSCALE:GREGORIAN\r\n",
    );
    fold(
        &mut ics,
        &format!("X-WR-CALNAME:{}", ical_text(&forum.name)),
    );
    ics.push_str(VTIMEZONE);
    for m in &meetings {
        let Some(date) = m.date else {
            continue;
        };
        let day = date.strftime("%Y%m%d");
        ics.push_str("BEGIN:VEVENT\r\n");
        fold(&mut ics, &format!("UID:meeting-{}@{host}", m.id));
        fold(&mut ics, &format!("DTSTAMP:{}", ical_stamp(&m.modified_at)));
        match (&m.start, &m.end) {
            (Some(start), end) => {
                let end = end.unwrap_or(*start);
                fold(
                    &mut ics,
                    &format!(
                        "DTSTART;TZID=Europe/Copenhagen:{day}T{:02}{:02}00",
                        start.hour(),
                        start.minute()
                    ),
                );
                fold(
                    &mut ics,
                    &format!(
                        "DTEND;TZID=Europe/Copenhagen:{day}T{:02}{:02}00",
                        end.hour(),
                        end.minute()
                    ),
                );
            }
            (None, _) => fold(&mut ics, &format!("DTSTART;VALUE=DATE:{day}")),
        }
        fold(
            &mut ics,
            &format!(
                "SUMMARY:{}",
                ical_text(&format!("{} – {}", forum.name, page::kind_label(m.kind)))
            ),
        );
        if let Some(place) = &m.location {
            fold(&mut ics, &format!("LOCATION:{}", ical_text(place)));
        }
        fold(
            &mut ics,
            &format!("URL:{}", state.config.url(&format!("/meetings/{}", m.id))),
        );
        ics.push_str("END:VEVENT\r\n");
    }
    ics.push_str("END:VCALENDAR\r\n");
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        ics,
    )
        .into_response())
}

/// Text in a calendar value: backslash, semicolon, comma and line ends escaped.
fn ical_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets, never inside a character.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// An RFC 3339 UTC stamp as iCal's `20250424T130000Z`.
fn ical_stamp(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|_| "19700101T000000Z".into())
}

/// `/feed.atom`: the newest minutes, newest change first.
pub async fn atom(State(state): State<AppState>) -> Result<Response, WebError> {
    let meetings = state
        .archive
        .meetings(&MeetingQuery {
            current_only: true,
            order: MeetingOrder::NewestChange,
            limit: Some(FEED_LENGTH),
            ..MeetingQuery::default()
        })
        .await?;
    let ids: Vec<i64> = meetings.iter().map(|m| m.id).collect();
    let mut titles = state.archive.public_item_titles(&ids).await?;
    let config = &state.config;
    let updated = meetings
        .first()
        .map(|m| m.modified_at.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"da\">\n",
    );
    let _ = writeln!(
        xml,
        "<title>Nye mødereferater – {}</title>",
        xml_text(&config.body_name)
    );
    let _ = writeln!(xml, "<id>{}</id>", xml_text(&config.url("/feed.atom")));
    let _ = writeln!(
        xml,
        "<link rel=\"self\" href=\"{}\"/>",
        xml_text(&config.url("/feed.atom"))
    );
    let _ = writeln!(
        xml,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_text(&config.url("/"))
    );
    let _ = writeln!(xml, "<updated>{}</updated>", xml_text(&updated));
    let _ = writeln!(
        xml,
        "<author><name>{}</name></author>",
        xml_text(&config.body_name)
    );
    for m in &meetings {
        let url = config.url(&format!("/meetings/{}", m.id));
        let forum = m.forum.as_ref().map(|f| f.name.as_str()).unwrap_or("Møde");
        let title = format!(
            "{forum}: {} {}",
            page::kind_label(m.kind),
            page::maybe_date(m.date)
        );
        let titles: Vec<String> = titles
            .remove(&m.id)
            .unwrap_or_default()
            .into_iter()
            .map(|(number, title)| format!("{number}. {title}"))
            .collect();
        xml.push_str("<entry>\n");
        let _ = writeln!(xml, "<title>{}</title>", xml_text(&title));
        let _ = writeln!(xml, "<id>{}</id>", xml_text(&url));
        let _ = writeln!(
            xml,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_text(&url)
        );
        let _ = writeln!(xml, "<updated>{}</updated>", xml_text(&m.modified_at));
        let _ = writeln!(xml, "<summary>{}</summary>", xml_text(&titles.join("; ")));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

/// Text in XML content or an attribute.
fn xml_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_text_is_escaped_and_folded() {
        assert_eq!(ical_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        fold(&mut out, &"æ".repeat(60));
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", "").trim_end(), "æ".repeat(60));
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_text("<script>&\"'\u{1}"),
            "&lt;script&gt;&amp;&quot;&apos;"
        );
    }

    #[test]
    fn stamps() {
        assert_eq!(ical_stamp("2025-04-24T13:00:00Z"), "20250424T130000Z");
    }
}

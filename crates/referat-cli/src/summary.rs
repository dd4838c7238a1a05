//! The readable summary `referat parse` prints: who met, who was missing, what was on
//! the agenda and what became of it.

use std::fmt::Write;

use referat_model::{Attendance, ItemSource, Meeting, Outcome, ParticipantSource, Weekday};

pub fn summary(meeting: &Meeting) -> String {
    let mut out = String::new();
    let _ = write_summary(&mut out, meeting);
    out
}

fn write_summary(out: &mut String, m: &Meeting) -> std::fmt::Result {
    let body = m.body.as_deref().unwrap_or("(forum not named)");
    let mut when = Vec::new();
    // The weekday as written (even when it disagrees with the date; lint says so), else
    // the calendar's, so a reader always sees which day it was.
    match (m.weekday, m.date) {
        (Some(w), _) => when.push(w.to_string()),
        (None, Some(d)) => when.push(Weekday::of(d).to_string()),
        (None, None) => {}
    }
    match m.date {
        Some(d) => when.push(d.to_string()),
        None => when.push("(no date)".into()),
    }
    match (m.start, m.end) {
        (Some(s), Some(e)) => when.push(format!("{s}–{e}")),
        (Some(s), None) => when.push(s.to_string()),
        _ => {}
    }
    writeln!(out, "  {body} — {}, {}", m.kind, when.join(" "))?;
    if let Some(place) = &m.location {
        writeln!(out, "  Place: {place}")?;
    }
    if let Some(chair) = &m.chair {
        writeln!(out, "  Chair: {chair}")?;
    }
    let count = |a: Attendance| m.participants.iter().filter(|p| p.attendance == a).count();
    writeln!(
        out,
        "  Participants: {} ({} present, {} absent, {} partial){}",
        m.participants.len(),
        count(Attendance::Present),
        count(Attendance::Absent),
        count(Attendance::Partial),
        found_in(m.participants.iter().filter_map(|p| p.source))
    )?;
    let absent: Vec<&str> = m
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Absent)
        .map(|p| p.name.as_str())
        .collect();
    if !absent.is_empty() {
        writeln!(out, "    Absent: {}", absent.join(", "))?;
    }
    let substitutes: Vec<String> = m
        .participants
        .iter()
        .filter_map(|p| {
            p.substitute_for
                .as_ref()
                .map(|f| format!("{} (for {f})", p.name))
        })
        .collect();
    if !substitutes.is_empty() {
        writeln!(out, "    Substitutes: {}", substitutes.join(", "))?;
    }
    let partial: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Partial)
        .map(|p| format!("{} (items {})", p.name, p.items.join(", ")))
        .collect();
    if !partial.is_empty() {
        writeln!(out, "    Partial: {}", partial.join(", "))?;
    }
    let unnumbered = m.items.iter().filter(|i| i.number.is_none()).count();
    let how = match m.items.first().and_then(|i| i.source) {
        Some(ItemSource::Heading) => " — from unnumbered headings, numbered here by place",
        Some(ItemSource::ListEntry) => " — from the entries of a list, numbered here by place",
        _ if unnumbered > 0 => " — some unnumbered, numbered here by place",
        _ => "",
    };
    writeln!(out, "  Items: {}{how}", m.items.len())?;
    for (k, item) in m.items.iter().enumerate() {
        let mut notes = Vec::new();
        let outcomes = outcome_counts(item.recommendations.iter().map(|r| r.outcome));
        if !outcomes.is_empty() {
            notes.push(outcomes);
        }
        if !item.presenters.is_empty() {
            notes.push(format!("by {}", item.presenters.join(", ")));
        }
        match item.attachments.len() {
            0 => {}
            1 => notes.push("1 attachment".into()),
            n => notes.push(format!("{n} attachments")),
        }
        let implied = item
            .recommendations
            .iter()
            .filter(|r| r.outcome_source == Some(referat_model::OutcomeSource::Implied))
            .count();
        if implied > 0 {
            notes.push(format!("{implied} outcome inferred"));
        }
        if item.closed {
            notes.push("closed".into());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" — {}", notes.join(" · "))
        };
        writeln!(out, "    {:>3}. {}{notes}", item.label(k), item.title)?;
    }
    match m.warnings.len() {
        0 => writeln!(out, "  No warnings")?,
        n => writeln!(out, "  Warnings: {n} (`referat lint` lists them)")?,
    }
    Ok(())
}

/// How the participants were found, when it is worth saying: " — read from a
/// check-list", " — inferred from the text of the items".
fn found_in(sources: impl Iterator<Item = ParticipantSource>) -> String {
    let mut seen: Vec<ParticipantSource> = Vec::new();
    for s in sources {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    let words: Vec<&str> = seen
        .iter()
        .map(|s| match s {
            ParticipantSource::Structured => "the document's data fields",
            ParticipantSource::Table => "a table",
            ParticipantSource::CheckList => "a check-list",
            ParticipantSource::Label => "label lines",
            ParticipantSource::List => "a list",
            ParticipantSource::Mention => "the text of the items (inferred: check them)",
        })
        .collect();
    if words.is_empty() {
        String::new()
    } else {
        format!(" — from {}", words.join(" and "))
    }
}

fn outcome_counts(outcomes: impl Iterator<Item = Outcome>) -> String {
    let order = [
        Outcome::Adopted,
        Outcome::Amended,
        Outcome::Rejected,
        Outcome::Postponed,
        Outcome::Unresolved,
    ];
    let all: Vec<Outcome> = outcomes.collect();
    order
        .iter()
        .filter_map(|o| {
            let n = all.iter().filter(|x| *x == o).count();
            (n > 0).then(|| format!("{n} {}", o.as_str()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A search snippet for the terminal: the `<b>` of a match as `*`, entities decoded.
pub fn plain_snippet(html: &str) -> String {
    let text = html
        .replace("<b>", "*")
        .replace("</b>", "*")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

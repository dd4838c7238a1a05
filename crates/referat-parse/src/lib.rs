//! Recognises the meeting record ([`referat_model::Meeting`]) in the text of minutes
//! and agendas from any publisher: header, participants, agenda items with their
//! sections, recommendations, outcomes, decisions, presenters and attachments, and
//! warnings about what looks wrong or could not be found.
//!
//! Recognition works on structure, not on knowing documents: the text is read once into
//! a [`document`](crate::document) of classified lines and blocks (headings with their
//! level, list entries with their marker, check boxes, tables, label lines,
//! quotations) and front matter; the items are found as the best chain of numbered
//! headings, or the run of headings the document is divided at (`outline`); the
//! participant list wherever the structure and the vocabulary of Danish, Norwegian and
//! Swedish minutes put it (`attendance`); and each part of a record has a module of its
//! own. [`parse_lenient`] never fails; [`parse`] refuses text that has nothing of
//! minutes.

mod attendance;
mod checks;
mod cue;
mod dates;
mod document;
mod front_matter;
mod header;
mod headings;
mod items;
mod layout;
mod lookalike;
mod names;
mod outline;
mod participants;
mod presenters;
mod proposals;
mod recommendations;
mod roll;
mod text;
mod titles;
mod toc;
mod warnings;

use std::collections::HashSet;

use referat_model::{Kind, Meeting, Warning, WarningKind};

use crate::document::Document;
use crate::headings::SectionRole;
use crate::items::ItemText;
use crate::roll::{
    apply_presence, chairing_member, mentioned_participants, resolve_partial, resolve_participants,
};
use crate::warnings::{look_alike_warnings, not_found_warnings, presenter_conflicts, shorten};

/// Why a text gives no meeting record.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The text has nothing of minutes or an agenda.
    #[error("not minutes or an agenda: {reason}")]
    NotMinutes { reason: String },
}

/// Parses minutes or an agenda, refusing text that has neither agenda items nor a
/// meeting header.
pub fn parse(text: &str) -> Result<Meeting, ParseError> {
    let recognised = recognise(text);
    let meeting = recognised.meeting;
    let reason = if meeting.items.is_empty() {
        Some("no agenda items found")
    } else if !recognised.meeting_evidence {
        Some(
            "nothing says it records a meeting: no title naming minutes or an agenda, no participants, no meeting date or place, no decisions",
        )
    } else {
        None
    };
    match reason {
        Some(reason) => Err(ParseError::NotMinutes {
            reason: reason.to_string(),
        }),
        None => Ok(meeting),
    }
}

/// Parses whatever the text holds; never fails and never panics.
pub fn parse_lenient(text: &str) -> Meeting {
    recognise(text).meeting
}

struct Recognised {
    meeting: Meeting,
    /// Something beyond a list of headings says the text records a meeting.
    meeting_evidence: bool,
}

fn recognise(text: &str) -> Recognised {
    let mut doc = Document::read(text);
    let mut outline = outline::outline(&doc);
    let line_count = doc.lines.len();
    let first_item = outline.items.first().map_or(line_count, |h| h.line);
    let toc: HashSet<usize> = outline.toc.iter().copied().collect();

    // The participant list: an item of its own ("Punkt 1: Mødedeltagere") or a part
    // of the header, or the data of a structured source.
    let participant_item = outline
        .items
        .iter()
        .position(|h| participants::opens_list(&h.title));
    let last_item = outline
        .items
        .last()
        .and_then(|h| match doc.lines.get(h.line)?.kind {
            crate::text::LineKind::Heading(level) => Some((h.line, level)),
            _ => None,
        });
    let mut list = attendance::read(
        &doc,
        first_item,
        participant_item
            .and_then(|k| outline.items.get(k))
            .map(|h| (h.body_start, h.body_end)),
        &outline.toc,
        last_item,
    );
    if let (Some(from), Some(last)) = (list.trailing_from, outline.items.last_mut()) {
        last.body_end = last.body_end.min(from);
    }
    for &i in &list.person_lines {
        if let Some(l) = doc.lines.get_mut(i) {
            l.hard_break = true;
        }
    }
    let used: HashSet<usize> = list
        .person_lines
        .iter()
        .chain(&list.group_lines)
        .copied()
        .collect();
    // A field of the header inside the participant area ("Organ: Nämnden" under the
    // lists of a protocol's front page) is still the header's.
    let header_lines: Vec<usize> = (0..first_item)
        .filter(|i| {
            !toc.contains(i)
                && (!used.contains(i)
                    || doc
                        .lines
                        .get(*i)
                        .is_some_and(|l| header::is_field_label(&l.text)))
        })
        .collect();
    let head = header::read(&doc.lines, &header_lines, &doc.front);
    let meeting_date = head.date.and_then(|d| d.date());
    let group_lines: HashSet<usize> = list.group_lines.iter().copied().collect();

    // Items and their text.
    let no_extra = HashSet::new();
    let items_text: Vec<ItemText> = outline
        .items
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let extra = if Some(k) == participant_item {
                &group_lines
            } else {
                &no_extra
            };
            items::read(&doc, h, extra, meeting_date)
        })
        .collect();
    if let Some(k) = participant_item {
        if let Some(t) = items_text.get(k) {
            for s in t
                .sections
                .iter()
                .filter(|s| s.role == SectionRole::Decision)
            {
                list.absentees.extend(participants::apologies(&s.paras));
            }
        }
    }

    let mut warnings: Vec<Warning> = Vec::new();
    // "## Dagsorden" (the list) and then "## Referat" over the items: the minutes of
    // the agenda above them.
    let minutes_part = head.kind == Some(Kind::Dagsorden)
        && doc
            .lines
            .get(..first_item.min(doc.lines.len()))
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|l| head.kind_line.is_none_or(|k| l.no > k))
            .any(|l| {
                (l.is_heading() || l.kind == text::LineKind::Bold)
                    && matches!(
                        headings::display(&l.text).to_lowercase().as_str(),
                        "referat" | "protokol" | "protokoll" | "beslutninger" | "referat af mødet"
                    )
            });
    let kind = if minutes_part {
        Kind::Referat
    } else {
        decide_kind(&head, &items_text, &mut warnings)
    };
    let mut meeting = Meeting::new(kind);
    meeting.body = head.body.clone();
    meeting.date = meeting_date;
    meeting.weekday = head.weekday;
    meeting.start = head.start;
    meeting.end = head.end;
    meeting.location = head.location.clone();
    if meeting.end.is_none() {
        // The closing line is usually at the end: read from the back.
        meeting.end = doc
            .lines
            .iter()
            .rev()
            .filter(|l| !l.is_blank())
            .find_map(|l| header::closing_time(&l.text));
    }

    meeting.participants = resolve_participants(&list, &mut warnings);
    meeting.chair = list
        .people
        .iter()
        .find(|p| p.entry.chair)
        .map(|p| p.entry.name.clone())
        .or_else(|| list.chair.clone())
        .or_else(|| head.chair.clone())
        .or_else(|| chairing_member(&meeting.participants));

    let people = names::Roster::new(meeting.participants.iter().map(|p| p.name.clone()));
    let closed_parts = closed_parts(&doc.lines, &toc);
    let without_decision = items_text.iter().filter(|t| !t.has_decision()).count();
    let reading = items::Reading {
        kind,
        body_is_minutes: kind == Kind::Referat && without_decision * 2 > items_text.len(),
        people: &people,
        no_recommendation_sections: !items_text
            .iter()
            .flat_map(|t| &t.sections)
            .any(|s| s.role == SectionRole::Recommendation),
        meeting_date,
    };
    for (h, t) in outline.items.iter().zip(&items_text) {
        let mut item = items::build(&doc, h, t, &reading);
        let in_closed_part = closed_parts
            .iter()
            .rev()
            .find(|(at, _)| *at < h.line)
            .is_some_and(|(_, closed)| *closed);
        item.closed = h.closed || in_closed_part;
        meeting.items.push(item);
    }
    if meeting.chair.is_none() {
        // Chosen or named as chairing in an item's minutes, or, where an item has no
        // minutes of its own (a welcome before the first decision), in its text.
        meeting.chair = meeting
            .items
            .iter()
            .zip(&items_text)
            .find_map(|(item, text)| {
                let whole: String = match item.decision.as_deref() {
                    Some(d) => d.to_string(),
                    None => text
                        .sections
                        .iter()
                        .flat_map(|s| &s.paras)
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                attendance::chosen_chair(&item.title, &whole)
                    .or_else(|| attendance::elected_chair(&whole))
            });
        // "Bestyrelsens formand, Anne-Mette Skov, bød velkommen og ledede mødet." above
        // the first item.
        if meeting.chair.is_none() {
            meeting.chair = doc
                .blocks
                .iter()
                .take_while(|b| b.start < first_item)
                .filter(|b| b.kind == document::BlockKind::Paragraph)
                .find_map(|b| attendance::elected_chair(&b.text));
        }
    }
    // "Ordstyrer: KR", "Mødeleder: Mikkel": the participant meant.
    if let Some(full) = meeting.chair.as_deref().and_then(|c| people.resolve(c)) {
        meeting.chair = Some(full);
    }
    resolve_partial(&mut meeting, &list, &items_text);
    mentioned_participants(&mut meeting, &items_text);
    // Notes on who came late or left early: in the header, and in the items.
    let mut notes: Vec<(Option<usize>, String, attendance::Presence)> = doc
        .blocks
        .iter()
        .take_while(|b| b.start < first_item)
        // "Merknader: X møtte fra sak 44/25.": a note may stand under a label.
        .filter(|b| {
            matches!(
                b.kind,
                document::BlockKind::Paragraph | document::BlockKind::Label { .. }
            )
        })
        .flat_map(|b| attendance::presence_notes(&b.text))
        .map(|(name, p)| (None, name, p))
        .collect();
    for (k, t) in items_text.iter().enumerate() {
        for p in t.paras() {
            notes.extend(
                attendance::presence_notes(&p.text)
                    .into_iter()
                    .map(|(name, presence)| (Some(k), name, presence)),
            );
        }
    }
    apply_presence(&mut meeting, &notes);

    // Warnings about the document.
    if let (Some(date), Some(written)) = (meeting.date, meeting.weekday) {
        warnings.extend(checks::header_weekday(date, written, head.date_line));
    }
    for (k, (item, t)) in meeting.items.iter().zip(&items_text).enumerate() {
        let label = format!("Item {}", item.label(k));
        for s in &t.sections {
            let paras: Vec<(u32, &str)> =
                s.paras.iter().map(|p| (p.first, p.text.as_str())).collect();
            warnings.extend(checks::text_weekdays(&paras, meeting.date, &label));
        }
        for table in items::tables(&doc.lines, item.lines) {
            let rows: Vec<(u32, &[String])> =
                table.iter().map(|(n, c)| (*n, c.as_slice())).collect();
            warnings.extend(checks::amount_table(&rows, &label));
        }
        if kind == Kind::Referat {
            for (n, r) in item.recommendations.iter().enumerate() {
                if r.outcome == referat_model::Outcome::Unresolved {
                    warnings.push(Warning::new(
                        WarningKind::UnresolvedRecommendation,
                        item.lines.map(|l| l.first),
                        format!(
                            "{label}: recommendation {} ('{}') has no recorded outcome in the minutes.",
                            n + 1,
                            shorten(&r.text, 90)
                        ),
                    ));
                }
            }
        }
    }
    not_found_warnings(&meeting, &mut warnings);
    presenter_conflicts(&meeting, &mut warnings);
    look_alike_warnings(&doc.folded, &mut warnings);
    warnings.sort_by_key(|w| w.line.unwrap_or(u32::MAX));
    meeting.warnings = warnings;

    // A title naming minutes or a meeting, a participant list, labelled meeting fields,
    // recorded decisions or the points every agenda has each say it; a date or a place
    // says it only of numbered items (a news article has a date and headings too).
    let listed = meeting
        .participants
        .iter()
        .any(|p| p.source.is_some_and(|s| !s.is_inferred()));
    let numbered = meeting.items.iter().any(|i| i.number.is_some());
    let meeting_evidence = head.kind_line.is_some()
        || head.titled_meeting
        || head.labelled_fields
        || listed
        || items_text.iter().any(ItemText::has_decision)
        || agenda_vocabulary(&meeting) >= 2
        || (numbered && (head.date.is_some() || head.location.is_some()));
    Recognised {
        meeting,
        meeting_evidence,
    }
}

/// What the document is: what its title says, unless its content says otherwise — a
/// *dagsorden* whose items record decisions (most of them, or any that says what became
/// of its case) is a referat, a template titled "Dagsorden
/// og referat" with no minutes is a dagsorden, and without a title, minutes written as
/// prose under each item are a referat.
fn decide_kind(head: &header::Header, texts: &[ItemText], warnings: &mut Vec<Warning>) -> Kind {
    let decided = texts.iter().filter(|t| t.has_decision()).count();
    let prose = texts.iter().filter(|t| t.is_prose()).count();
    let minuted =
        decided > 0 && (decided * 2 >= texts.len() || texts.iter().any(ItemText::states_outcome));
    match head.kind {
        Some(Kind::Dagsorden) if minuted => {
            warnings.push(Warning::new(
                WarningKind::KindMismatch,
                head.kind_line,
                format!(
                    "The document is titled a dagsorden, but {decided} of its {} items record a decision; read as a referat.",
                    texts.len()
                ),
            ));
            Kind::Referat
        }
        Some(kind) => kind,
        None if decided > 0 => Kind::Referat,
        // "Dagsorden og referat" with nothing under the minutes: an agenda.
        None if head.kind_line.is_some() => Kind::Dagsorden,
        None if prose * 2 > texts.len() => Kind::Referat,
        None => Kind::Dagsorden,
    }
}

/// How many item titles are the standard points of an agenda (`Godkendelse af
/// dagsorden`, `Eventuelt`, `Valg af dirigent`, `Meddelelser`, `Næste møde`).
fn agenda_vocabulary(meeting: &Meeting) -> usize {
    const POINTS: &[&str] = &[
        "godkendelse af dagsorden",
        "godkendelse af referat",
        "godkendelse af sidste",
        "eventuelt",
        "evt",
        "valg af dirigent",
        "valg af referent",
        "valg af ordstyrer",
        "meddelelser",
        "orientering",
        "næste møde",
        "beretning",
        "regnskab",
        "indkomne forslag",
        "budget",
        "kontingent",
        "valg til bestyrelsen",
        "valg af revisor",
        "godkjenning av",
        "mötets öppnande",
        "val av",
        "övriga frågor",
        "nästa möte",
        "mødets åbning",
    ];
    meeting
        .items
        .iter()
        .filter(|i| {
            let t = i.title.to_lowercase();
            POINTS.iter().any(|p| t.starts_with(p))
        })
        .count()
}

/// Lines that open the closed or the open part of a meeting ("Lukket dagsorden",
/// "Åbent referat"), outside the table of contents: (line index, closed).
fn closed_parts(lines: &[text::Line], toc: &HashSet<usize>) -> Vec<(usize, bool)> {
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !toc.contains(i) && !l.is_blank())
        .filter_map(|(i, l)| toc::part_label(&l.text).map(|closed| (i, closed)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_minutes() {
        let readme =
            "# referat\n\nAn open meeting-records system.\n\n## Usage\n\nRun `referat demo`.\n";
        assert!(matches!(parse(readme), Err(ParseError::NotMinutes { .. })));
        let novel = "Kapitel 1\n\nDet var en mørk og stormfuld nat. Hun gik langs stranden.\n\nKapitel 2\n\nNæste morgen regnede det.";
        assert!(matches!(parse(novel), Err(ParseError::NotMinutes { .. })));
    }
}

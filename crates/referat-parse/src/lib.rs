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
mod text;
mod titles;
mod toc;

use std::collections::HashSet;

use referat_model::{
    Attendance, Kind, Meeting, Participant, ParticipantSource, SourceLines, Warning, WarningKind,
};

use crate::document::Document;
use crate::headings::SectionRole;
use crate::items::ItemText;
use crate::participants::{Listed, ParticipantList};

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

/// Warnings for what a record lacks because the document does not give it.
fn not_found_warnings(meeting: &Meeting, warnings: &mut Vec<Warning>) {
    if meeting.body.is_none() {
        warnings.push(Warning::new(
            WarningKind::NotFound,
            None,
            "The forum is not named in the document.",
        ));
    }
    if meeting.date.is_none() {
        warnings.push(Warning::new(
            WarningKind::NotFound,
            None,
            "No meeting date was found.",
        ));
    }
    if !meeting.items.is_empty() && meeting.items.iter().all(|i| i.number.is_none()) {
        warnings.push(Warning::new(
            WarningKind::NotFound,
            meeting.items.first().and_then(|i| i.lines).map(|l| l.first),
            "No agenda item is numbered; items are numbered by their place in the record.",
        ));
    }
    let inferred: Vec<&str> = meeting
        .participants
        .iter()
        .filter(|p| p.source.is_some_and(ParticipantSource::is_inferred))
        .map(|p| p.name.as_str())
        .collect();
    if !inferred.is_empty() && inferred.len() == meeting.participants.len() {
        warnings.push(Warning::new(
            WarningKind::NotFound,
            None,
            format!(
                "The document has no participant list; {} participants were read from the text of its items.",
                inferred.len()
            ),
        ));
    }
}

/// People named in the items' text: voters where the document keeps no list, and
/// people said to take part in one item.
fn mentioned_participants(meeting: &mut Meeting, texts: &[ItemText]) {
    let labels: Vec<String> = meeting
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| i.label(k))
        .collect();
    let had_list = !meeting.participants.is_empty();
    // Voters, only where there is no list.
    if !had_list {
        let mut took: Vec<(String, u32, Vec<usize>, Vec<usize>)> = Vec::new();
        let mut took_keys: Vec<String> = Vec::new();
        for (k, item) in meeting.items.iter().enumerate() {
            let Some(decision) = &item.decision else {
                continue;
            };
            let line = item.lines.map_or(0, |l| l.first);
            for para in decision.split("\n\n") {
                for m in attendance::voters(para, line) {
                    let key = names::key(&m.name);
                    let at = match took_keys.iter().position(|t| *t == key) {
                        Some(at) => at,
                        None => {
                            took_keys.push(key);
                            took.push((m.name.clone(), m.line, Vec::new(), Vec::new()));
                            took.len() - 1
                        }
                    };
                    if let Some(t) = took.get_mut(at) {
                        if m.took_part {
                            t.2.push(k);
                        } else {
                            t.3.push(k);
                        }
                    }
                }
            }
        }
        for (name, line, _, kept) in took {
            let (attendance, items) = if kept.is_empty() {
                (Attendance::Present, Vec::new())
            } else {
                let attended: Vec<String> = labels
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| !kept.contains(k))
                    .map(|(_, l)| l.clone())
                    .collect();
                (Attendance::Partial, attended)
            };
            meeting.participants.push(Participant {
                name,
                group: None,
                role: None,
                attendance,
                substitute_for: None,
                items,
                source: Some(ParticipantSource::Mention),
                lines: Some(SourceLines::single(line)),
            });
        }
    }
    // Guests of one item.
    let keys: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| names::key(&p.name))
        .collect();
    let mut added: Vec<Participant> = Vec::new();
    let mut added_keys: Vec<String> = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        let paras: Vec<(&str, u32)> = t.paras().map(|p| (p.text.as_str(), p.first)).collect();
        let Some(label) = labels.get(k) else { continue };
        for m in attendance::item_guests(&paras) {
            let key = names::key(&m.name);
            if best_match(&m.name, &keys).is_some() {
                continue;
            }
            match added_keys
                .iter()
                .position(|a| *a == key)
                .and_then(|at| added.get_mut(at))
            {
                Some(p) => {
                    if !p.items.contains(label) {
                        p.items.push(label.clone());
                    }
                }
                None => {
                    added_keys.push(key);
                    added.push(Participant {
                        name: m.name,
                        group: None,
                        role: m.role,
                        attendance: Attendance::Partial,
                        substitute_for: None,
                        items: vec![label.clone()],
                        source: Some(ParticipantSource::Mention),
                        lines: Some(SourceLines::single(m.line)),
                    });
                }
            }
        }
    }
    meeting.participants.extend(added);
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

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

/// Turns the listed people and the apologies into participants: absentees marked, people
/// named only in the apologies added, substitutes added after them.
fn resolve_participants(list: &ParticipantList, warnings: &mut Vec<Warning>) -> Vec<Participant> {
    // A person listed twice (among the members and again under "Fraværende") is one
    // participant; absence wins.
    let mut out: Vec<Participant> = Vec::with_capacity(list.people.len());
    let mut keys: Vec<String> = Vec::with_capacity(list.people.len());
    // "Mødeleder: Mikkel" / "Referent: KR" beside a list that names Mikkel Bøgh and Kim
    // Rask (KR): the short form is one of the listed, not another participant.
    let full_names = names::Roster::new(
        list.people
            .iter()
            .map(|p| p.entry.name.clone())
            .filter(|n| n.split_whitespace().count() >= 2),
    );
    for p in list.people.iter().map(participant) {
        let short = p.name.split_whitespace().count() == 1;
        if short && full_names.resolve(&p.name).is_some() {
            continue;
        }
        let key = names::key(&p.name);
        match keys.iter().position(|k| *k == key) {
            Some(at) => {
                if let Some(q) = out.get_mut(at) {
                    if p.attendance == Attendance::Absent {
                        q.attendance = Attendance::Absent;
                    }
                    // "Ordstyrer: X" over a list that has X with an office: the list
                    // says which group X belongs to and what X is.
                    let labelled_first = q.source == Some(ParticipantSource::Label)
                        && p.source != Some(ParticipantSource::Label);
                    if labelled_first && p.group.is_some() {
                        q.group.clone_from(&p.group);
                    }
                    if q.role.is_none() {
                        q.role.clone_from(&p.role);
                    }
                }
            }
            None => {
                keys.push(key);
                out.push(p);
            }
        }
    }
    let mut unmarked: Vec<String> = Vec::new();
    let mut marked: Vec<String> = Vec::new();
    for p in &list.people {
        if p.entry.marked_absent {
            marked.push(p.entry.name.clone());
        }
    }
    let listed_count = out.len();
    for a in &list.absentees {
        let found = best_match(&a.name, keys.get(..listed_count).unwrap_or(&[]));
        let canonical = match found {
            Some((idx, likeness)) => {
                let Some(p) = out.get_mut(idx) else { continue };
                if likeness != names::Likeness::Same {
                    warnings.push(Warning::new(
                        WarningKind::NameVariant,
                        Some(a.line),
                        format!(
                            "{} is written '{}' in the apologies list; taken as the same person.",
                            p.name, a.name
                        ),
                    ));
                }
                if p.attendance != Attendance::Absent {
                    unmarked.push(a.name.clone());
                }
                p.attendance = Attendance::Absent;
                p.items.clear();
                p.name.clone()
            }
            None => {
                let key = names::key(&a.name);
                if keys.contains(&key) {
                    continue;
                }
                // Only a full roster (one that marks absences itself) should hold
                // everyone who sent apologies; a list of those present does not.
                if !marked.is_empty() {
                    warnings.push(Warning::new(
                        WarningKind::UnlistedAbsentee,
                        Some(a.line),
                        format!(
                            "{} sent apologies but is not in the participant list.",
                            a.name
                        ),
                    ));
                }
                keys.push(key);
                out.push(Participant {
                    name: a.name.clone(),
                    group: a.group.clone(),
                    role: None,
                    attendance: Attendance::Absent,
                    substitute_for: None,
                    items: Vec::new(),
                    source: Some(if a.group.is_some() {
                        ParticipantSource::Label
                    } else {
                        ParticipantSource::List
                    }),
                    lines: Some(SourceLines::single(a.line)),
                });
                a.name.clone()
            }
        };
        if let Some((name, role)) = &a.substitute {
            let key = names::key(name);
            if !keys.contains(&key) {
                keys.push(key);
                out.push(Participant {
                    name: name.clone(),
                    group: None,
                    role: role.clone(),
                    attendance: Attendance::Present,
                    substitute_for: Some(canonical),
                    items: Vec::new(),
                    source: Some(ParticipantSource::List),
                    lines: Some(SourceLines::single(a.line)),
                });
            }
        }
    }
    // "Lars Öberg (S) för Maria Lindqvist (S)": the member a substitute stood in for was
    // absent, named or not in a list of their own; in the group the members stand in.
    let members_group = out.first().and_then(|p| p.group.clone());
    let stood_in_for: Vec<(String, Option<SourceLines>)> = out
        .iter()
        .filter_map(|p| Some((p.substitute_for.clone()?, p.lines)))
        .collect();
    for (name, lines) in stood_in_for {
        let key = names::key(&name);
        if keys.contains(&key) || best_match(&name, &keys).is_some() {
            continue;
        }
        keys.push(key);
        out.push(Participant {
            name,
            group: members_group.clone(),
            role: None,
            attendance: Attendance::Absent,
            substitute_for: None,
            items: Vec::new(),
            source: Some(ParticipantSource::List),
            lines,
        });
    }
    // Only a list that marks some absences and misses others is inconsistent; a list
    // with no markers leaves absence to the apologies.
    if !unmarked.is_empty() && !marked.is_empty() {
        let line = list.absentees.first().map(|a| a.line);
        let listed = format!("marks only {} absent", join_names(&marked));
        warnings.push(Warning::new(
            WarningKind::AttendanceConflict,
            line,
            format!(
                "The participant list {listed}, but the apologies list also names {}, listed without a marker; treated as absent.",
                join_names(&unmarked)
            ),
        ));
    }
    out
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn participant(p: &Listed) -> Participant {
    Participant {
        name: p.entry.name.clone(),
        group: p.group.clone(),
        role: p.entry.role.clone(),
        attendance: p.entry.attendance,
        substitute_for: p.entry.substitute_for.clone(),
        items: p.entry.items.clone(),
        source: Some(p.source),
        lines: Some(SourceLines::new(p.first, p.last)),
    }
}

/// The one listed person a written name can be, by the closest likeness.
fn best_match(name: &str, people: &[String]) -> Option<(usize, names::Likeness)> {
    let mut best: Option<(usize, names::Likeness)> = None;
    let mut ambiguous = false;
    let written = names::key(name);
    for (i, key) in people.iter().enumerate() {
        let Some(l) = names::likeness_of_keys(&written, key) else {
            continue;
        };
        match best {
            None => best = Some((i, l)),
            Some((_, b)) if l < b => {
                best = Some((i, l));
                ambiguous = false;
            }
            Some((_, b)) if l == b => ambiguous = true,
            _ => {}
        }
    }
    if ambiguous { None } else { best }
}

/// Partial attendance as item numbers: people listed as attending from or until an
/// item, and people an item names as not taking part in it.
fn resolve_partial(meeting: &mut Meeting, list: &ParticipantList, items_text: &[ItemText]) {
    let numbers: Vec<(String, Option<u32>)> = meeting
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| (i.label(k), i.number.as_deref().and_then(|n| n.parse().ok())))
        .collect();
    // Names do not change below: their keys once.
    let keys: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| names::key(&p.name))
        .collect();
    for listed in &list.people {
        let e = &listed.entry;
        if e.from_item.is_none() && e.until_item.is_none() {
            continue;
        }
        let from = e.from_item.unwrap_or(0);
        let until = e.until_item.unwrap_or(u32::MAX);
        let attended: Vec<String> = numbers
            .iter()
            .filter(|(_, n)| n.is_some_and(|n| n >= from && n <= until))
            .map(|(s, _)| s.clone())
            .collect();
        let key = names::key(&e.name);
        if let Some(p) = keys
            .iter()
            .position(|k| *k == key)
            .and_then(|at| meeting.participants.get_mut(at))
        {
            if p.attendance != Attendance::Absent {
                p.attendance = Attendance::Partial;
                p.items = attended;
            }
        }
    }
    for (k, t) in items_text.iter().enumerate() {
        let Some((number, _)) = numbers.get(k) else {
            continue;
        };
        for s in t
            .sections
            .iter()
            .filter(|s| s.role == SectionRole::NotTakingPart)
        {
            for para in &s.paras {
                for name in participants::names_listed(&para.text) {
                    let Some((at, _)) = best_match(&name, &keys) else {
                        continue;
                    };
                    let Some(p) = meeting.participants.get_mut(at) else {
                        continue;
                    };
                    if p.attendance == Attendance::Absent {
                        continue;
                    }
                    if p.attendance == Attendance::Present {
                        p.attendance = Attendance::Partial;
                        p.items = numbers.iter().map(|(s, _)| s.clone()).collect();
                    }
                    p.items.retain(|n| n != number);
                }
            }
        }
    }
}

/// Partial attendance from notes (`X deltog fra punkt 3`): the items a participant
/// attended narrowed to what the notes allow.
fn apply_presence(meeting: &mut Meeting, notes: &[(Option<usize>, String, attendance::Presence)]) {
    use attendance::Presence;
    if notes.is_empty() {
        return;
    }
    let labels: Vec<(String, Option<u32>)> = meeting
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let label = i.label(k);
            // "44/25": a case number of the year, item 44 as the notes count it.
            let numeric = label.split('/').next().and_then(|n| n.parse().ok());
            (label, numeric)
        })
        .collect();
    let keys: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| names::key(&p.name))
        .collect();
    let roster = names::Roster::new(meeting.participants.iter().map(|p| p.name.clone()));
    for (item, name, presence) in notes {
        // "Sigrid Haugen (AP)": the name without the party beside it.
        let name = match name.split_once(" (") {
            Some((bare, _)) if name.ends_with(')') => bare,
            _ => name.as_str(),
        };
        let at = best_match(name, &keys).map(|(at, _)| at).or_else(|| {
            let full = roster.resolve(name)?;
            keys.iter().position(|k| *k == names::key(&full))
        });
        let Some(p) = at.and_then(|at| meeting.participants.get_mut(at)) else {
            continue;
        };
        if p.attendance == Attendance::Absent {
            continue;
        }
        let allowed = |k: usize, n: Option<u32>| match presence {
            Presence::From(from) => n.is_some_and(|n| n >= *from),
            Presence::Until(until) => n.is_some_and(|n| n <= *until),
            Presence::NotAt(list) => n.is_none_or(|n| !list.contains(&n)),
            Presence::NotAtThis => Some(k) != *item,
        };
        let current: Vec<String> = if p.attendance == Attendance::Partial && !p.items.is_empty() {
            p.items.clone()
        } else {
            labels.iter().map(|(l, _)| l.clone()).collect()
        };
        let narrowed: Vec<String> = labels
            .iter()
            .enumerate()
            .filter(|(k, (l, n))| current.contains(l) && allowed(*k, *n))
            .map(|(_, (l, _))| l.clone())
            .collect();
        if narrowed.len() < labels.len() {
            p.attendance = Attendance::Partial;
            p.items = narrowed;
        }
    }
}

/// A presenter who is marked absent.
fn presenter_conflicts(meeting: &Meeting, warnings: &mut Vec<Warning>) {
    let absent: Vec<(&Participant, String)> = meeting
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Absent)
        .map(|p| (p, names::key(&p.name)))
        .collect();
    for item in &meeting.items {
        for presenter in &item.presenters {
            let written = names::key(presenter);
            let absent = absent.iter().map(|(p, k)| (*p, k)).find(|(_, k)| {
                matches!(
                    names::likeness_of_keys(&written, k),
                    Some(
                        names::Likeness::Same
                            | names::Likeness::Shortened
                            | names::Likeness::MiddleLeftOut
                    )
                )
            });
            if let Some((p, _)) = absent {
                warnings.push(Warning::new(
                    WarningKind::AttendanceConflict,
                    item.lines.map(|l| l.first),
                    format!(
                        "{} is marked absent but is named as presenter of item {} ('{}').",
                        p.name,
                        item.number.as_deref().unwrap_or("?"),
                        presenter
                    ),
                ));
            }
        }
    }
}

fn look_alike_warnings(found: &[lookalike::Folded], warnings: &mut Vec<Warning>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for f in found {
        if !seen.insert(f.original.as_str()) {
            continue;
        }
        let letters: Vec<String> = f
            .letters
            .iter()
            .map(|&c| lookalike::letter_name(c))
            .collect();
        let latin = f.latin.trim_matches(|c: char| !c.is_alphanumeric());
        warnings.push(Warning::new(
            WarningKind::LookAlikeLetters,
            Some(f.line),
            format!(
                "'{latin}' is written with letters from another script that look Latin: {}; read as '{latin}'.",
                letters.join(", ")
            ),
        ));
    }
}

/// The member whose role says they chair the meeting, in Swedish (`(S), ordförande`):
/// there the word names who leads the meeting, where a Danish formand may not.
fn chairing_member(participants: &[Participant]) -> Option<String> {
    let chairs: Vec<&Participant> = participants
        .iter()
        .filter(|p| p.attendance != Attendance::Absent)
        .filter(|p| {
            p.role.as_deref().is_some_and(|r| {
                r.split(',')
                    .map(|part| part.trim().to_lowercase())
                    .any(|part| part == "ordförande" || part == "mötesordförande")
            })
        })
        .collect();
    match chairs.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    }
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

//! Recognises the meeting record ([`referat_model::Meeting`]) in the text of minutes
//! and agendas: header, participants, agenda items with their sections,
//! recommendations, outcomes, decisions, presenters and attachments, and warnings about
//! what looks wrong.
//!
//! Recognition works on structure, not on knowing documents: lines are classified
//! (`text`), the page layout is read (`layout`), the items are found as the best chain
//! of numbered headings (`outline`), and each part of a record has a module of its own.
//! [`parse_lenient`] never fails; [`parse`] refuses text that has nothing of minutes.

mod checks;
mod cue;
mod dates;
mod header;
mod headings;
mod layout;
mod lookalike;
mod names;
mod outline;
mod participants;
mod presenters;
mod recommendations;
mod text;

use std::collections::HashSet;

use referat_model::{
    AgendaItem, Attendance, Kind, Meeting, Participant, Recommendation, Section, SourceLines,
    Warning, WarningKind,
};

use crate::headings::SectionRole;
use crate::layout::{Layout, Para, ParaKind, Vocabulary};
use crate::participants::{Listed, ParticipantList};
use crate::text::{Line, LineKind};

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
    } else if !recognised.has_header_date && meeting.participants.len() < 2 {
        Some("no meeting date in the header and no participant list")
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
    has_header_date: bool,
}

/// One section of an item while it is being read.
struct SectionText {
    heading: Option<String>,
    role: SectionRole,
    paras: Vec<Para>,
}

fn has_foreign_letters(text: &str) -> bool {
    // Greek and Cyrillic letters start with these bytes in UTF-8.
    text.bytes().any(|b| (0xCD..=0xD3).contains(&b))
}

fn recognise(text: &str) -> Recognised {
    let pairs = if has_foreign_letters(text) {
        lookalike::LetterPairs::of(text)
    } else {
        lookalike::LetterPairs::default()
    };
    let mut folding = text::Folding {
        pairs: &pairs,
        found: Vec::new(),
    };
    let mut lines = text::lines(text, &mut folding);
    let layout = layout::analyse(&lines);
    layout::mark_furniture(&mut lines, &layout);
    let vocab = Vocabulary::new(text);
    let outline = outline::outline(&lines);

    let first_item = outline.items.first().map_or(lines.len(), |h| h.line);
    let toc: HashSet<usize> = outline.toc.iter().copied().collect();
    let header_idx: Vec<usize> = (0..first_item).filter(|i| !toc.contains(i)).collect();

    // The participant list: an item of its own ("Punkt 1: Mødedeltagere") or a part
    // of the header.
    let participant_item = outline
        .items
        .iter()
        .position(|h| participants::opens_list(&h.title));
    let line_count = lines.len();
    let item_end = |k: usize| outline.items.get(k + 1).map_or(line_count, |h| h.line);
    let area = match participant_item {
        Some(k) => outline.items.get(k).map(|h| (h.body_start, item_end(k))),
        None => header_idx
            .iter()
            .position(|&i| {
                lines.get(i).is_some_and(|l| {
                    participants::opens_list(&l.text)
                        || participants::inline_label(&l.text).is_some()
                })
            })
            .and_then(|pos| header_idx.get(pos).map(|&i| (i, first_item))),
    };
    let mut list = match area {
        Some(range) => participants::read_list(&lines, range, &layout),
        None => ParticipantList::default(),
    };
    for &i in &list.person_lines {
        if let Some(l) = lines.get_mut(i) {
            l.hard_break = true;
        }
    }
    let header_lines: Vec<usize> = match (area, participant_item) {
        (Some((start, _)), None) => header_idx.iter().copied().filter(|&i| i < start).collect(),
        _ => header_idx,
    };
    let head = header::read(&lines, &header_lines);
    let group_lines: HashSet<usize> = list.group_lines.iter().copied().collect();

    // Items and their sections.
    let mut items_text: Vec<Vec<SectionText>> = Vec::with_capacity(outline.items.len());
    for (k, h) in outline.items.iter().enumerate() {
        let extra = if Some(k) == participant_item {
            &group_lines
        } else {
            &HashSet::new()
        };
        items_text.push(sections(
            &lines,
            (h.body_start, item_end(k)),
            extra,
            &layout,
            &vocab,
        ));
    }
    if let Some(k) = participant_item {
        if let Some(secs) = items_text.get(k) {
            for s in secs.iter().filter(|s| s.role == SectionRole::Decision) {
                list.absentees.extend(participants::apologies(&s.paras));
            }
        }
    }

    let has_decisions = items_text
        .iter()
        .flatten()
        .any(|s| s.role == SectionRole::Decision && !s.paras.is_empty());
    let kind = head.kind.unwrap_or(if has_decisions {
        Kind::Referat
    } else {
        Kind::Dagsorden
    });
    let mut meeting = Meeting::new(kind);
    meeting.body = head.body.clone();
    meeting.date = head.date.and_then(|d| d.date());
    meeting.weekday = head.weekday;
    meeting.start = head.start;
    meeting.end = head.end;
    meeting.location = head.location.clone();

    let mut warnings: Vec<Warning> = Vec::new();
    meeting.participants = resolve_participants(&list, &mut warnings);
    meeting.chair = list
        .people
        .iter()
        .find(|p| p.entry.chair)
        .map(|p| p.entry.name.clone())
        .or_else(|| head.chair.clone());

    let people = names::Roster::new(meeting.participants.iter().map(|p| p.name.clone()));
    let closed_parts = closed_parts(&lines, &toc);
    let without_decision = items_text
        .iter()
        .filter(|secs| !secs.iter().any(|s| s.role == SectionRole::Decision))
        .count();
    let body_is_minutes = kind == Kind::Referat && without_decision * 2 > items_text.len();
    for (k, (h, secs)) in outline.items.iter().zip(&items_text).enumerate() {
        let mut item = build_item(
            h,
            secs,
            kind,
            &people,
            &lines,
            (h.line, item_end(k)),
            body_is_minutes,
        );
        let in_closed_part = closed_parts
            .iter()
            .rev()
            .find(|(at, _)| *at < h.line)
            .is_some_and(|(_, closed)| *closed);
        item.closed = h.closed || in_closed_part;
        meeting.items.push(item);
    }
    resolve_partial(&mut meeting, &list, &items_text);

    // Warnings about the document.
    if let (Some(date), Some(written)) = (meeting.date, meeting.weekday) {
        warnings.extend(checks::header_weekday(date, written, head.date_line));
    }
    for (item, secs) in meeting.items.iter().zip(&items_text) {
        let label = format!("Item {}", item.number);
        for s in secs {
            let paras: Vec<(u32, &str)> =
                s.paras.iter().map(|p| (p.first, p.text.as_str())).collect();
            warnings.extend(checks::text_weekdays(&paras, meeting.date, &label));
        }
        for table in tables(&lines, item.lines) {
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
                            "Item {}: recommendation {} ('{}') has no recorded outcome in the minutes.",
                            item.number,
                            n + 1,
                            shorten(&r.text, 90)
                        ),
                    ));
                }
            }
        }
    }
    presenter_conflicts(&meeting, &mut warnings);
    look_alike_warnings(&folding.found, &mut warnings);
    warnings.sort_by_key(|w| w.line.unwrap_or(u32::MAX));
    meeting.warnings = warnings;

    Recognised {
        meeting,
        has_header_date: head.date.is_some(),
    }
}

/// Lines that open the closed or the open part of a meeting ("Lukket dagsorden",
/// "Åbent referat"), outside the table of contents: (line index, closed).
fn closed_parts(lines: &[Line], toc: &HashSet<usize>) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if toc.contains(&i) || l.is_blank() || l.text.len() > 40 {
            continue;
        }
        let t = l.text.trim_end_matches(':').to_lowercase();
        let closed = matches!(
            t.as_str(),
            "lukket dagsorden"
                | "lukket referat"
                | "lukkede punkter"
                | "lukket møde"
                | "lukket del"
                | "lukkede sager"
        );
        let open = matches!(
            t.as_str(),
            "åben dagsorden"
                | "åbent referat"
                | "åbne punkter"
                | "åbent møde"
                | "åben del"
                | "åbne sager"
        );
        if closed || open {
            out.push((i, closed));
        }
    }
    out
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

/// Whether a line heads a section of an item.
fn sub_heading(line: &Line, idx: usize, extra: &HashSet<usize>) -> Option<SectionRole> {
    if extra.contains(&idx) {
        return Some(headings::role(&line.text));
    }
    match line.kind {
        LineKind::Heading(_) if !headings::is_caption(&line.text) => {
            Some(headings::role(&line.text))
        }
        LineKind::Bold => {
            let words = line.text.split_whitespace().count();
            let sentence = line.text.ends_with('.') && headings::known(&line.text).is_none();
            (!headings::is_caption(&line.text) && words <= 12 && !sentence)
                .then(|| headings::role(&line.text))
        }
        // A plain line is a heading only when it is capitalised like one ("Bilag:",
        // not the "indhold." that ends a wrapped sentence).
        LineKind::Text if line.text.starts_with(char::is_uppercase) => headings::known(&line.text),
        _ => None,
    }
}

/// `Beslutning: Godkendt.` — a heading and its text on one line.
fn inline_heading(line: &Line) -> Option<(String, SectionRole, String)> {
    if line.kind != LineKind::Text {
        return None;
    }
    let (head, rest) = line.text.split_once(": ")?;
    let role = headings::known(head)?;
    if role == SectionRole::Other || rest.trim().is_empty() {
        return None;
    }
    Some((headings::display(head), role, rest.trim().to_string()))
}

fn sections(
    lines: &[Line],
    range: (usize, usize),
    extra: &HashSet<usize>,
    layout: &Layout,
    vocab: &Vocabulary<'_>,
) -> Vec<SectionText> {
    let mut out: Vec<SectionText> = Vec::new();
    let mut start = range.0;
    let mut current: (Option<String>, SectionRole, Option<Para>) = (None, SectionRole::Other, None);
    let finish = |cur: &mut (Option<String>, SectionRole, Option<Para>),
                  from: usize,
                  to: usize,
                  out: &mut Vec<SectionText>| {
        let mut paras = Vec::new();
        if let Some(p) = cur.2.take() {
            paras.push(p);
        }
        paras.extend(layout::paragraphs(
            lines.get(from..to).unwrap_or(&[]),
            layout,
            vocab,
        ));
        // An empty "did not take part" label says nothing.
        let empty_label = cur.1 == SectionRole::NotTakingPart && paras.is_empty();
        if (cur.0.is_some() || !paras.is_empty()) && !empty_label {
            out.push(SectionText {
                heading: cur.0.take(),
                role: cur.1,
                paras,
            });
        }
    };
    for i in range.0..range.1 {
        let Some(line) = lines.get(i) else { break };
        // A lettered sub-point ("c. Konference …") after an attachment list is the
        // item's text again, not an attachment.
        if current.1 == SectionRole::Attachments && matches!(line.kind, LineKind::Lettered(_)) {
            finish(&mut current, start, i, &mut out);
            current = (None, SectionRole::Other, None);
            start = i;
            continue;
        }
        if let Some(role) = sub_heading(line, i, extra) {
            finish(&mut current, start, i, &mut out);
            current = (Some(headings::display(&line.text)), role, None);
            start = i + 1;
        } else if let Some((heading, role, rest)) = inline_heading(line) {
            finish(&mut current, start, i, &mut out);
            let para = Para {
                text: rest,
                kind: ParaKind::Text,
                first: line.no,
                last: line.no,
                lines: (0, 0),
                indent: line.indent,
            };
            current = (Some(heading), role, Some(para));
            start = i + 1;
        }
    }
    finish(&mut current, start, range.1, &mut out);
    out
}

fn build_item(
    h: &outline::ItemHeading,
    secs: &[SectionText],
    kind: Kind,
    people: &names::Roster,
    lines: &[Line],
    range: (usize, usize),
    body_is_minutes: bool,
) -> AgendaItem {
    let has_decision = secs.iter().any(|s| s.role == SectionRole::Decision);
    // In minutes that mostly write no decision heading, an item's own text is its
    // minutes ("Ad 1. Godkendelse af dagsorden" / "Dagsordenen blev godkendt.").
    let text_is_decision = |s: &SectionText| {
        s.role == SectionRole::Decision
            || (body_is_minutes
                && !has_decision
                && s.heading.is_none()
                && s.role == SectionRole::Other)
    };
    let decision_paras: Vec<&Para> = secs
        .iter()
        .filter(|s| text_is_decision(s))
        .flat_map(|s| &s.paras)
        .collect();
    let decision = (kind == Kind::Referat && !decision_paras.is_empty()).then(|| {
        let owned: Vec<Para> = decision_paras.iter().map(|p| (*p).clone()).collect();
        layout::join_paragraphs(&owned)
    });
    let case: Vec<(&Para, bool)> = secs
        .iter()
        .filter(|s| !text_is_decision(s) && s.role != SectionRole::Attachments)
        .flat_map(|s| {
            s.paras
                .iter()
                .map(move |p| (p, s.role == SectionRole::Recommendation))
        })
        .collect();
    let points = recommendations::points(&case);
    let outcomes = recommendations::outcomes(&points, decision.as_deref());
    let recommendations = points
        .into_iter()
        .zip(outcomes)
        .map(|(text, outcome)| Recommendation { text, outcome })
        .collect();
    let case_texts: Vec<&str> = h
        .byline
        .iter()
        .map(String::as_str)
        .chain(case.iter().map(|(p, _)| p.text.as_str()))
        .collect();
    let minute_texts: Vec<&str> = decision_paras.iter().map(|p| p.text.as_str()).collect();
    let presenters = presenters::presenters(&case_texts, &minute_texts, people);
    let attachments = secs
        .iter()
        .filter(|s| s.role == SectionRole::Attachments)
        .flat_map(|s| &s.paras)
        .filter_map(attachment_title)
        .collect();
    let sections = secs
        .iter()
        .map(|s| Section {
            heading: s.heading.clone(),
            text: layout::join_paragraphs(&s.paras),
        })
        .collect();
    let last = (range.0..range.1)
        .rev()
        .find_map(|i| lines.get(i).filter(|l| !l.is_blank()).map(|l| l.no));
    let first = lines.get(h.line).map_or(0, |l| l.no);
    AgendaItem {
        number: h.number.to_string(),
        title: h.title.clone(),
        start: h.start,
        end: h.end,
        duration_min: h.duration_min,
        presenters,
        recommendations,
        decision,
        attachments,
        sections,
        closed: h.closed,
        lines: Some(SourceLines::new(first, last.unwrap_or(first))),
    }
}

/// An attachment title from a line of a *Bilag* list: without its list number or the
/// journal number publishing systems put in front (`2012-208960 - `).
fn attachment_title(p: &Para) -> Option<String> {
    let text = match p.kind {
        ParaKind::ListItem { bullet: false } => text::strip_list_marker(&p.text),
        _ => p.text.as_str(),
    };
    let text = strip_journal_number(text).trim();
    let lower = text.to_lowercase();
    if text.is_empty()
        || matches!(
            lower.trim_end_matches('.'),
            "ingen" | "ingen bilag" | "-" | "–"
        )
    {
        return None;
    }
    Some(text.to_string())
}

fn strip_journal_number(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return text;
    }
    let Some(rest) = text.get(4..) else {
        return text;
    };
    let rest = rest.trim_start_matches(['-', '–', '/']);
    let num = rest.bytes().take_while(u8::is_ascii_digit).count();
    if num == 0 || rest.len() == text.len() - 4 {
        return text;
    }
    let after = rest.get(num..).unwrap_or("").trim_start();
    after
        .strip_prefix('-')
        .or_else(|| after.strip_prefix('–'))
        .map_or(text, str::trim_start)
}

/// The tables of an item's lines: runs of table rows, across page furniture and the
/// short wrapped lines of a long row label.
fn tables(lines: &[Line], item: Option<SourceLines>) -> Vec<Vec<(u32, Vec<String>)>> {
    let Some(item) = item else { return Vec::new() };
    let mut out = Vec::new();
    let mut cur: Vec<(u32, Vec<String>)> = Vec::new();
    let mut pending = 0;
    for line in lines
        .iter()
        .filter(|l| l.no >= item.first && l.no <= item.last)
    {
        match &line.kind {
            LineKind::Table(cells) => {
                cur.push((line.no, cells.clone()));
                pending = 0;
            }
            LineKind::Blank { .. } | LineKind::Rule | LineKind::Furniture => {}
            LineKind::Text
                if !cur.is_empty()
                    && pending < 2
                    && line.text.split_whitespace().count() <= 8
                    && !line.text.ends_with('.') =>
            {
                pending += 1;
            }
            _ => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                pending = 0;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Turns the listed people and the apologies into participants: absentees marked, people
/// named only in the apologies added, substitutes added after them.
fn resolve_participants(list: &ParticipantList, warnings: &mut Vec<Warning>) -> Vec<Participant> {
    // A person listed twice (among the members and again under "Fraværende") is one
    // participant; absence wins.
    let mut out: Vec<Participant> = Vec::with_capacity(list.people.len());
    let mut keys: Vec<String> = Vec::with_capacity(list.people.len());
    for p in list.people.iter().map(participant) {
        let key = names::key(&p.name);
        match keys.iter().position(|k| *k == key) {
            Some(at) => {
                if let Some(q) = out.get_mut(at) {
                    if p.attendance == Attendance::Absent {
                        q.attendance = Attendance::Absent;
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
                if out
                    .iter()
                    .any(|p| names::key(&p.name) == names::key(&a.name))
                {
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
                out.push(Participant {
                    name: a.name.clone(),
                    group: None,
                    role: None,
                    attendance: Attendance::Absent,
                    substitute_for: None,
                    items: Vec::new(),
                    lines: Some(SourceLines::single(a.line)),
                });
                a.name.clone()
            }
        };
        if let Some((name, role)) = &a.substitute {
            if !out.iter().any(|p| names::key(&p.name) == names::key(name)) {
                out.push(Participant {
                    name: name.clone(),
                    group: None,
                    role: role.clone(),
                    attendance: Attendance::Present,
                    substitute_for: Some(canonical),
                    items: Vec::new(),
                    lines: Some(SourceLines::single(a.line)),
                });
            }
        }
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
    // The same person listed twice with different attendance.
    for (i, p) in out.iter().enumerate() {
        for q in out.iter().skip(i + 1) {
            if names::key(&p.name) == names::key(&q.name) && p.attendance != q.attendance {
                warnings.push(Warning::new(
                    WarningKind::AttendanceConflict,
                    q.lines.map(|l| l.first),
                    format!(
                        "{} is listed as both {} and {}.",
                        p.name,
                        p.attendance.as_str(),
                        q.attendance.as_str()
                    ),
                ));
            }
        }
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
fn resolve_partial(meeting: &mut Meeting, list: &ParticipantList, items_text: &[Vec<SectionText>]) {
    let numbers: Vec<(String, Option<u32>)> = meeting
        .items
        .iter()
        .map(|i| (i.number.clone(), i.number.parse().ok()))
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
        if let Some(p) = meeting
            .participants
            .iter_mut()
            .find(|p| names::key(&p.name) == key)
        {
            if p.attendance != Attendance::Absent {
                p.attendance = Attendance::Partial;
                p.items = attended;
            }
        }
    }
    let keys: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| names::key(&p.name))
        .collect();
    for (k, secs) in items_text.iter().enumerate() {
        let Some((number, _)) = numbers.get(k) else {
            continue;
        };
        for s in secs.iter().filter(|s| s.role == SectionRole::NotTakingPart) {
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
                        p.name, item.number, presenter
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_numbers_are_stripped() {
        assert_eq!(
            strip_journal_number(
                "2012-208960 - Hvordan udvikler vi det nære sundhedsvæsen sammen?"
            ),
            "Hvordan udvikler vi det nære sundhedsvæsen sammen?"
        );
        assert_eq!(
            strip_journal_number("2012–200292 - Prioritering"),
            "Prioritering"
        );
        assert_eq!(
            strip_journal_number("Handleplan 2024.pdf"),
            "Handleplan 2024.pdf"
        );
    }

    #[test]
    fn not_minutes() {
        let readme =
            "# referat\n\nAn open meeting-records system.\n\n## Usage\n\nRun `referat demo`.\n";
        assert!(matches!(parse(readme), Err(ParseError::NotMinutes { .. })));
        let novel = "Kapitel 1\n\nDet var en mørk og stormfuld nat. Hun gik langs stranden.\n\nKapitel 2\n\nNæste morgen regnede det.";
        assert!(matches!(parse(novel), Err(ParseError::NotMinutes { .. })));
    }
}

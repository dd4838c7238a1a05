//! The roll: each person the participant lists, the apologies, the presence notes and
//! the items' text name, made one participant of the record, with their attendance
//! and the items they attended; and the chair a Swedish member's role names.

use referat_model::{
    Attendance, Meeting, Participant, ParticipantSource, SourceLines, Warning, WarningKind,
};

use crate::headings::SectionRole;
use crate::items::ItemText;
use crate::participants::{Listed, ParticipantList};
use crate::{attendance, names, participants};

/// Turns the listed people and the apologies into participants: absentees marked, people
/// named only in the apologies added, substitutes added after them.
pub(crate) fn resolve_participants(
    list: &ParticipantList,
    warnings: &mut Vec<Warning>,
) -> Vec<Participant> {
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
pub(crate) fn resolve_partial(
    meeting: &mut Meeting,
    list: &ParticipantList,
    items_text: &[ItemText],
) {
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
pub(crate) fn apply_presence(
    meeting: &mut Meeting,
    notes: &[(Option<usize>, String, attendance::Presence)],
) {
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

/// People named in the items' text: voters where the document keeps no list, and
/// people said to take part in one item.
pub(crate) fn mentioned_participants(meeting: &mut Meeting, texts: &[ItemText]) {
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

/// The member whose role says they chair the meeting, in Swedish (`(S), ordförande`):
/// there the word names who leads the meeting, where a Danish formand may not.
pub(crate) fn chairing_member(participants: &[Participant]) -> Option<String> {
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

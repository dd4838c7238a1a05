//! The warnings about the record as a whole: what the document does not give, a
//! presenter marked absent, words written with look-alike letters of another script.

use std::collections::HashSet;

use referat_model::{Attendance, Meeting, Participant, ParticipantSource, Warning, WarningKind};

use crate::{lookalike, names};

/// Warnings for what a record lacks because the document does not give it.
pub(crate) fn not_found_warnings(meeting: &Meeting, warnings: &mut Vec<Warning>) {
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

/// A presenter who is marked absent.
pub(crate) fn presenter_conflicts(meeting: &Meeting, warnings: &mut Vec<Warning>) {
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

pub(crate) fn look_alike_warnings(found: &[lookalike::Folded], warnings: &mut Vec<Warning>) {
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

pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

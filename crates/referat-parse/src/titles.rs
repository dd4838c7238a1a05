//! Item titles as the record writes them: without the time slot and length
//! (`– kl. 15.00 – 15.05`, `- 40 min`, `(30 min)`), the closed marker (`(Lukket)`), a
//! presenter at the end (`… ved Lise Holm`, `(Birgitte)`), trailing dots and colons; and the
//! text that some minutes write on the title's own line after its first sentence
//! (`4.Tur til Island. Karen orienterer …`).

use std::sync::LazyLock;

use referat_model::ClockTime;
use regex::Regex;

use crate::dates;
use crate::names;

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)\s*(?:[-–—,]\s*|\(\s*)(?P<n>\d{1,3})\s*(?:min\b\.?|minutter\b|minuter\b)\s*\)?\s*\.*\s*$",
    )
});

/// A title with what was taken off it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Title {
    pub text: String,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub duration_min: Option<u32>,
    /// Marked closed (`(Lukket): …`, `… – lukket punkt`, `Lukket: …`).
    pub closed: bool,
    /// A person named at the end as presenter (`… ved Lise Holm`).
    pub presenter: Option<String>,
    /// A parenthesis at the end that may name presenters (`(Birgitte)`, `(Søren P. +
    /// Birgitte)`); whether it does is decided against the participants.
    pub note: Option<String>,
}

/// Removes timing and trailing dots from a title; returns the title, the time slot and
/// the duration.
pub(crate) fn clean_title(
    title: &str,
) -> (String, Option<ClockTime>, Option<ClockTime>, Option<u32>) {
    let mut t = title.trim().to_string();
    let mut duration = None;
    if let Some(caps) = DURATION.captures(&t) {
        duration = caps.name("n").and_then(|m| m.as_str().parse().ok());
        if let Some(m) = caps.get(0) {
            t.truncate(m.start());
        }
    }
    let (mut start, mut end) = (None, None);
    if let Some(span) = dates::time_span(&t) {
        // Only a slot at the end of the title is timing; "12:12 Seminar" is a name.
        let tail = t.get(span.range.1..).unwrap_or("").trim();
        if tail.is_empty() || tail.chars().all(|c| matches!(c, '.' | ')' | ' ')) {
            start = Some(span.start);
            end = span.end;
            let mut cut = span.range.0;
            let head = t.get(..cut).unwrap_or("").trim_end();
            let head = head.trim_end_matches(['-', '–', '—', ',', '(']).trim_end();
            cut = head.len();
            t.truncate(cut);
        }
    }
    (trim_end(&t).to_string(), start, end, duration)
}

fn trim_end(t: &str) -> &str {
    t.trim_end_matches(|c: char| matches!(c, '.' | '…' | ':') || c.is_whitespace())
        .trim_end_matches([' ', '-', '–', '—'])
        .trim()
}

/// Reads a whole title: timing, closed marker, presenter, note.
pub(crate) fn read(title: &str) -> Title {
    let (title, closed) = closed_marker(title);
    // The timing, the presenter and the note come in either order ("Status – kl. 9.10
    // (v/ Anne Holm)", "Status (Birgitte) – 10 min"): timing first, then what is at the
    // end, then timing again.
    let (text, start, end, duration_min) = clean_title(&title);
    let (text, presenter) = trailing_presenter(&text);
    let (text, note) = trailing_note(&text);
    let (text, start, end, duration_min) = if start.is_none() && duration_min.is_none() {
        clean_title(&text)
    } else {
        (text, start, end, duration_min)
    };
    Title {
        text,
        start,
        end,
        duration_min,
        closed,
        presenter,
        note,
    }
}

/// "(Lukket): Køb af ejendom", "Lukket punkt: …", "Køb af ejendom (lukket)", and
/// "Lukket: Henvendelser" (where the marker is part of the published title and stays).
fn closed_marker(title: &str) -> (String, bool) {
    static CLOSED: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            r"(?i)^\s*\(\s*lukket(?:\s+punkt|\s+sag)?\s*\)\s*[:.\-–]?\s*|\s*[-–(]\s*lukket(?:\s+punkt|\s+sag)?\s*\)?\s*$",
        )
    });
    if let Some(m) = CLOSED.find(title) {
        let mut t = title.to_string();
        t.replace_range(m.range(), "");
        return (t.trim().to_string(), true);
    }
    // "Lukket punkt: Personalesag", "Lukket: Henvendelser": the marker opens the title
    // as published, and stays in it.
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(r"(?i)^\s*lukket(?:\s+punkt|\s+sag)?\s*(?:[:.\-–]|$)")
    });
    (title.to_string(), PREFIX.is_match(title))
}

/// "… generelt ved Lise Holm": a full name after `ved`/`v/` at the end of a title is
/// its presenter, not part of it.
fn trailing_presenter(title: &str) -> (String, Option<String>) {
    static VED: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(r"(?:\s+ved|\s+v/|\s+v\.|\s*\(v[./]+)\s*(?P<name>[^()]+?)\)?\s*$")
    });
    if let Some(caps) = VED.captures(title) {
        if let (Some(whole), Some(name)) = (caps.get(0), caps.name("name")) {
            let head = title.get(..whole.start()).unwrap_or("").trim_end();
            // "(v/ kasserer Tobias Ravn)": the name after the office.
            let words: Vec<&str> = name.as_str().split_whitespace().collect();
            let person = (0..words.len().min(4)).find_map(|k| {
                let rest = words.get(k..)?;
                (names::name_prefix(rest) == rest.len()).then(|| names::join_name(rest))
            });
            // After "v/" (not "ved"), a first name which the participant list completes
            // ("v/ Dorthe"), initials which it resolves ("(v/ RF)"), or several people,
            // each a name, a first name or initials ("v/ Inge og Mads").
            let marked = !whole.as_str().trim_start().starts_with("ved");
            let person = person.or_else(|| {
                let parts = split_people(name.as_str());
                let each_a_person = !parts.is_empty()
                    && parts.iter().all(|p| {
                        let w: Vec<&str> = p.split_whitespace().collect();
                        names::name_prefix(&w) == w.len()
                            || matches!(w.as_slice(), [one] if names::is_name_word(one) || is_initials(one))
                    });
                (marked && each_a_person).then(|| name.as_str().trim().to_string())
            });
            // "(v/ administrator)": an office in the title's own parenthesis names who
            // presents; it is not part of the title.
            let in_parens = whole.as_str().trim_start().starts_with('(');
            if person.is_none() && in_parens && words.len() <= 3 {
                return (trim_end(head).to_string(), None);
            }
            // "ved" is also a preposition of place ("Ophold ved Hald Sø"): after it, a
            // one-word title is more likely the whole title; "v/" only names people.
            let long_enough = head.split_whitespace().count() >= if marked { 1 } else { 2 };
            if let Some(person) = person.filter(|_| long_enough) {
                return (trim_end(head).to_string(), Some(person));
            }
        }
    }
    (title.to_string(), None)
}

/// A parenthesis at the end of a title whose parts are each a name, a first name or
/// initials (`(Birgitte)`, `(Søren P. + Birgitte)`, `(JH/LK)`).
fn trailing_note(title: &str) -> (String, Option<String>) {
    let t = title.trim_end();
    let Some(inner) = t.strip_suffix(')') else {
        return (title.to_string(), None);
    };
    let Some(open) = inner.rfind('(') else {
        return (title.to_string(), None);
    };
    let note = inner.get(open + 1..).unwrap_or("").trim();
    let head = inner.get(..open).unwrap_or("").trim_end();
    let names_only = !note.is_empty()
        && head.split_whitespace().count() >= 1
        && split_people(note).iter().all(|p| {
            p.split_whitespace().count() <= 4
                && p.split_whitespace()
                    .all(|w| names::is_name_word(w) || is_initials(w))
        });
    if names_only {
        (trim_end(head).to_string(), Some(note.to_string()))
    } else {
        (title.to_string(), None)
    }
}

/// The parts of a list of people: `A + B`, `A og B`, `A, B`, `A/B`, `A & B`.
pub(crate) fn split_people(text: &str) -> Vec<&str> {
    text.split(['+', ',', '/', '&'])
        .flat_map(|p| p.split(" og "))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `KLH`, `JH`: two to four capitals, a person's initials.
pub(crate) fn is_initials(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']);
    (2..=4).contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase())
}

/// Abbreviations that end with a dot inside a sentence.
const ABBREVIATIONS: &[&str] = &[
    "evt", "bl.a", "a", "ca", "nr", "pkt", "jf", "jvf", "inkl", "ekskl", "vedr", "ang", "mht",
    "ift", "dvs", "osv", "mv", "mm", "etc", "kl", "st", "sct", "dr", "hr", "fr", "tlf", "att",
    "ref", "f.eks", "eks", "ff", "stk", "kap", "afd", "adm", "mio", "mia", "kr",
];

/// "Klubbens tur til Island. Karen orienterer …": a title line that goes on into text,
/// split after its first sentence. `None` when the line is one sentence.
pub(crate) fn split_first_sentence(line: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(rel) = line.get(from..)?.find(". ") {
        let at = from + rel;
        from = at + 2;
        let head = line.get(..at)?;
        let word = head.rsplit(' ').next().unwrap_or("");
        let bare = word.trim_start_matches(['(', '"', '”']).to_lowercase();
        // A capital before the dot is an initial ("Søren P. viser"); "kr.", "ca." and
        // the like are abbreviations.
        if bare.chars().count() < 3 || ABBREVIATIONS.contains(&bare.as_str()) || bare.contains('.')
        {
            continue;
        }
        let rest = line.get(at + 2..)?.trim_start();
        if !rest.starts_with(char::is_uppercase) || rest.split_whitespace().count() < 2 {
            continue;
        }
        return Some((head.trim(), rest));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_timing() {
        let (t, s, e, d) = clean_title("Velkomst – kl. 15.00 – 15.05");
        assert_eq!(t, "Velkomst");
        assert_eq!(
            (s.unwrap().to_string(), e.unwrap().to_string()),
            ("15:00".into(), "15:05".into())
        );
        assert!(d.is_none());
        let (t, s, _, d) = clean_title("Drøftelse vedr. Sundhedsreform og evaluering - 40 min");
        assert_eq!(
            (t.as_str(), s, d),
            (
                "Drøftelse vedr. Sundhedsreform og evaluering",
                None,
                Some(40)
            )
        );
        let (t, s, _, _) = clean_title("Foreløbigt program 12:12 Seminar");
        assert_eq!((t.as_str(), s), ("Foreløbigt program 12:12 Seminar", None));
        let (t, ..) = clean_title("Drøftelse af muligheden for etablering i Nordklyngen.");
        assert_eq!(t, "Drøftelse af muligheden for etablering i Nordklyngen");
        let (t, ..) = clean_title("Mødedeltagere.....");
        assert_eq!(t, "Mødedeltagere");
        let (t, _, _, d) = clean_title("Velkomst (5 min.)");
        assert_eq!((t.as_str(), d), ("Velkomst", Some(5)));
        let (t, ..) = clean_title("Valg af revisor og suppleanter :");
        assert_eq!(t, "Valg af revisor og suppleanter");
    }

    #[test]
    fn presenters_and_notes() {
        let t = read("Økonomi v/ Dorthe");
        assert_eq!(
            (t.text.as_str(), t.presenter.as_deref()),
            ("Økonomi", Some("Dorthe"))
        );
        let t = read("Ophold ved Hald Sø");
        assert_eq!((t.text.as_str(), t.presenter), ("Ophold ved Hald Sø", None));
        let t = read("Budget 2026 v/ Inge og Mads");
        assert_eq!(
            (t.text.as_str(), t.presenter.as_deref()),
            ("Budget 2026", Some("Inge og Mads"))
        );
        // "ved" after a place is no list of people.
        let t = read("Arrangement ved Sø og Skov");
        assert_eq!(t.presenter, None);
        let t = read("Økonomi (v/ RF)");
        assert_eq!(
            (t.text.as_str(), t.presenter.as_deref()),
            ("Økonomi", Some("RF"))
        );
        let t = read("Regnskab og budgetopfølgning (v/ administrator)");
        assert_eq!(
            (t.text.as_str(), t.presenter),
            ("Regnskab og budgetopfølgning", None)
        );
        let t = read("Information om foreningen generelt ved Lise Holm:");
        assert_eq!(t.text, "Information om foreningen generelt");
        assert_eq!(t.presenter.as_deref(), Some("Lise Holm"));
        let t = read("Kort status på version 3 (Mads K. + Agnete)");
        assert_eq!(t.text, "Kort status på version 3");
        assert_eq!(t.note.as_deref(), Some("Mads K. + Agnete"));
        let t = read("Dialog om plugins (datakilder, templates)");
        assert_eq!(t.text, "Dialog om plugins (datakilder, templates)");
        assert_eq!(t.note, None);
        let t = read("Mundtlig beretning ved formanden");
        assert_eq!(t.text, "Mundtlig beretning ved formanden");
        let t = read("Lukket: Henvendelser til formanden");
        assert!(t.closed);
        assert_eq!(t.text, "Lukket: Henvendelser til formanden");
        let t = read("Status på anlægget – kl. 9.10-9.40 (v/ Louise Holm)");
        assert_eq!(t.text, "Status på anlægget");
        assert_eq!(t.presenter.as_deref(), Some("Louise Holm"));
        assert_eq!(t.start.map(|s| s.to_string()).as_deref(), Some("09:10"));
        let t = read("Status for udvalgene (30 min)");
        assert_eq!(
            (t.text.as_str(), t.duration_min),
            ("Status for udvalgene", Some(30))
        );
    }

    #[test]
    fn first_sentences() {
        assert_eq!(
            split_first_sentence("Tur til Myanmar. Kirsten Berg orienterer om turen."),
            Some(("Tur til Myanmar", "Kirsten Berg orienterer om turen."))
        );
        assert_eq!(
            split_first_sentence("Eventuelt. Ingen punkter."),
            Some(("Eventuelt", "Ingen punkter."))
        );
        assert_eq!(split_first_sentence("Valg af dirigent."), None);
        assert_eq!(split_first_sentence("Orientering v. Anne Holm"), None);
        assert_eq!(split_first_sentence("Evt. og kig til næste møde"), None);
        assert_eq!(
            split_first_sentence("Status på bl.a. Økonomi og drift"),
            None
        );
    }
}

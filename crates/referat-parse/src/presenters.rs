//! Who presents an item: `v/ Name`, `v./ A og B`, `(v. Name, title)` in the case text,
//! `Punktet blev indledt af Name`, `A og B indledte punktet`, a future `På mødet vil
//! Name … gennemgå`, and the opening sentence of the minutes when it says who gave the
//! orientation (`Mads Duedahl gav en kort orientering`). Later speakers are not
//! presenters.

use std::sync::LazyLock;

use regex::Regex;

use crate::cue::Cue;
use crate::names;

fn regex(pattern: &str) -> Regex {
    crate::cue::compile(pattern)
}

/// `v/`, `v. `, `v./` before a name (the forms its words find; "v.Tabel" is not one).
static VED: Cue = Cue::new(
    &["v/", "v. ", "v./"],
    r"(?:^|[\s(\[–-])v(?:\./|/|\.\s)\s*(?P<rest>\p{Lu}[^)\]]*)",
);
/// `indledt af Name`, `præsenteret af Name`.
static BY: Cue = Cue::new(
    &["t af "],
    r"(?i)\b(?:indledt|præsenteret|fremlagt|introduceret|gennemgået)\s+af\s+(?P<rest>[^.;:]+)",
);
/// `Name (og Name) indledte punktet`.
static OPENED: Cue = Cue::new(
    &["punktet", "emnet", "sagen", "drøftelsen"],
    r"(?i)\b(?:indledte|indleder|præsenterede|præsenterer|introducerede)\s+(?:punktet|emnet|sagen|drøftelsen)\b",
);
/// Verbs of presenting, at the start of the minutes of an item.
static OPENING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:gav\s+(?:en\s+)?(?:kort\s+)?(?:orientering|status|introduktion)|orienterede|orienterer|indledte|indleder|præsenterede|præsenterer|fremlagde|fremlægger|gennemgik|gennemgår|redegjorde|redegør|uddybede\s+indledningsvist|uddyber\s+indledningsvist|holdt\s+(?:et\s+)?oplæg|introducerede|introducerer)\b",
    )
});
/// `vil (kort) gennemgå`, future presenting.
static WILL_PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:vil\s+)?(?:kort\s+)?(?:gennemgå(?:\s|$)|(?:præsentere|orientere|fremlægge|holde\s+(?:et\s+)?oplæg|indlede|give\s+en\s+(?:kort\s+)?orientering)\b)",
    )
});

/// Presenters named in an item; `case` is the text before the minutes, `minutes` the
/// decision paragraphs, `people` the participants' names for completing first names.
pub(crate) fn presenters(case: &[&str], minutes: &[&str], people: &names::Roster) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut found_keys: Vec<String> = Vec::new();
    let mut add = |name: String| {
        let name = people.complete(&name);
        let k = names::key(&name);
        if !found_keys.contains(&k) {
            found_keys.push(k);
            found.push(name);
        }
    };
    for para in case {
        if VED.possible(para) {
            for caps in VED.regex().captures_iter(para) {
                if let Some(rest) = caps.name("rest") {
                    names_of(rest.as_str(), people)
                        .into_iter()
                        .for_each(&mut add);
                }
            }
        }
        if para.contains("vil ") {
            for sentence in crate::text::full_stop_sentences(para) {
                future_presenter(sentence).into_iter().for_each(&mut add);
            }
        }
    }
    for para in case.iter().chain(minutes) {
        if BY.possible(para) {
            for caps in BY.regex().captures_iter(para) {
                if let Some(rest) = caps.name("rest") {
                    names_of(rest.as_str(), people)
                        .into_iter()
                        .for_each(&mut add);
                }
            }
        }
        if !OPENED.possible(para) {
            continue;
        }
        for sentence in crate::text::full_stop_sentences(para) {
            if let Some(m) = OPENED.regex().find(sentence) {
                let subject = sentence.get(..m.start()).unwrap_or("");
                subject_names(subject, people)
                    .into_iter()
                    .for_each(&mut add);
            }
        }
    }
    if let Some(first) = minutes
        .first()
        .and_then(|p| crate::text::full_stop_sentences(p).into_iter().next())
    {
        opening_presenter(first, people)
            .into_iter()
            .for_each(&mut add);
    }
    found
}

/// Names in a phrase like "Søren Aalund og Lisbeth Lagoni" or "Maj Skårhøj, direktør,
/// Hjørring Kommune og Charlotte Fuglesang, direktør".
fn names_of(phrase: &str, people: &names::Roster) -> Vec<String> {
    phrase
        .split(" og ")
        .filter_map(|part| {
            let words: Vec<&str> = part.split_whitespace().collect();
            let n = names::name_prefix(&words);
            if n >= 2 {
                Some(names::join_name(words.get(..n)?))
            } else {
                people.by_first_name(words.first()?).map(str::to_string)
            }
        })
        .collect()
}

/// The subject of a sentence when it is only names: "Inge Kjær Andersen og Daniel
/// Kjærgaard Simonsen", "Anne Krøjer".
fn subject_names(subject: &str, people: &names::Roster) -> Vec<String> {
    let subject = subject.trim().trim_end_matches(',');
    let mut out = Vec::new();
    for part in subject.split(" og ") {
        let words: Vec<&str> = part.split_whitespace().collect();
        let n = names::name_prefix(&words);
        let name = if n >= 2 && n == words.len() {
            words.get(..n).map(names::join_name)
        } else if words.len() == 1 {
            words
                .first()
                .and_then(|w| people.by_first_name(w))
                .map(str::to_string)
        } else {
            None
        };
        match name {
            Some(name) => out.push(name),
            None => return Vec::new(),
        }
    }
    out
}

/// "Mads Duedahl gav en kort orientering", "Mads indleder med, at …", "Pia Hæstrup,
/// Regionshospital Nordjylland, præsenterer …".
fn opening_presenter(sentence: &str, people: &names::Roster) -> Vec<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut names_found = Vec::new();
    let mut i = 0;
    loop {
        let rest = words.get(i..).unwrap_or(&[]);
        let mut n = names::name_prefix(rest);
        let name = if n >= 2 {
            rest.get(..n).map(names::join_name)
        } else {
            n = 1;
            rest.first()
                .and_then(|w| people.by_first_name(w))
                .map(str::to_string)
        };
        let Some(name) = name else { break };
        names_found.push(name);
        i += n;
        // An apposition between commas: "Pia Hæstrup, Regionshospital Nordjylland, …".
        if words.get(i - 1).is_some_and(|w| w.ends_with(',')) {
            let close = (i..words.len().min(i + 10))
                .find(|&k| words.get(k).is_some_and(|w| w.ends_with(',')));
            match close {
                Some(k) => i = k + 1,
                None => return Vec::new(),
            }
        }
        if words.get(i) == Some(&"og") {
            i += 1;
            continue;
        }
        break;
    }
    if names_found.is_empty() {
        return Vec::new();
    }
    let rest = words.get(i..).unwrap_or(&[]).join(" ");
    if OPENING_VERB.is_match(&rest) {
        names_found
    } else {
        Vec::new()
    }
}

/// "På mødet vil Pia Hæstrup, Kontorchef …, kort gennemgå …", "Klaus Larsen, direktør …,
/// vil holde et oplæg".
fn future_presenter(sentence: &str) -> Vec<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    // The name right after "vil", or at the start of the sentence before "vil".
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| **w == "vil")
                .map(|(k, _)| k + 1),
        )
        .collect();
    for start in starts {
        let rest = words.get(start..).unwrap_or(&[]);
        let n = names::name_prefix(rest);
        if n < 2 {
            continue;
        }
        let Some(name) = rest.get(..n).map(names::join_name) else {
            continue;
        };
        // The verb may follow an apposition of a few comma-separated parts.
        let mut k = start + n;
        let limit = words.len().min(k + 20);
        loop {
            let tail = words.get(k..).unwrap_or(&[]).join(" ");
            if WILL_PRESENT.is_match(&tail) && (start > 0 || tail.starts_with("vil ")) {
                return vec![name];
            }
            if !words
                .get(k.wrapping_sub(1))
                .is_some_and(|w| w.ends_with(','))
            {
                break;
            }
            match (k..limit).find(|&j| words.get(j).is_some_and(|w| w.ends_with(','))) {
                Some(j) => k = j + 1,
                None => break,
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> names::Roster {
        names::Roster::new(
            [
                "Mads Duedahl",
                "Eva Sejersdal Knudsen",
                "Anne Krøjer Jacobsen",
                "Lisbeth Kjær Lagoni",
                "Klaus Larsen",
            ]
            .map(String::from),
        )
    }

    #[test]
    fn ved_forms() {
        let p = presenters(&["v./ Søren Aalund og Lisbeth Lagoni"], &[], &people());
        assert_eq!(p, ["Søren Aalund", "Lisbeth Lagoni"]);
        let p = presenters(
            &[
                "Rammesætning (v. Maj Skårhøj, direktør, Hjørring Kommune og Charlotte Fuglesang, direktør, Regionshospital Nordjylland)",
            ],
            &[],
            &people(),
        );
        assert_eq!(p, ["Maj Skårhøj", "Charlotte Fuglesang"]);
        assert_eq!(
            presenters(&["v/ Klaus Larsen"], &[], &people()),
            ["Klaus Larsen"]
        );
    }

    #[test]
    fn openings() {
        let p = presenters(
            &[],
            &["Mads indleder med, at Kontaktudvalget har sat gang i arbejdet."],
            &people(),
        );
        assert_eq!(p, ["Mads Duedahl"]);
        let p = presenters(
            &[],
            &["Inge Kjær Andersen og Daniel Kjærgaard Simonsen indledte punktet."],
            &people(),
        );
        assert_eq!(p, ["Inge Kjær Andersen", "Daniel Kjærgaard Simonsen"]);
        let p = presenters(&["Anne Krøjer indleder punktet"], &[], &people());
        assert_eq!(p, ["Anne Krøjer Jacobsen"]);
        let p = presenters(
            &[],
            &["Pia Hæstrup, Regionshospital Nordjylland, præsenterer Projekt X."],
            &people(),
        );
        assert_eq!(p, ["Pia Hæstrup"]);
        let p = presenters(
            &[],
            &["Eva uddyber indledningsvist, at formålet er klart."],
            &people(),
        );
        assert_eq!(p, ["Eva Sejersdal Knudsen"]);
    }

    #[test]
    fn not_presenters() {
        assert!(
            presenters(&[], &["Jan foreslår, at Driftsforum inviteres."], &people()).is_empty()
        );
        assert!(
            presenters(
                &[],
                &["Formandskabet fremlagde forslag om en konference."],
                &people()
            )
            .is_empty()
        );
        assert!(
            presenters(
                &[],
                &[
                    "Indstillingen blev fulgt.",
                    "Lone Iversen orienterede desuden om noget."
                ],
                &people()
            )
            .is_empty()
        );
        assert!(
            presenters(
                &["Oplæg ved Jan Nybo og Rikke Petersen Ravn"],
                &[],
                &people()
            )
            .is_empty()
        );
        assert!(
            presenters(
                &[],
                &["Malou Skeel spørger ind til, om alle er klar."],
                &people()
            )
            .is_empty()
        );
    }

    #[test]
    fn future_presenting() {
        let p = presenters(
            &[
                "På mødet vil Pia Hæstrup, Kontorchef - Det Nære Sundhedsvæsen og Digitalisering, Regionshospital Nordjylland, kort gennemgå indholdet af beslutningsoplægget.",
            ],
            &[],
            &people(),
        );
        assert_eq!(p, ["Pia Hæstrup"]);
    }
}

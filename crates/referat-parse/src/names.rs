//! Person names: telling a name from a heading or an organisation, finding names in
//! prose, and deciding when two spellings are one person.
//!
//! A name is two to six capitalised words (`Helle Carlsson Kunckel Christensen`,
//! `Henrik Aarup-Kristensen`), none of them a common Danish word or an organisation
//! word (`Region Nordjylland`, `Fra kommunerne`, `Sekretariat` are not names).

/// Danish words that are written capitalised at a line start or in titles but are never
/// part of a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "af",
    "administrativ",
    "administrative",
    "administrationen",
    "afbud",
    "afdeling",
    "alle",
    "andre",
    "bilag",
    "beslutning",
    "borgmester",
    "center",
    "danmark",
    "de",
    "deltagere",
    "deltager",
    "deltog",
    "den",
    "der",
    "derudover",
    "desuden",
    "det",
    "direktionen",
    "direktør",
    "dagsorden",
    "eller",
    "en",
    "et",
    "for",
    "formand",
    "formanden",
    "formandskabet",
    "forvaltningen",
    "fra",
    "fraværende",
    "gæst",
    "gæster",
    "hospital",
    "hovedstaden",
    "i",
    "ikke",
    "indstilling",
    "indstillingen",
    "ingen",
    "kl",
    "klinik",
    "kommune",
    "kommunen",
    "kommunerne",
    "kommunes",
    "medlem",
    "medlemmer",
    "med",
    "midtjylland",
    "mødedeltagere",
    "mødeleder",
    "møde",
    "mødet",
    "nordjylland",
    "næstformand",
    "og",
    "om",
    "ordstyrer",
    "politisk",
    "politiske",
    "punkt",
    "punktet",
    "på",
    "referat",
    "referent",
    "region",
    "regionen",
    "regionsrådet",
    "sekretariat",
    "sekretariatet",
    "sekretær",
    "sjælland",
    "syddanmark",
    "til",
    "tilstede",
    "under",
    "ved",
    "øvrige",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "januar",
    "februar",
    "marts",
    "april",
    "juni",
    "juli",
    "september",
    "oktober",
    "november",
    "december",
    "sagsnr",
    "dok",
    "dato",
    "side",
    "tid",
    "sted",
    "mødested",
    "mødedato",
    "indledningsvist",
    "herefter",
    "endvidere",
    "samt",
    "dog",
    "hvis",
    "når",
    "som",
    "efter",
    "inden",
    "uden",
    "velkommen",
    "velkomst",
    "eventuelt",
    "orientering",
    "drøftelse",
    "godkendelse",
    "status",
    "byrådet",
    "byråd",
    "udvalget",
    "udvalg",
    "rådet",
    "klyngen",
    "klynge",
    "psykiatrien",
    "kontaktudvalget",
    "praksis",
];

/// Endings of organisation and place words (`Regionshospital`, `Socialudvalget`,
/// `Byrådssalen`); a surname does not end like this.
const ORGANISATION_ENDINGS: &[&str] = &[
    // Swedish and Norwegian.
    "förvaltning",
    "förening",
    "föreningen",
    "kommun",
    "bolag",
    "bolaget",
    "stiftelse",
    "nämnd",
    "nämnden",
    "styrelse",
    "styrelsen",
    "forvaltning",
    "kommune",
    "kommunes",
    "hospital",
    "hospitalet",
    "udvalg",
    "udvalget",
    "udvalgets",
    "region",
    "regionen",
    "center",
    "centret",
    "afdeling",
    "afdelingen",
    "sekretariat",
    "sekretariatet",
    "forum",
    "klynge",
    "klyngen",
    "klynges",
    "gruppe",
    "gruppen",
    "rådet",
    "huset",
    "salen",
    "skole",
    "skolen",
    "ministeriet",
    "styrelsen",
    "selskab",
    "fonden",
    "forening",
    "foreningen",
    "praksis",
    "enhed",
    "enheden",
    "forvaltning",
    "forvaltningen",
    "kontor",
    "kontoret",
    "ledelse",
    "ledelsen",
    "væsen",
    "væsenet",
    "programmet",
    "projektet",
    "aftale",
    "aftalen",
    "område",
    "området",
    "vagt",
    "vagten",
];

/// Endings of street and square names: a compound ending so is a place, the word
/// alone a surname.
const STREET_ENDINGS: &[&str] = &["vej", "vejen", "gade", "gaden", "torv", "torvet"];

/// Lower-case words that may stand between the capitalised parts of a name.
const PARTICLES: &[&str] = &[
    "von", "van", "de", "la", "le", "af", "du", "da", "di", "der", "ten", "el",
];

/// Whether a word can be part of a person's name.
pub(crate) fn is_name_word(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ':']);
    // "K." is an initial; "Larsen." ends a sentence.
    let word = if word.chars().count() > 2 {
        word.trim_end_matches('.')
    } else {
        word
    };
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest = chars.as_str();
    // Initials: "K." in "Jens K. Hansen".
    if rest == "." {
        return true;
    }
    if !rest.chars().any(char::is_lowercase) {
        return false;
    }
    if !word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
    {
        return false;
    }
    if word.ends_with('-') || word.len() > 40 {
        return false;
    }
    // The word is capitalised: its lower-case form is the first letter lowered and the
    // rest as written (mixed case like "McLean" keeps its capitals, harmlessly).
    let mut lower = String::with_capacity(word.len());
    lower.extend(first.to_lowercase());
    lower.push_str(rest);
    if NOT_NAME_WORDS.contains(&lower.as_str()) {
        return false;
    }
    // "Regionsrådsmedlem" and "Fællesadministrationen" are long words ending like
    // offices and organisations; names ending so are rare enough to lose.
    if ORGANISATION_ENDINGS.iter().any(|end| lower.ends_with(end)) {
        return false;
    }
    // "Vestergade" and "Rådhustorvet" are places; "Gade" alone is a surname.
    if STREET_ENDINGS
        .iter()
        .any(|end| lower.len() > end.len() && lower.ends_with(end))
    {
        return false;
    }
    true
}

/// The number of leading words of `words` that make a person's name (0 when they do
/// not start with one).
pub(crate) fn name_prefix(words: &[&str]) -> usize {
    let mut count = 0;
    let mut capitalised = 0;
    for (i, w) in words.iter().enumerate() {
        if is_name_word(w) {
            count = i + 1;
            capitalised += 1;
            let initial = w.chars().count() == 2 && w.ends_with('.');
            if w.ends_with([',', ';', ':']) || (w.ends_with('.') && !initial) {
                break;
            }
        } else if i > 0
            && PARTICLES.contains(w)
            && words.get(i + 1).is_some_and(|next| is_name_word(next))
        {
            continue;
        } else {
            break;
        }
        if capitalised == 6 {
            break;
        }
    }
    // Initials alone ("A. B.") are not a name.
    let words_used = words.get(..count).unwrap_or(&[]);
    let real = words_used
        .iter()
        .filter(|w| {
            // An initial is a letter and a dot; "Ib" and "Bo" are first names.
            let bare = w.trim_end_matches([',', ';', ':']);
            !(bare.chars().count() == 2 && bare.ends_with('.'))
        })
        .count();
    if capitalised >= 2 && real >= 2 {
        count
    } else {
        0
    }
}

/// Whether the whole of `text` is a person's name.
pub(crate) fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty() && name_prefix(&words) == words.len()
}

/// A name written as the words themselves, without trailing punctuation.
pub(crate) fn join_name(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        let bare = w.trim_end_matches([',', ';', ':']);
        // "K." keeps its dot: an initial.
        if bare.chars().count() == 2 && bare.ends_with('.') {
            out.push_str(bare);
        } else {
            out.push_str(bare.trim_end_matches('.'));
        }
    }
    out
}

/// The comparable form of a name: lower case, single spaces.
pub(crate) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The participants' names with their comparable keys, for resolving the names the
/// text uses: first names, shortened names.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    entries: Vec<(String, String)>,
}

impl Roster {
    pub fn new<I: IntoIterator<Item = String>>(names: I) -> Roster {
        Roster {
            entries: names
                .into_iter()
                .map(|n| {
                    let k = key(&n);
                    (n, k)
                })
                .collect(),
        }
    }

    /// A bare first name that belongs to exactly one participant.
    pub fn by_first_name(&self, word: &str) -> Option<&str> {
        let w = word.trim_end_matches([',', '.', ':']);
        if !is_name_word(w) {
            return None;
        }
        let mut matches = self
            .entries
            .iter()
            .filter(|(n, _)| n.split_whitespace().next() == Some(w));
        let first = matches.next()?;
        matches.next().is_none().then_some(first.0.as_str())
    }

    /// The one participant whose initials these are (`KR` for Kim Rask, `MLH` for Mette
    /// Lund Hansen).
    pub fn by_initials(&self, word: &str) -> Option<&str> {
        let w = word.trim_end_matches([',', '.', ':']);
        let n = w.chars().count();
        if !(2..=4).contains(&n) || !w.chars().all(char::is_uppercase) {
            return None;
        }
        let mut matches = self.entries.iter().filter(|(name, _)| {
            let initials: String = name
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter_map(|part| part.chars().next())
                .collect();
            initials == w
                || name
                    .split_whitespace()
                    .filter_map(|part| part.chars().next())
                    .collect::<String>()
                    == w
        });
        let first = matches.next()?;
        matches.next().is_none().then_some(first.0.as_str())
    }

    /// The one participant a written reference can be: the full name, a first name, a
    /// shortened name, or a first name with initials (`Søren P.`).
    pub fn resolve(&self, written: &str) -> Option<String> {
        let written = written.trim().trim_end_matches([',', ';']);
        let key_written = key(written);
        if let Some((n, _)) = self.entries.iter().find(|(_, k)| *k == key_written) {
            return Some(n.clone());
        }
        let words: Vec<&str> = written.split_whitespace().collect();
        match words.as_slice() {
            [] => None,
            [one] => self
                .by_first_name(one)
                .or_else(|| self.by_initials(one))
                .map(str::to_string),
            [first, rest @ ..] if rest.iter().all(|w| is_initial(w)) => {
                let mut found = self.entries.iter().filter(|(n, _)| {
                    let parts: Vec<&str> = n.split_whitespace().collect();
                    parts.first() == Some(first)
                        && rest.iter().all(|i| {
                            let c = i.chars().next();
                            parts.iter().skip(1).any(|p| p.chars().next() == c)
                        })
                });
                match (found.next(), found.next()) {
                    (Some(one), None) => Some(one.0.clone()),
                    _ => None,
                }
            }
            _ => {
                let completed = self.complete(written);
                (key(&completed) != key_written).then_some(completed)
            }
        }
    }

    /// A shortened name completed to the one participant it can be (`Anne Krøjer` →
    /// `Anne Krøjer Jacobsen`); other spellings are kept as written.
    pub fn complete(&self, name: &str) -> String {
        let written = key(name);
        let two_words = written.contains(' ');
        let mut matches = self.entries.iter().filter(|(_, k)| {
            *k == written
                || (two_words
                    && k.starts_with(written.as_str())
                    && k.as_bytes().get(written.len()) == Some(&b' '))
        });
        match (matches.next(), matches.next()) {
            (Some(one), None) => one.0.clone(),
            _ => {
                // "Kasserer Malene Krogsgaard fremlagde …": an office before the name,
                // capitalised as the sentence opens.
                let after_office = name
                    .split_once(' ')
                    .map(|(_, rest)| key(rest))
                    .filter(|rest| rest.contains(' '));
                after_office
                    .and_then(|rest| self.entries.iter().find(|(_, k)| *k == rest))
                    .map_or_else(|| name.to_string(), |one| one.0.clone())
            }
        }
    }
}

/// `K.` or `K`: one capital, perhaps with its dot.
fn is_initial(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    bare.chars().count() == 1 && bare.chars().all(char::is_uppercase)
}

/// How a written name relates to a listed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Likeness {
    /// The same words.
    Same,
    /// The written name is the first words of the listed one (`Pia Buus` of
    /// `Pia Buus Pinstrup`, `Anne Krøjer` of `Anne Krøjer Jacobsen`).
    Shortened,
    /// Same first and last name, a middle name left out (`Lisbeth Lagoni` of
    /// `Lisbeth Kjær Lagoni`).
    MiddleLeftOut,
    /// The same words but for a letter or two (`Pindstrup` of `Pinstrup`).
    Misspelt,
}

/// Whether `written` can be the person listed as `listed`.
#[cfg(test)]
pub(crate) fn likeness(written: &str, listed: &str) -> Option<Likeness> {
    likeness_of_keys(&key(written), &key(listed))
}

/// [`likeness`] of two names already turned into [`key`]s.
pub(crate) fn likeness_of_keys(a: &str, b: &str) -> Option<Likeness> {
    if a == b {
        return Some(Likeness::Same);
    }
    // Every likeness but a misspelling shares the first name; a misspelling keeps the
    // number of words and changes only one. Most pairs fail both at once.
    fn first(s: &str) -> &str {
        s.split(' ').next().unwrap_or("")
    }
    let words = |s: &str| s.bytes().filter(|&c| c == b' ').count() + 1;
    let same_first = first(a) == first(b);
    if !same_first && words(a) != words(b) {
        return None;
    }
    if !same_first && a.len().abs_diff(b.len()) > 1 {
        return None;
    }
    let aw: Vec<&str> = a.split(' ').collect();
    let bw: Vec<&str> = b.split(' ').collect();
    if aw.len() >= 2 && aw.len() < bw.len() && bw.starts_with(&aw) {
        return Some(Likeness::Shortened);
    }
    if aw.len() >= 2
        && aw.len() < bw.len()
        && aw.first() == bw.first()
        && aw.last() == bw.last()
        && aw.iter().all(|w| bw.contains(w))
    {
        return Some(Likeness::MiddleLeftOut);
    }
    if aw.len() == bw.len() && aw.len() >= 2 {
        let mut edits = 0;
        for (x, y) in aw.iter().zip(&bw) {
            if x == y {
                continue;
            }
            if x.len().abs_diff(y.len()) > 2 {
                return None;
            }
            let d = edit_distance(x, y);
            // A slip of one letter in a word of six or more letters; both names must
            // otherwise agree, so that "Jens Hansen" and "Jens Jensen" stay two people.
            if d > 1 || x.chars().count() < 6 {
                return None;
            }
            edits += d;
        }
        if edits == 1 {
            return Some(Likeness::Misspelt);
        }
    }
    None
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_told_from_headings() {
        for name in [
            "Mads Duedahl",
            "Helle Carlsson Kunckel Christensen",
            "Henrik Aarup-Kristensen",
            "Camilla Donslund",
            "Mie Helene Andresen",
            "Jens K. Hansen",
            "Bente Bach Poulsen",
            "Maj Skårhøj",
            "August Krogh",
        ] {
            assert!(is_name(name), "{name}");
        }
        for heading in [
            "Fra kommunerne",
            "Fra Region Nordjylland",
            "Sekretariat",
            "Politiske deltagere",
            "Udvalgsformænd med observatørstatus",
            "Derudover deltager",
            "Regionshospital Nordjylland",
            "Hjørring Kommune",
            "PLO Nordjylland",
            "Gæster",
            "Indledningsvist inviteres",
            "Byrådssalen i Støvring",
        ] {
            assert!(!is_name(heading), "{heading}");
        }
    }

    #[test]
    fn short_first_names_and_street_surnames() {
        assert!(is_name("Ib Hedegaard"));
        assert!(is_name("Bo Jensen"));
        assert!(is_name("Karen Gade"));
        assert!(!is_name("A. B."));
        assert!(!is_name("Vestergade Nord"));
    }

    #[test]
    fn name_prefix_stops_at_the_role() {
        let words: Vec<&str> = "Lolan Ottesen (A) - formand".split(' ').collect();
        assert_eq!(name_prefix(&words), 2);
        let words: Vec<&str> = "Maj Skårhøj, direktør, Hjørring Kommune"
            .split(' ')
            .collect();
        assert_eq!(name_prefix(&words), 2);
        let words: Vec<&str> = "Tina Futtrup deltager under punkt 5.".split(' ').collect();
        assert_eq!(name_prefix(&words), 2);
    }

    #[test]
    fn an_office_before_a_listed_name() {
        let people = Roster::new(["Malene Krogsgaard".to_string(), "Lasse Dybdahl".to_string()]);
        assert_eq!(
            people.complete("Kasserer Malene Krogsgaard"),
            "Malene Krogsgaard"
        );
        assert_eq!(people.complete("Revisor Lasse Dybdahl"), "Lasse Dybdahl");
        assert_eq!(people.complete("Ole Hansen"), "Ole Hansen");
    }

    #[test]
    fn likeness_of_spellings() {
        assert_eq!(
            likeness("Pia Buus", "Pia Buus Pinstrup"),
            Some(Likeness::Shortened)
        );
        assert_eq!(
            likeness("Pia Buus Pindstrup", "Pia Buus Pinstrup"),
            Some(Likeness::Misspelt)
        );
        assert_eq!(
            likeness("Lisbeth Lagoni", "Lisbeth Kjær Lagoni"),
            Some(Likeness::MiddleLeftOut)
        );
        assert_eq!(likeness("jan mainz", "Jan Mainz"), Some(Likeness::Same));
        assert_eq!(likeness("Jens Hansen", "Jens Jensen"), None);
        assert_eq!(
            likeness("Ole Jensen", "Ole Rørbæk Jensen"),
            Some(Likeness::MiddleLeftOut)
        );
        assert_eq!(likeness("Lone Olsen", "Lone Iversen"), None);
    }
}

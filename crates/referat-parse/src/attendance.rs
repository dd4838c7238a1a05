//! Where minutes keep their participants, and the people they name as taking part.
//!
//! A participant list is found by its structure and its labels, in Danish, Norwegian,
//! Swedish and English: a label line with an inline list (`Tilstede: A, B og C`,
//! `Mangler: D`), a heading or an empty label over a list (`#### Deltagere:` / `- [x]
//! Name`), a table with a name column, or the data of a structured source (front
//! matter). The lines of such a list are read by `participants`. Where a document keeps
//! no list, the people its decisions name as voting or as kept from the vote are its
//! participants, and a lead-in such as `Følgende deltager i punktet:` names people who
//! took part in one item.

use std::sync::LazyLock;

use referat_model::{Attendance, ParticipantSource};
use regex::Regex;

use crate::document::{BlockKind, Document};
use crate::names;
use crate::participants::{self, Entry, Listed, ParticipantList};
use crate::text::LineKind;

/// What a label over a list of people says about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelKind {
    Present,
    Absent,
    /// Who chaired (`Ordstyrer`, `Mødeleder`, `Dirigent`).
    Chair,
    /// Who took the minutes (`Referent`, `Sekretær`).
    Secretary,
    /// Guests and observers.
    Guests,
}

/// Labels of lists of people, lower case, without the colon.
const LABELS: &[(&str, LabelKind)] = &[
    ("til stede", LabelKind::Present),
    ("tilstede", LabelKind::Present),
    ("til stede var", LabelKind::Present),
    ("tilstedeværende", LabelKind::Present),
    ("deltagere", LabelKind::Present),
    ("deltager", LabelKind::Present),
    ("mødedeltagere", LabelKind::Present),
    ("fremmødte", LabelKind::Present),
    ("fremmødt", LabelKind::Present),
    ("deltog", LabelKind::Present),
    ("medlemmer", LabelKind::Present),
    ("udvalgsmedlemmer", LabelKind::Present),
    ("bestyrelsesmedlemmer", LabelKind::Present),
    ("til stede fra bestyrelsen", LabelKind::Present),
    ("deltakere", LabelKind::Present),
    ("deltok", LabelKind::Present),
    ("møtende", LabelKind::Present),
    ("frammøtte", LabelKind::Present),
    ("fremmøtte", LabelKind::Present),
    ("møtt", LabelKind::Present),
    ("närvarande", LabelKind::Present),
    ("närvarande ledamöter", LabelKind::Present),
    ("beslutande", LabelKind::Present),
    ("beslutande ledamöter", LabelKind::Present),
    ("tjänstgörande ersättare", LabelKind::Present),
    ("närvarande ersättare", LabelKind::Present),
    ("ej tjänstgörande ersättare", LabelKind::Present),
    ("deltagare", LabelKind::Present),
    ("present", LabelKind::Present),
    ("fremmøde", LabelKind::Present),
    ("fremmøde og afbud", LabelKind::Present),
    ("indkaldte", LabelKind::Present),
    ("inviterede", LabelKind::Present),
    ("indbudte", LabelKind::Present),
    ("innkalt", LabelKind::Present),
    ("innkalte", LabelKind::Present),
    ("kallade", LabelKind::Present),
    ("varamedlem", LabelKind::Present),
    ("varamedlemmer", LabelKind::Present),
    ("vara", LabelKind::Present),
    ("ersättare", LabelKind::Present),
    ("suppleanter", LabelKind::Present),
    ("attendees", LabelKind::Present),
    ("attendance", LabelKind::Present),
    ("participants", LabelKind::Present),
    ("regrets", LabelKind::Absent),
    ("apologies", LabelKind::Absent),
    ("absent", LabelKind::Absent),
    ("facilitator", LabelKind::Chair),
    ("chair", LabelKind::Chair),
    ("chairperson", LabelKind::Chair),
    ("note taker", LabelKind::Secretary),
    ("notes", LabelKind::Secretary),
    ("minutes", LabelKind::Secretary),
    ("guests", LabelKind::Guests),
    ("afbud", LabelKind::Absent),
    ("afbud fra", LabelKind::Absent),
    ("meldt afbud", LabelKind::Absent),
    ("fraværende", LabelKind::Absent),
    ("afbud/fraværende", LabelKind::Absent),
    ("forfald", LabelKind::Absent),
    ("mangler", LabelKind::Absent),
    ("ikke til stede", LabelKind::Absent),
    ("forfall", LabelKind::Absent),
    ("meldt forfall", LabelKind::Absent),
    ("fravær", LabelKind::Absent),
    ("frånvarande", LabelKind::Absent),
    ("anmält förhinder", LabelKind::Absent),
    ("förhinder", LabelKind::Absent),
    ("ordstyrer", LabelKind::Chair),
    ("mødeleder", LabelKind::Chair),
    ("dirigent", LabelKind::Chair),
    ("faciliteret af", LabelKind::Chair),
    ("møteleder", LabelKind::Chair),
    ("ordförande", LabelKind::Chair),
    ("mødeledelse", LabelKind::Chair),
    ("mötesordförande", LabelKind::Chair),
    ("referent", LabelKind::Secretary),
    ("sekretær", LabelKind::Secretary),
    ("sekretariat", LabelKind::Secretary),
    ("protokollfører", LabelKind::Secretary),
    ("referent/sekretær", LabelKind::Secretary),
    ("sekreterare", LabelKind::Secretary),
    ("justerare", LabelKind::Secretary),
    ("gæster", LabelKind::Guests),
    ("gæst", LabelKind::Guests),
    ("observatører", LabelKind::Guests),
    ("observatør", LabelKind::Guests),
    ("gjester", LabelKind::Guests),
    ("gäster", LabelKind::Guests),
    ("øvrige deltagere", LabelKind::Guests),
    ("desuden deltog", LabelKind::Guests),
    ("övriga närvarande", LabelKind::Guests),
    ("övriga deltagare", LabelKind::Guests),
    ("endvidere deltog", LabelKind::Guests),
    ("derudover deltog", LabelKind::Guests),
];

/// What a label (the text before its colon) says of the people after or under it: as
/// [`label_kind`], and also the forum itself or one of the groups it is made of over
/// its members (`Bestyrelsen:`, `Afdelingsbestyrelsen:`, `Styret:`,
/// `Forældrerepræsentanter:`). A heading of the forum's name alone titles the minutes,
/// so this is for labels only.
pub(crate) fn label_with_colon_kind(label: &str) -> Option<LabelKind> {
    label_kind(label).or_else(|| {
        let t = label.trim().to_lowercase();
        // "Afbud fra bestyrelsen:", "Forfall fra styret:": absent, whoever they are.
        let absent_from = [
            "afbud fra ",
            "fraværende fra ",
            "forfald fra ",
            "forfall fra ",
        ]
        .iter()
        .any(|p| t.starts_with(p))
            && t.split_whitespace().count() <= 4;
        if absent_from {
            return Some(LabelKind::Absent);
        }
        let group = !t.contains(' ')
            && [
                "bestyrelsen",
                "styret",
                "styrelsen",
                "udvalget",
                "utvalget",
                "rådet",
                "nämnden",
                "repræsentanter",
                "representanter",
                "medlemmer",
                "ledamöter",
            ]
            .iter()
            .any(|end| t.ends_with(end));
        group.then_some(LabelKind::Present)
    })
}

/// What a label over people says, for a label or heading text (`Tilstede:`, `Afbud`).
pub(crate) fn label_kind(text: &str) -> Option<LabelKind> {
    let t = text
        .trim()
        .trim_end_matches(':')
        .trim()
        .trim_start_matches("Evt. ")
        .to_lowercase();
    if t.len() > 70 {
        return None;
    }
    if let Some(kind) = LABELS
        .iter()
        .find(|(label, _)| *label == t)
        .map(|(_, k)| *k)
    {
        return Some(kind);
    }
    // "Følgende medlemmer hadde forfall", "Følgende faste medlemmer møtte", "Faste
    // medlemmer som hadde forfall", "Fra administrasjonen møtte": a sentence that labels
    // the people under it.
    static SAID: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            r"^(?:(?P<present2>til\s+stede\s+var\b.*)|(?P<staff>fra\s+(?:administrasjonen|administrationen|forvaltningen|sekretariatet|kommunen)\b.*)|(?P<present3>fra\s+\p{L}+(?:\s+\p{L}+)?\s+(?:møtte|mødte|deltog|deltok|var\s+til\s+stede))|(?P<staff2>fra\s+\p{L}{4,})|(?P<absent2>(?:faste\s+)?(?:medlemmer|representanter|varamedlemmer|ledamöter)\s+som\s+(?:(?:ikke|inte)\s+(?:møtte|mødte|deltok|deltog|var\s+til\s+stede|närvarade)|hadde\s+(?:meldt\s+)?forfall|havde\s+(?:meldt\s+)?(?:afbud|forfald)|hade\s+(?:anmält\s+)?förhinder|var\s+fraværende))|(?P<present4>(?:faste\s+)?(?:medlemmer|representanter|varamedlemmer|ledamöter|ersättare)\s+som\s+(?:møtte|mødte|deltok|deltog|var\s+til\s+stede|närvarade|tjänstgjorde))|(?:følgende|fölande)\b[^:]*?\b(?:(?P<absent>hadde\s+forfall|havde\s+forfald|havde\s+afbud|meldte\s+(?:afbud|forfall)|møtte\s+ikke|mødte\s+ikke|deltog\s+ikke|var\s+fraværende|hade\s+förhinder)|(?P<present>møtte|mødte|deltog|deltok|var\s+til\s+stede|var\s+närvarande)))$",
        )
    });
    let c = SAID.captures(&t)?;
    if c.name("absent").is_some() || c.name("absent2").is_some() {
        Some(LabelKind::Absent)
    } else if c.name("staff").is_some() || c.name("staff2").is_some() {
        Some(LabelKind::Guests)
    } else {
        Some(LabelKind::Present)
    }
}

/// The participant list of a document, and the lines it was read from.
///
/// `header_end` is the first line of the first item; `participant_item` the range of
/// an item that is itself the participant list (`Punkt 1: Mødedeltagere`).
///
/// Where the header lists nobody, a web page may list the forum's members after its
/// items, under a heading of its own above the items' level (`## Medlemmer` after the
/// `###` items): `last_item` is where the last item starts and `item_level` the level
/// of the items' headings.
pub(crate) fn read(
    doc: &Document<'_>,
    header_end: usize,
    participant_item: Option<(usize, usize)>,
    toc: &[usize],
    last_item: Option<(usize, u8)>,
) -> ParticipantList {
    if let Some(list) = structured(doc) {
        return list;
    }
    let found = match participant_item {
        Some(range) => Some((range, participants::read_list(doc, range))),
        // The first area that names someone, else the first: a site's menu may hold a
        // `Medlemmer` link above the minutes' own `Til stede:` line.
        None => {
            let mut areas = (0..header_end)
                .filter(|i| toc.binary_search(i).is_err())
                .filter(|&i| doc.lines.get(i).is_some_and(opens_area))
                .map(|i| (i, area_end(doc, i, header_end)))
                .map(|range| (range, participants::read_list(doc, range)));
            let first = areas.next();
            match first {
                Some((_, ref list)) if !list.names_anyone() => {
                    areas.find(|(_, list)| list.names_anyone()).or(first)
                }
                _ => first,
            }
        }
    };
    let trailing = found.is_none();
    let found = found.or_else(|| {
        let (from, item_level) = last_item?;
        let end = doc.lines.len();
        (from + 1..end)
            .find(|&i| {
                doc.lines.get(i).is_some_and(|l| {
                    matches!(l.kind, LineKind::Heading(level) if level < item_level)
                        && matches!(
                            label_kind(&l.text),
                            Some(LabelKind::Present | LabelKind::Absent)
                        )
                })
            })
            .map(|i| (i, area_end(doc, i, end)))
            .map(|range| (range, participants::read_list(doc, range)))
    });
    let (area, mut list) = match found {
        Some((range, list)) => (Some(range), list),
        None => (None, ParticipantList::default()),
    };
    list.trailing_from = area.map(|(from, _)| from).filter(|_| trailing);
    // The chair named under a label of their own is a participant of a meeting that
    // lists who was there, and only its chair where it lists only who was not.
    let chair_label =
        |p: &Listed| p.group.as_deref().and_then(label_kind) == Some(LabelKind::Chair);
    if list.people.iter().all(chair_label) {
        list.people.clear();
    }
    // A table of members in the header outside the area.
    {
        let inside = |i: usize| area.is_some_and(|(from, to)| i >= from && i < to);
        for b in doc
            .blocks
            .iter()
            .take_while(|b| b.start < header_end)
            .filter(|b| b.kind == BlockKind::Table && !inside(b.start))
        {
            let rows = participants::table_rows(doc.lines.get(b.start..b.end).unwrap_or(&[]));
            let people = participants::table_people(&rows, None);
            if people.len() >= 2 {
                list.people.extend(people);
                list.person_lines.extend(b.start..b.end);
            }
        }
    }
    list
}

/// Whether a line opens the participant area: a label over people, with or without
/// its list on the same line, or a heading naming a list.
fn opens_area(line: &crate::text::Line) -> bool {
    if line.is_blank() {
        return false;
    }
    // The header row of a table of people: "Navn | Rolle | Fremmøde".
    if let LineKind::Table(cells) = &line.kind {
        return participants::is_people_header(cells);
    }
    let text = line.text.as_str();
    if line.is_heading() {
        return label_kind(text).is_some_and(|k| k != LabelKind::Chair)
            || participants::opens_list(text);
    }
    if participants::opens_list(text) || participants::inline_label(text).is_some() {
        return true;
    }
    // "Fraværende:" over the lines below.
    crate::document::bare_label(text)
        .and_then(label_kind)
        .is_some_and(|k| matches!(k, LabelKind::Present | LabelKind::Absent))
}

/// Where a participant area that starts at `start` ends: at the first item, or at a
/// heading above the level of the area's own heading (`## Dagsorden` after `####
/// Deltagere`).
fn area_end(doc: &Document<'_>, start: usize, header_end: usize) -> usize {
    let own = match doc.lines.get(start).map(|l| &l.kind) {
        Some(LineKind::Heading(level)) => *level,
        _ => 7,
    };
    doc.blocks
        .iter()
        .filter(|b| b.start > start && b.start < header_end)
        .find(|b| match b.kind {
            BlockKind::Heading(level) => {
                level < own && label_kind(&b.text).is_none() && !participants::opens_list(&b.text)
            }
            _ => false,
        })
        .map_or(header_end, |b| b.start)
}

/// Participants given as data: `participants:` / `absent:` lists in the front matter.
fn structured(doc: &Document<'_>) -> Option<ParticipantList> {
    let present = doc.front.list(&[
        "participants",
        "deltagere",
        "attendees",
        "present",
        "tilstede",
    ]);
    let absent = doc
        .front
        .list(&["absent", "afbud", "fraværende", "apologies"]);
    if present.is_none() && absent.is_none() {
        return None;
    }
    let mut list = ParticipantList::default();
    for (names, attendance) in [(present, Attendance::Present), (absent, Attendance::Absent)] {
        let Some((names, line)) = names else { continue };
        for name in names {
            let mut entry = participants::parse_entry(name)
                .into_iter()
                .next()
                .unwrap_or_else(|| Entry::new(name.trim().to_string(), None));
            if entry.name.is_empty() {
                continue;
            }
            if attendance == Attendance::Absent {
                entry.mark_absent();
            }
            list.people.push(Listed {
                entry,
                group: None,
                first: line,
                last: line,
                source: ParticipantSource::Structured,
            });
        }
    }
    Some(list)
}

/// A person the text names as taking part in an item, or as kept from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mention {
    pub name: String,
    pub role: Option<String>,
    /// Took part in the item (`true`) or was kept from it (`false`).
    pub took_part: bool,
    pub line: u32,
}

/// The people named as voting on an item or kept from its treatment, in a document
/// without a participant list: `A, B og C kunne tiltræde indstillingen.`, `D var
/// forhindret i at deltage i behandlingen.`
pub(crate) fn voters(text: &str, line: u32) -> Vec<Mention> {
    static VOTED: crate::cue::Cue = crate::cue::Cue::new(
        &[
            "tiltræde",
            "tiltrådte",
            "stemte",
            "anbefale",
            "godkende",
            "godkendte",
            "anbefalede",
        ],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:kunne\s+(?:ikke\s+)?(?:tiltræde|anbefale|godkende)|tiltrådte|stemte\s+(?:for|imod|ja|nej)|anbefalede|godkendte)\b",
    );
    static KEPT: crate::cue::Cue = crate::cue::Cue::new(
        &["forhindret", "deltog ikke", "inhabil", "fraværende under"],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:var\s+forhindret\s+i\s+at\s+deltage|deltog\s+ikke\s+i\s+(?:behandlingen|sagens\s+behandling)|var\s+inhabil|erklærede\s+sig\s+inhabil|var\s+fraværende\s+under)\b",
    );
    // A roll-call vote: "For: A, B og C" / "Imod: D" / "Undlod: E".
    static ROLL_CALL: crate::cue::Cue = crate::cue::Cue::new(
        &[
            "for", "imod", "undlod", "blank", "mot", "avsto", "ja", "nej", "avstår", "avstod",
        ],
        r"(?i)^\s*(?:for|imod|undlod(?:\s+at\s+stemme)?|hverken\s+for\s+eller\s+imod|blanke?|mot|avsto|ja|nej|avstår|avstod|avstående)\s*(?:\(\d{1,3}\))?\s*:\s*(?P<names>.+)$",
    );
    let mut out = Vec::new();
    for sentence in crate::text::sentences(text) {
        for (cue, took_part) in [(&VOTED, true), (&KEPT, false), (&ROLL_CALL, true)] {
            let Some(caps) = cue.captures(sentence) else {
                continue;
            };
            let Some(names) = caps.name("names") else {
                continue;
            };
            let parts = participants::split_list(names.as_str());
            let people: Vec<String> = parts
                .iter()
                .filter_map(|p| {
                    let words: Vec<&str> = p.split_whitespace().collect();
                    let n = names::name_prefix(&words);
                    (n >= 2 && n == words.len()).then(|| names::join_name(&words))
                })
                .collect();
            // Every part a name, or the sentence is about something else ("Udvalget
            // kunne tiltræde …").
            if people.is_empty() || people.len() != parts.len() {
                continue;
            }
            out.extend(people.into_iter().map(|name| Mention {
                name,
                role: None,
                took_part,
                line,
            }));
        }
    }
    out
}

/// People an item names as taking part in it: a lead-in (`Lederne deltager i punktet:`)
/// and then a paragraph a person (`Anne Holm fra Plejecenter Syd.`), or a sentence
/// (`Anne Holm og Bo Lind deltog under punktet.`).
pub(crate) fn item_guests(paras: &[(&str, u32)]) -> Vec<Mention> {
    static LEAD: crate::cue::Cue = crate::cue::Cue::new(
        &["deltager", "deltog", "deltar", "deltok"],
        r"(?i)\b(?:deltager|deltog|deltar|deltok)\s+(?:i|under|ved)\s+(?:behandlingen\s+af\s+)?(?:punktet|sagen|dette\s+punkt|behandlingen)\b",
    );
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(text, line)) = paras.get(i) {
        i += 1;
        let Some(m) = LEAD.find(text) else {
            continue;
        };
        let after = text.get(m.end()..).unwrap_or("").trim();
        if after.starts_with(':') || after.is_empty() && text.trim_end().ends_with(':') {
            // The people follow, a paragraph each.
            while let Some(&(next, next_line)) = paras.get(i) {
                let Some(person) = guest_line(next) else {
                    break;
                };
                out.push(Mention {
                    line: next_line,
                    ..person
                });
                i += 1;
            }
            continue;
        }
        // "Anne Holm og Bo Lind deltog under punktet."
        let subject = text.get(..m.start()).unwrap_or("").trim();
        let parts = participants::split_list(subject);
        // "Skolechef Ib Lund deltager under punktet": the office apart.
        let people: Vec<(String, Option<String>)> = parts
            .iter()
            .filter(|p| names::is_name(p))
            .map(|p| {
                let (name, role) = match participants::office_before_name(p) {
                    Some((office, name)) => (name, Some(office.to_string())),
                    None => (p.as_str(), None),
                };
                (
                    names::join_name(&name.split_whitespace().collect::<Vec<_>>()),
                    role,
                )
            })
            .collect();
        if !people.is_empty() && people.len() == parts.len() {
            out.extend(people.into_iter().map(|(name, role)| Mention {
                name,
                role,
                took_part: true,
                line,
            }));
        }
    }
    out
}

/// "Anne Holm fra Plejecenter Syd (drevet af X).", "Bo Lind, leder af Y": the person
/// a line names first, and what it says of them.
fn guest_line(text: &str) -> Option<Mention> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = names::name_prefix(&words);
    if n < 2 {
        return None;
    }
    let name = names::join_name(words.get(..n)?);
    let rest = words.get(n..)?.join(" ");
    // "… og ny leder fra Y": the rest after the last "fra", or after a comma.
    let role = match rest.find("fra ") {
        Some(at) => rest.get(at + 4..),
        None => rest.strip_prefix(','),
    }
    .map(|r| r.trim().trim_end_matches('.').trim().to_string())
    .filter(|r| !r.is_empty());
    Some(Mention {
        name,
        role,
        took_part: true,
        line: 0,
    })
}

/// What a note says of someone's presence: from an item on, up to one, not at some.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Came at item n.
    From(u32),
    /// Left after item n.
    Until(u32),
    /// Not at these items.
    NotAt(Vec<u32>),
    /// Not at the item the note stands in.
    NotAtThis,
}

/// Notes on who came late, left early or stepped out: `Hanne Berg deltog fra punkt
/// 3.`, `Peter Dahl forlod mødet efter punkt 5.`, `Asger Toft deltog ikke i
/// behandlingen af punkt 4.`, and in an item `Asger Toft forlod lokalet under
/// punktet.` The names as written, each with what is said of them.
pub(crate) fn presence_notes(text: &str) -> Vec<(String, Presence)> {
    static FROM: crate::cue::Cue = crate::cue::Cue::new(
        &["fra", "från", "fra kl", "etter", "under", "ankom", "anslöt"],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:deltog|deltager|deltok|ankom|kom|mødte|møtte|anslöt)\s+(?:først\s+)?(?:fra|från|fra\s+og\s+med|under|til|efter|etter)\s+(?:behandlingen\s+af\s+)?(?:punkt|pkt\.?|sak|ärende|§)\s*(?P<n>\d{1,3})\b",
    );
    static UNTIL: crate::cue::Cue = crate::cue::Cue::new(
        &["forlod", "forlot", "lämnade", "gik", "gikk"],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:forlod|forlot|lämnade|gik|gikk)\s+(?:mødet|møtet|mötet)?\s*(?P<when>efter|etter|under|før|inden|före|ved)\s+(?:behandlingen\s+af\s+)?(?:punkt|pkt\.?|sak|ärende|§)\s*(?P<n>\d{1,3})\b",
    );
    static NOT_AT: crate::cue::Cue = crate::cue::Cue::new(
        &["ikke", "inhabil", "forlod", "forlot", "lämnade", "fratråd"],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:deltog\s+ikke|deltok\s+ikke|var\s+inhabil|erklærede\s+sig\s+inhabil|(?:ble|blev)\s+erklært\s+inhabil\s+og\s+fratrådte|fratrådte|fratrådde|forlod\s+lokalet|forlot\s+rommet|lämnade\s+rummet)\s+(?:i|under|ved|vid)\s+(?:behandlingen\s+af\s+|behandlingen\s+av\s+)?(?:punkt(?:erne)?|pkt\.?|sak(?:ene)?|ärende|§)\s*(?P<list>\d{1,3}(?:\s*(?:,|og|och)\s*\d{1,3})*)\b",
    );
    static NOT_AT_THIS: crate::cue::Cue = crate::cue::Cue::new(
        &["punktet", "sagen", "saken", "ärendet", "inhabil"],
        r"(?i)^(?P<names>[^.:;]+?)\s+(?:deltog\s+ikke\s+i\s+(?:behandlingen\s+af\s+)?(?:punktet|sagen)|deltog\s+ikke\s+i\s+sagens\s+behandling|deltok\s+ikke\s+i\s+(?:behandlingen\s+av\s+)?saken|deltok\s+ikke\s+i\s+sakens\s+behandling|(?:forlod|forlot|lämnade)\s+(?:lokalet|mødet|møtet|rommet|rummet|salen)\s+under\s+(?:behandlingen\s+af\s+)?(?:punktet|sagen|saken|ärendet)|(?:var|erklærede\s+sig)\s+inhabil)\b",
    );
    // Every note names an item or the one at hand, or someone not fit to take part:
    // one scan for those words spares the four patterns most paragraphs.
    static ABOUT_ITEMS: crate::cue::Cue = crate::cue::Cue::new(
        &["punkt", "pkt", "sak", "ärende", "§", "inhabil", "sagen"],
        "",
    );
    if !ABOUT_ITEMS.possible(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for sentence in crate::text::sentences(text) {
        // "Merknader: Sigrid Haugen møtte fra og med sak 44/25.": the note after its label.
        let sentence = crate::document::label_len(sentence)
            .and_then(|len| sentence.get(len + 1..))
            .map_or(sentence, str::trim);
        let mut found: Option<(&str, Presence)> = None;
        if let Some(c) = FROM.captures(sentence) {
            if let (Some(n), Some(names)) = (
                c.name("n").and_then(|n| n.as_str().parse().ok()),
                c.name("names"),
            ) {
                found = Some((names.as_str(), Presence::From(n)));
            }
        }
        if found.is_none() {
            if let Some(c) = UNTIL.captures(sentence) {
                let n: Option<u32> = c.name("n").and_then(|n| n.as_str().parse().ok());
                let before = c.name("when").is_some_and(|w| {
                    matches!(w.as_str().to_lowercase().as_str(), "før" | "inden" | "före")
                });
                if let (Some(n), Some(names)) = (n, c.name("names")) {
                    let n = if before { n.saturating_sub(1) } else { n };
                    found = Some((names.as_str(), Presence::Until(n)));
                }
            }
        }
        if found.is_none() {
            if let Some(c) = NOT_AT.captures(sentence) {
                if let (Some(list), Some(names)) = (c.name("list"), c.name("names")) {
                    let numbers: Vec<u32> = list
                        .as_str()
                        .split(|ch: char| !ch.is_ascii_digit())
                        .filter_map(|n| n.parse().ok())
                        .collect();
                    found = Some((names.as_str(), Presence::NotAt(numbers)));
                }
            }
        }
        if found.is_none() {
            if let Some(c) = NOT_AT_THIS.captures(sentence) {
                if let Some(names) = c.name("names") {
                    found = Some((names.as_str(), Presence::NotAtThis));
                }
            }
        }
        let Some((names, presence)) = found else {
            continue;
        };
        for part in participants::split_list(names) {
            // "Søren Kløve (V)": the party letter is not the name.
            let part = match part.find('(') {
                Some(at) => part.get(..at).unwrap_or(&part).trim().to_string(),
                None => part,
            };
            let words: Vec<&str> = part.split_whitespace().collect();
            // A name, or a first name the participant list completes.
            let person = !words.is_empty()
                && words.len() <= 5
                && words.iter().all(|w| names::is_name_word(w));
            if person {
                out.push((names::join_name(&words), presence.clone()));
            }
        }
    }
    out
}

/// Under an item that elects the chair (`Valg af dirigent`), the person the text names
/// as chosen: `Bestyrelsen foreslog Kirsten Dahl, som blev valgt.`, `… foreslog Hans
/// Mørk som dirigent. Han blev valgt med akklamation.`
pub(crate) fn chosen_chair(title: &str, text: &str) -> Option<String> {
    let t = title.to_lowercase();
    let elects = [
        "dirigent",
        "ordstyrer",
        "mødeleder",
        "møteleder",
        "mötesordförande",
        "ordförande",
    ]
    .iter()
    .any(|w| t.contains(w))
        && ["valg", "val ", "velge", "välj"]
            .iter()
            .any(|w| t.contains(w));
    if !elects {
        return None;
    }
    let mut last_named: Option<String> = None;
    for sentence in crate::text::sentences(text) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let named = (0..words.len()).find_map(|k| {
            let rest = words.get(k..)?;
            let n = names::name_prefix(rest);
            (n >= 2)
                .then(|| rest.get(..n).map(names::join_name))
                .flatten()
        });
        let lower = sentence.to_lowercase();
        let chosen = ["valgt", "valdes", "vald ", "akklamation", "enstemmig"]
            .iter()
            .any(|w| lower.contains(w));
        if let Some(n) = named {
            if chosen {
                return Some(n);
            }
            last_named = Some(n);
        } else if chosen {
            return last_named;
        }
    }
    None
}

/// Who was chosen to chair in the minutes' own words: `Anne Holm blev valgt som
/// dirigent`, `Anne Holm vælges som dirigent`, `Til dirigent valgtes Anne Holm`.
pub(crate) fn elected_chair(text: &str) -> Option<String> {
    static ELECTED: crate::cue::Cue = crate::cue::Cue::new(
        &[
            "dirigent",
            "ordstyrer",
            "mødeleder",
            "møteleder",
            "ordförande",
            "ordfører",
        ],
        r"(?i)^(?P<name>[^.:;]+?)\s+(?:blev\s+(?:valgt|udpeget)|vælges|valgtes|ble\s+valgt|velges|valdes)\s+(?:som|til)\s+(?:mødets\s+|mötets\s+)?(?:dirigent|ordstyrer|mødeleder|møteleder|ordförande|mötesordförande|ordfører)\b",
    );
    static CHOSEN: crate::cue::Cue = crate::cue::Cue::new(
        &[
            "dirigent",
            "ordstyrer",
            "mødeleder",
            "møteleder",
            "ordförande",
        ],
        r"(?i)^(?:til|till|som)\s+(?:mødets\s+|mötets\s+)?(?:dirigent|ordstyrer|mødeleder|møteleder|ordförande|mötesordförande)\s+(?:blev\s+valgt|valgtes|valdes|ble\s+valgt|valgt)\s+(?P<name>[^.:;,]{3,80})",
    );
    static LED: crate::cue::Cue = crate::cue::Cue::new(
        &["ledte", "ledede", "ledet", "styrede"],
        r"(?i)^(?:(?:\p{L}+s\s+)?(?:formand(?:en)?|næstformand(?:en)?|ordförande|styreleder(?:en)?|leder(?:en)?)\s*,?\s+)?(?P<name>\p{Lu}[^.,;:]{2,60}?),?\s+(?:[^.]{0,40}?\s)?(?:ledte|ledede|ledet|styrede)\s+(?:mødet|generalforsamlingen|møtet|mötet)\b",
    );
    // "Mødet blev ledet af regionsrådsformand Bente Hald (A).": the office before the
    // name is in lower case.
    static LED_BY: crate::cue::Cue = crate::cue::Cue::new(
        &["ledet af", "ledet av", "leddes av"],
        r"(?i)^(?:mødet|møtet|mötet|generalforsamlingen|årsmøtet|årsmötet)\s+(?:blev\s+|ble\s+)?(?:ledet\s+af|ledet\s+av|leddes\s+av)\s+(?-i:\p{Ll}[\p{L}-]*\s+)?(?P<name>(?-i:\p{Lu})[^.,;:()]{2,60})",
    );
    for sentence in crate::text::sentences(text) {
        for cue in [&ELECTED, &CHOSEN, &LED, &LED_BY] {
            let Some(name) = cue.captures(sentence).and_then(|c| c.name("name")) else {
                continue;
            };
            // The whole name from where the match puts it (a lazy match may stop at the
            // first of its words).
            let from = sentence.get(name.start()..).unwrap_or("");
            let end = from.len().min(
                name.as_str()
                    .len()
                    .max(from.find([',', '.', ';', ':']).unwrap_or(from.len())),
            );
            let words: Vec<&str> = from.get(..end).unwrap_or("").split_whitespace().collect();
            let n = names::name_prefix(&words);
            if n >= 2 {
                return words.get(..n).map(names::join_name);
            }
            // "Bente bød velkommen og styrede mødet": a first name as the subject, where
            // the minutes name people so; not an office ("Formanden ledede mødet").
            if std::ptr::eq(cue, &LED) {
                if let Some(first) = words.first().map(|w| w.trim_end_matches(',')) {
                    let office = first.to_lowercase().ends_with("en")
                        || first.to_lowercase().ends_with("ande");
                    if names::is_name_word(first) && !office && words.len() == 1 {
                        return Some(first.to_string());
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label_kind("Tilstede:"), Some(LabelKind::Present));
        assert_eq!(label_kind("Mangler"), Some(LabelKind::Absent));
        assert_eq!(label_kind("Närvarande:"), Some(LabelKind::Present));
        assert_eq!(label_kind("Forfall:"), Some(LabelKind::Absent));
        assert_eq!(label_kind("Referent"), Some(LabelKind::Secretary));
        assert_eq!(label_kind("Evt. Observers/ Gæster:"), None);
        assert_eq!(label_kind("Folkeoplysningsudvalget"), None);
        assert_eq!(
            label_kind("Faste medlemmer som ikke møtte:"),
            Some(LabelKind::Absent)
        );
        assert_eq!(
            label_kind("Varamedlemmer som møtte:"),
            Some(LabelKind::Present)
        );
        assert_eq!(
            label_with_colon_kind("Afdelingsbestyrelsen"),
            Some(LabelKind::Present)
        );
        assert_eq!(label_with_colon_kind("Sted"), None);
        assert_eq!(label_kind("Beslutning"), None);
        assert_eq!(
            label_kind("Følgende medlemmer hadde forfall:"),
            Some(LabelKind::Absent)
        );
        assert_eq!(
            label_kind("Følgende faste medlemmer møtte:"),
            Some(LabelKind::Present)
        );
        assert_eq!(
            label_kind("Fra administrasjonen møtte:"),
            Some(LabelKind::Guests)
        );
    }

    #[test]
    fn voters_in_decisions() {
        let v = voters(
            "Anne Holm, Bo Lind og Carl Friis kunne tiltræde indstillingen. Dorthe Vang var forhindret i at deltage i behandlingen.",
            4,
        );
        let got: Vec<(&str, bool)> = v.iter().map(|m| (m.name.as_str(), m.took_part)).collect();
        assert_eq!(
            got,
            [
                ("Anne Holm", true),
                ("Bo Lind", true),
                ("Carl Friis", true),
                ("Dorthe Vang", false)
            ]
        );
        assert!(voters("Udvalget kunne tiltræde indstillingen.", 1).is_empty());
        let roll_call = voters("For: Anne Holm, Bo Lind\nImod: Carl Friis\nFor: 6", 7);
        let got: Vec<&str> = roll_call.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(got, ["Anne Holm", "Bo Lind", "Carl Friis"]);
    }

    #[test]
    fn guests_of_an_item() {
        let paras = [
            ("Lederne fra de tre centre deltager i punktet:", 1),
            ("Anne Holm fra Plejecenter Syd, demensafsnit.", 2),
            ("Bo Lind og ny leder fra Fribo (drevet af X).", 3),
            ("Sagen har ingen økonomiske konsekvenser.", 4),
        ];
        let g = item_guests(&paras);
        let got: Vec<(&str, Option<&str>)> = g
            .iter()
            .map(|m| (m.name.as_str(), m.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Anne Holm", Some("Plejecenter Syd, demensafsnit")),
                ("Bo Lind", Some("Fribo (drevet af X)"))
            ]
        );
    }

    #[test]
    fn presence() {
        let notes = presence_notes(
            "Hanne Berg deltog fra punkt 3. Peter Dahl forlod mødet efter punkt 5. Asger Toft deltog ikke i behandlingen af punkt 4. Udvalget drøftede sagen.",
        );
        assert_eq!(
            notes,
            [
                ("Hanne Berg".to_string(), Presence::From(3)),
                ("Peter Dahl".to_string(), Presence::Until(5)),
                ("Asger Toft".to_string(), Presence::NotAt(vec![4]))
            ]
        );
        assert_eq!(
            presence_notes("Asger Toft forlod lokalet under punktet, da han er inhabil."),
            [("Asger Toft".to_string(), Presence::NotAtThis)]
        );
        assert_eq!(
            presence_notes(
                "Bent Kragh (V) deltog ikke i sagens behandling på grund af inhabilitet."
            ),
            [("Bent Kragh".to_string(), Presence::NotAtThis)]
        );
    }

    #[test]
    fn chairs_elected() {
        assert_eq!(
            elected_chair("Ove Holm, F5 blev valgt som dirigent"),
            Some("Ove Holm".to_string())
        );
        assert_eq!(
            elected_chair("Elly Berg vælges som dirigent."),
            Some("Elly Berg".to_string())
        );
        assert_eq!(
            elected_chair("Til dirigent valgtes Jens Bak, som konstaterede"),
            Some("Jens Bak".to_string())
        );
        assert_eq!(elected_chair("Der blev valgt en dirigent."), None);
        assert_eq!(
            elected_chair("Jens Erik Rosendal bød velkommen og ledede mødet."),
            Some("Jens Erik Rosendal".to_string())
        );
        assert_eq!(elected_chair("Formanden ledede mødet."), None);
        assert_eq!(
            elected_chair("Mødet blev ledet af regionsrådsformand Bente Hald Mikkelsen (A)."),
            Some("Bente Hald Mikkelsen".to_string())
        );
        assert_eq!(
            elected_chair("Mødet blev ledet af Bente Hald Mikkelsen."),
            Some("Bente Hald Mikkelsen".to_string())
        );
        assert_eq!(
            elected_chair("Bestyrelsens formand, Anne-Mette Skov, bød velkommen og ledede mødet."),
            Some("Anne-Mette Skov".to_string())
        );
        assert_eq!(
            chosen_chair(
                "Valg af dirigent",
                "Bestyrelsen foreslog Hans Mørk som dirigent. Han blev valgt med akklamation."
            ),
            Some("Hans Mørk".to_string())
        );
    }
}

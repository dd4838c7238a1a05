//! The document header: kind, forum, date, weekday, times, place, chair.
//!
//! Headers come labelled (`Mødedato: 3. februar 2021`, `**Mødested** Rådhuset`) or
//! as bare lines under the title (`REFERAT` / `Teknik- og Miljøudvalget` /
//! `Onsdag den 3. februar 2021 kl. 16.00 – 18.00` / `Mødelokale 2 på Rådhuset`).

use std::sync::LazyLock;

use referat_model::{ClockTime, Kind, WrittenWeekday};
use regex::Regex;

use crate::dates::{self, DateMention};
use crate::front_matter::FrontMatter;
use crate::text::Line;

#[derive(Debug, Default)]
pub(crate) struct Header {
    pub kind: Option<Kind>,
    pub body: Option<String>,
    pub date: Option<DateMention>,
    /// The line the date was read from.
    pub date_line: Option<u32>,
    pub weekday: Option<WrittenWeekday>,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub location: Option<String>,
    pub chair: Option<String>,
    /// The line a kind word was read from (`Referat`, `Dagsorden og referat`).
    pub kind_line: Option<u32>,
    /// A heading names a meeting (`Bestyrelsesmøde 10-10-2023`, `Generalforsamling`).
    pub titled_meeting: bool,
    /// A meeting's fields are labelled (`Mødedato:`, `Sted:`, `Tid:`).
    pub labelled_fields: bool,
    /// A place written with the time (`Tid: 14.15 (rom 112)`), used when no line
    /// names one.
    time_place: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Date,
    /// A time or time span, perhaps with the date ("Mødetidspunkt: 15:00 - 17:30").
    Time,
    Start,
    End,
    Location,
    Body,
    Chair,
}

/// Labels, longest first so that "mødet afsluttet" wins over "mødet".
const LABELS: &[(&str, Field)] = &[
    ("tid og sted", Field::Time),
    ("plats och tid", Field::Time),
    ("sammanträdesdatum", Field::Date),
    ("mødet er påbegyndt", Field::Start),
    ("mødet påbegyndt", Field::Start),
    ("mødet startede", Field::Start),
    ("mødet er afsluttet", Field::End),
    ("mødet afsluttet", Field::End),
    ("mødet sluttede", Field::End),
    ("mødet hævet", Field::End),
    ("mødetidspunkt", Field::Time),
    ("møtetidspunkt", Field::Time),
    ("tidspunkt for mødet", Field::Time),
    ("møtedato", Field::Date),
    ("møtested", Field::Location),
    ("mødenavn", Field::Body),
    ("utvalg", Field::Body),
    ("styre", Field::Body),
    ("organ", Field::Body),
    ("møtenavn", Field::Body),
    ("mötesdatum", Field::Date),
    ("klokkeslæt", Field::Time),
    ("starttidspunkt", Field::Start),
    ("sluttidspunkt", Field::End),
    ("mødedato", Field::Date),
    ("mødested", Field::Location),
    ("mødelokale", Field::Location),
    ("mødeforum", Field::Body),
    ("mødetid", Field::Time),
    ("tidspunkt", Field::Time),
    ("ordstyrer", Field::Chair),
    ("mødeleder", Field::Chair),
    ("dirigent", Field::Chair),
    ("lokation", Field::Location),
    ("placering", Field::Location),
    ("adresse", Field::Location),
    ("afholdt", Field::Date),
    ("udvalg", Field::Body),
    ("lokale", Field::Location),
    ("forum", Field::Body),
    ("starttid", Field::Start),
    ("sluttid", Field::End),
    ("start", Field::Start),
    ("slut", Field::End),
    ("dato", Field::Date),
    ("datum", Field::Date),
    ("date", Field::Date),
    ("when", Field::Date),
    ("location", Field::Location),
    ("venue", Field::Location),
    ("where", Field::Location),
    ("place", Field::Location),
    ("time", Field::Time),
    ("sted", Field::Location),
    ("plats", Field::Location),
    ("lokal", Field::Location),
    ("tid", Field::Time),
];

/// The header lines of an e-mail (`Fra:`, `Til:`, `Emne:`, `Subject:`, and `Date:` when
/// it carries a mail's time stamp).
pub(crate) fn is_mail_header(text: &str) -> bool {
    let Some(len) = crate::document::label_len(text) else {
        return false;
    };
    let label = text.get(..len).map(str::to_lowercase);
    match label.as_deref() {
        Some(
            "fra" | "til" | "emne" | "sendt" | "cc" | "from" | "to" | "subject" | "sent" | "från"
            | "ämne" | "message-id" | "reply-to" | "in-reply-to",
        ) => true,
        // "Date: Mon, 14 Apr 2025 21:12:40 +0200": when the mail went. Minutes in
        // English label their own date "Date:" too, but never to the second.
        Some("date" | "dato") => {
            static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                crate::cue::compile(r"\d{1,2}:\d{2}:\d{2}\s*(?:[+-]\d{4}|GMT|UTC)")
            });
            STAMP.is_match(text)
        }
        _ => false,
    }
}

/// Whether a line is one of the header's labelled fields (`Dato: …`, `Sted: …`).
pub(crate) fn is_field_label(text: &str) -> bool {
    labelled(text).is_some()
}

/// Whether a text is one of the header's labels alone (`Plats och tid`), as a label
/// column in the margin sets it apart from its value.
pub(crate) fn is_field_name(text: &str) -> bool {
    let lower = text.trim().trim_end_matches(':').to_lowercase();
    LABELS.iter().any(|(label, _)| *label == lower)
}

/// Whether a line gives one of the header's fields (`Dato: …`, `Sted: …`).
pub(crate) fn names_field(text: &str) -> bool {
    labelled(text).is_some()
}

/// Labels that may stand without a colon ("**Mødedato** Torsdag …" loses its bold).
fn labelled(text: &str) -> Option<(Field, &str)> {
    let lower = text.to_lowercase();
    for &(label, field) in LABELS {
        if !lower.starts_with(label) {
            continue;
        }
        let rest = text.get(label.len()..)?;
        // "Mødelokale 2, …" is a value, not a label, unless a colon says otherwise.
        let with_colon = rest.trim_start().strip_prefix(':');
        let value = match with_colon {
            Some(v) => v.trim(),
            None if label.len() >= 7 && rest.starts_with(' ') && field != Field::Location => {
                rest.trim()
            }
            None if matches!(label, "mødested") && rest.starts_with(' ') => rest.trim(),
            None => continue,
        };
        if value.is_empty() {
            return None;
        }
        return Some((field, value));
    }
    None
}

/// The words that say what a document is, alone or at the end of a compound
/// (`Bestyrelsesreferat`, `Møteprotokoll`), in Danish, Norwegian and Swedish.
static KIND_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)\b\p{L}*?(?P<kind>referat|referater|dagsorden|protokol|protokoll|protokollen|innkalling|kallelse|dagordning|indkaldelse)\b",
    )
});

fn kind_of(word: &str) -> Kind {
    match word.to_lowercase().as_str() {
        "dagsorden" | "innkalling" | "kallelse" | "dagordning" | "indkaldelse" => Kind::Dagsorden,
        _ => Kind::Referat,
    }
}

/// Whether a heading is the document's title rather than an item: it says what the
/// document is, or names the meeting with its date.
pub(crate) fn is_title(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if approves_document(text) {
        return false;
    }
    // The kind word opens or closes a title ("Referat af …", "Generalforsamling –
    // referat"); in the middle it is what an item is about ("Godkendelse af referat fra
    // sidste møde").
    let kind_at_edge = words.len() <= 3
        || words.first().is_some_and(|w| KIND_WORD.is_match(w))
        || words.last().is_some_and(|w| KIND_WORD.is_match(w));
    (words.len() <= 12 && kind_at_edge && KIND_WORD.is_match(text))
        || (words.len() <= 8 && dates::first_full_date(text).is_some())
}

/// "Godkendelse af referat", "Godkjenning av innkalling": the standard point that
/// approves a document, which names the document without being its title.
fn approves_document(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "godkendelse" | "godkjenning" | "godkännande" | "underskrivning" | "underskrift"
    )
}

/// Words a word naming a meeting ends in (`bestyrelsesmøde`, `generalforsamling`,
/// `årsmöte`).
const MEETING_WORDS: [&str; 9] = [
    "møde",
    "mødet",
    "møte",
    "møtet",
    "möte",
    "mötet",
    "forsamling",
    "stämma",
    "meeting",
];

/// The keys of front matter that give the meeting's date.
const FRONT_MATTER_DATE: &[&str] = &["date", "dato", "mødedato"];

/// Meeting types: what a title names when it names no forum (`Bestyrelsesmøde`,
/// `Ordinær generalforsamling`, `Årsmøte`).
fn is_meeting_type(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '.']).to_lowercase();
    let mut words: Vec<&str> = t.split_whitespace().collect();
    // "årsmøte 2025", "generalforsamling 2024/25": the meeting of a year.
    while words
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '/') && w.len() >= 4)
    {
        words.pop();
    }
    let Some(last) = words.last() else {
        return true;
    };
    let typed = MEETING_WORDS
        .iter()
        .chain(&["forsamlingen", "stemne"])
        .any(|end| last.ends_with(end));
    // "fra ordinært møde", "Protokoll fört vid styrelsemöte", "Referat af
    // bestyrelsesmøde": the kind of document and the meeting, no forum.
    typed
        && words.len() <= 5
        && words.iter().take(words.len() - 1).all(|w| {
            DESCRIBES_MEETING.contains(w)
                || matches!(
                    *w,
                    "referat"
                        | "protokol"
                        | "protokoll"
                        | "dagsorden"
                        | "ordinær"
                        | "ordinært"
                        | "ekstraordinær"
                        | "ekstraordinært"
                        | "ordinarie"
                        | "extra"
                        | "konstituerende"
                        | "årlig"
                        | "årligt"
                        | "første"
                        | "annual"
                )
        })
}

/// The words that open a line describing the meeting rather than naming its forum
/// (`fra ordinært møde`, `fört vid styrelsemöte`).
const DESCRIBES_MEETING: [&str; 7] = ["fra", "af", "från", "fört", "ført", "vid", "ved"];

/// The text after a phrase naming a meeting and a preposition (`… bestyrelsesmøde i
/// X`, `fört vid styrelsemöte i X`, `… generalforsamling for X`), if there is one.
fn after_meeting_phrase(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    let words: Vec<(usize, &str)> = lower
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    for (k, (_, w)) in words.iter().enumerate().take(8) {
        // "årsmøde" and the like end in one of the words.
        let meeting = MEETING_WORDS
            .iter()
            .chain(&["forsamlingen"])
            .any(|end| w.ends_with(end));
        if !meeting {
            continue;
        }
        let (at, prep) = words.get(k + 1)?;
        if matches!(
            *prep,
            "i" | "for" | "för" | "hos" | "ved" | "vid" | "på" | "in" | "of" | "af"
        ) {
            let start = at + prep.len() + 1;
            return text
                .get(start..)
                .filter(|r| r.chars().any(char::is_alphabetic));
        }
        return None;
    }
    None
}

/// Whether a title names a meeting: a word for one (`…møde`, `generalforsamling`,
/// `årsmøte`, `sammanträde`), with or without a date.
fn names_meeting(text: &str) -> bool {
    strip_date_tail(text).split_whitespace().any(|w| {
        let w = w.to_lowercase();
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        MEETING_WORDS
            .iter()
            .chain(&["sammanträde"])
            .any(|end| w.ends_with(end))
    })
}

/// A forum's name as the record writes it: a compound naming the meeting rather than
/// the forum loses its meeting word (`Koordinationsgruppemøde` → `Koordinationsgruppe`),
/// and a genitive before a meeting word is the forum (`Styrets møte` → `Styret`).
fn forum_name(text: &str) -> Option<String> {
    let t = strip_date_tail(text)
        .trim()
        .trim_end_matches([':', ',', '—', '–', '-'])
        .trim();
    // "og saksliste" (the rest of "Godkjenning av innkalling og saksliste"), "Den" (of
    // "Den 28. april 2025 afholdtes …"): a piece of a sentence, not a name.
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let fragment = matches!(first.as_str(), "og" | "och" | "samt" | "and")
        || (t.split_whitespace().count() == 1
            && matches!(
                first.as_str(),
                "den" | "det" | "der" | "dette" | "denne" | "i" | "på"
            ));
    if fragment {
        return None;
    }
    // "Bestyrelsesmøde – Fjordlys Efterskole", "A/B Holm – ekstraordinær
    // generalforsamling": the part that is not the meeting.
    let parts: Vec<&str> = t
        .split(" – ")
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" | "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        let named: Vec<&&str> = parts
            .iter()
            .filter(|p| !is_meeting_type(p) && strip_date_tail(p).chars().any(char::is_alphabetic))
            .collect();
        if let [one] = named.as_slice() {
            if named.len() < parts.len() {
                return forum_name(one);
            }
        }
    }
    // "bestyrelsesmøde i Roklubben", "fört vid styrelsemöte i X": the forum after the
    // meeting it names.
    if let Some(rest) = after_meeting_phrase(t) {
        return forum_name(rest);
    }
    if t.chars().filter(|c| c.is_alphabetic()).count() < 3 || is_meeting_type(t) {
        return None;
    }
    // "fra ordinært [møde]": what is left of a line that describes the meeting.
    if t.split_whitespace()
        .next()
        .is_some_and(|w| DESCRIBES_MEETING.contains(&w))
    {
        return None;
    }
    // "møde nr. 5, skoleåret 2024/25": the meeting, numbered, not the forum.
    if t.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "møde" | "mødet" | "møte" | "möte" | "meeting" | "generalforsamling" | "årsmøde"
        )
    }) {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let last = words.last()?;
    let lower = last.to_lowercase();
    for end in ["møde", "møte", "möte"] {
        // "Hovedstyrets …-møte": the genitive that opens the title names the forum.
        if lower.ends_with(end) && lower.contains('-') {
            if let Some(first) = words.first().filter(|w| w.len() > 3 && w.ends_with('s')) {
                return first.get(..first.len() - 1).map(str::to_string);
            }
        }
        if let Some(stem) = lower.strip_suffix(end) {
            if stem.chars().count() >= 4 {
                let keep = last.len() - end.len();
                let mut head: Vec<String> = words
                    .get(..words.len() - 1)
                    .unwrap_or(&[])
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
                let word = last.get(..keep)?;
                // "Bestyrelsesmøde" → "Bestyrelse": the joining s goes too.
                let word = if word.ends_with("ss") || !word.ends_with('s') {
                    word
                } else {
                    word.get(..word.len() - 1)?
                };
                head.push(word.trim_end_matches('-').to_string());
                return Some(head.join(" "));
            }
        }
    }
    Some(t.to_string())
}

static HELD_BY: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"^(?P<forum>\p{Lu}[^.:;]+?)\s+(?:afholdt|holdt|afholder|avholdt|höll|hölls)\s+(?:sin\s+|sit\s+|sitt\s+)?(?:(?:ordinære?|ordinært|ekstraordinære?|årlige?|ordinarie|konstituerende)\s+)?(?:generalforsamling|bestyrelsesmøde|repræsentantskabsmøde|møde|årsmøte|styremøte|årsmöte|föreningsstämma|stämma)\b",
    )
});

/// The date the front matter gives (a post's date, or the meeting's).
fn front_date(front: &FrontMatter) -> Option<jiff::civil::Date> {
    front
        .text(FRONT_MATTER_DATE)
        .and_then(|(value, _)| dates::first_full_date(value))
        .and_then(|d| d.date())
}

/// Whether a line ends a sentence: a full stop after a word, not after an abbreviation
/// (`Bøgelund Fjernvarme a.m.b.a.`, `Nordlys Varmepumper A/S.`).
fn ends_sentence(text: &str) -> bool {
    let Some(body) = text.trim_end().strip_suffix('.') else {
        return false;
    };
    let last = body.rsplit(char::is_whitespace).next().unwrap_or("");
    !last.contains(['.', '/']) && last.chars().count() > 3
}

/// Whether a line is two sentences of prose ("… møde. Bilag er vedhæftet.").
fn is_prose(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '.' && prev.is_lowercase() && chars.peek() == Some(&' ') {
            let mut rest = chars.clone();
            rest.next();
            if rest.next().is_some_and(char::is_uppercase) {
                return true;
            }
        }
        prev = c;
    }
    false
}

/// Reads the header from the lines before the first item (indices into `lines`), and
/// the front matter's data where the text says nothing.
pub(crate) fn read(lines: &[Line], header: &[usize], front: &FrontMatter) -> Header {
    let mut h = Header::default();
    let owned = mend_lines(lines, header);
    let texts: Vec<(usize, &Line)> = owned.iter().map(|(i, l)| (*i, l)).collect();

    // Kind, and a title line that may carry the forum and date.
    let mut kind_pos = None;
    for (pos, (_, line)) in texts.iter().enumerate().take(25) {
        // "Emne: Dagsorden til møde i …": an e-mail's header names the document, it
        // does not title it.
        if !line.is_heading() && is_mail_header(&line.text) {
            continue;
        }
        // "Hermed dagsorden til næste møde. Bilag er vedhæftet.": prose of a letter
        // around the document, not its title.
        if !line.is_heading() && is_prose(&line.text) {
            continue;
        }
        // "- 09.04.2025 – Referat": a link to another meeting's minutes in a list.
        if line.is_list_item() {
            continue;
        }
        if approves_document(&line.text) {
            continue;
        }
        // "Dagsorden ifølge vedtægternes § 6:": the lead-in of the agenda's list.
        if !line.is_heading() && line.text.trim_end().ends_with(':') {
            continue;
        }
        let mut found = KIND_WORD.captures_iter(&line.text);
        let Some(c) = found.next() else {
            continue;
        };
        let Some(m) = c.name("kind") else { continue };
        let kind = kind_of(m.as_str());
        // "Godkendelse af referat fra sidste møde" is not a title; one may go on with
        // its date, hour and place ("… torsdag den 12. marts 2026 kl. 19.00 i …").
        let before_date = dates::first_full_date(&line.text)
            .and_then(|d| line.text.get(..d.start))
            .unwrap_or(&line.text);
        if before_date.split_whitespace().count() > 12 {
            continue;
        }
        // "# Protokoll årsmøte 2025" / "Protokoll fra årsmøtet i X": a title close
        // below the first may name the forum the first did not.
        if let Some(first) = kind_pos {
            if pos > first + 3 {
                break;
            }
            if let Some(rest) = title_rest(&line.text, m.end()) {
                h.body = Some(rest);
                break;
            }
            continue;
        }
        // "Dagsorden og referat": the template's title says both; the content decides.
        h.kind = found
            .all(|o| o.name("kind").is_none_or(|k| kind_of(k.as_str()) == kind))
            .then_some(kind);
        h.kind_line = Some(line.no);
        kind_pos = Some(pos);
        if let Some(rest) = title_rest(&line.text, m.end()) {
            h.body = Some(rest);
            break;
        }
    }

    h.titled_meeting = texts.iter().take(25).any(|(_, l)| {
        (l.is_heading() || l.text.split_whitespace().count() <= 6) && names_meeting(&l.text)
    });

    // Labelled fields.
    let mut date_pos = None;
    for (pos, (_, line)) in texts.iter().enumerate() {
        if !line.is_heading() && is_mail_header(&line.text) {
            continue;
        }
        let Some((field, value)) = labelled(&line.text) else {
            continue;
        };
        h.labelled_fields = true;
        match field {
            Field::Date if h.date.is_none() => {
                if let Some(d) = dates::first_full_date(value) {
                    h.date = Some(d);
                    h.date_line = Some(line.no);
                    h.weekday = d.weekday;
                    date_pos = Some(pos);
                    if let Some(t) = dates::time_after_kl(value) {
                        h.start = Some(t.start);
                        h.end = t.end;
                        // "10.03.2026, kl. 16.00 – 19.00, skolens mødelokale".
                        if let Some(place) = value.get(t.range.1..).and_then(place_in) {
                            h.time_place.get_or_insert(place);
                        }
                    } else if let Some(t) = time_right_after(value.get(d.end..).unwrap_or("")) {
                        // "Dato: 10. april 2025 18:00": the hour without `kl.`.
                        h.start = Some(t.start);
                        h.end = t.end;
                    } else if let Some(place) = value.get(d.end..).and_then(place_after) {
                        h.time_place.get_or_insert(place);
                    }
                } else if let Some(t) = dates::time_span(value).or_else(|| bare_time(value)) {
                    h.start.get_or_insert(t.start);
                    if h.end.is_none() {
                        h.end = t.end;
                    }
                }
            }
            Field::Time => {
                // "Plats och tid      Sammanträdesrum Ljungen" / "      tisdag 11 mars 2025
                // kl. 13.00–16.20": the value goes on in the value column below.
                let mut value = value.to_string();
                if dates::first_full_date(&value).is_none() && dates::time_span(&value).is_none() {
                    if let Some((_, next)) = texts.get(pos + 1) {
                        if next.indent >= 8 && labelled(&next.text).is_none() {
                            value = format!("{value} {}", next.text.trim());
                        }
                    }
                }
                let value = value.as_str();
                // The place written before the date: "Rådhuset, tisdag 11 mars …".
                if let Some(d) = dates::first_full_date(value).filter(|d| d.start > 0) {
                    let before = value.get(..d.start).unwrap_or("");
                    let before = before.trim().trim_end_matches(',').trim_end();
                    // The weekday before the date is the date's ("… Tjärnvika tisdag").
                    let before = match before.rsplit_once(' ') {
                        Some((head, last)) if is_weekday_word(last) => head,
                        _ => before,
                    };
                    let before = before.trim_end().trim_end_matches(',').trim_end();
                    let weekday_only = before.split_whitespace().count() <= 1;
                    if !weekday_only {
                        if let Some(place) = place_in(before) {
                            h.time_place.get_or_insert(place);
                        }
                    }
                }
                let mut rest = value.to_string();
                if h.date.is_none() {
                    if let Some(d) = dates::first_full_date(value) {
                        h.date = Some(d);
                        h.date_line = Some(line.no);
                        h.weekday = d.weekday;
                        date_pos = Some(pos);
                        rest.replace_range(d.start..d.end, " ");
                    }
                }
                if let Some(t) = dates::time_span(&rest).or_else(|| bare_time(&rest)) {
                    h.start = Some(t.start);
                    if t.end.is_some() {
                        h.end = t.end;
                    }
                    rest.replace_range(t.range.0..t.range.1, " ");
                    // "14.15 (rom 112)", "kl. 17, Rådhuset": the place with the time.
                    if let Some(place) = place_in(&rest) {
                        h.time_place.get_or_insert(place);
                    }
                }
            }
            Field::Start => {
                if let Some(t) = dates::time_after_kl(value).or_else(|| bare_time(value)) {
                    h.start = Some(t.start);
                }
            }
            Field::End => {
                if let Some(t) = dates::time_after_kl(value).or_else(|| bare_time(value)) {
                    h.end = Some(t.start);
                }
            }
            Field::Location if h.location.is_none() => {
                // "Sted: Forsamlingshuset. Kl. 19.00-21.30": the place, and the time
                // written after it.
                let mut place = value.to_string();
                if let Some(t) = dates::time_after_kl(value).filter(|t| t.range.0 > 0) {
                    let before = value.get(..t.range.0).unwrap_or(value);
                    let before = before
                        .trim_end()
                        .trim_end_matches([',', '.', ';', '-', '–'])
                        .trim_end();
                    let after = value.get(t.range.1..).unwrap_or("").trim();
                    if !before.is_empty() && after.is_empty() {
                        place = before.to_string();
                        h.start.get_or_insert(t.start);
                        if let Some(end) = t.end {
                            h.end.get_or_insert(end);
                        }
                    }
                }
                h.location = Some(place);
            }
            Field::Body if h.body.is_none() => {
                // "OS2 gruppemøde (Afholdes sidste tirsdag i måneden)": the name without
                // the note.
                let name = value.split(" (").next().unwrap_or(value);
                h.body = forum_name(name);
            }
            Field::Chair if h.chair.is_none() => h.chair = Some(value.to_string()),
            _ => {}
        }
    }

    // An unlabelled date: the first line with a full date, preferring one that names
    // the weekday.
    if h.date.is_none() {
        let mut found: Option<(usize, DateMention)> = None;
        for (pos, (_, line)) in texts.iter().enumerate().take(40) {
            // "Sent: 27. februar 2025 21:48": when the mail went, not the meeting.
            if !line.is_heading() && is_mail_header(&line.text) {
                continue;
            }
            if let Some(d) = dates::first_full_date(&line.text) {
                // "2. april 2025" over a post, then "Generalforsamling søndag den 23.
                // marts 2025 kl. 10.00": the date with the meeting's weekday and hour is
                // the meeting's; a bare date is when it was written.
                let timed = |text: &str, d: &DateMention| {
                    d.weekday.is_some() && dates::time_after_kl(text).is_some()
                };
                let better = match &found {
                    None => true,
                    Some((at, f)) => {
                        (f.weekday.is_none() && d.weekday.is_some() && f.date() == d.date())
                            || (f.weekday.is_none()
                                && timed(&line.text, &d)
                                && texts.get(*at).is_some_and(|(_, l)| {
                                    l.text.trim().len() <= 24 || is_byline(&l.text, f)
                                }))
                    }
                };
                if better {
                    found = Some((pos, d));
                }
            }
        }
        // "Tirsdag d. 29/10 kl. 19.00" under a post dated "3. nov. 2024": the meeting's
        // date has no year, and the year is the one near the full date in which the
        // day is that weekday.
        let yearless = texts
            .iter()
            .enumerate()
            .take(40)
            .find_map(|(pos, (_, line))| {
                dates::dates(&line.text)
                    .into_iter()
                    .find(|d| d.year.is_none() && d.weekday.is_some())
                    .map(|d| (pos, d))
            });
        // "År 2025, torsdag 24. april kl. 18:30": a year written on the date's own line.
        let year_on_line = |pos: usize| -> Option<i16> {
            let (_, line) = texts.get(pos)?;
            line.text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|w| w.len() == 4)
                .filter_map(|w| w.parse::<i16>().ok())
                .find(|y| (1900..=2100).contains(y))
        };
        let reference = found
            .as_ref()
            .and_then(|(_, f)| f.year)
            .or_else(|| front_date(front).map(|d| d.year()))
            .or_else(|| yearless.as_ref().and_then(|(pos, _)| year_on_line(*pos)));
        if let (Some((pos, d)), Some(year)) = (yearless, reference) {
            let stated_with_weekday = found.as_ref().is_some_and(|(_, f)| f.weekday.is_some());
            if !stated_with_weekday {
                let fits = [year, year - 1, year + 1].into_iter().find(|&y| {
                    jiff::civil::Date::new(y, d.month, d.day).is_ok_and(|date| {
                        d.weekday.map(|w| w.day()) == Some(referat_model::Weekday::of(date))
                    })
                });
                if let Some(y) = fits {
                    found = Some((pos, DateMention { year: Some(y), ..d }));
                }
            }
        }
        if let Some((pos, d)) = found {
            h.date = Some(d);
            h.weekday = d.weekday;
            date_pos = Some(pos);
            if let Some((_, line)) = texts.get(pos) {
                h.date_line = Some(line.no);
                let after_date = line.text.get(d.end..).unwrap_or("");
                if let Some(t) = dates::time_after_kl(&line.text) {
                    h.start.get_or_insert(t.start);
                    if h.end.is_none() {
                        h.end = t.end;
                    }
                    // "… kl. 19.30 i Forsamlingshuset", "…, kl. 12.05–12.50, lokale A12": the
                    // place after the time.
                    let after_time = line.text.get(t.range.1..).unwrap_or("");
                    let place = place_after(after_time).or_else(|| {
                        after_time
                            .trim_start()
                            .starts_with(',')
                            .then(|| place_in(after_time))
                            .flatten()
                    });
                    if let Some(place) = place {
                        h.time_place.get_or_insert(place);
                    }
                } else if let Some(place) = place_after(after_date) {
                    h.time_place.get_or_insert(place);
                }
            }
        }
    }
    // "Kl. 16.15–18.40, lokale B1.07": a time line of its own, with the place after it.
    if h.start.is_none() {
        for (_, line) in texts.iter().take(30) {
            let t = line.text.trim_start();
            if !(t.starts_with("Kl.") || t.starts_with("kl.") || t.starts_with("Kl ")) {
                continue;
            }
            if let Some(span) = dates::time_after_kl(t) {
                h.start = Some(span.start);
                h.end = h.end.or(span.end);
                if let Some(place) = t.get(span.range.1..).and_then(place_in) {
                    h.time_place.get_or_insert(place);
                }
                break;
            }
        }
    }
    if h.weekday.is_none() {
        // The date written again with its weekday elsewhere in the header.
        let date = h.date.and_then(|d| d.date());
        for (_, line) in &texts {
            for d in dates::dates(&line.text) {
                if d.weekday.is_some() && d.date() == date && date.is_some() {
                    h.weekday = d.weekday;
                }
            }
        }
    }

    // The forum on the line after a bare kind line.
    if h.body.is_none() {
        if let Some(kp) = kind_pos {
            // Not past the date line: what comes under it is the place.
            h.body = texts
                .iter()
                .skip(kp + 1)
                .take(3)
                .map(|(_, l)| l.text.as_str())
                .take_while(|t| dates::first_full_date(t).is_none_or(|_| forum_name(t).is_some()))
                // "REFERAT AF BESTYRELSESMØDE" / "i" / "SELSKABET ApS": past the
                // preposition; "i selskabslokalet …" is a place, not the forum.
                .filter(|t| !matches!(t.trim(), "i" | "for" | "hos" | "på" | "ved" | "vid" | "af"))
                .find(|t| {
                    labelled(t).is_none()
                        && crate::document::label_len(t).is_none()
                        && !KIND_WORD.is_match(t)
                        && t.chars().any(char::is_alphabetic)
                        && !["i ", "på ", "hos "].iter().any(|p| t.starts_with(p))
                        // "Der var mødt 31 andelshavere frem.": the minutes have begun.
                        && !ends_sentence(t)
                })
                .and_then(forum_name);
        }
    }
    // "Grundejerforeningen X" / "REFERAT AF ORDINÆR GENERALFORSAMLING": the forum on
    // the line above the title.
    if h.body.is_none() {
        if let Some(kp) = kind_pos {
            h.body = texts
                .iter()
                .take(kp)
                .rev()
                .take(2)
                // A site's menu ("- Referater") names no forum.
                .filter(|(_, l)| !l.is_list_item())
                .map(|(_, l)| l.text.as_str())
                .find(|t| {
                    labelled(t).is_none()
                        && crate::document::label_len(t).is_none()
                        && dates::first_full_date(t).is_none()
                        && t.split_whitespace().count() <= 8
                        && !ends_sentence(t)
                })
                .and_then(forum_name);
        }
    }
    // "Bjerregaard Idrætsforening afholdt ordinær generalforsamling tirsdag …": the
    // forum as the subject of the sentence that opens a post.
    if h.body.is_none() {
        h.body = texts
            .iter()
            .take(12)
            .find_map(|(_, l)| HELD_BY.captures(&l.text))
            .and_then(|c| c.name("forum").map(|m| m.as_str()))
            .and_then(forum_name);
    }
    // Data about the document, where the text names no forum: its front matter.
    if h.body.is_none() {
        h.body = front
            .text(&[
                "forum",
                "body",
                "udvalg",
                "committee",
                "organisation",
                "organization",
            ])
            .map(|(t, _)| t.to_string());
    }
    if h.body.is_none() {
        h.body = texts
            .iter()
            .filter(|(_, l)| {
                l.is_heading() && !KIND_WORD.is_match(&l.text) && !l.text.ends_with(':')
            })
            .find_map(|(_, l)| forum_name(&l.text));
    }
    if h.body.is_none() {
        h.body = front.text(&["title"]).and_then(|(t, _)| title_forum(t));
    }
    if h.body.is_none() {
        // Only a meeting type ("Generalforsamling"): better than nothing.
        h.body = texts
            .iter()
            .find(|(_, l)| l.is_heading() && !KIND_WORD.is_match(&l.text) && !l.text.ends_with(':'))
            .map(|(_, l)| strip_date_tail(&l.text).to_string())
            .filter(|t| !t.is_empty());
    }

    // An unlabelled place: the lines right under the date line.
    if h.location.is_none() {
        if let Some(dp) = date_pos {
            let mut parts = Vec::new();
            let mut prev_no = texts.get(dp).map_or(0, |(i, _)| *i);
            // Where every paragraph is a line of its own (HTML, Word), the place is the
            // next paragraph.
            let spaced = lines.get(prev_no + 1).is_some_and(Line::is_blank);
            for (k, (i, line)) in texts.iter().skip(dp + 1).take(3).enumerate() {
                // Stop at a gap: the place sits directly under the date.
                let gap_ok = spaced && k == 0 && *i == prev_no + 2;
                if (*i != prev_no + 1 && !gap_ok) || line.is_heading() {
                    break;
                }
                let t = line.text.as_str();
                if labelled(t).is_some()
                    || crate::document::label_len(t).is_some()
                    || KIND_WORD.is_match(t)
                    || dates::first_full_date(t).is_some()
                    || dates::time_after_kl(t).is_some()
                    || t.split_whitespace().count() > if spaced { 6 } else { 10 }
                    || t.ends_with(['.', ':'])
                {
                    break;
                }
                if Some(t) == h.body.as_deref() {
                    break;
                }
                parts.push(t.strip_prefix("i ").unwrap_or(t).to_string());
                prev_no = *i;
                if spaced {
                    break;
                }
            }
            if !parts.is_empty() {
                h.location = Some(parts.join(", "));
            }
        }
    }
    if h.location.is_none() {
        h.location = h.time_place.take();
    }
    if h.location.is_none() {
        h.location = front
            .text(&["location", "sted", "place", "venue", "mødested"])
            .map(|(t, _)| t.to_string());
    }
    // Date and times from the front matter where the text has none.
    if h.date.is_none() {
        if let Some((value, line)) = front.text(FRONT_MATTER_DATE) {
            if let Some(d) = dates::first_full_date(value) {
                h.date = Some(d);
                h.date_line = Some(line);
                if h.start.is_none() {
                    // "2024-09-09T15:30:00+02:00": local time with its offset.
                    h.start = value
                        .split_once('T')
                        .and_then(|(_, t)| bare_time(t))
                        .map(|t| t.start);
                }
            }
        }
    }
    if h.start.is_none() {
        h.start = front
            .text(&["start", "time", "tid"])
            .and_then(|(t, _)| bare_time(t))
            .map(|t| t.start);
    }
    if h.end.is_none() {
        h.end = front
            .text(&["end", "slut"])
            .and_then(|(t, _)| bare_time(t))
            .map(|t| t.start);
    }
    if h.kind.is_none() && h.kind_line.is_none() {
        if let Some((title, line)) = front.text(&["title", "kind"]) {
            if let Some(m) = KIND_WORD.captures(title).and_then(|c| c.name("kind")) {
                h.kind = Some(kind_of(m.as_str()));
                h.kind_line = Some(line);
            }
        }
    }
    h
}

/// When the minutes say the meeting ended: "Mødet hævet kl. 17.35", "… og hævede
/// generalforsamlingen kl. 21.10", "Mötet avslutades kl. 20.15".
pub(crate) fn closing_time(text: &str) -> Option<ClockTime> {
    static CLOSED: crate::cue::Cue = crate::cue::Cue::new(
        &["hæv", "slut", "avslut", "hevet"],
        r"(?i)\b(?:hævede|hævet|hæves|sluttede|slut|sluttet|afsluttede|afsluttedes|afsluttet|avslutades|avslutat|avslutas|avsluttet|avsluttes|hevet|hevede)\b[^.;]{0,60}?\bkl\.?\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?",
    );
    let caps = CLOSED.captures(text)?;
    let hour = caps.name("h")?.as_str().parse().ok()?;
    let minute = caps
        .name("m")
        .map_or(Some(0), |m| m.as_str().parse().ok())?;
    ClockTime::new(hour, minute)
}

/// The forum a page title names: `SAB Holm - Beboerforening` → `SAB Holm` (the part
/// that is a name, not the kind of organisation), `Styrets møte` → `Styret`.
fn title_forum(title: &str) -> Option<String> {
    let parts: Vec<&str> = title
        .split(" - ")
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" | "))
        .flat_map(|p| p.split(" · "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let named = |p: &&str| {
        let words: Vec<&str> = p.split_whitespace().collect();
        // One common noun ("Beboerforening", "Referater") names no one.
        words.len() >= 2
            || words
                .first()
                .is_some_and(|w| w.chars().skip(1).any(char::is_uppercase))
    };
    // "Referat af bestyrelsesmøde 4. marts 2025 – Roklubben X": the part that names a
    // forum, past the one that names only the meeting.
    parts
        .iter()
        .filter(|p| named(p) && !KIND_WORD.is_match(p))
        .find_map(|p| forum_name(p))
        .or_else(|| forum_name(parts.first()?))
}

/// A weekday's name in Danish, Norwegian or Swedish.
fn is_weekday_word(word: &str) -> bool {
    WrittenWeekday::parse(word).is_some()
}

/// The place written after a time: `(rom 112)`, `, Rådhuset`, `i Salen`.
fn place_in(rest: &str) -> Option<String> {
    let t = rest
        .trim()
        .trim_start_matches([',', '-', '–', '.', ' ', '·', '|', '•'])
        .trim();
    let t = t
        .strip_prefix('(')
        .and_then(|i| i.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    let t = t
        .strip_prefix("i ")
        .or_else(|| t.strip_prefix("på "))
        .unwrap_or(t)
        .trim();
    // "hos Kjeld Andersen, Bakkevej 3": at someone's home, as written. ", ble det
    // avholdt generalforsamling i": the sentence going on, no place.
    let words = t.split_whitespace().count();
    let clause = t.split_whitespace().any(|w| {
        matches!(
            w,
            "ble" | "blev" | "blir" | "bliver" | "var" | "afholdt" | "avholdt" | "hölls" | "holdt"
        )
    }) || t.ends_with(" i")
        || t.ends_with(" på");
    ((1..=8).contains(&words)
        && !clause
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !t.contains(':')
        && dates::first_full_date(t).is_none())
    .then(|| t.trim_end_matches(['.', ',']).trim_end().to_string())
}

/// "… kl. 19.30 i Forsamlingshuset": a place introduced by `i`/`på` after the time.
fn place_after(rest: &str) -> Option<String> {
    let t = rest.trim().trim_start_matches([',', '.']).trim();
    if t.starts_with("hos ") {
        return place_in(t);
    }
    let t = t.strip_prefix("i ").or_else(|| t.strip_prefix("på "))?;
    place_in(t)
}

/// The header's lines with text: a label alone on its line joined to the value below it,
/// a date wrapped at a dash joined again ("… d. 24-04-" / "2025").
fn mend_lines(lines: &[Line], header: &[usize]) -> Vec<(usize, Line)> {
    let mut out: Vec<(usize, Line)> = Vec::new();
    for &i in header {
        let Some(line) = lines.get(i).filter(|l| !l.is_blank()) else {
            continue;
        };
        // "Publisert 20.03.2025 av Sekretær", "Opdateret 25.03.2025": when the page
        // was published, not the meeting.
        if is_publication_stamp(&line.text) {
            continue;
        }
        if let Some((_, prev)) = out.last_mut() {
            let split = prev.text.ends_with('-')
                && prev
                    .text
                    .trim_end_matches('-')
                    .ends_with(|c: char| c.is_ascii_digit())
                && line.text.starts_with(|c: char| c.is_ascii_digit());
            if split {
                prev.text.push_str(&line.text);
                continue;
            }
            // "Referat af bestyrelsesmøde tirsdag … kl. 19.00 i" / "jagthytten", "…
            // föreningsstämma i Bostadsrättsföreningen" / "Granbacken 3": a title
            // wrapped inside its place or its forum's name.
            if wraps_into(&prev.text, line) {
                prev.text = format!("{} {}", prev.text.trim_end(), line.text.trim());
                continue;
            }
            // "Mødested" on a line of its own (a cover page's column) over its value.
            let label_alone = is_field_name(&prev.text) && !prev.text.contains(':');
            if label_alone && !line.is_heading() && !is_field_label(&line.text) {
                prev.text = format!("{}: {}", prev.text.trim(), line.text);
                prev.kind = crate::text::LineKind::Text;
                continue;
            }
        }
        out.push((i, line.clone()));
    }
    out
}

/// Whether a title line runs on into `next`: it ends in a preposition, or in a
/// preposition and the first word of a name, and `next` is a few words without a label
/// or a date.
fn wraps_into(title: &str, next: &Line) -> bool {
    if next.is_heading() || is_field_label(&next.text) || labelled(&next.text).is_some() {
        return false;
    }
    let short = next.text.split_whitespace().count() <= 3
        && !next.text.contains(':')
        && dates::first_full_date(&next.text).is_none()
        && !ends_sentence(&next.text);
    if !short || !KIND_WORD.is_match(title) {
        return false;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let preposition = |w: &&str| matches!(*w, "i" | "på" | "hos" | "ved" | "vid");
    match words.as_slice() {
        [.., last] if preposition(last) => true,
        [.., before, last] => {
            preposition(before)
                && last.starts_with(char::is_uppercase)
                && next
                    .text
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        }
        _ => false,
    }
}

/// A post's date and author (`28. januar 2026 af Bestyrelsen`, `12.3.2025 · Redaktionen`):
/// when it was written.
fn is_byline(text: &str, date: &DateMention) -> bool {
    let after = text.get(date.end..).unwrap_or("").trim_start();
    let author = ["af ", "av ", "by ", "· ", "| ", "- ", "– "]
        .iter()
        .find_map(|lead| after.strip_prefix(lead));
    date.start <= 2 && author.is_some_and(|a| a.split_whitespace().count() <= 4)
}

/// A web page's stamp of when it was published or changed.
fn is_publication_stamp(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(':')
        .to_lowercase();
    matches!(
        first.as_str(),
        "publiceret"
            | "publisert"
            | "publicerad"
            | "publicerat"
            | "udgivet"
            | "opdateret"
            | "oppdatert"
            | "uppdaterad"
            | "uppdaterat"
            | "offentliggjort"
            | "published"
            | "updated"
            | "posted"
    ) || {
        let lower = text.to_lowercase();
        [
            "sidst opdateret",
            "senest opdateret",
            "sist oppdatert",
            "senast uppdaterad",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
    }
}

/// A time or span written right after a date (`10. april 2025 18:00`, `…, 19.00-21.00`).
fn time_right_after(rest: &str) -> Option<dates::TimeSpan> {
    let rest = rest.trim_start_matches([',', ' ', '\u{a0}']);
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    dates::time_span(rest)
        .or_else(|| bare_time(rest))
        .filter(|t| t.range.0 == 0)
}

fn bare_time(value: &str) -> Option<dates::TimeSpan> {
    static BARE: LazyLock<Regex> =
        LazyLock::new(|| crate::cue::compile(r"\b(\d{1,2})[.:](\d{2})\b"));
    let caps = BARE.captures(value)?;
    let hour = caps.get(1)?.as_str().parse().ok()?;
    let minute = caps.get(2)?.as_str().parse().ok()?;
    let m = caps.get(0)?;
    Some(dates::TimeSpan {
        start: ClockTime::new(hour, minute)?,
        end: None,
        range: (m.start(), m.end()),
    })
}

/// "REFERAT Teknik- og Miljøudvalget d. 03-02-2021": the forum after the kind word;
/// "Referat af bestyrelsesmøde i Foreningen X": the forum after the meeting it names.
fn title_rest(text: &str, kind_end: usize) -> Option<String> {
    let after = text.get(kind_end..)?.trim();
    let candidate = after.trim_start_matches([':', '-', '–', ',']).trim_start();
    let lower = candidate.to_lowercase();
    // "af [ordinær] generalforsamling i|for|hos X", "fra mødet i X", "for X".
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut skip_bytes = 0;
    if matches!(
        words.first(),
        Some(&("af" | "fra" | "for" | "til" | "från" | "frå" | "of"))
    ) {
        // The meeting the minutes are of, then the preposition before the forum.
        let prepositions = ["i", "for", "hos", "på", "ved", "in", "of"];
        let meeting_end = words
            .iter()
            .skip(1)
            .take(4)
            .position(|w| prepositions.contains(w));
        let cut_words = match meeting_end {
            Some(p) => p + 2,
            None => 1,
        };
        skip_bytes = byte_offset_of_word(candidate, cut_words);
    }
    let rest = candidate.get(skip_bytes..).unwrap_or(candidate);
    // "Dagsorden og referat – Arbejdsgruppen X": the second kind word and the dash go.
    let rest = match KIND_WORD.find(rest) {
        Some(m)
            if rest
                .get(..m.start())
                .is_some_and(|h| matches!(h.trim(), "og" | "&" | "/" | "")) =>
        {
            rest.get(m.end()..)
                .unwrap_or("")
                .trim_start_matches([' ', '-', '–', ':', ','])
                .trim_start()
        }
        _ => rest,
    };
    // "ordinær generalforsamling": no forum on this line.
    if KIND_WORD.is_match(rest) || states_approval(rest) {
        return None;
    }
    forum_name(rest)
}

/// "Protokoll godkjent", "Referat godkendt af bestyrelsen": what became of the
/// document, not whose it is.
fn states_approval(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    let first = first.trim_end_matches(['.', ',']);
    matches!(
        first,
        "godkendt"
            | "godkjent"
            | "godkänt"
            | "godkänd"
            | "justeret"
            | "justerat"
            | "justert"
            | "underskrevet"
            | "signeret"
            | "udsendt"
            | "utsendt"
            | "offentliggjort"
    )
}

/// The byte offset where word `n` (0-based) of `text` starts, or its length.
fn byte_offset_of_word(text: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if count == n {
                return i;
            }
            count += 1;
            in_word = true;
        }
    }
    text.len()
}

/// Cuts a date (and its "d." / "den" / weekday) off the end of a title.
fn strip_date_tail(text: &str) -> &str {
    let Some(d) = dates::dates(text).into_iter().next() else {
        return text.trim();
    };
    let mut head = text.get(..d.start).unwrap_or(text).trim_end();
    for tail in [" d.", " den", " d", ",", " -", " –", " mødet", " møde"] {
        if let Some(h) = head.strip_suffix(tail) {
            head = h.trim_end();
        }
    }
    if let Some(w) = head.rsplit(' ').next() {
        if is_weekday_word(w) {
            head = head.get(..head.len() - w.len()).unwrap_or(head).trim_end();
        }
    }
    head.trim_end_matches([',', '-', '–']).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookalike::LetterPairs;
    use crate::text::{self, Folding};

    fn header(src: &str) -> Header {
        let pairs = LetterPairs::default();
        let mut folding = Folding {
            pairs: &pairs,
            found: Vec::new(),
        };
        let lines = text::lines(src, &mut folding);
        let idx: Vec<usize> = (0..lines.len()).collect();
        read(&lines, &idx, &FrontMatter::default())
    }

    #[test]
    fn labelled_header() {
        let h = header(
            "# Referat\n\n## Klyngestyregruppe Nord\n\n---\n\nMødedato: 19. november 2020  \nMødet påbegyndt: kl. 14:00  \nMødet afsluttet: kl. 16:00  \nMødested: Microsoft Teams\n",
        );
        assert_eq!(h.kind, Some(Kind::Referat));
        assert_eq!(h.body.as_deref(), Some("Klyngestyregruppe Nord"));
        assert_eq!(
            h.date.and_then(|d| d.date()),
            Some(jiff::civil::date(2020, 11, 19))
        );
        assert_eq!(h.weekday, None);
        assert_eq!(h.start.map(|t| t.to_string()).as_deref(), Some("14:00"));
        assert_eq!(h.end.map(|t| t.to_string()).as_deref(), Some("16:00"));
        assert_eq!(h.location.as_deref(), Some("Microsoft Teams"));
    }

    #[test]
    fn a_line_that_describes_the_meeting_names_no_forum() {
        // The forum above the kind line, not the meeting described under it.
        let h = header(
            "**Hjortsø Kommunes Ældreråd**\n\n**REFERAT**\n\nfra ordinært møde tirsdag den 19.11.2024 kl. 9.30\n",
        );
        assert_eq!(h.body.as_deref(), Some("Hjortsø Kommunes Ældreråd"));
        let h =
            header("STUDENTKÅREN NORRSKEN\nProtokoll fört vid styrelsemöte\n\nDatum: 2025-02-19\n");
        assert_eq!(h.body.as_deref(), Some("STUDENTKÅREN NORRSKEN"));
        // A page title's part that names the forum, past the one naming the meeting.
        assert_eq!(
            title_forum("Referat af bestyrelsesmøde 4. marts 2025 – Roklubben Sortesø").as_deref(),
            Some("Roklubben Sortesø")
        );
        // "Mødested" over its value, as a cover page's column sets it.
        let h = header(
            "Dagsorden\n\nMødetidspunkt\n\nTirsdag 2. september 2025, kl. 13.00\n\nMødested\n\nRegionshuset, lokale 2\n",
        );
        assert_eq!(h.location.as_deref(), Some("Regionshuset, lokale 2"));
    }

    #[test]
    fn title_line_header() {
        let h = header(
            "# REFERAT Politisk Sundhedsklynge Nord d. 24-04-2025\n\n**Mødedato** Torsdag d. 24. april 2025 kl. 15:00\n\n**Mødested** Tandplejen, Hjørring\n",
        );
        assert_eq!(h.body.as_deref(), Some("Politisk Sundhedsklynge Nord"));
        assert_eq!(h.weekday.map(|w| w.as_str()), Some("torsdag"));
        assert_eq!(h.start.map(|t| t.to_string()).as_deref(), Some("15:00"));
        assert_eq!(h.location.as_deref(), Some("Tandplejen, Hjørring"));
    }

    #[test]
    fn bare_header() {
        let h = header(
            " REFERAT  \n\nPolitisk Sundhedsklynge Syd \nMandag den 6. marts 2022 kl. 15.00 – 17.00 \nByrådssalen i Støvring, Rebild Kommune \nKristian Østergårdsvej 3, 9530 Støvring  \n\nMødedeltagere \n",
        );
        assert_eq!(h.body.as_deref(), Some("Politisk Sundhedsklynge Syd"));
        assert_eq!(h.weekday.map(|w| w.as_str()), Some("mandag"));
        assert_eq!(h.end.map(|t| t.to_string()).as_deref(), Some("17:00"));
        assert_eq!(
            h.location.as_deref(),
            Some("Byrådssalen i Støvring, Rebild Kommune, Kristian Østergårdsvej 3, 9530 Støvring")
        );
    }
}

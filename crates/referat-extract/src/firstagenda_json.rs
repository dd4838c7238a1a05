//! FirstAgenda publication JSON: a meeting as the FirstAgenda portal's API returns it
//! (`GET <portal>/api/agenda/dagsorden/{id}`), the form in which most Danish
//! municipalities and the regions publish their agendas and minutes. Written in the
//! layout of the portal's web page ([`crate::html`]'s FirstAgenda writer), with the
//! meeting's data as front matter, so that the parser reads one layout for both.
//!
//! The JSON: `Moede` (the meeting: `Navn`, `Dato`, `MeetingBeginUtc`/`MeetingEndUtc`,
//! `Sted`, `Moededeltagere` with `Absent`/`ParticipationCancelled`), `Udvalg` (the
//! committee: `Navn`) and `Dagsordenpunkter` (the items: `Punktnummer`/`Number`,
//! `Navn`/`Caption`, `SagsNummer`, `Sorting`, `Felter` with each section's `Html` or
//! `Tekst`, `Bilag` with attachment titles, `ExternalAgendaItemAttendees` with members
//! absent from the item). Every other field (ids, links, audio) is left out. Written
//! as:
//!
//! ```text
//! ---
//! generator: FirstAgenda
//! title: Dagsorden
//! forum: Sundheds- og Omsorgsudvalget
//! date: 2024-09-09
//! start: "15:30"
//! location: "Møde/grupperum 13.45c, Langagergård"
//! participants:
//!   - John T. Olsen
//! absent:
//!   - Lone Mortensen
//! ---
//!
//! ## Punkt 1: Godkendelse af dagsorden
//!
//! Sagsnr.: 21-014445
//!
//! ### Beslutning
//!
//! Godkendt.
//!
//! Fraværende under behandlingen: Hans Berg
//!
//! ### Bilag
//!
//! - Bilag 1. Notat
//! ```
//!
//! The front matter is a YAML subset: `key: value` and `key:` with `  - value` lines;
//! a value is in double quotes (`"` and `\` escaped) when it holds `:`, `#`, `,` or a
//! bracket, starts with a YAML indicator, or reads as a number, a time or a boolean.
//!
//! Items are written one by one as the array is read (serde's `DeserializeSeed`), so
//! that a file of many items never holds them all; each item's sections go through the
//! HTML walker, within the limits on nesting and text. The JSON's own nesting costs no
//! recursion: the structs read are at most three levels deep, and every other value
//! (fields not used, arrays where text was expected) is skipped by serde_json without
//! recursion; its recursion limit (128) would stop anything else.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::markdown::{self, MarkdownWriter, inline, yaml};
use crate::{Encoding, ExtractError, Limits, decode_text, html};

/// The format's name in errors.
const FORMAT: &str = "FirstAgenda JSON";

/// Converts a FirstAgenda meeting to text: front matter, then the items.
///
/// JSON is UTF-8 (a byte order mark allowed), read as it stands so that an error's
/// line is the file's; anything else is decoded as text files are first.
pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<(String, Encoding), ExtractError> {
    let (utf8, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Encoding::Utf8Bom),
        None => (bytes, Encoding::Utf8),
    };
    match std::str::from_utf8(utf8) {
        Ok(source) => Ok((convert(source, limits)?, encoding)),
        Err(_) => {
            let (source, encoding) = decode_text(bytes)?;
            Ok((convert(&source, limits)?, encoding))
        }
    }
}

fn convert(source: &str, limits: &Limits) -> Result<String, ExtractError> {
    let mut items = Items {
        limits,
        w: MarkdownWriter::new(),
        starts: Vec::new(),
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_str(source);
    let read = de
        .deserialize_map(Document { items: &mut items })
        .and_then(|meeting| de.end().map(|()| meeting));
    let (meeting, committee) = match read {
        Ok(read) => read,
        Err(e) => return Err(items.failure.take().unwrap_or_else(|| malformed(&e))),
    };
    let mut out = front_matter(meeting.as_ref(), committee.as_ref());
    let body = items.finish();
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    Ok(out)
}

fn malformed(e: &serde_json::Error) -> ExtractError {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let reason = message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_string();
    ExtractError::Malformed {
        format: FORMAT,
        line: e.line().max(1),
        column: e.column(),
        reason,
    }
}

// ---------------------------------------------------------------------------------
// The JSON.

/// `Moede`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "the meeting (Moede) as an object")]
struct Meeting {
    #[serde(rename = "Navn")]
    name: Text,
    #[serde(rename = "Dato")]
    date: Text,
    #[serde(rename = "MeetingBeginUtc")]
    begin: Text,
    #[serde(rename = "MeetingEndUtc")]
    end: Text,
    #[serde(rename = "Sted")]
    place: Text,
    #[serde(rename = "Moededeltagere")]
    participants: List<Participant>,
}

/// One of `Moede.Moededeltagere`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a participant (Moededeltagere) as an object")]
struct Participant {
    #[serde(rename = "Name")]
    name: Text,
    #[serde(rename = "Absent")]
    absent: Flag,
    #[serde(rename = "ParticipationCancelled")]
    cancelled: Flag,
}

/// `Udvalg`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "the committee (Udvalg) as an object")]
struct Committee {
    #[serde(rename = "Navn")]
    name: Text,
}

/// One of `Dagsordenpunkter`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an agenda item (Dagsordenpunkter) as an object")]
struct Item {
    #[serde(rename = "Punktnummer")]
    number: Text,
    #[serde(rename = "Number")]
    number_en: Text,
    #[serde(rename = "Sorting")]
    sorting: Int,
    #[serde(rename = "Navn")]
    title: Text,
    #[serde(rename = "Caption")]
    caption: Text,
    #[serde(rename = "SagsNummer")]
    case_number: Text,
    #[serde(rename = "CaseNumber")]
    case_number_en: Text,
    #[serde(rename = "Felter")]
    fields: List<Field>,
    #[serde(rename = "Bilag")]
    attachments: List<Attachment>,
    #[serde(rename = "ExternalAgendaItemAttendees")]
    attendees: List<Attendee>,
}

/// One of an item's `Felter`: a section, as HTML or as plain text.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a section (Felter) as an object")]
struct Field {
    #[serde(rename = "Navn")]
    name: Text,
    #[serde(rename = "Html")]
    html: Text,
    #[serde(rename = "Tekst")]
    text: Text,
}

/// One of an item's `Bilag`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an attachment (Bilag) as an object")]
struct Attachment {
    #[serde(rename = "Navn")]
    name: Text,
    #[serde(rename = "Id")]
    id: Text,
}

/// An attachment's page on the portal, relative to the portal: the form the
/// portal's own meeting pages link (`/vis/pdf/bilag/<id>/?redirectDirectlyToPdf=false`).
fn attachment_link(id: &str) -> String {
    format!("/vis/pdf/bilag/{id}/?redirectDirectlyToPdf=false")
}

/// Whether a portal's id (of a meeting, of an attachment) can stand as it is in a
/// link, a URL path and a file name: letters, digits, `-` and `_`, at most 128.
pub fn is_portal_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// One of an item's `ExternalAgendaItemAttendees`: a member's attendance of the item.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an item attendee as an object")]
struct Attendee {
    #[serde(rename = "Name")]
    name: Text,
    #[serde(rename = "Reason")]
    reason: Text,
}

/// Whether an element of a list says nothing (`{}`, or only empty strings), so that
/// the list need not keep it.
trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for Participant {
    fn is_blank(&self) -> bool {
        self.name.get().is_none()
    }
}

impl Blank for Field {
    fn is_blank(&self) -> bool {
        self.name.get().is_none() && self.html.get().is_none() && self.text.get().is_none()
    }
}

impl Blank for Attachment {
    fn is_blank(&self) -> bool {
        self.name.get().is_none()
    }
}

impl Blank for Attendee {
    fn is_blank(&self) -> bool {
        self.name.get().is_none()
    }
}

/// A text field: a string, or a number written as one; `null`, missing, or any other
/// value is no text.
#[derive(Debug, Default)]
struct Text(Option<String>);

impl Text {
    /// The text, unless it is only white space.
    fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// The text cleaned for a line: white space and control characters collapsed.
    fn line(&self) -> Option<String> {
        self.get().map(clean).filter(|s| !s.is_empty())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A yes/no field: `true`, `1` or `"true"`; anything else is no.
#[derive(Debug, Default)]
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Ok(Flag(v != 0))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Ok(Flag(v != 0))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Ok(Flag(v != 0.0))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                let v = v.trim();
                Ok(Flag(v.eq_ignore_ascii_case("true") || v == "1"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flag, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Flag(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flag, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Flag(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// An integer field (`Sorting`): a number, or a string of one; anything else is none.
#[derive(Debug, Default)]
struct Int(Option<i64>);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Int, D::Error> {
        let text = Text::deserialize(d)?;
        Ok(Int(text.get().and_then(|s| {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                // A float of a whole number ("3.0").
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
        })))
    }
}

/// A list field: an array, of which `null`s and blank elements are dropped; `null` or
/// missing is empty.
#[derive(Debug)]
struct List<T>(Vec<T>);

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List(Vec::new())
    }
}

impl<'de, T: Deserialize<'de> + Blank> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<List<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Blank> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(element) = seq.next_element::<Option<T>>()? {
                    if let Some(element) = element.filter(|e| !e.is_blank()) {
                        out.push(element);
                    }
                }
                Ok(List(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The top-level object: the items are written as they are read, the meeting and the
/// committee kept for the front matter.
struct Document<'i, 'l> {
    items: &'i mut Items<'l>,
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = (Option<Meeting>, Option<Committee>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FirstAgenda meeting as an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut meeting = None;
        let mut committee = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Dagsordenpunkter" => map.next_value_seed(ItemList {
                    items: &mut *self.items,
                })?,
                "Moede" => meeting = map.next_value::<Option<Meeting>>()?,
                "Udvalg" => committee = map.next_value::<Option<Committee>>()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((meeting, committee))
    }
}

/// `Dagsordenpunkter`, read one item at a time.
struct ItemList<'i, 'l> {
    items: &'i mut Items<'l>,
}

impl<'de> DeserializeSeed<'de> for ItemList<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemList<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the agenda items (Dagsordenpunkter) as an array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<Option<Item>>()? {
            let Some(item) = item else { continue };
            if let Err(e) = self.items.write(&item) {
                // serde's error cannot carry ours: kept aside, and taken first.
                let message = e.to_string();
                self.items.failure = Some(e);
                return Err(de::Error::custom(message));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------
// The items.

/// The items written so far.
struct Items<'l> {
    limits: &'l Limits,
    w: MarkdownWriter,
    /// Each item's `Sorting` and where its text starts in `w`.
    starts: Vec<(Option<i64>, usize)>,
    /// Why writing an item failed.
    failure: Option<ExtractError>,
}

impl Items<'_> {
    fn write(&mut self, item: &Item) -> Result<(), ExtractError> {
        self.starts.push((item.sorting.0, self.w.len()));
        // Numbered by its place where it has no number.
        let position = self.starts.len();
        let number = item
            .number
            .line()
            .or_else(|| item.number_en.line())
            .map(|n| n.trim_end_matches('.').trim_end().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| position.to_string());
        let title = item.title.line().or_else(|| item.caption.line());
        let heading = match &title {
            Some(title) => format!("Punkt {number}: {title}"),
            None => format!("Punkt {number}"),
        };
        self.w.heading(2, &heading);
        if let Some(case) = item
            .case_number
            .line()
            .or_else(|| item.case_number_en.line())
        {
            self.w.paragraph(&format!("Sagsnr.: {case}"));
        }
        for field in &item.fields.0 {
            let before = self.w.len();
            let name = field.name.line();
            if let Some(source) = field.html.get() {
                html::write_section(name.as_deref(), source, &mut self.w, self.limits)
                    .map_err(|e| in_item(e, &number))?;
            }
            if self.w.len() == before {
                if let Some(text) = field.text.get() {
                    if let Some(name) = &name {
                        self.w.heading(3, name);
                    }
                    plain(text, &mut self.w);
                }
            }
        }
        for line in absences(&item.attendees.0) {
            self.w.paragraph(&line);
        }
        let attachments: Vec<String> = item
            .attachments
            .0
            .iter()
            .filter_map(|a| {
                let title = a.name.line()?;
                Some(match a.id.get().filter(|id| is_portal_id(id)) {
                    Some(id) => markdown::linked(&title, &attachment_link(id)),
                    None => title,
                })
            })
            .collect();
        if !attachments.is_empty() {
            self.w.heading(3, "Bilag");
            for line in &attachments {
                self.w.list_item("-", line);
            }
        }
        let limit = self.limits.max_unpacked_bytes;
        if self.w.len() as u64 > limit {
            return Err(ExtractError::OverLimit {
                format: FORMAT,
                what: format!("more text than the limit by item {number}"),
                limit,
            });
        }
        Ok(())
    }

    /// The items' text, in `Sorting` order where every item has one, else as read.
    fn finish(self) -> String {
        let text = self.w.finish();
        if text.trim().is_empty() {
            return String::new();
        }
        let reorder = self.starts.iter().all(|(s, _)| s.is_some())
            && !self.starts.windows(2).all(|p| match p {
                [(a, _), (b, _)] => a <= b,
                _ => true,
            });
        if !reorder {
            return text;
        }
        let mut pieces: Vec<(Option<i64>, &str)> = Vec::with_capacity(self.starts.len());
        for (i, (sorting, start)) in self.starts.iter().enumerate() {
            let end = self.starts.get(i + 1).map_or(text.len(), |(_, next)| *next);
            let piece = text.get(*start..end).unwrap_or("").trim_matches('\n');
            pieces.push((*sorting, piece));
        }
        pieces.sort_by_key(|(sorting, _)| *sorting);
        let mut out = String::with_capacity(text.len() + 2);
        for (_, piece) in pieces.into_iter().filter(|(_, p)| !p.is_empty()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(piece);
        }
        out.push('\n');
        out
    }
}

/// An error inside an item's HTML, said of the JSON and the item.
fn in_item(e: ExtractError, number: &str) -> ExtractError {
    match e {
        ExtractError::OverLimit { what, limit, .. } => ExtractError::OverLimit {
            format: FORMAT,
            what: format!("{what} in the HTML of item {number}"),
            limit,
        },
        other => other,
    }
}

/// Plain text: paragraphs at blank lines, line breaks kept within them.
fn plain(text: &str, w: &mut MarkdownWriter) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraph = String::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            w.paragraph(&paragraph);
            paragraph.clear();
        } else {
            if !paragraph.is_empty() {
                paragraph.push('\n');
            }
            paragraph.push_str(&clean(line));
        }
    }
    w.paragraph(&paragraph);
}

/// The lines naming members absent from an item, one per reason, names in the order
/// given: `Fraværende under behandlingen: A, B` for the portal's "Fraværende",
/// `<Reason>: A, B` for any other reason. An attendee without a reason is not said to
/// be absent.
fn absences(attendees: &[Attendee]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for a in attendees {
        let (Some(name), Some(reason)) = (a.name.line(), a.reason.line()) else {
            continue;
        };
        let label = if reason.to_lowercase().starts_with("fravær") {
            "Fraværende under behandlingen".to_string()
        } else {
            reason.trim_end_matches(':').trim_end().to_string()
        };
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, names)) => {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            None => groups.push((label, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(label, names)| format!("{label}: {}", names.join(", ")))
        .collect()
}

/// Text for one line: control characters and white space collapsed to single spaces.
fn clean(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    inline(&spaced)
}

// ---------------------------------------------------------------------------------
// The front matter.

/// The meeting as front matter; keys without a value are left out.
fn front_matter(meeting: Option<&Meeting>, committee: Option<&Committee>) -> String {
    let mut out = String::from("---\ngenerator: FirstAgenda\n");
    let mut scalar = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&value);
            out.push('\n');
        }
    };
    scalar(
        "title",
        meeting.and_then(|m| m.name.line()).map(|v| yaml(&v)),
    );
    scalar(
        "forum",
        committee.and_then(|c| c.name.line()).map(|v| yaml(&v)),
    );
    let begin = meeting.and_then(|m| moment(&m.begin));
    if let Some((date, time)) = meeting.and_then(|m| moment(&m.date)).or(begin) {
        scalar("date", Some(date.to_string()));
        // The start from the date's time, or else from the beginning's on that day.
        let start = time.or_else(|| begin.filter(|(d, _)| *d == date)?.1);
        scalar("start", start.map(|t| yaml(&hh_mm(t))));
    }
    let end = meeting.and_then(|m| moment(&m.end)?.1);
    scalar("end", end.map(|t| yaml(&hh_mm(t))));
    scalar(
        "location",
        meeting.and_then(|m| m.place.line()).map(|v| yaml(&v)),
    );
    let participants = meeting.map_or(&[][..], |m| &m.participants.0[..]);
    let is_absent = |p: &Participant| p.absent.0 || p.cancelled.0;
    let (absent, present): (Vec<&Participant>, Vec<&Participant>) =
        participants.iter().partition(|p| is_absent(p));
    let names = |people: Vec<&Participant>| -> Vec<String> {
        people.into_iter().filter_map(|p| p.name.line()).collect()
    };
    let (present, absent) = (names(present), names(absent));
    for (key, names) in [("participants", present), ("absent", absent)] {
        if names.is_empty() {
            continue;
        }
        out.push_str(key);
        out.push_str(":\n");
        for name in names {
            out.push_str("  - ");
            out.push_str(&yaml(&name));
            out.push('\n');
        }
    }
    out.push_str("---\n");
    out
}

/// A date and, where it has one, a time of day, as the meeting's local time: an
/// ISO 8601 date-time with an offset (`2024-09-09T15:30:00+02:00`) is taken as the
/// wall time it writes, one in UTC (`Z`, `+00:00`) is turned into Danish time
/// (CET/CEST). Midnight is no time: it is what a date without a time comes as.
fn moment(text: &Text) -> Option<(jiff::civil::Date, Option<jiff::civil::Time>)> {
    let s = text.get()?.trim();
    let utc = s.ends_with(['Z', 'z']) || s.ends_with("+00:00") || s.ends_with("-00:00");
    let dt = if utc {
        let ts: jiff::Timestamp = s.parse().ok()?;
        let tz = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").ok()?;
        ts.to_zoned(tz).datetime()
    } else if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        dt
    } else {
        s.get(..10)?
            .parse::<jiff::civil::Date>()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight())
    };
    let time = dt.time();
    let time = (time != jiff::civil::Time::midnight()).then_some(time);
    Some((dt.date(), time))
}

fn hh_mm(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(json: &str) -> String {
        convert(json, &Limits::default()).unwrap()
    }

    #[test]
    fn moments() {
        let t = |s: &str| {
            moment(&Text(Some(s.into())))
                .map(|(d, t)| (d.to_string(), t.map(hh_mm)))
                .unwrap_or_default()
        };
        let some = |d: &str, t: Option<&str>| (d.to_string(), t.map(String::from));
        assert_eq!(
            t("2024-09-09T15:30:00+02:00"),
            some("2024-09-09", Some("15:30"))
        );
        assert_eq!(t("2024-09-09T15:30:00"), some("2024-09-09", Some("15:30")));
        assert_eq!(t("2024-09-09"), some("2024-09-09", None));
        assert_eq!(t("2024-09-09T00:00:00"), some("2024-09-09", None));
        // UTC: Danish summer and winter time, and a day boundary.
        assert_eq!(t("2024-09-09T13:30:00Z"), some("2024-09-09", Some("15:30")));
        assert_eq!(
            t("2024-01-15T16:00:00.000Z"),
            some("2024-01-15", Some("17:00"))
        );
        assert_eq!(
            t("2024-06-30T22:30:00+00:00"),
            some("2024-07-01", Some("00:30"))
        );
        assert_eq!(t("9. september"), (String::new(), None));
        assert_eq!(t("2024-13-45T10:00:00"), (String::new(), None));
    }

    #[test]
    fn front_matter_keys_are_left_out_when_empty() {
        assert_eq!(
            text(r#"{"Dagsordenpunkter": [], "Moede": {"Navn": null, "Sted": " "}}"#),
            "---\ngenerator: FirstAgenda\n---\n"
        );
        assert_eq!(
            text(
                r#"{"Moede": {"Dato": "2025-03-04T00:00:00", "MeetingBeginUtc": "2025-03-04T16:00:00Z",
                    "MeetingEndUtc": "2025-03-04T18:15:00+01:00"}, "Dagsordenpunkter": null}"#
            ),
            "---\ngenerator: FirstAgenda\ndate: 2025-03-04\nstart: \"17:00\"\nend: \"18:15\"\n---\n"
        );
    }

    #[test]
    fn lenient_fields() {
        let out = text(
            r#"{"Dagsordenpunkter": [null, {}, {"Punktnummer": 3, "Navn": "  Tre\n punkter ",
                 "Felter": [null, {}, {"Html": "", "Tekst": "Linje 1\r\nLinje 2\r\n\r\nAfsnit"}],
                 "Bilag": [{"Navn": null}, {"Navn": "Bilag 1. Notat"}],
                 "ExternalAgendaItemAttendees": [{"Name": "A B", "Reason": "Inhabil"},
                   {"Name": "C D", "Reason": "Fraværende"}, {"Name": "E F", "Reason": ""}]}],
                "Moede": {"Moededeltagere": [{"Name": "X Y", "Absent": "true"}, {"Name": "Z", "Absent": 0}]}}"#,
        );
        assert_eq!(
            out,
            "---\ngenerator: FirstAgenda\nparticipants:\n  - Z\nabsent:\n  - X Y\n---\n\n\
             ## Punkt 1\n\n## Punkt 3: Tre punkter\n\nLinje 1  \nLinje 2\n\nAfsnit\n\n\
             Inhabil: A B\n\nFraværende under behandlingen: C D\n\n### Bilag\n\n- Bilag 1. Notat\n"
        );
    }

    #[test]
    fn items_in_sorting_order() {
        let out = text(
            r#"{"Moede": {}, "Dagsordenpunkter": [
                {"Sorting": 2, "Punktnummer": "2", "Navn": "B", "Bilag": [{"Navn": "x"}]},
                {"Sorting": 1, "Punktnummer": "1", "Navn": "A"}]}"#,
        );
        assert_eq!(
            out,
            "---\ngenerator: FirstAgenda\n---\n\n## Punkt 1: A\n\n## Punkt 2: B\n\n### Bilag\n\n- x\n"
        );
    }

    #[test]
    fn named_fields_get_their_heading() {
        let out = text(
            r#"{"Moede": {}, "Dagsordenpunkter": [{"Punktnummer": "1", "Felter": [
                {"Navn": "Beslutning", "Html": "<p>Godkendt.</p>"},
                {"Navn": "Sagsfremstilling", "Html": "<h3>Sagsfremstilling</h3><p>Tekst.</p>"}]}]}"#,
        );
        assert_eq!(
            out,
            "---\ngenerator: FirstAgenda\n---\n\n## Punkt 1\n\n### Beslutning\n\nGodkendt.\n\n\
             ### Sagsfremstilling\n\nTekst.\n"
        );
    }

    #[test]
    fn malformed_json_names_the_line() {
        let err = convert(
            "{\"Dagsordenpunkter\": [\n{\"Navn\": \"A\"},\n{\"Navn\" \"B\"}\n]}",
            &Limits::default(),
        )
        .unwrap_err();
        match err {
            ExtractError::Malformed {
                line,
                column,
                reason,
                ..
            } => {
                assert_eq!((line, column), (3, 9));
                assert_eq!(reason, "expected `:`");
            }
            other => panic!("not Malformed: {other:?}"),
        }
        let err = convert("{\"Moede\": 5}", &Limits::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected the meeting (Moede) as an object"),
            "{err}"
        );
    }

    #[test]
    fn html_errors_are_the_items() {
        let deep = format!(
            r#"{{"Moede": {{}}, "Dagsordenpunkter": [{{"Punktnummer": "4", "Felter": [{{"Html": "{}"}}]}}]}}"#,
            "<div>".repeat(2000)
        );
        match convert(&deep, &Limits::default()) {
            Err(ExtractError::OverLimit {
                format,
                what,
                limit,
            }) => {
                assert_eq!(format, FORMAT);
                assert!(what.ends_with("in the HTML of item 4"), "{what}");
                assert_eq!(limit, 512);
            }
            other => panic!("not OverLimit: {other:?}"),
        }
    }
}

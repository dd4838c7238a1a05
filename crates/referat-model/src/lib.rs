//! The meeting record of referat: one [`Meeting`] per minutes (*referat*) or agenda
//! (*dagsorden*) document, with its [`Participant`]s, [`AgendaItem`]s, their
//! [`Recommendation`]s and [`Outcome`]s, and the [`Warning`]s about what looked wrong.
//!
//! The serde form of [`Meeting`] is the `referat.meeting/1` JSON record: every field is
//! present, `null` or `[]` where the document is silent. This crate knows nothing of
//! files, parsing, databases or the web; it is the vocabulary the other crates share.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use jiff::civil::Date;

/// The schema tag every record carries.
pub const SCHEMA: &str = "referat.meeting/1";

/// Gives a fieldless enum its stored form, the word the record and the archive write
/// for it: `as_str`, `Display`, and `FromStr` that takes the word back (an unknown
/// word is an [`UnknownWord`]). The words must be the serde names.
macro_rules! stored_form {
    ($name:ident, $what:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownWord;

            fn from_str(word: &str) -> Result<Self, UnknownWord> {
                match word {
                    $($word => Ok($name::$variant),)+
                    _ => Err(UnknownWord { what: $what, word: word.to_string() }),
                }
            }
        }
    };
}

/// A stored word that names none of the values of its kind: a record or an archive
/// row written by something else, or damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownWord {
    /// What the word should have named (`kind`, `attendance`, …).
    pub what: &'static str,
    pub word: String,
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {}: '{}'", self.what, self.word)
    }
}

impl std::error::Error for UnknownWord {}

stored_form!(Kind, "kind", { Referat => "referat", Dagsorden => "dagsorden" });
stored_form!(Attendance, "attendance", {
    Present => "present",
    Absent => "absent",
    Partial => "partial",
});
stored_form!(Outcome, "outcome", {
    Adopted => "adopted",
    Amended => "amended",
    Rejected => "rejected",
    Postponed => "postponed",
    Unresolved => "unresolved",
});
stored_form!(ParticipantSource, "participant source", {
    Structured => "structured",
    Table => "table",
    CheckList => "check-list",
    Label => "label",
    List => "list",
    Mention => "mention",
});
stored_form!(ItemSource, "item source", {
    Structured => "structured",
    Numbered => "numbered",
    Heading => "heading",
    ListEntry => "list-entry",
    TableRow => "table-row",
});
stored_form!(OutcomeSource, "outcome source", {
    Stated => "stated",
    Vote => "vote",
    Implied => "implied",
});

/// One meeting as one document records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub schema: Schema,
    pub kind: Kind,
    /// The forum that met, as named in the header.
    pub body: Option<String>,
    /// The meeting date as stated in the header (not corrected when the weekday disagrees).
    pub date: Option<Date>,
    /// The weekday as written in the header.
    pub weekday: Option<WrittenWeekday>,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub location: Option<String>,
    /// Who chaired (*ordstyrer*, *mødeleder*).
    pub chair: Option<String>,
    pub participants: Vec<Participant>,
    pub items: Vec<AgendaItem>,
    pub warnings: Vec<Warning>,
}

impl Meeting {
    /// An empty record of the given kind: the starting point of a parse.
    pub fn new(kind: Kind) -> Meeting {
        Meeting {
            schema: Schema,
            kind,
            body: None,
            date: None,
            weekday: None,
            start: None,
            end: None,
            location: None,
            chair: None,
            participants: Vec::new(),
            items: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// The `schema` field: always [`SCHEMA`]; any other value is refused when reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Schema;

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(SCHEMA)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Schema, D::Error> {
        let tag = String::deserialize(d)?;
        if tag == SCHEMA {
            Ok(Schema)
        } else {
            Err(serde::de::Error::custom(format!(
                "unsupported schema {tag:?}, expected {SCHEMA:?}"
            )))
        }
    }
}

/// What kind of document a record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Minutes: written after the meeting, with decisions.
    Referat,
    /// Agenda: written before the meeting, without decisions.
    Dagsorden,
}

/// A day of the week. Its Danish word names it where no weekday was written (the web's
/// dates); a written one is a [`WrittenWeekday`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mandag,
    Tirsdag,
    Onsdag,
    Torsdag,
    Fredag,
    #[serde(rename = "lørdag")]
    Loerdag,
    #[serde(rename = "søndag")]
    Soendag,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mandag,
        Weekday::Tirsdag,
        Weekday::Onsdag,
        Weekday::Torsdag,
        Weekday::Fredag,
        Weekday::Loerdag,
        Weekday::Soendag,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mandag => "mandag",
            Weekday::Tirsdag => "tirsdag",
            Weekday::Onsdag => "onsdag",
            Weekday::Torsdag => "torsdag",
            Weekday::Fredag => "fredag",
            Weekday::Loerdag => "lørdag",
            Weekday::Soendag => "søndag",
        }
    }

    /// The weekday of a calendar date.
    pub fn of(date: Date) -> Weekday {
        match date.weekday() {
            jiff::civil::Weekday::Monday => Weekday::Mandag,
            jiff::civil::Weekday::Tuesday => Weekday::Tirsdag,
            jiff::civil::Weekday::Wednesday => Weekday::Onsdag,
            jiff::civil::Weekday::Thursday => Weekday::Torsdag,
            jiff::civil::Weekday::Friday => Weekday::Fredag,
            jiff::civil::Weekday::Saturday => Weekday::Loerdag,
            jiff::civil::Weekday::Sunday => Weekday::Soendag,
        }
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A weekday as a header writes it: which day, and the word used for it. Danish and
/// Norwegian bokmål share their words; Swedish and nynorsk spell some days otherwise,
/// and the record keeps the word as written (`söndag`, not `søndag`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WrittenWeekday {
    day: Weekday,
    word: &'static str,
}

/// Every word for a weekday that a header may use, in lower case.
const WEEKDAY_WORDS: [(&str, Weekday); 14] = [
    ("mandag", Weekday::Mandag),
    ("tirsdag", Weekday::Tirsdag),
    ("onsdag", Weekday::Onsdag),
    ("torsdag", Weekday::Torsdag),
    ("fredag", Weekday::Fredag),
    ("lørdag", Weekday::Loerdag),
    ("søndag", Weekday::Soendag),
    // Swedish.
    ("måndag", Weekday::Mandag),
    ("tisdag", Weekday::Tirsdag),
    ("lördag", Weekday::Loerdag),
    ("söndag", Weekday::Soendag),
    // Nynorsk.
    ("tysdag", Weekday::Tirsdag),
    ("laurdag", Weekday::Loerdag),
    ("sundag", Weekday::Soendag),
];

impl WrittenWeekday {
    /// A weekday word in any case, with a trailing `.` or `,` and in its definite form
    /// (`Torsdagen`, `söndagen`): `None` when it is no weekday.
    pub fn parse(word: &str) -> Option<WrittenWeekday> {
        let word = word.trim_end_matches(['.', ',']).to_lowercase();
        let find = |w: &str| {
            WEEKDAY_WORDS
                .iter()
                .find(|(written, _)| *written == w)
                .map(|&(word, day)| WrittenWeekday { day, word })
        };
        find(&word).or_else(|| word.strip_suffix("en").and_then(find))
    }

    /// Every word a header may use for a weekday, in lower case and in its plain form.
    pub fn words() -> impl Iterator<Item = &'static str> {
        WEEKDAY_WORDS.iter().map(|&(word, _)| word)
    }

    /// The day as the record's Danish words write it, for a weekday that was not written.
    pub fn danish(day: Weekday) -> WrittenWeekday {
        WrittenWeekday {
            day,
            word: day.as_str(),
        }
    }

    pub fn day(self) -> Weekday {
        self.day
    }

    /// The word as written, in lower case.
    pub fn as_str(self) -> &'static str {
        self.word
    }
}

impl fmt::Display for WrittenWeekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word)
    }
}

impl Serialize for WrittenWeekday {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.word)
    }
}

impl<'de> Deserialize<'de> for WrittenWeekday {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        WrittenWeekday::parse(&word)
            .ok_or_else(|| serde::de::Error::custom(format!("not a weekday: {word:?}")))
    }
}

/// A time of day to the minute, written `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    hour: u8,
    minute: u8,
}

impl ClockTime {
    /// A time of day; `None` unless `hour < 24` and `minute < 60` (24:00 is accepted as
    /// the end of a day, as minutes write it).
    pub fn new(hour: u8, minute: u8) -> Option<ClockTime> {
        let valid = (hour < 24 && minute < 60) || (hour == 24 && minute == 0);
        valid.then_some(ClockTime { hour, minute })
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl std::str::FromStr for ClockTime {
    type Err = String;

    fn from_str(s: &str) -> Result<ClockTime, String> {
        let bad = || format!("invalid time {s:?}, expected HH:MM");
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let hour = h.parse().map_err(|_| bad())?;
        let minute = m.parse().map_err(|_| bad())?;
        ClockTime::new(hour, minute).ok_or_else(bad)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClockTime, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The first and last line (1-based, inclusive) of the extracted text a value was read
/// from, so a reader can check it against the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "[u32; 2]", into = "[u32; 2]")]
pub struct SourceLines {
    pub first: u32,
    pub last: u32,
}

impl SourceLines {
    pub fn new(first: u32, last: u32) -> SourceLines {
        SourceLines {
            first,
            last: last.max(first),
        }
    }

    pub fn single(line: u32) -> SourceLines {
        SourceLines::new(line, line)
    }
}

impl From<[u32; 2]> for SourceLines {
    fn from([first, last]: [u32; 2]) -> SourceLines {
        SourceLines::new(first, last)
    }
}

impl From<SourceLines> for [u32; 2] {
    fn from(lines: SourceLines) -> [u32; 2] {
        [lines.first, lines.last]
    }
}

impl fmt::Display for SourceLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "line {}", self.first)
        } else {
            write!(f, "lines {}-{}", self.first, self.last)
        }
    }
}

/// A person the document lists for the meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Full name, cleaned: single spaces, no markers, look-alike letters folded to Latin.
    pub name: String,
    /// The sub-heading the person is listed under.
    pub group: Option<String>,
    /// Title, office, organisation: the text after the name, without attendance markers.
    pub role: Option<String>,
    pub attendance: Attendance,
    /// The absent person this one stood in for.
    pub substitute_for: Option<String>,
    /// For [`Attendance::Partial`]: the item numbers attended.
    pub items: Vec<String>,
    /// How the person was found: what a reviewer should check them against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ParticipantSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<SourceLines>,
}

/// Where in a document a participant was found. Every source but
/// [`ParticipantSource::Mention`] is a list the document keeps of its members; a mention
/// is inferred from prose and worth a reviewer's look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantSource {
    /// A data field of a structured source (front matter, a portal's JSON).
    Structured,
    /// A row of a table with a name column.
    Table,
    /// An entry of a check-list (`- [x] Name`), ticked or not.
    CheckList,
    /// A label line and its inline list (`Tilstede: A, B og C`).
    Label,
    /// A line of a list under a heading (`Deltagere` / `Name, role`).
    List,
    /// Named in the text: as voting on a decision, or as taking part in an item.
    Mention,
}

impl ParticipantSource {
    /// Whether the person was inferred from prose rather than read from a list.
    pub fn is_inferred(self) -> bool {
        self == ParticipantSource::Mention
    }
}

/// Whether a listed person took part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attendance {
    /// Listed and not marked otherwise.
    Present,
    /// Sent apologies (*afbud*) or did not take part.
    Absent,
    /// Attended only some items.
    Partial,
}

/// One point on the agenda and, in minutes, what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// As numbered in the document (`"3"`, `"2.1"`, `"12/24"`); `None` for an item the
    /// document does not number.
    pub number: Option<String>,
    /// Without the number, timing and trailing dots.
    pub title: String,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    /// The length the item states ("- 40 min").
    pub duration_min: Option<u32>,
    /// Who presents or introduces the item.
    pub presenters: Vec<String>,
    pub recommendations: Vec<Recommendation>,
    /// The whole text under *Beslutning* / *Referat*, paragraphs joined by a blank line;
    /// `None` in an agenda or where the item records no decision.
    pub decision: Option<String>,
    /// Attachments (*bilag*), titles without list numbers. In the record, two
    /// fields: `attachments`, the titles (as the format has them), and beside it
    /// `attachment_links`, each one's link or `null`, left out where none is linked.
    #[serde(flatten, with = "attachment_fields")]
    pub attachments: Vec<Attachment>,
    /// The item's text split at its sub-headings, in order.
    pub sections: Vec<Section>,
    /// A closed item (*lukket punkt*): never shown to the public.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// How the item was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ItemSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<SourceLines>,
}

/// An attachment (*bilag*) of an item.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attachment {
    pub title: String,
    /// Where the document links it, as the document writes the link (a portal's
    /// links are relative to the portal).
    pub link: Option<String>,
}

impl Attachment {
    /// An attachment the document names but does not link.
    pub fn titled(title: impl Into<String>) -> Attachment {
        Attachment {
            title: title.into(),
            link: None,
        }
    }
}

impl PartialEq<&str> for Attachment {
    fn eq(&self, other: &&str) -> bool {
        self.title == *other
    }
}

/// An item's attachments as the record writes them: the titles as `attachments` and
/// the links, where any, as `attachment_links`, so that the record keeps the format's
/// list of titles. For `#[serde(flatten, with = "referat_model::attachment_fields")]`
/// in a reader of part of the record.
pub mod attachment_fields {
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Attachment;

    pub fn serialize<S: Serializer>(attachments: &[Attachment], s: S) -> Result<S::Ok, S::Error> {
        let linked = attachments.iter().any(|a| a.link.is_some());
        let mut map = s.serialize_map(Some(1 + usize::from(linked)))?;
        let titles: Vec<&str> = attachments.iter().map(|a| a.title.as_str()).collect();
        map.serialize_entry("attachments", &titles)?;
        if linked {
            let links: Vec<Option<&str>> = attachments.iter().map(|a| a.link.as_deref()).collect();
            map.serialize_entry("attachment_links", &links)?;
        }
        map.end()
    }

    #[derive(Deserialize)]
    struct Fields {
        #[serde(default)]
        attachments: Vec<String>,
        #[serde(default)]
        attachment_links: Vec<Option<String>>,
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Attachment>, D::Error> {
        let Fields {
            attachments,
            attachment_links,
        } = Fields::deserialize(d)?;
        let mut links = attachment_links.into_iter();
        Ok(attachments
            .into_iter()
            .map(|title| Attachment {
                title,
                link: links.next().flatten(),
            })
            .collect())
    }
}

impl AgendaItem {
    /// The number as shown to readers: the document's own, or the item's place in the
    /// meeting (1-based) where the document numbers nothing.
    pub fn label(&self, position: usize) -> String {
        self.number
            .clone()
            .unwrap_or_else(|| (position + 1).to_string())
    }
}

/// How an agenda item was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemSource {
    /// A data field of a structured source.
    Structured,
    /// A numbered heading or line (`Punkt 3:`, `3.`, `2.1`, `§ 4`).
    Numbered,
    /// An unnumbered heading, one of a run at the same level.
    Heading,
    /// An entry of a list that is the whole agenda.
    ListEntry,
    /// A row of a table of items (`Pkt. | Emne | Beslutning`).
    TableRow,
}

/// One point of what the forum is asked to do (*indstilling*), with its fate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The point without its number or bullet.
    pub text: String,
    pub outcome: Outcome,
    /// How the outcome was read; `None` when it is unresolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_source: Option<OutcomeSource>,
}

/// How the outcome of a recommendation was read from the minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeSource {
    /// The minutes say it in words (`Godkendt.`, `Indstillingen blev fulgt`).
    Stated,
    /// The result of a vote (`vedtaget med 12 stemmer mod 3`).
    Vote,
    /// Not said, but implied: a point asking for a discussion that took place.
    Implied,
}

/// What the forum did with a recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Followed, approved, or taken note of.
    Adopted,
    /// Followed with a change or an addition.
    Amended,
    Rejected,
    Postponed,
    /// The document does not say (always so in an agenda).
    Unresolved,
}

/// A stretch of an item's text under one sub-heading (`None` before the first one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    /// Paragraphs joined by a blank line.
    pub text: String,
}

/// Something that looked wrong in the document.
///
/// In the JSON record a warning is its message alone (the record format has free-text
/// warnings); the kind and the line are there for `referat lint` and for callers in
/// process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    /// The line of the extracted text the warning is about, where it has one.
    pub line: Option<u32>,
    pub message: String,
}

impl Warning {
    pub fn new(kind: WarningKind, line: Option<u32>, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            line,
            message: message.into(),
        }
    }
}

/// The kinds of trouble the parser reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// A written weekday does not match its date.
    WeekdayMismatch,
    /// Letters from another script inside a Latin name.
    LookAlikeLetters,
    /// One person written two ways in the document.
    NameVariant,
    /// A person both present (or presenting, or chairing) and absent.
    AttendanceConflict,
    /// A person named in an apologies list who is not in the participant list.
    UnlistedAbsentee,
    /// Amount table rows that do not add up to the total.
    AmountMismatch,
    /// A recommendation with no recorded outcome in minutes.
    UnresolvedRecommendation,
    /// A page of the source file that could not be read; its text is missing.
    UnreadablePage,
    /// A part of a meeting record the document does not give, or gives only by
    /// inference: no forum, no date, unnumbered items, participants read from prose.
    NotFound,
    /// The document labels itself one kind (a *dagsorden*) and holds the other.
    KindMismatch,
    /// Anything else, including warnings read back from JSON.
    Other,
}

impl WarningKind {
    /// A stable short code for the command line.
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::WeekdayMismatch => "weekday-mismatch",
            WarningKind::LookAlikeLetters => "look-alike-letters",
            WarningKind::NameVariant => "name-variant",
            WarningKind::AttendanceConflict => "attendance-conflict",
            WarningKind::UnlistedAbsentee => "unlisted-absentee",
            WarningKind::AmountMismatch => "amount-mismatch",
            WarningKind::UnresolvedRecommendation => "unresolved-recommendation",
            WarningKind::UnreadablePage => "unreadable-page",
            WarningKind::NotFound => "not-found",
            WarningKind::KindMismatch => "kind-mismatch",
            WarningKind::Other => "other",
        }
    }

    /// The kind a [`code`](WarningKind::code) stands for; unknown codes are `Other`.
    pub fn from_code(code: &str) -> WarningKind {
        [
            WarningKind::WeekdayMismatch,
            WarningKind::LookAlikeLetters,
            WarningKind::NameVariant,
            WarningKind::AttendanceConflict,
            WarningKind::UnlistedAbsentee,
            WarningKind::AmountMismatch,
            WarningKind::UnresolvedRecommendation,
            WarningKind::UnreadablePage,
            WarningKind::NotFound,
            WarningKind::KindMismatch,
        ]
        .into_iter()
        .find(|k| k.code() == code)
        .unwrap_or(WarningKind::Other)
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.message)
    }
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Warning, D::Error> {
        let message = String::deserialize(d)?;
        Ok(Warning::new(WarningKind::Other, None, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored form of each value is its serde name, and reads back as the value.
    fn round_trips<T>(values: &[T])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + Serialize + std::str::FromStr,
    {
        for &v in values {
            assert_eq!(serde_json::to_value(v).unwrap(), v.to_string());
            assert_eq!(v.to_string().parse::<T>().ok(), Some(v));
        }
        assert!("Referat ".parse::<T>().is_err());
    }

    #[test]
    fn stored_forms_are_the_serde_names_and_parse_back() {
        round_trips(&[Kind::Referat, Kind::Dagsorden]);
        round_trips(&[Attendance::Present, Attendance::Absent, Attendance::Partial]);
        round_trips(&[
            Outcome::Adopted,
            Outcome::Amended,
            Outcome::Rejected,
            Outcome::Postponed,
            Outcome::Unresolved,
        ]);
        round_trips(&[
            ParticipantSource::Structured,
            ParticipantSource::Table,
            ParticipantSource::CheckList,
            ParticipantSource::Label,
            ParticipantSource::List,
            ParticipantSource::Mention,
        ]);
        round_trips(&[
            ItemSource::Structured,
            ItemSource::Numbered,
            ItemSource::Heading,
            ItemSource::ListEntry,
            ItemSource::TableRow,
        ]);
        round_trips(&[
            OutcomeSource::Stated,
            OutcomeSource::Vote,
            OutcomeSource::Implied,
        ]);
        assert_eq!(
            "maybe".parse::<Attendance>().unwrap_err().to_string(),
            "unknown attendance: 'maybe'"
        );
    }

    fn sample() -> Meeting {
        let mut meeting = Meeting::new(Kind::Referat);
        meeting.body = Some("Politisk Sundhedsklynge Nord".into());
        meeting.date = Some(jiff::civil::date(2025, 4, 24));
        meeting.weekday = Some(WrittenWeekday::danish(Weekday::Torsdag));
        meeting.start = ClockTime::new(15, 0);
        meeting.participants.push(Participant {
            name: "Mads Duedahl".into(),
            group: Some("Politiske deltagere".into()),
            role: Some("Regionsrådsformand, Medformand".into()),
            attendance: Attendance::Present,
            substitute_for: None,
            items: vec![],
            source: Some(ParticipantSource::List),
            lines: Some(SourceLines::single(20)),
        });
        meeting.items.push(AgendaItem {
            number: Some("2".into()),
            title: "Godkendelse af dagsorden".into(),
            start: None,
            end: None,
            duration_min: None,
            presenters: vec![],
            recommendations: vec![Recommendation {
                text: "Godkender dagsordenen.".into(),
                outcome: Outcome::Adopted,
                outcome_source: Some(OutcomeSource::Stated),
            }],
            decision: Some("Indstillingen blev godkendt.".into()),
            attachments: vec![],
            sections: vec![Section {
                heading: Some("Beslutning".into()),
                text: "Indstillingen blev godkendt.".into(),
            }],
            closed: false,
            source: Some(ItemSource::Numbered),
            lines: Some(SourceLines::new(70, 80)),
        });
        meeting
            .warnings
            .push(Warning::new(WarningKind::Other, Some(3), "something odd"));
        meeting
    }

    #[test]
    fn record_has_every_field_of_the_schema() {
        let json = serde_json::to_value(sample()).unwrap();
        for key in [
            "schema",
            "kind",
            "body",
            "date",
            "weekday",
            "start",
            "end",
            "location",
            "chair",
            "participants",
            "items",
            "warnings",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["schema"], "referat.meeting/1");
        assert_eq!(json["date"], "2025-04-24");
        assert_eq!(json["weekday"], "torsdag");
        assert_eq!(json["start"], "15:00");
        assert_eq!(json["end"], serde_json::Value::Null);
        assert_eq!(
            json["participants"][0]["lines"],
            serde_json::json!([20, 20])
        );
        assert_eq!(json["items"][0]["recommendations"][0]["outcome"], "adopted");
        assert_eq!(json["items"][0]["number"], "2");
        assert_eq!(json["items"][0]["source"], "numbered");
        assert_eq!(json["participants"][0]["source"], "list");
        assert_eq!(json["warnings"][0], "something odd");
    }

    #[test]
    fn record_reads_back() {
        let meeting = sample();
        let json = serde_json::to_string(&meeting).unwrap();
        let back: Meeting = serde_json::from_str(&json).unwrap();
        assert_eq!(back.items, meeting.items);
        assert_eq!(back.participants, meeting.participants);
        assert_eq!(back.warnings[0].message, "something odd");
    }

    #[test]
    fn an_unnumbered_item_has_a_null_number_and_a_label() {
        let mut meeting = sample();
        if let Some(item) = meeting.items.first_mut() {
            item.number = None;
        }
        let json = serde_json::to_value(&meeting).unwrap();
        assert_eq!(json["items"][0]["number"], serde_json::Value::Null);
        assert_eq!(meeting.items[0].label(0), "1");
    }

    #[test]
    fn other_schema_is_refused() {
        let json = serde_json::to_string(&sample())
            .unwrap()
            .replace("referat.meeting/1", "referat.meeting/2");
        let err = serde_json::from_str::<Meeting>(&json).unwrap_err();
        assert!(err.to_string().contains("unsupported schema"));
    }

    #[test]
    fn clock_time_validates() {
        assert_eq!("09:05".parse::<ClockTime>().unwrap().to_string(), "09:05");
        assert!("25:00".parse::<ClockTime>().is_err());
        assert!("9:05".parse::<ClockTime>().is_err());
        assert!(ClockTime::new(24, 0).is_some());
        assert!(ClockTime::new(12, 60).is_none());
    }

    #[test]
    fn weekday_is_kept_as_written() {
        let sunday = WrittenWeekday::parse("Söndagen").unwrap();
        assert_eq!(sunday.day(), Weekday::Soendag);
        assert_eq!(sunday.to_string(), "söndag");
        assert_eq!(serde_json::to_value(sunday).unwrap(), "söndag");
        let back: WrittenWeekday = serde_json::from_str("\"tysdag\"").unwrap();
        assert_eq!(back.day(), Weekday::Tirsdag);
        assert!(WrittenWeekday::parse("sundhed").is_none());
        assert!(serde_json::from_str::<WrittenWeekday>("\"weekend\"").is_err());
    }

    #[test]
    fn weekday_of_date() {
        assert_eq!(Weekday::of(jiff::civil::date(2022, 3, 6)), Weekday::Soendag);
        assert_eq!(
            Weekday::of(jiff::civil::date(2025, 4, 24)),
            Weekday::Torsdag
        );
    }
}

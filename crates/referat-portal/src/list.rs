//! The portal's list of committees and their meetings (`api/agenda/udvalgsliste`).
//!
//! Its exact shape is not documented, and no copy of it was kept with the meetings
//! we have; this reader assumes the plausible one, with the field names of the
//! meeting files (`api/agenda/dagsorden/{id}`, whose `Udvalg` is a committee and
//! whose `Moede` a meeting):
//!
//! ```json
//! [{"Id": "d2b6…", "Navn": "Økonomiudvalget", "Historisk": false,
//!   "Moeder": [{"Id": "02e8…", "Dato": "2022-01-10T08:00:00+01:00"}]}]
//! ```
//!
//! and reads it tolerantly: unknown fields are ignored, missing and null ones are
//! empty, the meetings may be under `Moeder`, `Møder` or `Meetings`, and the list may
//! come wrapped in an object under `Udvalg`. A meeting may say whether it is
//! finished (`Afsluttet`) and carry a version stamp (`ReleasedDate`, or
//! `LastModified`/`Opdateret`); where the list gives a stamp, a meeting is fetched
//! again when its stamp changes. What is not JSON, or not a list of committees, is
//! [`ListError`], which the sync reports with the list's URL.

use jiff::civil::Date;
use serde::Deserialize;

/// A committee (*udvalg*) as the portal lists it, with its meetings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Committee {
    #[serde(rename = "Id", deserialize_with = "text")]
    pub id: String,
    #[serde(rename = "Navn", deserialize_with = "text")]
    pub name: String,
    /// A committee of an earlier term, kept for its meetings.
    #[serde(rename = "Historisk", deserialize_with = "flag")]
    pub historic: bool,
    #[serde(
        rename = "Moeder",
        alias = "Møder",
        alias = "Meetings",
        deserialize_with = "meetings"
    )]
    pub meetings: Vec<ListedMeeting>,
}

/// A meeting as the list gives it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ListedMeeting {
    #[serde(rename = "Id", deserialize_with = "text")]
    pub id: String,
    /// The date and time as the portal writes it (`2022-01-10T08:00:00+01:00`).
    #[serde(rename = "Dato", deserialize_with = "text")]
    pub when: String,
    /// Whether the portal calls the meeting finished, where the list says.
    #[serde(rename = "Afsluttet", deserialize_with = "maybe_flag")]
    pub finished: Option<bool>,
    /// The version of the meeting the list knows, where it says.
    #[serde(
        rename = "ReleasedDate",
        alias = "LastModified",
        alias = "Opdateret",
        deserialize_with = "maybe_text"
    )]
    pub stamp: Option<String>,
}

impl ListedMeeting {
    /// The day of the meeting, from the start of `Dato`.
    pub fn date(&self) -> Option<Date> {
        self.when.get(..10).and_then(|d| d.parse().ok())
    }
}

/// Why the list of committees could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("line {line}: not JSON: {reason}")]
    NotJson { line: usize, reason: String },
    #[error("line {line}: not a list of committees: {reason}")]
    NotAList { line: usize, reason: String },
}

impl ListError {
    pub fn line(&self) -> usize {
        match self {
            ListError::NotJson { line, .. } | ListError::NotAList { line, .. } => *line,
        }
    }
}

/// The committees of a list, as the portal returned it.
pub fn read_list(bytes: &[u8]) -> Result<Vec<Committee>, ListError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Vec<Committee>),
        Wrapped {
            #[serde(rename = "Udvalg", alias = "Committees")]
            committees: Vec<Committee>,
        },
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ListError::NotJson {
            line: e.line(),
            reason: e.to_string(),
        })?;
    match serde_json::from_value::<Shape>(value) {
        Ok(Shape::List(c) | Shape::Wrapped { committees: c }) => Ok(c),
        // The untagged error says nothing of where; the list read as a plain list
        // says what is wrong with it.
        Err(_) => Err(match serde_json::from_slice::<Vec<Committee>>(bytes) {
            Err(e) => ListError::NotAList {
                line: e.line(),
                reason: e.to_string(),
            },
            Ok(_) => ListError::NotAList {
                line: 1,
                reason: "neither a list nor an object with `Udvalg`".into(),
            },
        }),
    }
}

/// A string, a number as its digits, or empty for null or anything else: an id
/// written as a number is still an id, and a stray object is no reason to refuse
/// the whole list.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(maybe_text(d)?.unwrap_or_default())
}

fn maybe_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(maybe_flag(d)?.unwrap_or(false))
}

fn maybe_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(serde_json::Value::deserialize(d)?.as_bool())
}

/// The meetings, those that are not objects left out; null or missing is none.
fn meetings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ListedMeeting>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter(|v| v.is_object())
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_assumed_shape_and_ignores_the_rest() {
        let list = br#"[{"Id": "c1", "Navn": "Byraad", "Historisk": true, "Extra": {"a": 1},
            "Moeder": [{"Id": "m1", "Dato": "2022-01-10T08:00:00+01:00", "Afsluttet": true},
                       {"Id": 42, "Dato": null}, "not a meeting"]},
            {"Id": "c2", "Navn": null}]"#;
        let committees = read_list(list).unwrap();
        assert_eq!(committees.len(), 2);
        assert!(committees[0].historic);
        assert_eq!(committees[0].meetings.len(), 2);
        assert_eq!(committees[0].meetings[1].id, "42");
        assert_eq!(
            committees[0].meetings[0].date(),
            Some(jiff::civil::date(2022, 1, 10))
        );
        assert_eq!(committees[0].meetings[0].finished, Some(true));
        assert_eq!(committees[1].name, "");
        assert!(committees[1].meetings.is_empty());
    }

    #[test]
    fn a_wrapped_list_and_other_names_for_meetings() {
        let list = br#"{"Udvalg": [{"Id": "c1", "Navn": "X",
            "Meetings": [{"Id": "m1", "LastModified": "2024-01-01T10:00:00Z"}]}]}"#;
        let committees = read_list(list).unwrap();
        assert_eq!(
            committees[0].meetings[0].stamp.as_deref(),
            Some("2024-01-01T10:00:00Z")
        );
    }

    #[test]
    fn what_is_not_a_list_is_an_error_with_its_line() {
        let e = read_list(b"[\n{\"Id\": \"c1\",\n").unwrap_err();
        assert!(matches!(e, ListError::NotJson { line: 3, .. }), "{e}");
        let e = read_list(b"{\"message\": \"An error has occurred.\"}").unwrap_err();
        assert!(matches!(e, ListError::NotAList { .. }), "{e}");
        let e = read_list(b"[1, 2]").unwrap_err();
        assert!(matches!(e, ListError::NotAList { .. }), "{e}");
    }
}

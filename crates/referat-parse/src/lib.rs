//! Recognises the meeting record in the text of minutes and agendas.
//!
//! (Work in progress: the recogniser lands in the next commits.)

use referat_model::{Kind, Meeting};

/// Why a text gives no meeting record.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The text has nothing of minutes or an agenda: no meeting date, no agenda items.
    #[error("not minutes or an agenda: {reason}")]
    NotMinutes { reason: String },
}

/// Parses minutes or an agenda, refusing text that is neither.
pub fn parse(text: &str) -> Result<Meeting, ParseError> {
    let meeting = parse_lenient(text);
    if meeting.items.is_empty() {
        return Err(ParseError::NotMinutes {
            reason: "no agenda items found".into(),
        });
    }
    Ok(meeting)
}

/// Parses whatever the text holds; never fails and never panics.
pub fn parse_lenient(_text: &str) -> Meeting {
    Meeting::new(Kind::Referat)
}

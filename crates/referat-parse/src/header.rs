//! The document header: kind, forum, date, weekday, times, place, chair.
//!
//! Headers come labelled (`Mødedato: 3. februar 2021`, `**Mødested** Rådhuset`) or
//! as bare lines under the title (`REFERAT` / `Teknik- og Miljøudvalget` /
//! `Onsdag den 3. februar 2021 kl. 16.00 – 18.00` / `Mødelokale 2 på Rådhuset`).

use std::sync::LazyLock;

use referat_model::{ClockTime, Kind, Weekday};
use regex::Regex;

use crate::dates::{self, DateMention};
use crate::text::Line;

#[derive(Debug, Default)]
pub(crate) struct Header {
    pub kind: Option<Kind>,
    pub body: Option<String>,
    pub date: Option<DateMention>,
    /// The line the date was read from.
    pub date_line: Option<u32>,
    pub weekday: Option<Weekday>,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub location: Option<String>,
    pub chair: Option<String>,
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
    ("mødet er påbegyndt", Field::Start),
    ("mødet påbegyndt", Field::Start),
    ("mødet startede", Field::Start),
    ("mødet er afsluttet", Field::End),
    ("mødet afsluttet", Field::End),
    ("mødet sluttede", Field::End),
    ("mødet hævet", Field::End),
    ("mødetidspunkt", Field::Time),
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
    ("sted", Field::Location),
    ("tid", Field::Time),
];

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

static KIND_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)\b(?P<kind>referat|dagsorden|beslutningsprotokol|mødereferat|protokol)\b",
    )
});

fn kind_of(word: &str) -> Kind {
    if word.eq_ignore_ascii_case("dagsorden") {
        Kind::Dagsorden
    } else {
        Kind::Referat
    }
}

/// Reads the header from the lines before the first item (indices into `lines`).
pub(crate) fn read(lines: &[Line], header: &[usize]) -> Header {
    let mut h = Header::default();
    let owned = mend_split_dates(lines, header);
    let texts: Vec<(usize, &Line)> = owned.iter().map(|(i, l)| (*i, l)).collect();

    // Kind, and a title line that may carry the forum and date.
    let mut kind_pos = None;
    for (pos, (_, line)) in texts.iter().enumerate().take(25) {
        if let Some(c) = KIND_WORD.captures(&line.text) {
            let Some(m) = c.name("kind") else { continue };
            // "Godkendelse af referat fra sidste møde" is not a title.
            if line.text.split_whitespace().count() > 12 {
                continue;
            }
            h.kind = Some(kind_of(m.as_str()));
            kind_pos = Some(pos);
            let rest = title_rest(&line.text, m.start(), m.end());
            if let Some(rest) = rest {
                h.body = Some(rest);
            }
            break;
        }
    }

    // Labelled fields.
    let mut date_pos = None;
    for (pos, (_, line)) in texts.iter().enumerate() {
        let Some((field, value)) = labelled(&line.text) else {
            continue;
        };
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
                    }
                } else if let Some(t) = dates::time_span(value).or_else(|| bare_time(value)) {
                    h.start.get_or_insert(t.start);
                    if h.end.is_none() {
                        h.end = t.end;
                    }
                }
            }
            Field::Time => {
                if h.date.is_none() {
                    if let Some(d) = dates::first_full_date(value) {
                        h.date = Some(d);
                        h.date_line = Some(line.no);
                        h.weekday = d.weekday;
                        date_pos = Some(pos);
                    }
                }
                if let Some(t) = dates::time_span(value).or_else(|| bare_time(value)) {
                    h.start = Some(t.start);
                    if t.end.is_some() {
                        h.end = t.end;
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
            Field::Location if h.location.is_none() => h.location = Some(value.to_string()),
            Field::Body if h.body.is_none() => h.body = Some(value.to_string()),
            Field::Chair if h.chair.is_none() => h.chair = Some(value.to_string()),
            _ => {}
        }
    }

    // An unlabelled date: the first line with a full date, preferring one that names
    // the weekday.
    if h.date.is_none() {
        let mut found: Option<(usize, DateMention)> = None;
        for (pos, (_, line)) in texts.iter().enumerate().take(40) {
            if let Some(d) = dates::first_full_date(&line.text) {
                let better = match &found {
                    None => true,
                    Some((_, f)) => {
                        f.weekday.is_none() && d.weekday.is_some() && f.date() == d.date()
                    }
                };
                if better {
                    found = Some((pos, d));
                }
            }
        }
        if let Some((pos, d)) = found {
            h.date = Some(d);
            h.weekday = d.weekday;
            date_pos = Some(pos);
            if let Some((_, line)) = texts.get(pos) {
                h.date_line = Some(line.no);
                if let Some(t) = dates::time_after_kl(&line.text) {
                    h.start.get_or_insert(t.start);
                    if h.end.is_none() {
                        h.end = t.end;
                    }
                }
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
            h.body = texts
                .iter()
                .skip(kp + 1)
                .take(3)
                .map(|(_, l)| l.text.as_str())
                .find(|t| {
                    labelled(t).is_none()
                        && dates::first_full_date(t).is_none()
                        && !KIND_WORD.is_match(t)
                        && t.chars().any(char::is_alphabetic)
                })
                .map(|t| strip_date_tail(t).to_string());
        }
    }
    if h.body.is_none() {
        h.body = texts
            .iter()
            .find(|(_, l)| l.is_heading() && !KIND_WORD.is_match(&l.text))
            .map(|(_, l)| strip_date_tail(&l.text).to_string());
    }

    // An unlabelled place: the lines right under the date line.
    if h.location.is_none() {
        if let Some(dp) = date_pos {
            let mut parts = Vec::new();
            let mut prev_no = texts.get(dp).map_or(0, |(i, _)| *i);
            for (i, line) in texts.iter().skip(dp + 1).take(3) {
                // Stop at a gap: the place sits directly under the date.
                if *i != prev_no + 1 || line.is_heading() {
                    break;
                }
                let t = line.text.as_str();
                if labelled(t).is_some()
                    || KIND_WORD.is_match(t)
                    || dates::first_full_date(t).is_some()
                {
                    break;
                }
                if Some(t) == h.body.as_deref() {
                    break;
                }
                parts.push(t.strip_prefix("i ").unwrap_or(t).to_string());
                prev_no = *i;
            }
            if !parts.is_empty() {
                h.location = Some(parts.join(", "));
            }
        }
    }
    h
}

/// The header's lines with text, a date wrapped at a dash joined again
/// ("… d. 24-04-" / "2025").
fn mend_split_dates(lines: &[Line], header: &[usize]) -> Vec<(usize, Line)> {
    let mut out: Vec<(usize, Line)> = Vec::new();
    for &i in header {
        let Some(line) = lines.get(i).filter(|l| !l.is_blank()) else {
            continue;
        };
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
        }
        out.push((i, line.clone()));
    }
    out
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

/// "REFERAT Teknik- og Miljøudvalget d. 03-02-2021": the forum after the kind word.
fn title_rest(text: &str, kind_start: usize, kind_end: usize) -> Option<String> {
    let before = text.get(..kind_start)?.trim();
    let after = text.get(kind_end..)?.trim();
    // "Åbent referat" / "Referat" alone: no forum on this line.
    let candidate = if after.is_empty() { "" } else { after };
    let candidate = candidate
        .trim_start_matches([':', '-', '–', ','])
        .trim_start();
    let lower = candidate.to_lowercase();
    let candidate = [
        "af mødet i ",
        "af møde i ",
        "fra mødet i ",
        "fra møde i ",
        "for mødet i ",
        "for møde i ",
        "fra ",
        "for ",
        "af ",
    ]
    .iter()
    .find_map(|p| lower.starts_with(p).then(|| candidate.get(p.len()..)))
    .flatten()
    .unwrap_or(candidate);
    let rest = strip_date_tail(candidate);
    let _ = before;
    (rest.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| rest.to_string())
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
        if dates::weekday(w).is_some() {
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
        read(&lines, &idx)
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
    fn title_line_header() {
        let h = header(
            "# REFERAT Politisk Sundhedsklynge Nord d. 24-04-2025\n\n**Mødedato** Torsdag d. 24. april 2025 kl. 15:00\n\n**Mødested** Tandplejen, Hjørring\n",
        );
        assert_eq!(h.body.as_deref(), Some("Politisk Sundhedsklynge Nord"));
        assert_eq!(h.weekday, Some(Weekday::Torsdag));
        assert_eq!(h.start.map(|t| t.to_string()).as_deref(), Some("15:00"));
        assert_eq!(h.location.as_deref(), Some("Tandplejen, Hjørring"));
    }

    #[test]
    fn bare_header() {
        let h = header(
            " REFERAT  \n\nPolitisk Sundhedsklynge Syd \nMandag den 6. marts 2022 kl. 15.00 – 17.00 \nByrådssalen i Støvring, Rebild Kommune \nKristian Østergårdsvej 3, 9530 Støvring  \n\nMødedeltagere \n",
        );
        assert_eq!(h.body.as_deref(), Some("Politisk Sundhedsklynge Syd"));
        assert_eq!(h.weekday, Some(Weekday::Mandag));
        assert_eq!(h.end.map(|t| t.to_string()).as_deref(), Some("17:00"));
        assert_eq!(
            h.location.as_deref(),
            Some("Byrådssalen i Støvring, Rebild Kommune, Kristian Østergårdsvej 3, 9530 Støvring")
        );
    }
}

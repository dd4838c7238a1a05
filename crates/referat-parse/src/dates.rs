//! Danish dates and times as minutes write them: `Torsdag d. 24. april 2025`,
//! `d. 22-10-2024`, `04.12.2012`, `6. Maj 2022`, `kl. 15.00 – 17.00`, `kl. 17-20`.

use std::sync::LazyLock;

use jiff::civil::Date;
use referat_model::{ClockTime, WrittenWeekday};
use regex::Regex;

/// A date found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateMention {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
    /// The weekday written right before the date, if any.
    pub weekday: Option<WrittenWeekday>,
    /// Byte range of the whole mention (weekday included).
    pub start: usize,
    pub end: usize,
}

impl DateMention {
    /// The calendar date, when the mention has a year and the day exists.
    pub fn date(&self) -> Option<Date> {
        Date::new(self.year?, self.month, self.day).ok()
    }
}

pub(crate) fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    // Danish, Norwegian (mars, mai, desember) and Swedish (januari, augusti).
    let n = match w.as_str() {
        "januar" | "januari" | "jan" => 1,
        "februar" | "februari" | "feb" => 2,
        "marts" | "mars" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" | "mai" => 5,
        "juni" | "jun" => 6,
        "juli" | "jul" => 7,
        "august" | "augusti" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" => 10,
        "november" | "nov" => 11,
        "december" | "desember" | "dec" | "des" => 12,
        _ => return None,
    };
    Some(n)
}

const MONTHS: &str = "januari|januar|februari|februar|marts|mars|april|maj|mai|juni|juli|augusti|august|september|oktober|november|december|desember|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec|des";
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // Every word for a weekday, also in its definite form (`Torsdagen den`, `Söndagen
    // den`).
    let weekdays = WrittenWeekday::words().collect::<Vec<_>>().join("|");
    let pattern = format!(
        r"(?xi)
        (?: \b(?P<wd>(?:{weekdays})(?:en)?)\b ,? \s* (?: (?:d\.|den) \s* )? )?
        (?:
            \b(?P<d1>\d{{1,2}}) \.? \s* (?P<m1>{MONTHS}) \b \.? (?: ,? \s* (?P<y1>\d{{4}}) \b )?
          | \b(?P<d4>\d{{1,2}}) / (?P<m4>\d{{1,2}}) (?: - | \s+ ) (?P<y4>\d{{4}}) \b
          | \b(?P<d2>\d{{1,2}}) (?P<s1>[.\-/]) (?P<m2>\d{{1,2}}) (?P<s2>[.\-/]) (?P<y2>\d{{4}}|\d{{2}}) \b
          | \b(?P<y3>\d{{4}}) - (?P<m3>\d{{2}}) - (?P<d3>\d{{2}}) (?: \b | T )
          | \b(?P<d6>\d{{1,2}}) / (?P<m6>\d{{1,2}}) - (?P<y6>\d{{2}}) \b
          | \b(?P<d5>\d{{1,2}}) / (?P<m5>\d{{1,2}}) \b
        )"
    );
    crate::cue::compile(&pattern)
});

fn mention(caps: &regex::Captures<'_>) -> Option<DateMention> {
    let whole = caps.get(0)?;
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
    let (day, month, year) = if let Some(d) = num("d4") {
        // "5/9-2007", "15/1 2025": day/month and year, as Danish hands write it.
        (d, num("m4")?, num("y4"))
    } else if let Some(d) = num("d6") {
        // "10/9-24": a two-digit year after the dash.
        (d, num("m6")?, num("y6").map(|y| 2000 + y))
    } else if let Some(d) = num("d5") {
        // "Tirsdag d. 29/10": no year; the header finds it from the weekday.
        (d, num("m5")?, None)
    } else if let Some(d) = num("d1") {
        (
            d,
            i16::from(month_number(caps.name("m1")?.as_str())?),
            num("y1"),
        )
    } else if let Some(d) = num("d2") {
        let separators = (
            caps.name("s1").map(|m| m.as_str()),
            caps.name("s2").map(|m| m.as_str()),
        );
        // "6/10-25" is day/month and year as Danish hands write it; other mixed
        // separators are no date.
        if separators.0 != separators.1 && separators != (Some("/"), Some("-")) {
            return None;
        }
        let y = num("y2")?;
        // Two-digit years ("07.09.20") are this century's.
        let y = if y < 100 { 2000 + y } else { y };
        (d, num("m2")?, Some(y))
    } else {
        (num("d3")?, num("m3")?, num("y3"))
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    if year.is_some_and(|y| !(1900..=2200).contains(&y)) {
        return None;
    }
    Some(DateMention {
        year,
        month: i8::try_from(month).ok()?,
        day: i8::try_from(day).ok()?,
        weekday: caps
            .name("wd")
            .and_then(|m| WrittenWeekday::parse(m.as_str())),
        start: whole.start(),
        end: whole.end(),
    })
}

/// Every date mentioned in a text, in order.
pub(crate) fn dates(text: &str) -> Vec<DateMention> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    DATE.captures_iter(text)
        .filter_map(|c| mention(&c))
        .map(|mut d| {
            // "2025-05-07 (onsdag)": the weekday after the date.
            if d.weekday.is_none() {
                let after = text.get(d.end..).unwrap_or("").trim_start();
                if let Some(inner) = after.strip_prefix('(') {
                    let word = inner.split(')').next().unwrap_or("").trim();
                    if let Some(w) = WrittenWeekday::parse(word) {
                        d.weekday = Some(w);
                    }
                }
            }
            d
        })
        .collect()
}

/// The first date with a year in a text.
pub(crate) fn first_full_date(text: &str) -> Option<DateMention> {
    dates(text).into_iter().find(|d| d.date().is_some())
}

/// A time or time span: `kl. 15:00`, `kl. 15.00 – 17.00`, `kl. 17-20`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimeSpan {
    pub start: ClockTime,
    pub end: Option<ClockTime>,
    pub range: (usize, usize),
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?xi)
        \b(?:kl|klokken)\b \.? \s*
        (?P<h1>\d{1,2}) (?: [.:] (?P<m1>\d{2}) )?
        (?: \s* (?:[-–—]|til) \s* (?: (?:kl|klokken)\b \.? \s* )?
            (?P<h2>\d{1,2}) (?: [.:] (?P<m2>\d{2}) )? \b )?",
    )
});

static BARE_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"\b(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–—]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2})\b",
    )
});

fn clock(caps: &regex::Captures<'_>, h: &str, m: &str) -> Option<ClockTime> {
    let hour = caps.name(h)?.as_str().parse().ok()?;
    let minute = match caps.name(m) {
        Some(m) => m.as_str().parse().ok()?,
        None => 0,
    };
    ClockTime::new(hour, minute)
}

fn span(caps: &regex::Captures<'_>) -> Option<TimeSpan> {
    let whole = caps.get(0)?;
    Some(TimeSpan {
        start: clock(caps, "h1", "m1")?,
        end: clock(caps, "h2", "m2"),
        range: (whole.start(), whole.end()),
    })
}

/// The first `kl.` time (or span) in a text.
pub(crate) fn time_after_kl(text: &str) -> Option<TimeSpan> {
    if !text.contains("kl") && !text.contains("Kl") && !text.contains("KL") {
        return None;
    }
    TIME.captures_iter(text).find_map(|c| span(&c))
}

/// A time span with or without `kl.`: `15.05 – 15.25`.
pub(crate) fn time_span(text: &str) -> Option<TimeSpan> {
    time_after_kl(text).or_else(|| BARE_SPAN.captures_iter(text).find_map(|c| span(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(text: &str) -> (Option<i16>, i8, i8, Option<&'static str>) {
        let d = dates(text).into_iter().next().expect(text);
        (d.year, d.month, d.day, d.weekday.map(|w| w.as_str()))
    }

    #[test]
    fn long_dates() {
        assert_eq!(
            ymd("Torsdag d. 24. april 2025 kl. 15:00"),
            (Some(2025), 4, 24, Some("torsdag"))
        );
        assert_eq!(
            ymd("Mandag den 6. marts 2022 kl. 15.00 – 17.00"),
            (Some(2022), 3, 6, Some("mandag"))
        );
        assert_eq!(ymd("Mødedato: 6. Maj 2022"), (Some(2022), 5, 6, None));
        // Swedish, in the definite form, kept as written.
        assert_eq!(
            ymd("Söndagen den 30 mars 2025"),
            (Some(2025), 3, 30, Some("söndag"))
        );
        assert_eq!(ymd("19. november 2020"), (Some(2020), 11, 19, None));
        assert_eq!(
            ymd("tirsdag den 4. december 2012, kl. 13:00"),
            (Some(2012), 12, 4, Some("tirsdag"))
        );
        assert_eq!(
            ymd("senest tirsdag d. 10. maj."),
            (None, 5, 10, Some("tirsdag"))
        );
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            ymd("REFERAT Politisk Sundhedsklynge Nord d. 24-04-2025"),
            (Some(2025), 4, 24, None)
        );
        assert_eq!(ymd("Dato: 04.12.2012"), (Some(2012), 12, 4, None));
        assert_eq!(ymd("møde 07.09.20"), (Some(2020), 9, 7, None));
        assert_eq!(ymd("2025-10-08"), (Some(2025), 10, 8, None));
        assert_eq!(ymd("møde 5/9-2007"), (Some(2007), 9, 5, None));
        assert_eq!(
            ymd("mandag d. 6/10-25"),
            (Some(2025), 10, 6, Some("mandag"))
        );
        assert_eq!(
            ymd("Onsdag 15/1 2025 kl. 19:30"),
            (Some(2025), 1, 15, Some("onsdag"))
        );
        assert_eq!(ymd("2024-09-09T15:30:00+02:00"), (Some(2024), 9, 9, None));
        assert_eq!(ymd("den 14 mars 2024"), (Some(2024), 3, 14, None));
        assert_eq!(ymd("29. desember 2017"), (Some(2017), 12, 29, None));
        assert_eq!(ymd("8. Oktober, 2022"), (Some(2022), 10, 8, None));
    }

    #[test]
    fn not_dates() {
        assert!(dates("1.160.000 kr. i 2024").is_empty());
        assert!(dates("pkt. 6 behandles først").is_empty());
        assert!(
            dates("d. 31-02-2024")
                .first()
                .and_then(DateMention::date)
                .is_none()
        );
        assert!(dates("12:12 Seminar").is_empty());
    }

    #[test]
    fn times() {
        let t = time_after_kl("Torsdag d. 24. april 2025 kl. 15:00").unwrap();
        assert_eq!((t.start.to_string(), t.end), ("15:00".to_string(), None));
        let t = time_after_kl("6. marts 2022 kl. 15.00 – 17.00").unwrap();
        assert_eq!(t.end.unwrap().to_string(), "17:00");
        let t = time_after_kl("i tidsrummet kl. 17-20").unwrap();
        assert_eq!(
            (t.start.to_string(), t.end.unwrap().to_string()),
            ("17:00".into(), "20:00".into())
        );
        let t = time_span("Status – kl. 15.05 – 15.25").unwrap();
        assert_eq!(t.start.to_string(), "15:05");
        let t = time_span("Velkomst 15.05 – 15.25").unwrap();
        assert_eq!(t.end.unwrap().to_string(), "15:25");
        assert!(time_after_kl("kl. 25.99").is_none());
    }
}

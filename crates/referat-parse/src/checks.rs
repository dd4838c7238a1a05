//! Checks of what a document states against itself: weekdays against dates, amount
//! tables against their totals.

use std::sync::LazyLock;

use jiff::civil::Date;
use referat_model::{Warning, WarningKind, Weekday, WrittenWeekday};
use regex::Regex;

use crate::dates;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mandag => "Monday",
        Weekday::Tirsdag => "Tuesday",
        Weekday::Onsdag => "Wednesday",
        Weekday::Torsdag => "Thursday",
        Weekday::Fredag => "Friday",
        Weekday::Loerdag => "Saturday",
        Weekday::Soendag => "Sunday",
    }
}

fn long_date(d: Date) -> String {
    let month = MONTHS_EN
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    format!("{} {} {}", d.day(), month, d.year())
}

/// The header's weekday against its date; names the nearest year in which the date
/// falls on the written weekday, as the likely slip.
pub(crate) fn header_weekday(
    date: Date,
    word: WrittenWeekday,
    line: Option<u32>,
) -> Option<Warning> {
    let written = word.day();
    let actual = Weekday::of(date);
    if actual == written {
        return None;
    }
    let nearby = [1i16, -1, 2, -2].into_iter().find_map(|delta| {
        let d = Date::new(date.year() + delta, date.month(), date.day()).ok()?;
        (Weekday::of(d) == written).then_some(d)
    });
    let hint = nearby
        .map(|d| {
            format!(
                " ({} was a {}; the year may be wrong)",
                long_date(d),
                weekday_en(written)
            )
        })
        .unwrap_or_default();
    Some(Warning::new(
        WarningKind::WeekdayMismatch,
        line,
        format!(
            "The header's weekday '{}' does not match the date: {} was a {}{hint}.",
            word,
            long_date(date),
            weekday_en(actual)
        ),
    ))
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| crate::cue::compile(r"\b(?:19|20)\d{2}\b"));

fn names_a_weekday(text: &str) -> bool {
    // Every weekday ends in "dag" (or "dagen"); most paragraphs have none, and only the
    // few words that end so are looked up.
    if !text.contains("dag") && !text.contains("DAG") {
        return false;
    }
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            let stem = w
                .strip_suffix("en")
                .or_else(|| w.strip_suffix("EN"))
                .unwrap_or(w);
            stem.ends_with("dag") || stem.ends_with("DAG")
        })
        .any(|w| WrittenWeekday::parse(w).is_some())
}

/// Weekdays written with dates in the body text (`Torsdag d. 2. juni`). A date without
/// a year takes the last year the section mentions, else the meeting's.
pub(crate) fn text_weekdays(
    paras: &[(u32, &str)],
    meeting: Option<Date>,
    item: &str,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut context_year: Option<i16> = None;
    for &(line, text) in paras {
        let mentions = if names_a_weekday(text) {
            dates::dates(text)
        } else {
            Vec::new()
        };
        for m in &mentions {
            let Some(written) = m.weekday.map(|w| w.day()) else {
                continue;
            };
            let stated_year = m.year;
            let in_para_year = YEAR
                .find_iter(text.get(..m.start).unwrap_or(""))
                .last()
                .and_then(|y| y.as_str().parse::<i16>().ok());
            let (year, inferred) = match stated_year.or(in_para_year).or(context_year) {
                Some(y) => (y, false),
                None => match meeting {
                    Some(d) => (d.year(), true),
                    None => continue,
                },
            };
            let Ok(date) = Date::new(year, m.month, m.day) else {
                continue;
            };
            if Weekday::of(date) == written {
                continue;
            }
            if inferred {
                // A date in the new year, written in a December meeting.
                if let Ok(next) = Date::new(year + 1, m.month, m.day) {
                    if Weekday::of(next) == written {
                        continue;
                    }
                }
            }
            let said = text.get(m.start..m.end).unwrap_or("").trim();
            let year_note = if stated_year.is_some() {
                String::new()
            } else {
                format!(" (read as {year})")
            };
            out.push(Warning::new(
                WarningKind::WeekdayMismatch,
                Some(line),
                format!(
                    "{item}: '{said}'{year_note} does not match the date: {} was a {}.",
                    long_date(date),
                    weekday_en(Weekday::of(date))
                ),
            ));
        }
        if let Some(y) = YEAR
            .find_iter(text)
            .last()
            .and_then(|y| y.as_str().parse().ok())
        {
            context_year = Some(y);
        }
    }
    out
}

/// An amount as Danish text writes it: `1.416.000 kr.`, `0,150`, `743.000`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Amount {
    pub value: f64,
    /// Both separators, the English way round (`1,062.000`).
    pub mixed: bool,
}

pub(crate) fn amount(cell: &str) -> Option<Amount> {
    let lower = cell.to_lowercase();
    let core: String = lower
        .replace("mio.", "")
        .replace("mia.", "")
        .replace("kr.", "")
        .replace("kr", "")
        .replace("dkk", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let core = core.trim_end_matches('.');
    if core.is_empty()
        || !core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '−'))
    {
        return None;
    }
    if !core.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let negative = core.starts_with(['-', '−']);
    let digits = core.trim_start_matches(['-', '−']);
    let last_dot = digits.rfind('.');
    let last_comma = digits.rfind(',');
    let (normal, mixed) = match (last_dot, last_comma) {
        (Some(d), Some(c)) if d > c => (digits.replace(',', ""), true),
        (Some(_), Some(_)) => (digits.replace('.', "").replace(',', "."), false),
        (None, Some(_)) => (digits.replace(',', "."), false),
        (Some(_), None) => {
            let groups: Vec<&str> = digits.split('.').collect();
            let thousands = groups.len() >= 2
                && groups.iter().skip(1).all(|g| g.len() == 3)
                && groups
                    .first()
                    .is_some_and(|g| !g.is_empty() && g.len() <= 3 && *g != "0");
            if thousands {
                (digits.replace('.', ""), false)
            } else {
                (digits.to_string(), false)
            }
        }
        (None, None) => (digits.to_string(), false),
    };
    let value: f64 = normal.parse().ok()?;
    Some(Amount {
        value: if negative { -value } else { value },
        mixed,
    })
}

fn is_total_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    ["i alt", "total", "sum", "samlet", "samlede", "totalt"]
        .iter()
        .any(|t| l == *t || l.starts_with(&format!("{t} ")) || l.starts_with(&format!("{t}:")))
}

fn format_amount(v: f64) -> String {
    if v.fract().abs() < 1e-9 && v.abs() >= 1000.0 {
        let s = format!("{:.0}", v.abs());
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push('.');
            }
            out.push(c);
        }
        if v < 0.0 { format!("-{out}") } else { out }
    } else {
        format!("{v:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .replace('.', ",")
    }
}

/// One table of amounts: rows of cells, with their lines.
pub(crate) fn amount_table(rows: &[(u32, &[String])], item: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(total_at) = rows
        .iter()
        .position(|(_, cells)| cells.first().is_some_and(|c| is_total_label(c)))
    else {
        return out;
    };
    let Some((total_line, total_cells)) = rows.get(total_at) else {
        return out;
    };
    let values = |cells: &[String]| -> Vec<Option<Amount>> {
        cells.iter().skip(1).map(|c| amount(c)).collect()
    };
    let totals = values(total_cells);
    let data: Vec<(u32, Vec<Option<Amount>>)> = rows
        .get(..total_at)
        .unwrap_or(&[])
        .iter()
        .filter(|(_, cells)| {
            // Data rows have a label; a header row ("2022  2023 +") does not.
            cells
                .first()
                .is_some_and(|c| amount(c).is_none() && c.chars().any(char::is_alphabetic))
        })
        .map(|(line, cells)| (*line, values(cells)))
        .filter(|(_, v)| v.iter().any(Option::is_some))
        .collect();
    if data.len() < 2 {
        return out;
    }
    for (line, cells) in rows {
        for cell in cells.iter() {
            if amount(cell).is_some_and(|a| a.mixed) {
                out.push(Warning::new(
                    WarningKind::AmountMismatch,
                    Some(*line),
                    format!("{item}: the amount '{cell}' mixes decimal and thousands separators."),
                ));
            }
        }
    }
    // Columns are aligned from the right: the label column may hold footnote digits.
    for (from_right, total) in totals.iter().rev().enumerate() {
        let Some(total) = total else { continue };
        let mut sum = 0.0;
        for (_, v) in &data {
            if let Some(Some(a)) = v.iter().rev().nth(from_right) {
                sum += a.value;
            }
        }
        let tolerance = (total.value.abs() * 0.005).max(0.0015);
        if (sum - total.value).abs() > tolerance {
            let column = totals.len() - from_right;
            let thousandfold = [sum * 1000.0, sum / 1000.0]
                .iter()
                .any(|s| (s - total.value).abs() <= (total.value.abs() * 0.005).max(0.0015));
            let hint = if thousandfold {
                " (a factor of 1000 apart: a decimal comma and a thousands point mixed up?)"
            } else {
                ""
            };
            out.push(Warning::new(
                WarningKind::AmountMismatch,
                Some(*total_line),
                format!(
                    "{item}: in the table, column {column} adds up to {} but the total row says {}{hint}.",
                    format_amount(sum),
                    format_amount(total.value)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_amounts() {
        assert_eq!(amount("1.416.000 kr.").map(|a| a.value), Some(1_416_000.0));
        assert_eq!(amount("0,150").map(|a| a.value), Some(0.15));
        assert_eq!(amount("743.000 kr.").map(|a| a.value), Some(743_000.0));
        assert_eq!(amount("0.073 kr.").map(|a| a.value), Some(0.073));
        assert!(amount("1,062.000 kr.").is_some_and(|a| a.mixed));
        assert_eq!(amount("130.980kr.").map(|a| a.value), Some(130_980.0));
        assert_eq!(amount("Resterende midler"), None);
        assert_eq!(amount("2023 +"), None);
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn totals() {
        let rows = [
            row(&["2022", "2023 +"]),
            row(&["Etableringsomkostninger 1 2 biler", "0,150", "0"]),
            row(&["Årlig driftsudgifter 2 biler", "1,266", "1,266"]),
            row(&["I alt", "1,416", "1,266"]),
        ];
        let refs: Vec<(u32, &[String])> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i as u32, r.as_slice()))
            .collect();
        assert!(amount_table(&refs, "Item 5").is_empty());
        let rows = [
            row(&["Udgift A", "81.420 kr.", "0.073 kr."]),
            row(&["Udgift B", "130.980kr.", "0.117 kr."]),
            row(&["Udgift C", "141.600 kr.", "0.127 kr."]),
            row(&["Udgift D", "1,062.000 kr.", "0,949 kr."]),
            row(&["I alt", "1.416.000 kr.", "1.266 kr."]),
        ];
        let refs: Vec<(u32, &[String])> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i as u32, r.as_slice()))
            .collect();
        let w = amount_table(&refs, "Item 5");
        assert!(w.iter().any(|w| w.message.contains("mixes")), "{w:#?}");
        assert!(w.iter().any(|w| w.message.contains("column 1")), "{w:#?}");
        assert!(w.iter().any(|w| w.message.contains("column 2")), "{w:#?}");
    }

    #[test]
    fn weekdays() {
        let w = header_weekday(
            jiff::civil::date(2022, 3, 6),
            WrittenWeekday::danish(Weekday::Mandag),
            Some(4),
        )
        .unwrap();
        assert!(
            w.message.contains("6 March 2022 was a Sunday"),
            "{}",
            w.message
        );
        assert!(
            w.message.contains("6 March 2023 was a Monday"),
            "{}",
            w.message
        );
        assert!(
            header_weekday(
                jiff::civil::date(2025, 4, 24),
                WrittenWeekday::danish(Weekday::Torsdag),
                None
            )
            .is_none()
        );
        let paras = [
            (1, "Forslag til mødekalender 2021 ser ud som følger:"),
            (2, "Mandag d. 3. maj kl. 14 – 16"),
            (3, "Torsdag d. 2. juni"),
        ];
        let w = text_weekdays(&paras, Some(jiff::civil::date(2020, 11, 19)), "Item 9");
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(w[0].message.contains("2 June 2021 was a Wednesday"));
    }
}

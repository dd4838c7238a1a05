//! The query language users type: words, "exact phrases", `-exclusion`, `prefix*`, and
//! filters `forum:`, `year:`, `date:2023..2024`, `person:`, `outcome:`, `kind:`.
//!
//! Parsing never fails: anything that is not a filter or a phrase is words, and an
//! unknown `key:value` is read as the words it contains, since a colon in a search
//! for "Punkt 3: budget" is not a mistake.

/// One part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    Word(String),
    Prefix(String),
    Phrase(Vec<String>),
    Filter(Filter),
    /// Items matching this must not be found.
    Not(Box<Clause>),
}

/// A restriction on which items are found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Forum(String),
    /// Inclusive range of ISO dates (`YYYY-MM-DD`), either end open.
    Date(Option<String>, Option<String>),
    Person(String),
    Outcome(String),
    Kind(String),
}

/// Whether a query is of the costly kind, which a server runs fewer of at once: more
/// than four clauses (each another pass over postings), or more than one prefix. A
/// prefix is a union of up to `MAX_PREFIX_TERMS` terms a field, but so is a word
/// (the compounds it starts), and one prefix costs a few times a word, not more:
/// queued apart, the prefixes of ordinary searches waited behind each other.
pub fn is_costly(query: &str) -> bool {
    let clauses = parse(query);
    let prefixes = clauses
        .iter()
        .filter(|c| matches!(c, Clause::Prefix(_)))
        .count();
    clauses.len() > 4 || prefixes > 1
}

/// Splits a query into clauses.
pub fn parse(query: &str) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        let negated = rest.starts_with('-') && rest.len() > 1;
        if negated {
            rest = rest.get(1..).unwrap_or("");
        }
        let (clause, after) = next_clause(rest);
        rest = after.trim_start();
        if let Some(clause) = clause {
            clauses.push(if negated {
                Clause::Not(Box::new(clause))
            } else {
                clause
            });
        }
    }
    clauses
}

/// Reads a quoted text or a bare token from the start of `s`.
fn quoted_or_token(s: &str) -> (String, &str) {
    if let Some(inner) = s.strip_prefix('"') {
        match inner.find('"') {
            Some(end) => (
                inner.get(..end).unwrap_or("").to_string(),
                inner.get(end + 1..).unwrap_or(""),
            ),
            None => (inner.to_string(), ""),
        }
    } else {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        (
            s.get(..end).unwrap_or("").to_string(),
            s.get(end..).unwrap_or(""),
        )
    }
}

fn next_clause(s: &str) -> (Option<Clause>, &str) {
    if s.starts_with('"') {
        let (text, rest) = quoted_or_token(s);
        let words = words(&text);
        return match words.len() {
            0 => (None, rest),
            1 => (words.into_iter().next().map(Clause::Word), rest),
            _ => (Some(Clause::Phrase(words)), rest),
        };
    }
    if let Some((key, value)) = s.split_once(':') {
        let key_ok = !key.contains(char::is_whitespace);
        let filter = |value: &str| -> Option<Filter> {
            let v = value.trim();
            if v.is_empty() {
                return None;
            }
            match key.to_lowercase().as_str() {
                "forum" | "udvalg" => Some(Filter::Forum(v.to_string())),
                "person" => Some(Filter::Person(v.to_string())),
                "outcome" | "udfald" => Some(Filter::Outcome(v.to_lowercase())),
                "kind" | "type" => Some(Filter::Kind(v.to_lowercase())),
                "year" | "år" => year_range(v),
                "date" | "dato" => date_range(v),
                _ => None,
            }
        };
        if key_ok && !value.starts_with(char::is_whitespace) {
            let (value, rest) = quoted_or_token(value);
            if let Some(f) = filter(&value) {
                return (Some(Clause::Filter(f)), rest);
            }
        }
    }
    let (token, rest) = quoted_or_token(s);
    if let Some(stem) = token.strip_suffix('*') {
        let w = words(stem);
        if let [only] = w.as_slice() {
            return (Some(Clause::Prefix(only.clone())), rest);
        }
    }
    let w = words(&token);
    match w.len() {
        0 => (None, rest),
        1 => (w.into_iter().next().map(Clause::Word), rest),
        // "Punkt3:budget" and the like: the words, together.
        _ => (Some(Clause::Phrase(w)), rest),
    }
}

/// The words of a text: letters and digits, lower case.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn year_range(v: &str) -> Option<Filter> {
    let (from, to) = v.split_once("..").unwrap_or((v, v));
    let year = |y: &str| -> Option<Option<u16>> {
        if y.is_empty() {
            Some(None)
        } else {
            y.parse::<u16>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .map(Some)
        }
    };
    let (from, to) = (year(from)?, year(to)?);
    Some(Filter::Date(
        from.map(|y| format!("{y:04}-01-01")),
        to.map(|y| format!("{y:04}-12-31")),
    ))
}

/// `2023..2024`, `2023-05..2024-02-10`, `2024-03-01`: whole years and months are
/// taken whole.
fn date_range(v: &str) -> Option<Filter> {
    let (from, to) = v.split_once("..").unwrap_or((v, v));
    let end = |d: &str, last: bool| -> Option<Option<String>> {
        if d.is_empty() {
            return Some(None);
        }
        let parts: Vec<&str> = d.split('-').collect();
        let num = |p: Option<&&str>| p.and_then(|p| p.parse::<u16>().ok());
        let y = num(parts.first()).filter(|y| (1900..=2200).contains(y))?;
        let out = match parts.len() {
            1 => format!("{y:04}-{}", if last { "12-31" } else { "01-01" }),
            2 => {
                let m = num(parts.get(1)).filter(|m| (1..=12).contains(m))?;
                format!("{y:04}-{m:02}-{}", if last { "31" } else { "01" })
            }
            3 => {
                let m = num(parts.get(1)).filter(|m| (1..=12).contains(m))?;
                let d = num(parts.get(2)).filter(|d| (1..=31).contains(d))?;
                format!("{y:04}-{m:02}-{d:02}")
            }
            _ => return None,
        };
        Some(Some(out))
    };
    Some(Filter::Date(end(from, false)?, end(to, true)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Clause {
        Clause::Word(s.into())
    }

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        assert_eq!(
            parse(r#"mobil "blodprøve tagning" genop* -budget"#),
            vec![
                w("mobil"),
                Clause::Phrase(vec!["blodprøve".into(), "tagning".into()]),
                Clause::Prefix("genop".into()),
                Clause::Not(Box::new(w("budget"))),
            ]
        );
        assert_eq!(parse("  "), vec![]);
        assert_eq!(parse(r#""ufærdig"#), vec![w("ufærdig")]);
        assert_eq!(parse("-"), vec![]);
    }

    #[test]
    fn filters() {
        assert_eq!(
            parse(
                r#"forum:"Politisk Sundhedsklynge Nord" year:2024 outcome:Adopted kind:referat person:Duedahl"#
            ),
            vec![
                Clause::Filter(Filter::Forum("Politisk Sundhedsklynge Nord".into())),
                Clause::Filter(Filter::Date(
                    Some("2024-01-01".into()),
                    Some("2024-12-31".into())
                )),
                Clause::Filter(Filter::Outcome("adopted".into())),
                Clause::Filter(Filter::Kind("referat".into())),
                Clause::Filter(Filter::Person("Duedahl".into())),
            ]
        );
        assert_eq!(
            parse("date:2023..2024"),
            vec![Clause::Filter(Filter::Date(
                Some("2023-01-01".into()),
                Some("2024-12-31".into())
            ))]
        );
        assert_eq!(
            parse("date:2024-03..2024-05-10"),
            vec![Clause::Filter(Filter::Date(
                Some("2024-03-01".into()),
                Some("2024-05-10".into())
            ))]
        );
        assert_eq!(
            parse("date:..2020"),
            vec![Clause::Filter(Filter::Date(
                None,
                Some("2020-12-31".into())
            ))]
        );
    }

    #[test]
    fn what_is_not_a_filter_is_words() {
        assert_eq!(
            parse("Punkt 3: budget"),
            vec![w("punkt"), w("3"), w("budget")]
        );
        assert_eq!(
            parse("year:next"),
            vec![Clause::Phrase(vec!["year".into(), "next".into()])]
        );
        assert_eq!(
            parse("klokken:15"),
            vec![Clause::Phrase(vec!["klokken".into(), "15".into()])]
        );
    }
}

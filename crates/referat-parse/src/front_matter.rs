//! Front matter: the `---` block of `key: value` lines at the very start of a document
//! (Jekyll, Hugo and Astro pages, and the data the extractor writes for structured
//! sources such as the FirstAgenda publication JSON). It is data about the meeting, read
//! as data: a date, a title, a forum, and lists of participants and absentees.
//!
//! Only the simple subset of YAML such headers use is read: `key: value` (plain, `'…'`
//! or `"…"`), and `key:` followed by `  - item` lines. Hugo's TOML front matter, fenced
//! by `+++`, is read the same way with `key = value`. Anything else in the block is
//! passed over.

/// The entries of the front matter, in order, with the line each is on.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    /// The key in lower case.
    key: String,
    value: Value,
    line: u32,
}

#[derive(Debug)]
enum Value {
    Text(String),
    List(Vec<String>),
}

/// Front matter longer than this is not front matter but a document that happens to
/// start with a rule.
const MAX_LINES: usize = 200;

/// How many lines at the start of `text` are front matter, both `---` lines included;
/// 0 when there is none.
pub(crate) fn line_count(text: &str) -> usize {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let Some(syntax) = lines.next().and_then(|l| Syntax::of_fence(l.trim_end())) else {
        return 0;
    };
    let mut keys = 0;
    for (i, line) in lines.take(MAX_LINES).enumerate() {
        let t = line.trim_end();
        if syntax.closes(t) {
            // An empty block is a rule, not front matter.
            return if keys > 0 { i + 2 } else { 0 };
        }
        if t.trim().is_empty() || t.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if key_of(t, syntax).is_none() {
            return 0;
        }
        keys += 1;
    }
    0
}

/// YAML (`---`, `key: value`) or TOML (`+++`, `key = value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

impl Syntax {
    fn of_fence(line: &str) -> Option<Syntax> {
        match line {
            "---" => Some(Syntax::Yaml),
            "+++" => Some(Syntax::Toml),
            _ => None,
        }
    }

    fn closes(self, line: &str) -> bool {
        match self {
            Syntax::Yaml => line == "---" || line == "...",
            Syntax::Toml => line == "+++",
        }
    }
}

fn key_of(line: &str, syntax: Syntax) -> Option<(&str, &str)> {
    let (key, rest) = match syntax {
        Syntax::Yaml => line.split_once(':')?,
        Syntax::Toml => line.split_once('=').map(|(k, r)| (k.trim_end(), r))?,
    };
    let ok = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let spaced = rest.is_empty() || rest.starts_with([' ', '\t']);
    (ok && (spaced || syntax == Syntax::Toml)).then(|| (key, rest.trim()))
}

/// A scalar as written: quotes taken off (`'it''s'`, `"a \"b\""`), a comment after a
/// plain value dropped.
fn scalar(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push(' '),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    match raw.find(" #") {
        Some(at) => raw.get(..at).unwrap_or(raw).trim_end().to_string(),
        None => raw.to_string(),
    }
}

impl FrontMatter {
    /// Reads the front matter of `text`, if it has one.
    pub fn read(text: &str) -> FrontMatter {
        let count = line_count(text);
        let mut out = FrontMatter::default();
        if count < 2 {
            return out;
        }
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let syntax = if text.starts_with("+++") {
            Syntax::Toml
        } else {
            Syntax::Yaml
        };
        let mut open_list: Option<usize> = None;
        for (i, raw) in text.split('\n').enumerate().take(count - 1).skip(1) {
            let line = raw.trim_end_matches('\r');
            let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(item) = trimmed.strip_prefix("- ").or_else(|| {
                // "-" alone is an empty entry.
                (trimmed == "-").then_some("")
            }) {
                if let Some(Entry {
                    value: Value::List(items),
                    ..
                }) = open_list.and_then(|k| out.entries.get_mut(k))
                {
                    let item = scalar(item);
                    if !item.is_empty() {
                        items.push(item);
                    }
                }
                continue;
            }
            if line.starts_with([' ', '\t']) {
                // A nested mapping or a folded value: not read.
                continue;
            }
            let Some((key, rest)) = key_of(line, syntax) else {
                open_list = None;
                continue;
            };
            let value = if rest.is_empty() {
                open_list = Some(out.entries.len());
                Value::List(Vec::new())
            } else if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                open_list = None;
                Value::List(
                    inner
                        .split(',')
                        .map(scalar)
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            } else {
                open_list = None;
                Value::Text(scalar(rest))
            };
            out.entries.push(Entry {
                key: key.to_lowercase(),
                value,
                line: no,
            });
        }
        out
    }

    /// The first text value under one of `keys`, with its line.
    pub fn text(&self, keys: &[&str]) -> Option<(&str, u32)> {
        keys.iter().find_map(|k| {
            self.entries.iter().find_map(|e| match &e.value {
                Value::Text(t) if e.key == *k && !t.is_empty() => Some((t.as_str(), e.line)),
                _ => None,
            })
        })
    }

    /// The list under one of `keys` (a single text value counts as a list of one), with
    /// the line of its key.
    pub fn list(&self, keys: &[&str]) -> Option<(Vec<&str>, u32)> {
        keys.iter().find_map(|k| {
            self.entries.iter().find_map(|e| {
                if e.key != *k {
                    return None;
                }
                match &e.value {
                    Value::List(items) => {
                        Some((items.iter().map(String::as_str).collect(), e.line))
                    }
                    Value::Text(t) if !t.is_empty() => Some((vec![t.as_str()], e.line)),
                    Value::Text(_) => None,
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_front_matter() {
        let text = "---\nlayout: default\ntitle: 'Styrets møde'\ndate: 2017-03-27\npublished: false\n---\n\n# Møde\n";
        assert_eq!(line_count(text), 6);
        let f = FrontMatter::read(text);
        assert_eq!(f.text(&["title"]), Some(("Styrets møde", 3)));
        assert_eq!(f.text(&["date"]), Some(("2017-03-27", 4)));
        assert_eq!(f.text(&["forum"]), None);
    }

    #[test]
    fn lists_and_quotes() {
        let text = "---\nforum: \"Teknik: og Miljø\"\nparticipants:\n  - Anne Holm\n  - Bo Lind\nabsent: [Carl Friis]\n---\nText";
        let f = FrontMatter::read(text);
        assert_eq!(f.text(&["forum"]).map(|t| t.0), Some("Teknik: og Miljø"));
        assert_eq!(
            f.list(&["participants"]).map(|l| l.0),
            Some(vec!["Anne Holm", "Bo Lind"])
        );
        assert_eq!(f.list(&["absent"]).map(|l| l.0), Some(vec!["Carl Friis"]));
    }

    #[test]
    fn a_rule_at_the_start_is_not_front_matter() {
        assert_eq!(line_count("---\n\n# Referat\n\nTekst\n---\n"), 0);
        assert_eq!(line_count("---\n---\nTekst"), 0);
        assert_eq!(line_count("# Referat\n---\ntitle: x\n---"), 0);
        assert_eq!(line_count("---\ntitle: x\n"), 0);
        let toml = "+++\ntitle = \"Referat\"\ndate = 2025-03-02T20:14:00+01:00\ntags = [\"a\", \"b\"]\n+++\n\nTekst";
        assert_eq!(line_count(toml), 5);
        let f = FrontMatter::read(toml);
        assert_eq!(f.text(&["title"]).map(|(t, _)| t), Some("Referat"));
        assert_eq!(f.list(&["tags"]).map(|(l, _)| l.len()), Some(2));
    }
}

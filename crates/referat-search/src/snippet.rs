//! Snippets: the window of a hit's text where the words the search found stand
//! together, those words marked, found without analysing the whole text.
//!
//! tantivy's snippet generator runs the Danish analyzer, stemmer and all, over every
//! word of every shown hit's text: a third of a search's time under load. But a word
//! can only analyse to one of the query's terms if it starts as the term does: the
//! stemmer takes letters off a word's end and never its first three (Snowball's R1
//! region starts after them at the earliest), lower case keeps the length of Danish
//! letters, and only `aa` (folded to `å`) is written otherwise. So the text is
//! searched for the terms' first letters, and only the words found there are
//! analysed.

use std::collections::HashMap;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis;

/// The letters of a term a word must start with to be looked at.
const START: usize = 3;

/// The most marked words looked at in one text: a text made of one word again and
/// again costs this many analyses, not its length's.
const MAX_FOUND: usize = 2_000;

/// Marks a search's terms in texts.
pub(crate) struct Marker {
    /// The analysed terms, each with its weight (rarer terms weigh more) and number.
    terms: HashMap<String, (f32, usize)>,
    /// What a word that may be a term starts with, in lower case.
    starts: Vec<Start>,
    analyzer: TextAnalyzer,
    max_chars: usize,
}

/// The letters a word that may be a term starts with, and the first bytes of its
/// first letter in lower and upper case, which the text is scanned for.
struct Start {
    letters: Vec<char>,
    bytes: (u8, u8),
}

impl Start {
    fn new(letters: &str) -> Option<Start> {
        let first = letters.chars().next()?;
        let upper = first.to_uppercase().next().unwrap_or(first);
        let lead = |c: char| {
            let mut buf = [0; 4];
            c.encode_utf8(&mut buf)
                .as_bytes()
                .first()
                .copied()
                .unwrap_or(0)
        };
        Some(Start {
            letters: letters.chars().collect(),
            bytes: (lead(first), lead(upper)),
        })
    }

    /// Whether `text` starts with these letters, in any case.
    fn opens(&self, text: &str) -> bool {
        let mut chars = text.chars();
        self.letters.iter().all(|&l| {
            chars
                .next()
                .is_some_and(|c| c == l || c.to_lowercase().eq(std::iter::once(l)))
        })
    }
}

impl Marker {
    /// A marker of `terms` (as the Danish analyzer makes them, with their weights),
    /// whose snippets are at most `max_chars` characters.
    pub(crate) fn new(terms: HashMap<String, f32>, max_chars: usize) -> Marker {
        let mut letters: Vec<String> = Vec::new();
        for term in terms.keys() {
            let start: String = term.chars().take(START).collect();
            // `å` may be written `aa` in the text (`Aabenraa`).
            let unfolded = start.replace('å', "aa");
            for s in [start, unfolded] {
                if !s.is_empty() && !letters.contains(&s) {
                    letters.push(s);
                }
            }
        }
        Marker {
            terms: terms
                .into_iter()
                .enumerate()
                .map(|(n, (term, weight))| (term, (weight, n)))
                .collect(),
            starts: letters.iter().filter_map(|l| Start::new(l)).collect(),
            analyzer: analysis::danish(),
            max_chars,
        }
    }

    /// The snippet of `text` as HTML (escaped, the terms in `<b>`), or `None` where
    /// no word of the text is one of the terms.
    pub(crate) fn html(&self, text: &str) -> Option<String> {
        let found = self.found(text);
        let (from, to) = self.window(text, &found)?;
        let mut html = String::with_capacity(to - from + 32);
        let mut at = from;
        for &Found { start, end, .. } in found.iter().filter(|f| f.start >= from && f.end <= to) {
            html.push_str(&crate::escape(text.get(at..start).unwrap_or("")));
            html.push_str("<b>");
            html.push_str(&crate::escape(text.get(start..end).unwrap_or("")));
            html.push_str("</b>");
            at = end;
        }
        html.push_str(&crate::escape(text.get(at..to).unwrap_or("")));
        Some(html)
    }

    /// The words of `text` that are terms: start, end, weight and the term's number,
    /// in text order.
    fn found(&self, text: &str) -> Vec<Found> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let bytes = text.as_bytes();
        let mut starts: Vec<usize> = Vec::new();
        for start in &self.starts {
            let (lower, upper) = start.bytes;
            for at in memchr::memchr2_iter(lower, upper, bytes) {
                let Some(rest) = text.get(at..) else {
                    continue;
                };
                let in_word = text
                    .get(..at)
                    .and_then(|head| head.chars().next_back())
                    .is_some_and(char::is_alphanumeric);
                if !in_word && start.opens(rest) {
                    starts.push(at);
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut analyzer = self.analyzer.clone();
        let mut found = Vec::new();
        for start in starts.into_iter().take(MAX_FOUND) {
            let Some(rest) = text.get(start..) else {
                continue;
            };
            let end = start
                + rest
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(rest.len(), |(i, _)| i);
            let Some(word) = text.get(start..end) else {
                continue;
            };
            let mut stream = analyzer.token_stream(word);
            let term = match stream.next() {
                Some(token) => self.terms.get(&token.text).copied(),
                None => None,
            };
            if let Some((weight, term)) = term {
                found.push(Found {
                    start,
                    end,
                    weight,
                    term,
                });
            }
        }
        found
    }

    /// The byte range of the snippet: the window of at most `max_chars` characters,
    /// from a found word on, that holds the most weight of different terms (the
    /// first such), begun a few words earlier where there is room, and cut at word
    /// ends.
    fn window(&self, text: &str, found: &[Found]) -> Option<(usize, usize)> {
        let mut best: Option<(f32, usize)> = None;
        let mut seen: Vec<usize> = Vec::new();
        for (k, anchor) in found.iter().enumerate() {
            let limit = byte_after_chars(text, anchor.start, self.max_chars);
            seen.clear();
            let mut score = 0.0;
            for f in found.iter().skip(k).take_while(|f| f.end <= limit) {
                // A term again adds a little: two different terms beat one twice.
                score += if seen.contains(&f.term) {
                    f.weight * 0.1
                } else {
                    seen.push(f.term);
                    f.weight
                };
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, k));
            }
        }
        let (_, k) = best?;
        let first = found.get(k)?;
        // Up to a fifth of the snippet before the first word, from a word's start.
        let lead = self.max_chars / 5;
        let mut from = byte_before_chars(text, first.start, lead);
        if from > 0 {
            from = text
                .get(from..first.start)
                .and_then(|s| s.find(char::is_whitespace))
                .map_or(first.start, |i| from + i + 1);
        }
        let limit = byte_after_chars(text, from, self.max_chars);
        let mut to = limit;
        if to < text.len() {
            // Cut at the last white space, but never before the first word's end.
            to = text
                .get(first.end..limit)
                .and_then(|s| s.rfind(char::is_whitespace))
                .map_or(limit, |i| first.end + i);
        }
        Some((from, to.max(first.end)))
    }
}

/// A word of a text that is one of the terms.
#[derive(Clone, Copy, Debug)]
struct Found {
    start: usize,
    end: usize,
    weight: f32,
    /// The term's number.
    term: usize,
}

/// The byte offset `chars` characters after `at` (or the text's end).
fn byte_after_chars(text: &str, at: usize, chars: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.char_indices().nth(chars).map(|(i, _)| at + i))
        .unwrap_or(text.len())
}

/// The byte offset `chars` characters before `at` (or 0).
fn byte_before_chars(text: &str, at: usize, chars: usize) -> usize {
    text.get(..at)
        .and_then(|head| {
            head.char_indices()
                .rev()
                .nth(chars.saturating_sub(1))
                .map(|(i, _)| i)
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(words: &[&str]) -> Marker {
        let mut da = analysis::danish();
        let terms = words
            .iter()
            .flat_map(|w| analysis::terms(&mut da, w))
            .map(|(_, t)| (t, 1.0))
            .collect();
        Marker::new(terms, 80)
    }

    #[test]
    fn inflected_forms_capitals_and_old_spelling_are_marked() {
        let m = marker(&["kommunen", "åbenrå"]);
        assert_eq!(
            m.html("Kommunens plan for Aabenraa <2025> & kommunerne")
                .unwrap(),
            "<b>Kommunens</b> plan for <b>Aabenraa</b> &lt;2025&gt; &amp; <b>kommunerne</b>"
        );
        // Inside a word is not a word.
        assert_eq!(m.html("Storkommunen og fællesskabet"), None);
    }

    #[test]
    fn the_window_with_most_terms_is_shown() {
        let m = marker(&["budget", "skole"]);
        let text = format!(
            "Budget for veje. {} Skolens budget blev vedtaget i dag.",
            "Der var mange andre ting at tale om på mødet denne aften. ".repeat(4)
        );
        let html = m.html(&text).unwrap();
        assert!(html.contains("<b>Skolens</b> <b>budget</b>"), "{html}");
        assert!(html.chars().count() <= 80 + 16, "{html}");
    }

    /// Every word the whole analyzer makes a term of is found, on real minutes.
    #[test]
    fn no_word_is_missed_that_analysis_would_find() {
        let mut da = analysis::danish();
        for text in samples() {
            let words: Vec<String> = analysis::terms(&mut da, &text)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            for term in words.iter().step_by(7).take(200) {
                let m = Marker::new(HashMap::from([(term.clone(), 1.0)]), 100_000);
                let expected = words.iter().filter(|w| *w == term).count();
                let found = m.found(&text).len();
                assert_eq!(found, expected.min(MAX_FOUND), "{term}");
            }
        }
    }

    /// The five sample minutes as text.
    fn samples() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/samples");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        texts.sort();
        assert!(!texts.is_empty(), "no samples in {dir}");
        texts
    }
}

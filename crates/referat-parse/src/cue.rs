//! Patterns guarded by the words they cannot match without.
//!
//! Most lines of minutes contain none of the words a given pattern looks for. A [`Cue`]
//! first looks for its words with one Aho-Corasick pass (ignoring ASCII case) and runs
//! its regex only where one of them is present.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Captures, Regex};

/// Compiles one of the crate's patterns, with ASCII word boundaries: a Unicode `\b`
/// keeps the fast automata from running on text with `æ`, `ø` and `å`, and every
/// pattern here has ASCII letters where it puts a boundary.
pub(crate) fn compile(pattern: &str) -> Regex {
    let ascii_boundaries = pattern.replace(r"\b", r"(?-u:\b)");
    #[allow(clippy::expect_used)]
    Regex::new(&ascii_boundaries).expect("the crate's patterns are valid")
}

/// The captures of a match, looked for only where the fast search finds one: captures
/// cost an allocation and a slower engine, and most lines match none of the patterns
/// they are tried against.
pub(crate) fn captures<'t>(regex: &Regex, text: &'t str) -> Option<Captures<'t>> {
    if regex.is_match(text) {
        regex.captures(text)
    } else {
        None
    }
}

pub(crate) struct Cue {
    /// Words of which every match contains at least one, in lower case.
    needles: &'static [&'static str],
    pattern: &'static str,
    compiled: OnceLock<(Option<AhoCorasick>, Regex)>,
}

impl Cue {
    pub const fn new(needles: &'static [&'static str], pattern: &'static str) -> Cue {
        Cue {
            needles,
            pattern,
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> &(Option<AhoCorasick>, Regex) {
        self.compiled.get_or_init(|| {
            // Each word as written in lower case, capitalised and in capitals: plain
            // literals let the search use its vectorised prefilter, which a
            // case-insensitive search cannot.
            let variants: Vec<String> = self
                .needles
                .iter()
                .flat_map(|n| {
                    let mut chars = n.chars();
                    let capitalised: String = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    [n.to_string(), capitalised, n.to_uppercase()]
                })
                .collect();
            // A DFA: the fastest search per byte, and these word lists are small.
            let words = if variants.is_empty() {
                None
            } else {
                // Leftmost-first lets the search use its vectorised prefilter (Teddy)
                // over the words; only whether one is there matters here.
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&variants)
                    .ok()
            };
            (words, compile(self.pattern))
        })
    }

    pub fn regex(&self) -> &Regex {
        &self.compiled().1
    }

    /// Whether the text has one of the words a match needs.
    pub fn possible(&self, text: &str) -> bool {
        if self.needles.is_empty() {
            return true;
        }
        let possible = match &self.compiled().0 {
            Some(words) => words.is_match(text),
            None => true,
        };
        // A pattern that matches without any of its words has words missing from its
        // list: every test run checks the lists against the text it reads. (A word in
        // mixed case, "AfbuD", is missed by design: the search knows three casings.)
        debug_assert!(
            possible || self.pattern.is_empty() || !self.regex().is_match(text) || {
                let lower = text.to_lowercase();
                self.needles.iter().any(|n| lower.contains(n))
            },
            "a match of {:?} without any of its words {:?} in {text:?}",
            self.pattern,
            self.needles
        );
        possible
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.possible(text) && self.regex().is_match(text)
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        if self.possible(text) {
            captures(self.regex(), text)
        } else {
            None
        }
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        if self.possible(text) {
            self.regex().find(text)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static CUE: Cue = Cue::new(&["afbud"], r"(?i)\bafbud\b");
    static DANISH: Cue = Cue::new(&["første"], r"(?i)\bi\s+første\s+omgang\b");

    #[test]
    fn needles_guard_the_pattern() {
        assert!(CUE.is_match("Jens Hansen (Afbud)"));
        assert!(CUE.is_match("JENS HANSEN – AFBUD"));
        assert!(!CUE.is_match("Jens Hansen"));
        assert!(!CUE.is_match("afbudsliste"));
        assert!(DANISH.is_match("det blev i første omgang besluttet"));
        assert!(CUE.find("x (afbud)").is_some());
    }
}

//! Arbitrary text never makes the parser panic: random strings, and the samples cut up,
//! shuffled and salted with the fragments the parser reacts to.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::OnceLock;

use proptest::prelude::*;

/// The text of every sample, read once.
fn samples() -> &'static [String] {
    static SAMPLES: OnceLock<Vec<String>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        referat_testkit::samples("txt")
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect()
    })
}

/// Lines that trigger the parser's rules, in odd company.
const FRAGMENTS: &[&str] = &[
    "1.",
    "Punkt",
    "Punkt 3",
    "**",
    "#",
    "## ",
    "Afbud:",
    "Afbud",
    "kl. 25.99",
    "d. 31-02-2024",
    "Det indstilles, at",
    "Bilag:",
    "Beslutning",
    "Referat",
    "Indstilling 7 blev fulgt",
    "Mødedeltagere",
    "v/",
    "(v. ",
    "– afbud i stedet deltog",
    "deltager under punkt 0-999",
    "Pinstруп",
    "I alt\t1,0.0,0\t-",
    "\t\t",
    "\u{FEFF}",
    "\x0C",
    "Side 3 af",
    "https://x",
    "A)",
    "•",
    "Tabel 1.",
    "Indholdsfortegnelse",
    "Mødet.....\t3",
    "<b>",
    "&#x110000;",
    "[a](",
    "Lukket punkt:",
    "Ad 1.",
    "Følgende deltog ikke i behandlingen af punktet:",
    "Sagsnr.:",
];

fn mangled_sample() -> impl Strategy<Value = String> {
    (
        0..samples().len(),
        proptest::collection::vec((any::<u16>(), any::<u16>(), 0..FRAGMENTS.len()), 0..40),
    )
        .prop_map(|(which, edits)| {
            let mut lines: Vec<String> = samples()[which].lines().map(str::to_string).collect();
            for (a, b, f) in edits {
                let n = lines.len().max(1);
                match a % 4 {
                    0 => lines.insert(b as usize % (n + 1), FRAGMENTS[f].to_string()),
                    1 => {
                        if !lines.is_empty() {
                            lines.remove(b as usize % n);
                        }
                    }
                    2 => lines.swap(a as usize % n, b as usize % n),
                    _ => {
                        let i = b as usize % n;
                        if let Some(line) = lines.get_mut(i) {
                            let cut = line
                                .char_indices()
                                .nth(a as usize % (line.chars().count() + 1))
                                .map_or(line.len(), |(p, _)| p);
                            line.truncate(cut);
                            line.push_str(FRAGMENTS[f]);
                        }
                    }
                }
            }
            lines.join("\n")
        })
}

/// Runs of lines cut from any of the samples, and junk lines, in random order: headers
/// from one layout meet items from another, lists start mid-way, tables lose their head.
fn spliced_samples() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => (0..samples().len(), any::<u16>(), 0usize..30).prop_map(|(which, start, len)| {
            let lines: Vec<&str> = samples()[which].lines().collect();
            let start = start as usize % lines.len().max(1);
            lines.iter().skip(start).take(len).copied().collect::<Vec<_>>().join("\n")
        }),
        1 => (0..FRAGMENTS.len()).prop_map(|f| FRAGMENTS[f].to_string()),
        1 => "\\PC{0,40}",
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = referat_parse::parse_lenient(&text);
    }

    #[test]
    fn fragment_soup_never_panics(parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..200)) {
        let text: String = parts.iter().map(|&i| FRAGMENTS[i]).collect::<Vec<_>>().join("\n");
        let _ = referat_parse::parse_lenient(&text);
    }

    #[test]
    fn spliced_samples_never_panic(text in spliced_samples()) {
        let meeting = referat_parse::parse_lenient(&text);
        let lines = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        // Source lines point into the text that was parsed.
        for p in &meeting.participants {
            if let Some(l) = p.lines {
                prop_assert!(l.first >= 1 && l.first <= l.last && l.last <= lines.max(1));
            }
        }
    }

    #[test]
    fn mangled_samples_never_panic(text in mangled_sample()) {
        let meeting = referat_parse::parse_lenient(&text);
        // Whatever is found keeps to the record's own rules.
        for item in &meeting.items {
            prop_assert!(item.number.as_deref().is_none_or(|n| !n.is_empty()));
            if let Some(lines) = item.lines {
                prop_assert!(lines.first <= lines.last);
            }
        }
    }
}

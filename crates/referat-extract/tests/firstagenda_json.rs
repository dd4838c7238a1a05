//! FirstAgenda publication JSON through the public API: an invented meeting here, the
//! real Greve meeting of `../shared/eval` and the whole Greve corpus of
//! `../shared/corpora` when present, detection by content, broken and hostile files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::Instant;

use referat_extract::{ExtractError, Format, Limits, detect, extract};
use referat_testkit::ScratchDir;

mod common;
use common::{block, shared};

fn fixture(name: &str) -> PathBuf {
    common::fixture("json", name)
}

/// The text of a FirstAgenda JSON file, which must be told as one.
fn check(bytes: &[u8]) -> String {
    let out = extract(bytes, Limits::default()).expect("extracts");
    assert_eq!(out.format, Format::FirstAgendaJson);
    out.text
}

fn items(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("## Punkt ")).count()
}

#[test]
fn invented_meeting() {
    let text = check(&std::fs::read(fixture("firstagenda_referat.json")).unwrap());
    assert_eq!(
        text,
        "---
generator: FirstAgenda
title: Dagsorden
forum: Teknik- og Miljøudvalget
date: 2025-03-04
start: \"16:00\"
location: \"Mødelokale 2, Rådhuset\"
participants:
  - Mette Lund
  - Jens Holm
absent:
  - Karin Bech
  - Søren Dahl
---

## Punkt 1: Godkendelse af dagsorden

Sagsnr.: 25-000418

### Beslutning

Godkendt.

Afbud: Karin Bech

### Fremstilling

#### Sagsprocedure

Teknik- og Miljøudvalget.

#### Resume

Godkendelse af dagsorden for mødet den 4. marts 2025.

#### Indstilling

Administrationen indstiller, at dagsordenen godkendes.

## Punkt 2: Trafiksikkerhedsplan 2025-2028 - endelig vedtagelse

Sagsnr.: 24-011902

### Beslutning

Anbefales over for Økonomiudvalget med den ændring, at skolevejene prioriteres først.

Afbud: Karin Bech

### Fremstilling

#### Resume

Forslaget til trafiksikkerhedsplan for 2025-2028 har været i høring. Der er kommet 14 høringssvar.

#### Indstilling

Administrationen indstiller, at udvalget anbefaler, at

1. trafiksikkerhedsplanen godkendes
2. der afsættes 2,5 mio. kr. til skolevejsprojekter.

#### Økonomiske konsekvenser

Projekt\tBeløb
Skolevej Nord\t1.500.000 kr.
Krydset ved Havnen\t1.000.000 kr.

#### Tidsplan

Planen træder i kraft den 1. maj 2025.  
Skolevejene laves i sommerferien.

### Sagens forløb

04-03-2025 Teknik- og Miljøudvalget  
Beslutning ikke frigivet

Fraværende under behandlingen: Jens Holm

### Bilag

- [Bilag 1. Trafiksikkerhedsplan 2025-2028](/vis/pdf/bilag/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/?redirectDirectlyToPdf=false)
- [Bilag 2. Høringssvar fra Kystby Cyklistforening](/vis/pdf/bilag/b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e/?redirectDirectlyToPdf=false)
"
    );
    // Ids, links and the case number's twin (`CaseNumber`) are not text.
    for not_text in ["00000000", "https://", "Vis/Pdf", "billede", "true"] {
        assert!(!text.contains(not_text), "{not_text:?} in:\n{text}");
    }
    assert_eq!(text.matches("25-000418").count(), 1);
}

#[test]
fn detected_by_content() {
    let fixture = std::fs::read(fixture("firstagenda_referat.json")).unwrap();
    assert_eq!(detect(&fixture), Format::FirstAgendaJson);
    // Keys in another order, a byte order mark, no white space.
    let compact = "\u{FEFF}{\"Moede\":{\"Navn\":\"Referat\"},\"Udvalg\":{\"Navn\":\"Byrådet\"},\
                   \"Dagsordenpunkter\":[{\"Punktnummer\":\"1\",\"Navn\":\"Eventuelt\"}]}";
    assert_eq!(
        check(compact.as_bytes()),
        "---\ngenerator: FirstAgenda\ntitle: Referat\nforum: Byrådet\n---\n\n## Punkt 1: Eventuelt\n"
    );
    // Not by the name: the same bytes in a file named otherwise are the same format.
    let dir = ScratchDir::new("extract-firstagenda");
    let named = dir.join("referat.txt");
    std::fs::write(&named, compact).unwrap();
    let out = referat_extract::extract_file(&named, Limits::default()).unwrap();
    assert_eq!(out.format, Format::FirstAgendaJson);
}

#[test]
fn other_json_is_refused_with_advice() {
    for json in [
        &b"{\"meeting\": {\"date\": \"2025-03-04\"}, \"items\": []}"[..],
        b"[{\"Dagsordenpunkter\": []}]",
        b"{\"Moede\": {\"Navn\": \"Dagsorden\"}}",
    ] {
        assert_ne!(detect(json), Format::FirstAgendaJson);
        match extract(json, Limits::default()) {
            Err(ExtractError::Unsupported { format, reason }) => {
                assert_eq!(format, "JSON");
                assert!(reason.contains("FirstAgenda"), "{reason}");
            }
            other => panic!("not Unsupported: {other:?}"),
        }
    }
    // A FirstAgenda file cut short before its meeting.
    let err = extract(
        b"{\"Dagsordenpunkter\": [{\"Navn\": \"Godkendelse\"}, {\"Na",
        Limits::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("cut short"), "{err}");
    // Text that starts like JSON but is not is still text.
    let text = extract(b"[Udkast] Referat af 4. marts 2025\n", Limits::default()).unwrap();
    assert_eq!(text.format, Format::Text);
}

#[test]
fn broken_json_names_the_line() {
    let broken = "{\n  \"Dagsordenpunkter\": [\n    {\"Navn\": \"A\"},\n    {\"Navn\": \"B\",}\n  ],\n  \"Moede\": {}\n}\n";
    assert_eq!(detect(broken.as_bytes()), Format::FirstAgendaJson);
    let err = extract(broken.as_bytes(), Limits::default()).unwrap_err();
    assert_eq!(err.line(), Some(4));
    assert!(
        matches!(err, ExtractError::Malformed { column: 18, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "a malformed FirstAgenda JSON file: trailing comma at line 4, column 18"
    );
    // Wrong types are malformed too, and said in the format's words.
    let err = extract(
        b"{\"Dagsordenpunkter\": [\"Punkt 1\"], \"Moede\": {}}",
        Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(1));
    assert!(
        err.to_string()
            .contains("expected an agenda item (Dagsordenpunkter) as an object"),
        "{err}"
    );
    // Cut short inside the meeting.
    let err = extract(
        b"{\"Dagsordenpunkter\": [],\n\"Moede\": {\"Navn\": \"Dagsorden\",\n",
        Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(3));
}

#[test]
fn limits_hold() {
    let fixture = std::fs::read(fixture("firstagenda_referat.json")).unwrap();
    // The size limit before anything is read.
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&fixture, small),
        Err(ExtractError::TooLarge { limit: 100, .. })
    ));
    // The text limit, and the nesting limit inside an item's HTML.
    let little_text = Limits {
        max_unpacked_bytes: 500,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&fixture, little_text),
        Err(ExtractError::OverLimit { limit: 500, .. })
    ));
    let shallow = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    match extract(&fixture, shallow) {
        Err(ExtractError::OverLimit { format, what, .. }) => {
            assert_eq!(format, "FirstAgenda JSON");
            assert!(what.contains("item 1"), "{what}");
        }
        other => panic!("not OverLimit: {other:?}"),
    }
    // JSON nested far deeper than serde_json's recursion limit, in values that are not
    // read: skipped without recursion.
    let deep = format!(
        "{{\"Dagsordenpunkter\": [{{\"Felter\": [{{\"Html\": {}1{}}}]}}], \"Moede\": {{}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        check(deep.as_bytes()),
        "---\ngenerator: FirstAgenda\n---\n\n## Punkt 1\n"
    );
    let deep = format!(
        "{{\"Dagsordenpunkter\": [], \"Moede\": {}{{}}{}}}",
        "{\"Moede\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    assert_eq!(check(deep.as_bytes()), "---\ngenerator: FirstAgenda\n---\n");
}

const GREVE: &str = "eval/real/docs/greve_sou_2024-09-09.json";

#[test]
fn greve_meeting() {
    let Some(path) = shared(GREVE) else {
        return;
    };
    let text = check(&std::fs::read(path).unwrap());
    let all: Vec<&str> = text.lines().collect();
    assert_eq!(
        all.get(..16).unwrap(),
        [
            "---",
            "generator: FirstAgenda",
            "title: Dagsorden",
            "forum: Sundheds- og Omsorgsudvalget",
            "date: 2024-09-09",
            "start: \"15:30\"",
            "location: \"Møde/grupperum 13.45c, Langagergård\"",
            "participants:",
            "  - John T. Olsen",
            "  - Charlotte Levin",
            "  - Liselott Blixt",
            "  - Simon Østergaard",
            "absent:",
            "  - Lone Mortensen",
            "---",
            "",
        ]
    );
    assert_eq!(items(&text), 8);
    assert_eq!(all.get(16), Some(&"## Punkt 1: Godkendelse af dagsorden"));
    let item1 = block(&text, "## Punkt 1: Godkendelse af dagsorden", 2);
    assert_eq!(item1.get(..3).unwrap(), ["", "Sagsnr.: 21-014445", ""]);
    assert_eq!(
        block(&text, "### Beslutning", 3),
        ["", "Godkendt.", "", "Afbud: Lone Mortensen", ""]
    );
    // A heading split over two lines in the source is one line.
    assert!(all.contains(&"#### Økonomiske konsekvenser"));
    assert!(
        !all.iter()
            .any(|l| *l == "#### Økonomiske" || *l == "konsekvenser")
    );
    // Attachments by their whole published titles, linked to their pages on the
    // portal by their ids.
    assert!(all.iter().any(|l| l.starts_with(
        "- [Bilag 1. Høring af Stop Spild Lokalt i Greve - ophør af støtte](/vis/pdf/bilag/"
    ) && l.ends_with("/?redirectDirectlyToPdf=false)")));
}

#[test]
fn greve_corpus() {
    let Some(dir) = shared("corpora/greve") else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 372, "{} files", files.len());
    let (mut bytes, mut total_items) = (0, 0);
    let started = Instant::now();
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        bytes += raw.len();
        let json: serde_json::Value = serde_json::from_slice(&raw).unwrap();
        let expected = json["Dagsordenpunkter"].as_array().unwrap().len();
        let out =
            extract(&raw, Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(out.format, Format::FirstAgendaJson, "{}", path.display());
        assert!(out.text.starts_with("---\ngenerator: FirstAgenda\n"));
        assert_eq!(items(&out.text), expected, "{}", path.display());
        total_items += expected;
    }
    let took = started.elapsed();
    eprintln!(
        "{} meetings, {total_items} items, {:.1} MB in {:.2} s ({:.0} documents a second, \
         JSON parsed twice)",
        files.len(),
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        files.len() as f64 / took.as_secs_f64()
    );
}

mod never_panics {
    use proptest::prelude::*;
    use referat_extract::{Limits, extract};

    /// Pieces of FirstAgenda JSON, well-formed or not.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
            Just("-1e999".to_string()),
            Just("18446744073709551616".to_string()),
            Just("\"Punktnummer\":".to_string()),
            Just("\"Sorting\":".to_string()),
            Just("\"Navn\":".to_string()),
            Just("\"Felter\":".to_string()),
            Just("\"Html\":".to_string()),
            Just("\"Tekst\":".to_string()),
            Just("\"Bilag\":".to_string()),
            Just("\"ExternalAgendaItemAttendees\":".to_string()),
            Just("\"Reason\":\"Fraværende\"".to_string()),
            Just("\"Moede\":".to_string()),
            Just("\"Dato\":\"2024-03-31T01:30:00Z\"".to_string()),
            Just("\"Moededeltagere\":".to_string()),
            Just("\"Absent\":".to_string()),
            Just(
                "\"<h3>Beslutning</h3><p>&nbsp;</p><br><br>x<h4>a\\nb</h4><div><div>\"".to_string()
            ),
            Just("\"\\u0000\\ud800\\n---\\n## Punkt\"".to_string()),
            "\"[a-zæøå0-9 .,:#\\-]{0,12}\"",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn mangled_json_never_panics(pieces in prop::collection::vec(piece(), 0..120)) {
            let source = format!(
                "{{\"Dagsordenpunkter\": [{}], \"Moede\": {{{}}}}}",
                pieces.concat(),
                pieces.iter().rev().cloned().collect::<String>()
            );
            let limits = Limits { max_depth: 8, ..Limits::default() };
            let _ = extract(source.as_bytes(), limits);
            let _ = extract(source.as_bytes(), Limits::default());
        }

        #[test]
        fn cut_fixture_never_panics(cut in 0usize..8000) {
            let fixture = include_bytes!("fixtures/json/firstagenda_referat.json");
            let _ = extract(fixture.get(..cut.min(fixture.len())).unwrap_or(&[]), Limits::default());
        }
    }
}

//! HTML pages through the public API: the generic path, the FirstAgenda layout (a
//! hand-made referat page here, the real Aarhus agenda from `../shared` when present),
//! and hostile nesting.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use referat_extract::{ExtractError, Format, Limits, extract};

mod common;
use common::{block, shared};

fn fixture(name: &str) -> PathBuf {
    common::fixture("html", name)
}

/// The page's text without its front matter (the `<title>`, checked on its own).
fn html_text(bytes: &[u8]) -> String {
    let out = extract(bytes, Limits::default()).expect("extracts");
    assert_eq!(out.format, Format::Html);
    match out.text.strip_prefix("---\n") {
        Some(rest) => match rest.split_once("\n---\n\n") {
            Some((_, body)) => body.to_string(),
            None => out.text,
        },
        None => out.text,
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn generic_page() {
    let text = html_text(&std::fs::read(fixture("generic.html")).unwrap());
    assert_eq!(
        text,
        "# Referat af møde i Teknik- og Miljøudvalget\n\
         \n\
         Mødedato: Tirsdag den 4. marts 2025  \n\
         Mødetidspunkt: kl. 16.00 – 18.00  \n\
         Mødested: Mødelokale 2, Rådhuset\n\
         \n\
         ## 1. Godkendelse af dagsorden\n\
         \n\
         Dagsordenen blev godkendt.\n\
         \n\
         ## 2. Trafiksikkerhedsplan 2025-2028\n\
         \n\
         **Indstilling**\n\
         \n\
         Det indstilles, at udvalget:\n\
         \n\
         1. Godkender trafiksikkerhedsplanen.\n\
         2. Afsætter 2,5 mio. kr. til skolevejsprojekter.\n\
         \n\
         **Økonomi**\n\
         \n\
         Projekt\tBeløb\n\
         Skolevej Nord\t1.500.000 kr.\n\
         Krydset ved Havnen\t1.000.000 kr.\n\
         I alt\t2.500.000 kr.\n\
         \n\
         ### Beslutning\n\
         \n\
         Godkendt med følgende tilføjelser:\n\
         \n\
         c) Forvaltningen vender tilbage med en tidsplan.\n\
         e) Borgerne inddrages.\n\
         - Første punkt\n\
         - Andet punkt\n\
         - Indlejret punkt\n\
         \n\
         ## 3. Eventuelt\n\
         \n\
         Intet.\n"
    );
    // Nothing that is not the document's text: every marker word of the fixture is in
    // something left out.
    for hidden in [
        "STYLE",
        "SCRIPT",
        "SIDEHOVED",
        "NAV-",
        "BRØDKRUMME",
        "COOKIE",
        "GDPR",
        "NOSCRIPT",
        "TEMPLATE",
        "SKJULT",
        "DISPLAY-NONE",
        "INPUT",
        "SELECT",
        "TEXTAREA",
        "KNAP",
        "FOD-",
        "CONTENTINFO",
        "SVG",
        "Din kommentar",
        "Kystby Kommune",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} in:\n{text}");
    }
}

#[test]
fn lists_number_as_the_page_does() {
    let text = html_text(
        "<html><body>\
         <ol start=\"4\"><li>Fire</li><li>Fem</li></ol><p>x</p>\
         <ol type=\"A\"><li>Ét</li><li>To</li></ol><p>x</p>\
         <ol type=\"i\" start=\"3\"><li>Tre</li><li>Fire</li></ol><p>x</p>\
         <ol reversed><li>To</li><li>Ét</li></ol><p>x</p>\
         <ul><li><strong>Fed underoverskrift</strong></li><li>Punkt med <b>lidt</b> fed</li></ul>\
         <li>Løst punkt</li>\
         </body></html>"
            .as_bytes(),
    );
    assert_eq!(
        lines(&text),
        [
            "4. Fire",
            "5. Fem",
            "",
            "x",
            "",
            "A) Ét",
            "B) To",
            "",
            "x",
            "",
            "iii. Tre",
            "iv. Fire",
            "",
            "x",
            "",
            "2. To",
            "1. Ét",
            "",
            "x",
            "",
            "**Fed underoverskrift**",
            "",
            "- Punkt med lidt fed",
            "- Løst punkt",
        ]
    );
}

#[test]
fn line_breaks_blocks_and_white_space() {
    let text = html_text(
        "<!DOCTYPE html><html><body>\
         <div>Tekst før\n   blokken<div><p>Første&nbsp;linje<br/>Anden\tlinje<br><br></p></div>og efter</div>\
         <div><div><div>Kun indpakket</div></div></div>\
         <p>A&amp;B &lt;ikke tag&gt; &#8211; &eacute;n</p>\
         <p>.</p>\
         <p><b>Sagen blev udsat.</b></p>\
         <p><span style=\"font-weight: bold\">Bilag</span></p>\
         <pre>linje 1\nlinje 2</pre>\
         </body></html>"
            .as_bytes(),
    );
    assert_eq!(
        text,
        "Tekst før blokken\n\nFørste linje  \nAnden linje\n\nog efter\n\nKun indpakket\n\n\
         A&B <ikke tag> – én\n\nSagen blev udsat.\n\n**Bilag**\n\nlinje 1  \nlinje 2\n"
    );
}

#[test]
fn an_accordions_title_is_the_heading_and_other_buttons_are_ui() {
    let text = html_text(
        "<!DOCTYPE html><html><body>\
         <button type=\"button\">Fold alle punkter ud</button>\
         <h2><button type=\"button\" aria-expanded=\"false\"><span>Åben</span> <span>1.</span> \
         <span>Budget 2026</span></button></h2>\
         <div><p>Godkendt.</p></div>\
         </body></html>"
            .as_bytes(),
    );
    assert_eq!(text, "## Åben 1. Budget 2026\n\nGodkendt.\n");
}

#[test]
fn tables_of_data_and_of_layout() {
    let text = html_text(
        "<html><body>\
         <table><tr><th>Navn</th><th>Parti</th></tr>\
         <tr><td>Anne Hansen</td><td>A</td></tr>\
         <tr><td colspan=2>Afbud: Lars Nielsen</td></tr></table>\
         <table><tr><td><h1>Referat</h1><p>Mødet blev holdt.</p></td><td><ul><li>Menu</li></ul></td></tr></table>\
         </body></html>"
            .as_bytes(),
    );
    assert_eq!(
        text,
        "Navn\tParti\nAnne Hansen\tA\n\nAfbud: Lars Nielsen\n\n# Referat\n\nMødet blev holdt.\n\n- Menu\n"
    );
}

#[test]
fn the_title_is_front_matter() {
    let out = extract(
        b"<html><head><title>Referat 3. juni 2024</title></head><body><p>Tekst</p></body></html>",
        Limits::default(),
    )
    .unwrap();
    assert_eq!(out.text, "---\ntitle: Referat 3. juni 2024\n---\n\nTekst\n");
    let text = html_text(
        b"<html><head><title>Forside</title></head><body><h2>Referat</h2><p>Tekst</p></body></html>",
    );
    assert_eq!(text, "## Referat\n\nTekst\n");
}

#[test]
fn firstagenda_referat() {
    let text = html_text(&std::fs::read(fixture("firstagenda_referat.html")).unwrap());
    let all = lines(&text);
    // The header block.
    assert_eq!(
        all.get(..16).unwrap(),
        [
            "# Referat 12. marts 2025 kl. 17.00",
            "",
            "## Kystby Byråd",
            "",
            "Mødedato: onsdag den 12. marts 2025 kl. 17.00",
            "",
            "Mødested: Rådssalen",
            "",
            "Mødedeltagere:",
            "",
            "- Mette Lund (A), borgmester",
            "- Jens Holm (V)",
            "- Karin Bech (F)",
            "- Søren Dahl (O) Afbud",
            "",
            "## Punkt 1: Godkendelse af dagsorden",
        ]
    );
    let items: Vec<&str> = all
        .iter()
        .filter(|l| l.starts_with("## Punkt"))
        .copied()
        .collect();
    assert_eq!(
        items,
        [
            "## Punkt 1: Godkendelse af dagsorden",
            "## Punkt 2: Budgetopfølgning pr. 31. januar 2025",
            "## Punkt 3: Lokalplan 1042, Havnefronten – endelig vedtagelse",
            "## Punkt 4: Eventuelt",
        ]
    );
    // An item: case number, sections, recommendations a line each, the decision with
    // the vote, attachments by their full titles.
    assert_eq!(
        block(&text, "## Punkt 2: Budgetopfølgning pr. 31. januar 2025", 2),
        [
            "",
            "Sagsnr.: EMN-2025-000233",
            "",
            "### Resume",
            "",
            "Budgetopfølgningen viser et forventet mindreforbrug på driften på 4,2 mio. kr.",
            "",
            "Anlægsprojekterne følger tidsplanen.",
            "",
            "### Beslutningspunkter",
            "",
            "Det indstilles:",
            "",
            "At 1) Byrådet tager budgetopfølgningen til efterretning.",
            "",
            "At 2) Byrådet godkender en tillægsbevilling på 1,5 mio. kr. til vintertjeneste.",
            "",
            "### Sagsfremstilling",
            "",
            "Forvaltningen har gennemgået økonomien på alle områder.",
            "",
            "**Tabel 1. Afvigelser**",
            "",
            "Område\tAfvigelse",
            "Veje\t-1,2 mio. kr.",
            "Skoler\t3,0 mio. kr.",
            "",
            "### Beslutninger",
            "",
            "At 1) Taget til efterretning.",
            "",
            "At 2) Godkendt.",
            "",
            "For stemte 25: A, V, F. Imod stemte 2: O. Undlod at stemme 0.",
            "",
            "Fraværende: Søren Dahl (O)",
            "",
            "### Sagsforløb:",
            "",
            "Udvalg: Økonomiudvalget",
            "",
            "Dato: 04-03-2025",
            "",
            "Punktnummer: 5",
            "",
            "Anbefales.",
            "",
            "### Bilag",
            "",
            "- [Budgetopfølgning pr. 31. januar 2025 - samlet oversigt over drift og anlæg](/vis/pdf/bilag/a1/)",
            "- [Bilag 2: Notat om vintertjeneste](/vis/pdf/bilag/a2/)",
            "",
        ]
    );
    assert_eq!(
        block(
            &text,
            "## Punkt 3: Lokalplan 1042, Havnefronten – endelig vedtagelse",
            2
        )
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>(),
        [
            "Sagsnr.: EMN-2024-004417",
            "### Beslutningspunkter",
            "Det indstilles:",
            "At 1) Lokalplan 1042 vedtages endeligt.",
            "At 2) Indsigelserne besvares som beskrevet i hvidbogen.",
            "### Beslutninger",
            "Indstillingen blev vedtaget.",
            "For stemte 21: A, V, F, C. Imod stemte 4: Ø, O. Undlod at stemme 2: B.",
            "Fraværende: Søren Dahl (O), Lise Friis (C)",
            "### Bilag",
            "- [Lokalplan 1042 - forslag til endelig vedtagelse](/vis/pdf/bilag/b1/)",
            "- [Hvidbog med indsigelser og svar fra høringsperioden 2. december 2024 til 27. januar 2025](/vis/pdf/bilag/b2/)",
        ]
    );
    // An item without a case number.
    assert_eq!(
        block(&text, "## Punkt 4: Eventuelt", 2),
        ["", "### Beslutninger", "", "Intet."]
    );
    // No page furniture, UI or hidden text.
    for ui in [
        "Kystby Byråd - Rådssalen",
        "Tilbage til forsiden",
        "cookies",
        "Forside",
        "Hent",
        "Kopier",
        "PDF",
        "Se alle deltagere",
        "Alle deltagere",
        "Skjult beskrivelse",
        "Information",
        "Udvalg: Kystby Byråd",
        "Punkt\tTitel",
    ] {
        assert!(!text.contains(ui), "{ui:?} in:\n{text}");
    }
}

#[test]
fn firstagenda_aarhus_agenda() {
    let Some(path) = shared("eval/formats/docs/aarhus_byraad_2025-10-08.html") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let text = html_text(&bytes);
    let all = lines(&text);
    assert_eq!(
        all.get(..7).unwrap(),
        [
            "# Dagsorden 8. oktober 2025 kl. 16.00",
            "",
            "## Aarhus Byråd",
            "",
            "Mødedato: onsdag den 8. oktober 2025 kl. 16.00",
            "",
            "Mødested: Byrådssalen",
        ]
    );
    // The participants cell is empty: no label without people.
    assert!(!text.contains("Mødedeltagere"));
    // 33 items, numbered in order.
    let items: Vec<&str> = all
        .iter()
        .filter(|l| l.starts_with("## Punkt "))
        .copied()
        .collect();
    assert_eq!(items.len(), 33);
    for (i, item) in items.iter().enumerate() {
        assert!(
            item.starts_with(&format!("## Punkt {}: ", i + 1)),
            "{item:?} is not item {}",
            i + 1
        );
    }
    assert_eq!(
        items.get(1),
        Some(&"## Punkt 2: Forslag til budget 2026-2029")
    );
    assert_eq!(
        all.iter().filter(|l| l.starts_with("Sagsnr.: ")).count(),
        33
    );
    let item2 = block(&text, "## Punkt 2: Forslag til budget 2026-2029", 2);
    assert_eq!(item2.get(1), Some(&"Sagsnr.: EMN-2025-008308"));
    let recommendation = block(&text, "### Beslutningspunkter", 3);
    assert_eq!(
        recommendation,
        [
            "",
            "Det indstilles:",
            "",
            "At 1) Byrådet drøfter og godkender eventuelle ændringer til budgetforslaget 2026.",
            "",
        ]
    );
    // Attachments: 636 in all, 22 for item 2, by their full titles; titles the page's
    // labels break (a quote in the title) come from the link text.
    let mut in_bilag = false;
    let mut attachments = 0;
    for line in &all {
        if line.starts_with('#') {
            in_bilag = *line == "### Bilag";
        } else if in_bilag && line.starts_with("- ") {
            attachments += 1;
        }
    }
    assert_eq!(attachments, 636);
    // Each linked to its page on the portal.
    let bilag2: Vec<&str> = item2
        .iter()
        .skip_while(|l| **l != "### Bilag")
        .filter(|l| l.starts_with("- "))
        .copied()
        .collect();
    assert_eq!(bilag2.len(), 22);
    assert_eq!(
        bilag2.first(),
        Some(
            &"- [Indstilling](/vis/pdf/bilag/3b391cd5-bf32-4aad-965f-b3272f7fe101/?redirectDirectlyToPdf=false)"
        )
    );
    let titles: Vec<String> = all.iter().map(|l| unlinked(l)).collect();
    assert_eq!(
        unlinked(bilag2[1]),
        "- Bilag 1: Budgetredegørelsen 2026-2029"
    );
    for title in [
        "- 7 Belysning A Generationer på tværs… ældreliv med vores børn",
        "- 23 Belysning A 'Styrkelse af det sociale område og ny budgetmodel for det sociale område'",
    ] {
        assert!(titles.iter().any(|t| t == title), "no {title:?}");
    }
    // Nothing of the page's UI.
    for ui in [
        "Hent som PDF",
        "Kopier link",
        "Tilbage til forsiden",
        "Tip en ven",
        "Henter indhold",
        "Tilhørende punktet",
        "\nPDF\n",
    ] {
        assert!(!text.contains(ui), "{ui:?} in the text");
    }
}

/// A list line without its Markdown link: `- [Title](link)` → `- Title`.
fn unlinked(line: &str) -> String {
    match line
        .strip_prefix("- [")
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|rest| rest.rsplit_once("]("))
    {
        Some((title, _)) => format!("- {title}"),
        None => line.to_string(),
    }
}

fn nested(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 11 + 64);
    s.push_str("<!DOCTYPE html><html><body>");
    for _ in 0..depth {
        s.push_str("<div>");
    }
    s.push_str("tekst");
    for _ in 0..depth {
        s.push_str("</div>");
    }
    s.push_str("</body></html>");
    s
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let source = nested(200_000);
    let started = Instant::now();
    let err = extract(source.as_bytes(), Limits::default()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    match err {
        ExtractError::OverLimit { format, limit, .. } => {
            assert_eq!(format, "html");
            assert_eq!(limit, 512);
        }
        other => panic!("not OverLimit: {other:?}"),
    }
    // Unclosed, and in other elements.
    let spans = format!("<html><body>{}", "<span><b>".repeat(100_000));
    assert!(matches!(
        extract(spans.as_bytes(), Limits::default()),
        Err(ExtractError::OverLimit { .. })
    ));
}

#[test]
fn nesting_at_the_limit() {
    // Within the limit: read.
    let text = html_text(nested(400).as_bytes());
    assert_eq!(text, "tekst\n");
    // Over the limit, but not so far that the guard before parsing refuses: the walk
    // does.
    let err = extract(nested(700).as_bytes(), Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            ExtractError::OverLimit {
                format: "html",
                limit: 512,
                ..
            }
        ),
        "{err:?}"
    );
    // A lower limit is the limit.
    let limits = Limits {
        max_depth: 20,
        ..Limits::default()
    };
    assert!(extract(nested(10).as_bytes(), limits).is_ok());
    assert!(matches!(
        extract(nested(30).as_bytes(), limits),
        Err(ExtractError::OverLimit { limit: 20, .. })
    ));
}

#[test]
fn sloppy_markup_is_not_deep() {
    // Thousands of unclosed paragraphs, list items, cells and links nest nothing.
    let mut source = String::from("<html><body>");
    for i in 0..5_000 {
        source.push_str(&format!("<p>Afsnit {i}<li>Punkt<a href=x>link"));
    }
    source.push_str("<table>");
    for _ in 0..5_000 {
        source.push_str("<tr><td>a<td>b");
    }
    let limits = Limits {
        max_depth: 64,
        ..Limits::default()
    };
    let text = extract(source.as_bytes(), limits).unwrap().text;
    assert!(text.contains("Afsnit 4999"));
    assert!(text.ends_with("a\tb\n"));
}

#[test]
fn text_over_the_limit_is_refused() {
    let source = format!(
        "<html><body>{}</body></html>",
        "<p>tekst tekst</p>".repeat(10_000)
    );
    let limits = Limits {
        max_unpacked_bytes: 10_000,
        ..Limits::default()
    };
    match extract(source.as_bytes(), limits) {
        Err(ExtractError::OverLimit { format, limit, .. }) => {
            assert_eq!(format, "html");
            assert_eq!(limit, 10_000);
        }
        other => panic!("not OverLimit: {other:?}"),
    }
}

#[test]
fn pages_without_text() {
    assert!(matches!(
        extract(
            b"<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>",
            Limits::default()
        ),
        Err(ExtractError::Blank)
    ));
}

mod never_panics {
    use proptest::prelude::*;
    use referat_extract::{Limits, extract};

    /// Pieces of markup, well-formed or not, including the FirstAgenda layout's.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<br>".to_string()),
            Just("<b>".to_string()),
            Just("</b>".to_string()),
            Just("<table>".to_string()),
            Just("<tr>".to_string()),
            Just("<td>".to_string()),
            Just("</td>".to_string()),
            Just("</table>".to_string()),
            Just("<ol start=\"-99999999999\" type=\"i\">".to_string()),
            Just("<ol reversed>".to_string()),
            Just("<ul>".to_string()),
            Just("<li value=\"9223372036854775807\">".to_string()),
            Just("</li>".to_string()),
            Just("<dl><dt>".to_string()),
            Just("<dd>".to_string()),
            Just("<h2>".to_string()),
            Just("</h2>".to_string()),
            Just("<button>".to_string()),
            Just("<pre>".to_string()),
            Just("<svg><g/>".to_string()),
            Just("<script>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<a href='x".to_string()),
            Just("\"".to_string()),
            Just(">".to_string()),
            Just("<tr class=\"punktrow\">".to_string()),
            Just("<span class=\"label\">".to_string()),
            Just("<h2 class=\"overskrift\">".to_string()),
            Just("<span class=\"sagsnummer\">".to_string()),
            Just("<span class=\"pdf-label\" aria-label=\"A. Tilhørende punktet: B\">".to_string()),
            Just("<a class=\"bilag-link\">".to_string()),
            Just("<table class=\"dagsordeninfo\"><tr><td>Mødedeltagere:<td>".to_string()),
            Just("&amp;&#0;&#x110000;&nbsp;".to_string()),
            "[a-zæøåA-Z0-9 .,:…\t\n]{0,20}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn tag_soup_never_panics(pieces in prop::collection::vec(piece(), 0..200)) {
            let source = format!("<html><body>{}", pieces.concat());
            let limits = Limits { max_depth: 32, ..Limits::default() };
            let _ = extract(source.as_bytes(), limits);
            let _ = extract(source.as_bytes(), Limits::default());
        }
    }
}

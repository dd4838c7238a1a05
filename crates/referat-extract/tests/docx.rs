//! Word .docx documents through the public API: the structure styles, numbering and
//! tables give, the sample minutes made with pandoc, and hostile containers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use referat_extract::{ExtractError, Format, Limits, extract};
use referat_testkit::sample;
use zip::write::SimpleFileOptions;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A .docx with the given parts, deflated as Word does.
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The text of a .docx whose document part has this body, and nothing else.
fn text_of(body: &str) -> String {
    let bytes = docx(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document(body).as_bytes()),
    ]);
    extract(&bytes, Limits::default()).unwrap().text
}

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    )
}

fn para(style: Option<&str>, runs: &str) -> String {
    let ppr = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn bold(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// Danish style names, as a Danish Word writes them: the style ids are not
/// "Heading1" but "Overskrift1", and the list style links to numbering.xml.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="Overskrift 2"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Punktopstilling"><w:name w:val="Punktopstilling"/>
    <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

fn numbered(num: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{}</w:p>"#,
        run(text)
    )
}

fn cell(text: &str) -> String {
    format!("<w:tc>{}</w:tc>", para(None, &run(text)))
}

#[test]
fn styles_numbering_tables_and_breaks_give_structure() {
    let body = [
        para(Some("Overskrift1"), &run("Referat af møde i Ældrerådet")),
        para(None, &format!("{}<w:r><w:br/></w:r>{}", run("Mødedato: 3. marts 2025"), run("Mødested: Rådhuset"))),
        para(Some("Overskrift2"), &run("Punkt 1: Budget 2026")),
        para(None, &bold("Indstilling")),
        para(None, &run("Det indstilles, at udvalget")),
        numbered(1, 0, "godkender budgettet"),
        numbered(1, 1, "med de nævnte ændringer"),
        numbered(1, 0, "tager orienteringen til efterretning"),
        para(Some("Punktopstilling"), &run("et punkt i en punktopstilling")),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("Drift"),
            cell("1.200"),
            cell("I alt"),
            cell("1.200")
        ),
        // Text that is not shown or not the document's: deleted and hidden runs.
        para(
            None,
            r#"<w:r><w:t>Synlig</w:t></w:r><w:del><w:r><w:delText>slettet</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>skjult</w:t></w:r>"#,
        ),
    ]
    .concat();
    let bytes = docx(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document(&body).as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
    ]);
    let out = extract(&bytes, Limits::default()).unwrap();
    assert_eq!(out.format, Format::Docx);
    assert_eq!(out.encoding, None);
    assert_eq!(
        out.text,
        "# Referat af møde i Ældrerådet\n\
         \n\
         Mødedato: 3. marts 2025  \n\
         Mødested: Rådhuset\n\
         \n\
         ## Punkt 1: Budget 2026\n\
         \n\
         **Indstilling**\n\
         \n\
         Det indstilles, at udvalget\n\
         \n\
         1. godkender budgettet\n\
         a) med de nævnte ændringer\n\
         2. tager orienteringen til efterretning\n\
         - et punkt i en punktopstilling\n\
         \n\
         Drift\t1.200\n\
         I alt\t1.200\n\
         \n\
         Synlig\n"
    );
}

#[test]
fn a_table_of_items_beside_their_minutes_reads_as_items() {
    let minutes = |paras: &[String]| format!("<w:tc>{}</w:tc>", paras.concat());
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("Pkt."),
        cell("Emne og referat"),
        cell("1."),
        minutes(&[
            para(None, &bold("Budget 2025")),
            para(None, &run("Budgettet blev gennemgået.")),
            para(None, &run("Beslutning: Godkendt.")),
        ]),
        cell("2. Eventuelt"),
        minutes(&[para(None, &run("Intet.")), para(None, &run("Mødet slut."))]),
    );
    assert_eq!(
        text_of(&body),
        "Pkt.\tEmne og referat\n\
         \n\
         **1. Budget 2025**\n\
         \n\
         Budgettet blev gennemgået.\n\
         \n\
         Beslutning: Godkendt.\n\
         \n\
         **2. Eventuelt**\n\
         \n\
         Intet.\n\
         \n\
         Mødet slut.\n"
    );
}

/// A titled item's minute of one paragraph is an item as much as its neighbours' of
/// several; a number and a page beside it is a table of contents.
#[test]
fn a_titled_item_beside_a_minute_of_one_paragraph() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell("Punkt"),
        cell("Referat"),
        cell("1. Velkommen"),
        cell("Dagsorden godkendt uden bemærkninger."),
        cell("2. Budget"),
        cell("4"),
    );
    assert_eq!(
        text_of(&body),
        "Punkt\tReferat\n\
         \n\
         **1. Velkommen**\n\
         \n\
         Dagsorden godkendt uden bemærkninger.\n\
         \n\
         2. Budget\t4\n"
    );
}

#[test]
fn lists_side_by_side_under_their_headers_read_as_lists() {
    let lines = |names: &[&str]| {
        let runs: Vec<String> = names.iter().map(|n| run(n)).collect();
        format!(
            "<w:tc>{}</w:tc>",
            para(None, &runs.join("<w:r><w:br/></w:r>"))
        )
    };
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("Forældre"),
        cell("Elever"),
        lines(&["Anne Holm, formand", "Bo Dahl"]),
        lines(&["Ida Lund (9.a)", "Emil Berg (8.b)"]),
    );
    assert_eq!(
        text_of(&body),
        "Forældre\tElever\n\
         \n\
         **Forældre**\n\
         \n\
         Anne Holm, formand  \n\
         Bo Dahl\n\
         \n\
         **Elever**\n\
         \n\
         Ida Lund (9.a)  \n\
         Emil Berg (8.b)\n"
    );
}

#[test]
fn sample_minutes_keep_headings_lists_and_people() {
    let bytes = std::fs::read(sample("000_3da8c5a58e2149b5", "docx")).unwrap();
    let out = extract(&bytes, Limits::default()).unwrap();
    assert_eq!(out.format, Format::Docx);
    let lines: Vec<&str> = out.text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| *l == needle)
            .unwrap_or_else(|| panic!("no line {needle:?} in:\n{}", out.text))
    };
    // The item headings, in order, from the heading styles.
    let first = at("# Punkt 1: Mødedeltagere");
    let second = at("## Punkt 2: Godkendelse af dagsorden");
    assert!(first < second);
    assert!(at("### Politiske deltagere") > first);
    // One person a line: the source's line breaks are kept inside the paragraph.
    assert!(lines.contains(&"Kirsten Morild, Regionsrådsmedlem  "));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 8 MiB of one letter deflates to a few kilobytes.
    let body = document(&para(None, &run(&"a".repeat(8 << 20))));
    let bytes = docx(&[("word/document.xml", body.as_bytes())]);
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let limits = Limits {
        max_unpacked_bytes: 1 << 20,
        ..Limits::default()
    };
    let started = Instant::now();
    let err = extract(&bytes, limits).unwrap_err();
    assert!(
        matches!(err, ExtractError::OverLimit { format: "docx", .. }),
        "{err}"
    );
    assert!(err.to_string().contains("unpack"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 5_000;
    let body = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        para(None, &run("dybt")),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let bytes = docx(&[("word/document.xml", document(&body).as_bytes())]);
    let err = extract(&bytes, Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::OverLimit { .. }), "{err}");
}

#[test]
fn broken_containers_say_what_is_wrong() {
    let good = docx(&[(
        "word/document.xml",
        document(&para(None, &run("Tekst"))).as_bytes(),
    )]);
    // Cut off: the central directory at the end of the zip is gone.
    let err = extract(&good[..good.len() / 2], Limits::default()).unwrap_err();
    assert!(
        matches!(err, ExtractError::Damaged { format: "docx", .. }),
        "{err}"
    );

    // Not XML inside.
    let bytes = docx(&[("word/document.xml", b"<w:document><w:body><w:p>")]);
    let err = extract(&bytes, Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Damaged { .. }), "{err}");

    // A zip that is not a Word document is named as such.
    let bytes = docx(&[("data.csv", b"a;b\n")]);
    let err = extract(&bytes, Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Unsupported { .. }), "{err}");
}

#[test]
fn styles_that_inherit_in_a_loop_do_not_hang() {
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
      <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
    </w:styles>"#;
    let bytes = docx(&[
        (
            "word/document.xml",
            document(&para(Some("A"), &run("Tekst"))).as_bytes(),
        ),
        ("word/styles.xml", styles.as_bytes()),
    ]);
    assert_eq!(extract(&bytes, Limits::default()).unwrap().text, "Tekst\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever a document part holds, extraction ends in text or an error.
    #[test]
    fn any_document_part_never_panics(part in prop::collection::vec(any::<u8>(), 0..2048)) {
        let bytes = docx(&[("word/document.xml", &part)]);
        let _ = extract(&bytes, Limits::default());
    }

    /// Markup soup from the elements the extractor knows never panics either.
    #[test]
    fn element_soup_never_panics(pieces in prop::collection::vec(prop::sample::select(vec![
        "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>x</w:t>", "<w:br/>", "<w:tab/>",
        "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:b/>",
        "<w:pPr>", "</w:pPr>", "<w:rPr>", "</w:rPr>", "<w:numPr><w:numId w:val=\"1\"/></w:numPr>",
        "<w:pStyle w:val=\"Overskrift1\"/>", "<w:del>", "</w:del>", "&amp;", "æ",
    ]), 0..80)) {
        let bytes = docx(&[
            ("word/document.xml", document(&pieces.concat()).as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
        ]);
        let _ = extract(&bytes, Limits::default());
    }
}

/// A cover page laid out as one table row: the meeting's details in one cell, its
/// members in the other, each a run of paragraphs. It reads cell after cell, a
/// paragraph a line, not as one row of two long cells.
/// A table cell of plain paragraphs.
fn cell_of_paragraphs(texts: &[&str]) -> String {
    let ps: Vec<String> = texts.iter().map(|t| para(None, &run(t))).collect();
    format!("<w:tc>{}</w:tc>", ps.join(""))
}

#[test]
fn a_row_that_lays_out_a_page_in_columns_reads_cell_after_cell() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell_of_paragraphs(&["Dagsorden", "Mødested", "Regionshuset, lokale 2"]),
        cell_of_paragraphs(&[
            "Medlemmer",
            "Anne Holm (A), formand",
            "Bo Dahl (V)",
            "Afbud",
            "Bo Dahl (V)"
        ]),
    );
    assert_eq!(
        text_of(&body),
        "Dagsorden\n\nMødested\n\nRegionshuset, lokale 2\n\nMedlemmer\n\n\
         Anne Holm (A), formand\n\nBo Dahl (V)\n\nAfbud\n\nBo Dahl (V)\n"
    );
}

/// A protocol's first page as a table of labels and values: a label beside a cell of
/// one member a paragraph reads as a label line going on below, so that the members
/// stay apart; a label beside one value reads as one label line.
#[test]
fn a_label_cell_beside_a_cell_of_several_lines() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell_of_paragraphs(&["Til stede:"]),
        cell_of_paragraphs(&["Anne Holm (A), formand", "Bo Dahl (V)", "Eva Lund (C)"]),
        cell_of_paragraphs(&["Møteleder:"]),
        cell_of_paragraphs(&["Ordfører Anne Holm"]),
    );
    assert_eq!(
        text_of(&body),
        "Til stede: Anne Holm (A), formand  \nBo Dahl (V)  \nEva Lund (C)\n\nMøteleder: Ordfører Anne Holm\n"
    );
}

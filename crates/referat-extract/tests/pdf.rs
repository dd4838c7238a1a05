//! PDF files through the public API: the sample minutes (LibreOffice exports), the
//! real Ballerup export from `../shared` when present, damaged, encrypted and
//! image-only files, loops in the object graph, and random bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use referat_extract::{ExtractError, Extracted, Format, Limits, extract};
use referat_testkit::{sample, samples};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pdf_text(bytes: &[u8]) -> String {
    let out = extract(bytes, Limits::default()).expect("extracts");
    assert_eq!(out.format, Format::Pdf);
    assert_eq!(out.encoding, None);
    out.text
}

fn pdf_error(bytes: &[u8]) -> ExtractError {
    match extract(bytes, Limits::default()) {
        Ok(out) => panic!("expected an error, got text {:?}", out.text),
        Err(e) => e,
    }
}

/// The text's lines with runs of white space made one space, blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.split(['\n', '\x0C'])
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Checks that each expected line is a line of the text, in this order.
fn check_in_order(name: &str, text: &str, expected: &[&str]) {
    let lines = lines(text);
    let mut at = 0;
    for want in expected {
        match lines.iter().skip(at).position(|l| l == want) {
            Some(i) => at += i + 1,
            None => panic!("{name}: line {want:?} missing or out of order"),
        }
    }
}

#[test]
fn sample_minutes_keep_their_headings_participants_and_pages() {
    let expectations: &[(&str, usize, &[&str])] = &[
        (
            "000_3da8c5a58e2149b5",
            9,
            &[
                "Punkt 1: Mødedeltagere",
                "Mads Duedahl, Regionsrådsformand, Medformand (ordstyrer)",
                "Marianne Mulle Jensen, Regionsrådsmedlem (Afbud)",
                "Punkt 2: Godkendelse af dagsorden",
                "1. Godkender dagsordenen.",
                "Punkt 6: Eventuelt",
            ],
        ),
        (
            "001_7e4b079eb24c41d2",
            12,
            &[
                "Mødedeltagere",
                "Mads Duedahl, Regionsrådsformand (medformand)",
                "Gitte Bundgaard, Regionsrådsmedlem",
                "1. Velkomst – kl. 15.00 – 15.05",
                "2. Status på nærhospitaler og digitalt nærhospital – kl. 15.05 –",
                "3. Drøftelse af 1. udkast til ny Sundhedsaftale – kl. 15.25 – 15.50",
                "5. Drøftelse med Patientinddragelsesudvalget – kl. 16.35 – 16.45",
            ],
        ),
        (
            "002_bdb304747eb2561f",
            9,
            &[
                "Punkt 1: Mødedeltagere",
                "Mads Duedahl, Regionsrådsformand (medformand)",
                "Punkt 2: Velkomst - 5 min",
                "Punkt 3: Drøftelse vedr. Sundhedsreform og evaluering - 40 min",
                "Punkt 4: Orientering om klyngemidler og overførsel til 2025 - 5 min",
            ],
        ),
        (
            "003_dd0221cf35a3b247",
            8,
            &[
                "Lone Iversen, chef, Hjørring Kommune",
                "Uffe Viegh Jørgensen, chef, Brønderslev Kommune (afbud)",
                "1) Velkomst og godkendelse af referat",
                "2) Status på værksted vedr. træning",
                "4) Henvendelse fra Rådet for Socialt Udsatte",
                "5) Drøftelse af punkter til møde i Politisk Klynge Nord",
            ],
        ),
        (
            "004_9285af0b1d2d00d2",
            10,
            &[
                "Helle Carlsson Kunckel Christensen, chef, Læsø Kommune (afbud)",
                "Nadia Flyvholm Bak, Hjørring Kommune",
                "1. Udpegning af deltagere i Nationalt Ledelsesprogram",
                "3. Fælles midler til de kommende klynger",
                "5. Drøftelse af muligheden for etablering af mobillaborantordningen",
                "6. Eventuelt og gensidig orientering",
            ],
        ),
    ];
    // Every sample PDF is here, with its own expectations.
    let globbed: Vec<String> = samples("pdf")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let named: Vec<&str> = expectations.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(named, globbed, "the sample PDFs and the expectations here");
    for (name, pages, expected) in expectations {
        let path = sample(name, "pdf");
        let text = pdf_text(&std::fs::read(&path).unwrap());
        check_in_order(name, &text, expected);
        assert_eq!(text.matches('\x0C').count(), *pages, "{name}: page breaks");
        assert!(text.ends_with('\x0C'), "{name}: the last page ends in \\f");
    }
}

#[test]
fn table_of_contents_keeps_its_page_column_apart() {
    let path = root().join("../shared/eval/formats/docs/ballerup_sfu_2012-12-04.pdf");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return;
    };
    let text = pdf_text(&bytes);
    assert_eq!(text.matches('\x0C').count(), 15);
    check_in_order(
        "ballerup",
        &text,
        &[
            "Tilstede",
            "Lolan Ottesen (A) - formand",
            "Sekretær",
            "1. Meddelelser 3",
            "1. Meddelelser",
        ],
    );
    let toc = text
        .lines()
        .find(|l| l.starts_with("2. Bygningsvedligeholdelse"))
        .unwrap();
    assert!(
        toc.contains("anlægsbevilling   ") && toc.ends_with(" 3"),
        "{toc:?}"
    );
}

#[test]
fn page_limit_is_enforced() {
    let path = sample("000_3da8c5a58e2149b5", "pdf");
    let limits = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    let err = extract(&std::fs::read(path).unwrap(), limits).unwrap_err();
    assert!(
        matches!(
            err,
            ExtractError::OverLimit {
                format: "pdf",
                limit: 3,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn truncated_file_is_damaged_with_a_reason() {
    let bytes = std::fs::read(sample("002_bdb304747eb2561f", "pdf")).unwrap();
    for cut in [bytes.len() / 2, 2000, 20] {
        let err = pdf_error(&bytes[..cut]);
        match &err {
            ExtractError::Damaged { format, reason } => {
                assert_eq!(*format, "pdf");
                assert!(reason.len() > 10, "{reason}");
            }
            other => panic!("cut at {cut}: {other}"),
        }
    }
}

#[test]
fn encrypted_file_is_refused() {
    let err = pdf_error(&fixture("encrypted.pdf"));
    assert!(matches!(err, ExtractError::Encrypted), "{err}");
}

#[test]
fn scan_without_text_has_no_text_layer() {
    let err = pdf_error(&fixture("image-only.pdf"));
    assert!(
        matches!(err, ExtractError::NoTextLayer { pages: 1 }),
        "{err}"
    );
}

/// A PDF from numbered object bodies, with a correct cross-reference table.
fn build_pdf(objects: &[&str]) -> Vec<u8> {
    referat_testkit::pdf_of_objects(objects)
}

fn content(ops: &str) -> String {
    format!("<< /Length {} >>\nstream\n{ops}\nendstream", ops.len())
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF, 300 × 100, drawing `ops` with font `F1` as object 5, the first of
/// `objects`; `page_keys` adds to the page's dictionary.
fn one_page(page_keys: &str, ops: &str, objects: &[&str]) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] {page_keys}/Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
    );
    let content = content(ops);
    let mut all = vec![
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        &page,
        &content,
    ];
    all.extend_from_slice(objects);
    build_pdf(&all)
}

#[test]
fn a_page_tree_whose_parent_is_itself_does_not_recurse_forever() {
    // Neither the page nor its parent has resources or a media box, so both are
    // looked up along /Parent, which points back at the page tree node itself.
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        &content("BT 12 Tf 20 50 Td (Dagsorden) Tj ET"),
    ]);
    // Without a font the text cannot be read; what matters is an answer.
    let _ = extract(&bytes, Limits::default());
}

#[test]
fn a_form_that_draws_itself_does_not_recurse_forever() {
    let form_ops = "BT /F1 12 Tf 20 50 Td (Referat) Tj ET /X1 Do";
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
         /Resources 6 0 R >>",
        &content("/X1 Do"),
        &format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 200 100] /Resources 6 0 R \
             /Length {} >>\nstream\n{form_ops}\nendstream",
            form_ops.len()
        ),
        "<< /Font << /F1 7 0 R >> /XObject << /X1 5 0 R >> >>",
        FONT,
    ]);
    match extract(&bytes, Limits::default()) {
        Ok(out) => assert!(out.text.contains("Referat"), "{:?}", out.text),
        Err(e) => assert!(matches!(e, ExtractError::Damaged { .. }), "{e}"),
    }
}

#[test]
fn a_reference_to_itself_is_not_followed_forever() {
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox 5 0 R /Contents 4 0 R /Resources 6 0 R >>",
        &content("BT /F1 12 Tf 20 50 Td (Referat) Tj ET"),
        "5 0 R",
        "<< /Font << /F1 7 0 R >> >>",
        FONT,
    ]);
    match extract(&bytes, Limits::default()) {
        Ok(out) => assert!(out.text.contains("Referat"), "{:?}", out.text),
        Err(e) => assert!(matches!(e, ExtractError::Damaged { .. }), "{e}"),
    }
}

#[test]
fn a_hand_made_page_reads() {
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        &content(
            "BT /F1 12 Tf 20 150 Td (Punkt 1) Tj 200 0 Td (side 3) Tj ET \
             BT /F1 12 Tf 20 135 Td (Referat af m\\370det) Tj ET",
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]);
    let text = pdf_text(&bytes);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("Punkt 1   ") && first.ends_with("side 3"),
        "{text:?}"
    );
    assert_eq!(lines(&text), ["Punkt 1 side 3", "Referat af mødet"]);
    assert!(text.ends_with("mødet\n\x0C"), "{text:?}");
}

/// A simple font whose ToUnicode map reads the byte `A` as `reads`.
fn font_reading_a_as(reads: &str) -> (String, String) {
    let utf16: String = reads.encode_utf16().map(|u| format!("{u:04X}")).collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <00> <FF> endcodespacerange\n\
         1 beginbfchar <41> <{utf16}> endbfchar\n\
         endcmap CMapName currentdict /CMap defineresource pop end end"
    );
    (
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode {cmap_ref} >>".into(),
        content(&cmap),
    )
}

#[test]
fn fonts_are_told_apart_by_object_not_by_name_across_pages() {
    // Fonts are built once per document and shared between pages (the patch in
    // vendor/pdf-extract). A resource name is only unique within one page: here /F1
    // is one font on page 1 and another on page 2, and page 3 calls page 1's font
    // /F2. Each page must read `A` through its own font.
    let (first, first_map) = font_reading_a_as("Ja");
    let (second, second_map) = font_reading_a_as("Nej");
    let page = |contents: u32, font: &str, object: u32| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents {contents} 0 R \
             /Resources << /Font << /{font} {object} 0 R >> >> >>"
        )
    };
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        &page(6, "F1", 9),
        &page(7, "F1", 10),
        &page(8, "F2", 9),
        &content("BT /F1 12 Tf 20 50 Td (A) Tj ET"),
        &content("BT /F1 12 Tf 20 50 Td (A) Tj ET"),
        &content("BT /F2 12 Tf 20 50 Td (A) Tj ET"),
        &first.replace("{cmap_ref}", "11 0 R"),
        &second.replace("{cmap_ref}", "12 0 R"),
        &first_map,
        &second_map,
    ]);
    let text = pdf_text(&bytes);
    let pages: Vec<&str> = text.split('\x0C').map(str::trim).collect();
    assert_eq!(pages, ["Ja", "Nej", "Ja", ""], "{text:?}");
}

#[test]
fn composite_font_widths_given_as_a_range_are_read() {
    // A Type0 font, as Chromium and Word write them, whose widths are given in the
    // `first last width` form. Each glyph is placed by its own `Td`, one advance on
    // from the last; read as 0 wide, every letter would stand apart as a word.
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
                1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                6 beginbfchar <0001> <0052> <0002> <0065> <0003> <0066> <0004> <0072> \
                <0005> <0061> <0006> <0074> endbfchar\n\
                endcmap CMapName currentdict /CMap defineresource pop end end";
    let glyphs: Vec<String> = [1, 2, 3, 2, 4, 5, 6]
        .iter()
        .map(|cid| format!("<{cid:04X}> Tj"))
        .collect();
    let bytes = one_page(
        "",
        &format!("BT /F1 12 Tf 20 50 Td {} ET", glyphs.join(" 6 0 Td ")),
        &[
            "<< /Type /Font /Subtype /Type0 /BaseFont /Sans /Encoding /Identity-H \
         /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Sans /DW 0 /W [1 6 500] \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 7 0 R >>",
            "<< /Type /FontDescriptor /FontName /Sans /Flags 32 /FontBBox [0 0 1000 1000] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
            &content(cmap),
        ],
    );
    assert_eq!(lines(&pdf_text(&bytes)), ["Referat"]);
}

/// The one warning extraction gave.
fn only_warning(out: &Extracted) -> &str {
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    &out.warnings[0]
}

#[test]
fn a_page_the_reader_fails_on_loses_only_that_page() {
    // Page 2's art box has two numbers where four belong, which the reader fails on.
    let out =
        extract(&fixture("one-bad-page.pdf"), Limits::default()).expect("the other pages are read");
    let pages: Vec<&str> = out.text.split('\x0C').map(str::trim).collect();
    assert_eq!(pages, ["Dagsorden", "", "Bilag", ""], "{:?}", out.text);
    assert!(only_warning(&out).starts_with("page 2 could not be read"));
}

#[test]
fn a_file_the_reader_fails_on_everywhere_is_damaged() {
    let bytes = one_page(
        "/ArtBox [0] ",
        "BT /F1 12 Tf 20 50 Td (Referat) Tj ET",
        &[FONT],
    );
    let err = pdf_error(&bytes);
    assert!(
        matches!(&err, ExtractError::Damaged { reason, .. } if reason.contains("every page")),
        "{err}"
    );
}

#[test]
fn an_instruction_the_reader_fails_on_loses_only_that_instruction() {
    // Text shown before a font is chosen, and a font operator without its operands:
    // both are passed over, and the text after them is read.
    let bytes = one_page(
        "",
        "BT 20 70 Td (lost) Tj ET BT Tf 20 50 Td (lost) Tj ET \
         BT /F1 12 Tf 20 30 Td (Referat) Tj ET",
        &[FONT],
    );
    let out = extract(&bytes, Limits::default()).expect("the rest is read");
    assert_eq!(lines(&out.text), ["Referat"]);
    assert!(only_warning(&out).starts_with("page 1: 3 drawing instructions could not be read"));
}

#[test]
fn fonts_with_faults_viewers_pass_over_are_read() {
    // Three fonts the reader used to fail on: widths of another count than FirstChar
    // to LastChar, a ToUnicode map that is not a CMap, and an encoding name outside
    // the specification. Each draws one line of the page.
    let garbage_map = content("this is not a CMap <<< ]]");
    let fonts = [
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 \
         /Widths [278 278 355] /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding \
         /ToUnicode 9 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /StandardEncoding >>",
    ];
    let bytes = build_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>",
        &content(
            "BT /F1 12 Tf 20 80 Td (Dagsorden) Tj ET BT /F2 12 Tf 20 60 Td (Referat) Tj ET \
             BT /F3 12 Tf 20 40 Td (Bilag) Tj ET",
        ),
        fonts[0],
        fonts[1],
        fonts[2],
        "null",
        &garbage_map,
    ]);
    let out = extract(&bytes, Limits::default()).expect("reads");
    assert_eq!(
        lines(&out.text),
        ["Dagsorden", "Referat", "Bilag"],
        "{:?}",
        out.text
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_after_the_magic_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"%PDF-".to_vec();
        bytes.extend(tail);
        let _ = extract(&bytes, Limits::default());
    }

    #[test]
    fn mangled_pages_never_panic(at in 0usize..400, with in proptest::collection::vec(any::<u8>(), 1..8)) {
        let mut bytes = build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>",
            &content("BT /F1 12 Tf 20 150 Td (Punkt 1) Tj ET"),
            FONT,
        ]);
        let at = at.min(bytes.len());
        bytes.splice(at..(at + with.len()).min(bytes.len()), with);
        let _ = extract(&bytes, Limits::default());
    }
}

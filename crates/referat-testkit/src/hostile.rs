//! Hostile documents, made on demand: files built to make a reader spend without end
//! (forms that fan out, streams that inflate to gigabytes, zip bombs, nesting a hundred
//! thousand deep, loops, an element with 300,000 attributes) or cut short. Each is small
//! on disk and made here from code, so that the repository holds no such file and a
//! test can make them in a scratch folder (`cargo xtask hostile --out DIR` writes them
//! for a look by hand).
//!
//! The bytes are written by hand — PDF objects, zip headers, a deflate block — rather
//! than through a library, both because a library would refuse to write a lie (a zip
//! entry declaring less than it holds) and because compressing gigabytes to make a bomb
//! would take as long as unpacking it: a fixed-Huffman block repeating "the last 258
//! bytes again" is written as a 13-byte pattern, 2,064 bytes of output each.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What a reader must do with a hostile document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Refuse it with an error whose message contains this.
    Refused(&'static str),
    /// Read it (a record), or refuse it as not minutes: either way, within the budget.
    Read,
}

/// A hostile document: its file name, what it is, and what a reader must do with it.
#[derive(Clone, Copy, Debug)]
pub struct Hostile {
    pub name: &'static str,
    pub what: &'static str,
    pub expect: Expect,
    make: fn() -> Vec<u8>,
}

impl Hostile {
    /// The document's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        (self.make)()
    }
}

/// Every hostile document.
pub const ALL: [Hostile; 17] = [
    Hostile {
        name: "forms-fan-out.pdf",
        what: "form XObjects that each draw the next ten times, 30 levels deep (10^30 drawings)",
        expect: Expect::Refused("drawings"),
        make: forms_fan_out,
    },
    Hostile {
        name: "inflate-4gb.pdf",
        what: "a page whose content stream inflates to 4 GB",
        expect: Expect::Refused("unpacks to more than"),
        make: inflate_bomb,
    },
    Hostile {
        name: "page-tree-loop.pdf",
        what: "a page tree whose node lists itself among its kids, and a page its own parent",
        expect: Expect::Read,
        make: page_tree_loop,
    },
    Hostile {
        name: "pages-25k.pdf",
        what: "25,000 pages",
        expect: Expect::Refused("25000 pages"),
        make: pages_25k,
    },
    Hostile {
        name: "truncated.pdf",
        what: "a PDF cut off in the middle of its page content",
        expect: Expect::Refused("damaged pdf"),
        make: truncated_pdf,
    },
    Hostile {
        name: "deep-arrays.pdf",
        what: "an object of arrays nested 100,000 deep",
        expect: Expect::Read,
        make: deep_arrays_pdf,
    },
    Hostile {
        name: "zip-bomb-declared.docx",
        what: "a Word file whose document declares 4 GB",
        expect: Expect::Refused("limit"),
        make: zip_bomb_declared,
    },
    Hostile {
        name: "zip-bomb-lying.docx",
        what: "a Word file whose document declares 2 KB and inflates to 4 GB",
        expect: Expect::Refused("more than the 2048 bytes its zip entry declares"),
        make: zip_bomb_lying,
    },
    Hostile {
        name: "deep-nesting.docx",
        what: "a Word document whose XML nests 100,000 deep",
        expect: Expect::Refused("nested"),
        make: deep_docx,
    },
    Hostile {
        name: "truncated.docx",
        what: "a Word file cut off in the middle",
        expect: Expect::Refused("docx"),
        make: truncated_docx,
    },
    Hostile {
        name: "deep-nesting.html",
        what: "an HTML page of 100,000 nested div elements",
        expect: Expect::Refused("nested more than"),
        make: deep_html,
    },
    Hostile {
        name: "attributes-300k.html",
        what: "an HTML element with 300,000 attributes",
        expect: Expect::Refused("attributes"),
        make: attributes_html,
    },
    Hostile {
        name: "attributes-same-name.html",
        what: "an HTML element with 300,000 attributes of one name",
        expect: Expect::Refused("attributes"),
        make: attributes_same_name_html,
    },
    Hostile {
        name: "brackets-1m.md",
        what: "a line of a million [ (each once looked for its ]( to the end of the line)",
        expect: Expect::Read,
        make: brackets,
    },
    Hostile {
        name: "link-openers.md",
        what: "a line of [a](b two hundred thousand times, no link ever closed",
        expect: Expect::Read,
        make: link_openers,
    },
    Hostile {
        name: "numbered-lines-10k.txt",
        what: "10,000 numbered lines, each an item (items once each scanned every line)",
        expect: Expect::Read,
        make: numbered_lines_10k,
    },
    Hostile {
        name: "numbered-lines-40mb.txt",
        what: "two million numbered lines, 40 MB of text: past the text budget",
        expect: Expect::Refused("bytes of text"),
        make: numbered_lines_40mb,
    },
];

/// Writes every hostile document into `dir`; their paths, in [`ALL`]'s order.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    ALL.iter()
        .map(|h| {
            let path = dir.join(h.name);
            std::fs::write(&path, h.bytes())?;
            Ok(path)
        })
        .collect()
}

// --- PDF ---------------------------------------------------------------------------

/// A PDF of the given objects (numbered from 1, the first the catalog), with a correct
/// cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn obj(text: impl Into<String>) -> Vec<u8> {
    text.into().into_bytes()
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Referat af bestyrelsesmode) Tj ET\n\
    BT /F1 12 Tf 72 700 Td (1. Godkendelse af dagsorden) Tj ET\n\
    BT /F1 12 Tf 72 680 Td (Beslutning: Godkendt.) Tj ET\n";

/// One page of text: catalog 1, pages 2, page 3, content 4, font 5.
fn one_page(content: &[u8]) -> Vec<Vec<u8>> {
    vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", content),
        obj(FONT),
    ]
}

fn forms_fan_out() -> Vec<u8> {
    const LEVELS: usize = 30;
    const FAN: usize = 10;
    // Catalog 1, pages 2, page 3, its content 4, font 5, forms 6 … 6 + LEVELS - 1.
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> /Contents 4 0 R >>"),
        stream("", &[TEXT, b"q /X Do Q\n"].concat()),
        obj(FONT),
    ];
    for level in 0..LEVELS {
        let id = 6 + level;
        if level + 1 == LEVELS {
            objects.push(stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 612 792] \
                 /Resources << /Font << /F1 5 0 R >> >>",
                b"BT /F1 1 Tf 0 0 Td (x) Tj ET",
            ));
        } else {
            let draws = "q /X Do Q\n".repeat(FAN);
            objects.push(stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 612 792] \
                     /Resources << /XObject << /X {} 0 R >> >>",
                    id + 1
                ),
                draws.as_bytes(),
            ));
        }
    }
    pdf(&objects)
}

fn inflate_bomb() -> Vec<u8> {
    let data = zlib(&deflate_spaces(4_000_000_000));
    let mut objects = one_page(TEXT);
    if let Some(content) = objects.get_mut(3) {
        *content = stream("/Filter /FlateDecode", &data);
    }
    pdf(&objects)
}

fn page_tree_loop() -> Vec<u8> {
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        // The page tree lists itself among its kids, and its second page is its own
        // parent.
        obj("<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", TEXT),
        obj(FONT),
        obj(
            "<< /Type /Page /Parent 6 0 R /Resources << /Font << /F1 5 0 R >> >> \
             /Contents 4 0 R >>",
        ),
    ])
}

fn pages_25k() -> Vec<u8> {
    const PAGES: usize = 25_000;
    let kids: String = (0..PAGES).map(|i| format!("{} 0 R ", 6 + i)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(format!("<< /Type /Pages /Kids [{kids}] /Count {PAGES} >>")),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"),
        stream("", TEXT),
        obj(FONT),
    ];
    for _ in 0..PAGES {
        objects.push(obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"));
    }
    pdf(&objects)
}

fn truncated_pdf() -> Vec<u8> {
    let mut text = TEXT.to_vec();
    for i in 2..40 {
        text.extend_from_slice(
            format!(
                "BT /F1 12 Tf 72 {} Td (Punkt {i}: Orientering) Tj ET\n",
                700 - i * 16
            )
            .as_bytes(),
        );
    }
    let mut bytes = pdf(&one_page(&text));
    // Cut in the middle of the content stream: the rest of it, the font, the
    // cross-reference table and the trailer are gone.
    let cut = bytes
        .windows(b"Punkt 20".len())
        .position(|w| w == b"Punkt 20")
        .unwrap_or(bytes.len() / 2);
    bytes.truncate(cut);
    bytes
}

fn deep_arrays_pdf() -> Vec<u8> {
    const DEPTH: usize = 100_000;
    let mut objects = one_page(TEXT);
    let deep = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    objects.push(obj(format!("<< /Deep {deep} >>")));
    if let Some(catalog) = objects.first_mut() {
        *catalog = obj("<< /Type /Catalog /Pages 2 0 R /Extra 6 0 R >>");
    }
    pdf(&objects)
}

// --- deflate -------------------------------------------------------------------------

/// Raw deflate data that inflates to `size` spaces (rounded up to 2,064 bytes), in one
/// fixed-Huffman block: a literal space, then "copy 258 bytes from 1 back" over and
/// over. A copy is 13 bits (length code 285, distance code 0), so eight make 13 bytes
/// that repeat unchanged: the data is made as fast as it is written.
fn deflate_spaces(size: u64) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    bits.huffman(0x30 + u32::from(b' '), 8);
    // One copy brings the stream to a byte boundary: 3 + 8 + 13 = 24 bits.
    copy_258(&mut bits);
    let mut chunk = BitWriter::default();
    for _ in 0..8 {
        copy_258(&mut chunk);
    }
    let chunk = chunk.finish();
    let mut out = bits.finish();
    let copies = size.div_ceil(8 * 258);
    out.reserve(usize::try_from(copies).unwrap_or(0) * chunk.len() + 8);
    for _ in 0..copies {
        out.extend_from_slice(&chunk);
    }
    let mut tail = BitWriter::default();
    tail.huffman(0, 7); // end of block
    out.extend_from_slice(&tail.finish());
    out
}

fn copy_258(bits: &mut BitWriter) {
    bits.huffman(0b1100_0101, 8); // length code 285: 258 bytes
    bits.huffman(0, 5); // distance code 0: one back
}

/// The zlib wrapper around raw deflate data. The checksum is left zero: a reader that
/// gets that far has unpacked everything already.
fn zlib(deflate: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    out.extend_from_slice(deflate);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    len: u32,
}

impl BitWriter {
    /// `n` bits of `value`, least significant first (deflate's header fields).
    fn put(&mut self, value: u32, n: u32) {
        for i in 0..n {
            self.bit((value >> i) & 1);
        }
    }

    /// A Huffman code of `n` bits, most significant first.
    fn huffman(&mut self, code: u32, n: u32) {
        for i in (0..n).rev() {
            self.bit((code >> i) & 1);
        }
    }

    fn bit(&mut self, bit: u32) {
        self.acc |= bit << self.len;
        self.len += 1;
        if self.len == 8 {
            self.out.push((self.acc & 0xFF) as u8);
            self.acc = 0;
            self.len = 0;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.len > 0 {
            self.out.push((self.acc & 0xFF) as u8);
        }
        self.out
    }
}

// --- Word ----------------------------------------------------------------------------

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A zip entry as written: stored, or raw deflate data with the sizes it declares.
struct Entry<'a> {
    name: &'a str,
    data: Vec<u8>,
    deflated: bool,
    declared: u32,
    crc: u32,
}

impl<'a> Entry<'a> {
    fn stored(name: &'a str, data: &[u8]) -> Entry<'a> {
        Entry {
            name,
            data: data.to_vec(),
            deflated: false,
            declared: u32::try_from(data.len()).unwrap_or(u32::MAX),
            crc: crc32(data),
        }
    }
}

fn zip(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let method: u16 = if e.deflated { 8 } else { 0 };
        let size = u32::try_from(e.data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(e.name.len()).unwrap_or(u16::MAX);
        let mut header = Vec::new();
        header.extend_from_slice(&20u16.to_le_bytes()); // version needed
        header.extend_from_slice(&0u16.to_le_bytes()); // flags
        header.extend_from_slice(&method.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // time
        header.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
        header.extend_from_slice(&e.crc.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&e.declared.to_le_bytes());
        header.extend_from_slice(&name_len.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // extra field
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&header);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    let central_at = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let central_len = u32::try_from(central.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn docx(document: Entry<'_>) -> Vec<u8> {
    zip(&[
        Entry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        document,
    ])
}

fn bomb_entry(declared: u32) -> Entry<'static> {
    Entry {
        name: "word/document.xml",
        data: deflate_spaces(4_000_000_000),
        deflated: true,
        declared,
        crc: 0,
    }
}

fn zip_bomb_declared() -> Vec<u8> {
    docx(bomb_entry(4_000_000_000))
}

fn zip_bomb_lying() -> Vec<u8> {
    docx(bomb_entry(2048))
}

fn deep_docx() -> Vec<u8> {
    const DEPTH: usize = 100_000;
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
        "<w:p>".repeat(DEPTH),
        "</w:p>".repeat(DEPTH)
    );
    docx(Entry::stored("word/document.xml", xml.as_bytes()))
}

fn truncated_docx() -> Vec<u8> {
    let paragraphs: String = (1..200)
        .map(|i| format!("<w:p><w:r><w:t>Punkt {i}: Orientering</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>"#
    );
    let mut bytes = docx(Entry::stored("word/document.xml", xml.as_bytes()));
    // The central directory, which a zip is read by, is gone.
    bytes.truncate(bytes.len() * 2 / 3);
    bytes
}

/// CRC-32 (IEEE), bit by bit: the stored entries are a few hundred bytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

// --- HTML ----------------------------------------------------------------------------

fn deep_html() -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html><body><h1>Referat</h1>{}Punkt 1{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    )
    .into_bytes()
}

fn attributes_html() -> Vec<u8> {
    let mut page = String::from("<!DOCTYPE html><html><body><h1>Referat</h1><p");
    for i in 0..300_000 {
        let _ = write!(page, " a{i}=x");
    }
    page.push_str(">1. Godkendelse af dagsorden</p></body></html>");
    page.into_bytes()
}

fn attributes_same_name_html() -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html><body><h1>Referat</h1><p{}>1. Godkendelse af dagsorden</p></body></html>",
        " a=x".repeat(300_000)
    )
    .into_bytes()
}

// --- Text ----------------------------------------------------------------------------

const TEXT_HEAD: &str = "Referat af bestyrelsesmøde\n\nDato: 3. marts 2024\n\n";

fn brackets() -> Vec<u8> {
    format!("{TEXT_HEAD}{}\n", "[".repeat(1_000_000)).into_bytes()
}

fn link_openers() -> Vec<u8> {
    format!("{TEXT_HEAD}{}\n", "[a](b".repeat(200_000)).into_bytes()
}

fn numbered_lines(n: usize) -> Vec<u8> {
    let mut text = String::from(TEXT_HEAD);
    for i in 1..=n {
        let _ = writeln!(text, "{i}. Punkt {i}");
    }
    text.into_bytes()
}

fn numbered_lines_10k() -> Vec<u8> {
    numbered_lines(10_000)
}

fn numbered_lines_40mb() -> Vec<u8> {
    numbered_lines(2_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_ieee_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn the_deflate_pattern_is_byte_aligned_and_small() {
        let data = deflate_spaces(4_000_000_000);
        // 13 bytes for every 2,064 of output: a ratio of about 159.
        assert!(data.len() < 26_000_000, "{}", data.len());
        assert!(data.len() > 24_000_000, "{}", data.len());
    }
}

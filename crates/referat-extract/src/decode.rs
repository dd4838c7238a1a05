//! Text encodings: which one a file is in, and decoding it to normalised text.
//!
//! Danish minutes come as UTF-8 (with a BOM from Windows tools), UTF-16 (Word's
//! "Unicode text") and Windows-1252 (older Word exports). A BOM is trusted; without one,
//! valid UTF-8 is UTF-8, and otherwise the bytes are read as Windows-1252, which can
//! decode almost anything — so the checks for binary content come first.

use std::fmt;

use crate::ExtractError;

/// The encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Decodes text bytes, detecting the encoding, and normalises line ends to `\n`.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), ExtractError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| invalid_utf8(rest, e))?;
        check_controls(text)?;
        return Ok((normalise(text), Encoding::Utf8Bom));
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(ExtractError::Undecodable {
            encoding: "UTF-32",
            line: 1,
            reason: "UTF-32 text is not supported; save it as UTF-8".into(),
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, Encoding::Utf16Be);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ExtractError::Binary {
            offset,
            reason: "a NUL byte",
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            check_controls(text)?;
            Ok((normalise(text), Encoding::Utf8))
        }
        Err(utf8_error) => decode_windows_1252(bytes, utf8_error),
    }
}

fn decode_utf16(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding), ExtractError> {
    let name = encoding.as_str();
    let units = bytes.chunks_exact(2).map(|pair| match (encoding, pair) {
        (Encoding::Utf16Be, [hi, lo]) => u16::from_be_bytes([*hi, *lo]),
        (_, [lo, hi]) => u16::from_le_bytes([*lo, *hi]),
        _ => 0,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                text.push(c);
            }
            Err(e) => {
                return Err(ExtractError::Undecodable {
                    encoding: name,
                    line,
                    reason: format!("unpaired surrogate {:#06x}", e.unpaired_surrogate()),
                });
            }
        }
    }
    if bytes.len() % 2 != 0 {
        return Err(ExtractError::Undecodable {
            encoding: name,
            line,
            reason: "the file ends in the middle of a character (odd number of bytes)".into(),
        });
    }
    if let Some(offset) = text.find('\0') {
        return Err(ExtractError::Binary {
            offset: offset * 2,
            reason: "a NUL character",
        });
    }
    check_controls(&text)?;
    Ok((normalise(&text), encoding))
}

/// Windows-1252 leaves five bytes undefined; a file that uses them, or is mostly
/// control characters, is not Windows-1252 text.
fn decode_windows_1252(
    bytes: &[u8],
    utf8_error: std::str::Utf8Error,
) -> Result<(String, Encoding), ExtractError> {
    const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    check_control_bytes(bytes)?;
    if let Some(pos) = bytes.iter().position(|b| UNDEFINED.contains(b)) {
        let valid_up_to = utf8_error.valid_up_to();
        let byte = bytes.get(pos).copied().unwrap_or(0);
        return Err(ExtractError::Undecodable {
            encoding: "UTF-8 or Windows-1252",
            line: line_of(bytes, pos),
            reason: format!(
                "byte {byte:#04x} at offset {pos} is not a Windows-1252 character, and the text is not UTF-8 either (invalid from line {})",
                line_of(bytes, valid_up_to)
            ),
        });
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((normalise(&text), Encoding::Windows1252))
}

fn invalid_utf8(bytes: &[u8], e: std::str::Utf8Error) -> ExtractError {
    ExtractError::Undecodable {
        encoding: "UTF-8",
        line: line_of(bytes, e.valid_up_to()),
        reason: format!(
            "the file starts with a UTF-8 byte order mark, but byte {} is not valid UTF-8",
            e.valid_up_to() + 3
        ),
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes
        .get(..offset)
        .unwrap_or(bytes)
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Text has few control characters besides tab, line and page ends; binary data has
/// many.
fn is_binary_control(c: u32) -> bool {
    c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x1A)
}

fn check_controls(text: &str) -> Result<(), ExtractError> {
    let mut count = 0usize;
    let mut first = None;
    for (offset, c) in text.char_indices() {
        if is_binary_control(c as u32) {
            count += 1;
            first.get_or_insert(offset);
        }
    }
    too_many_controls(count, text.len(), first)
}

fn check_control_bytes(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut count = 0usize;
    let mut first = None;
    for (offset, &b) in bytes.iter().enumerate() {
        if is_binary_control(u32::from(b)) {
            count += 1;
            first.get_or_insert(offset);
        }
    }
    too_many_controls(count, bytes.len(), first)
}

fn too_many_controls(count: usize, len: usize, first: Option<usize>) -> Result<(), ExtractError> {
    // One stray control character in a long text is a typo; more than one in a
    // hundred characters is data.
    match first {
        Some(offset) if count * 100 > len || count > 1000 => Err(ExtractError::Binary {
            offset,
            reason: "control characters",
        }),
        _ => Ok(()),
    }
}

/// `\r\n` and lone `\r` become `\n`; other control characters become spaces so that
/// nothing downstream sees them.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' | '\x0C' => out.push(c),
            '\u{FEFF}' => {}
            c if (c as u32) < 0x20 || c == '\u{7F}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DANISH: &str = "Mødedato: 24. april 2025\r\nSted: Rådhuset, Ærø\r\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, enc) = decode_text(DANISH.as_bytes()).unwrap();
        assert_eq!(enc, Encoding::Utf8);
        assert_eq!(text, "Mødedato: 24. april 2025\nSted: Rådhuset, Ærø\n");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(DANISH.as_bytes());
        let (text2, enc) = decode_text(&bom).unwrap();
        assert_eq!(enc, Encoding::Utf8Bom);
        assert_eq!(text2, text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in DANISH.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_text(&le).unwrap().1, Encoding::Utf16Le);
        assert_eq!(decode_text(&be).unwrap().1, Encoding::Utf16Be);
        assert_eq!(decode_text(&le).unwrap().0, decode_text(&be).unwrap().0);
        assert!(decode_text(&le).unwrap().0.contains("Ærø"));
    }

    #[test]
    fn windows_1252() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Mødested: Byrådssalen – “Æ”\n");
        let (text, enc) = decode_text(&bytes).unwrap();
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Mødested: Byrådssalen – “Æ”\n");
    }

    #[test]
    fn undecodable_names_the_line() {
        let err = decode_text(b"line one\nline two \x81 here\n").unwrap_err();
        assert!(
            matches!(err, ExtractError::Undecodable { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn broken_utf16_is_an_error() {
        let err = decode_text(&[0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00]).unwrap_err();
        assert!(matches!(err, ExtractError::Undecodable { .. }), "{err:?}");
        let err = decode_text(&[0xFF, 0xFE, 0x41, 0x00, 0x42]).unwrap_err();
        assert!(err.to_string().contains("odd number of bytes"));
    }

    #[test]
    fn binary_is_refused() {
        let err = decode_text(b"\x7FELF\x02\x01\x01\x00\x00\x00").unwrap_err();
        assert!(matches!(err, ExtractError::Binary { .. }));
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 31) as u8 + 1).collect();
        assert!(matches!(
            decode_text(&noise),
            Err(ExtractError::Binary { .. })
        ));
    }

    proptest! {
        #[test]
        fn decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode_text(&bytes);
        }

        #[test]
        fn utf8_text_round_trips(s in "[a-zæøåA-ZÆØÅ0-9 .,:\n-]{0,200}") {
            let (text, _) = decode_text(s.as_bytes()).unwrap();
            prop_assert_eq!(text, s);
        }
    }
}

//! A path as it may be written to a terminal: a file name is whatever bytes its
//! creator chose, and control characters in it (an escape sequence, a carriage
//! return, a right-to-left override) would otherwise act on the reader's terminal
//! or disguise the name.

use std::fmt;
use std::path::Path;

/// `path` for a message: control and direction-changing characters written as
/// `\u{…}` escapes, bytes that are not UTF-8 as `�`.
pub fn shown(path: &Path) -> ShownPath<'_> {
    ShownPath(path)
}

/// See [`shown`].
#[derive(Clone, Copy, Debug)]
pub struct ShownPath<'a>(&'a Path);

impl fmt::Display for ShownPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for c in self.0.to_string_lossy().chars() {
            if c.is_control() || is_direction_mark(c) {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// The characters that change the direction of the text after them.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        let name = Path::new("møde\u{1b}[2J\r\u{202E}fdp.txt");
        assert_eq!(
            shown(name).to_string(),
            "møde\\u{1b}[2J\\u{d}\\u{202e}fdp.txt"
        );
        assert_eq!(shown(Path::new("a b/æøå.pdf")).to_string(), "a b/æøå.pdf");
    }
}

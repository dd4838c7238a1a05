//! The structural reading of a document, made once and shared by every recogniser: its
//! lines, classified (`text`), with page furniture marked (`layout`); its front matter;
//! and its blocks — headings with their level, list entries with their marker and
//! depth (bullets, numbers, letters, check boxes), tables, label–value lines
//! (`Tid: kl. 13`, `Tilstede: A, B`), and paragraphs, each with how deeply it is
//! quoted.
//!
//! Recognisers ask structural questions of it ("the entries of the list under this
//! heading", "the tables", "the label lines before the first item") rather than
//! matching the text of one layout. Every format reaches the parser as the same light
//! Markdown, so the reading is the same for PDF, Word, HTML and text.

use crate::front_matter::FrontMatter;
use crate::layout::{self, Layout, Vocabulary};
use crate::lookalike::{self, Folded};
use crate::text::{self, Line, LineKind};

/// A document read for its structure.
pub(crate) struct Document<'t> {
    pub lines: Vec<Line>,
    pub blocks: Vec<Block>,
    pub front: FrontMatter,
    pub layout: Layout,
    pub vocab: Vocabulary<'t>,
    /// Look-alike letters folded while the lines were cleaned.
    pub folded: Vec<Folded>,
}

/// A run of lines that is one thing: a heading, a list entry with its wrapped lines,
/// a table, a label line, a paragraph.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// Index of the first line (into [`Document::lines`]).
    pub start: usize,
    /// Index after the last line.
    pub end: usize,
    /// Quotation depth (`> `).
    pub quote: u8,
    /// The lines' text joined by spaces (a hyphen split at a line end mended).
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A Markdown heading (level 1–6), or a bold line (level 7: below every heading).
    Heading(u8),
    /// A list entry, with how deeply it is nested (0 at the top).
    Entry {
        marker: Marker,
        depth: u8,
    },
    /// Table rows (each line one row).
    Table,
    /// `Label: value` on a line; the value may be empty (`Fraværende:`), and then the
    /// label heads what follows. The label is `text[..label_len]`.
    Label {
        label_len: usize,
    },
    Paragraph,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Bullet,
    Number(u32),
    Letter(char),
    /// A check box, ticked or not.
    Check(bool),
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }
}

impl<'t> Document<'t> {
    pub fn read(text: &'t str) -> Document<'t> {
        let pairs = if has_foreign_letters(text) {
            lookalike::LetterPairs::of(text)
        } else {
            lookalike::LetterPairs::default()
        };
        let mut folding = text::Folding {
            pairs: &pairs,
            found: Vec::new(),
        };
        let mut lines = text::lines(text, &mut folding);
        let layout = layout::analyse(&lines);
        layout::mark_furniture(&mut lines, &layout);
        let vocab = Vocabulary::new(text);
        let blocks = blocks(&lines, &layout, &vocab);
        Document {
            lines,
            blocks,
            front: FrontMatter::read(text),
            layout,
            vocab,
            folded: folding.found,
        }
    }

    /// The index of the block that holds line `i`, if any.
    pub fn block_at(&self, i: usize) -> Option<usize> {
        let k = self.blocks.partition_point(|b| b.end <= i);
        self.blocks.get(k).filter(|b| b.start <= i).map(|_| k)
    }
}

fn has_foreign_letters(text: &str) -> bool {
    // Greek and Cyrillic letters start with these bytes in UTF-8.
    text.bytes().any(|b| (0xCD..=0xD3).contains(&b))
}

/// A label alone on its line (`Afbud:`), over what follows: the label without its colon.
pub(crate) fn bare_label(text: &str) -> Option<&str> {
    label_len(text)
        .and_then(|len| text.get(..len))
        .filter(|_| text.trim_end().ends_with(':'))
}

/// `Label: value`: a short capitalised label of up to five words before a colon. Times
/// (`kl. 13:00`), URLs and sentences with a colon inside are not labels.
pub(crate) fn label_len(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    let label = text.get(..colon)?.trim_end();
    if label.is_empty() || label.len() > 48 {
        return None;
    }
    let after = text.get(colon + 1..)?;
    // "13:00", "https://", "Note:text".
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    if !label.starts_with(char::is_uppercase) {
        return None;
    }
    let words = label.split_whitespace().count();
    if words > 5 || label.ends_with(['.', ',']) {
        return None;
    }
    // A label names a field; digits belong to values and list numbers.
    if label.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(colon)
}

/// Groups the lines into blocks.
fn blocks(lines: &[Line], layout: &Layout, vocab: &Vocabulary<'_>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(lines.len() / 2 + 1);
    // Whether the next text line may continue the last block.
    let mut open = false;
    // Indents of the list entries in the current list, outermost first.
    let mut indents: Vec<u32> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match &line.kind {
            LineKind::Furniture | LineKind::Meta => continue,
            LineKind::Rule => {
                open = false;
                indents.clear();
                continue;
            }
            LineKind::Blank { whitespace } => {
                if *whitespace || !layout.double_spaced {
                    open = false;
                }
                continue;
            }
            _ => {}
        }
        let quote_changed = out.last().is_some_and(|b| b.quote != line.quote);
        let new = |kind: BlockKind| Block {
            kind,
            start: i,
            end: i + 1,
            quote: line.quote,
            text: line.text.clone(),
        };
        let marker = match line.kind {
            LineKind::Bullet => Some(Marker::Bullet),
            LineKind::Numbered(n) => Some(Marker::Number(n)),
            LineKind::Lettered(c) => Some(Marker::Letter(c)),
            LineKind::Check(t) => Some(Marker::Check(t)),
            _ => None,
        };
        match (&line.kind, marker) {
            (LineKind::Heading(level), _) => {
                out.push(new(BlockKind::Heading(*level)));
                indents.clear();
                open = false;
                continue;
            }
            (LineKind::Bold, _) => {
                out.push(new(BlockKind::Heading(7)));
                indents.clear();
                open = false;
                continue;
            }
            (LineKind::Table(_), _) => {
                // A Markdown table's separator row (`|---|---|`) does not split it.
                let separated = |b: &Block| {
                    b.end + 1 == i && lines.get(b.end).is_some_and(|l| l.kind == LineKind::Rule)
                };
                match out.last_mut() {
                    Some(b)
                        if b.kind == BlockKind::Table
                            && (b.end == i || separated(b))
                            && !quote_changed =>
                    {
                        b.end = i + 1;
                        b.text.push(' ');
                        b.text.push_str(&line.text);
                    }
                    _ => out.push(new(BlockKind::Table)),
                }
                open = false;
                continue;
            }
            (_, Some(marker)) => {
                while indents.last().is_some_and(|&d| d > line.indent) {
                    indents.pop();
                }
                if indents.last() != Some(&line.indent) {
                    indents.push(line.indent);
                }
                let depth = u8::try_from(indents.len().saturating_sub(1)).unwrap_or(u8::MAX);
                out.push(new(BlockKind::Entry { marker, depth }));
                open = !line.hard_break;
                continue;
            }
            _ => {}
        }
        // A line of text: the rest of the block before it, or a block of its own.
        let continues = open
            && !quote_changed
            && out.last().is_some_and(|b| match &b.kind {
                // A list entry goes on in lines indented under its text, or in lines
                // that simply follow it (Markdown's lazy continuation).
                BlockKind::Entry { .. } => true,
                BlockKind::Paragraph => label_len(&line.text).is_none(),
                // A label's value wraps onto the next line: indented, or a list that
                // goes on ("Til stede: A, B," / "C og D").
                BlockKind::Label { .. } => {
                    label_len(&line.text).is_none()
                        && (line.indent > 0
                            || b.text.ends_with(',')
                            || line.text.starts_with(char::is_lowercase)
                            || (b.text.contains(',') && line.text.contains(',')))
                }
                _ => false,
            });
        if continues {
            if let Some(b) = out.last_mut() {
                layout::join_line(&mut b.text, &line.text, vocab);
                b.end = i + 1;
            }
        } else {
            indents.clear();
            let kind = match label_len(&line.text) {
                Some(label_len) => BlockKind::Label { label_len },
                None => BlockKind::Paragraph,
            };
            out.push(new(kind));
        }
        open = !line.hard_break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(BlockKind, u8, String)> {
        Document::read(src)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.quote, b.text))
            .collect()
    }

    #[test]
    fn blocks_of_a_markdown_minutes() {
        let got = kinds(
            "# Referat\n\n**Tid:** kl. 13-14\n\n#### Deltagere:\n- [x] Anne Holm\n- [ ] Bo Lind (formand)\n\n- Punkt et\n  fortsat her\n    - under\n\n> - 1.2 Godkendelse\nReferatet godkendt.\n",
        );
        let want = [
            (BlockKind::Heading(1), 0, "Referat"),
            (BlockKind::Label { label_len: 3 }, 0, "Tid: kl. 13-14"),
            (BlockKind::Heading(4), 0, "Deltagere:"),
            (
                BlockKind::Entry {
                    marker: Marker::Check(true),
                    depth: 0,
                },
                0,
                "Anne Holm",
            ),
            (
                BlockKind::Entry {
                    marker: Marker::Check(false),
                    depth: 0,
                },
                0,
                "Bo Lind (formand)",
            ),
            (
                BlockKind::Entry {
                    marker: Marker::Bullet,
                    depth: 0,
                },
                0,
                "Punkt et fortsat her",
            ),
            (
                BlockKind::Entry {
                    marker: Marker::Bullet,
                    depth: 1,
                },
                0,
                "under",
            ),
            (
                BlockKind::Entry {
                    marker: Marker::Bullet,
                    depth: 0,
                },
                1,
                "1.2 Godkendelse",
            ),
            (BlockKind::Paragraph, 0, "Referatet godkendt."),
        ];
        let want: Vec<(BlockKind, u8, String)> = want
            .into_iter()
            .map(|(k, q, t)| (k, q, t.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn labels() {
        assert_eq!(label_len("Tilstede: A, B"), Some(8));
        assert_eq!(label_len("Fraværende:"), Some("Fraværende".len()));
        assert_eq!(
            label_len("Møtetidspunkt: 14.15 (rom 054)"),
            Some("Møtetidspunkt".len())
        );
        assert_eq!(label_len("kl. 13:00"), None);
        assert_eq!(label_len("Se https://example.dk"), None);
        assert_eq!(
            label_len("Det blev besluttet at gøre følgende i år: intet"),
            None
        );
        assert_eq!(label_len("Punkt 3: Økonomi"), None);
    }

    #[test]
    fn front_matter_is_not_text() {
        let doc = Document::read("---\ntitle: Møde\n---\n\nTekst her.\n");
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.front.text(&["title"]).map(|t| t.0), Some("Møde"));
    }
}

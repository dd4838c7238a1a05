//! The walk over `word/document.xml`: paragraphs and tables made into blocks (headings,
//! bold lines, list items, paragraphs, table rows) and written with the
//! [`MarkdownWriter`]; table rows that hold an item, a label or lists side by side
//! read as such.

use std::io::Read;

use super::FORMAT;
use super::numbering::{Counters, Numbering};
use super::part::{Ev, Key, Name, Part, Tag};
use super::properties::{ParaProps, RunProps, read_ppr, read_rpr};
use super::styles::Styles;
use crate::markdown::{MarkdownWriter, inline};
use crate::{ExtractError, Limits};

/// A paragraph bold as a whole is a sub-heading when it has at most this many words.
const MAX_BOLD_LINE_WORDS: usize = 15;

/// A block of text, written at once or kept for a table cell.
#[derive(Clone, Debug)]
enum Block {
    Heading(u8, String),
    Bold(String),
    Paragraph(String),
    Item(String, String),
    Row(Vec<String>),
}

impl Block {
    fn text(&self) -> String {
        match self {
            Block::Heading(_, t) | Block::Bold(t) | Block::Paragraph(t) => inline(t),
            Block::Item(m, t) => inline(&format!("{m} {t}")),
            Block::Row(cells) => inline(&cells.join(" ")),
        }
    }
}

/// A row whose cells are lists side by side (a paragraph a person) under the headers
/// of the row before (`VIP-repræsentanter` | `Studenterrepræsentanter`): each column
/// as its header over its entries. `None` for any other row.
fn listed_columns(
    header: Option<&[String]>,
    texts: &[String],
    cells: &[Vec<Block>],
) -> Option<Vec<Block>> {
    let header = header?;
    let filled = texts.iter().filter(|t| !t.is_empty()).count();
    let lists = cells.iter().filter(|c| !c.is_empty()).all(|c| {
        let entries = cell_lines(c);
        entries.len() >= 2 && entries.iter().all(|e| e.chars().count() <= 100)
    });
    if filled < 2 || !lists || header.len() != cells.len() || header.iter().any(String::is_empty) {
        return None;
    }
    let mut blocks = Vec::new();
    for (title, cell) in header.iter().zip(cells) {
        if cell.is_empty() {
            continue;
        }
        blocks.push(Block::Bold(title.clone()));
        blocks.extend(cell.iter().cloned());
    }
    Some(blocks)
}

/// A table row that holds an agenda item, its number (and title) in the first cell
/// and its text in the second (over several paragraphs where the first cell is a
/// number alone), as blocks in reading order: the item's heading, then its text.
/// `None` for any other row, which reads as a row.
fn item_row(texts: &[String], cells: &[Vec<Block>]) -> Option<Vec<Block>> {
    let filled: Vec<usize> = (0..texts.len())
        .filter(|&k| texts.get(k).is_some_and(|t| !t.is_empty()))
        .collect();
    let [label_at, text_at] = filled.as_slice() else {
        return None;
    };
    let label = texts.get(*label_at)?;
    let body = cells.get(*text_at)?;
    let number_only = crate::item_label(label)?;
    // "1. Velkommen" | "Dagsorden godkendt.": a titled item's minute may be one
    // paragraph, as in the rows around it that have more; a number and a page, or a
    // word or two, is a table of contents or an agenda's columns.
    let worded = || {
        body.iter()
            .map(|b| b.text().split_whitespace().count())
            .sum::<usize>()
            >= 3
    };
    if !(body.len() >= 2 || (!number_only && worded())) || label.len() > 200 {
        return None;
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(body.len() + 1);
    let mut rest = body.iter();
    if number_only {
        // "1." | "Valg af dirigent" …: the number and the title are one heading.
        let first = rest.next()?;
        blocks.push(Block::Bold(format!("{label} {}", first.text())));
    } else {
        blocks.push(Block::Bold(label.clone()));
    }
    blocks.extend(rest.cloned());
    Some(blocks)
}

/// A row that lays out a page in columns (a cover page: the meeting's details beside
/// its members), each cell a run of paragraphs, rather than holding one value a cell:
/// read cell after cell.
fn is_column_row(cells: &[Vec<Block>]) -> bool {
    let lines: Vec<usize> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| cell_lines(c).len())
        .collect();
    lines.len() >= 2 && lines.iter().all(|&n| n >= 2) && lines.iter().any(|&n| n >= 4)
}

/// A table cell that holds a label: short, ending in its colon.
fn is_cell_label(text: &str) -> bool {
    text.ends_with(':') && text.chars().count() <= 40 && !text.trim_end_matches(':').contains(':')
}

/// A label beside a cell of several lines (`Til stede:` | a member a paragraph): the
/// label and the cell's first line, the others under it with line breaks, as a label
/// line that goes on below reads. Joined into one line, the members would run together.
fn label_over_lines(cells: &[Vec<Block>]) -> Option<Block> {
    let [label, value] = cells else {
        return None;
    };
    let label = match cell_lines(label).as_slice() {
        [one] => one.clone(),
        _ => return None,
    };
    let value = cell_lines(value);
    if !is_cell_label(&label) || value.len() < 2 {
        return None;
    }
    Some(Block::Paragraph(format!("{label} {}", value.join("\n"))))
}

/// The lines of a table cell with text: a paragraph each, or a line of one (Word's
/// line breaks).
fn cell_lines(cell: &[Block]) -> Vec<String> {
    cell.iter()
        .flat_map(|b| match b {
            Block::Paragraph(t) | Block::Bold(t) => t.split('\n').map(inline).collect(),
            other => vec![other.text()],
        })
        .filter(|e| !e.is_empty())
        .collect()
}

#[derive(Debug, Default)]
struct Para {
    props: ParaProps,
    run: RunProps,
    text: String,
    /// Whether some text has letters or digits, and whether all such text is bold.
    has_text: bool,
    all_bold: bool,
}

#[derive(Debug, Default)]
struct Table {
    /// The cells of the row being read, each a list of blocks.
    row: Option<Vec<Vec<Block>>>,
    /// The texts of the row before, where each of its cells was one line: the
    /// headers of the columns below it.
    header: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug)]
enum Frame {
    Para,
    Table,
    Row,
}

pub(super) struct Walker<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    counters: Counters,
    writer: MarkdownWriter,
    max_text: u64,
    paras: Vec<Para>,
    tables: Vec<Table>,
    frames: Vec<(usize, Frame)>,
    /// Open fields, innermost last: whether their result is being read (after
    /// `separate`) rather than their instruction.
    fields: Vec<bool>,
}

impl<'s> Walker<'s> {
    pub(super) fn new(styles: &'s Styles, numbering: Numbering, limits: &Limits) -> Walker<'s> {
        Walker {
            styles,
            numbering,
            counters: Counters::new(),
            writer: MarkdownWriter::new(),
            max_text: limits.max_unpacked_bytes,
            paras: Vec::new(),
            tables: Vec::new(),
            frames: Vec::new(),
            fields: Vec::new(),
        }
    }

    pub(super) fn run<R: Read>(mut self, part: &mut Part<R>) -> Result<String, ExtractError> {
        loop {
            match part.next()? {
                Ev::Eof => break,
                Ev::Open(tag) => self.open(part, tag)?,
                Ev::Empty(tag) => self.empty(tag),
                Ev::Close(depth) => self.close(depth)?,
                Ev::Text(_) => {}
            }
        }
        // Whatever a damaged document left open.
        while let Some((depth, _)) = self.frames.last() {
            let depth = *depth;
            self.close(depth)?;
        }
        Ok(self.writer.finish())
    }

    fn open<R: Read>(&mut self, part: &mut Part<R>, tag: Tag) -> Result<(), ExtractError> {
        match tag.name {
            Name::P => {
                self.paras.push(Para {
                    all_bold: true,
                    ..Para::default()
                });
                self.frames.push((part.depth, Frame::Para));
            }
            Name::PPr => {
                let props = read_ppr(part)?;
                if let Some(para) = self.paras.last_mut() {
                    para.props = props;
                }
            }
            Name::R => {
                if let Some(para) = self.paras.last_mut() {
                    para.run = RunProps::default();
                }
            }
            Name::RPr => {
                let props = read_rpr(part)?;
                if let Some(para) = self.paras.last_mut() {
                    para.run = props;
                }
            }
            Name::T => {
                let mut text = String::new();
                part.read_text(&mut text)?;
                // Line ends and tabs inside w:t are white space; line breaks are w:br.
                let text = text.replace(['\n', '\r', '\t'], " ");
                self.push_text(&text);
            }
            Name::Tbl => {
                self.tables.push(Table::default());
                self.frames.push((part.depth, Frame::Table));
            }
            Name::Tr => {
                self.flush_row()?;
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(Vec::new());
                }
                self.frames.push((part.depth, Frame::Row));
            }
            Name::Tc => self.new_cell(),
            // Deleted and moved-away text, field instructions, and properties.
            Name::Del
            | Name::MoveFrom
            | Name::DelText
            | Name::InstrText
            | Name::SectPr
            | Name::TblPr
            | Name::TblPrEx
            | Name::TblGrid
            | Name::TrPr
            | Name::TcPr
            | Name::SdtPr
            | Name::SdtEndPr
            | Name::PPrChange
            | Name::RPrChange => part.skip()?,
            // Hyperlinks, insertions, smart tags, content controls, simple fields,
            // drawings with text boxes: their content is read.
            _ => self.empty(tag),
        }
        Ok(())
    }

    fn empty(&mut self, tag: Tag) {
        match tag.name {
            Name::Tab => self.push_text(" "),
            Name::Br => match tag.attr(Key::Type) {
                Some("page" | "column") => self.push_text(" "),
                _ => self.push_text("\n"),
            },
            Name::Cr => self.push_text("\n"),
            Name::NoBreakHyphen => self.push_text("-"),
            Name::FldChar => match tag.attr(Key::FldCharType) {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(result) = self.fields.last_mut() {
                        *result = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            Name::Tc => self.new_cell(),
            _ => {}
        }
    }

    fn new_cell(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.row.get_or_insert_with(Vec::new).push(Vec::new());
        }
    }

    /// Text of the current run, unless it is hidden or a field's instruction.
    fn push_text(&mut self, text: &str) {
        if self.fields.iter().any(|result| !result) {
            return;
        }
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        let (bold, vanish) = self.styles.run_format(&para.props, &para.run);
        if vanish {
            return;
        }
        if text.chars().any(char::is_alphanumeric) {
            para.has_text = true;
            para.all_bold &= bold;
        }
        para.text.push_str(text);
    }

    fn close(&mut self, depth: usize) -> Result<(), ExtractError> {
        let Some(&(top, frame)) = self.frames.last() else {
            return Ok(());
        };
        if top != depth {
            return Ok(());
        }
        self.frames.pop();
        match frame {
            Frame::Para => self.finish_paragraph(),
            Frame::Row => self.flush_row(),
            Frame::Table => {
                self.flush_row()?;
                self.tables.pop();
                Ok(())
            }
        }
    }

    fn finish_paragraph(&mut self) -> Result<(), ExtractError> {
        let Some(para) = self.paras.pop() else {
            return Ok(());
        };
        let styles = self.styles;
        let heading = styles.heading_level(&para.props);
        let marker = styles.numbering(&para.props).and_then(|(num_id, ilvl)| {
            let style = styles.paragraph_style(&para.props);
            self.numbering
                .next_marker(&mut self.counters, num_id, ilvl, style, styles)
        });
        let block = if let Some(level) = heading {
            match marker {
                Some(m) if m != "-" => Block::Heading(level, format!("{m} {}", para.text)),
                _ => Block::Heading(level, para.text),
            }
        } else if let Some(marker) = marker {
            Block::Item(marker, para.text)
        } else if para.has_text
            && para.all_bold
            && para.text.split_whitespace().count() <= MAX_BOLD_LINE_WORDS
        {
            Block::Bold(para.text)
        } else {
            Block::Paragraph(para.text)
        };
        self.emit(self.tables.len(), block)
    }

    /// Ends the current row of the innermost table: a row with text in two cells or
    /// more is a table row; a row with one (a frame around text) gives its blocks.
    fn flush_row(&mut self) -> Result<(), ExtractError> {
        let level = self.tables.len();
        let Some(cells) = self.tables.last_mut().and_then(|t| t.row.take()) else {
            return Ok(());
        };
        let texts: Vec<String> = cells
            .iter()
            .map(|blocks| {
                let parts: Vec<String> = blocks.iter().map(Block::text).collect();
                inline(&parts.join(" "))
            })
            .collect();
        let parent = level.saturating_sub(1);
        let header = self.tables.last_mut().and_then(|t| {
            let before = t.header.take();
            let one_line = cells.iter().all(|c| c.len() <= 1);
            if one_line {
                t.header = Some(texts.clone());
            }
            before
        });
        if let Some(blocks) = listed_columns(header.as_deref(), &texts, &cells) {
            for block in blocks {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        if let Some(blocks) = item_row(&texts, &cells) {
            for block in blocks {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        if let Some(block) = label_over_lines(&cells) {
            return self.emit(parent, block);
        }
        if is_column_row(&cells) {
            for block in cells.into_iter().flatten() {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        // "Møteleder:" | "Ordfører X": a label and its value set out in two cells.
        if let [label, value] = texts.as_slice() {
            if is_cell_label(label) && !value.is_empty() {
                return self.emit(parent, Block::Paragraph(format!("{label} {value}")));
            }
        }
        if texts.iter().filter(|t| !t.is_empty()).count() >= 2 {
            return self.emit(parent, Block::Row(texts));
        }
        for block in cells.into_iter().flatten() {
            self.emit(parent, block)?;
        }
        Ok(())
    }

    /// Writes a block, or keeps it for the cell of the table `level` tables deep.
    fn emit(&mut self, level: usize, block: Block) -> Result<(), ExtractError> {
        if level > 0 {
            if let Some(table) = self.tables.get_mut(level - 1) {
                let row = table.row.get_or_insert_with(Vec::new);
                if row.is_empty() {
                    row.push(Vec::new());
                }
                if let Some(cell) = row.last_mut() {
                    cell.push(block);
                }
                return Ok(());
            }
        }
        match block {
            Block::Heading(level, text) => self.writer.heading(level, &text),
            Block::Bold(text) => {
                for line in text.split('\n') {
                    self.writer.bold_line(line);
                }
            }
            Block::Paragraph(text) => self.writer.paragraph(&text),
            Block::Item(marker, text) => {
                // A line break inside an item: the item's first line, then the others
                // as lines of their own right under it (the writer's items are one
                // line).
                let mut lines = text.split('\n').map(inline).filter(|l| !l.is_empty());
                self.writer
                    .list_item(&marker, &lines.next().unwrap_or_default());
                let rest: Vec<String> = lines.collect();
                let last = rest.len().saturating_sub(1);
                for (i, line) in rest.iter().enumerate() {
                    let escape = if line.starts_with('#') { "\\" } else { "" };
                    let end = if i < last { "  " } else { "" };
                    self.writer.raw_line(&format!("{escape}{line}{end}"));
                }
            }
            Block::Row(cells) => self.writer.table_row(&cells),
        }
        if self.writer.len() as u64 > self.max_text {
            return Err(ExtractError::OverLimit {
                format: FORMAT,
                what: format!("more than {} bytes of text", self.max_text),
                limit: self.max_text,
            });
        }
        Ok(())
    }
}

//! The walk over an element tree that writes its text as blocks: headings, paragraphs
//! with line breaks, bold lines, list items, table rows.
//!
//! The walk keeps its own stack (no recursion, so no depth can overflow the call
//! stack) and refuses a tree deeper than `Limits::max_depth`. Text is gathered in a
//! *run* until an element that starts or ends a block; the run is then written as one
//! paragraph. So a `div` that only wraps other blocks writes nothing of its own, and text
//! beside a nested block is a paragraph of its own, never merged into the block's.

use scraper::{ElementRef, Node};

use super::dom;
use crate::markdown::MarkdownWriter;
use crate::{ExtractError, Limits};

/// What a layout does with one element instead of the generic handling.
pub(super) enum Special {
    /// Handle it the generic way.
    Normal,
    /// Leave it and all it holds out.
    Skip,
    /// Write this paragraph in its place.
    Paragraph(String),
    /// Write this list item (marker, text) in its place.
    ListItem(String, String),
}

/// The hooks a layout (FirstAgenda) sets into the generic walk.
pub(super) trait Hooks {
    fn special(&self, _el: &ElementRef<'_>) -> Special {
        Special::Normal
    }

    /// Headings are written at this level or deeper (a layout's own structure sits
    /// above).
    fn min_heading(&self) -> u8 {
        1
    }

    /// The level a heading element of `level` is written at (before `min_heading`).
    fn heading_level(&self, _el: &ElementRef<'_>, level: u8) -> u8 {
        level
    }

    /// Whether two line breaks in a row (`<br><br>`, white space between) end the
    /// paragraph, as they show a blank line; otherwise they are one line break.
    fn double_break_ends_paragraph(&self) -> bool {
        false
    }
}

/// No hooks: any HTML page.
pub(super) struct Generic;

impl Hooks for Generic {}

/// A paragraph or list item is a sub-heading when it is bold as a whole and at most
/// this many characters.
const SHORT_BOLD: usize = 120;

/// Text gathered for one block.
#[derive(Debug, Default)]
struct Run {
    text: String,
    /// White space seen since the last character written.
    space: bool,
    /// Characters other than white space, and how many of them are bold.
    chars: usize,
    bold: usize,
}

impl Run {
    fn push(&mut self, text: &str, bold: bool) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
            self.chars += 1;
            if bold {
                self.bold += 1;
            }
        }
    }

    fn line_break(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.space = false;
    }

    fn has_text(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }

    fn is_bold_line(&self) -> bool {
        self.chars > 0
            && self.bold == self.chars
            && self.chars <= SHORT_BOLD
            && !is_sentence(&self.text)
    }
}

/// "Godkendt." or "Sagen blev udsat." in bold is a decision, not a heading.
fn is_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let Some(body) = t.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    let last = body.rsplit(char::is_whitespace).next().unwrap_or("");
    last.chars().count() > 3 && last.chars().all(char::is_alphabetic)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Decimal,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
}

#[derive(Debug)]
struct List {
    ordered: bool,
    style: Style,
    next: i64,
    step: i64,
}

impl List {
    fn of(el: &ElementRef<'_>) -> List {
        let ordered = dom::name(el) == "ol";
        let style = match el.attr("type").map(str::trim) {
            Some("a") => Style::LowerAlpha,
            Some("A") => Style::UpperAlpha,
            Some("i") => Style::LowerRoman,
            Some("I") => Style::UpperRoman,
            _ => Style::Decimal,
        };
        let reversed = ordered && el.attr("reversed").is_some();
        let start = el.attr("start").and_then(|s| s.trim().parse::<i64>().ok());
        let next = match (start, reversed) {
            (Some(n), _) => n,
            (None, true) => el.child_elements().filter(|c| dom::name(c) == "li").count() as i64,
            (None, false) => 1,
        };
        List {
            ordered,
            style,
            next,
            step: if reversed { -1 } else { 1 },
        }
    }

    fn marker(&mut self, li: &ElementRef<'_>) -> String {
        if !self.ordered {
            return "-".into();
        }
        if let Some(v) = li.attr("value").and_then(|s| s.trim().parse::<i64>().ok()) {
            self.next = v;
        }
        let n = self.next;
        self.next = self.next.saturating_add(self.step);
        format_marker(n, self.style)
    }
}

fn format_marker(n: i64, style: Style) -> String {
    if n <= 0 {
        return format!("{n}.");
    }
    match style {
        Style::Decimal => format!("{n}."),
        Style::LowerAlpha => format!("{})", alpha(n)),
        Style::UpperAlpha => format!("{})", alpha(n).to_ascii_uppercase()),
        Style::LowerRoman => format!("{}.", roman(n)),
        Style::UpperRoman => format!("{}.", roman(n).to_ascii_uppercase()),
    }
}

/// 1 → a, 26 → z, 27 → aa.
fn alpha(mut n: i64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

fn roman(n: i64) -> String {
    if n >= 4000 {
        return n.to_string();
    }
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// What closing an element does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Close {
    Inline,
    Block,
    Bold,
    Heading(u8),
    List,
    Item,
    Pre,
    Table,
    Row,
    Cell,
    /// The short first cell of a layout table's row (`§ 12`), which opens the text of
    /// the cell beside it.
    LabelCell,
    Term,
    Definition,
    Section,
    /// Inside a heading or a table cell: a block is a space.
    Spaced,
}

enum Step<'a> {
    Open(ElementRef<'a>),
    Text(&'a str),
    Close(Close),
}

/// Writes the text of elements, one subtree after another.
pub(super) struct Walker<'w, 'h> {
    w: &'w mut MarkdownWriter,
    hooks: &'h dyn Hooks,
    max_depth: usize,
    max_bytes: u64,
    run: Run,
    /// A heading's, table cell's or term's text being gathered.
    capture: Option<Run>,
    lists: Vec<List>,
    /// The open tables: data tables (rows written as rows) or layout tables (cells
    /// written as blocks).
    tables: Vec<bool>,
    row: Option<Vec<Run>>,
    /// The label of a layout row, waiting for the first block of the row's text.
    label: Option<String>,
    /// Gathering a data table's cell, whose line breaks and paragraphs stay lines.
    in_cell: bool,
    bold: usize,
    pre: usize,
    sections: usize,
    /// The marker of the list item whose text is being gathered.
    marker: Option<String>,
    /// A definition term waiting for its definition.
    term: Option<String>,
}

impl<'w, 'h> Walker<'w, 'h> {
    pub fn new(w: &'w mut MarkdownWriter, hooks: &'h dyn Hooks, limits: &Limits) -> Self {
        Walker {
            w,
            hooks,
            max_depth: limits.max_depth,
            max_bytes: limits.max_unpacked_bytes,
            run: Run::default(),
            capture: None,
            lists: Vec::new(),
            tables: Vec::new(),
            row: None,
            label: None,
            in_cell: false,
            bold: 0,
            pre: 0,
            sections: 0,
            marker: None,
            term: None,
        }
    }

    /// Writes the text of `root` and all it holds.
    pub fn walk(&mut self, root: ElementRef<'_>) -> Result<(), ExtractError> {
        // The depth counts from the document: the root's ancestors are above it.
        let base = root.ancestors().filter(|a| a.value().is_element()).count();
        let mut depth = base;
        let in_section = root
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| dom::is_sectioning(dom::name(&a)));
        let mut steps: Vec<Step<'_>> = vec![Step::Open(root)];
        while let Some(step) = steps.pop() {
            match step {
                Step::Text(t) => self.text(t)?,
                Step::Close(close) => {
                    depth = depth.saturating_sub(1);
                    self.close(close)?;
                    if close == Close::Section {
                        self.sections = self.sections.saturating_sub(1);
                    }
                }
                Step::Open(el) => {
                    if dom::name(&el) == "br" {
                        self.line_break()?;
                        continue;
                    }
                    if dom::is_excluded(&el, in_section || self.sections > 0) {
                        continue;
                    }
                    match self.hooks.special(&el) {
                        Special::Normal => {}
                        Special::Skip => continue,
                        Special::Paragraph(text) => {
                            self.flush()?;
                            self.w.paragraph(&text);
                            self.check_size()?;
                            continue;
                        }
                        Special::ListItem(marker, text) => {
                            self.flush()?;
                            self.w.list_item(&marker, &text);
                            self.check_size()?;
                            continue;
                        }
                    }
                    depth += 1;
                    if depth > self.max_depth {
                        return Err(super::guard::over_limit(self.max_depth));
                    }
                    let close = self.open(&el)?;
                    if close == Close::Section {
                        self.sections += 1;
                    }
                    steps.push(Step::Close(close));
                    for child in el.children().rev() {
                        match child.value() {
                            Node::Text(t) => steps.push(Step::Text(t)),
                            Node::Element(_) => {
                                if let Some(e) = ElementRef::wrap(child) {
                                    steps.push(Step::Open(e));
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes what is still gathered.
    pub fn finish(&mut self) -> Result<(), ExtractError> {
        self.flush()?;
        self.flush_term()
    }

    fn target(&mut self) -> &mut Run {
        match self.capture.as_mut() {
            Some(c) => c,
            None => &mut self.run,
        }
    }

    fn text(&mut self, t: &str) -> Result<(), ExtractError> {
        let bold = self.bold > 0;
        if self.pre > 0 && self.capture.is_none() {
            for (i, line) in t.split('\n').enumerate() {
                if i > 0 {
                    self.run.line_break();
                }
                self.run.push(line, bold);
            }
        } else {
            self.target().push(t, bold);
        }
        let gathered = self.run.text.len() + self.capture.as_ref().map_or(0, |c| c.text.len());
        if (self.w.len() + gathered) as u64 > self.max_bytes {
            return Err(self.too_much());
        }
        Ok(())
    }

    /// A block inside a heading is a space; inside a cell, a line of its own.
    fn block_in_capture(&mut self) {
        let in_cell = self.in_cell;
        let run = self.target();
        if in_cell {
            run.line_break();
        } else {
            run.space = true;
        }
    }

    fn line_break(&mut self) -> Result<(), ExtractError> {
        match self.capture.as_mut() {
            Some(c) if self.in_cell => c.line_break(),
            Some(c) => c.space = true,
            // A break right after a break: nothing since but white space.
            None if self.pre == 0
                && self.hooks.double_break_ends_paragraph()
                && self.run.text.ends_with('\n') =>
            {
                return self.flush();
            }
            None => self.run.line_break(),
        }
        Ok(())
    }

    fn too_much(&self) -> ExtractError {
        ExtractError::OverLimit {
            format: "html",
            what: "more text than the limit".into(),
            limit: self.max_bytes,
        }
    }

    fn check_size(&self) -> Result<(), ExtractError> {
        if self.w.len() as u64 > self.max_bytes {
            Err(self.too_much())
        } else {
            Ok(())
        }
    }

    /// Opens an element; returns what its end does.
    fn open(&mut self, el: &ElementRef<'_>) -> Result<Close, ExtractError> {
        let name = dom::name(el);
        let bold = dom::is_bold(el);
        if self.capture.is_some() {
            // In a heading or a cell everything is inline; blocks are spaces.
            if bold {
                self.bold += 1;
                return Ok(Close::Bold);
            }
            if dom::is_block(name)
                || dom::heading_level(name).is_some()
                || matches!(name, "li" | "ul" | "ol" | "dt" | "dd" | "table")
            {
                self.block_in_capture();
                return Ok(Close::Spaced);
            }
            return Ok(Close::Inline);
        }
        if let Some(level) = dom::heading_level(name) {
            self.flush()?;
            self.capture = Some(Run::default());
            let level = self.hooks.heading_level(el, level);
            return Ok(Close::Heading(level.max(self.hooks.min_heading())));
        }
        if bold {
            self.bold += 1;
            return Ok(Close::Bold);
        }
        let close = match name {
            "ul" | "ol" | "menu" | "dir" => {
                self.flush()?;
                self.lists.push(List::of(el));
                Close::List
            }
            "li" => {
                self.flush()?;
                let marker = match self.lists.last_mut() {
                    Some(list) => list.marker(el),
                    None => "-".into(),
                };
                self.marker = Some(marker);
                Close::Item
            }
            "table" => {
                self.flush()?;
                self.tables.push(is_data_table(el));
                Close::Table
            }
            "tr" if self.tables.last() == Some(&true) => {
                self.flush()?;
                self.row = Some(Vec::new());
                Close::Row
            }
            "td" | "th" if self.tables.last() == Some(&true) && self.row.is_some() => {
                self.capture = Some(Run::default());
                self.in_cell = true;
                Close::Cell
            }
            "td" | "th" if self.tables.last() == Some(&false) && is_label_cell(el) => {
                self.flush()?;
                self.capture = Some(Run::default());
                Close::LabelCell
            }
            "dt" => {
                self.flush()?;
                self.flush_term()?;
                self.capture = Some(Run::default());
                Close::Term
            }
            "dd" => {
                let term = self.term.take();
                self.flush()?;
                if let Some(term) = term {
                    let label = if term.ends_with(':') {
                        term
                    } else {
                        format!("{term}:")
                    };
                    self.run.push(&label, false);
                    self.run.space = true;
                }
                Close::Definition
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.flush()?;
                self.pre += 1;
                Close::Pre
            }
            _ if dom::is_sectioning(name) => {
                self.flush()?;
                Close::Section
            }
            _ if dom::is_block(name) => {
                self.flush()?;
                Close::Block
            }
            _ => Close::Inline,
        };
        Ok(close)
    }

    fn close(&mut self, close: Close) -> Result<(), ExtractError> {
        match close {
            Close::Inline => {}
            Close::Spaced => self.block_in_capture(),
            Close::Bold => self.bold = self.bold.saturating_sub(1),
            Close::Block | Close::Section | Close::Table | Close::Definition => {
                self.flush()?;
                if close == Close::Table {
                    self.tables.pop();
                }
            }
            Close::Heading(level) => {
                let run = self.capture.take().unwrap_or_default();
                if run.has_text() {
                    self.flush_term()?;
                    self.w.heading(level, &run.text);
                    self.check_size()?;
                }
            }
            Close::List => {
                self.flush()?;
                self.lists.pop();
            }
            Close::Item => {
                self.flush()?;
                self.marker = None;
            }
            Close::Pre => {
                self.flush()?;
                self.pre = self.pre.saturating_sub(1);
            }
            Close::Row => {
                let cells = self.row.take().unwrap_or_default();
                self.write_row(cells)?;
            }
            Close::Cell => {
                self.in_cell = false;
                let run = self.capture.take().unwrap_or_default();
                if let Some(row) = self.row.as_mut() {
                    row.push(run);
                }
            }
            Close::LabelCell => {
                let run = self.capture.take().unwrap_or_default();
                if run.has_text() {
                    self.label = Some(dom::collapse(&run.text));
                }
            }
            Close::Term => {
                let run = self.capture.take().unwrap_or_default();
                if run.has_text() {
                    self.term = Some(dom::collapse(&run.text));
                }
            }
        }
        Ok(())
    }

    fn write_row(&mut self, mut cells: Vec<Run>) -> Result<(), ExtractError> {
        while cells.last().is_some_and(|c| !c.has_text()) {
            cells.pop();
        }
        let filled = cells.iter().filter(|c| c.has_text()).count();
        if filled == 0 {
            return Ok(());
        }
        if filled == 1 {
            // A row of one cell is a paragraph.
            if let Some(cell) = cells.into_iter().find(Run::has_text) {
                self.flush()?;
                self.run = cell;
                self.flush()?;
            }
            return Ok(());
        }
        let texts: Vec<String> = cells.iter().map(|c| c.text.clone()).collect();
        self.flush()?;
        self.w.table_row(&texts);
        self.check_size()
    }

    fn flush_term(&mut self) -> Result<(), ExtractError> {
        if let Some(term) = self.term.take() {
            self.w.paragraph(&term);
            self.check_size()?;
        }
        Ok(())
    }

    /// Writes the gathered run as a paragraph, list item or bold line.
    fn flush(&mut self) -> Result<(), ExtractError> {
        if self.capture.is_some() {
            return Ok(());
        }
        let run = std::mem::take(&mut self.run);
        if !run.has_text() {
            return Ok(());
        }
        self.flush_term()?;
        let labelled;
        let text = match self.label.take() {
            Some(label) => {
                labelled = format!("{label} {}", run.text.trim());
                labelled.as_str()
            }
            None => run.text.trim(),
        };
        match self.marker.take() {
            // A numbered item keeps its number even when it is all bold (`<li><b>Title</b>`
            // over the item's text in paragraphs): the number is the item's.
            Some(marker) if run.is_bold_line() && marker != "-" => self.w.list_item(&marker, text),
            Some(_) if run.is_bold_line() => self.w.bold_line(text),
            Some(marker) => self.w.list_item(&marker, text),
            None if run.is_bold_line() => self.w.bold_line(text),
            None => self.w.paragraph(text),
        }
        self.check_size()
    }
}

/// A table of data (its rows are rows) rather than of layout (its cells hold headings,
/// lists or other tables, or, in a table of two columns, paragraphs of text, and are
/// blocks).
fn is_data_table(table: &ElementRef<'_>) -> bool {
    let nested = table.descendent_elements().skip(1).any(|d| {
        let name = dom::name(&d);
        dom::heading_level(name).is_some()
            || matches!(
                name,
                "table" | "ul" | "ol" | "dl" | "blockquote" | "section" | "article" | "form"
            )
    });
    !nested && !is_text_beside_labels(table)
}

/// Two columns, and cells of several paragraphs of prose: `§ 12` | title and minutes.
fn is_text_beside_labels(table: &ElementRef<'_>) -> bool {
    let rows: Vec<ElementRef<'_>> = table
        .descendent_elements()
        .filter(|e| dom::name(e) == "tr")
        .collect();
    fn cells<'a>(row: &ElementRef<'a>) -> Vec<ElementRef<'a>> {
        row.child_elements()
            .filter(|c| matches!(dom::name(c), "td" | "th"))
            .collect()
    }
    let two_columns = !rows.is_empty() && rows.iter().all(|r| cells(r).len() <= 2);
    two_columns
        && rows.iter().flat_map(|r| cells(r)).any(|cell| {
            let paragraphs: Vec<String> = cell
                .descendent_elements()
                .filter(|e| matches!(dom::name(e), "p" | "div"))
                .map(|p| dom::collapse(&dom::text_of(&p)))
                .filter(|t| !t.is_empty())
                .collect();
            paragraphs.len() >= 2 && paragraphs.iter().any(|t| t.chars().count() >= 60)
        })
}

/// The first cell of a row, short and beside another: a number or label (`§ 12`).
fn is_label_cell(cell: &ElementRef<'_>) -> bool {
    let first = cell
        .prev_siblings()
        .filter_map(ElementRef::wrap)
        .all(|e| !matches!(dom::name(&e), "td" | "th"));
    let beside = cell
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .any(|e| matches!(dom::name(&e), "td" | "th"));
    let text = dom::collapse(&dom::text_of(cell));
    first && beside && !text.is_empty() && text.chars().count() <= 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(format_marker(3, Style::Decimal), "3.");
        assert_eq!(format_marker(1, Style::LowerAlpha), "a)");
        assert_eq!(format_marker(28, Style::UpperAlpha), "AB)");
        assert_eq!(format_marker(4, Style::LowerRoman), "iv.");
        assert_eq!(format_marker(1994, Style::UpperRoman), "MCMXCIV.");
    }

    #[test]
    fn sentences_are_not_bold_lines() {
        assert!(is_sentence("Godkendt."));
        assert!(is_sentence("Sagen blev udsat."));
        assert!(!is_sentence("Beslutning"));
        assert!(!is_sentence("Pkt."));
    }
}

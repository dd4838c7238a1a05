//! Page layout: the glyphs of one page, placed by position, laid out as lines of text
//! the way `pdftotext -layout` does — one visual line a line, words split by their
//! gaps, table cells and right-aligned columns apart by three spaces or more.
//!
//! Where the lines of a stretch of the page split at one x (a gutter), side by side is
//! not the reading order: two columns of text are written one after the other, and a
//! table of a narrow label column beside a wide text column ("1. Budget" | the minutes
//! of the item) is written row by row, the label over its text.

/// One glyph as drawn: its text, where its baseline starts and ends, and its size.
#[derive(Clone, Debug)]
pub(super) struct Glyph {
    pub text: String,
    /// Left edge, in points from the page's left.
    pub x: f64,
    /// Baseline, in points from the page's top.
    pub y: f64,
    /// Right edge: `x` plus the advance width.
    pub end: f64,
    /// The font size on the page, in points.
    pub size: f64,
}

impl Glyph {
    fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// How far apart two baselines may be, as a share of the font size, and still be one
/// line: superscripts and mixed sizes sit a little off the baseline.
const SAME_LINE: f64 = 0.4;
/// Text this much smaller than a line's, and raised at most this share of the line's
/// font size above its baseline, is part of the line (footnote marks, superscripts).
const SMALLER: f64 = 0.85;
const RAISED: f64 = 0.5;
/// A gap wider than this share of the font size is a space between words. Letters
/// are set closer than that even in justified text.
const WORD_GAP: f64 = 0.15;
/// A gap wider than this share of the font size separates columns or table cells;
/// justified text stretches a space to well under it.
const COLUMN_GAP: f64 = 1.5;
/// A step between baselines larger than this many font sizes leaves a blank line:
/// body text steps about 1.15–1.4 sizes, a paragraph gap more.
const PARAGRAPH_STEP: f64 = 1.75;

/// Lays the glyphs of one page out as text, a line for each line on the page, in
/// reading order from top to bottom and left to right; each line ends in `\n`.
pub(super) fn lay_out(mut glyphs: Vec<Glyph>, out: &mut String) {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.end.is_finite());
    if glyphs.iter().all(Glyph::is_blank) {
        return;
    }
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let lines = group_lines(glyphs);
    let left = lines
        .iter()
        .flat_map(|l| l.glyphs.iter())
        .filter(|g| !g.is_blank())
        .map(|g| g.x)
        .fold(f64::INFINITY, f64::min);
    let grid = grid(&lines);
    let mut lines: Vec<Line> = lines
        .into_iter()
        .filter(|l| !l.glyphs.iter().all(Glyph::is_blank))
        .map(|mut l| {
            l.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
            l
        })
        .collect();
    lines.shrink_to_fit();
    let regions = gutter_regions(&lines, left);
    let stops = cell_stops(&lines, &regions);
    let mut previous: Option<(f64, f64)> = None;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if let Some(region) = regions.iter().find(|r| r.start == i) {
            if previous.is_some() {
                out.push('\n');
            }
            write_region(&lines, region, left, grid, out);
            previous = None;
            i = region.end;
            continue;
        }
        let parts = [Part::whole(line)];
        let line_stops = stops.get(i).map_or(&[][..], Vec::as_slice);
        write_parts(&parts, left, grid, line_stops, &mut previous, out);
        i += 1;
    }
}

/// The glyphs of one line that stand on one side of a gutter (or all of them).
struct Part<'g> {
    glyphs: &'g [Glyph],
    y: f64,
    size: f64,
}

impl<'g> Part<'g> {
    fn whole(line: &'g Line) -> Part<'g> {
        Part {
            glyphs: &line.glyphs,
            y: line.y,
            size: line.size,
        }
    }
}

/// Writes parts a line each, with a blank line where the step between baselines is a
/// paragraph's.
fn write_parts(
    parts: &[Part<'_>],
    left: f64,
    grid: f64,
    stops: &[f64],
    previous: &mut Option<(f64, f64)>,
    out: &mut String,
) {
    for part in parts {
        if previous.is_some_and(|(y, size)| part.y - y > PARAGRAPH_STEP * size.max(part.size)) {
            out.push('\n');
        }
        *previous = Some((part.y, part.size));
        write_line(part.glyphs, left, grid, stops, out);
        out.push('\n');
    }
}

/// How far a column's text may start from the gutter's x and still be in it, in
/// points: columns are set flush left.
const GUTTER_TOLERANCE: f64 = 1.0;
/// A gutter is looked for this many font sizes right of the page's text edge: nearer,
/// a start in many lines is an indent.
const GUTTER_MIN_INDENT: f64 = 4.0;
/// The least gap at a gutter, as a share of the font size, on most of its lines.
const GUTTER_GAP: f64 = 1.0;
/// At least this many lines split at the gutter (text on both sides) make a region.
const MIN_SPLIT_LINES: usize = 3;
/// A left column this share of the text width or wider holds text of its own; a
/// narrower one holds a table's labels.
const TEXT_COLUMN_SHARE: f64 = 0.35;

/// A run of lines split by one gutter, `start..end` into the page's lines.
struct Region {
    start: usize,
    end: usize,
    gutter: f64,
    /// For each line, where its right side starts (`glyphs.len()` when it has none).
    splits: Vec<usize>,
    /// Two columns of text, rather than a table's label column beside its text.
    columns: bool,
}

/// Which side of a gutter a line's text stands on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
    /// Both: the right side starts at this glyph.
    Split(usize),
    /// Both, the right side starting right of the gutter (a table or an indent in a
    /// column): a column's line, but no evidence of the gutter.
    Beside(usize),
    /// Text runs across the gutter.
    Across,
}

fn side(line: &Line, gutter: f64) -> Side {
    let first_right = line
        .glyphs
        .iter()
        .position(|g| !g.is_blank() && g.x >= gutter - GUTTER_TOLERANCE);
    let crosses = |glyphs: &[Glyph]| {
        glyphs
            .iter()
            .any(|g| !g.is_blank() && g.end > gutter + GUTTER_TOLERANCE)
    };
    match first_right {
        None if crosses(&line.glyphs) => Side::Across,
        None => Side::Left,
        Some(k) => {
            let before = line.glyphs.get(..k).unwrap_or(&[]);
            if before.iter().all(Glyph::is_blank) {
                return Side::Right;
            }
            let at_gutter = line
                .glyphs
                .get(k)
                .is_some_and(|g| (g.x - gutter).abs() <= GUTTER_TOLERANCE);
            // The gutter falls between words, never inside one.
            let apart = match (before.last(), line.glyphs.get(k)) {
                (Some(b), Some(g)) => b.is_blank() || g.x - b.end > WORD_GAP * g.size,
                _ => false,
            };
            if crosses(before) || !apart {
                Side::Across
            } else if at_gutter {
                Side::Split(k)
            } else {
                Side::Beside(k)
            }
        }
    }
}

/// The x where most lines have a word start, right of the page's text edge: where a
/// second column or a table's second column is set flush left. Up to two, best first.
fn gutter_candidates(lines: &[Line], left: f64) -> Vec<f64> {
    let mut starts: Vec<f64> = Vec::new();
    for line in lines {
        starts.extend(
            word_starts(line)
                .into_iter()
                .map(|(g, _)| g.x)
                .filter(|&x| x > left + GUTTER_MIN_INDENT * line.size),
        );
    }
    starts.sort_by(f64::total_cmp);
    // The number of starts within the tolerance after each start.
    let mut counted: Vec<(usize, f64)> = Vec::new();
    let mut end = 0;
    for (k, &x) in starts.iter().enumerate() {
        while starts
            .get(end)
            .is_some_and(|&e| e <= x + 2.0 * GUTTER_TOLERANCE)
        {
            end += 1;
        }
        counted.push((end - k, x + GUTTER_TOLERANCE));
    }
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
    let mut best: Vec<f64> = Vec::new();
    for (n, x) in counted {
        if n < MIN_SPLIT_LINES + 2 || best.len() == 2 {
            break;
        }
        if best.iter().all(|b| (b - x).abs() > 4.0 * GUTTER_TOLERANCE) {
            best.push(x);
        }
    }
    best
}

/// The glyphs of a line that start a word, with the gap before each (`None` for the
/// line's first): after a blank glyph, or after a gap wider than letters are set.
fn word_starts(line: &Line) -> Vec<(&Glyph, Option<f64>)> {
    let mut out = Vec::new();
    let mut previous: Option<&Glyph> = None;
    let mut spaced = false;
    for g in &line.glyphs {
        if g.is_blank() {
            spaced = previous.is_some();
            continue;
        }
        match previous {
            None => out.push((g, None)),
            Some(p) => {
                let gap = g.x - p.end;
                if spaced || gap > WORD_GAP * g.size {
                    out.push((g, Some(gap)));
                }
            }
        }
        previous = Some(g);
        spaced = false;
    }
    out
}

/// The stretches of the page to be read otherwise than line by line.
fn gutter_regions(lines: &[Line], left: f64) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for gutter in gutter_candidates(lines, left) {
        // The exact x: the leftmost start at the gutter.
        let sides: Vec<Side> = lines.iter().map(|l| side(l, gutter)).collect();
        let mut i = 0;
        while i < lines.len() {
            let breaks = |s: &Side| matches!(s, Side::Across | Side::Beside(_));
            if sides.get(i).is_some_and(breaks) {
                i += 1;
                continue;
            }
            let mut end = i;
            while sides.get(end).is_some_and(|s| !breaks(s)) {
                end += 1;
            }
            // Lines of the left side alone at either end are the text around the
            // region, and so are lines split at the gutter only by a word's space
            // ("Mødeleder: Anne Holm." above a table whose column starts where "Holm"
            // does).
            let around = |k: usize| match (sides.get(k), lines.get(k)) {
                (Some(Side::Left), _) => true,
                (Some(Side::Split(at)), Some(line)) => {
                    let right = line.glyphs.get(*at);
                    let last = line
                        .glyphs
                        .get(..*at)
                        .and_then(|b| b.iter().rev().find(|g| !g.is_blank()));
                    matches!((right, last), (Some(r), Some(l)) if r.x - l.end < GUTTER_GAP * r.size)
                }
                _ => false,
            };
            let mut start = i;
            while start < end && around(start) {
                start += 1;
            }
            let mut stop = end;
            while stop > start && around(stop - 1) {
                stop -= 1;
            }
            i = end.max(i + 1);
            // At a gutter the sides stand well apart on most lines; words of prose
            // that happen to start at one x stand a space apart.
            let gaps: Vec<bool> = (start..stop)
                .filter_map(|k| match (sides.get(k), lines.get(k)) {
                    (Some(Side::Split(at)), Some(line)) => {
                        let right = line.glyphs.get(*at)?;
                        let before = line.glyphs.get(..*at)?;
                        let last = before.iter().rev().find(|g| !g.is_blank())?;
                        Some(right.x - last.end >= GUTTER_GAP * right.size)
                    }
                    _ => None,
                })
                .collect();
            let wide = gaps.iter().filter(|&&w| w).count();
            let overlaps = regions.iter().any(|r| r.start < stop && start < r.end);
            if wide < MIN_SPLIT_LINES || wide * 2 < gaps.len() || overlaps {
                continue;
            }
            let split_at = |k: usize| match (sides.get(k), lines.get(k)) {
                (Some(Side::Split(at) | Side::Beside(at)), _) => *at,
                (Some(Side::Right), _) => 0,
                (_, Some(line)) => line.glyphs.len(),
                _ => 0,
            };
            let splits: Vec<usize> = (start..stop).map(split_at).collect();
            let region_lines = lines.get(start..stop).unwrap_or(&[]);
            let right_edge = region_lines
                .iter()
                .flat_map(|l| l.glyphs.iter())
                .map(|g| g.end)
                .fold(gutter, f64::max);
            // Two columns of text: the left one is wide, and its lines run to near
            // the gutter as a column's lines do.
            let width = gutter - left;
            let lefts: Vec<f64> = region_lines
                .iter()
                .zip(&splits)
                .filter(|(_, at)| **at > 0)
                .filter_map(|(l, &at)| l.glyphs.get(..at)?.iter().rev().find(|g| !g.is_blank()))
                .map(|g| g.end - left)
                .collect();
            let full = lefts.iter().filter(|&&w| w >= 0.6 * width).count();
            // A column of text has no columns inside it; a table's cells do.
            let tabular = region_lines
                .iter()
                .zip(&splits)
                .filter(|(l, at)| {
                    let (a, b) = l.glyphs.split_at((**at).min(l.glyphs.len()));
                    has_column_gap(a) || has_column_gap(b)
                })
                .count();
            let columns = width >= TEXT_COLUMN_SHARE * (right_edge - left)
                && full * 5 >= lefts.len() * 3
                && tabular * 10 <= region_lines.len() * 3;
            // Two columns go on through lines that set something off inside a column
            // (a table, an indent), up to text that runs across the gutter.
            let (mut start, mut stop, mut splits) = (start, stop, splits);
            if columns {
                let free = |k: usize, regions: &[Region]| {
                    sides.get(k).is_some_and(|s| *s != Side::Across)
                        && !regions.iter().any(|r| r.start <= k && k < r.end)
                };
                while start > 0 && free(start - 1, &regions) {
                    start -= 1;
                    splits.insert(0, split_at(start));
                }
                while stop < lines.len() && free(stop, &regions) {
                    splits.push(split_at(stop));
                    stop += 1;
                }
                i = i.max(stop);
            }
            let region = Region {
                start,
                end: stop,
                gutter,
                splits,
                columns,
            };
            if columns || !is_label_table(lines, &region, left) {
                regions.push(region);
            }
        }
    }
    regions
}

/// Whether glyphs of one line stand a column's gap apart somewhere.
fn has_column_gap(glyphs: &[Glyph]) -> bool {
    let mut previous: Option<&Glyph> = None;
    for g in glyphs.iter().filter(|g| !g.is_blank()) {
        if previous.is_some_and(|p| g.x - p.end > COLUMN_GAP * g.size) {
            return true;
        }
        previous = Some(g);
    }
    false
}

/// The left side of each line of a region, and its right side.
fn halves<'g>(lines: &'g [Line], region: &Region) -> Vec<(Option<Part<'g>>, Option<Part<'g>>)> {
    (region.start..region.end)
        .zip(&region.splits)
        .filter_map(|(k, &at)| {
            let line = lines.get(k)?;
            let (l, r) = line.glyphs.split_at(at.min(line.glyphs.len()));
            let part = |glyphs: &'g [Glyph]| {
                (!glyphs.iter().all(Glyph::is_blank)).then_some(Part {
                    glyphs,
                    y: line.y,
                    size: line.size,
                })
            };
            Some((part(l), part(r)))
        })
        .collect()
}

/// A table's rows: each its label lines and its text lines. A row starts where the
/// label column has text again after lines without, after a paragraph's step, or with
/// an item's number; otherwise the label's line is its title wrapped.
fn rows<'g>(lines: &'g [Line], region: &Region) -> Vec<(Vec<Part<'g>>, Vec<Part<'g>>)> {
    let mut rows: Vec<(Vec<Part<'g>>, Vec<Part<'g>>)> = Vec::new();
    let mut label_open: Option<(f64, f64)> = None;
    for (l, r) in halves(lines, region) {
        if let Some(l) = l {
            // "3." or "§ 4" starts an item; "2025-2029 - endelig godkendelse" goes on
            // with a title.
            let numbered = {
                let text: String = l.glyphs.iter().take(6).map(|g| g.text.as_str()).collect();
                let text = text.trim_start();
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                text.starts_with('§')
                    || ((1..=3).contains(&digits)
                        && text
                            .get(digits..)
                            .is_some_and(|r| r.starts_with(['.', ')'])))
            };
            let goes_on =
                label_open.is_some_and(|(y, size)| l.y - y <= PARAGRAPH_STEP * size.max(l.size));
            label_open = Some((l.y, l.size));
            if !goes_on || numbered || rows.is_empty() {
                rows.push((Vec::new(), Vec::new()));
            }
            if let Some(row) = rows.last_mut() {
                row.0.push(l);
            }
        } else {
            label_open = None;
            if rows.is_empty() {
                rows.push((Vec::new(), Vec::new()));
            }
        }
        if let (Some(r), Some(row)) = (r, rows.last_mut()) {
            row.1.push(r);
        }
    }
    rows
}

/// The text of a table cell's lines, joined as one line (a word split at a line end
/// mended).
fn cell_text(parts: &[Part<'_>], left: f64, grid: f64) -> String {
    let mut text = String::new();
    for part in parts {
        let mut line = String::new();
        write_line(part.glyphs, left, grid, &[], &mut line);
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let mended = text.ends_with('-')
            && text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && line.starts_with(char::is_lowercase);
        if mended {
            text.pop();
        } else if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&line);
    }
    text
}

/// Whether a table is read better line by line than row by row: only a table of
/// agenda items, their numbers in the label column and their minutes in the text
/// column over several lines, is read row by row. A table of labels and values
/// (`Dato:` | `12. marts`), of names and roles, or a form's boxes, reads as it lies.
fn is_label_table(lines: &[Line], region: &Region, left: f64) -> bool {
    let rows = rows(lines, region);
    let numbered = rows
        .iter()
        .filter(|(l, text)| {
            let label = cell_text(l, left, 1.0);
            crate::item_label(&label).is_some() && text.len() >= 2
        })
        .count();
    numbered < 2
}

fn write_region(lines: &[Line], region: &Region, left: f64, grid: f64, out: &mut String) {
    if region.columns {
        let (l, r): (Vec<_>, Vec<_>) = halves(lines, region).into_iter().unzip();
        let mut previous = None;
        write_parts(
            &l.into_iter().flatten().collect::<Vec<_>>(),
            left,
            grid,
            &[],
            &mut previous,
            out,
        );
        out.push('\n');
        let mut previous = None;
        write_parts(
            &r.into_iter().flatten().collect::<Vec<_>>(),
            region.gutter,
            grid,
            &[],
            &mut previous,
            out,
        );
        return;
    }
    for (k, (label, text)) in rows(lines, region).into_iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let label = cell_text(&label, left, grid);
        let mut text = text.into_iter();
        // "1." or "§ 4" beside the item's title is one heading: "1. Budget".
        if crate::item_label(&label) == Some(true) {
            out.push_str(&label);
            if let Some(first) = text.next() {
                out.push(' ');
                write_line(first.glyphs, region.gutter, grid, &[], out);
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                // write_line indents from the gutter; the title follows the label.
            }
            out.push('\n');
        } else if !label.is_empty() {
            out.push_str(&label);
            out.push('\n');
        }
        let rest: Vec<Part<'_>> = text.collect();
        let mut previous = None;
        write_parts(&rest, region.gutter, grid, &[], &mut previous, out);
    }
}

/// The width of one column of the character grid: the average advance of a glyph on
/// the page, which is what `pdftotext -layout` measures indents and gaps in.
fn grid(lines: &[Line]) -> f64 {
    let (sum, n) = lines
        .iter()
        .flat_map(|l| l.glyphs.iter())
        .filter(|g| !g.is_blank())
        .fold((0.0, 0usize), |(sum, n), g| {
            let advance = (g.end - g.x) / g.text.chars().count().max(1) as f64;
            (sum + advance, n + 1)
        });
    if n == 0 {
        1.0
    } else {
        (sum / n as f64).max(1.0)
    }
}

struct Line {
    glyphs: Vec<Glyph>,
    /// The baseline of the line's first glyph of its largest size.
    y: f64,
    /// The largest font size on the line.
    size: f64,
}

/// Whether a glyph (coming in order of baselines from the top) belongs to the line
/// above it: their baselines are close, or the line so far is smaller text raised
/// into the glyph's upper half (a footnote mark, a superscript).
fn joins(line: &Line, glyph: &Glyph) -> bool {
    let step = glyph.y - line.y;
    step <= SAME_LINE * line.size.min(glyph.size)
        || (line.size < SMALLER * glyph.size && step <= RAISED * glyph.size)
}

fn group_lines(glyphs: Vec<Glyph>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for glyph in glyphs {
        match lines.last_mut() {
            Some(line) if joins(line, &glyph) => {
                if glyph.size > line.size {
                    // The line's baseline is that of its main text, not of a mark
                    // raised above it.
                    line.y = glyph.y;
                    line.size = glyph.size;
                }
                line.glyphs.push(glyph);
            }
            _ => lines.push(Line {
                y: glyph.y,
                size: glyph.size,
                glyphs: vec![glyph],
            }),
        }
    }
    lines
}

/// How far a word may start from a cell's left edge and still be the cell's text, in
/// points: cells are set flush left, and one renderer places them exactly.
const STOP_TOLERANCE: f64 = 0.75;
/// The most lines without a paragraph's gap that are searched for cell stops: a page
/// of the smallest readable text holds fewer rows.
const MAX_TABLE_LINES: usize = 200;

/// Where the cells of a table start, for each line: in a run of lines without a
/// paragraph's gap between them, the x at which a word starts after a column's gap in
/// one line and a word starts in another line too. A browser sets each cell flush left
/// in its column but may leave only a word's gap before it where the cell to its left
/// is full (`Kaisa Nordby Tone Helland AP` under `Navn   Møtte for   Representerer`).
///
/// Lines of a gutter region are written as that region says and take no part.
fn cell_stops(lines: &[Line], regions: &[Region]) -> Vec<Vec<f64>> {
    let in_region = |i: usize| regions.iter().any(|r| (r.start..r.end).contains(&i));
    // Each line's word starts after its first, with whether a column's gap precedes it.
    let starts: Vec<Vec<(f64, bool)>> = lines
        .iter()
        .map(|line| {
            word_starts(line)
                .into_iter()
                .filter_map(|(g, gap)| Some((g.x, gap? > COLUMN_GAP * g.size)))
                .collect()
        })
        .collect();
    let mut stops = vec![Vec::new(); lines.len()];
    let mut from = 0;
    while from < lines.len() {
        if in_region(from) {
            from += 1;
            continue;
        }
        let mut to = from + 1;
        while let (Some(a), Some(b)) = (lines.get(to - 1), lines.get(to)) {
            if b.y - a.y > PARAGRAPH_STEP * a.size.max(b.size) || in_region(to) {
                break;
            }
            to += 1;
        }
        // More lines than a page holds rows of text is no table but a damaged or
        // hostile page, and the search below grows with the square of the lines.
        if to - from > MAX_TABLE_LINES {
            from = to;
            continue;
        }
        // A table's rows are set in one size; a heading above it is not one of them.
        for size in sizes(lines.get(from..to).unwrap_or(&[])) {
            let rows: Vec<usize> = (from..to)
                .filter(|&i| lines.get(i).is_some_and(|l| (l.size - size).abs() < 0.1))
                .collect();
            if rows.len() < 2 {
                continue;
            }
            let row_starts = || rows.iter().filter_map(|&i| starts.get(i));
            let mut tried: Vec<f64> = Vec::new();
            let mut found: Vec<f64> = Vec::new();
            for &(x, _) in row_starts().flatten().filter(|(_, column)| *column) {
                if tried.iter().any(|t| (t - x).abs() <= STOP_TOLERANCE) {
                    continue;
                }
                tried.push(x);
                let near = |&(y, _): &(f64, bool)| (x - y).abs() <= STOP_TOLERANCE;
                if row_starts().filter(|l| l.iter().any(near)).count() >= 2 {
                    found.push(x);
                }
            }
            for &i in &rows {
                if let Some(line_stops) = stops.get_mut(i) {
                    line_stops.clone_from(&found);
                }
            }
        }
        from = to;
    }
    stops
}

/// The font sizes of some lines, each once.
fn sizes(lines: &[Line]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for l in lines {
        if !out.iter().any(|s| (s - l.size).abs() < 0.1) {
            out.push(l.size);
        }
    }
    out
}

/// Writes one line's glyphs, sorted by `x`: indented from the page's left text edge
/// and with gaps turned into spaces on a character grid, so that indents and table
/// columns show as they do in `pdftotext -layout`.
fn write_line(glyphs: &[Glyph], left: f64, grid: f64, stops: &[f64], out: &mut String) {
    let start = out.len();
    let mut column = 0usize;
    let mut last: Option<&Glyph> = None;
    let mut spaced = false;
    for glyph in glyphs {
        if glyph.is_blank() {
            spaced = last.is_some();
            continue;
        }
        match last {
            None => {
                let indent = ((glyph.x - left) / grid).round();
                if indent >= 1.0 {
                    column = pad(out, indent as usize);
                }
            }
            Some(prev) => {
                // Bold faked by drawing a glyph twice, a little offset.
                if prev.text == glyph.text && (glyph.x - prev.x).abs() < WORD_GAP * glyph.size {
                    continue;
                }
                let gap = glyph.x - prev.end;
                let word_start = spaced || gap > WORD_GAP * glyph.size;
                let at_stop =
                    word_start && stops.iter().any(|s| (glyph.x - s).abs() <= STOP_TOLERANCE);
                if gap > COLUMN_GAP * glyph.size || at_stop {
                    let target = ((glyph.x - left) / grid).round().max(0.0) as usize;
                    column += pad(out, target.saturating_sub(column).max(3));
                } else if spaced || gap > WORD_GAP * glyph.size {
                    out.push(' ');
                    column += 1;
                }
            }
        }
        out.push_str(&glyph.text);
        column += glyph.text.chars().count();
        last = Some(glyph);
        spaced = false;
    }
    let trimmed = out.trim_end_matches(' ').len().max(start);
    out.truncate(trimmed);
    // A word broken at the line end by a soft hyphen, which some producers draw as
    // U+2010 a space's width after the word: the hyphen a reader sees.
    if out.get(start..).is_some_and(|l| l.ends_with('\u{2010}')) {
        out.truncate(out.len() - '\u{2010}'.len_utf8());
        let trimmed = out.trim_end_matches([' ', '\u{AD}']).len().max(start);
        out.truncate(trimmed);
        out.push('-');
    }
}

/// The most spaces one gap is written as: a page is some 200 columns wide, and a glyph
/// placed far off the page (a damaged or hostile file) must not become gigabytes of
/// spaces.
const MAX_PAD: usize = 400;

fn pad(out: &mut String, n: usize) -> usize {
    let n = n.min(MAX_PAD);
    for _ in 0..n {
        out.push(' ');
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.to_string(),
            x,
            y,
            end: x + 5.0 * text.chars().count() as f64,
            size: 10.0,
        }
    }

    fn page(glyphs: Vec<Glyph>) -> String {
        let mut out = String::new();
        lay_out(glyphs, &mut out);
        out
    }

    #[test]
    fn glyphs_become_lines_in_reading_order() {
        let text = page(vec![
            glyph("b", 105.0, 100.0),
            glyph("a", 100.0, 100.5),
            glyph("d", 100.0, 112.0),
            glyph("c", 113.0, 100.0),
        ]);
        assert_eq!(text, "ab c\nd\n");
    }

    #[test]
    fn wide_gaps_separate_columns_and_tall_steps_leave_a_blank_line() {
        let text = page(vec![
            glyph("Punkt", 100.0, 100.0),
            glyph("3", 300.0, 100.0),
            glyph("Næste", 100.0, 140.0),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Punkt   ") && lines[0].ends_with('3'));
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "Næste");
    }

    #[test]
    fn a_cell_set_flush_at_its_column_is_a_cell_after_a_word_gap() {
        let text = page(vec![
            glyph("Navn", 100.0, 100.0),
            glyph("Møtte", 160.0, 100.0),
            glyph("for", 187.0, 100.0),
            glyph("Representerer", 240.0, 100.0),
            glyph("Kaisa", 100.0, 112.0),
            glyph("Nordby", 128.0, 112.0),
            // A word's gap only: the cell on its left is full.
            glyph("Tone", 160.0, 112.0),
            glyph("Helland", 182.0, 112.0),
            glyph("AP", 240.0, 112.0),
        ]);
        let rows: Vec<Vec<&str>> = text
            .lines()
            .map(|l| {
                l.split("   ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .collect();
        assert_eq!(rows[1], ["Kaisa Nordby", "Tone Helland", "AP"], "{text}");
        assert_eq!(rows[0], ["Navn", "Møtte for", "Representerer"], "{text}");
    }

    #[test]
    fn a_run_of_lines_longer_than_any_page_is_not_searched_for_cells() {
        let mut glyphs = Vec::new();
        for k in 0..=MAX_TABLE_LINES {
            let y = 100.0 + 12.0 * k as f64;
            glyphs.push(glyph("Navn", 100.0, y));
            if k == 0 {
                glyphs.push(glyph("Rolle", 160.0, y));
            } else {
                glyphs.push(glyph("Hanne", 128.0, y));
                glyphs.push(glyph("Leder", 160.0, y));
            }
        }
        let text = page(glyphs);
        assert!(
            text.lines().nth(1).is_some_and(|l| l == "Navn Hanne Leder"),
            "{text}"
        );
    }

    #[test]
    fn a_word_under_a_cell_of_a_heading_in_another_size_stays_a_word() {
        let big = |text: &str, x: f64, y: f64| Glyph {
            size: 14.0,
            end: x + 7.0 * text.chars().count() as f64,
            ..glyph(text, x, y)
        };
        let text = page(vec![
            big("Anlæg", 100.0, 100.0),
            big("ny", 142.0, 100.0),
            big("daginstitution", 170.0, 100.0),
            glyph("Sagsnr.:", 100.0, 114.0),
            glyph("24/118", 170.0, 114.0),
            glyph("Dato:", 100.0, 126.0),
            glyph("4.6.2025", 170.2, 126.0),
        ]);
        assert!(text.starts_with("Anlæg ny daginstitution\n"), "{text}");
    }

    #[test]
    fn indents_and_spaces_are_kept() {
        let text = page(vec![
            glyph("a", 100.0, 100.0),
            glyph(" ", 105.0, 100.0),
            glyph("b", 106.0, 100.0),
            glyph("c", 120.0, 112.0),
        ]);
        assert_eq!(text, "a b\n    c\n");
    }

    #[test]
    fn a_raised_footnote_mark_stays_on_its_line() {
        let mark = |text: &str, x: f64, y: f64| Glyph {
            size: 6.5,
            end: x + 3.0,
            ..glyph(text, x, y)
        };
        // A mark after a word and a mark before one, 3.5 points above a 10-point
        // baseline; the next line of the paragraph 12 points further down.
        let text = page(vec![
            glyph("Tabel", 100.0, 100.0),
            mark("3", 125.0, 96.5),
            mark("1", 100.0, 108.5),
            glyph("Note", 105.0, 112.0),
        ]);
        assert_eq!(text, "Tabel3\n1 Note\n");
    }

    #[test]
    fn small_text_below_a_line_is_a_line_of_its_own() {
        let small = |text: &str, x: f64, y: f64| Glyph {
            size: 7.0,
            ..glyph(text, x, y)
        };
        let text = page(vec![
            glyph("Titel", 100.0, 100.0),
            small("side", 100.0, 108.0),
        ]);
        assert_eq!(text, "Titel\nside\n");
    }

    /// Two items in a label column, their minutes in a column beside it.
    fn items_beside_minutes() -> Vec<Glyph> {
        vec![
            glyph("1.", 100.0, 100.0),
            glyph("Budget", 115.0, 100.0),
            glyph("Godkendt.", 250.0, 100.0),
            glyph("regnskab", 115.0, 112.0),
            glyph("Taget", 250.0, 112.0),
            glyph("til", 250.0, 124.0),
            glyph("2.", 100.0, 150.0),
            glyph("Eventuelt", 115.0, 150.0),
            glyph("Intet.", 250.0, 150.0),
            glyph("Slut.", 250.0, 162.0),
        ]
    }

    #[test]
    fn a_table_of_items_is_read_row_by_row() {
        let mut glyphs = items_beside_minutes();
        glyphs.push(glyph("og", 100.0, 112.0));
        let text = page(glyphs);
        assert_eq!(
            text,
            "1. Budget og regnskab\nGodkendt.\nTaget\ntil\n\n2. Eventuelt\nIntet.\nSlut.\n"
        );
    }

    #[test]
    fn a_line_above_a_table_split_only_by_a_space_stays_whole() {
        let text = page(
            vec![
                Glyph {
                    end: 248.0,
                    ..glyph("Mødeleder: Maria", 100.0, 86.0)
                },
                glyph("Kjeldsen.", 250.0, 86.0),
            ]
            .into_iter()
            .chain(items_beside_minutes())
            .collect(),
        );
        assert!(text.starts_with("Mødeleder: Maria Kjeldsen.\n"), "{text}");
        assert!(text.contains("2. Eventuelt\nIntet.\n"), "{text}");
    }

    #[test]
    fn two_columns_of_text_are_read_one_after_the_other() {
        let mut glyphs = Vec::new();
        for (k, y) in [100.0, 112.0, 124.0, 136.0, 148.0].into_iter().enumerate() {
            glyphs.push(glyph(&format!("Venstre spalte, linje {k}"), 100.0, y));
            glyphs.push(glyph(&format!("Højre spalte, linje {k}"), 250.0, y));
        }
        let text = page(glyphs);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11, "{text}");
        assert!(
            lines[..5].iter().all(|l| l.starts_with("Venstre")),
            "{text}"
        );
        assert_eq!(lines[5], "");
        assert!(lines[6..].iter().all(|l| l.starts_with("Højre")), "{text}");
    }

    #[test]
    fn two_columns_go_on_through_a_table_in_one_of_them() {
        let mut glyphs = Vec::new();
        for (k, y) in [100.0, 112.0, 124.0, 136.0, 148.0].into_iter().enumerate() {
            glyphs.push(glyph(&format!("Venstre spalte, linje {k}"), 100.0, y));
            glyphs.push(glyph(&format!("Højre spalte, linje {k}"), 250.0, y));
        }
        // A row of a table in the right column, set in from the gutter.
        glyphs.push(glyph("Venstre spalte, linje 5", 100.0, 160.0));
        glyphs.push(glyph("Drift", 270.0, 160.0));
        glyphs.push(glyph("1.200", 330.0, 160.0));
        let text = page(glyphs);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[..6].iter().all(|l| l.starts_with("Venstre")),
            "{text}"
        );
        assert!(
            lines
                .last()
                .is_some_and(|l| l.trim_start().starts_with("Drift")),
            "{text}"
        );
    }

    #[test]
    fn words_that_happen_to_start_at_one_x_are_no_gutter() {
        let mut glyphs = Vec::new();
        for y in [100.0, 112.0, 124.0, 136.0, 148.0] {
            // 29 letters end at 245; the next word starts a space (2 points) after.
            glyphs.push(glyph("abcdefghijklmnopqrstuvwxyzæøå", 100.0, y));
            glyphs.push(glyph("ord", 247.0, y));
        }
        let text = page(glyphs);
        assert!(text.lines().all(|l| l.ends_with(" ord")), "{text}");
    }

    #[test]
    fn a_table_of_labels_reads_line_by_line() {
        let text = page(vec![
            glyph("Dato:", 100.0, 100.0),
            glyph("12. marts", 250.0, 100.0),
            glyph("Tid:", 100.0, 112.0),
            glyph("kl. 19", 250.0, 112.0),
            glyph("Afbud:", 100.0, 124.0),
            glyph("Ole", 250.0, 124.0),
            glyph("Eva", 250.0, 136.0),
        ]);
        assert!(text.starts_with("Dato:   "), "{text}");
        assert!(text.contains("Tid:   "), "{text}");
    }

    #[test]
    fn a_word_broken_by_a_soft_hyphen_keeps_one_hyphen() {
        let text = page(vec![
            glyph("organisa", 100.0, 100.0),
            glyph("\u{2010}", 145.0, 100.0),
            glyph("tionen", 100.0, 112.0),
        ]);
        assert_eq!(text, "organisa-\ntionen\n");
    }

    #[test]
    fn a_glyph_far_off_the_page_is_a_bounded_gap() {
        let text = page(vec![glyph("a", 100.0, 100.0), glyph("b", 1.0e12, 112.0)]);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let text = page(vec![glyph("a", 100.0, 100.0), glyph("b", 1.0e12, 100.0)]);
        assert!(text.len() < 1_000, "{} bytes", text.len());
    }

    #[test]
    fn a_page_of_spaces_is_empty() {
        assert_eq!(page(vec![glyph(" ", 1.0, 1.0)]), "");
        assert_eq!(page(Vec::new()), "");
    }
}

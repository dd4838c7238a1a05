//! Page layout: the glyphs of one page, placed by position, laid out as lines of text
//! the way `pdftotext -layout` does — one visual line a line, words split by their
//! gaps, table cells and right-aligned columns apart by three spaces or more.

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
    let mut previous: Option<(f64, f64)> = None;
    for mut line in lines {
        if line.glyphs.iter().all(Glyph::is_blank) {
            continue;
        }
        if previous.is_some_and(|(y, size)| line.y - y > PARAGRAPH_STEP * size.max(line.size)) {
            out.push('\n');
        }
        previous = Some((line.y, line.size));
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        write_line(&line.glyphs, left, grid, out);
        out.push('\n');
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

/// Writes one line's glyphs, sorted by `x`: indented from the page's left text edge
/// and with gaps turned into spaces on a character grid, so that indents and table
/// columns show as they do in `pdftotext -layout`.
fn write_line(glyphs: &[Glyph], left: f64, grid: f64, out: &mut String) {
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
                if gap > COLUMN_GAP * glyph.size {
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
}

fn pad(out: &mut String, n: usize) -> usize {
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

    #[test]
    fn a_page_of_spaces_is_empty() {
        assert_eq!(page(vec![glyph(" ", 1.0, 1.0)]), "");
        assert_eq!(page(Vec::new()), "");
    }
}

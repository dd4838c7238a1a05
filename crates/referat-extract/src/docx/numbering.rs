//! The list numbering of `word/numbering.xml`: the marker Word shows before each list
//! item, counted as Word counts.

use std::collections::HashMap;
use std::io::Read;

use super::MAX_CHAIN;
use super::part::{Ev, Key, Name, Part, children};
use super::properties::level_index;
use super::styles::Styles;
use crate::ExtractError;
use crate::markdown::inline;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumFmt {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
    None,
}

impl NumFmt {
    fn of(val: &str, format: Option<&str>) -> NumFmt {
        match val {
            "decimalZero" => NumFmt::DecimalZero,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            "custom" if format.is_some_and(|f| f.starts_with('0')) => NumFmt::DecimalZero,
            _ => NumFmt::Decimal,
        }
    }

    fn format(self, n: u32) -> String {
        match self {
            NumFmt::DecimalZero if n < 10 => format!("0{n}"),
            NumFmt::LowerLetter => letters(n).unwrap_or_else(|| n.to_string()),
            NumFmt::UpperLetter => letters(n)
                .map(|s| s.to_ascii_uppercase())
                .unwrap_or_else(|| n.to_string()),
            NumFmt::LowerRoman => roman(n)
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_else(|| n.to_string()),
            NumFmt::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
            NumFmt::Bullet | NumFmt::None => String::new(),
            _ => n.to_string(),
        }
    }
}

/// a … z, aa … zz, as Word counts letters; `None` past a few rounds.
fn letters(n: u32) -> Option<String> {
    if n == 0 || n > 26 * 8 {
        return None;
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    Some(std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect())
}

fn roman(n: u32) -> Option<String> {
    if n == 0 || n >= 4000 {
        return None;
    }
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

#[derive(Clone, Debug, Default)]
struct Level {
    start: Option<u32>,
    fmt: NumFmt,
    text: Option<String>,
    style: Option<String>,
    legal: bool,
}

#[derive(Clone, Debug, Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    /// `w:numStyleLink`: the definition is that of the numbering style's list.
    num_style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: u32,
    overrides: HashMap<u8, Override>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Counter {
    /// Lists that share an abstract definition share their count, as in Word…
    Abstract(u32),
    /// …unless the instance restarts it.
    Instance(u32),
}

#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
}

/// Where each list has got to, per level.
pub(super) type Counters = HashMap<Counter, [Option<u32>; 9]>;

fn read_level<R: Read>(part: &mut Part<R>) -> Result<Level, ExtractError> {
    let mut level = Level::default();
    children(part, |part, tag, empty| {
        match tag.name {
            Name::Start => level.start = tag.num(Key::Val),
            Name::NumFmt => level.fmt = NumFmt::of(tag.val().unwrap_or(""), tag.attr(Key::Format)),
            Name::LvlText => level.text = tag.val().map(str::to_string),
            Name::PStyle => level.style = tag.val().map(str::to_string),
            Name::IsLgl => level.legal = tag.on(),
            Name::PPr | Name::RPr if !empty => part.skip()?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(level)
}

impl Numbering {
    pub(super) fn read<R: Read>(part: &mut Part<R>) -> Result<Numbering, ExtractError> {
        let mut numbering = Numbering::default();
        loop {
            match part.next()? {
                Ev::Eof => break,
                Ev::Open(tag) if tag.name == Name::AbstractNum => {
                    let id = tag.num(Key::AbstractNumId).unwrap_or(u32::MAX);
                    let mut def = AbstractNum::default();
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::Lvl if !empty => {
                                let ilvl = level_index(tag.num(Key::Ilvl).unwrap_or(0));
                                let level = read_level(part)?;
                                def.levels.insert(ilvl, level);
                            }
                            Name::NumStyleLink => {
                                def.num_style_link = tag.val().map(str::to_string);
                            }
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    numbering.abstracts.insert(id, def);
                }
                Ev::Open(tag) if tag.name == Name::Num => {
                    let id = tag.num(Key::NumId).unwrap_or(u32::MAX);
                    let mut num = Num::default();
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::AbstractNumId => {
                                num.abstract_id = tag.num(Key::Val).unwrap_or(u32::MAX);
                            }
                            Name::LvlOverride if !empty => {
                                let ilvl = level_index(tag.num(Key::Ilvl).unwrap_or(0));
                                let mut over = Override::default();
                                children(part, |part, tag, empty| {
                                    match tag.name {
                                        Name::StartOverride => over.start = tag.num(Key::Val),
                                        Name::Lvl if !empty => {
                                            over.level = Some(read_level(part)?);
                                        }
                                        _ if !empty => part.skip()?,
                                        _ => {}
                                    }
                                    Ok(())
                                })?;
                                num.overrides.insert(ilvl, over);
                            }
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    numbering.nums.insert(id, num);
                }
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The abstract definition of a numbering instance, through numbering style links.
    fn definition(&self, num_id: u32, styles: &Styles) -> Option<(u32, &AbstractNum)> {
        let mut id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..MAX_CHAIN {
            let def = self.abstracts.get(&id)?;
            let Some(link) = &def.num_style_link else {
                return Some((id, def));
            };
            let linked = styles
                .chain(Some(link))
                .find_map(|(_, s)| s.ppr.num_id)
                .and_then(|n| self.nums.get(&n))
                .map(|n| n.abstract_id);
            match linked {
                Some(next) if next != id => id = next,
                _ => return Some((id, def)),
            }
        }
        None
    }

    /// The marker of the next item of a list, counting it: `-` for a bullet, `1.`,
    /// `a)`, `iv.` as the level's format and text say; `None` when the level shows no
    /// marker.
    pub(super) fn next_marker(
        &self,
        counters: &mut Counters,
        num_id: u32,
        ilvl: Option<u8>,
        para_style: Option<&str>,
        styles: &Styles,
    ) -> Option<String> {
        let num = self.nums.get(&num_id)?;
        let (abstract_id, def) = self.definition(num_id, styles)?;
        let ilvl = ilvl
            .or_else(|| {
                let style = para_style?;
                def.levels
                    .iter()
                    .find(|(_, l)| l.style.as_deref() == Some(style))
                    .map(|(i, _)| *i)
            })
            .unwrap_or(0);
        let level_of = |i: u8| -> Option<&Level> {
            num.overrides
                .get(&i)
                .and_then(|o| o.level.as_ref())
                .or_else(|| def.levels.get(&i))
        };
        let start_of = |i: u8| -> u32 {
            num.overrides
                .get(&i)
                .and_then(|o| o.start)
                .or_else(|| level_of(i).and_then(|l| l.start))
                .unwrap_or(0)
        };
        let level = level_of(ilvl)?;
        let key = if num.overrides.values().any(|o| o.start.is_some()) {
            Counter::Instance(num_id)
        } else {
            Counter::Abstract(abstract_id)
        };
        let counters = counters.entry(key).or_insert([None; 9]);
        let index = usize::from(ilvl);
        if let Some(slot) = counters.get_mut(index) {
            *slot = Some(match *slot {
                Some(n) => n.saturating_add(1),
                None => start_of(ilvl),
            });
        }
        for slot in counters.iter_mut().skip(index + 1) {
            *slot = None;
        }
        if level.fmt == NumFmt::Bullet {
            return Some("-".to_string());
        }
        let template = level
            .text
            .clone()
            .unwrap_or_else(|| format!("%{}.", ilvl + 1));
        let mut marker = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let i = (d - 1) as u8;
                    let value = counters
                        .get(usize::from(i))
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| start_of(i));
                    let fmt = if level.legal {
                        NumFmt::Decimal
                    } else {
                        level_of(i).map_or(NumFmt::Decimal, |l| l.fmt)
                    };
                    marker.push_str(&fmt.format(value));
                }
                _ => marker.push(c),
            }
        }
        let marker = inline(&marker);
        if marker.is_empty() {
            return None;
        }
        if !template.contains('%') {
            // A fixed symbol is a bullet; fixed words are shown as they are.
            return Some(if marker.chars().any(char::is_alphanumeric) {
                marker
            } else {
                "-".to_string()
            });
        }
        Some(tidy_marker(marker, level.fmt))
    }
}

/// `(a)` → `a)`, and a bare number or letter gets the `.` or `)` the parser knows
/// list markers by.
fn tidy_marker(marker: String, fmt: NumFmt) -> String {
    let marker = match marker.strip_prefix('(') {
        Some(rest) if rest.ends_with(')') && !rest.contains('(') => rest.to_string(),
        _ => marker,
    };
    if marker.ends_with(char::is_alphanumeric) {
        let end = match fmt {
            NumFmt::LowerLetter | NumFmt::UpperLetter => ')',
            _ => '.',
        };
        format!("{marker}{end}")
    } else {
        marker
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_of_letters_and_roman_numerals() {
        assert_eq!(NumFmt::LowerLetter.format(1), "a");
        assert_eq!(NumFmt::LowerLetter.format(27), "aa");
        assert_eq!(NumFmt::UpperLetter.format(3), "C");
        assert_eq!(NumFmt::LowerRoman.format(4), "iv");
        assert_eq!(NumFmt::UpperRoman.format(1994), "MCMXCIV");
        assert_eq!(NumFmt::UpperRoman.format(5000), "5000");
        assert_eq!(NumFmt::DecimalZero.format(7), "07");
        assert_eq!(NumFmt::LowerLetter.format(u32::MAX), u32::MAX.to_string());
    }

    #[test]
    fn markers_are_tidied() {
        assert_eq!(tidy_marker("(a)".into(), NumFmt::LowerLetter), "a)");
        assert_eq!(tidy_marker("a".into(), NumFmt::LowerLetter), "a)");
        assert_eq!(tidy_marker("4".into(), NumFmt::Decimal), "4.");
        assert_eq!(tidy_marker("1.2.".into(), NumFmt::Decimal), "1.2.");
        assert_eq!(tidy_marker("Punkt 3:".into(), NumFmt::Decimal), "Punkt 3:");
    }
}

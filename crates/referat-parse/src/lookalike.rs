//! Letters from other scripts inside Latin words: `Pinstруп` with Cyrillic р, у, п.
//!
//! Such a letter got there either because it looks like a Latin one (Cyrillic р for p)
//! or because a phonetic keyboard layout put it on the Latin key (р on r). Each
//! reading gives a candidate spelling; the one whose letter pairs are commonest in the
//! document's own Latin text wins. Words wholly in another script are left alone.

/// One word that was folded to Latin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Folded {
    pub line: u32,
    pub original: String,
    pub latin: String,
    /// The foreign letters, in order of appearance.
    pub letters: Vec<char>,
}

/// The letters whose pairs are counted: a–z and æ, ø, å.
const LETTERS: usize = 29;

fn letter_index(c: char) -> Option<usize> {
    match c {
        'a'..='z' => Some(c as usize - 'a' as usize),
        'æ' => Some(26),
        'ø' => Some(27),
        'å' => Some(28),
        _ => None,
    }
}

/// Letter-pair counts of the document's Latin text.
#[derive(Debug)]
pub(crate) struct LetterPairs {
    counts: Box<[u32; LETTERS * LETTERS]>,
}

impl Default for LetterPairs {
    fn default() -> LetterPairs {
        LetterPairs {
            counts: Box::new([0; LETTERS * LETTERS]),
        }
    }
}

impl LetterPairs {
    pub fn of(text: &str) -> LetterPairs {
        let mut pairs = LetterPairs::default();
        let mut prev: Option<usize> = None;
        for c in text.chars() {
            let lower = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            match letter_index(lower) {
                Some(k) => {
                    if let Some(slot) = prev.and_then(|p| pairs.counts.get_mut(p * LETTERS + k)) {
                        *slot += 1;
                    }
                    prev = Some(k);
                }
                None => prev = None,
            }
        }
        pairs
    }

    fn count(&self, a: char, b: char) -> u32 {
        match (letter_index(a), letter_index(b)) {
            (Some(x), Some(y)) => self.counts.get(x * LETTERS + y).copied().unwrap_or(0),
            _ => 0,
        }
    }

    fn score(&self, word: &str) -> f64 {
        let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        lower
            .windows(2)
            .map(|w| match w {
                [a, b] => f64::from(self.count(*a, *b)).ln_1p(),
                _ => 0.0,
            })
            .sum()
    }
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'À'..='ɏ') && c.is_alphabetic()
}

fn is_foreign_letter(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{04FF}') && c.is_alphabetic()
}

/// The Latin readings of a foreign letter: by shape first, then by keyboard.
fn readings(c: char) -> &'static [&'static str] {
    match c {
        // Cyrillic, lower case.
        'а' => &["a"],
        'е' | 'ё' | 'э' => &["e"],
        'о' => &["o"],
        'к' => &["k"],
        'м' => &["m"],
        'т' => &["t"],
        'і' => &["i"],
        'ј' => &["j"],
        'ѕ' => &["s"],
        'ԁ' => &["d"],
        'р' => &["p", "r"],
        'с' => &["c", "s"],
        'у' => &["y", "u"],
        'х' => &["x", "h"],
        'п' => &["n", "p"],
        'н' => &["h", "n"],
        'в' => &["b", "v"],
        'б' => &["b"],
        'г' => &["r", "g"],
        'д' => &["d"],
        'з' => &["z"],
        'и' => &["u", "i"],
        'й' => &["j"],
        'л' => &["l"],
        'ф' => &["f"],
        'ц' => &["c"],
        'ы' => &["y"],
        'ь' | 'ъ' => &[""],
        'ю' => &["ju"],
        'я' => &["ja"],
        'ж' => &["zh"],
        'ч' => &["ch"],
        'ш' => &["sh"],
        // Cyrillic, upper case.
        'А' => &["A"],
        'В' => &["B", "V"],
        'Е' | 'Ё' | 'Э' => &["E"],
        'К' => &["K"],
        'М' => &["M"],
        'Н' => &["H", "N"],
        'О' => &["O"],
        'Р' => &["P", "R"],
        'С' => &["C", "S"],
        'Т' => &["T"],
        'У' => &["Y", "U"],
        'Х' => &["X", "H"],
        'І' => &["I"],
        'Ј' => &["J"],
        'Ѕ' => &["S"],
        'П' => &["P"],
        'Б' => &["B"],
        'Г' => &["G"],
        'Д' => &["D"],
        'З' => &["Z"],
        'И' => &["I"],
        'Л' => &["L"],
        'Ф' => &["F"],
        // Greek.
        'Α' | 'α' => &["A", "a"],
        'Β' | 'β' => &["B"],
        'Ε' | 'ε' => &["E", "e"],
        'Ζ' => &["Z"],
        'Η' => &["H"],
        'Ι' | 'ι' => &["I", "i"],
        'Κ' | 'κ' => &["K", "k"],
        'Μ' => &["M"],
        'Ν' => &["N"],
        'ν' => &["v", "n"],
        'Ο' | 'ο' => &["O", "o"],
        'Ρ' | 'ρ' => &["P", "p"],
        'Τ' | 'τ' => &["T", "t"],
        'Υ' | 'υ' => &["Y", "u"],
        'Χ' | 'χ' => &["X", "x"],
        _ => &[],
    }
}

/// The English name of a foreign letter, for warnings.
pub(crate) fn letter_name(c: char) -> String {
    let cyrillic = [
        ('а', "a"),
        ('б', "be"),
        ('в', "ve"),
        ('г', "ghe"),
        ('д', "de"),
        ('е', "ie"),
        ('з', "ze"),
        ('и', "i"),
        ('й', "short i"),
        ('к', "ka"),
        ('л', "el"),
        ('м', "em"),
        ('н', "en"),
        ('о', "o"),
        ('п', "pe"),
        ('р', "er"),
        ('с', "es"),
        ('т', "te"),
        ('у', "u"),
        ('ф', "ef"),
        ('х', "ha"),
        ('і', "byelorussian-ukrainian i"),
        ('ј', "je"),
        ('ѕ', "dze"),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    let script = if ('\u{0400}'..='\u{04FF}').contains(&c) {
        "Cyrillic"
    } else {
        "Greek"
    };
    let name = cyrillic
        .iter()
        .find(|(l, _)| *l == lower)
        .map(|(_, n)| *n)
        .filter(|_| script == "Cyrillic");
    match name {
        Some(n) => format!("{script} {n} (U+{:04X})", c as u32),
        None => format!("{script} letter U+{:04X}", c as u32),
    }
}

/// Folds every mixed-script word of a line; unchanged text is returned as is.
pub(crate) fn fold_line(
    text: String,
    line: u32,
    pairs: &LetterPairs,
    found: &mut Vec<Folded>,
) -> String {
    if text.is_ascii() || !text.chars().any(is_foreign_letter) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let has_foreign = word.chars().any(is_foreign_letter);
        let has_latin = word.chars().any(is_latin_letter);
        if has_foreign && has_latin {
            let latin = fold_word(word, pairs);
            found.push(Folded {
                line,
                original: word.to_string(),
                latin: latin.clone(),
                letters: word.chars().filter(|&c| is_foreign_letter(c)).collect(),
            });
            out.push_str(&latin);
        } else {
            out.push_str(word);
        }
    }
    out
}

fn fold_word(word: &str, pairs: &LetterPairs) -> String {
    // A word's foreign letters come from one slip: all by shape or all by keyboard.
    let reading = |by_keyboard: bool| -> String {
        word.chars()
            .map(|c| {
                if !is_foreign_letter(c) {
                    return c.to_string();
                }
                let r = readings(c);
                let pick = if by_keyboard { r.last() } else { r.first() };
                pick.copied().unwrap_or("").to_string()
            })
            .collect()
    };
    let by_shape = reading(false);
    let by_keyboard = reading(true);
    if pairs.score(&by_keyboard) > pairs.score(&by_shape) {
        by_keyboard
    } else {
        by_shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_reading_wins_when_the_document_says_so() {
        let pairs = LetterPairs::of(
            "Pia Buus var til stede. Der blev drøftet en rapport om trup og grupper, \
             sundhed og prioriteringer i regionen.",
        );
        let mut found = Vec::new();
        let out = fold_line(
            "Pia Buus Pinstруп, Regionsrådsmedlem".into(),
            7,
            &pairs,
            &mut found,
        );
        assert_eq!(out, "Pia Buus Pinstrup, Regionsrådsmedlem");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].letters, vec!['р', 'у', 'п']);
        assert_eq!(found[0].line, 7);
    }

    #[test]
    fn shape_reading_for_plain_look_alikes() {
        let pairs = LetterPairs::of("Jensen og Olsen og Hansen");
        let mut found = Vec::new();
        assert_eq!(fold_line("Jеnsеn".into(), 1, &pairs, &mut found), "Jensen");
        assert_eq!(fold_line("Оlsen".into(), 1, &pairs, &mut found), "Olsen");
    }

    #[test]
    fn words_wholly_in_another_script_stay() {
        let pairs = LetterPairs::default();
        let mut found = Vec::new();
        assert_eq!(
            fold_line("Привет Jensen".into(), 1, &pairs, &mut found),
            "Привет Jensen"
        );
        assert!(found.is_empty());
    }

    #[test]
    fn names_of_letters() {
        assert_eq!(letter_name('р'), "Cyrillic er (U+0440)");
        assert_eq!(letter_name('Ρ'), "Greek letter U+03A1");
    }
}

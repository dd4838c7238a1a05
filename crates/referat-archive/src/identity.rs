//! Who is who across documents: the keys names and forums are matched by, and the one
//! loose rule that makes two spellings one person.
//!
//! The rule is deliberately narrow, because merging two different people is worse
//! than keeping one person twice (a hand merge fixes the latter; nobody notices the
//! former). Two spellings are one person only when they have the same number of
//! words, the same first name, differ by a single letter (added, dropped, changed or
//! swapped) in one word of six letters or more that is not a patronymic (-sen, -son),
//! and the known spelling has sat in the same forum. Only a unique candidate is taken.

/// A name folded for matching: lower case, single spaces, no dots or commas at the
/// word ends.
pub(crate) fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '.' | ','))
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A forum name folded for matching.
pub(crate) fn forum_key(name: &str) -> String {
    name_key(name)
}

/// Why `candidate` (a known spelling) and `key` (a new one) may be the same person,
/// or `None` when the rule does not match.
pub(crate) fn loose_match(key: &str, candidate: &str) -> Option<String> {
    let a: Vec<&str> = key.split(' ').collect();
    let b: Vec<&str> = candidate.split(' ').collect();
    if a.len() != b.len() || a.len() < 2 || a.first() != b.first() {
        return None;
    }
    let mut differing = a.iter().zip(&b).filter(|(x, y)| x != y);
    let (x, y) = differing.next()?;
    if differing.next().is_some() {
        return None;
    }
    let shorter = x.chars().count().min(y.chars().count());
    // Patronymic surnames one letter apart are different common names (Olsen and
    // Olesen, Pedersen and Petersen), and so are short ones (Holm and Helm).
    let patronymic = |w: &str| w.ends_with("sen") || w.ends_with("son");
    if shorter < 6 || patronymic(x) || patronymic(y) || !one_edit_apart(x, y) {
        return None;
    }
    Some(format!("'{x}' and '{y}' differ by one letter"))
}

/// Whether two words differ by exactly one inserted, deleted, substituted or
/// transposed letter.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    match ra.len().abs_diff(rb.len()) {
        // Substitution or transposition.
        0 => {
            ra.get(1..) == rb.get(1..)
                || (ra.len() >= 2
                    && ra.first() == rb.get(1)
                    && ra.get(1) == rb.first()
                    && ra.get(2..) == rb.get(2..))
        }
        // Insertion or deletion.
        1 => {
            if ra.len() > rb.len() {
                ra.get(1..) == Some(rb)
            } else {
                rb.get(1..) == Some(ra)
            }
        }
        _ => false,
    }
}

/// The organisation a role names, where it ends in one ("Borgmester, Hjørring
/// Kommune" → "Hjørring Kommune").
pub(crate) fn organisation(role: &str) -> Option<String> {
    const BODIES: [&str; 10] = [
        "kommune",
        "region",
        "hospital",
        "sygehus",
        "universitetshospital",
        "psykiatrien",
        "plo",
        "regionshospital",
        "styrelse",
        "ministeriet",
    ];
    let (_, last) = role.rsplit_once(',')?;
    let last = last.trim();
    let names_body = last.split_whitespace().count() <= 5
        && last
            .to_lowercase()
            .split_whitespace()
            .any(|w| BODIES.iter().any(|b| w.starts_with(b) || w.ends_with(b)));
    names_body.then(|| last.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_space_and_dots() {
        assert_eq!(name_key("  Pia  Buus Pinstrup "), "pia buus pinstrup");
        assert_eq!(name_key("Anne K. Jensen"), "anne k jensen");
    }

    #[test]
    fn one_letter_in_a_long_word_is_the_same_person() {
        assert!(loose_match("pia buus pindstrup", "pia buus pinstrup").is_some());
        // Swapped letters.
        assert!(loose_match("jens kjærgaard", "jens kjæragard").is_some());
    }

    #[test]
    fn different_people_are_not_matched() {
        // Another first name.
        assert!(loose_match("pia jensen", "lea jensen").is_none());
        // Short surnames differ by one letter between different families.
        assert!(loose_match("jens holm", "jens helm").is_none());
        assert!(loose_match("ole hansen", "ole jensen").is_none());
        assert!(loose_match("lone olsen", "lone olesen").is_none());
        assert!(loose_match("anne pedersen", "anne petersen").is_none());
        // Two words differ.
        assert!(loose_match("anne marie hansen", "anne maria hanssen").is_none());
        // A middle name more or less is not one letter.
        assert!(loose_match("pia pinstrup", "pia buus pinstrup").is_none());
        assert!(loose_match("pia buus pinstrup", "pia buus pinstrup").is_none());
    }

    #[test]
    fn organisations_from_roles() {
        assert_eq!(
            organisation("Borgmester, Hjørring Kommune").as_deref(),
            Some("Hjørring Kommune")
        );
        assert_eq!(
            organisation("formand for Sundhedsudvalget, Region Nordjylland").as_deref(),
            Some("Region Nordjylland")
        );
        assert_eq!(organisation("Regionsrådsmedlem"), None);
    }
}

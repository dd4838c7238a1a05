//! The sub-headings of an agenda item, and what each one holds.
//!
//! Danish minutes use a small, stable vocabulary for an item's parts (*Resumé*,
//! *Sagsfremstilling*, *Indstilling*, *Beslutning*, *Bilag*, …). A plain line that is
//! one of these words is a heading even without markup; publishing systems also write
//! the decision heading as "<Forum>s beslutning den <dato> Punkt <n>".

use std::sync::LazyLock;

use regex::Regex;

use crate::cue::Cue;

/// What a section of an item holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectionRole {
    /// The decision or minutes of the item (*Beslutning*, *Referat*).
    Decision,
    /// What the forum is asked to do (*Indstilling*).
    Recommendation,
    /// The attachment list (*Bilag*).
    Attachments,
    /// Who did not take part in the item (`Følgende deltog ikke i behandlingen af
    /// punktet:`); a label publishing systems print even when nobody is named.
    NotTakingPart,
    Other,
}

const DECISION: &[&str] = &[
    "beslutning",
    "beslutninger",
    "referat",
    "beslutning/referat",
    "referat/beslutning",
    "beslutning og referat",
    "protokol",
    "protokollat",
    "protokoltilførsel",
    "afgørelse",
    "beslutningen",
    "konklusion og beslutning",
    // Working groups and boards that minute a discussion and its conclusion.
    "konklusion",
    "konklusioner",
    // Norwegian and Swedish.
    "vedtak",
    "endelig vedtak",
    "beslut",
    "beslutande",
    "styrelsens beslut",
    "mötets beslut",
];

const RECOMMENDATION: &[&str] = &[
    "indstilling",
    "indstillinger",
    "indstillingen",
    "forslag til beslutning",
    "beslutningspunkter",
    "indstilling til beslutning",
    "forvaltningens indstilling",
    "administrationens indstilling",
    "direktionens indstilling",
    "direktørens indstilling",
    "forslag til vedtak",
    "innstilling",
    "kommunedirektørens forslag til vedtak",
    "rådmannens forslag til vedtak",
    "kommunedirektørens innstilling",
    "rådmannens innstilling",
    "forslag til beslut",
    "förslag till beslut",
    "förslag",
];

const ATTACHMENTS: &[&str] = &[
    "bilag",
    "bilagsliste",
    "bilag til punktet",
    "vedlagte bilag",
    "bilagsfortegnelse",
    "bilag til sagen",
    "bilaga",
    "bilagor",
    "beslutsunderlag",
    "handlingar",
    "vedlegg",
    "vedlagt",
    "vedlegg til saken",
    "attachments",
];

const OTHER: &[&str] = &[
    "resumé",
    "resume",
    "sammendrag",
    "baggrund",
    "sagsfremstilling",
    "sagsbeskrivelse",
    "sagen",
    "sagens baggrund",
    "sagens indhold",
    "supplerende sagsfremstilling",
    "indhold",
    "oplæg",
    "drøftelse",
    "økonomi",
    "økonomi og finansiering",
    "økonomiske konsekvenser",
    "økonomiske konsekvenser og finansiering",
    "finansiering",
    "tidsplan",
    "proces",
    "videre proces",
    "den videre proces",
    "kommunikation",
    "høring",
    "lovgrundlag",
    "retsgrundlag",
    "vurdering",
    "forvaltningens vurdering",
    "administrationens vurdering",
    "formål",
    "baggrund og formål",
    "beslutningen træffes af",
    "kompetence",
    "sagsforløb",
    "tidligere beslutninger",
    "tidligere behandling",
    "bemærkninger",
    "opfølgning",
    "orientering",
    "handleplan",
    "personale",
    "miljø",
    "konsekvenser",
    "gæster",
    // Norwegian and Swedish.
    "behandling",
    "votering",
    "afstemning",
    "avstemning",
    "saksopplysninger",
    "saksframstilling",
    "saksutredning",
    "bakgrunn",
    "bakgrund",
    "ärendet",
    "ärendebeskrivning",
    "beskrivning",
    "föredragning",
    "sammanfattning",
    "sammanfattning av ärendet",
    "yrkanden",
    "yrkande",
    "propositionsordning",
    "beslutsgång",
    "omröstning",
    "omröstningsresultat",
    "reservation",
    "reservationer",
    "protokollsanteckning",
    "protokollsanteckningar",
    "jäv",
    "beslutet skickas till",
    "beslutet ska skickas till",
    "expediering",
    "expedieras till",
    "skäl för beslutet",
    "motivering",
    "föredragande",
    "ekonomiska konsekvenser",
    "konsekvensanalys",
    "saksutgreiing",
    "dokumenter i saken",
    "uttrykt inhabilitet",
];

/// The heading text as compared: lower case, no trailing colon or full stop.
fn normal(text: &str) -> String {
    text.trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase()
}

static FORUM_DECISION: Cue = Cue::new(
    &["beslutning", "referat", "vedtak", "beslut"],
    r"(?xi)^
        (?: .{2,90}?s \s+ )? (?:beslutning|referat|vedtak|beslut) (?:en|et)?
        (?: \s+ i \s+ .{2,90}? )?
        (?: \s+ (?:den|d\.) \s+ \d{1,2}[.\-/]\s?\d{1,2}[.\-/]\d{2,4}
          # den 12. november 2024, den 12. nov. 2024
          | \s+ (?:den|d\.) \s+ \d{1,2}\.\s+\p{L}+\.? \s+ \d{4}
          # Vedtak i Utvalg for plan, miljø og teknikk - 04.03.2025
          | \s* [-–] \s* \d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4} )
        (?: \s+ (?:punkt|pkt\.?) \s* \d+ )?
        $",
);

/// The role of a known heading, or `None` when the text is not an item sub-heading.
pub(crate) fn known(text: &str) -> Option<SectionRole> {
    if text.len() > 160 {
        return None;
    }
    // The named headings are short; the long ones are matched by pattern below.
    if text.len() <= 60 {
        let n = normal(text);
        if DECISION.contains(&n.as_str()) {
            return Some(SectionRole::Decision);
        }
        if RECOMMENDATION.contains(&n.as_str()) {
            return Some(SectionRole::Recommendation);
        }
        if ATTACHMENTS.contains(&n.as_str()) {
            return Some(SectionRole::Attachments);
        }
        if OTHER.contains(&n.as_str()) {
            return Some(SectionRole::Other);
        }
    }
    let t = text.trim();
    // "Bilag 1:", "Bilag 2.": a numbered attachment.
    if let Some(rest) = [
        "Bilag ", "bilag ", "Bilaga ", "bilaga ", "Vedlegg ", "vedlegg ",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))
    {
        // "Bilag 3", "Bilag 4a", "Bilag 4.1".
        let rest = rest.trim_end_matches([':', '.']);
        let numbered = rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.len() <= 5
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_lowercase());
        if numbered {
            return Some(SectionRole::Attachments);
        }
    }
    // It ends in a date, or in the item's number after one.
    let dated = t.trim_end_matches(':').trim_end();
    if dated.ends_with(|c: char| c.is_ascii_digit()) && FORUM_DECISION.is_match(dated) {
        return Some(SectionRole::Decision);
    }
    // "KS - 45/24 Vedtak:": the heading after the case it belongs to.
    if let Some(m) = t.contains('/').then(|| CASE_PREFIX.find(t)).flatten() {
        let rest = t.get(m.end()..).unwrap_or("");
        if !rest.is_empty() && rest.len() < t.len() {
            return known(rest);
        }
    }
    let last = t
        .trim_end_matches([':', ' '])
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let owned_word = matches!(
        last.as_str(),
        "indstilling" | "innstilling" | "vedtak" | "beslutning" | "beslut"
    );
    if let Some(c) = owned_word.then(|| OWNED.captures(t)).flatten() {
        // "Ordførerens innstilling", "Ældrerådets beslutning": whose it is, then what.
        let what = c.name("what").map_or("", |m| m.as_str()).to_lowercase();
        return Some(match what.as_str() {
            "indstilling" | "innstilling" => SectionRole::Recommendation,
            w if w.starts_with("forslag") || w.starts_with("förslag") => {
                SectionRole::Recommendation
            }
            _ => SectionRole::Decision,
        });
    }
    // "Behandling i Saltvik kommunestyre - 12.12.2024": where the case was treated.
    let treated = t
        .get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case("behandl"));
    if treated && TREATED_IN.is_match(t) {
        return Some(SectionRole::Other);
    }
    if NOT_TAKING_PART.is_match(t) {
        return Some(SectionRole::NotTakingPart);
    }
    None
}

static CASE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::cue::compile(r"^[A-ZÆØÅ]{1,4}\s*[-–]?\s*\d{1,4}/\d{2,4}\s+"));

static OWNED: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)^\p{Lu}[\p{L}\-]{2,40}s\s+(?P<what>indstilling|innstilling|forslag\s+til\s+(?:vedtak|beslutning)|förslag\s+till\s+beslut|beslutning|vedtak|beslut)\s*:?$",
    )
});

static TREATED_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::cue::compile(
        r"(?i)^(?:behandling|behandlet|behandlingen)\s+i\s+[^.]{2,80}?(?:\s*[-–]\s*|\s+den\s+)\d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4}\s*:?$",
    )
});

static NOT_TAKING_PART: Cue = Cue::new(
    &["ikke", "fravær", "inhabil"],
    r"(?i)^(?:følgende|disse)\s+(?:medlemmer\s+)?(?:deltog|deltager|var)\s+ikke\s+(?:i|under|til\s+stede\s+under)\s+(?:behandlingen|punktet|sagen)\b[^.]{0,60}:?$|^(?:fraværende|inhabil|inhabile)\s+(?:under|ved)\s+(?:behandlingen|punktet|sagen)\b[^.]{0,40}:?$",
);

/// Case metadata printed under an item heading: `Sagsnr.: 2012-28504`, `Dok.nr.:
/// 2012-203438`, and the line naming an earlier treatment (`Kommunalbestyrelsen den
/// 30. januar 2012 Punkt 5`).
pub(crate) fn is_case_metadata(text: &str) -> bool {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        crate::cue::compile(
            r"(?i)^(?:(?:sags?\s?nr|sagsnummer|dok\.?\s?nr|dokumentnr|journal\s?nr|j\.\s?nr|sags-?id|acadre\s?nr|sbsys\s?nr)\.?\s*:|.{3,80}?\s+den\s+(?:\d{1,2}\.\s+\p{L}+\s+\d{4}|\d{1,2}[.-]\d{1,2}[.-]\d{2,4}),?\s+(?:punkt|pkt\.?)\s*\d+\.?$|.{3,80}?,\s*\d{1,2}[.-]\d{1,2}[.-]\d{2,4},\s*(?:punkt|pkt\.?)\s*\d+\s*[.:]?$)",
        )
    });
    // A label before a colon, or an earlier treatment ending in its item number.
    let shaped = text.contains(':')
        || text
            .trim_end_matches('.')
            .ends_with(|c: char| c.is_ascii_digit());
    text.len() < 160 && shaped && META.is_match(text) && known(text).is_none()
}

/// Whether a heading opens the account of how the forum treated the case, where
/// votes and motions stand beside the decision: `Behandling`, `Behandling i
/// Kommunestyret - 12.12.2024`, `Votering`, `Afstemning`, `Yrkanden`,
/// `Propositionsordning`.
pub(crate) fn is_treatment(heading: &str) -> bool {
    let first = heading
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.as_str(),
        "behandling"
            | "votering"
            | "afstemning"
            | "avstemning"
            | "omröstning"
            | "yrkanden"
            | "yrkande"
            | "propositionsordning"
    )
}

/// The role of any heading: a known one, or `Other`.
pub(crate) fn role(text: &str) -> SectionRole {
    known(text).unwrap_or(SectionRole::Other)
}

/// A heading as the record writes it: markup already gone, no trailing colon.
pub(crate) fn display(text: &str) -> String {
    text.trim().trim_end_matches(':').trim_end().to_string()
}

/// Bold lines that caption a table or a figure are text, not headings.
pub(crate) fn is_caption(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.trim_end_matches(['.', ':']),
        "tabel" | "table" | "figur" | "figure" | "fig" | "kilde" | "note" | "skema" | "graf"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_headings() {
        assert_eq!(known("Beslutning"), Some(SectionRole::Decision));
        assert_eq!(known("Referat"), Some(SectionRole::Decision));
        assert_eq!(known("Indstilling:"), Some(SectionRole::Recommendation));
        assert_eq!(known("Bilag:"), Some(SectionRole::Attachments));
        assert_eq!(known("Resumé"), Some(SectionRole::Other));
        assert_eq!(
            known("Økonomiske konsekvenser og finansiering"),
            Some(SectionRole::Other)
        );
        assert_eq!(
            known("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1"),
            Some(SectionRole::Decision)
        );
        assert_eq!(
            known("Beslutning i Økonomiudvalget den 3. maj 2021"),
            Some(SectionRole::Decision)
        );
        assert_eq!(
            known("Beslutning i Teknik- og Miljøudvalget den 12. nov. 2024"),
            Some(SectionRole::Decision)
        );
        assert_eq!(known("Dagsorden blev godkendt."), None);
        assert_eq!(
            known("Følgende deltog ikke i behandlingen af punktet:"),
            Some(SectionRole::NotTakingPart)
        );
        assert!(is_case_metadata("Sagsnr.: 2012-28504"));
        assert!(is_case_metadata("Dok.nr.: 2012-203438"));
        assert!(is_case_metadata(
            "Social- og Sundhedsudvalget, 12-03-2025, pkt. 4:"
        ));
        assert!(is_case_metadata(
            "Kommunalbestyrelsen den 30. januar 2012 Punkt 5"
        ));
        assert!(!is_case_metadata(
            "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1"
        ));
        assert_eq!(known("Velkomst - 5 min."), None);
        assert_eq!(known("KS - 45/24 Vedtak:"), Some(SectionRole::Decision));
        assert_eq!(
            known("Ordførerens innstilling"),
            Some(SectionRole::Recommendation)
        );
        assert_eq!(
            known("Ældrerådets beslutning:"),
            Some(SectionRole::Decision)
        );
        assert_eq!(
            known("Behandling i Saltvik kommunestyre - 12.12.2024"),
            Some(SectionRole::Other)
        );
        assert_eq!(known("Bestyrelsens forslag om nyt tag"), None);
    }

    #[test]
    fn captions() {
        assert!(is_caption("Tabel 1. Etablerings- og driftsomkostninger"));
        assert!(!is_caption("Indstilling"));
    }
}

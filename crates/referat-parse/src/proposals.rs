//! Proposals put to a meeting and what became of them, as minutes without an
//! *Indstilling* record them: `Bestyrelsen fremsatte forslag om X` / `Forslaget blev
//! vedtaget`; `… beslutning om X, der hermed er vedtaget`; a topic marked `(forslag)`
//! and answered `Enighed`; a vote (`vedtaget med 12 stemmer mod 3`); and the proposals
//! listed under an item for incoming proposals (`Indkomne forslag` / `- Justering af
//! takstblad`).
//!
//! A proposal is a worded one: "Det blev vedtaget, at …" decides without one, and
//! "X foreslår at …" with no vote is discussion.

use referat_model::{Outcome, OutcomeSource, Recommendation};

use crate::cue::Cue;

/// A proposal and its result in one sentence.
static WITH_RESULT: Cue = Cue::new(
    &["forslag", "beslutning", "motion"],
    r"(?i)\b(?:beslutnings?forslag(?:et)?|beslutning(?:en)?|forslag(?:et)?|motion(?:en)?)\s+(?:fra\s+[^,.]{1,60}?\s+)?om\s+(?P<what>.{3,200}?)\s*,?\s+(?:der|som)\s+(?:hermed\s+)?(?:er|blev)\s+(?:enstemmigt\s+)?(?P<result>vedtaget|godkendt|forkastet|afvist|nedstemt)\b",
);

/// A proposal put forward: what follows is the proposal.
static PUT_FORWARD: Cue = Cue::new(
    &["forslag", "motion"],
    r"(?i)(?:\b(?:fremsatte|stillede|fremlagde|fremkom\s+med|havde\s+stillet|fremsætter|stiller|la\s+fram|lade\s+fram|lämnade)\s+(?:et\s+|ett\s+)?(?:forslag|motion|förslag)\s+(?:om|til|på|till)\s+|^(?:forslag|motion|förslag)\s+(?:fra\s+[^:]{1,60}?\s+|från\s+[^:]{1,60}?\s+)?(?:om|til|till)\s*:?\s+)(?P<what>.{3,300})$",
);

/// The result of a vote or of a proposal in a sentence of its own.
static RESULT: Cue = Cue::new(
    &[
        "vedtaget",
        "vedtoges",
        "godkendt",
        "forkastet",
        "forkastedes",
        "afvist",
        "nedstemt",
        "faldt",
        "bifaldt",
        "vedtatt",
        "antogs",
        "avslogs",
        "stemmer",
        "röster",
        "stemmer",
    ],
    r"(?i)\b(?:blev|er|ble|var)\s+(?:enstemmigt\s+)?(?P<result>vedtaget|vedtatt|godkendt|godkjent|forkastet|afvist|nedstemt|avvist)\b|\b(?P<short>vedtoges|forkastedes|faldt|bifaldt|antogs|avslogs|nedstemt)\b",
);

/// A topic marked as a proposal: `… (forslag)`, `Forslag: …`, `Forslag om …`.
fn marked_topic(title: &str) -> Option<String> {
    let t = title.trim();
    let lower = t.to_lowercase();
    for marker in ["(forslag)", "(beslutningsforslag)", "(förslag)", "(motion)"] {
        if let Some(head) = lower.strip_suffix(marker) {
            let head = t.get(..head.len()).unwrap_or(t);
            return Some(head.trim().trim_end_matches(['.', ':']).trim().to_string());
        }
    }
    for prefix in [
        "forslag: ",
        "forslag om ",
        "beslutningsforslag: ",
        "beslutningsforslag om ",
    ] {
        if lower.starts_with(prefix) {
            let rest = t.get(prefix.len()..).unwrap_or("").trim();
            return (!rest.is_empty()).then(|| rest.trim_end_matches('.').to_string());
        }
    }
    None
}

/// Whether an item is about proposals sent in (`Indkomne forslag`, `Forslag fra
/// medlemmer`, `Inkomna motioner`).
fn is_proposals_item(title: &str) -> bool {
    let t = title.to_lowercase();
    t.contains("indkomne forslag")
        || t.contains("indkommende forslag")
        || t.contains("innkomne forslag")
        || t.contains("inkomna motioner")
        || t.contains("motioner")
        || t.contains("forslag fra medlem")
        || t.contains("behandling af forslag")
}

fn result_of(text: &str) -> Option<(Outcome, OutcomeSource)> {
    if !RESULT.possible(text) {
        return None;
    }
    let caps = RESULT.regex().captures(text)?;
    let word = caps
        .name("result")
        .or_else(|| caps.name("short"))?
        .as_str()
        .to_lowercase();
    let outcome = match word.as_str() {
        "forkastet" | "forkastedes" | "afvist" | "avvist" | "nedstemt" | "faldt" | "avslogs" => {
            Outcome::Rejected
        }
        _ => Outcome::Adopted,
    };
    let negated = text.to_lowercase().contains(&format!("ikke {word}"));
    let outcome = if negated { Outcome::Rejected } else { outcome };
    let source = if text.contains("stemme") || text.contains("röst") {
        OutcomeSource::Vote
    } else {
        OutcomeSource::Stated
    };
    Some((outcome, source))
}

/// What a short answer says of a proposal (`Enighed blandt de fremmødte`, `Ja`,
/// `Nej`).
fn answer_of(text: &str) -> Option<(Outcome, OutcomeSource)> {
    if let Some(r) = result_of(text) {
        return Some(r);
    }
    let lower = text.trim().to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    match first {
        "enighed" | "enig" | "enige" | "enstemmigt" | "godkendt" | "vedtaget" | "ja" | "bifald" => {
            Some((Outcome::Adopted, OutcomeSource::Stated))
        }
        "uenighed" | "nej" | "afvist" | "forkastet" => {
            Some((Outcome::Rejected, OutcomeSource::Stated))
        }
        "udsat" | "udsættes" => Some((Outcome::Postponed, OutcomeSource::Stated)),
        _ => None,
    }
}

fn recommendation(text: &str, result: Option<(Outcome, OutcomeSource)>) -> Recommendation {
    let (outcome, outcome_source) = match result {
        Some((o, s)) => (o, Some(s)),
        None => (Outcome::Unresolved, None),
    };
    Recommendation {
        text: text
            .trim()
            .trim_end_matches(['.', ',', ';'])
            .trim()
            .to_string(),
        outcome,
        outcome_source,
    }
}

/// The proposals of an item: `title`, its paragraphs (text and whether each is a list
/// entry), and whether the document is minutes (an agenda records no results).
pub(crate) fn proposals(title: &str, paras: &[(&str, bool)], minutes: bool) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let texts: Vec<&str> = paras.iter().map(|(t, _)| *t).collect();
    let all = texts.join(" ");
    if let Some(topic) = marked_topic(title) {
        let result = if minutes {
            texts.first().and_then(|t| answer_of(t))
        } else {
            None
        };
        out.push(recommendation(&topic, result));
        return out;
    }
    if is_proposals_item(title) {
        for (k, (text, entry)) in paras.iter().enumerate() {
            if !entry {
                continue;
            }
            // The result, if recorded, follows the proposal.
            let result = if minutes {
                paras
                    .get(k + 1)
                    .filter(|(_, e)| !e)
                    .and_then(|(t, _)| answer_of(t))
            } else {
                None
            };
            out.push(recommendation(text, result));
        }
        if !out.is_empty() {
            return out;
        }
    }
    for (k, text) in texts.iter().enumerate() {
        for sentence in crate::text::sentences(text) {
            let mut with_result = false;
            if WITH_RESULT.possible(sentence) {
                for caps in WITH_RESULT.regex().captures_iter(sentence) {
                    let (Some(what), Some(result)) = (caps.name("what"), caps.name("result"))
                    else {
                        continue;
                    };
                    let outcome = match result.as_str().to_lowercase().as_str() {
                        "forkastet" | "afvist" | "nedstemt" => Outcome::Rejected,
                        _ => Outcome::Adopted,
                    };
                    out.push(recommendation(
                        what.as_str(),
                        Some((outcome, OutcomeSource::Stated)),
                    ));
                    with_result = true;
                }
            }
            if with_result {
                continue;
            }
            if !PUT_FORWARD.possible(sentence) {
                continue;
            }
            let Some(what) = PUT_FORWARD
                .regex()
                .captures(sentence)
                .and_then(|c| c.name("what"))
            else {
                continue;
            };
            // The result: later in the same paragraph, or in the paragraphs after it.
            let after = texts
                .get(k + 1..)
                .unwrap_or(&[])
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let rest_of_para = text
                .find(sentence)
                .and_then(|at| text.get(at + sentence.len()..))
                .unwrap_or("");
            let result = result_of(rest_of_para).or_else(|| result_of(&after));
            // "Forslag om X" opening a line is a proposal only with its result; "X
            // fremsatte forslag om Y" puts one forward, in an agenda too.
            let opening = sentence.trim_start().to_lowercase().starts_with(['f', 'm'])
                && PUT_FORWARD
                    .regex()
                    .captures(sentence)
                    .and_then(|c| c.get(0))
                    .is_some_and(|m| m.start() == 0)
                && !sentence.to_lowercase().contains("fremsatte");
            if result.is_some() || (!minutes && !opening) {
                out.push(recommendation(
                    what.as_str(),
                    if minutes { result } else { None },
                ));
            }
        }
    }
    let _ = all;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(title: &str, paras: &[(&str, bool)], minutes: bool) -> Vec<(String, Outcome)> {
        proposals(title, paras, minutes)
            .into_iter()
            .map(|r| (r.text, r.outcome))
            .collect()
    }

    #[test]
    fn put_forward_then_adopted() {
        assert_eq!(
            texts(
                "Budget og kontingent",
                &[
                    (
                        "Bestyrelsen fremsatte forslag om en stigning til kr. 800 pr. medlem",
                        false
                    ),
                    ("Stigningen blev vedtaget", false),
                ],
                true
            ),
            [(
                "en stigning til kr. 800 pr. medlem".to_string(),
                Outcome::Adopted
            )]
        );
    }

    #[test]
    fn proposal_and_result_in_one_sentence() {
        assert_eq!(
            texts(
                "Godkendelse af referat",
                &[(
                    "Tre kommuner støtter beslutning om oprettelse af en styregruppe, der hermed er vedtaget.",
                    false
                )],
                true
            ),
            [("oprettelse af en styregruppe".to_string(), Outcome::Adopted)]
        );
    }

    #[test]
    fn marked_topics_and_incoming_proposals() {
        assert_eq!(
            texts(
                "Nyt mødetidspunkt (forslag)",
                &[("Enighed blandt de fremmødte", false)],
                true
            ),
            [("Nyt mødetidspunkt".to_string(), Outcome::Adopted)]
        );
        assert_eq!(
            texts(
                "Behandling af indkomne forslag",
                &[("Justering af takstblad.", true)],
                false
            ),
            [("Justering af takstblad".to_string(), Outcome::Unresolved)]
        );
    }

    #[test]
    fn no_worded_proposal() {
        assert!(
            texts(
                "Forslag fra medlemmer",
                &[("Ingen forslag modtaget.", false)],
                true
            )
            .is_empty()
        );
        assert!(
            texts(
                "Regnskab",
                &[("Kassereren foreslår at vi rykker regnskabsåret.", false)],
                true
            )
            .is_empty()
        );
        assert!(
            texts(
                "Indkomne forslag",
                &[("Det blev vedtaget, at bestyrelsen arbejder videre.", false)],
                true
            )
            .is_empty()
        );
    }
}

//! Proposals put to a meeting and what became of them, as minutes record them beside or
//! instead of an *Indstilling*: `Bestyrelsen fremsatte forslag om X` / `Forslaget blev
//! vedtaget`; `Anne foreslog, at X. Det blev vedtaget.`; `Forslag 1 fra bestyrelsen: X`
//! / `Forslaget blev forkastet`; `… beslutning om X, der hermed er vedtaget`; a
//! member's motion, a Norwegian `tilleggsforslag`, a Swedish `motion`; a topic marked
//! `(forslag)` and answered `Enighed`; and the proposals listed under an item for
//! incoming proposals (`Indkomne forslag` / `- Justering af takstblad`).
//!
//! A proposal is a worded one: "Det blev vedtaget, at …" decides without one, and a
//! suggestion nobody voted on ("X foreslår at …" and nothing more) is discussion. Each
//! proposal takes the first result stated after it and before the next proposal.

use std::borrow::Cow;

use referat_model::{Outcome, OutcomeSource, Recommendation};

use crate::cue::Cue;

/// Quotation marks that open a quotation (`"`, `“`, `„`, `«`) and that close one (a
/// Danish `“` closes too).
const OPENING_QUOTES: [char; 4] = ['"', '“', '„', '«'];
const CLOSING_QUOTES: [char; 4] = ['"', '”', '»', '“'];

/// A proposal and its result in one sentence.
static WITH_RESULT: Cue = Cue::new(
    &["forslag", "beslutning", "motion"],
    r"(?i)\b(?:beslutnings?forslag(?:et)?|beslutning(?:en)?|forslag(?:et)?|motion(?:en)?)\s+(?:fra\s+(?P<from>[^,.]+?)\s+)?om\s+(?P<what>.+?)\s*,?\s+(?:der|som)\s+(?:hermed\s+)?(?:er|blev)\s+(?:enstemmigt\s+)?(?P<result>vedtaget|godkendt|forkastet|afvist|nedstemt)\b",
);

/// A proposal put forward; what follows is the proposal.
static PUT_FORWARD: Cue = Cue::new(
    &[
        "yrka",
        "forslag",
        "motion",
        "förslag",
        "foreslog",
        "foreslår",
        "foreslo",
        "föreslog",
        "föreslår",
        "foreslået",
        "föreslagit",
    ],
    r"(?ix)
    (?:
        # X fremsatte (et) forslag om Y; X fremlagde forslag: Y; X fremmet følgende forslag: Y
        \b(?:fremsatte|stillede|fremlagde|fremkom\s+med|havde\s+stillet|fremsætter|stiller|fremmet|fremmer|fremsendt|fremsendte|indsendt|indsendte|la\s+fram|lade\s+fram|lämnade|väckte)
          \s+(?:(?:et|ett|følgende|fölande|nyt|nytt|eget|eget|alternative?|alternativt)\s+){0,2}
          (?:\p{L}*forslag|motion|förslag)\w*
          # … fremmet følgende forslag på vegne av FL: …
          (?:\s+på\s+vegne\s+a[fv]\s+[^:]{1,60}:)?
          # … fremmet følgende forslag: (the proposal in the next paragraph)
          \s*(?:om|til|på|till)?\s*[,:]?(?:\s+|$)(?:at\s+|att\s+)?
      | # Der var indkommet et forslag fra X, nr. 14, om Y
        \b(?:indkommet|indkomne|modtaget|fremsendt|indsendt)\s+(?:(?:et|ét|ett|følgende)\s+)?\p{L}*forslag\s+fra\s+[^:]{1,60}?\s+om,?\s+(?:at\s+)?
      | # X (S) yrkar att Y; X yrkade bifall till motionen
        \b(?:yrkar|yrkade)\s+(?:att\s+)?
      | # X foreslog, at Y; X foreslo å Y; X föreslog att Y; Bestyrelsen foreslog et uændret …
        \b(?:foreslog|foreslår|foreslo|föreslog|föreslår|har\s+foreslået|havde\s+foreslået|har\s+föreslagit)(?:\s+(?:herefter|derefter|derfor|også|i\s+stedet))?\s*,?\s+(?:at\s+|att\s+|å\s+)?
      | # Forslag 1 fra bestyrelsen: Y; Motion 2 från X: att Y; Forslag (Ali): Y; Forslag om Y;
        # Forslag fra bestyrelsen om, at Y; Förslag från Birgitta att Y
        ^(?:[a-z]\)\s*|\d{1,2}[.)]\s*)?(?:forslag|motion|förslag|ændringsforslag|tilleggsforslag)
          (?:\s+(?:nr\.\s*)?(?:\d{1,2}|[a-zæøå]\b))?
          (?:\s*\([^()]{1,40}\))?
          (?:\s+(?:fra|från|frå)\s+[^:]{1,80}?)?
          # Not: Forslag til lokalplan 12 har været i høring (a subject, not a motion).
          (?:\s*(?::|\s+om,?)\s*(?:att\s+|at\s+|å\s+)?|\s+(?:att|at|å)\s+)
      | # Bestyrelsens forslag: Y; Styrelsens förslag: Y
        ^\p{Lu}\p{L}+s\s+(?:forslag|förslag|beslutningsforslag)\s*:\s*(?:att\s+|at\s+)?
    )",
);

/// Whether a sub-heading names a proposal put to the meeting, with the words of the
/// proposal under it (`Forslag A (fra bestyrelsen): Ændring af § 6`, `Motion 2 från X`).
pub(crate) fn is_proposal_title(heading: &str) -> bool {
    // "b) Forslag fra …": the sub-point's letter or number before it.
    let heading = crate::text::strip_list_marker(heading.trim_start());
    let lower = heading.to_lowercase();
    heading.len() <= 160
        && [
            "forslag",
            "motion",
            "förslag",
            "ændringsforslag",
            "tilleggsforslag",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
        && PUT_FORWARD.is_match(heading)
}

/// Whether a text says that a motion was submitted to the forum (`X har fremsendt
/// følgende forslag`, `Motion från X`, `Y stillede forslag om`).
pub(crate) fn submits_motion(text: &str) -> bool {
    static SUBMITTED: Cue = Cue::new(
        &["forslag", "motion", "förslag"],
        r"(?i)\b(?:fremsendt|fremsendte|fremsat|fremsatte|stillet|stillede|indsendt|indsendte|indgivet|väckt|väckte|lämnat|lämnade|fremmet|fremmer)\s+(?:(?:et|ett|følgende|fölande|nyt|nytt|en)\s+)?(?:\p{L}*forslag|motion|förslag)\b|^motion\s+(?:från|fra)\b",
    );
    SUBMITTED.is_match(text)
}

/// What a sentence puts forward as a proposal: the rest of it after the words that put
/// it (`PUT_FORWARD`). Found with the fast search, not with captures: the lead is
/// matched, the proposal is what follows.
///
/// A sentence that ends with its lead (`… fremmet følgende forslag:`) puts forward
/// what follows it: the answer is then the lead's colon alone.
fn put_forward(sentence: &str) -> Option<&str> {
    let m = PUT_FORWARD.find(sentence)?;
    let what = sentence.get(m.end()..)?;
    if what.trim().is_empty() && m.as_str().trim_end().ends_with(':') {
        return sentence.get(sentence.trim_end().len() - 1..);
    }
    let chars = what.chars().count();
    // "… som administrationen foreslår præciseret.": one word is a verb's object, not
    // a proposal.
    let worded = what.split_whitespace().nth(1).is_some() || what.trim_end().ends_with(':');
    ((3..=400).contains(&chars) && worded && !what.contains('\n')).then_some(what)
}

/// A proposal as the proposer's motion states it: `Det foreslås, at …`, where the
/// item puts proposals forward (the words are looked for only there).
fn stated_proposal(sentence: &str) -> Option<&str> {
    let rest = [
        "Det foreslås, at ",
        "Det foreslås at ",
        "Det foreslås, att ",
        "Det föreslås att ",
    ]
    .iter()
    .find_map(|p| sentence.strip_prefix(p))?;
    (rest.split_whitespace().nth(1).is_some() && !rest.contains('\n')).then_some(rest)
}

/// The result of a vote or a proposal, stated in a sentence.
static RESULT: Cue = Cue::new(
    &[
        "vedtag",
        "vedtog",
        "godkend",
        "forkast",
        "afvist",
        "nedstemt",
        "faldt",
        "falt",
        "bifal",
        "biföll",
        "avslog",
        "enligt",
        "återremitt",
        "godkjent",
        "avvist",
        "tiltråd",
        "vedtatt",
        "vedtas",
        "antogs",
        "fastställ",
        "godkänd",
        "beslutade",
        "avsl",
        "udsat",
        "utsatt",
        "anbefale",
        "enig",
        "tiltræd",
        "bortfald",
        "vedtok",
        "besluttet",
        "flertal",
        "udsættes",
        "utsettes",
        "bordl",
        "udskydes",
        "genoptages",
        "op igen",
        "videre",
        "tilbage",
        "trukket",
        "tillbaka",
        "återt",
    ],
    r"(?ix)
      \b(?:blev|er|ble|var|bliver)\s+(?:forslaget(?:\s+fra\s+\p{Lu}[^,.]{0,60}?)?\s+|det\s+|dette\s+|indstillingen\s+|innstillingen\s+)?(?:enstemmigt?\s+)?(?:(?:derefter|deretter|herefter|dermed)\s+)?(?:enstemmig\s+)?(?P<adopted>vedtaget|vedtatt|godkendt|godkjent|bifaldt|tiltrådt)\b
    | \b(?:blev|er|ble|var)\s+(?:forslaget\s+|det\s+|dette\s+)?(?:enstemmigt?\s+)?(?:dermed\s+)?(?P<rejected>forkastet|afvist|nedstemt|avvist|avslått|bortfaldet)\b
    | \b(?P<rejected2>faldt|falt|avslogs|forkastedes|bortfalder)\b
    # Forslaget blev trukket tilbage (af forslagsstillerne): it was not carried.
    | \b(?P<rejected10>trukket\s+(?:tilbage|igen)|trukket\s+av\s+forslagsstiller\w*|drogs\s+tillbaka|återtogs)\b
    | \bopnåede\s+ikke\s+(?:det\s+)?(?:\p{L}+\s+)?(?P<rejected5>flertal)\b
    | \b(?P<postponed2>udsættes|utsettes|bordläggs|bordlägges|bordlades|udskydes|genoptages)\b
    | \btages\s+(?P<postponed3>op\s+igen)\b
    # besluttede at sende forslaget tilbage til bestyrelsen; sendes tilbage til
    | \b(?:sende|sendes|sendte|sendt)\s+(?:forslaget\s+|sagen\s+|det\s+)?(?P<postponed6>tilbage)\s+til\b
    | \bbeslutade\s+(?:\p{L}+\s+)?att\s+(?:(?P<adopted2>bifalla|fastställa|anta|godkänna)|(?P<rejected3>avslå))
    | \bkan\s+ikke\s+(?P<rejected4>anbefale|tiltræde|godkende)\b
    | \bikke\s+(?:at\s+)?(?P<rejected6>gå\s+videre)\s+med\b
    | \b(?:blev|ble|er|var)\s+(?:dermed\s+|derfor\s+|således\s+)?ikke\s+(?P<rejected7>vedtaget|vedtatt|godkendt|godkjent)\b
    | ^(?P<postponed4>udsat|utsatt)\b
    | \bbeslut(?:ar|at|ade)\s+(?P<adopted6>enligt)\s
    | \b(?:beslöt|beslutade|beslutar|beslutat)\s+(?:\p{L}+\s+)?att\s+återremittera\s+(?P<postponed5>motionen|förslaget|yrkandet)
    | \b(?:beslöt|beslutade|beslutar|beslutat)\s+(?:\p{L}+\s+)?att\s+(?P<adopted7>återremittera)
    | \b(?P<adopted3>vedtoges|antogs|bifölls|bifalls|fastställdes|godkändes|biföll)\b
    | \b(?P<rejected11>avslog)\s+(?:motionen|förslaget|yrkandet)\b
    | \b(?:blev|er|ble)\s+(?P<postponed>udsat|utsatt|bordlagt)\b
    | ^(?P<adopted4>enighed|enige|vedtaget|vedtatt|godkendt|godkjent|besluttet|enstemmigt\s+vedtaget|enstemmig\s+vedtatt)\b
    # Der var enighed om forslaget.
    | \b(?P<adopted9>enighed)\s+om\s+(?:forslaget|det)\b
    | \b(?P<adopted5>det\s+blev\s+vedtaget)\b
    # Forkastet med 2 stemmer for og 3 imod.
    | ^(?P<rejected8>forkastet|afvist|nedstemt|avvist|forkastes)\b
    # Bestyrelsen godkendte forslaget med den tilføjelse, at …
    | \b(?P<adopted8>godkendte|vedtog|tiltrådte|godkjente|vedtok)\s+(?:det\s+fremlagte\s+|det\s+)?forslaget\b
    | \b(?P<rejected9>forkastede|afviste|avviste)\s+(?:det\s+)?forslaget\b",
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
        || t.contains("motioner")
        || t.contains("forslag fra medlem")
        || t.contains("behandling af forslag")
}

/// The result a sentence states, if it states one ("Fordelingen blev godkendt").
pub(crate) fn stated_result(sentence: &str) -> Option<Outcome> {
    result_of(sentence).map(|(outcome, _)| outcome)
}

fn result_of(text: &str) -> Option<(Outcome, OutcomeSource)> {
    let caps = RESULT.captures(text)?;
    let is = |names: &[&str]| names.iter().any(|n| caps.name(n).is_some());
    let outcome = if is(&[
        "rejected",
        "rejected2",
        "rejected3",
        "rejected4",
        "rejected5",
        "rejected6",
        "rejected7",
        "rejected8",
        "rejected9",
        "rejected10",
        "rejected11",
    ]) {
        Outcome::Rejected
    } else if is(&[
        "postponed",
        "postponed2",
        "postponed3",
        "postponed4",
        "postponed5",
        "postponed6",
    ]) {
        Outcome::Postponed
    } else {
        Outcome::Adopted
    };
    let lower = text.to_lowercase();
    let negated = outcome == Outcome::Adopted
        && caps
            .get(0)
            .is_some_and(|m| lower.get(..m.start()).is_some_and(|h| h.ends_with("ikke ")));
    let outcome = if negated { Outcome::Rejected } else { outcome };
    // "Vedtaget, dog med frist 22. august": carried with a change.
    let outcome = if outcome == Outcome::Adopted && crate::recommendations::is_amended(text) {
        Outcome::Amended
    } else {
        outcome
    };
    let source = if lower.contains("stemme") || lower.contains("röst") || lower.contains("votering")
    {
        OutcomeSource::Vote
    } else {
        OutcomeSource::Stated
    };
    Some((outcome, source))
}

/// What a short answer says of a proposal (`Enighed blandt de fremmødte`, `Ja`).
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
    let text = text.trim().trim_end_matches([',', ';']).trim();
    // "“Eiendomsskatten … settes til 2,5 promille.”": the proposal inside its quotes.
    let quoted = text.starts_with(OPENING_QUOTES) && text.ends_with(CLOSING_QUOTES);
    let text = if quoted {
        text.trim_matches(['"', '“', '„', '«', '”', '»'])
    } else if !text
        .trim_end_matches(CLOSING_QUOTES)
        .contains(OPENING_QUOTES)
    {
        // "… at beboere må holde høns.”": the quote opened before the proposal began.
        text.trim_end_matches(CLOSING_QUOTES)
    } else {
        text
    };
    Recommendation {
        text: text.trim().to_string(),
        outcome,
        outcome_source,
    }
}

/// The proposals of an item, and whether an amendment (`tilleggsforslag`,
/// `ændringsforslag`) was adopted, which changes what the main recommendation became.
pub(crate) struct Proposals {
    pub recommendations: Vec<Recommendation>,
    pub amendment_adopted: bool,
}

/// The proposals of an item: `title`, its paragraphs (text and whether each is a list
/// entry), and whether the document is minutes (an agenda records no results).
///
/// An agenda's case text proposes all the time ("Forvaltningen foreslår, at …"), so in
/// an agenda only listed proposals count, unless `worded_agenda`: the document has no
/// *Indstilling* anywhere, and what it proposes is worded in its items (a general
/// assembly's notice: "Bestyrelsen foreslår et uændret kontingent").
pub(crate) fn proposals(
    title: &str,
    paras: &[(&str, bool)],
    minutes: bool,
    worded_agenda: bool,
) -> Proposals {
    let worded = worded(title, paras, minutes, worded_agenda);
    if !worded.recommendations.is_empty() {
        return worded;
    }
    // "Nyt mødetidspunkt (forslag)" / "Enighed": a topic that is itself the proposal,
    // where the text words none.
    let mut recommendations = Vec::new();
    if let Some(topic) = marked_topic(title) {
        let result = if minutes {
            paras.first().and_then(|(t, _)| answer_of(t))
        } else {
            None
        };
        // In minutes a topic whose text gives no answer to it was discussed, as a
        // worded proposal nothing answers is.
        if result.is_some() || !minutes {
            recommendations.push(recommendation(topic.trim_end_matches('.'), result));
        }
    }
    Proposals {
        recommendations,
        amendment_adopted: false,
    }
}

fn worded(title: &str, paras: &[(&str, bool)], minutes: bool, worded_agenda: bool) -> Proposals {
    let listed_proposals = is_proposals_item(title);
    // Most items put nothing forward: one look at the whole text spares a look at
    // each sentence.
    if !listed_proposals
        && !paras
            .iter()
            .any(|(t, _)| PUT_FORWARD.possible(t) || WITH_RESULT.possible(t))
    {
        return Proposals {
            recommendations: Vec::new(),
            amendment_adopted: false,
        };
    }
    let mut out = Vec::new();
    let mut amendments: Vec<usize> = Vec::new();
    // Amendments that became part of the proposal they changed.
    let mut absorbed: Vec<usize> = Vec::new();
    // Motions to put the case off ("Emil fremmet utsettelsesforslag: …").
    let mut put_off_motions: Vec<usize> = Vec::new();
    // Proposals that are the recommendation put forward under its name.
    let mut recommended: Vec<usize> = Vec::new();
    // Who put each proposal, as the sentence names them ("Dirigenten foreslog, at …"),
    // in lower case.
    let mut proposers: Vec<(usize, String)> = Vec::new();
    // Sentences in order, with where each stands and the paragraph it stands in.
    let mut sentences: Vec<(&str, bool)> = Vec::new();
    let mut para_of: Vec<usize> = Vec::new();
    for (p, (text, entry)) in paras.iter().enumerate() {
        // An entry's first sentence is what it lists; the rest tell what became of it
        // ("a) Forslag fra nr. 14 om vejbump. … Forslaget blev forkastet.").
        for (n, s) in crate::text::sentences(text).into_iter().enumerate() {
            sentences.push((s, *entry && n == 0));
            para_of.push(p);
        }
    }
    // Proposals waiting for their result, a group put in one go answered together.
    let mut open: Vec<Vec<usize>> = Vec::new();
    let mut skip = 0usize;
    for (k, &(sentence, entry)) in sentences.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if let Some(caps) = WITH_RESULT.captures(sentence) {
            // Bounds checked here rather than counted in the pattern, which would
            // blow up its automaton: who put it is short, the proposal not too long.
            let bounded = caps
                .name("what")
                .is_some_and(|w| (3..=200).contains(&w.as_str().chars().count()))
                && caps
                    .name("from")
                    .is_none_or(|f| f.as_str().chars().count() <= 60);
            if let (Some(what), Some(result), true) =
                (caps.name("what"), caps.name("result"), bounded)
            {
                let outcome = match result.as_str().to_lowercase().as_str() {
                    "forkastet" | "afvist" | "nedstemt" => Outcome::Rejected,
                    _ => Outcome::Adopted,
                };
                out.push(recommendation(
                    what.as_str(),
                    minutes.then_some((outcome, OutcomeSource::Stated)),
                ));
                continue;
            }
        }
        let put = put_forward(sentence).or_else(|| stated_proposal(sentence));
        // Under "Indkomne forslag", each listed entry is a proposal.
        let listed = listed_proposals && entry;
        let put = put.or_else(|| listed.then_some(sentence));
        // "b) Forslag fra Hanne Borg om høns" / "Det foreslås, at …": a proposal's title
        // over the words that put it; the words are the proposal.
        let titled = put.is_some()
            && !sentence.trim_end().ends_with(['.', ':'])
            && sentences.get(k + 1).is_some_and(|(next, _)| {
                put_forward(next).is_some() || stated_proposal(next).is_some()
            });
        if titled {
            continue;
        }
        // An agenda records only the proposals it lists to be treated; its case text
        // proposes all the time.
        let put = put.filter(|_| minutes || listed || worded_agenda);
        // "X yrkar bifall till förvaltningens förslag": support for the recommendation,
        // not a motion of its own.
        let put = put.filter(|what| !supports_recommendation(what));
        if let Some(what) = put {
            // "… fremsendt følgende forslag til optagelse på dagsordenen:" / "“Kommunen
            // installerer …”": the proposal is the next paragraph.
            let whats: Vec<Cow<'_, str>> = match sentences.get(k + 1) {
                // "Bestyrelsen foreslog uændret kontingent:" over a table, then "Forslaget
                // blev vedtaget": the proposal is what the sentence says.
                Some((next, _))
                    if what.trim_end().ends_with(':')
                        && what.trim_end().len() > 1
                        && !starts_quote(next)
                        && result_of(next).is_some() =>
                {
                    vec![Cow::Borrowed(what.trim_end().trim_end_matches(':'))]
                }
                // "… fremmet følgende forslag:" / "“Kommunen gir … Fordelene …”": the
                // quoted proposal that follows, up to its closing quote.
                Some((next, _)) if what.trim_end().ends_with(':') && starts_quote(next) => {
                    let (whole, taken) = quoted_from(sentences.get(k + 1..).unwrap_or(&[]));
                    skip = taken;
                    vec![Cow::Owned(whole)]
                }
                Some((next, _)) if what.trim_end().ends_with(':') => {
                    // "… foreslår, at byrådet:" / "At 1) indfører …" / "At 2) finansierer
                    // …": each at-point a proposal of its own.
                    let points: Vec<&str> = sentences
                        .get(k + 1..)
                        .unwrap_or(&[])
                        .iter()
                        .map_while(|(s, _)| without_at(s))
                        .collect();
                    let next_para = para_of.get(k + 1).filter(|&&p| para_of.get(k) != Some(&p));
                    if let (true, Some(&np)) = (points.is_empty(), next_para) {
                        // "… fremmet følgende alternative forslag:" over a paragraph of
                        // its own: the whole paragraph is the proposal.
                        let whole: Vec<&str> = sentences
                            .get(k + 1..)
                            .unwrap_or(&[])
                            .iter()
                            .zip(para_of.get(k + 1..).unwrap_or(&[]))
                            .take_while(|(_, p)| **p == np)
                            .take(8)
                            .map(|((s, _), _)| *s)
                            .collect();
                        skip = whole.len();
                        let text = whole.join(" ");
                        let text = crate::text::strip_list_marker(&text);
                        // "Bestyrelsen foreslår, at § 4 ændres …": the proposal without
                        // who puts it.
                        vec![Cow::Owned(put_forward(text).unwrap_or(text).to_string())]
                    } else if points.is_empty() {
                        skip = 1;
                        // "Bestyrelsen foreslår, at § 4 ændres …": the proposal without
                        // who puts it.
                        let next = put_forward(next).unwrap_or(next);
                        vec![Cow::Borrowed(next.trim_matches(|c: char| {
                            matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '\'')
                        }))]
                    } else {
                        skip = points.len();
                        points.into_iter().map(Cow::Borrowed).collect()
                    }
                }
                // A quoted proposal of several sentences: up to its closing quote.
                _ if opens_quote(what) => {
                    let mut whole = what.to_string();
                    let (rest, taken) = quoted_from(sentences.get(k + 1..).unwrap_or(&[]));
                    if taken > 0 {
                        whole.push(' ');
                        whole.push_str(&rest);
                    }
                    skip = taken;
                    vec![Cow::Owned(whole)]
                }
                // "Forslag: Alberte foreslår, at elevrådet bevilger …": the proposal
                // without who puts it, under the label too.
                _ => vec![Cow::Borrowed(
                    put_forward(what)
                        .filter(|inner| inner.split_whitespace().count() >= 3)
                        .unwrap_or(what),
                )],
            };
            let mut group = Vec::new();
            let amends = is_amendment(sentence);
            let puts_off = is_motion_to_put_off(sentence);
            // "Styrelsens förslag: att …": the recommendation itself, put forward.
            let lead = sentence
                .get(..sentence.len().saturating_sub(what.len()))
                .map(str::to_lowercase);
            // "Styrelsen föreslog att …" puts forward to an assembly what "styrelsens
            // förslag" names (an administration proposing in the case text does not).
            let by_its_owner = lead.as_deref().is_some_and(|lead| {
                lead.split_whitespace()
                    .next()
                    .is_some_and(|who| matches!(who, "styrelsen" | "bestyrelsen" | "styret"))
            });
            let own = by_its_owner
                || lead.as_deref().is_some_and(|lead| {
                    crate::recommendations::last_named_recommendation(lead).is_some()
                });
            // The first words of the sentence: who put the proposal, where a name
            // opens it ("Karsten Holm foreslog", "Dirigenten foreslog").
            let proposer = sentence
                .split_whitespace()
                .next()
                .filter(|w| w.starts_with(char::is_uppercase))
                .map(|_| {
                    sentence
                        .split_whitespace()
                        .take(3)
                        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
                        .collect::<Vec<_>>()
                        .join(" ")
                });
            for what in &whats {
                // A proposal with its result later in the same sentence keeps only itself.
                let (what, same) = split_result(what);
                out.push(recommendation(what, None));
                let at = out.len() - 1;
                if let Some(p) = &proposer {
                    proposers.push((at, p.clone()));
                }
                if amends {
                    amendments.push(at);
                }
                if puts_off {
                    put_off_motions.push(at);
                }
                if own {
                    recommended.push(at);
                }
                match same {
                    Some(r) if minutes => set_result(&mut out, at, r),
                    _ => group.push(at),
                }
            }
            if !group.is_empty() {
                open.push(group);
            }
            continue;
        }
        // A result answers a proposal put before it; with none open it answers nothing.
        if !minutes || open.is_empty() {
            continue;
        }
        // "Forslaget blev med ændringen vedtaget": the proposal was carried as the
        // amendment put to it changed it; the amendment is part of it, not a proposal
        // of its own.
        if carried_as_amended(sentence) && open.iter().flatten().any(|k| amendments.contains(k)) {
            for at in open.drain(..).flatten() {
                if amendments.contains(&at) {
                    absorbed.push(at);
                } else {
                    set_result(&mut out, at, (Outcome::Amended, OutcomeSource::Stated));
                }
            }
            continue;
        }
        let answered = if entry && listed_proposals {
            None
        } else {
            result_of(sentence)
                .or_else(|| {
                    // A short answer right after a listed proposal.
                    (k > 0 && sentence.split_whitespace().count() <= 6)
                        .then(|| answer_of(sentence))
                        .flatten()
                })
                // "Afstemning: 4 for Jonas' forslag, 1 imod.": the count decides.
                .or_else(|| {
                    sentence
                        .starts_with("Afstemning:")
                        .then(|| crate::recommendations::divided_vote(sentence))
                        .flatten()
                        .map(|o| (o, OutcomeSource::Vote))
                })
        };
        // "Innstillingen falt" speaks of the administration's recommendation, not of a
        // member's motion; "Ved alternativ votering mellom innstillingen og forslaget
        // ble innstillingen vedtatt": the motion lost.
        let subject = result_subject(sentence);
        // "… fann att mötet beslutat enligt styrelsens förslag": the recommendation put
        // forward here is carried, the motions set against it are not.
        if let (Some((outcome, source)), Subject::Recommendation { against_motion }) =
            (answered, &subject)
        {
            if open.iter().flatten().any(|k| recommended.contains(k)) {
                let opposite = match outcome {
                    Outcome::Adopted | Outcome::Amended => Some(Outcome::Rejected),
                    Outcome::Rejected => Some(Outcome::Adopted),
                    _ => None,
                };
                for at in open.drain(..).flatten() {
                    if recommended.contains(&at) {
                        set_result(&mut out, at, (outcome, source));
                    } else if let Some(o) = opposite.filter(|_| *against_motion) {
                        set_result(&mut out, at, (o, source));
                    }
                }
                continue;
            }
        }
        let answered = match (answered, subject) {
            (
                Some(_),
                Subject::Recommendation {
                    against_motion: false,
                },
            ) => None,
            (
                Some((outcome, source)),
                Subject::Recommendation {
                    against_motion: true,
                },
            ) => match outcome {
                Outcome::Adopted | Outcome::Amended => Some((Outcome::Rejected, source)),
                Outcome::Rejected => Some((Outcome::Adopted, source)),
                _ => None,
            },
            (answered, _) => answered,
        };
        if let Some(r) = answered {
            // "Ændringsforslaget blev vedtaget" answers the amendment, not the proposal
            // it amends, which was put first; "Dirigentens forslag blev vedtaget" the
            // proposal the chair put.
            // "Dirigenten satte ændringsforslaget til afstemning. Det blev forkastet":
            // a result said of "det" is said of what the sentence before named.
            let refers_back = ["Det ", "Dette ", "Den ", "Detta "]
                .iter()
                .any(|w| sentence.starts_with(w));
            let names_amendment = is_amendment(sentence)
                || (refers_back
                    && k > 0
                    && sentences
                        .get(k - 1)
                        .is_some_and(|(before, _)| is_amendment(before)));
            let by_proposer = whose_proposal(sentence).and_then(|who| {
                open.iter().position(|g| {
                    g.iter().any(|k| {
                        proposers
                            .iter()
                            .any(|(at, p)| at == k && p.split(' ').any(|w| w == who))
                    })
                })
            });
            // "Utsettelsesforslaget ble vedtatt": the motion to put the case off.
            let by_kind = is_motion_to_put_off(sentence)
                .then(|| {
                    open.iter()
                        .rposition(|g| g.iter().any(|k| put_off_motions.contains(k)))
                })
                .flatten();
            let slot = by_proposer.or(by_kind).unwrap_or_else(|| {
                open.iter()
                    .rposition(|g| g.iter().any(|k| amendments.contains(k)))
                    .filter(|_| names_amendment)
                    .unwrap_or(0)
            });
            let group = open.remove(slot);
            // A motion to send the case back, carried, puts off the proposals before it.
            let sends_back = group.iter().any(|&k| {
                put_off_motions.contains(&k) || out.get(k).is_some_and(|p| sends_back(&p.text))
            });
            if sends_back && matches!(r.0, Outcome::Adopted) {
                for at in open.drain(..slot.min(open.len())).flatten() {
                    set_result(&mut out, at, (Outcome::Postponed, r.1));
                }
            }
            for at in group {
                set_result(&mut out, at, r);
            }
        }
    }
    let amendment_adopted = amendments
        .iter()
        .any(|&k| out.get(k).is_some_and(|r| r.outcome == Outcome::Adopted));
    if amendment_adopted && minutes {
        // The proposals the adopted amendment changed were carried in its form.
        for (k, r) in out.iter_mut().enumerate() {
            if !amendments.contains(&k)
                && matches!(r.outcome, Outcome::Adopted | Outcome::Unresolved)
            {
                r.outcome = Outcome::Amended;
                r.outcome_source.get_or_insert(OutcomeSource::Stated);
            }
        }
    }
    // Proposals no result answered: discussion, unless they were listed to be treated.
    let recommendations = out
        .into_iter()
        .enumerate()
        .filter(|(k, r)| {
            let undecided = r.outcome == Outcome::Unresolved && minutes && !listed_proposals;
            !(absorbed.contains(k) || undecided)
        })
        .map(|(_, r)| r)
        .collect();
    Proposals {
        recommendations,
        amendment_adopted,
    }
}

/// What a sentence stating a result speaks of.
enum Subject {
    /// The administration's recommendation (`Innstillingen falt`), and whether the
    /// sentence sets it against a motion (`… mellom innstillingen og forslaget …`).
    Recommendation { against_motion: bool },
    /// A motion, or nothing named.
    Motion,
}

/// Whether the result in a sentence is the recommendation's: the one named last before
/// the result is what it is said of.
fn result_subject(sentence: &str) -> Subject {
    let Some(m) = RESULT.find(sentence) else {
        return Subject::Motion;
    };
    // "… och finner att nämnden beslutar enligt förvaltningens förslag": what the
    // decision follows is named after it.
    if m.as_str().trim_end().ends_with("enligt") {
        let after = sentence.get(m.end()..).unwrap_or("").to_lowercase();
        let before = sentence.get(..m.start()).unwrap_or("").to_lowercase();
        return if crate::recommendations::last_named_recommendation(&after).is_some_and(|p| p < 4) {
            Subject::Recommendation {
                against_motion: crate::recommendations::last_named_motion(&before).is_some()
                    || before.contains("mot "),
            }
        } else {
            Subject::Motion
        };
    }
    let lower = sentence.get(..m.end()).unwrap_or(sentence).to_lowercase();
    let recommendation = crate::recommendations::last_named_recommendation(&lower);
    let motion = crate::recommendations::last_named_motion(&lower);
    match (recommendation, motion) {
        (Some(r), m) if m.is_none_or(|m| r > m) => Subject::Recommendation {
            against_motion: m.is_some() && sets_against(&lower),
        },
        _ => Subject::Motion,
    }
}

/// Whether a motion only supports the recommendation (`bifall till förvaltningens
/// förslag`).
fn supports_recommendation(what: &str) -> bool {
    let lower = what.trim().to_lowercase();
    // "Styrelsen yrkade bifall." / "… yrkade avslag.": a position, nothing proposed.
    if matches!(lower.trim_end_matches('.'), "bifall" | "avslag") {
        return true;
    }
    // "Styrelsen föreslog avslag eftersom …": a position on the motion, with its reason.
    if ["avslag ", "bifall ", "afslag ", "afvisning ", "avvisning "]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        return true;
    }
    // "Styrelsen föreslog i sitt yttrande att motionen skulle avslås …", "… at
    // forslaget forkastes": what to do with the motion, not a proposal of its own.
    static ON_THE_MOTION: Cue = Cue::new(
        &["avslå", "bifall", "forkast", "afvis", "avvis"],
        r"(?i)\b(?:motionen|motionerna|forslaget|förslaget|yrkandet)\s+(?:skulle\s+|ska\s+|skal\s+|bør\s+|bör\s+)?(?:avslås|bifallas|forkastes|afvises|avvises)\b",
    );
    if ON_THE_MOTION.is_match(&lower) {
        return true;
    }
    // "bifall till förvaltningens förslag", also after "att ärendet ska avgöras i dag
    // och".
    lower.match_indices("bifall till ").any(|(at, w)| {
        lower.get(at + w.len()..).is_some_and(|rest| {
            crate::recommendations::last_named_recommendation(rest).is_some_and(|p| p == 0)
        })
    })
}

/// Whether a sentence puts two proposals against each other (`Ved alternativ votering
/// mellom innstillingen og forslaget …`), rather than carrying them together
/// (`Innstillingen med tilleggsforslaget ble vedtatt`).
fn sets_against(lower: &str) -> bool {
    ["mellom ", "mellem ", "alternativ", "over for ", "overfor "]
        .iter()
        .any(|w| lower.contains(w))
}

/// What a sentence that states a result says of the recommendation put to the forum:
/// its own result, or the opposite of a motion's that was put against it.
pub(crate) fn said_of_recommendation(sentence: &str) -> Option<Outcome> {
    let (outcome, _) = result_of(sentence)?;
    match result_subject(sentence) {
        Subject::Recommendation { .. } => Some(outcome),
        Subject::Motion => {
            let lower = sentence.to_lowercase();
            let named = crate::recommendations::last_named_recommendation(&lower).is_some();
            match outcome {
                Outcome::Adopted | Outcome::Amended if named && sets_against(&lower) => {
                    Some(Outcome::Rejected)
                }
                Outcome::Rejected if named && sets_against(&lower) => Some(Outcome::Adopted),
                _ => None,
            }
        }
    }
}

/// A point that opens with "at" (`at …`, `At 1) …`, `att b) …`), without it.
fn without_at(sentence: &str) -> Option<&str> {
    let s = sentence.trim_start();
    let rest = ["at ", "At ", "AT ", "att ", "Att "]
        .iter()
        .find_map(|w| s.strip_prefix(w))?
        .trim_start();
    // An optional number or letter: "1)", "a)".
    let marker = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&n| n <= 2)
        .filter(|&n| rest.get(n..).is_some_and(|r| r.starts_with(") ")));
    let rest = match marker {
        Some(n) => rest.get(n + 1..).unwrap_or(rest).trim_start(),
        None => rest,
    };
    (rest.split_whitespace().count() >= 2).then_some(rest)
}

/// The sentences up to the one that closes a quotation (at most eight), joined, and
/// how many they are. The first may open the quotation itself.
fn quoted_from(sentences: &[(&str, bool)]) -> (String, usize) {
    let mut whole = String::new();
    let mut taken = 0;
    for (k, (next, _)) in sentences.iter().take(8).enumerate() {
        if !whole.is_empty() {
            whole.push(' ');
        }
        whole.push_str(next);
        taken += 1;
        let body = if k == 0 {
            next.trim_start().trim_start_matches(OPENING_QUOTES)
        } else {
            next
        };
        if body.contains(['"', '”', '»']) {
            break;
        }
    }
    (whole, taken)
}

fn starts_quote(sentence: &str) -> bool {
    sentence.trim_start().starts_with(OPENING_QUOTES)
}

/// Whether a proposal opens a quotation that a later sentence closes.
fn opens_quote(what: &str) -> bool {
    let t = what.trim_start();
    let Some(rest) = t.strip_prefix(OPENING_QUOTES) else {
        return false;
    };
    !rest.contains(CLOSING_QUOTES)
}

/// Who a result names as having put the proposal: "Dirigentens forslag blev vedtaget"
/// → "dirigenten", "Karsten Holms forslag" → "holm", "Beslutning: Pias forslag" →
/// "pia" (a word to find among the first words of the sentence that put it).
fn whose_proposal(sentence: &str) -> Option<String> {
    let lower = sentence.to_lowercase();
    let at = lower
        .find("s forslag ")
        .or_else(|| lower.find("s förslag "))?;
    let owner = lower.get(..at)?.split_whitespace().last()?.to_string();
    // A recommendation's own names ("Bestyrelsens forslag") say nothing of a proposer
    // here unless a proposal was put by that word.
    (!owner.is_empty() && owner.chars().all(char::is_alphabetic)).then_some(owner)
}

/// A motion put to defer the case: `fremmet utsettelsesforslag`, `stillede forslag om
/// udsættelse`, `yrkade återremiss`.
fn is_motion_to_put_off(sentence: &str) -> bool {
    says_any(
        sentence,
        &[
            "utsettelsesforslag",
            "udsættelsesforslag",
            "forslag om utsettelse",
            "forslag om udsættelse",
            "återremiss",
        ],
    )
}

/// A proposal to put the case off: `at forslaget sendes tilbage til bestyrelsen`,
/// `sagen udsættes`.
fn sends_back(proposal: &str) -> bool {
    says_any(
        proposal,
        &[
            "sendes tilbage",
            "udsættes",
            "utsettes",
            "återremitteras",
            "sendes til fornyet",
        ],
    )
}

/// `Forslaget blev med ændringen vedtaget`, `Forslaget ble med endringene vedtatt`.
fn carried_as_amended(sentence: &str) -> bool {
    static CARRIED: Cue = Cue::new(
        &["ændring", "endring", "ändring"],
        r"(?i)\bforslaget\s+(?:blev|ble|blev\s+herefter|ble\s+deretter)\s+med\s+(?:den\s+|de\s+)?(?:ændringen|ændringerne|ændring|endringen|endringene|ändringen|ändringarna)\s+(?:vedtaget|vedtatt|godkendt|godkjent|antaget|bifallet)\b",
    );
    CARRIED.is_match(sentence)
}

/// Whether a text has one of the words, in any case.
fn says_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// Whether a sentence speaks of an amendment to another proposal.
fn is_amendment(sentence: &str) -> bool {
    says_any(
        sentence,
        &[
            "tilleggsforslag",
            "tillægsforslag",
            "ændringsforslag",
            "endringsforslag",
            "tilläggsförslag",
            "ändringsförslag",
            "tilläggsyrkande",
            "yrkade på tillägget",
            "yrkar på tillägget",
        ],
    )
}

fn set_result(out: &mut [Recommendation], at: usize, (outcome, source): (Outcome, OutcomeSource)) {
    if let Some(r) = out.get_mut(at) {
        r.outcome = outcome;
        r.outcome_source = Some(source);
    }
}

/// "… til 65.000 kr. Forslaget blev vedtaget": the proposal, and a result stated in
/// the same stretch of text after it.
fn split_result(what: &str) -> (&str, Option<(Outcome, OutcomeSource)>) {
    if let Some(m) = RESULT.find(what) {
        // The result belongs to a sentence of its own; the proposal ends before it.
        let head = what.get(..m.start()).unwrap_or(what);
        if let Some(end) = head.rfind(". ") {
            let proposal = head.get(..=end).unwrap_or(head);
            let rest = what.get(end + 1..).unwrap_or("");
            return (proposal, result_of(rest));
        }
    }
    (what, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(title: &str, paras: &[(&str, bool)], minutes: bool) -> Vec<(String, Outcome)> {
        proposals(title, paras, minutes, false)
            .recommendations
            .into_iter()
            .map(|r| (r.text, r.outcome))
            .collect()
    }

    #[test]
    fn a_board_for_rejecting_a_motion_proposes_nothing_of_its_own() {
        let found = texts(
            "Motioner",
            &[
                (
                    "Motion 1 från Karin Ek: att föreningen installerar laddboxar.",
                    false,
                ),
                (
                    "Styrelsen föreslog i sitt yttrande att motionen skulle avslås med \
                     hänvisning till kostnaden.",
                    false,
                ),
                ("Stämman beslutade att avslå motionen.", false),
            ],
            true,
        );
        assert_eq!(
            found,
            [(
                "föreningen installerar laddboxar.".to_string(),
                Outcome::Rejected
            )]
        );
    }

    #[test]
    fn a_proposal_received_from_someone_about_something() {
        assert_eq!(
            texts(
                "Forslag",
                &[
                    (
                        "Der var indkommet ét forslag fra Per Holm, st. tv., om etablering af \
                         cykelstativer i gården.",
                        false
                    ),
                    ("Forslaget blev forkastet.", false),
                ],
                true
            ),
            [(
                "etablering af cykelstativer i gården.".to_string(),
                Outcome::Rejected
            )]
        );
        assert_eq!(
            texts(
                "Sommarens program",
                &[(
                    "Förslag från Eva att höja entrén till 50 kr. Förslaget avslogs.",
                    false
                )],
                true
            ),
            [("höja entrén till 50 kr.".to_string(), Outcome::Rejected)]
        );
    }

    #[test]
    fn a_proposals_title_over_its_words() {
        assert_eq!(
            texts(
                "Indkomne forslag",
                &[
                    ("b) Forslag fra Hanne Borg, nr. 14, om høns i haverne", true),
                    ("Det foreslås, at det bliver tilladt at holde høns.", false),
                    (
                        "Forslaget blev forkastet med 21 stemmer for og 44 imod.",
                        false
                    ),
                    ("c) Forslag fra Omar Haddad om hundehold", true),
                    ("Det foreslås, at husdyrreglementet ændres.", false),
                    (
                        "Afdelingsbestyrelsen stillede et ændringsforslag om, at hunde føres i snor.",
                        false
                    ),
                    (
                        "Forslaget blev med ændringen vedtaget med 38 stemmer for og 27 imod.",
                        false
                    ),
                ],
                true
            ),
            [
                (
                    "det bliver tilladt at holde høns.".to_string(),
                    Outcome::Rejected
                ),
                ("husdyrreglementet ændres.".to_string(), Outcome::Amended),
            ]
        );
    }

    #[test]
    fn a_result_names_whose_proposal_it_answers() {
        assert_eq!(
            texts(
                "Indkomne forslag",
                &[
                    ("Karsten Holm foreslog, at klubben køber en ny båd.", false),
                    (
                        "Dirigenten foreslog herefter, at forslaget sendes tilbage til bestyrelsen.",
                        false
                    ),
                    (
                        "Dirigentens forslag blev vedtaget med stort flertal.",
                        false
                    ),
                    ("Nina Skov foreslog, at pensionister får rabat.", false),
                    (
                        "Forslaget blev forkastet med 9 stemmer for og 23 imod.",
                        false
                    ),
                ],
                true
            ),
            [
                ("klubben køber en ny båd.".to_string(), Outcome::Postponed),
                (
                    "forslaget sendes tilbage til bestyrelsen.".to_string(),
                    Outcome::Adopted
                ),
                ("pensionister får rabat.".to_string(), Outcome::Rejected),
            ]
        );
    }

    #[test]
    fn a_norwegian_recommendation_carried_after_a_motion_fell() {
        let s = "Forslaget til vedtak ble deretter vedtatt mot 1 stemme.";
        assert_eq!(said_of_recommendation(s), Some(Outcome::Adopted));
    }

    #[test]
    fn results_name_their_proposers() {
        assert_eq!(
            texts(
                "Juletræ",
                &[
                    ("Lotte foreslog, at vi køber et juletræ.", false),
                    ("Pia foreslog i stedet at bruge grantræet.", false),
                    ("Beslutning: Pias forslag blev vedtaget.", false),
                    ("Lottes forslag blev forkastet med 2 mod 3 stemmer.", false),
                ],
                true
            ),
            [
                ("vi køber et juletræ.".to_string(), Outcome::Rejected),
                ("bruge grantræet.".to_string(), Outcome::Adopted),
            ]
        );
    }

    #[test]
    fn a_motion_to_put_off_carried() {
        assert_eq!(
            texts(
                "Innkomne forslag",
                &[
                    ("Forslag: Isobar arrangerer hyttetur i september.", false),
                    (
                        "Emil Brekke fremmet utsettelsesforslag: Saken sendes til det nye styret.",
                        false
                    ),
                    ("Utsettelsesforslaget ble vedtatt.", false),
                    ("Forslaget om hyttetur er dermed utsatt.", false),
                ],
                true
            ),
            [
                (
                    "Isobar arrangerer hyttetur i september.".to_string(),
                    Outcome::Postponed
                ),
                (
                    "Saken sendes til det nye styret.".to_string(),
                    Outcome::Adopted
                ),
            ]
        );
    }

    #[test]
    fn a_verb_with_one_word_puts_nothing_forward() {
        // "… foreslår præciseret." names no proposal, and a later "vedtaget" does not
        // answer one.
        assert_eq!(
            texts(
                "Delegationsplan, opdatering",
                &[
                    ("Anbefales.", false),
                    (
                        "Ændringsforslagene følger af tidligere beslutninger og forhold, som administrationen foreslår præciseret.",
                        false
                    ),
                    (
                        "Planen lægges på kommunens hjemmeside, når den er vedtaget endelig i Byrådet.",
                        false
                    ),
                ],
                true
            ),
            []
        );
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
        assert_eq!(
            texts(
                "Ny boring",
                &[(
                    "Poul foreslog, at vi vælger tilbuddet fra Brøndboreren på 86.000 kr. ekskl. moms. Det blev vedtaget. Tilladelsen kommer i oktober.",
                    false
                )],
                true
            ),
            [(
                "vi vælger tilbuddet fra Brøndboreren på 86.000 kr. ekskl. moms.".to_string(),
                Outcome::Adopted
            )]
        );
        // A result that opens its sentence, and one said of the proposal by the forum.
        assert_eq!(
            texts(
                "Makerspace for unge",
                &[
                    (
                        "Forslag: Foreningen indgår en etårig aftale med kommunen.",
                        false
                    ),
                    ("Forkastet med 2 stemmer for og 3 imod.", false),
                ],
                true
            ),
            [(
                "Foreningen indgår en etårig aftale med kommunen.".to_string(),
                Outcome::Rejected
            )]
        );
        assert_eq!(
            texts(
                "Ny inrigger",
                &[
                    ("Forslag: Køb af brugt inrigger for 168.000 kr.", false),
                    (
                        "Bestyrelsen godkendte forslaget med den tilføjelse, at båden skal synes først.",
                        false
                    ),
                ],
                true
            ),
            [(
                "Køb af brugt inrigger for 168.000 kr.".to_string(),
                Outcome::Amended
            )]
        );
    }

    #[test]
    fn numbered_proposals_and_their_votes() {
        assert_eq!(
            texts(
                "Indkomne forslag",
                &[
                    (
                        "Forslag 1 fra bestyrelsen: Vejfonden forhøjes fra 300 til 450 kr.",
                        false
                    ),
                    (
                        "Forslaget blev vedtaget med 23 stemmer for og 4 imod.",
                        false
                    ),
                    (
                        "Forslag 2 fra Lars Berg: Der etableres fartbump ud for nr. 9-15.",
                        false
                    ),
                    ("Forslaget blev forkastet ved håndsoprækning.", false),
                ],
                true
            ),
            [
                (
                    "Vejfonden forhøjes fra 300 til 450 kr.".to_string(),
                    Outcome::Adopted
                ),
                (
                    "Der etableres fartbump ud for nr. 9-15.".to_string(),
                    Outcome::Rejected
                )
            ]
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
        // Minutes that give the topic no answer discussed it.
        assert!(
            texts(
                "Forslag om mobilfri skole",
                &[("Ledelsen fremlagde sagen, og elevrådet er hørt.", false)],
                true
            )
            .is_empty()
        );
        assert_eq!(
            texts(
                "Behandling af indkomne forslag",
                &[("Justering af takstblad.", true)],
                false
            ),
            [("Justering af takstblad.".to_string(), Outcome::Unresolved)]
        );
    }

    #[test]
    fn motions_beside_the_recommendation() {
        // The motion quoted in the paragraph after its lead; the recommendation falls.
        assert_eq!(
            texts(
                "Søknad om dispensasjon",
                &[
                    ("Ola Fjeld (BL) fremmet følgende forslag:", false),
                    ("\"Kommunen gir dispensasjon. Fordelene er større.\"", false),
                    (
                        "Forslaget fra Ola Fjeld ble vedtatt med 9 mot 7 stemmer. Innstillingen falt.",
                        false
                    ),
                ],
                true
            ),
            [(
                "Kommunen gir dispensasjon. Fordelene er større.".to_string(),
                Outcome::Adopted
            )]
        );
        // Put against the recommendation, which was carried: the motion lost.
        assert_eq!(
            texts(
                "Budsjett 2025",
                &[
                    ("Hanne Bjørk (FL) fremmet følgende forslag:", false),
                    ("\"Skatten settes til 2,5 promille.\"", false),
                    ("Innstillingens punkt 1 og 2 ble enstemmig vedtatt.", false),
                    (
                        "Ved alternativ votering mellom innstillingens punkt 3 og forslaget fra FL ble innstillingen vedtatt med 11 mot 6 stemmer.",
                        false
                    ),
                ],
                true
            ),
            [(
                "Skatten settes til 2,5 promille.".to_string(),
                Outcome::Rejected
            )]
        );
        // A motion over a paragraph of its own, set against the recommendation by name.
        assert_eq!(
            texts(
                "Søknad om dispensasjon",
                &[
                    (
                        "Torbjørn Haugen (FRP) fremmet følgende alternative forslag:",
                        false
                    ),
                    (
                        "Utvalget innvilger søknaden. Fordelene er større enn ulempene.",
                        false
                    ),
                    (
                        "Ved alternativ votering mellom kommunedirektørens forslag og forslaget fra Torbjørn Haugen (FRP) ble forslaget fra Torbjørn Haugen vedtatt med 4 mot 3 stemmer.",
                        false
                    ),
                ],
                true
            ),
            [(
                "Utvalget innvilger søknaden. Fordelene er større enn ulempene.".to_string(),
                Outcome::Adopted
            )]
        );
        assert_eq!(
            said_of_recommendation(
                "Ved alternativ votering mellom kommunedirektørens forslag og forslaget fra Torbjørn Haugen (FRP) ble forslaget fra Torbjørn Haugen vedtatt med 4 mot 3 stemmer."
            ),
            Some(Outcome::Rejected)
        );
        assert_eq!(
            said_of_recommendation(
                "Kommunedirektørens forslag med endringsforslaget fra Per Lie ble enstemmig vedtatt."
            ),
            None
        );
        // A motion to put the case off, quoted: the quote is the motion.
        assert_eq!(
            texts(
                "Reglement",
                &[
                    ("Tor Moe fremmet forslag om utsettelse:", false),
                    ("\"Saken utsettes til neste møte.\"", false),
                    (
                        "Utsettelsesforslaget ble vedtatt med 10 mot 7 stemmer.",
                        false
                    ),
                ],
                true
            ),
            [(
                "Saken utsettes til neste møte.".to_string(),
                Outcome::Adopted
            )]
        );
    }

    #[test]
    fn swedish_motions_and_the_order_of_propositions() {
        assert_eq!(
            texts(
                "Reglemente för skolskjuts",
                &[
                    (
                        "Ordförande Anna Lind (S) yrkar bifall till förvaltningens förslag.",
                        false
                    ),
                    (
                        "Sven Nyqvist (SD) yrkar att gränsen ska vara 3 kilometer.",
                        false
                    ),
                    (
                        "Ordföranden ställer proposition på förvaltningens förslag mot Sven Nyqvists (SD) ändringsyrkande och finner att nämnden beslutar enligt förvaltningens förslag.",
                        false
                    ),
                ],
                true
            ),
            [(
                "gränsen ska vara 3 kilometer.".to_string(),
                Outcome::Rejected
            )]
        );
        assert_eq!(
            texts(
                "Förstudie",
                &[
                    (
                        "Tomas Berg (M) yrkar att ärendet återremitteras till förvaltningen.",
                        false
                    ),
                    (
                        "Ordföranden ställer proposition på om ärendet ska avgöras i dag eller återremitteras och finner att nämnden beslutar att återremittera ärendet.",
                        false
                    ),
                ],
                true
            ),
            [(
                "ärendet återremitteras till förvaltningen.".to_string(),
                Outcome::Adopted
            )]
        );
        // The board's proposal under its own name, a motion against it, and the
        // decision for the board's.
        assert_eq!(
            texts(
                "Arvoden",
                &[
                    (
                        "Styrelsens förslag: att arvodet är oförändrat 3 000 kronor per år.",
                        false
                    ),
                    (
                        "Erik Sund yrkade att arvodena höjs till 4 000 kronor.",
                        false
                    ),
                    (
                        "Mötesordföranden ställde förslagen mot varandra och fann att mötet beslutat enligt styrelsens förslag.",
                        false
                    ),
                ],
                true
            ),
            [
                (
                    "arvodet är oförändrat 3 000 kronor per år.".to_string(),
                    Outcome::Adopted
                ),
                (
                    "arvodena höjs till 4 000 kronor.".to_string(),
                    Outcome::Rejected
                )
            ]
        );
        // The board's position is no motion.
        assert!(
            texts(
                "Motioner",
                &[(
                    "Styrelsen yrkade avslag. Årsmötet beslutade att avslå motionen.",
                    false
                )],
                true
            )
            .is_empty()
        );
    }

    #[test]
    fn a_passive_lead_is_no_proposal() {
        // "Styrelsen föreslås besluta" is the recommendation's lead, not a proposal.
        assert!(
            texts(
                "Stambyte",
                &[("Styrelsen föreslås besluta att anta anbudet.", false)],
                true
            )
            .is_empty()
        );
    }

    #[test]
    fn results_not_carried_and_put_off() {
        assert_eq!(
            result_of("Forslaget blev dermed ikke vedtaget.").map(|r| r.0),
            Some(Outcome::Rejected)
        );
        assert_eq!(
            result_of("Udsat til næste møde, da tilbuddet mangler.").map(|r| r.0),
            Some(Outcome::Postponed)
        );
        assert_eq!(
            result_of("Motionen bifölls.").map(|r| r.0),
            Some(Outcome::Adopted)
        );
        assert_eq!(
            result_of("Efter diskussion beslöt mötet att återremittera motionen till styrelsen.")
                .map(|r| r.0),
            Some(Outcome::Postponed)
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
                "Valg til bestyrelsen",
                &[("Bestyrelsen foreslår Jens Holm, som vælges.", false)],
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

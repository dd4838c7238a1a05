//! An agenda item's text read into its parts: sections at its sub-headings, the
//! decision, the recommendations and their outcomes, presenters and attachments.
//!
//! Where a referat has no decision heading, the item's own text is its minutes; where
//! the text has sub-headings of its own (`#### Økonomi:`), the minutes keep them as
//! paragraphs. A heading naming another forum's decision on another day is case history,
//! not this meeting's decision.

use std::collections::HashSet;

use referat_model::{AgendaItem, Attachment, Kind, Recommendation, Section, SourceLines};

use crate::document::Document;
use crate::headings::{self, SectionRole};
use crate::layout::{self, Para, ParaKind};
use crate::names;
use crate::outline::ItemHeading;
use crate::presenters;
use crate::proposals;
use crate::recommendations;
use crate::text::{self, Line, LineKind};
use crate::titles;

/// One section of an item while it is being read.
pub(crate) struct SectionText {
    pub heading: Option<String>,
    /// The heading line as written (`Økonomi:`), for minutes that keep it.
    pub heading_line: Option<String>,
    pub role: SectionRole,
    pub paras: Vec<Para>,
}

/// An item's text: its sections, and its minutes where the document keeps them apart.
pub(crate) struct ItemText {
    pub sections: Vec<SectionText>,
    pub minutes: Option<Vec<Para>>,
}

impl SectionText {
    /// Text before any sub-heading.
    fn untitled() -> SectionText {
        SectionText {
            heading: None,
            heading_line: None,
            role: SectionRole::Other,
            paras: Vec::new(),
        }
    }
}

impl ItemText {
    /// Every paragraph of the item: its sections', then its minutes'.
    pub fn paras(&self) -> impl Iterator<Item = &Para> {
        self.sections
            .iter()
            .flat_map(|s| &s.paras)
            .chain(self.minutes.iter().flatten())
    }

    pub fn has_decision(&self) -> bool {
        self.minutes.as_ref().is_some_and(|m| !m.is_empty())
            || self
                .sections
                .iter()
                .any(|s| s.role == SectionRole::Decision && !s.paras.is_empty())
    }

    /// Whether the item's decision says what became of the case (`Godkendt.`), as a
    /// decision proposed in an agenda (`Byrådet beslutter at …`) does not.
    pub fn states_outcome(&self) -> bool {
        let decision: Vec<&str> = self
            .minutes
            .iter()
            .flatten()
            .chain(
                self.sections
                    .iter()
                    .filter(|s| s.role == SectionRole::Decision)
                    .flat_map(|s| &s.paras),
            )
            .map(|p| p.text.as_str())
            .collect();
        !decision.is_empty() && recommendations::states_outcome(&decision.join(" "))
    }

    /// Text of its own with no sub-headings: how minutes without headings read.
    pub fn is_prose(&self) -> bool {
        !self.sections.is_empty()
            && self.sections.iter().all(|s| {
                s.role == SectionRole::Other
                    && headings::known(s.heading.as_deref().unwrap_or("")).is_none()
            })
            && self.sections.iter().any(|s| !s.paras.is_empty())
    }
}

/// Reads the text of an item. `extra` are lines to take as sub-headings (the groups of
/// a participant list); `meeting_date` tells this meeting's decision heading from an
/// earlier one's.
pub(crate) fn read(
    doc: &Document<'_>,
    h: &ItemHeading,
    extra: &HashSet<usize>,
    meeting_date: Option<jiff::civil::Date>,
) -> ItemText {
    let mut sections = sections(doc, (h.body_start, h.body_end), extra, meeting_date);
    if let Some((rest, line)) = &h.inline_text {
        let para = Para {
            text: rest.clone(),
            kind: ParaKind::Text,
            first: *line,
            last: *line,
            lines: (0, 0),
            indent: 0,
            link: None,
        };
        match sections.first_mut() {
            Some(first) if first.heading.is_none() => first.paras.insert(0, para),
            _ => sections.insert(
                0,
                SectionText {
                    heading: None,
                    heading_line: None,
                    role: SectionRole::Other,
                    paras: vec![para],
                },
            ),
        }
    }
    // A table of items: the cells beside the title, each a section under its column's
    // header, a line of the cell a paragraph.
    for (heading, text, line) in &h.cells {
        let paras = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Para {
                text: l.to_string(),
                kind: ParaKind::Text,
                first: *line,
                last: *line,
                lines: (0, 0),
                indent: 0,
                link: None,
            })
            .collect();
        let role = heading
            .as_deref()
            .map_or(SectionRole::Other, headings::role);
        sections.push(SectionText {
            heading: heading.clone(),
            heading_line: heading.clone(),
            role,
            paras,
        });
    }
    let minutes = h.minutes.map(|(from, to)| {
        layout::paragraphs(
            doc.lines.get(from..to.max(from)).unwrap_or(&[]),
            &doc.layout,
            &doc.vocab,
        )
    });
    ItemText { sections, minutes }
}

/// Whether a line heads a section of an item.
fn sub_heading(line: &Line, idx: usize, extra: &HashSet<usize>) -> Option<SectionRole> {
    if extra.contains(&idx) {
        return Some(headings::role(&line.text));
    }
    match line.kind {
        LineKind::Heading(_) if !headings::is_caption(&line.text) => {
            Some(headings::role(&line.text))
        }
        LineKind::Bold => {
            let words = line.text.split_whitespace().count();
            let sentence = line.text.ends_with('.') && headings::known(&line.text).is_none();
            // "**Det indstilles, at styregruppen:**" heads the points below it.
            if recommendations::is_lead_in(&line.text) {
                return Some(SectionRole::Recommendation);
            }
            (!headings::is_caption(&line.text) && words <= 16 && !sentence)
                .then(|| headings::role(&line.text))
        }
        // A plain line is a heading only when it is capitalised like one ("Bilag:",
        // not the "indhold." that ends a wrapped sentence).
        LineKind::Text if line.text.starts_with(char::is_uppercase) => headings::known(&line.text),
        _ => None,
    }
}

/// `Beslutning: Godkendt.` — a heading and its text on one line; also `- Bilag 1:
/// Årsrapport` as an entry of a list.
fn inline_heading(line: &Line) -> Option<(String, SectionRole, String)> {
    if !matches!(line.kind, LineKind::Text | LineKind::Bullet) {
        return None;
    }
    let (head, rest) = line.text.split_once(": ")?;
    let role = headings::known(head)?;
    if line.kind == LineKind::Bullet && role != SectionRole::Attachments {
        return None;
    }
    if role == SectionRole::Other || rest.trim().is_empty() {
        return None;
    }
    Some((headings::display(head), role, rest.trim().to_string()))
}

/// A decision heading dated another day than the meeting is an earlier treatment.
fn role_on(
    role: SectionRole,
    heading: &str,
    meeting_date: Option<jiff::civil::Date>,
) -> SectionRole {
    if role != SectionRole::Decision {
        return role;
    }
    let dated = crate::dates::first_full_date(heading).and_then(|d| d.date());
    match (dated, meeting_date) {
        (Some(d), Some(m)) if d != m => SectionRole::Other,
        _ => role,
    }
}

fn sections(
    doc: &Document<'_>,
    range: (usize, usize),
    extra: &HashSet<usize>,
    meeting_date: Option<jiff::civil::Date>,
) -> Vec<SectionText> {
    let lines = &doc.lines;
    let mut out: Vec<SectionText> = Vec::new();
    let mut start = range.0;
    let mut current = SectionText::untitled();
    let finish = |cur: &mut SectionText, from: usize, to: usize, out: &mut Vec<SectionText>| {
        let mut paras = std::mem::take(&mut cur.paras);
        let mut rest =
            layout::paragraphs(lines.get(from..to).unwrap_or(&[]), &doc.layout, &doc.vocab);
        // "Indstilling    Forvaltningen indstiller, at rådet drøfter tegningerne" / "og
        // afgiver bemærkninger.": the text on the heading's line goes on below it.
        if let (Some(seed), Some(next)) = (paras.last_mut(), rest.first()) {
            // "… tilbudet fra Elkontakt AS på" / "186 000 kr inkl. mva.": an amount goes
            // on too, a list's number does not.
            let goes_on = next.text.starts_with(char::is_lowercase) || {
                let digits = next.text.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0 && next.text.get(digits..).is_some_and(|r| r.starts_with(' '))
            };
            if next.kind == ParaKind::Text && goes_on && !seed.text.ends_with(['.', ':', '!', '?'])
            {
                layout::join_line(&mut seed.text, &next.text, &doc.vocab);
                seed.last = next.last;
                rest.remove(0);
            }
        }
        paras.extend(rest);
        // An empty "did not take part" label says nothing.
        let empty_label = cur.role == SectionRole::NotTakingPart && paras.is_empty();
        if (cur.heading.is_some() || !paras.is_empty()) && !empty_label {
            out.push(SectionText {
                heading: cur.heading.take(),
                heading_line: cur.heading_line.take(),
                role: cur.role,
                paras,
            });
        }
    };
    for i in range.0..range.1 {
        let Some(line) = lines.get(i) else { break };
        // A lettered sub-point ("c. Konference …") after an attachment list is the
        // item's text again, not an attachment.
        if current.role == SectionRole::Attachments && matches!(line.kind, LineKind::Lettered(_)) {
            finish(&mut current, start, i, &mut out);
            current = SectionText::untitled();
            start = i;
            continue;
        }
        if let Some(role) = sub_heading(line, i, extra) {
            finish(&mut current, start, i, &mut out);
            current = SectionText {
                heading: Some(headings::display(&line.text)),
                heading_line: Some(line.text.clone()),
                role: role_on(role, &line.text, meeting_date),
                paras: Vec::new(),
            };
            start = i + 1;
        } else if let Some((heading, role, rest)) = inline_heading(line)
            // An entry of an attachment list stays in it.
            .filter(|_| {
                !(line.kind == LineKind::Bullet && current.role == SectionRole::Attachments)
            })
        {
            finish(&mut current, start, i, &mut out);
            let para = Para {
                text: rest,
                kind: ParaKind::Text,
                first: line.no,
                last: line.no,
                lines: (0, 0),
                indent: line.indent,
                link: None,
            };
            // The date of an earlier treatment is in the heading ("Beslutning i
            // Udvalget den 3. marts 2025:"), not in the decision after it ("… gælder fra
            // 1. januar 2026").
            let role = role_on(role, &heading, meeting_date);
            current = SectionText {
                heading: Some(heading),
                heading_line: None,
                role,
                paras: vec![para],
            };
            start = i + 1;
            // "Bilag: Tjekliste" names its attachment on its line, and "Forslag til
            // vedtak: Kostnadene økes med 4,5 %." says the whole recommendation there;
            // what follows is the item's text again.
            let said_on_line = role == SectionRole::Recommendation
                && line.text.trim_end().ends_with('.')
                && lines
                    .get(i + 1)
                    .is_none_or(|n| n.is_blank() || n.text.starts_with(char::is_uppercase));
            // "Bilag        1. Halvårsregnskab" / "             2. Reviewerklæring": the
            // label in the margin, its list going on in the column beside it.
            let goes_on_beside = lines
                .get(i + 1)
                .is_some_and(|n| !n.is_blank() && n.indent >= line.indent + 8);
            if (role == SectionRole::Attachments && !goes_on_beside) || said_on_line {
                finish(&mut current, start, start, &mut out);
                current = SectionText::untitled();
            }
        }
    }
    finish(&mut current, start, range.1, &mut out);
    out
}

/// How the whole meeting reads, for what each item's text is.
pub(crate) struct Reading<'a> {
    pub kind: Kind,
    /// A referat that mostly writes no decision heading: an item's own text is its
    /// minutes.
    pub body_is_minutes: bool,
    pub people: &'a names::Roster,
    /// No item has an *Indstilling*: proposals are worded in the items' text.
    pub no_recommendation_sections: bool,
    /// This meeting's date, to tell its treatment of a case from an earlier one.
    pub meeting_date: Option<jiff::civil::Date>,
}

pub(crate) fn build(
    doc: &Document<'_>,
    h: &ItemHeading,
    text: &ItemText,
    reading: &Reading<'_>,
) -> AgendaItem {
    let secs = &text.sections;
    let has_decision = secs.iter().any(|s| s.role == SectionRole::Decision);
    let no_subheadings = secs.iter().all(|s| s.heading.is_none());
    // A closed item publishes only its decision: with no sub-headings, its text is
    // the decision, whatever the other items do.
    let own_text = reading.body_is_minutes || (h.closed && no_subheadings);
    // The item's own text stands for its minutes: nothing else records a decision.
    let text_only = own_text && !has_decision && text.minutes.is_none();
    // Minutes without a decision heading: the item's text is its minutes; when the
    // text has sub-headings of its own (and none of the known parts), the minutes keep
    // the sub-heading lines as paragraphs.
    let whole_text_is_minutes = text_only
        && secs.iter().all(|s| {
            s.role == SectionRole::Other
                && s.heading
                    .as_deref()
                    .is_none_or(|h| headings::known(h).is_none())
        });
    let text_is_decision = |s: &SectionText| {
        s.role == SectionRole::Decision
            || (text_only && s.heading.is_none() && s.role == SectionRole::Other)
    };
    let mut decision_paras: Vec<Para> = Vec::new();
    if let Some(minutes) = &text.minutes {
        decision_paras.extend(minutes.iter().cloned());
    } else if whole_text_is_minutes {
        for s in secs {
            if let Some(line) = &s.heading_line {
                decision_paras.push(Para {
                    text: line.clone(),
                    kind: ParaKind::Heading,
                    first: 0,
                    last: 0,
                    lines: (0, 0),
                    indent: 0,
                    link: None,
                });
            }
            decision_paras.extend(s.paras.iter().cloned());
        }
    } else {
        decision_paras.extend(
            secs.iter()
                .filter(|s| text_is_decision(s))
                .flat_map(|s| s.paras.iter().cloned()),
        );
    }
    // "Social- og Sundhedsudvalget, 12-03-2025, pkt. 4:": the publishing system's stamp
    // over the decision, not its text.
    if decision_paras
        .first()
        .is_some_and(|p| headings::is_case_metadata(&p.text))
    {
        decision_paras.remove(0);
    }
    let kind = reading.kind;
    let decision = (kind == Kind::Referat && !decision_paras.is_empty())
        .then(|| layout::join_paragraphs(&decision_paras));
    let case: Vec<(&Para, bool)> = if text.minutes.is_some() || whole_text_is_minutes {
        Vec::new()
    } else {
        secs.iter()
            .filter(|s| !text_is_decision(s) && s.role != SectionRole::Attachments)
            .flat_map(|s| {
                s.paras
                    .iter()
                    .map(move |p| (p, s.role == SectionRole::Recommendation))
            })
            .collect()
    };
    // Where the item's whole text is its minutes, a recommendation stands in it too
    // ("Forvaltningen indstiller, at …" / "Indstillingen blev godkendt.").
    let minute_case: Vec<(&Para, bool)> = decision_paras.iter().map(|p| (p, false)).collect();
    // The same where the text's only heading is its attachments ("Bilag 5.1: …").
    let points = if case.is_empty() && (whole_text_is_minutes || text_only) {
        recommendations::points(&minute_case)
    } else {
        recommendations::points(&case)
    };
    // "Styrets innstilling: Forslaget vedtas.": a verdict on the proposal worded above
    // it, which is the recommendation, where the text words one.
    let verdict_only = !points.is_empty() && points.iter().all(|p| recommendations::is_verdict(p));
    // "Votering: Forslaget fra X ble vedtatt. Innstillingen falt.": how the forum
    // treated the case at this meeting says what became of the recommendation, beside
    // the decision.
    let treatment: Vec<Para> = secs
        .iter()
        .filter(|s| {
            s.heading.as_deref().is_some_and(|h| {
                headings::is_treatment(h)
                    && role_on(SectionRole::Decision, h, reading.meeting_date)
                        == SectionRole::Decision
            })
        })
        .flat_map(|s| s.paras.iter().cloned())
        .collect();
    let votes = (kind == Kind::Referat && !treatment.is_empty())
        .then(|| layout::join_paragraphs(&treatment));
    let outcomes = recommendations::outcomes(&points, decision.as_deref(), votes.as_deref());
    let mut recommendations: Vec<Recommendation> = points
        .into_iter()
        .zip(outcomes)
        .map(|(text, (outcome, outcome_source))| Recommendation {
            text,
            outcome,
            outcome_source,
        })
        .collect();
    // Proposals put to the meeting, as general assemblies and boards record them, and
    // members' motions beside the administration's recommendation. Beside a
    // recommendation, what the case text says someone proposes ("Forvaltningen
    // foreslår, at …") is its background; motions are made where the forum treats it.
    // A member's motion put on the agenda ("X har fremsendt følgende forslag: …") is
    // put to the forum all the same.
    let recommended = !recommendations.is_empty()
        && decision.is_some()
        && !secs
            .iter()
            .filter(|s| s.role == SectionRole::Other)
            .flat_map(|s| &s.paras)
            .any(|p| proposals::submits_motion(&p.text));
    // "#### Forslag A (fra bestyrelsen): Ændring af § 6" over the words of the
    // proposal: the heading puts forward what its section says.
    let proposal_titles: Vec<Option<String>> = secs
        .iter()
        .map(|s| {
            s.heading_line
                .as_deref()
                .or(s.heading.as_deref())
                .filter(|h| proposals::is_proposal_title(h))
                .map(|h| format!("{}:", h.trim_end().trim_end_matches([':', '.'])))
        })
        .collect();
    let paras: Vec<(&str, bool)> = secs
        .iter()
        .zip(&proposal_titles)
        .filter(|(s, _)| {
            s.role != SectionRole::Attachments && s.role != SectionRole::Recommendation
        })
        .filter(|(s, _)| {
            !recommended
                || s.role == SectionRole::Decision
                || s.heading.as_deref().is_some_and(headings::is_treatment)
        })
        .flat_map(|(s, title)| {
            let title = title.as_deref().map(|t| (t, false));
            title
                .into_iter()
                .chain(s.paras.iter().filter_map(proposal_entry))
        })
        .chain(text.minutes.iter().flatten().filter_map(proposal_entry))
        .collect();
    let proposed = proposals::proposals(
        &h.title,
        &paras,
        kind == Kind::Referat,
        reading.no_recommendation_sections || verdict_only,
    );
    if verdict_only && !proposed.recommendations.is_empty() {
        recommendations.clear();
    }
    // The decision's numbered points where it words the recommendation again, as
    // comparable keys: an amended point reads differently from its recommendation.
    let restated: Vec<String> = decision_paras
        .iter()
        .filter(|p| matches!(p.kind, ParaKind::ListItem { bullet: false }))
        .map(|p| comparable(crate::text::strip_list_marker(&p.text)))
        .collect();
    let recommended_keys: Vec<String> = recommendations
        .iter()
        .map(|r| comparable(&r.text))
        .collect();
    let restates_all = !recommendations.is_empty()
        && restated.len() == recommendations.len()
        && recommended_keys
            .iter()
            .zip(&restated)
            .all(|(r, d)| d.starts_with(r.as_str()));
    // Where the decision already says which point it changed, the others stand as
    // recommended.
    let changed_one = recommendations
        .iter()
        .any(|r| r.outcome == referat_model::Outcome::Amended);
    if proposed.amendment_adopted && !changed_one {
        // The recommendation was adopted with an amendment: where the decision words
        // each point again, the points it changed.
        for (k, (r, key)) in recommendations
            .iter_mut()
            .zip(&recommended_keys)
            .enumerate()
        {
            let unchanged = restates_all && restated.get(k) == Some(key);
            if r.outcome == referat_model::Outcome::Adopted && !unchanged {
                r.outcome = referat_model::Outcome::Amended;
            }
        }
    }
    for p in proposed.recommendations {
        let key = comparable(&p.text);
        // An addition the decision wrote into one of the recommendation's points is
        // part of it now, not a proposal beside it.
        let written_in = restates_all && restated.iter().any(|d| d.contains(&key));
        if !key.is_empty()
            && !written_in
            && !recommendations.iter().any(|r| {
                let theirs = comparable(&r.text);
                theirs.contains(&key) || key.contains(&theirs)
            })
        {
            recommendations.push(p);
        }
    }
    if kind == Kind::Dagsorden {
        for r in &mut recommendations {
            r.outcome = referat_model::Outcome::Unresolved;
            r.outcome_source = None;
        }
    }
    let case_texts: Vec<&str> = h
        .byline
        .iter()
        .map(String::as_str)
        .chain(case.iter().map(|(p, _)| p.text.as_str()))
        .collect();
    let minute_texts: Vec<&str> = decision_paras.iter().map(|p| p.text.as_str()).collect();
    let mut presenters = presenters::presenters(&case_texts, &minute_texts, reading.people);
    if let Some(named) = &h.presenter {
        // "v/ Inge og Mads": each of them, in the title's order.
        for (k, p) in titles::split_people(named).into_iter().enumerate() {
            let p = reading
                .people
                .resolve(p)
                .unwrap_or_else(|| reading.people.complete(p));
            if !presenters.contains(&p) {
                presenters.insert(k.min(presenters.len()), p);
            }
        }
    }
    let mut title = h.title.clone();
    if let Some(note) = &h.note {
        // "(Agnete)" names presenters when the names are the participants'; otherwise
        // it belongs to the title.
        let parts = titles::split_people(note);
        let named: Vec<String> = parts
            .iter()
            .filter_map(|part| reading.people.resolve(part))
            .collect();
        if !named.is_empty() && named.len() == parts.len() {
            for p in named.into_iter().rev() {
                if !presenters.contains(&p) {
                    presenters.insert(0, p);
                }
            }
        } else {
            title = format!("{title} ({note})");
        }
    }
    let mut attachments: Vec<Attachment> = secs
        .iter()
        .filter(|s| s.role == SectionRole::Attachments)
        .flat_map(|s| &s.paras)
        .flat_map(attachments_of)
        .collect();
    if attachments.is_empty() {
        attachments.extend(text.paras().filter_map(|p| {
            named_attachment(&p.text)
                .or_else(|| enclosed(&p.text))
                .or_else(|| linked_file(&p.text))
                .map(Attachment::titled)
        }));
    }
    // An item with no sub-headings has no sections: its text is its decision (or, in
    // an agenda, nothing to split).
    let sections = if no_subheadings {
        Vec::new()
    } else {
        secs.iter()
            .map(|s| Section {
                heading: s.heading.clone(),
                text: layout::join_paragraphs(&s.paras),
            })
            .collect()
    };
    let end = h.minutes.map_or(h.body_end, |(_, to)| to.max(h.body_end));
    let last = (h.line..end)
        .rev()
        .find_map(|i| doc.lines.get(i).filter(|l| !l.is_blank()).map(|l| l.no));
    let first = doc.lines.get(h.line).map_or(0, |l| l.no);
    // "Der er afsat 30 minutter til oplægget": a length the text allots the item.
    let duration_min = h.duration_min.or_else(|| {
        secs.iter()
            .flat_map(|s| &s.paras)
            .find_map(|p| allotted_minutes(&p.text))
    });
    AgendaItem {
        number: h.number.clone(),
        title,
        start: h.start,
        end: h.end,
        duration_min,
        presenters,
        recommendations,
        decision,
        attachments,
        sections,
        closed: h.closed,
        source: Some(h.source),
        lines: Some(SourceLines::new(first, last.unwrap_or(first))),
    }
}

/// Text reduced for comparing two recommendations: lower case, letters and digits.
/// A paragraph as the proposals read it, with whether it is a list entry; a table (the
/// rates a proposal sets) is data beside a proposal, not one.
fn proposal_entry(p: &Para) -> Option<(&str, bool)> {
    (p.kind != ParaKind::Table)
        .then_some((p.text.as_str(), matches!(p.kind, ParaKind::ListItem { .. })))
}

fn comparable(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// "Der er afsat 30 minutter til punktet", "Punktet varer ca. 20 min.": the minutes
/// the text gives the item.
fn allotted_minutes(text: &str) -> Option<u32> {
    static ALLOTTED: crate::cue::Cue = crate::cue::Cue::new(
        &["afsat", "varer", "sat af", "beregnet"],
        r"(?i)\b(?:der\s+er\s+)?(?:afsat|sat\s+af|beregnet|varer)\s+(?:ca\.\s+|cirka\s+)?(?P<n>\d{1,3})\s*(?:minutter|min\b)",
    );
    ALLOTTED.captures(text)?.name("n")?.as_str().parse().ok()
}

/// "Se Bilag 3: Tilbud og lånetilbud", "Bilag 2: Budget": an attachment named in the
/// text.
fn named_attachment(text: &str) -> Option<String> {
    static NAMED: crate::cue::Cue = crate::cue::Cue::new(
        &["bilag"],
        r"(?i)^(?:se\s+(?:vedlagte\s+)?)?bilag\s*\d{0,3}\s*[:.]\s+(?P<title>\S.{1,150})$",
    );
    let title = NAMED.captures(text)?.name("title")?.as_str().trim();
    Some(title.trim_end_matches('.').to_string())
}

/// "Verksamhetsberättelse 2024 (pdf)": a line that is a link to a document, as a web
/// page lists an item's papers without a label over them.
fn linked_file(text: &str) -> Option<String> {
    static LINKED: crate::cue::Cue = crate::cue::Cue::new(
        &["pdf", "doc", "xls"],
        r"(?i)^(?P<title>\p{Lu}[^.:;()]{2,100}?)\s*\((?:pdf|docx?|xlsx?)(?:\s*,\s*\d+(?:[.,]\d+)?\s*(?:kb|mb))?\)$",
    );
    let title = LINKED.captures(text.trim())?.name("title")?.as_str().trim();
    (title.split_whitespace().count() <= 10).then(|| title.to_string())
}

/// "Formandsberetningen 2023 af Anne Holm er særskilt vedlagt": a document the text
/// says is enclosed, where the item has no attachment list.
fn enclosed(text: &str) -> Option<String> {
    static ENCLOSED: crate::cue::Cue = crate::cue::Cue::new(
        &["vedlagt"],
        r"(?i)^(?P<what>\p{Lu}[^.,:;]{2,80}?)(?:\s+af\s+[^.;:]{2,60}?)?\s+er\s+(?:særskilt\s+|hermed\s+)?vedlagt\b",
    );
    let what = ENCLOSED.captures(text)?.name("what")?.as_str().trim();
    // A document's title names it ("Formandsberetningen 2023"); "De fremlagte slides
    // er vedlagt" names no document of its own.
    let words = what.split_whitespace().count();
    let titled = what.chars().any(|c| c.is_ascii_digit())
        || what
            .split_whitespace()
            .skip(1)
            .any(|w| w.starts_with(char::is_uppercase));
    (titled && words <= 8).then(|| what.to_string())
}

/// The number of an item's attachment, `3.1 ` in `3.1 Halvårsrapport`: the item's
/// number and the attachment's. Its length, where a title follows.
fn attachment_number(text: &str) -> Option<usize> {
    let item = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text.get(item..)?.strip_prefix('.')?;
    let own = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest.get(own..)?;
    let after = after.strip_prefix('.').unwrap_or(after);
    let title = after.trim_start();
    let numbered = (1..=2).contains(&item)
        && (1..=2).contains(&own)
        && after.starts_with(' ')
        && title.starts_with(char::is_alphabetic);
    numbered.then(|| text.len() - title.len())
}

/// The attachments of a paragraph of a *Bilag* list: one, or several numbered ones
/// whose lines ran together (`3.1 Rapport 3.2 Notat`), each without its number.
fn attachments_of(p: &Para) -> Vec<Attachment> {
    if p.kind == ParaKind::Text && attachment_number(&p.text).is_some() {
        let mut starts: Vec<usize> = p
            .text
            .match_indices(' ')
            .map(|(at, _)| at + 1)
            .filter(|&at| p.text.get(at..).and_then(attachment_number).is_some())
            .collect();
        starts.insert(0, 0);
        let titles: Vec<Attachment> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&p.text.len()]))
            .filter_map(|(&from, &to)| {
                let entry = p.text.get(from..to)?.trim();
                let title = entry.get(attachment_number(entry)?..)?;
                attachment(&Para {
                    text: title.to_string(),
                    ..p.clone()
                })
            })
            .collect();
        return titles;
    }
    // "Bilag: Kvartalsrapport Q3; Likviditetsbudget": several on one line. (A comma may
    // stand inside a title: "Forslag til lejeaftale, Klubhuset 2026".)
    if p.kind == ParaKind::Text {
        let parts: Vec<&str> = p.text.split("; ").collect();
        let several = parts.len() >= 2
            && parts.iter().all(|part| {
                let part = part.trim();
                part.starts_with(char::is_uppercase)
                    && !part.contains(" og ")
                    && !part.contains(" & ")
                    && part.split_whitespace().count() <= 8
            });
        if several {
            return parts
                .into_iter()
                .filter_map(|part| {
                    attachment(&Para {
                        text: part.trim().to_string(),
                        ..p.clone()
                    })
                })
                .collect();
        }
    }
    attachment(p).into_iter().collect()
}

/// An attachment from a line of a *Bilag* list: its title without its list number or
/// the journal number publishing systems put in front (`2012-208960 - `), and its
/// link where the line is one Markdown link (`[Budget](/bilag/12)`), as extraction
/// writes a linked attachment.
fn attachment(p: &Para) -> Option<Attachment> {
    let text = match p.kind {
        ParaKind::ListItem { bullet: false } => text::strip_list_marker(&p.text),
        // "Bilag: 1. Halvårsregnskab": the list's first entry on the label's line.
        ParaKind::Text if attachment_number(&p.text).is_none() => {
            let marked = p.text.find(". ").is_some_and(|at| {
                (1..=2).contains(&at) && p.text.bytes().take(at).all(|b| b.is_ascii_digit())
            });
            if marked {
                text::strip_list_marker(&p.text)
            } else {
                p.text.as_str()
            }
        }
        _ => p.text.as_str(),
    };
    let link = p.link.clone();
    let text = without_file_note(strip_journal_number(text).trim());
    // "Bilag 1: Beslutningsforslag" under a Bilag heading is the attachment's name as
    // the document gives it; it keeps its label.
    let lower = text.to_lowercase();
    if text.is_empty()
        || matches!(
            lower.trim_end_matches('.'),
            "ingen" | "ingen bilag" | "-" | "–"
        )
    {
        return None;
    }
    Some(Attachment {
        title: text.to_string(),
        link,
    })
}

/// An attachment's name without the note a web page adds to its link: `Budget 2025
/// (pdf, 96 KB)` → `Budget 2025`.
fn without_file_note(text: &str) -> &str {
    static FILE_NOTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::cue::compile(
            r"(?i)\s*\((?:pdf|docx?|xlsx?|pptx?|odt|txt|html?)?\s*,?\s*\d+(?:[.,]\d+)?\s*(?:kb|mb|gb|bytes?)\)\s*$|\s*\((?:pdf|docx?|xlsx?)\)\s*$|\s+(?:pdf|docx?|xlsx?)\s*,\s*\d+(?:[.,]\d+)?\s*(?:kb|mb|gb)\s*$",
        )
    });
    match FILE_NOTE.find(text) {
        Some(m) if m.start() > 0 => text.get(..m.start()).unwrap_or(text),
        _ => text,
    }
}

pub(crate) fn strip_journal_number(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return text;
    }
    let Some(rest) = text.get(4..) else {
        return text;
    };
    let rest = rest.trim_start_matches(['-', '–', '/']);
    let num = rest.bytes().take_while(u8::is_ascii_digit).count();
    if num == 0 || rest.len() == text.len() - 4 {
        return text;
    }
    let after = rest.get(num..).unwrap_or("").trim_start();
    after
        .strip_prefix('-')
        .or_else(|| after.strip_prefix('–'))
        .map_or(text, str::trim_start)
}

/// The tables of an item's lines: runs of table rows, across page furniture and the
/// short wrapped lines of a long row label.
pub(crate) fn tables(lines: &[Line], item: Option<SourceLines>) -> Vec<Vec<(u32, Vec<String>)>> {
    let Some(item) = item else { return Vec::new() };
    let mut out = Vec::new();
    let mut cur: Vec<(u32, Vec<String>)> = Vec::new();
    let mut pending = 0;
    // The lines are in text order, so an item's are found by two binary searches,
    // not by a pass over the whole document for every item.
    let start = lines.partition_point(|l| l.no < item.first);
    let end = lines.partition_point(|l| l.no <= item.last);
    for line in lines.get(start..end).unwrap_or_default() {
        match &line.kind {
            LineKind::Table(cells) => {
                cur.push((line.no, cells.clone()));
                pending = 0;
            }
            LineKind::Blank { .. } | LineKind::Rule | LineKind::Furniture | LineKind::Meta => {}
            LineKind::Text
                if !cur.is_empty()
                    && pending < 2
                    && line.text.split_whitespace().count() <= 8
                    && !line.text.ends_with('.') =>
            {
                pending += 1;
            }
            _ => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                pending = 0;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_numbers_are_stripped() {
        assert_eq!(
            strip_journal_number(
                "2012-208960 - Hvordan udvikler vi det nære sundhedsvæsen sammen?"
            ),
            "Hvordan udvikler vi det nære sundhedsvæsen sammen?"
        );
        assert_eq!(
            strip_journal_number("2012–200292 - Prioritering"),
            "Prioritering"
        );
        assert_eq!(
            strip_journal_number("Handleplan 2024.pdf"),
            "Handleplan 2024.pdf"
        );
    }

    #[test]
    fn numbered_attachments_that_ran_together() {
        let para = Para::text;
        assert_eq!(
            attachments_of(&para(
                "3.1 Halvårsrapport pr. 30. juni 2025 3.2 Revisors bemærkninger"
            )),
            ["Halvårsrapport pr. 30. juni 2025", "Revisors bemærkninger"]
        );
        assert_eq!(
            attachments_of(&para("Budget 2025 med 3.1 mio. kr. i alt")),
            ["Budget 2025 med 3.1 mio. kr. i alt"]
        );
    }

    #[test]
    fn a_linked_attachment_keeps_its_link() {
        let linked = Para {
            link: Some("/vis/pdf/bilag/a1/".into()),
            ..Para::text("Lokalplan 12 (pdf, 2 MB)")
        };
        assert_eq!(
            attachments_of(&linked),
            [Attachment {
                title: "Lokalplan 12".into(),
                link: Some("/vis/pdf/bilag/a1/".into()),
            }]
        );
    }

    #[test]
    fn enclosed_documents() {
        assert_eq!(
            enclosed("Formandsberetningen 2023 af Anne Holm, F12 er særskilt vedlagt"),
            Some("Formandsberetningen 2023".to_string())
        );
        assert_eq!(enclosed("Der er intet vedlagt."), None);
    }
}

//! The recognisers over the invented blind set (`fixtures/invented`, 28 documents in many
//! layout families, each with a hand-made gold record), one test per part of the record:
//! metadata, participants, items, outcomes, decisions and attachments. And the documents
//! of `fixtures/not-minutes`, each of which the parser must refuse.
//!
//! Every document goes through `referat_extract` first, as the command line does, so
//! HTML, Markdown and text all reach `parse` in the same form. The comparisons follow
//! `shared/eval/score.py`: text is compared after case and whitespace folding, and
//! bodies, places, titles, decisions and attachment titles by similarity.
//!
//! Where the parser disagrees with the gold today, `fixtures/invented/KNOWN_MISSES`
//! lists the (document, part). A test fails on a difference that is not listed, printing
//! what was expected and what was found, and on a listed one that has gone (so the list
//! stays honest: remove the line). After checking that a change is an improvement,
//! `REFERAT_BLESS=1 cargo test -p referat-parse --test families` rewrites the list from
//! what the parser does now.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{Display, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use referat_extract::Limits;
use referat_model::{AgendaItem, Meeting, Participant, Recommendation};
use referat_parse::ParseError;

#[test]
fn every_invented_document_is_accepted() {
    let docs = docs();
    assert!(!docs.is_empty(), "no documents in {}", invented().display());
    let refused: Vec<String> = docs
        .iter()
        .filter_map(|d| d.found.as_ref().err().map(|e| format!("{}: {e}", d.name)))
        .collect();
    assert!(
        refused.is_empty(),
        "invented minutes refused by the parser:\n{}",
        refused.join("\n")
    );
}

#[test]
fn every_non_minutes_document_is_refused() {
    let dir = fixtures().join("not-minutes");
    let mut accepted = Vec::new();
    let mut seen = 0;
    for path in files(&dir) {
        if path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        seen += 1;
        match referat_parse::parse(&extract(&path)) {
            Err(ParseError::NotMinutes { .. }) => {}
            Ok(m) => {
                let titles: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
                accepted.push(format!(
                    "{}: accepted as a {} with {} items {titles:?}",
                    file_name(&path),
                    m.kind,
                    m.items.len()
                ));
            }
        }
    }
    assert!(seen > 0, "no documents in {}", dir.display());
    assert!(
        accepted.is_empty(),
        "documents that are not minutes, accepted by the parser:\n{}",
        accepted.join("\n")
    );
}

/// Kind, body, date, weekday, start, end, place and chair.
#[test]
fn metadata() {
    check(Part::Metadata, |gold, found| {
        let mut diffs = Vec::new();
        let mut field = |name: &str, same: bool, expected: String, got: String| {
            if !same {
                diffs.push(Diff::new(
                    name,
                    format!("{name}: expected {expected}, found {got}"),
                ));
            }
        };
        field(
            "kind",
            gold.kind == found.kind,
            gold.kind.to_string(),
            found.kind.to_string(),
        );
        field(
            "body",
            close(gold.body.as_deref(), found.body.as_deref(), 0.9),
            text(gold.body.as_deref()),
            text(found.body.as_deref()),
        );
        field(
            "date",
            gold.date == found.date,
            value(gold.date),
            value(found.date),
        );
        // As written: the gold keeps a Swedish "söndag", which the model's Danish
        // weekdays cannot hold.
        let weekday = found.weekday.map(|w| serde_json::to_value(w).unwrap());
        let weekday = weekday.as_ref().and_then(|w| w.as_str());
        field(
            "weekday",
            gold.weekday.as_deref().map(norm) == weekday.map(norm),
            text(gold.weekday.as_deref()),
            text(weekday),
        );
        field(
            "start",
            gold.start == found.start,
            value(gold.start),
            value(found.start),
        );
        field(
            "end",
            gold.end == found.end,
            value(gold.end),
            value(found.end),
        );
        field(
            "location",
            close(gold.location.as_deref(), found.location.as_deref(), 0.9),
            text(gold.location.as_deref()),
            text(found.location.as_deref()),
        );
        field(
            "chair",
            gold.chair.as_deref().map(norm) == found.chair.as_deref().map(norm),
            text(gold.chair.as_deref()),
            text(found.chair.as_deref()),
        );
        diffs
    });
}

/// The set of (name, attendance).
#[test]
fn participants() {
    check(Part::Participants, |gold, found| {
        let mut by_name: BTreeMap<String, Vec<&Participant>> = BTreeMap::new();
        for p in &found.participants {
            by_name.entry(norm(&p.name)).or_default().push(p);
        }
        let mut diffs = Vec::new();
        let mut expected_names = BTreeSet::new();
        for g in &gold.participants {
            let key = norm(&g.name);
            expected_names.insert(key.clone());
            match by_name.get(&key).and_then(|ps| ps.first()) {
                None => diffs.push(Diff::new(
                    format!("missing {}", g.name),
                    format!("missing: {} ({})", g.name, g.attendance.as_str()),
                )),
                Some(f) if f.attendance != g.attendance => diffs.push(Diff::new(
                    format!("attendance of {}", g.name),
                    format!(
                        "{}: attendance expected {}, found {}",
                        g.name,
                        g.attendance.as_str(),
                        f.attendance.as_str()
                    ),
                )),
                Some(_) => {}
            }
        }
        for f in &found.participants {
            let key = norm(&f.name);
            if !expected_names.contains(&key) {
                diffs.push(Diff::new(
                    format!("extra {}", f.name),
                    format!("extra: {} ({})", f.name, f.attendance.as_str()),
                ));
            }
        }
        for (key, ps) in &by_name {
            if ps.len() > 1 && expected_names.contains(key) {
                diffs.push(Diff::new(
                    format!("{} twice", ps[0].name),
                    format!("{} is listed {} times", ps[0].name, ps.len()),
                ));
            }
        }
        diffs
    });
}

/// The sequence of (number, title) and which items are closed.
#[test]
fn items() {
    check(Part::Items, |gold, found| {
        let mut diffs = Vec::new();
        for step in pair_items(&gold.items, &found.items) {
            match step {
                Step::Both(g, f) => {
                    if g.number.as_deref().map(norm) != f.number.as_deref().map(norm) {
                        diffs.push(Diff::new(
                            format!("number of {}", number(g)),
                            format!(
                                "{}: number expected {}, found {}",
                                label(g),
                                text(g.number.as_deref()),
                                text(f.number.as_deref())
                            ),
                        ));
                    }
                    if similarity(&g.title, &f.title) < 0.9 {
                        diffs.push(Diff::new(
                            format!("title of {}", number(g)),
                            format!(
                                "{}: title expected {:?}, found {:?}",
                                label(g),
                                g.title,
                                f.title
                            ),
                        ));
                    }
                    if g.closed != f.closed {
                        diffs.push(Diff::new(
                            format!("closed {}", number(g)),
                            format!(
                                "{}: closed expected {}, found {}",
                                label(g),
                                g.closed,
                                f.closed
                            ),
                        ));
                    }
                }
                Step::Expected(g) => diffs.push(Diff::new(
                    format!("missing {}", number(g)),
                    format!("missing: {}", label(g)),
                )),
                Step::Found(f) => diffs.push(Diff::new(
                    format!("extra {}", number(f)),
                    format!("extra: {}", label(f)),
                )),
            }
        }
        diffs
    });
}

/// Per item, the outcome of each recommendation. Recommendations are paired by their
/// text as score.py pairs them, then the rest in order, so a reworded point still has
/// its outcome compared.
#[test]
fn outcomes() {
    check(Part::Outcomes, |gold, found| {
        let mut diffs = Vec::new();
        for step in pair_items(&gold.items, &found.items) {
            let (g, f) = step.sides();
            let expected = g.map(|i| i.recommendations.as_slice()).unwrap_or_default();
            let got = f.map(|i| i.recommendations.as_slice()).unwrap_or_default();
            let mut lines = Vec::new();
            for pair in pair_recommendations(expected, got) {
                match pair {
                    (Some(e), Some(o)) if e.outcome != o.outcome => lines.push(format!(
                        "  {:?}: expected {}, found {}",
                        short(&e.text, 60),
                        e.outcome.as_str(),
                        o.outcome.as_str()
                    )),
                    (Some(e), None) => lines.push(format!(
                        "  missing: {:?} ({})",
                        short(&e.text, 60),
                        e.outcome.as_str()
                    )),
                    (None, Some(o)) => lines.push(format!(
                        "  extra:   {:?} ({})",
                        short(&o.text, 60),
                        o.outcome.as_str()
                    )),
                    _ => {}
                }
            }
            if !lines.is_empty() {
                let item = g.or(f).unwrap();
                diffs.push(Diff::new(
                    format!("item {}", number(item)),
                    format!("{}{}:\n{}", label(item), whose(g, f), lines.join("\n")),
                ));
            }
        }
        diffs
    });
}

/// Per item, whether there is a decision, and its text.
#[test]
fn decisions() {
    check(Part::Decisions, |gold, found| {
        let mut diffs = Vec::new();
        for step in pair_items(&gold.items, &found.items) {
            let (g, f) = match step {
                Step::Both(g, f) => (g, Some(f)),
                Step::Expected(g) => (g, None),
                // An extra item is the items test's business (as in score.py).
                Step::Found(_) => continue,
            };
            let expected = g.decision.as_deref();
            let got = f.and_then(|f| f.decision.as_deref());
            let (what, detail) = match (expected, got) {
                (None, None) => continue,
                (Some(e), Some(o)) => {
                    let s = similarity(e, o);
                    if s >= 0.9 {
                        continue;
                    }
                    (
                        "text",
                        format!(
                            "{}: decision differs (similarity {s:.2})\n  expected: {e:?}\n  found:    {o:?}",
                            label(g)
                        ),
                    )
                }
                (Some(e), None) if f.is_none() => (
                    "item not found",
                    format!("{}: item not found\n  expected: {e:?}", label(g)),
                ),
                (Some(e), None) => (
                    "none found",
                    format!("{}: no decision found\n  expected: {e:?}", label(g)),
                ),
                (None, Some(o)) => (
                    "unexpected",
                    format!("{}: expected no decision\n  found:    {o:?}", label(g)),
                ),
            };
            diffs.push(Diff::new(format!("item {} {what}", number(g)), detail));
        }
        diffs
    });
}

/// Per item, the attachment titles.
#[test]
fn attachments() {
    check(Part::Attachments, |gold, found| {
        let mut diffs = Vec::new();
        for step in pair_items(&gold.items, &found.items) {
            let (g, f) = step.sides();
            let expected = g.map(|i| i.attachments.as_slice()).unwrap_or_default();
            let got = f.map(|i| i.attachments.as_slice()).unwrap_or_default();
            let item = g.or(f).unwrap();
            let mut lines = Vec::new();
            for s in align(expected, got, |a, b| similarity(&a.title, &b.title) >= 0.85) {
                match s {
                    Step::Both(..) => {}
                    Step::Expected(a) => lines.push(format!("  missing: {:?}", a.title)),
                    Step::Found(a) => lines.push(format!("  extra:   {:?}", a.title)),
                }
            }
            if !lines.is_empty() {
                diffs.push(Diff::new(
                    format!("item {}", number(item)),
                    format!("{}{}:\n{}", label(item), whose(g, f), lines.join("\n")),
                ));
            }
        }
        diffs
    });
}

/// `KNOWN_MISSES` names real documents and parts, each (document, part) once.
#[test]
fn known_misses_name_documents_and_parts() {
    let names: BTreeSet<&str> = docs().iter().map(|d| d.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();
    for e in read_entries() {
        let at = format!("{KNOWN_MISSES}:{}", e.line);
        if e.malformed {
            bad.push(format!("{at}: not `document<TAB>part<TAB>description`"));
            continue;
        }
        if !names.contains(e.doc.as_str()) {
            bad.push(format!("{at}: no invented document {:?}", e.doc));
        }
        if Part::from_name(&e.part).is_none() {
            bad.push(format!(
                "{at}: no part {:?} (parts: {})",
                e.part,
                Part::ALL.map(Part::name).join(", ")
            ));
        }
        if !seen.insert((e.doc.clone(), e.part.clone())) {
            bad.push(format!("{at}: {} {} listed twice", e.doc, e.part));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The parts and the list of known misses.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Metadata,
    Participants,
    Items,
    Outcomes,
    Decisions,
    Attachments,
}

impl Part {
    const ALL: [Part; 6] = [
        Part::Metadata,
        Part::Participants,
        Part::Items,
        Part::Outcomes,
        Part::Decisions,
        Part::Attachments,
    ];

    fn name(self) -> &'static str {
        match self {
            Part::Metadata => "metadata",
            Part::Participants => "participants",
            Part::Items => "items",
            Part::Outcomes => "outcomes",
            Part::Decisions => "decisions",
            Part::Attachments => "attachments",
        }
    }

    fn from_name(name: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One way a part of the parser's record differs from the gold: a few words for
/// `KNOWN_MISSES`, and the expected and found values for the failure message.
struct Diff {
    short: String,
    detail: String,
}

impl Diff {
    fn new(short: impl Into<String>, detail: impl Into<String>) -> Diff {
        Diff {
            short: short.into(),
            detail: detail.into(),
        }
    }
}

/// Compares one part of every invented document with its gold, and the differences
/// with `KNOWN_MISSES`.
fn check(part: Part, compare: impl Fn(&Gold, &Meeting) -> Vec<Diff>) {
    let mut now: BTreeMap<&str, Vec<Diff>> = BTreeMap::new();
    for doc in docs() {
        let diffs = match &doc.found {
            Ok(found) => compare(&doc.gold, found),
            Err(e) => vec![Diff::new("refused", format!("the parser refused it: {e}"))],
        };
        if !diffs.is_empty() {
            now.insert(&doc.name, diffs);
        }
    }
    if std::env::var_os("REFERAT_BLESS").is_some_and(|v| v == "1") {
        bless(part, &now);
        return;
    }
    let listed: BTreeSet<String> = read_entries()
        .into_iter()
        .filter(|e| e.part == part.name())
        .map(|e| e.doc)
        .collect();
    let mut report = String::new();
    for (doc, diffs) in &now {
        if listed.contains(*doc) {
            continue;
        }
        writeln!(
            report,
            "{doc}: {} differs from the gold, not listed in KNOWN_MISSES:",
            part.name()
        )
        .unwrap();
        for d in diffs {
            for (i, line) in d.detail.lines().enumerate() {
                let mark = if i == 0 { "  - " } else { "    " };
                writeln!(report, "{mark}{line}").unwrap();
            }
        }
    }
    for doc in &listed {
        if !now.contains_key(doc.as_str()) {
            writeln!(
                report,
                "{doc}: {part} now agrees with the gold: remove the line `{doc}<TAB>{part}` from {KNOWN_MISSES}",
                part = part.name()
            )
            .unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "\n{report}\nIf the change is an improvement (or the list is stale), rewrite the list \
         with REFERAT_BLESS=1 cargo test -p referat-parse --test families and review its diff."
    );
}

const HEADER: &str = "\
# Where the parser disagrees today with the hand-made gold of fixtures/invented.
#
# One line per (document, part): document<TAB>part<TAB>short description.
# The parts are the tests of crates/referat-parse/tests/families.rs: metadata,
# participants, items, outcomes, decisions, attachments. A test fails on a
# difference that is not listed here, and on a listed (document, part) that now
# agrees with the gold: remove its line when the parser is fixed. The description
# is for the reader; only the document and the part are checked.
#
# To rewrite this file from what the parser does now (review the diff after):
#   REFERAT_BLESS=1 cargo test -p referat-parse --test families
";

/// A line of `KNOWN_MISSES`.
struct Entry {
    line: usize,
    doc: String,
    part: String,
    note: String,
    malformed: bool,
}

fn read_entries() -> Vec<Entry> {
    let Ok(text) = std::fs::read_to_string(known_misses()) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let fields: Vec<&str> = l.split('\t').collect();
            Entry {
                line: i + 1,
                doc: fields[0].trim().to_string(),
                part: fields.get(1).map_or("", |p| p.trim()).to_string(),
                note: fields.get(2).map_or("", |n| n.trim()).to_string(),
                malformed: fields.len() != 3,
            }
        })
        .collect()
}

/// Rewrites this part's lines of `KNOWN_MISSES`, keeping the other parts'.
fn bless(part: Part, now: &BTreeMap<&str, Vec<Diff>>) {
    // The tests run in parallel and each rewrites its own lines of the one file.
    static FILE: Mutex<()> = Mutex::new(());
    let _guard = FILE.lock().unwrap_or_else(PoisonError::into_inner);
    let names: BTreeSet<&str> = docs().iter().map(|d| d.name.as_str()).collect();
    let mut entries: Vec<(String, Part, String)> = read_entries()
        .into_iter()
        .filter(|e| !e.malformed && names.contains(e.doc.as_str()))
        .filter_map(|e| Some((e.doc, Part::from_name(&e.part)?, e.note)))
        .filter(|(_, p, _)| *p != part)
        .collect();
    for (doc, diffs) in now {
        let shorts: Vec<&str> = diffs.iter().map(|d| d.short.as_str()).collect();
        entries.push((doc.to_string(), part, summary(&shorts.join(", "))));
    }
    entries.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut out = String::from(HEADER);
    for (doc, p, note) in entries {
        writeln!(out, "{doc}\t{}\t{note}", p.name()).unwrap();
    }
    std::fs::write(known_misses(), out).unwrap();
}

/// A description fit for one field of one line: no tabs, at most 100 characters.
fn summary(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= 100 {
        return s;
    }
    let cut: String = s.chars().take(99).collect();
    format!("{}…", cut.trim_end())
}

// ---------------------------------------------------------------------------------------
// The documents.

struct Doc {
    name: String,
    gold: Gold,
    found: Result<Meeting, ParseError>,
}

/// A gold record: a [`Meeting`] but for the weekday, which the gold writes as the
/// document does, in any language.
struct Gold {
    record: Meeting,
    weekday: Option<String>,
}

impl std::ops::Deref for Gold {
    type Target = Meeting;

    fn deref(&self) -> &Meeting {
        &self.record
    }
}

/// Closed items by document. The record format has no `closed` field in the gold
/// files; these documents' notes name their closed items (and
/// `forslag-fra-parti-forkastet-indholdsfortegnelse.notes.md` says it has none,
/// although its table of contents has an empty "Lukket referat" part). No other
/// document marks an item closed.
const CLOSED_PER_NOTES: &[(&str, &[&str])] =
    &[("kommune-lukkede-punkter-i-overskrift", &["6", "7"])];

/// Every invented document, parsed once for all the tests, in name order.
fn docs() -> &'static [Doc] {
    static DOCS: OnceLock<Vec<Doc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        files(&invented())
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|gold_path| {
                let name = gold_path
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let json = std::fs::read_to_string(&gold_path).unwrap();
                let bad = |e: serde_json::Error| -> ! { panic!("{}: {e}", gold_path.display()) };
                let mut json: serde_json::Value =
                    serde_json::from_str(&json).unwrap_or_else(|e| bad(e));
                let weekday = json
                    .get_mut("weekday")
                    .map(serde_json::Value::take)
                    .and_then(|w| w.as_str().map(str::to_string));
                let mut gold: Meeting = serde_json::from_value(json).unwrap_or_else(|e| bad(e));
                for (doc, numbers) in CLOSED_PER_NOTES {
                    if *doc == name {
                        for item in &mut gold.items {
                            item.closed |=
                                item.number.as_deref().is_some_and(|n| numbers.contains(&n));
                        }
                    }
                }
                let sources: Vec<PathBuf> = ["md", "txt", "html"]
                    .into_iter()
                    .map(|ext| gold_path.with_extension(ext))
                    .filter(|p| p.exists())
                    .collect();
                assert_eq!(
                    sources.len(),
                    1,
                    "{name}: expected one of {name}.md, .txt or .html beside the gold"
                );
                let found = referat_parse::parse(&extract(&sources[0]));
                Doc {
                    name,
                    gold: Gold {
                        record: gold,
                        weekday,
                    },
                    found,
                }
            })
            .collect()
    })
}

/// The workspace root, which the paths in messages are relative to.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    root().join("fixtures")
}

fn invented() -> PathBuf {
    fixtures().join("invented")
}

/// The list of known misses, from the workspace root.
const KNOWN_MISSES: &str = "fixtures/invented/KNOWN_MISSES";

fn known_misses() -> PathBuf {
    root().join(KNOWN_MISSES)
}

/// The files of a folder, in name order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The text `parse` reads, as the command line gets it from the file.
fn extract(path: &Path) -> String {
    referat_extract::extract_file(path, Limits::default())
        .unwrap_or_else(|e| panic!("{}: cannot extract: {e}", path.display()))
        .text
}

// ---------------------------------------------------------------------------------------
// Comparing.

/// An alignment step of two sequences.
enum Step<'a, A, B> {
    Both(&'a A, &'a B),
    Expected(&'a A),
    Found(&'a B),
}

impl<'a, A> Step<'a, A, A> {
    fn sides(&self) -> (Option<&'a A>, Option<&'a A>) {
        match *self {
            Step::Both(a, b) => (Some(a), Some(b)),
            Step::Expected(a) => (Some(a), None),
            Step::Found(b) => (None, Some(b)),
        }
    }
}

/// The longest order-keeping pairing of `expected` with `found`, with the unpaired
/// elements of each in between.
fn align<'a, A, B>(
    expected: &'a [A],
    found: &'a [B],
    same: impl Fn(&A, &B) -> bool,
) -> Vec<Step<'a, A, B>> {
    let (n, m) = (expected.len(), found.len());
    let pairs: Vec<Vec<bool>> = expected
        .iter()
        .map(|a| found.iter().map(|b| same(a, b)).collect())
        .collect();
    // lcs[i][j]: the most pairs in expected[i..] and found[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if pairs[i][j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut steps) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && pairs[i][j] && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            steps.push(Step::Both(&expected[i], &found[j]));
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            steps.push(Step::Expected(&expected[i]));
            i += 1;
        } else {
            steps.push(Step::Found(&found[j]));
            j += 1;
        }
    }
    steps
}

/// Gold items paired with the parser's as score.py pairs them: the same number and
/// similar titles, or very similar titles.
fn pair_items<'a>(
    gold: &'a [AgendaItem],
    found: &'a [AgendaItem],
) -> Vec<Step<'a, AgendaItem, AgendaItem>> {
    align(gold, found, |g, f| {
        let s = similarity(&g.title, &f.title);
        if g.number.as_deref().map(norm) == f.number.as_deref().map(norm) {
            s >= 0.6
        } else {
            s >= 0.9
        }
    })
}

/// Recommendations paired as score.py pairs them (the most similar texts first, at
/// least 0.85 alike), then those left over in order; the rest stand alone.
fn pair_recommendations<'a>(
    expected: &'a [Recommendation],
    found: &'a [Recommendation],
) -> Vec<(Option<&'a Recommendation>, Option<&'a Recommendation>)> {
    let mut candidates = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        for (j, o) in found.iter().enumerate() {
            let s = similarity(&e.text, &o.text);
            if s >= 0.85 {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut partner: Vec<Option<usize>> = vec![None; expected.len()];
    let mut taken = vec![false; found.len()];
    for (_, i, j) in candidates {
        if partner[i].is_none() && !taken[j] {
            partner[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut rest = (0..found.len()).filter(|j| !taken[*j]);
    for p in &mut partner {
        if p.is_none() {
            *p = rest.next();
        }
    }
    let mut pairs: Vec<_> = expected
        .iter()
        .zip(&partner)
        .map(|(e, j)| (Some(e), j.map(|j| &found[j])))
        .collect();
    pairs.extend(rest.map(|j| (None, Some(&found[j]))));
    pairs
}

/// What is missing of an item's pair, for a message.
fn whose(gold: Option<&AgendaItem>, found: Option<&AgendaItem>) -> &'static str {
    match (gold, found) {
        (_, None) => " (item not found)",
        (None, _) => " (extra item)",
        _ => "",
    }
}

fn number(item: &AgendaItem) -> String {
    item.number
        .clone()
        .unwrap_or_else(|| short(&item.title, 24))
}

fn label(item: &AgendaItem) -> String {
    format!(
        "item {} {:?}",
        item.number.as_deref().unwrap_or("-"),
        short(&item.title, 50)
    )
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn text(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_string(), |s| format!("{s:?}"))
}

fn value<T: Display>(v: Option<T>) -> String {
    v.map_or_else(|| "null".to_string(), |v| v.to_string())
}

/// Case folded, with single spaces (score.py also applies NFKC, which these documents
/// do not need).
fn norm(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Both absent, or both present and at least `threshold` similar.
fn close(a: Option<&str>, b: Option<&str>, threshold: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => similarity(a, b) >= threshold,
        _ => false,
    }
}

/// How alike two texts are after [`norm`], from 0 to 1: twice the characters of their
/// longest common subsequence over the characters of both (the ratio score.py takes
/// from difflib, with the exact longest common subsequence for its matching blocks).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    let mut row = vec![0usize; b.len() + 1];
    for ca in &a {
        for (j, cb) in b.iter().enumerate() {
            row[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(row[j])
            };
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let common = prev[b.len()];
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

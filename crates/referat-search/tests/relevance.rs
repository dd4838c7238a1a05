//! Ranking quality on judged query sets: `tests/relevance.json` over the five sample
//! minutes, `tests/relevance-generated.json` over the generated corpus in
//! `fixtures/generated`. Mean reciprocal rank and recall in the first ten are held
//! above floors so that they cannot fall unnoticed.
//! `cargo test -p referat-search --test relevance -- --nocapture` prints the figures
//! and each query's ranks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use referat_archive::{Archive, Location};
use referat_search::{SearchIndex, Sort};
use referat_testkit::{ScratchDir, generated, meeting_id, read_document, samples};

/// Measured 2026-11-22; the floors leave a little room for ties that change order.
const MRR_FLOOR: f64 = 0.90;
const RECALL_FLOOR: f64 = 0.95;

/// Imports the documents and checks the judged queries against a fresh index of
/// them. `label` names a document's items in the judgments (`LABEL#NUMBER`).
async fn check(name: &str, documents: Vec<PathBuf>, label: impl Fn(&Path) -> String, set: &str) {
    let dir = ScratchDir::new(&format!("relevance-{name}"));
    let archive = Archive::open(&Location::Folder(dir.path().to_path_buf()))
        .await
        .unwrap();
    let mut label_of = HashMap::new();
    for path in &documents {
        let (doc, meeting) = read_document(path);
        let id = meeting_id(archive.import(&doc, &meeting).await.unwrap());
        label_of.insert(id, label(path));
    }
    let index = SearchIndex::in_memory();
    index.rebuild(&archive).await.unwrap();

    let set: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join(set),
        )
        .unwrap(),
    )
    .unwrap();
    let queries = set["queries"].as_array().unwrap();
    let (mut mrr, mut recall) = (0.0, 0.0);
    for q in queries {
        let text = q["q"].as_str().unwrap();
        let relevant: Vec<&str> = q["relevant"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let results = index.search(text, 10, Sort::Relevance).unwrap();
        let ranked: Vec<String> = results
            .hits
            .iter()
            .map(|h| format!("{}#{}", label_of[&h.meeting], h.number))
            .collect();
        let first = ranked.iter().position(|r| relevant.contains(&r.as_str()));
        let found = relevant
            .iter()
            .filter(|r| ranked.contains(&r.to_string()))
            .count();
        mrr += first.map_or(0.0, |p| 1.0 / (p + 1) as f64);
        recall += found as f64 / relevant.len() as f64;
        println!(
            "{text:?}: first relevant at {first:?}, {found}/{} in top 10: {ranked:?}",
            relevant.len()
        );
    }
    let n = queries.len() as f64;
    let (mrr, recall) = (mrr / n, recall / n);
    println!(
        "{name}: {} queries: MRR {mrr:.3}, Recall@10 {recall:.3}",
        queries.len()
    );
    assert!(
        mrr >= MRR_FLOOR,
        "{name}: MRR {mrr:.3} fell below {MRR_FLOOR}"
    );
    assert!(
        recall >= RECALL_FLOOR,
        "{name}: Recall@10 {recall:.3} fell below {RECALL_FLOOR}"
    );
}

#[tokio::test]
async fn ranking_on_the_samples_stays_above_its_floors() {
    let samples = samples("txt");
    assert_eq!(samples.len(), 5);
    // Items are named by the first three digits of the sample's file name.
    let label = |p: &Path| p.file_name().unwrap().to_string_lossy()[..3].to_string();
    check("samples", samples, label, "relevance.json").await;
}

#[tokio::test]
async fn ranking_on_a_generated_corpus_stays_above_its_floors() {
    let generated = generated();
    assert!(generated.len() > 20);
    let label = |p: &Path| p.file_stem().unwrap().to_string_lossy().into_owned();
    check("generated", generated, label, "relevance-generated.json").await;
}

#[test]
fn the_judged_sets_hold_at_least_thirty_queries() {
    let count = |set: &str| {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join(set),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["queries"].as_array().unwrap().len()
    };
    assert!(count("relevance.json") >= 30);
    assert!(count("relevance.json") + count("relevance-generated.json") >= 48);
}

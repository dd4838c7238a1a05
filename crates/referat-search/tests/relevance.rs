//! Ranking quality on a judged query set (`tests/relevance.json`): mean reciprocal
//! rank and recall in the first ten, held above floors so that they cannot fall
//! unnoticed. `cargo test -p referat-search --test relevance -- --nocapture` prints
//! the figures and each query's ranks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::path::Path;

use referat_archive::{Archive, Imported, Location, SourceDocument};
use referat_search::{SearchIndex, Sort};

/// Measured 2026-11-22; the floors leave a little room for ties that change order.
const MRR_FLOOR: f64 = 0.90;
const RECALL_FLOOR: f64 = 0.95;

#[tokio::test]
async fn ranking_stays_above_its_floors() {
    let dir = std::env::temp_dir().join(format!("referat-relevance-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let archive = Archive::open(&Location::Folder(dir)).await.unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples");
    let mut sample_of = HashMap::new();
    for prefix in ["000", "001", "002", "003", "004"] {
        let path = std::fs::read_dir(&samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "txt")
                    && p.file_name().unwrap().to_string_lossy().starts_with(prefix)
            })
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let meeting = referat_parse::parse(&String::from_utf8(bytes.clone()).unwrap()).unwrap();
        let Imported::New { meeting: id } = archive
            .import(&SourceDocument::new(&path, "text", &bytes), &meeting)
            .await
            .unwrap()
        else {
            panic!("not new")
        };
        sample_of.insert(id, prefix);
    }
    let index = SearchIndex::in_memory();
    index.rebuild(&archive).await.unwrap();

    let set: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let queries = set["queries"].as_array().unwrap();
    assert!(queries.len() >= 30);
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
            .map(|h| format!("{}#{}", sample_of[&h.meeting], h.number))
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
        "{} queries: MRR {mrr:.3}, Recall@10 {recall:.3}",
        queries.len()
    );
    assert!(mrr >= MRR_FLOOR, "MRR {mrr:.3} fell below {MRR_FLOOR}");
    assert!(
        recall >= RECALL_FLOOR,
        "Recall@10 {recall:.3} fell below {RECALL_FLOOR}"
    );
}

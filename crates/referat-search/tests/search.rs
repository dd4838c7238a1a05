//! Search over the five sample minutes, imported into a real archive: Danish words,
//! compounds, the query language, facets, and that closed items are never found.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use referat_archive::{Archive, Location, SourceDocument};
use referat_search::{Counting, Request, Results, SearchIndex, Sort};
use referat_testkit::{ScratchDir, import_samples, sample};

/// An archive of the five samples, in a scratch folder.
async fn archive(test: &str) -> (ScratchDir, Archive) {
    let dir = ScratchDir::new(&format!("search-{test}"));
    let archive = Archive::open(&Location::Folder(dir.path().to_path_buf()))
        .await
        .unwrap();
    assert_eq!(
        import_samples(&archive).await.len(),
        5,
        "the five sample minutes"
    );
    (dir, archive)
}

/// The archive of the five samples and an index of it.
async fn index(test: &str) -> (ScratchDir, Archive, SearchIndex) {
    let (dir, archive) = archive(test).await;
    let index = SearchIndex::in_memory();
    let n = index.rebuild(&archive).await.unwrap();
    assert_eq!(n, 40);
    (dir, archive, index)
}

fn search(index: &SearchIndex, q: &str) -> Results {
    index.search(q, 50, Sort::Relevance).unwrap()
}

#[tokio::test]
async fn queries_past_the_limits_are_refused() {
    let (_dir, _archive, index) = index("limits").await;
    let terms = |n: usize| vec!["a*"; n].join(" ");
    let too_many = index.search(
        &terms(referat_search::MAX_QUERY_TERMS + 1),
        10,
        Sort::Relevance,
    );
    assert!(matches!(
        too_many,
        Err(referat_search::SearchError::QueryTooLong)
    ));
    let too_long = "x".repeat(referat_search::MAX_QUERY_CHARS + 1);
    assert!(index.search(&too_long, 10, Sort::Relevance).is_err());
    assert!(
        index
            .search(&terms(referat_search::MAX_QUERY_TERMS), 10, Sort::Relevance)
            .is_ok()
    );
}

#[tokio::test]
async fn a_page_reads_its_own_hits_and_counts_to_its_bound() {
    let (_dir, _archive, index) = index("pages").await;
    let all = search(&index, "");
    let exact = search(&index, "kommune");
    assert!(exact.total > 6, "{}", exact.total);
    assert!(!exact.total_capped);
    let request = |offset, limit, counting| Request {
        offset,
        limit,
        sort: Sort::Relevance,
        counting,
    };
    // The second page of three is the hits after the first three, and nothing else.
    let page = index
        .search_with("kommune", &request(3, 3, Counting::Exact))
        .unwrap();
    let items = |r: &Results| r.hits.iter().map(|h| h.item).collect::<Vec<_>>();
    assert_eq!(items(&page), items(&exact)[3..6]);
    assert_eq!(page.total, exact.total);
    assert_eq!(page.forums, exact.forums);
    // Counted to a bound below the total: the bound, said to be one.
    let bounded = index
        .search_with("kommune", &request(0, 3, Counting::UpTo(5)))
        .unwrap();
    assert_eq!((bounded.total, bounded.total_capped), (5, true));
    assert_eq!(items(&bounded), items(&exact)[..3]);
    // Its facets count the best hits: fewer than all, never more.
    let counted: u64 = bounded.years.iter().map(|(_, n)| n).sum();
    assert!(counted > 0 && counted <= exact.total as u64, "{counted}");
    // A bound above the total counts exactly.
    let above = index
        .search_with("", &request(0, 3, Counting::UpTo(1_000)))
        .unwrap();
    assert_eq!((above.total, above.total_capped), (all.total, false));
    assert_eq!(above.forums, all.forums);
}

#[tokio::test]
async fn a_prefix_of_nothing_finds_nothing() {
    let (_dir, _archive, index) = index("prefix-nothing").await;
    assert_eq!(search(&index, "xyzzyq*").total, 0);
    assert_eq!(search(&index, "kommune xyzzyq*").total, 0);
}

fn titles(r: &Results) -> Vec<String> {
    r.hits.iter().map(|h| h.title.clone()).collect()
}

#[tokio::test]
async fn danish_words_and_compounds() {
    let (_dir, _archive, index) = index("words").await;
    // Inflected forms find each other through the stemmer.
    let singular = search(&index, "blodprøve");
    let plural = search(&index, "blodprøver");
    assert!(singular.total > 0);
    assert_eq!(singular.total, plural.total);
    // A part finds the compound: "tagning" inside "blodprøvetagning".
    let part = search(&index, "tagning");
    assert!(part.total > 0);
    assert!(
        part.hits
            .iter()
            .any(|h| h.snippet.to_lowercase().contains("blodprøvetagning")),
        "{:?}",
        part.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>()
    );
    // "klyngemidler" is found inside "sundhedsklyngemidler" too, and the whole word
    // ranks first.
    let midler = search(&index, "klyngemidler");
    let whole = search(&index, "sundhedsklyngemidler");
    assert!(midler.total >= whole.total && whole.total > 0);
    // The old spelling: Aalborg is Ålborg.
    assert_eq!(
        search(&index, "Ålborg").total,
        search(&index, "aalborg").total
    );
    assert!(search(&index, "aalborg").total > 0);
    // Snippets highlight and escape.
    let hit = &singular.hits[0];
    assert!(hit.snippet.contains("<b>"), "{}", hit.snippet);
    assert!(
        hit.link
            .starts_with(&format!("/meetings/{}#item-", hit.meeting))
    );
    // Nothing matches nonsense.
    assert_eq!(search(&index, "xyzzyqwerty").total, 0);
}

#[tokio::test]
async fn the_query_language() {
    let (_dir, _archive, index) = index("language").await;
    let all = search(&index, "");
    assert_eq!(all.total, 40);
    let referat = search(&index, "kind:referat");
    assert_eq!(referat.total, 40);
    assert_eq!(search(&index, "kind:dagsorden").total, 0);

    // Phrases are stricter than their words.
    let words = search(&index, "mobil blodprøvetagning");
    let phrase = search(&index, "\"mobil blodprøvetagning\"");
    assert!(phrase.total <= words.total);

    // Exclusion removes exactly the items with the excluded word.
    let with = search(&index, "drøftelse");
    let excluded = search(&index, "blodprøve");
    let without = search(&index, "drøftelse -blodprøve");
    assert!(
        without.total < with.total,
        "{} {}",
        without.total,
        with.total
    );
    let gone: Vec<i64> = excluded.hits.iter().map(|h| h.item).collect();
    assert!(without.hits.iter().all(|h| !gone.contains(&h.item)));
    assert_eq!(
        without.total,
        with.hits.iter().filter(|h| !gone.contains(&h.item)).count()
    );

    // Prefixes.
    assert!(search(&index, "sundhedsref*").total >= search(&index, "sundhedsreformen").total);

    // Filters: year and date ranges, forum, outcome.
    for hit in search(&index, "year:2025").hits {
        assert_eq!(hit.date.unwrap().year(), 2025, "{hit:?}");
    }
    let range = search(&index, "date:2022..2024");
    assert!(range.total > 0);
    for hit in &range.hits {
        let y = hit.date.unwrap().year();
        assert!((2022..=2024).contains(&y), "{hit:?}");
    }
    let nord = search(&index, "forum:\"Politisk Sundhedsklynge Nord\"");
    assert!(nord.total > 0);
    assert!(
        nord.hits
            .iter()
            .all(|h| h.forum.as_deref() == Some("Politisk Sundhedsklynge Nord"))
    );
    let adopted = search(&index, "outcome:adopted");
    assert_eq!(adopted.total, search(&index, "outcome:fulgt").total);
    assert!(adopted.total > 0 && adopted.total < 40);
    // A person who took part.
    assert!(search(&index, "person:Duedahl").total > 0);
    assert_eq!(search(&index, "person:Nobodyhere").total, 0);

    // Facets count everything found, not only what is shown.
    let r = index.search("", 1, Sort::Relevance).unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.forums.iter().map(|(_, n)| n).sum::<u64>(), 40);
    assert_eq!(r.years.iter().map(|(_, n)| n).sum::<u64>(), 40);

    // By date, newest first.
    let by_date = index.search("", 40, Sort::Date).unwrap();
    let dates: Vec<_> = by_date.hits.iter().map(|h| h.date.unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let _ = titles(&by_date);
}

#[tokio::test]
async fn closed_items_are_never_found() {
    let (_dir, archive) = archive("closed").await;
    let text = std::fs::read_to_string(sample("002_bdb304747eb2561f", "txt")).unwrap();
    let mut meeting = referat_parse::parse(&text).unwrap();
    meeting.date = meeting
        .date
        .map(|d| d.saturating_add(jiff::Span::new().days(7)));
    let secret = "Personsagen om hemmeligholdelsesord";
    meeting.items[1].closed = true;
    meeting.items[1].title = secret.into();
    meeting.items[1].decision = Some("hemmeligholdelsesord".into());
    archive
        .import(
            &SourceDocument::new(Path::new("/closed.txt"), "text", b"closed"),
            &meeting,
        )
        .await
        .unwrap();
    let index = SearchIndex::in_memory();
    index.rebuild(&archive).await.unwrap();
    assert_eq!(search(&index, "hemmeligholdelsesord").total, 0);
    assert_eq!(search(&index, "Personsagen").total, 0);
    assert_eq!(search(&index, "hemmelig*").total, 0);
    // Its open items are there.
    assert!(search(&index, "").total > 40);
}

/// An index written by an earlier referat, of another schema, is made again: the
/// first catch-up then fills it from the archive.
#[tokio::test]
async fn an_index_of_an_older_schema_is_rebuilt() {
    let (dir, archive) = archive("older-schema").await;
    let folder = dir.join("index");
    std::fs::create_dir_all(&folder).unwrap();
    {
        let mut schema = tantivy::schema::Schema::builder();
        schema.add_text_field("body", tantivy::schema::TEXT);
        let old = tantivy::Index::create_in_dir(&folder, schema.build()).unwrap();
        let mut writer = old.writer::<tantivy::TantivyDocument>(15_000_000).unwrap();
        writer.commit().unwrap();
    }
    let index = SearchIndex::open(&folder).unwrap();
    assert_eq!(index.len(), 0);
    index
        .catch_up(&archive, std::time::Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(index.len(), 40);
    assert!(!search(&index, "budget").hits.is_empty());
}

//! Full-text search over agenda items: a tantivy index beside the archive, Danish
//! analysis, the query language of [`query`], results with snippets and facet counts.
//!
//! The archive is the truth and the index a copy of its public part: items of closed
//! meetings parts (*lukkede punkter*) and superseded agendas are never handed to the
//! index ([`referat_archive::Archive::public_items`]). The index is derived and catches
//! up ([`SearchIndex::catch_up`]): each commit records the archive change it reflects,
//! and the archive's change log says what changed since; a lost index is rebuilt
//! with [`SearchIndex::rebuild`].

pub mod analysis;
pub mod query;
mod recent;
mod snippet;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::time::{Duration, Instant};

use referat_archive::{Archive, ArchiveError, ChangeState, Changes, PublicItem};
use referat_model::Date;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, Order, Searcher, TERMINATED,
    TantivyDocument, TantivyError, Term, doc,
};

use crate::query::{Clause, Filter};
use crate::recent::RecentResults;
use crate::snippet::Marker;

/// Why searching or indexing failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index at {}: {source}", path.display())]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("search: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// A query past what one search may ask: each term, a prefix above all, costs
    /// memory and time, and one request must not take the server's.
    #[error(
        "the query is too long: at most {MAX_QUERY_TERMS} terms and {MAX_QUERY_CHARS} characters"
    )]
    QueryTooLong,
    #[error("cannot create the index folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another process held the index's writer lock for longer than was waited.
    #[error("the search index at {} is being written by another process", path.display())]
    Busy { path: PathBuf },
}

/// The most terms (words, prefixes, phrases, filters) a query may have.
pub const MAX_QUERY_TERMS: usize = 32;
/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most index terms a prefix (`budget*`, or a word inside compounds) stands for:
/// its most frequent ones. Each is a posting list to go through; a common prefix
/// stands for hundreds, and one search must not read them all.
pub const MAX_PREFIX_TERMS: usize = 48;
/// With a bounded count, the facets of a search found more often than its bound are
/// counted over this many of the best hits (see [`Counting`]).
pub const FACET_DEPTH: usize = 200;

impl SearchError {
    /// Whether the query was at fault rather than the index: a server answers these
    /// with a 4xx.
    pub fn is_request_error(&self) -> bool {
        matches!(self, SearchError::QueryTooLong)
    }

    /// Whether the index (or the archive, read to follow it) could not write for
    /// want of space.
    pub fn is_disk_full(&self) -> bool {
        match self {
            SearchError::Index { source, .. } | SearchError::Tantivy(source) => {
                tantivy_disk_full(source)
            }
            SearchError::Archive(e) => e.is_disk_full(),
            SearchError::Folder { source, .. } => source.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

/// Whether a tantivy error comes from a full disk, wherever in its chain the I/O
/// error is.
fn tantivy_disk_full(e: &TantivyError) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull {
                return true;
            }
        }
        cause = c.source();
    }
    matches!(e, TantivyError::IoError(io) if io.kind() == std::io::ErrorKind::StorageFull)
}

/// What [`SearchIndex::catch_up`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatchUp {
    /// The index reflected the archive already.
    Current,
    /// The items of this many changed meetings were written again.
    Updated(usize),
    /// The index was rebuilt whole; this many items.
    Rebuilt(usize),
    /// Another process was writing the index; it is as that process left it.
    Busy,
}

/// How a commit's payload begins: the rest is the archive's identity and change
/// number.
const PAYLOAD: &str = "referat.index/1 ";

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest meeting first.
    Date,
}

/// One agenda item found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub item: i64,
    pub meeting: i64,
    pub forum: Option<String>,
    pub date: Option<Date>,
    pub number: String,
    pub title: String,
    /// A piece of the text around the matches, HTML-escaped, matches in `<b>`.
    pub snippet: String,
    /// The item's page in the web UI.
    pub link: String,
    pub score: f32,
    /// The words were found in the item's attachments and not in the text of the
    /// snippet: the snippet is then the start of the item's text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_attachments: bool,
}

/// How far a search counts what it finds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Counting {
    /// Every item found, and the facets of them all.
    #[default]
    Exact,
    /// Up to this many: a total above it is reported as the bound with
    /// [`Results::total_capped`], and the facets are then counted over the best
    /// [`FACET_DEPTH`] hits. Counting stops at the bound, so a common word costs no
    /// more than a rare one.
    UpTo(usize),
}

/// What one search asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Request {
    /// Hits to skip: the pages before the one shown.
    pub offset: usize,
    /// Hits to return after those.
    pub limit: usize,
    pub sort: Sort,
    pub counting: Counting,
}

/// The results of one search.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Results {
    /// Items found in all, beyond those returned; with `total_capped`, at least this
    /// many.
    pub total: usize,
    /// More than `total` items were found ([`Counting::UpTo`]), and the facets count
    /// the best [`FACET_DEPTH`] hits, not all.
    pub total_capped: bool,
    pub hits: Vec<Hit>,
    /// Counts of the items found, by forum, year and outcome, largest first.
    pub forums: Vec<(String, u64)>,
    pub years: Vec<(String, u64)>,
    pub outcomes: Vec<(String, u64)>,
}

#[derive(Clone, Copy)]
struct Fields {
    item: Field,
    meeting: Field,
    date_key: Field,
    forum: Field,
    forum_names: Field,
    date: Field,
    kind: Field,
    outcome: Field,
    person: Field,
    number: Field,
    title: Field,
    body: Field,
    parts: Field,
    /// The texts of the item's attachments the archive keeps: found, but ranked
    /// below the item's own words ([`ATTACHMENT_BOOST`]).
    attachments: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        item: s.add_i64_field("item", INDEXED | STORED | FAST),
        meeting: s.add_i64_field("meeting", INDEXED | STORED | FAST),
        date_key: s.add_u64_field("date_key", INDEXED | FAST),
        forum: s.add_text_field("forum", STORED),
        forum_names: s.add_text_field("forum_names", text(analysis::NAMES, false)),
        date: s.add_text_field("date", STORED),
        kind: s.add_text_field("kind", STRING),
        outcome: s.add_text_field("outcome", STRING),
        person: s.add_text_field("person", text(analysis::NAMES, false)),
        number: s.add_text_field("number", STORED),
        title: s.add_text_field("title", text(analysis::DANISH, true)),
        body: s.add_text_field("body", text(analysis::DANISH, true)),
        parts: s.add_text_field("parts", text(analysis::PARTS, false)),
        attachments: s.add_text_field("attachments", text(analysis::DANISH, false)),
        facets: s.add_facet_field("facets", FacetOptions::default()),
    };
    (s.build(), fields)
}

/// The search index of an archive.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// The opstamp of the commit the reader was last loaded at.
    loaded: AtomicU64,
    fields: Fields,
    path: PathBuf,
    recent: RecentResults,
}

impl SearchIndex {
    /// The index folder inside a data folder.
    pub fn folder(data: &Path) -> PathBuf {
        data.join("index")
    }

    /// Opens the index in `folder`, creating an empty one if there is none.
    pub fn open(folder: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(folder).map_err(|source| SearchError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema();
        let dir =
            tantivy::directory::MmapDirectory::open(folder).map_err(|e| SearchError::Index {
                path: folder.to_path_buf(),
                source: e.into(),
            })?;
        let index = match Index::open_or_create(dir, schema.clone()) {
            // An index of an older schema (written by an earlier referat): it is a
            // copy, so it is made again, empty, and the first catch-up fills it.
            Err(TantivyError::SchemaError(_)) => {
                let folder_error = |source| SearchError::Folder {
                    path: folder.to_path_buf(),
                    source,
                };
                std::fs::remove_dir_all(folder).map_err(folder_error)?;
                std::fs::create_dir_all(folder).map_err(folder_error)?;
                tantivy::directory::MmapDirectory::open(folder)
                    .map_err(TantivyError::from)
                    .and_then(|dir| Index::open_or_create(dir, schema))
            }
            opened => opened,
        }
        .map_err(|source| SearchError::Index {
            path: folder.to_path_buf(),
            source,
        })?;
        Ok(SearchIndex::with(index, fields, folder))
    }

    /// An index in memory, for tests and one-off searches.
    pub fn in_memory() -> SearchIndex {
        let (schema, fields) = schema();
        SearchIndex::with(Index::create_in_ram(schema), fields, Path::new(":memory:"))
    }

    fn with(index: Index, fields: Fields, path: &Path) -> SearchIndex {
        let tokenizers = index.tokenizers();
        tokenizers.register(analysis::DANISH, analysis::danish());
        tokenizers.register(analysis::PARTS, analysis::parts());
        tokenizers.register(analysis::NAMES, analysis::names());
        // A reader is only made after the first commit below, when there is one.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into();
        let reader = match reader {
            Ok(r) => r,
            Err(_) => {
                // An index that cannot be read yet is made readable by an empty commit.
                let _ = index
                    .writer::<TantivyDocument>(15_000_000)
                    .and_then(|mut w| w.commit());
                index
                    .reader_builder()
                    .reload_policy(tantivy::ReloadPolicy::Manual)
                    .try_into()
                    .unwrap_or_else(|_| unreachable_reader())
            }
        };
        SearchIndex {
            index,
            reader,
            // Not an opstamp: the first refresh reloads, as a commit may have come
            // between the reader's loading and any reading of the opstamp here.
            loaded: AtomicU64::new(u64::MAX),
            fields,
            path: path.to_path_buf(),
            recent: RecentResults::new(0),
        }
    }

    /// Keeps the results of recent searches, up to about `bytes`, until the index
    /// changes: a server's repeated queries are then answered without searching.
    pub fn keep_recent_results(&mut self, bytes: usize) {
        self.recent = RecentResults::new(bytes);
    }

    /// The results of this search if it was made on the index as it is now and is
    /// kept ([`SearchIndex::keep_recent_results`]): a server asks before it queues a
    /// search for a slot.
    pub fn recent(&self, text: &str, request: &Request) -> Option<Results> {
        let generation = self.reader.searcher().generation().generation_id();
        self.recent.get(generation, text, request)
    }

    /// Brings the index up to date with the archive's change log: the meetings
    /// changed since the change the index reflects are written again, or everything
    /// when the index reflects another archive, none, or a restore came between.
    /// Every commit records the change it reflects, so after a crash anywhere the
    /// next catch-up leaves the index as a fresh [`SearchIndex::rebuild`] would.
    ///
    /// Another process writing the index holds its lock: then this waits for it up
    /// to `wait` (a server asks again later, with none), and answers
    /// [`CatchUp::Busy`] with the reader reloaded to what that process committed.
    pub async fn catch_up(
        &self,
        archive: &Archive,
        wait: Duration,
    ) -> Result<CatchUp, SearchError> {
        let state = archive.change_state().await?;
        if self.reflects()?.as_ref() == Some(&state) {
            self.refresh()?;
            return Ok(CatchUp::Current);
        }
        let Some(writer) = self.writer(wait).await? else {
            self.refresh()?;
            return Ok(CatchUp::Busy);
        };
        // The state again, under the lock: the process that held it may have moved
        // the index, and the archive may have moved on.
        let state = archive.change_state().await?;
        let reflects = self.reflects()?;
        let changes = match &reflects {
            Some(r) if *r == state => {
                drop(writer);
                self.refresh()?;
                return Ok(CatchUp::Current);
            }
            Some(r) if r.identity == state.identity && r.seq < state.seq => {
                archive.changes(r.seq, state.seq).await?
            }
            // Another archive, an index from before the change log, or an archive
            // behind its index (restored from a backup): nothing to go on.
            _ => Changes::Everything,
        };
        match changes {
            Changes::Meetings(meetings) => {
                self.write(writer, archive, &meetings, false, &state)
                    .await?;
                Ok(CatchUp::Updated(meetings.len()))
            }
            Changes::Everything => {
                let meetings = archive.meeting_ids().await?;
                let items = self.write(writer, archive, &meetings, true, &state).await?;
                Ok(CatchUp::Rebuilt(items))
            }
        }
    }

    /// Rebuilds the whole index from the archive; returns the number of items. Waits
    /// for another process writing the index to finish.
    pub async fn rebuild(&self, archive: &Archive) -> Result<usize, SearchError> {
        let Some(writer) = self.writer(Duration::from_secs(600)).await? else {
            return Err(SearchError::Busy {
                path: self.path.clone(),
            });
        };
        // The change log's state before the items are read: they are at least as new
        // as it, and a change after it is written again by the next catch-up.
        let state = archive.change_state().await?;
        let meetings = archive.meeting_ids().await?;
        self.write(writer, archive, &meetings, true, &state).await
    }

    /// Reloads the reader if the index on disk changed (another process committed):
    /// a server's searches then see it.
    pub fn refresh(&self) -> Result<(), SearchError> {
        let opstamp = self.index.load_metas()?.opstamp;
        if self.loaded.swap(opstamp, AtomicOrdering::AcqRel) != opstamp {
            self.reader.reload()?;
        }
        Ok(())
    }

    /// The archive change the index reflects, from the payload of its last commit.
    fn reflects(&self) -> Result<Option<ChangeState>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|payload| {
            let (identity, seq) = payload.strip_prefix(PAYLOAD)?.split_once(' ')?;
            Some(ChangeState {
                identity: identity.to_string(),
                seq: seq.parse().ok()?,
            })
        }))
    }

    /// The index's writer, waiting up to `wait` while another process holds its lock.
    async fn writer(&self, wait: Duration) -> Result<Option<IndexWriter>, SearchError> {
        let started = Instant::now();
        loop {
            match self.index.writer::<TantivyDocument>(100_000_000) {
                Ok(w) => return Ok(Some(w)),
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    if started.elapsed() >= wait {
                        return Ok(None);
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    /// Replaces the items of these meetings (or of all, with `all`), reading them from
    /// the archive a slice of meetings at a time (a whole archive of items need never
    /// be in memory at once), and commits them with the change they reflect.
    async fn write(
        &self,
        mut writer: IndexWriter,
        archive: &Archive,
        meetings: &[i64],
        all: bool,
        reflects: &ChangeState,
    ) -> Result<usize, SearchError> {
        /// Meetings read at a time: some 20,000 items.
        const SLICE: usize = 2_000;
        let f = self.fields;
        if all {
            writer.delete_all_documents().map_err(|e| self.error(e))?;
        } else {
            for &m in meetings {
                writer.delete_term(Term::from_field_i64(f.meeting, m));
            }
        }
        let mut written = 0;
        for slice in meetings.chunks(SLICE) {
            let items = archive.public_items(Some(slice)).await?;
            for it in &items {
                writer
                    .add_document(self.document(it))
                    .map_err(|e| self.error(e))?;
            }
            written += items.len();
        }
        let mut commit = writer.prepare_commit().map_err(|e| self.error(e))?;
        commit.set_payload(&format!("{PAYLOAD}{} {}", reflects.identity, reflects.seq));
        commit.commit().map_err(|e| self.error(e))?;
        drop(writer);
        self.refresh()?;
        Ok(written)
    }

    /// A tantivy error with the index's folder.
    fn error(&self, source: TantivyError) -> SearchError {
        SearchError::Index {
            path: self.path.clone(),
            source,
        }
    }

    /// The index document of one item.
    fn document(&self, it: &PublicItem) -> TantivyDocument {
        let f = self.fields;
        let mut d = doc!(
            f.item => it.item,
            f.meeting => it.meeting,
            f.date_key => it.date.map_or(0, day_key),
            f.kind => it.kind.as_str(),
            f.number => it.number.clone(),
            f.title => it.title.clone(),
        );
        if let Some(forum) = &it.forum {
            d.add_text(f.forum, forum);
            d.add_text(f.forum_names, forum);
            d.add_facet(f.facets, Facet::from_path(["forum", forum.as_str()]));
        }
        if let Some(date) = it.date {
            d.add_text(f.date, date.to_string());
            d.add_facet(
                f.facets,
                Facet::from_path(["year", date.year().to_string().as_str()]),
            );
        }
        for o in &it.outcomes {
            d.add_text(f.outcome, o.as_str());
            d.add_facet(f.facets, Facet::from_path(["outcome", o.as_str()]));
        }
        for p in &it.people {
            d.add_text(f.person, p);
        }
        let body = it.body.join("\n\n");
        d.add_text(f.body, &body);
        d.add_text(f.parts, &it.title);
        d.add_text(f.parts, &body);
        for text in &it.attachments {
            d.add_text(f.attachments, text);
        }
        d
    }

    /// Number of items in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Searches; `limit` hits at most, the total and the facets counted exactly.
    pub fn search(&self, text: &str, limit: usize, sort: Sort) -> Result<Results, SearchError> {
        self.search_with(
            text,
            &Request {
                offset: 0,
                limit,
                sort,
                counting: Counting::Exact,
            },
        )
    }

    /// Searches for one page of hits: only those are read from the store and given
    /// snippets, and the count goes as far as `request.counting` asks.
    pub fn search_with(&self, text: &str, request: &Request) -> Result<Results, SearchError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong);
        }
        let clauses = query::parse(text);
        if clauses.len() > MAX_QUERY_TERMS {
            return Err(SearchError::QueryTooLong);
        }
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        if let Some(results) = self.recent.get(generation, text, request) {
            return Ok(results);
        }
        let (query, scoring) = self.build(&searcher, &clauses)?;
        let wanted = request.offset + request.limit.max(1);
        let bound = match request.counting {
            Counting::Exact => None,
            Counting::UpTo(n) => Some(n.max(wanted)),
        };
        let counted = count(&searcher, &*query, bound)?;
        // Facets over the best hits need that many of them; the page shows fewer.
        let depth = if counted.capped {
            wanted.max(FACET_DEPTH)
        } else {
            wanted
        };
        let top: Vec<(f32, DocAddress)> = match request.sort {
            Sort::Relevance => searcher.search(&query, &TopDocs::with_limit(depth))?,
            Sort::Date => searcher
                .search(
                    &query,
                    &TopDocs::with_limit(depth).order_by_u64_field("date_key", Order::Desc),
                )?
                .into_iter()
                .map(|(k, a)| (k as f32, a))
                .collect(),
        };
        let facets = if counted.capped {
            let mut facets = Facets::new(&searcher)?;
            for (_, address) in &top {
                facets.add(address.segment_ord, address.doc_id);
            }
            facets.labels()?
        } else {
            counted.facets
        };
        let snippets = self.marker(&searcher, &*scoring)?;
        let f = self.fields;
        let attachment_terms = terms_of(&*scoring, f.attachments);
        let shown = top.iter().skip(request.offset).take(request.limit.max(1));
        let mut hits = Vec::with_capacity(request.limit.min(top.len()));
        for &(score, address) in shown {
            let d: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let int = |field: Field| d.get_first(field).and_then(|v| v.as_i64()).unwrap_or(0);
            let body = d.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
            let (html, in_attachments) = match snippets.html(body) {
                Some(html) => (html, false),
                None => (
                    escape(&body.chars().take(200).collect::<String>()),
                    has_any(&searcher, address, &attachment_terms)?,
                ),
            };
            let meeting = int(f.meeting);
            let number = text(f.number).unwrap_or_default();
            hits.push(Hit {
                item: int(f.item),
                meeting,
                forum: text(f.forum),
                date: text(f.date).and_then(|d| d.parse().ok()),
                link: format!("/meetings/{meeting}#item-{number}"),
                number,
                title: text(f.title).unwrap_or_default(),
                snippet: html,
                score: if request.sort == Sort::Relevance {
                    score
                } else {
                    0.0
                },
                in_attachments,
            });
        }
        let results = Results {
            total: counted.total,
            total_capped: counted.capped,
            hits,
            forums: facets.sorted("forum"),
            years: facets.sorted("year"),
            outcomes: facets.sorted("outcome"),
        };
        self.recent.put(generation, text, request, &results);
        Ok(results)
    }

    /// What marks the scoring query's words of the body in snippets: its terms of
    /// the body field, each weighing the less the more items have it (as tantivy's
    /// snippet generator weighs them).
    fn marker(&self, searcher: &Searcher, scoring: &dyn Query) -> Result<Marker, SearchError> {
        let mut weights = std::collections::HashMap::new();
        for term in terms_of(scoring, self.fields.body) {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let freq = searcher.doc_freq(&term)?;
            if freq > 0 {
                weights.insert(text, 1.0 / (1.0 + freq as f32));
            }
        }
        Ok(Marker::new(weights, SNIPPET_CHARS))
    }

    /// The query for the clauses, and the part of it that scores (what snippets
    /// highlight).
    fn build(
        &self,
        searcher: &Searcher,
        clauses: &[Clause],
    ) -> Result<QueryAndScoring, SearchError> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut scoring: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in clauses {
            match clause {
                Clause::Not(inner) => {
                    if let Some(q) = self.clause(searcher, inner)? {
                        must.push((Occur::MustNot, q));
                    }
                }
                other => {
                    if let Some(q) = self.clause(searcher, other)? {
                        if !matches!(other, Clause::Filter(_)) {
                            scoring.push((Occur::Should, q.box_clone()));
                        }
                        must.push((Occur::Must, q));
                    }
                }
            }
        }
        if !must.iter().any(|(o, _)| *o == Occur::Must) {
            must.push((Occur::Must, Box::new(AllQuery)));
        }
        let scoring: Box<dyn Query> = if scoring.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(scoring))
        };
        // A query of one clause is that clause: a word's alternatives then stay a
        // plain union of terms, which tantivy ranks by skipping blocks that cannot
        // reach the top (block-max WAND), where a wrapper would make it score every
        // item found.
        let query = match <[_; 1]>::try_from(must) {
            Ok([(Occur::Must, only)]) => only,
            Ok(one) => Box::new(BooleanQuery::new(Vec::from(one))),
            Err(many) => Box::new(BooleanQuery::new(many)),
        };
        Ok((query, scoring))
    }

    fn clause(
        &self,
        searcher: &Searcher,
        clause: &Clause,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let f = self.fields;
        Ok(match clause {
            Clause::Word(w) => {
                let mut da = analysis::danish();
                let stems = analysis::terms(&mut da, w);
                let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (_, stem) in &stems {
                    for (field, boost) in [
                        (f.title, 2.0),
                        (f.body, 1.0),
                        (f.attachments, ATTACHMENT_BOOST),
                    ] {
                        options.push((Occur::Should, boosted(term(field, stem), boost)));
                    }
                }
                // Inside compounds: the word's stem (or the word, if a stop word) as
                // the start of a tail, each tail found a term of its own.
                let root = stems
                    .first()
                    .map(|(_, s)| s.clone())
                    .unwrap_or_else(|| fold(w));
                if root.chars().count() >= analysis::MIN_PART {
                    for tail in expand(searcher, f.parts, &root)? {
                        options.push((Occur::Should, boosted(term(f.parts, &tail), PART_BOOST)));
                    }
                }
                (!options.is_empty())
                    .then(|| Box::new(BooleanQuery::new(options)) as Box<dyn Query>)
            }
            Clause::Prefix(p) => {
                let p = fold(p);
                let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (field, boost) in [
                    (f.title, 1.0),
                    (f.body, 1.0),
                    (f.parts, 1.0),
                    (f.attachments, ATTACHMENT_BOOST),
                ] {
                    for t in expand(searcher, field, &p)? {
                        options.push((Occur::Should, boosted(term(field, &t), boost)));
                    }
                }
                // A prefix of nothing in the index finds nothing (left out, it would
                // leave the other clauses to find everything).
                Some(if options.is_empty() {
                    Box::new(EmptyQuery) as Box<dyn Query>
                } else {
                    Box::new(BooleanQuery::new(options))
                })
            }
            Clause::Phrase(words) => {
                let mut da = analysis::danish();
                let terms = analysis::terms(&mut da, &words.join(" "));
                let options: Vec<(Occur, Box<dyn Query>)> = [
                    (f.title, 1.0),
                    (f.body, 1.0),
                    (f.attachments, ATTACHMENT_BOOST),
                ]
                .into_iter()
                .filter_map(|(field, boost)| Some(boosted(phrase(field, &terms)?, boost)))
                .map(|q| (Occur::Should, q))
                .collect();
                (!options.is_empty())
                    .then(|| Box::new(BooleanQuery::new(options)) as Box<dyn Query>)
            }
            Clause::Filter(filter) => self.filter(filter),
            Clause::Not(_) => None,
        })
    }

    fn filter(&self, filter: &Filter) -> Option<Box<dyn Query>> {
        let f = self.fields;
        match filter {
            Filter::Forum(name) => {
                let mut names = analysis::names();
                phrase(f.forum_names, &analysis::terms(&mut names, name))
            }
            Filter::Person(name) => {
                let mut names = analysis::names();
                phrase(f.person, &analysis::terms(&mut names, name))
            }
            Filter::Kind(kind) => Some(term(f.kind, kind)),
            Filter::Outcome(o) => Some(term(f.outcome, outcome(o))),
            Filter::Date(from, to) => {
                let lower = from.as_deref().map_or(0, |d| date_key(Some(d)));
                let upper = to.as_deref().map_or(u64::MAX, |d| date_key(Some(d)));
                Some(Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_u64(f.date_key, lower)),
                    std::ops::Bound::Included(Term::from_field_u64(f.date_key, upper)),
                )))
            }
        }
    }
}

fn unreachable_reader() -> IndexReader {
    // An index that stays unreadable after a commit is beyond repair here; an empty
    // index in memory keeps the program going, and searches find nothing.
    let (schema, _) = schema();
    let index = Index::create_in_ram(schema);
    let _ = index
        .writer::<TantivyDocument>(15_000_000)
        .and_then(|mut w| w.commit());
    #[allow(clippy::expect_used)]
    index.reader().expect("a fresh in-memory index is readable")
}

/// A query, and the part of it that scores.
type QueryAndScoring = (Box<dyn Query>, Box<dyn Query>);

/// The terms of `query` in `field`, each once.
fn terms_of(query: &dyn Query, field: Field) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field && !terms.contains(term) {
            terms.push(term.clone());
        }
    });
    terms
}

/// Whether the item at `address` has one of `terms` (of one field): a walk of each
/// term's postings to the item, for the few hits a page shows.
fn has_any(searcher: &Searcher, address: DocAddress, terms: &[Term]) -> Result<bool, SearchError> {
    let segment = searcher.segment_reader(address.segment_ord);
    for term in terms {
        let index = segment.inverted_index(term.field())?;
        let postings = index
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(TantivyError::from)?;
        if let Some(mut postings) = postings {
            if postings.seek(address.doc_id) == address.doc_id {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// The weight of a word found inside a compound against the word itself.
const PART_BOOST: f32 = 0.3;

/// The weight of a word found in an item's attachments against the item's own text:
/// an item that says it itself comes first.
const ATTACHMENT_BOOST: f32 = 0.25;

/// The terms of `field` that start with `prefix`, the most frequent first, at most
/// [`MAX_PREFIX_TERMS`]: a prefix as terms, so that it is searched as a union of
/// terms and not as an automaton that reads every posting list it matches. The rarer
/// terms of a prefix that has more are left out; they are the fewest items.
fn expand(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<String>, SearchError> {
    let mut found: std::collections::HashMap<Vec<u8>, u64> = std::collections::HashMap::new();
    // No UTF-8 byte is 0xFF: every term with the prefix sorts below this.
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(0xFF);
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&upper)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut terms: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_PREFIX_TERMS);
    Ok(terms
        .into_iter()
        .filter_map(|(t, _)| String::from_utf8(t).ok())
        .collect())
}

/// What [`count`] found.
struct Counted {
    total: usize,
    /// The count stopped at its bound.
    capped: bool,
    /// The facets of everything counted; empty when capped.
    facets: FacetCounts,
}

/// Counts the items a query finds, with their facets, up to `bound` if there is one.
/// Nothing is scored: this is a walk over the matching items only.
fn count(
    searcher: &Searcher,
    query: &dyn Query,
    bound: Option<usize>,
) -> Result<Counted, SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    // With a bound, the items found are kept until the count is known to be whole:
    // the facets of a capped count are not theirs (see `Counting::UpTo`), and
    // reading them for a thousand items would be wasted. Without one, they are
    // counted as they come.
    let mut facets = Facets::new(searcher)?;
    let mut total = 0usize;
    let mut found: Vec<(u32, tantivy::DocId)> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let mut scorer = weight.scorer(segment, 1.0)?;
        let alive = segment.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                match bound {
                    Some(b) if total >= b => {
                        return Ok(Counted {
                            total,
                            capped: true,
                            facets: FacetCounts::default(),
                        });
                    }
                    Some(_) => found.push((ord, doc)),
                    None => facets.add(ord, doc),
                }
                total += 1;
            }
            doc = scorer.advance();
        }
    }
    for &(ord, doc) in &found {
        facets.add(ord, doc);
    }
    Ok(Counted {
        total,
        capped: false,
        facets: facets.labels()?,
    })
}

/// Facet counts by segment, by the facet field's ordinals.
struct Facets {
    readers: Vec<tantivy::fastfield::FacetReader>,
    counts: Vec<Vec<u64>>,
}

impl Facets {
    fn new(searcher: &Searcher) -> Result<Facets, SearchError> {
        let mut readers = Vec::new();
        let mut counts = Vec::new();
        for segment in searcher.segment_readers() {
            let reader = segment.facet_reader("facets")?;
            counts.push(vec![0; reader.num_facets()]);
            readers.push(reader);
        }
        Ok(Facets { readers, counts })
    }

    fn add(&mut self, segment: u32, doc: tantivy::DocId) {
        let segment = usize::try_from(segment).unwrap_or(usize::MAX);
        let (Some(reader), Some(counts)) =
            (self.readers.get(segment), self.counts.get_mut(segment))
        else {
            return;
        };
        for ord in reader.facet_ords(doc) {
            if let Some(n) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                *n += 1;
            }
        }
    }

    /// The counts by facet (`forum`, `year`, `outcome`) and value.
    fn labels(&self) -> Result<FacetCounts, SearchError> {
        let mut out = FacetCounts::default();
        let mut facet = Facet::root();
        for (reader, counts) in self.readers.iter().zip(&self.counts) {
            for (ord, &n) in counts.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                reader.facet_from_ord(ord as u64, &mut facet)?;
                if let [root, value] = facet.to_path().as_slice() {
                    *out.0
                        .entry((*root).to_string())
                        .or_default()
                        .entry((*value).to_string())
                        .or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

/// Counts by facet and value.
#[derive(Default)]
struct FacetCounts(std::collections::HashMap<String, std::collections::HashMap<String, u64>>);

impl FacetCounts {
    /// One facet's values, largest count first.
    fn sorted(&self, root: &str) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self
            .0
            .get(root)
            .map(|values| values.iter().map(|(k, n)| (k.clone(), *n)).collect())
            .unwrap_or_default();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// The outcomes by their record names, and the Danish words users may type.
fn outcome(word: &str) -> &str {
    match word {
        "fulgt" | "vedtaget" | "godkendt" | "tiltrådt" => "adopted",
        "ændret" | "tilføjelse" => "amended",
        "afvist" | "forkastet" => "rejected",
        "udsat" => "postponed",
        "uafklaret" | "åben" => "unresolved",
        other => other,
    }
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn phrase(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, only)] => Some(term(field, only)),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            terms
                .iter()
                .map(|(pos, t)| (*pos, Term::from_field_text(field, t)))
                .collect(),
        ))),
    }
}

/// Lower case with `aa` as `å`, as the analyzers leave a word.
fn fold(word: &str) -> String {
    word.to_lowercase().replace("aa", "å")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A date as the number `date_key` gives its text.
fn day_key(d: Date) -> u64 {
    let (y, m, d) = (d.year(), d.month(), d.day());
    u64::try_from(i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d)).unwrap_or(0)
}

/// `2024-03-07` → 20240307; unknown dates sort first.
fn date_key(date: Option<&str>) -> u64 {
    date.map(|d| d.chars().filter(char::is_ascii_digit).collect::<String>())
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

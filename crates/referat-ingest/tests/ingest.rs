//! The ingest pipeline over the real sample minutes: a document read, one imported, a
//! batch with bad files in it, the index following imports, and people corrections.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use referat_archive::{Archive, Imported, Location};
use referat_extract::{ExtractError, Extracted, Format, Limits};
use referat_ingest::{Failure, ImportError, Progress, ReadError, Tally};
use referat_model::WarningKind;
use referat_search::{SearchIndex, Sort};
use referat_testkit::ScratchDir;

/// One sample minutes file by its name.
fn sample(name: &str) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    referat_testkit::sample(stem, ext)
}

/// A fresh folder for one test, removed when the test ends.
struct Scratch(ScratchDir);

impl Scratch {
    fn new(test: &str) -> Scratch {
        Scratch(ScratchDir::new(&format!("ingest-{test}")))
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file into the folder and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

async fn archive(dir: &Scratch, name: &str) -> Archive {
    Archive::open(&Location::Folder(dir.join(name)))
        .await
        .unwrap()
}

fn hits(index: &SearchIndex, query: &str) -> u64 {
    index.search(query, 100, Sort::Relevance).unwrap().total as u64
}

/// What a batch told, in order.
#[derive(Debug, Default)]
struct Recorder {
    events: Vec<Event>,
}

#[derive(Debug, PartialEq)]
enum Event {
    Advanced {
        done: usize,
        total: usize,
        failed: usize,
    },
    Failed(PathBuf),
}

impl Progress for Recorder {
    fn advanced(&mut self, done: usize, total: usize, tally: &Tally) {
        self.events.push(Event::Advanced {
            done,
            total,
            failed: tally.failed.len(),
        });
    }

    fn failed(&mut self, failure: &Failure) {
        self.events.push(Event::Failed(failure.path.clone()));
    }
}

const UNDECODABLE: &[u8] = b"Referat\nM\xf8dedato: 1. maj 2024\nPunkt 1 \x81\x81\n";
const NOT_MINUTES: &[u8] = b"# referat\n\nAn open meeting-records system.\n\n## Usage\n\nRun `referat demo` and open the browser.\n";

#[test]
fn reading_names_the_file_and_the_line() {
    let dir = Scratch::new("read");
    let meeting =
        referat_ingest::read(&sample("003_dd0221cf35a3b247.docx"), Limits::default()).unwrap();
    assert_eq!(meeting.body.as_deref(), Some("Klyngestyregruppe Nord"));

    let undecodable = dir.file("minutes.txt", UNDECODABLE);
    let err = referat_ingest::read(&undecodable, Limits::default()).unwrap_err();
    assert!(
        matches!(
            &err,
            ReadError::Unreadable {
                line: Some(3),
                source: ExtractError::Undecodable { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.path(), undecodable);
    // The path is said once, not again by the extractor's own error.
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{}:3: cannot decode", undecodable.display())),
        "{message}"
    );
    assert_eq!(message.matches("minutes.txt").count(), 1, "{message}");

    let readme = dir.file("README.md", NOT_MINUTES);
    let err = referat_ingest::read(&readme, Limits::default()).unwrap_err();
    assert!(matches!(err, ReadError::NotMinutes { .. }), "{err:?}");

    let small = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    let err = referat_ingest::read_text(&sample("000_3da8c5a58e2149b5.txt"), small).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Unreadable {
                source: ExtractError::TooLarge { limit: 10, .. },
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn pages_the_reader_lost_are_warnings_on_the_record() {
    let text = std::fs::read_to_string(sample("002_bdb304747eb2561f.txt")).unwrap();
    let whole = referat_ingest::record(Extracted {
        text: text.clone(),
        format: Format::Text,
        encoding: None,
        warnings: Vec::new(),
    })
    .unwrap();
    let damaged = referat_ingest::record(Extracted {
        text,
        format: Format::Pdf,
        encoding: None,
        warnings: vec!["page 2 could not be read".to_string()],
    })
    .unwrap();
    assert_eq!(damaged.warnings.len(), whole.warnings.len() + 1);
    let last = damaged.warnings.last().unwrap();
    assert_eq!(last.kind, WarningKind::UnreadablePage);
    assert_eq!(last.message, "page 2 could not be read");
}

#[tokio::test]
async fn one_document_is_imported_and_the_index_follows_it() {
    let dir = Scratch::new("one");
    let archive = archive(&dir, "data").await;
    let index = SearchIndex::in_memory();
    let bytes = std::fs::read(sample("004_9285af0b1d2d00d2.txt")).unwrap();
    let limits = Limits::default();

    let imported =
        referat_ingest::import_document(&archive, &index, "upload/004.txt", &bytes, limits)
            .await
            .unwrap();
    let Imported::New { meeting } = imported else {
        panic!("{imported:?}")
    };
    assert_eq!(archive.meeting_ids().await.unwrap(), vec![meeting]);
    assert!(hits(&index, "forum:\"Klyngestyregruppe Nord\"") > 0);
    assert_eq!(
        index.len(),
        archive.public_items(None).await.unwrap().len() as u64
    );
    assert_eq!(hits(&index, "mobillaborantordningen"), 1);

    // The same bytes again change nothing.
    let again = referat_ingest::import_document(&archive, &index, "upload/004.txt", &bytes, limits)
        .await
        .unwrap();
    assert!(matches!(again, Imported::Unchanged { .. }), "{again:?}");

    // A new version under the same name replaces the meeting, in the index too.
    let text = String::from_utf8(bytes).unwrap();
    let changed = text.replace("mobillaborant", "mobilsygeplejerske");
    let replaced = referat_ingest::import_document(
        &archive,
        &index,
        "upload/004.txt",
        changed.as_bytes(),
        limits,
    )
    .await
    .unwrap();
    assert!(
        matches!(replaced, Imported::Replaced { meeting: m, .. } if m == meeting),
        "{replaced:?}"
    );
    assert_eq!(hits(&index, "mobillaborantordningen"), 0);
    assert_eq!(hits(&index, "mobilsygeplejerskeordningen"), 1);

    // What is not minutes is refused, typed, and nothing is written.
    let err = referat_ingest::import_document(&archive, &index, "README.md", NOT_MINUTES, limits)
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::NotMinutes(_)), "{err:?}");
    assert_eq!(archive.meeting_ids().await.unwrap(), vec![meeting]);
}

#[tokio::test]
async fn a_referat_takes_its_dagsorden_out_of_the_index() {
    let dir = Scratch::new("supersede");
    let archive = archive(&dir, "data").await;
    let index = SearchIndex::in_memory();
    let dagsorden = "# Dagsorden\n\n## Ældrerådet\n\nDato: 3. oktober 2023\n\n\
        Deltagere: Inge Madsen, Poul Erik Larsen\n\n## 1. Godkendelse af dagsorden\n\n\
        ### Indstilling\n\nDet indstilles, at dagsordenen godkendes.\n\n\
        ## 2. Frivillighedsstrategien\n\nSekretariatet orienterer om planlægningsfasen.\n";
    let referat = "# Referat\n\n## Ældrerådet\n\nDato: 3. oktober 2023\n\n\
        Deltagere: Inge Madsen, Poul Erik Larsen\n\n## 1. Godkendelse af dagsorden\n\n\
        ### Beslutning\n\nGodkendt.\n\n## 2. Frivillighedsstrategien\n\n\
        ### Beslutning\n\nTaget til efterretning.\n";
    let limits = Limits::default();
    referat_ingest::import_document(
        &archive,
        &index,
        "dagsorden.md",
        dagsorden.as_bytes(),
        limits,
    )
    .await
    .unwrap();
    assert_eq!(hits(&index, "frivillighedsstrategien kind:dagsorden"), 1);
    referat_ingest::import_document(&archive, &index, "referat.md", referat.as_bytes(), limits)
        .await
        .unwrap();
    assert_eq!(hits(&index, "frivillighedsstrategien kind:dagsorden"), 0);
    assert_eq!(hits(&index, "frivillighedsstrategien kind:referat"), 1);
    assert_eq!(index.len(), 2);
}

#[tokio::test]
async fn a_batch_goes_on_after_a_bad_document_and_reports_it() {
    let dir = Scratch::new("batch");
    let docs = dir.join("docs");
    // Name order is import order: each bad file has a good one after it.
    let copy = |from: &str, to: &str| {
        dir.file(&format!("docs/{to}"), &std::fs::read(sample(from)).unwrap())
    };
    copy("000_3da8c5a58e2149b5.txt", "a/000.txt");
    let empty = dir.file("docs/a/001-empty.txt", b"");
    copy("001_7e4b079eb24c41d2.docx", "a/002.docx");
    let undecodable = dir.file("docs/b/003-undecodable.txt", UNDECODABLE);
    copy("002_bdb304747eb2561f.pdf", "b/004.pdf");
    let readme = dir.file("docs/b/005-README.md", NOT_MINUTES);
    copy("003_dd0221cf35a3b247.txt", "b/006.txt");
    dir.file("docs/.hidden/007.txt", b"not looked at");
    let missing = dir.join("not-there");

    let found = referat_ingest::collect(&[docs.clone(), missing.clone()]);
    assert_eq!(found.files.len(), 7, "{:?}", found.files);
    assert_eq!(found.failures.len(), 1);
    assert_eq!(found.failures[0].path, missing);
    assert!(matches!(found.failures[0].reason, ImportError::Missing(_)));

    let archive = archive(&dir, "data").await;
    let index = SearchIndex::in_memory();
    let mut progress = Recorder::default();
    let tally = referat_ingest::import(
        &archive,
        &index,
        found.files.clone(),
        Limits::default(),
        3,
        &mut progress,
    )
    .await;

    assert_eq!((tally.imported, tally.unchanged, tally.replaced), (4, 0, 0));
    assert_eq!(tally.meetings.len(), 4);
    let failed: Vec<&Path> = tally.failed.iter().map(|f| f.path.as_path()).collect();
    assert_eq!(failed, [&empty, &undecodable, &readme]);
    assert!(matches!(
        tally.failed[0].reason,
        ImportError::Unreadable(ExtractError::Empty)
    ));
    assert!(matches!(
        tally.failed[1].reason,
        ImportError::Unreadable(ExtractError::Undecodable { line: 3, .. })
    ));
    assert!(matches!(tally.failed[2].reason, ImportError::NotMinutes(_)));
    // How the CLI prints a failure: the file, then the line where there is one.
    assert!(
        tally.failed[1]
            .to_string()
            .starts_with(&format!("{}: line 3: cannot decode", undecodable.display())),
        "{}",
        tally.failed[1]
    );

    // Each failure is told before it is counted, and every document is told.
    let told: Vec<&Event> = progress
        .events
        .iter()
        .filter(|e| matches!(e, Event::Failed(_)))
        .collect();
    assert_eq!(told.len(), 3);
    let at = |path: &Path| {
        progress
            .events
            .iter()
            .position(|e| *e == Event::Failed(path.to_path_buf()))
            .unwrap()
    };
    assert_eq!(
        progress.events[at(&undecodable) + 1],
        Event::Advanced {
            done: 4,
            total: 7,
            failed: 2
        }
    );
    assert_eq!(
        progress.events.last(),
        Some(&Event::Advanced {
            done: 7,
            total: 7,
            failed: 3
        })
    );

    // The index has followed every meeting written.
    let public = archive.public_items(None).await.unwrap().len() as u64;
    assert!(public > 0);
    assert_eq!(index.len(), public);

    // Again: the documents the archive has are skipped unread, by path and content.
    let mut progress = Recorder::default();
    let again = referat_ingest::import(
        &archive,
        &index,
        found.files,
        Limits::default(),
        2,
        &mut progress,
    )
    .await;
    assert_eq!(
        (
            again.imported,
            again.unchanged,
            again.replaced,
            again.failed.len()
        ),
        (0, 4, 0, 3)
    );
    assert_eq!(again.bytes, 0, "a known document was read and parsed again");
    assert!(again.meetings.is_empty());
}

#[tokio::test]
async fn an_export_is_restored_and_the_index_rebuilt() {
    let dir = Scratch::new("restore");
    let first = archive(&dir, "first").await;
    let index = SearchIndex::in_memory();
    let files = ["000_3da8c5a58e2149b5.txt", "004_9285af0b1d2d00d2.txt"].map(sample);
    let limits = Limits::default();
    referat_ingest::import(
        &first,
        &index,
        files.to_vec(),
        limits,
        1,
        &mut Recorder::default(),
    )
    .await;
    let mut export = Vec::new();
    first.export(&mut export).await.unwrap();
    let file = dir.file("export.jsonl", &export);

    let second = archive(&dir, "second").await;
    let restored_index = SearchIndex::in_memory();
    let tally = referat_ingest::import(
        &second,
        &restored_index,
        vec![file],
        limits,
        1,
        &mut Recorder::default(),
    )
    .await;
    assert!(tally.restored);
    assert_eq!(tally.imported, 2);
    assert!(tally.meetings.is_empty());
    assert_eq!(restored_index.len(), index.len());
    assert_eq!(hits(&restored_index, "mobillaborantordningen"), 1);
}

#[tokio::test]
async fn a_correction_reindexes_the_meetings_it_touches() {
    let dir = Scratch::new("people");
    let archive = archive(&dir, "data").await;
    let index = SearchIndex::in_memory();
    let files = referat_testkit::samples("txt");
    assert_eq!(files.len(), 5);
    referat_ingest::import(
        &archive,
        &index,
        files.to_vec(),
        Limits::default(),
        2,
        &mut Recorder::default(),
    )
    .await;
    let people = archive.people().await.unwrap();
    let id = |name: &str| people.iter().find(|p| p.name == name).unwrap().id;
    // Two people of different meetings.
    let (keep, other) = (id("Kirsten Morild"), id("Anne Wigh"));
    let kept = hits(&index, "person:\"Kirsten Morild\"");
    let others = hits(&index, "person:\"Anne Wigh\"");
    assert!(kept > 0 && others > 0);

    referat_ingest::merge_people(&archive, &index, keep, other)
        .await
        .unwrap();
    assert_eq!(hits(&index, "person:\"Kirsten Morild\""), kept + others);
    assert_eq!(hits(&index, "person:\"Anne Wigh\""), 0);
    assert_eq!(
        hits(&rebuilt(&archive).await, "person:\"Kirsten Morild\""),
        kept + others
    );

    let new = referat_ingest::split_person(&archive, &index, keep, "Anne Wigh")
        .await
        .unwrap();
    assert_ne!(new, keep);
    assert_eq!(hits(&index, "person:\"Kirsten Morild\""), kept);
    assert_eq!(hits(&index, "person:\"Anne Wigh\""), others);

    // A refused correction is the archive's error, typed.
    let err = referat_ingest::merge_people(&archive, &index, keep, keep)
        .await
        .unwrap_err();
    assert!(
        matches!(err, referat_ingest::UpdateError::Archive(_)),
        "{err:?}"
    );
}

async fn rebuilt(archive: &Archive) -> SearchIndex {
    let index = SearchIndex::in_memory();
    index.rebuild(archive).await.unwrap();
    index
}

/// A folder with a link to a file, a link back to itself and a named pipe: the
/// linked file is imported, the rest reported, and nothing waits on the pipe.
#[cfg(unix)]
#[test]
fn links_pipes_and_loops_in_a_folder_are_reported_not_read() {
    let dir = ScratchDir::new("ingest-collect");
    let root = dir.path().join("møder");
    std::fs::create_dir_all(&root).unwrap();
    let minutes = root.join("a.txt");
    std::fs::write(&minutes, "Referat").unwrap();
    std::os::unix::fs::symlink(&minutes, root.join("b-link.txt")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("c-loop")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("d-pipe"))
        .status()
        .is_ok_and(|s| s.success());
    let found = referat_ingest::collect(std::slice::from_ref(&root));
    assert_eq!(found.files, [root.join("a.txt"), root.join("b-link.txt")]);
    let reasons: Vec<String> = found
        .failures
        .iter()
        .map(|f| f.reason.to_string())
        .collect();
    assert!(reasons[0].starts_with("a link to a folder"), "{reasons:?}");
    if made {
        assert_eq!(
            reasons[1],
            "not a regular file but a named pipe; nothing was read"
        );
    }
    assert_eq!(found.failures.len(), 1 + usize::from(made));
}

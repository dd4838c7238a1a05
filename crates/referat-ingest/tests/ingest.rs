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

/// A folder of minutes beside its README, a table of sources and a picture: those
/// three are skipped and named, a not-minutes Markdown file under another name is
/// still a failure when read, and a README named on its own is read.
#[test]
fn a_folders_readme_and_files_of_no_document_format_are_skipped() {
    let dir = Scratch::new("skip");
    let minutes = dir.file("docs/2024-05-01.txt", b"Referat");
    let untitled = dir.file("docs/referat", b"Referat");
    let dated = dir.file("docs/Referat 24.04.2025", b"Referat");
    let notes = dir.file("docs/notes.MD", NOT_MINUTES);
    let readme = dir.file("docs/README.md", NOT_MINUTES);
    let sources = dir.file("docs/SOURCES.tsv", b"file\tblob\n2024-05-01.txt\t76f5\n");
    let picture = dir.file("docs/sub/logo.PNG", b"\x89PNG\r\n");
    let found = referat_ingest::collect(&[dir.join("docs")]);
    assert_eq!(found.files, [minutes, dated, notes, untitled]);
    let skipped: Vec<(&Path, String)> = found
        .skipped
        .iter()
        .map(|s| (s.path.as_path(), s.reason.to_string()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                readme.as_path(),
                "the folder's README; name the file itself to import it".to_string()
            ),
            (
                sources.as_path(),
                "not a document (.tsv); name the file itself to import it".to_string()
            ),
            (
                picture.as_path(),
                "not a document (.png); name the file itself to import it".to_string()
            ),
        ]
    );
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    // Named on their own, they are read (and fail there, as they are not minutes).
    let named = referat_ingest::collect(&[readme.clone(), sources.clone()]);
    assert_eq!(named.files, [readme, sources]);
    assert!(named.skipped.is_empty());
}

/// What the Greve corpus's JSON itself says, tallied here, apart from referat's
/// reading of it: per committee (`Udvalg.Navn`), its meetings' dates, items, and each
/// member listed in `Moede.Moededeltagere` with the dates of the meetings listing
/// them and whether they were absent from each.
#[derive(Debug, Default)]
struct Committee {
    dates: Vec<String>,
    items: usize,
    /// Member → (date, absent) of each meeting listing them.
    members: std::collections::BTreeMap<String, Vec<(String, bool)>>,
}

fn tally_greve(files: &[PathBuf]) -> std::collections::BTreeMap<String, Committee> {
    let mut committees: std::collections::BTreeMap<String, Committee> = Default::default();
    for file in files {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
        let committee = committees.entry(text(&json["Udvalg"]["Navn"])).or_default();
        // `Dato` is the local time of the meeting: `2025-09-08T17:15:00+02:00`.
        let date = text(&json["Moede"]["Dato"])[..10].to_string();
        committee.dates.push(date.clone());
        committee.items += json["Dagsordenpunkter"].as_array().unwrap().len();
        let mut listed: std::collections::BTreeMap<String, bool> = Default::default();
        for p in json["Moede"]["Moededeltagere"].as_array().unwrap() {
            // A substitute is listed as `Name (Stedfortræder for Other)`; the person
            // is the name.
            let name = text(&p["Name"]);
            let name = name.split(" (").next().unwrap().trim().to_string();
            let absent =
                p["Absent"].as_bool().unwrap() || p["ParticipationCancelled"].as_bool().unwrap();
            // Listed twice (as a member and as a substitute), present once is present.
            let entry = listed.entry(name).or_insert(absent);
            *entry &= absent;
        }
        for (name, absent) in listed {
            committee
                .members
                .entry(name)
                .or_default()
                .push((date.clone(), absent));
        }
    }
    committees
}

/// A whole municipality: Greve's 372 meetings of four years, each a new meeting, and
/// the archive's figures held to a tally taken from the JSON: the
/// meetings and items of each committee, the Byråd's two meetings of 8 September 2025
/// as two, each committee's members and their attendance over the time they sat,
/// and each member one person across the four years and the committees.
#[tokio::test]
async fn the_whole_of_greve_is_imported_and_its_figures_are_the_jsons() {
    let Some(greve) = referat_testkit::greve("greve") else {
        return;
    };
    let found = referat_ingest::collect(std::slice::from_ref(&greve));
    let skipped: Vec<String> = found.skipped.iter().map(|s| s.reason.to_string()).collect();
    assert_eq!(
        found.skipped.len(),
        2,
        "README.md and SOURCES.tsv: {skipped:?}"
    );
    let tally = tally_greve(&found.files);
    let meetings: usize = tally.values().map(|c| c.dates.len()).sum();
    let items: usize = tally.values().map(|c| c.items).sum();
    assert_eq!(
        (meetings, items),
        (372, 5550),
        "the corpus's README says so"
    );

    // Read as `referat import` reads them, on every core, and written in file order
    // as the batch writes them; without the search index, which in a debug build
    // would take most of the test's time and is tested on the samples.
    let files = found.files;
    let jobs = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let records: Vec<_> = std::thread::scope(|scope| {
        let chunks: Vec<_> = files
            .chunks(files.len().div_ceil(jobs))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|path| {
                            let bytes = std::fs::read(path).unwrap();
                            let doc = referat_archive::SourceDocument::new(
                                path,
                                "firstagenda-json",
                                &bytes,
                            );
                            (doc, referat_ingest::read(path, Limits::default()).unwrap())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|c| c.join().unwrap()).collect()
    });
    let dir = Scratch::new("greve");
    let archive = archive(&dir, "data").await;
    for (doc, meeting) in &records {
        let imported = archive.import(doc, meeting).await.unwrap();
        assert!(
            matches!(imported, Imported::New { .. }),
            "{}: {imported:?}",
            doc.path
        );
    }

    let forums = archive.forums().await.unwrap();
    let names: Vec<&str> = forums.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, tally.keys().map(String::as_str).collect::<Vec<_>>());
    let mut persons: std::collections::BTreeMap<String, std::collections::BTreeSet<i64>> =
        Default::default();
    for forum in &forums {
        let committee = &tally[&forum.name];
        let dates = |ds: &[String]| ds.iter().map(|d| d.parse().unwrap()).collect::<Vec<_>>();
        let (first, last) = {
            let d = dates(&committee.dates);
            (d.iter().min().copied(), d.iter().max().copied())
        };
        assert_eq!(
            (forum.meetings as usize, forum.first_date, forum.last_date),
            (committee.dates.len(), first, last),
            "{}",
            forum.name
        );
        let members = archive.forum_attendance(forum.id).await.unwrap();
        let got: Vec<&str> = members.iter().map(|m| m.person_name.as_str()).collect();
        let mut got_sorted = got.clone();
        got_sorted.sort_unstable();
        assert_eq!(
            got_sorted,
            committee
                .members
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            "{}: its members",
            forum.name
        );
        for m in &members {
            let seen = &committee.members[&m.person_name];
            let first = seen.iter().map(|(d, _)| d).min().unwrap();
            let last = seen.iter().map(|(d, _)| d).max().unwrap();
            let held = committee
                .dates
                .iter()
                .filter(|d| *d >= first && *d <= last)
                .count();
            let absent = seen.iter().filter(|(_, a)| *a).count();
            assert_eq!(
                (
                    m.first_seen.map(|d| d.to_string()),
                    m.last_seen.map(|d| d.to_string()),
                    m.held as usize,
                    m.listed as usize,
                    m.absent as usize,
                    m.present as usize
                ),
                (
                    Some(first.clone()),
                    Some(last.clone()),
                    held,
                    seen.len(),
                    absent,
                    seen.len() - absent
                ),
                "{}: {}",
                forum.name,
                m.person_name
            );
            persons
                .entry(m.person_name.clone())
                .or_default()
                .insert(m.person);
        }
    }
    // Each name is one person, whichever year and committee listed it.
    let split: Vec<_> = persons.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(split.is_empty(), "one name, several persons: {split:?}");
    let everyone: std::collections::BTreeSet<&String> =
        tally.values().flat_map(|c| c.members.keys()).collect();
    assert_eq!(persons.len(), everyone.len());
    // The Byråd met twice on 8 September 2025 (17:15 and 17:30): two meetings.
    let byraad = forums.iter().find(|f| f.name.starts_with("Byråd")).unwrap();
    let that_day = archive
        .meetings(&referat_archive::MeetingQuery {
            forum: Some(byraad.id),
            current_only: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.date.map(|d| d.to_string()).as_deref() == Some("2025-09-08"))
        .count();
    assert_eq!(that_day, 2);
}

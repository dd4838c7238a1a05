//! The archive on both backends: SQLite always, PostgreSQL when `REFERAT_TEST_POSTGRES`
//! names a server (`postgres://user@host/db`; each test creates a database of its
//! own there). Real sample minutes, read as `referat import` reads them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use referat_archive::{Archive, Imported, Location, SourceDocument};
use referat_model::Meeting;
use referat_testkit::{
    ScratchDir, generated, import_samples, postgres_admin_url, postgres_database, read_document,
    sample, samples,
};

/// A document that is not on disk: the record and bytes standing for its file.
fn doc(path: &str, content: &str) -> SourceDocument {
    SourceDocument::new(Path::new(path), "text", content.as_bytes())
}

/// A fresh, empty archive on each backend that is available, and the scratch folder
/// of the SQLite one.
async fn archives(test: &str) -> (ScratchDir, Vec<(String, Archive)>) {
    let dir = ScratchDir::new(&format!("archive-{test}"));
    let mut out = vec![(
        "sqlite".to_string(),
        Archive::open(&Location::Folder(dir.path().to_path_buf()))
            .await
            .unwrap(),
    )];
    if let Some(url) = postgres_admin_url(test) {
        let location = postgres_database(&url, test).await;
        out.push((
            "postgres".to_string(),
            Archive::open(&location).await.unwrap(),
        ));
    }
    (dir, out)
}

async fn export(archive: &Archive) -> String {
    let mut out = Vec::new();
    archive.export(&mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

async fn count(archive: &Archive, table: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(archive.pool())
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn import_is_idempotent_and_versions_replace() {
    let samples = samples("txt");
    assert_eq!(samples.len(), 5, "the five sample minutes");
    let (_dir, backends) = archives("versions").await;
    for (backend, archive) in backends {
        for path in &samples {
            let (doc, meeting) = read_document(path);
            assert!(
                matches!(
                    archive.import(&doc, &meeting).await.unwrap(),
                    Imported::New { .. }
                ),
                "{backend}"
            );
        }
        let items = count(&archive, "items").await;
        let attendance = count(&archive, "attendance").await;
        assert_eq!(count(&archive, "meetings").await, 5, "{backend}");
        assert_eq!(items, 40, "{backend}");

        // Again: nothing changes.
        let before = export(&archive).await;
        for path in &samples {
            let (doc, meeting) = read_document(path);
            assert!(
                matches!(
                    archive.import(&doc, &meeting).await.unwrap(),
                    Imported::Unchanged { .. }
                ),
                "{backend}"
            );
        }
        assert_eq!(export(&archive).await, before, "{backend}");

        // A changed file replaces its meeting, whole: six items become two.
        let (mut doc, mut meeting) = read_document(&sample("000_3da8c5a58e2149b5", "txt"));
        doc.sha256 = "0".repeat(64);
        meeting.items.truncate(2);
        assert!(
            matches!(
                archive.import(&doc, &meeting).await.unwrap(),
                Imported::Replaced { .. }
            ),
            "{backend}"
        );
        assert_eq!(count(&archive, "meetings").await, 5, "{backend}");
        assert_eq!(count(&archive, "items").await, items - 6 + 2, "{backend}");
        assert_eq!(count(&archive, "attendance").await, attendance, "{backend}");
        assert_eq!(count(&archive, "documents").await, 5, "{backend}");
    }
}

#[tokio::test]
async fn a_referat_supersedes_its_dagsorden() {
    let (_dir, backends) = archives("supersede").await;
    for (backend, archive) in backends {
        let (_, referat) = read_document(&samples("txt")[1]);
        let mut agenda = referat.clone();
        agenda.kind = referat_model::Kind::Dagsorden;
        for item in &mut agenda.items {
            item.decision = None;
        }
        archive
            .import(&doc("/dagsorden.txt", "a"), &agenda)
            .await
            .unwrap();
        archive
            .import(&doc("/referat.txt", "b"), &referat)
            .await
            .unwrap();
        use sqlx::Row;
        let rows = sqlx::query("SELECT kind, superseded_by FROM meetings ORDER BY id")
            .fetch_all(archive.pool())
            .await
            .unwrap();
        let state: Vec<(String, Option<i64>)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        assert_eq!(state[0].0, "dagsorden", "{backend}");
        assert!(state[0].1.is_some(), "{backend}: {state:?}");
        assert_eq!(state[1], ("referat".to_string(), None), "{backend}");
        // Memberships count the meeting once, from the referat.
        let once: i64 = sqlx::query("SELECT MAX(meetings) FROM memberships")
            .fetch_one(archive.pool())
            .await
            .unwrap()
            .get(0);
        assert_eq!(once, 1, "{backend}");
    }
}

#[tokio::test]
async fn a_forums_two_meetings_on_one_day_are_two() {
    // Greve's Byråd met twice on 8 September 2025, at 17:15 (extraordinary) and at
    // 17:30: the start time tells one meeting of a forum's day from another, while a
    // document without one is its forum's meeting of the day, as before.
    let (_dir, backends) = archives("two_a_day").await;
    for (backend, archive) in backends {
        let (_, referat) = read_document(&samples("txt")[1]);
        let at = |kind, hour, minute| {
            let mut m = referat.clone();
            m.kind = kind;
            m.start = referat_model::ClockTime::new(hour, minute);
            if kind == referat_model::Kind::Dagsorden {
                for item in &mut m.items {
                    item.decision = None;
                }
            }
            m
        };
        use referat_model::Kind::{Dagsorden, Referat};
        let mut ids = Vec::new();
        for (path, meeting) in [
            ("/early-dagsorden.txt", at(Dagsorden, 17, 15)),
            ("/late-dagsorden.txt", at(Dagsorden, 17, 30)),
            ("/late-referat.txt", at(Referat, 17, 30)),
            ("/early-referat.txt", at(Referat, 17, 15)),
        ] {
            match archive.import(&doc(path, path), &meeting).await.unwrap() {
                Imported::New { meeting } => ids.push(meeting),
                other => panic!("{backend}: {path} is a meeting of its own, not {other:?}"),
            }
        }
        use sqlx::Row;
        let superseded = || async {
            sqlx::query("SELECT id, superseded_by FROM meetings ORDER BY id")
                .fetch_all(archive.pool())
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect::<Vec<(i64, Option<i64>)>>()
        };
        // Each referat supersedes the dagsorden of its own time, not the other's.
        let expected = vec![
            (ids[0], Some(ids[3])),
            (ids[1], Some(ids[2])),
            (ids[2], None),
            (ids[3], None),
        ];
        assert_eq!(superseded().await, expected, "{backend}");

        // A changed file is a new version of its own meeting, not a new meeting.
        let mut changed = at(Referat, 17, 30);
        changed.items.truncate(1);
        let imported = archive
            .import(&doc("/late-referat.txt", "changed"), &changed)
            .await
            .unwrap();
        assert!(
            matches!(imported, Imported::Replaced { meeting, .. } if meeting == ids[2]),
            "{backend}: {imported:?}"
        );
        // A document without a time is a version of the first of the day's meetings
        // the archive has (the 17:30 referat, imported first), and folds nothing into
        // it: the two meetings stay two.
        let untimed = at(Referat, 0, 0);
        let untimed = Meeting {
            start: None,
            ..untimed
        };
        let imported = archive
            .import(&doc("/untimed-referat.txt", "untimed"), &untimed)
            .await
            .unwrap();
        assert!(
            matches!(imported, Imported::Replaced { meeting, .. } if meeting == ids[2]),
            "{backend}: {imported:?}"
        );
        assert_eq!(superseded().await, expected, "{backend}");
        // Each meeting counts once in its members' memberships: two that day.
        let most: i64 = sqlx::query("SELECT MAX(meetings) FROM memberships")
            .fetch_one(archive.pool())
            .await
            .unwrap()
            .get(0);
        assert_eq!(most, 2, "{backend}");
    }
}

/// The same forum a year later, with one name spelled differently and one new person
/// whose name is one letter from a member's.
fn next_year(meeting: &Meeting, rename: &[(&str, &str)]) -> Meeting {
    let mut next = meeting.clone();
    next.date = next
        .date
        .map(|d| d.saturating_add(jiff::Span::new().years(1)));
    next.weekday = None;
    for p in &mut next.participants {
        for (from, to) in rename {
            if p.name == *from {
                p.name = (*to).to_string();
            }
        }
    }
    next
}

/// The loose rule takes a spelling one letter off a known one only where the known
/// spelling's person sat in the same forum: in another forum it is someone else.
#[tokio::test]
async fn a_spelling_one_letter_off_in_another_forum_is_another_person() {
    let (_dir, backends) = archives("loose_forum").await;
    for (backend, archive) in backends {
        let (first_doc, first) = read_document(&sample("000_3da8c5a58e2149b5", "txt"));
        archive.import(&first_doc, &first).await.unwrap();
        let mut elsewhere = next_year(&first, &[("Pia Buus Pinstrup", "Pia Buus Pindstrup")]);
        elsewhere.body = Some("Et helt andet udvalg".into());
        archive
            .import(&doc("/elsewhere.txt", "elsewhere"), &elsewhere)
            .await
            .unwrap();
        let people = archive.people().await.unwrap();
        let pia = people
            .iter()
            .find(|p| p.name == "Pia Buus Pinstrup")
            .unwrap();
        assert_eq!(pia.variants, ["Pia Buus Pinstrup"], "{backend}");
        assert!(pia.merges.is_empty(), "{backend}");
        assert!(
            people
                .iter()
                .any(|p| p.name == "Pia Buus Pindstrup" && p.id != pia.id),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn people_are_one_across_documents_and_corrections_survive_reimport() {
    let (_dir, backends) = archives("people").await;
    for (backend, archive) in backends {
        let (first_doc, first) = read_document(&sample("000_3da8c5a58e2149b5", "txt"));
        archive.import(&first_doc, &first).await.unwrap();
        // "Pinstrup" → "Pindstrup": one letter in a long surname, same forum.
        // "Lone Olsen" → "Lone Olesen": a short surname; the rule does not take it.
        let second = next_year(
            &first,
            &[
                ("Pia Buus Pinstrup", "Pia Buus Pindstrup"),
                ("Lone Olsen", "Lone Olesen"),
            ],
        );
        let second_doc = doc("/next-year.txt", "next year");
        archive.import(&second_doc, &second).await.unwrap();

        let people = archive.people().await.unwrap();
        let pia = people
            .iter()
            .find(|p| p.name == "Pia Buus Pinstrup")
            .unwrap();
        assert_eq!(
            pia.variants,
            ["Pia Buus Pindstrup", "Pia Buus Pinstrup"],
            "{backend}"
        );
        assert_eq!(pia.meetings, 2, "{backend}");
        let (_, reason, manual) = &pia.merges[0];
        assert!(
            reason.contains("differ by one letter"),
            "{backend}: {reason}"
        );
        assert!(!manual);
        let olsen = people.iter().find(|p| p.name == "Lone Olsen").unwrap();
        let olesen = people.iter().find(|p| p.name == "Lone Olesen").unwrap();
        assert_ne!(olsen.id, olesen.id, "{backend}");

        // By hand: Olesen is Olsen; the Pindstrup spelling is someone else.
        archive.merge_people(olsen.id, olesen.id).await.unwrap();
        let split = archive
            .split_person(pia.id, "Pia Buus Pindstrup")
            .await
            .unwrap();

        // A changed version of the second document comes in: the corrections hold.
        let mut changed = second.clone();
        changed.location = Some("Et andet sted".into());
        archive
            .import(&doc("/next-year.txt", "next year, corrected"), &changed)
            .await
            .unwrap();
        let people = archive.people().await.unwrap();
        let olsen_now = people.iter().find(|p| p.id == olsen.id).unwrap();
        assert_eq!(
            olsen_now.variants,
            ["Lone Olesen", "Lone Olsen"],
            "{backend}"
        );
        assert_eq!(olsen_now.meetings, 2, "{backend}");
        assert!(
            olsen_now.merges.iter().any(|(_, _, manual)| *manual),
            "{backend}"
        );
        let pia_now = people.iter().find(|p| p.id == pia.id).unwrap();
        assert_eq!(pia_now.variants, ["Pia Buus Pinstrup"], "{backend}");
        let other = people.iter().find(|p| p.id == split).unwrap();
        assert_eq!(other.variants, ["Pia Buus Pindstrup"], "{backend}");
        assert_eq!(other.meetings, 1, "{backend}");

        // Mistakes are refused with a reason.
        assert!(archive.merge_people(olsen.id, olsen.id).await.is_err());
        assert!(
            archive
                .split_person(split, "Pia Buus Pindstrup")
                .await
                .is_err()
        );
        assert!(archive.merge_people(olsen.id, 999_999).await.is_err());
    }
}

#[tokio::test]
async fn export_and_restore_round_trip() {
    let (_dir, backends) = archives("roundtrip").await;
    for (backend, archive) in backends {
        assert_eq!(
            import_samples(&archive).await.len(),
            5,
            "the five sample minutes"
        );
        let people = archive.people().await.unwrap();
        archive
            .merge_people(people[0].id, people[1].id)
            .await
            .unwrap();
        let first = export(&archive).await;
        assert!(first.lines().count() > 100);

        let (_restored_dir, restored_backends) = archives("restored").await;
        for (other_backend, empty) in restored_backends {
            let restored = empty.restore(first.as_bytes()).await.unwrap();
            assert_eq!(restored, 5);
            assert_eq!(
                export(&empty).await,
                first,
                "{backend} → {other_backend}: the export of the restored archive differs"
            );
            // Restoring twice is refused: the archive is no longer empty.
            assert!(empty.restore(first.as_bytes()).await.is_err());
            // New imports continue after the restored ids.
            let (_, meeting) = read_document(&samples("txt")[2]);
            assert!(matches!(
                empty
                    .import(&doc("/new.txt", "new"), &meeting)
                    .await
                    .unwrap(),
                Imported::Replaced { .. }
            ));
        }
    }
}

#[tokio::test]
async fn a_bad_export_names_its_line() {
    let (_dir, backends) = archives("badexport").await;
    for (backend, archive) in backends {
        let bad = "{\"format\":\"referat.archive/1\"}\n{\"type\":\"forum\",\"id\":1}\n";
        let err = archive.restore(bad.as_bytes()).await.unwrap_err();
        assert!(
            err.to_string().starts_with("line 2 of the export"),
            "{backend}: {err}"
        );
        assert_eq!(
            count(&archive, "forums").await,
            0,
            "{backend}: nothing half restored"
        );
    }
}

/// A page view reads a meeting from its stored record; an export rebuilds it from its
/// rows. Both must be the same record, before and after an export is restored.
#[tokio::test]
async fn the_stored_record_is_the_record_the_rows_hold() {
    let (_dir, backends) = archives("record").await;
    for (backend, archive) in backends {
        assert_eq!(
            import_samples(&archive).await.len(),
            5,
            "the five sample minutes"
        );
        use sqlx::Row;
        let with_record: i64 =
            sqlx::query("SELECT COUNT(*) FROM meetings WHERE record IS NOT NULL")
                .fetch_one(archive.pool())
                .await
                .unwrap()
                .get(0);
        assert_eq!(with_record, 5, "{backend}");
        let exported = export(&archive).await;
        let mut checked = 0;
        for line in exported.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["type"] != "meeting" {
                continue;
            }
            let id = v["id"].as_i64().unwrap();
            let stored = archive.meeting(id).await.unwrap().unwrap();
            let rows: Meeting = serde_json::from_value(v["record"].clone()).unwrap();
            assert_eq!(stored.record, rows, "{backend}: meeting {id}");
            assert_eq!(serde_json::json!(stored.items), v["items"], "{backend}");
            assert_eq!(serde_json::json!(stored.persons), v["persons"], "{backend}");
            checked += 1;
        }
        assert_eq!(checked, 5, "{backend}");
    }
}

/// Person, forum, role, first and last date, meetings.
type MembershipRow = (i64, i64, String, Option<String>, Option<String>, i64);

#[tokio::test]
async fn memberships_added_meeting_by_meeting_equal_a_recount() {
    // Meetings new to the archive are added to the memberships one at a time; a
    // dagsorden and its referat, or a replaced meeting, recount them. Either way they
    // must be what counting every meeting that counts gives.
    let mut files = generated();
    files.extend(samples("txt").into_iter().take(3));
    use sqlx::Row;
    let (_dir, backends) = archives("memberships_recount").await;
    for (backend, archive) in backends {
        for file in &files {
            let (doc, meeting) = read_document(file);
            archive.import(&doc, &meeting).await.unwrap();
        }
        let rows = |sql: &'static str| {
            let pool = archive.pool().clone();
            async move {
                let mut out: Vec<MembershipRow> = sqlx::query(sql)
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                    .collect();
                out.sort();
                out
            }
        };
        let stored = rows(
            "SELECT person_id, forum_id, role, first_seen, last_seen, meetings FROM memberships",
        )
        .await;
        let recount = rows(
            "SELECT a.person_id, m.forum_id, COALESCE(a.role, ''), MIN(m.date), MAX(m.date), \
             COUNT(DISTINCT m.id) FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
             WHERE m.forum_id IS NOT NULL AND m.superseded_by IS NULL \
             GROUP BY a.person_id, m.forum_id, COALESCE(a.role, '')",
        )
        .await;
        assert!(
            stored.len() > 100,
            "{backend}: {} memberships",
            stored.len()
        );
        assert!(
            stored.iter().any(|m| m.5 > 1),
            "{backend}: no one met twice, so nothing was added to a membership"
        );
        assert_eq!(stored, recount, "{backend}");
    }
}

#[tokio::test]
async fn every_change_search_shows_is_in_the_change_log() {
    use referat_archive::Changes;
    let (_dir, backends) = archives("changes").await;
    for (backend, archive) in backends {
        let start = archive.change_state().await.unwrap();
        assert_eq!(start.seq, 0, "{backend}");
        let (_, referat) = read_document(&samples("txt")[1]);
        let mut agenda = referat.clone();
        agenda.kind = referat_model::Kind::Dagsorden;
        let dagsorden = match archive.import(&doc("/d.txt", "a"), &agenda).await.unwrap() {
            Imported::New { meeting } => meeting,
            other => panic!("{backend}: {other:?}"),
        };
        let after_dagsorden = archive.change_state().await.unwrap();
        assert_eq!(after_dagsorden.seq, 1, "{backend}");
        // The referat's change names the dagsorden it takes out of search.
        let referat_id = match archive.import(&doc("/r.txt", "b"), &referat).await.unwrap() {
            Imported::New { meeting } => meeting,
            other => panic!("{backend}: {other:?}"),
        };
        let now = archive.change_state().await.unwrap();
        assert_eq!(
            archive.changes(after_dagsorden.seq, now.seq).await.unwrap(),
            Changes::Meetings(vec![dagsorden, referat_id]),
            "{backend}"
        );
        // A document the archive has changes nothing search shows.
        archive.import(&doc("/r.txt", "b"), &referat).await.unwrap();
        archive
            .import(&doc("/copy.txt", "b"), &referat)
            .await
            .unwrap();
        assert_eq!(archive.change_state().await.unwrap(), now, "{backend}");
        assert_eq!(now.identity, start.identity, "{backend}");
        assert!(now.identity.len() >= 16, "{backend}: {}", now.identity);

        // A restore changes everything, in an archive of its own identity.
        let (_other_dir, others) = archives("changes_restore").await;
        let restored = others
            .into_iter()
            .find(|(b, _)| *b == backend)
            .map(|(_, a)| a)
            .unwrap();
        restored
            .restore(export(&archive).await.as_bytes())
            .await
            .unwrap();
        let state = restored.change_state().await.unwrap();
        assert_ne!(state.identity, now.identity, "{backend}");
        assert_eq!(
            restored.changes(0, state.seq).await.unwrap(),
            Changes::Everything,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_fetched_meeting_is_kept_with_where_it_came_from() {
    use referat_archive::{PortalMeeting, Provenance};
    let (_dir, backends) = archives("portal").await;
    for (backend, archive) in backends {
        let portal = "https://dagsordener.example.dk";
        let fetched = |id: &str, sha: &str, settled: bool| PortalMeeting {
            portal: portal.to_string(),
            portal_id: id.to_string(),
            link: format!("{portal}/vis?id={id}"),
            sha256: sha.to_string(),
            stamp: None,
            settled,
        };
        let (first, meeting) = read_document(&samples("txt")[0]);
        let imported = archive
            .import_fetched(&first, &meeting, &fetched("m1", &first.sha256, false))
            .await
            .unwrap();
        let Imported::New { meeting: id } = imported else {
            panic!("{backend}: {imported:?}")
        };
        let known = archive.fetched(portal).await.unwrap();
        assert_eq!(known.len(), 1, "{backend}");
        assert_eq!(known["m1"].sha256, first.sha256, "{backend}");
        assert!(!known["m1"].settled, "{backend}");
        assert_eq!(
            archive.provenance(id).await.unwrap(),
            Some(Provenance {
                portal: portal.to_string(),
                link: format!("{portal}/vis?id=m1"),
            }),
            "{backend}"
        );
        // Fetched again, the same bytes: only what the fetch found changes.
        archive
            .refetched(&fetched("m1", &first.sha256, true), known["m1"].document)
            .await
            .unwrap();
        assert!(
            archive.fetched(portal).await.unwrap()["m1"].settled,
            "{backend}"
        );
        assert_eq!(count(&archive, "portal_meetings").await, 1, "{backend}");
        // A meeting imported from a file has no portal.
        let (second, meeting) = read_document(&samples("txt")[1]);
        let Imported::New { meeting: other } = archive.import(&second, &meeting).await.unwrap()
        else {
            panic!("{backend}")
        };
        assert_eq!(archive.provenance(other).await.unwrap(), None, "{backend}");
        // An export keeps it, and a restore brings it back.
        let exported = export(&archive).await;
        assert!(
            exported.contains("\"type\":\"portal_meeting\""),
            "{backend}"
        );
        let (_restored_dir, restored) = archives("portal_restored").await;
        for (other_backend, empty) in restored {
            empty.restore(exported.as_bytes()).await.unwrap();
            assert_eq!(
                export(&empty).await,
                exported,
                "{backend} → {other_backend}"
            );
            assert!(empty.provenance(id).await.unwrap().is_some());
        }
    }
}

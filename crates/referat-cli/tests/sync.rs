//! `referat sync` against a real HTTP server on 127.0.0.1 that replays the Greve
//! corpus (`../shared/corpora/greve`) as a FirstAgenda portal's two endpoints: the
//! list of committees built from the files' `Udvalg`, `Id` and `Moede.Dato`, and each
//! meeting's file as it is. The server counts what it is asked, can change a
//! meeting, answer 429 and 500 now and then, and serve a malformed meeting or list.
//! Skipped where the shared corpus is not present.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use referat_testkit::ScratchDir;
use serde_json::{Value, json};

/// The corpus's files whose names start with `prefix`, in name order, or `None`
/// (and a note) where the shared corpus is not here.
fn greve(prefix: &str) -> Option<Vec<PathBuf>> {
    let dir = referat_testkit::greve(&format!("sync ({prefix})"))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no Greve files start with {prefix}");
    Some(files)
}

/// One meeting as the replayed portal serves it.
struct Served {
    id: String,
    committee: Value,
    when: Value,
    bytes: Vec<u8>,
    /// The version the list gives, when it gives stamps.
    stamp: u32,
}

/// The replayed portal: its meetings and what it was asked.
#[derive(Default)]
struct Portal {
    meetings: Mutex<Vec<Served>>,
    /// Every request, failed ones included.
    requests: AtomicUsize,
    /// Meetings answered with their bytes (200), by id.
    served: Mutex<HashMap<String, usize>>,
    /// Lists answered (200).
    lists: AtomicUsize,
    /// Every n-th request is answered 429 (with `Retry-After: 0`); 0 never.
    every_429: AtomicUsize,
    /// Every n-th request is answered 500; 0 never.
    every_500: AtomicUsize,
    faults: AtomicUsize,
    /// The list gives each meeting's version as `ReleasedDate`.
    stamps: AtomicBool,
    /// The list is answered with something that is not a list.
    malformed_list: AtomicBool,
    /// Attachment files answered, by the attachment's id.
    attachments_served: Mutex<HashMap<String, usize>>,
}

impl Portal {
    fn of(files: &[PathBuf]) -> Arc<Portal> {
        let meetings = files
            .iter()
            .map(|f| {
                let bytes = std::fs::read(f).unwrap();
                let v: Value = serde_json::from_slice(&bytes).unwrap();
                Served {
                    id: v["Id"].as_str().unwrap().to_string(),
                    committee: v["Udvalg"].clone(),
                    when: v["Moede"]["Dato"].clone(),
                    bytes,
                    stamp: 1,
                }
            })
            .collect();
        Arc::new(Portal {
            meetings: Mutex::new(meetings),
            ..Portal::default()
        })
    }

    /// The committees in the order their first meeting comes, each with its
    /// meetings in file order: the order `referat import` of the files takes them.
    fn list(&self) -> Vec<u8> {
        let stamps = self.stamps.load(Ordering::SeqCst);
        let mut committees: Vec<Value> = Vec::new();
        for m in self.meetings.lock().unwrap().iter() {
            let id = m.committee["Id"].clone();
            let at = match committees.iter().position(|c| c["Id"] == id) {
                Some(at) => at,
                None => {
                    let mut c = m.committee.clone();
                    c["Moeder"] = json!([]);
                    committees.push(c);
                    committees.len() - 1
                }
            };
            let mut entry = json!({"Id": m.id, "Dato": m.when});
            if stamps {
                entry["ReleasedDate"] = json!(format!("v{}", m.stamp));
            }
            committees[at]["Moeder"].as_array_mut().unwrap().push(entry);
        }
        serde_json::to_vec(&committees).unwrap()
    }

    /// Replaces a meeting's bytes (and moves its stamp on).
    fn change(&self, id: &str, mut change: impl FnMut(&[u8]) -> Vec<u8>) {
        let mut meetings = self.meetings.lock().unwrap();
        let m = meetings.iter_mut().find(|m| m.id == id).unwrap();
        m.bytes = change(&m.bytes);
        m.stamp += 1;
    }

    fn ids(&self) -> Vec<String> {
        let meetings = self.meetings.lock().unwrap();
        meetings.iter().map(|m| m.id.clone()).collect()
    }

    fn served(&self) -> HashMap<String, usize> {
        self.served.lock().unwrap().clone()
    }

    fn forget_served(&self) {
        self.served.lock().unwrap().clear();
        self.lists.store(0, Ordering::SeqCst);
    }

    /// Serves the portal on 127.0.0.1, on a thread of its own; its base URL.
    fn start(self: &Arc<Portal>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let router = axum::Router::new()
            .fallback(answer)
            .with_state(self.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, router).await.unwrap();
            });
        });
        format!("http://{addr}")
    }
}

async fn answer(State(portal): State<Arc<Portal>>, uri: Uri) -> Response {
    let n = portal.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let every = |a: &AtomicUsize| {
        let e = a.load(Ordering::SeqCst);
        e > 0 && n % e == 0
    };
    if every(&portal.every_429) {
        portal.faults.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            "slow down",
        )
            .into_response();
    }
    if every(&portal.every_500) {
        portal.faults.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response();
    }
    let path = uri.path();
    if path == "/api/agenda/udvalgsliste" {
        portal.lists.fetch_add(1, Ordering::SeqCst);
        if portal.malformed_list.load(Ordering::SeqCst) {
            return (StatusCode::OK, "<html><body>Vedligehold</body></html>").into_response();
        }
        return (StatusCode::OK, portal.list()).into_response();
    }
    // An attachment: its file where the file is asked for, as the portal's PDF
    // button asks; else the portal's page about it.
    if let Some(id) = path
        .strip_prefix("/vis/pdf/bilag/")
        .and_then(|rest| rest.strip_suffix('/'))
    {
        if uri.query() != Some("redirectDirectlyToPdf=true") {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html")],
                "<!DOCTYPE html><html><body>Bilag</body></html>",
            )
                .into_response();
        }
        *portal
            .attachments_served
            .lock()
            .unwrap()
            .entry(id.to_string())
            .or_default() += 1;
        let pdf = referat_testkit::text_pdf(&[
            &format!("Bilag {id}"),
            "Notat om zqvandparken og dens drift",
        ]);
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/pdf")],
            pdf,
        )
            .into_response();
    }
    if let Some(id) = path.strip_prefix("/api/agenda/dagsorden/") {
        let bytes = {
            let meetings = portal.meetings.lock().unwrap();
            meetings
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.bytes.clone())
        };
        if let Some(bytes) = bytes {
            *portal
                .served
                .lock()
                .unwrap()
                .entry(id.to_string())
                .or_default() += 1;
            return (StatusCode::OK, bytes).into_response();
        }
    }
    (StatusCode::NOT_FOUND, "not found").into_response()
}

fn referat(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap()
}

/// `referat sync URL --delay 0 …`, its output checked to have run.
fn sync(url: &str, data: &Path, more: &[&str]) -> Output {
    let mut args = vec!["sync", url, "--delay", "0", "--backoff", "5"];
    args.extend_from_slice(more);
    referat(&args, data)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The export's lines, parsed.
fn export(data: &Path) -> Vec<Value> {
    let out = referat(&["export"], data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn of_type<'a>(lines: &'a [Value], kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    lines.iter().filter(move |l| l["type"] == kind)
}

/// The portal meeting ids the archive has fetched and imported.
fn imported_ids(data: &Path) -> BTreeSet<String> {
    of_type(&export(data), "portal_meeting")
        .map(|l| l["portal_id"].as_str().unwrap().to_string())
        .collect()
}

/// The export with what legitimately differs between a sync and an import of the
/// same files taken out: where each was kept (the document's path) and when
/// (`imported_at`, `modified_at`, a merge's `made_at`), and the sync's provenance
/// lines. The documents' hashes, every record, id, person and membership stay.
fn normalised(lines: Vec<Value>) -> Vec<String> {
    lines
        .into_iter()
        .filter(|l| l["type"] != "portal_meeting")
        .map(|mut l| {
            for field in ["path", "imported_at", "modified_at", "made_at"] {
                if l.get(field).is_some() {
                    l[field] = Value::Null;
                }
            }
            l.to_string()
        })
        .collect()
}

#[test]
fn the_whole_municipality_then_only_the_list_and_the_same_archive_as_an_import() {
    let Some(files) = greve("") else { return };
    assert_eq!(files.len(), 372);
    let portal = Portal::of(&files);
    let url = portal.start();
    let dir = ScratchDir::new("sync-all");
    let data = dir.join("synced");

    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("372 meetings listed: 372 new, 0 changed, 0 unchanged"),
        "{text}"
    );
    assert_eq!(portal.served().len(), 372);
    assert!(portal.served().values().all(|&n| n == 1));

    // A second run asks for the list and nothing else, and imports nothing.
    let before = portal.requests.load(Ordering::SeqCst);
    portal.forget_served();
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("0 new, 0 changed, 0 unchanged, 372 not fetched"),
        "{text}"
    );
    assert_eq!(portal.requests.load(Ordering::SeqCst) - before, 1);
    assert!(portal.served().is_empty());

    // The archive is the one `referat import` makes of the same files.
    let imported = dir.join("imported");
    let mut args = vec!["import", "--read-in-process"];
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let out = referat(&args, &imported);
    assert!(out.status.success(), "{}", stdout(&out));
    let synced = export(&data);
    assert_eq!(of_type(&synced, "portal_meeting").count(), 372);
    assert_eq!(of_type(&synced, "document").count(), 372);
    let (synced, imported) = (normalised(synced), normalised(export(&imported)));
    assert_eq!(synced.len(), imported.len());
    for (s, i) in synced.iter().zip(&imported) {
        assert_eq!(s, i);
    }
}

/// A few meetings of one committee: the cases that need no more.
fn few() -> Option<Vec<PathBuf>> {
    greve("kultur-og-fritidsudvalget_2023")
}

#[test]
fn a_changed_meeting_is_a_new_version_and_the_page_names_its_source() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    portal.stamps.store(true, Ordering::SeqCst);
    let url = portal.start();
    let dir = ScratchDir::new("sync-change");
    let data = dir.join("data");
    let out = sync(&url, &data, &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    let before = export(&data);
    let meetings = of_type(&before, "meeting").count();

    let changed = portal.ids()[2].clone();
    portal.change(&changed, |bytes| {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        // The first item's title (the first name that is not empty), as the portal
        // would correct it.
        let key = "\"Navn\": \"";
        let at = text
            .match_indices(key)
            .map(|(at, _)| at + key.len())
            .find(|&at| !text[at..].starts_with('"'))
            .unwrap();
        format!("{}Rettet: {}", &text[..at], &text[at..]).into_bytes()
    });
    portal.forget_served();
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 new, 1 changed, 0 unchanged"), "{text}");
    let fetched: Vec<String> = portal.served().into_keys().collect();
    assert_eq!(fetched, std::slice::from_ref(&changed));
    let after = export(&data);
    assert_eq!(
        of_type(&after, "meeting").count(),
        meetings,
        "not a duplicate"
    );
    assert_eq!(
        of_type(&after, "document").count(),
        of_type(&before, "document").count()
    );
    let document = of_type(&after, "portal_meeting")
        .find(|l| l["portal_id"] == changed.as_str())
        .unwrap()["document"]
        .clone();
    let meeting = of_type(&after, "meeting")
        .find(|m| m["document"] == document)
        .unwrap();
    assert!(
        meeting["record"].to_string().contains("Rettet: "),
        "the new version's content"
    );
    // The kept source is the new version's bytes.
    let doc = of_type(&after, "document")
        .find(|d| d["id"] == document)
        .unwrap();
    let kept = std::fs::read(doc["path"].as_str().unwrap()).unwrap();
    assert!(String::from_utf8_lossy(&kept).contains("Rettet: "));

    // The meeting's page names the portal and links to the meeting there.
    let id = meeting["id"].as_i64().unwrap();
    let page = served_page(&data, &format!("/meetings/{id}"));
    let link = format!("href=\"{url}/vis?id={changed}\"");
    assert!(page.contains(&link), "{link} not in {page}");
    assert!(page.contains("Kilde"));
}

/// A page of `referat serve` on the data folder.
fn served_page(data: &Path, path: &str) -> String {
    served_pages(data, &[path]).remove(0)
}

/// Pages of one `referat serve` on the data folder, each whole (head and body).
fn served_pages(data: &Path, paths: &[&str]) -> Vec<String> {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let serving = lines.next().unwrap().unwrap();
    let addr = serving
        .strip_prefix("serving http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{serving}"))
        .to_string();
    let pages = paths
        .iter()
        .map(|path| referat_testkit::http_get(&addr, path))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    pages
}

/// The ids of the attachments of a meeting's items (`Bilag`), and of its closed ones.
fn attachment_ids(meeting: &Value) -> Vec<String> {
    meeting["Dagsordenpunkter"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|item| item["Bilag"].as_array().cloned().unwrap_or_default())
        .map(|b| b["Id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn attachments_of_public_items_are_fetched_once_kept_searched_and_served() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let ids = portal.ids();
    // One item made closed, one titled with the word the attachment files hold.
    let with_attachments = |v: &Value| {
        v["Dagsordenpunkter"]
            .as_array()
            .unwrap()
            .iter()
            .position(|i| i["Bilag"].as_array().is_some_and(|b| !b.is_empty()))
    };
    let mut closed_ids = Vec::new();
    portal.change(&ids[0], |bytes| {
        let mut v: Value = serde_json::from_slice(bytes).unwrap();
        let at = with_attachments(&v).unwrap();
        let item = &mut v["Dagsordenpunkter"][at];
        item["Navn"] = json!(format!("Lukket punkt: {}", item["Navn"].as_str().unwrap()));
        closed_ids = attachment_ids(&json!({"Dagsordenpunkter": [item.clone()]}));
        serde_json::to_vec(&v).unwrap()
    });
    let titled = portal.ids()[1].clone();
    portal.change(&titled, |bytes| {
        let mut v: Value = serde_json::from_slice(bytes).unwrap();
        v["Dagsordenpunkter"][0]["Navn"] = json!("Zqvandparken: status");
        serde_json::to_vec(&v).unwrap()
    });
    assert!(!closed_ids.is_empty());
    let mut public_ids: BTreeSet<String> = BTreeSet::new();
    for m in portal.meetings.lock().unwrap().iter() {
        public_ids.extend(attachment_ids(&serde_json::from_slice(&m.bytes).unwrap()));
    }
    for id in &closed_ids {
        public_ids.remove(id);
    }
    let url = portal.start();
    let dir = ScratchDir::new("sync-attachments");
    let data = dir.join("data");

    let out = sync(&url, &data, &["--attachments"]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("{} attachment files fetched", public_ids.len())),
        "{text}"
    );
    // Each public item's attachment once; a closed item's never.
    let served = portal.attachments_served.lock().unwrap().clone();
    assert_eq!(served.keys().cloned().collect::<BTreeSet<_>>(), public_ids);
    assert!(served.values().all(|&n| n == 1), "{served:?}");
    for id in &closed_ids {
        assert!(
            !served.contains_key(id),
            "the closed item's {id} was fetched"
        );
    }
    // Kept by content hash.
    let kept: Vec<PathBuf> = std::fs::read_dir(data.join("attachments"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), public_ids.len());
    for path in &kept {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(sha256(&std::fs::read(path).unwrap()), name);
    }

    // Searched as part of their items, below an item that has the word itself.
    let search = referat(
        &["search", "--json", "--limit", "500", "zqvandparken"],
        &data,
    );
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    let results: Value = serde_json::from_slice(&search.stdout).unwrap();
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits[0]["title"], "Zqvandparken: status", "{hits:#?}");
    assert!(
        hits.len() > 10,
        "items found by their attachments: {}",
        hits.len()
    );
    // Each found by its attachments says so; the one with the word itself does not.
    assert!(hits[0].get("in_attachments").is_none(), "{:#?}", hits[0]);
    assert!(
        hits[1..].iter().all(|h| h["in_attachments"] == true),
        "{hits:#?}"
    );
    assert!(
        hits.iter()
            .all(|h| !h["title"].as_str().unwrap().starts_with("Lukket")),
        "a closed item is never found"
    );

    // Served on the meeting page, and the file itself.
    let export = export(&data);
    let meeting = of_type(&export, "meeting")
        .find(|m| {
            m["record"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["attachment_links"].is_array() && i.get("closed").is_none())
        })
        .unwrap();
    let id = meeting["id"].as_i64().unwrap();
    let page = served_page(&data, &format!("/meetings/{id}"));
    let href = page
        .split("href=\"/attachments/")
        .nth(1)
        .unwrap_or_else(|| panic!("no attachment link in {page}"));
    let sha = &href[..64];
    let pages = served_pages(&data, &[&format!("/attachments/{sha}"), "/attachments/00"]);
    assert!(
        pages[0].starts_with("HTTP/1.1 200"),
        "{}",
        &pages[0][..200.min(pages[0].len())]
    );
    assert!(pages[0].contains("content-type: application/pdf"));
    assert!(pages[0].contains("Notat om zqvandparken"));
    assert!(pages[1].starts_with("HTTP/1.1 404"));
    assert!(
        page.contains("på portalen"),
        "the portal's page beside the kept copy"
    );
    let found = served_page(&data, "/search?q=zqvandparken");
    assert!(
        found.contains("Søgeordene står i et af punktets bilag."),
        "{found}"
    );

    // A second run asks for the list and the unsettled meetings only: no attachment
    // again.
    portal.attachments_served.lock().unwrap().clear();
    let out = sync(&url, &data, &["--attachments"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 attachment files fetched"), "{text}");
    assert!(portal.attachments_served.lock().unwrap().is_empty());
}

#[test]
fn without_stamps_a_settled_meeting_is_not_fetched_again() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let url = portal.start();
    let dir = ScratchDir::new("sync-settled");
    let data = dir.join("data");
    assert!(sync(&url, &data, &[]).status.success());
    let changed = portal.ids()[0].clone();
    portal.change(&changed, |bytes| [bytes, b" "].concat());
    portal.forget_served();
    let out = sync(&url, &data, &[]);
    assert!(out.status.success());
    // Finished meetings (`Afsluttet`) of long ago are settled: the list, which gives
    // no stamps here, is all that is asked for.
    assert!(portal.served().is_empty(), "{:?}", portal.served());
    assert_eq!(portal.lists.load(Ordering::SeqCst), 1);
}

#[test]
fn a_killed_sync_resumes_and_fetches_nothing_imported_twice() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let url = portal.start();
    let dir = ScratchDir::new("sync-kill");
    let data = dir.join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["sync", &url, "--delay", "50", "--data"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed (SIGKILL: no chance to tidy up) after the list and a few meetings.
    let kill_after = 5;
    while portal.requests.load(Ordering::SeqCst) < kill_after {
        if child.try_wait().unwrap().is_some() {
            panic!("the sync ended before it was killed");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let imported = imported_ids(&data);
    assert!(
        !imported.is_empty() && imported.len() < files.len(),
        "{imported:?}"
    );

    portal.forget_served();
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let again: BTreeSet<String> = portal.served().into_keys().collect();
    assert!(
        again.is_disjoint(&imported),
        "fetched twice: {:?}",
        again.intersection(&imported).collect::<Vec<_>>()
    );
    let all = imported_ids(&data);
    assert_eq!(all.len(), files.len());
    // Every document's kept bytes are those its hash names; none left half-written.
    let lines = export(&data);
    for doc in of_type(&lines, "document") {
        let kept = std::fs::read(doc["path"].as_str().unwrap()).unwrap();
        assert_eq!(
            doc["sha256"].as_str().unwrap(),
            sha256(&kept),
            "{}",
            doc["path"]
        );
    }
    let folder = Path::new(
        of_type(&lines, "document").next().unwrap()["path"]
            .as_str()
            .unwrap(),
    )
    .parent()
    .unwrap()
    .to_path_buf();
    let parts = std::fs::read_dir(folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "part")
        })
        .count();
    assert_eq!(parts, 0);
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

#[test]
fn rate_limits_and_server_errors_are_waited_out() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    portal.every_429.store(3, Ordering::SeqCst);
    portal.every_500.store(5, Ordering::SeqCst);
    let url = portal.start();
    let dir = ScratchDir::new("sync-retry");
    let data = dir.join("data");
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("{n} meetings listed: {n} new", n = files.len())),
        "{text}"
    );
    assert!(portal.faults.load(Ordering::SeqCst) > 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("retrying"), "{stderr}");
    assert!(stderr.contains("429"), "{stderr}");
    assert_eq!(imported_ids(&data).len(), files.len());
}

#[test]
fn a_malformed_meeting_is_reported_and_the_rest_imported() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let bad = portal.ids()[1].clone();
    portal.change(&bad, |bytes| bytes[..bytes.len() / 2].to_vec());
    let url = portal.start();
    let dir = ScratchDir::new("sync-malformed");
    let data = dir.join("data");
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("{} new", files.len() - 1)) && text.contains("1 failed"),
        "{text}"
    );
    let failed = text.lines().find(|l| l.contains("failed: ")).unwrap();
    assert!(
        failed.contains(&format!("{url}/api/agenda/dagsorden/{bad}")),
        "{failed}"
    );
    // The reader's reason: the file is cut short.
    assert!(failed.contains("JSON"), "{failed}");
    let imported = imported_ids(&data);
    assert_eq!(imported.len(), files.len() - 1);
    assert!(!imported.contains(&bad));
}

#[test]
fn a_malformed_list_is_an_error_naming_its_url() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    portal.malformed_list.store(true, Ordering::SeqCst);
    let url = portal.start();
    let dir = ScratchDir::new("sync-list");
    let data = dir.join("data");
    let out = sync(&url, &data, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "{url}/api/agenda/udvalgsliste:1: the list of committees is malformed"
        )),
        "{text}"
    );
    assert!(portal.served().is_empty());
}

#[test]
fn committees_dates_and_the_request_limit() {
    let Some(files) = greve("spoergsmaal-svar") else {
        return;
    };
    let Some(more) = few() else { return };
    let portal = Portal::of(&[files.clone(), more].concat());
    let url = portal.start();
    let dir = ScratchDir::new("sync-filters");
    let data = dir.join("data");
    // By name, in another case: only that committee's meetings.
    let out = sync(
        &url,
        &data,
        &[
            "--committee",
            ".spørgsmål / svar til byrådet 2022-2025",
            "--max-requests",
            "3",
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "stopped at the limit: {text}");
    assert!(text.contains("--max-requests"), "{text}");
    assert_eq!(portal.requests.load(Ordering::SeqCst), 3);
    let out = sync(
        &url,
        &data,
        &[
            "--committee",
            ".Spørgsmål / Svar til Byrådet 2022-2025",
            "--since",
            "2025-01-01",
        ],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let imported = imported_ids(&data);
    assert!(imported.len() < files.len(), "{imported:?}");
    let out = sync(&url, &data, &["--committee", "Intet udvalg"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("has no committee \"Intet udvalg\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_configuration_file_lists_the_portals() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let url = portal.start();
    let dir = ScratchDir::new("sync-config");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("sync.toml"),
        format!("[[portal]]\nurl = \"{url}\"\nsince = \"2023-06-01\"\n"),
    )
    .unwrap();
    let out = referat(&["sync", "--delay", "0"], &data);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with(&format!("{url}: ")), "{text}");
    let imported = imported_ids(&data);
    assert!(!imported.is_empty() && imported.len() < files.len());

    std::fs::write(
        data.join("sync.toml"),
        "[[portal]]\nurl = \"x\"\nevery = 1\n",
    )
    .unwrap();
    let out = referat(&["sync"], &data);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sync.toml:3"), "{stderr}");
}

#[test]
fn ctrl_c_stops_before_the_next_request_and_the_next_run_goes_on() {
    let Some(files) = few() else { return };
    let portal = Portal::of(&files);
    let url = portal.start();
    let dir = ScratchDir::new("sync-interrupt");
    let data = dir.join("data");
    let child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .args(["sync", &url, "--delay", "200", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while portal.requests.load(Ordering::SeqCst) < 3 {
        std::thread::sleep(Duration::from_millis(2));
    }
    // SIGINT, as Ctrl-C at a terminal sends it.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("stopped: interrupted"), "{text}");
    let asked = portal.requests.load(Ordering::SeqCst);
    assert!(asked < files.len() + 1, "stopped early: {asked} requests");
    let imported = imported_ids(&data);
    assert!(!imported.is_empty());

    portal.forget_served();
    let out = sync(&url, &data, &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    let again: BTreeSet<String> = portal.served().into_keys().collect();
    assert!(again.is_disjoint(&imported));
    assert_eq!(imported_ids(&data).len(), files.len());
}

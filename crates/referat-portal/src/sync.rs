//! The sync job: a portal's list, the meetings the archive lacks or that may have
//! changed fetched one at a time, each imported in one transaction with what was
//! fetched of it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::civil::Date;
use referat_archive::{Archive, ArchiveError, Fetched, Imported, PortalMeeting, sha256_hex};
use referat_extract::{Limits, is_portal_id};
use referat_ingest::ImportError;

use crate::client::{Client, FetchError, Retrying};
use crate::list::{Committee, ListError, ListedMeeting, read_list};

/// A portal to keep in step with, and which of its meetings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portal {
    /// The portal's address: scheme, host and any path, without a trailing slash.
    pub url: String,
    /// Committees by name (any case) or id; none is every committee.
    pub committees: Vec<String>,
    /// Only meetings on or after this day.
    pub since: Option<Date>,
}

impl Portal {
    /// The portal at `url` (`https://dagsordener.greve.dk`), every committee.
    pub fn new(url: &str) -> Result<Portal, SyncError> {
        let trimmed = url.trim().trim_end_matches('/');
        let bad = |reason: &str| SyncError::BadUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let parsed = reqwest::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad("not an http or https address"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad("the portal's address has no query or fragment"));
        }
        Ok(Portal {
            url: trimmed.to_string(),
            committees: Vec::new(),
            since: None,
        })
    }

    /// `GET <portal>/api/agenda/udvalgsliste`: the committees and their meetings.
    pub fn list_url(&self) -> String {
        format!("{}/api/agenda/udvalgsliste", self.url)
    }

    /// `GET <portal>/api/agenda/dagsorden/{id}`: one meeting, as the JSON files
    /// `referat import` reads.
    pub fn meeting_url(&self, id: &str) -> String {
        format!("{}/api/agenda/dagsorden/{id}", self.url)
    }

    /// The meeting's page on the portal, shown as its source. Assumed to be
    /// `<portal>/vis?id=<meeting id>`, the form FirstAgenda publication's links take.
    pub fn link(&self, id: &str) -> String {
        format!("{}/vis?id={id}", self.url)
    }

    /// The folder, under the sources folder, where this portal's meetings are kept:
    /// the host (and port and path) in characters any file system takes.
    pub fn folder_name(&self) -> String {
        let without_scheme = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, rest)| rest);
        without_scheme
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }
}

/// Why a portal, or one of its meetings, was not synced.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{url} is not a portal's address: {reason}")]
    BadUrl { url: String, reason: String },
    /// The list of committees could not be fetched.
    #[error("the list of committees: {0}")]
    ListNotFetched(#[source] FetchError),
    /// The list is not what a portal's list is.
    #[error("{url}:{}: the list of committees is malformed: {source}", source.line())]
    MalformedList {
        url: String,
        #[source]
        source: ListError,
    },
    #[error("{portal} has no committee {asked:?}; it has: {known}")]
    NoSuchCommittee {
        portal: String,
        asked: String,
        known: String,
    },
    /// A meeting id that cannot be part of a URL path or a file name.
    #[error("{list}: the meeting id {id:?} is not an id (letters, digits, - and _); skipped")]
    BadMeetingId { list: String, id: String },
    #[error("{0}")]
    NotFetched(#[source] FetchError),
    /// The meeting was fetched, but could not be read or imported.
    #[error("{url}: {source}")]
    NotImported {
        url: String,
        #[source]
        source: ImportError,
    },
    /// An attachment's link leads off the portal: it is not fetched.
    #[error("{portal}: the attachment link {link:?} is not on the portal; not fetched")]
    AttachmentElsewhere { portal: String, link: String },
    /// The portal answered an attachment's address with a web page, not a file.
    #[error("{url}: the portal answered with a web page, not the attachment's file")]
    AttachmentIsPage { url: String },
    /// The fetched bytes could not be kept in the data folder.
    #[error("cannot keep the meeting in {}: {source}", path.display())]
    NotKept {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl SyncError {
    /// Whether nothing more can be written: the disk is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            SyncError::NotImported { source, .. } => source.is_disk_full(),
            SyncError::NotKept { source, .. } => source.kind() == std::io::ErrorKind::StorageFull,
            SyncError::Archive(e) => e.is_disk_full(),
            _ => false,
        }
    }
}

/// Why a sync stopped before the end of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The requests a run may make are spent (`--max-requests`).
    RequestLimit,
    /// Asked to stop (Ctrl-C).
    Interrupted,
    /// The disk is full.
    DiskFull,
}

/// What a sync of one portal did. Every count of imports is of committed
/// transactions.
#[derive(Debug, Default)]
pub struct SyncTally {
    /// The meetings the list gives (after the committee and date filters).
    pub listed: usize,
    /// Meetings fetched for the first time and imported.
    pub new: usize,
    /// Meetings fetched again whose bytes changed, imported as a new version.
    pub changed: usize,
    /// Meetings fetched again whose bytes had not changed.
    pub unchanged: usize,
    /// Meetings not fetched: the archive has them and they are settled.
    pub skipped: usize,
    pub failed: Vec<SyncError>,
    /// The requests made, retries included.
    pub requests: u64,
    pub stopped: Option<Stopped>,
    /// The archive's meetings written.
    pub meetings: Vec<i64>,
    /// Attachment files fetched and kept (with `--attachments`).
    pub attachments: usize,
}

impl SyncTally {
    /// Counts a meeting or an attachment that did not go through, told first; whether
    /// the run must stop: the requests are spent (not a failure) or the disk is full.
    pub(crate) fn fail(&mut self, e: SyncError, progress: &mut impl SyncProgress) -> bool {
        if matches!(e, SyncError::NotFetched(FetchError::Limit { .. })) {
            self.stopped = Some(Stopped::RequestLimit);
            return true;
        }
        let full = e.is_disk_full();
        progress.failed(&e);
        self.failed.push(e);
        if full {
            self.stopped = Some(Stopped::DiskFull);
        }
        full
    }
}

/// What a sync tells as it goes; it goes on after a failed meeting whatever is done
/// with it.
pub trait SyncProgress: Retrying {
    /// The list was read: `meetings` on it, `to_fetch` of them to be fetched.
    fn listed(&mut self, portal: &Portal, meetings: usize, to_fetch: usize);
    /// `done` of the `total` meetings to fetch are through.
    fn advanced(&mut self, done: usize, total: usize, tally: &SyncTally);
    /// A meeting (or the list, or an attachment) failed; told before it is counted.
    fn failed(&mut self, failure: &SyncError);
    /// The attachments to fetch are known: `due` of them.
    fn attachments_listed(&mut self, due: usize);
    /// `done` of the `total` attachments to fetch are through.
    fn attachments_advanced(&mut self, done: usize, total: usize, tally: &SyncTally);
}

/// What a sync is given besides the portal.
pub struct SyncJob<'a> {
    pub archive: &'a Archive,
    /// The folder the fetched meetings are kept in (`<data>/sources`), one folder a
    /// portal: the archive's documents point there, and the web serves them.
    pub sources: &'a Path,
    pub limits: Limits,
    /// Set (by Ctrl-C) to stop before the next request.
    pub stop: &'a AtomicBool,
    /// The day a meeting's age is counted from (today).
    pub today: Date,
    /// Where to keep attachment files (`<data>/attachments`); `None` fetches none.
    pub attachments: Option<&'a Path>,
}

/// How long after its day a meeting that is not finished may still change: fetched
/// again on every run until then (unless the list gives stamps).
pub const UNSETTLED_DAYS: i64 = 60;

impl SyncJob<'_> {
    /// Brings the archive in step with one portal; never fails as a whole, but
    /// reports in the tally what it could not do.
    pub async fn portal(
        &self,
        portal: &Portal,
        client: &mut Client,
        progress: &mut impl SyncProgress,
    ) -> SyncTally {
        let mut tally = SyncTally::default();
        let before = client.requests();
        if let Err(e) = self.run(portal, client, progress, &mut tally).await {
            progress.failed(&e);
            tally.failed.push(e);
        }
        tally.requests = client.requests() - before;
        tally
    }

    async fn run(
        &self,
        portal: &Portal,
        client: &mut Client,
        progress: &mut impl SyncProgress,
        tally: &mut SyncTally,
    ) -> Result<(), SyncError> {
        let folder = self.sources.join(portal.folder_name());
        std::fs::create_dir_all(&folder).map_err(|source| SyncError::NotKept {
            path: folder.clone(),
            source,
        })?;
        self.finish_kept(&folder).await?;
        if self.stop.load(Ordering::Relaxed) {
            tally.stopped = Some(Stopped::Interrupted);
            return Ok(());
        }
        let list_url = portal.list_url();
        let bytes = match client.get(&list_url, progress).await {
            Ok(bytes) => bytes,
            Err(FetchError::Limit { .. }) => {
                tally.stopped = Some(Stopped::RequestLimit);
                return Ok(());
            }
            Err(e) => return Err(SyncError::ListNotFetched(e)),
        };
        let committees = read_list(&bytes).map_err(|source| SyncError::MalformedList {
            url: list_url.clone(),
            source,
        })?;
        let meetings = chosen(portal, &committees)?;
        let known = self.archive.fetched(&portal.url).await?;
        let mut due = Vec::new();
        for listed in meetings {
            if !is_portal_id(&listed.id) {
                let e = SyncError::BadMeetingId {
                    list: list_url.clone(),
                    id: listed.id.clone(),
                };
                progress.failed(&e);
                tally.failed.push(e);
                continue;
            }
            tally.listed += 1;
            if is_due(listed, known.get(&listed.id), self.today) {
                due.push(listed);
            } else {
                tally.skipped += 1;
            }
        }
        progress.listed(portal, tally.listed, due.len());
        let total = due.len();
        for (done, listed) in due.into_iter().enumerate() {
            if self.stop.load(Ordering::Relaxed) {
                tally.stopped = Some(Stopped::Interrupted);
                break;
            }
            match self
                .meeting(
                    portal,
                    listed,
                    known.get(&listed.id),
                    &folder,
                    client,
                    progress,
                )
                .await
            {
                Ok(outcome) => match outcome {
                    Outcome::New(m) => {
                        tally.new += 1;
                        tally.meetings.extend(m);
                    }
                    Outcome::Changed(m) => {
                        tally.changed += 1;
                        tally.meetings.extend(m);
                    }
                    Outcome::Unchanged => tally.unchanged += 1,
                },
                Err(e) => {
                    if tally.fail(e, progress) {
                        break;
                    }
                }
            }
            progress.advanced(done + 1, total, tally);
        }
        if let (Some(folder), None) = (self.attachments, tally.stopped) {
            self.attachments(portal, folder, client, progress, tally)
                .await?;
        }
        Ok(())
    }

    /// Fetches one meeting and imports it unless its bytes are those imported last.
    async fn meeting(
        &self,
        portal: &Portal,
        listed: &ListedMeeting,
        known: Option<&Fetched>,
        folder: &Path,
        client: &mut Client,
        progress: &mut impl SyncProgress,
    ) -> Result<Outcome, SyncError> {
        let url = portal.meeting_url(&listed.id);
        let bytes = client
            .get(&url, progress)
            .await
            .map_err(SyncError::NotFetched)?;
        let fetched = PortalMeeting {
            portal: portal.url.clone(),
            portal_id: listed.id.clone(),
            link: portal.link(&listed.id),
            sha256: sha256_hex(&bytes),
            stamp: listed.stamp.clone(),
            settled: listed.finished == Some(true) || finished(&bytes),
        };
        if let Some(known) = known.filter(|k| k.sha256 == fetched.sha256) {
            self.archive.refetched(&fetched, known.document).await?;
            return Ok(Outcome::Unchanged);
        }
        // The bytes go beside their place first and into it once the archive has
        // them: a source file is never other bytes than its document's hash says,
        // and one left beside by a killed run is put in place or removed next time
        // (`finish_kept`).
        let path = folder.join(format!("{}.json", listed.id));
        let part = part_path(&path);
        let not_kept = |source| SyncError::NotKept {
            path: part.clone(),
            source,
        };
        std::fs::write(&part, &bytes).map_err(not_kept)?;
        let known_as = path.to_string_lossy().into_owned();
        let imported =
            referat_ingest::import_fetched(self.archive, &known_as, &bytes, self.limits, &fetched)
                .await;
        let imported = match imported {
            Ok(imported) => imported,
            Err(source) => {
                let _ = std::fs::remove_file(&part);
                return Err(SyncError::NotImported { url, source });
            }
        };
        std::fs::rename(&part, &path).map_err(not_kept)?;
        Ok(match imported {
            Imported::Unchanged { .. } => Outcome::Unchanged,
            Imported::New { meeting } | Imported::Replaced { meeting, .. } => match known {
                None => Outcome::New(Some(meeting)),
                Some(_) => Outcome::Changed(Some(meeting)),
            },
        })
    }

    /// Source files a killed run left beside their place: put in place where the
    /// archive imported them (their hash is their document's), removed where not.
    async fn finish_kept(&self, folder: &Path) -> Result<(), SyncError> {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Ok(());
        };
        let parts: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "part"))
            .collect();
        if parts.is_empty() {
            return Ok(());
        }
        let documents = self.archive.known_documents().await?;
        for part in parts {
            let path = part.with_extension("");
            let imported = std::fs::read(&part).ok().is_some_and(|bytes| {
                documents.contains(&(path.to_string_lossy().into_owned(), sha256_hex(&bytes)))
            });
            let done = if imported {
                std::fs::rename(&part, &path)
            } else {
                std::fs::remove_file(&part)
            };
            done.map_err(|source| SyncError::NotKept { path, source })?;
        }
        Ok(())
    }
}

enum Outcome {
    New(Option<i64>),
    Changed(Option<i64>),
    Unchanged,
}

/// `x.json` → `x.json.part`.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// The meetings of the chosen committees, each once, in the list's order.
fn chosen<'l>(
    portal: &Portal,
    committees: &'l [Committee],
) -> Result<Vec<&'l ListedMeeting>, SyncError> {
    let mut wanted: Vec<&Committee> = Vec::new();
    if portal.committees.is_empty() {
        wanted.extend(committees);
    } else {
        for asked in &portal.committees {
            let key = asked.trim().to_lowercase();
            let found = committees
                .iter()
                .find(|c| c.id == asked.trim() || c.name.trim().to_lowercase() == key);
            match found {
                Some(c) => wanted.push(c),
                None => {
                    let names: Vec<&str> = committees.iter().map(|c| c.name.as_str()).collect();
                    return Err(SyncError::NoSuchCommittee {
                        portal: portal.url.clone(),
                        asked: asked.clone(),
                        known: names.join(", "),
                    });
                }
            }
        }
    }
    let mut seen = HashSet::new();
    Ok(wanted
        .into_iter()
        .flat_map(|c| &c.meetings)
        .filter(|m| match (portal.since, m.date()) {
            (Some(since), Some(day)) => day >= since,
            // A meeting whose day the list does not give is fetched: the day may be
            // after.
            _ => true,
        })
        .filter(|m| seen.insert(m.id.as_str()))
        .collect())
}

/// Whether a listed meeting is fetched: one never fetched; where the list gives a
/// version stamp, one whose stamp changed; where it does not, one that may still
/// change (not finished when last fetched, and its day less than
/// [`UNSETTLED_DAYS`] ago, or the list now says it is finished).
fn is_due(listed: &ListedMeeting, known: Option<&Fetched>, today: Date) -> bool {
    let Some(known) = known else { return true };
    if let Some(stamp) = &listed.stamp {
        return known.stamp.as_ref() != Some(stamp);
    }
    if known.settled {
        return false;
    }
    let recent = listed.date().is_none_or(|day| {
        today
            .checked_sub(jiff::Span::new().days(UNSETTLED_DAYS))
            .is_ok_and(|cutoff| day >= cutoff)
    });
    recent || listed.finished == Some(true)
}

/// Whether the meeting's JSON says it is finished (`Moede.Afsluttet`); anything it
/// cannot tell is not.
fn finished(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(rename = "Moede")]
        meeting: Option<Meeting>,
    }
    #[derive(serde::Deserialize)]
    struct Meeting {
        #[serde(rename = "Afsluttet")]
        finished: Option<bool>,
    }
    serde_json::from_slice::<File>(bytes)
        .ok()
        .and_then(|f| f.meeting?.finished)
        .unwrap_or(false)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn listed(id: &str, when: &str) -> ListedMeeting {
        ListedMeeting {
            id: id.into(),
            when: when.into(),
            ..ListedMeeting::default()
        }
    }

    fn known(settled: bool, stamp: Option<&str>) -> Fetched {
        Fetched {
            sha256: String::new(),
            stamp: stamp.map(str::to_string),
            settled,
            document: 1,
        }
    }

    #[test]
    fn which_meetings_are_fetched() {
        let today = jiff::civil::date(2026, 12, 7);
        let old = listed("a", "2025-01-10T08:00:00+01:00");
        let recent = listed("b", "2026-11-30T08:00:00+01:00");
        assert!(is_due(&old, None, today));
        assert!(!is_due(&old, Some(&known(true, None)), today));
        assert!(!is_due(&old, Some(&known(false, None)), today));
        assert!(is_due(&recent, Some(&known(false, None)), today));
        assert!(!is_due(&recent, Some(&known(true, None)), today));
        let stamped = ListedMeeting {
            stamp: Some("2".into()),
            ..old.clone()
        };
        assert!(is_due(&stamped, Some(&known(true, Some("1"))), today));
        assert!(!is_due(&stamped, Some(&known(true, Some("2"))), today));
        let finished_now = ListedMeeting {
            finished: Some(true),
            ..old
        };
        assert!(is_due(&finished_now, Some(&known(false, None)), today));
    }

    #[test]
    fn ids_are_safe_in_paths() {
        assert!(is_portal_id("02e86ff6-fd6b-4bab-99ad-17411bb2ead1"));
        assert!(!is_portal_id("../etc/passwd"));
        assert!(!is_portal_id("a/b"));
        assert!(!is_portal_id(""));
    }

    #[test]
    fn portal_addresses() {
        let p = Portal::new("https://dagsordener.greve.dk/").unwrap();
        assert_eq!(p.url, "https://dagsordener.greve.dk");
        assert_eq!(
            p.list_url(),
            "https://dagsordener.greve.dk/api/agenda/udvalgsliste"
        );
        assert_eq!(p.link("x1"), "https://dagsordener.greve.dk/vis?id=x1");
        assert_eq!(p.folder_name(), "dagsordener.greve.dk");
        assert_eq!(
            Portal::new("http://127.0.0.1:8080").unwrap().folder_name(),
            "127.0.0.1_8080"
        );
        assert!(Portal::new("ftp://x").is_err());
        assert!(Portal::new("dagsordener.greve.dk").is_err());
    }

    #[test]
    fn committees_by_name_or_id_and_since() {
        let committees = vec![
            Committee {
                id: "c1".into(),
                name: "Byråd".into(),
                historic: false,
                meetings: vec![
                    listed("m1", "2022-01-10T08:00:00+01:00"),
                    listed("m2", "2024-01-10T08:00:00+01:00"),
                ],
            },
            Committee {
                id: "c2".into(),
                name: "Økonomiudvalget".into(),
                historic: false,
                meetings: vec![listed("m3", "2024-02-01"), listed("m2", "")],
            },
        ];
        let mut portal = Portal::new("https://x.dk").unwrap();
        assert_eq!(chosen(&portal, &committees).unwrap().len(), 3);
        portal.committees = vec!["økonomiudvalget".into()];
        assert_eq!(chosen(&portal, &committees).unwrap().len(), 2);
        portal.committees = vec!["c1".into()];
        portal.since = Some(jiff::civil::date(2023, 1, 1));
        let ids: Vec<&str> = chosen(&portal, &committees)
            .unwrap()
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["m2"]);
        portal.committees = vec!["Nope".into()];
        assert!(matches!(
            chosen(&portal, &committees),
            Err(SyncError::NoSuchCommittee { .. })
        ));
    }
}

//! The archive of meeting records in SQLite or PostgreSQL: import, people and forums
//! across meetings, versions, export and restore.
//!
//! One code path serves both backends through sqlx's `Any` driver; each backend has
//! its own migrations (`migrations/sqlite`, `migrations/postgres`), applied when the
//! archive is opened. Every document is written in one transaction, so a failed or
//! killed import never leaves part of a document behind. Meetings fetched from a
//! publication portal keep where they came from and what was fetched
//! ([`PortalMeeting`]), in the transaction that imports them.

mod attachments;
mod backfill;
mod changes;
mod editors;
mod export;
mod identity;
mod items;
mod pages;
mod portal;
mod read;
mod store;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::ConnectOptions;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use attachments::{AttachmentFile, DueAttachment, KeptAttachment};
pub use changes::{ChangeState, Changes};
pub use editors::{Editor, Session};
pub use export::{EXPORT_FORMAT, is_export};
pub use items::PublicItem;
pub use pages::{
    MeetingEntry, PagedForum, PagedItem, PagedMeeting, PagedPerson, PagedPlace, PublicFile, Seat,
    Stamped, Window,
};
pub use portal::{Fetched, PortalMeeting, Provenance};
pub use read::{
    ForumRef, ForumSummary, MeetingOrder, MeetingQuery, MeetingSummary, MemberAttendance,
    Membership, PersonAttendance, PersonRecord, StoredDocument, StoredMeeting, StoredWarning,
    attendance_share,
};
pub use store::{Imported, PersonSummary};

/// Where an archive lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An SQLite database `referat.sqlite` in this folder (created if missing).
    Folder(PathBuf),
    /// A PostgreSQL server: a `postgres://` URL.
    Postgres(String),
}

impl Location {
    /// The file name of the SQLite database in a data folder.
    pub const SQLITE_FILE: &'static str = "referat.sqlite";
    /// The file locked while the SQLite archive is opened.
    pub const OPENING_LOCK: &'static str = "referat.sqlite.open-lock";
}

/// Which database an archive is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why the archive could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot create the data folder {}: {source}", path.display())]
    DataFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock {} to open the archive: {source}", path.display())]
    OpeningLock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the archive at {location}: {source}")]
    Open {
        location: String,
        source: sqlx::Error,
    },
    #[error("cannot bring the archive's schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no person with id {0}")]
    NoSuchPerson(i64),
    #[error("person {person} has no name '{name}'")]
    NoSuchName { person: i64, name: String },
    /// What was asked cannot be done to this archive (a person merged with itself, a
    /// restore into an archive that is not empty): the asker's to change.
    #[error("{0}")]
    Invalid(String),
    /// What the archive holds does not read back: a stored record that is not one, or
    /// that does not match its rows. Nothing the asker can change.
    #[error("the archive is damaged: {0}")]
    Corrupt(String),
    #[error("line {line} of the export: {reason}")]
    BadExport { line: usize, reason: String },
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

impl ArchiveError {
    /// Whether the request was at fault rather than the archive or its database: a
    /// server answers these with a 4xx.
    pub fn is_request_error(&self) -> bool {
        matches!(
            self,
            ArchiveError::Invalid(_)
                | ArchiveError::NoSuchPerson(_)
                | ArchiveError::NoSuchName { .. }
                | ArchiveError::BadExport { .. }
        )
    }

    /// Whether the database could not write for want of space (SQLite's
    /// `SQLITE_FULL`, PostgreSQL's `disk_full`, or the file system's `ENOSPC`): no
    /// later write will succeed either, so a batch stops here.
    pub fn is_disk_full(&self) -> bool {
        match self {
            ArchiveError::Database(e) | ArchiveError::Open { source: e, .. } => is_disk_full(e),
            ArchiveError::Write(e)
            | ArchiveError::DataFolder { source: e, .. }
            | ArchiveError::OpeningLock { source: e, .. } => {
                e.kind() == std::io::ErrorKind::StorageFull
            }
            _ => false,
        }
    }
}

/// See [`ArchiveError::is_disk_full`].
fn is_disk_full(e: &sqlx::Error) -> bool {
    /// SQLite's primary result code for a full disk (it has no extended codes).
    const SQLITE_FULL: &str = "13";
    /// PostgreSQL's SQLSTATE `disk_full`.
    const PG_DISK_FULL: &str = "53100";
    match e {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some(SQLITE_FULL | PG_DISK_FULL))
        }
        sqlx::Error::Io(io) => io.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    }
}

/// A document as it was read: where from, in what format, and its fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceDocument {
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub size: u64,
}

impl SourceDocument {
    pub fn new(path: &Path, format: &str, bytes: &[u8]) -> SourceDocument {
        SourceDocument {
            path: path.to_string_lossy().into_owned(),
            format: format.to_string(),
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        }
    }
}

/// The SHA-256 of some bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// An open archive.
#[derive(Clone, Debug)]
pub struct Archive {
    pool: AnyPool,
    backend: Backend,
}

impl Archive {
    /// Opens (creating if need be) the archive and applies any pending migrations.
    pub async fn open(location: &Location) -> Result<Archive, ArchiveError> {
        Archive::open_with(location, 1).await
    }

    /// Opens the archive for many concurrent readers (a web server): with SQLite,
    /// `readers` connections share the file, as WAL lets readers run beside the one
    /// writer.
    pub async fn open_for_serving(
        location: &Location,
        readers: u32,
    ) -> Result<Archive, ArchiveError> {
        Archive::open_with(location, readers.max(1)).await
    }

    async fn open_with(
        location: &Location,
        sqlite_connections: u32,
    ) -> Result<Archive, ArchiveError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = match location {
            Location::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| ArchiveError::DataFolder {
                    path: dir.clone(),
                    source,
                })?;
                let file = dir.join(Location::SQLITE_FILE);
                (
                    format!("sqlite://{}?mode=rwc", file.to_string_lossy()),
                    Backend::Sqlite,
                )
            }
            Location::Postgres(url) => (url.clone(), Backend::Postgres),
        };
        let shown = match location {
            Location::Folder(dir) => dir.display().to_string(),
            Location::Postgres(url) => redact(url),
        };
        let open_error = |source| ArchiveError::Open {
            location: shown.clone(),
            source,
        };
        // Two processes opening a new SQLite archive at once would both apply its
        // migrations (sqlx does not lock them on SQLite), and one would fail on the
        // tables the other made: opening takes a file lock beside the database.
        let _opening = match location {
            Location::Folder(dir) => Some(opening_lock(dir)?),
            Location::Postgres(_) => None,
        };
        // sqlx warns of every statement over a second with its full text; the catch-up
        // of a large index reads thousands of meetings in one statement, and a user
        // would see a megabyte of SQL. Slow statements are for whoever asks
        // (`REFERAT_LOG=sqlx=debug`).
        let options = AnyConnectOptions::from_str(&url)
            .map_err(open_error)?
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        let pool = AnyPoolOptions::new()
            // SQLite allows one writer; for an import more connections would only
            // wait on its lock.
            .max_connections(match backend {
                Backend::Sqlite => sqlite_connections,
                Backend::Postgres => sqlite_connections.max(4),
            })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers do not block the importer, and a killed process
                        // leaves the last committed document intact. NORMAL sync is
                        // durable against a process crash, which is what an import
                        // must survive.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(open_error)?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        backfill::give_records(&pool, backend).await?;
        Ok(Archive { pool, backend })
    }

    /// Begins a transaction that writes. SQLite's is `BEGIN IMMEDIATE`: it takes
    /// the write lock when it begins, waiting for it up to the busy timeout. A
    /// deferred one reads first and asks for the lock at its first write, which SQLite
    /// refuses at once ("database is locked", the busy timeout not applied) when
    /// another process wrote since its read began: two imports at once lost
    /// documents that way.
    pub(crate) async fn begin_write(&self) -> Result<store::Tx<'static>, ArchiveError> {
        begin_write(&self.pool, self.backend).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for readers elsewhere in referat (search, web).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// The lock held while an SQLite archive in `dir` is opened (migrated), released
/// when the file is dropped, or by the kernel when the process dies.
fn opening_lock(dir: &Path) -> Result<std::fs::File, ArchiveError> {
    use fs4::fs_std::FileExt;
    let path = dir.join(Location::OPENING_LOCK);
    let locked = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .and_then(|file| file.lock_exclusive().map(|()| file));
    locked.map_err(|source| ArchiveError::OpeningLock { path, source })
}

/// See [`Archive::begin_write`]; for the writes made while the archive is opened.
pub(crate) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<store::Tx<'static>, ArchiveError> {
    Ok(match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    })
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = url.get(scheme + 3..at).unwrap_or("");
            match userinfo.split_once(':') {
                Some((user, _)) => format!(
                    "{}{user}:***{}",
                    url.get(..scheme + 3).unwrap_or(""),
                    url.get(at..).unwrap_or("")
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Now, as the archive writes timestamps.
fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://referat:secret@db:5432/referat"),
            "postgres://referat:***@db:5432/referat"
        );
        assert_eq!(redact("postgres://db/referat"), "postgres://db/referat");
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

//! The portals one `referat sync` keeps, from a TOML file (`sync.toml` in the data
//! folder):
//!
//! ```toml
//! [[portal]]
//! url = "https://dagsordener.greve.dk"
//! committees = ["Byråd 2022-2025", "Økonomiudvalget"]  # by name or id; all if left out
//! since = "2024-01-01"                                  # optional
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::sync::{Portal, SyncError};

/// The file's shape; an unknown key is an error, as it is most likely a typo.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, rename = "portal")]
    portals: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    url: String,
    #[serde(default)]
    committees: Vec<String>,
    since: Option<String>,
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Malformed {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("{}: {source}", path.display())]
    BadPortal {
        path: PathBuf,
        source: Box<SyncError>,
    },
    #[error("{}: `since = {since:?}` is not a date (YYYY-MM-DD)", path.display())]
    BadDate { path: PathBuf, since: String },
    #[error("{}: no portals; add a [[portal]] with its url", path.display())]
    Empty { path: PathBuf },
}

/// The portals a configuration file lists, in its order.
pub fn read_config(path: &Path) -> Result<Vec<Portal>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let file: File = toml::from_str(&text).map_err(|e| ConfigError::Malformed {
        path: path.to_path_buf(),
        line: e
            .span()
            .map(|span| 1 + text.get(..span.start).unwrap_or("").matches('\n').count()),
        message: e.message().to_string(),
    })?;
    if file.portals.is_empty() {
        return Err(ConfigError::Empty {
            path: path.to_path_buf(),
        });
    }
    file.portals
        .into_iter()
        .map(|entry| {
            let mut portal = Portal::new(&entry.url).map_err(|source| ConfigError::BadPortal {
                path: path.to_path_buf(),
                source: Box::new(source),
            })?;
            portal.committees = entry.committees;
            portal.since = match entry.since {
                Some(since) => Some(since.trim().parse().map_err(|_| ConfigError::BadDate {
                    path: path.to_path_buf(),
                    since,
                })?),
                None => None,
            };
            Ok(portal)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// `text` read from a file in a folder of the call's own, removed after.
    fn read(text: &str) -> Result<Vec<Portal>, ConfigError> {
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("referat-config-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sync.toml");
        std::fs::write(&path, text).unwrap();
        let read = read_config(&path);
        let _ = std::fs::remove_dir_all(&dir);
        read
    }

    #[test]
    fn portals_with_committees_and_dates() {
        let portals = read(
            "[[portal]]\nurl = \"https://dagsordener.greve.dk/\"\n\
             committees = [\"Økonomiudvalget\"]\nsince = \"2024-01-01\"\n\n\
             [[portal]]\nurl = \"https://dagsorden.rm.dk\"\n",
        )
        .unwrap();
        assert_eq!(portals.len(), 2);
        assert_eq!(portals[0].url, "https://dagsordener.greve.dk");
        assert_eq!(portals[0].committees, ["Økonomiudvalget"]);
        assert_eq!(portals[0].since, Some(jiff::civil::date(2024, 1, 1)));
        assert!(portals[1].committees.is_empty());
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        let e = read("[[portal]]\nurl = \"https://x.dk\"\ncommittee = [\"A\"]\n").unwrap_err();
        assert!(
            matches!(e, ConfigError::Malformed { line: Some(3), .. }),
            "{e}"
        );
        let e = read("[[portal]]\nurl = \"https://x.dk\"\nsince = \"last year\"\n").unwrap_err();
        assert!(matches!(e, ConfigError::BadDate { .. }), "{e}");
        assert!(matches!(read("").unwrap_err(), ConfigError::Empty { .. }));
        let e = read("[[portal]]\nurl = \"x.dk\"\n").unwrap_err();
        assert!(matches!(e, ConfigError::BadPortal { .. }), "{e}");
    }
}

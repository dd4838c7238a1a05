//! Attachment files (`referat sync --attachments`): after a portal's meetings, the
//! attachments of their public items that the archive lacks are fetched one at a
//! time, kept in the data folder by content hash, their text extracted, and each
//! kept in the archive in one transaction with its text (which search then reads as
//! part of the item).
//!
//! What is due is asked of the archive, which lists only public items' attachments:
//! a closed item's attachment is never fetched. A run stopped anywhere fetches next
//! time only what it did not keep.

use std::path::Path;
use std::sync::atomic::Ordering;

use referat_archive::{DueAttachment, KeptAttachment, sha256_hex};
use referat_extract::{Format, Limits};

use crate::client::Client;
use crate::sync::{Portal, Stopped, SyncError, SyncJob, SyncProgress, SyncTally};

/// The most of an attachment's text kept for search: enough for any case paper's
/// words; a long report's appendix tables add little and would cost the index
/// memory on every rewrite of the meeting.
pub const MAX_ATTACHMENT_TEXT: usize = 4 * 1024 * 1024;

impl Portal {
    /// Where an attachment's file is fetched: its link resolved against the portal,
    /// and only on the portal's own host (a link elsewhere is not the portal's to
    /// serve). A FirstAgenda attachment page (`…?redirectDirectlyToPdf=false`) is
    /// asked for its file (`=true`), as the portal's own PDF button does.
    pub fn attachment_url(&self, link: &str) -> Option<String> {
        let base = reqwest::Url::parse(&format!("{}/", self.url)).ok()?;
        let mut url = base.join(link).ok()?;
        if url.scheme() != base.scheme()
            || url.host_str() != base.host_str()
            || url.port_or_known_default() != base.port_or_known_default()
        {
            return None;
        }
        url.set_fragment(None);
        let query: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k.eq_ignore_ascii_case("redirectDirectlyToPdf") {
                    "true".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        if !query.is_empty() {
            url.query_pairs_mut().clear().extend_pairs(query);
        }
        Some(url.to_string())
    }
}

impl SyncJob<'_> {
    /// Fetches the portal's due attachments into `folder`.
    pub(crate) async fn attachments(
        &self,
        portal: &Portal,
        folder: &Path,
        client: &mut Client,
        progress: &mut impl SyncProgress,
        tally: &mut SyncTally,
    ) -> Result<(), SyncError> {
        std::fs::create_dir_all(folder).map_err(|source| SyncError::NotKept {
            path: folder.to_path_buf(),
            source,
        })?;
        let due = self.archive.attachments_due(&portal.url).await?;
        progress.attachments_listed(due.len());
        let total = due.len();
        for (done, attachment) in due.into_iter().enumerate() {
            if self.stop.load(Ordering::Relaxed) {
                tally.stopped = Some(Stopped::Interrupted);
                break;
            }
            match self
                .attachment(portal, &attachment, folder, client, progress)
                .await
            {
                Ok(()) => tally.attachments += 1,
                Err(e) => {
                    if tally.fail(e, progress) {
                        break;
                    }
                }
            }
            progress.attachments_advanced(done + 1, total, tally);
        }
        Ok(())
    }

    async fn attachment(
        &self,
        portal: &Portal,
        due: &DueAttachment,
        folder: &Path,
        client: &mut Client,
        progress: &mut impl SyncProgress,
    ) -> Result<(), SyncError> {
        let url =
            portal
                .attachment_url(&due.link)
                .ok_or_else(|| SyncError::AttachmentElsewhere {
                    portal: portal.url.clone(),
                    link: due.link.clone(),
                })?;
        let bytes = client
            .get(&url, progress)
            .await
            .map_err(SyncError::NotFetched)?;
        // A web page is not an attachment file: the portal showed a page about it
        // (a viewer, a sign-in, an error), which is not worth keeping or searching.
        if referat_extract::detect(&bytes) == Format::Html {
            return Err(SyncError::AttachmentIsPage { url });
        }
        let sha256 = sha256_hex(&bytes);
        let path = folder.join(&sha256);
        // Named by its content: a file already there is these bytes (another link
        // to the same file, or a run killed after writing it).
        if !path.exists() {
            let part = path.with_extension("part");
            let not_kept = |source| SyncError::NotKept {
                path: part.clone(),
                source,
            };
            std::fs::write(&part, &bytes).map_err(not_kept)?;
            std::fs::rename(&part, &path).map_err(not_kept)?;
        }
        let limits = self.limits;
        let size = bytes.len() as u64;
        let read = tokio::task::spawn_blocking(move || read(&bytes, limits))
            .await
            .unwrap_or_else(|e| Read {
                format: None,
                text: None,
                problem: Some(format!("reading it failed: {e}")),
            });
        self.archive
            .keep_attachment(&KeptAttachment {
                portal: portal.url.clone(),
                link: due.link.clone(),
                sha256,
                path: path.to_string_lossy().into_owned(),
                size,
                format: read.format,
                text: read.text,
                problem: read.problem,
            })
            .await?;
        Ok(())
    }
}

/// What extraction made of a file.
struct Read {
    format: Option<String>,
    text: Option<String>,
    problem: Option<String>,
}

/// The file's format and text, or why it has none: an attachment that cannot be
/// read is kept all the same (it is served; it is not searched).
fn read(bytes: &[u8], limits: Limits) -> Read {
    match referat_extract::extract(bytes, limits) {
        Ok(extracted) => {
            // Cut before the page breaks are made line ends: a long report is not
            // copied whole to keep its first megabytes.
            let kept = (0..=MAX_ATTACHMENT_TEXT.min(extracted.text.len()))
                .rev()
                .find(|&i| extracted.text.is_char_boundary(i))
                .unwrap_or(0);
            let text = extracted
                .text
                .get(..kept)
                .unwrap_or_default()
                .replace('\u{c}', "\n");
            Read {
                format: Some(extracted.format.as_str().to_string()),
                text: Some(text).filter(|t| !t.trim().is_empty()),
                problem: None,
            }
        }
        Err(e) => Read {
            format: match referat_extract::detect(bytes) {
                f @ (Format::Pdf | Format::Docx) => Some(f.as_str().to_string()),
                _ => None,
            },
            text: None,
            problem: Some(e.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_links_are_fetched_from_the_portal_only() {
        let portal =
            Portal::new("https://dagsordener.example.dk").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            portal
                .attachment_url("/vis/pdf/bilag/a1-b2/?redirectDirectlyToPdf=false")
                .as_deref(),
            Some("https://dagsordener.example.dk/vis/pdf/bilag/a1-b2/?redirectDirectlyToPdf=true")
        );
        assert_eq!(
            portal
                .attachment_url("https://dagsordener.example.dk/x.pdf#p2")
                .as_deref(),
            Some("https://dagsordener.example.dk/x.pdf")
        );
        for elsewhere in [
            "https://evil.example.com/x.pdf",
            "//evil.example.com/x.pdf",
            "http://dagsordener.example.dk/x.pdf",
            "https://dagsordener.example.dk:8443/x.pdf",
            "file:///etc/passwd",
        ] {
            assert_eq!(portal.attachment_url(elsewhere), None, "{elsewhere}");
        }
        // A portal under a path: a relative link is under it, a rooted one is not.
        let under = Portal::new("http://127.0.0.1:9000/moeder").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            under.attachment_url("bilag/1.pdf").as_deref(),
            Some("http://127.0.0.1:9000/moeder/bilag/1.pdf")
        );
        assert_eq!(
            under.attachment_url("/vis/pdf/bilag/1/").as_deref(),
            Some("http://127.0.0.1:9000/vis/pdf/bilag/1/")
        );
    }
}

//! What the test suites and benches of referat share: the fixture files found by
//! globbing their folders, scratch folders, and archives with the samples in them, on
//! SQLite or a PostgreSQL database of a test's own.
//!
//! Only ever a dev-dependency (and xtask's, which writes the hostile documents). The
//! fixtures (`samples`, `sample`, `generated`, and `greve`, the shared corpus of a
//! municipality, where it is), `ScratchDir`, `http_get`, `text_pdf` (a page of text) and the
//! [`hostile`] documents made on demand need nothing; the archive helpers are behind the `archive`
//! feature (`import_samples`, `read_document`, `meeting_id`, and `postgres_admin_url` with
//! `postgres_database` for the suites that run on PostgreSQL too), so that the
//! extractor's and the parser's tests do not build the archive.
//!
//! A list of fixtures is what a glob of its folder finds, in name order, never a list
//! of names; a glob that finds nothing panics, so that no suite passes by testing
//! nothing. A suite that asserts about one particular document names it (`sample`).

mod fixtures;
pub mod hostile;
mod http;
mod pdf;
mod scratch;

#[cfg(feature = "archive")]
mod archive;

#[cfg(feature = "archive")]
pub use archive::{
    import_samples, meeting_id, postgres_admin_url, postgres_database, read_document,
};
pub use fixtures::{generated, greve, sample, samples};
pub use http::http_get;
pub use pdf::{pdf_of_objects, text_pdf};
pub use scratch::ScratchDir;

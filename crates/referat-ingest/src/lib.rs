//! Documents into the archive: bytes to a meeting record with its warnings, one
//! document imported in one transaction, the search index kept in step, and people
//! corrections with the meetings they touch.
//!
//! Everything that takes in documents calls this crate — the CLI's `parse`, `lint`,
//! `import` and `people`, and whatever else comes to write to the archive — so that
//! each does it the same way: [`read`] and [`record`] for a record with the warnings
//! of extraction among the parser's; [`import_document`] for one document and
//! [`import_fetched`] for a meeting fetched from a portal, kept with where it came
//! from; [`import`] for a batch (one transaction a document, a failed one reported through
//! [`Progress`] and the batch going on, or stopping when the disk is full), its
//! documents read here or, with [`import_with`] and [`Reader::Isolated`], in worker
//! processes under a memory and a time limit, where one hostile document fails alone
//! ([`serve_reader`] is the worker's side); [`follow`] for the index catching up with
//! the archive's change log after a write; [`merge_people`] and [`split_person`] for
//! corrections of who is who. Each
//! step has its typed error: [`ReadError`] (with the path and line), [`ImportError`]
//! (in a batch, a [`Failure`] with the path), [`UpdateError`]. Nothing here prints.

mod follow;
mod import;
mod isolate;
mod people;
mod read;

pub use follow::{INDEX_WAIT, UpdateError, follow};
pub use import::{
    Collected, Failure, ImportError, Progress, SkipReason, Skipped, Tally, collect, import,
    import_document, import_fetched, import_with,
};
pub use isolate::{Isolation, Reader, Refusal, WorkerError, serve as serve_reader};
pub use people::{merge_people, split_person};
pub use read::{ReadError, read, read_text, record};

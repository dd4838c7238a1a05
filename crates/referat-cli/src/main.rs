//! `referat`: the command line of the referat meeting-records system.

mod forums;
mod progress;
mod samples;
mod summary;
mod sync;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use miette::Diagnostic;
use referat_extract::Limits;
use referat_ingest::{Failure, ReadError, UpdateError};

// A server's time goes largely to allocating (rows, JSON values, page strings):
// mimalloc serves it markedly faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Structured meeting records from Danish minutes (referater) and agendas (dagsordener).
#[derive(Debug, Parser)]
#[command(
    name = "referat",
    version,
    after_help = "Examples:\n  \
        referat parse minutes.txt          a readable summary\n  \
        referat parse --json minutes.txt   the referat.meeting/1 record\n  \
        referat lint *.txt                 what looks wrong, FILE:LINE: CODE: MESSAGE\n  \
        referat demo                       the bundled sample minutes\n  \
        referat sync https://dagsordener.greve.dk   keep the archive in step with a portal\n\n\
        Exit status: 0 success, 1 lint found warnings or a document of import or sync failed, \
        2 an input could not be read, 3 sync stopped before the end."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse minutes or agendas and print what they record.
    Parse {
        /// Minutes or agendas; format and text encoding are told from the content.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the `referat.meeting/1` record: pretty JSON for one file, one JSON
        /// object per line for several.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List what looks wrong in minutes, one warning a line.
    ///
    /// Each line is `FILE:LINE: CODE: MESSAGE` (`:LINE` only where the warning has one).
    /// Exits with 1 when any file has warnings, 2 when a file cannot be read.
    Lint {
        /// Minutes or agendas; format and text encoding are told from the content.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Print the text referat reads from a document, as the parser sees it.
    ///
    /// For PDF, Word, HTML and FirstAgenda JSON this is the extracted text; the `lines`
    /// in a record count the lines of this text, so it is where a value can be checked.
    Text {
        /// A minutes or agenda file of any supported format.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Import minutes and agendas into the archive: files, and folders recursively.
    ///
    /// Each document is one transaction: a failed document is reported and the batch
    /// goes on. An unchanged file is skipped, a changed one replaces its meeting, and
    /// a file written by `referat export` is restored (into an empty archive). Files
    /// of a folder that are plainly not meeting documents (a README, or an ending of
    /// no document format, such as .tsv or .png) are skipped and listed; a file named
    /// here is always read. Exits with 1 when any document failed (skipped files do
    /// not count), 2 when the archive cannot be opened.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        archive: ArchiveArgs,
        #[command(flatten)]
        limits: LimitArgs,
        /// Worker threads reading and parsing documents (default: one per core); each
        /// reads through a reader process of its own.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// Keep the archive in step with FirstAgenda publication portals.
    ///
    /// Lists the portal's committees and meetings, fetches each meeting the archive
    /// does not have or that may have changed, one request at a time, and imports it
    /// as `import` does (one transaction a meeting; a changed meeting is a new
    /// version). Without a URL, the portals of the configuration file
    /// (DIR/sync.toml, or --config). Interrupted, it loses nothing: the next run goes
    /// on where it stopped. Exits with 0 when everything went through, 1 when a
    /// meeting or a portal failed (the rest are imported), 2 when the sync could not
    /// start, 3 when it stopped at --max-requests or Ctrl-C (run it again to go on).
    Sync {
        /// The portal's address, e.g. https://dagsordener.greve.dk.
        #[arg(value_name = "URL")]
        url: Option<String>,
        /// Only this committee, by name or id (repeat for more).
        #[arg(long = "committee", value_name = "NAME|ID", requires = "url")]
        committees: Vec<String>,
        /// Only meetings on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", requires = "url")]
        since: Option<jiff::civil::Date>,
        /// The portals to keep, when no URL is given (default: DIR/sync.toml).
        #[arg(long, value_name = "FILE", conflicts_with = "url")]
        config: Option<PathBuf>,
        /// Make at most this many requests (retries count), then stop.
        #[arg(long, value_name = "N")]
        max_requests: Option<u64>,
        /// Milliseconds to wait between two requests: be kind to the portal.
        #[arg(long, value_name = "MS", default_value_t = 500)]
        delay: u64,
        /// Also fetch the files of the public items' attachments (a request each),
        /// keep them in DIR/attachments and search their text as part of their
        /// items. Closed items' attachments are never fetched.
        #[arg(long)]
        attachments: bool,
        /// Milliseconds before the first retry of a 429 or 5xx, doubled each time.
        #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
        backoff: u64,
        #[command(flatten)]
        archive: ArchiveArgs,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// A reader process for `import`: documents in on standard input, their text out
    /// on standard output, within MEMORY bytes of address space.
    #[command(hide = true)]
    ReadWorker { memory: u64 },
    /// Write the whole archive as JSON lines: the records and who is who.
    ///
    /// `referat import` of this file into an empty archive restores it exactly.
    Export {
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// Search the agenda items of the archive.
    ///
    /// Words (all must be found; inflections and parts of compounds count),
    /// "exact phrases", -exclusion, prefix*, and filters forum:NAME, year:2024,
    /// date:2023..2024, person:NAME, outcome:adopted|amended|rejected|postponed|unresolved
    /// (or fulgt, udsat, …), kind:referat|dagsorden.
    Search {
        /// The query; quote it in the shell if it has spaces.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Print the results as JSON: hits with snippets, and facet counts.
        #[arg(long)]
        json: bool,
        /// Show this many items at most.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        /// Order by relevance (default) or by date, newest first.
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// The forums of the archive: their meetings and the period they span; or, given
    /// one, its members with their attendance over the time they sat in it.
    ///
    /// A forum is named by its id or by (a part of) its name: `referat forums byråd`.
    /// Exits with 2 when no forum, or more than one, has that name.
    Forums {
        /// A forum's id, its name, or a part of its name that only it has.
        #[arg(value_name = "FORUM")]
        forum: Option<String>,
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// Rebuild the search index from the archive (the archive is the truth; the index
    /// is a copy of its public part).
    Reindex {
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// The people in the archive: list them, or correct who is who by hand.
    People {
        #[command(subcommand)]
        action: Option<PeopleAction>,
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// The editors who may sign in to the web UI.
    Editor {
        #[command(subcommand)]
        action: EditorAction,
        #[command(flatten)]
        archive: ArchiveArgs,
    },
    /// Serve the web UI, the OParl API and the feeds of the archive.
    Serve {
        #[command(flatten)]
        archive: ArchiveArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Import the five bundled sample minutes into a fresh data folder and serve them.
    Demo {
        /// The data folder to create (default: a new folder in the temporary directory).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Debug, Subcommand)]
enum PeopleAction {
    /// Every person with the spellings of their name and why they were joined.
    List,
    /// B is the same person as A: B's spellings and meetings go to A. Survives
    /// re-import.
    Merge {
        /// The person to keep (an id from `referat people`).
        a: i64,
        /// The person merged into A.
        b: i64,
    },
    /// The spelling NAME of person ID is someone else: it becomes a person of its own
    /// and is never joined to another loosely again.
    Split {
        id: i64,
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum EditorAction {
    /// Add an editor, or set a new password for one (which ends their sessions). The
    /// password is read from the first line of standard input.
    Add { name: String },
    /// Remove an editor.
    Remove { name: String },
    /// List the editors.
    List,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, clap::Args)]
struct ServerArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// The public origin of the server, for the absolute URLs of the API and the
    /// feeds (default: http:// and the address listened on).
    #[arg(long, value_name = "URL", env = "REFERAT_BASE_URL")]
    base_url: Option<String>,
    /// The name of the public body the archive is of, as the OParl API gives it.
    #[arg(long, value_name = "NAME", env = "REFERAT_BODY_NAME")]
    body_name: Option<String>,
    /// Megabytes of recent search results kept until the index changes, so that a
    /// query asked again is answered without searching; 0 keeps none.
    #[arg(
        long,
        value_name = "MB",
        default_value_t = 32,
        env = "REFERAT_SEARCH_CACHE_MB"
    )]
    search_cache_mb: usize,
}

impl ServerArgs {
    /// Binds the address and serves until Ctrl-C, telling standard output where.
    async fn serve(
        &self,
        archive: referat_archive::Archive,
        index: Option<referat_search::SearchIndex>,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        let listener = referat_web::listen(self.addr).map_err(|source| CliError::Bind {
            addr: self.addr,
            source,
        })?;
        let bound = listener.local_addr().map_err(CliError::Output)?;
        let base = self
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"));
        let mut config = referat_web::Config::new(base.clone());
        if let Some(name) = &self.body_name {
            config.body_name = name.clone();
        }
        config.search_results_bytes = self.search_cache_mb.saturating_mul(1 << 20);
        writeln!(out, "serving {base}/ (Ctrl-C stops)")?;
        out.flush()?;
        let state = referat_web::AppState::new(archive, index, config);
        // An import beside the server is searchable within a second or two.
        let _follower = referat_web::follow_archive(&state, std::time::Duration::from_secs(1));
        referat_web::serve_on(state, listener)
            .await
            .map_err(CliError::Output)?;
        Ok(())
    }
}

#[derive(Debug, clap::Args)]
struct ArchiveArgs {
    /// The data folder: the SQLite archive (and later the search index) live here.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "referat-data",
        global = true
    )]
    data: PathBuf,
    /// Use this PostgreSQL database instead of SQLite (postgres://user:pass@host/db).
    #[arg(
        long,
        value_name = "URL",
        env = "REFERAT_DATABASE",
        hide_env_values = true,
        global = true
    )]
    database: Option<String>,
}

impl ArchiveArgs {
    fn location(&self) -> referat_archive::Location {
        match &self.database {
            Some(url) => referat_archive::Location::Postgres(url.clone()),
            None => referat_archive::Location::Folder(self.data.clone()),
        }
    }

    /// The archive, for one writer (import, corrections) or one reader.
    async fn open(&self) -> Result<referat_archive::Archive, CliError> {
        Ok(referat_archive::Archive::open(&self.location()).await?)
    }

    /// The archive for a server's concurrent readers.
    async fn open_for_serving(&self) -> Result<referat_archive::Archive, CliError> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let readers = u32::try_from(cores * 2).unwrap_or(8);
        Ok(referat_archive::Archive::open_for_serving(&self.location(), readers).await?)
    }

    fn index(&self) -> Result<referat_search::SearchIndex, CliError> {
        Ok(referat_search::SearchIndex::open(
            &referat_search::SearchIndex::folder(&self.data),
        )?)
    }
}

#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Refuse files larger than this, before reading them: bytes, or with a K, M or G
    /// suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MAX_SIZE, value_parser = parse_size)]
    max_size: u64,
}

#[derive(Debug, clap::Args)]
struct IsolationArgs {
    /// The memory a reader process may use for one document: more fails the document
    /// (K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    read_memory: u64,
    /// The seconds one document may take to read: longer fails the document.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    read_time: f64,
    /// Read the documents in this process instead of in reader processes: a little
    /// faster to start, but a document that exhausts memory ends the whole import.
    #[arg(long, conflicts_with_all = ["read_memory", "read_time"])]
    read_in_process: bool,
}

impl IsolationArgs {
    /// Reader processes of this program, as `referat read-worker`.
    fn reader(&self) -> Result<referat_ingest::Reader, CliError> {
        if self.read_in_process {
            return Ok(referat_ingest::Reader::InProcess);
        }
        let program = std::env::current_exe().map_err(CliError::Output)?;
        Ok(referat_ingest::Reader::Isolated(
            referat_ingest::Isolation {
                program,
                args: vec!["read-worker".to_string()],
                memory: self.read_memory,
                time: std::time::Duration::try_from_secs_f64(self.read_time)
                    .unwrap_or(referat_ingest::Isolation::DEFAULT_TIME),
            },
        ))
    }
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_size,
            ..Limits::default()
        }
    }
}

/// `referat_extract::DEFAULT_MAX_BYTES` as the help shows it (a test keeps them equal).
const DEFAULT_MAX_SIZE: &str = "200M";

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, factor) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let factor: u64 = match c.to_ascii_uppercase() {
                'K' => 1024,
                'M' => 1024 * 1024,
                'G' => 1024 * 1024 * 1024,
                'B' => 1,
                _ => return Err(format!("unknown size unit {c:?}; use K, M or G")),
            };
            (s.get(..i).unwrap_or(""), factor)
        }
        _ => (s, 1),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 500K, 200M or 1G"))?;
    n.checked_mul(factor)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// One line on standard error for each input that failed.
fn report(e: &ReadError) {
    let code = match e {
        ReadError::Unreadable { .. } => "referat::unreadable",
        ReadError::NotMinutes { .. } => "referat::not_minutes",
    };
    to_stderr(format_args!("error[{code}]: {e}\n"));
}

/// What stops the command itself, as opposed to one bad input.
#[derive(Debug, thiserror::Error, Diagnostic)]
enum CliError {
    #[error("cannot write the output: {0}")]
    #[diagnostic(code(referat::output))]
    Output(#[from] std::io::Error),
    #[error("cannot encode the record as JSON: {0}")]
    #[diagnostic(code(referat::json))]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    #[diagnostic(code(referat::archive))]
    Archive(#[from] referat_archive::ArchiveError),
    #[error(transparent)]
    #[diagnostic(code(referat::search))]
    Search(#[from] referat_search::SearchError),
    #[error(transparent)]
    #[diagnostic(code(referat::weak_password))]
    WeakPassword(#[from] referat_web::WeakPassword),
    #[error("{0}")]
    #[diagnostic(code(referat::editor))]
    Editor(String),
    #[error("{0}")]
    #[diagnostic(
        code(referat::forum),
        help("`referat forums` lists them; name one by its id or a part of its name only it has")
    )]
    Forum(String),
    #[error("cannot listen on {addr}: {source}")]
    #[diagnostic(
        code(referat::bind),
        help("is another server using the port? choose another with --addr")
    )]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    #[diagnostic(code(referat::runtime))]
    Runtime(std::io::Error),
    #[error(transparent)]
    #[diagnostic(
        code(referat::sync_config),
        help(
            "a portal is listed as [[portal]] with url = \"https://…\", and optionally committees = [\"…\"] and since = \"YYYY-MM-DD\""
        )
    )]
    SyncConfig(#[from] referat_portal::ConfigError),
    #[error(transparent)]
    #[diagnostic(code(referat::sync))]
    Sync(#[from] referat_portal::SyncError),
    #[error(transparent)]
    #[diagnostic(code(referat::http_client))]
    HttpClient(#[from] referat_portal::FetchError),
    #[error("the bundled sample {} does not import: {}", referat_extract::shown(&.0.path), .0.reason)]
    #[diagnostic(
        code(referat::demo),
        help("this is a bug in referat; please report it")
    )]
    Demo(Failure),
}

impl From<UpdateError> for CliError {
    fn from(e: UpdateError) -> CliError {
        match e {
            UpdateError::Archive(e) => CliError::Archive(e),
            UpdateError::Index(e) => CliError::Search(e),
        }
    }
}

/// Brings the search index up to date with the archive as a command opens it (a
/// search, a server), saying on standard error what took time or did not work:
/// searching goes on over what the index has.
async fn catch_up(archive: &referat_archive::Archive, index: &referat_search::SearchIndex) {
    match index.catch_up(archive, referat_ingest::INDEX_WAIT).await {
        Ok(referat_search::CatchUp::Rebuilt(n)) if n > 0 => {
            to_stderr(format_args!(
                "the search index was rebuilt from the archive: {n} public agenda items\n"
            ));
        }
        Ok(referat_search::CatchUp::Busy) => to_stderr(format_args!(
            "the search index is being written by another process; searching what it has\n"
        )),
        Ok(_) => {}
        Err(e) => to_stderr(format_args!(
            "the search index did not catch up with the archive ({e}); searching what it has\n"
        )),
    }
}

/// The forum a user named: by id, by its name (case aside), or by a part of its name
/// that no other forum's has.
fn find_forum<'a>(
    all: &'a [referat_archive::ForumSummary],
    wanted: &str,
) -> Result<&'a referat_archive::ForumSummary, CliError> {
    let wanted = wanted.trim();
    if let Ok(id) = wanted.parse::<i64>() {
        if let Some(f) = all.iter().find(|f| f.id == id) {
            return Ok(f);
        }
    }
    let lower = wanted.to_lowercase();
    if let Some(f) = all.iter().find(|f| f.name.to_lowercase() == lower) {
        return Ok(f);
    }
    let partial: Vec<_> = all
        .iter()
        .filter(|f| f.name.to_lowercase().contains(&lower))
        .collect();
    match partial.as_slice() {
        [one] => Ok(one),
        [] => Err(CliError::Forum(format!("no forum is named {wanted:?}"))),
        several => Err(CliError::Forum(format!(
            "{} forums have {wanted:?} in their name: {}",
            several.len(),
            several
                .iter()
                .map(|f| format!("{} ({})", f.name, f.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
}

/// The runtime of a server: one worker thread per core.
fn server_runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
}

/// Writes to standard error, ignoring failure: `eprintln!` panics when it cannot write
/// (standard error redirected to a full disk), and a message about an error must not
/// become a crash.
fn to_stderr(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

fn main() -> ExitCode {
    referat_extract::quiet_pdf_reader_panics();
    log_to_stderr();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`referat lint … | head`) is not an error.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            to_stderr(format_args!("{:?}\n", miette::Report::new(e)));
            ExitCode::from(2)
        }
    }
}

/// Logs (a server's failed requests above all) go to standard error, warnings and
/// worse unless `REFERAT_LOG` asks for more (`REFERAT_LOG=info`, `=debug`).
fn log_to_stderr() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("REFERAT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Parse {
            files,
            json,
            limits,
        } => {
            let mut failed = false;
            let several = files.len() > 1;
            for path in &files {
                match referat_ingest::read(path, limits.limits()) {
                    Ok(meeting) => {
                        let text = if !json {
                            format!(
                                "{}\n{}",
                                referat_extract::shown(path),
                                summary::summary(&meeting)
                            )
                        } else if several {
                            serde_json::to_string(&meeting)?
                        } else {
                            serde_json::to_string_pretty(&meeting)?
                        };
                        writeln!(out, "{text}")?;
                    }
                    Err(e) => {
                        report(&e);
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Lint { files, limits } => {
            let mut failed = false;
            let mut warned = false;
            for path in &files {
                match referat_ingest::read(path, limits.limits()) {
                    Ok(meeting) => {
                        for w in &meeting.warnings {
                            warned = true;
                            let at = line_suffix(w.line.map(|l| l as usize));
                            writeln!(
                                out,
                                "{}{at}: {}: {}",
                                referat_extract::shown(path),
                                w.kind.code(),
                                w.message
                            )?;
                        }
                    }
                    Err(e) => {
                        report(&e);
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::from(2)
            } else if warned {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Text { file, limits } => match referat_ingest::read_text(&file, limits.limits()) {
            Ok(extracted) => {
                out.write_all(extracted.text.as_bytes())?;
                for warning in &extracted.warnings {
                    to_stderr(format_args!(
                        "{}: warning: {warning}\n",
                        referat_extract::shown(&file)
                    ));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                report(&e);
                Ok(ExitCode::from(2))
            }
        },
        Command::Import {
            paths,
            archive,
            limits,
            jobs,
            isolation,
        } => {
            let jobs = jobs.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            });
            let found = referat_ingest::collect(&paths);
            let args = archive;
            let reader = isolation.reader()?;
            let tally = runtime()?.block_on(async {
                let archive = args.open().await?;
                let index = args.index()?;
                let mut progress = progress::ProgressLine::new();
                let tally = referat_ingest::import_with(
                    &archive,
                    &index,
                    found.files,
                    &reader,
                    limits.limits(),
                    jobs,
                    &mut progress,
                )
                .await;
                archive.close().await;
                Ok::<_, CliError>(tally)
            })?;
            let unreadable = found.failures;
            let failed = tally.failed.len() + unreadable.len();
            // The counts are of documents whose transaction committed: what the
            // archive holds, whatever failed after.
            writeln!(
                out,
                "{} imported, {} unchanged, {} replaced, {failed} failed, {} skipped \
                 ({:.1} MB read)",
                tally.imported,
                tally.unchanged,
                tally.replaced,
                found.skipped.len(),
                tally.bytes as f64 / 1e6
            )?;
            for failure in unreadable.iter().chain(&tally.failed) {
                writeln!(out, "  failed: {failure}")?;
            }
            // Files of a folder that are plainly not meeting documents are not
            // failures (the exit status stays 0), but each is named: a file skipped
            // by mistake is seen, and named on its own it is read.
            for skipped in &found.skipped {
                writeln!(out, "  skipped: {skipped}")?;
            }
            if tally.stopped {
                writeln!(
                    out,
                    "stopped: the disk is full; {} documents not tried. What was imported \
                     stays: free some space and import again, and it is skipped.",
                    tally.untried
                )?;
            }
            let index_failed = match &tally.index {
                Some(caught_up) => report_index(&mut out, caught_up, "documents")?,
                None => false,
            };
            Ok(if failed > 0 || tally.stopped || index_failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Sync {
            url,
            committees,
            since,
            config,
            max_requests,
            delay,
            attachments,
            backoff,
            archive: args,
            limits,
        } => {
            let portals = match url {
                Some(url) => {
                    let mut portal = referat_portal::Portal::new(&url)?;
                    portal.committees = committees;
                    portal.since = since;
                    vec![portal]
                }
                None => referat_portal::read_config(
                    &config.unwrap_or_else(|| args.data.join("sync.toml")),
                )?,
            };
            let polite = referat_portal::Politeness {
                delay: std::time::Duration::from_millis(delay),
                backoff: std::time::Duration::from_millis(backoff),
                max_requests,
                max_bytes: limits.limits().max_bytes,
                ..referat_portal::Politeness::default()
            };
            sync::run(
                &args,
                portals,
                polite,
                limits.limits(),
                attachments,
                &mut out,
            )
        }
        Command::ReadWorker { memory } => {
            referat_ingest::serve_reader(memory, std::io::stdin().lock(), out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { out: file, archive } => {
            let meetings = runtime()?.block_on(async {
                let archive = archive.open().await?;
                let n = match &file {
                    Some(file) => {
                        let f = std::fs::File::create(file)?;
                        archive.export(&mut std::io::BufWriter::new(f)).await?
                    }
                    None => archive.export(&mut out).await?,
                };
                archive.close().await;
                Ok::<_, CliError>(n)
            })?;
            if let Some(file) = &file {
                to_stderr(format_args!(
                    "{meetings} meetings written to {}\n",
                    referat_extract::shown(file)
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::People { action, archive } => {
            let args = archive;
            runtime()?.block_on(async {
                let archive = args.open().await?;
                match action.unwrap_or(PeopleAction::List) {
                    PeopleAction::List => {
                        for p in archive.people().await? {
                            writeln!(out, "{:>6}  {}  ({} meetings)", p.id, p.name, p.meetings)?;
                            for v in p.variants.iter().filter(|v| **v != p.name) {
                                writeln!(out, "        also: {v}")?;
                            }
                            for (name, reason, manual) in &p.merges {
                                let how = if *manual { "by hand" } else { "by rule" };
                                writeln!(out, "        joined {name} {how}: {reason}")?;
                            }
                        }
                    }
                    PeopleAction::Merge { a, b } => {
                        referat_ingest::merge_people(&archive, &args.index()?, a, b).await?;
                        writeln!(out, "person {b} merged into person {a}")?;
                    }
                    PeopleAction::Split { id, name } => {
                        let new = referat_ingest::split_person(&archive, &args.index()?, id, &name)
                            .await?;
                        writeln!(out, "'{name}' split from person {id} as person {new}")?;
                    }
                }
                archive.close().await;
                Ok::<_, CliError>(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            json,
            limit,
            sort,
            archive: args,
        } => {
            let query = query.join(" ");
            let sort = match sort {
                SortArg::Relevance => referat_search::Sort::Relevance,
                SortArg::Date => referat_search::Sort::Date,
            };
            let index = args.index()?;
            runtime()?.block_on(async {
                let archive = args.open().await?;
                catch_up(&archive, &index).await;
                archive.close().await;
                Ok::<_, CliError>(())
            })?;
            let results = index.search(&query, limit, sort)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
            } else {
                writeln!(
                    out,
                    "{} agenda item{} found for {query:?}",
                    results.total,
                    if results.total == 1 { "" } else { "s" }
                )?;
                for hit in &results.hits {
                    writeln!(
                        out,
                        "\n{} · {} · punkt {}: {}\n  {}\n  {}",
                        hit.forum.as_deref().unwrap_or("?"),
                        hit.date.map_or_else(|| "?".to_string(), |d| d.to_string()),
                        hit.number,
                        hit.title,
                        summary::plain_snippet(&hit.snippet),
                        hit.link
                    )?;
                }
                for (name, facet) in [
                    ("forums", &results.forums),
                    ("years", &results.years),
                    ("outcomes", &results.outcomes),
                ] {
                    if !facet.is_empty() {
                        let parts: Vec<String> =
                            facet.iter().map(|(k, n)| format!("{k} ({n})")).collect();
                        writeln!(out, "\n{name}: {}", parts.join(", "))?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Forums {
            forum,
            archive: args,
        } => {
            let text = runtime()?.block_on(async {
                let archive = args.open().await?;
                let all = archive.forums().await?;
                let text = match forum {
                    None => forums::list(&all),
                    Some(wanted) => {
                        let forum = find_forum(&all, &wanted)?;
                        forums::members(forum, &archive.forum_attendance(forum.id).await?)
                    }
                };
                archive.close().await;
                Ok::<_, CliError>(text)
            })?;
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex { archive: args } => {
            let n = runtime()?.block_on(async {
                let archive = args.open().await?;
                let n = args.index()?.rebuild(&archive).await?;
                archive.close().await;
                Ok::<_, CliError>(n)
            })?;
            writeln!(out, "{n} public agenda items indexed")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Editor {
            action,
            archive: args,
        } => {
            let password = match &action {
                EditorAction::Add { .. } => {
                    // At a terminal the password is typed without being shown;
                    // from a pipe it is the first line.
                    let line = if std::io::stdin().is_terminal() {
                        rpassword::prompt_password("password: ")?
                    } else {
                        let mut line = String::new();
                        std::io::stdin().read_line(&mut line)?;
                        line
                    };
                    let password = line.trim_end_matches(['\r', '\n']).to_string();
                    referat_web::check_password(&password)?;
                    Some(password)
                }
                _ => None,
            };
            runtime()?.block_on(async {
                let archive = args.open().await?;
                match (&action, password) {
                    (EditorAction::Add { name }, Some(password)) => {
                        let hash = referat_web::hash_password(&password)
                            .map_err(|e| CliError::Editor(e.to_string()))?;
                        let new = archive.set_editor(name.trim(), &hash).await?;
                        let what = if new { "added" } else { "has a new password" };
                        writeln!(out, "editor {} {what}", name.trim())?;
                    }
                    (EditorAction::Remove { name }, _) => {
                        if !archive.remove_editor(name).await? {
                            return Err(CliError::Editor(format!("no editor named {name}")));
                        }
                        writeln!(out, "editor {name} removed")?;
                    }
                    _ => {
                        for name in archive.editor_names().await? {
                            writeln!(out, "{name}")?;
                        }
                    }
                }
                archive.close().await;
                Ok::<_, CliError>(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            archive: args,
            server,
        } => {
            server_runtime()?.block_on(async {
                let archive = args.open_for_serving().await?;
                let index = args.index()?;
                catch_up(&archive, &index).await;
                server.serve(archive, Some(index), &mut out).await
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { data, server } => {
            let data = data.unwrap_or_else(|| {
                std::env::temp_dir().join(format!("referat-demo-{}", std::process::id()))
            });
            let samples = data.join("samples");
            std::fs::create_dir_all(&samples)?;
            let mut files = Vec::new();
            for sample in &samples::SAMPLES {
                let path = samples.join(sample.name);
                std::fs::write(&path, sample.text)?;
                files.push(path);
            }
            let args = ArchiveArgs {
                data: data.clone(),
                database: None,
            };
            server_runtime()?.block_on(async {
                let archive = args.open_for_serving().await?;
                let index = args.index()?;
                let tally = referat_ingest::import(
                    &archive,
                    &index,
                    files,
                    Limits::default(),
                    1,
                    &mut progress::ProgressLine::new(),
                )
                .await;
                if let Some(failure) = tally.failed.into_iter().next() {
                    return Err(CliError::Demo(failure));
                }
                if let Some(Err(e)) = tally.index {
                    return Err(e.into());
                }
                writeln!(
                    out,
                    "referat demo: {} sample minutes imported into {}",
                    samples::SAMPLES.len(),
                    referat_extract::shown(&data)
                )?;
                server.serve(archive, Some(index), &mut out).await
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Tells how the search index followed a batch written to the archive (`what`: the
/// batch's things, "documents" or "meetings"); whether it failed.
pub(crate) fn report_index<E: std::fmt::Display>(
    out: &mut impl Write,
    caught_up: &Result<referat_search::CatchUp, E>,
    what: &str,
) -> std::io::Result<bool> {
    match caught_up {
        Ok(referat_search::CatchUp::Busy) => {
            writeln!(
                out,
                "the search index is being written by another process: it takes these \
                 {what} in when it is next opened"
            )?;
            Ok(false)
        }
        Ok(_) => Ok(false),
        Err(e) => {
            writeln!(
                out,
                "the search index did not follow: {e}; it catches up when it is next \
                 opened (or with referat reindex)"
            )?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("500K"), Ok(500 * 1024));
        assert_eq!(parse_size("200M"), Ok(200 * 1024 * 1024));
        assert_eq!(parse_size("10"), Ok(10));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
        assert_eq!(parse_size("1G"), Ok(1024 * 1024 * 1024));
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[test]
    fn default_size_is_the_extractors() {
        assert_eq!(
            parse_size(DEFAULT_MAX_SIZE),
            Ok(referat_extract::DEFAULT_MAX_BYTES)
        );
    }
}

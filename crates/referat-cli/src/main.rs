//! `referat`: the command line of the referat meeting-records system.

mod samples;
mod summary;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use miette::Diagnostic;
use referat_extract::{ExtractError, Limits};
use referat_model::Meeting;

/// Structured meeting records from Danish minutes (referater) and agendas (dagsordener).
#[derive(Debug, Parser)]
#[command(
    name = "referat",
    version,
    after_help = "Examples:\n  \
        referat parse minutes.txt          a readable summary\n  \
        referat parse --json minutes.txt   the referat.meeting/1 record\n  \
        referat lint *.txt                 what looks wrong, FILE:LINE: CODE: MESSAGE\n  \
        referat demo                       the bundled sample minutes\n\n\
        Exit status: 0 success, 1 lint found warnings, 2 an input could not be read."
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
    /// For PDF, Word and HTML this is the extracted text; the `lines` in a record
    /// count the lines of this text, so it is where a value can be checked.
    Text {
        /// A minutes or agenda file of any supported format.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Parse the five bundled sample minutes and print their summaries.
    Demo,
}

#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Refuse files larger than this, before reading them: bytes, or with a K, M or G
    /// suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MAX_SIZE, value_parser = parse_size)]
    max_size: u64,
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

/// Why one input could not be read as a meeting record.
#[derive(Debug, thiserror::Error, Diagnostic)]
enum InputError {
    #[error("{path}{at}: {source}", path = .path.display(), at = line_suffix(*.line))]
    #[diagnostic(code(referat::unreadable))]
    Unreadable {
        path: PathBuf,
        line: Option<usize>,
        source: ExtractError,
    },
    #[error("{}: {source}", .path.display())]
    #[diagnostic(code(referat::not_minutes))]
    NotMinutes {
        path: PathBuf,
        source: referat_parse::ParseError,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

fn read_text(path: &Path, limits: &LimitArgs) -> Result<String, InputError> {
    let limits = Limits {
        max_bytes: limits.max_size,
        ..Limits::default()
    };
    referat_extract::extract_file(path, limits)
        .map(|extracted| extracted.text)
        .map_err(|e| InputError::Unreadable {
            path: path.to_path_buf(),
            line: e.line(),
            source: unwrap_path(e),
        })
}

fn read(path: &Path, limits: &LimitArgs) -> Result<Meeting, InputError> {
    let text = read_text(path, limits)?;
    referat_parse::parse(&text).map_err(|source| InputError::NotMinutes {
        path: path.to_path_buf(),
        source,
    })
}

/// The error without the path it carries, since the report names the path itself.
fn unwrap_path(e: ExtractError) -> ExtractError {
    match e {
        ExtractError::WithPath { source, .. } => unwrap_path(*source),
        other => other,
    }
}

/// One line on standard error for each input that failed.
fn report(e: &InputError) {
    let code = e.code().map(|c| format!("[{c}]")).unwrap_or_default();
    eprintln!("error{code}: {e}");
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
    #[error("the bundled sample {name} does not parse: {source}")]
    #[diagnostic(
        code(referat::sample),
        help("this is a bug in referat; please report it")
    )]
    Sample {
        name: &'static str,
        source: referat_parse::ParseError,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`referat lint … | head`) is not an error.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(2)
        }
    }
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
                match read(path, &limits) {
                    Ok(meeting) => {
                        let text = if !json {
                            format!("{}\n{}", path.display(), summary::summary(&meeting))
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
                match read(path, &limits) {
                    Ok(meeting) => {
                        for w in &meeting.warnings {
                            warned = true;
                            let at = line_suffix(w.line.map(|l| l as usize));
                            writeln!(
                                out,
                                "{}{at}: {}: {}",
                                path.display(),
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
        Command::Text { file, limits } => match read_text(&file, &limits) {
            Ok(text) => {
                out.write_all(text.as_bytes())?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                report(&e);
                Ok(ExitCode::from(2))
            }
        },
        Command::Demo => {
            writeln!(
                out,
                "referat demo: the {} bundled sample minutes (the archive and the web UI come later)\n",
                samples::SAMPLES.len()
            )?;
            for sample in &samples::SAMPLES {
                let meeting =
                    referat_parse::parse(sample.text).map_err(|source| CliError::Sample {
                        name: sample.name,
                        source,
                    })?;
                writeln!(out, "{}\n{}", sample.name, summary::summary(&meeting))?;
            }
            Ok(ExitCode::SUCCESS)
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

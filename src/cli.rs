//! Command-line interface: argument parsing and the subcommands.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::doc::{self, Document, Kind, LoadError};
use crate::i18n::Lang;
use crate::outline;
use crate::text::sanitize;

/// Read and review Vietnamese official notices in the terminal.
///
/// Đọc và duyệt thông báo, văn bản kết luận ngay trong terminal.
#[derive(Debug, Parser)]
#[command(name = "ketluan", version)]
pub struct Cli {
    /// Notice file (TOML); the embedded 2017-02-22 notice when omitted.
    pub file: Option<PathBuf>,

    /// Interface language [default: vi, or KETLUAN_LANG]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate notice files and print their node counts.
    Check {
        /// Notice files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the outline as plain text.
    Print {
        /// Notice file (TOML); the embedded notice when omitted.
        file: Option<PathBuf>,
        /// Wrap at this many columns (0: no wrapping) [default: the
        /// terminal's width, or 80]
        #[arg(long)]
        width: Option<usize>,
    },
}

/// Runs the command line `args` (including the program name).
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let lang = Lang::resolve(cli.lang, std::env::var("KETLUAN_LANG").ok().as_deref());
    let result = match cli.command {
        Some(Command::Check { files }) => return check(&files, lang),
        Some(Command::Print { file, width }) => {
            load(file.as_deref()).and_then(|d| print(&d, width, lang))
        }
        None => load(cli.file.as_deref()).and_then(|d| browse(d, lang)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Load(e)) => {
            eprintln!("{}", sanitize_lines(&e.render(lang)));
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            let what = if lang == Lang::Vi { "lỗi" } else { "error" };
            eprintln!("ketluan: {what}: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Load(LoadError),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn load(file: Option<&Path>) -> Result<Document, Failure> {
    match file {
        Some(path) => doc::load_path(path),
        None => doc::embedded(),
    }
    .map_err(Failure::Load)
}

fn browse(doc: Document, lang: Lang) -> Result<(), Failure> {
    // Like jless: a pipe or file gets the plain outline.
    if !io::stdout().is_terminal() {
        return print(&doc, None, lang);
    }
    match crate::tui::run(doc, lang) {
        Ok(()) => Ok(()),
        Err(crate::tui::TuiError::Io(e)) => Err(Failure::Io(e)),
        // The terminal is restored; exit as a signalled process would.
        Err(crate::tui::TuiError::Signal(sig)) => std::process::exit(128 + sig),
    }
}

fn print(doc: &Document, width: Option<usize>, lang: Lang) -> Result<(), Failure> {
    let stdout = io::stdout();
    let width = width.unwrap_or_else(|| {
        if stdout.is_terminal() {
            ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
        } else {
            80
        }
    });
    let mut out = io::BufWriter::new(stdout.lock());
    outline::write(&mut out, doc, outline::Style { width, lang })?;
    out.flush()?;
    Ok(())
}

fn check(files: &[PathBuf], lang: Lang) -> ExitCode {
    let mut failed = false;
    let mut stdout = io::stdout().lock();
    for file in files {
        match doc::load_path(file) {
            Ok(d) => {
                let counts = d.kind_counts();
                let per_kind: Vec<String> = Kind::ALL
                    .iter()
                    .map(|k| format!("{} {}", k.as_str(), counts[k.index()]))
                    .collect();
                let nodes = if lang == Lang::Vi { "mục" } else { "nodes" };
                let line = format!(
                    "ok {}: {} {nodes} ({})",
                    file.display(),
                    d.len(),
                    per_kind.join(", ")
                );
                if writeln!(stdout, "{}", sanitize(&line)).is_err() {
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("{}", sanitize_lines(&e.render(lang)));
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Sanitizes each line of a multi-line message, keeping the line breaks.
fn sanitize_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| sanitize(l))
        .collect::<Vec<_>>()
        .join("\n")
}

//! Command-line interface: argument parsing and the subcommands.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, FromArgMatches, Parser, Subcommand};

use crate::doc::{self, Document, Kind, LoadError};
use crate::i18n::Lang;
use crate::loading::{Background, Update};
use crate::outline;
use crate::review::{self, Format, Marks, Reviewer, Session};
use crate::text::sanitize;

mod usage;
mod words;

// The doc comments here are the English help; `words` lays the Vietnamese
// over it. clap's own help flag, version flag and `help` command are
// replaced by ones declared here, whose words can be changed.
/// Read and review Vietnamese official notices in the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "ketluan",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Notice file (TOML); the embedded 2017-02-22 notice when omitted.
    pub file: Option<PathBuf>,

    /// Interface language [default: vi, or KETLUAN_LANG]
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,

    /// Review state file (TOML) [default for the browser and `export`:
    /// one per notice in the user's data directory; `print` shows marks
    /// only when given]
    #[arg(long, global = true, value_name = "PATH")]
    pub state: Option<PathBuf>,

    /// Name recorded with each mark [default: the login name]
    #[arg(long, global = true, value_name = "NAME")]
    pub reviewer: Option<Reviewer>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Print help
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,

    /// Print version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
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
        #[arg(long, allow_negative_numbers = true)]
        width: Option<usize>,
    },
    /// Print the entries that match QUERY, one per line: id, label, text.
    /// Exits 1 when nothing matches, as grep does.
    Search {
        /// Words that must all occur; without accents they match any
        /// accents ("dang" finds "Đảng"), with accents exactly.
        query: String,
        /// Notice file (TOML); the embedded notice when omitted.
        file: Option<PathBuf>,
        /// Only nodes of this kind (repeatable): heading, point, strength,
        /// weakness, cause, task, or their Vietnamese names.
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Vec<Kind>,
    },
    /// Import a notice published as Markdown or plain text into the TOML format.
    ///
    /// The text is UTF-8 with LF or CRLF line ends, in any Unicode form.
    /// Every guess is marked in the output by a "# kiểm tra:" comment
    /// ("# check:" with --lang en).
    Import {
        /// The published notice (.md or .txt); `-` reads standard input.
        notice: PathBuf,
        /// Write the TOML to this file instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "OUT.toml")]
        output: Option<PathBuf>,
    },
    /// Write the review minutes: title, dates, reviewers, progress per
    /// section, flagged, reviewed and unreviewed items with notes.
    Export {
        /// Notice file (TOML); the embedded notice when omitted.
        file: Option<PathBuf>,
        /// Output format [default: csv for an OUT ending in .csv, else md]
        #[arg(long, value_enum, ignore_case = true)]
        format: Option<Format>,
        /// Write to this file instead of stdout (CSV files get a UTF-8 BOM
        /// for spreadsheet programs).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Print this message or the help of the given command.
    Help {
        /// The command whose help to print.
        command: Option<String>,
    },
}

/// A notice file given before a command that takes its file after it
/// (`ketluan N.toml export`), as well as after it, or to `import`.
#[derive(Debug)]
enum MisplacedFile {
    Twice { before: PathBuf, after: PathBuf },
    Import { before: PathBuf },
}

impl MisplacedFile {
    fn render(&self, lang: Lang) -> String {
        let show = |p: &Path| sanitize(&p.display().to_string()).into_owned();
        match self {
            MisplacedFile::Twice { before, after } => lang.pick(
                format!(
                    "hai tệp thông báo cho một lệnh: `{}` và `{}`; hãy chỉ ghi một tệp, sau lệnh",
                    show(before),
                    show(after)
                ),
                format!(
                    "two notice files for one command: `{}` and `{}`; give just one, after the command",
                    show(before),
                    show(after)
                ),
            ),
            MisplacedFile::Import { before } => lang.pick(
                format!(
                    "`import` đọc tệp ghi sau lệnh, không phải `{}` ghi trước: ketluan import TỆP",
                    show(before)
                ),
                format!(
                    "`import` reads the file given after it, not `{}` before it: ketluan import FILE",
                    show(before)
                ),
            ),
        }
    }
}

impl Command {
    /// The command with the notice file given before it (`before`), if
    /// any: as its own file when it has none, added to `check`'s. Never
    /// silently dropped: it would be another notice's minutes or outline.
    fn with_file(self, before: Option<PathBuf>) -> Result<Command, MisplacedFile> {
        let Some(before) = before else {
            return Ok(self);
        };
        let take = |own: Option<PathBuf>| match own {
            Some(after) => Err(MisplacedFile::Twice {
                before: before.clone(),
                after,
            }),
            None => Ok(Some(before.clone())),
        };
        Ok(match self {
            Command::Check { mut files } => {
                files.insert(0, before);
                Command::Check { files }
            }
            Command::Print { file, width } => Command::Print {
                file: take(file)?,
                width,
            },
            Command::Search { query, file, kind } => Command::Search {
                query,
                file: take(file)?,
                kind,
            },
            Command::Export {
                file,
                format,
                output,
            } => Command::Export {
                file: take(file)?,
                format,
                output,
            },
            Command::Import { .. } => return Err(MisplacedFile::Import { before }),
            help @ Command::Help { .. } => help,
        })
    }
}

/// Runs the command line `args` (including the program name).
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    // The language of help and usage errors, read before clap reads the
    // rest.
    let lang = Lang::resolve(
        lang_in(&args),
        std::env::var("KETLUAN_LANG").ok().as_deref(),
    );
    // Before clap: `ketluan pritn N.toml` would be a usage error about
    // N.toml, and `ketluan pritn` a missing file called pritn.
    if let Some(word) = first_word(&args)
        && let Some(command) = mistyped_command(Path::new(word))
    {
        let word = sanitize(word).into_owned();
        eprintln!(
            "ketluan: {}",
            lang.pick(
                format!("không có tệp hay lệnh `{word}`; có phải ý là lệnh `ketluan {command}`? (ketluan --help liệt kê các lệnh)"),
                format!("there is no file or command `{word}`; did you mean the command `ketluan {command}`? (ketluan --help lists the commands)"),
            )
        );
        return ExitCode::from(2);
    }
    let mut cmd = words::command(lang);
    let sub = first_word(&args).filter(|w| cmd.find_subcommand(w).is_some());
    let mut cli = match cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return usage::report(&e, lang, cmd, sub),
    };
    if let Some(Command::Help { command }) = &cli.command {
        return help(lang, command.as_deref());
    }
    let env_lang = std::env::var("KETLUAN_LANG").ok();
    let lang = Lang::resolve(cli.lang, env_lang.as_deref());
    if let Some(v) = env_lang
        .as_deref()
        .filter(|v| cli.lang.is_none() && !Lang::is_known(v))
    {
        // Said in both languages: the one wanted is not known.
        eprintln!(
            "ketluan: KETLUAN_LANG={}: chỉ có vi và en, dùng tiếng Việt (only vi and en exist; using Vietnamese)",
            sanitize(v)
        );
    }
    let command = match cli.command.take().map(|c| c.with_file(cli.file.clone())) {
        Some(Err(e)) => {
            eprintln!("ketluan: {}", e.render(lang));
            return ExitCode::from(2);
        }
        Some(Ok(c)) => Some(c),
        None => None,
    };
    let result = match command {
        // Answered above.
        Some(Command::Help { .. }) => Ok(()),
        Some(Command::Check { files }) => return check(&files, lang),
        Some(Command::Import { notice, output }) => {
            return crate::import::run(&notice, output.as_deref(), lang);
        }
        Some(Command::Search { query, file, kind }) => {
            match load(file.as_deref()).and_then(|d| Ok(search(&d, &query, &kind, lang)?)) {
                Ok(false) => return ExitCode::from(1),
                other => other.map(drop),
            }
        }
        Some(Command::Print { file, width }) => match cli.state.as_deref() {
            Some(state) => load(file.as_deref()).and_then(|d| print_marked(&d, width, lang, state)),
            None => load(file.as_deref()).and_then(|d| print(&d, width, lang)),
        },
        Some(Command::Export {
            file,
            format,
            output,
        }) => load(file.as_deref()).and_then(|d| {
            let files = Files {
                notice: file.as_deref(),
                state: cli.state.as_deref(),
                output: output.as_deref(),
            };
            export(
                &d,
                files,
                format.unwrap_or(Format::for_path(output.as_deref())),
                lang,
            )
        }),
        None => {
            let reviewer = cli.reviewer.clone().unwrap_or_else(Reviewer::login);
            let state = cli.state.as_deref();
            match cli.file.as_deref() {
                Some(path) if io::stdout().is_terminal() => {
                    browse_file(path, lang, state, reviewer)
                }
                file => load(file).and_then(|d| browse(d, lang, state, reviewer)),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Load(e)) => {
            eprintln!("{}", sanitize_lines(&e.render(lang)));
            ExitCode::from(1)
        }
        Err(Failure::Review(e)) => {
            eprintln!("ketluan: {}", sanitize_lines(&e.render(lang)));
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            let what = if lang == Lang::Vi { "lỗi" } else { "error" };
            eprintln!("ketluan: {what}: {}", crate::i18n::io_reason(&e, lang));
            ExitCode::from(1)
        }
    }
}

/// `ketluan help [COMMAND]`: the help of `command`, or of `ketluan`, as
/// `--help` prints it.
fn help(lang: Lang, command: Option<&str>) -> ExitCode {
    let mut cmd = words::command(lang);
    let sub = command.filter(|c| cmd.find_subcommand(c).is_some());
    let args: Vec<&str> = ["ketluan"]
        .into_iter()
        .chain(sub)
        .chain(["--help"])
        .collect();
    match cmd.try_get_matches_from_mut(args) {
        Err(e) if command.is_none() || sub.is_some() => usage::report(&e, lang, cmd, sub),
        _ => {
            let word = command.unwrap_or_default();
            let near = nearest_command(word);
            let command = sanitize(word).into_owned();
            let (vi, en) = match near {
                Some(n) => (
                    format!("; có phải ý là lệnh `{n}`?"),
                    format!("; did you mean the command `{n}`?"),
                ),
                None => Default::default(),
            };
            eprintln!(
                "ketluan: {}",
                lang.pick(
                    format!("không có lệnh `{command}`{vi} (ketluan --help liệt kê các lệnh)"),
                    format!(
                        "there is no command `{command}`{en} (ketluan --help lists the commands)"
                    ),
                )
            );
            ExitCode::from(2)
        }
    }
}

/// The subcommand `file` is a typo of, when there is no such file and
/// the name looks like a word rather than a path (`ketluan pritn`).
fn mistyped_command(file: &Path) -> Option<String> {
    let word = file.to_str()?;
    if file.exists() || word.chars().count() < 3 || word.contains(['/', '\\', '.']) {
        return None;
    }
    nearest_command(word)
}

/// The command `word` is at most two edits from, unless it is one.
fn nearest_command(word: &str) -> Option<String> {
    let cli = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    if names.contains(&word) {
        return None;
    }
    names
        .into_iter()
        .map(|name| (strsim::levenshtein(word, name), name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, name)| name.to_string())
}

/// The options before the first word that take a value as the next
/// argument.
const VALUED: [&str; 3] = ["--lang", "--state", "--reviewer"];

/// The first argument after the program name that is neither an option
/// nor an option's value: a command or the notice file.
fn first_word(args: &[std::ffi::OsString]) -> Option<&str> {
    let mut rest = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = rest.next() {
        let arg = arg?;
        if VALUED.contains(&arg) {
            rest.next();
        } else if arg == "--" {
            return None;
        } else if !arg.starts_with('-') {
            return Some(arg);
        }
    }
    None
}

/// `--lang` as given in `args`, before clap has read them.
fn lang_in(args: &[std::ffi::OsString]) -> Option<Lang> {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let value = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).copied(),
            Some(v) => v.strip_prefix('='),
            None => None,
        })?;
    <Lang as clap::ValueEnum>::from_str(value, true).ok()
}

enum Failure {
    Load(LoadError),
    Review(review::Error),
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

/// Browses a notice file, loading it in the background: the browser
/// starts on the first nodes of a large file while the rest loads.
fn browse_file(
    path: &Path,
    lang: Lang,
    state: Option<&Path>,
    reviewer: Reviewer,
) -> Result<(), Failure> {
    let background = Background::start(path.to_path_buf());
    let named = |result: Result<(), crate::tui::TuiError>| match result {
        Err(crate::tui::TuiError::Review(e)) => Err(Failure::Review(e.for_notice(path))),
        other => tui_result(other),
    };
    loop {
        match background.wait() {
            Some(Update::Progress { .. }) => {}
            Some(Update::Preview(preview)) => {
                let run = crate::tui::run_loading(*preview, background, lang, state, reviewer);
                return named(run);
            }
            Some(Update::Done(Ok(loaded))) => {
                return named(crate::tui::run_loaded(*loaded, lang, state, reviewer));
            }
            Some(Update::Done(Err(e))) => return Err(Failure::Load(e)),
            None => {
                return Err(Failure::Io(io::Error::other(
                    "the loading thread stopped without a result",
                )));
            }
        }
    }
}

fn browse(
    doc: Document,
    lang: Lang,
    state: Option<&Path>,
    reviewer: Reviewer,
) -> Result<(), Failure> {
    if !io::stdout().is_terminal() {
        return print(&doc, None, lang);
    }
    tui_result(crate::tui::run(doc, lang, state, reviewer))
}

fn tui_result(result: Result<(), crate::tui::TuiError>) -> Result<(), Failure> {
    match result {
        Ok(()) => Ok(()),
        Err(crate::tui::TuiError::Io(e)) => Err(Failure::Io(e)),
        // Before the terminal was taken over: the message, exit 1.
        Err(crate::tui::TuiError::Review(e)) => Err(Failure::Review(e)),
        // The terminal is restored: the file's problems, exit 1.
        Err(crate::tui::TuiError::Load(e)) => Err(Failure::Load(e)),
        // The terminal is restored; exit as a signalled process would.
        Err(crate::tui::TuiError::Signal(sig)) => std::process::exit(128 + sig),
    }
}

fn print(doc: &Document, width: Option<usize>, lang: Lang) -> Result<(), Failure> {
    print_with(doc, width, lang, None)
}

/// `print --state`: the outline with the marks of `state` (read-only, no
/// lock), notices about the state on stderr.
fn print_marked(
    doc: &Document,
    width: Option<usize>,
    lang: Lang,
    state: &Path,
) -> Result<(), Failure> {
    let mut session = Session::open_read_only(doc, Some(state)).map_err(Failure::Review)?;
    for notice in session.take_notices() {
        eprintln!("ketluan: {}", notice.message(lang));
    }
    print_with(doc, width, lang, Some(session.marks()))
}

/// The files `export` reads and writes.
struct Files<'a> {
    /// `None`: the embedded notice.
    notice: Option<&'a Path>,
    /// `None`: the notice's default state file.
    state: Option<&'a Path>,
    /// `None`: stdout.
    output: Option<&'a Path>,
}

/// `export`: the minutes of the state file to stdout or the output file,
/// which must be neither the notice nor the state file.
fn export(doc: &Document, files: Files<'_>, format: Format, lang: Lang) -> Result<(), Failure> {
    let Files {
        notice,
        state,
        output,
    } = files;
    let session = Session::open_read_only(doc, state).map_err(Failure::Review)?;
    if let Some(out) = output {
        let inputs = [
            (notice, review::Input::Notice),
            (Some(session.path()), review::Input::State),
        ];
        for (input, source_kind) in inputs {
            if input.is_some_and(|input| review::store::same_file(input, out)) {
                return Err(Failure::Review(review::Error::ExportOverwrites {
                    path: out.to_path_buf(),
                    source_kind,
                }));
            }
        }
    }
    if state.is_none() && !session.path().exists() {
        let path = session.path().display().to_string();
        let note = if lang == Lang::Vi {
            format!("chưa có tệp trạng thái {path}; chưa mục nào được duyệt")
        } else {
            format!("no state file at {path} yet; nothing is reviewed")
        };
        eprintln!("ketluan: {}", sanitize(&note));
    }
    let mut text = session.minutes(doc, format, lang);
    match output {
        Some(path) => {
            if format == Format::Csv {
                text.insert_str(0, review::export::UTF8_BOM);
            }
            review::store::write_output(path, text.as_bytes()).map_err(|source| {
                Failure::Review(review::Error::Export {
                    path: path.to_path_buf(),
                    source,
                })
            })
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn print_with(
    doc: &Document,
    width: Option<usize>,
    lang: Lang,
    marks: Option<&Marks>,
) -> Result<(), Failure> {
    let stdout = io::stdout();
    let width = width.unwrap_or_else(|| {
        if stdout.is_terminal() {
            ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
        } else {
            80
        }
    });
    let mut out = io::BufWriter::new(stdout.lock());
    outline::write_marked(&mut out, doc, outline::Style { width, lang }, marks)?;
    out.flush()?;
    Ok(())
}

fn check(files: &[PathBuf], lang: Lang) -> ExitCode {
    let mut failed = false;
    let mut stdout = io::stdout().lock();
    for file in files {
        match doc::load_path(file) {
            Ok(d) => {
                let per_kind = lang.kind_counts(&d.kind_counts());
                let nodes = match (lang, d.len()) {
                    (Lang::Vi, _) => "mục",
                    (Lang::En, 1) => "node",
                    (Lang::En, _) => "nodes",
                };
                let line = format!("ok {}: {} {nodes} ({})", file.display(), d.len(), per_kind);
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

/// `ketluan search`: true when anything matched.
fn search(doc: &Document, query: &str, kinds: &[Kind], lang: Lang) -> io::Result<bool> {
    use crate::search::{Filter, Index, Query, report, search_with};
    let index = Index::new(doc);
    let query = Query::parse(query);
    let filter = match kinds {
        [] => Filter::default(),
        _ => Filter::kinds(kinds.iter().copied().collect()),
    };
    let matches = search_with(&index, &query, &filter);
    let stdout = io::stdout();
    let highlight =
        stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = io::BufWriter::new(stdout.lock());
    let style = report::Style { highlight, lang };
    report::write(&mut out, doc, &index, &query, &matches, style)?;
    out.flush()?;
    Ok(!matches.is_empty())
}

/// A kind by the file's name for it or the interface's, in either
/// language, with or without accents: `weakness`, `Hạn chế`, `han che`.
fn parse_kind(s: &str) -> Result<Kind, BadKind> {
    let folded = |t: &str| {
        let f = crate::search::fold::fold(t);
        f.text().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let wanted = folded(s);
    Kind::ALL
        .into_iter()
        .find(|&k| {
            [k.as_str(), Lang::Vi.kind_name(k), Lang::En.kind_name(k)]
                .into_iter()
                .any(|name| folded(name) == wanted)
        })
        .ok_or(BadKind)
}

/// A `--kind` that is none of the kinds.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
struct BadKind;

impl BadKind {
    fn render(&self, lang: Lang) -> String {
        let names: Vec<String> = Kind::ALL
            .iter()
            .map(|&k| match lang {
                Lang::Vi => format!("{} ({})", k.as_str(), Lang::Vi.kind_name(k).to_lowercase()),
                Lang::En => k.as_str().to_string(),
            })
            .collect();
        let names = names.join(", ");
        lang.pick(
            format!("dùng một trong {names}"),
            format!("valid kinds: {names}"),
        )
    }
}

//! The state file: review marks as human-readable TOML, keyed by node id.
//!
//! ```toml
//! # ketluan: dấu duyệt của một thông báo, theo mã (id) của từng mục.
//! # ...
//! format = 1
//! reviewers = ["lan", "minh"]
//!
//! [document]
//! title = "KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY ..."
//! hash = "sha256:9f2c…"
//!
//! # I › 2 › 2.1 › -: Quá trình đổi mới phương thức lãnh đạo của Đảng…
//! [marks."I.2.1.a"]
//! reviewed = 2017-02-22T09:12:03+07:00
//! reviewed_by = "lan"
//! flagged = 2017-02-22T09:13:40+07:00
//! flagged_by = "minh"
//! note = """
//! Cần làm rõ thời hạn.
//! Giao Ban Tổ chức."""
//! note_at = 2017-02-22T09:14:02+07:00
//! note_by = "minh"
//! ```
//!
//! A key's presence means the mark is set; its value says when (local time
//! with UTC offset), the `_by` key says who. Marks are written in tree
//! order, each under a comment giving its label path and headline; marks
//! whose id is not in the notice follow, kept as they are.
//!
//! **Writing** is atomic ([`write_atomic`]): a temporary file in the same
//! directory, written and fsynced, renamed over the state file, then the
//! directory fsynced. A crash at any moment leaves either the old or the
//! new file, complete. Readers never need the lock.
//!
//! **Reading** is strict: unknown keys, a missing `_by`, a time without
//! offset are errors located at `file:line:col` ([`Error::Damaged`]), since
//! whatever ketluan cannot read it could not write back. A damaged or
//! unreadable file is never written to; see [`Store::open`].

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;
use toml::value::Datetime;
use unicode_normalization::UnicodeNormalization;

use super::error::{Damage, Error};
use super::export::{label_paths, lead_label_name, lead_name, named_by_parent};
use super::lock::{Lock, LockError};
use super::marks::{Mark, Note, normalize_note};
use super::stamp::{Stamp, push_rfc3339};
use crate::doc::{Document, LineIndex, MAX_FILE_BYTES, Meta, NodeIdx, Syntax, classify};

/// The format this version reads and writes (`format = 1`).
pub const FORMAT: i64 = 1;

/// Which notice a state file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub title: String,
    /// `sha256:` and the hex digest of the notice's content: the title and
    /// every node's id, parent, kind, label, title and text, in tree
    /// order. Changes when the notice's text changes; informative only.
    pub hash: Option<String>,
}

impl Identity {
    pub fn of(doc: &Document) -> Identity {
        Identity {
            title: doc.meta.title.clone(),
            hash: Some(content_hash(doc)),
        }
    }
}

/// Everything a state file holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// Everyone who has changed a mark, in order of first change.
    pub reviewers: Vec<String>,
    pub document: Option<Identity>,
    /// By node id, unknown ids included. No empty marks.
    pub marks: BTreeMap<String, Mark>,
}

/// The content hash of [`Identity::hash`].
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields with a presence tag: no two documents encode
    // alike.
    let mut field = |s: Option<&str>| match s {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    };
    field(Some(&doc.meta.title));
    for node in doc.nodes() {
        field(Some(&node.id));
        field(node.parent.map(|p| doc.node(p).id.as_str()));
        field(Some(node.kind.as_str()));
        field(node.label.as_deref());
        field(node.title.as_deref());
        field(node.text.as_deref());
    }
    format!("sha256:{}", hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The directory of default state files: `review/` in the user's data
/// directory (`$XDG_DATA_HOME/ketluan/review` or
/// `~/.local/share/ketluan/review` on Linux,
/// `~/Library/Application Support/ketluan/review` on macOS,
/// `%APPDATA%\ketluan\data\review` on Windows).
pub fn default_dir() -> Result<PathBuf, Error> {
    directories::ProjectDirs::from("", "", "ketluan")
        .map(|d| d.data_dir().join("review"))
        .ok_or(Error::NoDataDir)
}

/// The default state file of `doc`: [`default_dir`] / [`file_name`].
pub fn default_path(meta: &Meta) -> Result<PathBuf, Error> {
    Ok(default_dir()?.join(file_name_of(meta)))
}

/// One state file per notice: `DATE-SLUG-HASH.toml`, where SLUG is the
/// title in lower-case ASCII (Vietnamese letters without their marks) cut
/// at about 40 characters and HASH is 12 hex digits of a hash of the
/// title, number and date. The text of the notice is left out on purpose:
/// fixing a typo in an item must not lose the marks.
pub fn file_name(doc: &Document) -> String {
    file_name_of(&doc.meta)
}

/// [`file_name`] from the metadata alone.
pub fn file_name_of(m: &Meta) -> String {
    let date = m
        .date
        .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day));
    let key = format!(
        "ketluan-state\0{}\0{}\0{}",
        m.title,
        m.number.as_deref().unwrap_or(""),
        date.as_deref().unwrap_or("")
    );
    let hash = hex(&Sha256::digest(key.as_bytes()));
    let mut slug = slug(&m.title, 40);
    if slug.is_empty() {
        slug = "notice".into();
    }
    match date {
        Some(d) => format!("{d}-{slug}-{}.toml", &hash[..12]),
        None => format!("{slug}-{}.toml", &hash[..12]),
    }
}

/// Lower-case ASCII words joined by `-`, at most about `max` bytes.
fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if out.len() >= max && out.ends_with('-') {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

// ---------------------------------------------------------------- reading

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Option<Spanned<i64>>,
    #[serde(default)]
    reviewers: Vec<String>,
    document: Option<RawDocument>,
    #[serde(default)]
    marks: BTreeMap<String, Spanned<RawMark>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    title: String,
    hash: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMark {
    reviewed: Option<Spanned<Datetime>>,
    reviewed_by: Option<String>,
    flagged: Option<Spanned<Datetime>>,
    flagged_by: Option<String>,
    note: Option<String>,
    note_at: Option<Spanned<Datetime>>,
    note_by: Option<String>,
}

/// Parses a state file's text. `path` names the file in errors. Blank
/// text is an empty state (a file made with `touch`).
pub fn parse(path: &Path, text: &str) -> Result<State, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(State::default());
    }
    let lines = LineIndex::new(text);
    let damaged = |offset: usize, message: Damage| Error::Damaged {
        path: path.to_path_buf(),
        pos: lines.pos(offset),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim();
        // A syntax fault is explained as in a notice; what is about
        // notices only (their tables), and what the parser says of the
        // file's shape, stays in the parser's words.
        if let Some(damage) = unknown_key(message) {
            return damaged(at, damage);
        }
        if message.starts_with("invalid type: string") && message.contains("datetime") {
            return damaged(at, Damage::QuotedTime);
        }
        match classify(text, at, message) {
            (_, Syntax::Other(_) | Syntax::UnclosedHeader { .. }) => {
                damaged(at, Damage::Toml(message.to_string()))
            }
            (_, Syntax::RepeatedTable { name }) if name == "node" => {
                damaged(at, Damage::Toml(message.to_string()))
            }
            (at, fault) => damaged(at, Damage::Syntax(fault)),
        }
    })?;
    match raw.format {
        None => {
            return Err(damaged(0, Damage::NoFormat));
        }
        Some(f) if *f.get_ref() > FORMAT => {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                format: *f.get_ref(),
            });
        }
        Some(f) if *f.get_ref() < 1 => {
            return Err(damaged(f.span().start, Damage::UnknownFormat(*f.get_ref())));
        }
        Some(_) => {}
    }
    let mut marks = BTreeMap::new();
    for (id, raw) in raw.marks {
        let table_at = raw.span().start;
        let raw = raw.into_inner();
        let key = |k: &str| format!("[marks.{}] {k}", basic_string(&id));
        let stamp = |at: Option<Spanned<Datetime>>,
                     by: Option<String>,
                     at_key: &'static str,
                     by_key: &'static str|
         -> Result<Option<Stamp>, Error> {
            match (at, by) {
                (None, None) => Ok(None),
                (Some(at), Some(by)) => {
                    let span = at.span().start;
                    let at = to_chrono(at.get_ref())
                        .ok_or_else(|| damaged(span, Damage::BadTime { key: key(at_key) }))?;
                    Ok(Some(Stamp::new(at, by)))
                }
                (Some(_), None) => Err(damaged(
                    table_at,
                    Damage::NoName {
                        key: key(at_key),
                        by: by_key,
                    },
                )),
                (None, Some(_)) => Err(damaged(
                    table_at,
                    Damage::NoTime {
                        key: key(by_key),
                        at: at_key,
                    },
                )),
            }
        };
        let reviewed = stamp(raw.reviewed, raw.reviewed_by, "reviewed", "reviewed_by")?;
        let flagged = stamp(raw.flagged, raw.flagged_by, "flagged", "flagged_by")?;
        let note_stamp = stamp(raw.note_at, raw.note_by, "note_at", "note_by")?;
        let note = match (raw.note.map(|t| normalize_note(&t)), note_stamp) {
            (Some(text), Some(stamp)) if !text.is_empty() => Some(Note { text, stamp }),
            (Some(text), None) if !text.is_empty() => {
                return Err(damaged(
                    table_at,
                    Damage::NoteUnstamped { key: key("note") },
                ));
            }
            // An empty note, or a stamp without a note: nothing to keep.
            _ => None,
        };
        let mark = Mark {
            reviewed,
            flagged,
            note,
        };
        if !mark.is_empty() {
            marks.insert(id, mark);
        }
    }
    Ok(State {
        reviewers: raw.reviewers,
        document: raw.document.map(|d| Identity {
            title: d.title,
            hash: d.hash,
        }),
        marks,
    })
}

/// A TOML offset date-time as chrono; `None` without date, time or offset.
fn to_chrono(dt: &Datetime) -> Option<DateTime<FixedOffset>> {
    let (date, time, offset) = (dt.date?, dt.time?, dt.offset?);
    let minutes = match offset {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    };
    let tz = FixedOffset::east_opt(minutes * 60)?;
    let naive = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?
    .and_hms_nano_opt(
        u32::from(time.hour),
        u32::from(time.minute),
        u32::from(time.second.unwrap_or(0)),
        time.nanosecond.unwrap_or(0),
    )?;
    tz.from_local_datetime(&naive).single()
}

/// Reads and parses the state file at `path`, without locking (a reader
/// sees the old or the new file, never a mix). `Ok(None)` when there is no
/// file. Also returns the bytes read.
pub fn read(path: &Path) -> Result<Option<(State, Vec<u8>)>, Error> {
    let bytes = match read_bounded(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: fs::metadata(path).map_or(0, |m| m.len()),
                limit: MAX_FILE_BYTES,
            });
        }
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let good = e.valid_up_to();
        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
        Error::Damaged {
            path: path.to_path_buf(),
            pos: LineIndex::new(prefix).pos(good),
            message: Damage::Utf8(bytes[good]),
        }
    })?;
    let state = parse(path, text)?;
    Ok(Some((state, bytes)))
}

fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::from(io::ErrorKind::IsADirectory));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

// ---------------------------------------------------------------- writing

// In both languages: readers of one file may use either, and a header
// that followed the language of whoever saved last would churn.
const HEADER: &str = "\
# ketluan: dấu duyệt của một thông báo, theo mã (id) của từng mục.
# ketluan ghi lại tệp này sau mỗi thay đổi. Đọc lúc nào cũng được; chỉ sửa
# khi không có ketluan nào đang mở nó. Giờ là giờ địa phương, kèm độ lệch UTC.
# ketluan review state: the marks made on one notice, keyed by node id.
# ketluan rewrites this file on every change. Read it any time; edit it only
# while no ketluan has it open. Times are local, with their UTC offset.
";

/// The state as file text: marks in the tree order of `doc`, each under a
/// comment with its label path and headline, then unknown ids sorted.
/// [`parse`] of the result gives `state` back.
pub fn render(doc: &Document, state: &State) -> String {
    render_with(doc, state, &OnceCell::new())
}

/// [`render`], taking the label paths of all of `doc`'s nodes from `paths`
/// (computing them there the first time many marks need them): a session
/// renders on every change, and the paths of a large notice cost more than
/// the rest of a render of a few thousand marks.
pub fn render_with(doc: &Document, state: &State, paths: &OnceCell<Vec<String>>) -> String {
    let parts = Parts {
        reviewers: &state.reviewers,
        document: state.document.as_ref(),
        marks: &state.marks,
    };
    render_parts(doc, parts, paths, |_, _, _| {}).text
}

/// What a state file is made of, borrowed from wherever it lives (a
/// session renders its own marks without copying them).
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub reviewers: &'a [String],
    pub document: Option<&'a Identity>,
    pub marks: &'a BTreeMap<String, Mark>,
}

/// A rendered state file and where its header ends: the text before
/// `header_end` holds the format, the reviewers and `[document]`; after
/// it, one block per mark.
#[derive(Debug)]
pub struct Rendered {
    pub text: String,
    pub header_end: usize,
}

/// [`render_with`] of `parts`, calling `block(id, mark, text)` with the
/// text of each mark's block. A block stands alone: its text depends only
/// on its mark (and the notice), and after the header any blocks in any
/// order parse to their marks.
pub fn render_parts(
    doc: &Document,
    parts: Parts<'_>,
    paths: &OnceCell<Vec<String>>,
    mut block: impl FnMut(&str, &Mark, &str),
) -> Rendered {
    // About what a mark takes, so that large states grow the text once.
    let mut out = String::with_capacity(HEADER.len() + 256 + parts.marks.len() * 200);
    out.push_str(HEADER);
    out.push_str(&format!("format = {FORMAT}\n"));
    out.push_str("reviewers = [");
    for (i, r) in parts.reviewers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_basic_string(&mut out, r);
    }
    out.push_str("]\n");
    if let Some(d) = parts.document {
        out.push_str("\n[document]\ntitle = ");
        push_basic_string(&mut out, &d.title);
        out.push('\n');
        if let Some(h) = &d.hash {
            out.push_str("hash = ");
            push_basic_string(&mut out, h);
            out.push('\n');
        }
    }
    let header_end = out.len();
    let mut known: Vec<(NodeIdx, &str, &Mark)> = Vec::new();
    let mut unknown: Vec<(&str, &Mark)> = Vec::new();
    let mut find = doc.find_ascending();
    for (id, mark) in parts.marks {
        match find(id) {
            Some(idx) => known.push((idx, id, mark)),
            None => unknown.push((id, mark)),
        }
    }
    known.sort_unstable_by_key(|(idx, _, _)| *idx);
    // Per-node paths cost O(depth) each; many marks share one O(n) pass.
    let all_paths = (known.len() > 64).then(|| paths.get_or_init(|| label_paths(doc)));
    let mut comment = String::new();
    for (idx, id, mark) in known {
        let start = out.len();
        let path: Cow<'_, str> = match all_paths {
            Some(paths) => lead_name(doc, paths, idx),
            None => Cow::Owned(lead_label_name(doc, idx)),
        };
        comment.clear();
        if !path.is_empty() {
            comment.push_str(&path);
            // Named by its parent, the headline is the path's last step.
            comment.push_str(if named_by_parent(doc, idx) { " " } else { ": " });
        }
        crate::text::push_clipped(&mut comment, doc.node(idx).headline(), 60);
        out.push_str("\n# ");
        out.push_str(&crate::text::sanitize(&comment));
        out.push('\n');
        write_mark(&mut out, id, mark);
        block(id, mark, &out[start..]);
    }
    if !unknown.is_empty() {
        out.push_str("\n# Marks on ids that are not in the notice any more, kept so that nothing\n# is lost.\n");
        for (id, mark) in unknown {
            let start = out.len();
            out.push('\n');
            write_mark(&mut out, id, mark);
            block(id, mark, &out[start..]);
        }
    }
    Rendered {
        text: out,
        header_end,
    }
}

fn write_mark(out: &mut String, id: &str, m: &Mark) {
    out.push_str("[marks.");
    push_basic_string(out, id);
    out.push_str("]\n");
    let mut stamp = |at_key: &str, by_key: &str, s: &Stamp| {
        push_key_time(out, at_key, &s.at);
        out.push_str(by_key);
        out.push_str(" = ");
        push_basic_string(out, &s.by);
        out.push('\n');
    };
    if let Some(s) = &m.reviewed {
        stamp("reviewed", "reviewed_by", s);
    }
    if let Some(s) = &m.flagged {
        stamp("flagged", "flagged_by", s);
    }
    if let Some(n) = &m.note {
        out.push_str("note = ");
        out.push_str(&multiline_string(&n.text));
        out.push('\n');
        push_key_time(out, "note_at", &n.stamp.at);
        out.push_str("note_by = ");
        push_basic_string(out, &n.stamp.by);
        out.push('\n');
    }
}

/// `key = 2017-02-22T09:12:03+07:00` and a line break.
fn push_key_time(out: &mut String, key: &str, at: &DateTime<FixedOffset>) {
    out.push_str(key);
    out.push_str(" = ");
    push_rfc3339(out, at);
    out.push('\n');
}

/// A TOML basic string: quotes, backslashes and every control character
/// escaped, so any text (and any key) fits on one line.
pub fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_basic_string(&mut out, s);
    out
}

/// [`basic_string`] appended to `out`.
fn push_basic_string(out: &mut String, s: &str) {
    out.push('"');
    escape_into(out, s, false);
    out.push('"');
}

/// A TOML multi-line basic string when `s` has line breaks, else a basic
/// string.
fn multiline_string(s: &str) -> String {
    if !s.contains('\n') {
        return basic_string(s);
    }
    // The newline right after the opening quotes is not part of the value.
    let mut out = String::from("\"\"\"\n");
    escape_into(&mut out, s, true);
    out.push_str("\"\"\"");
    out
}

fn escape_into(out: &mut String, s: &str, keep_newlines: bool) {
    // Most text has nothing to escape: C0 controls, DEL, quote and
    // backslash are single bytes, and C1 controls start with 0xC2.
    if !s
        .bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == b'"' || b == b'\\' || b == 0xC2)
    {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Whether two paths name the same existing file (through symlinks and
/// `..`): a command must not write its output over its input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.tmp.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// serde's "unknown field `flaged`, expected one of `reviewed`, …" as a
/// [`Damage::UnknownKey`].
fn unknown_key(message: &str) -> Option<Damage> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .trim_start_matches(',')
        .trim()
        .trim_start_matches("expected one of")
        .trim_start_matches("expected")
        .trim();
    Some(Damage::UnknownKey {
        key: crate::text::sanitize(key).into_owned(),
        expected: crate::text::sanitize(expected).into_owned(),
    })
}

/// Writes the minutes to `path` as one expects of an output file (as a
/// shell's `>` would, but atomically where it can):
/// - a directory is refused (`IsADirectory`), and so is a read-only file
///   (`PermissionDenied`) rather than replaced;
/// - a link is followed: the file it names is replaced, the link kept;
/// - a device, pipe or socket (`/dev/stdout`, a named pipe) is written
///   to as it is;
/// - a regular file, or none, is replaced by [`write_atomic`].
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut open = fs::OpenOptions::new();
    open.write(true);
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::from(io::ErrorKind::IsADirectory)),
        Ok(meta) if !meta.is_file() => write_in_place(open.truncate(true), path, bytes),
        Ok(meta) if meta.permissions().readonly() => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            ReadOnlyOutput,
        )),
        Ok(_) => write_atomic(&fs::canonicalize(path)?, bytes),
        // A link to nothing: the file is made where it points.
        Err(e) if e.kind() == io::ErrorKind::NotFound && path.is_symlink() => {
            write_in_place(open.create_new(true), path, bytes)
        }
        _ => write_atomic(path, bytes),
    }
}

/// The error inside [`write_output`]'s `PermissionDenied` for a file it
/// refused because it is read-only (not one the system refused): the
/// message about it need not look at the file again.
#[derive(Debug, thiserror::Error)]
#[error("the file is read-only")]
pub struct ReadOnlyOutput;

/// Writes `bytes` into `path` opened with `open`, as they are.
fn write_in_place(open: &fs::OpenOptions, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = open.open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Replaces the file at `path` with `bytes` atomically and durably: a new
/// temporary file in the same directory is written and fsynced, renamed
/// over `path`, and the directory is fsynced. At every moment `path` is
/// either the old file or the new one, complete; after `Ok` the new one
/// survives a crash or power loss. An existing file's permissions are
/// kept. The directory must exist: a path with a mistyped directory is an
/// error, not a new directory. On error the temporary file is removed and
/// `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = dir.join(format!(
        "{}{}.{}",
        temp_prefix(path),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        if let Ok(meta) = fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Windows has no directory fsync; `MoveFileEx` is durable enough there.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Removes temporary files that a killed writer of `path` left behind.
/// Call only while holding the lock of `path`.
fn remove_stale_temps(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

// ---------------------------------------------------------------- the store

/// A state file open for writing: holds its lock for as long as it lives.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    _lock: Lock,
    /// The file's bytes as last read or written; `None` when there was no
    /// file.
    on_disk: Option<Vec<u8>>,
}

impl Store {
    /// Opens the state file at `path` for writing: creates its directory,
    /// takes the lock (recording `user` as holder), reads the file.
    /// Returns the state, `None` when there is no file yet (it is created
    /// at the first save).
    ///
    /// Errors, in which case nothing is written and the lock is released:
    /// [`Error::Locked`] when another process holds it; [`Error::Damaged`],
    /// [`Error::Read`], [`Error::TooNew`], [`Error::TooLarge`] when the file
    /// cannot be used. ketluan then exits with the message (it does not
    /// open read-only: marks that could not be read cannot be shown, and a
    /// meeting should not go on believing nothing was reviewed).
    pub fn open(path: &Path, user: &str) -> Result<(Store, Option<State>), Error> {
        // Write through a symlink to its target rather than replacing it.
        let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(|source| Error::Lock {
            path: dir.clone(),
            source,
        })?;
        let lock = Lock::acquire(&path, user).map_err(|e| match e {
            LockError::Held { path, holder } => Error::Locked {
                path,
                holder,
                notice: None,
            },
            LockError::Io { path, source } => Error::Lock { path, source },
        })?;
        let (state, on_disk) = match read(&path)? {
            Some((state, bytes)) => (Some(state), Some(bytes)),
            None => (None, None),
        };
        remove_stale_temps(&path);
        Ok((
            Store {
                path,
                _lock: lock,
                on_disk,
            },
            state,
        ))
    }

    /// The state file (symlinks resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's bytes as last read or written; `None` when there was no
    /// file.
    pub fn on_disk(&self) -> Option<&[u8]> {
        self.on_disk.as_deref()
    }

    /// Writes `text` as the new state file with [`write_atomic`], unless
    /// the file was changed by something else since it was last read or
    /// written ([`Error::ChangedOnDisk`]: that change is not overwritten).
    /// A file deleted meanwhile is written anew.
    pub fn save(&mut self, text: &str) -> Result<(), Error> {
        let write = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        match fs::read(&self.path) {
            Ok(now) if Some(&now) != self.on_disk.as_ref() => {
                return Err(Error::ChangedOnDisk {
                    path: self.path.clone(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(write(e)),
        }
        write_atomic(&self.path, text.as_bytes()).map_err(write)?;
        self.on_disk = Some(text.as_bytes().to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;

    fn doc() -> Document {
        load_str(
            "t.toml",
            "[document]\ntitle = \"Kết luận của Thường trực Tỉnh ủy\"\ndate = 2017-02-22\n\
             [[node]]\nid = \"I\"\nkind = \"heading\"\nlabel = \"I\"\ntitle = \"Đánh giá\"\n\
             [[node]]\nid = \"I.1\"\nparent = \"I\"\nkind = \"task\"\nlabel = \"1\"\ntext = \"Làm ngay\"\n",
        )
        .unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn sample() -> State {
        let mut marks = BTreeMap::new();
        marks.insert(
            "I.1".to_string(),
            Mark {
                reviewed: Some(Stamp::new(at("2017-02-22T09:12:03+07:00"), "lan")),
                flagged: Some(Stamp::new(at("2017-02-22T09:13:00-02:30"), "Lê \"Minh\"")),
                note: Some(Note {
                    text: "dòng 1 \\ \"\"\"\n\tdòng 2 \u{1b}[2J\n\"".into(),
                    stamp: Stamp::new(at("2017-02-23T10:00:00+00:00"), "lan"),
                }),
            },
        );
        marks.insert(
            "gone\n\"x\"".to_string(),
            Mark {
                flagged: Some(Stamp::new(at("2017-02-22T09:00:00+07:00"), "lan")),
                ..Mark::default()
            },
        );
        State {
            reviewers: vec!["lan".into(), "Lê \"Minh\"".into()],
            document: Some(Identity::of(&doc())),
            marks,
        }
    }

    /// Many marks take their comments' paths from the session's cache,
    /// made once: the text is the same as without it.
    #[test]
    fn cached_paths_render_the_same_text() {
        let mut src = String::from("[document]\ntitle = \"T\"\n");
        for i in 0..100 {
            src += &format!(
                "[[node]]\nid = \"n{i}\"\nkind = \"task\"\nlabel = \"{i}\"\ntext = \"x\"\n"
            );
        }
        let d = load_str("t.toml", &src).unwrap();
        let marks = (0..100)
            .map(|i| {
                let stamp = Stamp::new(at("2017-02-22T09:12:03+07:00"), "lan");
                let mark = Mark {
                    reviewed: Some(stamp),
                    ..Mark::default()
                };
                (format!("n{i}"), mark)
            })
            .collect();
        let state = State {
            reviewers: vec!["lan".into()],
            document: Some(Identity::of(&d)),
            marks,
        };
        let cache = OnceCell::new();
        let first = render_with(&d, &state, &cache);
        assert_eq!(cache.get().map(Vec::len), Some(100));
        assert_eq!(render_with(&d, &state, &cache), first);
        assert_eq!(render(&d, &state), first);
        assert!(first.contains("# 99: x\n[marks.\"n99\"]\n"), "{first}");
    }

    #[test]
    fn the_file_round_trips() {
        let d = doc();
        let state = sample();
        let text = render(&d, &state);
        assert_eq!(parse(Path::new("s.toml"), &text).unwrap(), state);
        assert!(text.contains(
            "# I › 1: Làm ngay\n[marks.\"I.1\"]\nreviewed = 2017-02-22T09:12:03+07:00\n"
        ));
        assert!(text.contains("note = \"\"\"\ndòng 1"));
        // Unknown ids come last, under their comment.
        let gone = text.find("[marks.\"gone\\n").unwrap();
        assert!(gone > text.find("not in the notice any more").unwrap());
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn damage_is_located() {
        let p = Path::new("s.toml");
        let err = |text: &str| match parse(p, text) {
            Err(Error::Damaged { pos, message, .. }) => {
                (pos.line, pos.col, message.render(crate::i18n::Lang::En))
            }
            other => panic!("{other:?}"),
        };
        let (line, _, msg) = err(
            "format = 1\n[marks.a]\nreviewed = 2017-02-22T09:12:03+07:00\nreviewed_by = \"a\"\nflaged = 1\n",
        );
        assert_eq!(line, 5);
        assert!(msg.contains("flaged"), "{msg}");
        let (line, col, msg) =
            err("format = 1\n\n[marks.a]\nreviewed = 2017-02-22T09:12:03\nreviewed_by = \"a\"\n");
        assert_eq!((line, col), (4, 12));
        assert!(msg.contains("UTC offset"), "{msg}");
        let (line, _, msg) = err("format = 1\n[marks.a]\nflagged = 2017-02-22T09:12:03Z\n");
        assert_eq!(line, 2);
        assert!(msg.contains("flagged_by"), "{msg}");
        let (line, col, _) = err("format = 1\nreviewers = [\"a\"\n");
        assert_eq!((line, col), (2, 17));
        let (line, _, msg) = err("reviewers = []\n");
        assert_eq!(line, 1);
        assert!(msg.contains("format = 1"));
        assert!(matches!(
            parse(p, "format = 2\n"),
            Err(Error::TooNew { format: 2, .. })
        ));
        assert_eq!(parse(p, " \n").unwrap(), State::default());
    }

    /// Syntax faults are explained in the interface language, as in a
    /// notice; a time that does not exist asks for a time, not a date.
    #[test]
    fn syntax_damage_is_explained() {
        let vi = |text: &str| match parse(Path::new("s.toml"), text) {
            Err(Error::Damaged { pos, message, .. }) => {
                (pos.line, message.render(crate::i18n::Lang::Vi))
            }
            other => panic!("{other:?}"),
        };
        let (line, msg) = vi("format = 1\n[marks.a]\nreviewed_by = lan\n");
        assert_eq!(line, 3);
        assert_eq!(
            msg,
            "giá trị lan của `reviewed_by` phải nằm trong ngoặc kép: reviewed_by = \"lan\""
        );
        let (line, msg) = vi("format = 1\n[marks.a]\nreviewed = 2017-02-30T09:00:00+07:00\n");
        assert_eq!(line, 3);
        assert!(
            msg.starts_with("thời điểm 2017-02-30T09:00:00+07:00 của `reviewed`"),
            "{msg}"
        );
        assert!(
            msg.ends_with("viết dạng 2017-02-22T09:12:03+07:00"),
            "{msg}"
        );
        let (_, msg) = vi("format = 1\n[marks.a]\nreviewed = 28/11/2026 10:25\n");
        assert!(msg.ends_with("không có ngoặc kép"), "{msg}");
        let (_, msg) = vi("format = 1\n[marks.a]\nreviewed = \"2026-11-28T10:25:22+00:00\"\n");
        assert!(
            msg.starts_with("thời điểm được viết trong ngoặc kép"),
            "{msg}"
        );
        let (_, msg) = vi("format = 1\n[marks.a]\n[marks.a]\n");
        assert!(msg.starts_with("bảng [marks.a] xuất hiện hai lần"), "{msg}");
        let (_, msg) = vi("format = 1\n[document]\nhahs = 1\n");
        assert!(msg.ends_with("`title` hoặc `hash`"), "{msg}");
        let (line, msg) = vi("format = 1\n[marks.a]\nflaged = 1\n");
        assert_eq!(line, 3);
        assert!(
            msg.starts_with("khóa `flaged` không có ở đây (viết sai?); các khóa dùng được: `reviewed`, `reviewed_by`, `flagged`"),
            "{msg}"
        );
    }

    #[test]
    fn file_names_are_stable_slugs() {
        let name = file_name(&doc());
        assert!(
            name.starts_with("2017-02-22-ket-luan-cua-thuong-truc-tinh-uy-"),
            "{name}"
        );
        assert!(name.ends_with(".toml"));
        assert_eq!(slug("Đánh giá — kết quả!", 40), "danh-gia-ket-qua");
        assert_eq!(slug("một hai ba bốn", 6), "mot-hai");
        assert_eq!(slug("國家", 40), "");
        // The content hash follows the text; the name does not.
        let mut other = doc();
        other.meta.preamble = Some("x".into());
        assert_eq!(file_name(&other), name);
    }

    #[test]
    fn atomic_writes_replace_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("s.toml");
        let missing = write_atomic(&path, b"one").unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        fs::create_dir(path.parent().unwrap()).unwrap();
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["s.toml"]);
    }

    #[test]
    fn a_store_does_not_overwrite_outside_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let (mut store, state) = Store::open(&path, "lan").unwrap();
        assert!(state.is_none());
        store.save("format = 1\n").unwrap();
        store.save("format = 1\nreviewers = []\n").unwrap();
        fs::write(&path, "format = 1\n# edited by hand\n").unwrap();
        assert!(matches!(
            store.save("format = 1\n"),
            Err(Error::ChangedOnDisk { .. })
        ));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "format = 1\n# edited by hand\n"
        );
    }
}

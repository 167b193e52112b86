//! Reading a notice: bytes from a file or the embedded default, decoded,
//! parsed with spans, validated and built into a [`Document`].

use std::cell::OnceCell;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use super::error::{LoadError, Pos, Problem, What};
use super::model::Document;
use super::stream::{self, Step, Streamed};
use super::syntax::{self, Syntax, is_toml_line};
use super::validate;

/// Largest file accepted. A 100,000-node notice is about 22 MB; past this
/// limit a file is refused before it is read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The name the embedded notice goes by in messages.
pub const EMBEDDED_NAME: &str = "data/ket-luan-2017-02-22.toml";

const EMBEDDED: &str = include_str!("../../data/ket-luan-2017-02-22.toml");

/// The notice compiled into the binary.
pub fn embedded() -> Result<Document, LoadError> {
    load_str(EMBEDDED_NAME, EMBEDDED)
}

/// Loads a notice file. `path` is also the name used in messages.
pub fn load_path(path: &Path) -> Result<Document, LoadError> {
    load_path_with(path, &mut |_| {})
}

/// [`load_path`], telling `on_step` how far it got: a valid notice is read
/// and parsed a chunk at a time, with a [`Step::Preview`] of its first
/// nodes when more is to come. Anything else is then read whole, so that
/// the error lists every problem.
pub fn load_path_with(path: &Path, on_step: &mut dyn FnMut(Step)) -> Result<Document, LoadError> {
    match stream::stream(path, on_step)? {
        Streamed::Done(doc) => Ok(*doc),
        Streamed::Fallback(kept) => {
            let bytes = match kept {
                Some(bytes) => bytes,
                None => read_bounded(path)?,
            };
            load_bytes(&path.display().to_string(), &bytes)
        }
    }
}

/// Loads a notice from raw bytes: accepts a UTF-8 BOM, rejects invalid
/// UTF-8 and empty input.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = e.valid_up_to();
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
        LoadError::NotUtf8 {
            name: name.to_string(),
            pos: LineIndex::new(prefix).pos(good),
            byte: bytes[good],
        }
    })?;
    load_str(name, text)
}

/// Loads a notice from text (a leading BOM is ignored).
pub fn load_str(name: &str, text: &str) -> Result<Document, LoadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            name: name.to_string(),
        });
    }
    let lines = LineIndex::new(text);
    let (root, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut problems: Vec<Problem> = errors
            .iter()
            .map(|e| {
                let (at, fault) =
                    syntax::classify(text, e.span().map_or(0, |s| s.start), e.message().trim());
                Problem {
                    pos: lines.pos(at),
                    what: What::Syntax(fault),
                }
            })
            .collect();
        problems.sort_by_key(|p| p.pos);
        // One fault a line: the parser may stumble twice on one mistake.
        problems.dedup_by_key(|p| p.pos.line);
        if !looks_like_toml(text)
            && let Some(first) = problems.first()
        {
            // Every line of a Markdown notice is an error: one message
            // that says what the file is serves better.
            let line = text
                .lines()
                .nth(first.pos.line.saturating_sub(1))
                .unwrap_or("");
            return Err(LoadError::NotToml {
                name: name.to_string(),
                pos: first.pos,
                line: crate::text::clipped(line.trim(), 40),
            });
        }
        drop_echoes_of_repeated_tables(&mut problems, text);
        return Err(LoadError::Invalid {
            name: name.to_string(),
            problems,
        });
    }
    validate::build(root.get_ref(), &lines).map_err(|mut problems| {
        problems.sort_by_key(|p| p.pos);
        LoadError::Invalid {
            name: name.to_string(),
            problems,
        }
    })
}

/// Whether any line of `text` is shaped like TOML: a table header
/// (`[document]`, `[[node]]`, `[a."b"]`, closed or not, and nothing after
/// it but a comment) or a `key = value` (a bare, quoted or dotted key). A notice in
/// the format has both, however broken; a published notice (Markdown,
/// plain text) has neither: `[1] Nghị quyết…`, `[Xem](http://…)` and
/// `Ngày họp = 22/02/2017` are not.
fn looks_like_toml(text: &str) -> bool {
    text.lines().any(is_toml_line)
}

/// `[node]` written for each node makes every key after the second one
/// a duplicate too: only the repeated header is worth reporting, so the
/// duplicate keys in the body of a repeated table go.
fn drop_echoes_of_repeated_tables(problems: &mut Vec<Problem>, text: &str) {
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with('['))
        .map(|(i, _)| i + 1)
        .collect();
    let repeated: Vec<usize> = problems
        .iter()
        .filter(|p| matches!(p.what, What::Syntax(Syntax::RepeatedTable { .. })))
        .map(|p| p.pos.line)
        .collect();
    problems.retain(|p| {
        if !matches!(p.what, What::Syntax(Syntax::DuplicateKey { .. })) {
            return true;
        }
        // The header above this key.
        let above = headers.iter().rev().find(|&&h| h < p.pos.line);
        !above.is_some_and(|h| repeated.contains(h))
    });
}

/// Opens a notice file for reading after checking that it is not a
/// directory and not known to be over [`MAX_FILE_BYTES`]. Readers still
/// count what they read: a pipe or a device has no useful size.
pub(super) fn open_bounded(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    Ok((file, meta))
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, LoadError> {
    let (file, meta) = open_bounded(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Maps byte offsets in a text to 1-based line and character columns.
/// The line starts are found on the first lookup: a valid file, which
/// has no problem to place, never pays for them.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: OnceCell::new(),
        }
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        });
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        Pos {
            line,
            col: self.text[start..offset].chars().count() + 1,
        }
    }

    /// The line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.pos(offset).line
    }

    /// The text of `span` as written, on its first line only; empty when
    /// `span` is not within the text.
    pub fn source(&self, span: Range<usize>) -> &'a str {
        let text = self.text.get(span).unwrap_or_default();
        text.lines().next().unwrap_or_default().trim_end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of a notice in the format, however broken, are told from the
    /// lines of a published notice.
    #[test]
    fn toml_lines_are_told_from_published_ones() {
        for toml in [
            "[document]",
            "  [[node]]  # a comment",
            "[marks.\"I.1\"]",
            "title = \"x\"",
            "a.b = 1",
            "\"khóa\" = 1",
            "[[node]",
        ] {
            assert!(looks_like_toml(toml), "{toml}");
        }
        for text in [
            "[1] Nghị quyết số 18-NQ/TW",
            "[Xem bản gốc](http://x.vn)",
            "Ngày họp = 22/02/2017",
            "**THÔNG BÁO**",
            "- Tổ chức thực hiện.",
            "# Tiêu đề",
            "1. Tập trung = ưu tiên",
        ] {
            assert!(!looks_like_toml(text), "{text}");
        }
    }

    #[test]
    fn positions_count_characters_from_one() {
        let idx = LineIndex::new("ab\nđường x\n");
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), Pos { line: 2, col: 1 });
        let x = "ab\nđường x".find('x').unwrap();
        assert_eq!(idx.pos(x), Pos { line: 2, col: 7 });
        assert_eq!(idx.pos(10_000).line, 3);
    }
}

#[cfg(test)]
mod load_tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn all_text_is_nfc_whatever_the_input_form() {
        let nfc = "[document]\ntitle = \"Tỉnh ủy\"\nrecipients = [\"Đảng ủy\"]\n\
                   [[node]]\nid = \"ệ\"\nkind = \"task\"\nlabel = \"ễ\"\ntitle = \"Nghiệp\"\ntext = \"người đứng đầu\"\n";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        let a = load_str("a", nfc).unwrap();
        let b = load_str("b", &nfd).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.meta.title, "Tỉnh ủy");
        assert!(b.find("ệ").is_some());
    }

    #[test]
    fn the_embedded_notice_loads() {
        let doc = embedded().unwrap();
        assert!(doc.meta.title.starts_with("KẾT LUẬN"));
        assert_eq!(
            doc.meta.date.map(|d| d.to_string()),
            Some("22/02/2017".into())
        );
        assert_eq!(doc.meta.recipients.len(), 8);
        assert!(doc.len() > 30);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = load_bytes("x", b"a = 1\nb = \"\xC3\x28\"").unwrap_err();
        assert!(matches!(
            err,
            LoadError::NotUtf8 {
                pos: Pos { line: 2, col: 6 },
                byte: 0xC3,
                ..
            }
        ));
    }
}

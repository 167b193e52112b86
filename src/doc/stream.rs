//! Loading a notice file in chunks cut at its `[[node]]` headers, reading
//! it a block at a time: a regular file is never in memory whole (a pipe
//! is, for the fallback below), the TOML parser's tree covers one chunk at
//! a time, and the first nodes can be shown before the rest is read.
//!
//! Only a plain valid notice loads this way. Anything else (a syntax
//! error, an unknown key, a duplicate id, a `[document]` after the nodes,
//! invalid UTF-8 …) makes [`stream`] answer [`Streamed::Fallback`], and the
//! caller loads the whole file the ordinary way, which reports every
//! problem with its line and column.

use std::io::{self, Read};
use std::path::Path;

use memchr::memchr;

use super::error::LoadError;
use super::load::{LineIndex, MAX_FILE_BYTES, open_bounded};
use super::model::Document;
use super::split::Splitter;
use super::validate::Chunked;

/// The first chunk of nodes is cut after about this many bytes, so that
/// the first screen comes quickly.
const FIRST_CHUNK: usize = 32 * 1024;
/// Later chunks: large enough that parsing dominates, small enough that
/// the parser's tree of one chunk stays a few megabytes.
const CHUNK: usize = 256 * 1024;
/// Bytes read at a time.
const BLOCK: usize = 256 * 1024;
/// Most nodes room is made for in advance; past it the lists grow as
/// they go.
const MAX_EXPECTED: usize = 500_000;

/// What a streamed load reports while it runs.
#[derive(Debug)]
pub enum Step {
    /// The metadata and the first nodes, when more is still to be read.
    Preview(Box<Document>),
    /// Bytes of the file loaded so far, and its size when known.
    Loaded { done: u64, total: Option<u64> },
}

/// How a streamed load ended.
#[derive(Debug)]
pub(super) enum Streamed {
    Done(Box<Document>),
    /// Not a plain valid notice: load the whole file to report why. A
    /// regular file is read again; anything else (a pipe) cannot be, so
    /// its bytes come with the answer, read to the end.
    Fallback(Option<Vec<u8>>),
}

/// Which part of the file a chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before the first `[[node]]` header.
    Prelude,
    /// The first chunk of nodes.
    First,
    Rest,
}

/// How the file is read and cut.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    first: usize,
    rest: usize,
    block: usize,
}

const SIZES: Sizes = Sizes {
    first: FIRST_CHUNK,
    rest: CHUNK,
    block: BLOCK,
};

impl Part {
    /// Smallest chunk worth cutting off at a header.
    fn min_len(self, sizes: Sizes) -> usize {
        match self {
            Part::Prelude => 0,
            Part::First => sizes.first,
            Part::Rest => sizes.rest,
        }
    }
}

/// Loads `path` chunk by chunk, telling `on_step` how far it got. Errors
/// are those of opening and reading the file, and its size limit; every
/// other problem is a [`Streamed::Fallback`].
pub(super) fn stream(path: &Path, on_step: &mut dyn FnMut(Step)) -> Result<Streamed, LoadError> {
    stream_with(path, SIZES, on_step)
}

fn stream_with(
    path: &Path,
    sizes: Sizes,
    on_step: &mut dyn FnMut(Step),
) -> Result<Streamed, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size| LoadError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: MAX_FILE_BYTES,
    };
    let (mut file, meta) = open_bounded(path)?;
    // A pipe or a device reports no useful size.
    let total = (meta.is_file() && meta.len() > 0).then_some(meta.len());

    let mut loader = Loader {
        builder: Chunked::default(),
        part: Part::Prelude,
        done: 0,
        total,
    };
    // What cannot be read twice is kept for the fallback.
    let mut kept: Option<Vec<u8>> = (!meta.is_file()).then(Vec::new);
    let fallback = |kept: Option<Vec<u8>>, file: std::fs::File, read: u64| {
        let Some(mut kept) = kept else {
            return Ok(Streamed::Fallback(None));
        };
        file.take(MAX_FILE_BYTES + 1 - read)
            .read_to_end(&mut kept)
            .map_err(io)?;
        if kept.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(kept.len() as u64));
        }
        Ok(Streamed::Fallback(Some(kept)))
    };
    let mut buf: Vec<u8> = Vec::with_capacity(sizes.block + sizes.rest);
    let mut splitter = Splitter::default();
    // `buf[..scanned]` is whole lines already given to the splitter.
    let mut scanned = 0;
    let mut read: u64 = 0;
    loop {
        let at = buf.len();
        buf.resize(at + sizes.block, 0);
        let n = read_some(&mut file, &mut buf[at..]).map_err(io)?;
        buf.truncate(at + n);
        if let Some(kept) = &mut kept {
            kept.extend_from_slice(&buf[at..]);
        }
        read += n as u64;
        if read > MAX_FILE_BYTES {
            return Err(too_large(read));
        }
        if n == 0 {
            break;
        }
        while let Some(nl) = memchr(b'\n', &buf[scanned..]) {
            let start = scanned;
            scanned += nl + 1;
            if !splitter.line(&buf[start..scanned]) || start < loader.part.min_len(sizes) {
                continue;
            }
            // `start` begins a `[[node]]` header: cut before it.
            if !loader.chunk(&buf[..start], true, on_step) {
                return fallback(kept, file, read);
            }
            buf.drain(..start);
            scanned -= start;
            on_step(Step::Loaded {
                done: loader.done,
                total,
            });
        }
    }
    if loader.part == Part::Prelude || !loader.chunk(&buf, false, on_step) {
        return fallback(kept, file, read);
    }
    on_step(Step::Loaded {
        done: loader.done,
        total,
    });
    match loader.builder.finish() {
        Some(doc) => Ok(Streamed::Done(Box::new(doc))),
        None => fallback(kept, file, read),
    }
}

/// `read`, retried when interrupted by a signal.
fn read_some(file: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

struct Loader {
    builder: Chunked,
    part: Part,
    /// Bytes of the file handed to chunks so far.
    done: u64,
    /// The file's size, when known.
    total: Option<u64>,
}

impl Loader {
    /// Parses one chunk into the builder; `false` when it is not plain
    /// valid notice text. `more`: the file goes on after it.
    fn chunk(&mut self, bytes: &[u8], more: bool, on_step: &mut dyn FnMut(Step)) -> bool {
        self.done += bytes.len() as u64;
        let bytes = match self.part {
            Part::Prelude => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
            Part::First | Part::Rest => bytes,
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return false;
        };
        let (root, errors) = toml::de::DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return false;
        }
        let lines = LineIndex::new(text);
        let part = self.part;
        let ok = match part {
            Part::Prelude => self.builder.prelude(root.get_ref(), &lines),
            Part::First | Part::Rest => self.builder.nodes(root.get_ref(), &lines),
        };
        self.part = match part {
            Part::Prelude => Part::First,
            Part::First | Part::Rest => Part::Rest,
        };
        if ok && more && part == Part::First {
            if let Some(preview) = self.builder.preview() {
                on_step(Step::Preview(Box::new(preview)));
            }
            // Room for the rest, estimated from the first chunk's density,
            // half as much again to be safe (room never
            // touched costs no memory).
            if let Some(total) = self.total {
                let per_node = self.done as f64 / self.builder.len().max(1) as f64;
                let rest = total.saturating_sub(self.done) as f64 / per_node;
                // A first chunk of tiny nodes must not ask for millions.
                self.builder
                    .expect(((rest * 1.5) as usize).min(MAX_EXPECTED));
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::doc::load::{embedded, load_bytes, load_path, load_str};

    /// A valid notice of `n` nodes, about 300 bytes each, whose texts hold
    /// what could fool a splitter: `[[node]]` lines inside multi-line
    /// strings, quotes, comments.
    fn notice(n: usize, eol: &str) -> String {
        let mut s = format!("# comment{eol}[document]{eol}title = \"Thông báo\"{eol}");
        for i in 0..n {
            let parent = match i {
                0 => String::new(),
                _ => format!("parent = \"n{}\"{eol}", (i - 1) / 3),
            };
            s += &format!(
                "[[node]] # {i}{eol}id = \"n{i}\"{eol}{parent}kind = \"task\"{eol}\
                 title = 'Mục \"{i}\"' # [[node]]{eol}\
                 text = \"\"\"{eol}[[node]]{eol}id = \\\"\"\\\"\" tổ chức bộ máy \\\"\"\"{eol}{eol}\
                 đoạn hai ''' [[node]] {i}\"\"\"{eol}"
            );
        }
        s
    }

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    /// Streams `bytes`, returning the result and every step.
    fn streamed(bytes: &[u8]) -> (Streamed, Vec<Step>) {
        let f = write(bytes);
        let mut steps = Vec::new();
        let out = stream(f.path(), &mut |s| steps.push(s)).unwrap();
        (out, steps)
    }

    #[test]
    fn a_large_notice_streams_to_the_same_document_as_a_whole_parse() {
        for eol in ["\n", "\r\n"] {
            let text = notice(16_000, eol);
            assert!(text.len() > 2 * CHUNK, "{}", text.len());
            let whole = load_str("x", &text).unwrap();
            let (out, steps) = streamed(text.as_bytes());
            let Streamed::Done(doc) = out else {
                panic!("fell back on a valid notice");
            };
            assert_eq!(*doc, whole);
            let previews: Vec<&Document> = steps
                .iter()
                .filter_map(|s| match s {
                    Step::Preview(d) => Some(&**d),
                    Step::Loaded { .. } => None,
                })
                .collect();
            assert_eq!(previews.len(), 1);
            let preview = previews[0];
            assert!(
                preview.len() > 10 && preview.len() < 1000,
                "{}",
                preview.len()
            );
            assert_eq!(preview.meta, whole.meta);
            for node in preview.nodes() {
                let same = whole.node(whole.find(&node.id).unwrap());
                assert_eq!((&node.title, &node.text), (&same.title, &same.text));
            }
            let done: Vec<u64> = steps
                .iter()
                .filter_map(|s| match s {
                    Step::Loaded { done, total } => {
                        assert_eq!(*total, Some(text.len() as u64));
                        Some(*done)
                    }
                    Step::Preview(_) => None,
                })
                .collect();
            assert!(done.len() > 3);
            assert!(done.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(done.last(), Some(&(text.len() as u64)));
        }
    }

    #[test]
    fn a_small_notice_streams_without_a_preview() {
        let text = format!("\u{FEFF}{}", notice(3, "\n"));
        let (out, steps) = streamed(text.as_bytes());
        let Streamed::Done(doc) = out else {
            panic!("fell back on a valid notice");
        };
        assert_eq!(*doc, load_str("x", &text).unwrap());
        assert!(steps.iter().all(|s| matches!(s, Step::Loaded { .. })));
    }

    #[test]
    fn the_embedded_notice_streams() {
        let text = include_str!("../../data/ket-luan-2017-02-22.toml");
        let (out, _) = streamed(text.as_bytes());
        let Streamed::Done(doc) = out else {
            panic!("fell back on the embedded notice");
        };
        assert_eq!(*doc, embedded().unwrap());
    }

    #[test]
    fn anything_but_a_plain_valid_notice_falls_back_with_the_whole_files_errors() {
        let big = notice(400, "\n");
        let late_node = big.rfind("\n[[node]] #").unwrap() + 1;
        let cases: Vec<(&str, Vec<u8>)> = vec![
            (
                "document after the nodes",
                format!("{big}[document]\ntitle = \"y\"\n").into(),
            ),
            (
                "a signer after the nodes",
                format!("{big}[document.signer]\nname = \"y\"\n").into(),
            ),
            (
                "duplicate id in a later chunk",
                format!("{big}[[node]]\nid = \"n1\"\nkind = \"task\"\ntitle = \"x\"\n").into(),
            ),
            (
                "parent defined later",
                big.replacen(
                    "id = \"n1\"\nparent = \"n0\"\n",
                    "id = \"n1\"\nparent = \"n399\"\n",
                    1,
                )
                .into(),
            ),
            (
                "inline nodes in the prelude",
                format!(
                    "[document]\ntitle = \"t\"\n\nnode = [{{ id = \"q\", kind = \"task\", title = \"Q\" }}]\n{}",
                    &big[big.find("[[node]]").unwrap()..]
                )
                .into(),
            ),
            (
                "a syntax error late",
                format!("{}id = = 1\n{}", &big[..late_node], &big[late_node..]).into(),
            ),
            (
                "an unknown key late",
                format!("{big}colour = \"red\"\n").into(),
            ),
            ("no prelude", big[big.find("[[node]]").unwrap()..].into()),
            ("no nodes", "[document]\ntitle = \"t\"\n".into()),
            ("empty", Vec::new()),
            ("not UTF-8 late", {
                let mut b = big.clone().into_bytes();
                b.extend_from_slice(b"[[node]]\nid = \"\xC3\x28\"\n");
                b
            }),
            (
                "a header inside an unterminated string",
                format!("{}text = \"\"\"\n{}", &big[..late_node], &big[late_node..]).into(),
            ),
        ];
        for (what, bytes) in cases {
            let (out, _) = streamed(&bytes);
            assert!(
                matches!(out, Streamed::Fallback(None)),
                "{what}: did not fall back"
            );
            let f = write(&bytes);
            let name = f.path().display().to_string();
            let expected = load_bytes(&name, &bytes).map_err(|e| e.to_string());
            // A signer table may close the file: valid, only not streamed.
            let valid = what == "a signer after the nodes";
            assert_eq!(expected.is_ok(), valid, "{what}");
            assert_eq!(
                load_path(f.path()).map_err(|e| e.to_string()),
                expected,
                "{what}"
            );
        }
    }
    mod equivalence {
        use proptest::prelude::*;

        use super::*;

        /// Lines a notice is made of, valid or not, and what could fool the
        /// splitter: headers in strings and comments, quotes, CRLF.
        const LINES: &[&str] = &[
            "[[node]]\n",
            "[[node]]\r\n",
            "  [[node]] # x\n",
            "[[node]]\nid = \"a\"\nkind = \"task\"\ntitle = \"A\"\n",
            "[[node]]\nid = \"b\"\nkind = \"cause\"\nparent = \"a\"\ntext = \"B\"\n",
            "[[node]]\nid = \"c\"\nkind = \"task\"\nparent = \"b\"\ntitle = 'C'\n",
            "[[node]]\nid = \"d\"\nkind = \"task\"\ntitle = \"D\"\n",
            "id = \"e\"\n",
            "kind = \"task\"\n",
            "title = \"tổ chức\"\n",
            "text = \"\"\"\n",
            "\"\"\"\n",
            "text = '''\n",
            "'''\n",
            "label = \"a\\\"\"\n",
            "# [[node]] \"\"\"\n",
            "[document]\n",
            "title = \"T\"\n",
            "[document.signer]\nname = \"N\"\n",
            "x = 1\n",
            "\n",
            "= =\n",
            "tiêu đề = \"ệ\"\n",
        ];

        fn notice() -> impl Strategy<Value = Vec<u8>> {
            let line = proptest::sample::select(LINES);
            (proptest::collection::vec(line, 0..24), any::<bool>()).prop_map(|(lines, head)| {
                let mut s = String::new();
                if head {
                    s += "[document]\ntitle = \"T\"\n";
                }
                s.extend(lines);
                s.into_bytes()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(400))]

            /// Cut at every header and read a few bytes at a time, a notice
            /// that streams is exactly the notice the whole parse gives;
            /// anything else falls back to the whole parse.
            #[test]
            fn streaming_never_differs_from_the_whole_parse(
                bytes in notice(),
                block in 1usize..40,
            ) {
                let f = write(&bytes);
                let sizes = Sizes { first: 1, rest: 1, block };
                let whole = load_bytes("x", &bytes);
                match stream_with(f.path(), sizes, &mut |_| {}).unwrap() {
                    Streamed::Done(doc) => prop_assert_eq!(Some(*doc), whole.ok()),
                    Streamed::Fallback(kept) => prop_assert!(kept.is_none()),
                }
            }
        }

        /// Texts that look like TOML structure inside strings.
        const TRICKY: &[&str] = &[
            "\"\"\"\n[[node]]\nid = \\\"x\\\"\n\"\"\"",
            "'''\n[[node]] # not a header\n'''",
            "\"tổ chức [[node]] bộ máy\"",
            "'Mục \"1\" # không phải chú thích'",
            "\"\"\"\ndòng một\\\n  dòng hai \\\"\"\"\"",
            "\"a\\\\\"",
        ];

        /// A valid notice: each node's parent is an earlier node or none,
        /// its title one of [`TRICKY`], in LF or CRLF.
        fn valid_notice() -> impl Strategy<Value = String> {
            let node = (any::<prop::sample::Index>(), 0..TRICKY.len(), any::<bool>());
            (proptest::collection::vec(node, 1..40), any::<bool>()).prop_map(|(nodes, crlf)| {
                let mut s = String::from("[document]\ntitle = \"T\"\n");
                for (i, (parent, text, has_parent)) in nodes.into_iter().enumerate() {
                    s += &format!("[[node]]\nid = \"n{i}\"\nkind = \"task\"\n");
                    if has_parent && i > 0 {
                        s += &format!("parent = \"n{}\"\n", parent.index(i));
                    }
                    s += &format!("title = {}\n", TRICKY[text]);
                }
                if crlf { s.replace('\n', "\r\n") } else { s }
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Valid notices, whatever their strings hold, stream in tiny
            /// chunks to exactly the whole parse's document.
            #[test]
            fn valid_notices_stream_to_the_whole_parse(
                text in valid_notice(),
                block in 1usize..64,
            ) {
                let whole = load_str("x", &text);
                prop_assert!(whole.is_ok(), "{:?}", whole);
                let f = write(text.as_bytes());
                let sizes = Sizes { first: 1, rest: 1, block };
                match stream_with(f.path(), sizes, &mut |_| {}).unwrap() {
                    Streamed::Done(doc) => prop_assert_eq!(Some(*doc), whole.ok()),
                    Streamed::Fallback(_) => prop_assert!(false, "fell back on a valid notice"),
                }
            }
        }

        #[test]
        fn valid_notices_stream_even_in_tiny_chunks() {
            let text = format!(
                "[document]\ntitle = \"T\"\n{}{}{}",
                LINES[3], LINES[4], LINES[5]
            );
            let f = write(text.as_bytes());
            for block in 1..30 {
                let sizes = Sizes {
                    first: 1,
                    rest: 1,
                    block,
                };
                let out = stream_with(f.path(), sizes, &mut |_| {}).unwrap();
                assert!(matches!(out, Streamed::Done(_)), "block {block}");
            }
        }
    }
}

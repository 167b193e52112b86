//! Finding the `[[node]]` headers of a notice's TOML without parsing it,
//! so that a large file can be parsed in chunks, each starting at one.
//!
//! The scan follows only what decides whether a line starts outside any
//! string: comments, basic and literal strings, and their multi-line forms.
//! It is deliberately not a validator. A mistake can only move a cut: a
//! cut inside a multi-line string leaves that string unterminated in the
//! chunk before it, which then fails to parse, and the loader falls back to
//! parsing the whole file.

use memchr::{memchr, memchr2, memchr3};

/// Where the scan stands at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Outside,
    /// Inside `"""…"""`.
    MultiBasic,
    /// Inside `'''…'''`.
    MultiLiteral,
}

/// Scans a TOML text one line at a time, in order.
#[derive(Debug, Default)]
pub(super) struct Splitter {
    state: State,
}

impl Splitter {
    /// Feeds the next line (with or without its line break) and tells
    /// whether it is a `[[node]]` header: it starts outside every string
    /// and holds only `[[node]]`, blanks and perhaps a comment.
    pub(super) fn line(&mut self, line: &[u8]) -> bool {
        let header = self.state == State::Outside && is_node_header(line);
        let mut i = 0;
        while i < line.len() {
            match self.state {
                State::Outside => {
                    let Some(at) = memchr3(b'#', b'"', b'\'', &line[i..]) else {
                        return header;
                    };
                    i += at;
                    match line[i] {
                        b'#' => return header,
                        b'"' if line[i..].starts_with(b"\"\"\"") => {
                            self.state = State::MultiBasic;
                            i += 3;
                        }
                        b'"' => i = end_of_basic(line, i + 1),
                        _ if line[i..].starts_with(b"'''") => {
                            self.state = State::MultiLiteral;
                            i += 3;
                        }
                        _ => i = memchr(b'\'', &line[i + 1..]).map_or(line.len(), |e| i + e + 2),
                    }
                }
                State::MultiBasic => {
                    let Some(at) = memchr2(b'\\', b'"', &line[i..]) else {
                        return header;
                    };
                    i += at;
                    if line[i] == b'\\' {
                        i += 2;
                    } else if line[i..].starts_with(b"\"\"\"") {
                        i = close(line, i, b'"');
                        self.state = State::Outside;
                    } else {
                        i += 1;
                    }
                }
                State::MultiLiteral => {
                    let Some(at) = memchr(b'\'', &line[i..]) else {
                        return header;
                    };
                    i += at;
                    if line[i..].starts_with(b"'''") {
                        i = close(line, i, b'\'');
                        self.state = State::Outside;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        header
    }
}

/// Past the closing quote of a basic string whose body starts at `i`, or
/// the end of the line when it does not close there.
fn end_of_basic(line: &[u8], mut i: usize) -> usize {
    while let Some(at) = memchr2(b'\\', b'"', &line[i.min(line.len())..]) {
        i += at;
        if line[i] == b'"' {
            return i + 1;
        }
        i += 2;
    }
    line.len()
}

/// Past a multi-line string's closing delimiter at `i`: three quotes, and
/// up to two more that belong to the string's content (`""""` ends with a
/// quote in the text).
fn close(line: &[u8], i: usize, quote: u8) -> usize {
    let run = line[i..].iter().take_while(|&&b| b == quote).count();
    i + run.min(5)
}

fn is_node_header(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    let Some(rest) = line.strip_prefix(b"[[node]]") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    rest.is_empty() || rest[0] == b'#'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The headers `Splitter` finds in `text`, by line number from 1.
    fn headers(text: &str) -> Vec<usize> {
        let mut s = Splitter::default();
        text.split_inclusive('\n')
            .enumerate()
            .filter(|(_, l)| s.line(l.as_bytes()))
            .map(|(i, _)| i + 1)
            .collect()
    }

    #[test]
    fn finds_headers_with_blanks_comments_and_crlf() {
        let text = "[document]\ntitle = \"x\"\n[[node]]\nid = \"a\"\n  [[node]]  # b\r\n\
                    [[node]]\r\n[[node.x]]\n[[nodes]]\n# [[node]]\n";
        assert_eq!(headers(text), [3, 5, 6]);
    }

    #[test]
    fn skips_headers_inside_multi_line_strings() {
        let text = "[[node]]\ntext = \"\"\"\n[[node]]\n\\\"\"\"\n[[node]]\n\"\"\"\n\
                    [[node]]\ntext = '''\n[[node]]\n'''\n[[node]]\n";
        assert_eq!(headers(text), [1, 7, 11]);
    }

    #[test]
    fn single_line_strings_and_comments_do_not_open_anything() {
        let text = "a = \"\\\"\"\"\" # not a multi-line string\n[[node]]\n\
                    b = 'it''s' # \"\"\"\n[[node]]\nc = \"# '''\"\n[[node]]\n";
        // Line 1 is invalid TOML (`"\""` then `""`), but it opens nothing.
        assert_eq!(headers(text), [2, 4, 6]);
    }

    #[test]
    fn a_string_closing_with_extra_quotes_ends_there() {
        let text = "t = \"\"\"a \"quoted\"\"\"\"\n[[node]]\nu = '''x''''' \n[[node]]\n";
        assert_eq!(headers(text), [2, 4]);
    }

    #[test]
    fn a_string_opened_and_closed_on_one_line_leaves_the_scan_outside() {
        let text = "t = \"\"\"one line\"\"\"\n[[node]]\nu = '''x'''\n[[node]]\n";
        assert_eq!(headers(text), [2, 4]);
    }
}

//! TOML syntax errors in the words of the notice: which key, which value as
//! written, and the fix, in Vietnamese or English. The toml crate reports
//! in English and in the grammar's terms ("invalid boolean, expected
//! `true`" for a title written without quotes); the faults people make
//! when they edit a notice by hand are recognised here from the crate's
//! message and the line it points at. Anything else keeps the crate's
//! message.

use crate::i18n::Lang;

/// How deep the toml crate lets arrays, tables and dotted keys nest.
pub const TOML_NESTING: usize = 80;

/// One syntax fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// A value without quotes: `title = Kết luận` (`curly`: in “ ”).
    Unquoted {
        key: String,
        value: String,
        curly: bool,
    },
    /// `key =` and nothing after it.
    NoValue { key: String },
    /// `key "value"`: the `=` is missing.
    NoEquals { key: String },
    /// A `"` string that does not end on its line.
    UnclosedString { key: String },
    /// A `"""` string that never ends; reported where it opens.
    UnclosedMultiline { key: String },
    /// A key given twice in one table (`first`: the line of the first).
    DuplicateKey { key: String, first: Option<usize> },
    /// A table header given twice: `[node]` where each node needs its own
    /// `[[node]]`.
    RepeatedTable { name: String },
    /// `[[node]` or `[document`: the header does not end.
    UnclosedHeader { array: bool },
    /// A backslash not followed by a TOML escape.
    BadEscape,
    /// A date or time that does not exist or is malformed.
    BadDate { key: String, value: String },
    /// Something after the value on its line.
    Trailing { rest: String },
    /// Nesting deeper than the parser allows.
    TooDeep,
    /// A control character written as it is, which TOML does not allow
    /// (in a string either): what the parser stopped at.
    ControlChar { code: u32 },
    /// A line that is no TOML at all: neither a table header, nor a
    /// `key = value`, nor a comment.
    NotToml { line: String },
    /// Not recognised: the parser's own message.
    Other(String),
}

/// Reads the parser's `message` about the byte `offset` of `text`.
/// Returns the fault and the offset to report it at (an unclosed `"""`
/// string is reported where it opens, not at the end of the file).
pub fn classify(text: &str, offset: usize, message: &str) -> (usize, Syntax) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    // The parser stops at a raw control character and calls the string
    // it is in unclosed, or the line not TOML: say what it is. A line
    // break is where an unclosed string ends.
    if let Some(c) = text[offset..]
        .chars()
        .next()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return (offset, Syntax::ControlChar { code: u32::from(c) });
    }
    let line = line_at(text, offset);
    let (key, value) = match line.split_once('=') {
        Some((k, v)) => (k.trim().to_string(), clip(v.trim())),
        None => (String::new(), String::new()),
    };
    let what = message.split(", expected").next().unwrap_or(message).trim();
    let fault = match what {
        "invalid boolean"
        | "string values must be quoted"
        | "invalid value"
        | "missing opening quote"
            if value.is_empty() =>
        {
            Syntax::NoValue { key }
        }
        "invalid boolean"
        | "string values must be quoted"
        | "invalid value"
        | "missing opening quote" => {
            let curly = value.starts_with(['“', '”', '‘', '’']);
            Syntax::Unquoted { key, value, curly }
        }
        "missing value for key" => Syntax::NoValue { key },
        "key with no value" => Syntax::NoEquals {
            key: line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        },
        "invalid basic string" | "invalid literal string" | "invalid string" => {
            Syntax::UnclosedString { key }
        }
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            if let Some(open) = unclosed_multiline(text) {
                let key = match line_at(text, open).split_once('=') {
                    Some((k, _)) => k.trim().to_string(),
                    None => String::new(),
                };
                return (open, Syntax::UnclosedMultiline { key });
            }
            Syntax::Other(message.to_string())
        }
        "duplicate key" => {
            let trimmed = line.trim_start();
            if let Some(header) = trimmed.strip_prefix('[') {
                let name = header.trim_start_matches('[');
                let name = name.split(']').next().unwrap_or(name).trim().to_string();
                Syntax::RepeatedTable { name }
            } else {
                let first = earlier_key_line(text, offset, &key);
                Syntax::DuplicateKey { key, first }
            }
        }
        "unclosed array table" => Syntax::UnclosedHeader { array: true },
        "unclosed table" => Syntax::UnclosedHeader { array: false },
        "missing escaped value" | "too few unicode value digits" => Syntax::BadEscape,
        "invalid date-time" | "invalid date" | "invalid time" => Syntax::BadDate { key, value },
        "unexpected key or value" | "unexpected content" => Syntax::Trailing {
            rest: clip(text[offset..].lines().next().unwrap_or_default().trim()),
        },
        _ if message.contains("recurs") => Syntax::TooDeep,
        _ => Syntax::Other(message.to_string()),
    };
    // Advice to write `key = "..."` is for a key: a line of text that is
    // not one (`**THÔNG BÁO**`, `- Tổ chức…`) is not TOML at all.
    let not_toml = || Syntax::NotToml {
        line: clip(line.trim()),
    };
    let fault = match fault {
        Syntax::NoEquals { key } | Syntax::Unquoted { key, .. } | Syntax::NoValue { key }
            if !is_key(&key) =>
        {
            not_toml()
        }
        Syntax::Other(_) if !line.trim().is_empty() && !is_toml_line(line) => not_toml(),
        fault => fault,
    };
    (offset, fault)
}

/// What follows the TOML key at the start of `s` (bare, quoted or
/// dotted, spaces around), if one is there.
fn key_prefix(s: &str) -> Option<&str> {
    let mut rest = s.trim_start();
    loop {
        rest = if let Some(r) = rest.strip_prefix('"') {
            &r[r.find('"')? + 1..]
        } else if let Some(r) = rest.strip_prefix('\'') {
            &r[r.find('\'')? + 1..]
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            &rest[end..]
        };
        match rest.trim_start().strip_prefix('.') {
            Some(r) => rest = r.trim_start(),
            None => return Some(rest),
        }
    }
}

/// Whether line `l` is a table header (closed or not: `[[node]` is a
/// broken notice) or a `key = value`.
pub(super) fn is_toml_line(l: &str) -> bool {
    let l = l.trim();
    match l.strip_prefix('[') {
        Some(r) => key_prefix(r.strip_prefix('[').unwrap_or(r)).is_some_and(|rest| {
            let rest = rest.trim_start().trim_start_matches(']').trim_start();
            rest.is_empty() || rest.starts_with('#')
        }),
        None => key_prefix(l).is_some_and(|rest| rest.trim_start().starts_with('=')),
    }
}

/// Whether `s` is a TOML key and nothing else.
fn is_key(s: &str) -> bool {
    key_prefix(s).is_some_and(|rest| rest.trim().is_empty())
}

/// Values and rests quoted in a message, at most this many characters.
const QUOTED_MAX: usize = 40;

/// `s` cut to [`QUOTED_MAX`] characters.
fn clip(s: &str) -> String {
    crate::text::clipped(s, QUOTED_MAX)
}

/// The line of `text` holding byte `offset`, without its line break.
fn line_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

/// The 1-based line where `key` was set before `offset` in the same
/// table (after the last table header above it).
fn earlier_key_line(text: &str, offset: usize, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let before = &text[..text[..offset].rfind('\n').unwrap_or(0)];
    let lines: Vec<&str> = before.lines().collect();
    for (i, l) in lines.iter().enumerate().rev() {
        let l = l.trim_start();
        if l.starts_with('[') {
            return None;
        }
        if let Some((k, _)) = l.split_once('=')
            && k.trim() == key
        {
            return Some(i + 1);
        }
    }
    None
}

/// Where the `"""` or `'''` string that never closes opens: the last
/// opener with no closer after it, found by walking the text's strings
/// and comments.
fn unclosed_multiline(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
            // `i` is at an ASCII quote, so on a character boundary.
            let quote = &text[i..i + 3];
            let literal = quote == "'''";
            let mut j = i + 3;
            loop {
                let Some(k) = text[j..].find(quote) else {
                    return Some(i);
                };
                let at = j + k;
                if !literal && escaped(bytes, at) {
                    j = at + 1;
                    continue;
                }
                // Up to two quotes may end the content: `""""` closes after
                // one quote of content.
                let mut end = at + 3;
                while end < bytes.len() && end < at + 5 && bytes[end] == quote.as_bytes()[0] {
                    end += 1;
                }
                i = end;
                break;
            }
            continue;
        }
        match bytes[i] {
            b'#' => i = text[i..].find('\n').map_or(bytes.len(), |k| i + k),
            q @ (b'"' | b'\'') => {
                // A one-line string: to its closing quote or the line's end.
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'\n' {
                    if bytes[j] == q && (q == b'\'' || !escaped(bytes, j)) {
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

impl Syntax {
    /// The message in `lang`: what is wrong, and how to write it instead.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Syntax::Unquoted { key, value, curly: true } => {
                let inner = value.trim_matches(['“', '”', '‘', '’']);
                lang.pick(
                    format!("giá trị {value} của `{key}` dùng dấu ngoặc kép “ ” của văn bản; TOML cần dấu \" thẳng: {key} = \"{inner}\""),
                    format!("the value {value} of `{key}` is in typographic quotes “ ”; TOML needs straight ones: {key} = \"{inner}\""),
                )
            }
            Syntax::Unquoted { key, value, .. } => {
                // A stray quote at either end is not part of the text.
                let inner = value.trim_matches(['"', '\'']);
                lang.pick(
                    format!("giá trị {value} của `{key}` phải nằm trong ngoặc kép: {key} = \"{inner}\""),
                    format!("the value {value} of `{key}` must be in quotes: {key} = \"{inner}\""),
                )
            }
            Syntax::NoValue { key } => lang.pick(
                format!("`{key}` không có giá trị sau dấu =; viết {key} = \"...\" hoặc xóa dòng này"),
                format!("`{key}` has no value after the =; write {key} = \"...\" or delete the line"),
            ),
            Syntax::NoEquals { key } => lang.pick(
                format!("thiếu dấu = sau khóa `{key}`; viết {key} = \"...\""),
                format!("the key `{key}` lacks its =; write {key} = \"...\""),
            ),
            Syntax::UnclosedString { key } => {
                let fix = if key.is_empty() { String::new() } else { format!(" của `{key}`") };
                let fix_en = if key.is_empty() { String::new() } else { format!(" of `{key}`") };
                lang.pick(
                    format!("chuỗi{fix} không được đóng trên dòng của nó; thêm \" ở cuối, hoặc dùng \"\"\" … \"\"\" cho văn bản nhiều dòng"),
                    format!("the string{fix_en} does not end on its line; add the closing \", or use \"\"\" … \"\"\" for text on several lines"),
                )
            }
            Syntax::UnclosedMultiline { key } => {
                let of = |w: &str| if key.is_empty() { String::new() } else { format!(" {w} `{key}`") };
                lang.pick(
                    format!("chuỗi nhiều dòng{} mở bằng \"\"\" ở đây nhưng không được đóng; thêm \"\"\" ở cuối văn bản", of("của")),
                    format!("the multi-line string{} opens with \"\"\" here and never ends; add \"\"\" after its text", of("of")),
                )
            }
            Syntax::DuplicateKey { key, first } => match (first, vi) {
                (Some(l), true) => format!("khóa `{key}` đã có ở dòng {l} trong cùng bảng; giữ một trong hai"),
                (Some(l), false) => format!("the key `{key}` is already set on line {l} of this table; keep one of them"),
                (None, true) => format!("khóa `{key}` xuất hiện hai lần trong cùng bảng; giữ một"),
                (None, false) => format!("the key `{key}` is set twice in this table; keep one"),
            },
            Syntax::RepeatedTable { name } if name == "node" => lang.pick(
                "bảng [node] lặp lại; mỗi mục cần tiêu đề [[node]] (hai dấu ngoặc vuông)".to_string(),
                "[node] is repeated; each node needs its own [[node]] header (double brackets)".to_string(),
            ),
            Syntax::RepeatedTable { name } => lang.pick(
                format!("bảng [{name}] xuất hiện hai lần; gộp chúng làm một"),
                format!("the table [{name}] appears twice; merge them into one"),
            ),
            Syntax::UnclosedHeader { array: true } => lang.pick(
                "tiêu đề bảng thiếu ]] ở cuối; viết [[node]]".to_string(),
                "the table header lacks its closing ]]; write [[node]]".to_string(),
            ),
            Syntax::UnclosedHeader { array: false } => lang.pick(
                "tiêu đề bảng thiếu ] ở cuối; viết [document]".to_string(),
                "the table header lacks its closing ]; write [document]".to_string(),
            ),
            Syntax::BadEscape => lang.pick(
                "dấu \\ trong chuỗi phải đi kèm n, t, \", \\ hoặc u…; viết \\\\ để có một dấu \\, hoặc dùng chuỗi '...'".to_string(),
                "a \\ in a string must start an escape such as \\n, \\t, \\\" or \\u…; write \\\\ for one backslash, or use a '...' string".to_string(),
            ),
            Syntax::BadDate { key, value } => lang.pick(
                format!("ngày {value} của `{key}` không có thật hoặc sai dạng; viết YYYY-MM-DD, ví dụ 2017-02-22"),
                format!("the date {value} of `{key}` does not exist or is malformed; write YYYY-MM-DD, such as 2017-02-22"),
            ),
            Syntax::Trailing { rest } => lang.pick(
                format!("thừa {rest} sau giá trị; mỗi dòng chỉ một khóa = giá trị (chú thích bắt đầu bằng #)"),
                format!("{rest} follows the value; one key = value per line (comments start with #)"),
            ),
            Syntax::TooDeep => lang.pick(
                format!("lồng nhau quá sâu (tối đa {TOML_NESTING} cấp); hãy làm phẳng cấu trúc"),
                format!("nesting is limited to {TOML_NESTING} levels; flatten the structure"),
            ),
            Syntax::ControlChar { code } => lang.pick(
                format!("ký tự điều khiển U+{code:04X} không được có trong TOML, kể cả trong chuỗi; hãy xóa nó, hoặc viết \\u{code:04X} nếu cần giữ"),
                format!("control character U+{code:04X} is not allowed in TOML, not even in a string; remove it, or write it as \\u{code:04X} to keep it"),
            ),
            Syntax::NotToml { line } => lang.pick(
                format!("dòng `{line}` không phải TOML; mỗi dòng là một [bảng], một khóa = giá trị, hoặc chú thích bắt đầu bằng #"),
                format!("the line `{line}` is not TOML; each line is a [table], a key = value, or a comment starting with #"),
            ),
            Syntax::Other(msg) => lang.pick(
                format!("lỗi cú pháp TOML: {msg}"),
                format!("TOML syntax error: {msg}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str, message: &str) -> (usize, Syntax) {
        classify(text, text.find(needle).unwrap(), message)
    }

    #[test]
    fn hand_edits_are_named_in_the_files_words() {
        let t = "[document]\ntitle = Kết luận\n";
        assert_eq!(
            at(t, "Kết", "invalid boolean, expected `true`").1,
            Syntax::Unquoted {
                key: "title".into(),
                value: "Kết luận".into(),
                curly: false
            }
        );
        let t = "[[node]]\nkind = “task”\n";
        assert!(matches!(
            at(
                t,
                "“",
                "string values must be quoted, expected literal string"
            )
            .1,
            Syntax::Unquoted { curly: true, .. }
        ));
        let t = "[[node]]\ntext = \n";
        assert_eq!(
            classify(
                t,
                t.find(" \n").unwrap() + 1,
                "string values must be quoted"
            )
            .1,
            Syntax::NoValue { key: "text".into() }
        );
        let t = "[[node]]\ntext \"x\"\n";
        assert_eq!(
            at(t, "\"x", "key with no value, expected `=`").1,
            Syntax::NoEquals { key: "text".into() }
        );
    }

    #[test]
    fn a_repeated_key_points_back_at_the_first() {
        let t = "[document]\ntitle = \"T\"\ndate = 2017-02-22\ntitle = \"U\"\n";
        let off = t.rfind("title").unwrap();
        assert_eq!(
            classify(t, off, "duplicate key").1,
            Syntax::DuplicateKey {
                key: "title".into(),
                first: Some(2)
            }
        );
        let t = "[node]\nid = \"a\"\n[node]\nid = \"b\"\n";
        let off = t.rfind("node").unwrap();
        assert_eq!(
            classify(t, off, "duplicate key").1,
            Syntax::RepeatedTable {
                name: "node".into()
            }
        );
    }

    #[test]
    fn an_unclosed_multiline_string_is_reported_where_it_opens() {
        // Before the opener: quotes in a one-line string, in a comment and
        // in a closed multi-line string, none of which count.
        let t = "a = 'x\"\"\"'\n# \"\"\"\nb = \"\"\"ok \\\"\"\"\"\ntext = \"\"\"abc\n\n[[node]]\nid = \"b\"\n";
        let open = t.find("\"\"\"abc").unwrap();
        let (off, fault) = classify(t, t.len(), "invalid multi-line basic string, expected `\"`");
        assert_eq!(off, open);
        assert_eq!(fault, Syntax::UnclosedMultiline { key: "text".into() });
        // Closed strings, one-line strings holding quotes and comments do
        // not count.
        let closed = "a = \"\"\"x\"\"\"\"\nb = 'q\"\"\"'\n# \"\"\"\nc = '''y'''\n";
        assert_eq!(unclosed_multiline(closed), None);
    }

    #[test]
    fn messages_are_in_both_languages_and_keep_the_unknown() {
        let f = Syntax::Unquoted {
            key: "title".into(),
            value: "Kết luận".into(),
            curly: false,
        };
        assert_eq!(
            f.message(Lang::Vi),
            "giá trị Kết luận của `title` phải nằm trong ngoặc kép: title = \"Kết luận\""
        );
        assert_eq!(
            f.message(Lang::En),
            "the value Kết luận of `title` must be in quotes: title = \"Kết luận\""
        );
        let other = classify("a = 1\n", 0, "extra comma in inline table").1;
        assert_eq!(
            other.message(Lang::Vi),
            "lỗi cú pháp TOML: extra comma in inline table"
        );
    }
}

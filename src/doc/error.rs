//! Load errors: what went wrong, where, and how to fix it.

use std::fmt;
use std::path::PathBuf;

use super::syntax::Syntax;
use crate::i18n::{Lang, read_reason};

/// A position in the source file, 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One thing wrong with a notice file, at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub what: What,
}

/// What a TOML value is, or must be, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Array,
    Table,
    ArrayOfStrings,
    /// `[[node]]` tables.
    NodeTables,
    /// One `[[node]]` table.
    NodeTable,
}

impl Type {
    /// The name, with its article in English.
    pub fn name(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Type::String => ("một chuỗi văn bản", "a string"),
            Type::Integer => ("một số nguyên", "an integer"),
            Type::Float => ("một số thực", "a float"),
            Type::Boolean => ("một giá trị true/false", "a boolean"),
            Type::DateTime => ("một ngày giờ", "a date-time"),
            Type::Array => ("một mảng", "an array"),
            Type::Table => ("một bảng", "a table"),
            Type::ArrayOfStrings => ("một mảng các chuỗi văn bản", "an array of strings"),
            Type::NodeTables => (
                "một mảng các bảng ([[node]])",
                "an array of tables ([[node]])",
            ),
            Type::NodeTable => ("một bảng ([[node]])", "a table ([[node]])"),
        };
        lang.pick(vi, en)
    }

    /// How `key` is written with a value of this type, as the end of a
    /// message ("; write ..."); empty for types with no short example.
    fn example(self, key: &str, lang: Lang) -> String {
        let value = match self {
            Type::String => "\"...\"",
            Type::ArrayOfStrings => "[\"...\", \"...\"]",
            _ => return String::new(),
        };
        format!("; {} {key} = {value}", lang.pick("viết", "write"))
    }
}

/// The kinds of problem the loader reports. Each renders to one line with
/// the bad value quoted and, where one is obvious, the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// TOML syntax (see [`Syntax`]).
    Syntax(Syntax),
    /// The file holds no `[document]` table.
    NoDocument,
    /// The file holds no `[[node]]` table.
    NoNodes,
    UnknownKey {
        key: String,
        table: &'static str,
        valid: &'static [&'static str],
        suggestion: Option<&'static str>,
    },
    MissingKey {
        key: &'static str,
        table: &'static str,
    },
    WrongType {
        key: String,
        expected: Type,
        found: Type,
    },
    BadDate(String),
    /// `[document]`'s title is there but blank.
    BlankTitle,
    UnknownKind {
        value: String,
        suggestion: Option<&'static str>,
    },
    BadId {
        value: String,
        reason: IdFault,
    },
    DuplicateId {
        id: String,
        first_line: usize,
    },
    UnknownParent {
        parent: String,
        suggestion: Option<String>,
    },
    ParentLater {
        parent: String,
        line: usize,
    },
    OwnParent(String),
    /// A node with neither a title nor a text.
    NoContent,
}

/// The name [`What::UnknownKey`] gives the keys outside every table.
pub(crate) const TOP_LEVEL: &str = "the file";

/// Why an id is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFault {
    Empty,
    TooLong,
    BadChar(char),
}

/// Longest id accepted, in characters.
pub const MAX_ID_CHARS: usize = 128;

fn quote(s: &str) -> String {
    format!("{s:?}")
}

impl What {
    /// The message, without position, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            What::Syntax(fault) => fault.message(lang),
            What::NoDocument if vi => {
                "thiếu bảng [document]; thêm [document] với title = \"...\"".into()
            }
            What::NoDocument => "no [document] table; add [document] with title = \"...\"".into(),
            What::NoNodes if vi => {
                "không có mục [[node]] nào; thêm ít nhất một [[node]] với id, kind và title hoặc text"
                    .into()
            }
            What::NoNodes => {
                "no [[node]] tables; add at least one [[node]] with id, kind and a title or text"
                    .into()
            }
            What::UnknownKey {
                key,
                table,
                valid,
                suggestion,
            } => {
                let hint = match suggestion {
                    Some(s) if vi => format!("; có phải ý là `{s}`?"),
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => String::new(),
                };
                let list = valid.join(", ");
                if vi {
                    let place = match *table {
                        TOP_LEVEL => "ngoài mọi bảng của tệp".to_string(),
                        t => format!("trong {t}"),
                    };
                    format!("khóa không hợp lệ `{key}` {place}{hint} (các khóa hợp lệ: {list})")
                } else {
                    format!("unknown key `{key}` in {table}{hint} (valid keys: {list})")
                }
            }
            What::MissingKey { key, table } if vi => {
                format!("{table} thiếu khóa bắt buộc `{key}`; thêm {key} = \"...\"")
            }
            What::MissingKey { key, table } => {
                format!("{table} lacks the required key `{key}`; add {key} = \"...\"")
            }
            What::WrongType {
                key,
                expected,
                found,
            } if vi => format!(
                "`{key}` phải là {}, nhưng ở đây là {}{}",
                expected.name(lang),
                found.name(lang),
                expected.example(key, lang)
            ),
            What::WrongType {
                key,
                expected,
                found,
            } => format!(
                "`{key}` must be {}, found {}{}",
                expected.name(lang),
                found.name(lang),
                expected.example(key, lang)
            ),
            What::BlankTitle if vi => {
                "tiêu đề của văn bản đang để trống; ghi tiêu đề vào title = \"...\"".to_string()
            }
            What::BlankTitle => {
                "the notice's title is blank; write it in title = \"...\"".to_string()
            }
            What::BadDate(v) if vi => format!(
                "ngày không hợp lệ {v}; viết ngày không có giờ và không có ngoặc kép, ví dụ date = 2017-02-22"
            ),
            What::BadDate(v) => format!(
                "invalid date {v}; write a date without time or quotes, like date = 2017-02-22"
            ),
            What::UnknownKind { value, suggestion } => {
                let valid = crate::doc::Kind::ALL.map(|k| k.as_str()).join(", ");
                let hint = match suggestion {
                    Some(s) if vi => format!("; có phải ý là \"{s}\"?"),
                    Some(s) => format!("; did you mean \"{s}\"?"),
                    None => String::new(),
                };
                if vi {
                    format!(
                        "loại không hợp lệ {}{hint} (các loại hợp lệ: {valid})",
                        quote(value)
                    )
                } else {
                    format!("unknown kind {}{hint} (valid kinds: {valid})", quote(value))
                }
            }
            What::BadId { value, reason } => {
                let why = match (reason, vi) {
                    (IdFault::Empty, true) => "id không được để trống".to_string(),
                    (IdFault::Empty, false) => "an id must not be empty".to_string(),
                    (IdFault::TooLong, true) => {
                        format!("id dài quá {MAX_ID_CHARS} ký tự")
                    }
                    (IdFault::TooLong, false) => {
                        format!("an id is at most {MAX_ID_CHARS} characters")
                    }
                    (IdFault::BadChar(c), true) => format!(
                        "id chứa ký tự không được phép {}; chỉ dùng chữ, số và . - _ : /",
                        quote(&c.to_string())
                    ),
                    (IdFault::BadChar(c), false) => format!(
                        "the id contains {}; use only letters, digits and . - _ : /",
                        quote(&c.to_string())
                    ),
                };
                if vi {
                    format!("id không hợp lệ {}: {why}", quote(value))
                } else {
                    format!("invalid id {}: {why}", quote(value))
                }
            }
            What::DuplicateId { id, first_line } if vi => format!(
                "id {} bị trùng, đã dùng ở dòng {first_line}; mỗi id phải là duy nhất",
                quote(id)
            ),
            What::DuplicateId { id, first_line } => format!(
                "duplicate id {}, first used at line {first_line}; ids must be unique",
                quote(id)
            ),
            What::UnknownParent { parent, suggestion } => {
                let hint = match suggestion {
                    Some(s) if vi => format!("; có phải ý là {}?", quote(s)),
                    Some(s) => format!("; did you mean {}?", quote(s)),
                    None => String::new(),
                };
                if vi {
                    format!("parent {} không phải id của mục nào{hint}", quote(parent))
                } else {
                    format!("parent {} is not the id of any node{hint}", quote(parent))
                }
            }
            What::ParentLater { parent, line } if vi => format!(
                "parent {} nằm sau mục này (dòng {line}); chuyển mục này xuống sau mục cha",
                quote(parent)
            ),
            What::ParentLater { parent, line } => format!(
                "parent {} comes later in the file (line {line}); move this node after its parent",
                quote(parent)
            ),
            What::OwnParent(id) if vi => {
                format!("mục {} không thể là cha của chính nó", quote(id))
            }
            What::OwnParent(id) => format!("node {} cannot be its own parent", quote(id)),
            What::NoContent if vi => {
                "mục không có title và text; thêm title = \"...\" hoặc text = \"...\"".into()
            }
            What::NoContent => {
                "the node has neither a title nor a text; add title = \"...\" or text = \"...\""
                    .into()
            }
        }
    }
}

/// Why a notice could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {}", path.display(), read_reason(source, Lang::En))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: is a directory; give a notice file (.toml)", path.display())]
    IsDirectory { path: PathBuf },
    #[error(
        "{}: the file is {size} bytes, over the limit of {limit} bytes; split the notice into several files",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{name}:{}:{}: invalid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8",
        pos.line,
        pos.col
    )]
    NotUtf8 { name: String, pos: Pos, byte: u8 },
    #[error(
        "{name}: the file is empty; a notice needs [document] with a title and [[node]] tables"
    )]
    Empty { name: String },
    /// Text with no line shaped like TOML: most likely a published notice
    /// (Markdown, plain text) to import first. `line` is the first line
    /// the TOML parser stopped at, at `pos`.
    #[error("{}", render_not_toml(name, *pos, line, Lang::En))]
    NotToml {
        name: String,
        pos: Pos,
        line: String,
    },
    /// One or more problems, sorted by position.
    #[error("{}", render_problems(name, problems, Lang::En))]
    Invalid {
        name: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// All lines of the error in the given language, one problem per line.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadError::Invalid { name, problems }, _) => render_problems(name, problems, lang),
            (LoadError::NotToml { name, pos, line }, _) => render_not_toml(name, *pos, line, lang),
            (LoadError::Io { path, source }, Lang::Vi) => {
                format!(
                    "{}: không đọc được: {}",
                    path.display(),
                    read_reason(source, lang)
                )
            }
            (LoadError::IsDirectory { path }, Lang::Vi) => format!(
                "{}: đây là thư mục; hãy chỉ định một tệp thông báo (.toml)",
                path.display()
            ),
            (LoadError::TooLarge { path, size, limit }, Lang::Vi) => format!(
                "{}: tệp có {size} byte, vượt giới hạn {limit} byte; hãy chia thông báo thành nhiều tệp",
                path.display()
            ),
            (LoadError::NotUtf8 { name, pos, byte }, Lang::Vi) => format!(
                "{name}:{}:{}: không phải UTF-8 hợp lệ (byte 0x{byte:02X}); hãy lưu tệp ở dạng UTF-8",
                pos.line, pos.col
            ),
            (LoadError::Empty { name }, Lang::Vi) => format!(
                "{name}: tệp trống; một thông báo cần [document] có title và các bảng [[node]]"
            ),
            (other, Lang::En) => other.to_string(),
        }
    }

    /// The problems of an invalid file; empty for other errors.
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

fn render_not_toml(name: &str, pos: Pos, line: &str, lang: Lang) -> String {
    let path = std::path::Path::new(name);
    let mut out = path.with_extension("toml");
    if out == path {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        out = path.with_file_name(format!("{stem}-import.toml"));
    }
    // The command is to be copied: names with spaces or ( ) are quoted.
    let word = crate::text::shell_word;
    let (notice, out) = (word(name), word(&out.to_string_lossy()));
    let line = crate::text::sanitize(line);
    lang.pick(
        format!(
            "{name}:{pos}: đây không phải thông báo ở định dạng TOML: không có bảng [document] hay \
             [[node]] nào, và dòng `{line}` không đọc được như TOML. Thông báo đăng dạng Markdown \
             hay văn bản thường thì chuyển sang TOML trước: ketluan import {notice} -o {out}"
        ),
        format!(
            "{name}:{pos}: this is not a notice in the TOML format: it has no [document] or \
             [[node]] table, and the line `{line}` does not read as TOML. A notice published as \
             Markdown or plain text is turned into TOML first: ketluan import {notice} -o {out}"
        ),
    )
}

fn render_problems(name: &str, problems: &[Problem], lang: Lang) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{name}:{}:{}: {}",
            p.pos.line,
            p.pos.col,
            p.what.message(lang)
        ));
    }
    out
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

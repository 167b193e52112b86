//! Review errors: what went wrong with the state file, where, and the fix.

use std::io;
use std::path::{Path, PathBuf};

use super::lock::Holder;
use super::stamp::Stamp;
use super::store::FORMAT;
use crate::doc::{Pos, Syntax};
use crate::i18n::{Lang, io_reason};

/// Why review state could not be opened, read or saved. Each renders to
/// one message in Vietnamese or English ([`Error::render`]) that names the
/// file (and line:column for a damaged file) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The state file exists but could not be read.
    #[error("{}", render(self, Lang::En))]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// An explicitly named state file does not exist (read-only commands).
    #[error("{}", render(self, Lang::En))]
    NotFound { path: PathBuf },
    #[error("{}", render(self, Lang::En))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// The state file is damaged: not UTF-8, not TOML, or not what ketluan
    /// writes. It is never written to.
    #[error("{}", render(self, Lang::En))]
    Damaged {
        path: PathBuf,
        pos: Pos,
        /// What is wrong.
        message: Damage,
    },
    /// Written by a newer ketluan: a format this one does not know.
    #[error("{}", render(self, Lang::En))]
    TooNew { path: PathBuf, format: i64 },
    /// No user data directory to hold the default state file.
    #[error("{}", render(self, Lang::En))]
    NoDataDir,
    /// Another process has the state file open for writing. `notice` is
    /// the notice file it was opened for, when known (see
    /// [`Error::for_notice`]): the read-only command suggested names it.
    #[error("{}", render(self, Lang::En))]
    Locked {
        path: PathBuf,
        holder: Holder,
        notice: Option<Box<Path>>,
    },
    /// The lock file could not be created or locked.
    #[error("{}", render(self, Lang::En))]
    Lock {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Saving failed; the marks are still in memory, not on disk.
    #[error("{}", render(self, Lang::En))]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file was changed by something else since ketluan read or wrote
    /// it; ketluan does not overwrite that change.
    #[error("{}", render(self, Lang::En))]
    ChangedOnDisk { path: PathBuf },
    /// The minutes could not be written.
    #[error("{}", render(self, Lang::En))]
    Export {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The minutes would replace the notice or the state file they are
    /// made from; nothing was written.
    #[error("{}", render(self, Lang::En))]
    ExportOverwrites { path: PathBuf, source_kind: Input },
    /// The state was opened read-only; nothing was changed.
    #[error("{}", render(self, Lang::En))]
    ReadOnly { path: PathBuf },
}

/// Which input of `export` an output path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Notice,
    State,
}

impl Error {
    /// The message in `lang`, one line.
    pub fn render(&self, lang: Lang) -> String {
        render(self, lang)
    }

    /// The error, knowing the notice file the state was opened for.
    pub fn for_notice(self, file: &Path) -> Error {
        match self {
            Error::Locked { path, holder, .. } => Error::Locked {
                path,
                holder,
                notice: Some(file.into()),
            },
            other => other,
        }
    }

    /// Whether the error was raised after the change was made in memory
    /// (so the marks shown are not all saved).
    pub fn is_unsaved(&self) -> bool {
        matches!(self, Error::Write { .. } | Error::ChangedOnDisk { .. })
    }
}

/// What is wrong with a damaged state file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Not UTF-8: the first bad byte.
    Utf8(u8),
    /// The TOML parser's words (English, as the toml crate has them).
    Toml(String),
    /// A syntax fault the loader of notices knows how to explain.
    Syntax(Syntax),
    /// A time written in quotes, as a string.
    QuotedTime,
    /// A key the state file does not have (misspelt, most likely), and the
    /// keys it has there, as the parser lists them.
    UnknownKey {
        key: String,
        expected: String,
    },
    NoFormat,
    /// A format number below 1.
    UnknownFormat(i64),
    /// `key` (as `[marks."id"] reviewed`) is not a date and time with an
    /// offset.
    BadTime {
        key: String,
    },
    /// `key` (a time) is set without its name key `by`.
    NoName {
        key: String,
        by: &'static str,
    },
    /// `key` (a name) is set without its time key `at`.
    NoTime {
        key: String,
        at: &'static str,
    },
    /// `key` (a note) is set without `note_at` and `note_by`.
    NoteUnstamped {
        key: String,
    },
}

impl Damage {
    /// The description, in `lang` (a TOML parser's message stays English).
    pub fn render(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        const WHEN: &str = "2017-02-22T09:12:03+07:00";
        match self {
            Damage::Utf8(b) if vi => format!("không phải UTF-8 (byte 0x{b:02X})"),
            Damage::Utf8(b) => format!("invalid UTF-8 (byte 0x{b:02X})"),
            Damage::Toml(m) => m.clone(),
            // The times of a state file are dates with a time and offset.
            Damage::Syntax(Syntax::BadDate { key, value }) => lang.pick(
                format!(
                    "thời điểm {value} của `{key}` không có thật hoặc sai dạng; viết dạng {WHEN}"
                ),
                format!(
                    "the time {value} of `{key}` does not exist or is malformed; write it as {WHEN}"
                ),
            ),
            // A time without quotes that is not one: quotes would not do.
            Damage::Syntax(Syntax::Unquoted { key, value, .. })
                if ["reviewed", "flagged", "note_at"].contains(&key.as_str()) =>
            {
                lang.pick(
                    format!("thời điểm {value} của `{key}` sai dạng; viết dạng {WHEN}, không có ngoặc kép"),
                    format!("the time {value} of `{key}` is malformed; write it as {WHEN}, without quotes"),
                )
            }
            Damage::Syntax(s) => s.message(lang),
            Damage::QuotedTime => lang.pick(
                format!("thời điểm được viết trong ngoặc kép; bỏ ngoặc kép: {WHEN}"),
                format!("the time is written in quotes; drop them: {WHEN}"),
            ),
            Damage::UnknownKey { key, expected } => lang.pick(
                format!(
                    "khóa `{key}` không có ở đây (viết sai?); các khóa dùng được: {}",
                    expected.replace("` or `", "` hoặc `")
                ),
                format!("there is no key `{key}` here (misspelt?); the keys are: {expected}"),
            ),
            Damage::NoFormat if vi => {
                "không có dòng `format = 1`; tệp trạng thái của ketluan bắt đầu bằng dòng đó".into()
            }
            Damage::NoFormat => {
                "there is no `format = 1` line; a ketluan state file starts with it".into()
            }
            Damage::UnknownFormat(f) if vi => {
                format!("không có format {f}; phiên bản ketluan này ghi format = {FORMAT}")
            }
            Damage::UnknownFormat(f) => {
                format!("unknown format {f}; this ketluan writes format = {FORMAT}")
            }
            Damage::BadTime { key } if vi => {
                format!("{key} phải là ngày giờ kèm độ lệch múi giờ, ví dụ {WHEN}")
            }
            Damage::BadTime { key } => {
                format!("{key} must be a date and time with its UTC offset, like {WHEN}")
            }
            Damage::NoName { key, by } if vi => {
                format!("có {key} nhưng thiếu {by}; thêm {by} = \"tên\"")
            }
            Damage::NoName { key, by } => {
                format!("{key} is set but {by} is missing; add {by} = \"name\"")
            }
            Damage::NoTime { key, at } if vi => format!(
                "có {key} nhưng thiếu {at}; thêm {at} = {WHEN} (lúc nào) hoặc xóa dòng {key}"
            ),
            Damage::NoTime { key, at } => format!(
                "{key} is set but {at} is missing; add {at} = {WHEN} (when) or remove {key}"
            ),
            Damage::NoteUnstamped { key } if vi => format!(
                "có {key} nhưng thiếu note_at và note_by; thêm hai khóa đó (lúc nào, ai viết)"
            ),
            Damage::NoteUnstamped { key } => {
                format!("{key} is set but note_at and note_by are missing; add them (when, who)")
            }
        }
    }
}

/// Why the minutes could not be written to `path`, and what to do.
fn export_why(path: &Path, source: &io::Error, lang: Lang) -> String {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let shown = |p: &Path| crate::text::sanitize(&p.display().to_string()).into_owned();
    let fix = match source.kind() {
        io::ErrorKind::IsADirectory => {
            let shown = shown(path);
            return lang.pick(
                format!(
                    "đây là một thư mục; ghi vào một tệp trong đó, ví dụ -o {shown}/bien-ban.md"
                ),
                format!(
                    "this is a directory; write to a file in it, such as -o {shown}/minutes.md"
                ),
            );
        }
        io::ErrorKind::PermissionDenied
            if source
                .get_ref()
                .is_some_and(|e| e.is::<super::store::ReadOnlyOutput>()) =>
        {
            return lang.pick(
                "tệp này chỉ cho đọc, nên không bị ghi đè; bỏ thuộc tính chỉ đọc, hoặc ghi vào chỗ khác với -o".to_string(),
                "the file is read-only, so it is not replaced; make it writable, or write elsewhere with -o".to_string(),
            );
        }
        io::ErrorKind::NotFound if !dir.is_dir() => {
            let dir = shown(dir);
            return lang.pick(
                format!("không có thư mục {dir}; tạo thư mục trước, hoặc ghi vào chỗ khác với -o"),
                format!("there is no directory {dir}; create it first, or write elsewhere with -o"),
            );
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => lang.pick(
            "giải phóng chỗ trống trên đĩa, hoặc ghi vào chỗ khác với -o",
            "free some disk space, or write elsewhere with -o",
        ),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => lang.pick(
            "cần quyền ghi vào đó; ghi vào chỗ khác với -o",
            "writing there needs permission; write elsewhere with -o",
        ),
        _ => lang.pick("ghi vào chỗ khác với -o", "write elsewhere with -o"),
    };
    format!("{}; {fix}", io_reason(source, lang))
}

fn render(e: &Error, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let p = |path: &Path| path.display().to_string();
    match e {
        Error::Read { path, source } => {
            let why = match (source.kind(), vi) {
                (io::ErrorKind::PermissionDenied, true) => "không có quyền đọc".to_string(),
                (io::ErrorKind::PermissionDenied, false) => "permission denied".to_string(),
                (io::ErrorKind::IsADirectory, true) => "đây là thư mục".to_string(),
                (io::ErrorKind::IsADirectory, false) => "it is a directory".to_string(),
                _ => io_reason(source, lang),
            };
            if vi {
                format!(
                    "{}: không đọc được tệp trạng thái duyệt ({why}); ketluan không ghi đè lên tệp này. Hãy sửa quyền của tệp, hoặc chọn tệp khác bằng --state",
                    p(path)
                )
            } else {
                format!(
                    "{}: cannot read the review state file ({why}); ketluan will not write over it. Fix the file's permissions, or choose another file with --state",
                    p(path)
                )
            }
        }
        Error::NotFound { path } if vi => format!(
            "{}: không có tệp trạng thái này; kiểm tra lại đường dẫn sau --state",
            p(path)
        ),
        Error::NotFound { path } => format!(
            "{}: no such state file; check the path given to --state",
            p(path)
        ),
        Error::TooLarge { path, size, limit } if vi => format!(
            "{}: tệp trạng thái có {size} byte, vượt giới hạn {limit} byte; đây không phải tệp của ketluan? Chọn tệp khác bằng --state",
            p(path)
        ),
        Error::TooLarge { path, size, limit } => format!(
            "{}: the state file is {size} bytes, over the limit of {limit}; is it really a ketluan file? Choose another with --state",
            p(path)
        ),
        Error::Damaged { path, pos, message } if vi => format!(
            "{}:{}:{}: tệp trạng thái duyệt bị hỏng: {}. ketluan giữ nguyên tệp và không ghi vào đó. Hãy sửa dòng này bằng trình soạn thảo văn bản, hoặc đổi tên tệp để bắt đầu lại (các dấu cũ vẫn còn trong tệp đã đổi tên), hoặc chọn tệp khác bằng --state",
            p(path),
            pos.line,
            pos.col,
            message.render(lang)
        ),
        Error::Damaged { path, pos, message } => format!(
            "{}:{}:{}: the review state file is damaged: {}. ketluan leaves it as it is and will not write to it. Fix that line in a text editor, or rename the file to start over (the old marks stay in the renamed file), or choose another file with --state",
            p(path),
            pos.line,
            pos.col,
            message.render(lang)
        ),
        Error::TooNew { path, format } if vi => format!(
            "{}: tệp trạng thái được ghi bởi phiên bản ketluan mới hơn (format = {format}); hãy cập nhật ketluan. Tệp được giữ nguyên",
            p(path)
        ),
        Error::TooNew { path, format } => format!(
            "{}: the state file was written by a newer ketluan (format = {format}); update ketluan. The file was left as it is",
            p(path)
        ),
        Error::NoDataDir if vi => {
            "không tìm thấy thư mục dữ liệu của người dùng (HOME chưa được đặt?); hãy chỉ định tệp trạng thái bằng --state PATH".into()
        }
        Error::NoDataDir => {
            "no user data directory found (is HOME set?); choose a state file with --state PATH"
                .into()
        }
        Error::Locked {
            path,
            holder,
            notice,
        } => {
            let who = holder_text(holder, vi);
            // A command to copy: names with spaces are quoted; without the
            // notice, `print` would show the embedded one.
            let word = |path: &Path| crate::text::shell_word(&p(path));
            let look = match notice {
                Some(n) => format!("ketluan print {} --state {}", word(n), word(path)),
                None => format!("ketluan print --state {}", word(path)),
            };
            if vi {
                format!(
                    "{}: tệp trạng thái đang được một phiên ketluan khác sử dụng{who}. Hãy dùng cửa sổ đó, hoặc thoát nó rồi mở lại; để chỉ xem, dùng `{look}`",
                    p(path)
                )
            } else {
                format!(
                    "{}: the state file is in use by another ketluan{who}. Use that window, or quit it and open again; to only look, use `{look}`",
                    p(path)
                )
            }
        }
        Error::Lock { path, source } if vi => format!(
            "{}: không tạo hoặc khóa được tệp khóa: {}; kiểm tra quyền ghi vào thư mục, hoặc chọn tệp khác bằng --state",
            p(path),
            io_reason(source, lang)
        ),
        Error::Lock { path, source } => format!(
            "{}: cannot create or lock the lock file: {source}; check that the directory is writable, or choose another file with --state",
            p(path)
        ),
        Error::Write { path, source } if vi => format!(
            "{}: CHƯA LƯU được các dấu duyệt: {}. Các dấu vẫn còn trong bộ nhớ; hãy giải phóng chỗ trống hoặc sửa quyền ghi, rồi đánh dấu lại để lưu",
            p(path),
            io_reason(source, lang)
        ),
        Error::Write { path, source } => format!(
            "{}: marks NOT SAVED: {source}. They are still in memory; free disk space or fix write permissions, then make a mark again to save",
            p(path)
        ),
        Error::ChangedOnDisk { path } if vi => format!(
            "{}: CHƯA LƯU: tệp trạng thái đã bị thay đổi bên ngoài ketluan từ lần đọc/ghi trước; ketluan không ghi đè thay đổi đó. Hãy thoát và mở lại",
            p(path)
        ),
        Error::ChangedOnDisk { path } => format!(
            "{}: NOT SAVED: the state file was changed outside ketluan since it was last read or written; ketluan does not overwrite that change. Quit and open again",
            p(path)
        ),
        Error::Export { path, source } if vi => format!(
            "{}: không ghi được biên bản: {}",
            p(path),
            export_why(path, source, lang)
        ),
        Error::Export { path, source } => format!(
            "{}: cannot write the minutes: {}",
            p(path),
            export_why(path, source, lang)
        ),
        Error::ExportOverwrites { path, source_kind } if vi => format!(
            "{}: đây là {} mà biên bản được lập từ đó; ketluan không ghi đè lên nó. Hãy chọn tệp -o khác, chẳng hạn biên-bản.md",
            p(path),
            match source_kind {
                Input::Notice => "tệp thông báo",
                Input::State => "tệp trạng thái duyệt",
            }
        ),
        Error::ExportOverwrites { path, source_kind } => format!(
            "{}: this is the {} the minutes are made from; ketluan does not overwrite it. Choose another -o file, such as minutes.md",
            p(path),
            match source_kind {
                Input::Notice => "notice file",
                Input::State => "review state file",
            }
        ),
        Error::ReadOnly { path } if vi => format!(
            "{}: tệp trạng thái đang mở chỉ để xem; không thay đổi gì",
            p(path)
        ),
        Error::ReadOnly { path } => format!(
            "{}: the state is open read-only; nothing was changed",
            p(path)
        ),
    }
}

fn holder_text(h: &Holder, vi: bool) -> String {
    let mut parts = Vec::new();
    if let Some(pid) = h.pid {
        parts.push(format!("pid {pid}"));
    }
    if let Some(u) = h.user.as_deref().filter(|u| !u.is_empty()) {
        parts.push(if vi {
            format!("người dùng {u}")
        } else {
            format!("user {u}")
        });
    }
    if let Some(host) = h.host.as_deref().filter(|h| !h.is_empty()) {
        parts.push(if vi {
            format!("máy {host}")
        } else {
            format!("host {host}")
        });
    }
    if let Some(s) = h.since.as_deref() {
        // As the rest of the interface writes times; the lock file's text
        // as it is when it is not RFC 3339 (written by hand).
        let s = chrono::DateTime::parse_from_rfc3339(s)
            .map_or_else(|_| s.to_string(), |at| Stamp::new(at, "").short_time());
        parts.push(if vi {
            format!("từ {s}")
        } else {
            format!("since {s}")
        });
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_is_described_in_either_language() {
        let key = || "[marks.\"I.1\"] note".to_string();
        let all = [
            Damage::Utf8(0xFF),
            Damage::NoFormat,
            Damage::UnknownFormat(0),
            Damage::BadTime { key: key() },
            Damage::NoName {
                key: key(),
                by: "note_by",
            },
            Damage::NoTime {
                key: key(),
                at: "note_at",
            },
            Damage::NoteUnstamped { key: key() },
        ];
        for d in &all {
            let (vi, en) = (d.render(Lang::Vi), d.render(Lang::En));
            assert_ne!(vi, en);
            for english in [" is ", " must ", " missing", "invalid", "unknown", " add "] {
                assert!(!vi.contains(english), "{vi}");
            }
        }
        assert_eq!(
            Damage::NoteUnstamped { key: key() }.render(Lang::Vi),
            "có [marks.\"I.1\"] note nhưng thiếu note_at và note_by; thêm hai khóa đó (lúc nào, ai viết)"
        );
        // The TOML parser's words are its own.
        let toml = Damage::Toml("unknown field `flaged`".into());
        assert_eq!(toml.render(Lang::Vi), toml.render(Lang::En));
    }

    /// The lock's holder with the time written as everywhere else, and
    /// the OS's reasons in the interface's language.
    #[test]
    fn lock_and_write_messages_speak_vietnamese() {
        let holder = Holder {
            pid: Some(42),
            user: Some("thuky".into()),
            host: Some("vm".into()),
            since: Some("2026-11-28T07:05:51+07:00".into()),
        };
        assert_eq!(
            holder_text(&holder, true),
            " (pid 42, người dùng thuky, máy vm, từ 28/11/2026 07:05 +07:00)"
        );
        let odd = Holder {
            since: Some("hôm qua".into()),
            ..holder
        };
        assert!(holder_text(&odd, false).ends_with("since hôm qua)"));
        let e = Error::Write {
            path: "s.toml".into(),
            source: io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
        };
        assert!(
            e.render(Lang::Vi)
                .starts_with("s.toml: CHƯA LƯU được các dấu duyệt: ổ đĩa chỉ cho đọc."),
            "{}",
            e.render(Lang::Vi)
        );
    }
}

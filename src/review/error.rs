//! Review errors: what went wrong with the state file, where, and the fix.

use std::io;
use std::path::{Path, PathBuf};

use super::lock::Holder;
use crate::doc::Pos;
use crate::i18n::Lang;

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
        /// What is wrong, in English (from the TOML parser or ours).
        message: String,
    },
    /// Written by a newer ketluan: a format this one does not know.
    #[error("{}", render(self, Lang::En))]
    TooNew { path: PathBuf, format: i64 },
    /// No user data directory to hold the default state file.
    #[error("{}", render(self, Lang::En))]
    NoDataDir,
    /// Another process has the state file open for writing.
    #[error("{}", render(self, Lang::En))]
    Locked { path: PathBuf, holder: Holder },
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
    /// The state was opened read-only; nothing was changed.
    #[error("{}", render(self, Lang::En))]
    ReadOnly { path: PathBuf },
}

impl Error {
    /// The message in `lang`, one line.
    pub fn render(&self, lang: Lang) -> String {
        render(self, lang)
    }

    /// Whether the error was raised after the change was made in memory
    /// (so the marks shown are not all saved).
    pub fn is_unsaved(&self) -> bool {
        matches!(self, Error::Write { .. } | Error::ChangedOnDisk { .. })
    }
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
                _ => source.to_string(),
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
            "{}:{}:{}: tệp trạng thái duyệt bị hỏng: {message}. ketluan giữ nguyên tệp và không ghi vào đó. Hãy sửa dòng này bằng trình soạn thảo văn bản, hoặc đổi tên tệp để bắt đầu lại (các dấu cũ vẫn còn trong tệp đã đổi tên), hoặc chọn tệp khác bằng --state",
            p(path),
            pos.line,
            pos.col
        ),
        Error::Damaged { path, pos, message } => format!(
            "{}:{}:{}: the review state file is damaged: {message}. ketluan leaves it as it is and will not write to it. Fix that line in a text editor, or rename the file to start over (the old marks stay in the renamed file), or choose another file with --state",
            p(path),
            pos.line,
            pos.col
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
        Error::Locked { path, holder } => {
            let who = holder_text(holder, vi);
            if vi {
                format!(
                    "{}: tệp trạng thái đang được một phiên ketluan khác sử dụng{who}. Hãy dùng cửa sổ đó, hoặc thoát nó rồi mở lại; để chỉ xem, dùng `ketluan print --state {}`",
                    p(path),
                    p(path)
                )
            } else {
                format!(
                    "{}: the state file is in use by another ketluan{who}. Use that window, or quit it and open again; to only look, use `ketluan print --state {}`",
                    p(path),
                    p(path)
                )
            }
        }
        Error::Lock { path, source } if vi => format!(
            "{}: không tạo hoặc khóa được tệp khóa: {source}; kiểm tra quyền ghi vào thư mục, hoặc chọn tệp khác bằng --state",
            p(path)
        ),
        Error::Lock { path, source } => format!(
            "{}: cannot create or lock the lock file: {source}; check that the directory is writable, or choose another file with --state",
            p(path)
        ),
        Error::Write { path, source } if vi => format!(
            "{}: CHƯA LƯU được các dấu duyệt: {source}. Các dấu vẫn còn trong bộ nhớ; hãy giải phóng chỗ trống hoặc sửa quyền ghi, rồi đánh dấu lại để lưu",
            p(path)
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
            "{}: không ghi được biên bản: {source}; kiểm tra quyền ghi và chỗ trống",
            p(path)
        ),
        Error::Export { path, source } => format!(
            "{}: cannot write the minutes: {source}; check write permissions and free space",
            p(path)
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

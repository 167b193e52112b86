//! Why a file operation failed, in the interface's language: the operating
//! system words its errors in English ("Read-only file system (os error
//! 30)"), which a Vietnamese message should not end with.

use std::io::{self, ErrorKind};

use super::Lang;

/// The reason `e` gives, in `lang`: the common causes in plain words, any
/// other as the OS says it.
pub fn io_reason(e: &io::Error, lang: Lang) -> String {
    let words = match e.kind() {
        ErrorKind::NotFound => Some(("không có tệp hay thư mục này", "no such file or directory")),
        ErrorKind::PermissionDenied => Some(("không có quyền truy cập", "permission denied")),
        ErrorKind::ReadOnlyFilesystem => Some(("ổ đĩa chỉ cho đọc", "read-only file system")),
        ErrorKind::StorageFull => Some(("ổ đĩa đã hết chỗ trống", "no space left on the disk")),
        ErrorKind::QuotaExceeded => Some(("đã hết hạn mức dung lượng", "disk quota exceeded")),
        ErrorKind::IsADirectory => Some(("đây là thư mục, không phải tệp", "it is a directory")),
        ErrorKind::NotADirectory => Some((
            "một phần của đường dẫn không phải thư mục",
            "a part of the path is not a directory",
        )),
        ErrorKind::FileTooLarge => Some(("tệp quá lớn", "the file is too large")),
        ErrorKind::InvalidFilename => Some(("tên tệp không hợp lệ", "the file name is not valid")),
        _ => None,
    };
    match words {
        Some((vi, en)) => lang.pick(vi, en).to_string(),
        None => e.to_string(),
    }
}

/// Why a file could not be read, in `lang`: a missing file or a refused
/// read with what to check, other causes as [`io_reason`] says them.
pub fn read_reason(e: &io::Error, lang: Lang) -> String {
    match e.kind() {
        ErrorKind::NotFound => lang.pick(
            "không có tệp này; kiểm tra lại đường dẫn",
            "no such file; check the path",
        ),
        ErrorKind::PermissionDenied => lang.pick(
            "không có quyền đọc; kiểm tra quyền của tệp",
            "permission denied; check the file's permissions",
        ),
        _ => return io_reason(e, lang),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_causes_are_said_in_the_language_others_as_the_os_says() {
        let e = io::Error::from(ErrorKind::ReadOnlyFilesystem);
        assert_eq!(io_reason(&e, Lang::Vi), "ổ đĩa chỉ cho đọc");
        assert_eq!(io_reason(&e, Lang::En), "read-only file system");
        let other = io::Error::other("lỗi lạ");
        assert_eq!(io_reason(&other, Lang::Vi), "lỗi lạ");
    }
}

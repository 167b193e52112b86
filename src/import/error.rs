//! Why an import failed, worded for the user in Vietnamese or English.

use std::path::PathBuf;

use crate::doc::{LoadError, Pos};
use crate::i18n::{Lang, io_reason, read_reason};

/// An import that could not produce a notice.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: is a directory; give a notice file (.md or .txt)", path.display())]
    IsDirectory { path: PathBuf },
    #[error(
        "{name}: the file is {size} bytes, over the limit of {limit} bytes; split the notice into several files"
    )]
    TooLarge { name: String, size: u64, limit: u64 },
    #[error(
        "{name}:{}:{}: invalid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8 (Unicode)",
        pos.line,
        pos.col
    )]
    NotUtf8 { name: String, pos: Pos, byte: u8 },
    #[error("{name}: the file is UTF-16; save it as UTF-8 and import it again")]
    Utf16 { name: String },
    #[error("{name}: the file is empty; give the text of a notice")]
    Empty { name: String },
    #[error(
        "{name}:{}:{}: the file holds binary data (a NUL byte), not text; give the notice as Markdown or plain text",
        pos.line,
        pos.col
    )]
    Binary { name: String, pos: Pos },
    #[error(
        "{name}: this is already a notice in ketluan's TOML format; open it or run `ketluan check {name}`"
    )]
    AlreadyToml { name: String },
    #[error(
        "{name}: not a notice: the text is not Vietnamese (too few words with Vietnamese letters and tone marks); give the notice's text in Unicode"
    )]
    NotVietnamese { name: String },
    #[error(
        "{name}: not a notice: no numbered sections or items were found (like \"I.\", \"1.\", \"a)\" or \"- \" at the start of a line)"
    )]
    NoStructure { name: String },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the output would overwrite the notice being imported; choose another -o file", path.display())]
    SameFile { path: PathBuf },
    /// The importer wrote TOML that does not load: a bug, reported with the
    /// loader's problems rather than writing a broken file.
    #[error("{name}: internal error: the imported notice does not load; please report this bug:\n{}", source.render(Lang::En))]
    Internal {
        name: String,
        #[source]
        source: LoadError,
    },
}

impl ImportError {
    /// The message in the given language.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ImportError::Read { path, source } => {
                format!(
                    "{}: không đọc được: {}",
                    path.display(),
                    read_reason(source, Lang::Vi)
                )
            }
            ImportError::IsDirectory { path } => format!(
                "{}: đây là thư mục; hãy chỉ định một tệp thông báo (.md hoặc .txt)",
                path.display()
            ),
            ImportError::TooLarge { name, size, limit } => format!(
                "{name}: tệp có {size} byte, vượt giới hạn {limit} byte; hãy chia thông báo thành nhiều tệp"
            ),
            ImportError::NotUtf8 { name, pos, byte } => format!(
                "{name}:{}:{}: không phải UTF-8 hợp lệ (byte 0x{byte:02X}); hãy lưu tệp ở dạng UTF-8 (Unicode)",
                pos.line, pos.col
            ),
            ImportError::Utf16 { name } => {
                format!("{name}: tệp ở dạng UTF-16; hãy lưu lại ở dạng UTF-8 rồi nhập lại")
            }
            ImportError::Empty { name } => {
                format!("{name}: tệp trống; hãy đưa vào nội dung của một thông báo")
            }
            ImportError::Binary { name, pos } => format!(
                "{name}:{}:{}: tệp chứa dữ liệu nhị phân (byte NUL), không phải văn bản; hãy đưa vào thông báo ở dạng Markdown hoặc văn bản thường",
                pos.line, pos.col
            ),
            ImportError::AlreadyToml { name } => format!(
                "{name}: tệp này đã là thông báo ở định dạng TOML của ketluan; hãy mở trực tiếp hoặc chạy `ketluan check {name}`"
            ),
            ImportError::NotVietnamese { name } => format!(
                "{name}: không phải thông báo: văn bản không phải tiếng Việt (quá ít chữ có dấu tiếng Việt); hãy đưa vào nội dung thông báo ở dạng Unicode"
            ),
            ImportError::NoStructure { name } => format!(
                "{name}: không phải thông báo: không tìm thấy mục hay ý được đánh số nào (như \"I.\", \"1.\", \"a)\" hoặc \"- \" ở đầu dòng)"
            ),
            ImportError::Write { path, source } => {
                format!(
                    "{}: không ghi được: {}",
                    path.display(),
                    io_reason(source, Lang::Vi)
                )
            }
            ImportError::SameFile { path } => format!(
                "{}: tệp ra sẽ ghi đè lên chính thông báo đang nhập; hãy chọn tệp -o khác",
                path.display()
            ),
            ImportError::Internal { name, source } => format!(
                "{name}: lỗi nội bộ: thông báo vừa nhập không tải được; xin báo lỗi này:\n{}",
                source.render(Lang::Vi)
            ),
        }
    }
}

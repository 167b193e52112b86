//! The command line's help in the interface language. clap writes its
//! headings, usage lines and the help of its own flags in English; for
//! Vietnamese, each command's description, usage line, headings, value
//! names and argument help are laid over the command derived from
//! [`Cli`], whose doc comments are the English.

use clap::{Command, CommandFactory};

use super::Cli;
use crate::i18n::Lang;

/// The command line in `lang`: what [`Cli`] parses, with its help and
/// usage lines in that language.
pub(super) fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => english(cmd),
        Lang::Vi => vietnamese(cmd),
    }
}

/// The English help: clap's, with the long help of the help flag saying
/// what `-h` gives.
fn english(cmd: Command) -> Command {
    cmd.mut_arg("help", |a| {
        a.long_help("Print help (see a summary with '-h')")
    })
}

/// One command's words in Vietnamese.
struct Words {
    /// The subcommand, or `""` for `ketluan` itself.
    command: &'static str,
    about: &'static str,
    /// Shown by `--help` after `about`, when there is more to say.
    long_about: Option<&'static str>,
    /// Per argument id: its value name, if it takes a value, and its help.
    args: &'static [(&'static str, Option<&'static str>, &'static str)],
}

/// The Vietnamese of every command and argument. Arguments given to all
/// commands (`--lang`, `--state`, `--reviewer`, `--help`) are `ketluan`'s
/// and reach the subcommands from there.
const VI: &[Words] = &[
    Words {
        command: "",
        about: "Đọc và duyệt thông báo, văn bản kết luận ngay trong terminal.",
        long_about: None,
        args: &[
            (
                "file",
                Some("TỆP"),
                "Tệp thông báo (TOML); bỏ trống thì mở thông báo có sẵn ngày 22/02/2017",
            ),
            (
                "lang",
                Some("NGÔN_NGỮ"),
                "Ngôn ngữ giao diện: vi hoặc en [mặc định: vi, hoặc theo KETLUAN_LANG]",
            ),
            (
                "state",
                Some("TỆP"),
                "Tệp lưu dấu duyệt (TOML) [mặc định cho trình duyệt và `export`: mỗi thông báo \
                 một tệp trong thư mục dữ liệu của người dùng; `print` chỉ hiện dấu duyệt khi có \
                 tùy chọn này]",
            ),
            (
                "reviewer",
                Some("TÊN"),
                "Tên người duyệt ghi kèm mỗi dấu duyệt [mặc định: tên đăng nhập]",
            ),
            ("help", None, "In trợ giúp"),
            ("version", None, "In số phiên bản"),
        ],
    },
    Words {
        command: "check",
        about: "Kiểm tra các tệp thông báo và in số mục của mỗi tệp",
        long_about: None,
        args: &[("files", Some("TỆP"), "Các tệp thông báo (TOML)")],
    },
    Words {
        command: "print",
        about: "In dàn ý của thông báo dưới dạng văn bản thường",
        long_about: None,
        args: &[
            (
                "file",
                Some("TỆP"),
                "Tệp thông báo (TOML); bỏ trống thì dùng thông báo có sẵn",
            ),
            (
                "width",
                Some("SỐ_CỘT"),
                "Ngắt dòng ở số cột này (0: không ngắt) [mặc định: bề rộng của terminal, hoặc 80]",
            ),
        ],
    },
    Words {
        command: "search",
        about: "In các mục khớp với TỪ_KHÓA, mỗi mục một dòng: mã, nhãn, nội dung. \
                Mã thoát là 1 khi không mục nào khớp, như grep",
        long_about: None,
        args: &[
            (
                "query",
                Some("TỪ_KHÓA"),
                "Các từ phải có đủ trong mục; gõ không dấu thì khớp mọi dấu (\"dang\" tìm ra \
                 \"Đảng\"), gõ có dấu thì khớp đúng dấu",
            ),
            (
                "file",
                Some("TỆP"),
                "Tệp thông báo (TOML); bỏ trống thì dùng thông báo có sẵn",
            ),
            (
                "kind",
                Some("LOẠI"),
                "Chỉ các mục thuộc loại này (dùng được nhiều lần; tên tiếng Anh hay tiếng Việt \
                 đều được, có dấu hay không): heading (mục), point (ý), strength (kết quả), \
                 weakness (hạn chế), cause (nguyên nhân), task (nhiệm vụ)",
            ),
        ],
    },
    Words {
        command: "import",
        about: "Chuyển một thông báo đăng dưới dạng Markdown hoặc văn bản thường sang định \
                dạng TOML",
        long_about: Some(
            "Chuyển một thông báo đăng dưới dạng Markdown hoặc văn bản thường sang định dạng \
             TOML.\n\nVăn bản là UTF-8, xuống dòng kiểu LF hoặc CRLF, dạng Unicode nào cũng \
             được. Mỗi chỗ phải đoán đều được ghi lại trong tệp kết quả bằng một chú thích \
             \"# kiểm tra:\" (\"# check:\" khi dùng --lang en).",
        ),
        args: &[
            (
                "notice",
                Some("TỆP"),
                "Thông báo đã đăng (.md hoặc .txt); `-` để đọc từ đầu vào chuẩn",
            ),
            (
                "output",
                Some("TỆP_RA.toml"),
                "Ghi TOML vào tệp này thay vì ra đầu ra chuẩn",
            ),
        ],
    },
    Words {
        command: "export",
        about: "Ghi biên bản duyệt: tiêu đề, ngày, người duyệt, tiến độ từng phần, các mục \
                cần theo dõi, đã duyệt và chưa duyệt, kèm ghi chú",
        long_about: None,
        args: &[
            (
                "file",
                Some("TỆP"),
                "Tệp thông báo (TOML); bỏ trống thì dùng thông báo có sẵn",
            ),
            (
                "format",
                Some("ĐỊNH_DẠNG"),
                "Định dạng: md (Markdown, để đọc và in) hoặc csv (RFC 4180, mỗi mục một dòng, \
                 cho bảng tính) [mặc định: csv khi TỆP_RA có đuôi .csv, còn lại md]",
            ),
            (
                "output",
                Some("TỆP_RA"),
                "Ghi vào tệp này thay vì ra đầu ra chuẩn (tệp CSV có BOM UTF-8 cho các chương \
                 trình bảng tính)",
            ),
        ],
    },
    Words {
        command: "help",
        about: "In trợ giúp này, hoặc trợ giúp của một lệnh",
        long_about: None,
        args: &[("command", Some("LỆNH"), "Lệnh cần xem trợ giúp")],
    },
];

/// The headings of the help, in Vietnamese.
const USAGE: &str = "Cách dùng:";
const COMMANDS: &str = "Lệnh";
const ARGUMENTS: &str = "Đối số";
const OPTIONS: &str = "Tùy chọn";
/// What clap's usage line calls the options, and the Vietnamese.
const OPTIONS_EN: &str = "[OPTIONS]";
const OPTIONS_VI: &str = "[TÙY_CHỌN]";

fn vietnamese(mut cmd: Command) -> Command {
    for words in VI {
        cmd = if words.command.is_empty() {
            translate(cmd, words)
        } else {
            cmd.mut_subcommand(words.command, |sub| translate(sub, words))
        };
    }
    cmd = cmd
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("LỆNH");
    with_usage(cmd)
}

/// `cmd` with `words` laid over it, and the headings of its help.
fn translate(mut cmd: Command, words: &Words) -> Command {
    cmd = cmd
        .about(words.about)
        .long_about(words.long_about)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{USAGE} {{usage}}\n\n{{all-args}}{{after-help}}"
        ));
    for &(id, value_name, help) in words.args {
        cmd = cmd.mut_arg(id, |a| {
            let heading = if a.is_positional() {
                ARGUMENTS
            } else {
                OPTIONS
            };
            let a = a.help(help).long_help(None::<&str>).help_heading(heading);
            // The values taken and the default are in the help's words.
            match value_name {
                Some(name) => a
                    .value_name(name)
                    .hide_possible_values(true)
                    .hide_default_value(true),
                None => a,
            }
        });
    }
    // Under headings of their own, arguments would be listed by name:
    // they keep the order they are declared in.
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (order, id) in ids.iter().enumerate() {
        cmd = cmd.mut_arg(id, |a| a.display_order(order));
    }
    if words.command.is_empty() {
        cmd = cmd.mut_arg("help", |a| a.long_help("In trợ giúp (bản tóm tắt: -h)"));
    }
    cmd
}

/// `cmd` and its subcommands with their usage lines in Vietnamese: clap's,
/// made from the translated value names, with `[TÙY_CHỌN]` for
/// `[OPTIONS]`.
fn with_usage(mut cmd: Command) -> Command {
    let mut built = cmd.clone();
    built.build();
    let names: Vec<String> = built
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        if let Some(sub) = built.find_subcommand_mut(&name) {
            let line = usage_line(sub).replace(OPTIONS_EN, OPTIONS_VI);
            cmd = cmd.mut_subcommand(&name, |s| s.override_usage(line));
        }
    }
    let line = usage_line(&mut built).replace(OPTIONS_EN, OPTIONS_VI);
    cmd.override_usage(line)
}

/// The usage line of `cmd`, a built command, without its heading:
/// `ketluan print [OPTIONS] [FILE]`.
pub(super) fn usage_line(cmd: &mut Command) -> String {
    let line = cmd.render_usage().to_string();
    let line = line.trim();
    line.strip_prefix("Usage:")
        .unwrap_or(line)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `arg` is shown in the help: hidden ones are not.
    fn shown(arg: &clap::Arg) -> bool {
        !arg.is_hide_set()
    }

    /// Every command and every argument shown in the help has Vietnamese
    /// words: a new one without them would show English.
    #[test]
    fn every_command_and_argument_is_translated() {
        let en = command(Lang::En);
        let vi = command(Lang::Vi);
        let pairs = std::iter::once((&en, &vi)).chain(
            en.get_subcommands()
                .map(|e| (e, vi.find_subcommand(e.get_name()).unwrap())),
        );
        for (e, v) in pairs {
            assert_ne!(e.get_about(), v.get_about(), "{}", e.get_name());
            for a in e.get_arguments().filter(|a| shown(a)) {
                let id = a.get_id();
                let b = v.get_arguments().find(|b| b.get_id() == id).unwrap();
                assert_ne!(a.get_help(), b.get_help(), "{} {id}", e.get_name());
                assert!(b.get_help_heading().is_some(), "{} {id}", e.get_name());
            }
        }
    }

    fn help(args: &[&str], lang: Lang) -> String {
        let err = command(lang).try_get_matches_from(args).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        err.to_string()
    }

    #[test]
    fn the_help_is_vietnamese_with_usage_from_the_translated_names() {
        let top = help(&["ketluan", "--help"], Lang::Vi);
        assert!(
            top.contains("Cách dùng: ketluan [TÙY_CHỌN] [TỆP] [LỆNH]"),
            "{top}"
        );
        for word in [
            "Lệnh:",
            "Đối số:",
            "Tùy chọn:",
            "--lang <NGÔN_NGỮ>",
            "In trợ giúp",
        ] {
            assert!(top.contains(word), "{word}: {top}");
        }
        for english in ["Usage", "Options", "Arguments", "Print", "possible values"] {
            assert!(!top.contains(english), "{english}: {top}");
        }
        let search = help(&["ketluan", "search", "-h"], Lang::Vi);
        assert!(
            search.contains("Cách dùng: ketluan search [TÙY_CHỌN] <TỪ_KHÓA> [TỆP]"),
            "{search}"
        );
        // Options given to every command are translated there too.
        assert!(search.contains("--reviewer <TÊN>"), "{search}");
        let (query, file) = (
            search.find("<TỪ_KHÓA>  ").unwrap(),
            search.find("[TỆP]  ").unwrap(),
        );
        assert!(query < file, "{search}");
        let check = help(&["ketluan", "check", "--help"], Lang::Vi);
        assert!(
            check.contains("Cách dùng: ketluan check [TÙY_CHỌN] <TỆP>..."),
            "{check}"
        );
    }

    #[test]
    fn the_english_help_is_clap_s() {
        let top = help(&["ketluan", "--help"], Lang::En);
        assert!(
            top.contains("Usage: ketluan [OPTIONS] [FILE] [COMMAND]"),
            "{top}"
        );
        assert!(
            top.contains("Print help (see a summary with '-h')"),
            "{top}"
        );
        assert!(!top.contains("Cách dùng"), "{top}");
    }
}

//! Usage errors in the interface language. clap words its errors in
//! English; in Vietnamese they are said again from what clap found (the
//! argument, the value, the values it takes, its suggestion), with the
//! usage line of the command they are about.

use std::num::ParseIntError;
use std::process::ExitCode;

use clap::Command;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use super::BadKind;
use crate::i18n::Lang;
use crate::review::BadReviewer;
use crate::text::sanitize;

/// Prints what clap stopped at, from the command line `cmd` in `lang`,
/// where `sub` is the subcommand given, if any: help and the version on
/// stdout (exit 0), usage errors on stderr (exit 2).
pub(super) fn report(e: &Error, lang: Lang, cmd: Command, sub: Option<&str>) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    match (lang, vietnamese(e)) {
        (Lang::Vi, Some(message)) => eprint!("{}", with_usage(&message, cmd, sub)),
        _ => {
            let _ = e.print();
        }
    }
    ExitCode::from(2)
}

/// `message` with the usage line of `sub` (or of `ketluan`) and where to
/// read more.
fn with_usage(message: &str, mut cmd: Command, sub: Option<&str>) -> String {
    cmd.build();
    let (usage, help) = match sub.and_then(|s| cmd.find_subcommand_mut(s)) {
        Some(s) => {
            let help = format!("ketluan {} --help", s.get_name());
            (super::words::usage_line(s), help)
        }
        None => (
            super::words::usage_line(&mut cmd),
            "ketluan --help".to_string(),
        ),
    };
    format!("ketluan: {message}\n\nCách dùng: {usage}\nXem thêm: {help}\n")
}

/// The Vietnamese of a usage error clap reports, for the kinds this
/// command line can give; `None` for the others (clap's English then).
fn vietnamese(e: &Error) -> Option<String> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(quoted(s)),
        Some(ContextValue::Strings(v)) if !v.is_empty() => {
            Some(v.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", "))
        }
        _ => None,
    };
    let raw = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let mean = |s: Option<String>| {
        s.map(|s| format!("; có phải ý là {s}?"))
            .unwrap_or_default()
    };
    Some(match e.kind() {
        ErrorKind::UnknownArgument => {
            let given = raw(ContextKind::InvalidArg)?;
            if given.starts_with('-') {
                let arg = arg?;
                match text(ContextKind::SuggestedArg) {
                    Some(s) => format!("không có tùy chọn {arg}{}", mean(Some(s))),
                    None => format!(
                        "không có tùy chọn {arg}\n  (nếu {arg} là tên tệp, hãy viết `-- {}`)",
                        sanitize(given)
                    ),
                }
            } else {
                format!("thừa đối số {}", arg?)
            }
        }
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh {}{}",
            text(ContextKind::InvalidSubcommand)?,
            mean(text(ContextKind::SuggestedSubcommand))
        ),
        ErrorKind::InvalidValue => {
            let arg = arg?;
            match raw(ContextKind::InvalidValue) {
                None | Some("") => format!("{arg} cần một giá trị"),
                Some(value) => {
                    let valid = text(ContextKind::ValidValue)
                        .map(|v| format!(" (dùng được: {v})"))
                        .unwrap_or_default();
                    format!(
                        "{arg} không nhận giá trị {}{valid}{}",
                        quoted(value),
                        mean(text(ContextKind::SuggestedValue))
                    )
                }
            }
        }
        ErrorKind::ValueValidation => {
            let (arg, reason) = (arg?, reason(e)?);
            match raw(ContextKind::InvalidValue) {
                Some(v) if !v.trim().is_empty() => {
                    format!("{arg} không nhận giá trị {}: {reason}", quoted(v))
                }
                _ => format!("{arg}: {reason}"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu đối số {}", arg?),
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match text(ContextKind::PriorArg) {
                Some(prior) if prior != arg => format!("không dùng {arg} cùng với {prior}"),
                _ => format!("{arg} chỉ được dùng một lần"),
            }
        }
        ErrorKind::TooManyValues => format!(
            "thừa giá trị {} cho {}",
            text(ContextKind::InvalidValue)?,
            arg?
        ),
        _ => return None,
    })
}

/// Why a value was refused, from the error of its parser.
fn reason(e: &Error) -> Option<String> {
    let source = std::error::Error::source(e)?;
    if let Some(bad) = source.downcast_ref::<BadReviewer>() {
        return Some(bad.render(Lang::Vi));
    }
    if let Some(bad) = source.downcast_ref::<BadKind>() {
        return Some(bad.render(Lang::Vi));
    }
    if let Some(e) = source.downcast_ref::<ParseIntError>() {
        let too_large = matches!(e.kind(), std::num::IntErrorKind::PosOverflow);
        return Some(
            if too_large {
                "số quá lớn"
            } else {
                "cần một số nguyên không âm"
            }
            .to_string(),
        );
    }
    None
}

/// `s` between backquotes, made safe to print.
fn quoted(s: &str) -> String {
    format!("`{}`", sanitize(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::words::command;

    /// What `ketluan args...` prints on stderr in Vietnamese.
    fn error(args: &[&str]) -> String {
        let mut argv = vec!["ketluan"];
        argv.extend_from_slice(args);
        let e = command(Lang::Vi).try_get_matches_from(&argv).unwrap_err();
        let sub = args.iter().find(|a| !a.starts_with('-')).copied();
        let sub = sub.filter(|s| command(Lang::Vi).find_subcommand(s).is_some());
        with_usage(
            &vietnamese(&e).expect("said in Vietnamese"),
            command(Lang::Vi),
            sub,
        )
    }

    #[test]
    fn usage_errors_are_said_in_vietnamese_with_the_usage_line() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["--bogus"],
                "ketluan: không có tùy chọn `--bogus`\n  (nếu `--bogus` là tên tệp, hãy viết `-- --bogus`)\n\nCách dùng: ketluan [TÙY_CHỌN] [TỆP] [LỆNH]\nXem thêm: ketluan --help\n",
            ),
            (
                &["print", "--widht", "3"],
                "ketluan: không có tùy chọn `--widht`; có phải ý là `--width`?\n\n",
            ),
            (
                &["--lang", "fr"],
                "ketluan: `--lang <NGÔN_NGỮ>` không nhận giá trị `fr` (dùng được: `vi`, `en`)",
            ),
            (&["--lang"], "ketluan: `--lang <NGÔN_NGỮ>` cần một giá trị"),
            (
                &["export", "--format", "mdd"],
                "không nhận giá trị `mdd` (dùng được: `md`, `csv`); có phải ý là `md`?",
            ),
            (
                &["check"],
                "ketluan: thiếu đối số `<TỆP>...`\n\nCách dùng: ketluan check [TÙY_CHỌN] <TỆP>...\nXem thêm: ketluan check --help\n",
            ),
            (&["a.toml", "b.toml"], "ketluan: thừa đối số `b.toml`"),
            (
                &["--reviewer", " "],
                "ketluan: `--reviewer <TÊN>`: tên để trống\n",
            ),
            (
                &["search", "x", "--kind", "tsak"],
                "không nhận giá trị `tsak`: dùng một trong heading (mục), point (ý), strength (kết quả), weakness (hạn chế), cause (nguyên nhân), task (nhiệm vụ)",
            ),
            (
                &["print", "--width", "rộng"],
                "`--width <SỐ_CỘT>` không nhận giá trị `rộng`: cần một số nguyên không âm",
            ),
            (
                &["print", "--width", "99999999999999999999"],
                "không nhận giá trị `99999999999999999999`: số quá lớn",
            ),
            (
                &["print", "--width", "-5"],
                "`--width <SỐ_CỘT>` không nhận giá trị `-5`: cần một số nguyên không âm",
            ),
            (
                &["--lang", "vi", "--lang", "en"],
                "ketluan: `--lang <NGÔN_NGỮ>` chỉ được dùng một lần",
            ),
        ];
        for (args, expected) in cases {
            let got = error(args);
            assert!(got.contains(expected), "{args:?}:\n{got}");
        }
    }

    /// Text from the command line is made safe before it is printed.
    #[test]
    fn a_bad_value_is_printed_safely() {
        let got = error(&["--lang", "x\u{1b}[2J"]);
        assert!(!got.contains('\u{1b}'), "{got:?}");
    }
}

//! Who made a mark and when: [`Stamp`], [`Reviewer`], and the clock.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Local, SubsecRound, TimeDelta};
use unicode_normalization::UnicodeNormalization;

/// When and by whom a mark was made. The time is the reviewer's local time
/// with its UTC offset, to the second (RFC 3339 in the state file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub at: DateTime<FixedOffset>,
    pub by: String,
}

impl Stamp {
    pub fn new(at: DateTime<FixedOffset>, by: impl Into<String>) -> Stamp {
        Stamp { at, by: by.into() }
    }

    /// `2017-02-22T09:12:03+07:00`: RFC 3339, whole seconds, always a
    /// numeric offset (never `Z`).
    pub fn rfc3339(&self) -> String {
        rfc3339(&self.at)
    }

    /// `22/02/2017 09:12 +07:00`: the way people write it in minutes.
    pub fn short_time(&self) -> String {
        self.at.format("%d/%m/%Y %H:%M %:z").to_string()
    }
}

/// RFC 3339 with whole seconds and a numeric offset.
pub fn rfc3339(at: &DateTime<FixedOffset>) -> String {
    let mut out = String::with_capacity(25);
    push_rfc3339(&mut out, at);
    out
}

/// [`rfc3339`] appended to `out`. Written digit by digit: chrono's
/// `format` reads its pattern anew each time, which was a quarter of
/// rendering a state file of many marks.
pub fn push_rfc3339(out: &mut String, at: &DateTime<FixedOffset>) {
    use chrono::{Datelike, Timelike};
    let offset = at.offset().local_minus_utc();
    if !(0..=9999).contains(&at.year()) || offset % 60 != 0 {
        // Outside what the fast path writes as chrono does.
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = write!(out, "{}", at.format("%Y-%m-%dT%H:%M:%S%:z"));
        return;
    }
    let year = at.year().unsigned_abs();
    push2(out, year / 100);
    push2(out, year % 100);
    out.push('-');
    push2(out, at.month());
    out.push('-');
    push2(out, at.day());
    out.push('T');
    push2(out, at.hour());
    out.push(':');
    push2(out, at.minute());
    out.push(':');
    push2(out, at.second());
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.unsigned_abs() / 60;
    push2(out, minutes / 60);
    out.push(':');
    push2(out, minutes % 60);
}

/// Two decimal digits of `n` (below 100).
fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Longest reviewer name accepted, in characters.
pub const MAX_REVIEWER_CHARS: usize = 64;

/// A reviewer's name as recorded with each mark: NFC, trimmed, non-empty,
/// at most [`MAX_REVIEWER_CHARS`] characters, without control or invisible
/// format characters (it is shown on terminals and written to files).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reviewer(String);

/// Why a reviewer name was refused (`Display` is the English; clap shows
/// it after "invalid value").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadReviewer {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_REVIEWER_CHARS} characters")]
    TooLong,
    #[error("the name contains the invisible or control character U+{0:04X}")]
    BadChar(u32),
}

impl BadReviewer {
    /// Why, in `lang`.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        match (lang, self) {
            (crate::i18n::Lang::En, _) => self.to_string(),
            (_, BadReviewer::Empty) => "tên để trống".to_string(),
            (_, BadReviewer::TooLong) => format!("tên dài quá {MAX_REVIEWER_CHARS} ký tự"),
            (_, BadReviewer::BadChar(c)) => {
                format!("tên có ký tự ẩn hoặc ký tự điều khiển U+{c:04X}")
            }
        }
    }
}

impl Reviewer {
    /// Validates and normalizes a name (see the type's contract).
    pub fn parse(name: &str) -> Result<Reviewer, BadReviewer> {
        let name: String = name.trim().nfc().collect();
        if name.is_empty() {
            return Err(BadReviewer::Empty);
        }
        if name.chars().count() > MAX_REVIEWER_CHARS {
            return Err(BadReviewer::TooLong);
        }
        if let Some(c) = name
            .chars()
            .find(|&c| c != ' ' && crate::text::needs_sanitizing(c.encode_utf8(&mut [0; 4])))
        {
            return Err(BadReviewer::BadChar(c as u32));
        }
        Ok(Reviewer(name))
    }

    /// The login name: `USER`, else `USERNAME` (Windows), else `LOGNAME`;
    /// `"unknown"` when none is set to a valid name.
    pub fn login() -> Reviewer {
        Reviewer::from_env(|k| std::env::var(k).ok())
    }

    /// [`Reviewer::login`] with the environment given as a lookup.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Reviewer {
        ["USER", "USERNAME", "LOGNAME"]
            .into_iter()
            .filter_map(&var)
            .find_map(|v| Reviewer::parse(&v).ok())
            .unwrap_or_else(|| Reviewer("unknown".into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Reviewer {
    type Err = BadReviewer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reviewer::parse(s)
    }
}

impl fmt::Display for Reviewer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where stamps get their time. Tests use [`Clock::Fixed`] so that files
/// and minutes are byte-for-byte reproducible.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Clock {
    /// The local time with the current UTC offset, to the second.
    #[default]
    System,
    /// `start`, then `start + step`, `start + 2·step`, … at each call.
    Fixed {
        next: DateTime<FixedOffset>,
        step: TimeDelta,
    },
}

impl Clock {
    /// A fixed clock starting at `start` and advancing `step_secs` per call.
    pub fn fixed(start: DateTime<FixedOffset>, step_secs: i64) -> Clock {
        Clock::Fixed {
            next: start,
            step: TimeDelta::seconds(step_secs),
        }
    }

    /// The time for the next stamp.
    pub fn now(&mut self) -> DateTime<FixedOffset> {
        match self {
            Clock::System => Local::now().fixed_offset().trunc_subsecs(0),
            Clock::Fixed { next, step } => {
                let now = *next;
                *next = now.checked_add_signed(*step).unwrap_or(now);
                now
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// The digit-by-digit writer agrees with chrono's format everywhere,
    /// including the offsets and years it leaves to chrono.
    #[test]
    fn rfc3339_is_chrono_s_format() {
        let mut times: Vec<DateTime<FixedOffset>> = [
            "2017-02-22T09:12:03+07:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-12:00",
            "2026-11-28T07:05:51+05:45",
            "1999-07-04T12:00:09.999-03:30",
        ]
        .iter()
        .map(|s| at(s))
        .collect();
        let odd = FixedOffset::east_opt(7 * 3600 + 30).unwrap();
        times.push(at("2017-02-22T09:12:03Z").with_timezone(&odd));
        let far = chrono::NaiveDate::from_ymd_opt(12345, 6, 7)
            .unwrap()
            .and_hms_opt(1, 2, 3)
            .unwrap();
        times.push(FixedOffset::east_opt(0).unwrap().from_utc_datetime(&far));
        for t in times {
            assert_eq!(rfc3339(&t), t.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
        }
    }

    #[test]
    fn times_print_with_their_offset() {
        let s = Stamp::new(at("2017-02-22T09:12:03+07:00"), "lan");
        assert_eq!(s.rfc3339(), "2017-02-22T09:12:03+07:00");
        assert_eq!(s.short_time(), "22/02/2017 09:12 +07:00");
        let utc = Stamp::new(at("2017-02-22T02:12:03Z"), "lan");
        assert_eq!(utc.rfc3339(), "2017-02-22T02:12:03+00:00");
    }

    #[test]
    fn reviewer_names_are_checked_and_normalized() {
        assert_eq!(Reviewer::parse("  Lê Văn A ").unwrap().as_str(), "Lê Văn A");
        // NFD input becomes NFC.
        assert_eq!(Reviewer::parse("Le\u{302}").unwrap().as_str(), "Lê");
        assert_eq!(Reviewer::parse(" "), Err(BadReviewer::Empty));
        assert_eq!(
            Reviewer::parse("a\u{1b}[2J"),
            Err(BadReviewer::BadChar(0x1b))
        );
        assert_eq!(
            Reviewer::parse("a\u{202e}b"),
            Err(BadReviewer::BadChar(0x202e))
        );
        assert_eq!(Reviewer::parse(&"x".repeat(65)), Err(BadReviewer::TooLong));
    }

    #[test]
    fn the_login_name_comes_from_the_environment() {
        let env = |k: &str| match k {
            "USER" => Some("\u{7}".to_string()),
            "USERNAME" => Some("minh".to_string()),
            _ => None,
        };
        assert_eq!(Reviewer::from_env(env).as_str(), "minh");
        assert_eq!(Reviewer::from_env(|_| None).as_str(), "unknown");
    }

    #[test]
    fn a_fixed_clock_steps() {
        let mut c = Clock::fixed(at("2017-02-22T09:00:00+07:00"), 60);
        assert_eq!(c.now(), at("2017-02-22T09:00:00+07:00"));
        assert_eq!(c.now(), at("2017-02-22T09:01:00+07:00"));
        let now = Clock::System.now();
        assert_eq!(now.timestamp_subsec_nanos(), 0);
    }
}

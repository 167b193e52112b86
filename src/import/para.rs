//! Paragraphs: consecutive lines joined into one text, each with the
//! numbering marker it starts with and the separator before it.
//!
//! A paragraph ends at a blank line, a rule or a page break, and before a
//! line that starts a new item: a marker, a Markdown heading, a change
//! between heading style and body text. A line that starts in lowercase
//! after a line without closing punctuation always continues the sentence,
//! even if it looks like a marker ("kinh tế\n- xã hội", "khoá\nXII) gắn").
//! A short line that reads as a title on its own ("1.3. Nguyên nhân",
//! "Hạn chế") is kept apart from a capitalised line under it (see
//! [`own_line`]).

use std::ops::Range;

use super::kinds;
use super::lines::{Line, LineKind};
use super::marker::{self, Marker, Style};

/// What separated a paragraph from the one before it, weakest first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gap {
    /// The previous line (a new item started on the next line).
    None,
    Blank,
    Rule,
    /// A page break, with the printed page number if one stood alone.
    Page {
        number: Option<String>,
    },
}

/// One paragraph of the source.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// Indexes of its lines in the line list (all are `Text` lines).
    pub lines: Range<usize>,
    /// Source line number of the first line.
    pub no: usize,
    pub marker: Option<Marker>,
    /// The text after the marker, lines joined with one space.
    pub text: String,
    /// The text is wholly emphasized or a Markdown heading.
    pub styled: bool,
    /// The level of a Markdown heading (ATX or setext), 1 to 6.
    pub heading: Option<u8>,
    /// The indentation of the first line (see [`Line::indent`]).
    pub indent: usize,
    pub gap: Gap,
    /// The line under it would have continued it but was kept apart: a
    /// short numbered line read as a title (see [`own_line`]).
    pub titled: bool,
    /// Letters so far, and whether one was lowercase: `is_caps` of the
    /// text, kept up to date line by line (a long paragraph in capitals
    /// must not be rescanned for every line).
    letters: usize,
    lowercase: bool,
}

impl Para {
    fn add_letters(&mut self, s: &str) {
        for c in s.chars().filter(|c| c.is_alphabetic()) {
            self.letters += 1;
            self.lowercase |= c.is_lowercase();
        }
    }

    /// Whether the text is in capitals (see [`is_caps`]).
    fn caps(&self) -> bool {
        !self.lowercase && self.letters >= 2
    }
}

/// Whether `s` ends a sentence or a clause: its last character, ignoring
/// closing quotes and brackets, is one of `. ; : ! ? …`.
pub(crate) fn ends_terminal(s: &str) -> bool {
    last_char(s).is_some_and(|c| ".;:!?…".contains(c))
}

/// Whether `s` ends with a colon (ignoring closing quotes and brackets).
pub(crate) fn ends_colon(s: &str) -> bool {
    last_char(s) == Some(':')
}

fn last_char(s: &str) -> Option<char> {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '*' | '_' | '»'))
}

/// Whether the first letter or digit of `s` is a lowercase letter.
pub(crate) fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Whether `s` is written in capitals: at least two letters, none lowercase.
pub(crate) fn is_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// "Nơi nhận" (recipients) in any case, with or without the colon.
pub(crate) fn is_recipients_heading(s: &str) -> bool {
    const WORDS: &str = "nơi nhận";
    // Only the first characters matter: no need to lowercase a long paragraph.
    let head: String = s
        .chars()
        .take(WORDS.chars().count())
        .flat_map(char::to_lowercase)
        .collect();
    head == WORDS
}

/// Groups lines into paragraphs.
pub(crate) fn paragraphs(lines: &[Line]) -> Vec<Para> {
    let wrap = wrap_width(lines);
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut gap = Gap::None;
    for (i, line) in lines.iter().enumerate() {
        let sep = match &line.kind {
            LineKind::Text => None,
            LineKind::Blank => Some(Gap::Blank),
            LineKind::Rule { level } => {
                // A rule right under a line is a setext heading underline.
                if let Some(p) = cur.as_mut()
                    && p.marker.is_none()
                    && p.lines.len() == 1
                    && p.heading.is_none()
                {
                    p.heading = Some(*level);
                    p.styled = true;
                }
                Some(Gap::Rule)
            }
            LineKind::PageBreak { number } => Some(Gap::Page {
                number: number.clone(),
            }),
        };
        if let Some(sep) = sep {
            out.extend(cur.take());
            gap = merge(gap, sep);
            continue;
        }
        if let Some(p) = cur.as_mut() {
            let first = &lines[p.lines.start];
            let joins = continues(p, line);
            if joins && own_line(p, first, line, wrap) {
                p.titled = true;
            } else if joins {
                p.text.push(' ');
                p.text.push_str(&line.text);
                p.add_letters(&line.text);
                p.styled &= line.styled_from(0);
                p.lines.end = i + 1;
                continue;
            }
            out.extend(cur.take());
        }
        cur = Some(start(i, line, std::mem::replace(&mut gap, Gap::None)));
    }
    out.extend(cur);
    out
}

/// The stronger of two separators; a page number survives.
fn merge(a: Gap, b: Gap) -> Gap {
    match (a, b) {
        (Gap::Page { number: Some(n) }, Gap::Page { .. })
        | (Gap::Page { .. }, Gap::Page { number: Some(n) }) => Gap::Page { number: Some(n) },
        (a, b) => a.max(b),
    }
}

fn start(i: usize, line: &Line, gap: Gap) -> Para {
    let (marker, at) = match marker::parse(&line.text) {
        Some((m, at)) => (Some(m), at),
        None => (None, 0),
    };
    let mut p = Para {
        lines: i..i + 1,
        no: line.no,
        marker,
        text: line.text[at..].to_string(),
        styled: line.styled_from(at),
        heading: line.heading,
        indent: line.indent,
        gap,
        titled: false,
        letters: 0,
        lowercase: false,
    };
    p.add_letters(&line.text[at..]);
    p
}

/// Most words in a numbered line read as a title on its own line.
const MAX_TITLE_WORDS: usize = 8;

/// The width at which the source wraps its lines: the longest line that a
/// lowercase line right under it carries on (a sentence broken by the
/// layout, not by the writer). `None` when no line shows wrapping.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    lines
        .windows(2)
        .filter(|w| {
            w.iter().all(|l| l.kind == LineKind::Text)
                && !ends_terminal(&w[0].text)
                && starts_lower(content(&w[1].text))
        })
        .map(|w| w[0].text.chars().count())
        .max()
}

/// The text of a line after its marker, if it has one.
fn content(text: &str) -> &str {
    marker::parse(text).map_or(text, |(_, at)| &text[at..])
}

/// Whether `line`, which [`continues`] the paragraph `p` (whose first line
/// is `first`) and starts with a capital, is kept apart from it because
/// one of them is a title on its own line:
///
/// - `line` is nothing but section words ("Hạn chế", see
///   [`kinds::section_line`]) after a finished sentence;
/// - `p` is one line of section words;
/// - `p` is the whole of one numbered line of at most [`MAX_TITLE_WORDS`]
///   words, ending without closing punctuation or with a colon, and too
///   short to have been wrapped: the first word of `line` would have fit
///   within the source's `wrap` width.
///
/// Wrapped sentences also break before capitals ("của Ban Chấp hành" |
/// "Trung ương Đảng"), so every other case keeps the lines together, and
/// so does a line in capitals under one in capitals (a heading wrapped).
fn own_line(p: &Para, first: &Line, line: &Line, wrap: Option<usize>) -> bool {
    if starts_lower(&line.text) || (p.caps() && is_caps(&line.text)) {
        return false;
    }
    let finished = ends_terminal(&p.text) && !ends_colon(&p.text);
    if finished && kinds::section_line(&line.text).is_some() {
        return true;
    }
    if p.lines.len() != 1 || finished || p.text.trim_end().ends_with(',') {
        return false;
    }
    let Some(m) = &p.marker else {
        return kinds::section_line(&p.text).is_some();
    };
    let next_word = line.text.split_whitespace().next().unwrap_or("");
    let fits = |w: usize| first.text.chars().count() + 1 + next_word.chars().count() <= w;
    m.style.is_ordered()
        && p.text.split_whitespace().count() <= MAX_TITLE_WORDS
        && wrap.is_none_or(fits)
}

/// Whether `line`, right under paragraph `p` with nothing between, goes on
/// with `p`.
fn continues(p: &Para, line: &Line) -> bool {
    if p.heading.is_some() || line.heading.is_some() {
        return false;
    }
    let marker = marker::parse(&line.text);
    let content = marker
        .as_ref()
        .map_or(line.text.as_str(), |(_, at)| &line.text[*at..]);
    let lower = starts_lower(content);
    if lower && !ends_terminal(&p.text) {
        return true;
    }
    if marker.is_some() || is_recipients_heading(&line.text) {
        return false;
    }
    if lower {
        return true;
    }
    let (p_caps, l_caps) = (p.caps(), is_caps(&line.text));
    if p_caps != l_caps || p.styled != line.styled_from(0) {
        return false;
    }
    // A plain-text section heading is followed by its first paragraph.
    let heading_marker = p
        .marker
        .as_ref()
        .is_some_and(|m| matches!(m.style, Style::Roman | Style::UpperLetter));
    !(heading_marker && !(p_caps && l_caps))
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    fn paras(s: &str) -> Vec<(Option<String>, String)> {
        paragraphs(&lines(s))
            .into_iter()
            .map(|p| (p.marker.map(|m| m.label), p.text))
            .collect()
    }

    fn text(s: &str) -> (Option<String>, String) {
        (None, s.to_string())
    }

    fn item(label: &str, s: &str) -> (Option<String>, String) {
        (Some(label.to_string()), s.to_string())
    }

    #[test]
    fn lines_join_until_a_marker_or_a_blank() {
        assert_eq!(
            paras("Một dòng\nhai dòng.\n- Ý một\ntiếp\n\n2. Ý hai"),
            [
                text("Một dòng hai dòng."),
                item("-", "Ý một tiếp"),
                item("2", "Ý hai")
            ]
        );
    }

    #[test]
    fn a_lowercase_line_after_an_open_sentence_continues_it() {
        assert_eq!(
            paras("các lĩnh vực kinh tế\n- xã hội và khoá\nXII) gắn với"),
            [text("các lĩnh vực kinh tế - xã hội và khoá XII) gắn với")]
        );
        assert_eq!(
            paras("như sau:\n- các xã"),
            [text("như sau:"), item("-", "các xã")]
        );
    }

    #[test]
    fn headings_style_and_capitals_split_paragraphs() {
        assert_eq!(
            paras("## 2.2- Về xây dựng\nTổ chức bộ máy"),
            [item("2.2", "Về xây dựng"), text("Tổ chức bộ máy")]
        );
        assert_eq!(
            paras("III. Về kiến nghị\nGiao Ban Tổ chức\nTỉnh ủy chủ trì."),
            [
                item("III", "Về kiến nghị"),
                text("Giao Ban Tổ chức Tỉnh ủy chủ trì.")
            ]
        );
        assert_eq!(
            paras("I. ĐÁNH GIÁ KẾT QUẢ\nTHỰC HIỆN NHIỆM VỤ"),
            [item("I", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ")]
        );
        assert_eq!(
            paras("THÔNG BÁO\nKết luận của Chủ tịch\nnghe báo cáo"),
            [
                text("THÔNG BÁO"),
                text("Kết luận của Chủ tịch nghe báo cáo")
            ]
        );
        assert_eq!(
            paras("**KẾT LUẬN  \ntại Hội nghị**\nNgày 22/02/2017"),
            [text("KẾT LUẬN tại Hội nghị"), text("Ngày 22/02/2017")]
        );
    }

    /// A short numbered line or a line of section words is a title on its
    /// own line; a wrapped sentence still breaks before capitals.
    #[test]
    fn short_title_lines_stand_alone() {
        assert_eq!(
            paras("1.3. Nguyên nhân\nDo ngân sách còn hạn hẹp.\n2. Việc:\nTrường A."),
            [
                item("1.3", "Nguyên nhân"),
                text("Do ngân sách còn hạn hẹp."),
                item("2", "Việc:"),
                text("Trường A."),
            ]
        );
        assert_eq!(
            paras("b) Trường xuống cấp.\nHạn chế\nThiếu giáo viên."),
            [
                item("b)", "Trường xuống cấp."),
                text("Hạn chế"),
                text("Thiếu giáo viên.")
            ]
        );
        let titled: Vec<bool> = paragraphs(&lines("1.3. Nguyên nhân\nDo ngân sách.\n"))
            .iter()
            .map(|p| p.titled)
            .collect();
        assert_eq!(titled, [true, false]);
        // Wrapped sentences: a comma, a long line, a line as wide as the
        // source wraps, a sentence going on in lowercase.
        assert_eq!(
            paras(
                "1. Theo Nghị quyết của Ban Chấp hành,\nTrung ương Đảng.\n\n\
                 2. Việc chỉ đạo và tổ chức quán triệt triển khai thực hiện\nNghị quyết.\n\n\
                 3. Ngành đã hoàn thành\nchỉ tiêu.\n\n\
                 4. Giao Ban Tổ chức\nTỉnh ủy chủ trì.\n\n\
                 5. Nguyên nhân\ndo ngân sách."
            ),
            [
                item("1", "Theo Nghị quyết của Ban Chấp hành, Trung ương Đảng."),
                item(
                    "2",
                    "Việc chỉ đạo và tổ chức quán triệt triển khai thực hiện Nghị quyết."
                ),
                item("3", "Ngành đã hoàn thành chỉ tiêu."),
                item("4", "Giao Ban Tổ chức Tỉnh ủy chủ trì."),
                item("5", "Nguyên nhân do ngân sách."),
            ]
        );
    }

    #[test]
    fn gaps_record_the_strongest_separator() {
        let ps = paragraphs(&lines("a\n\nb\n\n-----\n\nc\n\u{0C}\n- 3 -\n\nd\ne"));
        let gaps: Vec<Gap> = ps.iter().map(|p| p.gap.clone()).collect();
        assert_eq!(
            gaps,
            [
                Gap::None,
                Gap::Blank,
                Gap::Rule,
                Gap::Page {
                    number: Some("- 3 -".into())
                }
            ]
        );
        assert_eq!(ps[3].text, "d e");
        assert_eq!(ps[3].no, 11);
    }

    #[test]
    fn punctuation_helpers() {
        assert!(ends_terminal("hiệu quả.”") && ends_terminal("là do:*"));
        assert!(!ends_terminal("chính trị,") && !ends_terminal("Về kinh tế"));
        assert!(ends_colon("nổi rõ là: ") && !ends_colon("a."));
        assert!(is_caps("TL. CHỦ TỊCH") && !is_caps("Lê Tấn Lai") && !is_caps("I"));
    }
}

//! Reading a published notice: bytes to NFC text, then lines with their
//! Markdown markup stripped.
//!
//! Everything downstream sees only [`Line`]s: the text of a line as a reader
//! would see it (no `**`, `#`, `\*` escapes), whether it was emphasized, and
//! the separators between paragraphs (blank lines, rules, page breaks).

use unicode_normalization::UnicodeNormalization;

use super::error::ImportError;
use crate::doc::LineIndex;

/// What a source line is, once markup is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Printed text.
    Text,
    /// Empty, or only markup.
    Blank,
    /// A thematic break (`-----`, `***`, `___`, `===`). Right under a
    /// line of text it underlines a setext heading of `level` 1 (`===`)
    /// or 2 (any other rule).
    Rule { level: u8 },
    /// A form feed, or a printed page number standing alone ("- 2 -").
    PageBreak { number: Option<String> },
}

/// One source line after markup stripping. All text is NFC.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based line number in the source.
    pub no: usize,
    pub kind: LineKind,
    /// The printed text, trimmed at both ends; empty unless `Text`.
    pub text: String,
    /// Per byte of `text`: whether that byte lies inside Markdown emphasis
    /// (bold or italic). Indexed by byte so callers can slice with offsets.
    pub emph: Vec<bool>,
    /// The level (1 to 6) when the line was a Markdown ATX heading
    /// (`## ...` is 2).
    pub heading: Option<u8>,
    /// Columns of white space before the line in the source (a tab is
    /// four); 0 for separators.
    pub indent: usize,
}

impl Line {
    /// Whether every letter or digit of `text[from..]` is emphasized or
    /// the line is a heading: the line reads as a heading.
    pub fn styled_from(&self, from: usize) -> bool {
        if self.heading.is_some() {
            return true;
        }
        let mut any = false;
        for (i, c) in self.text.char_indices().filter(|(i, _)| *i >= from) {
            if c.is_alphanumeric() {
                any = true;
                if !self.emph.get(i).copied().unwrap_or(false) {
                    return false;
                }
            }
        }
        any
    }
}

/// Decodes a file's bytes: strips a UTF-8 byte-order mark, rejects UTF-16
/// and invalid UTF-8 (with the position of the first bad byte).
pub(crate) fn decode<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, ImportError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::Utf16 {
            name: name.to_string(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = e.valid_up_to();
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
        ImportError::NotUtf8 {
            name: name.to_string(),
            pos: LineIndex::new(prefix).pos(good),
            byte: bytes[good],
        }
    })?;
    Ok(text)
}

/// Rejects text that cannot be a notice before any parsing: empty, binary
/// (NUL bytes) or already in ketluan's TOML format; else returns it in NFC.
pub(crate) fn normalize(name: &str, text: &str) -> Result<String, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            name: name.to_string(),
        });
    }
    if let Some(at) = text.find('\0') {
        return Err(ImportError::Binary {
            name: name.to_string(),
            pos: LineIndex::new(text).pos(at),
        });
    }
    if text
        .parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("document") || t.contains_key("node"))
    {
        return Err(ImportError::AlreadyToml {
            name: name.to_string(),
        });
    }
    let text: String = text.nfc().collect();
    if !looks_vietnamese(&text) {
        return Err(ImportError::NotVietnamese {
            name: name.to_string(),
        });
    }
    Ok(text)
}

/// Share of words (in percent) that must carry a Vietnamese letter (a
/// tone mark, "ă", "â", "đ", "ơ", "ư" …) for the text to count as
/// Vietnamese. Running text of a notice has well over half; English, code
/// or a README with one Vietnamese line has next to none.
const MIN_VIETNAMESE_WORDS_PERCENT: usize = 20;

/// Whether NFC `text` is written in Vietnamese with its diacritics.
fn looks_vietnamese(text: &str) -> bool {
    let (mut words, mut marked) = (0usize, 0usize);
    for w in text.split_whitespace() {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        // Latin letters with diacritics live in U+00C0..U+1EFF.
        if w.chars()
            .any(|c| c.is_alphabetic() && ('\u{C0}'..='\u{1EFF}').contains(&c))
        {
            marked += 1;
        }
    }
    words > 0 && marked * 100 >= words * MIN_VIETNAMESE_WORDS_PERCENT
}

/// Splits NFC text into lines (LF, CRLF or lone CR), strips Markdown and
/// marks separators. Form feeds become page breaks; a page number standing
/// alone between paragraphs becomes one too.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    // The text lines of the paragraph read so far: emphasis is matched
    // within a paragraph (a bold title may span several lines).
    let mut paragraph: Vec<Inline> = Vec::new();
    for (i, raw) in split_lines(text).enumerate() {
        let no = i + 1;
        // A form feed splits its line: text before, a page break, text after.
        let mut pieces = raw.split('\u{0C}').peekable();
        while let Some(piece) = pieces.next() {
            match block(no, piece) {
                Block::Text(inline) if inline.heading.is_some() => {
                    finish_paragraph(&mut paragraph, &mut out);
                    paragraph.push(inline);
                    finish_paragraph(&mut paragraph, &mut out);
                }
                Block::Text(inline) => paragraph.push(inline),
                Block::Separator(line) => {
                    finish_paragraph(&mut paragraph, &mut out);
                    out.push(line);
                }
            }
            if pieces.peek().is_some() {
                finish_paragraph(&mut paragraph, &mut out);
                out.push(blank(no, LineKind::PageBreak { number: None }));
            }
        }
    }
    finish_paragraph(&mut paragraph, &mut out);
    mark_page_numbers(&mut out);
    out
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    // CRLF and lone CR both end a line; the last empty piece of a file that
    // ends with a newline is kept as a blank line, which is harmless.
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}

/// A text line with its block markup gone and its inline content read
/// into pieces, before emphasis is matched.
#[derive(Debug)]
struct Inline {
    no: usize,
    heading: Option<u8>,
    indent: usize,
    pieces: Vec<Piece>,
}

/// A character of printed text, or a run of `*` or `_` that may open or
/// close emphasis.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Char(char),
    Delim(Delim),
}

#[derive(Debug, Clone, Copy)]
struct Delim {
    c: char,
    run: usize,
    can_open: bool,
    can_close: bool,
    /// Set by matching: how many emphases this run opens or closes. A run
    /// that does neither is printed as it is.
    opens: usize,
    closes: usize,
}

/// What a source line is before emphasis: text, or a line that ends a
/// paragraph (blank, rule).
enum Block {
    Text(Inline),
    Separator(Line),
}

/// Matches the emphasis delimiters of a paragraph, then turns its lines
/// into [`Line`]s. A delimiter run that finds no partner in its paragraph
/// is text ("(*)", "5*3", "Số ___/TB"), so nothing printed is lost.
fn finish_paragraph(paragraph: &mut Vec<Inline>, out: &mut Vec<Line>) {
    match_emphasis(paragraph);
    let mut depth = 0usize;
    for inline in paragraph.drain(..) {
        out.push(text_line(inline, &mut depth));
    }
}

/// Pairs openers with closers of the same character, innermost first, as
/// CommonMark does in the main (a closer run long enough closes several
/// openers: "***a** b*").
fn match_emphasis(paragraph: &mut [Inline]) {
    // Open delimiter runs: their character and where they are (line,
    // piece) in `paragraph`.
    let mut open: Vec<(char, usize, usize)> = Vec::new();
    for li in 0..paragraph.len() {
        for pi in 0..paragraph[li].pieces.len() {
            let Piece::Delim(d) = paragraph[li].pieces[pi] else {
                continue;
            };
            if d.can_close && open.iter().any(|o| o.0 == d.c) {
                let mut left_over = d.run;
                let mut closes = 0;
                while left_over > 0 {
                    let Some(at) = open.iter().rposition(|o| o.0 == d.c) else {
                        break;
                    };
                    let (_, l, p) = open.remove(at);
                    if let Piece::Delim(o) = &mut paragraph[l].pieces[p] {
                        o.opens = 1;
                        left_over = left_over.saturating_sub(o.run);
                    }
                    closes += 1;
                }
                if let Piece::Delim(c) = &mut paragraph[li].pieces[pi] {
                    c.closes = closes;
                }
            } else if d.can_open {
                open.push((d.c, li, pi));
            }
        }
    }
}

/// A line of a matched paragraph; `depth` counts the emphases open at its
/// start and is updated to its end.
fn text_line(inline: Inline, depth: &mut usize) -> Line {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut push = |c: char, inside: bool| {
        text.push(c);
        marks.extend(std::iter::repeat_n(inside, c.len_utf8()));
    };
    for piece in inline.pieces {
        match piece {
            Piece::Char(c) => push(c, *depth > 0),
            Piece::Delim(d) if d.opens > 0 || d.closes > 0 => {
                *depth = (*depth + d.opens).saturating_sub(d.closes);
            }
            Piece::Delim(d) => {
                for _ in 0..d.run {
                    push(d.c, *depth > 0);
                }
            }
        }
    }
    let text_trimmed = text.trim();
    if text_trimmed.is_empty() {
        return blank(inline.no, LineKind::Blank);
    }
    let start = text.len() - text.trim_start().len();
    let end = start + text_trimmed.len();
    Line {
        no: inline.no,
        kind: LineKind::Text,
        text: text_trimmed.to_string(),
        emph: marks[start..end].to_vec(),
        heading: inline.heading,
        indent: inline.indent,
    }
}

fn blank(no: usize, kind: LineKind) -> Line {
    Line {
        no,
        kind,
        text: String::new(),
        emph: Vec::new(),
        heading: None,
        indent: 0,
    }
}

/// The rule `s` is, if it is one (see [`LineKind::Rule`]).
fn rule(s: &str) -> Option<LineKind> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut chars = s.chars();
    match chars.next() {
        Some(first @ ('-' | '*' | '_' | '=' | '—' | '–'))
            if s.chars().count() >= 3 && chars.all(|c| c == first) =>
        {
            Some(LineKind::Rule {
                level: if first == '=' { 1 } else { 2 },
            })
        }
        _ => None,
    }
}

fn block(no: usize, raw: &str) -> Block {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Block::Separator(blank(no, LineKind::Blank));
    }
    if let Some(kind) = rule(trimmed) {
        return Block::Separator(blank(no, kind));
    }
    let mut rest = trimmed;
    // Block quotes: "> text".
    while let Some(r) = rest.strip_prefix('>') {
        rest = r.trim_start();
    }
    // ATX heading: 1 to 6 '#' then a space (or nothing).
    let hashes = rest.chars().take_while(|&c| c == '#').count();
    let mut heading = None;
    if (1..=6).contains(&hashes) {
        let after = &rest[hashes..];
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            heading = Some(hashes as u8);
            rest = after.trim();
            // Optional closing sequence: "## Title ##".
            let closed = rest.trim_end_matches('#');
            if closed.len() < rest.len() && (closed.is_empty() || closed.ends_with(' ')) {
                rest = closed.trim_end();
            }
        }
    }
    // Only spaces and tabs: `trimmed` may have lost other white space.
    let indent = raw
        .chars()
        .map_while(|c| match c {
            ' ' => Some(1),
            '\t' => Some(4),
            _ => None,
        })
        .sum();
    Block::Text(Inline {
        no,
        heading,
        indent,
        pieces: inline_pieces(rest),
    })
}

fn is_md_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
}

/// A Markdown link starting at `chars[at] == '['`: the indexes of its
/// closing ']' and of the ')' ending its target (parentheses in the target
/// may nest).
fn link_at(chars: &[char], at: usize) -> Option<(usize, usize)> {
    if chars.get(at) != Some(&'[') {
        return None;
    }
    let close = at + 1 + chars[at + 1..].iter().position(|&d| d == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    for (j, &d) in chars.iter().enumerate().skip(close + 1) {
        match d {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((close, j));
                }
            }
            _ => {}
        }
    }
    None
}

/// Reads the inline Markdown of one line: links keep their text,
/// backslash escapes their character, `<br>` tags become a space and a
/// trailing hard-break backslash goes; runs of `*` and `_` become
/// delimiters that may open or close emphasis by the CommonMark flanking
/// rules (so a lone `*` between spaces or an `_` inside a word is text).
fn inline_pieces(s: &str) -> Vec<Piece> {
    let chars: Vec<char> = s.chars().collect();
    let mut pieces = Vec::with_capacity(chars.len());
    let mut i = 0;
    // A Markdown link "[text](url)" keeps its text: the index of its ']'
    // and of the ')' that ends it.
    let mut link: Option<(usize, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some((close, end)) = link
            && i == close
        {
            link = None;
            i = end + 1;
            continue;
        }
        if link.is_none() {
            // An image "![alt](src)" keeps its alt text like a link.
            let at = if c == '!' { i + 1 } else { i };
            if let Some(found) = link_at(&chars, at) {
                link = Some(found);
                i = at + 1;
                continue;
            }
        }
        if c == '\\' {
            match chars.get(i + 1) {
                Some(&next) if next.is_ascii_punctuation() => {
                    pieces.push(Piece::Char(next));
                    i += 2;
                }
                // A backslash ending the line is a Markdown hard break.
                None => i += 1,
                Some(_) => {
                    pieces.push(Piece::Char(c));
                    i += 1;
                }
            }
            continue;
        }
        if c == '<' {
            let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
            let lower = rest.to_ascii_lowercase();
            let tag = ["<br/>", "<br />", "<br>"]
                .into_iter()
                .find(|t| lower.starts_with(t));
            if let Some(tag) = tag {
                pieces.push(Piece::Char(' '));
                i += tag.chars().count();
                continue;
            }
        }
        if c == '*' || c == '_' {
            let run = chars[i..].iter().take_while(|&&d| d == c).count();
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + run).copied();
            let ws = |x: Option<char>| x.is_none_or(char::is_whitespace);
            let punct = |x: Option<char>| x.is_some_and(is_md_punct);
            let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
            let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
            let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
            let (can_open, can_close) = if digit(prev) && digit(next) {
                // "5*3", "2_000": arithmetic and numbers, not emphasis.
                (false, false)
            } else if c == '_' {
                (
                    left && (!right || punct(prev)),
                    right && (!left || punct(next)),
                )
            } else {
                (left, right)
            };
            pieces.push(Piece::Delim(Delim {
                c,
                run,
                can_open,
                can_close,
                opens: 0,
                closes: 0,
            }));
            i += run;
            continue;
        }
        pieces.push(Piece::Char(c));
        i += 1;
    }
    pieces
}

/// Marks standing page numbers as page breaks: "- 2 -", "Trang 2",
/// "Trang 2/5" anywhere on a line of their own, and a bare "2" next to a
/// form feed.
fn mark_page_numbers(lines: &mut [Line]) {
    for i in 0..lines.len() {
        if lines[i].kind != LineKind::Text {
            continue;
        }
        let t = lines[i].text.as_str();
        let number = page_number(t).or_else(|| {
            let bare = !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
            (bare && next_to_page_break(lines, i)).then(|| t.to_string())
        });
        if let Some(number) = number {
            lines[i].kind = LineKind::PageBreak {
                number: Some(number),
            };
            lines[i].text.clear();
            lines[i].emph.clear();
        }
    }
}

fn next_to_page_break(lines: &[Line], i: usize) -> bool {
    let is_break = |l: &Line| matches!(l.kind, LineKind::PageBreak { .. });
    let before = lines[..i]
        .iter()
        .rev()
        .find(|l| l.kind != LineKind::Blank)
        .is_some_and(is_break);
    let after = lines[i + 1..]
        .iter()
        .find(|l| l.kind != LineKind::Blank)
        .is_some_and(is_break);
    before || after
}

/// "- 2 -", "– 12 –" or "Trang 3", "Trang 3/7" (any case): the number as printed.
fn page_number(t: &str) -> Option<String> {
    let dashes = |c: char| c == '-' || c == '–' || c == '—';
    if let Some(inner) = t.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
        let inner = inner.trim();
        if !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_digit()) {
            return Some(t.to_string());
        }
    }
    if !(t.starts_with('T') || t.starts_with('t')) || t.len() > 20 {
        return None;
    }
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("trang ")?;
    let ok = !rest.is_empty()
        && rest.len() <= 9
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == ' ');
    ok.then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Pos;

    fn one(s: &str) -> Line {
        lines(s).remove(0)
    }

    #[test]
    fn emphasis_and_escapes_are_stripped() {
        assert_eq!(one("**Tuy nhiên**, bên cạnh").text, "Tuy nhiên, bên cạnh");
        assert_eq!(
            one("\\* *Đối với việc đổi mới:*").text,
            "* Đối với việc đổi mới:"
        );
        assert_eq!(one("*\\* Tình hình trên:*").text, "* Tình hình trên:");
        assert_eq!(
            one("tình trạng “*cán bộ cấp dưới*” trong").text,
            "tình trạng “cán bộ cấp dưới” trong"
        );
        assert_eq!(one("## **II- Những nhiệm vụ**").text, "II- Những nhiệm vụ");
        assert_eq!(one("a * b, snake_case_name").text, "a * b, snake_case_name");
        assert_eq!(one("* mục").text, "* mục");
        assert_eq!(one("dòng một<br>dòng hai").text, "dòng một dòng hai");
        assert_eq!(one("__đậm__ và _nghiêng_").text, "đậm và nghiêng");
        assert_eq!(
            one("theo [Nghị quyết **số 04**](https://x.vn/a_(b)) và [ghi chú]").text,
            "theo Nghị quyết số 04 và [ghi chú]"
        );
        assert_eq!(one("Chú ý![x] thôi").text, "Chú ý![x] thôi");
        // Delimiters without a partner in their paragraph are text.
        assert_eq!(
            one("Đạt 5*3 và 2*2 chỉ tiêu; xem chú thích (*).").text,
            "Đạt 5*3 và 2*2 chỉ tiêu; xem chú thích (*)."
        );
        assert_eq!(one("Số ___/TB và **đậm**").text, "Số ___/TB và đậm");
        assert_eq!(one("(**) ghi chú *một").text, "(**) ghi chú *một");
        assert_eq!(one("![Ảnh](a.png) chú thích").text, "Ảnh chú thích");
    }

    #[test]
    fn styled_means_every_letter_is_emphasized() {
        let l = one("**2.1- Trong việc đổi mới**");
        assert!(l.styled_from(0));
        let l = one("**1.** Tập trung quán triệt");
        assert!(!l.styled_from(0));
        assert!(l.styled_from(0) == l.styled_from(l.text.find('T').unwrap()));
        // Marker characters are not letters: only the words count.
        let l = one("\\* *Đối với việc:*");
        assert!(l.styled_from(0) && l.styled_from(2));
        assert!(!one("\\* Đối với *việc*:").styled_from(2));
        assert!(one("## 2.2- Về xây dựng").styled_from(0));
    }

    #[test]
    fn heading_levels_and_setext_underlines() {
        let cases = [
            ("# Một", Some(1)),
            ("### **Ba**", Some(3)),
            ("###### Sáu ##", Some(6)),
            ("####### Bảy", None),
            ("#không", None),
            ("Chữ", None),
        ];
        for (src, level) in cases {
            assert_eq!(one(src).heading, level, "{src}");
        }
        let kinds: Vec<_> = lines("a\n===\nb\n---\n***")
            .into_iter()
            .map(|l| l.kind)
            .collect();
        assert_eq!(kinds[1], LineKind::Rule { level: 1 });
        assert_eq!(kinds[3], LineKind::Rule { level: 2 });
        assert_eq!(kinds[4], LineKind::Rule { level: 2 });
    }

    #[test]
    fn bold_spanning_lines_keeps_its_state() {
        let ls = lines("**KẾT LUẬN  \ntại Hội nghị**\n\nsau");
        assert!(ls[0].styled_from(0) && ls[1].styled_from(0));
        assert_eq!(ls[1].text, "tại Hội nghị");
        assert!(!ls[3].styled_from(0));
    }

    /// An opener left alone in one paragraph neither hides its
    /// characters nor emphasizes what follows, there or in the next one.
    #[test]
    fn unmatched_openers_stay_text_and_emphasize_nothing() {
        let ls = lines("1. xem (*)\n2. Hoàn thành việc\n\n3. Việc khác");
        assert_eq!(ls[0].text, "1. xem (*)");
        assert!(!ls[1].styled_from(0) && !ls[3].styled_from(0));
        // A heading is a paragraph of its own.
        let ls = lines("## **Mục** *một\nViệc *hai*");
        assert_eq!(ls[0].text, "Mục *một");
        assert_eq!(ls[1].text, "Việc hai");
        assert!(!ls[1].styled_from(0));
    }

    #[test]
    fn separators_crlf_form_feeds_and_page_numbers() {
        let ls = lines("a\r\n\r\n-----\r\nb\u{0C}c\n- 2 -\nTrang 3/7\n\u{0C}\n4\n");
        let kinds: Vec<_> = ls.iter().map(|l| l.kind.clone()).collect();
        assert_eq!(kinds[0], LineKind::Text);
        assert_eq!(kinds[1], LineKind::Blank);
        assert_eq!(kinds[2], LineKind::Rule { level: 2 });
        assert_eq!((ls[3].text.as_str(), ls[3].no), ("b", 4));
        assert_eq!(kinds[4], LineKind::PageBreak { number: None });
        assert_eq!((ls[5].text.as_str(), ls[5].no), ("c", 4));
        assert_eq!(
            kinds[6],
            LineKind::PageBreak {
                number: Some("- 2 -".into())
            }
        );
        assert!(matches!(&kinds[7], LineKind::PageBreak { number: Some(n) } if n == "Trang 3/7"));
        assert!(matches!(&kinds[11], LineKind::PageBreak { number: Some(n) } if n == "4"));
    }

    fn decode_all(bytes: &[u8]) -> Result<String, ImportError> {
        decode("x", bytes).and_then(|t| normalize("x", t))
    }

    #[test]
    fn decoding_normalizes_and_rejects_non_text() {
        let nfd: String = "Tỉnh ủy".nfd().collect();
        assert_eq!(decode_all(nfd.as_bytes()).unwrap(), "Tỉnh ủy");
        assert_eq!(decode_all("\u{FEFF}Ủy ban".as_bytes()).unwrap(), "Ủy ban");
        assert!(matches!(
            decode_all(b"ab\n\xC3\x28"),
            Err(ImportError::NotUtf8 {
                pos: Pos { line: 2, col: 1 },
                byte: 0xC3,
                ..
            })
        ));
        assert!(matches!(
            decode_all(b"\xFF\xFEa\0"),
            Err(ImportError::Utf16 { .. })
        ));
        assert!(matches!(
            decode_all(b"  \n"),
            Err(ImportError::Empty { .. })
        ));
        assert!(matches!(
            decode_all(b"a\0b"),
            Err(ImportError::Binary { .. })
        ));
        assert!(matches!(
            decode_all(b"[document]\ntitle = \"a\"\n[[node]]\n"),
            Err(ImportError::AlreadyToml { .. })
        ));
        assert!(matches!(
            decode_all(b"# Readme\n\n1. Install it.\n2. Run it.\n"),
            Err(ImportError::NotVietnamese { .. })
        ));
        let readme = "# ketluan\n\nRead and review notices in the terminal.\n\n```toml\n[document]\ntitle = \"Thông báo\"\n[[node]]\n```\n\n- one\n";
        assert!(matches!(
            decode_all(readme.as_bytes()),
            Err(ImportError::NotVietnamese { .. })
        ));
    }
}

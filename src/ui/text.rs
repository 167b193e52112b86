//! Measuring, wrapping and truncating text by display width, grapheme by
//! grapheme, so Vietnamese (and any other) text is never split inside a
//! character and columns line up. Wrapping and truncating also pass the
//! text through [`crate::text::sanitize`]: document text is untrusted and
//! must not drive the terminal or hide behind invisible characters.
//!
//! Search highlights are byte ranges of the original strings. The `_runs`
//! functions take them along: the text is cut at the ranges and each piece
//! is sanitized on its own (sanitizing changes lengths), so the highlight
//! lands on exactly the characters it marks, wherever the line wraps.

pub use crate::text::is_simple;
use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::{sanitize, sanitize_into};

/// A piece of a line: its text and whether it is a search highlight.
pub type Run = (String, bool);

/// Sanitized text and the highlighted byte ranges of it.
struct Marked<'a> {
    text: Cow<'a, str>,
    /// Sorted, disjoint, non-empty, on character boundaries of `text`.
    hl: Vec<Range<usize>>,
}

/// `s` cut at `ranges` (byte ranges of `s`, sorted and disjoint; ranges
/// off character boundaries are ignored) and sanitized piece by piece,
/// with the ranges carried over. `flat`: line breaks become spaces first.
fn mark<'a>(s: &'a str, ranges: &[Range<usize>], flat: bool) -> Marked<'a> {
    if ranges.is_empty() && simple_width(s).is_some() {
        // Nothing to sanitize, no line break, nothing to mark.
        return Marked {
            text: Cow::Borrowed(s),
            hl: Vec::new(),
        };
    }
    let mut text = String::with_capacity(s.len());
    let mut hl = Vec::new();
    let mut pos = 0;
    for r in ranges {
        let r = r.start.max(pos)..r.end.min(s.len());
        if r.start >= r.end || !s.is_char_boundary(r.start) || !s.is_char_boundary(r.end) {
            continue;
        }
        clean_into(&s[pos..r.start], flat, &mut text);
        let start = text.len();
        clean_into(&s[r.clone()], flat, &mut text);
        if text.len() > start {
            hl.push(start..text.len());
        }
        pos = r.end;
    }
    clean_into(&s[pos..], flat, &mut text);
    Marked {
        text: Cow::Owned(text),
        hl,
    }
}

fn clean_into(piece: &str, flat: bool, out: &mut String) {
    if flat && piece.contains(['\n', '\r']) {
        let spaced: String = piece
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        sanitize_into(&spaced, out);
    } else {
        sanitize_into(piece, out);
    }
}

impl Marked<'_> {
    /// Appends `self.text[span]` to `out` as runs.
    fn runs_into(&self, span: Range<usize>, out: &mut Vec<Run>) {
        let mut pos = span.start;
        let first = self.hl.partition_point(|h| h.end <= span.start);
        for h in &self.hl[first..] {
            if h.start >= span.end {
                break;
            }
            let (a, b) = (h.start.max(span.start), h.end.min(span.end));
            if pos < a {
                push_run(out, &self.text[pos..a], false);
            }
            push_run(out, &self.text[a..b], true);
            pos = b;
        }
        if pos < span.end {
            push_run(out, &self.text[pos..span.end], false);
        }
    }
}

/// Appends `s` to `out`, joining the last run if it has the same mark.
fn push_run(out: &mut Vec<Run>, s: &str, hl: bool) {
    if s.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((text, h)) if *h == hl => text.push_str(s),
        _ => out.push((s.to_string(), hl)),
    }
}

/// The ranges of `ranges` that overlap `span`, shifted to start at it and
/// clipped to it.
pub fn shift_ranges(ranges: &[Range<usize>], span: Range<usize>) -> Vec<Range<usize>> {
    ranges
        .iter()
        .filter(|r| r.start < span.end && r.end > span.start)
        .map(|r| r.start.max(span.start) - span.start..r.end.min(span.end) - span.start)
        .collect()
}

/// The width of `s` if it is made only of [`is_simple`] characters: its
/// number of characters.
pub fn simple_width(s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        if !is_simple(c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Display width of `s` in terminal cells (control characters count 0).
pub fn width(s: &str) -> usize {
    if let Some(n) = simple_width(s) {
        return n;
    }
    s.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(UnicodeWidthStr::width)
        .sum()
}

/// `s` on one line and safe to show: line breaks become spaces, anything
/// else unsafe is made visible by [`sanitize`].
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        let flat: String = s
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        Cow::Owned(sanitize(&flat).into_owned())
    } else {
        sanitize(s)
    }
}

/// Word separators. No-break spaces are not, on purpose.
fn is_break(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}'
}

/// Wraps `text` into lines of at most `width` cells, breaking at spaces.
/// `'\n'` is a hard line break; runs of spaces collapse to one; a word
/// longer than the line is cut between graphemes. Returns no lines when
/// `width` is 0. A grapheme wider than `width` gets a line of its own.
/// Unsafe characters are made visible first (see [`sanitize`]).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if let Some(lines) = wrap_plain(text, width) {
        return lines;
    }
    wrap_runs(text, &[], width)
        .into_iter()
        .map(|runs| runs.into_iter().map(|(s, _)| s).collect())
        .collect()
}

/// [`wrap`] of text whose every character is [`is_simple`] (one cell,
/// nothing to make visible), in one pass and without runs; `None` for
/// other text.
pub fn wrap_plain(text: &str, width: usize) -> Option<Vec<String>> {
    if width == 0 {
        return Some(Vec::new());
    }
    wrap_simple(text, width)
}

/// A file path in lines of at most `room` cells, broken after a `/`
/// where it can be (a path has no spaces to break at), then after a `-`
/// in a part too long for a line, then inside it; made safe to show as
/// [`wrap`] makes text.
pub fn wrap_path(path: &str, room: usize) -> Vec<String> {
    if room == 0 {
        return Vec::new();
    }
    let path = sanitize(path);
    let mut lines = Lines {
        room,
        out: Vec::new(),
        line: String::new(),
        used: 0,
    };
    for part in path.split_inclusive('/') {
        if width(part) <= room {
            lines.put(part);
            continue;
        }
        for piece in part.split_inclusive('-') {
            if width(piece) <= room {
                lines.put(piece);
                continue;
            }
            // Longer than a line: cut it, and go on after its last cut.
            for cut in wrap(piece, room) {
                lines.put(&cut);
            }
        }
    }
    if !lines.line.is_empty() || lines.out.is_empty() {
        lines.out.push(lines.line);
    }
    lines.out
}

/// Lines of at most `room` cells filled with pieces that each fit one.
struct Lines {
    room: usize,
    out: Vec<String>,
    line: String,
    used: usize,
}

impl Lines {
    /// `piece` on the line, or on a new one if it does not fit there.
    fn put(&mut self, piece: &str) {
        let w = width(piece);
        if self.used + w > self.room && !self.line.is_empty() {
            self.out.push(std::mem::take(&mut self.line));
            self.used = 0;
        }
        self.line.push_str(piece);
        self.used += w;
    }
}

/// [`wrap`], keeping the highlights `ranges` (sorted, disjoint byte ranges
/// of `text`): each line is a list of runs. The lines are the same as
/// [`wrap`]'s whatever the ranges.
pub fn wrap_runs(text: &str, ranges: &[Range<usize>], width: usize) -> Vec<Vec<Run>> {
    if width == 0 {
        return Vec::new();
    }
    if ranges.is_empty()
        && let Some(lines) = wrap_simple(text, width)
    {
        return lines
            .into_iter()
            .map(|l| {
                if l.is_empty() {
                    Vec::new()
                } else {
                    vec![(l, false)]
                }
            })
            .collect();
    }
    wrap_graphemes(text, ranges, width)
}

/// The lines of [`wrap`] for text made only of [`is_simple`] characters
/// (so one line, words between spaces, a character a cell); `None` for
/// other text. `width` must not be 0.
fn wrap_simple(text: &str, width: usize) -> Option<Vec<String>> {
    // Lines are built in full-sized buffers: grown word by word they
    // would be reallocated several times each.
    let capacity = text.len().min(width.saturating_mul(4));
    let fresh = || String::with_capacity(capacity);
    let mut out = Vec::new();
    let mut line = fresh();
    let mut fill = Fill::new(width);
    for (word, cells) in simple_words(text) {
        match fill.word(cells?) {
            Place::AfterSpace => line.push(' '),
            Place::Start { new_line } if new_line => {
                out.push(std::mem::replace(&mut line, fresh()))
            }
            Place::Start { .. } => {}
            Place::Split { new_line } => {
                if new_line {
                    out.push(std::mem::replace(&mut line, fresh()));
                }
                // A word longer than a line: character by character.
                for c in word.chars() {
                    if fill.piece(1) {
                        out.push(std::mem::replace(&mut line, fresh()));
                    }
                    line.push(c);
                }
                continue;
            }
        }
        line.push_str(word);
    }
    out.push(line);
    Some(out)
}

/// The words of `text` between spaces, each with its width when all its
/// characters are [`is_simple`] (a character a cell), in one pass over
/// the text.
fn simple_words(text: &str) -> impl Iterator<Item = (&str, Option<usize>)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(' ');
        if rest.is_empty() {
            return None;
        }
        let mut cells = Some(0);
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if c == ' ' {
                end = i;
                break;
            }
            cells = cells.filter(|_| is_simple(c)).map(|n| n + 1);
        }
        let (word, after) = rest.split_at(end);
        rest = after;
        Some((word, cells))
    })
}

/// Where a word goes in lines filled greedily, words apart by one space.
enum Place {
    /// On the line, after a space.
    AfterSpace,
    /// At the start of a line, a new one if `new_line`.
    Start { new_line: bool },
    /// Longer than a line: cut into pieces ([`Fill::piece`]), from the
    /// start of a line, a new one if `new_line`.
    Split { new_line: bool },
}

/// The greedy filling of lines `width` cells wide that [`wrap_simple`]
/// and [`wrap_graphemes`] share: how much of the line is used.
struct Fill {
    width: usize,
    used: usize,
}

impl Fill {
    fn new(width: usize) -> Fill {
        Fill { width, used: 0 }
    }

    /// Places a word `w` cells wide.
    fn word(&mut self, w: usize) -> Place {
        if self.used > 0 && self.used + 1 + w <= self.width {
            self.used += 1 + w;
            return Place::AfterSpace;
        }
        let new_line = self.used > 0;
        if w <= self.width {
            self.used = w;
            Place::Start { new_line }
        } else {
            self.used = 0;
            Place::Split { new_line }
        }
    }

    /// Places a piece `w` cells wide of a split word; whether a new line
    /// starts before it.
    fn piece(&mut self, w: usize) -> bool {
        let new_line = self.used > 0 && self.used + w > self.width;
        if new_line {
            self.used = 0;
        }
        self.used += w;
        new_line
    }
}

/// [`wrap_runs`] grapheme by grapheme, for any text.
fn wrap_graphemes(text: &str, ranges: &[Range<usize>], width: usize) -> Vec<Vec<Run>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for hard_line in text.split('\n') {
        let start = offset;
        offset += hard_line.len() + 1;
        let hard_line = hard_line.strip_suffix('\r').unwrap_or(hard_line);
        let local = shift_ranges(ranges, start..start + hard_line.len());
        let m = mark(hard_line, &local, false);
        let mut line: Vec<Run> = Vec::new();
        let mut fill = Fill::new(width);
        for word in words(&m.text) {
            match fill.word(self::width(&m.text[word.clone()])) {
                Place::AfterSpace => push_run(&mut line, " ", false),
                Place::Start { new_line } if new_line => out.push(std::mem::take(&mut line)),
                Place::Start { .. } => {}
                Place::Split { new_line } => {
                    if new_line {
                        out.push(std::mem::take(&mut line));
                    }
                    // A word longer than a line: grapheme by grapheme.
                    for (i, g) in m.text[word.clone()]
                        .grapheme_indices(true)
                        .filter(|(_, g)| !g.contains(char::is_control))
                    {
                        if fill.piece(UnicodeWidthStr::width(g)) {
                            out.push(std::mem::take(&mut line));
                        }
                        let at = word.start + i;
                        m.runs_into(at..at + g.len(), &mut line);
                    }
                    continue;
                }
            }
            m.runs_into(word, &mut line);
        }
        out.push(line);
    }
    out
}

/// Byte ranges of the words of `s` (runs between word separators).
fn words(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_break(c), start) {
            (true, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

/// `n` spaces, borrowed when there are few: indents drawn on every frame.
pub fn spaces(n: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

/// `s` on one line, cut to at most `width` cells; a cut is marked with `…`.
/// Reads only as much of `s` as fits, so long paragraphs cost no more than
/// short ones.
pub fn truncate(s: &str, width: usize) -> String {
    truncated(s, width).into_owned()
}

/// `s` in at most `width` cells, its start replaced by `…` when it is too
/// long: for a path, whose end says the most. Cut between graphemes; made
/// safe to show as [`truncate`] makes it.
pub fn truncate_start(s: &str, width: usize) -> String {
    let s = sanitize(s);
    if self::width(&s) <= width {
        return s.into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = 0;
    let mut start = s.len();
    for (i, g) in s.grapheme_indices(true).rev() {
        let w = self::width(g);
        if kept + w > width - 1 {
            break;
        }
        kept += w;
        start = i;
    }
    format!("…{}", &s[start..])
}

/// A cut of a simple string: see [`simple_cut`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut<'a> {
    /// The start of the string that is kept.
    pub kept: &'a str,
    /// Whether `…` follows it.
    pub ellipsis: bool,
    /// Cells used, the ellipsis included.
    pub width: usize,
}

/// [`truncated`] of `s` as the part of `s` kept and whether an ellipsis
/// follows, without making a string; `None` when `s` is not made of
/// [`is_simple`] characters as far as the cut needs to look.
pub fn simple_cut(s: &str, width: usize) -> Option<Cut<'_>> {
    let mut seen = 0;
    let mut keep = 0;
    for (i, c) in s.char_indices() {
        if !is_simple(c) {
            return None;
        }
        if seen + 2 == width {
            keep = i + c.len_utf8();
        }
        seen += 1;
        if seen == width.saturating_add(2) {
            break;
        }
    }
    Some(if seen <= width {
        Cut {
            kept: s,
            ellipsis: false,
            width: seen,
        }
    } else if width == 0 {
        Cut {
            kept: "",
            ellipsis: false,
            width: 0,
        }
    } else {
        Cut {
            kept: &s[..keep],
            ellipsis: true,
            width,
        }
    })
}

/// [`truncate`], borrowing `s` when it fits as it is.
pub fn truncated(s: &str, width: usize) -> Cow<'_, str> {
    truncated_width(s, width).0
}

/// [`truncated`] and the width of what it returns.
pub fn truncated_width(s: &str, width: usize) -> (Cow<'_, str>, usize) {
    if let Some(cut) = simple_cut(s, width) {
        return if cut.ellipsis {
            let mut out = String::with_capacity(cut.kept.len() + '…'.len_utf8());
            out.push_str(cut.kept);
            out.push('…');
            (Cow::Owned(out), cut.width)
        } else {
            (Cow::Borrowed(cut.kept), cut.width)
        };
    }
    let out = truncate_graphemes(s, width);
    let w = self::width(&out);
    (Cow::Owned(out), w)
}

/// [`truncate`] grapheme by grapheme, for any text.
fn truncate_graphemes(s: &str, width: usize) -> String {
    let s = one_line(s);
    let mut out = String::new();
    let mut used = 0;
    // Where `out` stood when it last had room left for the ellipsis.
    let mut cut = 0;
    for g in s.graphemes(true) {
        let (g, g_w) = if g.contains(char::is_control) {
            (" ", 1)
        } else {
            (g, UnicodeWidthStr::width(g))
        };
        if used + g_w > width {
            out.truncate(cut);
            if width > 0 {
                out.push('…');
            }
            return out;
        }
        out.push_str(g);
        used += g_w;
        if used < width {
            cut = out.len();
        }
    }
    out
}

/// [`truncate`], keeping the highlights `ranges` (sorted, disjoint byte
/// ranges of `s`) as runs. The text is the same as [`truncate`]'s.
pub fn truncate_runs(s: &str, ranges: &[Range<usize>], width: usize) -> Vec<Run> {
    if ranges.is_empty() {
        let cut = truncate(s, width);
        return if cut.is_empty() {
            Vec::new()
        } else {
            vec![(cut, false)]
        };
    }
    if let Some(cut) = simple_cut(s, width) {
        // Nothing to sanitize or segment: split what is kept at the
        // ranges.
        let mut out = Vec::new();
        let kept = cut.kept.len();
        // As `mark` takes ranges: after the last one taken, whole
        // characters; then cut to what is kept.
        let (mut pos, mut shown) = (0, 0);
        for r in ranges {
            let r = r.start.max(pos)..r.end.min(s.len());
            if r.start >= r.end || !s.is_char_boundary(r.start) || !s.is_char_boundary(r.end) {
                continue;
            }
            pos = r.end;
            let (a, b) = (r.start.min(kept), r.end.min(kept));
            if a < b {
                push_run(&mut out, &s[shown..a], false);
                push_run(&mut out, &s[a..b], true);
                shown = b;
            }
        }
        push_run(&mut out, &s[shown..kept], false);
        if cut.ellipsis {
            push_run(&mut out, "…", false);
        }
        return out;
    }
    truncate_runs_graphemes(s, ranges, width)
}

/// [`truncate_runs`] grapheme by grapheme, for any text.
fn truncate_runs_graphemes(s: &str, ranges: &[Range<usize>], width: usize) -> Vec<Run> {
    let m = mark(s, ranges, true);
    let mut out = Vec::new();
    let mut used = 0;
    let mut cut = 0;
    for (i, g) in m.text.grapheme_indices(true) {
        let g_w = if g.contains(char::is_control) {
            1
        } else {
            UnicodeWidthStr::width(g)
        };
        if used + g_w > width {
            m.runs_into(0..cut, &mut out);
            if width > 0 {
                push_run(&mut out, "…", false);
            }
            return out;
        }
        used += g_w;
        if used < width {
            cut = i + g.len();
        }
    }
    m.runs_into(0..m.text.len(), &mut out);
    out
}

/// The display width of runs.
pub fn runs_width(runs: &[Run]) -> usize {
    runs.iter().map(|(s, _)| width(s)).sum()
}

#[cfg(test)]
// One highlight range in a slice is what these tests mean.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn a_start_is_cut_to_keep_the_end() {
        assert_eq!(
            truncate_start("I › Tuy nhiên › Đối với", 12),
            "…n › Đối với"
        );
        assert_eq!(truncate_start("ngắn", 12), "ngắn");
        for w in 0..30 {
            assert!(width(&truncate_start("I › Tuy nhiên, bên cạnh › Đối với", w)) <= w);
        }
    }

    #[test]
    fn paths_break_after_a_slash_or_a_dash() {
        let path = "/home/lan/.local/share/ketluan/review/2017-02-22-ket-luan-cua-thuong-truc.toml";
        let lines = wrap_path(path, 40);
        assert_eq!(
            lines,
            [
                "/home/lan/.local/share/ketluan/review/",
                "2017-02-22-ket-luan-cua-thuong-truc.toml",
            ]
        );
        // The file name on a line of its own when it fits one.
        assert_eq!(
            wrap_path(path, 70),
            [
                "/home/lan/.local/share/ketluan/review/",
                "2017-02-22-ket-luan-cua-thuong-truc.toml",
            ]
        );
        assert_eq!(
            wrap_path(path, 30),
            [
                "/home/lan/.local/share/",
                "ketluan/review/2017-02-22-ket-",
                "luan-cua-thuong-truc.toml"
            ]
        );
        for w in 1..90 {
            let lines = wrap_path(path, w);
            assert_eq!(lines.concat(), path, "{w}");
            assert!(lines.iter().all(|l| width(l) <= w), "{w}: {lines:?}");
        }
        // A part longer than a line is cut; what is unsafe is shown.
        assert_eq!(wrap_path("/abcdefgh/x", 4), ["/", "abcd", "efgh", "/x"]);
        assert_eq!(
            wrap_path("/a\u{202e}b", 40).concat(),
            sanitize("/a\u{202e}b")
        );
    }

    /// The highlighted pieces of runs.
    fn marked(runs: &[Run]) -> Vec<&str> {
        runs.iter()
            .filter(|(_, h)| *h)
            .map(|(s, _)| s.as_str())
            .collect()
    }

    fn joined(lines: &[Vec<Run>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(s, _)| s.as_str()).collect())
            .collect()
    }

    #[test]
    fn highlights_survive_wrapping() {
        let text = "Xây dựng tổ chức bộ máy tinh gọn";
        let find = |w: &str| {
            let at = text.find(w).unwrap_or(0);
            at..at + w.len()
        };
        let ranges = [find("tổ"), find("chức"), find("bộ"), find("máy")];
        let lines = wrap_runs(text, &ranges, 12);
        assert_eq!(joined(&lines), wrap(text, 12));
        assert_eq!(joined(&lines), ["Xây dựng tổ", "chức bộ máy", "tinh gọn"]);
        assert_eq!(marked(&lines[0]), ["tổ"]);
        assert_eq!(marked(&lines[1]), ["chức", "bộ", "máy"]);
        assert!(marked(&lines[2]).is_empty());
        // A highlighted word longer than a line is cut between graphemes,
        // each piece still highlighted.
        let nfd = "Vie\u{323}\u{302}tnam";
        let lines = wrap_runs(nfd, &[0..nfd.len()], 3);
        assert_eq!(joined(&lines), ["Vie\u{323}\u{302}", "tna", "m"]);
        for line in &lines {
            assert!(line.iter().all(|(_, h)| *h), "{line:?}");
        }
    }

    #[test]
    fn highlights_land_on_the_same_characters_after_sanitizing() {
        // Control characters before the highlight grow when made visible.
        let text = "a\u{1b}\u{202e}b Đảng c";
        let at = text.find("Đảng").unwrap_or(0);
        let lines = wrap_runs(text, &[at..at + "Đảng".len()], 80);
        assert_eq!(marked(&lines[0]), ["Đảng"]);
        assert_eq!(joined(&lines), wrap(text, 80));
        let runs = truncate_runs(text, &[at..at + "Đảng".len()], 80);
        assert_eq!(marked(&runs), ["Đảng"]);
        // Across hard line breaks, on the right line.
        let text = "một\nhai Đảng";
        let at = text.find("Đảng").unwrap_or(0);
        let lines = wrap_runs(text, &[at..at + "Đảng".len()], 80);
        assert_eq!(marked(&lines[1]), ["Đảng"]);
        assert!(marked(&lines[0]).is_empty());
    }

    #[test]
    fn truncated_highlights_stop_at_the_cut() {
        let text = "Tổ chức bộ máy";
        let runs = truncate_runs(text, &[0..text.len()], 6);
        assert_eq!(runs_width(&runs), 6);
        assert_eq!(
            runs,
            [("Tổ ch".to_string(), true), ("…".to_string(), false)]
        );
        assert_eq!(truncate_runs(text, &[], 6), [(truncate(text, 6), false)]);
        assert!(truncate_runs(text, &[0..3], 0).is_empty());
        // Ranges off character boundaries are ignored, not a panic.
        assert!(marked(&truncate_runs(text, &[0..2], 80)).is_empty());
    }

    #[test]
    fn shifted_ranges_are_clipped_to_the_span() {
        assert_eq!(shift_ranges(&[0..3, 5..9, 12..14], 4..10), [1..5]);
        assert_eq!(shift_ranges(&[2..6], 4..10), [0..2]);
    }

    #[test]
    fn wraps_at_word_boundaries_by_display_width() {
        let text = "Việc chỉ đạo và tổ chức quán triệt";
        let lines = wrap(text, 12);
        assert_eq!(lines, ["Việc chỉ đạo", "và tổ chức", "quán triệt"]);
        for line in &lines {
            assert!(width(line) <= 12);
        }
    }

    #[test]
    fn decomposed_vietnamese_is_never_split_inside_a_grapheme() {
        // "Việc" with combining marks (NFD): 4 graphemes, 4 cells.
        let nfd = "Vie\u{323}\u{302}c";
        assert_eq!(width(nfd), 4);
        let lines = wrap(nfd, 2);
        assert_eq!(lines, ["Vi", "e\u{323}\u{302}c"]);
    }

    #[test]
    fn long_words_and_wide_graphemes_fit() {
        assert_eq!(wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(wrap("漢字", 1), ["漢", "字"]);
        assert_eq!(wrap("a b", 0), Vec::<String>::new());
    }

    #[test]
    fn hard_breaks_and_spaces() {
        assert_eq!(wrap("a  b\nc", 10), ["a b", "c"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("x\u{a0}y z", 3), ["x\u{a0}y", "z"]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Kết quả", 10), "Kết quả");
        assert_eq!(truncate("Kết quả", 5), "Kết …");
        assert_eq!(truncate("Kết quả", 1), "…");
        assert_eq!(truncate("Kết quả", 0), "");
        assert_eq!(truncate("a\nb", 5), "a b");
    }

    #[test]
    fn simple_text_cuts_into_runs_as_any_text() {
        let texts = [
            "",
            "Về công tác tổ chức bộ máy, tinh giản biên chế",
            "tổ chức tổ chức",
            "ab",
        ];
        let ranges: [&[Range<usize>]; 5] = [
            &[0..3],
            &[4..13, 20..24],
            &[0..1, 1..2],
            &[7..9, 9..10, 30..60],
            &[100..200],
        ];
        for t in texts {
            for r in ranges {
                for width in 0..50 {
                    assert_eq!(
                        truncate_runs(t, r, width),
                        truncate_runs_graphemes(t, r, width),
                        "{t:?} {r:?} {width}"
                    );
                }
            }
        }
    }

    #[test]
    fn simple_text_wraps_as_any_text() {
        let texts = [
            "",
            " ",
            "a",
            "Về công tác tổ chức bộ máy, tinh giản biên chế",
            "  hai  khoảng   trắng  ",
            "Kếtluậncủabanthườngvụtỉnhủyvềtìnhhìnhthựchiện nhiệm vụ",
            "a b c d e f g h i j k l m n o p",
            "“số 12-KL/TW” – §3 ≡ ▸ ✓ → ⟨x⟩",
            "ab\u{a0}cd ef",
        ];
        for t in texts {
            assert!(wrap_simple(t, 1).is_some(), "{t:?}");
            for width in 1..40 {
                assert_eq!(
                    wrap_runs(t, &[], width),
                    wrap_graphemes(t, &[], width),
                    "{t:?} {width}"
                );
            }
        }
        assert!(wrap_simple("a\nb", 5).is_none());
        assert!(wrap_simple("a\tb", 5).is_none());
    }

    fn simple_chars() -> Vec<char> {
        (0..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|c| is_simple(*c))
            .collect()
    }

    #[test]
    fn simple_characters_are_one_cell_graphemes_left_alone() {
        let simple = simple_chars();
        for &c in &simple {
            let s = c.to_string();
            assert_eq!(UnicodeWidthStr::width(s.as_str()), 1, "{c:?}");
            assert!(!crate::text::needs_sanitizing(&s), "{c:?}");
            assert!(!c.is_control(), "{c:?}");
        }
        // Any two of them are two graphemes: no joining, no marks.
        let all: String = simple.iter().collect();
        for &c in &simple {
            let pair_with_each: String = simple.iter().flat_map(|&d| [c, d]).collect();
            assert_eq!(
                pair_with_each.graphemes(true).count(),
                2 * simple.len(),
                "{c:?}"
            );
        }
        assert_eq!(all.graphemes(true).count(), simple.len());
    }

    /// Strings mixing simple characters with ones that are not (marks,
    /// wide, controls, line breaks), at every position.
    fn mixed() -> Vec<String> {
        let base = "Kết luận “số” 12 – a";
        let odd = [
            "\u{301}",
            "\u{323}\u{302}",
            "漢",
            "\n",
            "\r\n",
            "\t",
            "\u{1b}",
            "\u{202e}",
            "\u{200d}",
            "🇻🇳",
            "\u{ad}",
            "‼\u{fe0f}",
        ];
        let mut out = vec![String::new(), base.to_string()];
        let chars: Vec<char> = base.chars().collect();
        for o in odd {
            for at in 0..=chars.len() {
                let mut s: String = chars[..at].iter().collect();
                s.push_str(o);
                s.extend(&chars[at..]);
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn fast_paths_agree_with_graphemes() {
        for s in mixed() {
            let slow_width: usize = s
                .graphemes(true)
                .filter(|g| !g.contains(char::is_control))
                .map(UnicodeWidthStr::width)
                .sum();
            assert_eq!(width(&s), slow_width, "{s:?}");
            for w in 0..30 {
                assert_eq!(truncate(&s, w), truncate_graphemes(&s, w), "{s:?} {w}");
                let (cut, cut_w) = truncated_width(&s, w);
                assert_eq!(cut_w, width(&cut), "{s:?} {w}");
            }
            assert_eq!(truncate(&s, usize::MAX), truncate_graphemes(&s, usize::MAX));
            for w in 1..30 {
                let plain = wrap_runs(&s, &[], w);
                let marked = wrap_runs(&s, &[0..0], w);
                assert_eq!(plain, marked, "{s:?} {w}");
            }
        }
    }

    #[test]
    fn unsafe_characters_are_made_visible() {
        // A right-to-left override and an escape sequence.
        let evil = "ab\u{202e}cd \x1b[2J";
        let wrapped = wrap(evil, 80).join("\n");
        let cut = truncate(evil, 80);
        for shown in [&wrapped, &cut] {
            assert!(
                !shown.contains('\u{202e}') && !shown.contains('\x1b'),
                "{shown}"
            );
            assert!(shown.contains("U+202E"), "{shown}");
        }
        assert_eq!(wrap("a\tb\r\nc", 80), ["a b", "c"]);
    }
}

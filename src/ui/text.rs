//! Measuring, wrapping and truncating text by display width, grapheme by
//! grapheme, so Vietnamese (and any other) text is never split inside a
//! character and columns line up. Wrapping and truncating also pass the
//! text through [`crate::text::sanitize`]: document text is untrusted and
//! must not drive the terminal or hide behind invisible characters.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::sanitize;

/// Display width of `s` in terminal cells (control characters count 0).
pub fn width(s: &str) -> usize {
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
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    for hard_line in text.split('\n') {
        let hard_line = sanitize(hard_line.strip_suffix('\r').unwrap_or(hard_line));
        let mut line = String::new();
        let mut line_w = 0;
        for word in hard_line.split(is_break).filter(|w| !w.is_empty()) {
            let word_w = self::width(word);
            if line_w > 0 && line_w + 1 + word_w <= width {
                line.push(' ');
                line.push_str(word);
                line_w += 1 + word_w;
                continue;
            }
            if line_w > 0 {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if word_w <= width {
                line = word.to_string();
                line_w = word_w;
                continue;
            }
            // A word longer than a line: fill lines grapheme by grapheme.
            for g in word
                .graphemes(true)
                .filter(|g| !g.contains(char::is_control))
            {
                let g_w = UnicodeWidthStr::width(g);
                if line_w > 0 && line_w + g_w > width {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push_str(g);
                line_w += g_w;
            }
        }
        out.push(line);
    }
    out
}

/// `s` on one line, cut to at most `width` cells; a cut is marked with `…`.
/// Reads only as much of `s` as fits, so long paragraphs cost no more than
/// short ones.
pub fn truncate(s: &str, width: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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

//! Text operations shared by the editors: grapheme boundaries, word
//! scans, NFC insertion and display width. Offsets are bytes into `text`.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

/// The grapheme boundary before `at` (0 at the start).
pub(crate) fn prev_boundary(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.prev_boundary(text, 0) {
        Ok(b) => b.unwrap_or(0),
        // Cannot happen with the whole text as one chunk; be exact anyway.
        Err(_) => text
            .get(..at)
            .and_then(|s| s.grapheme_indices(true).next_back())
            .map_or(0, |(i, _)| i),
    }
}

/// The grapheme boundary after `at` (the end of the text at the end).
pub(crate) fn next_boundary(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.next_boundary(text, 0) {
        Ok(b) => b.unwrap_or(text.len()),
        Err(_) => text
            .get(at..)
            .and_then(|s| s.graphemes(true).next())
            .map_or(text.len(), |g| at + g.len()),
    }
}

/// Start of the word before `at`, skipping the spaces just before it, not
/// going before `from`.
pub(crate) fn word_start(text: &str, from: usize, at: usize) -> usize {
    let before = text.get(from..at).unwrap_or("");
    from + before
        .trim_end()
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// End of the word after `at`, skipping the spaces just after it.
pub(crate) fn word_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let skip_space = rest.len() - rest.trim_start().len();
    let word = rest[skip_space..]
        .find(char::is_whitespace)
        .unwrap_or(rest.len() - skip_space);
    at + skip_space + word
}

/// Inserts already cleaned text at `caret` and returns the caret after
/// it. The text before the caret is re-normalized with the insertion, so
/// a combining mark typed on its own composes with the letter before it.
pub(crate) fn insert_nfc(text: &mut String, caret: usize, clean: &str) -> usize {
    let (before, after) = text.split_at(caret.min(text.len()));
    let mut joined: String = before.chars().chain(clean.chars()).nfc().collect();
    let caret = joined.len();
    joined.push_str(after);
    *text = joined;
    caret
}

/// Removes `r` from `text`; false when it is empty or not on character
/// boundaries.
pub(crate) fn remove(text: &mut String, r: Range<usize>) -> bool {
    if r.is_empty() || text.get(r.clone()).is_none() {
        return false;
    }
    text.replace_range(r, "");
    true
}

/// Width in cells, grapheme by grapheme (as ratatui draws).
pub(crate) fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_step_over_whole_graphemes() {
        let s = "ae\u{302}\u{323}b";
        assert_eq!(next_boundary(s, 1), s.len() - 1);
        assert_eq!(prev_boundary(s, s.len() - 1), 1);
        assert_eq!(prev_boundary(s, 0), 0);
        assert_eq!(next_boundary(s, s.len()), s.len());
    }

    #[test]
    fn words_are_found_within_their_bounds() {
        let s = "một hai  ba";
        assert_eq!(word_start(s, 0, s.len()), s.find("ba").unwrap());
        assert_eq!(
            word_start(s, 0, s.find("ba").unwrap()),
            s.find("hai").unwrap()
        );
        // Never before `from`, even inside a word.
        assert_eq!(word_start(s, 7, 9), 7);
        assert_eq!(word_end(s, 0), "một".len());
    }

    #[test]
    fn insertion_composes_a_lone_mark() {
        let mut s = String::from("ex");
        let caret = insert_nfc(&mut s, 1, "\u{302}");
        assert_eq!((s.as_str(), caret), ("êx", "ê".len()));
        assert!(!remove(&mut s, 1..1));
        assert!(remove(&mut s, 0.."ê".len()));
        assert_eq!(s, "x");
    }
}

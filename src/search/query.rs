//! A search query: words that must all occur, each matched with smart
//! diacritics.
//!
//! Like smart case, a word typed without marks matches any marks ("dang"
//! finds "Đảng", "đang", "dạng"); a word typed with a mark matches the marks
//! exactly ("sợ" finds neither "số" nor "sở"). Case never matters. The one
//! exception to exactness is tone placement: old and new style put the tone
//! of `oa`, `oe` and `uy` on different letters ("hòa"/"hoà", "khỏe"/"khoẻ",
//! "thủy"/"thuỷ") and those spellings are the same word.

use unicode_normalization::UnicodeNormalization;

use crate::doc::SOFT_HYPHEN;

use super::fold::{self, Marks, Shape, Tone};

/// A parsed query. Parse once per keystroke, then search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<Word>,
}

/// One word of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    folded: String,
    /// Per folded byte, as [`fold::Folded::marks`].
    marks: Vec<Marks>,
    exact: bool,
    /// The word has an `oa`, `oe` or `uy` pair, whose tone may sit on
    /// either letter: only then can differing marks still match.
    tone_pairs: bool,
}

impl Query {
    /// Splits `input` (NFC, NFD or mixed) into words at whitespace,
    /// without soft hyphens (as notices are loaded).
    pub fn parse(input: &str) -> Query {
        let nfc: String = input.nfc().filter(|&c| c != SOFT_HYPHEN).collect();
        Query {
            words: nfc.split_whitespace().map(Word::new).collect(),
        }
    }

    /// True when the query has no words (only whitespace or nothing).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in the order typed.
    pub fn words(&self) -> &[Word] {
        &self.words
    }
}

impl Word {
    fn new(word: &str) -> Word {
        let folded = fold::fold(word);
        let letters = folded.text().as_bytes();
        Word {
            exact: folded.has_marks(),
            tone_pairs: letters.windows(2).any(|w| tone_pair(w[0], w[1])),
            folded: folded.text().to_string(),
            marks: folded.marks().to_vec(),
        }
    }

    /// The word folded: lowercase, without accents. Never empty and never
    /// contains whitespace.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether the word was typed with marks and so matches them exactly.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// Whether an occurrence of [`Word::folded`] whose units carry `marks`
    /// (one per folded byte, as [`fold::Folded::marks`]) matches the word.
    /// Always true for a word without marks; false when the lengths differ.
    pub fn accepts(&self, marks: &[Marks]) -> bool {
        if !self.exact {
            return true;
        }
        // Called for every occurrence of the folded word: the common
        // answers first, by one slice comparison.
        if marks == self.marks.as_slice() {
            return true;
        }
        if !self.tone_pairs || marks.len() != self.marks.len() {
            return false;
        }
        let letters = self.folded.as_bytes();
        let mut i = 0;
        while i < letters.len() {
            if i + 1 < letters.len()
                && tone_pair(letters[i], letters[i + 1])
                && [self.marks[i], self.marks[i + 1], marks[i], marks[i + 1]]
                    .iter()
                    .all(|m| m.shape() == Shape::None)
            {
                if pair_tone(self.marks[i], self.marks[i + 1]) != pair_tone(marks[i], marks[i + 1])
                {
                    return false;
                }
                i += 2;
                continue;
            }
            if self.marks[i] != marks[i] {
                return false;
            }
            i += 1;
        }
        true
    }
}

/// The vowel pairs whose tone old style puts on the first letter and new
/// style on the second. Only these: `ua`, `ia` and the rest have one
/// placement ("của", "quả", "mía").
fn tone_pair(a: u8, b: u8) -> bool {
    matches!((a, b), (b'o', b'a') | (b'o', b'e') | (b'u', b'y'))
}

/// The tones of a pair with the placement normalized to the second letter.
fn pair_tone(first: Marks, second: Marks) -> (Tone, Tone) {
    match (first.tone(), second.tone()) {
        (t, Tone::None) => (Tone::None, t),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether query word `q` matches the whole of `text` (same letters).
    fn same_word(q: &str, text: &str) -> bool {
        let query = Query::parse(q);
        let t = fold::fold(text);
        let w = &query.words()[0];
        w.folded() == t.text() && w.accepts(t.marks())
    }

    #[test]
    fn words_split_at_whitespace_and_fold() {
        let q = Query::parse("  Tổ\tchức\u{3000}BỘ máy\n");
        let folded: Vec<&str> = q.words().iter().map(Word::folded).collect();
        assert_eq!(folded, ["to", "chuc", "bo", "may"]);
        assert!(Query::parse(" \t ").is_empty());
        assert!(Query::parse("").is_empty());
    }

    #[test]
    fn a_word_without_marks_matches_any_marks() {
        for text in ["Đảng", "đang", "dạng", "DANG", "đăng"] {
            assert!(same_word("dang", text), "{text}");
        }
        assert!(!Query::parse("dang").words()[0].is_exact());
    }

    #[test]
    fn a_word_with_marks_matches_them_exactly_in_any_case() {
        assert!(Query::parse("sợ").words()[0].is_exact());
        assert!(same_word("sợ", "sợ"));
        assert!(same_word("sợ", "SỢ"));
        assert!(!same_word("sợ", "số"));
        assert!(!same_word("sợ", "sở"));
        assert!(!same_word("sợ", "so"));
        assert!(same_word("Đảng", "đảng"));
        assert!(!same_word("đảng", "đang"));
        assert!(!same_word("đảng", "dảng"));
        // One mark anywhere makes the whole word exact.
        assert!(!same_word("đang", "Đảng"));
    }

    #[test]
    fn old_and_new_tone_placement_are_the_same_word() {
        let pairs = [
            ("ủy", "uỷ"),
            ("hòa", "hoà"),
            ("thúy", "thuý"),
            ("khỏe", "khoẻ"),
            ("hóa", "hoá"),
            ("tòa", "toà"),
            ("lũy", "luỹ"),
            ("HÒA", "hoà"),
        ];
        for (old, new) in pairs {
            assert!(same_word(old, new), "{old} ~ {new}");
            assert!(same_word(new, old), "{new} ~ {old}");
            assert!(same_word(old, old) && same_word(new, new));
        }
        // The tone itself still has to agree.
        assert!(!same_word("hòa", "hoá"));
        assert!(!same_word("ủy", "uý"));
        assert!(!same_word("hòa", "hoa"));
    }

    #[test]
    fn only_oa_oe_uy_move_their_tone() {
        // "qu" + a: the tone has one place; so have ua, ia, ưa, and the
        // shaped vowels.
        assert!(same_word("quả", "quả"));
        assert!(!same_word("quả", "qủa"));
        assert!(!same_word("của", "cuả"));
        assert!(!same_word("mía", "miá"));
        assert!(!same_word("hoặc", "họăc"));
        assert!(!same_word("thuở", "thủơ"));
    }

    #[test]
    fn nfd_queries_match_like_nfc() {
        let nfd: String = "ủy ban".nfd().collect();
        assert_eq!(Query::parse(&nfd), Query::parse("ủy ban"));
        assert!(same_word(&"Đảng".nfd().collect::<String>(), "đảng"));
    }
}

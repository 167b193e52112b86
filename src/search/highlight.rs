//! Highlights: where the words of a query occur, as byte ranges of the
//! original strings, widened to whole graphemes and merged.

use std::ops::Range;

use memchr::memmem::Finder;
use unicode_segmentation::UnicodeSegmentation;

use super::fold::{self, Marks};
use super::query::Query;
use super::target::Field;
use crate::text::is_simple;

/// Highlight ranges of one entry, per field. Ranges are byte ranges of the
/// strings [`super::field_text`] gives; within a field they are sorted,
/// disjoint, non-empty and on grapheme boundaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    spans: Vec<(Field, Range<usize>)>,
}

impl Highlights {
    pub(crate) fn push(&mut self, field: Field, ranges: Vec<Range<usize>>) {
        self.spans.extend(ranges.into_iter().map(|r| (field, r)));
    }

    /// The ranges in `field`, sorted.
    pub fn ranges(&self, field: Field) -> impl Iterator<Item = Range<usize>> + '_ {
        self.spans
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, r)| r.clone())
    }

    /// Every field's ranges, fields in display order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, Range<usize>)> + '_ {
        self.spans.iter().cloned()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// Highlight ranges of `query` in any string `text` (folded on the spot):
/// sorted, disjoint, on grapheme boundaries. For strings of a document, use
/// [`super::Index::highlights`], which reuses the folded text.
pub fn highlight_str(query: &Query, text: &str) -> Vec<Range<usize>> {
    let folded = fold::fold(text);
    let found = occurrences(query, folded.text(), folded.marks());
    to_original(text, found, |r| folded.original_range(r))
}

/// Every occurrence of every word in one folded field, overlapping ones
/// included, as folded byte ranges in no particular order.
pub(crate) fn occurrences(query: &Query, folded: &str, marks: &[Marks]) -> Vec<Range<usize>> {
    let hay = folded.as_bytes();
    let mut out = Vec::new();
    for word in query.words() {
        let needle = word.folded().as_bytes();
        let finder = Finder::new(needle);
        let mut pos = 0;
        while let Some(off) = hay.get(pos..).and_then(|h| finder.find(h)) {
            let at = pos + off;
            let end = at + needle.len();
            if marks.get(at..end).is_some_and(|m| word.accepts(m)) {
                out.push(at..end);
            }
            // Step one byte, not one needle: a rejected occurrence may
            // overlap an accepted one ("ồo" in "oồo").
            pos = at + 1;
        }
    }
    out
}

/// Maps folded ranges to `original` through `map`, widens them to whole
/// graphemes, sorts and merges them. Ranges `map` rejects are dropped.
pub(crate) fn to_original(
    original: &str,
    folded: Vec<Range<usize>>,
    map: impl Fn(Range<usize>) -> Option<Range<usize>>,
) -> Vec<Range<usize>> {
    if folded.is_empty() {
        return Vec::new();
    }
    // Grapheme boundaries of the whole text, found only if an end falls
    // next to a character that is not simple.
    let mut bounds: Option<Vec<usize>> = None;
    let mut ranges: Vec<Range<usize>> = folded
        .into_iter()
        .filter_map(map)
        .filter(|r| r.start < r.end && r.end <= original.len())
        .map(|r| {
            if simple_boundary(original, r.start) && simple_boundary(original, r.end) {
                return r;
            }
            let bounds = bounds.get_or_insert_with(|| {
                original
                    .grapheme_indices(true)
                    .map(|(i, _)| i)
                    .chain([original.len()])
                    .collect()
            });
            // `bounds` starts with 0 and ends with the length, so both
            // lookups land inside it.
            let s = bounds.partition_point(|&b| b <= r.start).saturating_sub(1);
            let e = bounds.partition_point(|&b| b < r.end);
            let start = bounds.get(s).copied().unwrap_or(0);
            let end = bounds.get(e).copied().unwrap_or(original.len());
            start..end
        })
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether byte `at` of `s` is a grapheme boundary for the plain reason
/// that it is an end of `s` or sits between two [`is_simple`] characters
/// (each its own grapheme next to any other); `false` says nothing.
fn simple_boundary(s: &str, at: usize) -> bool {
    if at == 0 || at == s.len() {
        return true;
    }
    let (Some(before), Some(after)) = (s.get(..at), s.get(at..)) else {
        return false;
    };
    matches!(
        (before.chars().next_back(), after.chars().next()),
        (Some(a), Some(b)) if is_simple(a) && is_simple(b)
    )
}

/// The folded offset of each unit start in an original string, for
/// mapping folded ranges of the index back without storing a map.
pub(crate) struct UnitMap {
    /// (folded offset, original offset) at each unit start, then at the end.
    bounds: Vec<(usize, usize)>,
}

impl UnitMap {
    /// Folds `original` again (without storing it) as far as folded
    /// offset `upto`, the last one to map, and records the unit starts.
    /// `None` when that does not fold to `folded`, the indexed text, or
    /// when all of it does but is not all of `folded`: the index was built
    /// from another text. A field's highlights end where the last one
    /// does; the rest of a long text is not folded again.
    pub(crate) fn new(original: &str, folded: &str, upto: usize) -> Option<UnitMap> {
        let mut bounds = Vec::new();
        let mut f = 0;
        for unit in fold::units(original) {
            if f > upto {
                return Some(UnitMap { bounds });
            }
            if !folded.get(f..)?.starts_with(unit.folded) {
                return None;
            }
            bounds.push((f, unit.orig.start));
            f += unit.folded.len_utf8();
        }
        bounds.push((f, original.len()));
        (f == folded.len()).then_some(UnitMap { bounds })
    }

    /// Original range of the folded range `r`, whose ends must fall on unit
    /// starts (as whole-word matches do).
    pub(crate) fn map(&self, r: Range<usize>) -> Option<Range<usize>> {
        let at = |f: usize| {
            self.bounds
                .binary_search_by_key(&f, |(folded, _)| *folded)
                .ok()
                .and_then(|i| self.bounds.get(i))
                .map(|(_, orig)| *orig)
        };
        Some(at(r.start)?..at(r.end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn hl<'a>(query: &str, text: &'a str) -> Vec<&'a str> {
        highlight_str(&Query::parse(query), text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn every_word_is_highlighted_wherever_it_occurs() {
        assert_eq!(
            hl("to chuc bo may", "Xây dựng tổ chức bộ máy; Tổ chức"),
            ["tổ", "chức", "bộ", "máy", "Tổ", "chức"]
        );
        assert_eq!(hl("dang", "của Đảng, đang"), ["Đảng", "đang"]);
        assert_eq!(hl("đảng", "của Đảng, đang"), ["Đảng"]);
        assert_eq!(hl("uỷ", "Tỉnh ủy, Tỉnh uỷ"), ["ủy", "uỷ"]);
        assert_eq!(hl("sợ", "số sở sợ"), ["sợ"]);
        assert_eq!(hl("xyz", "số sở sợ"), Vec::<&str>::new());
    }

    #[test]
    fn overlapping_occurrences_merge() {
        assert_eq!(hl("aa", "aaa b aa"), ["aaa", "aa"]);
        assert_eq!(hl("ab bc", "abc"), ["abc"]);
    }

    #[test]
    fn highlights_widen_to_whole_graphemes() {
        // A mark that composes with nothing stays in its letter's unit.
        assert_eq!(hl("e", "e\u{fe0f}x"), ["e\u{fe0f}"]);
        // Joiners and skin tones are no marks: the fold sees separate
        // characters, the highlight takes the whole grapheme.
        assert_eq!(hl("👨", "x👨\u{200d}👩y"), ["👨\u{200d}👩"]);
        assert_eq!(hl("👍", "a👍🏽"), ["👍🏽"]);
        // NFD text: the whole cluster is highlighted.
        let nfd: String = "Người đứng đầu".nfd().collect();
        let got = hl("dung", &nfd);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].nfc().collect::<String>(), "đứng");
    }

    #[test]
    fn unit_map_checks_the_text_it_maps() {
        assert!(UnitMap::new("Đảng", "dang", 4).is_some());
        assert!(UnitMap::new("Đảng", "danga", 5).is_none());
        assert!(UnitMap::new("Đảng", "dong", 4).is_none());
        let m = UnitMap::new("Tổ chức", "to chuc", 7).unwrap();
        assert_eq!(m.map(3..7), Some(5.."Tổ chức".len()));
        assert_eq!(m.map(0..2), Some(0..4));
        // Folded only as far as asked: the start maps, the rest is not
        // looked at.
        let m = UnitMap::new("Tổ chức bộ máy", "to chuc bo ma?", 2).unwrap();
        assert_eq!(m.map(0..2), Some(0..4));
        assert_eq!(m.map(3..7), None);
    }

    /// Letters of every kind the fold meets: all Vietnamese vowels in both
    /// cases, d/đ, spaces, punctuation, a non-Vietnamese accent, emoji with
    /// modifiers and joiners, a lone combining mark.
    fn piece() -> impl Strategy<Value = String> {
        let letters: Vec<String> = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ\
                                    uùúủũụưừứửữựyỳýỷỹỵđdnghtcqĐÀỦÝ"
            .chars()
            .map(String::from)
            .chain(
                [
                    " ",
                    ", ",
                    "ü",
                    "👍🏽",
                    "👨\u{200d}👩",
                    "e\u{fe0f}",
                    "\u{301}",
                    "–",
                ]
                .map(String::from),
            )
            .collect();
        proptest::sample::select(letters)
    }

    fn text() -> impl Strategy<Value = (String, bool)> {
        (proptest::collection::vec(piece(), 0..40), any::<bool>()).prop_map(|(pieces, nfd)| {
            let s = pieces.concat();
            if nfd {
                (s.nfd().collect(), nfd)
            } else {
                (s, nfd)
            }
        })
    }

    proptest! {
        #[test]
        fn highlighted_ranges_fold_to_the_query_on_grapheme_boundaries(
            (text, _nfd) in text(),
            from in 0usize..40,
            len in 1usize..6,
            strip in any::<bool>(),
        ) {
            // The query is a piece of the text itself, with or without its
            // marks, so matches exist.
            let chars: Vec<char> = text.nfc().collect();
            let from = from.min(chars.len());
            let end = (from + len).min(chars.len());
            let piece: String = chars[from..end].iter().collect();
            let piece = if strip { fold::fold(&piece).text().to_string() } else { piece };
            let query = Query::parse(&piece);
            let ranges = highlight_str(&query, &text);
            let bounds: Vec<usize> = text
                .grapheme_indices(true)
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let mut last_end = 0;
            for r in &ranges {
                prop_assert!(r.start < r.end);
                prop_assert!(r.start >= last_end, "sorted and disjoint");
                last_end = r.end;
                prop_assert!(bounds.contains(&r.start) && bounds.contains(&r.end),
                    "{r:?} splits a grapheme of {text:?}");
                let folded = fold::fold(&text[r.clone()]);
                prop_assert!(
                    query.words().iter().any(|w| folded.text().contains(w.folded())),
                    "{:?} folds to {:?}, which has no word of {piece:?}",
                    &text[r.clone()], folded.text()
                );
            }
            let whole = fold::fold(&text);
            for w in query.words() {
                if !w.is_exact() && whole.text().contains(w.folded()) {
                    prop_assert!(!ranges.is_empty(), "{piece:?} not found in {text:?}");
                }
            }
        }

        #[test]
        fn each_occurrence_folds_exactly_to_its_word(
            (text, _nfd) in text(),
            from in 0usize..40,
            len in 1usize..6,
        ) {
            let chars: Vec<char> = text.nfc().collect();
            let from = from.min(chars.len());
            let end = (from + len).min(chars.len());
            let piece: String = chars[from..end].iter().collect();
            let query = Query::parse(&piece);
            let folded = fold::fold(&text);
            for r in occurrences(&query, folded.text(), folded.marks()) {
                let orig = folded.original_range(r.clone());
                prop_assert!(orig.is_some());
                let orig = orig.unwrap_or(0..0);
                let again = fold::fold(&text[orig]);
                prop_assert!(query.words().iter().any(|w| again.text() == w.folded()
                    && w.accepts(again.marks())));
            }
        }
    }
}

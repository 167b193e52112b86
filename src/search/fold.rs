//! The accent and case fold: each character of a text becomes one folded
//! character plus the marks it lost, so that folded offsets map back to the
//! original exactly.
//!
//! All 134 Vietnamese letters (67 lowercase, 67 uppercase) fold to their
//! ASCII base letter by a table; `đ`/`Đ` fold to `d` by hand (Unicode gives
//! them no decomposition). Other letters fold to their lowercase form, and
//! to their base letter when they decompose canonically into a base and
//! combining marks (`ü` → `u`). Input need not be NFC: a base character
//! and the combining marks after it form one [`Unit`], composed as NFC
//! would, so `"e\u{323}\u{302}"` folds like `"ệ"`.

use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The letter shape a fold removes: Vietnamese's breve, circumflex, horn
/// and the stroke of `đ`, or any other mark on a non-Vietnamese letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    None,
    /// ă
    Breve,
    /// â ê ô
    Circumflex,
    /// ơ ư
    Horn,
    /// đ
    Stroke,
    /// Any mark that is not Vietnamese (`ü`, `ñ`, a combining mark that
    /// does not compose).
    Other,
}

/// The Vietnamese tone a fold removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// ngang
    None,
    /// huyền: à
    Grave,
    /// sắc: á
    Acute,
    /// hỏi: ả
    Hook,
    /// ngã: ã
    Tilde,
    /// nặng: ạ
    Dot,
}

impl Tone {
    const ALL: [Tone; 6] = [
        Tone::None,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
}

impl Shape {
    const ALL: [Shape; 6] = [
        Shape::None,
        Shape::Breve,
        Shape::Circumflex,
        Shape::Horn,
        Shape::Stroke,
        Shape::Other,
    ];
}

/// The marks one character lost in the fold, packed in a byte so that an
/// index can keep one per folded byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Marks(u8);

impl Marks {
    /// No mark: the character folded to itself or only changed case.
    pub const NONE: Marks = Marks(0);

    pub fn new(shape: Shape, tone: Tone) -> Marks {
        Marks(shape as u8 | ((tone as u8) << 3))
    }

    pub fn shape(self) -> Shape {
        Shape::ALL
            .get(usize::from(self.0 & 7))
            .copied()
            .unwrap_or(Shape::Other)
    }

    pub fn tone(self) -> Tone {
        Tone::ALL
            .get(usize::from(self.0 >> 3))
            .copied()
            .unwrap_or(Tone::None)
    }

    pub fn is_none(self) -> bool {
        self == Marks::NONE
    }

    fn with_shape(self, shape: Shape) -> Marks {
        Marks::new(shape, self.tone())
    }
}

/// The twelve Vietnamese vowels with their shape, each followed by its five
/// toned forms in [`Tone`] order. With `đ` and the uppercase forms these
/// are the 134 letters the fold knows by name.
const VOWELS: [(char, Shape, &str); 12] = [
    ('a', Shape::None, "aàáảãạ"),
    ('a', Shape::Breve, "ăằắẳẵặ"),
    ('a', Shape::Circumflex, "âầấẩẫậ"),
    ('e', Shape::None, "eèéẻẽẹ"),
    ('e', Shape::Circumflex, "êềếểễệ"),
    ('i', Shape::None, "iìíỉĩị"),
    ('o', Shape::None, "oòóỏõọ"),
    ('o', Shape::Circumflex, "ôồốổỗộ"),
    ('o', Shape::Horn, "ơờớởỡợ"),
    ('u', Shape::None, "uùúủũụ"),
    ('u', Shape::Horn, "ưừứửữự"),
    ('y', Shape::None, "yỳýỷỹỵ"),
];

/// Code point ranges holding every non-ASCII Vietnamese letter (Latin-1
/// Supplement to Latin Extended-B, and Latin Extended Additional).
const LOW: Range<u32> = 0x00C0..0x01B1;
const HIGH: Range<u32> = 0x1EA0..0x1EFA;

/// Direct lookup for the Vietnamese letters: one slot per code point of
/// [`LOW`] then [`HIGH`]. Built once from [`VOWELS`].
static TABLE: LazyLock<Vec<Option<(u8, Marks)>>> = LazyLock::new(|| {
    let low_len = (LOW.end - LOW.start) as usize;
    let mut table = vec![None; low_len + (HIGH.end - HIGH.start) as usize];
    let mut put = |c: char, base: char, marks: Marks| {
        let cp = u32::from(c);
        let slot = if LOW.contains(&cp) {
            Some((cp - LOW.start) as usize)
        } else if HIGH.contains(&cp) {
            Some(low_len + (cp - HIGH.start) as usize)
        } else {
            None
        };
        if let Some(slot) = slot {
            table[slot] = Some((base as u8, marks));
        }
    };
    for (base, shape, forms) in VOWELS {
        for (c, tone) in forms.chars().zip(Tone::ALL) {
            let marks = Marks::new(shape, tone);
            put(c, base, marks);
            // Every Vietnamese letter has a single-character uppercase.
            put(single_upper(c), base, marks);
        }
    }
    let stroke = Marks::new(Shape::Stroke, Tone::None);
    put('đ', 'd', stroke);
    put('Đ', 'd', stroke);
    table
});

fn single_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn single_lower(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn vietnamese(c: char) -> Option<(char, Marks)> {
    let cp = u32::from(c);
    let slot = if LOW.contains(&cp) {
        (cp - LOW.start) as usize
    } else if HIGH.contains(&cp) {
        (LOW.end - LOW.start + cp - HIGH.start) as usize
    } else {
        return None;
    };
    TABLE
        .get(slot)
        .copied()
        .flatten()
        .map(|(b, m)| (char::from(b), m))
}

/// Folds one (NFC) character: lowercase, without accents, and the marks it
/// lost. Characters whose lowercase is several characters (`İ`) keep their
/// case unless they decompose to a base letter.
pub fn fold_char(c: char) -> (char, Marks) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), Marks::NONE);
    }
    if let Some(hit) = vietnamese(c) {
        return hit;
    }
    if let Some(plain) = keyboard_punctuation(c) {
        return (plain, Marks::NONE);
    }
    let lower = single_lower(c);
    // A letter that decomposes into one base and combining marks folds to
    // the base; the marks are not Vietnamese ones (those hit the table).
    let mut first = None;
    let mut count = 0usize;
    let mut only_marks = true;
    decompose_canonical(lower, |d| {
        if count == 0 {
            first = Some(d);
        } else if !is_combining_mark(d) {
            only_marks = false;
        }
        count += 1;
    });
    match first {
        Some(base) if count > 1 && only_marks && !is_combining_mark(base) => {
            (single_lower(base), Marks::new(Shape::Other, Tone::None))
        }
        _ => (lower, Marks::NONE),
    }
}

/// The keyboard's quote or hyphen for a typographic one: a query typed
/// with `"` or `-` finds “tự diễn biến” and "quốc phòng – an ninh".
fn keyboard_punctuation(c: char) -> Option<char> {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => Some('\''),
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => Some('"'),
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => Some('-'),
        _ => None,
    }
}

/// One folded unit: a base character with the combining marks after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Byte range of the unit in the original text.
    pub orig: Range<usize>,
    pub folded: char,
    pub marks: Marks,
}

/// The units of `text`, in order, covering it without gaps.
pub fn units(text: &str) -> Units<'_> {
    Units { text, pos: 0 }
}

/// Iterator returned by [`units`].
#[derive(Debug, Clone)]
pub struct Units<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        let rest = self.text.get(self.pos..)?;
        let mut chars = rest.char_indices();
        let (_, base) = chars.next()?;
        let mut end = base.len_utf8();
        for (i, c) in chars {
            // ASCII is never a mark: spare the table lookup.
            if c.is_ascii() || !is_combining_mark(c) {
                break;
            }
            end = i + c.len_utf8();
        }
        let start = self.pos;
        self.pos += end;
        let (folded, marks) = if end == base.len_utf8() {
            fold_char(base)
        } else {
            // Marks follow (NFD input, or marks NFC cannot compose):
            // compose as NFC does; what stays separate is "another mark".
            let mut composed = rest[..end].nfc();
            let first = composed.next().unwrap_or(base);
            let (folded, marks) = fold_char(first);
            if composed.next().is_some() {
                (folded, marks.with_shape(Shape::Other))
            } else {
                (folded, marks)
            }
        };
        Some(Unit {
            orig: start..start + end,
            folded,
            marks,
        })
    }
}

/// A folded text with its marks and the map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    text: String,
    /// Per folded byte: the marks of its unit (lead byte only; `NONE` on
    /// continuation bytes).
    marks: Vec<Marks>,
    /// Per folded byte: the original byte range of its unit.
    origin: Vec<Range<usize>>,
    orig_len: usize,
}

/// Folds `text` (NFC or not) unit by unit.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        marks: Vec::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
        orig_len: text.len(),
    };
    for unit in units(text) {
        out.text.push(unit.folded);
        let n = unit.folded.len_utf8();
        out.marks.push(unit.marks);
        out.marks.extend(std::iter::repeat_n(Marks::NONE, n - 1));
        out.origin.extend(std::iter::repeat_n(unit.orig.clone(), n));
    }
    out
}

impl Folded {
    /// The folded text: lowercase, without Vietnamese accents.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Marks per folded byte (see [`Marks`]); as long as [`Folded::text`].
    pub fn marks(&self) -> &[Marks] {
        &self.marks
    }

    /// Whether any unit lost a mark in the fold (case alone does not count).
    pub fn has_marks(&self) -> bool {
        self.marks.iter().any(|m| !m.is_none())
    }

    /// Original byte range of the unit holding folded byte `i`; `None` past
    /// the end.
    pub fn origin(&self, i: usize) -> Option<Range<usize>> {
        self.origin.get(i).cloned()
    }

    /// Original byte range covering the folded range `r` (whole units; an
    /// empty `r` maps to an empty range). `None` if `r` is out of bounds.
    pub fn original_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        if r.start > r.end || r.end > self.text.len() {
            return None;
        }
        if r.is_empty() {
            let at = self.origin(r.start).map_or(self.orig_len, |o| o.start);
            return Some(at..at);
        }
        let start = self.origin(r.start)?.start;
        let end = self.origin(r.end - 1)?.end;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use unicode_normalization::UnicodeNormalization;

    /// The 67 lowercase letters, written out independently of [`VOWELS`].
    const LOWER: &str = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ\
                         uùúủũụưừứửữựyỳýỷỹỵđ";
    const UPPER: &str = "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ\
                         UÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";
    const BASES: &str = "aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooo\
                         uuuuuuuuuuuuyyyyyyd";

    #[test]
    fn the_tables_hold_134_letters() {
        assert_eq!(BASES.chars().count(), 73);
        assert_eq!(LOWER.chars().count(), 73);
        assert_eq!(UPPER.chars().count(), 73);
        // 73 = 67 non-ASCII letters + the six plain vowels a e i o u y.
        let non_ascii = LOWER.chars().filter(|c| !c.is_ascii()).count()
            + UPPER.chars().filter(|c| !c.is_ascii()).count();
        assert_eq!(non_ascii, 134);
    }

    #[test]
    fn every_letter_folds_to_its_base_in_both_cases_and_in_nfd() {
        for (case, letters) in [("lower", LOWER), ("upper", UPPER)] {
            for (c, base) in letters.chars().zip(BASES.chars()) {
                assert_eq!(fold_char(c).0, base, "{case} {c}");
                let nfc = fold(&c.to_string());
                assert_eq!(nfc.text(), base.to_string(), "{case} {c}");
                let nfd: String = c.to_string().nfd().collect();
                let folded = fold(&nfd);
                assert_eq!(folded.text(), base.to_string(), "{case} {c} NFD");
                assert_eq!(folded.marks(), nfc.marks(), "{case} {c} NFD marks");
                assert_eq!(folded.original_range(0..1), Some(0..nfd.len()));
            }
        }
    }

    #[test]
    fn marks_tell_letters_with_the_same_base_apart() {
        let mut seen = std::collections::HashSet::new();
        for c in LOWER.chars() {
            assert!(seen.insert(fold_char(c)), "{c} folds like another letter");
            assert_eq!(fold_char(c), fold_char(single_upper(c)), "{c}");
        }
        assert_eq!(fold_char('ự'), ('u', Marks::new(Shape::Horn, Tone::Dot)));
        assert_eq!(
            fold_char('Ẫ'),
            ('a', Marks::new(Shape::Circumflex, Tone::Tilde))
        );
        assert_eq!(fold_char('a'), ('a', Marks::NONE));
        assert_eq!(fold_char('A'), ('a', Marks::NONE));
    }

    #[test]
    fn d_with_stroke_folds_by_hand() {
        let stroke = Marks::new(Shape::Stroke, Tone::None);
        assert_eq!(fold_char('đ'), ('d', stroke));
        assert_eq!(fold_char('Đ'), ('d', stroke));
        assert_eq!(fold("Đảng").text(), "dang");
        assert_eq!(fold("ĐẢNG").text(), "dang");
    }

    #[test]
    fn other_letters_fold_by_decomposition_or_case() {
        assert_eq!(fold("Müller Ñandú").text(), "muller nandu");
        assert_eq!(fold_char('ü').1.shape(), Shape::Other);
        assert_eq!(fold("ΑΒΓ Жук").text(), "αβγ жук");
        assert_eq!(fold("2017 №5").text(), "2017 №5");
        // Typographic quotes and dashes fold to the keyboard's.
        assert_eq!(fold("“Tự” – ‘x’ —").text(), "\"tu\" - 'x' -");
        // Lowercase is two characters: keep one-for-one, fold the base.
        assert_eq!(fold_char('İ').0, 'i');
        assert_eq!(fold_char('ß').0, 'ß');
    }

    #[test]
    fn the_map_points_back_at_whole_original_characters() {
        let s = "Tổ chức";
        let f = fold(s);
        assert_eq!(f.text(), "to chuc");
        assert_eq!(f.original_range(0..2), Some(0..4)); // "Tổ"
        assert_eq!(f.original_range(3..7), Some(5..s.len())); // "chức"
        assert_eq!(&s[f.original_range(4..6).unwrap()], "hứ");
        assert_eq!(f.original_range(7..7), Some(s.len()..s.len()));
        assert_eq!(f.original_range(3..8), None);
        // Non-ASCII folded characters map every one of their bytes.
        let s = "a№b";
        let f = fold(s);
        assert_eq!(f.origin(1), Some(1..4));
        assert_eq!(f.origin(3), Some(1..4));
        assert_eq!(f.original_range(1..4), Some(1..4));
        // A dash folded to ASCII still maps to the whole dash.
        let f = fold("a–b");
        assert_eq!(f.text(), "a-b");
        assert_eq!(f.original_range(1..2), Some(1..4));
    }

    #[test]
    fn nfd_text_folds_unit_by_unit() {
        let nfc = "Người đứng đầu";
        let nfd: String = nfc.nfd().collect();
        let (a, b) = (fold(nfc), fold(&nfd));
        assert_eq!(a.text(), "nguoi dung dau");
        assert_eq!(b.text(), a.text());
        assert_eq!(b.marks(), a.marks());
        let r = b.original_range(6..10).unwrap();
        assert_eq!(r.start, "Người ".nfd().map(char::len_utf8).sum::<usize>());
        assert_eq!(
            nfd[r].nfc().collect::<String>(),
            "đứng",
            "the map covers whole NFD clusters"
        );
    }

    #[test]
    fn marks_that_do_not_compose_stay_in_their_unit() {
        // a + acute + diaeresis: á with a mark Vietnamese has no use for.
        let s = "a\u{301}\u{308}b";
        let f = fold(s);
        assert_eq!(f.text(), "ab");
        assert_eq!(f.marks()[0], Marks::new(Shape::Other, Tone::Acute));
        assert_eq!(f.original_range(0..1), Some(0..5));
        // A lone mark is its own unit.
        assert_eq!(fold("\u{301}x").text(), "\u{301}x");
    }
}

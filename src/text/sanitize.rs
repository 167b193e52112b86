//! Makes untrusted document text safe and visible on a terminal.
//!
//! A notice is input from anyone, written to the user's terminal. Control
//! characters (C0, DEL, C1) could drive the terminal (retitle it, clear it,
//! hide text, open links), and bidi or other invisible format characters
//! could make the text read differently from what it is (Trojan Source).
//! Each such character is replaced by a visible stand-in: caret notation
//! for C0 and DEL (`^[`, `^?`), `⟨U+XXXX⟩` for everything else. Tabs become
//! a space. A combining mark with nothing to sit on is given a dotted
//! circle so it cannot merge into neighbouring UI text.

use std::borrow::Cow;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What to write instead of `c`, if anything.
enum Replace {
    Keep,
    Space,
    Caret(char),
    Code(u32),
}

fn classify(c: char) -> Replace {
    match c {
        '\t' => Replace::Space,
        '\u{0}'..='\u{1F}' => Replace::Caret(char::from(c as u8 + 0x40)),
        '\u{7F}' => Replace::Caret('?'),
        ' '..='~' => Replace::Keep,
        // Ranges of Vietnamese text whose every character is assigned and
        // neither a control, a format character nor a separator: kept
        // without a look-up in the category tables, which is most of the
        // time of a check otherwise. Latin-1 stops short of the soft
        // hyphen (U+00AD, a format character); punctuation (“ ” – … ›)
        // leaves out U+2028 to U+202F and U+205F on.
        '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{24F}'
        | '\u{300}'..='\u{36F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}' => Replace::Keep,
        _ => by_category(c),
    }
}

/// [`classify`] by the character's general category.
fn by_category(c: char) -> Replace {
    match c.general_category() {
        GeneralCategory::Control
        | GeneralCategory::Format
        | GeneralCategory::LineSeparator
        | GeneralCategory::ParagraphSeparator
        | GeneralCategory::Surrogate
        | GeneralCategory::Unassigned => Replace::Code(c as u32),
        _ => Replace::Keep,
    }
}

fn is_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
    )
}

/// Whether [`sanitize`] would change `s`.
pub fn needs_sanitizing(s: &str) -> bool {
    s.chars().next().is_some_and(is_mark)
        || s.chars().any(|c| !matches!(classify(c), Replace::Keep))
}

/// `s` with every unsafe or invisible character made visible. Borrows when
/// there is nothing to change, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !needs_sanitizing(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    sanitize_into(s, &mut out);
    Cow::Owned(out)
}

/// Appends the sanitized form of `s` to `out`.
pub fn sanitize_into(s: &str, out: &mut String) {
    // A mark right after a stand-in (or at the start) has no base letter.
    let mut bare = true;
    for c in s.chars() {
        match classify(c) {
            Replace::Keep => {
                if bare && is_mark(c) {
                    out.push('◌');
                }
                out.push(c);
                bare = false;
            }
            Replace::Space => {
                out.push(' ');
                bare = true;
            }
            Replace::Caret(k) => {
                out.push('^');
                out.push(k);
                bare = true;
            }
            Replace::Code(u) => {
                out.push_str(&format!("⟨U+{u:04X}⟩"));
                bare = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranges kept without a look-up are kept by the look-up too.
    #[test]
    fn the_fast_ranges_agree_with_the_categories() {
        let ranges = [
            '\u{A0}'..='\u{AC}',
            '\u{AE}'..='\u{24F}',
            '\u{300}'..='\u{36F}',
            '\u{1E00}'..='\u{1EFF}',
            '\u{2010}'..='\u{2027}',
            '\u{2030}'..='\u{205E}',
        ];
        for c in ranges.into_iter().flatten() {
            assert!(
                matches!(by_category(c), Replace::Keep),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(matches!(classify('\u{AD}'), Replace::Code(0xAD)));
        assert!(matches!(classify('\u{2028}'), Replace::Code(0x2028)));
    }

    #[test]
    fn vietnamese_text_is_borrowed_untouched() {
        let s = "Tổ chức bộ máy “tinh gọn” – hiệu lực, hiệu quả./.";
        assert!(matches!(sanitize(s), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_become_caret_notation() {
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b"), "a^[]0;pwned^Gb");
        assert_eq!(sanitize("x\u{1b}[2Jy\u{7f}"), "x^[[2Jy^?");
        assert_eq!(sanitize("\0\r\n\t"), "^@^M^J ");
    }

    #[test]
    fn c1_bidi_separators_and_invisibles_become_code_points() {
        assert_eq!(sanitize("a\u{9b}31m"), "a⟨U+009B⟩31m");
        assert_eq!(
            sanitize("if x\u{202E}\u{2066} y\u{2069}\u{200F}"),
            "if x⟨U+202E⟩⟨U+2066⟩ y⟨U+2069⟩⟨U+200F⟩"
        );
        assert_eq!(sanitize("a\u{2028}b\u{2029}"), "a⟨U+2028⟩b⟨U+2029⟩");
        assert_eq!(
            sanitize("z\u{200B}w\u{FEFF}\u{061C}"),
            "z⟨U+200B⟩w⟨U+FEFF⟩⟨U+061C⟩"
        );
    }

    #[test]
    fn a_mark_without_a_base_gets_a_dotted_circle() {
        assert_eq!(sanitize("\u{301}a"), "◌\u{301}a");
        assert_eq!(sanitize("\u{1b}\u{323}"), "^[◌\u{323}");
        // Marks on letters stay as they are.
        assert_eq!(sanitize("e\u{302}\u{323}"), "e\u{302}\u{323}");
    }

    #[test]
    fn output_never_contains_what_it_replaces() {
        let nasty: String = (0u32..0x250)
            .chain(0x2000..0x2070)
            .chain([0xFEFF, 0xFFF9, 0xE0001, 0x110BD])
            .filter_map(char::from_u32)
            .collect();
        let out = sanitize(&nasty);
        assert!(!needs_sanitizing(&out));
        assert!(!out.chars().any(|c| c.is_control()));
    }
}

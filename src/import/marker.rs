//! Numbering patterns: the printed marker at the start of an item
//! ("I-", "III –", "Điều 1.", "2.", "2.1-", "2)", "a)", "b.", "ii.", "(1)",
//! "-", "+", "•", "*").

/// The family of a marker. Two items are siblings when their markers have
/// the same style; the order in which styles nest is learnt from the
/// document, with a fixed rank for the ordered ones as a backstop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// "A.", "B)" (uppercase letters other than Roman digits).
    UpperLetter,
    /// "I.", "II-", "III –".
    Roman,
    /// "Điều 1.", "Điều 2:" (an article, as in decisions).
    Article,
    /// "1.", "2-", "2.1-", "2.2." with the number of parts; `paren` for
    /// "1)" and "2.1)".
    Arabic { parts: u8, paren: bool },
    /// "a)", "b.", "đ)".
    Letter,
    /// "ii.", "iv)" (lowercase Roman numerals). A lone "i", "v" or "x" is
    /// parsed as a [`Style::Letter`]; the tree builder reads it as Roman
    /// by context (see [`Marker::as_lower_roman`]).
    LowerRoman,
    /// "(1)".
    ParenNumber,
    /// "(a)".
    ParenLetter,
    /// A bullet glyph: '-' (also for '–' and '—'), '+', '•' and the like.
    Bullet(char),
    /// "*": a group line in Vietnamese notices, or a Markdown bullet.
    Star,
}

impl Style {
    /// Nesting rank of ordered styles (smaller is higher in the tree);
    /// `None` for bullets, whose place is learnt from the document only.
    pub(crate) fn rank(self) -> Option<u8> {
        Some(match self {
            Style::UpperLetter => 0,
            Style::Roman => 1,
            Style::Article => 2,
            Style::Arabic {
                parts,
                paren: false,
            } => 2 + parts.min(5),
            Style::Arabic { paren: true, .. } => 8,
            Style::Letter => 9,
            Style::LowerRoman => 10,
            Style::ParenNumber => 11,
            Style::ParenLetter => 12,
            Style::Bullet(_) | Style::Star => return None,
        })
    }

    /// Numbered or lettered (as opposed to bullets).
    pub(crate) fn is_ordered(self) -> bool {
        self.rank().is_some()
    }

    /// Number of distinct ranks (for per-rank counters).
    pub(crate) const RANKS: usize = 13;
}

/// A marker as found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub style: Style,
    /// The numbering as printed, without a trailing "." or "-" separator:
    /// "I", "2.1", "2)", "a)", "b", "(1)", "-", "*".
    pub label: String,
    /// The numbering parts, for ids: ["2", "1"] for "2.1", ["a"] for "a)";
    /// empty for bullets and stars.
    pub parts: Vec<String>,
}

impl Marker {
    /// A letter "i", "v" or "x" read instead as a lowercase Roman numeral,
    /// with its value (1, 5, 10); `None` for any other marker.
    pub(crate) fn as_lower_roman(&self) -> Option<(Marker, u32)> {
        if self.style != Style::Letter {
            return None;
        }
        let value = match self.parts.first()?.as_str() {
            "i" => 1,
            "v" => 5,
            "x" => 10,
            _ => return None,
        };
        let roman = Marker {
            style: Style::LowerRoman,
            ..self.clone()
        };
        Some((roman, value))
    }

    /// The value of a lowercase Roman numeral ("iv" is 4); `None` for
    /// other styles.
    pub(crate) fn lower_roman_value(&self) -> Option<u32> {
        if self.style != Style::LowerRoman {
            return None;
        }
        roman_value(&self.parts.first()?.to_ascii_uppercase())
    }

    /// Whether this is the letter right before the letter of `next` in a
    /// lettered list. Vietnamese lists skip f, j, w and z ("h", "i", …
    /// "u", "v", "x"); "w" before "x" is accepted too.
    pub(crate) fn letter_precedes(&self, next: &Marker) -> bool {
        const ORDER: &str = "abcdđeghiklmnopqrstuvwxy";
        let (Some(a), Some(b)) = (self.parts.first(), next.parts.first()) else {
            return false;
        };
        if self.style != Style::Letter || a.chars().count() != 1 || b.chars().count() != 1 {
            return false;
        }
        let Some(i) = ORDER.find(a.as_str()) else {
            return false;
        };
        let after_a = ORDER[i..].chars().nth(1);
        // "v" before "x" whether or not the list uses "w".
        after_a.is_some_and(|c| b.starts_with(c)) || (a == "v" && b == "x")
    }
}

/// Parses a marker at the start of `line`. Returns the marker and the byte
/// offset where the item's text starts; `None` when the line starts with
/// no marker or the marker is followed by no text.
pub(crate) fn parse(line: &str) -> Option<(Marker, usize)> {
    let (marker, after) = bullet(line)
        .or_else(|| parenthesized(line))
        .or_else(|| article(line))
        .or_else(|| numbered(line))?;
    let rest = &line[after..];
    // A marker must be followed by white space, then text.
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    Some((marker, line.len() - trimmed.len()))
}

fn bullet(line: &str) -> Option<(Marker, usize)> {
    let c = line.chars().next()?;
    let style = match c {
        '-' | '–' | '—' => Style::Bullet('-'),
        '+' | '•' | '●' | '○' | '◦' | '▪' | '■' | '□' | '➢' | '►' | '·' | '\u{F0B7}' => {
            Style::Bullet(c)
        }
        '*' => Style::Star,
        _ => return None,
    };
    Some((
        Marker {
            style,
            label: c.to_string(),
            parts: Vec::new(),
        },
        c.len_utf8(),
    ))
}

/// " Text": a space, then an uppercase letter (a decimal like "1.5 tỷ" is
/// followed by lowercase).
fn starts_upper(after_space: &str) -> bool {
    after_space.starts_with(char::is_uppercase)
}

fn is_lower_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'đ'
}

fn is_upper_letter(c: char) -> bool {
    c.is_ascii_uppercase() || c == 'Đ'
}

/// "(1)", "(12)", "(a)".
fn parenthesized(line: &str) -> Option<(Marker, usize)> {
    let inner_start = line.strip_prefix('(')?;
    let close = inner_start.find(')')?;
    let inner = &inner_start[..close];
    let style =
        if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
            Style::ParenNumber
        } else if inner.chars().count() == 1 && inner.chars().all(is_lower_letter) {
            Style::ParenLetter
        } else {
            return None;
        };
    Some((
        Marker {
            style,
            label: format!("({inner})"),
            parts: vec![inner.to_string()],
        },
        close + 2,
    ))
}

/// "Điều 1.", "Điều 12:", "ĐIỀU 3 -": the word "Điều" (article), a number
/// of up to three digits and a separator.
fn article(line: &str) -> Option<(Marker, usize)> {
    let (word, after) = line.split_once(' ')?;
    if word != "Điều" && word != "ĐIỀU" {
        return None;
    }
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let number = &after[..digits];
    let (sep, _) = separator(&after[digits..])?;
    Some((
        Marker {
            style: Style::Article,
            label: format!("{word} {number}"),
            // An ASCII id segment, apart from a plain "1.".
            parts: vec![format!("dieu-{number}")],
        },
        word.len() + 1 + digits + sep,
    ))
}

/// The value of a Roman numeral from I to XXXIX written canonically.
fn roman_value(s: &str) -> Option<u32> {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = s.chars().take_while(|&c| c == 'X').count();
    let ones = &s[tens..];
    let one = ONES.iter().position(|&o| o == ones)?;
    let value = (tens * 10 + one) as u32;
    (tens <= 3 && value > 0).then_some(value)
}

/// Where the separator after a number ends, and whether it is ")".
/// Accepts ".", ")", "-", "–", "—", ":", "/" right after the number or
/// " -", " –" with one space before.
fn separator(rest: &str) -> Option<(usize, bool)> {
    let mut chars = rest.char_indices();
    let (_, c) = chars.next()?;
    match c {
        ')' => Some((1, true)),
        '.' | '-' | '–' | '—' | ':' | '/' => Some((c.len_utf8(), false)),
        ' ' => {
            let (_, d) = chars.next()?;
            matches!(d, '-' | '–' | '—').then(|| (1 + d.len_utf8(), false))
        }
        _ => None,
    }
}

/// Roman numerals, Arabic numbers (with parts) and letters.
fn numbered(line: &str) -> Option<(Marker, usize)> {
    let head_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == 'đ' || c == 'Đ'))
        .unwrap_or(line.len());
    let head = &line[..head_len];
    // Peel a trailing "." into the separator ("2.2." → "2.2" + ".").
    let (head, head_len) = match head.strip_suffix('.') {
        Some(h) if !h.is_empty() => (h, h.len()),
        _ => (head, head_len),
    };
    if head.is_empty() {
        return None;
    }
    let rest = &line[head_len..];
    if let Some(_value) = roman_value(head) {
        let (sep, _) = separator(rest)?;
        return Some((
            Marker {
                style: Style::Roman,
                label: head.to_string(),
                parts: vec![head.to_string()],
            },
            head_len + sep,
        ));
    }
    // "ii", "iv": lowercase Roman numerals of two letters or more. (A lone
    // "i", "v" or "x" is a letter until the context says otherwise.)
    if head.len() >= 2
        && head.bytes().all(|b| b.is_ascii_lowercase())
        && roman_value(&head.to_ascii_uppercase()).is_some()
    {
        return lettered(Style::LowerRoman, head, rest);
    }
    let parts: Vec<&str> = head.split('.').collect();
    let arabic = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    if arabic && parts.len() <= 6 {
        // "2.1 Text" (no separator) is accepted for numbers with parts.
        let (sep, paren) = match separator(rest) {
            Some(s) => s,
            None if parts.len() > 1 && rest.strip_prefix(' ').is_some_and(starts_upper) => {
                (0, false)
            }
            None => return None,
        };
        let label = if paren {
            format!("{head})")
        } else {
            head.to_string()
        };
        return Some((
            Marker {
                style: Style::Arabic {
                    parts: parts.len() as u8,
                    paren,
                },
                label,
                parts: parts.iter().map(|p| p.to_string()).collect(),
            },
            head_len + sep,
        ));
    }
    let mut chars = head.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let style = if is_lower_letter(c) {
        Style::Letter
    } else if is_upper_letter(c) {
        Style::UpperLetter
    } else {
        return None;
    };
    lettered(style, head, rest)
}

/// A marker of letters `head` followed by `rest`: the separator must be
/// ")" or "." ("a-" and "A:" are too often prose).
fn lettered(style: Style, head: &str, rest: &str) -> Option<(Marker, usize)> {
    let (sep, paren) = separator(rest)?;
    if !(paren || rest.starts_with('.')) {
        return None;
    }
    let label = if paren {
        format!("{head})")
    } else {
        head.to_string()
    };
    Some((
        Marker {
            style,
            label,
            parts: vec![head.to_string()],
        },
        head.len() + sep,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(Style, String, String)> {
        parse(s).map(|(m, at)| (m.style, m.label, s[at..].to_string()))
    }

    fn arabic(parts: u8) -> Style {
        Style::Arabic {
            parts,
            paren: false,
        }
    }

    #[test]
    fn roman_numerals_with_each_separator() {
        for s in [
            "I- Đánh giá",
            "II. Đánh giá",
            "III – Đánh giá",
            "IV) Đánh giá",
            "IX: Đánh giá",
        ] {
            let (style, _, rest) = p(s).unwrap();
            assert_eq!((style, rest.as_str()), (Style::Roman, "Đánh giá"), "{s}");
        }
        assert_eq!(p("XII- Hội nghị").unwrap().1, "XII");
        assert_eq!(p("IIII. x"), None);
        assert_eq!(p("I Đánh giá"), None);
    }

    #[test]
    fn arabic_numbers_with_parts() {
        assert_eq!(p("1. Việc"), Some((arabic(1), "1".into(), "Việc".into())));
        assert_eq!(
            p("2.1- Trong"),
            Some((arabic(2), "2.1".into(), "Trong".into()))
        );
        assert_eq!(p("2.2. Về"), Some((arabic(2), "2.2".into(), "Về".into())));
        assert_eq!(p("2.1 Về"), Some((arabic(2), "2.1".into(), "Về".into())));
        assert_eq!(
            p("2) Tiếp"),
            Some((
                Style::Arabic {
                    parts: 1,
                    paren: true
                },
                "2)".into(),
                "Tiếp".into()
            ))
        );
        assert_eq!(p("3 – Tiếp").unwrap().1, "3");
        assert_eq!(p("2024. Năm"), None);
        assert_eq!(p("04-NQ/TW của"), None);
        assert_eq!(p("22/02/2017, đồng chí"), None);
        assert_eq!(p("1.5 tỷ"), None);
    }

    #[test]
    fn articles() {
        assert_eq!(
            parse("Điều 1. Giao"),
            Some((
                Marker {
                    style: Style::Article,
                    label: "Điều 1".into(),
                    parts: vec!["dieu-1".into()]
                },
                "Điều 1. ".len()
            ))
        );
        assert_eq!(p("ĐIỀU 12: Giao").unwrap().1, "ĐIỀU 12");
        assert_eq!(p("Điều 3 – Giao").unwrap().2, "Giao");
        assert_eq!(p("Điều 5 của Quy chế"), None);
        assert_eq!(p("Điều này"), None);
        assert!(Style::Roman.rank() < Style::Article.rank());
        assert!(Style::Article.rank() < arabic(1).rank());
    }

    #[test]
    fn a_lone_i_v_or_x_may_be_read_as_roman() {
        let m = |s: &str| parse(s).unwrap().0;
        let (roman, value) = m("v) Về").as_lower_roman().unwrap();
        assert_eq!(
            (roman.style, roman.label.as_str(), value),
            (Style::LowerRoman, "v)", 5)
        );
        assert_eq!(m("b. Về").as_lower_roman(), None);
        assert_eq!(m("iv. Về").lower_roman_value(), Some(4));
        assert!(m("h) Về").letter_precedes(&m("i) Về")));
        assert!(m("đ. Về").letter_precedes(&m("e. Về")));
        assert!(m("u. Về").letter_precedes(&m("v. Về")));
        assert!(m("v. Về").letter_precedes(&m("x. Về")));
        assert!(!m("a. Về").letter_precedes(&m("i. Về")));
        assert!(!m("ii. Về").letter_precedes(&m("x. Về")));
    }

    #[test]
    fn letters_parentheses_and_bullets() {
        assert_eq!(p("a) Về"), Some((Style::Letter, "a)".into(), "Về".into())));
        assert_eq!(p("b. Về"), Some((Style::Letter, "b".into(), "Về".into())));
        assert_eq!(p("đ) Về").unwrap().1, "đ)");
        assert_eq!(p("A. Phần").unwrap().0, Style::UpperLetter);
        assert_eq!(p("a- Về"), None);
        assert_eq!(p("(1) Về").unwrap().0, Style::ParenNumber);
        assert_eq!(p("(b) Về").unwrap().0, Style::ParenLetter);
        assert_eq!(p("(đã ký)"), None);
        assert_eq!(
            p("- Quá"),
            Some((Style::Bullet('-'), "-".into(), "Quá".into()))
        );
        assert_eq!(p("– Quá").unwrap().0, Style::Bullet('-'));
        assert_eq!(p("+ Quá").unwrap().0, Style::Bullet('+'));
        assert_eq!(p("• Quá").unwrap().0, Style::Bullet('•'));
        assert_eq!(p("* Đối với").unwrap().0, Style::Star);
        assert_eq!(p("-----"), None);
        assert_eq!(
            p("ii. Về"),
            Some((Style::LowerRoman, "ii".into(), "Về".into()))
        );
        assert_eq!(p("iv) Về").unwrap().1, "iv)");
        assert_eq!(p("xii. Về").unwrap().0, Style::LowerRoman);
        assert_eq!(p("i. Về").unwrap().0, Style::Letter);
        assert_eq!(p("ii- Về"), None);
        assert_eq!(p("vì. Về"), None);
        assert_eq!(p("- "), None);
        assert_eq!(p("Tuy nhiên"), None);
    }
}

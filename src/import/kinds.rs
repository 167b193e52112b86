//! Kind inference: what each item is, from the headings and group lines
//! above it.
//!
//! A heading's wording sets a kind for everything under it, until a deeper
//! heading says otherwise: "Kết quả đạt được" → strength, "Hạn chế, khuyết
//! điểm" → weakness, "Nguyên nhân" → cause, "Nhiệm vụ, giải pháp" → task.
//! Headings and group lines themselves are `heading`; items under no such
//! wording are `point`. Every guess carries a note for the user to check.

use super::Note;
use super::para::{ends_colon, ends_terminal};
use super::structure::Item;
use crate::doc::Kind;

/// Wording per kind, as lowercase word sequences. In a heading the first
/// one to occur decides ("Kết quả thực hiện nhiệm vụ" is about results).
const KEYWORDS: &[(Kind, &[&str])] = &[
    (
        Kind::Strength,
        &[
            "kết quả",
            "ưu điểm",
            "đạt được",
            "thành tích",
            "thành công",
            "làm được",
            "mặt mạnh",
            "chuyển biến tích cực",
        ],
    ),
    (
        Kind::Weakness,
        &[
            "hạn chế",
            "khuyết điểm",
            "tồn tại",
            "yếu kém",
            "bất cập",
            "thiếu sót",
            "vướng mắc",
            "yếu điểm",
        ],
    ),
    (Kind::Cause, &["nguyên nhân"]),
    (
        Kind::Task,
        &[
            "nhiệm vụ",
            "giải pháp",
            "đề nghị",
            "kiến nghị",
            "đề xuất",
            "phương hướng",
            "khắc phục",
            "phát huy",
            "tổ chức thực hiện",
            "thời gian tới",
        ],
    ),
];

/// Words that may join the [`KEYWORDS`] in a line of section words
/// ("Hạn chế và nguyên nhân", "Những kết quả đạt được").
const SECTION_FILLERS: &[&str] = &["và", "những"];

/// Most words in a line read by [`section_line`].
const MAX_SECTION_WORDS: usize = 6;

/// Words that turn a sentence around; what follows the last one decides
/// ("bên cạnh những kết quả …, vẫn còn một số hạn chế").
const CONTRASTS: &[&str] = &["tuy nhiên", "nhưng", "song", "vẫn còn", "bên cạnh đó"];

/// Openings of a paragraph that contrasts with what came before.
const CONTRAST_OPENINGS: &[&str] = &["tuy nhiên", "bên cạnh", "song", "nhưng", "mặc dù"];

/// Openings of a directive: the item is a task whatever the heading says.
const DIRECTIVES: &[&str] = &[
    "giao",
    "đề nghị",
    "yêu cầu",
    "chỉ đạo",
    "phân công",
    "thống nhất giao",
    "đồng ý giao",
];

/// Words after "giao" that make a noun ("giao thông"), not the verb "assign".
const GIAO_NOUNS: &[&str] = &[
    "thông", "dịch", "lưu", "tiếp", "thương", "hữu", "ước", "diện", "tranh", "lộ", "nhận", "kết",
];

/// The kind of one item and the kind it passes to the items under it.
#[derive(Debug, Clone)]
pub(crate) struct Inferred {
    pub kind: Kind,
    /// The kind that items under this one inherit (strength, weakness,
    /// cause or task), if any.
    pub ctx: Option<Kind>,
    /// This item's own wording set `ctx` (rather than a heading above).
    pub own: bool,
    pub notes: Vec<Note>,
}

/// Lowercase words of `s` (letters and digits).
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Positions where `phrase` (words separated by one space) occurs in `words`.
fn occurrences<'w>(words: &'w [String], phrase: &'w str) -> impl Iterator<Item = usize> + 'w {
    let n = phrase.split(' ').count();
    (0..(words.len() + 1).saturating_sub(n)).filter(move |&i| {
        phrase
            .split(' ')
            .zip(&words[i..i + n])
            .all(|(p, w)| w.as_str() == p)
    })
}

fn starts_with_phrase(words: &[String], phrase: &str) -> bool {
    occurrences(words, phrase).next() == Some(0)
}

/// The earliest wording of any kind in `words`.
fn first_keyword(words: &[String]) -> Option<(Kind, &'static str)> {
    let mut best: Option<(usize, Kind, &'static str)> = None;
    for &(kind, phrases) in KEYWORDS {
        for &phrase in phrases {
            let found = occurrences(words, phrase).find(|&i| {
                // "thực hiện nhiệm vụ" is the work done, not a task set.
                !(phrase == "nhiệm vụ"
                    && i >= 2
                    && words[i - 2] == "thực"
                    && words[i - 1] == "hiện")
            });
            if let Some(i) = found
                && best.is_none_or(|(b, _, _)| i < b)
            {
                best = Some((i, kind, phrase));
            }
        }
    }
    best.map(|(_, kind, phrase)| (kind, phrase))
}

/// Where the part after the last contrast word starts, if there is one.
fn after_last_contrast(words: &[String]) -> Option<usize> {
    CONTRASTS
        .iter()
        .flat_map(|&c| {
            let n = c.split(' ').count();
            occurrences(words, c)
                .filter(move |&i| {
                    // "song song" (in parallel) is no contrast.
                    c != "song"
                        || !(words.get(i + 1).is_some_and(|w| w == "song")
                            || (i > 0 && words[i - 1] == "song"))
                })
                .map(move |i| i + n)
        })
        .max()
}

/// The kind a heading's wording gives, and the word that gave it.
fn heading_kind(text: &str) -> Option<(Kind, &'static str)> {
    let w = words(text);
    after_last_contrast(&w)
        .and_then(|cut| first_keyword(&w[cut..]))
        .or_else(|| first_keyword(&w))
}

/// How many words the first phrase of `phrases` that `words` starts
/// with has.
fn leading_phrase<'p>(
    words: &[String],
    mut phrases: impl Iterator<Item = &'p &'static str>,
) -> Option<usize> {
    phrases
        .find(|p| starts_with_phrase(words, p))
        .map(|p| p.split(' ').count())
}

/// The kind and word of a line that is nothing but section words, the
/// wording of [`KEYWORDS`] ("Hạn chế", "Nhiệm vụ, giải pháp:", "Kết quả
/// đạt được"), at most [`MAX_SECTION_WORDS`] words, ending without
/// closing punctuation or with a colon; `None` for anything else ("Hạn
/// chế.", "Kết quả tốt", "Nguyên nhân là do"). Such a line is a heading,
/// never a piece of a wrapped sentence.
pub(crate) fn section_line(s: &str) -> Option<(Kind, &'static str)> {
    if ends_terminal(s) && !ends_colon(s) {
        return None;
    }
    let w = words(s);
    if w.is_empty() || w.len() > MAX_SECTION_WORDS {
        return None;
    }
    let mut at = 0;
    let mut named = false;
    while at < w.len() {
        let rest = &w[at..];
        let keywords = KEYWORDS.iter().flat_map(|(_, phrases)| phrases.iter());
        if let Some(n) = leading_phrase(rest, keywords) {
            named = true;
            at += n;
        } else if let Some(n) = leading_phrase(rest, SECTION_FILLERS.iter()) {
            at += n;
        } else {
            return None;
        }
    }
    if named { heading_kind(s) } else { None }
}

/// Whether `s` opens with a contrast to what came before ("Tuy nhiên, …").
pub(crate) fn contrast_led(s: &str) -> bool {
    let w = words(s);
    CONTRAST_OPENINGS.iter().any(|c| starts_with_phrase(&w, c))
}

/// The directive `s` opens with ("Giao …", "Đề nghị …"), if any.
fn directive(s: &str) -> Option<&'static str> {
    let w = words(s);
    DIRECTIVES.iter().copied().find(|d| {
        starts_with_phrase(&w, d)
            && !(*d == "giao" && w.get(1).is_some_and(|n| GIAO_NOUNS.contains(&n.as_str())))
    })
}

/// Infers the kind of every item. Items come parent first, so one pass in
/// order sees each parent's context before its children.
pub(crate) fn infer(items: &[Item]) -> Vec<Inferred> {
    let mut out: Vec<Inferred> = Vec::with_capacity(items.len());
    for item in items {
        let inherited = item.parent.and_then(|p| out.get(p)).and_then(|i| i.ctx);
        let text = item.paras.first().map(String::as_str).unwrap_or("");
        let contrast = contrast_led(text);
        let mut notes = Vec::new();
        // A contrast after results introduces shortcomings even when no
        // word names them ("Tuy nhiên, tiến độ còn chậm").
        let contrast_default = || {
            (contrast && matches!(inherited, None | Some(Kind::Strength)))
                .then_some((Kind::Weakness, "tuy nhiên"))
        };
        let inferred = if item.role.is_title() {
            let own = heading_kind(text).or_else(contrast_default);
            if let Some((kind, word)) = own.filter(|(k, _)| Some(*k) != inherited) {
                notes.push(Note::SetsKind {
                    kind,
                    word: word.to_string(),
                });
            }
            Inferred {
                kind: Kind::Heading,
                ctx: own.map(|(k, _)| k).or(inherited),
                own: own.is_some(),
                notes,
            }
        } else {
            // A paragraph introducing a list, or turning against what came
            // before, may set the kind of itself and its items.
            let own = if ends_colon(text) || contrast {
                heading_kind(text)
                    .filter(|(k, _)| {
                        *k == Kind::Cause
                            || (contrast && *k == Kind::Weakness)
                            || inherited.is_none()
                    })
                    .or_else(contrast_default)
            } else {
                None
            };
            let mut ctx = own.map(|(k, _)| k).or(inherited);
            if let Some((kind, word)) = own.filter(|(k, _)| Some(*k) != inherited) {
                notes.push(Note::OwnKind {
                    kind,
                    word: word.to_string(),
                });
            }
            let kind = match (ctx, directive(text)) {
                (Some(k), _) => k,
                (None, Some(word)) => {
                    notes.push(Note::OwnKind {
                        kind: Kind::Task,
                        word: word.to_string(),
                    });
                    ctx = Some(Kind::Task);
                    Kind::Task
                }
                (None, None) => {
                    notes.push(Note::NoKind);
                    Kind::Point
                }
            };
            Inferred {
                kind,
                ctx,
                own: own.is_some(),
                notes,
            }
        };
        out.push(inferred);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk(s: &str) -> Option<Kind> {
        heading_kind(s).map(|(k, _)| k)
    }

    #[test]
    fn heading_wording_gives_kinds() {
        assert_eq!(
            hk("Đánh giá kết quả đổi mới phương thức lãnh đạo"),
            Some(Kind::Strength)
        );
        assert_eq!(
            hk(
                "Tuy nhiên, bên cạnh những kết quả đạt được rất căn bản, quá trình thực hiện vẫn còn một số hạn chế, khuyết điểm, nổi rõ là:"
            ),
            Some(Kind::Weakness)
        );
        assert_eq!(
            hk("Tình hình trên có nguyên nhân khách quan, song chủ yếu là do:"),
            Some(Kind::Cause)
        );
        assert_eq!(
            hk("Những nhiệm vụ cần tập trung thực hiện trong thời gian tới"),
            Some(Kind::Task)
        );
        assert_eq!(hk("Về những đề xuất, kiến nghị"), Some(Kind::Task));
        assert_eq!(
            hk("KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 5"),
            Some(Kind::Strength)
        );
        assert_eq!(hk("ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ QUÝ I"), None);
        assert_eq!(hk("Hạn chế, tồn tại"), Some(Kind::Weakness));
        assert_eq!(hk("Trong việc đổi mới phương thức lãnh đạo của Đảng"), None);
        assert_eq!(hk("Triển khai song song hai nhiệm vụ"), Some(Kind::Task));
    }

    #[test]
    fn section_lines_are_only_section_words() {
        let k = |s: &str| section_line(s).map(|(k, _)| k);
        assert_eq!(k("Hạn chế"), Some(Kind::Weakness));
        assert_eq!(k("Tồn tại, hạn chế:"), Some(Kind::Weakness));
        assert_eq!(k("Kết quả đạt được"), Some(Kind::Strength));
        assert_eq!(k("NGUYÊN NHÂN"), Some(Kind::Cause));
        assert_eq!(k("Nhiệm vụ và giải pháp"), Some(Kind::Task));
        assert_eq!(k("Hạn chế."), None);
        assert_eq!(k("Kết quả tốt"), None);
        assert_eq!(k("Nguyên nhân là do"), None);
        assert_eq!(k("Những"), None);
        assert_eq!(k("Trung ương Đảng"), None);
    }

    #[test]
    fn contrasts_and_directives() {
        assert!(contrast_led("**Tuy nhiên**, bên cạnh"));
        assert!(contrast_led("Bên cạnh những kết quả đạt được"));
        assert!(!contrast_led("Tuyên truyền"));
        assert_eq!(directive("Giao Ban Tổ chức Tỉnh ủy chủ trì"), Some("giao"));
        assert_eq!(directive("Giao thông nông thôn"), None);
        assert_eq!(directive("Đề nghị Ủy ban"), Some("đề nghị"));
        assert_eq!(directive("Thống nhất giao Phòng"), Some("thống nhất giao"));
    }
}

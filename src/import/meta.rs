//! Metadata: where the body starts and ends, and what the front matter
//! (issuer, number, date, kind, title, preamble) and the tail (recipients,
//! signer) say.
//!
//! A notice reads: header lines (issuer, "Số: …", "…, ngày … tháng … năm
//! …", the national motto), the kind ("THÔNG BÁO"), the title, a preamble
//! ("Ngày 22/02/2017, đồng chí … chủ trì …"), the numbered body, a closing
//! ("… thông báo để … biết, thực hiện./."), "Nơi nhận:" with a list, and
//! the signature (role in capitals, "(đã ký)", name). Plain-text copies of
//! two-column headers ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI …") are read
//! cell by cell, the cells being separated by three or more spaces.

use std::ops::Range;

use super::MetaNote;
use super::lines::Line;
use super::marker::{self, Style};
use super::para::{
    Gap, Para, ends_colon, ends_terminal, is_caps, is_recipients_heading, starts_lower,
};
use crate::doc::{Date, Meta, Signer};

/// The parts of a notice, as ranges of paragraph indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sections {
    pub front: Range<usize>,
    pub body: Range<usize>,
    pub closing: Range<usize>,
    pub tail: Range<usize>,
    /// The closing was told from the body by a weaker sign (see
    /// [`MetaNote::ClosingGuess`]).
    pub closing_guessed: bool,
}

/// Splits the paragraphs; `None` when no paragraph before the tail carries
/// a numbering marker (the text is not a notice).
pub(crate) fn sections(paras: &[Para]) -> Option<Sections> {
    let tail = tail_start(paras);
    let body = paras[..tail].iter().position(|p| p.marker.is_some())?;
    let (closing, closing_guessed) = closing_start(&paras[body..tail]);
    let closing = closing + body;
    Some(Sections {
        front: 0..body,
        body: body..closing,
        closing: closing..tail,
        tail: tail..paras.len(),
        closing_guessed,
    })
}

/// Words in a role line ("TM. ỦY BAN NHÂN DÂN", "CHÁNH VĂN PHÒNG").
const MAX_ROLE_WORDS: usize = 12;

fn role_like(s: &str) -> bool {
    is_caps(s) && s.split_whitespace().count() <= MAX_ROLE_WORDS && !s.ends_with(':')
}

fn note_like(s: &str) -> bool {
    s.starts_with('(') && s.ends_with(')') && s.chars().count() <= 80
}

/// A person's name: two to six capitalized words, no digits or closing
/// punctuation.
fn name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !is_caps(s)
        && !s.chars().any(|c| c.is_ascii_digit())
        && !ends_terminal(s)
        && !s.ends_with(',')
}

fn signer_like(p: &Para) -> bool {
    p.marker.is_none() && (role_like(&p.text) || note_like(&p.text) || name_like(&p.text))
}

/// The first paragraph of the tail: "Nơi nhận:" or the signature block
/// before it (or at the end when there is no "Nơi nhận").
fn tail_start(paras: &[Para]) -> usize {
    let recipients = paras
        .iter()
        .rposition(|p| p.marker.is_none() && is_recipients_heading(&p.text));
    let end = recipients.unwrap_or(paras.len());
    let mut start = end;
    while start > 0 && signer_like(&paras[start - 1]) {
        start -= 1;
    }
    // The block starts with a role; a name alone could be body text.
    while start < end && !role_like(&paras[start].text) {
        start += 1;
    }
    start.min(recipients.unwrap_or(paras.len()))
}

/// Where the closing starts among the body paragraphs: the trailing
/// unnumbered paragraphs from the one that ends with "./." or starts
/// "Trên đây là", or a last one that says "thông báo … biết". Failing
/// those, a last one that says "thông báo" ("Đảng ủy xã thông báo để các
/// chi bộ thực hiện.") after a blank line, a rule or a page break, when
/// the item above it is a point rather than a heading or a line ending
/// with a colon: that is a guess, and the second value is true.
fn closing_start(body: &[Para]) -> (usize, bool) {
    let run = body
        .iter()
        .rposition(|p| p.marker.is_some())
        .map_or(0, |i| i + 1);
    let trailing = &body[run..];
    let opens = |p: &Para| {
        let t = p.text.trim_end();
        t.ends_with("./.") || t.ends_with("/.") || t.to_lowercase().starts_with("trên đây là")
    };
    if let Some(i) = trailing.iter().position(opens) {
        return (run + i, false);
    }
    let Some(p) = trailing.last() else {
        return (body.len(), false);
    };
    let lower = p.text.to_lowercase();
    if !lower.contains("thông báo") {
        return (body.len(), false);
    }
    if lower.contains("biết") {
        return (body.len() - 1, false);
    }
    // Under a heading or after "…:" the paragraph is that item's content;
    // right under the item (no gap) it is a line of the item's text.
    let above = body[..body.len() - 1].last();
    let under_point = above.is_some_and(|a| {
        let heading = a.heading.is_some()
            || a.styled
            || a.marker
                .as_ref()
                .is_some_and(|m| matches!(m.style, Style::Roman | Style::UpperLetter));
        !heading && !ends_colon(&a.text)
    });
    if under_point && p.gap != Gap::None {
        (body.len() - 1, true)
    } else {
        (body.len(), false)
    }
}

/// Paragraphs as one text, blank-line separated; a paragraph that starts
/// in lowercase after an open sentence continues it.
fn join_paras<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut out = String::new();
    for t in texts {
        if out.is_empty() {
            out.push_str(t);
        } else if starts_lower(t) && !ends_terminal(&out) {
            out.push(' ');
            out.push_str(t);
        } else {
            out.push_str("\n\n");
            out.push_str(t);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The closing text, if any.
pub(crate) fn closing_text(paras: &[Para]) -> Option<String> {
    join_paras(paras.iter().map(|p| p.text.as_str()))
}

/// "Văn phòng Tỉnh ủy thông báo …" → "Văn phòng Tỉnh ủy".
pub(crate) fn issuer_from_closing(closing: &str) -> Option<String> {
    let at = closing.find(" thông báo")?;
    let who = closing[..at].trim();
    let words = who.split_whitespace().count();
    let ok = (1..=8).contains(&words)
        && who.starts_with(char::is_uppercase)
        && !who.contains([',', '.', ';', ':']);
    ok.then(|| who.to_string())
}

/// Cells of a line: runs of text separated by three or more spaces or a tab.
fn cells(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut spaces = 0;
    let mut cell_end = 0;
    for (i, c) in line.char_indices() {
        if c == '\t' || c == ' ' {
            spaces += if c == '\t' { 3 } else { 1 };
            continue;
        }
        if spaces >= 3 && cell_end > start {
            out.push(line[start..cell_end].trim());
            start = i;
        }
        spaces = 0;
        cell_end = i + c.len_utf8();
    }
    if cell_end > start {
        out.push(line[start..cell_end].trim());
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Lowercase letters only, for matching set phrases whatever their
/// punctuation ("Độc lập - Tự do - Hạnh phúc").
fn letters_only(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The national motto, the Party's name and decorations under them.
fn boilerplate(cell: &str) -> bool {
    let l = letters_only(cell);
    l.is_empty()
        || l.starts_with("cộnghòaxãhộichủnghĩa")
        || l.starts_with("cộnghoàxãhộichủnghĩa")
        || l == "độclậptựdohạnhphúc"
        || l == "đảngcộngsảnviệtnam"
}

/// Document kinds printed on their own line above the title.
const KINDS: &[&str] = &[
    "thông báo",
    "kết luận",
    "biên bản",
    "báo cáo",
    "nghị quyết",
    "chỉ thị",
    "quyết định",
    "công văn",
    "tờ trình",
    "kế hoạch",
    "thông tri",
    "hướng dẫn",
];

/// "THÔNG BÁO" → "Thông báo".
fn kind_of(cell: &str) -> Option<String> {
    let lower = cell.trim_end_matches(':').trim().to_lowercase();
    KINDS.contains(&lower.as_str()).then(|| {
        let mut chars = lower.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    })
}

/// A kind line: "THÔNG BÁO" alone, or in capitals before the title on the
/// same line ("THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ"). Returns the kind and
/// the rest of the line (empty when the kind stands alone).
fn kind_split(cell: &str) -> Option<(String, &str)> {
    if let Some(k) = kind_of(cell) {
        return Some((k, ""));
    }
    if !is_caps(cell) {
        return None;
    }
    KINDS.iter().find_map(|k| {
        let n = k.chars().count();
        let (at, _) = cell.char_indices().nth(n)?;
        let (head, rest) = cell.split_at(at);
        let kind = kind_of(head)?;
        (rest.starts_with(' ') && !rest.trim().is_empty()).then(|| (kind, rest.trim()))
    })
}

/// What follows "Số" or "SỐ" and its colon.
fn after_so(cell: &str) -> Option<&str> {
    let rest = cell
        .strip_prefix("Số")
        .or_else(|| cell.strip_prefix("SỐ"))?;
    Some(rest.trim_start_matches([':', ' ']))
}

/// Whether `s` reads as a notice number: one word with a digit.
fn number_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 40
        && s.chars().any(|c| c.is_ascii_digit())
        && !s.contains(char::is_whitespace)
}

/// "Số: 87/TB-UBND", "Số 15-TB/CB" → the number.
fn number_of(cell: &str) -> Option<String> {
    let rest = after_so(cell)?.trim();
    number_like(rest).then(|| rest.to_string())
}

/// The number and the date sharing a line: "Số 45-TB/HU, ngày
/// 15/03/2024", "Số: 45-TB/HU, Hà Nội, ngày 15 tháng 3 năm 2024".
fn number_and_date(cell: &str) -> Option<(String, Date)> {
    let (number, rest) = after_so(cell)?.split_once(char::is_whitespace)?;
    let number = number.trim_end_matches([',', ';']);
    if !number_like(number) {
        return None;
    }
    let date = place_date(rest.trim_start_matches([',', ';', ' ']))?;
    Some((number.to_string(), date))
}

fn make_date(day: u32, month: u32, year: u32) -> Option<Date> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days).contains(&day) && (1900..=2200).contains(&year)).then_some(Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

/// The first date written after "ngày" in `s`: "ngày 22/02/2017",
/// "Ngày 15-4-2024", "ngày 18 tháng 4 năm 2024". Returns the date and the
/// words it was read from.
pub(crate) fn find_date(s: &str) -> Option<(Date, String)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if w.to_lowercase() != "ngày" {
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let token = next.trim_end_matches([',', '.', ';', ':', ')']);
        let nums: Vec<&str> = token.split(['/', '-', '.']).collect();
        if nums.len() == 3 {
            let n: Vec<u32> = nums.iter().filter_map(|x| x.parse().ok()).collect();
            if n.len() == 3
                && let Some(d) = make_date(n[0], n[1], n[2])
            {
                return Some((d, format!("{w} {token}")));
            }
        }
        // "ngày 18 tháng 4 năm 2024"
        if let (Some(d), Some(t), Some(m), Some(n), Some(y)) = (
            words.get(i + 1),
            words.get(i + 2),
            words.get(i + 3),
            words.get(i + 4),
            words.get(i + 5),
        ) {
            let y = y.trim_end_matches([',', '.', ';', ':', ')']);
            if t.to_lowercase() == "tháng"
                && n.to_lowercase() == "năm"
                && let (Ok(d2), Ok(m2), Ok(y2)) = (d.parse(), m.parse(), y.parse())
                && let Some(date) = make_date(d2, m2, y2)
            {
                return Some((date, format!("{w} {d} {t} {m} {n} {y}")));
            }
        }
    }
    None
}

/// A place-and-date line of the header: short and holding a date.
fn place_date(cell: &str) -> Option<Date> {
    if cell.chars().count() > 80 {
        return None;
    }
    find_date(cell).map(|(d, _)| d)
}

/// The chair: the person named after "đồng chí", "ông" or "bà" nearest
/// before "chủ trì" (or just after it).
fn chair_of(preamble: &str) -> Option<String> {
    let words: Vec<&str> = preamble.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let chu_tri = (0..words.len().saturating_sub(1))
        .find(|&i| bare(words[i]) == "chủ" && bare(words[i + 1]) == "trì")?;
    // The name after a title word at `i`: capitalized words up to the
    // first that is not, or that ends with punctuation.
    let name_at = |i: usize| -> Option<String> {
        let mut name = Vec::new();
        for w in &words[i..] {
            let core = w.trim_end_matches([',', '.', ';', ':', ')']);
            if !core.starts_with(char::is_uppercase) || is_caps(core) || core.is_empty() {
                break;
            }
            name.push(core);
            if core.len() != w.len() {
                break;
            }
        }
        (2..=5).contains(&name.len()).then(|| name.join(" "))
    };
    let title_at = |i: usize| -> Option<usize> {
        let w = bare(words[i]);
        if w == "đồng" && words.get(i + 1).is_some_and(|n| bare(n) == "chí") {
            Some(i + 2)
        } else if w == "ông" || w == "bà" {
            Some(i + 1)
        } else {
            None
        }
    };
    (0..chu_tri)
        .rev()
        .chain(chu_tri + 2..words.len().min(chu_tri + 12))
        .find_map(|i| title_at(i).and_then(|at| (at < words.len()).then(|| name_at(at))?))
}

/// What the front matter says, and the text in it that fits nowhere.
#[derive(Debug, Default)]
pub(crate) struct Front {
    pub meta: Meta,
    pub notes: Vec<(&'static str, MetaNote)>,
    pub unplaced: Vec<(usize, String)>,
}

/// How a header cell reads.
enum Cell {
    Skip,
    Number(String),
    Date(Date),
    NumberDate(String, Date),
    Kind(String),
    Caps(String),
    Other(String),
}

fn classify(cell: &str) -> Cell {
    if boilerplate(cell) || cell == "*" {
        return Cell::Skip;
    }
    if let Some(k) = kind_of(cell) {
        return Cell::Kind(k);
    }
    if let Some(n) = number_of(cell) {
        return Cell::Number(n);
    }
    if let Some((n, d)) = number_and_date(cell) {
        return Cell::NumberDate(n, d);
    }
    if let Some(d) = place_date(cell) {
        return Cell::Date(d);
    }
    if is_caps(cell) {
        return Cell::Caps(cell.to_string());
    }
    Cell::Other(cell.to_string())
}

/// Longest title accepted in plain text after the kind line.
const MAX_TITLE_CHARS: usize = 400;

/// Reads the front matter: the paragraphs before the first numbered item.
pub(crate) fn front(name: &str, lines: &[Line], paras: &[Para]) -> Front {
    let mut f = Front::default();
    let mut issuer: Vec<String> = Vec::new();
    let mut header_date: Option<Date> = None;
    // Find the kind line: the first cell naming a document kind.
    let kind_at = paras.iter().enumerate().find_map(|(pi, p)| {
        p.lines.clone().find_map(|li| {
            let cs = cells(&lines[li].text);
            cs.iter()
                .position(|c| kind_split(c).is_some())
                .map(|ci| (pi, li, ci))
        })
    });
    // Header: everything before the kind line (or, without one, the
    // leading paragraphs made only of header cells).
    let mut title: Vec<String> = Vec::new();
    let mut caps_paras: Vec<(usize, String)> = Vec::new();
    let mut rest_from = 0;
    let mut header_cell =
        |cell: &str, no: usize, f: &mut Front, caps: &mut Vec<String>| match classify(cell) {
            Cell::Skip => {}
            Cell::Number(n) => {
                f.meta.number.get_or_insert(n);
            }
            Cell::Date(d) => {
                header_date.get_or_insert(d);
            }
            Cell::NumberDate(n, d) => {
                f.meta.number.get_or_insert(n);
                header_date.get_or_insert(d);
            }
            Cell::Kind(k) => {
                f.meta.kind.get_or_insert(k);
            }
            Cell::Caps(c) => caps.push(c),
            Cell::Other(o) => f.unplaced.push((no, o)),
        };
    match kind_at {
        Some((kp, kl, kc)) => {
            for p in &paras[..=kp] {
                for li in p.lines.clone() {
                    if li > kl {
                        break;
                    }
                    let cs = cells(&lines[li].text);
                    let upto = if li == kl { kc } else { cs.len() };
                    for c in &cs[..upto] {
                        header_cell(c, lines[li].no, &mut f, &mut issuer);
                    }
                    if li == kl {
                        if let Some((kind, rest)) = kind_split(cs[kc]) {
                            f.meta.kind = Some(kind);
                            if !rest.is_empty() {
                                title.push(rest.to_string());
                            }
                        }
                        // Cells after the kind on its line (a right column).
                        for c in &cs[kc + 1..] {
                            header_cell(c, lines[li].no, &mut f, &mut issuer);
                        }
                    }
                }
            }
            // Title: the rest of the kind's paragraph, then paragraphs right
            // under it, or emphasized ones, up to a rule.
            let kpara = &paras[kp];
            title.extend(
                lines[kl + 1..kpara.lines.end]
                    .iter()
                    .map(|l| l.text.clone()),
            );
            let mut styled_title = kpara.styled;
            rest_from = kp + 1;
            for p in &paras[kp + 1..] {
                let adjacent = p.gap == super::para::Gap::None;
                let first = title.is_empty();
                // "Số …" under the title is the number line, styled or not.
                let number = number_of(&p.text).is_some() || number_and_date(&p.text).is_some();
                let take = p.marker.is_none()
                    && !number
                    && match p.gap {
                        super::para::Gap::Rule | super::para::Gap::Page { .. } => false,
                        _ if first => {
                            adjacent
                                || p.styled
                                || (!ends_terminal(&p.text)
                                    && p.text.chars().count() <= MAX_TITLE_CHARS
                                    && find_date(&p.text).is_none())
                        }
                        _ => adjacent || (p.styled && styled_title),
                    };
                if !take {
                    break;
                }
                styled_title = p.styled;
                title.push(p.text.clone());
                rest_from += 1;
            }
        }
        None => {
            // Leading paragraphs of header cells only.
            for p in paras {
                let all_header = p.lines.clone().all(|li| {
                    cells(&lines[li].text)
                        .iter()
                        .all(|c| !matches!(classify(c), Cell::Other(_)))
                });
                if !all_header || p.styled {
                    break;
                }
                let mut caps = Vec::new();
                for li in p.lines.clone() {
                    for c in cells(&lines[li].text) {
                        header_cell(c, lines[li].no, &mut f, &mut caps);
                    }
                }
                if !caps.is_empty() {
                    caps_paras.push((p.no, caps.join(" ")));
                }
                rest_from += 1;
            }
            // An emphasized paragraph next is the title; else the last
            // paragraph in capitals, the ones above it being the issuer.
            match paras.get(rest_from) {
                Some(p) if p.styled => {
                    title.push(p.text.clone());
                    rest_from += 1;
                    while let Some(p) = paras.get(rest_from) {
                        if !(p.styled && p.gap == super::para::Gap::None) {
                            break;
                        }
                        title.push(p.text.clone());
                        rest_from += 1;
                    }
                    issuer.extend(caps_paras.drain(..).map(|(_, c)| c));
                }
                _ => {
                    if let Some((_, t)) = caps_paras.pop() {
                        title.push(t);
                    }
                    issuer.extend(caps_paras.drain(..).map(|(_, c)| c));
                }
            }
        }
    }
    if !issuer.is_empty() {
        f.meta.issuer = Some(issuer.join(" "));
    }
    f.meta.title = match title.is_empty() {
        false => title.join(" "),
        true => {
            f.notes.push(("title", MetaNote::NoTitle));
            f.meta.kind.clone().unwrap_or_else(|| name.to_string())
        }
    };
    // Preamble: the rest, less lines that are only a number or a date.
    let mut pre: Vec<&str> = Vec::new();
    for p in &paras[rest_from.min(paras.len())..] {
        let single = p.lines.len() == 1 && cells(&p.text).len() == 1;
        if single
            && f.meta.number.is_none()
            && header_date.is_none()
            && let Some((n, d)) = number_and_date(&p.text)
        {
            f.meta.number = Some(n);
            header_date = Some(d);
            continue;
        }
        match (single, number_of(&p.text), place_date(&p.text)) {
            (true, Some(n), _) if f.meta.number.is_none() => f.meta.number = Some(n),
            (true, _, Some(d)) if header_date.is_none() && p.text.chars().count() <= 40 => {
                header_date = Some(d)
            }
            _ => pre.push(&p.text),
        }
    }
    f.meta.preamble = join_paras(pre);
    f.meta.date = header_date;
    if let Some(pre) = &f.meta.preamble {
        if f.meta.date.is_none()
            && let Some((d, words)) = find_date(pre)
        {
            f.meta.date = Some(d);
            f.notes.push(("date", MetaNote::DateFromPreamble(words)));
        }
        f.meta.chair = chair_of(pre);
        if f.meta.chair.is_some() {
            f.notes.push(("chair", MetaNote::Chair));
        }
    }
    f
}

/// What the tail says, and the text in it that fits nowhere.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    pub recipients: Vec<String>,
    pub signer: Option<Signer>,
    pub unplaced: Vec<(usize, String)>,
}

/// Reads the tail: recipients after "Nơi nhận:", the signer's role (lines
/// in capitals), note ("(đã ký)") and name, in either order and in one or
/// two columns.
pub(crate) fn tail(lines: &[Line], paras: &[Para]) -> Tail {
    let mut t = Tail::default();
    let mut roles: Vec<String> = Vec::new();
    let mut note: Option<String> = None;
    let mut name: Option<String> = None;
    let mut seen_heading = false;
    let mut open_recipient = false;
    for li in paras.iter().flat_map(|p| p.lines.clone()) {
        let no = lines[li].no;
        for cell in cells(&lines[li].text) {
            if boilerplate(cell) {
                continue;
            }
            if is_recipients_heading(cell) {
                seen_heading = true;
                let rest = cell
                    .char_indices()
                    .nth("nơi nhận".chars().count())
                    .map_or("", |(i, _)| &cell[i..]);
                let rest = rest.trim_start_matches(':').trim();
                if !rest.is_empty() {
                    let item = marker::parse(rest).map_or(rest, |(_, at)| &rest[at..]);
                    open_recipient = !ends_terminal(item);
                    t.recipients.push(item.to_string());
                }
                continue;
            }
            let bullet = marker::parse(cell)
                .filter(|(m, _)| matches!(m.style, Style::Bullet(_) | Style::Star));
            if let (Some((_, at)), true) = (bullet, seen_heading) {
                let item = &cell[at..];
                open_recipient = !ends_terminal(item);
                t.recipients.push(item.to_string());
                continue;
            }
            if role_like(cell) {
                roles.push(cell.to_string());
                open_recipient = false;
            } else if note_like(cell) && note.is_none() {
                note = Some(cell.to_string());
            } else if name_like(cell) && name.is_none() && !roles.is_empty() {
                name = Some(cell.to_string());
            } else if open_recipient {
                if let Some(last) = t.recipients.last_mut() {
                    last.push(' ');
                    last.push_str(cell);
                    open_recipient = !ends_terminal(cell);
                }
            } else if seen_heading
                && roles.is_empty()
                && (cell.ends_with(';') || cell.ends_with('.'))
            {
                t.recipients.push(cell.to_string());
            } else {
                t.unplaced.push((no, cell.to_string()));
            }
        }
    }
    if !(roles.is_empty() && note.is_none() && name.is_none()) {
        t.signer = Some(Signer {
            role: (!roles.is_empty()).then(|| roles.join(" ")),
            name,
            note,
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::super::para::paragraphs;
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn dates_in_both_spellings() {
        assert_eq!(
            find_date("Ngày 22/02/2017, đồng chí"),
            Some((date(2017, 2, 22), "Ngày 22/02/2017".into()))
        );
        assert_eq!(
            find_date("Sơn Tịnh, ngày 18 tháng 4 năm 2024").map(|(d, _)| d),
            Some(date(2024, 4, 18))
        );
        assert_eq!(find_date("ngày 30/02/2017"), None);
        assert_eq!(find_date("trong ngày hôm nay"), None);
    }

    #[test]
    fn the_chair_is_named_before_chu_tri() {
        assert_eq!(
            chair_of(
                "Ngày 22/02/2017, đồng chí Nguyễn Mạnh Hùng - Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy đã chủ trì Hội nghị. Tại Hội nghị, đồng chí Bí thư Tỉnh ủy đã kết luận"
            ),
            Some("Nguyễn Mạnh Hùng".into())
        );
        assert_eq!(
            chair_of("cuộc họp do đồng chí Phạm Văn Tuấn, Chủ tịch UBND huyện chủ trì."),
            Some("Phạm Văn Tuấn".into())
        );
        assert_eq!(chair_of("Hội nghị đã kết luận."), None);
    }

    #[test]
    fn header_cells_and_metadata_lines() {
        assert_eq!(
            cells("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI  CHỦ NGHĨA\tx"),
            ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI  CHỦ NGHĨA", "x"]
        );
        assert_eq!(number_of("Số: 87/TB-UBND"), Some("87/TB-UBND".into()));
        assert_eq!(number_of("Số 15-TB/CB"), Some("15-TB/CB".into()));
        assert_eq!(number_of("Số lượng cán bộ"), None);
        assert_eq!(kind_of("THÔNG BÁO"), Some("Thông báo".into()));
        assert_eq!(
            kind_split("THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ"),
            Some(("Thông báo".into(), "KẾT LUẬN CỦA BAN THƯỜNG VỤ"))
        );
        assert_eq!(kind_split("Thông báo này gửi các đơn vị"), None);
        assert!(boilerplate("Độc lập - Tự do - Hạnh phúc"));
        assert!(boilerplate("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(boilerplate("_____________"));
        assert_eq!(
            issuer_from_closing("Văn phòng Tỉnh ủy thông báo ý kiến kết luận"),
            Some("Văn phòng Tỉnh ủy".into())
        );
    }

    #[test]
    fn a_number_and_a_date_on_one_line() {
        let d = Some(date(2024, 3, 15));
        let cases = [
            ("Số 45-TB/HU, ngày 15/03/2024", Some("45-TB/HU"), d),
            (
                "Số: 45-TB/HU, ngày 15 tháng 3 năm 2024",
                Some("45-TB/HU"),
                d,
            ),
            ("SỐ: 45-TB/HU, Hà Nội, ngày 15/3/2024", Some("45-TB/HU"), d),
            ("Số 45-TB/HU ngày 15-03-2024", Some("45-TB/HU"), d),
            ("Số lượng 5 người, ngày 15/03/2024", None, None),
            ("Số 45-TB/HU, ngày 30/02/2024", None, None),
            ("Số 45-TB/HU", None, None),
        ];
        for (cell, number, want) in cases {
            let got = number_and_date(cell);
            assert_eq!(got.as_ref().map(|(n, _)| n.as_str()), number, "{cell}");
            assert_eq!(got.map(|(_, d)| d), want, "{cell}");
        }
    }

    /// The front matter keeps both when they share a line, before the
    /// kind line, without one, or under the title.
    #[test]
    fn the_front_matter_keeps_a_number_next_to_its_date() {
        let cases = [
            "ĐẢNG BỘ HUYỆN X\n\nSố 45-TB/HU, ngày 15/03/2024\n\nTHÔNG BÁO\nKẾT LUẬN\n\nI. Mục",
            "ĐẢNG BỘ HUYỆN X      Số: 45-TB/HU, ngày 15 tháng 3 năm 2024\n\nTHÔNG BÁO\nKẾT LUẬN\n\nI. Mục",
            "ĐẢNG BỘ HUYỆN X\n\nSố 45-TB/HU, ngày 15/03/2024\n\nI. Mục",
            "# THÔNG BÁO\n## KẾT LUẬN\n\n*Số 45-TB/HU, ngày 15/03/2024*\n\nNgày 14/03/2024, họp.\n\nI. Mục",
        ];
        for src in cases {
            let ls = lines(src);
            let ps = paragraphs(&ls);
            let s = sections(&ps).unwrap();
            let f = front("x", &ls, &ps[s.front]);
            assert_eq!(f.meta.number.as_deref(), Some("45-TB/HU"), "{src}");
            assert_eq!(f.meta.date, Some(date(2024, 3, 15)), "{src}");
            assert!(!f.meta.title.contains("Số"), "{src}");
            assert!(f.unplaced.is_empty(), "{src}");
        }
    }

    #[test]
    fn the_tail_in_two_columns() {
        let src = "Nơi nhận:            TL. CHỦ TỊCH\n- Thường trực Huyện ủy;     CHÁNH VĂN PHÒNG\n- Các cơ quan, đơn vị\n  thuộc huyện;\n- Lưu: VT.              (Đã ký)\n\n                 Nguyễn Thị Hồng Nhung\nghi chú lạ\n";
        let ls = lines(src);
        let ps = paragraphs(&ls);
        let t = tail(&ls, &ps);
        assert_eq!(
            t.recipients,
            [
                "Thường trực Huyện ủy;",
                "Các cơ quan, đơn vị thuộc huyện;",
                "Lưu: VT."
            ]
        );
        assert_eq!(
            t.signer,
            Some(Signer {
                role: Some("TL. CHỦ TỊCH CHÁNH VĂN PHÒNG".into()),
                name: Some("Nguyễn Thị Hồng Nhung".into()),
                note: Some("(Đã ký)".into()),
            })
        );
        assert_eq!(t.unplaced, [(8, "ghi chú lạ".to_string())]);
    }

    #[test]
    fn sections_split_front_body_closing_tail() {
        let src = "THÔNG BÁO\n\nNgày 1/2/2020, họp.\n\nI. Mục\n\n1. Ý.\n\nTrên đây là kết luận./.\n\nNơi nhận:\n- A;\n\nCHÁNH VĂN PHÒNG\n";
        let ps = paragraphs(&lines(src));
        let s = sections(&ps).unwrap();
        assert_eq!(
            s,
            Sections {
                front: 0..2,
                body: 2..4,
                closing: 4..5,
                tail: 5..ps.len(),
                closing_guessed: false,
            }
        );
        // A last paragraph that says "thông báo" after a blank line, under
        // a point, is a closing to check; under a heading it is content.
        let src = "I. Mục\n\na. Ý.\n\nĐảng ủy xã thông báo để các chi bộ thực hiện.\n";
        let s = sections(&paragraphs(&lines(src))).unwrap();
        assert_eq!((s.body, s.closing, s.closing_guessed), (0..2, 2..3, true));
        for src in [
            "I. Mục\n\nĐảng ủy xã thông báo để các chi bộ thực hiện.\n",
            "I. Mục\n\na. Ý:\n\nĐảng ủy xã thông báo để các chi bộ thực hiện.\n",
            "I. Mục\n\na. Ý.\n\nGiao Văn phòng làm báo cáo.\n",
        ] {
            let s = sections(&paragraphs(&lines(src))).unwrap();
            assert_eq!((s.closing.len(), s.closing_guessed), (0, false), "{src}");
        }
        assert_eq!(
            sections(&paragraphs(&lines("Chỉ có văn xuôi.\n\nKhông đánh số."))),
            None
        );
    }
}

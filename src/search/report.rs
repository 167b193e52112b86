//! Matches as text, one line per entry, for `ketluan search`: the id, the
//! label and the text, tab-separated, the matches optionally highlighted.

use std::io::{self, Write};
use std::ops::Range;

use crate::doc::Document;
use crate::i18n::Lang;
use crate::text::sanitize;

use super::highlight::Highlights;
use super::index::Index;
use super::matches::Matches;
use super::query::Query;
use super::target::{self, Field, Target};

/// Starts a highlight: bold and reverse video, readable without colour.
const ON: &str = "\x1b[1;7m";
const OFF: &str = "\x1b[0m";

/// How to write the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Mark matches with bold reverse video (for a terminal).
    pub highlight: bool,
    pub lang: Lang,
}

/// Writes one line per match, in document order: the node's id, its label
/// and its title and text (paragraphs joined by spaces), tab-separated.
/// The front and back matter are named in brackets (`[Văn bản]`) and
/// show the fields that match (their first field for an empty query).
/// Document text is sanitized: it never reaches the terminal raw.
pub fn write(
    out: &mut impl Write,
    doc: &Document,
    index: &Index,
    query: &Query,
    matches: &Matches,
    style: Style,
) -> io::Result<()> {
    let words = style.lang.words();
    for &t in matches.targets() {
        let hl = index.highlights(doc, query, t);
        let fields = target::fields(doc, t);
        let (id, shown): (String, Vec<Field>) = match t {
            Target::Node(idx) => (
                doc.node(idx).id.clone(),
                vec![Field::Label, Field::Title, Field::Text],
            ),
            Target::Front | Target::Back => {
                let name = if t == Target::Front {
                    words.front
                } else {
                    words.back
                };
                let mut shown: Vec<Field> = fields
                    .iter()
                    .map(|(f, _)| *f)
                    .filter(|f| hl.ranges(*f).next().is_some())
                    .collect();
                if shown.is_empty() {
                    shown.extend(fields.first().map(|(f, _)| *f));
                }
                (format!("[{name}]"), shown)
            }
        };
        write!(out, "{}\t", sanitize(&id))?;
        if let Some((_, label)) = fields.iter().find(|(f, _)| *f == Field::Label) {
            write_field(out, label, &hl, Field::Label, style)?;
        }
        out.write_all(b"\t")?;
        let mut first = true;
        for field in shown.into_iter().filter(|f| *f != Field::Label) {
            let Some((_, s)) = fields.iter().find(|(f, _)| *f == field) else {
                continue;
            };
            if !first {
                let sep = if matches!(t, Target::Node(_)) {
                    " — "
                } else {
                    " · "
                };
                out.write_all(sep.as_bytes())?;
            }
            first = false;
            write_field(out, s, &hl, field, style)?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes one field on one line, its highlight ranges marked.
fn write_field(
    out: &mut impl Write,
    s: &str,
    hl: &Highlights,
    field: Field,
    style: Style,
) -> io::Result<()> {
    let mut at = 0;
    let ranges: Vec<Range<usize>> = if style.highlight {
        hl.ranges(field).collect()
    } else {
        Vec::new()
    };
    for r in ranges {
        let (Some(before), Some(hit)) = (s.get(at..r.start), s.get(r.clone())) else {
            continue;
        };
        plain(out, before)?;
        out.write_all(ON.as_bytes())?;
        plain(out, hit)?;
        out.write_all(OFF.as_bytes())?;
        at = r.end;
    }
    plain(out, s.get(at..).unwrap_or(""))
}

/// Writes `s` with each run of line breaks as one space, sanitized.
fn plain(out: &mut impl Write, s: &str) -> io::Result<()> {
    let mut rest = s;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.write_all(sanitize(&rest[..i]).as_bytes())?;
        out.write_all(b" ")?;
        rest = rest[i..].trim_start_matches(['\n', '\r']);
    }
    out.write_all(sanitize(rest).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc;
    use crate::search::search;

    fn lines(q: &str, highlight: bool) -> String {
        let d = doc::embedded().unwrap();
        let index = Index::new(&d);
        let query = Query::parse(q);
        let m = search(&index, &query);
        let mut out = Vec::new();
        let style = Style {
            highlight,
            lang: Lang::En,
        };
        write(&mut out, &d, &index, &query, &m, style).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_match_with_id_label_and_text() {
        let s = lines("nguoi dung dau", false);
        let first = s.lines().next().unwrap();
        let cols: Vec<&str> = first.split('\t').collect();
        assert_eq!(cols.len(), 3, "{first}");
        assert_eq!(cols[0], "I.2.1.a");
        assert_eq!(cols[1], "-");
        assert!(cols[2].contains("người đứng đầu"), "{first}");
        assert!(!s.contains('\x1b'));
    }

    #[test]
    fn highlights_are_bold_reverse() {
        let s = lines("nguoi dung dau", true);
        assert!(
            s.contains("\x1b[1;7mngười\x1b[0m \x1b[1;7mđứng\x1b[0m"),
            "{s}"
        );
    }

    #[test]
    fn metadata_matches_are_named_and_show_the_matching_fields() {
        let s = lines("Lê Tấn Lai", false);
        assert_eq!(s, "[Closing]\t\tLê Tấn Lai\n");
    }

    #[test]
    fn line_breaks_become_single_spaces() {
        let mut out = Vec::new();
        plain(&mut out, "a\n\nb\r\nc\n").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a b c ");
        let mut out = Vec::new();
        plain(&mut out, "\u{1b}]0;x\u{7}").unwrap();
        assert!(!String::from_utf8(out).unwrap().contains('\u{1b}'));
    }
}

//! The search index: every searched string of a document folded once, at
//! load, into one contiguous text, so that a keystroke only scans it.
//!
//! Layout: each entry's fields, folded, one after the other, each followed
//! by `'\n'`. Query words never contain whitespace, so no match crosses a
//! field. Beside the text, one [`Marks`] per folded byte lets words typed
//! with marks be checked without the original. No map back to the original
//! is stored: highlights re-fold only the entries shown.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::doc::{Document, Kind, NodeIdx};

use super::filter::Filter;
use super::fold::{self, Marks};
use super::highlight::{self, Highlights, UnitMap};
use super::matches::Matches;
use super::query::{Query, Word};
use super::target::{self, Field, Target};

/// A document's folded text. Build it with [`Index::new`] when the
/// document is loaded; it holds no reference to the document.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// All fields folded, each followed by `'\n'`.
    folded: String,
    /// One per byte of `folded`.
    marks: Vec<Marks>,
    /// Every field, in order.
    fields: Vec<FieldSpan>,
    /// Every entry with at least one field, in document order.
    entries: Vec<EntrySpan>,
}

#[derive(Debug, Clone)]
struct FieldSpan {
    field: Field,
    /// Folded byte range, without the separator.
    folded: Span,
}

/// A range of 32-bit offsets: a notice is at most
/// [`crate::doc::MAX_FILE_BYTES`], and the spans of 100,000 nodes are then
/// half the size they would be with `usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn new(range: Range<usize>) -> Span {
        let at = |n: usize| {
            debug_assert!(u32::try_from(n).is_ok(), "folded text past 4 GiB");
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        Span {
            start: at(range.start),
            end: at(range.end),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    fn end(self) -> usize {
        self.end as usize
    }
}

#[derive(Debug, Clone)]
struct EntrySpan {
    target: Target,
    /// `None` for the front and back matter.
    kind: Option<Kind>,
    /// Indexes into `Index::fields`.
    fields: Span,
    /// Folded byte range of all its fields and separators. Entries tile
    /// the folded text: each starts where the previous one ends.
    folded: Span,
}

impl Index {
    /// Folds every label, title and text of `doc`, and its metadata as two
    /// entries ([`Target::Front`], [`Target::Back`]). Linear in the size of
    /// the document; no recursion.
    pub fn new(doc: &Document) -> Index {
        let mut index = Index::default();
        let [front, back] = [Target::Front, Target::Back].map(|t| target::fields(doc, t));
        let (mut total, mut fields) = (0, 0);
        for s in front.iter().chain(&back).map(|(_, s)| s.as_ref()) {
            total += s.len() + 1;
            fields += 1;
        }
        for n in doc.nodes() {
            for s in [&n.label, &n.title, &n.text].into_iter().flatten() {
                total += s.len() + 1;
                fields += 1;
            }
        }
        // Room for the text as it is: folding an accented letter makes it
        // shorter (seldom longer), and what is left over is given back at
        // the end. Exact, so that 22 MB of text does not reserve 32.
        index.folded.reserve_exact(total);
        index.marks.reserve_exact(total);
        index.fields.reserve_exact(fields);
        index.entries.reserve_exact(doc.len() + 2);
        index.push_entry(Target::Front, None, front);
        for (i, node) in doc.nodes().iter().enumerate() {
            let t = Target::Node(NodeIdx(i as u32));
            index.push_entry(t, Some(node.kind), target::fields(doc, t));
        }
        index.push_entry(Target::Back, None, back);
        index.folded.shrink_to_fit();
        index.marks.shrink_to_fit();
        index
    }

    fn push_entry(
        &mut self,
        target: Target,
        kind: Option<Kind>,
        fields: Vec<(Field, impl AsRef<str>)>,
    ) {
        if fields.is_empty() {
            return;
        }
        let entry_start = self.folded.len();
        let first_field = self.fields.len();
        for (field, text) in fields {
            let start = self.folded.len();
            for unit in fold::units(text.as_ref()) {
                self.folded.push(unit.folded);
                self.marks.push(unit.marks);
                let extra = unit.folded.len_utf8() - 1;
                self.marks.extend(std::iter::repeat_n(Marks::NONE, extra));
            }
            self.fields.push(FieldSpan {
                field,
                folded: Span::new(start..self.folded.len()),
            });
            self.folded.push('\n');
            self.marks.push(Marks::NONE);
        }
        self.entries.push(EntrySpan {
            target,
            kind,
            fields: Span::new(first_field..self.fields.len()),
            folded: Span::new(entry_start..self.folded.len()),
        });
    }

    /// Number of entries (nodes plus the front and back matter that have
    /// any text).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry in document order.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        self.entries.iter().map(|e| e.target)
    }

    /// The folded text of one field (lowercase, without accents); `None`
    /// when the entry has no such field.
    pub fn folded(&self, target: Target, field: Field) -> Option<&str> {
        let span = self.field_span(target, field)?;
        self.folded.get(span.folded.range())
    }

    fn entry(&self, target: Target) -> Option<&EntrySpan> {
        self.entries
            .binary_search_by_key(&target, |e| e.target)
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    fn field_span(&self, target: Target, field: Field) -> Option<&FieldSpan> {
        let entry = self.entry(target)?;
        self.fields
            .get(entry.fields.range())?
            .iter()
            .find(|f| f.field == field)
    }

    /// Whether `word` occurs in the folded range `r` with marks it accepts.
    fn occurs(&self, word: &Word, finder: &Finder<'_>, r: Range<usize>) -> bool {
        self.find(word, finder, r).is_some()
    }

    /// First accepted occurrence of `word` in the folded range `r`.
    fn find(&self, word: &Word, finder: &Finder<'_>, r: Range<usize>) -> Option<usize> {
        let hay = self.folded.as_bytes().get(r.clone())?;
        let len = word.folded().len();
        let mut pos = 0;
        while let Some(off) = hay.get(pos..).and_then(|h| finder.find(h)) {
            let at = r.start + pos + off;
            if self
                .marks
                .get(at..at + len)
                .is_some_and(|m| word.accepts(m))
            {
                return Some(at);
            }
            pos += off + 1;
        }
        None
    }

    /// Highlight ranges of every word of `query` in `target`, per field, as
    /// byte ranges of the strings of `doc` — which must be the document the
    /// index was built from (a field whose text no longer folds to what was
    /// indexed gets no highlights). Costs a re-fold of this entry only:
    /// call it for the entries on screen.
    pub fn highlights(&self, doc: &Document, query: &Query, target: Target) -> Highlights {
        let mut out = Highlights::default();
        let Some(entry) = self.entry(target) else {
            return out;
        };
        if query.is_empty() {
            return out;
        }
        let originals = target::fields(doc, target);
        for span in self.fields.get(entry.fields.range()).unwrap_or(&[]) {
            let (Some(folded), Some(marks)) = (
                self.folded.get(span.folded.range()),
                self.marks.get(span.folded.range()),
            ) else {
                continue;
            };
            let found = highlight::occurrences(query, folded, marks);
            if found.is_empty() {
                continue;
            }
            let Some((_, original)) = originals.iter().find(|(f, _)| *f == span.field) else {
                continue;
            };
            let upto = found.iter().map(|r| r.end).max().unwrap_or(0);
            let Some(map) = UnitMap::new(original, folded, upto) else {
                continue;
            };
            out.push(
                span.field,
                highlight::to_original(original, found, |r| map.map(r)),
            );
        }
        out
    }
}

/// The entries where every word of `query` occurs (anywhere in the entry,
/// in any order), in document order. An empty query matches every entry.
pub fn search(index: &Index, query: &Query) -> Matches {
    search_with(index, query, &Filter::default())
}

/// [`search`] restricted to the entries `filter` accepts. With an empty
/// query: every entry the filter accepts (a kind filter alone).
///
/// Scans the folded text once for the longest word, then only the entries
/// found for the others. Allocates the result, nothing per entry.
pub fn search_with(index: &Index, query: &Query, filter: &Filter) -> Matches {
    let mut words: Vec<&Word> = query.words().iter().collect();
    // The longest word is usually the rarest: scan for it first.
    words.sort_by_key(|w| std::cmp::Reverse(w.folded().len()));
    let hits: Vec<usize> = match words.split_first() {
        None => (index.entries.iter().enumerate())
            .filter(|(_, entry)| filter.accepts(entry.kind))
            .map(|(e, _)| e)
            .collect(),
        Some((first, rest)) => scan(index, first, rest, filter),
    };
    let mut kind_counts = [0; 6];
    let targets = hits
        .iter()
        .filter_map(|&e| index.entries.get(e))
        .map(|entry| {
            if let Some(kind) = entry.kind {
                kind_counts[kind.index()] += 1;
            }
            entry.target
        })
        .collect();
    Matches::new(targets, kind_counts)
}

/// The entries (by position) that `filter` accepts and where `first` and
/// all of `rest` occur: one pass over the folded text for `first`; in an
/// entry where it occurs, the other words are looked for at once, while
/// the entry is in the cache, and the scan skips to the next entry.
fn scan(index: &Index, first: &Word, rest: &[&Word], filter: &Filter) -> Vec<usize> {
    let finder = Finder::new(first.folded().as_bytes());
    let others: Vec<(&Word, Finder<'_>)> = rest
        .iter()
        .map(|w| (*w, Finder::new(w.folded().as_bytes())))
        .collect();
    let hay = index.folded.as_bytes();
    let len = first.folded().len();
    let mut hits = Vec::new();
    let mut pos = 0;
    let mut e = 0;
    while let Some(off) = hay.get(pos..).and_then(|h| finder.find(h)) {
        let at = pos + off;
        // Entries tile the text and `at` only grows: step forward, at most
        // once per entry over the whole scan.
        while index.entries.get(e).is_some_and(|x| x.folded.end() <= at) {
            e += 1;
        }
        let Some(entry) = index.entries.get(e) else {
            break;
        };
        if !filter.accepts(entry.kind) {
            pos = entry.folded.end();
        } else if index
            .marks
            .get(at..at + len)
            .is_some_and(|m| first.accepts(m))
        {
            if others
                .iter()
                .all(|(w, f)| index.occurs(w, f, entry.folded.range()))
            {
                hits.push(e);
            }
            pos = entry.folded.end();
        } else {
            pos = at + 1;
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::{self, Meta, Node};
    use crate::search::KindSet;

    fn node(id: &str, kind: Kind, label: Option<&str>, text: &str) -> Node {
        Node {
            id: id.into(),
            kind,
            label: label.map(str::to_string),
            title: None,
            text: Some(text.into()),
            parent: None,
            children: Vec::new(),
            depth: 0,
        }
    }

    fn sample() -> Document {
        let meta = Meta {
            title: "KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY".into(),
            chair: Some("Nguyễn Mạnh Hùng".into()),
            recipients: vec!["Lưu Văn phòng Tỉnh uỷ.".into()],
            ..Meta::default()
        };
        Document::from_file_order(
            meta,
            vec![
                (
                    node("a", Kind::Heading, Some("I"), "Xây dựng tổ chức bộ máy"),
                    None,
                ),
                (
                    node("a1", Kind::Strength, Some("1"), "Vai trò của Đảng"),
                    Some(0),
                ),
                (
                    node(
                        "a2",
                        Kind::Weakness,
                        Some("2"),
                        "Người đứng đầu còn sợ trách nhiệm",
                    ),
                    Some(0),
                ),
                (
                    node("a3", Kind::Task, Some("3"), "Hòa hợp, khỏe mạnh; số và sở"),
                    Some(0),
                ),
            ],
        )
    }

    fn ids(doc: &Document, m: &Matches) -> Vec<String> {
        m.targets()
            .iter()
            .map(|t| match t {
                Target::Front => "front".to_string(),
                Target::Back => "back".to_string(),
                Target::Node(i) => doc.node(*i).id.clone(),
            })
            .collect()
    }

    fn find(doc: &Document, q: &str) -> Vec<String> {
        ids(doc, &search(&Index::new(doc), &Query::parse(q)))
    }

    #[test]
    fn words_match_without_accents_anywhere_in_the_entry() {
        let d = sample();
        assert_eq!(find(&d, "to chuc bo may"), ["a"]);
        assert_eq!(find(&d, "may bo"), ["a"]);
        assert_eq!(find(&d, "dang"), ["a1"]);
        assert_eq!(find(&d, "NGUOI DUNG DAU"), ["a2"]);
        assert_eq!(find(&d, "tinh uy"), ["front", "back"]);
        assert_eq!(find(&d, "hung"), ["front"]);
        assert_eq!(find(&d, "dang nguoi"), Vec::<String>::new());
        assert_eq!(find(&d, "zzz"), Vec::<String>::new());
    }

    #[test]
    fn words_with_marks_match_exactly_up_to_tone_placement() {
        let d = sample();
        assert_eq!(find(&d, "sợ"), ["a2"]);
        assert_eq!(find(&d, "sờ"), Vec::<String>::new());
        assert_eq!(find(&d, "số"), ["a3"]);
        assert_eq!(find(&d, "hoà khoẻ"), ["a3"]);
        assert_eq!(find(&d, "uỷ"), ["front", "back"]);
        assert_eq!(find(&d, "ủy"), ["front", "back"]);
        assert_eq!(find(&d, "Đảng"), ["a1"]);
        assert_eq!(find(&d, "đáng"), Vec::<String>::new());
    }

    #[test]
    fn labels_are_searched_too() {
        let d = sample();
        assert_eq!(find(&d, "2"), ["a2"]);
    }

    #[test]
    fn an_empty_query_matches_everything_the_filter_keeps() {
        let d = sample();
        let index = Index::new(&d);
        assert_eq!(search(&index, &Query::parse("")).len(), 6);
        let tasks = Filter::kinds(KindSet::only(Kind::Task).with(Kind::Weakness));
        let m = search_with(&index, &Query::parse(" "), &tasks);
        assert_eq!(ids(&d, &m), ["a2", "a3"]);
        assert_eq!(m.count(Kind::Task), 1);
        assert_eq!(m.count(Kind::Strength), 0);
        let m = search_with(&index, &Query::parse("trách"), &tasks);
        assert_eq!(ids(&d, &m), ["a2"]);
        let m = search_with(&index, &Query::parse("tinh"), &tasks);
        assert!(m.is_empty(), "the metadata has no kind");
    }

    #[test]
    fn highlights_point_into_the_original_fields() {
        let d = sample();
        let index = Index::new(&d);
        let q = Query::parse("dau nguoi trach");
        let t = Target::Node(d.find("a2").unwrap());
        let h = index.highlights(&d, &q, t);
        let text = d.node(d.find("a2").unwrap()).text.clone().unwrap();
        let got: Vec<&str> = h.ranges(Field::Text).map(|r| &text[r]).collect();
        assert_eq!(got, ["Người", "đầu", "trách"]);
        assert_eq!(h.ranges(Field::Label).count(), 0);
        let h = index.highlights(&d, &Query::parse("uy"), Target::Back);
        let r: Vec<_> = h.ranges(Field::Recipient(0)).collect();
        assert_eq!(&d.meta.recipients[0][r[0].clone()], "uỷ");
        assert!(index.highlights(&d, &Query::parse(""), t).is_empty());
    }

    #[test]
    fn highlights_against_another_document_stay_in_bounds() {
        let d = sample();
        let index = Index::new(&d);
        let other = doc::embedded().unwrap();
        for t in index.targets() {
            let h = index.highlights(&other, &Query::parse("a"), t);
            for (field, r) in h.iter() {
                let s = target::field_text(&other, t, field).unwrap();
                assert!(s.get(r).is_some());
            }
        }
    }

    #[test]
    fn the_index_keeps_the_folded_text_per_field() {
        let d = sample();
        let index = Index::new(&d);
        assert_eq!(index.len(), 6);
        assert_eq!(
            index.folded(Target::Front, Field::DocTitle),
            Some("ket luan cua thuong truc tinh uy")
        );
        assert_eq!(index.folded(Target::Front, Field::Preamble), None);
        let t = Target::Node(d.find("a1").unwrap());
        assert_eq!(index.folded(t, Field::Text), Some("vai tro cua dang"));
    }

    #[test]
    fn the_embedded_notice_answers_the_issue_examples() {
        let d = doc::embedded().unwrap();
        for q in ["to chuc bo may", "dang", "nguoi dung dau"] {
            assert!(!find(&d, q).is_empty(), "{q}");
        }
    }

    /// Not a test of speed (no timing is asserted): prints how long a
    /// search takes on a synthetic 100,000-node document, best of 5 runs.
    /// `cargo test --release --lib -- --ignored --nocapture search_timing`
    #[test]
    #[ignore]
    fn search_timing_on_100_000_nodes() {
        use std::time::{Duration, Instant};
        let vocab: Vec<&str> = "Đảng tổ chức bộ máy người đứng đầu hiệu quả nhiệm vụ Tỉnh ủy \
            cán bộ kiểm tra giám sát chính quyền nhân dân hòa hợp khoẻ mạnh sở ban ngành \
            thực hiện nghị quyết đổi mới phương thức lãnh đạo xây dựng hệ thống chính trị \
            tinh gọn hiệu lực quán triệt triển khai nghiêm túc kịp thời"
            .split_whitespace()
            .collect();
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let n = 100_000;
        let nodes = (0..n)
            .map(|i| {
                let text: Vec<&str> = (0..30).map(|_| vocab[next() % vocab.len()]).collect();
                let mut nd = node(
                    &format!("n{i}"),
                    Kind::ALL[i % 6],
                    Some("-"),
                    &text.join(" "),
                );
                nd.title = (i % 10 == 0).then(|| format!("Mục {i}"));
                // Mostly shallow, some long chains.
                let parent = if i == 0 {
                    None
                } else if i % 100 < 50 {
                    Some(i - 1)
                } else {
                    Some(i / 2)
                };
                (nd, parent)
            })
            .collect();
        let d = Document::from_file_order(
            Meta {
                title: "Văn bản".into(),
                ..Meta::default()
            },
            nodes,
        );
        let t = Instant::now();
        let index = Index::new(&d);
        println!(
            "index built in {:?}: {} folded bytes",
            t.elapsed(),
            index.folded.len()
        );
        let best = |f: &mut dyn FnMut()| {
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .min()
                .unwrap_or(Duration::ZERO)
        };
        for q in [
            "d",
            "dang",
            "Đảng",
            "nguoi dung dau",
            "tinh uy can bo",
            "hoà khỏe",
            "muc 12340",
            "xyz",
            "a b c d e",
        ] {
            let query = Query::parse(q);
            let mut m = Matches::default();
            let search_time = best(&mut || m = search(&index, &query));
            let mut sparse = None;
            let sparse_time =
                best(&mut || sparse = Some(crate::search::sparse_tree(&d, m.targets())));
            let hl_time = best(&mut || {
                for &t in m.targets().iter().take(50) {
                    std::hint::black_box(index.highlights(&d, &query, t));
                }
            });
            println!(
                "{q:>16}: search {search_time:>10.2?} ({:>6} matches), sparse tree {sparse_time:>9.2?}, highlights of 50 {hl_time:>9.2?}",
                m.len()
            );
        }
    }
}

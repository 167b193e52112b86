//! From a spanned TOML tree to a [`Document`], collecting every problem.
//!
//! Nothing stops at the first error: each table and node is checked in full
//! so that one run of `ketluan check` lists all that is wrong.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use super::error::{IdFault, MAX_ID_CHARS, Problem, TOP_LEVEL, Type, What};
use super::load::LineIndex;
use super::model::{Date, Document, Kind, Meta, Node, Signer};
use crate::i18n::Lang;

const TOP_KEYS: &[&str] = &["document", "node"];
const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "kind",
    "number",
    "date",
    "issuer",
    "chair",
    "preamble",
    "closing",
    "recipients",
    "signer",
];
const SIGNER_KEYS: &[&str] = &["role", "name", "note"];
const NODE_KEYS: &[&str] = &["id", "parent", "kind", "label", "title", "text"];

/// At most this many unknown parents get a "did you mean" search, which
/// compares against every id.
const MAX_PARENT_SUGGESTIONS: usize = 32;

/// U+00AD, which word processors and PDFs leave inside words: only a hint
/// of where a word may break at the end of a line, invisible elsewhere. Left
/// in, it would split words for search and show as a stand-in.
pub const SOFT_HYPHEN: char = '\u{AD}';

struct Ctx<'a> {
    lines: &'a LineIndex<'a>,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn report(&mut self, span: Range<usize>, what: What) {
        self.problems.push(Problem {
            pos: self.lines.pos(span.start),
            what,
        });
    }

    /// Reports keys outside `valid`, each with the closest valid key.
    fn check_keys(&mut self, table: &DeTable<'_>, name: &'static str, valid: &'static [&str]) {
        for key in table.keys() {
            let k: &str = key.get_ref();
            if !valid.contains(&k) {
                self.report(
                    key.span(),
                    What::UnknownKey {
                        key: k.to_string(),
                        table: name,
                        valid,
                        suggestion: closest(k, valid.iter().copied()),
                    },
                );
            }
        }
    }

    /// A string value, NFC, whitespace folded to one line; `None` when absent
    /// or blank. Reports a value of the wrong type.
    fn line(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        self.string(table, key)
            .map(fold_line)
            .filter(|s| !s.is_empty())
    }

    /// A string value as paragraphs separated by `"\n\n"`; `None` when
    /// absent or blank.
    fn text(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        self.string(table, key)
            .map(fold_text)
            .filter(|s| !s.is_empty())
    }

    fn string(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        let (k, v) = entry(table, key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(nfc(s)),
            other => {
                self.report(
                    k.span(),
                    What::WrongType {
                        key: key.to_string(),
                        expected: Type::String,
                        found: type_name(other),
                    },
                );
                None
            }
        }
    }

    fn table<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Option<(Range<usize>, &'t DeTable<'i>)> {
        let (k, v) = entry(table, key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((k.span(), t)),
            other => {
                self.report(
                    k.span(),
                    What::WrongType {
                        key: key.to_string(),
                        expected: Type::Table,
                        found: type_name(other),
                    },
                );
                None
            }
        }
    }
}

/// Builds the document, or returns every problem found.
pub(super) fn build(root: &DeTable<'_>, lines: &LineIndex<'_>) -> Result<Document, Vec<Problem>> {
    let mut cx = Ctx {
        lines,
        problems: Vec::new(),
    };
    cx.check_keys(root, TOP_LEVEL, TOP_KEYS);
    let meta = match cx.table(root, "document") {
        Some((span, table)) => document(&mut cx, span, table),
        None => {
            if entry(root, "document").is_none() {
                cx.report(0..0, What::NoDocument);
            }
            Meta::default()
        }
    };
    let nodes = nodes(&mut cx, root);
    if cx.problems.is_empty() {
        Ok(Document::from_file_order(meta, nodes))
    } else {
        Err(cx.problems)
    }
}

fn document(cx: &mut Ctx<'_>, span: Range<usize>, t: &DeTable<'_>) -> Meta {
    cx.check_keys(t, "[document]", DOCUMENT_KEYS);
    let title = cx.line(t, "title");
    if title.is_none() {
        match entry(t, "title") {
            None => cx.report(
                span,
                What::MissingKey {
                    key: "title",
                    table: "[document]",
                },
            ),
            // A title of the wrong type is reported as such.
            Some((k, v)) if matches!(v.get_ref(), DeValue::String(_)) => {
                cx.report(k.span(), What::BlankTitle);
            }
            Some(_) => {}
        }
    }
    let signer = cx.table(t, "signer").map(|(_, s)| {
        cx.check_keys(s, "[document.signer]", SIGNER_KEYS);
        Signer {
            role: cx.line(s, "role"),
            name: cx.line(s, "name"),
            note: cx.line(s, "note"),
        }
    });
    Meta {
        title: title.unwrap_or_default(),
        kind: cx.line(t, "kind"),
        number: cx.line(t, "number"),
        date: date(cx, t),
        issuer: cx.line(t, "issuer"),
        chair: cx.line(t, "chair"),
        preamble: cx.text(t, "preamble"),
        closing: cx.text(t, "closing"),
        recipients: recipients(cx, t),
        signer,
    }
}

fn date(cx: &mut Ctx<'_>, t: &DeTable<'_>) -> Option<Date> {
    let (k, v) = entry(t, "date")?;
    let bad = match v.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                return Some(Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                });
            }
            _ => dt.to_string(),
        },
        DeValue::String(s) => format!("{s:?}"),
        // Quoted as written: a number reads as itself.
        _ => cx.lines.source(v.span()).to_string(),
    };
    cx.report(k.span(), What::BadDate(bad));
    None
}

fn recipients(cx: &mut Ctx<'_>, t: &DeTable<'_>) -> Vec<String> {
    let Some((k, v)) = entry(t, "recipients") else {
        return Vec::new();
    };
    let wrong = |found| What::WrongType {
        key: "recipients".into(),
        expected: Type::ArrayOfStrings,
        found,
    };
    let DeValue::Array(items) = v.get_ref() else {
        cx.report(k.span(), wrong(type_name(v.get_ref())));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => {
                let line = fold_line(nfc(s));
                if !line.is_empty() {
                    out.push(line);
                }
            }
            other => cx.report(item.span(), wrong(type_name(other))),
        }
    }
    out
}

/// What the first pass knows of one `[[node]]`.
struct Raw {
    /// Where the id is written, or the table when it is missing.
    id_span: Range<usize>,
    id: Option<String>,
    parent: Option<(Range<usize>, String)>,
    kind: Option<Kind>,
    label: Option<String>,
    title: Option<String>,
    text: Option<String>,
}

impl Raw {
    /// The node, unplaced (no parent, children or depth yet); `None` when
    /// its id or kind was bad.
    fn into_node(self) -> Option<Node> {
        Some(Node {
            id: self.id?,
            kind: self.kind?,
            label: self.label,
            title: self.title,
            text: self.text,
            parent: None,
            children: Vec::new(),
            depth: 0,
        })
    }
}

fn nodes(cx: &mut Ctx<'_>, root: &DeTable<'_>) -> Vec<(Node, Option<usize>)> {
    let Some((key, value)) = entry(root, "node") else {
        cx.report(0..0, What::NoNodes);
        return Vec::new();
    };
    let DeValue::Array(items) = value.get_ref() else {
        cx.report(
            key.span(),
            What::WrongType {
                key: "node".into(),
                expected: Type::NodeTables,
                found: type_name(value.get_ref()),
            },
        );
        return Vec::new();
    };
    if items.is_empty() {
        cx.report(key.span(), What::NoNodes);
    }
    let mut raws = Vec::with_capacity(items.len());
    for item in items.iter() {
        match item.get_ref() {
            DeValue::Table(t) => raws.push(node(cx, item.span(), t)),
            other => cx.report(
                item.span(),
                What::WrongType {
                    key: "node".into(),
                    expected: Type::NodeTable,
                    found: type_name(other),
                },
            ),
        }
    }

    // Ids first, so that parents can be resolved and later ones told apart
    // from missing ones.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        if let Some(id) = raw.id.as_deref() {
            if let Some(&j) = first.get(id) {
                cx.report(
                    raw.id_span.clone(),
                    What::DuplicateId {
                        id: id.to_string(),
                        first_line: cx.lines.line(raws[j].id_span.start),
                    },
                );
            } else {
                first.insert(id, i);
            }
        }
    }
    let mut suggestions_left = MAX_PARENT_SUGGESTIONS;
    let mut parents = Vec::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        let Some((span, parent)) = &raw.parent else {
            parents.push(None);
            continue;
        };
        match first.get(parent.as_str()) {
            Some(&j) if j < i => parents.push(Some(j)),
            Some(&j) if j == i => {
                cx.report(span.clone(), What::OwnParent(parent.clone()));
                parents.push(None);
            }
            Some(&j) => {
                let line = cx.lines.line(raws[j].id_span.start);
                cx.report(
                    span.clone(),
                    What::ParentLater {
                        parent: parent.clone(),
                        line,
                    },
                );
                parents.push(None);
            }
            None => {
                let suggestion = if suggestions_left > 0 {
                    suggestions_left -= 1;
                    closest(parent, first.keys().copied()).map(str::to_string)
                } else {
                    None
                };
                cx.report(
                    span.clone(),
                    What::UnknownParent {
                        parent: parent.clone(),
                        suggestion,
                    },
                );
                parents.push(None);
            }
        }
    }
    if !cx.problems.is_empty() {
        return Vec::new();
    }
    raws.into_iter()
        .zip(parents)
        .filter_map(|(raw, parent)| Some((raw.into_node()?, parent)))
        .collect()
}

fn node(cx: &mut Ctx<'_>, span: Range<usize>, t: &DeTable<'_>) -> Raw {
    cx.check_keys(t, "[[node]]", NODE_KEYS);
    let missing = |key| What::MissingKey {
        key,
        table: "[[node]]",
    };
    let id_span = entry(t, "id").map_or(span.clone(), |(k, _)| k.span());
    let id = match entry(t, "id") {
        None => {
            cx.report(span.clone(), missing("id"));
            None
        }
        Some((k, _)) => {
            let id = cx.string(t, "id");
            id.and_then(|id| match id_fault(&id) {
                None => Some(id),
                Some(reason) => {
                    cx.report(k.span(), What::BadId { value: id, reason });
                    None
                }
            })
        }
    };
    let parent =
        entry(t, "parent").and_then(|(k, _)| cx.string(t, "parent").map(|p| (k.span(), p)));
    let kind = match entry(t, "kind") {
        None => {
            cx.report(span.clone(), missing("kind"));
            None
        }
        Some((k, _)) => cx.string(t, "kind").and_then(|value| {
            let kind = Kind::parse(&value);
            if kind.is_none() {
                let suggestion = kind_by_name(&value).map(Kind::as_str).or_else(|| {
                    closest(
                        &value.to_lowercase(),
                        Kind::ALL.map(Kind::as_str).into_iter(),
                    )
                });
                cx.report(k.span(), What::UnknownKind { value, suggestion });
            }
            kind
        }),
    };
    let label = cx.line(t, "label");
    let title = cx.line(t, "title");
    let text = cx.text(t, "text");
    let has_content_key = entry(t, "title").is_some() || entry(t, "text").is_some();
    if title.is_none() && text.is_none() {
        // A wrong type was already reported on the key itself.
        let typed_badly = [("title"), ("text")]
            .iter()
            .any(|k| entry(t, k).is_some_and(|(_, v)| !matches!(v.get_ref(), DeValue::String(_))));
        if !typed_badly {
            let at = if has_content_key {
                entry(t, "title")
                    .or_else(|| entry(t, "text"))
                    .map_or(span.clone(), |(k, _)| k.span())
            } else {
                span.clone()
            };
            cx.report(at, What::NoContent);
        }
    }
    Raw {
        id_span,
        id,
        parent,
        kind,
        label,
        title,
        text,
    }
}

/// Builds a document from a notice cut at its `[[node]]` headers: first
/// the prelude (everything before the first header), then chunks that each
/// start with one, in file order.
///
/// Fast, and silent about problems: [`Chunked::prelude`] and
/// [`Chunked::nodes`] return `false` at the first thing that is not a
/// plain valid notice, whatever it is, and the builder is then useless. The caller falls back to [`build`] on the whole
/// file, which finds and places every problem. Together with the header
/// rule this keeps the two paths equivalent: a chunk holds only `[[node]]`
/// tables (the prelude only `[document]`), so no chunk can redefine what
/// another one defined.
#[derive(Debug, Default)]
pub(super) struct Chunked {
    meta: Option<Meta>,
    nodes: Vec<Node>,
    /// Per node: its parent's file position.
    parents: Vec<Option<u32>>,
    /// File position by a 64-bit hash of the id: no copy of the ids. A
    /// lookup checks the id itself, so a collision only means a fallback.
    ids: HashMap<u64, u32, BuildNoHash>,
    /// Keys the hashes: randomly, so that no file can be made to collide.
    hasher: RandomState,
}

impl Chunked {
    /// Hashes an id for [`Chunked::ids`].
    fn id_hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }
}

/// The keys of [`Chunked::ids`] are hashes already.
type BuildNoHash = std::hash::BuildHasherDefault<NoHash>;

#[derive(Debug, Default)]
struct NoHash(u64);

impl Hasher for NoHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Chunked {
    /// The prelude: exactly a valid `[document]` table.
    pub(super) fn prelude(&mut self, root: &DeTable<'_>, lines: &LineIndex<'_>) -> bool {
        let mut cx = Ctx {
            lines,
            problems: Vec::new(),
        };
        if root.len() != 1 {
            return false;
        }
        let Some((span, table)) = cx.table(root, "document") else {
            return false;
        };
        let meta = document(&mut cx, span, table);
        self.meta = Some(meta);
        cx.problems.is_empty()
    }

    /// A chunk of `[[node]]` tables, each with a unique id and a parent
    /// that came before it.
    pub(super) fn nodes(&mut self, root: &DeTable<'_>, lines: &LineIndex<'_>) -> bool {
        let mut cx = Ctx {
            lines,
            problems: Vec::new(),
        };
        if self.meta.is_none() || root.len() != 1 {
            return false;
        }
        let Some(DeValue::Array(items)) = entry(root, "node").map(|(_, v)| v.get_ref()) else {
            return false;
        };
        let mut raws = Vec::with_capacity(items.len());
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                return false;
            };
            raws.push(node(&mut cx, item.span(), t));
        }
        if !cx.problems.is_empty() {
            return false;
        }
        self.nodes.reserve(raws.len());
        self.parents.reserve(raws.len());
        self.ids.reserve(raws.len());
        for mut raw in raws {
            let parent_id = raw.parent.take().map(|(_, p)| p);
            let Some(node) = raw.into_node() else {
                return false;
            };
            let parent = match parent_id {
                None => None,
                Some(p) => match self.ids.get(&self.id_hash(&p)) {
                    Some(&j) if self.nodes[j as usize].id == p => Some(j),
                    _ => return false,
                },
            };
            let at = self.nodes.len() as u32;
            if self.ids.insert(self.id_hash(&node.id), at).is_some() {
                return false;
            }
            self.parents.push(parent);
            self.nodes.push(node);
        }
        true
    }

    /// Makes room for about `more` nodes, so that the node list does not
    /// double (and briefly hold two copies) as it grows.
    pub(super) fn expect(&mut self, more: usize) {
        // Only a guess: if the room cannot be had, the lists grow instead.
        let _ = self.nodes.try_reserve_exact(more);
        let _ = self.parents.try_reserve_exact(more);
        let _ = self.ids.try_reserve(more);
    }

    /// Nodes so far.
    pub(super) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The document so far, for a first screen while the rest loads.
    pub(super) fn preview(&self) -> Option<Document> {
        let meta = self.meta.clone()?;
        (!self.nodes.is_empty())
            .then(|| Document::from_parts(meta, self.nodes.clone(), &self.parents))
    }

    /// The whole document; `None` without any node (the full path then
    /// reports it).
    pub(super) fn finish(self) -> Option<Document> {
        let meta = self.meta?;
        if self.nodes.is_empty() {
            return None;
        }
        drop(self.ids);
        Some(Document::from_parts(meta, self.nodes, &self.parents))
    }
}

fn id_fault(id: &str) -> Option<IdFault> {
    if id.is_empty() {
        return Some(IdFault::Empty);
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Some(IdFault::TooLong);
    }
    id.chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '/')))
        .map(IdFault::BadChar)
}

type Entry<'t, 'i> = (
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
);

fn entry<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<Entry<'t, 'i>> {
    table.get_key_value(key)
}

fn type_name(v: &DeValue<'_>) -> Type {
    match v {
        DeValue::String(_) => Type::String,
        DeValue::Integer(_) => Type::Integer,
        DeValue::Float(_) => Type::Float,
        DeValue::Boolean(_) => Type::Boolean,
        DeValue::Datetime(_) => Type::DateTime,
        DeValue::Array(_) => Type::Array,
        DeValue::Table(_) => Type::Table,
    }
}

/// `s` in NFC without soft hyphens, copied as it is when a quick check
/// shows it already is (almost all text is): composing is the costly part
/// of loading.
fn nfc(s: &str) -> String {
    if s.contains(SOFT_HYPHEN) {
        return nfc(&s.replace(SOFT_HYPHEN, ""));
    }
    match unicode_normalization::is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        IsNormalized::No | IsNormalized::Maybe => s.nfc().collect(),
    }
}

/// [`fold_paragraphs`] joined into one line; `s` itself when it has no line
/// break and no blank at either end.
fn fold_line(s: String) -> String {
    if is_one_trimmed_line(&s) {
        s
    } else {
        fold_paragraphs(&s).join(" ")
    }
}

/// [`fold_paragraphs`] joined with blank lines; `s` itself when it has no
/// line break and no blank at either end.
fn fold_text(s: String) -> String {
    if is_one_trimmed_line(&s) {
        s
    } else {
        fold_paragraphs(&s).join("\n\n")
    }
}

/// What [`fold_paragraphs`] would give back as one unchanged paragraph.
fn is_one_trimmed_line(s: &str) -> bool {
    // `str::lines` splits at '\n' only (a lone '\r' stays); `trim` removes
    // Unicode white space at the ends.
    !s.contains('\n') && s.trim().len() == s.len()
}

/// Splits text into paragraphs at blank lines; inside a paragraph, line
/// breaks and the spaces around them become one space.
pub fn fold_paragraphs(s: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// The kind the interface calls `name`, in either language, with or
/// without accents, spaces and capitals ("nhiệm vụ", "Nhiem vu", "Kết quả"):
/// what a user who copied it from the screen meant.
fn kind_by_name(name: &str) -> Option<Kind> {
    let bare = |s: &str| -> String {
        crate::search::fold::fold(s)
            .text()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let name = bare(name);
    Kind::ALL.into_iter().find(|&kind| {
        [Lang::Vi, Lang::En]
            .into_iter()
            .any(|lang| bare(lang.kind_name(kind)) == name)
    })
}

/// The candidate nearest to `word` by edit distance, if near enough to be a
/// likely typo.
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_join_broken_lines() {
        assert_eq!(
            fold_paragraphs("  một\r\nhai  \n\n\n ba \n"),
            vec!["một hai".to_string(), "ba".to_string()]
        );
        assert!(fold_paragraphs(" \n\t\n").is_empty());
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(
            closest("titel", DOCUMENT_KEYS.iter().copied()),
            Some("title")
        );
        assert_eq!(closest("zzzzzz", DOCUMENT_KEYS.iter().copied()), None);
    }

    #[test]
    fn ids_allow_letters_digits_and_separators() {
        assert_eq!(id_fault("I.2.1-a_b:c/đ"), None);
        assert_eq!(id_fault(""), Some(IdFault::Empty));
        assert_eq!(id_fault("a b"), Some(IdFault::BadChar(' ')));
        assert_eq!(id_fault(&"x".repeat(129)), Some(IdFault::TooLong));
    }
}

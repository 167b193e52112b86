//! Import: a notice as published (Markdown or plain text) to the TOML format.
//!
//! The pipeline, one concept per module:
//!
//! 1. [`lines`]: bytes to NFC text, lines with Markdown stripped and
//!    separators (blank lines, rules, page breaks) marked;
//! 2. [`para`]: lines joined into paragraphs, each with its numbering
//!    [`marker`];
//! 3. [`meta`]: the paragraphs split into front matter (kind, title, date,
//!    preamble), body, closing and tail (recipients, signer);
//! 4. [`structure`]: the body's numbering patterns turned into a tree;
//! 5. [`kinds`]: node kinds inferred from the headings above each item;
//! 6. [`ids`]: readable, unique ids from the numbering;
//! 7. [`emit`]: TOML with a `# kiểm tra:` comment on every guess.
//!
//! Nothing is dropped silently: text that fits nowhere becomes a top-level
//! `point` node with a comment saying where it came from.

mod command;
mod emit;
mod error;
mod ids;
mod kinds;
mod lines;
mod marker;
mod meta;
mod para;
mod structure;

use std::path::Path;

pub use command::run;
pub use error::ImportError;

use crate::doc::{self, Document, Kind, Meta};
use crate::i18n::Lang;

/// Something the importer guessed or repaired, written as a TOML comment
/// above the node so the user can check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// This heading's wording (`word`) gives the kind of the items under it.
    SetsKind { kind: Kind, word: String },
    /// The item's own wording (`word`) gives its kind.
    OwnKind { kind: Kind, word: String },
    /// No heading above says what the item is; left as `point`.
    NoKind,
    /// A numbered line without closing punctuation with items under it,
    /// read as a heading.
    HeadingGuess,
    /// A short numbered line kept apart from the capitalised line under
    /// it, which became an item under it rather than more of its text.
    OwnLine,
    /// A line of section words alone ("Hạn chế"), read as a heading over
    /// the items after it rather than more text of the item above.
    SectionLine,
    /// The paragraph starting at source line `line` continued this item's
    /// sentence across a blank line or a page break, and was joined to it.
    Joined { line: usize, page: Option<String> },
    /// The source repeats the number `label` under the same parent; the
    /// id got a suffix to stay unique.
    Repeated { label: String },
    /// Text from source line `line` that fits nowhere in the notice.
    Unplaced { line: usize },
    /// A bullet `glyph` at the same indentation as the bullet `under` of
    /// the item above, read as nested under it.
    BulletNested { glyph: char, under: char },
}

/// A guess about the document's metadata, written above the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaNote {
    /// No title line was found; `title` is a stand-in.
    NoTitle,
    /// The date is the meeting's, from this wording in the preamble.
    DateFromPreamble(String),
    /// The chair was read from the preamble.
    Chair,
    /// The issuer was read from the closing ("X thông báo ...").
    IssuerFromClosing,
    /// The closing is the last paragraph, told from the last item's text
    /// only by its wording ("thông báo") and the blank line before it.
    ClosingGuess,
}

/// One node of an imported notice, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftNode {
    pub id: String,
    /// Index of the parent in [`Draft::nodes`]; always smaller than the
    /// node's own index.
    pub parent: Option<usize>,
    pub kind: Kind,
    pub label: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    /// Source line where the node starts.
    pub line: usize,
    pub notes: Vec<Note>,
}

/// An imported notice before it is written as TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub meta: Meta,
    pub meta_notes: Vec<(&'static str, MetaNote)>,
    pub nodes: Vec<DraftNode>,
}

impl Draft {
    /// How many notes (guesses to check) the draft carries.
    pub fn note_count(&self) -> usize {
        self.meta_notes.len() + self.nodes.iter().map(|n| n.notes.len()).sum::<usize>()
    }
}

/// The result of an import: the TOML text and the notice it loads as.
#[derive(Debug, Clone)]
pub struct Imported {
    pub toml: String,
    pub document: Document,
    pub draft: Draft,
}

/// Largest input accepted, as for notice files.
pub const MAX_INPUT_BYTES: u64 = doc::MAX_FILE_BYTES;

/// Reads a published notice from `text` (any Unicode form, LF or CRLF).
/// `name` is used in messages and as a stand-in title.
pub fn draft(name: &str, text: &str) -> Result<Draft, ImportError> {
    let text = lines::normalize(name, text)?;
    let lines = lines::lines(&text);
    let paras = para::paragraphs(&lines);
    let sections = meta::sections(&paras).ok_or_else(|| ImportError::NoStructure {
        name: name.to_string(),
    })?;
    let mut front = meta::front(name, &lines, &paras[sections.front.clone()]);
    let closing = meta::closing_text(&paras[sections.closing.clone()]);
    let tail = meta::tail(&lines, &paras[sections.tail.clone()]);
    let items = structure::build(&paras[sections.body.clone()]);
    let kinds = kinds::infer(&items);

    let mut meta = std::mem::take(&mut front.meta);
    let mut meta_notes = std::mem::take(&mut front.notes);
    if sections.closing_guessed {
        meta_notes.push(("closing", MetaNote::ClosingGuess));
    }
    if let Some(closing) = &closing
        && meta.issuer.is_none()
    {
        meta.issuer = meta::issuer_from_closing(closing);
        if meta.issuer.is_some() {
            meta_notes.push(("issuer", MetaNote::IssuerFromClosing));
        }
    }
    meta.closing = closing;
    meta.recipients = tail.recipients;
    meta.signer = tail.signer;

    let mut ids = ids::Ids::default();
    let mut nodes = Vec::with_capacity(items.len());
    let assigned = ids.assign(&items, &kinds);
    for ((item, kind), (id, repeated)) in items.into_iter().zip(kinds).zip(assigned) {
        let mut notes = kind.notes;
        notes.extend(item.notes);
        if repeated && let Some(m) = &item.marker {
            notes.push(Note::Repeated {
                label: m.label.clone(),
            });
        }
        let body = item.paras.join("\n\n");
        let (title, text) = if item.role.is_title() {
            (Some(body), None)
        } else {
            (None, Some(body))
        };
        nodes.push(DraftNode {
            id,
            parent: item.parent,
            kind: kind.kind,
            label: item.marker.map(|m| m.label),
            title,
            text,
            line: item.no,
            notes,
        });
    }
    for (line, text) in front.unplaced.into_iter().chain(tail.unplaced) {
        nodes.push(DraftNode {
            id: ids.unplaced(),
            parent: None,
            kind: Kind::Point,
            label: None,
            title: None,
            text: Some(text),
            line,
            notes: vec![Note::Unplaced { line }],
        });
    }
    Ok(Draft {
        meta,
        meta_notes,
        nodes,
    })
}

/// Imports a notice from text: the draft, its TOML (in `lang` for the
/// comments) and the loaded document. The TOML always passes
/// `ketluan check`; if it would not, that is a bug reported as
/// [`ImportError::Internal`].
pub fn import_str(name: &str, text: &str, lang: Lang) -> Result<Imported, ImportError> {
    let draft = draft(name, text)?;
    let toml = emit::to_toml(&draft, name, lang);
    let document = doc::load_str(name, &toml).map_err(|source| ImportError::Internal {
        name: name.to_string(),
        source,
    })?;
    Ok(Imported {
        toml,
        document,
        draft,
    })
}

/// Imports a notice from raw bytes (UTF-8, with or without a BOM).
pub fn import_bytes(name: &str, bytes: &[u8], lang: Lang) -> Result<Imported, ImportError> {
    import_str(name, lines::decode(name, bytes)?, lang)
}

/// Imports a notice file; `-` reads standard input.
pub fn import_path(path: &Path, lang: Lang) -> Result<Imported, ImportError> {
    let name = path.display().to_string();
    let bytes = command::read_input(path)?;
    import_bytes(&name, &bytes, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notice `n` levels deep: each group line ends with a colon and so
    /// opens the next level.
    fn deep(n: usize) -> String {
        let mut src = String::from("THÔNG BÁO\nKẾT LUẬN\n\n1. Đầu:\n\n");
        for i in 0..n {
            src.push_str(&format!("Mục {i}:\n\n"));
        }
        src
    }

    #[test]
    fn a_notice_nested_100_000_deep_imports_without_recursion() {
        let n = 100_000;
        let d = draft("sâu.md", &deep(n)).unwrap();
        assert_eq!(d.nodes.len(), n + 1);
        assert_eq!(d.nodes[n].parent, Some(n - 1));
        // Ids stay within the loader's limit (and `claim` keeps them unique).
        assert!(
            d.nodes
                .iter()
                .all(|node| node.id.chars().count() <= doc::MAX_ID_CHARS)
        );
        let toml = emit::to_toml(&d, "sâu.md", Lang::Vi);
        assert_eq!(toml.matches("[[node]]").count(), n + 1);
    }

    #[test]
    fn a_deep_notice_loads_with_its_depth() {
        // Loading is the loader's own work (tested 100,000 deep there); here
        // the written parents must give the same depth.
        let n = 5_000;
        let imported = import_str("sâu.md", &deep(n), Lang::Vi).unwrap();
        assert_eq!(imported.document.len(), n + 1);
        assert_eq!(imported.document.nodes()[n].depth, n as u32);
    }

    #[test]
    fn a_wide_notice_imports_in_linear_time() {
        let n = 30_000;
        let mut src = String::from("I. Nhiệm vụ\n");
        for i in 0..n {
            src.push_str(&format!("- Việc thứ {i}.\n"));
        }
        let imported = import_str("rộng.md", &src, Lang::En).unwrap();
        assert_eq!(imported.document.len(), n + 1);
        assert_eq!(imported.document.nodes()[n].id, "I.ariv");
    }

    /// Mangled notices (lines dropped, repeated, swapped, cut mid-line,
    /// stray markers) never panic and never give TOML that fails to load.
    #[test]
    fn mangled_notices_always_give_loadable_toml() {
        let sources = [
            include_str!("../../tests/fixtures/seed-2017-02-22.md"),
            include_str!("../../tests/fixtures/import-ubnd-son-tinh-2024-04-18.txt"),
            include_str!("../../tests/fixtures/import-chi-bo-tho-loc-2024-06-12.md"),
        ];
        let junk = [
            "I.",
            "- ",
            "* ",
            "**",
            "\\",
            "1)",
            "a. ",
            "Nơi nhận:",
            "THÔNG BÁO",
            "\u{0C}",
            "\"\"\"",
            "'''",
            "# ",
            "CHỦ TỊCH",
            "(Đã ký)",
            ":",
            "[x](",
            "___",
            "Tuy nhiên, ",
        ];
        // A small linear congruential generator: deterministic, no crate.
        let mut seed: u64 = 0x2017_0222;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n.max(1)
        };
        for round in 0..150 {
            let src = sources[round % sources.len()];
            let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
            for _ in 0..1 + next(6) {
                let i = next(lines.len());
                let j = next(lines.len());
                match next(5) {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let l = lines[i].clone();
                        lines.insert(j, l);
                    }
                    2 => lines.swap(i, j),
                    3 => {
                        let cut: String = lines[i].chars().take(next(40)).collect();
                        lines[i] = cut;
                    }
                    _ => {
                        let pos = next(lines[i].chars().count() + 1);
                        let head: String = lines[i].chars().take(pos).collect();
                        let tail: String = lines[i].chars().skip(pos).collect();
                        lines[i] = format!("{head}{}{tail}", junk[next(junk.len())]);
                    }
                }
                if lines.is_empty() {
                    lines.push("I. Mục".into());
                }
            }
            let text = lines.join(if round % 2 == 0 { "\n" } else { "\r\n" });
            match import_str("x", &text, Lang::Vi) {
                Ok(_)
                | Err(ImportError::NoStructure { .. })
                | Err(ImportError::NotVietnamese { .. })
                | Err(ImportError::Empty { .. }) => {}
                Err(e) => panic!("round {round}: {e}\n{text}"),
            }
        }
    }

    #[test]
    fn the_meta_notes_and_counts_are_reported() {
        let imported = import_str(
            "x.md",
            "I. Kết quả\n1. Tốt.\n\nTrên đây là kết luận./.\n",
            Lang::Vi,
        )
        .unwrap();
        let d = &imported.draft;
        assert_eq!(d.meta.title, "x.md");
        assert_eq!(d.meta_notes, [("title", MetaNote::NoTitle)]);
        assert_eq!(d.meta.closing.as_deref(), Some("Trên đây là kết luận./."));
        assert_eq!(d.nodes[1].kind, Kind::Strength);
        assert_eq!(d.note_count(), 2);
    }
}

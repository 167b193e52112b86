//! What a search looks at: the entries of the browser (the document's
//! front matter, each node, the back matter) and the strings of each.

use std::borrow::Cow;

use crate::doc::{Document, NodeIdx};

/// An entry the search can find, in document order: the front matter, the
/// nodes in tree order, then the back matter (the order of the browser's
/// rows, so `Ord` is document order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The document's title, kind, number, date, issuer, chair, preamble.
    Front,
    Node(NodeIdx),
    /// The document's closing, signer and recipients.
    Back,
}

/// One searched string of an entry. Highlight ranges are byte ranges into
/// the string [`field_text`] returns for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// [`crate::doc::Node::label`]
    Label,
    /// [`crate::doc::Node::title`]
    Title,
    /// [`crate::doc::Node::text`], paragraphs and all.
    Text,
    /// [`crate::doc::Meta::kind`]
    DocKind,
    /// [`crate::doc::Meta::title`]
    DocTitle,
    Number,
    /// The date as [`crate::doc::Date`] displays it: `22/02/2017`.
    Date,
    Issuer,
    Chair,
    Preamble,
    Closing,
    SignerRole,
    SignerNote,
    SignerName,
    /// [`crate::doc::Meta::recipients`]`[i]`
    Recipient(u32),
}

/// The non-empty fields of `target` with their strings, in display order.
/// Empty for a node index out of range.
pub fn fields(doc: &Document, target: Target) -> Vec<(Field, Cow<'_, str>)> {
    let mut out = Vec::new();
    let meta = &doc.meta;
    match target {
        Target::Front => {
            put(&mut out, Field::DocKind, meta.kind.as_deref());
            put(&mut out, Field::DocTitle, Some(&meta.title));
            put(&mut out, Field::Number, meta.number.as_deref());
            if let Some(date) = meta.date {
                out.push((Field::Date, Cow::Owned(date.to_string())));
            }
            put(&mut out, Field::Issuer, meta.issuer.as_deref());
            put(&mut out, Field::Chair, meta.chair.as_deref());
            put(&mut out, Field::Preamble, meta.preamble.as_deref());
        }
        Target::Node(idx) => {
            if let Some(node) = doc.nodes().get(idx.get()) {
                put(&mut out, Field::Label, node.label.as_deref());
                put(&mut out, Field::Title, node.title.as_deref());
                put(&mut out, Field::Text, node.text.as_deref());
            }
        }
        Target::Back => {
            put(&mut out, Field::Closing, meta.closing.as_deref());
            if let Some(signer) = &meta.signer {
                put(&mut out, Field::SignerRole, signer.role.as_deref());
                put(&mut out, Field::SignerNote, signer.note.as_deref());
                put(&mut out, Field::SignerName, signer.name.as_deref());
            }
            for (i, r) in meta.recipients.iter().enumerate() {
                put(&mut out, Field::Recipient(i as u32), Some(r));
            }
        }
    }
    out
}

fn put<'a>(out: &mut Vec<(Field, Cow<'a, str>)>, field: Field, s: Option<&'a str>) {
    if let Some(s) = s.filter(|s| !s.is_empty()) {
        out.push((field, Cow::Borrowed(s)));
    }
}

/// The string of one field, as [`fields`] gives it; `None` when the entry
/// has no such field.
pub fn field_text(doc: &Document, target: Target, field: Field) -> Option<Cow<'_, str>> {
    fields(doc, target)
        .into_iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| s)
}

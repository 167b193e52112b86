//! The in-memory review state of one document: per node id, reviewed ✓,
//! flagged ⚑ and a note, each with its [`Stamp`]; progress; an undo stack.
//!
//! **Items.** Progress counts *items*: nodes whose kind is not
//! [`Kind::Heading`]. Headings structure the notice; the items under them
//! are what a meeting goes through. A heading may still carry its own marks
//! (a flag and a note on a whole section are common), but they never count
//! in progress. The progress of a node is over its subtree, the node itself
//! included when it is an item, so the overall progress is the sum over the
//! top-level nodes.
//!
//! **Ids.** Mutators take stable node ids. Read-only queries that the tree
//! view calls per row take a [`NodeIdx`] of the same document (a position
//! in its node arena, not a screen row). Every method that needs the tree
//! takes the [`Document`] the marks were built for.
//!
//! **Unknown ids.** Marks whose id is not in the document are kept as they
//! are (they are written back to the state file), never shown, counted or
//! reset; [`Marks::unknown_ids`] lists them.
//!
//! Nothing here recurses over the tree: counts are kept per node and
//! updated along the parent chain, or rebuilt in one reverse pass.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use unicode_normalization::UnicodeNormalization;

use super::stamp::Stamp;
use crate::doc::{Document, Kind, Node, NodeIdx};

/// The marks of one node. An empty mark (nothing set) is never stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Mark {
    /// ✓: when and by whom it was marked reviewed.
    pub reviewed: Option<Stamp>,
    /// ⚑ needs follow-up: when and by whom.
    pub flagged: Option<Stamp>,
    pub note: Option<Note>,
}

impl Mark {
    pub fn is_empty(&self) -> bool {
        self.reviewed.is_none() && self.flagged.is_none() && self.note.is_none()
    }
}

/// A note on a node: what was said about it. Multi-line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    /// NFC, lines joined by `\n`, no trailing whitespace on any line, no
    /// leading or trailing blank lines; never empty.
    pub text: String,
    /// The last edit.
    pub stamp: Stamp,
}

/// Normalizes note text as stored (see [`Note::text`]); `""` means no note.
pub fn normalize_note(text: &str) -> String {
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect();
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// Whether a node counts in progress: every kind but [`Kind::Heading`].
pub fn is_item(node: &Node) -> bool {
    node.kind != Kind::Heading
}

/// Reviewed items out of all items, as Org mode's `[2/5]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub reviewed: usize,
    pub total: usize,
}

impl Progress {
    /// All items reviewed (and there is at least one).
    pub fn is_complete(self) -> bool {
        self.total > 0 && self.reviewed == self.total
    }

    /// Share reviewed, 0.0 to 1.0; 0.0 when there are no items.
    pub fn ratio(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.reviewed as f64 / self.total as f64
        }
    }

    /// Whole percent, rounded down (so 100 only when complete).
    pub fn percent(self) -> usize {
        (self.reviewed * 100).checked_div(self.total).unwrap_or(0)
    }
}

impl fmt::Display for Progress {
    /// `2/5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.reviewed, self.total)
    }
}

/// What a mark change was, for undo messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Reviewed,
    Flagged,
    Note,
    /// A node and everything under it marked (or unmarked) reviewed.
    Subtree,
    /// All marks of the document cleared.
    Reset,
}

/// What [`Marks::undo`] took back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub edit: Edit,
    /// The node the change was made on; `None` for [`Edit::Reset`].
    pub id: Option<String>,
}

/// How many changes can be undone.
pub const UNDO_DEPTH: usize = 100;

/// Above this many nodes touched at once, counts are rebuilt in one pass
/// instead of walking each node's ancestors (which is O(depth) each).
const BULK: usize = 64;

#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    anchor: Option<String>,
    /// The marks before the change, per id touched.
    before: Vec<(String, Option<Mark>)>,
}

/// The review state of one document. See the module docs for the
/// definitions of items, progress and unknown ids.
#[derive(Debug, Clone)]
pub struct Marks {
    entries: BTreeMap<String, Mark>,
    /// Per node: reviewed.
    reviewed: Vec<bool>,
    /// Per node: items in its subtree, itself included.
    items_in: Vec<u32>,
    /// Per node: reviewed items in its subtree, itself included.
    done_in: Vec<u32>,
    total: usize,
    done: usize,
    undo: VecDeque<Step>,
}

impl Marks {
    /// No marks yet.
    pub fn new(doc: &Document) -> Marks {
        Marks::with_entries(doc, BTreeMap::new())
    }

    /// Marks as loaded from a state file; ids not in `doc` are kept.
    pub fn with_entries(doc: &Document, mut entries: BTreeMap<String, Mark>) -> Marks {
        entries.retain(|_, m| !m.is_empty());
        let n = doc.len();
        let mut items_in = vec![0u32; n];
        for i in (0..n).rev() {
            let node = &doc.nodes()[i];
            items_in[i] += u32::from(is_item(node));
            if let Some(p) = node.parent {
                items_in[p.get()] += items_in[i];
            }
        }
        let total = doc.nodes().iter().filter(|n| is_item(n)).count();
        let mut marks = Marks {
            entries,
            reviewed: vec![false; n],
            items_in,
            done_in: vec![0; n],
            total,
            done: 0,
            undo: VecDeque::new(),
        };
        marks.recount(doc);
        marks
    }

    /// Every stored mark by id, unknown ids included, sorted by id.
    pub fn entries(&self) -> &BTreeMap<String, Mark> {
        &self.entries
    }

    /// The marks of node `id`, if it has any.
    pub fn get(&self, id: &str) -> Option<&Mark> {
        self.entries.get(id)
    }

    /// The marks of the node at `idx`.
    pub fn at(&self, doc: &Document, idx: NodeIdx) -> Option<&Mark> {
        doc.nodes().get(idx.get()).and_then(|n| self.get(&n.id))
    }

    /// Whether the node at `idx` is marked reviewed (O(1)).
    pub fn is_reviewed(&self, idx: NodeIdx) -> bool {
        self.reviewed.get(idx.get()).copied().unwrap_or(false)
    }

    /// Ids that have marks but are not in `doc`, sorted.
    pub fn unknown_ids<'a>(&'a self, doc: &Document) -> Vec<&'a str> {
        self.entries
            .keys()
            .filter(|id| doc.find(id).is_none())
            .map(String::as_str)
            .collect()
    }

    /// Progress of the subtree of `idx`, the node itself included (O(1)).
    pub fn progress(&self, idx: NodeIdx) -> Progress {
        let i = idx.get();
        Progress {
            reviewed: self.done_in.get(i).copied().unwrap_or(0) as usize,
            total: self.items_in.get(i).copied().unwrap_or(0) as usize,
        }
    }

    /// Progress over all items of the document.
    pub fn overall(&self) -> Progress {
        Progress {
            reviewed: self.done,
            total: self.total,
        }
    }

    /// Nodes of `doc` that are flagged.
    pub fn flagged_count(&self, doc: &Document) -> usize {
        self.entries
            .iter()
            .filter(|(id, m)| m.flagged.is_some() && doc.find(id).is_some())
            .count()
    }

    /// The "unreviewed only" filter: whether the subtree of `idx` holds an
    /// item not yet reviewed (O(1)). Keeps the ancestors of every
    /// unreviewed item, hides fully reviewed branches and item-less
    /// headings.
    pub fn has_unreviewed(&self, idx: NodeIdx) -> bool {
        let p = self.progress(idx);
        p.reviewed < p.total
    }

    /// Whether the node at `idx` is an item that is not reviewed.
    pub fn is_unreviewed_item(&self, doc: &Document, idx: NodeIdx) -> bool {
        doc.nodes()
            .get(idx.get())
            .is_some_and(|n| is_item(n) && !self.is_reviewed(idx))
    }

    /// The first unreviewed item after `from` in tree order (from the top
    /// when `None`). Does not wrap: `None` when there is none below.
    pub fn next_unreviewed(&self, doc: &Document, from: Option<NodeIdx>) -> Option<NodeIdx> {
        let n = doc.len().min(self.items_in.len());
        let mut i = from.map_or(0, |f| f.get() + 1);
        while i < n {
            let idx = NodeIdx(i as u32);
            if !self.has_unreviewed(idx) {
                // Nothing to find in this subtree: skip it whole.
                i = doc.subtree_end(idx).max(i + 1);
            } else if self.is_unreviewed_item(doc, idx) {
                return Some(idx);
            } else {
                i += 1;
            }
        }
        None
    }

    /// The last unreviewed item before `from` in tree order (from the
    /// bottom when `None`). Does not wrap.
    pub fn prev_unreviewed(&self, doc: &Document, from: Option<NodeIdx>) -> Option<NodeIdx> {
        let n = doc.len().min(self.items_in.len());
        let end = from.map_or(n, |f| f.get().min(n));
        (0..end)
            .rev()
            .map(|i| NodeIdx(i as u32))
            .find(|&idx| self.is_unreviewed_item(doc, idx))
    }

    /// Sets or clears ✓ on `id`. Returns whether anything changed: marking
    /// a reviewed node again keeps its first stamp; unknown ids are
    /// ignored.
    pub fn set_reviewed(&mut self, doc: &Document, id: &str, on: bool, stamp: &Stamp) -> bool {
        self.edit_one(doc, id, Edit::Reviewed, |m| {
            set_stamp(&mut m.reviewed, on, stamp)
        })
    }

    /// Toggles ✓ on `id`. Returns whether anything changed.
    pub fn toggle_reviewed(&mut self, doc: &Document, id: &str, stamp: &Stamp) -> bool {
        let on = self.get(id).is_none_or(|m| m.reviewed.is_none());
        self.set_reviewed(doc, id, on, stamp)
    }

    /// Sets or clears ⚑ on `id`. Returns whether anything changed.
    pub fn set_flagged(&mut self, doc: &Document, id: &str, on: bool, stamp: &Stamp) -> bool {
        self.edit_one(doc, id, Edit::Flagged, |m| {
            set_stamp(&mut m.flagged, on, stamp)
        })
    }

    /// Toggles ⚑ on `id`. Returns whether anything changed.
    pub fn toggle_flagged(&mut self, doc: &Document, id: &str, stamp: &Stamp) -> bool {
        let on = self.get(id).is_none_or(|m| m.flagged.is_none());
        self.set_flagged(doc, id, on, stamp)
    }

    /// Replaces the note of `id` with `text` (normalized by
    /// [`normalize_note`]); blank text removes the note. Returns whether
    /// anything changed: the same text again keeps the old stamp.
    pub fn set_note(&mut self, doc: &Document, id: &str, text: &str, stamp: &Stamp) -> bool {
        let text = normalize_note(text);
        self.edit_one(doc, id, Edit::Note, |m| {
            let new = (!text.is_empty()).then(|| Note {
                text: text.clone(),
                stamp: stamp.clone(),
            });
            if m.note.as_ref().map(|n| &n.text) == new.as_ref().map(|n| &n.text) {
                return false;
            }
            m.note = new;
            true
        })
    }

    /// Marks `id` and every node under it reviewed (`on`) or not, as one
    /// undo step. Nodes already in the wanted state keep their stamps.
    /// Returns whether anything changed.
    pub fn mark_subtree(&mut self, doc: &Document, id: &str, on: bool, stamp: &Stamp) -> bool {
        let Some(root) = doc.find(id) else {
            return false;
        };
        let range = root.get()..doc.subtree_end(root);
        let mut before = Vec::new();
        for node in &doc.nodes()[range] {
            let old = self.entries.get(&node.id).cloned();
            let mut m = old.clone().unwrap_or_default();
            if set_stamp(&mut m.reviewed, on, stamp) {
                before.push((node.id.clone(), old));
                self.store(node.id.clone(), m);
            }
        }
        self.finish(doc, Edit::Subtree, Some(id.to_string()), before)
    }

    /// Clears every mark of the nodes of `doc`, as one undo step. Marks of
    /// unknown ids stay (they cannot be seen, so they cannot be meant).
    /// Returns whether anything changed.
    pub fn reset(&mut self, doc: &Document) -> bool {
        let ids: Vec<String> = self
            .entries
            .keys()
            .filter(|id| doc.find(id).is_some())
            .cloned()
            .collect();
        let before = ids
            .into_iter()
            .map(|id| {
                let old = self.entries.remove(&id);
                (id, old)
            })
            .collect();
        self.finish(doc, Edit::Reset, None, before)
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Takes back the last change (up to [`UNDO_DEPTH`] deep), restoring
    /// the marks exactly as they were, stamps included. `None` when there
    /// is nothing to undo.
    pub fn undo(&mut self, doc: &Document) -> Option<Undone> {
        let step = self.undo.pop_back()?;
        let bulk = step.before.len() > BULK;
        for (id, old) in step.before {
            let was = self.entries.get(&id).is_some_and(|m| m.reviewed.is_some());
            match old {
                Some(m) => self.store(id.clone(), m),
                None => {
                    self.entries.remove(&id);
                }
            }
            if !bulk {
                self.update_count(doc, &id, was);
            }
        }
        if bulk {
            self.recount(doc);
        }
        Some(Undone {
            edit: step.edit,
            id: step.anchor,
        })
    }

    /// Applies `change` to the mark of one node of `doc`, recording undo.
    fn edit_one(
        &mut self,
        doc: &Document,
        id: &str,
        edit: Edit,
        change: impl FnOnce(&mut Mark) -> bool,
    ) -> bool {
        if doc.find(id).is_none() {
            return false;
        }
        let old = self.entries.get(id).cloned();
        let mut m = old.clone().unwrap_or_default();
        if !change(&mut m) {
            return false;
        }
        let was = old.as_ref().is_some_and(|m| m.reviewed.is_some());
        self.store(id.to_string(), m);
        self.update_count(doc, id, was);
        self.push_undo(Step {
            edit,
            anchor: Some(id.to_string()),
            before: vec![(id.to_string(), old)],
        });
        true
    }

    /// Records a multi-node change whose entries are already updated.
    fn finish(
        &mut self,
        doc: &Document,
        edit: Edit,
        anchor: Option<String>,
        before: Vec<(String, Option<Mark>)>,
    ) -> bool {
        if before.is_empty() {
            return false;
        }
        if before.len() > BULK {
            self.recount(doc);
        } else {
            for (id, old) in &before {
                let was = old.as_ref().is_some_and(|m| m.reviewed.is_some());
                self.update_count(doc, id, was);
            }
        }
        self.push_undo(Step {
            edit,
            anchor,
            before,
        });
        true
    }

    fn push_undo(&mut self, step: Step) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.undo.push_back(step);
    }

    /// Stores `m` under `id`, or removes the entry when `m` is empty.
    fn store(&mut self, id: String, m: Mark) {
        if m.is_empty() {
            self.entries.remove(&id);
        } else {
            self.entries.insert(id, m);
        }
    }

    /// Brings the counts in step after node `id`'s ✓ went from `was` to
    /// whatever the entry says now: O(depth).
    fn update_count(&mut self, doc: &Document, id: &str, was: bool) {
        let Some(idx) = doc.find(id) else {
            return;
        };
        let now = self.entries.get(id).is_some_and(|m| m.reviewed.is_some());
        if now == was || idx.get() >= self.reviewed.len() {
            return;
        }
        self.reviewed[idx.get()] = now;
        if !is_item(doc.node(idx)) {
            return;
        }
        let mut cur = Some(idx);
        while let Some(c) = cur {
            let slot = &mut self.done_in[c.get()];
            *slot = if now {
                *slot + 1
            } else {
                slot.saturating_sub(1)
            };
            cur = doc.node(c).parent;
        }
        self.done = if now {
            self.done + 1
        } else {
            self.done.saturating_sub(1)
        };
    }

    /// Rebuilds all counts from the entries: one reverse pass, O(n log m).
    fn recount(&mut self, doc: &Document) {
        let n = doc.len().min(self.reviewed.len());
        self.done_in.iter_mut().for_each(|c| *c = 0);
        self.done = 0;
        for i in (0..n).rev() {
            let node = &doc.nodes()[i];
            let on = self
                .entries
                .get(&node.id)
                .is_some_and(|m| m.reviewed.is_some());
            self.reviewed[i] = on;
            if on && is_item(node) {
                self.done_in[i] += 1;
                self.done += 1;
            }
            if let Some(p) = node.parent {
                self.done_in[p.get()] += self.done_in[i];
            }
        }
    }
}

/// Sets (keeping an existing stamp) or clears a stamp slot; whether it
/// changed.
fn set_stamp(slot: &mut Option<Stamp>, on: bool, stamp: &Stamp) -> bool {
    match (slot.is_some(), on) {
        (false, true) => {
            *slot = Some(stamp.clone());
            true
        }
        (true, false) => {
            *slot = None;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;
    use chrono::DateTime;

    /// I (heading) > I.1 (item) > I.1.a (item); I.2 (heading) > I.2.a; II (item).
    fn doc() -> Document {
        load_str(
            "t.toml",
            r#"
[document]
title = "T"
[[node]]
id = "I"
kind = "heading"
title = "I"
[[node]]
id = "I.1"
parent = "I"
kind = "task"
text = "a"
[[node]]
id = "I.1.a"
parent = "I.1"
kind = "point"
text = "b"
[[node]]
id = "I.2"
parent = "I"
kind = "heading"
title = "c"
[[node]]
id = "I.2.a"
parent = "I.2"
kind = "point"
text = "d"
[[node]]
id = "II"
kind = "task"
text = "e"
"#,
        )
        .unwrap()
    }

    fn stamp(min: u32) -> Stamp {
        let at = DateTime::parse_from_rfc3339(&format!("2017-02-22T09:{min:02}:00+07:00")).unwrap();
        Stamp::new(at, "lan")
    }

    fn idx(doc: &Document, id: &str) -> NodeIdx {
        doc.find(id).unwrap()
    }

    #[test]
    fn progress_counts_items_under_each_node() {
        let d = doc();
        let mut m = Marks::new(&d);
        assert_eq!(
            m.overall(),
            Progress {
                reviewed: 0,
                total: 4
            }
        );
        assert_eq!(
            m.progress(idx(&d, "I")),
            Progress {
                reviewed: 0,
                total: 3
            }
        );
        assert!(m.toggle_reviewed(&d, "I.1.a", &stamp(1)));
        assert_eq!(m.progress(idx(&d, "I")).to_string(), "1/3");
        assert_eq!(m.progress(idx(&d, "I.1")).to_string(), "1/2");
        assert_eq!(m.progress(idx(&d, "I.2")).to_string(), "0/1");
        // A heading's own ✓ is kept but does not count.
        assert!(m.toggle_reviewed(&d, "I.2", &stamp(2)));
        assert_eq!(m.progress(idx(&d, "I.2")).to_string(), "0/1");
        assert_eq!(m.overall().to_string(), "1/4");
        assert!(m.toggle_reviewed(&d, "I.1.a", &stamp(3)));
        assert_eq!(m.overall().to_string(), "0/4");
    }

    #[test]
    fn mutators_report_whether_anything_changed() {
        let d = doc();
        let mut m = Marks::new(&d);
        assert!(m.set_reviewed(&d, "II", true, &stamp(1)));
        assert!(!m.set_reviewed(&d, "II", true, &stamp(2)));
        // The first stamp stays.
        assert_eq!(m.get("II").unwrap().reviewed, Some(stamp(1)));
        assert!(!m.set_reviewed(&d, "nope", true, &stamp(2)));
        assert!(!m.set_flagged(&d, "II", false, &stamp(2)));
        assert!(m.set_note(&d, "II", "  một\r\nhai  \n\n", &stamp(3)));
        assert_eq!(
            m.get("II").unwrap().note.as_ref().unwrap().text,
            "  một\nhai"
        );
        assert!(!m.set_note(&d, "II", "  một\nhai", &stamp(4)));
        assert!(m.set_note(&d, "II", " \n ", &stamp(5)));
        assert!(m.get("II").unwrap().note.is_none());
        assert!(m.set_reviewed(&d, "II", false, &stamp(6)));
        // Nothing left: the entry is gone.
        assert!(m.get("II").is_none());
    }

    #[test]
    fn subtree_marking_and_undo() {
        let d = doc();
        let mut m = Marks::new(&d);
        m.set_reviewed(&d, "I.1.a", true, &stamp(1));
        assert!(m.mark_subtree(&d, "I", true, &stamp(2)));
        assert_eq!(m.overall().to_string(), "3/4");
        assert_eq!(m.get("I.1.a").unwrap().reviewed, Some(stamp(1)));
        assert_eq!(m.get("I").unwrap().reviewed, Some(stamp(2)));
        assert!(!m.mark_subtree(&d, "I", true, &stamp(3)));
        let u = m.undo(&d).unwrap();
        assert_eq!(u.edit, Edit::Subtree);
        assert_eq!(u.id.as_deref(), Some("I"));
        assert_eq!(m.overall().to_string(), "1/4");
        assert!(m.get("I").is_none());
        assert_eq!(m.undo(&d).unwrap().edit, Edit::Reviewed);
        assert_eq!(m.overall().to_string(), "0/4");
        assert!(m.undo(&d).is_none());
        assert!(m.entries().is_empty());
    }

    #[test]
    fn reset_keeps_unknown_ids_and_can_be_undone() {
        let d = doc();
        let mut entries = BTreeMap::new();
        let gone = Mark {
            flagged: Some(stamp(0)),
            ..Mark::default()
        };
        entries.insert("old".to_string(), gone.clone());
        entries.insert("empty".to_string(), Mark::default());
        let mut m = Marks::with_entries(&d, entries);
        assert_eq!(m.unknown_ids(&d), ["old"]);
        m.set_reviewed(&d, "II", true, &stamp(1));
        m.set_flagged(&d, "I", true, &stamp(2));
        assert_eq!(m.flagged_count(&d), 1);
        assert!(m.reset(&d));
        assert_eq!(m.entries().len(), 1);
        assert_eq!(m.get("old"), Some(&gone));
        assert_eq!(m.overall().reviewed, 0);
        assert!(!m.reset(&d));
        assert_eq!(m.undo(&d).unwrap().edit, Edit::Reset);
        assert_eq!(m.overall().reviewed, 1);
        assert!(m.get("I").unwrap().flagged.is_some());
    }

    #[test]
    fn undo_is_bounded() {
        let d = doc();
        let mut m = Marks::new(&d);
        for i in 0..(UNDO_DEPTH + 10) {
            m.toggle_flagged(&d, "II", &stamp((i % 60) as u32));
        }
        let mut n = 0;
        while m.undo(&d).is_some() {
            n += 1;
        }
        assert_eq!(n, UNDO_DEPTH);
    }

    #[test]
    fn next_and_previous_unreviewed_and_the_filter() {
        let d = doc();
        let mut m = Marks::new(&d);
        let next = |m: &Marks, from: Option<&str>| {
            m.next_unreviewed(&d, from.map(|f| idx(&d, f)))
                .map(|i| d.node(i).id.clone())
        };
        let prev = |m: &Marks, from: Option<&str>| {
            m.prev_unreviewed(&d, from.map(|f| idx(&d, f)))
                .map(|i| d.node(i).id.clone())
        };
        assert_eq!(next(&m, None).as_deref(), Some("I.1"));
        assert_eq!(next(&m, Some("I.1")).as_deref(), Some("I.1.a"));
        m.mark_subtree(&d, "I.1", true, &stamp(1));
        assert_eq!(next(&m, None).as_deref(), Some("I.2.a"));
        assert_eq!(next(&m, Some("I.2.a")).as_deref(), Some("II"));
        assert_eq!(next(&m, Some("II")), None);
        assert_eq!(prev(&m, None).as_deref(), Some("II"));
        assert_eq!(prev(&m, Some("I.2.a")), None);
        assert!(m.has_unreviewed(idx(&d, "I")));
        assert!(!m.has_unreviewed(idx(&d, "I.1")));
        assert!(m.has_unreviewed(idx(&d, "I.2")));
        m.set_reviewed(&d, "I.2.a", true, &stamp(2));
        assert!(!m.has_unreviewed(idx(&d, "I")));
        assert!(!m.is_unreviewed_item(&d, idx(&d, "I.2")));
    }

    #[test]
    fn a_deep_chain_is_handled_without_recursion() {
        let n = 100_000;
        let parents: Vec<Option<usize>> = (0..n as usize).map(|i| i.checked_sub(1)).collect();
        let d = crate::doc::testing::with_parents(&parents);
        let mut m = Marks::new(&d);
        assert!(m.toggle_reviewed(&d, &format!("n{}", n - 1), &stamp(1)));
        assert_eq!(m.progress(NodeIdx(0)).to_string(), format!("1/{n}"));
        assert!(m.mark_subtree(&d, "n0", true, &stamp(2)));
        assert!(m.overall().is_complete());
        assert_eq!(m.next_unreviewed(&d, None), None);
        m.undo(&d);
        assert_eq!(m.overall().reviewed, 1);
        assert_eq!(m.next_unreviewed(&d, None), Some(NodeIdx(0)));
        assert_eq!(m.prev_unreviewed(&d, None), Some(NodeIdx(n as u32 - 2)));
    }

    #[test]
    fn progress_arithmetic() {
        let p = Progress {
            reviewed: 2,
            total: 3,
        };
        assert_eq!(p.percent(), 66);
        assert!(!p.is_complete());
        assert_eq!(Progress::default().percent(), 0);
        assert!(!Progress::default().is_complete());
    }
}

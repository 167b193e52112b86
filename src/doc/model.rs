//! The in-memory notice: document metadata and a flat, ordered node arena.
//!
//! Nodes live in one `Vec` in tree order (pre-order: a parent before its
//! children, siblings in file order). Code walks the tree with loops over
//! this order or over `children` lists, never with recursion, so a
//! 100,000-deep chain is as cheap as a flat list.

use std::fmt;

/// What a node is, by meaning. The set is closed: the loader rejects others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Heading,
    Point,
    Strength,
    Weakness,
    Cause,
    Task,
}

impl Kind {
    /// Every kind, in the order used for counts and listings.
    pub const ALL: [Kind; 6] = [
        Kind::Heading,
        Kind::Point,
        Kind::Strength,
        Kind::Weakness,
        Kind::Cause,
        Kind::Task,
    ];

    /// The spelling used in the TOML format.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Heading => "heading",
            Kind::Point => "point",
            Kind::Strength => "strength",
            Kind::Weakness => "weakness",
            Kind::Cause => "cause",
            Kind::Task => "task",
        }
    }

    /// Parses the TOML spelling; `None` for anything else (case-sensitive).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Position in [`Kind::ALL`], for per-kind count arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Position of a node in [`Document::nodes`]. Only valid for the document
/// that produced it; persistent references (marks, folds) use [`Node::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeIdx(pub u32);

impl NodeIdx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// A calendar date as written in the TOML (`date = 2017-02-22`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    /// Vietnamese order, as printed on notices: `22/02/2017`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// Who signed the notice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    pub role: Option<String>,
    pub name: Option<String>,
    pub note: Option<String>,
}

/// The `[document]` table. All strings are NFC.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub chair: Option<String>,
    pub preamble: Option<String>,
    pub closing: Option<String>,
    pub recipients: Vec<String>,
    pub signer: Option<Signer>,
}

/// One item of the notice. All strings are NFC; a node has a title, a text,
/// or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Stable identifier from the file; unique within the document.
    pub id: String,
    pub kind: Kind,
    pub label: Option<String>,
    pub title: Option<String>,
    /// Paragraphs separated by one blank line (`"\n\n"`).
    pub text: Option<String>,
    pub parent: Option<NodeIdx>,
    pub children: Vec<NodeIdx>,
    /// 0 for top-level nodes.
    pub depth: u32,
}

impl Node {
    /// The title if any, else the first paragraph of the text.
    pub fn headline(&self) -> &str {
        match (&self.title, &self.text) {
            (Some(t), _) => t,
            (None, Some(t)) => first_paragraph(t),
            (None, None) => "",
        }
    }

    /// Paragraphs of the text, empty when there is none.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text
            .as_deref()
            .into_iter()
            .flat_map(|t| t.split("\n\n"))
    }
}

/// `t` up to its first blank line (`"\n\n"`). The tree asks this of
/// every row it draws: a search for the newline (memchr) is much cheaper
/// than a search for the two-byte pattern.
fn first_paragraph(t: &str) -> &str {
    let mut from = 0;
    while let Some(i) = t[from..].find('\n') {
        let at = from + i;
        if t.as_bytes().get(at + 1) == Some(&b'\n') {
            return &t[..at];
        }
        from = at + 1;
    }
    t
}

/// A loaded, validated notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub meta: Meta,
    nodes: Vec<Node>,
    roots: Vec<NodeIdx>,
    /// Per node: one past its last descendant in tree order.
    ends: Vec<u32>,
    /// Every node's position, sorted by id.
    by_id: Vec<u32>,
    /// Nodes per kind, counted once here: the header shows them on every
    /// frame.
    counts: [usize; 6],
}

impl Document {
    /// Builds a document from nodes given in file order with parents as
    /// indexes into that same order. Caller contract (checked by the
    /// loader): ids are unique and every parent index is smaller than the
    /// node's own. Nodes are reordered into tree order.
    pub fn from_file_order(meta: Meta, file_nodes: Vec<(Node, Option<usize>)>) -> Document {
        let (nodes, parents): (Vec<Node>, Vec<Option<u32>>) = file_nodes
            .into_iter()
            .map(|(n, p)| (n, p.map(|p| p as u32)))
            .unzip();
        Document::from_parts(meta, nodes, &parents)
    }

    /// [`Document::from_file_order`] with the parents apart. A file already
    /// in tree order (the usual case) is kept in place: no second copy of
    /// the nodes is ever made for it.
    pub(crate) fn from_parts(
        meta: Meta,
        mut nodes: Vec<Node>,
        parents: &[Option<u32>],
    ) -> Document {
        let n = nodes.len();
        let parent_of = |i: usize| {
            parents
                .get(i)
                .copied()
                .flatten()
                .map(|p| p as usize)
                .filter(|&p| p < i)
        };
        // Children per file position, then an explicit-stack pre-order walk.
        let mut kids: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut top = Vec::new();
        for i in 0..n {
            match parent_of(i) {
                Some(p) => kids[p].push(i as u32),
                None => top.push(i as u32),
            }
        }
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut stack: Vec<u32> = top.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(kids[i as usize].iter().rev().copied());
        }
        let in_order = order.iter().enumerate().all(|(pos, &i)| pos == i as usize);
        let mut new_pos = order;
        if in_order {
            // Already the identity: nothing moves.
        } else {
            let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
            nodes = new_pos
                .iter()
                .filter_map(|&old| slots[old as usize].take())
                .collect();
            drop(slots);
            let mut inverse = vec![0u32; n];
            for (pos, &old) in new_pos.iter().enumerate() {
                inverse[old as usize] = pos as u32;
            }
            new_pos = inverse;
        }
        let at = |old: usize| NodeIdx(new_pos[old]);
        for (old, kids) in kids.iter().enumerate() {
            let pos = at(old).get();
            let parent = parent_of(old).map(at);
            let depth = parent.map_or(0, |p| nodes[p.get()].depth + 1);
            let node = &mut nodes[pos];
            node.parent = parent;
            node.depth = depth;
            node.children = kids.iter().map(|&c| at(c as usize)).collect();
        }
        drop(kids);
        let roots = top.iter().map(|&i| at(i as usize)).collect();
        drop(new_pos);
        let mut ends = vec![0u32; n];
        for i in (0..n).rev() {
            ends[i] = match nodes[i].children.last() {
                Some(last) => ends[last.get()],
                None => i as u32 + 1,
            };
        }
        let mut by_id: Vec<u32> = (0..n as u32).collect();
        by_id.sort_unstable_by(|&a, &b| nodes[a as usize].id.cmp(&nodes[b as usize].id));
        let mut counts = [0; 6];
        for node in &nodes {
            counts[node.kind.index()] += 1;
        }
        Document {
            meta,
            nodes,
            roots,
            ends,
            by_id,
            counts,
        }
    }

    /// All nodes in tree order (pre-order).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[idx.get()]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Top-level nodes in order.
    pub fn roots(&self) -> &[NodeIdx] {
        &self.roots
    }

    /// Looks a node up by its stable id.
    pub fn find(&self, id: &str) -> Option<NodeIdx> {
        self.by_id
            .binary_search_by(|&i| self.nodes[i as usize].id.as_str().cmp(id))
            .ok()
            .map(|at| NodeIdx(self.by_id[at]))
    }

    /// [`Document::find`] of many ids given in ascending order (as a
    /// `BTreeMap` of ids yields them), each looked for from where the one
    /// before was: one pass over the index instead of a search each.
    /// Returns a lookup to call with each id in turn.
    pub fn find_ascending(&self) -> impl FnMut(&str) -> Option<NodeIdx> + '_ {
        let mut from = 0usize;
        move |id: &str| {
            let key = |at: usize| self.nodes[self.by_id[at] as usize].id.as_str();
            let rest = &self.by_id[from..];
            // Gallop to a range holding the id, then search it.
            let mut step = 1;
            while step < rest.len() && key(from + step) < id {
                step *= 2;
            }
            let end = (step + 1).min(rest.len());
            let at =
                from + rest[..end].partition_point(|&i| self.nodes[i as usize].id.as_str() < id);
            from = at;
            (at < self.by_id.len() && key(at) == id).then(|| NodeIdx(self.by_id[at]))
        }
    }

    /// Ancestors from the top level down to the node's parent.
    pub fn ancestors(&self, idx: NodeIdx) -> Vec<NodeIdx> {
        let mut out = Vec::new();
        let mut cur = self.node(idx).parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.node(p).parent;
        }
        out.reverse();
        out
    }

    /// One past the last descendant of `idx` in tree order: the subtree of
    /// `idx` is `idx.get()..subtree_end(idx)`.
    pub fn subtree_end(&self, idx: NodeIdx) -> usize {
        self.ends[idx.get()] as usize
    }

    /// Number of nodes of each kind, indexed by [`Kind::index`].
    pub fn kind_counts(&self) -> [usize; 6] {
        self.counts
    }
}

/// Documents for the unit tests of every module.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A node of `kind` titled with its id, not yet placed.
    pub(crate) fn node(id: &str, kind: Kind) -> Node {
        Node {
            id: id.into(),
            kind,
            label: None,
            title: Some(id.into()),
            text: None,
            parent: None,
            children: Vec::new(),
            depth: 0,
        }
    }

    /// Points `n0`, `n1` … (titled with their ids), node `i` under
    /// `parents[i]` (in file order).
    pub(crate) fn with_parents(parents: &[Option<usize>]) -> Document {
        let nodes = parents
            .iter()
            .enumerate()
            .map(|(i, p)| (node(&format!("n{i}"), Kind::Point), *p))
            .collect();
        Document::from_file_order(Meta::default(), nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str) -> Node {
        testing::node(id, Kind::Point)
    }

    #[test]
    fn the_first_paragraph_ends_at_the_first_blank_line() {
        for t in [
            "",
            "one",
            "one\n",
            "one\ntwo",
            "one\n\ntwo",
            "\n\n",
            "a\n\n\nb",
            "\nx\n\ny\n\nz",
            "ệ\nệ\n\nệ",
        ] {
            assert_eq!(
                first_paragraph(t),
                t.split("\n\n").next().unwrap_or(""),
                "{t:?}"
            );
        }
    }

    #[test]
    fn file_order_becomes_tree_order_with_depths_and_subtrees() {
        // File order: a, b, a1 (child of a, listed after b), a1x, b1.
        let doc = Document::from_file_order(
            Meta::default(),
            vec![
                (node("a"), None),
                (node("b"), None),
                (node("a1"), Some(0)),
                (node("a1x"), Some(2)),
                (node("b1"), Some(1)),
            ],
        );
        let ids: Vec<&str> = doc.nodes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "a1", "a1x", "b", "b1"]);
        let depths: Vec<u32> = doc.nodes().iter().map(|n| n.depth).collect();
        assert_eq!(depths, [0, 1, 2, 0, 1]);
        let a = doc.find("a").unwrap();
        assert_eq!(doc.subtree_end(a), 3);
        assert_eq!(doc.subtree_end(doc.find("a1x").unwrap()), 3);
        assert_eq!(doc.subtree_end(doc.find("b").unwrap()), 5);
        assert_eq!(doc.roots(), &[NodeIdx(0), NodeIdx(3)]);
        assert_eq!(
            doc.ancestors(doc.find("a1x").unwrap()),
            [NodeIdx(0), NodeIdx(1)]
        );
        assert_eq!(doc.node(a).children, [NodeIdx(1)]);
    }

    /// Ascending look-ups find what one search each finds, for any
    /// spacing of the ids asked for, present or not.
    #[test]
    fn ascending_lookups_agree_with_find() {
        let nodes: Vec<(Node, Option<usize>)> = (0..300)
            .map(|i| (node(&format!("n{:03}", i * 2)), None))
            .collect();
        let doc = Document::from_file_order(Meta::default(), nodes);
        for stride in [1, 2, 3, 7, 64, 250, 700] {
            let asked: Vec<String> = (0..700)
                .step_by(stride)
                .map(|i| format!("n{i:03}"))
                .collect();
            let mut find = doc.find_ascending();
            for id in ["", "m"]
                .iter()
                .map(|s| s.to_string())
                .chain(asked)
                .chain(["z".into()])
            {
                assert_eq!(find(&id), doc.find(&id), "{id} at stride {stride}");
            }
        }
    }

    #[test]
    fn a_deep_chain_builds_without_recursion() {
        let n: usize = 100_000;
        let nodes = (0..n)
            .map(|i| (node(&format!("n{i}")), i.checked_sub(1)))
            .collect();
        let doc = Document::from_file_order(Meta::default(), nodes);
        assert_eq!(doc.nodes()[n - 1].depth, n as u32 - 1);
        assert_eq!(doc.subtree_end(NodeIdx(0)), n);
        assert_eq!(doc.ancestors(NodeIdx(n as u32 - 1)).len(), n - 1);
    }

    #[test]
    fn headline_is_title_or_first_paragraph() {
        let mut n = node("x");
        assert_eq!(n.headline(), "x");
        n.title = None;
        n.text = Some("một\n\nhai".into());
        assert_eq!(n.headline(), "một");
        assert_eq!(n.paragraphs().collect::<Vec<_>>(), ["một", "hai"]);
    }
}

/// A label worth showing: bullets like `-` or `*` say nothing the kind
/// symbol does not, so the tree leaves them out and label paths number
/// such nodes instead.
pub fn shown_label(label: Option<&str>) -> Option<&str> {
    // ASCII digits and letters first: most labels are `1.`, `a)`, `II`.
    label.filter(|l| {
        l.bytes().any(|b| b.is_ascii_alphanumeric()) || l.chars().any(char::is_alphanumeric)
    })
}

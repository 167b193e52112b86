//! The sparse tree, as in Org mode: the matching entries and their
//! ancestors, everything else hidden.

use crate::doc::{Document, NodeIdx};

use super::target::Target;

/// Which entries a sparse tree shows. Built by [`sparse_tree`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sparse {
    /// Per node (by [`NodeIdx`]): shown.
    nodes: Vec<bool>,
    front: bool,
    back: bool,
    shown: usize,
}

/// The entries to show for `matches`: each of them plus every ancestor of
/// each matching node. Walks `parent` links, stopping at the first
/// ancestor already shown, so it is linear in the number of nodes even for
/// a 100,000-deep chain. Targets outside `doc` are ignored.
pub fn sparse_tree(doc: &Document, matches: &[Target]) -> Sparse {
    let mut out = Sparse {
        nodes: vec![false; doc.len()],
        ..Sparse::default()
    };
    for &target in matches {
        match target {
            Target::Front => out.front = true,
            Target::Back => out.back = true,
            Target::Node(idx) => {
                let mut cur = Some(idx);
                while let Some(i) = cur {
                    match out.nodes.get_mut(i.get()) {
                        Some(shown) if !*shown => *shown = true,
                        _ => break,
                    }
                    out.shown += 1;
                    cur = doc.node(i).parent;
                }
            }
        }
    }
    out.shown += usize::from(out.front) + usize::from(out.back);
    out
}

impl Sparse {
    /// Whether `target` is shown.
    pub fn shows(&self, target: Target) -> bool {
        match target {
            Target::Front => self.front,
            Target::Back => self.back,
            Target::Node(idx) => self.shows_node(idx),
        }
    }

    /// Whether node `idx` is shown (false out of range).
    pub fn shows_node(&self, idx: NodeIdx) -> bool {
        self.nodes.get(idx.get()).copied().unwrap_or(false)
    }

    /// Number of entries shown.
    pub fn len(&self) -> usize {
        self.shown
    }

    pub fn is_empty(&self) -> bool {
        self.shown == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::testing::with_parents as doc;

    #[test]
    fn matches_bring_their_ancestors_and_nothing_else() {
        // n0 ─ n1 ─ n2
        //    └ n3
        // n4 ─ n5
        let d = doc(&[None, Some(0), Some(1), Some(0), None, Some(4)]);
        let n = |i: u32| Target::Node(NodeIdx(i));
        let s = sparse_tree(&d, &[n(2), n(3), Target::Back]);
        let shown: Vec<bool> = (0..6).map(|i| s.shows(n(i))).collect();
        assert_eq!(shown, [true, true, true, true, false, false]);
        assert!(s.shows(Target::Back) && !s.shows(Target::Front));
        assert_eq!(s.len(), 5);
        assert!(!s.shows_node(NodeIdx(99)));
        assert!(sparse_tree(&d, &[]).is_empty());
    }

    #[test]
    fn a_deep_chain_is_walked_once() {
        let n = 100_000;
        let parents: Vec<Option<usize>> = (0..n).map(|i: usize| i.checked_sub(1)).collect();
        let d = doc(&parents);
        let all: Vec<Target> = (0..n as u32).map(|i| Target::Node(NodeIdx(i))).collect();
        let s = sparse_tree(&d, &all);
        assert_eq!(s.len(), n);
        let deepest = sparse_tree(&d, &[Target::Node(NodeIdx(n as u32 - 1))]);
        assert_eq!(deepest.len(), n);
    }
}

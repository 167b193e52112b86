//! The result of a search: the matching entries in document order, with
//! what the browser needs to step through them (`n`/`N`, `[M/N]`).

use crate::doc::{Kind, NodeIdx};

use super::target::Target;

/// Matching entries, sorted in document order, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    targets: Vec<Target>,
    kind_counts: [usize; 6],
}

impl Matches {
    /// Contract: `targets` sorted and unique; `kind_counts` counts the
    /// matching nodes per [`Kind::index`].
    pub(crate) fn new(targets: Vec<Target>, kind_counts: [usize; 6]) -> Matches {
        debug_assert!(targets.windows(2).all(|w| w[0] < w[1]));
        Matches {
            targets,
            kind_counts,
        }
    }

    /// All matches in document order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The matching nodes in document order (front and back matter left out).
    pub fn nodes(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.targets.iter().filter_map(|t| match t {
            Target::Node(idx) => Some(*idx),
            _ => None,
        })
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Matching nodes per kind, indexed by [`Kind::index`].
    pub fn kind_counts(&self) -> [usize; 6] {
        self.kind_counts
    }

    /// Matching nodes of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.kind_counts[kind.index()]
    }

    /// Whether `target` matches.
    pub fn contains(&self, target: Target) -> bool {
        self.targets.binary_search(&target).is_ok()
    }

    /// 0-based position of `target` among the matches (for `[M/N]`, show
    /// `position + 1`); `None` when it does not match.
    pub fn position(&self, target: Target) -> Option<usize> {
        self.targets.binary_search(&target).ok()
    }

    /// The first match after `from` in document order, wrapping to the first
    /// match; `from` itself only when it is the sole match. `None` when
    /// nothing matches. `from` need not match (`n` from anywhere).
    pub fn next_after(&self, from: Target) -> Option<Target> {
        let i = self.targets.partition_point(|t| *t <= from);
        self.targets
            .get(i)
            .or_else(|| self.targets.first())
            .copied()
    }

    /// The last match before `from`, wrapping to the last match (`N`).
    pub fn prev_before(&self, from: Target) -> Option<Target> {
        let i = self.targets.partition_point(|t| *t < from);
        match i.checked_sub(1) {
            Some(i) => self.targets.get(i).copied(),
            None => self.targets.last().copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(i: u32) -> Target {
        Target::Node(NodeIdx(i))
    }

    #[test]
    fn next_and_previous_wrap_around() {
        let m = Matches::new(vec![Target::Front, node(3), node(7)], [0; 6]);
        assert_eq!(m.next_after(Target::Front), Some(node(3)));
        assert_eq!(m.next_after(node(4)), Some(node(7)));
        assert_eq!(m.next_after(node(7)), Some(Target::Front));
        assert_eq!(m.next_after(Target::Back), Some(Target::Front));
        assert_eq!(m.prev_before(node(3)), Some(Target::Front));
        assert_eq!(m.prev_before(Target::Front), Some(node(7)));
        assert_eq!(m.prev_before(Target::Back), Some(node(7)));
        assert_eq!(m.position(node(7)), Some(2));
        assert_eq!(m.position(node(4)), None);
        assert!(m.contains(node(3)) && !m.contains(Target::Back));
        assert_eq!(m.nodes().collect::<Vec<_>>(), [NodeIdx(3), NodeIdx(7)]);
    }

    #[test]
    fn a_single_match_is_its_own_next_and_none_has_no_next() {
        let one = Matches::new(vec![node(2)], [0; 6]);
        assert_eq!(one.next_after(node(2)), Some(node(2)));
        assert_eq!(one.prev_before(node(2)), Some(node(2)));
        let none = Matches::default();
        assert_eq!(none.next_after(node(0)), None);
        assert_eq!(none.prev_before(node(0)), None);
        assert!(none.is_empty());
    }
}

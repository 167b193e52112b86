//! The kind filter: show only some kinds of node (strengths, weaknesses,
//! causes, tasks, ...), alone or together with a query.

use crate::doc::Kind;

/// A set of node kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u8);

impl KindSet {
    pub const EMPTY: KindSet = KindSet(0);
    pub const ALL: KindSet = KindSet((1 << Kind::ALL.len()) - 1);

    /// The set holding only `kind`.
    pub fn only(kind: Kind) -> KindSet {
        KindSet::EMPTY.with(kind)
    }

    pub fn with(self, kind: Kind) -> KindSet {
        KindSet(self.0 | bit(kind))
    }

    pub fn without(self, kind: Kind) -> KindSet {
        KindSet(self.0 & !bit(kind))
    }

    /// Adds `kind` if absent, removes it if present.
    pub fn toggle(&mut self, kind: Kind) {
        self.0 ^= bit(kind);
    }

    pub fn contains(self, kind: Kind) -> bool {
        self.0 & bit(kind) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, in [`Kind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(iter: I) -> KindSet {
        iter.into_iter().fold(KindSet::EMPTY, KindSet::with)
    }
}

fn bit(kind: Kind) -> u8 {
    1 << kind.index()
}

/// What a search keeps besides the query's words. The default keeps
/// everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    /// `Some(set)`: only nodes whose kind is in `set` (the front and back
    /// matter have no kind and are left out). `None`: no kind filter.
    pub kinds: Option<KindSet>,
}

impl Filter {
    /// Only nodes of the kinds in `kinds`.
    pub fn kinds(kinds: KindSet) -> Filter {
        Filter { kinds: Some(kinds) }
    }

    /// Whether the filter leaves anything out.
    pub fn is_active(&self) -> bool {
        self.kinds.is_some()
    }

    /// Whether an entry of kind `kind` passes; `None` is the front or back
    /// matter.
    pub fn accepts(&self, kind: Option<Kind>) -> bool {
        match (self.kinds, kind) {
            (None, _) => true,
            (Some(set), Some(kind)) => set.contains(kind),
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_add_remove_and_list_kinds_in_order() {
        let mut s = KindSet::only(Kind::Task).with(Kind::Strength);
        assert!(s.contains(Kind::Task) && s.contains(Kind::Strength));
        assert!(!s.contains(Kind::Cause));
        assert_eq!(s.iter().collect::<Vec<_>>(), [Kind::Strength, Kind::Task]);
        s.toggle(Kind::Task);
        assert_eq!(s, KindSet::only(Kind::Strength));
        assert!(s.without(Kind::Strength).is_empty());
        assert_eq!(Kind::ALL.into_iter().collect::<KindSet>(), KindSet::ALL);
    }

    #[test]
    fn a_kind_filter_leaves_out_other_kinds_and_the_metadata() {
        let none = Filter::default();
        assert!(!none.is_active());
        assert!(none.accepts(None) && none.accepts(Some(Kind::Heading)));
        let f = Filter::kinds(KindSet::only(Kind::Weakness));
        assert!(f.is_active());
        assert!(f.accepts(Some(Kind::Weakness)));
        assert!(!f.accepts(Some(Kind::Cause)));
        assert!(!f.accepts(None));
    }
}

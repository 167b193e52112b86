//! The visible rows as one slice, with room kept before the first row so
//! that folding and unfolding move the rows on the shorter side of the
//! edit. A fold near the top of a 100,000-row tree moved the 100,000 rows
//! below it in memory (about 800 KB) on every key.

use std::ops::{Deref, Range};

use super::Entry;

/// The rows, read as a slice through `Deref`.
#[derive(Debug, Clone, Default)]
pub(super) struct Rows {
    /// Rows from `start` on; what is before is spare room.
    buf: Vec<Entry>,
    start: usize,
}

impl Deref for Rows {
    type Target = [Entry];

    fn deref(&self) -> &[Entry] {
        &self.buf[self.start..]
    }
}

impl From<Vec<Entry>> for Rows {
    fn from(buf: Vec<Entry>) -> Rows {
        Rows { buf, start: 0 }
    }
}

impl Rows {
    /// The memory of the rows, emptied, to build new rows in.
    pub(super) fn into_empty_vec(self) -> Vec<Entry> {
        let mut buf = self.buf;
        buf.clear();
        buf
    }

    /// Removes the rows of `range` (indices of the slice), moving the
    /// rows before it or those after it, whichever are fewer.
    pub(super) fn remove(&mut self, range: Range<usize>) {
        let (a, b) = (self.start + range.start, self.start + range.end);
        if range.is_empty() || b > self.buf.len() {
            return;
        }
        if a - self.start < self.buf.len() - b {
            // Fewer before: move them up to close the gap.
            self.buf.copy_within(self.start..a, self.start + (b - a));
            self.start += b - a;
        } else {
            self.buf.drain(a..b);
        }
    }

    /// Inserts `items` before row `at`, moving the rows before it or
    /// those after it, whichever are fewer.
    pub(super) fn insert(&mut self, at: usize, items: &[Entry]) {
        let len = self.len();
        let (at, k) = (at.min(len), items.len());
        if k == 0 {
            return;
        }
        if at >= len - at {
            let p = self.start + at;
            self.buf.splice(p..p, items.iter().copied());
            return;
        }
        if self.start < k {
            // Room before the first row for these and for as many more as
            // there are rows (or these again), so that growing there costs
            // a copy of the rows only now and then.
            let room = k + len.max(k);
            let mut buf = Vec::with_capacity(room + len);
            buf.resize(room, Entry::Front);
            buf.extend_from_slice(self);
            self.buf = buf;
            self.start = room;
        }
        let new_start = self.start - k;
        self.buf.copy_within(self.start..self.start + at, new_start);
        self.buf[new_start + at..new_start + at + k].copy_from_slice(items);
        self.start = new_start;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::doc::NodeIdx;

    fn entries(ids: &[u32]) -> Vec<Entry> {
        ids.iter().map(|i| Entry::Node(NodeIdx(*i))).collect()
    }

    proptest! {
        /// Any sequence of edits leaves the rows a Vec edited the plain
        /// way holds.
        #[test]
        fn edits_are_a_vecs(
            start in proptest::collection::vec(0..1000u32, 0..60),
            edits in proptest::collection::vec(
                (any::<bool>(), 0..80usize, 0..80usize, proptest::collection::vec(0..1000u32, 0..40)),
                0..30,
            ),
        ) {
            let mut plain = entries(&start);
            let mut rows = Rows::from(plain.clone());
            for (remove, a, b, items) in edits {
                let len = plain.len();
                if remove {
                    let (a, b) = (a.min(len), b.min(len));
                    let r = a.min(b)..a.max(b);
                    plain.drain(r.clone());
                    rows.remove(r);
                } else {
                    let at = a.min(len);
                    let items = entries(&items);
                    plain.splice(at..at, items.iter().copied());
                    rows.insert(at, &items);
                }
                prop_assert_eq!(&*rows, &plain[..]);
            }
            prop_assert!(rows.into_empty_vec().is_empty());
        }
    }
}

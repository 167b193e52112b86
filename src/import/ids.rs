//! Ids from the numbering: readable ("I.2.1.a"), stable when the source
//! is imported again, and unique even when the source repeats a number.
//!
//! A node's id is its parent's id, a dot and a segment: the printed number
//! ("I", "2", "a"; "2.1" under "2" gives "1"; "Điều 1" gives "dieu-1"), a
//! letter by position for bullets ("a", "b", …, "z", "aa"), a number by
//! position for "*" group lines, "p1", "p2" for unnumbered paragraphs,
//! and for unnumbered group lines a word for the kind they set ("han-che")
//! or "nhom-1". A repeated id gets "_2", "_3"; an id that would pass the
//! 128-character limit (a very deep notice) becomes "n" and the node's
//! position.

use std::collections::HashSet;

use super::kinds::Inferred;
use super::marker::Style;
use super::structure::{Item, Role};
use crate::doc::{Kind, MAX_ID_CHARS};

/// Ids handed out so far.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    unplaced: usize,
}

/// Per-parent counters of children numbered by position.
#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    bullets: u32,
    stars: u32,
    paragraphs: u32,
    groups: u32,
}

/// "a" … "z", "aa", "ab" … for the 1st, 26th, 27th, 28th bullet.
fn letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

fn kind_slug(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Strength => Some("ket-qua"),
        Kind::Weakness => Some("han-che"),
        Kind::Cause => Some("nguyen-nhan"),
        Kind::Task => Some("nhiem-vu"),
        Kind::Heading | Kind::Point => None,
    }
}

impl Ids {
    /// Takes `candidate`, or `candidate_2`, `candidate_3` … if taken.
    /// Returns the id and whether a suffix was needed.
    fn claim(&mut self, candidate: String) -> (String, bool) {
        if self.used.insert(candidate.clone()) {
            return (candidate, false);
        }
        let mut n = 2;
        loop {
            let id = format!("{candidate}_{n}");
            if self.used.insert(id.clone()) {
                return (id, true);
            }
            n += 1;
        }
    }

    /// Ids for the items, in order, each with whether the source repeated
    /// its number (so the id needed a suffix).
    pub(crate) fn assign(&mut self, items: &[Item], kinds: &[Inferred]) -> Vec<(String, bool)> {
        let mut counters = vec![Counters::default(); items.len() + 1];
        let mut out: Vec<(String, bool)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let slot = item.parent.map_or(items.len(), |p| p);
            let c = &mut counters[slot];
            let segment = match &item.marker {
                Some(m) => match m.style {
                    Style::Bullet(_) => {
                        c.bullets += 1;
                        letters(c.bullets)
                    }
                    Style::Star => {
                        c.stars += 1;
                        c.stars.to_string()
                    }
                    Style::Arabic { .. } => {
                        // "2.1" under "2" adds only "1".
                        let parent_parts = item
                            .parent
                            .and_then(|p| items[p].marker.as_ref())
                            .filter(|pm| matches!(pm.style, Style::Arabic { .. }))
                            .map(|pm| pm.parts.as_slice());
                        match parent_parts {
                            Some(pp)
                                if m.parts.len() == pp.len() + 1 && m.parts.starts_with(pp) =>
                            {
                                m.parts[pp.len()].clone()
                            }
                            _ => m.parts.join("."),
                        }
                    }
                    _ => m.parts.join("."),
                },
                None if item.role == Role::Group => {
                    let own = kinds
                        .get(i)
                        .filter(|k| k.own)
                        .and_then(|k| k.ctx)
                        .and_then(kind_slug);
                    match own {
                        Some(slug) => slug.to_string(),
                        None => {
                            c.groups += 1;
                            format!("nhom-{}", c.groups)
                        }
                    }
                }
                None => {
                    c.paragraphs += 1;
                    format!("p{}", c.paragraphs)
                }
            };
            let candidate = match item.parent.map(|p| &out[p].0) {
                Some(parent) => format!("{parent}.{segment}"),
                None => segment,
            };
            let candidate = if candidate.chars().count() + 4 > MAX_ID_CHARS {
                format!("n{}", i + 1)
            } else {
                candidate
            };
            out.push(self.claim(candidate));
        }
        out
    }

    /// A fresh id for text that fits nowhere: "chua-xep-1", "chua-xep-2" …
    pub(crate) fn unplaced(&mut self) -> String {
        self.unplaced += 1;
        self.claim(format!("chua-xep-{}", self.unplaced)).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_letters_run_past_z() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(28), "ab");
        assert_eq!(letters(702), "zz");
        assert_eq!(letters(703), "aaa");
    }

    #[test]
    fn claims_are_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("I.2".into()), ("I.2".into(), false));
        assert_eq!(ids.claim("I.2".into()), ("I.2_2".into(), true));
        assert_eq!(ids.claim("I.2".into()), ("I.2_3".into(), true));
        assert_eq!(ids.unplaced(), "chua-xep-1");
    }
}

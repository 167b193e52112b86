//! Which stretches of a row to erase rather than write: an erase is a
//! few bytes, a stretch of blanks written over is one a cell plus the
//! jumps between the runs of it that changed.

use super::escape::{csi_len, erase_len};
use crate::grid::{Cell, Grid, Look};

/// The most cells of a gap between two runs of a row written over rather
/// than jumped: a cursor move is 6 to 8 bytes.
pub(super) const MAX_BRIDGE: u16 = 8;

/// The fewest cells of a stretch whose erasing can pay: see `erases`.
pub(super) const MIN_ERASED: u16 = 4;

/// About the most bytes a change of look takes.
const LOOK_CHANGE: usize = 16;

/// A stretch of a row to erase rather than write.
#[derive(Debug, Clone, Copy)]
pub(super) struct Erase {
    pub(super) from: u16,
    pub(super) until: u16,
    /// To the right edge: `EL`, else `ECH`.
    pub(super) to_edge: bool,
}

/// The stretches of row `y` worth erasing: stretches of cells that show as
/// default blanks, starting at a changed cell, where an erase is fewer
/// bytes than writing the changed cells in them and jumping between
/// them.
pub(super) fn erases(grid: &Grid, y: u16, runs: &[(u16, &[Cell])], plan: &mut Vec<Erase>) {
    plan.clear();
    let right = grid.area().right();
    // Columns before this one have been looked at.
    let mut seen: u16 = 0;
    for (r, &(x, cells)) in runs.iter().enumerate() {
        // From the first blank not yet looked at.
        let mut i = usize::from(seen.saturating_sub(x));
        while let Some(off) = cells
            .get(i..)
            .and_then(|rest| rest.iter().position(Cell::is_blank))
        {
            let c = x.saturating_add(u16::try_from(i + off).unwrap_or(u16::MAX));
            i += off + 1;
            let until = blank_stretch(grid, c, y);
            seen = until;
            i = i.max(usize::from(until.saturating_sub(x)));
            // Writing the stretch costs at most a byte a cell (a jump
            // costs no more than the cells it jumps); an erase costs at
            // least 3 (`EL`), or 4 (`ECH`) plus a jump at least as long
            // as the one after the stretch written. Most stretches are
            // the space between two words.
            if until - c < MIN_ERASED || after_wide(grid, c, y) {
                continue;
            }
            // What writing costs: the changed cells in the stretch, one
            // byte each, and the jumps over unchanged ones between them.
            let mut cost = 0;
            // An erase is in the default look: if the blanks are written in
            // another (bold, say), they may go without a change of look.
            let mut look_change = 0;
            let mut last_end: Option<u16> = None;
            // The first changed cell after the stretch: the cursor goes on
            // there from the stretch's end when written, from its start
            // when erased.
            let mut after: Option<u16> = None;
            for &(rx, rcells) in &runs[r..] {
                let rend = rx.saturating_add(u16::try_from(rcells.len()).unwrap_or(u16::MAX));
                let (a, b) = (rx.max(c), rend.min(until));
                if a < b {
                    cost += usize::from(b - a);
                    let in_stretch = &rcells[usize::from(a - rx)..usize::from(b - rx)];
                    if in_stretch.iter().any(|c| c.look() != Look::DEFAULT) {
                        look_change = LOOK_CHANGE;
                    }
                    if let Some(end) = last_end {
                        cost += jump_len(a - end);
                    }
                    last_end = Some(b);
                }
                if rend > until {
                    after = Some(rx.max(until));
                    break;
                }
            }
            let to_edge = until == right;
            let mut erase = look_change + erase_len(usize::from(until - c), to_edge);
            if let Some(next) = after {
                cost += jump_len(next - until);
                erase += jump_len(next - c);
            }
            if erase < cost {
                plan.push(Erase {
                    from: c,
                    until,
                    to_edge,
                });
            }
        }
    }
}

/// About the bytes to go `d` cells right along a row: writing them over
/// when few and no longer than a cursor forward, else the cursor forward
/// (as `Encoder::approach` chooses). Never more than `d`, and never less
/// for a longer jump.
pub(super) fn jump_len(d: u16) -> usize {
    let forward = csi_len(usize::from(d));
    if d <= MAX_BRIDGE {
        usize::from(d).min(forward)
    } else {
        forward
    }
}

/// The end (exclusive) of the stretch of cells of row `y` of `grid` that
/// show as default blanks, from column `x`.
fn blank_stretch(grid: &Grid, x: u16, y: u16) -> u16 {
    let right = grid.area().right();
    let start = grid.index_of(x, y);
    let row = &grid.cells()[start..start + usize::from(right - x)];
    let blanks = row.iter().take_while(|c| c.is_blank()).count();
    x + u16::try_from(blanks).unwrap_or(right - x)
}

/// Whether the cell left of (`x`, `y`) is not one narrow character: the
/// blank at (`x`, `y`) may be the rest of a wide one on screen, which an
/// erase would take with it.
fn after_wide(grid: &Grid, x: u16, y: u16) -> bool {
    x > grid.area().x && !grid.cells()[grid.index_of(x - 1, y)].is_narrow()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `erases` skips stretches shorter than [`MIN_ERASED`] on: a
    /// jump costs no more than the cells it jumps and no less when longer,
    /// so such a stretch erased costs no less than written.
    #[test]
    fn a_stretch_too_short_never_pays_to_erase() {
        for d in 0..2000u16 {
            assert!(jump_len(d) <= usize::from(d), "jump of {d}");
            assert!(jump_len(d + 1) >= jump_len(d), "jump of {d}");
        }
        for n in 1..MIN_ERASED {
            // To the edge: `EL`, nothing after.
            assert!(erase_len(usize::from(n), true) >= usize::from(n));
            // Inside the row, with the next changed cell `d` after it.
            for d in 0..2000u16 {
                let erased = erase_len(usize::from(n), false) + jump_len(d + n);
                let written = usize::from(n) + jump_len(d);
                assert!(erased >= written, "{n} cells, then {d}");
            }
        }
    }
}

//! Cells to bytes: where the cursor is, which colours and attributes are
//! in force, and what to send for them.

use std::io;

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Colors, SetColors, SetUnderlineColor};

use super::escape::{modifier_diff, move_to, sequences};
use crate::grid::{Cell, Grid, Look, Symbol};

/// Cells as crossterm's backend writes them: a cursor move unless the
/// cell is the one after the last, the changes of colours and modifiers,
/// the symbol.
pub(super) struct Encoder<'w> {
    pub(super) w: &'w mut Vec<u8>,
    /// The colours and modifiers in force.
    now: Look,
    /// Where the cursor is after the last cell written, when known.
    next: Option<(u16, u16)>,
}

/// The most cells of a gap between two runs of a row written over rather
/// than jumped: a cursor move is 6 to 8 bytes.
const MAX_BRIDGE: u16 = 8;

/// The fewest changed cells at the blank end of a row worth an erase (3
/// bytes).
const MIN_ERASE: u16 = 4;

impl<'w> Encoder<'w> {
    /// Writing into `w`, the terminal in the default look and the cursor
    /// where it may be.
    pub(super) fn new(w: &'w mut Vec<u8>) -> Encoder<'w> {
        Encoder {
            w,
            now: Look::DEFAULT,
            next: None,
        }
    }

    #[inline]
    fn go(&mut self, x: u16, y: u16) -> io::Result<()> {
        if self.next != Some((x, y)) {
            move_to(self.w, x, y)?;
        }
        Ok(())
    }

    #[inline]
    fn look(&mut self, look: Look) -> io::Result<()> {
        if look == self.now {
            return Ok(());
        }
        self.change(look)
    }

    /// Writes the change from the look in force to `look`.
    #[inline(never)]
    fn change(&mut self, look: Look) -> io::Result<()> {
        let (w, now) = (&mut *self.w, self.now);
        if !look.same_modifier(&now) {
            modifier_diff(w, now.modifier(), look.modifier())?;
        }
        if !look.same_colors(&now) {
            match (look.fg_index(), look.bg_index()) {
                (Some(fg), Some(bg)) => {
                    let seq = sequences();
                    w.extend_from_slice(b"\x1b[");
                    w.extend_from_slice(&seq.fg[fg]);
                    w.push(b';');
                    w.extend_from_slice(&seq.bg[bg]);
                    w.push(b'm');
                }
                _ => queue!(
                    w,
                    SetColors(Colors::new(
                        look.fg().into_crossterm(),
                        look.bg().into_crossterm()
                    ))
                )?,
            }
        }
        if !look.same_underline(&now) {
            queue!(w, SetUnderlineColor(look.underline().into_crossterm()))?;
        }
        self.now = look;
        Ok(())
    }

    /// One cell at (`x`, `y`).
    pub(super) fn cell(
        &mut self,
        x: u16,
        y: u16,
        look: Look,
        symbol: Symbol<'_>,
    ) -> io::Result<()> {
        self.go(x, y)?;
        self.look(look)?;
        symbol.push_to(self.w);
        self.next = Some((x.wrapping_add(1), y));
        Ok(())
    }

    /// The runs of changed cells of `grid` that the diff yields, in order,
    /// sent in fewer bytes than cell by cell where the screen ends the
    /// same:
    /// - a short gap of unchanged cells between two runs of a row, narrow
    ///   and in the look in force, is written over rather than jumped;
    /// - a run that reaches the blank end of its row (default blanks to
    ///   the right edge) erases the rest of the row with `EL` (`CSI K`) in
    ///   the default look, and the row's later runs, all in that blank
    ///   end, are left out.
    pub(super) fn frame<'a>(
        &mut self,
        grid: &'a Grid,
        runs: impl Iterator<Item = (u16, u16, &'a [Cell])>,
    ) -> io::Result<()> {
        // The row whose blank end was found, and its first column.
        let mut blank: Option<(u16, u16)> = None;
        let mut erased: Option<u16> = None;
        for (x, y, run) in runs {
            if erased == Some(y) {
                continue;
            }
            let from = match blank {
                Some((row, from)) if row == y => from,
                _ => {
                    let from = blank_end(grid, y);
                    blank = Some((y, from));
                    from
                }
            };
            let end = x.saturating_add(u16::try_from(run.len()).unwrap_or(u16::MAX));
            let at = x.max(from);
            // Worth it when the run changes that many blanks: the look
            // changes to the default either way.
            if end >= at.saturating_add(MIN_ERASE) {
                let head = usize::from(at - x);
                if head > 0 {
                    self.run(x, y, grid, &run[..head])?;
                }
                self.approach(at, y, grid)?;
                if self.now != Look::DEFAULT {
                    self.change(Look::DEFAULT)?;
                }
                self.w.extend_from_slice(b"\x1b[K");
                self.next = Some((at, y));
                erased = Some(y);
            } else {
                self.run(x, y, grid, run)?;
            }
        }
        Ok(())
    }

    /// Puts the cursor at (`x`, `y`): by writing the cells of `grid`
    /// between where it is and there when they are few, narrow, in the
    /// look in force and no more bytes than a move; else by a move.
    fn approach(&mut self, x: u16, y: u16, grid: &Grid) -> io::Result<()> {
        if let Some((nx, ny)) = self.next
            && ny == y
            && nx < x
            && x - nx <= MAX_BRIDGE
        {
            let start = grid.index_of(nx, y);
            let gap = &grid.cells()[start..start + usize::from(x - nx)];
            let mut bytes = 0;
            let over = gap.iter().all(|c| match c.narrow_char() {
                Some(ch) if c.is_plain_narrow() && c.look() == self.now => {
                    bytes += ch.len_utf8();
                    true
                }
                _ => false,
            });
            if over && bytes <= move_len(x, y) {
                for c in gap {
                    if let Some(ch) = c.narrow_char() {
                        Symbol::Char(ch).push_to(self.w);
                    }
                }
                self.next = Some((x, y));
                return Ok(());
            }
        }
        self.go(x, y)
    }

    /// Cells of `grid` from (`x`, `y`) rightwards.
    fn run(&mut self, x: u16, y: u16, grid: &Grid, cells: &[Cell]) -> io::Result<()> {
        self.approach(x, y, grid)?;
        self.w.reserve(cells.len() * 4);
        for cell in cells {
            let look = cell.look();
            if look != self.now {
                self.change(look)?;
            }
            match cell.narrow_char() {
                Some(c) => Symbol::Char(c).push_to(self.w),
                None => grid.symbol(cell).push_to(self.w),
            }
        }
        let n = u16::try_from(cells.len()).unwrap_or(u16::MAX);
        // After a symbol that is not one narrow character the cursor may
        // be anywhere in the row: the next cell moves it.
        self.next = cells
            .iter()
            .all(Cell::is_narrow)
            .then(|| (x.wrapping_add(n), y));
        Ok(())
    }
}

/// The first column of row `y` of `grid` from which every cell to the
/// right edge is a default blank; the right edge if there is none, or if
/// the cell before is not one narrow character (the blanks after a wide
/// character are the rest of it on screen).
fn blank_end(grid: &Grid, y: u16) -> u16 {
    let area = grid.area();
    let start = grid.index_of(area.x, y);
    let row = &grid.cells()[start..start + usize::from(area.width)];
    let blanks = row.iter().rev().take_while(|c| **c == Cell::EMPTY).count();
    let from = row.len() - blanks;
    // The diff never starts a run there; an erase there would take the
    // wide character with it.
    if from > 0 && !row[from - 1].is_narrow() {
        return area.right();
    }
    area.x + u16::try_from(from).unwrap_or(area.width)
}

/// The length of the cursor move to (`x`, `y`).
fn move_len(x: u16, y: u16) -> usize {
    let digits = |n: u32| match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    };
    4 + digits(u32::from(y) + 1) + digits(u32::from(x) + 1)
}

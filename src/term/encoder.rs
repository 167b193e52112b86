//! Cells to bytes: where the cursor is, which colours and attributes are
//! in force, and what to send for them.

use std::io;

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Colored, Colors, SetColors, SetUnderlineColor};

use super::escape::{
    csi, csi_len, erase, erase_len, modifier_changes, modifier_diff, move_len, move_to, sequences,
    sgr_code,
};
use super::plan::{Erase, MAX_BRIDGE, MIN_ERASED, erases, jump_len};
use crate::grid::{Cell, Grid, Look, Symbol};
use crate::screen::diff::diff;

/// Writes cells: one by one as crossterm's backend does (a cursor move
/// unless the cell is the one after the last, the changes of colours and
/// modifiers, the symbol), or a grid's frame in fewer bytes
/// ([`Encoder::frame`]).
pub(super) struct Encoder<'w> {
    pub(super) w: &'w mut Vec<u8>,
    /// The colours and modifiers in force.
    now: Look,
    /// The cell after the last one written: where crossterm's backend
    /// takes the cursor to be (it writes a cell there without a move).
    next: Option<(u16, u16)>,
    /// Whether the cursor is known to be at `next`. After a symbol that is
    /// not one narrow character it may not be (an emoji with VS16 is one
    /// cell or two, by terminal): `next` is then only written at, as
    /// crossterm does, never reached by writing over or jumping from it.
    exact: bool,
    /// The erases planned for a row, kept for the next row's.
    plan: Vec<Erase>,
    /// While writing a grid's frame, the right edge and the bottom of its
    /// screen; its looks then change in one compact `SGR` rather than as
    /// crossterm writes them.
    edges: Option<(u16, u16)>,
}

impl<'w> Encoder<'w> {
    /// Writing into `w`, the terminal in the default look and the cursor
    /// where it may be.
    pub(super) fn new(w: &'w mut Vec<u8>) -> Encoder<'w> {
        Encoder {
            w,
            now: Look::DEFAULT,
            next: None,
            exact: false,
            plan: Vec::new(),
            edges: None,
        }
    }

    /// Ends what was written, leaving the terminal in the default look:
    /// crossterm's resets of colours and attributes; after a grid's frame
    /// only `CSI m`, and only if the look in force is not the default.
    pub(super) fn finish(&mut self) {
        if !self.compact() {
            self.w.extend_from_slice(&sequences().end);
        } else if self.now != Look::DEFAULT {
            self.w.extend_from_slice(RESET);
            self.now = Look::DEFAULT;
        }
    }

    /// Whether a grid's frame is being written.
    #[inline]
    fn compact(&self) -> bool {
        self.edges.is_some()
    }

    #[inline]
    fn go(&mut self, x: u16, y: u16) {
        if self.next == Some((x, y)) {
            return;
        }
        match (self.next, self.edges) {
            // The row below the cursor, whose row is known: a line feed and
            // a column, two bytes fewer than a move (`CR LF` to the first
            // column). Only in a grid's frame (crossterm's own cells are
            // written as crossterm writes them), and only where a row
            // taken wrongly cannot spread: not after a write into the last
            // column (a character drawn wider than its width, such as an
            // ambiguous-width one on a terminal set to draw them wide,
            // would have wrapped to the next row), and not to the last row
            // (a line feed from one row lower than thought would scroll the
            // screen).
            (Some((nx, ny)), Some((right, bottom)))
                if self.exact
                    && ny.checked_add(1) == Some(y)
                    && nx < right
                    && u32::from(y) + 1 < u32::from(bottom) =>
            {
                if x == 0 {
                    self.w.extend_from_slice(b"\r\n");
                } else {
                    self.w.push(b'\n');
                    csi(self.w, usize::from(x) + 1, b'G');
                }
            }
            _ => move_to(self.w, x, y),
        }
        self.next = Some((x, y));
        self.exact = true;
    }

    #[inline]
    fn look(&mut self, look: Look) -> io::Result<()> {
        if look == self.now {
            return Ok(());
        }
        self.change(look)
    }

    /// Writes the change from the look in force to `look`: in one `SGR`
    /// with only what changes when compact, else as crossterm does.
    #[inline(never)]
    fn change(&mut self, look: Look) -> io::Result<()> {
        if self.compact() {
            self.change_compact(look);
            return Ok(());
        }
        let (w, now) = (&mut *self.w, self.now);
        if !look.same_modifier(&now) {
            modifier_diff(w, now.modifier(), look.modifier());
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

    /// [`Encoder::change`] in one `SGR`: the attributes crossterm would
    /// set or reset, then the colours that change (a named colour by its
    /// short ANSI code, others as crossterm writes them); or, back to the
    /// default look, the reset `CSI m`.
    #[inline(never)]
    fn change_compact(&mut self, look: Look) {
        let now = self.now;
        if look == Look::DEFAULT && now != Look::DEFAULT {
            // Back to the default look: `SGR` with no parameter resets
            // everything, in fewer bytes than undoing each part.
            self.w.extend_from_slice(RESET);
            self.now = look;
            return;
        }
        let mut sgr = Sgr {
            w: &mut *self.w,
            first: true,
            params: 0,
        };
        if !look.same_modifier(&now) {
            modifier_changes(now.modifier(), look.modifier(), |a| sgr.param(&sgr_code(a)));
        }
        let seq = sequences();
        let colors = [
            (
                look.same_fg(&now),
                look.fg_index(),
                &seq.ansi_fg,
                look.fg(),
                Colored::ForegroundColor as fn(_) -> _,
            ),
            (
                look.same_bg(&now),
                look.bg_index(),
                &seq.ansi_bg,
                look.bg(),
                Colored::BackgroundColor,
            ),
        ];
        for (same, index, table, color, colored) in colors {
            match (same, index) {
                (true, _) => {}
                (false, Some(i)) => sgr.param(&table[i]),
                (false, None) => sgr.param(colored(color.into_crossterm()).to_string().as_bytes()),
            }
        }
        if !look.same_underline(&now) {
            sgr.param(
                Colored::UnderlineColor(look.underline().into_crossterm())
                    .to_string()
                    .as_bytes(),
            );
        }
        if !sgr.first {
            self.w.push(b'm');
        }
        self.now = look;
    }

    /// One cell at (`x`, `y`).
    pub(super) fn cell(
        &mut self,
        x: u16,
        y: u16,
        look: Look,
        symbol: Symbol<'_>,
    ) -> io::Result<()> {
        self.go(x, y);
        self.look(look)?;
        symbol.push_to(self.w);
        self.next = Some((x.wrapping_add(1), y));
        self.exact = false;
        Ok(())
    }

    /// The runs of changed cells of `grid` that the diff yields, in order,
    /// sent in fewer bytes than cell by cell where the screen ends the
    /// same:
    /// - a short gap of unchanged cells between two runs of a row, narrow
    ///   and in the look in force, is written over rather than jumped, and
    ///   a jump along the row is a cursor forward when that is shorter;
    /// - where a run meets a stretch of cells of the frame that show as
    ///   default blanks ([`Cell::is_blank`]; on screen already where
    ///   unchanged), the stretch is erased in the default look: to the end
    ///   of the row with `EL` (`CSI K`) when it reaches the edge, else with
    ///   `ECH` (`CSI n X`) when long enough; the runs' cells in it are left
    ///   out.
    pub(super) fn frame<'a>(
        &mut self,
        grid: &'a Grid,
        runs: impl Iterator<Item = (u16, u16, &'a [Cell])>,
    ) {
        self.edges = Some((grid.area().right(), grid.area().bottom()));
        // A row's runs are planned together: whether erasing a stretch of
        // blanks pays depends on all the changed cells in it.
        let mut row: Vec<(u16, &'a [Cell])> = Vec::with_capacity(16);
        let mut row_y = None;
        for (x, y, run) in runs {
            if row_y != Some(y) {
                if let Some(y) = row_y {
                    self.row(grid, y, &row);
                }
                row.clear();
                row_y = Some(y);
            }
            row.push((x, run));
        }
        if let Some(y) = row_y {
            self.row(grid, y, &row);
        }
    }

    /// The frame `next` over `prev`, the frame shown, as [`Encoder::frame`]
    /// sends the runs of their diff, but row by row: a row whose cells are
    /// each one narrow character with no diff option, in both frames (most
    /// rows, and most frames whole), is sent in one pass over its cells
    /// ([`Encoder::plain_row`]); from the first row that is not, the rest
    /// go through the diff.
    pub(super) fn frame_from(&mut self, prev: &Grid, next: &Grid) {
        self.edges = Some((next.area().right(), next.area().bottom()));
        let area = next.area();
        let width = usize::from(area.width);
        if prev.area() != area || width == 0 {
            return self.frame(next, diff(prev, next));
        }
        let rows = next.cells().chunks_exact(width);
        for ((n, p), y) in rows.zip(prev.cells().chunks_exact(width)).zip(area.y..) {
            if !Cell::all_plain_narrow(n.iter().chain(p)) {
                return self.frame(next, diff(prev, next).from_row(y - area.y));
            }
            self.plain_row(area.x, y, n, p);
        }
    }

    /// Row `y`, from column `x0`: `n` in place of `p`, all cells of both
    /// [`Cell::is_plain_narrow`]. What [`Encoder::row`] sends for the runs
    /// of their diff, in about as many bytes (blank stretches erased when
    /// that is shorter, short gaps written over), in one pass.
    fn plain_row(&mut self, x0: u16, y: u16, n: &[Cell], p: &[Cell]) {
        let w = n.len();
        let mut i = 0;
        loop {
            i += n[i..]
                .iter()
                .zip(&p[i..])
                .take_while(|(a, b)| a == b)
                .count();
            if i >= w {
                return;
            }
            if n[i].is_blank() {
                let end = i + n[i..].iter().take_while(|c| c.is_blank()).count();
                if end - i >= usize::from(MIN_ERASED) && self.erase_pays(n, p, i, end) {
                    self.reach(x0, y, n, i);
                    self.erase(column(x0, i), y, end - i, end == w);
                    i = end;
                    continue;
                }
            }
            self.reach(x0, y, n, i);
            // On to the next unchanged cell but for a short gap written
            // over, or to a blank that may begin a stretch worth erasing.
            let stretch = |j: usize| n.get(j).is_some_and(Cell::is_blank);
            let start = i;
            let starts_stretch = |j: usize| stretch(j) && stretch(j + 1) && !stretch(j - 1);
            // The look in force once `n[start..i]` is written, as
            // `put_run` writes it.
            let after = |look: Look, c: &Cell| if c.shows_in(look) { look } else { c.look() };
            let mut look = after(self.now, &n[start]);
            loop {
                i += 1;
                if i >= w || starts_stretch(i) {
                    break;
                }
                if n[i] == p[i] {
                    // The gap's cells show as they are in `look`: it holds.
                    match short_gap(n, p, i, look) {
                        Some(end) => i = end,
                        None => break,
                    }
                    if starts_stretch(i) {
                        break;
                    }
                }
                look = after(look, &n[i]);
            }
            self.put_run(&n[start..i]);
            self.next = Some((column(x0, i), y));
        }
    }

    /// Writes `cells`, each one narrow character, where the cursor is.
    /// Their bytes gather in a buffer on the stack between changes of
    /// look: pushed one by one, each would go through the output's length
    /// and capacity.
    fn put_run(&mut self, cells: &[Cell]) {
        let mut buf = [0u8; 256];
        let mut len = 0;
        for c in cells {
            // A space that shows the same in the look in force is written
            // in it: no change of look and back.
            let change = !c.shows_in(self.now);
            if change || len + 4 > buf.len() {
                self.w.extend_from_slice(&buf[..len]);
                len = 0;
                if change {
                    self.change_compact(c.look());
                }
            }
            if let Some(ch) = c.narrow_char() {
                len += ch.encode_utf8(&mut buf[len..]).len();
            }
        }
        self.w.extend_from_slice(&buf[..len]);
    }

    /// Erases `count` cells from (`x`, `y`), where the cursor is, in the
    /// default look: to the end of the row with `EL` when `to_edge`, else
    /// with `ECH`. The cursor stays there.
    fn erase(&mut self, x: u16, y: u16, count: usize, to_edge: bool) {
        if self.now != Look::DEFAULT {
            self.change_compact(Look::DEFAULT);
        }
        erase(self.w, count, to_edge);
        self.next = Some((x, y));
        self.exact = true;
    }

    /// Whether erasing the blanks `n[i..end]` of a row (`n[i]` changed) is
    /// fewer bytes than writing the changed cells among them, the cursor
    /// going on to the next changed cell after them either way.
    fn erase_pays(&self, n: &[Cell], p: &[Cell], i: usize, end: usize) -> bool {
        let d = |a: usize, b: usize| u16::try_from(b - a).unwrap_or(u16::MAX);
        let mut write = 0;
        let mut written_to = i;
        for j in i..end {
            if n[j] != p[j] {
                write += 1 + jump_len(d(written_to, j));
                written_to = j + 1;
            }
        }
        let mut erase = erase_len(end - i, end == n.len());
        if self.now != Look::DEFAULT {
            // An erase is in the default look.
            erase += RESET.len();
        }
        if let Some(k) = (end..n.len()).find(|&k| n[k] != p[k]) {
            write += jump_len(d(written_to, k));
            erase += jump_len(d(i, k));
        }
        erase < write
    }

    /// Puts the cursor at column `i` of row `y` (`n` from column `x0`):
    /// as [`Encoder::approach`], with the row's cells at hand, and
    /// writing over a gap also when its cells are in the look of the cell
    /// at `i` (the change of look comes before the gap rather than after
    /// it).
    #[inline]
    fn reach(&mut self, x0: u16, y: u16, n: &[Cell], i: usize) {
        let x = column(x0, i);
        if self.next == Some((x, y)) {
            return;
        }
        let Some((nx, _)) = self
            .next
            .filter(|&(nx, ny)| self.exact && ny == y && nx < x)
        else {
            return self.go(x, y);
        };
        let gap = usize::from(x - nx);
        let forward = csi_len(gap);
        // A move is at least 6 bytes: shorter than a cursor forward only
        // for a gap of a thousand or more.
        let jump = if forward < 6 {
            forward
        } else {
            forward.min(move_len(x, y))
        };
        let from = usize::from(nx - x0);
        // A cell is at least a byte: a longer gap is jumped.
        if gap <= jump {
            let cells = &n[from..i];
            let target = n[i].look();
            let (mut now, mut next, mut bytes) = (true, true, 0);
            for c in cells {
                now &= c.shows_in(self.now);
                next &= c.shows_in(target);
                bytes += c.narrow_char().map_or(jump + 1, char::len_utf8);
            }
            if (now || next) && bytes <= jump {
                if !now {
                    self.change_compact(target);
                }
                self.put_run(cells);
                self.next = Some((x, y));
                return;
            }
        }
        if forward < move_len(x, y) {
            csi(self.w, gap, b'C');
            self.next = Some((x, y));
            return;
        }
        self.go(x, y);
    }

    /// The runs of changed cells of row `y`, in order.
    fn row(&mut self, grid: &Grid, y: u16, runs: &[(u16, &[Cell])]) {
        let mut plan = std::mem::take(&mut self.plan);
        erases(grid, y, runs, &mut plan);
        if plan.is_empty() {
            for &(x, cells) in runs {
                self.run(x, y, grid, cells);
            }
        } else {
            self.row_with_erases(grid, y, runs, &plan);
        }
        self.plan = plan;
    }

    /// Cells of `grid` from (`x`, `y`) rightwards, all written.
    fn run(&mut self, x: u16, y: u16, grid: &Grid, cells: &[Cell]) {
        self.approach(x, y, grid);
        self.w.reserve(cells.len() * 4);
        let mut narrow = true;
        for cell in cells {
            narrow &= self.put(grid, cell);
        }
        let n = u16::try_from(cells.len()).unwrap_or(u16::MAX);
        self.next = Some((x.wrapping_add(n), y));
        // Known only if it was at the start and every cell is narrow.
        self.exact &= narrow;
    }

    /// Writes `cell`, a cell of `grid`, where the cursor is, changing the
    /// look in one `SGR`; whether it is one narrow character.
    #[inline(always)]
    fn put(&mut self, grid: &Grid, cell: &Cell) -> bool {
        if !cell.shows_in(self.now) {
            self.change_compact(cell.look());
        }
        match cell.narrow_char() {
            Some(ch) => {
                Symbol::Char(ch).push_to(self.w);
                true
            }
            None => {
                grid.symbol(cell).push_to(self.w);
                false
            }
        }
    }

    /// [`Encoder::row`] with the stretches of `plan` erased.
    fn row_with_erases(&mut self, grid: &Grid, y: u16, runs: &[(u16, &[Cell])], plan: &[Erase]) {
        let mut plan = plan.iter().peekable();
        // Columns before this one are erased.
        let mut erased_until = 0;
        for &(x, cells) in runs {
            self.w.reserve(cells.len() * 4);
            for (i, cell) in cells.iter().enumerate() {
                let c = x.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
                if c < erased_until {
                    continue;
                }
                if let Some(erase) = plan.next_if(|e| e.from == c) {
                    self.approach(c, y, grid);
                    self.erase(c, y, usize::from(erase.until - c), erase.to_edge);
                    erased_until = erase.until;
                    continue;
                }
                if self.next != Some((c, y)) {
                    self.approach(c, y, grid);
                }
                let narrow = self.put(grid, cell);
                self.exact &= narrow;
                self.next = Some((c.wrapping_add(1), y));
            }
        }
    }

    /// Puts the cursor at (`x`, `y`): by writing the cells of `grid`
    /// between where it is and there when they are few, narrow, in the
    /// look in force and no more bytes than a move; else by a cursor
    /// forward or a move, whichever is shorter.
    fn approach(&mut self, x: u16, y: u16, grid: &Grid) {
        let Some((nx, ny)) = self.next.filter(|_| self.exact) else {
            return self.go(x, y);
        };
        if ny != y || nx >= x {
            return self.go(x, y);
        }
        let gap = x - nx;
        if gap <= MAX_BRIDGE {
            let start = grid.index_of(nx, y);
            let cells = &grid.cells()[start..start + usize::from(gap)];
            let mut bytes = 0;
            let over = cells.iter().all(|c| match c.narrow_char() {
                Some(ch) if c.is_plain_narrow() && c.shows_in(self.now) => {
                    bytes += ch.len_utf8();
                    true
                }
                _ => false,
            });
            if over && bytes <= move_len(x, y).min(csi_len(usize::from(gap))) {
                self.put_run(cells);
                self.next = Some((x, y));
                return;
            }
        }
        if csi_len(usize::from(gap)) < move_len(x, y) {
            csi(self.w, usize::from(gap), b'C');
            self.next = Some((x, y));
            return;
        }
        self.go(x, y);
    }
}

/// The end of the unchanged cells of a row from `i` (`n[i] == p[i]`, the
/// cursor there, `n[i - 1]` just written, `now` the look in force) when
/// they are written over rather than jumped (as [`Encoder::reach`] would):
/// a changed cell follows them, and they show as they are in `now`
/// ([`Cell::shows_in`]), hold no two blanks in a row (the start of a
/// stretch that may be erased) and are no more bytes than a cursor
/// forward.
#[inline]
fn short_gap(n: &[Cell], p: &[Cell], i: usize, now: Look) -> Option<usize> {
    // A cursor forward over fewer than ten cells is four bytes.
    const FORWARD: usize = 4;
    let mut bytes = 0;
    let (n, p) = (n.get(i..i + FORWARD + 1)?, p.get(i..i + FORWARD + 1)?);
    for (k, (c, shown)) in n.iter().zip(p).enumerate() {
        if c != shown {
            return Some(i + k);
        }
        bytes += c.narrow_char().map_or(FORWARD + 1, char::len_utf8);
        // Two blanks may begin a stretch worth erasing: not written over.
        let blanks = c.is_blank() && n.get(k + 1).is_some_and(Cell::is_blank);
        if bytes > FORWARD || blanks || !c.shows_in(now) {
            return None;
        }
    }
    None
}

/// `SGR` without a parameter: back to the default look.
const RESET: &[u8] = b"\x1b[m";

/// Column `i` of a row that starts at column `x0`: within the screen.
fn column(x0: u16, i: usize) -> u16 {
    x0.saturating_add(u16::try_from(i).unwrap_or(u16::MAX))
}

/// The parameters of one `SGR` sequence, written as they come.
struct Sgr<'w> {
    w: &'w mut Vec<u8>,
    first: bool,
    /// Parameters written in the sequence open.
    params: usize,
}

/// The most parameters in one `SGR`, about: the Linux console keeps 16 (a
/// colour takes up to five).
const MAX_SGR_PARAMS: usize = 11;

impl Sgr<'_> {
    fn param(&mut self, p: &[u8]) {
        let sep: &[u8] = if self.first {
            b"\x1b["
        } else if self.params >= MAX_SGR_PARAMS {
            self.params = 0;
            b"m\x1b["
        } else {
            b";"
        };
        self.w.extend_from_slice(sep);
        self.w.extend_from_slice(p);
        self.params += p.iter().filter(|b| **b == b';').count() + 1;
        self.first = false;
    }
}

//! A frame's cells, compact: what ratatui's `Buffer` holds, with each
//! cell's symbol kept as one `char`, or, for the rare symbol that is not
//! one character, as an index into the grid's own list of symbols.
//!
//! In ratatui's buffer a cell's symbol is a small string: writing a
//! character builds one, reading it back takes a branch and comparing two
//! cells compares strings, and those costs were most of a navigation
//! keystroke. Here writing a cell is a store and comparing two is a
//! compare of a few words. The browser draws into a grid; a grid copies
//! into a ratatui buffer cell for cell ([`Grid::copy_to`], which is how
//! the `TestBackend` tests see frames), and what ratatui's widgets draw is
//! drawn through a scratch buffer ([`Grid::render`]), so every cell means
//! exactly what it would in ratatui's buffer.

use ratatui::buffer::{Buffer, Cell as RatatuiCell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

/// Symbol values from here on are indices into [`Grid::long`] (one past
/// the last `char`).
const LONG: u32 = 0x11_0000;

/// One cell. Its symbol means something only with the grid it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    sym: u32,
    pub fg: Color,
    pub bg: Color,
    pub underline_color: Color,
    pub modifier: Modifier,
    pub diff_option: CellDiffOption,
    /// Ratatui's deprecated skip flag, kept so that a cell copies back
    /// unchanged.
    pub skip: bool,
}

impl Cell {
    /// A blank cell: a space in the terminal's default colours, as
    /// ratatui's `Cell::EMPTY` shows.
    pub const EMPTY: Cell = Cell {
        sym: ' ' as u32,
        fg: Color::Reset,
        bg: Color::Reset,
        underline_color: Color::Reset,
        modifier: Modifier::empty(),
        diff_option: CellDiffOption::None,
        skip: false,
    };

    /// The symbol, when it is one character.
    #[inline]
    pub fn char(&self) -> Option<char> {
        if self.sym < LONG {
            char::from_u32(self.sym)
        } else {
            None
        }
    }

    /// Writes `c` with `style` applied as ratatui's
    /// `cell.set_char(c).set_style(style)` does.
    #[inline]
    pub fn put(&mut self, c: char, style: Style) {
        self.sym = u32::from(c);
        self.set_style(style);
    }

    /// Ratatui's `Cell::set_style`: colours that `style` sets replace the
    /// cell's, its modifiers are added and removed.
    #[inline]
    pub fn set_style(&mut self, style: Style) {
        if let Some(c) = style.fg {
            self.fg = c;
        }
        if let Some(c) = style.bg {
            self.bg = c;
        }
        if let Some(c) = style.underline_color {
            self.underline_color = c;
        }
        self.modifier.insert(style.add_modifier);
        self.modifier.remove(style.sub_modifier);
    }

    /// Whether everything but the symbol is the same.
    #[inline]
    fn same_look(&self, other: &Cell) -> bool {
        Cell { sym: 0, ..*self } == Cell { sym: 0, ..*other }
    }
}

/// A symbol as written to the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol<'a> {
    Char(char),
    Str(&'a str),
}

impl Symbol<'_> {
    /// Appends the symbol's UTF-8 bytes.
    #[inline]
    pub fn push_to(self, out: &mut Vec<u8>) {
        match self {
            Symbol::Char(c) if c.is_ascii() => out.push(c as u8),
            Symbol::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Symbol::Str(s) => out.extend_from_slice(s.as_bytes()),
        }
    }

    /// Calls `f` with the symbol as a string.
    pub fn with_str<T>(self, f: impl FnOnce(&str) -> T) -> T {
        match self {
            Symbol::Char(c) => f(c.encode_utf8(&mut [0; 4])),
            Symbol::Str(s) => f(s),
        }
    }
}

/// The cells of an area, row by row.
#[derive(Debug, Clone)]
pub struct Grid {
    area: Rect,
    cells: Vec<Cell>,
    /// Symbols that are not one character; cleared with the grid.
    long: Vec<Box<str>>,
}

impl Grid {
    /// A blank grid over `area`.
    pub fn new(area: Rect) -> Grid {
        Grid {
            area,
            cells: vec![Cell::EMPTY; area.area() as usize],
            long: Vec::new(),
        }
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Makes every cell blank.
    pub fn reset(&mut self) {
        self.cells.fill(Cell::EMPTY);
        self.long.clear();
    }

    /// Index of the cell at (`x`, `y`), which must be inside the area.
    #[inline]
    pub fn index_of(&self, x: u16, y: u16) -> usize {
        usize::from(y - self.area.y) * usize::from(self.area.width) + usize::from(x - self.area.x)
    }

    /// The cells of row `y` from column `x` up to column `right`
    /// (excluded), cut to the area; nothing when (`x`, `y`) is outside it.
    #[inline]
    pub fn row(&mut self, x: u16, y: u16, right: u16) -> &mut [Cell] {
        if !self.area.contains((x, y).into()) {
            return &mut [];
        }
        let start = self.index_of(x, y);
        let end = start + usize::from(right.min(self.area.right()).saturating_sub(x));
        &mut self.cells[start..end]
    }

    /// The cell at (`x`, `y`), if inside the area.
    pub fn get_mut(&mut self, x: u16, y: u16) -> Option<&mut Cell> {
        if self.area.contains((x, y).into()) {
            let i = self.index_of(x, y);
            self.cells.get_mut(i)
        } else {
            None
        }
    }

    /// The symbol of `cell`, a cell of this grid.
    #[inline]
    pub fn symbol<'a>(&'a self, cell: &Cell) -> Symbol<'a> {
        match cell.char() {
            Some(c) => Symbol::Char(c),
            None => Symbol::Str(self.long.get((cell.sym - LONG) as usize).map_or("", |s| s)),
        }
    }

    /// Sets `cell`'s symbol to `symbol`, as ratatui's `set_symbol`.
    fn set_symbol(long: &mut Vec<Box<str>>, cell: &mut Cell, symbol: &str) {
        let mut chars = symbol.chars();
        cell.sym = match (chars.next(), chars.next()) {
            (Some(c), None) => u32::from(c),
            _ => {
                long.push(symbol.into());
                // The list holds at most one symbol a cell written since
                // the last reset; far below `u32::MAX - LONG`.
                LONG + u32::try_from(long.len() - 1).unwrap_or(u32::MAX - LONG)
            }
        };
    }

    /// Sets the cell at (`x`, `y`), if inside, to `symbol` in `style`, as
    /// ratatui's `set_symbol(symbol).set_style(style)`.
    pub fn put_symbol(&mut self, x: u16, y: u16, symbol: &str, style: Style) {
        if self.area.contains((x, y).into()) {
            let i = self.index_of(x, y);
            let cell = &mut self.cells[i];
            Grid::set_symbol(&mut self.long, cell, symbol);
            cell.set_style(style);
        }
    }

    /// Ratatui's `Buffer::set_style`: `style` applied to every cell of
    /// `area` inside the grid.
    pub fn set_style(&mut self, area: Rect, style: Style) {
        let area = self.area.intersection(area);
        for y in area.top()..area.bottom() {
            let start = self.index_of(area.x, y);
            for cell in &mut self.cells[start..start + usize::from(area.width)] {
                cell.set_style(style);
            }
        }
    }

    /// Draws into `area` (cut to the grid) what `draw` draws into a
    /// ratatui buffer of that area holding the grid's cells there: for
    /// ratatui's widgets and the text the fast paths leave to ratatui.
    pub fn render(&mut self, area: Rect, draw: impl FnOnce(Rect, &mut Buffer)) {
        let area = self.area.intersection(area);
        if area.is_empty() {
            return;
        }
        let mut scratch = Buffer::empty(area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                scratch[(x, y)] = self.ratatui_cell(&self.cells[self.index_of(x, y)]);
            }
        }
        draw(area, &mut scratch);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let i = self.index_of(x, y);
                self.cells[i] = self.import(&scratch[(x, y)]);
            }
        }
    }

    /// `cell`, a cell of this grid, as a ratatui cell.
    pub fn ratatui_cell(&self, cell: &Cell) -> RatatuiCell {
        let mut out = RatatuiCell::EMPTY;
        self.symbol(cell).with_str(|s| out.set_symbol(s));
        out.fg = cell.fg;
        out.bg = cell.bg;
        out.underline_color = cell.underline_color;
        out.modifier = cell.modifier;
        out.diff_option = cell.diff_option;
        #[allow(deprecated)]
        {
            out.skip = cell.skip;
        }
        out
    }

    /// A ratatui cell as a cell of this grid.
    fn import(&mut self, cell: &RatatuiCell) -> Cell {
        let mut out = Cell {
            sym: 0,
            fg: cell.fg,
            bg: cell.bg,
            underline_color: cell.underline_color,
            modifier: cell.modifier,
            diff_option: cell.diff_option,
            #[allow(deprecated)]
            skip: cell.skip,
        };
        Grid::set_symbol(&mut self.long, &mut out, cell.symbol());
        out
    }

    /// Copies the grid's cells into `buf`, where their areas meet.
    pub fn copy_to(&self, buf: &mut Buffer) {
        let area = self.area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                buf[(x, y)] = self.ratatui_cell(&self.cells[self.index_of(x, y)]);
            }
        }
    }

    /// A grid holding `buf`'s cells.
    pub fn from_buffer(buf: &Buffer) -> Grid {
        let mut grid = Grid::new(buf.area);
        for (i, cell) in buf.content.iter().enumerate() {
            grid.cells[i] = grid.import(cell);
        }
        grid
    }

    /// Whether cell `i` of this grid and cell `j` of `other` are equal as
    /// ratatui cells are.
    #[inline]
    pub fn same(&self, i: usize, other: &Grid, j: usize) -> bool {
        let (a, b) = (&self.cells[i], &other.cells[j]);
        if a == b && a.sym < LONG {
            return true;
        }
        a.same_look(b) && self.same_symbol(i, other, j)
    }

    /// Whether cell `i` of this grid and cell `j` of `other` have the same
    /// symbol.
    #[inline]
    pub fn same_symbol(&self, i: usize, other: &Grid, j: usize) -> bool {
        let (a, b) = (&self.cells[i], &other.cells[j]);
        match (a.sym < LONG, b.sym < LONG) {
            (true, true) => a.sym == b.sym,
            // A long symbol is never one character.
            (true, false) | (false, true) => false,
            (false, false) => self.symbol(a) == other.symbol(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Widget};

    use super::*;

    #[test]
    fn a_buffer_copies_through_a_grid_unchanged() {
        let mut buf = Buffer::with_lines(["Việt 漢字 ok", "e\u{301}\u{323} x"]);
        buf[(1, 1)].set_symbol("");
        buf[(2, 1)].set_style(
            Style::new()
                .fg(Color::Rgb(1, 2, 3))
                .underline_color(Color::Red)
                .add_modifier(Modifier::BOLD),
        );
        buf[(3, 1)].set_diff_option(CellDiffOption::Skip);
        let grid = Grid::from_buffer(&buf);
        let mut back = Buffer::empty(buf.area);
        grid.copy_to(&mut back);
        assert_eq!(back, buf);
        assert_eq!(grid.symbol(&grid.cells[0]), Symbol::Char('V'));
        assert_eq!(grid.symbol(&grid.cells[12]), Symbol::Str("e\u{301}\u{323}"));
        assert_eq!(grid.symbol(&grid.cells[13]), Symbol::Str(""));
    }

    #[test]
    fn widgets_draw_as_into_a_buffer() {
        let mut buf = Buffer::with_lines(["x".repeat(12), "y".repeat(12), "z".repeat(12)]);
        buf.set_style(Rect::new(0, 0, 3, 3), Style::new().fg(Color::Green));
        let mut grid = Grid::from_buffer(&buf);
        let area = Rect::new(2, 0, 9, 3);
        let block = Block::bordered().title(Line::from(" Cây "));
        grid.render(area, |a, b| block.clone().render(a, b));
        grid.set_style(Rect::new(1, 1, 20, 1), Style::new().reversed());
        block.render(area, &mut buf);
        buf.set_style(Rect::new(1, 1, 20, 1), Style::new().reversed());
        let mut back = Buffer::empty(buf.area);
        grid.copy_to(&mut back);
        assert_eq!(back, buf);
    }

    #[test]
    fn cells_compare_as_ratatuis_do() {
        let buf = Buffer::with_lines(["ab漢e\u{301}", "ab漢e\u{301}"]);
        let mut other = buf.clone();
        other[(0, 1)].set_char('x');
        other[(4, 1)].set_symbol("o\u{301}");
        other[(1, 1)].set_style(Style::new().bold());
        let (g, h) = (Grid::from_buffer(&buf), Grid::from_buffer(&other));
        for i in 0..buf.content.len() {
            for j in 0..buf.content.len() {
                assert_eq!(
                    g.same(i, &h, j),
                    buf.content[i] == other.content[j],
                    "{i} {j}"
                );
            }
        }
    }
}

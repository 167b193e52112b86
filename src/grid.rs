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

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, Cell as RatatuiCell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::text::is_simple;

/// Modifiers that show on a blank cell.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// Symbol values from here on are indices into [`Grid::long`] (one past
/// the last `char`).
const LONG: u32 = 0x11_0000;

// The layout of [`Cell::bits`].
const MODIFIER: u32 = 0x0FFF;
const SKIP: u32 = 1 << 12;
const OPTION_SHIFT: u32 = 13;
const OPTION: u32 = 0b11 << OPTION_SHIFT;
/// The symbol is one character one cell wide: a value of the symbol, so
/// equal cells agree on it.
const NARROW: u32 = 1 << 15;
const FORCED_SHIFT: u32 = 16;

/// One cell: its symbol, colours and the rest packed into plain integers,
/// so that comparing two cells is comparing five words. Its symbol means
/// something only with the grid it is in.
#[derive(Debug, Clone, Copy, Eq)]
pub struct Cell {
    sym: u32,
    fg: u32,
    bg: u32,
    underline: u32,
    /// Modifiers, skip flag, diff option, [`NARROW`] and forced width.
    bits: u32,
}

impl PartialEq for Cell {
    /// All words at once, without a branch per field: most cells of a
    /// frame are compared.
    #[inline(always)]
    fn eq(&self, other: &Cell) -> bool {
        self.differences(other) == 0
    }
}

/// A colour as one integer: 0 for `Reset`, 1 to 16 for the named colours,
/// then `Rgb` and `Indexed` tagged in the top byte.
const fn pack(color: Color) -> u32 {
    match color {
        Color::Reset => 0,
        Color::Black => 1,
        Color::Red => 2,
        Color::Green => 3,
        Color::Yellow => 4,
        Color::Blue => 5,
        Color::Magenta => 6,
        Color::Cyan => 7,
        Color::Gray => 8,
        Color::DarkGray => 9,
        Color::LightRed => 10,
        Color::LightGreen => 11,
        Color::LightYellow => 12,
        Color::LightBlue => 13,
        Color::LightMagenta => 14,
        Color::LightCyan => 15,
        Color::White => 16,
        Color::Rgb(r, g, b) => 1 << 24 | (r as u32) << 16 | (g as u32) << 8 | b as u32,
        Color::Indexed(i) => 2 << 24 | i as u32,
    }
}

/// The colour [`pack`] packed into `v`.
const fn unpack(v: u32) -> Color {
    const NAMED: [Color; 17] = [
        Color::Reset,
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    let [tag, r, g, b] = v.to_be_bytes();
    match tag {
        1 => Color::Rgb(r, g, b),
        2 => Color::Indexed(b),
        _ if (v as usize) < NAMED.len() => NAMED[v as usize],
        _ => Color::Reset,
    }
}

/// Whether `sym` is a character that is one cell wide for ratatui.
#[inline]
fn narrow(sym: u32) -> bool {
    char::from_u32(sym).is_some_and(is_simple)
}

/// A cell's colours and modifiers, packed.
#[derive(Debug, Clone, Copy, Eq)]
pub struct Look {
    fg: u32,
    bg: u32,
    underline: u32,
    modifier: u32,
}

impl PartialEq for Look {
    #[inline(always)]
    fn eq(&self, other: &Look) -> bool {
        ((self.fg ^ other.fg)
            | (self.bg ^ other.bg)
            | (self.underline ^ other.underline)
            | (self.modifier ^ other.modifier))
            == 0
    }
}

impl Look {
    /// The terminal's default colours, no modifiers.
    pub const DEFAULT: Look = Look {
        fg: 0,
        bg: 0,
        underline: 0,
        modifier: 0,
    };

    pub fn new(fg: Color, bg: Color, underline: Color, modifier: Modifier) -> Look {
        Look {
            fg: pack(fg),
            bg: pack(bg),
            underline: pack(underline),
            modifier: u32::from(modifier.bits()) & MODIFIER,
        }
    }

    /// How many colours [`Look::fg_index`] numbers.
    pub const NAMED: usize = 17;

    /// Colour `i` of those [`Look::fg_index`] numbers (`Reset` past them).
    pub fn named(i: usize) -> Color {
        u32::try_from(i).map_or(Color::Reset, unpack)
    }

    /// The foreground as a number below [`Look::NAMED`]: `Reset` or a
    /// named colour; `None` for others.
    #[inline]
    pub fn fg_index(&self) -> Option<usize> {
        ((self.fg as usize) < Look::NAMED).then_some(self.fg as usize)
    }

    /// [`Look::fg_index`] for the background.
    #[inline]
    pub fn bg_index(&self) -> Option<usize> {
        ((self.bg as usize) < Look::NAMED).then_some(self.bg as usize)
    }

    pub fn fg(&self) -> Color {
        unpack(self.fg)
    }

    pub fn bg(&self) -> Color {
        unpack(self.bg)
    }

    pub fn underline(&self) -> Color {
        unpack(self.underline)
    }

    pub fn modifier(&self) -> Modifier {
        Modifier::from_bits_truncate(self.modifier as u16)
    }

    #[inline]
    pub fn same_modifier(&self, other: &Look) -> bool {
        self.modifier == other.modifier
    }

    #[inline]
    pub fn same_fg(&self, other: &Look) -> bool {
        self.fg == other.fg
    }

    #[inline]
    pub fn same_bg(&self, other: &Look) -> bool {
        self.bg == other.bg
    }

    /// Whether foreground and background are those of `other`.
    #[inline]
    pub fn same_colors(&self, other: &Look) -> bool {
        self.fg == other.fg && self.bg == other.bg
    }

    #[inline]
    pub fn same_underline(&self, other: &Look) -> bool {
        self.underline == other.underline
    }

    /// Whether a space shows the same in this look as in `other`: the
    /// same background, and neither draws on a blank (reversed,
    /// underlined, blinking or crossed-out; then only the same look
    /// does). The foreground, bold, dim, italic and hidden do not show on
    /// a space.
    #[inline]
    pub fn same_on_blank(&self, other: &Look) -> bool {
        let visible = u32::from(VISIBLE_ON_BLANK.bits());
        self == other || (self.bg == other.bg && (self.modifier | other.modifier) & visible == 0)
    }
}

/// A [`Style`] ready to apply to many cells.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    fg: Option<u32>,
    bg: Option<u32>,
    underline: Option<u32>,
    add: u32,
    sub: u32,
}

impl From<Style> for Pen {
    fn from(style: Style) -> Pen {
        Pen {
            fg: style.fg.map(pack),
            bg: style.bg.map(pack),
            underline: style.underline_color.map(pack),
            add: u32::from(style.add_modifier.bits()) & MODIFIER,
            sub: u32::from(style.sub_modifier.bits()) & MODIFIER,
        }
    }
}

impl Cell {
    /// A blank cell: a space in the terminal's default colours, as
    /// ratatui's `Cell::EMPTY` shows.
    pub const EMPTY: Cell = Cell {
        sym: ' ' as u32,
        fg: 0,
        bg: 0,
        underline: 0,
        bits: NARROW,
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

    /// The symbol when it is one character one cell wide.
    #[inline(always)]
    pub fn narrow_char(&self) -> Option<char> {
        if self.bits & NARROW != 0 {
            // A narrow symbol is a character: see `narrow` and `put`.
            char::from_u32(self.sym)
        } else {
            None
        }
    }

    /// Whether the symbol is one character one cell wide.
    #[inline]
    pub fn is_narrow(&self) -> bool {
        self.bits & NARROW != 0
    }

    /// Whether the symbol is one character one cell wide, and the cell
    /// has neither a diff option nor the skip flag.
    #[inline]
    pub fn is_plain_narrow(&self) -> bool {
        self.bits & (NARROW | SKIP | OPTION) == NARROW
    }

    /// The bits in which the two cells' words differ, all words ORed:
    /// zero when the cells are equal.
    #[inline(always)]
    fn differences(&self, other: &Cell) -> u32 {
        (self.sym ^ other.sym)
            | (self.fg ^ other.fg)
            | (self.bg ^ other.bg)
            | (self.underline ^ other.underline)
            | (self.bits ^ other.bits)
    }

    /// `self == other && self.is_plain_narrow()`, in one test: the diff's
    /// test of an unchanged cell.
    #[inline(always)]
    pub fn same_plain_narrow(&self, other: &Cell) -> bool {
        (self.differences(other) | ((self.bits & (NARROW | SKIP | OPTION)) ^ NARROW)) == 0
    }

    /// Whether both are [`Cell::is_plain_narrow`], in one test.
    #[inline(always)]
    pub fn both_plain_narrow(&self, other: &Cell) -> bool {
        (((self.bits | other.bits) & (SKIP | OPTION)) | (!(self.bits & other.bits) & NARROW)) == 0
    }

    /// Whether every one of `cells` is [`Cell::is_plain_narrow`]: their
    /// flags gathered, and one test.
    #[inline]
    pub fn all_plain_narrow<'a>(cells: impl Iterator<Item = &'a Cell>) -> bool {
        let (any, all) = cells.fold((0, u32::MAX), |(any, all), c| (any | c.bits, all & c.bits));
        any & (SKIP | OPTION) == 0 && all & NARROW != 0
    }

    /// `self != other` and both are [`Cell::is_plain_narrow`], in one
    /// test: the diff's test of a cell that goes on a run of changed ones.
    #[inline(always)]
    pub fn changed_plain_narrow(&self, other: &Cell) -> bool {
        self.both_plain_narrow(other) && *self != *other
    }

    /// Whether the cell shows as a default blank: a space with no
    /// background and no modifier that draws on a blank (the foreground,
    /// bold, dim, italic and hidden do not show on a space).
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.sym == u32::from(' ')
            && self.bg == 0
            && self.bits & (SKIP | OPTION | u32::from(VISIBLE_ON_BLANK.bits())) == 0
    }

    /// Whether the cell shows as it is when written in `look`: it is in
    /// that look, or it is a plain space and a space shows the same in
    /// both ([`Look::same_on_blank`]).
    #[inline]
    pub fn shows_in(&self, look: Look) -> bool {
        let own = self.look();
        own == look
            || (self.sym == u32::from(' ')
                && self.bits & (SKIP | OPTION) == 0
                && own.same_on_blank(&look))
    }

    /// Colours and modifiers.
    #[inline]
    pub fn look(&self) -> Look {
        Look {
            fg: self.fg,
            bg: self.bg,
            underline: self.underline,
            modifier: self.bits & MODIFIER,
        }
    }

    pub fn fg(&self) -> Color {
        unpack(self.fg)
    }

    pub fn bg(&self) -> Color {
        unpack(self.bg)
    }

    pub fn underline_color(&self) -> Color {
        unpack(self.underline)
    }

    pub fn modifier(&self) -> Modifier {
        Modifier::from_bits_truncate((self.bits & MODIFIER) as u16)
    }

    /// Whether a blank in this cell's look shows (a background colour, or
    /// a modifier that draws on blanks), as ratatui's diff decides when a
    /// wide character narrows.
    #[inline]
    pub fn shows_on_blank(&self) -> bool {
        self.bg != 0 || self.bits & u32::from(VISIBLE_ON_BLANK.bits()) != 0
    }

    /// Ratatui's deprecated skip flag.
    pub fn skip(&self) -> bool {
        self.bits & SKIP != 0
    }

    pub fn diff_option(&self) -> CellDiffOption {
        match (self.bits & OPTION) >> OPTION_SHIFT {
            1 => CellDiffOption::Skip,
            2 => CellDiffOption::AlwaysUpdate,
            3 => NonZeroU16::new((self.bits >> FORCED_SHIFT) as u16)
                .map_or(CellDiffOption::None, CellDiffOption::ForcedWidth),
            _ => CellDiffOption::None,
        }
    }

    fn set_sym(&mut self, sym: u32) {
        self.sym = sym;
        if narrow(sym) {
            self.bits |= NARROW;
        } else {
            self.bits &= !NARROW;
        }
    }

    /// Writes the simple character `c` with `pen`, as ratatui's
    /// `cell.set_char(c).set_style(style)` does.
    #[inline]
    pub fn put(&mut self, c: char, pen: &Pen) {
        debug_assert!(is_simple(c));
        self.sym = u32::from(c);
        self.bits |= NARROW;
        self.apply(pen);
    }

    /// Ratatui's `Cell::set_style`: colours that the style sets replace
    /// the cell's, its modifiers are added and removed.
    #[inline]
    pub fn apply(&mut self, pen: &Pen) {
        if let Some(c) = pen.fg {
            self.fg = c;
        }
        if let Some(c) = pen.bg {
            self.bg = c;
        }
        if let Some(c) = pen.underline {
            self.underline = c;
        }
        self.bits = (self.bits | pen.add) & !pen.sub;
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
    #[inline(always)]
    pub fn push_to(self, out: &mut Vec<u8>) {
        // UTF-8 by hand: a copy of two or three bytes is a call.
        match self {
            Symbol::Char(c) => {
                let u = u32::from(c);
                if u < 0x80 {
                    out.push(u as u8);
                } else if u < 0x800 {
                    out.push(0xC0 | (u >> 6) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                } else if u < 0x1_0000 {
                    out.push(0xE0 | (u >> 12) as u8);
                    out.push(0x80 | ((u >> 6) & 0x3F) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                } else {
                    out.push(0xF0 | (u >> 18) as u8);
                    out.push(0x80 | ((u >> 12) & 0x3F) as u8);
                    out.push(0x80 | ((u >> 6) & 0x3F) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                }
            }
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
    #[inline]
    fn set_symbol(long: &mut Vec<Box<str>>, cell: &mut Cell, symbol: &str) {
        let mut chars = symbol.chars();
        let sym = match (chars.next(), chars.next()) {
            (Some(c), None) => u32::from(c),
            _ => {
                long.push(symbol.into());
                // The list holds at most one symbol a cell written since
                // the last reset; far below `u32::MAX - LONG`.
                LONG + u32::try_from(long.len() - 1).unwrap_or(u32::MAX - LONG)
            }
        };
        cell.set_sym(sym);
    }

    /// Ratatui's `Buffer::set_style`: `style` applied to every cell of
    /// `area` inside the grid.
    pub fn set_style(&mut self, area: Rect, style: Style) {
        let area = self.area.intersection(area);
        if area.is_empty() {
            // An area beside the grid meets it in no cell.
            return;
        }
        let pen = Pen::from(style);
        for y in area.top()..area.bottom() {
            let start = self.index_of(area.x, y);
            for cell in &mut self.cells[start..start + usize::from(area.width)] {
                cell.apply(&pen);
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
        out.fg = cell.fg();
        out.bg = cell.bg();
        out.underline_color = cell.underline_color();
        out.modifier = cell.modifier();
        out.diff_option = cell.diff_option();
        #[allow(deprecated)]
        {
            out.skip = cell.skip();
        }
        out
    }

    /// A ratatui cell as a cell of this grid.
    fn import(&mut self, cell: &RatatuiCell) -> Cell {
        let (option, forced) = match cell.diff_option {
            CellDiffOption::None => (0, 0),
            CellDiffOption::Skip => (1, 0),
            CellDiffOption::AlwaysUpdate => (2, 0),
            CellDiffOption::ForcedWidth(w) => (3, u32::from(w.get())),
        };
        #[allow(deprecated)]
        let skip = if cell.skip { SKIP } else { 0 };
        let mut out = Cell {
            sym: 0,
            fg: pack(cell.fg),
            bg: pack(cell.bg),
            underline: pack(cell.underline_color),
            bits: (u32::from(cell.modifier.bits()) & MODIFIER)
                | skip
                | option << OPTION_SHIFT
                | forced << FORCED_SHIFT,
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
        if a.sym < LONG || b.sym < LONG {
            // A long symbol is never one character: equal symbols are
            // equal values.
            return a == b;
        }
        a.same_look(b) && self.symbol(a) == other.symbol(b)
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
    fn symbols_are_written_as_utf8() {
        for c in [
            'a',
            '\u{7f}',
            '\u{80}',
            'ệ',
            'Đ',
            '\u{7ff}',
            '\u{800}',
            '漢',
            '\u{ffff}',
            '\u{10000}',
            '😀',
            char::MAX,
        ] {
            let mut out = Vec::new();
            Symbol::Char(c).push_to(&mut out);
            assert_eq!(out, c.to_string().into_bytes(), "{c:?}");
        }
    }

    #[test]
    fn colours_pack_and_unpack() {
        let mut colors: Vec<Color> = (0..=16).map(unpack).collect();
        colors.extend([
            Color::Rgb(0, 0, 0),
            Color::Rgb(255, 1, 2),
            Color::Indexed(0),
            Color::Indexed(255),
        ]);
        for (i, c) in colors.iter().enumerate() {
            assert_eq!(unpack(pack(*c)), *c);
            assert!(colors[..i].iter().all(|d| pack(*d) != pack(*c)), "{c:?}");
        }
        assert_eq!(colors[16], Color::White);
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

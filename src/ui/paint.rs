//! Writing lines into the grid: the very cells ratatui's `Line::render`
//! writes, without its grapheme segmentation and width lookups, for lines
//! whose characters are all [`text::is_simple`] (one character, one cell).
//! Other lines go through ratatui unchanged. Every line of the screen is
//! drawn on every frame, so this is most of the drawing.

use std::borrow::Cow;

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::text;
use crate::grid::{Cell, Grid, Pen};

/// Draws `line` into the first row of `area`, as `line.render(area, buf)`
/// does.
pub fn line(line: &Line<'_>, area: Rect, grid: &mut Grid) {
    if !simple_line(line, area, grid) {
        grid.render(area, |a, b| line.render(a, b));
    }
}

/// [`line`] for simple lines; `false`, having drawn nothing, for others.
/// A left-aligned line is checked as it is written: at its first
/// character that is not simple, ratatui draws the line over the cells
/// written so far, and writes them the same. Characters after the last
/// cell are not looked at, but for the first one.
fn simple_line(line: &Line<'_>, area: Rect, grid: &mut Grid) -> bool {
    let area = area.intersection(grid.area());
    if area.is_empty() || line.spans.iter().all(|s| s.content.is_empty()) {
        return true;
    }
    let room = usize::from(area.width);
    // ratatui cuts an aligned line that does not fit on the left; leave
    // that to it.
    let indent = match line.alignment {
        None | Some(Alignment::Left) => 0,
        Some(alignment) => {
            let width: Option<usize> = line
                .spans
                .iter()
                .map(|s| text::simple_width(&s.content))
                .sum();
            match width {
                Some(w) if w <= room && alignment == Alignment::Center => (room - w) / 2,
                Some(w) if w <= room => room - w,
                _ => return false,
            }
        }
    };
    // The row's cells from the first one written to the area's right
    // edge, in order.
    let x = area
        .x
        .saturating_add(u16::try_from(indent).unwrap_or(u16::MAX));
    if line.style != Style::default() {
        grid.set_style(Rect { height: 1, ..area }, line.style);
    }
    let mut cells = grid.row(x, area.y, area.right()).iter_mut();
    for span in &line.spans {
        let pen = Pen::from(span.style);
        for c in span.content.chars() {
            // A character that is not simple may join the one before
            // it, even past the edge.
            if !text::is_simple(c) {
                grid.render(area, |a, b| line.render(a, b));
                return true;
            }
            let Some(cell) = cells.next() else {
                return true;
            };
            cell.put(c, &pen);
        }
    }
    true
}

/// Where the pieces of a left-aligned, unstyled one-row line go: into a
/// `Vec<Span>` to make the [`Line`] of, or straight into a row of cells
/// ([`RowCells`]), which is what drawing that line does.
pub trait Pieces<'a> {
    fn piece(&mut self, text: Cow<'a, str>, style: Style);

    /// Pushes [`text::truncated`] of `s` to `room` cells as one or two
    /// pieces in `style` and returns its width, when `s` is simple as far
    /// as the cut looks ([`text::simple_cut`]); else pushes nothing and
    /// returns `None`.
    fn cut(&mut self, s: &'a str, room: usize, style: Style) -> Option<usize> {
        let cut = text::simple_cut(s, room)?;
        self.piece(Cow::Borrowed(cut.kept), style);
        if cut.ellipsis {
            self.piece(Cow::Borrowed("…"), style);
        }
        Some(cut.width)
    }
}

impl<'a> Pieces<'a> for Vec<Span<'a>> {
    fn piece(&mut self, text: Cow<'a, str>, style: Style) {
        self.push(Span::styled(text, style));
    }
}

/// The cells of a row that [`line`] would write for the line of the
/// pieces pushed, written as they come: simple characters only. At the
/// first one that is not simple (up to one past the last cell, which may
/// join the one before) it stops and [`RowCells::fell_back`] says so: the
/// caller then draws the line with [`line`], over the cells written so
/// far, as [`line`] itself does.
#[derive(Debug)]
pub struct RowCells<'g> {
    cells: &'g mut [Cell],
    at: usize,
    done: bool,
    fell_back: bool,
}

impl<'g> RowCells<'g> {
    /// Writing from the first of `cells`, the row's cells from the line's
    /// start to the edge of its area.
    pub fn new(cells: &'g mut [Cell]) -> RowCells<'g> {
        RowCells {
            cells,
            at: 0,
            done: false,
            fell_back: false,
        }
    }

    /// Whether a character that is not simple was met: the row is not
    /// finished.
    pub fn fell_back(&self) -> bool {
        self.fell_back
    }
}

impl<'a> Pieces<'a> for RowCells<'_> {
    /// Cuts and writes in one pass over `s`. A character that is not
    /// simple, where the cut looks, is met as [`Pieces::piece`] meets one:
    /// the row falls back (rather than returning `None`, which would push
    /// the cut text after the cells already written).
    fn cut(&mut self, s: &'a str, room: usize, style: Style) -> Option<usize> {
        if self.done {
            let cut = text::simple_cut(s, room)?;
            return Some(cut.width);
        }
        let pen = Pen::from(style);
        let start = self.at;
        let mut seen = 0;
        // `simple_cut` decides once `room + 2` characters are seen.
        for c in s.chars().take(room.saturating_add(2)) {
            if !text::is_simple(c) {
                self.fell_back = true;
                self.done = true;
                return Some(0);
            }
            if seen < room
                && let Some(cell) = self.cells.get_mut(start + seen)
            {
                cell.put(c, &pen);
            }
            seen += 1;
        }
        let width = if seen > room {
            // Cut: the last cell of the room shows the ellipsis.
            if room > 0
                && let Some(cell) = self.cells.get_mut(start + room - 1)
            {
                cell.put('…', &pen);
            }
            room
        } else {
            seen
        };
        self.at = start + width;
        // Past the edge: one more piece would be looked at by its first
        // character only, as [`Pieces::piece`] does at the edge.
        if self.at > self.cells.len() {
            self.done = true;
        }
        Some(width)
    }

    fn piece(&mut self, text: Cow<'a, str>, style: Style) {
        if self.done || text.is_empty() {
            return;
        }
        let pen = Pen::from(style);
        for c in text.chars() {
            if !text::is_simple(c) {
                self.fell_back = true;
                self.done = true;
                return;
            }
            let Some(cell) = self.cells.get_mut(self.at) else {
                self.done = true;
                return;
            };
            cell.put(c, &pen);
            self.at += 1;
        }
    }
}

/// `symbol` when it is one simple character.
fn simple_char(symbol: &str) -> Option<char> {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if text::is_simple(c) => Some(c),
        _ => None,
    }
}

/// `line.width()`, counted without a table for simple text.
fn line_width(line: &Line<'_>) -> usize {
    line.spans
        .iter()
        .map(|s| text::simple_width(&s.content))
        .sum::<Option<usize>>()
        .unwrap_or_else(|| line.width())
}

/// What ratatui's bordered `Block` draws, through ratatui: for areas too
/// small to keep sides and corners apart.
fn ratatui_block(
    grid: &mut Grid,
    area: Rect,
    border_style: Style,
    title: &Line<'_>,
    bottom: Option<&Line<'_>>,
) {
    let mut block = Block::bordered()
        .border_style(border_style)
        .title(title.clone());
    if let Some(b) = bottom {
        block = block.title_bottom(b.clone().right_aligned());
    }
    grid.render(area, |a, b| block.render(a, b));
}

/// Draws what `Block::bordered()` with plain borders in `border_style`,
/// `title` at the top left and `bottom` at the bottom right draws in
/// `area`, border cell by border cell.
pub fn bordered(
    grid: &mut Grid,
    area: Rect,
    border_style: Style,
    title: &Line<'_>,
    bottom: Option<&Line<'_>>,
) {
    let area = area.intersection(grid.area());
    let set = symbols::border::PLAIN;
    let symbols = [
        set.top_left,
        set.horizontal_top,
        set.top_right,
        set.vertical_left,
        set.vertical_right,
        set.bottom_left,
        set.horizontal_bottom,
        set.bottom_right,
    ]
    .map(simple_char);
    let [
        Some(top_left),
        Some(top),
        Some(top_right),
        Some(left_side),
        Some(right_side),
        Some(bottom_left),
        Some(bottom_side),
        Some(bottom_right),
    ] = symbols
    else {
        // Not so for ratatui's plain set; its own drawing knows.
        ratatui_block(grid, area, border_style, title, bottom);
        return;
    };
    if area.width < 2 || area.height < 2 {
        // Sides and corners overlap: ratatui's order decides.
        ratatui_block(grid, area, border_style, title, bottom);
        return;
    }
    let (left, top_y) = (area.x, area.y);
    let (right, bottom_y) = (area.right() - 1, area.bottom() - 1);
    let pen = Pen::from(border_style);
    // A row from `left` to `right`: a corner, a run of one symbol, a
    // corner.
    let mut row = |y: u16, first: char, run: char, last: char| {
        let cells = grid.row(left, y, right + 1);
        let n = cells.len();
        for (i, cell) in cells.iter_mut().enumerate() {
            let c = match i {
                0 => first,
                _ if i + 1 == n => last,
                _ => run,
            };
            cell.put(c, &pen);
        }
    };
    row(top_y, top_left, top, top_right);
    row(bottom_y, bottom_left, bottom_side, bottom_right);
    for y in top_y + 1..bottom_y {
        for (x, c) in [(left, left_side), (right, right_side)] {
            if let Some(cell) = grid.get_mut(x, y) {
                cell.put(c, &pen);
            }
        }
    }
    // Titles go between the corners.
    let inside = Rect::new(left + 1, top_y, area.width - 2, 1);
    let w = u16::try_from(line_width(title)).unwrap_or(u16::MAX);
    line(
        title,
        Rect {
            width: w.min(inside.width),
            ..inside
        },
        grid,
    );
    if let Some(b) = bottom {
        let w = u16::try_from(line_width(b)).unwrap_or(u16::MAX);
        let x = inside.right().saturating_sub(w).max(inside.x);
        let at = Rect::new(x, bottom_y, w.min(inside.width), 1);
        line(&b.clone().right_aligned(), at, grid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::style::{Color, Modifier};

    /// Draws `l` both ways, into areas `width` wide of buffers that
    /// already hold something, and compares.
    fn same(l: &Line<'_>, width: u16) {
        let mut theirs = Buffer::with_lines(["x".repeat(50), "y".repeat(50)]);
        let mut ours = Grid::from_buffer(&theirs);
        for (x, y) in [(0, 0), (1, 1), (3, 0), (48, 1)] {
            let a = Rect::new(x, y, width, 2 - y);
            line(l, a, &mut ours);
            l.render(a, &mut theirs);
        }
        assert_eq!(copied(&ours), theirs, "{l:?} in {width}");
    }

    fn copied(grid: &Grid) -> Buffer {
        let mut buf = Buffer::empty(grid.area());
        grid.copy_to(&mut buf);
        buf
    }

    #[test]
    fn borders_are_ratatuis() {
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let titles = [
            Line::styled(" Cây ", style),
            Line::styled(" a much longer title than the pane ", style),
            Line::from(" 漢字 "),
        ];
        let bottoms = [
            None,
            Some(Line::from(" 1–38/100023 ")),
            Some(Line::from(" 漢字 ")),
        ];
        for title in &titles {
            for bottom in &bottoms {
                for (w, h) in [
                    (0, 0),
                    (1, 1),
                    (1, 5),
                    (5, 1),
                    (2, 2),
                    (8, 3),
                    (20, 6),
                    (60, 10),
                ] {
                    let area = Rect::new(1, 1, w, h);
                    let mut theirs = Buffer::with_lines(vec!["x".repeat(64); 12]);
                    let mut ours = Grid::from_buffer(&theirs);
                    bordered(&mut ours, area, style, title, bottom.as_ref());
                    let mut block = Block::new()
                        .borders(ratatui::widgets::Borders::ALL)
                        .border_style(style)
                        .title(title.clone());
                    if let Some(b) = bottom {
                        block = block.title_bottom(b.clone().right_aligned());
                    }
                    block.render(area, &mut theirs);
                    assert_eq!(copied(&ours), theirs, "{title:?} {bottom:?} {w}x{h}");
                }
            }
        }
    }

    #[test]
    fn draws_what_ratatui_draws() {
        let lines = [
            Line::from("Kết luận số 12-KL/TW"),
            Line::from(vec![
                Span::raw("  "),
                Span::styled("§", Style::new().bold().fg(Color::Cyan)),
                Span::raw(" "),
                Span::styled("I.", Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(""),
                Span::raw("Về “công tác” – xây dựng Đảng…"),
            ]),
            Line::styled(" Cây ", Style::new().reversed()),
            Line::from("1–40/200").right_aligned(),
            Line::from("giữa").centered(),
            Line::from("a rather long line that does not fit").right_aligned(),
            // Not simple: combining marks, wide characters, controls.
            Line::from("Vie\u{323}\u{302}t 漢字 a\u{1b}b"),
            Line::from(vec![Span::raw("ab"), Span::raw("漢")]),
            Line::default(),
        ];
        for l in &lines {
            for width in 0..45 {
                same(l, width);
            }
        }
    }
}

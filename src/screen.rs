//! The full-screen frame loop: draw a frame into a [`Grid`], send the
//! terminal the cells that changed since the last one, place the cursor.
//!
//! This is what ratatui's `Terminal` does for a fixed full-screen
//! viewport, with a grid of compact cells in place of its `Buffer` and
//! [`diff`] in place of its comparison of frames. The frame is drawn by a
//! function of a grid and its area: the drawing code the `TestBackend`
//! tests exercise through `ui::render`.

pub mod diff;

use ratatui::backend::{Backend, ClearType, TestBackend};
use ratatui::buffer::Cell as RatatuiCell;
use ratatui::layout::{Position, Rect, Size};

use crate::grid::{Cell, Grid};

/// A backend that can be sent cells of a [`Grid`].
pub trait Sink: Backend {
    /// Sends `runs` of cells of `grid`, each from a position rightwards in
    /// one row, as `Backend::draw` sends the same cells made ratatui's
    /// (which is what this does unless a backend knows better).
    fn draw_grid<'a>(
        &mut self,
        grid: &'a Grid,
        runs: impl Iterator<Item = (u16, u16, &'a [Cell])>,
    ) -> Result<(), Self::Error> {
        let cells: Vec<(u16, u16, RatatuiCell)> = runs
            .flat_map(|(x, y, run)| {
                (x..)
                    .zip(run)
                    .map(move |(x, cell)| (x, y, grid.ratatui_cell(cell)))
            })
            .collect();
        self.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
    }

    /// Sends the cells of `next` that differ from `prev`, the frame the
    /// terminal shows (the runs of [`diff::diff`], by default).
    fn draw_frame(&mut self, prev: &Grid, next: &Grid) -> Result<(), Self::Error> {
        self.draw_grid(next, diff::diff(prev, next))
    }
}

impl Sink for TestBackend {}

/// A terminal owned whole by the program, and the frame it shows.
#[derive(Debug)]
pub struct Screen<B: Sink> {
    backend: B,
    /// What the terminal shows.
    shown: Grid,
    /// The frame being drawn; blank between frames.
    next: Grid,
    /// Whether the cursor is known to be hidden: hiding it again each
    /// frame would be bytes for nothing.
    cursor_hidden: bool,
}

impl<B: Sink> Screen<B> {
    /// A screen the size `backend` reports, taken to be blank (the caller
    /// has just cleared it or entered the alternate screen).
    pub fn new(backend: B) -> Result<Screen<B>, B::Error> {
        let size = backend.size()?;
        Ok(Screen::with_area(
            backend,
            Rect::new(0, 0, size.width, size.height),
        ))
    }

    /// A blank screen of `area`, whatever size the backend reports. The
    /// area must span the terminal's width: a row's blank end may be
    /// erased to the edge.
    pub fn with_area(backend: B, area: Rect) -> Screen<B> {
        Screen {
            backend,
            shown: Grid::new(area),
            next: Grid::new(area),
            cursor_hidden: false,
        }
    }

    /// The area frames are drawn in.
    pub fn area(&self) -> Rect {
        self.next.area()
    }

    /// The terminal's size as the backend reports it now.
    pub fn size(&self) -> Result<Size, B::Error> {
        self.backend.size()
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Takes `area` as the new size: clears the terminal, so the next
    /// frame is sent whole.
    pub fn resize(&mut self, area: Rect) -> Result<(), B::Error> {
        self.backend.clear_region(ClearType::All)?;
        self.shown = Grid::new(area);
        self.next = Grid::new(area);
        self.cursor_hidden = false;
        Ok(())
    }

    /// Draws a frame with `draw`, which is given a blank grid and its
    /// area and returns where the cursor belongs (`None` hides it), sends
    /// the terminal what changed and flushes the backend.
    pub fn draw(
        &mut self,
        draw: impl FnOnce(&mut Grid, Rect) -> Option<Position>,
    ) -> Result<(), B::Error> {
        let area = self.next.area();
        let cursor = draw(&mut self.next, area);
        self.backend.draw_frame(&self.shown, &self.next)?;
        match cursor {
            None if self.cursor_hidden => {}
            None => {
                self.backend.hide_cursor()?;
                self.cursor_hidden = true;
            }
            Some(p) => {
                self.backend.show_cursor()?;
                self.backend.set_cursor_position(p)?;
                self.cursor_hidden = false;
            }
        }
        std::mem::swap(&mut self.shown, &mut self.next);
        // The frame goes out before the grid for the next one is blanked:
        // that is a pass over every cell the terminal need not wait for.
        let flushed = self.backend.flush();
        self.next.reset();
        flushed
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

    use super::*;

    fn frame(
        text: &[&str],
        cursor: Option<Position>,
    ) -> impl Fn(&mut Grid, Rect) -> Option<Position> {
        move |grid, area| {
            for (i, t) in text.iter().enumerate() {
                let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
                grid.render(row, |a, b| Line::from(*t).render(a, b));
            }
            cursor
        }
    }

    /// A sequence of frames leaves the terminal as ratatui's `Terminal`
    /// leaves it, cursor included.
    #[test]
    fn shows_what_ratatuis_terminal_shows() {
        let frames: [(&[&str], Option<Position>); 4] = [
            (&["Thông báo", "kết luận"], None),
            (&["Thông báo", "kết luận số 12"], Some(Position::new(3, 1))),
            (&["漢字 ệ", ""], None),
            (&["", "ở cuối"], Some(Position::new(0, 0))),
        ];
        let mut ours = Screen::new(TestBackend::new(20, 3)).unwrap();
        let mut theirs = Terminal::new(TestBackend::new(20, 3)).unwrap();
        for (text, cursor) in frames {
            ours.draw(frame(text, cursor)).unwrap();
            theirs
                .draw(|f| {
                    let mut grid = Grid::new(f.area());
                    let cursor = frame(text, cursor)(&mut grid, f.area());
                    grid.copy_to(f.buffer_mut());
                    if let Some(p) = cursor {
                        f.set_cursor_position(p);
                    }
                })
                .unwrap();
            let (a, b) = (ours.backend(), theirs.backend());
            assert_eq!(a.buffer(), b.buffer());
            let visible = |backend: &TestBackend| {
                let mut backend = backend.clone();
                (cursor.is_some()).then(|| backend.get_cursor_position().unwrap())
            };
            assert_eq!(visible(a), visible(b));
        }
    }

    #[test]
    fn a_resize_sends_the_next_frame_whole() {
        let mut screen = Screen::new(TestBackend::new(10, 2)).unwrap();
        screen.draw(frame(&["abc", "def"], None)).unwrap();
        screen.resize(Rect::new(0, 0, 10, 2)).unwrap();
        screen.backend().assert_buffer_lines(["          "; 2]);
        screen.draw(frame(&["abc", "def"], None)).unwrap();
        screen
            .backend()
            .assert_buffer_lines(["abc       ", "def       "]);
    }
}

//! The full-screen frame loop: draw a frame into a buffer, send the
//! terminal the cells that changed since the last one, place the cursor.
//!
//! This is what ratatui's `Terminal` does for a fixed full-screen
//! viewport, with [`diff`] in place of its comparison of frames, which
//! cost about half of a navigation keystroke. The frame is drawn by a
//! function of a buffer and its area, so the drawing code is the one the
//! `TestBackend` tests exercise through `Terminal`.

pub mod diff;

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect, Size};

/// A terminal owned whole by the program, and the frame it shows.
#[derive(Debug)]
pub struct Screen<B: Backend> {
    backend: B,
    /// What the terminal shows.
    shown: Buffer,
    /// The frame being drawn; blank between frames.
    next: Buffer,
}

impl<B: Backend> Screen<B> {
    /// A screen the size `backend` reports, taken to be blank (the caller
    /// has just cleared it or entered the alternate screen).
    pub fn new(backend: B) -> Result<Screen<B>, B::Error> {
        let size = backend.size()?;
        Ok(Screen::with_area(
            backend,
            Rect::new(0, 0, size.width, size.height),
        ))
    }

    /// A blank screen of `area`, whatever size the backend reports.
    pub fn with_area(backend: B, area: Rect) -> Screen<B> {
        Screen {
            backend,
            shown: Buffer::empty(area),
            next: Buffer::empty(area),
        }
    }

    /// The area frames are drawn in.
    pub fn area(&self) -> Rect {
        self.next.area
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
        self.shown = Buffer::empty(area);
        self.next = Buffer::empty(area);
        Ok(())
    }

    /// Draws a frame with `draw`, which is given a blank buffer and its
    /// area and returns where the cursor belongs (`None` hides it), sends
    /// the terminal what changed and flushes the backend.
    pub fn draw(
        &mut self,
        draw: impl FnOnce(&mut Buffer, Rect) -> Option<Position>,
    ) -> Result<(), B::Error> {
        let area = self.next.area;
        let cursor = draw(&mut self.next, area);
        self.backend.draw(diff::diff(&self.shown, &self.next))?;
        match cursor {
            None => self.backend.hide_cursor()?,
            Some(p) => {
                self.backend.show_cursor()?;
                self.backend.set_cursor_position(p)?;
            }
        }
        std::mem::swap(&mut self.shown, &mut self.next);
        self.next.reset();
        self.backend.flush()
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
    ) -> impl Fn(&mut Buffer, Rect) -> Option<Position> {
        move |buf, area| {
            for (i, t) in text.iter().enumerate() {
                let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
                Line::from(*t).render(row, buf);
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
                    let area = f.area();
                    if let Some(p) = frame(text, cursor)(f.buffer_mut(), area) {
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

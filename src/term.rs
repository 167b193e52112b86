//! The terminal backend: ratatui's crossterm backend with a faster way of
//! writing cells.
//!
//! A key that selects another node redraws most of the detail pane: some
//! thousands of cells. Crossterm's backend writes each cell's text and each
//! cursor move through `fmt` machinery, which cost more than drawing the
//! frame. [`FastBackend`] writes them as bytes and leaves everything else
//! (colours, attributes, cursor, clearing, size) to crossterm, so what the
//! terminal receives is what crossterm's backend would send.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CColor, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::Modifier;

use crate::grid::{Cell as GridCell, Grid, Look, Symbol};
use crate::screen::Sink;

/// [`CrosstermBackend`] with cells written as bytes.
#[derive(Debug)]
pub struct FastBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// The bytes of a frame's cells, reused: one write per frame, and a
    /// cell's text is a byte copy rather than a `write_all` call.
    bytes: Vec<u8>,
}

impl<W: Write> FastBackend<W> {
    pub fn new(writer: W) -> FastBackend<W> {
        FastBackend {
            inner: CrosstermBackend::new(writer),
            bytes: Vec::new(),
        }
    }

    /// Writes `cells` as crossterm's backend writes cells, in one write.
    fn send<'a>(
        &mut self,
        cells: impl Iterator<Item = (u16, u16, Look, Symbol<'a>)>,
    ) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        let w = &mut bytes;
        let mut now = Look::DEFAULT;
        let mut last: Option<(u16, u16)> = None;
        for (x, y, look, symbol) in cells {
            if !matches!(last, Some((lx, ly)) if x == lx.wrapping_add(1) && y == ly) {
                move_to(w, x, y)?;
            }
            last = Some((x, y));
            if look != now {
                if !look.same_modifier(&now) {
                    modifier_diff(w, now.modifier(), look.modifier())?;
                }
                if !look.same_colors(&now) {
                    queue!(
                        w,
                        SetColors(Colors::new(
                            look.fg().into_crossterm(),
                            look.bg().into_crossterm()
                        ))
                    )?;
                }
                if !look.same_underline(&now) {
                    queue!(w, SetUnderlineColor(look.underline().into_crossterm()))?;
                }
                now = look;
            }
            symbol.push_to(w);
        }
        queue!(
            w,
            SetForegroundColor(CColor::Reset),
            SetBackgroundColor(CColor::Reset),
            SetUnderlineColor(CColor::Reset),
            SetAttribute(Attribute::Reset),
        )?;
        let written = self.inner.write_all(&bytes);
        self.bytes = bytes;
        written
    }
}

impl<W: Write> Sink for FastBackend<W> {
    /// Writes the cells straight from the grid, without making ratatui
    /// cells of them.
    fn draw_grid<'a>(
        &mut self,
        grid: &'a Grid,
        cells: impl Iterator<Item = (u16, u16, &'a GridCell)>,
    ) -> io::Result<()> {
        self.send(cells.map(|(x, y, cell)| (x, y, cell.look(), grid.symbol(cell))))
    }
}

impl<W: Write> Backend for FastBackend<W> {
    type Error = io::Error;

    /// What [`CrosstermBackend`]'s `draw` does, with the same escape
    /// sequences.
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.send(content.map(|(x, y, cell)| {
            let look = Look::new(cell.fg, cell.bg, cell.underline_color, cell.modifier);
            (x, y, look, Symbol::Str(cell.symbol()))
        }))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// `CSI row;col H`, 1-based, as crossterm's `MoveTo` writes it.
fn move_to(w: &mut impl Write, x: u16, y: u16) -> io::Result<()> {
    let mut buf = [0u8; 16];
    let mut n = 0;
    let mut put = |bytes: &[u8]| {
        buf[n..n + bytes.len()].copy_from_slice(bytes);
        n += bytes.len();
    };
    put(b"\x1b[");
    put(decimal(u32::from(y) + 1).as_slice());
    put(b";");
    put(decimal(u32::from(x) + 1).as_slice());
    put(b"H");
    w.write_all(&buf[..n])
}

/// The decimal digits of `n` (at most five: `n` ≤ 65536).
fn decimal(mut n: u32) -> Digits {
    let mut digits = [0u8; 5];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    Digits { digits, start }
}

struct Digits {
    digits: [u8; 5],
    start: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.digits[self.start..]
    }
}

/// The attribute changes from `from` to `to`, as ratatui's crossterm
/// backend sends them (its `ModifierDiff`, which is private).
fn modifier_diff(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        // Normal intensity resets both bold and dim: put back what stays.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
    }
    let off = [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ];
    for (m, a) in off {
        if removed.contains(m) {
            queue!(w, SetAttribute(a))?;
        }
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    let added = to - from;
    let on = [
        (Modifier::REVERSED, Attribute::Reverse, true),
        (Modifier::BOLD, Attribute::Bold, !reset_intensity),
        (Modifier::ITALIC, Attribute::Italic, true),
        (Modifier::UNDERLINED, Attribute::Underlined, true),
        (Modifier::DIM, Attribute::Dim, !reset_intensity),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, true),
        (Modifier::HIDDEN, Attribute::Hidden, true),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, true),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, true),
    ];
    for (m, a, allowed) in on {
        if allowed && added.contains(m) {
            queue!(w, SetAttribute(a))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::*;

    #[test]
    fn cursor_moves_are_written_as_crossterm_writes_them() {
        for (x, y) in [
            (0, 0),
            (9, 9),
            (10, 99),
            (119, 39),
            (u16::MAX - 1, u16::MAX - 1),
        ] {
            let mut ours = Vec::new();
            move_to(&mut ours, x, y).unwrap();
            let mut theirs = Vec::new();
            queue!(theirs, ratatui::crossterm::cursor::MoveTo(x, y)).unwrap();
            assert_eq!(ours, theirs, "({x}, {y})");
        }
    }

    /// Every pair of modifiers, on cells of every colour kind, in frames
    /// drawn in turn: both backends send the same bytes.
    #[test]
    fn frames_are_sent_as_crossterm_sends_them() {
        let mods: Vec<Modifier> = (0..=Modifier::all().bits())
            .step_by(7)
            .map(Modifier::from_bits_truncate)
            .collect();
        let colors = [
            Color::Reset,
            Color::Red,
            Color::Indexed(200),
            Color::Rgb(1, 2, 3),
        ];
        let area = Rect::new(0, 0, 37, 11);
        let mut frames = Vec::new();
        for (f, from) in mods.iter().enumerate() {
            let mut buf = Buffer::empty(area);
            for (i, to) in mods.iter().enumerate() {
                let style = Style::new()
                    .fg(colors[i % 4])
                    .underline_color(colors[(i / 2 + f) % 4])
                    .bg(colors[(i + f) % 4])
                    .add_modifier(if (i + f) % 2 == 0 { *from } else { *to });
                let x = (i * 5 % 37) as u16;
                let y = ((i + f) % 11) as u16;
                buf.set_string(x, y, "ệ漢a", style);
            }
            frames.push(buf);
        }
        let ours_out = Shared::default();
        let theirs_out = Shared::default();
        let options = || TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        let mut ours =
            Terminal::with_options(FastBackend::new(ours_out.clone()), options()).unwrap();
        let mut theirs =
            Terminal::with_options(CrosstermBackend::new(theirs_out.clone()), options()).unwrap();
        for frame in &frames {
            ours.draw(|f| f.buffer_mut().merge(frame)).unwrap();
            theirs.draw(|f| f.buffer_mut().merge(frame)).unwrap();
        }
        let (ours, theirs) = (ours_out.0.borrow(), theirs_out.0.borrow());
        assert!(theirs.len() > 1000);
        // Where they first differ, with some context, rather than two
        // dumps of kilobytes.
        let at = ours.iter().zip(theirs.iter()).position(|(a, b)| a != b);
        let show = |v: &[u8], at: usize| {
            String::from_utf8_lossy(&v[at.saturating_sub(20)..(at + 40).min(v.len())]).into_owned()
        };
        if let Some(at) = at {
            panic!("{at}: {:?}\n vs {:?}", show(&ours, at), show(&theirs, at));
        }
        assert_eq!(ours.len(), theirs.len());
    }

    /// A writer whose bytes stay readable after the terminal took it.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}

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
use std::sync::LazyLock;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CColor, Colored, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

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

    /// Writes what `encode` puts in an [`Encoder`], then the resets that
    /// end crossterm's backend's `draw`, in one write.
    fn send(&mut self, encode: impl FnOnce(&mut Encoder<'_>) -> io::Result<()>) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        let mut e = Encoder {
            w: &mut bytes,
            now: Look::DEFAULT,
            next: None,
        };
        encode(&mut e)?;
        e.w.extend_from_slice(&sequences().end);
        let written = self.inner.write_all(&bytes);
        self.bytes = bytes;
        written
    }
}

/// Cells as crossterm's backend writes them: a cursor move unless the
/// cell is the one after the last, the changes of colours and modifiers,
/// the symbol.
struct Encoder<'w> {
    w: &'w mut Vec<u8>,
    /// The colours and modifiers in force.
    now: Look,
    /// Where the cursor is after the last cell written.
    next: Option<(u16, u16)>,
}

impl Encoder<'_> {
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
    fn cell(&mut self, x: u16, y: u16, look: Look, symbol: Symbol<'_>) -> io::Result<()> {
        self.go(x, y)?;
        self.look(look)?;
        symbol.push_to(self.w);
        self.next = Some((x.wrapping_add(1), y));
        Ok(())
    }

    /// Cells of `grid` from (`x`, `y`) rightwards.
    fn run(&mut self, x: u16, y: u16, grid: &Grid, cells: &[GridCell]) -> io::Result<()> {
        self.go(x, y)?;
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
        self.next = Some((x.wrapping_add(n), y));
        Ok(())
    }
}

impl<W: Write> Sink for FastBackend<W> {
    /// Writes the cells straight from the grid, without making ratatui
    /// cells of them.
    fn draw_grid<'a>(
        &mut self,
        grid: &'a Grid,
        runs: impl Iterator<Item = (u16, u16, &'a [GridCell])>,
    ) -> io::Result<()> {
        self.send(|e| {
            for (x, y, cells) in runs {
                e.run(x, y, grid, cells)?;
            }
            Ok(())
        })
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
        self.send(|e| {
            for (x, y, cell) in content {
                let look = Look::new(cell.fg, cell.bg, cell.underline_color, cell.modifier);
                e.cell(x, y, look, Symbol::Str(cell.symbol()))?;
            }
            Ok(())
        })
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
fn move_to(w: &mut Vec<u8>, x: u16, y: u16) -> io::Result<()> {
    w.push(0x1b);
    w.push(b'[');
    decimal(w, u32::from(y) + 1);
    w.push(b';');
    decimal(w, u32::from(x) + 1);
    w.push(b'H');
    Ok(())
}

/// Appends the decimal digits of `n`.
#[inline]
fn decimal(w: &mut Vec<u8>, n: u32) {
    // Screen positions: nearly always below 1000.
    if n < 10 {
        w.push(b'0' + n as u8);
    } else if n < 100 {
        w.push(b'0' + (n / 10) as u8);
        w.push(b'0' + (n % 10) as u8);
    } else if n < 1000 {
        w.push(b'0' + (n / 100) as u8);
        w.push(b'0' + (n / 10 % 10) as u8);
        w.push(b'0' + (n % 10) as u8);
    } else {
        w.extend_from_slice(n.to_string().as_bytes());
    }
}

/// Crossterm's escape sequences for what a frame changes most, formatted
/// once: crossterm formats each through `fmt` and allocates for an
/// attribute, which cost more than writing the cells.
struct Sequences {
    /// `SetAttribute(a)`, by `a as usize`.
    attributes: Vec<Vec<u8>>,
    /// The parameters of a foreground and a background colour, by
    /// [`Look::fg_index`].
    fg: Vec<Vec<u8>>,
    bg: Vec<Vec<u8>>,
    /// What ends a frame: colours and attributes reset.
    end: Vec<u8>,
}

fn sequences() -> &'static Sequences {
    static SEQUENCES: LazyLock<Sequences> = LazyLock::new(|| {
        let command = |c: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| {
            let mut v = Vec::new();
            // Writing to a Vec does not fail.
            let _ = c(&mut v);
            v
        };
        let mut attributes = Vec::new();
        for a in Attribute::iterator() {
            let i = a as usize;
            if attributes.len() <= i {
                attributes.resize(i + 1, Vec::new());
            }
            attributes[i] = command(&|w| queue!(w, SetAttribute(a)));
        }
        let colors: Vec<Color> = (0..Look::NAMED).map(Look::named).collect();
        let param = |colored: Colored| colored.to_string().into_bytes();
        Sequences {
            attributes,
            fg: colors
                .iter()
                .map(|c| param(Colored::ForegroundColor(c.into_crossterm())))
                .collect(),
            bg: colors
                .iter()
                .map(|c| param(Colored::BackgroundColor(c.into_crossterm())))
                .collect(),
            end: command(&|w| {
                queue!(
                    w,
                    SetForegroundColor(CColor::Reset),
                    SetBackgroundColor(CColor::Reset),
                    SetUnderlineColor(CColor::Reset),
                    SetAttribute(Attribute::Reset),
                )
            }),
        }
    });
    &SEQUENCES
}

/// Writes `SetAttribute(a)`.
fn attribute(w: &mut Vec<u8>, a: Attribute) {
    match sequences().attributes.get(a as usize) {
        Some(seq) => w.extend_from_slice(seq),
        None => {
            let _ = queue!(w, SetAttribute(a));
        }
    }
}

/// The attribute changes from `from` to `to`, as ratatui's crossterm
/// backend sends them (its `ModifierDiff`, which is private).
fn modifier_diff(w: &mut Vec<u8>, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        attribute(w, Attribute::NoReverse);
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        // Normal intensity resets both bold and dim: put back what stays.
        attribute(w, Attribute::NormalIntensity);
        if to.contains(Modifier::DIM) {
            attribute(w, Attribute::Dim);
        }
        if to.contains(Modifier::BOLD) {
            attribute(w, Attribute::Bold);
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
            attribute(w, a);
        }
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        attribute(w, Attribute::NoBlink);
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
            attribute(w, a);
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
    use crate::screen::Screen;

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
            Color::Black,
            Color::Gray,
            Color::LightCyan,
            Color::White,
        ];
        let n = colors.len();
        let area = Rect::new(0, 0, 37, 11);
        let mut frames = Vec::new();
        for (f, from) in mods.iter().enumerate() {
            let mut buf = Buffer::empty(area);
            for (i, to) in mods.iter().enumerate() {
                let style = Style::new()
                    .fg(colors[i % n])
                    .underline_color(colors[(i / 2 + f) % n])
                    .bg(colors[(i + 3 * f) % n])
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
        // The browser's way: grids, diffed in runs, sent from the grid.
        let grid_out = Shared::default();
        let mut screen = Screen::with_area(FastBackend::new(grid_out.clone()), area);
        for frame in &frames {
            ours.draw(|f| f.buffer_mut().merge(frame)).unwrap();
            theirs.draw(|f| f.buffer_mut().merge(frame)).unwrap();
            screen
                .draw(|grid, area| {
                    grid.render(area, |_, buf| buf.merge(frame));
                    None
                })
                .unwrap();
        }
        let theirs = theirs_out.0.borrow();
        assert!(theirs.len() > 1000);
        same_bytes(&ours_out.0.borrow(), &theirs);
        same_bytes(&grid_out.0.borrow(), &theirs);
    }

    fn same_bytes(ours: &[u8], theirs: &[u8]) {
        // Where they first differ, with some context, rather than two
        // dumps of kilobytes.
        let at = ours.iter().zip(theirs.iter()).position(|(a, b)| a != b);
        let show = |v: &[u8], at: usize| {
            String::from_utf8_lossy(&v[at.saturating_sub(20)..(at + 40).min(v.len())]).into_owned()
        };
        if let Some(at) = at {
            panic!("{at}: {:?}\n vs {:?}", show(ours, at), show(theirs, at));
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

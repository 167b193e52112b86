//! The terminal backend: ratatui's crossterm backend with a faster way of
//! writing cells.
//!
//! A key that selects another node redraws most of the detail pane: some
//! thousands of cells. Crossterm's backend writes each cell's text, cursor
//! move, colour and attribute through `fmt` machinery, which cost more than
//! drawing the frame. [`FastBackend`] writes cells as bytes (the escape
//! sequences crossterm's, formatted once: [`escape`]) and leaves the rest
//! (cursor visibility, clearing, size) to crossterm. Cells given as
//! ratatui's are sent as crossterm's backend would send them; a grid's
//! frame is sent in fewer bytes that leave the screen the same (see
//! [`encoder`]).

mod encoder;
mod escape;
mod plan;

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use self::encoder::Encoder;
use self::escape::{HIDE_CURSOR, SHOW_CURSOR};
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

    /// Writes what `encode` puts in an [`Encoder`], then what returns the
    /// terminal to the default look ([`Encoder::finish`]), in one write.
    fn send(&mut self, encode: impl FnOnce(&mut Encoder<'_>) -> io::Result<()>) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        let mut e = Encoder::new(&mut bytes);
        encode(&mut e)?;
        e.finish();
        let written = self.inner.write_all(&bytes);
        self.bytes = bytes;
        written
    }
}

impl<W: Write> Sink for FastBackend<W> {
    /// Writes the cells straight from the grid, without making ratatui
    /// cells of them, in fewer bytes than cell by cell
    /// ([`Encoder::frame`]).
    fn draw_grid<'a>(
        &mut self,
        grid: &'a Grid,
        runs: impl Iterator<Item = (u16, u16, &'a [GridCell])>,
    ) -> io::Result<()> {
        self.send(|e| {
            e.frame(grid, runs);
            Ok(())
        })
    }

    /// [`Encoder::frame_from`]: row by row, and the rows of one narrow
    /// character a cell without a diff of their own.
    fn draw_frame(&mut self, prev: &Grid, next: &Grid) -> io::Result<()> {
        self.send(|e| {
            e.frame_from(prev, next);
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

    /// Crossterm's `Hide`, written with the frame: it goes out on the
    /// next flush (crossterm's backend flushes at once, a second write).
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.write_all(HIDE_CURSOR)
    }

    /// Crossterm's `Show`, written with the frame, as `hide_cursor`.
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.write_all(SHOW_CURSOR)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    /// Crossterm's `MoveTo`, written with the frame, as `hide_cursor`.
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        let mut bytes = Vec::with_capacity(12);
        escape::move_to(&mut bytes, p.x, p.y);
        self.inner.write_all(&bytes)
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

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::num::NonZeroU16;
    use std::rc::Rc;

    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::*;
    use crate::screen::Screen;

    /// The frames drawn in turn by crossterm's backend, by ours from
    /// ratatui's cells, and by ours from grids as the browser draws: the
    /// output of each, all of it and after each frame.
    struct Sent {
        crossterm: Vec<Vec<u8>>,
        ratatui_cells: Vec<Vec<u8>>,
        grid: Vec<Vec<u8>>,
    }

    fn send(area: Rect, frames: &[Buffer]) -> Sent {
        let outs = [Shared::default(), Shared::default(), Shared::default()];
        let options = || TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        let mut crossterm =
            Terminal::with_options(CrosstermBackend::new(outs[0].clone()), options()).unwrap();
        let mut ratatui_cells =
            Terminal::with_options(FastBackend::new(outs[1].clone()), options()).unwrap();
        let mut screen = Screen::with_area(FastBackend::new(outs[2].clone()), area);
        let mut sent = Sent {
            crossterm: Vec::new(),
            ratatui_cells: Vec::new(),
            grid: Vec::new(),
        };
        for frame in frames {
            crossterm.draw(|f| f.buffer_mut().merge(frame)).unwrap();
            ratatui_cells.draw(|f| f.buffer_mut().merge(frame)).unwrap();
            screen
                .draw(|grid, area| {
                    grid.render(area, |_, buf| buf.merge(frame));
                    None
                })
                .unwrap();
            sent.crossterm.push(outs[0].take());
            sent.ratatui_cells.push(outs[1].take());
            sent.grid.push(outs[2].take());
        }
        sent
    }

    /// A frame the same as the one shown sends nothing: no cells, no
    /// resets, no second hiding of the cursor. One that ends in colour
    /// leaves the terminal in the default look, with one `CSI m`.
    #[test]
    fn an_unchanged_frame_sends_nothing() {
        let area = Rect::new(0, 0, 8, 2);
        let mut buf = Buffer::empty(area);
        buf.set_string(0, 0, "Đảng", Style::new().fg(Color::Green).bold());
        let out = Shared::default();
        let mut screen = Screen::with_area(FastBackend::new(out.clone()), area);
        let frame = |grid: &mut Grid, area: Rect| {
            grid.render(area, |_, b| b.merge(&buf));
            None
        };
        screen.draw(frame).unwrap();
        let first = String::from_utf8(out.take()).unwrap();
        assert_eq!(first, "\x1b[1;1H\x1b[1;32mĐảng\x1b[m\x1b[?25l");
        screen.draw(frame).unwrap();
        assert_eq!(out.take(), b"");
    }

    /// The cursor is hidden, shown and moved with crossterm's bytes.
    #[test]
    fn cursor_commands_are_crossterms() {
        let (ours, theirs) = (Shared::default(), Shared::default());
        let mut fast = FastBackend::new(ours.clone());
        let mut crossterm = CrosstermBackend::new(theirs.clone());
        for p in [
            Position::new(0, 0),
            Position::new(7, 3),
            Position::new(119, 39),
        ] {
            fast.show_cursor().unwrap();
            fast.set_cursor_position(p).unwrap();
            fast.hide_cursor().unwrap();
            Backend::flush(&mut fast).unwrap();
            crossterm.show_cursor().unwrap();
            crossterm.set_cursor_position(p).unwrap();
            crossterm.hide_cursor().unwrap();
            assert_eq!(ours.take(), theirs.take(), "{p:?}");
        }
    }

    /// A cell as a terminal shows it: text, colours and the attributes
    /// vt100 keeps; `None` for the second half of a wide character.
    type Shown = Option<String>;

    fn look(text: &str, fg: vt100::Color, bg: vt100::Color, flags: [bool; 4]) -> String {
        let [bold, italic, underline, inverse] = flags.map(u8::from);
        if text == " " {
            // Foreground, bold and italic do not show on a blank.
            return format!("blank {bg:?} {underline}{inverse}");
        }
        format!("{text:?} {fg:?} {bg:?} {bold}{italic}{underline}{inverse}")
    }

    /// What a terminal shows after each of `frames` (the bytes sent for
    /// each), cell by cell.
    fn shown(area: Rect, frames: &[Vec<u8>]) -> Vec<Vec<Shown>> {
        let size = |n: u16| NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN);
        let mut vt = vt100::Parser::new(size(area.bottom()), size(area.right()), 0);
        frames
            .iter()
            .map(|bytes| {
                vt.process(bytes);
                let screen = vt.screen();
                let mut cells = Vec::new();
                for row in 0..area.bottom() {
                    for col in 0..area.right() {
                        let c = screen.cell(row, col);
                        cells.push(c.filter(|c| !c.is_wide_continuation()).map(|c| {
                            // Never written or written blank: the same.
                            let text = match c.contents() {
                                "" => " ",
                                text => text,
                            };
                            let flags = [c.bold(), c.italic(), c.underline(), c.inverse()];
                            look(text, c.fgcolor(), c.bgcolor(), flags)
                        }));
                    }
                }
                cells
            })
            .collect()
    }

    /// What `buf` asks a terminal to show, as [`shown`] gives it.
    fn wanted(buf: &Buffer) -> Vec<Shown> {
        let color = |c: Color| match c {
            Color::Reset => vt100::Color::Default,
            Color::Indexed(i) => vt100::Color::Idx(i),
            Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
            named => vt100::Color::Idx(
                (1..17)
                    .position(|i| Look::named(i) == named)
                    .and_then(|i| u8::try_from(i).ok())
                    .unwrap_or(0),
            ),
        };
        let mut out = Vec::new();
        let mut covered = 0;
        for cell in &buf.content {
            if covered > 0 {
                covered -= 1;
                out.push(None);
                continue;
            }
            covered = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let m = cell.modifier;
            let flags = [
                m.contains(Modifier::BOLD),
                m.contains(Modifier::ITALIC),
                m.contains(Modifier::UNDERLINED),
                m.contains(Modifier::REVERSED),
            ];
            out.push(Some(look(
                cell.symbol(),
                color(cell.fg),
                color(cell.bg),
                flags,
            )));
        }
        out
    }

    /// After every frame, every cell that crossterm's bytes show as the
    /// frame asks, ours show so too: a grid's frame is never shown worse.
    /// (Where a wide character is half overwritten, crossterm's bytes can
    /// leave a cell unlike the frame; ours may erase it as the frame asks.)
    fn as_well_as_crossterm(area: Rect, frames: &[Buffer], sent: &Sent) {
        let (ours, theirs) = (shown(area, &sent.grid), shown(area, &sent.crossterm));
        for (f, frame) in frames.iter().enumerate() {
            for (i, want) in wanted(frame).iter().enumerate() {
                if want.is_some() && theirs[f][i] == *want && ours[f][i] != *want {
                    let row = i / usize::from(area.width);
                    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                    panic!(
                        "frame {f}, cell {i} (row {row}): {:?} for {want:?}\nours: {}\ntheirs: {}",
                        ours[f][i],
                        text(&sent.grid[f]),
                        text(&sent.crossterm[f])
                    );
                }
            }
        }
    }

    /// Every pair of modifiers, on cells of every colour kind, in frames
    /// drawn in turn: ratatui's cells go out as crossterm sends them, a
    /// grid's in fewer bytes that leave the terminal showing the same.
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
        let sent = send(area, &frames);
        let (theirs, ours) = (sent.crossterm.concat(), sent.ratatui_cells.concat());
        assert!(theirs.len() > 1000);
        same_bytes(&ours, &theirs);
        // vt100 keeps bold and dim apart (one clears the other) and reads
        // the underline colour `58;5;n` as three attributes (`5;1` makes
        // text bold); terminals do neither, so neither is compared.
        for frame in &mut frames {
            for cell in &mut frame.content {
                if cell.modifier.contains(Modifier::BOLD) {
                    cell.modifier.remove(Modifier::DIM);
                }
                cell.underline_color = Color::Reset;
            }
        }
        let sent = send(area, &frames);
        as_well_as_crossterm(area, &frames, &sent);
        assert!(sent.grid.concat().len() < sent.crossterm.concat().len());
    }

    /// An emoji with VS16 is one cell or two, by terminal: the cell after
    /// it is written where the cursor is, as crossterm writes it, never
    /// reached by a move that would land in the emoji's second half.
    #[test]
    fn the_cell_after_an_emoji_is_written_where_the_cursor_is() {
        let area = Rect::new(0, 0, 6, 1);
        let mut before = Buffer::empty(area);
        before.set_string(0, 0, "axyz", Style::new());
        let mut after = Buffer::empty(area);
        after.set_string(0, 0, "\u{2764}\u{FE0F}", Style::new());
        after.set_string(2, 0, "yz", Style::new());
        let sent = send(area, &[before, after]);
        let ours = String::from_utf8_lossy(&sent.grid[1]).into_owned();
        let theirs = String::from_utf8_lossy(&sent.crossterm[1]).into_owned();
        assert!(theirs.contains("\u{2764}\u{FE0F} "), "{theirs:?}");
        assert!(ours.starts_with("\x1b[1;1H\u{2764}\u{FE0F} "), "{ours:?}");
    }

    /// Symbols of one and two cells, blanks, and a few looks. (Not an
    /// emoji with VS16: vt100 takes it as one cell, and panics on some
    /// frames of them.)
    fn cell() -> impl Strategy<Value = (&'static str, usize)> {
        (
            proptest::sample::select(&[" ", " ", " ", "a", "b", "ệ", "Đ", "漢", "─"][..]),
            0..4usize,
        )
    }

    /// Frames of `cells` (a symbol, its look, how many times) written
    /// along the rows of `area`.
    fn frames_of(area: Rect, frames: &[Vec<((&str, usize), usize)>]) -> Vec<Buffer> {
        let looks = [
            Style::new(),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
            Style::new().bg(Color::Blue),
        ];
        let (w, h) = (usize::from(area.width), usize::from(area.height));
        frames
            .iter()
            .map(|cells| {
                let mut buf = Buffer::empty(area);
                for (i, ((symbol, look), len)) in cells.iter().enumerate() {
                    let x = (i * 7 % w) as u16;
                    let y = (i % h) as u16;
                    let text = symbol.repeat(1 + len % 12);
                    buf.set_stringn(x, y, &text, w, looks[*look]);
                }
                buf
            })
            .collect()
    }

    /// The frames of [`frames_of`] sent from grids show as crossterm's
    /// bytes show them, in no more bytes.
    fn shows_as_crossterm_does(
        area: Rect,
        frames: &[Vec<((&str, usize), usize)>],
    ) -> Result<(), TestCaseError> {
        let frames = frames_of(area, frames);
        let sent = send(area, &frames);
        as_well_as_crossterm(area, &frames, &sent);
        prop_assert!(sent.grid.concat().len() <= sent.crossterm.concat().len());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Frames of narrow characters only (the browser's, mostly): sent
        /// row by row without a diff, blank stretches erased, gaps written
        /// over or jumped, they show as crossterm's bytes do, in fewer.
        #[test]
        fn a_grid_of_narrow_characters_leaves_the_terminal_as_crossterm_does(
            w in 1..40u16,
            h in 1..5u16,
            frames in proptest::collection::vec(
                proptest::collection::vec(
                    (
                        (
                            proptest::sample::select(&[" ", " ", " ", "a", "b", "ệ", "─"][..]),
                            0..4usize,
                        ),
                        0..30usize,
                    ),
                    0..60,
                ),
                1..6,
            ),
        ) {
            shows_as_crossterm_does(Rect::new(0, 0, w, h), &frames)?;
        }

        /// Random frames, with rows that end blank and rows that shrink,
        /// gaps of all widths and wide characters: what a grid sends shows
        /// them as well as crossterm's bytes do, in no more bytes.
        #[test]
        fn a_grid_leaves_the_terminal_as_crossterm_does(
            w in 1..40u16,
            h in 1..5u16,
            frames in proptest::collection::vec(
                proptest::collection::vec((cell(), 0..30usize), 0..60),
                1..5,
            ),
        ) {
            shows_as_crossterm_does(Rect::new(0, 0, w, h), &frames)?;
        }
    }

    mod strict;

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

    impl Shared {
        /// The bytes written since the last call.
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut *self.0.borrow_mut())
        }
    }

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

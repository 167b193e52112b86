//! A stricter oracle for the grid encoder than vt100 (which drops strike,
//! hidden and blink, takes bold and dim for one another and misreads
//! `58;5;n`): a small VT terminal that keeps every attribute, the
//! underline colour and the pending wrap, scrolls at the bottom and draws
//! wide characters. Raise the cases with `TERM_CASES`.

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{Shown, send};
use crate::grid::Look;

// A stricter oracle than vt100: a small VT terminal keeping every SGR
// attribute (strike, hidden, blink, dim, underline colour), with
// pending wrap, scrolling at the bottom and wide characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TColor {
    Default,
    Idx(u8),
    Rgb(u8, u8, u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attrs {
    fg: TColor,
    bg: TColor,
    ul: TColor,
    m: u16,
}

const ATTRS0: Attrs = Attrs {
    fg: TColor::Default,
    bg: TColor::Default,
    ul: TColor::Default,
    m: 0,
};

/// One write of a frame: a symbol and its look (an index), how many
/// times, and whether its first cell has ratatui's skip flag.
type Put<'a> = ((&'a str, usize), usize, bool);

/// A character and its attributes; `None`: the right half of a wide one.
type TCell = Option<(String, Attrs)>;

struct Term {
    w: usize,
    h: usize,
    cells: Vec<TCell>,
    x: usize,
    y: usize,
    wrap: bool,
    a: Attrs,
    scrolled: usize,
}

impl Term {
    fn new(w: usize, h: usize) -> Term {
        Term {
            w,
            h,
            cells: vec![Some((" ".into(), ATTRS0)); w * h],
            x: 0,
            y: 0,
            wrap: false,
            a: ATTRS0,
            scrolled: 0,
        }
    }
    fn line_feed(&mut self) {
        if self.y + 1 < self.h {
            self.y += 1;
            return;
        }
        self.cells.drain(0..self.w);
        self.cells
            .extend(std::iter::repeat_n(Some((" ".into(), ATTRS0)), self.w));
        self.scrolled += 1;
    }
    /// Clears what is left of a wide character cut at (`x`, y).
    fn unsplit(&mut self, x: usize) {
        let i = self.y * self.w + x;
        if self.cells[i].is_none() && x > 0 {
            self.cells[i - 1] = Some((" ".into(), ATTRS0));
        }
        if x + 1 < self.w && self.cells[i + 1].is_none() {
            self.cells[i + 1] = Some((" ".into(), ATTRS0));
        }
    }
    fn print(&mut self, c: char) {
        let width = unicode_width::UnicodeWidthChar::width(c)
            .unwrap_or(1)
            .max(1);
        assert!(
            unicode_width::UnicodeWidthChar::width(c) != Some(0),
            "zero width {c:?}"
        );
        if self.wrap || (width == 2 && self.x + 1 >= self.w) {
            (self.wrap, self.x) = (false, 0);
            self.line_feed();
        }
        self.unsplit(self.x);
        if width == 2 {
            self.unsplit(self.x + 1);
        }
        let i = self.y * self.w + self.x;
        self.cells[i] = Some((c.to_string(), self.a));
        if width == 2 {
            self.cells[i + 1] = None;
        }
        if self.x + width >= self.w {
            (self.x, self.wrap) = (self.w - 1, true);
        } else {
            self.x += width;
        }
    }
    fn color(p: &[u32], i: &mut usize) -> TColor {
        let g = |k: usize| p.get(k).copied().unwrap_or(0) as u8;
        match p.get(*i + 1) {
            Some(5) => {
                *i += 2;
                TColor::Idx(g(*i))
            }
            Some(2) => {
                *i += 4;
                TColor::Rgb(g(*i - 2), g(*i - 1), g(*i))
            }
            _ => panic!("colour {p:?}"),
        }
    }
    fn sgr(&mut self, p: &[u32]) {
        if p.is_empty() {
            self.a = ATTRS0;
        }
        let mut i = 0;
        while i < p.len() {
            let m = &mut self.a.m;
            match p[i] {
                0 => self.a = ATTRS0,
                c @ 1..=9 => *m |= 1 << (c - 1),
                22 => *m &= !3,
                25 => *m &= !48,
                c @ (23 | 24 | 27 | 28 | 29) => *m &= !(1 << (c - 21)),
                c @ 30..=37 => self.a.fg = TColor::Idx((c - 30) as u8),
                c @ 90..=97 => self.a.fg = TColor::Idx((c - 82) as u8),
                c @ 40..=47 => self.a.bg = TColor::Idx((c - 40) as u8),
                c @ 100..=107 => self.a.bg = TColor::Idx((c - 92) as u8),
                38 => self.a.fg = Term::color(p, &mut i),
                48 => self.a.bg = Term::color(p, &mut i),
                58 => self.a.ul = Term::color(p, &mut i),
                39 => self.a.fg = TColor::Default,
                49 => self.a.bg = TColor::Default,
                59 => self.a.ul = TColor::Default,
                other => panic!("SGR {other} in {p:?}"),
            }
            i += 1;
        }
    }
    fn process(&mut self, bytes: &[u8]) {
        let mut chars = std::str::from_utf8(bytes).unwrap().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => (self.x, self.wrap) = (0, false),
                '\n' => {
                    self.wrap = false;
                    self.line_feed();
                }
                '\x1b' => {
                    assert_eq!(chars.next(), Some('['));
                    let private = chars.next_if_eq(&'?').is_some();
                    let (mut params, mut cur) = (Vec::new(), None::<u32>);
                    let fin = loop {
                        match chars.next().unwrap() {
                            d @ '0'..='9' => {
                                cur = Some(cur.unwrap_or(0) * 10 + d.to_digit(10).unwrap())
                            }
                            ';' => params.push(cur.take().unwrap_or(0)),
                            f => break f,
                        }
                    };
                    params.extend(cur);
                    if private {
                        continue;
                    }
                    let n =
                        |k: usize| params.get(k).copied().filter(|&v| v > 0).unwrap_or(1) as usize;
                    let (w, row) = (self.w, self.y * self.w);
                    match fin {
                        'H' => {
                            (self.y, self.x) = ((n(0) - 1).min(self.h - 1), (n(1) - 1).min(w - 1))
                        }
                        'G' => self.x = (n(0) - 1).min(w - 1),
                        'C' => self.x = (self.x + n(0)).min(w - 1),
                        'X' | 'K' => {
                            let end = if fin == 'K' {
                                w
                            } else {
                                (self.x + n(0)).min(w)
                            };
                            self.unsplit(self.x);
                            self.unsplit(end - 1);
                            let blank = Some((
                                " ".into(),
                                Attrs {
                                    bg: self.a.bg,
                                    ..ATTRS0
                                },
                            ));
                            self.cells[row + self.x..row + end].fill(blank);
                        }
                        'm' => self.sgr(&params),
                        other => panic!("CSI {other}"),
                    }
                    if fin != 'm' {
                        self.wrap = false;
                    }
                }
                c if (c as u32) < 0x20 => panic!("control {c:?}"),
                c => self.print(c),
            }
        }
    }
}

/// A cell as it shows: a space without reverse, underline, blink or
/// strike by its background only, anything else by everything.
fn show_attrs(text: &str, a: Attrs) -> String {
    if text == " " && a.m & VISIBLE_ON_BLANK_TEST.bits() == 0 {
        return format!("blank {:?}", a.bg);
    }
    format!("{text:?} {a:?}")
}

const VISIBLE_ON_BLANK_TEST: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

fn shown_strict(w: u16, h: u16, frames: &[Vec<u8>]) -> (Vec<Vec<Shown>>, usize) {
    let mut t = Term::new(usize::from(w), usize::from(h));
    let out = frames
        .iter()
        .map(|bytes| {
            t.process(bytes);
            t.cells
                .iter()
                .map(|c| c.as_ref().map(|(s, a)| show_attrs(s, *a)))
                .collect()
        })
        .collect();
    (out, t.scrolled)
}

fn tcolor(c: Color) -> TColor {
    match c {
        Color::Reset => TColor::Default,
        Color::Indexed(i) => TColor::Idx(i),
        Color::Rgb(r, g, b) => TColor::Rgb(r, g, b),
        named => TColor::Idx((1..17).position(|i| Look::named(i) == named).unwrap() as u8),
    }
}

/// What `buf` asks of a terminal of `w` x `h` (blank outside it).
fn wanted_strict(buf: &Buffer, w: u16, h: u16) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut covered = 0;
    for y in 0..h {
        for x in 0..w {
            if !buf.area.contains(Position::new(x, y)) {
                out.push(Some(show_attrs(" ", ATTRS0)));
                continue;
            }
            let cell = &buf[(x, y)];
            if covered > 0 {
                covered -= 1;
                out.push(None);
                continue;
            }
            covered = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let (fg, bg, ul) = (
                tcolor(cell.fg),
                tcolor(cell.bg),
                tcolor(cell.underline_color),
            );
            out.push(Some(show_attrs(
                cell.symbol(),
                Attrs {
                    fg,
                    bg,
                    ul,
                    m: cell.modifier.bits(),
                },
            )));
        }
    }
    out
}

/// Frames of `cells` (symbol, look, count, skipped) along the rows of
/// `area`, in looks that do and do not show on blanks; where
/// crossterm's bytes show a cell as asked, ours do, attribute for
/// attribute; ours never scroll, and are no more.
fn strict_check(area: Rect, extra_rows: u16, frames: &[Vec<Put<'_>>]) -> Result<(), TestCaseError> {
    let s = Style::new();
    let looks = [
        s,
        s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
        s.add_modifier(Modifier::REVERSED),
        s.bg(Color::Blue),
        s.add_modifier(Modifier::UNDERLINED),
        s.add_modifier(Modifier::UNDERLINED)
            .underline_color(Color::Red),
        s.add_modifier(Modifier::CROSSED_OUT),
        s.add_modifier(Modifier::HIDDEN),
        s.add_modifier(Modifier::DIM),
        s.add_modifier(Modifier::BOLD | Modifier::DIM),
        s.fg(Color::Indexed(200)).add_modifier(Modifier::ITALIC),
        s.bg(Color::Blue).add_modifier(Modifier::BOLD),
        s.fg(Color::Red).add_modifier(Modifier::REVERSED),
        s.add_modifier(Modifier::SLOW_BLINK),
        s.fg(Color::Rgb(1, 2, 3)).bg(Color::Rgb(4, 5, 6)),
        s.bg(Color::Blue)
            .add_modifier(Modifier::HIDDEN | Modifier::ITALIC),
        s.underline_color(Color::Green),
        s.fg(Color::Red).add_modifier(Modifier::CROSSED_OUT),
    ];
    let (w, h) = (usize::from(area.width), usize::from(area.height));
    let frames: Vec<Buffer> = frames
        .iter()
        .map(|cells| {
            let mut buf = Buffer::empty(area);
            for (i, ((symbol, look), len, skip)) in cells.iter().enumerate() {
                let (x, y) = (area.x + (i * 7 % w) as u16, area.y + (i % h) as u16);
                let text = symbol.repeat(1 + len % 12);
                buf.set_stringn(
                    x,
                    y,
                    &text,
                    usize::from(area.right() - x),
                    looks[look % looks.len()],
                );
                if *skip {
                    buf[(x, y)].set_diff_option(ratatui::buffer::CellDiffOption::Skip);
                }
            }
            buf
        })
        .collect();
    let sent = send(area, &frames);
    let (tw, th) = (area.right(), area.bottom() + extra_rows);
    let (ours, scrolled) = shown_strict(tw, th, &sent.grid);
    let (theirs, _) = shown_strict(tw, th, &sent.crossterm);
    prop_assert_eq!(scrolled, 0, "our bytes scrolled: {:?}", sent.grid);
    for (f, frame) in frames.iter().enumerate() {
        for (i, want) in wanted_strict(frame, tw, th).iter().enumerate() {
            if want.is_some() && theirs[f][i] == *want && ours[f][i] != *want {
                let text: Vec<_> = sent
                    .grid
                    .iter()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .collect();
                prop_assert!(
                    false,
                    "frame {f}, cell {i}: {:?} for {want:?}\nours: {text:#?}",
                    ours[f][i]
                );
            }
        }
    }
    prop_assert!(sent.grid.concat().len() <= sent.crossterm.concat().len());
    Ok(())
}

fn cases() -> u32 {
    std::env::var("TERM_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]
    #[test]
    fn narrow_cells_in_every_look_show_every_attribute(
        (x0, y0, extra) in (0..4u16, 0..3u16, 0..2u16),
        (w, h) in (1..30u16, 1..7u16),
        frames in proptest::collection::vec(proptest::collection::vec((
            (proptest::sample::select(&[" ", " ", " ", " ", "a", "b", "ệ", "─"][..]), 0..18usize),
            0..30usize,
            Just(false),
        ), 0..60), 1..7),
    ) {
        strict_check(Rect::new(x0, y0, w, h), extra, &frames)?;
    }

    #[test]
    fn all_cells_in_every_look_show_every_attribute(
        (x0, y0, extra) in (0..4u16, 0..3u16, 0..2u16),
        (w, h) in (1..30u16, 1..7u16),
        frames in proptest::collection::vec(proptest::collection::vec((
            (proptest::sample::select(&[" ", " ", " ", "a", "b", "ệ", "Đ", "漢", "─"][..]), 0..18usize),
            0..30usize,
            proptest::bool::weighted(0.05),
        ), 0..60), 1..6),
    ) {
        strict_check(Rect::new(x0, y0, w, h), extra, &frames)?;
    }
}

/// A gap written over is judged in the look in force after the cell
/// before it, not before the run: `X ab Y` (X, Y bold, `ab` unchanged).
#[test]
fn a_gap_is_judged_in_the_look_after_the_cell_before_it() {
    let area = Rect::new(0, 0, 10, 1);
    let mut a = Buffer::empty(area);
    a.set_string(0, 0, "zabzqqqqqq", Style::new());
    let mut b = a.clone();
    b.set_string(0, 0, "X", Style::new().bold());
    b.set_string(3, 0, "Y", Style::new().bold());
    let sent = send(area, &[a, b]);
    assert_eq!(
        String::from_utf8_lossy(&sent.grid[1]),
        "\x1b[1;1H\x1b[1mX\x1b[2CY\x1b[m"
    );
}

//! The escape sequences crossterm's backend writes for cursor moves,
//! attributes and colours, written as bytes.

use std::borrow::Cow;
use std::io;
use std::sync::LazyLock;

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CColor, Colored, SetAttribute, SetBackgroundColor, SetForegroundColor,
    SetUnderlineColor,
};
use ratatui::style::{Color, Modifier};

use crate::grid::Look;

/// `CSI row;col H`, 1-based, as crossterm's `MoveTo` writes it.
pub(super) fn move_to(w: &mut Vec<u8>, x: u16, y: u16) {
    w.push(0x1b);
    w.push(b'[');
    decimal(w, u32::from(y) + 1);
    w.push(b';');
    decimal(w, u32::from(x) + 1);
    w.push(b'H');
}

/// How many decimal digits `n` has.
fn digits(n: u32) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        10000..=99999 => 5,
        _ => n.to_string().len(),
    }
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
pub(super) struct Sequences {
    /// `SetAttribute(a)`, by `a as usize`.
    attributes: Vec<Vec<u8>>,
    /// The parameters of a foreground and a background colour, by
    /// [`Look::fg_index`].
    pub(super) fg: Vec<Vec<u8>>,
    pub(super) bg: Vec<Vec<u8>>,
    /// The same colours as the shortest parameters that set them: see
    /// [`ansi_color`].
    pub(super) ansi_fg: Vec<Vec<u8>>,
    pub(super) ansi_bg: Vec<Vec<u8>>,
    /// What ends crossterm's backend's `draw`: colours and attributes
    /// reset, each on its own.
    pub(super) end: Vec<u8>,
}

/// The `SGR` parameter for colour `i` of [`Look::fg_index`] as a
/// foreground (`base` 30) or background (`base` 40): `base + 9` for the
/// default, `base + n` for ANSI colours 0 to 7 and `base + 60 + n - 8` for
/// 8 to 15. These are the codes xterm-256color's terminfo gives (`setaf`,
/// `setab`, `op`); crossterm writes the palette index, `38;5;n`, which
/// means the same colour in twice the bytes.
fn ansi_color(base: u8, i: usize) -> Vec<u8> {
    let code = match i {
        // 0 is `Reset`, then Black (ANSI 0) to White (ANSI 15).
        1..=8 => usize::from(base) + i - 1,
        9..=16 => usize::from(base) + 60 + i - 9,
        _ => usize::from(base) + 9,
    };
    code.to_string().into_bytes()
}

pub(super) fn sequences() -> &'static Sequences {
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
            ansi_fg: (0..colors.len()).map(|i| ansi_color(30, i)).collect(),
            ansi_bg: (0..colors.len()).map(|i| ansi_color(40, i)).collect(),
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
pub(super) fn modifier_diff(w: &mut Vec<u8>, from: Modifier, to: Modifier) {
    modifier_changes(from, to, |a| attribute(w, a));
}

/// The SGR parameter of attribute `a`, as crossterm writes it.
pub(super) fn sgr_code(a: Attribute) -> Cow<'static, [u8]> {
    Cow::Borrowed(match a {
        Attribute::Bold => b"1",
        Attribute::Dim => b"2",
        Attribute::Italic => b"3",
        Attribute::Underlined => b"4",
        Attribute::SlowBlink => b"5",
        Attribute::RapidBlink => b"6",
        Attribute::Reverse => b"7",
        Attribute::Hidden => b"8",
        Attribute::CrossedOut => b"9",
        Attribute::NormalIntensity => b"22",
        Attribute::NoItalic => b"23",
        Attribute::NoUnderline => b"24",
        Attribute::NoBlink => b"25",
        Attribute::NoReverse => b"27",
        Attribute::NoHidden => b"28",
        Attribute::NotCrossedOut => b"29",
        // Attributes `modifier_changes` does not give.
        other => return Cow::Owned(other.sgr().into_bytes()),
    })
}

/// The attributes that change `from` into `to`, in the order crossterm's
/// backend sends them.
pub(super) fn modifier_changes(from: Modifier, to: Modifier, mut emit: impl FnMut(Attribute)) {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        emit(Attribute::NoReverse);
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        // Normal intensity resets both bold and dim: put back what stays.
        emit(Attribute::NormalIntensity);
        if to.contains(Modifier::DIM) {
            emit(Attribute::Dim);
        }
        if to.contains(Modifier::BOLD) {
            emit(Attribute::Bold);
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
            emit(a);
        }
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        emit(Attribute::NoBlink);
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
            emit(a);
        }
    }
}

/// Writes `CSI n <f>`; `n` counts cells of a row.
pub(super) fn csi(w: &mut Vec<u8>, n: usize, f: u8) {
    w.extend_from_slice(b"\x1b[");
    decimal(w, u32::try_from(n).unwrap_or(u32::MAX));
    w.push(f);
}

/// Erases `count` cells from the cursor, which stays: to the end of the
/// row with `EL` (`CSI K`) when `to_edge`, else with `ECH` (`CSI n X`).
pub(super) fn erase(w: &mut Vec<u8>, count: usize, to_edge: bool) {
    if to_edge {
        w.extend_from_slice(ERASE_LINE);
    } else {
        csi(w, count, b'X');
    }
}

/// The length of what [`erase`] writes.
pub(super) fn erase_len(count: usize, to_edge: bool) -> usize {
    if to_edge {
        ERASE_LINE.len()
    } else {
        csi_len(count)
    }
}

/// `EL`: erase to the end of the row.
const ERASE_LINE: &[u8] = b"\x1b[K";

/// Crossterm's `Hide` and `Show`.
pub(super) const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
pub(super) const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// The length of `CSI n <f>`.
pub(super) fn csi_len(n: usize) -> usize {
    3 + digits(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The length of the cursor move to (`x`, `y`).
pub(super) fn move_len(x: u16, y: u16) -> usize {
    4 + digits(u32::from(y) + 1) + digits(u32::from(x) + 1)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::cursor::MoveTo;

    use super::*;

    #[test]
    fn attribute_codes_are_crossterms() {
        let mut all = Vec::new();
        modifier_changes(Modifier::empty(), Modifier::all(), |a| all.push(a));
        modifier_changes(Modifier::all(), Modifier::empty(), |a| all.push(a));
        assert!(all.len() >= 16);
        for a in all {
            let mut theirs = Vec::new();
            queue!(theirs, SetAttribute(a)).unwrap();
            let ours = [&b"\x1b["[..], &sgr_code(a), b"m"].concat();
            assert_eq!(ours, theirs, "{a:?}");
        }
    }

    /// The short colour codes name the palette entries crossterm's long
    /// ones do: `30 + n` is `38;5;n` for n < 8, `90 + n - 8` for n < 16,
    /// and `39`/`49` are the defaults.
    #[test]
    fn short_colour_codes_mean_crossterms_colours() {
        let seq = sequences();
        let code = |v: &[u8]| String::from_utf8(v.to_vec()).unwrap();
        assert_eq!(code(&seq.fg[0]), "39");
        assert_eq!(code(&seq.ansi_fg[0]), "39");
        assert_eq!(code(&seq.ansi_bg[0]), "49");
        for i in 1..Look::NAMED {
            let n = i - 1;
            assert_eq!(
                code(&seq.fg[i]),
                format!("38;5;{n}"),
                "{:?}",
                Look::named(i)
            );
            assert_eq!(code(&seq.bg[i]), format!("48;5;{n}"));
            let short = if n < 8 { 30 + n } else { 90 + n - 8 };
            assert_eq!(code(&seq.ansi_fg[i]), short.to_string());
            assert_eq!(code(&seq.ansi_bg[i]), (short + 10).to_string());
        }
    }

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
            move_to(&mut ours, x, y);
            let mut theirs = Vec::new();
            queue!(theirs, MoveTo(x, y)).unwrap();
            assert_eq!(ours, theirs, "({x}, {y})");
        }
    }
}

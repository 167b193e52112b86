//! The escape sequences crossterm's backend writes for cursor moves,
//! attributes and colours, written as bytes.

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
pub(super) fn move_to(w: &mut Vec<u8>, x: u16, y: u16) -> io::Result<()> {
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
pub(super) struct Sequences {
    /// `SetAttribute(a)`, by `a as usize`.
    attributes: Vec<Vec<u8>>,
    /// The parameters of a foreground and a background colour, by
    /// [`Look::fg_index`].
    pub(super) fg: Vec<Vec<u8>>,
    pub(super) bg: Vec<Vec<u8>>,
    /// What ends a frame: colours and attributes reset.
    pub(super) end: Vec<u8>,
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
pub(super) fn modifier_diff(w: &mut Vec<u8>, from: Modifier, to: Modifier) -> io::Result<()> {
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
    use ratatui::crossterm::cursor::MoveTo;

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
            queue!(theirs, MoveTo(x, y)).unwrap();
            assert_eq!(ours, theirs, "({x}, {y})");
        }
    }
}

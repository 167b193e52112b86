//! Characters that need no grapheme or width machinery to draw.

/// Whether `c` is shown as itself in exactly one cell whatever surrounds
/// it: printable, left alone by [`super::sanitize()`], not a mark, and a grapheme of
/// its own next to any other such character. ASCII, Latin (Vietnamese
/// included), common punctuation and the interface's symbols. Text made of
/// these needs no grapheme segmentation: one character, one cell.
#[inline]
pub fn is_simple(c: char) -> bool {
    // ASCII and Vietnamese first: almost every character drawn.
    let u = c as u32;
    if u < 0x7F {
        return u >= 0x20;
    }
    if u < 0x250 {
        return u >= 0xA0 && u != 0xAD;
    }
    if u & !0xFF == 0x1E00 {
        return true;
    }
    matches!(
        u,
        0x2010..=0x2027
            | 0x2039..=0x203A
            | 0x2192
            | 0x2212
            | 0x2261
            | 0x2500..=0x259F
            | 0x25B8
            | 0x25BE
            | 0x25CC
            | 0x2691
            | 0x2713
            | 0x270E
            | 0x27E8..=0x27E9
    )
}

//! Writing lines into the buffer: the very cells ratatui's `Line::render`
//! writes, without its grapheme segmentation and width lookups, for lines
//! whose characters are all [`text::is_simple`] (one character, one cell).
//! Other lines go through ratatui unchanged. Every line of the screen is
//! drawn on every frame, so this is most of the drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::text;

/// Draws `line` into the first row of `area`, as `line.render(area, buf)`
/// does.
pub fn line(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    if !simple_line(line, area, buf) {
        line.render(area, buf);
    }
}

/// [`line`] for simple lines; `false`, having drawn nothing, for others.
fn simple_line(line: &Line<'_>, area: Rect, buf: &mut Buffer) -> bool {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return true;
    }
    let mut width = 0;
    for span in &line.spans {
        match text::simple_width(&span.content) {
            Some(w) => width += w,
            None => return false,
        }
    }
    if width == 0 {
        return true;
    }
    let room = usize::from(area.width);
    // ratatui cuts an aligned line that does not fit on the left; leave
    // that to it.
    let indent = match line.alignment {
        None | Some(Alignment::Left) => 0,
        _ if width > room => return false,
        Some(Alignment::Center) => (room - width) / 2,
        Some(Alignment::Right) => room - width,
    };
    if line.style != Style::default() {
        buf.set_style(Rect { height: 1, ..area }, line.style);
    }
    let y = area.y;
    let right = area.right();
    let mut x = area
        .x
        .saturating_add(u16::try_from(indent).unwrap_or(u16::MAX));
    for span in &line.spans {
        for c in span.content.chars() {
            if x >= right {
                return true;
            }
            buf[(x, y)].set_char(c).set_style(span.style);
            x += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    /// Draws `l` both ways, into areas `width` wide of buffers that
    /// already hold something, and compares.
    fn same(l: &Line<'_>, width: u16) {
        let mut ours = Buffer::with_lines(["x".repeat(50), "y".repeat(50)]);
        let mut theirs = ours.clone();
        for (x, y) in [(0, 0), (1, 1), (3, 0), (48, 1)] {
            let a = Rect::new(x, y, width, 2 - y);
            line(l, a, &mut ours);
            l.render(a, &mut theirs);
        }
        assert_eq!(ours, theirs, "{l:?} in {width}");
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

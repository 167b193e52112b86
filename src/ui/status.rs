//! The status line: focused pane, position, selected id, main keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::text;
use crate::app::{App, Entry, Focus};

/// Draws the status line in the one-row `area`.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App) {
    let theme = app.theme();
    let w = app.lang().words();
    let width = usize::from(area.width);
    buf.set_style(area, theme.bar());

    let pane = match app.focus() {
        Focus::Tree => w.tree,
        Focus::Detail => w.detail,
    };
    let here = match app.selected() {
        Entry::Front => w.front.to_string(),
        Entry::Back => w.back.to_string(),
        Entry::Node(idx) => app.doc().node(idx).id.clone(),
    };
    let left = format!(" {pane} {}/{} · {here}", app.cursor() + 1, app.rows().len());
    let hints: Vec<String> = if app.help().is_some() {
        vec![w.hint_close_help.to_string()]
    } else {
        vec![
            format!("?: {}", w.hint_help),
            format!("Tab: {}", w.hint_focus),
            format!("q: {}", w.hint_quit),
        ]
    };
    // Drop hints from the right until they fit beside the position.
    let left_w = text::width(&left);
    let mut right = String::new();
    for n in (1..=hints.len()).rev() {
        let candidate = format!("{} ", hints[..n].join("  "));
        if left_w + 2 + text::width(&candidate) <= width {
            right = candidate;
            break;
        }
    }
    Line::from(text::truncate(&left, width)).render(area, buf);
    if !right.is_empty() {
        let rw = text::width(&right) as u16;
        let r = Rect::new(area.x + area.width - rw, area.y, rw, 1);
        Line::from(right).render(r, buf);
    }
}

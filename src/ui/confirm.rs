//! A yes/no question in a box over the browser: the question wrapped to
//! the box, then the answer keys.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::layout::{centered, with_margin};
use super::{paint, text};
use crate::app::{App, Question};
use crate::grid::Grid;

/// The widest the box gets.
const MAX_WIDTH: u16 = 64;

/// Draws the question over `area`.
pub fn draw(grid: &mut Grid, area: Rect, app: &App, question: Question) {
    let theme = app.theme();
    let w = app.lang().review();
    let width = MAX_WIDTH.min(area.width);
    // Inside the border and a space each side.
    let bordered = width >= 8 && area.height >= 4;
    let text_w = if bordered { width - 4 } else { width };
    let mut lines: Vec<Line> = text::wrap(&app.question_text(question), usize::from(text_w))
        .into_iter()
        .map(|l| Line::styled(l, theme.bold()))
        .collect();
    lines.push(Line::default());
    for l in text::wrap(w.confirm_keys, usize::from(text_w)) {
        lines.push(Line::raw(l));
    }
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let outer = centered(area, width, height.saturating_add(2 * u16::from(bordered)));
    grid.render(with_margin(outer, area), |a, b| Clear.render(a, b));
    let inner = if bordered {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.flag())
            .title(Line::styled(format!(" {} ", w.confirm_title), theme.flag()));
        grid.render(outer, |a, b| block.render(a, b));
        Rect::new(outer.x + 2, outer.y + 1, outer.width - 4, outer.height - 2)
    } else {
        outer
    };
    for (i, line) in lines
        .into_iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
        paint::line(
            &line,
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
            grid,
        );
    }
}

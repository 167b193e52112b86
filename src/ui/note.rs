//! The note editor: a box over the browser with the node's label path in
//! its title, the node's headline, the note's rows, and the save and
//! cancel keys in its bottom border. The terminal cursor sits at the
//! caret, so input methods draw their pre-edit text in place.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::layout::{centered, with_margin};
use super::{paint, text};
use crate::app::{App, NoteEdit};
use crate::grid::Grid;
use crate::i18n::Lang;
use crate::review::export::label_path;

/// The widest and tallest the box gets.
const MAX_WIDTH: u16 = 76;
const MAX_HEIGHT: u16 = 14;

/// The box on a screen of `area`: centred, a cell of margin each side
/// when there is room.
pub fn outer(area: Rect) -> Rect {
    let w = MAX_WIDTH.min(area.width.saturating_sub(2).max(area.width.min(20)));
    let h = MAX_HEIGHT.min(area.height.saturating_sub(2).max(area.height.min(6)));
    centered(area, w, h)
}

/// Whether the box has a border (else it is all text field).
fn bordered(outer: Rect) -> bool {
    outer.width >= 8 && outer.height >= 4
}

/// Whether the box has room for the node's headline above the field.
fn has_context(outer: Rect) -> bool {
    bordered(outer) && outer.height >= 6
}

/// The text field of the editor on a screen of `area`: inside the border
/// and a space each side, below the headline. The app sizes the editor to
/// it ([`crate::input::TextArea::set_viewport`]).
pub fn field(area: Rect) -> Rect {
    let outer = outer(area);
    if !bordered(outer) {
        return outer;
    }
    let top = if has_context(outer) { 2 } else { 1 };
    let side = if outer.width >= 12 { 2 } else { 1 };
    Rect::new(
        outer.x + side,
        outer.y + top,
        outer.width - 2 * side,
        outer.height - top - 1,
    )
}

/// Draws the editor over `area`; returns the caret's cell.
pub fn draw(grid: &mut Grid, area: Rect, app: &App, note: &NoteEdit) -> Option<Position> {
    let theme = app.theme();
    let w = app.lang().review();
    let doc = app.doc();
    let node = doc.node(note.idx);
    let outer = outer(area);
    let field = field(area);
    grid.render(with_margin(outer, area), |a, b| Clear.render(a, b));
    if bordered(outer) {
        let path = label_path(doc, note.idx);
        let title = format!(" {} · {} ", w.note_title, path);
        let (keys, keys_style) = if note.discard_armed {
            (w.note_discard, theme.error())
        } else {
            (w.note_keys, theme.bold())
        };
        let room = usize::from(outer.width.saturating_sub(4));
        // Which rows of a note longer than the field show, as the panes
        // say it.
        let rows = note.editor.rows().len();
        let shown = super::position(note.editor.scroll(), usize::from(field.height), rows);
        let keys_width = text::width(keys) + 2;
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Line::styled(
                text::truncate(&title, room),
                theme.border(true),
            ))
            .title_bottom(
                Line::styled(
                    format!(" {} ", text::truncate(keys, room.saturating_sub(2))),
                    keys_style,
                )
                .right_aligned(),
            );
        if let Some(p) = shown.filter(|p| text::width(p) + 3 + keys_width <= room) {
            block = block.title_bottom(Line::styled(format!(" {p} "), theme.border(true)));
        }
        grid.render(outer, |a, b| block.render(a, b));
        if has_context(outer) {
            let symbol = Lang::kind_symbol(node.kind);
            let headline = format!("{symbol} {}", node.headline());
            let line = Line::styled(
                text::truncate(&headline, usize::from(field.width)),
                theme.dim(),
            );
            paint::line(&line, Rect::new(field.x, outer.y + 1, field.width, 1), grid);
        }
    }
    let editor = &note.editor;
    if editor.is_empty() {
        let hint = if editor.opened_empty() {
            w.note_new_hint
        } else {
            w.note_empty_hint
        };
        let line = Line::from(Span::styled(
            text::truncate(hint, usize::from(field.width)),
            theme.dim(),
        ));
        paint::line(&line, Rect::new(field.x, field.y, field.width, 1), grid);
    }
    for (i, row) in editor.visible_rows().into_iter().enumerate() {
        if i >= usize::from(field.height) {
            break;
        }
        let y = field.y + i as u16;
        let line = Line::raw(row.to_string());
        paint::line(&line, Rect::new(field.x, y, field.width, 1), grid);
    }
    let (row, col) = editor.caret_position();
    let row = row.checked_sub(editor.scroll())?;
    (row < usize::from(field.height) && field.width > 0).then(|| {
        Position::new(
            field.x + (col as u16).min(field.width - 1),
            field.y + row as u16,
        )
    })
}

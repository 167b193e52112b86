//! The help overlay, generated from the key table
//! ([`crate::keymap::help_entries`]) plus the note editor's keys, the
//! tree's symbols, the mouse gestures and, while reviewing, where the
//! marks are saved.

use std::path::Path;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::layout::{centered, with_margin};
use super::tree::{FOLDED, META_SYMBOL, OPEN};
use super::{Theme, paint, position, text};
use crate::app::App;
use crate::doc::Kind;
use crate::grid::Grid;
use crate::i18n::{FLAGGED, Lang, NOTE, REVIEWED};
use crate::keymap::{HelpEntry, help_entries, prompt_help_entries};

/// The help text for a screen of `area`, one entry per line: the state
/// file (when reviewing; its path wrapped to fit the box), the browsing
/// keys, the search prompt's keys, the note editor's keys, the symbols of
/// kinds and marks, the mouse; keys, symbols and gestures in one column,
/// each description under its keys where the box is too narrow for both.
pub fn lines(area: Rect, lang: Lang, theme: Theme, state: Option<&Path>) -> Vec<Line<'static>> {
    let w = lang.words();
    let entries = help_entries(lang);
    let prompt = prompt_help_entries(lang);
    let note: Vec<HelpEntry> = lang
        .review()
        .note_editing
        .iter()
        .chain(&w.editing_help)
        .map(|(keys, description)| HelpEntry {
            keys: (*keys).to_string(),
            description,
        })
        .collect();
    let mut out = Vec::new();
    // The widest the box's text gets.
    let room = usize::from(area.width.saturating_sub(4));
    if let Some(path) = state {
        out.push(Line::styled(
            lang.review().state_file.to_string(),
            theme.bold(),
        ));
        // Less the indent.
        let room = room.saturating_sub(2);
        // `wrap_path` makes unsafe characters visible, as everywhere.
        for piece in text::wrap_path(&path.display().to_string(), room.max(1)) {
            out.push(Line::raw(format!("  {piece}")));
        }
        out.push(Line::default());
    }
    let tree_symbols = [
        (META_SYMBOL.to_string(), w.document_symbol),
        (OPEN.to_string(), w.open_symbol),
        (FOLDED.to_string(), w.folded_symbol),
    ];
    let symbols: Vec<(String, &str)> = tree_symbols
        .into_iter()
        .chain(
            Kind::ALL
                .iter()
                .map(|&k| (Lang::kind_symbol(k).to_string(), lang.kind_name_alone(k))),
        )
        .chain([
            ("[n/m]".to_string(), w.progress_symbol),
            (REVIEWED.to_string(), lang.review().reviewed),
            (FLAGGED.to_string(), lang.review().flagged),
            (NOTE.to_string(), lang.review().note),
        ])
        .collect();
    let mouse: Vec<(String, &str)> = w
        .mouse_help
        .iter()
        .map(|&(g, effect)| (g.to_string(), effect))
        .collect();
    let as_pairs = |entries: &[HelpEntry]| -> Vec<(String, &str)> {
        entries
            .iter()
            .map(|e| (e.keys.clone(), e.description))
            .collect()
    };
    let mut sections = vec![
        (w.keys, as_pairs(&entries)),
        (w.prompt_keys, as_pairs(&prompt)),
    ];
    if state.is_some() {
        sections.push((lang.review().note_help, as_pairs(&note)));
    }
    sections.push((w.symbols, symbols));
    sections.push((w.mouse, mouse));
    // One column of keys, symbols and gestures for every section.
    let keys_w = sections
        .iter()
        .flat_map(|(_, section)| section.iter())
        .map(|(keys, _)| text::width(keys))
        .max()
        .unwrap_or(0);
    for (k, (title, section)) in sections.into_iter().enumerate() {
        if k > 0 {
            out.push(Line::default());
        }
        out.push(Line::styled(title.to_string(), theme.bold()));
        for (keys, description) in section {
            let pad = keys_w - text::width(&keys);
            if 2 + keys_w + 2 + text::width(description) > room {
                // Too narrow for both columns: the description goes under
                // its keys, as wide as the box allows.
                out.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(keys, theme.bold()),
                ]));
                for piece in text::wrap(description, room.saturating_sub(4).max(1)) {
                    out.push(Line::raw(format!("    {piece}")));
                }
                continue;
            }
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, theme.bold()),
                Span::raw(" ".repeat(pad + 2)),
                Span::raw(description),
            ]));
        }
    }
    out
}

/// The overlay's box within `area`: as wide as its longest line (plus
/// border and a space each side), as tall as its lines, centred, never
/// larger than `area`.
fn outer(area: Rect, lines: &[Line]) -> Rect {
    let content_w = lines.iter().map(Line::width).max().unwrap_or(0);
    let w = u16::try_from(content_w + 4).unwrap_or(u16::MAX);
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    centered(area, w, h)
}

/// Content area of the box: inside the border and the side padding, or
/// the whole box when it is too small for a border.
fn inner(outer: Rect) -> Rect {
    if outer.width >= 6 && outer.height >= 3 {
        Rect::new(outer.x + 2, outer.y + 1, outer.width - 4, outer.height - 2)
    } else {
        outer
    }
}

/// The content area of the overlay on a screen of `area`, and the number
/// of help lines (for scrolling).
pub fn inner_and_len(area: Rect, lang: Lang, theme: Theme, state: Option<&Path>) -> (Rect, usize) {
    let lines = lines(area, lang, theme, state);
    (inner(outer(area, &lines)), lines.len())
}

/// Draws the overlay over whatever is in `area`, from line `scroll`.
pub fn draw(grid: &mut Grid, area: Rect, app: &App, scroll: usize) {
    let theme = app.theme();
    let w = app.lang().words();
    let state = app.session().map(|s| s.path().to_path_buf());
    let lines = lines(area, app.lang(), theme, state.as_deref());
    let outer = outer(area, &lines);
    let inner = inner(outer);
    let h = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let bottom = match position(scroll, h, lines.len()) {
        Some(p) => format!("{p} · {}", w.hint_close_help),
        None => w.hint_close_help.to_string(),
    };
    grid.render(with_margin(outer, area), |a, b| Clear.render(a, b));
    if inner != outer {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Line::styled(format!(" {} ", w.help), theme.border(true)))
            .title_bottom(Line::from(format!(" {} ", bottom)).right_aligned());
        grid.render(outer, |a, b| block.render(a, b));
    }
    for (i, line) in lines.iter().skip(scroll).take(h).enumerate() {
        paint::line(
            line,
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
            grid,
        );
    }
}

//! The tree pane: one row per visible entry, only the rows that fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::layout::Pane;
use super::{Theme, focused, pane_block, position, text};
use crate::app::{App, Entry, Focus};
use crate::doc::{Document, Kind, NodeIdx};
use crate::i18n::Lang;

/// Marker of the document and closing entries.
pub const META_SYMBOL: char = '≡';
pub const FOLDED: char = '▸';
pub const OPEN: char = '▾';

/// Indentation in cells for a node at `depth` in a pane `width` cells
/// wide: two cells per level, but never more than a third of the width, so
/// very deep nodes stay readable.
pub fn indent(depth: u32, width: u16) -> u16 {
    let cap = width / 3;
    let wanted = u64::from(depth) * 2;
    u16::try_from(wanted).unwrap_or(u16::MAX).min(cap)
}

/// Column of the fold marker of a node at `depth` drawn in `inner`.
pub fn marker_x(inner: Rect, depth: u32) -> u16 {
    inner.x.saturating_add(indent(depth, inner.width))
}

/// Draws the tree pane.
pub fn draw(buf: &mut Buffer, pane: Pane, app: &App) {
    let inner = pane.inner;
    let rows = app.rows();
    let h = usize::from(inner.height);
    // Same clamp as the state applies; defensive if sizes disagree.
    let offset = app.tree_offset().min(rows.len().saturating_sub(h));
    if pane.bordered {
        let w = app.lang().words();
        pane_block(
            app.theme(),
            w.tree,
            focused(app, Focus::Tree),
            position(offset, h, rows.len()),
        )
        .render(pane.outer, buf);
    }
    let end = (offset + h).min(rows.len());
    for (i, entry) in rows[offset..end].iter().enumerate() {
        let y = inner.y + i as u16;
        let area = Rect::new(inner.x, y, inner.width, 1);
        let selected = offset + i == app.cursor();
        row_line(app, *entry, inner.width).render(area, buf);
        if selected {
            buf.set_style(area, app.theme().selected());
        }
    }
}

/// One row: indentation, fold marker, kind symbol, label, headline and,
/// when folded, the number of hidden nodes.
fn row_line(app: &App, entry: Entry, width: u16) -> Line<'static> {
    let theme = app.theme();
    let doc = app.doc();
    let words = app.lang().words();
    match entry {
        Entry::Front | Entry::Back => {
            let name = if entry == Entry::Front {
                words.front
            } else {
                words.back
            };
            let room = usize::from(width).saturating_sub(4);
            Line::from(vec![
                Span::raw("  "),
                Span::styled(META_SYMBOL.to_string(), theme.bold()),
                Span::raw(" "),
                Span::styled(text::truncate(name, room), theme.bold()),
            ])
        }
        Entry::Node(idx) => {
            let node = doc.node(idx);
            let folded = app.is_folded(idx);
            let marker = match (node.children.is_empty(), folded) {
                (true, _) => ' ',
                (false, true) => FOLDED,
                (false, false) => OPEN,
            };
            let pad = indent(node.depth, width);
            let mut spans = vec![
                Span::raw(" ".repeat(usize::from(pad))),
                Span::raw(marker.to_string()),
                Span::raw(" "),
                Span::styled(
                    Lang::kind_symbol(node.kind).to_string(),
                    theme.kind(node.kind),
                ),
                Span::raw(" "),
            ];
            let mut room = usize::from(width).saturating_sub(usize::from(pad) + 4);
            let suffix = if folded {
                format!(" (+{})", hidden(doc, idx))
            } else {
                String::new()
            };
            if let Some(label) = shown_label(node.label.as_deref()) {
                let label = text::truncate(label, room);
                room = room.saturating_sub(text::width(&label) + 1);
                spans.push(Span::styled(label, label_style(theme, node.kind)));
                spans.push(Span::raw(" "));
            }
            let suffix_w = text::width(&suffix);
            let headline_room = room.saturating_sub(suffix_w);
            spans.push(Span::raw(text::truncate(node.headline(), headline_room)));
            if suffix_w <= room {
                spans.push(Span::styled(suffix, theme.dim()));
            }
            Line::from(spans)
        }
    }
}

fn label_style(theme: Theme, kind: Kind) -> Style {
    match kind {
        Kind::Heading => theme.bold(),
        _ => Style::new(),
    }
}

/// A label worth showing: bullets like `-` say nothing the kind symbol
/// does not.
pub fn shown_label(label: Option<&str>) -> Option<&str> {
    label.filter(|l| l.chars().any(char::is_alphanumeric))
}

/// Number of nodes hidden under a folded node.
fn hidden(doc: &Document, idx: NodeIdx) -> usize {
    doc.subtree_end(idx) - idx.get() - 1
}

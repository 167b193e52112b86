//! The tree pane: one row per visible entry, only the rows that fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout::Pane;
use super::{Theme, focused, marks, paint, pane_frame, position, runs_to_spans, text};
use crate::app::{App, Entry, Focus};
use crate::doc::{Document, Kind, NodeIdx};
use crate::i18n::Lang;
use crate::search::Field;

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

/// Column of the fold marker of a node at `depth` drawn in `inner` for
/// `app` (after the marks column, when reviewing).
pub fn marker_x(inner: Rect, depth: u32, app: &App) -> u16 {
    let marks = marks::column(app).min(inner.width);
    inner
        .x
        .saturating_add(marks)
        .saturating_add(indent(depth, inner.width - marks))
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
        pane_frame(
            buf,
            pane.outer,
            app.theme(),
            w.tree,
            focused(app, Focus::Tree),
            position(offset, h, rows.len()),
        );
    }
    let end = (offset + h).min(rows.len());
    for (i, entry) in rows[offset..end].iter().enumerate() {
        let y = inner.y + i as u16;
        let area = Rect::new(inner.x, y, inner.width, 1);
        let selected = offset + i == app.cursor();
        paint::line(&row_line(app, *entry, inner.width), area, buf);
        if selected {
            buf.set_style(area, app.theme().selected());
        }
    }
    // A sparse view with no match, or nothing left to review: say so
    // rather than show a bare tree.
    let no_match = app.sparse_view() && app.matches().is_some_and(|m| m.is_empty());
    let all_reviewed = app.unreviewed_only() && rows.len() <= 1;
    if (no_match || all_reviewed) && end - offset < h {
        let y = inner.y + (end - offset) as u16;
        let says = if no_match {
            app.lang().words().sparse_empty
        } else {
            app.lang().review().all_reviewed
        };
        let says = Line::styled(
            text::truncate(says, usize::from(inner.width)),
            app.theme().dim(),
        );
        paint::line(&says, Rect::new(inner.x, y, inner.width, 1), buf);
    }
}

/// One row: the marks column (when reviewing), indentation, fold marker,
/// kind symbol, label, the `[2/5]` progress of a heading, headline and,
/// when folded, the number of hidden nodes. A match has its symbol and the
/// query's words in the label and headline highlighted.
fn row_line(app: &App, entry: Entry, width: u16) -> Line<'static> {
    let column = marks::column(app).min(width);
    let mut line = row_body(app, entry, width - column);
    if column > 0 {
        let mut spans = match entry {
            Entry::Node(idx) => marks::row_marks(app, idx),
            Entry::Front | Entry::Back => vec![Span::raw(" ".repeat(usize::from(column)))],
        };
        spans.append(&mut line.spans);
        line.spans = spans;
    }
    line
}

fn row_body(app: &App, entry: Entry, width: u16) -> Line<'static> {
    let theme = app.theme();
    let doc = app.doc();
    let words = app.lang().words();
    let is_match = app.is_match(entry);
    let symbol_style = |style: Style| {
        if is_match {
            style.patch(theme.highlight())
        } else {
            style
        }
    };
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
                Span::styled(META_SYMBOL.to_string(), symbol_style(theme.bold())),
                Span::raw(" "),
                Span::styled(text::truncate(name, room), theme.bold()),
            ])
        }
        Entry::Node(idx) => {
            let node = doc.node(idx);
            let folded = app.is_folded(idx);
            // Highlights only for the rows drawn, and only for matches.
            let hl = app.highlights(entry);
            let marker = match (!app.has_visible_children(idx), folded) {
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
                    symbol_style(theme.kind(node.kind)),
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
                let ranges: Vec<_> = hl.ranges(Field::Label).collect();
                let label = text::truncate_runs(label, &ranges, room);
                room = room.saturating_sub(text::runs_width(&label) + 1);
                spans.extend(runs_to_spans(label, label_style(theme, node.kind), theme));
                spans.push(Span::raw(" "));
            }
            // Org mode's [2/5], before the headline so that it is never cut.
            if node.kind == Kind::Heading
                && let Some(session) = app.session()
                && let Some(cookie) = marks::cookie(session.marks().progress(idx), theme)
            {
                let w = text::width(&cookie.content);
                if w < room {
                    room -= w + 1;
                    spans.push(cookie);
                    spans.push(Span::raw(" "));
                }
            }
            let suffix_w = text::width(&suffix);
            let headline_room = room.saturating_sub(suffix_w);
            let headline = node.headline();
            // The headline is the title, else the first paragraph of the
            // text: the text's ranges that fall inside it.
            let ranges: Vec<_> = if node.title.is_some() {
                hl.ranges(Field::Title).collect()
            } else {
                let all: Vec<_> = hl.ranges(Field::Text).collect();
                text::shift_ranges(&all, 0..headline.len())
            };
            let headline = text::truncate_runs(headline, &ranges, headline_room);
            spans.extend(runs_to_spans(headline, Style::new(), theme));
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

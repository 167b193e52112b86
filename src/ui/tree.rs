//! The tree pane: one row per visible entry, only the rows that fit.

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout::Pane;
use super::{Theme, focused, marks, paint, pane_frame, position, runs_to_spans, text};
use crate::app::{App, Entry, Focus};
use crate::doc::{Document, Kind, NodeIdx};
use crate::grid::Grid;
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
pub fn draw(grid: &mut Grid, pane: Pane, app: &App) {
    let inner = pane.inner;
    let rows = app.rows();
    let h = usize::from(inner.height);
    // Same clamp as the state applies; defensive if sizes disagree.
    let offset = app.tree_offset().min(rows.len().saturating_sub(h));
    if pane.bordered {
        let w = app.lang().words();
        pane_frame(
            grid,
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
        paint::line(&row_line(app, *entry, inner.width), area, grid);
        if selected {
            grid.set_style(area, app.theme().selected());
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
        paint::line(&says, Rect::new(inner.x, y, inner.width, 1), grid);
    }
}

/// One row: the marks column (when reviewing), indentation, fold marker,
/// kind symbol, label, the `[2/5]` progress of a heading, headline and,
/// when folded, the number of hidden nodes. A match has its symbol and the
/// query's words in the label and headline highlighted. Borrows from the
/// document what it can: a row is built for every visible row of every
/// frame.
fn row_line(app: &App, entry: Entry, width: u16) -> Line<'_> {
    let column = marks::column(app).min(width);
    let mut spans = Vec::with_capacity(12);
    if column > 0 {
        match entry {
            Entry::Node(idx) => spans.extend(marks::row_marks(app, idx)),
            Entry::Front | Entry::Back => spans.push(Span::raw(spaces(usize::from(column)))),
        }
    }
    row_body(app, entry, width - column, &mut spans);
    Line::from(spans)
}

/// `n` spaces, borrowed when there are few.
fn spaces(n: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

/// `c` as a string, borrowed for the tree's own symbols.
fn symbol(c: char) -> Cow<'static, str> {
    match c {
        ' ' => Cow::Borrowed(" "),
        FOLDED => Cow::Borrowed("▸"),
        OPEN => Cow::Borrowed("▾"),
        META_SYMBOL => Cow::Borrowed("≡"),
        '§' => Cow::Borrowed("§"),
        '•' => Cow::Borrowed("•"),
        '+' => Cow::Borrowed("+"),
        '−' => Cow::Borrowed("−"),
        '?' => Cow::Borrowed("?"),
        '→' => Cow::Borrowed("→"),
        c => Cow::Owned(c.to_string()),
    }
}

/// `s` cut to `room` cells in `style`, highlighting `ranges`, appended to
/// `spans`; returns the width used. Borrows `s` when it fits unmarked.
fn push_cut<'a>(
    spans: &mut Vec<Span<'a>>,
    s: &'a str,
    ranges: &[std::ops::Range<usize>],
    room: usize,
    style: Style,
    theme: Theme,
) -> usize {
    if ranges.is_empty() {
        let cut = text::truncated(s, room);
        let w = text::width(&cut);
        if !cut.is_empty() {
            spans.push(Span::styled(cut, style));
        }
        return w;
    }
    let runs = text::truncate_runs(s, ranges, room);
    let w = text::runs_width(&runs);
    spans.extend(runs_to_spans(runs, style, theme));
    w
}

fn row_body<'a>(app: &'a App, entry: Entry, width: u16, spans: &mut Vec<Span<'a>>) {
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
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                symbol(META_SYMBOL),
                symbol_style(theme.bold()),
            ));
            spans.push(Span::raw(" "));
            spans.push(Span::styled(text::truncated(name, room), theme.bold()));
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
            spans.push(Span::raw(spaces(usize::from(pad))));
            spans.push(Span::raw(symbol(marker)));
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                symbol(Lang::kind_symbol(node.kind)),
                symbol_style(theme.kind(node.kind)),
            ));
            spans.push(Span::raw(" "));
            let mut room = usize::from(width).saturating_sub(usize::from(pad) + 4);
            let suffix = if folded {
                format!(" (+{})", hidden(doc, idx))
            } else {
                String::new()
            };
            if let Some(label) = shown_label(node.label.as_deref()) {
                let ranges: Vec<_> = hl.ranges(Field::Label).collect();
                let w = push_cut(
                    spans,
                    label,
                    &ranges,
                    room,
                    label_style(theme, node.kind),
                    theme,
                );
                room = room.saturating_sub(w + 1);
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
            push_cut(spans, headline, &ranges, headline_room, Style::new(), theme);
            if suffix_w <= room {
                spans.push(Span::styled(suffix, theme.dim()));
            }
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

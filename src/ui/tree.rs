//! The tree pane: one row per visible entry, only the rows that fit.

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::layout::Pane;
use super::paint::{Pieces, RowCells};
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
        let mut cells = RowCells::new(grid.row(inner.x, y, inner.right()));
        row_pieces(app, *entry, inner.width, &mut cells);
        if cells.fell_back() {
            paint::line(&row_line(app, *entry, inner.width), area, grid);
        }
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
    let mut spans = Vec::with_capacity(12);
    row_pieces(app, entry, width, &mut spans);
    Line::from(spans)
}

/// The pieces of [`row_line`], pushed to `out`.
fn row_pieces<'a>(app: &'a App, entry: Entry, width: u16, out: &mut impl Pieces<'a>) {
    let column = marks::column(app).min(width);
    if column > 0 {
        match entry {
            Entry::Node(idx) => {
                for span in marks::row_marks(app, idx) {
                    out.piece(span.content, span.style);
                }
            }
            Entry::Front | Entry::Back => {
                out.piece(text::spaces(usize::from(column)), Style::new())
            }
        }
    }
    row_body(app, entry, width - column, out);
}

/// `c` as a string, borrowed for the tree's own symbols.
fn symbol(c: char) -> Cow<'static, str> {
    match c {
        ' ' => Cow::Borrowed(" "),
        FOLDED => Cow::Borrowed("▸"),
        OPEN => Cow::Borrowed("▾"),
        META_SYMBOL => Cow::Borrowed("≡"),
        c => Cow::Owned(c.to_string()),
    }
}

/// `s` cut to `room` cells in `style`, highlighting `ranges`, pushed to
/// `out`; returns the width used. Borrows `s` unless it is marked or is
/// not all simple characters.
fn push_cut<'a>(
    out: &mut impl Pieces<'a>,
    s: &'a str,
    ranges: &[std::ops::Range<usize>],
    room: usize,
    style: Style,
    theme: Theme,
) -> usize {
    if ranges.is_empty() {
        if let Some(w) = out.cut(s, room, style) {
            return w;
        }
        let (cut, w) = text::truncated_width(s, room);
        out.piece(cut, style);
        return w;
    }
    let runs = text::truncate_runs(s, ranges, room);
    let w = text::runs_width(&runs);
    for span in runs_to_spans(runs, style, theme) {
        out.piece(span.content, span.style);
    }
    w
}

fn row_body<'a>(app: &'a App, entry: Entry, width: u16, out: &mut impl Pieces<'a>) {
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
            out.piece(Cow::Borrowed("  "), Style::new());
            out.piece(symbol(META_SYMBOL), symbol_style(theme.bold()));
            out.piece(Cow::Borrowed(" "), Style::new());
            out.piece(text::truncated(name, room), theme.bold());
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
            out.piece(text::spaces(usize::from(pad)), Style::new());
            out.piece(symbol(marker), Style::new());
            out.piece(Cow::Borrowed(" "), Style::new());
            out.piece(
                Cow::Borrowed(Lang::kind_symbol(node.kind)),
                symbol_style(theme.kind(node.kind)),
            );
            out.piece(Cow::Borrowed(" "), Style::new());
            let mut room = usize::from(width).saturating_sub(usize::from(pad) + 4);
            let suffix = if folded {
                format!(" (+{})", hidden(doc, idx))
            } else {
                String::new()
            };
            if let Some(label) = shown_label(node.label.as_deref()) {
                let ranges: Vec<_> = hl.ranges(Field::Label).collect();
                let w = push_cut(
                    out,
                    label,
                    &ranges,
                    room,
                    label_style(theme, node.kind),
                    theme,
                );
                room = room.saturating_sub(w + 1);
                out.piece(Cow::Borrowed(" "), Style::new());
            }
            // Org mode's [2/5], before the headline so that it is never cut.
            if node.kind == Kind::Heading
                && let Some(session) = app.session()
                && let Some(cookie) = marks::cookie(session.marks().progress(idx), theme)
            {
                let w = text::width(&cookie.content);
                if w < room {
                    room -= w + 1;
                    out.piece(cookie.content, cookie.style);
                    out.piece(Cow::Borrowed(" "), Style::new());
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
            push_cut(out, headline, &ranges, headline_room, Style::new(), theme);
            if suffix_w <= room {
                out.piece(Cow::Owned(suffix), theme.dim());
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

pub use crate::doc::shown_label;

/// Number of nodes hidden under a folded node.
fn hidden(doc: &Document, idx: NodeIdx) -> usize {
    doc.subtree_end(idx) - idx.get() - 1
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    use super::*;
    use crate::action::Action;
    use crate::doc::Meta;
    use crate::doc::testing::node;
    use crate::review::{Reviewer, Session};

    /// Texts for labels and headlines: simple, cut, empty, and not simple
    /// (marks, decomposed, wide, emoji, controls), at the start, middle
    /// and end.
    const TEXTS: &[&str] = &[
        "Về công tác tổ chức bộ máy",
        "Kết luận của Ban Thường vụ Tỉnh ủy về tình hình thực hiện nhiệm vụ năm 2016 và phương hướng",
        "",
        "-",
        "Vie\u{323}\u{302}t Nam",
        "tổ chức 漢字 bộ máy",
        "a\u{301}",
        "\u{2764}\u{FE0F} tim",
        "tab\there\u{1b}[31m",
        "e\u{301}",
        "I.",
    ];

    /// A document using every text as label, title and text, nested.
    fn document() -> Document {
        let mut nodes = Vec::new();
        for (i, t) in TEXTS.iter().enumerate() {
            for (j, kind) in [Kind::Heading, Kind::Point, Kind::Task]
                .into_iter()
                .enumerate()
            {
                let k = i * 3 + j;
                let mut n = node(&format!("n{k}"), kind);
                n.label = (j != 1).then(|| TEXTS[(i + 3) % TEXTS.len()].to_string());
                if j == 2 {
                    n.title = None;
                    n.text = Some(format!("{t}\n\n{}", TEXTS[(i + 1) % TEXTS.len()]));
                } else {
                    n.title = Some(t.to_string());
                }
                let parent = k.checked_sub(1 + j % 2);
                nodes.push((n, parent));
            }
        }
        Document::from_file_order(Meta::default(), nodes)
    }

    /// Every row, drawn cell by cell into a grid that holds something,
    /// comes out as the line [`row_line`] draws.
    #[test]
    fn rows_written_to_cells_are_the_lines() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let who = Reviewer::parse("lan").expect("a valid name");
        let doc = document();
        let session =
            Session::open(&doc, Some(&dir.path().join("s.toml")), who).expect("a new state file");
        let mut app = App::new(doc, Lang::Vi).with_session(session);
        for step in 0..12 {
            app.update(Action::Down);
            match step % 4 {
                0 => app.update(Action::ToggleReviewed),
                1 => app.update(Action::ToggleFlagged),
                2 => app.update(Action::ToggleFold),
                _ => false,
            };
        }
        // Matches highlighted in labels and headlines.
        app.update(Action::OpenSearch);
        for c in "to chuc".chars() {
            app.update(Action::Input(KeyEvent::from(KeyCode::Char(c))));
        }
        let area = Rect::new(0, 0, 64, 1);
        let mut compared = 0;
        for entry in app.rows().to_vec() {
            for width in 0..64 {
                let row = Rect::new(2, 0, width, 1);
                let mut ours = Grid::new(area);
                ours.set_style(area, Style::new().underlined());
                let mut theirs = ours.clone();
                let mut cells = RowCells::new(ours.row(row.x, row.y, row.right()));
                row_pieces(&app, entry, width, &mut cells);
                if cells.fell_back() {
                    paint::line(&row_line(&app, entry, width), row, &mut ours);
                } else {
                    compared += 1;
                }
                paint::line(&row_line(&app, entry, width), row, &mut theirs);
                let (mut a, mut b) = (
                    ratatui::buffer::Buffer::empty(area),
                    ratatui::buffer::Buffer::empty(area),
                );
                ours.copy_to(&mut a);
                theirs.copy_to(&mut b);
                assert_eq!(a, b, "{entry:?} in {width}");
            }
        }
        assert!(compared > 500, "{compared}");
    }
}

//! The top bar: document kind, date, title, and counts per kind; while
//! reviewing, the progress gauge and the NOT SAVED indicator.

use std::fmt::Write;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{marks, paint, text};
use crate::app::App;
use crate::doc::Kind;
use crate::grid::Grid;
use crate::i18n::Lang;

/// Widest the gauge gets on the second row; on narrower screens it takes
/// two fifths, the counts the rest.
const GAUGE_WIDTH: usize = 40;

/// Draws the header in `area` (one or two rows).
pub fn draw(grid: &mut Grid, area: Rect, app: &App) {
    let theme = app.theme();
    let meta = &app.doc().meta;
    let full = usize::from(area.width);
    // The indicator is never cut: it goes first, on the right.
    let badge = marks::badge(app);
    let badge_w = badge
        .as_ref()
        .map_or(0, |b| text::width(&b.content).min(full));
    // On a one-row header the progress shares the first row.
    let progress = app
        .session()
        .map(|s| (s.marks().overall(), app.flagged_count()));
    let inline = match progress {
        Some((p, f)) if area.height < 2 => {
            marks::gauge(p, f, app.lang(), theme, (full - badge_w) / 3)
        }
        _ => Vec::new(),
    };
    let inline_w: usize = inline.iter().map(|s| text::width(&s.content)).sum();
    let right_w = badge_w + inline_w + usize::from(badge_w + inline_w > 0);
    let width = full.saturating_sub(right_w);

    let mut lead = String::new();
    if let Some(kind) = &meta.kind {
        lead.push_str(kind);
    }
    if let Some(number) = &meta.number {
        push_sep(&mut lead, " ");
        lead.push_str(number);
    }
    if let Some(date) = meta.date {
        push_sep(&mut lead, " · ");
        lead.push_str(&date.to_string());
    }
    let lead = text::truncate(&lead, width);
    let title_room = if lead.is_empty() {
        width
    } else {
        width.saturating_sub(text::width(&lead) + 3)
    };
    let mut first = Vec::new();
    if !lead.is_empty() {
        first.push(Span::styled(lead, theme.bold()));
        if title_room > 0 {
            first.push(Span::raw(" │ "));
        }
    }
    if title_room > 0 {
        first.push(Span::raw(text::truncate(&meta.title, title_room)));
    }
    paint::line(
        &Line::from(first).style(theme.bar()),
        Rect::new(area.x, area.y, area.width, 1),
        grid,
    );
    let mut right = inline;
    if !right.is_empty() && badge.is_some() {
        right.push(Span::raw(" "));
    }
    right.extend(badge);
    right_aligned(grid, area.x, area.y, area.width, right);

    if area.height >= 2 {
        let gauge = match progress {
            Some((p, f)) => marks::gauge(p, f, app.lang(), theme, GAUGE_WIDTH.min(full * 2 / 5)),
            None => Vec::new(),
        };
        let gauge_w: usize = gauge.iter().map(|s| text::width(&s.content)).sum();
        let counts_w = full.saturating_sub(gauge_w + usize::from(gauge_w > 0) * 2);
        let counts = counts_line(app, counts_w);
        paint::line(&counts, Rect::new(area.x, area.y + 1, area.width, 1), grid);
        right_aligned(grid, area.x, area.y + 1, area.width, gauge);
    }
}

/// Draws `spans` at the right end of the row of `width` cells at `x`, `y`.
fn right_aligned(grid: &mut Grid, x: u16, y: u16, width: u16, spans: Vec<Span<'static>>) {
    let w: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let w = u16::try_from(w).unwrap_or(u16::MAX).min(width);
    if w > 0 {
        paint::line(&Line::from(spans), Rect::new(x + width - w, y, w, 1), grid);
    }
}

fn push_sep(s: &mut String, sep: &str) {
    if !s.is_empty() {
        s.push_str(sep);
    }
}

/// "Tổng 40  § 8 Mục  + 12 Kết quả …", kinds with no node left out. When
/// the names do not all fit in `width`, the kinds go by their symbols alone
/// ("§ 8  + 12 …"), and only if even that does not fit, cut at whole
/// entries. While a query or filter is active, the counts are of the
/// matches: "Khớp 7  § 1 Mục  + 3 Kết quả …" (or "Khớp 0").
fn counts_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.theme();
    let lang = app.lang();
    let (counts, total) = match app.matches() {
        Some(m) => (
            m.kind_counts(),
            format!("{} {}", lang.words().matches, m.len()),
        ),
        // While loading, the preview's counts are only a start.
        None if app.loading().is_some() => {
            (app.doc().kind_counts(), lang.loaded_so_far(app.doc().len()))
        }
        None => (app.doc().kind_counts(), lang.total(app.doc().len())),
    };
    // The width of "  S n name" (or "  S n") for a kind and its count,
    // without making the text: only the entries shown are made.
    let entry_width = |kind: Kind, named: bool| {
        let n = counts[kind.index()];
        let digits = n.checked_ilog10().map_or(1, |d| d as usize + 1);
        let name = if named {
            1 + text::width(lang.kind_name(kind))
        } else {
            0
        };
        2 + text::width(Lang::kind_symbol(kind)) + 1 + digits + name
    };
    let present = || {
        Kind::ALL
            .into_iter()
            .filter(|kind| counts[kind.index()] > 0)
    };
    let total_w = text::width(&total);
    let named = total_w + present().map(|k| entry_width(k, true)).sum::<usize>() <= width;
    let mut used = total_w;
    let mut spans = Vec::with_capacity(1 + 3 * Kind::ALL.len());
    spans.push(Span::styled(text::truncate(&total, width), theme.bold()));
    for kind in present() {
        let w = entry_width(kind, named);
        if used + w > width {
            break;
        }
        used += w;
        let n = counts[kind.index()];
        spans.push(Span::raw("  "));
        spans.push(Span::styled(Lang::kind_symbol(kind), theme.kind(kind)));
        let name = if named { lang.kind_name(kind) } else { "" };
        // Sized at once: `format!` would grow the string as it goes.
        let mut words = String::with_capacity(2 + 20 + name.len());
        let _ = write!(words, " {n}");
        if named {
            words.push(' ');
            words.push_str(name);
        }
        spans.push(Span::raw(words));
    }
    Line::from(spans)
}

//! The status line: the NOT SAVED indicator while reviewing, the load's
//! progress while a large notice loads, focused pane, position, selected
//! id, the search and filter in force, main keys; or a message until the
//! next key. While the search prompt is open it is the prompt.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::{marks, paint, text};
use crate::app::{App, Entry, Focus, Overlay};
use crate::grid::Grid;

/// Widest the query is shown on the status line while browsing.
const QUERY_WIDTH: usize = 24;
/// Narrowest the prompt's text field gets before the right side gives way.
const MIN_FIELD: usize = 8;

/// Most rows a message takes when it is too long for the status line.
const MESSAGE_ROWS: usize = 4;

/// Draws the status line in `area`, whose last row is the status line's
/// own: the rows above it are for a message too long for one row (see
/// [`height`]). Returns the caret's cell when it draws the prompt.
pub fn draw(grid: &mut Grid, area: Rect, app: &App) -> Option<Position> {
    let last = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    if app.prompt().is_some() {
        return prompt(grid, last, app);
    }
    if app.message().is_some() {
        message(grid, area, app);
    } else {
        browse(grid, last, app);
    }
    None
}

/// The rows the status line needs at `width`: one, or for a message too
/// long for it, as many as the message wraps to (at most
/// [`MESSAGE_ROWS`]), so that the end of a message (why a save failed,
/// where the minutes went) is never cut off.
pub fn height(app: &App, width: u16) -> u16 {
    let Some(message) = app.message().filter(|_| app.prompt().is_none()) else {
        return 1;
    };
    let lines = text::wrap(&message.text, message_room(app, width)).len();
    u16::try_from(lines.clamp(1, MESSAGE_ROWS)).unwrap_or(1)
}

/// The NOT SAVED or READ ONLY badge and its width, at most `width`.
fn badge(app: &App, width: u16) -> Option<(Span<'static>, u16)> {
    marks::badge(app).map(|badge| {
        let bw = u16::try_from(text::width(&badge.content))
            .unwrap_or(u16::MAX)
            .min(width);
        (badge, bw)
    })
}

/// The width a message wraps to: the line after the badge and a space.
fn message_room(app: &App, width: u16) -> usize {
    let bw = badge(app, width).map_or(0, |(_, bw)| bw);
    usize::from(width.saturating_sub(bw + 1))
}

/// A piece of the status line.
#[derive(Clone)]
struct Piece {
    text: String,
    style: Style,
}

impl Piece {
    fn new(text: impl Into<String>, style: Style) -> Piece {
        Piece {
            text: text.into(),
            style,
        }
    }
}

fn pieces_width(pieces: &[Piece]) -> usize {
    pieces.iter().map(|p| text::width(&p.text)).sum()
}

/// Groups of pieces joined by `sep`.
fn joined(groups: &[Vec<Piece>], sep: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(Piece::new(sep, Style::new()));
        }
        out.extend(group.iter().cloned());
    }
    out
}

fn render(pieces: Vec<Piece>, area: Rect, grid: &mut Grid) {
    let spans: Vec<Span> = pieces
        .into_iter()
        .map(|p| Span::styled(p.text, p.style))
        .collect();
    paint::line(&Line::from(spans), area, grid);
}

/// `[M/N]`, `[–/N]` when the selection is not a match, or "no match".
fn count(app: &App) -> Option<Piece> {
    let (m, n) = app.match_position()?;
    let bold = app.theme().bold();
    Some(if n == 0 {
        Piece::new(app.lang().words().no_match, bold)
    } else {
        let m = m.map_or_else(|| "–".to_string(), |m| m.to_string());
        Piece::new(format!("[{m}/{n}]"), bold)
    })
}

/// "Đang tải 37%…" while the notice loads.
fn loading(app: &App) -> Option<Piece> {
    let progress = app.loading()?;
    let loading = app.lang().words().loading;
    let text = match progress.percent() {
        Some(p) => format!("{loading} {p}%…"),
        None => format!("{loading}…"),
    };
    Some(Piece::new(text, app.theme().bold()))
}

/// "Lọc: Kết quả, Nhiệm vụ" and "chỉ mục khớp", when in force.
fn filters(app: &App) -> Vec<Vec<Piece>> {
    let lang = app.lang();
    let w = lang.words();
    let mut out = Vec::new();
    if let Some(kinds) = app.filter().kinds {
        let names: Vec<&str> = kinds.iter().map(|k| lang.kind_name(k)).collect();
        out.push(vec![Piece::new(
            format!("{}: {}", w.filter, names.join(", ")),
            app.theme().bold(),
        )]);
    }
    if app.sparse() {
        out.push(vec![Piece::new(w.sparse, Style::new())]);
    }
    if app.unreviewed_only() {
        out.push(vec![Piece::new(
            lang.review().unreviewed_only,
            app.theme().bold(),
        )]);
    }
    out
}

/// The summary of the search and filters in force, each part its group.
fn summary(app: &App) -> Vec<Vec<Piece>> {
    let mut groups = Vec::new();
    groups.extend(loading(app).map(|p| vec![p]));
    let mut search = Vec::new();
    if app.has_query() {
        let q = text::truncate(app.query_text().trim(), QUERY_WIDTH);
        search.push(Piece::new(format!("/{q} "), Style::new()));
    }
    if let Some(c) = count(app) {
        search.push(c);
    }
    if !search.is_empty() {
        groups.push(search);
    }
    groups.extend(filters(app));
    groups
}

/// Fills `area` in the bar's style and draws the badge, if any, at the
/// start of its first row. Returns `area` right of the badge, every row
/// starting as far in.
fn after_badge(grid: &mut Grid, area: Rect, app: &App) -> Rect {
    if area.height > 1 {
        // The rows above the status line's own hold the panes' text.
        grid.render(area, |a, b| Clear.render(a, b));
    }
    grid.set_style(area, app.theme().bar());
    // The NOT SAVED indicator comes first and is never cut.
    match badge(app, area.width) {
        Some((badge, bw)) => {
            paint::line(&Line::from(badge), Rect::new(area.x, area.y, bw, 1), grid);
            Rect::new(area.x + bw, area.y, area.width - bw, area.height)
        }
        None => area,
    }
}

/// The message, wrapped over the rows of `area`; the last row ends with
/// "…" when it still does not fit.
fn message(grid: &mut Grid, area: Rect, app: &App) {
    let Some(message) = app.message() else {
        return;
    };
    let theme = app.theme();
    let style = if message.error {
        theme.error()
    } else {
        theme.bold()
    };
    let room = message_room(app, area.width);
    let area = after_badge(grid, area, app);
    let lines = text::wrap(&message.text, room);
    let rows = usize::from(area.height);
    for (i, line) in lines.iter().take(rows).enumerate() {
        let shown = if i + 1 == rows && lines.len() > rows {
            text::truncate(&format!("{line} {}", lines[rows..].join(" ")), room)
        } else {
            line.clone()
        };
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        paint::line(
            &Line::from(Span::styled(format!(" {shown}"), style)),
            row,
            grid,
        );
    }
}

fn browse(grid: &mut Grid, area: Rect, app: &App) {
    let w = app.lang().words();
    let area = after_badge(grid, area, app);
    let width = usize::from(area.width);

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
    let review = app.lang().review();
    let hints: Vec<String> = if app.help().is_some() {
        vec![w.hint_close_help.to_string()]
    } else if let Some(overlay) = app.overlay() {
        // The browser's keys do nothing while a note or a question is
        // open: the status line says what does.
        let Overlay::Note(note) = overlay else {
            return overlay_line(grid, area, app, review.confirm_status.to_string());
        };
        // The entry is named in the note box's title, by its path: its id
        // is the file's, not the reader's.
        let keys = if note.discard_armed {
            review.note_discard
        } else {
            review.note_keys
        };
        return overlay_line(grid, area, app, format!("{} · {keys}", review.note_status));
    } else if app.matches().is_some() || app.sparse() {
        vec![
            format!("n/N: {}", w.hint_next),
            format!("x: {}", w.hint_clear),
            format!("?: {}", w.hint_help),
            format!("q: {}", w.hint_quit),
        ]
    } else if app.unreviewed_only() {
        vec![
            format!("]/[: {}", w.hint_next),
            format!("x: {}", w.hint_clear),
            format!("?: {}", w.hint_help),
            format!("q: {}", w.hint_quit),
        ]
    } else {
        let mut hints = vec![format!("?: {}", w.hint_help)];
        if app.session().is_some() {
            hints.push(format!("Space: {}", app.lang().review().hint_mark));
        }
        hints.extend([
            format!("/: {}", w.hint_search),
            format!("Tab: {}", w.hint_focus),
            format!("q: {}", w.hint_quit),
        ]);
        hints
    };
    // The search and filters in force always show; hints go from the
    // right until they fit beside the position, which is cut last.
    let summary = joined(&summary(app), " · ");
    let left_w = text::width(&left);
    let mut right = Vec::new();
    for n in (0..=hints.len()).rev() {
        let mut candidate = summary.clone();
        if n > 0 {
            if !candidate.is_empty() {
                candidate.push(Piece::new("  ", Style::new()));
            }
            candidate.push(Piece::new(hints[..n].join("  "), Style::new()));
        }
        if !candidate.is_empty() {
            candidate.push(Piece::new(" ", Style::new()));
        }
        if left_w + 2 + pieces_width(&candidate) <= width || n == 0 {
            right = candidate;
            break;
        }
    }
    let right_w = pieces_width(&right).min(width);
    let left_room = width.saturating_sub(right_w + 1);
    paint::line(&Line::from(text::truncated(&left, left_room)), area, grid);
    if right_w > 0 {
        let rw = right_w as u16;
        let r = Rect::new(area.x + area.width - rw, area.y, rw, 1);
        render(right, r, grid);
    }
}

/// The status line while a note or a question is open: what is going on
/// and its keys, in place of the browser's.
fn overlay_line(grid: &mut Grid, area: Rect, app: &App, text: String) {
    let room = usize::from(area.width).saturating_sub(1);
    paint::line(
        &Line::from(Span::styled(
            format!(" {}", text::truncate(&text, room)),
            app.theme().bold(),
        )),
        area,
        grid,
    );
}

/// The prompt: its label, the text scrolled to keep the caret in view,
/// and on the right the count, the filters and the prompt's keys, as far
/// as they fit beside a usable text field.
fn prompt(grid: &mut Grid, area: Rect, app: &App) -> Option<Position> {
    let editor = app.prompt()?;
    let theme = app.theme();
    let w = app.lang().words();
    let width = usize::from(area.width);
    let label = format!(" {}: ", w.search);
    let label_w = text::width(&label).min(width);

    let mut groups: Vec<Vec<Piece>> = Vec::new();
    // While loading there is no count yet: the search runs at the end.
    groups.extend(loading(app).map(|p| vec![p]));
    if !editor.text().trim().is_empty()
        && let Some(c) = count(app)
    {
        groups.push(vec![c]);
    }
    groups.extend(filters(app));
    groups.push(vec![Piece::new(
        format!("Enter: {}  Esc: {}", w.hint_accept, w.hint_cancel),
        theme.dim(),
    )]);
    // Give way from the right until the field is wide enough.
    let mut right = Vec::new();
    for n in (1..=groups.len()).rev() {
        let candidate = joined(&groups[..n], " · ");
        if label_w + MIN_FIELD + pieces_width(&candidate) + 2 <= width {
            right = candidate;
            break;
        }
    }
    let right_w = if right.is_empty() {
        0
    } else {
        pieces_width(&right) + 1
    };
    let field = width.saturating_sub(label_w + right_w + 1);

    let label_line = Line::from(Span::styled(
        text::truncate(&label, width),
        theme.bold().patch(theme.bar()),
    ));
    paint::line(&label_line, area, grid);
    let (range, col) = editor.view(field);
    let shown = text::truncate(&editor.text()[range], field);
    let x = area.x + label_w as u16;
    if field > 0 {
        // A selected query shows as selected text does: reversed.
        let style = if editor.is_selected() {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        paint::line(
            &Line::from(Span::styled(shown, style)),
            Rect::new(x, area.y, field as u16, 1),
            grid,
        );
    }
    if right_w > 0 {
        let rw = right_w as u16;
        let r = Rect::new(area.x + area.width - rw, area.y, rw, 1);
        render(right, r, grid);
    }
    (field > 0).then(|| Position::new(x + col.min(field - 1) as u16, area.y))
}

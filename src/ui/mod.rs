//! Drawing the browser. Every function here borrows the state immutably,
//! does no I/O and draws only what fits: the tree renders only its visible
//! rows, the detail pane only its visible lines.

pub mod confirm;
pub mod detail;
pub mod header;
pub mod help;
pub mod layout;
pub mod marks;
pub mod note;
pub mod paint;
pub mod status;
pub mod text;
pub mod tree;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::{App, Focus, Overlay};
use crate::doc::Kind;
use crate::grid::Grid;

/// Styles. Only the terminal's default colours, a few named ANSI colours
/// (safe on 16-colour terminals, readable on dark and light backgrounds)
/// and modifiers; with `color` off (`NO_COLOR`) only modifiers remain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// The kind marker. The symbol already tells kinds apart; colour only
    /// helps.
    pub fn kind(self, kind: Kind) -> Style {
        match kind {
            Kind::Heading => Style::new().add_modifier(Modifier::BOLD),
            Kind::Point => Style::new(),
            Kind::Strength => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Kind::Weakness => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Kind::Cause => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Kind::Task => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text (breadcrumbs, counts, hints).
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            Style::new()
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    /// The top bar and status line.
    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A search match. Bold and underlined so that it shows without colour
    /// and inside the reversed selection too; black on yellow with colour,
    /// readable on dark and light backgrounds alike.
    pub fn highlight(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.color {
            style.fg(Color::Black).bg(Color::Yellow)
        } else {
            style
        }
    }
}

/// Spans for runs of text: `base`, with [`Theme::highlight`] over the
/// highlighted runs.
pub fn runs_to_spans(
    runs: Vec<text::Run>,
    base: Style,
    theme: Theme,
) -> impl Iterator<Item = Span<'static>> {
    runs.into_iter().map(move |(s, hl)| {
        let style = if hl {
            base.patch(theme.highlight())
        } else {
            base
        };
        Span::styled(s, style)
    })
}

/// Draws the whole screen for `app`. While the search prompt or the note
/// editor is open the terminal cursor sits at its caret, so input methods
/// draw their pre-edit text in place; otherwise it is hidden.
pub fn render(frame: &mut Frame, app: &App) {
    let mut grid = Grid::new(frame.area());
    let area = grid.area();
    let cursor = draw(&mut grid, area, app);
    grid.copy_to(frame.buffer_mut());
    if let Some(cursor) = cursor {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the whole screen into `grid` within `area`. Returns where the
/// terminal cursor belongs: the caret of the note editor or the prompt,
/// when one is open.
pub fn draw(grid: &mut Grid, area: Rect, app: &App) -> Option<Position> {
    let screen = layout::compute(area, app.focus());
    if let Some(r) = screen.header {
        header::draw(grid, r, app);
    }
    if let Some(pane) = screen.tree {
        tree::draw(grid, pane, app);
    }
    if let Some(pane) = screen.detail {
        detail::draw(grid, pane, app);
    }
    // A long message takes rows above the status line, over the panes,
    // until the next key.
    let mut cursor = screen.status.and_then(|r| {
        let rows = status::height(app, r.width).min(r.y - area.y + 1);
        let r = Rect::new(r.x, r.y + 1 - rows, r.width, rows);
        status::draw(grid, r, app)
    });
    match app.overlay() {
        Some(Overlay::Note(note)) => cursor = note::draw(grid, area, app, note),
        Some(Overlay::Confirm(question)) => {
            confirm::draw(grid, area, app, *question);
            cursor = None;
        }
        None => {}
    }
    if let Some(scroll) = app.help() {
        help::draw(grid, area, app, scroll);
        return None;
    }
    cursor
}

/// Draws the frame of a bordered pane in `area`, with its title and an
/// optional position (`first–last/total`) at the bottom.
fn pane_frame(
    grid: &mut Grid,
    area: Rect,
    theme: Theme,
    title: &str,
    focused: bool,
    position: Option<String>,
) {
    let style = theme.border(focused);
    let title = Line::styled(format!(" {title} "), style);
    let bottom = position.map(|p| Line::from(format!(" {p} ")));
    paint::bordered(grid, area, style, &title, bottom.as_ref());
}

/// `first–last/total` for a scrolled view, or `None` when all of it shows.
fn position(offset: usize, shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| {
        let last = (offset + shown).min(total);
        format!("{}–{}/{}", offset + 1, last, total)
    })
}

/// Whether the pane has the keyboard focus.
fn focused(app: &App, focus: Focus) -> bool {
    app.help().is_none() && app.focus() == focus
}

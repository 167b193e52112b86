//! How review marks look: the ✓ ⚑ ✎ column of the tree, the `[2/5]`
//! progress of headings, the progress gauge of the header and the NOT
//! SAVED indicator. Symbols always say it; colour only helps.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::{Theme, text};
use crate::app::App;
use crate::doc::NodeIdx;
use crate::i18n::{FLAGGED, Lang, NOTE, REVIEWED};
use crate::review::Progress;

/// Cells of the marks column at the start of each tree row (when the
/// browser has a review session): ✓, ⚑, ✎, then a space.
pub const COLUMN: u16 = 4;

/// The width of the marks column for `app`: [`COLUMN`] while reviewing,
/// else 0.
pub fn column(app: &App) -> u16 {
    if app.session().is_some() { COLUMN } else { 0 }
}

impl Theme {
    /// ✓ and complete progress.
    pub fn done(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// ⚑.
    pub fn flag(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The NOT SAVED indicator: it must not be missed. Never reversed, so
    /// that it stands out of the reversed bars too.
    pub fn alarm(self) -> Style {
        let style = Style::new()
            .add_modifier(Modifier::BOLD)
            .remove_modifier(Modifier::REVERSED);
        if self.color {
            style.fg(Color::White).bg(Color::Red)
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// An error message.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}

/// The marks column of node `idx`: `✓`, `⚑` (flagged) and `✎` (has a
/// note), each or a space in its place, then a space. Empty without a
/// session.
pub fn row_marks(app: &App, idx: NodeIdx) -> impl Iterator<Item = Span<'static>> {
    let Some(session) = app.session() else {
        return None.into_iter().flatten();
    };
    let theme = app.theme();
    let mark = session.marks().at(app.doc(), idx);
    let reviewed = match mark.and_then(|m| m.reviewed.as_ref()) {
        Some(_) => Span::styled(REVIEWED.to_string(), theme.done()),
        None => Span::raw(" "),
    };
    let flagged = match mark.and_then(|m| m.flagged.as_ref()) {
        Some(_) => Span::styled(FLAGGED.to_string(), theme.flag()),
        None => Span::raw(" "),
    };
    let noted = match mark.and_then(|m| m.note.as_ref()) {
        Some(_) => Span::styled(NOTE.to_string(), theme.bold()),
        None => Span::raw(" "),
    };
    Some([reviewed, flagged, noted, Span::raw(" ")])
        .into_iter()
        .flatten()
}

/// `[2/5]`: the reviewed items under a node, when it has any; bold and
/// green when all are.
pub fn cookie(progress: Progress, theme: Theme) -> Option<Span<'static>> {
    (progress.total > 0).then(|| {
        let style = if progress.is_complete() {
            theme.done()
        } else {
            theme.dim()
        };
        Span::styled(format!("[{progress}]"), style)
    })
}

/// Cells of the bar in the gauge, at most.
const MAX_BAR: usize = 24;
/// Fewer cells than this and the bar is left out.
const MIN_BAR: usize = 5;

/// The overall progress in at most `width` cells, as wide as there is
/// room for: `Đã duyệt 12/40 ███░░░░░ 30% ⚑ 3`, then `✓ 12/40 ⚑ 3`, then
/// `12/40`, then nothing.
pub fn gauge(
    progress: Progress,
    flagged: usize,
    lang: Lang,
    theme: Theme,
    width: usize,
) -> Vec<Span<'static>> {
    let label = lang.review().progress;
    let counts = progress.to_string();
    let pct = |p: usize| format!(" {p}%");
    let flag_of = |n: usize| format!(" {FLAGGED} {n}");
    let pct_now = pct(progress.percent());
    let flag = if flagged > 0 {
        flag_of(flagged)
    } else {
        String::new()
    };
    let style = if progress.is_complete() {
        theme.done()
    } else {
        theme.bold()
    };
    let fixed = text::width(label) + 1 + counts.len() + 1 + pct_now.len() + text::width(&flag);
    if width >= fixed + MIN_BAR {
        // The bar's length is set by the widest counts, percentage and
        // flag count the notice can have (all reviewed, 100%, all
        // flagged), so that it does not shrink as marks and flags are
        // made.
        let all = progress.total;
        let all_done = Progress {
            reviewed: all,
            total: all,
        };
        let widest = all_done.to_string().len() + pct(100).len() + text::width(&flag_of(all));
        let room = width - fixed + counts.len() + pct_now.len() + text::width(&flag);
        let bar = room.saturating_sub(widest).clamp(MIN_BAR, MAX_BAR);
        // Round down: a full bar means complete.
        let filled = (progress.reviewed * bar)
            .checked_div(progress.total)
            .unwrap_or(0);
        let mut spans = vec![
            Span::raw(format!("{label} ")),
            Span::styled(format!("{counts} "), style),
            Span::styled("█".repeat(filled), theme.done()),
            Span::styled("░".repeat(bar - filled), theme.dim()),
            Span::raw(pct_now),
        ];
        if !flag.is_empty() {
            spans.push(Span::styled(flag, theme.flag()));
        }
        return spans;
    }
    let short = format!("{REVIEWED} {counts}");
    if width >= text::width(&short) + text::width(&flag) {
        let mut spans = vec![Span::styled(short, style)];
        if !flag.is_empty() {
            spans.push(Span::styled(flag, theme.flag()));
        }
        return spans;
    }
    if width >= counts.len() {
        return vec![Span::styled(counts, style)];
    }
    Vec::new()
}

/// `CHƯA LƯU` while the last change is not on disk, `CHỈ XEM` when the
/// marks cannot be changed; padded with a space each side.
pub fn badge(app: &App) -> Option<Span<'static>> {
    let session = app.session()?;
    let w = app.lang().review();
    let text = if session.is_read_only() {
        w.read_only
    } else if !session.is_saved() {
        w.unsaved
    } else {
        return None;
    };
    Some(Span::styled(format!(" {text} "), app.theme().alarm()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_gauge_gives_way_to_the_width() {
        let p = Progress {
            reviewed: 12,
            total: 40,
        };
        let theme = Theme { color: false };
        let at = |w| shown(&gauge(p, 3, Lang::Vi, theme, w));
        assert_eq!(at(80), "Đã duyệt 12/40 ███████░░░░░░░░░░░░░░░░░ 30% ⚑ 3");
        assert_eq!(at(28), "Đã duyệt 12/40 █░░░░ 30% ⚑ 3");
        assert_eq!(at(27), "✓ 12/40 ⚑ 3");
        assert_eq!(at(10), "12/40");
        assert_eq!(at(4), "");
        for w in 0..100 {
            assert!(text::width(&at(w)) <= w, "{w}");
        }
        let done = Progress {
            reviewed: 5,
            total: 5,
        };
        assert_eq!(
            shown(&gauge(done, 0, Lang::En, theme, 30)),
            "Reviewed 5/5 ████████ 100%"
        );
        assert_eq!(
            shown(&gauge(Progress::default(), 0, Lang::En, theme, 30)),
            "Reviewed 0/0 ░░░░░░░░ 0%"
        );
    }

    /// The bar keeps its length as marks and flags are made: only the
    /// counts change.
    #[test]
    fn the_bar_does_not_shrink_as_the_counts_grow() {
        let theme = Theme { color: false };
        let bar = |reviewed, flagged| {
            let p = Progress {
                reviewed,
                total: 30,
            };
            let g = shown(&gauge(p, flagged, Lang::Vi, theme, 36));
            g.chars().filter(|c| matches!(c, '█' | '░')).count()
        };
        assert_eq!(bar(0, 0), 11);
        for reviewed in [1, 9, 10, 29, 30] {
            for flagged in [0, 1, 10, 30] {
                assert_eq!(bar(reviewed, flagged), 11, "{reviewed} {flagged}");
            }
        }
    }

    #[test]
    fn cookies_only_where_there_are_items() {
        let theme = Theme { color: true };
        assert!(cookie(Progress::default(), theme).is_none());
        let c = cookie(
            Progress {
                reviewed: 2,
                total: 5,
            },
            theme,
        )
        .unwrap();
        assert_eq!(c.content, "[2/5]");
        let c = cookie(
            Progress {
                reviewed: 5,
                total: 5,
            },
            theme,
        )
        .unwrap();
        assert_eq!(c.style, theme.done());
    }
}

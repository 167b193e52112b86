//! Where everything goes on the screen: a pure function of the terminal
//! size and the focus, shared by rendering and by mouse hit-testing so the
//! two always agree.

use ratatui::layout::{Position, Rect};

use crate::app::Focus;

/// Below this width the panes are stacked (or only one is shown).
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 60;
/// Below this body height a narrow terminal shows only the focused pane.
pub const STACKED_MIN_HEIGHT: u16 = 12;

/// A pane and its content area (inside the border, when it has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pane {
    pub outer: Rect,
    pub inner: Rect,
    pub bordered: bool,
}

impl Pane {
    fn new(outer: Rect) -> Pane {
        // Borders only where they leave room for content.
        let bordered = outer.width >= 8 && outer.height >= 3;
        let inner = if bordered {
            Rect::new(outer.x + 1, outer.y + 1, outer.width - 2, outer.height - 2)
        } else {
            outer
        };
        Pane {
            outer,
            inner,
            bordered,
        }
    }
}

/// How the body is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    SideBySide,
    Stacked,
    /// Only the focused pane is shown.
    Single,
}

/// The screen areas. Any of them may be missing on small terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub area: Rect,
    pub header: Option<Rect>,
    pub tree: Option<Pane>,
    pub detail: Option<Pane>,
    pub status: Option<Rect>,
    pub arrangement: Arrangement,
}

impl Screen {
    /// Content height of the tree pane, at least 1 (used as a page size).
    pub fn tree_rows(&self) -> usize {
        self.tree.map_or(1, |p| usize::from(p.inner.height).max(1))
    }
}

/// Lays out a screen of `area`.
pub fn compute(area: Rect, focus: Focus) -> Screen {
    let mut body = area;
    let status = if body.height >= 2 {
        body.height -= 1;
        Some(Rect::new(body.x, body.y + body.height, body.width, 1))
    } else {
        None
    };
    let header_rows = match body.height {
        h if h >= 14 => 2,
        h if h >= 8 => 1,
        _ => 0,
    };
    let header = (header_rows > 0 && body.width > 0).then(|| {
        let r = Rect::new(body.x, body.y, body.width, header_rows);
        body.y += header_rows;
        body.height -= header_rows;
        r
    });

    let arrangement = if body.width >= SIDE_BY_SIDE_MIN_WIDTH {
        Arrangement::SideBySide
    } else if body.height >= STACKED_MIN_HEIGHT {
        Arrangement::Stacked
    } else {
        Arrangement::Single
    };
    let (tree, detail) = if body.width == 0 || body.height == 0 {
        (None, None)
    } else {
        match arrangement {
            Arrangement::SideBySide => {
                let tree_w = (body.width * 2 / 5).clamp(24, 64);
                let left = Rect::new(body.x, body.y, tree_w, body.height);
                let right = Rect::new(body.x + tree_w, body.y, body.width - tree_w, body.height);
                (Some(Pane::new(left)), Some(Pane::new(right)))
            }
            Arrangement::Stacked => {
                let tree_h = body.height / 2;
                let top = Rect::new(body.x, body.y, body.width, tree_h);
                let bottom = Rect::new(body.x, body.y + tree_h, body.width, body.height - tree_h);
                (Some(Pane::new(top)), Some(Pane::new(bottom)))
            }
            Arrangement::Single => match focus {
                Focus::Tree => (Some(Pane::new(body)), None),
                Focus::Detail => (None, Some(Pane::new(body))),
            },
        }
    };
    Screen {
        area,
        header,
        tree,
        detail,
        status,
        arrangement,
    }
}

/// A box of at most `width` x `height` cells centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `popup` and a column either side of it, within `area`: what a popup
/// clears, so that no lone character of the panes is left between its
/// border and theirs.
pub fn with_margin(popup: Rect, area: Rect) -> Rect {
    let left = popup.x.saturating_sub(1).max(area.x);
    let right = popup.right().saturating_add(1).min(area.right());
    Rect::new(left, popup.y, right.saturating_sub(left), popup.height)
}

/// Whether the cell at `column`, `row` lies in `rect`.
pub fn contains(rect: Rect, column: u16, row: u16) -> bool {
    rect.contains(Position::new(column, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_fit_inside_the_screen_at_every_small_size() {
        for w in 0..=80 {
            for h in 0..=30 {
                let area = Rect::new(0, 0, w, h);
                for focus in [Focus::Tree, Focus::Detail] {
                    let s = compute(area, focus);
                    let rects = [s.header, s.status]
                        .into_iter()
                        .flatten()
                        .chain(s.tree.iter().flat_map(|p| [p.outer, p.inner]))
                        .chain(s.detail.iter().flat_map(|p| [p.outer, p.inner]));
                    for r in rects {
                        assert!(area.union(r) == area || r.is_empty(), "{w}x{h} {r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn arrangement_follows_the_size() {
        let at = |w, h| compute(Rect::new(0, 0, w, h), Focus::Tree).arrangement;
        assert_eq!(at(80, 24), Arrangement::SideBySide);
        assert_eq!(at(40, 30), Arrangement::Stacked);
        assert_eq!(at(40, 10), Arrangement::Single);
        let single = compute(Rect::new(0, 0, 40, 10), Focus::Detail);
        assert!(single.tree.is_none() && single.detail.is_some());
    }
}

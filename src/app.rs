//! The browser state and its single mutator, [`App::update`].
//!
//! Selection and folds refer to nodes ([`Entry`], [`NodeIdx`]), never to
//! screen rows. The visible rows are a flattened list derived from the fold
//! state; it is rebuilt only when folds change, by one loop over the
//! pre-order node list that skips folded subtrees with
//! [`Document::subtree_end`] (no recursion, so any depth works).

use ratatui::layout::Rect;

use crate::action::Action;
use crate::doc::{Document, NodeIdx};
use crate::i18n::Lang;
use crate::ui::{self, Theme, layout};

/// One row of the tree. Derived order equals row order: the document entry,
/// the nodes in tree order, then the closing entry. Rows are therefore
/// sorted and can be binary-searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    /// The document itself: title, kind, date, issuer, chair, preamble.
    Front,
    Node(NodeIdx),
    /// The end of the document: closing, signer, recipients.
    Back,
}

/// The pane that receives vertical movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Tree,
    Detail,
}

/// Rows kept visible around the selection when the tree scrolls.
const SCROLL_MARGIN: usize = 2;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_STEP: usize = 3;

/// The whole state of the browser. Views borrow it immutably.
#[derive(Debug, Clone)]
pub struct App {
    doc: Document,
    lang: Lang,
    theme: Theme,
    /// Per node (by [`NodeIdx`]): folded. Only nodes with children are set.
    folded: Vec<bool>,
    /// Bumped whenever `folded` changes, so `update` can report it.
    fold_generation: u64,
    rows: Vec<Entry>,
    has_back: bool,
    selected: Entry,
    /// Row of `selected` in `rows`; kept in step with it.
    cursor: usize,
    tree_offset: usize,
    detail_scroll: usize,
    /// `Some(scroll)` while the help overlay is open.
    help: Option<usize>,
    focus: Focus,
    width: u16,
    height: u16,
    quit: bool,
}

/// What `update` compares to tell whether anything visible changed.
type Fingerprint = (
    Entry,
    usize,
    usize,
    Option<usize>,
    Focus,
    u64,
    u16,
    u16,
    bool,
);

impl App {
    /// A browser on `doc`, everything unfolded, the document entry selected,
    /// colours on, an 80x24 screen until told otherwise.
    pub fn new(doc: Document, lang: Lang) -> App {
        let meta = &doc.meta;
        let has_back =
            meta.closing.is_some() || meta.signer.is_some() || !meta.recipients.is_empty();
        let mut app = App {
            folded: vec![false; doc.len()],
            doc,
            lang,
            theme: Theme { color: true },
            fold_generation: 0,
            rows: Vec::new(),
            has_back,
            selected: Entry::Front,
            cursor: 0,
            tree_offset: 0,
            detail_scroll: 0,
            help: None,
            focus: Focus::Tree,
            width: 80,
            height: 24,
            quit: false,
        };
        app.rebuild_rows();
        app
    }

    /// Turns colours on or off (off for `NO_COLOR`).
    pub fn with_color(mut self, color: bool) -> App {
        self.theme.color = color;
        self
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// The visible rows, top to bottom.
    pub fn rows(&self) -> &[Entry] {
        &self.rows
    }

    pub fn selected(&self) -> Entry {
        self.selected
    }

    /// The stable id of the selected node; `None` for the document and
    /// closing entries.
    pub fn selected_id(&self) -> Option<&str> {
        match self.selected {
            Entry::Node(idx) => Some(self.doc.node(idx).id.as_str()),
            Entry::Front | Entry::Back => None,
        }
    }

    /// Row of the selection in [`App::rows`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First tree row shown.
    pub fn tree_offset(&self) -> usize {
        self.tree_offset
    }

    /// First detail line shown.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// The help scroll position while the help is open.
    pub fn help(&self) -> Option<usize> {
        self.help
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn is_folded(&self, idx: NodeIdx) -> bool {
        self.folded.get(idx.get()).copied().unwrap_or(false)
    }

    /// Ids of the folded nodes, in tree order.
    pub fn folded_ids(&self) -> Vec<&str> {
        self.folded
            .iter()
            .enumerate()
            .filter(|(_, f)| **f)
            .map(|(i, _)| self.doc.nodes()[i].id.as_str())
            .collect()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The layout of the current screen size.
    pub fn screen(&self) -> layout::Screen {
        layout::compute(Rect::new(0, 0, self.width, self.height), self.focus)
    }

    /// Applies one action. Returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        let before = self.fingerprint();
        self.apply(action);
        self.fingerprint() != before
    }

    fn fingerprint(&self) -> Fingerprint {
        (
            self.selected,
            self.tree_offset,
            self.detail_scroll,
            self.help,
            self.focus,
            self.fold_generation,
            self.width,
            self.height,
            self.quit,
        )
    }

    fn apply(&mut self, action: Action) {
        use Action as A;
        match action {
            A::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.clamp_scrolls();
                self.scroll_to_cursor();
            }
            A::Quit => self.quit = true,
            A::ToggleHelp => {
                self.help = match self.help {
                    Some(_) => None,
                    None => Some(0),
                }
            }
            A::Back => {
                if self.help.is_some() {
                    self.help = None;
                } else {
                    self.focus = Focus::Tree;
                }
            }
            A::Click { column, row } => self.click(column, row),
            A::ScrollUp { column, row } => self.wheel(column, row, false),
            A::ScrollDown { column, row } => self.wheel(column, row, true),
            _ if self.help.is_some() => {
                if let Some(scroll) = self.help {
                    let (page, max) = self.help_extent();
                    self.help = Some(vertical(scroll, action, page, max).unwrap_or(scroll));
                }
            }
            A::FocusNext => {
                self.focus = match self.focus {
                    Focus::Tree => Focus::Detail,
                    Focus::Detail => Focus::Tree,
                };
                // The single-pane layout shows a different pane now.
                self.clamp_scrolls();
                self.scroll_to_cursor();
            }
            A::Down
            | A::Up
            | A::First
            | A::Last
            | A::PageUp
            | A::PageDown
            | A::HalfPageUp
            | A::HalfPageDown => match self.focus {
                Focus::Detail => {
                    let (page, max) = self.detail_extent();
                    if let Some(s) = vertical(self.detail_scroll, action, page, max) {
                        self.detail_scroll = s;
                    }
                }
                Focus::Tree => {
                    let page = self.screen().tree_rows();
                    let max = self.rows.len().saturating_sub(1);
                    if let Some(row) = vertical(self.cursor, action, page, max) {
                        self.select_row(row);
                    }
                }
            },
            A::FoldOrParent => match self.selected {
                Entry::Node(idx) if self.has_children(idx) && !self.is_folded(idx) => {
                    self.set_folds(&[(idx, true)]);
                }
                _ => self.go_parent(),
            },
            A::UnfoldOrChild => {
                if let Entry::Node(idx) = self.selected {
                    if self.is_folded(idx) {
                        self.set_folds(&[(idx, false)]);
                    } else if let Some(&child) = self.doc.node(idx).children.first() {
                        self.select(Entry::Node(child));
                    }
                }
            }
            A::ToggleFold => {
                if let Entry::Node(idx) = self.selected
                    && self.has_children(idx)
                {
                    let fold = !self.is_folded(idx);
                    self.set_folds(&[(idx, fold)]);
                }
            }
            A::NextSibling => {
                if let Some(e) = self.next_sibling(self.selected) {
                    self.select(e);
                }
            }
            A::PrevSibling => {
                if let Some(e) = self.prev_sibling(self.selected) {
                    self.select(e);
                }
            }
            A::Parent => self.go_parent(),
            A::FoldAll => self.fold_where(|_| true),
            A::UnfoldAll => self.fold_where(|_| false),
            A::FoldToLevel(level) => {
                let level = u32::from(level.clamp(1, 9));
                self.fold_where(|depth| depth + 1 >= level);
            }
        }
    }

    fn has_children(&self, idx: NodeIdx) -> bool {
        !self.doc.node(idx).children.is_empty()
    }

    fn go_parent(&mut self) {
        if let Entry::Node(idx) = self.selected
            && let Some(parent) = self.doc.node(idx).parent
        {
            self.select(Entry::Node(parent));
        }
    }

    /// The next entry with the same parent. The document and closing
    /// entries count as top-level siblings of the root nodes.
    fn next_sibling(&self, entry: Entry) -> Option<Entry> {
        let back = self.has_back.then_some(Entry::Back);
        match entry {
            Entry::Front => self.doc.roots().first().map(|r| Entry::Node(*r)).or(back),
            Entry::Node(idx) => {
                // In pre-order the next sibling starts right after the subtree.
                let end = self.doc.subtree_end(idx);
                let parent = self.doc.node(idx).parent;
                match self.doc.nodes().get(end) {
                    Some(next) if next.parent == parent => Some(Entry::Node(NodeIdx(end as u32))),
                    _ if parent.is_none() => back,
                    _ => None,
                }
            }
            Entry::Back => None,
        }
    }

    fn prev_sibling(&self, entry: Entry) -> Option<Entry> {
        match entry {
            Entry::Front => None,
            Entry::Node(idx) => {
                let parent = self.doc.node(idx).parent;
                let siblings = match parent {
                    Some(p) => self.doc.node(p).children.as_slice(),
                    None => self.doc.roots(),
                };
                // Siblings are in tree order, hence sorted by index.
                match siblings.binary_search(&idx) {
                    Ok(pos) if pos > 0 => Some(Entry::Node(siblings[pos - 1])),
                    _ if parent.is_none() => Some(Entry::Front),
                    _ => None,
                }
            }
            Entry::Back => Some(
                self.doc
                    .roots()
                    .last()
                    .map_or(Entry::Front, |r| Entry::Node(*r)),
            ),
        }
    }

    /// Selects a visible row.
    fn select_row(&mut self, row: usize) {
        if let Some(&entry) = self.rows.get(row) {
            if entry != self.selected {
                self.detail_scroll = 0;
            }
            self.selected = entry;
            self.cursor = row;
            self.scroll_to_cursor();
        }
    }

    /// Selects an entry, unfolding its ancestors if it is hidden.
    fn select(&mut self, entry: Entry) {
        if self.rows.binary_search(&entry).is_err()
            && let Entry::Node(idx) = entry
        {
            let opens: Vec<(NodeIdx, bool)> = self
                .doc
                .ancestors(idx)
                .into_iter()
                .filter(|a| self.is_folded(*a))
                .map(|a| (a, false))
                .collect();
            self.set_folds(&opens);
        }
        if let Ok(row) = self.rows.binary_search(&entry) {
            self.select_row(row);
        }
    }

    fn set_folds(&mut self, changes: &[(NodeIdx, bool)]) {
        let mut changed = false;
        for &(idx, fold) in changes {
            let fold = fold && self.has_children(idx);
            if let Some(slot) = self.folded.get_mut(idx.get())
                && *slot != fold
            {
                *slot = fold;
                changed = true;
            }
        }
        if changed {
            self.rebuild_rows();
        }
    }

    /// Sets every node with children folded iff `fold(depth)`.
    fn fold_where(&mut self, fold: impl Fn(u32) -> bool) {
        let mut changed = false;
        for (node, slot) in self.doc.nodes().iter().zip(self.folded.iter_mut()) {
            let f = !node.children.is_empty() && fold(node.depth);
            changed |= *slot != f;
            *slot = f;
        }
        if changed {
            self.rebuild_rows();
        }
    }

    /// Recomputes the visible rows after a fold change, moving the selection
    /// to its nearest visible ancestor if it was folded away.
    fn rebuild_rows(&mut self) {
        self.fold_generation += 1;
        self.rows.clear();
        self.rows.push(Entry::Front);
        let n = self.doc.len();
        let mut i = 0;
        while i < n {
            self.rows.push(Entry::Node(NodeIdx(i as u32)));
            i = if self.folded[i] {
                self.doc.subtree_end(NodeIdx(i as u32))
            } else {
                i + 1
            };
        }
        if self.has_back {
            self.rows.push(Entry::Back);
        }
        if let Entry::Node(idx) = self.selected
            && self.rows.binary_search(&self.selected).is_err()
        {
            // The topmost folded ancestor is the one still on screen.
            let shown = self
                .doc
                .ancestors(idx)
                .into_iter()
                .find(|a| self.folded[a.get()]);
            if let Some(a) = shown {
                self.selected = Entry::Node(a);
                self.detail_scroll = 0;
            }
        }
        self.cursor = self.rows.binary_search(&self.selected).unwrap_or(0);
        self.selected = self.rows[self.cursor];
        self.clamp_scrolls();
        self.scroll_to_cursor();
    }

    /// Keeps the selected row inside the tree pane, with up to
    /// [`SCROLL_MARGIN`] rows of context above and below it.
    fn scroll_to_cursor(&mut self) {
        let h = self.screen().tree_rows();
        let margin = SCROLL_MARGIN.min(h.saturating_sub(1) / 2);
        let top = self.cursor.saturating_sub(margin);
        let bottom = (self.cursor + margin).min(self.rows.len().saturating_sub(1));
        if top < self.tree_offset {
            self.tree_offset = top;
        } else if bottom >= self.tree_offset + h {
            self.tree_offset = bottom + 1 - h;
        }
    }

    /// Keeps every scroll position within its content after a size, fold
    /// or focus change.
    fn clamp_scrolls(&mut self) {
        let h = self.screen().tree_rows();
        self.tree_offset = self.tree_offset.min(self.rows.len().saturating_sub(h));
        // Measuring the detail means wrapping it; at the top there is
        // nothing to clamp.
        if self.detail_scroll > 0 {
            let (_, max) = self.detail_extent();
            self.detail_scroll = self.detail_scroll.min(max);
        }
        if let Some(scroll) = self.help {
            let (_, max) = self.help_extent();
            self.help = Some(scroll.min(max));
        }
    }

    /// Page size and largest scroll position of the detail pane.
    fn detail_extent(&self) -> (usize, usize) {
        let screen = self.screen();
        let Some(pane) = screen.detail else {
            return (1, 0);
        };
        let h = usize::from(pane.inner.height);
        let lines = ui::detail::content(self, usize::from(pane.inner.width))
            .lines
            .len();
        (h.max(1), lines.saturating_sub(h))
    }

    /// Page size and largest scroll position of the help overlay.
    fn help_extent(&self) -> (usize, usize) {
        let area = Rect::new(0, 0, self.width, self.height);
        let (inner, lines) = ui::help::inner_and_len(area, self.lang, self.theme);
        let h = usize::from(inner.height);
        (h.max(1), lines.saturating_sub(h))
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.help.is_some() {
            self.help = None;
            return;
        }
        let screen = self.screen();
        if let Some(pane) = screen.tree
            && layout::contains(pane.outer, column, row)
        {
            self.focus = Focus::Tree;
            if !layout::contains(pane.inner, column, row) {
                return;
            }
            let r = self.tree_offset + usize::from(row - pane.inner.y);
            let Some(&entry) = self.rows.get(r) else {
                return;
            };
            self.select_row(r);
            if let Entry::Node(idx) = entry {
                let x = ui::tree::marker_x(pane.inner, self.doc.node(idx).depth);
                // The marker and the space after it, to be forgiving.
                if (x..x.saturating_add(2)).contains(&column) && self.has_children(idx) {
                    let fold = !self.is_folded(idx);
                    self.set_folds(&[(idx, fold)]);
                }
            }
        } else if let Some(pane) = screen.detail
            && layout::contains(pane.outer, column, row)
        {
            self.focus = Focus::Detail;
            if layout::contains(pane.inner, column, row) {
                // A child listed in the detail: follow it.
                let content = ui::detail::content(self, usize::from(pane.inner.width));
                let h = usize::from(pane.inner.height);
                let scroll = self
                    .detail_scroll
                    .min(content.lines.len().saturating_sub(h));
                let line = scroll + usize::from(row - pane.inner.y);
                if let Some(entry) = content.link_at(line) {
                    self.select(entry);
                }
            }
        } else if let Some(status) = screen.status
            && layout::contains(status, column, row)
            && screen.arrangement == layout::Arrangement::Single
        {
            self.apply(Action::FocusNext);
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step = |pos: usize, max: usize| {
            if down {
                (pos + WHEEL_STEP).min(max)
            } else {
                pos.saturating_sub(WHEEL_STEP)
            }
        };
        if let Some(scroll) = self.help {
            let (_, max) = self.help_extent();
            self.help = Some(step(scroll, max));
            return;
        }
        let screen = self.screen();
        if let Some(pane) = screen.tree
            && layout::contains(pane.outer, column, row)
        {
            let h = usize::from(pane.inner.height);
            let max = self.rows.len().saturating_sub(h);
            self.tree_offset = step(self.tree_offset, max);
        } else if let Some(pane) = screen.detail
            && layout::contains(pane.outer, column, row)
        {
            let (_, max) = self.detail_extent();
            self.detail_scroll = step(self.detail_scroll, max);
        }
    }
}

/// The new position for a vertical movement action from `pos`, within
/// `0..=max`, or `None` if `action` is not a vertical movement.
fn vertical(pos: usize, action: Action, page: usize, max: usize) -> Option<usize> {
    let half = (page / 2).max(1);
    let new = match action {
        Action::Down => pos.saturating_add(1),
        Action::Up => pos.saturating_sub(1),
        Action::PageDown => pos.saturating_add(page),
        Action::PageUp => pos.saturating_sub(page),
        Action::HalfPageDown => pos.saturating_add(half),
        Action::HalfPageUp => pos.saturating_sub(half),
        Action::First => 0,
        Action::Last => max,
        _ => return None,
    };
    Some(new.min(max))
}

//! The browser state and its single mutator, [`App::update`].
//!
//! Selection and folds refer to nodes ([`Entry`], [`NodeIdx`]), never to
//! screen rows. The visible rows are a flattened list derived from the fold
//! state. A fold or unfold edits it in place: the folded subtree's rows go,
//! the unfolded subtree's visible rows come back, found by binary search
//! (rows are sorted). Wholesale changes (fold all, the sparse view) rebuild
//! it with one loop over the pre-order node list that skips hidden
//! subtrees with [`Document::subtree_end`] (no recursion, so any depth
//! works).
//!
//! Search: the document is folded once into an [`Index`] when the app is
//! made. A keystroke in the prompt runs one [`search_with`]; moving around
//! never searches; the sparse view (only the matches and their ancestors)
//! is rebuilt, in one pass, only when the matches or the view change.

use ratatui::layout::Rect;

use crate::action::Action;
use crate::doc::{Document, Kind, NodeIdx};
use crate::i18n::Lang;
use crate::input::{LineEditor, Outcome};
use crate::keymap::Mode;
use crate::search::{
    Filter, Highlights, Index, KindSet, Matches, Query, Sparse, Target, search_with, sparse_tree,
};
use crate::ui::{self, Theme, layout};

mod loading;
mod review;
mod rows;
#[cfg(test)]
mod rows_tests;

pub use loading::LoadProgress;
pub use review::{Message, NoteEdit, Overlay, Question};

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

impl Entry {
    /// The same entry as the search sees it.
    pub fn target(self) -> Target {
        match self {
            Entry::Front => Target::Front,
            Entry::Node(idx) => Target::Node(idx),
            Entry::Back => Target::Back,
        }
    }

    pub fn from_target(target: Target) -> Entry {
        match target {
            Target::Front => Entry::Front,
            Target::Node(idx) => Entry::Node(idx),
            Target::Back => Entry::Back,
        }
    }
}

/// The open search prompt.
#[derive(Debug, Clone)]
struct Prompt {
    editor: LineEditor,
    /// Where the browser stood when the prompt opened: the search starts
    /// from there, and Esc goes back there.
    origin: Entry,
    origin_folds: Vec<bool>,
    origin_detail_scroll: usize,
    /// The query in force when it opened: Esc puts it back.
    origin_text: String,
}

/// The query, the filters and what they found.
#[derive(Debug, Clone, Default)]
struct Search {
    prompt: Option<Prompt>,
    /// The query as typed.
    text: String,
    query: Query,
    filter: Filter,
    /// The user asked for the sparse view (only matches and ancestors).
    sparse: bool,
    /// `sparse` before a kind filter turned it on, to restore when the
    /// filter goes.
    sparse_before_filter: Option<bool>,
    /// `Some` while a query or a filter is active.
    matches: Option<Matches>,
    /// The entries the sparse view shows; `None` when it is off.
    view: Option<Sparse>,
    /// Bumped on every change worth a redraw.
    generation: u64,
}

/// The pane that receives vertical movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Tree,
    Detail,
}

/// Whether the document has a closing entry: closing words, a signer or
/// recipients.
fn has_back(meta: &crate::doc::Meta) -> bool {
    meta.closing.is_some() || meta.signer.is_some() || !meta.recipients.is_empty()
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
    rows: rows::Rows,
    has_back: bool,
    selected: Entry,
    /// Row of `selected` in `rows`; kept in step with it.
    cursor: usize,
    tree_offset: usize,
    detail_scroll: usize,
    /// `Some(scroll)` while the help overlay is open.
    help: Option<usize>,
    focus: Focus,
    /// The document folded for searching, built once.
    index: Index,
    search: Search,
    /// Marks, the note editor, questions, the status message.
    review: review::Review,
    /// How many nodes are flagged, and the review generation it was
    /// counted at. Every frame shows it and counting walks every mark, so
    /// it is counted again only after the review changed.
    flagged: std::cell::Cell<Option<(u64, usize)>>,
    width: u16,
    height: u16,
    quit: bool,
    /// `Some` while the document is a preview and the rest still loads.
    loading: Option<LoadProgress>,
    /// The last fold of the whole tree (c, e, 1–9) made on the preview, as
    /// [`App::fold_to`] took it: the nodes that arrive with the rest of the
    /// notice are folded by it too.
    preview_fold: Option<Option<u32>>,
}

/// Whether a node with children at `depth` is folded when `levels`
/// levels show (see [`App::fold_to`]).
fn folds_at(levels: Option<u32>, depth: u32) -> bool {
    levels.is_some_and(|levels| depth + 1 >= levels.max(1))
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
    u64,
    u64,
    Option<LoadProgress>,
);

impl App {
    /// A browser on `doc`, everything unfolded, the document entry selected,
    /// colours on, an 80x24 screen until told otherwise.
    pub fn new(doc: Document, lang: Lang) -> App {
        let index = Index::new(&doc);
        App::with_index(doc, index, lang)
    }

    /// [`App::new`] with the document's search index already built
    /// (`index` is [`Index::new`] of `doc`, perhaps made on another
    /// thread).
    pub fn with_index(doc: Document, index: Index, lang: Lang) -> App {
        let has_back = has_back(&doc.meta);
        let mut app = App {
            folded: vec![false; doc.len()],
            index,
            search: Search::default(),
            review: review::Review::default(),
            flagged: std::cell::Cell::new(None),
            doc,
            lang,
            theme: Theme { color: true },
            fold_generation: 0,
            rows: rows::Rows::default(),
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
            loading: None,
            preview_fold: None,
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

    /// How many nodes of the document the review session has flagged; 0
    /// without a session. Counted once per change of the marks.
    pub fn flagged_count(&self) -> usize {
        let generation = self.review.generation;
        if let Some((at, n)) = self.flagged.get()
            && at == generation
        {
            return n;
        }
        let n = self
            .session()
            .map_or(0, |s| s.marks().flagged_count(&self.doc));
        self.flagged.set(Some((generation, n)));
        n
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

    /// How keys are read now: as text while the note editor or the prompt
    /// is open (and the help is not over it), as answers while a question
    /// is open, as commands otherwise.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Browse
        } else if self.note_open() {
            Mode::Note
        } else if self.question_open() {
            Mode::Confirm
        } else if self.search.prompt.is_some() {
            Mode::Prompt
        } else {
            Mode::Browse
        }
    }

    /// The line editor of the open search prompt.
    pub fn prompt(&self) -> Option<&LineEditor> {
        self.search.prompt.as_ref().map(|p| &p.editor)
    }

    /// The query as typed (the prompt's text while it is open).
    pub fn query_text(&self) -> &str {
        &self.search.text
    }

    /// Whether the query has any word.
    pub fn has_query(&self) -> bool {
        !self.search.query.is_empty()
    }

    /// The kind filter.
    pub fn filter(&self) -> Filter {
        self.search.filter
    }

    /// Whether the sparse view was asked for (`f`).
    pub fn sparse(&self) -> bool {
        self.search.sparse
    }

    /// Whether the tree shows only the matches and their ancestors now.
    pub fn sparse_view(&self) -> bool {
        self.search.view.is_some()
    }

    /// What the query and the filter found; `None` when neither is active.
    pub fn matches(&self) -> Option<&Matches> {
        self.search.matches.as_ref()
    }

    /// Whether `entry` is a match of an active query or filter.
    pub fn is_match(&self, entry: Entry) -> bool {
        self.search
            .matches
            .as_ref()
            .is_some_and(|m| m.contains(entry.target()))
    }

    /// For `[M/N]`: the 1-based position of the selection among the
    /// matches (`None` when it is not one) and their number. `None` when no
    /// query or filter is active.
    pub fn match_position(&self) -> Option<(Option<usize>, usize)> {
        let m = self.search.matches.as_ref()?;
        Some((m.position(self.selected.target()).map(|p| p + 1), m.len()))
    }

    /// Where the query's words are in `entry`, per field: empty unless the
    /// entry matches a non-empty query. Re-folds that entry only: call it
    /// for what is on screen.
    pub fn highlights(&self, entry: Entry) -> Highlights {
        if self.search.query.is_empty() || !self.is_match(entry) {
            return Highlights::default();
        }
        self.index
            .highlights(&self.doc, &self.search.query, entry.target())
    }

    /// Whether node `idx` has children in the current view (unfolded or
    /// not): with the sparse view on, children it hides do not count.
    pub fn has_visible_children(&self, idx: NodeIdx) -> bool {
        let children = &self.doc.node(idx).children;
        match &self.search.view {
            None => !children.is_empty(),
            Some(view) => children.iter().any(|c| view.shows_node(*c)),
        }
    }

    /// Whether the sparse view (if on) shows `entry`; folds aside.
    fn in_view(&self, entry: Entry) -> bool {
        match (&self.search.view, entry) {
            (_, Entry::Back) if !self.has_back => false,
            (None, _) => true,
            // The document entry heads every view, matches or not.
            (Some(_), Entry::Front) => true,
            (Some(view), e) => view.shows(e.target()),
        }
    }

    /// The layout of the current screen size.
    pub fn screen(&self) -> layout::Screen {
        layout::compute(Rect::new(0, 0, self.width, self.height), self.focus)
    }

    /// Applies one action. Returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        let before = self.fingerprint();
        // A message lasts until the next key (or click).
        if !matches!(action, Action::Resize { .. } | Action::LoadProgress { .. }) {
            self.clear_message();
        }
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
            self.search.generation,
            self.review.generation,
            self.loading,
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
                self.fit_note_editor();
            }
            A::LoadProgress { done, total } => self.load_progress(done, total),
            _ if self.waits_for_load(&action) => {
                self.set_message(self.lang.words().still_loading, false);
            }
            A::Quit => self.quit_or_ask(),
            A::Input(key) => {
                if self.help.is_none() {
                    if self.note_open() {
                        self.note_input(key);
                    } else if !self.question_open() {
                        self.input(key);
                    }
                }
            }
            A::Paste(text) => {
                if self.help.is_none() {
                    if self.note_open() {
                        self.note_paste(&text);
                    } else if !self.question_open() {
                        self.paste(&text);
                    }
                }
            }
            A::Confirm(_) => self.apply_review(&action),
            // The note editor and questions take only their keys.
            _ if self.review.overlay.is_some() => {}
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
            A::Click { column, row } => {
                // Clicking elsewhere leaves the prompt as Enter does.
                if self.help.is_none() && self.search.prompt.is_some() {
                    self.accept_search();
                }
                self.click(column, row);
            }
            A::ScrollUp { column, row } => self.wheel(column, row, false),
            A::ScrollDown { column, row } => self.wheel(column, row, true),
            _ if self.help.is_some() => {
                if let Some(scroll) = self.help {
                    let (page, max) = self.help_extent();
                    self.help = Some(vertical(scroll, &action, page, max).unwrap_or(scroll));
                }
            }
            A::OpenSearch => self.open_search(""),
            A::SearchAccept => self.accept_search(),
            A::SearchCancel => self.cancel_search(),
            A::NextMatch | A::PrevMatch => {
                let moved = self.step_match(action == A::NextMatch);
                if !moved && !self.has_query() && !self.search.filter.is_active() {
                    self.set_message(self.lang.words().no_search_yet, false);
                }
            }
            A::ToggleSparse => {
                self.search.sparse = !self.search.sparse;
                self.search.generation += 1;
                self.refresh_view_keeping_a_match();
                if self.search.sparse && !self.has_query() && !self.search.filter.is_active() {
                    // On, with nothing to match, the tree shows all of it.
                    self.set_message(self.lang.words().sparse_needs_search, false);
                }
            }
            A::ToggleKind(kind) => self.toggle_kind(kind),
            A::ToggleReviewed
            | A::ToggleFlagged
            | A::EditNote
            | A::MarkSubtree
            | A::Undo
            | A::NextUnreviewed
            | A::PrevUnreviewed
            | A::ToggleUnreviewed
            | A::ExportMinutes
            | A::ResetMarks
            | A::SaveMarks => self.apply_review(&action),
            A::ClearSearch => {
                let had = self.search.prompt.is_some()
                    || !self.search.text.is_empty()
                    || self.search.filter.is_active()
                    || self.search.sparse
                    || self.review.unreviewed_only;
                if had {
                    self.review.unreviewed_only = false;
                    self.search.prompt = None;
                    self.search.text.clear();
                    self.search.query = Query::default();
                    self.search.filter = Filter::default();
                    self.search.sparse = false;
                    self.search.sparse_before_filter = None;
                    self.search.generation += 1;
                    self.refresh_search();
                } else {
                    self.set_message(self.lang.words().nothing_to_clear, false);
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
                    if let Some(s) = vertical(self.detail_scroll, &action, page, max) {
                        self.detail_scroll = s;
                    }
                }
                Focus::Tree => {
                    let page = self.screen().tree_rows();
                    let max = self.rows.len().saturating_sub(1);
                    if let Some(row) = vertical(self.cursor, &action, page, max) {
                        self.select_row(row);
                    }
                }
            },
            A::FoldOrParent => match self.selected {
                Entry::Node(idx) if self.has_visible_children(idx) && !self.is_folded(idx) => {
                    self.set_folds(&[(idx, true)]);
                }
                _ => self.go_parent(),
            },
            A::UnfoldOrChild => {
                if let Entry::Node(idx) = self.selected {
                    if self.is_folded(idx) {
                        self.set_folds(&[(idx, false)]);
                    } else {
                        // The first child the view shows; if it hides them
                        // all, show everything.
                        let children = &self.doc.node(idx).children;
                        let shown = children.iter().find(|c| self.in_view(Entry::Node(**c)));
                        if let Some(&child) = shown.or(children.first()) {
                            self.reveal(Entry::Node(child));
                        }
                    }
                }
            }
            A::ToggleFold => {
                if let Entry::Node(idx) = self.selected
                    && self.has_visible_children(idx)
                {
                    let fold = !self.is_folded(idx);
                    self.set_folds(&[(idx, fold)]);
                }
            }
            A::NextSibling => {
                // Siblings the sparse view hides are skipped.
                let mut e = self.next_sibling(self.selected);
                while let Some(x) = e.filter(|x| !self.in_view(*x)) {
                    e = self.next_sibling(x);
                }
                if let Some(e) = e {
                    self.select(e);
                }
            }
            A::PrevSibling => {
                let mut e = self.prev_sibling(self.selected);
                while let Some(x) = e.filter(|x| !self.in_view(*x)) {
                    e = self.prev_sibling(x);
                }
                if let Some(e) = e {
                    self.select(e);
                }
            }
            A::Parent => self.go_parent(),
            A::FoldAll => self.fold_to(Some(0)),
            A::UnfoldAll => self.fold_to(None),
            A::FoldToLevel(level) => self.fold_to(Some(u32::from(level.clamp(1, 9)))),
        }
    }

    /// Opens the prompt holding the current query, or `text` if it is not
    /// empty (a paste). Nothing if it is open already.
    fn open_search(&mut self, text: &str) {
        if self.search.prompt.is_some() {
            return;
        }
        // The last query is offered selected: typing replaces it, a
        // moving key keeps it to refine.
        let editor = if text.is_empty() {
            LineEditor::offering(&self.search.text)
        } else {
            LineEditor::new()
        };
        self.search.prompt = Some(Prompt {
            editor,
            origin: self.selected,
            origin_folds: self.folded.clone(),
            origin_detail_scroll: self.detail_scroll,
            origin_text: self.search.text.clone(),
        });
        self.search.generation += 1;
        if !text.is_empty() {
            self.paste(text);
        }
    }

    /// Enter: the prompt closes, the query, selection and folds stay.
    fn accept_search(&mut self) {
        let Some(prompt) = self.search.prompt.take() else {
            return;
        };
        self.search.generation += 1;
        if prompt.editor.is_selected() {
            // The last query offered and taken as it is: search it again,
            // from here on, as n does.
            self.step_match(true);
        }
    }

    /// Selects the match after the selection (`forward`, wrapping to the
    /// first) or before it (wrapping to the last), as n and N do. Returns
    /// whether there was one.
    fn step_match(&mut self, forward: bool) -> bool {
        let from = self.selected.target();
        let next = self.search.matches.as_ref().and_then(|m| {
            if forward {
                m.next_after(from)
            } else {
                m.prev_before(from)
            }
        });
        if let Some(t) = next {
            self.select_match(t);
        }
        next.is_some()
    }

    /// Esc: the prompt closes, and the query, selection, folds and detail
    /// scroll are as they were when it opened (no query, or the search in
    /// force then). Kind filters stay.
    fn cancel_search(&mut self) {
        let Some(prompt) = self.search.prompt.take() else {
            return;
        };
        self.search.generation += 1;
        // The search in force before the prompt opened, if any, is back.
        self.search.query = Query::parse(&prompt.origin_text);
        self.search.text = prompt.origin_text.clone();
        self.refresh_search();
        self.go_back_to(&prompt);
    }

    /// The selection, folds and detail scroll of when `prompt` opened.
    fn go_back_to(&mut self, prompt: &Prompt) {
        if self.folded != prompt.origin_folds {
            self.folded.clone_from(&prompt.origin_folds);
            self.rebuild_rows();
        }
        self.select(prompt.origin);
        if self.selected == prompt.origin {
            self.detail_scroll = prompt.origin_detail_scroll;
            self.clamp_scrolls();
        }
    }

    /// A key for the prompt's line editor.
    fn input(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        let Some(prompt) = self.search.prompt.as_mut() else {
            return;
        };
        match prompt.editor.handle_key(key) {
            Outcome::Changed => self.edited(),
            Outcome::Moved => self.search.generation += 1,
            Outcome::Unchanged | Outcome::Ignored => {}
        }
    }

    /// Pasted text: into the open prompt, or a new search.
    fn paste(&mut self, text: &str) {
        match self.search.prompt.as_mut() {
            Some(prompt) => {
                if prompt.editor.paste(text) == Outcome::Changed {
                    self.edited();
                }
            }
            None => self.open_search(text),
        }
    }

    /// The prompt's text changed: search again (once) and move to the
    /// first match at or after where the prompt opened, as incremental
    /// search does. Folds opened for an earlier, longer-lived match close
    /// again, so typing leaves no trail.
    fn edited(&mut self) {
        let Some(prompt) = self.search.prompt.as_ref() else {
            return;
        };
        self.search.text = prompt.editor.text().to_string();
        self.search.query = Query::parse(&self.search.text);
        self.search.generation += 1;
        self.refresh_search();
        let Some(prompt) = self.search.prompt.clone() else {
            return;
        };
        let first = self.match_from(prompt.origin.target());
        if self.folded != prompt.origin_folds {
            self.folded.clone_from(&prompt.origin_folds);
            self.rebuild_rows();
        }
        match first {
            Some(t) => self.select_match(t),
            None => self.go_back_to(&prompt),
        }
    }

    /// Adds a kind to the filter or takes it out. The first kind turns the
    /// sparse view on ("show only tasks"); removing the last one puts the
    /// view back as it was.
    fn toggle_kind(&mut self, kind: Kind) {
        let mut kinds = self.search.filter.kinds.unwrap_or(KindSet::EMPTY);
        kinds.toggle(kind);
        let was_active = self.search.filter.is_active();
        self.search.filter.kinds = (!kinds.is_empty()).then_some(kinds);
        match (was_active, self.search.filter.is_active()) {
            (false, true) => {
                self.search.sparse_before_filter = Some(self.search.sparse);
                self.search.sparse = true;
            }
            (true, false) => {
                if let Some(before) = self.search.sparse_before_filter.take() {
                    self.search.sparse = before;
                }
            }
            _ => {}
        }
        self.search.generation += 1;
        let before = self.selected;
        self.search.matches = self.compute_matches();
        self.refresh_view();
        self.land_on_a_match(before);
    }

    /// The matches of the query and filter; none while the notice loads
    /// (the preview's would be a part passed off as the whole).
    fn compute_matches(&self) -> Option<Matches> {
        let s = &self.search;
        (self.loading.is_none() && (!s.query.is_empty() || s.filter.is_active()))
            .then(|| search_with(&self.index, &s.query, &s.filter))
    }

    /// Once the whole notice is in: the search typed meanwhile runs, from
    /// where the browser stands (the prompt, if still open, goes back
    /// there on Esc), and lands on its first match as typing would have.
    fn search_loaded(&mut self) {
        let here = self.selected;
        if let Some(prompt) = self.search.prompt.as_mut() {
            // Its folds were the preview's, node for node.
            prompt.origin = here;
            prompt.origin_folds.clone_from(&self.folded);
            prompt.origin_detail_scroll = self.detail_scroll;
        }
        if self.search.query.is_empty() {
            return;
        }
        self.search.generation += 1;
        self.refresh_search();
        if let Some(t) = self.match_from(here.target()) {
            self.select_match(t);
        }
    }

    /// Where incremental search lands from `origin`: `origin` itself if it
    /// matches the query, else the next match; `None` without a query.
    fn match_from(&self, origin: Target) -> Option<Target> {
        let m = self
            .search
            .matches
            .as_ref()
            .filter(|_| !self.search.query.is_empty())?;
        if m.contains(origin) {
            Some(origin)
        } else {
            m.next_after(origin)
        }
    }

    /// Searches again for the current query and filter, and updates the
    /// view.
    fn refresh_search(&mut self) {
        self.search.matches = self.compute_matches();
        self.refresh_view();
    }

    /// Recomputes the sparse view from the matches, and the rows if the
    /// view is or was on: one pass over the nodes.
    fn refresh_view(&mut self) {
        let view = self.compute_view();
        if view.is_none() && self.search.view.is_none() {
            return;
        }
        self.search.view = view;
        self.rebuild_rows();
    }

    /// The entries the tree shows: with the sparse view on, the matches;
    /// with the unreviewed filter on, the items not yet reviewed (of the
    /// matches, when both are on); each with its ancestors. `None`: all.
    fn compute_view(&self) -> Option<Sparse> {
        let matches = self.search.matches.as_ref().filter(|_| self.search.sparse);
        match (matches, self.unreviewed_targets()) {
            (Some(m), None) => Some(sparse_tree(&self.doc, m.targets())),
            (None, Some(items)) => {
                let targets: Vec<Target> = items.into_iter().map(Target::Node).collect();
                Some(sparse_tree(&self.doc, &targets))
            }
            (Some(m), Some(items)) => {
                let targets: Vec<Target> = items
                    .into_iter()
                    .map(Target::Node)
                    .filter(|t| m.contains(*t))
                    .collect();
                Some(sparse_tree(&self.doc, &targets))
            }
            (None, None) => None,
        }
    }

    /// [`App::refresh_view`]; if the selection had to move because the
    /// view hides it, move it to the next match instead of the next row.
    fn refresh_view_keeping_a_match(&mut self) {
        let before = self.selected;
        self.refresh_view();
        self.land_on_a_match(before);
    }

    /// After the view changed under the selection (which was `before`): if
    /// it moved off `before`, go to the match after `before`.
    fn land_on_a_match(&mut self, before: Entry) {
        if self.selected == before && self.in_view(before) {
            return;
        }
        let next = self
            .search
            .matches
            .as_ref()
            .and_then(|m| m.next_after(before.target()));
        if let Some(t) = next {
            self.select_match(t);
        }
    }

    /// Selects a match, unfolding its ancestors, and scrolls the detail
    /// pane to its first highlight.
    fn select_match(&mut self, target: Target) {
        self.select(Entry::from_target(target));
        self.scroll_to_highlight();
    }

    /// Scrolls the detail pane so that the first highlight of the selected
    /// entry shows, with a little context above, if it is below the page.
    fn scroll_to_highlight(&mut self) {
        let Some(pane) = self.screen().detail else {
            return;
        };
        let h = usize::from(pane.inner.height);
        let content = ui::detail::content(self, usize::from(pane.inner.width));
        let Some(line) = content.first_highlight else {
            return;
        };
        let max = content.len().saturating_sub(h);
        if line < self.detail_scroll || line >= self.detail_scroll + h {
            self.detail_scroll = line.saturating_sub(2).min(max);
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

    /// Selects an entry; one the sparse view hides turns the view off.
    fn reveal(&mut self, entry: Entry) {
        if !self.in_view(entry) && self.search.sparse {
            self.search.sparse = false;
            self.search.sparse_before_filter = None;
            self.search.generation += 1;
            self.refresh_view();
        }
        self.select(entry);
    }

    /// Selects an entry, unfolding its ancestors if it is hidden. An entry
    /// the sparse view hides is not selected.
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

    /// Folds or unfolds nodes (only nodes with children fold). A few
    /// changes, as keys and clicks make, edit the rows in place, in time
    /// proportional to the rows that appear or go; more rebuild them.
    fn set_folds(&mut self, changes: &[(NodeIdx, bool)]) {
        // Each in-place edit moves the rows below it once.
        const IN_PLACE_MAX: usize = 8;
        let in_place = changes.len() <= IN_PLACE_MAX;
        let mut changed = false;
        for &(idx, fold) in changes {
            let fold = fold && self.has_children(idx);
            if let Some(slot) = self.folded.get_mut(idx.get())
                && *slot != fold
            {
                *slot = fold;
                changed = true;
                // One at a time: each edit expects the rows of all the
                // folds before it.
                if in_place {
                    self.refold_rows(idx);
                }
            }
        }
        if changed {
            if in_place {
                self.rows_changed();
            } else {
                self.rebuild_rows();
            }
        }
    }

    /// Folds the whole tree so that `levels` levels show (`Some(0)`: only
    /// the top level; `None`: everything), remembering it for the rest of
    /// a notice still loading.
    fn fold_to(&mut self, levels: Option<u32>) {
        if self.loading.is_some() {
            self.preview_fold = Some(levels);
        }
        self.fold_where(|depth| folds_at(levels, depth));
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

    /// Recomputes the visible rows from scratch after a fold or view
    /// change, moving the selection to its nearest visible ancestor if it
    /// was folded away, or to the next row if the sparse view hides it.
    /// Forgets the memos derived from the document too, so that it is also
    /// the way to show a document swapped in.
    fn rebuild_rows(&mut self) {
        self.flagged.set(None);
        let mut rows = std::mem::take(&mut self.rows).into_empty_vec();
        rows.push(Entry::Front);
        self.push_visible(0..self.doc.len(), &mut rows);
        if self.in_view(Entry::Back) {
            rows.push(Entry::Back);
        }
        self.rows = rows::Rows::from(rows);
        self.rows_changed();
    }

    /// Appends to `out` the rows of the nodes in `range`, a run of whole
    /// subtrees in tree order: the nodes the view shows, minus what folds
    /// hide. One loop that skips hidden subtrees with
    /// [`Document::subtree_end`].
    fn push_visible(&self, range: std::ops::Range<usize>, out: &mut Vec<Entry>) {
        let view = self.search.view.as_ref();
        if view.is_none() {
            self.push_unfolded(range, out);
            return;
        }
        let mut i = range.start;
        while i < range.end {
            let idx = NodeIdx(i as u32);
            // The view holds every ancestor of what it shows: a hidden
            // node hides its whole subtree.
            if view.is_some_and(|v| !v.shows_node(idx)) {
                i = self.doc.subtree_end(idx);
                continue;
            }
            out.push(Entry::Node(idx));
            i = if self.folded[i] {
                self.doc.subtree_end(idx)
            } else {
                i + 1
            };
        }
    }

    /// [`App::push_visible`] with no view: every node shows but those
    /// inside a folded one. The nodes up to the next folded one go in as
    /// one run, found by a scan of the fold flags rather than a step per
    /// node: unfolding a section of thousands of nodes is a copy.
    fn push_unfolded(&self, range: std::ops::Range<usize>, out: &mut Vec<Entry>) {
        let mut i = range.start;
        while i < range.end {
            let folded = self.folded.get(i..range.end).unwrap_or_default();
            let next = folded.iter().position(|&f| f).map_or(range.end, |p| i + p);
            // Each of these is below a `u32` node index.
            out.extend((i..next).map(|j| Entry::Node(NodeIdx(j as u32))));
            if next == range.end {
                break;
            }
            let idx = NodeIdx(next as u32);
            out.push(Entry::Node(idx));
            i = self.doc.subtree_end(idx);
        }
    }

    /// Edits the rows after the fold of `idx` flipped, all other folds
    /// and the view being as the rows show them: the rows of its subtree
    /// go, or the visible ones come back. Nothing if `idx` is not shown.
    /// Leaves the selection to [`App::rows_changed`].
    fn refold_rows(&mut self, idx: NodeIdx) {
        let Ok(row) = self.rows.binary_search(&Entry::Node(idx)) else {
            return;
        };
        let end = self.doc.subtree_end(idx);
        if self.folded[idx.get()] {
            // Rows are sorted: the subtree's are the ones up to its end.
            let past = Entry::Node(NodeIdx(end as u32));
            let last = self.rows.partition_point(|e| *e < past);
            self.rows.remove(row + 1..last);
        } else {
            let mut shown = Vec::new();
            self.push_visible(idx.get() + 1..end, &mut shown);
            self.rows.insert(row + 1, &shown);
        }
    }

    /// After the rows changed: moves the selection to its nearest visible
    /// ancestor if it was folded away, or to the next row if the view
    /// hides it, and keeps the scroll positions in range.
    fn rows_changed(&mut self) {
        self.fold_generation += 1;
        if self.rows.binary_search(&self.selected).is_err() {
            let next = self.rows.partition_point(|r| *r < self.selected);
            // A node folded away sits inside the subtree of the topmost
            // folded ancestor, which is shown; nothing is shown between
            // the two, so it is the row just before.
            let shown = match (self.selected, next.checked_sub(1).map(|r| self.rows[r])) {
                (Entry::Node(sel), Some(Entry::Node(a)))
                    if self.folded[a.get()] && sel.get() < self.doc.subtree_end(a) =>
                {
                    Some(Entry::Node(a))
                }
                _ => None,
            };
            self.selected = shown.unwrap_or(self.rows[next.min(self.rows.len() - 1)]);
            self.detail_scroll = 0;
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
        let lines = ui::detail::content(self, usize::from(pane.inner.width)).len();
        (h.max(1), lines.saturating_sub(h))
    }

    /// Page size and largest scroll position of the help overlay.
    fn help_extent(&self) -> (usize, usize) {
        let area = Rect::new(0, 0, self.width, self.height);
        let state = self.session().map(|s| s.path().to_path_buf());
        let (inner, lines) = ui::help::inner_and_len(area, self.lang, self.theme, state.as_deref());
        let h = usize::from(inner.height);
        (h.max(1), lines.saturating_sub(h))
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.help.is_some() {
            self.help = None;
            return;
        }
        if self.review.overlay.is_some() {
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
                let x = ui::tree::marker_x(pane.inner, self.doc.node(idx).depth, self);
                // The marker and the space after it, to be forgiving.
                if (x..x.saturating_add(2)).contains(&column) && self.has_visible_children(idx) {
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
                let scroll = self.detail_scroll.min(content.len().saturating_sub(h));
                let line = scroll + usize::from(row - pane.inner.y);
                if let Some(entry) = content.link_at(line) {
                    self.reveal(entry);
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
        if self.review.overlay.is_some() {
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
fn vertical(pos: usize, action: &Action, page: usize, max: usize) -> Option<usize> {
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

#[cfg(test)]
mod flagged_tests {
    use super::*;
    use crate::doc::Meta;
    use crate::review::{Reviewer, Session};

    #[test]
    fn the_flagged_count_follows_the_marks() {
        let node = |id: &str| crate::doc::testing::node(id, Kind::Task);
        let doc =
            Document::from_file_order(Meta::default(), vec![(node("a"), None), (node("b"), None)]);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let who = Reviewer::parse("lan").expect("a valid name");
        let session =
            Session::open(&doc, Some(&dir.path().join("s.toml")), who).expect("a new state file");
        let mut app = App::new(doc, Lang::En).with_session(session);
        assert_eq!(app.flagged_count(), 0);
        app.update(Action::Down);
        app.update(Action::ToggleFlagged);
        assert_eq!(app.flagged_count(), 1);
        app.update(Action::Down);
        app.update(Action::ToggleFlagged);
        assert_eq!(app.flagged_count(), 2);
        app.update(Action::Undo);
        assert_eq!(app.flagged_count(), 1);
        app.update(Action::Up);
        app.update(Action::ToggleFlagged);
        assert_eq!(app.flagged_count(), 0);
    }
}

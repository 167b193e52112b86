//! The browser while a large notice is still loading: it shows a preview
//! (the metadata and the first nodes) and browsing works on it, while what
//! needs the whole notice (search, marks) waits with a message.
//! [`App::finish_loading`] swaps the whole notice in, keeping the
//! selection, the folds and the scroll position by node id.

use std::collections::HashSet;

use super::{App, Entry};
use crate::action::Action;
use crate::doc::{Document, NodeIdx};
use crate::review::Session;
use crate::search::Index;

/// How far the background load got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LoadProgress {
    /// Bytes of the file loaded.
    pub done: u64,
    /// The file's size, when known.
    pub total: Option<u64>,
}

impl LoadProgress {
    /// Whole percent loaded (at most 99: the end is the swap itself), when
    /// the size is known.
    pub fn percent(self) -> Option<u64> {
        let total = self.total.filter(|&t| t > 0)?;
        Some((self.done.saturating_mul(100) / total).min(99))
    }
}

impl App {
    /// Marks the document as a preview whose rest is still loading: until
    /// [`App::finish_loading`], search and review keys only say so.
    pub fn with_loading(mut self) -> App {
        self.loading = Some(LoadProgress::default());
        self
    }

    /// `Some` while the document shown is a preview.
    pub fn loading(&self) -> Option<LoadProgress> {
        self.loading
    }

    pub(super) fn load_progress(&mut self, done: u64, total: Option<u64>) {
        if let Some(progress) = &mut self.loading {
            *progress = LoadProgress { done, total };
        }
    }

    /// Whether `action` is a search key, which needs the whole notice, and
    /// the browser is still on its preview. The prompt opens, though: a
    /// query typed while loading runs when the notice is whole (typed as
    /// commands, its letters would fold, filter or quit).
    pub(super) fn waits_for_load(&self, action: &Action) -> bool {
        use Action as A;
        // The review keys wait in `apply_review`.
        self.loading.is_some()
            && matches!(
                action,
                A::NextMatch | A::PrevMatch | A::ToggleSparse | A::ToggleKind(_) | A::ClearSearch
            )
    }

    /// Replaces the preview by the whole notice `doc` (of which `index` is
    /// the [`Index::new`]) and binds the review `session`, if any. What the
    /// user did on the preview carries over by node id: the selection, the
    /// folds, the node at the top of the tree pane, the detail scroll.
    /// Returns whether the screen changes (always: the loading indicator
    /// goes).
    pub fn finish_loading(
        &mut self,
        doc: Document,
        index: Index,
        session: Option<Session>,
    ) -> bool {
        let id_of = |app: &App, entry: Entry| match entry {
            Entry::Node(idx) => Err(app.doc.node(idx).id.clone()),
            other => Ok(other),
        };
        let selected = id_of(self, self.selected);
        let top = self.rows.get(self.tree_offset).map(|&e| id_of(self, e));
        let folded: Vec<String> = self.folded_ids().into_iter().map(String::from).collect();

        let place = |doc: &Document, e: Result<Entry, String>| match e {
            Ok(entry) => Some(entry),
            Err(id) => doc.find(&id).map(Entry::Node),
        };
        // Nodes the preview held no children of (or did not hold) get the
        // last fold of the whole tree made on it (c, e, 1–9), as if their
        // children had been there; the others keep theirs, below.
        self.folded = match self.preview_fold.take() {
            Some(levels) => {
                let parents: HashSet<&str> = self
                    .doc
                    .nodes()
                    .iter()
                    .filter(|n| !n.children.is_empty())
                    .map(|n| n.id.as_str())
                    .collect();
                doc.nodes()
                    .iter()
                    .map(|n| {
                        !parents.contains(n.id.as_str())
                            && !n.children.is_empty()
                            && super::folds_at(levels, n.depth)
                    })
                    .collect()
            }
            None => vec![false; doc.len()],
        };
        for id in &folded {
            if let Some(NodeIdx(i)) = doc.find(id) {
                self.folded[i as usize] = true;
            }
        }
        self.selected = place(&doc, selected).unwrap_or(Entry::Front);
        let top = top.and_then(|t| place(&doc, t));
        self.has_back = super::has_back(&doc.meta);
        self.doc = doc;
        self.index = index;
        self.loading = None;
        // The only message a preview gives is that the notice is loading.
        self.clear_message();
        self.rebuild_rows();
        if let Some(row) = top.and_then(|t| self.rows.binary_search(&t).ok()) {
            self.tree_offset = row;
            self.clamp_scrolls();
            self.scroll_to_cursor();
        }
        if let Some(session) = session {
            self.set_session(session);
        }
        self.search_loaded();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;
    use crate::i18n::Lang;

    /// `a` with children `a1`, `a2`; `b`; in the whole notice `a3` (child
    /// of `a`) comes after `b` in the file, so `b` moves in tree order.
    fn notice(whole: bool) -> Document {
        let mut s = String::from("[document]\ntitle = \"T\"\n");
        let mut node = |id: &str, parent: Option<&str>| {
            s += &format!("[[node]]\nid = \"{id}\"\nkind = \"task\"\ntitle = \"{id}\"\n");
            if let Some(p) = parent {
                s += &format!("parent = \"{p}\"\n");
            }
        };
        node("a", None);
        node("a1", Some("a"));
        node("a2", Some("a"));
        node("b", None);
        node("b1", Some("b"));
        if whole {
            node("a3", Some("a"));
            node("c", None);
        }
        load_str("t", &s).unwrap()
    }

    fn whole() -> (Document, Index) {
        let doc = notice(true);
        let index = Index::new(&doc);
        (doc, index)
    }

    /// The browser on the preview, sized.
    fn preview() -> App {
        let mut app = App::new(notice(false), Lang::En).with_loading();
        app.update(Action::Resize {
            width: 80,
            height: 24,
        });
        app
    }

    fn select(app: &mut App, id: &str) {
        app.update(Action::First);
        while app.selected_id() != Some(id) {
            assert!(app.update(Action::Down), "{id} not reachable");
        }
    }

    #[test]
    fn the_selection_folds_and_top_row_carry_over_by_id() {
        let mut app = preview();
        select(&mut app, "b");
        app.update(Action::ToggleFold);
        select(&mut app, "a2");
        app.update(Action::ToggleFold); // a leaf: nothing to fold
        assert_eq!(app.folded_ids(), ["b"]);
        let (doc, index) = whole();
        assert!(app.finish_loading(doc, index, None));
        assert_eq!(app.loading(), None);
        assert_eq!(app.selected_id(), Some("a2"));
        assert_eq!(app.folded_ids(), ["b"]);
        // a, a1, a2, a3, b (folded: b1 hidden), c, between the document
        // entry and nothing at the back.
        let ids: Vec<Option<&str>> = app
            .rows()
            .iter()
            .map(|e| match e {
                Entry::Node(i) => Some(app.doc().node(*i).id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            [
                None,
                Some("a"),
                Some("a1"),
                Some("a2"),
                Some("a3"),
                Some("b"),
                Some("c")
            ]
        );
        assert_eq!(
            app.rows()[app.cursor()],
            Entry::Node(app.doc().find("a2").unwrap())
        );
    }

    #[test]
    fn search_and_marks_wait_for_the_whole_notice_and_say_so() {
        let mut app = App::new(notice(false), Lang::En).with_loading();
        let still = Lang::En.words().still_loading;
        for action in [
            Action::NextMatch,
            Action::ToggleSparse,
            Action::ToggleReviewed,
            Action::EditNote,
        ] {
            app.update(action.clone());
            assert_eq!(
                app.message().map(|m| m.text.as_str()),
                Some(still),
                "{action:?}"
            );
            assert!(app.prompt().is_none());
        }
        // Progress is shown, and does not clear the message.
        assert!(app.update(Action::LoadProgress {
            done: 50,
            total: Some(200)
        }));
        assert_eq!(app.loading().and_then(LoadProgress::percent), Some(25));
        assert!(app.message().is_some());
        let (doc, index) = whole();
        app.finish_loading(doc, index, None);
        assert!(app.message().is_none());
        app.update(Action::OpenSearch);
        assert!(app.prompt().is_some());
    }

    fn typed(app: &mut App, text: &str) {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        for c in text.chars() {
            let code = match c {
                '\u{8}' => KeyCode::Backspace,
                c => KeyCode::Char(c),
            };
            app.update(Action::Input(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    /// "c" (or 1–9) pressed on the preview folds the nodes that arrive
    /// later too, and the preview's nodes whose children arrive later;
    /// folds made by hand after it stay as they were.
    #[test]
    fn folding_the_whole_tree_while_loading_holds_for_the_rest() {
        let doc = |ids: &[(&str, Option<&str>)]| {
            let mut s = String::from("[document]\ntitle = \"T\"\n");
            for (id, parent) in ids {
                s += &format!("[[node]]\nid = \"{id}\"\nkind = \"task\"\ntitle = \"{id}\"\n");
                if let Some(p) = parent {
                    s += &format!("parent = \"{p}\"\n");
                }
            }
            load_str("t", &s).unwrap()
        };
        let head = [
            ("a", None),
            ("a1", Some("a")),
            ("d", None),
            ("d1", Some("d")),
            ("b", None),
        ];
        let rest = [
            ("b1", Some("b")),
            ("c", None),
            ("c1", Some("c")),
            ("c1x", Some("c1")),
        ];
        for (actions, folded) in [
            (vec![Action::FoldAll], vec!["a", "b", "c", "c1", "d"]),
            (vec![Action::FoldToLevel(2)], vec!["c1"]),
            (vec![Action::FoldAll, Action::UnfoldAll], vec![]),
            // d unfolded by hand after c: it stays open.
            (
                vec![
                    Action::FoldAll,
                    Action::First,
                    Action::Down,
                    Action::Down,
                    Action::ToggleFold,
                ],
                vec!["a", "b", "c", "c1"],
            ),
        ] {
            let mut app = App::new(doc(&head), Lang::En).with_loading();
            for a in &actions {
                app.update(a.clone());
            }
            let whole = doc(&[&head[..], &rest[..]].concat());
            let index = Index::new(&whole);
            app.finish_loading(whole, index, None);
            let mut ids = app.folded_ids();
            ids.sort_unstable();
            assert_eq!(ids, folded, "{actions:?}");
        }
    }

    /// Typed at once after opening a large notice, "/a3 q" is a query, not
    /// a fold and a quit; it runs on the whole notice when it arrives.
    #[test]
    fn a_search_typed_while_loading_runs_when_the_notice_is_whole() {
        let mut app = preview();
        app.update(Action::OpenSearch);
        typed(&mut app, "a3 q c");
        assert!(!app.should_quit());
        assert_eq!(app.prompt().map(|p| p.text()), Some("a3 q c"));
        // No matches from the preview, which does not hold a3.
        assert!(app.matches().is_none());
        typed(&mut app, "\u{8}\u{8}\u{8}\u{8}");
        let (doc, index) = whole();
        app.finish_loading(doc, index, None);
        assert_eq!(app.prompt().map(|p| p.text()), Some("a3"));
        assert_eq!(app.matches().map(|m| m.len()), Some(1));
        assert_eq!(app.selected_id(), Some("a3"));
        // Esc goes back to where the browser stood, on the whole notice.
        app.update(Action::SearchCancel);
        assert!(app.prompt().is_none());
        assert_eq!(app.selected_id(), None);
        assert_eq!(app.rows().len(), 8);
    }

    #[test]
    fn percent_needs_a_size_and_stops_short_of_a_hundred() {
        let p = |done, total| LoadProgress { done, total }.percent();
        assert_eq!(p(10, None), None);
        assert_eq!(p(10, Some(0)), None);
        assert_eq!(p(0, Some(10)), Some(0));
        assert_eq!(p(10, Some(10)), Some(99));
    }
}

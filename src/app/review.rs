//! The review side of the browser: marks on the selected node, the note
//! editor, yes/no questions, the unreviewed filter, jumps, undo, export.
//!
//! The [`Session`] does the work and saves every change before it returns;
//! this module calls it from [`App::update`] (never while drawing) and
//! keeps what the screen needs to say about it: a message on the status
//! line, and whether the last change is on disk
//! ([`App::is_unsaved`]): a mark is only ever shown as saved once the
//! session said so.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use super::{App, Entry};
use crate::action::Action;
use crate::doc::NodeIdx;
use crate::input::TextArea;
use crate::input::multiline::Outcome;
use crate::review::export::lead_label_name;
use crate::review::marks::is_item;
use crate::review::{self, Format, Session};
use crate::ui;

/// Cells of an entry's headline in a message that names it.
const ENTRY_HEADLINE: usize = 24;
/// Cells of an entry's name in a message, path and headline.
const MESSAGE_NAME: usize = 40;

/// A box over the browser that takes the keys while it is open.
#[derive(Debug, Clone)]
pub enum Overlay {
    Note(NoteEdit),
    Confirm(Question),
}

/// The note editor, open on one node.
#[derive(Debug, Clone)]
pub struct NoteEdit {
    pub idx: NodeIdx,
    pub editor: TextArea,
    /// Esc was pressed once on an edited note: the next Esc drops the
    /// edit, any edit disarms it.
    pub discard_armed: bool,
}

/// What a yes/no question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Mark node `idx` and every node under it reviewed (`on`) or not;
    /// `items` is how many items that is, as its progress counts them.
    Subtree {
        idx: NodeIdx,
        on: bool,
        items: usize,
        /// How many of them are reviewed already.
        done: usize,
    },
    /// Clear the marks of `count` nodes.
    Reset { count: usize },
    /// Quit although the last change is not saved.
    QuitUnsaved,
}

/// A line for the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    /// Something went wrong (shown in bold, and red with colours).
    pub error: bool,
}

/// The review state the browser keeps. `session` is shared by clones of
/// the [`App`]: there is one state file and one lock.
#[derive(Debug, Clone, Default)]
pub(super) struct Review {
    pub(super) session: Option<Rc<RefCell<Session>>>,
    pub(super) overlay: Option<Overlay>,
    pub(super) message: Option<Message>,
    /// The "unreviewed only" filter.
    pub(super) unreviewed_only: bool,
    /// Bumped on every change worth a redraw.
    pub(super) generation: u64,
}

impl App {
    /// Binds the browser to a review session: the marks show, and the
    /// review keys work. What the session has to say about the state file
    /// (unknown ids, another notice) shows once on the status line.
    pub fn with_session(mut self, session: Session) -> App {
        self.set_session(session);
        self
    }

    /// [`App::with_session`] in place.
    pub(super) fn set_session(&mut self, mut session: Session) {
        let notices: Vec<String> = session
            .take_notices()
            .iter()
            .map(|n| n.message(self.lang))
            .collect();
        if !notices.is_empty() {
            // The notices are worded to follow "ketluan: " on stderr; on
            // the status line they start it, as a sentence.
            let text = notices.join(" · ");
            let mut chars = text.chars();
            let text = match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => text,
            };
            self.review.message = Some(Message { text, error: false });
        }
        self.review.session = Some(Rc::new(RefCell::new(session)));
        self.review.generation += 1;
    }

    /// The review session, if the browser has one.
    pub fn session(&self) -> Option<Ref<'_, Session>> {
        self.review.session.as_ref().map(|s| s.borrow())
    }

    /// The open note editor or question.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.review.overlay.as_ref()
    }

    /// The status line message, shown until the next key.
    pub fn message(&self) -> Option<&Message> {
        self.review.message.as_ref()
    }

    /// Whether the "unreviewed only" filter is on.
    pub fn unreviewed_only(&self) -> bool {
        self.review.unreviewed_only
    }

    /// Whether the marks on screen include a change that is not on disk.
    pub fn is_unsaved(&self) -> bool {
        self.session().is_some_and(|s| !s.is_saved())
    }

    /// A message for the status line (from the browser's other parts).
    pub(super) fn set_message(&mut self, text: impl Into<String>, error: bool) {
        self.review.message = Some(Message {
            text: text.into(),
            error,
        });
        self.review.generation += 1;
    }

    /// Drops the message: it lasts until the next key.
    pub(super) fn clear_message(&mut self) {
        if self.review.message.take().is_some() {
            self.review.generation += 1;
        }
    }

    /// Quit, unless the last change is not saved: then ask first.
    pub(super) fn quit_or_ask(&mut self) {
        if self.is_unsaved() {
            self.help = None;
            self.ask(Question::QuitUnsaved);
        } else {
            self.quit = true;
        }
    }

    /// The review actions. Without a session they do nothing.
    pub(super) fn apply_review(&mut self, action: &Action) {
        if self.loading().is_some() {
            // Marks are made on the whole notice, with its session.
            self.set_message(self.lang.words().still_loading, false);
            return;
        }
        let Some(session) = self.review.session.clone() else {
            return;
        };
        use Action as A;
        match action {
            A::ToggleReviewed => {
                if let Some(idx) = self.mark_target() {
                    let id = self.doc.node(idx).id.clone();
                    let r = session.borrow_mut().toggle_reviewed(&self.doc, &id);
                    let turned_on =
                        matches!(r, Ok(true)) && session.borrow().marks().is_reviewed(idx);
                    self.changed(r);
                    if turned_on && !is_item(self.doc.node(idx)) {
                        // A ✓ that no count moves for needs a word.
                        self.set_message(self.lang.review().heading_not_counted, false);
                    }
                }
            }
            A::ToggleFlagged => {
                if let Some(idx) = self.mark_target() {
                    let id = self.doc.node(idx).id.clone();
                    let r = session.borrow_mut().toggle_flagged(&self.doc, &id);
                    self.changed(r);
                }
            }
            A::EditNote => {
                if let Some(idx) = self.mark_target() {
                    let text = session
                        .borrow()
                        .marks()
                        .at(&self.doc, idx)
                        .and_then(|m| m.note.as_ref())
                        .map(|n| n.text.clone())
                        .unwrap_or_default();
                    self.help = None;
                    self.review.overlay = Some(Overlay::Note(NoteEdit {
                        idx,
                        editor: TextArea::with_text(&text),
                        discard_armed: false,
                    }));
                    self.fit_note_editor();
                    self.review.generation += 1;
                }
            }
            A::MarkSubtree => {
                let Some(idx) = self.mark_target() else {
                    return;
                };
                let end = self.doc.subtree_end(idx);
                let s = session.borrow();
                let all = (idx.get()..end).all(|i| s.marks().is_reviewed(NodeIdx(i as u32)));
                let progress = s.marks().progress(idx);
                drop(s);
                if end - idx.get() == 1 {
                    // A leaf: nothing to confirm, but a word that the
                    // branch key did what Space would.
                    let id = self.doc.node(idx).id.clone();
                    let r = session.borrow_mut().set_reviewed(&self.doc, &id, !all);
                    let marked = matches!(r, Ok(true));
                    self.changed(r);
                    if marked {
                        let n = usize::from(is_item(self.doc.node(idx)));
                        let text = self.lang.branch_marked(&self.message_name(idx), n, !all);
                        self.set_message(text, false);
                    }
                } else {
                    self.ask(Question::Subtree {
                        idx,
                        on: !all,
                        items: progress.total,
                        done: progress.reviewed,
                    });
                }
            }
            A::ResetMarks => {
                let count = {
                    let s = session.borrow();
                    s.marks()
                        .entries()
                        .keys()
                        .filter(|id| self.doc.find(id).is_some())
                        .count()
                };
                if count == 0 {
                    self.set_message(self.lang.review().no_marks, false);
                } else {
                    self.ask(Question::Reset { count });
                }
            }
            A::Undo => {
                let r = session.borrow_mut().undo(&self.doc);
                match r {
                    Ok(Some(undone)) => {
                        self.marks_changed();
                        if let Some(idx) = undone.id.as_deref().and_then(|id| self.doc.find(id)) {
                            self.reveal(Entry::Node(idx));
                        }
                        let name = undone.id.as_deref().map(|id| self.entry_name(id));
                        let text = self.lang.undone(undone.edit, name.as_deref());
                        self.set_message(text, false);
                    }
                    Ok(None) => self.set_message(self.lang.review().nothing_to_undo, false),
                    Err(e) => self.failed(&e),
                }
            }
            A::SaveMarks => {
                let r = session.borrow_mut().save(&self.doc);
                match r {
                    Ok(()) => self.set_message(self.lang.review().saved, false),
                    Err(e) => self.failed(&e),
                }
            }
            A::ExportMinutes => {
                let r = session
                    .borrow()
                    .export_beside(&self.doc, Format::Md, self.lang);
                match r {
                    Ok(path) => self.set_message(self.lang.exported(&path), false),
                    Err(e) => self.set_message(e.render(self.lang), true),
                }
            }
            A::NextUnreviewed | A::PrevUnreviewed => {
                self.jump_unreviewed(*action == A::NextUnreviewed);
            }
            A::ToggleUnreviewed => {
                self.review.unreviewed_only = !self.review.unreviewed_only;
                self.review.generation += 1;
                self.refresh_view();
            }
            A::Confirm(yes) => self.answer(*yes),
            _ => {}
        }
    }

    /// A key while the note editor is open.
    pub(super) fn note_input(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        let Some(Overlay::Note(note)) = self.review.overlay.as_mut() else {
            return;
        };
        match note.editor.handle_key(key) {
            Outcome::Changed | Outcome::Moved => {
                note.discard_armed = false;
                self.review.generation += 1;
            }
            Outcome::Save => self.save_note(),
            Outcome::Cancel => {
                if note.editor.is_modified() && !note.discard_armed {
                    note.discard_armed = true;
                } else {
                    self.review.overlay = None;
                    self.set_message(self.lang.review().cancelled, false);
                }
                self.review.generation += 1;
            }
            Outcome::Unchanged | Outcome::Ignored => {}
        }
    }

    /// Pasted text while the note editor is open.
    pub(super) fn note_paste(&mut self, text: &str) {
        if let Some(Overlay::Note(note)) = self.review.overlay.as_mut()
            && note.editor.paste(text) == Outcome::Changed
        {
            note.discard_armed = false;
            self.review.generation += 1;
        }
    }

    /// Whether the note editor is open.
    pub(super) fn note_open(&self) -> bool {
        matches!(self.review.overlay, Some(Overlay::Note(_)))
    }

    /// Whether a question is open.
    pub(super) fn question_open(&self) -> bool {
        matches!(self.review.overlay, Some(Overlay::Confirm(_)))
    }

    /// Sizes the note editor for the screen (on opening and on resize).
    pub(super) fn fit_note_editor(&mut self) {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        if let Some(Overlay::Note(note)) = self.review.overlay.as_mut() {
            let field = ui::note::field(area);
            note.editor
                .set_viewport(usize::from(field.width), usize::from(field.height));
        }
    }

    /// The items the unreviewed filter shows (the view adds their
    /// ancestors); `None` when the filter is off.
    pub(super) fn unreviewed_targets(&self) -> Option<Vec<NodeIdx>> {
        if !self.review.unreviewed_only {
            return None;
        }
        let session = self.session()?;
        let marks = session.marks();
        Some(
            (0..self.doc.len())
                .map(|i| NodeIdx(i as u32))
                .filter(|&i| marks.is_unreviewed_item(&self.doc, i))
                .collect(),
        )
    }

    fn save_note(&mut self) {
        let Some(session) = self.review.session.clone() else {
            return;
        };
        let Some(Overlay::Note(note)) = self.review.overlay.as_ref() else {
            return;
        };
        let id = self.doc.node(note.idx).id.clone();
        let text = note.editor.text().to_string();
        let r = session.borrow_mut().set_note(&self.doc, &id, &text);
        // The note is in the session now, saved or not; other errors
        // (read-only) leave the editor open with what was typed.
        if r.as_ref().is_ok() || r.as_ref().is_err_and(review::Error::is_unsaved) {
            self.review.overlay = None;
            // Closed even when the note is as it was: the screen changes.
            self.review.generation += 1;
        }
        let message = match r {
            Ok(false) => Some(self.lang.review().note_unchanged.to_string()),
            Ok(true) => Some(
                self.lang
                    .note_saved(&self.entry_name(&id), text.trim().is_empty()),
            ),
            Err(_) => None,
        };
        self.changed(r);
        if let Some(m) = message {
            self.set_message(m, false);
        }
    }

    /// The node to mark: the selected one. The document and closing
    /// entries cannot be marked: say so.
    fn mark_target(&mut self) -> Option<NodeIdx> {
        match self.selected {
            Entry::Node(idx) => Some(idx),
            Entry::Front | Entry::Back => {
                self.set_message(self.lang.review().pick_a_node, false);
                None
            }
        }
    }

    fn ask(&mut self, question: Question) {
        self.review.overlay = Some(Overlay::Confirm(question));
        self.review.generation += 1;
    }

    fn answer(&mut self, yes: bool) {
        let Some(Overlay::Confirm(question)) = self.review.overlay.take() else {
            return;
        };
        self.review.generation += 1;
        if !yes {
            self.set_message(self.lang.review().cancelled, false);
            return;
        }
        let Some(session) = self.review.session.clone() else {
            return;
        };
        match question {
            Question::Subtree {
                idx,
                on,
                items,
                done,
            } => {
                let id = self.doc.node(idx).id.clone();
                let r = session.borrow_mut().mark_subtree(&self.doc, &id, on);
                let marked = matches!(r, Ok(true));
                self.changed(r);
                if marked {
                    let n = if on { items - done.min(items) } else { done };
                    // Short enough for one status row at 80 columns.
                    let text = self.lang.branch_marked(&self.message_name(idx), n, on);
                    self.set_message(text, false);
                }
            }
            Question::Reset { count } => {
                let r = session.borrow_mut().reset(&self.doc);
                let cleared = matches!(r, Ok(true));
                self.changed(r);
                if cleared {
                    self.set_message(self.lang.marks_cleared(count), false);
                }
            }
            Question::QuitUnsaved => self.quit = true,
        }
    }

    /// After a mutator: redraw, refilter, and say what went wrong.
    fn changed(&mut self, r: Result<bool, review::Error>) {
        match r {
            Ok(true) => self.marks_changed(),
            Ok(false) => {}
            Err(e) => self.failed(&e),
        }
    }

    fn failed(&mut self, e: &review::Error) {
        if e.is_unsaved() {
            // Changed in memory: show it, with the NOT SAVED indicator.
            self.marks_changed();
        }
        self.set_message(e.render(self.lang), true);
    }

    fn marks_changed(&mut self) {
        self.review.generation += 1;
        if self.review.unreviewed_only {
            self.refresh_view();
        }
    }

    fn jump_unreviewed(&mut self, forward: bool) {
        let found = {
            let Some(session) = self.session() else {
                return;
            };
            let marks = session.marks();
            let doc = &self.doc;
            let from = match self.selected {
                Entry::Node(idx) => Some(idx),
                Entry::Front | Entry::Back => None,
            };
            let (first, wrapped) = if forward {
                let from = if self.selected == Entry::Back {
                    Some(NodeIdx(doc.len().saturating_sub(1) as u32))
                } else {
                    from
                };
                (
                    marks.next_unreviewed(doc, from),
                    marks.next_unreviewed(doc, None),
                )
            } else {
                let from = if self.selected == Entry::Front {
                    Some(NodeIdx(0))
                } else {
                    from
                };
                (
                    marks.prev_unreviewed(doc, from),
                    marks.prev_unreviewed(doc, None),
                )
            };
            match (first, wrapped) {
                (Some(idx), _) => Some((idx, false)),
                (None, Some(idx)) => Some((idx, true)),
                (None, None) => None,
            }
        };
        let w = self.lang.review();
        match found {
            Some((idx, wrapped)) => {
                self.reveal(Entry::Node(idx));
                if wrapped {
                    let text = if forward {
                        w.wrapped_to_top
                    } else {
                        w.wrapped_to_bottom
                    };
                    self.set_message(text, false);
                }
            }
            None => self.set_message(w.none_unreviewed, false),
        }
    }

    /// An entry as a message names it: as [`App::message_name`] does, or
    /// by its id when the notice no longer has it.
    fn entry_name(&self, id: &str) -> String {
        match self.doc.find(id) {
            Some(idx) => self.message_name(idx),
            None => id.to_string(),
        }
    }

    /// An entry as a one-line message names it: [`App::branch_name`],
    /// its path cut from the start when long, so that the message fits
    /// a line of 80 columns.
    fn message_name(&self, idx: NodeIdx) -> String {
        ui::text::truncate_start(&self.branch_name(idx, ENTRY_HEADLINE), MESSAGE_NAME)
    }

    /// A branch as questions and confirmations name it: its label path and
    /// the start of its headline, at most `headline_width` cells.
    fn branch_name(&self, idx: NodeIdx, headline_width: usize) -> String {
        let what = format!(
            "{} {}",
            lead_label_name(&self.doc, idx),
            ui::text::truncate(self.doc.node(idx).headline(), headline_width)
        );
        what.trim().to_string()
    }

    /// The question's text, for the confirmation box.
    pub fn question_text(&self, question: Question) -> String {
        match question {
            Question::Subtree {
                idx,
                on,
                items,
                done,
            } => self
                .lang
                .confirm_subtree(&self.branch_name(idx, 40), items, done, on),
            Question::Reset { count } => self.lang.confirm_reset(count),
            Question::QuitUnsaved => self.lang.review().quit_unsaved.to_string(),
        }
    }
}

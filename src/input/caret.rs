//! Text and a caret: the editing both editors share (insertion, deletion
//! and motion by grapheme), each editor adding its own cleaning of input,
//! word rule and layout.

use std::ops::Range;

use super::grapheme;

/// NFC text and a caret: a byte offset into it, always on a character
/// boundary and, after any edit or motion here, on a grapheme boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Caret {
    pub(super) text: String,
    pub(super) caret: usize,
}

/// What an edit or motion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edit {
    Changed,
    Moved,
    Unchanged,
}

impl Edit {
    /// The editor's own outcome for this edit.
    pub(super) fn pick<O>(self, changed: O, moved: O, unchanged: O) -> O {
        match self {
            Edit::Changed => changed,
            Edit::Moved => moved,
            Edit::Unchanged => unchanged,
        }
    }
}

impl Caret {
    /// Inserts `clean` (already cleaned by the editor) at the caret and
    /// puts the caret after it. The text before the caret is re-normalized
    /// with it, so a combining mark typed on its own composes with the
    /// letter before it.
    pub(super) fn insert(&mut self, clean: &str) -> Edit {
        if clean.is_empty() {
            return Edit::Unchanged;
        }
        self.caret = grapheme::insert_nfc(&mut self.text, self.caret, clean);
        Edit::Changed
    }

    /// Deletes the grapheme before the caret.
    pub(super) fn backspace(&mut self) -> Edit {
        let start = grapheme::prev_boundary(&self.text, self.caret);
        self.delete_back_to(start)
    }

    /// Deletes the grapheme after the caret.
    pub(super) fn delete(&mut self) -> Edit {
        let end = grapheme::next_boundary(&self.text, self.caret);
        self.delete_range(self.caret..end)
    }

    /// Deletes from `start` to the caret.
    pub(super) fn delete_back_to(&mut self, start: usize) -> Edit {
        self.delete_range(start..self.caret)
    }

    pub(super) fn left(&mut self) -> Edit {
        self.move_to(grapheme::prev_boundary(&self.text, self.caret))
    }

    pub(super) fn right(&mut self) -> Edit {
        self.move_to(grapheme::next_boundary(&self.text, self.caret))
    }

    pub(super) fn word_right(&mut self) -> Edit {
        self.move_to(grapheme::word_end(&self.text, self.caret))
    }

    /// Moves the caret to `to`; nothing if it is there or not on a
    /// character boundary.
    pub(super) fn move_to(&mut self, to: usize) -> Edit {
        if to == self.caret || !self.text.is_char_boundary(to) {
            return Edit::Unchanged;
        }
        self.caret = to;
        Edit::Moved
    }

    pub(super) fn delete_range(&mut self, r: Range<usize>) -> Edit {
        let start = r.start;
        if !grapheme::remove(&mut self.text, r) {
            return Edit::Unchanged;
        }
        self.caret = start;
        Edit::Changed
    }
}

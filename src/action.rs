//! Everything the user can ask the browser to do.
//!
//! Keys and mouse events are translated into an [`Action`] (see
//! [`crate::keymap`] and [`crate::tui`]); only [`crate::app::App::update`]
//! acts on them. Keyboard actions are abstract ("down", "page down"): the
//! state decides whether they move the tree selection, scroll the detail
//! pane or scroll the help, depending on focus.
//!
//! While the search prompt is open, keys are text: they arrive as
//! [`Action::Input`] (see [`crate::keymap::Mode`]) and only the few prompt
//! keys (Enter, Esc, arrows up and down) become other actions. In the note
//! editor every key is [`Action::Input`]; the editor itself reports its
//! save and cancel keys.

use ratatui::crossterm::event::KeyEvent;

use crate::doc::Kind;

/// One request to the browser state.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Action {
    /// Next row (tree) or next line (detail, help).
    Down,
    /// Previous row (tree) or previous line (detail, help).
    Up,
    /// Fold the selected node if it is open, else select its parent.
    FoldOrParent,
    /// Unfold the selected node if it is folded, else select its first child.
    UnfoldOrChild,
    /// Fold or unfold the selected node.
    ToggleFold,
    /// First row, or the top of the focused pane.
    First,
    /// Last row, or the bottom of the focused pane.
    Last,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    /// Next node with the same parent.
    NextSibling,
    /// Previous node with the same parent.
    PrevSibling,
    /// The parent of the selected node.
    Parent,
    /// Fold every node that has children.
    FoldAll,
    /// Unfold every node.
    UnfoldAll,
    /// Show levels `1..=n` only: nodes of depth `n - 1` and deeper are folded.
    /// `n` is 1 to 9.
    FoldToLevel(u8),
    /// Move the keyboard focus to the other pane.
    FocusNext,
    /// Close the help, or give the focus back to the tree.
    Back,
    /// Show or hide the help overlay.
    ToggleHelp,
    Quit,
    /// Open the search prompt, holding the current query.
    OpenSearch,
    /// Close the prompt and keep the query (Enter).
    SearchAccept,
    /// Close the prompt and drop the query (Esc); the selection and folds
    /// go back to where they were when the prompt opened.
    SearchCancel,
    /// Select the next match, wrapping, unfolding its ancestors.
    NextMatch,
    /// Select the previous match, wrapping, unfolding its ancestors.
    PrevMatch,
    /// Show only the matches and their ancestors, or everything again
    /// (Org mode's sparse tree).
    ToggleSparse,
    /// Add a kind to the kind filter, or take it out. A kind filter shows
    /// only the nodes of the kinds in it (and their ancestors).
    ToggleKind(Kind),
    /// Drop the query, the kind filter and the sparse view.
    ClearSearch,
    /// Toggle ✓ reviewed on the selected node.
    ToggleReviewed,
    /// Toggle ⚑ flagged (needs follow-up) on the selected node.
    ToggleFlagged,
    /// Open the note editor on the selected node.
    EditNote,
    /// Mark the selected node and everything under it reviewed (or, when
    /// all of it is, not reviewed), after a confirmation.
    MarkSubtree,
    /// Take back the last mark change.
    Undo,
    /// Select the next item not yet reviewed (wrapping to the top).
    NextUnreviewed,
    /// Select the previous item not yet reviewed (wrapping to the bottom).
    PrevUnreviewed,
    /// Show only the items not yet reviewed and their headings, or
    /// everything again.
    ToggleUnreviewed,
    /// Write the minutes (Markdown) beside the state file.
    ExportMinutes,
    /// Clear every mark of the notice, after a confirmation.
    ResetMarks,
    /// Write the marks to the state file again after a failed save.
    SaveMarks,
    /// The answer to the open confirmation: yes or no.
    Confirm(bool),
    /// A key typed into the open prompt or note editor.
    Input(KeyEvent),
    /// Text pasted (bracketed paste): into the note editor or the prompt,
    /// or opening the prompt.
    Paste(String),
    /// A left click at a screen cell (0-based column and row).
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel turned up with the pointer at a screen cell.
    ScrollUp {
        column: u16,
        row: u16,
    },
    /// The mouse wheel turned down with the pointer at a screen cell.
    ScrollDown {
        column: u16,
        row: u16,
    },
    /// The terminal now has this size in cells.
    Resize {
        width: u16,
        height: u16,
    },
    /// The notice loading in the background got this far: bytes of the
    /// file, and its size when known. Not from a key.
    LoadProgress {
        done: u64,
        total: Option<u64>,
    },
}

//! Everything the user can ask the browser to do.
//!
//! Keys and mouse events are translated into an [`Action`] (see
//! [`crate::keymap`] and [`crate::tui`]); only [`crate::app::App::update`]
//! acts on them. Keyboard actions are abstract ("down", "page down"): the
//! state decides whether they move the tree selection, scroll the detail
//! pane or scroll the help, depending on focus.

/// One request to the browser state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

//! A one-line text editor for prompts (the search prompt), made to work
//! with Vietnamese input methods.
//!
//! Unikey, ibus-bamboo and fcitx5 in "backspace" mode fix up a word by
//! sending Backspaces and then the replacement characters, in a burst, as
//! ordinary key events. The editor therefore processes every event in the
//! order it arrives, with no timing or burst heuristics; a Backspace (or
//! Ctrl-h, which many terminals send for it) deletes one grapheme, which is
//! what the input method counts; and the text is kept in NFC so that a
//! precomposed `ệ` is one character to delete, as the input method expects.
//! Input methods that use pre-edit text draw it at the terminal cursor, so
//! the caller puts the cursor at [`LineEditor::caret_column`].

use std::ops::Range;

use super::caret::{Caret, Edit};
use super::grapheme::{self, width};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

/// The text of a prompt and its caret. The caret is a byte offset into
/// the text, always on a character boundary and, after any edit or motion
/// of the editor, on a grapheme boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    buf: Caret,
    /// The whole text is selected, as a find field offers the last query:
    /// typing or pasting replaces it, a deleting key clears it, a moving
    /// key only ends the selection.
    selected: bool,
}

/// What a key or paste did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The text changed: search again.
    Changed,
    /// Only the caret moved.
    Moved,
    /// An editing key with nothing to do (Backspace at the start).
    Unchanged,
    /// Not an editing key (Enter, Esc, Tab, Up, a function key, a key
    /// release): the caller decides.
    Ignored,
}

impl LineEditor {
    /// An empty line.
    pub fn new() -> LineEditor {
        LineEditor::default()
    }

    /// A line holding `text` (NFC-normalized, line breaks made spaces),
    /// the caret at its end.
    pub fn with_text(text: &str) -> LineEditor {
        let mut editor = LineEditor::new();
        editor.insert_str(text);
        editor
    }

    /// [`LineEditor::with_text`] with the text selected (see
    /// [`LineEditor::is_selected`]).
    pub fn offering(text: &str) -> LineEditor {
        let mut editor = LineEditor::with_text(text);
        editor.selected = !editor.is_empty();
        editor
    }

    /// Whether the whole text is selected: the next text typed or pasted
    /// replaces it.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn text(&self) -> &str {
        &self.buf.text
    }

    pub fn is_empty(&self) -> bool {
        self.buf.text.is_empty()
    }

    /// The caret as a byte offset into [`LineEditor::text`].
    pub fn caret(&self) -> usize {
        self.buf.caret
    }

    /// The caret's display column: the width in terminal cells of the text
    /// before it (measured grapheme by grapheme, as ratatui draws).
    pub fn caret_column(&self) -> usize {
        width(self.buf.text.get(..self.buf.caret).unwrap_or(""))
    }

    /// The width of the whole text in terminal cells.
    pub fn width(&self) -> usize {
        width(&self.buf.text)
    }

    /// For a field `cols` cells wide: the byte range of the text to draw
    /// from (it runs to the end; the caller cuts it at `cols`) and the
    /// caret's column within that field. Scrolls just enough to keep the
    /// caret in view, leaving its cell free at the end.
    pub fn view(&self, cols: usize) -> (Range<usize>, usize) {
        let col = self.caret_column();
        if col < cols {
            return (0..self.buf.text.len(), col);
        }
        let mut start = self.buf.caret;
        let mut w = 0;
        for (i, g) in self
            .buf
            .text
            .get(..self.buf.caret)
            .unwrap_or("")
            .grapheme_indices(true)
            .rev()
        {
            let gw = width(g);
            if w + gw + 1 > cols {
                break;
            }
            w += gw;
            start = i;
        }
        (start..self.buf.text.len(), w)
    }

    /// Empties the line.
    pub fn clear(&mut self) {
        self.buf.text.clear();
        self.buf.caret = 0;
        self.selected = false;
    }

    /// Replaces the text (as [`LineEditor::with_text`]), caret at the end.
    pub fn set_text(&mut self, text: &str) {
        *self = LineEditor::with_text(text);
    }

    /// Applies one key event. Only presses count: repeats and releases (sent
    /// by terminals with the kitty keyboard protocol) are `Ignored`, so a
    /// key is never applied twice.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if key.kind != KeyEventKind::Press {
            return Outcome::Ignored;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if self.selected {
            let types = matches!(key.code, KeyCode::Char(_)) && (ctrl == alt);
            let deletes = matches!(key.code, KeyCode::Backspace | KeyCode::Delete)
                || (ctrl && !alt && matches!(key.code, KeyCode::Char('h' | 'd' | 'u' | 'k' | 'w')));
            if deletes {
                self.selected = false;
                self.clear();
                return Outcome::Changed;
            }
            if types {
                self.clear();
            }
            let outcome = self.edit_key(key, ctrl, alt);
            if outcome != Outcome::Ignored {
                self.selected = false;
            }
            return if types { Outcome::Changed } else { outcome };
        }
        self.edit_key(key, ctrl, alt)
    }

    /// [`LineEditor::handle_key`] of a press, with nothing selected.
    fn edit_key(&mut self, key: KeyEvent, ctrl: bool, alt: bool) -> Outcome {
        match key.code {
            KeyCode::Backspace if ctrl || alt => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if ctrl || alt => self.word_left(),
            KeyCode::Right if ctrl || alt => self.word_right(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            // Ctrl and Alt together are AltGr on some systems: a character.
            KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
                'h' => self.backspace(),
                'a' => self.home(),
                'e' => self.end(),
                'b' => self.left(),
                'f' => self.right(),
                'd' => self.delete(),
                'u' => self.buf.delete_range(0..self.buf.caret).into(),
                'k' => self
                    .buf
                    .delete_range(self.buf.caret..self.buf.text.len())
                    .into(),
                'w' => self.delete_word_back(),
                _ => Outcome::Ignored,
            },
            KeyCode::Char(_) if alt && !ctrl => Outcome::Ignored,
            KeyCode::Char(c) => {
                let mut buf = [0; 4];
                self.insert_str(c.encode_utf8(&mut buf))
            }
            _ => Outcome::Ignored,
        }
    }

    /// Inserts pasted text (a bracketed paste): NFC-normalized, line breaks
    /// and tabs become spaces, other control characters are dropped.
    pub fn paste(&mut self, pasted: &str) -> Outcome {
        if self.selected {
            self.selected = false;
            let had = !self.is_empty();
            self.clear();
            return match self.insert_str(pasted) {
                Outcome::Unchanged if had => Outcome::Changed,
                outcome => outcome,
            };
        }
        self.insert_str(pasted)
    }

    /// Inserts `s` at the caret, cleaned as [`LineEditor::paste`] says, and
    /// puts the caret after it. The text before the caret is re-normalized
    /// with it, so a combining mark typed on its own composes with the
    /// letter before it.
    pub fn insert_str(&mut self, s: &str) -> Outcome {
        self.buf.insert(&clean(s)).into()
    }

    /// Deletes the grapheme before the caret.
    pub fn backspace(&mut self) -> Outcome {
        self.buf.backspace().into()
    }

    /// Deletes the grapheme after the caret.
    pub fn delete(&mut self) -> Outcome {
        self.buf.delete().into()
    }

    /// Deletes back to the start of the word before the caret (spaces
    /// between are deleted too).
    pub fn delete_word_back(&mut self) -> Outcome {
        let start = self.word_start();
        self.buf.delete_back_to(start).into()
    }

    pub fn left(&mut self) -> Outcome {
        self.buf.left().into()
    }

    pub fn right(&mut self) -> Outcome {
        self.buf.right().into()
    }

    pub fn word_left(&mut self) -> Outcome {
        let to = self.word_start();
        self.buf.move_to(to).into()
    }

    pub fn word_right(&mut self) -> Outcome {
        self.buf.word_right().into()
    }

    pub fn home(&mut self) -> Outcome {
        self.buf.move_to(0).into()
    }

    pub fn end(&mut self) -> Outcome {
        self.buf.move_to(self.buf.text.len()).into()
    }

    /// Start of the word before the caret, skipping the spaces just
    /// before it.
    fn word_start(&self) -> usize {
        grapheme::word_start(&self.buf.text, 0, self.buf.caret)
    }
}

impl From<Edit> for Outcome {
    fn from(edit: Edit) -> Outcome {
        edit.pick(Outcome::Changed, Outcome::Moved, Outcome::Unchanged)
    }
}

/// Line breaks and tabs to spaces (CRLF to one), other controls dropped.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::input::test_keys::{bs, ch, ctrl, key};

    /// Replays events in order, as the terminal delivers them.
    fn replay(events: &[KeyEvent]) -> LineEditor {
        let mut e = LineEditor::new();
        for ev in events {
            e.handle_key(*ev);
        }
        e
    }

    /// An offered query is replaced by typing or pasting, cleared by a
    /// deleting key, and kept by a moving key, which only ends the
    /// selection; keys the editor does not take leave it selected.
    #[test]
    fn an_offered_query_is_replaced_cleared_or_refined() {
        let mut e = LineEditor::offering("tổ chức");
        assert!(e.is_selected());
        assert_eq!(e.handle_key(ch('b')), Outcome::Changed);
        assert_eq!((e.text(), e.is_selected()), ("b", false));

        let mut e = LineEditor::offering("tổ chức");
        assert_eq!(e.handle_key(key(KeyCode::Enter)), Outcome::Ignored);
        assert!(e.is_selected());
        assert_eq!(e.handle_key(bs()), Outcome::Changed);
        assert_eq!((e.text(), e.is_selected()), ("", false));

        let mut e = LineEditor::offering("tổ chức");
        assert_eq!(e.handle_key(ctrl('u')), Outcome::Changed);
        assert_eq!(e.text(), "");

        let mut e = LineEditor::offering("tổ chức");
        assert_eq!(e.handle_key(key(KeyCode::Home)), Outcome::Moved);
        assert!(!e.is_selected());
        e.handle_key(ch('x'));
        assert_eq!(e.text(), "xtổ chức");

        let mut e = LineEditor::offering("tổ chức");
        assert_eq!(e.paste("bộ máy"), Outcome::Changed);
        assert_eq!((e.text(), e.is_selected()), ("bộ máy", false));

        // Nothing to offer, nothing selected.
        assert!(!LineEditor::offering("").is_selected());
    }

    #[test]
    fn a_backspace_then_the_accented_letter() {
        // Telex "as": the input method sends a, Backspace, á.
        let e = replay(&[ch('a'), bs(), ch('á')]);
        assert_eq!(e.text(), "á");
        assert_eq!((e.caret(), e.caret_column()), ("á".len(), 1));
    }

    #[test]
    fn ctrl_h_is_backspace() {
        let e = replay(&[ch('a'), ctrl('h'), ch('á')]);
        assert_eq!(e.text(), "á");
        let mut e = LineEditor::with_text("Đảng");
        assert_eq!(e.handle_key(ctrl('h')), Outcome::Changed);
        assert_eq!(e.text(), "Đản");
    }

    #[test]
    fn a_burst_of_backspaces_then_replacement_characters() {
        // Telex "Vieetj": V i e, then "e" makes ê (Backspace, ê), t, then
        // "j" moves the tone: two Backspaces, then "ệt".
        let events = [
            ch('V'),
            ch('i'),
            ch('e'),
            bs(),
            ch('ê'),
            ch('t'),
            bs(),
            bs(),
            ch('ệ'),
            ch('t'),
        ];
        let e = replay(&events);
        assert_eq!(e.text(), "Việt");
        assert_eq!(e.caret_column(), 4);
        // The same burst with Ctrl-h, as some terminals send it.
        let events: Vec<KeyEvent> = events
            .iter()
            .map(|ev| {
                if ev.code == KeyCode::Backspace {
                    ctrl('h')
                } else {
                    *ev
                }
            })
            .collect();
        assert_eq!(replay(&events).text(), "Việt");
    }

    #[test]
    fn a_burst_in_the_middle_of_the_line_edits_at_the_caret() {
        // "to chuc", caret after "to", then Telex "oo" + "r": tổ.
        let mut e = LineEditor::with_text("to chuc");
        for ev in [key(KeyCode::Home), key(KeyCode::Right), key(KeyCode::Right)] {
            e.handle_key(ev);
        }
        for ev in [bs(), ch('ô'), bs(), ch('ổ')] {
            e.handle_key(ev);
        }
        assert_eq!(e.text(), "tổ chuc");
        assert_eq!(e.caret_column(), 2);
    }

    #[test]
    fn backspace_deletes_a_whole_grapheme() {
        let mut e = LineEditor::new();
        // A decomposed letter typed mark by mark composes as it arrives.
        e.handle_key(ch('e'));
        e.handle_key(ch('\u{323}'));
        e.handle_key(ch('\u{302}'));
        assert_eq!(e.text(), "ệ");
        // A grapheme of several characters goes in one Backspace.
        e.paste("👨\u{200d}👩");
        assert_eq!(e.backspace(), Outcome::Changed);
        assert_eq!(e.text(), "ệ");
        e.paste("g\u{308}\u{301}");
        e.handle_key(bs());
        assert_eq!(e.text(), "ệ");
        e.handle_key(bs());
        assert_eq!(e.text(), "");
        assert_eq!(e.handle_key(bs()), Outcome::Unchanged);
    }

    #[test]
    fn arrows_home_and_end_move_by_grapheme() {
        let mut e = LineEditor::with_text("Tỉnh ủy");
        assert_eq!(e.handle_key(key(KeyCode::Left)), Outcome::Moved);
        assert_eq!(&e.text()[e.caret()..], "y");
        e.handle_key(key(KeyCode::Left));
        assert_eq!(&e.text()[e.caret()..], "ủy");
        assert_eq!(e.caret_column(), 5);
        assert_eq!(e.handle_key(key(KeyCode::Home)), Outcome::Moved);
        assert_eq!(e.handle_key(key(KeyCode::Left)), Outcome::Unchanged);
        e.handle_key(key(KeyCode::Right));
        assert_eq!(e.caret(), 1);
        e.handle_key(key(KeyCode::Right));
        assert_eq!(e.caret(), 1 + "ỉ".len());
        e.handle_key(key(KeyCode::End));
        assert_eq!(e.caret(), e.text().len());
        assert_eq!(e.handle_key(key(KeyCode::Right)), Outcome::Unchanged);
        e.handle_key(ctrl('a'));
        assert_eq!(e.caret(), 0);
        e.handle_key(ctrl('e'));
        assert_eq!(e.caret(), e.text().len());
    }

    #[test]
    fn typing_inserts_at_the_caret() {
        let mut e = LineEditor::with_text("ac");
        e.handle_key(key(KeyCode::Left));
        assert_eq!(e.handle_key(ch('b')), Outcome::Changed);
        assert_eq!((e.text(), e.caret()), ("abc", 2));
        e.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
        assert_eq!(e.text(), "abDc");
        e.handle_key(key(KeyCode::Delete));
        assert_eq!(e.text(), "abD");
    }

    #[test]
    fn bracketed_paste_is_nfc_on_one_line() {
        let mut e = LineEditor::new();
        let nfd = "Vie\u{323}\u{302}t Nam\r\nđứng\nđa\u{300}u\t";
        assert_eq!(e.paste(nfd), Outcome::Changed);
        assert_eq!(e.text(), "Việt Nam đứng đàu ");
        assert_eq!(e.caret(), e.text().len());
        assert_eq!(e.paste("\u{1b}\u{7}"), Outcome::Unchanged);
        assert_eq!(e.text(), "Việt Nam đứng đàu ");
    }

    #[test]
    fn only_presses_count() {
        let mut e = LineEditor::new();
        for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
            let mut ev = ch('a');
            ev.kind = kind;
            assert_eq!(e.handle_key(ev), Outcome::Ignored);
        }
        assert!(e.is_empty());
    }

    #[test]
    fn prompt_keys_are_left_to_the_caller() {
        let mut e = LineEditor::with_text("x");
        for code in [
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Up,
            KeyCode::F(1),
        ] {
            assert_eq!(e.handle_key(key(code)), Outcome::Ignored);
        }
        assert_eq!(
            e.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)),
            Outcome::Ignored
        );
        assert_eq!(e.handle_key(ctrl('c')), Outcome::Ignored);
        // AltGr arrives as Ctrl+Alt on some systems: it types.
        let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert_eq!(
            e.handle_key(KeyEvent::new(KeyCode::Char('@'), altgr)),
            Outcome::Changed
        );
        assert_eq!(e.text(), "x@");
    }

    #[test]
    fn readline_deletions() {
        let mut e = LineEditor::with_text("tổ chức  bộ máy");
        e.handle_key(ctrl('w'));
        assert_eq!(e.text(), "tổ chức  bộ ");
        e.handle_key(ctrl('w'));
        assert_eq!(e.text(), "tổ chức  ");
        e.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT));
        assert_eq!(e.text(), "tổ ");
        e.word_left();
        assert_eq!(e.caret(), 0);
        e.word_right();
        assert_eq!(e.caret(), "tổ".len());
        e.handle_key(ctrl('k'));
        assert_eq!(e.text(), "tổ");
        e.handle_key(ctrl('u'));
        assert!(e.is_empty());
    }

    #[test]
    fn caret_column_counts_cells() {
        let e = LineEditor::with_text("Đảng 漢字");
        assert_eq!(e.caret_column(), 9);
        assert_eq!(e.width(), 9);
        let e = LineEditor::with_text("e\u{301}");
        assert_eq!(e.caret_column(), 1);
    }

    #[test]
    fn the_view_scrolls_to_keep_the_caret_visible() {
        let e = LineEditor::with_text("người đứng đầu");
        assert_eq!(e.view(20), (0..e.text().len(), 14));
        let (range, col) = e.view(10);
        assert_eq!(col, 9);
        assert_eq!(&e.text()[range], " đứng đầu");
        let mut e = LineEditor::with_text("漢字漢字");
        e.home();
        assert_eq!(e.view(3), (0..e.text().len(), 0));
        e.end();
        let (range, col) = e.view(3);
        assert_eq!((&e.text()[range], col), ("字", 2));
    }
}

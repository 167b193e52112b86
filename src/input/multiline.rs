//! A multi-line text editor for review notes, made to work with Vietnamese
//! input methods in the same way as the search prompt's
//! [`LineEditor`](super::LineEditor).
//!
//! - Every key event is applied in the order it arrives, with no timing or
//!   burst heuristics: Unikey, ibus-bamboo and fcitx5 fix up a word by
//!   sending Backspaces and then the replacement characters.
//! - Backspace (and Ctrl-h, which many terminals send for it) deletes one
//!   grapheme, which is what the input method counts; the text is kept in
//!   NFC so that a precomposed `ệ` is one character to delete.
//! - Enter inserts a line break. The save key (Ctrl-s) and the cancel keys
//!   (Esc, Ctrl-c) are not applied here: they are reported to the caller
//!   ([`Outcome::Save`], [`Outcome::Cancel`]).
//! - A bracketed paste keeps its line breaks.
//! - Long lines wrap at word boundaries to the width the caller gives
//!   ([`TextArea::set_viewport`]); [`TextArea::caret_position`] is the
//!   caret's visual row and column, where the caller puts the terminal
//!   cursor so that input methods draw their pre-edit text in place.
//!
//! The text never holds control characters other than `\n`, nor invisible
//! format characters: what is shown is what is saved.

use std::ops::Range;

use super::caret::{Caret, Edit};
use super::grapheme::{self, width};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;

impl From<Edit> for Outcome {
    fn from(edit: Edit) -> Outcome {
        edit.pick(Outcome::Changed, Outcome::Moved, Outcome::Unchanged)
    }
}

/// What a key or paste did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The text changed.
    Changed,
    /// Only the caret moved.
    Moved,
    /// An editing key with nothing to do (Backspace at the start).
    Unchanged,
    /// Not a key of the editor (a function key, Alt-x, a key release):
    /// the caller may ignore it.
    Ignored,
    /// The save key (Ctrl-s): the caller saves [`TextArea::text`].
    Save,
    /// A cancel key (Esc, Ctrl-c): the caller decides whether to drop the
    /// edit (see [`TextArea::is_modified`]).
    Cancel,
}

/// The text of a note and its caret, laid out in rows for a field of a
/// given size. The caret is a byte offset into the text, always on a
/// grapheme boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextArea {
    buf: Caret,
    /// The text as it was opened, to tell whether it was edited.
    original: String,
    /// Width of the field in cells; rows wrap one cell short of it so
    /// that the caret always fits at the end of a row. 0: no wrapping.
    width: usize,
    /// Rows of the field.
    height: usize,
    /// First row shown.
    top: usize,
    /// The column that Up and Down aim for, kept across vertical moves.
    goal: Option<usize>,
}

impl TextArea {
    /// An empty note.
    pub fn new() -> TextArea {
        TextArea::default()
    }

    /// A note holding `text` (cleaned as a paste is), the caret at its end.
    /// [`TextArea::is_modified`] compares with this text.
    pub fn with_text(text: &str) -> TextArea {
        let text = clean(text);
        TextArea {
            buf: Caret {
                caret: text.len(),
                text: text.clone(),
            },
            original: text,
            ..TextArea::default()
        }
    }

    pub fn text(&self) -> &str {
        &self.buf.text
    }

    pub fn is_empty(&self) -> bool {
        self.buf.text.is_empty()
    }

    /// Whether the editor was opened on no text (a new note).
    pub fn opened_empty(&self) -> bool {
        self.original.is_empty()
    }

    /// Whether the text differs from what the editor was opened with.
    pub fn is_modified(&self) -> bool {
        self.buf.text != self.original
    }

    /// The caret as a byte offset into [`TextArea::text`].
    pub fn caret(&self) -> usize {
        self.buf.caret
    }

    /// Sets the size of the field in cells. Rows wrap at `width - 1` (the
    /// last cell is kept for the caret); a width below 2 does not wrap.
    /// Scrolls to keep the caret in view.
    pub fn set_viewport(&mut self, width: usize, height: usize) {
        if (width, height) != (self.width, self.height) {
            self.width = width;
            self.height = height;
            self.goal = None;
            self.scroll_to_caret();
        }
    }

    /// The first row shown.
    pub fn scroll(&self) -> usize {
        self.top
    }

    /// The rows of the text as laid out for the viewport's width: byte
    /// ranges of the text, in order, without the line breaks. An empty
    /// text is one empty row.
    pub fn rows(&self) -> Vec<Range<usize>> {
        layout(&self.buf.text, self.wrap_width())
    }

    /// The caret's row (in [`TextArea::rows`]) and its column in cells.
    pub fn caret_position(&self) -> (usize, usize) {
        let rows = self.rows();
        let row = row_of(&rows, self.buf.caret);
        let start = rows[row].start;
        (row, width(&self.buf.text[start..self.buf.caret]))
    }

    /// The rows in view: their texts, from [`TextArea::scroll`], at most
    /// the viewport's height (all of them when it is 0).
    pub fn visible_rows(&self) -> Vec<&str> {
        let rows = self.rows();
        let h = if self.height == 0 {
            rows.len()
        } else {
            self.height
        };
        rows.iter()
            .skip(self.top)
            .take(h)
            .map(|r| &self.buf.text[r.clone()])
            .collect()
    }

    /// Replaces the text (cleaned), the caret at the end. The text it is
    /// compared with for [`TextArea::is_modified`] stays.
    pub fn set_text(&mut self, text: &str) {
        self.buf.text = clean(text);
        self.buf.caret = self.buf.text.len();
        self.goal = None;
        self.scroll_to_caret();
    }

    /// Applies one key event. Only presses count: repeats and releases
    /// (sent by terminals with the kitty keyboard protocol) are `Ignored`,
    /// so a key is never applied twice.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if key.kind != KeyEventKind::Press {
            return Outcome::Ignored;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let vertical = matches!(key.code, KeyCode::Up | KeyCode::Down)
            || (ctrl && !alt && matches!(key.code, KeyCode::Char('p' | 'n' | 'P' | 'N')));
        let goal = self.goal.take();
        if vertical {
            self.goal = goal;
        }
        let outcome = match key.code {
            KeyCode::Esc => Outcome::Cancel,
            KeyCode::Enter => self.insert_str("\n"),
            // A space, as a pasted tab becomes: notes hold no tabs, and a
            // key that typed nothing would run the words together.
            KeyCode::Tab if !ctrl && !alt => self.insert_str(" "),
            KeyCode::Backspace if ctrl || alt => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if ctrl || alt => self.word_left(),
            KeyCode::Right if ctrl || alt => self.word_right(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Up => self.up(),
            KeyCode::Down => self.down(),
            KeyCode::Home if ctrl => self.move_to(0),
            KeyCode::End if ctrl => self.move_to(self.buf.text.len()),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            // Ctrl and Alt together are AltGr on some systems: a character.
            KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
                's' => Outcome::Save,
                'c' => Outcome::Cancel,
                'h' => self.backspace(),
                'a' => self.home(),
                'e' => self.end(),
                'b' => self.left(),
                'f' => self.right(),
                'p' => self.up(),
                'n' => self.down(),
                'd' => self.delete(),
                'u' => {
                    let start = self.line_start(self.buf.caret);
                    self.delete_range(start..self.buf.caret)
                }
                'k' => {
                    let end = self.line_end(self.buf.caret);
                    self.delete_range(self.buf.caret..end)
                }
                'w' => self.delete_word_back(),
                _ => Outcome::Ignored,
            },
            KeyCode::Char(_) if alt && !ctrl => Outcome::Ignored,
            KeyCode::Char(c) => {
                let mut buf = [0; 4];
                self.insert_str(c.encode_utf8(&mut buf))
            }
            _ => Outcome::Ignored,
        };
        if matches!(outcome, Outcome::Changed | Outcome::Moved) {
            self.scroll_to_caret();
        }
        outcome
    }

    /// Inserts pasted text (a bracketed paste): NFC-normalized, line
    /// breaks kept (CRLF and CR become LF), tabs become spaces, other
    /// control and invisible format characters are dropped.
    pub fn paste(&mut self, pasted: &str) -> Outcome {
        self.goal = None;
        let outcome = self.insert_str(pasted);
        if outcome == Outcome::Changed {
            self.scroll_to_caret();
        }
        outcome
    }

    /// Inserts `s` at the caret, cleaned as [`TextArea::paste`] says, and
    /// puts the caret after it. The text before the caret is re-normalized
    /// with it, so a combining mark typed on its own composes with the
    /// letter before it.
    pub fn insert_str(&mut self, s: &str) -> Outcome {
        self.buf.insert(&clean(s)).into()
    }

    /// Deletes the grapheme before the caret (a line break is one).
    pub fn backspace(&mut self) -> Outcome {
        self.buf.backspace().into()
    }

    /// Deletes the grapheme after the caret.
    pub fn delete(&mut self) -> Outcome {
        self.buf.delete().into()
    }

    /// Deletes back to the start of the word before the caret (spaces
    /// between are deleted too); never across a line break.
    pub fn delete_word_back(&mut self) -> Outcome {
        let start = self.word_start(self.buf.caret);
        self.buf.delete_back_to(start).into()
    }

    pub fn left(&mut self) -> Outcome {
        self.buf.left().into()
    }

    pub fn right(&mut self) -> Outcome {
        self.buf.right().into()
    }

    pub fn word_left(&mut self) -> Outcome {
        let to = self.word_start(self.buf.caret);
        self.move_to(to)
    }

    pub fn word_right(&mut self) -> Outcome {
        self.buf.word_right().into()
    }

    /// To the start of the caret's row.
    pub fn home(&mut self) -> Outcome {
        let rows = self.rows();
        let to = rows[row_of(&rows, self.buf.caret)].start;
        self.move_to(to)
    }

    /// To the end of the caret's row (before the last grapheme of a row
    /// that wraps, which would show at the start of the next row).
    pub fn end(&mut self) -> Outcome {
        let rows = self.rows();
        let row = row_of(&rows, self.buf.caret);
        let to = self.row_limit(&rows, row);
        self.move_to(to)
    }

    /// One row up, as near the goal column as the row allows; from the
    /// first row, to the start of the text.
    pub fn up(&mut self) -> Outcome {
        self.vertical(false)
    }

    /// One row down; from the last row, to the end of the text.
    pub fn down(&mut self) -> Outcome {
        self.vertical(true)
    }

    fn vertical(&mut self, down: bool) -> Outcome {
        let rows = self.rows();
        let row = row_of(&rows, self.buf.caret);
        let col = width(&self.buf.text[rows[row].start..self.buf.caret]);
        let goal = self.goal.unwrap_or(col);
        let target = if down {
            row + 1
        } else {
            match row.checked_sub(1) {
                Some(r) => r,
                None => {
                    self.goal = None;
                    return self.move_to(0);
                }
            }
        };
        if target >= rows.len() {
            self.goal = None;
            return self.move_to(self.buf.text.len());
        }
        let start = rows[target].start;
        let limit = self.row_limit(&rows, target);
        let mut to = start;
        let mut w = 0;
        for (i, g) in self.buf.text[start..limit].grapheme_indices(true) {
            let gw = width(g);
            if w + gw > goal {
                break;
            }
            w += gw;
            to = start + i + g.len();
        }
        let outcome = self.move_to(to);
        self.goal = Some(goal);
        outcome
    }

    /// The last caret position that shows on `row`: its end, or for a
    /// row that wraps, the start of its last grapheme.
    fn row_limit(&self, rows: &[Range<usize>], row: usize) -> usize {
        let r = &rows[row];
        let wraps = rows.get(row + 1).is_some_and(|next| next.start == r.end);
        if wraps && r.end > r.start {
            self.prev_boundary(r.end).max(r.start)
        } else {
            r.end
        }
    }

    fn move_to(&mut self, to: usize) -> Outcome {
        self.buf.move_to(to).into()
    }

    fn delete_range(&mut self, r: Range<usize>) -> Outcome {
        self.buf.delete_range(r).into()
    }

    fn wrap_width(&self) -> usize {
        if self.width >= 2 {
            self.width - 1
        } else {
            usize::MAX
        }
    }

    /// Keeps the caret's row within the viewport.
    fn scroll_to_caret(&mut self) {
        if self.height == 0 {
            self.top = 0;
            return;
        }
        let rows = self.rows();
        let row = row_of(&rows, self.buf.caret);
        if row < self.top {
            self.top = row;
        } else if row >= self.top + self.height {
            self.top = row + 1 - self.height;
        }
        self.top = self.top.min(rows.len().saturating_sub(self.height));
    }

    fn line_start(&self, at: usize) -> usize {
        self.buf.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self, at: usize) -> usize {
        self.buf.text[at..]
            .find('\n')
            .map_or(self.buf.text.len(), |i| at + i)
    }

    fn prev_boundary(&self, at: usize) -> usize {
        grapheme::prev_boundary(&self.buf.text, at)
    }

    /// Start of the word before `at`, skipping the spaces just before it,
    /// not going past the start of the line (at the start of a line: the
    /// line break before it).
    fn word_start(&self, at: usize) -> usize {
        let line = self.line_start(at);
        if line == at {
            return self.prev_boundary(at);
        }
        grapheme::word_start(&self.buf.text, line, at)
    }
}

/// The row holding byte offset `at`: the last row that starts at or
/// before it (a caret at a wrap point shows at the start of the next row).
fn row_of(rows: &[Range<usize>], at: usize) -> usize {
    rows.partition_point(|r| r.start <= at).saturating_sub(1)
}

/// Lays `text` out in rows at most `wrap` cells wide, breaking long lines
/// after the last space that fits, or between graphemes when a word is
/// longer than a row. A grapheme wider than `wrap` gets a row of its own.
fn layout(text: &str, wrap: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let end = line_start + line.len();
        let mut row_start = line_start;
        let mut w = 0;
        // Where the row may break: after a space, with the width up to it.
        let mut brk: Option<usize> = None;
        for (i, g) in line.grapheme_indices(true) {
            let at = line_start + i;
            let gw = width(g);
            while w + gw > wrap && at > row_start {
                let cut = match brk {
                    Some(b) if b > row_start && b <= at => b,
                    _ => at,
                };
                rows.push(row_start..cut);
                row_start = cut;
                brk = None;
                w = width(&text[cut..at]);
            }
            w += gw;
            if g.chars().all(char::is_whitespace) {
                brk = Some(at + g.len());
            }
        }
        rows.push(row_start..end);
        line_start = end + 1;
    }
    rows
}

/// Line breaks to LF, tabs to spaces, NFC; other control characters,
/// invisible format characters, surrogates and unassigned code points are
/// dropped (they would show differently from what is saved).
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if matches!(
                c.general_category(),
                GeneralCategory::Format
                    | GeneralCategory::Surrogate
                    | GeneralCategory::Unassigned
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
            ) => {}
            c => out.push(c),
        }
    }
    if out.is_ascii() {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::input::test_keys::{bs, ch, ctrl, key};

    fn typed(s: &str) -> Vec<KeyEvent> {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    key(KeyCode::Enter)
                } else {
                    ch(c)
                }
            })
            .collect()
    }

    fn replay(e: &mut TextArea, events: &[KeyEvent]) -> Vec<Outcome> {
        events.iter().map(|ev| e.handle_key(*ev)).collect()
    }

    fn rows_text(e: &TextArea) -> Vec<&str> {
        e.rows().into_iter().map(|r| &e.text()[r]).collect()
    }

    #[test]
    fn telex_bursts_apply_in_order() {
        // Telex "Vieetj": V i e, then "e" makes ê (Backspace, ê), t, then
        // "j" moves the tone: two Backspaces, then "ệt"; the same with
        // Ctrl-h, as some terminals send it.
        for back in [bs(), ctrl('h')] {
            let mut e = TextArea::new();
            let events = [
                ch('V'),
                ch('i'),
                ch('e'),
                back,
                ch('ê'),
                ch('t'),
                back,
                back,
                ch('ệ'),
                ch('t'),
            ];
            replay(&mut e, &events);
            assert_eq!(e.text(), "Việt");
            assert_eq!(e.caret_position(), (0, 4));
        }
    }

    #[test]
    fn a_burst_on_the_second_line_edits_at_the_caret() {
        let mut e = TextArea::new();
        replay(&mut e, &typed("Kết luận\nto chuc"));
        // Caret after "to" on the second line, then Telex "oo" + "r": tổ.
        e.handle_key(key(KeyCode::Home));
        e.handle_key(key(KeyCode::Right));
        e.handle_key(key(KeyCode::Right));
        replay(&mut e, &[bs(), ch('ô'), bs(), ch('ổ')]);
        assert_eq!(e.text(), "Kết luận\ntổ chuc");
        assert_eq!(e.caret_position(), (1, 2));
    }

    #[test]
    fn enter_inserts_a_line_break_and_backspace_joins_lines() {
        let mut e = TextArea::new();
        let outcomes = replay(&mut e, &typed("một\nhai"));
        assert!(outcomes.iter().all(|o| *o == Outcome::Changed));
        assert_eq!(e.text(), "một\nhai");
        assert_eq!(rows_text(&e), ["một", "hai"]);
        assert_eq!(e.caret_position(), (1, 3));
        e.handle_key(key(KeyCode::Home));
        assert_eq!(e.caret_position(), (1, 0));
        assert_eq!(e.handle_key(bs()), Outcome::Changed);
        assert_eq!(e.text(), "mộthai");
        assert_eq!(e.caret_position(), (0, 3));
        e.handle_key(key(KeyCode::Enter));
        e.handle_key(key(KeyCode::Enter));
        assert_eq!(e.text(), "một\n\nhai");
        assert_eq!(rows_text(&e), ["một", "", "hai"]);
        assert_eq!(e.caret_position(), (2, 0));
    }

    #[test]
    fn backspace_deletes_a_whole_grapheme() {
        let mut e = TextArea::new();
        // A decomposed letter typed mark by mark composes as it arrives.
        replay(&mut e, &[ch('e'), ch('\u{323}'), ch('\u{302}')]);
        assert_eq!(e.text(), "ệ");
        e.paste("g\u{308}\u{301}");
        assert_eq!(e.handle_key(bs()), Outcome::Changed);
        assert_eq!(e.text(), "ệ");
        e.handle_key(bs());
        assert_eq!(e.text(), "");
        assert_eq!(e.handle_key(bs()), Outcome::Unchanged);
        assert_eq!(e.handle_key(key(KeyCode::Delete)), Outcome::Unchanged);
    }

    #[test]
    fn save_and_cancel_are_reported_not_applied() {
        let mut e = TextArea::with_text("ghi chú");
        assert!(!e.is_modified());
        assert_eq!(e.handle_key(ctrl('s')), Outcome::Save);
        assert_eq!(e.handle_key(ctrl('S')), Outcome::Save);
        assert_eq!(e.handle_key(key(KeyCode::Esc)), Outcome::Cancel);
        assert_eq!(e.handle_key(ctrl('c')), Outcome::Cancel);
        assert_eq!(e.text(), "ghi chú");
        e.handle_key(ch('!'));
        assert!(e.is_modified());
        e.handle_key(bs());
        assert!(!e.is_modified());
        for code in [KeyCode::F(2), KeyCode::Insert] {
            assert_eq!(e.handle_key(key(code)), Outcome::Ignored);
        }
        // Tab types a space, as a pasted tab does.
        assert_eq!(e.handle_key(key(KeyCode::Tab)), Outcome::Changed);
        assert_eq!(e.text(), "ghi chú ");
        e.handle_key(bs());
        assert_eq!(
            e.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)),
            Outcome::Ignored
        );
        // AltGr arrives as Ctrl+Alt on some systems: it types.
        let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert_eq!(
            e.handle_key(KeyEvent::new(KeyCode::Char('@'), altgr)),
            Outcome::Changed
        );
        assert_eq!(e.text(), "ghi chú@");
    }

    #[test]
    fn only_presses_count() {
        let mut e = TextArea::new();
        for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
            let mut ev = ch('a');
            ev.kind = kind;
            assert_eq!(e.handle_key(ev), Outcome::Ignored);
            ev.code = KeyCode::Enter;
            assert_eq!(e.handle_key(ev), Outcome::Ignored);
        }
        assert!(e.is_empty());
    }

    #[test]
    fn bracketed_paste_keeps_lines_in_nfc() {
        let mut e = TextArea::new();
        let nfd = "Vie\u{323}\u{302}t Nam\r\nđa\u{300}u\rcuối\tx\u{1b}[31m\u{200f}";
        assert_eq!(e.paste(nfd), Outcome::Changed);
        assert_eq!(e.text(), "Việt Nam\nđàu\ncuối x[31m");
        assert_eq!(e.caret(), e.text().len());
        assert_eq!(e.paste("\u{7}\u{202e}"), Outcome::Unchanged);
        let e = TextArea::with_text("a\u{2028}b");
        assert_eq!(e.text(), "a\nb");
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let mut e = TextArea::with_text("Tổ chức thực hiện ngay");
        // 11 cells wide: rows of at most 10.
        e.set_viewport(11, 5);
        assert_eq!(rows_text(&e), ["Tổ chức ", "thực hiện ", "ngay"]);
        assert_eq!(e.caret_position(), (2, 4));
        // A word longer than a row breaks between letters.
        let mut e = TextArea::with_text("Ủyban nhândân");
        e.set_viewport(5, 5);
        assert_eq!(rows_text(&e), ["Ủyba", "n ", "nhân", "dân"]);
        // Wide characters never straddle the edge.
        let mut e = TextArea::with_text("漢字漢字漢");
        e.set_viewport(6, 5);
        assert_eq!(rows_text(&e), ["漢字", "漢字", "漢"]);
        assert_eq!(e.caret_position(), (2, 2));
        // No viewport: no wrapping.
        let e = TextArea::with_text("Tổ chức thực hiện ngay");
        assert_eq!(rows_text(&e), ["Tổ chức thực hiện ngay"]);
    }

    #[test]
    fn the_caret_at_a_wrap_point_shows_on_the_next_row() {
        let mut e = TextArea::with_text("abc def");
        e.set_viewport(5, 3);
        assert_eq!(rows_text(&e), ["abc ", "def"]);
        e.handle_key(key(KeyCode::Home));
        assert_eq!((e.caret(), e.caret_position()), (4, (1, 0)));
        e.handle_key(key(KeyCode::Left));
        assert_eq!(e.caret_position(), (0, 3));
        // End of a wrapped row stops before its last grapheme.
        e.handle_key(key(KeyCode::Home));
        e.handle_key(key(KeyCode::End));
        assert_eq!((e.caret(), e.caret_position()), (3, (0, 3)));
    }

    #[test]
    fn up_and_down_keep_the_column() {
        let mut e = TextArea::with_text("dòng dài nhất\nngắn\ndòng thứ ba");
        e.handle_key(ctrl('a'));
        e.handle_key(key(KeyCode::Up));
        e.handle_key(key(KeyCode::Up));
        assert_eq!(e.caret_position(), (0, 0));
        e.handle_key(key(KeyCode::End));
        assert_eq!(e.caret_position(), (0, 13));
        assert_eq!(e.handle_key(key(KeyCode::Down)), Outcome::Moved);
        assert_eq!(e.caret_position(), (1, 4));
        // The goal column survives the short line.
        e.handle_key(ctrl('n'));
        assert_eq!(e.caret_position(), (2, 11));
        e.handle_key(key(KeyCode::Up));
        e.handle_key(ctrl('p'));
        assert_eq!(e.caret_position(), (0, 13));
        // From the first row, Up goes to the start; from the last, Down
        // to the end.
        e.handle_key(key(KeyCode::Up));
        assert_eq!(e.caret(), 0);
        assert_eq!(e.handle_key(key(KeyCode::Up)), Outcome::Unchanged);
        e.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL));
        assert_eq!(e.caret(), e.text().len());
        assert_eq!(e.handle_key(key(KeyCode::Down)), Outcome::Unchanged);
        // A horizontal move forgets the goal.
        e.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
        assert_eq!(e.caret(), 0);
    }

    #[test]
    fn up_and_down_move_by_wrapped_rows() {
        let mut e = TextArea::with_text("một hai ba bốn năm sáu");
        e.set_viewport(9, 10);
        assert_eq!(rows_text(&e), ["một hai ", "ba bốn ", "năm sáu"]);
        assert_eq!(e.caret_position(), (2, 7));
        e.handle_key(key(KeyCode::Up));
        // Row 1 wraps: the caret stays before its last space.
        assert_eq!(e.caret_position(), (1, 6));
        e.handle_key(key(KeyCode::Up));
        assert_eq!(e.caret_position(), (0, 7));
        e.handle_key(key(KeyCode::Down));
        e.handle_key(key(KeyCode::Down));
        assert_eq!(e.caret_position(), (2, 7));
    }

    #[test]
    fn the_view_scrolls_to_keep_the_caret_visible() {
        let mut e = TextArea::with_text("1\n2\n3\n4\n5\n6");
        e.set_viewport(10, 3);
        assert_eq!(e.scroll(), 3);
        assert_eq!(e.visible_rows(), ["4", "5", "6"]);
        for _ in 0..3 {
            e.handle_key(key(KeyCode::Up));
        }
        assert_eq!(e.caret_position(), (2, 1));
        assert_eq!(e.scroll(), 2);
        e.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
        assert_eq!(e.scroll(), 0);
        assert_eq!(e.visible_rows(), ["1", "2", "3"]);
        // Deleting lines never leaves the view past the end.
        e.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL));
        for _ in 0..8 {
            e.handle_key(bs());
        }
        assert_eq!(e.text(), "1\n2");
        assert_eq!(e.scroll(), 0);
    }

    #[test]
    fn readline_deletions_stay_on_the_line() {
        let mut e = TextArea::with_text("đầu\ntổ chức  bộ máy");
        e.handle_key(ctrl('w'));
        assert_eq!(e.text(), "đầu\ntổ chức  bộ ");
        e.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT));
        assert_eq!(e.text(), "đầu\ntổ chức  ");
        e.handle_key(ctrl('u'));
        assert_eq!(e.text(), "đầu\n");
        // At the start of a line, a word deletion takes the line break.
        e.handle_key(ctrl('w'));
        assert_eq!(e.text(), "đầu");
        e.handle_key(ctrl('a'));
        e.handle_key(ctrl('k'));
        assert_eq!(e.text(), "");
        let mut e = TextArea::with_text("một hai\nba");
        e.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
        e.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL));
        assert_eq!(e.caret(), "một".len());
        e.handle_key(ctrl('k'));
        assert_eq!(e.text(), "một\nba");
        e.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::ALT));
        assert_eq!(e.caret(), 0);
    }

    #[test]
    fn caret_column_counts_cells() {
        let e = TextArea::with_text("Đảng 漢字");
        assert_eq!(e.caret_position(), (0, 9));
        let e = TextArea::with_text("e\u{301}\n");
        assert_eq!(e.text(), "é\n");
        assert_eq!(e.caret_position(), (1, 0));
        let e = TextArea::new();
        assert_eq!(e.rows().len(), 1);
        assert!(e.rows()[0].is_empty());
        assert_eq!(e.caret_position(), (0, 0));
    }

    proptest::proptest! {
        #[test]
        fn any_keys_keep_the_caret_on_screen(
            ops in proptest::collection::vec((0u8..16, proptest::sample::select(vec!['a', 'ệ', ' ', '漢', '\u{301}', 'Đ'])), 0..80),
            w in 0usize..12,
            h in 0usize..4,
        ) {
            let codes = [
                KeyCode::Enter, KeyCode::Backspace, KeyCode::Delete, KeyCode::Left,
                KeyCode::Right, KeyCode::Up, KeyCode::Down, KeyCode::Home, KeyCode::End,
            ];
            let mut e = TextArea::new();
            e.set_viewport(w, h);
            for (op, c) in ops {
                let ev = match op {
                    0..=8 => key(codes[usize::from(op)]),
                    9 => ctrl('w'),
                    10 => ctrl('k'),
                    11 => KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL),
                    _ => ch(c),
                };
                e.handle_key(ev);
                proptest::prop_assert!(e.text().is_char_boundary(e.caret()));
                let rows = e.rows();
                let (row, col) = e.caret_position();
                proptest::prop_assert!(row < rows.len());
                if w >= 3 {
                    proptest::prop_assert!(col < w, "{:?} {:?}", e.text(), rows);
                }
                if h > 0 {
                    proptest::prop_assert!(row >= e.scroll() && row < e.scroll() + h);
                }
                // The rows cover the text but its line breaks.
                let joined: String = rows.iter().map(|r| &e.text()[r.clone()]).collect();
                proptest::prop_assert_eq!(joined, e.text().replace('\n', ""));
            }
        }
    }
}

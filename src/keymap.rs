//! The key tables: the single source for both event handling and the help
//! overlay, so the two cannot disagree.
//!
//! Keys mean different things in two modes: browsing ([`BINDINGS`]) and
//! typing into the search prompt ([`PROMPT_BINDINGS`], every other key is
//! text for the line editor).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::doc::Kind;
use crate::i18n::Lang;

/// Which table keys go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keys are commands ([`BINDINGS`]).
    #[default]
    Browse,
    /// The search prompt is open: keys are text ([`Action::Input`]) except
    /// those in [`PROMPT_BINDINGS`].
    Prompt,
    /// The note editor is open: every key is [`Action::Input`] (the editor
    /// reports its own save and cancel keys).
    Note,
    /// A yes/no question is open: only [`CONFIRM_BINDINGS`] count.
    Confirm,
}

/// A key with the modifiers that matter (Ctrl, Alt). Shift is part of the
/// character itself (`G`, `J`, `?`), because terminals disagree on whether
/// they also report it as a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// How the key is written in the help, e.g. `j`, `↓`, `Ctrl-u`, `PgDn`.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One row of the key table: the keys that trigger an action.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
}

const fn bind(keys: &'static [Key], action: Action) -> Binding {
    Binding { keys, action }
}

/// Every key binding, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(&[Key::ch('j'), Key::plain(KeyCode::Down)], Action::Down),
    bind(&[Key::ch('k'), Key::plain(KeyCode::Up)], Action::Up),
    bind(
        &[Key::ch('h'), Key::plain(KeyCode::Left)],
        Action::FoldOrParent,
    ),
    bind(
        &[Key::ch('l'), Key::plain(KeyCode::Right)],
        Action::UnfoldOrChild,
    ),
    bind(&[Key::plain(KeyCode::Enter)], Action::ToggleFold),
    bind(&[Key::ch('g'), Key::plain(KeyCode::Home)], Action::First),
    bind(&[Key::ch('G'), Key::plain(KeyCode::End)], Action::Last),
    bind(&[Key::plain(KeyCode::PageUp)], Action::PageUp),
    bind(&[Key::plain(KeyCode::PageDown)], Action::PageDown),
    bind(&[Key::ctrl('u')], Action::HalfPageUp),
    bind(&[Key::ctrl('d')], Action::HalfPageDown),
    bind(&[Key::ch('J')], Action::NextSibling),
    bind(&[Key::ch('K')], Action::PrevSibling),
    bind(&[Key::ch('p')], Action::Parent),
    bind(&[Key::ch('c')], Action::FoldAll),
    bind(&[Key::ch('e')], Action::UnfoldAll),
    bind(&[Key::ch('1')], Action::FoldToLevel(1)),
    bind(&[Key::ch('2')], Action::FoldToLevel(2)),
    bind(&[Key::ch('3')], Action::FoldToLevel(3)),
    bind(&[Key::ch('4')], Action::FoldToLevel(4)),
    bind(&[Key::ch('5')], Action::FoldToLevel(5)),
    bind(&[Key::ch('6')], Action::FoldToLevel(6)),
    bind(&[Key::ch('7')], Action::FoldToLevel(7)),
    bind(&[Key::ch('8')], Action::FoldToLevel(8)),
    bind(&[Key::ch('9')], Action::FoldToLevel(9)),
    bind(
        &[Key::plain(KeyCode::Tab), Key::plain(KeyCode::BackTab)],
        Action::FocusNext,
    ),
    bind(&[Key::ch('/')], Action::OpenSearch),
    bind(&[Key::ch('n')], Action::NextMatch),
    bind(&[Key::ch('N')], Action::PrevMatch),
    bind(&[Key::ch('f')], Action::ToggleSparse),
    bind(&[Key::ch('S')], Action::ToggleKind(Kind::Strength)),
    bind(&[Key::ch('W')], Action::ToggleKind(Kind::Weakness)),
    bind(&[Key::ch('C')], Action::ToggleKind(Kind::Cause)),
    bind(&[Key::ch('T')], Action::ToggleKind(Kind::Task)),
    bind(&[Key::ch('x')], Action::ClearSearch),
    bind(&[Key::ch(' ')], Action::ToggleReviewed),
    bind(&[Key::ch('!')], Action::ToggleFlagged),
    bind(&[Key::ch('a')], Action::EditNote),
    bind(&[Key::ch('A')], Action::MarkSubtree),
    bind(&[Key::ch('u')], Action::Undo),
    bind(&[Key::ch(']')], Action::NextUnreviewed),
    bind(&[Key::ch('[')], Action::PrevUnreviewed),
    bind(&[Key::ch('U')], Action::ToggleUnreviewed),
    bind(&[Key::ch('E')], Action::ExportMinutes),
    bind(&[Key::ch('R')], Action::ResetMarks),
    bind(&[Key::ctrl('s')], Action::SaveMarks),
    bind(&[Key::plain(KeyCode::Esc)], Action::Back),
    bind(
        &[Key::ch('?'), Key::plain(KeyCode::F(1))],
        Action::ToggleHelp,
    ),
    bind(&[Key::ch('q'), Key::ctrl('c')], Action::Quit),
];

/// The keys of the open search prompt that are not text. Every other key
/// press goes to the line editor as [`Action::Input`].
pub const PROMPT_BINDINGS: &[Binding] = &[
    bind(&[Key::plain(KeyCode::Enter)], Action::SearchAccept),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ctrl('c')],
        Action::SearchCancel,
    ),
    bind(
        &[Key::plain(KeyCode::Down), Key::ctrl('n')],
        Action::NextMatch,
    ),
    bind(
        &[Key::plain(KeyCode::Up), Key::ctrl('p')],
        Action::PrevMatch,
    ),
];

/// The keys of a yes/no question. Every other key is ignored, so a key
/// meant for the browser cannot answer it by accident.
pub const CONFIRM_BINDINGS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::ch('Y'), Key::ch('c'), Key::ch('C')],
        Action::Confirm(true),
    ),
    bind(
        &[
            Key::ch('n'),
            Key::ch('N'),
            Key::ch('k'),
            Key::ch('K'),
            Key::plain(KeyCode::Esc),
            Key::ctrl('c'),
        ],
        Action::Confirm(false),
    ),
];

/// The action for a key event in `mode`, if any. Only presses count:
/// releases and repeats are ignored (Windows and the kitty protocol report
/// them too), so no key acts twice.
pub fn action_for(event: KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let alt = event.modifiers.contains(KeyModifiers::ALT);
    let key = Key {
        code: event.code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
    };
    let lookup = |table: &[Binding]| {
        table
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    };
    match mode {
        // Alt-combinations are not bound; ignoring them keeps Alt-j from
        // moving.
        Mode::Browse if alt => None,
        Mode::Browse => lookup(BINDINGS),
        // Alt-Backspace and the like are editing keys.
        Mode::Prompt if alt => Some(Action::Input(event)),
        Mode::Prompt => lookup(PROMPT_BINDINGS).or(Some(Action::Input(event))),
        Mode::Note => Some(Action::Input(event)),
        Mode::Confirm if alt => None,
        Mode::Confirm => lookup(CONFIRM_BINDINGS),
    }
}

/// One line of the help: the keys (already joined) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: String,
    pub description: &'static str,
}

/// The help entries generated from [`BINDINGS`]: bindings with the same
/// description are merged into one line (`1`…`9` become `1–9`).
pub fn help_entries(lang: Lang) -> Vec<HelpEntry> {
    entries(BINDINGS, lang)
}

/// The help entries of the search prompt: [`PROMPT_BINDINGS`], then the
/// line editor's keys.
pub fn prompt_help_entries(lang: Lang) -> Vec<HelpEntry> {
    let mut out = entries(PROMPT_BINDINGS, lang);
    out.extend(
        lang.words()
            .editing_help
            .iter()
            .map(|(keys, description)| HelpEntry {
                keys: (*keys).to_string(),
                description,
            }),
    );
    out
}

fn entries(table: &[Binding], lang: Lang) -> Vec<HelpEntry> {
    let mut out: Vec<(Vec<Key>, &'static str)> = Vec::new();
    for binding in table {
        let description = lang.action_help(&binding.action);
        match out.iter_mut().find(|(_, d)| *d == description) {
            Some((keys, _)) => keys.extend_from_slice(binding.keys),
            None => out.push((binding.keys.to_vec(), description)),
        }
    }
    out.into_iter()
        .map(|(keys, description)| HelpEntry {
            keys: join_keys(&keys),
            description,
        })
        .collect()
}

/// Joins key labels with spaces; a run of three or more consecutive digits
/// is written as a range.
fn join_keys(keys: &[Key]) -> String {
    let digit = |k: &Key| match k.code {
        KeyCode::Char(c) if !k.ctrl => c.to_digit(10),
        _ => None,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        if let Some(first) = digit(&keys[i]) {
            let mut last = first;
            while let Some(next) = keys.get(j + 1).and_then(digit) {
                if next != last + 1 {
                    break;
                }
                last = next;
                j += 1;
            }
            if j >= i + 2 {
                parts.push(format!("{first}–{last}"));
                i = j + 1;
                continue;
            }
            j = i;
        }
        parts.push(keys[j].label());
        i = j + 1;
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions() {
        let table = [
            (
                KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE),
                Some(Action::Down),
            ),
            (
                KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                Some(Action::Down),
            ),
            (
                KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Some(Action::Last),
            ),
            (
                KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE),
                Some(Action::Last),
            ),
            (
                KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
                Some(Action::HalfPageDown),
            ),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::Quit),
            ),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE),
                Some(Action::FoldAll),
            ),
            (
                KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE),
                Some(Action::FoldToLevel(3)),
            ),
            (KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT), None),
            (
                KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE),
                Some(Action::ToggleReviewed),
            ),
            (
                KeyEvent::new(KeyCode::Char('!'), KeyModifiers::SHIFT),
                Some(Action::ToggleFlagged),
            ),
            (
                KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE),
                Some(Action::NextUnreviewed),
            ),
            (
                KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
                Some(Action::SaveMarks),
            ),
            (KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE), None),
            (
                KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
                Some(Action::ClearSearch),
            ),
            (
                KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE),
                Some(Action::OpenSearch),
            ),
            (
                KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT),
                Some(Action::PrevMatch),
            ),
            (
                KeyEvent::new(KeyCode::Char('T'), KeyModifiers::SHIFT),
                Some(Action::ToggleKind(Kind::Task)),
            ),
        ];
        for (event, expected) in table {
            assert_eq!(action_for(event, Mode::Browse), expected, "{event:?}");
        }
    }

    #[test]
    fn releases_are_ignored() {
        let mut event = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        event.kind = KeyEventKind::Release;
        for mode in [Mode::Browse, Mode::Prompt, Mode::Note, Mode::Confirm] {
            event.kind = KeyEventKind::Release;
            assert_eq!(action_for(event, mode), None);
            event.kind = KeyEventKind::Repeat;
            assert_eq!(action_for(event, mode), None);
        }
    }

    #[test]
    fn in_the_prompt_keys_are_text() {
        let ch = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let table = [
            (ch('j'), Some(Action::Input(ch('j')))),
            (ch('q'), Some(Action::Input(ch('q')))),
            (ch('/'), Some(Action::Input(ch('/')))),
            (ch('n'), Some(Action::Input(ch('n')))),
            (ch('á'), Some(Action::Input(ch('á')))),
            (
                KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                Some(Action::Input(KeyEvent::new(
                    KeyCode::Backspace,
                    KeyModifiers::NONE,
                ))),
            ),
            (
                KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL),
                Some(Action::Input(KeyEvent::new(
                    KeyCode::Char('h'),
                    KeyModifiers::CONTROL,
                ))),
            ),
            (
                KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT),
                Some(Action::Input(KeyEvent::new(
                    KeyCode::Backspace,
                    KeyModifiers::ALT,
                ))),
            ),
            (
                KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                Some(Action::SearchAccept),
            ),
            (
                KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                Some(Action::SearchCancel),
            ),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::SearchCancel),
            ),
            (
                KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                Some(Action::NextMatch),
            ),
            (
                KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL),
                Some(Action::PrevMatch),
            ),
        ];
        for (event, expected) in table {
            assert_eq!(action_for(event, Mode::Prompt), expected, "{event:?}");
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in [BINDINGS, PROMPT_BINDINGS, CONFIRM_BINDINGS] {
            let all: Vec<Key> = table.iter().flat_map(|b| b.keys.iter().copied()).collect();
            for (i, a) in all.iter().enumerate() {
                assert!(!all[i + 1..].contains(a), "{a:?} bound twice");
            }
        }
    }

    #[test]
    fn in_the_note_editor_every_key_is_text() {
        for event in [
            KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT),
        ] {
            assert_eq!(action_for(event, Mode::Note), Some(Action::Input(event)));
        }
    }

    #[test]
    fn a_question_takes_only_its_answers() {
        let table = [
            (
                KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE),
                Some(true),
            ),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE),
                Some(true),
            ),
            (
                KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE),
                Some(false),
            ),
            (
                KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE),
                Some(false),
            ),
            (KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), Some(false)),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(false),
            ),
            (KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), None),
            (KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE), None),
            (KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE), None),
            (KeyEvent::new(KeyCode::Char('y'), KeyModifiers::ALT), None),
        ];
        for (event, answer) in table {
            assert_eq!(
                action_for(event, Mode::Confirm),
                answer.map(Action::Confirm),
                "{event:?}"
            );
        }
    }

    #[test]
    fn help_lists_every_binding_once() {
        for lang in [Lang::Vi, Lang::En] {
            let entries = help_entries(lang);
            let levels: Vec<_> = entries.iter().filter(|e| e.keys == "1–9").collect();
            assert_eq!(levels.len(), 1, "{entries:?}");
            assert!(entries.iter().any(|e| e.keys == "q Ctrl-c"));
            assert!(entries.iter().any(|e| e.keys == "j ↓"));
            assert!(entries.iter().any(|e| e.keys == "/"));
            assert!(entries.iter().all(|e| !e.description.is_empty()));
            let prompt = prompt_help_entries(lang);
            assert!(prompt.iter().any(|e| e.keys == "Esc Ctrl-c"));
            assert!(prompt.iter().all(|e| !e.description.is_empty()));
            let mut descriptions: Vec<_> = entries.iter().map(|e| e.description).collect();
            descriptions.sort_unstable();
            descriptions.dedup();
            assert_eq!(descriptions.len(), entries.len());
        }
    }
}

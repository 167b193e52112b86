//! Arbitrary documents, actions and terminal sizes for the browser: never a
//! panic, and no control character ever lands in a screen cell.
#![no_main]

use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::Kind;
use ketluan::i18n::Lang;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ACTIONS: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::FoldOrParent,
    Action::UnfoldOrChild,
    Action::ToggleFold,
    Action::First,
    Action::Last,
    Action::PageUp,
    Action::PageDown,
    Action::HalfPageUp,
    Action::HalfPageDown,
    Action::NextSibling,
    Action::PrevSibling,
    Action::Parent,
    Action::FoldAll,
    Action::UnfoldAll,
    Action::FoldToLevel(1),
    Action::FoldToLevel(3),
    Action::FocusNext,
    Action::Back,
    Action::ToggleHelp,
    Action::OpenSearch,
    Action::SearchAccept,
    Action::SearchCancel,
    Action::NextMatch,
    Action::PrevMatch,
    Action::ToggleSparse,
    Action::ToggleKind(Kind::Task),
    Action::ToggleKind(Kind::Weakness),
    Action::ClearSearch,
];

/// Characters typed into the search prompt: Vietnamese letters, an NFD
/// mark, controls and a wide character.
const TYPED: &[char] = &['a', 'đ', 'ộ', 'ư', ' ', '\u{301}', '\u{1b}', '\u{202e}', '中', 'n'];

fuzz_target!(|data: &[u8]| {
    // Layout: width, height, action count, actions..., then the TOML text.
    let [w, h, n, rest @ ..] = data else {
        return;
    };
    let n = (*n as usize).min(rest.len());
    let (actions, toml) = rest.split_at(n);
    let Ok(doc) = ketluan::doc::load_bytes("fuzz.toml", toml) else {
        return;
    };
    let (width, height) = (u16::from(*w) + 1, u16::from(*h) / 2 + 1);
    let mut app = App::new(doc, Lang::Vi);
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    for (i, byte) in actions.iter().enumerate() {
        let action = match byte {
            0xF0.. => Action::Click {
                column: u16::from(byte & 0x0F) * 5,
                row: u16::from(*byte) % height,
            },
            0xE0..=0xE9 => Action::Input(KeyEvent::new(
                KeyCode::Char(TYPED[(byte - 0xE0) as usize]),
                KeyModifiers::NONE,
            )),
            0xEA => Action::Input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            0xEB => Action::Input(KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL)),
            0xEC => Action::Input(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)),
            0xED => Action::Paste("to chu\u{301}c\r\nbộ máy".into()),
            _ => ACTIONS[*byte as usize % ACTIONS.len()].clone(),
        };
        app.update(action);
        if i % 4 == 0 {
            terminal.draw(|f| ketluan::ui::render(f, &app)).expect("draw");
        }
    }
    terminal.draw(|f| ketluan::ui::render(f, &app)).expect("draw");
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control character in a cell: {:?}",
            cell.symbol()
        );
    }
});

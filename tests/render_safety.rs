//! Vietnamese rendering and terminal safety, checked on what the terminal
//! receives: the bytes of a `CrosstermBackend<Vec<u8>>`, replayed through a
//! vt100 terminal, and the output of the CLI commands.

use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::process::Command;
use std::rc::Rc;

use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::{self, Document};
use ketluan::i18n::Lang;
use ketluan::ui;
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use unicode_normalization::UnicodeNormalization;

const NOTICE: &str = include_str!("../data/ket-luan-2017-02-22.toml");

fn nfc() -> Document {
    doc::load_str("nfc.toml", NOTICE).expect("the notice loads")
}

fn nfd() -> Document {
    let text: String = NOTICE.nfd().collect();
    assert_ne!(
        text, NOTICE,
        "the NFD form must differ for the test to mean anything"
    );
    doc::load_str("nfd.toml", &text).expect("the NFD notice loads")
}

/// Action sequences that move, fold and scroll.
fn scripts() -> Vec<Vec<Action>> {
    vec![
        vec![],
        vec![Action::Down; 7],
        vec![Action::FoldAll, Action::Down, Action::UnfoldOrChild],
        vec![Action::Last, Action::FocusNext, Action::PageDown],
        vec![
            Action::FoldToLevel(2),
            Action::Down,
            Action::Down,
            Action::Down,
        ],
        vec![Action::ToggleHelp],
    ]
}

fn buffer(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
    terminal.backend().buffer().clone()
}

/// A writer whose bytes stay readable after the backend took it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a real terminal would receive for one full frame.
fn frame_bytes(app: &mut App, width: u16, height: u16) -> Vec<u8> {
    app.update(Action::Resize { width, height });
    let out = Shared::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
        },
    )
    .expect("backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
    drop(terminal);
    out.0.take()
}

/// Replays frame bytes through a vt100 terminal of the same size.
fn replay(bytes: &[u8], width: u16, height: u16) -> vt100::Parser {
    let nz = |n: u16| NonZeroU16::new(n).expect("a terminal size is not zero");
    let mut parser = vt100::Parser::new(nz(height), nz(width), 0);
    parser.process(bytes);
    parser
}

#[test]
fn nfd_input_gives_the_same_screens_as_nfc() {
    let (a, b) = (nfc(), nfd());
    assert_eq!(a, b);
    for (width, height) in [(80, 24), (120, 40), (40, 12), (200, 50), (24, 8)] {
        for script in scripts() {
            let mut x = App::new(a.clone(), Lang::Vi);
            let mut y = App::new(b.clone(), Lang::Vi);
            for action in script.iter().cloned() {
                x.update(action);
            }
            for action in script.iter().cloned() {
                y.update(action);
            }
            assert_eq!(
                buffer(&mut x, width, height),
                buffer(&mut y, width, height),
                "{width}x{height} after {script:?}"
            );
            assert_eq!(
                frame_bytes(&mut x, width, height),
                frame_bytes(&mut y, width, height),
                "bytes at {width}x{height} after {script:?}"
            );
        }
    }
}

#[test]
fn the_terminal_receives_no_combining_marks_for_precomposed_text() {
    for (width, height) in [(80, 24), (120, 40), (33, 17)] {
        for script in scripts() {
            let mut app = App::new(nfd(), Lang::Vi);
            for action in script.iter().cloned() {
                app.update(action);
            }
            let bytes = frame_bytes(&mut app, width, height);
            let text = String::from_utf8(bytes).expect("UTF-8 output");
            let marks: Vec<char> = text
                .chars()
                .filter(|c| ('\u{300}'..='\u{36F}').contains(c))
                .collect();
            assert!(marks.is_empty(), "combining marks written: {marks:?}");
            assert!(
                text.chars().any(|c| ('\u{1EA0}'..='\u{1EF9}').contains(&c)),
                "precomposed Vietnamese letters are written at all"
            );
        }
    }
}

/// Every border glyph the buffer holds is where the terminal shows it, and
/// every Vietnamese letter arrives whole: a vt100 replay of the bytes gives
/// the same cells as the buffer.
#[test]
fn borders_and_letters_stay_aligned_at_every_width() {
    let doc = nfc();
    for width in 20..=200u16 {
        let height = 30;
        let mut app = App::new(doc.clone(), Lang::Vi);
        for action in [Action::Down, Action::Down, Action::Down, Action::Down] {
            app.update(action);
        }
        let buf = buffer(&mut app, width, height);
        let parser = replay(&frame_bytes(&mut app, width, height), width, height);
        let screen = parser.screen();
        for y in 0..height {
            for x in 0..width {
                let want = buf[(x, y)].symbol();
                let Some(cell) = screen.cell(y, x) else {
                    panic!("no cell {x},{y} at width {width}");
                };
                if cell.is_wide_continuation() {
                    continue;
                }
                let got = cell.contents();
                let want = if want == " " { "" } else { want };
                let got = if got == " " { "" } else { got };
                assert_eq!(got, want, "cell {x},{y} at width {width}");
            }
        }
        // The vertical borders of each row line up with the first row's.
        let border_cols: Vec<u16> = (0..width)
            .filter(|&x| matches!(buf[(x, 2)].symbol(), "┌" | "┐"))
            .collect();
        for y in 3..height - 2 {
            for &x in &border_cols {
                let s = buf[(x, y)].symbol();
                assert!(
                    matches!(s, "│" | "└" | "┘" | "├" | "┤" | "┌" | "┐" | "─"),
                    "border broken at {x},{y} width {width}: {s:?}"
                );
            }
        }
    }
}

/// Document text crafted to attack the terminal.
const HOSTILE: &str = r#"
[document]
title = "Tiêu đề \u001b]0;pwned\u0007 cửa sổ"
kind = "Thông báo \u001b[2J\u001b[H xoá màn hình"
chair = "Liên kết \u001b]8;;http://evil.example/\u001b\\bấm vào\u001b]8;;\u001b\\ đây"
preamble = "C1 \u009b31m đỏ \u009d0;x\u009c và chuông \u0007\u0007"
closing = "Trojan \u202eNguồn\u202c \u2066ẩn\u2069 \u200e\u200f\u061c"
recipients = ["Dòng\u2028mới\u2029đoạn", "ẩn\u200b\u2060\ufeff\u00ad"]

[[node]]
id = "I"
kind = "heading"
label = "I\u001b[5m"
title = "CVE-2022-46663 \u001b]8;;\u001b]0;owned\u0007\u001b\\ hết"

[[node]]
id = "I.1"
parent = "I"
kind = "task"
text = "Xoá \u007f DEL \u0000 NUL \u0008 BS \r CR \u001bc RIS \u001b[?1049l alt"
"#;

/// Review marks whose reviewer and note carry attacks too.
const HOSTILE_STATE: &str = r#"
format = 1
reviewers = ["lan"]

[marks."I.1"]
reviewed = 2017-02-22T09:01:00+07:00
reviewed_by = "lan"
flagged = 2017-02-22T09:01:00+07:00
flagged_by = "lan"
note = "ghi \u001b]0;note\u0007 chú \u202e ngược"
note_at = 2017-02-22T09:02:00+07:00
note_by = "lan"
"#;

fn hostile() -> Document {
    doc::load_str("hostile.toml", HOSTILE).expect("the hostile notice is valid TOML")
}

/// What must never reach a terminal from document text. Crossterm's own
/// output is CSI cursor moves and colours only.
fn assert_no_raw_attack(text: &str, context: &str) {
    for (needle, what) in [
        ("\u{1b}]", "OSC"),
        ("\u{7}", "BEL"),
        ("\u{1b}[2J", "clear screen"),
        ("\u{1b}c", "reset"),
        ("\u{1b}[?1049l", "leave alternate screen"),
        ("\u{1b}[5m", "blink"),
        ("\u{1b}\\", "string terminator"),
        ("\u{7f}", "DEL"),
        ("\u{0}", "NUL"),
        ("\u{8}", "backspace"),
        ("\r", "carriage return"),
    ] {
        assert!(
            !text.contains(needle),
            "{what} reached the output ({context})"
        );
    }
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| {
            ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || matches!(
                    c,
                    '\u{200b}'
                        | '\u{200e}'
                        | '\u{200f}'
                        | '\u{061c}'
                        | '\u{2028}'
                        | '\u{2029}'
                        | '\u{2060}'
                        | '\u{feff}'
                        | '\u{ad}'
                )
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(
        bad.is_empty(),
        "invisible or control characters written ({context}): {bad:?}"
    );
}

#[test]
fn hostile_text_reaches_the_terminal_only_as_visible_stand_ins() {
    let doc = hostile();
    let mut seen = String::new();
    for script in [
        vec![],
        vec![Action::Down],
        vec![Action::Down, Action::Down],
        vec![Action::Down, Action::Down, Action::Down],
        vec![Action::Last],
    ] {
        let mut app = App::new(doc.clone(), Lang::Vi);
        for action in script.iter().cloned() {
            app.update(action);
        }
        let bytes = frame_bytes(&mut app, 160, 48);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8 output");
        // Only crossterm's CSI sequences may start with ESC.
        for (i, _) in text.match_indices('\u{1b}') {
            assert_eq!(text.as_bytes().get(i + 1), Some(&b'['), "bare ESC at {i}");
        }
        assert_no_raw_attack(&text, &format!("frame after {script:?}"));
        seen.push_str(&replay(&bytes, 160, 48).screen().contents());
    }
    for shown in [
        "^[]0;pwned^G",
        "^[[2J",
        "⟨U+009B⟩31m",
        "⟨U+202E⟩Nguồn",
        "^[]8;;http",
    ] {
        assert!(
            seen.contains(shown),
            "{shown:?} is not shown; screens:\n{seen}"
        );
    }
}

fn ketluan(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .env_remove("KETLUAN_LANG")
        .output()
        .expect("run ketluan");
    let mut text = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    text.push_str(&String::from_utf8(out.stderr).expect("UTF-8 stderr"));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn hostile_text_is_sanitized_in_every_cli_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("hostile.toml");
    std::fs::write(&file, HOSTILE).expect("write");
    let f = file.to_str().expect("UTF-8 path");
    let state = dir.path().join("state.toml");
    std::fs::write(&state, HOSTILE_STATE).expect("write");
    let s = state.to_str().expect("UTF-8 path");
    let runs: Vec<Vec<&str>> = vec![
        vec!["print", f],
        vec![f],
        vec!["search", "xoa", f],
        vec!["search", "pwned", f],
        vec!["search", "nguon", f],
        vec!["--state", s, "export", f],
        vec!["--state", s, "export", "--format", "csv", f],
        vec!["--state", s, "print", f],
    ];
    for args in runs {
        let (code, text) = ketluan(&args);
        assert_eq!(code, 0, "{args:?}: {text}");
        // CSV records end in CRLF (RFC 4180); a CR of the document's own
        // would stand alone.
        let text = if args.contains(&"csv") {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        assert!(!text.contains('\u{1b}'), "ESC in the output of {args:?}");
        assert_no_raw_attack(&text, &format!("{args:?}"));
    }
    let (_, printed) = ketluan(&["print", "--width", "0", f]);
    assert!(printed.contains("Tiêu đề ^[]0;pwned^G cửa sổ"), "{printed}");
    assert!(
        printed.contains("Trojan ⟨U+202E⟩Nguồn⟨U+202C⟩"),
        "{printed}"
    );
}

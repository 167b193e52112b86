//! End-to-end: the real binary in a pseudo-terminal, its screen read back
//! through a terminal emulator (vt100). Each step waits until the expected
//! text appears, with a deadline, instead of sleeping.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(5);

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// A running `ketluan` in a pseudo-terminal.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
    /// The user data directory of this run: the default review state file
    /// goes there, never into the real one, and runs do not share a lock.
    _data: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ketluan"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let data = tempfile::tempdir().expect("temp data dir");
        cmd.env("XDG_DATA_HOME", data.path());
        for var in ["NO_COLOR", "KETLUAN_LANG", "LANG", "LC_ALL"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn ketluan");
        // Only the child holds the slave side now, so reads end when it exits.
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().expect("parser lock").process(&buf[..n]),
                }
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Session {
            child,
            master: pty.master,
            writer,
            parser,
            reader: Some(reader),
            _data: data,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn contents(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen if
    /// it does not before the deadline.
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self.parser.lock().expect("parser lock").screen()) {
                return;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    fn wait_gone(&self, text: &str) {
        self.wait_for(&format!("{text:?} to go"), |s| !s.contents().contains(text));
    }

    /// A left click at a 0-based cell, SGR mouse encoding.
    fn click(&mut self, column: u16, row: u16) {
        let (x, y) = (column + 1, row + 1);
        self.send(format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m").as_bytes());
    }

    fn wheel_down(&mut self, column: u16, row: u16) {
        self.send(format!("\x1b[<65;{};{}M", column + 1, row + 1).as_bytes());
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .expect("parser lock")
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Waits for the process to end and for its last output to be read.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                panic!("ketluan did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() && start.elapsed() < DEADLINE * 2 {
                std::thread::sleep(Duration::from_millis(10));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        status
    }

    /// The terminal is back to normal: main screen, no mouse reporting,
    /// cursor visible.
    fn assert_restored(&self) {
        let parser = self.parser.lock().expect("parser lock");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The browser started and drew its first screen.
fn started(s: &Session, tree_title: &str) {
    s.wait_for("the alternate screen and mouse reporting", |screen| {
        screen.alternate_screen() && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    s.wait_text(tree_title);
}

#[test]
fn start_move_fold_help_quit() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    s.wait_text("Văn bản");
    s.wait_text("Mục lục 1/43");
    // Down twice (j and the arrow key): the second item, I.1.
    s.send(b"j");
    s.wait_text("Mục lục 2/43 · I ");
    s.send(b"\x1b[B");
    s.wait_text("Mục lục 3/43 · I.1");
    // Up to I, fold it with Enter.
    s.send(b"k");
    s.wait_text("Mục lục 2/43 · I ");
    s.send(b"\r");
    s.wait_text("(+25)");
    s.wait_text("Mục lục 2/18");
    // Unfold with l.
    s.send(b"l");
    s.wait_text("Mục lục 2/43");
    // Help, then close it with Esc.
    s.send(b"?");
    s.wait_text("Trợ giúp");
    s.wait_text("Xuống một dòng");
    s.send(b"\x1b");
    s.wait_gone("Xuống một dòng");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn a_file_in_english_quits_with_ctrl_c() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notice.toml");
    let toml = r#"
[document]
title = "Thông báo thử nghiệm"
kind = "Thông báo"
date = 2024-05-01

[[node]]
id = "A"
kind = "heading"
label = "A"
title = "Phần thứ nhất"

[[node]]
id = "A.1"
parent = "A"
kind = "task"
label = "1"
text = "Nhiệm vụ đầu tiên cần làm ngay."
"#;
    std::fs::write(&path, toml).expect("write notice");
    let file = path.to_str().expect("utf-8 temp path");
    let mut s = Session::start(&[file, "--lang", "en"], &[], 100, 30);
    started(&s, "Contents");
    s.wait_text("Thông báo thử nghiệm");
    s.send(b"G");
    s.wait_text("Contents 3/3 · A.1");
    s.wait_text("Task · 1");
    s.wait_text("Nhiệm vụ đầu tiên cần làm ngay.");
    s.send(b"\x03");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn ketluan_lang_selects_english() {
    let mut s = Session::start(&[], &[("KETLUAN_LANG", "en")], 80, 24);
    started(&s, "Contents");
    s.wait_text("Document");
    s.send(b"q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn the_mouse_selects_folds_and_scrolls() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    // 80x24: two header rows, the tree border at row 2, rows from 3, the
    // tree's content from column 1, after the 3 cells of the marks column.
    // Row 3 is the document, row 4 is I.
    s.click(20, 5);
    s.wait_text("Mục lục 3/43 · I.1");
    // I's fold marker is at column 4.
    s.click(4, 4);
    s.wait_text("(+25)");
    s.wait_text("Mục lục 2/18 · I ");
    s.click(4, 4);
    s.wait_text("Mục lục 2/43 · I ");
    // The wheel over the detail pane scrolls it; over the tree, the tree.
    s.click(20, 3);
    s.wait_text("1–19/32");
    s.wheel_down(50, 10);
    s.wait_text("4–22/32");
    s.wheel_down(10, 10);
    s.wait_text("4–22/43");
    s.send(b"q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn resizing_redraws_for_the_new_size() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Nội dung");
    s.resize(40, 10);
    // Too small for two panes: only the tree.
    s.wait_gone("Nội dung");
    s.wait_text("Mục lục 1/43");
    s.resize(120, 40);
    s.wait_text("Nội dung");
    s.send(b"q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &s.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = s.wait_exit();
    assert!(!status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    let killed = std::process::Command::new("kill")
        .args(["-HUP", &s.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    s.wait_exit();
    s.assert_restored();
}

/// Whether any cell on the screen has a colour other than the default.
fn any_colour(screen: &vt100::Screen) -> bool {
    let (rows, cols) = screen.size();
    (0..rows.get()).any(|r| {
        (0..cols.get()).any(|c| {
            screen.cell(r, c).is_some_and(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
        })
    })
}

#[test]
fn no_color_turns_colours_off() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    s.wait_for("some colour", any_colour);
    s.send(b"q");
    s.wait_exit();

    let mut s = Session::start(&[], &[("NO_COLOR", "1")], 80, 24);
    started(&s, "Mục lục");
    s.wait_text("Mục lục 1/43");
    assert!(!any_colour(s.parser.lock().expect("parser lock").screen()));
    s.send(b"q");
    s.wait_exit();
    s.assert_restored();
}

/// The text of the cells drawn bold and underlined (search highlights),
/// runs separated by spaces.
fn highlighted(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let mut out = String::new();
    for r in 0..rows.get() {
        let mut in_run = false;
        for c in 0..cols.get() {
            let Some(cell) = screen.cell(r, c) else {
                continue;
            };
            if cell.bold() && cell.underline() {
                out.push_str(cell.contents());
                in_run = true;
            } else if in_run {
                out.push(' ');
                in_run = false;
            }
        }
        if in_run {
            out.push(' ');
        }
    }
    out
}

#[test]
fn search_highlight_and_step_through_matches() {
    let mut s = Session::start(&[], &[], 80, 24);
    started(&s, "Mục lục");
    s.wait_for("bracketed paste on", |screen| screen.bracketed_paste());
    s.wait_for("a hidden cursor", |screen| screen.hide_cursor());
    s.send(b"/");
    s.wait_text("Tìm:");
    s.send(b"to chuc bo may");
    // Incremental: the count shows before Enter, the cursor sits at the
    // caret (" Tìm: " is 6 cells, the query 14) for the input method.
    s.wait_text("[1/13]");
    s.wait_for("the cursor at the caret", |screen| {
        !screen.hide_cursor() && screen.cursor_position() == (23, 20)
    });
    s.send(b"\r");
    s.wait_text("/to chuc bo may [1/13]");
    s.wait_for("the cursor hidden again", |screen| screen.hide_cursor());
    s.wait_for("the words highlighted", |screen| {
        let h = highlighted(screen);
        ["tổ", "chức", "bộ", "máy"].iter().all(|w| h.contains(w))
    });
    s.send(b"n");
    s.wait_text("[2/13]");
    s.wait_text("Mục lục 2/43 · I ");
    s.send(b"N");
    s.wait_text("[1/13]");
    s.send(b"N");
    s.wait_text("[13/13]");
    // Typed keys in the prompt are text, not commands: q does not quit.
    // An input method's burst: a, Backspace, á; then Ctrl-h and ầ.
    s.send(b"/\x15");
    s.wait_gone("to chuc");
    s.send("qa\x7fá\x08à".as_bytes());
    s.wait_text("Tìm: qà");
    s.send(b"\x1b");
    s.wait_gone("Tìm:");
    s.wait_text("?: trợ giúp");
    // A bracketed paste while browsing starts a search with it.
    s.send("\x1b[200~Nguyễn Mạnh Hùng\x1b[201~".as_bytes());
    s.wait_text("Tìm: Nguyễn Mạnh Hùng");
    s.send(b"\r");
    s.wait_text("/Nguyễn Mạnh Hùng [1/");
    // Only tasks: the filter shows on the status line.
    s.send(b"x");
    s.wait_gone("/Nguyễn");
    s.send(b"T");
    s.wait_text("Lọc: Nhiệm vụ");
    s.wait_text("Khớp 11");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    let parser = s.parser.lock().expect("parser lock");
    assert!(
        !parser.screen().bracketed_paste(),
        "bracketed paste left on"
    );
}

#[test]
fn highlights_show_without_colour() {
    let mut s = Session::start(&[], &[("NO_COLOR", "1")], 80, 24);
    started(&s, "Mục lục");
    s.send(b"/dang\r");
    s.wait_text("/dang [");
    s.wait_for("a highlight", |screen| highlighted(screen).contains("Đảng"));
    assert!(!any_colour(s.parser.lock().expect("parser lock").screen()));
    s.send(b"q");
    s.wait_exit();
    s.assert_restored();
}

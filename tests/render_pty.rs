//! Rendering through a real pseudo-terminal: the NFD notice looks cell for
//! cell like the NFC one after moves, folds and a search, and the raw bytes
//! the binary writes for a hostile notice carry no attack.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use unicode_normalization::UnicodeNormalization;

const DEADLINE: Duration = Duration::from_secs(10);
const NOTICE: &str = include_str!("../data/ket-luan-2017-02-22.toml");

/// The raw bytes a pty delivered, and the screen they draw.
struct Run {
    bytes: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    reader: Option<std::thread::JoinHandle<()>>,
    cols: u16,
    rows: u16,
}

impl Run {
    fn start(file: &std::path::Path, cols: u16, rows: u16) -> Run {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ketluan"));
        cmd.arg(file);
        cmd.env("TERM", "xterm-256color");
        let data = file.parent().expect("a directory").join("data");
        cmd.env("XDG_DATA_HOME", data);
        for var in ["NO_COLOR", "KETLUAN_LANG"] {
            cmd.env_remove(var);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn ketluan");
        drop(pty.slave);
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&bytes);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        // The master must outlive the child's output; leak it into the run.
        std::mem::forget(pty.master);
        Run {
            bytes,
            writer,
            child,
            reader: Some(reader),
            cols,
            rows,
        }
    }

    fn screen(&self) -> vt100::Parser {
        let nz = |n| NonZeroU16::new(n).expect("non-zero size");
        let mut parser = vt100::Parser::new(nz(self.rows), nz(self.cols), 0);
        parser.process(&self.bytes.lock().expect("lock"));
        parser
    }

    fn wait_text(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().screen().contents().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {text:?}:\n{}",
                self.screen().screen().contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends keys and waits until output stops changing.
    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        let mut last = usize::MAX;
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(120));
            let len = self.bytes.lock().expect("lock").len();
            if len == last || start.elapsed() > DEADLINE {
                break;
            }
            last = len;
        }
    }

    /// Quits and returns every byte written.
    fn finish(mut self) -> Vec<u8> {
        self.keys("q");
        let start = Instant::now();
        while self.child.try_wait().expect("try_wait").is_none() {
            assert!(start.elapsed() < DEADLINE, "ketluan did not quit");
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.bytes.lock().expect("lock").clone()
    }
}

/// Cell contents of a whole screen, row by row.
fn cells(parser: &vt100::Parser) -> Vec<String> {
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| screen.cell(r, c).map_or("?", |x| x.contents()).to_string() + "|")
                .collect()
        })
        .collect()
}

#[test]
fn nfd_and_nfc_notices_look_the_same_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nfc = dir.path().join("nfc.toml");
    let nfd = dir.path().join("nfd.toml");
    std::fs::write(&nfc, NOTICE).expect("write");
    std::fs::write(&nfd, NOTICE.nfd().collect::<String>()).expect("write");
    let steps = [
        "jjjj",
        "l",
        "c",
        "e",
        "G",
        "/to chuc bo may\r",
        "n",
        "\t\x1b[6~",
    ];
    for (cols, rows) in [(80, 24), (120, 40), (47, 19)] {
        // One after the other: they are the same notice, so they share a
        // review state file, which one ketluan at a time may hold.
        let (screens_a, bytes_a) = screens(&nfc, cols, rows, &steps);
        let (screens_b, bytes_b) = screens(&nfd, cols, rows, &steps);
        for ((step, a), b) in steps.iter().zip(&screens_a).zip(&screens_b) {
            assert_eq!(a, b, "{cols}x{rows} after {step:?}");
        }
        for bytes in [bytes_a, bytes_b] {
            let text = String::from_utf8_lossy(&bytes);
            let marks: Vec<char> = text
                .chars()
                .filter(|c| ('\u{300}'..='\u{36F}').contains(c))
                .collect();
            assert!(marks.is_empty(), "combining marks written: {marks:?}");
        }
    }
}

/// The screen after each step, and all bytes written.
fn screens(
    file: &std::path::Path,
    cols: u16,
    rows: u16,
    steps: &[&str],
) -> (Vec<Vec<String>>, Vec<u8>) {
    let mut run = Run::start(file, cols, rows);
    run.wait_text("Văn bản");
    let shots = steps
        .iter()
        .map(|step| {
            run.keys(step);
            cells(&run.screen())
        })
        .collect();
    (shots, run.finish())
}

#[test]
fn a_hostile_notice_writes_no_attack_to_the_pty() {
    let source = r#"
[document]
title = "Tiêu đề \u001b]0;pwned\u0007 cửa sổ"
preamble = "C1 \u009b31m đỏ, chuông \u0007, \u001b]8;;http://x/\u001b\\liên kết\u001b]8;;\u001b\\"

[[node]]
id = "I"
kind = "heading"
title = "Trojan \u202eNguồn\u202c \u2066ẩn\u2069 \u001b[2J xoá"

[[node]]
id = "I.1"
parent = "I"
kind = "task"
text = "CVE-2022-46663 \u001b]8;;\u001b]0;owned\u0007\u001b\\ hết \u001bc"
"#;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("hostile.toml");
    std::fs::write(&file, source).expect("write");
    let mut run = Run::start(&file, 120, 40);
    run.wait_text("Văn bản");
    run.keys("jjj/owned\r");
    let screen = run.screen().screen().contents();
    assert!(screen.contains("^[]0;pwned^G"), "{screen}");
    assert!(screen.contains("⟨U+202E⟩Nguồn"), "{screen}");
    let bytes = run.finish();
    let text = String::from_utf8(bytes).expect("UTF-8 output");
    for (needle, what) in [
        ("\u{1b}]0;", "window title OSC"),
        ("\u{1b}]8;", "hyperlink OSC"),
        ("\u{7}", "BEL"),
        ("\u{1b}c", "reset"),
        ("\u{9b}", "C1 CSI"),
        ("\u{202e}", "bidi override"),
        ("\u{2066}", "bidi isolate"),
    ] {
        assert!(!text.contains(needle), "{what} reached the terminal");
    }
    // ketluan clears the screen itself when it starts; the document's
    // clear-screen must not add another.
    let clears = text.matches("\u{1b}[2J").count();
    assert!(clears <= 1, "{clears} clear-screen sequences");
}

//! Rendering through a real pseudo-terminal: the NFD notice looks cell for
//! cell like the NFC one after moves, folds and a search, and the raw bytes
//! the binary writes for a hostile notice carry no attack.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Session;
use unicode_normalization::UnicodeNormalization;

const DEADLINE: Duration = Duration::from_secs(10);
const NOTICE: &str = include_str!("../data/ket-luan-2017-02-22.toml");

/// Starts the browser on `file` in a `cols`x`rows` pty. Runs on the same
/// notice share `data`, so that the state file path they show is the same.
fn start(file: &Path, data: &Path, cols: u16, rows: u16) -> Session {
    let data = data.to_str().expect("UTF-8 path");
    let file = file.to_str().expect("UTF-8 path");
    Session::start_with(&[file], &[("XDG_DATA_HOME", data)], cols, rows, DEADLINE)
}

/// Quits and returns every byte written.
fn finish(mut run: Session) -> Vec<u8> {
    run.keys("q");
    run.wait_exit();
    run.raw()
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
    let data = file.parent().expect("a directory").join("data");
    let mut run = start(file, &data, cols, rows);
    run.wait_text("Văn bản");
    let shots = steps
        .iter()
        .map(|step| {
            run.keys(step);
            cells(&run.parser.lock().expect("parser lock"))
        })
        .collect();
    (shots, finish(run))
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
    let mut run = start(&file, &dir.path().join("data"), 120, 40);
    run.wait_text("Văn bản");
    run.keys("jjj/owned\r");
    let screen = run.contents();
    assert!(screen.contains("^[]0;pwned^G"), "{screen}");
    assert!(screen.contains("⟨U+202E⟩Nguồn"), "{screen}");
    let bytes = finish(run);
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

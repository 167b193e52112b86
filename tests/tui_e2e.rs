//! End-to-end: the real binary in a pseudo-terminal, its screen read back
//! through a terminal emulator (vt100). Each step waits until the expected
//! text appears, with a deadline, instead of sleeping.
#![cfg(unix)]

mod common;

use common::pty::Session;

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
    // tree's content from column 1, after the 4 cells of the marks column.
    // Row 3 is the document, row 4 is I.
    s.click(20, 5);
    s.wait_text("Mục lục 3/43 · I.1");
    // I's fold marker is at column 5.
    s.click(5, 4);
    s.wait_text("(+25)");
    s.wait_text("Mục lục 2/18 · I ");
    s.click(5, 4);
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
    // Esc puts back the search in force before `/`.
    s.send(b"\x1b");
    s.wait_gone("Tìm:");
    s.wait_text("/to chuc bo may [");
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

/// A paste without bracketed paste arrives as one burst of keys, here
/// well over the 1,024 bytes the terminal library reads at a time. All of
/// it is typed into the note at once, with nothing more sent: the end of
/// the text shows, and a key sent after the burst is handled in order.
#[test]
fn a_long_unbracketed_paste_is_typed_whole_without_another_key() {
    let mut s = Session::start(&[], &[], 100, 30);
    started(&s, "Mục lục");
    s.send(b"jj");
    s.wait_text("Mục lục 3/43 · I.1");
    s.send(b"a");
    s.wait_text("Ctrl-s: lưu");
    let sentence = "Tiếp tục rà soát để kiện toàn các cơ quan chuyên môn. ";
    let mut burst = sentence.repeat(60);
    burst.push_str("HẾT.");
    assert!(burst.len() > 4 * 1024);
    // Ctrl-s in the same burst saves the note, after every character.
    burst.push('\u{13}');
    s.send(burst.as_bytes());
    s.wait_gone("Ctrl-s: lưu");
    s.wait_text("✎ Ghi chú");
    // The whole note, to its last word: the end of the detail pane.
    s.send(b"\tG");
    s.wait_text("HẾT.");
}

/// Lines pasted without bracketed paste into the one-line search prompt
/// are one query: the line break inside the burst does not end the search
/// and hand the rest to the browser, where its space would mark an item.
#[test]
fn lines_pasted_into_the_prompt_are_one_query() {
    let mut s = Session::start(&[], &[], 100, 30);
    started(&s, "Mục lục");
    s.send(b"j");
    s.wait_text("Mục lục 2/43");
    s.send("/tổ chức\rbộ máy".as_bytes());
    s.wait_text("Tìm: tổ chức bộ máy");
    s.send(b"\r");
    s.wait_text("/tổ chức bộ máy");
    let screen = s.contents();
    assert!(screen.contains("Đã duyệt 0/30"), "{screen}");
}

//! End-to-end: a notice large enough to open on a preview of its first
//! nodes while the rest loads. It is fed through a named pipe, so the test
//! decides when the rest arrives instead of racing the loader.
#![cfg(unix)]

mod common;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::Session;

/// `[document]` and nodes `from..to`, each about 150 bytes: 300 of them
/// are past the first chunk the loader shows.
fn nodes(from: usize, to: usize) -> String {
    let mut s = String::new();
    if from == 0 {
        s += "[document]\ntitle = \"Thông báo kết luận\"\n\n";
    }
    for i in from..to {
        s += &format!(
            "[[node]]\nid = \"n{i}\"\nkind = \"task\"\ntitle = \"Mục {i}\"\n\
             text = \"Kiện toàn tổ chức bộ máy, nâng cao chất lượng đội ngũ cán bộ, mục {i}.\"\n\n"
        );
    }
    s
}

fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("notice.toml");
    let ok = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(ok.success());
    path
}

/// Starts ketluan on a new pipe and writes `head` into it; returns the
/// session and the open writing end.
fn open_on_pipe(head: &str) -> (Session, std::fs::File, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path());
    let s = Session::start(&[pipe.to_str().unwrap()], &[], 100, 24);
    // Blocks until ketluan's loader opens the pipe for reading.
    let mut w = OpenOptions::new().write(true).open(&pipe).unwrap();
    w.write_all(head.as_bytes()).unwrap();
    w.flush().unwrap();
    (s, w, dir)
}

#[test]
fn a_large_notice_opens_on_its_first_nodes_and_the_rest_follows() {
    let (mut s, mut w, _dir) = open_on_pipe(&nodes(0, 400));
    // The preview: the first nodes, and the progress (a pipe has no size);
    // the header counts what is loaded so far, not a total.
    s.wait_text("Đang tải…");
    s.wait_text("Mục 0");
    s.wait_text("Đã tải ");
    assert!(!s.contents().contains("Tổng"));
    // Browsing works on it; marks wait, and say so.
    s.send(b"j");
    s.wait_text("Mục lục 2/");
    s.wait_text("· n0");
    s.send(b"j");
    s.wait_text("· n1");
    s.send(b" ");
    s.wait_text("Văn bản đang được tải");
    assert!(!s.contents().contains("Đã duyệt 1/"));
    // A search typed at once is a query, q and all, not commands.
    s.send(b"/");
    s.keys("muc 2999 q");
    s.wait_text("Tìm: muc 2999 q");
    s.send(b"\x7f\x7f\r");
    s.wait_text("/muc 2999");

    // The rest arrives: the whole notice replaces the preview, and the
    // query runs on it, landing on its match.
    w.write_all(nodes(400, 3000).as_bytes()).unwrap();
    drop(w);
    s.wait_gone("Đang tải");
    s.wait_text("Khớp 1 ");
    s.wait_text("· n2999");
    s.wait_text("[1/1]");
    // Now marks work.
    s.send(b" ");
    s.wait_text("Đã duyệt 1/3000");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn problems_after_the_preview_are_all_reported_once_the_terminal_is_restored() {
    let head = nodes(0, 400);
    let (mut s, mut w, _dir) = open_on_pipe(&head);
    s.wait_text("Đang tải…");
    s.wait_text("Mục 0");
    // Two problems far past the preview: a duplicate id and a bad kind.
    let mut rest = nodes(400, 600);
    let first = head.lines().count() + rest.lines().count() + 1;
    rest += "[[node]]\nid = \"n7\"\nkind = \"task\"\ntitle = \"x\"\n\n";
    rest += "[[node]]\nid = \"z\"\nkind = \"tsak\"\ntitle = \"y\"\n";
    w.write_all(rest.as_bytes()).unwrap();
    drop(w);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1);
    s.assert_restored();
    let screen = s.contents();
    let dup = format!(":{}:", first + 1);
    let kind = format!(":{}:", first + 7);
    assert!(
        screen.contains(&dup) && screen.contains("bị trùng"),
        "{dup}\n{screen}"
    );
    assert!(
        screen.contains(&kind) && screen.contains("tsak"),
        "{kind}\n{screen}"
    );
}

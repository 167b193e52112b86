//! `ketluan search` through the real binary: accent-insensitive matching
//! on the embedded notice, grep's exit codes, the kind filter, and
//! highlighting only on a terminal.

use std::fs;
use std::io::Read;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use ketluan::doc::{self, Kind};
use ketluan::search::fold;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use unicode_normalization::UnicodeNormalization;

fn ketluan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .env_remove("KETLUAN_LANG")
        .env_remove("NO_COLOR")
        .output()
        .expect("run ketluan")
}

/// Runs a search; returns the exit code and the printed lines.
fn search(args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["--lang", "en", "search"];
    all.extend_from_slice(args);
    let out = ketluan(&all);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    (
        out.status.code().unwrap_or(-1),
        stdout.lines().map(str::to_string).collect(),
    )
}

fn ids(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect()
}

/// Every line's text, folded, holds every folded query word.
fn assert_all_words(lines: &[String], query: &str) {
    for line in lines {
        let folded = fold::fold(line);
        for word in query.split_whitespace() {
            let word = fold::fold(word);
            assert!(
                folded.text().contains(word.text()),
                "{word:?} missing from {line}"
            );
        }
    }
}

#[test]
fn to_chuc_bo_may_finds_to_chuc_bo_may() {
    let (code, lines) = search(&["to chuc bo may"]);
    assert_eq!(code, 0);
    let found = ids(&lines);
    assert!(found.contains(&"I.2.2"), "{found:?}");
    assert!(found.contains(&"I.2.2.a"), "{found:?}");
    assert!(lines.iter().any(|l| l.contains("tổ chức bộ máy")));
    assert!(lines.iter().any(|l| l.contains("Tổ chức bộ máy")));
    assert_all_words(&lines, "to chuc bo may");
    // Tab-separated: id, label, text.
    let i22 = lines.iter().find(|l| l.starts_with("I.2.2\t")).unwrap();
    assert_eq!(i22, "I.2.2\t2.2\tVề xây dựng tổ chức bộ máy");
}

#[test]
fn dang_finds_dang_with_its_accents() {
    let (code, lines) = search(&["dang"]);
    assert_eq!(code, 0);
    assert!(lines.iter().filter(|l| l.contains("Đảng")).count() >= 5);
    // Typed with accents it matches them exactly: "đang" is not "Đảng".
    let (_, exact) = search(&["Đảng"]);
    assert!(!exact.is_empty() && exact.len() <= lines.len());
    assert_all_words(&exact, "dang");
}

#[test]
fn nguoi_dung_dau_finds_nguoi_dung_dau() {
    let (code, lines) = search(&["nguoi dung dau"]);
    assert_eq!(code, 0);
    let found = ids(&lines);
    assert!(found.contains(&"I.2.1.a"), "{found:?}");
    assert!(found.contains(&"II.2.2.c"), "{found:?}");
    assert!(
        lines.iter().all(|l| l.contains("người đứng đầu")),
        "{lines:?}"
    );
}

#[test]
fn words_match_in_any_order_and_nfd_queries_match_too() {
    let (_, a) = search(&["dau nguoi dung"]);
    let (_, b) = search(&["nguoi dung dau"]);
    assert_eq!(a, b);
    let nfd: String = "người đứng đầu".nfd().collect();
    let (code, c) = search(&[&nfd]);
    assert_eq!(code, 0);
    assert_eq!(c, b);
}

#[test]
fn tone_placement_does_not_matter() {
    // The notice writes "khoá" and "uỷ" (new style) and "Ủy" (old style).
    let (_, old) = search(&["khóa"]);
    let (_, new) = search(&["khoá"]);
    assert!(!old.is_empty());
    assert_eq!(old, new);
    let (_, old) = search(&["ủy"]);
    let (_, new) = search(&["uỷ"]);
    assert_eq!(old, new);
}

#[test]
fn keyboard_quotes_and_hyphens_find_typographic_ones() {
    // The notice writes “tự diễn biến” and "quốc phòng – an ninh".
    for (query, id) in [
        ("\"tu dien bien\"", "II.3"),
        ("quoc phong - an ninh", "I.2.1.b"),
    ] {
        let (code, lines) = search(&[query]);
        assert_eq!(code, 0, "{query}");
        assert!(ids(&lines).contains(&id), "{query}: {lines:?}");
    }
}

#[test]
fn no_match_exits_1_with_nothing_printed() {
    let (code, lines) = search(&["khongcotu"]);
    assert_eq!((code, lines.len()), (1, 0));
}

#[test]
fn smart_diacritics_match_marks_exactly() {
    let (_, so) = search(&["so"]);
    for (word, upper) in [("sợ", "Sợ"), ("số", "Số"), ("sở", "Sở")] {
        let (code, lines) = search(&[word]);
        assert_eq!(code, 0, "{word}");
        assert!(lines.len() < so.len(), "{word}");
        for l in &lines {
            assert!(l.contains(word) || l.contains(upper), "{word} not in {l}");
        }
    }
}

#[test]
fn kind_filters_nodes_and_combines_with_the_query() {
    let d = doc::embedded().unwrap();
    let kind_of = |id: &str| d.node(d.find(id).unwrap()).kind;
    let (code, tasks) = search(&["dang", "--kind", "task"]);
    assert_eq!(code, 0);
    assert!(!tasks.is_empty());
    for id in ids(&tasks) {
        assert_eq!(kind_of(id), Kind::Task, "{id}");
    }
    assert_all_words(&tasks, "dang");
    let (_, all) = search(&["dang"]);
    assert!(tasks.len() < all.len());
    // Several kinds; an empty query lists every node of those kinds.
    let (code, some) = search(&["", "--kind", "weakness", "--kind", "cause"]);
    assert_eq!(code, 0);
    let counts = d.kind_counts();
    assert_eq!(
        some.len(),
        counts[Kind::Weakness.index()] + counts[Kind::Cause.index()]
    );
    // Nothing of that kind matches: exit 1.
    assert_eq!(search(&["le tan lai", "--kind", "task"]).0, 1);
    // The interface's names for kinds work too, accents optional.
    for name in ["Hạn chế", "han che", "HẠN  CHẾ", "Weakness"] {
        assert_eq!(
            search(&["", "--kind", name]).1.len(),
            counts[Kind::Weakness.index()]
        );
    }
    // A misspelt kind is a usage error.
    let out = ketluan(&["search", "dang", "--kind", "taks"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("dùng một trong heading (mục), point (ý)")
    );
    let out = ketluan(&["--lang", "en", "search", "dang", "--kind", "taks"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("valid kinds: heading, point"));
}

#[test]
fn the_metadata_is_searched_too() {
    let (code, lines) = search(&["le tan lai"]);
    assert_eq!(code, 0);
    assert_eq!(lines, ["[Closing]\t\tLê Tấn Lai"]);
    let (_, lines) = search(&["22/02/2017"]);
    assert_eq!(ids(&lines), ["[Document]"]);
}

/// A notice of one task, node `a`, with `text` (TOML escapes allowed).
fn one_task(text: &str) -> String {
    format!(
        "[document]\ntitle = \"Thông báo\"\n\n[[node]]\nid = \"a\"\nkind = \"task\"\ntext = \"{text}\"\n"
    )
}

#[test]
fn a_file_argument_and_load_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("n.toml");
    fs::write(&good, one_task("Kiện toàn tổ chức bộ máy")).unwrap();
    let (code, lines) = search(&["kien toan", good.to_str().unwrap()]);
    assert_eq!(
        (code, lines),
        (0, vec!["a\t\tKiện toàn tổ chức bộ máy".to_string()])
    );
    // Soft hyphens, as copied from a word processor, are dropped at load,
    // and from a query: the words are whole again for search and display.
    let shy = dir.path().join("shy.toml");
    fs::write(
        &shy,
        one_task("Triển khai thực hi\\u00ADện nghị quy\u{AD}ết"),
    )
    .unwrap();
    for query in ["thuc hien nghi quyet", "nghị quy\u{AD}ết"] {
        let (code, lines) = search(&[query, shy.to_str().unwrap()]);
        assert_eq!(
            (code, lines),
            (0, vec!["a\t\tTriển khai thực hiện nghị quyết".to_string()])
        );
    }
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[document]\n").unwrap();
    let out = ketluan(&["--lang", "en", "search", "x", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml:"));
}

#[test]
fn a_pipe_gets_no_escape_codes() {
    let out = ketluan(&["search", "dang"]);
    assert!(!out.stdout.contains(&0x1b));
}

/// Runs `ketluan search ARGS` in a pseudo-terminal; returns the raw output.
fn in_terminal(args: &[&str], no_color: bool) -> String {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ketluan"));
    cmd.arg("search");
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("KETLUAN_LANG");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn ketluan");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        // Reading ends with EOF or EIO once the child has exited.
        let _ = reader.read_to_end(&mut out);
        let _ = tx.send(out);
    });
    let status = child.wait().expect("wait for ketluan");
    assert!(status.success(), "{status:?}");
    let out = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("output within 10 s");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn a_terminal_gets_the_matches_in_bold_reverse() {
    let out = in_terminal(&["nguoi dung dau"], false);
    assert!(
        out.contains("\x1b[1;7mngười\x1b[0m \x1b[1;7mđứng\x1b[0m \x1b[1;7mđầu\x1b[0m"),
        "{out:?}"
    );
    let plain = in_terminal(&["nguoi dung dau"], true);
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
    assert!(plain.contains("người đứng đầu"));
}

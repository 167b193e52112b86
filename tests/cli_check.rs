//! `ketluan check` and loading through the real binary: every bad input
//! gets one clear line per problem and exit code 1, never a panic or hang.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn ketluan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .env_remove("KETLUAN_LANG")
        .output()
        .expect("run ketluan")
}

/// [`ketluan`] run in `dir`.
fn ketluan_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .current_dir(dir)
        .env_remove("KETLUAN_LANG")
        .output()
        .expect("run ketluan")
}

/// Runs `ketluan --lang en check FILE` on `content` and returns (code, stdout, stderr)
/// with the temporary path replaced by `F`.
fn check_bytes(content: &[u8]) -> (i32, String, String) {
    check_bytes_in(&["--lang", "en"], content)
}

/// [`check_bytes`] with `lang_args` (none: the default language).
fn check_bytes_in(lang_args: &[&str], content: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.toml");
    fs::write(&path, content).unwrap();
    check_path_in(lang_args, &path)
}

fn check_path(path: &Path) -> (i32, String, String) {
    check_path_in(&["--lang", "en"], path)
}

fn check_path_in(lang_args: &[&str], path: &Path) -> (i32, String, String) {
    let p = path.to_str().unwrap();
    let out = ketluan(&[lang_args, &["check", p]].concat());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).replace(p, "F"),
        String::from_utf8_lossy(&out.stderr).replace(p, "F"),
    )
}

const NODE_A: &str = "[[node]]\nid = \"a\"\nkind = \"heading\"\ntitle = \"A\"\n";

fn doc(nodes: &str) -> String {
    format!("[document]\ntitle = \"Thông báo\"\n\n{nodes}")
}

#[test]
fn the_shipped_data_checks_ok_with_counts() {
    let out = ketluan(&["--lang", "en", "check", "data/ket-luan-2017-02-22.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("ok data/ket-luan-2017-02-22.toml: ")
            && stdout.contains(" nodes (heading "),
        "{stdout}"
    );
}

#[test]
fn a_valid_file_reports_counts_per_kind() {
    let src = doc(&format!(
        "{NODE_A}[[node]]\nid = \"b\"\nparent = \"a\"\nkind = \"task\"\ntext = \"x\"\n"
    ));
    let (code, out, err) = check_bytes(src.as_bytes());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "ok F: 2 nodes (heading 1, point 0, strength 0, weakness 0, cause 0, task 1)\n"
    );
    let (_, out, _) = check_bytes(doc(NODE_A).as_bytes());
    assert_eq!(
        out,
        "ok F: 1 node (heading 1, point 0, strength 0, weakness 0, cause 0, task 0)\n"
    );
}

#[test]
fn vietnamese_is_the_default_language() {
    let src = doc("[[node]]\nid = \"a\"\nkind = \"nhiemvu\"\ntext = \"x\"\n");
    let (code, _, err) = check_bytes_in(&[], src.as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.starts_with("F:6:1: loại không hợp lệ \"nhiemvu\""),
        "{err}"
    );
}

#[test]
fn vietnamese_messages_name_types_and_values_in_vietnamese() {
    let src = "[document]\ntitle = \"  \"\ndate = 20170222\nrecipients = \"A\"\n\n\
               [[node]]\nid = \"a\"\nkind = \"task\"\ntext = 5\n";
    let (code, _, err) = check_bytes_in(&[], src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:2:1: tiêu đề của văn bản đang để trống; ghi tiêu đề vào title = \"...\"\n\
         F:3:1: ngày không hợp lệ 20170222; viết ngày không có giờ và không có ngoặc kép, ví dụ date = 2017-02-22\n\
         F:4:1: `recipients` phải là một mảng các chuỗi văn bản, nhưng ở đây là một chuỗi văn bản; viết recipients = [\"...\", \"...\"]\n\
         F:9:1: `text` phải là một chuỗi văn bản, nhưng ở đây là một số nguyên; viết text = \"...\"\n"
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = check_path(&dir.path().join("none.toml"));
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "F: cannot read: no such file; check the path\n");
}

#[test]
fn a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = check_path(dir.path());
    assert_eq!(code, 1);
    assert_eq!(err, "F: is a directory; give a notice file (.toml)\n");
}

#[test]
fn invalid_utf8_names_line_column_and_byte() {
    let mut bytes = doc(NODE_A).into_bytes();
    bytes.extend_from_slice(b"# ok\nx = \"\xFF\"\n");
    let (code, _, err) = check_bytes(&bytes);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:9:6: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n"
    );
}

#[test]
fn empty_and_blank_files() {
    for content in ["", "  \n\n\t\n", "\u{FEFF}"] {
        let (code, _, err) = check_bytes(content.as_bytes());
        assert_eq!(code, 1, "{content:?}");
        assert_eq!(
            err,
            "F: the file is empty; a notice needs [document] with a title and [[node]] tables\n"
        );
    }
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let (code, _, err) = check_bytes(doc(&format!("{NODE_A}\n{NODE_A}")).as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:10:1: duplicate id \"a\", first used at line 5; ids must be unique\n"
    );
}

#[test]
fn unknown_parent_suggests_the_closest_id() {
    let src = doc(&format!(
        "{NODE_A}[[node]]\nid = \"I.2\"\nparent = \"I.1\"\nkind = \"task\"\ntext = \"x\"\n\
         [[node]]\nid = \"I.3\"\nparent = \"zzzzzz\"\nkind = \"task\"\ntext = \"x\"\n"
    ));
    let src = src.replace("id = \"a\"", "id = \"I\"");
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:10:1: parent \"I.1\" is not the id of any node; did you mean \"I.2\"?\n\
         F:15:1: parent \"zzzzzz\" is not the id of any node\n"
    );
}

#[test]
fn a_parent_that_comes_later() {
    let src = doc(&format!(
        "[[node]]\nid = \"b\"\nparent = \"a\"\nkind = \"task\"\ntext = \"x\"\n{NODE_A}"
    ));
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:6:1: parent \"a\" comes later in the file (line 10); move this node after its parent\n"
    );
}

#[test]
fn a_node_that_is_its_own_parent() {
    let src = doc("[[node]]\nid = \"a\"\nparent = \"a\"\nkind = \"task\"\ntext = \"x\"\n");
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(err, "F:6:1: node \"a\" cannot be its own parent\n");
}

#[test]
fn unknown_keys_anywhere_are_errors_with_suggestions() {
    let src = "[document]\ntitle = \"T\"\ndaet = 2017-02-22\n[document.signer]\nnmae = \"X\"\n\
               [[node]]\nid = \"a\"\nkind = \"task\"\ntext = \"x\"\ntexts = \"y\"\n[extra]\n";
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:3:1: unknown key `daet` in [document]; did you mean `date`? (valid keys: title, kind, number, date, issuer, chair, preamble, closing, recipients, signer)\n\
         F:5:1: unknown key `nmae` in [document.signer]; did you mean `name`? (valid keys: role, name, note)\n\
         F:10:1: unknown key `texts` in [[node]]; did you mean `text`? (valid keys: id, parent, kind, label, title, text)\n\
         F:11:2: unknown key `extra` in the file (valid keys: document, node)\n"
    );
}

/// In Vietnamese too, every word of the message is Vietnamese.
#[test]
fn unknown_keys_are_reported_in_vietnamese() {
    let src = "[document]\ntitle = \"T\"\ndaet = 2017-02-22\n\
               [[node]]\nid = \"a\"\nkind = \"task\"\ntext = \"x\"\n[extra]\n";
    let (code, _, err) = check_bytes_in(&[], src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:3:1: khóa không hợp lệ `daet` trong [document]; có phải ý là `date`? (các khóa hợp lệ: title, kind, number, date, issuer, chair, preamble, closing, recipients, signer)\n\
         F:8:2: khóa không hợp lệ `extra` ngoài mọi bảng của tệp (các khóa hợp lệ: document, node)\n"
    );
}

#[test]
fn unknown_kind_lists_the_valid_ones() {
    let src = doc("[[node]]\nid = \"a\"\nkind = \"Strenght\"\ntext = \"x\"\n");
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:6:1: unknown kind \"Strenght\"; did you mean \"strength\"? (valid kinds: heading, point, strength, weakness, cause, task)\n"
    );
    // The names the interface shows, as a user may copy them.
    for (name, kind) in [
        ("nhiệm vụ", "task"),
        ("Nhiem vu", "task"),
        ("Kết quả", "strength"),
        ("hạn chế", "weakness"),
        ("NGUYÊN NHÂN", "cause"),
        ("Mục", "heading"),
    ] {
        let src = doc(&format!(
            "[[node]]\nid = \"a\"\nkind = \"{name}\"\ntext = \"x\"\n"
        ));
        let (_, _, err) = check_bytes(src.as_bytes());
        assert!(err.contains(&format!("did you mean \"{kind}\"?")), "{err}");
    }
}

#[test]
fn missing_required_keys_wrong_types_and_bad_values() {
    let src = "[document]\ndate = \"22/02/2017\"\nrecipients = \"A\"\n\
               [[node]]\nkind = \"task\"\n\
               [[node]]\nid = \"has space\"\ntitle = 5\nkind = \"task\"\n";
    let (code, _, err) = check_bytes(src.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:1:2: [document] lacks the required key `title`; add title = \"...\"\n\
         F:2:1: invalid date \"22/02/2017\"; write a date without time or quotes, like date = 2017-02-22\n\
         F:3:1: `recipients` must be an array of strings, found a string; write recipients = [\"...\", \"...\"]\n\
         F:4:1: [[node]] lacks the required key `id`; add id = \"...\"\n\
         F:4:1: the node has neither a title nor a text; add title = \"...\" or text = \"...\"\n\
         F:7:1: invalid id \"has space\": the id contains \" \"; use only letters, digits and . - _ : /\n\
         F:8:1: `title` must be a string, found an integer; write title = \"...\"\n"
    );
}

#[test]
fn no_document_and_no_nodes() {
    let (code, _, err) = check_bytes(b"# nothing but a comment\nfoo = 1\n");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:1:1: no [document] table; add [document] with title = \"...\"\n\
         F:1:1: no [[node]] tables; add at least one [[node]] with id, kind and a title or text\n\
         F:2:1: unknown key `foo` in the file (valid keys: document, node)\n"
    );
}

#[test]
fn every_syntax_error_is_reported_with_its_position() {
    let (code, _, err) = check_bytes(b"[document]\ntitle = \"T\n\n[[node]]\nid = \n");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F:2:11: the string of `title` does not end on its line; add the closing \", or use \"\"\" … \"\"\" for text on several lines\n\
         F:5:6: `id` has no value after the =; write id = \"...\" or delete the line\n"
    );
}

/// The slips of editing a notice by hand, named in the file's words with
/// the fix, in Vietnamese by default.
#[test]
fn hand_editing_slips_are_explained_in_vietnamese() {
    let cases: &[(&str, &str)] = &[
        (
            "[document]\ntitle = Kết luận hội nghị\n",
            "F:2:9: giá trị Kết luận hội nghị của `title` phải nằm trong ngoặc kép: title = \"Kết luận hội nghị\"\n",
        ),
        (
            "[document]\ntitle = \"T\"\ntitle = \"U\"\n",
            "F:3:1: khóa `title` đã có ở dòng 2 trong cùng bảng; giữ một trong hai\n",
        ),
        (
            "[document]\ntitle = \"T\"\n[node]\nid = \"a\"\nkind = \"task\"\n[node]\nid = \"b\"\nkind = \"task\"\n",
            "F:6:2: bảng [node] lặp lại; mỗi mục cần tiêu đề [[node]] (hai dấu ngoặc vuông)\n",
        ),
        (
            "[document]\ntitle = \"T\"\n[[node]]\nid = \"a\"\nkind = \"task\"\ntext = \"\"\"Dòng một\n\n[[node]]\nid = \"b\"\n",
            "F:6:8: chuỗi nhiều dòng của `text` mở bằng \"\"\" ở đây nhưng không được đóng; thêm \"\"\" ở cuối văn bản\n",
        ),
        (
            "[document]\ntitle = \"T\"\ndate = 2017-02-30\n",
            "F:3:8: ngày 2017-02-30 của `date` không có thật hoặc sai dạng; viết YYYY-MM-DD, ví dụ 2017-02-22\n",
        ),
    ];
    for (src, want) in cases {
        let (code, _, err) = check_bytes_in(&[], src.as_bytes());
        assert_eq!(code, 1, "{src}");
        assert_eq!(&err, want, "{src}");
    }
}

#[test]
fn nesting_deeper_than_toml_allows() {
    let deep = format!(
        "{}x = {}1{}\n",
        doc(NODE_A),
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (code, _, err) = check_bytes(deep.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("F:8:85: nesting is limited to 80 levels"),
        "{err}"
    );

    let dotted = format!("{}{}b = 1\n", doc(NODE_A), "a.".repeat(10_000));
    let (code, _, err) = check_bytes(dotted.as_bytes());
    assert_eq!(code, 1);
    assert!(err.contains("nesting is limited to 80 levels"), "{err}");
}

#[test]
fn a_100_mb_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    // Sparse: no 100 MB are written to disk.
    fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let (code, _, err) = check_path(&path);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "F: the file is 104857600 bytes, over the limit of 67108864 bytes; split the notice into several files\n"
    );
}

#[test]
fn a_chain_100000_deep_loads_and_prints() {
    let mut src = String::from("[document]\ntitle = \"Chuỗi\"\n");
    for i in 0..100_000 {
        src.push_str(&format!(
            "[[node]]\nid = \"n{i}\"\nkind = \"point\"\ntext = \"mục {i}\"\n"
        ));
        if i > 0 {
            src.push_str(&format!("parent = \"n{}\"\n", i - 1));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.toml");
    fs::write(&path, src).unwrap();
    let (code, out, err) = check_path(&path);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "ok F: 100000 nodes (heading 0, point 100000, strength 0, weakness 0, cause 0, task 0)\n"
    );
    let out = ketluan(&["print", "--width", "60", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[Ý · cấp 100000] mục 99999"),
        "deepest node missing"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let src = format!(
        "\u{FEFF}{}",
        doc("[[node]]\nid = \"a\"\nkind = \"task\"\ntext = \"\"\"\nmột\nhai\n\nba\"\"\"\n")
    )
    .replace('\n', "\r\n");
    let (code, out, err) = check_bytes(src.as_bytes());
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
}

#[test]
fn all_files_are_checked_and_any_failure_fails() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    let bad = dir.path().join("bad.toml");
    fs::write(&good, doc(NODE_A)).unwrap();
    fs::write(&bad, "[document]\n").unwrap();
    let out = ketluan(&[
        "--lang",
        "en",
        "check",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok "));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 2);
}

#[test]
fn usage_errors_exit_2_and_help_and_version_exit_0() {
    assert_eq!(ketluan(&["check"]).status.code(), Some(2));
    assert_eq!(ketluan(&["--bogus"]).status.code(), Some(2));
    let help = ketluan(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("check"));
    let version = ketluan(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("ketluan {}", env!("CARGO_PKG_VERSION"))
    );
}

/// A published notice given where the TOML is expected gets one message
/// that says to import it, not an error for every line.
#[test]
fn a_markdown_notice_is_sent_to_import() {
    let md = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-2017-02-22.md"
    );
    let out = ketluan(&["check", md]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(":3:1: đây không phải thông báo ở định dạng TOML"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "ketluan import {md} -o {}",
            md.replace(".md", ".toml")
        )),
        "{err}"
    );
    // A broken notice in the format still gets every problem.
    let (code, _, err) = check_bytes(b"[document]\ntitle = \"x\"\n[[node]\nid = \"a\"\n");
    assert_eq!(code, 1);
    assert!(err.contains("F:3:"), "{err}");
    assert!(!err.contains("not a notice"), "{err}");
}

/// The help and usage errors are in the interface language: Vietnamese
/// unless English is asked for, by `--lang` or `KETLUAN_LANG`.
#[test]
fn help_and_usage_errors_speak_the_interface_language() {
    let help = ketluan(&["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Cách dùng: ketluan [TÙY_CHỌN] [TỆP] [LỆNH]"),
        "{text}"
    );
    assert!(text.contains("In trợ giúp"), "{text}");
    assert!(!text.contains("Usage"), "{text}");
    let help = ketluan(&["help", "export"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Cách dùng: ketluan export [TÙY_CHỌN] [TỆP]"),
        "{text}"
    );
    let help = ketluan(&["--lang", "en", "help", "export"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Usage: ketluan export [OPTIONS] [FILE]"),
        "{text}"
    );
    let help = Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(["print", "-h"])
        .env("KETLUAN_LANG", "en")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Wrap at this many columns"), "{text}");

    let err = ketluan(&["export", "--format", "pdf"]);
    assert_eq!(err.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&err.stderr),
        "ketluan: `--format <ĐỊNH_DẠNG>` không nhận giá trị `pdf` (dùng được: `md`, `csv`)\n\n\
         Cách dùng: ketluan export [TÙY_CHỌN] [TỆP]\nXem thêm: ketluan export --help\n"
    );
    let err = ketluan(&["--lang", "en", "export", "--format", "pdf"]);
    assert_eq!(err.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&err.stderr)
            .contains("invalid value 'pdf' for '--format <FORMAT>'")
    );
    let err = ketluan(&["help", "exprot"]);
    assert_eq!(err.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&err.stderr),
        "ketluan: không có lệnh `exprot`; có phải ý là lệnh `export`? (ketluan --help liệt kê các lệnh)\n"
    );
}

#[test]
fn without_a_terminal_the_default_command_prints_the_outline() {
    let out = ketluan(&[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("THÔNG BÁO: KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY"),
        "{text}"
    );
    assert!(text.contains("I [Mục] Đánh giá kết quả"));
    assert!(text.contains("Lê Tấn Lai"));
}

/// A pipe cannot be read twice: when its notice turns out invalid past the
/// first chunks, the problems are still found in what was read.
#[cfg(unix)]
#[test]
fn a_notice_read_from_a_pipe_reports_late_problems_like_a_file() {
    let mut text = doc("");
    for i in 0..3000 {
        text += &format!("[[node]]\nid = \"n{i}\"\nkind = \"task\"\ntitle = \"Mục {i}\"\n\n");
    }
    text += "[[node]]\nid = \"n5\"\nkind = \"tsak\"\ntitle = \"x\"\n";
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("n.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let (pipe, text) = (pipe.clone(), text.clone());
        std::thread::spawn(move || fs::write(pipe, text).unwrap())
    };
    let from_pipe = check_path(&pipe);
    writer.join().unwrap();
    let file = dir.path().join("f.toml");
    fs::write(&file, &text).unwrap();
    let from_file = check_path(&file);
    assert_eq!(from_pipe.0, 1);
    assert_eq!(from_pipe, from_file);
    let err = &from_pipe.2;
    assert!(err.contains("F:15005:1: duplicate id \"n5\""), "{err}");
    assert!(err.contains("F:15006:1: unknown kind \"tsak\""), "{err}");
}

/// A mistyped command is not taken for a missing file: the right command
/// is suggested, as a usage error.
#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let out = ketluan_in(dir.path(), &["pritn"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ketluan: không có tệp hay lệnh `pritn`; có phải ý là lệnh `ketluan print`? (ketluan --help liệt kê các lệnh)\n"
    );
    // With the notice after it, and options before it, the same.
    let out = ketluan_in(dir.path(), &["--lang", "en", "pritn", "n.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean the command `ketluan print`?")
    );
    // A file of that name is opened as asked; a path is never a command.
    fs::write(dir.path().join("chek"), "x").unwrap();
    let out = ketluan_in(dir.path(), &["chek"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("chek:"));
    let out = ketluan_in(dir.path(), &["./serch"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_notice_named_before_the_command_is_the_one_used() {
    let dir = tempfile::tempdir().unwrap();
    let notice = include_str!("../data/ket-luan-2017-02-22.toml")
        .replace("Văn phòng Tỉnh ủy", "Văn phòng Huyện ủy");
    fs::write(dir.path().join("n.toml"), notice).unwrap();
    fs::write(dir.path().join("other.toml"), "x").unwrap();
    // As after the command: this notice, not the embedded one.
    for (before, after) in [
        (&["n.toml", "print"][..], &["print", "n.toml"][..]),
        (
            &["n.toml", "search", "huyen uy"],
            &["search", "huyen uy", "n.toml"],
        ),
        (
            &["--state", "s.toml", "n.toml", "export"],
            &["--state", "s.toml", "export", "n.toml"],
        ),
    ] {
        let (a, b) = (
            ketluan_in(dir.path(), before),
            ketluan_in(dir.path(), after),
        );
        assert_eq!(a.status.code(), b.status.code(), "{before:?}");
        assert_eq!(a.stdout, b.stdout, "{before:?}");
        assert_eq!(a.stderr, b.stderr, "{before:?}");
    }
    let out = ketluan_in(dir.path(), &["n.toml", "print"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Huyện ủy"));
    // Two notices for one command, or one before `import`: a usage error
    // that names them, never one silently dropped.
    let out = ketluan_in(
        dir.path(),
        &["--lang", "en", "n.toml", "print", "other.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ketluan: two notice files for one command: `n.toml` and `other.toml`; give just one, after the command\n"
    );
    let out = ketluan_in(dir.path(), &["n.toml", "import", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ketluan: `import` đọc tệp ghi sau lệnh, không phải `n.toml` ghi trước: ketluan import TỆP\n"
    );
}

#[test]
fn option_values_are_taken_in_any_case() {
    let out = ketluan(&["--lang", "EN", "print"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Date 22/02/2017"));
}

#[test]
fn a_raw_control_character_is_named_where_it_is() {
    let head =
        "[document]\ntitle = \"T\"\ndate = 2017-02-22\n\n[[node]]\nid = \"I\"\nkind = \"task\"\n";
    // In a one-line string, in a multi-line one, and after a value.
    for (body, at) in [
        ("text = \"chu\u{7}ng\"\n", "8:12"),
        ("text = \"\"\"a\nmàu \u{1b}[31m\"\"\"\n", "9:5"),
        ("text = \"x\"\u{c}\n", "8:11"),
    ] {
        let (code, _, err) = check_bytes(format!("{head}{body}").as_bytes());
        assert_eq!(code, 1, "{body:?}");
        assert!(
            err.starts_with(&format!("F:{at}: control character U+")),
            "{err}"
        );
        assert!(err.contains("not allowed in TOML"), "{err}");
    }
}

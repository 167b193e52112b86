//! Review state through the real binary: `export` and `print --state`,
//! the state file round trip, unknown ids kept, a damaged file left alone.
//! Marks are made through the library with a fixed clock, so every file
//! and snapshot is reproducible.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::DateTime;
use ketluan::doc::{self, Document};
use ketluan::review::{Clock, Error, Reviewer, Session, store};

const NOTICE: &str = r#"
[document]
title = "Thông báo kết luận thử"
kind = "Thông báo"
number = "12-TB/VPTU"
date = 2017-02-22
issuer = "Văn phòng Tỉnh ủy"

[[node]]
id = "I"
kind = "heading"
label = "I"
title = "Đánh giá"

[[node]]
id = "I.1"
parent = "I"
kind = "strength"
label = "1"
text = "Việc *chỉ đạo* kịp thời.\n\nĐoạn thứ hai, có dấu | và [ngoặc]."

[[node]]
id = "I.2"
parent = "I"
kind = "weakness"
label = "2"
text = "Còn chậm."

[[node]]
id = "I.2.a"
parent = "I.2"
kind = "cause"
label = "-"
text = "- Nguyên nhân chủ quan \u001b[31m"

[[node]]
id = "II"
kind = "heading"
label = "II"
title = "Nhiệm vụ"

[[node]]
id = "II.1"
parent = "II"
kind = "task"
text = "Tổ chức thực hiện."

[[node]]
id = "II.2"
parent = "II"
kind = "task"
label = "2"
text = "Báo cáo kết quả."
"#;

/// A mark on an item that an earlier version of the notice had.
const OLD_STATE: &str = "format = 1\nreviewers = [\"lan\"]\n\n[marks.\"I.3\"]\nflagged = 2017-02-21T16:00:00+07:00\nflagged_by = \"lan\"\n";

struct Fixture {
    _dir: tempfile::TempDir,
    notice: PathBuf,
    state: PathBuf,
    home: PathBuf,
    doc: Document,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.toml");
    fs::write(&notice, NOTICE).unwrap();
    let doc = doc::load_path(&notice).unwrap();
    Fixture {
        state: dir.path().join("review.toml"),
        home: dir.path().join("home"),
        _dir: dir,
        notice,
        doc,
    }
}

fn clock(start: &str) -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339(start).unwrap(), 60)
}

fn who(name: &str) -> Reviewer {
    Reviewer::parse(name).unwrap()
}

/// Two reviewers on two days, over a state that has an unknown id.
fn review(f: &Fixture) {
    let d = &f.doc;
    fs::write(&f.state, OLD_STATE).unwrap();
    let mut s = Session::open(d, Some(&f.state), who("lan"))
        .unwrap()
        .with_clock(clock("2017-02-22T09:00:00+07:00"));
    assert!(s.toggle_reviewed(d, "I.1").unwrap());
    assert!(s.toggle_flagged(d, "I.2").unwrap());
    assert!(
        s.set_note(
            d,
            "I.2",
            "Giao Ban Tổ chức.\nHạn: 30/3 — báo cáo \"bằng văn bản\"."
        )
        .unwrap()
    );
    assert!(s.toggle_reviewed(d, "II.1").unwrap());
    // A mistake, taken back.
    assert!(s.toggle_reviewed(d, "II.2").unwrap());
    assert!(s.undo(d).unwrap().is_some());
    drop(s);
    let mut s = Session::open(d, Some(&f.state), who("Nguyễn Minh"))
        .unwrap()
        .with_clock(clock("2017-02-23T14:30:00+07:00"));
    assert!(s.set_note(d, "II", "Bàn lại tuần sau.").unwrap());
    assert!(s.toggle_flagged(d, "I").unwrap());
    assert!(s.toggle_reviewed(d, "I.2.a").unwrap());
    // A ✓ on a heading: not counted, but recorded.
    assert!(s.toggle_reviewed(d, "II").unwrap());
}

fn ketluan(f: &Fixture, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .env_remove("KETLUAN_LANG")
        .env("HOME", &f.home)
        .env("XDG_DATA_HOME", f.home.join("data"))
        .output()
        .expect("run ketluan")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_markdown_snapshot() {
    let f = fixture();
    review(&f);
    let out = ketluan(&f, &["export", s(&f.notice), "--state", s(&f.state)]);
    insta::assert_snapshot!("export_markdown_vi", stdout(&out));
}

#[test]
fn export_csv_snapshot() {
    let f = fixture();
    review(&f);
    let out = ketluan(
        &f,
        &[
            "--lang",
            "en",
            "export",
            s(&f.notice),
            "--state",
            s(&f.state),
            "--format",
            "csv",
        ],
    );
    let text = stdout(&out);
    assert!(text.ends_with("\r\n"));
    insta::assert_snapshot!("export_csv_en", text.replace("\r\n", "⏎\n"));
}

#[test]
fn export_to_a_file_and_from_the_default_state() {
    let f = fixture();
    // The default state file lives in the data directory, named after the
    // notice.
    let default = f
        .home
        .join("data/ketluan/review")
        .join(store::file_name(&f.doc));
    let out = ketluan(&f, &["--lang", "en", "export", s(&f.notice)]);
    let text = stdout(&out);
    assert!(text.contains("Progress: 0/5 items reviewed (0%)"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(s(&default)), "{err}");
    assert!(!default.exists(), "export must not create a state file");

    fs::create_dir_all(default.parent().unwrap()).unwrap();
    let mut sess = Session::open(&f.doc, Some(&default), who("lan")).unwrap();
    sess.toggle_reviewed(&f.doc, "II.2").unwrap();
    drop(sess);
    let csv = f.state.with_file_name("minutes.csv");
    let out = ketluan(
        &f,
        &["export", s(&f.notice), "--format", "csv", "-o", s(&csv)],
    );
    assert_eq!(stdout(&out), "");
    let bytes = fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{FEFF}bản ghi,id,".as_bytes()));
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains(",II.2,II › 2,Nhiệm vụ,,đã duyệt,")
    );
    // The format follows the file's name unless given.
    let named = f.state.with_file_name("BIEN-BAN.CSV");
    ketluan(&f, &["export", s(&f.notice), "-o", s(&named)]);
    assert_eq!(fs::read(&named).unwrap(), fs::read(&csv).unwrap());
    let md = f.state.with_file_name("bien-ban.csv");
    ketluan(
        &f,
        &["export", s(&f.notice), "--format", "md", "-o", s(&md)],
    );
    assert!(
        fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Biên bản duyệt")
    );
}

/// `-o` is written as a shell's `>` would write it: through a link (kept)
/// and into a device; a directory or a read-only file is refused.
#[cfg(unix)]
#[test]
fn export_writes_through_links_and_devices_and_refuses_what_it_should_not_replace() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let f = fixture();
    let dir = f.state.parent().unwrap();
    let real = dir.join("real.md");
    let link = dir.join("link.md");
    fs::write(&real, "old").unwrap();
    symlink(&real, &link).unwrap();
    let run = ketluan(&f, &["export", s(&f.notice), "-o", s(&link)]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .starts_with("# Biên bản duyệt")
    );
    let run = ketluan(&f, &["export", s(&f.notice), "-o", "/dev/null"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let run = ketluan(&f, &["export", s(&f.notice), "-o", s(dir)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("đây là một thư mục"),
        "{run:?}"
    );
    let locked = dir.join("locked.md");
    fs::write(&locked, "keep").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let run = ketluan(&f, &["export", s(&f.notice), "-o", s(&locked)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("tệp này chỉ cho đọc"),
        "{run:?}"
    );
    assert_eq!(fs::read_to_string(&locked).unwrap(), "keep");
}

/// `-o` into a directory that does not exist (a typo, most likely) is
/// refused rather than creating it.
#[test]
fn export_does_not_make_directories() {
    let f = fixture();
    let out = f.home.join("bien-ban").join("x.md");
    let run = ketluan(&f, &["export", s(&f.notice), "-o", s(&out)]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    let dir = out.parent().unwrap();
    assert!(
        err.contains(&format!(
            "không ghi được biên bản: không có thư mục {}; tạo thư mục trước",
            s(dir)
        )),
        "{err}"
    );
    assert!(!dir.exists());
}

/// `-o` naming the notice or the state file would destroy what the
/// minutes are made from: refused, both files untouched.
#[test]
fn export_never_writes_over_its_inputs() {
    let f = fixture();
    review(&f);
    let notice = fs::read(&f.notice).unwrap();
    let state = fs::read(&f.state).unwrap();
    // The same file through another spelling of its path.
    let dir = f.notice.parent().unwrap();
    let notice_again = dir.join(".").join(f.notice.file_name().unwrap());
    for (out, what) in [
        (&notice_again, "tệp thông báo"),
        (&f.state, "tệp trạng thái duyệt"),
    ] {
        let o = ketluan(
            &f,
            &["export", s(&f.notice), "--state", s(&f.state), "-o", s(out)],
        );
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(what) && err.contains("-o"), "{err}");
    }
    assert_eq!(fs::read(&f.notice).unwrap(), notice);
    assert_eq!(fs::read(&f.state).unwrap(), state);
}

#[test]
fn print_shows_marks_and_reports_unknown_ids_once() {
    let f = fixture();
    review(&f);
    let out = ketluan(
        &f,
        &[
            "print",
            s(&f.notice),
            "--state",
            s(&f.state),
            "--width",
            "0",
        ],
    );
    insta::assert_snapshot!("print_with_marks", stdout(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("I.3").count(), 1, "{err}");
    assert!(
        err.contains("1 dấu thuộc các mục không còn trong văn bản (I.3)"),
        "{err}"
    );
    // Without --state, print is unchanged.
    let plain = stdout(&ketluan(&f, &["print", s(&f.notice), "--width", "0"]));
    assert!(!plain.contains('✓') && !plain.contains("Đã duyệt"));
}

#[test]
fn the_state_file_round_trips() {
    let f = fixture();
    review(&f);
    let bytes = fs::read_to_string(&f.state).unwrap();
    let (state, _) = store::read(&f.state).unwrap().unwrap();
    // Rendering what was read gives the same bytes back.
    assert_eq!(store::render(&f.doc, &state), bytes);
    // And a reopened session sees every mark, stamps included.
    let s = Session::open(&f.doc, Some(&f.state), who("lan")).unwrap();
    assert_eq!(s.marks().entries(), &state.marks);
    assert_eq!(s.reviewers(), ["lan", "Nguyễn Minh"]);
    assert_eq!(s.marks().overall().to_string(), "3/5");
    insta::assert_snapshot!("state_file", bytes);
}

#[test]
fn unknown_ids_are_kept_through_changes_and_resets() {
    let f = fixture();
    review(&f);
    let d = &f.doc;
    let mut s = Session::open(d, Some(&f.state), who("lan")).unwrap();
    assert!(s.reset(d).unwrap());
    drop(s);
    let (state, _) = store::read(&f.state).unwrap().unwrap();
    let ids: Vec<&str> = state.marks.keys().map(String::as_str).collect();
    assert_eq!(ids, ["I.3"]);
    let text = fs::read_to_string(&f.state).unwrap();
    assert!(
        text.contains(
            "[marks.\"I.3\"]\nflagged = 2017-02-21T16:00:00+07:00\nflagged_by = \"lan\"\n"
        )
    );
}

#[test]
fn a_damaged_state_file_is_never_overwritten() {
    let f = fixture();
    let damaged = "format = 1\n\n[marks.\"I.1\"]\nreviewed = 2017-02-22T09:00:00+07:00\nreviewed_by = \"lan\"\nflaged = true\n";
    fs::write(&f.state, damaged).unwrap();
    let before = fs::read(&f.state).unwrap();
    // The writer refuses to open it, with the place and the fix.
    let err = Session::open(&f.doc, Some(&f.state), who("lan")).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    let msg = err.render(ketluan::i18n::Lang::En);
    assert!(
        msg.starts_with(&format!(
            "{}:6:1: the review state file is damaged: there is no key `flaged` here",
            s(&f.state)
        )),
        "{msg}"
    );
    assert!(msg.contains("will not write to it"), "{msg}");
    // Readers too, with exit code 1.
    for args in [
        vec!["export", s(&f.notice), "--state", s(&f.state)],
        vec!["print", s(&f.notice), "--state", s(&f.state)],
    ] {
        let out = ketluan(&f, &args);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "{}:6:1: tệp trạng thái duyệt bị hỏng",
                s(&f.state)
            )),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    // Invalid UTF-8 and a future format are refused alike.
    for bad in [
        &b"format = 1\nreviewers = [\"\xff\"]\n"[..],
        b"format = 9\n",
    ] {
        fs::write(&f.state, bad).unwrap();
        assert!(Session::open(&f.doc, Some(&f.state), who("lan")).is_err());
        assert_eq!(fs::read(&f.state).unwrap(), bad);
    }
    fs::write(&f.state, &before).unwrap();
    assert_eq!(fs::read(&f.state).unwrap(), before);
    let dir: Vec<_> = fs::read_dir(f.state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(dir.is_empty(), "{dir:?}");
}

#[test]
fn bad_reviewer_names_are_usage_errors() {
    let f = fixture();
    let out = ketluan(&f, &["--reviewer", " ", "print", s(&f.notice)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`--reviewer <TÊN>`: tên để trống"),
        "{out:?}"
    );
    let args = [
        "--lang",
        "en",
        "--reviewer",
        "a\u{202e}b",
        "print",
        s(&f.notice),
    ];
    let out = ketluan(&f, &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("control character U+202E"));
}

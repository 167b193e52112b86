//! The review side of the browser at the state level: actions applied to
//! an [`App`] bound to a [`Session`] on a temporary state file, checking
//! after each step what the app shows and what the file holds. Plus
//! snapshots of screens with marks and progress.

mod common;

use std::path::{Path, PathBuf};

use common::screen::buffer_text;

use chrono::DateTime;
use ketluan::action::Action::{self, *};
use ketluan::app::{App, Entry, Overlay, Question};
use ketluan::doc::{self, Document};
use ketluan::grid::Grid;
use ketluan::i18n::Lang;
use ketluan::keymap::Mode;
use ketluan::review::{Clock, Reviewer, Session, store};
use ketluan::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// ```text
/// a        heading   Đánh giá
///   a1     point
///     a1x  task
///     a1y  task
///   a2     point
/// b        heading   Nhiệm vụ
///   b1     task
/// c        point
/// ```
/// Items (everything but headings): a1 a1x a1y a2 b1 c.
const NOTICE: &str = r#"
[document]
title = "Thông báo kết luận thử"
kind = "Thông báo"
date = 2017-02-22
closing = "Văn phòng Tỉnh ủy thông báo để các cơ quan biết, thực hiện."

[[node]]
id = "a"
kind = "heading"
label = "I"
title = "Đánh giá"

[[node]]
id = "a1"
parent = "a"
kind = "point"
label = "1"
text = "Việc chỉ đạo kịp thời."

[[node]]
id = "a1x"
parent = "a1"
kind = "task"
text = "Rà soát tổ chức bộ máy."

[[node]]
id = "a1y"
parent = "a1"
kind = "task"
text = "Sắp xếp cán bộ."

[[node]]
id = "a2"
parent = "a"
kind = "point"
label = "2"
text = "Còn chậm."

[[node]]
id = "b"
kind = "heading"
label = "II"
title = "Nhiệm vụ"

[[node]]
id = "b1"
parent = "b"
kind = "task"
label = "1"
text = "Tổng kết trước tháng 6."

[[node]]
id = "c"
kind = "point"
text = "Giao Văn phòng theo dõi."
"#;

fn notice() -> Document {
    doc::load_str("thu.toml", NOTICE).expect("the test notice loads")
}

fn clock() -> Clock {
    let start = DateTime::parse_from_rfc3339("2017-02-22T09:00:00+07:00").expect("a time");
    Clock::fixed(start, 60)
}

/// An app reviewing the test notice into a state file in a temp dir.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    app: App,
}

fn fixture_with(lang: Lang, width: u16, height: u16) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("duyet.toml");
    let d = notice();
    let session = Session::open(&d, Some(&path), Reviewer::parse("lan").expect("a name"))
        .expect("open the review")
        .with_clock(clock());
    let mut app = App::new(d, lang).with_session(session);
    app.update(Resize { width, height });
    Fixture {
        _dir: dir,
        path,
        app,
    }
}

fn fixture() -> Fixture {
    fixture_with(Lang::Vi, 100, 30)
}

/// The marks in the state file: (reviewed ids, flagged ids, notes).
fn on_disk(path: &Path) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => panic!("read {}: {e}", path.display()),
    };
    let state = store::parse(path, &text).expect("the state file parses");
    let pick = |f: &dyn Fn(&ketluan::review::Mark) -> bool| -> Vec<String> {
        state
            .marks
            .iter()
            .filter(|(_, m)| f(m))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let notes = state
        .marks
        .iter()
        .filter_map(|(id, m)| m.note.as_ref().map(|n| (id.clone(), n.text.clone())))
        .collect();
    (
        pick(&|m| m.reviewed.is_some()),
        pick(&|m| m.flagged.is_some()),
        notes,
    )
}

/// The reviewed and flagged ids as the app shows them.
fn shown(app: &App) -> (Vec<String>, Vec<String>) {
    let s = app.session().expect("a session");
    let pick = |f: &dyn Fn(&ketluan::review::Mark) -> bool| -> Vec<String> {
        s.marks()
            .entries()
            .iter()
            .filter(|(_, m)| f(m))
            .map(|(id, _)| id.clone())
            .collect()
    };
    (
        pick(&|m| m.reviewed.is_some()),
        pick(&|m| m.flagged.is_some()),
    )
}

fn selected(app: &App) -> &str {
    match app.selected() {
        Entry::Front => "<doc>",
        Entry::Back => "<end>",
        Entry::Node(_) => app.selected_id().unwrap_or("?"),
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// One step: the action, then the selection, the reviewed ids and the
/// flagged ids expected, on screen and on disk alike.
type Step<'a> = (Action, &'a str, &'a [&'a str], &'a [&'a str]);

fn check(f: &mut Fixture, table: &[Step]) {
    for (step, (action, sel, reviewed, flagged)) in table.iter().enumerate() {
        f.app.update(action.clone());
        let want = (ids(reviewed), ids(flagged));
        assert_eq!(selected(&f.app), *sel, "step {step}: {action:?}");
        assert_eq!(shown(&f.app), want, "step {step}: {action:?} (shown)");
        let (r, fl, _) = on_disk(&f.path);
        assert_eq!((r, fl), want, "step {step}: {action:?} (on disk)");
        assert!(!f.app.is_unsaved(), "step {step}");
        assert_eq!(
            f.app.rows()[f.app.cursor()],
            f.app.selected(),
            "step {step}"
        );
    }
}

fn message(app: &App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

fn key(code: KeyCode) -> Action {
    Input(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(s: &str) -> Vec<Action> {
    s.chars()
        .map(|c| match c {
            '\n' => key(KeyCode::Enter),
            '\u{8}' => key(KeyCode::Backspace),
            c => key(KeyCode::Char(c)),
        })
        .collect()
}

#[test]
fn space_bang_and_undo_save_at_once() {
    let mut f = fixture();
    assert!(!f.path.exists(), "nothing is written before a change");
    check(
        &mut f,
        &[
            (Down, "a", &[], &[]),
            (Down, "a1", &[], &[]),
            (ToggleReviewed, "a1", &["a1"], &[]),
            (ToggleFlagged, "a1", &["a1"], &["a1"]),
            (Down, "a1x", &["a1"], &["a1"]),
            (ToggleReviewed, "a1x", &["a1", "a1x"], &["a1"]),
            // A heading can carry marks too; it never counts in progress.
            (First, "<doc>", &["a1", "a1x"], &["a1"]),
            (Down, "a", &["a1", "a1x"], &["a1"]),
            (ToggleReviewed, "a", &["a", "a1", "a1x"], &["a1"]),
            (ToggleReviewed, "a", &["a1", "a1x"], &["a1"]),
            // Undo takes back the last change and goes to it.
            (Undo, "a", &["a", "a1", "a1x"], &["a1"]),
            (Undo, "a", &["a1", "a1x"], &["a1"]),
            (Undo, "a1x", &["a1"], &["a1"]),
            (Undo, "a1", &["a1"], &[]),
            (Undo, "a1", &[], &[]),
            (Undo, "a1", &[], &[]),
        ],
    );
    assert_eq!(message(&f.app), "Không còn gì để hoàn tác");
    let s = f.app.session().expect("a session");
    assert_eq!(s.marks().overall().to_string(), "0/6");
}

#[test]
fn the_document_and_closing_entries_cannot_be_marked() {
    let mut f = fixture();
    for action in [ToggleReviewed, ToggleFlagged, EditNote, MarkSubtree] {
        assert!(f.app.update(action.clone()), "{action:?} says why");
        assert_eq!(message(&f.app), "Hãy chọn một mục của văn bản để đánh dấu");
        assert!(f.app.overlay().is_none());
    }
    assert!(!f.path.exists());
    // The message goes with the next key.
    f.app.update(Down);
    assert!(f.app.message().is_none());
}

#[test]
fn progress_counts_items_under_each_heading() {
    let mut f = fixture();
    let mut run = |actions: &[Action]| {
        for a in actions {
            f.app.update(a.clone());
        }
    };
    run(&[Down, Down, ToggleReviewed, Down, ToggleReviewed]);
    let s = f.app.session().expect("a session");
    let d = f.app.doc();
    let at = |id: &str| s.marks().progress(d.find(id).expect("an id")).to_string();
    assert_eq!(
        (at("a"), at("a1"), at("b"), s.marks().overall().to_string()),
        ("2/4".into(), "2/3".into(), "0/1".into(), "2/6".into())
    );
}

#[test]
fn a_note_in_vietnamese_is_saved_with_its_lines() {
    let mut f = fixture();
    for a in [Down, Down, Down, Down, Down] {
        f.app.update(a);
    }
    assert_eq!(selected(&f.app), "a2");
    f.app.update(EditNote);
    assert_eq!(f.app.mode(), Mode::Note);
    // Telex through an input method: "Caanf" → Cần (a, Backspace, â, n,
    // then two Backspaces and the toned ầ with n), "laf" → là.
    let mut actions = typed("Ca\u{8}ân\u{8}\u{8}ần làm ngay\nGiao VP");
    // Keys that are commands while browsing are text here.
    actions.extend(typed(" q j !"));
    for a in actions {
        f.app.update(a);
    }
    // Nothing is saved while typing; the status line says what keys do.
    assert!(!f.path.exists());
    let status = screen(&mut f.app, 80, 24)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        status.trim(),
        "Đang viết ghi chú · Ctrl-s: lưu · Esc: hủy · Enter: xuống dòng"
    );
    f.app.update(ctrl('s'));
    assert!(f.app.overlay().is_none());
    assert_eq!(f.app.mode(), Mode::Browse);
    assert_eq!(message(&f.app), "Đã lưu ghi chú của I › 2 Còn chậm.");
    let (_, _, notes) = on_disk(&f.path);
    assert_eq!(
        notes,
        [("a2".to_string(), "Cần làm ngay\nGiao VP q j !".to_string())]
    );

    // Reopened, the editor holds the note; a paste keeps its lines.
    f.app.update(EditNote);
    f.app.update(Paste("\r\ndòng ba\tcuối".into()));
    // Esc on an edited note asks for a second Esc; typing disarms it.
    f.app.update(key(KeyCode::Esc));
    assert!(matches!(f.app.overlay(), Some(Overlay::Note(n)) if n.discard_armed));
    f.app.update(key(KeyCode::Char('!')));
    assert!(matches!(f.app.overlay(), Some(Overlay::Note(n)) if !n.discard_armed));
    f.app.update(key(KeyCode::Esc));
    f.app.update(key(KeyCode::Esc));
    assert!(f.app.overlay().is_none());
    assert_eq!(message(&f.app), "Đã thôi, không thay đổi gì");
    let (_, _, notes) = on_disk(&f.path);
    assert_eq!(notes[0].1, "Cần làm ngay\nGiao VP q j !");

    // An unedited note closes at the first Esc.
    f.app.update(EditNote);
    f.app.update(key(KeyCode::Esc));
    assert!(f.app.overlay().is_none());

    // Saved as it was (or typed and taken back), it closes and says so:
    // the screen must be drawn again, or the editor would stay in view
    // while keys are commands again.
    f.app.update(EditNote);
    for a in typed("X\u{8}") {
        f.app.update(a);
    }
    assert!(f.app.update(ctrl('s')));
    assert!(f.app.overlay().is_none());
    assert_eq!(message(&f.app), "Ghi chú không đổi, không có gì để lưu");
    assert!(!screen(&mut f.app, 80, 24).contains("Ghi chú ·"));

    // Saving it empty removes the note; undo brings it back.
    f.app.update(EditNote);
    for _ in 0..40 {
        f.app.update(key(KeyCode::Backspace));
    }
    f.app.update(ctrl('s'));
    assert!(on_disk(&f.path).2.is_empty());
    assert_eq!(message(&f.app), "Đã xóa ghi chú của I › 2 Còn chậm.");
    f.app.update(Undo);
    assert_eq!(on_disk(&f.path).2.len(), 1);
    assert!(message(&f.app).starts_with("Đã hoàn tác: ghi chú (I › 2 Còn chậm.)"));
}

#[test]
fn a_branch_is_marked_after_a_yes() {
    let mut f = fixture();
    let all_a: &[&str] = &["a", "a1", "a1x", "a1y", "a2"];
    check(
        &mut f,
        &[
            (Down, "a", &[], &[]),
            (MarkSubtree, "a", &[], &[]),
            // While the question is open, other keys do nothing.
            (Down, "a", &[], &[]),
            (ToggleReviewed, "a", &[], &[]),
            (Confirm(false), "a", &[], &[]),
            (MarkSubtree, "a", &[], &[]),
            (Confirm(true), "a", all_a, &[]),
            // All of it is reviewed: the same key offers to clear it.
            (MarkSubtree, "a", all_a, &[]),
            (Confirm(true), "a", &[], &[]),
            (Undo, "a", all_a, &[]),
            // A leaf needs no question.
            (Last, "<end>", all_a, &[]),
            (Up, "c", all_a, &[]),
            (MarkSubtree, "c", &["a", "a1", "a1x", "a1y", "a2", "c"], &[]),
        ],
    );
    // It says what it did, as for a branch.
    assert_eq!(
        message(&f.app),
        "Đã duyệt 1 mục của «Giao Văn phòng theo dõi.» · u: hoàn tác"
    );
    assert!(f.app.overlay().is_none());
    // The question names what it marks.
    f.app.update(First);
    f.app.update(Down);
    f.app.update(Down);
    f.app.update(MarkSubtree);
    assert_eq!(f.app.mode(), Mode::Confirm);
    let Some(Overlay::Confirm(q)) = f.app.overlay() else {
        panic!("a question");
    };
    assert_eq!(
        *q,
        Question::Subtree {
            idx: f.app.doc().find("a1").expect("a1"),
            on: false,
            items: 3,
            done: 3
        }
    );
    // The count is the one its progress shows ([2/3]), not the nodes.
    assert_eq!(
        f.app.question_text(*q),
        "Bỏ dấu đã duyệt của cả nhánh «I › 1 Việc chỉ đạo kịp thời.» (3 mục)?"
    );
    // A yes says what changed; a half-reviewed branch says how much of it
    // was reviewed before.
    f.app.update(Confirm(true));
    assert_eq!(
        message(&f.app),
        "Đã bỏ duyệt 3 mục của «I › 1 Việc chỉ đạo kịp thời.» · u: hoàn tác"
    );
    f.app.update(Down);
    f.app.update(ToggleReviewed);
    f.app.update(Up);
    f.app.update(MarkSubtree);
    let Some(Overlay::Confirm(q)) = f.app.overlay() else {
        panic!("a question");
    };
    assert_eq!(
        f.app.question_text(*q),
        "Đánh dấu ĐÃ DUYỆT cả nhánh «I › 1 Việc chỉ đạo kịp thời.» (3 mục, 1 mục đã duyệt từ trước)?"
    );
    f.app.update(Confirm(true));
    assert_eq!(
        message(&f.app),
        "Đã duyệt 2 mục của «I › 1 Việc chỉ đạo kịp thời.» · u: hoàn tác"
    );
}

/// A note longer than its field says which of its rows show.
#[test]
fn a_long_note_shows_which_rows_are_in_view() {
    let mut f = fixture();
    for a in [Down, Down, EditNote] {
        f.app.update(a);
    }
    let text: Vec<String> = (1..=30).map(|i| format!("dòng {i}")).collect();
    f.app.update(Paste(text.join("\n")));
    let shown = screen(&mut f.app, 80, 24);
    assert!(
        shown.contains("dòng 20 ") && !shown.contains("dòng 19 "),
        "{shown}"
    );
    assert!(shown.contains("└ 20–30/30 ─"), "{shown}");
    // A short note says nothing of the kind.
    f.app.update(ctrl('s'));
    f.app.update(Down);
    f.app.update(EditNote);
    assert!(!screen(&mut f.app, 80, 24).contains("/1 ─"));
}

/// A new note invites typing; emptying an existing one warns that saving
/// removes it.
#[test]
fn an_empty_note_editor_says_what_saving_does() {
    let mut f = fixture();
    for a in [Down, Down, EditNote] {
        f.app.update(a);
    }
    assert!(screen(&mut f.app, 80, 24).contains("(gõ ghi chú cho mục này; Ctrl-s: lưu)"));
    for a in typed("x") {
        f.app.update(a);
    }
    f.app.update(ctrl('s'));
    f.app.update(EditNote);
    f.app.update(key(KeyCode::Backspace));
    assert!(screen(&mut f.app, 80, 24).contains("(ghi chú trống: lưu sẽ xóa ghi chú)"));
}

/// What the state file's opening has to say starts the status line as a
/// sentence (on stderr it follows "ketluan: ").
#[test]
fn notices_on_opening_start_with_a_capital() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("duyet.toml");
    std::fs::write(
        &path,
        "format = 1\n[document]\ntitle = \"Thông báo kết luận thử\"\nhash = \"sha256:old\"\n",
    )
    .expect("write");
    let d = notice();
    let session = Session::open(&d, Some(&path), Reviewer::parse("lan").expect("a name"))
        .expect("open the review");
    let app = App::new(d, Lang::Vi).with_session(session);
    assert!(
        message(&app).starts_with("Nội dung văn bản đã thay đổi"),
        "{}",
        message(&app)
    );
}

/// ✓ on a heading shows, but no progress counts it: the browser says so.
#[test]
fn a_mark_on_a_heading_explains_itself() {
    let mut f = fixture();
    f.app.update(Down);
    assert_eq!(selected(&f.app), "a");
    f.app.update(ToggleReviewed);
    assert_eq!(
        message(&f.app),
        "Mục lớn không tính vào tiến độ; A: duyệt cả nhánh"
    );
    // Taking it off needs no word; an item's ✓ needs none either.
    f.app.update(ToggleReviewed);
    assert_eq!(message(&f.app), "");
    f.app.update(Down);
    f.app.update(ToggleReviewed);
    assert_eq!(message(&f.app), "");
}

#[test]
fn reset_clears_every_mark_after_a_yes_and_undoes() {
    let mut f = fixture();
    check(
        &mut f,
        &[
            (ResetMarks, "<doc>", &[], &[]),
            (Down, "a", &[], &[]),
            (Down, "a1", &[], &[]),
            (ToggleReviewed, "a1", &["a1"], &[]),
            (Down, "a1x", &["a1"], &[]),
            (ToggleFlagged, "a1x", &["a1"], &["a1x"]),
            (ResetMarks, "a1x", &["a1"], &["a1x"]),
            (Confirm(false), "a1x", &["a1"], &["a1x"]),
            (ResetMarks, "a1x", &["a1"], &["a1x"]),
            (Confirm(true), "a1x", &[], &[]),
            (Undo, "a1x", &["a1"], &["a1x"]),
        ],
    );
    f.app.update(ResetMarks);
    let Some(Overlay::Confirm(q)) = f.app.overlay() else {
        panic!("a question");
    };
    assert_eq!(
        f.app.question_text(*q),
        "Xóa TOÀN BỘ dấu (✓, ⚑, ghi chú) của 2 mục trong văn bản này? Có thể hoàn tác bằng u."
    );
    // A yes says what was cleared and how to take it back.
    f.app.update(Confirm(true));
    assert_eq!(
        message(&f.app),
        "Đã xóa toàn bộ dấu của 2 mục · u: hoàn tác"
    );
}

#[test]
fn jumps_go_to_the_next_and_previous_unreviewed_items() {
    let mut f = fixture();
    check(
        &mut f,
        &[
            (NextUnreviewed, "a1", &[], &[]),
            (ToggleReviewed, "a1", &["a1"], &[]),
            (NextUnreviewed, "a1x", &["a1"], &[]),
            (ToggleReviewed, "a1x", &["a1", "a1x"], &[]),
            (NextUnreviewed, "a1y", &["a1", "a1x"], &[]),
            (NextUnreviewed, "a2", &["a1", "a1x"], &[]),
            (NextUnreviewed, "b1", &["a1", "a1x"], &[]),
            (NextUnreviewed, "c", &["a1", "a1x"], &[]),
            // None below: from the top again, and say so.
            (NextUnreviewed, "a1y", &["a1", "a1x"], &[]),
            (PrevUnreviewed, "c", &["a1", "a1x"], &[]),
            (PrevUnreviewed, "b1", &["a1", "a1x"], &[]),
            (Last, "<end>", &["a1", "a1x"], &[]),
            (PrevUnreviewed, "c", &["a1", "a1x"], &[]),
        ],
    );
    // Folded ancestors open to show the item.
    f.app.update(FoldAll);
    f.app.update(First);
    f.app.update(NextUnreviewed);
    assert_eq!(selected(&f.app), "a1y");
    assert_eq!(f.app.folded_ids(), ["b"]);
    // Everything reviewed: nowhere to go, and it says so.
    f.app.update(First);
    f.app.update(Down);
    f.app.update(MarkSubtree);
    f.app.update(Confirm(true));
    f.app.update(Down);
    for a in [UnfoldAll, Last, Up, ToggleReviewed, Up, ToggleReviewed] {
        f.app.update(a);
    }
    assert_eq!(
        f.app
            .session()
            .expect("a session")
            .marks()
            .overall()
            .to_string(),
        "6/6"
    );
    f.app.update(NextUnreviewed);
    assert_eq!(
        message(&f.app),
        "Đã duyệt hết, không còn mục nào chưa duyệt ✓"
    );
}

#[test]
fn the_unreviewed_filter_hides_what_is_done() {
    let mut f = fixture();
    let rows = |app: &App| -> Vec<String> {
        app.rows()
            .iter()
            .map(|e| match e {
                Entry::Front => "<doc>".to_string(),
                Entry::Back => "<end>".to_string(),
                Entry::Node(idx) => app.doc().node(*idx).id.clone(),
            })
            .collect()
    };
    for a in [Down, Down, Down, ToggleReviewed, Down, ToggleReviewed] {
        f.app.update(a);
    }
    assert!(f.app.update(ToggleUnreviewed));
    assert!(f.app.unreviewed_only());
    // a1's tasks are done; a1 itself is not. Headings stay for their
    // items; the closing entry goes.
    assert_eq!(rows(&f.app), ["<doc>", "a", "a1", "a2", "b", "b1", "c"]);
    // Marking an item in the filter makes it go; the selection moves on.
    f.app.update(First);
    f.app.update(NextUnreviewed);
    assert_eq!(selected(&f.app), "a1");
    f.app.update(ToggleReviewed);
    assert_eq!(rows(&f.app), ["<doc>", "a", "a2", "b", "b1", "c"]);
    assert_eq!(selected(&f.app), "a2");
    f.app.update(ToggleReviewed);
    // The heading goes with its last item.
    assert_eq!(rows(&f.app), ["<doc>", "b", "b1", "c"]);
    assert_eq!(selected(&f.app), "b");
    // Undo brings it back.
    f.app.update(Undo);
    assert_eq!(rows(&f.app), ["<doc>", "a", "a2", "b", "b1", "c"]);
    // With a search: the unreviewed matches.
    f.app.update(OpenSearch);
    for a in typed("giao") {
        f.app.update(a);
    }
    f.app.update(SearchAccept);
    f.app.update(ToggleSparse);
    assert_eq!(rows(&f.app), ["<doc>", "c"]);
    // x clears the search and the filter.
    f.app.update(ClearSearch);
    assert!(!f.app.unreviewed_only());
    assert_eq!(rows(&f.app).len(), 10);
    // Everything reviewed: only the document entry.
    f.app.update(ToggleUnreviewed);
    for _ in 0..4 {
        f.app.update(NextUnreviewed);
        f.app.update(ToggleReviewed);
    }
    assert_eq!(rows(&f.app), ["<doc>"]);
}

#[test]
fn export_writes_the_minutes_beside_the_state_file() {
    let mut f = fixture();
    for a in [Down, Down, ToggleReviewed, ToggleFlagged, ExportMinutes] {
        f.app.update(a);
    }
    let minutes = f.path.with_extension("md");
    assert_eq!(
        message(&f.app),
        format!("Đã ghi biên bản: {}", minutes.display())
    );
    let text = std::fs::read_to_string(&minutes).expect("the minutes");
    assert!(text.contains("Thông báo kết luận thử"), "{text}");
    assert!(text.contains("Việc chỉ đạo kịp thời."), "{text}");
}

/// Changes the state file behind the session's back: its next save is
/// refused (the change stays in memory, NOT on disk).
fn tamper(path: &Path) {
    let text = std::fs::read_to_string(path).expect("the state file");
    std::fs::write(path, format!("{text}\n# sửa tay\n")).expect("write the state file");
}

#[test]
fn a_failed_save_shows_not_saved_and_asks_before_quitting() {
    let mut f = fixture_with(Lang::Vi, 80, 24);
    for a in [Down, Down, ToggleReviewed] {
        f.app.update(a);
    }
    tamper(&f.path);
    f.app.update(Down);
    f.app.update(ToggleReviewed);
    // Shown, but not saved: the screen says so.
    assert_eq!(shown(&f.app).0, ["a1", "a1x"]);
    assert_eq!(on_disk(&f.path).0, ["a1"]);
    assert!(f.app.is_unsaved());
    assert!(f.app.message().is_some_and(|m| m.error));
    let screen = screen(&mut f.app, 80, 24);
    assert!(screen.contains("CHƯA LƯU"), "{screen}");
    // The message is wrapped above the status line, to its last word:
    // cut at the screen's edge, the reason and the fix would not show.
    let rows: Vec<&str> = screen.lines().collect();
    let tail = rows[rows.len() - 4..].join("\n");
    assert!(tail.contains("bên ngoài ketluan"), "{screen}");
    assert!(rows[rows.len() - 1].trim_end().ends_with("lại"), "{screen}");
    // Saving again fails the same way; the indicator stays.
    f.app.update(SaveMarks);
    assert!(f.app.is_unsaved());
    // Quitting asks first; no keeps the browser open.
    f.app.update(Quit);
    assert!(!f.app.should_quit());
    assert!(matches!(
        f.app.overlay(),
        Some(Overlay::Confirm(Question::QuitUnsaved))
    ));
    f.app.update(Confirm(false));
    assert!(!f.app.should_quit());
    f.app.update(Quit);
    f.app.update(Confirm(true));
    assert!(f.app.should_quit());
    // What was on disk is untouched.
    assert!(
        std::fs::read_to_string(&f.path)
            .expect("the state file")
            .ends_with("# sửa tay\n")
    );
}

#[test]
fn quitting_with_everything_saved_asks_nothing() {
    let mut f = fixture();
    f.app.update(Down);
    f.app.update(Down);
    f.app.update(ToggleReviewed);
    f.app.update(Quit);
    assert!(f.app.should_quit());
}

#[test]
fn notices_about_the_state_file_show_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(
        &path,
        "format = 1\n[marks.gone]\nflagged = 2017-02-22T09:00:00+07:00\nflagged_by = \"lan\"\n",
    )
    .expect("write");
    let d = notice();
    let session = Session::open(&d, Some(&path), Reviewer::parse("lan").expect("a name"))
        .expect("open the review");
    let mut app = App::new(d, Lang::En).with_session(session);
    app.update(Resize {
        width: 80,
        height: 24,
    });
    assert!(message(&app).starts_with("1 mark is on ids no longer in the notice (gone)"));
    app.update(Down);
    assert!(app.message().is_none());
}

#[test]
fn the_help_lists_the_review_keys_and_the_state_file() {
    let mut f = fixture_with(Lang::En, 120, 80);
    f.app.update(ToggleHelp);
    let text = screen(&mut f.app, 120, 80);
    for want in [
        "Review state file",
        "duyet.toml",
        "Space",
        "Mark/unmark reviewed ✓",
        "Flag/unflag for follow-up ⚑",
        "Write a note on the entry ✎",
        "Undo the last mark change",
        "Next unreviewed item",
        "Show only unreviewed items (on/off)",
        "Export the minutes",
        "Clear all marks (asks first)",
        "In the note editor",
        "Ctrl-s",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    // On a narrow screen the path wraps inside the box, none of it cut.
    let path = f.path.display().to_string();
    let narrow = screen(&mut f.app, 30, 80);
    let rows: Vec<&str> = narrow.lines().collect();
    let start = rows
        .iter()
        .position(|r| r.contains("Review state file"))
        .expect("the heading");
    let joined: String = rows[start + 1..]
        .iter()
        .map(|r| r.trim_matches(|c: char| c == '│' || c == ' '))
        .take_while(|r| !r.is_empty())
        .collect();
    assert_eq!(joined, path, "{narrow}");
}

// ------------------------------------------------------------ rendering

fn draw(app: &mut App, width: u16, height: u16) -> (Buffer, Option<(u16, u16)>) {
    app.update(Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let mut cursor = None;
    terminal
        .draw(|frame| {
            let area = frame.area();
            let mut grid = Grid::new(area);
            cursor = ui::draw(&mut grid, area, app).map(|p| (p.x, p.y));
            grid.copy_to(frame.buffer_mut());
        })
        .expect("draw into a test backend");
    (terminal.backend().buffer().clone(), cursor)
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&draw(app, width, height).0)
}

/// The marks of a meeting half way through.
fn half_way(f: &mut Fixture) {
    let actions = [
        NextUnreviewed,
        ToggleReviewed,
        NextUnreviewed,
        ToggleReviewed,
        ToggleFlagged,
        EditNote,
    ];
    for a in actions {
        f.app.update(a);
    }
    for a in typed("Cần báo cáo lại\ntrước 30/6") {
        f.app.update(a);
    }
    f.app.update(ctrl('s'));
    for a in [Last, Up, ToggleReviewed, First, Down, Down, Down] {
        f.app.update(a);
    }
}

#[test]
fn marks_and_progress_80x24() {
    let mut f = fixture_with(Lang::Vi, 80, 24);
    half_way(&mut f);
    assert_eq!(selected(&f.app), "a1x");
    insta::assert_snapshot!(screen(&mut f.app, 80, 24));
}

#[test]
fn marks_and_progress_english_120x40() {
    let mut f = fixture_with(Lang::En, 120, 40);
    half_way(&mut f);
    insta::assert_snapshot!(screen(&mut f.app, 120, 40));
}

#[test]
fn the_note_editor_puts_the_cursor_at_the_caret() {
    let mut f = fixture_with(Lang::Vi, 80, 24);
    half_way(&mut f);
    f.app.update(EditNote);
    f.app.update(key(KeyCode::Up));
    f.app.update(key(KeyCode::End));
    for a in typed(" gấp") {
        f.app.update(a);
    }
    let (buf, cursor) = draw(&mut f.app, 80, 24);
    let text = buffer_text(&buf);
    insta::assert_snapshot!(text);
    // The caret is after "gấp" on the first row of the field.
    let field = ui::note::field(ratatui::layout::Rect::new(0, 0, 80, 24));
    assert_eq!(cursor, Some((field.x + 19, field.y)));
    let row: String = (field.x..field.x + 19)
        .map(|x| buf[(x, field.y)].symbol().to_string())
        .collect();
    assert_eq!(row, "Cần báo cáo lại gấp");
}

#[test]
fn a_question_in_a_box() {
    let mut f = fixture_with(Lang::Vi, 80, 24);
    half_way(&mut f);
    f.app.update(First);
    f.app.update(Down);
    f.app.update(MarkSubtree);
    insta::assert_snapshot!(screen(&mut f.app, 80, 24));
}

#[test]
fn review_screens_fit_any_size() {
    let mut f = fixture_with(Lang::Vi, 80, 24);
    half_way(&mut f);
    let overlays: [&[Action]; 3] = [&[], &[EditNote], &[First, Down, MarkSubtree]];
    for extra in overlays {
        let mut app = f.app.clone();
        for a in extra {
            app.update(a.clone());
        }
        for w in [0u16, 1, 2, 5, 8, 12, 20, 33, 40, 59, 60, 79] {
            for h in [0u16, 1, 2, 3, 4, 5, 7, 8, 13, 14, 24] {
                let (buf, cursor) = draw(&mut app, w, h);
                if let Some((x, y)) = cursor {
                    assert!(x < w.max(1) && y < h.max(1), "{w}x{h}: cursor {x},{y}");
                }
                let _ = buffer_text(&buf);
            }
        }
    }
    // Nothing was written by drawing.
    let (reviewed, flagged, notes) = on_disk(&f.path);
    assert_eq!(
        (reviewed.len(), flagged.len(), notes.len()),
        (3, 1, 1),
        "{reviewed:?}"
    );
}

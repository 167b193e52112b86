//! Reviewing through the real binary in a pseudo-terminal, its screen read
//! back through a terminal emulator (vt100):
//!
//! - marks, a flag and a Vietnamese note made with keys survive quitting
//!   and reopening;
//! - a second instance on the same state file, and a damaged state file,
//!   are refused before the terminal is taken over;
//! - THE CRASH TEST: the browser is killed with SIGKILL at random moments
//!   while marks are being made, again and again on the same state file.
//!   After every kill the file parses, and every mark that the screen
//!   showed as saved (✓ on the row, no NOT SAVED indicator) is in it.
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use ketluan::doc::{self, Document};
use ketluan::review::{Session, store};
mod common;

use common::pty::Session as Term;
use common::rng::XorShift;

const DEADLINE: Duration = Duration::from_secs(10);
const COLS: u16 = 80;
const ROWS: u16 = 24;

fn term(args: &[&str]) -> Term {
    Term::start_with(args, &[], COLS, ROWS, DEADLINE)
}

/// The browser is up: alternate screen, the tree and the progress gauge.
fn started(t: &Term) {
    t.wait_for("the alternate screen", |s| s.alternate_screen());
    t.wait_text("Mục lục");
    t.wait_text("Đã duyệt");
}

/// The last row: ` Mục lục N/M · ID  …` → (N, ID).
fn status(screen: &vt100::Screen) -> Option<(usize, String)> {
    let text = screen.contents();
    let last = text.lines().last()?;
    let rest = last.trim_start().strip_prefix("Mục lục ")?;
    let (pos, rest) = rest.split_once('/')?;
    let id = rest.split_once(" · ")?.1.split_whitespace().next()?;
    Some((pos.parse().ok()?, id.to_string()))
}

/// Whether the selected tree row shows ✓: the row drawn in reverse video
/// in the tree pane, its first cell (the marks column).
fn selected_reviewed(screen: &vt100::Screen) -> Option<bool> {
    (3..ROWS - 2).find_map(|y| {
        let inverse = (2..20).all(|x| screen.cell(y, x).is_some_and(|c| c.inverse()));
        inverse.then(|| screen.cell(y, 1).is_some_and(|c| c.contents() == "✓"))
    })
}

fn not_saved(screen: &vt100::Screen) -> bool {
    screen.contents().contains("CHƯA LƯU")
}

/// The reviewed ids in the state file; `None` when there is no file yet.
/// Panics if the file does not parse.
fn reviewed_on_disk(path: &Path) -> Option<BTreeSet<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("read {}: {e}", path.display()),
    };
    let state = store::parse(path, &text)
        .unwrap_or_else(|e| panic!("the state file does not parse: {e}\n{text}"));
    Some(
        state
            .marks
            .into_iter()
            .filter(|(_, m)| m.reviewed.is_some())
            .map(|(id, _)| id)
            .collect(),
    )
}

#[test]
fn marks_and_a_note_survive_quitting_and_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.toml");
    let state = path.to_str().expect("utf-8 path");
    let mut t = term(&["--state", state, "--reviewer", "Lan"]);
    started(&t);
    t.wait_text("Đã duyệt 0/30");
    // I.1: reviewed. Then I.2: flagged, with a note typed as an input
    // method sends it (Telex "caanf" → cần: a, Backspace, â, …).
    t.send(b"jj");
    t.wait_text("Mục lục 3/43 · I.1");
    t.send(b" ");
    t.wait_text("Đã duyệt 1/30");
    t.send(b"j!");
    t.wait_text("⚑ 1");
    t.send(b"a");
    t.wait_text("Ctrl-s: lưu");
    t.send("Ca\x7fân\x7f\x7fần bổ sung số liệu\rGiao Văn phòng".as_bytes());
    t.wait_text("Giao Văn phòng");
    t.send(b"\x13");
    t.wait_gone("Ctrl-s: lưu");
    t.wait_text("Cần bổ sung số liệu");
    t.send(b"q");
    assert!(t.wait_exit().success());

    let d = doc::embedded().expect("the embedded notice");
    let s = Session::open_read_only(&d, Some(&path)).expect("the state file reads");
    assert_eq!(s.marks().overall().to_string(), "1/30");
    let i2 = s.marks().get("I.2").expect("marks on I.2");
    assert!(i2.flagged.is_some());
    let note = i2.note.as_ref().expect("a note on I.2");
    assert_eq!(note.text, "Cần bổ sung số liệu\nGiao Văn phòng");
    assert_eq!(note.stamp.by, "Lan");
    assert_eq!(s.reviewers(), ["Lan"]);

    // Reopened: the marks are there.
    let mut t = term(&["--state", state]);
    started(&t);
    t.wait_text("Đã duyệt 1/30");
    t.wait_text("⚑ 1");
    t.send(b"jjj");
    t.wait_text("Mục lục 4/43 · I.2");
    t.wait_text("Cần bổ sung số liệu");
    t.wait_text("Lan · ");
    // Export: the minutes beside the state file.
    t.send(b"E");
    t.wait_text("Đã ghi biên bản");
    t.send(b"q");
    assert!(t.wait_exit().success());
    let minutes = std::fs::read_to_string(path.with_extension("md")).expect("the minutes");
    assert!(minutes.contains("Cần bổ sung số liệu"), "{minutes}");
}

#[test]
fn a_second_instance_and_a_damaged_file_are_refused_before_the_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.toml");
    let state = path.to_str().expect("utf-8 path");
    let mut first = term(&["--state", state]);
    started(&first);
    first.send(b"jj ");
    first.wait_text("Đã duyệt 1/30");

    let mut second = term(&["--state", state]);
    let status = second.wait_exit();
    assert_eq!(status.exit_code(), 1);
    let screen = second.contents();
    assert!(
        screen.contains("đang được một phiên ketluan khác sử dụng"),
        "{screen}"
    );
    assert!(
        !second
            .parser
            .lock()
            .expect("parser lock")
            .screen()
            .alternate_screen()
    );
    // The first goes on saving.
    first.send(b"j ");
    first.wait_text("Đã duyệt 2/30");
    first.send(b"q");
    assert!(first.wait_exit().success());
    assert_eq!(reviewed_on_disk(&path).map(|r| r.len()), Some(2));

    let damaged = "format = 1\n[marks.\"I.1\"\nreviewed = 2017\n";
    std::fs::write(&path, damaged).expect("write");
    let mut t = term(&["--state", state]);
    assert_eq!(t.wait_exit().exit_code(), 1);
    let screen = t.contents();
    assert!(screen.contains("r.toml:2:"), "{screen}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), damaged);
}

/// The rows of the tree, all unfolded: the document entry (`None`), the
/// nodes' ids in tree order, the closing entry (`None`).
fn tree_rows(d: &Document) -> Vec<Option<String>> {
    let mut rows = vec![None];
    rows.extend(d.nodes().iter().map(|n| Some(n.id.clone())));
    rows.push(None);
    rows
}

const ROUNDS: usize = 55;

#[test]
fn sigkill_while_marking_loses_no_mark_shown_as_saved() {
    let began = Instant::now();
    let seed = std::env::var("KETLUAN_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x2017_0222_u64);
    let mut rng = XorShift(seed | 1);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hop.toml");
    let state = path.to_str().expect("utf-8 path");
    let d = doc::embedded().expect("the embedded notice");
    let rows = tree_rows(&d);
    let items = d
        .nodes()
        .iter()
        .filter(|n| n.kind != doc::Kind::Heading)
        .count();
    // What the file holds, as of the last check.
    let mut known: BTreeMap<String, bool> = BTreeMap::new();
    let (mut confirmed, mut kills_unconfirmed) = (0, 0);
    for round in 0..ROUNDS {
        let mut t = term(&["--state", state, "--reviewer", "crash"]);
        // Ids whose ✓ was toggled but not seen saved: either state is fine.
        let mut uncertain: BTreeSet<String> = BTreeSet::new();
        if rng.below(8) == 0 {
            // Killed while starting up.
            std::thread::sleep(Duration::from_millis(rng.below(30)));
        } else {
            started(&t);
            // The marks on screen are the file's.
            let done = known
                .iter()
                .filter(|(id, on)| {
                    **on && d
                        .find(id)
                        .is_some_and(|i| d.node(i).kind != doc::Kind::Heading)
                })
                .count();
            t.wait_text(&format!("Đã duyệt {done}/{items}"));
            let mut pos = 0; // the document entry
            for _ in 0..rng.below(5) {
                // Down one row (to the top from the closing entry).
                let (keys, to) = if pos + 1 >= rows.len() - 1 {
                    (&b"gj"[..], 1)
                } else {
                    (&b"j"[..], pos + 1)
                };
                t.send(keys);
                let want = rows[to].clone().expect("a node row");
                t.wait_settled("the next row", |s| {
                    status(s).filter(|(p, id)| *p == to + 1 && *id == want)
                });
                pos = to;
                // Space, then watch the row until it shows the new state
                // as saved.
                let on = !known.get(&want).copied().unwrap_or(false);
                uncertain.insert(want.clone());
                t.send(b" ");
                if rng.below(4) == 0 {
                    // Killed before the screen said anything.
                    break;
                }
                // ✓ on a heading says why progress does not move, in
                // place of the position.
                let heading = d
                    .find(&want)
                    .is_some_and(|i| d.node(i).kind == doc::Kind::Heading);
                t.wait_settled("the mark shown as saved", |s| {
                    let said = heading && on && s.contents().contains("Mục lớn không tính");
                    let here = said || status(s).is_some_and(|(p, id)| p == pos + 1 && id == want);
                    (here && !not_saved(s) && selected_reviewed(s) == Some(on)).then_some(())
                });
                known.insert(want.clone(), on);
                uncertain.remove(&want);
                confirmed += 1;
            }
            // Sometimes a burst of keys, not waited for.
            if rng.below(2) == 0 {
                let mut p = pos;
                let mut burst = Vec::new();
                for _ in 0..1 + rng.below(4) {
                    if p + 1 < rows.len() - 1 {
                        burst.push(b'j');
                        p += 1;
                    }
                    if let Some(id) = &rows[p] {
                        burst.push(b' ');
                        uncertain.insert(id.clone());
                    }
                }
                t.send(&burst);
            }
        }
        // The kill lands anywhere in what follows: drawing, saving (the
        // temporary file, its fsync, the rename, the directory's fsync),
        // or waiting for keys.
        std::thread::sleep(Duration::from_micros(rng.below(15_000)));
        kills_unconfirmed += usize::from(!uncertain.is_empty());
        t.kill9();
        drop(t);

        // The file parses, and holds every mark shown as saved.
        let on_disk = reviewed_on_disk(&path).unwrap_or_default();
        for (id, on) in &known {
            if !uncertain.contains(id) {
                assert_eq!(
                    on_disk.contains(id),
                    *on,
                    "round {round} (seed {seed}): {id} was shown {} and saved, the file says otherwise",
                    if *on { "✓" } else { "without ✓" }
                );
            }
        }
        // From now on, the file is what is known.
        for id in rows.iter().flatten() {
            known.insert(id.clone(), on_disk.contains(id));
        }
    }
    eprintln!(
        "{ROUNDS} kills, {confirmed} marks seen saved, {kills_unconfirmed} kills with a change in flight, {:?}",
        began.elapsed()
    );
    assert!(
        confirmed >= ROUNDS,
        "too few marks were seen saved: {confirmed}"
    );
}

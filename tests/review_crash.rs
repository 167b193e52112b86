//! Crash safety of the state file at the store level: a writer process
//! makes marks in a loop and prints `saved N` after each save returned;
//! it is killed with SIGKILL at random moments, again and again. After
//! every kill the state file must parse and hold every mark reported
//! saved. The writer is this test binary run again with
//! `KETLUAN_CRASH_CHILD` set (see `writer`).

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ketluan::doc::{self, Document};
use ketluan::review::{Reviewer, Session, store};

use common::rng::XorShift;

const CHILD_ENV: &str = "KETLUAN_CRASH_CHILD";
const START_ENV: &str = "KETLUAN_CRASH_START";
const ROUNDS: usize = 55;

/// Save number `n` writes this note on node `n % len`: a later save to the
/// same node always has a larger `n`.
fn note(n: u64) -> String {
    format!("lần {n}\nghi chú \"nhiều dòng\"")
}

fn number_of(note: &str) -> Option<u64> {
    note.strip_prefix("lần ")?.split('\n').next()?.parse().ok()
}

fn target(d: &Document, n: u64) -> &str {
    &d.nodes()[(n % d.len() as u64) as usize].id
}

/// In the child: marks from save number `START`, printing `saved N` after
/// each save, until killed (or, should the parent hang, for 20 s at
/// most). In a normal test run it does nothing.
#[test]
fn writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let start: u64 = std::env::var(START_ENV).unwrap().parse().unwrap();
    let d = doc::embedded().unwrap();
    let mut s = Session::open(
        &d,
        Some(Path::new(&path)),
        Reviewer::parse("crash").unwrap(),
    )
    .unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    let began = Instant::now();
    for n in start.. {
        if began.elapsed() > Duration::from_secs(20) {
            break;
        }
        let id = target(&d, n);
        assert!(s.set_note(&d, id, &note(n)).unwrap());
        // Every other save also toggles a flag, so files vary in shape.
        if n % 2 == 0 {
            s.toggle_flagged(&d, id).unwrap();
        }
        writeln!(out, "saved {n}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_saved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let d = doc::embedded().unwrap();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    // Per node: the last save number reported for it.
    let mut expected: Vec<Option<u64>> = vec![None; d.len()];
    let mut next: u64 = 0;
    let mut kills_after_a_save = 0;
    let mut kills_mid_write = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "writer", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .env(START_ENV, next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.trim_end().ends_with("ready") {
            line.clear();
            let n = out.read_line(&mut line).unwrap();
            assert_ne!(
                n, 0,
                "round {round}: the writer did not start (lock not released?)"
            );
        }
        let mut saved_this_round = false;
        // Notes a `saved N` line; whether it was one.
        let mut saved = |line: &str| {
            let Some(n) = line.trim_end().strip_prefix("saved ") else {
                return false;
            };
            let n: u64 = n.parse().unwrap();
            expected[(n % d.len() as u64) as usize] = Some(n);
            next = next.max(n + 1);
            saved_this_round = true;
            true
        };
        // Every other round waits for a save before the kill, so that
        // kills after a save do not depend on how fast the machine is.
        if round % 2 == 0 {
            line.clear();
            while out.read_line(&mut line).unwrap() > 0 && !saved(&line) {
                line.clear();
            }
        }
        // A save takes a few to some tens of milliseconds (two fsyncs), so
        // this spreads the kills over several saves and all their phases.
        std::thread::sleep(Duration::from_micros(rng.below(100_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever the child printed before it died is still in the pipe.
        for line in out.lines() {
            saved(&line.unwrap());
        }
        kills_after_a_save += usize::from(saved_this_round);
        // A temporary file left behind means the kill hit during a write.
        let torn = std::fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp."));
        kills_mid_write += usize::from(torn);

        let state = match store::read(&path) {
            Ok(Some((state, _))) => state,
            Ok(None) => {
                assert!(
                    expected.iter().all(Option::is_none),
                    "round {round}: file gone"
                );
                continue;
            }
            Err(e) => panic!("round {round}: the state file does not parse: {e}"),
        };
        for (i, want) in expected.iter().enumerate() {
            let Some(want) = *want else { continue };
            let id = &d.nodes()[i].id;
            let got = state
                .marks
                .get(id)
                .and_then(|m| m.note.as_ref())
                .and_then(|n| number_of(&n.text));
            // A later, unreported save may have replaced it; never an
            // earlier one.
            assert!(
                got.is_some_and(|g| g >= want),
                "round {round}: node {id} should have save {want}, has {got:?}"
            );
        }
        // The next writer resumes after the last save that may have landed.
        let on_disk = state
            .marks
            .values()
            .filter_map(|m| m.note.as_ref().and_then(|n| number_of(&n.text)))
            .max();
        if let Some(m) = on_disk {
            next = next.max(m + 1);
        }
    }
    eprintln!(
        "{ROUNDS} kills: {kills_after_a_save} after at least one save, {kills_mid_write} during a write; {next} saves in all"
    );
    assert!(
        kills_after_a_save >= ROUNDS / 2,
        "only {kills_after_a_save} of {ROUNDS} kills came after a save"
    );
    // A clean open removes what killed writers left behind.
    drop(Session::open(&d, Some(&path), Reviewer::parse("check").unwrap()).unwrap());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["state.toml", "state.toml.lock"]);
}

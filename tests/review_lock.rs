//! One writer per state file: while another process holds the state file,
//! opening it for writing fails with a clear message naming that process,
//! and nothing it saved is lost. The other process is this test binary run
//! again with `KETLUAN_LOCK_CHILD` set (see `holder`).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use ketluan::doc;
use ketluan::i18n::Lang;
use ketluan::review::{Error, Reviewer, Session};

const CHILD_ENV: &str = "KETLUAN_LOCK_CHILD";

/// In the child: opens the state for writing as "holder", flags `I.1`,
/// says "holding", and keeps the lock until stdin closes. In a normal test
/// run it does nothing.
#[test]
fn holder() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let d = doc::embedded().unwrap();
    let mut s = Session::open(
        &d,
        Some(Path::new(&path)),
        Reviewer::parse("holder").unwrap(),
    )
    .unwrap();
    assert!(s.toggle_flagged(&d, "I.1").unwrap());
    println!("holding");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Runs [`holder`] in a child process on the state file `path` and
/// returns once it holds the lock (its stdin keeps it holding), with its
/// output, which must stay open until it ends.
fn start_holder(path: &Path) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "holder", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("holding") {
        line.clear();
        assert_ne!(
            out.read_line(&mut line).unwrap(),
            0,
            "the child did not start"
        );
    }
    (child, out)
}

#[test]
fn a_second_writer_is_told_who_holds_the_state_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let (mut child, _out) = start_holder(&path);

    let d = doc::embedded().unwrap();
    let me = Reviewer::parse("second").unwrap();
    let err = Session::open(&d, Some(&path), me.clone()).unwrap_err();
    let Error::Locked { holder, .. } = &err else {
        panic!("expected a lock error, got {err:?}");
    };
    assert_eq!(holder.pid, Some(child.id()));
    assert_eq!(holder.user.as_deref(), Some("holder"));
    let en = err.render(Lang::En);
    assert!(
        en.contains(&format!(
            "in use by another ketluan (pid {}, user holder",
            child.id()
        )),
        "{en}"
    );
    assert!(en.contains("ketluan print --state"), "{en}");
    let vi = err.render(Lang::Vi);
    assert!(
        vi.contains("đang được một phiên ketluan khác sử dụng"),
        "{vi}"
    );
    // Opened for a notice file, the command to look names it: `print`
    // alone would show the embedded notice.
    let named = err.for_notice(Path::new("họp tổ.toml")).render(Lang::En);
    assert!(
        named.contains(&format!(
            "use `ketluan print 'họp tổ.toml' --state {}`",
            path.display()
        )),
        "{named}"
    );
    // Reading needs no lock and sees the holder's saved mark.
    let reader = Session::open_read_only(&d, Some(&path)).unwrap();
    assert_eq!(reader.marks().flagged_count(&d), 1);

    // Once the holder is gone, the lock is free and its mark is there.
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    let mut s = Session::open(&d, Some(&path), me).unwrap();
    assert!(s.marks().get("I.1").unwrap().flagged.is_some());
    assert!(s.toggle_reviewed(&d, "I.1").unwrap());
    drop(s);
    let s = Session::open_read_only(&d, Some(&path)).unwrap();
    let m = s.marks().get("I.1").unwrap();
    assert_eq!(m.flagged.as_ref().unwrap().by, "holder");
    assert_eq!(m.reviewed.as_ref().unwrap().by, "second");
    assert_eq!(s.reviewers(), ["holder", "second"]);
}

#[test]
fn a_killed_holder_leaves_no_stale_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let (mut child, _out) = start_holder(&path);
    child.kill().unwrap();
    child.wait().unwrap();
    let d = doc::embedded().unwrap();
    let s = Session::open(&d, Some(&path), Reviewer::parse("next").unwrap()).unwrap();
    assert_eq!(s.marks().flagged_count(&d), 1);
}

//! When its terminal goes away, the browser exits instead of spinning:
//! crossterm 0.29 loops forever on end-of-file inside `event::read`, so a
//! watchdog acts on the hangup signal.
#![cfg(unix)]

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[test]
fn closing_the_terminal_ends_the_browser() {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ketluan"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_DATA_HOME", data.path());
    let mut child = pty.slave.spawn_command(cmd).expect("spawn ketluan");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    // Wait for the first screen, so the browser is in its event loop.
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("Văn bản") {
        assert!(start.elapsed() < Duration::from_secs(10), "no first screen");
        let n = reader.read(&mut buf).expect("read");
        seen.extend_from_slice(&buf[..n]);
    }
    drop(reader);
    drop(pty.master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("ketluan still runs 5 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !status.success(),
        "a hangup is not a normal quit: {status:?}"
    );
}

//! A running `ketluan` in a pseudo-terminal, its screen read back through
//! a terminal emulator (vt100). Waits poll the screen until it shows what
//! is expected, with a deadline, instead of sleeping.
// Each test binary uses a different part of this helper.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// A running `ketluan` in a pseudo-terminal.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, as the terminal received it.
    raw: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    deadline: Duration,
    /// The user data directory of this run: the default review state file
    /// goes there, never into the real one, and runs do not share a lock.
    _data: tempfile::TempDir,
}

impl Session {
    /// Starts `ketluan ARGS` with extra environment in a `cols`x`rows`
    /// terminal; every wait gives up after five seconds.
    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        Session::start_with(args, env, cols, rows, Duration::from_secs(5))
    }

    /// [`Session::start`] with another deadline for every wait.
    pub fn start_with(
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
        deadline: Duration,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ketluan"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let data = tempfile::tempdir().expect("temp data dir");
        cmd.env("XDG_DATA_HOME", data.path());
        for var in ["NO_COLOR", "KETLUAN_LANG", "LANG", "LC_ALL"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn ketluan");
        // Only the child holds the slave side now, so reads end when it exits.
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        raw_sink
                            .lock()
                            .expect("raw lock")
                            .extend_from_slice(&buf[..n]);
                        sink.lock().expect("parser lock").process(&buf[..n]);
                    }
                }
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Session {
            child,
            master: pty.master,
            writer,
            parser,
            raw,
            reader: Some(reader),
            deadline,
            _data: data,
        }
    }

    /// Every byte written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("raw lock").clone()
    }

    /// Sends keys and waits until the output has stopped growing.
    pub fn keys(&mut self, keys: &str) {
        self.send(keys.as_bytes());
        let start = Instant::now();
        let mut last = usize::MAX;
        loop {
            std::thread::sleep(Duration::from_millis(120));
            let len = self.raw.lock().expect("raw lock").len();
            if len == last || start.elapsed() > self.deadline {
                break;
            }
            last = len;
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn contents(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen if
    /// it does not before the deadline.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self.parser.lock().expect("parser lock").screen()) {
                return;
            }
            if start.elapsed() > self.deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    pub fn wait_gone(&self, text: &str) {
        self.wait_for(&format!("{text:?} to go"), |s| !s.contents().contains(text));
    }

    /// A left click at a 0-based cell, SGR mouse encoding.
    pub fn click(&mut self, column: u16, row: u16) {
        let (x, y) = (column + 1, row + 1);
        self.send(format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m").as_bytes());
    }

    pub fn wheel_down(&mut self, column: u16, row: u16) {
        self.send(format!("\x1b[<65;{};{}M", column + 1, row + 1).as_bytes());
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .expect("parser lock")
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Waits for the process to end and for its last output to be read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > self.deadline {
                panic!("ketluan did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() && start.elapsed() < self.deadline * 2 {
                std::thread::sleep(Duration::from_millis(10));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        status
    }

    /// The terminal is back to normal: main screen, no mouse reporting,
    /// cursor visible.
    pub fn assert_restored(&self) {
        let parser = self.parser.lock().expect("parser lock");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    /// Waits until the screen satisfies `pred` and has not changed for a
    /// moment: a frame is drawn in one go, but may reach the emulator in
    /// pieces, and the NOT SAVED indicator is on the last row.
    pub fn wait_settled<T>(&self, what: &str, read: impl Fn(&vt100::Screen) -> Option<T>) -> T {
        let start = Instant::now();
        let mut last = None;
        loop {
            {
                let parser = self.parser.lock().expect("parser lock");
                let screen = parser.screen();
                let now = screen.contents_formatted();
                if last.as_ref() == Some(&now)
                    && let Some(v) = read(screen)
                {
                    return v;
                }
                last = Some(now);
            }
            if start.elapsed() > self.deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(8));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// SIGKILL, then wait for the process to be gone.
    pub fn kill9(&mut self) {
        let status = std::process::Command::new("kill")
            .args(["-KILL", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        self.wait_exit();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &self.pid().to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}

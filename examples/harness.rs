//! Side-by-side measurements of the real `ketluan` binary and jless on the
//! same synthetic tree (notice TOML for ketluan, the same tree as JSON for
//! jless), each run in a pseudo-terminal of 120x40 whose screen is read back
//! through a terminal emulator (vt100):
//!
//! ```sh
//! cargo build --release && cargo run --release --example harness
//! cargo run --release --example harness -- --nodes 100000 --runs 5 --chain
//! ```
//!
//! Measured, medians over `--runs` runs (keys: over every sample):
//! - time to first screen: spawn until the screen shows the first node's
//!   headline;
//! - whole notice loaded (ketluan only): spawn until the loading indicator
//!   of a large notice's preview has gone; the keys below are timed after
//!   it;
//! - keystroke to screen for j, k, PgDn, G, g, fold (h) and unfold (l):
//!   from writing the key until the last byte of the screen update it
//!   causes (the update is over when no byte comes for 25 ms, not counted);
//! - search: ketluan types the query one key at a time after `/` (each key
//!   an incremental search); jless, whose search runs on Enter, types the
//!   query and Enter, timed from Enter. `n` (next match) for both. A tool
//!   whose screen does not change on `/` has no search: "n/a";
//! - peak memory: VmHWM from /proc/PID/status just before quitting.
//!
//! After the table, the bytes each tool wrote for a key and how many reads
//! of the pty they took. A read returns at most 4,095 bytes; the next one
//! comes after the emulator has parsed them, so a frame over that size
//! reaches the screen a parse later.
//!
//! The table gives ketluan / jless against the targets of issue 7. Before
//! the table, the load phases of ketluan's library are timed in-process
//! (read, TOML parse, validate + build, search index, first frame) to show
//! where the time goes. `--chain` also opens a 100,000-deep chain in both
//! and checks that ketluan reaches its deepest node (G) and searches it.
//!
//! `--interleave ROUNDS` measures differently: every tool is opened once
//! and each of j, k, PgDn, G and g is sent to each tool in turn, so that
//! all are timed under the same conditions key by key; `--baseline PATH`
//! adds another ketluan build to compare with. With every tool open at
//! once the caches are colder than in the runs above, for all of them.
//!
//! The binary measured is `target/release/ketluan` next to this example
//! (`--ketluan PATH` for another); build it first. jless is found on PATH
//! (`cargo install jless`); without it only ketluan is measured.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

#[path = "gen/synth.rs"]
mod synth;

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// An update is over when the program has written nothing for this long.
const QUIET: Duration = Duration::from_millis(25);
/// Longest wait for a first screen.
const OPEN_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest wait for a key's screen update.
const KEY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `/` may take to show a prompt before search counts as absent.
const PROMPT_TIMEOUT: Duration = Duration::from_secs(2);

/// Measure ketluan against jless in a pseudo-terminal.
#[derive(Parser, Debug)]
#[command(name = "harness")]
struct Args {
    /// Nodes in the generated tree.
    #[arg(long, default_value_t = 100_000)]
    nodes: usize,
    /// Maximum depth of the generated tree.
    #[arg(long, default_value_t = 4)]
    depth: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Runs per tool (medians are reported); at least 5 for the record.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Also open a chain `--nodes` deep in both tools.
    #[arg(long)]
    chain: bool,
    /// The ketluan binary [default: target/release/ketluan beside this example].
    #[arg(long)]
    ketluan: Option<PathBuf>,
    /// The jless binary [default: `jless` on PATH].
    #[arg(long)]
    jless: Option<PathBuf>,
    /// Measure ketluan only.
    #[arg(long)]
    no_jless: bool,
    /// Write the generated files here and keep them [default: a temporary
    /// directory].
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The search query, typed one key at a time.
    #[arg(long, default_value = "lãnh đạo")]
    query: String,
    /// Instead of the runs: open every tool once and send j, k, PgDn, G
    /// and g to each in turn, this many rounds, so that all are timed
    /// under the same conditions key by key (for comparing builds).
    #[arg(long, value_name = "ROUNDS")]
    interleave: Option<usize>,
    /// With `--interleave`: another ketluan binary timed beside the first
    /// (say, the build before a change).
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
}

// ---------------------------------------------------------------------------
// A program in a pseudo-terminal.

/// What the reader thread shares: the emulated screen and when output came.
struct Output {
    parser: vt100::Parser,
    bytes: u64,
    /// Reads of the pty that returned bytes: a frame of more than 4,095
    /// bytes takes two or more, each after the last one is parsed.
    reads: u64,
    last: Instant,
    eof: bool,
}

struct Shared {
    out: Mutex<Output>,
    changed: Condvar,
}

struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    started: Instant,
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

impl Session {
    fn spawn(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in ["NO_COLOR", "KETLUAN_LANG"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let shared = Arc::new(Shared {
            out: Mutex::new(Output {
                parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
                bytes: 0,
                reads: 0,
                last: Instant::now(),
                eof: false,
            }),
            changed: Condvar::new(),
        });
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let sink = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let now = Instant::now();
                let mut out = sink.out.lock().expect("output lock");
                if n == 0 {
                    out.eof = true;
                } else {
                    out.parser.process(&buf[..n]);
                    out.bytes += n as u64;
                    out.reads += 1;
                    out.last = now;
                }
                sink.changed.notify_all();
                if n == 0 {
                    break;
                }
            }
        });
        Session {
            child,
            _master: pty.master,
            writer,
            shared,
            started,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let _ = self.writer.write_all(bytes);
        let _ = self.writer.flush();
    }

    fn contents(&self) -> String {
        let out = self.shared.out.lock().expect("output lock");
        out.parser.screen().contents()
    }

    /// Text and attributes (a moved highlight changes only attributes).
    fn formatted(&self) -> String {
        let out = self.shared.out.lock().expect("output lock");
        out.parser.screen().contents_formatted()
    }

    /// Waits until `pred` holds for the screen; returns when it first did,
    /// or `None` on timeout or when the program ended.
    fn wait_until(
        &self,
        timeout: Duration,
        mut pred: impl FnMut(&Output) -> bool,
    ) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.out.lock().expect("output lock");
        loop {
            if pred(&out) {
                return Some(out.last);
            }
            if out.eof {
                return None;
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            out = self
                .shared
                .changed
                .wait_timeout(out, deadline - now)
                .expect("output lock")
                .0;
        }
    }

    /// Waits until nothing has been written for [`QUIET`]; returns the time
    /// of the last byte.
    fn settle(&self) -> Instant {
        let mut out = self.shared.out.lock().expect("output lock");
        loop {
            let seen = out.bytes;
            let (o, _) = self
                .shared
                .changed
                .wait_timeout_while(out, QUIET, |o| o.bytes == seen && !o.eof)
                .expect("output lock");
            out = o;
            if out.bytes == seen || out.eof {
                return out.last;
            }
        }
    }

    /// Time to the first screen showing `text`, and the CPU time used by
    /// then.
    fn open(&self, text: &str) -> Option<Timing> {
        let at = self.wait_until(OPEN_TIMEOUT, |o| {
            o.parser.screen().contents().contains(text)
        })?;
        Some(Timing {
            wall: at - self.started,
            cpu: self.cpu(),
            frame: None,
        })
    }

    /// Sends `key` and returns the time until the end of the screen update
    /// it causes (and the CPU time the program spent meanwhile), or `None`
    /// if the screen did not change within `timeout`.
    fn key(&mut self, key: &[u8], timeout: Duration) -> Option<Timing> {
        self.settle();
        let before = self.formatted();
        let (seen, reads) = {
            let out = self.shared.out.lock().expect("output lock");
            (out.bytes, out.reads)
        };
        let cpu_before = self.cpu();
        let sent = Instant::now();
        self.send(key);
        self.wait_until(timeout, |o| {
            o.bytes > seen && o.parser.screen().contents_formatted() != before
        })?;
        let last = self.settle();
        let cpu = match (cpu_before, self.cpu()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        let out = self.shared.out.lock().expect("output lock");
        Some(Timing {
            wall: last.saturating_duration_since(sent),
            cpu,
            frame: Some((out.bytes - seen, out.reads - reads)),
        })
    }

    /// When ketluan's whole notice was there: the loading indicator of a
    /// preview has gone (or never was). The first screen may be half
    /// drawn: the status line, drawn last, tells.
    fn loaded(&self) -> Option<Instant> {
        self.wait_until(OPEN_TIMEOUT, |o| {
            let screen = o.parser.screen().contents();
            let status = screen.trim_end().lines().last().unwrap_or("");
            status.contains(STATUS_END) && !status.contains(LOADING)
        })
    }

    fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// CPU time the program has used so far, all its threads: on a busy
    /// machine, a measure that other processes do not inflate.
    fn cpu(&self) -> Option<Duration> {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid()?)).ok()?;
        let mut ns = 0u64;
        for task in tasks.flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
        }
        Some(Duration::from_nanos(ns))
    }

    /// Peak resident memory (VmHWM) in bytes.
    fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Quits with `keys`, sent apart so that Esc then q is not read as
    /// Alt-q; kills the program if it does not exit.
    fn quit(mut self, keys: &[&[u8]]) -> Option<portable_pty::ExitStatus> {
        for key in keys {
            self.send(key);
            std::thread::sleep(Duration::from_millis(50));
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------
// What is measured.

const KEY_J: &[u8] = b"j";
const KEY_K: &[u8] = b"k";
const KEY_PGDN: &[u8] = b"\x1b[6~";
const KEY_BIG_G: &[u8] = b"G";
const KEY_G: &[u8] = b"g";
const KEY_FOLD: &[u8] = b"h";
const KEY_UNFOLD: &[u8] = b"l";
const ESC: &[u8] = b"\x1b";
/// ketluan's status line while a notice loads (Vietnamese: the harness
/// clears KETLUAN_LANG).
const LOADING: &str = "Đang tải";
/// The end of ketluan's status line: the line is all drawn when it shows.
const STATUS_END: &str = "q: thoát";

/// The metrics in table order.
const METRICS: &[&str] = &[
    "time to first screen",
    "whole notice loaded",
    "j",
    "k",
    "PgDn",
    "G",
    "g",
    "fold (h)",
    "unfold (l)",
    "search keystroke",
    "search, first key",
    "next match (n)",
    "peak memory",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Ketluan,
    Jless,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ketluan => "ketluan",
            Tool::Jless => "jless",
        }
    }
}

/// Wall-clock time, and the CPU time the program used in it; for a key,
/// the bytes it wrote and the pty reads they took.
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
    frame: Option<(u64, u64)>,
}

/// Samples per metric: seconds, or bytes for memory. The CPU time of a
/// timed metric is kept as "METRIC cpu".
#[derive(Default)]
struct Samples {
    by_metric: Vec<(String, Vec<f64>)>,
    notes: Vec<String>,
}

impl Samples {
    fn push(&mut self, metric: &str, value: Option<Timing>) {
        if let Some(t) = value {
            self.push_value(metric, t.wall.as_secs_f64());
            if let Some(cpu) = t.cpu {
                self.push_value(&format!("{metric} cpu"), cpu.as_secs_f64());
            }
            if let Some((bytes, reads)) = t.frame {
                self.push_value(&format!("{metric} bytes"), bytes as f64);
                self.push_value(&format!("{metric} reads"), reads as f64);
            }
        }
    }

    fn push_value(&mut self, metric: &str, v: f64) {
        match self.by_metric.iter_mut().find(|(m, _)| m == metric) {
            Some((_, values)) => values.push(v),
            None => self.by_metric.push((metric.to_string(), vec![v])),
        }
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    fn median(&self, metric: &str) -> Option<(f64, usize)> {
        let (_, values) = self.by_metric.iter().find(|(m, _)| m == metric)?;
        Some((median(values)?, values.len()))
    }

    /// `2072 B / 1.2`: the median bytes of a key's frame, and the mean
    /// of its pty reads (a frame that sometimes takes a second read shows).
    fn frame(&self, metric: &str) -> Option<String> {
        let (bytes, _) = self.median(&format!("{metric} bytes"))?;
        let (_, reads) = self
            .by_metric
            .iter()
            .find(|(m, _)| *m == format!("{metric} reads"))?;
        let mean = reads.iter().sum::<f64>() / reads.len() as f64;
        Some(format!("{bytes:.0} B / {mean:.1}"))
    }
}

fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// `--interleave`: every tool open at once, each key sent to each in
/// turn, `rounds` times; medians per key and tool, and the ratios of the
/// first tool to the others.
fn interleaved(tools: &[(&str, PathBuf, &PathBuf)], first: &str, rounds: usize, state: &Path) {
    const KEYS: [(&str, &[u8]); 5] = [
        ("j", KEY_J),
        ("k", KEY_K),
        ("PgDn", KEY_PGDN),
        ("G", KEY_BIG_G),
        ("g", KEY_G),
    ];
    let mut open = Vec::new();
    for (name, program, file) in tools {
        // Each its own review state: two ketluans on one notice would
        // share, and lock, one state file.
        let dir = state.join(name).to_string_lossy().to_string();
        let s = Session::spawn(
            program,
            &[&file.to_string_lossy()],
            &[("XDG_DATA_HOME", &dir)],
        );
        if s.open(first).is_none() || (*name != "jless" && s.loaded().is_none()) {
            println!("{name}: did not open {}", file.display());
            return;
        }
        open.push((*name, s, Samples::default()));
    }
    println!("load average before: {}", loadavg());
    for _ in 0..rounds {
        for (key, bytes) in KEYS {
            for (_, s, samples) in &mut open {
                let t = s.key(bytes, KEY_TIMEOUT);
                samples.push(key, t);
            }
        }
    }
    println!("load average after: {}", loadavg());
    println!(
        "\nkeys sent in turn, {rounds} rounds: median wall-clock time (CPU time; bytes / pty reads)"
    );
    print!("{:<6}", "key");
    for (name, _, _) in &open {
        print!(" {name:>32}");
    }
    for (name, _, _) in open.iter().skip(1) {
        print!(" {:>12}", format!("/ {name}"));
    }
    println!();
    for (key, _) in KEYS {
        print!("{key:<6}");
        let value = |samples: &Samples, suffix: &str| {
            samples.median(&format!("{key}{suffix}")).map(|m| m.0)
        };
        for (_, _, samples) in &open {
            let cell = match (
                value(samples, ""),
                value(samples, " cpu"),
                samples.frame(key),
            ) {
                (Some(w), Some(c), Some(frame)) => {
                    format!("{} ({}; {frame})", fmt_value(key, w), fmt_value(key, c))
                }
                _ => "n/a".to_string(),
            };
            print!(" {cell:>32}");
        }
        let ours = value(&open[0].2, "");
        for (_, _, samples) in open.iter().skip(1) {
            let ratio = match (ours, value(samples, "")) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
                _ => "n/a".to_string(),
            };
            print!(" {ratio:>12}");
        }
        println!();
    }
}

/// One run of one tool: open, keys, search, memory, quit.
fn run_once(
    tool: Tool,
    program: &Path,
    file: &Path,
    first_text: &str,
    query: &str,
    env: &[(&str, &str)],
    samples: &mut Samples,
) {
    let file_arg = file.to_string_lossy();
    let mut s = Session::spawn(program, &[&file_arg], env);
    let Some(ttfs) = s.open(first_text) else {
        let status = if s.alive() { "still running" } else { "exited" };
        samples.note(format!(
            "{}: no first screen within {:?} ({status}); screen:\n{}",
            tool.name(),
            OPEN_TIMEOUT,
            s.contents().trim_end()
        ));
        return;
    };
    samples.push("time to first screen", Some(ttfs));
    if tool == Tool::Ketluan {
        // A large notice opens on a preview while the rest loads; the keys
        // are timed on the whole notice.
        match s.loaded() {
            Some(at) => samples.push(
                "whole notice loaded",
                // The loading thread has ended: /proc no longer counts it.
                Some(Timing {
                    wall: at - s.started,
                    cpu: None,
                    frame: None,
                }),
            ),
            None => samples.note(format!(
                "ketluan: still loading after {OPEN_TIMEOUT:?}; screen:\n{}",
                s.contents().trim_end()
            )),
        }
    }
    let mut key = |s: &mut Session, metric: &str, bytes: &[u8]| {
        let t = s.key(bytes, KEY_TIMEOUT);
        if t.is_none() {
            samples.note(format!(
                "{}: {metric} did not change the screen",
                tool.name()
            ));
        }
        samples.push(metric, t);
    };
    for _ in 0..3 {
        key(&mut s, "j", KEY_J);
    }
    for _ in 0..3 {
        key(&mut s, "k", KEY_K);
    }
    for _ in 0..3 {
        key(&mut s, "PgDn", KEY_PGDN);
    }
    key(&mut s, "G", KEY_BIG_G);
    key(&mut s, "g", KEY_G);
    // Onto the first section: ketluan's first row is the document, the
    // first node is one down; jless starts on the root object, whose first
    // child is "document" and whose next sibling is "nodes".
    let setup: &[&[u8]] = match tool {
        Tool::Ketluan => &[KEY_J],
        Tool::Jless => &[b"l", b"J", b"l"],
    };
    for k in setup {
        s.key(k, KEY_TIMEOUT);
    }
    for _ in 0..3 {
        key(&mut s, "fold (h)", KEY_FOLD);
        key(&mut s, "unfold (l)", KEY_UNFOLD);
    }
    search(tool, &mut s, query, samples);
    if let Some(m) = s.peak_memory() {
        samples.push_value("peak memory", m as f64);
    }
    let quit: &[&[u8]] = match tool {
        Tool::Ketluan => &[ESC, ESC, b"q"],
        Tool::Jless => &[ESC, b"q"],
    };
    if s.quit(quit).is_none() {
        samples.note(format!("{}: did not quit; killed", tool.name()));
    }
}

fn search(tool: Tool, s: &mut Session, query: &str, samples: &mut Samples) {
    if s.key(b"/", PROMPT_TIMEOUT).is_none() {
        samples.note(format!("{}: `/` shows no search prompt: n/a", tool.name()));
        return;
    }
    let mut utf8 = [0u8; 4];
    match tool {
        Tool::Ketluan => {
            // Incremental: every key searches and redraws with the count.
            for (i, c) in query.chars().enumerate() {
                let t = s.key(c.encode_utf8(&mut utf8).as_bytes(), KEY_TIMEOUT);
                if i == 0 {
                    samples.push("search, first key", t);
                }
                samples.push("search keystroke", t);
            }
            s.key(b"\r", KEY_TIMEOUT);
        }
        Tool::Jless => {
            // Typing only edits the prompt; the search runs on Enter.
            for c in query.chars() {
                s.key(c.encode_utf8(&mut utf8).as_bytes(), KEY_TIMEOUT);
            }
            let t = s.key(b"\r", KEY_TIMEOUT);
            samples.push("search keystroke", t);
            samples.push("search, first key", t);
        }
    }
    let t = s.key(b"n", KEY_TIMEOUT);
    if t.is_none() {
        samples.note(format!("{}: `n` did not change the screen", tool.name()));
    }
    samples.push("next match (n)", t);
}

// ---------------------------------------------------------------------------
// In-process phases of ketluan's load.

/// CPU time of the calling thread so far.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Times `f`: wall clock and this thread's CPU time.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Timing) {
    let cpu = thread_cpu();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed();
    let cpu = thread_cpu().saturating_sub(cpu);
    (
        out,
        Timing {
            wall,
            cpu: Some(cpu),
            frame: None,
        },
    )
}

/// Medians of (wall, CPU) seconds per phase of ketluan's load, timed in
/// this process with the library the binary is built from.
fn phases(toml_path: &Path, runs: usize) -> Vec<(&'static str, f64, f64)> {
    use ketluan::action::Action;
    use ketluan::app::App;
    use ketluan::i18n::Lang;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let names = [
        "read file",
        "UTF-8 check",
        "TOML parse, whole file (toml DeTable)",
        "parse + validate + build, whole (load_str)",
        "search index (Index::new)",
        "App::new + resize (rows)",
        "first frame (120x40)",
        "drop everything",
        "load_path (chunked) + App + frame",
    ];
    let mut all: Vec<Vec<Timing>> = vec![Vec::new(); names.len()];
    for _ in 0..runs {
        let (bytes, read) = timed(|| std::fs::read(toml_path).expect("read the notice"));
        let (text, utf8) = timed(|| std::str::from_utf8(&bytes).expect("UTF-8"));
        let (parsed, parse) = timed(|| toml::de::DeTable::parse_recoverable(text));
        drop(parsed);
        let (doc, load) =
            timed(|| ketluan::doc::load_str("bench.toml", text).expect("a valid notice"));
        let (index, index_t) = timed(|| ketluan::search::Index::new(&doc));
        let (app, app_t) = timed(|| {
            let mut app = App::new(doc, Lang::Vi);
            app.update(Action::Resize {
                width: COLS,
                height: ROWS,
            });
            app
        });
        let mut terminal = Terminal::new(TestBackend::new(COLS, ROWS)).expect("test backend");
        let ((), frame) = timed(|| {
            terminal
                .draw(|f| ketluan::ui::render(f, &app))
                .expect("draw");
        });
        let ((), dropped) = timed(|| drop((app, index, bytes)));
        let mut terminal = Terminal::new(TestBackend::new(COLS, ROWS)).expect("test backend");
        let (app, total) = timed(|| {
            let doc = ketluan::doc::load_path(toml_path).expect("a valid notice");
            let mut app = App::new(doc, Lang::Vi);
            app.update(Action::Resize {
                width: COLS,
                height: ROWS,
            });
            terminal
                .draw(|f| ketluan::ui::render(f, &app))
                .expect("draw");
            app
        });
        drop(app);
        let times = [
            read, utf8, parse, load, index_t, app_t, frame, dropped, total,
        ];
        for (slot, t) in all.iter_mut().zip(times) {
            slot.push(t);
        }
    }
    names
        .into_iter()
        .zip(all.iter().map(|v| {
            let wall: Vec<f64> = v.iter().map(|t| t.wall.as_secs_f64()).collect();
            let cpu: Vec<f64> = v
                .iter()
                .filter_map(|t| t.cpu.map(|c| c.as_secs_f64()))
                .collect();
            (median(&wall).unwrap_or(0.0), median(&cpu).unwrap_or(0.0))
        }))
        .map(|(name, (wall, cpu))| (name, wall, cpu))
        .collect()
}

// ---------------------------------------------------------------------------
// Output.

fn fmt_value(metric: &str, v: f64) -> String {
    if metric == "peak memory" {
        format!("{:.1} MB", v / 1e6)
    } else if v >= 1.0 {
        format!("{v:.2} s")
    } else {
        format!("{:.2} ms", v * 1e3)
    }
}

/// The issue's target for ketluan / jless on a metric.
fn target(metric: &str) -> f64 {
    match metric {
        "time to first screen" => 0.5,
        "peak memory" => 0.75,
        _ => 1.0,
    }
}

fn print_table(ketluan: &Samples, jless: Option<&Samples>) {
    println!(
        "\n{:<21} {:>10} {:>10} {:>6} {:>6} {:>4} | {:>10} {:>10} {:>6} {:>4} | n k/j",
        "metric (median)",
        "ketluan",
        "jless",
        "ratio",
        "target",
        "met",
        "CPU k",
        "CPU j",
        "ratio",
        "met"
    );
    let show = |metric: &str, m: Option<(f64, usize)>| {
        m.map_or("n/a".to_string(), |(v, _)| fmt_value(metric, v))
    };
    let ratio = |metric: &str, k: Option<(f64, usize)>, j: Option<(f64, usize)>| match (k, j) {
        (Some((kv, _)), Some((jv, _))) if jv > 0.0 => {
            let r = kv / jv;
            (
                format!("{r:.2}"),
                if r <= target(metric) { "yes" } else { "NO" },
            )
        }
        _ => ("n/a".to_string(), "-"),
    };
    for &metric in METRICS {
        let k = ketluan.median(metric);
        let j = jless.and_then(|j| j.median(metric));
        let (r, met) = ratio(metric, k, j);
        let cpu = format!("{metric} cpu");
        let kc = ketluan.median(&cpu);
        let jc = jless.and_then(|j| j.median(&cpu));
        let (rc, metc) = ratio(metric, kc, jc);
        println!(
            "{:<21} {:>10} {:>10} {:>6} {:>6} {:>4} | {:>10} {:>10} {:>6} {:>4} | {}/{}",
            metric,
            show(metric, k),
            show(metric, j),
            r,
            format!("≤{:.2}", target(metric)),
            met,
            show(metric, kc),
            show(metric, jc),
            rc,
            metc,
            k.map_or(0, |(_, n)| n),
            j.map_or(0, |(_, n)| n),
        );
    }
    println!(
        "\n{:<21} {:>15} {:>15}   (median bytes written / mean pty reads per key)",
        "frames", "ketluan", "jless"
    );
    let frame = |samples: Option<&Samples>, metric: &str| {
        samples
            .and_then(|s| s.frame(metric))
            .unwrap_or_else(|| "n/a".to_string())
    };
    for &metric in METRICS {
        if ketluan.frame(metric).is_some() {
            println!(
                "{metric:<21} {:>15} {:>15}",
                frame(Some(ketluan), metric),
                frame(jless, metric)
            );
        }
    }
    for note in ketluan
        .notes
        .iter()
        .chain(jless.map(|j| j.notes.iter()).into_iter().flatten())
    {
        println!("note: {note}");
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn default_ketluan() -> PathBuf {
    // target/<profile>/examples/harness -> target/<profile>/ketluan
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("ketluan")))
        .unwrap_or_else(|| PathBuf::from("target/release/ketluan"))
}

fn version(program: &Path) -> String {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Chars of the headline that fit in any pane at 120 columns.
fn probe(headline: &str) -> String {
    headline.chars().take(16).collect()
}

fn main() {
    let args = Args::parse();
    let ketluan = args.ketluan.clone().unwrap_or_else(default_ketluan);
    assert!(
        ketluan.is_file(),
        "no ketluan binary at {}: run `cargo build --release` first or pass --ketluan",
        ketluan.display()
    );
    let jless = if args.no_jless {
        None
    } else {
        args.jless.clone().or_else(|| find_on_path("jless"))
    };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let state = tmp.path().join("state");
    let state_s = state.to_string_lossy().to_string();
    let env: [(&str, &str); 1] = [("XDG_DATA_HOME", &state_s)];

    let opts = synth::Options {
        nodes: args.nodes,
        depth: args.depth,
        chain: false,
        nfd: false,
        seed: args.seed,
    };
    let tree = synth::generate(&opts);
    let toml_path = dir.join(format!("n{}.toml", args.nodes));
    let json_path = dir.join(format!("n{}.json", args.nodes));
    write_file(&toml_path, |w| tree.write_toml(w));
    write_file(&json_path, |w| tree.write_json(w));
    let first = probe(&tree.first_headline());
    drop(tree);

    println!(
        "ketluan ({}) vs {} on {} nodes, depth ≤ {}: {} ({:.1} MB), {} ({:.1} MB)",
        version(&ketluan),
        jless.as_deref().map_or("no jless".into(), version),
        args.nodes,
        args.depth,
        toml_path.display(),
        file_mb(&toml_path),
        json_path.display(),
        file_mb(&json_path),
    );
    println!(
        "machine: {} cores, {}; {}x{} pseudo-terminal; {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        COLS,
        ROWS,
        match args.interleave {
            Some(rounds) => format!("keys in turn, {rounds} rounds"),
            None => format!("medians of {} runs", args.runs),
        }
    );

    if let Some(rounds) = args.interleave {
        let mut tools = vec![("ketluan", ketluan.clone(), &toml_path)];
        if let Some(b) = &args.baseline {
            tools.push(("baseline", b.clone(), &toml_path));
        }
        if let Some(j) = &jless {
            tools.push(("jless", j.clone(), &json_path));
        }
        interleaved(&tools, &first, rounds, &state);
        return;
    }

    println!("load average before: {}", loadavg());
    println!(
        "\nketluan load phases, in-process (median of {} runs):",
        args.runs
    );
    println!("  {:<38} {:>10} {:>10}", "phase", "wall", "CPU");
    for (name, wall, cpu) in phases(&toml_path, args.runs) {
        println!(
            "  {name:<38} {:>10} {:>10}",
            fmt_value("", wall),
            fmt_value("", cpu)
        );
    }

    let mut k_samples = Samples::default();
    let mut j_samples = Samples::default();
    for run in 0..args.runs {
        eprint!("\rrun {}/{}", run + 1, args.runs);
        run_once(
            Tool::Ketluan,
            &ketluan,
            &toml_path,
            &first,
            &args.query,
            &env,
            &mut k_samples,
        );
        if let Some(j) = &jless {
            run_once(
                Tool::Jless,
                j,
                &json_path,
                &first,
                &args.query,
                &env,
                &mut j_samples,
            );
        }
    }
    eprintln!();
    print_table(&k_samples, jless.as_ref().map(|_| &j_samples));
    println!("load average after: {}", loadavg());

    if args.chain {
        chain(&args, &ketluan, jless.as_deref(), &dir, &env);
    }
}

/// Opens a chain in both tools; checks that ketluan reaches and shows the
/// deepest node and searches without crashing.
fn chain(args: &Args, ketluan: &Path, jless: Option<&Path>, dir: &Path, env: &[(&str, &str)]) {
    let tree = synth::generate(&synth::Options {
        nodes: args.nodes,
        chain: true,
        seed: args.seed,
        ..synth::Options::default()
    });
    let toml_path = dir.join(format!("chain{}.toml", args.nodes));
    let json_path = dir.join(format!("chain{}.json", args.nodes));
    write_file(&toml_path, |w| tree.write_toml(w));
    write_file(&json_path, |w| tree.write_json(w));
    let first = probe(&tree.first_headline());
    let deepest = tree
        .nodes
        .last()
        .and_then(|n| n.text.as_deref().or(n.title.as_deref()))
        .map(probe)
        .unwrap_or_default();
    drop(tree);
    println!("\nchain {} deep:", args.nodes);

    let path = toml_path.to_string_lossy();
    let mut s = Session::spawn(ketluan, &[&path], env);
    match s.open(&first) {
        None => println!(
            "  ketluan: no first screen (alive: {}); screen:\n{}",
            s.alive(),
            s.contents()
        ),
        Some(t) => {
            println!("  ketluan: first screen in {}", show_timing(Some(t)));
            match s.loaded() {
                Some(at) => println!(
                    "  ketluan: whole chain loaded in {:.2} ms",
                    (at - s.started).as_secs_f64() * 1e3
                ),
                None => println!("  ketluan: still loading after {OPEN_TIMEOUT:?}"),
            }
            let g = s.key(KEY_BIG_G, KEY_TIMEOUT);
            // G selects the closing entry; the deepest node is one up.
            let k = s.key(KEY_K, KEY_TIMEOUT);
            let shown = s.contents().contains(&deepest);
            println!(
                "  ketluan: G {} then k {}: deepest node shown: {}, alive: {}",
                show_timing(g),
                show_timing(k),
                if shown { "yes" } else { "NO" },
                s.alive()
            );
            let mut samples = Samples::default();
            search(Tool::Ketluan, &mut s, &args.query, &mut samples);
            let m = samples.median("search keystroke");
            println!(
                "  ketluan: search keystroke {}, alive: {}{}",
                m.map_or("n/a".into(), |(v, _)| fmt_value("", v)),
                s.alive(),
                samples
                    .notes
                    .iter()
                    .map(|n| format!(" ({n})"))
                    .collect::<String>()
            );
            if let Some(mem) = s.peak_memory() {
                println!(
                    "  ketluan: peak memory {}",
                    fmt_value("peak memory", mem as f64)
                );
            }
            s.quit(&[ESC, ESC, b"q"]);
        }
    }
    if let Some(jless) = jless {
        let path = json_path.to_string_lossy();
        let mut s = Session::spawn(jless, &[&path], env);
        match s.open(&first) {
            Some(t) => {
                println!("  jless: first screen in {}", show_timing(Some(t)));
                let g = s.key(KEY_BIG_G, KEY_TIMEOUT);
                println!("  jless: G {}, alive: {}", show_timing(g), s.alive());
                s.quit(&[b"q"]);
            }
            None => {
                let alive = s.alive();
                let screen = s.contents();
                let status = s.quit(&[b"q"]);
                println!(
                    "  jless: no first screen (alive: {alive}, exit: {status:?}); last screen:\n{}",
                    indent(screen.trim_end())
                );
            }
        }
    }
}

/// "1.20 ms (CPU 0.80 ms)", or "n/a".
fn show_timing(t: Option<Timing>) -> String {
    match t {
        None => "n/a".into(),
        Some(t) => format!(
            "{} (CPU {})",
            fmt_value("", t.wall.as_secs_f64()),
            t.cpu
                .map_or("n/a".into(), |c| fmt_value("", c.as_secs_f64()))
        ),
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

fn write_file(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) {
    let file = std::fs::File::create(path).expect("create a generated file");
    let mut w = std::io::BufWriter::new(file);
    write(&mut w).expect("write a generated file");
    w.flush().expect("write a generated file");
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// /proc/loadavg: other processes running skew the wall-clock times (not
/// the CPU times).
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

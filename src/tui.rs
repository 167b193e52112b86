//! The terminal side of the browser: setup, the event loop, and teardown
//! on every way out (quit, error, panic, SIGTERM/SIGHUP/SIGINT).

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::App;
use crate::doc::{Document, LoadError};
use crate::i18n::Lang;
use crate::keymap::{self, Mode};
use crate::loading::{self, Background, Loaded, Update};
use crate::review::{self, Pending, Reviewer, Session};
use crate::screen::Screen;
use crate::ui;

/// Why the browser stopped other than by the user quitting.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal error: {0}")]
    Io(#[from] io::Error),
    /// A termination signal arrived; the terminal was restored. Callers
    /// usually exit with status `128 + signal`.
    #[error("terminated by signal {0}")]
    Signal(i32),
    /// The review state could not be opened (damaged, unreadable, locked
    /// by another instance); the terminal was not touched.
    #[error("{0}")]
    Review(#[from] review::Error),
    /// The rest of a notice loading in the background is invalid; the
    /// terminal was restored.
    #[error("{0}")]
    Load(#[from] LoadError),
}

/// The terminal backend: crossterm's own on Windows, where it can also
/// drive a console without escape sequences; elsewhere the same bytes,
/// written faster.
#[cfg(windows)]
type TermBackend<W> = ratatui::backend::CrosstermBackend<W>;
#[cfg(not(windows))]
type TermBackend<W> = crate::term::FastBackend<W>;

/// How long the loop waits for input before checking for signals (which
/// crossterm's wait does not return for): well within [`SIGNAL_GRACE`].
const TICK: Duration = Duration::from_millis(250);
/// The same while a notice loads: how often its progress is taken.
const LOAD_TICK: Duration = Duration::from_millis(20);
/// Bytes buffered for the terminal: more than a full frame of a large
/// terminal with colours.
const FRAME_BUFFER: usize = 256 * 1024;

/// Runs the full-screen browser on `doc` until the user quits, reviewing
/// it into the state file `state` (the notice's default one when `None`)
/// with marks signed by `reviewer`.
///
/// The state is opened first: if it cannot be (damaged, unreadable, held
/// by another instance), returns [`TuiError::Review`] without touching
/// the terminal. Then takes over the terminal (raw mode, alternate screen,
/// mouse capture, bracketed paste, hidden cursor) and gives it back on
/// return, on error, on panic and on SIGTERM, SIGHUP or SIGINT. Every mark
/// is saved as it is made, so no way out loses one that the screen showed
/// as saved. Colours are off when `NO_COLOR` is set to a non-empty value.
/// Expects stdout to be a terminal.
pub fn run(
    doc: Document,
    lang: Lang,
    state: Option<&Path>,
    reviewer: Reviewer,
) -> Result<(), TuiError> {
    run_loaded(Loaded::new(doc), lang, state, reviewer)
}

/// [`run`] on a notice loaded by [`Background`], whose search index and
/// identity are already computed.
pub fn run_loaded(
    loaded: Loaded,
    lang: Lang,
    state: Option<&Path>,
    reviewer: Reviewer,
) -> Result<(), TuiError> {
    let Loaded {
        doc,
        index,
        identity,
    } = loaded;
    let session = Session::prepare(&doc.meta, state, reviewer)?.bind(&doc, identity);
    let app = App::with_index(doc, index, lang).with_session(session);
    browse(app, None)
}

/// [`run`] on a notice still loading in `background`, of which `preview`
/// holds the metadata and the first nodes. The state file is opened (and
/// refused, without touching the terminal) as in [`run`]; the preview is
/// shown at once, with the load's progress on the status line, and the
/// whole notice replaces it when it arrives. If the rest of the file turns
/// out to be invalid, returns [`TuiError::Load`] with every problem, after
/// restoring the terminal.
pub fn run_loading(
    preview: Document,
    background: Background,
    lang: Lang,
    state: Option<&Path>,
    reviewer: Reviewer,
) -> Result<(), TuiError> {
    let pending = Session::prepare(&preview.meta, state, reviewer)?;
    let app = App::new(preview, lang).with_loading();
    browse(
        app,
        Some(Loader {
            background,
            pending: Some(pending),
        }),
    )
}

/// The rest of a notice, loading.
struct Loader {
    background: Background,
    /// The review session waiting for the whole notice.
    pending: Option<Pending>,
}

fn browse(app: App, loader: Option<Loader>) -> Result<(), TuiError> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let app = app.with_color(color);
    let signals = Signals::install()?;
    let guard = TerminalGuard::enter()?;
    // Buffered here, a frame is one write, flushed by `Screen::draw`.
    let out = io::BufWriter::with_capacity(FRAME_BUFFER, ScreenOut(frame_out()?));
    let result = Screen::new(TermBackend::new(out))
        .map_err(TuiError::from)
        .and_then(|mut screen| event_loop(&mut screen, app, loader, &signals));
    let restored = guard.restore();
    drop(signals);
    result?;
    restored.map_err(TuiError::from)
}

/// The action for a terminal event in `mode`, if any. Only key presses
/// count; mouse: left click, wheel; resizes; bracketed pastes.
pub fn action_for_event(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => keymap::action_for(*key, mode),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn event_loop<W: Write>(
    screen: &mut Screen<TermBackend<W>>,
    mut app: App,
    mut loader: Option<Loader>,
    signals: &Signals,
) -> Result<(), TuiError> {
    // The viewport's size, which the app is told: one source for both.
    let mut area = screen.area();
    app.update(Action::Resize {
        width: area.width,
        height: area.height,
    });
    let mut dirty = true;
    // A resize that happened before crossterm listened never comes as an
    // event: the first idle tick, once it listens, compares the sizes.
    // Later resizes come as events, so later ticks leave the terminal be.
    let mut size_checked = false;
    loop {
        if let Some(signal) = signals.caught() {
            return Err(TuiError::Signal(signal));
        }
        if let Some(l) = &mut loader {
            let (changed, done) = take_updates(l, &mut app)?;
            dirty |= changed;
            if done {
                loader = None;
            }
        }
        if dirty {
            screen.draw(|grid, area| ui::draw(grid, area, &app))?;
            dirty = false;
        }
        let tick = if loader.is_some() { LOAD_TICK } else { TICK };
        if !poll(tick)? {
            if size_checked {
                continue;
            }
            size_checked = true;
            let size = screen.size()?;
            if size != area.as_size() {
                area = Rect::new(0, 0, size.width, size.height);
                screen.resize(area)?;
                app.update(Action::Resize {
                    width: size.width,
                    height: size.height,
                });
                dirty = true;
            }
            continue;
        }
        // Handle everything already queued before drawing again, so key
        // repeat and wheel bursts do not lag behind. Each event is mapped
        // in the mode the previous one left: `/` then `j` in one burst
        // types a `j` into the prompt. No timing heuristics: input methods
        // send Backspace-and-replace bursts that must apply in order.
        let mut queued = VecDeque::from([event::read()?]);
        while poll(Duration::ZERO)? {
            queued.push_back(event::read()?);
        }
        while let Some(event) = queued.pop_front() {
            // Text typed faster than anyone types (a paste without
            // bracketed paste) goes into the editor as one insertion: key
            // by key, each laid the whole text out again.
            let mode = app.mode();
            if let Some(first) = typed(&event, mode) {
                let text = typed_run(first, &mut queued, mode);
                if text.len() > first.len_utf8() {
                    dirty |= app.update(Action::Paste(text));
                    continue;
                }
            }
            if let Event::Resize(width, height) = event {
                // `resize` clears the screen: the next frame must be whole.
                area = Rect::new(0, 0, width, height);
                screen.resize(area)?;
                dirty = true;
            }
            if let Some(action) = action_for_event(&event, app.mode()) {
                dirty |= app.update(action);
            }
            if app.should_quit() {
                return Ok(());
            }
        }
    }
}

/// `first` and the text typed by the events at the front of `queued`,
/// which it takes: the run of [`typed`] keys. In the prompt an Enter with
/// more typed text after it in the same burst joins in as a space: lines
/// pasted into the one-line prompt are one query, not a search ended at
/// the line break with the rest taken as commands (a space marking an
/// item).
fn typed_run(first: char, queued: &mut VecDeque<Event>, mode: Mode) -> String {
    let mut text = String::from(first);
    loop {
        if let Some(c) = queued.front().and_then(|e| typed(e, mode)) {
            text.push(c);
        } else if mode == Mode::Prompt
            && queued.front().is_some_and(is_enter)
            && queued.get(1).and_then(|e| typed(e, mode)).is_some()
        {
            text.push(' ');
        } else {
            return text;
        }
        queued.pop_front();
    }
}

/// Whether `event` is a press of Enter without Ctrl or Alt.
fn is_enter(event: &Event) -> bool {
    matches!(event, Event::Key(k) if k.code == KeyCode::Enter && plain_press(k))
}

/// A press without Ctrl or Alt.
fn plain_press(key: &KeyEvent) -> bool {
    key.kind == KeyEventKind::Press
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The character a key press types as text in `mode`, where runs of them
/// may be inserted together: plain characters in the search prompt, and
/// in the note editor also Enter (a line break) and Tab (a space, as the
/// editor types it). Keys with Ctrl or Alt are commands or nothing.
fn typed(event: &Event, mode: Mode) -> Option<char> {
    let Event::Key(key) = event else {
        return None;
    };
    match (mode, key.code) {
        _ if !plain_press(key) => None,
        (Mode::Prompt | Mode::Note, KeyCode::Char(c)) => Some(c),
        (Mode::Note, KeyCode::Enter) => Some('\n'),
        (Mode::Note, KeyCode::Tab) => Some(' '),
        _ => None,
    }
}

/// Applies what the loader has sent since last time. Returns whether the
/// screen changed and whether loading is over.
fn take_updates(loader: &mut Loader, app: &mut App) -> Result<(bool, bool), TuiError> {
    let mut changed = false;
    while let Some(update) = loader.background.poll() {
        match update {
            Update::Progress { done, total } => {
                changed |= app.update(Action::LoadProgress { done, total });
            }
            // Only the first screen uses it, before the browser starts.
            Update::Preview(_) => {}
            Update::Done(Ok(loaded)) => {
                let Loaded {
                    doc,
                    index,
                    identity,
                } = *loaded;
                let session = loader.pending.take().map(|p| p.bind(&doc, identity));
                app.finish_loading(doc, index, session);
                return Ok((true, true));
            }
            Update::Done(Err(e)) => return Err(TuiError::Load(e)),
        }
    }
    Ok((changed, false))
}

/// `event::poll`, treating an interruption by a signal as "no event".
fn poll(timeout: Duration) -> io::Result<bool> {
    match event::poll(timeout) {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(false),
        other => other,
    }
}

/// Standard output without its line buffer, which would split a frame
/// whose diff has a line feed into two writes, two wake-ups for the
/// terminal: a duplicate of its descriptor.
#[cfg(unix)]
fn frame_out() -> io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    Ok(io::stdout().as_fd().try_clone_to_owned()?.into())
}

/// Standard output, which a console needs written as text.
#[cfg(not(unix))]
fn frame_out() -> io::Result<io::Stdout> {
    Ok(io::stdout())
}

/// The terminal's output while the browser owns it. Once the terminal is
/// restored (a panic restores it before unwinding), what is still buffered
/// for the browser's screen is dropped instead of landing, half a frame of
/// cursor moves and colours, on the normal one.
struct ScreenOut<W: Write>(W);

impl<W: Write> Write for ScreenOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if ACTIVE.load(Ordering::SeqCst) {
            self.0.write(buf)
        } else {
            Ok(buf.len())
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Set while the terminal is in browser mode; cleared by [`restore`].
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Owns the terminal mode; restores it when dropped.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                // Restore first so the panic message lands on the normal
                // screen; not for the loading thread, whose panic becomes
                // a load error while the browser goes on.
                if std::thread::current().name() != Some(loading::THREAD_NAME) {
                    let _ = restore();
                }
                previous(info);
            }));
        });
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = TerminalGuard;
        terminal::enable_raw_mode()?;
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        Ok(guard)
    }

    fn restore(self) -> io::Result<()> {
        restore()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = restore();
    }
}

/// Leaves browser mode if the terminal is in it; a no-op otherwise.
/// Attempts every step even if one fails and reports the first failure.
fn restore() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let mut out = io::stdout();
    let steps = [
        execute!(out, DisableBracketedPaste),
        execute!(out, DisableMouseCapture),
        execute!(out, terminal::LeaveAlternateScreen),
        execute!(out, cursor::Show),
        terminal::disable_raw_mode(),
    ];
    steps.into_iter().collect()
}

/// Termination signals caught while the browser runs. Dropping it puts
/// the default handlers back.
struct Signals {
    caught: Arc<AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
    /// Tells the watchdog thread that the browser ended normally.
    done: Arc<AtomicBool>,
    /// Wakes the watchdog thread, which waits for a signal, to end it.
    #[cfg(unix)]
    watchdog: signal_hook::iterator::Handle,
}

/// How long the event loop gets to notice a signal and restore the
/// terminal itself before the watchdog does it and exits.
const SIGNAL_GRACE: Duration = Duration::from_millis(500);

impl Signals {
    fn install() -> io::Result<Signals> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let caught = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        let wanted = [SIGTERM, SIGINT, signal_hook::consts::SIGHUP];
        #[cfg(not(unix))]
        let wanted = [SIGTERM, SIGINT];
        let mut ids = Vec::new();
        for signal in wanted {
            // Signal numbers are small and positive.
            let value = usize::try_from(signal).unwrap_or(usize::MAX);
            ids.push(signal_hook::flag::register_usize(
                signal,
                Arc::clone(&caught),
                value,
            )?);
        }
        let done = Arc::new(AtomicBool::new(false));
        Ok(Signals {
            caught,
            ids,
            #[cfg(unix)]
            watchdog: spawn_watchdog(&wanted, Arc::clone(&done))?,
            done,
        })
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        }
    }
}

/// Ends the process if a termination signal is not acted on in time.
/// Unix only: elsewhere the event loop's tick always sees the signal.
///
/// On a hangup crossterm's reader can spin forever on end-of-file inside
/// `event::read` (crossterm 0.29 loops on reads of 0 bytes), so the event
/// loop never gets to look at the signal flag. The watchdog sleeps until
/// one of `signals` arrives (or the returned handle is closed), then
/// gives the event loop [`SIGNAL_GRACE`], restores the terminal as well
/// as it can and exits with `128 + signal`.
#[cfg(unix)]
fn spawn_watchdog(
    signals: &[i32],
    done: Arc<AtomicBool>,
) -> io::Result<signal_hook::iterator::Handle> {
    let mut arrivals = signal_hook::iterator::Signals::new(signals)?;
    let handle = arrivals.handle();
    std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            // Ends without a signal when the handle is closed.
            let Some(signal) = arrivals.forever().next() else {
                return;
            };
            std::thread::sleep(SIGNAL_GRACE);
            if done.load(Ordering::SeqCst) {
                return;
            }
            let _ = restore();
            let code = 128 + signal.clamp(0, 127);
            std::process::exit(code);
        })?;
    Ok(handle)
}

impl Drop for Signals {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        #[cfg(unix)]
        self.watchdog.close();
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{
        KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEvent,
    };

    /// Only keys that type text where text is typed join a burst: never
    /// a command, a key with Ctrl or Alt, or a release.
    #[test]
    fn typed_keys_are_text_keys_of_the_prompt_and_the_note_editor() {
        let key = |code, modifiers, kind| {
            Event::Key(KeyEvent {
                code,
                modifiers,
                kind,
                state: KeyEventState::NONE,
            })
        };
        let plain = |code| key(code, KeyModifiers::NONE, KeyEventKind::Press);
        let a = plain(KeyCode::Char('ệ'));
        assert_eq!(typed(&a, Mode::Note), Some('ệ'));
        assert_eq!(typed(&a, Mode::Prompt), Some('ệ'));
        assert_eq!(typed(&a, Mode::Browse), None);
        assert_eq!(typed(&a, Mode::Confirm), None);
        let shifted = key(KeyCode::Char('Ệ'), KeyModifiers::SHIFT, KeyEventKind::Press);
        assert_eq!(typed(&shifted, Mode::Note), Some('Ệ'));
        assert_eq!(typed(&plain(KeyCode::Enter), Mode::Note), Some('\n'));
        assert_eq!(typed(&plain(KeyCode::Enter), Mode::Prompt), None);
        assert_eq!(typed(&plain(KeyCode::Tab), Mode::Note), Some(' '));
        assert_eq!(typed(&plain(KeyCode::Backspace), Mode::Note), None);
        let ctrl_s = key(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
            KeyEventKind::Press,
        );
        assert_eq!(typed(&ctrl_s, Mode::Note), None);
        let release = key(
            KeyCode::Char('a'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        );
        assert_eq!(typed(&release, Mode::Note), None);
        assert_eq!(typed(&Event::Paste("x".into()), Mode::Note), None);
    }

    /// A run takes the typed keys that follow; in the prompt an Enter
    /// between typed keys is a space, and a last Enter is left to accept
    /// the search; in a note every Enter is a line break.
    #[test]
    fn a_typed_run_joins_pasted_lines_in_the_prompt() {
        let press = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        let burst = || {
            VecDeque::from([
                press(KeyCode::Char('b')),
                press(KeyCode::Enter),
                press(KeyCode::Char('c')),
                press(KeyCode::Enter),
                press(KeyCode::Backspace),
            ])
        };
        let mut queued = burst();
        assert_eq!(typed_run('a', &mut queued, Mode::Prompt), "ab c");
        assert_eq!(queued.len(), 2);
        assert!(is_enter(&queued[0]));
        let mut queued = burst();
        assert_eq!(typed_run('a', &mut queued, Mode::Note), "ab\nc\n");
        assert_eq!(queued.len(), 1);
    }

    #[test]
    fn output_for_the_browser_is_dropped_once_the_terminal_is_restored() {
        // No test enters browser mode: the flag is off.
        assert!(!ACTIVE.load(Ordering::SeqCst));
        let mut out = io::BufWriter::new(ScreenOut(Vec::new()));
        out.write_all(b"\x1b[1;1Hhalf a frame").unwrap();
        let inner = out.into_inner().map_err(|e| e.into_error()).unwrap();
        assert!(inner.0.is_empty());
    }

    #[test]
    fn events_become_actions() {
        let mouse = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 3,
                row: 4,
                modifiers: KeyModifiers::NONE,
            })
        };
        let key = |kind| {
            Event::Key(KeyEvent {
                code: KeyCode::Char('j'),
                modifiers: KeyModifiers::NONE,
                kind,
                state: KeyEventState::NONE,
            })
        };
        let table = [
            (
                Event::Paste("Đảng".into()),
                Some(Action::Paste("Đảng".into())),
            ),
            (key(KeyEventKind::Press), Some(Action::Down)),
            (key(KeyEventKind::Release), None),
            (
                mouse(MouseEventKind::Down(MouseButton::Left)),
                Some(Action::Click { column: 3, row: 4 }),
            ),
            (mouse(MouseEventKind::Down(MouseButton::Right)), None),
            (
                mouse(MouseEventKind::ScrollDown),
                Some(Action::ScrollDown { column: 3, row: 4 }),
            ),
            (
                mouse(MouseEventKind::ScrollUp),
                Some(Action::ScrollUp { column: 3, row: 4 }),
            ),
            (mouse(MouseEventKind::Moved), None),
            (
                Event::Resize(7, 2),
                Some(Action::Resize {
                    width: 7,
                    height: 2,
                }),
            ),
            (Event::FocusGained, None),
        ];
        for (event, expected) in table {
            assert_eq!(
                action_for_event(&event, Mode::Browse),
                expected,
                "{event:?}"
            );
        }
        let j = key(KeyEventKind::Press);
        let Event::Key(j_key) = j else {
            unreachable!("a key event")
        };
        assert_eq!(
            action_for_event(&j, Mode::Prompt),
            Some(Action::Input(j_key))
        );
    }
}

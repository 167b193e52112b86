//! Per-keystroke benchmarks on a 100,000-node notice: one incremental
//! search keystroke (parse the query, scan the index, count the matches),
//! one navigation keystroke (`App::update` for j, k, PgDn, G, g, fold,
//! unfold) and one full frame (`ui::render` into a 120x40 `TestBackend`),
//! plus the frame and G on a 100,000-deep chain. `cycle-100k` times what
//! the terminal loop does per key: `App::update`, then `Screen::draw`
//! through the browser's backend (`ketluan::term::FastBackend`) writing
//! into `io::sink()` (the diff of frames and the escape encoding included),
//! with a review session open as in the real browser.
//!
//! `cargo bench --bench interact`. Each navigation benchmark times only the
//! key itself: the state is put back between iterations, untimed, so that
//! every timed key does its full work (G always jumps, fold always folds).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::{self, Document};
use ketluan::i18n::Lang;
use ketluan::review::{Reviewer, Session};
use ketluan::screen::Screen;
use ketluan::search::{Filter, Index, Query, search_with};
use ketluan::term::FastBackend;
use ketluan::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "../examples/gen/synth.rs"]
mod synth;

const NODES: usize = 100_000;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn notice(opts: &synth::Options) -> Document {
    let text = synth::generate(opts).toml_string();
    doc::load_str("bench.toml", &text).expect("the generated notice is valid")
}

fn app(doc: Document) -> App {
    let mut app = App::new(doc, Lang::Vi);
    app.update(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    });
    app
}

/// Times `key` alone, after `prepare` (untimed) has set the state up.
fn key(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    app: &mut App,
    prepare: impl Fn(&mut App),
    key: impl Fn() -> Action,
) {
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                prepare(app);
                let start = Instant::now();
                black_box(app.update(key()));
                total += start.elapsed();
            }
            total
        });
    });
}

/// Selects the first node (the first top-level section) with its subtree
/// folded or not.
fn on_first_section(app: &mut App, folded: bool) {
    app.update(Action::First);
    app.update(Action::Down);
    let Some(idx) = app.doc().find(app.selected_id().unwrap_or_default()) else {
        return;
    };
    if app.is_folded(idx) != folded {
        app.update(Action::ToggleFold);
    }
}

fn search(c: &mut Criterion, index: &Index) {
    let mut group = c.benchmark_group("search-keystroke-100k");
    group.sample_size(10);
    // Typing "lãnh đạo" one key at a time ends with these queries; "d" is
    // the worst case (almost every entry matches), "xq" matches nothing.
    for typed in ["d", "la", "lanh", "lãnh đạo", "đảng", "xq"] {
        group.bench_function(typed, |b| {
            b.iter(|| {
                let query = Query::parse(black_box(typed));
                let matches = search_with(index, &query, &Filter::default());
                black_box(matches.len())
            });
        });
    }
    group.finish();
}

/// A navigation key to time: what puts the state back before it
/// (untimed, so that every timed key does its full work) and the key.
struct NavKey {
    name: &'static str,
    prepare: fn(&mut App),
    action: Action,
    /// Folds: fewer, slower iterations.
    slow: bool,
}

/// j, k, PgDn, G, g, fold and unfold, as both the key and the key-with-
/// frame benchmarks time them.
fn nav_keys() -> [NavKey; 7] {
    let quick = |name, prepare, action| NavKey {
        name,
        prepare,
        action,
        slow: false,
    };
    [
        quick("j", prepare_down, Action::Down),
        quick(
            "k",
            |a| {
                if a.cursor() == 0 {
                    a.update(Action::Last);
                }
            },
            Action::Up,
        ),
        quick(
            "PgDn",
            |a| {
                if a.cursor() + usize::from(HEIGHT) >= a.rows().len() {
                    a.update(Action::First);
                }
            },
            Action::PageDown,
        ),
        quick(
            "G",
            |a| {
                a.update(Action::First);
            },
            Action::Last,
        ),
        quick(
            "g",
            |a| {
                a.update(Action::Last);
            },
            Action::First,
        ),
        NavKey {
            slow: true,
            ..quick("fold", |a| on_first_section(a, false), Action::FoldOrParent)
        },
        NavKey {
            slow: true,
            ..quick(
                "unfold",
                |a| on_first_section(a, true),
                Action::UnfoldOrChild,
            )
        },
    ]
}

/// Before j: room below the selection.
fn prepare_down(a: &mut App) {
    if a.cursor() + 2 >= a.rows().len() {
        a.update(Action::First);
    }
}

fn navigation(c: &mut Criterion, app: &mut App) {
    let mut group = c.benchmark_group("key-100k");
    let (quick, slow): (Vec<NavKey>, Vec<NavKey>) = nav_keys().into_iter().partition(|k| !k.slow);
    for k in &quick {
        key(&mut group, k.name, app, k.prepare, || k.action.clone());
    }
    group.sample_size(30);
    for k in &slow {
        key(&mut group, k.name, app, k.prepare, || k.action.clone());
    }
    group.finish();
    on_first_section(app, false);
}

fn frame(c: &mut Criterion, name: &str, app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
    c.bench_function(name, |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::render(f, app))
                .expect("draw into a test backend");
        });
    });
}

/// `ui::draw` alone into a cleared buffer: the browser's own drawing,
/// without ratatui's diff and output.
fn draw_only(c: &mut Criterion, name: &str, app: &App) {
    let area = ratatui::layout::Rect::new(0, 0, WIDTH, HEIGHT);
    let mut grid = ketluan::grid::Grid::new(area);
    c.bench_function(name, |b| {
        b.iter(|| {
            grid.reset();
            black_box(ui::draw(&mut grid, area, app));
        });
    });
}

fn frames(c: &mut Criterion, app: &mut App) {
    app.update(Action::First);
    app.update(Action::Down);
    frame(c, "frame-100k/top", app);
    for _ in 0..app.rows().len() / 2 {
        app.update(Action::Down);
    }
    frame(c, "frame-100k/middle", app);
    draw_only(c, "frame-100k/middle-draw-only", app);
    app.update(Action::Last);
    frame(c, "frame-100k/bottom", app);
}

/// One key and the frame it causes, drawn through the browser's backend
/// into a sink: `prepare` (untimed, its frame drawn untimed too) sets the state
/// up, then the key and its frame are timed together.
fn cycle(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    app: &mut App,
    prepare: impl Fn(&mut App),
    key: impl Fn() -> Action,
) {
    let mut screen = Screen::with_area(
        FastBackend::new(std::io::sink()),
        ratatui::layout::Rect::new(0, 0, WIDTH, HEIGHT),
    );
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                prepare(app);
                screen
                    .draw(|grid, area| ui::draw(grid, area, app))
                    .expect("draw into a sink");
                let key = key();
                let start = Instant::now();
                if app.update(key) {
                    screen
                        .draw(|grid, area| ui::draw(grid, area, app))
                        .expect("draw into a sink");
                }
                total += start.elapsed();
            }
            total
        });
    });
}

/// Writes over 16 MB, more than the caches hold.
fn evict_caches() {
    thread_local! {
        static JUNK: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 16 << 20]);
    }
    JUNK.with_borrow_mut(|junk| {
        for (i, b) in junk.iter_mut().enumerate().step_by(64) {
            *b = b.wrapping_add(i as u8);
        }
        black_box(&*junk);
    });
}

fn cycles(c: &mut Criterion, doc: Document, state: &std::path::Path) {
    let reviewer = Reviewer::parse("bench").expect("a valid reviewer name");
    let session = Session::open(&doc, Some(state), reviewer).expect("a fresh review state");
    let mut app = app(doc).with_session(session);
    let mut group = c.benchmark_group("cycle-100k");
    let (quick, slow): (Vec<NavKey>, Vec<NavKey>) = nav_keys().into_iter().partition(|k| !k.slow);
    for k in &quick {
        cycle(&mut group, k.name, &mut app, k.prepare, || k.action.clone());
    }
    // Between two keys a terminal program sleeps, and the terminal, the
    // kernel and everything else run: its caches are cold when the key
    // comes. Evicting them before each key shows that cost (the two
    // 120x40 buffers ratatui diffs are ~450 KB).
    cycle(&mut group, "j-cold", &mut app, prepare_down, || {
        evict_caches();
        Action::Down
    });
    group.sample_size(30);
    for k in &slow {
        cycle(&mut group, k.name, &mut app, k.prepare, || k.action.clone());
    }
    group.finish();
}

fn chain(c: &mut Criterion) {
    let mut app = app(notice(&synth::Options::chain(NODES)));
    let mut group = c.benchmark_group("chain-100k");
    key(
        &mut group,
        "G",
        &mut app,
        |a| {
            a.update(Action::First);
        },
        || Action::Last,
    );
    group.finish();
    app.update(Action::Last);
    app.update(Action::Up);
    frame(c, "chain-100k/frame-deepest", &app);
}

fn interact(c: &mut Criterion) {
    let doc = notice(&synth::Options::tree(NODES));
    let index = Index::new(&doc);
    search(c, &index);
    drop(index);
    let mut app = app(doc.clone());
    navigation(c, &mut app);
    frames(c, &mut app);
    drop(app);
    let dir = tempfile::tempdir().expect("a temporary directory");
    cycles(c, doc, &dir.path().join("state.toml"));
    chain(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = interact
}
criterion_main!(benches);

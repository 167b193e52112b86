//! Rendering tests: insta snapshots of whole screens drawn into a
//! `TestBackend`, and a no-panic sweep over many terminal sizes.

use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::{self, Document};
use ketluan::i18n::Lang;
use ketluan::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// The embedded notice, parsed once.
fn notice() -> Document {
    static DOC: std::sync::OnceLock<Document> = std::sync::OnceLock::new();
    DOC.get_or_init(|| doc::embedded().expect("the embedded notice loads"))
        .clone()
}

/// The screen as text: one line per row, wide characters once, trailing
/// spaces trimmed.
fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| ui::render(frame, app))
        .expect("draw into a test backend");
    terminal.backend().buffer().clone()
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&draw(app, width, height))
}

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(*a);
    }
}

fn app(lang: Lang, actions: &[Action]) -> App {
    let mut app = App::new(notice(), lang);
    run(&mut app, actions);
    app
}

use Action::*;

#[test]
fn main_screen_80x24_unfolded() {
    let mut app = app(Lang::Vi, &[Down, Down, Down]);
    assert_eq!(app.selected_id(), Some("I.2"));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn main_screen_80x24_folded() {
    let mut app = app(Lang::Vi, &[FoldAll, Down, NextSibling]);
    assert_eq!(app.selected_id(), Some("II"));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn main_screen_120x40_unfolded() {
    let mut app = app(Lang::Vi, &[Down, Down, Down, Down, Down]);
    assert_eq!(app.selected_id(), Some("I.2.1.a"));
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn main_screen_120x40_folded_to_level_2() {
    let mut app = app(Lang::Vi, &[FoldToLevel(2), Down, Down, Down]);
    assert_eq!(app.selected_id(), Some("I.2"));
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn main_screen_english_closing_entry() {
    let mut app = app(Lang::En, &[FoldToLevel(1), Last]);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_overlay_80x24() {
    let mut app = app(Lang::Vi, &[ToggleHelp]);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_overlay_scrolled_80x24() {
    let mut app = app(Lang::Vi, &[ToggleHelp, Last]);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_overlay_english_120x40() {
    let mut app = app(Lang::En, &[ToggleHelp]);
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn narrow_terminal_stacks_the_panes() {
    let mut app = app(Lang::Vi, &[Down, Down]);
    insta::assert_snapshot!(screen(&mut app, 40, 30));
}

#[test]
fn small_terminal_shows_the_focused_pane() {
    let mut app = app(Lang::Vi, &[Down, Down, FocusNext, Down]);
    insta::assert_snapshot!(screen(&mut app, 30, 10));
}

#[test]
fn tiny_terminal() {
    let mut app = app(Lang::Vi, &[Down]);
    insta::assert_snapshot!(screen(&mut app, 20, 5));
}

#[test]
fn help_is_generated_from_the_key_table() {
    let mut app = app(Lang::En, &[ToggleHelp]);
    let text = screen(&mut app, 120, 40);
    for entry in ketluan::keymap::help_entries(Lang::En) {
        assert!(text.contains(&entry.keys), "{} missing", entry.keys);
        assert!(
            text.contains(entry.description),
            "{} missing",
            entry.description
        );
    }
}

#[test]
fn the_selected_row_is_reversed() {
    let mut app = app(Lang::Vi, &[Down, Down]);
    let buf = draw(&mut app, 80, 24);
    let screen = app.screen();
    let inner = screen.tree.expect("tree pane").inner;
    let row = inner.y + 2;
    for x in inner.x..inner.x + inner.width {
        assert!(buf[(x, row)].modifier.contains(Modifier::REVERSED));
    }
    assert!(
        !buf[(inner.x, row + 1)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn no_color_means_no_colours() {
    for actions in [&[][..], &[ToggleHelp][..], &[FoldAll, FocusNext][..]] {
        let mut app = app(Lang::Vi, actions).with_color(false);
        for (w, h) in [(80, 24), (120, 40), (40, 30)] {
            let buf = draw(&mut app, w, h);
            for cell in buf.content() {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
            }
        }
    }
}

#[test]
fn colours_are_few_named_ansi_colours_on_the_default_background() {
    let mut app = app(Lang::Vi, &[]);
    let allowed = [
        Color::Reset,
        Color::Green,
        Color::Red,
        Color::Magenta,
        Color::Cyan,
    ];
    let buf = draw(&mut app, 120, 40);
    for cell in buf.content() {
        assert!(allowed.contains(&cell.fg), "{:?}", cell.fg);
        assert_eq!(cell.bg, Color::Reset);
    }
}

/// States worth drawing at every size.
fn scenarios() -> Vec<(Lang, Vec<Action>)> {
    vec![
        (Lang::Vi, vec![]),
        (Lang::Vi, vec![Last]),
        (Lang::En, vec![FoldAll, Down, UnfoldOrChild, Last]),
        (Lang::Vi, vec![ToggleHelp]),
        (Lang::Vi, vec![ToggleHelp, Last]),
        (Lang::Vi, vec![Down, Down, Down, FocusNext, Last]),
        (
            Lang::En,
            vec![FoldToLevel(2), PageDown, FocusNext, PageDown],
        ),
    ]
}

fn sizes() -> Vec<(u16, u16)> {
    let mut v: Vec<(u16, u16)> = (0..=20)
        .flat_map(|w| (0..=5).map(move |h| (w, h)))
        .collect();
    v.extend([
        (300, 100),
        (200, 50),
        (1, 100),
        (300, 1),
        (59, 11),
        (60, 12),
        (59, 25),
        (24, 14),
        (80, 24),
    ]);
    v
}

#[test]
fn no_panic_at_any_size() {
    for (lang, actions) in scenarios() {
        for (w, h) in sizes() {
            let mut app = app(lang, &actions);
            let buf = draw(&mut app, w, h);
            for cell in buf.content() {
                assert!(!cell.symbol().contains(char::is_control), "{w}x{h}");
            }
            // Keep working after the resize, and draw again.
            run(&mut app, &[Down, PageDown, FoldAll, Last]);
            draw(&mut app, w, h);
        }
    }
}

#[test]
fn resizing_keeps_the_selection_on_screen() {
    let mut app = app(Lang::Vi, &[Last]);
    for (w, h) in [
        (80, 24),
        (80, 8),
        (120, 40),
        (20, 3),
        (1, 1),
        (200, 50),
        (80, 6),
    ] {
        draw(&mut app, w, h);
        if let Some(pane) = app.screen().tree {
            let rows = usize::from(pane.inner.height).max(1);
            let (off, cur) = (app.tree_offset(), app.cursor());
            assert!(off <= cur && cur < off + rows, "{w}x{h}: {off} {cur}");
        }
    }
}

#[test]
fn renders_a_very_deep_document_quickly() {
    use ketluan::doc::{Kind, Meta, Node};
    let n: usize = 100_000;
    let nodes = (0..n)
        .map(|i| {
            let node = Node {
                id: format!("n{i}"),
                kind: if i % 2 == 0 {
                    Kind::Heading
                } else {
                    Kind::Point
                },
                label: Some(i.to_string()),
                title: None,
                text: Some(format!("Mục số {i}")),
                parent: None,
                children: Vec::new(),
                depth: 0,
            };
            (node, i.checked_sub(1))
        })
        .collect();
    let meta = Meta {
        title: "Sâu".into(),
        ..Meta::default()
    };
    let doc = Document::from_file_order(meta, nodes);
    let mut app = App::new(doc, Lang::Vi);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Mục số 0"));
    run(&mut app, &[Last]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Mục số 99999"), "{text}");
    run(&mut app, &[FoldAll]);
    assert_eq!(app.selected_id(), Some("n0"));
    run(&mut app, &[UnfoldAll, Last, Parent, FoldToLevel(9)]);
    assert_eq!(app.selected_id(), Some("n8"));
    screen(&mut app, 120, 40);
}

#[test]
fn hostile_text_cannot_reach_the_terminal() {
    use ketluan::doc::{Kind, Meta, Node, Signer};
    let evil = "x\u{202e}y\u{200b}z\x1b]0;pwned\x07\u{85}w\t\u{301}";
    let node = |id: &str| Node {
        id: format!("{id}{evil}"),
        kind: Kind::Task,
        label: Some(evil.into()),
        title: Some(evil.into()),
        text: Some(format!("{evil}\n\n{evil}")),
        parent: None,
        children: Vec::new(),
        depth: 0,
    };
    let meta = Meta {
        title: evil.into(),
        kind: Some(evil.into()),
        number: Some(evil.into()),
        issuer: Some(evil.into()),
        chair: Some(evil.into()),
        preamble: Some(evil.into()),
        closing: Some(evil.into()),
        recipients: vec![evil.into()],
        signer: Some(Signer {
            role: Some(evil.into()),
            name: Some(evil.into()),
            note: Some(evil.into()),
        }),
        ..Meta::default()
    };
    let doc = Document::from_file_order(meta, vec![(node("a"), None), (node("b"), Some(0))]);
    let mut app = App::new(doc, Lang::Vi);
    for _ in 0..5 {
        let buf = draw(&mut app, 80, 24);
        for cell in buf.content() {
            let bad = cell.symbol().chars().any(|c| {
                c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
            });
            assert!(!bad, "{:?} reached the screen", cell.symbol());
        }
        // Made visible rather than silently dropped.
        assert!(buffer_text(&buf).contains("U+202E"));
        app.update(Down);
    }
}

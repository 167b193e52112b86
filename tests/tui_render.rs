//! Rendering tests: insta snapshots of whole screens drawn into a
//! `TestBackend`, and a no-panic sweep over many terminal sizes.

mod common;

use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::{self, Document};
use ketluan::grid::Grid;
use ketluan::i18n::Lang;
use ketluan::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use common::screen::buffer_text;

/// The embedded notice, parsed once.
fn notice() -> Document {
    static DOC: std::sync::OnceLock<Document> = std::sync::OnceLock::new();
    DOC.get_or_init(|| doc::embedded().expect("the embedded notice loads"))
        .clone()
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
        app.update(a.clone());
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
    // Tall enough for every key on the first page.
    let text = screen(&mut app, 120, 60);
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
    let searched = search("to chuc bo may");
    let filtered = [ToggleKind(ketluan::doc::Kind::Task), OpenSearch];
    for actions in [
        &[][..],
        &[ToggleHelp][..],
        &[FoldAll, FocusNext][..],
        &searched[..],
        &filtered[..],
    ] {
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
        (Lang::Vi, search("to chuc bo may")),
        (Lang::Vi, {
            let mut v = search("dang");
            v.extend([
                NextMatch,
                ToggleSparse,
                ToggleKind(ketluan::doc::Kind::Task),
            ]);
            v.push(OpenSearch);
            v.push(Paste("người đứng đầu rất dài để cuộn ô nhập".into()));
            v
        }),
        (Lang::En, {
            let mut v = vec![ToggleSparse];
            v.extend(search("khong co gi"));
            v
        }),
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
        // The actions run at the default 80x24; each size then starts
        // from a copy, as if the terminal were resized to it.
        let base = app(lang, &actions);
        for (w, h) in sizes() {
            let mut app = base.clone();
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

// ---------------------------------------------------------------------
// Search.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Position;

/// The actions of typing `/`, then `text` key by key, then Enter.
fn search(text: &str) -> Vec<Action> {
    let mut v = vec![OpenSearch];
    v.extend(
        text.chars()
            .map(|c| Input(KeyEvent::from(KeyCode::Char(c)))),
    );
    v.push(SearchAccept);
    v
}

/// The cells where `needle` is drawn on row `y`, by column, if it is.
fn find_on_row(buf: &Buffer, y: u16, needle: &str) -> Option<Vec<u16>> {
    // Symbols and their columns, wide characters once.
    let mut cells: Vec<(u16, &str)> = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let symbol = buf[(x, y)].symbol();
        cells.push((x, symbol));
        x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
    }
    let line: String = cells.iter().map(|(_, s)| *s).collect();
    let at = line.find(needle)?;
    // Map the byte offset back to cells.
    let mut offset = 0;
    let mut out = Vec::new();
    for (x, s) in &cells {
        if offset >= at && offset < at + needle.len() {
            out.push(*x);
        }
        offset += s.len();
    }
    Some(out)
}

/// The first row (from `from`) where `needle` is drawn, and its cells.
fn find(buf: &Buffer, from: u16, needle: &str) -> (u16, Vec<u16>) {
    (from..buf.area.height)
        .find_map(|y| find_on_row(buf, y, needle).map(|xs| (y, xs)))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", buffer_text(buf)))
}

fn is_highlight(buf: &Buffer, x: u16, y: u16) -> bool {
    let cell = &buf[(x, y)];
    cell.modifier
        .contains(Modifier::BOLD | Modifier::UNDERLINED)
}

#[test]
fn search_highlights_80x24() {
    let mut app = app(Lang::Vi, &search("to chuc bo may"));
    run(&mut app, &[NextMatch]);
    assert_eq!(app.selected_id(), Some("I"));
    let buf = draw(&mut app, 80, 24);
    insta::assert_snapshot!(buffer_text(&buf));

    // The detail pane: "tổ chức bộ máy" on its own in the heading text.
    let detail = app.screen().detail.expect("detail pane").inner;
    let (y, xs) = find(&buf, detail.y, "tổ chức bộ máy");
    let words: Vec<u16> = xs
        .iter()
        .copied()
        .filter(|x| buf[(*x, y)].symbol() != " ")
        .collect();
    for x in &words {
        assert!(is_highlight(&buf, *x, y), "({x}, {y}) not highlighted");
        let cell = &buf[(*x, y)];
        assert_eq!((cell.fg, cell.bg), (Color::Black, Color::Yellow));
    }
    // The spaces between the words and the word after them are not.
    for x in xs.iter().filter(|x| buf[(**x, y)].symbol() == " ") {
        assert!(
            !is_highlight(&buf, *x, y),
            "space at ({x}, {y}) highlighted"
        );
    }
    let after = xs.last().copied().unwrap_or(0) + 2;
    assert_eq!(buf[(after, y)].symbol(), "c", "the next word, \"của\"");
    assert!(!is_highlight(&buf, after, y));
    // "Đánh giá" before it in the same heading is not highlighted.
    let (gy, gx) = find(&buf, detail.y, "Đánh giá");
    assert!(gx.iter().all(|x| !is_highlight(&buf, *x, gy)));

    // The tree: the selected row I is a match: its symbol is highlighted,
    // and highlights show inside the reversed selection.
    let tree = app.screen().tree.expect("tree pane").inner;
    let row = tree.y + u16::try_from(app.cursor() - app.tree_offset()).expect("small");
    let symbol_x = (tree.x..tree.x + tree.width)
        .find(|x| buf[(*x, row)].symbol() == "§")
        .expect("the heading symbol");
    assert!(is_highlight(&buf, symbol_x, row));
    assert!(buf[(symbol_x, row)].modifier.contains(Modifier::REVERSED));
    // A row that is no match (I.2, a strength without these words in it
    // on screen) has no highlight anywhere.
    let (sy, _) = find(&buf, tree.y, "Việc triển khai");
    assert!(!app.is_match(app.rows()[app.tree_offset() + usize::from(sy - tree.y)]));
    assert!((tree.x..tree.x + tree.width).all(|x| !is_highlight(&buf, x, sy)));

    // The status line: the query and [M/N]; the header counts the matches.
    let text = buffer_text(&buf);
    assert!(text.contains("/to chuc bo may [2/13]"), "{text}");
    assert!(text.contains("Khớp 13"), "{text}");
}

#[test]
fn highlights_in_wrapped_lines_and_truncated_rows() {
    // A word highlighted across a wrap lands on the right line; a row cut
    // by the tree's width keeps its highlight up to the ellipsis.
    let mut app = app(Lang::Vi, &search("hieu qua"));
    run(&mut app, &[First, NextMatch]);
    let buf = draw(&mut app, 80, 24);
    let detail = app.screen().detail.expect("detail pane").inner;
    let mut seen = 0;
    for y in detail.y..detail.y + detail.height {
        for word in ["hiệu", "quả"] {
            if let Some(xs) = find_on_row(&buf, y, word) {
                for x in xs.into_iter().filter(|x| *x >= detail.x) {
                    assert!(is_highlight(&buf, x, y), "{word} at ({x}, {y})");
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 0, "{}", buffer_text(&buf));
    // The tree cuts rows with "…": a highlight runs up to the cut.
    let tree = app.screen().tree.expect("tree pane").inner;
    for y in tree.y..tree.y + tree.height {
        let last = tree.x + tree.width - 1;
        if buf[(last, y)].symbol() == "…" {
            assert!(!is_highlight(&buf, last, y), "the ellipsis at row {y}");
        }
    }
}

#[test]
fn the_prompt_puts_the_cursor_at_the_caret() {
    let mut app = app(Lang::Vi, &[OpenSearch]);
    for c in "tổ chức".chars() {
        app.update(Input(KeyEvent::from(KeyCode::Char(c))));
    }
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    app.update(Resize {
        width: 80,
        height: 24,
    });
    let mut grid = Grid::new(area);
    let cursor = ui::draw(&mut grid, area, &app);
    // " Tìm: " is 6 cells, "tổ chức" 7.
    assert_eq!(cursor, Some(Position::new(13, 23)));
    app.update(Input(KeyEvent::from(KeyCode::Left)));
    app.update(Input(KeyEvent::from(KeyCode::Left)));
    let cursor = ui::draw(&mut grid, area, &app);
    assert_eq!(cursor, Some(Position::new(11, 23)));
    let mut buf = Buffer::empty(area);
    grid.copy_to(&mut buf);
    insta::assert_snapshot!(buffer_text(&buf));
    // Through a real frame the backend's cursor is there and visible.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|frame| ui::render(frame, &app))
        .expect("draw");
    assert_eq!(
        terminal.get_cursor_position().ok(),
        Some(Position::new(11, 23))
    );
    // Closed: no cursor.
    app.update(SearchAccept);
    assert_eq!(ui::draw(&mut grid, area, &app), None);
}

#[test]
fn no_match_is_said_plainly() {
    for (lang, words) in [(Lang::Vi, "Không tìm thấy"), (Lang::En, "No match")] {
        let mut app = app(lang, &[OpenSearch]);
        for c in "qqzz".chars() {
            app.update(Input(KeyEvent::from(KeyCode::Char(c))));
        }
        let text = screen(&mut app, 80, 24);
        let status = text.lines().nth(23).unwrap_or("");
        assert!(status.contains(words), "{status}");
        app.update(SearchAccept);
        let text = screen(&mut app, 80, 24);
        let status = text.lines().nth(23).unwrap_or("");
        assert!(
            status.contains(words) && status.contains("/qqzz"),
            "{status}"
        );
    }
}

#[test]
fn tasks_only_sparse_tree_120x40() {
    let mut actions = vec![ToggleKind(ketluan::doc::Kind::Task)];
    actions.extend(search("to chuc"));
    actions.push(NextMatch);
    let mut app = app(Lang::Vi, &actions);
    let text = screen(&mut app, 120, 40);
    // The filter shows in the status line and the counts in the header.
    assert!(text.contains("Lọc: Nhiệm vụ"), "{text}");
    assert!(text.contains("chỉ mục khớp"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_filter_shows_on_small_screens_too() {
    for (w, h) in [(40, 30), (30, 10), (60, 12)] {
        let mut app = app(Lang::En, &[ToggleKind(ketluan::doc::Kind::Weakness)]);
        let text = screen(&mut app, w, h);
        let status = text.lines().last().unwrap_or("");
        assert!(status.contains("Filter: Weakness"), "{w}x{h}: {status}");
    }
}

#[test]
fn highlights_show_without_colour() {
    let mut app = app(Lang::Vi, &search("to chuc bo may")).with_color(false);
    run(&mut app, &[NextMatch]);
    let buf = draw(&mut app, 80, 24);
    let detail = app.screen().detail.expect("detail pane").inner;
    let (y, xs) = find(&buf, detail.y, "tổ");
    for x in xs {
        let cell = &buf[(x, y)];
        assert!(
            cell.modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn matches_only_without_a_search_says_how_to_narrow_the_tree() {
    let mut app = app(Lang::Vi, &[ToggleSparse]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Đã bật chỉ mục khớp; tìm bằng /"), "{text}");
    // Off again: nothing to say.
    app.update(ToggleSparse);
    assert!(app.message().is_none());
}

#[test]
fn an_empty_sparse_tree_says_nothing_matches() {
    let mut actions = vec![ToggleSparse];
    actions.extend(search("zzzq"));
    let mut app = app(Lang::Vi, &actions);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("(không có mục nào khớp)"), "{text}");
    assert!(text.contains("Khớp 0"), "{text}");
    assert!(text.contains("Không tìm thấy"), "{text}");
}

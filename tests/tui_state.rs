//! State-level tests: tables of actions with the selection, fold state and
//! scroll positions expected after each, on a small synthetic notice.

use ketluan::action::Action::{self, *};
use ketluan::app::{App, Entry, Focus};
use ketluan::doc::{Document, Kind, Meta, Node};
use ketluan::i18n::Lang;

/// ```text
/// a        heading
///   a1     point
///     a1x  task
///     a1y  task
///   a2     point
/// b        heading
///   b1     strength
/// c        point
/// ```
fn sample() -> Document {
    let spec: [(&str, Kind, Option<usize>); 8] = [
        ("a", Kind::Heading, None),
        ("a1", Kind::Point, Some(0)),
        ("a1x", Kind::Task, Some(1)),
        ("a1y", Kind::Task, Some(1)),
        ("a2", Kind::Point, Some(0)),
        ("b", Kind::Heading, None),
        ("b1", Kind::Strength, Some(5)),
        ("c", Kind::Point, None),
    ];
    let nodes = spec
        .iter()
        .map(|(id, kind, parent)| {
            let node = node(
                id,
                *kind,
                Some(id.to_uppercase()),
                Some(format!("Tiêu đề {id}")),
                // Long enough to scroll in a small detail pane.
                Some(format!("Đoạn một của {id}.\n\n{}", "chữ ".repeat(200))),
            );
            (node, *parent)
        })
        .collect();
    document("Thông báo thử", nodes)
}

/// A node not yet placed in a tree.
fn node(
    id: &str,
    kind: Kind,
    label: Option<String>,
    title: Option<String>,
    text: Option<String>,
) -> Node {
    Node {
        id: id.to_string(),
        kind,
        label,
        title,
        text,
        parent: None,
        children: Vec::new(),
        depth: 0,
    }
}

/// A notice titled `title` with a closing, from nodes in file order.
fn document(title: &str, nodes: Vec<(Node, Option<usize>)>) -> Document {
    let meta = Meta {
        title: title.into(),
        closing: Some("Hết.".into()),
        ..Meta::default()
    };
    Document::from_file_order(meta, nodes)
}

/// A browser on `doc` in an 80x24 terminal.
fn app_on(doc: Document) -> App {
    let mut app = App::new(doc, Lang::Vi);
    app.update(Resize {
        width: 80,
        height: 24,
    });
    app
}

fn app() -> App {
    app_on(sample())
}

/// What a row of a table expects: the selected entry (a node id, `"<doc>"`
/// or `"<end>"`), the folded ids, and whether `update` reported a change.
fn check(app: &mut App, table: &[(Action, &str, &[&str], bool)]) {
    for (step, (action, selected, folded, changed)) in table.iter().enumerate() {
        let got_changed = app.update(action.clone());
        let got_selected = match app.selected() {
            Entry::Front => "<doc>",
            Entry::Back => "<end>",
            Entry::Node(_) => app.selected_id().unwrap_or("?"),
        };
        assert_eq!(
            (got_selected, app.folded_ids(), got_changed),
            (*selected, folded.to_vec(), *changed),
            "step {step}: {action:?}"
        );
        // The cursor always points at the selection, which is visible.
        assert_eq!(app.rows()[app.cursor()], app.selected(), "step {step}");
    }
}

#[test]
fn moving_and_folding() {
    let mut app = app();
    check(
        &mut app,
        &[
            (Up, "<doc>", &[], false),
            (Down, "a", &[], true),
            (Down, "a1", &[], true),
            (Down, "a1x", &[], true),
            (Down, "a1y", &[], true),
            (Down, "a2", &[], true),
            // A leaf: h goes to the parent.
            (FoldOrParent, "a", &[], true),
            // An open node: h folds it.
            (FoldOrParent, "a", &["a"], true),
            // A folded top-level node: nothing above it.
            (FoldOrParent, "a", &["a"], false),
            (Down, "b", &["a"], true),
            (UnfoldOrChild, "b1", &["a"], true),
            (UnfoldOrChild, "b1", &["a"], false),
            (Parent, "b", &["a"], true),
            (Parent, "b", &["a"], false),
            (NextSibling, "c", &["a"], true),
            (NextSibling, "<end>", &["a"], true),
            (NextSibling, "<end>", &["a"], false),
            (PrevSibling, "c", &["a"], true),
            (PrevSibling, "b", &["a"], true),
            (PrevSibling, "a", &["a"], true),
            (PrevSibling, "<doc>", &["a"], true),
            (PrevSibling, "<doc>", &["a"], false),
            (Last, "<end>", &["a"], true),
            (First, "<doc>", &["a"], true),
            (NextSibling, "a", &["a"], true),
            // l on a folded node unfolds it, then enters it.
            (UnfoldOrChild, "a", &[], true),
            (UnfoldOrChild, "a1", &[], true),
            (ToggleFold, "a1", &["a1"], true),
            (ToggleFold, "a1", &[], true),
            (Down, "a1x", &[], true),
            // Enter on a leaf does nothing.
            (ToggleFold, "a1x", &[], false),
            // Siblings inside a parent.
            (NextSibling, "a1y", &[], true),
            (NextSibling, "a1y", &[], false),
            (PrevSibling, "a1x", &[], true),
            (PrevSibling, "a1x", &[], false),
        ],
    );
}

#[test]
fn folding_levels_moves_a_hidden_selection_to_its_visible_ancestor() {
    let mut app = app();
    check(
        &mut app,
        &[
            (Down, "a", &[], true),
            (Down, "a1", &[], true),
            (Down, "a1x", &[], true),
            (FoldToLevel(2), "a1", &["a1"], true),
            (FoldToLevel(2), "a1", &["a1"], false),
            (FoldToLevel(1), "a", &["a", "a1", "b"], true),
            (FoldAll, "a", &["a", "a1", "b"], false),
            (FoldToLevel(3), "a", &[], true),
            (FoldToLevel(9), "a", &[], false),
            (FoldAll, "a", &["a", "a1", "b"], true),
            (UnfoldAll, "a", &[], true),
            (UnfoldAll, "a", &[], false),
        ],
    );
}

#[test]
fn rows_follow_the_folds() {
    let mut app = app();
    assert_eq!(app.rows().len(), 10); // document + 8 nodes + closing
    app.update(FoldAll);
    assert_eq!(app.rows().len(), 5); // document, a, b, c, closing
    app.update(FoldToLevel(2));
    assert_eq!(app.rows().len(), 8); // a1's two children hidden
}

#[test]
fn page_moves_use_the_tree_height() {
    let mut app = app();
    // 80x24: 2 header rows, a status row, borders: 19 tree rows > 10 rows.
    check(
        &mut app,
        &[
            (PageDown, "<end>", &[], true),
            (PageUp, "<doc>", &[], true),
            (HalfPageDown, "<end>", &[], true),
        ],
    );
    app.update(Resize {
        width: 80,
        height: 9,
    });
    // 9 rows: 1 header row, status, borders: 5 tree rows.
    check(
        &mut app,
        &[
            (First, "<doc>", &[], true),
            (PageDown, "a2", &[], true),
            (HalfPageDown, "b1", &[], true),
            (HalfPageUp, "a2", &[], true),
            (PageUp, "<doc>", &[], true),
            (HalfPageDown, "a1", &[], true),
        ],
    );
    assert!(app.tree_offset() <= app.cursor() && app.cursor() < app.tree_offset() + 5);
}

#[test]
fn the_focused_detail_pane_scrolls_without_moving_the_selection() {
    let mut app = app();
    app.update(Resize {
        width: 60,
        height: 12,
    });
    for a in [Down, FocusNext] {
        app.update(a);
    }
    assert_eq!(app.focus(), Focus::Detail);
    let table: &[(Action, usize)] = &[
        (Down, 1),
        (Down, 2),
        (Up, 1),
        (First, 0),
        (Up, 0),
        // 60x12: one header row, status, borders: 8 lines of detail.
        (PageDown, 8),
        (HalfPageDown, 12),
        (HalfPageUp, 8),
    ];
    for (action, scroll) in table {
        app.update(action.clone());
        assert_eq!(
            (app.detail_scroll(), app.selected_id()),
            (*scroll, Some("a")),
            "{action:?}"
        );
    }
    app.update(Last);
    let bottom = app.detail_scroll();
    assert!(bottom > 10);
    assert!(!app.update(Down), "already at the bottom");
    // Tree moves still work from the detail pane, and start at the top.
    app.update(NextSibling);
    assert_eq!((app.selected_id(), app.detail_scroll()), (Some("b"), 0));
    app.update(Back);
    assert_eq!(app.focus(), Focus::Tree);
    app.update(FocusNext);
    app.update(FocusNext);
    assert_eq!(app.focus(), Focus::Tree);
}

#[test]
fn the_help_is_modal() {
    let mut app = app();
    app.update(Resize {
        width: 80,
        height: 12,
    });
    assert!(app.update(ToggleHelp));
    assert_eq!(app.help(), Some(0));
    // Movement scrolls the help; tree actions are ignored.
    app.update(Down);
    assert_eq!(app.help(), Some(1));
    assert!(!app.update(FoldAll));
    assert!(app.folded_ids().is_empty());
    assert_eq!(app.selected(), Entry::Front);
    app.update(Last);
    let end = app.help().unwrap_or(0);
    assert!(end > 1);
    assert!(!app.update(PageDown));
    app.update(Back);
    assert_eq!(app.help(), None);
    app.update(ToggleHelp);
    app.update(ToggleHelp);
    assert_eq!(app.help(), None);
    app.update(ToggleHelp);
    app.update(Quit);
    assert!(app.should_quit());
}

#[test]
fn mouse_clicks_select_and_toggle() {
    let mut app = app();
    let tree = app.screen().tree.expect("tree pane").inner;
    // Row 2 of the tree is a1 (document, a, a1, ...).
    assert!(app.update(Click {
        column: tree.x + 20,
        row: tree.y + 2,
    }));
    assert_eq!(app.selected_id(), Some("a1"));
    assert!(app.folded_ids().is_empty());
    // a1 is at depth 1: its marker is two cells in.
    assert!(app.update(Click {
        column: tree.x + 2,
        row: tree.y + 2,
    }));
    assert_eq!(app.folded_ids(), ["a1"]);
    assert!(app.update(Click {
        column: tree.x + 2,
        row: tree.y + 2,
    }));
    assert!(app.folded_ids().is_empty());
    // Below the last row: nothing.
    assert!(!app.update(Click {
        column: tree.x + 2,
        row: tree.y + 15,
    }));
    assert_eq!(app.selected_id(), Some("a1"));
    // A click in the detail pane gives it the focus; one in the tree takes
    // it back.
    let detail = app.screen().detail.expect("detail pane").inner;
    app.update(Click {
        column: detail.x + 1,
        row: detail.y + 1,
    });
    assert_eq!(app.focus(), Focus::Detail);
    app.update(Click {
        column: tree.x + 20,
        row: tree.y,
    });
    assert_eq!((app.focus(), app.selected()), (Focus::Tree, Entry::Front));
    // Any click closes the help.
    app.update(ToggleHelp);
    app.update(Click { column: 0, row: 0 });
    assert_eq!(app.help(), None);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app();
    app.update(Resize {
        width: 80,
        height: 9,
    });
    app.update(Down);
    let screen = app.screen();
    let tree = screen.tree.expect("tree pane").inner;
    let detail = screen.detail.expect("detail pane").inner;
    let over_tree = (tree.x + 1, tree.y + 1);
    let over_detail = (detail.x + 1, detail.y + 1);
    app.update(ScrollDown {
        column: over_tree.0,
        row: over_tree.1,
    });
    assert_eq!((app.tree_offset(), app.detail_scroll()), (3, 0));
    assert_eq!(app.selected_id(), Some("a"), "the wheel does not select");
    app.update(ScrollDown {
        column: over_tree.0,
        row: over_tree.1,
    });
    assert_eq!(
        app.tree_offset(),
        5,
        "stops at the last page (10 rows, 5 shown)"
    );
    app.update(ScrollUp {
        column: over_tree.0,
        row: over_tree.1,
    });
    assert_eq!(app.tree_offset(), 2);
    app.update(ScrollDown {
        column: over_detail.0,
        row: over_detail.1,
    });
    assert_eq!((app.tree_offset(), app.detail_scroll()), (2, 3));
    // A keyboard move brings the selection back into view.
    app.update(Down);
    assert_eq!(app.selected_id(), Some("a1"));
    assert!(app.tree_offset() <= app.cursor());
}

#[test]
fn single_pane_mode_switches_with_tab_and_the_status_line() {
    let mut app = app();
    app.update(Resize {
        width: 40,
        height: 10,
    });
    let screen = app.screen();
    assert!(screen.tree.is_some() && screen.detail.is_none());
    let status = screen.status.expect("status line");
    app.update(Click {
        column: 3,
        row: status.y,
    });
    assert_eq!(app.focus(), Focus::Detail);
    assert!(app.screen().tree.is_none());
    app.update(FocusNext);
    assert!(app.screen().detail.is_none());
}

#[test]
fn a_hundred_thousand_deep_chain_works() {
    let n: usize = 100_000;
    let nodes = (0..n)
        .map(|i| {
            let node = node(
                &format!("n{i}"),
                Kind::Point,
                None,
                None,
                Some(format!("{i}")),
            );
            (node, i.checked_sub(1))
        })
        .collect();
    let mut app = App::new(Document::from_file_order(Meta::default(), nodes), Lang::En);
    app.update(Last);
    assert_eq!(app.selected_id(), Some("n99999"));
    app.update(FoldToLevel(3));
    assert_eq!(app.selected_id(), Some("n2"));
    assert_eq!(app.rows().len(), 4);
    app.update(UnfoldAll);
    app.update(Last);
    app.update(Parent);
    assert_eq!(app.selected_id(), Some("n99998"));
    app.update(FoldAll);
    assert_eq!(app.selected_id(), Some("n0"));
    for a in [
        UnfoldOrChild,
        UnfoldOrChild,
        NextSibling,
        PrevSibling,
        ToggleFold,
    ] {
        app.update(a);
    }
    // n0 and n1 unfolded again; n2 to n99998 still folded.
    assert_eq!(app.selected_id(), Some("n1"));
    let folded = app.folded_ids();
    assert_eq!((folded.len(), folded.first()), (n - 3, Some(&"n2")));
    assert_eq!(app.rows().len(), 4); // document, n0, n1, n2
}

#[test]
fn clicking_a_child_listed_in_the_detail_selects_it() {
    let mut app = app();
    for a in [Down, FocusNext, Last] {
        app.update(a);
    }
    assert_eq!(app.selected_id(), Some("a"));
    let inner = app.screen().detail.expect("detail pane").inner;
    let content = ketluan::ui::detail::content(&app, usize::from(inner.width));
    let links: Vec<(usize, Entry)> = content.links().collect();
    assert_eq!(links.len(), 2, "a1 and a2 are listed");
    let (line, target) = links[1];
    assert_eq!(content.link_at(line), Some(target));
    let row = inner.y + u16::try_from(line - app.detail_scroll()).expect("small");
    // A click on a plain text line does nothing but focus.
    assert!(!app.update(Click {
        column: inner.x + 3,
        row: inner.y,
    }));
    assert!(app.update(Click {
        column: inner.x + 3,
        row,
    }));
    assert_eq!(app.selected(), target);
    assert_eq!(app.selected_id(), Some("a2"));
    assert_eq!(app.detail_scroll(), 0);
}

/// A deterministic pseudo-random walk over every action, sizes included,
/// checking the invariants after each step and drawing now and then.
#[test]
fn random_walk_keeps_the_invariants() {
    use ratatui::layout::Rect;

    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let empty = Document::from_file_order(Meta::default(), Vec::new());
    for doc in [sample(), empty] {
        let mut app = App::new(doc, Lang::Vi);
        let (mut w, mut h) = (80u16, 24u16);
        for step in 0..4000 {
            let action = match next(37) {
                0 => Down,
                1 => Up,
                2 => FoldOrParent,
                3 => UnfoldOrChild,
                4 => ToggleFold,
                5 => First,
                6 => Last,
                7 => PageUp,
                8 => PageDown,
                9 => HalfPageUp,
                10 => HalfPageDown,
                11 => NextSibling,
                12 => PrevSibling,
                13 => Parent,
                14 => FoldAll,
                15 => UnfoldAll,
                16 => FoldToLevel(1 + next(9) as u8),
                17 => FocusNext,
                18 => Back,
                19 => ToggleHelp,
                20 | 21 => Click {
                    column: next(u64::from(w) + 2) as u16,
                    row: next(u64::from(h) + 2) as u16,
                },
                22 => ScrollUp {
                    column: next(u64::from(w) + 2) as u16,
                    row: next(u64::from(h) + 2) as u16,
                },
                23 => ScrollDown {
                    column: next(u64::from(w) + 2) as u16,
                    row: next(u64::from(h) + 2) as u16,
                },
                // Search: open, type, edit, accept, cancel, step, filter.
                24 => OpenSearch,
                25..=27 => {
                    let text: Vec<char> = "tổ chức đề a1 bx".chars().collect();
                    let c = text[next(text.len() as u64) as usize];
                    Input(ratatui::crossterm::event::KeyEvent::from(
                        ratatui::crossterm::event::KeyCode::Char(c),
                    ))
                }
                28 => Input(ratatui::crossterm::event::KeyEvent::from(
                    ratatui::crossterm::event::KeyCode::Backspace,
                )),
                29 => SearchAccept,
                30 => SearchCancel,
                31 => NextMatch,
                32 => PrevMatch,
                33 => ToggleSparse,
                34 => ToggleKind(Kind::ALL[next(6) as usize]),
                35 => {
                    if next(4) == 0 {
                        ClearSearch
                    } else {
                        Paste("chữ a".into())
                    }
                }
                _ => {
                    w = next(130) as u16;
                    h = next(45) as u16;
                    Resize {
                        width: w,
                        height: h,
                    }
                }
            };
            app.update(action);
            assert_eq!(app.rows()[app.cursor()], app.selected(), "step {step}");
            // What the search found is what a fresh search finds.
            if let Some(m) = app.matches() {
                assert!(m.targets().windows(2).all(|w| w[0] < w[1]), "step {step}");
            }
            // The sparse view shows matches and their ancestors only.
            if app.sparse_view()
                && let Some(m) = app.matches()
            {
                for e in app.rows() {
                    let ok = match e {
                        Entry::Front => true,
                        Entry::Back => app.is_match(*e),
                        Entry::Node(idx) => {
                            app.is_match(*e)
                                || m.nodes().any(|n| app.doc().ancestors(n).contains(idx))
                        }
                    };
                    assert!(ok, "step {step}: {e:?} shown without a match under it");
                }
            }
            assert!(app.tree_offset() < app.rows().len().max(1), "step {step}");
            if step % 50 == 0 {
                let area = Rect::new(0, 0, w, h);
                let mut grid = ketluan::grid::Grid::new(area);
                ketluan::ui::draw(&mut grid, area, &app);
            }
        }
        assert!(!app.should_quit());
    }
}

// ---------------------------------------------------------------------
// Search and filters.

use ketluan::keymap::Mode;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// ```text
/// a        heading   Đánh giá kết quả
///   a1     strength  Tổ chức bộ máy tinh gọn
///   a2     weakness  Người đứng đầu còn né tránh
///     a2x  cause     Nhận thức về tổ chức chưa đầy đủ
/// b        heading   Nhiệm vụ
///   b1     task      Tiếp tục sắp xếp tổ chức bộ máy
///   b2     task      Nâng cao vai trò người đứng đầu
/// ```
fn notice() -> Document {
    /// Id, kind, parent, title, text.
    type Spec<'a> = (&'a str, Kind, Option<usize>, Option<&'a str>, &'a str);
    let spec: [Spec; 7] = [
        ("a", Kind::Heading, None, Some("Đánh giá kết quả"), ""),
        (
            "a1",
            Kind::Strength,
            Some(0),
            None,
            "Tổ chức bộ máy tinh gọn",
        ),
        (
            "a2",
            Kind::Weakness,
            Some(0),
            None,
            "Người đứng đầu còn né tránh",
        ),
        (
            "a2x",
            Kind::Cause,
            Some(2),
            None,
            "Nhận thức về tổ chức chưa đầy đủ",
        ),
        ("b", Kind::Heading, None, Some("Nhiệm vụ"), ""),
        (
            "b1",
            Kind::Task,
            Some(4),
            None,
            "Tiếp tục sắp xếp tổ chức bộ máy",
        ),
        (
            "b2",
            Kind::Task,
            Some(4),
            None,
            "Nâng cao vai trò người đứng đầu",
        ),
    ];
    let nodes = spec
        .iter()
        .map(|(id, kind, parent, title, text)| {
            let node = node(
                id,
                *kind,
                None,
                title.map(str::to_string),
                (!text.is_empty()).then(|| (*text).to_string()),
            );
            (node, *parent)
        })
        .collect();
    document("Thông báo kết luận", nodes)
}

fn search_app() -> App {
    app_on(notice())
}

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn bs() -> KeyEvent {
    KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
}

/// Feeds one terminal event the way the event loop does: mapped in the
/// mode the app is in now. Returns whether the screen changed.
fn event(app: &mut App, ev: Event) -> bool {
    match ketluan::tui::action_for_event(&ev, app.mode()) {
        Some(action) => app.update(action),
        None => false,
    }
}

fn key(app: &mut App, k: KeyEvent) -> bool {
    event(app, Event::Key(k))
}

/// Types `s` one character at a time, as a terminal sends it.
fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, ch(c));
    }
}

fn selected(app: &App) -> &str {
    match app.selected() {
        Entry::Front => "<doc>",
        Entry::Back => "<end>",
        Entry::Node(_) => app.selected_id().unwrap_or("?"),
    }
}

/// The visible rows as ids.
fn row_ids(app: &App) -> Vec<String> {
    app.rows()
        .iter()
        .map(|e| match e {
            Entry::Front => "<doc>".to_string(),
            Entry::Back => "<end>".to_string(),
            Entry::Node(idx) => app.doc().node(*idx).id.clone(),
        })
        .collect()
}

/// `[M/N]` as the status line shows it.
fn position(app: &App) -> Option<String> {
    app.match_position().map(|(m, n)| {
        let m = m.map_or_else(|| "–".to_string(), |m| m.to_string());
        format!("[{m}/{n}]")
    })
}

#[test]
fn the_prompt_searches_on_every_keystroke_and_moves_to_the_first_match() {
    let mut app = search_app();
    assert_eq!(app.mode(), Mode::Browse);
    assert!(key(&mut app, ch('/')));
    assert_eq!(app.mode(), Mode::Prompt);
    // (typed so far, selected, [M/N])
    let table: &[(&str, &str, Option<&str>)] = &[
        // "t" occurs in the document's title: the first match from the top.
        ("t", "<doc>", Some("[1/8]")),
        ("to", "a1", Some("[1/3]")),
        ("to ", "a1", Some("[1/3]")),
        ("to c", "a1", Some("[1/3]")),
        ("to chuc", "a1", Some("[1/3]")),
        ("to chuc bo may", "a1", Some("[1/2]")),
        // "z" is nowhere: no match, and the selection is back where the
        // prompt opened.
        ("to chuc bo may z", "<doc>", Some("[–/0]")),
    ];
    let mut typed = String::new();
    for (text, sel, pos) in table {
        let more = &text[typed.len()..];
        type_str(&mut app, more);
        typed = (*text).to_string();
        assert_eq!(app.prompt().map(|p| p.text()), Some(*text));
        assert_eq!(app.query_text(), *text);
        assert_eq!(
            (selected(&app), position(&app).as_deref()),
            (*sel, *pos),
            "after {text:?}"
        );
    }
    // Backspace: the match is back, and so is the selection on it.
    assert!(key(&mut app, bs()));
    assert!(key(&mut app, bs()));
    assert_eq!(app.query_text(), "to chuc bo may");
    assert_eq!(
        (selected(&app), position(&app).as_deref()),
        ("a1", Some("[1/2]"))
    );
    // Letters that are browsing keys are text in the prompt.
    let folded_before = app.folded_ids().len();
    for c in ['q', 'j', 'n', 'c', 'f', 'x', '?', 'T'] {
        key(&mut app, ch(c));
        assert!(!app.should_quit() && app.help().is_none());
    }
    assert_eq!(app.query_text(), "to chuc bo mayqjncfx?T");
    assert_eq!(app.folded_ids().len(), folded_before);
    assert!(!app.sparse() && app.filter().kinds.is_none());
}

#[test]
fn enter_keeps_the_query_and_n_wraps_both_ways() {
    let mut app = search_app();
    key(&mut app, ch('/'));
    type_str(&mut app, "to chuc");
    assert!(key(
        &mut app,
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    ));
    assert_eq!(app.mode(), Mode::Browse);
    assert!(app.prompt().is_none());
    assert_eq!(app.query_text(), "to chuc");
    // (key, selected, [M/N])
    let table: &[(char, &str, &str)] = &[
        ('n', "a2x", "[2/3]"),
        ('n', "b1", "[3/3]"),
        ('n', "a1", "[1/3]"),
        ('N', "b1", "[3/3]"),
        ('N', "a2x", "[2/3]"),
        // Plain movement still works and leaves the query alone.
        ('k', "a2", "[–/3]"),
        ('n', "a2x", "[2/3]"),
        ('j', "b", "[–/3]"),
        ('N', "a2x", "[2/3]"),
    ];
    for (k, sel, pos) in table {
        assert!(key(&mut app, ch(*k)), "{k}");
        assert_eq!(
            (selected(&app), position(&app).as_deref()),
            (*sel, Some(*pos)),
            "after {k}"
        );
    }
    // `/` again offers the query selected: a moving key keeps it to
    // edit, typing replaces it.
    key(&mut app, ch('/'));
    assert_eq!(
        app.prompt().map(|p| (p.text(), p.caret(), p.is_selected())),
        Some(("to chuc", 7, true))
    );
    key(&mut app, KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
    type_str(&mut app, " bo");
    assert_eq!(app.query_text(), "to chuc bo");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    key(&mut app, ch('/'));
    type_str(&mut app, "nhan");
    assert_eq!(app.query_text(), "nhan");
    // Esc puts back the search in force before `/`, not none.
    key(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.query_text(), "to chuc bo");
    assert!(app.matches().is_some());
    // `/` and Enter on the offered query searches it again: the next
    // match, as n goes.
    let before = selected(&app).to_string();
    key(&mut app, ch('/'));
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_ne!(selected(&app), before);
    assert!(
        position(&app).is_some_and(|p| !p.contains('–')),
        "{:?}",
        position(&app)
    );
}

#[test]
fn n_unfolds_the_ancestors_of_the_match() {
    let mut app = search_app();
    app.update(FoldAll);
    assert_eq!(app.folded_ids(), ["a", "a2", "b"]);
    key(&mut app, ch('/'));
    type_str(&mut app, "nhan thuc");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    // The match is a2x, under a and a2: both opened, b still folded.
    assert_eq!(selected(&app), "a2x");
    assert_eq!(app.folded_ids(), ["b"]);
    assert_eq!(app.rows()[app.cursor()], app.selected());
    app.update(FoldAll);
    assert_eq!(selected(&app), "a");
    key(&mut app, ch('n'));
    assert_eq!(selected(&app), "a2x");
    assert_eq!(app.folded_ids(), ["b"]);
    // With a query that matches under b too, N wraps to it, opening b.
    key(&mut app, ch('/'));
    for _ in 0..9 {
        key(&mut app, bs());
    }
    type_str(&mut app, "dung dau");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(selected(&app), "b2", "the first match after a2x");
    assert!(app.folded_ids().is_empty());
}

#[test]
fn incremental_search_leaves_no_trail_of_opened_folds() {
    let mut app = search_app();
    app.update(FoldAll);
    key(&mut app, ch('/'));
    type_str(&mut app, "nhan");
    // "nhận thức" in a2x, under folded a and a2.
    assert_eq!(selected(&app), "a2x");
    assert_eq!(app.folded_ids(), ["b"]);
    type_str(&mut app, "g vi");
    // "nâng ... vai" no; "nhang" nowhere: back where the prompt opened,
    // with the folds as they were.
    assert_eq!(app.query_text(), "nhang vi");
    assert_eq!(selected(&app), "<doc>");
    assert_eq!(app.folded_ids(), ["a", "a2", "b"]);
    for _ in 0..8 {
        key(&mut app, bs());
    }
    type_str(&mut app, "nang cao");
    assert_eq!(selected(&app), "b2");
    assert_eq!(app.folded_ids(), ["a", "a2"]);
}

#[test]
fn esc_drops_the_query_and_goes_back() {
    let mut app = search_app();
    app.update(FoldAll);
    app.update(Down);
    assert_eq!(selected(&app), "a");
    key(&mut app, ch('/'));
    type_str(&mut app, "dung dau");
    assert_eq!(selected(&app), "a2");
    assert!(key(
        &mut app,
        KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)
    ));
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!((app.query_text(), app.matches()), ("", None));
    assert_eq!(selected(&app), "a");
    assert_eq!(app.folded_ids(), ["a", "a2", "b"]);
    // Ctrl-c in the prompt cancels too, without quitting.
    key(&mut app, ch('/'));
    type_str(&mut app, "x");
    key(
        &mut app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    );
    assert!(!app.should_quit());
    assert_eq!((app.mode(), app.query_text()), (Mode::Browse, ""));
    // Enter on an empty prompt is no search either.
    key(&mut app, ch('/'));
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.matches(), None);
    // n with no search moves nothing and says how to search.
    let before = selected(&app).to_string();
    assert!(key(&mut app, ch('n')));
    assert_eq!(selected(&app), before);
    assert_eq!(
        app.message().map(|m| m.text.as_str()),
        Some("Chưa tìm gì; bấm / để tìm")
    );
}

#[test]
fn up_and_down_in_the_prompt_step_through_matches() {
    let mut app = search_app();
    key(&mut app, ch('/'));
    type_str(&mut app, "bo may");
    assert_eq!(selected(&app), "a1");
    key(&mut app, KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    assert_eq!(selected(&app), "b1");
    key(
        &mut app,
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
    );
    assert_eq!(selected(&app), "a1");
    key(&mut app, KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    assert_eq!(selected(&app), "b1");
    assert_eq!(app.mode(), Mode::Prompt);
    assert_eq!(app.query_text(), "bo may");
}

#[test]
fn replayed_input_method_sequences_give_the_intended_query() {
    // Telex and VNI in "backspace" mode, as Unikey, ibus-bamboo and fcitx5
    // send them: the letter, then Backspace (or Ctrl-h) and the accented
    // letter, all as key events in one burst.
    let ctrl_h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL);
    let cases: Vec<(Vec<KeyEvent>, &str)> = vec![
        (vec![ch('a'), bs(), ch('á')], "á"),
        (vec![ch('a'), ctrl_h, ch('á')], "á"),
        // "Vieetj": V i e, ê replaces e, t, then ệt replaces êt.
        (
            vec![
                ch('V'),
                ch('i'),
                ch('e'),
                bs(),
                ch('ê'),
                ch('t'),
                bs(),
                bs(),
                ch('ệ'),
                ch('t'),
            ],
            "Việt",
        ),
        // "dd" makes đ: d, Backspace, đ; then "ang" and the tone "r".
        (
            vec![
                ch('d'),
                bs(),
                ch('đ'),
                ch('a'),
                ch('n'),
                ch('g'),
                bs(),
                bs(),
                bs(),
                ch('ả'),
                ch('n'),
                ch('g'),
            ],
            "đảng",
        ),
        // The same with Ctrl-h, as some terminals send Backspace.
        (
            vec![
                ch('t'),
                ch('o'),
                ctrl_h,
                ch('ô'),
                ctrl_h,
                ch('ổ'),
                ch(' '),
                ch('c'),
                ch('h'),
                ch('u'),
                ctrl_h,
                ch('ư'),
                ch('c'),
                ctrl_h,
                ctrl_h,
                ch('ứ'),
                ch('c'),
            ],
            "tổ chức",
        ),
    ];
    for (events, want) in cases {
        let mut app = search_app();
        key(&mut app, ch('/'));
        // One burst: nothing drawn between the events.
        for ev in &events {
            key(&mut app, *ev);
        }
        assert_eq!(app.query_text(), want, "{events:?}");
        assert_eq!(app.mode(), Mode::Prompt);
        assert!(!app.should_quit());
    }
    // The accented query finds what it should: "tổ chức" in a1, a2x, b1.
    let mut app = search_app();
    key(&mut app, ch('/'));
    for ev in [ch('t'), ch('o'), bs(), ch('ổ')] {
        key(&mut app, ev);
    }
    type_str(&mut app, " chức");
    assert_eq!(position(&app).as_deref(), Some("[1/3]"));
    assert_eq!(selected(&app), "a1");
}

#[test]
fn caret_moves_redraw_and_releases_do_nothing() {
    let mut app = search_app();
    key(&mut app, ch('/'));
    type_str(&mut app, "tổ");
    assert!(key(
        &mut app,
        KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)
    ));
    assert_eq!(app.prompt().map(|p| p.caret()), Some(1));
    assert!(key(
        &mut app,
        KeyEvent::new(KeyCode::Home, KeyModifiers::NONE)
    ));
    assert!(!key(
        &mut app,
        KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)
    ));
    assert!(!key(&mut app, bs()), "nothing before the caret");
    assert!(key(
        &mut app,
        KeyEvent::new(KeyCode::End, KeyModifiers::NONE)
    ));
    let mut release = ch('x');
    release.kind = KeyEventKind::Release;
    assert!(!key(&mut app, release));
    assert_eq!(app.query_text(), "tổ");
}

#[test]
fn bracketed_paste_goes_into_the_prompt_or_opens_it() {
    let mut app = search_app();
    // While browsing, a paste starts a search with it.
    assert!(event(
        &mut app,
        Event::Paste("ngu\u{31b}o\u{31b}\u{300}i\r\nđứng".into())
    ));
    assert_eq!(app.mode(), Mode::Prompt);
    assert_eq!(app.query_text(), "người đứng");
    assert_eq!(selected(&app), "a2");
    // In the prompt, at the caret.
    event(&mut app, Event::Paste(" đầu".into()));
    assert_eq!(app.query_text(), "người đứng đầu");
    assert_eq!(position(&app).as_deref(), Some("[1/2]"));
}

#[test]
fn kind_filters_show_only_those_kinds_and_combine_with_the_query() {
    let mut app = search_app();
    let all = row_ids(&app);
    assert_eq!(all.len(), 9);
    // T: tasks only, with their ancestors; the sparse view comes on.
    assert!(key(&mut app, ch('T')));
    assert_eq!(row_ids(&app), ["<doc>", "b", "b1", "b2"]);
    assert!(app.sparse_view());
    // The selection was visible: it stays; n goes to the first task.
    assert_eq!(position(&app).as_deref(), Some("[–/2]"));
    assert_eq!(selected(&app), "<doc>");
    key(&mut app, ch('n'));
    assert_eq!(
        (selected(&app), position(&app).as_deref()),
        ("b1", Some("[1/2]"))
    );
    assert_eq!(app.matches().map(|m| m.count(Kind::Task)), Some(2));
    // W and C too: any of the three kinds.
    key(&mut app, ch('W'));
    key(&mut app, ch('C'));
    assert_eq!(row_ids(&app), ["<doc>", "a", "a2", "a2x", "b", "b1", "b2"]);
    // A query narrows the filter further.
    assert_eq!(selected(&app), "b1");
    key(&mut app, ch('/'));
    type_str(&mut app, "to chuc");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(row_ids(&app), ["<doc>", "a", "a2", "a2x", "b", "b1"]);
    assert_eq!(
        (selected(&app), position(&app).as_deref()),
        ("b1", Some("[2/2]"))
    );
    // S is not among them: strengths stay out.
    assert!(app.matches().is_some_and(|m| m.count(Kind::Strength) == 0));
    // Taking the kinds out again: the query alone, the full tree (the view
    // was off before the filter).
    for k in ['T', 'W', 'C'] {
        key(&mut app, ch(k));
    }
    assert_eq!(app.filter().kinds, None);
    assert!(!app.sparse_view());
    assert_eq!(row_ids(&app), all);
    assert_eq!(position(&app).map(|p| p.ends_with("/3]")), Some(true));
}

#[test]
fn f_toggles_the_sparse_tree_of_the_matches() {
    let mut app = search_app();
    key(&mut app, ch('/'));
    type_str(&mut app, "nguoi dung dau");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(selected(&app), "a2");
    assert!(key(&mut app, ch('f')));
    assert!(app.sparse());
    assert_eq!(row_ids(&app), ["<doc>", "a", "a2", "b", "b2"]);
    assert_eq!(selected(&app), "a2", "a visible selection stays");
    // Siblings hidden by the view are skipped; the parent is always there.
    key(&mut app, ch('p'));
    assert_eq!(selected(&app), "a");
    key(&mut app, ch('J'));
    assert_eq!(selected(&app), "b");
    key(&mut app, ch('l'));
    assert_eq!(selected(&app), "b2", "the first child shown");
    // A match with children the view hides: l shows everything.
    key(&mut app, ch('N'));
    assert_eq!(selected(&app), "a2");
    assert!(
        !app.has_visible_children(app.doc().find("a2").map(Entry::Node).map_or_else(
            || unreachable!(),
            |e| match e {
                Entry::Node(i) => i,
                _ => unreachable!(),
            }
        ))
    );
    key(&mut app, ch('l'));
    assert_eq!(selected(&app), "a2x");
    assert!(!app.sparse_view());
    assert_eq!(row_ids(&app).len(), 9);
    // f again: the selection (not a match) moves to the next match.
    key(&mut app, ch('f'));
    assert_eq!(selected(&app), "b2");
    key(&mut app, ch('f'));
    assert_eq!((selected(&app), row_ids(&app).len()), ("b2", 9));
    // Folds apply inside the view too.
    key(&mut app, ch('f'));
    app.update(FoldAll);
    assert_eq!(row_ids(&app), ["<doc>", "a", "b"]);
    assert_eq!(selected(&app), "b");
    key(&mut app, ch('N'));
    assert_eq!(selected(&app), "a2");
    assert_eq!(row_ids(&app), ["<doc>", "a", "a2", "b"]);
}

#[test]
fn a_sparse_view_with_no_match_keeps_the_document_row() {
    let mut app = search_app();
    key(&mut app, ch('f'));
    assert!(app.sparse() && !app.sparse_view(), "nothing to filter yet");
    key(&mut app, ch('/'));
    type_str(&mut app, "khong co dau");
    assert_eq!(row_ids(&app), ["<doc>"]);
    assert_eq!(position(&app).as_deref(), Some("[–/0]"));
    // Every movement stays in bounds.
    for a in [Down, Last, PageDown, NextSibling, UnfoldOrChild] {
        app.update(a);
    }
    key(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(row_ids(&app).len(), 9);
}

#[test]
fn x_clears_the_query_the_filters_and_the_view() {
    let mut app = search_app();
    key(&mut app, ch('/'));
    type_str(&mut app, "bo may");
    key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    key(&mut app, ch('T'));
    key(&mut app, ch('f'));
    key(&mut app, ch('f'));
    assert!(app.sparse_view());
    assert_eq!(selected(&app), "b1");
    assert!(key(&mut app, ch('x')));
    assert_eq!(
        (
            app.query_text(),
            app.matches(),
            app.filter().kinds,
            app.sparse()
        ),
        ("", None, None, false)
    );
    assert_eq!(row_ids(&app).len(), 9);
    assert_eq!(selected(&app), "b1");
    // Nothing left to clear: the tree stays, a message says so.
    assert!(key(&mut app, ch('x')));
    assert_eq!(row_ids(&app).len(), 9);
    assert_eq!(
        app.message().map(|m| m.text.as_str()),
        Some("Không có tìm kiếm hay bộ lọc nào để bỏ")
    );
}

#[test]
fn searching_a_hundred_thousand_nodes() {
    // A flat list under one heading, and a chain: n/N and the sparse view
    // stay correct; navigation does not search (no way to observe that
    // here but the time it takes, which the whole test bounds loosely).
    let n: usize = 100_000;
    let start = std::time::Instant::now();
    for chain in [false, true] {
        let nodes = (0..n)
            .map(|i| {
                let kind = if i % 1000 == 7 {
                    Kind::Task
                } else {
                    Kind::Point
                };
                let node = node(
                    &format!("n{i}"),
                    kind,
                    None,
                    None,
                    Some(format!("Mục số {i}")),
                );
                let parent = if chain {
                    i.checked_sub(1)
                } else {
                    (i > 0).then_some(0)
                };
                (node, parent)
            })
            .collect();
        let mut app = App::new(Document::from_file_order(Meta::default(), nodes), Lang::Vi);
        app.update(FoldAll);
        key(&mut app, ch('/'));
        type_str(&mut app, "so 99999");
        assert_eq!(selected(&app), "n99999");
        key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        key(&mut app, ch('f'));
        let expect_rows = if chain { n + 1 } else { 3 };
        assert_eq!(app.rows().len(), expect_rows);
        key(&mut app, ch('x'));
        key(&mut app, ch('T'));
        assert_eq!(app.matches().map(|m| m.len()), Some(100));
        for _ in 0..200 {
            key(&mut app, ch('n'));
            key(&mut app, ch('j'));
        }
        assert!(app.is_match(app.selected()) || selected(&app) != "?");
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(120));
}

#[test]
fn a_match_deep_in_a_long_text_scrolls_into_view() {
    let text = format!("{} đích đến.", "chữ ".repeat(400));
    let node = node("dai", Kind::Point, None, Some("Mục dài".into()), Some(text));
    let doc = Document::from_file_order(Meta::default(), vec![(node, None)]);
    let mut app = app_on(doc);
    key(&mut app, ch('/'));
    type_str(&mut app, "dich den");
    assert_eq!(selected(&app), "dai");
    let pane = app.screen().detail.expect("detail pane").inner;
    let content = ketluan::ui::detail::content(&app, usize::from(pane.width));
    let line = content.first_highlight.expect("a highlighted line");
    let (top, h) = (app.detail_scroll(), usize::from(pane.height));
    assert!(
        top <= line && line < top + h,
        "line {line} not in {top}..{}",
        top + h
    );
    assert!(top > 0);
    // Esc: back to the top of the document entry.
    key(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!((selected(&app), app.detail_scroll()), ("<doc>", 0));
}

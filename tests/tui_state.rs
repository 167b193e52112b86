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
            let node = Node {
                id: (*id).to_string(),
                kind: *kind,
                label: Some(id.to_uppercase()),
                title: Some(format!("Tiêu đề {id}")),
                // Long enough to scroll in a small detail pane.
                text: Some(format!("Đoạn một của {id}.\n\n{}", "chữ ".repeat(200))),
                parent: None,
                children: Vec::new(),
                depth: 0,
            };
            (node, *parent)
        })
        .collect();
    let meta = Meta {
        title: "Thông báo thử".into(),
        closing: Some("Hết.".into()),
        ..Meta::default()
    };
    Document::from_file_order(meta, nodes)
}

fn app() -> App {
    let mut app = App::new(sample(), Lang::Vi);
    app.update(Resize {
        width: 80,
        height: 24,
    });
    app
}

/// What a row of a table expects: the selected entry (a node id, `"<doc>"`
/// or `"<end>"`), the folded ids, and whether `update` reported a change.
fn check(app: &mut App, table: &[(Action, &str, &[&str], bool)]) {
    for (step, (action, selected, folded, changed)) in table.iter().enumerate() {
        let got_changed = app.update(*action);
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
        app.update(*action);
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
            let node = Node {
                id: format!("n{i}"),
                kind: Kind::Point,
                label: None,
                title: None,
                text: Some(format!("{i}")),
                parent: None,
                children: Vec::new(),
                depth: 0,
            };
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
    let ids: Vec<Entry> = content.links.iter().map(|(_, e)| *e).collect();
    assert_eq!(ids.len(), 2, "a1 and a2 are listed");
    let (line, target) = content.links[1];
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
    use ratatui::buffer::Buffer;
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
            let action = match next(26) {
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
            assert!(app.tree_offset() < app.rows().len().max(1), "step {step}");
            if step % 50 == 0 {
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                ketluan::ui::draw(&mut buf, area, &app);
            }
        }
        assert!(!app.should_quit());
    }
}

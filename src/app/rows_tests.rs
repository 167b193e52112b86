//! The rows edited in place on fold and unfold are the rows a full
//! rebuild gives, and the selection lands where a rebuild puts it: in the
//! plain view, in the sparse view, with folded ancestors, and on a
//! 100,000-deep chain.

use super::*;
use crate::doc::{Meta, Node};

fn node(id: &str, title: &str) -> Node {
    Node {
        title: Some(title.to_string()),
        ..crate::doc::testing::node(id, Kind::Point)
    }
}

fn document(nodes: Vec<(Node, Option<usize>)>) -> Document {
    let meta = Meta {
        title: "Thông báo".into(),
        closing: Some("Hết.".into()),
        ..Meta::default()
    };
    Document::from_file_order(meta, nodes)
}

/// ```text
/// a    alpha
///   a1   beta
///     a1x  gamma
///     a1y  delta
///   a2   epsilon
/// b    zeta
///   b1   alpha two
/// c    eta
/// ```
fn sample() -> Document {
    let spec = [
        ("a", "alpha", None),
        ("a1", "beta", Some(0)),
        ("a1x", "gamma", Some(1)),
        ("a1y", "delta", Some(1)),
        ("a2", "epsilon", Some(0)),
        ("b", "zeta", None),
        ("b1", "alpha two", Some(5)),
        ("c", "eta", None),
    ];
    document(
        spec.iter()
            .map(|(id, title, parent)| (node(id, title), *parent))
            .collect(),
    )
}

fn app_on(doc: Document, height: u16) -> App {
    let mut app = App::new(doc, Lang::En);
    app.update(Action::Resize { width: 80, height });
    app
}

/// The rows as ids, `F` and `B` for the document and closing entries.
fn shown(app: &App) -> String {
    let ids: Vec<&str> = app
        .rows()
        .iter()
        .map(|e| match e {
            Entry::Front => "F",
            Entry::Back => "B",
            Entry::Node(idx) => app.doc().node(*idx).id.as_str(),
        })
        .collect();
    ids.join(" ")
}

/// What a full rebuild makes of the same folds and view: rows,
/// selection, cursor and scroll positions must all be the same.
fn assert_as_rebuilt(app: &App, context: &str) {
    let mut rebuilt = app.clone();
    rebuilt.rebuild_rows();
    assert_eq!(*app.rows, *rebuilt.rows, "rows after {context}");
    assert_eq!(app.selected, rebuilt.selected, "selection after {context}");
    assert_eq!(app.cursor, rebuilt.cursor, "cursor after {context}");
    assert_eq!(
        app.tree_offset, rebuilt.tree_offset,
        "offset after {context}"
    );
    assert_eq!(app.detail_scroll, rebuilt.detail_scroll, "{context}");
    assert_eq!(app.rows[app.cursor], app.selected, "{context}");
}

/// The rows by definition: the entries the view shows whose ancestors
/// are all unfolded. Quadratic; small documents only.
fn assert_by_definition(app: &App, context: &str) {
    let mut expected = vec![Entry::Front];
    for i in 0..app.doc.len() {
        let idx = NodeIdx(i as u32);
        let open = app.doc.ancestors(idx).iter().all(|a| !app.is_folded(*a));
        if open && app.in_view(Entry::Node(idx)) {
            expected.push(Entry::Node(idx));
        }
    }
    if app.in_view(Entry::Back) {
        expected.push(Entry::Back);
    }
    assert_eq!(
        *app.rows,
        expected[..],
        "rows by definition after {context}"
    );
}

fn paste(text: &str) -> Action {
    Action::Paste(text.to_string())
}

#[test]
fn each_fold_key_gives_the_rows_of_a_rebuild() {
    use Action::*;
    // (action, rows after it, selected row after it)
    let table: Vec<(Action, &str, usize)> = vec![
        (Down, "F a a1 a1x a1y a2 b b1 c B", 1),
        (Down, "F a a1 a1x a1y a2 b b1 c B", 2),
        (FoldOrParent, "F a a1 a2 b b1 c B", 2),
        (Up, "F a a1 a2 b b1 c B", 1),
        (FoldOrParent, "F a b b1 c B", 1),
        // a1 stays folded under a.
        (UnfoldOrChild, "F a a1 a2 b b1 c B", 1),
        (Down, "F a a1 a2 b b1 c B", 2),
        (UnfoldOrChild, "F a a1 a1x a1y a2 b b1 c B", 2),
        (UnfoldOrChild, "F a a1 a1x a1y a2 b b1 c B", 3),
        (FoldOrParent, "F a a1 a1x a1y a2 b b1 c B", 2),
        (ToggleFold, "F a a1 a2 b b1 c B", 2),
        (NextSibling, "F a a1 a2 b b1 c B", 3),
        (Last, "F a a1 a2 b b1 c B", 7),
        (PrevSibling, "F a a1 a2 b b1 c B", 6),
        (ToggleFold, "F a a1 a2 b b1 c B", 6),
        (PrevSibling, "F a a1 a2 b b1 c B", 4),
        (ToggleFold, "F a a1 a2 b c B", 4),
        (FoldAll, "F a b c B", 2),
        // Going to a match opens its folded ancestors, a then a1.
        (paste("gamma"), "F a a1 a1x a1y a2 b c B", 3),
        (SearchAccept, "F a a1 a1x a1y a2 b c B", 3),
        (Parent, "F a a1 a1x a1y a2 b c B", 2),
        (ToggleFold, "F a a1 a2 b c B", 2),
        (Parent, "F a a1 a2 b c B", 1),
        (ToggleFold, "F a b c B", 1),
        (NextMatch, "F a a1 a1x a1y a2 b c B", 3),
        (ClearSearch, "F a a1 a1x a1y a2 b c B", 3),
        (UnfoldAll, "F a a1 a1x a1y a2 b b1 c B", 3),
        // Sparse view of "alpha": a, b and b1.
        (paste("alpha"), "F a a1 a1x a1y a2 b b1 c B", 7),
        (SearchAccept, "F a a1 a1x a1y a2 b b1 c B", 7),
        (ToggleSparse, "F a b b1", 3),
        (FoldOrParent, "F a b b1", 2),
        (FoldOrParent, "F a b", 2),
        (UnfoldOrChild, "F a b b1", 2),
        (ToggleFold, "F a b", 2),
        (NextMatch, "F a b b1", 3),
        (Up, "F a b b1", 2),
        (Up, "F a b b1", 1),
        // a has no child in view: h finds no parent, l shows them all.
        (FoldOrParent, "F a b b1", 1),
        (UnfoldOrChild, "F a a1 a1x a1y a2 b b1 c B", 2),
    ];
    let mut app = app_on(sample(), 24);
    for (i, (action, rows, cursor)) in table.into_iter().enumerate() {
        let context = format!("step {i}: {action:?}");
        app.update(action);
        assert_eq!(shown(&app), rows, "{context}");
        assert_eq!(app.cursor(), cursor, "{context}");
        assert_as_rebuilt(&app, &context);
        assert_by_definition(&app, &context);
    }
}

/// A deterministic tree of `n` nodes up to four levels deep, with uneven
/// branching, and titles that a search can pick some of.
fn bushy(n: usize) -> Document {
    let mut nodes = Vec::with_capacity(n);
    let mut open: Vec<usize> = Vec::new();
    let mut seed = 7u64;
    for i in 0..n {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (seed >> 33) as usize;
        // Climb back up a random number of levels, then hang below.
        let keep = r % (open.len() + 1);
        open.truncate(keep.max(usize::from(open.len() >= 4) * 3).min(open.len()));
        let title = if r.is_multiple_of(5) {
            "chữ khớp"
        } else {
            "chữ khác"
        };
        nodes.push((node(&format!("n{i}"), title), open.last().copied()));
        open.push(i);
    }
    document(nodes)
}

#[test]
fn random_keys_keep_the_rows_of_a_rebuild() {
    use Action::*;
    let keys = [
        Down,
        Down,
        Up,
        PageDown,
        PageUp,
        HalfPageDown,
        FoldOrParent,
        FoldOrParent,
        UnfoldOrChild,
        UnfoldOrChild,
        ToggleFold,
        ToggleFold,
        NextSibling,
        PrevSibling,
        Parent,
        Last,
        First,
        NextMatch,
        PrevMatch,
        FoldToLevel(2),
        FoldToLevel(3),
        UnfoldAll,
    ];
    for sparse in [false, true] {
        // Short, so that the tree scrolls.
        let mut app = app_on(bushy(600), 14);
        app.update(paste("khớp"));
        app.update(Action::SearchAccept);
        if sparse {
            app.update(Action::ToggleSparse);
            assert!(app.sparse_view());
        }
        let mut seed = 11u64;
        for step in 0..1500 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let action = keys[(seed >> 33) as usize % keys.len()].clone();
            let context = format!("sparse {sparse}, step {step}: {action:?}");
            app.update(action);
            assert_as_rebuilt(&app, &context);
            if step % 10 == 0 {
                assert_by_definition(&app, &context);
            }
        }
    }
}

#[test]
fn a_deep_chain_folds_and_unfolds_in_place() {
    let n = 100_000;
    let nodes = (0..n)
        .map(|i: usize| (node(&format!("n{i}"), "mắt xích"), i.checked_sub(1)))
        .collect();
    let mut app = app_on(document(nodes), 24);
    let all = n + 2;
    let steps: [(Action, usize, usize); 9] = [
        (Action::Down, all, 1),
        (Action::FoldOrParent, 3, 1),
        (Action::UnfoldOrChild, all, 1),
        (Action::Last, all, all - 1),
        (Action::Up, all, n),
        // The deepest node has no children: h goes to its parent.
        (Action::FoldOrParent, all, n - 1),
        (Action::FoldOrParent, all - 1, n - 1),
        (Action::UnfoldOrChild, all, n - 1),
        (Action::First, all, 0),
    ];
    for (i, (action, rows, cursor)) in steps.into_iter().enumerate() {
        let context = format!("step {i}: {action:?}");
        app.update(action);
        assert_eq!(app.rows().len(), rows, "{context}");
        assert_eq!(app.cursor(), cursor, "{context}");
        assert_as_rebuilt(&app, &context);
    }
}

/// Where the selection goes when it is hidden, said the long way: to its
/// topmost folded ancestor if the view shows that, else to the next row.
fn expected_selection(app: &App, before: Entry) -> Entry {
    if app.rows.binary_search(&before).is_ok() {
        return before;
    }
    let ancestor = match before {
        Entry::Node(idx) => app
            .doc
            .ancestors(idx)
            .into_iter()
            .find(|a| app.is_folded(*a) && app.in_view(Entry::Node(*a))),
        Entry::Front | Entry::Back => None,
    };
    ancestor.map_or_else(
        || {
            let next = app.rows.partition_point(|r| *r < before);
            app.rows[next.min(app.rows.len() - 1)]
        },
        Entry::Node,
    )
}

#[test]
fn a_hidden_selection_moves_to_its_folded_ancestor_or_the_next_row() {
    let mut app = app_on(bushy(300), 24);
    let n = app.doc.len();
    let mut seed = 5u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for round in 0..400 {
        for i in 0..n {
            app.folded[i] = app.has_children(NodeIdx(i as u32)) && next() % 4 == 0;
        }
        app.search.view = match next() % 3 {
            0 => None,
            _ => {
                let targets: Vec<Target> = (0..n)
                    .filter(|_| next() % 20 == 0)
                    .map(|i| Target::Node(NodeIdx(i as u32)))
                    .collect();
                Some(sparse_tree(&app.doc, &targets))
            }
        };
        let before = Entry::Node(NodeIdx((next() % n) as u32));
        app.selected = before;
        app.rebuild_rows();
        let mut reference = app.clone();
        reference.selected = before;
        assert_eq!(
            app.selected,
            expected_selection(&reference, before),
            "round {round}"
        );
    }
}

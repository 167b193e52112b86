//! Property tests over hostile input: arbitrary text and documents for the
//! loader, arbitrary documents, actions and terminal sizes for the
//! renderer, arbitrary text and marks for the review state file. Nothing
//! may panic, and what is rendered stays free of control characters.

use std::path::Path;

use chrono::{FixedOffset, TimeZone};
use ketluan::action::Action;
use ketluan::app::App;
use ketluan::doc::{self, Kind};
use ketluan::i18n::Lang;
use ketluan::review::{Mark, Note, Stamp, store};
use ketluan::ui;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Characters that stress text handling: Vietnamese letters, a lone mark,
/// C0, C1 and DEL, bidi and invisible format characters, separators, wide
/// characters, and TOML's own quoting characters.
const CHARS: &[char] = &[
    'a', 'đ', 'Ư', 'ệ', 'ỷ', 'o', ' ', ' ', '.', '\u{301}', '\u{323}', '\u{1b}', '\u{7}', '\u{0}',
    '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{2028}', '\u{200b}', '\u{feff}', '中', '😀',
    '\t', '\n', '\r', '"', '\\', '[', ']', '=', '#',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 0..max).prop_map(String::from_iter)
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// One node: parent as a distance back to an earlier node (0 = top level),
/// kind, label, title, text.
type RawNode = (usize, usize, Option<String>, Option<String>, String);

fn node() -> impl Strategy<Value = RawNode> {
    (
        0usize..4,
        0usize..6,
        prop::option::of(text(6)),
        prop::option::of(text(30)),
        text(120),
    )
}

/// A valid notice built from arbitrary strings: every node has a non-blank
/// text, parents always come earlier.
fn notice(title: &str, nodes: &[RawNode]) -> String {
    let mut s = format!("[document]\ntitle = {}\n", toml_str(&format!("T{title}")));
    for (i, (back, kind, label, node_title, body)) in nodes.iter().enumerate() {
        s.push_str(&format!(
            "[[node]]\nid = \"n{i}\"\nkind = \"{}\"\ntext = {}\n",
            Kind::ALL[*kind].as_str(),
            toml_str(&format!("x{body}"))
        ));
        if *back > 0 && *back <= i {
            s.push_str(&format!("parent = \"n{}\"\n", i - back));
        }
        if let Some(l) = label {
            s.push_str(&format!("label = {}\n", toml_str(l)));
        }
        if let Some(t) = node_title {
            s.push_str(&format!("title = {}\n", toml_str(t)));
        }
    }
    s
}

const ACTIONS: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::FoldOrParent,
    Action::UnfoldOrChild,
    Action::ToggleFold,
    Action::Last,
    Action::PageDown,
    Action::NextSibling,
    Action::Parent,
    Action::FoldAll,
    Action::UnfoldAll,
    Action::FoldToLevel(2),
    Action::FocusNext,
    Action::ToggleHelp,
    Action::OpenSearch,
    Action::SearchAccept,
    Action::NextMatch,
    Action::ToggleSparse,
    Action::ToggleKind(Kind::Task),
    Action::ClearSearch,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_on_any_text(s in text(400)) {
        let _ = doc::load_str("p.toml", &s);
        let _ = doc::load_bytes("p.toml", s.as_bytes());
    }

    #[test]
    fn the_loader_never_panics_on_toml_shaped_text(
        parts in prop::collection::vec(prop::sample::select(&[
            "[document]\n", "[[node]]\n", "title = ", "id = ", "parent = ", "kind = ",
            "text = ", "\"task\"", "\"a\"", "\"b\"", "\"\"\"", "\n", "[", "]", "{", "}",
            "=", ".", "date = 2017-02-22\n", "recipients = [", "[document.signer]\n",
            "\u{1b}", "đ", "#",
        ][..]), 0..80)
    ) {
        let _ = doc::load_str("p.toml", &parts.concat());
    }

    #[test]
    fn arbitrary_documents_load_and_render_at_any_size(
        title in text(20),
        nodes in prop::collection::vec(node(), 1..30),
        width in 1u16..160,
        height in 1u16..60,
        script in prop::collection::vec(0usize..ACTIONS.len(), 0..24),
        typed in text(8),
    ) {
        let source = notice(&title, &nodes);
        let doc = doc::load_str("p.toml", &source).expect("a well-formed notice loads");
        prop_assert_eq!(doc.len(), nodes.len());
        let mut app = App::new(doc, Lang::Vi);
        app.update(Action::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
        for (i, a) in script.iter().enumerate() {
            app.update(ACTIONS[*a].clone());
            if ACTIONS[*a] == Action::OpenSearch {
                app.update(Action::Paste(typed.clone()));
            }
            if i % 3 == 0 {
                terminal.draw(|f| ui::render(f, &app)).expect("draw");
            }
        }
        terminal.draw(|f| ui::render(f, &app)).expect("draw");
        for cell in terminal.backend().buffer().content() {
            prop_assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "control character in a cell: {:?}", cell.symbol()
            );
        }
    }

    #[test]
    fn the_state_parser_never_panics(s in text(400)) {
        let _ = store::parse(Path::new("s.toml"), &s);
    }

    #[test]
    fn any_marks_round_trip_through_the_state_file(
        marks in prop::collection::vec(
            (text(12), any::<bool>(), any::<bool>(), text(80), text(10), 0i64..2_000_000_000),
            0..12,
        )
    ) {
        let doc = doc::embedded().expect("the embedded notice");
        let zone = FixedOffset::east_opt(7 * 3600).expect("offset");
        let mut state = store::State::default();
        for (id, reviewed, flagged, note, who, secs) in marks {
            let at = zone.timestamp_opt(secs, 0).single().expect("time");
            let who = format!("u{}", who.replace(char::is_control, ""));
            let stamp = Stamp::new(at, who.clone());
            let note = ketluan::review::marks::normalize_note(&note);
            let mark = Mark {
                reviewed: reviewed.then(|| stamp.clone()),
                flagged: flagged.then(|| stamp.clone()),
                note: (!note.is_empty()).then(|| Note { text: note, stamp: stamp.clone() }),
            };
            if !mark.is_empty() {
                if !state.reviewers.contains(&who) {
                    state.reviewers.push(who);
                }
                state.marks.insert(format!("x{id}"), mark);
            }
        }
        let rendered = store::render(&doc, &state);
        let parsed = store::parse(Path::new("s.toml"), &rendered);
        prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), rendered);
        prop_assert_eq!(parsed.ok(), Some(state));
    }
}

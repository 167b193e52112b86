//! The detail pane: everything about the selected entry, wrapped to the
//! pane width and scrolled by whole lines.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout::Pane;
use super::tree::{META_SYMBOL, shown_label};
use super::{Theme, focused, paint, pane_frame, position, runs_to_spans, text};
use crate::app::{App, Entry, Focus};
use crate::doc::{Document, NodeIdx};
use crate::grid::Grid;
use crate::i18n::{FLAGGED, Lang, NOTE, REVIEWED};
use crate::review::Stamp;
use crate::review::marks::is_item;
use crate::search::{Field, Highlights};

/// Text wider than this is hard to read; wider panes leave a margin.
pub const MAX_TEXT_WIDTH: usize = 100;

/// Draws the detail pane, only the lines that fit from the scroll position.
pub fn draw(grid: &mut Grid, pane: Pane, app: &App) {
    let inner = pane.inner;
    let content = content(app, usize::from(inner.width));
    let h = usize::from(inner.height);
    let scroll = app.detail_scroll().min(content.len().saturating_sub(h));
    if pane.bordered {
        pane_frame(
            grid,
            pane.outer,
            app.theme(),
            app.lang().words().detail,
            focused(app, Focus::Detail),
            position(scroll, h, content.len()),
        );
    }
    // The children list's lines are made in one line, its spans reused.
    let mut scratch = Line::default();
    for (i, at) in (scroll..content.len()).take(h).enumerate() {
        paint::line(
            content.line_in(at, &mut scratch),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
            grid,
        );
    }
}

/// The detail of an entry, laid out for one width: its own lines, then
/// one line per child. A node may have any number of children, so their
/// lines are made only when asked for.
#[derive(Debug, Clone, Default)]
pub struct Content<'a> {
    lines: Vec<Line<'static>>,
    kids: Option<Kids<'a>>,
    /// The first line with a search highlight.
    pub first_highlight: Option<usize>,
}

/// The children list that ends a detail.
#[derive(Debug, Clone)]
struct Kids<'a> {
    doc: &'a Document,
    kids: &'a [NodeIdx],
    theme: Theme,
    width: usize,
}

impl<'a> Content<'a> {
    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len() + self.kids.as_ref().map_or(0, |k| k.kids.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Line `index`; an empty line past the end. A line of the children
    /// list is made in `scratch`, whose spans are replaced.
    pub fn line_in<'s>(&'s self, index: usize, scratch: &'s mut Line<'a>) -> &'s Line<'a> {
        if let Some(line) = self.lines.get(index) {
            return line;
        }
        scratch.spans.clear();
        if let (Some(k), Some(Entry::Node(kid))) = (&self.kids, self.link_at(index)) {
            child_spans(k, kid, &mut scratch.spans);
        }
        scratch
    }

    /// The lines that link to another entry, by index, in order.
    pub fn links(&self) -> impl Iterator<Item = (usize, Entry)> + '_ {
        let start = self.lines.len();
        self.kids
            .iter()
            .flat_map(|k| k.kids.iter())
            .enumerate()
            .map(move |(i, kid)| (start + i, Entry::Node(*kid)))
    }

    /// The entry the line at `index` links to (a line of the children
    /// list), if any; a click there selects the entry.
    pub fn link_at(&self, index: usize) -> Option<Entry> {
        let k = self.kids.as_ref()?;
        let i = index.checked_sub(self.lines.len())?;
        k.kids.get(i).map(|kid| Entry::Node(*kid))
    }
}

/// The spans of the line for child `kid`, pushed onto `spans`: kind
/// symbol, label, headline cut to fit. Borrows the document's text where
/// it can: a detail lists up to a pane of children on every frame.
fn child_spans<'a>(k: &Kids<'a>, kid: NodeIdx, spans: &mut Vec<Span<'a>>) {
    let n = k.doc.node(kid);
    let room = k.width.saturating_sub(4);
    spans.push(Span::raw("  "));
    spans.push(Span::styled(
        Lang::kind_symbol(n.kind),
        k.theme.kind(n.kind),
    ));
    spans.push(Span::raw(" "));
    let Some(label) = shown_label(n.label.as_deref()) else {
        spans.push(Span::raw(text::truncated(n.headline(), room)));
        return;
    };
    // A simple label that leaves room, and a simple headline (a character
    // a cell, no marks, as far as the cuts look), cut apart, give what
    // the two give cut together, borrowed. Anything else is cut together.
    let apart = text::simple_cut(label, room)
        .filter(|l| !l.ellipsis && l.width + 1 < room)
        .and_then(|l| Some((l, text::simple_cut(n.headline(), room - l.width - 1)?)));
    match apart {
        Some((l, h)) => {
            spans.push(Span::raw(l.kept));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(h.kept));
            if h.ellipsis {
                spans.push(Span::raw("…"));
            }
        }
        None => {
            let rest = format!("{label} {}", n.headline());
            spans.push(Span::raw(text::truncate(&rest, room)));
        }
    }
}

/// The detail of the selected entry as lines at most `width` cells wide
/// (and at most [`MAX_TEXT_WIDTH`]). Empty when `width` is 0.
pub fn content(app: &App, width: usize) -> Content<'_> {
    if width == 0 {
        return Content::default();
    }
    let mut out = Out {
        content: Content::default(),
        width: width.min(MAX_TEXT_WIDTH),
        theme: app.theme(),
        hl: app.highlights(app.selected()),
    };
    match app.selected() {
        Entry::Front => front(&mut out, app),
        Entry::Back => back(&mut out, app),
        Entry::Node(idx) => node(&mut out, app, idx),
    }
    out.content
}

/// A prefix on the first line of a wrapped text and as many spaces on
/// the others, and the cells left for the text.
struct Indent<'p> {
    prefix: &'p str,
    width: usize,
    room: usize,
}

impl Indent<'_> {
    /// What starts line `i`.
    fn lead(&self, i: usize) -> Cow<'static, str> {
        match i {
            0 => Cow::Owned(self.prefix.to_string()),
            _ => text::spaces(self.width),
        }
    }
}

struct Out<'a> {
    content: Content<'a>,
    width: usize,
    theme: Theme,
    /// The search highlights of the entry shown.
    hl: Highlights,
}

impl<'a> Out<'a> {
    fn ranges(&self, field: Field) -> Vec<Range<usize>> {
        self.hl.ranges(field).collect()
    }

    /// Wraps `s` with a prefix on the first line and the same width of
    /// spaces on the others (a hanging indent).
    fn wrapped(&mut self, prefix: &str, s: &str, style: Style) {
        self.wrapped_hl(prefix, s, &[], style);
    }

    /// A file path, each line after `prefix` (or its width in spaces),
    /// broken where [`text::wrap_path`] breaks it.
    fn path(&mut self, prefix: &str, path: &str) {
        let indent = self.indent(prefix);
        for (i, line) in text::wrap_path(path, indent.room).into_iter().enumerate() {
            let lead = indent.lead(i);
            self.content
                .lines
                .push(Line::from(vec![Span::raw(lead), Span::raw(line)]));
        }
    }

    /// A hanging indent of `prefix`, or none where the pane is too
    /// narrow for one (the prefix would take half of it).
    fn indent<'p>(&self, prefix: &'p str) -> Indent<'p> {
        let pw = text::width(prefix);
        if pw * 2 >= self.width {
            Indent {
                prefix: "",
                width: 0,
                room: self.width,
            }
        } else {
            Indent {
                prefix,
                width: pw,
                room: self.width - pw,
            }
        }
    }

    /// [`Out::wrapped`], highlighting `ranges` (byte ranges of `s`).
    fn wrapped_hl(&mut self, prefix: &str, s: &str, ranges: &[Range<usize>], style: Style) {
        let indent = self.indent(prefix);
        // Most text: no highlight, every character one cell. Its lines
        // are the lines `wrap_runs` would give as one run each.
        if ranges.is_empty()
            && let Some(lines) = text::wrap_plain(s, indent.room)
        {
            for (i, line) in lines.into_iter().enumerate() {
                let spans = vec![Span::raw(indent.lead(i)), Span::styled(line, style)];
                self.content.lines.push(Line::from(spans));
            }
            return;
        }
        for (i, runs) in text::wrap_runs(s, ranges, indent.room)
            .into_iter()
            .enumerate()
        {
            let lead = indent.lead(i);
            if self.content.first_highlight.is_none() && runs.iter().any(|(_, h)| *h) {
                self.content.first_highlight = Some(self.content.lines.len());
            }
            let mut spans = Vec::with_capacity(runs.len().max(1) + 1);
            spans.push(Span::raw(lead));
            if runs.is_empty() {
                // Keep the shape of an empty line: one empty span.
                spans.push(Span::styled(String::new(), style));
            }
            spans.extend(runs_to_spans(runs, style, self.theme));
            self.content.lines.push(Line::from(spans));
        }
    }

    /// Paragraphs separated by blank lines, `ranges` highlighted (byte
    /// ranges of `text`).
    fn paragraphs(&mut self, text: &str, ranges: &[Range<usize>]) {
        let mut start = 0;
        for (i, p) in text.split("\n\n").enumerate() {
            if i > 0 {
                self.blank();
            }
            let local = text::shift_ranges(ranges, start..start + p.len());
            self.wrapped_hl("", p, &local, Style::new());
            start += p.len() + 2;
        }
    }

    /// "Label: value", the label bold, `ranges` of the value highlighted.
    fn field(&mut self, label: &str, value: &str, ranges: &[Range<usize>]) {
        let prefix = format!("{label}: ");
        let start = self.content.lines.len();
        self.wrapped_hl(&prefix, value, ranges, Style::new());
        if let Some(first) = self.content.lines.get_mut(start)
            && let Some(span) = first.spans.first_mut()
        {
            span.style = self.theme.bold();
        }
    }

    fn heading(&mut self, s: &str) {
        self.heading_hl(s, &[]);
    }

    fn heading_hl(&mut self, s: &str, ranges: &[Range<usize>]) {
        let style = self.theme.bold();
        self.wrapped_hl("", s, ranges, style);
    }

    fn blank(&mut self) {
        self.content.lines.push(Line::default());
    }

    /// A heading, then one line per child (made when drawn); last.
    fn children(&mut self, doc: &'a Document, lang: Lang, kids: &'a [NodeIdx]) {
        if kids.is_empty() {
            return;
        }
        self.blank();
        let w = lang.words();
        self.heading(&format!("{} {}:", w.contents, lang.item_count(kids.len())));
        self.content.kids = Some(Kids {
            doc,
            kids,
            theme: self.theme,
            width: self.width,
        });
    }
}

fn front<'a>(out: &mut Out<'a>, app: &'a App) {
    let doc = app.doc();
    let meta = &doc.meta;
    let w = app.lang().words();
    out.heading(&format!("{META_SYMBOL} {}", w.front));
    out.blank();
    if let Some(kind) = &meta.kind {
        out.heading_hl(kind, &out.ranges(Field::DocKind));
    }
    out.heading_hl(&meta.title, &out.ranges(Field::DocTitle));
    out.blank();
    if let Some(number) = &meta.number {
        out.field(w.number, number, &out.ranges(Field::Number));
    }
    if let Some(date) = meta.date {
        out.field(w.date, &date.to_string(), &out.ranges(Field::Date));
    }
    if let Some(issuer) = &meta.issuer {
        out.field(w.issuer, issuer, &out.ranges(Field::Issuer));
    }
    if let Some(chair) = &meta.chair {
        out.field(w.chair, chair, &out.ranges(Field::Chair));
    }
    review_summary(out, app);
    if let Some(preamble) = &meta.preamble {
        out.blank();
        out.paragraphs(preamble, &out.ranges(Field::Preamble));
    }
    out.children(doc, app.lang(), doc.roots());
}

fn back(out: &mut Out, app: &App) {
    let meta = &app.doc().meta;
    let w = app.lang().words();
    out.heading(&format!("{META_SYMBOL} {}", w.back));
    if let Some(closing) = &meta.closing {
        out.blank();
        out.paragraphs(closing, &out.ranges(Field::Closing));
    }
    if let Some(signer) = &meta.signer {
        out.blank();
        out.heading(&format!("{}:", w.signer));
        for (part, field) in [
            (&signer.role, Field::SignerRole),
            (&signer.note, Field::SignerNote),
            (&signer.name, Field::SignerName),
        ] {
            if let Some(part) = part {
                out.wrapped_hl("  ", part, &out.ranges(field), Style::new());
            }
        }
    }
    if !meta.recipients.is_empty() {
        out.blank();
        out.heading(&format!("{}:", w.recipients));
        for (i, r) in meta.recipients.iter().enumerate() {
            out.wrapped_hl(
                "  - ",
                r,
                &out.ranges(Field::Recipient(i as u32)),
                Style::new(),
            );
        }
    }
}

/// The review of the whole notice, for the document entry: progress,
/// flags, reviewers and where the marks are saved.
fn review_summary(out: &mut Out, app: &App) {
    let Some(session) = app.session() else {
        return;
    };
    let lang = app.lang();
    let rw = lang.review();
    let marks = session.marks();
    let p = marks.overall();
    out.blank();
    out.field(
        rw.items_reviewed,
        &lang.reviewed_of(p.reviewed, p.total, p.percent()),
        &[],
    );
    let flagged = app.flagged_count();
    if flagged > 0 {
        out.wrapped(
            "",
            &format!("{FLAGGED} {}", lang.flagged_count(flagged)),
            out.theme.flag(),
        );
    }
    if !session.reviewers().is_empty() {
        out.field(rw.reviewers, &session.reviewers().join(", "), &[]);
    }
    out.heading(&format!("{}:", rw.state_file));
    out.path("  ", &session.path().display().to_string());
}

/// The marks of node `idx`: ✓ and ⚑ with who and when, the progress of
/// what is under it, and the note.
fn review_block(out: &mut Out, app: &App, idx: NodeIdx) {
    let Some(session) = app.session() else {
        return;
    };
    let doc = app.doc();
    let rw = app.lang().review();
    let marks = session.marks();
    let mark = marks.at(doc, idx);
    let stamp = |s: &Stamp| format!("{} · {}", s.by, s.short_time());
    let start = out.content.lines.len();
    match mark.and_then(|m| m.reviewed.as_ref()) {
        Some(s) => out.wrapped(
            "",
            &format!("{REVIEWED} {}: {}", rw.reviewed, stamp(s)),
            out.theme.done(),
        ),
        None if is_item(doc.node(idx)) => {
            out.wrapped("", &format!("· {}", rw.not_reviewed), out.theme.dim())
        }
        None => {}
    }
    if let Some(s) = mark.and_then(|m| m.flagged.as_ref()) {
        out.wrapped(
            "",
            &format!("{FLAGGED} {}: {}", rw.flagged, stamp(s)),
            out.theme.flag(),
        );
    }
    let p = marks.progress(idx);
    if !doc.node(idx).children.is_empty() && p.total > 0 {
        out.field(
            rw.items_reviewed,
            &app.lang().reviewed_of(p.reviewed, p.total, p.percent()),
            &[],
        );
    }
    if let Some(note) = mark.and_then(|m| m.note.as_ref()) {
        out.wrapped(
            "",
            &format!("{NOTE} {} ({}):", rw.note, stamp(&note.stamp)),
            out.theme.bold(),
        );
        for line in note.text.split('\n') {
            out.wrapped("  ", line, Style::new());
        }
    }
    if out.content.lines.len() > start {
        // Set the marks apart from the text that follows.
        let lines = out.content.lines.split_off(start);
        out.blank();
        out.content.lines.extend(lines);
    }
}

/// Longest breadcrumb shown in full; longer ones elide their middle.
const MAX_CRUMBS: usize = 8;
/// Width of a breadcrumb named by its headline: as label paths name it in
/// the minutes and the state file.
const CRUMB_WIDTH: usize = crate::review::export::UNLABELLED_CHARS;

fn node<'a>(out: &mut Out<'a>, app: &'a App, idx: NodeIdx) {
    let doc = app.doc();
    let lang = app.lang();
    let n = doc.node(idx);
    // Very deep nodes: the top of the path and its end are what orient.
    // Only those are looked up, so a node 100,000 deep costs no more than
    // one 9 deep.
    let depth = n.depth as usize;
    let shown: Vec<Option<NodeIdx>> = if depth > MAX_CRUMBS {
        let mut v: Vec<Option<NodeIdx>> = (0..2).map(|d| ancestor_at(doc, idx, d)).collect();
        v.push(None);
        v.extend(
            nearest_ancestors(doc, idx, MAX_CRUMBS - 3)
                .into_iter()
                .map(Some),
        );
        v
    } else {
        nearest_ancestors(doc, idx, depth)
            .into_iter()
            .map(Some)
            .collect()
    };
    let crumbs: Vec<String> = shown
        .into_iter()
        .map(|a| {
            let Some(a) = a else {
                return "…".to_string();
            };
            let an = doc.node(a);
            // Unlabelled ancestors are named by the start of their headline.
            shown_label(an.label.as_deref())
                .map(str::to_string)
                .unwrap_or_else(|| text::truncate(an.headline(), CRUMB_WIDTH))
        })
        .collect();
    if !crumbs.is_empty() {
        let style = out.theme.dim();
        out.wrapped("", &format!("{} ›", crumbs.join(" › ")), style);
    }
    let mut kind_line = vec![
        Span::styled(
            Lang::kind_symbol(n.kind).to_string(),
            out.theme.kind(n.kind),
        ),
        Span::raw(" "),
        Span::styled(lang.kind_name(n.kind).to_string(), out.theme.bold()),
    ];
    if let Some(label) = shown_label(n.label.as_deref()) {
        kind_line.push(Span::raw(" · "));
        let runs = text::truncate_runs(label, &out.ranges(Field::Label), usize::MAX);
        if runs.iter().any(|(_, h)| *h) {
            out.content.first_highlight = Some(out.content.lines.len());
        }
        kind_line.extend(runs_to_spans(runs, out.theme.bold(), out.theme));
    }
    let kind_text: String = kind_line.iter().map(|s| s.content.as_ref()).collect();
    if text::width(&kind_text) <= out.width {
        out.content.lines.push(Line::from(kind_line));
    } else {
        out.wrapped("", &kind_text, Style::new());
    }
    review_block(out, app, idx);
    if let Some(title) = &n.title {
        out.blank();
        out.heading_hl(title, &out.ranges(Field::Title));
    }
    if let Some(body) = &n.text {
        out.blank();
        out.paragraphs(body, &out.ranges(Field::Text));
    }
    out.children(doc, lang, &n.children);
}

/// The last `count` ancestors of `idx` (fewer if it has fewer), top down.
fn nearest_ancestors(doc: &Document, idx: NodeIdx, count: usize) -> Vec<NodeIdx> {
    let mut out = Vec::with_capacity(count);
    let mut cur = doc.node(idx).parent;
    while let Some(p) = cur
        && out.len() < count
    {
        out.push(p);
        cur = doc.node(p).parent;
    }
    out.reverse();
    out
}

/// The ancestor of `idx` at `depth` (0: its top-level node), found top
/// down: in tree order each subtree is a run of indexes, so the child
/// holding `idx` is the last one that starts at or before it.
fn ancestor_at(doc: &Document, idx: NodeIdx, depth: usize) -> Option<NodeIdx> {
    let holding = |kids: &[NodeIdx]| {
        let after = kids.partition_point(|k| *k <= idx);
        after.checked_sub(1).map(|i| kids[i])
    };
    let mut cur = holding(doc.roots())?;
    for _ in 0..depth {
        cur = holding(&doc.node(cur).children)?;
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::testing::with_parents as doc;
    use crate::doc::{Kind, Meta, testing};

    /// The text of a line, its spans joined.
    fn plain(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_child_line_is_cut_as_its_label_and_headline_together() {
        let labels = [
            None,
            Some("1."),
            Some("IV"),
            Some("a)"),
            Some("-"),
            Some("1.2.3.4.5.6"),
            Some("\u{1100}\u{1100}\u{1100}1"),
            Some("漢字"),
        ];
        let headlines = [
            "Uỷ ban",
            "Tổ chức bộ máy tinh gọn, hiệu lực",
            "a\u{0301}b c",
            "\u{0301}b c",
            "\u{0301}",
            "x",
            "漢字の表",
        ];
        let mut nodes = vec![(testing::node("root", Kind::Heading), None)];
        for (i, (label, title)) in labels
            .iter()
            .flat_map(|l| headlines.map(|h| (l, h)))
            .enumerate()
        {
            let mut n = testing::node(&format!("k{i}"), Kind::Task);
            n.label = label.map(Into::into);
            n.title = Some(title.into());
            nodes.push((n, Some(0)));
        }
        let d = Document::from_file_order(Meta::default(), nodes);
        let kids = &d.node(NodeIdx(0)).children;
        for width in 0..40 {
            let k = Kids {
                doc: &d,
                kids,
                theme: Theme { color: true },
                width,
            };
            for &kid in kids.iter() {
                let n = d.node(kid);
                let rest = match shown_label(n.label.as_deref()) {
                    Some(l) => format!("{l} {}", n.headline()),
                    None => n.headline().to_string(),
                };
                let symbol = Lang::kind_symbol(n.kind);
                let want = format!(
                    "  {symbol} {}",
                    text::truncate(&rest, width.saturating_sub(4))
                );
                let mut spans = Vec::new();
                child_spans(&k, kid, &mut spans);
                assert_eq!(plain(&Line::from(spans)), want, "{width} {rest:?}");
            }
        }
    }

    #[test]
    fn breadcrumb_ancestors_are_the_ancestors() {
        // A bushy tree: each node hangs under one of the few before it.
        let parents: Vec<Option<usize>> = (0..400)
            .map(|i: usize| (!i.is_multiple_of(7)).then(|| i - 1 - (i * 31) % i.min(5)))
            .collect();
        let chain: Vec<Option<usize>> = (0..300).map(|i: usize| i.checked_sub(1)).collect();
        for d in [doc(&parents), doc(&chain)] {
            for i in 0..d.len() {
                let idx = NodeIdx(i as u32);
                let all = d.ancestors(idx);
                for (depth, a) in all.iter().enumerate() {
                    assert_eq!(ancestor_at(&d, idx, depth), Some(*a), "{i} {depth}");
                }
                for count in [0, 1, 5, 8, all.len(), all.len() + 3] {
                    let tail = &all[all.len().saturating_sub(count)..];
                    assert_eq!(nearest_ancestors(&d, idx, count), tail, "{i} {count}");
                }
            }
        }
    }
}

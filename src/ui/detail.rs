//! The detail pane: everything about the selected entry, wrapped to the
//! pane width and scrolled by whole lines.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::layout::Pane;
use super::tree::{META_SYMBOL, shown_label};
use super::{Theme, focused, pane_block, position, text};
use crate::app::{App, Entry, Focus};
use crate::doc::{Document, NodeIdx};
use crate::i18n::Lang;

/// Text wider than this is hard to read; wider panes leave a margin.
pub const MAX_TEXT_WIDTH: usize = 100;

/// Draws the detail pane, only the lines that fit from the scroll position.
pub fn draw(buf: &mut Buffer, pane: Pane, app: &App) {
    let inner = pane.inner;
    let lines = content(app, usize::from(inner.width)).lines;
    let h = usize::from(inner.height);
    let scroll = app.detail_scroll().min(lines.len().saturating_sub(h));
    if pane.bordered {
        pane_block(
            app.theme(),
            app.lang().words().detail,
            focused(app, Focus::Detail),
            position(scroll, h, lines.len()),
        )
        .render(pane.outer, buf);
    }
    for (i, line) in lines.iter().skip(scroll).take(h).enumerate() {
        line.render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
}

/// The detail of an entry, laid out for one width.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub lines: Vec<Line<'static>>,
    /// Lines that stand for another entry (the children list), by line
    /// index, in order; a click there selects the entry.
    pub links: Vec<(usize, Entry)>,
}

impl Content {
    /// The entry the line at `index` links to, if any.
    pub fn link_at(&self, index: usize) -> Option<Entry> {
        self.links
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|pos| self.links[pos].1)
    }
}

/// The detail of the selected entry as lines at most `width` cells wide
/// (and at most [`MAX_TEXT_WIDTH`]). Empty when `width` is 0.
pub fn content(app: &App, width: usize) -> Content {
    let mut out = Out {
        content: Content::default(),
        width: width.min(MAX_TEXT_WIDTH),
        theme: app.theme(),
    };
    if width == 0 {
        return out.content;
    }
    match app.selected() {
        Entry::Front => front(&mut out, app),
        Entry::Back => back(&mut out, app),
        Entry::Node(idx) => node(&mut out, app, idx),
    }
    out.content
}

struct Out {
    content: Content,
    width: usize,
    theme: Theme,
}

impl Out {
    /// Wraps `s` with a prefix on the first line and the same width of
    /// spaces on the others (a hanging indent).
    fn wrapped(&mut self, prefix: &str, s: &str, style: Style) {
        let pw = text::width(prefix);
        // Too narrow for a hanging indent: plain wrap.
        let (prefix, pw) = if pw * 2 >= self.width {
            ("", 0)
        } else {
            (prefix, pw)
        };
        for (i, l) in text::wrap(s, self.width - pw).into_iter().enumerate() {
            let lead = if i == 0 {
                prefix.to_string()
            } else {
                " ".repeat(pw)
            };
            self.content
                .lines
                .push(Line::from(vec![Span::raw(lead), Span::styled(l, style)]));
        }
    }

    fn paragraphs(&mut self, text: &str) {
        for (i, p) in text.split("\n\n").enumerate() {
            if i > 0 {
                self.blank();
            }
            self.wrapped("", p, Style::new());
        }
    }

    /// "Label: value", the label bold.
    fn field(&mut self, label: &str, value: &str) {
        let prefix = format!("{label}: ");
        let start = self.content.lines.len();
        self.wrapped(&prefix, value, Style::new());
        if let Some(first) = self.content.lines.get_mut(start)
            && let Some(span) = first.spans.first_mut()
        {
            span.style = self.theme.bold();
        }
    }

    fn heading(&mut self, s: &str) {
        let style = self.theme.bold();
        self.wrapped("", s, style);
    }

    fn blank(&mut self) {
        self.content.lines.push(Line::default());
    }

    /// One line per child: kind symbol, label, headline cut to fit.
    fn children(&mut self, doc: &Document, lang: Lang, kids: &[NodeIdx]) {
        if kids.is_empty() {
            return;
        }
        self.blank();
        let w = lang.words();
        self.heading(&format!("{} {}:", w.contents, lang.item_count(kids.len())));
        for &kid in kids {
            let n = doc.node(kid);
            let symbol = Lang::kind_symbol(n.kind).to_string();
            let mut rest = String::new();
            if let Some(label) = shown_label(n.label.as_deref()) {
                rest.push_str(label);
                rest.push(' ');
            }
            rest.push_str(n.headline());
            let room = self.width.saturating_sub(4);
            let at = self.content.lines.len();
            self.content.links.push((at, Entry::Node(kid)));
            self.content.lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(symbol, self.theme.kind(n.kind)),
                Span::raw(" "),
                Span::raw(text::truncate(&rest, room)),
            ]));
        }
    }
}

fn front(out: &mut Out, app: &App) {
    let doc = app.doc();
    let meta = &doc.meta;
    let w = app.lang().words();
    out.heading(&format!("{META_SYMBOL} {}", w.front));
    out.blank();
    if let Some(kind) = &meta.kind {
        out.heading(kind);
    }
    out.heading(&meta.title);
    out.blank();
    if let Some(number) = &meta.number {
        out.field(w.number, number);
    }
    if let Some(date) = meta.date {
        out.field(w.date, &date.to_string());
    }
    if let Some(issuer) = &meta.issuer {
        out.field(w.issuer, issuer);
    }
    if let Some(chair) = &meta.chair {
        out.field(w.chair, chair);
    }
    if let Some(preamble) = &meta.preamble {
        out.blank();
        out.paragraphs(preamble);
    }
    out.children(doc, app.lang(), doc.roots());
}

fn back(out: &mut Out, app: &App) {
    let meta = &app.doc().meta;
    let w = app.lang().words();
    out.heading(&format!("{META_SYMBOL} {}", w.back));
    if let Some(closing) = &meta.closing {
        out.blank();
        out.paragraphs(closing);
    }
    if let Some(signer) = &meta.signer {
        out.blank();
        out.heading(&format!("{}:", w.signer));
        for part in [&signer.role, &signer.note, &signer.name]
            .into_iter()
            .flatten()
        {
            out.wrapped("  ", part, Style::new());
        }
    }
    if !meta.recipients.is_empty() {
        out.blank();
        out.heading(&format!("{}:", w.recipients));
        for r in &meta.recipients {
            out.wrapped("  - ", r, Style::new());
        }
    }
}

/// Longest breadcrumb shown in full; longer ones elide their middle.
const MAX_CRUMBS: usize = 8;
/// Width of a breadcrumb named by its headline.
const CRUMB_WIDTH: usize = 24;

fn node(out: &mut Out, app: &App, idx: NodeIdx) {
    let doc = app.doc();
    let lang = app.lang();
    let n = doc.node(idx);
    let ancestors = doc.ancestors(idx);
    // Very deep nodes: the top of the path and its end are what orient.
    let shown: Vec<Option<NodeIdx>> = if ancestors.len() > MAX_CRUMBS {
        let tail = ancestors.len() - (MAX_CRUMBS - 3);
        let mut v: Vec<Option<NodeIdx>> = ancestors[..2].iter().copied().map(Some).collect();
        v.push(None);
        v.extend(ancestors[tail..].iter().copied().map(Some));
        v
    } else {
        ancestors.into_iter().map(Some).collect()
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
        kind_line.push(Span::styled(
            text::one_line(label).into_owned(),
            out.theme.bold(),
        ));
    }
    let kind_text: String = kind_line.iter().map(|s| s.content.as_ref()).collect();
    if text::width(&kind_text) <= out.width {
        out.content.lines.push(Line::from(kind_line));
    } else {
        out.wrapped("", &kind_text, Style::new());
    }
    if let Some(title) = &n.title {
        out.blank();
        out.heading(title);
    }
    if let Some(body) = &n.text {
        out.blank();
        out.paragraphs(body);
    }
    out.children(doc, lang, &n.children);
}

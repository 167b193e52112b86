//! Minutes of a review, in Markdown or CSV: the notice's title, the review
//! dates and reviewers, progress per top-level section, the flagged nodes
//! with their notes, the reviewed items, the items not yet reviewed (each
//! with its label path and text), other notes, and marks on ids no longer
//! in the notice.
//!
//! Output is deterministic: it depends only on the document, the marks
//! (whose stamps carry the times) and the reviewer list, never on the
//! clock. All document text, notes and names pass through
//! [`sanitize`](crate::text::sanitize): the output holds no control
//! characters other than line breaks.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use super::marks::{Mark, Marks, Progress, is_item};
use super::stamp::Stamp;
use crate::doc::{Document, Node, NodeIdx, shown_label};
use crate::i18n::Lang;
use crate::text::sanitize;

/// The minutes' file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for reading and printing.
    #[default]
    Md,
    /// CSV (RFC 4180, CRLF line ends), one row per node, for spreadsheets.
    Csv,
}

impl Format {
    /// The format a file name asks for: CSV for `.csv` (any case), else
    /// Markdown, as for no file at all.
    pub fn for_path(path: Option<&Path>) -> Format {
        let csv = path
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv { Format::Csv } else { Format::Md }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
        }
    }
}

/// Put before CSV written to a file, so that spreadsheet programs read it
/// as UTF-8 (Vietnamese text is garbled otherwise). Not used on stdout.
pub const UTF8_BOM: &str = "\u{FEFF}";

/// Separator between the labels of a path: `I › 2 › 2.1`.
pub const PATH_SEP: &str = " › ";

/// Paths longer than this many labels keep their first 3 and last 4.
const MAX_PATH_LABELS: usize = 8;

/// Cells of a headline that name an entry without a label in a path, as
/// the detail pane's breadcrumb names it (the breadcrumb uses this width).
pub const UNLABELLED_CHARS: usize = 24;

/// The label path of one node, top level first: each node's label or,
/// when it has none or only a bullet, the start of its headline (as the
/// detail pane's breadcrumb shows it). Very deep paths are shortened with
/// `…`. O(depth).
pub fn label_path(doc: &Document, idx: NodeIdx) -> String {
    let mut chain = doc.ancestors(idx);
    chain.push(idx);
    join_path(doc, &chain)
}

/// [`label_path`] of every node, in one pass over the tree.
pub fn label_paths(doc: &Document) -> Vec<String> {
    let mut chain: Vec<NodeIdx> = Vec::new();
    let mut out = Vec::with_capacity(doc.len());
    for (i, node) in doc.nodes().iter().enumerate() {
        chain.truncate(node.depth as usize);
        chain.push(NodeIdx(i as u32));
        out.push(join_path(doc, &chain));
    }
    out
}

/// What names `idx` before its text in a list of entries: its label path,
/// or without a label of its own its parent's, since the text itself
/// follows ("" for an unlabelled top-level entry).
pub fn lead_path<'p>(doc: &Document, paths: &'p [String], idx: NodeIdx) -> &'p str {
    lead_node(doc, idx)
        .and_then(|i| paths.get(i.get()))
        .map_or("", String::as_str)
}

/// Whether `idx` is named by its parent's path in [`lead_path`]: its own
/// text is then the last step, written after a last separator
/// (`I › 2 › Quá trình…`), so that it is not taken for the parent's.
pub fn named_by_parent(doc: &Document, idx: NodeIdx) -> bool {
    lead_node(doc, idx).is_some_and(|i| i != idx)
}

/// [`lead_path`] as it names an entry before its text: ended by `›` when
/// it is the parent's ([`named_by_parent`]), `I › 2 ›`.
pub fn lead_name<'p>(doc: &Document, paths: &'p [String], idx: NodeIdx) -> Cow<'p, str> {
    marked(doc, idx, Cow::Borrowed(lead_path(doc, paths, idx)))
}

/// [`lead_name`] of one node, without the paths of all. O(depth).
pub fn lead_label_name(doc: &Document, idx: NodeIdx) -> String {
    let path = lead_node(doc, idx).map_or_else(String::new, |i| label_path(doc, i));
    marked(doc, idx, Cow::Owned(path)).into_owned()
}

/// `path`, the lead path of `idx`, with its last separator when it is the
/// parent's.
fn marked<'p>(doc: &Document, idx: NodeIdx, path: Cow<'p, str>) -> Cow<'p, str> {
    if named_by_parent(doc, idx) {
        Cow::Owned(format!("{path}{}", PATH_SEP.trim_end()))
    } else {
        path
    }
}

/// The node whose label path names `idx` before its text: itself when it
/// has a label, else its parent (none for a top-level entry).
fn lead_node(doc: &Document, idx: NodeIdx) -> Option<NodeIdx> {
    let node = doc.node(idx);
    match shown_label(node.label.as_deref()) {
        Some(_) => Some(idx),
        None => node.parent,
    }
}

fn join_path(doc: &Document, chain: &[NodeIdx]) -> String {
    let part = |idx: NodeIdx| -> String {
        let node = doc.node(idx);
        match shown_label(node.label.as_deref()) {
            Some(l) => l.trim().to_string(),
            // No label, or a bullet ("-", "*") that tells siblings apart
            // no better: the start of its headline, cut as the detail
            // pane's breadcrumb cuts it.
            None => crate::ui::text::truncate(node.headline().trim(), UNLABELLED_CHARS),
        }
    };
    if chain.len() <= MAX_PATH_LABELS {
        return chain
            .iter()
            .map(|&i| part(i))
            .collect::<Vec<_>>()
            .join(PATH_SEP);
    }
    let head = chain[..3].iter().map(|&i| part(i));
    let tail = chain[chain.len() - 4..].iter().map(|&i| part(i));
    head.chain(std::iter::once("…".to_string()))
        .chain(tail)
        .collect::<Vec<_>>()
        .join(PATH_SEP)
}

/// Everyone who reviewed: `listed` (the state file's list) first, then any
/// other name found in the marks, each once.
pub fn reviewers(marks: &Marks, listed: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = listed.iter().cloned().chain(
        marks
            .entries()
            .values()
            .flat_map(stamps)
            .map(|s| s.by.clone()),
    );
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The calendar dates (in each stamp's own offset) on which marks were
/// made, ascending.
pub fn review_dates(marks: &Marks) -> Vec<chrono::NaiveDate> {
    let dates: BTreeSet<_> = marks
        .entries()
        .values()
        .flat_map(stamps)
        .map(|s| s.at.date_naive())
        .collect();
    dates.into_iter().collect()
}

fn stamps(m: &Mark) -> impl Iterator<Item = &Stamp> {
    m.reviewed
        .iter()
        .chain(m.flagged.iter())
        .chain(m.note.iter().map(|n| &n.stamp))
}

/// The minutes in `format`; `listed` is the state file's reviewer list.
pub fn render(
    doc: &Document,
    marks: &Marks,
    listed: &[String],
    format: Format,
    lang: Lang,
) -> String {
    match format {
        Format::Md => markdown(doc, marks, listed, lang),
        Format::Csv => csv(doc, marks, listed, lang),
    }
}

fn ddmmyyyy(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Sanitized, one line of Markdown that reads as `s`, placed after other
/// text on its line. Only what CommonMark or GitHub's extensions could
/// take for markup is escaped, so that the minutes also read as plain
/// text: "Việc *chỉ đạo*" is escaped, "a * b", "snake_case" and
/// "[ghi chú]" are not.
fn md(s: &str) -> String {
    escape_md(s, Place::Inline)
}

/// [`md`] at the start of a line (or of a list item), where a block can
/// begin: "- x", "# x", "1. x" and "> x" are escaped there too.
fn md_line(s: &str) -> String {
    escape_md(s, Place::LineStart)
}

/// [`md`] for a table cell, where `|` also ends the cell.
fn md_cell(s: &str) -> String {
    escape_md(s, Place::Cell)
}

/// Where [`escape_md`]'s text goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Inline,
    LineStart,
    Cell,
}

fn escape_md(s: &str, place: Place) -> String {
    let s = sanitize(s);
    // Blanks at the start of a line would make it code (four or more);
    // Markdown shows none of them anyway.
    let chars: Vec<char> = s.trim_start_matches([' ', '\t']).chars().collect();
    // Where the line's text starts, past its indent: a block (list,
    // heading, quote, rule, fence, table, definition, HTML) begins there.
    let first = chars
        .iter()
        .position(|c| !c.is_whitespace())
        .filter(|_| place == Place::LineStart);
    let numbered = first.and_then(|f| {
        let digits = chars[f..].iter().take_while(|c| c.is_ascii_digit()).count();
        let at = f + digits;
        let marker = (1..=9).contains(&digits)
            && matches!(chars.get(at), Some('.' | ')'))
            && chars.get(at + 1).is_none_or(|c| c.is_whitespace());
        marker.then_some(at)
    });
    // The text's ends count as text: what is beside them is not known
    // here (`**` around a path, a hard break after a note's line).
    let blank = |c: Option<&char>| c.is_some_and(|c| c.is_whitespace());
    // From here on only `#` and blanks: a heading's closing sequence.
    let closing = chars
        .iter()
        .rposition(|&c| c != '#' && !c.is_whitespace())
        .map_or(0, |i| i + 1);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        let escape = match c {
            _ if Some(i) == numbered => true,
            '-' | '+' | '*' | '#' | '>' | '=' | '_' | '~' | '`' | '|' | '[' | '<' | '!' | '\\'
            | ':'
                if Some(i) == first =>
            {
                true
            }
            // Before punctuation it would escape it; at the end, with the
            // line break after it, it would be a hard break.
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            // Always: texts that share a line could pair their backticks.
            '`' => true,
            // Emphasis and strikethrough open and close only beside text;
            // `_` not inside a word either.
            '*' | '~' => !(blank(prev) && blank(next)),
            '_' => {
                let inside = prev.is_some_and(|p| p.is_alphanumeric())
                    && next.is_some_and(|n| n.is_alphanumeric());
                !(inside || blank(prev) && blank(next))
            }
            // "[a](b)" and "[a][b]" are links; "[a]" alone is not, with no
            // definitions in the minutes.
            ']' => matches!(next, Some('(' | '[')),
            // A footnote: "[^1]".
            '[' => next == Some(&'^'),
            // What may close a heading: " #" with only "#" and blanks after.
            '#' => i >= closing && prev.is_none_or(|p| p.is_whitespace()),
            // A tag, a comment or an autolink.
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            // An entity: "&amp;", "&#38;".
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
            '|' => place == Place::Cell,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Title and text paragraphs of a node.
fn paragraphs(node: &Node) -> Vec<&str> {
    let mut out: Vec<&str> = node.title.iter().map(String::as_str).collect();
    out.extend(node.paragraphs());
    out
}

fn stamp_text(s: &Stamp) -> String {
    format!("{}, {}", md(&s.by), s.short_time())
}

/// The minutes in Markdown.
pub fn markdown(doc: &Document, marks: &Marks, listed: &[String], lang: Lang) -> String {
    let w = lang;
    let paths = label_paths(doc);
    let mut out = String::new();
    let meta = &doc.meta;
    out.push_str(&format!(
        "# {}: {}\n\n",
        w.pick("Biên bản duyệt", "Review minutes"),
        md(&meta.title)
    ));
    let mut notice = Vec::new();
    if let Some(k) = &meta.kind {
        notice.push(md(k));
    }
    if let Some(n) = &meta.number {
        notice.push(format!("{} {}", w.pick("số", "no."), md(n)));
    }
    if let Some(d) = meta.date {
        notice.push(format!("{} {d}", w.pick("ngày", "of")));
    }
    if let Some(i) = &meta.issuer {
        notice.push(format!("— {}", md(i)));
    }
    if !notice.is_empty() {
        out.push_str(&format!(
            "- {}: {}\n",
            w.pick("Văn bản", "Notice"),
            notice.join(" ")
        ));
    }
    let dates = review_dates(marks);
    let dates = if dates.is_empty() {
        w.pick("chưa có", "none yet").to_string()
    } else {
        dates
            .into_iter()
            .map(ddmmyyyy)
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "- {}: {dates}\n",
        w.pick("Ngày duyệt", "Review dates")
    ));
    let names = reviewers(marks, listed);
    let names = if names.is_empty() {
        w.pick("chưa có", "none yet").to_string()
    } else {
        names.iter().map(|n| md(n)).collect::<Vec<_>>().join(", ")
    };
    out.push_str(&format!(
        "- {}: {names}\n",
        w.pick("Người duyệt", "Reviewers")
    ));
    let all = marks.overall();
    out.push_str(&format!(
        "- {}: {} {} ({}%)\n",
        w.pick("Tiến độ", "Progress"),
        all,
        w.pick("mục đã duyệt", "items reviewed"),
        all.percent()
    ));
    let flagged: Vec<NodeIdx> = (0..doc.len())
        .map(|i| NodeIdx(i as u32))
        .filter(|&i| marks.at(doc, i).is_some_and(|m| m.flagged.is_some()))
        .collect();
    out.push_str(&format!(
        "- {}: {}\n",
        w.pick("Cần theo dõi", "Flagged for follow-up"),
        flagged.len()
    ));

    out.push_str(&format!(
        "\n## {}\n\n",
        w.pick("Tiến độ theo phần", "Progress by section")
    ));
    out.push_str(&format!(
        "| {} | {} | % |\n| --- | ---: | ---: |\n",
        w.pick("Phần", "Section"),
        w.pick("Đã duyệt", "Reviewed")
    ));
    for &root in doc.roots() {
        let p = marks.progress(root);
        let lead = lead_path(doc, &paths, root);
        out.push_str(&format!(
            "| {}{}{} | {p} | {} |\n",
            md_cell(lead),
            if lead.is_empty() { "" } else { " " },
            md_cell(doc.node(root).headline()),
            if p.total == 0 {
                "—".to_string()
            } else {
                format!("{}%", p.percent())
            }
        ));
    }

    let item = |i: NodeIdx| is_item(doc.node(i));
    let reviewed: Vec<NodeIdx> = (0..doc.len())
        .map(|i| NodeIdx(i as u32))
        .filter(|&i| item(i) && marks.is_reviewed(i))
        .collect();
    let pending: Vec<NodeIdx> = (0..doc.len())
        .map(|i| NodeIdx(i as u32))
        .filter(|&i| item(i) && !marks.is_reviewed(i))
        .collect();
    // Headings are not counted in the progress, but a ✓ or a note on one
    // is still part of the record (a flag is listed above).
    let headings: Vec<NodeIdx> = (0..doc.len())
        .map(|i| NodeIdx(i as u32))
        .filter(|&i| {
            !item(i)
                && marks.at(doc, i).is_some_and(|m| {
                    (m.note.is_some() || m.reviewed.is_some()) && m.flagged.is_none()
                })
        })
        .collect();
    let sections: [(&str, &[NodeIdx]); 4] = [
        (
            w.pick("⚑ Cần theo dõi", "⚑ Flagged for follow-up"),
            &flagged,
        ),
        (w.pick("✓ Đã duyệt", "✓ Reviewed"), &reviewed),
        (w.pick("Chưa duyệt", "Not yet reviewed"), &pending),
        (
            w.pick(
                "Mục lớn đã duyệt hoặc có ghi chú",
                "Headings reviewed or with notes",
            ),
            &headings,
        ),
    ];
    for (k, (title, list)) in sections.iter().enumerate() {
        if k == 3 && list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n", list.len()));
        if list.is_empty() {
            out.push_str(&format!("\n{}\n", w.pick("Không có.", "None.")));
        }
        for &i in list.iter() {
            md_node(
                &mut out,
                w,
                doc,
                &lead_name(doc, &paths, i),
                i,
                marks.at(doc, i),
            );
        }
    }

    let unknown = marks.unknown_ids(doc);
    if !unknown.is_empty() {
        out.push_str(&format!(
            "\n## {} ({})\n\n{}\n",
            w.pick(
                "Dấu của các mục không còn trong văn bản",
                "Marks on ids no longer in the notice"
            ),
            unknown.len(),
            w.pick(
                "Các dấu này vẫn được giữ trong tệp trạng thái.",
                "These are kept in the state file."
            )
        ));
        for id in unknown {
            out.push_str(&format!("\n- `{}`\n", sanitize(id).replace('`', "'")));
            if let Some(m) = marks.get(id) {
                md_marks(&mut out, w, m);
            }
        }
    }
    out
}

fn md_node(
    out: &mut String,
    w: Lang,
    doc: &Document,
    path: &str,
    idx: NodeIdx,
    mark: Option<&Mark>,
) {
    let node = doc.node(idx);
    let paras = paragraphs(node);
    if path.is_empty() {
        out.push_str("\n-");
    } else {
        out.push_str(&format!("\n- **{}**", md(path)));
    }
    for (k, p) in paras.iter().enumerate() {
        if k == 0 {
            // With no path, the text begins the list item.
            let text = if path.is_empty() { md_line(p) } else { md(p) };
            out.push_str(&format!(" {text}\n"));
        } else {
            out.push_str(&format!("\n  {}\n", md_line(p)));
        }
    }
    if paras.is_empty() {
        out.push('\n');
    }
    if let Some(m) = mark {
        md_marks(out, w, m);
    }
}

/// The stamps and note of a mark, as continuation paragraphs of a list
/// item.
fn md_marks(out: &mut String, w: Lang, m: &Mark) {
    let mut line = Vec::new();
    if let Some(s) = &m.reviewed {
        line.push(format!("✓ {}", stamp_text(s)));
    }
    if let Some(s) = &m.flagged {
        line.push(format!("⚑ {}", stamp_text(s)));
    }
    if !line.is_empty() {
        out.push_str(&format!("\n  {}\n", line.join(" · ")));
    }
    if let Some(n) = &m.note {
        let head = format!("{} ({}):", w.pick("Ghi chú", "Note"), stamp_text(&n.stamp));
        out.push('\n');
        md_quote(
            out,
            std::iter::once(head).chain(n.text.split('\n').map(md_line)),
        );
    }
}

/// `lines` (Markdown already) as a quote indented under a list item,
/// each on its own line: a hard break (`\`) after each but the last of a
/// paragraph. A blank line ends the paragraph instead: a `\` there would
/// show.
fn md_quote(out: &mut String, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.map(|l| l.trim_end().to_string()).collect();
    for (k, l) in lines.iter().enumerate() {
        let more = lines.get(k + 1).is_some_and(|next| !next.is_empty());
        let brk = if more && !l.is_empty() { "\\" } else { "" };
        if l.is_empty() {
            out.push_str("  >\n");
        } else {
            out.push_str(&format!("  > {l}{brk}\n"));
        }
    }
}

/// One CSV field: sanitized line by line, guarded against spreadsheet
/// formulas (a leading `= + - @` gets a `'`), quoted when needed.
fn csv_field(s: &str) -> String {
    let mut v = s
        .split('\n')
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    if v.starts_with(['=', '+', '-', '@']) {
        v.insert(0, '\'');
    }
    if v.contains([',', '"', '\n']) || v.starts_with(' ') || v.ends_with(' ') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

fn csv_row(out: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

/// The minutes as CSV: a header row, then one `document` row (title in the
/// text column, review dates in the reviewed-at column, reviewers in the
/// reviewed-by column, overall progress), one `section` row per top-level
/// node with its progress, one `node` row per node in tree order, and one
/// row per unknown id. Times are RFC 3339.
pub fn csv(doc: &Document, marks: &Marks, listed: &[String], lang: Lang) -> String {
    let w = lang;
    let paths = label_paths(doc);
    let mut out = String::new();
    let header: Vec<String> = [
        w.pick("bản ghi", "record"),
        "id",
        w.pick("đường dẫn", "path"),
        w.pick("loại", "kind"),
        w.pick("tiến độ", "progress"),
        w.pick("trạng thái", "status"),
        w.pick("duyệt lúc", "reviewed_at"),
        w.pick("người duyệt", "reviewed_by"),
        w.pick("theo dõi lúc", "flagged_at"),
        w.pick("người đánh dấu theo dõi", "flagged_by"),
        w.pick("ghi chú", "note"),
        w.pick("ghi chú lúc", "note_at"),
        w.pick("người ghi chú", "note_by"),
        w.pick("nội dung", "text"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    csv_row(&mut out, &header);
    let dates: Vec<String> = review_dates(marks)
        .into_iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    let mut row = vec![String::new(); 14];
    row[0] = w.pick("văn bản", "document").into();
    row[3] = doc.meta.kind.clone().unwrap_or_default();
    row[4] = marks.overall().to_string();
    row[6] = dates.join("; ");
    row[7] = reviewers(marks, listed).join("; ");
    row[13] = doc.meta.title.clone();
    csv_row(&mut out, &row);
    for &root in doc.roots() {
        let mut row = vec![String::new(); 14];
        row[0] = w.pick("phần", "section").into();
        row[1] = doc.node(root).id.clone();
        row[2] = lead_path(doc, &paths, root).to_string();
        row[3] = lang.kind_name(doc.node(root).kind).into();
        row[4] = marks.progress(root).to_string();
        row[13] = doc.node(root).headline().into();
        csv_row(&mut out, &row);
    }
    for (i, node) in doc.nodes().iter().enumerate() {
        let idx = NodeIdx(i as u32);
        let mut row = vec![String::new(); 14];
        row[0] = w.pick("mục", "node").into();
        row[1] = node.id.clone();
        row[2] = lead_name(doc, &paths, idx).into_owned();
        row[3] = lang.kind_name(node.kind).into();
        if !node.children.is_empty() {
            row[4] = progress_cell(marks.progress(idx));
        }
        row[5] = match (is_item(node), marks.is_reviewed(idx)) {
            (_, true) => w.pick("đã duyệt", "reviewed").into(),
            (true, false) => w.pick("chưa duyệt", "not reviewed").into(),
            (false, false) => String::new(),
        };
        if let Some(m) = marks.get(&node.id) {
            csv_marks(&mut row, m);
        }
        row[13] = paragraphs(node).join("\n\n");
        csv_row(&mut out, &row);
    }
    for id in marks.unknown_ids(doc) {
        let mut row = vec![String::new(); 14];
        row[0] = w.pick("không còn trong văn bản", "unknown id").into();
        row[1] = id.to_string();
        if let Some(m) = marks.get(id) {
            csv_marks(&mut row, m);
            if m.reviewed.is_some() {
                row[5] = w.pick("đã duyệt", "reviewed").into();
            }
        }
        csv_row(&mut out, &row);
    }
    out
}

fn progress_cell(p: Progress) -> String {
    if p.total == 0 {
        String::new()
    } else {
        p.to_string()
    }
}

fn csv_marks(row: &mut [String], m: &Mark) {
    if let Some(s) = &m.reviewed {
        row[6] = s.rfc3339();
        row[7] = s.by.clone();
    }
    if let Some(s) = &m.flagged {
        row[8] = s.rfc3339();
        row[9] = s.by.clone();
    }
    if let Some(n) = &m.note {
        row[10] = n.text.clone();
        row[11] = n.stamp.rfc3339();
        row[12] = n.stamp.by.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;
    use proptest::prelude::*;

    fn doc() -> Document {
        load_str(
            "t.toml",
            "[document]\ntitle = \"T\"\n\
             [[node]]\nid = \"I\"\nkind = \"heading\"\nlabel = \"I\"\ntitle = \"H\"\n\
             [[node]]\nid = \"a\"\nparent = \"I\"\nkind = \"task\"\ntext = \"x\"\n\
             [[node]]\nid = \"b\"\nparent = \"I\"\nkind = \"task\"\nlabel = \"-\"\ntext = \"y\"\n",
        )
        .unwrap()
    }

    /// An unlabelled entry is named in a path as the detail pane's
    /// breadcrumb names it, cut at the same character.
    #[test]
    fn unlabelled_entries_are_cut_as_the_breadcrumb_cuts_them() {
        let d = load_str(
            "t.toml",
            "[document]\ntitle = \"T\"\n\
             [[node]]\nid = \"h\"\nkind = \"heading\"\ntitle = \"Tuy nhiên, bên cạnh những kết quả đạt được\"\n\
             [[node]]\nid = \"s\"\nkind = \"heading\"\ntitle = \"Ngắn\"\n",
        )
        .unwrap();
        let h = d.node(d.find("h").unwrap()).headline();
        assert_eq!(
            label_paths(&d)[0],
            crate::ui::text::truncate(h, UNLABELLED_CHARS)
        );
        assert_eq!(label_paths(&d)[0], "Tuy nhiên, bên cạnh nhữ…");
        assert_eq!(label_paths(&d)[1], "Ngắn");
    }

    #[test]
    fn label_paths_use_labels_or_headlines() {
        let d = doc();
        assert_eq!(label_paths(&d), ["I", "I › x", "I › y"]);
        assert_eq!(label_path(&d, d.find("b").unwrap()), "I › y");
        let paths = label_paths(&d);
        assert_eq!(lead_path(&d, &paths, d.find("b").unwrap()), "I");
        assert_eq!(lead_path(&d, &paths, d.find("I").unwrap()), "I");
    }

    #[test]
    fn deep_label_paths_are_shortened() {
        let mut src = String::from("[document]\ntitle = \"T\"\n");
        for i in 0..12 {
            src.push_str(&format!(
                "[[node]]\nid = \"n{i}\"\nkind = \"point\"\nlabel = \"{i}\"\ntext = \"x\"\n"
            ));
            if i > 0 {
                src.push_str(&format!("parent = \"n{}\"\n", i - 1));
            }
        }
        let d = load_str("t.toml", &src).unwrap();
        assert_eq!(label_paths(&d)[11], "0 › 1 › 2 › … › 8 › 9 › 10 › 11");
        assert_eq!(
            label_path(&d, NodeIdx(11)),
            "0 › 1 › 2 › … › 8 › 9 › 10 › 11"
        );
    }

    #[test]
    fn label_paths_of_a_wide_document_take_linear_time() {
        let n = 100_000;
        let d = crate::doc::testing::with_parents(&vec![None; n]);
        let paths = label_paths(&d);
        assert_eq!(paths.len(), n);
    }

    #[test]
    fn markdown_escapes_only_what_would_be_markup_and_csv_quotes() {
        assert_eq!(md("a*b_c [x]"), "a\\*b_c [x]");
        assert_eq!(md("Việc *chỉ đạo* kịp thời"), "Việc \\*chỉ đạo\\* kịp thời");
        assert_eq!(md("a * b, snake_case, _x_"), "a * b, snake_case, \\_x\\_");
        assert_eq!(md("x [a](b) [c]"), "x [a\\](b) [c]");
        assert_eq!(md_line("- x"), "\\- x");
        assert_eq!(md_line("  + x"), "\\+ x");
        assert_eq!(md_line("12. x"), "12\\. x");
        // After other text on the line, no block can begin.
        assert_eq!(md("- x, 12. x"), "- x, 12. x");
        assert_eq!(md("Số # 5, C#, số #"), "Số # 5, C#, số \\#");
        assert_eq!(md_line("12.5 x"), "12.5 x");
        assert_eq!(md("1 < 2 <b> &amp; & x"), "1 < 2 \\<b> \\&amp; & x");
        assert_eq!(md("a|b"), "a|b");
        assert_eq!(md_cell("a|b"), "a\\|b");
        assert_eq!(md("C:\\tmp \\*"), "C:\\tmp \\\\\\*");
        assert_eq!(md("a\u{1b}b"), "a^[b");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\nthen"), "\"say \"\"hi\"\"\nthen\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("x\u{7}"), "x^G");
    }

    /// The text a Markdown document shows (spaces and tabs left out:
    /// Markdown trims them at line ends) and its markup: every event that
    /// is not text or a line break.
    fn rendered(markdown: &str) -> (String, Vec<String>) {
        use pulldown_cmark::{Event, Options, Parser};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES;
        let mut text = String::new();
        let mut markup = Vec::new();
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::End(_) => {}
                other => markup.push(format!("{other:?}")),
            }
        }
        text.retain(|c| c != ' ' && c != '\t');
        (text, markup)
    }

    fn bare(s: &str) -> String {
        sanitize(s)
            .chars()
            .filter(|&c| c != ' ' && c != '\t')
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// In each place the minutes put text, `md` text shows as it is
        /// and makes no markup of its own.
        #[test]
        fn escaped_text_renders_as_itself(
            s in "[-+*#>=_~`|\\[\\]()<>&\\\\!:;.^\"'$@{}1 a0Ệđ\t]{0,12}",
            t in "[-+*#>=_~`|\\[\\]()<>&\\\\!:;.^\"'$@{}1 a0Ệđ\t]{0,12}",
        ) {
            let shown = bare(&s);
            let (shown_t, both) = (bare(&t), |m: &str| m.contains("List") || m.contains("Item") || m.contains("Paragraph") || m.contains("BlockQuote"));

            // Texts that share a line: the notice's line, the reviewers,
            // a mark's stamps.
            let (text, markup) = rendered(&format!("- V: {} {}\n", md(&s), md(&t)));
            prop_assert_eq!(text, format!("V:{shown}{shown_t}"));
            prop_assert!(markup.iter().all(|m| both(m)), "{:?}", markup);

            // A note of two lines, after its heading.
            let mut quote = String::new();
            md_quote(&mut quote, ["a:".to_string(), md_line(&s), md_line(&t)].into_iter());
            let (text, markup) = rendered(&quote);
            prop_assert_eq!(text.replace('\n', ""), format!("a:{shown}{shown_t}"));
            prop_assert!(markup.iter().all(|m| both(m)), "{:?}", markup);

            // A path in bold (never empty, never blank at its ends).
            let path = s.trim_matches([' ', '\t']);
            if !path.is_empty() {
                let (text, markup) = rendered(&format!("- **{}** x\n", md(path)));
                prop_assert_eq!(text, format!("{}x", bare(path)));
                prop_assert_eq!(markup.iter().filter(|m| m.contains("Strong")).count(), 1, "{:?}", markup);
                prop_assert!(markup.iter().all(|m| both(m) || m.contains("Strong")), "{:?}", markup);
            }

            let paragraph = if shown.is_empty() { vec![] } else { vec!["Start(Paragraph)".to_string()] };
            prop_assert_eq!(rendered(&md_line(&s)), (shown.clone(), paragraph));

            let (text, markup) = rendered(&format!("# T: {}\n", md(&s)));
            prop_assert_eq!(text, format!("T:{shown}"));
            prop_assert_eq!(markup.len(), 1, "{:?}", markup);

            let (text, markup) = rendered(&format!("- {}\n", md_line(&s)));
            prop_assert_eq!(text, shown.clone());
            prop_assert!(markup.len() <= 2 && markup.iter().all(|m| m.contains("List") || m.contains("Item")), "{:?}", markup);

            let (text, markup) = rendered(&format!("- **I**\n\n  {}\n", md_line(&s)));
            prop_assert_eq!(text, format!("I{shown}"));
            prop_assert!(markup.iter().all(|m| m.contains("List") || m.contains("Item") || m.contains("Strong") || m.contains("Paragraph")), "{:?}", markup);

            let (text, markup) = rendered(&format!("- **I › 1** {}\n", md(&s)));
            prop_assert_eq!(text, format!("I›1{shown}"));
            prop_assert_eq!(markup.len(), 3, "{:?}", markup);


            let (text, markup) = rendered(&format!("| a | b |\n| --- | --- |\n| {} | z |\n", md_cell(&s)));
            prop_assert_eq!(text, format!("ab{shown}z"));
            prop_assert!(markup.iter().all(|m| m.contains("Table")), "{:?}", markup);
        }
    }
}

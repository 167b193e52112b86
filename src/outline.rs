//! The notice as plain text: metadata, then every node indented by depth
//! with its label, kind tag and wrapped text. Used by `ketluan print` and
//! whenever stdout is not a terminal.

use std::io::{self, Write};

use crate::doc::{Document, Node, NodeIdx};
use crate::i18n::Lang;
use crate::review::Marks;
use crate::text::sanitize;

/// How to lay the outline out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Wrap lines at this many columns; `0` means never wrap.
    pub width: usize,
    pub lang: Lang,
}

/// Indentation stops growing past this depth so that very deep trees stay
/// readable (the depth is still written in the kind tag then).
const MAX_INDENT_DEPTH: usize = 12;

/// Writes the whole outline.
pub fn write(out: &mut impl Write, doc: &Document, style: Style) -> io::Result<()> {
    write_marked(out, doc, style, None)
}

/// Writes the whole outline with review marks when `marks` is given: the
/// overall progress under the title, `[reviewed/total]` after the kind of
/// each node with items below it, `✓` and `⚑` before the text, and notes
/// (`✎`) after it.
pub fn write_marked(
    out: &mut impl Write,
    doc: &Document,
    style: Style,
    marks: Option<&Marks>,
) -> io::Result<()> {
    let vi = style.lang == Lang::Vi;
    let meta = &doc.meta;
    let mut head = String::new();
    if let Some(kind) = &meta.kind {
        head.push_str(&kind.to_uppercase());
        head.push_str(": ");
    }
    head.push_str(&meta.title);
    para(out, style, "", "", &head)?;
    let mut facts = Vec::new();
    if let Some(n) = &meta.number {
        facts.push(format!("{} {n}", if vi { "Số" } else { "No." }));
    }
    if let Some(d) = meta.date {
        facts.push(format!("{} {d}", if vi { "Ngày" } else { "Date" }));
    }
    if let Some(i) = &meta.issuer {
        facts.push(i.clone());
    }
    if let Some(c) = &meta.chair {
        facts.push(format!("{}: {c}", if vi { "Chủ trì" } else { "Chair" }));
    }
    if !facts.is_empty() {
        para(out, style, "", "", &facts.join(" · "))?;
    }
    if let Some(m) = marks {
        let p = m.overall();
        let line = format!(
            "{} {p} ({}%) · ⚑ {}",
            if vi { "Đã duyệt" } else { "Reviewed" },
            p.percent(),
            m.flagged_count(doc)
        );
        para(out, style, "", "", &line)?;
    }
    for p in meta.preamble.iter().flat_map(|t| t.split("\n\n")) {
        writeln!(out)?;
        para(out, style, "", "", p)?;
    }
    writeln!(out)?;
    for (i, node) in doc.nodes().iter().enumerate() {
        let mark = marks.map(|m| (m, NodeIdx(i as u32)));
        write_node(out, node, style, mark)?;
    }
    for p in meta.closing.iter().flat_map(|t| t.split("\n\n")) {
        writeln!(out)?;
        para(out, style, "", "", p)?;
    }
    if !meta.recipients.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", if vi { "Nơi nhận:" } else { "Recipients:" })?;
        for r in &meta.recipients {
            para(out, style, "- ", "  ", r)?;
        }
    }
    if let Some(s) = &meta.signer {
        writeln!(out)?;
        for line in [&s.role, &s.note, &s.name].into_iter().flatten() {
            para(out, style, "", "", line)?;
        }
    }
    Ok(())
}

fn write_node(
    out: &mut impl Write,
    node: &Node,
    style: Style,
    marks: Option<(&Marks, NodeIdx)>,
) -> io::Result<()> {
    let depth = node.depth as usize;
    let indent = "  ".repeat(depth.min(MAX_INDENT_DEPTH));
    let mut first = indent.clone();
    if let Some(label) = &node.label {
        first.push_str(label);
        first.push(' ');
    }
    first.push('[');
    first.push_str(style.lang.kind_name(node.kind));
    if depth > MAX_INDENT_DEPTH {
        // "[Mục 14]" would read as a number: say it is the level.
        let level = style.lang.pick("cấp", "level");
        first.push_str(&format!(" · {level} {}", depth + 1));
    }
    first.push_str("] ");
    let mark = marks.and_then(|(m, _)| m.get(&node.id));
    if let Some((m, idx)) = marks {
        let p = m.progress(idx);
        if !node.children.is_empty() && p.total > 0 {
            first.push_str(&format!("[{p}] "));
        }
    }
    if mark.is_some_and(|m| m.reviewed.is_some()) {
        first.push_str("✓ ");
    }
    if mark.is_some_and(|m| m.flagged.is_some()) {
        first.push_str("⚑ ");
    }
    let rest = format!("{indent}    ");
    let mut paragraphs: Vec<&str> = node.title.iter().map(String::as_str).collect();
    paragraphs.extend(node.paragraphs());
    for (i, p) in paragraphs.iter().enumerate() {
        let lead = if i == 0 {
            first.as_str()
        } else {
            rest.as_str()
        };
        para(out, style, lead, &rest, p)?;
    }
    if let Some(note) = mark.and_then(|m| m.note.as_ref()) {
        let (pen, cont) = (format!("{rest}✎ "), format!("{rest}  "));
        for (i, line) in note.text.split('\n').enumerate() {
            para(out, style, if i == 0 { &pen } else { &cont }, &cont, line)?;
        }
    }
    Ok(())
}

/// One paragraph, wrapped, with a first-line lead and a continuation indent.
fn para(out: &mut impl Write, style: Style, lead: &str, rest: &str, text: &str) -> io::Result<()> {
    let lead = sanitize(lead);
    let text = sanitize(text);
    let (lead, text) = (lead.as_ref(), text.as_ref());
    if style.width == 0 {
        return writeln!(out, "{lead}{text}");
    }
    let opts = textwrap::Options::new(style.width)
        .initial_indent(lead)
        .subsequent_indent(rest)
        .break_words(true);
    for line in textwrap::wrap(text, opts) {
        // A lead wider than the width ends its own line with its space.
        writeln!(out, "{}", line.trim_end_matches(' '))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;

    fn outline(src: &str, width: usize) -> String {
        let doc = load_str("t.toml", src).unwrap();
        let mut out = Vec::new();
        write(
            &mut out,
            &doc,
            Style {
                width,
                lang: Lang::Vi,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terminal_controls_in_the_text_are_shown_not_sent() {
        let text = outline(
            "[document]\ntitle = \"T\\u001b]0;x\\u0007\"\n[[node]]\nid = \"a\"\nkind = \"task\"\nlabel = \"\\u202e1\"\ntext = \"\\u009b2J\"\n",
            0,
        );
        assert_eq!(text, "T^[]0;x^G\n\n⟨U+202E⟩1 [Nhiệm vụ] ⟨U+009B⟩2J\n");
    }

    #[test]
    fn nodes_are_indented_by_depth_with_label_and_kind() {
        let text = outline(
            r#"
[document]
title = "T"
[[node]]
id = "I"
kind = "heading"
label = "I"
title = "Phần một"
[[node]]
id = "I.1"
parent = "I"
kind = "task"
label = "1"
text = "Tổ chức bộ máy tinh gọn, hiệu lực, hiệu quả."
"#,
            30,
        );
        assert_eq!(
            text,
            "T\n\nI [Mục] Phần một\n  1 [Nhiệm vụ] Tổ chức bộ máy\n      tinh gọn, hiệu lực, hiệu\n      quả.\n"
        );
    }

    /// Narrower than a node's lead, the lead takes its own line, with no
    /// space left at its end.
    #[test]
    fn a_lead_wider_than_the_width_ends_without_a_space() {
        let text = outline(
            "[document]\ntitle = \"T\"\n[[node]]\nid = \"a\"\nkind = \"strength\"\nlabel = \"1\"\ntext = \"Đạt kết quả\"\n",
            8,
        );
        assert!(text.lines().all(|l| !l.ends_with(' ')), "{text:?}");
        assert!(text.contains("1 [Kết quả]\n"), "{text:?}");
    }

    #[test]
    fn past_the_deepest_indent_the_level_is_named() {
        let mut src = String::from("[document]\ntitle = \"T\"\n");
        for i in 0..14 {
            let parent = if i == 0 {
                String::new()
            } else {
                format!("parent = \"n{}\"\n", i - 1)
            };
            src.push_str(&format!(
                "[[node]]\nid = \"n{i}\"\n{parent}kind = \"point\"\ntext = \"x{i}\"\n"
            ));
        }
        let text = outline(&src, 0);
        let lines: Vec<&str> = text.lines().collect();
        let pad = "  ".repeat(MAX_INDENT_DEPTH);
        assert_eq!(lines[2 + 12], format!("{pad}[Ý] x12"));
        assert_eq!(lines[2 + 13], format!("{pad}[Ý · cấp 14] x13"));
    }
}

//! Writing a draft as TOML in ketluan's format, with a comment on every
//! guess. Strings are written by the `toml` crate, never escaped by hand.

use std::fmt::Write as _;

use super::{Draft, MetaNote, Note};
use crate::doc::Kind;
use crate::i18n::Lang;

/// A TOML string literal for `s` (basic, literal or multi-line, whichever
/// the `toml` crate finds clearest).
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A comment body on one line: control characters (a newline in a file
/// name, say) would end the comment and corrupt the file.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn kind_words(kind: Kind, lang: Lang) -> String {
    format!("{} ({})", kind.as_str(), lang.kind_name(kind))
}

/// The comment for a node note, without the leading "# ".
pub(crate) fn note_text(note: &Note, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let check = if vi { "kiểm tra" } else { "check" };
    let body = match note {
        Note::SetsKind { kind, word } if vi => format!(
            "các ý dưới mục này được xếp loại {} theo chữ “{word}”",
            kind_words(*kind, lang)
        ),
        Note::SetsKind { kind, word } => format!(
            "items under this heading are classed {} from the word “{word}”",
            kind_words(*kind, lang)
        ),
        Note::OwnKind { kind, word } if vi => format!(
            "loại {} đoán từ chữ “{word}” trong chính ý này",
            kind_words(*kind, lang)
        ),
        Note::OwnKind { kind, word } => format!(
            "kind {} guessed from the word “{word}” in this item",
            kind_words(*kind, lang)
        ),
        Note::NoKind if vi => {
            "không có tiêu đề nào phía trên cho biết loại của ý này; tạm để là point".into()
        }
        Note::NoKind => "no heading above says what this item is; left as point".into(),
        Note::HeadingGuess if vi => {
            "dòng đánh số không có dấu chấm câu và có ý con: coi là tiêu đề (heading)".into()
        }
        Note::HeadingGuess => {
            "a numbered line without closing punctuation, with items under it: read as a heading"
                .into()
        }
        Note::OwnLine if vi => {
            "dòng đánh số ngắn đứng riêng: dòng ngay dưới được tách thành ý con, không nối vào câu của dòng này".into()
        }
        Note::OwnLine => {
            "a short numbered line on its own: the line under it became an item under it, not more of its text".into()
        }
        Note::SectionLine if vi => {
            "dòng chỉ có từ chỉ mục, đứng riêng: coi là tiêu đề (heading) của các ý sau, không phải phần tiếp của ý trên".into()
        }
        Note::SectionLine => {
            "a line of section words on its own: read as a heading over the items after it, not more text of the item above".into()
        }
        Note::Joined { line, page } => {
            let after = match (page, vi) {
                (None, true) => "sau một dòng trống".to_string(),
                (None, false) => "after a blank line".to_string(),
                (Some(n), true) if n.is_empty() => "sau chỗ ngắt trang".to_string(),
                (Some(n), false) if n.is_empty() => "after a page break".to_string(),
                (Some(n), true) => format!("sau chỗ ngắt trang (đã bỏ số trang “{n}”)"),
                (Some(n), false) => format!("after a page break (page number “{n}” dropped)"),
            };
            if vi {
                format!("đã nối đoạn ở dòng {line} vào câu này, vì câu bị ngắt giữa chừng {after}")
            } else {
                format!(
                    "joined the paragraph at line {line} to this one: the sentence was broken {after}"
                )
            }
        }
        Note::Repeated { label } if vi => {
            format!("số “{label}” lặp lại trong bản gốc; id được thêm hậu tố để không trùng")
        }
        Note::Repeated { label } => {
            format!("the source repeats the number “{label}”; the id got a suffix to stay unique")
        }
        Note::BulletNested { glyph, under } if vi => format!(
            "dấu “{glyph}” thẳng lề với dấu “{under}” phía trên nhưng được xếp làm ý con của ý đó; nếu hai ý ngang hàng, hãy sửa parent"
        ),
        Note::BulletNested { glyph, under } => format!(
            "the “{glyph}” bullet is at the same indentation as the “{under}” above but was nested under it; if they are siblings, change parent"
        ),
        Note::Unplaced { line } if vi => format!(
            "không xếp được đoạn ở dòng {line} vào thông báo; hãy chuyển đến đúng chỗ hoặc xóa"
        ),
        Note::Unplaced { line } => format!(
            "the text at line {line} fits nowhere in the notice; move it where it belongs or delete it"
        ),
    };
    one_line(&format!("{check}: {body}"))
}

/// The comment for a metadata note, without the leading "# ".
pub(crate) fn meta_note_text(note: &MetaNote, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let check = if vi { "kiểm tra" } else { "check" };
    let body = match note {
        MetaNote::NoTitle if vi => "không tìm thấy tên văn bản; title chỉ là tạm".to_string(),
        MetaNote::NoTitle => "no title line found; the title is a stand-in".to_string(),
        MetaNote::DateFromPreamble(w) if vi => {
            format!("ngày lấy từ “{w}” ở đoạn mở đầu (ngày họp, không phải ngày ban hành)")
        }
        MetaNote::DateFromPreamble(w) => {
            format!("the date is read from “{w}” in the preamble (the meeting's date)")
        }
        MetaNote::Chair if vi => "người chủ trì đọc từ đoạn mở đầu".to_string(),
        MetaNote::Chair => "the chair is read from the preamble".to_string(),
        MetaNote::IssuerFromClosing if vi => {
            "cơ quan ban hành đọc từ đoạn kết (“… thông báo …”)".to_string()
        }
        MetaNote::IssuerFromClosing => {
            "the issuer is read from the closing (“… thông báo …”)".to_string()
        }
        MetaNote::ClosingGuess if vi => {
            "đoạn kết là đoạn cuối có chữ “thông báo” sau một dòng trống; nếu là nội dung của ý cuối, hãy chuyển vào ý đó".to_string()
        }
        MetaNote::ClosingGuess => {
            "the closing is the last paragraph, which says “thông báo” after a blank line; if it belongs to the last item, move it there".to_string()
        }
    };
    one_line(&format!("{check}: {body}"))
}

/// The draft as a TOML notice. `source` names the imported file in the
/// header comment.
pub(crate) fn to_toml(draft: &Draft, source: &str, lang: Lang) -> String {
    let mut out = String::new();
    let vi = lang == Lang::Vi;
    let _ = if vi {
        writeln!(
            out,
            "# Nhập từ “{}” bằng `ketluan import`.\n# Các dòng “# kiểm tra:” ghi những chỗ chương trình phải đoán: hãy xem lại.\n",
            one_line(source)
        )
    } else {
        writeln!(
            out,
            "# Imported from “{}” by `ketluan import`.\n# Lines “# check:” mark what the importer had to guess: review them.\n",
            one_line(source)
        )
    };
    let m = &draft.meta;
    out.push_str("[document]\n");
    let key = |out: &mut String, k: &'static str, v: &str| {
        for (_, note) in draft.meta_notes.iter().filter(|(key, _)| *key == k) {
            let _ = writeln!(out, "# {}", meta_note_text(note, lang));
        }
        let _ = writeln!(out, "{k} = {v}");
    };
    key(&mut out, "title", &string(&m.title));
    let optional = [
        ("kind", &m.kind),
        ("number", &m.number),
        (
            "date",
            &m.date
                .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        ),
        ("issuer", &m.issuer),
        ("chair", &m.chair),
        ("preamble", &m.preamble),
        ("closing", &m.closing),
    ];
    for (k, v) in optional {
        if let Some(v) = v {
            // The date is a TOML date (digits only); the rest are strings.
            let value = if k == "date" { v.clone() } else { string(v) };
            key(&mut out, k, &value);
        }
    }
    if !m.recipients.is_empty() {
        out.push_str("recipients = [\n");
        for r in &m.recipients {
            let _ = writeln!(out, "    {},", string(r));
        }
        out.push_str("]\n");
    }
    if let Some(s) = &m.signer {
        out.push_str("\n[document.signer]\n");
        for (k, v) in [("role", &s.role), ("name", &s.name), ("note", &s.note)] {
            if let Some(v) = v {
                let _ = writeln!(out, "{k} = {}", string(v));
            }
        }
    }
    for node in &draft.nodes {
        out.push('\n');
        for note in &node.notes {
            let _ = writeln!(out, "# {}", note_text(note, lang));
        }
        out.push_str("[[node]]\n");
        let _ = writeln!(out, "id = {}", string(&node.id));
        if let Some(p) = node.parent.and_then(|p| draft.nodes.get(p)) {
            let _ = writeln!(out, "parent = {}", string(&p.id));
        }
        let _ = writeln!(out, "kind = {}", string(node.kind.as_str()));
        for (k, v) in [
            ("label", &node.label),
            ("title", &node.title),
            ("text", &node.text),
        ] {
            if let Some(v) = v {
                let _ = writeln!(out, "{k} = {}", string(v));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{self, Date, Meta, Signer};
    use crate::import::DraftNode;

    #[test]
    fn awkward_strings_round_trip_through_the_loader() {
        let tricky =
            "Dấu \"ngoặc\" và 'nháy', \\ gạch, tab\there, ''' và \"\"\" # không phải chú thích";
        let draft = Draft {
            meta: Meta {
                title: tricky.into(),
                date: Some(Date {
                    year: 2024,
                    month: 2,
                    day: 29,
                }),
                recipients: vec![tricky.into()],
                signer: Some(Signer {
                    role: Some("CHỦ TỊCH".into()),
                    name: None,
                    note: Some("(Đã ký)".into()),
                }),
                ..Meta::default()
            },
            meta_notes: vec![("title", MetaNote::NoTitle)],
            nodes: vec![
                DraftNode {
                    id: "I".into(),
                    parent: None,
                    kind: Kind::Heading,
                    label: Some("I".into()),
                    title: Some(tricky.into()),
                    text: None,
                    line: 1,
                    notes: vec![Note::Unplaced { line: 3 }],
                },
                DraftNode {
                    id: "I.1".into(),
                    parent: Some(0),
                    kind: Kind::Task,
                    label: None,
                    title: None,
                    text: Some(format!("{tricky}\n\nĐoạn hai.")),
                    line: 2,
                    notes: vec![],
                },
            ],
        };
        let toml = to_toml(&draft, "tên\ntệp.md", Lang::Vi);
        let doc = doc::load_str("x", &toml).unwrap_or_else(|e| panic!("{}\n{toml}", e));
        assert_eq!(doc.meta.title, tricky);
        assert_eq!(doc.meta.recipients, [tricky]);
        assert_eq!(
            doc.nodes()[1].text.as_deref(),
            Some(format!("{tricky}\n\nĐoạn hai.").as_str())
        );
        assert!(toml.starts_with("# Nhập từ “tên tệp.md”"));
        assert!(toml.contains("# kiểm tra: không xếp được đoạn ở dòng 3"));
        assert!(toml.contains("date = 2024-02-29\n"));
    }
}

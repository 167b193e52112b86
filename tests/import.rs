//! `ketluan import` through the real binary: the seed against the
//! hand-made reference tree, two more notices in other shapes checked node
//! by node, and the command line (stdout, `-o`, errors, CRLF and NFD).
//!
//! Every output is loaded with `ketluan::doc::load_str`, the loader behind
//! `ketluan check`, before anything is compared.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use ketluan::doc::{self, Document, Node};
use unicode_normalization::UnicodeNormalization;

const SEED: &str = "tests/fixtures/seed-2017-02-22.md";
const REFERENCE: &str = "data/ket-luan-2017-02-22.toml";
const UBND: &str = "tests/fixtures/import-ubnd-son-tinh-2024-04-18.txt";
const CHI_BO: &str = "tests/fixtures/import-chi-bo-tho-loc-2024-06-12.md";

fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn ketluan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ketluan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("KETLUAN_LANG")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ketluan");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input)
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for ketluan")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Imports `file` (relative to the crate, or absolute) to stdout and
/// loads the result: it must be a valid notice.
fn import(file: &str) -> (String, Document) {
    let out = ketluan(&["import", file], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "import {file}: {}",
        stderr(&out)
    );
    let toml = String::from_utf8(out.stdout).expect("UTF-8 output");
    let doc = doc::load_str(file, &toml)
        .unwrap_or_else(|e| panic!("{}\n{toml}", e.render(ketluan::i18n::Lang::En)));
    (toml, doc)
}

/// Each node's place in the tree: its position among its siblings at every
/// level from the top, e.g. `[1, 0, 2]` for the third child of the first
/// child of the second top-level node. Trees are compared by these paths
/// (and by document order), never by ids, which the importer makes itself.
fn paths(doc: &Document) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(doc.len());
    for (i, node) in doc.nodes().iter().enumerate() {
        let path = match node.parent {
            Some(p) => {
                let pos = doc.node(p).children.iter().position(|c| c.get() == i);
                let mut path = out[p.get()].clone();
                path.push(pos.expect("a child is listed by its parent"));
                path
            }
            None => vec![doc.roots().iter().position(|r| r.get() == i).unwrap()],
        };
        out.push(path);
    }
    out
}

/// What a node says: its title and its text (whichever it has), joined
/// with a newline. The reference writes headings and group lines as
/// `title` and items as `text`; comparing the content makes the text check
/// independent of that choice, which is checked on its own (`field`).
fn content(node: &Node) -> String {
    [node.title.as_deref(), node.text.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

fn field(node: &Node) -> &'static str {
    match (&node.title, &node.text) {
        (Some(_), Some(_)) => "title+text",
        (Some(_), None) => "title",
        _ => "text",
    }
}

fn path_str(p: &[usize]) -> String {
    p.iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(".")
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(70).collect();
    if s.chars().count() > 70 {
        t.push('…');
    }
    t
}

/// Differences between two trees, node by node in document order:
/// `(problems, kind differences)`. A problem is a different node count,
/// place in the tree (path), content, field or label; kinds are counted
/// apart because the issue asks for 95% agreement, not all.
fn compare(imported: &Document, reference: &Document) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let mut kind_diffs = Vec::new();
    if imported.len() != reference.len() {
        problems.push(format!(
            "{} nodes imported, {} in the reference",
            imported.len(),
            reference.len()
        ));
    }
    let (ip, rp) = (paths(imported), paths(reference));
    for (i, (a, b)) in imported.nodes().iter().zip(reference.nodes()).enumerate() {
        let at = format!("node {} ({} / reference {})", i + 1, a.id, b.id);
        if ip[i] != rp[i] {
            problems.push(format!(
                "{at}: at {} in the tree, reference at {}",
                path_str(&ip[i]),
                path_str(&rp[i])
            ));
        }
        if content(a) != content(b) {
            problems.push(format!(
                "{at}: text differs:\n    imported:  {}\n    reference: {}",
                content(a),
                content(b)
            ));
        }
        if field(a) != field(b) {
            problems.push(format!(
                "{at}: {} here, {} in the reference",
                field(a),
                field(b)
            ));
        }
        if a.label != b.label {
            problems.push(format!(
                "{at}: label {:?}, reference {:?}",
                a.label, b.label
            ));
        }
        if a.kind != b.kind {
            kind_diffs.push(format!(
                "{at}: kind {}, reference {} — {}",
                a.kind,
                b.kind,
                short(&content(b))
            ));
        }
    }
    (problems, kind_diffs)
}

/// Imports the seed and compares it with the hand-made reference (see
/// [`compare`]): the tree, texts and labels must be identical and kinds
/// agree for at least 95% of the nodes. Every difference is printed
/// (`cargo test --test import -- --nocapture` shows the summary when all
/// pass).
#[test]
fn the_seed_imports_to_the_reference_tree() {
    let (_, imported) = import(SEED);
    let reference = doc::load_path(&path(REFERENCE)).expect("the reference loads");
    let (problems, kind_diffs) = compare(&imported, &reference);
    let total = reference.len();
    let same = total - kind_diffs.len();
    let pct = 100.0 * same as f64 / total as f64;
    println!(
        "seed vs reference: {total} nodes, tree, texts and labels identical: {}",
        problems.is_empty()
    );
    println!("kinds agree for {same} of {total} nodes ({pct:.1}%)");
    for d in problems.iter().chain(&kind_diffs) {
        println!("  {d}");
    }
    assert!(
        problems.is_empty(),
        "tree differs from the reference:\n{}",
        problems.join("\n")
    );
    assert!(
        pct >= 95.0,
        "kinds agree for only {pct:.1}%:\n{}",
        kind_diffs.join("\n")
    );

    // The metadata too, field by field.
    let (m, r) = (&imported.meta, &reference.meta);
    assert_eq!(m.title, r.title);
    assert_eq!(m.kind, r.kind);
    assert_eq!(m.date, r.date);
    assert_eq!(m.issuer, r.issuer);
    assert_eq!(m.chair, r.chair);
    assert_eq!(m.preamble, r.preamble);
    assert_eq!(m.closing, r.closing);
    assert_eq!(m.recipients, r.recipients);
    assert_eq!(m.signer, r.signer);
    assert_eq!(m, r);
}

/// The seed with its Markdown removed (headings, emphasis, escapes, hard
/// breaks): as plain text it imports to the same tree, texts and kinds.
#[test]
fn the_seed_as_plain_text_imports_to_the_same_tree() {
    let seed = fs::read_to_string(path(SEED)).unwrap();
    let plain: String = seed
        .lines()
        .map(|l| {
            let l = l.trim_start_matches('#').trim_start();
            let l = l
                .replace("\\*", "\u{1}")
                .replace('*', "")
                .replace('\u{1}', "*");
            format!("{}\n", l.trim_end())
        })
        .collect();
    assert!(!plain.contains("**") && !plain.contains('#'));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.txt");
    fs::write(&file, &plain).unwrap();
    let (_, doc) = import(file.to_str().unwrap());
    let reference = doc::load_path(&path(REFERENCE)).unwrap();
    let (problems, kind_diffs) = compare(&doc, &reference);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(kind_diffs.is_empty(), "{}", kind_diffs.join("\n"));
    assert_eq!(doc.meta, reference.meta);
}

/// The comparison itself can fail: a reference with one node moved to
/// another parent, one text changed and one kind changed is reported.
#[test]
fn the_comparison_sees_every_kind_of_difference() {
    let (_, imported) = import(SEED);
    let text = fs::read_to_string(path(REFERENCE)).unwrap();
    let changed = text
        .replacen(
            "id = \"I.2.1.b\"\nparent = \"I.2.1\"",
            "id = \"I.2.1.b\"\nparent = \"I.2\"",
            1,
        )
        .replacen("nhạy cảm.", "nhạy cảm", 1)
        .replacen(
            "id = \"I.1\"\nparent = \"I\"\nkind = \"strength\"",
            "id = \"I.1\"\nparent = \"I\"\nkind = \"point\"",
            1,
        );
    assert_ne!(changed, text);
    let reference = doc::load_str("changed", &changed).unwrap();
    let (problems, kind_diffs) = compare(&imported, &reference);
    assert!(
        problems.iter().any(|p| p.contains("in the tree")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("text differs")),
        "{problems:?}"
    );
    assert_eq!(kind_diffs.len(), 1, "{kind_diffs:?}");
}

/// The tree as one line per node: indentation for depth, then kind, label
/// (`·` for none), `title` or `text`, and the content with paragraph
/// breaks shown as ` ¶ `.
fn outline(doc: &Document) -> Vec<String> {
    doc.nodes()
        .iter()
        .map(|n| {
            format!(
                "{}{} {} {}: {}",
                "  ".repeat(n.depth as usize),
                n.kind,
                n.label.as_deref().unwrap_or("·"),
                field(n),
                content(n).replace("\n\n", " ¶ ")
            )
        })
        .collect()
}

fn expected(lines: &str) -> Vec<String> {
    lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.strip_prefix("    ").unwrap_or(l).to_string())
        .collect()
}

/// Compares outlines node by node, listing every node that differs.
/// Imports `text`, a form of the fixture `fixture` written to a file
/// named `name`: its outline must be `tree`, and the fixture as stored
/// must import to the same document.
fn import_form(fixture: &str, name: &str, text: &str, tree: &str) -> (String, Document) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::write(&file, text).unwrap();
    let (toml, doc) = import(file.to_str().unwrap());
    assert_outline(fixture, &doc, tree);
    assert_eq!(
        import(fixture).1,
        doc,
        "the fixture as stored imports the same"
    );
    (toml, doc)
}

fn assert_outline(file: &str, doc: &Document, want: &str) {
    let got = outline(doc);
    let want = expected(want);
    let mut diffs = Vec::new();
    for i in 0..got.len().max(want.len()) {
        let (g, w) = (got.get(i), want.get(i));
        if g != w {
            diffs.push(format!(
                "node {}:\n    got:  {}\n    want: {}",
                i + 1,
                g.map_or("(none)", String::as_str),
                w.map_or("(none)", String::as_str)
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "{file}: {} of {} nodes differ:\n{}",
        diffs.len(),
        want.len(),
        diffs.join("\n")
    );
}

const UBND_TREE: &str = "
    heading I title: ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2024
      heading 1 title: Kết quả đạt được
        strength a) text: Về kinh tế: Tổng giá trị sản xuất các ngành ước đạt 3.215 tỷ đồng, tăng 8,6% so với cùng kỳ; sản xuất vụ Đông Xuân được triển khai đúng lịch thời vụ, không để xảy ra dịch bệnh lớn trên cây trồng, vật nuôi.
        strength b) text: Về thu, chi ngân sách: Thu ngân sách nhà nước trên địa bàn ước đạt 72,4 tỷ đồng, bằng 28% dự toán tỉnh giao; chi ngân sách bảo đảm kịp thời cho các nhiệm vụ chi thường xuyên và chi an sinh xã hội.
        strength c) text: Về văn hóa - xã hội: Các hoạt động mừng Đảng, mừng Xuân Giáp Thìn được tổ chức trang trọng, an toàn, tiết kiệm; công tác chăm lo cho gia đình chính sách, hộ nghèo trong dịp Tết được thực hiện chu đáo, đúng đối tượng.
        strength d) text: Về quốc phòng - an ninh: Hoàn thành 100% chỉ tiêu giao quân năm 2024; tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững.
      heading 2 title: Hạn chế, tồn tại
        weakness - text: Tiến độ giải ngân vốn đầu tư công còn chậm, đến ngày 31/3/2024 mới đạt 12,5% kế hoạch vốn.
        weakness - text: Công tác bồi thường, giải phóng mặt bằng một số dự án trọng điểm còn vướng mắc, kéo dài.
        weakness - text: Việc xử lý vi phạm trật tự xây dựng ở một số xã chưa kiên quyết, còn để phát sinh trường hợp mới.
      heading 3 title: Nguyên nhân
        cause + text: Một số chủ đầu tư chưa chủ động, thiếu quyết liệt trong chỉ đạo, điều hành; công tác phối hợp giữa các cơ quan chuyên môn với Ủy ban nhân dân các xã có lúc chưa chặt chẽ.
        cause + text: Hồ sơ nguồn gốc đất đai của một số thửa đất phức tạp, mất nhiều thời gian xác minh.
    heading II title: NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024
      heading 1 title: Về phát triển kinh tế
        task 1.1 text: Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Ủy ban nhân dân các xã chỉ đạo thu hoạch lúa vụ Đông Xuân, triển khai sản xuất vụ Hè Thu đúng lịch thời vụ; chủ động phương án phòng, chống hạn hán, xâm nhập mặn.
        task 1.2 text: Chi cục Thuế khu vực phối hợp với các xã, thị trấn đẩy mạnh các biện pháp chống thất thu, phấn đấu thu ngân sách 6 tháng đầu năm đạt trên 55% dự toán.
      heading 2 title: Về giải ngân vốn đầu tư công và giải phóng mặt bằng
        task 2.1 text: Các chủ đầu tư khẩn trương hoàn thiện hồ sơ thanh toán khối lượng hoàn thành, bảo đảm đến ngày 30/6/2024 giải ngân đạt trên 50% kế hoạch vốn được giao.
        task 2.2 text: Ban Quản lý dự án đầu tư xây dựng và Phát triển quỹ đất huyện phối hợp với Ủy ban nhân dân các xã tập trung giải quyết dứt điểm các vướng mắc về bồi thường, giải phóng mặt bằng, trước hết là dự án đường trục trung tâm huyện và dự án khu dân cư Trường Xuân; kịp thời báo cáo Chủ tịch Ủy ban nhân dân huyện những vấn đề vượt thẩm quyền.
        task 2.2 text: Phòng Tài nguyên và Môi trường hướng dẫn người dân hoàn thiện hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất đối với các thửa đất đủ điều kiện trong vùng dự án.
      task 3 text: Về văn hóa - xã hội và quốc phòng - an ninh:
        task - text: Phòng Văn hóa và Thông tin tổ chức tốt các hoạt động kỷ niệm 49 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2024) và Ngày Quốc tế Lao động 01/5.
        task - text: Phòng Giáo dục và Đào tạo chỉ đạo các trường tổ chức tốt kỳ kiểm tra cuối năm học 2023 - 2024, bảo đảm nghiêm túc, đúng quy chế.
        task - text: Công an huyện nắm chắc tình hình, chủ động phòng ngừa, đấu tranh với các loại tội phạm, bảo đảm an ninh, trật tự trên địa bàn.
    heading III title: TỔ CHỨC THỰC HIỆN
      task · text: Giao Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện theo dõi, đôn đốc các cơ quan, đơn vị, địa phương thực hiện các nội dung kết luận nêu trên; tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân huyện kết quả thực hiện trước ngày 25/6/2024.
      task · text: Thủ trưởng các cơ quan, đơn vị và Chủ tịch Ủy ban nhân dân các xã, thị trấn chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện nhiệm vụ được giao.
";

/// A district People's Committee notice in plain text with CRLF line
/// ends: a two-column header and signature, capitals for sections,
/// "1." / "a)" / "1.1." / "-" / "+", a number the source repeats, and a
/// sentence broken by a form feed and a page number before a capital.
#[test]
fn a_plain_text_crlf_notice_imports_node_by_node() {
    // The fixture is stored with CRLF; a checkout that turned it into LF
    // must not weaken the test, so the CRLF form is made here as well.
    let raw = fs::read_to_string(path(UBND)).unwrap();
    assert!(raw.contains('\u{0C}'), "the fixture keeps its form feed");
    let crlf = raw.replace("\r\n", "\n").replace('\n', "\r\n");
    let (toml, doc) = import_form(UBND, "ubnd.txt", &crlf, UBND_TREE);
    let m = &doc.meta;
    assert_eq!(
        m.title,
        "Kết luận của Chủ tịch Ủy ban nhân dân huyện tại cuộc họp nghe báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội quý I và triển khai nhiệm vụ quý II năm 2024"
    );
    assert_eq!(m.kind.as_deref(), Some("Thông báo"));
    assert_eq!(m.number.as_deref(), Some("87/TB-UBND"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("18/04/2024"));
    assert_eq!(m.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH"));
    assert_eq!(m.chair.as_deref(), Some("Phạm Văn Tuấn"));
    assert_eq!(
        m.preamble.as_deref().map(|p| p.split("\n\n").count()),
        Some(2)
    );
    assert!(
        m.closing
            .as_deref()
            .is_some_and(|c| c.ends_with("biết, thực hiện./."))
    );
    assert_eq!(m.recipients.len(), 7);
    assert_eq!(m.recipients[6], "Lưu: VT.");
    let s = m.signer.as_ref().unwrap();
    assert_eq!(s.role.as_deref(), Some("TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"));
    assert_eq!(s.name.as_deref(), Some("Nguyễn Thị Hồng Nhung"));
    assert_eq!(s.note.as_deref(), Some("(Đã ký)"));
    // Ids follow the numbering; the repeated "2.2." stays unique.
    let ids: Vec<&str> = doc.nodes().iter().map(|n| n.id.as_str()).collect();
    for id in [
        "I", "I.1", "I.1.a", "I.2.c", "I.3.b", "II.1.1", "II.2.2", "II.2.2_2", "II.3.a", "III.p2",
    ] {
        assert!(ids.contains(&id), "no id {id} in {ids:?}");
    }
    assert!(toml.contains("# kiểm tra: số “2.2” lặp lại"));
    assert!(toml.contains("sau chỗ ngắt trang (đã bỏ số trang “- 2 -”)"));
}

const CHI_BO_TREE: &str = "
    heading I title: Kết quả thực hiện nhiệm vụ tháng 5 năm 2024
      strength 1) text: Về công tác xây dựng Đảng: Chi bộ duy trì sinh hoạt đúng định kỳ, nội dung sinh hoạt có đổi mới, gắn với tình hình thực tế ở thôn; việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được đảng viên thực hiện nghiêm túc.
      strength 2) text: Về phát triển kinh tế:
        strength a text: Bà con trong thôn thu hoạch xong 45 ha lúa vụ Đông Xuân, năng suất bình quân ước đạt 62 tạ/ha.
        strength b text: Đàn gia súc, gia cầm phát triển ổn định, không để xảy ra dịch bệnh.
      strength 3) text: Về văn hóa - xã hội: Thôn tổ chức thành công Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư; 100% trẻ em trong độ tuổi được tiêm chủng đầy đủ. ¶ Công tác vận động Nhân dân hiến đất làm đường giao thông nông thôn đạt kết quả tốt, đã có 12 hộ tự nguyện hiến hơn 600 m² đất.
      heading · title: Tuy nhiên, việc thực hiện nhiệm vụ trong tháng vẫn còn một số hạn chế.
        weakness • text: Một số đảng viên lớn tuổi tham gia sinh hoạt chưa đều; việc thu đảng phí có lúc còn chậm.
        weakness • text: Tình trạng vứt rác thải không đúng nơi quy định ở khu vực chợ thôn chưa được khắc phục triệt để.
      heading · title: Nguyên nhân của những hạn chế trên chủ yếu là do:
        cause • text: Chi ủy chưa thường xuyên kiểm tra, đôn đốc việc thực hiện nhiệm vụ được phân công.
        cause • text: Ý thức của một bộ phận Nhân dân về giữ gìn vệ sinh môi trường chưa cao.
    heading II title: Nhiệm vụ trọng tâm tháng 7 năm 2024
      task 1) text: Tiếp tục quán triệt, triển khai thực hiện Nghị quyết của Đảng ủy xã về phát triển kinh tế - xã hội năm 2024; mỗi đảng viên phải gương mẫu đi đầu, vận động gia đình và Nhân dân cùng thực hiện.
      task 2) text: Vận động Nhân dân chăm sóc lúa vụ Hè Thu, trong đó:
        task • text: Chủ động nạo vét kênh mương nội đồng, bảo đảm đủ nước tưới;
          task + text: Tổ thủy lợi thôn phân công người trực điều tiết nước theo lịch;
          task + text: Các hộ ở cuối kênh phối hợp tu sửa bờ vùng, bờ thửa.
        task • text: Theo dõi chặt chẽ tình hình sâu bệnh, kịp thời phòng trừ rầy nâu, bệnh đạo ôn.
      task 3) text: Chi ủy phân công đảng viên phụ trách từng nhóm hộ vận động Nhân dân giữ gìn vệ sinh môi trường, phân loại rác thải tại nguồn, phấn đấu đến cuối năm 2024 thôn đạt tiêu chí khu dân cư kiểu mẫu theo kế hoạch của xã.
    heading III title: Về ý kiến, kiến nghị của đảng viên
      task · text: Đối với kiến nghị về việc sửa chữa tuyến kênh N2 bị sạt lở, Chi bộ giao đồng chí Trưởng thôn tổng hợp, báo cáo Ủy ban nhân dân xã xem xét, hỗ trợ kinh phí trước mùa mưa bão.
      task · text: Đối với đề xuất mở lớp tập huấn kỹ thuật trồng rau an toàn, đề nghị Đảng ủy xã chỉ đạo Hội Nông dân xã phối hợp với Trạm Khuyến nông tổ chức trong quý III năm 2024.
";

/// A Party cell's notice in Markdown, stored in NFD: "I –" sections,
/// "1)", "a.", "•" and "+" items, a "Tuy nhiên" block without a colon, a
/// causes group line, a second paragraph of an item, unnumbered items
/// under a heading, and a sentence broken by a blank line.
#[test]
fn a_markdown_nfd_notice_imports_node_by_node() {
    // The fixture is stored in NFD; the NFD form is made here as well so
    // that a tool normalizing the checkout cannot weaken the test.
    let raw = fs::read_to_string(path(CHI_BO)).unwrap();
    let nfd: String = raw.nfd().collect();
    assert_ne!(nfd.nfc().collect::<String>(), nfd);
    let (toml, doc) = import_form(CHI_BO, "chi-bo.md", &nfd, CHI_BO_TREE);
    let m = &doc.meta;
    assert_eq!(
        m.title,
        "KẾT LUẬN CỦA CHI BỘ tại cuộc họp chi bộ định kỳ tháng 6 năm 2024"
    );
    assert_eq!(m.number.as_deref(), Some("15-TB/CB"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("12/06/2024"));
    assert_eq!(
        m.issuer.as_deref(),
        Some("ĐẢNG BỘ XÃ TỊNH HÀ CHI BỘ THÔN THỌ LỘC")
    );
    assert_eq!(m.chair.as_deref(), Some("Trần Văn Bình"));
    assert!(
        m.closing
            .as_deref()
            .is_some_and(|c| c.starts_with("Trên đây là kết luận"))
    );
    assert_eq!(
        m.recipients,
        [
            "Đảng ủy xã (b/c);",
            "Các đảng viên trong Chi bộ;",
            "Lưu Chi bộ."
        ]
    );
    let s = m.signer.as_ref().unwrap();
    assert_eq!(
        (s.role.as_deref(), s.name.as_deref(), s.note.as_deref()),
        (
            Some("T/M CHI BỘ BÍ THƯ"),
            Some("Trần Văn Bình"),
            Some("(Đã ký)")
        )
    );
    // The output is NFC whatever the input form.
    assert_eq!(toml.nfc().collect::<String>(), toml);
    let ids: Vec<&str> = doc.nodes().iter().map(|n| n.id.as_str()).collect();
    for id in [
        "I.han-che",
        "I.han-che.b",
        "I.nguyen-nhan.a",
        "II.2.a.b",
        "III.p1",
    ] {
        assert!(ids.contains(&id), "no id {id} in {ids:?}");
    }
}

/// Lowercase words of all string values of a TOML notice.
fn toml_words(toml: &str) -> std::collections::HashSet<String> {
    let value: toml::Table = toml.parse().unwrap();
    let mut words = std::collections::HashSet::new();
    let mut stack: Vec<&toml::Value> = value.values().collect();
    while let Some(v) = stack.pop() {
        match v {
            toml::Value::String(s) => words.extend(word_list(s)),
            toml::Value::Array(a) => stack.extend(a),
            toml::Value::Table(t) => stack.extend(t.values()),
            _ => {}
        }
    }
    words
}

fn word_list(s: &str) -> Vec<String> {
    s.nfc()
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Nothing is lost: every word of each source appears in the imported
/// notice, except the printed markers, the motto and the page number that
/// the format represents by structure or drops on purpose.
#[test]
fn every_word_of_the_sources_survives_the_import() {
    let by_structure = [
        "cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "việt", "nam", "độc", "lập", "tự", "do",
        "hạnh", "phúc", "đảng", "sản", "số", "ngày", "tháng", "năm", "nơi", "nhận", "i", "ii",
        "iii", "a", "b", "c", "d", "2", "3", "4", "6", "12", "18", "1", "2024", "2017", "22", "02",
    ];
    for file in [SEED, UBND, CHI_BO] {
        let (toml, _) = import(file);
        let have = toml_words(&toml);
        let source = fs::read_to_string(path(file)).unwrap();
        let missing: Vec<String> = word_list(&source)
            .into_iter()
            .filter(|w| !have.contains(w) && !by_structure.contains(&w.as_str()))
            .collect();
        assert!(missing.is_empty(), "{file}: words lost: {missing:?}");
    }
}

#[test]
fn the_output_passes_check_and_minus_o_writes_a_file() {
    let (toml, _) = import(SEED);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    let out_s = out.to_str().unwrap();
    let run = ketluan(&["import", SEED, "-o", out_s], None);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(run.stdout.is_empty());
    assert_eq!(fs::read_to_string(&out).unwrap(), toml);
    let err = stderr(&run);
    assert!(
        err.starts_with(&format!("ketluan: đã ghi {out_s}: 41 mục (mục lớn 11, ý 0, kết quả 9, hạn chế 7, nguyên nhân 3, nhiệm vụ 11); ")),
        "{err}"
    );
    let check = ketluan(&["--lang", "en", "check", out_s], None);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        format!(
            "ok {out_s}: 41 nodes (heading 11, point 0, strength 9, weakness 7, cause 3, task 11)\n"
        )
    );
    // The same through a pipe: `ketluan import - < seed | ketluan check /dev/stdin`.
    let piped = ketluan(&["import", "-"], Some(&fs::read(path(SEED)).unwrap()));
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    let check = ketluan(&["check", "/dev/stdin"], Some(&piped.stdout));
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn crlf_and_nfd_input_import_the_same_as_lf_and_nfc() {
    let (_, plain) = import(SEED);
    let seed = fs::read_to_string(path(SEED)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("crlf.md", seed.replace('\n', "\r\n")),
        ("nfd.md", seed.nfd().collect()),
        (
            "both.md",
            seed.nfd().collect::<String>().replace('\n', "\r\n"),
        ),
        ("bom.md", format!("\u{FEFF}{seed}")),
    ] {
        let file = dir.path().join(name);
        fs::write(&file, &text).unwrap();
        let (_, doc) = import(file.to_str().unwrap());
        assert_eq!(doc.meta, plain.meta, "{name}");
        assert_eq!(doc.nodes(), plain.nodes(), "{name}");
    }
}

#[test]
fn a_file_that_is_not_a_notice_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let prose = dir.path().join("thu.txt");
    fs::write(
        &prose,
        "Kính gửi anh Nam,\n\nTuần sau em về quê, hẹn anh hôm khác cà phê.\n\nThân mến.\n",
    )
    .unwrap();
    let p = prose.to_str().unwrap();
    let out_file = dir.path().join("out.toml");
    let vi = ketluan(&["import", p, "-o", out_file.to_str().unwrap()], None);
    assert_eq!(vi.status.code(), Some(1));
    assert!(vi.stdout.is_empty());
    assert!(!out_file.exists(), "nothing is written for a failed import");
    assert_eq!(
        stderr(&vi),
        format!(
            "{p}: không phải thông báo: không tìm thấy mục hay ý được đánh số nào (như \"I.\", \"1.\", \"a)\" hoặc \"- \" ở đầu dòng)\n"
        )
    );
    let en = ketluan(&["--lang", "en", "import", p], None);
    assert_eq!(en.status.code(), Some(1));
    assert_eq!(
        stderr(&en),
        format!(
            "{p}: not a notice: no numbered sections or items were found (like \"I.\", \"1.\", \"a)\" or \"- \" at the start of a line)\n"
        )
    );

    let cases: [(&str, &[u8], &str); 6] = [
        ("empty.md", b" \n\n", "tệp trống"),
        (
            "latin1.txt",
            b"I. M\xe1y\n",
            "không phải UTF-8 hợp lệ (byte 0xE1)",
        ),
        ("bin.dat", b"I. abc\x00def", "dữ liệu nhị phân"),
        ("utf16.txt", b"\xff\xfeI\x00.\x00", "UTF-16"),
        (
            "readme.md",
            b"# Tool\n\n1. Install it.\n2. Run it.\n",
            "không phải thông báo: văn bản không phải tiếng Việt",
        ),
        (
            "khong-dau.txt",
            b"THONG BAO\n\nI. Ket qua\n1. Tot.\n",
            "quá ít chữ có dấu tiếng Việt",
        ),
    ];
    for (name, bytes, needle) in cases {
        let f = dir.path().join(name);
        fs::write(&f, bytes).unwrap();
        let out = ketluan(&["import", f.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains(needle), "{name}: {}", stderr(&out));
    }
    let toml = ketluan(&["import", REFERENCE], None);
    assert_eq!(toml.status.code(), Some(1));
    assert!(
        stderr(&toml).contains("đã là thông báo ở định dạng TOML"),
        "{}",
        stderr(&toml)
    );
    let missing = ketluan(&["--lang", "en", "import", "no/such/file.md"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        stderr(&missing),
        "no/such/file.md: cannot read: No such file or directory (os error 2)\n"
    );
    let dir_arg = ketluan(&["import", dir.path().to_str().unwrap()], None);
    assert_eq!(dir_arg.status.code(), Some(1));
    assert!(stderr(&dir_arg).contains("đây là thư mục"));
}

#[test]
fn the_output_never_overwrites_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("seed.md");
    fs::copy(path(SEED), &input).unwrap();
    let i = input.to_str().unwrap();
    let out = ketluan(&["import", i, "-o", i], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ghi đè lên chính thông báo đang nhập"));
    assert_eq!(fs::read(&input).unwrap(), fs::read(path(SEED)).unwrap());
}

#[test]
fn comments_mark_the_guesses_in_the_chosen_language() {
    let (vi, _) = import(SEED);
    assert!(vi.contains(
        "# kiểm tra: các ý dưới mục này được xếp loại weakness (Hạn chế) theo chữ “hạn chế”\n[[node]]\nid = \"I.han-che\""
    ));
    assert!(vi.contains("# kiểm tra: đã nối đoạn ở dòng 92 vào câu này"));
    let en = ketluan(&["--lang", "en", "import", SEED], None);
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(en.contains(
        "# check: items under this heading are classed weakness (Weakness) from the word “hạn chế”"
    ));
    assert!(!en.contains("# kiểm tra"));
}

/// Text after the signature that is neither a recipient nor part of the
/// signature is kept as a top-level point with a comment, not dropped.
#[test]
fn text_that_fits_nowhere_becomes_a_commented_point() {
    let src = "THÔNG BÁO\nKẾT LUẬN CỦA GIÁM ĐỐC\n\n1. Giao Phòng Hành chính chuẩn bị hội nghị.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nTrần Văn An\n\nghi chú viết tay: gửi kèm phụ lục\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("n.txt");
    fs::write(&f, src).unwrap();
    let (toml, doc) = import(f.to_str().unwrap());
    let last = doc.nodes().last().unwrap();
    assert_eq!(
        (last.kind, last.parent, last.text.as_deref()),
        (
            doc::Kind::Point,
            None,
            Some("ghi chú viết tay: gửi kèm phụ lục")
        )
    );
    assert!(toml.contains("# kiểm tra: không xếp được đoạn ở dòng 14 vào thông báo"));
    assert_eq!(
        doc.meta.signer.as_ref().and_then(|s| s.name.as_deref()),
        Some("Trần Văn An")
    );
    assert_eq!(doc.nodes()[0].kind, doc::Kind::Task);
}

#[test]
fn help_lists_the_import_command() {
    let out = ketluan(&["import", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("-o, --output <TỆP_RA.toml>"), "{help}");
    let out = ketluan(&["--lang", "en", "import", "--help"], None);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("-o, --output <OUT.toml>"), "{help}");
    let none = ketluan(&["import"], None);
    assert_eq!(none.status.code(), Some(2));
}

/// Imports `src` written to a temporary file `name`.
fn import_text(name: &str, src: &str) -> (String, Document) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::write(&file, src).unwrap();
    import(file.to_str().unwrap())
}

/// A Markdown heading after a list closes the list and goes under the
/// nearest shallower heading; the items after it go under it and take the
/// kind its wording gives.
#[test]
fn a_markdown_heading_after_a_list_goes_under_the_shallower_heading() {
    let src = "# THÔNG BÁO KẾT LUẬN VỀ X\n\n## I. Đánh giá\n\n- Gạch một\n  + Cộng con\n- Gạch hai\n\n1. Một\n2. Hai\n\n### Nguyên nhân\n\n- Nguyên nhân một\n- Nguyên nhân hai\n\n## II. Nhiệm vụ\n\n- Nhiệm vụ một\n";
    let (_, doc) = import_text("x.md", src);
    assert_outline(
        "x.md",
        &doc,
        "
    heading I title: Đánh giá
      point - text: Gạch một
        point + text: Cộng con
      point - text: Gạch hai
        point 1 text: Một
        point 2 text: Hai
      heading · title: Nguyên nhân
        cause - text: Nguyên nhân một
        cause - text: Nguyên nhân hai
    heading II title: Nhiệm vụ
      task - text: Nhiệm vụ một
    ",
    );
    let ids: Vec<&str> = doc.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "I",
            "I.a",
            "I.a.a",
            "I.b",
            "I.b.1",
            "I.b.2",
            "I.nguyen-nhan",
            "I.nguyen-nhan.a",
            "I.nguyen-nhan.b",
            "II",
            "II.a"
        ]
    );
}

/// The number is kept when it shares a line with the date, in each form
/// the header writes it.
#[test]
fn a_number_sharing_a_line_with_the_date_is_kept() {
    for header in [
        "Số 45-TB/HU, ngày 15/03/2024",
        "Số: 45-TB/HU, ngày 15 tháng 3 năm 2024",
        "Số: 45-TB/HU, Hà Nội, ngày 15 tháng 3 năm 2024",
        "**Số 45-TB/HU, ngày 15/03/2024**",
    ] {
        let src = format!(
            "ĐẢNG BỘ HUYỆN X\n\n{header}\n\nTHÔNG BÁO\nKẾT LUẬN CỦA BAN THƯỜNG VỤ\n\nI. Kết quả\n\n1. Tốt.\n"
        );
        let (_, doc) = import_text("so.md", &src);
        let m = &doc.meta;
        assert_eq!(m.number.as_deref(), Some("45-TB/HU"), "{header}");
        assert_eq!(
            m.date.map(|d| d.to_string()).as_deref(),
            Some("15/03/2024"),
            "{header}"
        );
        assert_eq!(m.issuer.as_deref(), Some("ĐẢNG BỘ HUYỆN X"), "{header}");
        assert_eq!(m.title, "KẾT LUẬN CỦA BAN THƯỜNG VỤ", "{header}");
    }
}

/// Lowercase Roman numerals and "Điều N." each start an item: they were
/// read as prose and glued onto the item above.
#[test]
fn lowercase_roman_numerals_and_articles_start_items() {
    let src = "THÔNG BÁO\nKết luận của Ban Thường vụ\n\nI. Những hạn chế\ni. Hạn chế thứ nhất.\nii. Hạn chế thứ hai.\niii. Hạn chế thứ ba.\niv. Hạn chế thứ tư.\nII. Nhiệm vụ\nĐiều 1. Giao Phòng Văn hóa chủ trì.\nĐiều 2. Các xã phối hợp thực hiện.\n";
    let (_, doc) = import_text("d.txt", src);
    assert_outline(
        "d.txt",
        &doc,
        "
    heading I title: Những hạn chế
      weakness i text: Hạn chế thứ nhất.
      weakness ii text: Hạn chế thứ hai.
      weakness iii text: Hạn chế thứ ba.
      weakness iv text: Hạn chế thứ tư.
    heading II title: Nhiệm vụ
      task Điều 1 text: Giao Phòng Văn hóa chủ trì.
      task Điều 2 text: Các xã phối hợp thực hiện.
    ",
    );
    let ids: Vec<&str> = doc.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "I",
            "I.i",
            "I.ii",
            "I.iii",
            "I.iv",
            "II",
            "II.dieu-1",
            "II.dieu-2"
        ]
    );
}

/// A last paragraph that says "thông báo" after a blank line goes to the
/// closing, with a comment, even without "biết" or "./.": it was glued
/// into the last item.
#[test]
fn a_closing_without_biet_after_the_last_item_is_a_closing_to_check() {
    let src = "# THÔNG BÁO KẾT LUẬN của Thường trực Đảng ủy xã\n\nNgày 10/01/2025, Thường trực Đảng ủy họp và kết luận như sau:\n\n## III. Nhiệm vụ\n\na. Đẩy nhanh giải ngân.\nb. Rà soát hộ nghèo.\nc. Hoàn thành trước ngày 30/6.\n\nĐảng ủy xã thông báo để các chi bộ thực hiện.\n";
    let (toml, doc) = import_text("b.md", src);
    assert_eq!(
        doc.meta.closing.as_deref(),
        Some("Đảng ủy xã thông báo để các chi bộ thực hiện.")
    );
    assert_eq!(doc.meta.issuer.as_deref(), Some("Đảng ủy xã"));
    assert_outline(
        "b.md",
        &doc,
        "
    heading III title: Nhiệm vụ
      task a text: Đẩy nhanh giải ngân.
      task b text: Rà soát hộ nghèo.
      task c text: Hoàn thành trước ngày 30/6.
    ",
    );
    assert!(toml.contains("# kiểm tra: đoạn kết là đoạn cuối có chữ “thông báo”"));
}

/// "-", "+" and "•" printed flush are read as three levels, the layout of
/// notices, but each nesting the source does not show gets a comment.
#[test]
fn flush_bullets_of_other_glyphs_nest_with_a_comment() {
    let src = "THÔNG BÁO\nKết luận của Ban Thường vụ\n\nII. Hạn chế, yếu kém\n- Một số chi bộ sinh hoạt chưa đều.\n+ Chất lượng sinh hoạt chưa cao.\n• Việc lập hồ sơ còn chậm.\n";
    let (toml, doc) = import_text("a.txt", src);
    assert_outline(
        "a.txt",
        &doc,
        "
    heading II title: Hạn chế, yếu kém
      weakness - text: Một số chi bộ sinh hoạt chưa đều.
        weakness + text: Chất lượng sinh hoạt chưa cao.
          weakness • text: Việc lập hồ sơ còn chậm.
    ",
    );
    assert!(toml.contains("# kiểm tra: dấu “+” thẳng lề với dấu “-” phía trên"));
    assert!(toml.contains("# kiểm tra: dấu “•” thẳng lề với dấu “+” phía trên"));
}

/// A short numbered line over a capitalised line (plain text) is a
/// heading with that line under it, and a bare "Hạn chế" after item 2 is
/// a heading over the bullet after it, each with a comment to check: the
/// cases of the tester's c.txt and e7.md.
#[test]
fn short_title_lines_and_bare_section_words_are_headings() {
    let src = "THÔNG BÁO\nKết luận họp\n\nNgày 1/1/2024 họp, Chủ tịch kết luận:\n\n1. Đánh giá chung\n1.2. Hạn chế\na) Thiếu giáo viên ở vùng sâu.\n1.3. Nguyên nhân\nDo ngân sách còn hạn hẹp.\n2. Kết quả\n2.1. A tốt.\n2.2. B tốt.\nHạn chế\n- C chậm.\n";
    let (toml, doc) = import_text("c.txt", src);
    assert_outline(
        "c.txt",
        &doc,
        "
    heading 1 title: Đánh giá chung
      heading 1.2 title: Hạn chế
        weakness a) text: Thiếu giáo viên ở vùng sâu.
      heading 1.3 title: Nguyên nhân
        cause · text: Do ngân sách còn hạn hẹp.
    heading 2 title: Kết quả
      strength 2.1 text: A tốt.
      strength 2.2 text: B tốt.
      heading · title: Hạn chế
        weakness - text: C chậm.
    ",
    );
    assert!(toml.contains("# kiểm tra: dòng đánh số ngắn đứng riêng"));
    assert!(toml.contains("# kiểm tra: dòng chỉ có từ chỉ mục, đứng riêng"));
}

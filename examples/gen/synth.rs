//! Synthetic notices for benchmarks: a tree of N nodes (balanced-ish, at
//! most D levels deep) or a chain N deep, with Vietnamese text recombined
//! from the phrases of the built-in 2017-02-22 notice, written as notice
//! TOML or as the same tree in nested JSON (for JSON viewers such as jless).
//!
//! Shared by `examples/gen` (the command line), the criterion benches and
//! `examples/harness.rs` through `#[path]` includes, so it stays out of the
//! library. Deterministic: the same options give the same bytes. Nothing
//! recurses over the tree: generation uses an explicit stack, and the JSON
//! writer nests by comparing depths, so a 100,000-deep chain is fine.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_normalization::UnicodeNormalization;

/// The notice whose phrases and `[document]` table are reused.
const SEED: &str = include_str!("../../data/ket-luan-2017-02-22.toml");

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of `[[node]]` tables.
    pub nodes: usize,
    /// Maximum depth of the tree (levels), at least 1. Ignored for a chain.
    pub depth: usize,
    /// A chain: every node the only child of the one before.
    pub chain: bool,
    /// Write text in Unicode NFD instead of NFC.
    pub nfd: bool,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            nodes: 1000,
            depth: 4,
            chain: false,
            nfd: false,
            seed: 1,
        }
    }
}

impl Options {
    /// A tree of `nodes` nodes with the default depth and seed.
    pub fn tree(nodes: usize) -> Options {
        Options {
            nodes,
            ..Options::default()
        }
    }

    /// A chain `nodes` deep.
    pub fn chain(nodes: usize) -> Options {
        Options {
            nodes,
            chain: true,
            ..Options::default()
        }
    }
}

/// One generated node, in file order (a parent before its children, in
/// pre-order).
#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Index of the parent in [`Tree::nodes`].
    pub parent: Option<usize>,
    /// 0 for top-level nodes.
    pub depth: usize,
    pub kind: &'static str,
    pub label: String,
    pub title: Option<String>,
    pub text: Option<String>,
}

/// A value of the `[document]` table.
#[derive(Debug, Clone)]
enum MetaValue {
    Str(String),
    /// `YYYY-MM-DD`, written unquoted in TOML.
    Date(String),
    List(Vec<String>),
}

/// A generated notice.
#[derive(Debug, Clone)]
pub struct Tree {
    /// `[document]` keys in order, without the signer.
    meta: Vec<(String, MetaValue)>,
    signer: Vec<(String, String)>,
    pub nodes: Vec<Node>,
    nfd: bool,
}

/// SplitMix64: small, fast, deterministic; good enough for choosing words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The seed's phrases and metadata.
struct Source {
    phrases: Vec<String>,
    meta: Vec<(String, MetaValue)>,
    signer: Vec<(String, String)>,
}

fn source() -> Source {
    let table: toml::Table = SEED.parse().expect("the seed notice is valid TOML");
    let mut phrases = Vec::new();
    if let Some(toml::Value::Array(nodes)) = table.get("node") {
        for node in nodes {
            for key in ["title", "text"] {
                if let Some(s) = node.get(key).and_then(toml::Value::as_str) {
                    phrases.extend(split_phrases(s));
                }
            }
        }
    }
    phrases.sort();
    phrases.dedup();
    let mut meta = Vec::new();
    let mut signer = Vec::new();
    if let Some(toml::Value::Table(doc)) = table.get("document") {
        for (key, value) in doc {
            match value {
                toml::Value::String(s) => meta.push((key.clone(), MetaValue::Str(s.clone()))),
                toml::Value::Datetime(d) => {
                    meta.push((key.clone(), MetaValue::Date(d.to_string())));
                }
                toml::Value::Array(items) => meta.push((
                    key.clone(),
                    MetaValue::List(
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    ),
                )),
                toml::Value::Table(t) if key == "signer" => {
                    signer = t
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect();
                }
                _ => {}
            }
        }
    }
    Source {
        phrases,
        meta,
        signer,
    }
}

/// Words that keep their capital in the middle of a sentence.
const PROPER: &[&str] = &[
    "Đảng",
    "Trung",
    "Tỉnh",
    "Nhà",
    "Hội",
    "Ban",
    "Ủy",
    "Uỷ",
    "Nghị",
    "Bí",
    "Chủ",
    "Quốc",
    "Việt",
    "Mặt",
    "Văn",
    "Thường",
    "Chính",
    "Kết",
    "Quyết",
    "Chỉ",
    "Đề",
    "HĐND",
    "UBND",
];

/// Splits a text at `, ; : .` into phrases of at least three words. A
/// phrase that began a sentence loses its capital (unless it starts with a
/// name), so it can go anywhere in a generated sentence.
fn split_phrases(s: &str) -> Vec<String> {
    s.split([',', ';', ':', '.', '\n'])
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.split(' ').count() >= 3 && !p.contains(['"', '\\', '“', '”']))
        .map(|p| {
            let first = p.split(' ').next().unwrap_or("");
            let second_lower = first.chars().nth(1).is_some_and(char::is_lowercase);
            if second_lower && !PROPER.contains(&first) {
                let mut chars = p.chars();
                chars
                    .next()
                    .map(|c| c.to_lowercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                p
            }
        })
        .collect()
}

/// `s` with its first letter upper-case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn roman(mut n: usize) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Leaf kinds; each top-level section favours one of them, as a real
/// notice has a section of assessments and a section of tasks.
const LEAF_KINDS: [&str; 4] = ["strength", "weakness", "cause", "task"];

/// Average text length in bytes of a leaf, tuned so that 100,000 nodes at
/// the default depth make about 22 MB of TOML.
const LEAF_TEXT_BYTES: usize = 105;

struct Writer<'a> {
    rng: Rng,
    phrases: &'a [String],
}

impl Writer<'_> {
    fn phrase(&mut self) -> &str {
        &self.phrases[self.rng.below(self.phrases.len())]
    }

    /// A heading title: one phrase, capitalized.
    fn title(&mut self) -> String {
        let p = self.phrase().to_string();
        capitalize(&p)
    }

    /// One sentence of about `bytes` bytes.
    fn sentence(&mut self, bytes: usize) -> String {
        let mut s = String::new();
        loop {
            if !s.is_empty() {
                s.push_str(", ");
            }
            let p = self.phrase().to_string();
            s.push_str(&p);
            if s.len() >= bytes {
                break;
            }
        }
        let end = if self.rng.chance(0.2) { ';' } else { '.' };
        s.push(end);
        capitalize(&s)
    }

    /// A text of one paragraph, sometimes two, averaging about
    /// [`LEAF_TEXT_BYTES`].
    fn text(&mut self) -> String {
        let target = LEAF_TEXT_BYTES / 3 + self.rng.below(LEAF_TEXT_BYTES);
        let mut t = self.sentence(target);
        if self.rng.chance(0.1) {
            t.push_str("\n\n");
            let more = self.sentence(LEAF_TEXT_BYTES / 2);
            t.push_str(&more);
        }
        t
    }
}

/// A subtree still to be generated.
struct Pending {
    /// Nodes in the subtree, the root included (at least 1).
    size: usize,
    depth: usize,
    parent: Option<usize>,
    /// Position among its siblings, from 0.
    ordinal: usize,
    /// Its top-level section, which picks the favoured leaf kind.
    section: usize,
}

/// Splits `total` nodes into subtrees for the children of one node, with
/// `levels` levels available below it (at least 1).
fn split(rng: &mut Rng, total: usize, levels: usize) -> Vec<usize> {
    if total == 0 {
        return Vec::new();
    }
    if levels <= 1 {
        return vec![1; total];
    }
    // About total^(1/levels) children, so that the tree fills its levels.
    let ideal = (total as f64).powf(1.0 / levels as f64).ceil().max(1.0);
    let jitter = 0.75 + 0.5 * rng.unit();
    let count = ((ideal * jitter).round() as usize).clamp(1, total);
    let weights: Vec<f64> = (0..count).map(|_| 0.5 + rng.unit()).collect();
    let mut left_weight: f64 = weights.iter().sum();
    let mut left = total;
    let mut sizes = Vec::with_capacity(count);
    for (i, w) in weights.iter().enumerate() {
        let others = count - i - 1;
        let size = if others == 0 {
            left
        } else {
            ((left as f64 * w / left_weight).round() as usize).clamp(1, left - others)
        };
        sizes.push(size);
        left -= size;
        left_weight -= w;
    }
    sizes
}

/// Generates the notice described by `opts`.
pub fn generate(opts: &Options) -> Tree {
    let src = source();
    let mut w = Writer {
        rng: Rng(opts.seed ^ 0x6B65_746C_7561_6E00),
        phrases: &src.phrases,
    };
    let nodes = if opts.chain {
        chain(&mut w, opts.nodes)
    } else {
        tree(&mut w, opts.nodes, opts.depth.max(1))
    };
    Tree {
        meta: src.meta,
        signer: src.signer,
        nodes,
        nfd: opts.nfd,
    }
}

fn chain(w: &mut Writer<'_>, n: usize) -> Vec<Node> {
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        let last = i + 1 == n;
        let (kind, title, text) = if last {
            ("task", None, Some(w.text()))
        } else if i % 10 == 9 {
            ("point", None, Some(w.text()))
        } else {
            ("heading", Some(w.title()), None)
        };
        nodes.push(Node {
            id: format!("c{i}"),
            parent: i.checked_sub(1),
            depth: i,
            kind,
            label: if i == 0 { "I".into() } else { "-".into() },
            title,
            text,
        });
    }
    nodes
}

fn tree(w: &mut Writer<'_>, n: usize, levels: usize) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::with_capacity(n);
    let tops = split(&mut w.rng, n, levels);
    let mut stack: Vec<Pending> = tops
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &size)| Pending {
            size,
            depth: 0,
            parent: None,
            ordinal: i,
            section: i,
        })
        .collect();
    while let Some(p) = stack.pop() {
        let index = nodes.len();
        let parent = p.parent.map(|i| &nodes[i]);
        let label = match p.depth {
            0 => roman(p.ordinal + 1),
            1 => (p.ordinal + 1).to_string(),
            2 => match parent {
                Some(par) if par.label.len() < 12 && par.label.parse::<u32>().is_ok() => {
                    format!("{}.{}", par.label, p.ordinal + 1)
                }
                _ => (p.ordinal + 1).to_string(),
            },
            3 => "-".into(),
            4 => "+".into(),
            5 => format!("{})", (b'a' + (p.ordinal % 26) as u8) as char),
            _ => "*".into(),
        };
        let mut id = match parent {
            Some(par) => format!("{}.{}", par.id, p.ordinal + 1),
            None => roman(p.ordinal + 1),
        };
        if id.len() > 100 {
            id = format!("n{index}");
        }
        let has_children = p.size > 1;
        let (kind, title, text) = if has_children {
            if p.depth > 0 && w.rng.chance(0.15) {
                ("point", None, Some(w.text()))
            } else {
                ("heading", Some(w.title()), None)
            }
        } else if w.rng.chance(0.05) {
            ("point", None, Some(w.text()))
        } else {
            let favoured = LEAF_KINDS[p.section % LEAF_KINDS.len()];
            let kind = if w.rng.chance(0.7) {
                favoured
            } else {
                LEAF_KINDS[w.rng.below(LEAF_KINDS.len())]
            };
            (kind, None, Some(w.text()))
        };
        nodes.push(Node {
            id,
            parent: p.parent,
            depth: p.depth,
            kind,
            label,
            title,
            text,
        });
        if has_children {
            let sizes = split(&mut w.rng, p.size - 1, levels - p.depth - 1);
            stack.extend(sizes.iter().enumerate().rev().map(|(i, &size)| Pending {
                size,
                depth: p.depth + 1,
                parent: Some(index),
                ordinal: i,
                section: p.section,
            }));
        }
    }
    nodes
}

impl Tree {
    /// Text as written: NFC, or NFD with `--nfd`.
    fn norm<'s>(&self, s: &'s str) -> std::borrow::Cow<'s, str> {
        if self.nfd {
            s.nfd().collect::<String>().into()
        } else {
            s.into()
        }
    }

    /// The first node's headline (title, else first paragraph): what a
    /// viewer shows once the notice is open.
    pub fn first_headline(&self) -> String {
        let first = self.nodes.first();
        first
            .and_then(|n| n.title.clone())
            .or_else(|| {
                first
                    .and_then(|n| n.text.as_deref())
                    .map(|t| t.split("\n\n").next().unwrap_or("").to_string())
            })
            .unwrap_or_default()
    }

    /// Writes the notice as TOML.
    pub fn write_toml(&self, out: &mut impl Write) -> io::Result<()> {
        let mut buf = String::with_capacity(1 << 16);
        let _ = writeln!(
            buf,
            "# Synthetic notice: {} nodes, generated by `cargo run --example gen`\n\
             # from the phrases of data/ket-luan-2017-02-22.toml.\n\n[document]",
            self.nodes.len()
        );
        for (key, value) in &self.meta {
            match value {
                MetaValue::Str(s) => {
                    let _ = writeln!(buf, "{key} = {}", quoted(&self.norm(s)));
                }
                MetaValue::Date(d) => {
                    let _ = writeln!(buf, "{key} = {d}");
                }
                MetaValue::List(items) => {
                    let _ = writeln!(buf, "{key} = [");
                    for item in items {
                        let _ = writeln!(buf, "    {},", quoted(&self.norm(item)));
                    }
                    buf.push_str("]\n");
                }
            }
        }
        if !self.signer.is_empty() {
            buf.push_str("\n[document.signer]\n");
            for (key, value) in &self.signer {
                let _ = writeln!(buf, "{key} = {}", quoted(&self.norm(value)));
            }
        }
        for node in &self.nodes {
            buf.push_str("\n[[node]]\n");
            let _ = writeln!(buf, "id = {}", quoted(&node.id));
            if let Some(p) = node.parent {
                let _ = writeln!(buf, "parent = {}", quoted(&self.nodes[p].id));
            }
            let _ = writeln!(buf, "kind = \"{}\"", node.kind);
            let _ = writeln!(buf, "label = {}", quoted(&node.label));
            if let Some(t) = &node.title {
                let _ = writeln!(buf, "title = {}", quoted(&self.norm(t)));
            }
            if let Some(t) = &node.text {
                let _ = writeln!(buf, "text = {}", quoted(&self.norm(t)));
            }
            if buf.len() > 1 << 16 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())
    }

    /// Writes the same tree as JSON: `{"document": {...}, "nodes": [...]}`
    /// with each node's children nested in its `children` array (leaves
    /// have none). One node per line, no indentation (a chain would
    /// otherwise take gigabytes of spaces).
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let mut buf = String::with_capacity(1 << 16);
        buf.push_str("{\"document\": {");
        let mut first = true;
        for (key, value) in &self.meta {
            if !first {
                buf.push(',');
            }
            first = false;
            let _ = write!(buf, "\n{}: ", quoted(key));
            match value {
                MetaValue::Str(s) => buf.push_str(&quoted(&self.norm(s))),
                MetaValue::Date(d) => buf.push_str(&quoted(d)),
                MetaValue::List(items) => {
                    buf.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            buf.push_str(", ");
                        }
                        buf.push_str(&quoted(&self.norm(item)));
                    }
                    buf.push(']');
                }
            }
        }
        if !self.signer.is_empty() {
            buf.push_str(",\n\"signer\": {");
            for (i, (key, value)) in self.signer.iter().enumerate() {
                if i > 0 {
                    buf.push_str(", ");
                }
                let _ = write!(buf, "{}: {}", quoted(key), quoted(&self.norm(value)));
            }
            buf.push('}');
        }
        buf.push_str("},\n\"nodes\": [");
        // Depths of the open nodes whose `children` array is still open.
        let mut open = 0usize;
        for (i, node) in self.nodes.iter().enumerate() {
            // Close the arrays of the nodes this one is not inside.
            while open > node.depth {
                buf.push_str("]}");
                open -= 1;
            }
            let first_sibling = i == 0 || self.nodes[i - 1].depth < node.depth;
            if !first_sibling {
                buf.push(',');
            }
            let _ = write!(
                buf,
                "\n{{\"id\": {}, \"kind\": \"{}\", \"label\": {}",
                quoted(&node.id),
                node.kind,
                quoted(&node.label)
            );
            if let Some(t) = &node.title {
                let _ = write!(buf, ", \"title\": {}", quoted(&self.norm(t)));
            }
            if let Some(t) = &node.text {
                let _ = write!(buf, ", \"text\": {}", quoted(&self.norm(t)));
            }
            let has_children = self
                .nodes
                .get(i + 1)
                .is_some_and(|next| next.depth > node.depth);
            if has_children {
                buf.push_str(", \"children\": [");
                open += 1;
            } else {
                buf.push('}');
            }
            if buf.len() > 1 << 16 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        while open > 0 {
            buf.push_str("]}");
            open -= 1;
            if buf.len() > 1 << 16 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        buf.push_str("\n]}\n");
        out.write_all(buf.as_bytes())
    }

    /// The TOML as a string.
    pub fn toml_string(&self) -> String {
        let mut out = Vec::new();
        self.write_toml(&mut out).expect("writing to memory");
        String::from_utf8(out).expect("generated text is UTF-8")
    }

    /// The JSON as a string.
    pub fn json_string(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out).expect("writing to memory");
        String::from_utf8(out).expect("generated text is UTF-8")
    }
}

/// `s` as a double-quoted string that TOML (a basic string) and JSON both
/// read back as `s`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

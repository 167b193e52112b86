//! The cost of saving review marks on a large notice. Every change to a
//! mark rewrites the state file (render, read-back check, atomic write),
//! so a keystroke that marks an item pays for all the marks there are.
//!
//! `cargo bench --bench review`: `render` and `parse` of the state text
//! with 1,000, 10,000 and 100,000 marks on a 100,000-node notice, and
//! `toggle`, one Space with everything the session does for it: the
//! render, the read-back check (of the changed mark's block only, see
//! `review::readback`; `parse` is what checking the whole text costs),
//! and the write with its fsyncs, into a temporary directory.

use std::cell::OnceCell;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::DateTime;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ketluan::doc::{self, Document};
use ketluan::review::store::{self, Identity, State};
use ketluan::review::{Mark, Reviewer, Session, Stamp};

#[path = "../examples/gen/synth.rs"]
mod synth;

const NODES: usize = 100_000;

fn notice() -> Document {
    let opts = synth::Options {
        nodes: NODES,
        ..synth::Options::default()
    };
    let text = synth::generate(&opts).toml_string();
    doc::load_str("bench.toml", &text).expect("the generated notice is valid")
}

/// A session on `doc` whose state file, in `dir`, has every `stride`-th
/// node marked reviewed.
fn session(doc: &Document, dir: &Path, stride: usize) -> Session {
    let path = dir.join(format!("state-{stride}.toml"));
    let at = DateTime::parse_from_rfc3339("2017-02-22T09:12:03+07:00").expect("a time");
    let marks = doc
        .nodes()
        .iter()
        .step_by(stride)
        .map(|n| {
            let mark = Mark {
                reviewed: Some(Stamp::new(at, "lan")),
                ..Mark::default()
            };
            (n.id.to_string(), mark)
        })
        .collect();
    let state = State {
        reviewers: vec!["lan".to_string()],
        document: Some(Identity::of(doc)),
        marks,
    };
    store::write_atomic(&path, store::render(doc, &state).as_bytes()).expect("written");
    Session::open(doc, Some(&path), Reviewer::parse("lan").expect("a name"))
        .expect("a writable state file")
}

fn bench(c: &mut Criterion) {
    let doc = notice();
    let dir = std::env::temp_dir().join(format!("ketluan-bench-review-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut group = c.benchmark_group("review-100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for stride in [100, 10, 1] {
        let mut s = session(&doc, &dir, stride);
        let marks = s.marks().entries().len();
        let state = State {
            reviewers: s.reviewers().to_vec(),
            document: Some(Identity::of(&doc)),
            marks: s.marks().entries().clone(),
        };
        // A session computes the label paths once and keeps them.
        let paths = OnceCell::new();
        let text = store::render_with(&doc, &state, &paths);
        group.bench_with_input(BenchmarkId::new("render", marks), &state, |b, state| {
            b.iter(|| black_box(store::render_with(&doc, state, &paths)))
        });
        group.bench_with_input(BenchmarkId::new("parse", marks), &text, |b, text| {
            b.iter(|| black_box(store::parse(Path::new("s.toml"), text)))
        });
        let id = doc.nodes()[1].id.to_string();
        group.bench_function(BenchmarkId::new("toggle", marks), |b| {
            b.iter(|| s.toggle_reviewed(&doc, &id).expect("saved"))
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);

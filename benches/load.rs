//! Load benchmarks: read + parse + validate + build + search index (the
//! folding of every text), as the browser does before its first screen,
//! on synthetic notices of 1,000, 10,000 and 100,000 nodes.
//!
//! `cargo bench --bench load`. The notices are generated in-process by
//! examples/gen/synth.rs (the same generator as `cargo run --example gen`)
//! and written to a temporary directory so that reading the file counts.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use ketluan::doc;
use ketluan::search::Index;

#[path = "../examples/gen/synth.rs"]
mod synth;

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("load");
    for nodes in [1_000usize, 10_000, 100_000] {
        let text = synth::generate(&synth::Options::tree(nodes)).toml_string();
        let path = dir.path().join(format!("n{nodes}.toml"));
        std::fs::write(&path, &text).expect("write the notice");
        group.throughput(Throughput::Bytes(text.len() as u64));
        // Flat sampling for the slow sizes (a second or more per load on
        // 2 cores): ten samples are plenty.
        let (mode, samples, secs) = match nodes {
            0..=1_000 => (SamplingMode::Auto, 20, 5),
            1_001..=10_000 => (SamplingMode::Flat, 10, 10),
            _ => (SamplingMode::Flat, 10, 30),
        };
        group.sampling_mode(mode);
        group.sample_size(samples);
        group.measurement_time(Duration::from_secs(secs));
        group.bench_with_input(BenchmarkId::new("file+index", nodes), &path, |b, path| {
            b.iter(|| {
                let doc = doc::load_path(path).expect("a valid notice");
                let index = Index::new(&doc);
                black_box((doc, index))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);

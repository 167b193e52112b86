//! Writes a synthetic notice to stdout, for benchmarks and scale tests:
//!
//! ```sh
//! cargo run --release --example gen -- --nodes 100000 > big.toml
//! cargo run --release --example gen -- --nodes 100000 --json > big.json
//! cargo run --release --example gen -- --nodes 100000 --chain > chain.toml
//! ```
//!
//! The text is recombined from the phrases of the built-in notice; 100,000
//! nodes make about 22 MB. The output passes `ketluan check`; `--json`
//! writes the same tree as nested JSON for JSON viewers (jless).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

mod synth;

/// Write a synthetic notice (TOML, or the same tree as JSON) to stdout.
#[derive(Parser, Debug)]
#[command(name = "gen")]
struct Args {
    /// Number of nodes.
    #[arg(long, default_value_t = 1000)]
    nodes: usize,
    /// Maximum depth of the tree in levels (sections, points, sub-points,
    /// bullets, ...), at least 1.
    #[arg(long, default_value_t = 4)]
    depth: usize,
    /// A chain: each node the only child of the one before (depth = nodes).
    #[arg(long)]
    chain: bool,
    /// Write the text in Unicode NFD (decomposed) instead of NFC.
    #[arg(long)]
    nfd: bool,
    /// Write JSON (`{"document": {...}, "nodes": [...]}`, children nested)
    /// instead of the notice TOML.
    #[arg(long)]
    json: bool,
    /// Seed of the pseudo-random choices; the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let tree = synth::generate(&synth::Options {
        nodes: args.nodes,
        depth: args.depth,
        chain: args.chain,
        nfd: args.nfd,
        seed: args.seed,
    });
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let written = if args.json {
        tree.write_json(&mut out)
    } else {
        tree.write_toml(&mut out)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}

//! Text input for prompts.

mod line;

pub use line::{LineEditor, Outcome};

//! Text input for prompts and notes.

mod caret;
mod grapheme;
mod line;
pub mod multiline;

pub use line::{LineEditor, Outcome};
pub use multiline::TextArea;

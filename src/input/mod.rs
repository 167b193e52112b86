//! Text input for prompts and notes.

mod caret;
mod grapheme;
mod line;
pub mod multiline;
#[cfg(test)]
mod test_keys;

pub use line::{LineEditor, Outcome};
pub use multiline::TextArea;

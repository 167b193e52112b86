//! Text helpers shared by every output: the terminal UI and the CLI.

mod sanitize;

pub use sanitize::{needs_sanitizing, sanitize, sanitize_into};

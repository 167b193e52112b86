//! Text helpers shared by every output: the terminal UI and the CLI.

mod clip;
mod sanitize;
mod shell;
mod simple;

pub use clip::{clipped, push_clipped};
pub use sanitize::{needs_sanitizing, sanitize, sanitize_into};
pub use shell::shell_word;
pub use simple::is_simple;

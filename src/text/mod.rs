//! Text helpers shared by every output: the terminal UI and the CLI.

mod clip;
mod sanitize;
mod simple;

pub use clip::{clipped, push_clipped};
pub use sanitize::{needs_sanitizing, sanitize, sanitize_into};
pub use simple::is_simple;

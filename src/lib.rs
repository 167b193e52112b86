//! ketluan: read and review Vietnamese official notices in the terminal.
//!
//! The library holds everything; `main.rs` only parses arguments and calls
//! into [`cli`].

pub mod cli;
pub mod doc;
pub mod i18n;
pub mod outline;

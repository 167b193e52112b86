//! ketluan: read and review Vietnamese official notices in the terminal.
//!
//! The library holds everything; `main.rs` only parses arguments and calls
//! into [`cli`].

pub mod action;
pub mod app;
pub mod cli;
pub mod doc;
pub mod grid;
pub mod i18n;
pub mod import;
pub mod input;
pub mod keymap;
pub mod loading;
pub mod outline;
pub mod review;
pub mod screen;
pub mod search;
pub mod term;
pub mod text;
pub mod tui;
pub mod ui;

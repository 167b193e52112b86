//! The notice: its model, the TOML loader and validation.

mod error;
mod load;
mod model;
mod split;
mod stream;
mod syntax;
mod validate;

pub use error::{IdFault, LoadError, MAX_ID_CHARS, Pos, Problem, What};
pub use load::{
    EMBEDDED_NAME, LineIndex, MAX_FILE_BYTES, embedded, load_bytes, load_path, load_path_with,
    load_str,
};
pub use model::{Date, Document, Kind, Meta, Node, NodeIdx, Signer, shown_label};
pub use stream::Step;
pub(crate) use syntax::classify;
pub use syntax::{Syntax, TOML_NESTING};
pub use validate::{SOFT_HYPHEN, fold_paragraphs};

#[cfg(test)]
pub(crate) use model::testing;

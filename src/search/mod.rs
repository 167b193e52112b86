//! Searching a notice as Vietnamese readers expect: accent- and
//! case-insensitive, with smart diacritics, every word highlighted.
//!
//! Use: build an [`Index`] once when the document is loaded; on every
//! keystroke parse a [`Query`] and call [`search_with`] (or [`search`]);
//! for the entries on screen ask [`Index::highlights`]; for a sparse tree
//! pass the matches to [`sparse_tree`].
//!
//! ```
//! use ketluan::doc;
//! use ketluan::search::{Index, Query, search};
//!
//! let doc = doc::embedded().unwrap();
//! let index = Index::new(&doc);
//! let matches = search(&index, &Query::parse("nguoi dung dau"));
//! assert!(!matches.is_empty());
//! ```

mod filter;
pub mod fold;
mod highlight;
mod index;
mod matches;
mod query;
pub mod report;
mod sparse;
mod target;

pub use filter::{Filter, KindSet};
pub use highlight::{Highlights, highlight_str};
pub use index::{Index, search, search_with};
pub use matches::Matches;
pub use query::{Query, Word};
pub use sparse::{Sparse, sparse_tree};
pub use target::{Field, Target, field_text, fields};

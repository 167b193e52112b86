//! Reviewing a notice in a meeting: marks (✓ reviewed, ⚑ flagged, notes),
//! progress, the crash-safe state file, the lock, and the minutes.
//!
//! - [`marks`]: the in-memory state, progress, navigation, undo.
//! - [`store`]: the TOML state file, read strictly and written atomically.
//! - [`lock`]: one writer per state file.
//! - [`export`]: minutes in Markdown and CSV.
//! - [`Session`]: all of the above bound together; what the browser and
//!   the CLI call.
//!
//! **Policy on an unusable state file** (damaged, unreadable, from a newer
//! version): it is never written to, and ketluan exits with a message
//! naming `file:line:col` and the fix. It does not open read-only: marks
//! that could not be read cannot be shown, and a meeting must not go on
//! believing that nothing was reviewed. A second instance on the same file
//! exits too, naming the holder; reading (`print`, `export`) needs no lock.

mod error;
pub mod export;
pub mod lock;
pub mod marks;
pub mod readback;
mod session;
pub mod stamp;
pub mod store;

pub use error::{Damage, Error, Input};
pub use export::Format;
pub use marks::{Edit, Mark, Marks, Note, Progress, Undone};
pub use session::{Notice, Pending, Session};
pub use stamp::{BadReviewer, Clock, Reviewer, Stamp};

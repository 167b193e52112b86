//! Loading a notice file on a background thread for the browser: a
//! preview of its first nodes as soon as they are parsed, then the whole
//! document with everything the browser would otherwise compute on its
//! own thread (the search index, the identity the review state records).

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::doc::{self, Document, LoadError, Step};
use crate::review::store::Identity;
use crate::search::Index;

/// A whole notice, ready for the browser.
#[derive(Debug)]
pub struct Loaded {
    pub doc: Document,
    /// [`Index::new`] of `doc`.
    pub index: Index,
    /// [`Identity::of`] `doc`.
    pub identity: Identity,
}

impl Loaded {
    /// Computes what the browser needs besides the document.
    pub fn new(doc: Document) -> Loaded {
        Loaded {
            index: Index::new(&doc),
            identity: Identity::of(&doc),
            doc,
        }
    }
}

/// What the loading thread sends, in this order: any number of
/// [`Update::Progress`], at most one [`Update::Preview`] among them, then
/// exactly one [`Update::Done`].
#[derive(Debug)]
pub enum Update {
    /// The metadata and the first nodes; the rest is still loading.
    Preview(Box<Document>),
    /// Bytes loaded so far, and the file's size when known.
    Progress { done: u64, total: Option<u64> },
    /// The whole notice, or every problem found in the file.
    Done(Result<Box<Loaded>, LoadError>),
}

/// The name of the loading thread. A panic there is caught and reported
/// as a load error; it must not restore the terminal under the browser.
pub const THREAD_NAME: &str = "ketluan-load";

/// A notice file loading on its own thread.
#[derive(Debug)]
pub struct Background {
    rx: Receiver<Update>,
    path: PathBuf,
    /// [`Update::Done`] was handed out.
    finished: Cell<bool>,
}

impl Background {
    /// Starts loading `path`. If no thread can be started, loads it on the
    /// calling thread before returning.
    pub fn start(path: PathBuf) -> Background {
        let (tx, rx) = mpsc::channel();
        let (p, t) = (path.clone(), tx.clone());
        let spawned = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || load(&p, &t));
        if spawned.is_err() {
            load(&path, &tx);
        }
        Background {
            rx,
            path,
            finished: Cell::new(false),
        }
    }

    /// Waits for the next update; `None` once [`Update::Done`] was taken.
    pub fn wait(&self) -> Option<Update> {
        self.seen(self.rx.recv().map_err(|_| TryRecvError::Disconnected))
    }

    /// The next update if one is waiting.
    pub fn poll(&self) -> Option<Update> {
        self.seen(self.rx.try_recv())
    }

    /// Notes a [`Update::Done`]; a thread gone without one becomes one,
    /// with an error, so that nobody waits for it forever.
    fn seen(&self, got: Result<Update, TryRecvError>) -> Option<Update> {
        match got {
            Ok(update) => {
                if matches!(update, Update::Done(_)) {
                    self.finished.set(true);
                }
                Some(update)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) if self.finished.get() => None,
            Err(TryRecvError::Disconnected) => {
                self.finished.set(true);
                Some(Update::Done(Err(stopped(&self.path, "no result".into()))))
            }
        }
    }
}

/// The error for a loading thread that ended without a result.
fn stopped(path: &Path, why: String) -> LoadError {
    LoadError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!("loading stopped: {why}")),
    }
}

fn load(path: &Path, tx: &Sender<Update>) {
    // A send fails only when the receiver is gone (the user quit).
    let mut on_step = |step| {
        let _ = tx.send(match step {
            Step::Preview(doc) => Update::Preview(doc),
            Step::Loaded { done, total } => Update::Progress { done, total },
        });
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        doc::load_path_with(path, &mut on_step).map(|d| Box::new(Loaded::new(d)))
    }))
    .unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a bug in ketluan".into());
        Err(stopped(path, why))
    });
    let _ = tx.send(Update::Done(result));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loader_gone_without_a_result_ends_with_an_error_not_a_wait() {
        let (tx, rx) = mpsc::channel();
        tx.send(Update::Progress {
            done: 1,
            total: None,
        })
        .unwrap();
        drop(tx);
        let bg = Background {
            rx,
            path: "x.toml".into(),
            finished: Cell::new(false),
        };
        assert!(matches!(bg.poll(), Some(Update::Progress { .. })));
        match bg.poll() {
            Some(Update::Done(Err(e))) => assert!(e.to_string().contains("x.toml"), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(bg.poll().is_none());
        assert!(bg.wait().is_none());
    }

    #[test]
    fn a_file_loads_in_the_background_with_its_index_and_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.toml");
        std::fs::write(&path, include_str!("../data/ket-luan-2017-02-22.toml")).unwrap();
        let bg = Background::start(path);
        let loaded = loop {
            match bg.wait() {
                Some(Update::Done(result)) => break result.unwrap(),
                Some(_) => {}
                None => panic!("no result"),
            }
        };
        assert_eq!(loaded.doc, crate::doc::embedded().unwrap());
        assert_eq!(loaded.index.len(), Index::new(&loaded.doc).len());
        assert_eq!(loaded.identity, Identity::of(&loaded.doc));
        assert!(bg.wait().is_none());
    }
}

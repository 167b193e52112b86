//! Loading a notice file on a background thread for the browser: a
//! preview of its first nodes as soon as they are parsed, then the whole
//! document with everything the browser would otherwise compute on its
//! own thread (the search index, the identity the review state records).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};

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

/// A notice file loading on its own thread.
#[derive(Debug)]
pub struct Background {
    rx: Receiver<Update>,
}

impl Background {
    /// Starts loading `path`. If no thread can be started, loads it on the
    /// calling thread before returning.
    pub fn start(path: PathBuf) -> Background {
        let (tx, rx) = mpsc::channel();
        let (p, t) = (path.clone(), tx.clone());
        let spawned = std::thread::Builder::new()
            .name("ketluan-load".into())
            .spawn(move || load(&p, &t));
        if spawned.is_err() {
            load(&path, &tx);
        }
        Background { rx }
    }

    /// Waits for the next update; `None` once [`Update::Done`] was taken.
    pub fn wait(&self) -> Option<Update> {
        self.rx.recv().ok()
    }

    /// The next update if one is waiting.
    pub fn poll(&self) -> Option<Update> {
        self.rx.try_recv().ok()
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
    let result = doc::load_path_with(path, &mut on_step).map(|d| Box::new(Loaded::new(d)));
    let _ = tx.send(Update::Done(result));
}

//! Loading a notice file on a background thread, so that the browser can
//! show its first nodes while the rest is parsed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};

use super::error::LoadError;
use super::load::load_path_with;
use super::model::Document;
use super::stream::Step;

/// What the loading thread sends, in this order: any number of
/// [`Update::Progress`], at most one [`Update::Preview`] among them, then
/// exactly one [`Update::Done`].
#[derive(Debug)]
pub enum Update {
    /// The metadata and the first nodes; the rest is still loading.
    Preview(Box<Document>),
    /// Bytes loaded so far, and the file's size when known.
    Progress { done: u64, total: Option<u64> },
    /// The whole document, or every problem found in the file.
    Done(Result<Box<Document>, LoadError>),
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
    let result = load_path_with(path, &mut on_step);
    let _ = tx.send(Update::Done(result.map(Box::new)));
}

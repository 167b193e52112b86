//! A review session: the marks of one document, bound to its state file.
//! Every change is saved before the mutator returns.
//!
//! This is what the browser calls. Mutators take stable node ids and
//! return `Ok(true)` when something changed **and is saved durably**,
//! `Ok(false)` when nothing changed (nothing is written). An `Err` whose
//! [`Error::is_unsaved`] is true means the change is made in memory but is
//! NOT on disk; the browser must say so (the next successful save writes
//! everything). Other errors ([`Error::ReadOnly`]) change nothing.

use std::cell::OnceCell;
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::Error;
use super::export::{self, Format, UTF8_BOM};
use super::marks::{Marks, Undone};
use super::readback::ReadBack;
use super::stamp::{Clock, Reviewer, Stamp};
use super::store::{self, Identity, Parts, State, Store};
use crate::doc::{Document, Meta};
use crate::i18n::Lang;

/// Something to tell the user once, after opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Marks on ids that are not in the notice; they stay in the file.
    UnknownIds(Vec<String>),
    /// The state file was made for a notice with another title.
    OtherDocument { title: String },
    /// The notice's text changed since the marks were last saved.
    DocumentChanged,
}

impl Notice {
    /// One line for the status bar or stderr. Ids are sanitized.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Notice::UnknownIds(ids) => {
                const SHOWN: usize = 5;
                let mut list: Vec<String> = ids
                    .iter()
                    .take(SHOWN)
                    .map(|id| crate::text::sanitize(id).into_owned())
                    .collect();
                if ids.len() > SHOWN {
                    list.push("…".into());
                }
                let list = list.join(", ");
                if vi {
                    format!(
                        "{} dấu thuộc các mục không còn trong văn bản ({list}); chúng vẫn được giữ trong tệp trạng thái",
                        ids.len()
                    )
                } else {
                    let n = ids.len();
                    let (marks, are) = if n == 1 { ("mark", "is") } else { ("marks", "are") };
                    format!(
                        "{n} {marks} {are} on ids no longer in the notice ({list}); kept in the state file"
                    )
                }
            }
            Notice::OtherDocument { title } => {
                let title = crate::text::sanitize(title);
                if vi {
                    format!(
                        "tệp trạng thái được lập cho văn bản khác: «{title}»; các dấu không khớp vẫn được giữ"
                    )
                } else {
                    format!(
                        "the state file was made for another notice: «{title}»; marks that do not match are kept"
                    )
                }
            }
            Notice::DocumentChanged if vi => {
                "nội dung văn bản đã thay đổi kể từ lần lưu dấu trước; hãy xem lại các mục đã duyệt"
                    .into()
            }
            Notice::DocumentChanged => {
                "the notice's text changed since the marks were last saved; check the reviewed items"
                    .into()
            }
        }
    }
}

/// The review state of one document with its state file.
pub struct Session {
    path: PathBuf,
    /// `None` when read-only.
    store: Option<Store>,
    marks: Marks,
    reviewers: Vec<String>,
    identity: Identity,
    reviewer: Reviewer,
    clock: Clock,
    notices: Vec<Notice>,
    saved: bool,
    /// The label paths of the notice's nodes, for the state file's
    /// comments: made once, on the first save that needs them.
    paths: OnceCell<Vec<String>>,
    /// The parts of the state text known to read back.
    read_back: ReadBack,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("path", &self.path)
            .field("read_only", &self.store.is_none())
            .field("reviewer", &self.reviewer)
            .field("marks", &self.marks.entries().len())
            .field("saved", &self.saved)
            .finish()
    }
}

/// A state file opened and locked for a notice still loading; see
/// [`Session::prepare`].
#[derive(Debug)]
pub struct Pending {
    path: PathBuf,
    store: Store,
    loaded: Option<State>,
    reviewer: Reviewer,
}

impl Pending {
    /// The session on the whole `doc`, whose [`Identity::of`] is
    /// `identity` (computed by the caller, perhaps on another thread: it
    /// hashes all the text).
    pub fn bind(self, doc: &Document, identity: Identity) -> Session {
        Session::build(
            doc,
            identity,
            self.path,
            Some(self.store),
            self.loaded,
            self.reviewer,
        )
    }
}

impl Session {
    /// Opens the review of `doc` for writing: the state file `state`, or
    /// [`store::default_path`] when `None`; `reviewer` signs every mark.
    /// Takes the lock and reads the file (which need not exist: it is
    /// created at the first change). See [`Store::open`] for the errors;
    /// on any error nothing is written and the caller should exit with the
    /// message ([`Error::render`]).
    pub fn open(
        doc: &Document,
        state: Option<&Path>,
        reviewer: Reviewer,
    ) -> Result<Session, Error> {
        Ok(Session::prepare(&doc.meta, state, reviewer)?.bind(doc, Identity::of(doc)))
    }

    /// [`Session::open`] for a notice whose nodes are still loading: the
    /// state file's name needs only the metadata. Takes the lock and reads
    /// the file now, so that a damaged or locked state is refused before
    /// anything is shown; [`Pending::bind`] finishes once the whole
    /// document is there.
    pub fn prepare(
        meta: &Meta,
        state: Option<&Path>,
        reviewer: Reviewer,
    ) -> Result<Pending, Error> {
        let path = match state {
            Some(p) => p.to_path_buf(),
            None => store::default_path(meta)?,
        };
        let (store, loaded) = Store::open(&path, reviewer.as_str())?;
        Ok(Pending {
            path: store.path().to_path_buf(),
            store,
            loaded,
            reviewer,
        })
    }

    /// Opens the review of `doc` read-only, without the lock (for `print`,
    /// `export`, or a second window). An explicit `state` must exist; the
    /// default one may not (no marks then). Mutators fail with
    /// [`Error::ReadOnly`].
    pub fn open_read_only(doc: &Document, state: Option<&Path>) -> Result<Session, Error> {
        let path = match state {
            Some(p) => p.to_path_buf(),
            None => store::default_path(&doc.meta)?,
        };
        let loaded = store::read(&path)?;
        if loaded.is_none() && state.is_some() {
            return Err(Error::NotFound { path });
        }
        Ok(Session::build(
            doc,
            Identity::of(doc),
            path,
            None,
            loaded.map(|(s, _)| s),
            Reviewer::login(),
        ))
    }

    fn build(
        doc: &Document,
        identity: Identity,
        path: PathBuf,
        store: Option<Store>,
        loaded: Option<State>,
        reviewer: Reviewer,
    ) -> Session {
        let mut notices = Vec::new();
        let loaded = loaded.unwrap_or_default();
        if let Some(was) = &loaded.document {
            if was.title != identity.title {
                notices.push(Notice::OtherDocument {
                    title: was.title.clone(),
                });
            } else if was.hash.is_some() && was.hash != identity.hash {
                notices.push(Notice::DocumentChanged);
            }
        }
        let marks = Marks::with_entries(doc, loaded.marks);
        let unknown: Vec<String> = marks
            .unknown_ids(doc)
            .into_iter()
            .map(String::from)
            .collect();
        if !unknown.is_empty() {
            notices.push(Notice::UnknownIds(unknown));
        }
        let paths = OnceCell::new();
        let mut read_back = ReadBack::default();
        if let Some(on_disk) = store.as_ref().and_then(Store::on_disk) {
            let parts = Parts {
                reviewers: &loaded.reviewers,
                document: Some(&identity),
                marks: marks.entries(),
            };
            read_back.seed(doc, parts, &paths, on_disk);
        }
        Session {
            path,
            store,
            marks,
            reviewers: loaded.reviewers,
            identity,
            reviewer,
            clock: Clock::System,
            notices,
            saved: true,
            paths,
            read_back,
        }
    }

    /// Replaces the clock (tests use [`Clock::fixed`]).
    pub fn with_clock(mut self, clock: Clock) -> Session {
        self.clock = clock;
        self
    }

    /// The state file (symlinks resolved when open for writing). The info
    /// and help views show it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.store.is_none()
    }

    /// Whether every change is on disk.
    pub fn is_saved(&self) -> bool {
        self.saved
    }

    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// Who signs new marks.
    pub fn reviewer(&self) -> &Reviewer {
        &self.reviewer
    }

    /// Everyone who has changed a mark in this state file.
    pub fn reviewers(&self) -> &[String] {
        &self.reviewers
    }

    /// What to tell the user about the opened state; empty afterwards, so
    /// each is reported once.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Toggles ✓ on `id`. See the module docs for the result.
    pub fn toggle_reviewed(&mut self, doc: &Document, id: &str) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.toggle_reviewed(doc, id, s))
    }

    /// Toggles ⚑ on `id`.
    pub fn toggle_flagged(&mut self, doc: &Document, id: &str) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.toggle_flagged(doc, id, s))
    }

    /// Sets ✓ on `id` (`on`) or clears it.
    pub fn set_reviewed(&mut self, doc: &Document, id: &str, on: bool) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.set_reviewed(doc, id, on, s))
    }

    /// Sets ⚑ on `id` (`on`) or clears it.
    pub fn set_flagged(&mut self, doc: &Document, id: &str, on: bool) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.set_flagged(doc, id, on, s))
    }

    /// Replaces the note of `id`; blank text removes it.
    pub fn set_note(&mut self, doc: &Document, id: &str, text: &str) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.set_note(doc, id, text, s))
    }

    /// Marks `id` and everything under it reviewed (`on`) or not. The
    /// browser asks for confirmation first.
    pub fn mark_subtree(&mut self, doc: &Document, id: &str, on: bool) -> Result<bool, Error> {
        self.change(doc, |m, doc, s| m.mark_subtree(doc, id, on, s))
    }

    /// Clears every mark of the document (unknown ids stay). The browser
    /// asks for confirmation first. Undoable.
    pub fn reset(&mut self, doc: &Document) -> Result<bool, Error> {
        self.change(doc, |m, doc, _| m.reset(doc))
    }

    /// Takes back the last change and saves. `Ok(None)`: nothing to undo.
    pub fn undo(&mut self, doc: &Document) -> Result<Option<Undone>, Error> {
        self.writable()?;
        let undone = self.marks.undo(doc);
        if undone.is_some() {
            self.saved = false;
            self.save(doc)?;
        }
        Ok(undone)
    }

    /// Writes the state file now (a retry after a failed save; a no-op
    /// when everything is saved).
    pub fn save(&mut self, doc: &Document) -> Result<(), Error> {
        let Some(store) = self.store.as_mut() else {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
            });
        };
        if self.saved {
            return Ok(());
        }
        let parts = Parts {
            reviewers: &self.reviewers,
            document: Some(&self.identity),
            marks: self.marks.entries(),
        };
        // Never write what could not be read back.
        let Some(text) = self.read_back.render(doc, parts, &self.paths) else {
            return Err(Error::Write {
                path: self.path.clone(),
                source: std::io::Error::other("internal error: the state would not read back"),
            });
        };
        store.save(&text)?;
        self.saved = true;
        Ok(())
    }

    /// The minutes as text (see [`export`]).
    pub fn minutes(&self, doc: &Document, format: Format, lang: Lang) -> String {
        export::render(doc, &self.marks, &self.reviewers, format, lang)
    }

    /// Writes the minutes beside the state file (`STATE-STEM.md` or
    /// `.csv`, atomically; `STATE-STEM.minutes.md` when the state file
    /// itself ends in `.md` or `.csv`) and returns where.
    pub fn export_beside(
        &self,
        doc: &Document,
        format: Format,
        lang: Lang,
    ) -> Result<PathBuf, Error> {
        let mut out = self.path.with_extension(format.extension());
        if out == self.path {
            // A state file named like minutes (`--state notes.md`) keeps
            // its marks: the minutes go beside it under another name.
            let stem = out.file_stem().unwrap_or_default().to_string_lossy();
            out.set_file_name(format!("{stem}.minutes.{}", format.extension()));
        }
        let mut text = self.minutes(doc, format, lang);
        if format == Format::Csv {
            text.insert_str(0, UTF8_BOM);
        }
        store::write_output(&out, text.as_bytes()).map_err(|source| Error::Export {
            path: out.clone(),
            source,
        })?;
        Ok(out)
    }

    fn writable(&self) -> Result<(), Error> {
        if self.store.is_none() {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    fn change(
        &mut self,
        doc: &Document,
        f: impl FnOnce(&mut Marks, &Document, &Stamp) -> bool,
    ) -> Result<bool, Error> {
        self.writable()?;
        let stamp = Stamp::new(self.clock.now(), self.reviewer.as_str());
        if !f(&mut self.marks, doc, &stamp) {
            return Ok(false);
        }
        let me = self.reviewer.as_str();
        if !self.reviewers.iter().any(|r| r == me) {
            self.reviewers.push(me.to_string());
        }
        self.saved = false;
        self.save(doc)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::load_str;
    use chrono::DateTime;

    fn doc() -> Document {
        load_str(
            "t.toml",
            "[document]\ntitle = \"T\"\n\
             [[node]]\nid = \"I\"\nkind = \"heading\"\ntitle = \"H\"\n\
             [[node]]\nid = \"a\"\nparent = \"I\"\nkind = \"task\"\ntext = \"x\"\n",
        )
        .unwrap()
    }

    fn clock() -> Clock {
        Clock::fixed(
            DateTime::parse_from_rfc3339("2017-02-22T09:00:00+07:00").unwrap(),
            60,
        )
    }

    #[test]
    fn changes_are_saved_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let d = doc();
        let lan = Reviewer::parse("lan").unwrap();
        let mut s = Session::open(&d, Some(&path), lan.clone())
            .unwrap()
            .with_clock(clock());
        assert!(!path.exists());
        assert!(s.toggle_reviewed(&d, "a").unwrap());
        assert!(s.set_note(&d, "I", "một\nhai").unwrap());
        assert!(!s.set_note(&d, "I", "một\nhai").unwrap());
        assert!(!s.toggle_reviewed(&d, "zzz").unwrap());
        assert!(s.is_saved());
        drop(s);
        let mut s = Session::open(&d, Some(&path), lan).unwrap();
        assert!(s.take_notices().is_empty());
        assert_eq!(s.marks().overall().to_string(), "1/1");
        assert_eq!(s.reviewers(), ["lan"]);
        assert_eq!(s.undo(&d).unwrap(), None);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("reviewed = 2017-02-22T09:00:00+07:00\n"),
            "{text}"
        );
        assert!(
            text.contains("note_at = 2017-02-22T09:01:00+07:00\n"),
            "{text}"
        );
    }

    #[test]
    fn read_only_sessions_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let d = doc();
        assert!(matches!(
            Session::open_read_only(&d, Some(&path)),
            Err(Error::NotFound { .. })
        ));
        std::fs::write(&path, "format = 1\n").unwrap();
        let mut s = Session::open_read_only(&d, Some(&path)).unwrap();
        assert!(matches!(
            s.toggle_reviewed(&d, "a"),
            Err(Error::ReadOnly { .. })
        ));
        assert_eq!(s.marks().overall().reviewed, 0);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "format = 1\n");
    }

    #[test]
    fn a_second_writer_is_refused_but_readers_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let d = doc();
        let mut first = Session::open(&d, Some(&path), Reviewer::parse("lan").unwrap()).unwrap();
        first.toggle_flagged(&d, "a").unwrap();
        let err = Session::open(&d, Some(&path), Reviewer::parse("minh").unwrap()).unwrap_err();
        assert!(matches!(err, Error::Locked { .. }));
        let msg = err.render(Lang::En);
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        assert!(msg.contains("user lan"), "{msg}");
        let reader = Session::open_read_only(&d, Some(&path)).unwrap();
        assert_eq!(reader.marks().flagged_count(&d), 1);
    }

    /// Minutes never replace a state file whose name ends like them.
    #[test]
    fn minutes_beside_a_state_file_named_md_get_their_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        let d = doc();
        let mut s = Session::open(&d, Some(&path), Reviewer::parse("lan").unwrap()).unwrap();
        s.toggle_reviewed(&d, "a").unwrap();
        let state = std::fs::read(&path).unwrap();
        let out = s.export_beside(&d, Format::Md, Lang::Vi).unwrap();
        assert_eq!(out, dir.path().join("notes.minutes.md"));
        assert_eq!(std::fs::read(&path).unwrap(), state);
        let csv = s.export_beside(&d, Format::Csv, Lang::Vi).unwrap();
        assert_eq!(csv, dir.path().join("notes.csv"));
    }

    #[test]
    fn notices_about_the_document_are_given_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(
            &path,
            "format = 1\n[document]\ntitle = \"T\"\nhash = \"sha256:old\"\n[marks.gone]\nflagged = 2017-02-22T09:00:00+07:00\nflagged_by = \"lan\"\n",
        )
        .unwrap();
        let d = doc();
        let mut s = Session::open(&d, Some(&path), Reviewer::parse("lan").unwrap()).unwrap();
        let notices = s.take_notices();
        assert_eq!(
            notices,
            [
                Notice::DocumentChanged,
                Notice::UnknownIds(vec!["gone".into()])
            ]
        );
        assert!(notices[1].message(Lang::Vi).starts_with("1 dấu"));
        assert!(s.take_notices().is_empty());
        s.toggle_reviewed(&d, "a").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("[marks.\"gone\"]"), "{text}");
    }
}

//! One writer per state file: an OS advisory lock (`flock` on Unix,
//! `LockFileEx` on Windows, through crate `fs4`) on a lock file beside the
//! state file, `STATE.lock`.
//!
//! The lock is on a separate file because the state file itself is
//! replaced by a rename on every save, and a lock belongs to the old file.
//! The lock file is never renamed or removed. Its content says who holds
//! the lock (pid, user, host, since when) so that a second instance can say
//! so; the content is only informative, the OS lock is what counts. The OS
//! releases the lock when the holder exits in any way, `kill -9`
//! included, so a lock is never stale.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::stamp::rfc3339;

/// Who holds a lock, as written in the lock file. Fields are `None` when
/// the file does not say (it may be being written right now).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    pub pid: Option<u32>,
    pub user: Option<String>,
    pub host: Option<String>,
    /// RFC 3339 local time.
    pub since: Option<String>,
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error("{} is locked by another process", path.display())]
    Held { path: PathBuf, holder: Holder },
    /// The lock file could not be created, read or locked.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// An exclusive lock on a state file, held until dropped.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

/// The lock file of a state file: `STATE.lock` in the same directory.
pub fn lock_path(state: &Path) -> PathBuf {
    let mut name = state.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    state.with_file_name(name)
}

impl Lock {
    /// Takes the lock for `state` without waiting, then records this
    /// process (pid, `user`, host, now) in the lock file. The directory of
    /// `state` must exist.
    pub fn acquire(state: &Path, user: &str) -> Result<Lock, LockError> {
        let path = lock_path(state);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        // fs4's trait method, named to avoid std's `File::try_lock`, which
        // is newer than our minimum Rust version.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let mut text = String::new();
                // Best effort: the holder may be writing it right now.
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Held {
                    path: state.to_path_buf(),
                    holder: Holder::parse(&text),
                });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(io(e)),
        }
        let info = format!(
            "# ketluan holds a lock on {} while this process runs.\n\
             pid = {}\nuser = {}\nhost = {}\nsince = {}\n",
            state.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id(),
            toml_string(user),
            toml_string(&host_name()),
            toml_string(&rfc3339(&chrono::Local::now().fixed_offset())),
        );
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        file.write_all(info.as_bytes()).map_err(io)?;
        Ok(Lock { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who holds the lock on `state` now, if anyone (without taking it).
    pub fn holder(state: &Path) -> Option<Holder> {
        let path = lock_path(state);
        let file = File::open(path).ok()?;
        match fs4::FileExt::try_lock_shared(&file) {
            Ok(()) => None,
            Err(_) => {
                let mut text = String::new();
                (&file).read_to_string(&mut text).ok()?;
                Some(Holder::parse(&text))
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; unlocking first makes
        // the release immediate even if a duplicate of the handle lingers.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

impl Holder {
    /// Reads what [`Lock::acquire`] writes; anything unreadable is `None`.
    pub fn parse(text: &str) -> Holder {
        let Ok(table) = text.parse::<toml::Table>() else {
            return Holder::default();
        };
        let s = |k: &str| {
            table
                .get(k)
                .and_then(|v| v.as_str())
                .map(|v| crate::text::sanitize(v).into_owned())
        };
        Holder {
            pid: table
                .get("pid")
                .and_then(|v| v.as_integer())
                .and_then(|p| u32::try_from(p).ok()),
            user: s("user"),
            host: s("host"),
            since: s("since"),
        }
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// This machine's name, or `""` when unknown.
fn host_name() -> String {
    if let Some(h) = std::env::var_os("HOSTNAME").or_else(|| std::env::var_os("COMPUTERNAME")) {
        return h.to_string_lossy().trim().to_string();
    }
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_handle_is_refused_and_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("s.toml");
        let first = Lock::acquire(&state, "lan").unwrap();
        assert_eq!(first.path(), dir.path().join("s.toml.lock"));
        let Err(LockError::Held { path, holder }) = Lock::acquire(&state, "minh") else {
            panic!("the second lock was granted");
        };
        assert_eq!(path, state);
        assert_eq!(holder.pid, Some(std::process::id()));
        assert_eq!(holder.user.as_deref(), Some("lan"));
        assert!(holder.since.is_some());
        assert_eq!(Lock::holder(&state), Some(holder));
        drop(first);
        assert_eq!(Lock::holder(&state), None);
        let again = Lock::acquire(&state, "minh").unwrap();
        drop(again);
    }

    #[test]
    fn holder_text_is_read_leniently() {
        assert_eq!(Holder::parse(""), Holder::default());
        assert_eq!(Holder::parse("pid = "), Holder::default());
        let h = Holder::parse("pid = 7\nuser = \"a\\u001bb\"\n");
        assert_eq!(h.pid, Some(7));
        assert_eq!(h.user.as_deref(), Some("a^[b"));
    }
}

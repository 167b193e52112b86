//! `ketluan import NOTICE [-o OUT.toml]`: the thin layer between the
//! command line and the library (reading, writing, messages, exit code).

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{ImportError, Imported, MAX_INPUT_BYTES, import_path};
use crate::i18n::Lang;

/// Reads the notice at `path` (`-` for standard input), refusing
/// directories and files over [`MAX_INPUT_BYTES`].
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, ImportError> {
    let name = path.display().to_string();
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size| ImportError::TooLarge {
        name: name.clone(),
        size,
        limit: MAX_INPUT_BYTES,
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
    } else {
        let meta = std::fs::metadata(path).map_err(read_err)?;
        if meta.is_dir() {
            return Err(ImportError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(too_large(meta.len()));
        }
        std::fs::File::open(path)
            .map_err(read_err)?
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "41 mục (mục lớn 11, ...); 7 chỗ cần kiểm tra"
fn summary(imported: &Imported, lang: Lang) -> String {
    let per_kind = lang.kind_counts(&imported.document.kind_counts());
    let n = imported.document.len();
    let checks = imported.draft.note_count();
    if lang == Lang::Vi {
        format!(
            "{n} mục ({}); {checks} chỗ cần kiểm tra (các dòng “# kiểm tra:”)",
            per_kind
        )
    } else {
        format!(
            "{n} nodes ({}); {checks} guesses to check (the “# check:” lines)",
            per_kind
        )
    }
}

fn import_to(notice: &Path, output: Option<&Path>, lang: Lang) -> Result<(), ImportError> {
    let output = output.filter(|o| *o != Path::new("-"));
    if let Some(out) = output
        && crate::review::store::same_file(notice, out)
    {
        return Err(ImportError::SameFile {
            path: out.to_path_buf(),
        });
    }
    let imported = import_path(notice, lang)?;
    match output {
        None => {
            let mut stdout = io::stdout().lock();
            let written = stdout
                .write_all(imported.toml.as_bytes())
                .and_then(|()| stdout.flush());
            match written {
                // The reader went away (`| head`): not our failure.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                Err(source) => Err(ImportError::Write {
                    path: "-".into(),
                    source,
                }),
                Ok(()) => Ok(()),
            }
        }
        Some(out) => {
            std::fs::write(out, &imported.toml).map_err(|source| ImportError::Write {
                path: out.to_path_buf(),
                source,
            })?;
            let done = if lang == Lang::Vi {
                "đã ghi"
            } else {
                "wrote"
            };
            eprintln!(
                "ketluan: {done} {}: {}",
                out.display(),
                summary(&imported, lang)
            );
            Ok(())
        }
    }
}

/// Runs the import command: the TOML to `output` (or standard output),
/// exit code 0; a clear message on standard error and exit code 1 when
/// the input cannot be imported.
pub fn run(notice: &Path, output: Option<&Path>, lang: Lang) -> ExitCode {
    match import_to(notice, output, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(1)
        }
    }
}

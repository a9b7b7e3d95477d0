//! Writing results: to standard output, or to a file that appears whole or not at all (written to
//! a temporary file beside it, then renamed over it).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a result goes: standard output, or a file (`-o FILE`; `-` is standard output).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Destination {
    #[default]
    Stdout,
    File(PathBuf),
}

impl Destination {
    pub fn from_arg(path: Option<&Path>) -> Destination {
        match path {
            Some(p) if p.as_os_str() != "-" => Destination::File(p.to_path_buf()),
            _ => Destination::Stdout,
        }
    }

    /// Writes `bytes` in one piece. A closed pipe on stdout surfaces as a broken-pipe error, which
    /// the caller treats as success.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Destination::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| Error::io("cannot write to standard output", e))
            }
            Destination::File(path) => write_atomically(path, |w| w.write_all(bytes)),
        }
    }
}

/// Writes a file through `fill`, so that it appears whole or not at all.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut file = OutputFile::create(path)?;
    let mut writer = io::BufWriter::new(&mut file);
    fill(&mut writer)
        .and_then(|()| writer.flush())
        .map_err(|e| file_error(path, e))?;
    drop(writer);
    file.finish()
}

fn file_error(path: &Path, e: io::Error) -> Error {
    Error::io(format!("cannot write {}", path.display()), e)
}

/// A file being written that appears whole or not at all.
///
/// A regular file (or a new one) is written beside itself and renamed into place by
/// [`OutputFile::finish`]; a symbolic link is followed, so the file it points to is the one
/// replaced. Anything else that exists (a device such as /dev/stdout or /dev/null, a pipe) cannot
/// be replaced and is written directly.
pub struct OutputFile {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Temp {
        temp: tempfile::NamedTempFile,
        target: PathBuf,
    },
    Direct(std::fs::File),
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile> {
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let inner = if std::fs::metadata(&target).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| file_error(path, e))?;
            Inner::Direct(file)
        } else {
            Inner::Temp {
                temp: temp_beside(&target).map_err(|e| file_error(path, e))?,
                target,
            }
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            inner,
        })
    }

    /// Flushes to disk and, for a regular file, renames it into place.
    pub fn finish(self) -> Result<()> {
        let path = self.path;
        match self.inner {
            Inner::Direct(mut file) => file.flush().map_err(|e| file_error(&path, e)),
            Inner::Temp { temp, target } => {
                temp.as_file()
                    .sync_all()
                    .map_err(|e| file_error(&path, e))?;
                temp.persist(&target)
                    .map_err(|e| file_error(&path, e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Temp { temp, .. } => temp.write(buf),
            Inner::Direct(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Temp { temp, .. } => temp.flush(),
            Inner::Direct(file) => file.flush(),
        }
    }
}

/// A temporary file in the directory of `path`, so that renaming it over `path` is atomic. It is
/// readable by others like any file a user creates (0644 on Unix), not private as temporary
/// files are by default.
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".crackdown-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}

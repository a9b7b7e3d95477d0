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
    let mut temp = temp_beside(path)?;
    let mut writer = io::BufWriter::new(temp.as_file_mut());
    fill(&mut writer)
        .and_then(|()| writer.flush())
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    drop(writer);
    persist(temp, path)
}

/// A temporary file in the directory of `path`, so that renaming it over `path` is atomic. It is
/// readable by others like any file a user creates (0644 on Unix), not private as temporary
/// files are by default.
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
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
    builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

/// Flushes `temp` to disk and renames it to `path`.
pub fn persist(temp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    let what = || format!("cannot write {}", path.display());
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::io(what(), e))?;
    temp.persist(path).map_err(|e| Error::io(what(), e.error))?;
    Ok(())
}

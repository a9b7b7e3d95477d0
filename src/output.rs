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
    let file = AtomicFile::create(path)?;
    file.finish(fill)
}

/// A file being written beside its final path; it takes that path only when finished.
pub struct AtomicFile {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".crackdown-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
        })
    }

    pub fn writer(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Writes the rest through `fill`, flushes to disk, and renames the file into place.
    pub fn finish(mut self, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        let what = || format!("cannot write {}", self.path.display());
        let mut writer = io::BufWriter::new(self.temp.as_file_mut());
        fill(&mut writer)
            .and_then(|()| writer.flush())
            .map_err(|e| Error::io(what(), e))?;
        drop(writer);
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io(what(), e))?;
        self.temp
            .persist(&self.path)
            .map_err(|e| Error::io(what(), e.error))?;
        Ok(())
    }
}

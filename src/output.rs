//! The one door to the outside: every byte crackdown writes to standard output, standard error or
//! a file goes through here.
//!
//! - Standard output closed by its reader (`crackdown validate | head`) ends the output quietly,
//!   and the command still ends with its verdict as exit code: a closed pipe must not turn a
//!   failed check into a pass, nor a pass into an error.
//! - Messages on standard error ([`say!`](crate::say)) never fail: a closed standard error loses
//!   the message, not the verdict.
//! - A file appears whole or not at all (written to a temporary file beside it, then renamed
//!   over it), and never over an input of the same run or another output of it
//!   ([`refuse_overwrite`]).
//! - Every CSV crackdown writes goes through [`CsvWriter`], which neutralises cells a
//!   spreadsheet would run as formulas.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};
use crate::load::{Dataset, Format, Origin};
use crate::text;

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

    /// Writes `bytes` in one piece. A reader that closed the pipe (standard output, or a named
    /// pipe or device given with `-o`) ends the output quietly: the rest is dropped, and the
    /// command goes on to return its verdict.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Destination::Stdout => stdout(bytes),
            Destination::File(path) => write_atomically(path, |w| w.write_all(bytes)),
        }
    }

    /// The file this is, if it is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Destination::Stdout => None,
            Destination::File(path) => Some(path),
        }
    }
}

/// Set once standard output was found closed: nothing more is sent there.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `bytes` to standard output; a closed pipe ends the output quietly (see
/// [`Destination::write`]). Any other failure (a full disk behind `>`) is an error.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(Error::io("cannot write to standard output", e)),
    }
}

/// Writes one line to standard error. It never fails and never panics (as `eprintln!` does on a
/// closed standard error): a message that cannot be shown is lost, and the exit code still says
/// how the run went. Terminal controls in it (from a file name or a value it quotes) are escaped
/// ([`text::escape`]) line by line, so a message never drives the terminal; every script stays
/// as it is. Use it through [`say!`](crate::say).
pub fn say_line(args: fmt::Arguments<'_>) {
    // Line by line: a message may run over several lines of its own (a group of problems and
    // its first example); the values in it were escaped where they were put in.
    let text = args.to_string();
    let mut line = String::with_capacity(text.len() + 1);
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            line.push('\n');
        }
        line.push_str(&text::escape(part));
    }
    line.push('\n');
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Writes a line to standard error, formatted as `println!` does; a closed or failing standard
/// error is ignored, and terminal controls are escaped (see [`say_line`]). The one way crackdown
/// prints a message.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::say_line(format_args!($($arg)*))
    };
}

/// A path as shown in a message: as the user wrote it, with only terminal controls escaped.
pub fn shown(path: &Path) -> String {
    text::escape(&path.to_string_lossy()).into_owned()
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
    Error::io(format!("cannot write {}", shown(path)), e)
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
    /// A device or a named pipe, written as it is. `closed` is set when its reader went away:
    /// the rest is dropped, as on a closed standard output.
    Direct { file: std::fs::File, closed: bool },
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile> {
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let inner = if std::fs::metadata(&target).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| file_error(path, e))?;
            Inner::Direct {
                file,
                closed: false,
            }
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
            Inner::Direct { closed: true, .. } => Ok(()),
            Inner::Direct { mut file, .. } => match file.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(file_error(&path, e)),
                _ => Ok(()),
            },
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
            Inner::Temp { temp, .. } => temp.as_file_mut().write(buf),
            Inner::Direct { closed: true, .. } => Ok(buf.len()),
            Inner::Direct { file, closed } => match file.write(buf) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    *closed = true;
                    Ok(buf.len())
                }
                other => other,
            },
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Temp { temp, .. } => temp.as_file_mut().flush(),
            Inner::Direct { closed: true, .. } => Ok(()),
            Inner::Direct { file, closed } => match file.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    *closed = true;
                    Ok(())
                }
                other => other,
            },
        }
    }
}

/// A temporary file in the directory of `path`, so that renaming it over `path` is atomic. It is
/// readable by others like any file a user creates (0644 on Unix), not private as temporary
/// files are by default.
///
/// Its own name never reaches a message: the file is opened here, so an error is the system's
/// alone (tempfile's own opening adds the temporary path to it), and it is written through
/// [`std::fs::File`] for the same reason; callers name `path`.
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".crackdown-")
        .make_in(dir, |temp| {
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o644);
            }
            options.open(temp)
        })
}

/// One field of a CSV row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    /// Text from the data or about it: neutralised when a spreadsheet would run it as a formula.
    Text(&'a str),
    /// A number crackdown wrote itself, kept as it is (a `-1` stays a number).
    Number(&'a str),
}

/// A text cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) gets a leading apostrophe, which spreadsheets show as text.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The one CSV writer, for every CSV crackdown writes (`report --format csv`, `--rejects`):
/// RFC 4180 quoting, and every text field neutralised by [`neutralise`].
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(writer: W) -> CsvWriter<W> {
        CsvWriter {
            inner: csv::Writer::from_writer(writer),
        }
    }

    /// Writes one row.
    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = Field<'a>>) -> io::Result<()> {
        let fields: Vec<Cow<'a, str>> = fields
            .into_iter()
            .map(|f| match f {
                Field::Text(t) => neutralise(t),
                Field::Number(n) => Cow::Borrowed(n),
            })
            .collect();
        self.inner
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .map_err(csv_error)
    }

    /// Flushes what is buffered and hands back the writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// The I/O error inside a CSV error (a closed pipe, a full disk), so callers see its kind.
fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Which file a path names, to tell whether two paths name the same one: an existing regular
/// file by its device and inode (so a symbolic or hard link to it is the same file), a file yet
/// to be written by its canonical directory and name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    Existing(FileId),
    New(PathBuf),
}

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(_path: &Path, meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &std::fs::Metadata) -> Option<FileId> {
    std::fs::canonicalize(path).ok()
}

/// The identity of `path`, or `None` for what exists but is no regular file (a device such as
/// /dev/null, a pipe, a directory): writing there replaces nothing.
fn identity(path: &Path) -> Option<Identity> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => file_id(path, &meta).map(Identity::Existing),
        Ok(_) => None,
        // Not there yet (or a dangling link, which the write replaces): its directory, as far
        // as it exists, made canonical.
        Err(_) => {
            let absolute = std::path::absolute(path).ok()?;
            let mut rest = Vec::new();
            let mut base = absolute.as_path();
            loop {
                if let Ok(canonical) = std::fs::canonicalize(base) {
                    let mut full = canonical;
                    full.extend(rest.iter().rev());
                    return Some(Identity::New(full));
                }
                rest.push(base.file_name()?.to_owned());
                base = base.parent()?;
            }
        }
    }
}

/// The files a run reads, each with what it is: its record files and its published figures.
fn inputs(dataset: &Dataset) -> Vec<(String, PathBuf)> {
    let mut inputs: Vec<(String, PathBuf)> = dataset
        .inputs
        .iter()
        .filter_map(|input| match &input.origin {
            Origin::File(path) => Some((format!("the {} input", input.kind.name()), path.clone())),
            Origin::Stdin { .. } | Origin::Builtin { .. } => None,
        })
        .collect();
    if let Some(published) = &dataset.published {
        inputs.push((
            "the published figures".to_owned(),
            PathBuf::from(&published.file),
        ));
    }
    inputs
}

/// What the dataset directory `dir` would read `path` as, if it is a file of it: the published
/// figures (published.json) or a kind of records (`arrests.csv`, `Inspections.json`, ...).
fn dataset_file(dir: &Path, path: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if std::fs::canonicalize(parent).ok()? != dir {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    if name.eq_ignore_ascii_case("published.json") {
        return Some("its published figures".to_owned());
    }
    // The rule the directory is read by (load::kind_from_name), so the two cannot drift apart.
    let kind = crate::load::kind_from_name(name)?;
    Format::from_path(path).map(|_| format!("its {} records", kind.name()))
}

/// Refuses, before anything is written, an output (`(flag, path)`) that would replace an input
/// of the same run (compared as files, so a symbolic or hard link to an input is caught), that
/// names the same file as another output, or that would become part of the dataset directory
/// `data` the next time it is read.
pub fn refuse_overwrite(
    dataset: &Dataset,
    data: Option<&Path>,
    outputs: &[(&str, &Path)],
) -> Result<()> {
    let inputs: Vec<(String, PathBuf, Option<Identity>)> = inputs(dataset)
        .into_iter()
        .map(|(what, path)| {
            let id = identity(&path);
            (what, path, id)
        })
        .collect();
    let mut seen: Vec<(&str, &Path, Identity)> = Vec::new();
    for &(flag, path) in outputs {
        let Some(id) = identity(path) else {
            continue;
        };
        if let Some((what, input, _)) = inputs.iter().find(|(_, _, i)| i.as_ref() == Some(&id)) {
            let how = if input == path {
                String::new()
            } else {
                format!(" ({} is the same file)", shown(input))
            };
            return Err(Error::Usage(format!(
                "{flag} {} is {what} of this run{how}: writing there would replace what is being read; name another file for {flag}",
                shown(path)
            )));
        }
        if let Some((other_flag, other, _)) = seen.iter().find(|(_, _, i)| *i == id) {
            let what = if *other_flag == flag {
                format!("{flag} would write {} twice", shown(path))
            } else {
                format!(
                    "{other_flag} {} and {flag} {} are the same file: one would replace the other",
                    shown(other),
                    shown(path)
                )
            };
            return Err(Error::Usage(format!("{what}; give each its own file")));
        }
        if let Some(dir) = data.filter(|d| d.is_dir())
            && let Some(what) = dataset_file(dir, path)
        {
            return Err(Error::Usage(format!(
                "{flag} {} would become part of the dataset in {}: the next run reads it as {what}; write it outside {}",
                shown(path),
                shown(dir),
                shown(dir)
            )));
        }
        seen.push((flag, path, id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("OP-01"), "OP-01");
        let mut csv = CsvWriter::new(Vec::new());
        csv.row([Field::Text("=1+1"), Field::Number("-1"), Field::Text("a,b")])
            .unwrap();
        assert_eq!(csv.into_inner().unwrap(), b"'=1+1,-1,\"a,b\"\n");
    }

    #[test]
    fn a_new_file_is_named_by_its_canonical_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x")).unwrap();
        let a = identity(&dir.path().join("x/../new.csv"));
        let b = identity(&dir.path().join("new.csv"));
        assert_eq!(a, b);
        let deep = identity(&dir.path().join("missing/dir/f.svg"));
        assert_eq!(
            deep,
            Some(Identity::New(
                std::fs::canonicalize(dir.path())
                    .unwrap()
                    .join("missing/dir/f.svg")
            ))
        );
        assert_eq!(identity(Path::new("/dev/null")), None);
    }
}

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

/// The UTF-8 byte-order mark, EF BB BF.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The one CSV writer, for every CSV crackdown writes (`report --format csv`, `--rejects`):
/// RFC 4180 quoting, every text field neutralised by [`neutralise`], and a byte-order mark first
/// when asked for (`--bom`).
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer into `writer`, which starts with [`BOM`] when `bom` is set. Excel reads a CSV
    /// file opened by a double click in the computer's legacy code page (Windows-1252 in much of
    /// the world) unless it starts with the mark, and shows Khmer as mojibake; most other tools
    /// expect no mark, so it is asked for, never assumed.
    pub fn new(mut writer: W, bom: bool) -> io::Result<CsvWriter<W>> {
        if bom {
            writer.write_all(BOM)?;
        }
        Ok(CsvWriter {
            inner: csv::Writer::from_writer(writer),
        })
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
        let mut csv = CsvWriter::new(Vec::new(), false).unwrap();
        csv.row([Field::Text("=1+1"), Field::Number("-1"), Field::Text("a,b")])
            .unwrap();
        assert_eq!(csv.into_inner().unwrap(), b"'=1+1,-1,\"a,b\"\n");
    }

    #[test]
    fn a_byte_order_mark_comes_first_only_when_asked_for() {
        let written = |bom| {
            let mut csv = CsvWriter::new(Vec::new(), bom).unwrap();
            csv.row([Field::Text("ខណ្ឌ")]).unwrap();
            csv.into_inner().unwrap()
        };
        assert_eq!(BOM, [0xEF, 0xBB, 0xBF]);
        assert_eq!(written(true), [BOM, written(false).as_slice()].concat());
        assert!(!written(false).starts_with(BOM));
    }
}

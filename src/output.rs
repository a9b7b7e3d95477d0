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
//!   (`commands::overwrite`). A file it replaces keeps its permissions (and, where the system
//!   allows, its owner and group); one its user could not
//!   write in place (read-only) is refused; a symbolic link is followed, and stays a link. A run
//!   stopped by Ctrl-C or SIGTERM removes its temporary files before it ends.
//! - Every CSV crackdown writes goes through [`CsvWriter`], which neutralises cells a
//!   spreadsheet would run as formulas.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

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
/// [`OutputFile::finish`], with the permissions of the file it replaces; one that its user could
/// not write in place (read-only) is refused. A symbolic link is followed, even one whose file is
/// not there yet, so the file it points to is the one written and the link stays. Anything else
/// that exists (a device such as /dev/stdout or /dev/null, a pipe) cannot be replaced and is
/// written directly.
pub struct OutputFile {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Temp {
        // Declared before `live`: a temporary file that is given up is removed before it leaves
        // the registry, so an interruption never finds it unlisted.
        temp: tempfile::NamedTempFile,
        live: Live,
        target: PathBuf,
    },
    /// A device or a named pipe, written as it is. `closed` is set when its reader went away:
    /// the rest is dropped, as on a closed standard output.
    Direct { file: std::fs::File, closed: bool },
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile> {
        let target = target_of(path).map_err(|e| file_error(path, e))?;
        let existing = std::fs::metadata(&target).ok();
        let inner = match existing {
            Some(meta) if !meta.is_file() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| file_error(path, e))?;
                Inner::Direct {
                    file,
                    closed: false,
                }
            }
            _ => {
                if let Some(meta) = &existing {
                    refuse_read_only(path, &target, meta)?;
                }
                let (temp, live) = temp_beside(&target).map_err(|e| {
                    if target.as_path() == path {
                        file_error(path, e)
                    } else {
                        Error::io(
                            format!(
                                "cannot write {} (a symbolic link to {})",
                                shown(path),
                                shown(&target)
                            ),
                            e,
                        )
                    }
                })?;
                if let Some(meta) = &existing {
                    keep_owner(temp.as_file(), meta);
                    temp.as_file()
                        .set_permissions(meta.permissions())
                        .map_err(|e| file_error(path, e))?;
                }
                Inner::Temp { temp, live, target }
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
            Inner::Temp { temp, live, target } => {
                temp.as_file()
                    .sync_all()
                    .map_err(|e| file_error(&path, e))?;
                temp.persist(&target)
                    .map_err(|e| file_error(&path, e.error))?;
                drop(live);
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

/// The file that writing `path` replaces: `path` itself, or, when it is a symbolic link, the file
/// the link points to (through a chain of links, and whether that file exists yet or not), so
/// that the link stays a link.
pub fn target_of(path: &Path) -> io::Result<PathBuf> {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return Ok(canonical);
    }
    // Not there, or a link to what is not there yet: each link read in turn, relative to the
    // directory it is in, as the system follows it. 40 is Linux's own limit.
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(next) => {
                current = match current.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                }
            }
            Err(_) => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Gives the file that replaces another the owner and group of the one replaced, where the system
/// allows it (root may give any; others keep their own and may give a group of theirs); where it
/// does not, the new file is the user's, as any file they create.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, replaced: &std::fs::Metadata) {
    use rustix::fs::{Gid, Uid, fchown};
    use std::os::unix::fs::MetadataExt;
    let (uid, gid) = (Uid::from_raw(replaced.uid()), Gid::from_raw(replaced.gid()));
    if fchown(file, Some(uid), Some(gid)).is_err() {
        let _ = fchown(file, None, Some(gid));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _replaced: &std::fs::Metadata) {}

/// Refuses to replace a file its user could not write in place: replacing it would undo the
/// protection it was given. A file that no one may write is refused even to root, whom the
/// system lets write anything.
fn refuse_read_only(path: &Path, target: &Path, meta: &std::fs::Metadata) -> Result<()> {
    #[cfg(unix)]
    let (no_one, not_you) = {
        use std::os::unix::fs::PermissionsExt;
        (
            meta.permissions().mode() & 0o222 == 0,
            rustix::fs::access(target, rustix::fs::Access::WRITE_OK).is_err(),
        )
    };
    #[cfg(not(unix))]
    let (no_one, not_you) = {
        let _ = target;
        (meta.permissions().readonly(), false)
    };
    let why = if no_one {
        "it is read-only, and crackdown does not replace a file no one may write"
    } else if not_you {
        "you have no permission to write it, and crackdown does not replace a file you could not write"
    } else {
        return Ok(());
    };
    Err(Error::io(
        format!("cannot write {}", shown(path)),
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{why}: make it writable (chmod u+w {}) or name another file",
                shown(path)
            ),
        ),
    ))
}

/// A temporary file in the directory of `path`, so that renaming it over `path` is atomic. It is
/// readable by others like any file a user creates (0644 on Unix), not private as temporary
/// files are by default; a file it replaces gives it its own permissions instead.
///
/// Its own name never reaches a message: the file is opened here, so an error is the system's
/// alone (tempfile's own opening adds the temporary path to it), and it is written through
/// [`std::fs::File`] for the same reason; callers name `path`. It is listed, from the moment it
/// is made, among the files an interruption removes ([`Live`]).
fn temp_beside(path: &Path) -> io::Result<(tempfile::NamedTempFile, Live)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".crackdown-")
        .make_in(dir, |temp| {
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o644);
            }
            // Listed while the registry is held: an interruption either comes first (and the
            // run ends before the file is made) or finds it listed.
            let mut live = live_files();
            let file = options.open(temp)?;
            live.push(temp.to_path_buf());
            Ok(file)
        })?;
    let live = Live(temp.path().to_path_buf());
    Ok((temp, live))
}

/// The temporary files being written, which an interruption removes.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry of temporary files, held; the first time, the handler of Ctrl-C and SIGTERM is
/// set up.
fn live_files() -> MutexGuard<'static, Vec<PathBuf>> {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(on_interrupt);
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file listed in the registry; leaving it (renamed into place, or removed) takes it
/// off the list.
struct Live(PathBuf);

impl Drop for Live {
    fn drop(&mut self) {
        let mut live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = live.iter().position(|p| *p == self.0) {
            live.swap_remove(i);
        }
    }
}

/// On Ctrl-C (SIGINT) or SIGTERM, removes the temporary files being written and ends the run
/// with 128 plus the signal's number (130, 143), as a shell reports a program the signal ended.
/// The files already in place are whole: an interrupted run replaces nothing half-written.
#[cfg(unix)]
fn on_interrupt() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    // Without a handler the signal still ends the run, as it did: only the cleaning is lost.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the end, so that no temporary file is made after the cleaning.
                let live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
                for path in live.iter() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
fn on_interrupt() {}

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

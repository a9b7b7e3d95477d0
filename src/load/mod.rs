//! Finding and reading record files: a dataset directory, files named one by one, standard input
//! or the built-in dataset, in CSV, JSON or NDJSON. Readers stream: they hand over one [`Row`] at a
//! time, with the physical line where it starts, and never hold a whole file.

pub mod builtin;
mod csv;
mod json;
mod sniff;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Code, Error, Result};
use crate::model::Kind;
use crate::published::Published;
use crate::text;

/// A record file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line (also .jsonl).
    Ndjson,
}

impl Format {
    /// The format an extension names, if it names one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            _ => None,
        }
    }

    /// Recognises the format from the first bytes: `{` is NDJSON, `[` is JSON, anything else CSV.
    fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Ndjson,
            Some(b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// Where one record file comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    File(PathBuf),
    /// Standard input. `head` is what was read of it already to tell its kind; it is read again
    /// before the rest, since standard input can be read only once.
    Stdin {
        head: Vec<u8>,
    },
    /// A file of the built-in dataset, embedded at compile time.
    Builtin {
        name: &'static str,
        bytes: &'static [u8],
    },
}

/// One record file to read.
#[derive(Debug, Clone)]
pub struct Input {
    pub kind: Kind,
    pub origin: Origin,
    /// The format when the user forced one; otherwise it is chosen from the name or the bytes.
    pub format: Option<Format>,
}

impl Input {
    /// The name problems use for this file: the path as given, `<stdin>` or `built-in:NAME`.
    pub fn display_name(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Stdin { .. } => STDIN.to_owned(),
            Origin::Builtin { name, .. } => format!("built-in:{name}"),
        }
    }

    /// Opens the file and returns a reader of its rows.
    pub fn open(&self) -> Result<Box<dyn RowReader>> {
        let name = self.display_name();
        let (mut reader, by_name): (Box<dyn Read>, Option<Format>) = match &self.origin {
            Origin::File(path) => {
                let file =
                    File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
                (Box::new(file), Format::from_path(path))
            }
            Origin::Stdin { head } => (
                Box::new(io::Cursor::new(head.clone()).chain(io::stdin().lock())),
                None,
            ),
            Origin::Builtin { name, bytes } => {
                (Box::new(*bytes), Format::from_path(Path::new(name)))
            }
        };
        let (format, reader): (Format, Box<dyn Read>) = match self.format.or(by_name) {
            Some(format) => (format, reader),
            None => {
                let head = read_head(&mut *reader)
                    .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
                let format = Format::sniff(&head);
                (format, Box::new(io::Cursor::new(head).chain(reader)))
            }
        };
        let reader = BufReader::with_capacity(1 << 16, reader);
        Ok(match format {
            Format::Csv => Box::new(csv::CsvRows::new(reader, self.kind, name)?),
            Format::Json => Box::new(json::JsonRows::array(reader, self.kind, name)),
            Format::Ndjson => Box::new(json::JsonRows::lines(reader, self.kind, name)),
        })
    }
}

/// Reads once more from `reader` onto the end of `head`, again when interrupted; the count read,
/// 0 at the end of the input.
fn read_more(reader: &mut dyn Read, head: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 8192];
    loop {
        match reader.read(&mut chunk) {
            Ok(n) => {
                head.extend_from_slice(&chunk[..n]);
                return Ok(n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reads the start of an input up to its first byte that is not white space (or its end): a slow
/// producer may send the leading spaces of a pretty-printed JSON document on their own. Nothing
/// is dropped: the caller reads these bytes again before the rest.
fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let n = read_more(reader, &mut head)?;
        let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
        if n == 0 || text.iter().any(|b| !b.is_ascii_whitespace()) {
            return Ok(head);
        }
    }
}

/// Rows travel from the reading thread in batches of this many; a few batches are in flight at
/// most, so memory stays bounded whatever the input's size.
const BATCH: usize = 1024;
const BATCHES_IN_FLIGHT: usize = 4;

/// What the reading thread sends.
enum Batch {
    Rows(Vec<Row>, usize),
    Done(Vec<String>),
    Failed(Error),
}

impl Input {
    /// Reads every row, parsing on a second thread while `each` checks the rows already read, in
    /// file order. Returns the warnings about the file as a whole. An error from `each` stops the
    /// reading; a fatal error in the file is returned after the rows before it were handed over.
    pub fn for_each_row(&self, mut each: impl FnMut(&Row) -> Result<()>) -> Result<Vec<String>> {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<Row>>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut reader = match self.open() {
                    Ok(reader) => reader,
                    Err(e) => return drop(full_tx.send(Batch::Failed(e))),
                };
                loop {
                    // Reuse a batch the checking side has finished with, buffers and all.
                    let mut rows = empty_rx.try_recv().unwrap_or_default();
                    rows.resize_with(BATCH, Row::default);
                    let mut filled = 0;
                    let mut failure = None;
                    while filled < BATCH {
                        match reader.next_row(&mut rows[filled]) {
                            Ok(true) => filled += 1,
                            Ok(false) => break,
                            Err(e) => {
                                failure = Some(e);
                                break;
                            }
                        }
                    }
                    let last = filled < BATCH;
                    if filled > 0 && full_tx.send(Batch::Rows(rows, filled)).is_err() {
                        return; // The checking side stopped.
                    }
                    if let Some(e) = failure {
                        return drop(full_tx.send(Batch::Failed(e)));
                    }
                    if last {
                        return drop(full_tx.send(Batch::Done(reader.warnings().to_vec())));
                    }
                }
            });
            for batch in full_rx {
                match batch {
                    Batch::Rows(rows, filled) => {
                        for row in &rows[..filled] {
                            each(row)?;
                        }
                        // The reader may have finished already; then the batch is not needed.
                        let _ = empty_tx.send(rows);
                    }
                    Batch::Done(warnings) => return Ok(warnings),
                    Batch::Failed(e) => return Err(e),
                }
            }
            // Only a reading thread that panicked ends without a word; the scope re-raises that.
            Err(Error::io(
                format!("cannot read {}", self.display_name()),
                io::Error::other("the reader stopped"),
            ))
        })
    }
}

/// A structural problem with one cell, found while reading (before any value is interpreted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub code: Code,
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

/// One record as read: the text of each field of its kind, by position in [`Kind::fields`].
/// The texts share one buffer, so reading a row allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
pub struct Row {
    /// The physical line where the record starts.
    pub line: u64,
    text: String,
    spans: Vec<Option<(usize, usize)>>,
    /// Problems found while reading the row (bad UTF-8, wrong field count, a JSON array as a value).
    pub problems: Vec<CellProblem>,
}

impl Row {
    fn clear(&mut self, fields: usize, line: u64) {
        self.line = line;
        self.text.clear();
        self.spans.clear();
        self.spans.resize(fields, None);
        self.problems.clear();
    }

    /// Sets field `index` to `value` trimmed; an empty value stays missing.
    fn set(&mut self, index: usize, value: &str) {
        // Most values have no surrounding space; skip the Unicode-aware trim for them.
        let bytes = value.as_bytes();
        let tidy = bytes.first().is_some_and(u8::is_ascii_graphic)
            && bytes.last().is_some_and(u8::is_ascii_graphic);
        let value = if tidy { value } else { value.trim() };
        if !value.is_empty() {
            let start = self.text.len();
            self.text.push_str(value);
            self.spans[index] = Some((start, self.text.len()));
        }
    }

    /// Whether every value of the row is printable ASCII (no control character, nothing to
    /// decode): checked once over the row's one buffer, so most rows need no check per value.
    pub fn is_plain_ascii(&self) -> bool {
        self.text.bytes().all(|b| (0x20..0x7f).contains(&b))
    }

    /// The text of field `index`, or `None` when the cell is empty, null or absent.
    pub fn get(&self, index: usize) -> Option<&str> {
        self.spans
            .get(index)
            .copied()
            .flatten()
            .map(|(a, b)| &self.text[a..b])
    }
}

/// A stream of rows from one file.
pub trait RowReader {
    /// Reads the next row into `row`; `Ok(false)` at the end. An error here is fatal for the file
    /// (malformed JSON, an I/O failure); problems in one row travel in [`Row::problems`].
    fn next_row(&mut self, row: &mut Row) -> Result<bool>;
    /// Warnings about the file as a whole (columns that are ignored).
    fn warnings(&self) -> &[String];
}

/// The warning for a column (CSV) or key (JSON, `what`) crackdown does not know.
fn ignored_column_warning(file: &str, what: &str, column: &str, kind: Kind) -> String {
    format!(
        "{file}: {what} {} is not one of the {} columns; it is ignored (expected: {})",
        crate::text::quote(column),
        kind.name(),
        kind.fields()
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A set of record files to read together, and the published figures that go with them.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The directory name, or the name of the built-in dataset.
    pub name: String,
    /// In the order they must be read: inspections, arrests, prosecutions.
    pub inputs: Vec<Input>,
    pub published: Option<Published>,
    /// Whether this is the dataset embedded in the binary.
    pub builtin: bool,
    /// What was noticed while finding the files (files that look like records but are not read).
    pub warnings: Vec<String>,
}

impl Dataset {
    /// The breakdowns its published.json gives in full.
    pub fn published_breakdowns(&self) -> &[crate::published::Breakdown] {
        self.published.as_ref().map_or(&[], |p| &p.breakdowns)
    }

    /// What results call the dataset: the name its published.json gives it, else its own name
    /// (the directory's, or `<stdin>`).
    pub fn title(&self) -> &str {
        self.published.as_ref().map_or(&self.name, |p| &p.name)
    }

    /// Which kinds of record the dataset holds.
    pub fn loaded(&self) -> crate::aggregate::Loaded {
        let has = |kind: Kind| self.inputs.iter().any(|i| i.kind == kind);
        crate::aggregate::Loaded {
            inspections: has(Kind::Inspections),
            arrests: has(Kind::Arrests),
            prosecutions: has(Kind::Prosecutions),
        }
    }

    /// Whether the records are illustrative: the built-in ones always are, others when their
    /// published.json says so.
    pub fn illustrative(&self) -> bool {
        self.builtin
            || self.published.as_ref().and_then(|p| p.records)
                == Some(crate::published::Records::Illustrative)
    }
}

/// What the user named on the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A dataset directory, one record file, or `-` for standard input (whose kind is told from
    /// its name, or else from its header or first object's keys).
    pub data: Option<PathBuf>,
    pub inspections: Option<PathBuf>,
    pub arrests: Option<PathBuf>,
    pub prosecutions: Option<PathBuf>,
    /// A published.json to use instead of the one in the directory.
    pub published: Option<PathBuf>,
    pub format: Option<Format>,
    /// Standard input is not a terminal (a pipe, a file, /dev/null). With nothing named it is then
    /// read for records, and the built-in dataset is used only when it is empty.
    pub stdin_redirected: bool,
}

impl Selection {
    fn named(&self, kind: Kind) -> Option<&PathBuf> {
        match kind {
            Kind::Inspections => self.inspections.as_ref(),
            Kind::Arrests => self.arrests.as_ref(),
            Kind::Prosecutions => self.prosecutions.as_ref(),
        }
    }

    /// Whether no records were named, so standard input or the built-in dataset is read.
    pub fn is_empty(&self) -> bool {
        self.data.is_none() && Kind::ALL.iter().all(|&k| self.named(k).is_none())
    }
}

/// The name standard input goes by, in problems and as a dataset.
const STDIN: &str = "<stdin>";

/// Resolves what the user named into a dataset, checking that every named file exists. Standard
/// input is read here as far as its first record, to tell its kind.
pub fn resolve(selection: &Selection) -> Result<Dataset> {
    let mut inputs: Vec<Input> = Vec::new();
    let mut name = String::from("records");
    let mut listing = Listing::default();
    let mut warnings = Vec::new();
    let mut stdin_used = false;
    match &selection.data {
        Some(data) if data.as_os_str() == "-" => {
            let input = stdin_input(selection.format)?.ok_or_else(|| {
                Error::Usage(
                    "standard input (-) is empty: pipe records into it, or leave out - to use the built-in dataset".into(),
                )
            })?;
            name = STDIN.to_owned();
            stdin_used = true;
            inputs.push(input);
        }
        Some(data) => {
            let meta = std::fs::metadata(data).map_err(|e| missing(data, e))?;
            if meta.is_dir() {
                name = dir_name(data);
                listing = list_dir(data, &mut warnings)?;
            } else {
                let kind = match kind_from_path(data) {
                    Some(kind) => kind,
                    // A pipe (`<(cat raids.csv)`) cannot be read twice: what was read to tell
                    // its kind would be missing when its records are read.
                    None if meta.is_file() => kind_from_content(data, selection.format)?,
                    None => {
                        let name = shown(data);
                        return Err(Error::Usage(format!(
                            "cannot tell what records {name} holds: its name does not say, and it is not a regular file whose header could; name the kind with --inspections {name}, --arrests {name} or --prosecutions {name}"
                        )));
                    }
                };
                name = data
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or(name);
                inputs.push(Input {
                    kind,
                    origin: Origin::File(data.clone()),
                    format: selection.format,
                });
            }
        }
        None if selection.is_empty() => {
            // Only records piped in are read; a terminal, or an empty input (`</dev/null`, a
            // closed descriptor, which reads as empty), leaves the built-in dataset.
            let piped = if selection.stdin_redirected {
                stdin_input(selection.format)?
            } else {
                None
            };
            let Some(input) = piped else {
                let mut dataset = builtin::dataset()?;
                if let Some(path) = &selection.published {
                    dataset.published = Some(Published::read(path)?);
                }
                return Ok(dataset);
            };
            name = STDIN.to_owned();
            inputs.push(input);
        }
        None => {}
    }
    for kind in Kind::ALL {
        let Some(path) = selection.named(kind) else {
            continue;
        };
        if let Some(other) = inputs.iter().find(|i| i.kind == kind) {
            return Err(Error::Usage(format!(
                "{} holds {} and --{} names {} too: name one",
                shown(Path::new(&other.display_name())),
                kind.name(),
                kind.name(),
                shown(path)
            )));
        }
        let origin = if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_used, true) {
                return Err(Error::Usage(
                    "standard input (-) can be read only once".into(),
                ));
            }
            Origin::Stdin { head: Vec::new() }
        } else {
            std::fs::metadata(path).map_err(|e| missing(path, e))?;
            Origin::File(path.clone())
        };
        inputs.push(Input {
            kind,
            origin,
            format: selection.format,
        });
    }
    // The directory's files, for the kinds no option named.
    let dir = selection.data.as_deref().unwrap_or(Path::new("."));
    for kind in Kind::ALL {
        let files: Vec<&PathBuf> = listing
            .records
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| p)
            .collect();
        if let Some(named) = selection.named(kind) {
            for file in files {
                warnings.push(format!(
                    "{} is not read: --{} names {} instead",
                    shown(file),
                    kind.name(),
                    shown(named)
                ));
            }
            continue;
        }
        match files[..] {
            [] => {}
            [file] => inputs.push(Input {
                kind,
                origin: Origin::File(file.clone()),
                format: selection.format,
            }),
            [.., last] => {
                return Err(Error::Usage(format!(
                    "{} holds {} {} files ({}); crackdown reads one file per kind: combine them, or name the one to read with --{} FILE, for example --{} {}",
                    shown(dir),
                    files.len(),
                    kind.name(),
                    files
                        .iter()
                        .map(|f| shown(Path::new(f.file_name().unwrap_or_default())))
                        .collect::<Vec<_>>()
                        .join(", "),
                    kind.name(),
                    kind.name(),
                    shown(last)
                )));
            }
        }
    }
    inputs.sort_by_key(|i| i.kind);
    let published = match (&selection.published, &listing.published[..]) {
        (Some(path), found) => {
            for file in found {
                warnings.push(format!(
                    "{} is not read: --published names {} instead",
                    shown(file),
                    shown(path)
                ));
            }
            Some(Published::read(path)?)
        }
        (None, []) => None,
        (None, [file]) => Some(Published::read(file)?),
        (None, found) => {
            return Err(Error::Usage(format!(
                "{} holds {} published figures files ({}): keep one, or name it with --published FILE",
                shown(dir),
                found.len(),
                found
                    .iter()
                    .map(|f| shown(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    if inputs.is_empty() {
        let mut message = format!(
            "no record files in {}: expected inspections.csv, arrests.csv or prosecutions.csv (or .json, .ndjson, .jsonl)",
            shown(dir)
        );
        for warning in &warnings {
            message.push_str("; ");
            message.push_str(warning);
        }
        return Err(Error::Usage(message));
    }
    Ok(Dataset {
        name,
        inputs,
        published,
        builtin: false,
        warnings,
    })
}

/// Standard input as an input of the kind its first record tells, or `None` when it holds nothing
/// but white space. Its kind must be told: no kind is ever guessed.
fn stdin_input(format: Option<Format>) -> Result<Option<Input>> {
    let (first, head) = sniff::first_record(&mut io::stdin().lock(), format)
        .map_err(|e| Error::io("cannot read standard input", e))?;
    let kind = match &first {
        sniff::First::Empty => return Ok(None),
        sniff::First::Names { names, .. } => sniff::kind_from_fields(names).ok(),
        sniff::First::Unreadable(_) => None,
    };
    let kind =
        kind.ok_or_else(|| Error::Usage(sniff::cannot_tell("standard input", &first, "-")))?;
    Ok(Some(Input {
        kind,
        origin: Origin::Stdin { head },
        format,
    }))
}

/// The kind of a file whose name does not say it, from its header or first object's keys.
fn kind_from_content(path: &Path, format: Option<Format>) -> Result<Kind> {
    let name = shown(path);
    let mut file = File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
    let format = format.or_else(|| Format::from_path(path));
    let (first, _) = sniff::first_record(&mut file, format)
        .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
    match &first {
        sniff::First::Names { names, .. } => sniff::kind_from_fields(names).ok(),
        _ => None,
    }
    .ok_or_else(|| Error::Usage(sniff::cannot_tell(&name, &first, &name)))
}

fn missing(path: &Path, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::NotFound {
        Error::Usage(format!("{} does not exist", shown(path)))
    } else {
        Error::io(format!("cannot read {}", shown(path)), e)
    }
}

/// A path as shown on a terminal: as it is, with control characters escaped.
fn shown(path: &Path) -> String {
    text::escape(&path.to_string_lossy()).into_owned()
}

fn dir_name(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "records".into())
}

/// The kind of records a file holds, told from its name by the one rule used everywhere: the
/// name, in any case, begins with the kind's name, singular or plural, and no letter follows
/// (`arrests.csv`, `Arrest.json`, `arrests-2026-02.csv`, `arrests (1).csv`, `arrests.csv.bak`;
/// not `arrestees.csv`). Whether the file is in a format crackdown reads is another question.
pub fn kind_from_name(name: &str) -> Option<Kind> {
    let name = name.to_lowercase();
    Kind::ALL.into_iter().find(|kind| {
        let singular = kind.singular();
        name.strip_prefix(singular)
            .map(|rest| rest.strip_prefix('s').unwrap_or(rest))
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
    })
}

fn kind_from_path(path: &Path) -> Option<Kind> {
    kind_from_name(&path.file_name()?.to_string_lossy())
}

/// What a dataset directory holds that crackdown reads.
#[derive(Debug, Default)]
struct Listing {
    /// The record files with the kind each holds, in name order; several may share a kind.
    records: Vec<(Kind, PathBuf)>,
    /// The published figures files (`published.json` in any case).
    published: Vec<PathBuf>,
}

/// Lists a dataset directory. Every entry is either a record file, a published figures file, or
/// named in a warning saying why it is not read, except what no one takes for records: hidden
/// entries (`.DS_Store`, `.git`) and README files.
fn list_dir(dir: &Path, warnings: &mut Vec<String>) -> Result<Listing> {
    let cannot_list = |e| Error::io(format!("cannot list {}", shown(dir)), e);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot_list)? {
        names.push(entry.map_err(cannot_list)?.file_name());
    }
    names.sort();
    let mut listing = Listing::default();
    for file_name in names {
        let name = file_name.to_string_lossy();
        if name.starts_with('.') || name.to_lowercase().starts_with("readme") {
            continue;
        }
        let path = dir.join(&file_name);
        let not_read = |why: String| format!("{} is not read: {why}", shown(&path));
        let kind = kind_from_name(&name);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                warnings.push(not_read(
                    "it is a directory, and only the files directly in a dataset directory are read"
                        .into(),
                ));
                continue;
            }
            Ok(meta) if !meta.is_file() => {
                warnings.push(not_read("it is not a regular file".into()));
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                warnings.push(not_read(format!("it cannot be opened ({e})")));
                continue;
            }
        }
        if name.eq_ignore_ascii_case("published.json") {
            listing.published.push(path);
            continue;
        }
        let Some(kind) = kind else {
            warnings.push(not_read(
                "its name does not say what records it holds (inspections*, arrests* or prosecutions*, singular or plural, any case)".into(),
            ));
            continue;
        };
        if Format::from_path(&path).is_none() {
            // Never skip what looks like records without a word (arrests.xlsx, arrests.csv.bak).
            warnings.push(not_read(format!(
                "record files end in .csv, .json, .ndjson or .jsonl (or name it with --{} and --input-format)",
                kind.name()
            )));
            continue;
        }
        listing.records.push((kind, path));
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands over its pieces one read at a time, as a slow pipe does.
    struct Trickle(Vec<&'static [u8]>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let piece = self.0.remove(0);
            buf[..piece.len()].copy_from_slice(piece);
            Ok(piece.len())
        }
    }

    #[test]
    fn the_format_is_recognised_past_leading_white_space_that_arrives_alone() {
        let mut reader = Trickle(vec![b"\xef\xbb\xbf", b"  \n", b"\t", b"[{\"a\": 1}]"]);
        let head = read_head(&mut reader).unwrap();
        assert_eq!(Format::sniff(&head), Format::Json);
        assert_eq!(
            head, b"\xef\xbb\xbf  \n\t[{\"a\": 1}]",
            "nothing is dropped"
        );
        assert_eq!(
            read_head(&mut Trickle(vec![b" ", b"{"]))
                .map(|h| Format::sniff(&h))
                .unwrap(),
            Format::Ndjson
        );
        assert_eq!(
            read_head(&mut Trickle(vec![b" \n"]))
                .map(|h| Format::sniff(&h))
                .unwrap(),
            Format::Csv
        );
        assert_eq!(Format::sniff(b"arrest_id,date"), Format::Csv);
    }

    #[test]
    fn one_rule_tells_a_kind_from_a_file_name() {
        let kind = |name| kind_from_name(name);
        for name in [
            "arrests.csv",
            "arrest.csv",
            "ARRESTS.CSV",
            "Arrest.json",
            "arrests-2026-02.csv",
            "arrests_feb.ndjson",
            "arrests (1).csv",
            "arrests2026.csv",
            "arrests.csv.bak",
            "arrests",
        ] {
            assert_eq!(kind(name), Some(Kind::Arrests), "{name}");
        }
        assert_eq!(kind("prosecution.csv"), Some(Kind::Prosecutions));
        assert_eq!(kind("Inspections.jsonl"), Some(Kind::Inspections));
        for name in [
            "arrestees.csv",
            "arrestss.csv",
            "my-arrests.csv",
            "published.json",
            "notes.txt",
            "",
        ] {
            assert_eq!(kind(name), None, "{name}");
        }
    }
}

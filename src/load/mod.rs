//! Finding and reading record files: a dataset directory, files named one by one, standard input
//! or the built-in dataset, in CSV, JSON or NDJSON. Readers stream: they hand over one [`Row`] at a
//! time, with the physical line where it starts, and never hold a whole file.

mod csv;
mod json;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::builtin;
use crate::error::{Code, Error, Result};
use crate::model::Kind;
use crate::published::Published;

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
    Stdin,
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
            Origin::Stdin => "<stdin>".to_owned(),
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
            Origin::Stdin => (Box::new(io::stdin().lock()), None),
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

/// Reads the start of an input up to its first byte that is not white space (or its end): a slow
/// producer may send the leading spaces of a pretty-printed JSON document on their own. Nothing
/// is dropped: the caller reads these bytes again before the rest.
fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&chunk[..n]);
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

fn ignored_column_warning(file: &str, column: &str, kind: Kind) -> String {
    format!(
        "{file}: column {column:?} is not one of the {} columns; it is ignored (expected: {})",
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
    /// A dataset directory (or one record file, whose kind is read from its name).
    pub data: Option<PathBuf>,
    pub inspections: Option<PathBuf>,
    pub arrests: Option<PathBuf>,
    pub prosecutions: Option<PathBuf>,
    /// A published.json to use instead of the one in the directory.
    pub published: Option<PathBuf>,
    pub format: Option<Format>,
}

impl Selection {
    fn named(&self, kind: Kind) -> Option<&PathBuf> {
        match kind {
            Kind::Inspections => self.inspections.as_ref(),
            Kind::Arrests => self.arrests.as_ref(),
            Kind::Prosecutions => self.prosecutions.as_ref(),
        }
    }

    /// Whether nothing was named, so the built-in dataset is used.
    pub fn is_empty(&self) -> bool {
        self.data.is_none() && Kind::ALL.iter().all(|&k| self.named(k).is_none())
    }
}

/// Resolves what the user named into a dataset, checking that every named file exists.
pub fn resolve(selection: &Selection) -> Result<Dataset> {
    if selection.is_empty() {
        let mut dataset = builtin::dataset()?;
        if let Some(path) = &selection.published {
            dataset.published = Some(Published::read(path)?);
        }
        return Ok(dataset);
    }
    let mut inputs: Vec<Input> = Vec::new();
    let mut published = None;
    let mut warnings = Vec::new();
    let mut name = String::from("records");
    if let Some(data) = &selection.data {
        if data.as_os_str() == "-" {
            return Err(Error::Usage(
                "standard input holds one kind of record: name it with --inspections -, --arrests - or --prosecutions -".into(),
            ));
        }
        let meta = std::fs::metadata(data).map_err(|e| missing(data, e))?;
        if meta.is_dir() {
            name = dir_name(data);
            inputs.extend(discover(data, selection.format, &mut warnings)?);
            let candidate = data.join("published.json");
            if candidate.is_file() {
                published = Some(Published::read(&candidate)?);
            }
        } else {
            let kind = kind_from_name(data).ok_or_else(|| {
                Error::Usage(format!(
                    "cannot tell what records {} holds: name it inspections.*, arrests.* or prosecutions.*, or pass it with --inspections, --arrests or --prosecutions",
                    data.display()
                ))
            })?;
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
    let mut stdin_used = false;
    for kind in Kind::ALL {
        let Some(path) = selection.named(kind) else {
            continue;
        };
        let origin = if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_used, true) {
                return Err(Error::Usage(
                    "standard input (-) can be read only once".into(),
                ));
            }
            Origin::Stdin
        } else {
            std::fs::metadata(path).map_err(|e| missing(path, e))?;
            Origin::File(path.clone())
        };
        // A file named one by one replaces the directory's file of the same kind.
        inputs.retain(|i| i.kind != kind);
        inputs.push(Input {
            kind,
            origin,
            format: selection.format,
        });
    }
    inputs.sort_by_key(|i| i.kind);
    if let Some(path) = &selection.published {
        published = Some(Published::read(path)?);
    }
    if inputs.is_empty() {
        let dir = selection.data.as_deref().unwrap_or(Path::new("."));
        let mut message = format!(
            "no record files in {}: expected inspections.csv, arrests.csv or prosecutions.csv (or .json, .ndjson, .jsonl)",
            dir.display()
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

fn missing(path: &Path, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::NotFound {
        Error::Usage(format!("{} does not exist", path.display()))
    } else {
        Error::io(format!("cannot read {}", path.display()), e)
    }
}

fn dir_name(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "records".into())
}

/// The kind a file holds, from its stem: `inspections.csv`, `arrests-2026.json`, ...
fn kind_from_name(path: &Path) -> Option<Kind> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    Kind::ALL
        .into_iter()
        .find(|k| stem.starts_with(k.name()) || stem.starts_with(k.name().trim_end_matches('s')))
}

/// The record files of a dataset directory: one per kind at most.
fn discover(dir: &Path, format: Option<Format>, warnings: &mut Vec<String>) -> Result<Vec<Input>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
    let mut found: Vec<Input> = Vec::new();
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Some(kind) = Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(stem))
        else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        if Format::from_path(&path).is_none() {
            // Never skip what looks like records without a word (arrests.xlsx, arrests.txt).
            warnings.push(format!(
                "{} is not read: record files end in .csv, .json, .ndjson or .jsonl (or name it with --{} and --input-format)",
                path.display(),
                kind.name()
            ));
            continue;
        }
        if let Some(other) = found.iter().find(|i| i.kind == kind) {
            return Err(Error::Usage(format!(
                "{} holds two {} files ({} and {}): keep one, or name the one to read with --{}",
                dir.display(),
                kind.name(),
                other.display_name(),
                path.display(),
                kind.name()
            )));
        }
        found.push(Input {
            kind,
            origin: Origin::File(path),
            format,
        });
    }
    found.sort_by_key(|i| i.kind);
    Ok(found)
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
}

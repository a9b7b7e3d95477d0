//! One record file to read: where it comes from (a file, standard input, the built-in dataset),
//! its format (forced, told by the name, or recognised from the first bytes; a workbook's sheet
//! chosen when the dataset was resolved), and the reading of its rows on a thread of their own,
//! in batches, while the rows already read are checked.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::mapping::Mapping;
use super::sheet::{self, Content, Sheet};
use super::{Row, RowReader, csv, json};
use crate::error::{Error, Problem, Result};
use crate::model::Kind;

/// A record file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line (also .jsonl).
    Ndjson,
    /// An Excel workbook (.xlsx, .xlsm).
    Xlsx,
    /// An Excel 97–2003 workbook (.xls).
    Xls,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
}

impl Format {
    /// The format an extension names, if it names one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }

    /// Whether it is a workbook, read by sheet rather than as a stream of text.
    pub fn is_workbook(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xls | Format::Ods)
    }

    /// Its name on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// Recognises the format from the first bytes: `{` is NDJSON, `[` is JSON, anything else CSV.
    pub(super) fn sniff(head: &[u8]) -> Format {
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
    /// Which columns hold which fields when the file does not use crackdown's names; every
    /// input of a dataset shares the one mapping of the run.
    pub mapping: Arc<Mapping>,
    /// The sheet to read, when the file is a workbook: chosen, and the workbook opened, when the
    /// dataset is resolved.
    pub sheet: Option<Arc<Sheet>>,
}

impl Input {
    /// The name problems use for this file: the path as given, `<stdin>` or `built-in:NAME`.
    /// A workbook's sheet is named too: `arrests.xlsx, sheet "Arrests"`.
    pub fn display_name(&self) -> String {
        if let Some(sheet) = &self.sheet {
            return sheet.display_name();
        }
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Stdin { .. } => STDIN.to_owned(),
            Origin::Builtin { name, .. } => format!("built-in:{name}"),
        }
    }

    /// Opens the file and returns a reader of its rows.
    pub fn open(&self) -> Result<Box<dyn RowReader>> {
        if let Some(sheet) = &self.sheet {
            return Ok(Box::new(sheet.rows(self.kind, &self.mapping)?));
        }
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
        // The first bytes say whether this is text at all: a workbook, or a PDF named .csv,
        // must never reach the text readers, which would echo its bytes in their messages.
        let head =
            read_head(&mut *reader).map_err(|e| Error::io(format!("cannot read {name}"), e))?;
        let forced = self.format.or(by_name);
        if sheet::read_whole(&head) || forced.is_some_and(Format::is_workbook) {
            let bytes = sheet::read_rest(head, &mut *reader)
                .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
            return match sheet::recognise(&bytes) {
                Content::Workbook(format) => {
                    let sheet = Sheet::open(&name, bytes, format, Some(self.kind), &[])?;
                    Ok(Box::new(sheet.rows(self.kind, &self.mapping)?))
                }
                Content::Other(what, fix) => Err(sheet::not_records(&name, what, fix)),
                Content::Text => Err(sheet::not_a_workbook(&name, forced.unwrap_or(Format::Xlsx))),
            };
        }
        if let Content::Other(what, fix) = sheet::recognise(&head) {
            return Err(sheet::not_records(&name, what, fix));
        }
        let format = forced.unwrap_or_else(|| Format::sniff(&head));
        let reader = BufReader::with_capacity(1 << 16, io::Cursor::new(head).chain(reader));
        Ok(match format {
            Format::Csv => Box::new(csv::CsvRows::mapped(
                reader,
                self.kind,
                name,
                &self.mapping,
            )?),
            Format::Json => Box::new(
                json::JsonRows::array(reader, self.kind, name).mapped(Arc::clone(&self.mapping)),
            ),
            Format::Ndjson => Box::new(
                json::JsonRows::lines(reader, self.kind, name).mapped(Arc::clone(&self.mapping)),
            ),
            Format::Xlsx | Format::Xls | Format::Ods => unreachable!("workbooks are read above"),
        })
    }

    /// Names where `problem` is in spreadsheet terms when this input is a workbook: the file as
    /// named, the sheet, and the cell. Nothing changes for text files.
    pub fn locate(&self, problem: &mut Problem) {
        if let Some(sheet) = &self.sheet {
            sheet.locate(self.kind, problem);
        }
    }
}

/// The name standard input goes by, in problems and as a dataset.
pub(super) const STDIN: &str = "<stdin>";

/// Reads once more from `reader` onto the end of `head`, again when interrupted; the count read,
/// 0 at the end of the input.
pub(super) fn read_more(reader: &mut dyn Read, head: &mut Vec<u8>) -> io::Result<usize> {
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

/// Reads the start of an input up to its first byte that is not white space (or its end), and
/// enough bytes to recognise a workbook or a file that is no records: a slow producer may send
/// the leading spaces of a pretty-printed JSON document on their own. Nothing is dropped: the
/// caller reads these bytes again before the rest.
pub(super) fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let n = read_more(reader, &mut head)?;
        let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
        if n == 0 || (head.len() >= sheet::HEAD && text.iter().any(|b| !b.is_ascii_whitespace())) {
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

//! One record file to read: where it comes from (a file, standard input, the built-in dataset),
//! its format (forced, told by the name, or recognised from the first bytes; a workbook's sheet
//! chosen when the dataset was resolved), how its bytes become text (UTF-8 as they are; UTF-16
//! with a byte-order mark, or the encoding the user named, decoded), and the reading of its rows
//! on a thread of their own, in batches, while the rows already read are checked.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::{DecoderResult, Encoding};

use super::csv::{self, Dialect};
use super::mapping::Mapping;
use super::sheet::{self, Content, Sheet};
use super::{Row, RowReader, json};
use crate::error::{Error, Problem, Result};
use crate::model::Kind;
use crate::progress::FileProgress;

/// A record file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// RFC 4180 CSV with a header row (also separated by `;`, a tab or `|`).
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
    /// The format an extension names, if it names one. `.tsv` and `.tab` are CSV separated by
    /// tabs. `.txt` names none: what spreadsheets save under it may be separated by tabs or
    /// commas, in UTF-16 or not, so a `.txt` file named on the command line is read by its first
    /// bytes, and one in a dataset directory is not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "tab" => Some(Format::Csv),
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
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Ndjson,
            Some(b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// The column separator a file's name implies: a tab for `.tsv` and `.tab`.
pub(super) fn delimiter_from_path(path: &Path) -> Option<u8> {
    let ext = path.extension()?.to_str()?;
    (ext.eq_ignore_ascii_case("tsv") || ext.eq_ignore_ascii_case("tab")).then_some(b'\t')
}

/// How the bytes of every input are read, as the user named it on the command line; what was not
/// named is told per file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// The column separator of CSV input (`--delimiter`). Otherwise a tab for `.tsv` and `.tab`,
    /// else the one the header line shows.
    pub delimiter: Option<u8>,
    /// The encoding of input without a byte-order mark (`--encoding`). Otherwise UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// The most bytes a record may take (`--max-record-size`). Otherwise [`MAX_RECORD`].
    pub max_record: Option<u64>,
}

/// The most bytes one record may take unless `--max-record-size` says otherwise: generous for
/// any record (a notes column of a few pages), and far below what would exhaust memory.
pub const MAX_RECORD: u64 = 16 << 20;

impl Reading {
    /// The most bytes a record may take.
    pub fn max_record(&self) -> u64 {
        self.max_record.unwrap_or(MAX_RECORD)
    }

    /// The delimiter for the file at `path`: the one named, else the one its name implies.
    pub(super) fn for_path(self, path: &Path) -> Reading {
        Reading {
            delimiter: self.delimiter.or_else(|| delimiter_from_path(path)),
            ..self
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
    /// The delimiter and encoding the user named, if any.
    pub reading: Reading,
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

    /// Its size in bytes, when it is a file.
    pub fn size(&self) -> Option<u64> {
        match &self.origin {
            Origin::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Origin::Builtin { bytes, .. } => Some(bytes.len() as u64),
            Origin::Stdin { .. } => None,
        }
    }

    /// Opens the file and returns a reader of its rows.
    pub fn open(&self) -> Result<Box<dyn RowReader>> {
        Ok(match self.open_text()? {
            Opened::Csv(rows, _) => rows,
            Opened::Ndjson(rows, _) => rows,
            Opened::Other(rows) => rows,
        })
    }

    /// Opens the file, keeping a CSV reader's type, with whether its bytes are read as they are
    /// (UTF-8, not decoded): what reading it in pieces needs.
    pub(super) fn open_text(&self) -> Result<Opened> {
        if let Some(sheet) = &self.sheet {
            return Ok(Opened::Other(Box::new(
                sheet.rows(self.kind, &self.mapping)?,
            )));
        }
        let name = self.display_name();
        let (reader, path): (Box<dyn Read>, Option<&Path>) = match &self.origin {
            Origin::File(path) => {
                let file =
                    File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
                (Box::new(file), Some(path))
            }
            Origin::Stdin { head } => (
                Box::new(io::Cursor::new(head.clone()).chain(io::stdin().lock())),
                None,
            ),
            Origin::Builtin { name, bytes } => (Box::new(*bytes), Some(Path::new(name))),
        };
        let reading = match path {
            Some(path) => self.reading.for_path(path),
            None => self.reading,
        };
        let cannot_read = |e| Error::io(format!("cannot read {name}"), e);
        // The first bytes say whether this is text at all: a workbook, or a PDF named .csv,
        // must never reach the text readers, which would echo its bytes in their messages.
        let mut reader = reader;
        let head = read_head(&mut *reader).map_err(cannot_read)?;
        let forced = self.format.or(path.and_then(Format::from_path));
        if sheet::read_whole(&head) || forced.is_some_and(Format::is_workbook) {
            let bytes = sheet::read_rest(head, &mut *reader).map_err(cannot_read)?;
            return match sheet::recognise(&bytes) {
                Content::Workbook(format) => {
                    let sheet = Sheet::open(&name, bytes, format, Some(self.kind), &[])?;
                    Ok(Opened::Other(Box::new(
                        sheet.rows(self.kind, &self.mapping)?,
                    )))
                }
                Content::Other(what, fix) => Err(sheet::not_records(&name, what, fix)),
                Content::Text => Err(sheet::not_a_workbook(&name, forced.unwrap_or(Format::Xlsx))),
            };
        }
        if let Content::Other(what, fix) = sheet::recognise(&head) {
            return Err(sheet::not_records(&name, what, fix));
        }
        let mut ahead = Ahead { head, rest: reader };
        ahead.read_to(text_head_complete).map_err(cannot_read)?;
        let encoding = match text_encoding(&ahead.head, reading.encoding) {
            TextEncoding::Utf8 => None,
            TextEncoding::Decode(encoding) => {
                ahead = Ahead {
                    head: Vec::new(),
                    rest: Box::new(Decode::new(ahead.into_reader(), encoding)),
                };
                Some(encoding)
            }
            TextEncoding::Utf16WithoutBom(encoding) => {
                return Err(Error::Input {
                    file: name,
                    line: None,
                    message: utf16_without_bom(encoding),
                });
            }
        };
        let format = match forced {
            // A JSON array read as one object per line would reject each of its lines as
            // malformed: the records would all be refused for what is only the file's name.
            Some(Format::Ndjson) if ahead.format().map_err(cannot_read)? == Format::Json => {
                return Err(Error::Input {
                    file: name,
                    line: None,
                    message: "this is a JSON array ([{…}, {…}]), not one JSON object per line: name it .json or use --input-format json".into(),
                });
            }
            Some(format) => format,
            None => ahead.format().map_err(cannot_read)?,
        };
        let boxed = |rows: Box<dyn RowReader>| Ok(Opened::Other(rows));
        match format {
            Format::Csv => {
                let delimiter = match reading.delimiter {
                    Some(delimiter) => delimiter,
                    None => ahead.delimiter().map_err(cannot_read)?,
                };
                let reader = BufReader::with_capacity(1 << 16, ahead.into_reader());
                let dialect = Dialect {
                    delimiter,
                    encoding,
                    max_record: reading.max_record(),
                };
                let rows = csv::CsvRows::mapped(reader, self.kind, name, &self.mapping, dialect)?;
                Ok(Opened::Csv(Box::new(rows), encoding.is_none()))
            }
            Format::Json => {
                let reader = BufReader::with_capacity(1 << 16, ahead.into_reader());
                boxed(Box::new(
                    json::JsonRows::array(reader, self.kind, name)
                        .mapped(Arc::clone(&self.mapping))
                        .bounded(reading.max_record()),
                ))
            }
            Format::Ndjson => {
                let reader = BufReader::with_capacity(1 << 16, ahead.into_reader());
                let rows = json::JsonRows::lines(reader, self.kind, name)
                    .mapped(Arc::clone(&self.mapping))
                    .bounded(reading.max_record());
                Ok(Opened::Ndjson(Box::new(rows), encoding.is_none()))
            }
            Format::Xlsx | Format::Xls | Format::Ods => unreachable!("workbooks are read above"),
        }
    }

    /// Names where `problem` is in spreadsheet terms when this input is a workbook: the file as
    /// named, the sheet, and the cell. Nothing changes for text files.
    pub fn locate(&self, problem: &mut Problem) {
        if let Some(sheet) = &self.sheet {
            sheet.locate(self.kind, problem);
        }
    }
}

/// An opened file: a CSV or an NDJSON reader, with whether its bytes are read as they are, or
/// another reader.
pub(super) enum Opened {
    Csv(Box<csv::CsvRows<BufReader<Box<dyn Read>>>>, bool),
    Ndjson(Box<json::JsonRows<BufReader<Box<dyn Read>>>>, bool),
    Other(Box<dyn RowReader>),
}

/// The name standard input goes by, in problems and as a dataset.
pub const STDIN: &str = "<stdin>";

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

/// The start of an input, read ahead to decide how to read it, and the rest. Nothing is dropped:
/// the head is read again before the rest.
struct Ahead {
    head: Vec<u8>,
    rest: Box<dyn Read>,
}

impl Ahead {
    /// Reads on until `enough(head)` holds, or to the end of the input.
    fn read_to(&mut self, enough: impl Fn(&[u8]) -> bool) -> io::Result<()> {
        while !enough(&self.head) {
            if read_more(&mut *self.rest, &mut self.head)? == 0 {
                break;
            }
        }
        Ok(())
    }

    /// The format the first bytes show. A slow producer may send the leading spaces of a
    /// pretty-printed JSON document on their own: the format shows at the first byte that is not
    /// white space.
    fn format(&mut self) -> io::Result<Format> {
        self.read_to(|head| {
            let text = head.strip_prefix(UTF8_BOM).unwrap_or(head);
            text.iter().any(|b| !b.is_ascii_whitespace())
        })?;
        Ok(Format::sniff(&self.head))
    }

    /// The CSV separator the header line shows, once it is read whole.
    fn delimiter(&mut self) -> io::Result<u8> {
        self.read_to(|head| csv::header_line(head, false).is_some() || head.len() >= HEADER_LIMIT)?;
        Ok(csv::header_line(&self.head, true).map_or(b',', csv::sniff_delimiter))
    }

    fn into_reader(self) -> Box<dyn Read> {
        if self.head.is_empty() {
            self.rest
        } else {
            Box::new(io::Cursor::new(self.head).chain(self.rest))
        }
    }
}

/// The most read ahead to find the header line and tell the delimiter from it.
const HEADER_LIMIT: usize = 1 << 20;

/// The byte-order mark of UTF-8, which the readers skip.
pub(super) const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// How many bytes [`text_encoding`] looks at (fewer only at the end of the input).
pub(super) const TEXT_HEAD: usize = 64;

/// Whether `head` is enough to tell the encoding: [`TEXT_HEAD`] bytes, or a whole first line
/// (a header read from a slow pipe must not wait for more).
pub(super) fn text_head_complete(head: &[u8]) -> bool {
    head.len() >= TEXT_HEAD || (head.len() >= 4 && head.contains(&b'\n'))
}

/// How an input's bytes become UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TextEncoding {
    /// Read as they are: UTF-8, with or without its byte-order mark (the readers skip it). A
    /// byte that is not UTF-8 is a problem of the cell it is in.
    Utf8,
    /// Decoded from this encoding, which a byte-order mark or the user named.
    Decode(&'static Encoding),
    /// No byte-order mark and no encoding named, but every second byte is 0: UTF-16 text
    /// (little- or big-endian, as named), which is refused rather than read as garbage.
    Utf16WithoutBom(&'static Encoding),
}

/// How to read an input whose first bytes are `head` (at least [`TEXT_HEAD`] of them, unless the
/// input is shorter), `named` being the encoding the user named. A byte-order mark wins over the
/// name, as in the WHATWG Encoding Standard: it cannot be there by chance.
pub(super) fn text_encoding(head: &[u8], named: Option<&'static Encoding>) -> TextEncoding {
    match Encoding::for_bom(head) {
        Some((encoding, _)) if encoding == encoding_rs::UTF_8 => return TextEncoding::Utf8,
        Some((encoding, _)) => return TextEncoding::Decode(encoding),
        None => {}
    }
    match named {
        Some(encoding) if encoding != encoding_rs::UTF_8 => return TextEncoding::Decode(encoding),
        Some(_) => return TextEncoding::Utf8,
        None => {}
    }
    // UTF-16 text of ASCII characters (a header, JSON punctuation) has a 0 in every second byte;
    // UTF-8 text has none.
    let head = &head[..head.len().min(TEXT_HEAD) & !1];
    if head.len() < 8 {
        return TextEncoding::Utf8;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = head.len() / 4;
    match (even, odd) {
        (0, odd) if odd >= half => TextEncoding::Utf16WithoutBom(encoding_rs::UTF_16LE),
        (even, 0) if even >= half => TextEncoding::Utf16WithoutBom(encoding_rs::UTF_16BE),
        _ => TextEncoding::Utf8,
    }
}

/// Why a UTF-16 file without a byte-order mark is not read, and how to read it.
pub(super) fn utf16_without_bom(encoding: &'static Encoding) -> String {
    format!(
        "it looks like {} text without a byte-order mark (every second byte is 0): read it with --encoding {}, or save it as UTF-8",
        encoding.name(),
        encoding.name().to_ascii_lowercase()
    )
}

/// What stands for a byte sequence that is no character in the file's encoding: a byte that
/// is never UTF-8, so that the cell holding it is a problem (`invalid-text`, naming the
/// encoding), as a byte that is not UTF-8 is in a UTF-8 file, rather than a replacement
/// character that would pass for text.
pub(super) const UNDECODABLE: u8 = 0xff;

/// Decodes `src` from `decoder`'s encoding onto the end of `out`; `last`: the input ends there.
pub(super) fn decode(
    decoder: &mut encoding_rs::Decoder,
    mut src: &[u8],
    out: &mut Vec<u8>,
    last: bool,
) {
    loop {
        let start = out.len();
        // Room for all of `src` (less only if that overflows: the decoder then says it is full).
        let room = decoder
            .max_utf8_buffer_length_without_replacement(src.len())
            .map_or(8, |room| room.max(8));
        out.resize(start + room, 0);
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(src, &mut out[start..], last);
        out.truncate(start + written);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => return,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(..) => out.push(UNDECODABLE),
        }
    }
}

/// A reader of the UTF-8 text decoded from another encoding. Line breaks stay line breaks, so
/// the readers' line numbers are those of the file. Used only when a byte-order mark or
/// `--encoding` asks for it: UTF-8, the usual case, is read as it is.
struct Decode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Box<[u8]>,
    /// Decoded text not yet handed over, from `at`.
    out: Vec<u8>,
    at: usize,
    finished: bool,
}

impl<R: Read> Decode<R> {
    /// Decodes `inner`, dropping a byte-order mark of `encoding` at its start.
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decode {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            raw: vec![0; 1 << 16].into_boxed_slice(),
            out: Vec::new(),
            at: 0,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.finished {
                return Ok(0);
            }
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            self.out.clear();
            self.at = 0;
            // Once told the input ends, the decoder must not be used again.
            self.finished = n == 0;
            decode(
                &mut self.decoder,
                &self.raw[..n],
                &mut self.out,
                self.finished,
            );
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
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
    pub fn for_each_row(
        &self,
        progress: &FileProgress,
        mut each: impl FnMut(&Row) -> Result<()>,
    ) -> Result<Vec<String>> {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<Row>>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut reader = match self.open() {
                    Ok(reader) => reader,
                    Err(e) => return drop(full_tx.send(Batch::Failed(e))),
                };
                let mut consumed = 0;
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
                    let read = reader.consumed().unwrap_or(consumed);
                    progress.advance(filled as u64, read.saturating_sub(consumed));
                    consumed = read;
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

    fn ahead(pieces: Vec<&'static [u8]>) -> Ahead {
        Ahead {
            head: Vec::new(),
            rest: Box::new(Trickle(pieces)),
        }
    }

    fn read_all(reader: impl Read) -> Vec<u8> {
        let mut out = Vec::new();
        let mut reader = reader;
        reader.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn the_format_is_recognised_past_leading_white_space_that_arrives_alone() {
        let mut head = ahead(vec![
            b"\xef\xbb\xbf",
            b"  \n",
            b"\t",
            b"[{\"a\": 1}]",
            b"\n",
        ]);
        assert_eq!(head.format().unwrap(), Format::Json);
        assert_eq!(
            read_all(head.into_reader()),
            b"\xef\xbb\xbf  \n\t[{\"a\": 1}]\n",
            "nothing is dropped"
        );
        assert_eq!(ahead(vec![b" ", b"{"]).format().unwrap(), Format::Ndjson);
        assert_eq!(ahead(vec![b" \n"]).format().unwrap(), Format::Csv);
        assert_eq!(Format::sniff(b"arrest_id,date"), Format::Csv);
    }

    #[test]
    fn the_delimiter_is_told_from_the_header_line_read_whole() {
        let mut head = ahead(vec![b"\n\narrest_id;da", b"te;khan\r", b"\nA-1;x;y\n"]);
        assert_eq!(head.delimiter().unwrap(), b';');
        assert_eq!(
            read_all(head.into_reader()),
            b"\n\narrest_id;date;khan\r\nA-1;x;y\n",
            "nothing is dropped"
        );
        assert_eq!(ahead(vec![b"a\tb\tc"]).delimiter().unwrap(), b'\t');
        assert_eq!(ahead(vec![]).delimiter().unwrap(), b',');
        assert_eq!(delimiter_from_path(Path::new("x/arrests.TSV")), Some(b'\t'));
        assert_eq!(delimiter_from_path(Path::new("arrests.csv")), None);
        for name in ["a.csv", "a.tsv", "a.tab"] {
            assert_eq!(Format::from_path(Path::new(name)), Some(Format::Csv));
        }
        assert_eq!(Format::from_path(Path::new("arrests.txt")), None);
    }

    #[test]
    fn the_encoding_is_told_by_a_byte_order_mark_then_the_name_then_utf8() {
        use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1252};
        let utf16le = b"\xff\xfea\x00,\x00b\x00";
        assert_eq!(text_encoding(utf16le, None), TextEncoding::Decode(UTF_16LE));
        assert_eq!(
            text_encoding(b"\xfe\xff\x00a", Some(WINDOWS_1252)),
            TextEncoding::Decode(UTF_16BE),
            "a byte-order mark wins"
        );
        assert_eq!(
            text_encoding(b"\xef\xbb\xbfa,b", Some(SHIFT_JIS)),
            TextEncoding::Utf8
        );
        assert_eq!(
            text_encoding(b"caf\xe9", Some(WINDOWS_1252)),
            TextEncoding::Decode(WINDOWS_1252)
        );
        assert_eq!(text_encoding(b"caf\xe9", None), TextEncoding::Utf8);
        assert_eq!(
            text_encoding(b"a\x00r\x00r\x00e\x00s\x00t\x00", None),
            TextEncoding::Utf16WithoutBom(UTF_16LE)
        );
        assert_eq!(
            text_encoding(b"\x00a\x00r\x00r\x00e\x00s\x00t", None),
            TextEncoding::Utf16WithoutBom(UTF_16BE)
        );
        assert_eq!(
            text_encoding(b"a\x00r\x00r\x00e\x00s\x00t\x00", Some(UTF_16LE)),
            TextEncoding::Decode(UTF_16LE)
        );
        // A stray NUL or two is not UTF-16.
        assert_eq!(
            text_encoding(b"arrest_id\x00,date\x00", None),
            TextEncoding::Utf8
        );
    }

    #[test]
    fn decoding_keeps_every_line_break_and_marks_what_is_no_character() {
        let text = "arrest_id,notes\r\nA-1,café 🚨\nA-2,\"two\rlines\"\n";
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        // Handed over one byte at a time, so that characters are split across reads.
        let pieces: Vec<&'static [u8]> = utf16.leak().chunks(1).collect();
        let decoded = read_all(Decode::new(Trickle(pieces), encoding_rs::UTF_16LE));
        assert_eq!(decoded, text.as_bytes());
        // A lone surrogate in UTF-16, an odd byte at the end, a byte Shift_JIS has no use for.
        let lone = read_all(Decode::new(
            &b"a\x00\x00\xd8\n\x00b"[..],
            encoding_rs::UTF_16LE,
        ));
        assert_eq!(lone, b"a\xff\n\xff");
        let sjis = read_all(Decode::new(&b"\x82\xa0,\xa0\n"[..], encoding_rs::SHIFT_JIS));
        assert_eq!(sjis, b"\xe3\x81\x82,\xff\n");
        // A small buffer gets the text a piece at a time.
        let mut reader = Decode::new(&b"caf\xe9"[..], encoding_rs::WINDOWS_1252);
        let mut byte = [0u8; 1];
        let mut out = Vec::new();
        while reader.read(&mut byte).unwrap() == 1 {
            out.push(byte[0]);
        }
        assert_eq!(out, "café".as_bytes());
    }
}

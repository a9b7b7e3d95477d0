//! Workbooks: .xlsx and .xlsm (Excel), .xls (Excel 97–2003) and .ods (LibreOffice, OpenOffice),
//! read with calamine, and the first bytes that tell a workbook, or a file that is no records at
//! all (a PDF, a Word document, a ZIP archive), from text.
//!
//! A workbook is opened while the dataset is resolved, so that the sheet to read is chosen, and
//! named in every problem, before any row is read. Its sheet is loaded whole when it is read (a
//! workbook is compressed XML or a binary file: calamine reads a sheet at once), and its rows are
//! then handed over one at a time like CSV rows: the first non-empty row is the header, and each
//! row's line is its row number as the spreadsheet shows it.

use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::sync::{Arc, Mutex, OnceLock};

use calamine::{
    Data, DataType, ExcelDateTime, ExcelDateTimeType, Range, Reader, SheetType, SheetVisible,
};

use super::header::{Header, field_of, own_field, unnamed};
use super::mapping::Mapping;
use super::{CellProblem, Format, Input, Origin, Row, RowReader, kind_from_name};
use crate::error::{Code, Error, Problem, Result, SheetPlace};
use crate::model::Kind;
use crate::text::quote;

/// What `--sheet` names: a sheet (by name, in any case, or by number, 1 being the first), for
/// every workbook read or for the workbook of one kind (`arrests=Arrests`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetChoice {
    pub kind: Option<Kind>,
    pub sheet: String,
}

impl SheetChoice {
    /// Reads `NAME`, `NUMBER` or `KIND=NAME` (KIND singular or plural, any case).
    pub fn parse(text: &str) -> Result<SheetChoice, String> {
        let (kind, sheet) = match text.split_once('=') {
            Some((kind, sheet)) => {
                let word = kind.trim().to_lowercase();
                let kind = Kind::ALL
                    .into_iter()
                    .find(|k| word == k.name() || word == k.singular());
                match kind {
                    Some(kind) => (Some(kind), sheet),
                    // A sheet may have `=` in its name; only a kind before it makes it KIND=.
                    None => (None, text),
                }
            }
            None => (None, text),
        };
        if sheet.trim().is_empty() {
            return Err(
                "expected a sheet's name or number (1 is the first), or KIND=SHEET, such as arrests=Arrests"
                    .into(),
            );
        }
        Ok(SheetChoice {
            kind,
            sheet: sheet.trim().to_owned(),
        })
    }

    fn flag(&self) -> String {
        match self.kind {
            Some(kind) => format!(
                "--sheet {}",
                shell_word(&format!("{}={}", kind.name(), self.sheet))
            ),
            None => format!("--sheet {}", shell_word(&self.sheet)),
        }
    }
}

/// Refuses two choices for the same workbooks: two plain ones, or two for one kind.
pub(super) fn check_choices(choices: &[SheetChoice]) -> Result<()> {
    for (i, a) in choices.iter().enumerate() {
        if let Some(b) = choices[..i].iter().find(|b| b.kind == a.kind) {
            let whom = match a.kind {
                Some(kind) => format!("the {} workbook", kind.name()),
                None => "every workbook".to_owned(),
            };
            return Err(Error::Usage(format!(
                "{} and {} both choose the sheet of {whom}: give one",
                b.flag(),
                a.flag()
            )));
        }
    }
    Ok(())
}

/// The choice that applies to the workbook of `kind`: its own, else the one for every workbook.
fn choice_for(choices: &[SheetChoice], kind: Option<Kind>) -> Option<&SheetChoice> {
    kind.and_then(|k| choices.iter().find(|c| c.kind == Some(k)))
        .or_else(|| choices.iter().find(|c| c.kind.is_none()))
}

/// Refuses a `--sheet` that chose the sheet of no workbook read: it would change nothing.
pub(super) fn check_used(choices: &[SheetChoice], workbooks: &[Option<Kind>]) -> Result<()> {
    for choice in choices {
        let used = match choice.kind {
            Some(kind) => workbooks.contains(&Some(kind)),
            None => workbooks
                .iter()
                .any(|&k| k.is_none_or(|k| !choices.iter().any(|c| c.kind == Some(k)))),
        };
        if !used {
            let what = match choice.kind {
                // A workbook whose kind was told from its header had its sheet chosen before
                // its kind was known.
                Some(kind) => format!(
                    "no workbook (.xlsx, .xlsm, .xls or .ods) is read as {} by its name or --{}; a workbook whose records are told from its header takes --sheet NAME",
                    kind.name(),
                    kind.name()
                ),
                None if workbooks.is_empty() => {
                    "no input is a workbook (.xlsx, .xlsm, .xls or .ods)".to_owned()
                }
                None => "every workbook read has a sheet chosen for its kind".to_owned(),
            };
            return Err(Error::Usage(format!(
                "{} chooses a sheet, but {what}",
                choice.flag()
            )));
        }
    }
    Ok(())
}

/// What the first bytes of an input say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Content {
    /// Text: CSV, JSON or NDJSON (or something else that the readers will refuse on its own).
    Text,
    /// A workbook of this format.
    Workbook(Format),
    /// A file that holds no records: what it looks like ("a PDF document"), and what to do
    /// about it, if anything can be done ("decompress it first").
    Other(&'static str, &'static str),
}

/// Signatures of files that are certainly not records, with what they are. A ZIP archive or an
/// OLE compound file may be a workbook and is looked into by [`recognise`] instead.
const NOT_RECORDS: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program, not a document"),
    (b"MZ", "a Windows program, not a document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
];

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// The most of the start of an input that [`recognise`] needs when it is not a ZIP archive or an
/// OLE file (those are read whole).
pub(super) const HEAD: usize = 16;

/// Whether an input starting with `head` must be read whole to be recognised: a ZIP archive or an
/// OLE compound file, which may be a workbook.
pub(super) fn read_whole(head: &[u8]) -> bool {
    head.starts_with(ZIP) || head.starts_with(OLE)
}

/// What an input is, from its bytes: all of them for a ZIP archive or an OLE file (see
/// [`read_whole`]), else its first [`HEAD`] bytes or more.
pub(super) fn recognise(bytes: &[u8]) -> Content {
    let find = |what: &[u8]| memchr::memmem::find(bytes, what).is_some();
    if bytes.starts_with(ZIP) {
        // An OpenDocument file starts with an uncompressed entry "mimetype" naming its type.
        let extra = bytes
            .get(28..30)
            .map_or(0, |b| usize::from(b[0]) | usize::from(b[1]) << 8);
        if bytes.get(30..38) == Some(b"mimetype") {
            let mime = bytes.get(38 + extra..).unwrap_or_default();
            let mime = &mime[..mime.len().min(80)];
            let is = |what: &[u8]| mime.starts_with(what);
            return if is(b"application/vnd.oasis.opendocument.spreadsheet") {
                Content::Workbook(Format::Ods)
            } else if is(b"application/vnd.oasis.opendocument.text") {
                Content::Other("an OpenDocument text document (.odt)", "")
            } else if is(b"application/vnd.oasis.opendocument.presentation") {
                Content::Other("an OpenDocument presentation (.odp)", "")
            } else if is(b"application/epub") {
                Content::Other("an e-book (EPUB)", "")
            } else {
                Content::Other("an OpenDocument file that is no spreadsheet", "")
            };
        }
        // Office Open XML: the entry names (stored as they are) say which application.
        return if find(b"xl/workbook.xml") {
            Content::Workbook(Format::Xlsx)
        } else if find(b"xl/workbook.bin") {
            Content::Other("an Excel binary workbook (.xlsb)", "save it as .xlsx")
        } else if find(b"word/document.xml") {
            Content::Other("a Word document (.docx)", "")
        } else if find(b"ppt/presentation.xml") {
            Content::Other("a PowerPoint presentation (.pptx)", "")
        } else {
            Content::Other("a ZIP archive", "unpack it and name the files inside")
        };
    }
    if bytes.starts_with(OLE) {
        // The streams of an OLE file are named in UTF-16.
        let utf16 =
            |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        return if find(&utf16("WordDocument")) {
            Content::Other("a Word 97–2003 document (.doc)", "")
        } else if find(&utf16("PowerPoint Document")) {
            Content::Other("a PowerPoint 97–2003 presentation (.ppt)", "")
        } else {
            Content::Workbook(Format::Xls)
        };
    }
    if let Some((_, what)) = NOT_RECORDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        let fix = if what.ends_with("compressed file") {
            "decompress it first"
        } else {
            ""
        };
        return Content::Other(what, fix);
    }
    let text = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii_start();
    let lower: Vec<u8> = text.iter().take(15).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Content::Other(
            "an HTML page",
            "some web tools save a table as HTML named .xls: open it in a spreadsheet and save it as .xlsx or CSV",
        );
    }
    Content::Text
}

/// The refusal of a file that holds no records: what it looks like, and the fix if there is one.
pub(super) fn not_records(file: &str, what: &str, fix: &str) -> Error {
    let fix = if fix.is_empty() {
        String::new()
    } else {
        format!("; {fix}")
    };
    Error::Input {
        file: file.to_owned(),
        line: None,
        message: format!(
            "looks like {what}, not records (crackdown reads CSV, JSON, NDJSON, .xlsx, .xlsm, .xls and .ods){fix}"
        ),
    }
}

/// The refusal of text where a workbook was expected (by its extension or `--input-format`).
pub(super) fn not_a_workbook(file: &str, format: Format) -> Error {
    Error::Input {
        file: file.to_owned(),
        line: None,
        message: format!(
            "holds text, not an .{} workbook: if it is CSV, JSON or NDJSON, give it that extension or pass --input-format csv, json or ndjson",
            format.name()
        ),
    }
}

/// A workbook as calamine reads it, and its date system.
struct Book {
    sheets: calamine::Sheets<Cursor<Vec<u8>>>,
    /// Serial dates count days from 1904-01-01 (old Excel for the Mac), not from 1899-12-30.
    epoch_1904: bool,
    /// The chosen sheet, once loaded to tell the kind of the records from its header.
    range: Option<Range<Data>>,
}

/// The sheet of a workbook that one input reads: opened while the dataset is resolved, read
/// when the input is. Shared by the clones of its [`Input`](super::Input).
pub struct Sheet {
    /// The workbook file as named (`arrests.xlsx`), or `<stdin>`.
    pub file: String,
    /// The sheet's name as the workbook spells it.
    pub name: String,
    /// Whether the sheet is the first one because no `--sheet` chose one.
    by_default: bool,
    /// The kind of records it was chosen for; `None` when the kind was told from its header
    /// afterwards (then only a `--sheet` for every workbook applies).
    pub(super) chosen_for: Option<Kind>,
    /// The names of the workbook's worksheets, in order, for messages.
    sheets: Vec<String>,
    /// Taken when the sheet is read; read again from the file if the input is read twice.
    book: Mutex<Option<Book>>,
    /// The letter of the column holding each field of the kind, once the header is read, to
    /// name the cell of a problem.
    letters: OnceLock<Vec<Option<String>>>,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("file", &self.file)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Sheet {
    /// Opens `bytes` as a workbook (of the format its content tells), or refuses them: a file
    /// that holds no records, or text where `forced` (the extension or `--input-format`) says
    /// a workbook.
    pub(super) fn from_bytes(
        file: &str,
        bytes: Vec<u8>,
        forced: Option<Format>,
        kind: Option<Kind>,
        choices: &[SheetChoice],
    ) -> Result<Arc<Sheet>> {
        if bytes.is_empty() {
            return Err(Error::Input {
                file: file.to_owned(),
                line: None,
                message: "the file is empty: expected a workbook".into(),
            });
        }
        match recognise(&bytes) {
            Content::Workbook(format) => Sheet::open(file, bytes, format, kind, choices),
            Content::Other(what, fix) => Err(not_records(file, what, fix)),
            Content::Text => Err(not_a_workbook(file, forced.unwrap_or(Format::Xlsx))),
        }
    }

    /// Opens the workbook `bytes` (of `format`, told from its content) and chooses its sheet for
    /// the records of `kind` (`None`: not yet known).
    pub(super) fn open(
        file: &str,
        bytes: Vec<u8>,
        format: Format,
        kind: Option<Kind>,
        choices: &[SheetChoice],
    ) -> Result<Arc<Sheet>> {
        let book = open_book(file, bytes, format)?;
        let metadata = book.sheets.sheets_metadata();
        // Chart sheets hold no cells; they are neither chosen nor listed.
        let worksheets: Vec<&calamine::Sheet> = metadata
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .collect();
        let sheets: Vec<String> = worksheets.iter().map(|s| s.name.clone()).collect();
        let listed = || list(&sheets);
        let (name, by_default) = match choice_for(choices, kind) {
            None => {
                // The first sheet the spreadsheet shows: a hidden one is not what people see first.
                let first = worksheets
                    .iter()
                    .find(|s| s.visible == SheetVisible::Visible)
                    .or(worksheets.first())
                    .ok_or_else(|| Error::Input {
                        file: file.to_owned(),
                        line: None,
                        message: "the workbook holds no worksheet".into(),
                    })?;
                (first.name.clone(), true)
            }
            Some(choice) => {
                let wanted = choice.sheet.as_str();
                let by_name = sheets
                    .iter()
                    .find(|s| s.trim().to_lowercase() == wanted.to_lowercase());
                let by_number = wanted
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| sheets.get(i));
                match by_name.or(by_number) {
                    Some(name) => (name.clone(), false),
                    None => {
                        let what = if wanted.bytes().all(|b| b.is_ascii_digit()) {
                            format!(
                                "has {} sheet{}, so {} names none",
                                sheets.len(),
                                if sheets.len() == 1 { "" } else { "s" },
                                choice.flag()
                            )
                        } else {
                            format!("has no sheet {}", quote(wanted))
                        };
                        return Err(Error::Usage(format!(
                            "{file} {what}; its sheets are: {}",
                            listed()
                        )));
                    }
                }
            }
        };
        Ok(Arc::new(Sheet {
            file: file.to_owned(),
            name,
            by_default,
            chosen_for: kind,
            sheets,
            book: Mutex::new(Some(book)),
            letters: OnceLock::new(),
        }))
    }

    /// The name problems use: `arrests.xlsx, sheet "Arrests"`.
    pub fn display_name(&self) -> String {
        format!("{}, sheet {}", self.file, quote(&self.name))
    }

    /// The header of the sheet, read to tell the kind of its records.
    pub(super) fn header_names(&self) -> Result<Vec<String>> {
        let mut guard = self.book.lock().unwrap_or_else(|e| e.into_inner());
        let book = guard
            .as_mut()
            .expect("a sheet is looked at before it is read");
        if book.range.is_none() {
            book.range = Some(load(book, &self.file, &self.name)?);
        }
        let range = book.range.as_ref().expect("loaded");
        Ok(range
            .rows()
            .find(|row| !row.iter().all(is_blank))
            .map(|row| row.iter().map(header_text).collect())
            .unwrap_or_default())
    }

    /// The message when the kind of the records cannot be told from the sheet's header `names`.
    pub(super) fn cannot_tell(&self, names: &[String]) -> String {
        if self.by_default && self.sheets.len() > 1 && names.iter().all(|n| !is_field(n)) {
            return self.no_records("NAME");
        }
        let first = super::sniff::First::Names {
            format: Format::Xlsx,
            names: names.to_vec(),
        };
        super::sniff::cannot_tell(&self.display_name(), &first, &self.file)
    }

    /// The first sheet, chosen by default, holds no records: which sheets there are, and how to
    /// choose one (`NAME`, or the sheet named like the records).
    fn no_records(&self, suggestion: &str) -> String {
        format!(
            "{} holds no records on its first sheet {}; its sheets are: {}: pass --sheet {suggestion}",
            self.file,
            quote(&self.name),
            list(&self.sheets),
        )
    }

    /// A reader of the sheet's records of `kind`.
    pub(super) fn rows(&self, kind: Kind, mapping: &Mapping) -> Result<SheetRows> {
        let taken = self.book.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut book = match taken {
            Some(book) => book,
            None => {
                // Read a second time: only a file can be.
                if self.file == super::input::STDIN {
                    return Err(Error::Usage(
                        "standard input (-) can be read only once".into(),
                    ));
                }
                let bytes = std::fs::read(&self.file)
                    .map_err(|e| Error::io(format!("cannot read {}", self.file), e))?;
                let Content::Workbook(format) = recognise(&bytes) else {
                    return Err(Error::io(
                        format!("cannot read {}", self.file),
                        std::io::Error::other("it changed while it was read"),
                    ));
                };
                open_book(&self.file, bytes, format)?
            }
        };
        let range = match book.range.take() {
            Some(range) => range,
            None => load(&mut book, &self.file, &self.name)?,
        };
        let epoch_1904 = book.epoch_1904;
        // The rest of the workbook (other sheets, the compressed file) is not needed any more.
        drop(book);
        SheetRows::new(self, range, kind, epoch_1904, mapping)
    }

    /// Where `problem` is in spreadsheet terms: the file as named, the sheet, and the cell.
    pub(super) fn locate(&self, kind: Kind, problem: &mut Problem) {
        problem.file.clone_from(&self.file);
        let letter = problem
            .column
            .as_deref()
            .and_then(|column| own_field(kind, column))
            .and_then(|field| self.letters.get()?.get(field)?.clone());
        problem.sheet = Some(SheetPlace {
            sheet: self.name.clone(),
            cell: letter.as_ref().map(|l| format!("{l}{}", problem.line)),
            letter,
        });
    }
}

/// Whether `name` is a field of any kind.
fn is_field(name: &str) -> bool {
    Kind::ALL
        .into_iter()
        .any(|kind| own_field(kind, name).is_some())
}

/// `"Notes", "Arrests", "Inspections"`
fn list(sheets: &[String]) -> String {
    sheets
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn open_book(file: &str, bytes: Vec<u8>, format: Format) -> Result<Book> {
    let cannot = |what: &str, e: &dyn std::fmt::Display| Error::Input {
        file: file.to_owned(),
        line: None,
        message: format!(
            "cannot be read as {what} ({e}): it may be damaged, cut short or protected by a password; open it in a spreadsheet and save it again"
        ),
    };
    let what = match format {
        Format::Xls => "an Excel 97–2003 workbook",
        Format::Ods => "an OpenDocument spreadsheet",
        _ => "an Excel workbook",
    };
    let cursor = Cursor::new(bytes);
    let opened = guarded(move || match format {
        Format::Xls => calamine::Xls::new(cursor)
            .map(|book| {
                let epoch = book.has_1904_epoch();
                (calamine::Sheets::Xls(book), epoch)
            })
            .map_err(|e| e.to_string()),
        // LibreOffice counts serial dates from 1899-12-30, as Excel does from March 1900.
        Format::Ods => calamine::Ods::new(cursor)
            .map(|book| (calamine::Sheets::Ods(book), false))
            .map_err(|e| e.to_string()),
        _ => calamine::Xlsx::new(cursor)
            .map(|book| {
                let epoch = book.has_1904_epoch();
                (calamine::Sheets::Xlsx(book), epoch)
            })
            .map_err(|e| e.to_string()),
    });
    let (sheets, epoch_1904) = match opened {
        Some(Ok(opened)) => opened,
        Some(Err(e)) => return Err(cannot(what, &e)),
        None => return Err(cannot(what, &"a part of it is malformed")),
    };
    Ok(Book {
        sheets,
        epoch_1904,
        range: None,
    })
}

fn load(book: &mut Book, file: &str, sheet: &str) -> Result<Range<Data>> {
    let cannot = |e: &dyn std::fmt::Display| Error::Input {
        file: format!("{file}, sheet {}", quote(sheet)),
        line: None,
        message: format!("cannot be read: {e}"),
    };
    match guarded(|| book.sheets.worksheet_range(sheet)) {
        Some(Ok(range)) => Ok(range),
        Some(Err(e)) => Err(cannot(&e)),
        None => Err(cannot(
            &"a part of it is malformed: it may be damaged or cut short; open it in a spreadsheet and save it again",
        )),
    }
}

/// Runs `read`, a call into the workbook reader on bytes from the user, and gives `None` where
/// it panics instead of returning an error: some damaged workbooks (an .xls whose sector table
/// points past its end) make the reader index out of bounds, and a damaged file must get a
/// clear error, not a crash. The panic's own message is kept off the terminal meanwhile.
fn guarded<T>(read: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.ok()
}

/// The fields read as dates: a number in them may be a serial date.
const DATE_FIELDS: [&str; 2] = ["date", "filed"];

/// Serial dates taken for dates in a date column when the cell is a plain number: 2000-01-01 to
/// 2099-12-31 in the 1900 date system. Outside these years a number in a date column is more
/// likely something else (a year, a count, a typo) and is left for the date rule to refuse.
const SERIAL_DATES_1900: std::ops::RangeInclusive<f64> = 36526.0..=73050.0;
/// The 1904 date system counts 1462 days fewer.
const EPOCH_1904_SHIFT: f64 = 1462.0;

/// The rows of one sheet, one at a time.
pub(super) struct SheetRows {
    range: Range<Data>,
    /// The index in the range of the next row.
    next: usize,
    /// The absolute index of the range's first row.
    first_row: u32,
    /// For each column of the range, the field it holds.
    columns: Vec<Option<usize>>,
    /// The absolute index of the range's first column.
    first_column: u32,
    /// Bit per field: a date field.
    dates: u64,
    epoch_1904: bool,
    kind: Kind,
    file: String,
    /// Columns with values but no name in the header.
    unnamed: Vec<usize>,
    warned_unnamed: bool,
    warnings: Vec<String>,
    text: String,
}

impl SheetRows {
    fn new(
        sheet: &Sheet,
        range: Range<Data>,
        kind: Kind,
        epoch_1904: bool,
        mapping: &Mapping,
    ) -> Result<SheetRows> {
        let file = sheet.display_name();
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let height = range.height();
        let header = (0..height).find(|&i| !range[i].iter().all(is_blank));
        let no_records = || Error::Usage(sheet.no_records(&suggestion(&sheet.sheets, kind)));
        let Some(header) = header else {
            if sheet.by_default && sheet.sheets.len() > 1 {
                return Err(no_records());
            }
            return Err(Error::Input {
                file,
                line: None,
                message: format!(
                    "the sheet is empty: expected a header row naming the {} columns",
                    kind.name()
                ),
            });
        };
        let line = u64::from(first_row) + header as u64 + 1;
        let names: Vec<String> = range[header].iter().map(header_text).collect();
        // The first sheet of a workbook is often notes or a cover page: when no name in its
        // first row is a field, say which sheets there are rather than which columns are missing.
        if sheet.by_default
            && sheet.sheets.len() > 1
            && names.iter().all(|n| field_of(kind, mapping, n).is_none())
        {
            return Err(no_records());
        }
        let Header {
            columns,
            names,
            warnings,
        } = Header::map(kind, mapping, names, &[], &file, line).map_err(|e| match e {
            // In spreadsheet terms: `arrests.xlsx, sheet "Arrests", row 1: missing …`.
            Error::Input {
                file,
                line: Some(line),
                message,
            } => Error::Input {
                file: format!("{file}, row {line}"),
                line: None,
                message,
            },
            e => e,
        })?;
        let letters = (0..kind.fields().len())
            .map(|field| {
                let i = columns.iter().position(|c| *c == Some(field))?;
                Some(column_letter(first_column + i as u32))
            })
            .collect();
        let _ = sheet.letters.set(letters);
        let unnamed = unnamed(&names);
        let dates = kind
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| DATE_FIELDS.contains(&f.name))
            .fold(0, |bits, (i, _)| bits | 1 << i);
        Ok(SheetRows {
            next: header + 1,
            first_row,
            range,
            columns,
            first_column,
            dates,
            epoch_1904,
            kind,
            file,
            unnamed,
            warned_unnamed: false,
            warnings,
            text: String::new(),
        })
    }
}

/// What to put after `--sheet` in a message: a sheet named like the records' kind, else NAME.
fn suggestion(sheets: &[String], kind: Kind) -> String {
    sheets
        .iter()
        .find(|s| kind_from_name(s) == Some(kind))
        .map(|s| shell_word(s))
        .unwrap_or_else(|| "NAME".to_owned())
}

/// A word as it is typed in a shell: in single quotes when it holds a space or a character the
/// shell would act on (`--sheet 'Arrests Feb'`).
fn shell_word(word: &str) -> String {
    if word.contains(|c: char| c.is_whitespace() || "\"'$&|;<>()*?!`\\#~".contains(c)) {
        format!("'{}'", word.replace('\'', "'\\''"))
    } else {
        word.to_owned()
    }
}

impl RowReader for SheetRows {
    fn next_row(&mut self, row: &mut Row) -> Result<bool> {
        let fields = self.kind.fields();
        while self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            // Rows are numbered from 1, as the spreadsheet shows them.
            let line = u64::from(self.first_row) + index as u64 + 1;
            let cells = &self.range[index];
            if cells.iter().all(is_blank) {
                continue;
            }
            row.clear(fields.len(), line);
            for (i, cell) in cells.iter().enumerate() {
                let Some(Some(field)) = self.columns.get(i).copied() else {
                    if !self.warned_unnamed && self.unnamed.contains(&i) && !is_blank(cell) {
                        self.warned_unnamed = true;
                        self.warnings.push(format!(
                            "{}: column {} has no name in the header; its values (the first in row {line}) are ignored",
                            self.file,
                            column_letter(self.first_column + i as u32)
                        ));
                    }
                    continue;
                };
                self.text.clear();
                let date = self.dates & (1 << field) != 0;
                match cell_text(cell, date, self.epoch_1904, &mut self.text) {
                    Ok(()) => row.set(field, &self.text),
                    Err(error) => row.problems.push(CellProblem {
                        code: Code::CellError,
                        column: Some(fields[field].name.to_owned()),
                        value: Some(error.clone()),
                        reason: format!(
                            "the cell {}{line} holds the error {error} (a formula that failed), not a value: correct the formula, or type the value",
                            column_letter(self.first_column + i as u32)
                        ),
                    }),
                }
            }
            return Ok(true);
        }
        Ok(false)
    }

    fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A header cell as a column name.
fn header_text(cell: &Data) -> String {
    let mut text = String::new();
    // An error in a header cell names no column; it is left empty.
    let _ = cell_text(cell, false, false, &mut text);
    text.trim().to_owned()
}

/// Writes a cell's value as the text a CSV export would hold, or returns the error it holds.
/// `#N/A` ("not available") is the missing-value word it is in text, so it reads as missing.
fn cell_text(
    cell: &Data,
    date_field: bool,
    epoch_1904: bool,
    out: &mut String,
) -> Result<(), String> {
    match cell {
        Data::Empty => {}
        // LibreOffice keeps a formula's error as its text (`#DIV/0!`, `Err:502`): no one types
        // these as a value.
        Data::String(s) if is_error_text(s.trim()) => {
            return Err(s.trim().to_owned());
        }
        Data::String(s) => out.push_str(s),
        // An .xls file stores whole numbers as integers.
        Data::Int(n) if !date_field => {
            let _ = write!(out, "{n}");
        }
        Data::Int(_) | Data::Float(_) => {
            let n = cell.as_f64().unwrap_or_default();
            let serial = if epoch_1904 { n + EPOCH_1904_SHIFT } else { n };
            if date_field && SERIAL_DATES_1900.contains(&serial) {
                let date = ExcelDateTime::new(n, ExcelDateTimeType::DateTime, epoch_1904);
                write_date(&date, out);
            } else {
                // Rust writes the shortest text that reads back as the same number, and whole
                // numbers without a decimal point: 3, not 3.0.
                let _ = write!(out, "{n}");
            }
        }
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(date) => write_date(date, out),
        Data::DateTimeIso(text) | Data::DurationIso(text) => out.push_str(text),
        Data::Error(calamine::CellErrorType::NA) => {}
        Data::Error(error) => return Err(error.to_string()),
    }
    Ok(())
}

/// The errors spreadsheets show in a cell whose formula failed (but `#N/A`, which reads as
/// missing), and LibreOffice's numbered ones (`Err:502`).
fn is_error_text(text: &str) -> bool {
    const ERRORS: [&str; 7] = [
        "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#DATA!",
    ];
    ERRORS.contains(&text)
        || text
            .strip_prefix("Err:")
            .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A date cell as ISO 8601: `2026-02-03`, with its time when it has one
/// (`2026-02-03T14:30:00`, which the date rule reads as the 3rd), a time of day alone when the
/// value is below one day (`14:30:00`), and a duration as its number of days.
fn write_date(date: &ExcelDateTime, out: &mut String) {
    if date.is_duration() {
        let _ = write!(out, "{}", date.as_f64());
        return;
    }
    let (y, m, d, hh, mm, ss, _) = date.to_ymd_hms_milli();
    if date.as_f64() < 1.0 {
        let _ = write!(out, "{hh:02}:{mm:02}:{ss:02}");
    } else if (hh, mm, ss) == (0, 0, 0) {
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    } else {
        let _ = write!(out, "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}");
    }
}

/// The letter(s) of a column as spreadsheets show them: 0 is A, 25 is Z, 26 is AA.
fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Reads the rest of `reader` after `head`, for a workbook (calamine needs the whole file).
pub(super) fn read_rest(mut head: Vec<u8>, reader: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    super::bounded::read_whole(reader, &mut head)?;
    Ok(head)
}

/// Whether an input starting with `head`, in the format `forced` names if any, is to be read as
/// a workbook.
fn is_workbook(head: &[u8], forced: Option<Format>) -> bool {
    read_whole(head) || forced.is_some_and(Format::is_workbook)
}

/// What the start of an input whose kind is not known says.
pub(super) enum Sniffed {
    /// A workbook, with the kind its chosen sheet's header tells.
    Workbook(Kind, Arc<Sheet>),
    /// Text: its first bytes, to be read again before the rest.
    Text(Vec<u8>),
}

/// Reads the start of `reader` (`file`) to tell a workbook, whose kind is then told from its
/// chosen sheet's header, from text; refuses a file that holds no records.
pub(super) fn sniff_workbook(
    file: &str,
    reader: &mut dyn Read,
    forced: Option<Format>,
    choices: &[SheetChoice],
) -> Result<Sniffed> {
    let cannot = |e| Error::io(format!("cannot read {file}"), e);
    let head = super::input::read_head(reader).map_err(cannot)?;
    if !is_workbook(&head, forced) {
        if let Content::Other(what, fix) = recognise(&head) {
            return Err(not_records(file, what, fix));
        }
        return Ok(Sniffed::Text(head));
    }
    let bytes = read_rest(head, reader).map_err(cannot)?;
    let sheet = Sheet::from_bytes(file, bytes, forced, None, choices)?;
    let names = sheet.header_names()?;
    let kind = super::sniff::kind_from_fields(&names)
        .map_err(|_| Error::Usage(sheet.cannot_tell(&names)))?;
    Ok(Sniffed::Workbook(kind, sheet))
}

/// Opens the workbook `input` names and chooses its sheet, or refuses a file that holds no
/// records, before any file is read. Text is left to its reader; standard input keeps what was
/// read of it.
pub(super) fn prepare(input: &mut Input, choices: &[SheetChoice]) -> Result<()> {
    if input.sheet.is_some() {
        return Ok(());
    }
    let name = input.display_name();
    let cannot = |e| Error::io(format!("cannot read {name}"), e);
    let forced = input.format;
    let bytes = match &mut input.origin {
        Origin::Builtin { .. } => return Ok(()),
        Origin::File(path) => {
            let forced = forced.or_else(|| Format::from_path(path));
            let mut file = std::fs::File::open(&*path).map_err(cannot)?;
            let head = super::input::read_head(&mut file).map_err(cannot)?;
            if !is_workbook(&head, forced) {
                if let Content::Other(what, fix) = recognise(&head) {
                    return Err(not_records(&name, what, fix));
                }
                return Ok(());
            }
            read_rest(head, &mut file).map_err(cannot)?
        }
        Origin::Stdin { head } => {
            let mut stdin = std::io::stdin().lock();
            if head.is_empty() {
                *head = super::input::read_head(&mut stdin).map_err(cannot)?;
            }
            if !is_workbook(head, forced) {
                if let Content::Other(what, fix) = recognise(head) {
                    return Err(not_records(&name, what, fix));
                }
                return Ok(());
            }
            read_rest(std::mem::take(head), &mut stdin).map_err(cannot)?
        }
    };
    let forced = forced.or_else(|| match &input.origin {
        Origin::File(path) => Format::from_path(path),
        _ => None,
    });
    input.sheet = Some(Sheet::from_bytes(
        &name,
        bytes,
        forced,
        Some(input.kind),
        choices,
    )?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        let letters: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn serial_numbers_in_date_columns_become_dates_in_both_date_systems() {
        let text = |cell: Data, date: bool, epoch_1904: bool| {
            let mut out = String::new();
            cell_text(&cell, date, epoch_1904, &mut out).unwrap();
            out
        };
        assert_eq!(text(Data::Float(46056.0), true, false), "2026-02-03");
        assert_eq!(text(Data::Float(36526.0), true, false), "2000-01-01");
        assert_eq!(text(Data::Float(73050.0), true, false), "2099-12-31");
        assert_eq!(
            text(Data::Float(46056.0 - 1462.0), true, true),
            "2026-02-03"
        );
        assert_eq!(
            text(Data::Float(46056.75), true, false),
            "2026-02-03T18:00:00"
        );
        // Outside 2000–2099, or outside a date column, a number stays a number.
        assert_eq!(text(Data::Float(2026.0), true, false), "2026");
        assert_eq!(text(Data::Float(46056.0), false, false), "46056");
        assert_eq!(text(Data::Float(3.0), false, false), "3");
        assert_eq!(text(Data::Float(0.1), false, false), "0.1");
        assert_eq!(text(Data::Float(12.5), false, false), "12.5");
        assert_eq!(text(Data::Int(7), false, false), "7");
        assert_eq!(text(Data::Bool(true), false, false), "TRUE");
        assert_eq!(
            text(Data::Error(calamine::CellErrorType::NA), true, false),
            ""
        );
        let date = |v: f64, epoch_1904: bool| {
            Data::DateTime(ExcelDateTime::new(
                v,
                ExcelDateTimeType::DateTime,
                epoch_1904,
            ))
        };
        assert_eq!(text(date(46056.0, false), false, false), "2026-02-03");
        assert_eq!(text(date(0.5, false), false, false), "12:00:00");
        // Serial 60 is 29 February 1900, a day that never was: Excel counts it, so dates after
        // it are one day further from serial 1 than the calendar says.
        assert_eq!(text(date(59.0, false), false, false), "1900-02-28");
        assert_eq!(text(date(61.0, false), false, false), "1900-03-01");
        let mut out = String::new();
        assert_eq!(
            cell_text(
                &Data::Error(calamine::CellErrorType::Div0),
                false,
                false,
                &mut out
            ),
            Err("#DIV/0!".to_owned())
        );
        assert_eq!(
            cell_text(&Data::String("Err:502".into()), false, false, &mut out),
            Err("Err:502".to_owned())
        );
    }

    #[test]
    fn first_bytes_tell_workbooks_from_text_and_from_files_that_hold_no_records() {
        assert_eq!(recognise(b"arrest_id,date\n"), Content::Text);
        assert_eq!(recognise(b"\xef\xbb\xbf[{\"a\":1}]"), Content::Text);
        assert_eq!(
            recognise(b"%PDF-1.7\n"),
            Content::Other("a PDF document", "")
        );
        assert_eq!(
            recognise(b"\x1f\x8b\x08\x00"),
            Content::Other("a gzip-compressed file", "decompress it first")
        );
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend([0u8; 26]);
        ods.extend(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(recognise(&ods), Content::Workbook(Format::Ods));
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend([0u8; 26]);
        docx.extend(b"[Content_Types].xml....word/document.xml");
        assert_eq!(
            recognise(&docx),
            Content::Other("a Word document (.docx)", "")
        );
        assert!(matches!(
            recognise(b"<!DOCTYPE html><table>"),
            Content::Other("an HTML page", _)
        ));
    }

    #[test]
    fn a_sheet_is_chosen_by_name_number_or_kind() {
        let choice = |s| SheetChoice::parse(s).unwrap();
        assert_eq!(choice("Arrests").kind, None);
        assert_eq!(choice("arrests=Arrests").kind, Some(Kind::Arrests));
        assert_eq!(choice("Arrest = Feb").sheet, "Feb");
        assert_eq!(choice("a=b").sheet, "a=b");
        assert!(SheetChoice::parse(" ").is_err());
        assert!(check_choices(&[choice("A"), choice("arrests=B")]).is_ok());
        assert!(check_choices(&[choice("A"), choice("B")]).is_err());
        assert!(check_choices(&[choice("arrests=A"), choice("arrest=B")]).is_err());
    }
}

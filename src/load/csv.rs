//! CSV rows (RFC 4180): UTF-8 with or without a byte-order mark, CRLF or LF, quoted fields that
//! hold commas, quotes and newlines. Lines that hold nothing but separators and spaces are blank.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

use super::{CellProblem, Row, RowReader, ignored_column_warning};
use crate::error::{Code, Error, Result};
use crate::model::Kind;

/// The byte offsets of the newlines read so far but not yet passed by a record.
///
/// The csv crate's own line numbers go wrong on CRLF files, so lines are counted here: the
/// reader below notes each newline's offset, and a record starting at byte B is on line
/// 1 + (newlines before B). Offsets are dropped as records pass them, so this holds at most
/// what the csv reader has buffered ahead.
/// Where the raw bytes stand with respect to quoted fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Quote {
    #[default]
    Outside,
    /// Inside a quoted field opened on `line`.
    Inside { line: u64 },
    /// A quote inside a quoted field ended the last read: it closes the field unless the next
    /// byte is a quote too (an escaped quote).
    Pending { line: u64 },
}

/// What the raw bytes say that the csv reader does not: where lines break, and whether a quoted
/// field is still open at the end of the file (the csv crate takes everything to the end of the
/// file into that field without a word, which would swallow every row after it).
struct Newlines {
    /// Byte offsets of line breaks not yet passed by a record.
    pending: VecDeque<u64>,
    /// Line breaks already passed.
    passed: u64,
    /// Line breaks seen so far.
    breaks: u64,
    /// Bytes read so far.
    offset: u64,
    /// A `\r` that ended the last read: a line break of its own unless a `\n` comes next.
    trailing_cr: Option<u64>,
    quote: Quote,
    /// The byte before the current read (a quote after a separator or line break opens a field).
    last_byte: u8,
    /// The file starts with a byte-order mark, so its first field starts at byte 3.
    bom: bool,
}

impl Default for Newlines {
    fn default() -> Self {
        Newlines {
            pending: VecDeque::new(),
            passed: 0,
            breaks: 0,
            offset: 0,
            trailing_cr: None,
            quote: Quote::Outside,
            last_byte: b'\n',
            bom: false,
        }
    }
}

impl Newlines {
    fn line_at(&mut self, byte: u64) -> u64 {
        while self.pending.front().is_some_and(|&nl| nl < byte) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    fn line_break(&mut self, at: u64) {
        self.pending.push_back(at);
        self.breaks += 1;
    }

    /// Notes the line breaks and quotes in `chunk`, read at the current offset. Line breaks are
    /// `\n`, `\r\n` (once, at the `\n`) and a lone `\r`, as spreadsheets on the Mac still write.
    fn scan(&mut self, chunk: &[u8]) {
        let start = self.offset;
        if start == 0 && chunk.starts_with(b"\xef\xbb\xbf") {
            self.bom = true;
        }
        if let Some(cr) = self.trailing_cr.take()
            && chunk.first() != Some(&b'\n')
        {
            self.line_break(cr);
        }
        let mut skip_to = 0;
        if let Quote::Pending { line } = self.quote {
            match chunk.first() {
                Some(b'"') => {
                    self.quote = Quote::Inside { line };
                    skip_to = 1;
                }
                _ => self.quote = Quote::Outside,
            }
        }
        for i in memchr::memchr3_iter(b'\n', b'\r', b'"', chunk) {
            if i < skip_to {
                continue;
            }
            let at = start + i as u64;
            match (chunk[i], chunk.get(i + 1)) {
                (b'\n', _) => self.line_break(at),
                (b'\r', Some(b'\n')) => {}
                (b'\r', Some(_)) => self.line_break(at),
                (b'\r', None) => self.trailing_cr = Some(at),
                (_, next) => match self.quote {
                    Quote::Outside => {
                        let before = if i > 0 { chunk[i - 1] } else { self.last_byte };
                        let field_start =
                            matches!(before, b',' | b'\n' | b'\r') || (self.bom && at == 3);
                        if field_start {
                            self.quote = Quote::Inside {
                                line: self.breaks + 1,
                            };
                        }
                    }
                    Quote::Inside { line } => match next {
                        Some(b'"') => skip_to = i + 2,
                        Some(_) => self.quote = Quote::Outside,
                        None => self.quote = Quote::Pending { line },
                    },
                    Quote::Pending { .. } => unreachable!("settled at the start of the read"),
                },
            }
        }
        if chunk.is_empty()
            && let Some(cr) = self.trailing_cr.take()
        {
            self.line_break(cr);
        }
        if let Some(&last) = chunk.last() {
            self.last_byte = last;
        }
        self.offset += chunk.len() as u64;
    }

    /// At the end of the file: the line of a quoted field that was never closed.
    fn unclosed_quote(&self) -> Option<u64> {
        match self.quote {
            Quote::Inside { line } => Some(line),
            _ => None,
        }
    }
}

/// How many line breaks `bytes` holds, counted as [`Newlines::scan`] counts them.
fn line_breaks(bytes: &[u8]) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

struct Counting<R> {
    inner: R,
    newlines: Rc<RefCell<Newlines>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines.borrow_mut().scan(&buf[..n]);
        Ok(n)
    }
}

/// The line where `record` starts, given the byte offset just past it.
///
/// The csv reader skips blank lines before a record and counts them into the record's start
/// offset, so the start is found from the end instead: the end offset is just past the record's
/// terminator (`\r` or `\n`) or at the end of the file, and the record spans as many more lines as
/// its quoted fields hold newlines.
fn record_line(newlines: &RefCell<Newlines>, record: &csv::ByteRecord, end: u64) -> u64 {
    let last_line = newlines.borrow_mut().line_at(end.saturating_sub(1));
    let embedded = line_breaks(record.as_slice());
    last_line.saturating_sub(embedded)
}

pub struct CsvRows<R: Read> {
    reader: csv::Reader<Counting<R>>,
    newlines: Rc<RefCell<Newlines>>,
    record: csv::ByteRecord,
    /// For each column of the file, the field of the kind it holds (None: ignored).
    columns: Vec<Option<usize>>,
    header_len: usize,
    kind: Kind,
    file: String,
    warnings: Vec<String>,
    /// Columns whose header cell is empty.
    unnamed: Vec<usize>,
    warned_unnamed: bool,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header. A missing required column, or one named twice, is an error before any row.
    pub fn new(source: R, kind: Kind, file: String) -> Result<Self> {
        let newlines = Rc::new(RefCell::new(Newlines::default()));
        let counting = Counting {
            inner: source,
            newlines: Rc::clone(&newlines),
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(counting);
        let mut header = csv::ByteRecord::new();
        let got = reader
            .read_byte_record(&mut header)
            .map_err(|e| csv_error(&file, e))?;
        if !got {
            return Err(Error::Input {
                file,
                line: None,
                message: format!(
                    "the file is empty: expected a header row naming the {} columns",
                    kind.name()
                ),
            });
        }
        let line = record_line(&newlines, &header, reader.position().byte());
        let fields = kind.fields();
        let mut columns = Vec::with_capacity(header.len());
        let mut names = Vec::with_capacity(header.len());
        let mut warnings = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let raw = if i == 0 {
                raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw)
            } else {
                raw
            };
            let name = String::from_utf8_lossy(raw).trim().to_owned();
            let field = fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(&name));
            if let Some(f) = field {
                if let Some(first) = columns.iter().position(|c| *c == Some(f)) {
                    return Err(Error::Input {
                        file,
                        line: Some(line),
                        message: format!(
                            "column {:?} appears twice (columns {} and {})",
                            fields[f].name,
                            first + 1,
                            i + 1
                        ),
                    });
                }
            } else if !name.is_empty() {
                warnings.push(ignored_column_warning(&file, &name, kind));
            }
            columns.push(field);
            names.push(name);
        }
        let missing: Vec<&str> = fields
            .iter()
            .enumerate()
            .filter(|(f, field)| field.required && !columns.contains(&Some(*f)))
            .map(|(_, field)| field.name)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Input {
                file,
                line: Some(line),
                message: format!(
                    "missing required column{} {} in the header (found: {}); is this a file of {}?",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    if names.iter().all(|n| n.is_empty()) {
                        "none".into()
                    } else {
                        names.join(", ")
                    },
                    kind.name()
                ),
            });
        }
        let unnamed = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_empty())
            .map(|(i, _)| i)
            .collect();
        Ok(CsvRows {
            reader,
            newlines,
            record: csv::ByteRecord::new(),
            header_len: columns.len(),
            columns,
            kind,
            file,
            warnings,
            unnamed,
            warned_unnamed: false,
        })
    }
}

fn csv_error(file: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return Error::Input {
            file: file.to_owned(),
            line,
            message: e.to_string(),
        };
    }
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::io(format!("cannot read {file}"), source),
        _ => unreachable!("checked above"),
    }
}

impl<R: Read> RowReader for CsvRows<R> {
    fn next_row(&mut self, row: &mut Row) -> Result<bool> {
        loop {
            if !self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.file, e))?
            {
                if let Some(line) = self.newlines.borrow().unclosed_quote() {
                    return Err(Error::Input {
                        file: self.file.clone(),
                        line: Some(line),
                        message: "a quoted field opened on this line is never closed, so every line after it would be read into that field; close the quote (a quote inside a quoted field is written twice: \"\")".into(),
                    });
                }
                return Ok(false);
            }
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            break;
        }
        let line = record_line(&self.newlines, &self.record, self.reader.position().byte());
        row.clear(self.kind.fields().len(), line);
        if self.record.len() != self.header_len {
            row.problems.push(CellProblem {
                code: Code::FieldCount,
                column: None,
                value: None,
                reason: format!(
                    "the row has {} fields but the header has {}; a field holding a comma must be quoted",
                    self.record.len(),
                    self.header_len
                ),
            });
        }
        // One UTF-8 check over the whole record; a field is then valid text when its ends fall
        // on character boundaries (they always do, unless a separator split a character).
        // A value under a column with no name is ignored, but never silently.
        if !self.warned_unnamed
            && let Some(i) = self.unnamed.iter().copied().find(|&i| {
                self.record
                    .get(i)
                    .is_some_and(|v| !v.iter().all(u8::is_ascii_whitespace))
            })
        {
            self.warned_unnamed = true;
            self.warnings.push(format!(
                "{}: column {} has no name in the header; its values (the first on line {line}) are ignored",
                self.file,
                i + 1
            ));
        }
        let whole = std::str::from_utf8(self.record.as_slice()).ok();
        for (i, column) in self.columns.iter().enumerate() {
            let (Some(field), Some(range)) = (column, self.record.range(i)) else {
                continue;
            };
            match whole {
                Some(text)
                    if text.is_char_boundary(range.start) && text.is_char_boundary(range.end) =>
                {
                    row.set(*field, &text[range])
                }
                _ => match std::str::from_utf8(&self.record.as_slice()[range]) {
                    Ok(text) => row.set(*field, text),
                    Err(_) => row.problems.push(CellProblem {
                        code: Code::InvalidText,
                        column: Some(self.kind.fields()[*field].name.to_owned()),
                        value: Some(String::from_utf8_lossy(&self.record[i]).into_owned()),
                        reason: "not valid UTF-8 text (save the file as UTF-8)".into(),
                    }),
                },
            }
        }
        Ok(true)
    }

    fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(chunks: &[&[u8]]) -> Vec<u64> {
        let mut newlines = Newlines::default();
        for chunk in chunks {
            newlines.scan(chunk);
        }
        newlines.scan(b"");
        newlines.pending.into_iter().collect()
    }

    #[test]
    fn line_breaks_are_counted_once_whatever_the_line_ends_and_the_chunks() {
        assert_eq!(breaks(&[b"a\nb\n"]), [1, 3]);
        assert_eq!(breaks(&[b"a\r\nb\r\n"]), [2, 5]);
        assert_eq!(breaks(&[b"a\rb\r"]), [1, 3]);
        // A CRLF split across two reads is one break, at the LF.
        assert_eq!(breaks(&[b"a\r", b"\nb\r", b"c"]), [2, 4]);
        assert_eq!(line_breaks(b"x\r\ny\rz\n"), 3);
    }

    fn unclosed(chunks: &[&[u8]]) -> Option<u64> {
        let mut newlines = Newlines::default();
        for chunk in chunks {
            newlines.scan(chunk);
        }
        newlines.scan(b"");
        newlines.unclosed_quote()
    }

    #[test]
    fn a_quoted_field_left_open_is_found_with_its_line() {
        assert_eq!(unclosed(&[b"a,b\n1,\"x\n2,y\n"]), Some(2));
        assert_eq!(unclosed(&[b"\xef\xbb\xbf\"a,b\n"]), Some(1));
        assert_eq!(
            unclosed(&[b"a,b\n1,\"x\"\"\n"]),
            Some(2),
            "an escaped quote does not close"
        );
        // Closed fields, escaped quotes (also split across reads) and quotes inside unquoted fields.
        assert_eq!(unclosed(&[b"a,b\n1,\"x \"\"y\"\" z\"\n"]), None);
        assert_eq!(unclosed(&[b"a,b\n1,\"x \"", b"\"y\"\"\"\n"]), None);
        assert_eq!(unclosed(&[b"a,b\n1,\"x\"", b"\n"]), None);
        assert_eq!(unclosed(&[b"a,b\n1,5\" screen\n"]), None);
        assert_eq!(unclosed(&[b"a,b\r1,\"x\ry\"\r"]), None);
    }
}

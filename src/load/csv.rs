//! CSV rows (RFC 4180): UTF-8 with or without a byte-order mark (other encodings are decoded to
//! UTF-8 before, by `input.rs`), CRLF or LF, quoted fields that hold separators, quotes and
//! newlines. Lines that hold nothing but separators and spaces are blank.
//!
//! The separator is a comma, or the one the user named, or a tab for `.tsv` and `.tab` files, or
//! else the one the header line shows ([`sniff_delimiter`]): every rule below that speaks of
//! commas uses the file's separator.
//!
//! A stray quote at the start of an unquoted field opens a quoted field that runs on to the next
//! quote, taking whole records into one cell. A quoted field over several lines whose lines read
//! as records of the file is taken for that: its row is rejected with a stray-quote problem, and
//! the lines it took in are read again as the records they are, each on its own line.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

use encoding_rs::Encoding;

use super::header::{Header, unnamed};
use super::hxl;
use super::mapping::Mapping;
use super::{CellProblem, Row, RowReader};
use crate::error::{Code, Error, Result};
use crate::model::Kind;

/// How one CSV file is written, beyond RFC 4180.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dialect {
    /// The byte between fields.
    pub delimiter: u8,
    /// The encoding the file was decoded from, if it was not UTF-8: a byte that is not UTF-8
    /// then stands for bytes that are no character in it.
    pub encoding: Option<&'static Encoding>,
    /// The most bytes a record may take.
    pub max_record: u64,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            encoding: None,
            max_record: super::input::MAX_RECORD,
        }
    }
}

/// The separators a header line is tried with.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The separator a header line shows: of `,` `;` tab and `|`, the one that cuts it (outside
/// quotes) into the most fields that look like column names, a name being a field holding a
/// letter or digit and, unquoted, none of the other separators. When none cuts it into more than
/// one name, or two cut it into as many, it is a comma: a header of one column, or one that
/// could be read two ways, is read as the CSV it most likely is, and its columns are then
/// checked as always.
pub(super) fn sniff_delimiter(line: &[u8]) -> u8 {
    let names = |delimiter: u8| {
        let mut count = 0;
        let mut rest = line;
        loop {
            let length = raw_field_len(rest, delimiter);
            if looks_like_name(&rest[..length], delimiter) {
                count += 1;
            }
            match rest.get(length + 1..) {
                Some(next) => rest = next,
                None => return count,
            }
        }
    };
    let counts = DELIMITERS.map(names);
    let most = counts.iter().copied().max().unwrap_or(0);
    match DELIMITERS
        .iter()
        .zip(counts)
        .filter(|&(_, c)| c == most)
        .collect::<Vec<_>>()[..]
    {
        [(&delimiter, _)] if most > 1 => delimiter,
        _ => b',',
    }
}

/// Whether a raw header field cut at `delimiter` looks like a column name: a letter or a digit
/// (of any script), and no other separator unless in quotes.
fn looks_like_name(raw: &[u8], delimiter: u8) -> bool {
    let raw = raw.trim_ascii();
    let (text, quoted) = match raw.strip_prefix(b"\"") {
        Some(inner) => (inner.strip_suffix(b"\"").unwrap_or(inner), true),
        None => (raw, false),
    };
    let other_separator = !quoted
        && DELIMITERS
            .iter()
            .any(|&d| d != delimiter && text.contains(&d));
    !other_separator
        && text
            .iter()
            .any(|&b| b.is_ascii_alphanumeric() || !b.is_ascii())
}

/// How many bytes of `line` its first field takes, quotes included, up to the separator after it
/// (or the end), cut as [`split_line`] cuts it.
fn raw_field_len(line: &[u8], delimiter: u8) -> usize {
    let mut at = 0;
    if line.first() == Some(&b'"') {
        at = 1;
        loop {
            match memchr::memchr(b'"', &line[at..]) {
                Some(i) if line.get(at + i + 1) == Some(&b'"') => at += i + 2,
                Some(i) => {
                    at += i + 1;
                    break;
                }
                None => return line.len(),
            }
        }
    }
    memchr::memchr(delimiter, &line[at..]).map_or(line.len(), |i| at + i)
}

/// The header line at the start of `head`, without its line end: the first line that holds more
/// than white space, after a UTF-8 byte-order mark. `None` while it may go on (`end`: nothing
/// more will come), or when there is none.
pub(super) fn header_line(head: &[u8], end: bool) -> Option<&[u8]> {
    let mut text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        match memchr::memchr2(b'\n', b'\r', text) {
            Some(i) if text[..i].iter().all(u8::is_ascii_whitespace) => text = &text[i + 1..],
            Some(i) => return Some(&text[..i]),
            None if end && !text.iter().all(u8::is_ascii_whitespace) => return Some(text),
            None => return None,
        }
    }
}

/// The separator as messages name it.
pub(super) fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "a comma".into(),
        b';' => "a semicolon".into(),
        b'\t' => "a tab".into(),
        b'|' => "a vertical bar".into(),
        b' ' => "a space".into(),
        other => format!("the separator {:?}", other as char),
    }
}

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

/// What the raw bytes say that the csv reader does not: where lines break, whether a quoted
/// field is still open at the end of the file (the csv crate takes everything to the end of the
/// file into that field without a word, which would swallow every row after it), and the raw
/// lines inside quoted fields that run over line breaks, so that lines a stray quote took in can
/// be read again as the records they are.
///
/// The csv crate's own line numbers go wrong on CRLF files, so lines are counted here: the
/// reader below notes each newline's offset, and a record starting at byte B is on line
/// 1 + (newlines before B). Offsets are dropped as records pass them, so this holds at most
/// what the csv reader has buffered ahead.
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
    /// The separator between fields (a quote after it opens a quoted field).
    delimiter: u8,
    /// The quoted field now open has run over a line break (and is in `spans`).
    spanning: bool,
    /// For each quoted field that runs over a line break and is not yet passed by a record: the
    /// offset where its second line starts, and that line's number.
    spans: VecDeque<(u64, u64)>,
    /// The raw bytes from the first entry of `spans` to the last byte read; empty when `spans`
    /// is. Multi-line fields are rare, so the clean path copies nothing.
    raw: Vec<u8>,
    /// The file offset of `raw[0]`.
    raw_from: u64,
    /// The end of the file was read.
    eof: bool,
    /// The number of the first line read: 1, unless reading starts within the file.
    base: u64,
    /// Where the record now being read starts (just past the last line break outside quotes),
    /// and its line: how long the record is so far is what the limit is on.
    record_start: (u64, u64),
    /// The most bytes a record may take.
    limit: u64,
    /// The start and line of the first record found over the limit.
    over: Option<(u64, u64)>,
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
            delimiter: b',',
            spanning: false,
            spans: VecDeque::new(),
            raw: Vec::new(),
            raw_from: 0,
            eof: false,
            base: 1,
            record_start: (0, 1),
            limit: super::input::MAX_RECORD,
            over: None,
        }
    }
}

impl Newlines {
    fn new(dialect: Dialect) -> Self {
        Newlines {
            delimiter: dialect.delimiter,
            limit: dialect.max_record,
            ..Newlines::default()
        }
    }

    /// The record now being read, when it runs over the limit.
    fn too_long(&self) -> Option<super::bounded::TooLong> {
        let (start, line) = self.record_start;
        let (line, quote) = match self.over {
            Some((_, line)) => (line, None),
            None if self.offset - start > self.limit => (line, self.unclosed_quote()),
            None => return None,
        };
        Some(super::bounded::TooLong {
            line: line.max(self.base),
            limit: self.limit,
            quote,
            what: "the record starting on this line",
        })
    }

    /// Where the record that starts at `at` (as the csv reader gives it) starts: past a line
    /// break there. The `\n` of a record's `\r\n`, or a blank line, is left to the next read,
    /// which passes over it.
    fn past_break(&self, at: u64) -> u64 {
        at + u64::from(self.pending.binary_search(&at).is_ok())
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        while self.pending.front().is_some_and(|&nl| nl < byte) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + self.base
    }

    fn line_break(&mut self, at: u64) {
        self.pending.push_back(at);
        self.breaks += 1;
        if matches!(self.quote, Quote::Outside) {
            // A record that ends within one read is as bounded as one still open.
            if at - self.record_start.0 > self.limit && self.over.is_none() {
                self.over = Some(self.record_start);
            }
            self.record_start = (at + 1, self.breaks + self.base);
        }
        if matches!(self.quote, Quote::Inside { .. })
            && !std::mem::replace(&mut self.spanning, true)
        {
            if self.spans.is_empty() {
                self.raw.clear();
                self.raw_from = at + 1;
            }
            self.spans.push_back((at + 1, self.breaks + self.base));
        }
    }

    /// A record ended at `end`: forgets the multi-line fields it held, and their raw bytes.
    fn passed(&mut self, end: u64) {
        if self.spans.front().is_none_or(|&(from, _)| from > end) {
            return;
        }
        while self.spans.front().is_some_and(|&(from, _)| from <= end) {
            self.spans.pop_front();
        }
        match self.spans.front() {
            Some(&(from, _)) => {
                let passed = (from - self.raw_from) as usize;
                self.raw.drain(..passed.min(self.raw.len()));
                self.raw_from = from;
            }
            None => {
                self.raw.clear();
                // One long field must not hold on to its memory for the rest of the file.
                self.raw.shrink_to(1 << 16);
            }
        }
    }

    /// The raw bytes from `from` to `end` (both within what was read and not yet passed).
    fn raw(&self, from: u64, end: u64) -> &[u8] {
        let start = (from.saturating_sub(self.raw_from) as usize).min(self.raw.len());
        let end = (end.saturating_sub(self.raw_from) as usize).clamp(start, self.raw.len());
        &self.raw[start..end]
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
                        let field_start = matches!(before, b'\n' | b'\r')
                            || before == self.delimiter
                            || (self.bom && at == 3);
                        if field_start {
                            self.quote = Quote::Inside {
                                line: self.breaks + self.base,
                            };
                            self.spanning = false;
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
        if chunk.is_empty() {
            self.eof = true;
            if let Some(cr) = self.trailing_cr.take() {
                self.line_break(cr);
            }
        }
        if !self.spans.is_empty() {
            let skip = (self.raw_from.saturating_sub(start) as usize).min(chunk.len());
            self.raw.extend_from_slice(&chunk[skip..]);
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
pub(super) fn line_breaks(bytes: &[u8]) -> u64 {
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
        let mut newlines = self.newlines.borrow_mut();
        newlines.scan(&buf[..n]);
        match newlines.too_long() {
            Some(too_long) => Err(too_long.into_io()),
            None => Ok(n),
        }
    }
}

/// The line where `record` starts, given the byte offset just past it, and how many line breaks
/// its quoted fields hold.
///
/// The csv reader skips blank lines before a record and counts them into the record's start
/// offset, so the start is found from the end instead: the end offset is just past the record's
/// terminator (`\r` or `\n`) or at the end of the file, and the record spans as many more lines as
/// its quoted fields hold newlines.
fn record_line(newlines: &RefCell<Newlines>, record: &csv::ByteRecord, end: u64) -> (u64, u64) {
    let last_line = newlines.borrow_mut().line_at(end.saturating_sub(1));
    let embedded = line_breaks(record.as_slice());
    (last_line.saturating_sub(embedded), embedded)
}

/// Whether `record` is a comment: its first field begins with `#` and a space, or is `#` alone
/// (`# INS-0001,2026-02-03,…`, the example rows `crackdown init` writes). An id such as `#12`
/// is data, and so is a row of HXL hashtags (`#adm2+name`).
fn is_comment(record: &csv::ByteRecord) -> bool {
    record
        .get(0)
        .is_some_and(|first| first == b"#" || first.starts_with(b"# "))
}

/// The warning that names the comment lines of `file`.
fn comments_warning(file: &str, lines: &[u64]) -> String {
    let listed: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
    let more = match lines.len() {
        0..=10 => String::new(),
        n => format!(" and {} more", n - 10),
    };
    match lines {
        [_] => format!(
            "{file}: line {} begins with \"# \": a comment, not read as a record",
            listed[0]
        ),
        _ => format!(
            "{file}: lines {}{more} begin with \"# \": comments, not read as records",
            listed.join(", ")
        ),
    }
}

/// The first line of `bytes`, without its line end (`\n`, `\r\n` or a lone `\r`), and its
/// length with it.
fn next_line(bytes: &[u8]) -> (&[u8], usize) {
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (&bytes[..i], i + 2),
        Some(i) => (&bytes[..i], i + 1),
        None => (bytes, bytes.len()),
    }
}

/// The lines of `bytes`, without their line ends.
fn physical_lines(mut bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let (line, length) = next_line(bytes);
        bytes = &bytes[length..];
        Some(line)
    })
}

/// Cuts `line` into fields as the csv crate reads a line on its own: a field that starts with a
/// quote runs to the quote that closes it (a quote written twice is one quote of the text), then
/// on to the next separator; any other field runs to the next separator. Returns whether a quote
/// is left open at the end of the line (then the last field holds the rest of the line). A csv
/// reader for each line would cost more than reading the whole file: multi-line notes are common.
fn split_line(line: &[u8], record: &mut csv::ByteRecord, delimiter: u8) -> bool {
    record.clear();
    let mut rest = line;
    loop {
        let next = match rest.split_first() {
            Some((b'"', quoted)) => {
                let mut text = Vec::new();
                let mut from = 0;
                let close = loop {
                    let Some(at) = memchr::memchr(b'"', &quoted[from..]).map(|i| from + i) else {
                        break None;
                    };
                    text.extend_from_slice(&quoted[from..at]);
                    if quoted.get(at + 1) == Some(&b'"') {
                        text.push(b'"');
                        from = at + 2;
                    } else {
                        break Some(at);
                    }
                };
                let Some(close) = close else {
                    text.extend_from_slice(&quoted[from..]);
                    record.push_field(&text);
                    return true;
                };
                let after = &quoted[close + 1..];
                let comma = memchr::memchr(delimiter, after);
                text.extend_from_slice(&after[..comma.unwrap_or(after.len())]);
                record.push_field(&text);
                comma.map(|c| &after[c + 1..])
            }
            _ => {
                let comma = memchr::memchr(delimiter, rest);
                record.push_field(&rest[..comma.unwrap_or(rest.len())]);
                comma.map(|c| &rest[c + 1..])
            }
        };
        match next {
            Some(next) => rest = next,
            None => return false,
        }
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

/// `record` read as if the quote that opened its field `quoted` were an ordinary character: the
/// fields before it as they are, then `text` (what followed the quote on its line) cut at each
/// separator. The quote itself is left out, so that the row's cells hold what was meant.
fn without_quote(
    record: &csv::ByteRecord,
    quoted: usize,
    text: &[u8],
    delimiter: u8,
) -> csv::ByteRecord {
    let mut out = csv::ByteRecord::new();
    for field in record.iter().take(quoted) {
        out.push_field(field);
    }
    for piece in text.split(|&b| b == delimiter) {
        out.push_field(piece);
    }
    out
}

/// How the header maps the file's columns to the kind's fields, and how a record becomes a row.
#[derive(Clone)]
struct Shape {
    /// For each column of the file, the field of the kind it holds (None: ignored).
    columns: Vec<Option<usize>>,
    /// The header's names, trimmed.
    names: Vec<String>,
    /// The column holding the record's id (the kind's first field, always required).
    id_column: usize,
    kind: Kind,
    file: String,
    warnings: Vec<String>,
    /// Columns whose header cell is empty.
    unnamed: Vec<usize>,
    warned_unnamed: bool,
    dialect: Dialect,
}

impl Shape {
    fn header_len(&self) -> usize {
        self.columns.len()
    }

    /// Whether `line` on its own reads as a record of this file: as many fields as the header, and
    /// an id. A quote left open at the end of the line (a second stray quote, which closed the
    /// field the first one opened) counts as an ordinary character. A line of prose in a
    /// multi-line note seldom has that many separators, so most lines are settled by counting
    /// them.
    fn reads_as_record(&self, line: &[u8], record: &mut csv::ByteRecord) -> bool {
        let delimiter = self.dialect.delimiter;
        if memchr::memchr_iter(delimiter, line).count() + 1 < self.header_len() {
            return false;
        }
        if split_line(line, record, delimiter)
            && let Some(quoted) = record.len().checked_sub(1)
        {
            *record = without_quote(record, quoted, &record[quoted], delimiter);
        }
        record.len() == self.header_len()
            && record
                .get(self.id_column)
                .is_some_and(|id| !id.iter().all(u8::is_ascii_whitespace))
    }

    /// The name a problem gives column `i`.
    fn column_name(&self, i: usize) -> Option<String> {
        match self.columns.get(i)? {
            Some(field) => Some(self.kind.fields()[*field].name.to_owned()),
            None if self.names[i].is_empty() => Some(format!("column {}", i + 1)),
            None => Some(self.names[i].clone()),
        }
    }

    /// A probable stray quote at the start of column `quoted`, followed on its line by `text`.
    fn stray_quote(&self, quoted: usize, text: &[u8], why: String) -> CellProblem {
        let delimiter = self.dialect.delimiter;
        let text = text.split(|&b| b == delimiter).next().unwrap_or_default();
        let text = String::from_utf8_lossy(text);
        let fixed = format!("\"\"\"{}\"", text.replace('"', "\"\""));
        CellProblem {
            code: Code::StrayQuote,
            column: self.column_name(quoted),
            value: Some(format!("\"{text}")),
            reason: format!(
                "probable stray quote: {why}. If the quote belongs to the value, put the whole field in quotes and double the quote: {}",
                crate::text::escape(&fixed)
            ),
        }
    }

    /// Fills `row` from `record`, which starts on `line`.
    fn fill(&mut self, record: &csv::ByteRecord, line: u64, row: &mut Row) {
        row.clear(self.kind.fields().len(), line);
        if record.len() != self.header_len() {
            row.problems.push(CellProblem {
                code: Code::FieldCount,
                column: None,
                value: None,
                reason: format!(
                    "the row has {} fields but the header has {}; a field holding {} must be quoted",
                    record.len(),
                    self.header_len(),
                    delimiter_name(self.dialect.delimiter)
                ),
            });
        }
        // A value under a column with no name is ignored, but never silently.
        if !self.warned_unnamed
            && let Some(i) = self.unnamed.iter().copied().find(|&i| {
                record
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
        // One UTF-8 check over the whole record; a field is then valid text when its ends fall
        // on character boundaries (they always do, unless a separator split a character).
        let whole = std::str::from_utf8(record.as_slice()).ok();
        for (i, column) in self.columns.iter().enumerate() {
            let (Some(field), Some(range)) = (column, record.range(i)) else {
                continue;
            };
            match whole {
                Some(text)
                    if text.is_char_boundary(range.start) && text.is_char_boundary(range.end) =>
                {
                    row.set(*field, &text[range])
                }
                _ => match std::str::from_utf8(&record.as_slice()[range]) {
                    Ok(text) => row.set(*field, text),
                    Err(_) => row.problems.push(CellProblem {
                        code: Code::InvalidText,
                        column: Some(self.kind.fields()[*field].name.to_owned()),
                        value: Some(String::from_utf8_lossy(&record[i]).into_owned()),
                        reason: invalid_text(&record[i], self.dialect.encoding),
                    }),
                },
            }
        }
    }
}

/// Why `bytes`, a field that is not UTF-8, is not text. In a file decoded from `encoding`, the
/// bytes that are no character in it stand there as [`UNDECODABLE`](super::input::UNDECODABLE). In a UTF-8 file, a field
/// whose bytes read as windows-1252 (the encoding spreadsheets on Windows in Western Europe and
/// the Americas save "CSV" in) gets that reading shown, and the option to read it so.
fn invalid_text(bytes: &[u8], encoding: Option<&'static Encoding>) -> String {
    if let Some(encoding) = encoding {
        let name = encoding.name();
        return format!(
            "not valid {name} text: the bytes shown as \u{fffd} are no character in {name}"
        );
    }
    let mut reason = "not valid UTF-8 text (save the file as UTF-8)".to_owned();
    // Bytes of another single-byte encoding stand alone, never in the sequences UTF-8 makes, and
    // windows-1252 gives each of them a printable character but for five.
    let single_bytes = bytes.utf8_chunks().all(|chunk| chunk.valid().is_ascii());
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    if single_bytes && !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        reason.push_str(&format!(
            "; read as windows-1252 it is {}: if the file is in that encoding, read it with --encoding windows-1252",
            crate::text::quote(&text)
        ));
    }
    reason
}

pub struct CsvRows<R: Read> {
    reader: csv::Reader<Counting<R>>,
    newlines: Rc<RefCell<Newlines>>,
    record: csv::ByteRecord,
    /// `record` holds the first row of data, read with the header to see whether it was a row
    /// of hashtags; the byte offset just past it.
    peeked: Option<u64>,
    shape: Shape,
    /// The lines a stray quote took into one field, read again one by one before going on.
    taken: Option<Taken>,
    /// The quote still open at the end of the file was found stray and its lines read again.
    open_quote_read: bool,
    /// The lines of comments passed over ([`is_comment`]), said in a warning at the end.
    comments: Vec<u64>,
    /// The byte offset where the records start, past the header (and the hashtag row).
    data_start: u64,
    /// A stray quote was read past ([`CsvRows::recover_stray_quote`]).
    recovered: bool,
}

/// What reading a file from within needs to know of its header: how its records become rows,
/// and where they start. Taken from a reader that read the header ([`CsvRows::template`]).
#[derive(Clone)]
pub(super) struct Template {
    shape: Shape,
    /// The byte offset of the first record.
    pub data_start: u64,
    /// The warnings reading the header gave.
    pub warnings: Vec<String>,
}

/// The raw lines that a stray quote took into one field: at most what the csv reader held as
/// that field.
struct Taken {
    bytes: Vec<u8>,
    /// How many bytes have been read again.
    read: usize,
    /// The number of the next line.
    line: u64,
    /// The line where the stray quote opened the field.
    opened: u64,
}

/// How many records the lines after a quote that is never closed must hold for the quote to be
/// taken as stray, rather than stopping the file with an error: a quote left open before a
/// single line at the end of the file stays an error.
const RECORDS_AFTER_OPEN_QUOTE: usize = 2;

impl Template {
    /// Where in `bytes`, read from within the file, a line starts that reads on its own as a
    /// record of the file (just past a line break), if one does before the last line break.
    pub(super) fn record_start(&self, bytes: &[u8]) -> Option<usize> {
        let mut scratch = csv::ByteRecord::new();
        let mut breaks = memchr::memchr_iter(b'\n', bytes);
        let mut start = breaks.next()? + 1;
        for end in breaks {
            let line = &bytes[start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if self.shape.reads_as_record(line, &mut scratch) {
                return Some(start);
            }
            start = end + 1;
        }
        None
    }
}

impl<R: Read> CsvRows<R> {
    /// Reads the header, comma-separated, with no column mapping.
    #[cfg(test)]
    pub fn new(source: R, kind: Kind, file: String) -> Result<Self> {
        Self::mapped(source, kind, file, &Mapping::default(), Dialect::default())
    }

    /// Reads the header, and the row of HXL hashtags under it if there is one, and maps the
    /// columns to the fields of `kind` through `mapping`. A missing required column, or one named
    /// twice, is an error before any row.
    pub fn mapped(
        source: R,
        kind: Kind,
        file: String,
        mapping: &Mapping,
        dialect: Dialect,
    ) -> Result<Self> {
        let newlines = Rc::new(RefCell::new(Newlines::new(dialect)));
        let counting = Counting {
            inner: source,
            newlines: Rc::clone(&newlines),
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .delimiter(dialect.delimiter)
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
        let end = reader.position().byte();
        let mut data_start = end;
        let (line, _) = record_line(&newlines, &header, end);
        newlines.borrow_mut().passed(end);
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                // A byte-order mark before the first name is not part of it.
                let raw = if i == 0 {
                    raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw)
                } else {
                    raw
                };
                String::from_utf8_lossy(raw).trim().to_owned()
            })
            .collect();
        // The first record after the header: a row of HXL hashtags, or the first row of data,
        // which the first call of next_row takes as it would have read it.
        let mut record = csv::ByteRecord::new();
        let mut peeked = None;
        let mut tags = Vec::new();
        let mut hxl_warning = None;
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(&file, e))?
        {
            let end = reader.position().byte();
            if is_blank(&record) {
                newlines.borrow_mut().passed(end);
                data_start = end;
                continue;
            }
            if !hxl::is_hashtag_row(record.iter().map(|c| std::str::from_utf8(c).ok())) {
                peeked = Some(end);
                break;
            }
            let (tag_line, _) = record_line(&newlines, &record, end);
            newlines.borrow_mut().passed(end);
            data_start = end;
            tags = record
                .iter()
                .map(|c| hxl::canonical(std::str::from_utf8(c).unwrap_or("")))
                .collect();
            let beyond: Vec<String> = record
                .iter()
                .skip(names.len())
                .filter(|c| !c.iter().all(u8::is_ascii_whitespace))
                .map(|c| String::from_utf8_lossy(c).trim().to_owned())
                .collect();
            if !beyond.is_empty() {
                hxl_warning = Some(format!(
                    "{file}:{tag_line}: the hashtag row has more cells than the header; {} under no column {} ignored",
                    beyond.join(", "),
                    if beyond.len() == 1 { "is" } else { "are" }
                ));
            }
            break;
        }
        let Header {
            columns,
            names,
            mut warnings,
        } = Header::map(kind, mapping, names, &tags, &file, line)?;
        warnings.extend(hxl_warning);
        let unnamed = unnamed(&names);
        let data_start = newlines.borrow().past_break(data_start);
        let id_column = columns
            .iter()
            .position(|c| *c == Some(0))
            .expect("the id is a required column");
        Ok(CsvRows {
            reader,
            newlines,
            record,
            peeked,
            shape: Shape {
                columns,
                names,
                id_column,
                kind,
                file,
                warnings,
                unnamed,
                warned_unnamed: false,
                dialect,
            },
            taken: None,
            open_quote_read: false,
            comments: Vec::new(),
            data_start,
            recovered: false,
        })
    }

    /// What reading this file from within needs: taken once its header is read.
    pub(super) fn template(&self) -> Template {
        Template {
            shape: Shape {
                warnings: Vec::new(),
                ..self.shape.clone()
            },
            data_start: self.data_start,
            warnings: self.shape.warnings.clone(),
        }
    }

    /// Reads records of a file from within, at a record's start on `line`, as the reader that
    /// read its header (`template`) would read them from there.
    pub(super) fn resume(source: R, template: &Template, line: u64) -> Self {
        let delimiter = template.shape.dialect.delimiter;
        let newlines = Rc::new(RefCell::new(Newlines {
            base: line,
            record_start: (0, line),
            ..Newlines::new(template.shape.dialect)
        }));
        let counting = Counting {
            inner: source,
            newlines: Rc::clone(&newlines),
        };
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(counting);
        CsvRows {
            reader,
            newlines,
            record: csv::ByteRecord::new(),
            peeked: None,
            shape: template.shape.clone(),
            taken: None,
            open_quote_read: false,
            comments: Vec::new(),
            data_start: 0,
            recovered: false,
        }
    }

    /// Where the next record starts, counted from where reading started, when every row read so
    /// far is handed over; `None` while rows taken in by a stray quote are still to come.
    pub(super) fn resting_at(&self) -> Option<u64> {
        if self.taken.is_some() || self.peeked.is_some() {
            return None;
        }
        Some(
            self.newlines
                .borrow()
                .past_break(self.reader.position().byte()),
        )
    }

    /// Whether the rows so far were read as plain records: no stray quote read past, no
    /// comment, no warning. Rows read from within the file are only used when so.
    pub(super) fn plain(&self) -> bool {
        !self.recovered && self.comments.is_empty() && self.shape.warnings.is_empty()
    }

    /// Reads again the record just read when a quote that opens one of its fields looks stray.
    ///
    /// A quote at the start of an unquoted field (`VN,"Mr X`) opens a quoted field that runs on
    /// over line breaks to the next quote, lines or thousands of lines later, taking whole records
    /// into one cell. A note in quotes may run over lines too; what tells the two apart is what
    /// the lines inside the field look like. When at least half of them (and one at least) read
    /// on their own as records of this file, the quote was stray: `row` gets the record as its
    /// first line reads with the quote as an ordinary character, with a stray-quote problem, and
    /// each line taken in is read again as the record it is, with its own line number. Returns
    /// whether it did so.
    fn recover_stray_quote(&mut self, end: u64, row: &mut Row) -> bool {
        let newlines = self.newlines.borrow();
        let Some(&(from, from_line)) = newlines.spans.front() else {
            return false;
        };
        if from > end {
            return false;
        }
        let inside = newlines.raw(from, end);
        let mut scratch = csv::ByteRecord::new();
        let (mut lines, mut records, mut last_line) = (0, 0, from_line);
        for (n, text) in physical_lines(inside).enumerate() {
            last_line = from_line + n as u64;
            if text
                .iter()
                .all(|&b| b.is_ascii_whitespace() || b == self.shape.dialect.delimiter)
            {
                continue;
            }
            lines += 1;
            if self.shape.reads_as_record(text, &mut scratch) {
                records += 1;
            }
        }
        // A quote never closed took in every line to the end of the file. With fewer records
        // after it than this, the file stops with an error naming the quote's line instead.
        let open_to_end = newlines.eof && newlines.unclosed_quote().is_some();
        let least = if open_to_end {
            RECORDS_AFTER_OPEN_QUOTE
        } else {
            1
        };
        if records < least || records * 2 < lines {
            return false;
        }
        let Some(quoted) = self
            .record
            .iter()
            .position(|f| memchr::memchr2(b'\n', b'\r', f).is_some())
        else {
            return false;
        };
        drop(newlines);
        let delimiter = self.shape.dialect.delimiter;
        // The fields before the one the quote opened are all on the record's first line. (Its
        // line is counted from here: with the quote open to the end of the file, the last line
        // break is inside the field, which record_line cannot tell.)
        let line = from_line - 1;
        let field = &self.record[quoted];
        let first = &field[..memchr::memchr2(b'\n', b'\r', field).unwrap_or(field.len())];
        let lines_taken = if last_line > from_line {
            format!("lines {from_line} to {last_line}")
        } else {
            format!("line {from_line}")
        };
        self.shape.fill(
            &without_quote(&self.record, quoted, first, delimiter),
            line,
            row,
        );
        let problem = self.shape.stray_quote(
            quoted,
            first,
            format!(
                "the quote that opens this field on line {line} is not closed on that line, so {lines_taken}, which read as records of their own, fell into this field; they are read as the records they are, and this row is rejected"
            ),
        );
        row.problems.insert(0, problem);
        // The raw bytes up to the record's end move over as they are (they can be as long as
        // the rest of the file); what was read past it stays.
        let mut newlines = self.newlines.borrow_mut();
        let read = (from - newlines.raw_from) as usize;
        let keep = ((end - newlines.raw_from) as usize).min(newlines.raw.len());
        let after = newlines.raw.split_off(keep);
        let bytes = std::mem::replace(&mut newlines.raw, after);
        newlines.raw_from = end;
        self.taken = Some(Taken {
            bytes,
            read: read.min(keep),
            line: from_line,
            opened: line,
        });
        self.open_quote_read = open_to_end;
        true
    }

    /// Reads the next line that a stray quote took in into `row`; false when none is left.
    fn next_taken(&mut self, row: &mut Row) -> bool {
        let Some(taken) = &mut self.taken else {
            return false;
        };
        while taken.read < taken.bytes.len() {
            let (text, length) = next_line(&taken.bytes[taken.read..]);
            let at = taken.line;
            taken.read += length;
            taken.line += 1;
            let delimiter = self.shape.dialect.delimiter;
            let open = split_line(text, &mut self.record, delimiter);
            if is_blank(&self.record) {
                continue;
            }
            match self.record.len().checked_sub(1) {
                Some(quoted) if open => {
                    let text = &self.record[quoted];
                    self.shape.fill(
                        &without_quote(&self.record, quoted, text, delimiter),
                        at,
                        row,
                    );
                    let problem = self.shape.stray_quote(
                        quoted,
                        text,
                        format!(
                            "the quote that opens this field on line {at} is not closed on that line (it ended the field that the quote on line {} opened); this row is rejected",
                            taken.opened
                        ),
                    );
                    row.problems.insert(0, problem);
                }
                _ => self.shape.fill(&self.record, at, row),
            }
            return true;
        }
        self.taken = None;
        false
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
        csv::ErrorKind::Io(source) => super::bounded::read_error(file, source),
        _ => unreachable!("checked above"),
    }
}

impl<R: Read> RowReader for CsvRows<R> {
    fn next_row(&mut self, row: &mut Row) -> Result<bool> {
        if self.next_taken(row) {
            return Ok(true);
        }
        let mut end = match self.peeked.take() {
            Some(end) => Some(end),
            None => self.next_record()?,
        };
        // Comments are passed over, and named in a warning once the file is read.
        while let Some(at) = end
            && is_comment(&self.record)
        {
            self.comments
                .push(record_line(&self.newlines, &self.record, at).0);
            self.newlines.borrow_mut().passed(at);
            end = self.next_record()?;
        }
        let Some(end) = end else {
            if !self.comments.is_empty() {
                let lines = std::mem::take(&mut self.comments);
                self.shape
                    .warnings
                    .push(comments_warning(&self.shape.file, &lines));
            }
            return Ok(false);
        };
        let (line, embedded) = record_line(&self.newlines, &self.record, end);
        let recovered = embedded > 0 && self.recover_stray_quote(end, row);
        self.recovered |= recovered;
        self.newlines.borrow_mut().passed(end);
        if !recovered {
            self.shape.fill(&self.record, line, row);
        }
        Ok(true)
    }

    fn warnings(&self) -> &[String] {
        &self.shape.warnings
    }

    fn consumed(&self) -> Option<u64> {
        Some(self.reader.position().byte())
    }

    fn header_fields(&self) -> Option<Vec<usize>> {
        Some(self.shape.columns.iter().flatten().copied().collect())
    }
}

impl<R: Read> CsvRows<R> {
    /// Reads the next record that is not blank into `record`: the byte offset just past it, or
    /// `None` at the end of the file.
    fn next_record(&mut self) -> Result<Option<u64>> {
        let end = loop {
            if !self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.shape.file, e))?
            {
                if let Some(line) = self.newlines.borrow().unclosed_quote()
                    && !self.open_quote_read
                {
                    return Err(Error::Input {
                        file: self.shape.file.clone(),
                        line: Some(line),
                        message: "a quoted field opened on this line is never closed, so every line after it would be read into that field; close the quote (a quote inside a quoted field is written twice: \"\")".into(),
                    });
                }
                return Ok(None);
            }
            let end = self.reader.position().byte();
            if !is_blank(&self.record) {
                break end;
            }
            self.newlines.borrow_mut().passed(end);
        };
        Ok(Some(end))
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

    #[test]
    fn the_raw_lines_of_multi_line_fields_are_kept_until_a_record_passes_them() {
        let mut newlines = Newlines::default();
        // Split anywhere, also inside the CRLF in the quoted field.
        for chunk in [&b"a,b\r\n1,\"x\r"[..], b"\ny\"\r\n2,z\r\n3,\"p", b"\nq\"\n"] {
            newlines.scan(chunk);
        }
        newlines.scan(b"");
        // The second line of each field: where it starts, and its number.
        assert_eq!(newlines.spans, [(11, 3), (25, 6)]);
        assert_eq!(newlines.raw(11, 15), b"y\"\r\n");
        newlines.passed(15);
        assert_eq!(newlines.spans, [(25, 6)]);
        assert_eq!(newlines.raw(25, 28), b"q\"\n");
        newlines.passed(28);
        assert!(newlines.spans.is_empty() && newlines.raw.is_empty());
        // A quoted field on one line keeps nothing.
        let mut newlines = Newlines::default();
        newlines.scan(b"a,b\n1,\"x, y\"\n");
        assert!(newlines.spans.is_empty() && newlines.raw.is_empty());
    }

    #[test]
    fn physical_lines_end_at_lf_crlf_and_lone_cr() {
        let lines: Vec<&[u8]> = physical_lines(b"a\r\nb\rc\n\nd").collect();
        assert_eq!(lines, [&b"a"[..], b"b", b"c", b"", b"d"]);
        assert_eq!(physical_lines(b"a\n").count(), 1);
    }

    #[test]
    fn a_line_is_cut_into_fields_as_the_csv_crate_cuts_it() {
        for line in [
            "a",
            " ,2026, 1204 ",
            "a,\"b,c\",d",
            "\"A,1\",2026,\"x \"\"y\"\"\",",
            "\"a\"\"\",b",
            "x,\"y\"z\"w,v",
            "a,5\" screen,c",
            ",,",
            "A-3,\"1204,VN,",
            "\"",
        ] {
            let (mut ours, mut theirs) = (csv::ByteRecord::new(), csv::ByteRecord::new());
            let open = split_line(line.as_bytes(), &mut ours, b',');
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes());
            assert!(reader.read_byte_record(&mut theirs).unwrap());
            assert_eq!(ours, theirs, "{line}");
            assert_eq!(open, line.ends_with("VN,") || line == "\"", "{line}");
        }
        // And any line made of the bytes that matter, whatever the separator.
        let mut seed = 1u32;
        for delimiter in DELIMITERS {
            for _ in 0..5000 {
                let mut line = Vec::new();
                for _ in 0..seed % 12 + 1 {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    let bytes = [b'a', delimiter, b'"', b' ', b','];
                    line.push(bytes[(seed >> 16) as usize % 5]);
                }
                let (mut ours, mut theirs) = (csv::ByteRecord::new(), csv::ByteRecord::new());
                split_line(&line, &mut ours, delimiter);
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(delimiter)
                    .from_reader(&line[..]);
                assert!(reader.read_byte_record(&mut theirs).unwrap());
                assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&line));
            }
        }
    }

    /// A reader that hands over one byte at a time, so that every chunk boundary is tried.
    struct OneByOne<'a>(&'a [u8]);

    impl Read for OneByOne<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    type Read1 = (u64, Option<String>, Vec<(Code, Option<String>)>);

    /// Each row read: its line, its arrest_id, and its problems' codes and columns.
    fn read(text: &str) -> Vec<Read1> {
        read_with(text, b',')
    }

    fn read_with(text: &str, delimiter: u8) -> Vec<Read1> {
        let mut all = Vec::new();
        for one_by_one in [false, true] {
            let source: Box<dyn Read> = if one_by_one {
                Box::new(OneByOne(text.as_bytes()))
            } else {
                Box::new(text.as_bytes())
            };
            let dialect = Dialect {
                delimiter,
                ..Dialect::default()
            };
            let mut rows = CsvRows::mapped(
                source,
                Kind::Arrests,
                "t.csv".into(),
                &Mapping::default(),
                dialect,
            )
            .unwrap();
            let mut row = Row::default();
            let mut found = Vec::new();
            while rows.next_row(&mut row).unwrap() {
                let problems = row.problems.iter().map(|p| (p.code, p.column.clone()));
                found.push((row.line, row.get(0).map(str::to_owned), problems.collect()));
            }
            all.push(found);
        }
        assert_eq!(all[0], all[1], "the same rows, whatever the reads");
        all.remove(0)
    }

    const HEAD: &str = "arrest_id,date,khan,nationality,notes";

    #[test]
    fn lines_a_stray_quote_took_in_are_read_again_as_records() {
        for end in ["\n", "\r\n", "\r"] {
            let text = [
                HEAD,
                "A-1,2026-02-05,1204,VN,\"Mr X",
                "A-2,2026-02-05,1204,VN,",
                "",
                "A-3,2026-02-05,1204,VN,called \"boss\"",
                "A-4,2026-02-05,1204,VN,",
            ]
            .join(end)
                + end;
            let stray = vec![(Code::StrayQuote, Some("notes".to_owned()))];
            let id = |s: &str| Some(s.to_owned());
            assert_eq!(
                read(&text),
                [
                    (2, id("A-1"), stray),
                    (3, id("A-2"), vec![]),
                    (5, id("A-3"), vec![]),
                    (6, id("A-4"), vec![]),
                ],
                "{end:?}"
            );
        }
    }

    #[test]
    fn stray_quotes_are_found_and_read_past_with_any_separator() {
        for delimiter in [b';', b'\t', b'|'] {
            let text = [
                HEAD,
                "A-1,2026-02-05,1204,VN,\"a, b\nc, d\"",
                "A-2,2026-02-05,1204,VN,\"Mr X",
                "A-3,2026-02-05,1204,VN,",
                "A-4,2026-02-05,1204,VN,called \"boss\"",
            ]
            .join("\n")
            .replace(',', &(delimiter as char).to_string())
                + "\n";
            let stray = vec![(Code::StrayQuote, Some("notes".to_owned()))];
            let id = |s: &str| Some(s.to_owned());
            assert_eq!(
                read_with(&text, delimiter),
                [
                    (2, id("A-1"), vec![]),
                    (4, id("A-2"), stray),
                    (5, id("A-3"), vec![]),
                    (6, id("A-4"), vec![]),
                ],
                "{:?}",
                delimiter as char
            );
        }
    }

    #[test]
    fn the_separator_is_the_one_that_cuts_the_header_into_the_most_names() {
        for (line, expected) in [
            ("arrest_id,date,khan,nationality", b','),
            ("arrest_id;date;khan;nationality", b';'),
            ("arrest_id\tdate\tkhan\tnationality", b'\t'),
            ("arrest_id|date|khan|nationality", b'|'),
            // Quoted names may hold the other separators; unquoted ones may not.
            ("\"id; the arrest's\",\"date|day\",khan", b','),
            ("\"a,b\";\"c,d\";e", b';'),
            ("arrest_id,date,khan,notes (a;b)", b','),
            ("arrest_id;date;khan;name, first", b';'),
            // Names in any script; empty fields and bare separators are no names.
            ("លេខ;កាលបរិច្ឆេទ;ខណ្ឌ", b';'),
            ("arrest_id;;;,", b','),
            // One column, none, or a tie: a comma.
            ("arrest_id", b','),
            ("", b','),
            ("a;b;c|d|e", b','),
            ("a;b,c;d", b';'),
        ] {
            assert_eq!(
                sniff_delimiter(line.as_bytes()) as char,
                expected as char,
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_header_line_is_the_first_that_holds_more_than_white_space() {
        assert_eq!(
            header_line(b"\xef\xbb\xbf\r\n \t\na;b\r\nc", false),
            Some(&b"a;b"[..])
        );
        assert_eq!(header_line(b"a;b", false), None, "it may go on");
        assert_eq!(header_line(b"a;b", true), Some(&b"a;b"[..]));
        assert_eq!(header_line(b"\n \n", true), None);
    }

    #[test]
    fn a_field_that_is_not_utf8_says_how_it_reads_as_windows_1252() {
        assert_eq!(
            invalid_text(b"caf\xe9", None),
            "not valid UTF-8 text (save the file as UTF-8); read as windows-1252 it is \"café\": if the file is in that encoding, read it with --encoding windows-1252"
        );
        // UTF-8 beside a stray byte, or a byte windows-1252 leaves unused, reads as no encoding.
        for bytes in [&b"caf\xc3\xa9 \xe9"[..], b"x\x81y", b"\xe9\xe9\x9d"] {
            assert_eq!(
                invalid_text(bytes, None),
                "not valid UTF-8 text (save the file as UTF-8)"
            );
        }
        assert_eq!(
            invalid_text(b"\xff", Some(encoding_rs::SHIFT_JIS)),
            "not valid Shift_JIS text: the bytes shown as \u{fffd} are no character in Shift_JIS"
        );
    }

    #[test]
    fn a_second_stray_quote_that_closed_the_field_is_reported_too() {
        let text = format!(
            "{HEAD}\n\"A-1,2026-02-05,1204,VN,x\nA-2,2026-02-05,1204,VN,\nA-3,2026-02-05,\"1204,VN,\nA-4,2026-02-05,1204,VN,\n"
        );
        let found = read(&text);
        let lines: Vec<u64> = found.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert_eq!(found[0].1.as_deref(), Some("A-1"), "the quote is left out");
        assert_eq!(found[0].2, [(Code::StrayQuote, Some("arrest_id".into()))]);
        assert!(found[1].2.is_empty());
        assert_eq!(found[2].2, [(Code::StrayQuote, Some("khan".into()))]);
        assert!(found[3].2.is_empty());
    }

    #[test]
    fn a_stray_quote_never_closed_is_read_past_when_records_follow_it() {
        let text = format!(
            "{HEAD}\nA-1,2026-02-05,1204,VN,\"x\nA-2,2026-02-05,1204,VN,\nA-3,2026-02-05,1204,VN,\n"
        );
        let found = read(&text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].2, [(Code::StrayQuote, Some("notes".into()))]);
        // With a single line after it, the file stops with an error naming the quote's line.
        let text = format!("{HEAD}\nA-1,2026-02-05,1204,VN,\"x\nA-2,2026-02-05,1204,VN,\n");
        let mut rows = CsvRows::new(text.as_bytes(), Kind::Arrests, "t.csv".into()).unwrap();
        let mut row = Row::default();
        let error = loop {
            match rows.next_row(&mut row) {
                Ok(true) => {}
                Ok(false) => panic!("no error"),
                Err(e) => break e.to_string(),
            }
        };
        assert!(
            error.starts_with("t.csv:2: a quoted field opened on this line is never closed"),
            "{error}"
        );
    }

    #[test]
    fn a_hashtag_row_under_the_header_is_no_record_and_lines_stay_those_of_the_file() {
        let id = |s: &str| Some(s.to_owned());
        for end in ["\n", "\r\n", "\r"] {
            let tags = "#affected+id,#date+occurred,#adm2+name,#country+code,";
            // A stray quote in the first record after the tags is recovered as anywhere else.
            let text = [
                HEAD,
                tags,
                "A-1,2026-02-05,1204,VN,\"Mr X",
                "A-2,2026-02-05,1204,VN,",
                "",
                "A-3,2026-02-05,1204,VN,",
            ]
            .join(end)
                + end;
            let stray = vec![(Code::StrayQuote, Some("notes".to_owned()))];
            assert_eq!(
                read(&text),
                [
                    (3, id("A-1"), stray),
                    (4, id("A-2"), vec![]),
                    (6, id("A-3"), vec![])
                ],
                "{end:?}"
            );
            // Blank lines may stand between; a file of a header and tags holds no record.
            let text = [HEAD, "", tags, "A-1,2026-02-05,1204,VN,"].join(end);
            assert_eq!(read(&text), [(4, id("A-1"), vec![])], "{end:?}");
            assert_eq!(read(&[HEAD, tags].join(end)), [], "{end:?}");
            // Without tags, the first record is read as it always was.
            let text = [HEAD, "", "A-1,2026-02-05,1204,VN,x"].join(end);
            assert_eq!(read(&text), [(3, id("A-1"), vec![])], "{end:?}");
        }
    }

    #[test]
    fn quoted_notes_over_several_lines_and_quotes_inside_fields_are_not_stray() {
        let text = format!(
            "{HEAD}\nA-1,2026-02-05,1204,VN,\"two lines\nof notes\"\nA-2,2026-02-05,1204,VN,\"a, b\r\nc, d, e\"\nA-3,2026-02-05,1204,VN,5\" screen\nA-4,2026-02-05,1204,VN,called \"boss\n"
        );
        let found = read(&text);
        let lines: Vec<u64> = found.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4, 6, 7]);
        assert!(found.iter().all(|r| r.2.is_empty()), "{found:?}");
    }
}

//! One record as the readers hand it over: the text of each field, with the problems found while
//! reading it, and the trait every reader of rows implements.

use crate::error::{Code, Result};
use crate::model::Kind;

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
    pub(super) fn clear(&mut self, fields: usize, line: u64) {
        self.line = line;
        self.text.clear();
        self.spans.clear();
        self.spans.resize(fields, None);
        self.problems.clear();
    }

    /// Sets field `index` to `value` trimmed; an empty value stays missing.
    pub(super) fn set(&mut self, index: usize, value: &str) {
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
    /// How many bytes of the file were read so far, when the reader counts them.
    fn consumed(&self) -> Option<u64> {
        None
    }
    /// The fields the file's header has columns for (by index in the kind's fields), when the
    /// file has a header; `None` when every record says its own (JSON).
    fn header_fields(&self) -> Option<Vec<usize>> {
        None
    }
}

/// How many unknown columns (or keys) of a file are named one by one; the rest are counted.
pub(super) const UNKNOWN_NAMED: usize = 10;

/// The warning for the unknown columns (or keys, `what`) of a file past the first
/// [`UNKNOWN_NAMED`].
pub(super) fn more_ignored(file: &str, what: &str, more: usize, kind: Kind) -> String {
    format!(
        "{file}: {} more {what} are not among the {} columns and are ignored (only the first {UNKNOWN_NAMED} are named)",
        crate::text::group_digits(more as u64),
        kind.name(),
    )
}

/// The warning for a column (CSV) or key (JSON, `what`) crackdown does not know.
pub(super) fn ignored_column_warning(file: &str, what: &str, column: &str, kind: Kind) -> String {
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

//! The one limit on the size of a record: a file with no line break for gigabytes
//! (`/dev/zero`, a damaged export, a stray quote that takes in the rest of a file) is refused
//! where the record that would hold it starts, before it fills memory.

use std::fmt;
use std::io::{self, Read};

use crate::error::Error;

/// A record ran over the most bytes a record may take. Travels inside an `io::Error` from the
/// readers that notice it to where the file's name is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooLong {
    /// The line where the record starts.
    pub line: u64,
    pub limit: u64,
    /// The line where a quoted field that is still open started, when the record is that long
    /// because of it.
    pub quote: Option<u64>,
    /// What the record is, as the message names it: "the record starting on this line",
    /// "this line", "the element of the array starting on this line".
    pub what: &'static str,
}

impl TooLong {
    pub fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    /// The error of the run: the file, the line, and how to fix it.
    pub fn error(self, file: &str) -> Error {
        let limit = size(self.limit);
        let message = match self.quote {
            Some(q) => format!(
                "a quoted field opened on line {q} is not closed within {limit}, the most one record may take: a stray quote takes every line after it into one field; close the quote (a quote inside a quoted field is written twice: \"\"), or raise --max-record-size if the field really is that long"
            ),
            None => format!(
                "{} runs over {limit}, the most one record may take (is this a file of records? a line break may be missing); raise --max-record-size if records really are that long",
                self.what
            ),
        };
        Error::Input {
            file: file.to_owned(),
            line: Some(self.line),
            message,
        }
    }
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} runs over {}", self.what, size(self.limit))
    }
}

impl std::error::Error for TooLong {}

/// The error of the run for a failed read of `file`: a record too long is bad input (exit 3),
/// anything else a failure to read (exit 4).
pub(super) fn read_error(file: &str, e: io::Error) -> Error {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<TooLong>())
    {
        Some(too_long) => too_long.error(file),
        None => Error::io(format!("cannot read {file}"), e),
    }
}

/// The most bytes of a file read whole (a workbook, which its reader needs whole, or a file of
/// statements): far more than any such file holds, and a bound on what a wrong file
/// (`/dev/zero`) can take.
pub const MAX_WHOLE: u64 = 1 << 30;

/// Reads the rest of `reader` onto `out`, refusing more than [`MAX_WHOLE`] bytes in all.
pub fn read_whole(reader: &mut dyn io::Read, out: &mut Vec<u8>) -> io::Result<()> {
    let room = MAX_WHOLE.saturating_sub(out.len() as u64);
    reader.take(room + 1).read_to_end(out)?;
    if out.len() as u64 > MAX_WHOLE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is larger than {}, the most crackdown reads of a file it needs whole",
                size(MAX_WHOLE)
            ),
        ));
    }
    Ok(())
}

/// A size in words: "16 MiB", "500 KiB", "100 bytes".
pub(super) fn size(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{} bytes", crate::text::group_digits(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_the_unit_they_were_given() {
        assert_eq!(size(16 << 20), "16 MiB");
        assert_eq!(size(500 << 10), "500 KiB");
        assert_eq!(size(1000), "1,000 bytes");
        assert_eq!(size(3 << 30), "3 GiB");
    }

    #[test]
    fn a_record_too_long_is_bad_input_naming_the_line() {
        let e = TooLong {
            line: 7,
            limit: 100,
            quote: None,
            what: "this line",
        }
        .into_io();
        let error = read_error("a.ndjson", e);
        assert_eq!(error.exit(), crate::error::Exit::InvalidData);
        assert!(
            error
                .to_string()
                .starts_with("a.ndjson:7: this line runs over 100 bytes")
        );
        let other = read_error("a.csv", io::Error::other("disk on fire"));
        assert_eq!(other.exit(), crate::error::Exit::Io);
    }
}

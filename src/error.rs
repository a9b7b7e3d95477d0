//! What can go wrong, and the exit code each kind of failure maps to.

use std::fmt;
use std::process::ExitCode;

/// Documented exit codes (README, `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// A check found differences (reconcile, figures --check).
    Differences = 1,
    /// Wrong usage: an unknown flag, a bad option value, an input that does not exist.
    Usage = 2,
    /// Invalid input data: a problem in a record, a missing column, malformed JSON.
    InvalidData = 3,
    /// An input or output failure: an unreadable file, a full disk.
    Io = 4,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// One problem in one record: where it is, what was there and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file as the user named it, `<stdin>`, or `built-in:NAME` for the embedded dataset.
    pub file: String,
    /// The physical line where the record starts (the CSV header is line 1).
    pub line: u64,
    /// The column or JSON key, when the problem is in one.
    pub column: Option<String>,
    /// The value found, when there is one.
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        match (&self.column, &self.value) {
            (Some(c), Some(v)) => write!(f, "{c} {v:?}: ")?,
            (Some(c), None) => write!(f, "{c}: ")?,
            (None, _) => {}
        }
        f.write_str(&self.reason)
    }
}

/// A failure that ends the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible; the message says how to fix it.
    #[error("{0}")]
    Usage(String),
    /// The input cannot be read as records at all (missing column, malformed JSON).
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        file: String,
        line: Option<u64>,
        message: String,
    },
    /// Records were read, and some have problems (strict mode). The problems are listed already.
    #[error("{total} problem{} found in the input; nothing was reported (fix the records, or pass --lenient to leave those rows out)", if *total == 1 { "" } else { "s" })]
    Invalid { total: u64 },
    /// Reading or writing failed.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// A check found differences, already printed.
    #[error("{0}")]
    Differences(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            Error::Input { .. } | Error::Invalid { .. } => Exit::InvalidData,
            Error::Io { .. } => Exit::Io,
            Error::Differences(_) => Exit::Differences,
        }
    }

    pub fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    /// Whether this is a closed pipe on stdout, which is not an error (`crackdown report | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

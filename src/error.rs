//! What can go wrong, and the exit code each kind of failure maps to.

use std::fmt;
use std::process::ExitCode;

use crate::text::{escape, quote};

/// Declares [`Exit`] and [`EXIT_HELP`] from one list: each exit code with what it means.
macro_rules! exits {
    ($($variant:ident = $code:literal: $meaning:literal,)+) => {
        /// The documented exit codes. `--help` shows [`EXIT_HELP`], and README's table is kept
        /// in step with [`Exit::meaning`] by a test.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Exit {
            $(#[doc = $meaning] $variant = $code,)+
        }

        impl Exit {
            pub const ALL: &[Exit] = &[$(Exit::$variant),+];

            pub fn meaning(self) -> &'static str {
                match self {
                    $(Exit::$variant => $meaning),+
                }
            }
        }

        /// The exit codes as `--help` lists them.
        pub const EXIT_HELP: &str = concat!("Exit codes:", $("\n  ", $code, "  ", $meaning),+);
    };
}

exits! {
    Ok = 0: "success",
    Differences = 1: "a check found differences (reconcile, figures --check)",
    Usage = 2: "wrong usage: a bad flag or value, an input not there or a directory, an output over an input",
    InvalidData = 3: "invalid input data: problems in records, a missing column, malformed JSON",
    Io = 4: "an input or output failure: an unreadable input, a read-only output, a full disk",
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Declares [`Code`]: each variant with its written form and what it means.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $word:literal,)+) => {
        /// What kind of problem a record has: a stable code that scripts can branch on. The codes
        /// are listed, with what each means, in README ("Problem codes"); a test keeps the two in
        /// step.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)+
        }

        impl Code {
            /// Every code, in the order README lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as written in JSON and CSV: `unknown-khan`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $word),+ }
            }

            /// What the code means, in words (README's list).
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),+).trim_ascii()),+ }
            }
        }
    };
}

codes! {
    /// A cell is not valid UTF-8 text.
    InvalidText = "invalid-text",
    /// A CSV row has more or fewer fields than the header.
    FieldCount = "field-count",
    /// A quote inside an unquoted CSV field opened a quoted field that swallowed later lines.
    StrayQuote = "stray-quote",
    /// A JSON element is not well-formed JSON.
    MalformedJson = "malformed-json",
    /// A JSON element is not an object.
    NotAnObject = "not-an-object",
    /// A JSON object gives the same key twice.
    DuplicateKey = "duplicate-key",
    /// A JSON value is an array, object or boolean where text or a number belongs.
    WrongType = "wrong-type",
    /// A spreadsheet cell holds an error (`#DIV/0!`, `#REF!`, `#VALUE!`, …) instead of a value.
    CellError = "cell-error",
    /// A required value is missing (empty, null, or a missing-value token).
    MissingValue = "missing-value",
    /// A value holds a control character, a NUL, a formula sign or punctuation that no name has.
    UnexpectedCharacter = "unexpected-character",
    /// A Khan that is not one of the 14 of Phnom Penh.
    UnknownKhan = "unknown-khan",
    /// A province that is not one of the 25 of Cambodia.
    UnknownProvince = "unknown-province",
    /// A district, municipality or Khan that is not in the gazetteer of Cambodia.
    UnknownDistrict = "unknown-district",
    /// A district name that several provinces have, with no province to choose.
    AmbiguousDistrict = "ambiguous-district",
    /// A Khan, district and province of one record that do not fit together.
    PlaceMismatch = "place-mismatch",
    /// A nationality that names no country.
    UnknownNationality = "unknown-nationality",
    /// A nationality that could name more than one country.
    AmbiguousNationality = "ambiguous-nationality",
    /// A value that is not a date.
    InvalidDate = "invalid-date",
    /// A numeric date whose day and month could be swapped.
    AmbiguousDate = "ambiguous-date",
    /// A date outside the period that published.json declares.
    OutsidePeriod = "outside-period",
    /// A count that is not a whole number of 0 or more.
    InvalidCount = "invalid-count",
    /// More women identified than foreign nationals identified.
    WomenExceedForeigners = "women-exceed-foreigners",
    /// A value outside a closed list (premises type, sex, role, status).
    UnknownValue = "unknown-value",
    /// An id used by an earlier row.
    DuplicateId = "duplicate-id",
    /// An id that differs from an earlier one only in case or in the hyphen used (D-1, d-1, D‐1).
    ProbableDuplicateId = "probable-duplicate-id",
    /// A reference to a record that is in none of the files of the kind it points to.
    DanglingReference = "dangling-reference",
    /// A reference to a record that was rejected.
    RejectedReference = "rejected-reference",
    /// A defendant's nationality differs from that of the arrest it names.
    NationalityMismatch = "nationality-mismatch",
    /// A case filed before the arrest it names.
    FiledBeforeArrest = "filed-before-arrest",
    /// A defendant names an arrest that another defendant already names.
    ArrestProsecutedTwice = "arrest-prosecuted-twice",
    /// A statement names neither the address (source_url) nor the outlet that published it.
    MissingSource = "missing-source",
    /// A statement's period ends before it starts.
    PeriodReversed = "period-reversed",
    /// A statement's province or district does not fit its scope (a province figure without its province).
    ScopeMismatch = "scope-mismatch",
    /// A statement's parts (per nationality, or its women) add up to more than the total the same source gives.
    BreakdownExceedsTotal = "breakdown-exceeds-total",
    /// A warning: a cumulative series of statements (same first day, scope, figure, nationality) falls.
    CumulativeFalls = "cumulative-falls",
    /// A warning: sources give different values for the same figure, scope, period and nationality.
    ConflictingValues = "conflicting-values",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem in one record: where it is, what was there and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// What kind of problem it is (stable, listed in README).
    pub code: Code,
    /// The file as the user named it, `<stdin>`, or `built-in:NAME` for the embedded dataset.
    pub file: String,
    /// The sheet and the cell, when the file is a workbook (JSON `sheet` and `cell`).
    #[serde(flatten)]
    pub sheet: Option<SheetPlace>,
    /// The physical line where the record starts (the CSV header is line 1); in a workbook, the
    /// row number the spreadsheet shows.
    pub line: u64,
    /// The column or JSON key, when the problem is in one.
    pub column: Option<String>,
    /// The value found, when there is one.
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub reason: String,
}

/// Where in a workbook a problem is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SheetPlace {
    /// The sheet's name.
    pub sheet: String,
    /// The cell (`C12`) when the problem is in one column.
    pub cell: Option<String>,
    /// The letter of the column (`C`), for people.
    #[serde(skip)]
    pub letter: Option<String>,
}

impl Problem {
    /// The file as problems name it: `arrests.csv`, or `arrests.xlsx, sheet "Arrests"`.
    pub fn place(&self) -> String {
        match &self.sheet {
            None => self.file.clone(),
            Some(place) => format!("{}, sheet {}", self.file, quote(&place.sheet)),
        }
    }

    /// The column as people read it: `nationality`, or `C (nationality)` in a workbook.
    pub fn column_label(&self) -> Option<String> {
        let column = self.column.as_deref()?;
        Some(
            match self.sheet.as_ref().and_then(|s| s.letter.as_deref()) {
                Some(letter) => format!("{letter} ({column})"),
                None => column.to_owned(),
            },
        )
    }

    /// What a record's place in the file is called: a line of text, a row of a sheet.
    pub fn line_word(&self) -> &'static str {
        if self.sheet.is_some() { "row" } else { "line" }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shown on a terminal: the value as written (Khmer stays Khmer), terminal controls escaped.
        match &self.sheet {
            None => write!(f, "{}:{}: ", escape(&self.file), self.line)?,
            Some(place) => {
                let (file, sheet) = (escape(&self.file), quote(&place.sheet));
                write!(f, "{file}, sheet {sheet}, row {}", self.line)?;
                f.write_str(if self.column.is_some() {
                    ", column "
                } else {
                    ": "
                })?;
            }
        }
        match (self.column_label(), &self.value) {
            (Some(c), Some(v)) => write!(f, "{} {}: ", escape(&c), quote(v))?,
            (Some(c), None) => write!(f, "{}: ", escape(&c))?,
            (None, _) => {}
        }
        f.write_str(&escape(&self.reason))
    }
}

/// A failure that ends the run. Its message is shown on a terminal, so terminal controls in it
/// (from a file name or a value quoted in it) are escaped; every other character stays as it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible; the message says how to fix it.
    #[error("{}", escape(.0))]
    Usage(String),
    /// The input cannot be read as records at all (missing column, malformed JSON).
    #[error("{}{}: {}", escape(.file), .line.map(|l| format!(":{l}")).unwrap_or_default(), escape(.message))]
    Input {
        file: String,
        line: Option<u64>,
        message: String,
    },
    /// Records were read, and some have problems (strict mode). The problems are listed already.
    #[error("{total} problem{} found in the input; nothing was reported (fix the records, or pass --lenient to leave those rows out)", if *total == 1 { "" } else { "s" })]
    Invalid { total: u64 },
    /// Reading or writing failed.
    #[error("{}: {source}", escape(.what))]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// A check found differences, already printed.
    #[error("{}", escape(.0))]
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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_lists_every_exit_code_with_its_meaning() {
        let readme = include_str!("../README.md");
        let table = readme
            .split("## Exit codes")
            .nth(1)
            .expect("README has an exit code section");
        let rows: Vec<&str> = table
            .lines()
            .skip_while(|l| !l.starts_with("|---"))
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let expected: Vec<String> = Exit::ALL
            .iter()
            .map(|&e| format!("| {} | {} |", e as u8, e.meaning()))
            .collect();
        assert_eq!(rows, expected);
        assert!(EXIT_HELP.contains("\n  3  invalid input data"));
    }

    #[test]
    fn the_json_schema_lists_every_problem_code() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../docs/document.schema.json")).unwrap();
        let listed: Vec<&str> = schema["$defs"]["problem"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, codes);
    }

    #[test]
    fn readme_lists_every_problem_code_with_its_meaning() {
        let readme = include_str!("../README.md");
        for code in Code::ALL {
            let row = format!(
                "| `{}` | {} |",
                code.as_str(),
                code.meaning().trim_end_matches('.')
            );
            assert!(readme.contains(&row), "README lacks {row}");
        }
        let listed = readme.matches("\n| `").count();
        assert!(listed >= Code::ALL.len());
    }
}

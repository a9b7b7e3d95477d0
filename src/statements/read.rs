//! Reading a statements file: a CSV file with exactly the columns of [`COLUMNS`], one published
//! figure a row. Each row becomes a [`Statement`] or is refused with every problem it has (file,
//! line, column, value, reason), as record rows are: read = used + rejected.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Figure, Qualifier, Scope, Statement};
use crate::date::{self, DateError, DateOrder};
use crate::error::{Code, Error, Problem, Result};
use crate::gazetteer::{District, Province};
use crate::missing::Missing;
use crate::nationality::Nationality;
use crate::text::quote;
use crate::validate::{Counts, parse_count};

/// The columns of a statements file, in the order crackdown writes them; a file has each of them
/// once, in any order, and no other.
pub const COLUMNS: [&str; 15] = [
    "statement_id",
    "published",
    "period_start",
    "period_end",
    "scope",
    "province",
    "district",
    "figure",
    "nationality",
    "value",
    "qualifier",
    "source_url",
    "outlet",
    "title",
    "quote",
];

/// Where a statements file comes from: a file, or text embedded in the binary.
#[derive(Debug, Clone)]
pub enum StatementFile {
    Path(PathBuf),
    Builtin {
        /// As problems name it: `built-in:cambodia-campaign/statements.csv`.
        name: String,
        text: &'static str,
    },
}

impl StatementFile {
    /// The file as problems name it.
    pub fn display_name(&self) -> String {
        match self {
            StatementFile::Path(path) => path.display().to_string(),
            StatementFile::Builtin { name, .. } => name.clone(),
        }
    }

    fn bytes(&self) -> Result<Vec<u8>> {
        match self {
            StatementFile::Path(path) => read_file(path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::Usage(format!("{} does not exist", crate::output::shown(path)))
                } else {
                    Error::io(format!("cannot read {}", crate::output::shown(path)), e)
                }
            }),
            StatementFile::Builtin { text, .. } => Ok(text.as_bytes().to_vec()),
        }
    }
}

/// The bytes of a statements file, read whole (up to the bound on files read whole).
fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    crate::load::bounded::read_whole(&mut std::fs::File::open(path)?, &mut bytes)?;
    Ok(bytes)
}

/// What reading the statements files found: the statements, in reading order, and the problems
/// of the rows refused.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub statements: Vec<Statement>,
    pub problems: Vec<Problem>,
    /// Per file, in reading order: its name and its rows read, used and rejected.
    pub files: Vec<(String, Counts)>,
}

/// Reads every statements file, one after another as one table (ids are unique across them).
pub fn read(
    files: &[StatementFile],
    date_order: Option<DateOrder>,
    missing: &Missing,
) -> Result<Read> {
    let mut read = Read::default();
    let mut ids: HashMap<String, (String, u64)> = HashMap::new();
    for file in files {
        let name = file.display_name();
        let bytes = file.bytes()?;
        let counts = read_one(&name, &bytes, date_order, missing, &mut ids, &mut read)?;
        read.files.push((name, counts));
    }
    Ok(read)
}

fn read_one(
    name: &str,
    bytes: &[u8],
    date_order: Option<DateOrder>,
    missing: &Missing,
    ids: &mut HashMap<String, (String, u64)>,
    read: &mut Read,
) -> Result<Counts> {
    let bytes = bytes.strip_prefix(crate::output::BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let input_error = |line: Option<u64>, message: String| Error::Input {
        file: name.to_owned(),
        line,
        message,
    };
    let header = match records.next() {
        None => return Ok(Counts::default()),
        Some(Err(e)) => return Err(input_error(Some(1), format!("cannot read the header: {e}"))),
        Some(Ok(header)) => header,
    };
    let line = header.position().map_or(1, |p| p.line());
    let names: Vec<String> = header
        .iter()
        .map(|n| String::from_utf8_lossy(n).trim().to_lowercase())
        .collect();
    // Where each column is: a statements file has every column once, and no other.
    let mut at = [usize::MAX; COLUMNS.len()];
    for (i, n) in names.iter().enumerate() {
        match COLUMNS.iter().position(|c| c == n) {
            Some(c) if at[c] != usize::MAX => {
                return Err(input_error(
                    Some(line),
                    format!("the column {} is named twice", quote(n)),
                ));
            }
            Some(c) => at[c] = i,
            None => {
                return Err(input_error(
                    Some(line),
                    format!(
                        "{} is not a column of statements, which has exactly these: {}",
                        quote(n),
                        COLUMNS.join(",")
                    ),
                ));
            }
        }
    }
    let absent: Vec<&str> = COLUMNS
        .iter()
        .zip(at)
        .filter(|(_, i)| *i == usize::MAX)
        .map(|(c, _)| *c)
        .collect();
    if !absent.is_empty() {
        return Err(input_error(
            Some(line),
            format!(
                "missing column{} {}: a statements file has exactly these columns: {}",
                if absent.len() == 1 { "" } else { "s" },
                absent.join(", "),
                COLUMNS.join(",")
            ),
        ));
    }
    let mut counts = Counts::default();
    for record in records {
        let record = record.map_err(|e| input_error(None, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        counts.read += 1;
        let mut row = RowReader {
            file: name,
            line,
            problems: Vec::new(),
        };
        if record.len() != names.len() {
            row.problem(
                Code::FieldCount,
                None,
                None,
                format!(
                    "the row has {} fields and the header {}",
                    record.len(),
                    names.len()
                ),
            );
        } else {
            let mut cells: [Option<String>; COLUMNS.len()] = Default::default();
            for (c, &i) in at.iter().enumerate() {
                match std::str::from_utf8(&record[i]) {
                    Ok(text) => {
                        let text = text.trim();
                        cells[c] = (!text.is_empty()).then(|| text.to_owned());
                    }
                    Err(_) => row.problem(
                        Code::InvalidText,
                        Some(COLUMNS[c]),
                        Some(String::from_utf8_lossy(&record[i]).into_owned()),
                        "not valid UTF-8 text: save the file as UTF-8".into(),
                    ),
                }
            }
            if row.problems.is_empty()
                && let Some(statement) = row.statement(cells, date_order, missing)
                && row.problems.is_empty()
            {
                match ids.get(&statement.statement_id) {
                    Some((file, first)) => {
                        let reason = if file == name {
                            format!("this id is used by an earlier row (line {first})")
                        } else {
                            format!("this id is used by an earlier row ({file}, line {first})")
                        };
                        row.problem(
                            Code::DuplicateId,
                            Some("statement_id"),
                            Some(statement.statement_id.clone()),
                            reason,
                        );
                    }
                    None => {
                        ids.insert(statement.statement_id.clone(), (name.to_owned(), line));
                        counts.used += 1;
                        read.statements.push(statement);
                        continue;
                    }
                }
            }
        }
        counts.rejected += 1;
        read.problems.append(&mut row.problems);
    }
    Ok(counts)
}

/// One row being read: the problems found in it so far.
struct RowReader<'a> {
    file: &'a str,
    line: u64,
    problems: Vec<Problem>,
}

impl RowReader<'_> {
    fn problem(&mut self, code: Code, column: Option<&str>, value: Option<String>, reason: String) {
        self.problems.push(Problem {
            code,
            file: self.file.to_owned(),
            sheet: None,
            line: self.line,
            column: column.map(str::to_owned),
            value,
            reason,
        });
    }

    /// A required cell's text, or a problem.
    fn required(&mut self, cells: &mut [Option<String>], column: &'static str) -> Option<String> {
        let i = COLUMNS.iter().position(|c| *c == column).expect("a column");
        let cell = cells[i].take();
        if cell.is_none() {
            self.problem(
                Code::MissingValue,
                Some(column),
                None,
                format!("{column} is required"),
            );
        }
        cell
    }

    fn date(
        &mut self,
        column: &'static str,
        text: Option<String>,
        order: Option<DateOrder>,
    ) -> Option<chrono::NaiveDate> {
        let text = text?;
        match date::parse(&text, order) {
            Ok(date) => Some(date),
            Err(e) => {
                let code = match e {
                    DateError::Ambiguous { .. } => Code::AmbiguousDate,
                    _ => Code::InvalidDate,
                };
                self.problem(code, Some(column), Some(text), e.to_string());
                None
            }
        }
    }

    fn word<T>(
        &mut self,
        column: &'static str,
        text: Option<String>,
        read: impl Fn(&str) -> Option<T>,
        words: &[&str],
    ) -> Option<T> {
        let text = text?;
        let value = read(&text);
        if value.is_none() {
            self.problem(
                Code::UnknownValue,
                Some(column),
                Some(text),
                format!("expected one of: {}", words.join(", ")),
            );
        }
        value
    }

    /// The statement a row's cells make, or `None` with the problems noted.
    fn statement(
        &mut self,
        mut cells: [Option<String>; COLUMNS.len()],
        order: Option<DateOrder>,
        missing: &Missing,
    ) -> Option<super::Statement> {
        let take = |cells: &mut [Option<String>], column: &str| {
            let i = COLUMNS.iter().position(|c| *c == column).expect("a column");
            cells[i].take()
        };
        let id = self.required(&mut cells, "statement_id");
        let published = take(&mut cells, "published").filter(|t| !missing.is_missing(t));
        let published = self.date("published", published, order);
        let start = self.required(&mut cells, "period_start");
        let start = self.date("period_start", start, order);
        let end = self.required(&mut cells, "period_end");
        let end = self.date("period_end", end, order);
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            self.problem(
                Code::PeriodReversed,
                Some("period_end"),
                Some(end.to_string()),
                format!("the period ends before it starts ({start})"),
            );
        }
        let scope = self.required(&mut cells, "scope");
        let scope = self.word(
            "scope",
            scope,
            Scope::from_word,
            &["country", "province", "district"],
        );
        let province = take(&mut cells, "province");
        let district = take(&mut cells, "district");
        match scope {
            Some(Scope::Province) if province.is_none() => self.problem(
                Code::ScopeMismatch,
                Some("province"),
                None,
                "a figure of province scope names its province".into(),
            ),
            Some(Scope::District) if district.is_none() => self.problem(
                Code::ScopeMismatch,
                Some("district"),
                None,
                "a figure of district scope names its district".into(),
            ),
            Some(Scope::Country) if province.is_some() || district.is_some() => self.problem(
                Code::ScopeMismatch,
                Some(if province.is_some() { "province" } else { "district" }),
                province.clone().or(district.clone()),
                "a figure of country scope names no province or district: write scope province or district".into(),
            ),
            Some(Scope::Province) if district.is_some() => self.problem(
                Code::ScopeMismatch,
                Some("district"),
                district.clone(),
                "a figure of province scope names no district: write scope district".into(),
            ),
            _ => {}
        }
        // Places are the gazetteer's: any spelling is written as its name, and a district names
        // its province.
        let province_of = province.as_deref().map(Province::resolve);
        let within = province_of.as_ref().and_then(|p| p.as_ref().ok()).copied();
        let province = match province_of {
            Some(Ok(p)) => Some(p.name().to_owned()),
            Some(Err(e)) => {
                self.problem(e.code(), Some("province"), province, e.reason());
                None
            }
            None => None,
        };
        let (province, district) = match district.as_deref().map(|d| District::resolve(d, within)) {
            Some(Ok(d)) => (
                Some(d.province().name().to_owned()),
                Some(d.name().to_owned()),
            ),
            Some(Err(e)) => {
                self.problem(e.code(), Some("district"), district, e.reason());
                (province, None)
            }
            None => (province, None),
        };
        let figure = self.required(&mut cells, "figure");
        let keys: Vec<&str> = Figure::ALL.iter().map(|f| f.key()).collect();
        let figure = self.word("figure", figure, Figure::from_word, &keys);
        let nationality = match take(&mut cells, "nationality").filter(|t| !missing.is_missing(t)) {
            None => None,
            Some(text) => match Nationality::resolve(&text) {
                Ok(n) => Some(n),
                Err(e) => {
                    self.problem(e.code(), Some("nationality"), Some(text), e.reason());
                    None
                }
            },
        };
        let value = self.required(&mut cells, "value");
        let value = value.and_then(|text| match parse_count(&text) {
            Ok(n) => Some(u64::from(n)),
            Err(reason) => {
                self.problem(Code::InvalidCount, Some("value"), Some(text), reason);
                None
            }
        });
        let qualifier = self.required(&mut cells, "qualifier");
        let words: Vec<&str> = Qualifier::ALL.iter().map(|q| q.word()).collect();
        let qualifier = self.word("qualifier", qualifier, Qualifier::from_word, &words);
        let source_url = take(&mut cells, "source_url");
        let outlet = take(&mut cells, "outlet");
        if source_url.is_none() && outlet.is_none() {
            self.problem(
                Code::MissingSource,
                Some("source_url"),
                None,
                "every figure has a source: give its address (source_url) or the outlet that published it (outlet)".into(),
            );
        }
        let title = take(&mut cells, "title");
        let quote = take(&mut cells, "quote");
        if !self.problems.is_empty() {
            return None;
        }
        Some(super::Statement {
            statement_id: id?,
            published,
            period_start: start?,
            period_end: end?,
            scope: scope?,
            province,
            district,
            figure: figure?,
            nationality,
            value: value?,
            qualifier: qualifier?,
            source_url,
            outlet,
            title,
            quote,
            file: self.file.to_owned(),
            line: self.line,
        })
    }
}

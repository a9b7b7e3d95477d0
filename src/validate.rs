//! Reads every row of a dataset, interprets its values and checks it against the other records.
//! Each row is either used (handed to a [`RecordSink`]) or rejected with its problems (handed to
//! a [`ProblemSink`]); the counts say so, and `read == used + rejected` always holds.
//!
//! Memory grows with the number of distinct ids (needed for duplicate and reference checks) and
//! distinct spellings, never with whole records.

use foldhash::HashMap;
use foldhash::HashMapExt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::date::{self, DateOrder};
use crate::error::{Code, Problem, Result};
use crate::ids::IdMap;
use crate::khan::Khan;
use crate::load::{Dataset, Row};
use crate::model::{
    ARREST_FIELDS, Arrest, INSPECTION_FIELDS, Inspection, Kind, PROSECUTION_FIELDS, PremisesType,
    Prosecution, Role, Sex, Status, Vocabulary, field_index,
};
use crate::nationality::{Nationality, NationalityError};
use crate::published::Period;

/// How values are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// How to read numeric dates whose day and month could swap; `None` refuses them.
    pub date_order: Option<DateOrder>,
}

/// Receives each record that passed every check.
pub trait RecordSink {
    fn inspection(&mut self, _record: &Inspection<'_>) {}
    fn arrest(&mut self, _record: &Arrest<'_>) {}
    /// `arrest` describes the arrest the record names, when arrests were loaded and it names one.
    fn prosecution(&mut self, _record: &Prosecution<'_>, _arrest: Option<&LinkedArrest>) {}
}

/// What a prosecution's sink learns of the arrest it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkedArrest {
    pub date: NaiveDate,
    pub khan: Khan,
}

/// A sink that keeps nothing, for when only the checks matter.
impl RecordSink for () {}

/// Receives each problem as it is found.
pub trait ProblemSink {
    fn problem(&mut self, kind: Kind, problem: Problem) -> Result<()>;
}

/// Rows read, used and rejected for one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
}

/// What a pass over a dataset found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Per kind of record that was loaded, in the order inspections, arrests, prosecutions.
    pub counts: Vec<(Kind, Counts)>,
    /// Problems found (a rejected row may have several).
    pub problems: u64,
    /// Warnings about whole files (ignored columns), in the order found.
    pub warnings: Vec<String>,
}

impl Outcome {
    pub fn counts(&self, kind: Kind) -> Option<Counts> {
        self.counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, c)| *c)
    }

    pub fn is_clean(&self) -> bool {
        self.problems == 0
    }
}

/// Reads and checks every file of `dataset`, in the order inspections, arrests, prosecutions.
pub fn run(
    dataset: &Dataset,
    options: Options,
    records: &mut dyn RecordSink,
    problems: &mut dyn ProblemSink,
) -> Result<Outcome> {
    let mut checker = Checker {
        options,
        period: dataset.published.as_ref().and_then(|p| p.period),
        inspections: None,
        arrests: None,
        defendants: IdMap::default(),
        khans: HashMap::new(),
        nationalities: HashMap::new(),
    };
    let mut outcome = Outcome::default();
    for input in &dataset.inputs {
        let file = input.display_name();
        let mut counts = Counts::default();
        match input.kind {
            Kind::Inspections => checker.inspections = Some(Ids::new(file.clone())),
            Kind::Arrests => checker.arrests = Some(Ids::new(file.clone())),
            Kind::Prosecutions => {}
        }
        let warnings = input.for_each_row(|row| {
            counts.read += 1;
            let found = checker.check(input.kind, &file, row, records);
            if found.is_empty() {
                counts.used += 1;
            } else {
                counts.rejected += 1;
                outcome.problems += found.len() as u64;
                for problem in found {
                    problems.problem(input.kind, problem)?;
                }
            }
            Ok(())
        })?;
        outcome.warnings.extend(warnings);
        outcome.counts.push((input.kind, counts));
    }
    Ok(outcome)
}

/// The ids of one kind seen so far: where each was first seen and what the checks need of it.
struct Ids<T> {
    file: String,
    seen: IdMap<Seen<T>>,
}

struct Seen<T> {
    line: u64,
    /// `Some` once the row passed every check.
    used: Option<T>,
}

impl<T> Ids<T> {
    fn new(file: String) -> Self {
        Ids {
            file,
            seen: IdMap::default(),
        }
    }

    /// Records the id's first line; on a duplicate, returns the reason naming the first line.
    fn claim(&mut self, id: &str, line: u64, column: &str) -> Option<String> {
        let first = self.seen.insert_new(id, Seen { line, used: None })?;
        Some(format!(
            "duplicate {column}: already used on line {}",
            first.line
        ))
    }

    fn mark_used(&mut self, id: &str, value: T) {
        if let Some(seen) = self.seen.get_mut(id) {
            seen.used = Some(value);
        }
    }

    /// Looks up a reference; `Err` says why it dangles.
    fn refer(&self, id: &str, what: &str) -> Result<&T, (Code, String)> {
        match self.seen.get(id) {
            None => Err((
                Code::DanglingReference,
                format!("names no {what} in {}", self.file),
            )),
            Some(Seen { used: Some(v), .. }) => Ok(v),
            Some(Seen { line, used: None }) => Err((
                Code::RejectedReference,
                format!(
                    "names the {what} on line {line} of {}, which was rejected",
                    self.file
                ),
            )),
        }
    }
}

/// What prosecutions need to know of an arrest.
struct ArrestFacts {
    line: u64,
    nationality: Nationality,
    linked: LinkedArrest,
}

struct Checker {
    options: Options,
    period: Option<Period>,
    /// `None` until inspections are loaded: references to them are checked only then.
    inspections: Option<Ids<()>>,
    arrests: Option<Ids<ArrestFacts>>,
    defendants: IdMap<u64>,
    /// Each distinct spelling is resolved once.
    khans: HashMap<Box<str>, Result<Khan, (Code, String)>>,
    nationalities: HashMap<Box<str>, Result<Nationality, (Code, String)>>,
}

/// Past this many distinct spellings, resolution results are no longer cached (memory bound).
const CACHE_LIMIT: usize = 100_000;

impl Checker {
    fn check(
        &mut self,
        kind: Kind,
        file: &str,
        row: &Row,
        records: &mut dyn RecordSink,
    ) -> Vec<Problem> {
        let mut cells = Cells {
            row,
            kind,
            file,
            problems: Vec::new(),
        };
        for p in &row.problems {
            cells.problem_owned(p.code, p.column.clone(), p.value.clone(), p.reason.clone());
        }
        // A row that could not be read as a whole (malformed JSON, fields shifted by a missing
        // quote) would only add confusing problems about its cells.
        if row.problems.iter().any(|p| p.column.is_none()) {
            return cells.problems;
        }
        match kind {
            Kind::Inspections => {
                if let Some(record) = self.inspection(&mut cells) {
                    records.inspection(&record);
                }
            }
            Kind::Arrests => {
                if let Some(record) = self.arrest(&mut cells) {
                    records.arrest(&record);
                }
            }
            Kind::Prosecutions => {
                if let Some(record) = self.prosecution(&mut cells) {
                    let arrest = record.arrest_id.and_then(|id| {
                        let ids = self.arrests.as_ref()?;
                        ids.refer(id, "arrest").ok().map(|facts| facts.linked)
                    });
                    records.prosecution(&record, arrest.as_ref());
                }
            }
        }
        cells.problems
    }

    fn inspection<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Inspection<'r>> {
        let id = cells.required(col!(inspection "inspection_id"));
        if let (Some(id), Some(ids)) = (id, self.inspections.as_mut())
            && let Some(reason) = ids.claim(id, cells.row.line, "inspection_id")
        {
            cells.problem(
                Code::DuplicateId,
                col!(inspection "inspection_id"),
                Some(id),
                reason,
            );
        }
        let date = self.date(cells, col!(inspection "date"), true);
        let khan = self.khan(cells, col!(inspection "khan"));
        let premises_type = cells.vocabulary::<PremisesType>(col!(inspection "premises_type"));
        let foreigners = cells.count(col!(inspection "foreigners_identified"));
        let women = cells.count(col!(inspection "women_identified"));
        if let (Some(f), Some(w)) = (foreigners, women)
            && w > f
        {
            cells.problem(
                Code::WomenExceedForeigners,
                col!(inspection "women_identified"),
                cells.text(col!(inspection "women_identified")),
                format!("more than foreigners_identified ({f}); the women are counted among the foreign nationals"),
            );
        }
        if !cells.problems.is_empty() {
            return None;
        }
        let record = Inspection {
            inspection_id: id?,
            date: date?,
            khan: khan?,
            premises_type: premises_type?,
            premises_name: cells.text(col!(inspection "premises_name")),
            foreigners_identified: foreigners?,
            women_identified: women?,
            operation_id: cells.text(col!(inspection "operation_id")),
            source: cells.text(col!(inspection "source")),
            notes: cells.text(col!(inspection "notes")),
        };
        if let Some(ids) = self.inspections.as_mut() {
            ids.mark_used(record.inspection_id, ());
        }
        Some(record)
    }

    fn arrest<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Arrest<'r>> {
        let id = cells.required(col!(arrest "arrest_id"));
        if let (Some(id), Some(ids)) = (id, self.arrests.as_mut())
            && let Some(reason) = ids.claim(id, cells.row.line, "arrest_id")
        {
            cells.problem(
                Code::DuplicateId,
                col!(arrest "arrest_id"),
                Some(id),
                reason,
            );
        }
        let date = self.date(cells, col!(arrest "date"), true);
        let khan = self.khan(cells, col!(arrest "khan"));
        let nationality = self.nationality(cells, col!(arrest "nationality"));
        let sex = cells.optional_vocabulary::<Sex>(col!(arrest "sex"));
        if let (Some(inspection), Some(ids)) = (
            cells.text(col!(arrest "inspection_id")),
            self.inspections.as_ref(),
        ) && let Err((code, reason)) = ids.refer(inspection, "inspection")
        {
            cells.problem(code, col!(arrest "inspection_id"), Some(inspection), reason);
        }
        if !cells.problems.is_empty() {
            return None;
        }
        let record = Arrest {
            arrest_id: id?,
            date: date?,
            khan: khan?,
            nationality: nationality?,
            sex: sex?,
            operation_id: cells.text(col!(arrest "operation_id")),
            inspection_id: cells.text(col!(arrest "inspection_id")),
            source: cells.text(col!(arrest "source")),
            notes: cells.text(col!(arrest "notes")),
        };
        if let Some(ids) = self.arrests.as_mut() {
            let facts = ArrestFacts {
                line: cells.row.line,
                nationality: record.nationality,
                linked: LinkedArrest {
                    date: record.date,
                    khan: record.khan,
                },
            };
            ids.mark_used(record.arrest_id, facts);
        }
        Some(record)
    }

    fn prosecution<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Prosecution<'r>> {
        let case_id = cells.required(col!(prosecution "case_id"));
        let defendant_id = cells.required(col!(prosecution "defendant_id"));
        if let Some(id) = defendant_id
            && let Some(first) = self.defendants.insert_new(id, cells.row.line)
        {
            let reason = format!("duplicate defendant_id: already used on line {first}");
            cells.problem(
                Code::DuplicateId,
                col!(prosecution "defendant_id"),
                Some(id),
                reason,
            );
        }
        let nationality = self.nationality(cells, col!(prosecution "nationality"));
        let role = cells.vocabulary::<Role>(col!(prosecution "role"));
        let filed = self.date(cells, col!(prosecution "filed"), false);
        let status = cells.vocabulary::<Status>(col!(prosecution "status"));
        if let (Some(arrest_id), Some(ids)) = (
            cells.text(col!(prosecution "arrest_id")),
            self.arrests.as_ref(),
        ) {
            match ids.refer(arrest_id, "arrest") {
                Err((code, reason)) => {
                    cells.problem(code, col!(prosecution "arrest_id"), Some(arrest_id), reason)
                }
                Ok(arrest) => {
                    if let Some(n) = nationality
                        && n != arrest.nationality
                    {
                        let reason = format!(
                            "differs from the nationality of arrest {arrest_id} ({}, line {} of {})",
                            arrest.nationality, arrest.line, ids.file
                        );
                        cells.problem(
                            Code::NationalityMismatch,
                            col!(prosecution "nationality"),
                            cells.text(col!(prosecution "nationality")),
                            reason,
                        );
                    }
                    if let Some(filed) = filed
                        && filed < arrest.linked.date
                    {
                        let reason = format!(
                            "the case was filed before arrest {arrest_id} was made ({}, line {} of {})",
                            arrest.linked.date, arrest.line, ids.file
                        );
                        cells.problem(
                            Code::FiledBeforeArrest,
                            col!(prosecution "filed"),
                            cells.text(col!(prosecution "filed")),
                            reason,
                        );
                    }
                }
            }
        }
        if !cells.problems.is_empty() {
            return None;
        }
        Some(Prosecution {
            case_id: case_id?,
            defendant_id: defendant_id?,
            arrest_id: cells.text(col!(prosecution "arrest_id")),
            nationality: nationality?,
            role: role?,
            filed: filed?,
            status: status?,
            charge: cells.text(col!(prosecution "charge")),
            source: cells.text(col!(prosecution "source")),
            notes: cells.text(col!(prosecution "notes")),
        })
    }

    /// A required date; `in_period` asks that it fall in the dataset's declared period.
    fn date(&self, cells: &mut Cells, column: usize, in_period: bool) -> Option<NaiveDate> {
        let text = cells.required(column)?;
        match date::parse(text, self.options.date_order) {
            Err(e) => {
                let code = match e {
                    date::DateError::Ambiguous { .. } => Code::AmbiguousDate,
                    _ => Code::InvalidDate,
                };
                cells.problem(code, column, Some(text), e.to_string());
                None
            }
            Ok(date) => {
                if in_period
                    && let Some(period) = self.period
                    && !period.contains(date)
                {
                    let reason = format!(
                        "{date} is outside the dataset's period, {} to {} (published.json)",
                        period.from, period.to
                    );
                    cells.problem(Code::OutsidePeriod, column, Some(text), reason);
                }
                Some(date)
            }
        }
    }

    fn khan(&mut self, cells: &mut Cells, column: usize) -> Option<Khan> {
        let text = cells.required(column)?;
        let resolved = cached(&mut self.khans, text, |t| {
            Khan::resolve(t).map_err(|e| (Code::UnknownKhan, match e.suggestion {
                Some(k) => format!("not a Khan of Phnom Penh; did you mean {} ({})?", k.name(), k.code()),
                None => "not a Khan of Phnom Penh: expected one of the 14 by name (Tuol Kouk, Toul Kork), Khmer name, code (1204) or P-code (KH1204)".to_owned(),
            }))
        });
        cells.resolved(column, text, resolved)
    }

    fn nationality(&mut self, cells: &mut Cells, column: usize) -> Option<Nationality> {
        let text = cells.required(column)?;
        let resolved = cached(&mut self.nationalities, text, |t| {
            Nationality::resolve(t).map_err(nationality_reason)
        });
        cells.resolved(column, text, resolved)
    }
}

fn nationality_reason(e: NationalityError) -> (Code, String) {
    let code = match e {
        NationalityError::Unknown { .. } => Code::UnknownNationality,
        NationalityError::Ambiguous { .. } => Code::AmbiguousNationality,
    };
    (code, nationality_words(e))
}

fn nationality_words(e: NationalityError) -> String {
    let describe = |code: &str| match Nationality::from_code(code) {
        Some(n) => format!("{} {}", n.code(), n.name()),
        None => code.to_owned(),
    };
    match e {
        NationalityError::Unknown { suggestion: Some(code), .. } => {
            format!("not a known nationality; did you mean {}?", describe(code))
        }
        NationalityError::Unknown { suggestion: None, .. } => "not a known nationality: expected an ISO 3166 code (VN, VNM), a country name (Viet Nam) or an adjective (Vietnamese)".to_owned(),
        NationalityError::Ambiguous { candidates, .. } => {
            let names: Vec<String> = candidates.iter().map(|c| describe(c)).collect();
            format!("ambiguous nationality: it could be {}; write the country code instead", names.join(" or "))
        }
    }
}

type Resolved<T> = Result<T, (Code, String)>;

fn cached<T: Copy>(
    cache: &mut HashMap<Box<str>, Resolved<T>>,
    text: &str,
    resolve: impl FnOnce(&str) -> Resolved<T>,
) -> Resolved<T> {
    if let Some(hit) = cache.get(text) {
        return hit.clone();
    }
    let resolved = resolve(text);
    if cache.len() < CACHE_LIMIT {
        cache.insert(text.into(), resolved.clone());
    }
    resolved
}

/// The position of a column in its kind's fields, found at compile time (a misspelt name does
/// not compile): `col!(arrest "nationality")`.
macro_rules! col {
    (inspection $name:literal) => {{
        const INDEX: usize = field_index(INSPECTION_FIELDS, $name);
        INDEX
    }};
    (arrest $name:literal) => {{
        const INDEX: usize = field_index(ARREST_FIELDS, $name);
        INDEX
    }};
    (prosecution $name:literal) => {{
        const INDEX: usize = field_index(PROSECUTION_FIELDS, $name);
        INDEX
    }};
}
use col;

/// The cells of one row, and the problems found in them so far.
struct Cells<'r> {
    row: &'r Row,
    kind: Kind,
    file: &'r str,
    problems: Vec<Problem>,
}

impl<'r> Cells<'r> {
    fn name(&self, column: usize) -> &'static str {
        self.kind.fields()[column].name
    }

    fn text(&self, column: usize) -> Option<&'r str> {
        self.row.get(column)
    }

    fn problem(&mut self, code: Code, column: usize, value: Option<&str>, reason: String) {
        self.problem_owned(
            code,
            Some(self.name(column).to_owned()),
            value.map(str::to_owned),
            reason,
        );
    }

    fn problem_owned(
        &mut self,
        code: Code,
        column: Option<String>,
        value: Option<String>,
        reason: String,
    ) {
        self.problems.push(Problem {
            code,
            file: self.file.to_owned(),
            line: self.row.line,
            column,
            value,
            reason,
        });
    }

    fn required(&mut self, column: usize) -> Option<&'r str> {
        let text = self.text(column);
        let name = self.name(column);
        if text.is_none()
            && !self
                .problems
                .iter()
                .any(|p| p.column.as_deref() == Some(name))
        {
            self.problem(
                Code::MissingValue,
                column,
                None,
                format!("missing value: {name} is required"),
            );
        }
        text
    }

    fn resolved<T>(&mut self, column: usize, text: &str, resolved: Resolved<T>) -> Option<T> {
        resolved
            .map_err(|(code, reason)| self.problem(code, column, Some(text), reason))
            .ok()
    }

    fn vocabulary<T: Vocabulary>(&mut self, column: usize) -> Option<T> {
        let text = self.required(column)?;
        let parsed = T::parse(text)
            .ok_or_else(|| (Code::UnknownValue, format!("expected {}", T::expected())));
        self.resolved(column, text, parsed)
    }

    /// `Some(None)` when the cell is empty, `None` when its value is not allowed.
    fn optional_vocabulary<T: Vocabulary>(&mut self, column: usize) -> Option<Option<T>> {
        match self.text(column) {
            None => Some(None),
            Some(text) => {
                let parsed = T::parse(text).ok_or_else(|| {
                    (
                        Code::UnknownValue,
                        format!("expected {}, or an empty cell", T::expected()),
                    )
                });
                self.resolved(column, text, parsed).map(Some)
            }
        }
    }

    /// A whole number ≥ 0.
    fn count(&mut self, column: usize) -> Option<u32> {
        let text = self.required(column)?;
        let parsed = parse_count(text).map_err(|reason| (Code::InvalidCount, reason));
        self.resolved(column, text, parsed)
    }
}

/// Reads a whole number ≥ 0, with a message for each way it can fail.
pub fn parse_count(text: &str) -> Result<u32, String> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    // "12.0" and "12." are whole numbers written with a decimal point; "12.5" is not.
    let digits = match digits.split_once('.') {
        Some((whole, frac)) if !whole.is_empty() && frac.bytes().all(|b| b == b'0') => whole,
        _ => digits,
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<u32>().map_err(|_| {
            format!(
                "too large: expected a whole number no larger than {}",
                u32::MAX
            )
        });
    }
    let number = text.parse::<f64>().ok().filter(|n| n.is_finite());
    Err(match number {
        // "-0" too: a minus sign has no place in a count.
        Some(_) if text.starts_with('-') => {
            "negative: expected a whole number, 0 or more".to_owned()
        }
        Some(_) if text.contains(['e', 'E']) => {
            "expected a whole number written out in digits (no exponent)".to_owned()
        }
        Some(_) => "a fraction: expected a whole number, 0 or more".to_owned(),
        None if text.contains([',', ' ', '\u{a0}', '_'])
            && text.chars().any(|c| c.is_ascii_digit()) =>
        {
            "expected a whole number without thousands separators (1234, not 1,234)".to_owned()
        }
        None => "not a number: expected a whole number, 0 or more".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_refuse_negatives_fractions_text_and_overflow_each_with_its_own_message() {
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("1234"), Ok(1234));
        assert_eq!(parse_count("+7"), Ok(7));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("4294967295"), Ok(u32::MAX));
        let reason = |s| parse_count(s).unwrap_err();
        assert!(reason("-3").starts_with("negative"));
        assert!(reason("2.5").starts_with("a fraction"));
        assert!(reason("twelve").starts_with("not a number"));
        assert!(reason("4294967296").starts_with("too large"));
        assert!(reason("99999999999999999999999").starts_with("too large"));
        assert!(reason("1,234").contains("thousands separators"));
        assert!(reason("1e3").contains("no exponent"));
        assert!(reason(".5").starts_with("a fraction"));
        assert!(reason("-0").starts_with("negative"));
        assert!(reason("-0.5").starts_with("negative"));
        assert_eq!(parse_count("12."), Ok(12));
    }
}

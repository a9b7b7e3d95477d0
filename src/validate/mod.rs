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
use crate::ids::{self, IdMap};
use crate::khan::Khan;
use crate::load::{Dataset, Row};
use crate::missing::Missing;
use crate::model::{
    ARREST_FIELDS, Arrest, INSPECTION_FIELDS, Inspection, Kind, PROSECUTION_FIELDS, PerKind,
    PremisesType, Prosecution, Role, Sex, Status, Vocabulary, field_index,
};
use crate::nationality::{Nationality, NationalityError};
use crate::problems::DateOrderHint;
use crate::published::Period;

// Where checked records go is the model's, so that what consumes them need not know the checks.
pub use crate::model::{LinkedArrest, RecordSink};

/// How values are read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How to read numeric dates whose day and month could swap; `None` refuses them.
    pub date_order: Option<DateOrder>,
    /// The words that mean "not recorded".
    pub missing: Missing,
}

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
    /// Per date column, dates that show the order day and month are written in: what to say
    /// about the dates that could be read either way.
    pub date_hints: Vec<DateOrderHint>,
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

    /// Rows read but not in the results, in words, for every output that people forward:
    /// "4 arrest rows rejected for problems; 12 inspection rows outside the filters". `None`
    /// when every row read was counted.
    pub fn left_out(&self, filtered_out: PerKind<u64>) -> Option<String> {
        let mut parts = Vec::new();
        for &(kind, counts) in &self.counts {
            if counts.rejected > 0 {
                parts.push(format!(
                    "{} rejected for problems",
                    plural(counts.rejected, kind.row_words().0, kind.row_words().1)
                ));
            }
        }
        for kind in Kind::ALL {
            let n = filtered_out[kind];
            if n > 0 {
                parts.push(format!(
                    "{} outside the filters",
                    plural(n, kind.row_words().0, kind.row_words().1)
                ));
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Reads and checks every file of `dataset`, in the order inspections, arrests, prosecutions.
pub fn run(
    dataset: &Dataset,
    options: Options,
    records: &mut dyn RecordSink,
    problems: &mut dyn ProblemSink,
) -> Result<Outcome> {
    // Handed to each row's check apart from the checker, which the check borrows mutably.
    let missing = options.missing.clone();
    let mut checker = Checker {
        options,
        period: dataset.published.as_ref().and_then(|p| p.period),
        inspections: None,
        arrests: None,
        defendants: Ids::new(String::new()),
        prosecuted: IdMap::default(),
        khans: HashMap::new(),
        nationalities: HashMap::new(),
        bare_na: BareNa::default(),
        date_hints: Vec::new(),
    };
    let mut outcome = Outcome::default();
    for input in &dataset.inputs {
        let file = input.display_name();
        let mut counts = Counts::default();
        match input.kind {
            Kind::Inspections => checker.inspections = Some(Ids::new(file.clone())),
            Kind::Arrests => checker.arrests = Some(Ids::new(file.clone())),
            Kind::Prosecutions => checker.defendants = Ids::new(file.clone()),
        }
        checker.bare_na = BareNa::default();
        let warnings = input.for_each_row(|row| {
            counts.read += 1;
            let found = checker.check(input.kind, &file, row, &missing, records);
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
        outcome.warnings.extend(checker.bare_na.warning(&file));
        outcome.date_hints.extend(
            std::mem::take(&mut checker.date_hints)
                .into_iter()
                .filter(|h| !h.is_empty()),
        );
        outcome.counts.push((input.kind, counts));
    }
    Ok(outcome)
}

/// The ids of one kind seen so far: where each was first seen and what the checks need of it.
///
/// Ids are kept by their loose form ([`loose_id`]) with a fingerprint of the id as written, so one
/// map finds both a duplicate (same fingerprint) and an id that differs from an earlier one only in
/// case or the hyphen used (another fingerprint): memory stays at one entry per id.
struct Ids<T> {
    file: String,
    seen: IdMap<Seen<T>>,
}

struct Seen<T> {
    line: u64,
    /// [`ids::fingerprint`] of the id as written.
    exact: u32,
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

    /// The entry of `id` as written, if there is one.
    fn get(&self, id: &str) -> Option<&Seen<T>> {
        self.seen
            .get(&loose_id(id))
            .filter(|s| s.exact == ids::fingerprint(id))
    }

    /// Records the id's first line; on a duplicate, or an id that differs from an earlier one
    /// only in case or the hyphen used (D-1, d-1, D‐1), returns why, naming the first line.
    fn claim(&mut self, id: &str, line: u64, column: &str) -> Option<(Code, String)> {
        let exact = ids::fingerprint(id);
        let seen = Seen {
            line,
            exact,
            used: None,
        };
        let first = self.seen.insert_new(&loose_id(id), seen)?;
        Some(if first.exact == exact {
            (
                Code::DuplicateId,
                format!("duplicate {column}: already used on line {}", first.line),
            )
        } else {
            (
                Code::ProbableDuplicateId,
                format!(
                    "probably the same {column} as on line {}: the two differ only in case or in the hyphen used; if they are different records, give them ids that differ otherwise",
                    first.line
                ),
            )
        })
    }

    fn mark_used(&mut self, id: &str, value: T) {
        let exact = ids::fingerprint(id);
        if let Some(seen) = self.seen.get_mut(&loose_id(id))
            && seen.exact == exact
        {
            seen.used = Some(value);
        }
    }

    /// Looks up a reference; `Err` says why it dangles.
    fn refer(&self, id: &str, what: &str) -> Result<&T, (Code, String)> {
        match self.get(id) {
            None => Err((
                Code::DanglingReference,
                format!("names no {what} in {}", self.file),
            )),
            Some(Seen { used: Some(v), .. }) => Ok(v),
            Some(Seen {
                line, used: None, ..
            }) => Err((
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
    nationality: Option<Nationality>,
    linked: LinkedArrest,
}

/// An id as people would read it: capitals, and every hyphen glyph (‐ ‑ ‒ – — −) as `-`. Two
/// ids with the same loose form are probably one record typed twice. Ids are mostly written in
/// capitals and digits already, and those are borrowed as they are.
fn loose_id(id: &str) -> std::borrow::Cow<'_, str> {
    let dash = |c: char| matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}');
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
        return std::borrow::Cow::Borrowed(id);
    }
    std::borrow::Cow::Owned(
        id.chars()
            .map(|c| if dash(c) { '-' } else { c })
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// Bare `NA`s in one file's nationality column, read as "not recorded", and what the column's
/// other values look like: in a column of country codes, NA may mean Namibia.
#[derive(Debug, Default)]
struct BareNa {
    lines: Vec<u64>,
    count: u64,
    /// Other values written as codes in capitals (VN, CHN), and otherwise (Vietnamese).
    codes: u64,
    words: u64,
}

impl BareNa {
    fn note(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < 5 {
            self.lines.push(line);
        }
    }

    fn other(&mut self, text: &str) {
        let code = (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase());
        if code {
            self.codes += 1;
        } else {
            self.words += 1;
        }
    }

    fn warning(&self, file: &str) -> Option<String> {
        if self.count == 0 || self.codes <= self.words {
            return None;
        }
        Some(format!(
            "{file}: {} given as NA (line{} {}) {} read as not recorded, but the column's other values are country codes, so NA may mean Namibia: pass --na-namibia to count {} as Namibia",
            plural(self.count, "nationality", "nationalities"),
            if self.count == 1 { "" } else { "s" },
            lines_list(&self.lines, self.count),
            if self.count == 1 { "was" } else { "were" },
            if self.count == 1 { "it" } else { "them" },
        ))
    }
}

/// "1 row", "3 rows".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "4, 9, 12", or "4, 9, 12, … (7 in all)" when `total` is more than the lines listed.
pub fn lines_list(lines: &[u64], total: u64) -> String {
    let listed: Vec<String> = lines.iter().map(u64::to_string).collect();
    let mut out = listed.join(", ");
    if total > lines.len() as u64 {
        out.push_str(&format!(", … ({total} in all)"));
    }
    out
}

struct Checker {
    options: Options,
    period: Option<Period>,
    /// `None` until inspections are loaded: references to them are checked only then.
    inspections: Option<Ids<()>>,
    arrests: Option<Ids<ArrestFacts>>,
    defendants: Ids<()>,
    /// Arrests named by a defendant, with the line of the first defendant naming each.
    prosecuted: IdMap<u64>,
    bare_na: BareNa,
    /// Of the file being read, per date column.
    date_hints: Vec<DateOrderHint>,
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
        missing: &Missing,
        records: &mut dyn RecordSink,
    ) -> Vec<Problem> {
        let mut cells = Cells {
            row,
            kind,
            file,
            missing,
            tainted: 0,
            problems: Vec::new(),
        };
        for p in &row.problems {
            cells.problem_owned(p.code, p.column.clone(), p.value.clone(), p.reason.clone());
        }
        cells.control_characters();
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
            && let Some((code, reason)) = ids.claim(id, cells.row.line, "inspection_id")
        {
            cells.problem(code, col!(inspection "inspection_id"), Some(id), reason);
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
            && let Some((code, reason)) = ids.claim(id, cells.row.line, "arrest_id")
        {
            cells.problem(code, col!(arrest "arrest_id"), Some(id), reason);
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
            && let Some((code, reason)) = self.defendants.claim(id, cells.row.line, "defendant_id")
        {
            cells.problem(code, col!(prosecution "defendant_id"), Some(id), reason);
        }
        // One person is one defendant: a second defendant naming the same arrest would count
        // them twice among the defendants and ringleaders.
        if let Some(arrest_id) = cells.text(col!(prosecution "arrest_id"))
            && let Some(&first) = self.prosecuted.insert_new(arrest_id, cells.row.line)
        {
            let reason = format!(
                "arrest {arrest_id} is already named by the defendant on line {first}: one person would be counted twice among the defendants; keep one row per person"
            );
            cells.problem(
                Code::ArrestProsecutedTwice,
                col!(prosecution "arrest_id"),
                Some(arrest_id),
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
                    if let Some(Some(n)) = nationality
                        && let Some(theirs) = arrest.nationality
                        && n != theirs
                    {
                        let reason = format!(
                            "differs from the nationality of arrest {arrest_id} ({theirs}, line {} of {})",
                            arrest.line, ids.file
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
    fn date(&mut self, cells: &mut Cells, column: usize, in_period: bool) -> Option<NaiveDate> {
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
                if text.as_bytes().first().is_some_and(u8::is_ascii_digit)
                    && text.contains(['/', '.'])
                {
                    let name = cells.name(column);
                    let hint = match self.date_hints.iter().position(|h| h.column == name) {
                        Some(i) => &mut self.date_hints[i],
                        None => {
                            self.date_hints.push(DateOrderHint {
                                file: cells.file.to_owned(),
                                column: name.to_owned(),
                                ..DateOrderHint::default()
                            });
                            self.date_hints.last_mut().expect("pushed")
                        }
                    };
                    hint.note(text);
                }
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
            Khan::resolve(t).map_err(|e| (e.code(), e.reason()))
        });
        cells.resolved(column, text, resolved)
    }

    /// A nationality, `Some(None)` when not recorded, `None` when the value is a problem.
    fn nationality(&mut self, cells: &mut Cells, column: usize) -> Option<Option<Nationality>> {
        if let Some(raw) = cells.row.get(column)
            && Missing::is_bare_na(raw)
        {
            if self.options.missing.na_is_namibia {
                // The user decided: NA in capitals is Namibia, any other case not recorded.
                return Some(Nationality::from_code(raw));
            }
            self.bare_na.note(cells.row.line);
            return Some(None);
        }
        if cells.is_tainted(column) {
            return None;
        }
        let Some(text) = cells.text(column) else {
            return Some(None);
        };
        self.bare_na.other(text);
        let resolved = cached(&mut self.nationalities, text, |t| {
            Nationality::resolve(t).map_err(nationality_reason)
        });
        cells.resolved(column, text, resolved).map(Some)
    }
}

fn nationality_reason(e: NationalityError) -> (Code, String) {
    (e.code(), e.reason())
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
    missing: &'r Missing,
    /// Columns (bit per field) whose value holds a control character: reported once, and then
    /// treated as if absent, so that no other check reads it.
    tainted: u64,
    problems: Vec<Problem>,
}

/// Columns of free text, where a line break or a tab in a value is nothing to worry about.
const FREE_TEXT: [&str; 4] = ["premises_name", "source", "notes", "charge"];

impl<'r> Cells<'r> {
    fn name(&self, column: usize) -> &'static str {
        self.kind.fields()[column].name
    }

    /// The value of a column, `None` when the cell is empty or says "not recorded" (or holds a
    /// control character, which was reported already).
    fn text(&self, column: usize) -> Option<&'r str> {
        let text = self.row.get(column)?;
        if self.is_tainted(column) || self.missing.is_missing(text) {
            return None;
        }
        Some(text)
    }

    fn is_tainted(&self, column: usize) -> bool {
        self.tainted & (1 << column) != 0
    }

    /// Reports a control character (a NUL, an escape) in any column but free text: `A-1` and
    /// `A-1\0` must not pass as two detainees, nor `Tuol\0Kouk` as a Khan.
    fn control_characters(&mut self) {
        if self.row.is_plain_ascii() {
            return;
        }
        for (column, field) in self.kind.fields().iter().enumerate() {
            if FREE_TEXT.contains(&field.name) {
                continue;
            }
            let Some(text) = self.row.get(column) else {
                continue;
            };
            // Most values are printable ASCII: no need to decode them.
            if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                continue;
            }
            if let Some(c) = text.chars().find(|&c| crate::text::needs_escape(c)) {
                let reason = format!(
                    "the value {}: remove it (it may come from a broken export or a copy from a web page)",
                    crate::text::Stray(c)
                );
                self.problem(Code::UnexpectedCharacter, column, Some(text), reason);
                self.tainted |= 1 << column;
            }
        }
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
            // A missing-value word is shown, so that "N/A" in an id column is no mystery.
            let raw = self.row.get(column);
            let reason = match raw {
                Some(_) => format!(
                    "missing value: {name} is required, and this word means \"not recorded\""
                ),
                None => format!("missing value: {name} is required"),
            };
            self.problem(Code::MissingValue, column, raw, reason);
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

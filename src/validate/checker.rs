//! The checks of one row: its values read into a record of the model, checked against the
//! dataset's period and against the records before it (duplicate ids, references, an arrest named
//! by two defendants, a defendant's nationality and filing date against the arrest's). A row that
//! passes is handed to the [`RecordSink`]; one that does not gives its problems. Bare `NA`s in a
//! nationality column are noted per file ([`BareNa`]): among country codes they may mean Namibia.

use foldhash::HashMap;

use chrono::NaiveDate;

use super::Options;
use super::cells::{Cells, Resolved, cached};
use super::ids::{Claimed, Ids};
use super::wording::{lines_list, plural};
use crate::date;
use crate::error::{Code, Problem};
use crate::gazetteer::{District, Place, Province};
use crate::ids::IdMap;
use crate::khan::Khan;
use crate::load::Row;
use crate::missing::Missing;
use crate::model::{
    ARREST_FIELDS, Arrest, INSPECTION_FIELDS, Inspection, Kind, LinkedArrest, PROSECUTION_FIELDS,
    PremisesType, Prosecution, RecordSink, Role, Sex, Status, field_index,
};
use crate::nationality::{Nationality, NationalityError};
use crate::problems::DateOrderHint;
use crate::published::Period;

/// What prosecutions need to know of an arrest (its line is where its id was seen).
pub(super) struct ArrestFacts {
    nationality: Option<Nationality>,
    linked: LinkedArrest,
}

/// Bare `NA`s in one file's nationality column, read as "not recorded", and what the column's
/// other values look like: in a column of country codes, NA may mean Namibia.
#[derive(Debug, Default)]
pub(super) struct BareNa {
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

    /// Adds what `later`, noted over the rows after these, found.
    pub(super) fn join(&mut self, later: BareNa) {
        self.count += later.count;
        self.codes += later.codes;
        self.words += later.words;
        self.lines.extend(later.lines);
        self.lines.truncate(5);
    }

    pub(super) fn warning(&self, file: &str) -> Option<String> {
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

/// The ids of every kind read so far, kept from file to file.
#[derive(Default)]
pub(super) struct Tables {
    /// `None` until inspections are loaded: references to them are checked only then.
    pub(super) inspections: Option<Ids<()>>,
    pub(super) arrests: Option<Ids<ArrestFacts>>,
    pub(super) defendants: Ids<()>,
    /// Arrests named by a defendant, with the place of the first defendant naming each (in the
    /// numbering of `defendants.files`).
    pub(super) prosecuted: IdMap<u64>,
}

/// The ids claimed by the rows of one piece of a file read on several threads, apart from the
/// tables until the pieces are joined.
pub(super) struct Piece {
    pub(super) inspections: Ids<()>,
    pub(super) arrests: Ids<ArrestFacts>,
}

/// Where a checker claims the ids of the rows it checks.
pub(super) enum Claims<'t> {
    /// In the tables: a file read on one thread, or a piece of one checked again.
    Tables(&'t mut Tables),
    /// In a piece of its own; the tables hold the files before.
    Piece(&'t Tables, Piece),
}

impl Claims<'_> {
    fn tables(&self) -> &Tables {
        match self {
            Claims::Tables(tables) => tables,
            Claims::Piece(tables, _) => tables,
        }
    }

    fn inspection(&mut self, id: &str, line: u64) -> Result<Claimed, (Code, String)> {
        const COLUMN: &str = "inspection_id";
        match self {
            Claims::Tables(tables) => tables
                .inspections
                .get_or_insert_default()
                .claim(None, id, line, COLUMN),
            Claims::Piece(tables, piece) => {
                piece
                    .inspections
                    .claim(tables.inspections.as_ref(), id, line, COLUMN)
            }
        }
    }

    fn arrest(&mut self, id: &str, line: u64) -> Result<Claimed, (Code, String)> {
        const COLUMN: &str = "arrest_id";
        match self {
            Claims::Tables(tables) => tables
                .arrests
                .get_or_insert_default()
                .claim(None, id, line, COLUMN),
            Claims::Piece(tables, piece) => {
                piece
                    .arrests
                    .claim(tables.arrests.as_ref(), id, line, COLUMN)
            }
        }
    }

    fn inspection_used(&mut self, claimed: Claimed) {
        match self {
            Claims::Tables(tables) => tables
                .inspections
                .get_or_insert_default()
                .mark_used(claimed, ()),
            Claims::Piece(_, piece) => piece.inspections.mark_used(claimed, ()),
        }
    }

    fn arrest_used(&mut self, claimed: Claimed, facts: ArrestFacts) {
        match self {
            Claims::Tables(tables) => tables
                .arrests
                .get_or_insert_default()
                .mark_used(claimed, facts),
            Claims::Piece(_, piece) => piece.arrests.mark_used(claimed, facts),
        }
    }
}

pub(super) struct Checker<'t> {
    pub(super) options: &'t Options,
    pub(super) period: Option<Period>,
    pub(super) claims: Claims<'t>,
    pub(super) bare_na: BareNa,
    /// Of the file being read, per date column.
    pub(super) date_hints: Vec<DateOrderHint>,
    /// Each distinct spelling is resolved once.
    pub(super) khans: HashMap<Box<str>, Result<Khan, (Code, String)>>,
    pub(super) provinces: HashMap<Box<str>, Result<Province, (Code, String)>>,
    /// Per province given (a district name is looked up in it).
    pub(super) districts: HashMap<Option<Province>, HashMap<Box<str>, Resolved<District>>>,
    pub(super) nationalities: HashMap<Box<str>, Result<Nationality, (Code, String)>>,
    pub(super) dates: HashMap<Box<str>, Result<NaiveDate, (Code, String)>>,
}

impl<'t> Checker<'t> {
    pub(super) fn new(options: &'t Options, period: Option<Period>, claims: Claims<'t>) -> Self {
        Checker {
            options,
            period,
            claims,
            bare_na: BareNa::default(),
            date_hints: Vec::new(),
            khans: HashMap::default(),
            provinces: HashMap::default(),
            districts: HashMap::default(),
            nationalities: HashMap::default(),
            dates: HashMap::default(),
        }
    }

    pub(super) fn check(
        &mut self,
        kind: Kind,
        file: &str,
        row: &Row,
        records: &mut dyn RecordSink,
    ) -> Vec<Problem> {
        let options: &'t Options = self.options;
        let mut cells = Cells {
            row,
            kind,
            file,
            missing: &options.missing,
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
                        let ids = self.claims.tables().arrests.as_ref()?;
                        ids.refer(id, "arrest").ok().map(|(facts, _)| facts.linked)
                    });
                    records.prosecution(&record, arrest.as_ref());
                }
            }
        }
        cells.problems
    }

    fn inspection<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Inspection<'r>> {
        let id = cells.required(col!(inspection "inspection_id"));
        let claimed = id.and_then(|id| {
            let claimed = self.claims.inspection(id, cells.row.line);
            cells.claimed(col!(inspection "inspection_id"), id, claimed)
        });
        let date = self.date(cells, col!(inspection "date"), true);
        let place = self.place(
            cells,
            col!(inspection "khan"),
            col!(inspection "province"),
            col!(inspection "district"),
        );
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
            place: place?,
            premises_type: premises_type?,
            premises_name: cells.text(col!(inspection "premises_name")),
            foreigners_identified: foreigners?,
            women_identified: women?,
            operation_id: cells.text(col!(inspection "operation_id")),
            source: cells.text(col!(inspection "source")),
            notes: cells.text(col!(inspection "notes")),
        };
        if let Some(claimed) = claimed {
            self.claims.inspection_used(claimed);
        }
        Some(record)
    }

    fn arrest<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Arrest<'r>> {
        let id = cells.required(col!(arrest "arrest_id"));
        let claimed = id.and_then(|id| {
            let claimed = self.claims.arrest(id, cells.row.line);
            cells.claimed(col!(arrest "arrest_id"), id, claimed)
        });
        let date = self.date(cells, col!(arrest "date"), true);
        let place = self.place(
            cells,
            col!(arrest "khan"),
            col!(arrest "province"),
            col!(arrest "district"),
        );
        let nationality = self.nationality(cells, col!(arrest "nationality"));
        let sex = cells.optional_vocabulary::<Sex>(col!(arrest "sex"));
        if let (Some(inspection), Some(ids)) = (
            cells.text(col!(arrest "inspection_id")),
            self.claims.tables().inspections.as_ref(),
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
            place: place?,
            nationality: nationality?,
            sex: sex?,
            operation_id: cells.text(col!(arrest "operation_id")),
            inspection_id: cells.text(col!(arrest "inspection_id")),
            source: cells.text(col!(arrest "source")),
            notes: cells.text(col!(arrest "notes")),
        };
        if let Some(claimed) = claimed {
            let facts = ArrestFacts {
                nationality: record.nationality,
                linked: LinkedArrest {
                    date: record.date,
                    place: record.place,
                },
            };
            self.claims.arrest_used(claimed, facts);
        }
        Some(record)
    }

    fn prosecution<'r>(&mut self, cells: &mut Cells<'r>) -> Option<Prosecution<'r>> {
        let Claims::Tables(tables) = &mut self.claims else {
            unreachable!("prosecutions are read on one thread, into the tables")
        };
        let case_id = cells.required(col!(prosecution "case_id"));
        let defendant_id = cells.required(col!(prosecution "defendant_id"));
        if let Some(id) = defendant_id
            && let Err((code, reason)) =
                tables
                    .defendants
                    .claim(None, id, cells.row.line, "defendant_id")
        {
            cells.problem(code, col!(prosecution "defendant_id"), Some(id), reason);
        }
        // One person is one defendant: a second defendant naming the same arrest would count
        // them twice among the defendants and ringleaders.
        if let Some(arrest_id) = cells.text(col!(prosecution "arrest_id")) {
            let place = tables.defendants.files.place(cells.row.line);
            if let Err(&first) = tables.prosecuted.insert_new(arrest_id, place) {
                let reason = format!(
                    "arrest {arrest_id} is already named by the defendant on {}: one person would be counted twice among the defendants; keep one row per person",
                    tables.defendants.files.at(first)
                );
                cells.problem(
                    Code::ArrestProsecutedTwice,
                    col!(prosecution "arrest_id"),
                    Some(arrest_id),
                    reason,
                );
            }
        }
        let nationality = self.nationality(cells, col!(prosecution "nationality"));
        let role = cells.vocabulary::<Role>(col!(prosecution "role"));
        let filed = self.date(cells, col!(prosecution "filed"), false);
        let status = cells.vocabulary::<Status>(col!(prosecution "status"));
        if let (Some(arrest_id), Some(ids)) = (
            cells.text(col!(prosecution "arrest_id")),
            self.claims.tables().arrests.as_ref(),
        ) {
            match ids.refer(arrest_id, "arrest") {
                Err((code, reason)) => {
                    cells.problem(code, col!(prosecution "arrest_id"), Some(arrest_id), reason)
                }
                Ok((arrest, place)) => {
                    if let Some(Some(n)) = nationality
                        && let Some(theirs) = arrest.nationality
                        && n != theirs
                    {
                        let reason = format!(
                            "differs from the nationality of arrest {arrest_id} ({theirs}, {})",
                            ids.files.at_file(place)
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
                            "the case was filed before arrest {arrest_id} was made ({}, {})",
                            arrest.linked.date,
                            ids.files.at_file(place)
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
        // Dates written otherwise than YYYY-MM-DD are read once per spelling: a column of
        // 03/02/2026 holds a few hundred of them over millions of rows.
        let parsed = match date::parse_plain(text) {
            Some(date) => Ok(date),
            None => {
                let order = self.options.date_order;
                cached(&mut self.dates, text, |t| {
                    date::parse(t, order).map_err(|e| {
                        let code = match e {
                            date::DateError::Ambiguous { .. } => Code::AmbiguousDate,
                            _ => Code::InvalidDate,
                        };
                        (code, e.to_string())
                    })
                })
            }
        };
        match parsed {
            Err((code, reason)) => {
                cells.problem(code, column, Some(text), reason);
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

    /// Where the record took place, from its Khan, province and district (any of them may be
    /// missing, not all): a value in one that names nothing, or that does not fit the others, is
    /// a problem.
    fn place(
        &mut self,
        cells: &mut Cells,
        khan_column: usize,
        province_column: usize,
        district_column: usize,
    ) -> Option<Place> {
        let columns = [khan_column, province_column, district_column];
        if columns.iter().any(|&c| cells.is_tainted(c)) {
            return None;
        }
        let [khan, province, district] = columns.map(|c| cells.text(c));
        if khan.is_none() && province.is_none() && district.is_none() {
            // Said of the first of the columns the file has.
            let column = columns
                .into_iter()
                .find(|&c| cells.row.get(c).is_some())
                .unwrap_or(khan_column);
            let name = cells.name(column);
            if cells
                .problems
                .iter()
                .any(|p| p.column.as_deref() == Some(name))
            {
                // Its value was unreadable (bytes that are no text): said once, already.
                return None;
            }
            let raw = cells.row.get(column);
            let said = match raw {
                Some(_) => ", and this word means \"not recorded\"",
                None => "",
            };
            let reason = format!(
                "missing value: a record says where it took place: its khan, or its province or district{said}"
            );
            cells.problem(Code::MissingValue, column, raw, reason);
            return None;
        }
        let khan = match khan {
            Some(text) => {
                let resolved = cached(&mut self.khans, text, |t| {
                    Khan::resolve(t).map_err(|e| (e.code(), e.reason()))
                });
                Some(cells.resolved(khan_column, text, resolved)?)
            }
            None => None,
        };
        let province = match province {
            Some(text) => {
                let resolved = cached(&mut self.provinces, text, |t| {
                    Province::resolve(t).map_err(|e| (e.code(), e.reason()))
                });
                Some(cells.resolved(province_column, text, resolved)?)
            }
            None => None,
        };
        let district = match district {
            Some(text) => {
                let cache = self.districts.entry(province).or_default();
                let resolved = cached(cache, text, |t| {
                    District::resolve(t, province).map_err(|e| (e.code(), e.reason()))
                });
                Some(cells.resolved(district_column, text, resolved)?)
            }
            None => None,
        };
        let place = match (khan, district, province) {
            (_, Some(d), _) => Place::of_district(d),
            (Some(k), None, _) => Place::of_khan(k),
            (None, None, Some(p)) => Place::of_province(p),
            (None, None, None) => unreachable!("one of the three has a value"),
        };
        if let Some(k) = khan {
            let mismatch = match (district, province) {
                (Some(d), _) if d.khan() != Some(k) => Some((district_column, d.to_string())),
                (_, Some(p)) if p != Province::phnom_penh() => {
                    Some((province_column, format!("the province {p}")))
                }
                _ => None,
            };
            if let Some((column, other)) = mismatch {
                let reason = format!(
                    "the Khan is {} ({}), a Khan of Phnom Penh, but this names {other}: correct one of them",
                    k.name(),
                    k.code()
                );
                cells.problem(Code::PlaceMismatch, column, cells.text(column), reason);
                return None;
            }
        }
        Some(place)
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

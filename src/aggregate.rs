//! Accumulators that take one record at a time and merge with each other, and the typed
//! [`Summary`] they finish into. Every number any renderer shows is computed here, once.
//!
//! The accumulator keeps one entry per group (Khan, nationality, day, premises type, operation,
//! case), never per record, so memory grows with the number of groups.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::khan::Khan;
use crate::model::{
    Arrest, Inspection, Kind, LinkedArrest, PerKind, PremisesType, Prosecution, RecordSink, Role,
    Sex, Status,
};
use crate::nationality::Nationality;

#[derive(Debug, Clone, Default, PartialEq)]
struct KhanTotals {
    inspections: u64,
    foreigners: u64,
    women: u64,
    detained: u64,
    operations: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct PremisesTotals {
    inspections: u64,
    foreigners: u64,
    operations: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct NationalityTotals {
    detained: u64,
    women_detained: u64,
    men_detained: u64,
    sex_not_recorded: u64,
    defendants: u64,
    ringleaders: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct DayTotals {
    inspections: u64,
    detained: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct OperationTotals {
    /// The earliest (date, Khan) the operation was seen at.
    first: Option<(NaiveDate, Khan)>,
    inspections: u64,
    detained: u64,
    nationalities: BTreeSet<Nationality>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct CaseTotals {
    /// The earliest filing date among its defendants.
    filed: Option<NaiveDate>,
    defendants: u64,
    ringleaders: u64,
    nationalities: BTreeSet<Nationality>,
    statuses: BTreeSet<Status>,
}

/// Totals of records added so far. `add_*` takes one record; [`Accumulator::merge`] folds in
/// another accumulator, so chunks can be counted apart and combined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accumulator {
    khans: [KhanTotals; 14],
    premises: BTreeMap<PremisesType, PremisesTotals>,
    /// `None`: nationality not recorded.
    nationalities: BTreeMap<Option<Nationality>, NationalityTotals>,
    days: BTreeMap<NaiveDate, DayTotals>,
    operations: BTreeMap<String, OperationTotals>,
    cases: BTreeMap<String, CaseTotals>,
    crosstab: BTreeMap<(Khan, Option<Nationality>), u64>,
    /// How many defendants went to court how many days after their detention.
    days_to_court: BTreeMap<i64, u64>,
}

fn earliest<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Adds `id` to `set`, allocating only when it is new (most records repeat an id).
fn remember(set: &mut BTreeSet<String>, id: &str) {
    if !set.contains(id) {
        set.insert(id.to_owned());
    }
}

/// The totals of the group `id`, created empty when it is new, allocating only then.
fn group<'m, T: Default>(groups: &'m mut BTreeMap<String, T>, id: &str) -> &'m mut T {
    if !groups.contains_key(id) {
        groups.insert(id.to_owned(), T::default());
    }
    groups.get_mut(id).expect("inserted above")
}

impl Accumulator {
    pub fn add_inspection(&mut self, r: &Inspection) {
        let foreigners = u64::from(r.foreigners_identified);
        let khan = &mut self.khans[r.khan.index()];
        khan.inspections += 1;
        khan.foreigners += foreigners;
        khan.women += u64::from(r.women_identified);
        let premises = self.premises.entry(r.premises_type).or_default();
        premises.inspections += 1;
        premises.foreigners += foreigners;
        self.days.entry(r.date).or_default().inspections += 1;
        if let Some(op) = r.operation_id {
            remember(&mut khan.operations, op);
            remember(&mut premises.operations, op);
            let operation = group(&mut self.operations, op);
            operation.inspections += 1;
            operation.first = earliest(operation.first, Some((r.date, r.khan)));
        }
    }

    pub fn add_arrest(&mut self, r: &Arrest) {
        let khan = &mut self.khans[r.khan.index()];
        khan.detained += 1;
        let nationality = self.nationalities.entry(r.nationality).or_default();
        nationality.detained += 1;
        match r.sex {
            Some(Sex::Female) => nationality.women_detained += 1,
            Some(Sex::Male) => nationality.men_detained += 1,
            None => nationality.sex_not_recorded += 1,
        }
        self.days.entry(r.date).or_default().detained += 1;
        *self.crosstab.entry((r.khan, r.nationality)).or_default() += 1;
        if let Some(op) = r.operation_id {
            remember(&mut khan.operations, op);
            let operation = group(&mut self.operations, op);
            operation.detained += 1;
            operation.nationalities.extend(r.nationality);
            operation.first = earliest(operation.first, Some((r.date, r.khan)));
        }
    }

    pub fn add_prosecution(&mut self, r: &Prosecution, arrest: Option<&LinkedArrest>) {
        let ringleader = u64::from(r.role == Role::Ringleader);
        let nationality = self.nationalities.entry(r.nationality).or_default();
        nationality.defendants += 1;
        nationality.ringleaders += ringleader;
        let case = group(&mut self.cases, r.case_id);
        case.defendants += 1;
        case.ringleaders += ringleader;
        case.nationalities.extend(r.nationality);
        case.statuses.insert(r.status);
        case.filed = earliest(case.filed, Some(r.filed));
        if let Some(arrest) = arrest {
            *self
                .days_to_court
                .entry((r.filed - arrest.date).num_days())
                .or_default() += 1;
        }
    }

    /// Folds `other` in: the result is what one pass over both sets of records would give.
    pub fn merge(&mut self, other: Accumulator) {
        for (mine, theirs) in self.khans.iter_mut().zip(other.khans) {
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.women += theirs.women;
            mine.detained += theirs.detained;
            mine.operations.extend(theirs.operations);
        }
        for (k, theirs) in other.premises {
            let mine = self.premises.entry(k).or_default();
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.operations.extend(theirs.operations);
        }
        for (k, theirs) in other.nationalities {
            let mine = self.nationalities.entry(k).or_default();
            mine.detained += theirs.detained;
            mine.women_detained += theirs.women_detained;
            mine.men_detained += theirs.men_detained;
            mine.sex_not_recorded += theirs.sex_not_recorded;
            mine.defendants += theirs.defendants;
            mine.ringleaders += theirs.ringleaders;
        }
        for (k, theirs) in other.days {
            let mine = self.days.entry(k).or_default();
            mine.inspections += theirs.inspections;
            mine.detained += theirs.detained;
        }
        for (k, theirs) in other.operations {
            let mine = self.operations.entry(k).or_default();
            mine.first = earliest(mine.first, theirs.first);
            mine.inspections += theirs.inspections;
            mine.detained += theirs.detained;
            mine.nationalities.extend(theirs.nationalities);
        }
        for (k, theirs) in other.cases {
            let mine = self.cases.entry(k).or_default();
            mine.filed = earliest(mine.filed, theirs.filed);
            mine.defendants += theirs.defendants;
            mine.ringleaders += theirs.ringleaders;
            mine.nationalities.extend(theirs.nationalities);
            mine.statuses.extend(theirs.statuses);
        }
        for (k, n) in other.crosstab {
            *self.crosstab.entry(k).or_default() += n;
        }
        for (k, n) in other.days_to_court {
            *self.days_to_court.entry(k).or_default() += n;
        }
    }
}

/// Which records a report counts. Each filter applies to the records that carry its field:
/// dates to every kind (prosecutions by their filing date), Khans to inspections, arrests and
/// the prosecutions linked to an arrest in one of them, nationalities to arrests and prosecutions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: every Khan.
    pub khans: BTreeSet<Khan>,
    /// Empty: every nationality. `None` stands for "not recorded".
    pub nationalities: BTreeSet<Option<Nationality>>,
}

impl Filter {
    /// The filters in words, for people: "Khans Tuol Kouk, Mean Chey; nationality Vietnam;
    /// from 2026-02-05", or `None` when nothing is filtered.
    pub fn describe(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        let list = |one: &str, many: &str, names: Vec<&str>| {
            let word = if names.len() == 1 { one } else { many };
            format!("{word} {}", names.join(", "))
        };
        if !self.khans.is_empty() {
            parts.push(list(
                "Khan",
                "Khans",
                self.khans.iter().map(|k| k.name()).collect(),
            ));
        }
        if !self.nationalities.is_empty() {
            let names = self
                .nationalities
                .iter()
                .map(|n| n.map_or(NOT_RECORDED, Nationality::name))
                .collect();
            parts.push(list("nationality", "nationalities", names));
        }
        if let Some(from) = self.from {
            parts.push(format!("from {from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to {to}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    fn date(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    fn khan(&self, khan: Khan) -> bool {
        self.khans.is_empty() || self.khans.contains(&khan)
    }

    fn nationality(&self, nationality: Option<Nationality>) -> bool {
        self.nationalities.is_empty() || self.nationalities.contains(&nationality)
    }

    pub fn keeps_inspection(&self, r: &Inspection) -> bool {
        self.date(r.date) && self.khan(r.khan)
    }

    pub fn keeps_arrest(&self, r: &Arrest) -> bool {
        self.date(r.date) && self.khan(r.khan) && self.nationality(r.nationality)
    }

    pub fn keeps_prosecution(&self, r: &Prosecution, arrest: Option<&LinkedArrest>) -> bool {
        let khan = self.khans.is_empty() || arrest.is_some_and(|a| self.khan(a.khan));
        self.date(r.filed) && khan && self.nationality(r.nationality)
    }
}

/// Which kinds of record were loaded. A measure counted from a kind that was not loaded is
/// unknown, not zero: JSON writes it as `null`, tables as a dash, and figures leave it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Loaded {
    pub inspections: bool,
    pub arrests: bool,
    pub prosecutions: bool,
}

impl Default for Loaded {
    fn default() -> Self {
        Loaded {
            inspections: true,
            arrests: true,
            prosecutions: true,
        }
    }
}

/// The kinds of record each measure of the [`Summary`] is counted from, by its serialized
/// name: the one list that says which numbers a missing file leaves unknown. A test ties it to
/// the serialized fields.
pub const MEASURES: &[(&str, Needs)] = &[
    ("inspections", Needs::Inspections),
    ("khans_covered", Needs::Inspections),
    ("foreigners_identified", Needs::Inspections),
    ("women_identified", Needs::Inspections),
    ("women_share_pct", Needs::Inspections),
    ("operations", Needs::InspectionsOrArrests),
    ("detained", Needs::Arrests),
    ("detained_nationalities", Needs::Arrests),
    ("detained_nationality_not_recorded", Needs::Arrests),
    ("women_detained", Needs::Arrests),
    ("men_detained", Needs::Arrests),
    ("sex_not_recorded", Needs::Arrests),
    ("detained_sex_not_recorded", Needs::Arrests),
    ("detained_share_pct", Needs::Arrests),
    ("cumulative_detained", Needs::Arrests),
    ("detained_per_100_inspections", Needs::InspectionsAndArrests),
    ("cases", Needs::Prosecutions),
    ("cases_filed", Needs::Prosecutions),
    ("defendants", Needs::Prosecutions),
    ("ringleaders", Needs::Prosecutions),
    ("median_days_to_court", Needs::ArrestsAndProsecutions),
    (
        "defendants_linked_to_arrests",
        Needs::ArrestsAndProsecutions,
    ),
];

/// What a measure is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Inspections,
    Arrests,
    Prosecutions,
    InspectionsOrArrests,
    InspectionsAndArrests,
    ArrestsAndProsecutions,
}

impl Loaded {
    /// Whether the measure serialized as `key` is known; keys that are not measures always are.
    pub fn knows(&self, key: &str) -> bool {
        let Some(&(_, needs)) = MEASURES.iter().find(|(k, _)| *k == key) else {
            return true;
        };
        match needs {
            Needs::Inspections => self.inspections,
            Needs::Arrests => self.arrests,
            Needs::Prosecutions => self.prosecutions,
            Needs::InspectionsOrArrests => self.inspections || self.arrests,
            Needs::InspectionsAndArrests => self.inspections && self.arrests,
            Needs::ArrestsAndProsecutions => self.arrests && self.prosecutions,
        }
    }

    /// Sets every measure of `value` (a number under a key of [`MEASURES`], in objects and
    /// arrays of objects, nested) that is not known to `null`.
    pub fn blank(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    // Only numbers are measures: "cases" is also the name of a grouping.
                    if v.is_number() && !self.knows(key) {
                        *v = serde_json::Value::Null;
                    } else {
                        self.blank(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.blank(v)),
            _ => {}
        }
    }

    /// The kinds not loaded, in words: "inspections", "inspections and prosecutions".
    pub fn missing_words(&self) -> Option<String> {
        let missing: Vec<&str> = [
            (self.inspections, "inspections"),
            (self.arrests, "arrests"),
            (self.prosecutions, "prosecutions"),
        ]
        .into_iter()
        .filter(|(loaded, _)| !loaded)
        .map(|(_, name)| name)
        .collect();
        match missing[..] {
            [] => None,
            [one] => Some(one.to_owned()),
            [a, b] => Some(format!("{a} and {b}")),
            _ => Some(missing.join(", ")),
        }
    }
}

/// The record sink of a report: filters, then accumulates, counting what the filter left out.
#[derive(Debug, Default)]
pub struct Aggregation {
    pub filter: Filter,
    pub totals: Accumulator,
    /// Records that passed every check but fell outside the filters, per kind.
    pub filtered_out: PerKind<u64>,
    /// Which kinds of record the dataset holds.
    pub loaded: Loaded,
}

impl Aggregation {
    /// The summary of what was counted. With a Khan filter, the Khan groupings show only those
    /// Khans; otherwise all 14, zeros included.
    pub fn summary(&self, shape: Shape) -> Summary {
        let mut summary = self.totals.summary_of(shape, &self.filter.khans);
        summary.loaded = self.loaded;
        summary
    }
}

impl RecordSink for Aggregation {
    fn inspection(&mut self, r: &Inspection) {
        if self.filter.keeps_inspection(r) {
            self.totals.add_inspection(r);
        } else {
            self.filtered_out[Kind::Inspections] += 1;
        }
    }

    fn arrest(&mut self, r: &Arrest) {
        if self.filter.keeps_arrest(r) {
            self.totals.add_arrest(r);
        } else {
            self.filtered_out[Kind::Arrests] += 1;
        }
    }

    fn prosecution(&mut self, r: &Prosecution, arrest: Option<&LinkedArrest>) {
        if self.filter.keeps_prosecution(r, arrest) {
            self.totals.add_prosecution(r, arrest);
        } else {
            self.filtered_out[Kind::Prosecutions] += 1;
        }
    }
}

/// How the per-date grouping buckets days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday, labelled 2026-W06.
    Week,
    /// Calendar months, labelled 2026-02.
    Month,
}

/// How rows of a grouping are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Each grouping's own order: Khans by code, nationalities by count then code, dates
    /// ascending, premises types as listed, operations and cases by id.
    #[default]
    Natural,
    /// Largest first by the grouping's main count (detained; inspections for premises types;
    /// defendants for cases), ties in natural order.
    Count,
}

/// Choices that shape a summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub interval: Interval,
    pub sort: SortOrder,
    /// Keep the first N rows of each grouping (dates excepted) and fold the rest into "other".
    pub top: Option<usize>,
}

/// A share as a percentage with two decimals, `None` when the whole is zero.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 10_000.0 / whole as f64).round() / 100.0)
}

/// The headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// First and last date of any record counted.
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub inspections: u64,
    /// Khans with at least one inspection.
    pub khans_covered: u64,
    pub foreigners_identified: u64,
    pub women_identified: u64,
    /// Women among the foreign nationals identified, in percent.
    pub women_share_pct: Option<f64>,
    /// Distinct operation ids on inspections and arrests.
    pub operations: u64,
    pub detained: u64,
    /// Nationalities with at least one person detained ("not recorded" is none of them).
    pub detained_nationalities: u64,
    /// Persons detained whose nationality was not recorded.
    pub detained_nationality_not_recorded: u64,
    pub women_detained: u64,
    pub men_detained: u64,
    /// Persons detained whose sex was not recorded.
    pub detained_sex_not_recorded: u64,
    pub cases: u64,
    pub defendants: u64,
    pub ringleaders: u64,
    /// Median days from detention to court filing, for defendants linked to an arrest.
    pub median_days_to_court: Option<f64>,
    /// How many defendants that median is over.
    pub defendants_linked_to_arrests: u64,
}

/// One Khan's totals. `code` is `None` on the "other" row that `--top` folds the rest into.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KhanRow {
    pub code: Option<u16>,
    pub name: String,
    pub khmer: String,
    pub inspections: u64,
    pub foreigners_identified: u64,
    pub women_identified: u64,
    /// Distinct operations found in the Khan (an operation seen in two Khans counts in both).
    pub operations: u64,
    pub detained: u64,
    pub detained_per_100_inspections: Option<f64>,
    pub detained_share_pct: Option<f64>,
}

/// The name of the row of persons whose nationality was not recorded.
pub const NOT_RECORDED: &str = "not recorded";

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NationalityRow {
    /// ISO 3166-1 alpha-2; `None` on the "other" row and on the "not recorded" row.
    pub code: Option<Nationality>,
    /// The country's name, "other (N nationalities)", or "not recorded".
    pub name: String,
    /// Whether this is the row of persons whose nationality was not recorded: always last, never
    /// folded into "other".
    #[serde(skip)]
    pub not_recorded: bool,
    pub detained: u64,
    pub detained_share_pct: Option<f64>,
    pub women_detained: u64,
    pub men_detained: u64,
    /// Detained persons whose sex was not recorded.
    pub sex_not_recorded: u64,
    pub defendants: u64,
    pub ringleaders: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateRow {
    /// The day (2026-02-03), ISO week (2026-W06) or month (2026-02).
    pub period: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub inspections: u64,
    pub detained: u64,
    pub cumulative_detained: u64,
    /// Cases whose earliest filing falls in the period.
    pub cases_filed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PremisesRow {
    /// `None` on the "other" row.
    pub premises_type: Option<PremisesType>,
    pub name: String,
    pub inspections: u64,
    pub foreigners_identified: u64,
    pub operations: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationRow {
    /// `None` on the "other" and total rows.
    pub operation_id: Option<String>,
    /// What a row without an id stands for ("other (12 operations)", "total").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub first_date: Option<NaiveDate>,
    /// The Khan where the operation was first seen.
    pub khan_code: Option<u16>,
    pub khan_name: Option<String>,
    pub inspections: u64,
    pub detained: u64,
    /// Nationalities of those detained in it, by code.
    pub nationalities: Vec<Nationality>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    /// `None` on the "other" and total rows.
    pub case_id: Option<String>,
    /// What a row without an id stands for ("other (3 cases)", "total").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub filed: Option<NaiveDate>,
    pub defendants: u64,
    pub ringleaders: u64,
    pub nationalities: Vec<Nationality>,
    /// The statuses of its defendants, each once.
    pub statuses: Vec<Status>,
}

/// Detained per Khan and nationality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossTab {
    /// The column order: nationalities with anyone detained, by count then code, and `null`
    /// (nationality not recorded) last.
    pub nationalities: Vec<Option<Nationality>>,
    pub rows: Vec<CrossRow>,
    /// Per nationality, in column order.
    pub totals: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossRow {
    /// `None` on the "other" row that `--top` folds the rest into.
    pub khan_code: Option<u16>,
    pub khan_name: String,
    /// Per nationality, in column order.
    pub detained: Vec<u64>,
    pub total: u64,
}

/// Everything a report shows, computed once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Which kinds of record were loaded: measures of the others are unknown.
    pub loaded: Loaded,
    pub headline: Headline,
    pub khans: Vec<KhanRow>,
    pub nationalities: Vec<NationalityRow>,
    pub interval: Interval,
    pub dates: Vec<DateRow>,
    pub premises: Vec<PremisesRow>,
    pub operations: Vec<OperationRow>,
    pub cases: Vec<CaseRow>,
    pub crosstab: CrossTab,
    /// One row per grouping with the totals over all its rows (before folding).
    pub totals: Totals,
}

/// The totals row of each grouping: sums over every row, except counts of distinct things
/// (operations), which are counted once however many rows they appear in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub khans: KhanRow,
    pub nationalities: NationalityRow,
    /// `None` when no record has a date.
    pub dates: Option<DateRow>,
    pub premises: PremisesRow,
    pub operations: OperationRow,
    pub cases: CaseRow,
}

/// A row that `--sort count` orders and `--top` folds.
trait Foldable: Sized {
    fn count(&self) -> u64;
    /// A row kept last and never folded (persons whose nationality was not recorded).
    fn pinned(&self) -> bool {
        false
    }
    /// One row standing for `rows`, named `name`; `whole` is what shares are shares of.
    fn sum(rows: &[Self], name: String, whole: u64) -> Self;
}

fn sort_and_fold<T: Foldable>(rows: Vec<T>, shape: Shape, whole: u64, what: &str) -> Vec<T> {
    let (pinned, mut rows): (Vec<T>, Vec<T>) = rows.into_iter().partition(T::pinned);
    let mut rows = {
        if shape.sort == SortOrder::Count {
            // Stable: ties keep their natural order.
            rows.sort_by_key(|r| std::cmp::Reverse(r.count()));
        }
        match shape.top {
            Some(n) if rows.len() > n => {
                let rest = rows.split_off(n);
                rows.push(T::sum(
                    &rest,
                    format!("other ({} {what})", rest.len()),
                    whole,
                ));
                rows
            }
            _ => rows,
        }
    };
    rows.extend(pinned);
    rows
}

fn sum<T>(rows: &[T], f: impl Fn(&T) -> u64) -> u64 {
    rows.iter().map(f).sum()
}

impl Foldable for KhanRow {
    fn count(&self) -> u64 {
        self.detained
    }
    fn sum(rest: &[Self], name: String, whole: u64) -> Self {
        KhanRow {
            code: None,
            name,
            khmer: String::new(),
            inspections: sum(rest, |r| r.inspections),
            foreigners_identified: sum(rest, |r| r.foreigners_identified),
            women_identified: sum(rest, |r| r.women_identified),
            // Operations can span Khans, so the rows' counts do not add up; the sum is an upper bound.
            operations: sum(rest, |r| r.operations),
            detained: sum(rest, |r| r.detained),
            detained_per_100_inspections: percent(
                sum(rest, |r| r.detained),
                sum(rest, |r| r.inspections),
            ),
            detained_share_pct: percent(sum(rest, |r| r.detained), whole),
        }
    }
}

impl Foldable for NationalityRow {
    fn count(&self) -> u64 {
        self.detained
    }
    fn pinned(&self) -> bool {
        self.not_recorded
    }
    fn sum(rest: &[Self], name: String, whole: u64) -> Self {
        NationalityRow {
            code: None,
            name,
            not_recorded: false,
            detained: sum(rest, |r| r.detained),
            detained_share_pct: percent(sum(rest, |r| r.detained), whole),
            women_detained: sum(rest, |r| r.women_detained),
            men_detained: sum(rest, |r| r.men_detained),
            sex_not_recorded: sum(rest, |r| r.sex_not_recorded),
            defendants: sum(rest, |r| r.defendants),
            ringleaders: sum(rest, |r| r.ringleaders),
        }
    }
}

impl Foldable for PremisesRow {
    fn count(&self) -> u64 {
        self.inspections
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        PremisesRow {
            premises_type: None,
            name,
            inspections: sum(rest, |r| r.inspections),
            foreigners_identified: sum(rest, |r| r.foreigners_identified),
            operations: sum(rest, |r| r.operations),
        }
    }
}

impl Foldable for OperationRow {
    fn count(&self) -> u64 {
        self.detained
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let nationalities: BTreeSet<Nationality> = rest
            .iter()
            .flat_map(|r| r.nationalities.iter().copied())
            .collect();
        OperationRow {
            operation_id: None,
            label: Some(name),
            first_date: rest.iter().filter_map(|r| r.first_date).min(),
            khan_code: None,
            khan_name: None,
            inspections: sum(rest, |r| r.inspections),
            detained: sum(rest, |r| r.detained),
            nationalities: nationalities.into_iter().collect(),
        }
    }
}

impl Foldable for CrossRow {
    fn count(&self) -> u64 {
        self.total
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let columns = rest.first().map_or(0, |r| r.detained.len());
        CrossRow {
            khan_code: None,
            khan_name: name,
            detained: (0..columns).map(|i| sum(rest, |r| r.detained[i])).collect(),
            total: sum(rest, |r| r.total),
        }
    }
}

impl Foldable for CaseRow {
    fn count(&self) -> u64 {
        self.defendants
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let nationalities: BTreeSet<Nationality> = rest
            .iter()
            .flat_map(|r| r.nationalities.iter().copied())
            .collect();
        let statuses: BTreeSet<Status> = rest
            .iter()
            .flat_map(|r| r.statuses.iter().copied())
            .collect();
        CaseRow {
            case_id: None,
            label: Some(name),
            filed: rest.iter().filter_map(|r| r.filed).min(),
            defendants: sum(rest, |r| r.defendants),
            ringleaders: sum(rest, |r| r.ringleaders),
            nationalities: nationalities.into_iter().collect(),
            statuses: statuses.into_iter().collect(),
        }
    }
}

/// The label and first day of the bucket `date` falls in.
fn bucket(date: NaiveDate, interval: Interval) -> (String, NaiveDate) {
    match interval {
        Interval::Day => (date.to_string(), date),
        Interval::Week => {
            let week = date.iso_week();
            let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
            (format!("{}-W{:02}", week.year(), week.week()), monday)
        }
        Interval::Month => (
            format!("{}-{:02}", date.year(), date.month()),
            date.with_day(1).expect("day 1 exists"),
        ),
    }
}

fn median(histogram: &BTreeMap<i64, u64>) -> Option<f64> {
    let n: u64 = histogram.values().sum();
    if n == 0 {
        return None;
    }
    // The values at 0-based positions (n-1)/2 and n/2; equal when n is odd.
    let at = |position: u64| {
        let mut seen = 0;
        for (&value, &count) in histogram {
            seen += count;
            if seen > position {
                return value;
            }
        }
        unreachable!("position is below the total count")
    };
    Some((at((n - 1) / 2) + at(n / 2)) as f64 / 2.0)
}

impl Accumulator {
    /// Computes every grouping and the headline, ordered and folded as `shape` asks.
    pub fn summary(&self, shape: Shape) -> Summary {
        self.summary_of(shape, &BTreeSet::new())
    }

    /// As [`Accumulator::summary`], with the Khan groupings narrowed to `khans` (all when empty)
    /// before they are ordered and folded.
    pub fn summary_of(&self, shape: Shape, khans: &BTreeSet<Khan>) -> Summary {
        let shown = |khan: &Khan| khans.is_empty() || khans.contains(khan);
        let detained: u64 = self.khans.iter().map(|k| k.detained).sum();
        let inspections: u64 = self.khans.iter().map(|k| k.inspections).sum();
        let foreigners: u64 = self.khans.iter().map(|k| k.foreigners).sum();
        let women: u64 = self.khans.iter().map(|k| k.women).sum();

        let khan_rows: Vec<KhanRow> = Khan::all()
            .filter(shown)
            .map(|khan| {
                let t = &self.khans[khan.index()];
                KhanRow {
                    code: Some(khan.code()),
                    name: khan.name().to_owned(),
                    khmer: khan.khmer().to_owned(),
                    inspections: t.inspections,
                    foreigners_identified: t.foreigners,
                    women_identified: t.women,
                    operations: t.operations.len() as u64,
                    detained: t.detained,
                    detained_per_100_inspections: percent(t.detained, t.inspections),
                    detained_share_pct: percent(t.detained, detained),
                }
            })
            .collect();

        let mut nationalities: Vec<NationalityRow> = self
            .nationalities
            .iter()
            .map(|(n, t)| NationalityRow {
                code: *n,
                name: n.map_or(NOT_RECORDED, Nationality::name).to_owned(),
                not_recorded: n.is_none(),
                detained: t.detained,
                detained_share_pct: percent(t.detained, detained),
                women_detained: t.women_detained,
                men_detained: t.men_detained,
                sex_not_recorded: t.sex_not_recorded,
                defendants: t.defendants,
                ringleaders: t.ringleaders,
            })
            .collect();
        // Natural order for nationalities: most detained first, then defendants, then code;
        // "not recorded" last.
        nationalities.sort_by(|a, b| {
            a.not_recorded
                .cmp(&b.not_recorded)
                .then((b.detained, b.defendants).cmp(&(a.detained, a.defendants)))
                .then(a.code.cmp(&b.code))
        });

        let premises: Vec<PremisesRow> = PremisesType::ALL
            .iter()
            .filter_map(|p| {
                let t = self.premises.get(p)?;
                Some(PremisesRow {
                    premises_type: Some(*p),
                    name: p.name().to_owned(),
                    inspections: t.inspections,
                    foreigners_identified: t.foreigners,
                    operations: t.operations.len() as u64,
                })
            })
            .collect();

        let operations: Vec<OperationRow> = self
            .operations
            .iter()
            .map(|(id, t)| OperationRow {
                operation_id: Some(id.clone()),
                label: None,
                first_date: t.first.map(|(d, _)| d),
                khan_code: t.first.map(|(_, k)| k.code()),
                khan_name: t.first.map(|(_, k)| k.name().to_owned()),
                inspections: t.inspections,
                detained: t.detained,
                nationalities: t.nationalities.iter().copied().collect(),
            })
            .collect();

        let cases: Vec<CaseRow> = self
            .cases
            .iter()
            .map(|(id, t)| CaseRow {
                case_id: Some(id.clone()),
                label: None,
                filed: t.filed,
                defendants: t.defendants,
                ringleaders: t.ringleaders,
                nationalities: t.nationalities.iter().copied().collect(),
                statuses: t.statuses.iter().copied().collect(),
            })
            .collect();

        let crosstab = self.crosstab(&nationalities, shown, shape);
        let dates = self.dates(shape.interval);
        let first_date = earliest(
            self.days.keys().next().copied(),
            self.cases.values().filter_map(|c| c.filed).min(),
        );
        let last_date = [
            self.days.keys().next_back().copied(),
            self.cases.values().filter_map(|c| c.filed).max(),
        ]
        .into_iter()
        .flatten()
        .max();

        let headline = Headline {
            first_date,
            last_date,
            inspections,
            khans_covered: self.khans.iter().filter(|k| k.inspections > 0).count() as u64,
            foreigners_identified: foreigners,
            women_identified: women,
            women_share_pct: percent(women, foreigners),
            operations: self.operations.len() as u64,
            detained,
            detained_nationalities: self
                .nationalities
                .iter()
                .filter(|(n, t)| n.is_some() && t.detained > 0)
                .count() as u64,
            detained_nationality_not_recorded: self
                .nationalities
                .get(&None)
                .map_or(0, |t| t.detained),
            women_detained: self.nationalities.values().map(|t| t.women_detained).sum(),
            men_detained: self.nationalities.values().map(|t| t.men_detained).sum(),
            detained_sex_not_recorded: self
                .nationalities
                .values()
                .map(|t| t.sex_not_recorded)
                .sum(),
            cases: self.cases.len() as u64,
            defendants: self.cases.values().map(|c| c.defendants).sum(),
            ringleaders: self.cases.values().map(|c| c.ringleaders).sum(),
            median_days_to_court: median(&self.days_to_court),
            defendants_linked_to_arrests: self.days_to_court.values().sum(),
        };

        let total = || "total".to_owned();
        let mut khan_total = KhanRow::sum(&khan_rows, total(), detained);
        khan_total.operations = headline.operations;
        let mut premises_total = PremisesRow::sum(&premises, total(), 0);
        premises_total.operations = self
            .premises
            .values()
            .flat_map(|p| p.operations.iter())
            .collect::<BTreeSet<_>>()
            .len() as u64;
        let totals = Totals {
            khans: khan_total,
            nationalities: NationalityRow::sum(&nationalities, total(), detained),
            dates: match (dates.first(), dates.last()) {
                (Some(first), Some(last)) => Some(DateRow {
                    period: total(),
                    first_day: first.first_day,
                    last_day: last.last_day,
                    inspections,
                    detained,
                    cumulative_detained: detained,
                    cases_filed: dates.iter().map(|d| d.cases_filed).sum(),
                }),
                _ => None,
            },
            premises: premises_total,
            operations: OperationRow::sum(&operations, total(), detained),
            cases: CaseRow::sum(&cases, total(), 0),
        };

        Summary {
            loaded: Loaded::default(),
            headline,
            khans: sort_and_fold(khan_rows, shape, detained, "Khans"),
            nationalities: sort_and_fold(nationalities, shape, detained, "nationalities"),
            interval: shape.interval,
            dates,
            premises: sort_and_fold(premises, shape, 0, "premises types"),
            operations: sort_and_fold(operations, shape, detained, "operations"),
            cases: sort_and_fold(cases, shape, 0, "cases"),
            crosstab,
            totals,
        }
    }

    /// Every bucket from the first to the last date of any record, empty ones included.
    fn dates(&self, interval: Interval) -> Vec<DateRow> {
        let filed_dates = self.cases.values().filter_map(|c| c.filed);
        let all_dates = self.days.keys().copied().chain(filed_dates.clone());
        let (Some(first), Some(last)) = (all_dates.clone().min(), all_dates.max()) else {
            return Vec::new();
        };
        let mut filed: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for date in filed_dates {
            *filed.entry(date).or_default() += 1;
        }
        let mut rows: Vec<DateRow> = Vec::new();
        let mut cumulative = 0;
        for day in first.iter_days().take_while(|d| *d <= last) {
            let totals = self.days.get(&day).cloned().unwrap_or_default();
            let cases_filed = filed.get(&day).copied().unwrap_or(0);
            cumulative += totals.detained;
            let (label, start) = bucket(day, interval);
            match rows.last_mut() {
                Some(row) if row.period == label => {
                    row.last_day = day;
                    row.inspections += totals.inspections;
                    row.detained += totals.detained;
                    row.cumulative_detained = cumulative;
                    row.cases_filed += cases_filed;
                }
                _ => rows.push(DateRow {
                    period: label,
                    first_day: start.max(first),
                    last_day: day,
                    inspections: totals.inspections,
                    detained: totals.detained,
                    cumulative_detained: cumulative,
                    cases_filed,
                }),
            }
        }
        rows
    }

    fn crosstab(
        &self,
        nationalities: &[NationalityRow],
        shown: impl Fn(&Khan) -> bool,
        shape: Shape,
    ) -> CrossTab {
        // Nationalities in their natural order, "not recorded" last.
        let columns: Vec<Option<Nationality>> = nationalities
            .iter()
            .filter(|n| n.detained > 0 && (n.code.is_some() || n.not_recorded))
            .map(|n| n.code)
            .collect();
        let rows: Vec<CrossRow> = Khan::all()
            .filter(shown)
            .map(|khan| {
                let detained: Vec<u64> = columns
                    .iter()
                    .map(|n| self.crosstab.get(&(khan, *n)).copied().unwrap_or(0))
                    .collect();
                CrossRow {
                    khan_code: Some(khan.code()),
                    khan_name: khan.name().to_owned(),
                    total: detained.iter().sum(),
                    detained,
                }
            })
            .collect();
        let totals: Vec<u64> = (0..columns.len())
            .map(|i| rows.iter().map(|r| r.detained[i]).sum())
            .collect();
        CrossTab {
            total: totals.iter().sum(),
            nationalities: columns,
            rows: sort_and_fold(rows, shape, 0, "Khans"),
            totals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, day).unwrap()
    }

    #[test]
    fn median_of_a_histogram() {
        let h = |pairs: &[(i64, u64)]| pairs.iter().copied().collect::<BTreeMap<_, _>>();
        assert_eq!(median(&h(&[])), None);
        assert_eq!(median(&h(&[(3, 1)])), Some(3.0));
        assert_eq!(median(&h(&[(1, 1), (4, 1)])), Some(2.5));
        assert_eq!(median(&h(&[(1, 2), (9, 1)])), Some(1.0));
        assert_eq!(median(&h(&[(0, 1), (2, 2), (7, 1)])), Some(2.0));
    }

    #[test]
    fn weeks_are_iso_weeks_and_months_calendar_months() {
        assert_eq!(bucket(d(3), Interval::Week), ("2026-W06".to_owned(), d(2)));
        assert_eq!(bucket(d(8), Interval::Week), ("2026-W06".to_owned(), d(2)));
        assert_eq!(bucket(d(9), Interval::Week), ("2026-W07".to_owned(), d(9)));
        assert_eq!(bucket(d(18), Interval::Month), ("2026-02".to_owned(), d(1)));
        let jan1 = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(bucket(jan1, Interval::Week).0, "2026-W53");
    }

    #[test]
    fn every_measure_is_a_serialized_field_and_unknown_ones_become_null() {
        let mut acc = Accumulator::default();
        acc.add_arrest(&Arrest {
            arrest_id: "A-1",
            date: d(3),
            khan: Khan::resolve("1204").unwrap(),
            nationality: None,
            sex: None,
            operation_id: None,
            inspection_id: None,
            source: None,
            notes: None,
        });
        let summary = acc.summary(Shape::default());
        let text = serde_json::to_string(&summary).unwrap();
        for (key, _) in MEASURES {
            assert!(
                text.contains(&format!("\"{key}\":")),
                "{key} is serialized nowhere"
            );
        }
        let loaded = Loaded {
            inspections: false,
            arrests: true,
            prosecutions: true,
        };
        let mut value = serde_json::to_value(&summary).unwrap();
        loaded.blank(&mut value);
        assert_eq!(value["headline"]["inspections"], serde_json::Value::Null);
        assert_eq!(value["headline"]["detained"], 1);
        assert_eq!(
            value["khans"][0]["foreigners_identified"],
            serde_json::Value::Null
        );
        // Groupings named like measures stay what they are.
        assert!(value["totals"]["cases"].is_object());
        assert_eq!(value["loaded"]["inspections"], true);
    }

    #[test]
    fn percentages_have_two_decimals_and_none_for_an_empty_whole() {
        assert_eq!(percent(6683, 21104), Some(31.67));
        assert_eq!(percent(1, 3), Some(33.33));
        assert_eq!(percent(0, 0), None);
    }
}

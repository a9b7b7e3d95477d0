//! The typed result of an aggregation: the headline and one list of rows per grouping, each
//! field documented; every renderer reads it and none recomputes a number.

use chrono::NaiveDate;
use serde::Serialize;

use super::Loaded;
use crate::khan::Khan;
use crate::model::{PremisesType, Status};
use crate::nationality::Nationality;

/// How the per-date grouping buckets days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday, labelled 2026-W06.
    Week,
    /// Calendar months, labelled 2026-02.
    Month,
}

/// Days in the per-date grouping from which a note suggests a coarser `--interval`: ten years.
pub const MANY_DAYS: usize = 3653;

impl Summary {
    /// What to say when the per-date grouping is by day over more than [`MANY_DAYS`]: a table or
    /// figure of every day of decades helps no one, and a date typed wrong (1900 for 2026)
    /// stretches it so.
    pub fn many_days_note(&self) -> Option<String> {
        if self.interval != Interval::Day || self.dates.len() <= MANY_DAYS {
            return None;
        }
        let (first, last) = (self.dates.first()?, self.dates.last()?);
        Some(format!(
            "note: the records' dates run from {} to {}, {} days: --interval month (or week) groups them; check the earliest and latest dates for mistyped years",
            first.first_day,
            last.last_day,
            crate::text::group_digits(self.dates.len() as u64)
        ))
    }
}

/// How rows of a grouping are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub interval: Interval,
    pub sort: SortOrder,
    /// Keep the first N rows of each grouping (dates excepted) and fold the rest into "other".
    pub top: Option<usize>,
    /// Build the rows per operation and per case, the groupings whose rows grow with the data.
    /// Without them, `operations` and `cases` and their totals rows are empty: for a report
    /// that shows another grouping only.
    pub rows_per_id: bool,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            interval: Interval::default(),
            sort: SortOrder::default(),
            top: None,
            rows_per_id: true,
        }
    }
}

/// A share as a percentage with two decimals, `None` when the whole is zero.
pub(super) fn percent(part: u64, whole: u64) -> Option<f64> {
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
    /// Written as its gazetteer code.
    pub code: Option<Khan>,
    /// Whether this is the row of records in no Khan (outside Phnom Penh, or in Phnom Penh with
    /// no Khan named): always last, never folded into "other".
    #[serde(skip)]
    pub elsewhere: bool,
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

/// One province's or one district's totals. `code` is `None` on the "other" row `--top` folds
/// the rest into.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlaceRow {
    /// A province's ISO 3166-2 code (`KH-18`), a district's 4-digit geocode (`1801`), or the
    /// province's code on the row of its records that name no district.
    pub code: Option<String>,
    pub name: String,
    /// The province a district is in (its name); empty on a province's row.
    pub province: String,
    pub inspections: u64,
    pub foreigners_identified: u64,
    pub women_identified: u64,
    pub detained: u64,
    pub detained_share_pct: Option<f64>,
}

/// The name of the per-Khan row of records in no Khan.
pub const ELSEWHERE: &str = "not in a Khan of Phnom Penh";

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
    pub khan_code: Option<Khan>,
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
    /// `None` on the "other" row that `--top` folds the rest into, and on the row of records in
    /// no Khan.
    pub khan_code: Option<Khan>,
    #[serde(skip)]
    pub elsewhere: bool,
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
    /// Per province of Cambodia with any record, in geocode order.
    pub provinces: Vec<PlaceRow>,
    /// Per district, municipality or Khan with any record, in geocode order; records that name
    /// a province and no district are a row of their own ("Kampot, district not given").
    pub districts: Vec<PlaceRow>,
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
    pub provinces: PlaceRow,
    pub districts: PlaceRow,
    pub nationalities: NationalityRow,
    /// `None` when no record has a date.
    pub dates: Option<DateRow>,
    pub premises: PremisesRow,
    pub operations: OperationRow,
    pub cases: CaseRow,
}

impl Summary {
    /// Names every Khan in the rows by `labels` (`--labels`): the gazetteer's names, as
    /// aggregated, the spellings of the press, or Khmer. Codes and numbers stay as they are.
    pub fn relabel(&mut self, labels: crate::khan::Labels) {
        let name = |code: Option<Khan>| code.map(|k| labels.of(k).to_owned());
        for row in self.khans.iter_mut() {
            if let Some(n) = name(row.code) {
                row.name = n;
            }
        }
        for row in self.operations.iter_mut() {
            if let Some(n) = name(row.khan_code) {
                row.khan_name = Some(n);
            }
        }
        for row in self.crosstab.rows.iter_mut() {
            if let Some(n) = name(row.khan_code) {
                row.khan_name = n;
            }
        }
    }
}

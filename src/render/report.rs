//! The document `crackdown report` renders: the summary with what shaped it (dataset, filters,
//! counts), and each grouping laid out as columns that every tabular format shares.

use serde::Serialize;

pub use crate::grouping::By;
use serde_json::{Map, Value};

use super::document::{DatasetInfo, KindCounts, SCHEMA_VERSION};
use crate::aggregate::{Aggregation, Filter, Interval, NOT_RECORDED, Shape, SortOrder, Summary};
use crate::load::Dataset;
use crate::nationality::Nationality;
use crate::validate::Outcome;

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number: right-aligned, thousands separators on screen.
    Count,
    /// A percentage or a rate with two decimals.
    Decimal,
    /// A share in percent, with a bar on a terminal.
    Share,
    /// A list of codes, joined with ", ".
    List,
}

/// One column of a grouping: the JSON key it shows, its header and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub key: String,
    pub header: String,
    pub kind: Kind,
}

fn col(key: &str, header: &str, kind: Kind) -> Column {
    Column {
        key: key.to_owned(),
        header: header.to_owned(),
        kind,
    }
}

/// A grouping laid out for tabular formats: columns, rows and the totals row.
#[derive(Debug, Clone)]
pub struct Grid {
    pub by: By,
    pub columns: Vec<Column>,
    /// Each row as its JSON object (the same keys as the JSON document).
    pub rows: Vec<Map<String, Value>>,
    pub total: Option<Map<String, Value>>,
}

fn objects<T: Serialize>(rows: &[T]) -> Vec<Map<String, Value>> {
    rows.iter().map(object).collect()
}

fn object<T: Serialize>(row: &T) -> Map<String, Value> {
    match serde_json::to_value(row).expect("rows serialise") {
        Value::Object(map) => map,
        other => unreachable!("a row serialises as an object, not {other}"),
    }
}

/// Which records the report counts, for the document.
#[derive(Debug, Clone, Serialize)]
pub struct FilterInfo {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub khans: Vec<Named>,
    pub nationalities: Vec<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// `null` for "not recorded".
    pub code: Option<String>,
    pub name: String,
}

impl FilterInfo {
    pub fn new(filter: &Filter) -> FilterInfo {
        FilterInfo {
            from: filter.from,
            to: filter.to,
            khans: filter
                .khans
                .iter()
                .map(|k| Named {
                    code: Some(k.code().to_string()),
                    name: k.name().to_owned(),
                })
                .collect(),
            nationalities: filter
                .nationalities
                .iter()
                .map(|n| Named {
                    code: n.map(|n| n.code().to_owned()),
                    name: n.map_or(NOT_RECORDED, |n| n.name()).to_owned(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ShapeInfo {
    pub interval: Interval,
    pub sort: SortOrder,
    pub top: Option<usize>,
}

/// Rows read, used, rejected and left out by the filters, per kind.
#[derive(Debug, Clone, Serialize)]
pub struct ReportCounts {
    #[serde(flatten)]
    pub counts: KindCounts,
    /// Used rows that the filters left out of the report.
    pub filtered_out: u64,
}

/// The report document (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    /// A line to show with the figures when the records are illustrative.
    pub notice: Option<String>,
    pub filters: FilterInfo,
    pub shape: ShapeInfo,
    /// The one grouping asked for with --by, or null for the whole report.
    pub by: Option<By>,
    pub counts: Vec<ReportCounts>,
    #[serde(flatten)]
    pub summary: Summary,
    /// The filters in words, for the footer of human formats (JSON has them in `filters`).
    #[serde(skip)]
    pub filter_words: Option<String>,
}

impl Report {
    /// The report of what `aggregation` counted from `dataset`, shaped by `shape` and `by`.
    pub fn new(
        dataset: &Dataset,
        outcome: &Outcome,
        aggregation: &Aggregation,
        shape: Shape,
        by: Option<By>,
    ) -> Report {
        let counts = outcome
            .counts
            .iter()
            .map(|&(kind, counts)| ReportCounts {
                counts: KindCounts {
                    kind: kind.name(),
                    counts,
                },
                filtered_out: aggregation.filtered_out[kind],
            })
            .collect();
        let published = dataset.published_breakdowns().to_vec();
        let dataset = DatasetInfo::new(dataset);
        Report {
            schema_version: SCHEMA_VERSION,
            notice: dataset
                .illustrative
                .then(|| crate::published::illustrative_notice(&published)),
            dataset,
            filters: FilterInfo::new(&aggregation.filter),
            filter_words: aggregation.filter.describe(),
            shape: ShapeInfo {
                interval: shape.interval,
                sort: shape.sort,
                top: shape.top,
            },
            by,
            counts,
            summary: aggregation.summary(shape),
        }
    }

    /// The groupings a format shows: the one asked for, or the default set.
    pub fn groupings(&self) -> Vec<By> {
        match self.by {
            Some(by) => vec![by],
            None => vec![By::Khan, By::Nationality, By::Date],
        }
    }

    /// The JSON document: with --by, the headline and that grouping only. Measures of a kind of
    /// record that was not loaded are `null`.
    pub fn to_json(&self) -> Value {
        let mut value = serde_json::to_value(self).expect("the report serialises");
        if let Value::Object(map) = &mut value {
            for (key, v) in map.iter_mut() {
                // The counts of rows read are known for every kind that was loaded.
                if key != "counts" {
                    self.summary.loaded.blank(v);
                }
            }
        }
        if let (Some(by), Value::Object(map)) = (self.by, &mut value) {
            for other in By::ALL.iter().filter(|b| **b != by) {
                map.remove(other.key());
                if let Some(Value::Object(totals)) = map.get_mut("totals") {
                    totals.remove(other.key());
                }
            }
        }
        value
    }

    /// Lines to print under a report for people: source, notice, filters and record counts.
    pub fn footer(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(source) = &self.dataset.source {
            lines.push(format!("Source: {source}"));
        }
        if let Some(notice) = &self.notice {
            lines.push(format!("Note: {notice}"));
        }
        if let Some(filters) = &self.filter_words {
            lines.push(format!("Filters: {filters}"));
        }
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|c| {
                let mut text = format!(
                    "{} {} read, {} used, {} rejected",
                    c.counts.kind,
                    super::group_digits(c.counts.counts.read),
                    super::group_digits(c.counts.counts.used),
                    super::group_digits(c.counts.counts.rejected)
                );
                if c.filtered_out > 0 {
                    text.push_str(&format!(
                        ", {} left out by the filters",
                        super::group_digits(c.filtered_out)
                    ));
                }
                text
            })
            .collect();
        lines.push(format!("Records: {}", counts.join("; ")));
        lines
    }

    /// The headline as (label, value) pairs, values already worded; a measure of a kind of
    /// record that was not loaded says so instead of a zero.
    pub fn headline_rows(&self) -> Vec<(&'static str, HeadlineValue)> {
        let h = &self.summary.headline;
        let period = match (h.first_date, h.last_date) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no dated records".to_owned(),
        };
        let median = match h.median_days_to_court {
            Some(d) => format!(
                "{d} (over {} defendant{})",
                h.defendants_linked_to_arrests,
                if h.defendants_linked_to_arrests == 1 {
                    ""
                } else {
                    "s"
                }
            ),
            None => "no defendant linked to an arrest".to_owned(),
        };
        use HeadlineValue::{Count, Text};
        // (the measure's serialized key, which says whether it is known; label; value)
        let rows = [
            ("", "period", Text(period)),
            ("inspections", "premises inspected", Count(h.inspections)),
            ("khans_covered", "Khans covered", Count(h.khans_covered)),
            (
                "foreigners_identified",
                "foreign nationals identified",
                Count(h.foreigners_identified),
            ),
            (
                "women_identified",
                "women identified",
                Count(h.women_identified),
            ),
            (
                "women_share_pct",
                "women's share of those identified",
                Text(pct(h.women_share_pct)),
            ),
            ("operations", "scam operations", Count(h.operations)),
            ("detained", "detained", Count(h.detained)),
            (
                "detained_nationalities",
                "nationalities among the detained",
                Count(h.detained_nationalities),
            ),
            (
                "detained_nationality_not_recorded",
                "detained, nationality not recorded",
                Count(h.detained_nationality_not_recorded),
            ),
            ("women_detained", "women detained", Count(h.women_detained)),
            ("men_detained", "men detained", Count(h.men_detained)),
            (
                "detained_sex_not_recorded",
                "detained, sex not recorded",
                Count(h.detained_sex_not_recorded),
            ),
            ("cases", "court cases", Count(h.cases)),
            ("defendants", "defendants", Count(h.defendants)),
            ("ringleaders", "ringleaders", Count(h.ringleaders)),
            (
                "median_days_to_court",
                "median days from detention to court",
                Text(median),
            ),
        ];
        let loaded = self.summary.loaded;
        rows.into_iter()
            .map(|(key, label, value)| match loaded.knows(key) {
                true => (label, value),
                false => (label, Text("not loaded".to_owned())),
            })
            .collect()
    }

    /// One grouping laid out as columns and rows.
    pub fn grid(&self, by: By) -> Grid {
        let s = &self.summary;
        let t = &s.totals;
        use Kind::*;
        let (columns, rows, total) = match by {
            By::Khan => (
                vec![
                    col("code", "code", Text),
                    col("name", "Khan", Text),
                    col("inspections", "inspections", Count),
                    col("foreigners_identified", "foreigners identified", Count),
                    col("women_identified", "women identified", Count),
                    col("operations", "operations", Count),
                    col("detained", "detained", Count),
                    col(
                        "detained_per_100_inspections",
                        "detained per 100 inspections",
                        Decimal,
                    ),
                    col("detained_share_pct", "share of detained %", Share),
                    // Last: terminals disagree on the width of Khmer script.
                    col("khmer", "Khmer", Text),
                ],
                objects(&s.khans),
                Some(object(&t.khans)),
            ),
            By::Nationality => (
                vec![
                    col("code", "code", Text),
                    col("name", "nationality", Text),
                    col("detained", "detained", Count),
                    col("detained_share_pct", "share of detained %", Share),
                    col("women_detained", "women detained", Count),
                    col("men_detained", "men detained", Count),
                    col("sex_not_recorded", "sex not recorded", Count),
                    col("defendants", "defendants", Count),
                    col("ringleaders", "ringleaders", Count),
                ],
                objects(&s.nationalities),
                Some(object(&t.nationalities)),
            ),
            By::Date => (
                vec![
                    col("period", date_header(s.interval), Text),
                    col("inspections", "inspections", Count),
                    col("detained", "detained", Count),
                    col("cumulative_detained", "cumulative detained", Count),
                    col("cases_filed", "cases filed", Count),
                ],
                objects(&s.dates),
                t.dates.as_ref().map(object),
            ),
            By::Premises => (
                vec![
                    col("name", "premises type", Text),
                    col("inspections", "inspections", Count),
                    col("foreigners_identified", "foreigners identified", Count),
                    col("operations", "operations", Count),
                ],
                objects(&s.premises),
                Some(object(&t.premises)),
            ),
            By::Operation => (
                vec![
                    col("operation_id", "operation", Text),
                    col("first_date", "first seen", Text),
                    col("khan_name", "Khan", Text),
                    col("inspections", "inspections", Count),
                    col("detained", "detained", Count),
                    col("nationalities", "nationalities", List),
                ],
                objects(&s.operations),
                Some(object(&t.operations)),
            ),
            By::Case => (
                vec![
                    col("case_id", "case", Text),
                    col("filed", "filed", Text),
                    col("defendants", "defendants", Count),
                    col("ringleaders", "ringleaders", Count),
                    col("nationalities", "nationalities", List),
                    col("statuses", "status", List),
                ],
                objects(&s.cases),
                Some(object(&t.cases)),
            ),
            By::KhanNationality => {
                let x = &s.crosstab;
                let mut columns = vec![
                    col("khan_code", "code", Text),
                    col("khan_name", "Khan", Text),
                ];
                columns.extend(
                    x.nationalities
                        .iter()
                        .map(|n| col(crosstab_key(*n), crosstab_key(*n), Count)),
                );
                columns.push(col("total", "total", Count));
                let row = |code: Value, name: &str, cells: &[u64], total: u64| {
                    let mut map = Map::new();
                    map.insert("khan_code".into(), code);
                    map.insert("khan_name".into(), Value::from(name));
                    for (n, v) in x.nationalities.iter().zip(cells) {
                        map.insert(crosstab_key(*n).into(), Value::from(*v));
                    }
                    map.insert("total".into(), Value::from(total));
                    map
                };
                let rows = x
                    .rows
                    .iter()
                    .map(|r| row(Value::from(r.khan_code), &r.khan_name, &r.detained, r.total))
                    .collect();
                let total = row(Value::Null, "total", &x.totals, x.total);
                (columns, rows, Some(total))
            }
        };
        let loaded = s.loaded;
        let blank = |row: Map<String, Value>| {
            let mut value = Value::Object(row);
            loaded.blank(&mut value);
            match value {
                Value::Object(map) => map,
                _ => unreachable!("an object stays an object"),
            }
        };
        Grid {
            by,
            columns,
            rows: rows.into_iter().map(blank).collect(),
            total: total.map(blank),
        }
    }
}

/// The column of a nationality in the cross-tab: its code, or "not recorded".
fn crosstab_key(nationality: Option<Nationality>) -> &'static str {
    nationality.map_or(NOT_RECORDED, Nationality::code)
}

fn date_header(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "date",
        Interval::Week => "ISO week",
        Interval::Month => "month",
    }
}

/// A headline value: a count (formatted per output) or words.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadlineValue {
    Count(u64),
    Text(String),
}

fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |p| format!("{p:.2}%"))
}

/// The text of one cell: `grouped` asks for thousands separators on counts.
pub fn cell_text(value: Option<&Value>, kind: Kind, grouped: bool) -> String {
    match value {
        // For people, an unknown number (a kind of record not loaded, a share of nothing) is a
        // dash, never a zero and never a gap that reads as one.
        None | Some(Value::Null) if grouped && kind != Kind::Text && kind != Kind::List => {
            "–".to_owned()
        }
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) if kind == Kind::Count && grouped => n
            .as_u64()
            .map_or_else(|| n.to_string(), super::group_digits),
        Some(Value::Number(n)) if matches!(kind, Kind::Decimal | Kind::Share) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| format!("{f:.2}")),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// The label of a row for its first text column: rows without an id ("other", "total") show
/// their name or label there instead of an empty cell.
pub fn row_cells(grid: &Grid, row: &Map<String, Value>, grouped: bool) -> Vec<String> {
    let mut cells: Vec<String> = grid
        .columns
        .iter()
        .map(|c| cell_text(row.get(&c.key), c.kind, grouped))
        .collect();
    if cells.first().is_some_and(String::is_empty) {
        let label = ["label", "name", "khan_name"]
            .iter()
            .find_map(|k| {
                row.get(*k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or("");
        if grid
            .columns
            .get(1)
            .is_some_and(|c| matches!(c.key.as_str(), "name" | "khan_name"))
        {
            // The name column shows it already.
        } else {
            cells[0] = label.to_owned();
        }
    }
    cells
}

//! The document `crackdown report` renders: the summary with what shaped it (dataset, filters,
//! counts), and each grouping laid out as columns that every tabular format shares.

use serde::Serialize;

pub use crate::grouping::{By, Cell, Grid, Head, Kind};
use serde_json::Value;

use crate::aggregate::{
    Aggregation, Filter, HEADLINE, Interval, Measure, NOT_RECORDED, Shape, SortOrder, Summary,
};
use crate::document::{DatasetInfo, KindCounts, SCHEMA_VERSION};
use crate::validate::Outcome;

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
    /// The report of `summary`, counted by `aggregation` from `dataset`, shaped by `shape` and
    /// `by`.
    pub fn new(
        dataset: DatasetInfo,
        outcome: &Outcome,
        aggregation: &Aggregation,
        summary: Summary,
        shape: Shape,
        by: Option<By>,
    ) -> Report {
        let counts = outcome
            .counts
            .iter()
            .zip(KindCounts::of(outcome))
            .map(|(&(kind, _), counts)| ReportCounts {
                counts,
                filtered_out: aggregation.filtered_out[kind],
            })
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            notice: dataset.notice.clone(),
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
            summary,
        }
    }

    /// The groupings a format shows: the one asked for, or the default set.
    pub fn groupings(&self) -> Vec<By> {
        match self.by {
            Some(by) => vec![by],
            None => By::DEFAULT.to_vec(),
        }
    }

    /// One grouping laid out as columns and rows.
    pub fn grid(&self, by: By) -> Grid {
        by.grid(&self.summary)
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
                let files = match c.counts.files.len() {
                    0 | 1 => String::new(),
                    n => format!(" in {n} files"),
                };
                let mut text = format!(
                    "{} {} read{files}, {} used, {} rejected",
                    c.counts.kind,
                    crate::text::group_digits(c.counts.counts.read),
                    crate::text::group_digits(c.counts.counts.used),
                    crate::text::group_digits(c.counts.counts.rejected)
                );
                if c.filtered_out > 0 {
                    text.push_str(&format!(
                        ", {} left out by the filters",
                        crate::text::group_digits(c.filtered_out)
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
        let loaded = self.summary.loaded;
        let mut rows = vec![("period", HeadlineValue::Text(period))];
        rows.extend(HEADLINE.iter().map(|figure| {
            let value = match (figure.value)(h) {
                _ if !loaded.knows(figure.key) => HeadlineValue::Text("not loaded".to_owned()),
                Measure::Count(n) => HeadlineValue::Count(n),
                Measure::Percent(share) => HeadlineValue::Text(pct(share)),
                Measure::Days { median, over } => HeadlineValue::Text(match median {
                    Some(d) => format!(
                        "{d} (over {over} defendant{})",
                        if over == 1 { "" } else { "s" }
                    ),
                    None => "no defendant linked to an arrest".to_owned(),
                }),
            };
            (figure.words, value)
        }));
        rows
    }
}

impl Report {
    /// Each top-level key of the JSON document with its value, in order, as [`Document::to_json`]
    /// has them; the rows of a grouping come one at a time, so the whole document is never one
    /// value.
    ///
    /// [`Document::to_json`]: super::Document::to_json
    fn write_json(&self, out: &mut String) {
        let s = &self.summary;
        let loaded = s.loaded;
        let shown = |key: &str| match self.by {
            Some(by) => !By::ALL.iter().any(|b| *b != by && b.key() == key),
            None => true,
        };
        let value = |v: Value, blank: bool| {
            let mut v = v;
            if blank {
                loaded.blank(&mut v);
            }
            v
        };
        let to = |x: &dyn erased::Value| value(x.value(), true);
        let mut entries: Vec<(&str, Entry)> = vec![
            ("schema_version", Entry::One(to(&self.schema_version))),
            ("dataset", Entry::One(to(&self.dataset))),
            ("notice", Entry::One(to(&self.notice))),
            ("filters", Entry::One(to(&self.filters))),
            ("shape", Entry::One(to(&self.shape))),
            ("by", Entry::One(to(&self.by))),
            // The counts of rows read are known for every kind that was loaded.
            ("counts", Entry::One(value(json(&self.counts), false))),
            ("loaded", Entry::One(to(&s.loaded))),
            ("headline", Entry::One(to(&s.headline))),
            ("khans", Entry::Rows(rows(&s.khans))),
            ("provinces", Entry::Rows(rows(&s.provinces))),
            ("districts", Entry::Rows(rows(&s.districts))),
            ("nationalities", Entry::Rows(rows(&s.nationalities))),
            ("interval", Entry::One(to(&s.interval))),
            ("dates", Entry::Rows(rows(&s.dates))),
            ("premises", Entry::Rows(rows(&s.premises))),
            ("operations", Entry::Rows(rows(&s.operations))),
            ("cases", Entry::Rows(rows(&s.cases))),
            ("crosstab", Entry::One(to(&s.crosstab))),
        ];
        let mut totals = to(&s.totals);
        if let Value::Object(map) = &mut totals {
            map.retain(|key, _| shown(key));
        }
        entries.push(("totals", Entry::One(totals)));
        entries.retain(|(key, _)| shown(key));
        out.push_str("{\n");
        let last = entries.len().saturating_sub(1);
        for (i, (key, entry)) in entries.into_iter().enumerate() {
            out.push_str(&format!("  {}: ", json(&key)));
            match entry {
                Entry::One(v) => out.push_str(&super::nested(&v, 1)),
                Entry::Rows(rows) if rows.len() == 0 => out.push_str("[]"),
                Entry::Rows(rows) => {
                    out.push_str("[\n");
                    let n = rows.len();
                    for (j, row) in rows.enumerate() {
                        out.push_str("    ");
                        out.push_str(&super::nested(&value(row, true), 2));
                        out.push_str(if j + 1 < n { ",\n" } else { "\n" });
                    }
                    out.push_str("  ]");
                }
            }
            out.push_str(if i < last { ",\n" } else { "\n" });
        }
        out.push_str("}\n");
    }
}

/// A top-level value of the document: one value, or rows written one at a time.
enum Entry<'a> {
    One(Value),
    Rows(Box<dyn ExactSizeIterator<Item = Value> + 'a>),
}

fn json<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).expect("plain data serialises")
}

fn rows<T: Serialize>(rows: &[T]) -> Box<dyn ExactSizeIterator<Item = Value> + '_> {
    Box::new(rows.iter().map(|r| json(r)))
}

/// Any serialisable value, behind one type, for the list of a document's entries.
mod erased {
    pub trait Value {
        fn value(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize> Value for T {
        fn value(&self) -> serde_json::Value {
            super::json(self)
        }
    }
}

impl super::Document for Report {
    fn json(&self) -> Vec<u8> {
        let mut out = String::new();
        self.write_json(&mut out);
        out.into_bytes()
    }

    /// The JSON document: with --by, the headline and that grouping only. Measures of a kind of
    /// record that was not loaded are `null`.
    fn to_json(&self) -> Value {
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
            // Keys keep their order: the other groupings are taken out, not swapped out.
            for other in By::ALL.iter().filter(|b| **b != by) {
                map.shift_remove(other.key());
                if let Some(Value::Object(totals)) = map.get_mut("totals") {
                    totals.shift_remove(other.key());
                }
            }
        }
        value
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

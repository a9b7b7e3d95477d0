//! The result of `crackdown validate`: counts per kind and the problems found.

use serde::Serialize;

use super::layout::{Cell, Column, Table};
use super::{TableStyle, group_digits};
use crate::error::Problem;
use crate::load::Dataset;
use crate::validate::{Counts, Outcome};

/// Version of the JSON documents crackdown writes; raised when a key changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 2;

/// What `validate` reports.
#[derive(Debug, Serialize)]
pub struct Validation<'a> {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    /// True when no problem was found.
    pub clean: bool,
    /// Rows read, used and rejected, per kind loaded.
    pub counts: Vec<KindCounts>,
    pub problems_total: u64,
    /// The problems, in the order found (all of them, or the first ones when listed on a terminal).
    pub problems: &'a [Problem],
    pub warnings: &'a [String],
    /// The problems for people: the same problem in many rows said once (not in JSON, which
    /// lists every problem).
    #[serde(skip)]
    pub groups: Vec<String>,
}

/// Which data a result describes.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetInfo {
    /// The directory name, or the built-in dataset's name.
    pub name: String,
    /// The title its published.json gives it.
    pub title: Option<String>,
    /// Whether the record-level data is illustrative (published.json says `"records": "illustrative"`).
    pub illustrative: bool,
    pub builtin: bool,
    /// The record files read, as named in problems.
    pub files: Vec<String>,
    /// The published source, when a published.json came with the data.
    pub source: Option<String>,
    /// Breakdowns published in full ("defendants per nationality"): their numbers are
    /// published, not illustrative.
    pub published_breakdowns: Vec<String>,
}

impl DatasetInfo {
    /// What results call the dataset: its published title, else its name.
    pub fn title_or_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }

    pub fn new(dataset: &Dataset) -> DatasetInfo {
        let source = dataset
            .published
            .as_ref()
            .and_then(|p| p.source.as_ref())
            .and_then(|s| s.cite(true));
        DatasetInfo {
            name: dataset.name.clone(),
            title: dataset.published.as_ref().map(|p| p.name.clone()),
            illustrative: dataset.illustrative(),
            builtin: dataset.builtin,
            files: dataset.inputs.iter().map(|i| i.display_name()).collect(),
            source,
            published_breakdowns: dataset
                .published
                .as_ref()
                .map(|p| p.breakdowns.iter().map(|b| b.words()).collect())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KindCounts {
    pub kind: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
}

impl KindCounts {
    /// The counts of every kind loaded, in reading order.
    pub fn of(outcome: &Outcome) -> Vec<KindCounts> {
        outcome
            .counts
            .iter()
            .map(|&(k, counts)| KindCounts {
                kind: k.name(),
                counts,
            })
            .collect()
    }
}

impl<'a> Validation<'a> {
    pub fn new(
        dataset: &Dataset,
        outcome: &'a Outcome,
        problems: &'a [Problem],
        groups: Vec<String>,
    ) -> Self {
        Validation {
            schema_version: SCHEMA_VERSION,
            dataset: DatasetInfo::new(dataset),
            clean: outcome.is_clean(),
            counts: KindCounts::of(outcome),
            problems_total: outcome.problems,
            problems,
            warnings: &outcome.warnings,
            groups,
        }
    }

    pub fn json(&self) -> Vec<u8> {
        super::json_document(self)
    }

    pub fn table(&self, style: TableStyle) -> Vec<u8> {
        let mut table = Table::new(vec![
            Column::left("records"),
            Column::right("read"),
            Column::right("used"),
            Column::right("rejected"),
        ]);
        for k in &self.counts {
            table.row(vec![
                Cell::new(k.kind),
                Cell::count(k.counts.read),
                Cell::count(k.counts.used),
                Cell::count(k.counts.rejected),
            ]);
        }
        let mut out = String::new();
        style.prose(
            &mut out,
            &format!(
                "dataset {}{}",
                self.dataset.name,
                if self.dataset.builtin {
                    " (built-in)"
                } else {
                    ""
                }
            ),
        );
        out.push_str(&table.draw(style).text);
        if self.clean {
            out.push_str(&style.verdict("clean: no problems found", true));
            out.push('\n');
        } else {
            let total = self.problems_total;
            let heading = format!(
                "{} problem{} found",
                group_digits(total),
                if total == 1 { "" } else { "s" }
            );
            out.push_str(&style.verdict(&heading, false));
            out.push_str(":\n");
            for group in &self.groups {
                out.push_str(&format!("  {group}\n"));
            }
        }
        out.into_bytes()
    }
}

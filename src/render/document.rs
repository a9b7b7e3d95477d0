//! What every JSON document crackdown writes begins with: its schema version, the dataset it
//! describes, and the rows read, used and rejected per kind. Built once per command and shared by
//! the report, validation and reconciliation documents.

use serde::Serialize;

use crate::load::Dataset;
use crate::validate::{Counts, Outcome};

/// Version of the JSON documents crackdown writes; raised when a key changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 2;

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

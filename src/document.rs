//! What every JSON document crackdown writes begins with: its schema version, the dataset it
//! describes, and the rows read, used and rejected per kind. Built once per command and shared by
//! the report, validation and reconciliation documents, and the figures' captions.

use serde::Serialize;

use crate::published::Breakdown;
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
    /// The sentence to show beside any number from illustrative records, naming what is
    /// published; `None` when the records are real.
    #[serde(skip)]
    pub notice: Option<String>,
    /// The breakdowns published in full, for figures that draw one.
    #[serde(skip)]
    pub breakdowns: Vec<Breakdown>,
    /// The published source in full (title, publisher, date, address), for the line under a
    /// figure.
    #[serde(skip)]
    pub source_short: Option<String>,
}

impl DatasetInfo {
    /// What results call the dataset: its published title, else its name.
    pub fn title_or_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }
}

/// Rows read, used and rejected of one kind, and of each of its files.
#[derive(Debug, Clone, Serialize)]
pub struct KindCounts {
    pub kind: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    /// The files of the kind, in reading order, each with its own counts: they add up to the
    /// kind's.
    pub files: Vec<FileCounts>,
}

/// Rows read, used and rejected in one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileCounts {
    /// As problems name it.
    pub file: String,
    #[serde(flatten)]
    pub counts: Counts,
}

impl KindCounts {
    /// The counts of every kind loaded, in reading order.
    pub fn of(outcome: &Outcome) -> Vec<KindCounts> {
        outcome
            .counts
            .iter()
            .map(|&(kind, counts)| KindCounts {
                kind: kind.name(),
                counts,
                files: outcome
                    .files
                    .iter()
                    .filter(|(k, _, _)| *k == kind)
                    .map(|(_, file, counts)| FileCounts {
                        file: file.clone(),
                        counts: *counts,
                    })
                    .collect(),
            })
            .collect()
    }
}

//! The officially published headline figures of a dataset (`published.json`): what the records
//! are reconciled against, and the period their dates must fall in.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The contents of a `published.json`. Unknown keys are refused: a misspelt `"nationalty"` or
/// `"peroid"` must not quietly change what is checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// A title for the dataset.
    pub name: String,
    /// The period the operation covered; record dates outside it are problems.
    pub period: Option<Period>,
    pub source: Option<Source>,
    /// Whether the record-level files are real records or illustrative ones.
    pub records: Option<Records>,
    pub note: Option<String>,
    pub figures: Vec<Figure>,
    /// Where it was read from, for messages (not a key of the file).
    #[serde(skip)]
    pub file: String,
}

/// What the record-level files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Records {
    /// Records of real inspections, arrests and cases.
    Real,
    /// Made up to add up to the published figures; every breakdown is illustrative.
    Illustrative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }
}

/// Where the published figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub authorities: Vec<String>,
    pub note: Option<String>,
}

impl Source {
    /// The source in one line: title, publisher, and the address (`with_url`) or the date; where
    /// none of those is given, the address alone. `None` when nothing at all is given.
    pub fn cite(&self, with_url: bool) -> Option<String> {
        let last = if with_url { &self.url } else { &self.date };
        let parts: Vec<&str> = [&self.title, &self.publisher, last]
            .into_iter()
            .flatten()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return self.url.clone();
        }
        Some(parts.join(", "))
    }
}

/// One published figure, optionally for one nationality or one Khan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Which figure: `inspections`, `khans`, `foreigners_identified`, `women_identified`,
    /// `operations`, `detained`, `detained_nationalities`, `cases`, `defendants`, `ringleaders`.
    pub figure: String,
    /// Narrows the figure to one nationality (any form the records accept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Narrows the figure to one Khan (any spelling the records accept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub khan: Option<String>,
    pub value: u64,
    /// What the figure counts, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
}

impl Published {
    pub fn read(path: &Path) -> Result<Published> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        Self::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, file: &str) -> Result<Published> {
        let mut published: Published = serde_json::from_str(text).map_err(|e| Error::Input {
            file: file.to_owned(),
            line: Some(e.line() as u64),
            message: format!("not a valid published-figures file: {e}"),
        })?;
        if let Some(p) = published.period
            && p.from > p.to
        {
            return Err(Error::Input {
                file: file.to_owned(),
                line: None,
                message: format!("the period ends ({}) before it begins ({})", p.to, p.from),
            });
        }
        published.file = file.to_owned();
        Ok(published)
    }
}

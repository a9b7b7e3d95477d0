//! The officially published headline figures of a dataset (`published.json`): what the records
//! are reconciled against, and the period their dates must fall in.

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
    /// Breakdowns of a headline figure that are published in full: every part is one of the
    /// `figures`, narrowed to one nationality or Khan. Tables, JSON and figures then say that
    /// these numbers are published, not illustrative, and reconcile checks that the records
    /// have no part the publication does not give.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
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
    /// The source in full on one line, for the foot of a figure: title, publisher, the date
    /// where known, and the address. `None` when nothing at all is given.
    pub fn cite_in_full(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.title, &self.publisher, &self.date, &self.url]
            .into_iter()
            .flatten()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

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

/// A published breakdown: `figure` per `by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// The headline figure broken down: `detained`, `defendants` or `ringleaders` per
    /// nationality; `inspections`, `foreigners_identified`, `women_identified` or `detained`
    /// per Khan.
    pub figure: String,
    pub by: By,
}

/// What a published breakdown is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Nationality,
    Khan,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Nationality => "nationality",
            By::Khan => "Khan",
        }
    }
}

impl Breakdown {
    /// "defendants per nationality".
    pub fn words(&self) -> String {
        format!("{} per {}", self.figure.replace('_', " "), self.by.name())
    }

    /// Whether `figure` is one of the parts of this breakdown.
    pub fn has_part(&self, figure: &Figure) -> bool {
        figure.figure == self.figure
            && match self.by {
                By::Nationality => figure.nationality.is_some() && figure.khan.is_none(),
                By::Khan => figure.khan.is_some() && figure.nationality.is_none(),
            }
    }
}

/// What results drawn from illustrative records say: which numbers are published (the headline
/// figures and each breakdown published in full) and that the rest is illustrative.
/// The one wording of it: the report's note, the figures' note and the built-in dataset's note
/// on stderr all say this.
pub fn illustrative_notice(published: &[Breakdown]) -> String {
    let breakdowns: Vec<String> = published.iter().map(Breakdown::words).collect();
    match breakdowns.split_last() {
        None => "only the headline figures are published; every breakdown below them comes from illustrative records".to_owned(),
        Some((last, rest)) => {
            let list = if rest.is_empty() {
                last.clone()
            } else {
                format!("{} and {last}", rest.join(", "))
            };
            format!(
                "only the headline figures and the {list} are published; every other breakdown comes from illustrative records"
            )
        }
    }
}

impl Published {
    /// Whether `figure` per `by` is published in full.
    pub fn publishes(&self, figure: &str, by: By) -> bool {
        self.breakdowns
            .iter()
            .any(|b| b.figure == figure && b.by == by)
    }

    /// The published figures in `text`, read from `file` (named in messages). Reading the file
    /// is the dataset's part (`load::resolve`), so that a file that is not there is said the
    /// same way for every file the user names.
    pub fn parse(text: &str, file: &str) -> Result<Published> {
        let invalid = |e: serde_json::Error| Error::Input {
            file: file.to_owned(),
            line: Some(e.line() as u64),
            message: format!("not a valid published-figures file: {e}"),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
        check_shape(&value).map_err(|message| Error::Input {
            file: file.to_owned(),
            line: None,
            message,
        })?;
        let mut published: Published = serde_json::from_str(text).map_err(invalid)?;
        if let Some(p) = published.period
            && p.from > p.to
        {
            return Err(Error::Input {
                file: file.to_owned(),
                line: None,
                message: format!("the period ends ({}) before it begins ({})", p.to, p.from),
            });
        }
        for breakdown in &published.breakdowns {
            if !published.figures.iter().any(|f| breakdown.has_part(f)) {
                return Err(Error::Input {
                    file: file.to_owned(),
                    line: None,
                    message: format!(
                        "the breakdown {} has no parts: give each as a figure {:?} with a {:?}",
                        breakdown.words(),
                        breakdown.figure,
                        breakdown.by.name().to_lowercase()
                    ),
                });
            }
        }
        published.file = file.to_owned();
        Ok(published)
    }
}

/// What the typed reading would let through unsaid: serde reads a struct from a JSON array too
/// (`["x", null, …]`, its fields by position), which would bypass the names of the keys and so
/// the refusal of unknown ones; and chrono says of a bad date only that it holds "invalid
/// characters". Every part that is a set of keys must be a JSON object, and each date of the
/// period a date written YYYY-MM-DD.
fn check_shape(value: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let what = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let Value::Object(top) = value else {
        return Err(format!(
            "a published-figures file is one JSON object of named keys ({{\"name\": …, \"figures\": […]}}), and this is {}",
            what(value)
        ));
    };
    let object = |v: &Value, name: &str, example: &str| match v {
        Value::Object(_) | Value::Null => Ok(()),
        _ => Err(format!(
            "{name} must be a JSON object of named keys ({example}), not {}",
            what(v)
        )),
    };
    if let Some(period) = top.get("period") {
        object(
            period,
            "period",
            "{\"from\": \"2026-02-03\", \"to\": \"2026-02-18\"}",
        )?;
        for key in ["from", "to"] {
            if let Some(Value::String(date)) = period.get(key)
                && date.parse::<NaiveDate>().is_err()
            {
                return Err(format!(
                    "period.{key} {} is not a date: expected YYYY-MM-DD, such as 2026-02-03",
                    crate::text::quote(date)
                ));
            }
        }
    }
    if let Some(source) = top.get("source") {
        object(source, "source", "{\"title\": …, \"publisher\": …}")?;
    }
    for (list, example) in [
        ("figures", "{\"figure\": \"detained\", \"value\": 284}"),
        (
            "breakdowns",
            "{\"figure\": \"detained\", \"by\": \"nationality\"}",
        ),
    ] {
        if let Some(Value::Array(items)) = top.get(list) {
            for (i, item) in items.iter().enumerate() {
                if !item.is_object() {
                    object(item, &format!("{list}[{i}]"), example)?;
                }
            }
        }
    }
    Ok(())
}

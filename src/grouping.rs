//! The groupings of a report (`--by`): which ones there are, their keys in the JSON document
//! (the fields of the [`Summary`](crate::aggregate::Summary)) and their titles. The command line,
//! the aggregation and the renderers all read this one list.

use serde::Serialize;

/// One grouping of the report (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// Per Khan: all 14, in code order.
    Khan,
    /// Per nationality of those detained and prosecuted.
    Nationality,
    /// Per day (or --interval week|month), every day of the period.
    Date,
    /// Per premises type.
    Premises,
    /// Per scam operation.
    Operation,
    /// Per court case.
    Case,
    /// Detained per Khan and nationality (a cross-tab).
    #[value(name = "khan,nationality", alias = "crosstab")]
    #[serde(rename = "khan,nationality")]
    KhanNationality,
}

impl By {
    pub const ALL: [By; 7] = [
        By::Khan,
        By::Nationality,
        By::Date,
        By::Premises,
        By::Operation,
        By::Case,
        By::KhanNationality,
    ];

    /// The key of this grouping in the JSON document.
    pub fn key(self) -> &'static str {
        match self {
            By::Khan => "khans",
            By::Nationality => "nationalities",
            By::Date => "dates",
            By::Premises => "premises",
            By::Operation => "operations",
            By::Case => "cases",
            By::KhanNationality => "crosstab",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            By::Khan => "Per Khan",
            By::Nationality => "Per nationality",
            By::Date => "Per date",
            By::Premises => "Per premises type",
            By::Operation => "Per operation",
            By::Case => "Per case",
            By::KhanNationality => "Detained per Khan and nationality",
        }
    }
}

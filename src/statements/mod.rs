//! Published statements: one row per figure an authority or a newspaper published ("3,075
//! arrested from 27 June to 22 July 2025, 606 of them women"), each with its period, its scope
//! (the country, a province, a district), its qualifier ("at least", "about") and its source.
//!
//! Statements are not records of events, so they are read and checked apart from inspections,
//! arrests and prosecutions:
//!
//! - `read.rs` reads a statements file (CSV) row by row into [`Statement`]s, refusing each row
//!   that cannot be one with its file, line, column, value and reason;
//! - `check.rs` checks the statements against each other: a breakdown never exceeds its total,
//!   a cumulative series that falls is said, and different values given for the same figure are
//!   conflicts, kept side by side and never resolved;
//! - `summary.rs` lays them out for the report: per figure and period, per province, per
//!   nationality, and the conflicts.

mod check;
mod read;
mod summary;

use chrono::NaiveDate;
use serde::Serialize;

use crate::nationality::Nationality;

pub use check::{Checked, Conflict, check};
pub use read::{COLUMNS, Read, StatementFile, read};
pub use summary::{Entry, StatementCounts, Summary, Value};

/// Declares [`Figure`] from one list: each figure with its key, its label and the figure it is a
/// part of.
macro_rules! figures {
    ($($variant:ident = $key:literal, $label:literal, $part_of:expr;)+) => {
        /// What a published figure counts: a closed vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Figure {
            $($variant,)+
        }

        impl Figure {
            /// Every figure, in the order reports list them.
            pub const ALL: &'static [Figure] = &[$(Figure::$variant),+];

            /// The word written in the `figure` column and in JSON: `women_detained`.
            pub fn key(self) -> &'static str {
                match self { $(Figure::$variant => $key),+ }
            }

            /// The figure in words, for people: "women detained".
            pub fn label(self) -> &'static str {
                match self { $(Figure::$variant => $label),+ }
            }

            /// The figure this one is a part of (women detained are some of those detained).
            pub fn part_of(self) -> Option<Figure> {
                match self { $(Figure::$variant => $part_of),+ }
            }
        }
    };
}

figures! {
    Detained = "detained", "detained", None;
    WomenDetained = "women_detained", "women detained", Some(Figure::Detained);
    ForeignersIdentified = "foreigners_identified", "foreign nationals identified", None;
    WomenIdentified = "women_identified", "women identified", Some(Figure::ForeignersIdentified);
    PremisesInspected = "premises_inspected", "premises inspected", None;
    LocationsRaided = "locations_raided", "locations raided", None;
    OperationsDismantled = "operations_dismantled", "scam operations dismantled", None;
    Deported = "deported", "deported", None;
    CasesToCourt = "cases_to_court", "cases sent to court", None;
    SuspectsCharged = "suspects_charged", "suspects charged", None;
    DevicesSeized = "devices_seized", "devices seized", None;
    VictimsRescued = "victims_rescued", "victims rescued", None;
    RingleadersDetained = "ringleaders_detained", "suspected ringleaders detained", Some(Figure::Detained);
    Convicted = "convicted", "convicted", None;
    WomenDeported = "women_deported", "women deported", Some(Figure::Deported);
    LocationsSealed = "locations_sealed", "locations sealed", None;
    CasesInvestigated = "cases_investigated", "cases investigated", None;
    ComputersSeized = "computers_seized", "computers seized", None;
    PhonesSeized = "phones_seized", "phones seized", None;
    LeftVoluntarily = "left_voluntarily", "foreign nationals who left of their own accord", None;
    ReportedToEmbassy = "reported_to_embassy", "reported to their embassy", None;
    Repatriated = "repatriated", "repatriated by their embassy", None;
}

impl Figure {
    /// The figure whose key is `word` (any case, spaces or hyphens for underscores).
    pub fn from_word(word: &str) -> Option<Figure> {
        let word = word.trim().to_lowercase().replace([' ', '-'], "_");
        Figure::ALL.iter().copied().find(|f| f.key() == word)
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// How a published number is meant: exactly, or as a bound or an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    Exact,
    AtLeast,
    MoreThan,
    Nearly,
    About,
    UpTo,
}

impl Qualifier {
    pub const ALL: &'static [Qualifier] = &[
        Qualifier::Exact,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::Nearly,
        Qualifier::About,
        Qualifier::UpTo,
    ];

    /// As written in the `qualifier` column and in JSON: `at least`.
    pub fn word(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::Nearly => "nearly",
            Qualifier::About => "about",
            Qualifier::UpTo => "up to",
        }
    }

    pub fn from_word(word: &str) -> Option<Qualifier> {
        let word = word.trim().to_lowercase().replace(['_', '-'], " ");
        Qualifier::ALL.iter().copied().find(|q| q.word() == word)
    }

    /// `value` as people read it: "3,075", "at least 270".
    pub fn show(self, value: u64) -> String {
        let n = crate::text::group_digits(value);
        match self {
            Qualifier::Exact => n,
            q => format!("{} {n}", q.word()),
        }
    }

    /// The least the true number can be, when the words say: a part's contribution to its total.
    /// "about", "nearly" and "up to" promise no least number, so they count for 0.
    pub fn least(self, value: u64) -> u64 {
        match self {
            Qualifier::Exact | Qualifier::AtLeast => value,
            Qualifier::MoreThan => value + 1,
            Qualifier::Nearly | Qualifier::About | Qualifier::UpTo => 0,
        }
    }

    /// The most the true number can be, when the words say: a total's bound on its parts.
    /// "at least", "more than" and "about" set no upper bound.
    pub fn most(self, value: u64) -> Option<u64> {
        match self {
            Qualifier::Exact | Qualifier::UpTo => Some(value),
            Qualifier::Nearly => Some(value.saturating_sub(1)),
            Qualifier::AtLeast | Qualifier::MoreThan | Qualifier::About => None,
        }
    }
}

impl Serialize for Qualifier {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word())
    }
}

/// What a figure covers: the whole country, one province, or one district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Country,
    Province,
    District,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[Scope::Country, Scope::Province, Scope::District];

    pub fn word(self) -> &'static str {
        match self {
            Scope::Country => "country",
            Scope::Province => "province",
            Scope::District => "district",
        }
    }

    pub fn from_word(word: &str) -> Option<Scope> {
        let word = word.trim().to_lowercase();
        Scope::ALL.iter().copied().find(|s| s.word() == word)
    }
}

/// The key two place names are compared by: the one place where a province or a district named
/// in a statement is matched with another. Names are folded (case, spaces, hyphens and
/// diacritics do not count), so "Preah Sihanouk" and "preah-sihanouk" are one province.
pub fn place_key(name: &str) -> String {
    crate::text::fold(name)
}

/// Where a figure applies, in words: "country", "Kratie", "Snuol, Kratie".
pub fn place_words(scope: Scope, province: Option<&str>, district: Option<&str>) -> String {
    match (scope, province, district) {
        (Scope::Country, _, _) => "country".to_owned(),
        (_, Some(p), Some(d)) => format!("{d}, {p}"),
        (_, None, Some(d)) => d.to_owned(),
        (_, Some(p), None) => p.to_owned(),
        (_, None, None) => String::new(),
    }
}

/// A period in words: "2025-06-27 to 2025-07-22", or one day.
pub fn period_words(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start} to {end}")
    }
}

/// Which statements a report counts: those whose whole period lies within `from`..`to`, and, when
/// provinces are named, those of one of them (a district's statement names its province).
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub provinces: Vec<String>,
    pub nationalities: Vec<Nationality>,
}

impl Choice {
    pub fn keeps(&self, s: &Statement) -> bool {
        self.from.is_none_or(|from| s.period_start >= from)
            && self.to.is_none_or(|to| s.period_end <= to)
            && (self.provinces.is_empty()
                || s.province
                    .as_deref()
                    .is_some_and(|p| self.provinces.iter().any(|q| place_key(q) == place_key(p))))
            && (self.nationalities.is_empty()
                || s.nationality
                    .is_some_and(|n| self.nationalities.contains(&n)))
    }

    pub fn is_everything(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.provinces.is_empty()
            && self.nationalities.is_empty()
    }

    /// The choice in words: "from 2025-07-01; province Kandal".
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(from) = self.from {
            parts.push(format!("periods from {from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("periods to {to}"));
        }
        if !self.provinces.is_empty() {
            parts.push(format!("province {}", self.provinces.join(", ")));
        }
        if !self.nationalities.is_empty() {
            let names: Vec<&str> = self.nationalities.iter().map(|n| n.name()).collect();
            parts.push(format!("nationality {}", names.join(", ")));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Where a figure applies, compared by [`place_key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub scope: Scope,
    province: String,
    district: String,
}

/// One published figure.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub statement_id: String,
    /// The day it was published; `None` when the source does not say.
    pub published: Option<NaiveDate>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub scope: Scope,
    pub province: Option<String>,
    pub district: Option<String>,
    pub figure: Figure,
    /// For a figure about one nationality: a part of the same figure without one.
    #[serde(serialize_with = "nationality_code")]
    pub nationality: Option<Nationality>,
    pub value: u64,
    pub qualifier: Qualifier,
    pub source_url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub quote: Option<String>,
    /// Where it was read, as problems name it.
    pub file: String,
    pub line: u64,
}

fn nationality_code<S: serde::Serializer>(
    n: &Option<Nationality>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => s.serialize_str(n.code()),
        None => s.serialize_none(),
    }
}

impl Statement {
    pub fn place(&self) -> Place {
        let key = |name: &Option<String>| name.as_deref().map(place_key).unwrap_or_default();
        Place {
            scope: self.scope,
            province: key(&self.province),
            district: key(&self.district),
        }
    }

    /// Where the figure applies, in words: "country", "Kratie", "Snuol, Kratie".
    pub fn place_words(&self) -> String {
        place_words(
            self.scope,
            self.province.as_deref(),
            self.district.as_deref(),
        )
    }

    /// The source in short, for a table: the outlet, else the address's host.
    pub fn source_short(&self) -> String {
        if let Some(outlet) = &self.outlet {
            return outlet.clone();
        }
        let url = self.source_url.as_deref().unwrap_or_default();
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        rest.split('/')
            .next()
            .unwrap_or(rest)
            .trim_start_matches("www.")
            .to_owned()
    }

    /// What tells one source from another: its address, else its outlet and title.
    pub fn source_key(&self) -> String {
        match &self.source_url {
            Some(url) => url.trim().to_owned(),
            None => format!(
                "{}\u{1f}{}",
                self.outlet.as_deref().map(place_key).unwrap_or_default(),
                self.title.as_deref().map(place_key).unwrap_or_default()
            ),
        }
    }

    /// The period in words: "2025-06-27 to 2025-07-22", or one day.
    pub fn period_words(&self) -> String {
        period_words(self.period_start, self.period_end)
    }

    /// The nationality in words, or empty.
    pub fn nationality_words(&self) -> &'static str {
        self.nationality.map_or("", |n| n.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_reads_back_from_its_key_and_parts_name_a_whole() {
        for &f in Figure::ALL {
            assert_eq!(Figure::from_word(f.key()), Some(f));
            if let Some(whole) = f.part_of() {
                assert_eq!(whole.part_of(), None, "{} is a part of a part", f.key());
            }
        }
        assert_eq!(
            Figure::from_word("Women Detained"),
            Some(Figure::WomenDetained)
        );
    }

    #[test]
    fn qualifiers_bound_what_they_say() {
        for &q in Qualifier::ALL {
            assert_eq!(Qualifier::from_word(q.word()), Some(q));
            if let Some(most) = q.most(100) {
                assert!(q.least(100) <= most);
            }
        }
        assert_eq!(Qualifier::MoreThan.least(100), 101);
        assert_eq!(Qualifier::About.most(100), None);
        assert_eq!(Qualifier::AtLeast.show(3075), "at least 3,075");
    }

    #[test]
    fn places_compare_folded() {
        assert_eq!(place_key("Preah Sihanouk"), place_key("preah-sihanouk "));
        assert_ne!(place_key("Kandal"), place_key("Kampot"));
    }
}

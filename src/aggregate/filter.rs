//! Which records a report counts: `--from`, `--to`, `--khan`, `--nationality`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::NOT_RECORDED;
use crate::gazetteer::Place;
use crate::khan::Khan;
use crate::model::{Arrest, Inspection, LinkedArrest, Prosecution};
use crate::nationality::Nationality;

/// Which records a report counts. Each filter applies to the records that carry its field:
/// dates to every kind (prosecutions by their filing date), Khans to inspections, arrests and
/// the prosecutions linked to an arrest in one of them, nationalities to arrests and prosecutions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: every Khan.
    pub khans: BTreeSet<Khan>,
    /// Empty: every nationality. `None` stands for "not recorded".
    pub nationalities: BTreeSet<Option<Nationality>>,
}

impl Filter {
    /// The filters in words, for people: "Khans Tuol Kouk, Mean Chey; nationality Vietnam;
    /// from 2026-02-05", or `None` when nothing is filtered.
    pub fn describe(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        let list = |one: &str, many: &str, names: Vec<&str>| {
            let word = if names.len() == 1 { one } else { many };
            format!("{word} {}", names.join(", "))
        };
        if !self.khans.is_empty() {
            parts.push(list(
                "Khan",
                "Khans",
                self.khans.iter().map(|k| k.name()).collect(),
            ));
        }
        if !self.nationalities.is_empty() {
            let names = self
                .nationalities
                .iter()
                .map(|n| n.map_or(NOT_RECORDED, Nationality::name))
                .collect();
            parts.push(list("nationality", "nationalities", names));
        }
        if let Some(from) = self.from {
            parts.push(format!("from {from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to {to}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    fn date(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    /// Whether `--khan` keeps a record of `place`: every place when no Khan is named, else
    /// only the Khans named.
    fn khan(&self, place: Place) -> bool {
        self.khans.is_empty() || place.khan().is_some_and(|k| self.khans.contains(&k))
    }

    fn nationality(&self, nationality: Option<Nationality>) -> bool {
        self.nationalities.is_empty() || self.nationalities.contains(&nationality)
    }

    pub fn keeps_inspection(&self, r: &Inspection) -> bool {
        self.date(r.date) && self.khan(r.place)
    }

    pub fn keeps_arrest(&self, r: &Arrest) -> bool {
        self.date(r.date) && self.khan(r.place) && self.nationality(r.nationality)
    }

    pub fn keeps_prosecution(&self, r: &Prosecution, arrest: Option<&LinkedArrest>) -> bool {
        let khan = self.khans.is_empty() || arrest.is_some_and(|a| self.khan(a.place));
        self.date(r.filed) && khan && self.nationality(r.nationality)
    }
}

//! The statements laid out for a report: one [`Entry`] per figure, place, period and
//! nationality, holding every value published for it with its source. Entries fall into three
//! lists (country-wide figures, figures of a province or district, figures of one nationality),
//! so each statement is in exactly one; conflicts are listed again on their own.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Checked, Conflict, Figure, Qualifier, Scope, Statement};
use crate::nationality::Nationality;

/// The statements of a dataset, laid out.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Country-wide figures of no one nationality, by figure (in vocabulary order) then period.
    pub figures: Vec<Entry>,
    /// Figures of a province or a district, of no one nationality: by province, district,
    /// figure, period.
    pub provinces: Vec<Entry>,
    /// Figures of one nationality, any scope: by figure, period, place, then largest first.
    pub nationalities: Vec<Entry>,
    /// Figures for which sources give different values.
    pub conflicts: Vec<Conflict>,
}

/// One figure for one place, period and nationality, with every value published for it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub figure: Figure,
    /// The figure in words.
    pub label: &'static str,
    /// The figure this one is a part of, if any.
    pub part_of: Option<Figure>,
    pub scope: Scope,
    pub province: Option<String>,
    pub district: Option<String>,
    #[serde(serialize_with = "super::nationality_code")]
    pub nationality: Option<Nationality>,
    /// The nationality's country name, or null.
    pub nationality_name: Option<&'static str>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Whether the values differ: a conflict, shown whole.
    pub conflict: bool,
    /// Every statement of it, smallest value first, then in reading order.
    pub values: Vec<Value>,
}

/// One published value and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Value {
    pub value: u64,
    pub qualifier: Qualifier,
    /// The value as people read it: "at least 270".
    pub shown: String,
    pub statement_id: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub source_url: Option<String>,
    pub title: Option<String>,
    /// The outlet, else the address's host: for tables.
    #[serde(skip)]
    pub source_short: String,
}

/// Statement rows read, used and rejected, in all and per file.
#[derive(Debug, Clone, Serialize)]
pub struct StatementCounts {
    #[serde(flatten)]
    pub counts: crate::validate::Counts,
    pub files: Vec<crate::document::FileCounts>,
}

impl StatementCounts {
    pub fn of(checked: &Checked) -> StatementCounts {
        StatementCounts {
            counts: checked.counts(),
            files: checked
                .files
                .iter()
                .map(|(file, counts)| crate::document::FileCounts {
                    file: file.clone(),
                    counts: *counts,
                })
                .collect(),
        }
    }
}

impl Entry {
    /// Where it applies, in words.
    pub fn place_words(&self) -> String {
        super::place_words(
            self.scope,
            self.province.as_deref(),
            self.district.as_deref(),
        )
    }

    pub fn period_words(&self) -> String {
        super::period_words(self.period_start, self.period_end)
    }

    /// The values in words: "3,075", or "339 or 366" for a conflict.
    pub fn values_words(&self) -> String {
        let mut shown: Vec<&str> = self.values.iter().map(|v| v.shown.as_str()).collect();
        shown.dedup();
        shown.join(" or ")
    }
}

impl Summary {
    pub fn of(checked: &Checked) -> Summary {
        type Key = (
            super::Place,
            NaiveDate,
            NaiveDate,
            Figure,
            Option<Nationality>,
        );
        let mut groups: BTreeMap<Key, Vec<&Statement>> = BTreeMap::new();
        for s in &checked.statements {
            let key = (
                s.place(),
                s.period_start,
                s.period_end,
                s.figure,
                s.nationality,
            );
            groups.entry(key).or_default().push(s);
        }
        let mut figures = Vec::new();
        let mut provinces = Vec::new();
        let mut nationalities = Vec::new();
        for members in groups.values() {
            let entry = entry(members);
            match (entry.nationality, entry.scope) {
                (Some(_), _) => nationalities.push(entry),
                (None, Scope::Country) => figures.push(entry),
                (None, _) => provinces.push(entry),
            }
        }
        let most = |e: &Entry| e.values.iter().map(|v| v.value).max().unwrap_or(0);
        figures.sort_by(|a, b| {
            (a.figure, a.period_start, a.period_end).cmp(&(b.figure, b.period_start, b.period_end))
        });
        let place = |e: &Entry| {
            (
                e.province.as_deref().map(super::place_key),
                e.district.as_deref().map(super::place_key),
            )
        };
        provinces.sort_by(|a, b| {
            (place(a), a.figure, a.period_start, a.period_end).cmp(&(
                place(b),
                b.figure,
                b.period_start,
                b.period_end,
            ))
        });
        nationalities.sort_by(|a, b| {
            (a.figure, a.period_start, a.period_end, a.scope, place(a))
                .cmp(&(b.figure, b.period_start, b.period_end, b.scope, place(b)))
                .then(most(b).cmp(&most(a)))
                .then(
                    a.nationality
                        .map(|n| n.code())
                        .cmp(&b.nationality.map(|n| n.code())),
                )
        });
        Summary {
            figures,
            provinces,
            nationalities,
            conflicts: checked.conflicts.clone(),
        }
    }

    /// Every entry, in the order of the three lists.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &Entry)> {
        self.figures
            .iter()
            .map(|e| ("figures", e))
            .chain(self.provinces.iter().map(|e| ("provinces", e)))
            .chain(self.nationalities.iter().map(|e| ("nationalities", e)))
    }
}

fn entry(members: &[&Statement]) -> Entry {
    let first = members[0];
    let mut values: Vec<(&Statement, Value)> = members
        .iter()
        .map(|s| {
            (
                *s,
                Value {
                    value: s.value,
                    qualifier: s.qualifier,
                    shown: s.qualifier.show(s.value),
                    statement_id: s.statement_id.clone(),
                    published: s.published,
                    outlet: s.outlet.clone(),
                    source_url: s.source_url.clone(),
                    title: s.title.clone(),
                    source_short: s.source_short(),
                },
            )
        })
        .collect();
    values.sort_by(|(a, _), (b, _)| (a.value, &a.file, a.line).cmp(&(b.value, &b.file, b.line)));
    Entry {
        figure: first.figure,
        label: first.figure.label(),
        part_of: first.figure.part_of(),
        scope: first.scope,
        province: first.province.clone(),
        district: first.district.clone(),
        nationality: first.nationality,
        nationality_name: first.nationality.map(|n| n.name()),
        period_start: first.period_start,
        period_end: first.period_end,
        conflict: members.iter().any(|s| s.value != first.value),
        values: values.into_iter().map(|(_, v)| v).collect(),
    }
}

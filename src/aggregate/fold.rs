//! Ordering and folding rows: `--sort count` puts the largest first, `--top N` folds the rest
//! into one "other" row.

use std::collections::BTreeSet;

use super::summary::*;
use crate::model::Status;
use crate::nationality::Nationality;

/// A row that `--sort count` orders and `--top` folds.
pub(super) trait Foldable: Sized {
    /// What the rows are, for the "other (N …)" row.
    const NOUN: &'static str;
    fn count(&self) -> u64;
    /// A row kept last and never folded (persons whose nationality was not recorded).
    fn pinned(&self) -> bool {
        false
    }
    /// One row standing for `rows`, named `name`; `whole` is what shares are shares of.
    fn sum(rows: &[Self], name: String, whole: u64) -> Self;
}

pub(super) fn sort_and_fold<T: Foldable>(rows: Vec<T>, shape: Shape, whole: u64) -> Vec<T> {
    let (pinned, mut rows): (Vec<T>, Vec<T>) = rows.into_iter().partition(T::pinned);
    let mut rows = {
        if shape.sort == SortOrder::Count {
            // Stable: ties keep their natural order.
            rows.sort_by_key(|r| std::cmp::Reverse(r.count()));
        }
        match shape.top {
            // One row alone is shown as itself, never as "other (1 …)".
            Some(n) if rows.len() > n + 1 => {
                let rest = rows.split_off(n);
                rows.push(T::sum(
                    &rest,
                    format!("other ({} {})", rest.len(), T::NOUN),
                    whole,
                ));
                rows
            }
            _ => rows,
        }
    };
    rows.extend(pinned);
    rows
}

fn sum<T>(rows: &[T], f: impl Fn(&T) -> u64) -> u64 {
    rows.iter().map(f).sum()
}

impl Foldable for KhanRow {
    const NOUN: &str = "Khans";
    fn count(&self) -> u64 {
        self.detained
    }
    fn pinned(&self) -> bool {
        self.elsewhere
    }
    fn sum(rest: &[Self], name: String, whole: u64) -> Self {
        KhanRow {
            code: None,
            elsewhere: false,
            name,
            khmer: String::new(),
            inspections: sum(rest, |r| r.inspections),
            foreigners_identified: sum(rest, |r| r.foreigners_identified),
            women_identified: sum(rest, |r| r.women_identified),
            // Operations can span Khans, so the rows' counts do not add up; the sum is an upper bound.
            operations: sum(rest, |r| r.operations),
            detained: sum(rest, |r| r.detained),
            detained_per_100_inspections: percent(
                sum(rest, |r| r.detained),
                sum(rest, |r| r.inspections),
            ),
            detained_share_pct: percent(sum(rest, |r| r.detained), whole),
        }
    }
}

impl Foldable for NationalityRow {
    const NOUN: &str = "nationalities";
    fn count(&self) -> u64 {
        self.detained
    }
    fn pinned(&self) -> bool {
        self.not_recorded
    }
    fn sum(rest: &[Self], name: String, whole: u64) -> Self {
        NationalityRow {
            code: None,
            name,
            not_recorded: false,
            detained: sum(rest, |r| r.detained),
            detained_share_pct: percent(sum(rest, |r| r.detained), whole),
            women_detained: sum(rest, |r| r.women_detained),
            men_detained: sum(rest, |r| r.men_detained),
            sex_not_recorded: sum(rest, |r| r.sex_not_recorded),
            defendants: sum(rest, |r| r.defendants),
            ringleaders: sum(rest, |r| r.ringleaders),
        }
    }
}

impl Foldable for PremisesRow {
    const NOUN: &str = "premises types";
    fn count(&self) -> u64 {
        self.inspections
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        PremisesRow {
            premises_type: None,
            name,
            inspections: sum(rest, |r| r.inspections),
            foreigners_identified: sum(rest, |r| r.foreigners_identified),
            operations: sum(rest, |r| r.operations),
        }
    }
}

impl Foldable for OperationRow {
    const NOUN: &str = "operations";
    fn count(&self) -> u64 {
        self.detained
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let nationalities: BTreeSet<Nationality> = rest
            .iter()
            .flat_map(|r| r.nationalities.iter().copied())
            .collect();
        OperationRow {
            operation_id: None,
            label: Some(name),
            first_date: rest.iter().filter_map(|r| r.first_date).min(),
            khan_code: None,
            khan_name: None,
            inspections: sum(rest, |r| r.inspections),
            detained: sum(rest, |r| r.detained),
            nationalities: nationalities.into_iter().collect(),
        }
    }
}

impl Foldable for CrossRow {
    const NOUN: &str = "Khans";
    fn count(&self) -> u64 {
        self.total
    }
    fn pinned(&self) -> bool {
        self.elsewhere
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let columns = rest.first().map_or(0, |r| r.detained.len());
        CrossRow {
            khan_code: None,
            elsewhere: false,
            khan_name: name,
            detained: (0..columns).map(|i| sum(rest, |r| r.detained[i])).collect(),
            total: sum(rest, |r| r.total),
        }
    }
}

impl Foldable for CaseRow {
    const NOUN: &str = "cases";
    fn count(&self) -> u64 {
        self.defendants
    }
    fn sum(rest: &[Self], name: String, _whole: u64) -> Self {
        let nationalities: BTreeSet<Nationality> = rest
            .iter()
            .flat_map(|r| r.nationalities.iter().copied())
            .collect();
        let statuses: BTreeSet<Status> = rest
            .iter()
            .flat_map(|r| r.statuses.iter().copied())
            .collect();
        CaseRow {
            case_id: None,
            label: Some(name),
            filed: rest.iter().filter_map(|r| r.filed).min(),
            defendants: sum(rest, |r| r.defendants),
            ringleaders: sum(rest, |r| r.ringleaders),
            nationalities: nationalities.into_iter().collect(),
            statuses: statuses.into_iter().collect(),
        }
    }
}

impl Foldable for PlaceRow {
    const NOUN: &str = "places";
    fn count(&self) -> u64 {
        self.detained
    }
    fn sum(rest: &[Self], name: String, whole: u64) -> Self {
        let detained = sum(rest, |r| r.detained);
        PlaceRow {
            code: None,
            name,
            province: String::new(),
            inspections: sum(rest, |r| r.inspections),
            foreigners_identified: sum(rest, |r| r.foreigners_identified),
            women_identified: sum(rest, |r| r.women_identified),
            detained,
            detained_share_pct: percent(detained, whole),
        }
    }
}

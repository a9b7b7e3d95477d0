//! The accumulator: totals per group (Khan, premises type, nationality, day, operation, case),
//! one record at a time, and the merge of two accumulators counted apart.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::khan::Khan;
use crate::model::{
    Arrest, Inspection, LinkedArrest, PremisesType, Prosecution, Role, Sex, Status,
};
use crate::nationality::Nationality;

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct KhanTotals {
    pub(super) inspections: u64,
    pub(super) foreigners: u64,
    pub(super) women: u64,
    pub(super) detained: u64,
    pub(super) operations: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PremisesTotals {
    pub(super) inspections: u64,
    pub(super) foreigners: u64,
    pub(super) operations: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct NationalityTotals {
    pub(super) detained: u64,
    pub(super) women_detained: u64,
    pub(super) men_detained: u64,
    pub(super) sex_not_recorded: u64,
    pub(super) defendants: u64,
    pub(super) ringleaders: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct DayTotals {
    pub(super) inspections: u64,
    pub(super) detained: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct OperationTotals {
    /// The earliest (date, Khan) the operation was seen at.
    pub(super) first: Option<(NaiveDate, Khan)>,
    pub(super) inspections: u64,
    pub(super) detained: u64,
    pub(super) nationalities: BTreeSet<Nationality>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CaseTotals {
    /// The earliest filing date among its defendants.
    pub(super) filed: Option<NaiveDate>,
    pub(super) defendants: u64,
    pub(super) ringleaders: u64,
    pub(super) nationalities: BTreeSet<Nationality>,
    pub(super) statuses: BTreeSet<Status>,
}

/// Totals of records added so far. `add_*` takes one record; [`Accumulator::merge`] folds in
/// another accumulator, so chunks can be counted apart and combined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accumulator {
    pub(super) khans: [KhanTotals; 14],
    pub(super) premises: BTreeMap<PremisesType, PremisesTotals>,
    /// `None`: nationality not recorded.
    pub(super) nationalities: BTreeMap<Option<Nationality>, NationalityTotals>,
    pub(super) days: BTreeMap<NaiveDate, DayTotals>,
    pub(super) operations: BTreeMap<String, OperationTotals>,
    pub(super) cases: BTreeMap<String, CaseTotals>,
    pub(super) crosstab: BTreeMap<(Khan, Option<Nationality>), u64>,
    /// How many defendants went to court how many days after their detention.
    pub(super) days_to_court: BTreeMap<i64, u64>,
}

pub(super) fn earliest<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Adds `id` to `set`, allocating only when it is new (most records repeat an id).
fn remember(set: &mut BTreeSet<String>, id: &str) {
    if !set.contains(id) {
        set.insert(id.to_owned());
    }
}

/// The totals of the group `id`, created empty when it is new, allocating only then.
fn group<'m, T: Default>(groups: &'m mut BTreeMap<String, T>, id: &str) -> &'m mut T {
    if !groups.contains_key(id) {
        groups.insert(id.to_owned(), T::default());
    }
    groups.get_mut(id).expect("inserted above")
}

impl Accumulator {
    pub fn add_inspection(&mut self, r: &Inspection) {
        let foreigners = u64::from(r.foreigners_identified);
        let khan = &mut self.khans[r.khan.index()];
        khan.inspections += 1;
        khan.foreigners += foreigners;
        khan.women += u64::from(r.women_identified);
        let premises = self.premises.entry(r.premises_type).or_default();
        premises.inspections += 1;
        premises.foreigners += foreigners;
        self.days.entry(r.date).or_default().inspections += 1;
        if let Some(op) = r.operation_id {
            remember(&mut khan.operations, op);
            remember(&mut premises.operations, op);
            let operation = group(&mut self.operations, op);
            operation.inspections += 1;
            operation.first = earliest(operation.first, Some((r.date, r.khan)));
        }
    }

    pub fn add_arrest(&mut self, r: &Arrest) {
        let khan = &mut self.khans[r.khan.index()];
        khan.detained += 1;
        let nationality = self.nationalities.entry(r.nationality).or_default();
        nationality.detained += 1;
        match r.sex {
            Some(Sex::Female) => nationality.women_detained += 1,
            Some(Sex::Male) => nationality.men_detained += 1,
            None => nationality.sex_not_recorded += 1,
        }
        self.days.entry(r.date).or_default().detained += 1;
        *self.crosstab.entry((r.khan, r.nationality)).or_default() += 1;
        if let Some(op) = r.operation_id {
            remember(&mut khan.operations, op);
            let operation = group(&mut self.operations, op);
            operation.detained += 1;
            operation.nationalities.extend(r.nationality);
            operation.first = earliest(operation.first, Some((r.date, r.khan)));
        }
    }

    pub fn add_prosecution(&mut self, r: &Prosecution, arrest: Option<&LinkedArrest>) {
        let ringleader = u64::from(r.role == Role::Ringleader);
        let nationality = self.nationalities.entry(r.nationality).or_default();
        nationality.defendants += 1;
        nationality.ringleaders += ringleader;
        let case = group(&mut self.cases, r.case_id);
        case.defendants += 1;
        case.ringleaders += ringleader;
        case.nationalities.extend(r.nationality);
        case.statuses.insert(r.status);
        case.filed = earliest(case.filed, Some(r.filed));
        if let Some(arrest) = arrest {
            *self
                .days_to_court
                .entry((r.filed - arrest.date).num_days())
                .or_default() += 1;
        }
    }

    /// Folds `other` in: the result is what one pass over both sets of records would give.
    pub fn merge(&mut self, other: Accumulator) {
        for (mine, theirs) in self.khans.iter_mut().zip(other.khans) {
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.women += theirs.women;
            mine.detained += theirs.detained;
            mine.operations.extend(theirs.operations);
        }
        for (k, theirs) in other.premises {
            let mine = self.premises.entry(k).or_default();
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.operations.extend(theirs.operations);
        }
        for (k, theirs) in other.nationalities {
            let mine = self.nationalities.entry(k).or_default();
            mine.detained += theirs.detained;
            mine.women_detained += theirs.women_detained;
            mine.men_detained += theirs.men_detained;
            mine.sex_not_recorded += theirs.sex_not_recorded;
            mine.defendants += theirs.defendants;
            mine.ringleaders += theirs.ringleaders;
        }
        for (k, theirs) in other.days {
            let mine = self.days.entry(k).or_default();
            mine.inspections += theirs.inspections;
            mine.detained += theirs.detained;
        }
        for (k, theirs) in other.operations {
            let mine = self.operations.entry(k).or_default();
            mine.first = earliest(mine.first, theirs.first);
            mine.inspections += theirs.inspections;
            mine.detained += theirs.detained;
            mine.nationalities.extend(theirs.nationalities);
        }
        for (k, theirs) in other.cases {
            let mine = self.cases.entry(k).or_default();
            mine.filed = earliest(mine.filed, theirs.filed);
            mine.defendants += theirs.defendants;
            mine.ringleaders += theirs.ringleaders;
            mine.nationalities.extend(theirs.nationalities);
            mine.statuses.extend(theirs.statuses);
        }
        for (k, n) in other.crosstab {
            *self.crosstab.entry(k).or_default() += n;
        }
        for (k, n) in other.days_to_court {
            *self.days_to_court.entry(k).or_default() += n;
        }
    }
}

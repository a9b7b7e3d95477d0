//! The accumulator: totals per group (Khan, premises type, nationality, day, operation, case),
//! one record at a time, and the merge of two accumulators counted apart.
//!
//! What a record adds is found without allocating: Khans, premises types and nationalities index
//! fixed tables; operation and case ids are interned once into small numbers ([`Groups`]), so a
//! row costs one hash lookup per id, and the sets of operations seen per Khan or premises type
//! are bit sets over those numbers.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use std::hash::BuildHasher;

use crate::gazetteer::Place;
use crate::khan::Khan;
use crate::model::{
    Arrest, Inspection, LinkedArrest, PremisesType, Prosecution, Role, Sex, Status,
};
use crate::nationality::Nationality;

/// A set of small numbers (interned operations), one bit each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct BitSet(Vec<u64>);

impl BitSet {
    pub(super) fn insert(&mut self, i: u32) {
        let (word, bit) = (i as usize / 64, i % 64);
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    pub(super) fn len(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub(super) fn union(&mut self, other: &BitSet) {
        if other.0.len() > self.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine |= theirs;
        }
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            (0..64u32)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        })
    }
}

/// A set of nationalities, one bit each (the table has fewer than 256).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Nationalities([u64; 4]);

impl Nationalities {
    fn insert(&mut self, n: Nationality) {
        let i = n.index();
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn union(&mut self, other: Nationalities) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine |= theirs;
        }
    }

    /// The nationalities, in code order.
    pub(super) fn iter(self) -> impl Iterator<Item = Nationality> {
        (0..256).filter_map(move |i| {
            (self.0[i / 64] & (1 << (i % 64)) != 0)
                .then(|| Nationality::from_index(i))
                .flatten()
        })
    }
}

/// Totals per id (operation, case): each id interned once into a small number that indexes the
/// totals. An id is found by its hash, its length and its first 16 bytes, all kept in the table
/// entry, so finding one compares no text for ids of up to 16 bytes (operation and case ids are
/// short); a longer id is compared whole.
#[derive(Debug, Clone)]
pub(super) struct Groups<T> {
    table: hashbrown::HashTable<(Key, u32)>,
    names: Vec<Box<str>>,
    totals: Vec<T>,
}

/// What the table keeps of an id to find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    hash: u64,
    len: usize,
    head: [u8; 16],
}

impl Key {
    fn of(id: &str) -> Key {
        let mut head = [0; 16];
        let n = id.len().min(16);
        head[..n].copy_from_slice(&id.as_bytes()[..n]);
        Key {
            hash: foldhash::fast::FixedState::with_seed(0x6772_6f75_7073).hash_one(id),
            len: id.len(),
            head,
        }
    }
}

impl<T> Default for Groups<T> {
    fn default() -> Self {
        Groups {
            table: hashbrown::HashTable::new(),
            names: Vec::new(),
            totals: Vec::new(),
        }
    }
}

/// Two sets of groups are equal when they hold the same ids with the same totals, whatever the
/// numbers the ids were given.
impl<T: PartialEq> PartialEq for Groups<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.sorted() == other.sorted()
    }
}

impl<T: Default> Groups<T> {
    /// The number of `id` and its totals, created empty when it is new (allocating only then).
    fn get(&mut self, id: &str) -> (u32, &mut T) {
        let key = Key::of(id);
        let names = &self.names;
        let found = self
            .table
            .find(key.hash, |(k, n)| {
                *k == key && (key.len <= 16 || &*names[*n as usize] == id)
            })
            .map(|(_, n)| *n);
        let n = match found {
            Some(n) => n,
            None => {
                let n = u32::try_from(self.names.len()).expect("fewer than 2^32 groups");
                self.table
                    .insert_unique(key.hash, (key, n), |(k, _)| k.hash);
                self.names.push(id.into());
                self.totals.push(T::default());
                n
            }
        };
        (n, &mut self.totals[n as usize])
    }
}

impl<T> Groups<T> {
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    pub(super) fn values(&self) -> std::slice::Iter<'_, T> {
        self.totals.iter()
    }

    /// Every id with its totals, in id order.
    pub(super) fn sorted(&self) -> Vec<(&str, &T)> {
        let mut all: Vec<(&str, &T)> = self.names.iter().map(|n| &**n).zip(&self.totals).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct KhanTotals {
    pub(super) inspections: u64,
    pub(super) foreigners: u64,
    pub(super) women: u64,
    pub(super) detained: u64,
    /// The operations seen in the Khan, by number.
    pub(super) operations: BitSet,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PremisesTotals {
    pub(super) inspections: u64,
    pub(super) foreigners: u64,
    pub(super) operations: BitSet,
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

impl NationalityTotals {
    /// Whether any record named this nationality.
    fn seen(&self) -> bool {
        self.detained > 0 || self.defendants > 0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct DayTotals {
    pub(super) inspections: u64,
    pub(super) detained: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct OperationTotals {
    /// The earliest (date, Khan) the operation was seen at.
    pub(super) first: Option<(NaiveDate, Place)>,
    pub(super) inspections: u64,
    pub(super) detained: u64,
    pub(super) nationalities: Nationalities,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CaseTotals {
    /// The earliest filing date among its defendants.
    pub(super) filed: Option<NaiveDate>,
    pub(super) defendants: u64,
    pub(super) ringleaders: u64,
    pub(super) nationalities: Nationalities,
    pub(super) statuses: BTreeSet<Status>,
}

/// Slots per Khan in the cross-tab and the nationality table: one per nationality of the table,
/// and the last for "not recorded".
const NATIONALITY_SLOTS: usize = 257;

fn slot(n: Option<Nationality>) -> usize {
    n.map_or(NATIONALITY_SLOTS - 1, Nationality::index)
}

/// Per-Khan slots: the 14 Khans, then one for every place that is no Khan (outside Phnom Penh,
/// or in Phnom Penh with no Khan named), so that the per-Khan rows add up to the totals.
pub(super) const KHAN_SLOTS: usize = 15;

/// The slot of `place` in the per-Khan totals.
pub(super) fn khan_slot(place: Place) -> usize {
    place.khan().map_or(KHAN_SLOTS - 1, Khan::index)
}

/// What is counted per place (district, or province when no district is named).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PlaceTotals {
    pub(super) inspections: u64,
    pub(super) foreigners: u64,
    pub(super) women: u64,
    pub(super) detained: u64,
}

impl PlaceTotals {
    pub(super) fn add(&mut self, other: &PlaceTotals) {
        self.inspections += other.inspections;
        self.foreigners += other.foreigners;
        self.women += other.women;
        self.detained += other.detained;
    }
}

/// Totals of records added so far. `add_*` takes one record; [`Accumulator::merge`] folds in
/// another accumulator, so chunks can be counted apart and combined.
#[derive(Debug, Clone, PartialEq)]
pub struct Accumulator {
    pub(super) khans: [KhanTotals; KHAN_SLOTS],
    /// Per [`Place`], by its index.
    pub(super) places: Vec<PlaceTotals>,
    premises: [PremisesTotals; 5],
    /// Per nationality slot ([`slot`]); the last is "not recorded".
    nationalities: Vec<NationalityTotals>,
    pub(super) days: BTreeMap<NaiveDate, DayTotals>,
    pub(super) operations: Groups<OperationTotals>,
    pub(super) cases: Groups<CaseTotals>,
    /// Detained per Khan and nationality slot.
    crosstab: Vec<u64>,
    /// How many defendants went to court how many days after their detention.
    pub(super) days_to_court: BTreeMap<i64, u64>,
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            khans: Default::default(),
            places: vec![PlaceTotals::default(); Place::count()],
            premises: Default::default(),
            nationalities: vec![NationalityTotals::default(); NATIONALITY_SLOTS],
            days: BTreeMap::new(),
            operations: Groups::default(),
            cases: Groups::default(),
            crosstab: vec![0; KHAN_SLOTS * NATIONALITY_SLOTS],
            days_to_court: BTreeMap::new(),
        }
    }
}

pub(super) fn earliest<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Accumulator {
    pub fn add_inspection(&mut self, r: &Inspection) {
        let foreigners = u64::from(r.foreigners_identified);
        let place = &mut self.places[r.place.index()];
        place.inspections += 1;
        place.foreigners += foreigners;
        place.women += u64::from(r.women_identified);
        let khan = &mut self.khans[khan_slot(r.place)];
        khan.inspections += 1;
        khan.foreigners += foreigners;
        khan.women += u64::from(r.women_identified);
        let premises = &mut self.premises[r.premises_type as usize];
        premises.inspections += 1;
        premises.foreigners += foreigners;
        self.days.entry(r.date).or_default().inspections += 1;
        if let Some(op) = r.operation_id {
            let (n, operation) = self.operations.get(op);
            operation.inspections += 1;
            operation.first = earliest(operation.first, Some((r.date, r.place)));
            khan.operations.insert(n);
            premises.operations.insert(n);
        }
    }

    pub fn add_arrest(&mut self, r: &Arrest) {
        self.places[r.place.index()].detained += 1;
        let khan = &mut self.khans[khan_slot(r.place)];
        khan.detained += 1;
        let nationality = &mut self.nationalities[slot(r.nationality)];
        nationality.detained += 1;
        match r.sex {
            Some(Sex::Female) => nationality.women_detained += 1,
            Some(Sex::Male) => nationality.men_detained += 1,
            None => nationality.sex_not_recorded += 1,
        }
        self.days.entry(r.date).or_default().detained += 1;
        self.crosstab[khan_slot(r.place) * NATIONALITY_SLOTS + slot(r.nationality)] += 1;
        if let Some(op) = r.operation_id {
            let (n, operation) = self.operations.get(op);
            operation.detained += 1;
            if let Some(nationality) = r.nationality {
                operation.nationalities.insert(nationality);
            }
            operation.first = earliest(operation.first, Some((r.date, r.place)));
            khan.operations.insert(n);
        }
    }

    pub fn add_prosecution(&mut self, r: &Prosecution, arrest: Option<&LinkedArrest>) {
        let ringleader = u64::from(r.role == Role::Ringleader);
        let nationality = &mut self.nationalities[slot(r.nationality)];
        nationality.defendants += 1;
        nationality.ringleaders += ringleader;
        let (_, case) = self.cases.get(r.case_id);
        case.defendants += 1;
        case.ringleaders += ringleader;
        if let Some(nationality) = r.nationality {
            case.nationalities.insert(nationality);
        }
        case.statuses.insert(r.status);
        case.filed = earliest(case.filed, Some(r.filed));
        if let Some(arrest) = arrest {
            *self
                .days_to_court
                .entry((r.filed - arrest.date).num_days())
                .or_default() += 1;
        }
    }

    /// The totals of premises type `p`, when an inspection of it was counted.
    pub(super) fn premises(&self, p: PremisesType) -> Option<&PremisesTotals> {
        Some(&self.premises[p as usize]).filter(|t| t.inspections > 0)
    }

    /// The operations seen at any premises, by number.
    pub(super) fn premises_operations(&self) -> BitSet {
        let mut all = BitSet::default();
        for p in &self.premises {
            all.union(&p.operations);
        }
        all
    }

    /// Each nationality any record named (`None`: not recorded), with its totals.
    pub(super) fn nationalities(
        &self,
    ) -> impl Iterator<Item = (Option<Nationality>, &NationalityTotals)> {
        self.nationalities
            .iter()
            .enumerate()
            .filter(|(_, t)| t.seen())
            .map(|(i, t)| (Nationality::from_index(i), t))
    }

    /// Detained in the per-Khan slot `khan` ([`khan_slot`]) of `nationality`.
    pub(super) fn crosstab(&self, khan: usize, nationality: Option<Nationality>) -> u64 {
        self.crosstab[khan * NATIONALITY_SLOTS + slot(nationality)]
    }

    /// Folds `other` in: the result is what one pass over both sets of records would give.
    pub fn merge(&mut self, other: Accumulator) {
        // Other's operation numbers, renumbered as this accumulator numbers them.
        let mut renumber = Vec::with_capacity(other.operations.len());
        for (name, theirs) in other.operations.names.iter().zip(other.operations.totals) {
            let (n, mine) = self.operations.get(name);
            mine.first = earliest(mine.first, theirs.first);
            mine.inspections += theirs.inspections;
            mine.detained += theirs.detained;
            mine.nationalities.union(theirs.nationalities);
            renumber.push(n);
        }
        let renumbered = |set: &BitSet| {
            let mut out = BitSet::default();
            for i in set.iter() {
                out.insert(renumber[i as usize]);
            }
            out
        };
        for (mine, theirs) in self.khans.iter_mut().zip(other.khans) {
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.women += theirs.women;
            mine.detained += theirs.detained;
            mine.operations.union(&renumbered(&theirs.operations));
        }
        for (mine, theirs) in self.places.iter_mut().zip(&other.places) {
            mine.add(theirs);
        }
        for (mine, theirs) in self.premises.iter_mut().zip(other.premises) {
            mine.inspections += theirs.inspections;
            mine.foreigners += theirs.foreigners;
            mine.operations.union(&renumbered(&theirs.operations));
        }
        for (mine, theirs) in self.nationalities.iter_mut().zip(other.nationalities) {
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
        for (name, theirs) in other.cases.names.iter().zip(other.cases.totals) {
            let (_, mine) = self.cases.get(name);
            mine.filed = earliest(mine.filed, theirs.filed);
            mine.defendants += theirs.defendants;
            mine.ringleaders += theirs.ringleaders;
            mine.nationalities.union(theirs.nationalities);
            mine.statuses.extend(theirs.statuses);
        }
        for (mine, theirs) in self.crosstab.iter_mut().zip(other.crosstab) {
            *mine += theirs;
        }
        for (k, n) in other.days_to_court {
            *self.days_to_court.entry(k).or_default() += n;
        }
    }
}

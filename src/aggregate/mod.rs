//! Accumulators that take one record at a time and merge with each other, and the typed
//! [`Summary`] they finish into. Every number any renderer shows is computed here, once.
//!
//! The accumulator keeps one entry per group (Khan, nationality, day, premises type, operation,
//! case), never per record, so memory grows with the number of groups.

mod accumulator;
mod build;
mod filter;
mod fold;
mod headline;
mod measures;
mod summary;

pub use accumulator::Accumulator;
pub use filter::Filter;
pub use headline::{Figure, HEADLINE, Measure, publishable};
pub use measures::{Loaded, MEASURES, Needs};
pub use summary::*;

use crate::model::{
    Arrest, Forks, Inspection, Kind, LinkedArrest, PerKind, Prosecution, RecordSink,
};

/// The record sink of a report: filters, then accumulates, counting what the filter left out.
#[derive(Debug, Default)]
pub struct Aggregation {
    pub filter: Filter,
    pub totals: Accumulator,
    /// Records that passed every check but fell outside the filters, per kind.
    pub filtered_out: PerKind<u64>,
    /// Which kinds of record the dataset holds.
    pub loaded: Loaded,
}

impl Aggregation {
    /// The summary of what was counted. With a Khan filter, the Khan groupings show only those
    /// Khans; otherwise all 14, zeros included.
    pub fn summary(&self, shape: Shape) -> Summary {
        let mut summary = self.totals.summary_of(shape, &self.filter.khans);
        summary.loaded = self.loaded;
        summary
    }
}

impl Forks for Aggregation {
    fn fork(&self) -> Self {
        Aggregation {
            filter: self.filter.clone(),
            loaded: self.loaded,
            ..Aggregation::default()
        }
    }

    fn join(&mut self, later: Self) {
        self.totals.merge(later.totals);
        for kind in Kind::ALL {
            self.filtered_out[kind] += later.filtered_out[kind];
        }
    }
}

impl RecordSink for Aggregation {
    fn inspection(&mut self, r: &Inspection) {
        if self.filter.keeps_inspection(r) {
            self.totals.add_inspection(r);
        } else {
            self.filtered_out[Kind::Inspections] += 1;
        }
    }

    fn arrest(&mut self, r: &Arrest) {
        if self.filter.keeps_arrest(r) {
            self.totals.add_arrest(r);
        } else {
            self.filtered_out[Kind::Arrests] += 1;
        }
    }

    fn prosecution(&mut self, r: &Prosecution, arrest: Option<&LinkedArrest>) {
        if self.filter.keeps_prosecution(r, arrest) {
            self.totals.add_prosecution(r, arrest);
        } else {
            self.filtered_out[Kind::Prosecutions] += 1;
        }
    }
}

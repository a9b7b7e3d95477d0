//! What a pass over a dataset found: rows read, used and rejected per kind, the problems counted,
//! the warnings about whole files, and the rows left out of the results said in words.

use serde::Serialize;

use super::wording::plural;
use crate::model::{Kind, PerKind};
use crate::problems::DateOrderHint;

/// Rows read, used and rejected for one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.read += other.read;
        self.used += other.used;
        self.rejected += other.rejected;
    }
}

/// What a pass over a dataset found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Per kind of record that was loaded, in the order inspections, arrests, prosecutions: the
    /// sums over its files.
    pub counts: Vec<(Kind, Counts)>,
    /// Per file read, in reading order: its kind, its name as problems give it, its counts.
    pub files: Vec<(Kind, String, Counts)>,
    /// Problems found (a rejected row may have several).
    pub problems: u64,
    /// Warnings about whole files (ignored columns), in the order found.
    pub warnings: Vec<String>,
    /// Per date column, dates that show the order day and month are written in: what to say
    /// about the dates that could be read either way.
    pub date_hints: Vec<DateOrderHint>,
    /// How many pieces files were read in on several threads (0 when every file was read on
    /// one), and how many of those were checked again, having held an id of a piece before them.
    /// How the work was done, not what was found: in no output.
    #[serde(skip)]
    pub pieces: u64,
    #[serde(skip)]
    pub checked_again: u64,
}

impl Outcome {
    pub fn counts(&self, kind: Kind) -> Option<Counts> {
        self.counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, c)| *c)
    }

    /// Adds the counts of one file of `kind` to the kind's.
    pub(super) fn add_file(&mut self, kind: Kind, file: String, counts: Counts) {
        match self.counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, sum)) => *sum += counts,
            None => self.counts.push((kind, counts)),
        }
        self.files.push((kind, file, counts));
    }

    pub fn is_clean(&self) -> bool {
        self.problems == 0
    }

    /// Rows read but not in the results, in words, for every output that people forward:
    /// "4 arrest rows rejected for problems; 12 inspection rows outside the filters". `None`
    /// when every row read was counted.
    pub fn left_out(&self, filtered_out: PerKind<u64>) -> Option<String> {
        let mut parts = Vec::new();
        for &(kind, counts) in &self.counts {
            if counts.rejected > 0 {
                parts.push(format!(
                    "{} rejected for problems",
                    plural(counts.rejected, kind.row_words().0, kind.row_words().1)
                ));
            }
        }
        for kind in Kind::ALL {
            let n = filtered_out[kind];
            if n > 0 {
                parts.push(format!(
                    "{} outside the filters",
                    plural(n, kind.row_words().0, kind.row_words().1)
                ));
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

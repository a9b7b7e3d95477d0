//! Reads every row of a dataset, interprets its values and checks it against the other records.
//! Each row is either used (handed to a [`RecordSink`]) or rejected with its problems (handed to
//! a [`ProblemSink`]); the counts say so, and `read == used + rejected` always holds.
//!
//! A row's way through, file by file:
//!
//! - [`run`], here, reads the files in the order inspections, arrests, prosecutions (the files
//!   of one kind one after another, as one table), and counts each row as used or rejected in an
//!   [`Outcome`] (`outcome.rs`), per kind and per file;
//! - the checker (`checker.rs`) turns the row into a record of the model, or into the problems
//!   that reject it;
//! - to do so it reads each value through the row's cells (`cells.rs`), which keep every problem
//!   with its column, and looks ids up among those seen so far (`ids.rs`), for duplicates and
//!   references;
//! - counts and lists of lines are worded alike in every message (`wording.rs`).
//!
//! Memory grows with the number of distinct ids (needed for duplicate and reference checks) and
//! distinct spellings, never with whole records.

mod cells;
mod checker;
mod ids;
mod outcome;
mod wording;

use foldhash::HashMap;
use foldhash::HashMapExt;

use self::checker::{BareNa, Checker};
use self::ids::Ids;
use crate::date::DateOrder;
use crate::error::{Problem, Result};
use crate::ids::IdMap;
use crate::load::Dataset;
use crate::missing::Missing;
use crate::model::Kind;

pub use cells::parse_count;
pub use outcome::{Counts, Outcome};
pub use wording::{lines_list, plural};

// Where checked records go is the model's, so that what consumes them need not know the checks.
pub use crate::model::{LinkedArrest, RecordSink};

/// How values are read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How to read numeric dates whose day and month could swap; `None` refuses them.
    pub date_order: Option<DateOrder>,
    /// The words that mean "not recorded".
    pub missing: Missing,
}

/// Receives each problem as it is found.
pub trait ProblemSink {
    fn problem(&mut self, kind: Kind, problem: Problem) -> Result<()>;
}

/// Reads and checks every file of `dataset`, in the order inspections, arrests, prosecutions.
/// Fewer bytes than a record of any kind takes in CSV, so that a file's size over it is at least
/// its number of rows (an estimate only decides how much room ids get at once).
const BYTES_PER_ROW: u64 = 64;

pub fn run(
    dataset: &Dataset,
    options: Options,
    records: &mut dyn RecordSink,
    problems: &mut dyn ProblemSink,
) -> Result<Outcome> {
    // Handed to each row's check apart from the checker, which the check borrows mutably.
    let missing = options.missing.clone();
    let mut checker = Checker {
        options,
        period: dataset.published.as_ref().and_then(|p| p.period),
        inspections: None,
        arrests: None,
        defendants: Ids::default(),
        prosecuted: IdMap::default(),
        khans: HashMap::new(),
        nationalities: HashMap::new(),
        bare_na: BareNa::default(),
        date_hints: Vec::new(),
    };
    let mut outcome = Outcome::default();
    for input in &dataset.inputs {
        let file = input.display_name();
        let mut counts = Counts::default();
        // The files of one kind are one table: their ids are kept together.
        // A file's size tells about how many ids it holds: room is made for them at once.
        let rows = input
            .size()
            .map_or(0, |bytes| (bytes / BYTES_PER_ROW) as usize);
        match input.kind {
            Kind::Inspections => {
                let ids = checker.inspections.get_or_insert_default();
                ids.files.open(file.clone());
                ids.reserve(rows);
            }
            Kind::Arrests => {
                let ids = checker.arrests.get_or_insert_default();
                ids.files.open(file.clone());
                ids.reserve(rows);
            }
            Kind::Prosecutions => {
                checker.defendants.files.open(file.clone());
                checker.defendants.reserve(rows);
            }
        }
        checker.bare_na = BareNa::default();
        let warnings = input.for_each_row(|row| {
            counts.read += 1;
            let found = checker.check(input.kind, &file, row, &missing, records);
            if found.is_empty() {
                counts.used += 1;
            } else {
                counts.rejected += 1;
                outcome.problems += found.len() as u64;
                for mut problem in found {
                    input.locate(&mut problem);
                    problems.problem(input.kind, problem)?;
                }
            }
            Ok(())
        })?;
        outcome.warnings.extend(warnings);
        outcome.warnings.extend(checker.bare_na.warning(&file));
        outcome.date_hints.extend(
            std::mem::take(&mut checker.date_hints)
                .into_iter()
                .filter(|h| !h.is_empty()),
        );
        outcome.add_file(input.kind, file, counts);
    }
    outcome.warnings.extend(dataset.mapping_warnings());
    Ok(outcome)
}

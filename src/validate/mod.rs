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
mod parallel;
mod wording;

use self::checker::{BareNa, Checker, Claims, Tables};
use crate::date::DateOrder;
use crate::error::{Problem, Result};
use crate::load::{Dataset, Row};
use crate::missing::Missing;
use crate::model::Kind;
use crate::problems::DateOrderHint;
use crate::progress::Progress;

pub use cells::parse_count;
pub use outcome::{Counts, Outcome};
pub use wording::{lines_list, plural};

// Where checked records go is the model's, so that what consumes them need not know the checks.
pub use crate::model::{Forks, LinkedArrest, RecordSink};

/// How values are read.
#[derive(Debug, Clone)]
pub struct Options {
    /// How to read numeric dates whose day and month could swap; `None` refuses them.
    pub date_order: Option<DateOrder>,
    /// The words that mean "not recorded".
    pub missing: Missing,
    /// How many threads read a large file; 1 reads every file on one thread.
    pub threads: usize,
    /// The least bytes in a piece of a file read on several threads.
    pub least_piece: u64,
    /// Whether reading shows a progress bar.
    pub progress: Progress,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            date_order: None,
            missing: Missing::default(),
            threads: 1,
            least_piece: LEAST_PIECE,
            progress: Progress::default(),
        }
    }
}

/// Receives each problem as it is found.
pub trait ProblemSink {
    fn problem(&mut self, kind: Kind, problem: Problem) -> Result<()>;
}

/// Fewer bytes than a record of any kind takes in CSV, so that a file's size over it is at least
/// its number of rows (an estimate only decides how much room ids get at once).
const BYTES_PER_ROW: u64 = 64;

/// About how many rows `bytes` of CSV hold, at most.
fn rows_in(bytes: u64) -> usize {
    (bytes / BYTES_PER_ROW) as usize
}

/// A file is cut into this many pieces per thread, so that a piece checked again (it held an id
/// of a piece before it) is a small part of the file.
const PIECES_PER_THREAD: usize = 4;

/// The least bytes in a piece: smaller files are read on one thread.
const LEAST_PIECE: u64 = 1 << 20;

/// Reads and checks every file of `dataset`, in the order inspections, arrests, prosecutions.
/// A large CSV file of inspections or arrests is read in pieces on `options.threads` threads,
/// with the same result as on one.
pub fn run<S: Forks>(
    dataset: &Dataset,
    options: Options,
    records: &mut S,
    problems: &mut dyn ProblemSink,
) -> Result<Outcome> {
    let period = dataset.published.as_ref().and_then(|p| p.period);
    let mut tables = Tables::default();
    let mut outcome = Outcome::default();
    for input in &dataset.inputs {
        let file = input.display_name();
        // The files of one kind are one table: their ids are kept together.
        match input.kind {
            Kind::Inspections => tables
                .inspections
                .get_or_insert_default()
                .files
                .open(file.clone()),
            Kind::Arrests => tables
                .arrests
                .get_or_insert_default()
                .files
                .open(file.clone()),
            Kind::Prosecutions => tables.defendants.files.open(file.clone()),
        }
        let pieces = match input.kind {
            Kind::Prosecutions => None,
            _ if options.threads < 2 => None,
            _ => input.pieces(options.threads * PIECES_PER_THREAD, options.least_piece)?,
        };
        if pieces.is_none() {
            // A file's size tells about how many ids it holds: room is made for them at once
            // (read in pieces, each piece makes room for its own, and the tables for them all
            // when they join).
            let rows = input.size().map_or(0, rows_in);
            match input.kind {
                Kind::Inspections => tables.inspections.get_or_insert_default().reserve(rows),
                Kind::Arrests => tables.arrests.get_or_insert_default().reserve(rows),
                Kind::Prosecutions => tables.defendants.reserve(rows),
            }
        }
        let progress = options.progress.file(&file, input.size());
        let parallel = match &pieces {
            Some(pieces) => parallel::read(
                &progress,
                pieces,
                input.kind,
                &file,
                &mut tables,
                &options,
                period,
                records,
                problems,
            )?,
            None => None,
        };
        let read = match parallel {
            Some(read) => read,
            None => {
                let mut checker = Checker::new(&options, period, Claims::Tables(&mut tables));
                let mut tally = Tally::default();
                let warnings = input.for_each_row(&progress, |row| {
                    tally.check(
                        &mut checker,
                        input.kind,
                        &file,
                        row,
                        records,
                        |mut problem| {
                            input.locate(&mut problem);
                            problems.problem(input.kind, problem)
                        },
                    )
                })?;
                let Checker {
                    bare_na,
                    date_hints,
                    ..
                } = checker;
                Read {
                    tally,
                    warnings,
                    bare_na,
                    date_hints,
                    pieces: 0,
                    again: 0,
                }
            }
        };
        progress.finish();
        match input.kind {
            Kind::Inspections => tables
                .inspections
                .get_or_insert_default()
                .files
                .close(read.tally.last_line),
            Kind::Arrests => tables
                .arrests
                .get_or_insert_default()
                .files
                .close(read.tally.last_line),
            Kind::Prosecutions => tables.defendants.files.close(read.tally.last_line),
        }
        outcome.problems += read.tally.problems;
        outcome.pieces += read.pieces;
        outcome.checked_again += read.again;
        outcome.warnings.extend(read.warnings);
        outcome.warnings.extend(read.bare_na.warning(&file));
        outcome
            .date_hints
            .extend(read.date_hints.into_iter().filter(|h| !h.is_empty()));
        outcome.add_file(input.kind, file, read.tally.counts);
    }
    outcome.warnings.extend(dataset.mapping_warnings());
    Ok(outcome)
}

/// What reading one file found, besides the records and problems handed on.
struct Read {
    tally: Tally,
    /// About the file as a whole.
    warnings: Vec<String>,
    bare_na: BareNa,
    date_hints: Vec<DateOrderHint>,
    /// The pieces it was read in on several threads (0: on one), and how many of them were
    /// checked again.
    pieces: u64,
    again: u64,
}

/// Rows of one file, or of one piece of it, counted as they are checked.
#[derive(Debug, Default)]
struct Tally {
    counts: Counts,
    problems: u64,
    /// The last line a row was read from.
    last_line: u64,
}

impl Tally {
    /// Checks `row`, handing its record to `records` or its problems to `problem`.
    fn check(
        &mut self,
        checker: &mut Checker,
        kind: Kind,
        file: &str,
        row: &Row,
        records: &mut dyn RecordSink,
        mut problem: impl FnMut(Problem) -> Result<()>,
    ) -> Result<()> {
        self.counts.read += 1;
        self.last_line = self.last_line.max(row.line);
        let found = checker.check(kind, file, row, records);
        if found.is_empty() {
            self.counts.used += 1;
            return Ok(());
        }
        self.counts.rejected += 1;
        self.problems += found.len() as u64;
        found.into_iter().try_for_each(&mut problem)
    }

    /// Adds the tally of the rows after these.
    fn join(&mut self, later: &Tally) {
        self.counts += later.counts;
        self.problems += later.problems;
        self.last_line = self.last_line.max(later.last_line);
    }
}

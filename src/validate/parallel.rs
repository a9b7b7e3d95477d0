//! One file read in pieces on several threads, with the result of reading it on one: the same
//! records handed on, the same problems in the same order, the same counts and warnings.
//!
//! Each piece is checked on its own with ids of its own ([`Piece`]), looking up the ids of the
//! files before it in the tables, into a sink of its own ([`Forks::fork`]) and a list of its
//! problems. Then, on the thread that called:
//!
//! 1. the pieces must join: each stopped where the next starts, and read only plain records
//!    ([`Reached`]); otherwise nothing of them is kept and the file is read on one thread;
//! 2. their ids join the tables, one shard per thread ([`Ids::absorb`](super::ids::Ids)). An id
//!    of a piece already there was claimed by an earlier piece: the rows of that piece were
//!    checked without knowing it, so the piece is checked again, against the tables, which then
//!    hold the first place of every id it has;
//! 3. in the order of the pieces, their records join the caller's sink and their problems go
//!    out.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::checker::{BareNa, Checker, Claims, Piece, Tables};
use super::ids::Ids;
use super::{Options, ProblemSink, Read, Tally, rows_in};
use crate::error::{Problem, Result};
use crate::load::{Pieces, Reached};
use crate::model::{Forks, Kind};
use crate::problems::DateOrderHint;
use crate::progress::FileProgress;
use crate::published::Period;

/// What checking one piece found, kept until the pieces before it have joined.
struct Checked<S> {
    reached: Reached,
    tally: Tally,
    records: S,
    problems: Vec<Problem>,
    piece: Piece,
    bare_na: BareNa,
    date_hints: Vec<DateOrderHint>,
}

/// Reads the file cut into `pieces`, of `kind` (inspections or arrests), on `options.threads`
/// threads; `None` when it must be read on one thread instead (nothing was handed on then).
#[allow(clippy::too_many_arguments)]
pub(super) fn read<S: Forks>(
    progress: &FileProgress,
    pieces: &Pieces,
    kind: Kind,
    file: &str,
    tables: &mut Tables,
    options: &Options,
    period: Option<Period>,
    records: &mut S,
    problems: &mut dyn ProblemSink,
) -> Result<Option<Read>> {
    let n = pieces.len();
    let sinks: Vec<Mutex<Option<S>>> = (0..n).map(|_| Mutex::new(Some(records.fork()))).collect();
    let results: Vec<Mutex<Option<Result<Checked<S>>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let (next, failed) = (AtomicUsize::new(0), AtomicBool::new(false));
    let shared: &Tables = tables;
    std::thread::scope(|scope| {
        for _ in 0..options.threads.min(n) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let sink = take(&sinks[i]).expect("each piece is read once");
                    let checked = check_piece(
                        pieces, i, progress, kind, file, shared, options, period, sink,
                    );
                    if checked.as_ref().map_or(true, |c| !c.reached.plain) {
                        failed.store(true, Ordering::Relaxed);
                    }
                    *results[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(checked);
                }
            });
        }
    });
    let mut checked = Vec::with_capacity(n);
    for (i, result) in results.into_iter().enumerate() {
        let Some(Ok(c)) = result.into_inner().unwrap_or_else(PoisonError::into_inner) else {
            return Ok(None);
        };
        let joins = i + 1 == n || c.reached.end == pieces.start(i + 1);
        if !c.reached.plain || !joins {
            return Ok(None);
        }
        checked.push(c);
    }
    let threads = options.threads;
    let again = match kind {
        Kind::Inspections => tables.inspections.get_or_insert_default().absorb(
            checked
                .iter_mut()
                .map(|c| std::mem::take(&mut c.piece.inspections))
                .collect(),
            threads,
        ),
        Kind::Arrests => tables.arrests.get_or_insert_default().absorb(
            checked
                .iter_mut()
                .map(|c| std::mem::take(&mut c.piece.arrests))
                .collect(),
            threads,
        ),
        Kind::Prosecutions => unreachable!("prosecutions are read on one thread"),
    };
    let mut read = Read {
        tally: Tally::default(),
        warnings: pieces.warnings().to_vec(),
        bare_na: BareNa::default(),
        date_hints: Vec::new(),
        pieces: n as u64,
        again: again.iter().filter(|&&a| a).count() as u64,
    };
    for (i, c) in checked.into_iter().enumerate() {
        let (tally, sink, bare_na, date_hints) = if again.get(i).copied().unwrap_or(false) {
            let mut checker = Checker::new(options, period, Claims::Tables(tables));
            let mut sink = records.fork();
            let mut tally = Tally::default();
            // Its rows were counted once already.
            pieces.read(i, &FileProgress::default(), |row| {
                tally.check(&mut checker, kind, file, row, &mut sink, |p| {
                    problems.problem(kind, p)
                })
            })?;
            let Checker {
                bare_na,
                date_hints,
                ..
            } = checker;
            (tally, sink, bare_na, date_hints)
        } else {
            for problem in c.problems {
                problems.problem(kind, problem)?;
            }
            (c.tally, c.records, c.bare_na, c.date_hints)
        };
        records.join(sink);
        read.tally.join(&tally);
        read.bare_na.join(bare_na);
        for hint in date_hints {
            match read.date_hints.iter_mut().find(|h| h.column == hint.column) {
                Some(earlier) => earlier.join(hint),
                None => read.date_hints.push(hint),
            }
        }
    }
    Ok(Some(read))
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// Checks the rows of piece `i` with ids of its own, keeping its problems.
#[allow(clippy::too_many_arguments)]
fn check_piece<S: Forks>(
    pieces: &Pieces,
    i: usize,
    progress: &FileProgress,
    kind: Kind,
    file: &str,
    tables: &Tables,
    options: &Options,
    period: Option<Period>,
    mut records: S,
) -> Result<Checked<S>> {
    let mut piece = Piece {
        inspections: tables
            .inspections
            .as_ref()
            .map(Ids::piece)
            .unwrap_or_default(),
        arrests: tables.arrests.as_ref().map(Ids::piece).unwrap_or_default(),
    };
    let rows = rows_in(pieces.size(i));
    match kind {
        Kind::Inspections => piece.inspections.reserve(rows),
        Kind::Arrests => piece.arrests.reserve(rows),
        Kind::Prosecutions => {}
    }
    let mut checker = Checker::new(options, period, Claims::Piece(tables, piece));
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    let reached = pieces.read(i, progress, |row| {
        tally.check(&mut checker, kind, file, row, &mut records, |p| {
            problems.push(p);
            Ok(())
        })
    })?;
    let Checker {
        claims,
        bare_na,
        date_hints,
        ..
    } = checker;
    let Claims::Piece(_, piece) = claims else {
        unreachable!("made with a piece above")
    };
    Ok(Checked {
        reached,
        tally,
        records,
        problems,
        piece,
        bare_na,
        date_hints,
    })
}

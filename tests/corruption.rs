//! Nothing lost, nothing invented, whatever happens to a file on its way: bytes flipped, dropped
//! or doubled and lines dropped or doubled, anywhere in a stretch of a built-in dataset's file.
//!
//! - Read through the checks (as `--lenient` reads), every row read is used or rejected, every
//!   used row reaches the records, and the summary of the records used is the summary of the
//!   same file with the rejected rows taken out, read again: the rows left out change nothing
//!   else, and the totals of those used are exact.
//! - Read by the real binary without `--lenient`, a file with any problem stops the report:
//!   exit 3 and nothing on standard output.
//!
//! The cases are a few hundred by default; `PROPTEST_CASES=5000 cargo test --release --test
//! corruption` runs more.

mod common;

use crackdown::aggregate::{Aggregation, Shape, Summary};
use crackdown::error::{Problem, Result};
use crackdown::load::{Dataset, Format, Input, Origin};
use crackdown::model::{Arrest, Forks, Inspection, Kind, LinkedArrest, Prosecution, RecordSink};
use crackdown::validate::{self, Options, Outcome, ProblemSink};
use proptest::prelude::*;

/// The record files of the built-in dataset, with their kind.
fn files() -> Vec<(Kind, &'static str, &'static str)> {
    crackdown::builtin::FILES
        .iter()
        .filter_map(|&(name, text)| {
            let kind = crackdown::load::kind_from_name(name)?;
            Some((kind, name, text))
        })
        .collect()
}

/// One change to the bytes of a file; each index is taken modulo the file's length (in bytes or
/// lines) when it is applied.
#[derive(Debug, Clone)]
enum Change {
    FlipBit(prop::sample::Index, u8),
    DropByte(prop::sample::Index),
    DoubleByte(prop::sample::Index),
    DropLine(prop::sample::Index),
    DoubleLine(prop::sample::Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<prop::sample::Index>(), 0u8..8).prop_map(|(at, bit)| Change::FlipBit(at, bit)),
        any::<prop::sample::Index>().prop_map(Change::DropByte),
        any::<prop::sample::Index>().prop_map(Change::DoubleByte),
        any::<prop::sample::Index>().prop_map(Change::DropLine),
        any::<prop::sample::Index>().prop_map(Change::DoubleLine),
    ]
}

/// Lines with their ends.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &mut Vec<u8>, change: &Change) {
    if bytes.is_empty() {
        return;
    }
    match change {
        Change::FlipBit(at, bit) => {
            let at = at.index(bytes.len());
            bytes[at] ^= 1 << bit;
        }
        Change::DropByte(at) => {
            bytes.remove(at.index(bytes.len()));
        }
        Change::DoubleByte(at) => {
            let at = at.index(bytes.len());
            bytes.insert(at, bytes[at]);
        }
        Change::DropLine(at) | Change::DoubleLine(at) => {
            let mut lines = lines(bytes);
            let at = at.index(lines.len());
            if matches!(change, Change::DropLine(_)) {
                lines.remove(at);
            } else {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            *bytes = lines.concat();
        }
    }
}

/// A stretch of a built-in file: its header and up to `rows` lines from `start` on.
fn stretch(text: &str, start: prop::sample::Index, rows: usize) -> Vec<u8> {
    let all = lines(text.as_bytes());
    let data = &all[1..];
    let from = start.index(data.len().max(1)).min(data.len());
    let to = (from + rows).min(data.len());
    let mut bytes = all[0].clone();
    for line in &data[from..to] {
        bytes.extend_from_slice(line);
    }
    bytes
}

/// What the records handed over add up to, counted apart from the aggregation.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    records: u64,
    foreigners: u64,
    women: u64,
}

/// The aggregation a report is made from, and a tally of the same records beside it.
#[derive(Default)]
struct Sink {
    aggregation: Aggregation,
    tally: Tally,
}

impl RecordSink for Sink {
    fn inspection(&mut self, record: &Inspection<'_>) {
        self.aggregation.inspection(record);
        self.tally.records += 1;
        self.tally.foreigners += u64::from(record.foreigners_identified);
        self.tally.women += u64::from(record.women_identified);
    }
    fn arrest(&mut self, record: &Arrest<'_>) {
        self.aggregation.arrest(record);
        self.tally.records += 1;
    }
    fn prosecution(&mut self, record: &Prosecution<'_>, arrest: Option<&LinkedArrest>) {
        self.aggregation.prosecution(record, arrest);
        self.tally.records += 1;
    }
}

impl Forks for Sink {
    fn fork(&self) -> Self {
        Sink {
            aggregation: self.aggregation.fork(),
            tally: Tally::default(),
        }
    }
    fn join(&mut self, later: Self) {
        self.aggregation.join(later.aggregation);
        self.tally.records += later.tally.records;
        self.tally.foreigners += later.tally.foreigners;
        self.tally.women += later.tally.women;
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl ProblemSink for Problems {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        self.0.push(problem);
        Ok(())
    }
}

/// What one lenient pass over one file gave.
struct Pass {
    outcome: Result<Outcome>,
    summary: Summary,
    tally: Tally,
    problems: Vec<Problem>,
}

/// Reads `bytes` as the CSV file `name` of `kind`, through the checks, as `--lenient` does.
fn pass(bytes: &[u8], kind: Kind, name: &str) -> Pass {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let dataset = Dataset {
        name: "corrupted".into(),
        inputs: vec![Input {
            kind,
            origin: Origin::File(path),
            format: Some(Format::Csv),
            mapping: Default::default(),
            sheet: None,
            reading: Default::default(),
        }],
        ..Dataset::default()
    };
    let mut sink = Sink::default();
    sink.aggregation.loaded = dataset.loaded().into();
    let mut problems = Problems::default();
    let outcome = validate::run(&dataset, Options::default(), &mut sink, &mut problems);
    Pass {
        outcome,
        summary: sink.aggregation.summary(Shape::default()),
        tally: sink.tally,
        problems: problems.0,
    }
}

/// Whether every record of `bytes` is one line of its own, ended by `\n`, so that taking a line
/// out takes out one row and nothing else: as many CSV records as lines that are neither the
/// header nor blank, and no carriage return (a lone one ends a line too).
fn one_line_per_row(bytes: &[u8]) -> bool {
    if bytes.contains(&b'\r') {
        return false;
    }
    let records = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes)
        .byte_records()
        .try_fold(0usize, |n, r| r.map(|_| n + 1));
    let Ok(records) = records else {
        return false;
    };
    let lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(|&b| b == b','))
        .count();
    lines == records + 1
}

/// The lenient properties of one corrupted file; returns whether any problem was found.
fn check_lenient(kind: Kind, name: &str, bytes: &[u8]) -> std::result::Result<bool, TestCaseError> {
    let first = pass(bytes, kind, name);
    let outcome = match &first.outcome {
        Ok(outcome) => outcome,
        // Refused whole (a header without a required column, a quote never closed): the
        // records read before the error was found were handed over, but no outcome is given
        // and every command stops there, with nothing written.
        Err(_) => return Ok(true),
    };
    let counts = outcome.counts(kind).unwrap_or_default();
    prop_assert_eq!(counts.read, counts.used + counts.rejected, "{:?}", counts);
    prop_assert_eq!(first.tally.records, counts.used);
    prop_assert_eq!(first.problems.len() as u64, outcome.problems);
    prop_assert!(outcome.problems >= counts.rejected);
    let h = &first.summary.headline;
    let used = match kind {
        Kind::Inspections => h.inspections,
        Kind::Arrests => h.detained,
        Kind::Prosecutions => h.defendants,
    };
    prop_assert_eq!(used, counts.used);
    if kind == Kind::Inspections {
        prop_assert_eq!(h.foreigners_identified, first.tally.foreigners);
        prop_assert_eq!(h.women_identified, first.tally.women);
    }
    // The same file without the rejected rows is clean, and counts to the same summary.
    if counts.rejected > 0 && one_line_per_row(bytes) {
        let rejected: std::collections::BTreeSet<u64> =
            first.problems.iter().map(|p| p.line).collect();
        prop_assert_eq!(rejected.len() as u64, counts.rejected);
        let kept: Vec<u8> = bytes
            .split_inclusive(|&b| b == b'\n')
            .enumerate()
            .filter(|(i, _)| !rejected.contains(&(*i as u64 + 1)))
            .flat_map(|(_, line)| line.iter().copied())
            .collect();
        let second = pass(&kept, kind, name);
        let again = second.outcome.as_ref().expect("the rows kept are read");
        prop_assert!(
            again.is_clean(),
            "the rows kept have problems: {:?}\n{}",
            second.problems,
            String::from_utf8_lossy(&kept)
        );
        prop_assert_eq!(second.tally, first.tally);
        prop_assert_eq!(&second.summary, &first.summary);
    }
    Ok(outcome.problems > 0)
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corrupted() -> impl Strategy<Value = (usize, Vec<u8>)> {
    let count = files().len();
    (
        0..count,
        any::<prop::sample::Index>(),
        1usize..60,
        prop::collection::vec(change(), 1..6),
    )
        .prop_map(|(file, start, rows, changes)| {
            let (_, _, text) = files()[file];
            let mut bytes = stretch(text, start, rows);
            for change in &changes {
                apply(&mut bytes, change);
            }
            (file, bytes)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), ..ProptestConfig::default() })]

    #[test]
    fn a_corrupted_file_loses_and_invents_nothing((file, bytes) in corrupted()) {
        let (kind, name, _) = files()[file];
        check_lenient(kind, name, &bytes)?;
    }
}

proptest! {
    // Through the real binary: slower, so fewer.
    #![proptest_config(ProptestConfig { cases: cases(300) / 10, ..ProptestConfig::default() })]

    #[test]
    fn a_strict_report_over_a_corrupted_file_stops_with_nothing_on_stdout((file, bytes) in corrupted()) {
        let (kind, name, _) = files()[file];
        let any_problem = check_lenient(kind, name, &bytes)?;
        let env = common::TestEnv::new();
        env.write(name, &bytes);
        let run = env.run(&["report", "--format", "json", name]);
        if any_problem {
            prop_assert_eq!(run.code, 3, "{}", run.stderr);
            prop_assert!(run.stdout.is_empty(), "{}", run.stdout);
        } else {
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            let lenient = env.run(&["report", "--format", "json", "--lenient", name]);
            prop_assert_eq!(&lenient.stdout, &run.stdout);
        }
    }
}

//! The bodies of the fuzz targets: bytes in, and what must hold of whatever crackdown makes of
//! them asserted. Shared word for word by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and the
//! test that replays every committed corpus file through them (`tests/fuzz_corpus.rs`), so it
//! uses nothing but crackdown and the standard library.
//!
//! What every target asserts besides "no panic":
//! - loading: rows read = rows used + rows rejected, per kind and per file; as many records
//!   handed over as rows used; as many problems handed over as the outcome counts;
//! - normalisers: a value that resolves resolves to the same thing again from its own name;
//! - the pipeline: the same, and the headline's counts and totals equal to those of the records
//!   handed over, every output format made, and the same bytes twice from the same input.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crackdown::aggregate::{Aggregation, Shape, SortOrder};
use crackdown::error::{Problem, Result};
use crackdown::load::{self, Dataset, Selection};
use crackdown::model::{Arrest, Forks, Inspection, Kind, LinkedArrest, Prosecution, RecordSink};
use crackdown::validate::{self, Options, Outcome, ProblemSink};

/// A target: bytes in, a panic when something that must hold does not.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/fuzz_targets/` and `fuzz/corpus/` name them.
pub const TARGETS: &[(&str, Target)] = &[
    ("csv", csv),
    ("json", json),
    ("ndjson", ndjson),
    ("sheet", sheet),
    ("normalise", normalise),
    ("published", published),
    ("statements", statements),
    ("pipeline", pipeline),
];

// ---------------------------------------------------------------------------------------------
// A directory of one's own

/// A fresh directory under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("crackdown-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("writing a scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Sinks that count

/// What the records handed over add up to, counted apart from the aggregation.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    inspections: u64,
    foreigners: u64,
    women: u64,
    arrests: u64,
    prosecutions: u64,
}

impl RecordSink for Tally {
    fn inspection(&mut self, record: &Inspection<'_>) {
        assert!(record.women_identified <= record.foreigners_identified);
        self.inspections += 1;
        self.foreigners += u64::from(record.foreigners_identified);
        self.women += u64::from(record.women_identified);
    }
    fn arrest(&mut self, _record: &Arrest<'_>) {
        self.arrests += 1;
    }
    fn prosecution(&mut self, _record: &Prosecution<'_>, _arrest: Option<&LinkedArrest>) {
        self.prosecutions += 1;
    }
}

impl Forks for Tally {
    fn fork(&self) -> Self {
        Tally::default()
    }
    fn join(&mut self, later: Self) {
        self.inspections += later.inspections;
        self.foreigners += later.foreigners;
        self.women += later.women;
        self.arrests += later.arrests;
        self.prosecutions += later.prosecutions;
    }
}

impl Tally {
    fn of(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Inspections => self.inspections,
            Kind::Arrests => self.arrests,
            Kind::Prosecutions => self.prosecutions,
        }
    }
}

/// The aggregation every report is made from, and a tally of the same records beside it.
#[derive(Debug, Default)]
struct Both {
    aggregation: Aggregation,
    tally: Tally,
}

impl RecordSink for Both {
    fn inspection(&mut self, record: &Inspection<'_>) {
        self.aggregation.inspection(record);
        self.tally.inspection(record);
    }
    fn arrest(&mut self, record: &Arrest<'_>) {
        self.aggregation.arrest(record);
        self.tally.arrest(record);
    }
    fn prosecution(&mut self, record: &Prosecution<'_>, arrest: Option<&LinkedArrest>) {
        self.aggregation.prosecution(record, arrest);
        self.tally.prosecution(record, arrest);
    }
}

impl Forks for Both {
    fn fork(&self) -> Self {
        Both {
            aggregation: self.aggregation.fork(),
            tally: self.tally.fork(),
        }
    }
    fn join(&mut self, later: Self) {
        self.aggregation.join(later.aggregation);
        self.tally.join(later.tally);
    }
}

#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl ProblemSink for Problems {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        self.0.push(problem);
        Ok(())
    }
}

/// Rows read = used + rejected, per kind and per file, the per-kind counts the sums of the
/// files', as many records handed over as rows used and as many problems as counted.
fn assert_conserved(outcome: &Outcome, tally: &Tally, problems: &[Problem]) {
    for &(kind, counts) in &outcome.counts {
        assert_eq!(
            counts.read,
            counts.used + counts.rejected,
            "{kind:?}: read != used + rejected: {counts:?}"
        );
        assert_eq!(
            tally.of(kind),
            counts.used,
            "{kind:?}: records handed over != rows used"
        );
        let files = outcome.files.iter().filter(|(k, _, _)| *k == kind);
        let (read, used, rejected) = files.fold((0, 0, 0), |(r, u, j), (_, _, c)| {
            (r + c.read, u + c.used, j + c.rejected)
        });
        assert_eq!(
            (read, used, rejected),
            (counts.read, counts.used, counts.rejected)
        );
    }
    for (kind, file, counts) in &outcome.files {
        assert_eq!(
            counts.read,
            counts.used + counts.rejected,
            "{kind:?} {file}: read != used + rejected: {counts:?}"
        );
    }
    for kind in Kind::ALL {
        if outcome.counts(kind).is_none() {
            assert_eq!(tally.of(kind), 0, "{kind:?}: records of a kind not read");
        }
    }
    let rejected: u64 = outcome.counts.iter().map(|(_, c)| c.rejected).sum();
    assert_eq!(problems.len() as u64, outcome.problems);
    assert!(
        outcome.problems >= rejected,
        "{rejected} rows rejected for {} problems",
        outcome.problems
    );
}

/// Resolves `selection` and reads it through the checks, asserting conservation; `None` when
/// the input is refused whole (an error naming what is wrong, which is a fine answer).
fn load_and_check(selection: &Selection) -> Option<(Dataset, Outcome, Both, Vec<Problem>)> {
    let dataset = load::resolve(selection).ok()?;
    let mut sink = Both::default();
    sink.aggregation.loaded = dataset.loaded().into();
    let mut problems = Problems::default();
    let outcome = validate::run(&dataset, Options::default(), &mut sink, &mut problems).ok()?;
    assert_conserved(&outcome, &sink.tally, &problems.0);
    Some((dataset, outcome, sink, problems.0))
}

// ---------------------------------------------------------------------------------------------
// Loading records

/// `data` as a record file named `records.<ext>`: once as DATA (its kind told from its header or
/// first object's keys), once named as the kind its length picks (so every kind's header and
/// row checks are reached, the wrong kind's header included).
fn records(data: &[u8], ext: &str) {
    let scratch = Scratch::new();
    let path = scratch.write(&format!("records.{ext}"), data);
    let sniffed = Selection {
        data: vec![path.clone()],
        ..Selection::default()
    };
    load_and_check(&sniffed);
    let kind = Kind::ALL[data.len() % 3];
    load_and_check(&named(kind, path));
}

/// A selection naming `path` as the file of `kind`.
fn named(kind: Kind, path: PathBuf) -> Selection {
    let mut selection = Selection::default();
    match kind {
        Kind::Inspections => selection.inspections.push(path),
        Kind::Arrests => selection.arrests.push(path),
        Kind::Prosecutions => selection.prosecutions.push(path),
    }
    selection
}

pub fn csv(data: &[u8]) {
    records(data, "csv");
}

pub fn json(data: &[u8]) {
    records(data, "json");
}

pub fn ndjson(data: &[u8]) {
    records(data, "ndjson");
}

/// A workbook: an OpenDocument spreadsheet when it says so, a legacy .xls when it starts as one
/// (a compound file), else an Office Open XML workbook.
pub fn sheet(data: &[u8]) {
    let ext = if contains(data, b"opendocument") {
        "ods"
    } else if data.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        "xls"
    } else {
        "xlsx"
    };
    records(data, ext);
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Normalisers

/// Every normaliser of values (Khan, province, district, Sangkat, nationality, date) on the text
/// of `data`; what resolves must resolve again, to the same, from the name it is shown by.
pub fn normalise(data: &[u8]) {
    use crackdown::date::{self, DateOrder};
    use crackdown::gazetteer::{District, Province, khan_of_sangkat};
    use crackdown::khan::Khan;
    use crackdown::nationality::Nationality;

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Khan::resolve(text) {
        Ok(khan) => {
            assert_eq!(Khan::resolve(khan.name()).ok(), Some(khan), "{text:?}");
            assert_eq!(Khan::resolve(&khan.code().to_string()).ok(), Some(khan));
        }
        Err(e) => {
            let _ = (e.reason(), e.code());
        }
    }
    let province = match Province::resolve(text) {
        Ok(province) => {
            assert_eq!(Province::resolve(province.name()).ok(), Some(province));
            Some(province)
        }
        Err(e) => {
            let _ = (e.reason(), e.code());
            None
        }
    };
    for within in [None, Some(Province::phnom_penh()), province] {
        match District::resolve(text, within) {
            Ok(district) => {
                if let Some(p) = within {
                    assert_eq!(district.province(), p, "{text:?}");
                }
                let _ = (district.name(), district.geocode(), district.khan());
            }
            Err(e) => {
                let _ = (e.reason(), e.code());
            }
        }
    }
    let _ = khan_of_sangkat(text);
    match Nationality::resolve(text) {
        Ok(n) => {
            assert_eq!(Nationality::from_code(n.code()), Some(n));
            assert_eq!(Nationality::resolve(n.code()).ok(), Some(n), "{text:?}");
        }
        Err(e) => {
            let _ = (e.value(), e.reason(), e.code());
        }
    }
    for order in [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)] {
        match date::parse(text, order) {
            Ok(day) => {
                let iso = day.format("%Y-%m-%d").to_string();
                assert_eq!(date::parse(&iso, None), Ok(day), "{text:?}");
                assert_eq!(date::parse_plain(&iso), Some(day), "{text:?}");
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    if let Some(day) = date::parse_plain(text) {
        let iso = day.format("%Y-%m-%d").to_string();
        assert_eq!(date::parse_plain(&iso), Some(day), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Published figures and statements

/// The text of a published.json.
pub fn published(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(published) = crackdown::published::Published::parse(text, "published.json") {
        if let Some(period) = published.period {
            assert!(period.from <= period.to);
        }
        for breakdown in &published.breakdowns {
            let _ = breakdown.words();
        }
        if let Some(source) = &published.source {
            let _ = (source.cite(true), source.cite(false), source.cite_in_full());
        }
    }
}

/// A statements CSV file: read, checked, summed and drawn.
pub fn statements(data: &[u8]) {
    use crackdown::statements::{self, StatementFile};
    let scratch = Scratch::new();
    let path = scratch.write("statements.csv", data);
    let Ok(read) = statements::read(
        &[StatementFile::Path(path)],
        None,
        &crackdown::missing::Missing::default(),
    ) else {
        return;
    };
    let (mut read_rows, mut used, mut rejected) = (0, 0, 0);
    for (file, counts) in &read.files {
        assert_eq!(
            counts.read,
            counts.used + counts.rejected,
            "{file}: {counts:?}"
        );
        read_rows += counts.read;
        used += counts.used;
        rejected += counts.rejected;
    }
    assert_eq!(read_rows, used + rejected);
    assert_eq!(read.statements.len() as u64, used);
    assert!(read.problems.len() as u64 >= rejected);
    let checked = statements::check(read, |_| true);
    let summary = statements::Summary::of(&checked);
    let files = crackdown::render::timeline::render(&summary, "fuzz");
    for file in &files {
        assert!(!file.bytes.is_empty(), "{} is empty", file.name);
    }
}

// ---------------------------------------------------------------------------------------------
// The whole pipeline

/// The byte that separates the files of a pipeline input: never in UTF-8 text, so a seed made of
/// text files keeps them whole.
pub const SEPARATOR: u8 = 0xff;

/// Bytes in, every output format out. `data` holds up to four files separated by
/// [`SEPARATOR`]: inspections, arrests, prosecutions and a published.json (an empty part is no
/// file). The records are read leniently, as `--lenient` does, counted into a report exported as
/// table, JSON, NDJSON, CSV (with and without HXL) and Markdown, per grouping, reconciled with
/// the published figures, drawn as SVG figures; twice, to the same bytes.
pub fn pipeline(data: &[u8]) {
    let scratch = Scratch::new();
    let first = outputs(&scratch, data);
    let second = outputs(&scratch, data);
    assert!(first == second, "the same input gave different outputs");
}

fn outputs(scratch: &Scratch, data: &[u8]) -> Vec<(String, Vec<u8>)> {
    use crackdown::grouping::By;
    use crackdown::render::delimited::{Csv, Ndjson};
    use crackdown::render::figures::{self, Caption, Words};
    use crackdown::render::markdown::Markdown;
    use crackdown::render::report::Report;
    use crackdown::render::table::TableRenderer;
    use crackdown::render::{Exporter, Json, TableStyle};

    let mut selection = Selection::default();
    let names = ["inspections", "arrests", "prosecutions", "published.json"];
    for (i, part) in data.splitn(4, |&b| b == SEPARATOR).enumerate() {
        let path = scratch.0.join(names[i]);
        let _ = std::fs::remove_file(&path);
        if part.is_empty() {
            continue;
        }
        std::fs::write(&path, part).expect("writing a scratch file");
        match i {
            0 => selection.inspections.push(path),
            1 => selection.arrests.push(path),
            2 => selection.prosecutions.push(path),
            _ => selection.published = Some(path),
        }
    }
    let mut out = Vec::new();
    if selection.is_empty() {
        return out;
    }
    let Some((dataset, outcome, sink, problems)) = load_and_check(&selection) else {
        return out;
    };
    let Both { aggregation, tally } = sink;
    let info = crackdown::commands::dataset_info(&dataset);
    let summary = aggregation.summary(Shape::default());
    let h = &summary.headline;
    // With no filter every record used is counted, and the figures are the records' own.
    assert_eq!(
        (h.inspections, h.detained, h.defendants),
        (tally.inspections, tally.arrests, tally.prosecutions)
    );
    assert_eq!(
        (h.foreigners_identified, h.women_identified),
        (tally.foreigners, tally.women)
    );
    assert!(h.women_identified <= h.foreigners_identified);

    let style = TableStyle {
        color: false,
        unicode: true,
        terminal: false,
        width: Some(100),
    };
    let table = TableRenderer { style, wide: false };
    for by in std::iter::once(None).chain(By::ALL.map(Some)) {
        let report = Report::new(
            info.clone(),
            &outcome,
            &aggregation,
            aggregation.summary(Shape::default()),
            Shape::default(),
            by,
        );
        let exporters: [(&str, &dyn Exporter<Report>); 6] = [
            ("table", &table),
            ("json", &Json),
            ("ndjson", &Ndjson),
            (
                "csv",
                &Csv {
                    hxl: false,
                    bom: false,
                },
            ),
            (
                "csv-hxl",
                &Csv {
                    hxl: true,
                    bom: true,
                },
            ),
            ("markdown", &Markdown),
        ];
        for (format, exporter) in exporters {
            out.push((format!("{format} by {by:?}"), exporter.export(&report)));
        }
    }

    let validation =
        crackdown::render::validation::Validation::new(info.clone(), &outcome, &problems, vec![]);
    out.push(("validation table".into(), table.export(&validation)));
    out.push(("validation json".into(), Json.export(&validation)));

    if let Some(published) = &dataset.published
        && let Ok(lines) = crackdown::reconcile::reconcile(published, &summary, "published.json")
    {
        let reconciliation =
            crackdown::render::reconciliation::Reconciliation::new(info.clone(), lines, &outcome);
        out.push(("reconciliation table".into(), table.export(&reconciliation)));
        out.push(("reconciliation json".into(), Json.export(&reconciliation)));
    }

    let caption = Caption::new(
        &info,
        &aggregation.filter,
        outcome.left_out(aggregation.filtered_out),
        &Words::default(),
    );
    let shape = Shape {
        sort: SortOrder::Count,
        top: Some(8),
        ..Shape::default()
    };
    for file in figures::render(
        &aggregation.summary(shape),
        &caption,
        figures::Options::default(),
    ) {
        if file.name.ends_with(".svg") {
            let svg = std::str::from_utf8(&file.bytes).expect("an SVG is UTF-8");
            assert!(
                svg.starts_with("<svg") || svg.starts_with("<?xml"),
                "{}",
                file.name
            );
            assert!(svg.trim_end().ends_with("</svg>"), "{}", file.name);
        }
        out.push((file.name, file.bytes));
    }
    out
}

/// The corpus directory of each target, beside this file's directory.
pub fn corpus_dir(root: &Path, target: &str) -> PathBuf {
    root.join("fuzz").join("corpus").join(target)
}

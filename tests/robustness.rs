//! Reading never panics, and never loses or invents a row.
//!
//! What this guards, for every kind of record (prosecutions included) in CSV, NDJSON and a JSON
//! array of one element per line:
//!
//! - Files generated row by row, each row known to be clean or to carry one known mistake, read
//!   exactly: as many rows read as were written, the clean ones (and only they) handed over as
//!   records, by id and in order, and each broken one rejected with one problem, on the line where
//!   it starts, with its code and column. Blank lines, quoted notes over two lines, a byte-order
//!   mark and CRLF line ends move the lines, so line numbers are checked where they are hardest.
//! - Random bytes, and text made of the pieces records are made of behind a real header of the
//!   kind, never panic; a pass over them fails only with an input or I/O error naming the file,
//!   and when it succeeds every used row reached the records, every problem names the file and a
//!   line of it, and (in CSV and NDJSON, where no two records start on one line) the rejected rows
//!   are exactly the lines that problems were reported on.

use std::collections::BTreeSet;

use crackdown::error::{Error, Problem, Result};
use crackdown::load::{Dataset, Format, Input, Origin};
use crackdown::model::{Arrest, Inspection, Kind, Prosecution};
use crackdown::validate::{self, Forks, LinkedArrest, Options, Outcome, ProblemSink, RecordSink};
use proptest::prelude::*;
use serde_json::Value;

/// The ids of the records handed over, in order.
#[derive(Default)]
struct Records(Vec<String>);

impl RecordSink for Records {
    fn inspection(&mut self, record: &Inspection<'_>) {
        self.0.push(record.inspection_id.to_owned());
    }
    fn arrest(&mut self, record: &Arrest<'_>) {
        self.0.push(record.arrest_id.to_owned());
    }
    fn prosecution(&mut self, record: &Prosecution<'_>, _arrest: Option<&LinkedArrest>) {
        self.0.push(record.defendant_id.to_owned());
    }
}

impl Forks for Records {
    fn fork(&self) -> Self {
        Records(Vec::new())
    }
    fn join(&mut self, later: Self) {
        self.0.extend(later.0);
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

/// What one pass over one file gave.
struct Pass {
    /// The name problems and errors give the file.
    file: String,
    outcome: Result<Outcome>,
    records: Vec<String>,
    problems: Vec<Problem>,
}

/// Reads `bytes` as one file of `kind` in `format`, through the checks, as every command does.
fn pass(bytes: &[u8], kind: Kind, format: Format) -> Pass {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();
    let dataset = Dataset {
        name: "fuzz".into(),
        inputs: vec![Input {
            kind,
            origin: Origin::File(path.clone()),
            format: Some(format),
            mapping: Default::default(),
            sheet: None,
            reading: Default::default(),
        }],
        published: None,
        builtin: false,
        warnings: Vec::new(),
        ..Dataset::default()
    };
    let mut records = Records::default();
    let mut problems = Problems::default();
    let outcome = validate::run(&dataset, Options::default(), &mut records, &mut problems);
    Pass {
        file: path.display().to_string(),
        outcome,
        records: records.0,
        problems: problems.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Files whose every row is known

/// One known mistake: the column it is in, the value written there, and the code it must get.
#[derive(Debug, Clone, Copy)]
struct Mistake {
    column: &'static str,
    value: Damage,
    code: &'static str,
}

#[derive(Debug, Clone, Copy)]
enum Damage {
    /// This text instead of the clean value.
    Text(&'static str),
    /// CSV: the cell holds these bytes, which are not UTF-8.
    Bytes(&'static [u8]),
    /// CSV: one field more than the header.
    ExtraField,
    /// JSON: an array where text belongs.
    Array,
    /// JSON: the key given a second time, in capitals.
    KeyTwice,
}

const fn text(column: &'static str, value: &'static str, code: &'static str) -> Mistake {
    Mistake {
        column,
        value: Damage::Text(value),
        code,
    }
}

const INSPECTION_MISTAKES: &[Mistake] = &[
    text("khan", "Atlantis", "unknown-khan"),
    text("khan", "=1204", "unexpected-character"),
    text("date", "2026-02-31", "invalid-date"),
    text("date", "03/02/2026", "ambiguous-date"),
    text("premises_type", "villa", "unknown-value"),
    text("foreigners_identified", "1.5", "invalid-count"),
    text("women_identified", "13", "women-exceed-foreigners"),
    text("inspection_id", "N/A", "missing-value"),
];

const ARREST_MISTAKES: &[Mistake] = &[
    text("nationality", "Korean", "ambiguous-nationality"),
    text("nationality", "Atlantis", "unknown-nationality"),
    text("sex", "x", "unknown-value"),
    text("date", "", "missing-value"),
    text("date", "Mon 3 Feb 2026", "invalid-date"),
    text("khan", "Tuol\u{0}Kouk", "unexpected-character"),
];

const PROSECUTION_MISTAKES: &[Mistake] = &[
    text("role", "boss", "unknown-value"),
    text("status", "done", "unknown-value"),
    text("filed", "2026-02-30", "invalid-date"),
    text("filed", "1 Feb 26", "invalid-date"),
    text("case_id", "", "missing-value"),
    text("nationality", "Chinesse", "unknown-nationality"),
    text("defendant_id", "unknown", "missing-value"),
];

/// Mistakes only CSV can hold.
const CSV_MISTAKES: &[Mistake] = &[
    Mistake {
        column: "",
        value: Damage::ExtraField,
        code: "field-count",
    },
    Mistake {
        column: "notes",
        value: Damage::Bytes(b"caf\xe9"),
        code: "invalid-text",
    },
];

/// Mistakes only JSON can hold, in the column [`json_column`] names.
const JSON_MISTAKES: &[Mistake] = &[
    Mistake {
        column: "",
        value: Damage::Array,
        code: "wrong-type",
    },
    Mistake {
        column: "",
        value: Damage::KeyTwice,
        code: "duplicate-key",
    },
];

/// The column the JSON mistakes of `kind` are in.
fn json_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Inspections | Kind::Arrests => "khan",
        Kind::Prosecutions => "role",
    }
}

fn mistakes(kind: Kind, format: Format) -> Vec<Mistake> {
    let own = match kind {
        Kind::Inspections => INSPECTION_MISTAKES,
        Kind::Arrests => ARREST_MISTAKES,
        Kind::Prosecutions => PROSECUTION_MISTAKES,
    };
    let format_only = match format {
        Format::Csv => CSV_MISTAKES,
        Format::Json | Format::Ndjson => JSON_MISTAKES,
        Format::Xlsx | Format::Xls | Format::Ods => unreachable!("the generator writes text"),
    };
    own.iter()
        .chain(format_only)
        .map(|&m| match m.value {
            Damage::Array | Damage::KeyTwice => Mistake {
                column: json_column(kind),
                ..m
            },
            _ => m,
        })
        .collect()
}

/// The columns of each kind, in the order the generated files give them.
fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Inspections => &[
            "inspection_id",
            "date",
            "khan",
            "premises_type",
            "premises_name",
            "foreigners_identified",
            "women_identified",
            "operation_id",
            "source",
            "notes",
        ],
        Kind::Arrests => &[
            "arrest_id",
            "date",
            "khan",
            "nationality",
            "sex",
            "operation_id",
            "inspection_id",
            "source",
            "notes",
        ],
        Kind::Prosecutions => &[
            "case_id",
            "defendant_id",
            "arrest_id",
            "nationality",
            "role",
            "filed",
            "status",
            "charge",
            "source",
            "notes",
        ],
    }
}

/// The column holding the id the records are handed over with.
fn id_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Inspections => "inspection_id",
        Kind::Arrests => "arrest_id",
        Kind::Prosecutions => "defendant_id",
    }
}

/// Clean row `i` of `kind`, in the spellings records come in.
fn clean(kind: Kind, i: usize) -> Vec<String> {
    let pick = |options: &[&str]| options[i % options.len()].to_owned();
    let khan = pick(&[
        "Toul Kork",
        "1204",
        "KH1204",
        "ខណ្ឌ ទួលគោក",
        "Tuol Kouk District",
    ]);
    let date = pick(&["2026-02-03", "3 Feb 2026", "February 3, 2026", "2026/02/03"]);
    match kind {
        Kind::Inspections => vec![
            format!("I-{i}"),
            date,
            khan,
            pick(&["condominium", "apartment", "borey", "hotel", "other"]),
            format!("Tower {i}"),
            "12".into(),
            pick(&["4", "0", "12"]),
            pick(&["OP-1", "", "OP-2"]),
            String::new(),
            pick(&["", "seen"]),
        ],
        Kind::Arrests => vec![
            format!("A-{i}"),
            date,
            khan,
            pick(&["Vietnamese", "VN", "VNM", "Viet Nam", "", "N/A"]),
            pick(&["F", "male", "", "not recorded"]),
            pick(&["OP-1", ""]),
            String::new(),
            String::new(),
            String::new(),
        ],
        Kind::Prosecutions => vec![
            format!("C-{}", i / 3),
            format!("D-{i}"),
            String::new(),
            pick(&["CN", "Chinese", "China", "unknown"]),
            pick(&["ringleader", "associate", "other"]),
            pick(&["2026-02-10", "10 February 2026"]),
            pick(&["filed", "pending", "convicted", "acquitted", "dismissed"]),
            pick(&["fraud", ""]),
            String::new(),
            String::new(),
        ],
    }
}

/// One row of a generated file.
#[derive(Debug, Clone)]
struct Spec {
    /// The mistake it carries (an index into [`mistakes`]), if any.
    mistake: Option<prop::sample::Index>,
    /// A blank line before it.
    blank_before: bool,
    /// Its notes run over two lines (CSV) or hold a line break (JSON).
    two_line_note: bool,
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    let spec = (
        prop::option::weighted(0.4, any::<prop::sample::Index>()),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(mistake, blank_before, two_line_note)| Spec {
            mistake,
            blank_before,
            two_line_note,
        });
    prop::collection::vec(spec, 0..30)
}

/// What reading a generated file must give.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    read: u64,
    used: u64,
    rejected: u64,
    /// The ids of the clean rows, in order.
    records: Vec<String>,
    /// Per broken row: the line where it starts, the code and the column.
    problems: Vec<(u64, String, Option<String>)>,
}

/// A CSV cell holding `value`, quoted when it must be.
fn csv_cell(value: &str) -> Vec<u8> {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\"")).into_bytes()
    } else {
        value.as_bytes().to_vec()
    }
}

/// Writes `rows` as a file of `kind` in `format` and says what reading it must give.
fn generate(kind: Kind, format: Format, rows: &[Spec], crlf: bool) -> (Vec<u8>, Expected) {
    let names = columns(kind);
    let mistakes = mistakes(kind, format);
    let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out: Vec<u8> = Vec::new();
    let mut expected = Expected::default();
    let mut line: u64 = match format {
        Format::Csv => {
            if crlf {
                // A byte-order mark too, as spreadsheets on Windows write.
                out.extend_from_slice(b"\xef\xbb\xbf");
            }
            out.extend_from_slice(names.join(",").as_bytes());
            out.extend_from_slice(end);
            2
        }
        Format::Json => {
            out.extend_from_slice(b"[");
            out.extend_from_slice(end);
            2
        }
        Format::Ndjson => 1,
        Format::Xlsx | Format::Xls | Format::Ods => unreachable!("the generator writes text"),
    };
    for (i, spec) in rows.iter().enumerate() {
        let mut values = clean(kind, i);
        let mistake = spec.mistake.map(|m| mistakes[m.index(mistakes.len())]);
        let at = |column: &str| names.iter().position(|n| *n == column).unwrap();
        if let Some(Mistake {
            column,
            value: Damage::Text(text),
            ..
        }) = mistake
        {
            values[at(column)] = text.to_owned();
        }
        let note_lines =
            spec.two_line_note && !matches!(mistake.map(|m| m.value), Some(Damage::Bytes(_)));
        if note_lines {
            values[at("notes")] = "first, \"quoted\"\nsecond".to_owned();
        }
        if spec.blank_before {
            // Spreadsheets write a row of separators for a blank row; in JSON it is white space.
            if format == Format::Csv && i % 2 == 0 {
                out.extend_from_slice(&b",".repeat(names.len() - 1));
            }
            out.extend_from_slice(end);
            line += 1;
        }
        let start = line;
        match format {
            Format::Csv => {
                let mut cells: Vec<Vec<u8>> = values.iter().map(|v| csv_cell(v)).collect();
                match mistake.map(|m| m.value) {
                    Some(Damage::Bytes(bytes)) => cells[at("notes")] = bytes.to_vec(),
                    Some(Damage::ExtraField) => cells.push(b"extra".to_vec()),
                    _ => {}
                }
                out.extend_from_slice(&cells.join(&b","[..]));
                out.extend_from_slice(end);
                line += if note_lines { 2 } else { 1 };
            }
            Format::Json | Format::Ndjson => {
                let mut object = String::from("{");
                for (n, (name, value)) in names.iter().zip(&values).enumerate() {
                    if n > 0 {
                        object.push_str(", ");
                    }
                    let value = match mistake.map(|m| m.value) {
                        Some(Damage::Array) if *name == json_column(kind) => {
                            serde_json::json!([value]).to_string()
                        }
                        // Counts as JSON numbers, as scripts write them.
                        _ if name.ends_with("_identified") && i % 2 == 0 => value.clone(),
                        _ => Value::String(value.clone()).to_string(),
                    };
                    object.push_str(&format!("\"{name}\": {value}"));
                }
                if let Some(Damage::KeyTwice) = mistake.map(|m| m.value) {
                    let column = json_column(kind);
                    let again = &values[at(column)];
                    object.push_str(&format!(", \"{}\": \"{again}\"", column.to_uppercase()));
                }
                object.push('}');
                out.extend_from_slice(object.as_bytes());
                if format == Format::Json && i + 1 < rows.len() {
                    out.push(b',');
                }
                out.extend_from_slice(end);
                line += 1;
            }
            Format::Xlsx | Format::Xls | Format::Ods => unreachable!("the generator writes text"),
        }
        expected.read += 1;
        match mistake {
            None => {
                expected.used += 1;
                expected.records.push(values[at(id_column(kind))].clone());
            }
            Some(m) => {
                expected.rejected += 1;
                let column = (!m.column.is_empty()).then(|| m.column.to_owned());
                expected.problems.push((start, m.code.to_owned(), column));
            }
        }
    }
    if format == Format::Json {
        out.extend_from_slice(b"]");
        out.extend_from_slice(end);
    }
    (out, expected)
}

/// Reads a generated file and compares what was read with what was written.
fn check_generated(kind: Kind, format: Format, rows: &[Spec], crlf: bool) {
    let (bytes, expected) = generate(kind, format, rows, crlf);
    let shown = String::from_utf8_lossy(&bytes).into_owned();
    let pass = pass(&bytes, kind, format);
    let outcome = match pass.outcome {
        Ok(outcome) => outcome,
        Err(e) => panic!("{kind:?} as {format:?}: {e}\n{shown}"),
    };
    assert_eq!(outcome.counts.len(), 1);
    let (read_kind, counts) = outcome.counts[0];
    assert_eq!(read_kind, kind);
    let found = Expected {
        read: counts.read,
        used: counts.used,
        rejected: counts.rejected,
        records: pass.records,
        problems: pass
            .problems
            .iter()
            .map(|p| (p.line, p.code.as_str().to_owned(), p.column.clone()))
            .collect(),
    };
    assert_eq!(found, expected, "{kind:?} as {format:?}:\n{shown}");
    assert_eq!(outcome.problems, expected.rejected);
    assert!(
        pass.problems.iter().all(|p| p.file == pass.file),
        "{:?}",
        pass.problems
    );
}

#[test]
fn every_mistake_is_caught_alone_in_every_kind_and_format() {
    // Each mistake once, between clean rows, so that none is left untried by chance.
    for kind in Kind::ALL {
        for format in [Format::Csv, Format::Ndjson, Format::Json] {
            let count = mistakes(kind, format).len();
            let mut rows = Vec::new();
            for m in 0..count {
                rows.push(Spec {
                    mistake: None,
                    blank_before: m % 3 == 0,
                    two_line_note: m % 2 == 0,
                });
                rows.push(Spec {
                    mistake: Some(index_of(m, count)),
                    blank_before: false,
                    two_line_note: false,
                });
            }
            for crlf in [false, true] {
                check_generated(kind, format, &rows, crlf);
            }
        }
    }
}

/// The [`prop::sample::Index`] that picks `i` out of `len`.
fn index_of(i: usize, len: usize) -> prop::sample::Index {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    loop {
        let index = any::<prop::sample::Index>()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        if index.index(len) == i {
            return index;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bytes of any kind

/// What must hold of any pass, whatever the bytes: an error is one of the input (naming the
/// file) or of reading it; a success hands over every used row and reports problems on lines of
/// the file, one line per rejected row where records cannot share a line.
fn check_any(bytes: &[u8], kind: Kind, format: Format) {
    let pass = pass(bytes, kind, format);
    let outcome = match pass.outcome {
        Ok(outcome) => outcome,
        Err(Error::Input { file, .. }) => {
            assert_eq!(file, pass.file);
            return;
        }
        Err(Error::Io { what, .. }) => {
            assert!(what.contains(&pass.file), "{what}");
            return;
        }
        Err(other) => panic!("not an input or I/O error: {other:?}"),
    };
    let (_, counts) = outcome.counts[0];
    assert_eq!(pass.records.len() as u64, counts.used);
    assert_eq!(pass.problems.len() as u64, outcome.problems);
    // Lines as the readers count them: `\n`, `\r\n` and a lone `\r` each end one.
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count() as u64;
    let first = if format == Format::Csv { 2 } else { 1 };
    for p in &pass.problems {
        assert_eq!(p.file, pass.file);
        assert!(
            (first..=breaks + 1).contains(&p.line),
            "line {} of a file of {} lines: {p:?}",
            p.line,
            breaks + 1
        );
    }
    if format != Format::Json {
        let lines: BTreeSet<u64> = pass.problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines.len() as u64,
            counts.rejected,
            "one rejected row per line with problems: {:?}",
            pass.problems
        );
    }
}

/// Text made of the pieces records are made of, behind a real header of `kind`, so that the
/// fuzzing reaches past the header into rows.
fn record_like(kind: Kind) -> impl Strategy<Value = Vec<u8>> {
    let header = columns(kind).join(",");
    let piece = prop_oneof![
        Just(",".to_owned()),
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\"".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(":".to_owned()),
        Just("\\".to_owned()),
        Just("\"case_id\":".to_owned()),
        Just("\"defendant_id\": \"D-1\"".to_owned()),
        Just("\"khan\":\"ខណ្ឌ ដង្កោ\"".to_owned()),
        Just("C-1,D-1,A-1,CN,ringleader,2026-02-10,filed,fraud,,\n".to_owned()),
        Just("I-1,2026-02-03,Toul Kork,hotel,,10,2,,,\n".to_owned()),
        Just("A-1,2026-02-03,1204,VN,F,,,,\n".to_owned()),
        Just("2026-02-31".to_owned()),
        Just("03/02/2026".to_owned()),
        Just("-1".to_owned()),
        Just("4294967296".to_owned()),
        Just("null".to_owned()),
        Just("N/A".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\u{0}".to_owned()),
        "[a-zA-Z0-9 ._/-]{0,12}",
    ];
    (
        prop::collection::vec(piece, 0..60),
        prop::bool::ANY,
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(move |(pieces, with_header, noise)| {
            let mut bytes = Vec::new();
            if with_header {
                bytes.extend_from_slice(header.as_bytes());
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(pieces.concat().as_bytes());
            // A byte or two that may not be UTF-8, somewhere in the middle.
            let at = bytes.len() / 2;
            bytes.splice(at..at, noise);
            bytes
        })
}

fn kinds() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn generated_files_are_read_row_for_row(
        kind in kinds(),
        rows in specs(),
        crlf in any::<bool>(),
    ) {
        for format in [Format::Csv, Format::Ndjson, Format::Json] {
            check_generated(kind, format, &rows, crlf);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for kind in Kind::ALL {
            for format in [Format::Csv, Format::Json, Format::Ndjson] {
                check_any(&bytes, kind, format);
            }
        }
    }

    #[test]
    fn record_like_text_never_panics(bytes in kinds().prop_flat_map(record_like)) {
        // Read as the kind its header names, and as the others.
        for kind in Kind::ALL {
            for format in [Format::Csv, Format::Json, Format::Ndjson] {
                check_any(&bytes, kind, format);
            }
        }
    }
}

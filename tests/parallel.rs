//! A large file read on several threads gives what reading it on one gives: the same output,
//! problems, line numbers, warnings and exit code, byte for byte. The files here are cut into
//! pieces of a few kilobytes (`--piece-bytes`, a setting for tests) so that they have many; the
//! library tests check that they were read in pieces indeed, and when pieces were checked again.

mod common;

use common::TestEnv;
use crackdown::load::Selection;
use crackdown::model::{Arrest, Forks, Inspection, RecordSink};
use crackdown::validate::{Options, Outcome, ProblemSink};

/// A deterministic stream of numbers, so that every run writes the same files.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

const KHANS: [&str; 6] = [
    "Chamkar Mon",
    "Daun Penh",
    "tuol kouk",
    "BKK",
    "ខណ្ឌដូនពេញ",
    "Khan Sen Sok",
];
const NATIONALITIES: [&str; 7] = ["CN", "VN", "Chinese", "Indonesian", "", "N/A", "KR"];

/// What the files hold besides clean records.
#[derive(Clone, Copy, Default)]
struct Faults {
    /// Every 97th row reuses the id of a row far before it (in an earlier piece).
    duplicates: bool,
    /// Every 61st row has a date that is no date, every 53rd a Khan that is none.
    bad_values: bool,
    /// Lines end with CRLF and the file starts with a byte-order mark.
    crlf: bool,
    /// A stray quote opens a field in the middle of the file.
    stray_quote: bool,
}

/// `rows` arrests, one in 7 with a quoted note over three lines, one in 11 with quotes inside
/// its note, each naming an inspection of `inspections` (every 41st one that does not exist).
fn arrests(rows: u64, inspections: u64, faults: Faults) -> Vec<u8> {
    let nl = if faults.crlf { "\r\n" } else { "\n" };
    let mut rng = Lcg(rows);
    let mut out = String::new();
    if faults.crlf {
        out.push('\u{feff}');
    }
    out.push_str("arrest_id,date,khan,nationality,sex,operation_id,inspection_id,source,notes");
    out.push_str(nl);
    for i in 0..rows {
        let id = if faults.duplicates && i % 97 == 50 {
            format!("A-{}", rng.next(i / 2))
        } else {
            format!("A-{i}")
        };
        let date = if faults.bad_values && i % 61 == 7 {
            "2026-02-30".to_owned()
        } else {
            format!("2026-02-{:02}", 3 + rng.next(16))
        };
        let khan = if faults.bad_values && i % 53 == 9 {
            "Sihanoukville"
        } else {
            KHANS[rng.next(KHANS.len() as u64) as usize]
        };
        let nationality = NATIONALITIES[rng.next(NATIONALITIES.len() as u64) as usize];
        let sex = ["male", "female", ""][rng.next(3) as usize];
        let inspection = match i % 41 {
            0 => "INS-none".to_owned(),
            _ => format!("INS-{}", rng.next(inspections)),
        };
        let notes = match i % 11 {
            _ if faults.stray_quote && i == rows / 2 => "\"stray".to_owned(),
            _ if i % 7 == 0 => {
                format!("\"seen at the gate{nl}taken, with two others{nl}to the station\"")
            }
            0 => "\"said \"\"no\"\" twice\"".to_owned(),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{id},{date},{khan},{nationality},{sex},OP-{},{inspection},press,{notes}{nl}",
            rng.next(40)
        ));
    }
    out.into_bytes()
}

fn inspections(rows: u64) -> Vec<u8> {
    let mut rng = Lcg(rows + 1);
    let mut out = String::from(
        "inspection_id,date,khan,premises_type,premises_name,foreigners_identified,women_identified,operation_id,source,notes\n",
    );
    for i in 0..rows {
        let foreigners = rng.next(30);
        out.push_str(&format!(
            "INS-{i},2026-02-{:02},{},condominium,\"Tower {i}, block B\",{foreigners},{},OP-{},press,\n",
            3 + rng.next(16),
            KHANS[rng.next(KHANS.len() as u64) as usize],
            rng.next(foreigners + 1),
            rng.next(40),
        ));
    }
    out.into_bytes()
}

/// Runs `args` on one thread and on four, and checks that the two agree in every byte.
fn same_on_four_threads(env: &TestEnv, args: &[&str]) -> common::Run {
    let one = env.run(&[args, &["--threads", "1"]].concat());
    let four = env.run(&[args, &["--threads", "4", "--piece-bytes", "4096"]].concat());
    assert_eq!(one.code, four.code, "exit codes of {args:?}");
    assert_eq!(one.stdout, four.stdout, "standard output of {args:?}");
    assert_eq!(one.stderr, four.stderr, "standard error of {args:?}");
    four
}

/// Problems counted, and nothing else kept.
struct Count(u64);

impl ProblemSink for Count {
    fn problem(
        &mut self,
        _kind: crackdown::model::Kind,
        _problem: crackdown::error::Problem,
    ) -> crackdown::error::Result<()> {
        self.0 += 1;
        Ok(())
    }
}

/// What was found, apart from how the work was done.
fn found(outcome: &Outcome) -> Outcome {
    Outcome {
        pieces: 0,
        checked_again: 0,
        ..outcome.clone()
    }
}

/// The ids of the records handed on, in order.
struct Handed(Vec<String>);

impl RecordSink for Handed {
    fn inspection(&mut self, record: &Inspection<'_>) {
        self.0.push(record.inspection_id.to_owned());
    }
    fn arrest(&mut self, record: &Arrest<'_>) {
        self.0.push(record.arrest_id.to_owned());
    }
}

impl Forks for Handed {
    fn fork(&self) -> Self {
        Handed(Vec::new())
    }
    fn join(&mut self, later: Self) {
        self.0.extend(later.0);
    }
}

/// Reads the files through the library on `threads`, each file in 4 pieces per thread: what
/// was found, the problems counted and the records handed on.
fn outcome(env: &TestEnv, threads: usize) -> (Outcome, u64, Vec<String>) {
    outcome_of(env, threads, "inspections.csv", "arrests.csv")
}

/// [`outcome`] of the files named.
fn outcome_of(
    env: &TestEnv,
    threads: usize,
    inspections: &str,
    arrests: &str,
) -> (Outcome, u64, Vec<String>) {
    let selection = Selection {
        inspections: vec![env.path(inspections)],
        arrests: vec![env.path(arrests)],
        ..Selection::default()
    };
    let dataset = crackdown::load::resolve(&selection).unwrap();
    let options = Options {
        threads,
        least_piece: 4096,
        ..Options::default()
    };
    let mut problems = Count(0);
    let mut handed = Handed(Vec::new());
    let outcome = crackdown::validate::run(&dataset, options, &mut handed, &mut problems).unwrap();
    (outcome, problems.0, handed.0)
}

#[test]
fn clean_files_read_in_pieces_give_the_report_of_one_thread() {
    let env = TestEnv::new();
    env.write("inspections.csv", inspections(3_000));
    env.write("arrests.csv", arrests(6_000, 3_000, Faults::default()));
    let (serial, _, records) = outcome(&env, 1);
    let (parallel, _, parallel_records) = outcome(&env, 4);
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(records, parallel_records);
    assert_eq!((serial.pieces, parallel.pieces), (0, 32));
    assert_eq!(parallel.checked_again, 0);
    for format in ["json", "csv", "table"] {
        let args = [
            "report",
            "--inspections",
            "inspections.csv",
            "--arrests",
            "arrests.csv",
            "--lenient",
            "-f",
            format,
        ];
        same_on_four_threads(&env, &args).code(0);
    }
    // Every row is counted once: 41st rows name no inspection, and are the only ones rejected.
    let run = same_on_four_threads(
        &env,
        &[
            "validate",
            "--inspections",
            "inspections.csv",
            "--arrests",
            "arrests.csv",
            "-f",
            "json",
        ],
    );
    let counts = common::kind_counts(&run.code(3).json());
    assert_eq!(counts[0], ("inspections".to_owned(), 3_000, 3_000, 0));
    assert_eq!(counts[1], ("arrests".to_owned(), 6_000, 6_000 - 147, 147));
}

#[test]
fn problems_in_many_pieces_keep_their_lines_and_order() {
    let env = TestEnv::new();
    env.write("inspections.csv", inspections(2_000));
    let faults = Faults {
        bad_values: true,
        ..Faults::default()
    };
    env.write("arrests.csv", arrests(6_000, 2_000, faults));
    let (serial, count, records) = outcome(&env, 1);
    let (parallel, parallel_count, parallel_records) = outcome(&env, 4);
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(count, parallel_count);
    assert_eq!(records, parallel_records);
    assert_eq!(parallel.pieces, 32);
    let run = same_on_four_threads(
        &env,
        &[
            "validate",
            "--inspections",
            "inspections.csv",
            "--arrests",
            "arrests.csv",
            "-f",
            "json",
        ],
    );
    let problems = common::problem_rows(&run.code(3).json());
    // Row 7 is on line 11: after the header and rows 0 to 6, row 0's note taking three lines.
    let first_date = problems.iter().find(|p| p.code == "invalid-date").unwrap();
    assert_eq!(first_date.value, "2026-02-30");
    assert_eq!(first_date.line, 11);
    let last_date = problems.iter().rfind(|p| p.code == "invalid-date").unwrap();
    // Row 5985 (61 × 98 + 7): 5985 rows and 855 notes of three lines (rows 0, 7, … 5978) before.
    assert_eq!(last_date.line, 2 + 5_985 + 2 * 855);
    same_on_four_threads(
        &env,
        &[
            "report",
            "--inspections",
            "inspections.csv",
            "--arrests",
            "arrests.csv",
            "--lenient",
            "--rejects",
            "rejects.csv",
            "-f",
            "json",
        ],
    );
    let rejects = env.read("rejects.csv");
    assert!(
        rejects.lines().count() > 200,
        "{} rejects",
        rejects.lines().count()
    );
}

#[test]
fn ids_repeated_across_pieces_are_duplicates_as_on_one_thread() {
    let env = TestEnv::new();
    env.write("inspections.csv", inspections(2_000));
    let faults = Faults {
        duplicates: true,
        ..Faults::default()
    };
    env.write("arrests.csv", arrests(6_000, 2_000, faults));
    let (serial, _, records) = outcome(&env, 1);
    let (parallel, _, parallel_records) = outcome(&env, 4);
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(records, parallel_records);
    assert!(parallel.checked_again > 0, "no piece was checked again");
    assert!(parallel.checked_again < parallel.pieces);
    let run = same_on_four_threads(
        &env,
        &["validate", "--arrests", "arrests.csv", "-f", "json"],
    );
    let problems = common::problem_rows(&run.code(3).json());
    let duplicates: Vec<_> = problems
        .iter()
        .filter(|p| p.code == "duplicate-id")
        .collect();
    // Counted from the file: each id seen before is a duplicate of the line it was first on.
    let mut first = std::collections::HashMap::new();
    let mut expected = Vec::new();
    let mut reader = csv::Reader::from_path(env.path("arrests.csv")).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let line = record.position().unwrap().line();
        if let Some(at) = first.get(&record[0]) {
            expected.push((
                line,
                format!("duplicate arrest_id: already used on line {at}"),
            ));
        } else {
            first.insert(record[0].to_owned(), line);
        }
    }
    assert!(expected.len() > 40);
    let found: Vec<_> = duplicates
        .iter()
        .map(|p| (p.line, p.reason.clone()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn crlf_files_with_a_byte_order_mark_are_cut_where_records_start() {
    let env = TestEnv::new();
    env.write("inspections.csv", inspections(1_000));
    let faults = Faults {
        crlf: true,
        bad_values: true,
        ..Faults::default()
    };
    env.write("arrests.csv", arrests(5_000, 1_000, faults));
    let (serial, _, records) = outcome(&env, 1);
    let (parallel, _, parallel_records) = outcome(&env, 4);
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(records, parallel_records);
    assert_eq!(parallel.pieces, 32);
    same_on_four_threads(
        &env,
        &[
            "validate",
            "--inspections",
            "inspections.csv",
            "--arrests",
            "arrests.csv",
            "-f",
            "json",
        ],
    );
}

#[test]
fn a_file_with_a_stray_quote_is_read_on_one_thread_with_the_same_result() {
    let env = TestEnv::new();
    env.write("inspections.csv", inspections(1_000));
    let faults = Faults {
        stray_quote: true,
        ..Faults::default()
    };
    env.write("arrests.csv", arrests(5_000, 1_000, faults));
    let (serial, _, records) = outcome(&env, 1);
    let (parallel, _, parallel_records) = outcome(&env, 4);
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(records, parallel_records);
    // The inspections were read in pieces; the arrests, with their stray quote, whole.
    assert_eq!(parallel.pieces, 16);
    let run = same_on_four_threads(
        &env,
        &["validate", "--arrests", "arrests.csv", "-f", "json"],
    );
    let problems = common::problem_rows(&run.code(3).json());
    assert!(problems.iter().any(|p| p.code == "stray-quote"));
}

/// The records of a CSV file as NDJSON, one object a line, every cell a string (an empty one
/// left out); `blank` puts a blank line after every 13th record, `crlf` ends lines with CRLF and
/// starts the file with a byte-order mark, `broken` breaks every 71st line.
fn ndjson(csv_bytes: &[u8], blank: bool, crlf: bool, broken: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if crlf {
        out.push('\u{feff}');
    }
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let headers = reader.headers().unwrap().clone();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let mut object = serde_json::Map::new();
        for (key, value) in headers.iter().zip(record.iter()) {
            if !value.is_empty() {
                object.insert(key.to_owned(), value.into());
            }
        }
        let mut line = serde_json::Value::Object(object).to_string();
        if broken && i % 71 == 3 {
            line.pop();
        }
        out.push_str(&line);
        out.push_str(nl);
        if blank && i % 13 == 0 {
            out.push_str(nl);
        }
    }
    out.into_bytes()
}

#[test]
fn ndjson_files_read_in_pieces_give_the_report_of_one_thread() {
    let env = TestEnv::new();
    env.write(
        "inspections.ndjson",
        ndjson(&inspections(2_000), false, false, false),
    );
    let faults = Faults {
        duplicates: true,
        bad_values: true,
        ..Faults::default()
    };
    let csv_arrests = arrests(6_000, 2_000, faults);
    env.write("arrests.ndjson", ndjson(&csv_arrests, true, false, true));
    let (serial, count, records) = outcome_of(&env, 1, "inspections.ndjson", "arrests.ndjson");
    let (parallel, parallel_count, parallel_records) =
        outcome_of(&env, 4, "inspections.ndjson", "arrests.ndjson");
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!((count, records), (parallel_count, parallel_records));
    assert_eq!(serial.pieces, 0);
    assert!(parallel.pieces > 16, "{} pieces", parallel.pieces);
    let both = [
        "--inspections",
        "inspections.ndjson",
        "--arrests",
        "arrests.ndjson",
    ];
    let run = same_on_four_threads(&env, &[&["validate"][..], &both, &["-f", "json"]].concat());
    let problems = common::problem_rows(&run.code(3).json());
    // Each line is where the record is in the file: line 1 is row 0, and a blank line follows
    // every 13th row, so row 7's bad date is on line 9 and row 74's broken object on line 81.
    let first_date = problems.iter().find(|p| p.code == "invalid-date").unwrap();
    assert_eq!(first_date.line, 9);
    let broken: Vec<u64> = problems
        .iter()
        .filter(|p| p.reason.starts_with("malformed JSON") || p.code == "malformed-json")
        .map(|p| p.line)
        .collect();
    assert_eq!(broken.len(), 6_000 / 71 + 1, "{problems:?}");
    assert_eq!(broken[1], 74 + 74 / 13 + 1 + 1);
    assert!(problems.iter().any(|p| p.code == "duplicate-id"));
    same_on_four_threads(
        &env,
        &[&["report"][..], &both, &["--lenient", "-f", "json"]].concat(),
    );
}

#[test]
fn ndjson_with_crlf_a_byte_order_mark_or_an_unknown_key_reads_as_on_one_thread() {
    let env = TestEnv::new();
    env.write(
        "inspections.ndjson",
        ndjson(&inspections(2_000), true, true, false),
    );
    let mut arrests = ndjson(
        &arrests(5_000, 2_000, Faults::default()),
        false,
        false,
        false,
    );
    // An unknown key halfway is said once, where the file read whole says it.
    let half = arrests.len() / 2;
    let at = half + arrests[half..].iter().position(|&b| b == b'\n').unwrap() + 1;
    arrests.splice(at..at, br#"{"arrest_id":"X-1","date":"2026-02-05","khan":"Chamkar Mon","nationality":"CN","colour":"red"}"#.iter().chain(b"\n").copied());
    env.write("arrests.ndjson", arrests);
    let (serial, _, records) = outcome_of(&env, 1, "inspections.ndjson", "arrests.ndjson");
    let (parallel, _, parallel_records) =
        outcome_of(&env, 4, "inspections.ndjson", "arrests.ndjson");
    assert_eq!(found(&serial), found(&parallel));
    assert_eq!(records, parallel_records);
    // The inspections were read in pieces; the arrests, with their unknown key, whole.
    assert_eq!(parallel.pieces, 16);
    assert_eq!(serial.warnings.len(), 1, "{:?}", serial.warnings);
    same_on_four_threads(
        &env,
        &[
            "report",
            "--inspections",
            "inspections.ndjson",
            "--arrests",
            "arrests.ndjson",
            "--lenient",
            "-f",
            "json",
        ],
    );
}

//! Several files of one kind, read as one table, through the real binary on the committed
//! monthly fixtures (`tests/fixtures/monthly/`): a dataset directory holding two monthly arrests
//! files, the same files named by repeated options and by a pattern crackdown expands itself, ids
//! unique and references resolved across the files, and the files each kind was read from.

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

/// Copies the committed fixture directory `tests/fixtures/monthly/NAME` to `NAME` in the test's
/// directory, so that paths in messages are short and the same on every machine.
fn fixture(env: &TestEnv, name: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/monthly")
        .join(name);
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        let file = entry.file_name().into_string().unwrap();
        env.write(
            &format!("{name}/{file}"),
            std::fs::read(entry.path()).unwrap(),
        );
    }
}

fn stderr_lines(run: &Run) -> Vec<&str> {
    run.stderr.lines().collect()
}

/// The days with anyone detained, as (date, detained).
fn detained_per_day(json: &Value) -> Vec<(String, u64)> {
    json["dates"]
        .as_array()
        .unwrap_or_else(|| panic!("no dates in {json}"))
        .iter()
        .filter(|d| d["detained"].as_u64().unwrap() > 0)
        .map(|d| {
            (
                d["period"].as_str().unwrap().to_owned(),
                d["detained"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Each kind's files with the rows read from each, from `counts[].files`.
fn files_per_kind(json: &Value) -> Vec<(String, Vec<(String, u64)>)> {
    json["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let files = c["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    (
                        f["file"].as_str().unwrap().to_owned(),
                        f["read"].as_u64().unwrap(),
                    )
                })
                .collect();
            (c["kind"].as_str().unwrap().to_owned(), files)
        })
        .collect()
}

const MONTHS: [&str; 2] = ["clean/arrests-2026-01.csv", "clean/arrests-2026-02.csv"];

#[test]
fn monthly_files_are_one_table_as_a_directory_by_repeated_options_and_by_a_pattern() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    let others = [
        "--inspections",
        "clean/inspections.csv",
        "--prosecutions",
        "clean/prosecutions.csv",
    ];
    let repeated = [
        &others[..],
        &["--arrests", MONTHS[0], "--arrests", MONTHS[1]],
    ]
    .concat();
    let pattern = [&others[..], &["--arrests", "clean/arrests-*.csv"]].concat();
    for how in [&["clean"][..], &repeated, &pattern] {
        let args = [&["report", "-f", "json"][..], how].concat();
        let run = env.run(&args);
        run.code(0);
        assert_eq!(stderr_lines(&run), Vec::<&str>::new(), "{args:?}");
        let json = run.json();
        assert_eq!(
            kind_counts(&json),
            [
                ("inspections".to_owned(), 3, 3, 0),
                ("arrests".to_owned(), 6, 6, 0),
                ("prosecutions".to_owned(), 2, 2, 0)
            ],
            "{args:?}"
        );
        assert_eq!(
            detained_per_day(&json),
            [
                ("2026-01-12".to_owned(), 2),
                ("2026-01-20".to_owned(), 1),
                ("2026-02-04".to_owned(), 2),
                ("2026-02-09".to_owned(), 1)
            ],
            "{args:?}"
        );
        assert_eq!(json["headline"]["detained"], 6, "{args:?}");
        assert_eq!(
            json["dataset"]["files"],
            json!([
                "clean/inspections.csv",
                MONTHS[0],
                MONTHS[1],
                "clean/prosecutions.csv"
            ]),
            "{args:?}"
        );
    }
    // The footer says how many files a kind was read from, when more than one.
    env.run(&["report", "clean", "--by", "khan"])
        .code(0)
        .stdout_has("Records: inspections 3 read, 3 used, 0 rejected; arrests 6 read in 2 files, 6 used, 0 rejected; prosecutions 2 read, 2 used, 0 rejected\n");
}

#[test]
fn an_id_repeated_in_another_monthly_file_is_a_duplicate_naming_both_files() {
    let env = TestEnv::new();
    fixture(&env, "duplicate");
    let message = "duplicate/arrests-2026-02.csv:3: arrest_id \"A-02\": duplicate arrest_id: already used on line 3 of duplicate/arrests-2026-01.csv";
    let run = env.run(&["validate", "duplicate"]);
    run.code(3);
    assert_eq!(
        run.stdout,
        "dataset duplicate\n\
┌─────────┬──────┬──────┬──────────┐\n\
│ records ┆ read ┆ used ┆ rejected │\n\
╞═════════╪══════╪══════╪══════════╡\n\
│ arrests ┆    4 ┆    3 ┆        1 │\n\
└─────────┴──────┴──────┴──────────┘\n\
arrests: duplicate/arrests-2026-01.csv, duplicate/arrests-2026-02.csv\n\
1 problem found:\n  "
            .to_owned()
            + message
            + "\n"
    );
    // The same through a pattern, and in a report, which then stops.
    let run = env.run(&["report", "--arrests", "duplicate/arrests-*.csv"]);
    run.code(3).stdout_empty();
    assert_eq!(
        stderr_lines(&run),
        [
            message,
            "error: 1 problem found in the input; nothing was reported (fix the records, or pass --lenient to leave those rows out)"
        ]
    );
    // JSON names the file and line of the row, and the first one in its reason.
    let json = env
        .run(&["validate", "duplicate", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(
        json["problems"],
        json!([{
            "code": "duplicate-id",
            "file": "duplicate/arrests-2026-02.csv",
            "line": 3,
            "column": "arrest_id",
            "value": "A-02",
            "reason": "duplicate arrest_id: already used on line 3 of duplicate/arrests-2026-01.csv"
        }])
    );
    // Within one file the other file is not named.
    env.write(
        "one/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,,,,,\nA-1,2026-02-03,1204,CN,,,,,\n"),
    );
    env.run(&["validate", "one"]).code(3).stdout_has(
        "one/arrests.csv:3: arrest_id \"A-1\": duplicate arrest_id: already used on line 2\n",
    );
}

#[test]
fn references_resolve_across_files_and_a_dangling_one_names_every_file_searched() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    // D-1 names A-01 of January's file, read before February's: both defendants are linked.
    let json = env.run(&["report", "clean", "-f", "json"]).code(0).json();
    assert_eq!(json["headline"]["defendants_linked_to_arrests"], 2);
    assert_eq!(json["headline"]["median_days_to_court"], 15.0);
    // Without January's file, its arrest is missing, and the file searched is named.
    let run = env.run(&[
        "validate",
        "--inspections",
        "clean/inspections.csv",
        "--arrests",
        MONTHS[1],
        "--prosecutions",
        "clean/prosecutions.csv",
    ]);
    run.code(3).stdout_has(
        "clean/prosecutions.csv:2: arrest_id \"A-01\": names no arrest in clean/arrests-2026-02.csv\n",
    );
    // A reference to no record of either month names both files.
    env.write(
        "court.csv",
        format!("{PROSECUTIONS_HEADER}C-2,D-9,A-99,CN,associate,2026-02-12,filed,,,\n"),
    );
    env.run(&["validate", "clean", "--prosecutions", "court.csv"])
        .code(3)
        .stdout_has("court.csv:2: arrest_id \"A-99\": names no arrest in clean/arrests-2026-01.csv or clean/arrests-2026-02.csv\n");
    // A rejected arrest of January is named with its file when February's prosecution names it.
    env.write(
        "bad/arrests-2026-01.csv",
        format!("{ARRESTS_HEADER}A-1,2026-01-12,Nowhere,CN,,,,,\n"),
    );
    env.write(
        "bad/arrests-2026-02.csv",
        format!("{ARRESTS_HEADER}A-2,2026-02-04,1204,CN,,,,,\n"),
    );
    env.write(
        "bad/prosecutions.csv",
        format!("{PROSECUTIONS_HEADER}C-1,D-1,A-1,CN,ringleader,2026-02-10,filed,,,\n"),
    );
    env.run(&["validate", "bad"]).code(3).stdout_has(
        "bad/prosecutions.csv:2: arrest_id \"A-1\": names the arrest on line 2 of bad/arrests-2026-01.csv, which was rejected\n",
    );
}

#[test]
fn validate_lists_the_files_each_kind_was_read_from() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    let run = env.run(&["validate", "clean"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "dataset clean
┌──────────────┬──────┬──────┬──────────┐
│ records      ┆ read ┆ used ┆ rejected │
╞══════════════╪══════╪══════╪══════════╡
│ inspections  ┆    3 ┆    3 ┆        0 │
│ arrests      ┆    6 ┆    6 ┆        0 │
│ prosecutions ┆    2 ┆    2 ┆        0 │
└──────────────┴──────┴──────┴──────────┘
inspections: clean/inspections.csv
arrests: clean/arrests-2026-01.csv, clean/arrests-2026-02.csv
prosecutions: clean/prosecutions.csv
clean: no problems found
"
    );
    let json = env.run(&["validate", "clean", "-f", "json"]).code(0).json();
    assert_eq!(
        files_per_kind(&json),
        [
            ("inspections", vec![("clean/inspections.csv", 3)]),
            (
                "arrests",
                vec![
                    ("clean/arrests-2026-01.csv", 3),
                    ("clean/arrests-2026-02.csv", 3)
                ]
            ),
            ("prosecutions", vec![("clean/prosecutions.csv", 2)])
        ]
        .map(|(kind, files)| (
            kind.to_owned(),
            files
                .into_iter()
                .map(|(f, n)| (f.to_owned(), n))
                .collect::<Vec<_>>()
        ))
    );
    assert_eq!(
        json["counts"][1]["files"][1],
        json!({"file": "clean/arrests-2026-02.csv", "read": 3, "used": 3, "rejected": 0})
    );
    // Each file's counts add up to its kind's, rejected rows included.
    fixture(&env, "duplicate");
    let json = env
        .run(&["validate", "duplicate", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(
        json["counts"][0]["files"],
        json!([
            {"file": "duplicate/arrests-2026-01.csv", "read": 2, "used": 2, "rejected": 0},
            {"file": "duplicate/arrests-2026-02.csv", "read": 2, "used": 1, "rejected": 1}
        ])
    );
}

#[test]
fn a_pattern_that_matches_nothing_is_wrong_usage_naming_it() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    for (args, error) in [
        (
            &["validate", "--arrests", "clean/arrests-2025-*.csv"][..],
            "error: --arrests \"clean/arrests-2025-*.csv\" matches no file",
        ),
        (
            &[
                "report",
                "clean/inspections.csv",
                "--arrests",
                "raids/arrests-*.csv",
            ],
            "error: --arrests \"raids/arrests-*.csv\" matches no file: raids does not exist",
        ),
        (
            &["report", "clean/prosecutions-*.json"],
            "error: \"clean/prosecutions-*.json\" matches no file",
        ),
        (
            &["validate", "--inspections", "clean/inspections[.csv"],
            "error: --inspections \"clean/inspections[.csv\": no such file, and not a pattern crackdown can expand: invalid range pattern at character 18",
        ),
        (
            &["validate", "--arrests", "cle*"],
            "error: --arrests \"cle*\" matches no file, only directories (clean): --arrests reads files",
        ),
    ] {
        let run = env.run(args);
        run.code(2).stdout_empty();
        assert_eq!(stderr_lines(&run), [error], "{args:?}");
    }
    // Beside files, a directory the pattern matches is named, not read.
    env.write("clean/arrests-old/arrests.csv", "");
    let run = env.run(&["validate", "--arrests", "clean/arrests-*", "-f", "json"]);
    run.code(0);
    assert_eq!(
        stderr_lines(&run),
        ["warning: clean/arrests-old is not read: it is a directory, and --arrests reads files"]
    );
    assert_eq!(kind_counts(&run.json()), [("arrests".to_owned(), 6, 6, 0)]);
}

#[test]
fn several_data_paths_are_each_read_as_the_kind_their_name_or_header_tells() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    std::fs::copy(env.path(MONTHS[1]), env.path("february.csv")).unwrap();
    for args in [
        &[
            "validate",
            "-f",
            "json",
            "clean/inspections.csv",
            MONTHS[0],
            "february.csv",
        ][..],
        // A pattern the shell left, expanded in name order.
        &[
            "validate",
            "-f",
            "json",
            "clean/arrests-2026-01.csv",
            "clean/insp*.csv",
            "february.csv",
        ],
    ] {
        let run = env.run(args);
        run.code(0);
        let json = run.json();
        assert_eq!(
            kind_counts(&json),
            [
                ("inspections".to_owned(), 3, 3, 0),
                ("arrests".to_owned(), 6, 6, 0)
            ],
            "{args:?}"
        );
        assert_eq!(json["dataset"]["name"], "records");
    }
    // A dataset directory is named alone.
    let run = env.run(&["validate", "clean", "february.csv"]);
    run.code(2).stdout_empty();
    assert_eq!(
        stderr_lines(&run),
        [
            "error: DATA names the directory clean and 1 other path: name one dataset directory, or record files"
        ]
    );
}

#[test]
fn one_kind_may_mix_formats_and_a_file_named_twice_is_read_once() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    std::fs::remove_file(env.path(MONTHS[1])).unwrap();
    env.write(
        "clean/Arrests 2026-02.ndjson",
        "{\"arrest_id\":\"A-04\",\"date\":\"2026-02-04\",\"khan\":\"Mean Chey\",\"nationality\":\"CN\",\"inspection_id\":\"I-03\"}\n\
         {\"arrest_id\":\"A-06\",\"date\":\"2026-02-09\",\"khan\":\"Tuol Kouk\",\"nationality\":\"CN\",\"inspection_id\":\"I-01\"}\n",
    );
    let json = env.run(&["report", "clean", "-f", "json"]).code(0).json();
    assert_eq!(
        files_per_kind(&json)[1],
        (
            "arrests".to_owned(),
            vec![
                ("clean/Arrests 2026-02.ndjson".to_owned(), 2),
                ("clean/arrests-2026-01.csv".to_owned(), 3)
            ]
        ),
        "name order: capitals before small letters, byte by byte"
    );
    assert_eq!(json["headline"]["detained"], 5);
    // The pattern and a path name January's file twice: it is read once, and said so.
    let run = env.run(&[
        "validate",
        "--arrests",
        "clean/*rrests*",
        "--arrests",
        "./clean/arrests-2026-01.csv",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(
        stderr_lines(&run),
        [
            "warning: clean/arrests-2026-01.csv and ./clean/arrests-2026-01.csv are the same file: it is read once"
        ]
    );
    assert_eq!(kind_counts(&run.json()), [("arrests".to_owned(), 5, 5, 0)]);
}

#[test]
fn standard_input_stays_one_input_among_files_of_its_kind() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    let february = env.read(MONTHS[1]);
    let run = env.run_with_stdin(
        &[
            "validate",
            "--arrests",
            MONTHS[0],
            "--arrests",
            "-",
            "-f",
            "json",
        ],
        &february,
    );
    run.code(0);
    assert_eq!(
        files_per_kind(&run.json()),
        [(
            "arrests".to_owned(),
            vec![(MONTHS[0].to_owned(), 3), ("<stdin>".to_owned(), 3)]
        )]
    );
    let run = env.run_with_stdin(&["validate", "--arrests", "-", "--arrests", "-"], &february);
    run.code(2).stdout_empty();
    assert_eq!(
        stderr_lines(&run),
        ["error: standard input (-) can be read only once"]
    );
}

#[test]
fn an_output_that_a_pattern_or_an_input_names_is_refused() {
    let env = TestEnv::new();
    fixture(&env, "clean");
    // The next run with the same pattern would read the output as arrests.
    for output in ["clean/arrests-summary.csv", "./clean/arrests-new.csv"] {
        let run = env.run(&[
            "report",
            "--arrests",
            "clean/arrests-*.csv",
            "-f",
            "csv",
            "-o",
            output,
        ]);
        run.code(2).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            [format!(
                "error: -o {output} matches --arrests \"clean/arrests-*.csv\": the next run would read it as records; name a file the pattern does not match"
            )]
        );
        assert!(!env.path(output).exists());
    }
    // One of several inputs of a kind.
    let run = env.run(&["report", "clean", "-f", "csv", "-o", MONTHS[1]]);
    run.code(2);
    assert_eq!(
        stderr_lines(&run),
        [format!(
            "error: -o {} is one of the 2 arrests inputs of this run: writing there would replace what is being read; name another file for -o",
            MONTHS[1]
        )]
    );
    // Outside what the pattern matches, the output is written.
    env.run(&[
        "report",
        "--arrests",
        "clean/arrests-*.csv",
        "-f",
        "csv",
        "-o",
        "summary.csv",
    ])
    .code(0);
    assert!(env.read("summary.csv").starts_with("code,"));
}

//! The edges of the command line, through the real binary: dates whose day and month could swap,
//! one record file as DATA, two files of one kind, standard input named twice, empty and
//! header-only files, bytes that are not UTF-8, text after a JSON array, published figures given
//! over the built-in dataset, coloured tables that stay aligned, a rejects file that cannot be
//! written, and a file that fails part-way through.

mod common;

use common::*;
use serde_json::Value;

fn counts(json: &Value, kind: &str) -> (u64, u64, u64) {
    kind_counts(json)
        .into_iter()
        .find(|c| c.0 == kind)
        .map(|(_, read, used, rejected)| (read, used, rejected))
        .unwrap_or_else(|| panic!("no counts for {kind} in {json}"))
}

/// The days of the per-date grouping with anyone detained, as (date, detained), and how many
/// days the grouping spans.
fn detained_per_day(json: &Value) -> (Vec<(String, u64)>, usize) {
    let dates = json["dates"]
        .as_array()
        .unwrap_or_else(|| panic!("no dates in {json}"));
    let busy = dates
        .iter()
        .filter(|d| d["detained"].as_u64().unwrap() > 0)
        .map(|d| {
            (
                d["period"].as_str().unwrap().to_owned(),
                d["detained"].as_u64().unwrap(),
            )
        })
        .collect();
    (busy, dates.len())
}

fn days(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(d, n)| (d.to_string(), *n)).collect()
}

/// The stderr of a run as its lines.
fn stderr_lines(run: &Run) -> Vec<&str> {
    run.stderr.lines().collect()
}

/// Arrests whose dates are written day first, three of them ambiguous (03/02, 04/02, 04/02) and
/// one that can only be day first (13/02).
fn day_first_arrests(env: &TestEnv, dir: &str) {
    env.write(
        &format!("{dir}/arrests.csv"),
        format!(
            "{ARRESTS_HEADER}\
A-1,03/02/2026,1204,CN,M,,,,\n\
A-2,04/02/2026,1204,VN,F,,,,\n\
A-3,04/02/2026,Sen Sok,VN,,,,,\n\
A-4,13/02/2026,Sen Sok,TH,M,,,,\n"
        ),
    );
}

#[test]
fn date_order_dmy_reads_day_first_dates_on_their_days_and_mdy_on_others() {
    let env = TestEnv::new();
    day_first_arrests(&env, "d");

    // Without the option the ambiguous dates are refused, with the order the column shows.
    let run = env.run(&["report", "d", "--by", "date", "-f", "json"]);
    run.code(3).stdout_empty().stderr_has(
        "d/arrests.csv: 3 rows in column date: a numeric date whose day and month could be swapped [ambiguous-date], lines 2–4; the column also holds 13/02/2026, so it looks day-first: add --date-order dmy",
    ).stderr_has("error: 3 problems found in the input; nothing was reported");
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    assert_eq!(counts(&json, "arrests"), (4, 1, 3));
    let ambiguous: Vec<(u64, String)> = problem_rows(&json)
        .into_iter()
        .map(|p| (p.line, p.code))
        .collect();
    assert_eq!(
        ambiguous,
        vec![
            (2, "ambiguous-date".to_owned()),
            (3, "ambiguous-date".to_owned()),
            (4, "ambiguous-date".to_owned())
        ]
    );

    // Day first: 3, 4, 4 and 13 February.
    let run = env.run(&[
        "report",
        "d",
        "--date-order",
        "dmy",
        "--by",
        "date",
        "-f",
        "json",
    ]);
    let json = run.code(0).json();
    assert_eq!(
        detained_per_day(&json),
        (
            days(&[("2026-02-03", 1), ("2026-02-04", 2), ("2026-02-13", 1)]),
            11
        )
    );
    assert_eq!(json["headline"]["first_date"], "2026-02-03");
    assert_eq!(json["headline"]["last_date"], "2026-02-13");
    assert_eq!(json["headline"]["detained"], 4);
    assert_eq!(counts(&json, "arrests"), (4, 4, 0));

    // Month first: 2 March and 2 April, and 13/02 is no day at all.
    env.run(&["validate", "d", "--date-order", "mdy"])
        .code(3)
        .stdout_has("d/arrests.csv:5: date \"13/02/2026\": no such day");
    let run = env.run(&[
        "report",
        "d",
        "--date-order",
        "mdy",
        "--lenient",
        "--by",
        "date",
        "-f",
        "json",
    ]);
    let json = run.code(0).json();
    assert_eq!(
        detained_per_day(&json),
        (days(&[("2026-03-02", 1), ("2026-04-02", 2)]), 32)
    );
    assert_eq!(json["headline"]["detained"], 3);
    assert_eq!(counts(&json, "arrests"), (4, 3, 1));
}

#[test]
fn one_record_file_as_data_is_read_alone_and_counted() {
    let env = TestEnv::new();
    env.write(
        "path/arrests.csv",
        format!(
            "{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,M,,,,\nA-2,2026-02-04,1204,CN,F,,,,\nA-3,2026-02-04,Sen Sok,VN,,,,,\n"
        ),
    );
    // A sibling that would be read if the directory were: it is not looked at.
    env.write("path/inspections.csv", "not,a,header\n");
    let json = env
        .run(&["report", "path/arrests.csv", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(
        json["dataset"]["files"],
        serde_json::json!(["path/arrests.csv"])
    );
    assert_eq!(json["dataset"]["name"], "arrests");
    assert_eq!(kind_counts(&json), vec![("arrests".to_owned(), 3, 3, 0)]);
    assert_eq!(
        json["loaded"],
        serde_json::json!({"inspections": false, "arrests": true, "prosecutions": false})
    );
    assert_eq!(json["headline"]["detained"], 3);
    assert_eq!(json["headline"]["detained_nationalities"], 2);
    assert_eq!(json["headline"]["women_detained"], 1);
    assert_eq!(json["headline"]["inspections"], Value::Null);
    env.run(&["report", "path/arrests.csv"])
        .code(0)
        .stdout_has("Records: arrests 3 read, 3 used, 0 rejected");

    // A file whose name says no kind is told by its header.
    env.write(
        "raids.ndjson",
        "{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"1204\",\"nationality\":\"CN\"}\n{\"arrest_id\":\"A-2\",\"date\":\"2026-02-03\",\"khan\":\"1204\",\"nationality\":\"PH\"}\n",
    );
    let json = env
        .run(&["validate", "raids.ndjson", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(kind_counts(&json), vec![("arrests".to_owned(), 2, 2, 0)]);
}

#[test]
fn the_same_records_in_two_formats_are_two_files_of_one_kind_and_their_ids_collide() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    // arrests.json repeats A-1 of arrests.csv: read as one table, the id is used twice.
    env.write(
        "d/arrests.json",
        "[{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"1204\",\"nationality\":\"CN\"}]\n",
    );
    for command in ["report", "validate", "figures"] {
        let mut args = vec![command, "d"];
        if command == "figures" {
            args.extend(["--out", "figs"]);
        }
        let duplicate = "d/arrests.json:1: arrest_id \"A-1\": duplicate arrest_id: already used on line 2 of d/arrests.csv";
        let run = env.run(&args);
        run.code(3);
        if command == "validate" {
            run.stdout_has(duplicate)
                .stdout_has("arrests: d/arrests.csv, d/arrests.json");
        } else {
            run.stdout_empty().stderr_has(duplicate);
        }
    }
    assert!(
        !env.path("figs").exists(),
        "no figures for a refused dataset"
    );
    // Naming one of them settles it, and the other is named in a warning.
    let run = env.run(&["validate", "d", "--arrests", "d/arrests.json", "-f", "json"]);
    run.code(0)
        .stderr_has("warning: d/arrests.csv is not read: --arrests names d/arrests.json instead");
    assert_eq!(counts(&run.json(), "arrests"), (1, 1, 0));
    assert_eq!(counts(&run.json(), "prosecutions"), (2, 2, 0));
}

#[test]
fn the_file_named_by_an_option_is_not_said_to_be_left_unread() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    env.write(
        "d/arrests.json",
        "[{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"1204\",\"nationality\":\"CN\"}]\n",
    );
    // However the path is written, the file named is the one read.
    for named in ["d/arrests.json", "./d/arrests.json", "d/../d/arrests.json"] {
        let run = env.run(&["validate", "d", "--arrests", named]);
        run.code(0);
        assert_eq!(
            stderr_lines(&run),
            vec![format!(
                "warning: d/arrests.csv is not read: --arrests names {named} instead"
            )]
        );
    }
    // The same for the directory's published figures.
    env.write(
        "d/published.json",
        r#"{"name": "d", "figures": [{"figure": "detained", "value": 3}]}"#,
    );
    env.write(
        "other.json",
        r#"{"name": "other", "figures": [{"figure": "detained", "value": 3}]}"#,
    );
    std::fs::remove_file(env.path("d/arrests.json")).unwrap();
    for named in ["d/published.json", "./d/published.json"] {
        let run = env.run(&["validate", "d", "--published", named]);
        run.code(0);
        assert_eq!(stderr_lines(&run), Vec::<&str>::new(), "{named}");
    }
    let run = env.run(&["validate", "d", "--published", "other.json"]);
    run.code(0);
    assert_eq!(
        stderr_lines(&run),
        vec!["warning: d/published.json is not read: --published names other.json instead"]
    );
}

#[test]
fn standard_input_named_twice_is_refused_before_anything_is_read() {
    let env = TestEnv::new();
    let csv = format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,,,,,\n");
    for args in [
        &["report", "--arrests", "-", "--inspections", "-"][..],
        &["validate", "--inspections", "-", "--prosecutions", "-"],
        &[
            "reconcile",
            "--arrests",
            "-",
            "--inspections",
            "-",
            "--prosecutions",
            "-",
        ],
        // DATA `-` holds arrests; another kind cannot come from it too.
        &["report", "-", "--inspections", "-"],
    ] {
        let run = env.run_with_stdin(args, &csv);
        run.code(2).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec!["error: standard input (-) can be read only once"],
            "{args:?}"
        );
    }
    // The kind standard input holds, named again.
    let run = env.run_with_stdin(&["report", "-", "--arrests", "-"], &csv);
    run.code(2).stdout_empty();
    assert_eq!(
        stderr_lines(&run),
        vec!["error: <stdin> holds arrests and --arrests names - too: name one"]
    );
}

#[test]
fn an_empty_csv_is_refused_and_a_header_only_csv_counts_nothing() {
    let env = TestEnv::new();
    env.write("e/arrests.csv", "");
    env.write("bom.csv", "\u{feff}");
    env.write("blank.csv", "\n\r\n");
    for (args, file) in [
        (
            &["report", "--arrests", "e/arrests.csv"][..],
            "e/arrests.csv",
        ),
        (&["report", "e/arrests.csv"], "e/arrests.csv"),
        (&["validate", "e"], "e/arrests.csv"),
        (&["validate", "--arrests", "bom.csv"], "bom.csv"),
        (&["validate", "--arrests", "blank.csv"], "blank.csv"),
    ] {
        let run = env.run(args);
        run.code(3).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec![format!(
                "error: {file}: the file is empty: expected a header row naming the arrests columns"
            )],
            "{args:?}"
        );
    }
    // Its name says no kind, and there is no header to tell it from.
    env.write("empty.csv", "");
    let run = env.run(&["report", "empty.csv"]);
    run.code(2).stdout_empty();
    assert_eq!(
        stderr_lines(&run),
        vec![
            "error: cannot tell what records empty.csv holds: it is empty; name the kind with --inspections empty.csv, --arrests empty.csv or --prosecutions empty.csv"
        ]
    );

    // A header and no rows: a file of no records, read as such.
    env.write("h/arrests.csv", ARRESTS_HEADER);
    let json = env.run(&["report", "h", "-f", "json"]).code(0).json();
    assert_eq!(kind_counts(&json), vec![("arrests".to_owned(), 0, 0, 0)]);
    assert_eq!(json["headline"]["detained"], 0);
    assert_eq!(json["headline"]["first_date"], Value::Null);
    assert_eq!(json["dates"], serde_json::json!([]));
    let run = env.run(&["validate", "h"]);
    run.code(0)
        .stdout_has("clean: no problems found")
        .stdout_has("│ arrests ┆    0 ┆    0 ┆        0 │");
    env.run(&["report", "--arrests", "h/arrests.csv"])
        .code(0)
        .stdout_has("Per date (no dated records)")
        .stdout_has("Records: arrests 0 read, 0 used, 0 rejected");
}

#[test]
fn bytes_that_are_not_utf8_are_a_problem_of_their_cell_with_file_and_line() {
    let env = TestEnv::new();
    let mut text = ARRESTS_HEADER.as_bytes().to_vec();
    text.extend_from_slice(b"A-1,2026-02-03,1204,CN,,,,,\n");
    text.extend_from_slice(b"A-2,2026-02-03,Tuol\xffKouk,CN,,,,,\n");
    text.extend_from_slice(b"A-3,2026-02-03,1204,CN,,,,,\"two\nlines\"\n");
    text.extend_from_slice(b"A-4,2026-02-03,1204,CN,,,,,caf\xe9\n");
    env.write("u/arrests.csv", text);

    let run = env.run(&["validate", "u"]);
    run.code(3)
        .stdout_has("u/arrests.csv:3: khan \"Tuol\u{fffd}Kouk\": not valid UTF-8 text (save the file as UTF-8)")
        .stdout_has("u/arrests.csv:6: notes \"caf\u{fffd}\": not valid UTF-8 text (save the file as UTF-8)");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    let json = env.run(&["validate", "u", "-f", "json"]).code(3).json();
    assert_eq!(counts(&json, "arrests"), (4, 2, 2));
    let found: Vec<(u64, String, String)> = problem_rows(&json)
        .into_iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "khan".to_owned(), "invalid-text".to_owned()),
            (6, "notes".to_owned(), "invalid-text".to_owned()),
        ]
    );
    assert_eq!(json["problems"][0]["file"], "u/arrests.csv");

    // Strict: nothing reported; lenient: the other rows are.
    let run = env.run(&["report", "u", "-f", "json"]);
    run.code(3)
        .stdout_empty()
        .stderr_has("u/arrests.csv:3: khan");
    let json = env
        .run(&["report", "u", "--lenient", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(json["headline"]["detained"], 2);
    assert_eq!(counts(&json, "arrests"), (4, 2, 2));
}

#[test]
fn text_after_a_json_array_is_refused_naming_the_file_and_line() {
    let env = TestEnv::new();
    let object = |id: &str| {
        format!(
            "{{\"arrest_id\": \"{id}\", \"date\": \"2026-02-03\", \"khan\": \"1204\", \"nationality\": \"CN\"}}"
        )
    };
    for (text, line) in [
        (format!("[{}, {}] garbage", object("A-1"), object("A-2")), 1),
        (format!("[{}, {}] []\n", object("A-1"), object("A-2")), 1),
        (
            format!("[{}, {}]\ngarbage\n", object("A-1"), object("A-2")),
            2,
        ),
        (format!("[{}]\n\n\n{{}}\n", object("A-1")), 4),
    ] {
        env.write("d/arrests.json", &text);
        for command in ["validate", "report"] {
            let run = env.run(&[command, "d"]);
            run.code(3).stdout_empty();
            assert_eq!(
                stderr_lines(&run),
                vec![format!(
                    "error: d/arrests.json:{line}: unexpected text after the closing ] of the JSON array"
                )],
                "{text}"
            );
        }
        env.run(&["report", "d", "--lenient"])
            .code(3)
            .stdout_empty();
    }
    // One element per line: refused too, naming the file.
    env.write(
        "d/arrests.json",
        format!("[\n  {},\n  {}\n] garbage\n", object("A-1"), object("A-2")),
    );
    env.run(&["report", "d"])
        .code(3)
        .stdout_empty()
        .stderr_has("error: d/arrests.json:");
}

#[test]
fn text_after_a_json_array_of_one_element_per_line_names_its_own_line() {
    let env = TestEnv::new();
    let object = |id: &str| {
        format!(
            "{{\"arrest_id\": \"{id}\", \"date\": \"2026-02-03\", \"khan\": \"1204\", \"nationality\": \"CN\"}}"
        )
    };
    for (text, line) in [
        (
            format!("[\n  {},\n  {}\n] garbage\n", object("A-1"), object("A-2")),
            4,
        ),
        (
            format!("[\n  {},\n  {}\n]\ngarbage\n", object("A-1"), object("A-2")),
            5,
        ),
    ] {
        env.write("d/arrests.json", &text);
        let run = env.run(&["validate", "d"]);
        run.code(3).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec![format!(
                "error: d/arrests.json:{line}: unexpected text after the closing ] of the JSON array"
            )],
            "{text}"
        );
    }
}

#[test]
fn published_figures_given_over_the_built_in_dataset_are_the_ones_checked() {
    let env = TestEnv::new();
    // A copy of the built-in dataset's published figures: every figure agrees.
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/phnom-penh-2026-02/published.json"
        ),
        env.path("copy.json"),
    )
    .unwrap();
    let run = env.run(&["reconcile", "--published", "copy.json"]);
    run.code(0)
        .stdout_has("all 14 published figures agree with the records")
        .stderr_has("note: using the built-in dataset phnom-penh-2026-02");
    let json = env
        .run(&["reconcile", "--published", "copy.json", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(json["agrees"], true);
    assert_eq!(json["figures"], 14);
    assert_eq!(json["differing"], 0);
    assert_eq!(json["dataset"]["builtin"], true);

    // Figures of its own: only they are checked, and the one that differs says by how much.
    env.write(
        "my.json",
        r#"{"name": "My figures", "figures": [{"figure": "detained", "value": 300}, {"figure": "cases", "value": 11}]}"#,
    );
    let run = env.run(&["reconcile", "--published", "my.json"]);
    run.code(1)
        .stdout_has("My figures")
        .stdout_has("1 of 2 published figures differ from the records");
    let json = env
        .run(&["reconcile", "--published", "my.json", "-f", "json"])
        .code(1)
        .json();
    assert_eq!(json["dataset"]["title"], "My figures");
    assert_eq!(
        (json["figures"].as_u64(), json["differing"].as_u64()),
        (Some(2), Some(1))
    );
    let lines: Vec<(String, u64, u64, i64, String)> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["figure"].as_str().unwrap().to_owned(),
                l["published"].as_u64().unwrap(),
                l["records"].as_u64().unwrap(),
                l["difference"].as_i64().unwrap(),
                l["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("detained".to_owned(), 300, 284, -16, "differs".to_owned()),
            ("cases".to_owned(), 11, 11, 0, "agrees".to_owned()),
        ]
    );
    // The report over the built-in dataset takes its title from them too.
    env.run(&["report", "--published", "my.json", "--by", "khan"])
        .code(0)
        .stdout_has("My figures");
}

#[test]
fn published_figures_that_do_not_exist_are_a_usage_error() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    for args in [
        &["reconcile", "--published", "missing.json"][..],
        &["reconcile", "d", "--published", "missing.json"],
        &["report", "--published", "missing.json"],
        &["validate", "d/arrests.csv", "--published", "missing.json"],
        &[
            "reconcile",
            "--arrests",
            "d/arrests.csv",
            "--published",
            "missing.json",
        ],
    ] {
        let run = env.run(args);
        run.code(2).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec!["error: missing.json does not exist"],
            "{args:?}"
        );
    }
}

/// One rule for every file an option names: not there, or a directory, is wrong usage (exit 2);
/// there but unreadable is an input failure (exit 4).
#[test]
fn an_input_not_there_or_a_directory_is_a_usage_error_and_an_unreadable_one_an_input_failure() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    std::fs::create_dir(env.path("empty")).unwrap();
    for flag in [
        "--inspections",
        "--arrests",
        "--prosecutions",
        "--statements",
        "--published",
        "--map-file",
    ] {
        let run = env.run(&["validate", "d", flag, "nowhere.csv"]);
        run.code(2)
            .stdout_empty()
            .stderr_has("nowhere.csv does not exist\n");
        let run = env.run(&["validate", "d", flag, "empty"]);
        run.code(2).stdout_empty().stderr_has(&format!(
            "error: {flag} empty is a directory, and {flag} names a file: name "
        ));
        // A file that is there and cannot be read: reading it fails with an I/O error.
        #[cfg(target_os = "linux")]
        env.run(&["validate", "d", flag, "/proc/self/mem"])
            .code(4)
            .stderr_has("cannot read /proc/self/mem");
    }
    env.run(&["report", "--arrests", "empty"]).stderr_has(
        "or give the directory as DATA to read all its record files (crackdown report empty)",
    );
    env.run(&["reconcile", "--published", "d"])
        .code(2)
        .stderr_has("name the file in it (--published d/published.json)");
    env.run(&["report", "nowhere"])
        .code(2)
        .stderr_has("error: nowhere does not exist");
}

#[test]
fn published_figures_are_read_from_standard_input() {
    let env = TestEnv::new();
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/phnom-penh-2026-02/published.json"
    ))
    .unwrap()
    // A figure the records do not give, so that the figures read are told from the built-in ones.
    .replace("\"value\": 2709", "\"value\": 2710");
    env.write("published.json", &published);
    let file = env.run(&["reconcile", "--published", "published.json", "-f", "json"]);
    file.code(1);
    let piped = env.run_with_stdin(&["reconcile", "--published", "-", "-f", "json"], &published);
    piped.code(1);
    assert_eq!(piped.json()["lines"], file.json()["lines"]);
    assert_eq!(piped.json()["differing"], 1);
    // Its problems are named as standard input's.
    env.run_with_stdin(&["reconcile", "--published", "-"], "{")
        .code(3)
        .stderr_has("<stdin>:");
    // Standard input cannot hold the records and the figures both.
    env.run_with_stdin(
        &["reconcile", "--arrests", "-", "--published", "-"],
        &published,
    )
    .code(2)
    .stderr_has("--published - and the records both name standard input (-)");
}

/// A published.json is one object of named keys, its dates YYYY-MM-DD, and reconcile needs at
/// least one figure: each mistake is said with what is expected, exit 3.
#[test]
fn published_figures_are_objects_of_named_keys_and_reconcile_needs_one() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    let cases = [
        (
            r#"["x", null, null, null, null, []]"#,
            "error: p.json: a published-figures file is one JSON object of named keys",
        ),
        (
            r#"{"name": "x", "figures": [["detained", null, null, 3, null]]}"#,
            r#"error: p.json: figures[0] must be a JSON object of named keys ({"figure": "detained", "value": 284}), not an array"#,
        ),
        (
            r#"{"name": "x", "period": ["2026-02-03", "2026-02-18"], "figures": [{"figure": "detained", "value": 3}]}"#,
            "error: p.json: period must be a JSON object of named keys",
        ),
        (
            r#"{"name": "x", "figures": [{"figure": "detained", "value": 3}], "breakdowns": [["detained", "nationality"]]}"#,
            "error: p.json: breakdowns[0] must be a JSON object of named keys",
        ),
        (
            r#"{"name": "x", "period": {"from": "2026-02-3x", "to": "2026-02-18"}, "figures": [{"figure": "detained", "value": 3}]}"#,
            r#"error: p.json: period.from "2026-02-3x" is not a date: expected YYYY-MM-DD, such as 2026-02-03"#,
        ),
        (
            r#"{"name": "x", "figures": []}"#,
            r#"error: p.json: no figures to reconcile: list each published figure under "figures", such as {"figure": "detained", "value": 284}"#,
        ),
    ];
    for (text, said) in cases {
        env.write("p.json", text);
        let run = env.run(&["reconcile", "d", "--published", "p.json"]);
        run.code(3).stdout_empty().stderr_has(said);
    }
    // Figures with no period, or a period with no figures, still check the records' dates.
    env.write(
        "p.json",
        r#"{"name": "x", "period": {"from": "2026-02-03", "to": "2026-02-03"}, "figures": []}"#,
    );
    env.run(&["validate", "d", "--published", "p.json", "-f", "json"])
        .code(3)
        .stdout_has("\"outside-period\"");
}

/// A file whose name says one JSON format and whose content is the other is refused for what it
/// is, once, not record by record as malformed.
#[test]
fn a_json_array_named_ndjson_and_ndjson_named_json_are_said_to_be_misnamed() {
    let env = TestEnv::new();
    let objects: Vec<String> = (1..=3)
        .map(|i| {
            format!(
                "  {{\n    \"arrest_id\": \"A-{i}\",\n    \"date\": \"2026-02-03\",\n    \"khan\": \"Toul Kork\",\n    \"nationality\": \"CN\"\n  }}"
            )
        })
        .collect();
    let array = format!("[\n{}\n]\n", objects.join(",\n"));
    env.write("arrests.ndjson", &array);
    env.write("arrests.jsonl", format!("\u{feff} \n\t{array}"));
    let said = "this is a JSON array ([{…}, {…}]), not one JSON object per line: name it .json or use --input-format json";
    for file in ["arrests.ndjson", "arrests.jsonl"] {
        let run = env.run(&["validate", file]);
        run.code(3).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec![format!("error: {file}: {said}")],
            "{file}"
        );
    }
    env.run_with_stdin(
        &["validate", "--arrests", "-", "--input-format", "ndjson"],
        &array,
    )
    .code(3)
    .stderr_has(said);
    // Read as what it is, every record is used.
    env.write("arrests.json", &array);
    let run = env.run(&["validate", "arrests.json", "-f", "json"]);
    run.code(0);
    assert_eq!(counts(&run.json(), "arrests"), (3, 3, 0));
    env.run(&[
        "validate",
        "--arrests",
        "arrests.ndjson",
        "--input-format",
        "json",
    ])
    .code(0);
    // The other way round: one object per line in a .json file.
    let lines: Vec<String> = (1..=3)
        .map(|i| format!("{{\"arrest_id\": \"A-{i}\", \"date\": \"2026-02-03\", \"khan\": \"Toul Kork\", \"nationality\": \"CN\"}}\n"))
        .collect();
    env.write("lines/arrests.json", lines.concat());
    env.run(&["validate", "lines/arrests.json"])
        .code(3)
        .stderr_has("(for one object per line, name the file .ndjson)");
}

/// Every box-drawn table of `text` (with its ANSI codes stripped) has lines of one display width.
#[track_caller]
fn assert_tables_aligned(text: &str, tables: usize) {
    let plain = strip_ansi(text);
    let found = box_tables(&plain);
    assert_eq!(found.len(), tables, "{plain}");
    for table in found {
        let width = display_width(table[0]);
        for line in &table {
            assert_eq!(
                display_width(line),
                width,
                "a line out of line:\n{line}\n{plain}"
            );
        }
    }
}

#[test]
fn coloured_tables_keep_their_alignment() {
    let env = TestEnv::new();
    env.write(
        "my.json",
        r#"{"name": "My figures", "figures": [{"figure": "detained", "value": 300}, {"figure": "cases", "value": 11}]}"#,
    );
    for (args, tables, code) in [
        (&["report"][..], 4, 0),
        (&["report", "--by", "khan,nationality"], 1, 0),
        (&["reconcile"], 1, 0),
        (&["reconcile", "--published", "my.json"], 1, 1),
        (&["validate"], 1, 0),
    ] {
        let coloured = env.run(&[args, &["--color", "always"]].concat());
        coloured.code(code);
        assert!(
            coloured.stdout.contains("\u{1b}[36m"),
            "{args:?}: {}",
            coloured.stdout
        );
        assert_tables_aligned(&coloured.stdout, tables);
        let plain = env.run(&[args, &["--color", "never"]].concat());
        plain.code(code);
        assert!(!plain.stdout.contains('\u{1b}'), "{args:?}");
        assert_tables_aligned(&plain.stdout, tables);
        // Colour adds codes and nothing else, but for the share bars that report draws with it.
        if args[0] == "reconcile" {
            assert_eq!(strip_ansi(&coloured.stdout), plain.stdout, "{args:?}");
        }
    }
    // A differing figure is red, an agreeing one green.
    let run = env.run(&["reconcile", "--published", "my.json", "--color", "always"]);
    assert!(
        run.stdout.contains("\u{1b}[31mdiffers\u{1b}[0m"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\u{1b}[32magrees\u{1b}[0m"),
        "{}",
        run.stdout
    );
}

#[test]
fn no_color_turns_colour_off_in_auto_mode() {
    let env = TestEnv::new();
    for command in ["report", "reconcile"] {
        let run = env.run_env(&[command, "--color", "auto"], &[("NO_COLOR", "1")]);
        run.code(0);
        assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
        assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    }
}

/// Runs crackdown in a pseudo-terminal 200 columns wide with `vars` set; returns what it wrote
/// to the terminal (stderr dropped), or `None` without `script`.
fn in_terminal(args: &[&str], vars: &[(&str, &str)]) -> Option<String> {
    common::in_terminal(args, Some(200), vars).map(|(stdout, _)| stdout)
}

#[test]
fn on_a_terminal_colour_is_on_unless_no_color_or_a_dumb_terminal_says_otherwise() {
    for command in ["report", "reconcile"] {
        let Some(coloured) = in_terminal(&[command, "--color", "auto"], &[]) else {
            return;
        };
        assert!(coloured.contains("\u{1b}[36m"), "{coloured}");
        assert_tables_aligned(&coloured, if command == "report" { 4 } else { 1 });
        for vars in [&[("NO_COLOR", "1")][..], &[("TERM", "dumb")]] {
            let plain = in_terminal(&[command, "--color", "auto"], vars).unwrap();
            assert!(!plain.contains('\u{1b}'), "{vars:?}: {plain}");
            assert!(
                plain.contains("agree") || plain.contains("21,104"),
                "{plain}"
            );
        }
    }
}

#[test]
fn a_rejects_file_that_cannot_be_written_fails_with_the_io_exit_code_and_writes_nothing() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,,,,,\nA-2,2026-02-03,Atlantis,CN,,,,,\n"),
    );
    env.write(
        "pub.json",
        r#"{"name": "d", "figures": [{"figure": "detained", "value": 1}]}"#,
    );
    std::fs::create_dir(env.path("rdir")).unwrap();
    let before = env.entries("");
    for (rejects, message) in [
        (
            "/nonexistent-dir/r.csv",
            "error: cannot write /nonexistent-dir/r.csv: ",
        ),
        ("rdir", "error: cannot write rdir: "),
    ] {
        for args in [
            &["report", "d", "--lenient", "--rejects", rejects][..],
            &[
                "report",
                "d",
                "--lenient",
                "--rejects",
                rejects,
                "-o",
                "out.txt",
            ],
            &["validate", "d", "--rejects", rejects],
            &[
                "validate",
                "d",
                "--lenient",
                "--rejects",
                rejects,
                "-f",
                "json",
            ],
            &[
                "reconcile",
                "d",
                "--lenient",
                "--rejects",
                rejects,
                "--published",
                "pub.json",
            ],
        ] {
            let run = env.run(args);
            run.code(4).stdout_empty();
            let lines = stderr_lines(&run);
            assert_eq!(lines.len(), 1, "{args:?}: {}", run.stderr);
            assert!(lines[0].starts_with(message), "{args:?}: {}", run.stderr);
            assert!(
                !run.stderr.contains(".crackdown-"),
                "{args:?}: the temporary file is named: {}",
                run.stderr
            );
            assert_eq!(env.entries(""), before, "{args:?}: nothing written");
            assert!(
                env.entries("rdir").is_empty(),
                "{args:?}: nothing left in rdir"
            );
        }
    }
}

/// 5,000 clean arrests, then a record whose quote is never closed, one line before the end.
fn arrests_failing_at_line_5002(env: &TestEnv) {
    let mut text = String::from(ARRESTS_HEADER);
    for i in 0..5000 {
        text.push_str(&format!("A-{i},2026-02-03,1204,CN,,,,,\n"));
    }
    text.push_str("A-x,2026-02-03,1204,CN,,,,,\"never closed\nA-y,2026-02-03,1204,CN,,,,,\n");
    env.write("big/arrests.csv", text);
}

#[test]
fn a_file_that_fails_part_way_leaves_no_partial_output() {
    let env = TestEnv::new();
    arrests_failing_at_line_5002(&env);
    let csv_error = "error: big/arrests.csv:5002: a quoted field opened on this line is never closed, so every line after it would be read into that field; close the quote (a quote inside a quoted field is written twice: \"\")";
    env.write(
        "pub.json",
        r#"{"name": "big", "figures": [{"figure": "detained", "value": 5000}]}"#,
    );
    // Rows from the first batches were handed over before the reader failed; still nothing is
    // reported from them.
    for args in [
        &["report", "big"][..],
        &["report", "big", "-f", "json"],
        &["report", "big", "--lenient", "-f", "csv"],
        &["validate", "big", "-f", "json"],
        &["reconcile", "big", "--published", "pub.json"],
        &["report", "big", "-o", "out.json", "-f", "json"],
    ] {
        let run = env.run(args);
        run.code(3).stdout_empty();
        assert_eq!(stderr_lines(&run), vec![csv_error], "{args:?}");
    }
    assert!(!env.path("out.json").exists(), "no half-written output");

    // The same in a JSON array of one element per line, with a comma missing near its end.
    let object = |id: String| {
        format!(
            "{{\"arrest_id\": \"{id}\", \"date\": \"2026-02-03\", \"khan\": \"1204\", \"nationality\": \"CN\"}}"
        )
    };
    let mut text = String::from("[\n");
    let objects: Vec<String> = (0..5000).map(|i| object(format!("A-{i}"))).collect();
    text.push_str(&objects.join(",\n"));
    text.push('\n');
    text.push_str(&object("A-x".into()));
    text.push_str("\n]\n");
    env.write("bigj/arrests.json", text);
    for args in [
        &["report", "bigj"][..],
        &["report", "bigj", "--lenient", "-f", "json"],
        &["validate", "bigj"],
    ] {
        let run = env.run(args);
        run.code(3).stdout_empty();
        assert_eq!(
            stderr_lines(&run),
            vec!["error: bigj/arrests.json:5002: unexpected '{': expected , or ] after an object"],
            "{args:?}"
        );
    }

    // A directory named as a file is wrong usage, said before anything is read.
    std::fs::create_dir(env.path("dir")).unwrap();
    let run = env.run(&["report", "--arrests", "dir/"]);
    run.code(2).stdout_empty();
    let lines = stderr_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("error: --arrests dir/ is a directory, and --arrests names a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_record_over_the_size_limit_is_refused_where_it_starts_on_one_thread_or_several() {
    let env = TestEnv::new();
    let rows = |prefix: &str| -> String {
        (0..3000)
            .map(|i| format!("{prefix}{i},2026-02-03,Tuol Kouk,CN,notes\n"))
            .collect()
    };
    let long = "x".repeat(5000);
    // A long field on line 3,002, after 3,000 rows: a file over the size cut into pieces.
    env.write(
        "arrests.csv",
        format!(
            "arrest_id,date,khan,nationality,notes\n{}B,2026-02-03,Tuol Kouk,CN,{long}\n{}",
            rows("A"),
            rows("C")
        ),
    );
    for threads in ["1", "2"] {
        env.run(&[
            "report",
            "--arrests",
            "arrests.csv",
            "--max-record-size",
            "4K",
            "--threads",
            threads,
            "--piece-bytes",
            "4096",
        ])
        .code(3)
        .stdout_empty()
        .stderr_has("arrests.csv:3002: the record starting on this line runs over 4 KiB")
        .stderr_has("--max-record-size");
    }
    // Raised, the same file reads.
    env.run(&[
        "report",
        "--arrests",
        "arrests.csv",
        "--max-record-size",
        "8K",
        "-f",
        "json",
    ])
    .code(0);

    // A quote that is never closed takes the rest of the file into one field: said as such.
    env.write(
        "stray.csv",
        format!(
            "arrest_id,date,khan,nationality,notes\nS,2026-02-03,Tuol Kouk,CN,\"oops\n{}",
            rows("D")
        ),
    );
    env.run(&[
        "report",
        "--arrests",
        "stray.csv",
        "--max-record-size",
        "4K",
    ])
    .code(3)
    .stderr_has("stray.csv:2: a quoted field opened on line 2 is not closed within 4 KiB");

    // NDJSON: a line; a JSON array: an element, named by the line where it starts.
    let object = |id: &str, notes: &str| {
        format!(
            r#"{{"arrest_id":"{id}","date":"2026-02-03","khan":"Tuol Kouk","nationality":"CN","notes":"{notes}"}}"#
        )
    };
    let ndjson: String = (0..3000)
        .map(|i| object(&format!("N{i}"), "n") + "\n")
        .chain([object("L", &long) + "\n"])
        .collect();
    env.write("arrests.ndjson", &ndjson);
    for threads in ["1", "2"] {
        env.run(&[
            "report",
            "--arrests",
            "arrests.ndjson",
            "--max-record-size",
            "4K",
            "--threads",
            threads,
            "--piece-bytes",
            "4096",
        ])
        .code(3)
        .stderr_has("arrests.ndjson:3001: this line runs over 4 KiB");
    }
    env.write(
        "arrests.json",
        format!(
            "[\n{},\n{{\n \"arrest_id\": \"L\",\n \"notes\": \"{long}\"\n}}\n]\n",
            object("J", "n")
        ),
    );
    env.run(&[
        "report",
        "--arrests",
        "arrests.json",
        "--max-record-size",
        "4K",
    ])
    .code(3)
    .stderr_has("arrests.json:3: the element of the array starting on this line runs over 4 KiB");

    // The size is checked as it is given.
    for bad in ["0", "4X", "K", "99999999999G"] {
        env.run(&["report", "--max-record-size", bad]).code(2);
    }
}

#[cfg(unix)]
#[test]
fn a_file_with_no_line_break_is_refused_before_it_fills_memory() {
    let env = TestEnv::new();
    env.run(&[
        "report",
        "--arrests",
        "/dev/zero",
        "--max-record-size",
        "64K",
    ])
    .code(3)
    .stderr_has("/dev/zero:1: the record starting on this line runs over 64 KiB");
}

#[test]
fn a_huge_value_is_shown_by_its_start_and_length_and_kept_whole_in_the_rejects() {
    let env = TestEnv::new();
    let long = "Chamkar Monn ".repeat(150);
    let long = long.trim_end();
    env.write(
        "arrests.csv",
        format!("arrest_id,date,khan,nationality\nA1,2026-02-03,{long},CN\nA2,2026-02-03,Chamkar Monn,CN\n"),
    );
    env.run(&[
        "validate",
        "--arrests",
        "arrests.csv",
        "--rejects",
        "rejects.csv",
    ])
    .code(3);
    let run = env.run(&["validate", "--arrests", "arrests.csv"]);
    run.code(3)
        .stdout_has(&format!("\"{}\"… (1,949 characters)", &long[..80]));
    assert!(
        run.stdout.lines().all(|l| l.chars().count() < 600),
        "{}",
        run.stdout
    );
    // The short misspelling gets its suggestion; the huge value is looked up no further.
    let json = env
        .run(&["validate", "--arrests", "arrests.csv", "-f", "json"])
        .code(3)
        .json();
    let reasons: Vec<String> = problem_rows(&json).into_iter().map(|p| p.reason).collect();
    assert!(!reasons[0].contains("did you mean"), "{}", reasons[0]);
    assert!(
        reasons[1].contains("did you mean Chamkar Mon"),
        "{}",
        reasons[1]
    );
    let rejects = env.read("rejects.csv");
    assert!(rejects.contains(long), "the value whole");
}

#[test]
fn unknown_columns_are_named_once_each_and_counted_past_the_first_ten() {
    let env = TestEnv::new();
    let extra: Vec<String> = (0..5000).map(|i| format!("c{i}")).collect();
    env.write(
        "arrests.csv",
        format!(
            "arrest_id,date,khan,nationality,zz,{},zz\nA1,2026-02-03,Tuol Kouk,CN{}\n",
            extra.join(","),
            ",".repeat(5002)
        ),
    );
    let run = env.run(&["report", "--arrests", "arrests.csv", "-f", "json"]);
    run.code(0);
    assert_eq!(
        run.stderr.matches("column \"zz\"").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .matches("is not one of the arrests columns")
            .count(),
        10
    );
    run.stderr_has("arrests.csv: 4,991 more columns are not among the arrests columns and are ignored (only the first 10 are named)");

    let keys: String = (0..20).map(|i| format!(",\"k{i}\":1")).collect();
    env.write(
        "arrests.ndjson",
        format!("{{\"arrest_id\":\"A1\",\"date\":\"2026-02-03\",\"khan\":\"Tuol Kouk\",\"nationality\":\"CN\"{keys}}}\n"),
    );
    let run = env.run(&["report", "--arrests", "arrests.ndjson", "-f", "json"]);
    run.code(0);
    assert_eq!(
        run.stderr
            .matches("is not one of the arrests columns")
            .count(),
        10
    );
    run.stderr_has("more keys are not among the arrests columns");
}

#[test]
fn one_row_left_over_by_top_is_shown_as_itself() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        "arrest_id,date,khan,nationality\nA1,2026-02-03,Tuol Kouk,CN\nA2,2026-02-03,Tuol Kouk,CN\nA3,2026-02-03,Tuol Kouk,VN\nA4,2026-02-03,Tuol Kouk,ID\n",
    );
    let json = env
        .run(&[
            "report",
            "--arrests",
            "arrests.csv",
            "--by",
            "nationality",
            "--top",
            "2",
            "-f",
            "json",
        ])
        .code(0)
        .json();
    let names: Vec<&str> = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with("other (1 ")),
        "{names:?}"
    );
    assert_eq!(names.len(), 3, "{names:?}");
    let json = env
        .run(&[
            "report",
            "--arrests",
            "arrests.csv",
            "--by",
            "nationality",
            "--top",
            "1",
            "-f",
            "json",
        ])
        .code(0)
        .json();
    assert!(
        json["nationalities"][1]["name"]
            .as_str()
            .unwrap()
            .starts_with("other (2 ")
    );
}

#[test]
fn a_span_of_decades_by_day_gets_a_note_and_look_alike_letters_are_named() {
    let env = TestEnv::new();
    env.write(
        "span.csv",
        "arrest_id,date,khan,nationality\nA1,1900-01-01,Tuol Kouk,CN\nA2,2100-12-31,Tuol Kouk,CN\n",
    );
    env.run(&["report", "--arrests", "span.csv", "-f", "json"])
        .code(0)
        .stderr_has("note: the records' dates run from 1900-01-01 to 2100-12-31, 73,414 days: --interval month");
    let run = env.run(&[
        "report",
        "--arrests",
        "span.csv",
        "--interval",
        "month",
        "-f",
        "json",
    ]);
    assert!(
        !run.code(0).stderr.contains("note: the records' dates"),
        "{}",
        run.stderr
    );

    // A Cyrillic "о" in a Latin name: the suggestion would look the same, so the letter is named.
    env.write(
        "cy.csv",
        "arrest_id,date,khan,nationality\nA1,2026-02-03,Tu\u{43e}l Kouk,CN\nA2,2026-02-03,Tuol Kouk,Chin\u{435}se\n",
    );
    env.run(&["validate", "--arrests", "cy.csv"])
        .code(3)
        .stdout_has("did you mean Tuol Kouk (1204)? (character 3 of the value, U+043E, is a Cyrillic letter that looks like a Latin one: retype it)")
        .stdout_has("(character 5 of the value, U+0435, is a Cyrillic letter");
}

//! `crackdown report` and `crackdown reconcile` through the binary: every format, filters,
//! ordering, the JSON schema, closed pipes, strict and lenient runs.

mod common;

use common::*;
use serde_json::Value;

#[track_caller]
fn assert_valid(json: &Value) {
    assert_schema("report.schema.json", json);
}

#[test]
fn the_built_in_report_reads_the_published_headline() {
    let env = TestEnv::new();
    let run = env.run(&["report"]);
    run.code(0).stderr_has("built-in dataset").stdout_has(
        "Note: only the headline figures and the defendants per nationality are published",
    );
    for (label, value) in [
        ("premises inspected", "2,709"),
        ("Khans covered", "14"),
        ("foreign nationals identified", "21,104"),
        ("women identified", "6,683"),
        ("scam operations", "40"),
        ("detained", "284"),
        ("nationalities among the detained", "13"),
        ("court cases", "11"),
        ("defendants", "24"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} line"));
        assert!(line.contains(value), "{line}");
    }
    let json = env.run(&["report", "--format", "json"]).code(0).json();
    let h = &json["headline"];
    assert_eq!(
        [
            &h["inspections"],
            &h["khans_covered"],
            &h["foreigners_identified"],
            &h["women_identified"],
            &h["operations"]
        ],
        [2709, 14, 21104, 6683, 40]
    );
    assert_eq!(
        [
            &h["detained"],
            &h["detained_nationalities"],
            &h["cases"],
            &h["defendants"]
        ],
        [284, 13, 11, 24]
    );
    assert_eq!(json["dataset"]["illustrative"], true);
    assert_valid(&json);
}

#[test]
fn the_small_fixture_in_every_format() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    for (name, args) in [
        ("small_table", vec!["report", "data"]),
        ("small_json", vec!["report", "data", "-f", "json"]),
        ("small_markdown", vec!["report", "data", "-f", "markdown"]),
        ("small_csv_khan", vec!["report", "data", "-f", "csv"]),
        (
            "small_ndjson_nationality",
            vec!["report", "data", "-f", "ndjson", "--by", "nationality"],
        ),
        (
            "small_table_premises",
            vec!["report", "data", "--by", "premises"],
        ),
        (
            "small_table_operation",
            vec!["report", "data", "--by", "operation"],
        ),
        ("small_table_case", vec!["report", "data", "--by", "case"]),
        (
            "small_csv_crosstab",
            vec!["report", "data", "--by", "khan,nationality", "-f", "csv"],
        ),
    ] {
        let run = env.run(&args);
        run.code(0);
        insta::assert_snapshot!(name, run.stdout);
    }
}

#[test]
fn the_built_in_data_in_every_format() {
    let env = TestEnv::new();
    for (name, args) in [
        ("builtin_table", vec!["report"]),
        ("builtin_json", vec!["report", "-f", "json"]),
        ("builtin_markdown", vec!["report", "-f", "markdown"]),
        (
            "builtin_csv_nationality",
            vec!["report", "-f", "csv", "--by", "nationality"],
        ),
        (
            "builtin_ndjson_week",
            vec![
                "report",
                "-f",
                "ndjson",
                "--by",
                "date",
                "--interval",
                "week",
            ],
        ),
    ] {
        let run = env.run(&args);
        run.code(0);
        insta::assert_snapshot!(name, run.stdout);
    }
}

#[test]
fn identical_input_gives_identical_bytes() {
    let env = TestEnv::new();
    for format in ["table", "json", "ndjson", "csv", "markdown"] {
        let a = env.run(&["report", "-f", format]).stdout;
        let b = env.run(&["report", "-f", format]).stdout;
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn every_json_shape_matches_the_schema() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    for by in [
        "khan",
        "nationality",
        "date",
        "premises",
        "operation",
        "case",
        "khan,nationality",
    ] {
        let json = env
            .run(&["report", "-f", "json", "--by", by])
            .code(0)
            .json();
        assert_valid(&json);
        assert_eq!(json["by"], by);
        let json = env
            .run(&[
                "report", "data", "-f", "json", "--by", by, "--top", "1", "--sort", "count",
            ])
            .code(0)
            .json();
        assert_valid(&json);
    }
    let json = env
        .run(&["report", "data", "-f", "json", "--interval", "month"])
        .code(0)
        .json();
    assert_valid(&json);
    assert_eq!(json["dates"][0]["period"], "2026-02");
    // A dataset with no dated records still makes a valid document.
    env.write("empty/arrests.csv", ARRESTS_HEADER);
    let json = env.run(&["report", "empty", "-f", "json"]).code(0).json();
    assert_valid(&json);
    assert_eq!(json["headline"]["detained"], 0);
    assert_eq!(json["totals"]["dates"], Value::Null);
}

#[test]
fn filters_narrow_the_records_and_are_stated() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let json = env
        .run(&["report", "data", "-f", "json", "--khan", "ទួលគោក"])
        .code(0)
        .json();
    assert_eq!(json["headline"]["inspections"], 1);
    assert_eq!(json["headline"]["detained"], 2);
    assert_eq!(
        json["headline"]["defendants"], 1,
        "only the defendant whose arrest was in Tuol Kouk"
    );
    assert_eq!(json["filters"]["khans"][0]["code"], "1204");
    assert_eq!(json["khans"].as_array().unwrap().len(), 1);
    let counts = &json["counts"][0];
    assert_eq!(
        (counts["used"].as_u64(), counts["filtered_out"].as_u64()),
        (Some(3), Some(2))
    );

    let json = env
        .run(&[
            "report",
            "data",
            "-f",
            "json",
            "--nationality",
            "Vietnamese",
        ])
        .code(0)
        .json();
    assert_eq!(json["headline"]["detained"], 2);
    assert_eq!(
        json["headline"]["inspections"], 3,
        "inspections carry no nationality"
    );
    assert_eq!(json["headline"]["defendants"], 0);

    let json = env
        .run(&[
            "report",
            "data",
            "-f",
            "json",
            "--from",
            "4 Feb 2026",
            "--to",
            "2026-02-04",
        ])
        .code(0)
        .json();
    assert_eq!(json["headline"]["inspections"], 1);
    assert_eq!(json["headline"]["detained"], 1);
    assert_eq!(json["filters"]["from"], "2026-02-04");

    env.run(&[
        "report",
        "data",
        "--khan",
        "Toul Kork",
        "--nationality",
        "CN",
    ])
    .code(0)
    .stdout_has("Filters: Khan Tuol Kouk; nationality China");
    env.run(&["report", "data", "--khan", "Tuol Kok Kok"])
        .code(2)
        .stderr_has("did you mean Tuol Kouk (1204)?");
    env.run(&["report", "data", "--nationality", "Korean"])
        .code(2)
        .stderr_has("ambiguous");
    env.run(&[
        "report",
        "data",
        "--from",
        "2026-02-05",
        "--to",
        "2026-02-04",
    ])
    .code(2)
    .stderr_has("is after --to");
}

#[test]
fn sort_by_count_and_top_fold_the_rest_into_other_so_totals_still_add_up() {
    let env = TestEnv::new();
    let json = env
        .run(&["report", "-f", "json", "--sort", "count", "--top", "3"])
        .code(0)
        .json();
    let khans = json["khans"].as_array().unwrap();
    assert_eq!(khans.len(), 4);
    let detained: Vec<u64> = khans
        .iter()
        .map(|k| k["detained"].as_u64().unwrap())
        .collect();
    assert!(
        detained[0] >= detained[1] && detained[1] >= detained[2],
        "{detained:?}"
    );
    assert_eq!(khans[3]["code"], Value::Null);
    assert_eq!(khans[3]["name"], "other (11 Khans)");
    assert_eq!(detained.iter().sum::<u64>(), 284);
    let nationalities = json["nationalities"].as_array().unwrap();
    assert_eq!(nationalities.len(), 4);
    assert_eq!(
        nationalities
            .iter()
            .map(|n| n["detained"].as_u64().unwrap())
            .sum::<u64>(),
        284
    );
    let shares: f64 = nationalities
        .iter()
        .map(|n| n["detained_share_pct"].as_f64().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 0.05, "{shares}");
    // Dates are never folded.
    assert_eq!(json["dates"].as_array().unwrap().len(), 16);
    env.run(&["report", "--by", "nationality", "--top", "2"])
        .code(0)
        .stdout_has("other (12 nationalities)");
    env.run(&["report", "--top", "0"]).code(2);
}

#[test]
fn the_cross_tab_adds_up_by_row_and_column() {
    let env = TestEnv::new();
    let json = env
        .run(&["report", "-f", "json", "--by", "khan,nationality"])
        .code(0)
        .json();
    let x = &json["crosstab"];
    let rows = x["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 14);
    for row in rows {
        let sum: u64 = row["detained"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(sum, row["total"].as_u64().unwrap());
    }
    assert_eq!(x["total"], 284);
    assert_eq!(x["nationalities"].as_array().unwrap().len(), 13);
    let folded = env
        .run(&[
            "report",
            "-f",
            "json",
            "--by",
            "khan,nationality",
            "--top",
            "3",
            "--sort",
            "count",
        ])
        .code(0)
        .json();
    let rows = folded["crosstab"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3]["khan_code"], Value::Null);
    assert_eq!(rows[3]["khan_name"], "other (11 Khans)");
    let totals: u64 = rows.iter().map(|r| r["total"].as_u64().unwrap()).sum();
    assert_eq!(totals, 284);
    // With a Khan filter, "other" folds only the Khans asked for.
    let json = env
        .run(&[
            "report", "-f", "json", "--khan", "1201", "--khan", "1202", "--khan", "1204", "--top",
            "1",
        ])
        .code(0)
        .json();
    assert_eq!(json["khans"][1]["name"], "other (2 Khans)");
    let csv = env
        .run(&["report", "-f", "csv", "--by", "khan,nationality"])
        .code(0)
        .stdout
        .clone();
    assert!(csv.starts_with("khan_code,khan_name,VN,CN,"), "{csv}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let env = TestEnv::new();
    // `| head -c 1` and `| head -n 1`: the reader takes what it wants and closes the pipe.
    for args in [
        ["report", "--format", "json"],
        ["report", "--format", "table"],
        ["report", "--format", "markdown"],
    ] {
        let mut child = env
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("error"), "{stderr}");
    }
}

#[test]
fn strict_runs_print_nothing_on_stdout_when_a_record_has_a_problem() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,Atlantis,CN,,,,,\n"),
    );
    let run = env.run(&["report", "data", "-o", "report.txt"]);
    run.code(3)
        .stdout_empty()
        .stderr_has("data/arrests.csv:2: khan \"Atlantis\": not a Khan of Phnom Penh")
        .stderr_has("error: 2 problems found");
    assert!(
        !env.path("report.txt").exists(),
        "nothing is written half-done"
    );
}

#[test]
fn lenient_runs_report_what_is_left_and_count_what_was_not() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!(
            "{ARRESTS_HEADER}A-1,2026-02-03,Toul Kork,CN,,,,,\nA-2,2026-02-03,Atlantis,CN,,,,,\n"
        ),
    );
    let run = env.run(&["report", "data", "--lenient", "-f", "json"]);
    run.code(0)
        .stderr_has("data/arrests.csv:3: khan \"Atlantis\"")
        .stderr_has("left out (--lenient)");
    let json = run.json();
    let arrests = json["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "arrests")
        .unwrap()
        .clone();
    assert_eq!(
        (
            arrests["read"].as_u64(),
            arrests["used"].as_u64(),
            arrests["rejected"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(json["headline"]["detained"], 1);
    let run = env.run(&["report", "data", "--lenient", "--rejects", "rejects.csv"]);
    run.code(0);
    assert!(!run.stderr.contains("rejected: "), "{}", run.stderr);
    assert!(
        env.read("rejects.csv")
            .contains("data/arrests.csv,3,khan,Atlantis,")
    );
}

#[test]
fn csv_cells_that_spreadsheets_would_run_are_neutralised_and_markdown_is_escaped() {
    let env = TestEnv::new();
    env.write(
        "d/inspections.csv",
        format!("{INSPECTIONS_HEADER}I-1,2026-02-03,1201,hotel,,3,1,=HYPERLINK(\"x\"),,\nI-2,2026-02-03,1201,hotel,,3,1,a|b <b>*x*</b>,,\n"),
    );
    let csv = env
        .run(&["report", "d", "-f", "csv", "--by", "operation"])
        .code(0)
        .stdout
        .clone();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    let md = env
        .run(&["report", "d", "-f", "markdown", "--by", "operation"])
        .code(0)
        .stdout
        .clone();
    assert!(md.contains("a\\|b &lt;b&gt;\\*x\\*&lt;/b&gt;"), "{md}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = TestEnv::new();
    assert!(!env.run(&["report"]).stdout.contains('\x1b'));
    let coloured = env.run(&["report", "--color", "always"]);
    assert!(coloured.stdout.contains('\x1b'));
    assert!(
        coloured.stdout.contains("██"),
        "a bar for each share where colour and Unicode are on"
    );
    let plain = env
        .command(&["report", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let ascii = env
        .command(&["report"])
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let ascii = String::from_utf8_lossy(&ascii.stdout);
    assert!(
        ascii
            .lines()
            .filter(|l| l.starts_with('+') || l.starts_with('|'))
            .count()
            > 10,
        "{ascii}"
    );
    assert!(
        !ascii.contains('│'),
        "plain ASCII tables where the locale is not UTF-8"
    );
}

#[test]
fn reconcile_agrees_on_the_built_in_data_and_differs_once_a_record_is_removed() {
    let env = TestEnv::new();
    env.run(&["reconcile"])
        .code(0)
        .stdout_has("all 14 published figures agree");
    let json = env.run(&["reconcile", "-f", "json"]).code(0).json();
    assert_eq!(json["agrees"], true);
    assert_eq!(json["lines"].as_array().unwrap().len(), 14);

    env.builtin_copy("copy");
    env.run(&["reconcile", "copy"]).code(0);
    let arrests = env.read("copy/arrests.csv");
    let mut lines: Vec<&str> = arrests.lines().collect();
    lines.retain(|l| !l.starts_with("ARR-284,"));
    env.write("copy/arrests.csv", lines.join("\n") + "\n");
    let run = env.run(&["reconcile", "copy", "-f", "json"]);
    let json = run.code(1).json();
    let detained = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["figure"] == "detained" && l["nationality"].is_null())
        .unwrap();
    assert_eq!(
        (
            detained["published"].as_u64(),
            detained["records"].as_u64(),
            detained["difference"].as_i64()
        ),
        (Some(284), Some(283), Some(-1))
    );
    assert_eq!(detained["status"], "differs");
    env.run(&["reconcile", "copy"])
        .code(1)
        .stdout_has("differs")
        .stdout_has("published figures differ");
}

#[test]
fn reconcile_needs_published_figures_it_understands() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.run(&["reconcile", "data"])
        .code(2)
        .stderr_has("no published figures");
    env.write("pub.json", r#"{"name": "mine", "figures": [{"figure": "detained", "value": 3}, {"figure": "defendants", "nationality": "Chinese", "value": 1}, {"figure": "inspections", "khan": "Toul Kork", "value": 1}]}"#);
    env.run(&["reconcile", "data", "--published", "pub.json"])
        .code(0)
        .stdout_has("defendants, CN China")
        .stdout_has("premises inspected, Tuol Kouk (1204)");
    env.write(
        "bad.json",
        r#"{"name": "mine", "figures": [{"figure": "arrests", "value": 3}]}"#,
    );
    env.run(&["reconcile", "data", "--published", "bad.json"])
        .code(3)
        .stderr_has("bad.json: unknown figure \"arrests\"");
    // A misspelt key must not turn into a pass: "nationalty" would have made this total detained.
    env.write(
        "data/published.json",
        r#"{"name": "mine", "figures": [{"figure": "detained", "nationalty": "CN", "value": 3}]}"#,
    );
    env.run(&["reconcile", "data"])
        .code(3)
        .stderr_has("data/published.json")
        .stderr_has("unknown field `nationalty`");
    env.write(
        "data/published.json",
        r#"{"name": "mine", "records": "Illustrative", "figures": []}"#,
    );
    env.run(&["reconcile", "data"])
        .code(3)
        .stderr_has("unknown variant `Illustrative`");
}

/// The report's JSON is written a key and a row at a time; it is byte for byte the document
/// its one value would print, for the whole report, for each grouping, and with kinds of record
/// not loaded (their measures `null`).
#[test]
fn the_json_written_row_by_row_is_the_document_of_one_value() {
    use crackdown::render::Document;
    use crackdown::render::report::By;
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!(
            "{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,M,OP-1,,,\nA-2,2026-02-04,1201,,,OP-2,,,\n"
        ),
    );
    let only_arrests = crackdown::load::Selection {
        data: vec![env.path("d")],
        ..Default::default()
    };
    for selection in [crackdown::load::Selection::default(), only_arrests] {
        for by in std::iter::once(None).chain(By::ALL.map(Some)) {
            let report = report(&selection, by);
            let reference = crackdown::render::json_document(&report.to_json());
            let written = String::from_utf8(report.json()).unwrap();
            let reference = String::from_utf8(reference).unwrap();
            if written != reference {
                let first = written
                    .lines()
                    .zip(reference.lines())
                    .position(|(a, b)| a != b);
                panic!(
                    "{by:?}: the written document differs from its value at line {first:?}: {:?} vs {:?}",
                    first.map(|i| written.lines().nth(i)),
                    first.map(|i| reference.lines().nth(i))
                );
            }
        }
    }
}

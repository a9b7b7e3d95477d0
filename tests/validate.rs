//! Reading records: every format, standard input, every kind of problem with its line, column
//! and exit code, lenient runs and the rejects file.

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

/// The problems of a `validate --format json` run as (line, column, value, reason) tuples.
fn problems(json: &Value) -> Vec<(u64, String, String, String)> {
    problem_rows(json)
        .into_iter()
        .map(|p| (p.line, p.column, p.value, p.reason))
        .collect()
}

#[test]
fn a_clean_csv_dataset_validates_with_exit_0() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let run = env.run(&["validate", "data"]);
    run.code(0)
        .stdout_has("clean: no problems found")
        .stdout_has("inspections");
    let json = env.run(&["validate", "data", "--format", "json"]).json();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["clean"], true);
    assert_eq!(json["dataset"]["name"], "data");
    assert_eq!(counts(&json, "inspections"), (3, 3, 0));
    assert_eq!(counts(&json, "arrests"), (3, 3, 0));
    assert_eq!(counts(&json, "prosecutions"), (2, 2, 0));
}

#[test]
fn json_arrays_and_ndjson_read_like_csv() {
    let env = TestEnv::new();
    env.write(
        "j/arrests.json",
        r#"[
  {"arrest_id": "A-1", "date": "2026-02-03", "khan": "Sen Sok", "nationality": "CN", "sex": "F"},
  {"arrest_id": 2, "date": "2026-02-03T22:00:00+07:00", "khan": "ខណ្ឌ សែនសុខ",
   "nationality": "Burmese", "sex": null, "operation_id": null}
]"#,
    );
    env.write(
        "n/arrests.jsonl",
        "{\"arrest_id\":\"A-1\",\"date\":\"3 Feb 2026\",\"khan\":\"1208\",\"nationality\":\"South Korean\"}\n\n\
         {\"arrest_id\":\"A-2\",\"date\":\"2026-02-03\",\"khan\":\"KH1208\",\"nationality\":\"LK\"}\n",
    );
    for dir in ["j", "n"] {
        let json = env.run(&["validate", dir, "-f", "json"]).code(0).json();
        assert_eq!(counts(&json, "arrests"), (2, 2, 0), "{dir}");
    }
}

#[test]
fn standard_input_is_recognised_from_its_first_bytes() {
    let env = TestEnv::new();
    let csv = format!("{ARRESTS_HEADER}A-1,2026-02-03,Sen Sok,CN,,,,,\n");
    let ndjson = "{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"Sen Sok\",\"nationality\":\"CN\"}\n";
    let json = "\n  [{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"Sen Sok\",\"nationality\":\"CN\"}]";
    for input in [csv.as_str(), ndjson, json] {
        let run = env.run_with_stdin(&["validate", "--arrests", "-", "-f", "json"], input);
        run.code(0);
        assert_eq!(counts(&run.json(), "arrests"), (1, 1, 0), "{input}");
        assert_eq!(run.json()["dataset"]["files"][0], "<stdin>");
    }
}

#[test]
fn input_format_overrides_the_extension() {
    let env = TestEnv::new();
    env.write("raids.txt", "{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"Dangkor\",\"nationality\":\"PH\"}\n");
    env.run(&[
        "validate",
        "--arrests",
        "raids.txt",
        "--input-format",
        "ndjson",
    ])
    .code(0);
    // Without it, the first byte says NDJSON too; as CSV it lacks every column.
    env.run(&[
        "validate",
        "--arrests",
        "raids.txt",
        "--input-format",
        "csv",
    ])
    .code(3)
    .stderr_has("missing required columns arrest_id, date, khan, nationality");
}

#[test]
fn csv_with_bom_crlf_quoted_newlines_and_trailing_blank_lines_keeps_physical_line_numbers() {
    let env = TestEnv::new();
    let text = "\u{feff}inspection_id,date,khan,premises_type,foreigners_identified,women_identified,notes\r\n\
                I-1,2026-02-03,Chamkar Mon,hotel,10,2,\"a note, with a comma\r\nand a second line\"\r\n\
                \r\n\
                I-2,2026-02-03,Chamkarmon,apartment,3,\"4\",\"said \"\"four\"\"\"\r\n\
                \r\n\r\n";
    env.write("d/inspections.csv", text);
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let json = run.json();
    assert_eq!(counts(&json, "inspections"), (2, 1, 1));
    let found = problems(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 5, "I-2 starts on physical line 5");
    assert_eq!(found[0].1, "women_identified");
    assert_eq!(found[0].2, "4");
    assert!(
        found[0].3.contains("more than foreigners_identified (3)"),
        "{}",
        found[0].3
    );
}

#[test]
fn line_numbers_hold_for_lf_crlf_and_lone_cr_line_ends() {
    let env = TestEnv::new();
    for end in ["\n", "\r\n", "\r"] {
        let rows = [
            "arrest_id,date,khan,nationality,notes",
            "A-1,2026-02-03,1201,CN,\"two\u{1}lines\"",
            "",
            "A-2,2026-02-03,Atlantis,CN,",
        ];
        let text = rows.join(end).replace('\u{1}', end) + end;
        env.write("d/arrests.csv", text);
        let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
        let found = problems(&json);
        assert_eq!(found.len(), 1, "{end:?}: {found:?}");
        assert_eq!(found[0].0, 5, "{end:?}: A-2 is on line 5");
        assert_eq!(counts(&json, "arrests"), (2, 1, 1), "{end:?}");
    }
}

#[test]
fn a_quote_left_open_is_an_error_not_a_swallowed_file() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        "arrest_id,date,khan,nationality,notes\nA1,2026-02-05,BKK,VN,ok\nA2,2026-02-05,BKK,VN,\"unterminated note\nA3,2026-02-05,BKK,VN,x\n",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stdout_empty()
        .stderr_has("d/arrests.csv:3: a quoted field opened on this line is never closed");
    env.run(&["report", "d", "--lenient"])
        .code(3)
        .stdout_empty();
}

#[test]
fn each_kind_of_problem_names_its_line_column_value_and_reason() {
    let env = TestEnv::new();
    env.write(
        "d/published.json",
        r#"{"name": "test", "period": {"from": "2026-02-03", "to": "2026-02-18"}, "figures": []}"#,
    );
    env.write(
        "d/inspections.csv",
        format!(
            "{INSPECTIONS_HEADER}\
I-1,2026-02-03,Tuol Kok Kok,hotel,,10,2,,,\n\
I-2,03/02/2026,Sen Sok,villa,,-1,2.5,,,\n\
I-3,2026-02-03,Sen Sok,hotel,,ten,99999999999,,,\n\
I-1,2026-03-01,Sen Sok,hotel,,5,6,,,\n\
,2026-02-04,Sen Sok,hotel,,5,1,,,\n\
I-6,2026-02-05,Meanchey,borey,,1,1,,,\n"
        ),
    );
    env.write(
        "d/arrests.csv",
        format!(
            "{ARRESTS_HEADER}\
A-1,2026-02-05,Meanchey,Korean,x,,I-6,,\n\
A-2,2026-02-05,Meanchey,Chinesse,,,I-9,,\n\
A-3,2026-02-05,Meanchey,VN,,,I-2,,\n\
A-4,2026-02-05,Meanchey,Filipino,,,I-6,,\n"
        ),
    );
    env.write(
        "d/prosecutions.csv",
        format!(
            "{PROSECUTIONS_HEADER}\
C-1,D-1,A-4,CN,ringleader,2026-02-06,filed,,,\n\
C-1,D-2,A-7,CN,boss,2026-02-06,filed,,,\n\
C-1,D-3,A-4,PH,ringleader,2026-02-01,done,,,\n\
C-1,D-3,,PH,ringleader,2026-02-06,filed,,,\n"
        ),
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let json = run.json();
    let found = problems(&json);
    let has = |line: u64, column: &str, value: &str, reason: &str| {
        assert!(
            found
                .iter()
                .any(|p| p.0 == line && p.1 == column && p.2 == value && p.3.contains(reason)),
            "no problem at line {line}, {column} {value:?} containing {reason:?} in\n{found:#?}"
        );
    };
    has(2, "khan", "Tuol Kok Kok", "did you mean Tuol Kouk (1204)?");
    has(3, "date", "03/02/2026", "--date-order");
    has(
        3,
        "premises_type",
        "villa",
        "expected condominium, apartment, borey, hotel or other",
    );
    has(3, "foreigners_identified", "-1", "negative");
    has(3, "women_identified", "2.5", "a fraction");
    has(4, "foreigners_identified", "ten", "not a number");
    has(4, "women_identified", "99999999999", "too large");
    has(
        5,
        "inspection_id",
        "I-1",
        "duplicate inspection_id: already used on line 2",
    );
    has(
        5,
        "date",
        "2026-03-01",
        "outside the dataset's period, 2026-02-03 to 2026-02-18",
    );
    has(
        5,
        "women_identified",
        "6",
        "more than foreigners_identified (5)",
    );
    has(
        6,
        "inspection_id",
        "",
        "missing value: inspection_id is required",
    );
    has(2, "nationality", "Korean", "ambiguous nationality");
    has(2, "sex", "x", "expected female or male, or an empty cell");
    has(3, "nationality", "Chinesse", "did you mean CN");
    has(
        3,
        "inspection_id",
        "I-9",
        "names no inspection in d/inspections.csv",
    );
    has(
        4,
        "inspection_id",
        "I-2",
        "names the inspection on line 3 of d/inspections.csv, which was rejected",
    );
    has(
        2,
        "nationality",
        "CN",
        "differs from the nationality of arrest A-4 (PH, line 5 of d/arrests.csv)",
    );
    has(3, "arrest_id", "A-7", "names no arrest in d/arrests.csv");
    has(3, "role", "boss", "expected ringleader, associate or other");
    has(4, "filed", "2026-02-01", "filed before arrest A-4 was made");
    has(
        4,
        "status",
        "done",
        "expected filed, convicted, acquitted, dismissed or pending",
    );
    has(
        5,
        "defendant_id",
        "D-3",
        "duplicate defendant_id: already used on line 4",
    );
    assert_eq!(counts(&json, "inspections"), (6, 1, 5));
    assert_eq!(counts(&json, "arrests"), (4, 1, 3));
    assert_eq!(counts(&json, "prosecutions"), (4, 0, 4));
    assert_eq!(json["problems_total"].as_u64().unwrap(), found.len() as u64);
    // The table names the file and line of each problem too.
    env.run(&["validate", "d"])
        .code(3)
        .stdout_has("d/inspections.csv:2: khan \"Tuol Kok Kok\": not a Khan of Phnom Penh; did you mean Tuol Kouk (1204)?");
}

#[test]
fn json_problems_are_reported_at_the_line_where_the_object_starts() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.json",
        "[\n  {\"arrest_id\": \"A-1\", \"date\": \"2026-02-03\",\n   \"khan\": \"Sen Sok\", \"nationality\": \"CN\"},\n  {\"arrest_id\": \"A-2\",\n   \"date\": \"2026-02-03\",\n   \"khan\": \"Nowhere\", \"nationality\": [\"CN\"]},\n  \"text\"\n]\n",
    );
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    let found = problems(&json);
    assert!(
        found
            .iter()
            .any(|p| p.0 == 4 && p.1 == "khan" && p.2 == "Nowhere"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.0 == 4 && p.1 == "nationality" && p.3.contains("found an array")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.0 == 7 && p.3.contains("expected a JSON object")),
        "{found:?}"
    );
    assert_eq!(counts(&json, "arrests"), (3, 1, 2));
}

#[test]
fn json_keys_given_twice_numbers_and_cut_lines_are_reported_as_written() {
    let env = TestEnv::new();
    env.write(
        "d/inspections.ndjson",
        concat!(
            r#"{"inspection_id": 100000000000000000001, "date": "2026-02-03", "khan": "1201", "premises_type": "hotel", "foreigners_identified": 3, "women_identified": 1}"#,
            "\n",
            r#"{"inspection_id": 100000000000000000002, "date": "2026-02-03", "khan": "1201", "premises_type": "hotel", "foreigners_identified": 3, "women_identified": 1, "WOMEN_IDENTIFIED": 2}"#,
            "\n",
            r#"{"inspection_id": "I-3", "date": "2026-02-03","#,
            "\n",
            r#"{"inspection_id": "I-4", "date": "2026-02-03", "khan": "1201", "premises_type": "hotel", "foreigners_identified": 1e3, "women_identified": -0}"#,
            "\n",
        ),
    );
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    let found = problems(&json);
    let at = |line: u64| found.iter().filter(|p| p.0 == line).collect::<Vec<_>>();
    // Ids as long as these are kept digit for digit, so they are not duplicates of each other.
    assert!(at(1).is_empty(), "{found:?}");
    assert!(
        at(2)[0]
            .3
            .contains("gives this key twice (\"women_identified\" and \"WOMEN_IDENTIFIED\")"),
        "{found:?}"
    );
    assert!(
        at(3)[0].3.starts_with("malformed JSON"),
        "a cut line is reported on its own line: {found:?}"
    );
    assert!(
        at(4)
            .iter()
            .any(|p| p.1 == "foreigners_identified" && p.3.contains("no exponent")),
        "{found:?}"
    );
    assert!(
        at(4)
            .iter()
            .any(|p| p.1 == "women_identified" && p.3.starts_with("negative")),
        "{found:?}"
    );
    assert_eq!(counts(&json, "inspections"), (4, 1, 3));
}

#[test]
fn malformed_json_is_an_input_error_with_its_line() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.json",
        "[\n {\"arrest_id\": \"A-1\"}\n {\"arrest_id\": \"A-2\"}\n]\n",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stdout_empty()
        .stderr_has("d/arrests.json:3: unexpected '{': expected , or ] after an object");
    env.write(
        "d/arrests.json",
        "[{\"arrest_id\": \"A-1\", \"date\": \"2026-02-03\"",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stderr_has("the file ends inside the JSON array");
}

#[test]
fn a_missing_required_column_is_an_error_before_any_row_listing_the_columns_found() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        "arrest_id,date,area,nationality\nA-1,2026-02-03,Sen Sok,CN\n",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stdout_empty()
        .stderr_has("error: d/arrests.csv:1: missing required column khan in the header (found: arrest_id, date, area, nationality)");
}

#[test]
fn record_files_are_found_whatever_their_case_and_others_are_named() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    std::fs::rename(env.path("data/arrests.csv"), env.path("data/Arrests.CSV")).unwrap();
    env.write("data/prosecutions.pdf", "%PDF-1.4");
    std::fs::remove_file(env.path("data/prosecutions.csv")).unwrap();
    let run = env.run(&["validate", "data", "-f", "json"]);
    run.code(0)
        .stderr_has("warning: data/prosecutions.pdf is not read: record files end in .csv");
    assert_eq!(counts(&run.json(), "arrests"), (3, 3, 0));
}

#[test]
fn an_unknown_column_is_ignored_with_one_warning() {
    let env = TestEnv::new();
    env.write("d/arrests.csv", "arrest_id,date,khan,nationality,passport\nA-1,2026-02-03,Sen Sok,CN,E123\nA-2,2026-02-03,Sen Sok,CN,E124\n");
    let run = env.run(&["validate", "d"]);
    run.code(0).stderr_has("warning: d/arrests.csv: column \"passport\" is not one of the arrests columns; it is ignored");
    assert_eq!(run.stderr.matches("passport").count(), 1, "{}", run.stderr);
}

#[test]
fn values_under_a_column_with_no_name_are_not_ignored_silently() {
    let env = TestEnv::new();
    env.write("d/arrests.csv", "arrest_id,date,khan,nationality,\nA-1,2026-02-03,1201,CN,\nA-2,2026-02-03,1201,CN,released\n");
    env.run(&["validate", "d"])
        .code(0)
        .stderr_has("warning: d/arrests.csv: column 5 has no name in the header; its values (the first on line 3) are ignored");
    // Trailing empty columns, as spreadsheets write them, say nothing.
    env.write(
        "d/arrests.csv",
        "arrest_id,date,khan,nationality,,\nA-1,2026-02-03,1201,CN,,\n",
    );
    let run = env.run(&["validate", "d"]);
    assert!(!run.code(0).stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn the_same_problem_in_many_rows_is_said_once_with_its_count_and_lines() {
    let env = TestEnv::new();
    let mut text = String::from(ARRESTS_HEADER);
    for i in 0..25 {
        text.push_str(&format!("A-{i},2026-02-03,Atlantis,CN,,,,,\n"));
    }
    env.write("d/arrests.csv", text);
    let run = env.run(&["validate", "d"]);
    run.code(3).stdout_has("25 problems found").stdout_has(
        "d/arrests.csv: 25 rows in column khan: a Khan that is not one of the 14 of Phnom Penh [unknown-khan], lines 2–26",
    );
    assert_eq!(run.stdout.matches("Atlantis").count(), 1, "{}", run.stdout);
    // Every row is still in the JSON and in the rejects file.
    let json = env.run(&["validate", "d", "-f", "json"]).json();
    assert_eq!(json["problems"].as_array().unwrap().len(), 25);
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["code"] == "unknown-khan")
    );
    env.run(&["validate", "d", "--rejects", "r.csv"]).code(3);
    assert_eq!(env.read("r.csv").lines().count(), 26);
    // A strict report says it the same way on stderr.
    env.run(&["report", "d"])
        .code(3)
        .stderr_has("25 rows in column khan");
}

#[test]
fn swapped_days_and_months_are_said_once_with_the_order_the_column_shows() {
    let env = TestEnv::new();
    let mut text = String::from(ARRESTS_HEADER);
    for i in 0..16 {
        text.push_str(&format!("A-{i},{:02}/02/2026,1204,CN,,,,,\n", i % 9 + 3));
    }
    text.push_str("B-1,13/02/2026,1204,CN,,,,,\nB-2,14/02/2026,1204,CN,,,,,\n");
    env.write("d/arrests.csv", text);
    env.run(&["report", "d"]).code(3).stderr_has(
        "d/arrests.csv: 16 rows in column date: a numeric date whose day and month could be swapped [ambiguous-date], lines 2–17; the column also holds 13/02/2026 and 14/02/2026, so it looks day-first: add --date-order dmy",
    );
    env.run(&["report", "d", "--date-order", "dmy"]).code(0);
}

#[test]
fn lenient_runs_count_and_list_every_rejected_row() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,Sen Sok,CN,,,,,\nA-2,2026-02-03,Atlantis,CN,,,,,\nA-3,2026-02-31,Sen Sok,XX,,,,,\nA-4,2026-02-03,Sen Sok,VN,,,,,\n"),
    );
    let run = env.run(&["validate", "d", "--lenient", "-f", "json"]);
    let json = run.code(3).json();
    let (read, used, rejected) = counts(&json, "arrests");
    assert_eq!((read, used, rejected), (4, 2, 2));
    assert_eq!(read, used + rejected);

    env.run(&["validate", "d", "--lenient", "--rejects", "rejects.csv"])
        .code(3);
    let rejects = env.read("rejects.csv");
    let mut lines = rejects.lines();
    assert_eq!(lines.next(), Some("file,line,column,value,code,reason"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{rejects}");
    assert!(
        rows[0].starts_with("d/arrests.csv,3,khan,Atlantis,unknown-khan,\"not a Khan"),
        "{rejects}"
    );
    assert!(
        rows[1].starts_with("d/arrests.csv,4,date,2026-02-31,invalid-date,no such day"),
        "{rejects}"
    );
    assert!(
        rows[2].starts_with("d/arrests.csv,4,nationality,XX,"),
        "{rejects}"
    );
}

#[test]
fn exit_codes_say_what_kind_of_failure_it_was() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.run(&["validate", "--no-such-flag"]).code(2);
    env.run(&["validate", "missing-dir"])
        .code(2)
        .stderr_has("missing-dir does not exist");
    env.run(&["validate", "data", "--date-order", "ymd"])
        .code(2);
    std::fs::create_dir_all(env.path("dir.csv")).unwrap();
    env.run(&["validate", "--arrests", "dir.csv"])
        .code(2)
        .stderr_has("--arrests dir.csv is a directory");
    env.run(&["validate", "data", "-o", "no/such/dir/out.txt"])
        .code(4)
        .stderr_has("cannot write no/such/dir/out.txt");
    // A file named as DATA that does not exist, and one that exists but says nothing: its name
    // names no kind and, empty, it has no header to tell one from.
    env.run(&["validate", "arrests-2026-03.csv"])
        .code(2)
        .stdout_empty()
        .stderr_has("error: arrests-2026-03.csv does not exist");
    env.write("empty-file.csv", "");
    env.run(&["validate", "empty-file.csv"])
        .code(2)
        .stdout_empty()
        .stderr_has("error: cannot tell what records empty-file.csv holds: it is empty; name the kind with --inspections empty-file.csv, --arrests empty-file.csv or --prosecutions empty-file.csv");
    // A directory whose name looks like a record file is a dataset directory, here an empty one.
    std::fs::create_dir_all(env.path("empty-dir.csv")).unwrap();
    env.run(&["validate", "empty-dir.csv"])
        .code(2)
        .stdout_empty()
        .stderr_has("error: no record files in empty-dir.csv");
    std::fs::create_dir_all(env.path("empty")).unwrap();
    env.run(&["validate", "empty"])
        .code(2)
        .stderr_has("no record files in empty");
}

#[test]
fn output_files_are_written_whole() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.run(&["validate", "data", "-f", "json", "-o", "out.json"])
        .code(0)
        .stdout_empty();
    let written: Value = serde_json::from_str(&env.read("out.json")).unwrap();
    assert_eq!(written["clean"], true);
    // No temporary files are left beside it.
    let names: Vec<String> = std::fs::read_dir(env.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".crackdown-")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target_and_devices_are_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write("target.json", "old");
    std::os::unix::fs::symlink("target.json", env.path("link.json")).unwrap();
    env.run(&["validate", "data", "-f", "json", "-o", "link.json"])
        .code(0);
    assert!(
        std::fs::symlink_metadata(env.path("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(env.read("target.json").contains("\"clean\": true"));
    env.run(&["validate", "data", "-o", "/dev/null"]).code(0);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let env = TestEnv::new();
    env.run(&["--help"])
        .code(0)
        .stdout_has("Exit codes:")
        .stdout_has("3  invalid input data");
    env.run(&["validate", "--help"])
        .code(0)
        .stdout_has("Examples:")
        .stdout_has("--lenient")
        .stdout_has("--date-order");
}

#[test]
fn an_unknown_json_key_is_named_as_written_in_a_path_as_given() {
    let env = TestEnv::new();
    env.write(
        "column-data/arrests.ndjson",
        "{\"arrest_id\":\"A-1\",\"date\":\"2026-02-03\",\"khan\":\"1204\",\"nationality\":\"VN\",\"column_note\":\"x\"}\n",
    );
    env.run(&["validate", "column-data"]).code(0).stderr_has(
        "warning: column-data/arrests.ndjson: key \"column_note\" is not one of the arrests columns; it is ignored",
    );
}

//! Where records come from: standard input told by its header or keys, the built-in dataset only
//! when nothing is piped in, and dataset directories where every file is read or named.

mod common;

use common::*;
use serde_json::Value;

fn counts(json: &Value) -> Vec<(String, u64)> {
    kind_counts(json)
        .into_iter()
        .map(|(kind, read, _, _)| (kind, read))
        .collect()
}

fn read(kind: &str, n: u64) -> Vec<(String, u64)> {
    vec![(kind.to_owned(), n)]
}

/// Two clean records of each kind, as CSV, NDJSON and a JSON array.
fn records(kind: &str) -> [String; 3] {
    let (header, rows): (&str, [&str; 2]) = match kind {
        "inspections" => (
            INSPECTIONS_HEADER,
            [
                "I-1,2026-02-03,Toul Kork,hotel,,10,2,,,",
                "I-2,2026-02-04,Sen Sok,borey,,3,1,,,",
            ],
        ),
        "arrests" => (
            ARRESTS_HEADER,
            [
                "A-1,2026-02-03,Sen Sok,CN,M,,,,",
                "A-2,2026-02-03,Dangkor,VN,F,,,,",
            ],
        ),
        _ => (
            PROSECUTIONS_HEADER,
            [
                "C-1,D-1,,CN,ringleader,2026-02-10,filed,,,",
                "C-1,D-2,,KH,associate,2026-02-10,pending,,,",
            ],
        ),
    };
    let csv = format!("{header}{}\n{}\n", rows[0], rows[1]);
    let columns: Vec<&str> = header.trim_end().split(',').collect();
    let objects: Vec<String> = rows
        .iter()
        .map(|row| {
            let object: serde_json::Map<String, Value> = columns
                .iter()
                .zip(row.split(','))
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                .collect();
            Value::Object(object).to_string()
        })
        .collect();
    let ndjson = objects.join("\n") + "\n";
    let json = format!("[\n  {}\n]\n", objects.join(",\n  "));
    [csv, ndjson, json]
}

#[test]
fn records_piped_in_are_read_and_their_kind_told_from_the_header_or_keys() {
    let env = TestEnv::new();
    for kind in ["inspections", "arrests", "prosecutions"] {
        for (format, text) in ["csv", "ndjson", "json"].iter().zip(records(kind)) {
            let run = env.run_with_stdin(&["validate", "--format", "json"], &text);
            run.code(0);
            let json = run.json();
            assert_eq!(counts(&json), read(kind, 2), "{kind} as {format}");
            assert_eq!(json["dataset"]["builtin"], false, "{kind} as {format}");
            assert_eq!(json["dataset"]["files"], serde_json::json!(["<stdin>"]));
            assert!(
                !run.stderr.contains("built-in"),
                "{kind} as {format}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn report_counts_the_records_piped_in_not_the_built_in_ones() {
    let env = TestEnv::new();
    let [_, ndjson, _] = records("arrests");
    let run = env.run_with_stdin(&["report", "--format", "json"], &ndjson);
    run.code(0);
    assert_eq!(run.json()["headline"]["detained"], 2);
    // The same through `-`, which names standard input as DATA.
    let [csv, _, _] = records("arrests");
    let run = env.run_with_stdin(&["report", "-", "--format", "json"], &csv);
    run.code(0);
    assert_eq!(run.json()["headline"]["detained"], 2);
    env.run_with_stdin(&["validate", "-", "-f", "json"], &csv)
        .code(0)
        .stdout_has("\"<stdin>\"");
}

#[test]
fn more_records_than_the_first_read_are_all_counted() {
    let env = TestEnv::new();
    let mut text = String::from(ARRESTS_HEADER);
    for i in 0..20_000 {
        text.push_str(&format!("A-{i},2026-02-03,Sen Sok,CN,,,,,\n"));
    }
    let run = env.run_with_stdin(&["validate", "-f", "json"], &text);
    run.code(0);
    assert_eq!(counts(&run.json()), read("arrests", 20_000));
    // A pretty-printed array whose first object spans lines and holds braces in its strings.
    let json = "\n\n  [\n  {\n    \"arrest_id\": \"A-1\",\n    \"notes\": \"a } and a \\\" in it\",\n    \"date\": \"2026-02-03\", \"khan\": \"Sen Sok\", \"nationality\": \"CN\"\n  },\n  {\"arrest_id\": \"A-2\", \"date\": \"2026-02-03\", \"khan\": \"Sen Sok\", \"nationality\": \"CN\"}\n]\n";
    let run = env.run_with_stdin(&["validate", "-f", "json"], json);
    run.code(0);
    assert_eq!(counts(&run.json()), read("arrests", 2));
}

#[test]
fn a_header_of_no_known_kind_is_refused_naming_what_was_found() {
    let env = TestEnv::new();
    env.run_with_stdin(&["report"], "id,when,amount\n1,2026-02-03,5\n")
        .code(2)
        .stdout_empty()
        .stderr_has("error: cannot tell what records standard input holds: its header names id, when, amount, which are not the columns of inspections, arrests or prosecutions")
        .stderr_has("--arrests -");
    env.run_with_stdin(&["validate"], "{\"id\": 1, \"amount\": 5}\n")
        .code(2)
        .stderr_has("its first object has the keys id, amount");
    // A header that fits two kinds equally is not guessed either.
    let both = format!(
        "{},{}",
        ARRESTS_HEADER.trim_end(),
        PROSECUTIONS_HEADER.replace("arrest_id,", "")
    );
    env.run_with_stdin(&["validate"], both)
        .code(2)
        .stderr_has("which fit arrests and prosecutions equally");
    // Names that could disturb the terminal are shown escaped.
    env.run_with_stdin(&["validate"], "id\u{1b}[2J,x\n")
        .code(2)
        .stderr_has("id\\u{1b}[2J, x");
    for broken in ["[]", "[1, 2]", "{\"arrest_id\": \"A-1\",\n"] {
        env.run_with_stdin(&["validate"], broken)
            .code(2)
            .stderr_has("cannot tell what records standard input holds");
    }
}

#[test]
fn a_header_of_one_kind_with_a_column_missing_says_which() {
    let env = TestEnv::new();
    env.run_with_stdin(
        &["validate"],
        "arrest_id,date,khan\nA-1,2026-02-03,Sen Sok\n",
    )
    .code(3)
    .stderr_has("<stdin>:1: missing required column nationality in the header");
}

#[test]
fn empty_standard_input_leaves_the_built_in_dataset_with_its_note() {
    let env = TestEnv::new();
    for empty in ["", "\n", "  \r\n\t\n", "\u{feff}\n"] {
        let run = env.run_with_stdin(&["validate", "-f", "json"], empty);
        run.code(0).stderr_has("note: using the built-in dataset");
        assert_eq!(run.json()["dataset"]["builtin"], true, "{empty:?}");
    }
    let run = env
        .command(&["report", "-f", "json"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stderr).contains("built-in dataset"));
}

#[cfg(unix)]
#[test]
fn a_closed_standard_input_counts_as_empty() {
    let env = TestEnv::new();
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" report -f json <&-")
        .arg(env!("CARGO_BIN_EXE_crackdown"))
        .current_dir(env.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("built-in dataset"), "{stderr}");
}

#[test]
fn standard_input_named_and_empty_is_refused() {
    let env = TestEnv::new();
    env.run_with_stdin(&["report", "-"], "")
        .code(2)
        .stderr_has("standard input (-) is empty");
}

#[test]
fn standard_input_is_read_only_when_nothing_is_named() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    // Named records win; what is piped in is not read.
    let run = env.run_with_stdin(&["validate", "data", "-f", "json"], "id,amount\n1,2\n");
    run.code(0);
    assert_eq!(run.json()["dataset"]["name"], "data");
    let [csv, _, _] = records("arrests");
    let run = env.run_with_stdin(
        &[
            "validate",
            "--inspections",
            "data/inspections.csv",
            "-f",
            "json",
        ],
        &csv,
    );
    run.code(0);
    assert_eq!(counts(&run.json()), read("inspections", 3));
    // `-` and a file of the same kind are one table, standard input first: the ids both hold
    // are duplicates, named with both files. `-` twice is refused.
    env.run_with_stdin(&["validate", "-", "--arrests", "data/arrests.csv"], &csv)
        .code(3)
        .stdout_has("arrests: <stdin>, data/arrests.csv")
        .stdout_has("2 problems found")
        .stdout_has("data/arrests.csv: 2 rows in column arrest_id: an id used by an earlier row [duplicate-id], lines 2–3")
        .stdout_has("first, line 2 \"A-1\": duplicate arrest_id: already used on line 2 of <stdin>");
    env.run_with_stdin(&["validate", "-", "--inspections", "-"], &csv)
        .code(2)
        .stderr_has("can be read only once");
    // `-` and files of the other kinds read together.
    let run = env.run_with_stdin(
        &[
            "validate",
            "-",
            "--inspections",
            "data/inspections.csv",
            "-f",
            "json",
        ],
        &csv,
    );
    run.code(0);
    assert_eq!(
        counts(&run.json()),
        [read("inspections", 3), read("arrests", 2)].concat()
    );
}

#[test]
fn a_named_input_format_is_how_standard_input_is_read() {
    let env = TestEnv::new();
    let [_, ndjson, _] = records("inspections");
    let run = env.run_with_stdin(
        &["validate", "--input-format", "ndjson", "-f", "json"],
        &ndjson,
    );
    run.code(0);
    assert_eq!(counts(&run.json()), read("inspections", 2));
    env.run_with_stdin(&["validate", "--input-format", "json"], &ndjson)
        .code(3);
    let [csv, _, _] = records("inspections");
    env.run_with_stdin(&["validate", "--input-format", "ndjson"], &csv)
        .code(2)
        .stderr_has("its first record is not a JSON object");
}

#[test]
fn one_file_whose_name_says_nothing_is_told_by_its_header() {
    let env = TestEnv::new();
    let [csv, _, json] = records("prosecutions");
    env.write("raids.csv", &csv);
    env.write("export.json", &json);
    for file in ["raids.csv", "export.json"] {
        let run = env.run(&["validate", file, "-f", "json"]);
        run.code(0);
        assert_eq!(counts(&run.json()), read("prosecutions", 2), "{file}");
    }
    env.write("other.csv", "id,amount\n1,2\n");
    env.run(&["validate", "other.csv"])
        .code(2)
        .stderr_has("cannot tell what records other.csv holds")
        .stderr_has("--arrests other.csv");
}

#[cfg(unix)]
#[test]
fn a_pipe_whose_name_says_nothing_is_not_read_twice_to_tell_its_kind() {
    let env = TestEnv::new();
    let made = std::process::Command::new("mkfifo")
        .arg(env.path("fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    // Refused before it is opened: nothing writes to it, and nothing waits.
    env.run(&["validate", "fifo"]).code(2).stderr_has(
        "it is not a regular file whose header could; name the kind with --inspections fifo",
    );
}

#[test]
fn every_file_named_for_a_kind_is_read_singular_or_plural_any_case() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    std::fs::rename(env.path("d/arrests.csv"), env.path("d/arrests-2026-02.csv")).unwrap();
    std::fs::rename(
        env.path("d/prosecutions.csv"),
        env.path("d/prosecution.csv"),
    )
    .unwrap();
    std::fs::rename(
        env.path("d/inspections.csv"),
        env.path("d/INSPECTION (1).CSV"),
    )
    .unwrap();
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(0);
    assert_eq!(
        counts(&run.json()),
        [
            read("inspections", 3),
            read("arrests", 3),
            read("prosecutions", 2)
        ]
        .concat()
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = env.run(&["report", "d", "-f", "json"]);
    run.code(0);
    assert_eq!(run.json()["headline"]["detained"], 3);
}

#[test]
fn every_file_of_one_kind_is_read_as_one_table_in_name_order() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    // A copy saved by a browser: the same records twice, so every id is a duplicate.
    env.write("d/arrests (1).csv", env.read("d/arrests.csv"));
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let json = run.json();
    assert_eq!(
        json["dataset"]["files"],
        serde_json::json!([
            "d/inspections.csv",
            "d/arrests (1).csv",
            "d/arrests.csv",
            "d/prosecutions.csv"
        ])
    );
    let problems: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}:{}: {}", p["file"], p["line"], p["reason"]))
        .collect();
    assert_eq!(
        problems,
        [2, 3, 4].map(|line| format!(
            "\"d/arrests.csv\":{line}: \"duplicate arrest_id: already used on line {line} of d/arrests (1).csv\""
        ))
    );
    // Naming one reads it, and says the other is not read.
    let run = env.run(&["validate", "d", "--arrests", "d/arrests.csv", "-f", "json"]);
    run.code(0).stderr_has(
        "warning: d/arrests (1).csv is not read: --arrests names d/arrests.csv instead",
    );
    assert_eq!(run.json()["counts"][1]["read"], 3);

    let env = TestEnv::new();
    small_dataset(&env, "m");
    std::fs::rename(env.path("m/arrests.csv"), env.path("m/arrests-2026-01.csv")).unwrap();
    env.write(
        "m/arrests-2026-02.csv",
        format!("{ARRESTS_HEADER}A-9,2026-02-05,Sen Sok,CN,,,,,\n"),
    );
    let run = env.run(&["report", "m", "-f", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["headline"]["detained"], 4);
    assert_eq!(kind_counts(&json)[1], ("arrests".to_owned(), 4, 4, 0));
    let files: Vec<(&str, u64)> = json["counts"][1]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["read"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        files,
        [("m/arrests-2026-01.csv", 3), ("m/arrests-2026-02.csv", 1)]
    );
}

#[test]
fn files_that_are_not_records_are_named_in_a_warning_saying_why() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    env.write(
        "d/published.json",
        r#"{"name": "test", "period": {"from": "2026-02-03", "to": "2026-02-18"}, "figures": []}"#,
    );
    env.write("d/README.md", "# About these records\n");
    env.write("d/.DS_Store", "\0\0");
    env.write("d/.git/config", "");
    env.write("d/arrests.csv.bak", "old");
    env.write("d/arrests.pdf", "%PDF-1.4");
    env.write("d/notes.txt", "notes");
    env.write("d/arrestees.csv", "not arrests");
    env.write("d/2026/arrests.csv", "a subdirectory");
    env.write("d/odd\u{1b}[31mname.csv", "x");
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["dataset"]["title"], "test", "published.json is read");
    assert_eq!(
        counts(&json),
        [
            read("inspections", 3),
            read("arrests", 3),
            read("prosecutions", 2)
        ]
        .concat()
    );
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: d/2026 is not read: it is a directory, and only the files directly in a dataset directory are read",
            "warning: d/arrestees.csv is not read: its name does not say what records it holds (inspections*, arrests*, prosecutions* or statements*, singular or plural, any case)",
            "warning: d/arrests.csv.bak is not read: record files end in .csv, .tsv, .tab, .json, .ndjson, .jsonl, .xlsx, .xlsm, .xls or .ods (or name it with --arrests and --input-format)",
            "warning: d/arrests.pdf is not read: record files end in .csv, .tsv, .tab, .json, .ndjson, .jsonl, .xlsx, .xlsm, .xls or .ods (or name it with --arrests and --input-format)",
            "warning: d/notes.txt is not read: its name does not say what records it holds (inspections*, arrests*, prosecutions* or statements*, singular or plural, any case)",
            "warning: d/odd\\u{1b}[31mname.csv is not read: its name does not say what records it holds (inspections*, arrests*, prosecutions* or statements*, singular or plural, any case)",
        ],
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

#[test]
fn a_file_replaced_by_an_option_is_named() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    env.write(
        "d/published.json",
        r#"{"name": "dir", "period": {"from": "2026-02-03", "to": "2026-02-18"}, "figures": []}"#,
    );
    env.write(
        "other.json",
        r#"{"name": "other", "period": {"from": "2026-02-03", "to": "2026-02-18"}, "figures": []}"#,
    );
    small_dataset(&env, "e");
    let run = env.run(&[
        "validate",
        "d",
        "--arrests",
        "e/arrests.csv",
        "--published",
        "other.json",
        "-f",
        "json",
    ]);
    run.code(0)
        .stderr_has("warning: d/arrests.csv is not read: --arrests names e/arrests.csv instead")
        .stderr_has("warning: d/published.json is not read: --published names other.json instead");
    assert_eq!(run.json()["dataset"]["title"], "other");
}

#[test]
fn a_directory_of_nothing_readable_lists_why() {
    let env = TestEnv::new();
    env.write("d/arrests.pdf", "%PDF-1.4");
    env.write("d/README.md", "about");
    env.run(&["validate", "d"])
        .code(2)
        .stderr_has("no record files in d")
        .stderr_has("d/arrests.pdf is not read");
}

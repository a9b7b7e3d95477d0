//! Numbers that must never be shown wrong: missing values are "not recorded" and counted as such,
//! noise never resolves to a name, one person is never counted twice, a file not loaded is not a
//! row of zeros, and every output says what it left out and which numbers are published.

mod common;

use common::*;
use serde_json::Value;

/// Writes an arrests file with one row per nationality value, all else valid.
fn arrests_with(env: &TestEnv, dir: &str, nationalities: &[&str]) {
    let mut text = String::from(ARRESTS_HEADER);
    for (i, n) in nationalities.iter().enumerate() {
        let quoted = n.replace('"', "\"\"");
        text.push_str(&format!("A-{i},2026-02-05,1204,\"{quoted}\",M,,,,\n"));
    }
    env.write(&format!("{dir}/arrests.csv"), text);
}

/// The problems of a `validate --format json` run as (line, column, code).
fn problem_codes(json: &Value) -> Vec<(u64, String, String)> {
    problem_rows(json)
        .into_iter()
        .map(|p| (p.line, p.column, p.code))
        .collect()
}

fn nationality_row<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no nationality row {name} in {json}"))
}

#[test]
fn missing_value_words_are_not_recorded_never_namibia() {
    let env = TestEnv::new();
    arrests_with(
        &env,
        "d",
        &[
            "N/A",
            "n/a",
            "NA",
            "na",
            "N.A.",
            "-",
            "unknown",
            "not recorded",
            "?",
            "",
        ],
    );
    let json = env.run(&["report", "d", "-f", "json"]).code(0).json();
    assert_eq!(json["headline"]["detained"], 10);
    assert_eq!(json["headline"]["detained_nationality_not_recorded"], 10);
    assert_eq!(json["headline"]["detained_nationalities"], 0);
    let row = nationality_row(&json, "not recorded");
    assert_eq!(row["code"], Value::Null);
    assert_eq!(row["detained"], 10);
    assert!(
        !json.to_string().contains("Namibia"),
        "nothing is counted as Namibia"
    );

    // Namibia stays reachable by its name, its alpha-3 code and its demonym.
    arrests_with(&env, "n", &["Namibia", "NAM", "Namibian"]);
    let json = env.run(&["report", "n", "-f", "json"]).code(0).json();
    assert_eq!(nationality_row(&json, "Namibia")["detained"], 3);
}

#[test]
fn a_bare_na_in_a_column_of_codes_is_flagged_and_the_user_decides() {
    let env = TestEnv::new();
    arrests_with(&env, "d", &["VN", "NA", "CN", "NA", "TH"]);
    let run = env.run(&["report", "d", "-f", "json"]);
    run.code(0)
        .stderr_has("2 nationalities given as NA (lines 3, 5) were read as not recorded")
        .stderr_has("--na-namibia");
    assert_eq!(
        run.json()["headline"]["detained_nationality_not_recorded"],
        2
    );

    let json = env
        .run(&["report", "d", "-f", "json", "--na-namibia"])
        .code(0)
        .json();
    assert_eq!(nationality_row(&json, "Namibia")["detained"], 2);
    assert_eq!(json["headline"]["detained_nationality_not_recorded"], 0);

    // In a column of names, NA is not recorded without a word.
    arrests_with(&env, "w", &["Vietnamese", "NA", "Chinese"]);
    let run = env.run(&["report", "w", "-f", "json"]);
    assert!(!run.code(0).stderr.contains("Namibia"), "{}", run.stderr);
}

#[test]
fn more_missing_value_words_can_be_named() {
    let env = TestEnv::new();
    arrests_with(&env, "d", &["VN", "pending check"]);
    env.run(&["validate", "d"])
        .code(3)
        .stdout_has("not a known nationality");
    let json = env
        .run(&["report", "d", "-f", "json", "--na", "Pending Check"])
        .code(0)
        .json();
    assert_eq!(json["headline"]["detained_nationality_not_recorded"], 1);
}

#[test]
fn a_missing_word_in_a_required_column_is_a_missing_value() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}N/A,2026-02-05,1204,VN,M,,,,\nA-2,2026-02-05,unknown,VN,M,,,,\n"),
    );
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    assert_eq!(
        problem_codes(&json),
        [
            (2, "arrest_id".to_owned(), "missing-value".to_owned()),
            (3, "khan".to_owned(), "missing-value".to_owned())
        ]
    );
    assert_eq!(json["problems"][0]["value"], "N/A");
}

#[test]
fn the_not_recorded_row_comes_last_everywhere_and_is_never_folded() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!(
            "{ARRESTS_HEADER}\
A-1,2026-02-05,1204,N/A,M,,,,\n\
A-2,2026-02-05,1204,N/A,F,,,,\n\
A-3,2026-02-05,1204,N/A,,,,,\n\
A-4,2026-02-05,1205,VN,M,,,,\n\
A-5,2026-02-05,1205,CN,unknown,,,,\n\
A-6,2026-02-05,1205,TH,M,,,,\n"
        ),
    );
    let json = env
        .run(&["report", "d", "-f", "json", "--sort", "count", "--top", "1"])
        .code(0)
        .json();
    let names: Vec<&str> = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    // The largest group is "not recorded", and still it is last and on its own.
    assert_eq!(names, ["China", "other (2 nationalities)", "not recorded"]);
    let h = &json["headline"];
    assert_eq!(
        [
            &h["detained"],
            &h["detained_nationalities"],
            &h["women_detained"],
            &h["men_detained"],
            &h["detained_sex_not_recorded"]
        ],
        [6, 3, 1, 3, 2]
    );
    assert_eq!(json["crosstab"]["nationalities"][3], Value::Null);
    assert_eq!(json["crosstab"]["totals"][3], 3);

    let csv = env
        .run(&["report", "d", "-f", "csv", "--by", "khan,nationality"])
        .code(0)
        .stdout
        .clone();
    assert!(
        csv.lines().next().unwrap().ends_with(",not recorded,total"),
        "{csv}"
    );
    let table = env
        .run(&["report", "d", "--by", "nationality"])
        .code(0)
        .stdout
        .clone();
    assert!(table.contains("not recorded"), "{table}");

    // In the figure too: a grey bar of its own, after every nationality.
    env.run(&["figures", "d", "--out", "figs"]).code(0);
    let svg = env.read("figs/detained-by-nationality.svg");
    assert!(svg.contains("class=\"bar not-recorded\""), "{svg}");
    assert!(svg.contains("(3 not recorded)"), "{svg}");
    let (china, not_recorded) = (svg.find(">China<"), svg.find(">not recorded<"));
    assert!(china.is_some() && not_recorded > china, "{svg}");

    // --nationality N/A asks for the persons whose nationality was not recorded.
    let json = env
        .run(&["report", "d", "-f", "json", "--nationality", "N/A"])
        .code(0)
        .json();
    assert_eq!(json["headline"]["detained"], 3);
    assert_eq!(json["filters"]["nationalities"][0]["name"], "not recorded");
}

#[test]
fn noise_in_a_value_is_a_problem_never_dropped_to_make_a_name() {
    let env = TestEnv::new();
    let nationalities = ["C\u{0}N", "C,N", "-VN-", "??CN??", "=VN", "No", "Is", "vn"];
    arrests_with(&env, "d", &nationalities);
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    let codes = problem_codes(&json);
    assert_eq!(codes.len(), nationalities.len(), "{json}");
    for (i, code) in [
        "unexpected-character",
        "unexpected-character",
        "unexpected-character",
        "unexpected-character",
        "unexpected-character",
        "unknown-nationality",
        "unknown-nationality",
        "unknown-nationality",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(codes[i].2, *code, "{:?}", json["problems"][i]);
    }
    assert!(
        json["problems"][7]["reason"]
            .as_str()
            .unwrap()
            .contains("codes are read in capitals only (VN would be Vietnam)"),
        "{}",
        json["problems"][7]
    );

    env.write(
        "k/arrests.csv",
        format!(
            "{ARRESTS_HEADER}\
A-1,2026-02-05,Tuol\u{0}Kouk,VN,M,,,,\n\
A-2,2026-02-05,12:04,VN,M,,,,\n\
A-3,2026-02-05,12/04,VN,M,,,,\n\
A-4\u{0},2026-02-05,1204,VN,M,,,,\n\
A-4,2026-02-05,1204,VN,M,,,,\n"
        ),
    );
    let json = env.run(&["validate", "k", "-f", "json"]).code(3).json();
    assert_eq!(
        problem_codes(&json),
        [
            (2, "khan".to_owned(), "unexpected-character".to_owned()),
            (3, "khan".to_owned(), "unexpected-character".to_owned()),
            (4, "khan".to_owned(), "unexpected-character".to_owned()),
            (5, "arrest_id".to_owned(), "unexpected-character".to_owned()),
        ]
    );
    // The value is shown with its NUL escaped, never raw.
    let run = env.run(&["validate", "k"]);
    assert!(!run.stdout.contains('\u{0}'), "{}", run.stdout);
}

#[test]
fn one_person_is_never_counted_twice_among_the_defendants() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-05,1204,CN,M,,,,\n"),
    );
    env.write(
        "d/prosecutions.csv",
        format!(
            "{PROSECUTIONS_HEADER}\
C-1,D-1,A-1,CN,ringleader,2026-02-10,filed,,,\n\
C-1,D-2,A-1,CN,ringleader,2026-02-10,filed,,,\n\
C-1,d\u{2011}1,,CN,ringleader,2026-02-10,filed,,,\n"
        ),
    );
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    assert_eq!(
        problem_codes(&json),
        [
            (
                3,
                "arrest_id".to_owned(),
                "arrest-prosecuted-twice".to_owned()
            ),
            (
                4,
                "defendant_id".to_owned(),
                "probable-duplicate-id".to_owned()
            ),
        ]
    );
    let json = env
        .run(&["report", "d", "-f", "json", "--lenient"])
        .code(0)
        .json();
    assert_eq!(json["headline"]["defendants"], 1);
    assert_eq!(json["headline"]["ringleaders"], 1);
}

#[test]
fn what_was_not_loaded_is_unknown_not_zero() {
    let env = TestEnv::new();
    arrests_with(&env, "d", &["VN", "CN"]);
    let json = env.run(&["report", "d", "-f", "json"]).code(0).json();
    let h = &json["headline"];
    assert_eq!(h["inspections"], Value::Null);
    assert_eq!(h["foreigners_identified"], Value::Null);
    assert_eq!(h["defendants"], Value::Null);
    assert_eq!(h["detained"], 2);
    assert_eq!(json["loaded"]["inspections"], false);
    assert_eq!(json["khans"][0]["inspections"], Value::Null);
    assert_eq!(json["dates"][0]["inspections"], Value::Null);
    assert_eq!(json["dates"][0]["detained"], 2);

    let table = env.run(&["report", "d"]).code(0).stdout.clone();
    let line = |label: &str| {
        table
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} in {table}"))
            .to_owned()
    };
    assert!(line("premises inspected").contains("not loaded"), "{table}");
    assert!(line("defendants").contains("not loaded"), "{table}");
    assert!(line("Tuol Kouk").contains('–'), "{table}");

    let csv = env
        .run(&["report", "d", "-f", "csv", "--by", "date"])
        .code(0)
        .stdout
        .clone();
    assert_eq!(csv.lines().nth(1), Some("2026-02-05,,2,2,"), "{csv}");

    env.run(&["figures", "d", "--out", "figs"]).code(0);
    let daily = env.read("figs/daily-activity.svg");
    assert!(!daily.contains("Inspections per day"), "no panel of zeros");
    assert!(daily.contains("Persons detained per day"));
    let identified = env.read("figs/identified-by-khan.svg");
    assert!(identified.contains("Not loaded: no inspection records were read"));
}

#[test]
fn reconcile_and_figures_say_how_many_rows_were_left_out() {
    let env = TestEnv::new();
    env.builtin_copy("copy");
    let arrests = env.read("copy/arrests.csv");
    let mut lines: Vec<String> = arrests.lines().map(str::to_owned).collect();
    for line in lines.iter_mut().skip(1).take(4) {
        // Damage the date of four rows.
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[1] = "2026-02-31";
        *line = cells.join(",");
    }
    env.write("copy/arrests.csv", lines.join("\n") + "\n");

    let run = env.run(&["reconcile", "copy", "--lenient"]);
    run.code(1)
        .stdout_has("Left out of the records' figures: 4 arrest rows rejected for problems");
    let json = env
        .run(&["reconcile", "copy", "--lenient", "-f", "json"])
        .code(1)
        .json();
    assert_eq!(json["left_out"], "4 arrest rows rejected for problems");

    env.run(&[
        "figures",
        "copy",
        "--lenient",
        "--out",
        "figs",
        "--khan",
        "1204",
    ])
    .code(0);
    for figure in ["detained-by-khan.svg", "daily-activity.svg"] {
        let svg = env.read(&format!("figs/{figure}"));
        assert!(
            svg.contains("Left out: 4 arrest rows rejected for problems;"),
            "{figure}"
        );
        assert!(svg.contains("outside the filters."), "{figure}");
    }
}

#[test]
fn a_published_breakdown_is_said_to_be_published_and_reconciled_in_full() {
    let env = TestEnv::new();
    let json = env.run(&["report", "-f", "json"]).code(0).json();
    assert_eq!(
        json["dataset"]["published_breakdowns"],
        serde_json::json!(["defendants per nationality"])
    );
    assert!(
        json["notice"].as_str().unwrap().starts_with(
            "only the headline figures and the defendants per nationality are published"
        )
    );

    // A defendant of a nationality the publication does not give is a difference.
    env.builtin_copy("copy");
    let prosecutions = env.read("copy/prosecutions.csv");
    // The Cambodian defendant names no arrest, so nothing else is checked against it.
    let changed = prosecutions.replacen(",,KH,", ",,TH,", 1);
    assert_ne!(changed, prosecutions);
    env.write("copy/prosecutions.csv", changed);
    let json = env.run(&["reconcile", "copy", "-f", "json"]).code(1).json();
    let rest = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rest"] == true)
        .unwrap_or_else(|| panic!("no line for the rest of the breakdown in {json}"));
    assert_eq!(rest["figure"], "defendants");
    assert_eq!(rest["published"], 0);
    assert_eq!(rest["records"], 1);
    assert_eq!(rest["status"], "differs");
}

#[test]
fn flags_and_records_word_the_same_mistake_the_same_way() {
    let env = TestEnv::new();
    arrests_with(&env, "d", &["Guinean"]);
    let json = env.run(&["validate", "d", "-f", "json"]).code(3).json();
    let reason = json["problems"][0]["reason"].as_str().unwrap().to_owned();
    env.run(&["report", "d", "--nationality", "Guinean"])
        .code(2)
        .stderr_has(&format!("--nationality \"Guinean\": {reason}"));

    env.write(
        "k/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-05,Tuol Kok Kok,VN,M,,,,\n"),
    );
    let json = env.run(&["validate", "k", "-f", "json"]).code(3).json();
    let reason = json["problems"][0]["reason"].as_str().unwrap().to_owned();
    env.run(&["report", "k", "--khan", "Tuol Kok Kok"])
        .code(2)
        .stderr_has(&format!("--khan \"Tuol Kok Kok\": {reason}"));
}

//! Files that do not use crackdown's column names: `--map` rules and mapping files, the suggestion
//! a missing column gets, HXL hashtags under a CSV header, and `report -f csv --hxl`.

mod common;

use common::*;
use serde_json::Value;

const RAIDS: &str = include_str!("fixtures/mapping/raids.csv");
const RAIDS_TOML: &str = include_str!("fixtures/mapping/raids.toml");
const RAIDS_HXL: &str = include_str!("fixtures/mapping/raids-hxl.csv");
const RAIDS_NDJSON: &str = include_str!("fixtures/mapping/raids.ndjson");
const TWO_KINDS_INSPECTIONS: &str = include_str!("fixtures/mapping/two-kinds/inspections.csv");
const TWO_KINDS_ARRESTS: &str = include_str!("fixtures/mapping/two-kinds/arrests.csv");

/// A directory holding the journalist's sheet of raids and its mapping file.
fn newsroom() -> TestEnv {
    let env = TestEnv::new();
    env.write("raids.csv", RAIDS);
    env.write("raids.toml", RAIDS_TOML);
    env
}

/// Detained per Khan code, for the Khans with any, from a report's JSON.
fn detained_per_khan(json: &Value) -> Vec<(u64, u64)> {
    json["khans"]
        .as_array()
        .expect("khans")
        .iter()
        .filter(|k| k["detained"].as_u64() > Some(0))
        .map(|k| (k["code"].as_u64().unwrap(), k["detained"].as_u64().unwrap()))
        .collect()
}

fn counts(json: &Value) -> Vec<(String, u64, u64, u64)> {
    kind_counts(json)
}

fn arrests(read: u64, used: u64, rejected: u64) -> Vec<(String, u64, u64, u64)> {
    vec![("arrests".into(), read, used, rejected)]
}

/// Sen Sok (1208) 4, Toul Kork (1204) 2, Mean Chey (1206) 3, Chamkar Mon (1201) 1.
fn raids_per_khan() -> Vec<(u64, u64)> {
    vec![(1201, 1), (1204, 2), (1206, 3), (1208, 4)]
}

#[test]
fn the_journalists_sheet_loads_with_map_rules() {
    let env = newsroom();
    let run = env.run(&[
        "report",
        "--arrests",
        "raids.csv",
        "--map",
        "khan=District",
        "--map",
        "arrest_id=ID",
        "-f",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(counts(&json), arrests(10, 10, 0));
    assert_eq!(detained_per_khan(&json), raids_per_khan());
    assert_eq!(json["headline"]["detained"], 10);
    assert_eq!(json["headline"]["women_detained"], 3);
    assert_eq!(json["headline"]["detained_sex_not_recorded"], 1);
    // The column still unread is named, with the rule that would read it.
    run.stderr_has(
        "warning: raids.csv: column \"Raid\" is not one of the arrests columns; it is ignored (expected: arrest_id, date, khan, nationality, sex, operation_id, inspection_id, source, notes, province, district); it looks like operation_id or inspection_id: to read it, add --map operation_id=Raid or --map inspection_id=Raid\n",
    );
}

#[test]
fn rules_tell_the_kind_of_a_file_whose_name_does_not() {
    let env = newsroom();
    let run = env.run(&[
        "report",
        "raids.csv",
        "--map",
        "khan=District",
        "--map",
        "ARREST_ID = id",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(counts(&run.json()), arrests(10, 10, 0));
    // Without them the kind cannot be told, and the message says which kind it looks like.
    env.run(&["report", "raids.csv"]).code(2).stderr_has(
        "name the kind with --inspections raids.csv, --arrests raids.csv or --prosecutions raids.csv (its columns look like those of arrests under other names: --arrests raids.csv says which --map rules to add)\n",
    );
}

#[test]
fn the_journalists_sheet_loads_with_a_mapping_file() {
    let env = newsroom();
    let run = env.run(&[
        "report",
        "--arrests",
        "raids.csv",
        "--map-file",
        "raids.toml",
        "-f",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(counts(&json), arrests(10, 10, 0));
    assert_eq!(detained_per_khan(&json), raids_per_khan());
    assert_eq!(
        run.stderr, "",
        "every column is read: nothing to warn about"
    );
}

#[test]
fn a_missing_column_names_the_column_that_looks_like_it_and_the_map_to_add() {
    let env = newsroom();
    let run = env.run(&["report", "--arrests", "raids.csv"]);
    run.code(3).stdout_empty();
    assert_eq!(
        run.stderr,
        "error: raids.csv:1: missing required column arrest_id in the header (found: ID, Date, District, Nationality, Sex, Raid); ID looks like arrest_id: add --map arrest_id=ID\n"
    );
    // Doing as it says loads the file.
    let advice = run.stderr.rsplit("add ").next().unwrap().trim();
    let mut args = vec!["report", "--arrests", "raids.csv", "-f", "json"];
    args.extend(advice.split(' '));
    assert_eq!(args[5..], ["--map", "arrest_id=ID"]);
    let run = env.run(&args);
    run.code(0);
    assert_eq!(detained_per_khan(&run.json()), raids_per_khan());
}

#[test]
fn a_synonym_only_suggests_and_a_column_like_no_field_is_said_so() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        "No.,Date of arrest,Khan/District,Citizenship,Gender\nA-1,2026-02-05,Sen Sok,CN,F\n",
    );
    env.run(&["validate", "arrests.csv"]).code(3).stderr_has(
        "error: arrests.csv:1: missing required columns arrest_id, date, khan, nationality in the header (found: No., Date of arrest, Khan/District, Citizenship, Gender); No. looks like arrest_id, Date of arrest like date, Khan/District like khan and Citizenship like nationality: add --map arrest_id=No. --map 'date=Date of arrest' --map khan=Khan/District --map nationality=Citizenship\n",
    );
    // A typo is suggested too; a column that looks like nothing leaves the question.
    env.write(
        "arrests.csv",
        "arrest_id,date,Distrct,nationality\nA-1,2026-02-05,Sen Sok,CN\n",
    );
    env.run(&["validate", "arrests.csv"])
        .code(3)
        .stderr_has("; Distrct looks like khan: add --map khan=Distrct\n");
    env.write(
        "arrests.csv",
        "arrest_id,date,Place,nationality\nA-1,2026-02-05,Sen Sok,CN\n",
    );
    env.run(&["validate", "arrests.csv"]).code(3).stderr_has(
        "missing required column khan in the header (found: arrest_id, date, Place, nationality); is this a file of arrests?\n",
    );
}

#[test]
fn an_hxl_tagged_file_loads_by_its_tags_with_the_lines_of_the_file() {
    let env = TestEnv::new();
    env.write("raids-hxl.csv", RAIDS_HXL);
    let run = env.run(&["validate", "--arrests", "raids-hxl.csv", "-f", "json"]);
    run.code(3);
    let json = run.json();
    assert_eq!(
        counts(&json),
        arrests(5, 4, 1),
        "the hashtag row is no record"
    );
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["line"], 5, "the data starts on line 3");
    assert_eq!(problems[0]["column"], "date");
    assert_eq!(problems[0]["value"], "2026-02-31");
    assert_eq!(json["warnings"], Value::Array(vec![]), "{}", run.stderr);
    let run = env.run(&[
        "report",
        "--arrests",
        "raids-hxl.csv",
        "--lenient",
        "-f",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(detained_per_khan(&json), [(1204, 1), (1206, 1), (1208, 2)]);
    assert_eq!(json["headline"]["women_detained"], 1);
    assert_eq!(json["headline"]["detained_nationalities"], 4);
}

#[test]
fn a_header_name_wins_over_a_tag_and_the_first_tag_listed_over_the_others() {
    let env = TestEnv::new();
    // "date" is a name; "Khan" is the field's name too, so its tag and the code column's give way.
    env.write(
        "inspections.csv",
        "Raid,Date,Khan code,Khan,Premises,Foreign nationals,of whom women\n\
         #activity+id,#date+occurred,#adm2+code,#adm2+name,#loc+type,#affected,#affected+f\n\
         R-12,2026-02-05,1204,Sen Sok,condominium,40,12\n",
    );
    let run = env.run(&["report", "inspections.csv", "--by", "khan", "-f", "json"]);
    run.code(0).stderr_has(
        "warning: inspections.csv: column 3 \"Khan code\" (#adm2+code) is ignored: khan is read from column 4 \"Khan\"\n",
    );
    let json = run.json();
    let sen_sok = &json["khans"][7];
    assert_eq!(sen_sok["code"], 1208);
    assert_eq!(sen_sok["inspections"], 1);
    assert_eq!(sen_sok["foreigners_identified"], 40);
    assert_eq!(sen_sok["women_identified"], 12);
    // With neither named, the code (listed first) wins over the name.
    env.write(
        "inspections.csv",
        "Raid,Date,Where,Where code,Premises,Foreign nationals,of whom women\n\
         #activity+id,#date+occurred,#adm2+name,#adm2+code,#loc+type,#affected,#affected+f\n\
         R-12,2026-02-05,Sen Sok,1204,condominium,40,12\n",
    );
    let run = env.run(&["report", "inspections.csv", "--by", "khan", "-f", "json"]);
    run.code(0).stderr_has(
        "warning: inspections.csv: column 3 \"Where\" (#adm2+name) is ignored: khan is read from column 4 \"Where code\"\n",
    );
    assert_eq!(run.json()["khans"][3]["inspections"], 1, "1204 Tuol Kouk");
    // A rule may name a column by its tag, and wins over the order of the tags.
    let run = env.run(&[
        "report",
        "inspections.csv",
        "--map",
        "khan=#ADM2 +name",
        "--by",
        "khan",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(run.json()["khans"][7]["inspections"], 1, "1208 Saensokh");
    // Two columns with the same tag: which one is for the user to say.
    env.write(
        "inspections.csv",
        "Raid,Date,Where,There,Premises,Foreign nationals,of whom women\n\
         #activity+id,#date+occurred,#adm2+name,#adm2+name,#loc+type,#affected,#affected+f\n\
         R-12,2026-02-05,Sen Sok,1204,condominium,40,12\n",
    );
    env.run(&["report", "inspections.csv"]).code(3).stderr_has(
        "error: inspections.csv:1: column 3 \"Where\" and column 4 \"There\" are both tagged #adm2+name: say which holds khan with --map khan=Where\n",
    );
    // A rule wins over both.
    let run = env.run(&[
        "report",
        "inspections.csv",
        "--map",
        "khan=There",
        "--by",
        "khan",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(run.json()["khans"][3]["inspections"], 1, "1204 Tuol Kouk");
}

#[test]
fn a_row_that_only_looks_like_tags_is_data() {
    let env = TestEnv::new();
    // `#1` is no tag (a tag's word starts with a letter), and a note is no tag either.
    env.write(
        "arrests.csv",
        "arrest_id,date,khan,nationality,notes
#1,,,,
#2,2026-02-05,Sen Sok,CN,#3 in the photo
",
    );
    let run = env.run(&["validate", "arrests.csv", "-f", "json"]);
    run.code(3);
    let json = run.json();
    assert_eq!(counts(&json), arrests(2, 1, 1));
    assert_eq!(json["problems"][0]["line"], 2);
}

#[test]
fn report_csv_with_hxl_tags_every_column() {
    let env = TestEnv::new();
    let run = env.run(&["report", "--by", "nationality", "-f", "csv", "--hxl"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "code,name,detained,detained_share_pct,women_detained,men_detained,sex_not_recorded,defendants,ringleaders",
            "#country+code,#country+name,#affected+detained,#affected+detained+pct,#affected+detained+f,#affected+detained+m,#affected+detained+sex_unknown,#affected+prosecuted,#affected+prosecuted+ringleader",
            "VN,Vietnam,64,22.54,13,51,0,0,0",
        ]
    );
    for by in [
        "khan",
        "nationality",
        "date",
        "premises",
        "operation",
        "case",
        "khan,nationality",
    ] {
        let run = env.run(&["report", "--by", by, "-f", "csv", "--hxl"]);
        run.code(0);
        let mut lines = run.stdout.lines();
        let header = lines.next().unwrap().split(',').count();
        let tags: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(tags.len(), header, "{by}");
        assert!(
            tags.iter().all(|t| t.starts_with('#') && t.len() > 1),
            "{by}: {tags:?}"
        );
        // Without --hxl the same CSV has no tags.
        let plain = env.run(&["report", "--by", by, "-f", "csv"]);
        let mut tagged: Vec<&str> = run.stdout.lines().collect();
        tagged.remove(1);
        assert_eq!(plain.stdout.lines().collect::<Vec<_>>(), tagged, "{by}");
    }
    let run = env.run(&["report", "--by", "khan,nationality", "-f", "csv", "--hxl"]);
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("#adm2+code,#adm2+name,#affected+detained+vn,#affected+detained+cn,")
    );
    env.run(&["report", "-f", "json", "--hxl"]).code(2).stderr_has(
        "error: --hxl adds a row of HXL hashtags under a CSV header: use it with --format csv\n",
    );
}

#[test]
fn report_csv_with_hxl_reads_back_in_a_tool_that_skips_the_tags() {
    // The tag row sits where HXL tools look for it: directly under the header.
    let env = TestEnv::new();
    let run = env.run(&[
        "report", "--by", "khan", "-f", "csv", "--hxl", "-o", "k.csv",
    ]);
    run.code(0);
    let text = env.read("k.csv");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("#adm2+code,#adm2+name,")
    );
    assert_eq!(text.lines().count(), 2 + 14);
}

#[test]
fn an_unqualified_rule_applies_to_every_kind_that_has_the_field() {
    let env = TestEnv::new();
    env.write("d/inspections.csv", TWO_KINDS_INSPECTIONS);
    env.write("d/arrests.csv", TWO_KINDS_ARRESTS);
    let run = env.run(&["report", "d", "--map", "khan=District", "-f", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(
        kind_counts(&json),
        [
            ("inspections".to_owned(), 2, 2, 0),
            ("arrests".to_owned(), 3, 3, 0)
        ]
    );
    assert_eq!(json["khans"][7]["inspections"], 1);
    assert_eq!(json["khans"][7]["detained"], 2);
    // Named for one kind, it leaves the other to read its District column as the district,
    // where a Khan's name finds the same Khan.
    let run = env.run(&[
        "report",
        "d",
        "--map",
        "arrests.khan=District",
        "-f",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["khans"][7]["inspections"], 1);
    assert_eq!(json["khans"][7]["detained"], 2);
    let run = env.run(&[
        "report",
        "d",
        "--map",
        "arrests.khan=District",
        "--map",
        "inspection.khan=District",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(run.json()["khans"][7]["detained"], 2);
}

#[test]
fn rules_that_cannot_be_followed_are_wrong_usage() {
    let env = newsroom();
    for (args, message) in [
        (
            &["--map", "District"][..],
            "error: --map \"District\": expected FIELD=COLUMN, the field crackdown reads and the column of your file that holds it, e.g. --map khan=District\n",
        ),
        (
            &["--map", "distrct=District"],
            "error: --map distrct=District: \"distrct\" is not a field of any kind; did you mean district?\n",
        ),
        (
            &["--map", "kahn=District"],
            "error: --map kahn=District: \"kahn\" is not a field of any kind; did you mean khan?\n",
        ),
        (
            &["--map", "khan=District", "--map", "arrests.khan=Raid"],
            "error: --map khan=District and --map arrests.khan=Raid both say which column holds khan of arrests: keep one\n",
        ),
        (
            &["--map", "arrest_id=ID", "--map", "inspection_id=ID"],
            "error: --map arrest_id=ID and --map inspection_id=ID both read column \"ID\" of arrests, one for arrest_id and one for inspection_id: a column holds one field; name the kind to apply a rule to one kind only, e.g. --map arrests.inspection_id=ID\n",
        ),
        (
            &["--map-file", "nowhere.toml"],
            "error: --map-file nowhere.toml does not exist\n",
        ),
    ] {
        let mut all = vec!["validate", "--arrests", "raids.csv"];
        all.extend(args);
        let run = env.run(&all);
        run.code(2);
        assert_eq!(run.stderr, message, "{args:?}");
    }
}

#[test]
fn a_mapping_file_that_is_not_one_is_wrong_usage_naming_its_line() {
    let env = newsroom();
    for (text, message) in [
        (
            "[arrests]\nkhan = District\n",
            "error: map.toml is not a valid mapping file: string values must be quoted, expected literal string (line 2)\n",
        ),
        (
            "[arrests]\nkhan = 3\n",
            "error: map.toml: [arrests] khan: the column must be text in quotes, e.g. khan = \"District\"\n",
        ),
        (
            "[raids]\nkhan = \"District\"\n",
            "error: map.toml: [raids]: \"raids\" is not a kind of record; expected inspections, arrests or prosecutions\n",
        ),
        (
            "[arrests]\nkhan = \"\"\n",
            "error: map.toml: [arrests] khan = \"\": no column named; write the name of the column that holds khan\n",
        ),
    ] {
        env.write("map.toml", text);
        let run = env.run(&[
            "validate",
            "--arrests",
            "raids.csv",
            "--map-file",
            "map.toml",
        ]);
        run.code(2);
        assert_eq!(run.stderr, message, "{text}");
    }
    // Rules at the top apply to every kind; --map replaces the file's rule for its field.
    env.write(
        "map.toml",
        "arrest_id = \"ID\"\n[arrests]\nkhan = \"Raid\"\n",
    );
    let run = env.run(&[
        "report",
        "--arrests",
        "raids.csv",
        "--map-file",
        "map.toml",
        "--map",
        "khan=District",
        "-f",
        "json",
    ]);
    run.code(0);
    assert_eq!(detained_per_khan(&run.json()), raids_per_khan());
    assert!(!run.stderr.contains("map.toml"), "{}", run.stderr);
}

#[test]
fn a_rule_whose_column_no_file_has_is_warned_about() {
    let env = newsroom();
    let run = env.run(&[
        "validate",
        "--arrests",
        "raids.csv",
        "--map-file",
        "raids.toml",
        "--map",
        "sex=Gender",
        "--map",
        "notes=Remarks",
    ]);
    run.code(0);
    run.stderr_has(
        "warning: --map sex=Gender: no file read has a column \"Gender\"; the rule is unused\n",
    )
    .stderr_has(
        "warning: --map notes=Remarks: no file read has a column \"Remarks\"; the rule is unused\n",
    );
    // A rule whose column is not there leaves the field to the column of its own name: a
    // District column is read as the district, where a Khan's name finds the Khan.
    let run = env.run(&[
        "validate",
        "--arrests",
        "raids.csv",
        "--map",
        "khan=Distrct",
        "--map",
        "arrest_id=ID",
    ]);
    run.code(0).stderr_has(
        "warning: --map khan=Distrct: no file read has a column \"Distrct\"; the rule is unused\n",
    );
}

#[test]
fn a_field_named_by_its_own_name_and_by_a_rule_is_an_error_naming_both_columns() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        "arrest_id,date,khan,District,nationality\nA-1,2026-02-05,Sen Sok,Toul Kork,CN\n",
    );
    let run = env.run(&["validate", "arrests.csv", "--map", "khan=District"]);
    run.code(3);
    assert_eq!(
        run.stderr,
        "error: arrests.csv:1: khan is named twice: column 3 \"khan\" is khan, and --map khan=District reads column 4 \"District\" for it; drop the rule or one of the columns\n"
    );
}

#[test]
fn json_keys_are_mapped_by_the_same_rules() {
    let env = TestEnv::new();
    env.write("raids.ndjson", RAIDS_NDJSON);
    let run = env.run(&[
        "report",
        "--arrests",
        "raids.ndjson",
        "--map",
        "khan=District",
        "--map",
        "arrest_id=ID",
        "-f",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(counts(&json), arrests(3, 3, 0));
    assert_eq!(detained_per_khan(&json), [(1204, 1), (1208, 2)]);
    // Without the rules, each key is named with the rule that would read it.
    let run = env.run(&["validate", "--arrests", "raids.ndjson"]);
    run.code(3)
        .stderr_has("warning: raids.ndjson: key \"ID\" is not one of the arrests columns; it is ignored (expected: arrest_id, date, khan, nationality, sex, operation_id, inspection_id, source, notes, province, district); it looks like arrest_id: to read it, add --map arrest_id=ID\n");
}

#[test]
fn piped_records_are_mapped_too() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(
        &[
            "report",
            "--map-file",
            "raids.toml",
            "--by",
            "khan",
            "-f",
            "csv",
            "--hxl",
        ],
        RAIDS,
    );
    // No file of that name here: wrong usage, before standard input is read.
    run.code(2)
        .stderr_has("error: --map-file raids.toml does not exist\n");
    env.write("raids.toml", RAIDS_TOML);
    let run = env.run_with_stdin(&["report", "--map-file", "raids.toml", "-f", "json"], RAIDS);
    run.code(0);
    assert_eq!(detained_per_khan(&run.json()), raids_per_khan());
}

//! Every JSON document crackdown reads or writes has a JSON Schema in docs/, with relative `$id`s
//! that resolve within that folder; real output, and the published.json crackdown reads, are
//! checked against them here, clean and with problems.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn the_schemas_are_valid_and_their_references_resolve() {
    for name in [
        "document.schema.json",
        "report.schema.json",
        "validate.schema.json",
        "reconcile.schema.json",
        "published.schema.json",
        "statements.schema.json",
    ] {
        // Building a validator resolves every $ref; a dangling one fails here.
        let _ = schema(name);
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs")
                .join(name),
        )
        .unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["$id"], name, "the $id of {name} is its own file name");
    }
}

#[test]
fn validate_output_matches_its_schema_clean_and_with_problems() {
    let env = TestEnv::new();
    let clean = env.run(&["validate", "-f", "json"]).code(0).json();
    assert_schema("validate.schema.json", &clean);
    assert_eq!(clean["problems"], Value::Array(vec![]));

    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,Nowhere,CN,M,,,,\nA-1,2026-02-03,1204,XX,,,,,\n"),
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    let json = run.code(3).json();
    assert_schema("validate.schema.json", &json);
    let codes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["unknown-khan", "duplicate-id", "unknown-nationality"]
    );

    // A document that breaks the schema is caught: the check can fail.
    let mut broken = json.clone();
    broken["problems"][0]["code"] = Value::from("no-such-code");
    assert!(!schema("validate.schema.json").is_valid(&broken));
}

#[test]
fn reconcile_output_matches_its_schema_agreeing_and_differing() {
    let env = TestEnv::new();
    let agreeing = env.run(&["reconcile", "-f", "json"]).code(0).json();
    assert_schema("reconcile.schema.json", &agreeing);
    env.write(
        "published.json",
        r#"{"name": "mine", "figures": [{"figure": "detained", "value": 300}, {"figure": "detained", "nationality": "CN", "value": 1}]}"#,
    );
    let differing = env
        .run(&["reconcile", "--published", "published.json", "-f", "json"])
        .code(1)
        .json();
    assert_schema("reconcile.schema.json", &differing);
    assert_eq!(differing["lines"][1]["nationality"], "CN");
}

#[test]
fn the_published_figures_crackdown_reads_match_their_schema() {
    let built_in: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/phnom-penh-2026-02/published.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_schema("published.schema.json", &built_in);
    // What crackdown refuses, the schema refuses too.
    let mut misspelt = built_in.clone();
    misspelt["peroid"] = misspelt["period"].take();
    assert!(!schema("published.schema.json").is_valid(&misspelt));
    let env = TestEnv::new();
    env.write("p.json", misspelt.to_string());
    env.run(&["reconcile", "--published", "p.json"]).code(3);
}

#[test]
fn the_table_schema_of_each_kind_lists_its_columns_in_order() {
    let env = TestEnv::new();
    for (kind, header, id) in [
        ("inspections", INSPECTIONS_HEADER, "inspection_id"),
        ("arrests", ARRESTS_HEADER, "arrest_id"),
        ("prosecutions", PROSECUTIONS_HEADER, "defendant_id"),
    ] {
        let schema = env.run(&["schema", kind]).code(0).json();
        let names: Vec<&str> = schema["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        // Records outside Phnom Penh name their province and district in two more columns.
        let header = match kind {
            "prosecutions" => header.to_owned(),
            _ => format!("{},province,district\n", header.trim_end()),
        };
        assert_eq!(names.join(",") + "\n", header, "{kind}");
        assert_eq!(schema["primaryKey"], serde_json::json!([id]));
    }
    env.run(&["schema", "defendants"])
        .code(2)
        .stderr_has("invalid value 'defendants'");
}

/// The committed Data Package of the built-in dataset is what `crackdown schema package` writes,
/// so the two cannot drift apart; CI runs `frictionless validate` on it.
#[test]
fn the_built_in_data_package_is_current() {
    let env = TestEnv::new();
    let run = env.run(&["schema", "package"]);
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/phnom-penh-2026-02/datapackage.json"
    ))
    .unwrap();
    assert_eq!(
        run.code(0).stdout,
        committed,
        "regenerate with: crackdown schema package -o data/phnom-penh-2026-02/datapackage.json"
    );
    let package: Value = serde_json::from_str(&committed).unwrap();
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["inspections.csv", "arrests.csv", "prosecutions.csv"]
    );
}

#[test]
fn a_data_package_describes_the_files_of_a_directory() {
    let env = TestEnv::new();
    env.write(
        "My Records/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,M,,,,\n"),
    );
    env.write(
        "My Records/Inspections.ndjson",
        r#"{"inspection_id":"I-1","date":"2026-02-03","khan":"1204","premises_type":"hotel","foreigners_identified":1,"women_identified":0}"#,
    );
    let package = env.run(&["schema", "package", "My Records"]).code(0).json();
    assert_eq!(package["name"], "my-records");
    let resources: Vec<(&str, &str)> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap(), r["format"].as_str().unwrap()))
        .collect();
    assert_eq!(
        resources,
        [("Inspections.ndjson", "jsonl"), ("arrests.csv", "csv")]
    );
}

/// A problem in a workbook names its sheet and cell; the counts of a kind read from several
/// files name each file: the schema describes both.
#[test]
fn workbook_problems_and_counts_per_file_match_the_schema() {
    let env = TestEnv::new();
    env.write(
        "arrests.xlsx",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sheets/arrests.xlsx"
        ))
        .unwrap(),
    );
    env.write(
        "more/arrests.csv",
        format!("{ARRESTS_HEADER}B-1,2026-02-03,1204,CN,,,,,\n"),
    );
    let json = env
        .run(&[
            "validate",
            "--arrests",
            "arrests.xlsx",
            "--arrests",
            "more/arrests.csv",
            "--sheet",
            "Arrests",
            "-f",
            "json",
        ])
        .code(3)
        .json();
    assert_schema("validate.schema.json", &json);
    let problem = &json["problems"][0];
    assert_eq!(
        (&problem["sheet"], &problem["cell"]),
        (&Value::from("Arrests"), &Value::from("D7"))
    );
    assert_eq!(json["counts"][0]["files"].as_array().unwrap().len(), 2);
    let mut extra = json.clone();
    extra["problems"][0]["row"] = Value::from(7);
    assert!(
        !schema("validate.schema.json").is_valid(&extra),
        "unknown keys are caught"
    );
}

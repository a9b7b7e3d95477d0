//! Published statements through the binary: every row counted or refused, the rules across rows
//! (breakdowns, cumulative series, conflicts), the report in every format, and the embedded
//! campaign dataset.

mod common;

use common::{TestEnv, problem_rows, small_dataset};

const HEADER: &str = "statement_id,published,period_start,period_end,scope,province,district,figure,nationality,value,qualifier,source_url,outlet,title,quote\n";

fn statements(env: &TestEnv, dir: &str, rows: &str) {
    env.write(&format!("{dir}/statements.csv"), format!("{HEADER}{rows}"));
}

#[test]
fn a_figure_without_a_source_is_refused_with_its_line_and_column() {
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "s1,2025-07-23,2025-06-27,2025-07-22,country,,,detained,,3075,exact,,Khmer Times,,\n\
         s2,2025-07-23,2025-06-27,2025-07-22,country,,,deported,,10,exact,,,,\n",
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let problems = problem_rows(&run.json());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 3);
    assert_eq!(problems[0].column, "source_url");
    assert_eq!(problems[0].code, "missing-source");
    let counts = &run.json()["counts"][0];
    assert_eq!(counts["kind"], "statements");
    assert_eq!(
        (counts["read"].as_u64(), counts["used"].as_u64()),
        (Some(2), Some(1))
    );
    // The report refuses the input in strict mode, and leaves the row out with --lenient.
    env.run(&["report", "d"])
        .code(3)
        .stderr_has("every figure has a source");
    let lenient = env.run(&["report", "d", "--lenient", "-f", "json"]);
    lenient.code(0);
    let json = lenient.json();
    assert_eq!(json["counts"]["rejected"], 1);
    assert_eq!(json["figures"].as_array().unwrap().len(), 1);
}

#[test]
fn values_are_read_with_the_programs_date_and_nationality_readers() {
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "a,23 July 2025,2025-06-27,22/07/2025,country,,,detained,China,10,exact,,X,,\n\
         b,2025-07-23,2025-06-27,2025-07-22,country,,,detained,Chinese,10,exact,,Y,,\n\
         c,2025-07-23,2025-06-27,2025-07-22,country,,,detained,CN,10,about,,Z,,\n\
         d,2025-07-23,2025-06-27,2025-07-22,country,,,arrested,,10,exact,,Z,,\n\
         e,2025-07-23,2025-06-27,2025-07-22,country,,,detained,Atlantis,10,roughly,,Z,,\n\
         f,2025-07-23,2025-07-27,2025-07-22,province,,,detained,,10,exact,,Z,,\n",
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let codes: Vec<(u64, String, String)> = problem_rows(&run.json())
        .into_iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    let expected = [
        (5, "figure", "unknown-value"),
        (6, "nationality", "unknown-nationality"),
        (6, "qualifier", "unknown-value"),
        (7, "period_end", "period-reversed"),
        (7, "province", "scope-mismatch"),
    ]
    .map(|(l, c, k)| (l, c.to_owned(), k.to_owned()));
    assert_eq!(codes, expected);
    let report = env.run(&["report", "d", "--lenient", "-f", "json"]);
    let json = report.json();
    let nationalities: Vec<&str> = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["values"].as_array().unwrap())
        .map(|v| v["statement_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        nationalities,
        ["a", "b", "c"],
        "China, Chinese and CN are one"
    );
    assert_eq!(json["nationalities"][0]["nationality"], "CN");
}

#[test]
fn a_breakdown_that_exceeds_its_total_refuses_the_total() {
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "t,2025-07-23,2025-06-27,2025-07-22,country,,,detained,,3075,exact,,Khmer Times,,\n\
         cn,2025-07-23,2025-06-27,2025-07-22,country,,,detained,CN,2000,exact,,Khmer Times,,\n\
         vn,2025-07-23,2025-06-27,2025-07-22,country,,,detained,VN,1100,exact,,Khmer Times,,\n\
         w,2025-07-23,2025-06-27,2025-07-22,country,,,women_detained,,606,exact,,Khmer Times,,\n\
         other,2025-07-23,2025-06-27,2025-07-22,country,,,detained,ID,3000,exact,,Other outlet,,\n\
         t2,2025-07-23,2025-06-27,2025-07-22,country,,,detained,,3000,at least,,Fourth,,\n\
         p2,2025-07-23,2025-06-27,2025-07-22,country,,,detained,CN,3100,exact,,Fourth,,\n",
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let problems = problem_rows(&run.json());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!((p.line, p.code.as_str()), (2, "breakdown-exceeds-total"));
    assert!(p.reason.contains("3,100"), "{}", p.reason);
    assert!(p.reason.contains("China 2,000 (line 3)"), "{}", p.reason);
    // Another source's part, and a total given as "at least", are not its breakdown.

    // Women above their total are the same problem.
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "t,,2025-06-27,2025-07-22,province,Kandal,,detained,,100,exact,https://example.org/a,,,\n\
         w,,2025-06-27,2025-07-22,province,kandal,,women_detained,,101,exact,https://example.org/a,,,\n",
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(3);
    let problems = problem_rows(&run.json());
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.line, p.code.as_str()))
            .collect::<Vec<_>>(),
        [(2, "breakdown-exceeds-total")]
    );
}

#[test]
fn a_cumulative_series_that_falls_is_said_and_kept() {
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "a,,2025-06-27,2025-07-16,country,,,detained,,1362,exact,,A,,\n\
         b,,2025-06-27,2025-07-18,country,,,detained,,2137,exact,,B,,\n\
         c,,2025-06-27,2025-07-20,country,,,detained,,2000,exact,,C,,\n\
         d,,2025-06-27,2025-07-22,country,,,detained,,3075,exact,,D,,\n\
         e,,2025-06-28,2025-07-24,country,,,detained,,10,exact,,E,,\n",
    );
    let run = env.run(&["report", "d", "-f", "json"]);
    run.code(0).stderr_has("falls");
    let json = run.json();
    let warnings: Vec<(u64, &str)> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["line"].as_u64().unwrap(), w["code"].as_str().unwrap()))
        .collect();
    assert_eq!(warnings, [(4, "cumulative-falls")]);
    assert_eq!(json["counts"]["used"], 5, "the statement is kept");
    // validate says it too, and the data is still clean.
    env.run(&["validate", "d"]).code(0).stderr_has("falls");
}

#[test]
fn a_conflict_shows_both_values_and_both_sources_in_every_format() {
    let env = TestEnv::new();
    statements(
        &env,
        "d",
        "om,,2025-06-27,2025-07-22,country,,,detained,ID,339,exact,https://example.org/om,Outlook Money,,\n\
         gg,2025-07-24,2025-06-27,2025-07-22,country,,,detained,Indonesian,366,exact,https://example.org/gg,Global Governance News,,\n\
         same,2025-07-24,2025-06-27,2025-07-22,country,,,detained,VN,693,exact,,Global Governance News,,\n\
         same2,,2025-06-27,2025-07-22,country,,,detained,VN,693,exact,,Outlook Money,,\n",
    );
    let json = env.run(&["report", "d", "-f", "json"]).code(0).json();
    let conflicts = json["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "equal values are no conflict");
    let values: Vec<(u64, &str)> = conflicts[0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["value"].as_u64().unwrap(), v["outlet"].as_str().unwrap()))
        .collect();
    assert_eq!(
        values,
        [(339, "Outlook Money"), (366, "Global Governance News")]
    );
    let entry = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["nationality"] == "ID")
        .unwrap();
    assert_eq!(entry["conflict"], true);
    assert_eq!(entry["values"].as_array().unwrap().len(), 2);
    let mean = (339 + 366) / 2;
    assert!(
        !env.run(&["report", "d", "-f", "json"])
            .stdout
            .contains(&mean.to_string())
    );

    let table = env.run(&["report", "d"]);
    table
        .code(0)
        .stdout_has("Conflicts")
        .stdout_has("339")
        .stdout_has("366");
    table
        .stderr_has("sources differ")
        .stderr_has("Outlook Money")
        .stderr_has("Global Governance News");
    let md = env.run(&["report", "d", "-f", "markdown"]);
    md.code(0).stdout_has("| 339 ≠ |").stdout_has("| 366 ≠ |");
    let csv = env.run(&["report", "d", "-f", "csv"]);
    csv.code(0);
    let rows: Vec<&str> = csv.stdout.lines().filter(|l| l.contains(",ID,")).collect();
    assert_eq!(rows.len(), 2, "{}", csv.stdout);
    assert!(rows.iter().all(|r| r.contains(",true,")), "{rows:?}");
    let ndjson = env.run(&["report", "d", "-f", "ndjson"]);
    let lines: Vec<serde_json::Value> = ndjson
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines.iter().filter(|l| l["conflict"] == true).count(), 2);
}

#[test]
fn statements_beside_records_and_by_option() {
    let env = TestEnv::new();
    small_dataset(&env, "d");
    statements(
        &env,
        "d",
        "s1,,2026-02-03,2026-02-18,province,Phnom Penh,,detained,,284,exact,,Somewhere,,\n",
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    run.code(0);
    let json = run.json();
    let kinds: Vec<&str> = json["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["inspections", "arrests", "prosecutions", "statements"]
    );
    // The report of the records says where the statements are reported.
    env.run(&["report", "d"])
        .code(0)
        .stderr_has("d/statements.csv holds published statements")
        .stderr_has("crackdown report d/statements.csv");
    // --statements names another file instead of the directory's.
    env.write(
        "other.csv",
        format!("{HEADER}x,,2026-02-03,2026-02-18,country,,,deported,,1,exact,,,,\n"),
    );
    let run = env.run(&["validate", "d", "--statements", "other.csv", "-f", "json"]);
    run.code(3).stderr_has("d/statements.csv is not read");
    // A file of statements alone, named as DATA.
    let run = env.run(&["report", "d/statements.csv", "-f", "json"]);
    run.code(0);
    assert_eq!(run.json()["kind"], "statements");
    env.run(&["report", "d/statements.csv", "--by", "khan"])
        .code(2)
        .stderr_has("statements, not records");
}

#[test]
fn a_statements_file_has_exactly_its_columns() {
    let env = TestEnv::new();
    env.write(
        "d/statements.csv",
        "statement_id,figure,value\ns,detained,1\n",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stderr_has("missing columns published");
    env.write(
        "d/statements.csv",
        HEADER.replace("quote", "quote,extra") + "\n",
    );
    env.run(&["validate", "d"])
        .code(3)
        .stderr_has("\"extra\" is not a column");
}

#[test]
fn the_campaign_dataset_is_embedded_and_selected_by_name() {
    let env = TestEnv::new();
    let run = env.run(&["report", "cambodia-campaign", "-f", "json"]);
    run.code(0).stderr_has("embedded dataset cambodia-campaign");
    let json = run.json();
    assert_eq!(json["kind"], "statements");
    assert_eq!(json["dataset"]["name"], "cambodia-campaign");
    let c = &json["counts"];
    assert_eq!(
        c["read"].as_u64().unwrap(),
        c["used"].as_u64().unwrap() + c["rejected"].as_u64().unwrap()
    );
    assert_eq!(c["rejected"], 0, "the embedded file is clean");
    // Every value shown has a source.
    for list in ["figures", "provinces", "nationalities"] {
        for entry in json[list].as_array().unwrap() {
            for v in entry["values"].as_array().unwrap() {
                assert!(!v["outlet"].is_null() || !v["source_url"].is_null(), "{v}");
            }
        }
    }
    env.run(&["validate", "cambodia-campaign"]).code(0);
    // A directory of that name wins over the embedded dataset.
    statements(
        &env,
        "cambodia-campaign",
        "x,,2026-02-03,2026-02-18,country,,,deported,,1,exact,,Here,,\n",
    );
    let run = env.run(&["report", "cambodia-campaign", "-f", "json"]);
    assert_eq!(run.code(0).json()["counts"]["read"], 1);
}

#[test]
fn the_statements_report_matches_its_schema_and_the_figures_the_vocabulary() {
    let env = TestEnv::new();
    let json = env
        .run(&["report", "cambodia-campaign", "-f", "json"])
        .code(0)
        .json();
    common::assert_schema("statements.schema.json", &json);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/statements.schema.json")).unwrap();
    let listed: Vec<&str> = schema["$defs"]["figure"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let figures: Vec<&str> = crackdown::statements::Figure::ALL
        .iter()
        .map(|f| f.key())
        .collect();
    assert_eq!(listed, figures);
    let mut broken = json.clone();
    broken["figures"][0]["values"][0]["qualifier"] = serde_json::Value::from("roughly");
    assert!(!common::schema("statements.schema.json").is_valid(&broken));
}

/// Side A: three arrests in records; side B: statements, one of them a published 0.
fn two_sides(env: &TestEnv) {
    small_dataset(env, "a");
    env.write(
        "b/statements.csv",
        format!(
            "{HEADER}\
d,,2026-02-01,2026-02-28,country,,,detained,,0,exact,,Outlet B,,\n\
p,,2026-02-01,2026-02-28,country,,,deported,,5,about,https://example.org/p,,,\n\
i1,,2026-02-01,2026-02-28,country,,,locations_raided,,7,exact,,One,,\n\
i2,,2026-02-01,2026-02-28,country,,,locations_raided,,9,exact,,Two,,\n"
        ),
    );
}

#[test]
fn compare_shows_unknown_never_zero_and_a_published_zero_as_zero() {
    let env = TestEnv::new();
    two_sides(&env);
    let run = env.run(&["compare", "a", "b", "-f", "json"]);
    let json = run.code(0).json();
    assert_eq!(json["kind"], "comparison");
    let figure = |key: &str| {
        json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .clone()
    };
    let detained = figure("detained");
    assert_eq!(detained["a"]["value"], 3);
    assert_eq!(detained["b"]["known"], "value");
    assert_eq!(detained["b"]["value"], 0);
    assert_eq!(detained["difference"], -3);
    let deported = figure("deported");
    assert_eq!(deported["a"]["known"], "unknown");
    assert!(deported["a"].get("value").is_none());
    assert_eq!(deported["b"]["qualifier"], "about");
    assert!(deported["difference"].is_null() && deported["ratio"].is_null());
    let raided = figure("locations_raided");
    assert_eq!(raided["b"]["known"], "conflict");
    let values: Vec<u64> = raided["b"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_u64().unwrap())
        .collect();
    assert_eq!(values, [7, 9]);
    assert!(
        json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["figure"] != "devices_seized")
    );
    // Nationalities: counted on A, not known on B.
    let vn = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "VN")
        .unwrap();
    assert_eq!(vn["a"]["value"], 2);
    assert_eq!(vn["b"]["known"], "unknown");
    assert!(vn["b_share_pct"].is_null());
}

#[test]
fn compare_writes_every_format() {
    let env = TestEnv::new();
    two_sides(&env);
    let table = env.run(&["compare", "a", "b"]);
    table.code(0);
    let line = |text: &str, label: &str| {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} in\n{text}"))
            .to_owned()
    };
    let deported = line(&table.stdout, "deported");
    assert!(
        deported.contains("unknown") && deported.contains("about 5"),
        "{deported}"
    );
    assert!(!deported.contains(" 0 "), "{deported}");
    let raided = line(&table.stdout, "locations raided");
    assert!(
        raided.contains("7 or 9") && raided.contains("sources differ"),
        "{raided}"
    );
    table
        .stdout_has("Outlet B")
        .stdout_has("https://example.org/p");

    let md = env.run(&["compare", "a", "b", "-f", "markdown"]);
    let deported = line(&md.code(0).stdout, "| deported |");
    assert_eq!(
        deported,
        "| deported | unknown | about 5 | unknown | unknown |"
    );

    let csv = env.run(&["compare", "a", "b", "-f", "csv"]);
    csv.code(0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let deported = rows
        .iter()
        .find(|r| &r[col("figure")] == "deported")
        .unwrap();
    assert_eq!(&deported[col("a")], "", "unknown is empty, not 0");
    assert_eq!(&deported[col("b")], "5");
    let detained = rows
        .iter()
        .find(|r| &r[col("figure")] == "detained" && r[col("nationality")].is_empty())
        .unwrap();
    assert_eq!((&detained[col("a")], &detained[col("b")]), ("3", "0"));
    assert_eq!(&detained[col("difference")], "-3");

    let ndjson = env.run(&["compare", "a", "b", "-f", "ndjson"]);
    let first: serde_json::Value =
        serde_json::from_str(ndjson.code(0).stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["figure"], "detained");
    assert_eq!(first["b"], 0);

    // One dataset, two periods.
    let periods = env.run(&[
        "compare",
        "a",
        "--a-to",
        "2026-02-03",
        "--b-from",
        "2026-02-04",
        "-f",
        "json",
    ]);
    let json = periods.code(0).json();
    let detained = &json["figures"][0];
    assert_eq!(detained["figure"], "detained");
    assert_eq!(
        (
            detained["a"]["value"].as_u64(),
            detained["b"]["value"].as_u64()
        ),
        (Some(2), Some(1))
    );
    env.run(&["compare", "a", "b", "a"]).code(2);
}

#[test]
fn one_statement_on_both_sides_is_no_change_and_its_place_is_the_gazetteers() {
    let env = TestEnv::new();
    statements(
        &env,
        "c",
        "\
s1,2025-07-23,2025-06-27,2025-07-22,country,,,detained,,3075,exact,,Khmer Times,,
s2,2025-07-23,2025-06-27,2025-07-22,country,,,women_detained,,606,exact,,Khmer Times,,
s3,2025-12-19,2025-06-27,2025-12-18,country,,,detained,,4983,exact,,AKP,,
s4,2025-07-17,2025-07-16,2025-07-16,district,Kratie,Snuol,detained,,312,exact,,VOD,,
s5,2025-07-17,2025-07-16,2025-07-16,district,,Samraong,detained,,12,exact,,VOD,,
",
    );
    let run = env.run(&[
        "compare",
        "c",
        "--a-to",
        "2025-07-22",
        "--b-to",
        "2025-12-18",
        "-f",
        "json",
        "--lenient",
    ]);
    let json = run.code(0).json();
    let figure = |key: &str| {
        json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(figure("detained")["difference"], 1908);
    // The women detained are known for 27 June to 22 July only: the same statement on both
    // sides, so no difference of 0 is shown as a change.
    let women = figure("women_detained");
    assert_eq!(women["same_statement"], true);
    assert_eq!(women["difference"], serde_json::Value::Null);
    // A district is the gazetteer's, and one name of two provinces needs its province.
    let run = env.run(&["validate", "c", "-f", "json"]);
    let problems = problem_rows(&run.code(3).json());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].line, problems[0].code.as_str()),
        (6, "ambiguous-district")
    );
}

#[test]
fn a_difference_from_a_rough_value_is_said_to_be_rough() {
    let env = TestEnv::new();
    statements(
        &env,
        "c",
        "\
s1,2025-07-23,2025-06-27,2025-07-22,country,,,detained,,3075,exact,,Khmer Times,,
s2,2026-02-19,2026-02-03,2026-02-18,province,Phnom Penh,,detained,,300,nearly,,Orkun Santepheap,,
",
    );
    let args = [
        "compare",
        "c",
        "--a-to",
        "2025-07-22",
        "--b-from",
        "2026-02-03",
        "--b-province",
        "Phnom Penh",
    ];
    let json = env
        .run(&[&args[..], &["-f", "json"]].concat())
        .code(0)
        .json();
    let detained = &json["figures"][0];
    assert_eq!(detained["figure"], "detained");
    assert_eq!(detained["exact"], false);
    assert_eq!(detained["difference"], -2775);
    env.run(&args)
        .code(0)
        .stdout_has("nearly 300")
        .stdout_has("about −2,775");
}

/// The campaign dataset as committed: every row has the address it was read at and the words it
/// quotes, and each value is in its quote as the source writes it.
#[test]
fn every_campaign_statement_has_its_address_and_its_quote() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/cambodia-campaign/statements.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (url, quote, value) = (column("source_url"), column("quote"), column("value"));
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        assert!(record[url].starts_with("http"), "{record:?}");
        assert!(!record[quote].trim().is_empty(), "{record:?}");
        assert!(record[value].parse::<u64>().is_ok(), "{record:?}");
    }
    assert!(rows > 100, "{rows} rows");
}

#[test]
fn the_campaign_report_shows_the_two_indonesian_counts_as_a_conflict() {
    let env = TestEnv::new();
    let json = env
        .run(&["report", "cambodia-campaign", "-f", "json"])
        .code(0)
        .json();
    let conflict = json["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["figure"] == "detained" && c["nationality"] == "ID" && c["period_end"] == "2025-07-22"
        })
        .unwrap_or_else(|| panic!("{}", json["conflicts"]));
    let mut values: Vec<u64> = conflict["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_u64().unwrap())
        .collect();
    values.sort();
    assert_eq!(values, [339, 366]);
    // The June–July operation beside Phnom Penh's of February 2026: both headlines.
    env.run(&[
        "compare",
        "cambodia-campaign",
        "--a-from",
        "2025-06-27",
        "--a-to",
        "2025-07-22",
        "--b-from",
        "2026-02-03",
        "--b-to",
        "2026-02-18",
        "--b-province",
        "Phnom Penh",
    ])
    .code(0)
    .stdout_has("3,075")
    .stdout_has("nearly 300")
    .stdout_has("2,709")
    .stdout_has("21,104");
}

#[test]
fn compare_reads_one_dataset_once_and_says_its_problems_once() {
    let env = TestEnv::new();
    env.write(
        "r/arrests.csv",
        "arrest_id,date,khan,nationality,extra\nP-1,2026-02-03,Tuol Kouk,CN,x\nP-2,2026-02-31,Daun Penh,VN,y\nP-3,2026-02-05,Daun Penh,VN,z\n",
    );
    let run = env.run(&[
        "compare",
        "r",
        "--a-to",
        "2026-02-04",
        "--b-from",
        "2026-02-04",
        "--lenient",
        "-f",
        "json",
    ]);
    let json = run.code(0).json();
    assert_eq!(
        run.stderr.matches("column \"extra\"").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("no such day").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("left out (--lenient)").count(),
        1,
        "{}",
        run.stderr
    );
    let detained = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "detained")
        .unwrap()
        .clone();
    assert_eq!(
        (
            detained["a"]["value"].as_u64(),
            detained["b"]["value"].as_u64()
        ),
        (Some(1), Some(1))
    );

    // Two datasets: the problems of each are said, and the rejects file has the rows of both.
    env.write("s/arrests.csv", env.read("r/arrests.csv"));
    let run = env.run(&["compare", "r", "s", "--lenient", "--rejects", "rejects.csv"]);
    run.code(0);
    let rejects = env.read("rejects.csv");
    assert!(
        rejects.contains("r/arrests.csv,3,date") && rejects.contains("s/arrests.csv,3,date"),
        "{rejects}"
    );

    // The same statements on both sides: the note and the warnings about conflicts once.
    let run = env.run(&[
        "compare",
        "cambodia-campaign",
        "--a-to",
        "2025-06-30",
        "--b-from",
        "2025-06-27",
    ]);
    run.code(0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let mut unique = lines.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(lines.len(), unique.len(), "{}", run.stderr);
    assert!(run.stderr.contains("sources differ"), "{}", run.stderr);
}

#[test]
fn compare_marks_every_value_of_illustrative_records_that_is_not_published() {
    let env = TestEnv::new();
    let run = env.run(&[
        "compare",
        "phnom-penh-2026-02",
        "cambodia-campaign",
        "-f",
        "json",
    ]);
    let json = run.code(0).json();
    let figure = |json: &serde_json::Value, key: &str| {
        json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .clone()
    };
    // Published: the detained of the operation. Not published: the women among them.
    let detained = figure(&json, "detained");
    assert_eq!(detained["a"]["value"], 284);
    assert_eq!(detained["illustrative"], false);
    assert!(detained["a"]["sources"][0].get("illustrative").is_none());
    let women = figure(&json, "women_detained");
    assert_eq!(women["illustrative"], true);
    assert_eq!(women["a"]["sources"][0]["illustrative"], true);
    let table = env.run(&["compare", "phnom-penh-2026-02", "cambodia-campaign"]);
    let line = |needle: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{}", table.stdout))
            .to_owned()
    };
    // In tables a mark, which the heading explains; in CSV the words.
    table.stdout_has("* counted from illustrative records, not published");
    assert!(
        line("women detained").contains(" 52* "),
        "{}",
        line("women detained")
    );
    assert!(!line("│ detained").contains('*'));
    // The detained per nationality are published for the defendants only.
    assert!(line("Vietnam").contains("64*"), "{}", line("Vietnam"));
    env.run(&[
        "compare",
        "phnom-penh-2026-02",
        "cambodia-campaign",
        "-f",
        "csv",
    ])
    .code(0)
    .stdout_has("52 (illustrative)");

    // Two periods of the operation: the published figures are of the whole, so every value of
    // a part is the example's.
    let run = env.run(&[
        "compare",
        "phnom-penh-2026-02",
        "--a-to",
        "2026-02-10",
        "--b-from",
        "2026-02-11",
        "-f",
        "json",
    ]);
    let json = run.code(0).json();
    for f in json["figures"].as_array().unwrap() {
        assert_eq!(f["illustrative"], true, "{f}");
    }
}

#[test]
fn compare_reads_two_periods_of_standard_input() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(
        &["compare", "-", "--a-to", "2025-07-15", "--b-from", "2025-07-16", "-f", "json"],
        "arrest_id,date,province,district,nationality\nA1,2025-07-15,Preah Sihanouk,Sihanoukville,CN\nA2,2025-07-16,Banteay Meanchey,Poipet,N/A\nA3,2025-07-16,Kratie,,VN\n",
    );
    let json = run.code(0).json();
    let detained = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "detained")
        .unwrap()
        .clone();
    assert_eq!(detained["a"]["value"], 1);
    assert_eq!(detained["b"]["value"], 2);
}

//! Damage that used to merge records: a stray quote in a CSV field, a stray brace in a JSON
//! array. Every record of the file is still read; only the damaged ones are rejected, each on its
//! own line, so that `read` matches the records in the file.

mod common;

use common::*;
use serde_json::Value;

fn counts(json: &Value, kind: &str) -> (u64, u64, u64) {
    let entry = json["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no counts for {kind} in {json}"));
    let n = |k: &str| entry[k].as_u64().unwrap();
    (n("read"), n("used"), n("rejected"))
}

/// The problems of a `validate --format json` run as (line, code, column, value, reason).
fn problems(json: &Value) -> Vec<(u64, String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                text(&p["code"]),
                text(&p["column"]),
                text(&p["value"]),
                text(&p["reason"]),
            )
        })
        .collect()
}

/// The built-in arrests as written in the repository.
fn builtin_arrests() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/phnom-penh-2026-02/arrests.csv"
    );
    std::fs::read_to_string(path).unwrap()
}

/// The detained headline of a lenient report on `file`.
fn detained(env: &TestEnv, file: &str) -> u64 {
    let run = env.run(&["report", "--arrests", file, "--lenient", "-f", "json"]);
    run.code(0).json()["headline"]["detained"].as_u64().unwrap()
}

const STRAY_QUOTE_CSV: &str = "arrest_id,date,khan,nationality,notes\n\
A-1,2026-02-05,1204,VN,\"Mr X\n\
A-2,2026-02-05,1204,VN,\n\
A-3,2026-02-05,1204,VN,called \"boss\"\n\
A-4,2026-02-05,1204,VN,\n";

#[test]
fn a_stray_quote_rejects_its_row_and_the_rows_it_took_in_are_read() {
    let env = TestEnv::new();
    env.write("arrests.csv", STRAY_QUOTE_CSV);
    let run = env.run(&["validate", "--arrests", "arrests.csv", "-f", "json"]);
    let json = run.code(3).json();
    let found = problems(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    let (line, code, column, value, reason) = &found[0];
    assert_eq!((*line, code.as_str()), (2, "stray-quote"));
    assert_eq!((column.as_str(), value.as_str()), ("notes", "\"Mr X"));
    assert!(reason.contains("on line 2"), "{reason}");
    assert!(reason.contains("lines 3 to 4"), "{reason}");
    assert!(reason.ends_with("\"\"\"Mr X\""), "the fix: {reason}");
    assert_eq!(counts(&json, "arrests"), (4, 3, 1));

    env.run(&["validate", "--arrests", "arrests.csv"])
        .code(3)
        .stdout_has("arrests.csv:2: notes")
        .stdout_has("probable stray quote");
    env.run(&["report", "--arrests", "arrests.csv"])
        .code(3)
        .stdout_empty();
    let json = env
        .run(&[
            "validate",
            "--arrests",
            "arrests.csv",
            "--lenient",
            "-f",
            "json",
        ])
        .json();
    assert_eq!(counts(&json, "arrests"), (4, 3, 1));
    assert_eq!(detained(&env, "arrests.csv"), 3);
}

#[test]
fn crlf_and_lone_cr_files_with_a_stray_quote_keep_their_line_numbers() {
    let env = TestEnv::new();
    for end in ["\r\n", "\r"] {
        // A blank line, and a problem of its own on the last row, which must keep its line.
        let text = STRAY_QUOTE_CSV
            .replace("A-2,2026-02-05,1204,VN,\n", "A-2,2026-02-05,1204,VN,\n\n")
            .replace("A-4,2026-02-05,1204", "A-4,2026-02-05,Atlantis")
            .replace('\n', end);
        env.write("arrests.csv", &text);
        let json = env
            .run(&["validate", "--arrests", "arrests.csv", "-f", "json"])
            .code(3)
            .json();
        let found: Vec<(u64, String)> = problems(&json).into_iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(
            found,
            [(2, "stray-quote".into()), (6, "unknown-khan".into())],
            "{end:?}"
        );
        assert_eq!(counts(&json, "arrests"), (4, 2, 2), "{end:?}");
    }
}

#[test]
fn the_built_in_arrests_with_a_stray_quote_lose_one_row_not_ten() {
    let env = TestEnv::new();
    let lines: Vec<String> = builtin_arrests().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 285);
    let write = |name: &str, edit: &dyn Fn(&mut Vec<String>)| {
        let mut lines = lines.clone();
        edit(&mut lines);
        env.write(name, lines.join("\n") + "\n");
    };
    // A quote opening the notes of line 101, closed by a quote inside the notes of line 111.
    write("closed.csv", &|l| {
        l[100].push_str("\"Mr X");
        l[110].push_str("called \"boss\"");
    });
    // A quote opening the id of line 101, never closed.
    write("open.csv", &|l| l[100].insert(0, '"'));
    for (file, column) in [("closed.csv", "notes"), ("open.csv", "arrest_id")] {
        env.run(&["report", "--arrests", file])
            .code(3)
            .stderr_has(&format!("{file}:101: {column}"))
            .stderr_has("probable stray quote");
        assert_eq!(detained(&env, file), 283, "{file}");
        let json = env
            .run(&["validate", "--arrests", file, "-f", "json"])
            .code(3)
            .json();
        assert_eq!(counts(&json, "arrests"), (284, 283, 1), "{file}");
        let found = problems(&json);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        assert_eq!((found[0].0, found[0].2.as_str()), (101, column), "{file}");
    }
}

#[test]
fn quoted_notes_over_several_lines_and_quotes_inside_a_field_stay_clean() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        "arrest_id,date,khan,nationality,notes\n\
         A-1,2026-02-05,1204,VN,\"two lines\nof notes\"\n\
         A-2,2026-02-05,1204,VN,\"a list: one, two\r\nthree, four\"\n\
         A-3,2026-02-05,1204,VN,said \"boss\" twice\n\
         A-4,2026-02-05,1204,VN,a 5\" screen\n",
    );
    let json = env
        .run(&["validate", "--arrests", "arrests.csv", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(counts(&json, "arrests"), (4, 4, 0));
}

/// Five arrests, one object per line, a stray `{` in the second and a stray `}` in the fourth.
fn stray_braces_per_line(end: &str) -> String {
    let record = |i: u32| {
        format!(
            r#"{{"arrest_id": "A-{i}", "date": "2026-02-05", "khan": "1204", "nationality": "VN"}}"#
        )
    };
    let mut records: Vec<String> = (1..=5).map(record).collect();
    records[1] = records[1].replace(r#", "khan""#, r#", {"khan""#);
    records[3].push('}');
    format!("[{end}{}{end}]{end}", records.join(&format!(",{end}")))
}

/// The same five, pretty-printed with two spaces (each object takes six lines).
fn stray_braces_pretty(end: &str) -> String {
    let records: Vec<Value> = (1..=5)
        .map(|i| {
            serde_json::json!({
                "arrest_id": format!("A-{i}"),
                "date": "2026-02-05",
                "khan": "1204",
                "nationality": "VN",
            })
        })
        .collect();
    serde_json::to_string_pretty(&records)
        .unwrap()
        .replace("\"A-2\",", "\"A-2\", {")
        .replace("\"A-4\",", "\"A-4\"},")
        .replace('\n', end)
        + end
}

#[test]
fn stray_braces_in_a_json_array_damage_only_their_own_elements() {
    let env = TestEnv::new();
    for end in ["\n", "\r\n"] {
        for (layout, text, damaged) in [
            ("per-line", stray_braces_per_line(end), [3, 5]),
            ("pretty", stray_braces_pretty(end), [8, 20]),
        ] {
            env.write("arrests.json", &text);
            let json = env
                .run(&["validate", "--arrests", "arrests.json", "-f", "json"])
                .code(3)
                .json();
            assert_eq!(counts(&json, "arrests"), (5, 3, 2), "{layout} {end:?}");
            let found: Vec<(u64, String)> =
                problems(&json).into_iter().map(|p| (p.0, p.1)).collect();
            assert_eq!(
                found,
                [
                    (damaged[0], "malformed-json".into()),
                    (damaged[1], "malformed-json".into())
                ],
                "{layout} {end:?}"
            );
            assert_eq!(detained(&env, "arrests.json"), 3, "{layout} {end:?}");
        }
    }
}

#[test]
fn the_built_in_arrests_as_json_with_two_stray_braces_lose_two_rows() {
    let env = TestEnv::new();
    let text = builtin_arrests();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let records: Vec<Value> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Value::Object(
                headers
                    .iter()
                    .zip(r.iter())
                    .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(records.len(), 284);
    let per_line: Vec<String> = records.iter().map(Value::to_string).collect();
    let layouts = [
        format!("[\n{}\n]\n", per_line.join(",\n")),
        serde_json::to_string_pretty(&records).unwrap(),
    ];
    for (n, text) in layouts.into_iter().enumerate() {
        // A `{` after the id of the 100th arrest, a `}` after the date of the 102nd.
        let text = text.replacen("\"ARR-100\",", "\"ARR-100\", {", 1).replacen(
            "\"ARR-102\",",
            "\"ARR-102\"},",
            1,
        );
        env.write("arrests.json", text);
        assert_eq!(detained(&env, "arrests.json"), 282, "layout {n}");
        let json = env
            .run(&["validate", "--arrests", "arrests.json", "-f", "json"])
            .code(3)
            .json();
        assert_eq!(counts(&json, "arrests"), (284, 282, 2), "layout {n}");
    }
}

#[test]
fn a_stray_brace_in_ndjson_damages_only_its_line() {
    let env = TestEnv::new();
    let text = stray_braces_per_line("\n");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('{')).collect();
    for end in ["\n", "\r\n"] {
        let ndjson = lines
            .iter()
            .map(|l| l.trim_end_matches(','))
            .collect::<Vec<_>>()
            .join(end)
            + end;
        env.write("arrests.ndjson", ndjson);
        let json = env
            .run(&["validate", "--arrests", "arrests.ndjson", "-f", "json"])
            .code(3)
            .json();
        assert_eq!(counts(&json, "arrests"), (5, 3, 2), "{end:?}");
        let lines: Vec<u64> = problems(&json).iter().map(|p| p.0).collect();
        assert_eq!(lines, [2, 4], "{end:?}");
    }
}

//! Delimiters and encodings through the binary, on committed files as spreadsheets save them
//! (tests/fixtures/encodings/): semicolons with CRLF and a byte-order mark, tabs, UTF-16 with and
//! without a byte-order mark, windows-1252, and a separator only the command line can name.

mod common;

use common::*;
use serde_json::Value;

/// Copies the committed fixture `name` (under tests/fixtures/encodings) into the test's directory,
/// under the same name, so that problems name it the same on every machine.
fn fixture(env: &TestEnv, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/encodings/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    env.write(name, &bytes);
    bytes
}

/// Each problem as (file, line, column, value, code).
fn problems(json: &Value) -> Vec<(String, u64, String, String, String)> {
    let files: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap().to_owned())
        .collect();
    problem_rows(json)
        .into_iter()
        .zip(files)
        .map(|(p, file)| (file, p.line, p.column, p.value, p.code))
        .collect()
}

fn problem(
    file: &str,
    line: u64,
    column: &str,
    value: &str,
    code: &str,
) -> (String, u64, String, String, String) {
    (file.into(), line, column.into(), value.into(), code.into())
}

fn arrests(read: u64, used: u64, rejected: u64) -> Vec<(String, u64, u64, u64)> {
    vec![("arrests".to_owned(), read, used, rejected)]
}

/// Detained per Khan code in a `report --by khan -f json`, leaving out the Khans with none.
fn detained_per_khan(json: &Value) -> Vec<(u64, u64)> {
    json["khans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["code"].as_u64().unwrap(), k["detained"].as_u64().unwrap()))
        .filter(|&(_, detained)| detained > 0)
        .collect()
}

#[test]
fn a_semicolon_export_of_european_excel_is_read_with_its_own_line_numbers() {
    let env = TestEnv::new();
    let bytes = fixture(&env, "semicolon/arrests.csv");
    assert!(bytes.starts_with(b"\xef\xbb\xbfarrest_id;date;") && bytes.ends_with(b"\r\n"));

    let json = env
        .run(&["validate", "semicolon", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(6, 5, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "semicolon/arrests.csv",
            7,
            "khan",
            "Phnom Penh Airport",
            "unknown-khan"
        )],
        "line 7: the quoted note of line 3 runs over a line break"
    );
    env.run(&["validate", "semicolon"]).code(3).stdout_has(
        "semicolon/arrests.csv:7: khan \"Phnom Penh Airport\": not a Khan of Phnom Penh",
    );

    // Every field where it belongs: the Khan in four spellings (one Khmer) and the nationalities,
    // whatever commas and semicolons the quoted notes hold.
    let json = env
        .run(&[
            "report",
            "semicolon",
            "--lenient",
            "--by",
            "khan",
            "-f",
            "json",
        ])
        .code(0)
        .json();
    assert_eq!(detained_per_khan(&json), [(1204, 4), (1206, 1)]);
    let json = env
        .run(&[
            "report",
            "semicolon",
            "--lenient",
            "--by",
            "nationality",
            "-f",
            "json",
        ])
        .code(0)
        .json();
    let codes: Vec<&str> = json["nationalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CN", "VN", "ID"]);
}

#[test]
fn a_tsv_is_read_with_tabs_and_a_dataset_directory_reads_it() {
    let env = TestEnv::new();
    fixture(&env, "tab/arrests.tsv");
    let json = env.run(&["validate", "tab", "-f", "json"]).code(3).json();
    assert_eq!(
        json["dataset"]["files"],
        serde_json::json!(["tab/arrests.tsv"])
    );
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "tab/arrests.tsv",
            5,
            "nationality",
            "Mars",
            "unknown-nationality"
        )]
    );
    // Commas and semicolons in the notes are text; a quoted tab and line break too.
    let json = env
        .run(&["report", "tab", "--lenient", "--by", "khan", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(detained_per_khan(&json), [(1201, 1), (1204, 1), (1205, 1)]);

    // The same bytes under a name that says nothing of tabs: the header line shows them.
    let bytes = std::fs::read(env.path("tab/arrests.tsv")).unwrap();
    env.write("named/arrests.csv", &bytes);
    let json = env.run(&["validate", "named", "-f", "json"]).code(3).json();
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_csv_and_ndjson_alike() {
    let env = TestEnv::new();
    let bytes = fixture(&env, "utf16/arrests.csv");
    assert!(
        bytes.starts_with(b"\xff\xfea\x00r\x00"),
        "UTF-16 LE with its mark"
    );
    let json = env.run(&["validate", "utf16", "-f", "json"]).code(3).json();
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "utf16/arrests.csv",
            5,
            "nationality",
            "中国",
            "unknown-nationality"
        )]
    );
    let json = env
        .run(&["report", "utf16", "--lenient", "--by", "khan", "-f", "json"])
        .code(0)
        .json();
    assert_eq!(detained_per_khan(&json), [(1201, 1), (1204, 1), (1206, 1)]);
    // The mark says the encoding, whatever --encoding says.
    let json = env
        .run(&[
            "validate",
            "utf16",
            "--encoding",
            "windows-1252",
            "-f",
            "json",
        ])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));

    let bytes = fixture(&env, "utf16-json/arrests.ndjson");
    assert!(
        bytes.starts_with(b"\xfe\xff\x00{"),
        "UTF-16 BE with its mark"
    );
    let json = env
        .run(&["validate", "utf16-json", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(3, 2, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "utf16-json/arrests.ndjson",
            3,
            "date",
            "2026-02-31",
            "invalid-date"
        )]
    );
}

#[test]
fn windows_1252_is_read_when_named_and_otherwise_each_cell_is_a_problem_that_says_so() {
    let env = TestEnv::new();
    fixture(&env, "windows-1252/arrests.csv");
    let named = env
        .run(&[
            "validate",
            "windows-1252",
            "--encoding",
            "windows-1252",
            "-f",
            "json",
        ])
        .code(3)
        .json();
    assert_eq!(kind_counts(&named), arrests(5, 4, 1));
    assert_eq!(
        problems(&named),
        [problem(
            "windows-1252/arrests.csv",
            7,
            "nationality",
            "Québécois",
            "unknown-nationality"
        )]
    );
    // latin1 is the same encoding, by the WHATWG's labels.
    let latin1 = env
        .run(&[
            "validate",
            "windows-1252",
            "--encoding",
            "latin1",
            "-f",
            "json",
        ])
        .code(3)
        .json();
    assert_eq!(latin1["problems"], named["problems"]);

    let json = env
        .run(&["validate", "windows-1252", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(5, 1, 4));
    let rows = problem_rows(&json);
    let found: Vec<(u64, &str, &str)> = rows
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "notes", "invalid-text"),
            (3, "notes", "invalid-text"),
            (6, "notes", "invalid-text"),
            (7, "nationality", "invalid-text"),
        ]
    );
    assert_eq!(
        rows[3].reason,
        "not valid UTF-8 text (save the file as UTF-8); read as windows-1252 it is \"Québécois\": if the file is in that encoding, read it with --encoding windows-1252"
    );
    env.run(&["validate", "windows-1252"])
        .code(3)
        .stdout_has("windows-1252/arrests.csv:7: nationality \"Qu\u{fffd}b\u{fffd}cois\": not valid UTF-8 text (save the file as UTF-8); read as windows-1252 it is \"Québécois\"");
}

#[test]
fn bytes_that_are_no_character_of_the_named_encoding_are_a_problem_of_their_cell() {
    let env = TestEnv::new();
    // Shift_JIS: あ is 0x82 0xA0; 0xA0 alone is no character.
    env.write(
        "sjis/arrests.csv",
        b"arrest_id,date,khan,nationality,notes\r\nA-1,2026-02-13,1204,JP,\x82\xa0\r\nA-2,2026-02-13,1204,JP,\"x\r\n\xa0y\"\r\nA-3,2026-02-13,1204,JP,\r\n",
    );
    let json = env
        .run(&["validate", "sjis", "--encoding", "shift_jis", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(3, 2, 1));
    let rows = problem_rows(&json);
    assert_eq!(
        problems(&json),
        [problem(
            "sjis/arrests.csv",
            3,
            "notes",
            "x\r\n\u{fffd}y",
            "invalid-text"
        )]
    );
    assert_eq!(
        rows[0].reason,
        "not valid Shift_JIS text: the bytes shown as \u{fffd} are no character in Shift_JIS"
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_refused_until_its_encoding_is_named() {
    let env = TestEnv::new();
    let bytes = fixture(&env, "utf16-no-bom/arrests.csv");
    let refusal = "it looks like UTF-16LE text without a byte-order mark (every second byte is 0): read it with --encoding utf-16le, or save it as UTF-8";
    env.run(&["validate", "utf16-no-bom"])
        .code(3)
        .stdout_empty()
        .stderr_has(&format!("error: utf16-no-bom/arrests.csv: {refusal}"));
    env.run_with_stdin(&["validate"], &bytes)
        .code(2)
        .stderr_has(&format!("error: cannot read standard input: {refusal}"));
    let json = env
        .run(&[
            "validate",
            "utf16-no-bom",
            "--encoding",
            "utf-16le",
            "-f",
            "json",
        ])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "utf16-no-bom/arrests.csv",
            5,
            "nationality",
            "中国",
            "unknown-nationality"
        )]
    );
}

#[test]
fn excel_unicode_text_named_txt_is_read_by_its_bytes_when_named() {
    let env = TestEnv::new();
    fixture(&env, "unicode-text/export.txt");
    // Its kind from the header, its encoding from the mark, its tabs from the header line.
    let json = env
        .run(&["validate", "unicode-text/export.txt", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(4, 3, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "unicode-text/export.txt",
            5,
            "nationality",
            "中国",
            "unknown-nationality"
        )]
    );
    // In a dataset directory a .txt file is not read, and the refusal says why.
    let bytes = std::fs::read(env.path("unicode-text/export.txt")).unwrap();
    env.write("d/arrests.txt", &bytes);
    env.run(&["validate", "d"]).code(2).stderr_has(
        "d/arrests.txt is not read: record files end in .csv, .tsv, .tab, .json, .ndjson, .jsonl, .xlsx, .xlsm, .xls or .ods",
    );
}

#[test]
fn standard_input_separated_by_semicolons_or_in_utf16_has_its_kind_told() {
    let env = TestEnv::new();
    let semicolon = fixture(&env, "semicolon/arrests.csv");
    let json = env
        .run_with_stdin(&["validate", "-f", "json"], &semicolon)
        .code(3)
        .json();
    assert_eq!(json["dataset"]["files"], serde_json::json!(["<stdin>"]));
    assert_eq!(kind_counts(&json), arrests(6, 5, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "<stdin>",
            7,
            "khan",
            "Phnom Penh Airport",
            "unknown-khan"
        )]
    );
    let json = env
        .run_with_stdin(&["report", "--lenient", "-f", "json"], &semicolon)
        .code(0)
        .json();
    assert_eq!(json["headline"]["detained"], 5);

    for name in [
        "tab/arrests.tsv",
        "utf16/arrests.csv",
        "utf16-json/arrests.ndjson",
    ] {
        let bytes = fixture(&env, name);
        let json = env
            .run_with_stdin(&["validate", "-f", "json"], &bytes)
            .code(3)
            .json();
        assert_eq!(json["counts"][0]["kind"], "arrests", "{name}");
        assert_eq!(json["problems"].as_array().unwrap().len(), 1, "{name}");
    }
}

#[test]
fn the_delimiter_option_names_a_separator_no_header_shows_and_overrides_the_one_it_does() {
    let env = TestEnv::new();
    fixture(&env, "colon/arrests.csv");
    env.run(&["validate", "colon"])
        .code(3)
        .stderr_has("error: colon/arrests.csv:1: missing required columns arrest_id, date, khan, nationality in the header (found: arrest_id:date:khan:nationality)");
    let json = env
        .run(&["validate", "colon", "--delimiter", ":", "-f", "json"])
        .code(3)
        .json();
    assert_eq!(kind_counts(&json), arrests(2, 1, 1));
    assert_eq!(
        problems(&json),
        [problem(
            "colon/arrests.csv",
            3,
            "nationality",
            "Vietnam, Socialist Republic of",
            "unknown-nationality"
        )]
    );

    // Named, it wins over the header line and over a .tsv name.
    fixture(&env, "semicolon/arrests.csv");
    env.run(&["validate", "semicolon", "--delimiter", ","])
        .code(3)
        .stderr_has("missing required columns arrest_id, date, khan, nationality in the header (found: arrest_id;date;khan;nationality;");
    fixture(&env, "tab/arrests.tsv");
    env.run(&["validate", "tab", "--delimiter", ";"])
        .code(3)
        .stderr_has("missing required columns");
    for tab in ["tab", "\\t", "\t"] {
        let json = env
            .run(&["validate", "tab", "--delimiter", tab, "-f", "json"])
            .code(3)
            .json();
        assert_eq!(kind_counts(&json), arrests(4, 3, 1), "{tab:?}");
    }

    // A row cut into too many fields names the file's separator.
    env.write(
        "extra/arrests.csv",
        "arrest_id;date;khan;nationality\r\nA-1;2026-02-13;1204;VN\r\nA-2;2026-02-13;1204;VN;3,5 km; north\r\n",
    );
    env.run(&["validate", "extra"])
        .code(3)
        .stdout_has("extra/arrests.csv:3: the row has 6 fields but the header has 4; a field holding a semicolon must be quoted");
}

#[test]
fn a_delimiter_or_an_encoding_that_cannot_be_is_wrong_usage() {
    let env = TestEnv::new();
    for (value, reason) in [
        (
            "§",
            "expected one ASCII character, such as , ; | or tab (written tab or \\t)",
        ),
        (";;", "expected one ASCII character"),
        ("\"", "a quote cannot separate fields: it quotes them"),
        ("\n", "a line break cannot separate fields"),
    ] {
        env.run(&["validate", "--delimiter", value])
            .code(2)
            .stdout_empty()
            .stderr_has("for '--delimiter <CHAR>': ")
            .stderr_has(reason);
    }
    for label in ["klingon", "utf-32", "iso-2022-kr"] {
        env.run(&["validate", "--encoding", label])
            .code(2)
            .stdout_empty()
            .stderr_has(&format!("error: invalid value '{label}' for '--encoding <NAME>': not a name of an encoding crackdown reads"))
            .stderr_has("for example utf-8, utf-16le, utf-16be, windows-1252 (or latin1)");
    }
}

//! Workbooks read as records: the same arrests workbook as .xlsx, .ods and .xls (written by
//! tests/fixtures/sheets/make.py), its sheets chosen by name, number or kind, its dates in every
//! form a spreadsheet keeps them, problems named by sheet, row and cell, and files that hold no
//! records refused in one line.

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// Copies the committed fixture `name` into the test's directory, so messages name it plainly.
fn fixture(env: &TestEnv, name: &str, as_name: &str) {
    let path = format!(
        "{}/tests/fixtures/sheets/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    env.write(
        as_name,
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
    );
}

const WORKBOOKS: [&str; 3] = ["arrests.xlsx", "arrests.ods", "arrests.xls"];

/// `(period, detained)` of each day of the per-date grouping.
fn detained_per_day(report: &Value) -> Vec<(String, u64)> {
    report["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["period"].as_str().unwrap().to_owned(),
                d["detained"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_workbook_format_gives_the_same_counts_and_dates() {
    let env = TestEnv::new();
    for name in WORKBOOKS {
        fixture(&env, name, name);
        let report = env
            .run(&[
                "report",
                "--arrests",
                name,
                "--sheet",
                "Arrests",
                "--lenient",
                "--by",
                "date",
                "--format",
                "json",
            ])
            .code(0)
            .json();
        assert_eq!(
            report["counts"],
            json!([{"kind": "arrests", "read": 7, "used": 5, "rejected": 2,
                "files": [{"file": format!("{name}, sheet \"Arrests\""), "read": 7, "used": 5, "rejected": 2}],
                "filtered_out": 0}]),
            "{name}"
        );
        // A-001 is a date cell and A-002 the serial number 46056: both 3 February. A-003 is text
        // (the 4th), A-004 a date cell at 14:30 (the 5th), A-007 the serial 46060 (the 7th).
        let days = [
            ("2026-02-03", 2),
            ("2026-02-04", 1),
            ("2026-02-05", 1),
            ("2026-02-06", 0),
            ("2026-02-07", 1),
        ];
        assert_eq!(
            detained_per_day(&report),
            days.map(|(d, n)| (d.to_owned(), n)),
            "{name}"
        );
        // The #N/A error cell in A-004's nationality reads as "not recorded".
        assert_eq!(
            report["headline"]["detained_nationality_not_recorded"], 1,
            "{name}"
        );
    }
}

#[test]
fn a_formula_cell_gives_its_cached_value() {
    let env = TestEnv::new();
    for name in ["arrests.xlsx", "arrests.ods"] {
        fixture(&env, name, name);
        let report = env
            .run(&[
                "report",
                "--arrests",
                name,
                "--sheet",
                "Arrests",
                "--lenient",
                "--by",
                "operation",
                "--format",
                "json",
            ])
            .code(0)
            .json();
        let ids: Vec<&str> = report["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["operation_id"].as_str().unwrap())
            .collect();
        // OP-2 is ="OP-"&"2" in A-003's row.
        assert_eq!(ids, ["OP-1", "OP-2", "OP-3"], "{name}");
    }
}

#[test]
fn problems_name_the_sheet_the_row_and_the_column_letter() {
    let env = TestEnv::new();
    for name in WORKBOOKS {
        fixture(&env, name, name);
        env.run(&["validate", "--arrests", name, "--sheet", "arrests"])
            .code(3)
            .stdout_has(&format!(
                "  {name}, sheet \"Arrests\", row 7, column D (nationality) \"Martian\": not a known nationality"
            ))
            .stdout_has(&format!(
                "  {name}, sheet \"Arrests\", row 8, column F (operation_id) \"#DIV/0!\": the cell F8 holds the error #DIV/0! (a formula that failed), not a value: correct the formula, or type the value\n"
            ));
    }
}

#[test]
fn json_keeps_the_file_and_adds_the_sheet_and_the_cell() {
    let env = TestEnv::new();
    fixture(&env, "arrests.xlsx", "arrests.xlsx");
    let out = env
        .run(&[
            "validate",
            "arrests.xlsx",
            "--sheet",
            "2",
            "--format",
            "json",
        ])
        .code(3)
        .json();
    assert_eq!(
        out["problems"][1],
        json!({
            "code": "cell-error",
            "file": "arrests.xlsx",
            "sheet": "Arrests",
            "cell": "F8",
            "line": 8,
            "column": "operation_id",
            "value": "#DIV/0!",
            "reason": "the cell F8 holds the error #DIV/0! (a formula that failed), not a value: correct the formula, or type the value"
        })
    );
    assert_eq!(
        out["dataset"]["files"],
        json!(["arrests.xlsx, sheet \"Arrests\""])
    );
}

#[test]
fn the_rejects_file_names_the_sheet_and_the_column_letter() {
    let env = TestEnv::new();
    fixture(&env, "arrests.xlsx", "arrests.xlsx");
    env.run(&[
        "validate",
        "arrests.xlsx",
        "--sheet",
        "Arrests",
        "--rejects",
        "rejects.csv",
    ])
    .code(3);
    assert_eq!(
        env.read("rejects.csv"),
        "file,line,column,value,code,reason\n\
         \"arrests.xlsx, sheet \"\"Arrests\"\"\",7,D (nationality),Martian,unknown-nationality,not a known nationality; did you mean HT Haiti?\n\
         \"arrests.xlsx, sheet \"\"Arrests\"\"\",8,F (operation_id),#DIV/0!,cell-error,\"the cell F8 holds the error #DIV/0! (a formula that failed), not a value: correct the formula, or type the value\"\n"
    );
}

#[test]
fn the_same_problem_in_several_rows_is_said_once_with_its_rows() {
    let env = TestEnv::new();
    fixture(&env, "typos.xlsx", "arrests-feb.xlsx");
    env.run(&["validate", "arrests-feb.xlsx"])
        .code(3)
        .stdout_has(
            "  arrests-feb.xlsx, sheet \"Feb\": 3 rows in column C (khan): a Khan that is not one of the 14 of Phnom Penh [unknown-khan], rows 2, 4, 5\n    first, row 2 \"Kandal\": not a Khan of Phnom Penh",
        );
}

#[test]
fn a_sheet_of_another_kind_names_its_missing_columns_and_header_row() {
    let env = TestEnv::new();
    fixture(&env, "arrests.xlsx", "arrests.xlsx");
    env.run(&["validate", "--arrests", "arrests.xlsx", "--sheet", "Inspections"])
        .code(3)
        .stderr_has(
            "error: arrests.xlsx, sheet \"Inspections\", row 1: missing required columns arrest_id, nationality in the header",
        );
}

#[test]
fn a_first_sheet_without_records_lists_the_sheets() {
    let env = TestEnv::new();
    for name in WORKBOOKS {
        fixture(&env, name, name);
        env.run(&["validate", name]).code(2).stderr_has(&format!(
            "error: {name} holds no records on its first sheet \"Notes\"; its sheets are: \"Notes\", \"Arrests\", \"Inspections\": pass --sheet Arrests\n"
        ));
    }
    // A workbook whose name does not say its kind: the kind cannot be told from the notes.
    fixture(&env, "arrests.xlsx", "book.xlsx");
    env.run(&["validate", "book.xlsx"]).code(2).stderr_has(
        "error: book.xlsx holds no records on its first sheet \"Notes\"; its sheets are: \"Notes\", \"Arrests\", \"Inspections\": pass --sheet NAME\n",
    );
    // Its chosen sheet tells the kind.
    let out = env
        .run(&[
            "validate",
            "book.xlsx",
            "--sheet",
            "Inspections",
            "--format",
            "json",
        ])
        .code(0)
        .json();
    assert_eq!(out["counts"][0]["kind"], "inspections");
    assert_eq!(out["counts"][0]["read"], 2);
}

#[test]
fn a_sheet_that_is_not_there_is_wrong_usage() {
    let env = TestEnv::new();
    fixture(&env, "arrests.xlsx", "arrests.xlsx");
    env.run(&["validate", "arrests.xlsx", "--sheet", "Arests"])
        .code(2)
        .stderr_has("error: arrests.xlsx has no sheet \"Arests\"; its sheets are: \"Notes\", \"Arrests\", \"Inspections\"\n");
    env.run(&["validate", "arrests.xlsx", "--sheet", "4"])
        .code(2)
        .stderr_has("error: arrests.xlsx has 3 sheets, so --sheet 4 names none; its sheets are: \"Notes\", \"Arrests\", \"Inspections\"\n");
    env.write("arrests.csv", common::ARRESTS_HEADER);
    env.run(&["validate", "arrests.csv", "--sheet", "Arrests"])
        .code(2)
        .stderr_has("error: --sheet Arrests chooses a sheet, but no input is a workbook (.xlsx, .xlsm, .xls or .ods)\n");
    env.run(&[
        "validate",
        "arrests.xlsx",
        "--sheet",
        "arrests=Arrests",
        "--sheet",
        "prosecutions=Cases",
    ])
    .code(2)
    .stderr_has("error: --sheet prosecutions=Cases chooses a sheet, but no workbook (.xlsx, .xlsm, .xls or .ods) is read as prosecutions by its name or --prosecutions");
    env.run(&["validate", "arrests.xlsx", "--sheet", "A", "--sheet", "B"])
        .code(2)
        .stderr_has(
            "error: --sheet A and --sheet B both choose the sheet of every workbook: give one\n",
        );
}

#[test]
fn one_workbook_holds_two_kinds_with_a_sheet_for_each() {
    let env = TestEnv::new();
    fixture(&env, "arrests.xlsx", "book.xlsx");
    let out = env
        .run(&[
            "validate",
            "--inspections",
            "book.xlsx",
            "--arrests",
            "book.xlsx",
            "--sheet",
            "inspections=Inspections",
            "--sheet",
            "arrests=2",
            "--format",
            "json",
        ])
        .code(3)
        .json();
    let counts: Vec<(&str, u64)> = out["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["read"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [("inspections", 2), ("arrests", 7)]);
    // Read from a dataset directory too, where the name tells the kind.
    fixture(&env, "arrests.xlsx", "records/arrests.xlsx");
    env.write(
        "records/~$arrests.xlsx",
        "lock file Excel keeps beside an open workbook",
    );
    let out = env
        .run(&[
            "validate", "records", "--sheet", "Arrests", "--format", "json",
        ])
        .code(3)
        .json();
    assert_eq!(out["counts"][0]["read"], 7);
    assert_eq!(out["warnings"], json!([]), "the lock file is passed over");
}

#[test]
fn a_workbook_in_the_1904_date_system_reads_serials_and_date_cells_alike() {
    let env = TestEnv::new();
    fixture(&env, "dates-1904.xlsx", "dates-1904.xlsx");
    let report = env
        .run(&[
            "report",
            "dates-1904.xlsx",
            "--by",
            "date",
            "--format",
            "json",
        ])
        .code(0)
        .json();
    assert_eq!(detained_per_day(&report), [("2026-02-03".to_owned(), 2)]);
}

#[test]
fn a_workbook_piped_in_is_read_whole() {
    let env = TestEnv::new();
    let path = format!(
        "{}/tests/fixtures/sheets/arrests.ods",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let out = env.run_with_stdin(
        &["validate", "--sheet", "Arrests", "--format", "json"],
        &bytes,
    );
    out.code(3);
    let out = out.json();
    assert_eq!(out["counts"][0]["read"], 7);
    assert_eq!(out["problems"][0]["file"], "<stdin>");
    assert_eq!(out["problems"][0]["cell"], "D7");
    env.run_with_stdin(
        &["validate", "--arrests", "-", "--sheet", "arrests=Arrests"],
        &bytes,
    )
    .code(3)
    .stdout_has("<stdin>, sheet \"Arrests\", row 7, column D (nationality)");
}

#[test]
fn files_that_hold_no_records_are_refused_in_one_line() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
    );
    let run = env.run(&["validate", "arrests.csv"]);
    run.code(3).stderr_has(
        "error: arrests.csv: looks like a PDF document, not records (crackdown reads CSV, JSON, NDJSON, .xlsx, .xlsm, .xls and .ods)\n",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    fixture(&env, "statement.docx", "reports.xlsx");
    let run = env.run(&["validate", "--arrests", "reports.xlsx"]);
    run.code(3).stderr_has(
        "error: reports.xlsx: looks like a Word document (.docx), not records (crackdown reads CSV, JSON, NDJSON, .xlsx, .xlsm, .xls and .ods)\n",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("PK"), "no raw bytes: {}", run.stderr);
    env.write("arrests.json.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00");
    env.run(&["validate", "--arrests", "arrests.json.gz"])
        .code(3)
        .stderr_has("looks like a gzip-compressed file, not records (crackdown reads CSV, JSON, NDJSON, .xlsx, .xlsm, .xls and .ods); decompress it first\n");
    env.run_with_stdin(&["validate"], b"%PDF-1.4\n")
        .code(3)
        .stderr_has("error: <stdin>: looks like a PDF document, not records");
    // A workbook cut short.
    let path = format!(
        "{}/tests/fixtures/sheets/arrests.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    env.write("arrests-cut.xlsx", &std::fs::read(path).unwrap()[..3000]);
    env.run(&["validate", "arrests-cut.xlsx"])
        .code(3)
        .stderr_has("error: arrests-cut.xlsx: cannot be read as an Excel workbook (")
        .stderr_has("): it may be damaged, cut short or protected by a password; open it in a spreadsheet and save it again\n");
    // Text named like a workbook, as some tools export CSV.
    env.write(
        "arrests.xls",
        format!(
            "{}A-1,2026-02-03,Tuol Kouk,VN,,,,,\n",
            common::ARRESTS_HEADER
        ),
    );
    env.run(&["validate", "arrests.xls"])
        .code(3)
        .stderr_has("error: arrests.xls: holds text, not an .xls workbook: if it is CSV, JSON or NDJSON, give it that extension or pass --input-format csv, json or ndjson\n");
    env.run(&["validate", "arrests.xls", "--input-format", "csv"])
        .code(0);
}

/// The newsroom's raids sheet, kept as a workbook with a cover sheet first and its dates as serial
/// numbers and date cells, reads through the same mapping file as its CSV export, to the same
/// numbers.
#[test]
fn the_raids_sheet_as_a_workbook_reads_like_its_csv_export_through_one_mapping() {
    let env = TestEnv::new();
    env.write("raids.csv", include_str!("fixtures/mapping/raids.csv"));
    env.write("raids.toml", include_str!("fixtures/mapping/raids.toml"));
    fixture(&env, "raids.xlsx", "raids.xlsx");
    fixture(&env, "raids.ods", "raids.ods");
    let report = |file: &str, sheet: &[&str]| {
        let mut args = vec!["report", "--arrests", file, "--map-file", "raids.toml"];
        args.extend_from_slice(sheet);
        args.extend(["--format", "json"]);
        let json = env.run(&args).code(0).json();
        (
            json["headline"].clone(),
            json["khans"].clone(),
            json["nationalities"].clone(),
            json["dates"].clone(),
        )
    };
    let csv = report("raids.csv", &[]);
    assert_eq!(csv.0["detained"], 10);
    assert_eq!(csv.0["first_date"], "2026-02-05");
    assert_eq!(csv.0["last_date"], "2026-02-10");
    for workbook in ["raids.xlsx", "raids.ods"] {
        assert_eq!(report(workbook, &["--sheet", "Raids"]), csv, "{workbook}");
        // The cover sheet comes first: without --sheet, the sheets are listed.
        env.run(&["report", "--arrests", workbook, "--map-file", "raids.toml"])
            .code(2)
            .stderr_has(&format!(
                "{workbook} holds no records on its first sheet \"Notes\"; its sheets are: \"Notes\", \"Raids\""
            ));
    }
}

//! The report in a terminal: tables fitted to 80, 120 and 200 columns and to a terminal of
//! unknown size (0 × 0), for every grouping; widths measured by grapheme cluster so Khmer,
//! Chinese and emoji cells line up; numbers and words never split; and values in messages shown
//! as they are, with only terminal controls escaped.

mod common;

use std::collections::HashSet;

use common::{ARRESTS_HEADER, INSPECTIONS_HEADER, TestEnv, report, small_dataset};
use crackdown::error::{Code, Problem};
use crackdown::load::Selection;
use crackdown::render::report::{By, Report};
use crackdown::render::table::TableRenderer;
use crackdown::render::{Exporter, TableStyle};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width, computed here as the specification words it (grapheme clusters, each measured
/// with the East Asian and combining-mark rules), independently of the renderer's own function.
fn width(line: &str) -> usize {
    line.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The report drawn for a terminal of `width` columns (`None`: of unknown size).
fn draw(report: &Report, width: Option<usize>, wide: bool) -> String {
    let style = TableStyle {
        color: false,
        unicode: true,
        terminal: true,
        width,
    };
    String::from_utf8(TableRenderer { style, wide }.export(report)).unwrap()
}

fn is_table_line(line: &str) -> bool {
    line.starts_with(['┌', '│', '╞', '└'])
}

/// Each table's lines, in order.
fn tables(text: &str) -> Vec<Vec<&str>> {
    let mut tables = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if is_table_line(line) {
            current.push(line);
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tables.push(current);
    }
    tables
}

/// Every line of every table has the same display width, and no line is wider than `limit`
/// (but for one word that cannot be split, such as an address).
#[track_caller]
fn assert_aligned(text: &str, limit: Option<usize>) {
    for table in tables(text) {
        let first = width(table[0]);
        for line in &table {
            assert_eq!(width(line), first, "a line out of line:\n{line}\n{text}");
        }
    }
    if let Some(limit) = limit {
        for line in text.lines() {
            assert!(
                width(line) <= limit || !line.contains(' '),
                "wider than {limit}:\n{line}\n{text}"
            );
        }
    }
}

/// The words and numbers in the table cells of `text`.
fn cell_tokens(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| is_table_line(l))
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || "│┆".contains(c)))
        .filter(|t| !t.is_empty() && !t.starts_with(['┌', '╞', '└', '─', '═']))
        .collect()
}

/// Nothing in the fitted tables is a piece of something in the natural one: no number split
/// (`21,10` / `4`), no word cut (`Indonesi` / `a`).
#[track_caller]
fn assert_nothing_split(fitted: &str, natural: &str) {
    let whole: HashSet<&str> = cell_tokens(natural).into_iter().collect();
    for token in cell_tokens(fitted) {
        assert!(
            whole.contains(token),
            "{token:?} is a piece of a value or a word:\n{fitted}"
        );
    }
}

const GROUPINGS: [(&str, Option<By>); 8] = [
    ("report", None),
    ("khan", Some(By::Khan)),
    ("nationality", Some(By::Nationality)),
    ("date", Some(By::Date)),
    ("premises", Some(By::Premises)),
    ("operation", Some(By::Operation)),
    ("case", Some(By::Case)),
    ("crosstab", Some(By::KhanNationality)),
];

#[test]
fn every_grouping_fits_80_120_and_200_columns_and_a_terminal_of_unknown_size() {
    for (name, by) in GROUPINGS {
        let report = report(&Selection::default(), by);
        let natural = draw(&report, None, false);
        assert_aligned(&natural, None);
        insta::assert_snapshot!(format!("{name}_unsized"), natural);
        for columns in [80, 120, 200] {
            let fitted = draw(&report, Some(columns), false);
            assert_aligned(&fitted, Some(columns));
            assert_nothing_split(&fitted, &natural);
            insta::assert_snapshot!(format!("{name}_{columns}"), fitted);
        }
    }
}

#[test]
fn columns_left_out_are_named_with_the_way_to_see_them() {
    let report = report(&Selection::default(), Some(By::Khan));
    let fitted = draw(&report, Some(80), false);
    assert!(
        fitted.contains("Left out to fit 80 columns: operations, detained per 100 inspections,"),
        "{fitted}"
    );
    assert!(fitted.contains("--wide"), "{fitted}");
    // The columns that say what a row is and its main count always stay.
    let header = tables(&fitted)[0][1];
    for kept in ["Khan", "detained"] {
        assert!(header.contains(kept), "{header}");
    }
    // --wide draws every table whole, as with no width at all (text still wraps).
    let wide = draw(&report, Some(80), true);
    assert_eq!(
        tables(&wide),
        tables(&draw(&report, None, false)),
        "--wide leaves nothing out"
    );
    assert!(!wide.contains("Left out"), "{wide}");
    // A table that fits says nothing.
    assert!(!draw(&report, Some(200), false).contains("Left out"));
}

#[test]
fn a_terminal_too_narrow_for_the_table_gets_one_block_per_record() {
    let report = report(&Selection::default(), Some(By::Khan));
    let narrow = draw(&report, Some(30), false);
    assert_aligned(&narrow, Some(30));
    insta::assert_snapshot!("khan_30_blocks", narrow);
    assert!(narrow.contains("Tuol Kouk"), "{narrow}");
    assert!(
        narrow.contains("21,104"),
        "every value is still there:\n{narrow}"
    );
}

#[test]
fn khmer_chinese_and_emoji_cells_line_up() {
    let env = TestEnv::new();
    env.write(
        "d/inspections.csv",
        format!(
            "{INSPECTIONS_HEADER}\
I-1,2026-02-03,1201,hotel,,3,1,行动-甲,,\n\
I-2,2026-02-03,1204,hotel,,5,2,🚨-OP,,\n\
I-3,2026-02-04,1205,borey,,7,0,ប្រតិបត្តិការ-១,,\n\
I-4,2026-02-04,1209,borey,,2,0,Côte-1,,\n"
        ),
    );
    env.write(
        "d/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1201,CN,,行动-甲,I-1,,\n"),
    );
    let selection = Selection {
        data: vec![env.path("d")],
        ..Selection::default()
    };
    for by in [By::Operation, By::Khan] {
        let text = draw(&report(&selection, Some(by)), None, false);
        assert_aligned(&text, None);
        insta::assert_snapshot!(format!("scripts_{}", by.key()), text);
    }
    let text = draw(&report(&selection, Some(By::Operation)), None, false);
    for value in ["行动-甲", "🚨-OP", "ប្រតិបត្តិការ-១", "Côte-1"]
    {
        assert!(text.contains(value), "{value} shown as it is:\n{text}");
    }
}

#[test]
fn problems_show_values_as_written_and_escape_terminal_controls() {
    let problem = Problem {
        code: Code::UnknownKhan,
        file: "arrests\u{1b}[2J.csv".into(),
        sheet: None,
        line: 2,
        column: Some("\u{1b}[31mkhan".into()),
        value: Some("ទួលគោក\u{1b}]0;x\u{7}".into()),
        reason: "not a Khan of Phnom Penh\u{1b}[0m".into(),
    };
    assert_eq!(
        problem.to_string(),
        "arrests\\u{1b}[2J.csv:2: \\u{1b}[31mkhan \"ទួលគោក\\u{1b}]0;x\\u{7}\": not a Khan of Phnom Penh\\u{1b}[0m"
    );
}

#[test]
fn messages_on_stderr_show_khmer_as_it_is_and_never_a_raw_escape() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,ទួលគោកថ្មី,CN,,,,,\nA-2,2026-02-03,Toul\u{1b}[2JKork,CN,,,,,\n"),
    );
    let run = env.run(&["report", "data"]);
    run.code(3)
        .stderr_has("data/arrests.csv:2: khan \"ទួលគោកថ្មី\":")
        .stderr_has("data/arrests.csv:3: khan \"Toul\\u{1b}[2JKork\":");
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    env.write(
        "data/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,,,,,\n"),
    );
    let run = env.run(&["report", "data", "--from", "ថ្ងៃ\u{1b}[2J"]);
    run.code(2).stderr_has("--from \"ថ្ងៃ\\u{1b}[2J\"");
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

#[test]
fn piped_output_never_depends_on_the_terminal_or_columns() {
    let env = TestEnv::new();
    let run = |columns: &str| {
        let output = env
            .command(&["report"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let wide = run("300");
    assert_eq!(run("40"), wide, "COLUMNS counts only on a terminal");
    assert_eq!(run("0"), wide);
    assert!(!String::from_utf8_lossy(&wide).contains("Left out"));
}

/// In a terminal, tables are fitted to its width; colour is asked off so that widths can be
/// compared byte for byte.
fn in_terminal(args: &[&str], columns: Option<u16>, env: &[(&str, &str)]) -> Option<(String, i32)> {
    let mut vars = vec![("NO_COLOR", "1")];
    vars.extend_from_slice(env);
    common::in_terminal(args, columns, &vars)
}

#[test]
fn in_a_real_terminal_the_report_fits_its_width() {
    let Some((text, code)) = in_terminal(&["report"], Some(80), &[]) else {
        return;
    };
    assert_eq!(code, 0, "{text}");
    assert_aligned(&text, Some(80));
    assert!(text.contains("Left out to fit 80 columns"), "{text}");
    assert!(text.contains("21,104"), "{text}");
    // COLUMNS does not override the size the terminal reports.
    let (with_columns, _) = in_terminal(&["report"], Some(80), &[("COLUMNS", "200")]).unwrap();
    assert_eq!(with_columns, text);
    // --wide draws the tables whole.
    let (wide, _) = in_terminal(&["report", "--wide"], Some(80), &[]).unwrap();
    assert!(!wide.contains("Left out"), "{wide}");
    assert!(wide.contains("detained per 100 inspections"), "{wide}");
    // A file written from a terminal is not fitted to it.
    let env = TestEnv::new();
    let out = env.path("out.txt");
    in_terminal(&["report", "-o", out.to_str().unwrap()], Some(80), &[]).unwrap();
    assert!(!env.read("out.txt").contains("Left out"));
}

#[test]
fn a_terminal_of_size_0_by_0_uses_columns_or_no_limit() {
    let Some((sizeless, code)) = in_terminal(&["report", "--by", "khan"], None, &[]) else {
        return;
    };
    assert_eq!(code, 0, "{sizeless}");
    assert_aligned(&sizeless, None);
    // Not hundreds of one-character columns: the whole table, at its natural width.
    let header = tables(&sizeless)[0][1];
    assert!(
        header.contains("detained per 100 inspections"),
        "{sizeless}"
    );
    assert!(!sizeless.contains("Left out"), "{sizeless}");
    let (sized, _) = in_terminal(&["report", "--by", "khan"], None, &[("COLUMNS", "100")]).unwrap();
    assert_aligned(&sized, Some(100));
    assert!(sized.contains("Left out to fit 100 columns"), "{sized}");
}

#[test]
fn any_width_gives_aligned_tables_with_nothing_split() {
    for (_, by) in GROUPINGS {
        let report = report(&Selection::default(), by);
        let natural = draw(&report, None, false);
        for columns in (1..=160).step_by(3) {
            let fitted = draw(&report, Some(columns), false);
            assert_aligned(&fitted, None);
            assert_nothing_split(&fitted, &natural);
            for table in tables(&fitted) {
                assert!(
                    table.iter().all(|l| width(l) <= columns),
                    "a table wider than {columns} columns:\n{fitted}"
                );
            }
        }
    }
}

#[test]
fn colour_changes_no_width() {
    let report = report(&Selection::default(), None);
    for columns in [None, Some(80), Some(30)] {
        let style = |color| TableStyle {
            color,
            unicode: true,
            terminal: true,
            width: columns,
        };
        let plain = TableRenderer {
            style: style(false),
            wide: false,
        }
        .export(&report);
        let coloured = TableRenderer {
            style: style(true),
            wide: false,
        }
        .export(&report);
        let coloured = String::from_utf8(coloured).unwrap();
        assert!(coloured.contains("\u{1b}[36m"), "{coloured}");
        let stripped = common::strip_ansi(&coloured);
        assert_eq!(stripped, String::from_utf8(plain).unwrap());
    }
}

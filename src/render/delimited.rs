//! One grouping, one row per line: CSV with a header row for spreadsheets, NDJSON for jq and
//! line tools. Neither carries a totals row, so summing a column gives the total.

use super::Renderer;
use super::report::{By, Kind, Report, row_cells};

/// The grouping a one-grouping format writes: the one asked for, or per Khan.
fn grouping(report: &Report) -> By {
    report.by.unwrap_or(By::Khan)
}

pub struct Csv;

/// A cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

impl Renderer for Csv {
    fn render(&self, report: &Report) -> Vec<u8> {
        let grid = report.grid(grouping(report));
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header: Vec<&str> = grid.columns.iter().map(|c| c.key.as_str()).collect();
        writer.write_record(&header).expect("writing to memory");
        for row in &grid.rows {
            let cells = row_cells(&grid, row, false)
                .into_iter()
                .zip(&grid.columns)
                .map(|(text, c)| {
                    if matches!(c.kind, Kind::Text | Kind::List) {
                        neutralise(text)
                    } else {
                        text
                    }
                });
            writer.write_record(cells).expect("writing to memory");
        }
        writer.into_inner().expect("writing to memory")
    }
}

pub struct Ndjson;

impl Renderer for Ndjson {
    fn render(&self, report: &Report) -> Vec<u8> {
        let grid = report.grid(grouping(report));
        let mut out = Vec::new();
        for row in &grid.rows {
            serde_json::to_writer(&mut out, row).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }
}

pub struct Json;

impl Renderer for Json {
    fn render(&self, report: &Report) -> Vec<u8> {
        super::json_document(&report.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(neutralise("+1".into()), "'+1");
        assert_eq!(neutralise("-1".into()), "'-1");
        assert_eq!(neutralise("OP-01".into()), "OP-01");
    }
}

//! One grouping, one row per line: CSV with a header row for spreadsheets, NDJSON for jq and
//! line tools. Neither carries a totals row, so summing a column gives the total.

use super::Renderer;
use super::report::{By, Kind, Report, row_cells};
use crate::output::{CsvWriter, Field};

/// The grouping a one-grouping format writes: the one asked for, or per Khan.
fn grouping(report: &Report) -> By {
    report.by.unwrap_or(By::Khan)
}

pub struct Csv;

/// Written by the one CSV writer ([`CsvWriter`]), which neutralises text cells that a
/// spreadsheet would run as formulas.
impl Renderer for Csv {
    fn render(&self, report: &Report) -> Vec<u8> {
        let grid = report.grid(grouping(report));
        let mut writer = CsvWriter::new(Vec::new());
        let header = grid.columns.iter().map(|c| Field::Text(&c.key));
        writer.row(header).expect("writing to memory");
        for row in &grid.rows {
            let cells = row_cells(&grid, row, false);
            let fields = cells.iter().zip(&grid.columns).map(|(text, c)| {
                if matches!(c.kind, Kind::Text | Kind::List) {
                    Field::Text(text)
                } else {
                    Field::Number(text)
                }
            });
            writer.row(fields).expect("writing to memory");
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

//! One grouping, one row per line: CSV with a header row for spreadsheets, NDJSON for jq and
//! line tools. Neither carries a totals row, so summing a column gives the total.

use super::Exporter;
use super::report::{By, Report};
use crate::output::{CsvWriter, Field};

/// The grouping a one-grouping format writes: the one asked for, or per Khan.
fn grouping(report: &Report) -> By {
    report.by.unwrap_or(By::Khan)
}

pub struct Csv {
    /// `--hxl`: a row of HXL hashtags (each column's, from [`crate::grouping`]) under the header.
    pub hxl: bool,
    /// `--bom`: a UTF-8 byte-order mark first, for Excel.
    pub bom: bool,
}

/// Written by the one CSV writer ([`CsvWriter`]), which neutralises text cells that a
/// spreadsheet would run as formulas.
impl Exporter<Report> for Csv {
    fn export(&self, report: &Report) -> Vec<u8> {
        let by = grouping(report);
        let grid = report.grid(by);
        let mut writer = CsvWriter::new(Vec::new(), self.bom).expect("writing to memory");
        let header = grid.columns.iter().map(|c| Field::Text(&c.key));
        writer.row(header).expect("writing to memory");
        if self.hxl {
            writer
                .row(grid.columns.iter().map(|c| Field::Text(&c.hxl)))
                .expect("writing to memory");
        }
        for row in &grid.rows {
            let cells: Vec<String> = row.iter().map(|cell| cell.show(false)).collect();
            let fields = cells.iter().zip(&grid.columns).map(|(text, c)| {
                if c.kind.is_number() {
                    Field::Number(text)
                } else {
                    Field::Text(text)
                }
            });
            writer.row(fields).expect("writing to memory");
        }
        writer.into_inner().expect("writing to memory")
    }
}

pub struct Ndjson;

impl Exporter<Report> for Ndjson {
    fn export(&self, report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        for row in &grouping(report).json_rows(&report.summary) {
            serde_json::to_writer(&mut out, row).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }
}

//! Tables for the terminal (comfy-table): numbers right-aligned with thousands separators, a
//! totals row, colour and box drawing only where the terminal takes them, and a bar for shares.

use comfy_table::{Cell, CellAlignment, Table};

use super::report::{By, Grid, HeadlineValue, Kind, Report, row_cells};
use super::{Renderer, TableStyle};

pub struct TableRenderer {
    pub style: TableStyle,
}

/// A share of 0–100 % drawn in ten cells of eighth blocks.
pub fn bar(percent: f64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = (percent.clamp(0.0, 100.0) * 0.8).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

impl TableRenderer {
    fn headline(&self, report: &Report) -> Table {
        let mut table = self.style.table();
        table.set_header(vec![self.style.header("headline"), self.style.header("")]);
        for (label, value) in report.headline_rows() {
            let value = match value {
                HeadlineValue::Count(n) => self.style.number(n),
                HeadlineValue::Text(t) => Cell::new(t).set_alignment(CellAlignment::Right),
            };
            table.add_row(vec![Cell::new(label), value]);
        }
        table
    }

    fn grid(&self, grid: &Grid) -> Table {
        let style = self.style;
        let bars = style.terminal && style.unicode;
        let mut table = style.table();
        let mut header: Vec<Cell> = grid
            .columns
            .iter()
            .map(|c| style.header(&c.header))
            .collect();
        let share = grid
            .columns
            .iter()
            .position(|c| c.kind == Kind::Share)
            .filter(|_| bars);
        if share.is_some() {
            header.push(style.header(""));
        }
        table.set_header(header);
        let mut add = |row: &serde_json::Map<String, serde_json::Value>, total: bool| {
            let texts = row_cells(grid, row, true);
            let mut cells: Vec<Cell> = grid
                .columns
                .iter()
                .zip(texts)
                .map(|(c, text)| {
                    let cell = Cell::new(text);
                    let cell = match c.kind {
                        Kind::Count | Kind::Decimal | Kind::Share => {
                            cell.set_alignment(CellAlignment::Right)
                        }
                        _ => cell,
                    };
                    if total && style.color {
                        cell.add_attribute(comfy_table::Attribute::Bold)
                    } else {
                        cell
                    }
                })
                .collect();
            if let Some(i) = share {
                let pct = row
                    .get(&grid.columns[i].key)
                    .and_then(serde_json::Value::as_f64);
                cells.push(Cell::new(if total {
                    String::new()
                } else {
                    pct.map(bar).unwrap_or_default()
                }));
            }
            table.add_row(cells);
        };
        for row in &grid.rows {
            add(row, false);
        }
        if let Some(total) = &grid.total {
            add(total, true);
        }
        table
    }
}

impl Renderer for TableRenderer {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        let title = format!(
            "{}{}",
            report
                .dataset
                .title
                .as_deref()
                .unwrap_or(&report.dataset.name),
            if report.dataset.builtin {
                " (built-in dataset)"
            } else {
                ""
            }
        );
        out.push_str(&title);
        out.push('\n');
        if report.by.is_none() {
            out.push_str(&self.headline(report).to_string());
            out.push_str("\n\n");
        }
        for by in report.groupings() {
            let grid = report.grid(by);
            let what = if by == By::Date && report.summary.dates.is_empty() {
                " (no dated records)"
            } else {
                ""
            };
            out.push_str(&format!("{}{what}\n", by.title()));
            out.push_str(&self.grid(&grid).to_string());
            out.push_str("\n\n");
        }
        for line in report.footer() {
            out.push_str(&line);
            out.push('\n');
        }
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_ten_cells_wide_at_one_hundred_percent_in_eighths() {
        assert_eq!(bar(0.0), "");
        assert_eq!(bar(100.0), "██████████");
        assert_eq!(bar(50.0), "█████");
        assert_eq!(bar(22.54), "██▎");
        assert_eq!(bar(1.3), "▏");
        assert_eq!(bar(250.0), "██████████");
    }
}

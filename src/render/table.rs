//! The report as tables for the terminal: numbers right-aligned with thousands separators, a
//! totals row, colour and box drawing only where the terminal takes them, and a bar for shares.
//! Each grouping states the order its columns give way in when the terminal is too narrow.

use super::layout::{Cell, Column, Table, Tone};
use super::report::{By, Grid, HeadlineValue, Kind, Report};
use super::{Exporter, TableStyle};

pub struct TableRenderer {
    pub style: TableStyle,
    /// `--wide`: never leave a column out, whatever the terminal's width.
    pub wide: bool,
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

/// The share bar is the first column to give way when a table does not fit the terminal; the
/// others give way in the order their grouping states (see [`crate::grouping`]).
const BAR_GIVES_WAY: Option<usize> = Some(0);

impl TableRenderer {
    fn headline(&self, report: &Report) -> Table {
        let mut table = Table::new(vec![
            Column::left("headline").wrapping(),
            Column::right("").wrapping(),
        ]);
        for (label, value) in report.headline_rows() {
            let value = match value {
                HeadlineValue::Count(n) => Cell::count(n),
                HeadlineValue::Text(t) => Cell::new(&t),
            };
            table.row(vec![Cell::new(label), value]);
        }
        table
    }

    fn grid(&self, grid: &Grid) -> Table {
        let style = self.style;
        let bars = style.terminal && style.unicode;
        let mut columns = Vec::new();
        // Where the bar goes: after the first share column.
        let mut share = None;
        for (position, c) in grid.columns.iter().enumerate() {
            let column = match c.kind {
                Kind::Count | Kind::Decimal | Kind::Share => Column::right(&c.header),
                Kind::Text => Column::left(&c.header),
                Kind::List => Column::left(&c.header).wrapping(),
            };
            columns.push(column.gives_way(c.gives_way));
            if c.kind == Kind::Share && bars && share.is_none() {
                share = Some(position);
                columns.push(Column::left("").decoration().gives_way(BAR_GIVES_WAY));
            }
        }
        let mut table = Table::new(columns);
        let mut add = |row: &[crate::grouping::Cell], total: bool| {
            let tone = if total { Tone::Strong } else { Tone::Plain };
            let mut cells = Vec::new();
            for (position, value) in row.iter().enumerate() {
                cells.push(Cell::new(&value.show(true)).tone(tone));
                if share == Some(position) {
                    cells.push(Cell::new(&match value.share() {
                        Some(pct) if !total => bar(pct),
                        _ => String::new(),
                    }));
                }
            }
            table.row(cells);
        };
        for row in &grid.rows {
            add(row, false);
        }
        if let Some(total) = &grid.total {
            add(total, true);
        }
        table
    }

    /// The table drawn, then a line naming the columns left out to fit the terminal.
    fn draw(&self, out: &mut String, table: &Table) {
        let style = TableStyle {
            width: self.style.width.filter(|_| !self.wide),
            ..self.style
        };
        let drawn = table.draw(style);
        out.push_str(&drawn.text);
        if let (false, Some(width)) = (drawn.left_out.is_empty(), style.width) {
            style.prose(
                out,
                &format!(
                    "Left out to fit {width} columns: {}; --wide or a wider terminal shows every column.",
                    drawn.left_out.join(", ")
                ),
            );
        }
    }
}

impl Exporter<Report> for TableRenderer {
    fn export(&self, report: &Report) -> Vec<u8> {
        let style = self.style;
        let mut out = String::new();
        let title = format!(
            "{}{}",
            report.dataset.title_or_name(),
            if report.dataset.builtin {
                " (built-in dataset)"
            } else {
                ""
            }
        );
        style.prose(&mut out, &title);
        if report.by.is_none() {
            self.draw(&mut out, &self.headline(report));
            out.push('\n');
        }
        for by in report.groupings() {
            let grid = report.grid(by);
            let what = if by == By::Date && report.summary.dates.is_empty() {
                " (no dated records)"
            } else {
                ""
            };
            style.prose(&mut out, &format!("{}{what}", by.title()));
            self.draw(&mut out, &self.grid(&grid));
            out.push('\n');
        }
        for line in report.footer() {
            style.prose(&mut out, &line);
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

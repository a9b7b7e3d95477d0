//! The result of `crackdown reconcile`: each published figure beside the records' figure.

use serde::Serialize;

use super::TableStyle;
use super::layout::{Cell, Column, Table, Tone};
use super::validation::{DatasetInfo, SCHEMA_VERSION};
use crate::reconcile::{Line, Status};

#[derive(Debug, Serialize)]
pub struct Reconciliation {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    /// True when every figure agrees.
    pub agrees: bool,
    pub figures: usize,
    pub differing: usize,
    pub lines: Vec<Line>,
}

impl Reconciliation {
    pub fn new(dataset: DatasetInfo, lines: Vec<Line>) -> Reconciliation {
        let differing = lines.iter().filter(|l| l.status == Status::Differs).count();
        Reconciliation {
            schema_version: SCHEMA_VERSION,
            dataset,
            agrees: differing == 0,
            figures: lines.len(),
            differing,
            lines,
        }
    }

    pub fn json(&self) -> Vec<u8> {
        super::json_document(self)
    }

    pub fn table(&self, style: TableStyle) -> Vec<u8> {
        let mut table = Table::new(vec![
            Column::left("figure").wrapping(),
            Column::right("published"),
            Column::right("records"),
            Column::right("difference"),
            Column::left("status"),
        ]);
        for line in &self.lines {
            let difference = match line.difference {
                0 => "0".to_owned(),
                d if d > 0 => format!("+{}", super::group_digits(d.unsigned_abs())),
                d => format!("-{}", super::group_digits(d.unsigned_abs())),
            };
            let status = match line.status {
                Status::Agrees => Cell::new("agrees").tone(Tone::Good),
                Status::Differs => Cell::new("differs").tone(Tone::Bad),
            };
            table.row(vec![
                Cell::new(&line.label),
                Cell::count(line.published),
                Cell::count(line.records),
                Cell::new(&difference),
                status,
            ]);
        }
        let title = self.dataset.title.as_deref().unwrap_or(&self.dataset.name);
        let verdict = if self.agrees {
            style.verdict(
                &format!(
                    "all {} published figures agree with the records",
                    self.figures
                ),
                true,
            )
        } else {
            style.verdict(
                &format!(
                    "{} of {} published figures differ from the records",
                    self.differing, self.figures
                ),
                false,
            )
        };
        let mut out = String::new();
        style.prose(&mut out, title);
        out.push_str(&table.draw(style).text);
        out.push_str(&verdict);
        out.push('\n');
        out.into_bytes()
    }
}

//! The result of `crackdown reconcile`: each published figure beside the records' figure.

use serde::Serialize;

use super::layout::{Cell, Column, Table, Tone};
use crate::document::{DatasetInfo, KindCounts, SCHEMA_VERSION};
use crate::model::PerKind;
use crate::reconcile::{Line, Status};
use crate::validate::Outcome;

#[derive(Debug, Serialize)]
pub struct Reconciliation {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    /// True when every figure agrees.
    pub agrees: bool,
    pub figures: usize,
    pub differing: usize,
    pub lines: Vec<Line>,
    /// Rows read, used and rejected per kind: the records' figures count the used rows only.
    pub counts: Vec<KindCounts>,
    /// Rows read but not counted, in words ("4 arrest rows rejected for problems"); `null` when
    /// every row read was counted.
    pub left_out: Option<String>,
}

impl Reconciliation {
    pub fn new(dataset: DatasetInfo, lines: Vec<Line>, outcome: &Outcome) -> Reconciliation {
        let differing = lines.iter().filter(|l| l.status == Status::Differs).count();
        Reconciliation {
            schema_version: SCHEMA_VERSION,
            dataset,
            agrees: differing == 0,
            figures: lines.len(),
            differing,
            lines,
            counts: KindCounts::of(outcome),
            left_out: outcome.left_out(PerKind::default()),
        }
    }
}

impl super::Document for Reconciliation {
    fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("the reconciliation serialises")
    }
}

impl super::Exporter<Reconciliation> for super::table::TableRenderer {
    fn export(&self, reconciliation: &Reconciliation) -> Vec<u8> {
        let style = self.style;
        let mut table = Table::new(vec![
            Column::left("figure").wrapping(),
            Column::right("published"),
            Column::right("records"),
            Column::right("difference"),
            Column::left("status"),
        ]);
        for line in &reconciliation.lines {
            let difference = match line.difference {
                0 => "0".to_owned(),
                d if d > 0 => format!("+{}", crate::text::group_digits(d.unsigned_abs())),
                d => format!("-{}", crate::text::group_digits(d.unsigned_abs())),
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
        let title = reconciliation.dataset.title_or_name();
        let verdict = if reconciliation.agrees {
            style.verdict(
                &format!(
                    "all {} published figures agree with the records",
                    reconciliation.figures
                ),
                true,
            )
        } else {
            style.verdict(
                &format!(
                    "{} of {} published figures differ from the records",
                    reconciliation.differing, reconciliation.figures
                ),
                false,
            )
        };
        let mut out = String::new();
        style.prose(&mut out, title);
        out.push_str(&table.draw(style).text);
        out.push_str(&verdict);
        out.push('\n');
        // A reconciliation forwarded without its stderr must still say what it did not count.
        if let Some(left_out) = &reconciliation.left_out {
            let line = format!("Left out of the records' figures: {left_out} (--lenient)");
            style.prose(&mut out, &line);
        }
        out.into_bytes()
    }
}

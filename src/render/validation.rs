//! The result of `crackdown validate`: counts per kind, the files each kind was read from, and
//! the problems found.

use serde::Serialize;

use super::layout::{Cell, Column, Table};
use crate::document::{DatasetInfo, KindCounts, SCHEMA_VERSION};
use crate::error::Problem;
use crate::text::group_digits;
use crate::validate::Outcome;

/// What `validate` reports.
#[derive(Debug, Serialize)]
pub struct Validation<'a> {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    /// True when no problem was found.
    pub clean: bool,
    /// Rows read, used and rejected, per kind loaded.
    pub counts: Vec<KindCounts>,
    pub problems_total: u64,
    /// The problems, in the order found (all of them, or the first ones when listed on a terminal).
    pub problems: &'a [Problem],
    pub warnings: &'a [String],
    /// The problems for people: the same problem in many rows said once (not in JSON, which
    /// lists every problem).
    #[serde(skip)]
    pub groups: Vec<String>,
}

impl<'a> Validation<'a> {
    pub fn new(
        dataset: DatasetInfo,
        outcome: &'a Outcome,
        problems: &'a [Problem],
        groups: Vec<String>,
    ) -> Self {
        Validation {
            schema_version: SCHEMA_VERSION,
            dataset,
            clean: outcome.is_clean(),
            counts: KindCounts::of(outcome),
            problems_total: outcome.problems,
            problems,
            warnings: &outcome.warnings,
            groups,
        }
    }
}

impl super::Document for Validation<'_> {
    fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("the validation serialises")
    }
}

impl super::Exporter<Validation<'_>> for super::table::TableRenderer {
    fn export(&self, validation: &Validation<'_>) -> Vec<u8> {
        let style = self.style;
        let mut table = Table::new(vec![
            Column::left("records"),
            Column::right("read"),
            Column::right("used"),
            Column::right("rejected"),
        ]);
        for k in &validation.counts {
            table.row(vec![
                Cell::new(k.kind),
                Cell::count(k.counts.read),
                Cell::count(k.counts.used),
                Cell::count(k.counts.rejected),
            ]);
        }
        let mut out = String::new();
        style.prose(
            &mut out,
            &format!(
                "dataset {}{}",
                validation.dataset.name,
                if validation.dataset.builtin {
                    " (built-in)"
                } else {
                    ""
                }
            ),
        );
        out.push_str(&table.draw(style).text);
        // Which files each kind was read from: with several per kind, the counts above are
        // their sums (JSON has each file's counts).
        for k in &validation.counts {
            let files: Vec<&str> = k.files.iter().map(|f| f.file.as_str()).collect();
            style.prose(&mut out, &format!("{}: {}", k.kind, files.join(", ")));
        }
        if validation.clean {
            out.push_str(&style.verdict("clean: no problems found", true));
            out.push('\n');
        } else {
            let total = validation.problems_total;
            let heading = format!(
                "{} problem{} found",
                group_digits(total),
                if total == 1 { "" } else { "s" }
            );
            out.push_str(&style.verdict(&heading, false));
            out.push_str(":\n");
            for group in &validation.groups {
                out.push_str(&format!("  {group}\n"));
            }
        }
        out.into_bytes()
    }
}

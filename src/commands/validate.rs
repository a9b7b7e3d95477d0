//! `crackdown validate`: every record through the checks, and the problems found.

use super::{Collector, PROBLEMS_LISTED, dataset_info, read, resolve, table_style};
use crate::cli::PlainFormat;
use crate::config::{Config, Environment};
use crate::error::{Exit, Result};
use crate::render::validation::Validation;

pub(super) fn run(config: &Config, format: PlainFormat, env: &Environment) -> Result<Exit> {
    // A validation report lists every problem for machines; people get the first ones.
    let keep = match format {
        PlainFormat::Json => usize::MAX,
        PlainFormat::Table => PROBLEMS_LISTED,
    };
    let mut problems = Collector::new(config, keep)?;
    let dataset = resolve(config, &[])?;
    let mut outcome = read(config, &dataset, &mut (), &mut problems)?;
    // Statements are checked after the records, into the same problems.
    let statements = match dataset.statements.is_empty() {
        true => None,
        false => {
            let choice = crate::statements::Choice::default();
            let checked = super::statements::load(config, &dataset, &choice, &mut problems)?;
            outcome.problems += checked.problems.len() as u64;
            outcome
                .warnings
                .extend(checked.warnings.iter().map(|w| w.to_string()));
            Some(checked)
        }
    };
    problems.finish()?;
    let groups = problems.described(&outcome, PROBLEMS_LISTED);
    let mut report = Validation::new(dataset_info(&dataset), &outcome, &problems.kept, groups);
    if let Some(checked) = &statements {
        let counts = crate::statements::StatementCounts::of(checked);
        report.counts.push(crate::document::KindCounts {
            kind: "statements",
            counts: counts.counts,
            files: counts.files,
        });
    }
    let bytes = super::export_plain(format, table_style(config, env), &report);
    config.destination.write(&bytes)?;
    Ok(if outcome.is_clean() {
        Exit::Ok
    } else {
        Exit::InvalidData
    })
}

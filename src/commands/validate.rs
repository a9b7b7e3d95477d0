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
    let outcome = read(config, &dataset, &mut (), &mut problems)?;
    problems.finish()?;
    let groups = problems.described(&outcome, PROBLEMS_LISTED);
    let report = Validation::new(dataset_info(&dataset), &outcome, &problems.kept, groups);
    let bytes = super::export_plain(format, table_style(config, env), &report);
    config.destination.write(&bytes)?;
    Ok(if outcome.is_clean() {
        Exit::Ok
    } else {
        Exit::InvalidData
    })
}

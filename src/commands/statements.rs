//! Statements through the checks, for `report`, `validate`, `compare` and `figures`: read,
//! checked against each other, their problems handed to the collector, and the stop of strict
//! mode.

use super::{Collector, PROBLEMS_LISTED};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::Dataset;
use crate::statements::{self, Checked, Choice};
use crate::validate::plural;

/// Reads and checks the statements of `dataset` that `choice` keeps. In strict mode a problem
/// ends the run (exit 3) once every problem is listed; with --lenient the rows are left out.
pub(super) fn load(
    config: &Config,
    dataset: &Dataset,
    choice: &Choice,
    problems: &mut Collector,
) -> Result<Checked> {
    load_again(config, dataset, choice, problems, None)
}

/// As [`load`]; with `said`, what an earlier load of the same statements found (the other
/// side of a comparison), the note, problems and warnings said then are not said again.
pub(super) fn load_again(
    config: &Config,
    dataset: &Dataset,
    choice: &Choice,
    problems: &mut Collector,
    said: Option<&Checked>,
) -> Result<Checked> {
    if dataset.name == crate::load::campaign::NAME && dataset.dir.is_none() && said.is_none() {
        crate::say!(
            "note: using the embedded dataset {}: published statements, each with its source (see data/cambodia-campaign/README.md)",
            crate::load::campaign::NAME
        );
    }
    let read = statements::read(&dataset.statements, config.date_order, &config.missing)?;
    let checked = statements::check(read, |s| choice.keeps(s));
    let new = |p: &&crate::error::Problem, earlier: fn(&Checked) -> &[crate::error::Problem]| {
        !said.is_some_and(|s| earlier(s).contains(p))
    };
    for problem in checked.problems.iter().filter(|p| new(p, |s| &s.problems)) {
        problems.add(problem.clone())?;
    }
    for warning in checked.warnings.iter().filter(|p| new(p, |s| &s.warnings)) {
        crate::say!("warning: {warning}");
    }
    Ok(checked)
}

/// Stops a strict run with problems, or says what --lenient left out.
pub(super) fn verdict(config: &Config, checked: &Checked, problems: &Collector) -> Result<()> {
    if checked.problems.is_empty() {
        return Ok(());
    }
    if !config.lenient || config.rejects.is_none() {
        for group in problems.described(&crate::validate::Outcome::default(), PROBLEMS_LISTED) {
            crate::say!("{group}");
        }
    }
    if !config.lenient {
        return Err(Error::Invalid {
            total: checked.problems.len() as u64,
        });
    }
    let rejected = checked.counts().rejected;
    crate::say!(
        "warning: {} with problems {} left out (--lenient)",
        plural(rejected, "statement row", "statement rows"),
        if rejected == 1 { "was" } else { "were" }
    );
    Ok(())
}

/// Says, when statements sit beside the records a command counts, that they are reported apart
/// and how: nothing read is passed over in silence. (`validate` checks both.)
pub(super) fn beside_records(dataset: &Dataset) {
    if dataset.inputs.is_empty() {
        return;
    }
    for file in &dataset.statements {
        let name = file.display_name();
        crate::say!(
            "note: {name} holds published statements, which this command leaves to their own report: crackdown report {name}"
        );
    }
}

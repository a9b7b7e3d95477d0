//! `crackdown reconcile`: the published figures beside the records' figures.

use super::{aggregate, dataset_info, resolve, table_style};
use crate::aggregate::{Aggregation, Shape};
use crate::cli::PlainFormat;
use crate::config::{Config, Environment};
use crate::error::{Error, Exit, Result};
use crate::reconcile;
use crate::render::reconciliation::Reconciliation;

pub(super) fn run(config: &Config, format: PlainFormat, env: &Environment) -> Result<Exit> {
    let dataset = resolve(config, &[])?;
    super::statements::beside_records(&dataset);
    let Some(published) = &dataset.published else {
        return Err(Error::Usage(format!(
            "no published figures for {}: put a published.json beside the records or pass --published FILE (README shows its format)",
            dataset.name
        )));
    };
    // Nothing to compare would read as "all 0 published figures agree": a pass that checked
    // nothing. A published.json that gives only the period is for validate and report.
    if published.figures.is_empty() {
        return Err(Error::Input {
            file: published.file.clone(),
            line: None,
            message: "no figures to reconcile: list each published figure under \"figures\", such as {\"figure\": \"detained\", \"value\": 284} (README: Reconciling with published figures)".into(),
        });
    }
    let mut aggregation = Aggregation {
        loaded: dataset.loaded().into(),
        ..Aggregation::default()
    };
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let lines = reconcile::reconcile(
        published,
        &aggregation.totals.summary(Shape::default()),
        &published.file,
    )?;
    let result = Reconciliation::new(dataset_info(&dataset), lines, &outcome);
    let bytes = super::export_plain(format, table_style(config, env), &result);
    config.destination.write(&bytes)?;
    Ok(if result.agrees {
        Exit::Ok
    } else {
        Exit::Differences
    })
}

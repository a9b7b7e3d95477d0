//! `crackdown report`: the records counted into one summary, exported in the format asked for.

use super::{aggregate, dataset_info, resolve, table_style};
use crate::aggregate::Aggregation;
use crate::cli::OutputFormat;
use crate::config::{Config, Environment, ReportConfig};
use crate::error::{Error, Exit, Result};
use crate::render::Exporter;
use crate::render::Json;
use crate::render::delimited::{Csv, Ndjson};
use crate::render::markdown::Markdown;
use crate::render::report::Report;
use crate::render::statements::StatementReport;
use crate::render::table::TableRenderer;

pub(super) fn run(config: &Config, report: &ReportConfig, env: &Environment) -> Result<Exit> {
    if report.hxl && config.format != OutputFormat::Csv {
        return Err(Error::Usage(
            "--hxl adds a row of HXL hashtags under a CSV header: use it with --format csv".into(),
        ));
    }
    let dataset = resolve(config, &[])?;
    if dataset.inputs.is_empty() {
        return statements_report(config, report, env, &dataset);
    }
    super::statements::beside_records(&dataset);
    let mut aggregation = Aggregation {
        filter: report.filter.clone(),
        loaded: dataset.loaded().into(),
        ..Aggregation::default()
    };
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let mut summary = aggregation.summary(report.shape);
    if let Some(note) = summary.many_days_note() {
        crate::say!("{note}");
    }
    summary.relabel(report.labels);
    let document = Report::new(
        dataset_info(&dataset),
        &outcome,
        &aggregation,
        summary,
        report.shape,
        report.by,
    );
    let exporter: Box<dyn Exporter<Report>> = match config.format {
        OutputFormat::Table => Box::new(TableRenderer {
            style: table_style(config, env),
            wide: report.wide,
        }),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Ndjson => Box::new(Ndjson),
        OutputFormat::Csv => Box::new(Csv {
            hxl: report.hxl,
            bom: config.bom,
        }),
        OutputFormat::Markdown => Box::new(Markdown),
    };
    config.destination.write(&exporter.export(&document))?;
    Ok(Exit::Ok)
}

/// The report of a dataset of statements only.
fn statements_report(
    config: &Config,
    report: &ReportConfig,
    env: &Environment,
    dataset: &crate::load::Dataset,
) -> Result<Exit> {
    if report.by.is_some() || report.hxl || !report.filter.khans.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds statements, not records: --by, --hxl and --khan apply to records (a statements report lists every figure per period, province and nationality)",
            dataset.name
        )));
    }
    let choice = crate::statements::Choice {
        from: report.filter.from,
        to: report.filter.to,
        provinces: Vec::new(),
        nationalities: report
            .filter
            .nationalities
            .iter()
            .flatten()
            .copied()
            .collect(),
    };
    let mut problems = super::Collector::new(config, 0)?;
    let checked = super::statements::load(config, dataset, &choice, &mut problems)?;
    problems.finish()?;
    super::statements::verdict(config, &checked, &problems)?;
    let document = StatementReport::new(dataset_info(dataset), &checked);
    let exporter: Box<dyn Exporter<StatementReport>> = match config.format {
        OutputFormat::Table => Box::new(TableRenderer {
            style: table_style(config, env),
            wide: report.wide,
        }),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Ndjson => Box::new(Ndjson),
        OutputFormat::Csv => Box::new(Csv {
            hxl: false,
            bom: config.bom,
        }),
        OutputFormat::Markdown => Box::new(Markdown),
    };
    config.destination.write(&exporter.export(&document))?;
    Ok(Exit::Ok)
}

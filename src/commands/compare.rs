//! `crackdown compare A B`: two datasets, or two periods or provinces of one, side by side.

use super::{aggregate, resolve, table_style};
use crate::aggregate::{Aggregation, Filter, Shape};
use crate::cli::OutputFormat;
use crate::compare::{Comparison, Side};
use crate::config::{Config, Environment};
use crate::date::{self, DateOrder};
use crate::error::{Error, Exit, Result};
use crate::render::Exporter;
use crate::render::Json;
use crate::render::compare::CompareDocument as Document;
use crate::render::delimited::{Csv, Ndjson};
use crate::render::markdown::Markdown;
use crate::render::table::TableRenderer;
use crate::statements::Choice;

/// What one side asks for: the period and the province.
#[derive(Debug, Clone, Default)]
pub struct SideChoice {
    pub from: Option<String>,
    pub to: Option<String>,
    pub province: Option<String>,
}

pub(super) fn run(
    config: &Config,
    env: &Environment,
    a: SideChoice,
    b: SideChoice,
) -> Result<Exit> {
    let data = &config.selection.data;
    let (da, db) = match &data[..] {
        [one] => (one.clone(), one.clone()),
        [a, b] => (a.clone(), b.clone()),
        _ => {
            return Err(Error::Usage(
                "compare takes two datasets (A B), or one and --a-from/--b-from, --a-to/--b-to or --a-province/--b-province to compare two periods or provinces of it".into(),
            ));
        }
    };
    let side_a = side(config, "A", da, &a, config.date_order)?;
    let side_b = side(config, "B", db, &b, config.date_order)?;
    let document = Document::new(Comparison::new(side_a, side_b));
    let exporter: Box<dyn Exporter<Document>> = match config.format {
        OutputFormat::Table => Box::new(TableRenderer {
            style: table_style(config, env),
            wide: false,
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

fn side(
    config: &Config,
    label: &str,
    path: std::path::PathBuf,
    choice: &SideChoice,
    order: Option<DateOrder>,
) -> Result<Side> {
    let flag = label.to_lowercase();
    let date = |name: &str, value: &Option<String>| {
        value
            .as_ref()
            .map(|v| {
                date::parse(v, order).map_err(|e| {
                    Error::Usage(format!("--{flag}-{name} {}: {e}", crate::text::quote(v)))
                })
            })
            .transpose()
    };
    let (from, to) = (date("from", &choice.from)?, date("to", &choice.to)?);
    let mut config = config.clone();
    config.selection.data = vec![path];
    let dataset = resolve(&config, &[])?;
    let statements = Choice {
        from,
        to,
        provinces: choice.province.iter().cloned().collect(),
        nationalities: Vec::new(),
    };
    let words = statements.describe();
    let title = match &words {
        Some(w) => format!("{label}: {} ({w})", dataset.name),
        None => format!("{label}: {}", dataset.name),
    };
    if dataset.inputs.is_empty() {
        let mut problems = super::Collector::new(&config, 0)?;
        let checked = super::statements::load(&config, &dataset, &statements, &mut problems)?;
        problems.finish()?;
        super::statements::verdict(&config, &checked, &problems)?;
        return Ok(Side::of_statements(
            title,
            dataset.name.clone(),
            words,
            &checked,
            choice.province.is_some(),
        ));
    }
    super::statements::beside_records(&dataset);
    if choice.province.is_some() {
        return Err(Error::Usage(format!(
            "--{flag}-province chooses statements of a province; {} holds records (use --khan with report)",
            dataset.name
        )));
    }
    let mut aggregation = Aggregation {
        filter: Filter {
            from,
            to,
            ..Filter::default()
        },
        loaded: dataset.loaded().into(),
        ..Aggregation::default()
    };
    aggregate(&config, &dataset, &mut aggregation)?;
    let summary = aggregation.summary(Shape::default());
    Ok(Side::of_records(
        title,
        dataset.name.clone(),
        words,
        &summary,
        dataset.loaded(),
        super::dataset_info(&dataset).notice,
    ))
}

//! `crackdown compare A B`: two datasets, or two periods or provinces of one, side by side.

use super::{aggregate_with, resolve, table_style};
use crate::aggregate::{Aggregation, Filter, Shape};
use crate::cli::OutputFormat;
use crate::compare::{Comparison, Side};
use crate::config::{Config, Environment};
use crate::date;
use crate::error::{Error, Exit, Result};
use crate::render::Exporter;
use crate::render::Json;
use crate::render::compare::CompareDocument as Document;
use crate::render::delimited::{Csv, Ndjson};
use crate::render::markdown::Markdown;
use crate::render::table::TableRenderer;
use crate::statements::{Checked, Choice};

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
    let a = Prepared::new(config, "A", da, &a, None)?;
    let b = Prepared::new(config, "B", db, &b, Some(&a))?;
    // One rejects file for both sides.
    let mut problems = super::Collector::new(config, 0)?;
    let sides = sides(&a, &b, &mut problems);
    let (side_a, side_b) = super::finish_unless_failed(sides, problems)?;
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

/// Reads both sides: once when they are two choices of one dataset's records, each record
/// counted by both; else each alone, what the first said of the same statements not said again.
fn sides(a: &Prepared, b: &Prepared, problems: &mut super::Collector) -> Result<(Side, Side)> {
    if a.same_records(b) {
        let mut pair = (a.aggregation(), b.aggregation());
        aggregate_with(&a.config, &a.dataset, &mut pair, problems)?;
        return Ok((a.of_records(&pair.0), b.of_records(&pair.1)));
    }
    let (side_a, checked) = a.side(None, problems)?;
    let said = checked.filter(|_| a.config.selection.data == b.config.selection.data);
    let (side_b, _) = b.side(said.as_ref(), problems)?;
    Ok((side_a, side_b))
}

/// One side of a comparison, resolved: its dataset and what it asks of it.
struct Prepared {
    config: Config,
    dataset: crate::load::Dataset,
    title: String,
    words: Option<String>,
    statements: Choice,
    province: bool,
}

impl Prepared {
    fn new(
        config: &Config,
        label: &'static str,
        path: std::path::PathBuf,
        choice: &SideChoice,
        other: Option<&Prepared>,
    ) -> Result<Prepared> {
        let flag = label.to_lowercase();
        let date = |name: &str, value: &Option<String>| {
            value
                .as_ref()
                .map(|v| {
                    date::parse(v, config.date_order).map_err(|e| {
                        Error::Usage(format!("--{flag}-{name} {}: {e}", crate::text::quote(v)))
                    })
                })
                .transpose()
        };
        let (from, to) = (date("from", &choice.from)?, date("to", &choice.to)?);
        let mut config = config.clone();
        config.selection.data = vec![path];
        // One dataset on both sides is resolved once: standard input can be read only once.
        let dataset = match other {
            Some(other) if other.config.selection.data == config.selection.data => {
                other.dataset.clone()
            }
            _ => resolve(&config, &[])?,
        };
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
        let province = choice.province.is_some();
        if !dataset.inputs.is_empty() && province {
            return Err(Error::Usage(format!(
                "--{flag}-province chooses statements of a province; {} holds records (use --khan with report)",
                dataset.name
            )));
        }
        Ok(Prepared {
            config,
            dataset,
            title,
            words,
            statements,
            province,
        })
    }

    /// Whether both sides are records of the same files, to be read once.
    fn same_records(&self, other: &Prepared) -> bool {
        !self.dataset.inputs.is_empty()
            && self.config.selection.data == other.config.selection.data
            && self.dataset.name == other.dataset.name
    }

    fn aggregation(&self) -> Aggregation {
        Aggregation {
            filter: Filter {
                from: self.statements.from,
                to: self.statements.to,
                ..Filter::default()
            },
            loaded: self.dataset.loaded().into(),
            ..Aggregation::default()
        }
    }

    fn of_records(&self, aggregation: &Aggregation) -> Side {
        Side::of_records(
            self.title.clone(),
            self.dataset.name.clone(),
            self.words.clone(),
            &aggregation.summary(Shape::default()),
            self.dataset.loaded(),
            self.dataset
                .published
                .as_ref()
                .filter(|_| self.dataset.illustrative()),
            self.statements.from.is_some() || self.statements.to.is_some(),
        )
    }

    /// Reads this side alone. `said`: what the other side found reading the same statements,
    /// not to be said twice. Returns the statements checked, when the side is statements.
    fn side(
        &self,
        said: Option<&Checked>,
        problems: &mut super::Collector,
    ) -> Result<(Side, Option<Checked>)> {
        let config = &self.config;
        if self.dataset.inputs.is_empty() {
            problems.new_reading();
            let checked = super::statements::load_again(
                config,
                &self.dataset,
                &self.statements,
                problems,
                said,
            )?;
            let all_said =
                said.is_some_and(|s| checked.problems.iter().all(|p| s.problems.contains(p)));
            if !all_said {
                super::statements::verdict(config, &checked, problems)?;
            }
            let side = Side::of_statements(
                self.title.clone(),
                self.dataset.name.clone(),
                self.words.clone(),
                &checked,
                self.province,
            );
            return Ok((side, Some(checked)));
        }
        super::statements::beside_records(&self.dataset);
        let mut aggregation = self.aggregation();
        aggregate_with(config, &self.dataset, &mut aggregation, problems)?;
        Ok((self.of_records(&aggregation), None))
    }
}

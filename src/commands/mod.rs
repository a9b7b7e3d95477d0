//! The commands, one file each: each resolves its inputs, runs the pipeline (load → validate →
//! aggregate) and hands one computed result to an exporter of the format asked for. The parts
//! every command shares are here: resolving the dataset, reading it through the checks, and
//! what is said on stderr.

mod compare;
mod figures;
mod init;
mod overwrite;
mod problems;
mod reconcile;
mod report;
pub mod schema;
mod statements;
mod validate;

use crate::builtin;
use crate::cli::{Cli, Command, OutputFormat, PlainFormat, SchemaOf};
use crate::config::{Config, Environment, ReportConfig, filter};
use crate::document::DatasetInfo;
use crate::error::{Error, Exit, Result};
use crate::load::{self, Dataset};
use crate::model::Kind;
use crate::output;
use crate::render::table::TableRenderer;
use crate::render::{Exporter, Json, TableStyle};
use crate::validate::{self as checks, Forks, Options, Outcome};

pub use problems::Collector;

/// How many problems are listed before the rest are only counted.
pub const PROBLEMS_LISTED: usize = 20;

/// Runs the command the user asked for and returns the exit code to end with.
pub fn run(cli: Cli, env: &Environment) -> Result<Exit> {
    match cli.command {
        Command::Validate { input, output } => validate::run(
            &Config::new(cli.color, input, output.format.into(), output.output, env),
            output.format,
            env,
        ),
        Command::Report {
            input,
            report: args,
            format,
            output,
        } => {
            let config = Config::new(cli.color, input, format, output, env);
            let report = ReportConfig::new(args, config.date_order, &config.missing)?;
            report::run(&config, &report, env)
        }
        Command::Figures {
            input,
            figures: args,
        } => {
            let config = Config::new(cli.color, input, OutputFormat::Table, None, env);
            let filter = filter(args.filters, config.date_order, &config.missing)?;
            figures::run(
                &config,
                filter,
                args.interval,
                args.top,
                &args.out,
                args.check,
                &args.look,
            )
        }
        Command::Compare {
            input,
            sides,
            format,
            output,
        } => {
            let config = Config::new(cli.color, input, format, output, env);
            let side = |from, to, province| compare::SideChoice { from, to, province };
            compare::run(
                &config,
                env,
                side(sides.a_from, sides.a_to, sides.a_province),
                side(sides.b_from, sides.b_to, sides.b_province),
            )
        }
        Command::Init { dir } => init::run(&dir),
        Command::Schema { what, data, output } => {
            let what = match what {
                SchemaOf::Inspections => schema::Described::Kind(Kind::Inspections),
                SchemaOf::Arrests => schema::Described::Kind(Kind::Arrests),
                SchemaOf::Prosecutions => schema::Described::Kind(Kind::Prosecutions),
                SchemaOf::Package => schema::Described::Package,
            };
            schema::run(
                what,
                data,
                &output::Destination::from_arg(output.as_deref()),
            )
        }
        Command::Reconcile { input, output } => reconcile::run(
            &Config::new(cli.color, input, output.format.into(), output.output, env),
            output.format,
            env,
        ),
    }
}

/// What every result says of the dataset it describes, built once per command.
pub fn dataset_info(dataset: &Dataset) -> DatasetInfo {
    let source = |short: bool| {
        dataset
            .published
            .as_ref()
            .and_then(|p| p.source.as_ref())
            .and_then(|s| s.cite(!short))
    };
    DatasetInfo {
        name: dataset.name.clone(),
        title: dataset.published.as_ref().map(|p| p.name.clone()),
        illustrative: dataset.illustrative(),
        builtin: dataset.builtin,
        files: dataset
            .inputs
            .iter()
            .map(|i| i.display_name())
            .chain(dataset.statements.iter().map(|s| s.display_name()))
            .collect(),
        source: source(false),
        published_breakdowns: dataset
            .published_breakdowns()
            .iter()
            .map(|b| b.words())
            .collect(),
        notice: dataset
            .illustrative()
            .then(|| crate::published::illustrative_notice(dataset.published_breakdowns())),
        breakdowns: dataset.published_breakdowns().to_vec(),
        source_short: dataset
            .published
            .as_ref()
            .and_then(|p| p.source.as_ref())
            .and_then(|s| s.cite_in_full()),
    }
}

/// Resolves what the user named into a dataset, saying on stderr when it is the built-in one,
/// and refuses outputs that would overwrite an input. `more` are outputs beyond the config's.
fn resolve(config: &Config, more: &[(&'static str, &std::path::Path)]) -> Result<Dataset> {
    let dataset = load::resolve(&config.selection)?;
    if dataset.builtin {
        crate::say!("note: {}", builtin::notice(&dataset));
    }
    for warning in &dataset.warnings {
        crate::say!("warning: {warning}");
    }
    let mut outputs = config.outputs();
    outputs.extend_from_slice(more);
    overwrite::refuse(&dataset, &outputs)?;
    Ok(dataset)
}

/// Reads every record of `dataset` through the checks, handing used records to `records` and
/// problems to `problems`, and prints the warnings about whole files.
fn read(
    config: &Config,
    dataset: &Dataset,
    records: &mut impl Forks,
    problems: &mut Collector,
) -> Result<Outcome> {
    let options = Options {
        date_order: config.date_order,
        missing: config.missing.clone(),
        threads: config.threads,
        least_piece: config.piece_bytes,
        progress: config.progress.clone(),
    };
    let outcome = checks::run(dataset, options, records, problems)?;
    for warning in &outcome.warnings {
        crate::say!("warning: {warning}");
    }
    Ok(outcome)
}

/// Reads the records through the checks into an aggregation. In strict mode any problem ends
/// the run before anything is written; in lenient mode rejected rows are listed and left out.
fn aggregate(config: &Config, dataset: &Dataset, aggregation: &mut impl Forks) -> Result<Outcome> {
    let mut problems = Collector::new(config, 0)?;
    let read = aggregate_with(config, dataset, aggregation, &mut problems);
    finish_unless_failed(read, problems)
}

/// Writes the rejects file of a run that read its records (however many problems it found),
/// not of one that failed before the end.
fn finish_unless_failed<T>(run: Result<T>, mut problems: Collector) -> Result<T> {
    match run {
        Ok(_) | Err(Error::Invalid { .. }) => problems.finish()?,
        Err(_) => {}
    }
    run
}

/// As [`aggregate`], with the problems going to `problems` (whose rejects file the caller
/// finishes): a command that reads two datasets writes the rejects of both to one file.
fn aggregate_with(
    config: &Config,
    dataset: &Dataset,
    aggregation: &mut impl Forks,
    problems: &mut Collector,
) -> Result<Outcome> {
    problems.new_reading();
    let outcome = read(config, dataset, aggregation, problems)?;
    if !outcome.is_clean() {
        // The same problem in many rows is said once; --rejects and validate --format json
        // have every row.
        if !config.lenient || config.rejects.is_none() {
            for group in problems.described(&outcome, PROBLEMS_LISTED) {
                crate::say!("{group}");
            }
        }
        if !config.lenient {
            return Err(Error::Invalid {
                total: outcome.problems,
            });
        }
        let rejected: u64 = outcome.counts.iter().map(|(_, c)| c.rejected).sum();
        let whither = config
            .rejects
            .as_ref()
            .map(|p| format!("; see {}", p.display()))
            .unwrap_or_default();
        crate::say!(
            "warning: {} with problems {} left out (--lenient){whither}",
            checks::plural(rejected, "row", "rows"),
            if rejected == 1 { "was" } else { "were" }
        );
    }
    Ok(outcome)
}

/// The bytes of a document that commands print in one of the plain formats (table or JSON).
fn export_plain<D>(format: PlainFormat, style: TableStyle, document: &D) -> Vec<u8>
where
    TableRenderer: Exporter<D>,
    Json: Exporter<D>,
{
    match format {
        PlainFormat::Table => TableRenderer { style, wide: false }.export(document),
        PlainFormat::Json => Json.export(document),
    }
}

fn table_style(config: &Config, env: &Environment) -> TableStyle {
    TableStyle {
        color: config.color,
        unicode: env.unicode,
        terminal: config.color
            || (env.stdout_terminal && config.destination == output::Destination::Stdout),
        width: config.width,
    }
}

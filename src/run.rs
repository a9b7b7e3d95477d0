//! The commands: each resolves its inputs, runs the pipeline and hands the result to a renderer.

use std::path::{Path, PathBuf};

use crate::aggregate::{Aggregation, Filter, Shape, SortOrder};
use crate::builtin;
use crate::cli::{Cli, Command, Config, Environment, OutputFormat, ReportConfig};
use crate::error::{Error, Exit, Problem, Result};
use crate::figures::{self, Caption};
use crate::load::{self, Dataset};
use crate::model::Kind;
use crate::output;
use crate::problems::Groups;
use crate::reconcile;
use crate::render::delimited::{Csv, Json, Ndjson};
use crate::render::document::DatasetInfo;
use crate::render::markdown::Markdown;
use crate::render::reconciliation::Reconciliation;
use crate::render::report::Report;
use crate::render::table::TableRenderer;
use crate::render::validation::Validation;
use crate::render::{Renderer, TableStyle};
use crate::validate::{self, Options, Outcome, ProblemSink, RecordSink};

/// How many problems are listed before the rest are only counted.
pub const PROBLEMS_LISTED: usize = 20;

/// Runs the command the user asked for and returns the exit code to end with.
pub fn run(cli: Cli, env: &Environment) -> Result<Exit> {
    match cli.command {
        Command::Validate { input, output } => validate(
            &Config::new(cli.color, input, output.format.into(), output.output, env),
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
            self::report(&config, &report, env)
        }
        Command::Figures {
            input,
            figures: args,
        } => {
            let config = Config::new(cli.color, input, OutputFormat::Table, None, env);
            let filter = args.filters.resolve(config.date_order, &config.missing)?;
            let shape = Shape {
                interval: args.interval,
                sort: SortOrder::Count,
                top: Some(usize::from(args.top)),
            };
            figures(&config, filter, shape, &args.out, args.check)
        }
        Command::Reconcile { input, output } => reconcile(
            &Config::new(cli.color, input, output.format.into(), output.output, env),
            env,
        ),
    }
}

/// Reads the records through the checks into an aggregation. In strict mode any problem ends
/// the run before anything is written; in lenient mode rejected rows are listed and left out.
fn aggregate(config: &Config, dataset: &Dataset, aggregation: &mut Aggregation) -> Result<Outcome> {
    let mut problems = Collector::new(config, 0)?;
    let outcome = read(config, dataset, aggregation, &mut problems)?;
    problems.finish()?;
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
            validate::plural(rejected, "row", "rows"),
            if rejected == 1 { "was" } else { "were" }
        );
    }
    Ok(outcome)
}

fn report(config: &Config, report: &ReportConfig, env: &Environment) -> Result<Exit> {
    let dataset = resolve(config)?;
    let mut aggregation = Aggregation {
        filter: report.filter.clone(),
        loaded: dataset.loaded(),
        ..Aggregation::default()
    };
    output::refuse_overwrite(
        &dataset,
        config.selection.data.as_deref(),
        &config.outputs(),
    )?;
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let document = Report::new(&dataset, &outcome, &aggregation, report.shape, report.by);
    let renderer: Box<dyn Renderer> = match config.format {
        OutputFormat::Table => Box::new(TableRenderer {
            style: table_style(config, env),
            wide: report.wide,
        }),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Ndjson => Box::new(Ndjson),
        OutputFormat::Csv => Box::new(Csv),
        OutputFormat::Markdown => Box::new(Markdown),
    };
    config.destination.write(&renderer.render(&document))?;
    Ok(Exit::Ok)
}

fn reconcile(config: &Config, env: &Environment) -> Result<Exit> {
    let dataset = resolve(config)?;
    output::refuse_overwrite(
        &dataset,
        config.selection.data.as_deref(),
        &config.outputs(),
    )?;
    let Some(published) = &dataset.published else {
        return Err(Error::Usage(format!(
            "no published figures for {}: put a published.json beside the records or pass --published FILE (README shows its format)",
            dataset.name
        )));
    };
    let mut aggregation = Aggregation {
        loaded: dataset.loaded(),
        ..Aggregation::default()
    };
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let lines = reconcile::reconcile(
        published,
        &aggregation.totals.summary(Shape::default()),
        &published.file,
    )?;
    let result = Reconciliation::new(DatasetInfo::new(&dataset), lines, &outcome);
    let bytes = match config.format {
        OutputFormat::Json => result.json(),
        _ => result.table(table_style(config, env)),
    };
    config.destination.write(&bytes)?;
    Ok(if result.agrees {
        Exit::Ok
    } else {
        Exit::Differences
    })
}

fn validate(config: &Config, env: &Environment) -> Result<Exit> {
    // A validation report lists every problem for machines; people get the first ones.
    let keep = match config.format {
        OutputFormat::Json => usize::MAX,
        _ => PROBLEMS_LISTED,
    };
    let mut problems = Collector::new(config, keep)?;
    let dataset = resolve(config)?;
    output::refuse_overwrite(
        &dataset,
        config.selection.data.as_deref(),
        &config.outputs(),
    )?;
    let outcome = read(config, &dataset, &mut (), &mut problems)?;
    problems.finish()?;
    let groups = problems.described(&outcome, PROBLEMS_LISTED);
    let report = Validation::new(&dataset, &outcome, &problems.kept, groups);
    let bytes = match config.format {
        OutputFormat::Json => report.json(),
        _ => report.table(table_style(config, env)),
    };
    config.destination.write(&bytes)?;
    Ok(if outcome.is_clean() {
        Exit::Ok
    } else {
        Exit::InvalidData
    })
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

/// Resolves what the user named into a dataset, saying on stderr when it is the built-in one.
pub fn resolve(config: &Config) -> Result<Dataset> {
    let dataset = load::resolve(&config.selection)?;
    if dataset.builtin {
        crate::say!("note: {}", builtin::notice(&dataset));
    }
    for warning in &dataset.warnings {
        crate::say!("warning: {warning}");
    }
    Ok(dataset)
}

/// Reads every record of `dataset` through the checks, handing used records to `records` and
/// problems to `problems`, and prints the warnings about whole files.
pub fn read(
    config: &Config,
    dataset: &Dataset,
    records: &mut dyn RecordSink,
    problems: &mut Collector,
) -> Result<Outcome> {
    let options = Options {
        date_order: config.date_order,
        missing: config.missing.clone(),
    };
    let outcome = validate::run(dataset, options, records, problems)?;
    for warning in &outcome.warnings {
        crate::say!("warning: {warning}");
    }
    Ok(outcome)
}

/// Where problems go: kept for the result (the first `keep`), grouped for people, and written to
/// the rejects file.
pub struct Collector {
    keep: usize,
    pub kept: Vec<Problem>,
    groups: Groups,
    rejects: Option<RejectsFile>,
}

impl Collector {
    pub fn new(config: &Config, keep: usize) -> Result<Collector> {
        let rejects = config
            .rejects
            .as_deref()
            .map(RejectsFile::create)
            .transpose()?;
        Ok(Collector {
            keep,
            kept: Vec::new(),
            groups: Groups::default(),
            rejects,
        })
    }

    /// The problems for people: one entry per kind of problem in one column of one file, the
    /// first `limit` of them, then how many more there are.
    pub fn described(&self, outcome: &Outcome, limit: usize) -> Vec<String> {
        let mut lines = self.groups.describe(&outcome.date_hints);
        if lines.len() > limit {
            let rest = lines.len() - limit;
            lines.truncate(limit);
            lines.push(format!(
                "… and {rest} more kinds of problem (crackdown validate --format json or --rejects FILE lists every row)"
            ));
        }
        lines
    }

    /// Writes the rejects file into place, whole.
    pub fn finish(&mut self) -> Result<()> {
        match self.rejects.take() {
            Some(file) => file.finish(),
            None => Ok(()),
        }
    }
}

impl ProblemSink for Collector {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        if let Some(file) = &mut self.rejects {
            file.write(&problem)?;
        }
        self.groups.add(&problem);
        if self.kept.len() < self.keep {
            self.kept.push(problem);
        }
        Ok(())
    }
}

/// The `--rejects` CSV: file, line, column, value, code, reason, one row per problem.
struct RejectsFile {
    path: PathBuf,
    writer: output::CsvWriter<output::OutputFile>,
}

impl RejectsFile {
    fn create(path: &Path) -> Result<RejectsFile> {
        let mut file = RejectsFile {
            path: path.to_path_buf(),
            writer: output::CsvWriter::new(output::OutputFile::create(path)?),
        };
        let header = ["file", "line", "column", "value", "code", "reason"];
        file.writer
            .row(header.map(output::Field::Text))
            .map_err(|e| file.error(e))?;
        Ok(file)
    }

    fn error(&self, e: std::io::Error) -> Error {
        Error::io(format!("cannot write {}", self.path.display()), e)
    }

    fn write(&mut self, p: &Problem) -> Result<()> {
        use output::Field::{Number, Text};
        let line = p.line.to_string();
        let record = [
            Text(&p.file),
            Number(&line),
            Text(p.column.as_deref().unwrap_or("")),
            Text(p.value.as_deref().unwrap_or("")),
            Text(p.code.as_str()),
            Text(&p.reason),
        ];
        self.writer.row(record).map_err(|e| self.error(e))
    }

    fn finish(self) -> Result<()> {
        let path = self.path;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        file.finish()
    }
}

/// Renders the figures and writes them to `out`, or, with `check`, compares them with it.
fn figures(config: &Config, filter: Filter, shape: Shape, out: &Path, check: bool) -> Result<Exit> {
    let dataset = resolve(config)?;
    let mut aggregation = Aggregation {
        filter,
        loaded: dataset.loaded(),
        ..Aggregation::default()
    };
    let figure_files: Vec<PathBuf> = figures::FILES.iter().map(|name| out.join(name)).collect();
    let mut outputs = config.outputs();
    outputs.extend(figure_files.iter().map(|path| ("--out", path.as_path())));
    output::refuse_overwrite(&dataset, config.selection.data.as_deref(), &outputs)?;
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let left_out = outcome.left_out(aggregation.filtered_out);
    let caption = Caption::new(&dataset, &aggregation.filter, left_out);
    let files = figures::render(&aggregation.summary(shape), &caption);
    if check {
        let mut stale = Vec::new();
        for file in &files {
            let path = out.join(&file.name);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == file.bytes => {}
                Ok(_) => stale.push(format!("{} differs", path.display())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    stale.push(format!("{} is missing", path.display()))
                }
                Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
            }
        }
        if stale.is_empty() {
            output::stdout(
                format!("{} is current: {} files\n", output::shown(out), files.len()).as_bytes(),
            )?;
            return Ok(Exit::Ok);
        }
        for line in &stale {
            crate::say!("{line}");
        }
        return Err(Error::Differences(format!(
            "{} of {} figure files in {} are not current; regenerate them with: crackdown figures --out {}",
            stale.len(),
            files.len(),
            out.display(),
            out.display()
        )));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Error::io(format!("cannot create {}", out.display()), e))?;
    for file in &files {
        output::write_atomically(&out.join(&file.name), |w| w.write_all(&file.bytes))?;
    }
    crate::say!("wrote {} files to {}", files.len(), out.display());
    Ok(Exit::Ok)
}

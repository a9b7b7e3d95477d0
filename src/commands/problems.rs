//! Where the problems found while reading go: kept for the result, grouped for people, and
//! written row by row to the `--rejects` file.

use std::path::{Path, PathBuf};

use crate::cli::OutputFormat;
use crate::config::Config;
use crate::error::{Error, Problem, Result};
use crate::model::Kind;
use crate::output;
use crate::problems::Groups;
use crate::validate::{Outcome, ProblemSink};

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
        // Every command that reads records makes its collector before reading: the one place
        // where a --bom that would mark no file is refused, whatever the command.
        if config.bom && config.format != OutputFormat::Csv && config.rejects.is_none() {
            return Err(Error::Usage(
                "--bom marks CSV for Excel, and this run writes none: add --rejects FILE, or use report --format csv".into(),
            ));
        }
        let rejects = config
            .rejects
            .as_deref()
            .map(|path| RejectsFile::create(path, config.bom))
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

    /// Starts on another dataset: the problems said from now on are its own, and the rejects
    /// file goes on with its rows.
    pub fn new_reading(&mut self) {
        self.kept.clear();
        self.groups = Groups::default();
    }

    /// Writes the rejects file into place, whole.
    pub fn finish(&mut self) -> Result<()> {
        match self.rejects.take() {
            Some(file) => file.finish(),
            None => Ok(()),
        }
    }
}

impl Collector {
    /// Takes a problem of a row that is no record of a kind (a statement).
    pub fn add(&mut self, problem: Problem) -> Result<()> {
        self.take(problem)
    }

    fn take(&mut self, problem: Problem) -> Result<()> {
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

impl ProblemSink for Collector {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        self.take(problem)
    }
}

/// The `--rejects` CSV: file, line, column, value, code, reason, one row per problem.
struct RejectsFile {
    path: PathBuf,
    writer: output::CsvWriter<output::OutputFile>,
}

impl RejectsFile {
    fn create(path: &Path, bom: bool) -> Result<RejectsFile> {
        let writer = output::CsvWriter::new(output::OutputFile::create(path)?, bom)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        let mut file = RejectsFile {
            path: path.to_path_buf(),
            writer,
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
        // In a workbook, the file names its sheet and the column its letter, as people look
        // them up: `arrests.xlsx, sheet "Arrests"`, `C (nationality)`.
        let (file, column) = (p.place(), p.column_label());
        let record = [
            Text(&file),
            Number(&line),
            Text(column.as_deref().unwrap_or("")),
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

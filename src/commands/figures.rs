//! `crackdown figures`: the SVG figures and their index pages, written to a directory, or with
//! `--check` compared with it (a result, like `reconcile`'s: exit 1 when they differ).

use std::path::{Path, PathBuf};

use super::{aggregate, dataset_info, resolve};
use crate::aggregate::{Aggregation, Filter, Interval, Shape, SortOrder};
use crate::cli::FigureLook;
use crate::config::Config;
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::render::figures::{self, Caption, FigureFile};

pub(super) fn run(
    config: &Config,
    filter: Filter,
    interval: Interval,
    top: u16,
    out: &Path,
    check: bool,
    look: &FigureLook,
) -> Result<Exit> {
    let options = figures::Options {
        width: f64::from(look.width),
        png: look.png,
    };
    let figure_files: Vec<PathBuf> = figures::files_that_may_be_drawn(options.png)
        .iter()
        .map(String::as_str)
        .chain(crate::render::timeline::FILES)
        .map(|name| out.join(name))
        .collect();
    let outputs: Vec<(&'static str, &Path)> = figure_files
        .iter()
        .map(|path| ("--out", path.as_path()))
        .collect();
    let dataset = resolve(config, &outputs)?;
    if dataset.inputs.is_empty() {
        // Statements only: their own figures, from the statements the filters keep.
        let choice = crate::statements::Choice {
            from: filter.from,
            to: filter.to,
            provinces: Vec::new(),
            nationalities: filter.nationalities.iter().flatten().copied().collect(),
        };
        let mut problems = super::Collector::new(config, 0)?;
        let checked = super::statements::load(config, &dataset, &choice, &mut problems)?;
        problems.finish()?;
        super::statements::verdict(config, &checked, &problems)?;
        let summary = crate::statements::Summary::of(&checked);
        let files = crate::render::timeline::render(&summary, &dataset.name);
        return write(out, &files, &[], check);
    }
    super::statements::beside_records(&dataset);
    let mut aggregation = Aggregation {
        filter,
        loaded: dataset.loaded().into(),
        ..Aggregation::default()
    };
    let outcome = aggregate(config, &dataset, &mut aggregation)?;
    let left_out = outcome.left_out(aggregation.filtered_out);
    let words = figures::Words {
        title: look.title.clone(),
        subtitle: look.subtitle.clone(),
        source: look.source.clone(),
        credit: look.credit.clone(),
    };
    let caption = Caption::new(
        &dataset_info(&dataset),
        &aggregation.filter,
        left_out,
        &words,
    );
    let shape = Shape {
        interval,
        sort: SortOrder::Count,
        top: Some(usize::from(top)),
        ..Shape::default()
    };
    let mut summary = aggregation.summary(shape);
    if let Some(note) = summary.many_days_note() {
        crate::say!("{note}");
    }
    summary.relabel(look.labels);
    let files = figures::render(&summary, &caption, options);
    write(out, &files, &figures::files_that_may_be_drawn(true), check)
}

/// Writes the figures to `out`, or with `check` compares them with it. `may_draw` names every
/// file the command may write: one of them in `out` that is not drawn now is left from an
/// earlier run (a figure of provinces, say, when the records now name one).
fn write(out: &Path, files: &[FigureFile], may_draw: &[String], check: bool) -> Result<Exit> {
    let left_over: Vec<PathBuf> = may_draw
        .iter()
        .filter(|name| !files.iter().any(|f| &f.name == *name))
        .map(|name| out.join(name))
        .filter(|path| path.exists())
        .collect();
    if check {
        return compare(out, files, &left_over);
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Error::io(format!("cannot create {}", out.display()), e))?;
    for file in files {
        output::write_atomically(&out.join(&file.name), |w| w.write_all(&file.bytes))?;
    }
    crate::say!("wrote {} files to {}", files.len(), out.display());
    for path in &left_over {
        crate::say!(
            "note: {} is left from an earlier run: the records no longer call for it, and no page links to it",
            output::shown(path)
        );
    }
    Ok(Exit::Ok)
}

/// Compares the figures drawn now with the files in `out`, and says which differ or are
/// missing on standard output.
fn compare(out: &Path, files: &[FigureFile], left_over: &[PathBuf]) -> Result<Exit> {
    let mut stale = Vec::new();
    for file in files {
        let path = out.join(&file.name);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == file.bytes => {}
            Ok(_) => stale.push(format!("{} differs", output::shown(&path))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("{} is missing", output::shown(&path)))
            }
            Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
    }
    for path in left_over {
        stale.push(format!(
            "{} is no longer drawn: the records no longer call for it (delete it)",
            output::shown(path)
        ));
    }
    let dir = output::shown(out);
    let text = if stale.is_empty() {
        format!("{dir} is current: {} files\n", files.len())
    } else {
        let mut text = format!(
            "{dir} is not current: {} of {} figure files differ from what the records draw now\n",
            stale.len(),
            files.len()
        );
        for line in &stale {
            text.push_str(&format!("  {line}\n"));
        }
        text.push_str(&format!(
            "Regenerate them with: crackdown figures --out {dir}\n"
        ));
        text
    };
    output::stdout(text.as_bytes())?;
    Ok(if stale.is_empty() {
        Exit::Ok
    } else {
        Exit::Differences
    })
}

//! The command line resolved: one plain [`Config`] per run, decided once from the arguments and
//! the [`Environment`], which the rest of the program reads (it never looks at the environment
//! itself).

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::aggregate::{Filter, Shape};
use crate::cli::{ColorChoice, FilterArgs, InputArgs, OutputFormat, ReportArgs};
use crate::date::{self, DateOrder};
use crate::error::{Error, Result};
use crate::grouping::By;
use crate::khan::Khan;
use crate::load::Selection;
use crate::missing::Missing;
use crate::nationality::Nationality;
use crate::output::Destination;
use crate::progress::Progress;
use crate::text::quote;

/// A report's choices, resolved.
#[derive(Debug, Clone, Default)]
pub struct ReportConfig {
    pub by: Option<By>,
    pub filter: Filter,
    pub shape: Shape,
    /// `--wide`: tables never leave a column out.
    pub wide: bool,
    /// `--hxl`: a row of HXL hashtags under the CSV header.
    pub hxl: bool,
    /// `--labels`: which name of each Khan the rows show.
    pub labels: crate::khan::Labels,
}

/// Resolves the filter options: Khans, nationalities and dates as the records' values are
/// resolved.
pub fn filter(
    args: FilterArgs,
    date_order: Option<DateOrder>,
    missing: &Missing,
) -> Result<Filter> {
    let date = |flag: &str, value: Option<String>| {
        value
            .map(|v| {
                date::parse(&v, date_order)
                    .map_err(|e| Error::Usage(format!("--{flag} {}: {e}", quote(&v))))
            })
            .transpose()
    };
    let from = date("from", args.from)?;
    let to = date("to", args.to)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Error::Usage(format!(
            "--from {from} is after --to {to}: no record could match"
        )));
    }
    let khans = args
        .khan
        .iter()
        .map(|k| Khan::resolve(k).map_err(|e| Error::Usage(format!("--khan {e}"))))
        .collect::<Result<_>>()?;
    let nationalities = args
        .nationality
        .iter()
        .map(|n| {
            // "--nationality N/A" asks for those whose nationality was not recorded.
            if missing.is_missing(n.trim()) {
                return Ok(None);
            }
            Nationality::resolve(n)
                .map(Some)
                .map_err(|e| Error::Usage(format!("--nationality {e}")))
        })
        .collect::<Result<_>>()?;
    Ok(Filter {
        from,
        to,
        khans,
        nationalities,
    })
}

impl ReportConfig {
    pub fn new(
        args: ReportArgs,
        date_order: Option<DateOrder>,
        missing: &Missing,
    ) -> Result<ReportConfig> {
        Ok(ReportConfig {
            by: args.by,
            filter: filter(args.filters, date_order, missing)?,
            shape: Shape {
                interval: args.interval,
                sort: args.sort,
                top: args.top.map(usize::from),
                // One other grouping asked for: the rows per operation and case are not shown.
                rows_per_id: args
                    .by
                    .is_none_or(|by| matches!(by, By::Operation | By::Case)),
            },
            wide: args.wide,
            hxl: args.hxl,
            labels: args.labels,
        })
    }
}

/// Everything a command needs to know, decided once.
#[derive(Debug, Clone)]
pub struct Config {
    pub selection: Selection,
    pub date_order: Option<DateOrder>,
    /// The words that mean "not recorded".
    pub missing: Missing,
    pub lenient: bool,
    pub rejects: Option<PathBuf>,
    /// How many threads read a large CSV file: `--threads`, else the cores available.
    pub threads: usize,
    /// The least bytes in a piece of a file read on several threads.
    pub piece_bytes: u64,
    /// A progress bar for files that take a while: only when standard error is a terminal, not
    /// in CI (`CI` set), not with TERM=dumb, not with `--quiet`.
    pub progress: Progress,
    /// `--bom`: every CSV written starts with a UTF-8 byte-order mark.
    pub bom: bool,
    pub format: OutputFormat,
    pub destination: Destination,
    /// Whether to colour output for people.
    pub color: bool,
    /// The width in terminal columns that tables and text are fitted to: the terminal's, when
    /// the result goes to standard output and that is a terminal ([`Environment::width`]);
    /// `None` otherwise, so that output that is not a terminal never depends on one.
    pub width: Option<usize>,
}

impl Config {
    /// Resolves the options of one command against the environment.
    pub fn new(
        color: ColorChoice,
        input: InputArgs,
        format: OutputFormat,
        output: Option<PathBuf>,
        env: &Environment,
    ) -> Config {
        let destination = Destination::from_arg(output.as_deref());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                destination == Destination::Stdout
                    && env.stdout_terminal
                    && !env.no_color
                    && !env.dumb_terminal
            }
        };
        let width = if destination == Destination::Stdout {
            env.width()
        } else {
            None
        };
        Config {
            width,
            selection: Selection {
                data: input.data,
                inspections: input.inspections,
                arrests: input.arrests,
                prosecutions: input.prosecutions,
                published: input.published,
                statements: input.statements,
                format: input.input_format,
                stdin_redirected: !env.stdin_terminal,
                map: input.map,
                map_file: input.map_file,
                sheets: input.sheet,
                reading: crate::load::Reading {
                    delimiter: input.delimiter,
                    encoding: input.encoding,
                    max_record: input.max_record_size,
                },
            },
            date_order: input.date_order,
            missing: Missing::new(&input.na, input.na_namibia),
            lenient: input.lenient,
            rejects: input.rejects,
            threads: input.threads.map_or(env.cores, usize::from).max(1),
            piece_bytes: input.piece_bytes,
            progress: if env.stderr_terminal && !env.ci && !env.dumb_terminal && !input.quiet {
                Progress::after(std::time::Duration::from_millis(input.progress_after_ms))
            } else {
                Progress::default()
            },
            bom: input.bom,
            format,
            destination,
            color,
        }
    }

    /// The files this command writes, each with the flag that names it, in the order they are
    /// written: the rejects file, then the result.
    pub fn outputs(&self) -> Vec<(&'static str, &std::path::Path)> {
        let mut outputs = Vec::new();
        if let Some(rejects) = &self.rejects {
            outputs.push(("--rejects", rejects.as_path()));
        }
        if let Some(file) = self.destination.file() {
            outputs.push(("-o", file));
        }
        outputs
    }
}

/// What the program needs to know of its environment, read in one place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Environment {
    pub stdout_terminal: bool,
    /// Standard input is a terminal: with nothing named, the built-in dataset is read.
    pub stdin_terminal: bool,
    /// The number of columns the terminal on standard output reports, when it reports a size;
    /// a terminal that reports 0 × 0 (some CI systems, `script`, containers) reports none.
    pub terminal_columns: Option<usize>,
    /// COLUMNS, when it holds a whole number above 0.
    pub columns_variable: Option<usize>,
    /// NO_COLOR is set to a non-empty value (no-color.org).
    pub no_color: bool,
    pub dumb_terminal: bool,
    /// The locale speaks UTF-8, so tables may draw with box characters.
    pub unicode: bool,
    /// The threads that can run at once (the cores this process may use); 0 when unknown.
    pub cores: usize,
    pub stderr_terminal: bool,
    /// Running in continuous integration: `CI` is set to anything but empty, `0` or `false`.
    pub ci: bool,
}

impl Environment {
    pub fn read() -> Environment {
        Environment {
            stdout_terminal: std::io::stdout().is_terminal(),
            stdin_terminal: std::io::stdin().is_terminal(),
            terminal_columns: terminal_columns(),
            columns_variable: std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|&c| c > 0),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            dumb_terminal: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            unicode: ["LC_ALL", "LC_CTYPE", "LANG"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
                .is_some_and(|locale| {
                    let locale = locale.to_ascii_lowercase();
                    locale.contains("utf-8") || locale.contains("utf8")
                }),
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            stderr_terminal: std::io::stderr().is_terminal(),
            ci: std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false")),
        }
    }

    /// The width to fit output to on standard output: only when it is a terminal, the size it
    /// reports, or COLUMNS when it reports none (0 × 0); `None` (no limit) when neither is known
    /// or standard output is not a terminal, so that piped output never depends on a terminal.
    pub fn width(&self) -> Option<usize> {
        if !self.stdout_terminal {
            return None;
        }
        self.terminal_columns.or(self.columns_variable)
    }
}

/// The number of columns of the terminal on standard output, if it is one and reports them (a
/// terminal may report its width and 0 rows: the width still counts).
#[cfg(unix)]
fn terminal_columns() -> Option<usize> {
    let stdout = std::io::stdout();
    if !rustix::termios::isatty(&stdout) {
        return None;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .map(|size| usize::from(size.ws_col))
        .filter(|&columns| columns > 0)
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    #[test]
    fn colour_is_used_only_on_a_terminal_without_no_color() {
        let config = |choice, env: Environment| {
            let cli = Cli::parse_from(["crackdown", "validate"]);
            let Command::Validate { input, output } = cli.command else {
                unreachable!()
            };
            Config::new(choice, input, output.format.into(), output.output, &env).color
        };
        let tty = Environment {
            stdout_terminal: true,
            stdin_terminal: true,
            no_color: false,
            dumb_terminal: false,
            unicode: true,
            ..Environment::default()
        };
        assert!(config(ColorChoice::Auto, tty));
        assert!(!config(
            ColorChoice::Auto,
            Environment {
                stdout_terminal: false,
                ..tty
            }
        ));
        assert!(!config(
            ColorChoice::Auto,
            Environment {
                no_color: true,
                ..tty
            }
        ));
        assert!(!config(
            ColorChoice::Auto,
            Environment {
                dumb_terminal: true,
                ..tty
            }
        ));
        assert!(config(
            ColorChoice::Always,
            Environment {
                stdout_terminal: false,
                ..tty
            }
        ));
        assert!(!config(ColorChoice::Never, tty));
    }

    #[test]
    fn tables_fit_a_terminal_of_known_size_and_nothing_else() {
        let width = |env: Environment, args: &[&str]| {
            let cli = Cli::parse_from(["crackdown", "validate"].iter().chain(args));
            let Command::Validate { input, output } = cli.command else {
                unreachable!()
            };
            Config::new(
                ColorChoice::Auto,
                input,
                output.format.into(),
                output.output,
                &env,
            )
            .width
        };
        let tty = Environment {
            stdout_terminal: true,
            terminal_columns: Some(80),
            columns_variable: Some(120),
            ..Environment::default()
        };
        assert_eq!(width(tty, &[]), Some(80), "the terminal's size wins");
        let sizeless = Environment {
            terminal_columns: None,
            ..tty
        };
        assert_eq!(
            width(sizeless, &[]),
            Some(120),
            "COLUMNS when it reports 0 × 0"
        );
        let unknown = Environment {
            columns_variable: None,
            ..sizeless
        };
        assert_eq!(width(unknown, &[]), None, "no limit when nothing is known");
        let piped = Environment {
            stdout_terminal: false,
            ..tty
        };
        assert_eq!(width(piped, &[]), None, "COLUMNS counts only on a terminal");
        assert_eq!(
            width(tty, &["-o", "x.txt"]),
            None,
            "files are not terminals"
        );
    }
}

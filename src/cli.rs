//! The command line: clap definitions, resolved once into a plain [`Config`] that the rest of the
//! program reads (it never looks at the environment itself).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::DateOrder;
use crate::load::{Format, Selection};
use crate::output::Destination;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  a check found differences (reconcile, figures --check)
  2  wrong usage (unknown flag, bad value, missing file)
  3  invalid input data (problems in records, missing columns, malformed JSON)
  4  an input or output failure (unreadable file, disk full)";

/// Statistics people can trust from record-level data of crackdowns on online-scam networks.
///
/// crackdown reads inspection, arrest and prosecution records (CSV, JSON, NDJSON), resolves
/// Khans and nationalities in any spelling, checks every record against the others, and loses
/// nothing: every row is either counted or reported with its file, line, column and reason.
/// With no input named, it uses the built-in dataset of Phnom Penh's operation of 3–18 February
/// 2026 (headline figures published, breakdowns illustrative).
#[derive(Debug, Parser)]
#[command(name = "crackdown", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colour: auto (only on a terminal, and not when NO_COLOR is set or TERM=dumb),
    /// always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check records and list every problem, with its file, line, column, value and reason.
    ///
    /// Reads every record, resolves each value, checks ids, references, women against foreigners
    /// and dates against the published period, and prints the counts per kind and the problems.
    /// Exits 0 only when the data is clean, 3 when any problem was found.
    #[command(after_help = concat!(
        "Examples:\n",
        "  crackdown validate                          check the built-in dataset\n",
        "  crackdown validate records/                 check a dataset directory\n",
        "  crackdown validate --arrests raids.json     check one file\n",
        "  cat arrests.ndjson | crackdown validate --arrests -\n",
        "  crackdown validate records/ --format json | jq .problems",
    ))]
    Validate {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// Where records come from and how to read them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A dataset directory holding inspections.*, arrests.*, prosecutions.* and optionally
    /// published.json (or one record file named after its kind). Default: the built-in dataset.
    #[arg(value_name = "DATA")]
    pub data: Option<PathBuf>,

    /// Inspection records (CSV, JSON or NDJSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub inspections: Option<PathBuf>,

    /// Arrest records (CSV, JSON or NDJSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub arrests: Option<PathBuf>,

    /// Prosecution records (CSV, JSON or NDJSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub prosecutions: Option<PathBuf>,

    /// Published headline figures (published.json) to check dates against; default: the one in
    /// the DATA directory, if any.
    #[arg(long, value_name = "FILE")]
    pub published: Option<PathBuf>,

    /// Read every input in this format instead of choosing by extension (.csv, .json, .ndjson,
    /// .jsonl) or, for standard input and other names, by the first bytes.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// How to read numeric dates such as 03/02/2026, where the day and the month could swap.
    /// Without it such dates are refused; unambiguous ones (18/02/2026) are always read.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,

    /// Leave rows with problems out instead of refusing the whole input. Each rejected row is
    /// listed on stderr (or written to --rejects), and the counts read, used and rejected travel
    /// with the results.
    #[arg(long)]
    pub lenient: bool,

    /// Write every problem as CSV (file, line, column, value, reason) to FILE instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

/// How and where to write results.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table for people, json for machines.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the result to FILE (whole or not at all) instead of standard output; `-` is stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table for the terminal.
    Table,
    /// One JSON document (schema documented in README).
    Json,
}

/// Everything a command needs to know, decided once.
#[derive(Debug, Clone)]
pub struct Config {
    pub selection: Selection,
    pub date_order: Option<DateOrder>,
    pub lenient: bool,
    pub rejects: Option<PathBuf>,
    pub format: OutputFormat,
    pub destination: Destination,
    /// Whether to colour output for people.
    pub color: bool,
    /// Whether stderr is a terminal (for the length of problem listings).
    pub stderr_terminal: bool,
}

impl Config {
    /// Resolves the options of one command against the environment.
    pub fn new(
        color: ColorChoice,
        input: InputArgs,
        output: OutputArgs,
        env: &Environment,
    ) -> Config {
        let destination = Destination::from_arg(output.output.as_deref());
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
        Config {
            selection: Selection {
                data: input.data,
                inspections: input.inspections,
                arrests: input.arrests,
                prosecutions: input.prosecutions,
                published: input.published,
                format: input.input_format,
            },
            date_order: input.date_order,
            lenient: input.lenient,
            rejects: input.rejects,
            format: output.format,
            destination,
            color,
            stderr_terminal: env.stderr_terminal,
        }
    }
}

/// What the program needs to know of its environment, read in one place.
#[derive(Debug, Clone, Copy)]
pub struct Environment {
    pub stdout_terminal: bool,
    pub stderr_terminal: bool,
    /// NO_COLOR is set to a non-empty value (no-color.org).
    pub no_color: bool,
    pub dumb_terminal: bool,
    /// The locale speaks UTF-8, so tables may draw with box characters.
    pub unicode: bool,
}

impl Environment {
    pub fn read() -> Environment {
        Environment {
            stdout_terminal: std::io::stdout().is_terminal(),
            stderr_terminal: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            dumb_terminal: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            unicode: ["LC_ALL", "LC_CTYPE", "LANG"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
                .is_some_and(|locale| {
                    let locale = locale.to_ascii_lowercase();
                    locale.contains("utf-8") || locale.contains("utf8")
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn colour_is_used_only_on_a_terminal_without_no_color() {
        let config = |choice, env: Environment| {
            let cli = Cli::parse_from(["crackdown", "validate"]);
            let Command::Validate { input, output } = cli.command;
            Config::new(choice, input, output, &env).color
        };
        let tty = Environment {
            stdout_terminal: true,
            stderr_terminal: true,
            no_color: false,
            dumb_terminal: false,
            unicode: true,
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
}

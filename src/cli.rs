//! The command line: clap definitions, and the names and help the domain's enums have on it. The
//! parsed arguments are resolved once into a plain [`Config`](crate::config::Config).

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::aggregate::{Interval, SortOrder};
use crate::date::DateOrder;
use crate::error::EXIT_HELP;
use crate::grouping::By;
use crate::load::{Format, SheetChoice};

/// Lets clap read the program's own enums. Their names and help on the command line live here,
/// with the rest of the command line, so the modules that own the enums know nothing of clap.
macro_rules! value_enum {
    ($ty:ty { $($variant:path => $name:literal $(alias $alias:literal)? $(: $help:literal)?),* $(,)? }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($variant),*]
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $($variant => clap::builder::PossibleValue::new($name)
                        $(.alias($alias))? $(.help($help))?),*
                })
            }
        }
    };
}

value_enum!(By {
    By::Khan => "khan": "Per Khan: all 14, in code order",
    By::Province => "province": "Per province of Cambodia with any record",
    By::District => "district": "Per district, municipality or Khan of Cambodia with any record",
    By::Nationality => "nationality": "Per nationality of those detained and prosecuted",
    By::Date => "date": "Per day (or --interval week|month), every day of the period",
    By::Premises => "premises": "Per premises type",
    By::Operation => "operation": "Per scam operation",
    By::Case => "case": "Per court case",
    By::KhanNationality => "khan,nationality" alias "crosstab":
        "Detained per Khan and nationality (a cross-tab)",
});

value_enum!(Interval {
    Interval::Day => "day",
    Interval::Week => "week": "ISO weeks, Monday to Sunday, labelled 2026-W06",
    Interval::Month => "month": "Calendar months, labelled 2026-02",
});

value_enum!(SortOrder {
    SortOrder::Natural => "natural":
        "Each grouping's own order: Khans by code, nationalities by count then code, dates ascending, premises types as listed, operations and cases by id",
    SortOrder::Count => "count":
        "Largest first by the grouping's main count (detained; inspections for premises types; defendants for cases), ties in natural order",
});

value_enum!(Format {
    Format::Csv => "csv": "RFC 4180 CSV with a header row",
    Format::Json => "json": "One JSON array of objects",
    Format::Ndjson => "ndjson": "One JSON object per line (also .jsonl)",
    Format::Xlsx => "xlsx": "An Excel workbook (.xlsx, .xlsm)",
    Format::Xls => "xls": "An Excel 97-2003 workbook",
    Format::Ods => "ods": "An OpenDocument spreadsheet (LibreOffice)",
});

value_enum!(DateOrder {
    DateOrder::Dmy => "dmy": "Day first: 03/02/2026 is 3 February 2026",
    DateOrder::Mdy => "mdy": "Month first: 03/02/2026 is 2 March 2026",
});

/// Statistics people can trust from record-level data of crackdowns on online-scam networks.
///
/// crackdown reads inspection, arrest and prosecution records (CSV, JSON, NDJSON), resolves
/// Khans and nationalities in any spelling, checks every record against the others, and loses
/// nothing: every row is either counted or reported with its file, line, column and reason.
/// With no input named, it uses the built-in dataset of Phnom Penh's operation of 3–18 February
/// 2026 (headline figures published, breakdowns illustrative).
#[derive(Debug, Parser)]
#[command(name = "crackdown", version = VERSION, max_term_width = 100)]
#[command(after_help = examples(concat!(
    "  crackdown report                         the report of the built-in dataset\n",
    "  crackdown validate records/              every problem in a dataset directory\n",
    "  crackdown report records/ --by khan -f csv --bom -o khans.csv   per Khan, for Excel\n",
    "  crackdown reconcile records/             the records against the published figures\n",
    "  crackdown init raids/                    a new dataset to fill in\n",
    "  crackdown help report                    a command's options and examples",
)))]
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
    #[command(after_help = examples(concat!(
        "  crackdown validate                          check the built-in dataset\n",
        "  crackdown validate records/                 check a dataset directory\n",
        "  crackdown validate --arrests raids.json     check one file\n",
        "  crackdown validate --arrests 'raids/arrests-*.csv'   several files, one table\n",
        "  cat arrests.ndjson | crackdown validate --arrests -\n",
        "  crackdown validate records/ --format json | jq .problems",
    )))]
    Validate {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Print the report: headline, per-Khan, per-nationality and per-date totals.
    ///
    /// With no --by, prints the headline and the per-Khan, per-nationality and per-date tables;
    /// --by prints one grouping. Records with problems stop the report (exit 3) unless --lenient
    /// is given, in which case they are left out, listed, and counted in the results.
    #[command(after_help = examples(concat!(
        "  crackdown report                                   the built-in Phnom Penh report\n",
        "  crackdown report records/ --by nationality --sort count --top 5\n",
        "  crackdown report --khan \"Toul Kork\" --khan 1208 --from 2026-02-10\n",
        "  crackdown report --by date --interval week --format csv -o weekly.csv\n",
        "  crackdown report --format json | jq .headline.detained\n",
        "  crackdown report --by khan --format ndjson | jq -c 'select(.detained > 20)'",
    )))]
    Report {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Output format: table for people; json (the whole report), ndjson or csv (one grouping,
        /// per Khan unless --by says otherwise) for machines; markdown to paste into a document.
        #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Write the result to FILE (whole or not at all) instead of standard output; `-` is stdout.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Compare the records' totals with the published figures (published.json), figure by figure.
    ///
    /// Prints each published figure, the figure computed from the records, the difference and
    /// whether they agree. Exits 0 when every figure agrees, 1 when any differs.
    #[command(after_help = examples(concat!(
        "  crackdown reconcile                          the built-in dataset against its published figures\n",
        "  crackdown reconcile records/                 uses records/published.json\n",
        "  crackdown reconcile records/ --published press-release.json --format json",
    )))]
    Reconcile {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Draw the standard figures as SVG (and PNG), with an index page, or check that a directory is current.
    ///
    /// Writes detained per Khan, detained per nationality, daily activity, foreign nationals and
    /// women identified per Khan, and defendants per nationality by role, from the same summary
    /// as `report`, each with the CSV of its numbers, plus index.md and index.html. Identical
    /// input gives identical bytes on any machine (no timestamps, no system fonts), so CI can
    /// regenerate and compare them.
    #[command(after_help = examples(concat!(
        "  crackdown figures --out docs/figures --png          the built-in dataset's figures, SVG and PNG\n",
        "  crackdown figures --check --png --out docs/figures  exit 1 if they are not current (for CI)\n",
        "  crackdown figures records/ --out figs --khan 1204 --interval week\n",
        "  crackdown figures records/ --out phone --width 390 --labels common --title Raids",
    )))]
    Figures {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        figures: FiguresArgs,
    },

    /// Print the Frictionless Table Schema of a kind of record, or a Data Package of a dataset.
    ///
    /// The Table Schema lists each column of the kind with its type, whether it is required,
    /// unique ids, the closed sets of words, bounds, references between kinds and the words that
    /// mean "not recorded", in the form crackdown writes (it reads more forms). `package`
    /// describes the record files of a dataset directory (the built-in one when DATA is not
    /// given), so that `frictionless validate datapackage.json` can check them.
    #[command(after_help = examples(concat!(
        "  crackdown schema arrests                      the Table Schema of arrest records\n",
        "  crackdown schema package records/ -o records/datapackage.json\n",
        "  frictionless validate records/datapackage.json",
    )))]
    Schema {
        /// inspections, arrests or prosecutions (a Table Schema), or package (a Data Package).
        #[arg(value_enum, value_name = "WHAT")]
        what: SchemaOf,
        /// With `package`: the dataset directory to describe (default: the built-in dataset).
        #[arg(value_name = "DATA")]
        data: Option<PathBuf>,
        /// Write the result to FILE (whole or not at all) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Set two datasets, or two periods or provinces of one, side by side.
    ///
    /// A and B are dataset directories, statements files or the names of the embedded datasets
    /// (phnom-penh-2026-02, cambodia-campaign); with one, the sides are two choices of it. Each
    /// headline figure is shown with both values, the difference (B − A) and the ratio (B / A);
    /// the detained per nationality with their shares; published values with their sources. A
    /// figure one side does not know is unknown, never 0; values that sources dispute are all
    /// shown, and no difference is computed from them.
    #[command(after_help = examples(concat!(
        "  crackdown compare phnom-penh-2026-02 cambodia-campaign
",
        "  crackdown compare cambodia-campaign --a-to 2025-06-30 --b-from 2025-06-27
",
        "  crackdown compare records/ --a-to 2026-02-10 --b-from 2026-02-11 -f json",
    )))]
    Compare {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        sides: CompareArgs,
        /// Output format: table, json, csv or ndjson (one row per figure, then per
        /// nationality), markdown.
        #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Write the result to FILE (whole or not at all) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Write a new dataset to fill in: record files with their headers, published.json, README.
    ///
    /// DIR gets inspections.csv, arrests.csv and prosecutions.csv, each with its header and one
    /// example row commented out with `#` (never counted), a published.json naming every figure
    /// crackdown can check, and a README saying what goes where. Nothing is replaced: a file of
    /// the same name already in DIR stops it before anything is written.
    #[command(after_help = examples(concat!(
        "  crackdown init raids/            write a new dataset to raids/\n",
        "  crackdown validate raids/        0 rows read, clean",
    )))]
    Init {
        /// The directory to write the dataset to (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

// The commands that describe crackdown itself, for installing it: they read no records. They
// are added to [`Cli`]'s by [`command`], so that the data commands stay one enum of their own.
// (A plain comment: clap would take a doc comment here for the program's description.)
#[derive(Debug, Subcommand)]
pub enum Packaging {
    /// Print the completion script of a shell: bash, zsh, fish, powershell or elvish.
    ///
    /// The script completes commands, options and their values (groupings, formats, kinds of
    /// record). Save it where the shell looks for completions; README's Install section says
    /// where for each shell.
    #[command(after_help = examples(concat!(
        "  crackdown completions bash > ~/.local/share/bash-completion/completions/crackdown\n",
        "  crackdown completions zsh > ~/.zfunc/_crackdown     (fpath+=~/.zfunc in ~/.zshrc)\n",
        "  crackdown completions fish > ~/.config/fish/completions/crackdown.fish\n",
        "  crackdown completions powershell >> $PROFILE",
    )))]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), or write one page per command to a directory.
    ///
    /// The pages say what --help says: every option, the examples and the exit codes.
    #[command(after_help = examples(concat!(
        "  crackdown man > ~/.local/share/man/man1/crackdown.1\n",
        "  crackdown man --out ~/.local/share/man/man1     crackdown.1, crackdown-report.1, ...\n",
        "  crackdown man | man -l -",
    )))]
    Man {
        /// Write crackdown.1 and a page per command (crackdown-report.1, ...) to DIR, created if
        /// missing, instead of printing the main page.
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        out: Option<PathBuf>,
    },
}

/// What the user asked for: a command on records, or a file for installing crackdown.
#[derive(Debug)]
pub enum Invocation {
    Records(Box<Cli>),
    Packaging(Packaging),
}

/// The whole command line: [`Cli`]'s commands and the [`Packaging`] ones. Completions and manual
/// pages are made from it, so they list every command.
pub fn command() -> clap::Command {
    Packaging::augment_subcommands(Cli::command())
}

/// Parses the process's arguments. Wrong usage prints clap's message and exits 2; --help and
/// --version print and exit 0.
pub fn parse() -> Invocation {
    let matches = command().get_matches();
    let invocation = match matches.subcommand_name() {
        Some(name) if Packaging::has_subcommand(name) => {
            Packaging::from_arg_matches(&matches).map(Invocation::Packaging)
        }
        _ => Cli::from_arg_matches(&matches).map(|cli| Invocation::Records(Box::new(cli))),
    };
    invocation.unwrap_or_else(|e| e.format(&mut command()).exit())
}

/// The version `--version` prints: the package's, and the commit it was built from when built
/// from a git checkout (`0.1.0 (rev 1a2b3c4)`, see build.rs).
pub const VERSION: &str = env!("CRACKDOWN_VERSION");

/// The text under a command's options: its examples, then the exit codes, from the one list in
/// [`crate::error`].
fn examples(lines: &str) -> String {
    format!("Examples:\n{lines}\n\n{EXIT_HELP}")
}

/// Which records a report or a figure counts.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Count only records dated on or after DATE (prosecutions by their filing date).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Count only records dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Count only this Khan (any spelling, Khmer name or code); repeat for several. Prosecutions
    /// count when their arrest was made in it.
    #[arg(long, value_name = "KHAN")]
    pub khan: Vec<String>,

    /// Count only this nationality of those detained and prosecuted (code, name or adjective);
    /// repeat for several. Inspections are not filtered by it.
    #[arg(long, value_name = "NATIONALITY")]
    pub nationality: Vec<String>,
}

/// What a report shows and which records it counts.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Print one grouping: khan, nationality, date, premises, operation, case, or khan,nationality
    /// (detained per Khan and nationality).
    #[arg(long, value_enum, value_name = "GROUPING")]
    pub by: Option<By>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Bucket the per-date grouping by day, ISO week or month.
    #[arg(long, value_enum, default_value_t = Interval::Day)]
    pub interval: Interval,

    /// Row order: natural (Khans by code, nationalities by count, dates ascending) or count
    /// (largest first).
    #[arg(long, value_enum, default_value_t = SortOrder::Natural)]
    pub sort: SortOrder,

    /// Keep the first N rows of each grouping and fold the rest into one "other" row, so totals
    /// still add up (dates are never folded).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub top: Option<u16>,

    /// Show every column of the tables, however narrow the terminal.
    ///
    /// On a terminal, a table wider than it leaves out its least important columns (the share
    /// bar, the Khmer names, rates, then shares and further counts, in an order each grouping
    /// states) and names them under the table. With --wide every table is drawn whole, at its
    /// natural width; the terminal may then wrap its lines. Output that is not a terminal is
    /// always drawn whole.
    #[arg(long)]
    pub wide: bool,

    /// Which name of each Khan to show: gazetteer (Saensokh, Doun Penh), common (Sen Sok, Daun
    /// Penh) or khmer (សែនសុខ, ដូនពេញ).
    #[arg(long, value_enum, value_name = "SET", default_value_t = crate::khan::Labels::Gazetteer)]
    pub labels: crate::khan::Labels,

    /// With --format csv, write a row of HXL hashtags (#adm2+code, #affected+detained, ...) under
    /// the header, for humanitarian data tools that read the Humanitarian Exchange Language.
    #[arg(long)]
    pub hxl: bool,
}

/// What each side of `compare` takes of its dataset.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Side A: records dated, or statements whose period starts, on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub a_from: Option<String>,
    /// Side A: records dated, or statements whose period ends, on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub a_to: Option<String>,
    /// Side B: as --a-from.
    #[arg(long, value_name = "DATE")]
    pub b_from: Option<String>,
    /// Side B: as --a-to.
    #[arg(long, value_name = "DATE")]
    pub b_to: Option<String>,
    /// Side A: the statements of this province (and its districts); the figures shown are the
    /// province's own.
    #[arg(long, value_name = "PROVINCE")]
    pub a_province: Option<String>,
    /// Side B: as --a-province.
    #[arg(long, value_name = "PROVINCE")]
    pub b_province: Option<String>,
}

/// What `figures` draws and where it writes.
#[derive(Debug, Args)]
pub struct FiguresArgs {
    /// The directory to write the figures and their index pages to (created if missing), or,
    /// with --check, the directory to compare with.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Write nothing; exit 1, naming each file, when DIR is not what the data would give now.
    #[arg(long)]
    pub check: bool,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Bucket the daily-activity figure by day, ISO week or month.
    #[arg(long, value_enum, default_value_t = Interval::Day)]
    pub interval: Interval,

    /// Keep the first N rows of each chart (largest first) and fold the rest into "other".
    #[arg(long, value_name = "N", default_value_t = 15, value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,

    #[command(flatten)]
    pub look: FigureLook,
}

/// How the figures look and what they say besides the data.
#[derive(Debug, Args)]
pub struct FigureLook {
    /// The width of each figure in px, 320 to 2000 (default 800).
    ///
    /// The text keeps its size (11 px and up) at any width. Below 500 px a figure takes its
    /// narrow layout for phones: smaller margins, each bar's name on a line above it, fewer
    /// date labels, table headers wrapped.
    #[arg(long, value_name = "PX", default_value_t = 800, value_parser = clap::value_parser!(u16).range(320..=2000))]
    pub width: u16,

    /// Also write each figure as PNG (NAME.png, twice the size in pixels), drawn with the fonts
    /// built into crackdown: the same bytes on any machine.
    #[arg(long)]
    pub png: bool,

    /// Which name of each Khan to show: gazetteer (Saensokh, Doun Penh), common (Sen Sok, Daun
    /// Penh) or khmer (សែនសុខ, ដូនពេញ).
    #[arg(long, value_enum, value_name = "SET", default_value_t = crate::khan::Labels::Gazetteer)]
    pub labels: crate::khan::Labels,

    /// What the data is, under each figure's own title and as the index page's heading
    /// (default: the name in published.json, else the directory's name).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// A line under the title: the place, the period, what was counted.
    #[arg(long, value_name = "TEXT")]
    pub subtitle: Option<String>,

    /// The source line, after "Source: " (default: the source in published.json, with its date
    /// where known and its address).
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,

    /// Who made the figures, after "Chart: ".
    #[arg(long, value_name = "TEXT")]
    pub credit: Option<String>,
}

/// Where records come from and how to read them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A dataset directory holding inspections*, arrests*, prosecutions* files (several per kind
    /// are read as one table) and optionally published.json; or record files, each read as the
    /// kind its name or header tells; or `-` for standard input. A quoted pattern
    /// ('raids/*.csv') is expanded. Default: standard input when records are piped in (their
    /// kind told from the header or keys), else the built-in dataset.
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,

    /// Inspection records (CSV, JSON, NDJSON or a workbook); repeat, or give a quoted pattern
    /// ('inspections-*.csv'), to read several files as one table; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub inspections: Vec<PathBuf>,

    /// Arrest records (CSV, JSON, NDJSON or a workbook); repeat, or give a quoted pattern
    /// ('raids/arrests-*.csv'), to read several files as one table; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub arrests: Vec<PathBuf>,

    /// Prosecution records (CSV, JSON, NDJSON or a workbook); repeat, or give a quoted pattern, to read
    /// several files as one table; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub prosecutions: Vec<PathBuf>,

    /// Published statements (CSV, one published figure a row, each with its source); repeat for
    /// several files, read as one table. Default: the DATA directory's statements*.csv files.
    #[arg(long, value_name = "FILE")]
    pub statements: Vec<PathBuf>,

    /// Published headline figures (published.json) to check dates against; default: the one in
    /// the DATA directory, if any.
    #[arg(long, value_name = "FILE")]
    pub published: Option<PathBuf>,

    /// Read every input in this format instead of choosing by extension (.csv, .json, .ndjson,
    /// .jsonl, .xlsx, .xlsm, .xls, .ods) or, for standard input and other names, by the first bytes.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// The sheet of a workbook (.xlsx, .xlsm, .xls, .ods) to read: its name, in any case, or its
    /// number (1 is the first). Default: the first sheet.
    ///
    /// `--sheet Arrests` applies to every workbook read; `--sheet arrests=Arrests` to the arrest
    /// records only, so one workbook can hold several kinds: `--arrests book.xlsx --prosecutions
    /// book.xlsx --sheet arrests=Arrests --sheet prosecutions=Cases`. A name that is no sheet of
    /// the workbook is an error listing its sheets. A workbook is not streamed: its sheet is
    /// loaded whole (about 80 MB for 100,000 rows).
    #[arg(long, value_name = "[KIND=]SHEET", value_parser = SheetChoice::parse)]
    pub sheet: Vec<SheetChoice>,

    /// How to read numeric dates such as 03/02/2026, where the day and the month could swap.
    /// Without it such dates are refused; unambiguous ones (18/02/2026) are always read.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,

    /// Also read TOKEN as "not recorded" (repeatable), besides the built-in words: blank, N/A,
    /// n/a, NA, N.A., #N/A, -, ?, unknown, not recorded, not known and null (any case).
    #[arg(long = "na", value_name = "TOKEN")]
    pub na: Vec<String>,

    /// Read a bare NA in a nationality column as Namibia (its ISO code), not as "not recorded".
    /// Without it, NA is not recorded, with a warning when the column's other values are codes.
    #[arg(long)]
    pub na_namibia: bool,

    /// Leave rows with problems out instead of refusing the whole input. Each rejected row is
    /// listed on stderr (or written to --rejects), and the counts read, used and rejected travel
    /// with the results.
    #[arg(long)]
    pub lenient: bool,

    /// Write every problem as CSV (file, line, column, value, code, reason), one row per problem,
    /// to FILE instead of summing them up on stderr. FILE cannot be - (standard output carries
    /// the result).
    #[arg(long, value_name = "FILE", value_parser = rejects_file)]
    pub rejects: Option<PathBuf>,

    /// Read FIELD from the column named COLUMN (repeatable): --map khan=District. Names match in
    /// any case. A field several kinds have (date, khan, nationality, arrest_id, ...) is read
    /// from COLUMN in every kind; write arrests.khan=District for one kind only. COLUMN may be an
    /// HXL hashtag (khan=#adm2+name). A rule whose column no file has is warned about.
    #[arg(long = "map", value_name = "[KIND.]FIELD=COLUMN")]
    pub map: Vec<String>,

    /// Read column mapping rules from a TOML file: FIELD = "COLUMN" lines at the top (every kind)
    /// or under [inspections], [arrests], [prosecutions]. A --map for the same field wins.
    #[arg(long, value_name = "FILE")]
    pub map_file: Option<PathBuf>,

    /// The column separator of CSV input: `,` `;` `tab` (or `\t`) `|`, or any other single ASCII
    /// character.
    ///
    /// Default: a tab for .tsv and .tab files; otherwise the one of , ; tab | that cuts the header
    /// line into the most column names, and a comma when none does or two tie.
    #[arg(long, value_name = "CHAR", value_parser = delimiter)]
    pub delimiter: Option<u8>,

    /// The text encoding of input that has no byte-order mark, by its name in the WHATWG Encoding
    /// Standard: windows-1252 (also latin1, iso-8859-1), windows-1250, shift_jis, gb18030, big5,
    /// utf-16le...
    ///
    /// Default: UTF-8. A byte-order mark (UTF-8, UTF-16LE, UTF-16BE) always says the encoding,
    /// and UTF-16 with one is read without this option. Cost: input in another encoding is decoded
    /// as it is read; UTF-8 is read as it is.
    #[arg(long, value_name = "NAME", value_parser = encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// The most bytes one record may take: a CSV record (quoted line breaks and all), an NDJSON
    /// line or an element of a JSON array; `16M`, `1G`, `500K` or a number of bytes.
    ///
    /// Default: 16M. A longer record stops the run with exit 3, naming the file and the line
    /// where the record starts, before it fills memory: a file with no line break for
    /// gigabytes (`/dev/zero`, a damaged export) is refused, not read into memory whole.
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_record_size: Option<u64>,

    /// How many threads read a large CSV file of inspections or arrests. Default: the cores
    /// available.
    ///
    /// A UTF-8 CSV file of over 2 MiB is cut into pieces at record boundaries, read and checked
    /// apart, and joined: the results, problems, line numbers and their order are those of
    /// reading it on one thread (`--threads 1`). Other files, and files with comment lines or a
    /// stray quote, are read on one thread.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// The least bytes in a piece of a file read on several threads.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20, hide = true)]
    pub piece_bytes: u64,

    /// Show no progress bar. A bar shows on standard error for a file read for over a second,
    /// only when standard error is a terminal and not in CI (CI set): never in a pipe or a log.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// How long a file is read before its progress bar shows, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub progress_after_ms: u64,

    /// Start every CSV written (--format csv, --rejects) with a UTF-8 byte-order mark, so that
    /// Excel, opening it by a double click, shows Khmer and every other script as written.
    ///
    /// Without the mark, Excel reads a double-clicked CSV in the computer's legacy code page and
    /// garbles every character beyond ASCII. Other tools expect no mark (some read it as part of
    /// the first column's name), so CSV has none unless asked. Refused when nothing written is
    /// CSV.
    #[arg(long)]
    pub bom: bool,
}

/// Reads the value of --delimiter: a word or one ASCII character that can separate fields.
/// The `--rejects` file: any path but `-`. Standard output carries the result (or, with `-o`,
/// may be read by whatever follows), and rejected rows mixed into it would corrupt both.
fn rejects_file(value: &str) -> Result<PathBuf, String> {
    if value == "-" {
        return Err(
            "the rejected rows cannot go to standard output, which carries the result: name a file (--rejects rejects.csv), or list every problem on standard output with crackdown validate --format json"
                .into(),
        );
    }
    Ok(PathBuf::from(value))
}

fn delimiter(value: &str) -> Result<u8, String> {
    let delimiter = match value {
        "tab" | "\\t" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        "space" => b' ',
        _ => match value.as_bytes() {
            [b] if b.is_ascii() => *b,
            _ => {
                return Err(
                    "expected one ASCII character, such as , ; | or tab (written tab or \\t)"
                        .into(),
                );
            }
        },
    };
    match delimiter {
        b'"' => Err("a quote cannot separate fields: it quotes them".into()),
        b'\n' | b'\r' => Err("a line break cannot separate fields: it ends records".into()),
        b if b.is_ascii_control() && b != b'\t' => {
            Err("a control character cannot separate fields; the tab is written tab".into())
        }
        b => Ok(b),
    }
}

/// Reads the value of --max-record-size: bytes, or a number with K, M or G (powers of 1,024).
fn size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err("expected a number of bytes, or one with K, M or G: 16M, 1G, 500K".into()),
    };
    let n: u64 = digits.parse().map_err(|_| {
        "expected a number of bytes, or one with K, M or G: 16M, 1G, 500K".to_owned()
    })?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("a record takes at least one byte: give a size above 0".into()),
        Some(bytes) => Ok(bytes),
        None => Err("too large: give at most 16E of bytes".into()),
    }
}

/// Reads the value of --encoding: a label of the WHATWG Encoding Standard.
fn encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    // The labels that decode to nothing but a replacement character are refused with the others.
    encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
        "not a name of an encoding crackdown reads; names are those of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels), for example utf-8, utf-16le, utf-16be, windows-1252 (or latin1), windows-1250, iso-8859-15, koi8-r, shift_jis, euc-kr, gb18030, big5".into()
    })
}

/// How and where to write results.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table for people, json for machines.
    #[arg(long, short = 'f', value_enum, default_value_t = PlainFormat::Table)]
    pub format: PlainFormat,

    /// Write the result to FILE (whole or not at all) instead of standard output; `-` is stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `crackdown schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    Inspections,
    Arrests,
    Prosecutions,
    /// A Data Package of a dataset's record files.
    Package,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The formats of commands that print one result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlainFormat {
    /// A table for the terminal.
    Table,
    /// One JSON document (schema documented in README).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Tables for the terminal.
    Table,
    /// One JSON document (schema documented in README and docs/report.schema.json).
    Json,
    /// One JSON object per row of one grouping.
    Ndjson,
    /// One grouping as CSV with a header row.
    Csv,
    /// GitHub-flavoured Markdown tables.
    Markdown,
}

impl From<PlainFormat> for OutputFormat {
    fn from(format: PlainFormat) -> OutputFormat {
        match format {
            PlainFormat::Table => OutputFormat::Table,
            PlainFormat::Json => OutputFormat::Json,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        command().debug_assert();
    }
}

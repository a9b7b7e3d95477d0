//! crackdown: statistics from record-level data of law-enforcement crackdowns on online-scam networks.
//!
//! Data flows one way, and each module imports only from the stages before it:
//!
//! 1. [`cli`] parses the command line; [`config`] resolves it once, with the [`config::Environment`],
//!    into a plain [`config::Config`]; [`commands`] runs one subcommand. [`packaging`] makes
//!    the shell completions and manual pages from the command line's definition.
//! 2. [`load`] turns what the user names (a directory, files, standard input, the built-in dataset)
//!    into rows with their file and line.
//! 3. [`validate`] turns rows into the typed records of [`model`], resolving values with [`khan`],
//!    [`nationality`], [`date`] and [`missing`], checking each record against the others, and
//!    handing each record to a [`model::RecordSink`] or each problem to a
//!    [`validate::ProblemSink`]: read = used + rejected.
//! 4. [`aggregate`] adds records into accumulators (which merge) and builds one typed
//!    [`aggregate::Summary`]; [`grouping`] lays its groupings out as typed columns;
//!    [`reconcile`] sets it beside the [`published`] figures.
//! 5. [`render`] exports a document (report, validation, reconciliation; [`document`] holds what they
//!    share) in the format asked for, and [`output`] writes the bytes: whole, atomically, and
//!    quietly into a closed pipe.
//!
//! [`error`] holds the exit codes and the problem codes; [`text`] the one function that shows a
//! user's value on a terminal.

pub mod aggregate;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod config;
pub mod date;
pub mod document;
pub mod error;
pub mod gazetteer;
pub mod grouping;
pub mod ids;
pub mod khan;
pub mod load;
pub mod missing;
pub mod model;
pub mod nationality;
pub mod output;
pub mod packaging;
pub mod problems;
pub mod progress;
pub mod published;
pub mod reconcile;
pub mod render;
pub mod statements;
pub mod text;
pub mod validate;

/// The built-in dataset lives with the loading it is one source of.
pub use load::builtin;

//! crackdown: statistics from record-level data of law-enforcement crackdowns on online-scam networks.
//!
//! Data flows one way: [`load`] reads records from files, [`khan`], [`nationality`] and [`date`]
//! normalise their values into the typed records of [`model`], and [`validate`] checks each record
//! against the others before handing it on.

pub mod aggregate;
pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod error;
pub mod figures;
pub mod grouping;
pub mod ids;
pub mod khan;
pub mod load;
pub mod missing;
pub mod model;
pub mod nationality;
pub mod output;
pub mod problems;
pub mod published;
pub mod reconcile;
pub mod render;
pub mod text;
pub mod validate;

/// The built-in dataset lives with the loading it is one source of.
pub use load::builtin;

//! crackdown: statistics from record-level data of law-enforcement crackdowns on online-scam networks.
//!
//! Data flows one way: [`load`] reads records, [`khan`], [`nationality`] and [`date`] normalise
//! their values, [`validate`] checks them across records.

pub mod khan;
pub mod text;
pub mod generate;
pub mod nationality;

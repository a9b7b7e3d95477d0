//! The campaign dataset, embedded at compile time: statements published about Cambodia's
//! nationwide crackdown on online-scam networks from June 2025, each with its source. It holds
//! statements only, no records; `data/cambodia-campaign/README.md` says where each comes from.

use super::Dataset;
use crate::statements::StatementFile;

/// The dataset's name, which selects it on the command line (`crackdown report cambodia-campaign`),
/// and its directory under `data/`.
pub const NAME: &str = "cambodia-campaign";

/// The statements file, as written in `data/cambodia-campaign/statements.csv`.
pub const STATEMENTS: &str = include_str!("../../data/cambodia-campaign/statements.csv");

pub fn dataset() -> Dataset {
    Dataset {
        name: NAME.to_owned(),
        statements: vec![StatementFile::Builtin {
            name: format!("built-in:{NAME}/statements.csv"),
            text: STATEMENTS,
        }],
        ..Dataset::default()
    }
}

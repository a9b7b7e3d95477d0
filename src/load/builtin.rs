//! The built-in dataset, embedded at compile time so that the installed binary works from any
//! directory: Phnom Penh's operation of 3–18 February 2026.

use super::{Dataset, Input, Origin, Reading};
use crate::error::Result;
use crate::model::Kind;
use crate::published::Published;

/// The directory name of the built-in dataset under `data/`.
pub const NAME: &str = "phnom-penh-2026-02";

/// The files of the built-in dataset: name and contents.
pub const FILES: [(&str, &str); 4] = [
    (
        "inspections.csv",
        include_str!("../../data/phnom-penh-2026-02/inspections.csv"),
    ),
    (
        "arrests.csv",
        include_str!("../../data/phnom-penh-2026-02/arrests.csv"),
    ),
    (
        "prosecutions.csv",
        include_str!("../../data/phnom-penh-2026-02/prosecutions.csv"),
    ),
    (
        "published.json",
        include_str!("../../data/phnom-penh-2026-02/published.json"),
    ),
];

/// The line said on stderr whenever the built-in data is used.
pub fn notice(dataset: &Dataset) -> String {
    format!(
        "using the built-in dataset {NAME}: {} (see data/README.md)",
        crate::published::illustrative_notice(dataset.published_breakdowns())
    )
}

pub fn dataset() -> Result<Dataset> {
    let inputs = Kind::ALL
        .into_iter()
        .zip(&FILES)
        .map(|(kind, (name, text))| Input {
            kind,
            origin: Origin::Builtin {
                name,
                bytes: text.as_bytes(),
            },
            format: None,
            mapping: Default::default(),
            sheet: None,
            reading: Reading::default(),
        })
        .collect();
    let published = Published::parse(FILES[3].1, "built-in:published.json")?;
    Ok(Dataset {
        name: NAME.to_owned(),
        inputs,
        published: Some(published),
        builtin: true,
        warnings: Vec::new(),
        dir: None,
        patterns: Vec::new(),
        statements: Vec::new(),
    })
}

//! `crackdown init DIR`: a ready dataset to fill in. Three record files with their header and
//! one example row each, commented out so that it is never counted; a published.json naming
//! every figure crackdown can check; a README saying what goes where. `crackdown validate DIR`
//! accepts it as it is.

use std::path::Path;

use crate::error::{Error, Exit, Result};
use crate::model::Kind;
use crate::output;

/// One example row per kind, in the order of [`Kind::fields`].
fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Inspections => {
            "INS-0001,2026-02-03,Tuol Kouk,condominium,Building name,12,3,OP-01,where this comes from,,Phnom Penh,"
        }
        Kind::Arrests => {
            "ARR-001,2026-02-03,Tuol Kouk,CN,male,OP-01,INS-0001,where this comes from,,Phnom Penh,"
        }
        Kind::Prosecutions => {
            "CASE-01,DEF-01,ARR-001,CN,ringleader,2026-02-10,filed,fraud,where this comes from,"
        }
    }
}

fn records(kind: Kind) -> String {
    let header: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    format!("{}\n# {}\n", header.join(","), example(kind))
}

const PUBLISHED: &str = r#"{
  "name": "A title for the dataset: which operation, where, when",
  "period": null,
  "source": {
    "title": "The title of the statement or article the figures come from",
    "publisher": "Who published it",
    "date": null,
    "url": null,
    "authorities": [],
    "note": null
  },
  "records": "real",
  "note": "Give each figure the value the source publishes, or delete its entry. Set period to {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"} to refuse records dated outside the operation. Set records to \"illustrative\" if the record files are made up.",
  "figures": [
    { "figure": "inspections", "value": 0, "counts": "premises inspected" },
    { "figure": "khans", "value": 0, "counts": "Khans with premises inspected" },
    { "figure": "foreigners_identified", "value": 0, "counts": "foreign nationals identified at the premises inspected" },
    { "figure": "women_identified", "value": 0, "counts": "women among the foreign nationals identified" },
    { "figure": "operations", "value": 0, "counts": "scam operations dismantled" },
    { "figure": "detained", "value": 0, "counts": "foreign nationals detained" },
    { "figure": "detained_nationalities", "value": 0, "counts": "countries of nationality of those detained" },
    { "figure": "cases", "value": 0, "counts": "cases sent to court" },
    { "figure": "defendants", "value": 0, "counts": "defendants in those cases" },
    { "figure": "ringleaders", "value": 0, "counts": "defendants charged as ringleaders" }
  ]
}
"#;

const README: &str = "# Records of a crackdown

This directory is a dataset that `crackdown` reads: `crackdown validate .`, `crackdown report .`,
`crackdown reconcile .`.

- `inspections.csv`: one row per premises inspected.
- `arrests.csv`: one row per person detained.
- `prosecutions.csv`: one row per defendant of a court case.
- `published.json`: the figures the authorities published, which `crackdown reconcile` compares with
  the records. Give each the published value, or delete it.

Each record file starts with its header and an example row. The example begins with `#`, which makes it
a comment: crackdown skips it and says so. Copy it below, without the `#`, for each record, and delete
the example when you are done.

`crackdown schema inspections` (or `arrests`, `prosecutions`) describes every column; `crackdown
validate .` says what is wrong, where, and what was expected.
";

/// The files of a new dataset, by name.
fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|&kind| (format!("{}.csv", kind.name()), records(kind)))
        .collect();
    files.push(("published.json".into(), PUBLISHED.into()));
    files.push(("README.md".into(), README.into()));
    files
}

pub(super) fn run(dir: &Path) -> Result<Exit> {
    let files = files();
    // Nothing is replaced: a file of the same name already there stops the run before anything
    // is written.
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} already exists: crackdown init writes a new dataset and replaces nothing; name a new or empty directory",
                output::shown(&path)
            )));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create {}", output::shown(dir)), e))?;
    for (name, text) in &files {
        output::write_atomically(&dir.join(name), |w| w.write_all(text.as_bytes()))?;
    }
    crate::say!(
        "wrote {} files to {}; fill them in, then: crackdown validate {}",
        files.len(),
        output::shown(dir),
        output::shown(dir)
    );
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_template_reads_as_published_figures() {
        let published = crate::published::Published::parse(PUBLISHED, "published.json").unwrap();
        let names: Vec<&str> = published
            .figures
            .iter()
            .map(|f| f.figure.as_str())
            .collect();
        let publishable: Vec<&str> = crate::aggregate::publishable().map(|(n, _)| n).collect();
        assert_eq!(
            names, publishable,
            "every figure crackdown can check, in its order"
        );
    }

    #[test]
    fn each_example_row_has_one_value_per_column() {
        for kind in Kind::ALL {
            assert_eq!(
                example(kind).split(',').count(),
                kind.fields().len(),
                "{kind:?}"
            );
        }
    }
}

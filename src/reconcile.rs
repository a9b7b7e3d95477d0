//! The records' totals against the published headline figures, figure by figure.

use serde::Serialize;

use crate::aggregate::Summary;
use crate::error::{Error, Result};
use crate::khan::Khan;
use crate::nationality::Nationality;
use crate::published::{Figure, Published};

/// The figures a published.json may name, and what each is called in words.
pub const FIGURES: [(&str, &str); 10] = [
    ("inspections", "premises inspected"),
    ("khans", "Khans covered"),
    ("foreigners_identified", "foreign nationals identified"),
    ("women_identified", "women identified"),
    ("operations", "scam operations"),
    ("detained", "detained"),
    ("detained_nationalities", "nationalities among the detained"),
    ("cases", "court cases"),
    ("defendants", "defendants"),
    ("ringleaders", "ringleaders"),
];

/// Whether a figure agrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Agrees,
    Differs,
}

/// One published figure beside the records' figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The figure's key in published.json.
    pub figure: String,
    /// Narrowed to one nationality (alpha-2 code), when published so.
    pub nationality: Option<String>,
    /// Narrowed to one Khan (code), when published so.
    pub khan: Option<u16>,
    /// The figure in words: "defendants, CN China".
    pub label: String,
    pub published: u64,
    pub records: u64,
    /// records − published.
    pub difference: i64,
    pub status: Status,
}

/// Puts each published figure beside the one computed from the records. A figure crackdown
/// cannot compute is an error naming it, so a typo never passes as agreement.
pub fn reconcile(published: &Published, summary: &Summary, file: &str) -> Result<Vec<Line>> {
    published
        .figures
        .iter()
        .map(|figure| line(figure, summary, file))
        .collect()
}

fn line(figure: &Figure, summary: &Summary, file: &str) -> Result<Line> {
    let invalid = |message: String| Error::Input {
        file: file.to_owned(),
        line: None,
        message,
    };
    let name = FIGURES
        .iter()
        .find(|(key, _)| *key == figure.figure)
        .map(|(_, words)| *words)
        .ok_or_else(|| {
            let known: Vec<&str> = FIGURES.iter().map(|(k, _)| *k).collect();
            invalid(format!(
                "unknown figure {:?}: expected one of {}",
                figure.figure,
                known.join(", ")
            ))
        })?;
    let nationality = figure
        .nationality
        .as_deref()
        .map(|n| {
            Nationality::resolve(n).map_err(|e| invalid(format!("figure {:?}: {e}", figure.figure)))
        })
        .transpose()?;
    let khan = figure
        .khan
        .as_deref()
        .map(|k| Khan::resolve(k).map_err(|e| invalid(format!("figure {:?}: {e}", figure.figure))))
        .transpose()?;
    let h = &summary.headline;
    let narrowed = |what: &str| {
        invalid(format!(
            "figure {:?} cannot be narrowed to {what}",
            figure.figure
        ))
    };
    let records = match (figure.figure.as_str(), nationality, khan) {
        (_, Some(_), Some(_)) => return Err(narrowed("a nationality and a Khan at once")),
        (f, Some(n), None) => {
            let row = summary
                .nationalities
                .iter()
                .find(|r| r.code.as_deref() == Some(n.code()));
            let get = |f: fn(&crate::aggregate::NationalityRow) -> u64| row.map_or(0, f);
            match f {
                "detained" => get(|r| r.detained),
                "defendants" => get(|r| r.defendants),
                "ringleaders" => get(|r| r.ringleaders),
                _ => {
                    return Err(narrowed(
                        "a nationality (only detained, defendants and ringleaders can)",
                    ));
                }
            }
        }
        (f, None, Some(k)) => {
            let row = summary.khans.iter().find(|r| r.code == Some(k.code()));
            let get = |f: fn(&crate::aggregate::KhanRow) -> u64| row.map_or(0, f);
            match f {
                "inspections" => get(|r| r.inspections),
                "foreigners_identified" => get(|r| r.foreigners_identified),
                "women_identified" => get(|r| r.women_identified),
                "operations" => get(|r| r.operations),
                "detained" => get(|r| r.detained),
                _ => return Err(narrowed("a Khan")),
            }
        }
        ("inspections", None, None) => h.inspections,
        ("khans", None, None) => h.khans_covered,
        ("foreigners_identified", None, None) => h.foreigners_identified,
        ("women_identified", None, None) => h.women_identified,
        ("operations", None, None) => h.operations,
        ("detained", None, None) => h.detained,
        ("detained_nationalities", None, None) => h.detained_nationalities,
        ("cases", None, None) => h.cases,
        ("defendants", None, None) => h.defendants,
        ("ringleaders", None, None) => h.ringleaders,
        _ => unreachable!("every figure in FIGURES is matched"),
    };
    let label = match (nationality, khan) {
        (Some(n), _) => format!("{name}, {} {}", n.code(), n.name()),
        (_, Some(k)) => format!("{name}, {} ({})", k.name(), k.code()),
        _ => name.to_owned(),
    };
    // Both fit an i128 exactly, so the difference is never wrapped.
    let difference = i128::from(records) - i128::from(figure.value);
    let difference = i64::try_from(difference).map_err(|_| {
        invalid(format!(
            "figure {:?}: value {} is too large",
            figure.figure, figure.value
        ))
    })?;
    Ok(Line {
        figure: figure.figure.clone(),
        nationality: nationality.map(|n| n.code().to_owned()),
        khan: khan.map(Khan::code),
        label,
        published: figure.value,
        records,
        difference,
        status: if difference == 0 {
            Status::Agrees
        } else {
            Status::Differs
        },
    })
}

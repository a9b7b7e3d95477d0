//! The records' totals against the published headline figures, figure by figure.

use serde::Serialize;

use crate::aggregate::{Figure as Headline, KhanRow, NationalityRow, Summary, publishable};
use crate::error::{Error, Result};
use crate::khan::Khan;
use crate::nationality::Nationality;
use crate::published::{Breakdown, By, Figure, Published};
use crate::text::quote;

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
    /// Narrowed to one nationality (written as its alpha-2 code), when published so.
    pub nationality: Option<Nationality>,
    /// Narrowed to one Khan (written as its code), when published so.
    pub khan: Option<Khan>,
    /// The figure in words: "defendants, CN China".
    pub label: String,
    /// True on the line that checks a published breakdown is complete: the records' count for
    /// every nationality (or Khan) the publication does not give, which must be 0.
    pub rest: bool,
    pub published: u64,
    pub records: u64,
    /// records − published.
    pub difference: i64,
    pub status: Status,
}

/// Puts each published figure beside the one computed from the records. A figure crackdown
/// cannot compute is an error naming it, so a typo never passes as agreement.
pub fn reconcile(published: &Published, summary: &Summary, file: &str) -> Result<Vec<Line>> {
    let mut lines = published
        .figures
        .iter()
        .map(|figure| line(figure, summary, file))
        .collect::<Result<Vec<Line>>>()?;
    for breakdown in &published.breakdowns {
        lines.push(rest(breakdown, published, &lines, summary, file)?);
    }
    Ok(lines)
}

/// The line of a published breakdown's rest: what the records count for the nationalities (or
/// Khans) the publication does not give. A breakdown published in full leaves nothing over, so
/// any count here is a difference.
fn rest(
    breakdown: &Breakdown,
    published: &Published,
    lines: &[Line],
    summary: &Summary,
    file: &str,
) -> Result<Line> {
    let parts: Vec<&Line> = published
        .figures
        .iter()
        .zip(lines)
        .filter(|(f, _)| breakdown.has_part(f))
        .map(|(_, l)| l)
        .collect();
    let unknown = || Error::Input {
        file: file.to_owned(),
        line: None,
        message: format!(
            "the breakdown {} cannot be checked: expected detained, defendants or ringleaders per nationality, or inspections, foreigners_identified, women_identified, operations or detained per Khan",
            breakdown.words()
        ),
    };
    let mut records = 0;
    match breakdown.by {
        By::Nationality => {
            for row in summary.nationalities.iter() {
                let given = row
                    .code
                    .is_some_and(|c| parts.iter().any(|l| l.nationality == Some(c)));
                if !given {
                    records += nationality_value(&breakdown.figure, row).ok_or_else(unknown)?;
                }
            }
        }
        By::Khan => {
            for row in summary.khans.iter() {
                let given = row
                    .code
                    .is_some_and(|c| parts.iter().any(|l| l.khan == Some(c)));
                if !given {
                    records += khan_value(&breakdown.figure, row).ok_or_else(unknown)?;
                }
            }
        }
    }
    let name = published_figure(&breakdown.figure).map_or(breakdown.figure.as_str(), |f| f.words);
    let others = match breakdown.by {
        By::Nationality => "other nationalities or not recorded",
        By::Khan => "other Khans",
    };
    let difference = i64::try_from(records).unwrap_or(i64::MAX);
    Ok(Line {
        figure: breakdown.figure.clone(),
        nationality: None,
        khan: None,
        label: format!("{name}, {others}"),
        rest: true,
        published: 0,
        records,
        difference,
        status: if records == 0 {
            Status::Agrees
        } else {
            Status::Differs
        },
    })
}

/// The headline figure a published.json names `name`.
fn published_figure(name: &str) -> Option<&'static Headline> {
    publishable().find(|(n, _)| *n == name).map(|(_, f)| f)
}

/// A measure of one nationality's row, by the figure's key; `None` for a figure that has none.
fn nationality_value(figure: &str, row: &NationalityRow) -> Option<u64> {
    Some(match figure {
        "detained" => row.detained,
        "defendants" => row.defendants,
        "ringleaders" => row.ringleaders,
        _ => return None,
    })
}

/// A measure of one Khan's row, by the figure's key; `None` for a figure that has none.
fn khan_value(figure: &str, row: &KhanRow) -> Option<u64> {
    Some(match figure {
        "inspections" => row.inspections,
        "foreigners_identified" => row.foreigners_identified,
        "women_identified" => row.women_identified,
        "operations" => row.operations,
        "detained" => row.detained,
        _ => return None,
    })
}

fn line(figure: &Figure, summary: &Summary, file: &str) -> Result<Line> {
    let invalid = |message: String| Error::Input {
        file: file.to_owned(),
        line: None,
        message,
    };
    let headline = published_figure(&figure.figure).ok_or_else(|| {
        let known: Vec<&str> = publishable().map(|(name, _)| name).collect();
        invalid(format!(
            "unknown figure {}: expected one of {}",
            quote(&figure.figure),
            known.join(", ")
        ))
    })?;
    let nationality = figure
        .nationality
        .as_deref()
        .map(|n| {
            Nationality::resolve(n)
                .map_err(|e| invalid(format!("figure {}: {e}", quote(&figure.figure))))
        })
        .transpose()?;
    let khan = figure
        .khan
        .as_deref()
        .map(|k| {
            Khan::resolve(k).map_err(|e| invalid(format!("figure {}: {e}", quote(&figure.figure))))
        })
        .transpose()?;
    let h = &summary.headline;
    let narrowed = |what: &str| {
        invalid(format!(
            "figure {} cannot be narrowed to {what}",
            quote(&figure.figure)
        ))
    };
    let records = match (figure.figure.as_str(), nationality, khan) {
        (_, Some(_), Some(_)) => return Err(narrowed("a nationality and a Khan at once")),
        (f, Some(n), None) => {
            let row = summary.nationalities.iter().find(|r| r.code == Some(n));
            match row {
                Some(row) => nationality_value(f, row),
                None => nationality_value(f, &NationalityRow::default()),
            }
            .ok_or_else(|| {
                narrowed("a nationality (only detained, defendants and ringleaders can)")
            })?
        }
        (f, None, Some(k)) => {
            let row = summary.khans.iter().find(|r| r.code == Some(k));
            let value = match row {
                Some(row) => khan_value(f, row),
                None => khan_value(f, &KhanRow::default()),
            };
            value.ok_or_else(|| narrowed("a Khan"))?
        }
        (_, None, None) => headline
            .count(h)
            .expect("every publishable figure is a count"),
    };
    let name = headline.words;
    let label = match (nationality, khan) {
        (Some(n), _) => format!("{name}, {} {}", n.code(), n.name()),
        (_, Some(k)) => format!("{name}, {} ({})", k.name(), k.code()),
        _ => name.to_owned(),
    };
    // Both fit an i128 exactly, so the difference is never wrapped.
    let difference = i128::from(records) - i128::from(figure.value);
    let difference = i64::try_from(difference).map_err(|_| {
        invalid(format!(
            "figure {}: value {} is too large",
            quote(&figure.figure),
            figure.value
        ))
    })?;
    Ok(Line {
        figure: figure.figure.clone(),
        nationality,
        khan,
        label,
        rest: false,
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

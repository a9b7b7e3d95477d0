//! Statements checked against each other:
//!
//! - **a breakdown never exceeds its total**: the parts one source gives of a figure (per
//!   nationality, or the women among them) for one scope and period add up to no more than the
//!   total it gives. A total that its parts exceed is refused (`breakdown-exceeds-total`);
//! - **a cumulative series does not fall**: figures of one scope, figure and nationality counted
//!   from the same first day over longer and longer periods should not go down; when one does,
//!   it is said (`cumulative-falls`, a warning: the statement is kept);
//! - **different values for the same figure are a conflict**: when sources give different
//!   numbers for one figure, scope, period and nationality, every value is kept with its source,
//!   none is picked and nothing is averaged (`conflicting-values`, a warning, and the
//!   conflict in the result).
//!
//! Qualifiers count: a part "about 300" promises no least number, and a total "at least 3,000"
//! no most, so neither can make a breakdown exceed its total.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Figure, Place, Qualifier, Read, Statement};
use crate::error::{Code, Problem};
use crate::nationality::Nationality;
use crate::text::group_digits;
use crate::validate::Counts;

/// Statements after the checks across rows.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The statements used, in reading order.
    pub statements: Vec<Statement>,
    /// The problems of the rows refused, in the order found.
    pub problems: Vec<Problem>,
    /// What is said about rows that are kept: falling series and conflicts.
    pub warnings: Vec<Problem>,
    pub conflicts: Vec<Conflict>,
    /// Per file: rows read, used and rejected.
    pub files: Vec<(String, Counts)>,
    /// Statements used but outside the period or place asked for.
    pub filtered_out: u64,
}

impl Checked {
    /// The sum of the files' counts.
    pub fn counts(&self) -> Counts {
        let mut sum = Counts::default();
        for (_, c) in &self.files {
            sum += *c;
        }
        sum
    }
}

/// Different values published for one figure, scope, period and nationality.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub figure: Figure,
    pub scope: super::Scope,
    pub province: Option<String>,
    pub district: Option<String>,
    #[serde(serialize_with = "super::nationality_code")]
    pub nationality: Option<Nationality>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Every value, smallest first, each with its statement and source.
    pub values: Vec<ConflictValue>,
}

/// One side of a conflict.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictValue {
    pub value: u64,
    pub qualifier: Qualifier,
    pub statement_id: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub source_url: Option<String>,
    pub title: Option<String>,
    pub file: String,
    pub line: u64,
}

impl Conflict {
    /// The values in words: "339 (outlookmoney.com) or 366 (Business Today)".
    pub fn words(&self) -> String {
        self.values
            .iter()
            .map(|v| format!("{} ({})", v.qualifier.show(v.value), source_short(v)))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

fn source_short(v: &ConflictValue) -> String {
    let s = Statement {
        outlet: v.outlet.clone(),
        source_url: v.source_url.clone(),
        ..placeholder()
    };
    s.source_short()
}

/// A statement with nothing in it, to borrow its methods.
fn placeholder() -> Statement {
    Statement {
        statement_id: String::new(),
        published: None,
        period_start: NaiveDate::MIN,
        period_end: NaiveDate::MIN,
        scope: super::Scope::Country,
        province: None,
        district: None,
        figure: Figure::Detained,
        nationality: None,
        value: 0,
        qualifier: Qualifier::Exact,
        source_url: None,
        outlet: None,
        title: None,
        quote: None,
        file: String::new(),
        line: 0,
    }
}

fn problem(s: &Statement, code: Code, column: &str, reason: String) -> Problem {
    Problem {
        code,
        file: s.file.clone(),
        sheet: None,
        line: s.line,
        column: Some(column.to_owned()),
        value: Some(s.value.to_string()),
        reason,
    }
}

/// "line 4" or "statements.csv, line 4" when `of` is in another file than `to`.
fn at(of: &Statement, to: &Statement) -> String {
    if of.file == to.file {
        format!("line {}", of.line)
    } else {
        format!("{}, line {}", of.file, of.line)
    }
}

/// Checks the statements read that `keep` keeps against each other.
pub fn check(read: Read, keep: impl Fn(&Statement) -> bool) -> Checked {
    let Read {
        mut statements,
        problems,
        files,
    } = read;
    let before = statements.len();
    statements.retain(|s| keep(s));
    let mut checked = Checked {
        problems,
        files,
        filtered_out: (before - statements.len()) as u64,
        ..Checked::default()
    };
    let refused = breakdowns(&statements, &mut checked.problems);
    for (i, s) in statements.into_iter().enumerate() {
        if refused.contains(&i) {
            if let Some((_, counts)) = checked.files.iter_mut().find(|(f, _)| *f == s.file) {
                counts.used -= 1;
                counts.rejected += 1;
            }
        } else {
            checked.statements.push(s);
        }
    }
    falling(&checked.statements, &mut checked.warnings);
    checked.conflicts = conflicts(&checked.statements, &mut checked.warnings);
    checked
}

/// Refuses each total that the parts its own source gives exceed; returns the indices refused.
fn breakdowns(statements: &[Statement], problems: &mut Vec<Problem>) -> Vec<usize> {
    type Key = (Place, NaiveDate, NaiveDate, String);
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, s) in statements.iter().enumerate() {
        let key = (s.place(), s.period_start, s.period_end, s.source_key());
        groups.entry(key).or_default().push(i);
    }
    let mut refused: Vec<(usize, Problem)> = Vec::new();
    for members in groups.values() {
        let of = |figure: Figure, nationality: Option<Nationality>| {
            members
                .iter()
                .copied()
                .filter(move |&i| {
                    statements[i].figure == figure && statements[i].nationality == nationality
                })
                .collect::<Vec<_>>()
        };
        for &figure in Figure::ALL {
            // The nationalities against the total.
            let parts: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| statements[i].figure == figure && statements[i].nationality.is_some())
                .collect();
            // The women among them against the whole, nationality by nationality.
            let women: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| statements[i].figure.part_of() == Some(figure))
                .collect();
            for t in of(figure, None) {
                exceeds(statements, t, &parts, "nationalities", &mut refused);
            }
            for &w in &women {
                for t in of(figure, statements[w].nationality) {
                    exceeds(statements, t, &[w], "women", &mut refused);
                }
            }
        }
    }
    refused.sort_by_key(|(i, _)| *i);
    refused.dedup_by_key(|(i, _)| *i);
    let indices = refused.iter().map(|(i, _)| *i).collect();
    problems.extend(refused.into_iter().map(|(_, p)| p));
    indices
}

/// Notes a problem on total `t` when `parts` add up to more than it can be.
fn exceeds(
    statements: &[Statement],
    t: usize,
    parts: &[usize],
    what: &str,
    refused: &mut Vec<(usize, Problem)>,
) {
    let total = &statements[t];
    let Some(most) = total.qualifier.most(total.value) else {
        return;
    };
    let least: u64 = parts
        .iter()
        .map(|&i| statements[i].qualifier.least(statements[i].value))
        .sum();
    if parts.is_empty() || least <= most {
        return;
    }
    let listed: Vec<String> = parts
        .iter()
        .map(|&i| {
            let p = &statements[i];
            let who = match (p.figure.part_of(), p.nationality) {
                (Some(_), Some(n)) => format!("{} {}", p.figure.label(), n.name()),
                (Some(_), None) => p.figure.label().to_owned(),
                (None, Some(n)) => n.name().to_owned(),
                (None, None) => p.figure.label().to_owned(),
            };
            format!("{who} {} ({})", p.qualifier.show(p.value), at(p, total))
        })
        .collect();
    refused.push((
        t,
        problem(
            total,
            Code::BreakdownExceedsTotal,
            "value",
            format!(
                "the {what} the same source gives add up to {}, more than this total of {} {}: {}",
                group_digits(least),
                total.qualifier.show(total.value),
                total.figure.label(),
                listed.join(", ")
            ),
        ),
    ));
}

/// Says each statement of a cumulative series that is less than an earlier one.
fn falling(statements: &[Statement], warnings: &mut Vec<Problem>) {
    type Key = (Place, NaiveDate, Figure, Option<Nationality>);
    let mut series: BTreeMap<Key, Vec<&Statement>> = BTreeMap::new();
    for s in statements {
        let key = (s.place(), s.period_start, s.figure, s.nationality);
        series.entry(key).or_default().push(s);
    }
    let mut found = Vec::new();
    for members in series.values() {
        for b in members {
            let Some(most) = b.qualifier.most(b.value) else {
                continue;
            };
            // The earlier statement of the series that is furthest above this one.
            let earlier = members
                .iter()
                .filter(|a| a.period_end < b.period_end && a.qualifier.least(a.value) > most)
                .max_by_key(|a| (a.qualifier.least(a.value), std::cmp::Reverse(a.line)));
            if let Some(a) = earlier {
                found.push(problem(
                    b,
                    Code::CumulativeFalls,
                    "value",
                    format!(
                        "{} from {} falls: {} up to {} ({}, {}), then {} up to {}",
                        b.figure.label(),
                        b.period_start,
                        a.qualifier.show(a.value),
                        a.period_end,
                        a.source_short(),
                        at(a, b),
                        b.qualifier.show(b.value),
                        b.period_end
                    ),
                ));
            }
        }
    }
    found.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warnings.extend(found);
}

/// The conflicts: groups of statements of one figure, scope, period and nationality that give
/// different values. Each is said once, on the line of its first statement.
fn conflicts(statements: &[Statement], warnings: &mut Vec<Problem>) -> Vec<Conflict> {
    type Key = (Figure, Place, NaiveDate, NaiveDate, Option<Nationality>);
    let mut groups: BTreeMap<Key, Vec<&Statement>> = BTreeMap::new();
    for s in statements {
        let key = (
            s.figure,
            s.place(),
            s.period_start,
            s.period_end,
            s.nationality,
        );
        groups.entry(key).or_default().push(s);
    }
    let mut conflicts = Vec::new();
    for members in groups.values() {
        let first = members[0];
        if members.iter().all(|s| s.value == first.value) {
            continue;
        }
        let mut values: Vec<ConflictValue> = members
            .iter()
            .map(|s| ConflictValue {
                value: s.value,
                qualifier: s.qualifier,
                statement_id: s.statement_id.clone(),
                published: s.published,
                outlet: s.outlet.clone(),
                source_url: s.source_url.clone(),
                title: s.title.clone(),
                file: s.file.clone(),
                line: s.line,
            })
            .collect();
        values.sort_by(|a, b| (a.value, &a.file, a.line).cmp(&(b.value, &b.file, b.line)));
        let conflict = Conflict {
            figure: first.figure,
            scope: first.scope,
            province: first.province.clone(),
            district: first.district.clone(),
            nationality: first.nationality,
            period_start: first.period_start,
            period_end: first.period_end,
            values,
        };
        warnings.push(problem(
            first,
            Code::ConflictingValues,
            "value",
            format!(
                "sources differ on {}{} for {} ({}): {}; both are kept and shown, none is chosen",
                first.figure.label(),
                first
                    .nationality
                    .map(|n| format!(" ({})", n.name()))
                    .unwrap_or_default(),
                first.period_words(),
                first.place_words(),
                conflict.words()
            ),
        ));
        conflicts.push(conflict);
    }
    warnings.sort_by(|a, b| (&a.file, a.line, a.code).cmp(&(&b.file, b.line, b.code)));
    conflicts
}

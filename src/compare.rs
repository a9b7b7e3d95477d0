//! Two datasets, or two periods or places of one, side by side: each headline figure with both
//! values, the difference and the ratio, and the detained per nationality with their shares.
//!
//! A side's figures come from its records (counted) or its statements (published). A figure a
//! side does not know is unknown, never 0; a figure whose sources differ keeps every value, and
//! no difference is computed from it (which value would it be?).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::aggregate::Summary;
use crate::model::{Kind, PerKind};
use crate::nationality::Nationality;
use crate::statements::{Checked, Entry, Figure, Qualifier, Scope, Summary as StatementSummary};

/// What one side knows of one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "known", rename_all = "snake_case")]
pub enum Known {
    /// The side has no records of the kind that counts it, and no statement of it.
    Unknown,
    /// One value: counted from records, or published (by one source or several that agree).
    Value {
        value: u64,
        qualifier: Qualifier,
        /// Where it comes from: "records", or each source that published it.
        sources: Vec<Source>,
    },
    /// Sources that give different values: every one is kept.
    Conflict { values: Vec<Valued> },
}

/// A value with its source, one side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valued {
    pub value: u64,
    pub qualifier: Qualifier,
    pub source: Source,
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `records`, or the statement's id.
    pub statement_id: Option<String>,
    pub outlet: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<NaiveDate>,
    /// The period the value covers.
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    /// Counted from illustrative records and not published: a number of the example, not of
    /// the operation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

impl Source {
    /// In short for a table: the outlet, else the address, else "records".
    pub fn short(&self) -> String {
        match (&self.outlet, &self.source_url, &self.statement_id) {
            (Some(o), _, _) => o.clone(),
            (None, Some(u), _) => u.clone(),
            (None, None, Some(id)) => id.clone(),
            (None, None, None) => "records".to_owned(),
        }
    }
}

impl Known {
    /// Whether both are the values of the same statements (and not counted from records).
    pub fn same_statements(&self, other: &Known) -> bool {
        let ids = |k: &Known| -> Option<Vec<String>> {
            let Known::Value { sources, .. } = k else {
                return None;
            };
            sources.iter().map(|s| s.statement_id.clone()).collect()
        };
        ids(self).is_some_and(|a| !a.is_empty() && Some(a) == ids(other))
    }

    /// Whether it is one value, exact (counted, or published without a qualifier).
    pub fn exact(&self) -> bool {
        matches!(
            self,
            Known::Value {
                qualifier: Qualifier::Exact,
                ..
            }
        )
    }

    /// The one value, when there is one.
    pub fn value(&self) -> Option<u64> {
        match self {
            Known::Value { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// Whether it is counted from illustrative records and not published.
    pub fn illustrative(&self) -> bool {
        matches!(self, Known::Value { sources, .. } if sources.iter().any(|s| s.illustrative))
    }

    /// In words: "3,075", "at least 270", "339 or 366", "52 (illustrative)", "unknown".
    pub fn words(&self) -> String {
        match self {
            Known::Unknown => "unknown".to_owned(),
            Known::Value { value, .. } if self.illustrative() => {
                format!("{} (illustrative)", crate::text::group_digits(*value))
            }
            Known::Value {
                value, qualifier, ..
            } => qualifier.show(*value),
            Known::Conflict { values } => values
                .iter()
                .map(|v| v.qualifier.show(v.value))
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }

    fn from_entry(entry: Option<&Entry>) -> Known {
        let Some(entry) = entry else {
            return Known::Unknown;
        };
        let source = |v: &crate::statements::Value| Source {
            statement_id: Some(v.statement_id.clone()),
            outlet: v.outlet.clone(),
            source_url: v.source_url.clone(),
            published: v.published,
            period_start: Some(entry.period_start),
            period_end: Some(entry.period_end),
            illustrative: false,
        };
        if entry.conflict {
            return Known::Conflict {
                values: entry
                    .values
                    .iter()
                    .map(|v| Valued {
                        value: v.value,
                        qualifier: v.qualifier,
                        source: source(v),
                    })
                    .collect(),
            };
        }
        let first = &entry.values[0];
        // Sources that agree on the value may differ on the qualifier: the plainest is shown.
        let qualifier = entry
            .values
            .iter()
            .map(|v| v.qualifier)
            .min()
            .unwrap_or(Qualifier::Exact);
        Known::Value {
            value: first.value,
            qualifier,
            sources: entry.values.iter().map(source).collect(),
        }
    }

    fn counted(value: u64, illustrative: bool) -> Known {
        Known::Value {
            value,
            qualifier: Qualifier::Exact,
            sources: vec![Source {
                statement_id: None,
                outlet: None,
                source_url: None,
                published: None,
                period_start: None,
                period_end: None,
                illustrative,
            }],
        }
    }
}

/// One side: its label and what it knows.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// "A" or "B" with what it is: the dataset's name, and the period or place chosen.
    pub label: String,
    pub dataset: String,
    /// `records` or `statements`.
    pub from: &'static str,
    pub choice: Option<String>,
    /// The sentence to show beside numbers from illustrative records; null when they are real
    /// or the side is statements.
    pub notice: Option<String>,
    #[serde(skip)]
    figures: BTreeMap<Figure, Known>,
    #[serde(skip)]
    nationalities: BTreeMap<Nationality, Known>,
}

impl Side {
    /// A side counted from records, `loaded` saying which kinds it has. `illustrative`: the
    /// published figures of illustrative records; every other value counted from them is
    /// marked as illustrative, and every value when the side is `narrowed` to a period (the
    /// published figures are of the whole operation).
    pub fn of_records(
        label: String,
        dataset: String,
        choice: Option<String>,
        summary: &Summary,
        loaded: PerKind<bool>,
        illustrative: Option<&crate::published::Published>,
        narrowed: bool,
    ) -> Side {
        let h = &summary.headline;
        let notice = illustrative.map(|p| crate::published::illustrative_notice(&p.breakdowns));
        // Whether a value of the records is an example's: illustrative records, and not one of
        // the headline figures published (a figure narrowed to a nationality or Khan is not).
        let example = |figure: Figure| {
            illustrative.is_some_and(|p| {
                narrowed
                    || !p.figures.iter().any(|f| {
                        f.nationality.is_none()
                            && f.khan.is_none()
                            && published_key(figure) == Some(f.figure.as_str())
                    })
            })
        };
        let mut figures = BTreeMap::new();
        let mut put = |figure, kind: Kind, value| {
            if loaded[kind] {
                figures.insert(figure, Known::counted(value, example(figure)));
            }
        };
        put(Figure::Detained, Kind::Arrests, h.detained);
        put(Figure::WomenDetained, Kind::Arrests, h.women_detained);
        put(
            Figure::ForeignersIdentified,
            Kind::Inspections,
            h.foreigners_identified,
        );
        put(
            Figure::WomenIdentified,
            Kind::Inspections,
            h.women_identified,
        );
        put(Figure::PremisesInspected, Kind::Inspections, h.inspections);
        put(
            Figure::OperationsDismantled,
            Kind::Inspections,
            h.operations,
        );
        put(Figure::CasesToCourt, Kind::Prosecutions, h.cases);
        put(Figure::SuspectsCharged, Kind::Prosecutions, h.defendants);
        let per_nationality_example = illustrative.is_some_and(|p| {
            narrowed
                || !p
                    .breakdowns
                    .iter()
                    .any(|b| b.figure == "detained" && b.by == crate::published::By::Nationality)
        });
        let mut nationalities = BTreeMap::new();
        if loaded[Kind::Arrests] {
            for row in &summary.nationalities {
                // A nationality of defendants only has no detained: not a row of this table.
                if let Some(code) = row.code.filter(|_| row.detained > 0) {
                    nationalities
                        .insert(code, Known::counted(row.detained, per_nationality_example));
                }
            }
        }
        Side {
            label,
            dataset,
            from: "records",
            choice,
            notice,
            figures,
            nationalities,
        }
    }

    /// A side of published statements: for each figure, the statement of the latest period end
    /// (then the longest period) among those chosen, country-wide, or of the one province chosen.
    pub fn of_statements(
        label: String,
        dataset: String,
        choice: Option<String>,
        checked: &Checked,
        province: bool,
    ) -> Side {
        let summary = StatementSummary::of(checked);
        let pool: Vec<&Entry> = if province {
            summary
                .provinces
                .iter()
                .filter(|e| e.scope == Scope::Province)
                .collect()
        } else {
            summary.figures.iter().collect()
        };
        let latest = |entries: &mut dyn Iterator<Item = &Entry>, figure: Figure| {
            entries
                .filter(|e| e.figure == figure)
                .max_by_key(|e| (e.period_end, std::cmp::Reverse(e.period_start)))
                .map(|e| (e.period_start, e.period_end, e.clone()))
        };
        let mut figures = BTreeMap::new();
        let mut detained_period = None;
        for &figure in Figure::ALL {
            let found = latest(&mut pool.iter().copied(), figure);
            if figure == Figure::Detained {
                detained_period = found.as_ref().map(|(a, b, _)| (*a, *b));
            }
            if let Some((_, _, entry)) = found {
                figures.insert(figure, Known::from_entry(Some(&entry)));
            }
        }
        // The nationalities of the same period and scope as the detained figure shown.
        let mut nationalities = BTreeMap::new();
        if let Some((start, end)) = detained_period {
            for e in &summary.nationalities {
                let scope_fits = if province {
                    e.scope == Scope::Province
                } else {
                    e.scope == Scope::Country
                };
                if e.figure == Figure::Detained
                    && scope_fits
                    && e.period_start == start
                    && e.period_end == end
                    && let Some(n) = e.nationality
                {
                    nationalities.insert(n, Known::from_entry(Some(e)));
                }
            }
        }
        Side {
            label,
            dataset,
            from: "statements",
            choice,
            notice: None,
            figures,
            nationalities,
        }
    }

    fn figure(&self, figure: Figure) -> Known {
        self.figures.get(&figure).cloned().unwrap_or(Known::Unknown)
    }
}

/// The key in published.json of a figure records count.
fn published_key(figure: Figure) -> Option<&'static str> {
    Some(match figure {
        Figure::Detained => "detained",
        Figure::ForeignersIdentified => "foreigners_identified",
        Figure::WomenIdentified => "women_identified",
        Figure::PremisesInspected => "inspections",
        Figure::OperationsDismantled => "operations",
        Figure::CasesToCourt => "cases",
        Figure::SuspectsCharged => "defendants",
        _ => return None,
    })
}

/// One figure on both sides.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub figure: Figure,
    pub label: &'static str,
    pub a: Known,
    pub b: Known,
    /// B − A, when both sides have one value.
    pub difference: Option<i64>,
    /// B / A, when both sides have one value and A's is not 0.
    pub ratio: Option<f64>,
    /// Both values are exact: otherwise ("nearly 300", "more than 2,270") the difference and the
    /// ratio are as rough as the values, and are shown as "about".
    pub exact: bool,
    /// Both sides' value is the same published statement (one period within both sides'
    /// ranges): neither difference nor ratio is computed, since nothing was compared.
    pub same_statement: bool,
    /// A side's value is counted from illustrative records and not published: so are the
    /// difference and the ratio.
    pub illustrative: bool,
}

/// The detained of one nationality on both sides, with their shares of each side's detained.
#[derive(Debug, Clone, Serialize)]
pub struct NationalityRow {
    pub code: &'static str,
    pub name: &'static str,
    pub a: Known,
    pub a_share_pct: Option<f64>,
    pub b: Known,
    pub b_share_pct: Option<f64>,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    /// Every figure either side knows, in vocabulary order.
    pub figures: Vec<FigureRow>,
    /// Every nationality either side knows, by the larger count first, then by code.
    pub nationalities: Vec<NationalityRow>,
}

fn share(part: &Known, whole: &Known) -> Option<f64> {
    let (part, whole) = (part.value()?, whole.value()?);
    (whole > 0).then(|| (part as f64 * 10000.0 / whole as f64).round() / 100.0)
}

impl Comparison {
    pub fn new(a: Side, b: Side) -> Comparison {
        let figures = Figure::ALL
            .iter()
            .filter(|f| a.figures.contains_key(f) || b.figures.contains_key(f))
            .map(|&figure| {
                let (x, y) = (a.figure(figure), b.figure(figure));
                // One statement on both sides (a period within both ranges) is no change from
                // A to B: no difference is computed from it.
                let same = x.same_statements(&y);
                let (difference, ratio) = match (x.value(), y.value()) {
                    _ if same => (None, None),
                    (Some(x), Some(y)) => (
                        Some(y as i64 - x as i64),
                        (x > 0).then(|| (y as f64 * 1000.0 / x as f64).round() / 1000.0),
                    ),
                    _ => (None, None),
                };
                FigureRow {
                    figure,
                    label: figure.label(),
                    exact: x.exact() && y.exact(),
                    illustrative: x.illustrative() || y.illustrative(),
                    a: x,
                    b: y,
                    difference,
                    ratio,
                    same_statement: same,
                }
            })
            .collect();
        let mut codes: Vec<Nationality> = a
            .nationalities
            .keys()
            .chain(b.nationalities.keys())
            .copied()
            .collect();
        codes.sort();
        codes.dedup();
        let (da, db) = (a.figure(Figure::Detained), b.figure(Figure::Detained));
        let mut nationalities: Vec<NationalityRow> = codes
            .into_iter()
            .map(|n| {
                let x = a.nationalities.get(&n).cloned().unwrap_or(Known::Unknown);
                let y = b.nationalities.get(&n).cloned().unwrap_or(Known::Unknown);
                NationalityRow {
                    code: n.code(),
                    name: n.name(),
                    a_share_pct: share(&x, &da),
                    b_share_pct: share(&y, &db),
                    a: x,
                    b: y,
                }
            })
            .collect();
        let most = |r: &NationalityRow| r.a.value().max(r.b.value()).unwrap_or(0);
        nationalities.sort_by(|x, y| most(y).cmp(&most(x)).then(x.code.cmp(y.code)));
        Comparison {
            a,
            b,
            figures,
            nationalities,
        }
    }
}

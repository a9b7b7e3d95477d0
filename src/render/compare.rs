//! The comparison of two sides in every format of `report`: the figures with both values, the
//! difference and the ratio; the detained per nationality with their shares; the sources of
//! published values. An unknown value is written "unknown" (null in JSON), never 0, and values
//! that sources dispute are all written, with no difference computed from them.

use serde::Serialize;

use super::layout::{Cell, Column, Table};
use super::markdown::{Markdown, escape, escape_inline};
use super::table::TableRenderer;
use super::{Exporter, TableStyle};
use crate::compare::{Comparison, Known};
use crate::document::SCHEMA_VERSION;
use crate::output::{CsvWriter, Field};

/// The comparison document (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct CompareDocument {
    pub schema_version: u32,
    /// `"comparison"`.
    pub kind: &'static str,
    #[serde(flatten)]
    pub comparison: Comparison,
}

impl CompareDocument {
    pub fn new(comparison: Comparison) -> CompareDocument {
        CompareDocument {
            schema_version: SCHEMA_VERSION,
            kind: "comparison",
            comparison,
        }
    }

    /// The tables people read: title, columns (header, right-aligned), rows.
    fn sections(&self) -> Vec<Section> {
        let c = &self.comparison;
        let figures = c
            .figures
            .iter()
            .map(|f| {
                vec![
                    f.label.to_owned(),
                    short(&f.a),
                    short(&f.b),
                    f.difference.map_or_else(
                        || dash(&f.a, &f.b),
                        |d| marked(f, rough(f.exact, signed(d))),
                    ),
                    f.ratio.map_or_else(
                        || dash(&f.a, &f.b),
                        |r| marked(f, rough(f.exact, format!("{r:.3}"))),
                    ),
                ]
            })
            .collect();
        let pct = |p: Option<f64>| p.map_or_else(String::new, |p| format!("{p:.2}%"));
        let nationalities = c
            .nationalities
            .iter()
            .map(|n| {
                vec![
                    n.name.to_owned(),
                    short(&n.a),
                    pct(n.a_share_pct),
                    short(&n.b),
                    pct(n.b_share_pct),
                ]
            })
            .collect();
        let mut sources = Vec::new();
        for (side, rows) in [("A", &c.figures), ("B", &c.figures)] {
            for f in rows.iter() {
                let known = if side == "A" { &f.a } else { &f.b };
                for (value, s) in sources_of(known) {
                    let period = match (s.period_start, s.period_end) {
                        (Some(a), Some(b)) if a == b => a.to_string(),
                        (Some(a), Some(b)) => format!("{a} to {b}"),
                        _ => String::new(),
                    };
                    sources.push(vec![
                        side.to_owned(),
                        f.label.to_owned(),
                        value,
                        period,
                        s.short(),
                        s.source_url.clone().unwrap_or_default(),
                    ]);
                }
            }
        }
        vec![
            (
                "Figures".to_owned(),
                vec![
                    ("figure", false),
                    ("A", true),
                    ("B", true),
                    ("B − A", true),
                    ("B / A", true),
                ],
                figures,
            ),
            (
                "Detained per nationality".to_owned(),
                vec![
                    ("nationality", false),
                    ("A", true),
                    ("A share", true),
                    ("B", true),
                    ("B share", true),
                ],
                nationalities,
            ),
            (
                "Sources of published values".to_owned(),
                vec![
                    ("side", false),
                    ("figure", false),
                    ("value", true),
                    ("period", false),
                    ("source", false),
                    ("address", false),
                ],
                sources,
            ),
        ]
    }

    fn heading(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for side in [&self.comparison.a, &self.comparison.b] {
            lines.push(format!("{} ({})", side.label, side.from));
            if let Some(notice) = &side.notice {
                lines.push(format!("  Note: {notice}"));
            }
        }
        let c = &self.comparison;
        if c.figures.iter().any(|f| f.illustrative)
            || c.nationalities
                .iter()
                .any(|n| n.a.illustrative() || n.b.illustrative())
        {
            lines.push(format!(
                "{EXAMPLE} counted from illustrative records, not published (and what is computed from it)"
            ));
        }
        lines
    }
}

/// One table: its title, its columns (header, right-aligned) and its rows.
type Section = (String, Vec<(&'static str, bool)>, Vec<Vec<String>>);

/// What stands for a difference that cannot be computed: why.
fn dash(a: &Known, b: &Known) -> String {
    if a.same_statements(b) {
        return "same statement".to_owned();
    }
    match (a, b) {
        (Known::Conflict { .. }, _) | (_, Known::Conflict { .. }) => "sources differ".to_owned(),
        (Known::Unknown, _) | (_, Known::Unknown) => "unknown".to_owned(),
        _ => "–".to_owned(),
    }
}

/// A difference or ratio of values that are not both exact is as rough as they are.
fn rough(exact: bool, shown: String) -> String {
    if exact {
        shown
    } else {
        format!("about {shown}")
    }
}

/// The mark of a value counted from illustrative records and not published, in tables (the
/// heading says what it means; CSV and JSON say it in words and fields).
const EXAMPLE: &str = "*";

/// A side's value for a table: as in words, with [`EXAMPLE`] for an illustrative one.
fn short(known: &Known) -> String {
    match known {
        Known::Value { value, .. } if known.illustrative() => {
            format!("{}{EXAMPLE}", crate::text::group_digits(*value))
        }
        known => known.words(),
    }
}

/// A difference or ratio from a value of illustrative records is illustrative too.
fn marked(f: &crate::compare::FigureRow, shown: String) -> String {
    if f.illustrative {
        format!("{shown}{EXAMPLE}")
    } else {
        shown
    }
}

fn signed(n: i64) -> String {
    let digits = crate::text::group_digits(n.unsigned_abs());
    match n {
        n if n > 0 => format!("+{digits}"),
        n if n < 0 => format!("−{digits}"),
        _ => digits,
    }
}

/// Each published value of a side's figure with its source (records have none to list).
fn sources_of(known: &Known) -> Vec<(String, crate::compare::Source)> {
    match known {
        Known::Unknown => Vec::new(),
        Known::Value {
            value,
            qualifier,
            sources,
        } => sources
            .iter()
            .filter(|s| s.statement_id.is_some())
            .map(|s| (qualifier.show(*value), s.clone()))
            .collect(),
        Known::Conflict { values } => values
            .iter()
            .map(|v| (v.qualifier.show(v.value), v.source.clone()))
            .collect(),
    }
}

impl super::Document for CompareDocument {
    fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("the comparison serialises")
    }
}

impl Exporter<CompareDocument> for TableRenderer {
    fn export(&self, document: &CompareDocument) -> Vec<u8> {
        let style: TableStyle = self.style;
        let mut out = String::new();
        for line in document.heading() {
            style.prose(&mut out, &line);
        }
        out.push('\n');
        for (title, columns, rows) in document.sections() {
            if rows.is_empty() {
                style.prose(&mut out, &format!("{title}: none"));
                out.push('\n');
                continue;
            }
            style.prose(&mut out, &title);
            let columns = columns
                .iter()
                .map(|&(h, right)| {
                    if right {
                        Column::right(h)
                    } else {
                        Column::left(h).wrapping()
                    }
                })
                .collect();
            let mut table = Table::new(columns);
            for row in rows {
                table.row(row.iter().map(|t| Cell::new(t)).collect());
            }
            out.push_str(&table.draw(style).text);
            out.push('\n');
        }
        out.into_bytes()
    }
}

impl Exporter<CompareDocument> for Markdown {
    fn export(&self, document: &CompareDocument) -> Vec<u8> {
        let mut out = String::from("## Comparison\n\n");
        for line in document.heading() {
            out.push_str(&escape(&line));
            out.push_str("  \n");
        }
        out.push('\n');
        for (title, columns, rows) in document.sections() {
            out.push_str(&format!("### {}\n\n", escape(&title)));
            if rows.is_empty() {
                out.push_str("None.\n\n");
                continue;
            }
            let header: Vec<String> = columns.iter().map(|c| escape_inline(c.0)).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            let rule: Vec<&str> = columns
                .iter()
                .map(|c| if c.1 { "---:" } else { "---" })
                .collect();
            out.push_str(&format!("|{}|\n", rule.join("|")));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| escape_inline(c)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out.push('\n');
        }
        out.into_bytes()
    }
}

/// The columns of the CSV and NDJSON forms: one row per figure, then one per nationality
/// (figure `detained`, with `nationality` set). An unknown value is empty (null); a disputed one
/// is written with every value ("339 or 366") in `a_values` or `b_values` and no number in `a`
/// or `b`.
pub const ROW_COLUMNS: [&str; 11] = [
    "figure",
    "nationality",
    "a",
    "a_values",
    "b",
    "b_values",
    "difference",
    "ratio",
    "a_share_pct",
    "b_share_pct",
    "label",
];

impl CompareDocument {
    fn rows(&self) -> Vec<[Option<(String, bool)>; 11]> {
        let c = &self.comparison;
        let num = |n: Option<u64>| n.map(|n| (n.to_string(), true));
        let words = |k: &Known| match k {
            Known::Unknown => None,
            k => Some((k.words(), false)),
        };
        let text = |s: &str| Some((s.to_owned(), false));
        let mut rows = Vec::new();
        for f in &c.figures {
            rows.push([
                text(f.figure.key()),
                None,
                num(f.a.value()),
                words(&f.a),
                num(f.b.value()),
                words(&f.b),
                f.difference.map(|d| (d.to_string(), true)),
                f.ratio.map(|r| (format!("{r}"), true)),
                None,
                None,
                text(f.label),
            ]);
        }
        for n in &c.nationalities {
            rows.push([
                text("detained"),
                text(n.code),
                num(n.a.value()),
                words(&n.a),
                num(n.b.value()),
                words(&n.b),
                None,
                None,
                n.a_share_pct.map(|p| (format!("{p}"), true)),
                n.b_share_pct.map(|p| (format!("{p}"), true)),
                text(n.name),
            ]);
        }
        rows
    }
}

impl Exporter<CompareDocument> for super::delimited::Csv {
    fn export(&self, document: &CompareDocument) -> Vec<u8> {
        let mut writer = CsvWriter::new(Vec::new(), self.bom).expect("writing to memory");
        writer
            .row(ROW_COLUMNS.iter().map(|c| Field::Text(c)))
            .expect("writing to memory");
        for row in document.rows() {
            let fields = row.iter().map(|cell| match cell {
                None => Field::Text(""),
                Some((t, true)) => Field::Number(t),
                Some((t, false)) => Field::Text(t),
            });
            writer.row(fields).expect("writing to memory");
        }
        writer.into_inner().expect("writing to memory")
    }
}

impl Exporter<CompareDocument> for super::delimited::Ndjson {
    fn export(&self, document: &CompareDocument) -> Vec<u8> {
        let mut out = Vec::new();
        for row in document.rows() {
            let mut map = serde_json::Map::new();
            for (cell, key) in row.into_iter().zip(ROW_COLUMNS) {
                let value = match cell {
                    None => serde_json::Value::Null,
                    Some((t, true)) => serde_json::from_str(&t).expect("a number we wrote"),
                    Some((t, false)) => serde_json::Value::String(t),
                };
                map.insert(key.to_owned(), value);
            }
            serde_json::to_writer(&mut out, &map).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }
}

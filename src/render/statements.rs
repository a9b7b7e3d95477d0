//! The report of a dataset of published statements: per figure and period, per province, per
//! nationality, each value with its qualifier and source, and the conflicts, where every value
//! is shown beside the others and none is picked. One document, in every format of `report`.

use serde::Serialize;

use super::layout::{Cell, Column, Table, Tone};
use super::markdown::{Markdown, escape, escape_inline};
use super::table::TableRenderer;
use super::{Document, Exporter, TableStyle};
use crate::document::{DatasetInfo, SCHEMA_VERSION};
use crate::error::Problem;
use crate::output::{CsvWriter, Field};
use crate::statements::{Checked, Entry, StatementCounts, Summary};

/// The statements report (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct StatementReport {
    pub schema_version: u32,
    /// `"statements"`: what the document reports on (a record report has no such key).
    pub kind: &'static str,
    pub dataset: DatasetInfo,
    /// Statement rows read, used and rejected.
    pub counts: StatementCounts,
    #[serde(flatten)]
    pub summary: Summary,
    /// What was said about statements that are kept: falling cumulative series, conflicts.
    pub warnings: Vec<Problem>,
}

impl StatementReport {
    pub fn new(dataset: DatasetInfo, checked: &Checked) -> StatementReport {
        StatementReport {
            schema_version: SCHEMA_VERSION,
            kind: "statements",
            dataset,
            counts: StatementCounts::of(checked),
            summary: Summary::of(checked),
            warnings: checked.warnings.clone(),
        }
    }

    /// The tables people read, in order: each with its title, columns (header, right-aligned)
    /// and rows, and which rows belong to a conflict.
    pub fn sections(&self) -> Vec<Section> {
        let s = &self.summary;
        let mut sections = Vec::new();
        let value_cols = [
            ("value", true),
            ("source", false),
            ("published", false),
            ("statement", false),
        ];
        let values = |e: &Entry, lead: Vec<String>, section: &mut Section| {
            for v in &e.values {
                let mut row = lead.clone();
                row.push(v.shown.clone());
                row.push(v.source_short.clone());
                row.push(v.published.map(|d| d.to_string()).unwrap_or_default());
                row.push(v.statement_id.clone());
                section.rows.push(row);
                section.conflict.push(e.conflict);
            }
        };
        let mut figures = Section::new(
            "Figures for the whole country",
            &[("figure", false), ("period", false)],
            &value_cols,
        );
        for e in &s.figures {
            values(e, vec![e.label.to_owned(), e.period_words()], &mut figures);
        }
        sections.push(figures);
        let mut provinces = Section::new(
            "Per province and district",
            &[("place", false), ("figure", false), ("period", false)],
            &value_cols,
        );
        for e in &s.provinces {
            let lead = vec![e.place_words(), e.label.to_owned(), e.period_words()];
            values(e, lead, &mut provinces);
        }
        sections.push(provinces);
        let mut nationalities = Section::new(
            "Per nationality",
            &[
                ("nationality", false),
                ("figure", false),
                ("period", false),
                ("place", false),
            ],
            &value_cols,
        );
        for e in &s.nationalities {
            let lead = vec![
                e.nationality_name.unwrap_or_default().to_owned(),
                e.label.to_owned(),
                e.period_words(),
                e.place_words(),
            ];
            values(e, lead, &mut nationalities);
        }
        sections.push(nationalities);
        let mut conflicts = Section::new(
            "Conflicts: sources that differ (every value shown, none chosen)",
            &[
                ("figure", false),
                ("place", false),
                ("period", false),
                ("nationality", false),
            ],
            &value_cols,
        );
        for c in &s.conflicts {
            let place = match (&c.province, &c.district) {
                (_, Some(d)) => d.clone(),
                (Some(p), None) => p.clone(),
                (None, None) => "country".to_owned(),
            };
            let period = crate::statements::period_words(c.period_start, c.period_end);
            for v in &c.values {
                conflicts.rows.push(vec![
                    c.figure.label().to_owned(),
                    place.clone(),
                    period.clone(),
                    c.nationality
                        .map(|n| n.name())
                        .unwrap_or_default()
                        .to_owned(),
                    v.qualifier.show(v.value),
                    v.outlet
                        .clone()
                        .or(v.source_url.clone())
                        .unwrap_or_default(),
                    v.published.map(|d| d.to_string()).unwrap_or_default(),
                    v.statement_id.clone(),
                ]);
                conflicts.conflict.push(true);
            }
        }
        sections.push(conflicts);
        sections
    }

    /// Lines under the report for people: warnings and counts.
    pub fn footer(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.warnings.is_empty() {
            // Each is said on standard error as it is found, and kept in the JSON.
            lines.push(format!(
                "Warnings: {} (on standard error, and under \"warnings\" in --format json)",
                self.warnings.len()
            ));
        }
        let c = &self.counts.counts;
        lines.push(format!(
            "Statements: {} read, {} used, {} rejected",
            crate::text::group_digits(c.read),
            crate::text::group_digits(c.used),
            crate::text::group_digits(c.rejected)
        ));
        lines
    }
}

/// One table of the report.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: &'static str,
    pub columns: Vec<(&'static str, bool)>,
    pub rows: Vec<Vec<String>>,
    /// Per row: whether it is one of several values that differ.
    pub conflict: Vec<bool>,
}

impl Section {
    fn new(
        title: &'static str,
        lead: &[(&'static str, bool)],
        rest: &[(&'static str, bool)],
    ) -> Section {
        Section {
            title,
            columns: lead.iter().chain(rest).copied().collect(),
            rows: Vec::new(),
            conflict: Vec::new(),
        }
    }
}

impl Document for StatementReport {
    fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("the statements report serialises")
    }
}

impl Exporter<StatementReport> for TableRenderer {
    fn export(&self, report: &StatementReport) -> Vec<u8> {
        let style = TableStyle {
            width: self.style.width.filter(|_| !self.wide),
            ..self.style
        };
        let mut out = String::new();
        style.prose(
            &mut out,
            &format!("Published statements: {}", report.dataset.title_or_name()),
        );
        for section in report.sections() {
            if section.rows.is_empty() {
                style.prose(&mut out, &format!("{}: none", section.title));
                out.push('\n');
                continue;
            }
            style.prose(&mut out, section.title);
            let columns = section
                .columns
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
            for (row, &conflict) in section.rows.iter().zip(&section.conflict) {
                let tone = if conflict { Tone::Bad } else { Tone::Plain };
                table.row(row.iter().map(|t| Cell::new(t).tone(tone)).collect());
            }
            out.push_str(&table.draw(style).text);
            out.push('\n');
        }
        for line in report.footer() {
            style.prose(&mut out, &line);
        }
        out.into_bytes()
    }
}

impl Exporter<StatementReport> for Markdown {
    fn export(&self, report: &StatementReport) -> Vec<u8> {
        let mut out = String::new();
        out.push_str(&format!(
            "## Published statements: {}\n\n",
            escape(report.dataset.title_or_name())
        ));
        for section in report.sections() {
            out.push_str(&format!("### {}\n\n", escape(section.title)));
            if section.rows.is_empty() {
                out.push_str("None.\n\n");
                continue;
            }
            let header: Vec<String> = section.columns.iter().map(|c| c.0.to_owned()).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            let rule: Vec<&str> = section
                .columns
                .iter()
                .map(|c| if c.1 { "---:" } else { "---" })
                .collect();
            out.push_str(&format!("|{}|\n", rule.join("|")));
            for (row, &conflict) in section.rows.iter().zip(&section.conflict) {
                let cells: Vec<String> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let c = escape_inline(c);
                        // A value that others contradict is marked; the marker is ours.
                        if conflict && section.columns[i].0 == "value" {
                            format!("{c} ≠")
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out.push('\n');
        }
        for line in report.footer() {
            out.push_str(&escape(&line));
            out.push_str("  \n");
        }
        out.into_bytes()
    }
}

/// The columns of the CSV and NDJSON forms: one row per statement used, with the list it is in
/// and whether its value is contradicted.
pub const ROW_COLUMNS: [&str; 17] = [
    "list",
    "figure",
    "scope",
    "province",
    "district",
    "nationality",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "conflict",
    "statement_id",
    "published",
    "outlet",
    "source_url",
    "title",
    "part_of",
];

impl StatementReport {
    /// One row per statement used, in the report's order; numbers are marked as such.
    pub fn rows(&self) -> Vec<Vec<(String, bool)>> {
        let mut rows = Vec::new();
        for (list, e) in self.summary.entries() {
            for v in &e.values {
                let text = |s: &str| (s.to_owned(), false);
                rows.push(vec![
                    text(list),
                    text(e.figure.key()),
                    text(e.scope.word()),
                    text(e.province.as_deref().unwrap_or_default()),
                    text(e.district.as_deref().unwrap_or_default()),
                    text(e.nationality.map(|n| n.code()).unwrap_or_default()),
                    text(&e.period_start.to_string()),
                    text(&e.period_end.to_string()),
                    (v.value.to_string(), true),
                    text(v.qualifier.word()),
                    text(if e.conflict { "true" } else { "false" }),
                    text(&v.statement_id),
                    text(&v.published.map(|d| d.to_string()).unwrap_or_default()),
                    text(v.outlet.as_deref().unwrap_or_default()),
                    text(v.source_url.as_deref().unwrap_or_default()),
                    text(v.title.as_deref().unwrap_or_default()),
                    text(e.part_of.map(|f| f.key()).unwrap_or_default()),
                ]);
            }
        }
        rows
    }
}

impl Exporter<StatementReport> for super::delimited::Csv {
    fn export(&self, report: &StatementReport) -> Vec<u8> {
        let mut writer = CsvWriter::new(Vec::new(), self.bom).expect("writing to memory");
        writer
            .row(ROW_COLUMNS.iter().map(|c| Field::Text(c)))
            .expect("writing to memory");
        for row in report.rows() {
            let fields = row.iter().map(|(text, number)| {
                if *number {
                    Field::Number(text)
                } else {
                    Field::Text(text)
                }
            });
            writer.row(fields).expect("writing to memory");
        }
        writer.into_inner().expect("writing to memory")
    }
}

impl Exporter<StatementReport> for super::delimited::Ndjson {
    fn export(&self, report: &StatementReport) -> Vec<u8> {
        let mut out = Vec::new();
        for row in report.rows() {
            let mut map = serde_json::Map::new();
            for ((text, number), key) in row.into_iter().zip(ROW_COLUMNS) {
                let value = match (number, key) {
                    (true, _) => {
                        serde_json::Value::from(text.parse::<u64>().expect("a count we wrote"))
                    }
                    (false, "conflict") => serde_json::Value::Bool(text == "true"),
                    (false, _) if text.is_empty() => serde_json::Value::Null,
                    (false, _) => serde_json::Value::String(text),
                };
                map.insert(key.to_owned(), value);
            }
            serde_json::to_writer(&mut out, &map).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }
}

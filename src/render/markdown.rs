//! GitHub-flavoured Markdown tables, ready to paste into a report. Text from the data is escaped
//! so that it cannot add links, markup or columns.

use super::Renderer;
use super::report::{Grid, HeadlineValue, Kind, Report, row_cells};

pub struct Markdown;

/// Escapes text for a Markdown table cell: pipes, emphasis, links, code and HTML lose their meaning.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, header: &[String], right: &[bool], rows: &[Vec<String>]) {
    out.push_str(&format!(
        "| {} |\n",
        header
            .iter()
            .map(|h| escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    let rule: Vec<&str> = right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&format!(
            "| {} |\n",
            row.iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
}

fn grid(out: &mut String, grid: &Grid) {
    let header: Vec<String> = grid.columns.iter().map(|c| c.header.clone()).collect();
    let right: Vec<bool> = grid
        .columns
        .iter()
        .map(|c| matches!(c.kind, Kind::Count | Kind::Decimal | Kind::Share))
        .collect();
    let mut rows: Vec<Vec<String>> = grid.rows.iter().map(|r| row_cells(grid, r, true)).collect();
    if let Some(total) = &grid.total {
        rows.push(
            row_cells(grid, total, true)
                .into_iter()
                .map(|c| if c.is_empty() { c } else { format!("**{c}**") })
                .collect(),
        );
    }
    // Bold markers are ours, not the data's: keep them out of the escaping.
    let header_line = header;
    let mut body = String::new();
    table(&mut body, &header_line, &right, &rows);
    out.push_str(&body.replace("\\*\\*", "**"));
}

impl Renderer for Markdown {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        let title = report
            .dataset
            .title
            .as_deref()
            .unwrap_or(&report.dataset.name);
        out.push_str(&format!("## {}\n\n", escape(title)));
        if report.by.is_none() {
            let rows: Vec<Vec<String>> = report
                .headline_rows()
                .into_iter()
                .map(|(label, value)| {
                    let value = match value {
                        HeadlineValue::Count(n) => super::group_digits(n),
                        HeadlineValue::Text(t) => t,
                    };
                    vec![label.to_owned(), value]
                })
                .collect();
            table(
                &mut out,
                &["headline".into(), String::new()],
                &[false, true],
                &rows,
            );
            out.push('\n');
        }
        for by in report.groupings() {
            out.push_str(&format!("### {}\n\n", by.title()));
            grid(&mut out, &report.grid(by));
            out.push('\n');
        }
        for line in report.footer() {
            out.push_str(&escape(&line));
            out.push_str("  \n");
        }
        out.into_bytes()
    }
}

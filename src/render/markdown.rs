//! GitHub-flavoured Markdown tables, ready to paste into a report. Text from the data is escaped
//! so that it cannot add links, markup or columns.

use super::Exporter;
use super::report::{Cell, Grid, HeadlineValue, Report};

pub struct Markdown;

/// Escapes text from the data for a Markdown table cell or the middle of a line, so it shows as
/// written and can make no link, image, emphasis, code, table cell or HTML: `<`, `>` and `&`
/// become entities (they show as themselves), Markdown punctuation gets a backslash (with `[` and
/// `]` escaped no `](` can open a link), and line breaks become spaces.
///
/// An address in a cell (an operation id `https://…`) is no link either: see [`unlink`].
pub fn escape_inline(text: &str) -> String {
    unlink(&escape_markup(text))
}

fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Breaks what GitHub would turn into a link by itself (`https://…`, `www.…`): the colon or dot
/// is written as an entity, which shows as itself.
fn unlink(text: &str) -> String {
    if !text.contains("://") && !text.to_ascii_lowercase().contains("www.") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("://") {
            out.push_str("&#58;//");
            rest = &rest[3..];
        } else if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("www.") {
            out.push_str(&rest[..3]);
            out.push_str("&#46;");
            rest = &rest[4..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Escapes text from the data for the start of a line (a paragraph or a heading): as
/// [`escape_inline`], and a start that would open a heading, list or quote is escaped too. An
/// address stays one (a line of text such as the source links to it).
pub fn escape(text: &str) -> String {
    let mut out = escape_markup(text);
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Writes a table whose cells are escaped already.
fn table(out: &mut String, header: &[String], right: &[bool], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let rule: Vec<&str> = right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
}

fn grid(out: &mut String, grid: &Grid) {
    let header: Vec<String> = grid
        .columns
        .iter()
        .map(|c| escape_inline(&c.header))
        .collect();
    let right: Vec<bool> = grid.columns.iter().map(|c| c.kind.is_number()).collect();
    let escaped = |row: &Vec<Cell>| {
        row.iter()
            .map(|c| escape_inline(&c.show(true)))
            .collect::<Vec<_>>()
    };
    let mut rows: Vec<Vec<String>> = grid.rows.iter().map(escaped).collect();
    if let Some(total) = &grid.total {
        // The totals row in bold: the markers are ours, added after the escaping.
        let bold = escaped(total)
            .into_iter()
            .map(|c| if c.is_empty() { c } else { format!("**{c}**") });
        rows.push(bold.collect());
    }
    table(out, &header, &right, &rows);
}

impl Exporter<Report> for Markdown {
    fn export(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        let title = report.dataset.title_or_name();
        out.push_str(&format!("## {}\n\n", escape(title)));
        if report.by.is_none() {
            let rows: Vec<Vec<String>> = report
                .headline_rows()
                .into_iter()
                .map(|(label, value)| {
                    let value = match value {
                        HeadlineValue::Count(n) => crate::text::group_digits(n),
                        HeadlineValue::Text(t) => t,
                    };
                    vec![escape_inline(label), escape_inline(&value)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_data_makes_no_link_and_no_line_break() {
        assert_eq!(
            escape_inline("OP https://evil.example/x www.Example.com"),
            "OP https&#58;//evil.example/x www&#46;Example.com"
        );
        assert_eq!(escape_inline("a\u{85}b\u{2028}c\u{2029}d"), "a b c d");
        assert_eq!(escape_inline("ទួលគោក"), "ទួលគោក");
    }
}

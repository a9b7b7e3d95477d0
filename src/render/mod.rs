//! Renderers: turn computed results into bytes for people (tables) or machines (JSON). No
//! renderer computes a number of its own.

pub mod delimited;
pub mod markdown;
pub mod reconciliation;
pub mod report;
pub mod table;
pub mod validation;

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};

/// Turns a report into the bytes of one output format.
pub trait Renderer {
    fn render(&self, report: &report::Report) -> Vec<u8>;
}

/// How tables should look, decided once from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    pub color: bool,
    /// Unicode box drawing; plain ASCII otherwise.
    pub unicode: bool,
    /// Fit the table to the terminal's width.
    pub terminal: bool,
}

impl TableStyle {
    pub fn table(self) -> Table {
        let mut table = Table::new();
        table.load_style(if self.unicode {
            presets::UTF8_FULL_CONDENSED
        } else {
            presets::ASCII_FULL_CONDENSED
        });
        if self.terminal {
            table.set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            // Piped output must not depend on a terminal: identical input, identical bytes.
            table.force_no_tty();
        }
        if self.color {
            table.enforce_styling();
        }
        table
    }

    /// A header cell, bold-coloured when colour is on.
    pub fn header(self, text: &str) -> Cell {
        let cell = Cell::new(text);
        if self.color {
            cell.fg(Color::Cyan)
        } else {
            cell
        }
    }

    /// A number, right-aligned with thousands separators.
    pub fn number(self, n: u64) -> Cell {
        Cell::new(group_digits(n)).set_alignment(CellAlignment::Right)
    }

    /// Text in green (good) or red (bad) when colour is on.
    pub fn verdict(self, text: &str, good: bool) -> String {
        match (self.color, good) {
            (false, _) => text.to_owned(),
            (true, true) => format!("\x1b[32m{text}\x1b[0m"),
            (true, false) => format!("\x1b[31m{text}\x1b[0m"),
        }
    }
}

/// Pretty-printed JSON with a final newline: the shape of every JSON document crackdown writes.
pub fn json_document<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("serialising plain data cannot fail");
    out.push(b'\n');
    out
}

/// 21104 → "21,104".
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(2709), "2,709");
        assert_eq!(group_digits(21104), "21,104");
        assert_eq!(group_digits(1234567), "1,234,567");
    }
}

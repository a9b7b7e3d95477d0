//! Text widths without a font engine. The figures are laid out before any viewer picks a font, so
//! label columns and "does this label fit" are decided from a fixed table: the advance widths of
//! DejaVu Sans, the first and widest family the figures ask for. The same text measures the same
//! on every machine, and a viewer that falls back to Arial or Helvetica draws it narrower, never
//! wider.

use std::sync::LazyLock;

/// The table, embedded: see its header for where the numbers come from.
const TSV: &str = include_str!("dejavu-sans-widths.tsv");

const UNITS_PER_EM: u64 = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// (code point, regular advance, bold advance), ascending by code point.
static TABLE: LazyLock<Vec<(u32, u16, u16)>> = LazyLock::new(|| parse(TSV));

/// Parses the embedded table. It is part of the program, so a malformed row is a bug: panic with
/// the line (the tests parse it on every run).
fn parse(tsv: &str) -> Vec<(u32, u16, u16)> {
    let rows: Vec<(u32, u16, u16)> = tsv
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let row = match fields[..] {
                [code, regular, bold] => u32::from_str_radix(code, 16)
                    .ok()
                    .zip(regular.parse().ok())
                    .zip(bold.parse().ok())
                    .map(|((c, r), b)| (c, r, b)),
                _ => None,
            };
            row.unwrap_or_else(|| panic!("dejavu-sans-widths.tsv line {}: {line:?}", i + 1))
        })
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0].0 < w[1].0),
        "dejavu-sans-widths.tsv must be sorted by code point"
    );
    rows
}

/// The advance of `c` in font units. Characters the table lacks count a full em (wider than any
/// Latin letter but W, and the width of Khmer and CJK glyphs), so an unknown script is measured
/// generously rather than clipped; marks that combine with the letter before them count nothing.
fn advance(c: char, weight: Weight) -> u64 {
    let code = u32::from(c);
    match TABLE.binary_search_by_key(&code, |row| row.0) {
        Ok(i) => u64::from(match weight {
            Weight::Regular => TABLE[i].1,
            Weight::Bold => TABLE[i].2,
        }),
        Err(_) => match c {
            '\u{0300}'..='\u{036f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'
            | '\u{fe00}'..='\u{fe0f}' => 0,
            _ => UNITS_PER_EM,
        },
    }
}

/// The width of `text` set in `size` px.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let units: u64 = text.chars().map(|c| advance(c, weight)).sum();
    units as f64 * size / UNITS_PER_EM as f64
}

/// Breaks `text` into lines no wider than `max` px, at spaces where it can and inside a word
/// only when the word alone is too wide. Runs of white space become one space.
pub fn wrap(text: &str, size: f64, weight: Weight, max: f64) -> Vec<String> {
    let fits = |s: &str| width(s, size, weight) <= max;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word starts a line of its own; split it where even that is too wide.
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `max` px, with an ellipsis where it was cut.
pub fn truncate(text: &str, size: f64, weight: Weight, max: f64) -> String {
    if width(text, size, weight) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&format!("{out}…"), size, weight) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_covers_printable_ascii() {
        for c in ' '..='~' {
            assert!(
                TABLE.binary_search_by_key(&u32::from(c), |r| r.0).is_ok(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn widths_follow_the_font() {
        // DejaVu Sans: digits are 1303 units, "W" 2025, a space 651.
        assert_eq!(width("0", 2048.0, Weight::Regular), 1303.0);
        assert_eq!(width("W", 2048.0, Weight::Regular), 2025.0);
        assert_eq!(
            width("21,104", 10.0, Weight::Regular),
            (5.0 * 1303.0 + 651.0) * 10.0 / 2048.0
        );
        assert!(width("Tuol Kouk", 13.0, Weight::Bold) > width("Tuol Kouk", 13.0, Weight::Regular));
        // Unknown scripts count an em a character; combining marks nothing.
        assert_eq!(width("ទួល", 10.0, Weight::Regular), 30.0);
        assert_eq!(
            width("e\u{301}", 10.0, Weight::Regular),
            width("e", 10.0, Weight::Regular)
        );
        assert_eq!(width("", 10.0, Weight::Regular), 0.0);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_overlong_words() {
        let lines = wrap("one two  three four", 10.0, Weight::Regular, 60.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "one two three four");
        for line in &lines {
            assert!(width(line, 10.0, Weight::Regular) <= 60.0, "{line}");
        }
        let long = "x".repeat(100);
        let lines = wrap(&long, 10.0, Weight::Regular, 50.0);
        assert_eq!(lines.concat(), long);
        assert!(
            lines
                .iter()
                .all(|l| width(l, 10.0, Weight::Regular) <= 50.0)
        );
        assert!(wrap("   ", 10.0, Weight::Regular, 50.0).is_empty());
    }

    #[test]
    fn truncation_keeps_what_fits_and_marks_the_cut() {
        assert_eq!(truncate("Kamboul", 13.0, Weight::Regular, 500.0), "Kamboul");
        let cut = truncate(
            "Saint Helena, Ascension and Tristan da Cunha",
            13.0,
            Weight::Regular,
            120.0,
        );
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut, 13.0, Weight::Regular) <= 120.0);
    }
}

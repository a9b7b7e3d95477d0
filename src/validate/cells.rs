//! Typed values from the cells of one row: the text of a column, a required value, a word of a
//! closed vocabulary, a count. Every problem found is kept with its column; a value that holds a
//! control character is reported once and then read as absent. Spellings resolved once are
//! cached here, and counts are read by [`parse_count`].

use foldhash::HashMap;

use crate::error::{Code, Problem};
use crate::load::Row;
use crate::missing::Missing;
use crate::model::{Kind, Vocabulary};

/// The cells of one row, and the problems found in them so far.
pub(super) struct Cells<'r> {
    pub(super) row: &'r Row,
    pub(super) kind: Kind,
    pub(super) file: &'r str,
    pub(super) missing: &'r Missing,
    /// Columns (bit per field) whose value holds a control character: reported once, and then
    /// treated as if absent, so that no other check reads it.
    pub(super) tainted: u64,
    pub(super) problems: Vec<Problem>,
}

/// Columns of free text, where a line break or a tab in a value is nothing to worry about.
const FREE_TEXT: [&str; 4] = ["premises_name", "source", "notes", "charge"];

impl<'r> Cells<'r> {
    pub(super) fn name(&self, column: usize) -> &'static str {
        self.kind.fields()[column].name
    }

    /// The value of a column, `None` when the cell is empty or says "not recorded" (or holds a
    /// control character, which was reported already).
    pub(super) fn text(&self, column: usize) -> Option<&'r str> {
        let text = self.row.get(column)?;
        if self.is_tainted(column) || self.missing.is_missing(text) {
            return None;
        }
        Some(text)
    }

    pub(super) fn is_tainted(&self, column: usize) -> bool {
        self.tainted & (1 << column) != 0
    }

    /// Reports a control character (a NUL, an escape) in any column but free text: `A-1` and
    /// `A-1\0` must not pass as two detainees, nor `Tuol\0Kouk` as a Khan.
    pub(super) fn control_characters(&mut self) {
        if self.row.is_plain_ascii() {
            return;
        }
        for (column, field) in self.kind.fields().iter().enumerate() {
            if FREE_TEXT.contains(&field.name) {
                continue;
            }
            let Some(text) = self.row.get(column) else {
                continue;
            };
            // Most values are printable ASCII: no need to decode them.
            if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                continue;
            }
            if let Some(c) = text.chars().find(|&c| crate::text::needs_escape(c)) {
                let reason = format!(
                    "the value {}: remove it (it may come from a broken export or a copy from a web page)",
                    crate::text::Stray(c)
                );
                self.problem(Code::UnexpectedCharacter, column, Some(text), reason);
                self.tainted |= 1 << column;
            }
        }
    }

    pub(super) fn problem(
        &mut self,
        code: Code,
        column: usize,
        value: Option<&str>,
        reason: String,
    ) {
        self.problem_owned(
            code,
            Some(self.name(column).to_owned()),
            value.map(str::to_owned),
            reason,
        );
    }

    pub(super) fn problem_owned(
        &mut self,
        code: Code,
        column: Option<String>,
        value: Option<String>,
        reason: String,
    ) {
        self.problems.push(Problem {
            code,
            file: self.file.to_owned(),
            sheet: None,
            line: self.row.line,
            column,
            value,
            reason,
        });
    }

    /// What claiming the id `id` of `column` gave: the claim, or its problem kept.
    pub(super) fn claimed<C>(
        &mut self,
        column: usize,
        id: &str,
        claimed: Result<C, (Code, String)>,
    ) -> Option<C> {
        claimed
            .map_err(|(code, reason)| self.problem(code, column, Some(id), reason))
            .ok()
    }

    pub(super) fn required(&mut self, column: usize) -> Option<&'r str> {
        let text = self.text(column);
        let name = self.name(column);
        if text.is_none()
            && !self
                .problems
                .iter()
                .any(|p| p.column.as_deref() == Some(name))
        {
            // A missing-value word is shown, so that "N/A" in an id column is no mystery.
            let raw = self.row.get(column);
            let reason = match raw {
                Some(_) => format!(
                    "missing value: {name} is required, and this word means \"not recorded\""
                ),
                None => format!("missing value: {name} is required"),
            };
            self.problem(Code::MissingValue, column, raw, reason);
        }
        text
    }

    pub(super) fn resolved<T>(
        &mut self,
        column: usize,
        text: &str,
        resolved: Resolved<T>,
    ) -> Option<T> {
        resolved
            .map_err(|(code, reason)| self.problem(code, column, Some(text), reason))
            .ok()
    }

    pub(super) fn vocabulary<T: Vocabulary>(&mut self, column: usize) -> Option<T> {
        let text = self.required(column)?;
        let parsed = T::parse(text)
            .ok_or_else(|| (Code::UnknownValue, format!("expected {}", T::expected())));
        self.resolved(column, text, parsed)
    }

    /// `Some(None)` when the cell is empty, `None` when its value is not allowed.
    pub(super) fn optional_vocabulary<T: Vocabulary>(
        &mut self,
        column: usize,
    ) -> Option<Option<T>> {
        match self.text(column) {
            None => Some(None),
            Some(text) => {
                let parsed = T::parse(text).ok_or_else(|| {
                    (
                        Code::UnknownValue,
                        format!("expected {}, or an empty cell", T::expected()),
                    )
                });
                self.resolved(column, text, parsed).map(Some)
            }
        }
    }

    /// A whole number ≥ 0.
    pub(super) fn count(&mut self, column: usize) -> Option<u32> {
        let text = self.required(column)?;
        let parsed = parse_count(text).map_err(|reason| (Code::InvalidCount, reason));
        self.resolved(column, text, parsed)
    }
}

pub(super) type Resolved<T> = Result<T, (Code, String)>;

/// Past this many distinct spellings, resolution results are no longer cached (memory bound).
const CACHE_LIMIT: usize = 100_000;

pub(super) fn cached<T: Copy>(
    cache: &mut HashMap<Box<str>, Resolved<T>>,
    text: &str,
    resolve: impl FnOnce(&str) -> Resolved<T>,
) -> Resolved<T> {
    if let Some(hit) = cache.get(text) {
        return hit.clone();
    }
    let resolved = resolve(text);
    if cache.len() < CACHE_LIMIT {
        cache.insert(text.into(), resolved.clone());
    }
    resolved
}

/// Reads a whole number ≥ 0, with a message for each way it can fail.
pub fn parse_count(text: &str) -> Result<u32, String> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    // "12.0" and "12." are whole numbers written with a decimal point; "12.5" is not.
    let digits = match digits.split_once('.') {
        Some((whole, frac)) if !whole.is_empty() && frac.bytes().all(|b| b == b'0') => whole,
        _ => digits,
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<u32>().map_err(|_| {
            format!(
                "too large: expected a whole number no larger than {}",
                u32::MAX
            )
        });
    }
    let number = text.parse::<f64>().ok().filter(|n| n.is_finite());
    Err(match number {
        // "-0" too: a minus sign has no place in a count.
        Some(_) if text.starts_with('-') => {
            "negative: expected a whole number, 0 or more".to_owned()
        }
        Some(_) if text.contains(['e', 'E']) => {
            "expected a whole number written out in digits (no exponent)".to_owned()
        }
        Some(_) => "a fraction: expected a whole number, 0 or more".to_owned(),
        None if text.contains([',', ' ', '\u{a0}', '_'])
            && text.chars().any(|c| c.is_ascii_digit()) =>
        {
            "expected a whole number without thousands separators (1234, not 1,234)".to_owned()
        }
        None => "not a number: expected a whole number, 0 or more".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_refuse_negatives_fractions_text_and_overflow_each_with_its_own_message() {
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("1234"), Ok(1234));
        assert_eq!(parse_count("+7"), Ok(7));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("4294967295"), Ok(u32::MAX));
        let reason = |s| parse_count(s).unwrap_err();
        assert!(reason("-3").starts_with("negative"));
        assert!(reason("2.5").starts_with("a fraction"));
        assert!(reason("twelve").starts_with("not a number"));
        assert!(reason("4294967296").starts_with("too large"));
        assert!(reason("99999999999999999999999").starts_with("too large"));
        assert!(reason("1,234").contains("thousands separators"));
        assert!(reason("1e3").contains("no exponent"));
        assert!(reason(".5").starts_with("a fraction"));
        assert!(reason("-0").starts_with("negative"));
        assert!(reason("-0.5").starts_with("negative"));
        assert_eq!(parse_count("12."), Ok(12));
    }
}

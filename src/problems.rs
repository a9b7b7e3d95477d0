//! Problems as people read them: the same problem in many rows is said once, with its count and
//! the first lines, and what would fix them all. Every problem still goes, one by one, to
//! `--rejects` and to `validate --format json`; this is only how a terminal sees them.

use std::collections::HashMap;

use crate::error::{Code, Problem};
use crate::text::quote;

/// How many lines of a group are named before the rest are only counted.
const LINES_NAMED: usize = 5;

/// Problems of one kind in one column of one file.
#[derive(Debug, Clone)]
pub struct Group {
    pub first: Problem,
    pub count: u64,
    /// The first lines, in the order found.
    pub lines: Vec<u64>,
    /// Whether every line so far followed the one before (2, 3, 4, ...), so "lines 2–17" says it.
    contiguous: bool,
    last: u64,
}

/// The groups of a run, in the order their first problem was found.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    groups: Vec<Group>,
    index: HashMap<(String, Option<String>, Code), usize>,
}

/// Dates in one column that can be read only one way: evidence of the order the column's
/// other numeric dates are written in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DateOrderHint {
    pub file: String,
    pub column: String,
    /// Up to two dates whose first number is over 12 (13/02/2026: day first).
    pub day_first: Vec<String>,
    /// Up to two dates whose second number is over 12 (02/13/2026: month first).
    pub month_first: Vec<String>,
}

impl DateOrderHint {
    /// Notes `text`, a date read without doubt, if it is numeric and shows its order.
    pub fn note(&mut self, text: &str) {
        let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
        let [a, b, year] = parts[..] else {
            return;
        };
        if year.len() != 4
            || !text
                .bytes()
                .all(|c| c.is_ascii_digit() || b"/.-".contains(&c))
        {
            return;
        }
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
            return;
        };
        if a > 12 && self.day_first.len() < 2 {
            self.day_first.push(text.to_owned());
        } else if b > 12 && self.month_first.len() < 2 {
            self.month_first.push(text.to_owned());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.day_first.is_empty() && self.month_first.is_empty()
    }

    /// Adds what `later`, noted over the rows after these, found: the first two of each order.
    pub fn join(&mut self, later: DateOrderHint) {
        self.day_first.extend(later.day_first);
        self.day_first.truncate(2);
        self.month_first.extend(later.month_first);
        self.month_first.truncate(2);
    }

    /// "the column also holds 13/02/2026 and 14/02/2026, so it looks day-first: add
    /// --date-order dmy", or nothing when the column shows no order or both.
    fn advice(&self) -> Option<String> {
        let (examples, order, flag) = match (self.day_first.is_empty(), self.month_first.is_empty())
        {
            (false, true) => (&self.day_first, "day-first", "dmy"),
            (true, false) => (&self.month_first, "month-first", "mdy"),
            _ => return None,
        };
        Some(format!(
            "the column also holds {}, so it looks {order}: add --date-order {flag}",
            examples.join(" and ")
        ))
    }
}

impl Groups {
    pub fn add(&mut self, problem: &Problem) {
        let key = (problem.place(), problem.column.clone(), problem.code);
        match self.index.get(&key) {
            Some(&i) => {
                let group = &mut self.groups[i];
                group.count += 1;
                group.contiguous &= problem.line == group.last + 1;
                group.last = problem.line;
                if group.lines.len() < LINES_NAMED {
                    group.lines.push(problem.line);
                }
            }
            None => {
                self.index.insert(key, self.groups.len());
                self.groups.push(Group {
                    first: problem.clone(),
                    count: 1,
                    lines: vec![problem.line],
                    contiguous: true,
                    last: problem.line,
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Each group in words, one entry per group (a group of one is the problem itself).
    pub fn describe(&self, hints: &[DateOrderHint]) -> Vec<String> {
        self.groups.iter().map(|g| g.describe(hints)).collect()
    }
}

impl Group {
    fn describe(&self, hints: &[DateOrderHint]) -> String {
        let p = &self.first;
        let advice = (p.code == Code::AmbiguousDate)
            .then(|| {
                hints
                    .iter()
                    .find(|h| Some(&h.column) == p.column.as_ref() && h.file == p.place())
                    .and_then(DateOrderHint::advice)
            })
            .flatten();
        if self.count == 1 {
            return match advice {
                Some(advice) => format!("{p}; {advice}"),
                None => p.to_string(),
            };
        }
        let word = p.line_word();
        let lines = if self.contiguous {
            format!("{word}s {}–{}", self.lines[0], self.last)
        } else {
            let named: Vec<String> = self.lines.iter().map(u64::to_string).collect();
            let more = if self.count > self.lines.len() as u64 {
                ", …"
            } else {
                ""
            };
            format!("{word}s {}{more}", named.join(", "))
        };
        let column = p
            .column_label()
            .map(|c| format!(" in column {}", crate::text::escape(&c)))
            .unwrap_or_default();
        let meaning = p.code.meaning();
        let meaning = meaning.strip_suffix('.').unwrap_or(meaning);
        let mut out = format!(
            "{}: {} rows{column}: {} [{}], {lines}",
            crate::text::escape(&p.place()),
            self.count,
            lower_first(meaning),
            p.code
        );
        if let Some(advice) = advice {
            out.push_str("; ");
            out.push_str(&advice);
        }
        let value = p
            .value
            .as_deref()
            .map(|v| format!(" {}", quote(v)))
            .unwrap_or_default();
        out.push_str(&format!(
            "\n    first, {word} {}{value}: {}",
            p.line, p.reason
        ));
        out
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(line: u64, value: &str) -> Problem {
        Problem {
            code: Code::AmbiguousDate,
            file: "a.csv".into(),
            sheet: None,
            line,
            column: Some("date".into()),
            value: Some(value.into()),
            reason: "day and month could be swapped".into(),
        }
    }

    #[test]
    fn the_same_problem_in_many_rows_is_said_once_with_its_lines_and_the_fix() {
        let mut groups = Groups::default();
        for line in 2..=17 {
            groups.add(&problem(line, "03/02/2026"));
        }
        let mut hint = DateOrderHint {
            file: "a.csv".into(),
            column: "date".into(),
            ..DateOrderHint::default()
        };
        for date in [
            "13/02/2026",
            "14/02/2026",
            "15/02/2026",
            "2026-02-16",
            "3 Feb 2026",
        ] {
            hint.note(date);
        }
        let text = groups.describe(&[hint]);
        assert_eq!(text.len(), 1);
        assert!(
            text[0].starts_with(
                "a.csv: 16 rows in column date: a numeric date whose day and month could be swapped [ambiguous-date], lines 2–17; the column also holds 13/02/2026 and 14/02/2026, so it looks day-first: add --date-order dmy"
            ),
            "{}",
            text[0]
        );
        let mut scattered = Groups::default();
        for line in [2, 5, 9, 11, 12, 20, 31] {
            scattered.add(&problem(line, "x"));
        }
        assert!(scattered.describe(&[])[0].contains("lines 2, 5, 9, 11, 12, …"));
    }
}

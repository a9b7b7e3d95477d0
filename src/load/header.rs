//! How the columns a file names map to the fields of its kind: one rule for CSV headers and JSON
//! keys. A column a mapping rule names (`--map khan=District`) holds that rule's field; any other
//! column holds the field it is named after, in any case; a CSV column whose name matches
//! nothing holds the field its HXL hashtag says, if any. A name that matches none is ignored with
//! a warning; a field named twice, or a required field not named, is an error naming the line of
//! the header, and the error for a missing field names the column that looks like it, with the
//! `--map` to add.

use super::hxl;
use super::ignored_column_warning;
use super::mapping::{Mapped, Mapping, likeness};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::text::quote;

/// How the columns of one file map to the fields of its kind.
pub(super) struct Header {
    /// For each column of the file, the field of the kind it holds (`None`: ignored).
    pub columns: Vec<Option<usize>>,
    /// The names as the file gives them, trimmed.
    pub names: Vec<String>,
    /// Columns that are ignored, said once.
    pub warnings: Vec<String>,
}

/// The field of `kind` that a column or key named `name` holds, if any, and the mapping rule that
/// says so when one does.
pub(super) fn field_of<'m>(
    kind: Kind,
    mapping: &'m Mapping,
    name: &str,
) -> Option<(usize, Option<Mapped<'m>>)> {
    if let Some(mapped) = mapping.column(kind, name, None) {
        return Some((mapped.field, Some(mapped)));
    }
    own_field(kind, name).map(|f| (f, None))
}

/// The columns whose header cell is empty: a value under one is ignored, but never silently.
pub(super) fn unnamed(names: &[String]) -> Vec<usize> {
    names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_empty())
        .map(|(i, _)| i)
        .collect()
}

/// The field called `name`, in any case.
pub(super) fn own_field(kind: Kind, name: &str) -> Option<usize> {
    let name = name.trim();
    kind.fields()
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case(name))
}

/// Why a column holds its field.
#[derive(Clone, Copy)]
enum By<'m> {
    Name,
    Rule(Mapped<'m>),
    Tag,
}

/// A column as messages name it: its number and its name.
fn column(i: usize, names: &[String]) -> String {
    match names.get(i).filter(|n| !n.is_empty()) {
        Some(name) => format!("column {} {}", i + 1, quote(name)),
        None => format!("column {}", i + 1),
    }
}

impl Header {
    /// Maps the header `names` of `file` (on `line`) to the fields of `kind`, through the rules
    /// of `mapping` and, for CSV, the HXL hashtags `tags` under the names (canonical).
    pub fn map(
        kind: Kind,
        mapping: &Mapping,
        names: Vec<String>,
        tags: &[Option<String>],
        file: &str,
        line: u64,
    ) -> Result<Header> {
        let fields = kind.fields();
        let error = |message: String| Error::Input {
            file: file.to_owned(),
            line: Some(line),
            message,
        };
        let tag = |i: usize| tags.get(i).and_then(|t| t.as_deref());
        let mut columns: Vec<Option<usize>> = vec![None; names.len()];
        let mut by: Vec<Option<By>> = vec![None; names.len()];
        // Rules first, then names: a rule can take a column named after another field.
        for (i, name) in names.iter().enumerate() {
            let (field, how) = match mapping.column(kind, name, tag(i)) {
                Some(mapped) => {
                    mapping.found(mapped.rule);
                    (mapped.field, By::Rule(mapped))
                }
                None => match own_field(kind, name) {
                    Some(field) => (field, By::Name),
                    None => continue,
                },
            };
            if let Some(first) = columns.iter().position(|c| *c == Some(field)) {
                let name = fields[field].name;
                return Err(error(match (by[first], how) {
                    (Some(By::Name), By::Name) => format!(
                        "column {:?} appears twice (columns {} and {})",
                        name,
                        first + 1,
                        i + 1
                    ),
                    (Some(By::Rule(rule)), By::Rule(_)) => format!(
                        "{} and {} both hold {name} ({} reads {} for it); keep one",
                        column(first, &names),
                        column(i, &names),
                        rule.written,
                        quote(&names[i])
                    ),
                    (Some(By::Rule(rule)), _) | (_, By::Rule(rule)) => {
                        let (own, mapped) = if matches!(how, By::Rule(_)) {
                            (first, i)
                        } else {
                            (i, first)
                        };
                        format!(
                            "{name} is named twice: {} is {name}, and {} reads {} for it; drop the rule or one of the columns",
                            column(own, &names),
                            rule.written,
                            column(mapped, &names)
                        )
                    }
                    _ => unreachable!("tags are matched below"),
                }));
            }
            columns[i] = Some(field);
            by[i] = Some(how);
        }
        let mut warnings = Vec::new();
        // Then tags, for the columns whose names match nothing: the field's first tag in the
        // table wins; a field a name or a rule fills keeps it.
        let mut tagged: Vec<(usize, usize, usize)> = (0..names.len())
            .filter(|&i| columns[i].is_none())
            .filter_map(|i| {
                tag(i)
                    .and_then(|t| hxl::field_of(kind, t))
                    .map(|(f, r)| (f, r, i))
            })
            .collect();
        tagged.sort_unstable();
        for &(field, rank, i) in &tagged {
            let holder = columns.iter().position(|c| *c == Some(field));
            if let Some(holder) = holder {
                warnings.push(format!(
                    "{file}: {} ({}) is ignored: {} is read from {}",
                    column(i, &names),
                    tag(i).unwrap_or_default(),
                    fields[field].name,
                    column(holder, &names),
                ));
                continue;
            }
            if let Some(&(_, _, other)) = tagged
                .iter()
                .find(|&&(f, r, j)| f == field && r == rank && j != i)
            {
                let (a, b) = (i.min(other), i.max(other));
                return Err(error(format!(
                    "{} and {} are both tagged {}: say which holds {} with {}",
                    column(a, &names),
                    column(b, &names),
                    tag(i).unwrap_or_default(),
                    fields[field].name,
                    mapping.suggest(kind, fields[field].name, &names[a])
                )));
            }
            columns[i] = Some(field);
            by[i] = Some(By::Tag);
        }
        // Each unknown name is said once, however often the header repeats it, and past the
        // first few they are counted, not listed: a sheet of 100,000 columns gets one line.
        let mut unknown: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (i, name) in names.iter().enumerate() {
            if columns[i].is_some()
                || name.is_empty()
                || tagged.iter().any(|t| t.2 == i)
                || !unknown.insert(name.as_str())
            {
                continue;
            }
            if unknown.len() <= super::UNKNOWN_NAMED {
                let mut warning = ignored_column_warning(file, "column", name, kind);
                warning.push_str(&hint(kind, mapping, name, |f| !columns.contains(&Some(f))));
                warnings.push(warning);
            }
        }
        if unknown.len() > super::UNKNOWN_NAMED {
            let more = unknown.len() - super::UNKNOWN_NAMED;
            warnings.push(super::more_ignored(file, "columns", more, kind));
        }
        let present = |f: usize| columns.contains(&Some(f));
        let missing: Vec<usize> = (0..fields.len())
            .filter(|&f| {
                fields[f].required
                    && !present(f)
                    && !fields[f]
                        .or
                        .iter()
                        .any(|&name| present(crate::model::field_index(fields, name)))
            })
            .collect();
        if !missing.is_empty() {
            return Err(error(missing_message(
                kind, mapping, &names, &columns, &missing,
            )));
        }
        Ok(Header {
            columns,
            names,
            warnings,
        })
    }
}

/// What the warning for an ignored column `name` adds when it looks like a field that nothing
/// fills yet (`unfilled`): the rule to add.
pub(super) fn hint(
    kind: Kind,
    mapping: &Mapping,
    name: &str,
    unfilled: impl Fn(usize) -> bool,
) -> String {
    let mut like: Vec<&crate::model::Field> = kind
        .fields()
        .iter()
        .enumerate()
        .filter(|&(f, field)| unfilled(f) && likeness(name, field.name) >= 2)
        .map(|(_, field)| field)
        .collect();
    // A column that looks like a required field and an optional one (`ID`) is the required one.
    if like.iter().any(|f| f.required) {
        like.retain(|f| f.required);
    }
    let like: Vec<&str> = like.iter().map(|f| f.name).collect();
    if like.is_empty() || name.chars().any(crate::text::needs_escape) {
        return String::new();
    }
    let rules: Vec<String> = like
        .iter()
        .map(|f| mapping.suggest(kind, f, name))
        .collect();
    format!(
        "; it looks like {}: to read it, add {}",
        like.join(" or "),
        rules.join(" or ")
    )
}

/// The error for required fields that no column holds: the columns found, and for each field
/// the column that most likely holds it, with the `--map` rules to add.
fn missing_message(
    kind: Kind,
    mapping: &Mapping,
    names: &[String],
    columns: &[Option<usize>],
    missing: &[usize],
) -> String {
    let fields = kind.fields();
    let mut message = format!(
        "missing required column{} {} in the header (found: {})",
        if missing.len() == 1 { "" } else { "s" },
        missing
            .iter()
            .map(|&f| fields[f].name)
            .collect::<Vec<_>>()
            .join(", "),
        if names.iter().all(|n| n.is_empty()) {
            "none".into()
        } else {
            names.join(", ")
        },
    );
    // A rule for a missing field names a column this file does not have.
    for &f in missing {
        if let Some((written, column)) = mapping.rule_for(kind, f) {
            message.push_str(&format!(
                "; {written} names no column of this file ({} is missing)",
                quote(column)
            ));
        }
    }
    // The likeliest pairs first; each field and each column is suggested once.
    let mut candidates: Vec<(u8, usize, usize)> = Vec::new();
    for &f in missing {
        for (i, name) in names.iter().enumerate() {
            if columns[i].is_some() || name.chars().any(crate::text::needs_escape) {
                continue;
            }
            let score = likeness(name, fields[f].name);
            if score > 0 {
                candidates.push((score, f, i));
            }
        }
    }
    candidates.sort_by_key(|&(score, f, i)| (std::cmp::Reverse(score), f, i));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, f, i) in candidates {
        if pairs.iter().all(|&(pf, pi)| pf != f && pi != i) {
            pairs.push((f, i));
        }
    }
    pairs.sort_unstable();
    if !pairs.is_empty() {
        let looks: Vec<String> = pairs
            .iter()
            .enumerate()
            .map(|(n, &(f, i))| {
                if n == 0 {
                    format!("{} looks like {}", names[i], fields[f].name)
                } else {
                    format!("{} like {}", names[i], fields[f].name)
                }
            })
            .collect();
        let rules: Vec<String> = pairs
            .iter()
            .map(|&(f, i)| mapping.suggest(kind, fields[f].name, &names[i]))
            .collect();
        message.push_str(&format!("; {}: add {}", and_list(&looks), rules.join(" ")));
    }
    let unsuggested: Vec<&str> = missing
        .iter()
        .filter(|&&f| pairs.iter().all(|&(pf, _)| pf != f))
        .map(|&f| fields[f].name)
        .collect();
    if !unsuggested.is_empty() {
        if !pairs.is_empty() {
            message.push_str(&format!(
                "; no column looks like {}",
                unsuggested.join(" or ")
            ));
        }
        message.push_str(&format!("; is this a file of {}?", kind.name()));
    }
    message
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

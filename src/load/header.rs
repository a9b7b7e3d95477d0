//! How the columns a file names map to the fields of its kind: one rule for CSV headers and JSON
//! keys. A name matches a field written as the field is, in any case; a name that matches none is
//! ignored with a warning; a field named twice, or a required field not named, is an error
//! naming the line of the header.

use super::ignored_column_warning;
use crate::error::{Error, Result};
use crate::model::Kind;

/// How the columns of one file map to the fields of its kind.
pub(super) struct Header {
    /// For each column of the file, the field of the kind it holds (`None`: ignored).
    pub columns: Vec<Option<usize>>,
    /// The names as the file gives them, trimmed.
    pub names: Vec<String>,
    /// Columns that are ignored, said once.
    pub warnings: Vec<String>,
}

/// The field of `kind` that a column or key named `name` holds, if any.
pub(super) fn field_of(kind: Kind, name: &str) -> Option<usize> {
    let name = name.trim();
    kind.fields()
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case(name))
}

impl Header {
    /// Maps the header `names` of `file` (on `line`) to the fields of `kind`.
    pub fn map(kind: Kind, names: Vec<String>, file: &str, line: u64) -> Result<Header> {
        let fields = kind.fields();
        let mut columns: Vec<Option<usize>> = Vec::with_capacity(names.len());
        let mut warnings = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let field = field_of(kind, name);
            if let Some(f) = field {
                if let Some(first) = columns.iter().position(|c| *c == Some(f)) {
                    return Err(Error::Input {
                        file: file.to_owned(),
                        line: Some(line),
                        message: format!(
                            "column {:?} appears twice (columns {} and {})",
                            fields[f].name,
                            first + 1,
                            i + 1
                        ),
                    });
                }
            } else if !name.is_empty() {
                warnings.push(ignored_column_warning(file, "column", name, kind));
            }
            columns.push(field);
        }
        let missing: Vec<&str> = fields
            .iter()
            .enumerate()
            .filter(|(f, field)| field.required && !columns.contains(&Some(*f)))
            .map(|(_, field)| field.name)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Input {
                file: file.to_owned(),
                line: Some(line),
                message: format!(
                    "missing required column{} {} in the header (found: {}); is this a file of {}?",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    if names.iter().all(|n| n.is_empty()) {
                        "none".into()
                    } else {
                        names.join(", ")
                    },
                    kind.name()
                ),
            });
        }
        Ok(Header {
            columns,
            names,
            warnings,
        })
    }
}

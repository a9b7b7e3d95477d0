//! `crackdown schema`: the Frictionless Table Schema of each kind of record, and a Data Package
//! describing a dataset's files, so that other tools (frictionless, csvkit, Open Data portals) can
//! check and read the files crackdown reads. Both are built from the model's one list of fields.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use crate::error::{Error, Exit, Result};
use crate::khan::Khan;
use crate::load::{self, Origin, Selection};
use crate::model::{Field, Holds, Kind};
use crate::output::Destination;

/// What `crackdown schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Described {
    Kind(Kind),
    /// A Data Package of a dataset's record files.
    Package,
}

pub fn run(what: Described, data: Option<PathBuf>, destination: &Destination) -> Result<Exit> {
    let value = match what {
        Described::Kind(kind) => table_schema(kind),
        Described::Package => package(data)?,
    };
    destination.write(&crate::render::json_document(&value))?;
    Ok(Exit::Ok)
}

/// The words that mean "not recorded", as spreadsheets write them: each in lower case, upper
/// case and with a capital (crackdown reads them in any case; Table Schema compares exactly).
fn missing_values() -> Vec<String> {
    let mut values = vec![String::new()];
    for token in crate::missing::TOKENS {
        let mut capital = token.chars();
        let capitalised = capital
            .next()
            .map(|c| c.to_uppercase().chain(capital).collect::<String>())
            .unwrap_or_default();
        for form in [token.to_string(), token.to_uppercase(), capitalised] {
            if !values.contains(&form) {
                values.push(form);
            }
        }
    }
    values
}

/// `alone`: the columns that could stand in for it (`or`) are not there, so a value of a
/// required field is required.
fn field(f: &Field, alone: bool) -> Value {
    let mut constraints = Map::new();
    // A required column whose cells may say "not recorded" (a nationality) is required as a
    // column, not as a value; a Khan is required as a value when no district or province
    // column can stand in for it.
    if f.required && (!f.may_be_missing || (alone && !f.or.is_empty())) {
        constraints.insert("required".into(), Value::Bool(true));
    }
    let (kind, description) = match f.holds {
        Holds::Id => {
            constraints.insert("unique".into(), Value::Bool(true));
            (
                "string",
                "The record's id, unique among the records of its kind.",
            )
        }
        Holds::Key => ("string", "An id several records share."),
        Holds::Reference(_) => (
            "string",
            "The id of a record of another kind; it must exist.",
        ),
        Holds::Date => (
            "date",
            "YYYY-MM-DD (crackdown also reads 3 Feb 2026, 03/02/2026 with --date-order, and spreadsheet dates).",
        ),
        Holds::Khan => {
            let names: Vec<&str> = Khan::all().map(Khan::name).collect();
            constraints.insert("enum".into(), json!(names));
            (
                "string",
                "One of the 14 Khans of Phnom Penh by its gazetteer name (crackdown also reads other spellings, Khmer script and 4-digit codes).",
            )
        }
        Holds::Province => (
            "string",
            "A province of Cambodia by its ISO 3166-2 code (KH-18); crackdown also reads names in their usual spellings, Khmer script and geocodes.",
        ),
        Holds::District => (
            "string",
            "A district, municipality or Khan of Cambodia by its 4-digit geocode (1801) or name; a name that several provinces have needs the province column.",
        ),
        Holds::Nationality => {
            constraints.insert("pattern".into(), Value::from("[A-Z]{2}"));
            (
                "string",
                "ISO 3166-1 alpha-2 code (crackdown also reads names, alpha-3 codes and adjectives); a missing value means not recorded.",
            )
        }
        Holds::Count => {
            constraints.insert("minimum".into(), Value::from(0));
            ("integer", "A whole number, 0 or more.")
        }
        Holds::Words(words) => {
            constraints.insert("enum".into(), json!(words()));
            ("string", "One of the listed words (read in any case).")
        }
        Holds::Text => ("string", "Free text."),
    };
    let mut out = Map::new();
    out.insert("name".into(), Value::from(f.name));
    out.insert("type".into(), Value::from(kind));
    out.insert("description".into(), Value::from(description));
    if !constraints.is_empty() {
        out.insert("constraints".into(), Value::Object(constraints));
    }
    Value::Object(out)
}

/// The Frictionless Table Schema of one kind of record.
pub fn table_schema(kind: Kind) -> Value {
    table_schema_of(kind, |_| true)
}

/// The Table Schema of a file of `kind` whose header has the columns `has` says: an optional
/// column it lacks is left out, so that the schema describes the file.
fn table_schema_of(kind: Kind, has: impl Fn(&str) -> bool) -> Value {
    let fields: Vec<&Field> = kind
        .fields()
        .iter()
        .filter(|f| f.required || has(f.name))
        .collect();
    let mut schema = Map::new();
    schema.insert(
        "fields".into(),
        Value::Array(
            fields
                .iter()
                .map(|f| field(f, !f.or.iter().any(|&name| has(name))))
                .collect(),
        ),
    );
    schema.insert("missingValues".into(), json!(missing_values()));
    if let Some(id) = fields.iter().find(|f| matches!(f.holds, Holds::Id)) {
        schema.insert("primaryKey".into(), json!([id.name]));
    }
    let references: Vec<Value> = fields
        .iter()
        .filter_map(|f| match f.holds {
            Holds::Reference(other) => {
                let id = other
                    .fields()
                    .iter()
                    .find(|g| matches!(g.holds, Holds::Id))
                    .expect("every kind has an id");
                Some(json!({
                    "fields": [f.name],
                    "reference": { "resource": other.name(), "fields": [id.name] }
                }))
            }
            _ => None,
        })
        .collect();
    if !references.is_empty() {
        schema.insert("foreignKeys".into(), Value::Array(references));
    }
    Value::Object(schema)
}

/// A Data Package of the record files of a dataset directory (the built-in dataset when `data`
/// is `None`): one tabular resource per file, each with its kind's Table Schema.
fn package(data: Option<PathBuf>) -> Result<Value> {
    let dataset = load::resolve(&Selection {
        data: data.into_iter().collect(),
        ..Selection::default()
    })?;
    let mut resources = Vec::new();
    for input in &dataset.inputs {
        let path = match &input.origin {
            Origin::Builtin { name, .. } => (*name).to_owned(),
            Origin::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Origin::Stdin { .. } => {
                return Err(Error::Usage(
                    "a Data Package describes files: name a dataset directory, not standard input"
                        .into(),
                ));
            }
        };
        // The columns the file has; a file without a header (JSON) may have any.
        let fields = input.kind.fields();
        let columns: Vec<&str> = match input.open()?.header_fields() {
            Some(present) => present.into_iter().map(|i| fields[i].name).collect(),
            None => fields.iter().map(|f| f.name).collect(),
        };
        let format = load::Format::from_path(std::path::Path::new(&path));
        let (format, media) = match format {
            Some(load::Format::Json) => ("json", "application/json"),
            Some(load::Format::Ndjson) => ("jsonl", "application/x-ndjson"),
            _ => ("csv", "text/csv"),
        };
        resources.push(json!({
            "name": input.kind.name(),
            "path": path,
            "profile": "tabular-data-resource",
            "format": format,
            "mediatype": media,
            "encoding": "utf-8",
            "schema": table_schema_of(input.kind, |name| columns.contains(&name)),
        }));
    }
    let mut package = Map::new();
    package.insert("profile".into(), Value::from("tabular-data-package"));
    package.insert("name".into(), Value::from(package_name(&dataset.name)));
    if let Some(published) = &dataset.published {
        package.insert("title".into(), Value::from(published.name.as_str()));
        if dataset.illustrative() {
            let line = crate::render::figures::illustrative_line(&published.breakdowns);
            package.insert("description".into(), Value::from(line));
        }
    }
    package.insert("resources".into(), Value::Array(resources));
    Ok(Value::Object(package))
}

/// A Data Package name: lower-case letters, digits and `-._` only.
fn package_name(name: &str) -> String {
    let name: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "records".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_described_with_its_constraints() {
        let arrests = table_schema(Kind::Arrests);
        let fields = arrests["fields"].as_array().unwrap();
        assert_eq!(fields.len(), Kind::Arrests.fields().len());
        assert_eq!(arrests["primaryKey"], json!(["arrest_id"]));
        assert_eq!(
            arrests["foreignKeys"][0]["reference"],
            json!({"resource": "inspections", "fields": ["inspection_id"]})
        );
        let sex = &fields[4];
        assert_eq!(sex["constraints"]["enum"], json!(["female", "male"]));
        // The nationality column is required, its value may say "not recorded".
        assert!(
            fields[3]
                .get("constraints")
                .unwrap()
                .get("required")
                .is_none()
        );
        assert!(table_schema(Kind::Prosecutions)["primaryKey"] == json!(["defendant_id"]));
        let missing = missing_values();
        assert!(missing.contains(&"N/A".to_owned()) && missing.contains(&String::new()));
    }

    #[test]
    fn package_names_are_lower_case_and_safe() {
        assert_eq!(package_name("Phnom Penh 2026"), "phnom-penh-2026");
        assert_eq!(package_name("<stdin>"), "-stdin-");
    }
}

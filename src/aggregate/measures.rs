//! Which kinds of record each measure is counted from, so that a kind not loaded leaves its
//! measures unknown rather than zero.

use serde::Serialize;

use crate::model::{Kind, PerKind};

/// Which kinds of record were loaded. A measure counted from a kind that was not loaded is
/// unknown, not zero: JSON writes it as `null`, tables as a dash, and figures leave it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Loaded {
    pub inspections: bool,
    pub arrests: bool,
    pub prosecutions: bool,
}

impl Default for Loaded {
    fn default() -> Self {
        Loaded {
            inspections: true,
            arrests: true,
            prosecutions: true,
        }
    }
}

/// The kinds of record each measure of the [`Summary`](super::Summary) is counted from, by its serialized
/// name: the one list that says which numbers a missing file leaves unknown. A test ties it to
/// the serialized fields.
pub const MEASURES: &[(&str, Needs)] = &[
    ("inspections", Needs::Inspections),
    ("khans_covered", Needs::Inspections),
    ("foreigners_identified", Needs::Inspections),
    ("women_identified", Needs::Inspections),
    ("women_share_pct", Needs::Inspections),
    ("operations", Needs::InspectionsOrArrests),
    ("detained", Needs::Arrests),
    ("detained_nationalities", Needs::Arrests),
    ("detained_nationality_not_recorded", Needs::Arrests),
    ("women_detained", Needs::Arrests),
    ("men_detained", Needs::Arrests),
    ("sex_not_recorded", Needs::Arrests),
    ("detained_sex_not_recorded", Needs::Arrests),
    ("detained_share_pct", Needs::Arrests),
    ("cumulative_detained", Needs::Arrests),
    ("detained_per_100_inspections", Needs::InspectionsAndArrests),
    ("cases", Needs::Prosecutions),
    ("cases_filed", Needs::Prosecutions),
    ("defendants", Needs::Prosecutions),
    ("ringleaders", Needs::Prosecutions),
    ("median_days_to_court", Needs::ArrestsAndProsecutions),
    (
        "defendants_linked_to_arrests",
        Needs::ArrestsAndProsecutions,
    ),
];

/// What a measure is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Inspections,
    Arrests,
    Prosecutions,
    InspectionsOrArrests,
    InspectionsAndArrests,
    ArrestsAndProsecutions,
}

impl From<PerKind<bool>> for Loaded {
    fn from(loaded: PerKind<bool>) -> Loaded {
        Loaded {
            inspections: loaded[Kind::Inspections],
            arrests: loaded[Kind::Arrests],
            prosecutions: loaded[Kind::Prosecutions],
        }
    }
}

impl Loaded {
    /// Whether the measure serialized as `key` is known; keys that are not measures always are.
    pub fn knows(&self, key: &str) -> bool {
        let Some(&(_, needs)) = MEASURES.iter().find(|(k, _)| *k == key) else {
            return true;
        };
        match needs {
            Needs::Inspections => self.inspections,
            Needs::Arrests => self.arrests,
            Needs::Prosecutions => self.prosecutions,
            Needs::InspectionsOrArrests => self.inspections || self.arrests,
            Needs::InspectionsAndArrests => self.inspections && self.arrests,
            Needs::ArrestsAndProsecutions => self.arrests && self.prosecutions,
        }
    }

    /// Sets every measure of `value` (a number under a key of [`MEASURES`], in objects and
    /// arrays of objects, nested) that is not known to `null`.
    pub fn blank(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    // Only numbers are measures: "cases" is also the name of a grouping.
                    if v.is_number() && !self.knows(key) {
                        *v = serde_json::Value::Null;
                    } else {
                        self.blank(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.blank(v)),
            _ => {}
        }
    }

    /// The kinds not loaded, in words: "inspections", "inspections and prosecutions".
    pub fn missing_words(&self) -> Option<String> {
        let missing: Vec<&str> = [
            (self.inspections, "inspections"),
            (self.arrests, "arrests"),
            (self.prosecutions, "prosecutions"),
        ]
        .into_iter()
        .filter(|(loaded, _)| !loaded)
        .map(|(_, name)| name)
        .collect();
        match missing[..] {
            [] => None,
            [one] => Some(one.to_owned()),
            [a, b] => Some(format!("{a} and {b}")),
            _ => Some(missing.join(", ")),
        }
    }
}

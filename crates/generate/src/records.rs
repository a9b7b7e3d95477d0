//! The rows both datasets write, under the headers of crackdown's record model, and the tables of
//! premises and nationality spellings they draw from.

use std::io::Write;

use chrono::{Days, NaiveDate};
use crackdown::model::{Holds, Kind, PremisesType};
use serde::Serialize;

// The row structs serialise field by field in the order of their kind's fields in the model (a
// test holds them to it); empty strings stand for blank fields.

#[derive(Serialize)]
pub struct InspectionRow<'a> {
    pub inspection_id: &'a str,
    pub date: &'a str,
    pub khan: &'a str,
    pub premises_type: &'a str,
    pub premises_name: &'a str,
    pub foreigners_identified: u64,
    pub women_identified: u64,
    pub operation_id: &'a str,
    pub source: &'a str,
    pub notes: &'a str,
}

#[derive(Serialize)]
pub struct ArrestRow<'a> {
    pub arrest_id: &'a str,
    pub date: &'a str,
    pub khan: &'a str,
    pub nationality: &'a str,
    pub sex: &'a str,
    pub operation_id: &'a str,
    pub inspection_id: &'a str,
    pub source: &'a str,
    pub notes: &'a str,
}

#[derive(Serialize)]
pub struct ProsecutionRow<'a> {
    pub case_id: &'a str,
    pub defendant_id: &'a str,
    pub arrest_id: &'a str,
    pub nationality: &'a str,
    pub role: &'a str,
    pub filed: &'a str,
    pub status: &'a str,
    pub charge: &'a str,
    pub source: &'a str,
    pub notes: &'a str,
}

/// The header of a file of `kind`: every column the model knows, optional ones included, but
/// the province and district that records outside Phnom Penh need (every record here is in a
/// Khan).
pub fn header(kind: Kind) -> Vec<&'static str> {
    kind.fields()
        .iter()
        .filter(|field| !matches!(field.holds, Holds::Province | Holds::District))
        .map(|field| field.name)
        .collect()
}

/// A CSV writer with the header of `kind` already written: written by hand rather than from the
/// first serialised row, so that a file with no rows still has its header. LF line endings, fields
/// quoted only when they need it.
pub fn csv_writer<W: Write>(inner: W, kind: Kind) -> csv::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(inner);
    writer.write_record(header(kind))?;
    Ok(writer)
}

pub fn csv_string(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

/// ISO dates of `count` consecutive days, formatted once.
pub fn day_strings(first: NaiveDate, count: usize) -> Vec<String> {
    (0..count)
        .map(|d| (first + Days::new(d as u64)).format("%Y-%m-%d").to_string())
        .collect()
}

/// Kinds of premises, with the share of inspections and the relative number of foreigners an
/// inspection of that kind tends to find (both illustrative).
pub struct PremisesKind {
    pub kind: PremisesType,
    pub label: &'static str,
    pub share: u64,
    pub occupancy: u64,
}

pub const PREMISES: [PremisesKind; 4] = [
    PremisesKind {
        kind: PremisesType::Condominium,
        label: "Condominium",
        share: 36,
        occupancy: 6,
    },
    PremisesKind {
        kind: PremisesType::Apartment,
        label: "Apartment building",
        share: 30,
        occupancy: 4,
    },
    PremisesKind {
        kind: PremisesType::Borey,
        label: "Borey",
        share: 20,
        occupancy: 3,
    },
    PremisesKind {
        kind: PremisesType::Hotel,
        label: "Hotel",
        share: 14,
        occupancy: 3,
    },
];

/// The forms in which the data spell a nationality: ISO 3166 alpha-2, country, demonym, alpha-3.
/// The first 13 are the nationalities of the foreigners detained; Cambodia comes last.
pub const NATIONALITIES: [[&str; 4]; 14] = [
    ["VN", "Vietnam", "Vietnamese", "VNM"],
    ["CN", "China", "Chinese", "CHN"],
    ["ID", "Indonesia", "Indonesian", "IDN"],
    ["MM", "Myanmar", "Burmese", "MMR"],
    ["MY", "Malaysia", "Malaysian", "MYS"],
    ["KR", "South Korea", "South Korean", "KOR"],
    ["PH", "Philippines", "Filipino", "PHL"],
    ["BD", "Bangladesh", "Bangladeshi", "BGD"],
    ["NP", "Nepal", "Nepali", "NPL"],
    ["PK", "Pakistan", "Pakistani", "PAK"],
    ["IN", "India", "Indian", "IND"],
    ["LK", "Sri Lanka", "Sri Lankan", "LKA"],
    ["SG", "Singapore", "Singaporean", "SGP"],
    ["KH", "Cambodia", "Cambodian", "KHM"],
];
pub const CN: usize = 1;
pub const SG: usize = 12;
pub const KH: usize = 13;

/// A parsed CSV, for the tests: its header and rows as column name → value.
#[cfg(test)]
pub fn parse(text: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// A numeric cell of a parsed row, for the tests.
#[cfg(test)]
pub fn num(row: &std::collections::HashMap<String, String>, column: &str) -> u64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
}

#[cfg(test)]
mod tests {
    use crackdown::nationality::Nationality;

    use super::*;

    /// The header line serde writes for `row`: the row struct's field order.
    fn serde_header(row: impl Serialize) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(row).unwrap();
        let text = csv_string(writer);
        text.lines().next().unwrap().to_owned()
    }

    #[test]
    fn rows_serialise_in_the_order_of_the_model_fields() {
        let inspection = InspectionRow {
            inspection_id: "",
            date: "",
            khan: "",
            premises_type: "",
            premises_name: "",
            foreigners_identified: 0,
            women_identified: 0,
            operation_id: "",
            source: "",
            notes: "",
        };
        let arrest = ArrestRow {
            arrest_id: "",
            date: "",
            khan: "",
            nationality: "",
            sex: "",
            operation_id: "",
            inspection_id: "",
            source: "",
            notes: "",
        };
        let prosecution = ProsecutionRow {
            case_id: "",
            defendant_id: "",
            arrest_id: "",
            nationality: "",
            role: "",
            filed: "",
            status: "",
            charge: "",
            source: "",
            notes: "",
        };
        assert_eq!(
            serde_header(inspection),
            header(Kind::Inspections).join(",")
        );
        assert_eq!(serde_header(arrest), header(Kind::Arrests).join(","));
        assert_eq!(
            serde_header(prosecution),
            header(Kind::Prosecutions).join(",")
        );
    }

    #[test]
    fn every_nationality_spelling_resolves_to_its_code() {
        for forms in NATIONALITIES {
            for spelling in forms {
                let resolved = Nationality::resolve(spelling).map(Nationality::code);
                assert_eq!(resolved.ok(), Some(forms[0]), "{spelling}");
            }
        }
        assert_eq!(NATIONALITIES[CN][0], "CN");
        assert_eq!(NATIONALITIES[SG][0], "SG");
        assert_eq!(NATIONALITIES[KH][0], "KH");
    }
}

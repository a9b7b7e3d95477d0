//! The gazetteer of Cambodia in `data/cambodia/`: every file read with the `csv` crate and held to
//! the shape its README describes, to the counts of the national gazetteer, and to the Khan table
//! the program already uses.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crackdown::khan::{KHANS, Khan};
use crackdown::text::fold;

/// Units per province in the national gazetteer (NCDD, as carried by the pumi data of
/// 2026-06-01): the table in `data/cambodia/README.md`.
const UNITS_PER_PROVINCE: [(&str, usize); 25] = [
    ("01", 9),
    ("02", 14),
    ("03", 10),
    ("04", 8),
    ("05", 9),
    ("06", 9),
    ("07", 9),
    ("08", 13),
    ("09", 7),
    ("10", 7),
    ("11", 5),
    ("12", 14),
    ("13", 8),
    ("14", 13),
    ("15", 7),
    ("16", 9),
    ("17", 13),
    ("18", 6),
    ("19", 6),
    ("20", 8),
    ("21", 10),
    ("22", 5),
    ("23", 2),
    ("24", 2),
    ("25", 7),
];

/// Sangkats per Khan of Phnom Penh in the same source.
const SANGKATS_PER_KHAN: [(&str, usize); 14] = [
    ("1201", 5),
    ("1202", 11),
    ("1203", 8),
    ("1204", 10),
    ("1205", 12),
    ("1206", 7),
    ("1207", 7),
    ("1208", 6),
    ("1209", 7),
    ("1210", 5),
    ("1211", 5),
    ("1212", 8),
    ("1213", 7),
    ("1214", 7),
];

/// One file: its header and its rows as column → value.
struct Table {
    file: &'static str,
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

impl Table {
    fn read(file: &'static str) -> Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/cambodia")
            .join(file);
        let mut reader =
            csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header: Vec<String> = reader
            .headers()
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .enumerate()
            .map(|(i, record)| {
                let record = record.unwrap_or_else(|e| panic!("{file} row {}: {e}", i + 1));
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_owned))
                    .collect()
            })
            .collect();
        Table { file, header, rows }
    }

    fn column(&self, name: &str) -> Vec<&str> {
        self.rows.iter().map(|row| row[name].as_str()).collect()
    }
}

fn is_code(value: &str, digits: usize) -> bool {
    value.len() == digits && value.bytes().all(|b| b.is_ascii_digit())
}

/// The variants cell split on `;`.
fn variants(row: &HashMap<String, String>) -> Vec<&str> {
    let cell = row["variants"].as_str();
    if cell.is_empty() {
        Vec::new()
    } else {
        cell.split(';').collect()
    }
}

/// Every spelling of a unit: name, Khmer name (when known) and variants.
fn spellings(row: &HashMap<String, String>) -> Vec<&str> {
    let mut all = vec![row["name"].as_str()];
    if !row["khmer"].is_empty() {
        all.push(&row["khmer"]);
    }
    all.extend(variants(row));
    all
}

/// Cells every file shares: a name, Khmer script only in the Khmer column, clean variants.
fn check_names(table: &Table) {
    for row in &table.rows {
        let code = &row["geocode"];
        let name = &row["name"];
        assert!(
            !name.is_empty() && name.trim() == name,
            "{} {code}: name {name:?}",
            table.file
        );
        let khmer = &row["khmer"];
        assert!(
            khmer
                .chars()
                .all(|c| ('\u{1780}'..='\u{17ff}').contains(&c) || c == ' '),
            "{} {code}: the Khmer name {khmer:?} holds a character outside the Khmer script",
            table.file
        );
        for variant in variants(row) {
            assert!(
                !variant.is_empty() && variant.trim() == variant,
                "{} {code}: variant {variant:?}",
                table.file
            );
        }
    }
}

/// No folded spelling names two units of one group (a province, or the whole country for the
/// provinces themselves).
fn check_unambiguous<'a>(table: &'a Table, group: impl Fn(&'a HashMap<String, String>) -> &'a str) {
    let mut seen: HashMap<(&str, String), &str> = HashMap::new();
    for row in &table.rows {
        let code = row["geocode"].as_str();
        for spelling in spellings(row) {
            let key = (group(row), fold(spelling));
            assert!(
                !key.1.is_empty(),
                "{} {code}: {spelling:?} folds to nothing",
                table.file
            );
            if let Some(other) = seen.insert(key, code) {
                assert_eq!(
                    other, code,
                    "{}: {spelling:?} names both {other} and {code}",
                    table.file
                );
            }
        }
    }
}

#[test]
fn provinces_are_the_25_with_well_formed_unique_codes() {
    let provinces = Table::read("provinces.csv");
    assert_eq!(
        provinces.header,
        ["geocode", "iso", "type", "name", "khmer", "variants"]
    );
    assert_eq!(provinces.rows.len(), 25);
    let geocodes = provinces.column("geocode");
    let expected: Vec<String> = (1..=25).map(|n| format!("{n:02}")).collect();
    assert_eq!(geocodes, expected, "geocodes 01 to 25, in order, once each");
    for row in &provinces.rows {
        let geocode = &row["geocode"];
        assert!(is_code(geocode, 2), "{geocode}");
        // ISO 3166-2:KH numbers the provinces as the national gazetteer does.
        let number: u8 = geocode.parse().expect("two digits");
        assert_eq!(row["iso"], format!("KH-{number}"), "{geocode}");
        let expected_type = if geocode == "12" {
            "capital"
        } else {
            "province"
        };
        assert_eq!(row["type"], expected_type, "{geocode}");
        assert!(
            !row["khmer"].is_empty(),
            "{geocode}: every province has its Khmer name"
        );
    }
    let mut isos = provinces.column("iso");
    isos.sort_unstable();
    isos.dedup();
    assert_eq!(isos.len(), 25, "ISO codes are unique");
    check_names(&provinces);
    check_unambiguous(&provinces, |_| "");
}

#[test]
fn districts_belong_to_their_province_and_match_the_gazetteer_counts() {
    let provinces = Table::read("provinces.csv");
    let districts = Table::read("districts.csv");
    assert_eq!(
        districts.header,
        ["geocode", "province", "type", "name", "khmer", "variants"]
    );
    let known: Vec<&str> = provinces.column("geocode");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut geocodes = Vec::new();
    for row in &districts.rows {
        let geocode = row["geocode"].as_str();
        let province = row["province"].as_str();
        assert!(is_code(geocode, 4), "{geocode}");
        assert!(known.contains(&province), "{geocode}: province {province}");
        assert!(
            geocode.starts_with(province),
            "{geocode} does not start with its province's geocode {province}"
        );
        let unit = row["type"].as_str();
        // Phnom Penh is divided into Khans and only Phnom Penh is.
        let allowed: &[&str] = if province == "12" {
            &["khan"]
        } else {
            &["district", "municipality"]
        };
        assert!(allowed.contains(&unit), "{geocode}: type {unit}");
        *counts.entry(province).or_default() += 1;
        geocodes.push(geocode);
    }
    let expected: BTreeMap<&str, usize> = UNITS_PER_PROVINCE.into_iter().collect();
    assert_eq!(counts, expected);
    assert_eq!(districts.rows.len(), 210);
    let total = geocodes.len();
    geocodes.sort_unstable();
    geocodes.dedup();
    assert_eq!(geocodes.len(), total, "district geocodes are unique");
    check_names(&districts);
    check_unambiguous(&districts, |row| row["province"].as_str());
}

#[test]
fn the_14_khans_agree_with_the_programs_khan_table() {
    let districts = Table::read("districts.csv");
    let khans: Vec<&HashMap<String, String>> = districts
        .rows
        .iter()
        .filter(|row| row["type"] == "khan")
        .collect();
    assert_eq!(khans.len(), KHANS.len());
    for (row, info) in khans.iter().zip(&KHANS) {
        assert_eq!(row["geocode"], info.code.to_string());
        assert_eq!(row["name"], info.name, "{}", info.code);
        assert_eq!(row["khmer"], info.khmer, "{}", info.code);
        // Every spelling the program accepts is in the file, and no spelling in the file
        // resolves to another Khan (the file may know spellings the program does not).
        let folded: Vec<String> = spellings(row).into_iter().map(fold).collect();
        for alias in info.aliases {
            assert!(
                folded.contains(&fold(alias)),
                "{}: the alias {alias:?} is missing from districts.csv",
                info.code
            );
        }
        for spelling in spellings(row) {
            if let Ok(khan) = Khan::resolve(spelling) {
                assert_eq!(khan.code(), info.code, "{spelling:?} in districts.csv");
            }
        }
    }
}

#[test]
fn every_sangkat_points_to_an_existing_khan() {
    let districts = Table::read("districts.csv");
    let sangkats = Table::read("sangkats-phnom-penh.csv");
    assert_eq!(
        sangkats.header,
        ["geocode", "khan", "name", "khmer", "variants"]
    );
    let khans: Vec<&str> = districts
        .rows
        .iter()
        .filter(|row| row["type"] == "khan")
        .map(|row| row["geocode"].as_str())
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut geocodes = Vec::new();
    for row in &sangkats.rows {
        let geocode = row["geocode"].as_str();
        let khan = row["khan"].as_str();
        assert!(is_code(geocode, 6), "{geocode}");
        assert!(
            khans.contains(&khan),
            "{geocode}: Khan {khan} is not in districts.csv"
        );
        assert!(
            geocode.starts_with(khan),
            "{geocode} does not start with its Khan's geocode {khan}"
        );
        *counts.entry(khan).or_default() += 1;
        geocodes.push(geocode);
    }
    let expected: BTreeMap<&str, usize> = SANGKATS_PER_KHAN.into_iter().collect();
    assert_eq!(counts, expected);
    assert_eq!(sangkats.rows.len(), 105);
    let total = geocodes.len();
    geocodes.sort_unstable();
    geocodes.dedup();
    assert_eq!(geocodes.len(), total, "Sangkat geocodes are unique");
    check_names(&sangkats);
    check_unambiguous(&sangkats, |_| "12");
}

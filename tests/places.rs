//! Records anywhere in Cambodia: a province and a district column beside the Khan, Sangkats of
//! Phnom Penh read as their Khan, names that several provinces share refused without the
//! province, and the groupings per province and per district adding up to the totals.

mod common;

use common::{TestEnv, kind_counts, problem_rows};

/// Raids in Sihanoukville, Poipet, Kratie and Phnom Penh, as a user's sheet gives them: a Khan
/// for Phnom Penh, a province and a district elsewhere, a Sangkat where the Khan was not known.
const ARRESTS: &str = "\
arrest_id,date,khan,province,district,nationality
A-1,2025-07-15,,Preah Sihanouk,Sihanoukville,CN
A-2,2025-07-15,,Preah Sihanouk,Sihanoukville,CN
A-3,2025-07-16,,Banteay Meanchey,Poipet,ID
A-4,2025-07-16,,Kratie,,VN
A-5,2025-07-16,Tuol Kouk,,,VN
A-6,2025-07-16,BKK1,,,CN
A-7,2025-07-16,Tuol Tompoung,Phnom Penh,,KR
A-8,2025-07-16,,,Stueng Hav,CN
";

#[test]
fn records_outside_phnom_penh_are_counted_per_province_and_district() {
    let env = TestEnv::new();
    env.write("arrests.csv", ARRESTS);
    let run = env.run(&["report", "--arrests", "arrests.csv", "-f", "json"]);
    let json = run.code(0).json();
    assert_eq!(kind_counts(&json), [("arrests".to_owned(), 8, 8, 0)]);
    let rows = |key: &str| -> Vec<(String, u64)> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().unwrap().to_owned(),
                    r["detained"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Geocode order: Banteay Meanchey (01), Kratie (10), Phnom Penh (12), Preah Sihanouk (18).
    assert_eq!(
        rows("provinces"),
        [
            ("KH-1".to_owned(), 1),
            ("KH-10".to_owned(), 1),
            ("KH-12".to_owned(), 3),
            ("KH-18".to_owned(), 3)
        ]
    );
    // Kratie's record names no district: a row of its own, after the province's districts.
    let districts = rows("districts");
    assert_eq!(
        districts,
        [
            ("0110".to_owned(), 1),
            ("KH-10".to_owned(), 1),
            ("1201".to_owned(), 1),
            ("1204".to_owned(), 1),
            ("1213".to_owned(), 1),
            ("1801".to_owned(), 2),
            ("1803".to_owned(), 1)
        ]
    );
    assert_eq!(json["districts"][1]["name"], "Kratie, district not given");
    // The Khans' rows take the Sangkats' records; the rest is one row, last, so the Khans' rows
    // add up to everyone detained.
    let khans = json["khans"].as_array().unwrap();
    let detained: u64 = khans.iter().map(|k| k["detained"].as_u64().unwrap()).sum();
    assert_eq!(detained, 8);
    let last = khans.last().unwrap();
    assert_eq!(last["name"], "not in a Khan of Phnom Penh");
    assert_eq!(last["code"], serde_json::Value::Null);
    assert_eq!(last["detained"], 5);
    assert_eq!(json["totals"]["provinces"]["detained"], 8);
    assert_eq!(json["totals"]["districts"]["detained"], 8);

    // The table and CSV of one grouping.
    env.run(&["report", "--arrests", "arrests.csv", "--by", "province"])
        .code(0)
        .stdout_has("Preah Sihanouk");
    let csv = env.run(&[
        "report",
        "--arrests",
        "arrests.csv",
        "--by",
        "district",
        "-f",
        "csv",
    ]);
    csv.code(0)
        .stdout_has("code,name,province,inspections,foreigners_identified")
        .stdout_has("1801,Preah Sihanouk,Preah Sihanouk,");
}

#[test]
fn a_place_that_names_nothing_or_several_or_does_not_fit_is_refused_with_the_reason() {
    let env = TestEnv::new();
    env.write(
        "arrests.csv",
        "\
arrest_id,date,khan,province,district,nationality
B-1,2025-07-15,,,Samraong,CN
B-2,2025-07-15,,Oddar Meanchey,Samraong,CN
B-3,2025-07-15,,Atlantis,,CN
B-4,2025-07-15,,Phnom Penh,Poipet,CN
B-5,2025-07-15,Tuol Kouk,Kampot,,CN
B-6,2025-07-15,Sihanoukville,,,CN
B-7,2025-07-15,,,,CN
",
    );
    let run = env.run(&["validate", "--arrests", "arrests.csv", "-f", "json"]);
    let json = run.code(3).json();
    assert_eq!(kind_counts(&json), [("arrests".to_owned(), 7, 1, 6)]);
    let problems: Vec<(u64, String, String)> = problem_rows(&json)
        .into_iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    assert_eq!(
        problems,
        [
            (2, "district".to_owned(), "ambiguous-district".to_owned()),
            (4, "province".to_owned(), "unknown-province".to_owned()),
            (5, "district".to_owned(), "place-mismatch".to_owned()),
            (6, "province".to_owned(), "place-mismatch".to_owned()),
            (7, "khan".to_owned(), "unknown-khan".to_owned()),
            (8, "khan".to_owned(), "missing-value".to_owned()),
        ]
    );
    let reasons: Vec<String> = problem_rows(&json).into_iter().map(|p| p.reason).collect();
    assert!(
        reasons[0].contains("Samraong (2107), district of Takeo")
            && reasons[0].contains("Samraong (2204), municipality of Oddar Meanchey"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[2].contains("there is Paoy Paet (0110)"),
        "{}",
        reasons[2]
    );
    assert!(
        reasons[4].contains("not a Khan of Phnom Penh but the province Preah Sihanouk (KH-18): put it in a province column"),
        "{}",
        reasons[4]
    );
}

/// The rows of a figure's CSV after its header: (name, detained).
fn detained_rows(csv: &str, detained_column: usize) -> Vec<(String, u64)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[detained_column].parse().unwrap())
        })
        .collect()
}

#[test]
fn figures_show_provinces_and_districts_when_the_records_span_them_and_only_then() {
    let env = TestEnv::new();
    env.write("arrests.csv", ARRESTS);
    env.run(&["figures", "--arrests", "arrests.csv", "--out", "all"])
        .code(0);
    let entries = env.entries("all");
    for name in ["detained-by-province", "detained-by-district"] {
        for ext in ["svg", "csv"] {
            assert!(entries.contains(&format!("{name}.{ext}")), "{entries:?}");
        }
        let md = env.read("all/index.md");
        assert_eq!(md.matches(&format!("]({name}.svg)")).count(), 1, "{md}");
    }
    // Largest first; every person detained is in one row.
    let provinces = detained_rows(&env.read("all/detained-by-province.csv"), 2);
    assert_eq!(
        provinces,
        [
            ("Phnom Penh".to_owned(), 3),
            ("Preah Sihanouk".to_owned(), 3),
            ("Banteay Meanchey".to_owned(), 1),
            ("Kratie".to_owned(), 1),
        ]
    );
    let districts = detained_rows(&env.read("all/detained-by-district.csv"), 3);
    assert_eq!(districts.iter().map(|(_, n)| n).sum::<u64>(), 8);
    assert_eq!(districts[0], ("Preah Sihanouk".to_owned(), 2));
    assert!(districts.contains(&("Kratie, district not given".to_owned(), 1)));
    let svg = env.read("all/detained-by-province.svg");
    assert!(svg.contains("Persons detained by province"), "{svg}");
    assert!(svg.contains("in records naming 4 provinces"), "{svg}");
    // Districts of several provinces name their province.
    let svg = env.read("all/detained-by-district.svg");
    assert!(svg.contains(">Stueng Hav, Preah Sihanouk<"), "{svg}");

    // Phnom Penh alone: its Khans have their own figure, and a one-bar chart of provinces
    // would say nothing.
    env.write("pp.csv", "arrest_id,date,khan,nationality\nP-1,2026-02-03,Tuol Kouk,CN\nP-2,2026-02-03,Daun Penh,VN\n");
    env.run(&["figures", "--arrests", "pp.csv", "--out", "pp"])
        .code(0);
    let entries = env.entries("pp");
    assert!(
        !entries.iter().any(|e| e.starts_with("detained-by-province")
            || e.starts_with("detained-by-district")),
        "{entries:?}"
    );

    // One province beyond Phnom Penh, two of its districts: districts, not provinces.
    env.write(
        "sv.csv",
        "arrest_id,date,province,district,nationality\nS-1,2025-07-15,Preah Sihanouk,Sihanoukville,CN\nS-2,2025-07-15,Preah Sihanouk,Stueng Hav,CN\n",
    );
    env.run(&["figures", "--arrests", "sv.csv", "--out", "sv"])
        .code(0);
    let entries = env.entries("sv");
    assert!(entries.contains(&"detained-by-district.svg".to_owned()));
    assert!(!entries.contains(&"detained-by-province.svg".to_owned()));

    // A directory drawn from records of several provinces is not current for records of one:
    // the figures they no longer call for are named.
    env.run(&["figures", "--arrests", "pp.csv", "--out", "all", "--check"])
        .code(1)
        .stdout_has("detained-by-province.svg is no longer drawn");
    env.run(&["figures", "--arrests", "pp.csv", "--out", "all"])
        .code(0)
        .stderr_has("detained-by-district.csv is left from an earlier run");
}

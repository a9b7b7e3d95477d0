//! The built-in dataset against the committed files and the published figures.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crackdown::published::Published;

use super::*;
use crate::records::{header, num, parse};

/// The committed files, as crackdown embeds them.
const COMMITTED: [(&str, &str); 4] = crackdown::builtin::FILES;

fn builtin() -> BTreeMap<&'static str, String> {
    phnom_penh().into_iter().collect()
}

#[test]
fn the_builtin_generation_equals_the_committed_files_byte_for_byte() {
    let generated = phnom_penh();
    let names: Vec<&str> = generated.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, COMMITTED.map(|(name, _)| name));
    for ((name, text), (_, committed)) in generated.iter().zip(COMMITTED) {
        assert!(
            text == committed,
            "{name} differs from data/phnom-penh-2026-02/{name}: regenerate with \
             `cargo run -p crackdown-generate -- builtin data/phnom-penh-2026-02`"
        );
    }
    assert_eq!(phnom_penh(), generated, "two runs differ");
}

#[test]
fn files_have_every_model_column_and_lf_line_endings() {
    let files = builtin();
    for (name, kind) in [
        ("inspections.csv", Kind::Inspections),
        ("arrests.csv", Kind::Arrests),
        ("prosecutions.csv", Kind::Prosecutions),
    ] {
        let text = &files[name];
        assert_eq!(
            text.lines().next().unwrap(),
            header(kind).join(","),
            "{name}"
        );
        assert!(!text.contains('\r'), "{name} has CR");
        assert!(text.ends_with('\n'), "{name}");
    }
}

#[test]
fn inspections_add_up_to_the_published_figures() {
    let (_, rows) = parse(&builtin()["inspections.csv"]);
    assert_eq!(rows.len(), 2709);
    let ids: Vec<&str> = rows.iter().map(|r| r["inspection_id"].as_str()).collect();
    let expected: Vec<String> = (1..=2709).map(|i| format!("INS-{i:04}")).collect();
    assert_eq!(ids, expected);

    let foreigners: u64 = rows.iter().map(|r| num(r, "foreigners_identified")).sum();
    let women: u64 = rows.iter().map(|r| num(r, "women_identified")).sum();
    assert_eq!((foreigners, women), (21_104, 6_683));
    for r in &rows {
        assert!(
            num(r, "women_identified") <= num(r, "foreigners_identified"),
            "{r:?}"
        );
        assert_eq!(r["source"], "illustrative");
    }

    let khans: BTreeSet<&str> = rows.iter().map(|r| r["khan"].as_str()).collect();
    let names: BTreeSet<&str> = Khan::all().map(Khan::name).collect();
    assert_eq!(khans, names, "all 14 Khans, by gazetteer name");

    let kinds: BTreeSet<&str> = rows.iter().map(|r| r["premises_type"].as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["apartment", "borey", "condominium", "hotel"])
    );
    assert!(rows.iter().any(|r| r["premises_name"].is_empty()));

    let mut per_day: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per_day.entry(r["date"].as_str()).or_default() += 1;
    }
    let days: Vec<&str> = per_day.keys().copied().collect();
    let expected: Vec<String> = (3..=18).map(|d| format!("2026-02-{d:02}")).collect();
    assert_eq!(days, expected, "every day of the period, and no other");
    let first = per_day["2026-02-03"];
    assert!(
        per_day.values().all(|&n| n >= first),
        "the first day is the quietest"
    );
    assert!(days.windows(2).all(|w| w[0] <= w[1]));
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str()).collect();
    assert!(dates.is_sorted(), "rows in date order");
}

#[test]
fn operations_span_one_to_three_inspections_in_one_khan_on_consecutive_days() {
    let (_, rows) = parse(&builtin()["inspections.csv"]);
    let mut operations: BTreeMap<&str, Vec<&HashMap<String, String>>> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r["operation_id"].is_empty()) {
        operations.entry(&r["operation_id"]).or_default().push(r);
    }
    let ids: Vec<&str> = operations.keys().copied().collect();
    let expected: Vec<String> = (1..=40).map(|i| format!("OP-{i:02}")).collect();
    assert_eq!(ids, expected);
    for (id, members) in &operations {
        assert!((1..=3).contains(&members.len()), "{id}");
        let khans: HashSet<&str> = members.iter().map(|r| r["khan"].as_str()).collect();
        assert_eq!(khans.len(), 1, "{id}");
        let days: BTreeSet<NaiveDate> =
            members.iter().map(|r| r["date"].parse().unwrap()).collect();
        let span = *days.last().unwrap() - *days.first().unwrap();
        assert!(span.num_days() <= 1, "{id}");
    }
    assert!(operations.values().any(|m| m.len() == 3));
    assert!(rows.iter().filter(|r| r["operation_id"].is_empty()).count() > 2000);
}

#[test]
fn arrests_add_up_and_belong_to_their_operations() {
    let files = builtin();
    let (_, inspections) = parse(&files["inspections.csv"]);
    let (_, arrests) = parse(&files["arrests.csv"]);
    let by_id: HashMap<&str, &HashMap<String, String>> = inspections
        .iter()
        .map(|r| (r["inspection_id"].as_str(), r))
        .collect();

    assert_eq!(arrests.len(), 284);
    let ids: Vec<&str> = arrests.iter().map(|r| r["arrest_id"].as_str()).collect();
    let expected: Vec<String> = (1..=284).map(|i| format!("ARR-{i:03}")).collect();
    assert_eq!(ids, expected);

    let mut detained_at: HashMap<&str, (u64, u64)> = HashMap::new();
    let mut operations = BTreeSet::new();
    let mut nationalities: BTreeMap<&str, u64> = BTreeMap::new();
    for a in &arrests {
        let ins = by_id[a["inspection_id"].as_str()];
        assert_eq!(a["operation_id"], ins["operation_id"], "{a:?}");
        assert_eq!(a["date"], ins["date"], "{a:?}");
        assert_eq!(a["khan"], ins["khan"], "{a:?}");
        assert!(["female", "male", ""].contains(&a["sex"].as_str()), "{a:?}");
        let counts = detained_at.entry(&a["inspection_id"]).or_default();
        counts.0 += 1;
        counts.1 += u64::from(a["sex"] == "female");
        operations.insert(a["operation_id"].as_str());
        *nationalities.entry(&a["nationality"]).or_default() += 1;
    }
    assert_eq!(operations.len(), 40, "every operation detains someone");
    for (id, (all, women)) in detained_at {
        assert!(all <= num(by_id[id], "foreigners_identified"), "{id}");
        assert!(women <= num(by_id[id], "women_identified"), "{id}");
    }
    let expected: BTreeMap<&str, u64> = NATIONALITIES[..13]
        .iter()
        .map(|forms| forms[0])
        .zip(DETAINED_BY_NATIONALITY)
        .collect();
    assert_eq!(nationalities, expected);
    assert_eq!(nationalities.len(), 13);
    let sexes: HashSet<&str> = arrests.iter().map(|a| a["sex"].as_str()).collect();
    assert!(sexes.contains("female") && sexes.contains("male"));
}

#[test]
fn prosecutions_add_up_and_link_to_detainees_of_their_nationality() {
    let files = builtin();
    let (_, arrests) = parse(&files["arrests.csv"]);
    let (_, defendants) = parse(&files["prosecutions.csv"]);
    let arrest_by_id: HashMap<&str, &HashMap<String, String>> = arrests
        .iter()
        .map(|r| (r["arrest_id"].as_str(), r))
        .collect();

    assert_eq!(defendants.len(), 24);
    let ids: Vec<&str> = defendants
        .iter()
        .map(|r| r["defendant_id"].as_str())
        .collect();
    let expected: Vec<String> = (1..=24).map(|i| format!("DEF-{i:02}")).collect();
    assert_eq!(ids, expected);
    let cases: BTreeSet<&str> = defendants.iter().map(|r| r["case_id"].as_str()).collect();
    let expected: BTreeSet<String> = (1..=11).map(|i| format!("CASE-{i:02}")).collect();
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(cases, expected);

    let mut nationalities: BTreeMap<&str, usize> = BTreeMap::new();
    let mut linked = HashSet::new();
    let mut filed_by_case: HashMap<&str, &str> = HashMap::new();
    let (from, to) = ("2026-02-03", "2026-02-18");
    for d in &defendants {
        *nationalities.entry(&d["nationality"]).or_default() += 1;
        assert_eq!(d["role"], "ringleader");
        assert!(["filed", "pending"].contains(&d["status"].as_str()));
        assert!(["online fraud", "organised fraud"].contains(&d["charge"].as_str()));
        let filed = d["filed"].as_str();
        assert!(from <= filed && filed <= to, "{d:?}");
        let shared = filed_by_case.entry(&d["case_id"]).or_insert(filed);
        assert_eq!(*shared, filed, "one filing date per case");
        if d["nationality"] == "KH" {
            assert_eq!(
                d["arrest_id"], "",
                "the Cambodian was not among the detainees"
            );
            continue;
        }
        let arrest = arrest_by_id[d["arrest_id"].as_str()];
        assert_eq!(arrest["nationality"], d["nationality"], "{d:?}");
        assert!(arrest["date"].as_str() <= filed, "{d:?}");
        assert!(
            linked.insert(d["arrest_id"].as_str()),
            "{d:?} shares an arrest"
        );
    }
    assert_eq!(
        nationalities,
        BTreeMap::from([("CN", 22), ("KH", 1), ("SG", 1)])
    );
    let case_order: Vec<&str> = defendants.iter().map(|r| r["case_id"].as_str()).collect();
    assert!(case_order.is_sorted(), "rows grouped by case");
}

#[test]
fn published_json_has_the_documented_shape_and_agrees_with_the_records() {
    let files = builtin();
    let text = &files["published.json"];
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    // At two spaces of indent only the top-level keys appear ("note" also sits in "source").
    let keys = ["name", "period", "source", "records", "note", "figures"]
        .map(|k| format!("\n  \"{k}\": "));
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| text.find(k.as_str()).unwrap())
        .collect();
    assert!(
        positions.is_sorted(),
        "top-level keys in the documented order"
    );
    assert!(
        text.contains("\n  \"period\": {\n    \"from\": \"2026-02-03\""),
        "2-space indent"
    );

    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(json["source"]["date"], serde_json::Value::Null);
    assert_eq!(json["records"], "illustrative");
    let figures = json["figures"].as_array().unwrap();
    let value = |name: &str, nationality: Option<&str>| -> u64 {
        let f = figures
            .iter()
            .find(|f| f["figure"] == name && f["nationality"].as_str() == nationality)
            .unwrap_or_else(|| panic!("no figure {name} {nationality:?}"));
        f["value"].as_u64().unwrap()
    };

    let (_, inspections) = parse(&files["inspections.csv"]);
    let (_, arrests) = parse(&files["arrests.csv"]);
    let (_, defendants) = parse(&files["prosecutions.csv"]);
    let distinct = |rows: &[HashMap<String, String>], column: &str| -> u64 {
        let set: HashSet<&str> = rows
            .iter()
            .map(|r| r[column].as_str())
            .filter(|v| !v.is_empty())
            .collect();
        set.len() as u64
    };
    let sum = |column: &str| -> u64 { inspections.iter().map(|r| num(r, column)).sum() };
    let defendants_of = |code: &str| {
        defendants
            .iter()
            .filter(|d| d["nationality"] == code)
            .count() as u64
    };
    assert_eq!(value("inspections", None), inspections.len() as u64);
    assert_eq!(value("khans", None), distinct(&inspections, "khan"));
    assert_eq!(
        value("foreigners_identified", None),
        sum("foreigners_identified")
    );
    assert_eq!(value("women_identified", None), sum("women_identified"));
    assert_eq!(
        value("operations", None),
        distinct(&inspections, "operation_id")
    );
    assert_eq!(value("detained", None), arrests.len() as u64);
    assert_eq!(
        value("detained_nationalities", None),
        distinct(&arrests, "nationality")
    );
    assert_eq!(value("cases", None), distinct(&defendants, "case_id"));
    assert_eq!(value("defendants", None), defendants.len() as u64);
    let ringleaders = defendants
        .iter()
        .filter(|d| d["role"] == "ringleader")
        .count();
    assert_eq!(value("ringleaders", None), ringleaders as u64);
    for code in ["CN", "SG", "KH"] {
        assert_eq!(
            value("defendants", Some(code)),
            defendants_of(code),
            "{code}"
        );
    }
    assert_eq!(figures.len(), 13);
}

#[test]
fn published_json_reads_back_as_what_was_written() {
    let files = builtin();
    let mut read = Published::parse(&files["published.json"], "published.json").unwrap();
    read.file = String::new();
    assert_eq!(read, published::published());
}

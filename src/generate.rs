//! Deterministic generators for the data under `data/`: the built-in Phnom Penh dataset, whose
//! record-level files are illustrative but add up exactly to the published headline figures, and
//! synthetic datasets of any size for benchmarks.
//!
//! Both draw from a hand-written SplitMix64 with a fixed seed and use integer arithmetic only, so the
//! bytes depend on nothing but this file: no RNG crate version, float library or platform can change
//! them. The unit tests hold the built-in output to the committed files byte for byte.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::khan::{KHANS, Khan};

// ---------------------------------------------------------------------------------------------
// Randomness and arithmetic
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea and Flood, 2014): a few lines, fully specified here, good enough for
/// illustrative data and stable forever.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` by multiply-shift; the bias (below n/2^64) is irrelevant here and, unlike
    /// rejection sampling, the number of draws per call is fixed.
    fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// True with probability `num/den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// An index drawn with probability proportional to `weights[index]`.
    fn pick(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        unreachable!("x < sum of weights")
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.index(i + 1));
        }
    }
}

/// Splits `total` into parts proportional to `weights` that add up to exactly `total`: largest
/// remainder, ties to the earlier part. A zero weight always gets zero, because the parts rounded up
/// are fewer than the parts with a fractional share.
fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    assert!(sum > 0, "apportion over zero weight");
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let exact = u128::from(total) * u128::from(w);
        parts.push((exact / sum) as u64);
        remainders.push((exact % sum, i));
    }
    let short = total - parts.iter().sum::<u64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(short as usize) {
        parts[i] += 1;
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// Record formats
// ---------------------------------------------------------------------------------------------

const INSPECTION_HEADER: [&str; 10] = [
    "inspection_id",
    "date",
    "khan",
    "premises_type",
    "premises_name",
    "foreigners_identified",
    "women_identified",
    "operation_id",
    "source",
    "notes",
];
const ARREST_HEADER: [&str; 9] = [
    "arrest_id",
    "date",
    "khan",
    "nationality",
    "sex",
    "operation_id",
    "inspection_id",
    "source",
    "notes",
];
const PROSECUTION_HEADER: [&str; 10] = [
    "case_id",
    "defendant_id",
    "arrest_id",
    "nationality",
    "role",
    "filed",
    "status",
    "charge",
    "source",
    "notes",
];

// The row structs serialise field by field in header order; empty strings stand for blank fields.

#[derive(Serialize)]
struct InspectionRow<'a> {
    inspection_id: &'a str,
    date: &'a str,
    khan: &'a str,
    premises_type: &'a str,
    premises_name: &'a str,
    foreigners_identified: u64,
    women_identified: u64,
    operation_id: &'a str,
    source: &'a str,
    notes: &'a str,
}

#[derive(Serialize)]
struct ArrestRow<'a> {
    arrest_id: &'a str,
    date: &'a str,
    khan: &'a str,
    nationality: &'a str,
    sex: &'a str,
    operation_id: &'a str,
    inspection_id: &'a str,
    source: &'a str,
    notes: &'a str,
}

#[derive(Serialize)]
struct ProsecutionRow<'a> {
    case_id: &'a str,
    defendant_id: &'a str,
    arrest_id: &'a str,
    nationality: &'a str,
    role: &'a str,
    filed: &'a str,
    status: &'a str,
    charge: &'a str,
    source: &'a str,
    notes: &'a str,
}

/// A CSV writer with the header already written: written by hand rather than from the first
/// serialised row, so that a file with no rows still has its header. LF line endings, fields
/// quoted only when they need it.
fn csv_writer<W: Write>(inner: W, header: &[&str]) -> csv::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(inner);
    writer.write_record(header)?;
    Ok(writer)
}

fn csv_string(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

/// Kinds of premises, with the share of inspections and the relative number of foreigners an
/// inspection of that kind tends to find (both illustrative).
struct PremisesKind {
    value: &'static str,
    label: &'static str,
    share: u64,
    occupancy: u64,
}

const PREMISES: [PremisesKind; 4] = [
    PremisesKind {
        value: "condominium",
        label: "Condominium",
        share: 36,
        occupancy: 6,
    },
    PremisesKind {
        value: "apartment",
        label: "Apartment building",
        share: 30,
        occupancy: 4,
    },
    PremisesKind {
        value: "borey",
        label: "Borey",
        share: 20,
        occupancy: 3,
    },
    PremisesKind {
        value: "hotel",
        label: "Hotel",
        share: 14,
        occupancy: 3,
    },
];

/// The forms in which the data spell a nationality: ISO 3166 alpha-2, country, demonym, alpha-3.
/// The first 13 are the nationalities of the foreigners detained; Cambodia comes last.
const NATIONALITIES: [[&str; 4]; 14] = [
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
const CN: usize = 1;
const SG: usize = 12;
const KH: usize = 13;

// ---------------------------------------------------------------------------------------------
// The built-in dataset: Phnom Penh, 3–18 February 2026
// ---------------------------------------------------------------------------------------------

// The published figures: the only real numbers in the dataset.
const INSPECTIONS: usize = 2709;
const FOREIGNERS_IDENTIFIED: u64 = 21_104;
const WOMEN_IDENTIFIED: u64 = 6_683;
const OPERATIONS: usize = 40;
const DETAINED: usize = 284;
const CASES: usize = 11;
const DEFENDANTS: usize = 24;
const DEFENDANTS_CN: usize = 22;

const FIRST_DAY: (i32, u32, u32) = (2026, 2, 3);
const DAYS: usize = 16;

/// The seed of the built-in dataset; changing it changes every breakdown (and the committed files).
const PHNOM_PENH_SEED: u64 = 0x2026_0203_0218;

/// Illustrative: inspections per day, 3 (Tue) to 18 (Wed) February. The first day is a start-up day;
/// weekends (7–8 and 14–15) are a little quieter.
const DAY_WEIGHTS: [u64; DAYS] = [
    60, 150, 180, 185, 160, 150, 190, 195, 190, 185, 180, 160, 150, 185, 180, 165,
];

/// Illustrative: inspections per Khan in gazetteer order, heavier where condominiums and boreys
/// cluster (Chamkar Mon, Tuol Kouk, Saensokh, Pur SenChey, Chbar Ampov, ...).
const KHAN_WEIGHTS: [u64; 14] = [
    230, 120, 90, 260, 170, 230, 170, 300, 250, 200, 110, 240, 220, 120,
];

/// Illustrative: the 284 detained by nationality, in [`NATIONALITIES`] order. CN and SG must cover
/// the 22 Chinese and 1 Singaporean defendants, who are linked to their arrests.
const DETAINED_BY_NATIONALITY: [u64; 13] = [64, 57, 38, 33, 18, 14, 13, 11, 10, 9, 8, 6, 3];

struct Inspection {
    day: usize,
    khan: Khan,
    premises: usize,
    name: Option<String>,
    foreigners: u64,
    women: u64,
    /// Index of the operation, numbered in file order.
    operation: Option<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Sex {
    Female,
    Male,
    Unrecorded,
}

struct Arrest {
    inspection: usize,
    /// Index into [`NATIONALITIES`]; `None` until drawn.
    nationality: Option<usize>,
    sex: Sex,
}

struct Case {
    filed_day: usize,
    pending: bool,
    charge: &'static str,
    /// Arrest indices of the foreign defendants, ascending.
    arrests: Vec<usize>,
    cambodian: bool,
}

struct PhnomPenh {
    inspections: Vec<Inspection>,
    arrests: Vec<Arrest>,
    cases: Vec<Case>,
}

/// The built-in dataset as (file name, contents), for `data/phnom-penh-2026-02/`: inspections.csv,
/// arrests.csv, prosecutions.csv and published.json. Same bytes on every call and platform.
pub fn phnom_penh() -> Vec<(&'static str, String)> {
    let data = PhnomPenh::build();
    let days = day_strings(first_day(), DAYS);
    vec![
        ("inspections.csv", data.inspections_csv(&days)),
        ("arrests.csv", data.arrests_csv(&days)),
        ("prosecutions.csv", data.prosecutions_csv(&days)),
        ("published.json", published_json()),
    ]
}

fn first_day() -> NaiveDate {
    let (y, m, d) = FIRST_DAY;
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// ISO dates of `count` consecutive days, formatted once.
fn day_strings(first: NaiveDate, count: usize) -> Vec<String> {
    (0..count)
        .map(|d| (first + Days::new(d as u64)).format("%Y-%m-%d").to_string())
        .collect()
}

impl PhnomPenh {
    /// Draws every breakdown in a fixed order from one seeded stream; each step is its own
    /// function, so reordering steps is the one way to change the output by accident.
    fn build() -> PhnomPenh {
        let mut rng = SplitMix64::new(PHNOM_PENH_SEED);
        let mut inspections = lay_out_inspections(&mut rng);
        let operations = form_operations(&mut rng, &mut inspections);
        count_foreigners(&mut rng, &mut inspections);
        let mut arrests = place_arrests(&mut rng, &inspections, &operations);
        let cases = form_cases(&mut rng, &inspections, &operations, &mut arrests);
        assign_nationalities(&mut rng, &mut arrests);
        assign_sexes(&mut rng, &inspections, &mut arrests);
        PhnomPenh {
            inspections,
            arrests,
            cases,
        }
    }

    fn inspections_csv(&self, days: &[String]) -> String {
        let mut out = csv_writer(Vec::new(), &INSPECTION_HEADER).expect("in memory");
        for (i, ins) in self.inspections.iter().enumerate() {
            let operation_id = ins.operation.map(operation_id).unwrap_or_default();
            let notes = if ins.foreigners == 0 {
                "no foreign nationals present"
            } else {
                ""
            };
            let row = InspectionRow {
                inspection_id: &inspection_id(i),
                date: &days[ins.day],
                khan: ins.khan.name(),
                premises_type: PREMISES[ins.premises].value,
                premises_name: ins.name.as_deref().unwrap_or_default(),
                foreigners_identified: ins.foreigners,
                women_identified: ins.women,
                operation_id: &operation_id,
                source: "illustrative",
                notes,
            };
            out.serialize(row).expect("in memory");
        }
        csv_string(out)
    }

    fn arrests_csv(&self, days: &[String]) -> String {
        let mut out = csv_writer(Vec::new(), &ARREST_HEADER).expect("in memory");
        for (a, arrest) in self.arrests.iter().enumerate() {
            let ins = &self.inspections[arrest.inspection];
            let (sex, notes) = match arrest.sex {
                Sex::Female => ("female", ""),
                Sex::Male => ("male", ""),
                Sex::Unrecorded => ("", "sex not recorded"),
            };
            let row = ArrestRow {
                arrest_id: &arrest_id(a),
                date: &days[ins.day],
                khan: ins.khan.name(),
                nationality: NATIONALITIES[arrest.nationality.expect("drawn")][0],
                sex,
                operation_id: &operation_id(ins.operation.expect("arrests happen in operations")),
                inspection_id: &inspection_id(arrest.inspection),
                source: "illustrative",
                notes,
            };
            out.serialize(row).expect("in memory");
        }
        csv_string(out)
    }

    fn prosecutions_csv(&self, days: &[String]) -> String {
        let mut out = csv_writer(Vec::new(), &PROSECUTION_HEADER).expect("in memory");
        let mut defendant = 0;
        for (c, case) in self.cases.iter().enumerate() {
            let foreign = case
                .arrests
                .iter()
                .map(|&a| (Some(a), self.arrests[a].nationality.expect("drawn")));
            let cambodian = case.cambodian.then_some((None, KH));
            for (arrest, nationality) in foreign.chain(cambodian) {
                defendant += 1;
                let notes = match arrest {
                    Some(_) => "",
                    None => "Cambodian national; not among the 284 foreign nationals detained",
                };
                let row = ProsecutionRow {
                    case_id: &format!("CASE-{:02}", c + 1),
                    defendant_id: &format!("DEF-{defendant:02}"),
                    arrest_id: &arrest.map(arrest_id).unwrap_or_default(),
                    nationality: NATIONALITIES[nationality][0],
                    role: "ringleader",
                    filed: &days[case.filed_day],
                    status: if case.pending { "pending" } else { "filed" },
                    charge: case.charge,
                    source: "illustrative",
                    notes,
                };
                out.serialize(row).expect("in memory");
            }
        }
        csv_string(out)
    }
}

fn inspection_id(index: usize) -> String {
    format!("INS-{:04}", index + 1)
}

fn operation_id(index: usize) -> String {
    format!("OP-{:02}", index + 1)
}

fn arrest_id(index: usize) -> String {
    format!("ARR-{:03}", index + 1)
}

/// Days, Khans and premises: the Khan counts are fixed first, shuffled over the days, and listed
/// Khan by Khan within a day, as a daily return would be.
fn lay_out_inspections(rng: &mut SplitMix64) -> Vec<Inspection> {
    let per_day = apportion(INSPECTIONS as u64, &DAY_WEIGHTS);
    let per_khan = apportion(INSPECTIONS as u64, &KHAN_WEIGHTS);
    let mut khans: Vec<Khan> = Khan::all()
        .flat_map(|k| std::iter::repeat_n(k, per_khan[k.index()] as usize))
        .collect();
    rng.shuffle(&mut khans);

    let shares: Vec<u64> = PREMISES.iter().map(|p| p.share).collect();
    // Generic names numbered per kind and Khan ("Condominium 17, Tuol Kouk"): never a real building.
    let mut numbers = [[0u32; 14]; PREMISES.len()];
    let mut inspections = Vec::with_capacity(INSPECTIONS);
    let mut remaining = khans.into_iter();
    for (day, &count) in per_day.iter().enumerate() {
        let mut today: Vec<Khan> = remaining.by_ref().take(count as usize).collect();
        today.sort();
        for khan in today {
            let premises = rng.pick(&shares);
            // A quarter of the records leave the name blank, as field returns often do.
            let name = rng.chance(3, 4).then(|| {
                let n = &mut numbers[premises][khan.index()];
                *n += 1;
                format!("{} {n}, {}", PREMISES[premises].label, khan.name())
            });
            inspections.push(Inspection {
                day,
                khan,
                premises,
                name,
                foreigners: 0,
                women: 0,
                operation: None,
            });
        }
    }
    inspections
}

/// 40 operations, each spanning 1–3 inspections in one Khan on one day or two consecutive days,
/// numbered OP-01.. in the order they first appear in the file.
fn form_operations(rng: &mut SplitMix64, inspections: &mut [Inspection]) -> Vec<Vec<usize>> {
    let mut taken = vec![false; inspections.len()];
    let mut operations: Vec<Vec<usize>> = Vec::with_capacity(OPERATIONS);
    while operations.len() < OPERATIONS {
        let anchor = rng.index(inspections.len());
        if taken[anchor] {
            continue;
        }
        // Half the operations are one raid; the rest take in a second or third site nearby.
        let size = 1 + rng.pick(&[5, 3, 2]);
        let (day, khan) = (inspections[anchor].day, inspections[anchor].khan);
        let mut partners: Vec<usize> = (0..inspections.len())
            .filter(|&i| !taken[i] && i != anchor)
            .filter(|&i| inspections[i].khan == khan)
            .filter(|&i| inspections[i].day == day || inspections[i].day == day + 1)
            .collect();
        rng.shuffle(&mut partners);
        let mut members: Vec<usize> = std::iter::once(anchor)
            .chain(partners.into_iter().take(size - 1))
            .collect();
        members.sort();
        for &m in &members {
            taken[m] = true;
        }
        operations.push(members);
    }
    operations.sort_by_key(|members| members[0]);
    for (op, members) in operations.iter().enumerate() {
        for &m in members {
            inspections[m].operation = Some(op);
        }
    }
    operations
}

/// Foreigners and women identified, scaled to add up exactly to the published totals. Sites of
/// dismantled operations hold many; ordinary premises a few; some none.
fn count_foreigners(rng: &mut SplitMix64, inspections: &mut [Inspection]) {
    let weights: Vec<u64> = inspections
        .iter()
        .map(|ins| {
            if ins.operation.is_some() {
                80 + rng.below(221)
            } else if rng.chance(1, 8) {
                0
            } else {
                PREMISES[ins.premises].occupancy * (1 + rng.below(4)) * (1 + rng.below(3))
            }
        })
        .collect();
    let foreigners = apportion(FOREIGNERS_IDENTIFIED, &weights);
    // Women make up 10–50% of a site's foreigners before scaling; the scaled share stays well
    // below one, so no row can have more women than foreigners (checked below all the same).
    let weights: Vec<u64> = foreigners
        .iter()
        .map(|&f| f * (10 + rng.below(41)))
        .collect();
    let women = apportion(WOMEN_IDENTIFIED, &weights);
    for ((ins, f), w) in inspections.iter_mut().zip(foreigners).zip(women) {
        assert!(w <= f, "more women than foreigners: change the weights");
        ins.foreigners = f;
        ins.women = w;
    }
}

/// The 284 detentions: at least one per operation, the rest in proportion to the foreigners at the
/// operation's sites, and within an operation to each site's foreigners. Listed in file order of
/// their inspections. Nationality and sex are drawn later.
fn place_arrests(
    rng: &mut SplitMix64,
    inspections: &[Inspection],
    operations: &[Vec<usize>],
) -> Vec<Arrest> {
    let found =
        |members: &[usize]| -> u64 { members.iter().map(|&m| inspections[m].foreigners).sum() };
    let weights: Vec<u64> = operations
        .iter()
        .map(|members| found(members) * (50 + rng.below(101)))
        .collect();
    let extra = apportion((DETAINED - OPERATIONS) as u64, &weights);
    let mut per_inspection = vec![0u64; inspections.len()];
    for (members, extra) in operations.iter().zip(extra) {
        let sites: Vec<u64> = members.iter().map(|&m| inspections[m].foreigners).collect();
        for (&m, n) in members.iter().zip(apportion(1 + extra, &sites)) {
            assert!(n <= inspections[m].foreigners, "more detained than found");
            per_inspection[m] = n;
        }
    }
    per_inspection
        .iter()
        .enumerate()
        .flat_map(|(i, &n)| std::iter::repeat_n(i, n as usize))
        .map(|inspection| Arrest {
            inspection,
            nationality: None,
            sex: Sex::Male,
        })
        .collect()
}

/// The 11 cases and their 24 defendants. Each case prosecutes people from one operation: its
/// Chinese and Singaporean defendants are detainees of that operation, who get their nationality
/// here; the one Cambodian sits in a case beside foreign co-defendants. Cases are numbered by
/// filing date.
fn form_cases(
    rng: &mut SplitMix64,
    inspections: &[Inspection],
    operations: &[Vec<usize>],
    arrests: &mut [Arrest],
) -> Vec<Case> {
    let mut sizes = [1usize; CASES];
    for _ in CASES..DEFENDANTS {
        loop {
            let c = rng.index(CASES);
            if sizes[c] < 4 {
                sizes[c] += 1;
                break;
            }
        }
    }
    let cambodian_case = loop {
        let c = rng.index(CASES);
        if sizes[c] >= 2 {
            break c;
        }
    };
    let singaporean_case = rng.index(CASES);

    let mut arrests_of: Vec<Vec<usize>> = vec![Vec::new(); operations.len()];
    for (a, arrest) in arrests.iter().enumerate() {
        let op = inspections[arrest.inspection]
            .operation
            .expect("in an operation");
        arrests_of[op].push(a);
    }

    // Cases needing the most detainees choose their operation first, so none is left without.
    let mut order: Vec<usize> = (0..CASES).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(sizes[c]));
    let mut used = vec![false; operations.len()];
    let mut cases: Vec<Case> = Vec::with_capacity(CASES);
    for c in order {
        let cambodian = c == cambodian_case;
        let foreign = sizes[c] - usize::from(cambodian);
        let candidates: Vec<usize> = (0..operations.len())
            .filter(|&op| !used[op] && arrests_of[op].len() >= foreign)
            .collect();
        let op = candidates[rng.index(candidates.len())];
        used[op] = true;
        let mut chosen = arrests_of[op].clone();
        rng.shuffle(&mut chosen);
        chosen.truncate(foreign);
        chosen.sort();
        for (k, &a) in chosen.iter().enumerate() {
            let nationality = if c == singaporean_case && k == 0 {
                SG
            } else {
                CN
            };
            arrests[a].nationality = Some(nationality);
        }
        // Fast-tracked: filed on the day of the last arrest or up to two days later, within the period.
        let last = chosen
            .iter()
            .map(|&a| inspections[arrests[a].inspection].day)
            .max();
        let filed_day = (last.expect("a foreign defendant") + rng.index(3)).min(DAYS - 1);
        cases.push(Case {
            filed_day,
            pending: rng.chance(1, 5),
            charge: if rng.chance(1, 3) {
                "organised fraud"
            } else {
                "online fraud"
            },
            arrests: chosen,
            cambodian,
        });
    }
    cases.sort_by_key(|case| (case.filed_day, case.arrests[0]));
    cases
}

/// The other 261 detainees get the remaining nationalities of [`DETAINED_BY_NATIONALITY`] in
/// shuffled order.
fn assign_nationalities(rng: &mut SplitMix64, arrests: &mut [Arrest]) {
    let mut left = DETAINED_BY_NATIONALITY;
    for nationality in arrests.iter().filter_map(|a| a.nationality) {
        left[nationality] -= 1;
    }
    let mut pool: Vec<usize> = (0..left.len())
        .flat_map(|n| std::iter::repeat_n(n, left[n] as usize))
        .collect();
    rng.shuffle(&mut pool);
    let mut pool = pool.into_iter();
    for arrest in arrests.iter_mut().filter(|a| a.nationality.is_none()) {
        arrest.nationality = Some(pool.next().expect("one nationality per detainee"));
    }
    assert!(
        pool.next().is_none(),
        "DETAINED_BY_NATIONALITY must add up to 284"
    );
}

/// About one detainee in five a woman (never more women detained at a site than identified there),
/// and the odd record without the sex.
fn assign_sexes(rng: &mut SplitMix64, inspections: &[Inspection], arrests: &mut [Arrest]) {
    let mut women_detained = vec![0u64; inspections.len()];
    for arrest in arrests.iter_mut() {
        let roll = rng.below(100);
        arrest.sex = if roll < 1 {
            Sex::Unrecorded
        } else if roll < 22
            && women_detained[arrest.inspection] < inspections[arrest.inspection].women
        {
            women_detained[arrest.inspection] += 1;
            Sex::Female
        } else {
            Sex::Male
        };
    }
}

// ---------------------------------------------------------------------------------------------
// published.json
// ---------------------------------------------------------------------------------------------

// Structs rather than `json!`, whose map sorts keys: fields serialise in declaration order.

#[derive(Serialize)]
struct Published {
    name: &'static str,
    period: Period,
    source: Source,
    records: &'static str,
    note: &'static str,
    figures: Vec<Figure>,
    breakdowns: Vec<Breakdown>,
}

#[derive(Serialize)]
struct Breakdown {
    figure: &'static str,
    by: &'static str,
}

#[derive(Serialize)]
struct Period {
    from: &'static str,
    to: &'static str,
}

#[derive(Serialize)]
struct Source {
    title: &'static str,
    publisher: &'static str,
    date: Option<&'static str>,
    url: &'static str,
    authorities: [&'static str; 2],
    note: &'static str,
}

#[derive(Serialize)]
struct Figure {
    figure: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nationality: Option<&'static str>,
    value: u64,
    counts: &'static str,
}

fn figure(figure: &'static str, value: usize, counts: &'static str) -> Figure {
    Figure {
        figure,
        nationality: None,
        value: value as u64,
        counts,
    }
}

fn published_json() -> String {
    let published = Published {
        name: "Phnom Penh crackdown on online-scam networks, 3–18 February 2026",
        period: Period {
            from: "2026-02-03",
            to: "2026-02-18",
        },
        source: Source {
            title: "Phnom Penh 15-day cybercrime blitz",
            publisher: "orkunsantepheap.com",
            date: None,
            url: "https://orkunsantepheap.com/phnom-penh-15-day-cybercrime-blitz-300-arrests",
            authorities: [
                "Phnom Penh Capital Administration",
                "Phnom Penh Municipal Unified Command",
            ],
            note: "Title taken from the address; the exact title and publication date were not \
                   recorded. Published after the operation ended on 2026-02-18. Reports inspections \
                   carried out 3–18 February 2026 by the Phnom Penh Municipal Unified Command under \
                   Governor Khuong Sreng (Phnom Penh Capital Administration). The address speaks of \
                   300 arrests; the figure given for foreign nationals detained is 284.",
        },
        records: "illustrative",
        note: "Only the figures below are published (the headline figures, and the defendants \
               per nationality in full); the record-level files are illustrative, generated to \
               add up to them.",
        figures: vec![
            figure(
                "inspections",
                INSPECTIONS,
                "premises inspected: condominiums, apartments, boreys and hotels",
            ),
            figure(
                "khans",
                KHANS.len(),
                "Khans of Phnom Penh with premises inspected (all 14)",
            ),
            figure(
                "foreigners_identified",
                FOREIGNERS_IDENTIFIED as usize,
                "foreign nationals identified at the premises inspected",
            ),
            figure(
                "women_identified",
                WOMEN_IDENTIFIED as usize,
                "women among the foreign nationals identified",
            ),
            figure(
                "operations",
                OPERATIONS,
                "online-scam operations dismantled",
            ),
            figure("detained", DETAINED, "foreign nationals detained"),
            figure(
                "detained_nationalities",
                DETAINED_BY_NATIONALITY.len(),
                "countries of nationality of the foreign nationals detained",
            ),
            figure("cases", CASES, "cases fast-tracked to court"),
            figure(
                "defendants",
                DEFENDANTS,
                "suspects charged in the cases fast-tracked to court",
            ),
            figure(
                "ringleaders",
                DEFENDANTS,
                "suspected ringleaders among the defendants",
            ),
            Figure {
                nationality: Some("CN"),
                ..figure(
                    "defendants",
                    DEFENDANTS_CN,
                    "Chinese nationals among the defendants",
                )
            },
            Figure {
                nationality: Some("SG"),
                ..figure(
                    "defendants",
                    1,
                    "Singaporean nationals among the defendants",
                )
            },
            Figure {
                nationality: Some("KH"),
                ..figure("defendants", 1, "Cambodian nationals among the defendants")
            },
        ],
        // The three figures above are every defendant: the breakdown is published in full.
        breakdowns: vec![Breakdown {
            figure: "defendants",
            by: "nationality",
        }],
    };
    let mut json = serde_json::to_string_pretty(&published).expect("plain structs serialise");
    json.push('\n');
    json
}

// ---------------------------------------------------------------------------------------------
// Synthetic datasets for benchmarks
// ---------------------------------------------------------------------------------------------

/// The seed the `generate` example uses when none is given.
pub const SYNTHETIC_SEED: u64 = 0x5eed;

/// Synthetic records cover the year 2025.
const SYNTHETIC_FIRST_DAY: (i32, u32, u32) = (2025, 1, 1);
const SYNTHETIC_DAYS: usize = 365;

/// Writes a synthetic inspections.csv with `inspections` rows, and arrests.csv (about a tenth as
/// many rows) and prosecutions.csv (about a twelfth of the arrests) into `dir`, creating it if
/// needed. The records are valid (unique ids, references that resolve, women <= foreigners, dates
/// within 2025) but spell Khans and nationalities in every form the tables accept, to exercise
/// normalisation (an arrest may spell its inspection's Khan differently). Rows stream to disk, so
/// memory use does not depend on `inspections`.
pub fn synthetic(inspections: usize, seed: u64, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let open = |name: &str, header: &[&str]| -> io::Result<csv::Writer<BufWriter<File>>> {
        let file = File::create(dir.join(name))?;
        Ok(csv_writer(BufWriter::with_capacity(1 << 16, file), header)?)
    };
    let mut synth = Synth {
        rng: SplitMix64::new(seed),
        days: {
            let (y, m, d) = SYNTHETIC_FIRST_DAY;
            day_strings(
                NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
                SYNTHETIC_DAYS,
            )
        },
        width: inspections.to_string().len().max(4),
        inspections: open("inspections.csv", &INSPECTION_HEADER)?,
        arrests: open("arrests.csv", &ARREST_HEADER)?,
        prosecutions: open("prosecutions.csv", &PROSECUTION_HEADER)?,
        names: [0; PREMISES.len()],
        operations: 0,
        arrest_count: 0,
        cases: 0,
        defendants: 0,
    };
    synth.run(inspections)?;
    for mut writer in [synth.inspections, synth.arrests, synth.prosecutions] {
        writer.flush()?;
        writer.into_inner().map_err(|e| e.into_error())?.flush()?;
    }
    Ok(())
}

/// The state of a synthetic run: the writers, the id counters and the random stream.
struct Synth {
    rng: SplitMix64,
    days: Vec<String>,
    /// Digits in every id, so ids sort as text.
    width: usize,
    inspections: csv::Writer<BufWriter<File>>,
    arrests: csv::Writer<BufWriter<File>>,
    prosecutions: csv::Writer<BufWriter<File>>,
    names: [u64; PREMISES.len()],
    operations: usize,
    arrest_count: usize,
    cases: usize,
    defendants: usize,
}

/// An operation still open at the current row: it may take in the next inspection.
struct OpenOperation {
    id: String,
    khan: Khan,
    /// (arrest id, nationality, day) of each detainee to be prosecuted, if any.
    defendants: Vec<(String, usize, usize)>,
}

impl Synth {
    fn run(&mut self, n: usize) -> io::Result<()> {
        let day_of = |i: usize| (i as u128 * SYNTHETIC_DAYS as u128 / n as u128) as usize;
        let shares: Vec<u64> = PREMISES.iter().map(|p| p.share).collect();
        let mut open: Option<OpenOperation> = None;
        for i in 0..n {
            let day = day_of(i);
            // A continued operation stays in its Khan; otherwise about one inspection in 30
            // uncovers a new operation.
            let (mut operation, starts) = match open.take() {
                Some(op) => (Some(op), false),
                None => {
                    let khan = Khan::from_index(self.rng.pick(&KHAN_WEIGHTS)).expect("14 weights");
                    let op = self.rng.chance(1, 30).then(|| {
                        self.operations += 1;
                        OpenOperation {
                            id: format!("OP-{:0w$}", self.operations, w = self.width),
                            khan,
                            defendants: Vec::new(),
                        }
                    });
                    (op, true)
                }
            };
            let khan = match &operation {
                Some(op) => op.khan,
                None => Khan::from_index(self.rng.pick(&KHAN_WEIGHTS)).expect("14 weights"),
            };
            // The inspection that uncovers an operation detains at least one person, so every
            // operation has an arrest.
            let detained = match operation {
                Some(_) => u64::from(starts) + self.rng.below(4),
                None => 0,
            };
            let foreigners = if operation.is_some() {
                detained + 10 + self.rng.below(150)
            } else if self.rng.chance(1, 8) {
                0
            } else {
                (1 + self.rng.below(4)) * (1 + self.rng.below(8))
            };
            let women = foreigners * self.rng.below(61) / 100;

            let premises = self.rng.pick(&shares);
            let name = if self.rng.chance(3, 4) {
                self.names[premises] += 1;
                format!(
                    "{} {}, {}",
                    PREMISES[premises].label,
                    self.names[premises],
                    khan.name()
                )
            } else {
                String::new()
            };
            let inspection_id = format!("INS-{:0w$}", i + 1, w = self.width);
            let operation_id = operation
                .as_ref()
                .map(|op| op.id.clone())
                .unwrap_or_default();
            let spelling = self.spell_khan(khan);
            self.inspections.serialize(InspectionRow {
                inspection_id: &inspection_id,
                date: &self.days[day],
                khan: &spelling,
                premises_type: PREMISES[premises].value,
                premises_name: &name,
                foreigners_identified: foreigners,
                women_identified: women,
                operation_id: &operation_id,
                source: "synthetic",
                notes: "",
            })?;

            let mut women_left = women;
            for _ in 0..detained {
                self.arrest_count += 1;
                let arrest_id = format!("ARR-{:0w$}", self.arrest_count, w = self.width);
                let nationality = self.rng.pick(&DETAINED_BY_NATIONALITY);
                let sex = if self.rng.chance(1, 100) {
                    ""
                } else if women_left > 0 && self.rng.chance(1, 5) {
                    women_left -= 1;
                    "female"
                } else {
                    "male"
                };
                let khan_spelling = self.spell_khan(khan);
                let nationality_spelling = self.spell_nationality(nationality);
                self.arrests.serialize(ArrestRow {
                    arrest_id: &arrest_id,
                    date: &self.days[day],
                    khan: &khan_spelling,
                    nationality: nationality_spelling,
                    sex,
                    operation_id: &operation_id,
                    inspection_id: &inspection_id,
                    source: "synthetic",
                    notes: "",
                })?;
                if self.rng.chance(1, 12) {
                    let op = operation.as_mut().expect("arrests happen in operations");
                    op.defendants.push((arrest_id, nationality, day));
                }
            }

            // A new operation takes in the next inspection one time in three, if that falls on
            // the same day or the next; otherwise it closes here.
            if let Some(op) = operation {
                let continues =
                    starts && i + 1 < n && day_of(i + 1) <= day + 1 && self.rng.chance(1, 3);
                if continues {
                    open = Some(op);
                } else {
                    self.prosecute(op)?;
                }
            }
        }
        Ok(())
    }

    /// One case per operation with defendants, filed up to two days after its last arrest; now and
    /// then with a Cambodian co-defendant who was not among the detainees.
    fn prosecute(&mut self, op: OpenOperation) -> io::Result<()> {
        let Some(last_day) = op.defendants.iter().map(|d| d.2).max() else {
            return Ok(());
        };
        self.cases += 1;
        let case_id = format!("CASE-{:0w$}", self.cases, w = self.width);
        let filed = (last_day + self.rng.index(3)).min(SYNTHETIC_DAYS - 1);
        let status = if self.rng.chance(1, 5) {
            "pending"
        } else {
            "filed"
        };
        let charge = if self.rng.chance(1, 3) {
            "organised fraud"
        } else {
            "online fraud"
        };
        let cambodian = self.rng.chance(1, 8).then(|| (String::new(), KH, last_day));
        for (arrest_id, nationality, _) in op.defendants.into_iter().chain(cambodian) {
            self.defendants += 1;
            let defendant_id = format!("DEF-{:0w$}", self.defendants, w = self.width);
            let spelling = self.spell_nationality(nationality);
            self.prosecutions.serialize(ProsecutionRow {
                case_id: &case_id,
                defendant_id: &defendant_id,
                arrest_id: &arrest_id,
                nationality: spelling,
                role: "ringleader",
                filed: &self.days[filed],
                status,
                charge,
                source: "synthetic",
                notes: "",
            })?;
        }
        Ok(())
    }

    /// Any spelling the Khan table resolves: gazetteer name, an alias, Khmer, code or P-code.
    fn spell_khan(&mut self, khan: Khan) -> String {
        let info = khan.info();
        match self.rng.pick(&[40, 30, 10, 10, 10]) {
            0 => info.name.to_owned(),
            1 => info.aliases[self.rng.index(info.aliases.len())].to_owned(),
            2 => info.khmer.to_owned(),
            3 => info.code.to_string(),
            _ => khan.pcode(),
        }
    }

    /// Alpha-2 code, country name, demonym or alpha-3 code.
    fn spell_nationality(&mut self, nationality: usize) -> &'static str {
        NATIONALITIES[nationality][self.rng.index(4)]
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

    use super::*;

    /// The committed files, as the binary embeds them.
    const COMMITTED: [(&str, &str); 4] = crate::builtin::FILES;

    /// A parsed CSV: its header and rows as column name → value.
    fn parse(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
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

    fn num(row: &HashMap<String, String>, column: &str) -> u64 {
        row[column]
            .parse()
            .unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
    }

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
                 `cargo run --example generate -- builtin data/phnom-penh-2026-02`"
            );
        }
        assert_eq!(phnom_penh(), generated, "two runs differ");
    }

    #[test]
    fn files_have_the_documented_headers_and_lf_line_endings() {
        let files = builtin();
        for (name, header) in [
            ("inspections.csv", &INSPECTION_HEADER[..]),
            ("arrests.csv", &ARREST_HEADER[..]),
            ("prosecutions.csv", &PROSECUTION_HEADER[..]),
        ] {
            let text = &files[name];
            assert_eq!(text.lines().next().unwrap(), header.join(","), "{name}");
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
    fn apportion_is_exact_and_proportional() {
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3]);
        assert_eq!(apportion(7, &[0, 5, 0, 5]), [0, 4, 0, 3]);
        assert_eq!(apportion(21_104, &[3; 2709]).iter().sum::<u64>(), 21_104);
        assert_eq!(apportion(0, &[2, 3]), [0, 0]);
    }

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64"; also checked against a Python port.
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    /// Which country a nationality spelling stands for, from the generator's own table.
    fn country(spelling: &str) -> Option<&'static str> {
        NATIONALITIES
            .iter()
            .find(|forms| forms.contains(&spelling))
            .map(|forms| forms[0])
    }

    #[test]
    fn synthetic_data_has_the_expected_size_and_is_valid() {
        let dir = tempfile::tempdir().unwrap();
        synthetic(3000, 7, dir.path()).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let (inspections_text, arrests_text, prosecutions_text) = (
            read("inspections.csv"),
            read("arrests.csv"),
            read("prosecutions.csv"),
        );
        let (header, inspections) = parse(&inspections_text);
        assert_eq!(header, INSPECTION_HEADER);
        let (header, arrests) = parse(&arrests_text);
        assert_eq!(header, ARREST_HEADER);
        let (header, defendants) = parse(&prosecutions_text);
        assert_eq!(header, PROSECUTION_HEADER);

        assert_eq!(inspections.len(), 3000);
        assert!(
            (200..=400).contains(&arrests.len()),
            "arrests: {}",
            arrests.len()
        );
        let expected = arrests.len() / 12;
        assert!(
            (expected / 2..=expected * 2).contains(&defendants.len()),
            "defendants: {}",
            defendants.len()
        );

        let mut by_id = HashMap::new();
        let mut khan_spellings = HashSet::new();
        let mut dates = BTreeSet::new();
        for r in &inspections {
            assert!(
                by_id.insert(r["inspection_id"].as_str(), r).is_none(),
                "duplicate {r:?}"
            );
            let khan = Khan::resolve(&r["khan"]).unwrap_or_else(|e| panic!("{e}"));
            khan_spellings.insert((khan, r["khan"].as_str()));
            assert!(
                num(r, "women_identified") <= num(r, "foreigners_identified"),
                "{r:?}"
            );
            dates.insert(r["date"].parse::<NaiveDate>().unwrap());
        }
        let khans: HashSet<Khan> = khan_spellings.iter().map(|(k, _)| *k).collect();
        assert_eq!(khans.len(), 14);
        assert!(khan_spellings.len() > 50, "varied spellings");
        assert_eq!(dates.first().unwrap().to_string(), "2025-01-01");
        assert!(dates.last().unwrap().to_string().as_str() <= "2025-12-31");

        let mut arrest_by_id = HashMap::new();
        let mut detained_at: HashMap<&str, u64> = HashMap::new();
        for a in &arrests {
            assert!(
                arrest_by_id.insert(a["arrest_id"].as_str(), a).is_none(),
                "duplicate {a:?}"
            );
            let ins = by_id[a["inspection_id"].as_str()];
            assert_eq!(a["date"], ins["date"]);
            assert_eq!(Khan::resolve(&a["khan"]), Khan::resolve(&ins["khan"]));
            assert!(!a["operation_id"].is_empty() && a["operation_id"] == ins["operation_id"]);
            assert!(
                country(&a["nationality"]).is_some_and(|c| c != "KH"),
                "{a:?}"
            );
            *detained_at.entry(&a["inspection_id"]).or_default() += 1;
        }
        for (id, n) in detained_at {
            assert!(n <= num(by_id[id], "foreigners_identified"));
        }
        let operations: HashSet<&str> = inspections
            .iter()
            .map(|r| r["operation_id"].as_str())
            .filter(|o| !o.is_empty())
            .collect();
        let detaining: HashSet<&str> = arrests.iter().map(|a| a["operation_id"].as_str()).collect();
        assert_eq!(operations, detaining, "every operation detains someone");

        let mut linked = HashSet::new();
        let mut defendant_ids = HashSet::new();
        for d in &defendants {
            assert!(defendant_ids.insert(d["defendant_id"].as_str()));
            let nationality = country(&d["nationality"]).unwrap();
            if d["arrest_id"].is_empty() {
                assert_eq!(nationality, "KH");
                continue;
            }
            let arrest = arrest_by_id[d["arrest_id"].as_str()];
            assert_eq!(country(&arrest["nationality"]), Some(nationality));
            assert!(arrest["date"] <= d["filed"] && d["filed"].as_str() <= "2025-12-31");
            assert!(linked.insert(d["arrest_id"].as_str()));
        }

        // Same seed, same bytes.
        let again = tempfile::tempdir().unwrap();
        synthetic(3000, 7, again.path()).unwrap();
        for name in ["inspections.csv", "arrests.csv", "prosecutions.csv"] {
            assert_eq!(
                std::fs::read(again.path().join(name)).unwrap(),
                read(name).into_bytes(),
                "{name}"
            );
        }
    }

    #[test]
    fn tiny_synthetic_runs_still_write_every_header() {
        let dir = tempfile::tempdir().unwrap();
        synthetic(0, 1, dir.path()).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            read("inspections.csv"),
            format!("{}\n", INSPECTION_HEADER.join(","))
        );
        assert_eq!(
            read("arrests.csv"),
            format!("{}\n", ARREST_HEADER.join(","))
        );
        assert_eq!(
            read("prosecutions.csv"),
            format!("{}\n", PROSECUTION_HEADER.join(","))
        );
    }
}

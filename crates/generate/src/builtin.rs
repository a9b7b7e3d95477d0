//! The built-in dataset: Phnom Penh, 3–18 February 2026. Its record-level files are illustrative
//! but add up exactly to the published headline figures, which [`published`] writes as
//! published.json.

mod published;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use crackdown::khan::Khan;
use crackdown::model::{Kind, Role, Sex, Status};

use crate::random::{SplitMix64, apportion};
use crate::records::{
    ArrestRow, CN, InspectionRow, KH, NATIONALITIES, PREMISES, ProsecutionRow, SG, csv_string,
    csv_writer, day_strings,
};

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
/// cluster (Chamkar Mon, Tuol Kouk, Saensokh, Pur SenChey, Chbar Ampov, ...). The synthetic data
/// draw their Khans with the same weights.
pub const KHAN_WEIGHTS: [u64; 14] = [
    230, 120, 90, 260, 170, 230, 170, 300, 250, 200, 110, 240, 220, 120,
];

/// Illustrative: the 284 detained by nationality, in [`NATIONALITIES`] order. CN and SG must cover
/// the 22 Chinese and 1 Singaporean defendants, who are linked to their arrests. The synthetic
/// data draw their nationalities with the same weights.
pub const DETAINED_BY_NATIONALITY: [u64; 13] = [64, 57, 38, 33, 18, 14, 13, 11, 10, 9, 8, 6, 3];

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

struct Arrest {
    inspection: usize,
    /// Index into [`NATIONALITIES`]; `None` until drawn.
    nationality: Option<usize>,
    /// `None`: not recorded.
    sex: Option<Sex>,
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
        ("published.json", published::json()),
    ]
}

fn first_day() -> NaiveDate {
    let (y, m, d) = FIRST_DAY;
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
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
        let mut out = csv_writer(Vec::new(), Kind::Inspections).expect("in memory");
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
                premises_type: PREMISES[ins.premises].kind.name(),
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
        let mut out = csv_writer(Vec::new(), Kind::Arrests).expect("in memory");
        for (a, arrest) in self.arrests.iter().enumerate() {
            let ins = &self.inspections[arrest.inspection];
            let (sex, notes) = match arrest.sex {
                Some(sex) => (sex.name(), ""),
                None => ("", "sex not recorded"),
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
        let mut out = csv_writer(Vec::new(), Kind::Prosecutions).expect("in memory");
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
                    role: Role::Ringleader.name(),
                    filed: &days[case.filed_day],
                    status: if case.pending {
                        Status::Pending
                    } else {
                        Status::Filed
                    }
                    .name(),
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
            sex: Some(Sex::Male),
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
            None
        } else if roll < 22
            && women_detained[arrest.inspection] < inspections[arrest.inspection].women
        {
            women_detained[arrest.inspection] += 1;
            Some(Sex::Female)
        } else {
            Some(Sex::Male)
        };
    }
}

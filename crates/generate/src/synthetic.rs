//! Synthetic datasets of any size for benchmarks: a year of valid records that spell Khans and
//! nationalities in every form crackdown accepts, streamed to disk.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::NaiveDate;
use crackdown::khan::Khan;
use crackdown::model::{Kind, Role, Sex, Status};

use crate::builtin::{DETAINED_BY_NATIONALITY, KHAN_WEIGHTS};
use crate::random::SplitMix64;
use crate::records::{
    ArrestRow, InspectionRow, KH, NATIONALITIES, PREMISES, ProsecutionRow, csv_writer, day_strings,
};

/// The seed used when none is given.
pub const SEED: u64 = 0x5eed;

/// Synthetic records cover the year 2025.
const FIRST_DAY: (i32, u32, u32) = (2025, 1, 1);
const DAYS: usize = 365;

/// Writes a synthetic inspections.csv with `inspections` rows, and arrests.csv (about a tenth as
/// many rows) and prosecutions.csv (about a twelfth of the arrests) into `dir`, creating it if
/// needed. The records are valid (unique ids, references that resolve, women <= foreigners, dates
/// within 2025) but spell Khans and nationalities in every form the tables accept, to exercise
/// normalisation (an arrest may spell its inspection's Khan differently). Rows stream to disk, so
/// memory use does not depend on `inspections`.
pub fn write(inspections: usize, seed: u64, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let open = |kind: Kind| -> io::Result<csv::Writer<BufWriter<File>>> {
        let file = File::create(dir.join(format!("{}.csv", kind.name())))?;
        Ok(csv_writer(BufWriter::with_capacity(1 << 16, file), kind)?)
    };
    let mut synth = Synth {
        rng: SplitMix64::new(seed),
        days: {
            let (y, m, d) = FIRST_DAY;
            day_strings(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"), DAYS)
        },
        width: inspections.to_string().len().max(4),
        inspections: open(Kind::Inspections)?,
        arrests: open(Kind::Arrests)?,
        prosecutions: open(Kind::Prosecutions)?,
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
        let day_of = |i: usize| (i as u128 * DAYS as u128 / n as u128) as usize;
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
                premises_type: PREMISES[premises].kind.name(),
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
                    Sex::Female.name()
                } else {
                    Sex::Male.name()
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
        let filed = (last_day + self.rng.index(3)).min(DAYS - 1);
        let status = if self.rng.chance(1, 5) {
            Status::Pending
        } else {
            Status::Filed
        }
        .name();
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
                role: Role::Ringleader.name(),
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap, HashSet};

    use crackdown::nationality::Nationality;

    use super::*;
    use crate::records::{header, num, parse};

    /// Which country crackdown reads a nationality spelling as.
    fn country(spelling: &str) -> Option<&'static str> {
        Nationality::resolve(spelling).ok().map(Nationality::code)
    }

    #[test]
    fn synthetic_data_has_the_expected_size_and_is_valid() {
        let dir = tempfile::tempdir().unwrap();
        write(3000, 7, dir.path()).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let (inspections_text, arrests_text, prosecutions_text) = (
            read("inspections.csv"),
            read("arrests.csv"),
            read("prosecutions.csv"),
        );
        let (columns, inspections) = parse(&inspections_text);
        assert_eq!(columns, header(Kind::Inspections));
        let (columns, arrests) = parse(&arrests_text);
        assert_eq!(columns, header(Kind::Arrests));
        let (columns, defendants) = parse(&prosecutions_text);
        assert_eq!(columns, header(Kind::Prosecutions));

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
        write(3000, 7, again.path()).unwrap();
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
        write(0, 1, dir.path()).unwrap();
        for kind in Kind::ALL {
            let text = std::fs::read_to_string(dir.path().join(format!("{}.csv", kind.name())));
            assert_eq!(text.unwrap(), format!("{}\n", header(kind).join(",")));
        }
    }
}

//! Benchmark data shaped like the files users bring: an `inspections.csv` and an `arrests.csv` of
//! the same number of rows, spread over seven years, every value written the one way a clean
//! export writes it (gazetteer Khan names, alpha-2 nationality codes), streamed to disk.
//!
//! What [`crate::synthetic`] writes exercises crackdown's normalisation (a Khan or a nationality
//! in any of its spellings); this exercises its speed on data that other tools can group as
//! written, so that their answers and crackdown's can be compared number for number.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::NaiveDate;
use crackdown::khan::Khan;
use crackdown::model::{Kind, Sex};
use serde::Serialize;

use crate::builtin::KHAN_WEIGHTS;
use crate::random::SplitMix64;
use crate::records::{InspectionRow, PREMISES, csv_writer, day_strings};

/// The seed used when none is given.
pub const SEED: u64 = 0xbe4c;

/// Records cover 2020-01-01 to 2026-12-31: 2,557 days.
const FIRST_DAY: (i32, u32, u32) = (2020, 1, 1);
pub const DAYS: usize = 2557;

/// The columns of the arrests file: what a detention register exports, without the optional
/// `source` and `notes`.
pub const ARREST_COLUMNS: [&str; 7] = [
    "arrest_id",
    "date",
    "khan",
    "nationality",
    "sex",
    "operation_id",
    "inspection_id",
];

/// The nationalities of the detained, as ISO 3166 alpha-2 codes, most frequent first: the one
/// with rank `r` (from 1) is drawn with weight 1/r (Zipf's law), so the first holds about a fifth
/// of the arrests and the last about 0.4 %. No code here is also a word for "not recorded" (`NA`).
pub const NATIONALITY_CODES: [&str; 53] = [
    "CN", "VN", "ID", "MM", "TH", "MY", "KR", "PH", "LA", "BD", "NP", "PK", "IN", "LK", "SG", "TW",
    "JP", "HK", "UZ", "KZ", "KG", "TJ", "MN", "RU", "UA", "BY", "GE", "TR", "IR", "EG", "MA", "NG",
    "GH", "KE", "UG", "ET", "CM", "BR", "CO", "PE", "MX", "US", "CA", "GB", "FR", "DE", "IT", "ES",
    "AU", "NZ", "MO", "BN", "TL",
];

/// Weights of [`NATIONALITY_CODES`], rank `r` from 1 getting `Z / r`: Z is divisible by 1 to 16,
/// which keeps the head exact, and big enough that the tail's rounding does not matter.
fn zipf_weights() -> [u64; 53] {
    const Z: u64 = 720_720 * 1_000;
    std::array::from_fn(|i| Z / (i as u64 + 1))
}

/// Operations: inspection `k` (from 0), when it belongs to one, belongs to operation `k / 7 + 1`,
/// so about N/7 operation ids in all.
const INSPECTIONS_PER_OPERATION: usize = 7;

/// An arrest is made at the first inspection in an operation from a row drawn within this many
/// rows of the arrest's own row number.
const REACH: u64 = 8;

/// One row of arrests.csv, in the order of [`ARREST_COLUMNS`].
#[derive(Serialize)]
struct ArrestRow<'a> {
    arrest_id: &'a str,
    date: &'a str,
    khan: &'a str,
    nationality: &'a str,
    sex: &'a str,
    operation_id: &'a str,
    inspection_id: &'a str,
}

/// Writes `inspections.csv` and `arrests.csv`, `n` rows each, into `dir` (created if needed).
///
/// Inspections run in date order, about `n / 2557` a day; half of them belong to an operation.
/// Each arrest is made at an inspection near its own row number that belongs to an operation, and
/// takes that inspection's date, Khan and operation: dates, Khans and references agree across the
/// files, and both pass `crackdown validate`. Only one byte per inspection is kept in memory (its
/// Khan and whether it belongs to an operation), so 10 million rows take 10 MB.
pub fn write(n: usize, seed: u64, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let create = |name: &str| -> io::Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 16,
            File::create(dir.join(name))?,
        ))
    };
    let mut bench = Bench {
        n,
        rng: SplitMix64::new(seed),
        days: {
            let (y, m, d) = FIRST_DAY;
            day_strings(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"), DAYS)
        },
        width: n.to_string().len().max(6),
        operation_width: (n / INSPECTIONS_PER_OPERATION + 1).to_string().len().max(6),
        facts: Vec::with_capacity(n),
    };

    let mut inspections = csv_writer(create("inspections.csv")?, Kind::Inspections)?;
    bench.inspections(&mut inspections)?;
    finish(inspections)?;

    let mut arrests = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(create("arrests.csv")?);
    arrests.write_record(ARREST_COLUMNS)?;
    bench.arrests(&mut arrests)?;
    finish(arrests)
}

fn finish(writer: csv::Writer<BufWriter<File>>) -> io::Result<()> {
    writer.into_inner().map_err(|e| e.into_error())?.flush()
}

/// Set in a [`Bench::facts`] byte when the inspection belongs to an operation.
const IN_OPERATION: u8 = 0x80;

/// The state of a run.
struct Bench {
    /// Rows per file.
    n: usize,
    rng: SplitMix64,
    days: Vec<String>,
    /// Digits in inspection and arrest ids, and in operation ids, so that ids sort as text.
    width: usize,
    operation_width: usize,
    /// What the arrests need of each inspection: its Khan's index, with [`IN_OPERATION`].
    facts: Vec<u8>,
}

impl Bench {
    /// The day (index into `days`) of inspection `k`: inspections run in date order, evenly.
    fn day_of(&self, k: usize) -> usize {
        (k as u128 * DAYS as u128 / self.n as u128) as usize
    }

    fn inspection_id(&self, k: usize) -> String {
        format!("INS-{:0w$}", k + 1, w = self.width)
    }

    fn operation_id(&self, k: usize) -> String {
        let op = k / INSPECTIONS_PER_OPERATION + 1;
        format!("OP-{op:0w$}", w = self.operation_width)
    }

    fn inspections<W: Write>(&mut self, out: &mut csv::Writer<W>) -> io::Result<()> {
        let shares: Vec<u64> = PREMISES.iter().map(|p| p.share).collect();
        for k in 0..self.n {
            let khan = Khan::from_index(self.rng.pick(&KHAN_WEIGHTS)).expect("14 weights");
            let in_operation = self.rng.chance(1, 2);
            let premises = self.rng.pick(&shares);
            // Buildings come back: a few hundred names per kind and Khan.
            let name = format!(
                "{} {}, {}",
                PREMISES[premises].label,
                1 + self.rng.below(400),
                khan.name()
            );
            let foreigners = if in_operation {
                5 + self.rng.below(60)
            } else if self.rng.chance(1, 4) {
                0
            } else {
                1 + self.rng.below(12)
            };
            let women = foreigners * self.rng.below(61) / 100;
            let source = if self.rng.chance(1, 10) {
                "press release"
            } else {
                "daily report"
            };
            let notes = match self.rng.below(40) {
                0 => "follow-up visit",
                1 => "rooms sealed, equipment seized",
                _ => "",
            };
            let operation_id = if in_operation {
                self.operation_id(k)
            } else {
                String::new()
            };
            out.serialize(InspectionRow {
                inspection_id: &self.inspection_id(k),
                date: &self.days[self.day_of(k)],
                khan: khan.name(),
                premises_type: PREMISES[premises].kind.name(),
                premises_name: &name,
                foreigners_identified: foreigners,
                women_identified: women,
                operation_id: &operation_id,
                source,
                notes,
            })?;
            self.facts
                .push(khan.index() as u8 | if in_operation { IN_OPERATION } else { 0 });
        }
        Ok(())
    }

    fn arrests<W: Write>(&mut self, out: &mut csv::Writer<W>) -> io::Result<()> {
        let zipf = Cumulative::new(&zipf_weights());
        for j in 0..self.n {
            let near = (j as u64 + self.rng.below(2 * REACH + 1)).saturating_sub(REACH);
            let k = self.operation_inspection_near((near as usize).min(self.n - 1));
            let fact = self.facts[k];
            let khan = Khan::from_index(usize::from(fact & !IN_OPERATION)).expect("a Khan index");
            let operation_id = if fact & IN_OPERATION != 0 {
                self.operation_id(k)
            } else {
                String::new()
            };
            let nationality = NATIONALITY_CODES[zipf.draw(&mut self.rng)];
            let sex = if self.rng.chance(1, 5) {
                Sex::Female
            } else {
                Sex::Male
            };
            out.serialize(ArrestRow {
                arrest_id: &format!("ARR-{:0w$}", j + 1, w = self.width),
                date: &self.days[self.day_of(k)],
                khan: khan.name(),
                nationality,
                sex: sex.name(),
                operation_id: &operation_id,
                inspection_id: &self.inspection_id(k),
            })?;
        }
        Ok(())
    }

    /// The first inspection at or after `k` that belongs to an operation, else the last one
    /// before it, else (when none does, in a file of a few rows) `k` itself.
    fn operation_inspection_near(&self, k: usize) -> usize {
        let in_operation = |i: &usize| self.facts[*i] & IN_OPERATION != 0;
        (k..self.n)
            .find(in_operation)
            .or_else(|| (0..k).rev().find(in_operation))
            .unwrap_or(k)
    }
}

/// Draws an index with probability proportional to its weight, by binary search over the running
/// sums (the same draw as [`SplitMix64::pick`], in log time).
struct Cumulative(Vec<u64>);

impl Cumulative {
    fn new(weights: &[u64]) -> Cumulative {
        Cumulative(
            weights
                .iter()
                .scan(0, |sum, &w| {
                    *sum += w;
                    Some(*sum)
                })
                .collect(),
        )
    }

    fn draw(&self, rng: &mut SplitMix64) -> usize {
        let x = rng.below(*self.0.last().expect("weights"));
        self.0.partition_point(|&end| end <= x)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use clap::Parser;
    use crackdown::cli::Cli;
    use crackdown::config::Environment;
    use crackdown::error::Exit;
    use crackdown::nationality::Nationality;

    use super::*;
    use crate::records::{header, num, parse};

    fn generate(n: usize, seed: u64) -> (tempfile::TempDir, String, String) {
        let dir = tempfile::tempdir().unwrap();
        write(n, seed, dir.path()).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let (inspections, arrests) = (read("inspections.csv"), read("arrests.csv"));
        (dir, inspections, arrests)
    }

    #[test]
    fn nationalities_are_53_distinct_codes_crackdown_reads_as_themselves() {
        let codes: HashSet<&str> = NATIONALITY_CODES.into_iter().collect();
        assert_eq!(codes.len(), 53);
        for code in NATIONALITY_CODES {
            let resolved = Nationality::resolve(code).map(Nationality::code);
            assert_eq!(resolved.ok(), Some(code));
            assert!(
                !crackdown::missing::TOKENS.contains(&code.to_lowercase().as_str()),
                "{code} reads as not recorded"
            );
        }
        let weights = zipf_weights();
        assert!(weights.windows(2).all(|w| w[0] > w[1]));
        assert_eq!(weights[0], 2 * weights[1]);
        assert_eq!(weights[0], 53 * weights[52] + weights[0] % 53);
    }

    #[test]
    fn bench_data_has_the_documented_shape() {
        let n = 20_000;
        let (_dir, inspections_text, arrests_text) = generate(n, 3);
        let (columns, inspections) = parse(&inspections_text);
        assert_eq!(columns, header(Kind::Inspections));
        assert_eq!(
            inspections_text.lines().next().unwrap(),
            "inspection_id,date,khan,premises_type,premises_name,foreigners_identified,\
             women_identified,operation_id,source,notes"
        );
        let (columns, arrests) = parse(&arrests_text);
        assert_eq!(columns, ARREST_COLUMNS);
        assert_eq!(
            arrests_text.lines().next().unwrap(),
            "arrest_id,date,khan,nationality,sex,operation_id,inspection_id"
        );
        assert_eq!((inspections.len(), arrests.len()), (n, n));
        assert!(!inspections_text.contains('\r'));

        let gazetteer: HashSet<&str> = Khan::all().map(Khan::name).collect();
        let mut by_id = HashMap::new();
        let mut with_operation = 0;
        for r in &inspections {
            assert!(by_id.insert(r["inspection_id"].as_str(), r).is_none());
            assert!(gazetteer.contains(r["khan"].as_str()), "{r:?}");
            assert!(num(r, "women_identified") <= num(r, "foreigners_identified"));
            assert!(r["premises_name"].contains(", "), "{r:?}");
            with_operation += usize::from(!r["operation_id"].is_empty());
        }
        assert!(
            (9_500..=10_500).contains(&with_operation),
            "{with_operation}"
        );
        // Premises names are quoted, as their commas need.
        assert!(
            inspections_text
                .lines()
                .nth(1)
                .unwrap()
                .contains(",\"Condominium ")
                || inspections_text.contains(",\"Apartment building ")
        );

        let first = &inspections[0]["date"];
        let last = &inspections[n - 1]["date"];
        assert_eq!(
            (first.as_str(), last.as_str()),
            ("2020-01-01", "2026-12-31")
        );
        let dates: HashSet<&str> = inspections.iter().map(|r| r["date"].as_str()).collect();
        assert_eq!(dates.len(), DAYS);

        let mut arrest_ids = HashSet::new();
        let mut nationalities: HashMap<&str, usize> = HashMap::new();
        let mut operations = HashSet::new();
        let mut women = 0;
        for a in &arrests {
            assert!(arrest_ids.insert(a["arrest_id"].as_str()));
            let ins = by_id[a["inspection_id"].as_str()];
            assert_eq!(
                (&a["date"], &a["khan"], &a["operation_id"]),
                (&ins["date"], &ins["khan"], &ins["operation_id"])
            );
            assert!(!a["operation_id"].is_empty());
            operations.insert(a["operation_id"].as_str());
            *nationalities.entry(a["nationality"].as_str()).or_default() += 1;
            match a["sex"].as_str() {
                "female" => women += 1,
                "male" => {}
                other => panic!("sex {other:?}"),
            }
        }
        assert!((3_600..=4_400).contains(&women), "{women}");
        // About n/7 operations.
        let ops = operations.len();
        assert!((n * 9 / 70..=n / 7 + 1).contains(&ops), "{ops} operations");
        // All 53 nationalities, the first about a fifth (1 / H(53) = 21.9 %), the last 53 times
        // rarer.
        assert_eq!(nationalities.len(), 53);
        let top = nationalities[NATIONALITY_CODES[0]];
        assert!((4_000..=4_800).contains(&top), "{top}");
        let tail = nationalities[NATIONALITY_CODES[52]];
        assert!((40..=130).contains(&tail), "{tail}");
    }

    #[test]
    fn bench_data_passes_crackdown_validate() {
        let (dir, _, _) = generate(3_000, 9);
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
        let out = path("validation.json");
        let args = [
            "crackdown",
            "validate",
            "--inspections",
            &path("inspections.csv"),
            "--arrests",
            &path("arrests.csv"),
            "-f",
            "json",
            "-o",
            &out,
        ];
        let env = Environment {
            stdout_terminal: false,
            stdin_terminal: true,
            terminal_columns: None,
            columns_variable: None,
            no_color: true,
            dumb_terminal: false,
            unicode: true,
            ..Environment::default()
        };
        let exit = crackdown::commands::run(Cli::parse_from(args), &env).unwrap();
        let validation = std::fs::read_to_string(&out).unwrap();
        assert_eq!(exit, Exit::Ok, "{validation}");
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes_and_arrest_rows_are_about_60_bytes() {
        let (_a, inspections, arrests) = generate(5_000, 11);
        let (_b, inspections_again, arrests_again) = generate(5_000, 11);
        assert!(inspections == inspections_again && arrests == arrests_again);
        let (_c, _, other) = generate(5_000, 12);
        assert_ne!(arrests, other);
        let per_row = arrests.len() / 5_000;
        assert!((55..=70).contains(&per_row), "{per_row} bytes per arrest");
    }

    #[test]
    fn empty_and_tiny_runs_write_valid_files() {
        let (_dir, inspections, arrests) = generate(0, 1);
        assert_eq!(
            inspections,
            format!("{}\n", header(Kind::Inspections).join(","))
        );
        assert_eq!(arrests, format!("{}\n", ARREST_COLUMNS.join(",")));
        for seed in 0..20 {
            let (_dir, inspections, arrests) = generate(1, seed);
            let (_, inspections) = parse(&inspections);
            let (_, arrests) = parse(&arrests);
            assert_eq!(arrests[0]["inspection_id"], inspections[0]["inspection_id"]);
            assert_eq!(arrests[0]["operation_id"], inspections[0]["operation_id"]);
        }
    }
}

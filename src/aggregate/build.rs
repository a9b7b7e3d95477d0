//! Finishing an accumulator into a [`Summary`]: one function per grouping, then the headline
//! and the totals rows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};

use super::Loaded;
use super::accumulator::{Accumulator, KHAN_SLOTS, PlaceTotals, earliest};
use super::fold::{Foldable, sort_and_fold};
use super::summary::*;
use crate::gazetteer::{Place, Province};
use crate::khan::Khan;
use crate::model::PremisesType;
use crate::nationality::Nationality;

/// The label and first day of the bucket `date` falls in.
fn bucket(date: NaiveDate, interval: Interval) -> (String, NaiveDate) {
    match interval {
        Interval::Day => (date.to_string(), date),
        Interval::Week => {
            let week = date.iso_week();
            let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
            (format!("{}-W{:02}", week.year(), week.week()), monday)
        }
        Interval::Month => (
            format!("{}-{:02}", date.year(), date.month()),
            date.with_day(1).expect("day 1 exists"),
        ),
    }
}

fn median(histogram: &BTreeMap<i64, u64>) -> Option<f64> {
    let n: u64 = histogram.values().sum();
    if n == 0 {
        return None;
    }
    // The values at 0-based positions (n-1)/2 and n/2; equal when n is odd.
    let at = |position: u64| {
        let mut seen = 0;
        for (&value, &count) in histogram {
            seen += count;
            if seen > position {
                return value;
            }
        }
        unreachable!("position is below the total count")
    };
    Some((at((n - 1) / 2) + at(n / 2)) as f64 / 2.0)
}

/// A place as a row of operations names it: a Khan or district by name, a province with "district
/// not given".
fn place_name(place: Place) -> String {
    match place.district() {
        Some(d) => d.name().to_owned(),
        None => format!("{}, district not given", place.province().name()),
    }
}

fn place_row(code: String, name: String, province: &str, t: &PlaceTotals, all: u64) -> PlaceRow {
    PlaceRow {
        code: Some(code),
        name,
        province: province.to_owned(),
        inspections: t.inspections,
        foreigners_identified: t.foreigners,
        women_identified: t.women,
        detained: t.detained,
        detained_share_pct: percent(t.detained, all),
    }
}

impl Accumulator {
    /// Computes every grouping and the headline, ordered and folded as `shape` asks.
    pub fn summary(&self, shape: Shape) -> Summary {
        self.summary_of(shape, &BTreeSet::new())
    }

    /// As [`Accumulator::summary`], with the Khan groupings narrowed to `khans` (all when empty)
    /// before they are ordered and folded.
    pub fn summary_of(&self, shape: Shape, khans: &BTreeSet<Khan>) -> Summary {
        let shown = |khan: &Khan| khans.is_empty() || khans.contains(khan);
        let detained: u64 = self.khans.iter().map(|k| k.detained).sum();
        let khan_rows = self.khan_rows(&shown, khans.is_empty(), detained);
        let (provinces, districts) = self.place_rows(detained);
        let nationalities = self.nationality_rows(detained);
        let premises = self.premises_rows();
        let (operations, cases) = match shape.rows_per_id {
            true => (self.operation_rows(), self.case_rows()),
            false => (Vec::new(), Vec::new()),
        };
        let crosstab = self.crosstab_of(&nationalities, &shown, khans.is_empty(), shape);
        let dates = self.dates(shape.interval);
        let headline = self.headline();
        let total = || "total".to_owned();
        let mut khan_total = KhanRow::sum(&khan_rows, total(), detained);
        khan_total.operations = headline.operations;
        let mut premises_total = PremisesRow::sum(&premises, total(), 0);
        premises_total.operations = self.premises_operations().len();
        let totals = Totals {
            khans: khan_total,
            provinces: PlaceRow::sum(&provinces, total(), detained),
            districts: PlaceRow::sum(&districts, total(), detained),
            nationalities: NationalityRow::sum(&nationalities, total(), detained),
            dates: match (dates.first(), dates.last()) {
                (Some(first), Some(last)) => Some(DateRow {
                    period: total(),
                    first_day: first.first_day,
                    last_day: last.last_day,
                    inspections: headline.inspections,
                    detained,
                    cumulative_detained: detained,
                    cases_filed: dates.iter().map(|d| d.cases_filed).sum(),
                }),
                _ => None,
            },
            premises: premises_total,
            operations: OperationRow::sum(&operations, total(), detained),
            cases: CaseRow::sum(&cases, total(), 0),
        };

        Summary {
            loaded: Loaded::default(),
            headline,
            khans: sort_and_fold(khan_rows, shape, detained),
            provinces: sort_and_fold(provinces, shape, detained),
            districts: sort_and_fold(districts, shape, detained),
            nationalities: sort_and_fold(nationalities, shape, detained),
            interval: shape.interval,
            dates,
            premises: sort_and_fold(premises, shape, 0),
            operations: sort_and_fold(operations, shape, detained),
            cases: sort_and_fold(cases, shape, 0),
            crosstab,
            totals,
        }
    }

    /// Per Khan, in code order: the Khans `shown`, zeros included; then, when `elsewhere` and
    /// any record is in no Khan, the row of those.
    fn khan_rows(
        &self,
        shown: &impl Fn(&Khan) -> bool,
        elsewhere: bool,
        detained: u64,
    ) -> Vec<KhanRow> {
        let outside = &self.khans[KHAN_SLOTS - 1];
        let outside = (elsewhere && (outside.inspections > 0 || outside.detained > 0))
            .then_some((KHAN_SLOTS - 1, None));
        Khan::all()
            .filter(shown)
            .map(|khan| (khan.index(), Some(khan)))
            .chain(outside)
            .map(|(slot, khan)| {
                let t = &self.khans[slot];
                KhanRow {
                    code: khan,
                    elsewhere: khan.is_none(),
                    name: khan.map_or(ELSEWHERE, Khan::name).to_owned(),
                    khmer: khan.map_or("", Khan::khmer).to_owned(),
                    inspections: t.inspections,
                    foreigners_identified: t.foreigners,
                    women_identified: t.women,
                    operations: t.operations.len(),
                    detained: t.detained,
                    detained_per_100_inspections: percent(t.detained, t.inspections),
                    detained_share_pct: percent(t.detained, detained),
                }
            })
            .collect()
    }

    /// Per nationality, in natural order: most detained first, then defendants, then code;
    /// "not recorded" last.
    fn nationality_rows(&self, detained: u64) -> Vec<NationalityRow> {
        let mut rows: Vec<NationalityRow> = self
            .nationalities()
            .map(|(n, t)| NationalityRow {
                code: n,
                name: n.map_or(NOT_RECORDED, Nationality::name).to_owned(),
                not_recorded: n.is_none(),
                detained: t.detained,
                detained_share_pct: percent(t.detained, detained),
                women_detained: t.women_detained,
                men_detained: t.men_detained,
                sex_not_recorded: t.sex_not_recorded,
                defendants: t.defendants,
                ringleaders: t.ringleaders,
            })
            .collect();
        rows.sort_by(|a, b| {
            a.not_recorded
                .cmp(&b.not_recorded)
                .then((b.detained, b.defendants).cmp(&(a.detained, a.defendants)))
                .then(a.code.cmp(&b.code))
        });
        rows
    }

    /// Per premises type seen, in the listed order.
    fn premises_rows(&self) -> Vec<PremisesRow> {
        PremisesType::ALL
            .iter()
            .filter_map(|p| {
                let t = self.premises(*p)?;
                Some(PremisesRow {
                    premises_type: Some(*p),
                    name: p.name().to_owned(),
                    inspections: t.inspections,
                    foreigners_identified: t.foreigners,
                    operations: t.operations.len(),
                })
            })
            .collect()
    }

    /// Per operation, by id.
    fn operation_rows(&self) -> Vec<OperationRow> {
        self.operations
            .sorted()
            .into_iter()
            .map(|(id, t)| OperationRow {
                operation_id: Some(id.to_owned()),
                label: None,
                first_date: t.first.map(|(d, _)| d),
                khan_code: t.first.and_then(|(_, p)| p.khan()),
                khan_name: t.first.map(|(_, p)| place_name(p)),
                inspections: t.inspections,
                detained: t.detained,
                nationalities: t.nationalities.iter().collect(),
            })
            .collect()
    }

    /// Per province and per district with any record, in geocode order.
    fn place_rows(&self, detained: u64) -> (Vec<PlaceRow>, Vec<PlaceRow>) {
        let mut provinces = vec![PlaceTotals::default(); Province::all().len()];
        let mut districts = Vec::new();
        for place in Place::all() {
            let t = &self.places[place.index()];
            if *t == PlaceTotals::default() {
                continue;
            }
            let province = place.province();
            provinces[province.index()].add(t);
            let (code, name) = match place.district() {
                Some(d) => (format!("{:04}", d.geocode()), d.name().to_owned()),
                None => (
                    province.info().iso.clone(),
                    format!("{}, district not given", province.name()),
                ),
            };
            districts.push((place, place_row(code, name, province.name(), t, detained)));
        }
        // Districts in geocode order, each province's "district not given" after its own.
        districts.sort_by_key(|(place, _)| (place.province(), place.district().is_none(), *place));
        let provinces = Province::all()
            .filter(|p| provinces[p.index()] != PlaceTotals::default())
            .map(|p| {
                let t = &provinces[p.index()];
                place_row(p.info().iso.clone(), p.name().to_owned(), "", t, detained)
            })
            .collect();
        (
            provinces,
            districts.into_iter().map(|(_, row)| row).collect(),
        )
    }

    /// Per court case, by id.
    fn case_rows(&self) -> Vec<CaseRow> {
        self.cases
            .sorted()
            .into_iter()
            .map(|(id, t)| CaseRow {
                case_id: Some(id.to_owned()),
                label: None,
                filed: t.filed,
                defendants: t.defendants,
                ringleaders: t.ringleaders,
                nationalities: t.nationalities.iter().collect(),
                statuses: t.statuses.iter().copied().collect(),
            })
            .collect()
    }

    /// The headline figures over everything counted.
    fn headline(&self) -> Headline {
        let foreigners: u64 = self.khans.iter().map(|k| k.foreigners).sum();
        let women: u64 = self.khans.iter().map(|k| k.women).sum();
        let filed = || self.cases.values().filter_map(|c| c.filed);
        Headline {
            first_date: earliest(self.days.keys().next().copied(), filed().min()),
            last_date: [self.days.keys().next_back().copied(), filed().max()]
                .into_iter()
                .flatten()
                .max(),
            inspections: self.khans.iter().map(|k| k.inspections).sum(),
            khans_covered: self.khans[..KHAN_SLOTS - 1]
                .iter()
                .filter(|k| k.inspections > 0)
                .count() as u64,
            foreigners_identified: foreigners,
            women_identified: women,
            women_share_pct: percent(women, foreigners),
            operations: self.operations.len() as u64,
            detained: self.khans.iter().map(|k| k.detained).sum(),
            detained_nationalities: self
                .nationalities()
                .filter(|(n, t)| n.is_some() && t.detained > 0)
                .count() as u64,
            detained_nationality_not_recorded: self
                .nationalities()
                .find(|(n, _)| n.is_none())
                .map_or(0, |(_, t)| t.detained),
            women_detained: self.nationalities().map(|(_, t)| t.women_detained).sum(),
            men_detained: self.nationalities().map(|(_, t)| t.men_detained).sum(),
            detained_sex_not_recorded: self.nationalities().map(|(_, t)| t.sex_not_recorded).sum(),
            cases: self.cases.len() as u64,
            defendants: self.cases.values().map(|c| c.defendants).sum(),
            ringleaders: self.cases.values().map(|c| c.ringleaders).sum(),
            median_days_to_court: median(&self.days_to_court),
            defendants_linked_to_arrests: self.days_to_court.values().sum(),
        }
    }

    /// Every bucket from the first to the last date of any record, empty ones included.
    fn dates(&self, interval: Interval) -> Vec<DateRow> {
        let filed_dates = self.cases.values().filter_map(|c| c.filed);
        let all_dates = self.days.keys().copied().chain(filed_dates.clone());
        let (Some(first), Some(last)) = (all_dates.clone().min(), all_dates.max()) else {
            return Vec::new();
        };
        let mut filed: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for date in filed_dates {
            *filed.entry(date).or_default() += 1;
        }
        let mut rows: Vec<DateRow> = Vec::new();
        let mut cumulative = 0;
        for day in first.iter_days().take_while(|d| *d <= last) {
            let totals = self.days.get(&day).cloned().unwrap_or_default();
            let cases_filed = filed.get(&day).copied().unwrap_or(0);
            cumulative += totals.detained;
            let (label, start) = bucket(day, interval);
            match rows.last_mut() {
                Some(row) if row.period == label => {
                    row.last_day = day;
                    row.inspections += totals.inspections;
                    row.detained += totals.detained;
                    row.cumulative_detained = cumulative;
                    row.cases_filed += cases_filed;
                }
                _ => rows.push(DateRow {
                    period: label,
                    first_day: start.max(first),
                    last_day: day,
                    inspections: totals.inspections,
                    detained: totals.detained,
                    cumulative_detained: cumulative,
                    cases_filed,
                }),
            }
        }
        rows
    }

    fn crosstab_of(
        &self,
        nationalities: &[NationalityRow],
        shown: &impl Fn(&Khan) -> bool,
        elsewhere: bool,
        shape: Shape,
    ) -> CrossTab {
        // Nationalities in their natural order, "not recorded" last.
        let columns: Vec<Option<Nationality>> = nationalities
            .iter()
            .filter(|n| n.detained > 0 && (n.code.is_some() || n.not_recorded))
            .map(|n| n.code)
            .collect();
        let outside = (elsewhere && self.khans[KHAN_SLOTS - 1].detained > 0)
            .then_some((KHAN_SLOTS - 1, None));
        let rows: Vec<CrossRow> = Khan::all()
            .filter(shown)
            .map(|khan| (khan.index(), Some(khan)))
            .chain(outside)
            .map(|(slot, khan)| {
                let detained: Vec<u64> = columns.iter().map(|n| self.crosstab(slot, *n)).collect();
                CrossRow {
                    khan_code: khan,
                    elsewhere: khan.is_none(),
                    khan_name: khan.map_or(ELSEWHERE, Khan::name).to_owned(),
                    total: detained.iter().sum(),
                    detained,
                }
            })
            .collect();
        let totals: Vec<u64> = (0..columns.len())
            .map(|i| rows.iter().map(|r| r.detained[i]).sum())
            .collect();
        CrossTab {
            total: totals.iter().sum(),
            nationalities: columns,
            rows: sort_and_fold(rows, shape, 0),
            totals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::MEASURES;
    use crate::model::Arrest;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, day).unwrap()
    }

    #[test]
    fn median_of_a_histogram() {
        let h = |pairs: &[(i64, u64)]| pairs.iter().copied().collect::<BTreeMap<_, _>>();
        assert_eq!(median(&h(&[])), None);
        assert_eq!(median(&h(&[(3, 1)])), Some(3.0));
        assert_eq!(median(&h(&[(1, 1), (4, 1)])), Some(2.5));
        assert_eq!(median(&h(&[(1, 2), (9, 1)])), Some(1.0));
        assert_eq!(median(&h(&[(0, 1), (2, 2), (7, 1)])), Some(2.0));
    }

    #[test]
    fn weeks_are_iso_weeks_and_months_calendar_months() {
        assert_eq!(bucket(d(3), Interval::Week), ("2026-W06".to_owned(), d(2)));
        assert_eq!(bucket(d(8), Interval::Week), ("2026-W06".to_owned(), d(2)));
        assert_eq!(bucket(d(9), Interval::Week), ("2026-W07".to_owned(), d(9)));
        assert_eq!(bucket(d(18), Interval::Month), ("2026-02".to_owned(), d(1)));
        let jan1 = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(bucket(jan1, Interval::Week).0, "2026-W53");
    }

    #[test]
    fn every_measure_is_a_serialized_field_and_unknown_ones_become_null() {
        let mut acc = Accumulator::default();
        acc.add_arrest(&Arrest {
            arrest_id: "A-1",
            date: d(3),
            place: Place::of_khan(Khan::resolve("1204").unwrap()),
            nationality: None,
            sex: None,
            operation_id: None,
            inspection_id: None,
            source: None,
            notes: None,
        });
        let summary = acc.summary(Shape::default());
        let text = serde_json::to_string(&summary).unwrap();
        for (key, _) in MEASURES {
            assert!(
                text.contains(&format!("\"{key}\":")),
                "{key} is serialized nowhere"
            );
        }
        let loaded = Loaded {
            inspections: false,
            arrests: true,
            prosecutions: true,
        };
        let mut value = serde_json::to_value(&summary).unwrap();
        loaded.blank(&mut value);
        assert_eq!(value["headline"]["inspections"], serde_json::Value::Null);
        assert_eq!(value["headline"]["detained"], 1);
        assert_eq!(
            value["khans"][0]["foreigners_identified"],
            serde_json::Value::Null
        );
        // Groupings named like measures stay what they are.
        assert!(value["totals"]["cases"].is_object());
        assert_eq!(value["loaded"]["inspections"], true);
    }

    #[test]
    fn percentages_have_two_decimals_and_none_for_an_empty_whole() {
        assert_eq!(percent(6683, 21104), Some(31.67));
        assert_eq!(percent(1, 3), Some(33.33));
        assert_eq!(percent(0, 0), None);
    }
}

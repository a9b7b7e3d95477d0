//! Properties of the aggregation: every grouping adds up to the headline, and merging the
//! accumulators of two halves equals one pass over the whole.

use chrono::NaiveDate;
use crackdown::aggregate::{Accumulator, Interval, Shape, SortOrder};
use crackdown::gazetteer::Place;
use crackdown::khan::Khan;
use crackdown::model::{Arrest, Inspection, PremisesType, Prosecution, Role, Sex, Status};
use crackdown::nationality::Nationality;
use crackdown::validate::LinkedArrest;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Record {
    Inspection(Inspection<'static>),
    Arrest(Arrest<'static>),
    Prosecution(Prosecution<'static>, Option<LinkedArrest>),
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..40).prop_map(|d| NaiveDate::from_ymd_opt(2026, 1, 20).unwrap() + chrono::Days::new(d))
}

/// Any place: mostly the Khans of Phnom Penh, also districts and provinces elsewhere.
fn place() -> impl Strategy<Value = Place> {
    let places: Vec<Place> = Place::all().collect();
    let khans: Vec<Place> = Khan::all().map(Place::of_khan).collect();
    prop_oneof![
        3 => prop::sample::select(khans),
        1 => prop::sample::select(places),
    ]
}

/// A nationality, or `None` (not recorded), which must add up like any other.
fn nationality() -> impl Strategy<Value = Option<Nationality>> {
    prop::sample::select(vec!["VN", "CN", "MM", "KR", "KH", "SG", "TW", ""])
        .prop_map(Nationality::from_code)
}

fn operation() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(vec![
        "OP-0", "OP-1", "OP-2", "OP-3", "OP-4", "OP-5",
    ]))
}

fn record() -> impl Strategy<Value = Record> {
    let inspection = (
        date(),
        place(),
        prop::sample::select(PremisesType::ALL.to_vec()),
        0u32..500,
        operation(),
    )
        .prop_flat_map(|(date, place, premises_type, foreigners, operation_id)| {
            (0..=foreigners).prop_map(move |women| {
                Record::Inspection(Inspection {
                    inspection_id: "",
                    date,
                    place,
                    premises_type,
                    premises_name: None,
                    foreigners_identified: foreigners,
                    women_identified: women,
                    operation_id,
                    source: None,
                    notes: None,
                })
            })
        });
    let arrest = (
        date(),
        place(),
        nationality(),
        prop::option::of(prop::sample::select(Sex::ALL.to_vec())),
        operation(),
    )
        .prop_map(|(date, place, nationality, sex, operation_id)| {
            Record::Arrest(Arrest {
                arrest_id: "",
                date,
                place,
                nationality,
                sex,
                operation_id,
                inspection_id: None,
                source: None,
                notes: None,
            })
        });
    let prosecution = (
        prop::sample::select(vec!["C-0", "C-1", "C-2", "C-3", "C-4"]),
        nationality(),
        prop::sample::select(Role::ALL.to_vec()),
        date(),
        prop::sample::select(Status::ALL.to_vec()),
        prop::option::of((date(), place())),
    )
        .prop_map(|(case, nationality, role, filed, status, arrest)| {
            Record::Prosecution(
                Prosecution {
                    case_id: case,
                    defendant_id: "",
                    arrest_id: None,
                    nationality,
                    role,
                    filed,
                    status,
                    charge: None,
                    source: None,
                    notes: None,
                },
                arrest.map(|(date, place)| LinkedArrest { date, place }),
            )
        });
    prop_oneof![inspection, arrest, prosecution]
}

fn add(acc: &mut Accumulator, records: &[Record]) {
    for r in records {
        match r {
            Record::Inspection(r) => acc.add_inspection(r),
            Record::Arrest(r) => acc.add_arrest(r),
            Record::Prosecution(r, a) => acc.add_prosecution(r, a.as_ref()),
        }
    }
}

proptest! {
    #[test]
    fn groupings_add_up_to_the_headline(records in prop::collection::vec(record(), 0..120), week in any::<bool>()) {
        let mut acc = Accumulator::default();
        add(&mut acc, &records);
        let interval = if week { Interval::Week } else { Interval::Day };
        let s = acc.summary(Shape { interval, ..Shape::default() });
        let h = &s.headline;
        let inspections = records.iter().filter(|r| matches!(r, Record::Inspection(_))).count() as u64;
        let arrests = records.iter().filter(|r| matches!(r, Record::Arrest(_))).count() as u64;
        let prosecutions = records.len() as u64 - inspections - arrests;
        prop_assert_eq!(h.inspections, inspections);
        prop_assert_eq!(h.detained, arrests);
        prop_assert_eq!(h.defendants, prosecutions);
        prop_assert_eq!(s.khans.iter().map(|k| k.inspections).sum::<u64>(), h.inspections);
        prop_assert_eq!(s.khans.iter().map(|k| k.foreigners_identified).sum::<u64>(), h.foreigners_identified);
        prop_assert_eq!(s.khans.iter().map(|k| k.women_identified).sum::<u64>(), h.women_identified);
        prop_assert_eq!(s.khans.iter().map(|k| k.detained).sum::<u64>(), h.detained);
        for places in [&s.provinces, &s.districts] {
            prop_assert_eq!(places.iter().map(|p| p.inspections).sum::<u64>(), h.inspections);
            prop_assert_eq!(places.iter().map(|p| p.foreigners_identified).sum::<u64>(), h.foreigners_identified);
            prop_assert_eq!(places.iter().map(|p| p.detained).sum::<u64>(), h.detained);
        }
        prop_assert_eq!(s.nationalities.iter().map(|n| n.detained).sum::<u64>(), h.detained);
        prop_assert_eq!(s.nationalities.iter().map(|n| n.defendants).sum::<u64>(), h.defendants);
        prop_assert_eq!(s.nationalities.iter().map(|n| n.ringleaders).sum::<u64>(), h.ringleaders);
        prop_assert_eq!(s.dates.iter().map(|d| d.inspections).sum::<u64>(), h.inspections);
        prop_assert_eq!(s.dates.iter().map(|d| d.detained).sum::<u64>(), h.detained);
        prop_assert_eq!(s.dates.iter().map(|d| d.cases_filed).sum::<u64>(), h.cases);
        prop_assert_eq!(s.dates.last().map_or(0, |d| d.cumulative_detained), h.detained);
        prop_assert_eq!(s.premises.iter().map(|p| p.inspections).sum::<u64>(), h.inspections);
        prop_assert_eq!(s.cases.iter().map(|c| c.defendants).sum::<u64>(), h.defendants);
        prop_assert_eq!(s.crosstab.total, h.detained);
        prop_assert!(h.women_identified <= h.foreigners_identified);
        // Every day of the period is there, empty ones included.
        if interval == Interval::Day
            && let (Some(first), Some(last)) = (h.first_date, h.last_date)
        {
            prop_assert_eq!(s.dates.len() as i64, (last - first).num_days() + 1);
        }
    }

    #[test]
    fn merging_two_halves_equals_one_pass(records in prop::collection::vec(record(), 0..120), cut in any::<prop::sample::Index>()) {
        let mut whole = Accumulator::default();
        add(&mut whole, &records);
        let cut = cut.index(records.len() + 1);
        let (a, b) = records.split_at(cut);
        let mut left = Accumulator::default();
        add(&mut left, a);
        let mut right = Accumulator::default();
        add(&mut right, b);
        left.merge(right);
        prop_assert_eq!(&left, &whole);
        prop_assert_eq!(left.summary(Shape::default()), whole.summary(Shape::default()));
    }

    #[test]
    fn folding_into_other_keeps_the_totals(records in prop::collection::vec(record(), 0..120), top in 1usize..5) {
        let mut acc = Accumulator::default();
        add(&mut acc, &records);
        let full = acc.summary(Shape::default());
        let folded = acc.summary(Shape { top: Some(top), sort: SortOrder::Count, ..Shape::default() });
        // The row of records in no Khan stays, last, besides the top and "other".
        let elsewhere = usize::from(full.khans.iter().any(|k| k.code.is_none()));
        prop_assert!(folded.khans.len() <= top + 1 + elsewhere);
        if elsewhere == 1 {
            prop_assert_eq!(folded.khans.last().map(|k| k.name.as_str()), Some(crackdown::aggregate::ELSEWHERE));
        }
        prop_assert!(folded.provinces.len() <= top + 1);
        prop_assert_eq!(folded.provinces.iter().map(|p| p.detained).sum::<u64>(), full.headline.detained);
        prop_assert_eq!(folded.districts.iter().map(|d| d.detained).sum::<u64>(), full.headline.detained);
        prop_assert_eq!(folded.khans.iter().map(|k| k.detained).sum::<u64>(), full.headline.detained);
        prop_assert_eq!(folded.nationalities.iter().map(|n| n.detained).sum::<u64>(), full.headline.detained);
        prop_assert_eq!(folded.cases.iter().map(|c| c.defendants).sum::<u64>(), full.headline.defendants);
        prop_assert_eq!(folded.totals, full.totals);
    }
}

//! The built-in dataset: it loads clean and adds up to exactly the published headline figures.

mod common;

use common::{TestEnv, kind_counts};
use crackdown::aggregate::{Aggregation, Shape};
use crackdown::error::{Problem, Result};
use crackdown::model::Kind;
use crackdown::validate::{self, Options, ProblemSink};

struct Fail;

impl ProblemSink for Fail {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        panic!("the built-in dataset has a problem: {problem}");
    }
}

#[test]
fn the_built_in_dataset_adds_up_to_every_published_figure() {
    let dataset = crackdown::builtin::dataset().unwrap();
    let mut aggregation = Aggregation::default();
    let outcome = validate::run(&dataset, Options::default(), &mut aggregation, &mut Fail).unwrap();
    assert!(outcome.is_clean());
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    let h = aggregation.totals.summary(Shape::default()).headline;
    assert_eq!(h.inspections, 2709);
    assert_eq!(h.khans_covered, 14);
    assert_eq!(h.foreigners_identified, 21104);
    assert_eq!(h.women_identified, 6683);
    assert_eq!(h.operations, 40);
    assert_eq!(h.detained, 284);
    assert_eq!(h.detained_nationalities, 13);
    assert_eq!(h.cases, 11);
    assert_eq!(h.defendants, 24);
    assert_eq!(h.ringleaders, 24);
    assert_eq!(h.first_date.unwrap().to_string(), "2026-02-03");
    assert_eq!(h.last_date.unwrap().to_string(), "2026-02-18");

    let published = dataset.published.unwrap();
    assert_eq!(published.period.unwrap().from.to_string(), "2026-02-03");
    let value = |name: &str| {
        published
            .figures
            .iter()
            .find(|f| f.figure == name && f.nationality.is_none())
            .unwrap()
            .value
    };
    assert_eq!(value("inspections"), h.inspections);
    assert_eq!(value("detained"), h.detained);
}

#[test]
fn validate_reports_the_built_in_dataset_clean_and_says_it_is_illustrative() {
    let env = TestEnv::new();
    let run = env.run(&["validate", "--format", "json"]);
    run.code(0)
        .stderr_has("built-in dataset")
        .stderr_has("illustrative");
    let json = run.json();
    assert_eq!(json["clean"], true);
    assert_eq!(json["dataset"]["builtin"], true);
    let counts: Vec<(String, u64, u64)> = kind_counts(&json)
        .into_iter()
        .map(|(kind, read, used, _)| (kind, read, used))
        .collect();
    assert_eq!(
        counts,
        [
            ("inspections".into(), 2709, 2709),
            ("arrests".into(), 284, 284),
            ("prosecutions".into(), 24, 24)
        ]
    );
}

#[test]
fn the_committed_files_are_the_ones_the_binary_embeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/phnom-penh-2026-02");
    for (name, text) in crackdown::builtin::FILES {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
    // The directory validates the same as the embedded copy.
    let env = TestEnv::new();
    env.run(&["validate", dir.to_str().unwrap()])
        .code(0)
        .stdout_has("clean");
}

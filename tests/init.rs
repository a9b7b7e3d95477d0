//! `crackdown init` through the binary: a new dataset that `validate` accepts as it is, whose
//! example rows are comments until they are uncommented, and that replaces nothing.

mod common;

use common::*;

#[test]
fn a_new_dataset_validates_as_it_is_and_its_examples_once_uncommented() {
    let env = TestEnv::new();
    env.run(&["init", "raids"])
        .code(0)
        .stderr_has("wrote 5 files to raids; fill them in, then: crackdown validate raids");
    let mut names = env.entries("raids");
    names.sort();
    assert_eq!(
        names,
        [
            "README.md",
            "arrests.csv",
            "inspections.csv",
            "prosecutions.csv",
            "published.json"
        ]
    );
    // Each record file: the header crackdown reads, with the province and district columns of
    // records outside Phnom Penh, then one example row as a comment.
    let with_places = |header: &str| format!("{},province,district\n", header.trim_end());
    assert!(
        env.read("raids/arrests.csv")
            .starts_with(&with_places(ARRESTS_HEADER))
    );
    assert!(
        env.read("raids/inspections.csv")
            .starts_with(&with_places(INSPECTIONS_HEADER))
    );
    assert!(
        env.read("raids/prosecutions.csv")
            .starts_with(PROSECUTIONS_HEADER)
    );

    let run = env.run(&["validate", "raids", "-f", "json"]);
    let json = run.code(0).json();
    assert_eq!(kind_counts(&json).len(), 3);
    for (kind, read, used, rejected) in kind_counts(&json) {
        assert_eq!((read, used, rejected), (0, 0, 0), "{kind}");
    }
    run.stderr_has(
        "warning: raids/arrests.csv: line 2 begins with \"# \": a comment, not read as a record",
    );
    // Every figure of the template is one crackdown checks: the empty dataset agrees with it.
    env.run(&["reconcile", "raids"])
        .code(0)
        .stdout_has("10 published figures agree");

    // The examples, uncommented, are records that check out against each other.
    for kind in ["inspections", "arrests", "prosecutions"] {
        let path = format!("raids/{kind}.csv");
        let text = env.read(&path).replace("\n# ", "\n");
        env.write(&path, text);
    }
    let json = env.run(&["validate", "raids", "-f", "json"]).code(0).json();
    for (kind, read, used, rejected) in kind_counts(&json) {
        assert_eq!((read, used, rejected), (1, 1, 0), "{kind}");
    }
}

#[test]
fn init_replaces_nothing() {
    let env = TestEnv::new();
    env.write(
        "raids/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,1204,CN,,,,,\n"),
    );
    env.run(&["init", "raids"])
        .code(2)
        .stderr_has("raids/arrests.csv already exists: crackdown init writes a new dataset and replaces nothing");
    assert_eq!(env.entries("raids"), ["arrests.csv"]);
    assert!(env.read("raids/arrests.csv").contains("A-1"));
}

#[test]
fn comment_lines_are_passed_over_and_named_but_ids_beginning_with_a_hash_are_data() {
    let env = TestEnv::new();
    env.write(
        "d/arrests.csv",
        format!(
            "{ARRESTS_HEADER}# a note on the raids of February\nA-1,2026-02-03,1204,CN,,,,,\n#\n#12,2026-02-03,1204,VN,,,,,\n# A-9,2026-02-03,1204,VN,,,,,\n"
        ),
    );
    let run = env.run(&["validate", "d", "-f", "json"]);
    let json = run.code(0).json();
    assert_eq!(kind_counts(&json), [("arrests".to_owned(), 2, 2, 0)]);
    run.stderr_has(
        "warning: d/arrests.csv: lines 2, 4, 6 begin with \"# \": comments, not read as records",
    );
    let report = env.run(&["report", "d", "-f", "json"]).code(0).json();
    assert_eq!(report["headline"]["detained"], 2);
}

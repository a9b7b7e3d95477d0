//! `crackdown figures` through the binary: writing, `--check` for CI, filters and escaping.

mod common;

use common::*;

#[test]
fn figures_are_written_and_checked() {
    let env = TestEnv::new();
    env.run(&["figures", "--out", "figs"])
        .code(0)
        .stderr_has("wrote 7 files to figs");
    let names = crackdown::render::figures::FILES;
    let first: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(env.path(&format!("figs/{n}"))).unwrap())
        .collect();
    env.run(&["figures", "--check", "--out", "figs"])
        .code(0)
        .stdout_has("figs is current: 7 files");

    // Regenerating gives the same bytes.
    env.run(&["figures", "--out", "figs"]).code(0);
    for (name, bytes) in names.iter().zip(&first) {
        assert_eq!(
            &std::fs::read(env.path(&format!("figs/{name}"))).unwrap(),
            bytes,
            "{name}"
        );
    }

    // One altered file and one deleted file are both named, and nothing is rewritten.
    let altered = env
        .read("figs/detained-by-khan.svg")
        .replace("Tuol Kouk", "Tuol Kok");
    env.write("figs/detained-by-khan.svg", &altered);
    std::fs::remove_file(env.path("figs/index.md")).unwrap();
    let run = env.run(&["figures", "--check", "--out", "figs"]);
    run.code(1)
        .stdout_has("figs is not current: 2 of 7 figure files differ")
        .stdout_has("  figs/detained-by-khan.svg differs\n")
        .stdout_has("  figs/index.md is missing\n")
        .stdout_has("Regenerate them with: crackdown figures --out figs");
    // A difference is the check's result, not a failure of the program.
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert_eq!(env.read("figs/detained-by-khan.svg"), altered);
    assert!(!env.path("figs/index.md").exists());
}

#[test]
fn the_committed_figures_are_current() {
    let env = TestEnv::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/figures");
    env.run(&["figures", "--check", "--out", dir]).code(0);
}

#[test]
fn filters_shape_the_figures_and_are_stated() {
    let env = TestEnv::new();
    env.run(&[
        "figures",
        "--out",
        "figs",
        "--khan",
        "Toul Kork",
        "--interval",
        "week",
    ])
    .code(0);
    let khans = env.read("figs/detained-by-khan.svg");
    assert!(khans.contains("Tuol Kouk"), "{khans}");
    assert!(
        !khans.contains("Chamkar Mon"),
        "only the filtered Khan is drawn"
    );
    assert!(khans.contains("Filtered: Khan Tuol Kouk"), "{khans}");
    assert!(env.read("figs/daily-activity.svg").contains("2026-W07"));
    env.run(&["figures", "--out", "figs", "--khan", "Atlantis"])
        .code(2);
}

#[test]
fn text_from_the_data_cannot_inject_markup() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/published.json",
        r#"{"name": "<script>alert(1)</script> [x](javascript:alert(1))", "source": {"title": "<img src=x onerror=alert(1)>"}, "figures": []}"#,
    );
    env.run(&["figures", "data", "--out", "figs"]).code(0);
    for name in crackdown::render::figures::FILES {
        let text = env.read(&format!("figs/{name}"));
        assert!(!text.contains("<script>alert"), "{name}: {text}");
        assert!(!text.contains("<img src=x"), "{name}: {text}");
    }
    let md = env.read("figs/index.md");
    assert!(!md.contains("[x](javascript"), "{md}");
    assert!(env.read("figs/index.html").contains("&lt;script&gt;"));
}

//! `crackdown figures` through the binary: writing, `--check` for CI, filters and escaping.

mod common;

use common::*;

#[test]
fn figures_are_written_and_checked() {
    let env = TestEnv::new();
    env.run(&["figures", "--out", "figs"])
        .code(0)
        .stderr_has("wrote 12 files to figs");
    let names = crackdown::render::figures::files(false);
    let first: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(env.path(&format!("figs/{n}"))).unwrap())
        .collect();
    env.run(&["figures", "--check", "--out", "figs"])
        .code(0)
        .stdout_has("figs is current: 12 files");

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
        .stdout_has("figs is not current: 2 of 12 figure files differ")
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
    env.run(&["figures", "--check", "--png", "--out", dir])
        .code(0);
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
    for name in crackdown::render::figures::files(false) {
        let text = env.read(&format!("figs/{name}"));
        assert!(!text.contains("<script>alert"), "{name}: {text}");
        assert!(!text.contains("<img src=x"), "{name}: {text}");
    }
    let md = env.read("figs/index.md");
    assert!(!md.contains("[x](javascript"), "{md}");
    assert!(env.read("figs/index.html").contains("&lt;script&gt;"));
}

#[test]
fn a_users_own_records_get_the_title_subtitle_source_and_credit_given() {
    let env = TestEnv::new();
    small_dataset(&env, "raids");
    std::fs::remove_file(env.path("raids/inspections.csv")).ok();
    env.run(&[
        "figures",
        "raids",
        "--out",
        "figs",
        "--title",
        "Scam-compound raids",
        "--subtitle",
        "Phnom Penh, as recorded by our newsroom",
        "--source",
        "court filings collected by The Paper, 2026-03-01",
        "--credit",
        "Jane Doe",
    ])
    .code(0);
    let svg = env.read("figs/detained-by-khan.svg");
    for said in [
        ">Scam-compound raids</text>",
        ">Phnom Penh, as recorded by our newsroom</text>",
        ">Source: court filings collected by The Paper, 2026-03-01</text>",
        ">Chart: Jane Doe</text>",
    ] {
        assert!(svg.contains(said), "{said}\n{svg}");
    }
    let md = env.read("figs/index.md");
    assert!(md.starts_with("# Figures: Scam-compound raids\n"), "{md}");
    assert_eq!(md.matches("Source: court filings").count(), 1, "{md}");
    // Without them: the directory's name and no source line.
    env.run(&["figures", "raids", "--out", "plain"]).code(0);
    let svg = env.read("plain/detained-by-khan.svg");
    assert!(svg.contains(">raids</text>"), "{svg}");
    assert!(!svg.contains("Source:"), "{svg}");
}

#[test]
fn khan_labels_are_the_gazetteer_the_common_or_the_khmer_names_in_figures_and_tables() {
    let env = TestEnv::new();
    for (set, names) in [
        ("gazetteer", ["Saensokh", "Pur SenChey", "Doun Penh"]),
        ("common", ["Sen Sok", "Por Sen Chey", "Daun Penh"]),
        ("khmer", ["សែនសុខ", "ពោធិ៍សែនជ័យ", "ដូនពេញ"]),
    ] {
        let dir = format!("figs-{set}");
        env.run(&["figures", "--out", &dir, "--labels", set])
            .code(0);
        let svg = env.read(&format!("{dir}/detained-by-khan.svg"));
        let csv = env.read(&format!("{dir}/detained-by-khan.csv"));
        let run = env.run(&["report", "--by", "khan", "--format", "csv", "--labels", set]);
        run.code(0);
        for name in names {
            assert!(svg.contains(&format!(">{name}</text>")), "{set}: {name}");
            assert!(csv.contains(name), "{set}: {name}");
            assert!(run.stdout.contains(name), "{set}: {name}\n{}", run.stdout);
        }
    }
    let run = env.run(&["figures", "--out", "x", "--labels", "press"]);
    run.code(2);
}

#[test]
fn a_year_of_days_is_marked_by_months_without_a_number_on_every_column() {
    let env = TestEnv::new();
    let mut csv = String::from(INSPECTIONS_HEADER);
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for i in 0..365 {
        let day = first + chrono::Days::new(i);
        csv.push_str(&format!(
            "INS-{i},{day},Tuol Kouk,condominium,,{},{},,,\n",
            10 + i % 7,
            i % 3
        ));
    }
    env.write("year/inspections.csv", csv);
    env.run(&["figures", "year", "--out", "figs"]).code(0);
    let svg = env.read("figs/daily-activity.svg");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let periods: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("period"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        periods,
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ]
    );
    assert!(svg.contains("Day, 2025 (ticks mark the first of each month)"));
    let columns = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar inspections"))
        .count();
    assert_eq!(columns, 365);
    // No number on columns a few px wide.
    let values = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("value"))
        .count();
    assert_eq!(values, 0);
}

#[test]
fn png_export_writes_a_png_beside_each_svg_and_checks_them() {
    let env = TestEnv::new();
    env.run(&["figures", "--out", "figs", "--png"])
        .code(0)
        .stderr_has("wrote 17 files to figs");
    let first = std::fs::read(env.path("figs/detained-by-khan.png")).unwrap();
    env.run(&["figures", "--out", "figs", "--png", "--check"])
        .code(0)
        .stdout_has("figs is current: 17 files");
    env.run(&["figures", "--out", "again", "--png"]).code(0);
    assert_eq!(
        std::fs::read(env.path("again/detained-by-khan.png")).unwrap(),
        first
    );
    assert!(
        env.read("figs/index.html")
            .contains("<a href=\"daily-activity.png\" download>")
    );
}

#[test]
fn a_narrow_width_is_drawn_and_widths_out_of_range_are_refused() {
    let env = TestEnv::new();
    env.run(&["figures", "--out", "figs", "--width", "390"])
        .code(0);
    let svg = env.read("figs/detained-by-khan.svg");
    assert!(svg.contains(r#"width="390""#), "{svg}");
    assert!(env.read("figs/index.html").contains(r#"width="390""#));
    env.run(&["figures", "--out", "figs", "--width", "100"])
        .code(2);
}

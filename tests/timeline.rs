//! The figures of a statements dataset, read back as XML: one mark per statement, conflicting
//! values drawn as such and labelled, sources in the caption, text escaped, same bytes each run.

mod common;

use common::TestEnv;

const HEADER: &str = "statement_id,published,period_start,period_end,scope,province,district,figure,nationality,value,qualifier,source_url,outlet,title,quote\n";

fn dataset(env: &TestEnv) {
    env.write(
        "d/statements.csv",
        format!(
            "{HEADER}\
a,,2025-06-27,2025-07-16,country,,,detained,,1362,exact,,Outlet <A> & Co,,\n\
b,,2025-06-27,2025-07-22,country,,,detained,,3075,exact,https://example.org/b,,,\n\
c,,2025-06-27,2025-07-22,country,,,detained,,3100,at least,,Outlet C,,\n\
e,,2025-01-01,2025-06-30,country,,,deported,,2322,exact,,Outlet E,,\n\
f,,2025-06-27,2025-07-22,country,,,locations_raided,,58,exact,,Outlet E,,\n\
p,,2025-07-16,2025-07-16,district,Kratie,Snuol,detained,,312,exact,,Outlet P,,\n\
n1,,2025-06-27,2025-07-22,country,,,detained,ID,339,exact,,Outlet C,,\n\
n2,,2025-06-27,2025-07-22,country,,,detained,ID,366,exact,https://example.org/b,,,\n\
n3,,2025-06-27,2025-07-16,country,,,detained,CN,226,exact,,Outlet <A> & Co,,\n"
        ),
    );
}

/// The elements of `svg` with `class` among their classes: (statement id, title text).
fn marked(svg: &str, class: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(svg).expect("the figure is well-formed XML");
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|w| w == class))
        })
        .map(|n| {
            let title = n
                .children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_owned();
            (n.attribute("data-statement").unwrap().to_owned(), title)
        })
        .collect()
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn the_timeline_has_one_mark_per_statement_and_draws_conflicts_as_such() {
    let env = TestEnv::new();
    dataset(&env);
    let run = env.run(&["figures", "d", "--out", "figs"]);
    run.code(0).stderr_has("wrote 3 files");
    assert_eq!(
        env.entries("figs"),
        [
            "statements-by-nationality.svg",
            "statements-by-province.svg",
            "timeline.svg"
        ]
    );
    let svg = env.read("figs/timeline.svg");
    let mut marks: Vec<String> = marked(&svg, "mark").into_iter().map(|m| m.0).collect();
    marks.sort();
    assert_eq!(
        marks,
        ["a", "b", "c", "e"],
        "detained and deported, country-wide"
    );
    let conflicts = marked(&svg, "conflict");
    assert_eq!(
        conflicts,
        [
            ("b".to_owned(), "b: 3,075 [2]".to_owned()),
            ("c".to_owned(), "c: at least 3,100 [3]".to_owned())
        ]
    );
    let texts = texts(&svg);
    assert!(texts.contains(&"3,075 [2]".to_owned()), "{texts:?}");
    assert!(
        texts.contains(&"at least 3,100 [3]".to_owned()),
        "{texts:?}"
    );
    // Sources in the caption, numbered as the labels cite them, text escaped and read back whole.
    assert!(
        texts.contains(&"[1] Outlet <A> & Co".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"[2] https://example.org/b".to_owned()),
        "{texts:?}"
    );
    assert!(svg.contains("Outlet &lt;A&gt; &amp; Co"));

    let provinces = env.read("figs/statements-by-province.svg");
    assert_eq!(
        marked(&provinces, "bar"),
        [("p".to_owned(), "p: 312 [1]".to_owned())]
    );
    let nationalities = env.read("figs/statements-by-nationality.svg");
    let bars = marked(&nationalities, "bar");
    let ids: Vec<&str> = bars.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(ids, ["n1", "n2"], "the latest period only");
    assert_eq!(marked(&nationalities, "conflict").len(), 2);

    // The same statements give the same bytes, and --check says so.
    env.run(&["figures", "d", "--out", "figs", "--check"])
        .code(0);
    env.write("figs/timeline.svg", "old");
    env.run(&["figures", "d", "--out", "figs", "--check"])
        .code(1)
        .stdout_has("timeline.svg differs");
}

#[test]
fn the_campaign_dataset_draws_its_timeline() {
    let env = TestEnv::new();
    env.run(&["figures", "cambodia-campaign", "--out", "figs"])
        .code(0);
    let svg = env.read("figs/timeline.svg");
    let marks = marked(&svg, "mark");
    assert!(!marks.is_empty());
    // Every mark's label cites a source listed in the caption.
    let texts = texts(&svg);
    for (_, title) in &marks {
        let cite = title.rsplit('[').next().unwrap().trim_end_matches(']');
        assert!(
            texts.iter().any(|t| t.starts_with(&format!("[{cite}] "))),
            "{title}"
        );
    }
}

//! The figures of the built-in dataset and of odd summaries: every SVG is well-formed XML and
//! shows the summary's own numbers, the bytes never change between runs, and text from the data
//! cannot inject markup into the SVG, HTML or Markdown.

use crackdown::aggregate::{Accumulator, Aggregation, Interval, NationalityRow, Shape, Summary};
use crackdown::commands::dataset_info;
use crackdown::error::{Problem, Result};
use crackdown::khan::Khan;
use crackdown::model::Kind;
use crackdown::render::figures::{self, Caption, FILES, FigureFile, illustrative_line};
use crackdown::text::group_digits;
use crackdown::validate::{self, Options, ProblemSink};

struct Fail;

impl ProblemSink for Fail {
    fn problem(&mut self, _kind: Kind, problem: Problem) -> Result<()> {
        panic!("the built-in dataset has a problem: {problem}");
    }
}

fn summarise(aggregation: &mut Aggregation, shape: Shape) -> Summary {
    let dataset = crackdown::builtin::dataset().unwrap();
    validate::run(&dataset, Options::default(), aggregation, &mut Fail).unwrap();
    aggregation.totals.summary(shape)
}

/// The summary and caption of the built-in dataset.
fn builtin(shape: Shape) -> (Summary, Caption) {
    let mut aggregation = Aggregation::default();
    let summary = summarise(&mut aggregation, shape);
    let dataset = crackdown::builtin::dataset().unwrap();
    (
        summary,
        Caption::new(&dataset_info(&dataset), &aggregation.filter, None),
    )
}

fn file<'a>(files: &'a [FigureFile], name: &str) -> &'a str {
    let file = files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(&file.bytes).unwrap()
}

/// Parses an SVG, checking the frame every figure shares.
fn parse<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}\n{text}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("width"), Some("800"), "{name}");
    let height = root.attribute("height").unwrap();
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 800 {height}").as_str())
    );
    assert!(
        root.attribute("font-family")
            .unwrap()
            .starts_with("DejaVu Sans")
    );
    assert_eq!(count(&doc, "rect", "background"), 1, "{name}");
    doc
}

/// The text of every `<text>` element, in document order.
fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

fn has_text(doc: &roxmltree::Document, text: &str) -> bool {
    texts(doc).iter().any(|t| t == text)
}

/// Whether `text` is said in the figure, wrapped over lines or not.
fn has_paragraph(doc: &roxmltree::Document, text: &str) -> bool {
    texts(doc).join(" ").contains(text)
}

/// How many `tag` elements have exactly the class `class`.
fn count(doc: &roxmltree::Document, tag: &str, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute("class") == Some(class))
        .count()
}

fn svgs(files: &[FigureFile]) -> impl Iterator<Item = (&str, &str)> {
    files
        .iter()
        .filter(|f| f.name.ends_with(".svg"))
        .map(|f| (f.name.as_str(), std::str::from_utf8(&f.bytes).unwrap()))
}

#[test]
fn every_file_comes_in_its_order_and_every_svg_is_well_formed() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, FILES);
    let illustrative = illustrative_line(&caption.published);
    assert_eq!(
        illustrative,
        "Only the headline figures and the defendants per nationality are published; every other breakdown comes from illustrative records."
    );
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        // Caption, source and the illustrative note on every figure.
        assert!(has_text(&doc, &caption.dataset), "{name}");
        assert!(has_text(&doc, caption.source.as_deref().unwrap()), "{name}");
        // Each figure says where its numbers come from: the defendants per nationality are
        // published in full, every other breakdown is illustrative.
        if name == "defendants-by-nationality.svg" {
            assert!(!has_paragraph(&doc, &illustrative), "{name}");
            assert!(
                text.contains("Published: defendants per nationality"),
                "{name}"
            );
        } else {
            assert!(has_paragraph(&doc, &illustrative), "{name}");
        }
        assert!(!text.contains("No data"), "{name}");
    }
}

#[test]
fn the_khan_chart_shows_every_khan_with_its_number_largest_first() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let doc = parse("khan", file(&files, "detained-by-khan.svg"));
    for khan in &summary.khans {
        assert!(has_text(&doc, &khan.name), "{}", khan.name);
        assert!(
            has_text(&doc, &group_digits(khan.detained)),
            "{}",
            khan.name
        );
    }
    assert_eq!(count(&doc, "rect", "bar detained"), summary.khans.len());
    // Names appear largest first.
    let mut expected = summary.khans.clone();
    expected.sort_by_key(|k| std::cmp::Reverse(k.detained));
    let names: Vec<String> = texts(&doc)
        .into_iter()
        .filter(|t| summary.khans.iter().any(|k| &k.name == t))
        .collect();
    let expected: Vec<String> = expected.into_iter().map(|k| k.name).collect();
    assert_eq!(names, expected);
    assert!(has_text(&doc, "Detained (persons)"));
}

#[test]
fn the_nationality_chart_shows_counts_and_shares_of_those_detained() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let doc = parse("nationality", file(&files, "detained-by-nationality.svg"));
    let vn = summary
        .nationalities
        .iter()
        .find(|n| n.code.is_some_and(|c| c.code() == "VN"))
        .unwrap();
    assert!(has_text(&doc, "Vietnam"));
    assert!(
        texts(&doc)
            .iter()
            .any(|t| t.starts_with(&format!("{} (", vn.detained)))
    );
    let mut bars = 0;
    for n in &summary.nationalities {
        if n.detained == 0 {
            // Only charged, never detained (Cambodia in the built-in data): not in this chart.
            assert!(!has_text(&doc, &n.name), "{}", n.name);
            continue;
        }
        bars += 1;
        let share = format!(
            "{} ({:.1}%)",
            group_digits(n.detained),
            n.detained_share_pct.unwrap()
        );
        assert!(has_text(&doc, &n.name), "{}", n.name);
        assert!(has_text(&doc, &share), "{share}");
    }
    assert_eq!(count(&doc, "rect", "bar detained"), bars);
    assert_eq!(bars as u64, summary.headline.detained_nationalities);
}

#[test]
fn the_daily_chart_has_one_column_per_period_and_a_running_total() {
    for interval in [Interval::Day, Interval::Week, Interval::Month] {
        let (summary, caption) = builtin(Shape {
            interval,
            ..Shape::default()
        });
        let files = figures::render(&summary, &caption);
        let doc = parse("daily", file(&files, "daily-activity.svg"));
        let n = summary.dates.len();
        assert_eq!(count(&doc, "rect", "bar inspections"), n, "{interval:?}");
        assert_eq!(count(&doc, "rect", "bar detained"), n, "{interval:?}");
        let line = doc
            .descendants()
            .find(|e| e.attribute("class") == Some("line cumulative"))
            .unwrap();
        assert_eq!(line.attribute("points").unwrap().split(' ').count(), n);
        for row in &summary.dates {
            assert!(has_text(&doc, &group_digits(row.inspections)), "{row:?}");
            assert!(has_text(&doc, &group_digits(row.detained)), "{row:?}");
        }
        let last = summary.dates.last().unwrap().cumulative_detained;
        assert_eq!(last, summary.headline.detained);
        assert!(has_text(&doc, &group_digits(last)));
        assert!(has_text(&doc, "inspections"));
        assert!(has_text(&doc, "persons"));
    }
}

#[test]
fn the_identified_chart_pairs_foreign_nationals_and_women_per_khan() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let doc = parse("identified", file(&files, "identified-by-khan.svg"));
    for khan in &summary.khans {
        assert!(has_text(&doc, &khan.name));
        assert!(has_text(&doc, &group_digits(khan.foreigners_identified)));
        assert!(has_text(&doc, &group_digits(khan.women_identified)));
    }
    assert_eq!(count(&doc, "rect", "bar foreigners"), summary.khans.len());
    assert_eq!(count(&doc, "rect", "bar women"), summary.khans.len());
    assert!(has_text(&doc, "of them women"));
    let total = group_digits(summary.headline.foreigners_identified);
    assert!(texts(&doc).iter().any(|t| t.starts_with(&total)), "{total}");
}

#[test]
fn the_defendants_chart_splits_each_nationality_by_role() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let doc = parse("defendants", file(&files, "defendants-by-nationality.svg"));
    let charged: Vec<&NationalityRow> = summary
        .nationalities
        .iter()
        .filter(|n| n.defendants > 0)
        .collect();
    assert!(!charged.is_empty());
    for n in &charged {
        assert!(has_text(&doc, &n.name), "{}", n.name);
        assert!(has_text(&doc, &group_digits(n.defendants)), "{}", n.name);
    }
    assert_eq!(count(&doc, "rect", "bar ringleaders"), charged.len());
    assert_eq!(count(&doc, "rect", "bar associates"), charged.len());
    assert!(has_text(&doc, "ringleader"));
    assert!(has_text(&doc, "associate or other"));
}

#[test]
fn the_index_pages_show_every_figure_with_its_caption_and_source() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption);
    let md = file(&files, "index.md");
    let html = file(&files, "index.html");
    let source = caption.source.as_deref().unwrap();
    for (name, _) in svgs(&files) {
        assert_eq!(md.matches(&format!("]({name})")).count(), 1, "{name}");
        assert_eq!(html.matches(&format!("<img src=\"{name}\"")).count(), 1);
    }
    assert_eq!(md.matches(source).count(), 5);
    assert_eq!(html.matches(source).count(), 5);
    assert!(md.starts_with("# Figures: Phnom Penh crackdown"));
    let illustrative = illustrative_line(&caption.published);
    assert!(md.contains(&illustrative) && html.contains(&illustrative));
    assert!(md.ends_with(".com\n") && !md.ends_with("\n\n"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let (summary, caption) = builtin(Shape::default());
    let again = builtin(Shape::default());
    assert_eq!(
        figures::render(&summary, &caption),
        figures::render(&again.0, &again.1)
    );
}

const EVIL: &str = "<script>alert(1)</script>](javascript:x) \"'&amp; *x* _y_ `z` | \\ \u{1b}";

#[test]
fn text_from_the_data_cannot_inject_markup() {
    let (summary, _) = builtin(Shape::default());
    let caption = Caption {
        dataset: format!("Data {EVIL}"),
        source: Some(format!("Source: {EVIL}")),
        illustrative: false,
        filters: Some(format!("Filtered: {EVIL}")),
        left_out: Some(format!("Left out: {EVIL}")),
        published: Vec::new(),
    };
    let files = figures::render(&summary, &caption);
    for f in &files {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        assert!(!text.to_lowercase().contains("<script"), "{}", f.name);
        assert!(!text.contains('\u{1b}'), "{}", f.name);
    }
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
        // Escaped, not dropped: the text reads back as written (the escape character aside).
        let shown = format!("Data {}", EVIL.replace('\u{1b}', "\u{fffd}"));
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(title.ends_with(&shown), "{title}");
        // On the figure itself the caption may wrap over lines.
        assert!(texts(&doc).join(" ").contains(&shown), "{name}");
        assert!(!has_paragraph(&doc, "is illustrative"));
    }
    // In SVG and HTML "](" is plain text; in Markdown it would make a link.
    let md = file(&files, "index.md");
    let links = md.matches("](").count() - md.matches(r"\](").count();
    assert_eq!(
        links, 5,
        "only the five images link; an escaped ] opens no link"
    );
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains(r"\](javascript:x)"));
    assert!(md.contains(r"\*x\* \_y\_ \`z\` \| \\"));
    assert!(md.contains("&amp;amp;"));
    let html = file(&files, "index.html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&#39;&amp;amp;"));
}

#[test]
fn an_empty_summary_renders_valid_figures_that_say_there_is_no_data() {
    let summary = Accumulator::default().summary(Shape::default());
    let caption = Caption {
        dataset: "Nothing".to_owned(),
        ..Caption::default()
    };
    let files = figures::render(&summary, &caption);
    assert_eq!(files.len(), FILES.len());
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        assert!(
            texts(&doc).iter().any(|t| t.starts_with("No data")),
            "{name}"
        );
        assert_eq!(count(&doc, "rect", "no-data"), 1, "{name}");
    }
    assert!(file(&files, "index.md").contains("![Persons detained by Khan](detained-by-khan.svg)"));
}

#[test]
fn a_single_khan_renders_one_bar_and_zeros_for_the_rest() {
    let mut aggregation = Aggregation::default();
    aggregation.filter.khans = [Khan::resolve("Tuol Kouk").unwrap()].into();
    let summary = summarise(&mut aggregation, Shape::default());
    let dataset = crackdown::builtin::dataset().unwrap();
    let caption = Caption::new(&dataset_info(&dataset), &aggregation.filter, None);
    assert_eq!(caption.filters.as_deref(), Some("Filtered: Khan Tuol Kouk"));
    let files = figures::render(&summary, &caption);
    let doc = parse("khan", file(&files, "detained-by-khan.svg"));
    let tuol_kouk = summary
        .khans
        .iter()
        .find(|k| k.name == "Tuol Kouk")
        .unwrap();
    assert!(tuol_kouk.detained > 0);
    let non_zero = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar detained"))
        .filter(|n| n.attribute("width") != Some("0"))
        .count();
    assert_eq!(non_zero, 1);
    assert!(has_text(&doc, "Filtered: Khan Tuol Kouk"));
    for (name, text) in svgs(&files) {
        parse(name, text);
    }
}

#[test]
fn rows_folded_into_other_come_last_under_their_name() {
    let (summary, caption) = builtin(Shape {
        top: Some(3),
        ..Shape::default()
    });
    let other = summary.khans.last().unwrap();
    assert_eq!(other.code, None);
    let files = figures::render(&summary, &caption);
    let doc = parse("khan", file(&files, "detained-by-khan.svg"));
    let names: Vec<String> = texts(&doc)
        .into_iter()
        .filter(|t| summary.khans.iter().any(|k| &k.name == t))
        .collect();
    assert_eq!(names.len(), 4);
    assert_eq!(names.last(), Some(&other.name));
    let doc = parse("nationality", file(&files, "detained-by-nationality.svg"));
    let other = summary.nationalities.last().unwrap();
    assert!(other.name.starts_with("other ("));
    assert!(has_text(&doc, &other.name));
}

#[test]
fn very_large_numbers_keep_their_separators() {
    let mut summary = Accumulator::default().summary(Shape::default());
    summary.headline.detained = u64::MAX;
    summary.nationalities = vec![NationalityRow {
        code: crackdown::nationality::Nationality::from_code("VN"),
        not_recorded: false,
        men_detained: 0,
        sex_not_recorded: 0,
        name: "Vietnam".to_owned(),
        detained: u64::MAX,
        detained_share_pct: Some(100.0),
        women_detained: 0,
        defendants: 0,
        ringleaders: 0,
    }];
    let files = figures::render(&summary, &Caption::default());
    let doc = parse("nationality", file(&files, "detained-by-nationality.svg"));
    assert!(has_text(&doc, "18,446,744,073,709,551,615 (100.0%)"));
    assert!(
        texts(&doc)
            .iter()
            .any(|t| t.starts_with("18,446,744,073,709,551,615 persons detained"))
    );
}

//! The figures of the built-in dataset and of odd summaries: every SVG is well-formed XML and
//! shows the summary's own numbers, the bytes never change between runs, and text from the data
//! cannot inject markup into the SVG, HTML or Markdown.

use crackdown::aggregate::{Accumulator, Aggregation, Interval, NationalityRow, Shape, Summary};
use crackdown::commands::dataset_info;
use crackdown::error::{Problem, Result};
use crackdown::khan::Khan;
use crackdown::model::Kind;
use crackdown::render::figures::{self, Caption, FigureFile, Words, illustrative_line};
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
        Caption::new(
            &dataset_info(&dataset),
            &aggregation.filter,
            None,
            &Words::default(),
        ),
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
    let files = figures::render(&summary, &caption, figures::Options::default());
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, figures::files(false));
    let illustrative = illustrative_line(&caption.published);
    assert_eq!(
        illustrative,
        "Only the headline figures and the defendants per nationality are published; every other breakdown comes from illustrative records."
    );
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        // Caption, source and the illustrative note on every figure.
        assert!(has_text(&doc, &caption.dataset), "{name}");
        assert!(
            has_paragraph(&doc, caption.source.as_deref().unwrap()),
            "{name}"
        );
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
    let files = figures::render(&summary, &caption, figures::Options::default());
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
    let files = figures::render(&summary, &caption, figures::Options::default());
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
        let files = figures::render(&summary, &caption, figures::Options::default());
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

/// The `rect`s of class `class`, as (x, y, width, height).
fn rects(doc: &roxmltree::Document, class: &str) -> Vec<(f64, f64, f64, f64)> {
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class))
        .map(|n| {
            (
                num(&n, "x"),
                num(&n, "y"),
                num(&n, "width"),
                num(&n, "height"),
            )
        })
        .collect()
}

#[test]
fn the_women_identified_are_drawn_inside_the_bar_of_the_foreign_nationals() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption, figures::Options::default());
    let doc = parse("identified", file(&files, "identified-by-khan.svg"));
    for khan in &summary.khans {
        assert!(has_text(&doc, &khan.name));
        let label = format!(
            "{}, {} women",
            group_digits(khan.foreigners_identified),
            group_digits(khan.women_identified)
        );
        assert!(has_text(&doc, &label), "{label}");
    }
    let foreigners = rects(&doc, "bar foreigners");
    let women = rects(&doc, "bar women");
    assert_eq!(foreigners.len(), summary.khans.len());
    assert_eq!(women.len(), summary.khans.len());
    // One bar per Khan, the women's over its start: same left end, no longer, and inside it
    // from top to bottom; never a bar of its own beside it.
    for (f, w) in foreigners.iter().zip(&women) {
        assert_eq!(f.0, w.0, "{f:?} {w:?}");
        assert!(w.2 <= f.2 && w.2 > 0.0, "{f:?} {w:?}");
        assert!(w.1 > f.1 && w.1 + w.3 < f.1 + f.3, "{f:?} {w:?}");
    }
    // The bars' lengths keep the numbers' proportions.
    let (f, w) = (foreigners[0], women[0]);
    let top = summary
        .khans
        .iter()
        .max_by_key(|k| k.foreigners_identified)
        .unwrap();
    let ratio = top.women_identified as f64 / top.foreigners_identified as f64;
    assert!((w.2 / f.2 - ratio).abs() < 0.01, "{} vs {ratio}", w.2 / f.2);
    assert!(has_text(&doc, "of them women"));
    assert!(has_text(&doc, "foreign nationals identified"));
}

#[test]
fn the_defendants_are_a_small_table_with_a_row_per_nationality_and_a_total() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption, figures::Options::default());
    let doc = parse("defendants", file(&files, "defendants-by-nationality.svg"));
    let charged: Vec<&NationalityRow> = summary
        .nationalities
        .iter()
        .filter(|n| n.defendants > 0)
        .collect();
    assert!(!charged.is_empty());
    let heads: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("head"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert_eq!(
        heads,
        [
            "Nationality",
            "Defendants",
            "Ringleaders",
            "Associate or other"
        ]
    );
    let cells: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert_eq!(cells.len(), 4 * charged.len());
    for (row, n) in cells.chunks(4).zip(&charged) {
        let others = n.defendants - n.ringleaders;
        assert_eq!(
            row,
            [
                n.name.clone(),
                group_digits(n.defendants),
                group_digits(n.ringleaders),
                group_digits(others)
            ]
        );
    }
    let h = &summary.headline;
    let total: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("total"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert_eq!(
        total,
        [
            "All".to_owned(),
            group_digits(h.defendants),
            group_digits(h.ringleaders),
            group_digits(h.defendants - h.ringleaders)
        ]
    );
    // No legend and no bars: nothing that stands for something not drawn.
    assert_eq!(count(&doc, "rect", "swatch"), 0);
    assert!(
        !doc.descendants()
            .any(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar")))
    );
    // The line under the title says the roles in words a reader would use.
    let roles = if h.ringleaders == h.defendants {
        "all of them suspected ringleaders".to_owned()
    } else {
        format!(
            "{} of them suspected ringleaders",
            group_digits(h.ringleaders)
        )
    };
    assert!(has_paragraph(&doc, &roles), "{roles}");
}

#[test]
fn the_index_pages_show_every_figure_with_its_data_and_say_the_source_once() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption, figures::Options::default());
    let md = file(&files, "index.md");
    let html = file(&files, "index.html");
    let source = caption.source.as_deref().unwrap();
    for name in figures::FIGURES {
        assert_eq!(md.matches(&format!("]({name}.svg)")).count(), 1, "{name}");
        assert_eq!(md.matches(&format!("]({name}.csv)")).count(), 1, "{name}");
        assert_eq!(html.matches(&format!("<img src=\"{name}.svg\"")).count(), 1);
        assert_eq!(
            html.matches(&format!("<a href=\"{name}.csv\" download>"))
                .count(),
            1
        );
        assert!(files.iter().any(|f| f.name == format!("{name}.csv")));
    }
    // The source is said once on each page (every figure also carries it).
    assert_eq!(md.matches(source).count(), 1);
    assert_eq!(html.matches(&figures_html(source)).count(), 1);
    // Each figure's title is its heading on the page, not also its image's text.
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap()
            .split(':')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(md.matches(&format!("## {title}\n")).count(), 1, "{title}");
        assert!(!md.contains(&format!("![{title}]")), "{title}");
    }
    assert!(md.starts_with("# Figures: Phnom Penh crackdown"));
    let illustrative = illustrative_line(&caption.published);
    assert!(md.contains(&illustrative) && html.contains(&illustrative));
    assert!(md.ends_with(".csv)\n") && !md.ends_with("\n\n"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
}

/// `text` as the HTML page writes it.
fn figures_html(text: &str) -> String {
    text.replace('&', "&amp;")
}

#[test]
fn each_figure_says_its_data_to_a_screen_reader_and_writes_it_as_csv() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption, figures::Options::default());
    let html = file(&files, "index.html");
    let doc = parse("khan", file(&files, "detained-by-khan.svg"));
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap();
    let mut khans: Vec<_> = summary.khans.iter().collect();
    khans.sort_by_key(|k| std::cmp::Reverse(k.detained));
    let top3: Vec<String> = khans
        .iter()
        .take(3)
        .map(|k| format!("{} {}", k.name, group_digits(k.detained)))
        .collect();
    let said = format!("Largest: {}", top3.join(", "));
    assert!(desc.contains(&said), "{desc}");
    let total = format!(
        "{} persons detained in all",
        group_digits(summary.headline.detained)
    );
    assert!(desc.contains(&total), "{desc}");
    // The page's image says the same.
    assert!(
        html.contains(&format!("alt=\"Persons detained by Khan. {said}")),
        "{html}"
    );
    // The CSV holds every Khan's number, largest first.
    let csv = file(&files, "detained-by-khan.csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("khan,code,detained"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), summary.khans.len());
    for (row, k) in rows.iter().zip(&khans) {
        assert_eq!(
            *row,
            format!("{},{},{}", k.name, k.code.unwrap().code(), k.detained)
        );
    }
    let daily = file(&files, "daily-activity.csv");
    assert_eq!(
        daily.lines().next(),
        Some("period,first_day,last_day,inspections,detained,cumulative_detained")
    );
    assert_eq!(daily.lines().count(), summary.dates.len() + 1);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let (summary, caption) = builtin(Shape::default());
    let again = builtin(Shape::default());
    assert_eq!(
        figures::render(&summary, &caption, figures::Options::default()),
        figures::render(&again.0, &again.1, figures::Options::default())
    );
}

const EVIL: &str = "<script>alert(1)</script>](javascript:x) \"'&amp; *x* _y_ `z` | \\ \u{1b}";

#[test]
fn text_from_the_data_cannot_inject_markup() {
    let (summary, _) = builtin(Shape::default());
    let caption = Caption {
        dataset: format!("Data {EVIL}"),
        subtitle: Some(format!("Sub {EVIL}")),
        source: Some(format!("Source: {EVIL}")),
        credit: Some(format!("Chart: {EVIL}")),
        illustrative: false,
        filters: Some(format!("Filtered: {EVIL}")),
        left_out: Some(format!("Left out: {EVIL}")),
        published: Vec::new(),
    };
    let files = figures::render(&summary, &caption, figures::Options::default());
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
        links, 10,
        "only the five images and their five CSV files link; an escaped ] opens no link"
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
    let files = figures::render(&summary, &caption, figures::Options::default());
    assert_eq!(files.len(), figures::files(false).len());
    for (name, text) in svgs(&files) {
        let doc = parse(name, text);
        assert!(
            texts(&doc).iter().any(|t| t.starts_with("No data")),
            "{name}"
        );
        assert_eq!(count(&doc, "rect", "no-data"), 1, "{name}");
    }
    assert!(file(&files, "index.md").contains("![Persons detained by Khan. "));
    assert!(file(&files, "index.md").contains("](detained-by-khan.svg)"));
}

#[test]
fn a_single_khan_renders_one_bar_and_zeros_for_the_rest() {
    let mut aggregation = Aggregation::default();
    aggregation.filter.khans = [Khan::resolve("Tuol Kouk").unwrap()].into();
    let summary = summarise(&mut aggregation, Shape::default());
    let dataset = crackdown::builtin::dataset().unwrap();
    let caption = Caption::new(
        &dataset_info(&dataset),
        &aggregation.filter,
        None,
        &Words::default(),
    );
    assert_eq!(caption.filters.as_deref(), Some("Filtered: Khan Tuol Kouk"));
    let files = figures::render(&summary, &caption, figures::Options::default());
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
    let files = figures::render(&summary, &caption, figures::Options::default());
    let doc = parse("khan", file(&files, "detained-by-khan.svg"));
    let names: Vec<String> = texts(&doc)
        .into_iter()
        .filter(|t| summary.khans.iter().any(|k| &k.name == t))
        .collect();
    assert_eq!(names.len(), 4);
    assert_eq!(names.last(), Some(&other.name));
    // The folded rows are grey, in no colour of a real Khan or nationality, and last, even
    // when they are the largest.
    let bars = rects(&doc, "bar other");
    assert_eq!(bars.len(), 1);
    let detained = rects(&doc, "bar detained");
    assert!(detained.iter().all(|d| d.1 < bars[0].1));
    let doc = parse("nationality", file(&files, "detained-by-nationality.svg"));
    let other = summary.nationalities.last().unwrap();
    assert!(other.name.starts_with("other ("));
    assert!(has_text(&doc, &other.name));
    let grey = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar other"))
        .collect::<Vec<_>>();
    assert_eq!(grey.len(), 1);
    let fill = grey[0].attribute("fill").unwrap();
    assert!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("bar detained"))
            .all(|n| n.attribute("fill") != Some(fill))
    );
    let names: Vec<String> = texts(&doc)
        .into_iter()
        .filter(|t| summary.nationalities.iter().any(|k| &k.name == t))
        .collect();
    assert_eq!(names.last(), Some(&other.name));
    let widths = rects(&doc, "bar detained");
    let other_bar = rects(&doc, "bar other")[0];
    // In the built-in data the folded nationalities outnumber the third largest.
    assert!(
        widths.iter().any(|w| w.2 < other_bar.2),
        "{widths:?} {other_bar:?}"
    );
    assert!(widths.iter().all(|w| w.1 < other_bar.1));
}

/// The number of the last tick under a bar chart, and the largest bar's number.
fn tick_numbers(doc: &roxmltree::Document) -> Vec<u64> {
    texts(doc)
        .iter()
        .filter_map(|t| t.replace(',', "").parse::<u64>().ok())
        .collect()
}

#[test]
fn every_axis_ends_on_a_tick_at_or_above_its_largest_value() {
    let (summary, caption) = builtin(Shape::default());
    let files = figures::render(&summary, &caption, figures::Options::default());
    // Daily inspections reach 198: the axis goes on to 200 (it stopped at 150).
    let max = summary.dates.iter().map(|d| d.inspections).max().unwrap();
    assert_eq!(max, 198);
    let doc = parse("daily", file(&files, "daily-activity.svg"));
    assert!(has_text(&doc, "200"));
    // Bar charts: the largest tick is at or above the largest bar, and the bar ends before it.
    for (name, largest) in [
        (
            "detained-by-khan.svg",
            summary.khans.iter().map(|k| k.detained).max().unwrap(),
        ),
        (
            "identified-by-khan.svg",
            summary
                .khans
                .iter()
                .map(|k| k.foreigners_identified)
                .max()
                .unwrap(),
        ),
    ] {
        let doc = parse(name, file(&files, name));
        let ticks: Vec<u64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("fill") == Some("#555555"))
            .filter_map(|n| n.text()?.replace(',', "").parse().ok())
            .collect();
        let top = *ticks.iter().max().unwrap();
        assert!(top >= largest, "{name}: {ticks:?} below {largest}");
        assert!(tick_numbers(&doc).contains(&top));
    }
}

#[test]
fn png_export_gives_the_same_bytes_twice_at_twice_the_figures_size() {
    let (summary, caption) = builtin(Shape::default());
    let options = figures::Options {
        png: true,
        ..figures::Options::default()
    };
    let files = figures::render(&summary, &caption, options);
    let again = figures::render(&summary, &caption, options);
    assert_eq!(files, again);
    assert_eq!(
        files.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
        figures::files(true)
    );
    for name in figures::FIGURES {
        let svg = parse(name, file(&files, &format!("{name}.svg")));
        let root = svg.root_element();
        let size = |a: &str| root.attribute(a).unwrap().parse::<u32>().unwrap();
        let png = files
            .iter()
            .find(|f| f.name == format!("{name}.png"))
            .unwrap();
        assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
        let image = resvg::tiny_skia::Pixmap::decode_png(&png.bytes).unwrap();
        assert_eq!(image.width(), size("width") * figures::png::SCALE, "{name}");
        assert_eq!(
            image.height(),
            size("height") * figures::png::SCALE,
            "{name}"
        );
        // Text was drawn: the title's dark ink is there, not only the bars' colours.
        let ink = image
            .pixels()
            .iter()
            .filter(|p| p.red() < 0x30 && p.green() < 0x30 && p.blue() < 0x30)
            .count();
        assert!(ink > 1000, "{name}: {ink} dark pixels");
    }
}

#[test]
fn a_phone_width_figure_keeps_its_text_readable_and_apart() {
    let (summary, caption) = builtin(Shape::default());
    let options = figures::Options {
        width: 390.0,
        ..figures::Options::default()
    };
    let files = figures::render(&summary, &caption, options);
    for (name, text) in svgs(&files) {
        let doc = roxmltree::Document::parse(text).unwrap();
        assert_eq!(doc.root_element().attribute("width"), Some("390"), "{name}");
        for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
            assert!(size >= 11.0, "{name}: {size} px {:?}", n.text());
        }
        // Every Khan or nationality name on a line of its own above its bar, and no gridline
        // or axis drawn through it.
        let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let lines: Vec<(f64, f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("line") && n.attribute("x1") == n.attribute("x2"))
            .map(|n| (num(&n, "x1"), num(&n, "y1"), num(&n, "y2")))
            .collect();
        for n in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("name"))
        {
            assert_eq!(n.attribute("x"), Some("14"), "{name}");
            let (baseline, size) = (num(&n, "y"), num(&n, "font-size"));
            // A generous width: no letter of the font is wider than a size.
            let right = 14.0 + size * n.text().unwrap().chars().count() as f64;
            for &(x, y1, y2) in &lines {
                let crosses = x >= 14.0 && x <= right && y1 < baseline && y2 > baseline - size;
                assert!(!crosses, "{name}: a line at x {x} crosses {:?}", n.text());
            }
        }
    }
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
    let files = figures::render(&summary, &Caption::default(), figures::Options::default());
    let doc = parse("nationality", file(&files, "detained-by-nationality.svg"));
    assert!(has_text(&doc, "18,446,744,073,709,551,615 (100.0%)"));
    assert!(
        texts(&doc)
            .iter()
            .any(|t| t.starts_with("18,446,744,073,709,551,615 persons detained"))
    );
}

//! Figures: the [`Summary`] drawn as SVG charts, with index pages in Markdown and HTML that show
//! them. Pure: the same summary and caption always give the same bytes, with no clock, no random
//! ids and no system fonts involved (text is measured from a fixed table of font widths).
//!
//! Every number shown comes from the summary as it is. The only number derived here is the count
//! of defendants who are not ringleaders (defendants − ringleaders); the rest of the arithmetic is
//! geometry. Rows are drawn largest first, and a row that `--top` folded ("other") always last.

mod bars;
mod columns;
mod index;
mod metrics;
mod svg;

use chrono::Datelike;

use crate::aggregate::{Filter, Headline, Interval, Summary};
use crate::document::DatasetInfo;
use crate::published::By;
use crate::text::group_digits;
use bars::{Bar, Chart, Row, Series};
use columns::{Columns, Mark, Panel};
use svg::{Body, Frame, INK, LegendEntry};

/// Text shown on every figure besides the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caption {
    /// What the data is, e.g. "Phnom Penh crackdown on online-scam networks, 3–18 February 2026".
    pub dataset: String,
    /// Where the figures come from, said as a whole line: "Source: ...".
    pub source: Option<String>,
    /// True when the records are illustrative (the built-in data): every figure then says that
    /// its breakdown below the headline is illustrative.
    pub illustrative: bool,
    /// The filters the records passed, e.g. "Filtered: Khan Tuol Kouk; from 2026-02-05"; `None`
    /// when unfiltered.
    pub filters: Option<String>,
    /// Breakdowns published in full: a figure that draws one says its numbers are published.
    pub published: Vec<crate::published::Breakdown>,
    /// Rows read but left out (rejected with --lenient, or outside the filters), in words;
    /// `None` when every row read was counted.
    pub left_out: Option<String>,
}

/// One output file: its name inside the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a figure says when the records are illustrative and its breakdown is not published:
/// which numbers are (the headline figures, and each breakdown published in full).
pub fn illustrative_line(published: &[crate::published::Breakdown]) -> String {
    let notice = crate::published::illustrative_notice(published);
    let mut chars = notice.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

impl Caption {
    /// What a figure that breaks `figure` down `by` says of where its numbers come from: `None`
    /// for real records.
    pub fn provenance(&self, figure: &str, by: Option<crate::published::By>) -> Option<String> {
        if !self.illustrative {
            return None;
        }
        match self
            .published
            .iter()
            .find(|b| Some(b.by) == by && b.figure == figure)
        {
            Some(b) => Some(format!(
                "Published: {} (source below); anything else drawn here comes from illustrative records.",
                b.words()
            )),
            None => Some(illustrative_line(&self.published)),
        }
    }
}

/// The names of the files [`render`] returns, in its order.
pub const FILES: [&str; 7] = [
    "detained-by-khan.svg",
    "detained-by-nationality.svg",
    "daily-activity.svg",
    "identified-by-khan.svg",
    "defendants-by-nationality.svg",
    "index.md",
    "index.html",
];

impl Caption {
    /// The caption of `dataset` counted through `filter`: its published name (or directory
    /// name), the source of its published figures, whether its records are illustrative (the
    /// built-in data, or `"records": "illustrative"` in `published.json`), and the filters.
    pub fn new(dataset: &DatasetInfo, filter: &Filter, left_out: Option<String>) -> Caption {
        Caption {
            dataset: dataset.title_or_name().to_owned(),
            source: dataset
                .source_short
                .as_ref()
                .map(|said| format!("Source: {said}")),
            illustrative: dataset.illustrative,
            filters: filter.describe().map(|words| format!("Filtered: {words}")),
            published: dataset.breakdowns.clone(),
            left_out: left_out.map(|words| format!("Left out: {words}.")),
        }
    }
}

/// Every figure and the index pages, in the order of [`FILES`]. Pure: same input, same bytes.
pub fn render(summary: &Summary, caption: &Caption) -> Vec<FigureFile> {
    let figures = figures(summary, caption);
    let mut files: Vec<FigureFile> = figures
        .iter()
        .map(|f| FigureFile {
            name: f.name.to_owned(),
            bytes: f.svg.clone().into_bytes(),
        })
        .collect();
    files.push(FigureFile {
        name: "index.md".to_owned(),
        bytes: index::index_md(caption, &figures).into_bytes(),
    });
    files.push(FigureFile {
        name: "index.html".to_owned(),
        bytes: index::index_html(caption, &figures).into_bytes(),
    });
    files
}

/// One drawn figure, with what the index pages say about it.
struct Figure {
    name: &'static str,
    title: &'static str,
    /// What it shows and the headline totals it breaks down: the caption on the index pages.
    description: String,
    /// Whether its numbers are published or illustrative, when the records are illustrative.
    provenance: Option<String>,
    svg: String,
    /// Where its texts were placed, for the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    extents: Vec<svg::Extent>,
}

impl Figure {
    #[allow(clippy::too_many_arguments)]
    fn draw(
        (name, breaks_down): (&'static str, (&str, Option<crate::published::By>)),
        title: &'static str,
        what: &str,
        totals: String,
        legend: &[LegendEntry],
        caption: &Caption,
        body: &dyn Body,
    ) -> Figure {
        let provenance = caption.provenance(breaks_down.0, breaks_down.1);
        let frame = Frame {
            title,
            caption,
            totals: totals.clone(),
            legend,
            provenance: provenance.as_deref(),
        };
        let (svg, extents) = frame.draw(body);
        Figure {
            name,
            title,
            description: format!("{what} {totals}"),
            provenance,
            svg,
            extents,
        }
    }
}

fn figures(summary: &Summary, caption: &Caption) -> Vec<Figure> {
    vec![
        detained_by_khan(summary, caption),
        detained_by_nationality(summary, caption),
        daily_activity(summary, caption),
        identified_by_khan(summary, caption),
        defendants_by_nationality(summary, caption),
    ]
}

// Okabe–Ito colours, safe for the common colour-vision deficiencies. Each measure keeps its
// colour across figures: detained is always vermillion.
const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";
const SKY_BLUE: &str = "#56B4E9";
const WHITE: &str = "#ffffff";

const DETAINED: Series = Series {
    class: "detained",
    fill: VERMILLION,
    ink: INK,
};
const INSPECTIONS: Series = Series {
    class: "inspections",
    fill: BLUE,
    ink: WHITE,
};
const FOREIGNERS: Series = Series {
    class: "foreigners",
    fill: BLUE,
    ink: WHITE,
};
const WOMEN: Series = Series {
    class: "women",
    fill: ORANGE,
    ink: INK,
};
const RINGLEADERS: Series = Series {
    class: "ringleaders",
    fill: VERMILLION,
    ink: INK,
};
const ASSOCIATES: Series = Series {
    class: "associates",
    fill: SKY_BLUE,
    ink: INK,
};
/// Persons whose nationality was not recorded: grey, so that no one reads it as a country.
const NOT_RECORDED: Series = Series {
    class: "not-recorded",
    fill: GREY,
    ink: INK,
};
const GREY: &str = "#999999";
const CUMULATIVE: Series = Series {
    class: "cumulative",
    fill: VERMILLION,
    ink: INK,
};

/// "1 person", "284 persons".
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group_digits(n), if n == 1 { one } else { many })
}

/// "; records dated 2026-02-03 to 2026-02-18", or nothing when there are no records.
fn dated(h: &Headline) -> String {
    match (h.first_date, h.last_date) {
        (Some(a), Some(b)) if a == b => format!("; records dated {a}"),
        (Some(a), Some(b)) => format!("; records dated {a} to {b}"),
        _ => String::new(),
    }
}

/// `rows` largest first by `key`, the folded "other" rows (`is_other`) last; stable, so ties
/// keep the summary's order.
fn largest_first<T>(rows: &[T], last: impl Fn(&T) -> u8, key: impl Fn(&T) -> u64) -> Vec<&T> {
    let mut rows: Vec<&T> = rows.iter().collect();
    rows.sort_by_key(|r| (last(r), std::cmp::Reverse(key(r))));
    rows
}

/// Where a nationality row goes: countries, then "other", then "not recorded".
fn nationality_rank(r: &crate::aggregate::NationalityRow) -> u8 {
    match (r.not_recorded, r.code) {
        (true, _) => 2,
        (false, None) => 1,
        (false, Some(_)) => 0,
    }
}

fn share(value: u64, pct: Option<f64>) -> String {
    match pct {
        Some(p) => format!("{} ({:.1}%)", group_digits(value), p),
        None => group_digits(value),
    }
}

/// What a chart says instead of its bars when the records it needs were not loaded: an empty
/// file is not a row of zeros.
fn not_loaded(kind: &str) -> String {
    format!("Not loaded: no {kind} records were read, so these numbers are unknown (not zero).")
}

/// The totals line of a figure, or what it says when its records were not loaded.
fn known(loaded: bool, kind: &str, totals: impl FnOnce() -> String) -> String {
    if loaded {
        totals()
    } else {
        format!("No {kind} records were loaded.")
    }
}

/// Drops every row when the records a chart needs were not loaded, so it shows `not_loaded`.
fn unless_loaded(loaded: bool, rows: Vec<Row>) -> Vec<Row> {
    if loaded { rows } else { Vec::new() }
}

fn detained_by_khan(summary: &Summary, caption: &Caption) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.arrests;
    // All Khans, those with no one detained at the bottom with 0: that nobody was detained in
    // a Khan that was inspected is a finding too.
    let rows = largest_first(
        &summary.khans,
        |r| u8::from(r.code.is_none()),
        |r| r.detained,
    )
    .into_iter()
    .map(|r| Row {
        name: r.name.clone(),
        bars: vec![Bar::single(DETAINED, r.detained, group_digits(r.detained))],
    })
    .collect();
    let chart = Chart {
        rows: unless_loaded(loaded, rows),
        axis_title: "Detained (persons)".to_owned(),
        empty: if loaded {
            "No data: no one detained in the records counted.".to_owned()
        } else {
            not_loaded("arrest")
        },
    };
    Figure::draw(
        ("detained-by-khan.svg", ("detained", Some(By::Khan))),
        "Persons detained by Khan",
        "Persons detained in each Khan (district) of Phnom Penh, largest first; Khans where no one was detained are listed last with 0.",
        known(loaded, "arrest", || {
            format!(
                "{} detained in all{}.",
                count(h.detained, "person", "persons"),
                dated(h)
            )
        }),
        &[],
        caption,
        &chart,
    )
}

fn detained_by_nationality(summary: &Summary, caption: &Caption) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.arrests;
    let detained: Vec<_> = summary
        .nationalities
        .iter()
        .filter(|r| r.detained > 0)
        .cloned()
        .collect();
    let rows = largest_first(&detained, nationality_rank, |r| r.detained)
        .into_iter()
        .map(|r| Row {
            name: r.name.clone(),
            bars: vec![Bar::single(
                if r.not_recorded {
                    NOT_RECORDED
                } else {
                    DETAINED
                },
                r.detained,
                share(r.detained, r.detained_share_pct),
            )],
        })
        .collect();
    let chart = Chart {
        rows: unless_loaded(loaded, rows),
        axis_title: "Detained (persons)".to_owned(),
        empty: if loaded {
            "No data: no one detained in the records counted.".to_owned()
        } else {
            not_loaded("arrest")
        },
    };
    Figure::draw(
        (
            "detained-by-nationality.svg",
            ("detained", Some(By::Nationality)),
        ),
        "Persons detained by nationality",
        "Persons detained by nationality, largest first, with each nationality's share of all persons detained.",
        known(loaded, "arrest", || {
            format!(
                "{} detained in all, of {}{}{}.",
                count(h.detained, "person", "persons"),
                count(h.detained_nationalities, "nationality", "nationalities"),
                match h.detained_nationality_not_recorded {
                    0 => String::new(),
                    n => format!(" ({} not recorded)", group_digits(n)),
                },
                dated(h)
            )
        }),
        &[],
        caption,
        &chart,
    )
}

fn daily_activity(summary: &Summary, caption: &Caption) -> Figure {
    let h = &summary.headline;
    let (unit, axis) = match summary.interval {
        Interval::Day => ("day", "Day"),
        Interval::Week => (
            "week",
            "ISO week, Monday to Sunday (the first and last may be partial)",
        ),
        Interval::Month => ("month", "Month (the first and last may be partial)"),
    };
    let years = (
        summary.dates.first().map(|r| r.first_day.year()),
        summary.dates.last().map(|r| r.last_day.year()),
    );
    let one_year = match years {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    };
    let periods = summary
        .dates
        .iter()
        .map(|r| match (summary.interval, one_year) {
            (Interval::Day, Some(_)) => r.first_day.format("%-d %b").to_string(),
            (Interval::Day, None) => r.first_day.format("%-d %b %Y").to_string(),
            (Interval::Week, _) => r.period.clone(),
            (Interval::Month, _) => r.first_day.format("%b %Y").to_string(),
        })
        .collect();
    let axis_title = match (summary.interval, one_year) {
        (Interval::Day, Some(year)) => format!("{axis}, {year}"),
        _ => axis.to_owned(),
    };
    let values = |f: fn(&crate::aggregate::DateRow) -> u64| summary.dates.iter().map(f).collect();
    // A kind of record that was not loaded gets no panel: a row of zeros would be a claim.
    let mut panels = Vec::new();
    if summary.loaded.inspections {
        panels.push(Panel {
            heading: format!("Inspections per {unit}"),
            unit: "inspections",
            series: INSPECTIONS,
            mark: Mark::Columns,
            values: values(|r| r.inspections),
        });
    }
    if summary.loaded.arrests {
        panels.push(Panel {
            heading: format!("Persons detained per {unit}"),
            unit: "persons",
            series: DETAINED,
            mark: Mark::Columns,
            values: values(|r| r.detained),
        });
        panels.push(Panel {
            heading: "Persons detained, cumulative".to_owned(),
            unit: "persons",
            series: CUMULATIVE,
            mark: Mark::Line,
            values: values(|r| r.cumulative_detained),
        });
    }
    let empty = match summary.loaded.missing_words() {
        Some(kinds) if panels.is_empty() => {
            format!(
                "Not loaded: no {kinds} records were read, so these numbers are unknown (not zero)."
            )
        }
        _ => "No data: no dated records counted.".to_owned(),
    };
    let chart = Columns {
        periods: if panels.is_empty() {
            Vec::new()
        } else {
            periods
        },
        panels,
        axis_title,
        empty,
    };
    let title = match summary.interval {
        Interval::Day => "Inspections and detentions per day",
        Interval::Week => "Inspections and detentions per week",
        Interval::Month => "Inspections and detentions per month",
    };
    Figure::draw(
        ("daily-activity.svg", ("detained", None)),
        title,
        &format!(
            "Premises inspected and persons detained per {unit}, and the running total of persons detained."
        ),
        {
            let mut parts = Vec::new();
            if summary.loaded.inspections {
                parts.push(count(h.inspections, "inspection", "inspections"));
            }
            if summary.loaded.arrests {
                parts.push(format!(
                    "{} detained",
                    count(h.detained, "person", "persons")
                ));
            }
            match parts.is_empty() {
                true => "No inspection or arrest records were loaded.".to_owned(),
                false => format!("{} in all{}.", parts.join(" and "), dated(h)),
            }
        },
        &[],
        caption,
        &chart,
    )
}

fn identified_by_khan(summary: &Summary, caption: &Caption) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.inspections;
    let rows = largest_first(
        &summary.khans,
        |r| u8::from(r.code.is_none()),
        |r| r.foreigners_identified,
    )
    .into_iter()
    .map(|r| Row {
        name: r.name.clone(),
        bars: vec![
            Bar::single(
                FOREIGNERS,
                r.foreigners_identified,
                group_digits(r.foreigners_identified),
            ),
            Bar::single(WOMEN, r.women_identified, group_digits(r.women_identified)),
        ],
    })
    .collect();
    let chart = Chart {
        rows: unless_loaded(loaded, rows),
        axis_title: "Identified (persons)".to_owned(),
        empty: if loaded {
            "No data: no foreign nationals identified in the records counted.".to_owned()
        } else {
            not_loaded("inspection")
        },
    };
    let women = match h.women_share_pct {
        Some(p) => format!(
            "{} ({:.1}%)",
            count(h.women_identified, "woman", "women"),
            p
        ),
        None => count(h.women_identified, "woman", "women"),
    };
    Figure::draw(
        (
            "identified-by-khan.svg",
            ("foreigners_identified", Some(By::Khan)),
        ),
        "Foreign nationals identified by Khan",
        "Foreign nationals identified at the premises inspected in each Khan, and the women among them, largest first.",
        known(loaded, "inspection", || {
            format!(
                "{} identified in all, of them {women}{}.",
                count(
                    h.foreigners_identified,
                    "foreign national",
                    "foreign nationals"
                ),
                dated(h)
            )
        }),
        &[
            (FOREIGNERS.fill, "foreign nationals identified"),
            (WOMEN.fill, "of them women"),
        ],
        caption,
        &chart,
    )
}

fn defendants_by_nationality(summary: &Summary, caption: &Caption) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.prosecutions;
    let charged: Vec<_> = summary
        .nationalities
        .iter()
        .filter(|r| r.defendants > 0)
        .cloned()
        .collect();
    let rows = largest_first(&charged, nationality_rank, |r| r.defendants)
        .into_iter()
        .map(|r| {
            // The one number derived here: defendants who are not ringleaders.
            let others = r.defendants.saturating_sub(r.ringleaders);
            Row {
                name: r.name.clone(),
                bars: vec![Bar {
                    segments: vec![(RINGLEADERS, r.ringleaders), (ASSOCIATES, others)],
                    label: group_digits(r.defendants),
                    long_label: Some(format!(
                        "{}: {}, {} associate or other",
                        group_digits(r.defendants),
                        count(r.ringleaders, "ringleader", "ringleaders"),
                        group_digits(others)
                    )),
                }],
            }
        })
        .collect();
    let chart = Chart {
        rows: unless_loaded(loaded, rows),
        axis_title: "Defendants (persons)".to_owned(),
        empty: if loaded {
            "No data: no defendants in the records counted.".to_owned()
        } else {
            not_loaded("prosecution")
        },
    };
    Figure::draw(
        (
            "defendants-by-nationality.svg",
            ("defendants", Some(By::Nationality)),
        ),
        "Defendants by nationality and role",
        "Defendants charged, by nationality and role: suspected ringleaders, and the rest (associate or other), largest first.",
        known(loaded, "prosecution", || {
            format!(
                "{} in {}, {} of them ringleaders{}.",
                count(h.defendants, "defendant", "defendants"),
                count(h.cases, "case", "cases"),
                group_digits(h.ringleaders),
                dated(h)
            )
        }),
        &[
            (RINGLEADERS.fill, "ringleader"),
            (ASSOCIATES.fill, "associate or other"),
        ],
        caption,
        &chart,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Accumulator, NationalityRow, Shape};

    fn caption() -> Caption {
        Caption {
            dataset: "Test data".to_owned(),
            source: Some("Source: a test".to_owned()),
            illustrative: true,
            filters: Some("Filtered: Khan Tuol Kouk".to_owned()),
            published: Vec::new(),
            left_out: Some("Left out: 4 arrest rows rejected for problems.".to_owned()),
        }
    }

    /// Every text lies inside the figure, as far as the font table can tell.
    fn assert_inside(figure: &Figure) {
        let height: f64 = figure
            .svg
            .split("height=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        for e in &figure.extents {
            assert!(
                e.left >= 0.0 && e.right <= svg::WIDTH && e.top >= 0.0 && e.bottom <= height,
                "{}: {:?} leaves the 800 x {height} figure",
                figure.name,
                e
            );
        }
    }

    fn big_summary() -> Summary {
        let mut summary = Accumulator::default().summary(Shape::default());
        summary.headline.detained = u64::MAX;
        summary.nationalities = (0..40)
            .map(|i| NationalityRow {
                code: (i < 39).then(|| {
                    crate::nationality::Nationality::from_code(
                        crate::nationality::countries()[i as usize].alpha2,
                    )
                    .unwrap()
                }),
                not_recorded: false,
                men_detained: 0,
                sex_not_recorded: 0,
                name: if i < 39 {
                    format!("Country number {i} with a rather long name indeed")
                } else {
                    "other (120 nationalities)".to_owned()
                },
                detained: u64::MAX / (i + 1),
                detained_share_pct: Some(100.0 / (i + 1) as f64),
                women_detained: 0,
                defendants: 1_000_000_000_000 / (i + 1),
                ringleaders: 1_000_000_000_000 / (i + 2),
            })
            .collect();
        for (i, k) in summary.khans.iter_mut().enumerate() {
            k.detained = 10u64.pow(i as u32 + 5);
            k.foreigners_identified = 10u64.pow(i as u32 + 5);
            k.women_identified = 1;
        }
        summary
    }

    #[test]
    fn texts_stay_inside_the_figure_with_huge_numbers_and_long_names() {
        for figure in figures(&big_summary(), &caption()) {
            assert_inside(&figure);
        }
    }

    #[test]
    fn titles_and_descriptions_need_no_escaping() {
        for summary in [
            big_summary(),
            Accumulator::default().summary(Shape::default()),
        ] {
            for figure in figures(&summary, &caption()) {
                assert!(index::plain(figure.title), "{}", figure.title);
                assert!(index::plain(&figure.description), "{}", figure.description);
            }
        }
    }

    #[test]
    fn texts_stay_inside_the_figure_when_empty() {
        let summary = Accumulator::default().summary(Shape::default());
        for figure in figures(&summary, &caption()) {
            assert_inside(&figure);
            assert!(figure.svg.contains("No data"), "{}", figure.name);
        }
    }

    #[test]
    fn a_stacked_bar_says_its_split_at_the_end_when_a_segment_is_too_narrow() {
        let mut summary = Accumulator::default().summary(Shape::default());
        let row = |code: &str, defendants, ringleaders| NationalityRow {
            code: crate::nationality::Nationality::from_code(code),
            not_recorded: false,
            men_detained: 0,
            sex_not_recorded: 0,
            name: code.to_owned(),
            detained: 0,
            detained_share_pct: None,
            women_detained: 0,
            defendants,
            ringleaders,
        };
        summary.nationalities = vec![row("CN", 1000, 999), row("SG", 20, 10)];
        let figure = defendants_by_nationality(&summary, &caption());
        // CN's one associate has no room for its "1": the end label says it instead.
        assert!(
            figure
                .svg
                .contains(">1,000: 999 ringleaders, 1 associate or other</text>")
        );
        assert_inside(&figure);
    }

    #[test]
    fn filters_are_described_in_words() {
        use crate::khan::Khan;
        use crate::nationality::Nationality;
        assert_eq!(Filter::default().describe(), None);
        let filter = Filter {
            from: chrono::NaiveDate::from_ymd_opt(2026, 2, 5),
            to: None,
            khans: [Khan::resolve("Tuol Kouk").unwrap()].into(),
            nationalities: [Nationality::from_code("VN"), Nationality::from_code("CN")].into(),
        };
        assert_eq!(
            Caption::new(
                &crate::commands::dataset_info(&crate::builtin::dataset().unwrap()),
                &filter,
                None,
            )
            .filters
            .unwrap(),
            "Filtered: Khan Tuol Kouk; nationalities China, Vietnam; from 2026-02-05"
        );
    }

    #[test]
    fn the_built_in_dataset_is_captioned_from_its_published_figures() {
        let dataset = crate::builtin::dataset().unwrap();
        let caption = Caption::new(
            &crate::commands::dataset_info(&dataset),
            &Filter::default(),
            None,
        );
        assert_eq!(
            caption.dataset,
            "Phnom Penh crackdown on online-scam networks, 3–18 February 2026"
        );
        assert_eq!(
            caption.source.as_deref(),
            Some("Source: Phnom Penh 15-day cybercrime blitz, orkunsantepheap.com")
        );
        assert!(caption.illustrative);
        assert_eq!(caption.filters, None);
    }
}

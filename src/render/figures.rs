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
pub mod png;
mod svg;

/// The one escape of text written into a figure (SVG content and attribute values).
pub use svg::escape;
mod table;

use chrono::Datelike;

use crate::aggregate::{Filter, Headline, Interval, PlaceRow, Summary};
use crate::document::DatasetInfo;
use crate::output::{CsvWriter, Field};
use crate::published::By;
use crate::text::group_digits;
use bars::{Bar, Chart, Row, Series};
use columns::{Columns, Mark, Panel};
use svg::{Body, Frame, INK, LegendEntry, Page};
pub use svg::{MAX_WIDTH, MIN_WIDTH, NARROW, WIDTH};
use table::Table;

/// Text shown on every figure besides the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caption {
    /// What the data is, e.g. "Phnom Penh crackdown on online-scam networks, 3–18 February 2026"
    /// (`--title`, else the published name, else the directory's).
    pub dataset: String,
    /// A line under it (`--subtitle`).
    pub subtitle: Option<String>,
    /// Where the figures come from, said as a whole line: "Source: ..." (`--source`, else the
    /// published source with its date where known and its address).
    pub source: Option<String>,
    /// Who made the figures: "Chart: ..." (`--credit`).
    pub credit: Option<String>,
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

/// The words a user gives the figures in place of those the data gives (`--title`,
/// `--subtitle`, `--source`, `--credit`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub source: Option<String>,
    pub credit: Option<String>,
}

impl Caption {
    /// What the figures call the data: the line under each figure's title.
    pub fn heading(&self) -> &str {
        &self.dataset
    }
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

/// The figures [`render`] always draws, in its order: each is written as NAME.svg, with the data
/// it draws beside it as NAME.csv (and NAME.png with `--png`).
pub const FIGURES: [&str; 5] = [
    "detained-by-khan",
    "detained-by-nationality",
    "daily-activity",
    "identified-by-khan",
    "defendants-by-nationality",
];

/// The figures [`render`] draws only when the records span places: per province when they name
/// more than one, per district when they name more than one and not only Khans of Phnom Penh
/// (which have their own figure). A chart of one bar says nothing a sentence would not.
pub const BY_PLACE: [&str; 2] = ["detained-by-province", "detained-by-district"];

/// The names of the files [`render`] returns from records of one province, in its order: the
/// SVGs, the CSVs, the PNGs when asked for, and the index pages.
pub fn files(png: bool) -> Vec<String> {
    names(png, FIGURES.iter().copied())
}

/// The names of every file [`render`] may return, in its order: [`files`], and those of
/// [`BY_PLACE`] where the records call for them.
pub fn files_that_may_be_drawn(png: bool) -> Vec<String> {
    let figures = FIGURES[..1]
        .iter()
        .chain(BY_PLACE.iter())
        .chain(FIGURES[1..].iter())
        .copied();
    names(png, figures)
}

fn names<'a>(png: bool, figures: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut names = Vec::new();
    for ext in ["svg", "csv", "png"] {
        if ext == "png" && !png {
            continue;
        }
        names.extend(figures.clone().map(|f| format!("{f}.{ext}")));
    }
    names.push("index.md".to_owned());
    names.push("index.html".to_owned());
    names
}

impl Caption {
    /// The caption of `dataset` counted through `filter`: its published name (or directory
    /// name), the source of its published figures, whether its records are illustrative (the
    /// built-in data, or `"records": "illustrative"` in `published.json`), and the filters.
    pub fn new(
        dataset: &DatasetInfo,
        filter: &Filter,
        left_out: Option<String>,
        words: &Words,
    ) -> Caption {
        let given = |w: &Option<String>| {
            w.as_deref()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
        };
        Caption {
            dataset: given(&words.title).unwrap_or_else(|| dataset.title_or_name().to_owned()),
            subtitle: given(&words.subtitle),
            source: given(&words.source)
                .or_else(|| dataset.source_short.clone())
                .map(|said| format!("Source: {said}")),
            credit: given(&words.credit).map(|said| format!("Chart: {said}")),
            illustrative: dataset.illustrative,
            filters: filter.describe().map(|words| format!("Filtered: {words}")),
            published: dataset.breakdowns.clone(),
            left_out: left_out.map(|words| format!("Left out: {words}.")),
        }
    }
}

/// How the figures are drawn and which files are written besides the SVGs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The width of every figure in px (`--width`), clamped to [`MIN_WIDTH`]..[`MAX_WIDTH`].
    pub width: f64,
    /// Whether each figure is also written as PNG (`--png`).
    pub png: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            width: WIDTH,
            png: false,
        }
    }
}

/// Every figure, the data behind each, and the index pages, in the order of [`files`]. Pure:
/// same input, same bytes (PNGs included: see [`png`]).
pub fn render(summary: &Summary, caption: &Caption, options: Options) -> Vec<FigureFile> {
    let figures = figures(summary, caption, Page::new(options.width));
    let mut files: Vec<FigureFile> = figures
        .iter()
        .map(|f| FigureFile {
            name: format!("{}.svg", f.name),
            bytes: f.svg.clone().into_bytes(),
        })
        .collect();
    files.extend(figures.iter().map(|f| FigureFile {
        name: format!("{}.csv", f.name),
        bytes: f.csv.clone(),
    }));
    if options.png {
        files.extend(figures.iter().map(|f| FigureFile {
            name: format!("{}.png", f.name),
            bytes: png::render(&f.svg),
        }));
    }
    files.push(FigureFile {
        name: "index.md".to_owned(),
        bytes: index::index_md(caption, &figures, options.png).into_bytes(),
    });
    files.push(FigureFile {
        name: "index.html".to_owned(),
        bytes: index::index_html(caption, &figures, options).into_bytes(),
    });
    files
}

/// One drawn figure, with what the index pages say about it.
struct Figure {
    /// The file name without its extension.
    name: &'static str,
    title: &'static str,
    /// What the figure shows in words and numbers, for those who cannot see it: the SVG's
    /// `<desc>` and the `alt` of its image on the index page.
    alt: String,
    /// The numbers drawn, as CSV.
    csv: Vec<u8>,
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
        page: Page,
        body: &dyn Body,
        data: Data,
    ) -> Figure {
        let provenance = caption.provenance(breaks_down.0, breaks_down.1);
        let alt = format!("{title}. {}{totals}", data.said);
        let frame = Frame {
            page,
            alt: &alt,
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
            alt,
            csv: data.csv,
            description: format!("{what} {totals}"),
            provenance,
            svg,
            extents,
        }
    }
}

/// The numbers a figure draws: as CSV, and its largest values in words for its alt text.
struct Data {
    csv: Vec<u8>,
    /// "Largest: Tuol Kouk 50, Mean Chey 41, Saensokh 30. ", or nothing.
    said: String,
}

impl Data {
    /// `rows` under `header`; each row's cells are text from the data (the first `text`
    /// columns) then numbers. `top` are the first rows in words: (name, value).
    fn new(header: &[&str], text: usize, rows: &[Vec<String>], top: &[(String, String)]) -> Data {
        let mut writer = CsvWriter::new(Vec::new(), false).expect("writing to memory");
        writer
            .row(header.iter().map(|h| Field::Text(h)))
            .expect("writing to memory");
        for row in rows {
            writer
                .row(row.iter().enumerate().map(|(i, cell)| {
                    if i < text {
                        Field::Text(cell)
                    } else {
                        Field::Number(cell)
                    }
                }))
                .expect("writing to memory");
        }
        let said = match top {
            [] => String::new(),
            _ => {
                let shown: Vec<String> = top
                    .iter()
                    .take(3)
                    .map(|(name, value)| format!("{name} {value}"))
                    .collect();
                format!("Largest: {}. ", shown.join(", "))
            }
        };
        Data {
            csv: writer.into_inner().expect("writing to memory"),
            said,
        }
    }
}

fn figures(summary: &Summary, caption: &Caption, page: Page) -> Vec<Figure> {
    let mut figures = vec![detained_by_khan(summary, caption, page)];
    if summary.provinces.len() > 1 {
        figures.push(detained_by_place(summary, caption, page, &PROVINCES));
    }
    let phnom_penh = crate::gazetteer::Province::phnom_penh().name();
    let beyond_phnom_penh = summary
        .districts
        .iter()
        .any(|d| !d.province.is_empty() && d.province != phnom_penh);
    if summary.districts.len() > 1 && beyond_phnom_penh {
        figures.push(detained_by_place(summary, caption, page, &DISTRICTS));
    }
    figures.extend([
        detained_by_nationality(summary, caption, page),
        daily_activity(summary, caption, page),
        identified_by_khan(summary, caption, page),
        defendants_by_nationality(summary, caption, page),
    ]);
    figures
}

// Okabe–Ito colours, safe for the common colour-vision deficiencies. Each measure keeps its
// colour across figures: detained is always vermillion.
const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";
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

/// A chart of persons detained: its bars, or why there are none.
fn detained_chart(loaded: bool, rows: Vec<Row>) -> Chart {
    Chart {
        rows: unless_loaded(loaded, rows),
        axis_title: "Detained (persons)".to_owned(),
        empty: if loaded {
            "No data: no one detained in the records counted.".to_owned()
        } else {
            not_loaded("arrest")
        },
    }
}

/// A folded "other" row: grey, so that no one reads it as one more Khan or country.
const OTHER: Series = Series {
    class: "other",
    fill: "#bdbdbd",
    ink: INK,
};

/// The series of a nationality row's bar: its own colour, grey for the folded "other" row,
/// darker grey for "not recorded".
fn nationality_series(r: &crate::aggregate::NationalityRow, own: Series) -> Series {
    match nationality_rank(r) {
        0 => own,
        1 => OTHER,
        _ => NOT_RECORDED,
    }
}

/// The loaded rows in words for an alt text: (name, number) of rows with a value.
fn top_words<'a, T: 'a>(
    loaded: bool,
    rows: impl IntoIterator<Item = &'a T>,
    name: impl Fn(&T) -> &str,
    value: impl Fn(&T) -> u64,
) -> Vec<(String, String)> {
    if !loaded {
        return Vec::new();
    }
    rows.into_iter()
        .filter(|r| value(r) > 0)
        .map(|r| (name(r).to_owned(), group_digits(value(r))))
        .collect()
}

fn detained_by_khan(summary: &Summary, caption: &Caption, page: Page) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.arrests;
    // All Khans, those with no one detained at the bottom with 0: that nobody was detained in
    // a Khan that was inspected is a finding too.
    let sorted = largest_first(
        &summary.khans,
        |r| u8::from(r.code.is_none()),
        |r| r.detained,
    );
    let rows = sorted
        .iter()
        .map(|r| Row {
            name: r.name.clone(),
            bars: vec![Bar::single(
                if r.code.is_none() { OTHER } else { DETAINED },
                r.detained,
                group_digits(r.detained),
            )],
        })
        .collect();
    let data = Data::new(
        &["khan", "code", "detained"],
        2,
        &if loaded { sorted.clone() } else { Vec::new() }
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.code.map(|k| k.code().to_string()).unwrap_or_default(),
                    r.detained.to_string(),
                ]
            })
            .collect::<Vec<_>>(),
        &top_words(loaded, sorted.iter().copied(), |r| &r.name, |r| r.detained),
    );
    let chart = detained_chart(loaded, rows);
    Figure::draw(
        ("detained-by-khan", ("detained", Some(By::Khan))),
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
        page,
        &chart,
        data,
    )
}

/// What differs between the figures of provinces and of districts.
struct Level {
    name: &'static str,
    title: &'static str,
    what: &'static str,
    /// The CSV's header: the name's column first, then code, (province,) detained, share.
    header: &'static [&'static str],
    /// Whether a row names the province it is in.
    in_province: bool,
    rows: fn(&Summary) -> &[PlaceRow],
    /// How many such places the records name, for the totals line: "in 3 provinces".
    noun: (&'static str, &'static str),
}

const PROVINCES: Level = Level {
    name: "detained-by-province",
    title: "Persons detained by province",
    what: "Persons detained in each province of Cambodia that the records name, largest first.",
    header: &["province", "code", "detained", "detained_share_pct"],
    in_province: false,
    rows: |s| &s.provinces,
    noun: ("province", "provinces"),
};

const DISTRICTS: Level = Level {
    name: "detained-by-district",
    title: "Persons detained by district",
    what: "Persons detained in each district, municipality or Khan that the records name, largest first; records that name a province and no district are a row of their own, and districts beyond the largest are folded into a grey other row, last.",
    header: &[
        "district",
        "code",
        "province",
        "detained",
        "detained_share_pct",
    ],
    in_province: true,
    rows: |s| &s.districts,
    noun: ("place", "places"),
};

fn detained_by_place(summary: &Summary, caption: &Caption, page: Page, level: &Level) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.arrests;
    let places = (level.rows)(summary);
    let sorted = largest_first(places, |r| u8::from(r.code.is_none()), |r| r.detained);
    // Districts of several provinces say which one they are in: a municipality may have its
    // province's name, and a reader may not know where Stueng Hav is.
    let several = level.in_province && summary.provinces.len() > 1;
    let label = |r: &PlaceRow| match &r.code {
        Some(code) if several && !code.starts_with("KH-") => format!("{}, {}", r.name, r.province),
        _ => r.name.clone(),
    };
    let rows = sorted
        .iter()
        .map(|r| Row {
            name: label(r),
            bars: vec![Bar::single(
                if r.code.is_none() { OTHER } else { DETAINED },
                r.detained,
                share(r.detained, r.detained_share_pct),
            )],
        })
        .collect();
    let data = Data::new(
        level.header,
        level.header.len() - 2,
        &if loaded { sorted.clone() } else { Vec::new() }
            .iter()
            .map(|r| {
                let mut row = vec![r.name.clone(), r.code.clone().unwrap_or_default()];
                if level.in_province {
                    row.push(r.province.clone());
                }
                row.push(r.detained.to_string());
                row.push(
                    r.detained_share_pct
                        .map(|p| format!("{p:.1}"))
                        .unwrap_or_default(),
                );
                row
            })
            .collect::<Vec<_>>(),
        &top_words(loaded, sorted.iter().copied(), |r| &r.name, |r| r.detained),
    );
    let named = places.iter().filter(|r| r.code.is_some()).count() as u64;
    let chart = detained_chart(loaded, rows);
    Figure::draw(
        (level.name, ("detained", None)),
        level.title,
        level.what,
        known(loaded, "arrest", || {
            format!(
                "{} detained in all, in records naming {}{}.",
                count(h.detained, "person", "persons"),
                count(named, level.noun.0, level.noun.1),
                dated(h)
            )
        }),
        &[],
        caption,
        page,
        &chart,
        data,
    )
}

fn detained_by_nationality(summary: &Summary, caption: &Caption, page: Page) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.arrests;
    let detained: Vec<_> = summary
        .nationalities
        .iter()
        .filter(|r| r.detained > 0)
        .cloned()
        .collect();
    let sorted = largest_first(&detained, nationality_rank, |r| r.detained);
    let rows = sorted
        .iter()
        .map(|r| Row {
            name: r.name.clone(),
            bars: vec![Bar::single(
                nationality_series(r, DETAINED),
                r.detained,
                share(r.detained, r.detained_share_pct),
            )],
        })
        .collect();
    let data = Data::new(
        &["nationality", "code", "detained", "detained_share_pct"],
        2,
        &if loaded { sorted.clone() } else { Vec::new() }
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.code.map(|c| c.code().to_owned()).unwrap_or_default(),
                    r.detained.to_string(),
                    r.detained_share_pct
                        .map(|p| format!("{p:.1}"))
                        .unwrap_or_default(),
                ]
            })
            .collect::<Vec<_>>(),
        &top_words(loaded, sorted.iter().copied(), |r| &r.name, |r| r.detained),
    );
    let chart = detained_chart(loaded, rows);
    Figure::draw(
        (
            "detained-by-nationality",
            ("detained", Some(By::Nationality)),
        ),
        "Persons detained by nationality",
        "Persons detained by nationality, largest first, with each nationality's share of all persons detained; nationalities beyond the largest are folded into a grey other row, last.",
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
        page,
        &chart,
        data,
    )
}

/// Days in a range from which the daily figure marks the months instead of every n-th day.
const MONTH_TICKS_FROM: usize = 62;
/// Days in a range from which it marks the years alone.
const YEAR_TICKS_FROM: usize = 2 * 366;

fn daily_activity(summary: &Summary, caption: &Caption, page: Page) -> Figure {
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
    // Over a long range of days, a label every n-th day lands on arbitrary dates: mark where
    // each month starts instead, with the year at January and at the first month.
    // Over more than two years even month names crowd: mark the years alone.
    let by_year = summary.dates.len() > YEAR_TICKS_FROM;
    let month_starts =
        (summary.interval == Interval::Day && summary.dates.len() >= MONTH_TICKS_FROM).then(|| {
            summary
                .dates
                .iter()
                .enumerate()
                .filter(|(i, r)| {
                    let d = r.first_day;
                    match by_year {
                        true => d.day() == 1 && d.month() == 1,
                        // The first day mid-month is named only if it is early in its month.
                        false => (*i == 0 && d.day() <= 7) || d.day() == 1,
                    }
                })
                .map(|(i, r)| {
                    let d = r.first_day;
                    // One year: the axis title names it. Several: each January is named by its
                    // year, and so is the first month.
                    let name = match (one_year, d.month()) {
                        (Some(_), _) => d.format("%b").to_string(),
                        (None, 1) => d.format("%Y").to_string(),
                        (None, _) if i == 0 => d.format("%b %Y").to_string(),
                        (None, _) => d.format("%b").to_string(),
                    };
                    (i, name)
                })
                .collect()
        });
    let axis_title = match (summary.interval, one_year) {
        (Interval::Day, Some(year)) if month_starts.is_some() => {
            format!("Day, {year} (ticks mark the first of each month)")
        }
        (Interval::Day, None) if by_year && month_starts.is_some() => {
            "Day (ticks mark the first of each year)".to_owned()
        }
        (Interval::Day, None) if month_starts.is_some() => {
            "Day (ticks mark the first of each month)".to_owned()
        }
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
    let mut header = vec!["period", "first_day", "last_day"];
    if summary.loaded.inspections {
        header.push("inspections");
    }
    if summary.loaded.arrests {
        header.extend(["detained", "cumulative_detained"]);
    }
    let csv_rows: Vec<Vec<String>> = summary
        .dates
        .iter()
        .map(|r| {
            let mut row = vec![
                r.period.clone(),
                r.first_day.to_string(),
                r.last_day.to_string(),
            ];
            if summary.loaded.inspections {
                row.push(r.inspections.to_string());
            }
            if summary.loaded.arrests {
                row.extend([r.detained.to_string(), r.cumulative_detained.to_string()]);
            }
            row
        })
        .collect();
    let busiest = |f: fn(&crate::aggregate::DateRow) -> u64| {
        summary
            .dates
            .iter()
            .max_by_key(|r| (f(r), std::cmp::Reverse(r.first_day)))
            .filter(|r| f(r) > 0)
            .map(|r| format!("{} ({})", r.period, group_digits(f(r))))
    };
    let mut said = Vec::new();
    if summary.loaded.inspections
        && let Some(b) = busiest(|r| r.inspections)
    {
        said.push(format!("Most inspections in one {unit}: {b}"));
    }
    if summary.loaded.arrests
        && let Some(b) = busiest(|r| r.detained)
    {
        said.push(format!("most persons detained in one {unit}: {b}"));
    }
    let mut data = Data::new(&header, 3, &csv_rows, &[]);
    if !said.is_empty() {
        data.said = format!(
            "{}. {}. ",
            count(summary.dates.len() as u64, unit, &format!("{unit}s")),
            said.join("; ")
        );
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
        month_starts,
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
        ("daily-activity", ("detained", None)),
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
        page,
        &chart,
        data,
    )
}

fn identified_by_khan(summary: &Summary, caption: &Caption, page: Page) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.inspections;
    let sorted = largest_first(
        &summary.khans,
        |r| u8::from(r.code.is_none()),
        |r| r.foreigners_identified,
    );
    // The women are among the foreign nationals: their bar is drawn over the start of the
    // foreign nationals' bar, not beside it, so that the two never read as separate groups.
    let rows = sorted
        .iter()
        .map(|r| Row {
            name: r.name.clone(),
            bars: vec![Bar {
                overlay: Some((WOMEN, r.women_identified)),
                label: match r.foreigners_identified {
                    0 => "0".to_owned(),
                    n => format!(
                        "{}, {} women",
                        group_digits(n),
                        group_digits(r.women_identified)
                    ),
                },
                ..Bar::single(
                    if r.code.is_none() { OTHER } else { FOREIGNERS },
                    r.foreigners_identified,
                    String::new(),
                )
            }],
        })
        .collect();
    let data = Data::new(
        &["khan", "code", "foreigners_identified", "women_identified"],
        2,
        &if loaded { sorted.clone() } else { Vec::new() }
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.code.map(|k| k.code().to_string()).unwrap_or_default(),
                    r.foreigners_identified.to_string(),
                    r.women_identified.to_string(),
                ]
            })
            .collect::<Vec<_>>(),
        &top_words(
            loaded,
            sorted.iter().copied(),
            |r| &r.name,
            |r| r.foreigners_identified,
        ),
    );
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
            "identified-by-khan",
            ("foreigners_identified", Some(By::Khan)),
        ),
        "Foreign nationals identified by Khan",
        "Foreign nationals identified at the premises inspected in each Khan, largest first; the women among them are drawn over the start of each bar.",
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
        // A legend only where there are bars to explain.
        if loaded {
            &[
                (FOREIGNERS.fill, "foreign nationals identified"),
                (WOMEN.fill, "of them women"),
            ]
        } else {
            &[]
        },
        caption,
        page,
        &chart,
        data,
    )
}

/// Defendants are few (a handful of nationalities): a small table says it better than bars.
fn defendants_by_nationality(summary: &Summary, caption: &Caption, page: Page) -> Figure {
    let h = &summary.headline;
    let loaded = summary.loaded.prosecutions;
    let charged: Vec<_> = summary
        .nationalities
        .iter()
        .filter(|r| r.defendants > 0)
        .cloned()
        .collect();
    let sorted = if loaded {
        largest_first(&charged, nationality_rank, |r| r.defendants)
    } else {
        Vec::new()
    };
    // The one number derived here: defendants who are not ringleaders.
    let cells: Vec<Vec<String>> = sorted
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                group_digits(r.defendants),
                group_digits(r.ringleaders),
                group_digits(r.defendants.saturating_sub(r.ringleaders)),
            ]
        })
        .collect();
    let data = Data::new(
        &[
            "nationality",
            "code",
            "defendants",
            "ringleaders",
            "associate_or_other",
        ],
        2,
        &sorted
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.code.map(|c| c.code().to_owned()).unwrap_or_default(),
                    r.defendants.to_string(),
                    r.ringleaders.to_string(),
                    r.defendants.saturating_sub(r.ringleaders).to_string(),
                ]
            })
            .collect::<Vec<_>>(),
        &top_words(
            loaded,
            sorted.iter().copied(),
            |r| &r.name,
            |r| r.defendants,
        ),
    );
    let table = Table {
        header: [
            "Nationality",
            "Defendants",
            "Ringleaders",
            "Associate or other",
        ],
        rows: cells,
        total: (!sorted.is_empty()).then(|| {
            vec![
                "All".to_owned(),
                group_digits(h.defendants),
                group_digits(h.ringleaders),
                group_digits(h.defendants.saturating_sub(h.ringleaders)),
            ]
        }),
        empty: if loaded {
            "No data: no defendants in the records counted.".to_owned()
        } else {
            not_loaded("prosecution")
        },
    };
    Figure::draw(
        (
            "defendants-by-nationality",
            ("defendants", Some(By::Nationality)),
        ),
        "Defendants by nationality and role",
        "Defendants charged, by nationality and role: suspected ringleaders, and the rest (associate or other), largest first.",
        known(loaded, "prosecution", || {
            let others = h.defendants.saturating_sub(h.ringleaders);
            let roles = match (h.ringleaders, others) {
                (0, _) => "none of them a suspected ringleader".to_owned(),
                (_, 0) if h.defendants > 1 => "all of them suspected ringleaders".to_owned(),
                (r, _) => format!("{} of them suspected ringleaders", group_digits(r)),
            };
            format!(
                "{} in {}, {roles}{}.",
                count(h.defendants, "defendant", "defendants"),
                count(h.cases, "case", "cases"),
                dated(h)
            )
        }),
        &[],
        caption,
        page,
        &table,
        data,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Accumulator, NationalityRow, Shape};

    fn caption() -> Caption {
        Caption {
            dataset: "Test data".to_owned(),
            subtitle: Some("A subtitle".to_owned()),
            source: Some("Source: a test".to_owned()),
            credit: Some("Chart: a newsroom".to_owned()),
            illustrative: true,
            filters: Some("Filtered: Khan Tuol Kouk".to_owned()),
            published: Vec::new(),
            left_out: Some("Left out: 4 arrest rows rejected for problems.".to_owned()),
        }
    }

    /// Every text lies inside the figure, as far as the font table can tell.
    fn assert_inside(figure: &Figure) {
        assert_inside_at(figure, Page::default());
    }

    fn assert_inside_at(figure: &Figure, page: Page) {
        let height: f64 = figure
            .svg
            .split("height=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        for e in &figure.extents {
            assert!(
                e.left >= 0.0 && e.right <= page.width && e.top >= 0.0 && e.bottom <= height,
                "{}: {:?} leaves the {} x {height} figure",
                figure.name,
                e,
                page.width
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
        // Places with the longest names of the gazetteer, in several provinces, so that the
        // figures of provinces and districts are drawn too.
        let place = |code: &str, name: &str, province: &str, i: u32| crate::aggregate::PlaceRow {
            code: Some(code.to_owned()),
            name: name.to_owned(),
            province: province.to_owned(),
            detained: 10u64.pow(i + 10),
            detained_share_pct: Some(f64::from(i)),
            ..Default::default()
        };
        summary.provinces = vec![
            place("KH-1", "Banteay Meanchey", "", 1),
            place("KH-24", "Tboung Khmum", "", 2),
        ];
        summary.districts = vec![
            place("0110", "Paoy Paet", "Banteay Meanchey", 1),
            place(
                "KH-24",
                "Tboung Khmum, district not given",
                "Tboung Khmum",
                2,
            ),
            place(
                "1202",
                "Khan Chamkar Mon with a rather long name",
                "Phnom Penh",
                3,
            ),
        ];
        summary
    }

    #[test]
    fn texts_stay_inside_the_figure_with_huge_numbers_and_long_names() {
        let drawn = figures(&big_summary(), &caption(), Page::default());
        assert_eq!(drawn.len(), FIGURES.len() + BY_PLACE.len());
        for figure in drawn {
            assert_inside(&figure);
        }
    }

    #[test]
    fn titles_and_descriptions_need_no_escaping() {
        for summary in [
            big_summary(),
            Accumulator::default().summary(Shape::default()),
        ] {
            for figure in figures(&summary, &caption(), Page::default()) {
                assert!(index::plain(figure.title), "{}", figure.title);
                assert!(index::plain(&figure.description), "{}", figure.description);
            }
        }
    }

    #[test]
    fn texts_stay_inside_the_figure_when_empty() {
        let summary = Accumulator::default().summary(Shape::default());
        for figure in figures(&summary, &caption(), Page::default()) {
            assert_inside(&figure);
            assert!(figure.svg.contains("No data"), "{}", figure.name);
        }
    }

    #[test]
    fn the_defendants_table_gives_each_role_its_column_and_a_total() {
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
        summary.headline.defendants = 1020;
        summary.headline.ringleaders = 1009;
        let figure = defendants_by_nationality(&summary, &caption(), Page::default());
        assert!(figure.svg.contains(">1,000</text>"));
        assert!(figure.svg.contains(">999</text>"));
        assert!(figure.svg.contains(r#"class="total" x="#));
        assert!(figure.svg.contains(">1,020</text>"));
        assert!(figure.svg.contains(">1,009</text>"));
        assert!(figure.svg.contains(">11</text>"));
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
                &Words::default(),
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
            &Words::default(),
        );
        assert_eq!(
            caption.dataset,
            "Phnom Penh crackdown on online-scam networks, 3–18 February 2026"
        );
        // Title, publisher and address: published.json knows no date for it.
        assert_eq!(
            caption.source.as_deref(),
            Some(
                "Source: Phnom Penh 15-day cybercrime blitz, orkunsantepheap.com, https://orkunsantepheap.com/phnom-penh-15-day-cybercrime-blitz-300-arrests"
            )
        );
        assert_eq!(caption.subtitle, None);
        assert_eq!(caption.credit, None);
        assert!(caption.illustrative);
        assert_eq!(caption.filters, None);
    }

    #[test]
    fn words_given_replace_those_of_the_data_and_blank_ones_are_ignored() {
        let dataset = crate::builtin::dataset().unwrap();
        let words = Words {
            title: Some("Raids in Phnom Penh".to_owned()),
            subtitle: Some("February 2026".to_owned()),
            source: Some("Ministry of Interior, 2026-02-20".to_owned()),
            credit: Some("Jane Doe / The Paper".to_owned()),
        };
        let info = crate::commands::dataset_info(&dataset);
        let caption = Caption::new(&info, &Filter::default(), None, &words);
        assert_eq!(caption.dataset, "Raids in Phnom Penh");
        assert_eq!(caption.subtitle.as_deref(), Some("February 2026"));
        assert_eq!(
            caption.source.as_deref(),
            Some("Source: Ministry of Interior, 2026-02-20")
        );
        assert_eq!(
            caption.credit.as_deref(),
            Some("Chart: Jane Doe / The Paper")
        );
        let blank = Words {
            title: Some("  ".to_owned()),
            ..Words::default()
        };
        let caption = Caption::new(&info, &Filter::default(), None, &blank);
        assert!(caption.dataset.starts_with("Phnom Penh crackdown"));
    }

    /// Whether two text boxes overlap by more than a sliver (the font table's boxes include
    /// the line's descent).
    fn overlap(a: &svg::Extent, b: &svg::Extent) -> bool {
        a.left < b.right - 0.5
            && b.left < a.right - 0.5
            && a.top < b.bottom - 3.0
            && b.top < a.bottom - 3.0
    }

    #[test]
    fn at_a_phone_width_no_text_is_smaller_than_11_px_leaves_the_figure_or_overlaps_another() {
        struct Fail;
        impl crate::validate::ProblemSink for Fail {
            fn problem(
                &mut self,
                _: crate::model::Kind,
                p: crate::error::Problem,
            ) -> crate::error::Result<()> {
                panic!("the built-in dataset has a problem: {p}")
            }
        }
        let dataset = crate::builtin::dataset().unwrap();
        let mut aggregation = crate::aggregate::Aggregation::default();
        crate::validate::run(
            &dataset,
            crate::validate::Options::default(),
            &mut aggregation,
            &mut Fail,
        )
        .unwrap();
        let summary = aggregation.summary(Shape::default());
        let page = Page::new(390.0);
        assert!(page.narrow());
        let caption = Caption::new(
            &crate::commands::dataset_info(&dataset),
            &Filter::default(),
            None,
            &Words::default(),
        );
        for figure in figures(&summary, &caption, page) {
            assert_inside_at(&figure, page);
            for e in &figure.extents {
                assert!(
                    e.bottom - e.top >= 11.0 * 1.25 - 0.01,
                    "{}: {e:?}",
                    figure.name
                );
            }
            for (i, a) in figure.extents.iter().enumerate() {
                for b in &figure.extents[i + 1..] {
                    assert!(!overlap(a, b), "{}: {a:?} overlaps {b:?}", figure.name);
                }
            }
        }
    }
}

//! The figures of a dataset of published statements, as SVG:
//!
//! - `timeline.svg`: the cumulative figures published over time (detained, deported, country-wide),
//!   one mark per statement at the end of its period, each labelled with its value; values that
//!   sources dispute are drawn as such (a hollow mark each, labelled), and the sources are listed
//!   in the caption, numbered as the marks' labels cite them;
//! - `statements-by-province.svg`: the detained published per province and district, one bar per
//!   statement;
//! - `statements-by-nationality.svg`: the detained per nationality of the latest period published
//!   country-wide, one bar per statement.
//!
//! Nothing is added up or chosen: a bar or a mark is one published value. Text is escaped; the
//! same statements always give the same bytes.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::figures::FigureFile;
use super::figures::escape;
use crate::statements::{Entry, Figure, Scope, Summary};

/// The files written for a statements dataset, in order.
pub const FILES: [&str; 3] = [
    "timeline.svg",
    "statements-by-province.svg",
    "statements-by-nationality.svg",
];

const WIDTH: f64 = 800.0;
const MARGIN: f64 = 24.0;
const FONT: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";
const INK: &str = "#1a1a1a";
const MUTED: &str = "#555555";
const GRID: &str = "#e2e2e2";
/// The series' colours, from the Okabe–Ito palette: detained, deported.
const COLOURS: [&str; 2] = ["#0072B2", "#D55E00"];

/// A number with one decimal at most, as coordinates are written.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The numbered sources the figures cite: "[1] Outlet, https://…".
#[derive(Default)]
struct Sources(Vec<String>);

impl Sources {
    fn cite(&mut self, v: &crate::statements::Value) -> usize {
        let text = match (&v.outlet, &v.source_url) {
            (Some(o), Some(u)) => format!("{o}, {u}"),
            (Some(o), None) => o.clone(),
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        };
        match self.0.iter().position(|s| *s == text) {
            Some(i) => i + 1,
            None => {
                self.0.push(text);
                self.0.len()
            }
        }
    }
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, fill: &str, body: &str) {
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        n(x),
        n(y),
        n(size),
        escape(body)
    );
}

/// The frame: the SVG element, a background and the title; closed by [`finish`].
fn start(out: &mut String, height: f64, title: &str, subtitle: &str) {
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" role="img">"#,
        w = n(WIDTH),
        h = n(height)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(WIDTH),
        n(height)
    );
    text(out, MARGIN, 34.0, 20.0, "start", INK, title);
    text(out, MARGIN, 56.0, 13.0, "start", MUTED, subtitle);
}

/// The caption under a figure: the sources, numbered, and a closing tag.
fn finish(out: &mut String, y: f64, lines: &[String]) {
    let mut y = y;
    for line in lines.iter().flat_map(|l| cut(l)) {
        text(out, MARGIN, y, 11.0, "start", MUTED, &line);
        y += 15.0;
    }
    out.push_str("</svg>\n");
}

/// The most characters of caption a line holds: long addresses go on over the next lines.
const CAPTION_CHARS: usize = 120;

fn cut(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    chars
        .chunks(CAPTION_CHARS)
        .map(|c| c.iter().collect())
        .collect()
}

fn caption_height(lines: &[String]) -> f64 {
    lines.iter().map(|l| cut(l).len()).sum::<usize>() as f64 * 15.0 + MARGIN
}

/// The figures of a statements summary, titled with the dataset's name.
pub fn render(summary: &Summary, dataset: &str) -> Vec<FigureFile> {
    let files = [
        timeline(summary, dataset),
        provinces(summary, dataset),
        nationalities(summary, dataset),
    ];
    FILES
        .iter()
        .zip(files)
        .map(|(name, svg)| FigureFile {
            name: (*name).to_owned(),
            bytes: svg.into_bytes(),
        })
        .collect()
}

/// One mark: a statement's value at the end of its period.
struct Mark {
    date: NaiveDate,
    value: u64,
    series: usize,
    conflict: bool,
    label: String,
    id: String,
}

fn timeline(summary: &Summary, dataset: &str) -> String {
    let series = [Figure::Detained, Figure::Deported];
    let mut sources = Sources::default();
    let mut marks = Vec::new();
    // Cumulative figures: of each series, the statements counted from the day most of them
    // count from (the earliest such day on a tie); the figures of one raid, one week or
    // another year are not points of the running total.
    let first_day = |figure: Figure| {
        let mut starts: Vec<NaiveDate> = summary
            .figures
            .iter()
            .filter(|e| e.figure == figure)
            .map(|e| e.period_start)
            .collect();
        starts.sort();
        let count = |d: &NaiveDate| starts.iter().filter(|s| *s == d).count();
        starts
            .iter()
            .copied()
            .max_by_key(|d| (count(d), std::cmp::Reverse(*d)))
    };
    let starts: Vec<Option<NaiveDate>> = series.iter().map(|f| first_day(*f)).collect();
    for e in &summary.figures {
        let Some(s) = series.iter().position(|f| *f == e.figure) else {
            continue;
        };
        if Some(e.period_start) != starts[s] {
            continue;
        }
        for v in &e.values {
            let cite = sources.cite(v);
            marks.push(Mark {
                date: e.period_end,
                value: v.value,
                series: s,
                conflict: e.conflict,
                label: format!("{} [{cite}]", v.shown),
                id: v.statement_id.clone(),
            });
        }
    }
    let lines: Vec<String> = sources
        .0
        .iter()
        .enumerate()
        .map(|(i, s)| format!("[{}] {s}", i + 1))
        .collect();
    let mut caption =
        vec!["Sources (each value is followed by the number of its source):".to_owned()];
    caption.extend(lines);
    caption.push(
        "Every value is one published statement: nothing is added up, averaged or chosen."
            .to_owned(),
    );
    let (top, plot_h) = (110.0, 300.0);
    let bottom = top + plot_h;
    let height = bottom + 50.0 + caption_height(&caption);
    let mut out = String::new();
    start(
        &mut out,
        height,
        &format!("Published figures over time: {dataset}"),
        "Detained and deported in all, country-wide, as published at the end of each period; hollow: sources differ",
    );
    // The legend.
    for (i, f) in series.iter().enumerate() {
        let x = MARGIN + i as f64 * 140.0;
        let _ = writeln!(
            out,
            r#"<circle cx="{}" cy="80" r="5" fill="{}"/>"#,
            n(x + 5.0),
            COLOURS[i]
        );
        text(&mut out, x + 15.0, 84.0, 12.0, "start", INK, f.label());
    }
    let (left, right) = (MARGIN + 60.0, WIDTH - MARGIN - 90.0);
    if marks.is_empty() {
        text(
            &mut out,
            WIDTH / 2.0,
            top + plot_h / 2.0,
            13.0,
            "middle",
            MUTED,
            "no country-wide statement of those detained or deported",
        );
    } else {
        let first = marks.iter().map(|m| m.date).min().expect("marks");
        let last = marks.iter().map(|m| m.date).max().expect("marks");
        let days = (last - first).num_days().max(1) as f64;
        let most = marks.iter().map(|m| m.value).max().unwrap_or(0).max(1) as f64;
        let x = |d: NaiveDate| {
            if first == last {
                (left + right) / 2.0
            } else {
                left + (d - first).num_days() as f64 / days * (right - left)
            }
        };
        let y = |v: u64| bottom - v as f64 / most * plot_h;
        // Grid: 0, half and the largest value.
        for v in [0, most as u64 / 2, most as u64] {
            let _ = writeln!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{GRID}"/>"#,
                n(left),
                n(y(v)),
                n(right),
                n(y(v))
            );
            text(
                &mut out,
                left - 6.0,
                y(v) + 4.0,
                11.0,
                "end",
                MUTED,
                &crate::text::group_digits(v),
            );
        }
        // Below the axis: each month's first day over a long range (the dates are in the marks'
        // titles), else every date, staggered so that close dates stay apart.
        let mut dates: Vec<(NaiveDate, String)> = if days > 90.0 {
            month_starts(first, last)
                .map(|d| (d, d.format("%Y-%m").to_string()))
                .collect()
        } else {
            marks.iter().map(|m| (m.date, m.date.to_string())).collect()
        };
        dates.sort();
        dates.dedup();
        for (i, (d, label)) in dates.iter().enumerate() {
            let dy = if days > 90.0 || i % 2 == 0 {
                18.0
            } else {
                32.0
            };
            let _ = writeln!(
                out,
                r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{GRID}"/>"#,
                n(x(*d)),
                n(bottom),
                n(bottom + 5.0)
            );
            text(&mut out, x(*d), bottom + dy, 11.0, "middle", MUTED, label);
        }
        // A label that would cover one written before goes lower, until it covers none.
        let mut placed: Vec<(f64, f64, f64)> = Vec::new();
        for m in &marks {
            let (cx, cy) = (x(m.date), y(m.value));
            let width = m.label.chars().count() as f64 * 6.5;
            let mut ly = cy - 6.0;
            while placed.iter().any(|&(x0, x1, y0)| {
                cx + 8.0 < x1 && x0 < cx + 8.0 + width && (ly - y0).abs() < 12.0
            }) {
                ly += 13.0;
            }
            placed.push((cx + 8.0, cx + 8.0 + width, ly));
            let colour = COLOURS[m.series];
            let (fill, class) = if m.conflict {
                ("#ffffff", "mark conflict")
            } else {
                (colour, "mark")
            };
            let _ = writeln!(
                out,
                r#"<circle class="{class}" data-statement="{}" cx="{}" cy="{}" r="5" fill="{fill}" stroke="{colour}" stroke-width="2"><title>{}</title></circle>"#,
                escape(&m.id),
                n(cx),
                n(cy),
                escape(&format!("{}: {}", m.id, m.label))
            );
            text(&mut out, cx + 8.0, ly, 11.0, "start", colour, &m.label);
        }
    }
    finish(&mut out, bottom + 60.0, &caption);
    out
}

/// The first day of each month from `first`'s month on, up to `last`.
fn month_starts(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let start = first.with_day(1).expect("every month has a first day");
    std::iter::successors(Some(start), |d| {
        d.checked_add_months(chrono::Months::new(1))
    })
    .skip_while(move |d| *d < first)
    .take_while(move |d| *d <= last)
}

/// One bar: a published value.
struct Bar {
    label: String,
    value: u64,
    shown: String,
    conflict: bool,
    id: String,
}

fn bars(title: &str, subtitle: &str, bars: &[Bar], sources: Sources, empty: &str) -> String {
    let row = 24.0;
    let top = 80.0;
    let lines: Vec<String> = sources
        .0
        .iter()
        .enumerate()
        .map(|(i, s)| format!("[{}] {s}", i + 1))
        .collect();
    let mut caption = vec!["Sources:".to_owned()];
    caption.extend(lines);
    let body = (bars.len().max(1)) as f64 * row;
    let height = top + body + 20.0 + caption_height(&caption);
    let mut out = String::new();
    start(&mut out, height, title, subtitle);
    let (left, right) = (MARGIN + 300.0, WIDTH - MARGIN - 120.0);
    let most = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    if bars.is_empty() {
        text(&mut out, MARGIN, top + 16.0, 13.0, "start", MUTED, empty);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as f64 * row;
        let w = b.value as f64 / most * (right - left);
        text(&mut out, left - 8.0, y + 15.0, 12.0, "end", INK, &b.label);
        let (fill, class) = if b.conflict {
            ("#ffffff", "bar conflict")
        } else {
            (COLOURS[0], "bar")
        };
        let _ = writeln!(
            out,
            r#"<rect class="{class}" data-statement="{}" x="{}" y="{}" width="{}" height="16" fill="{fill}" stroke="{}" stroke-width="1.5"><title>{}</title></rect>"#,
            escape(&b.id),
            n(left),
            n(y + 3.0),
            n(w),
            COLOURS[0],
            escape(&format!("{}: {}", b.id, b.shown))
        );
        text(
            &mut out,
            left + w + 6.0,
            y + 15.0,
            12.0,
            "start",
            INK,
            &b.shown,
        );
    }
    finish(&mut out, top + body + 30.0, &caption);
    out
}

fn entry_bars(entries: &[&Entry], label: impl Fn(&Entry) -> String) -> (Vec<Bar>, Sources) {
    let mut sources = Sources::default();
    let mut out = Vec::new();
    for e in entries {
        for v in &e.values {
            let cite = sources.cite(v);
            out.push(Bar {
                label: label(e),
                value: v.value,
                shown: format!("{} [{cite}]", v.shown),
                conflict: e.conflict,
                id: v.statement_id.clone(),
            });
        }
    }
    (out, sources)
}

fn provinces(summary: &Summary, dataset: &str) -> String {
    let entries: Vec<&Entry> = summary
        .provinces
        .iter()
        .filter(|e| e.figure == Figure::Detained)
        .collect();
    let (list, sources) = entry_bars(&entries, |e| {
        format!("{} ({})", e.place_words(), e.period_words())
    });
    bars(
        &format!("Detained per province and district: {dataset}"),
        "One bar per published statement, with its period; hollow bars: sources that differ",
        &list,
        sources,
        "no statement of those detained in a province or district",
    )
}

fn nationalities(summary: &Summary, dataset: &str) -> String {
    let pool: Vec<&Entry> = summary
        .nationalities
        .iter()
        .filter(|e| e.figure == Figure::Detained && e.scope == Scope::Country)
        .collect();
    // The latest period published per nationality: its end, then the longest.
    let latest = pool
        .iter()
        .map(|e| (e.period_end, std::cmp::Reverse(e.period_start)))
        .max();
    let entries: Vec<&Entry> = pool
        .into_iter()
        .filter(|e| Some((e.period_end, std::cmp::Reverse(e.period_start))) == latest)
        .collect();
    let period = entries
        .first()
        .map(|e| e.period_words())
        .unwrap_or_default();
    let (list, sources) = entry_bars(&entries, |e| {
        e.nationality_name.unwrap_or_default().to_owned()
    });
    bars(
        &format!("Detained per nationality: {dataset}"),
        &format!(
            "Country-wide, {}; one bar per published statement; hollow bars: sources that differ",
            if period.is_empty() {
                "no period"
            } else {
                &period
            }
        ),
        &list,
        sources,
        "no country-wide statement of those detained per nationality",
    )
}

//! Horizontal bar charts: one row per category, each with one bar or a group of bars, each bar
//! one value or a stack of segments, the number at its end, and a value axis below.

use super::svg::{self, AXIS, Anchor, Body, GRID, LABEL, NoData, Page, Svg, TICK, VALUE};
use crate::text::group_digits;

/// What one kind of bar or segment stands for and how it is coloured.
#[derive(Debug, Clone, Copy)]
pub struct Series {
    /// The class of its rectangles, after "bar ": `bar detained`.
    pub class: &'static str,
    pub fill: &'static str,
    /// Text colour on top of `fill`.
    pub ink: &'static str,
}

pub struct Bar {
    /// Laid end to end from the axis. When more than one is not zero and `inner` is set, each
    /// carries its number inside when the number fits there.
    pub segments: Vec<(Series, u64)>,
    /// Whether the segments carry their own numbers; when not, the label at the end says what
    /// the split is.
    pub inner: bool,
    /// A part of the bar drawn over its start: a subset of what the bar counts (the women among
    /// the foreign nationals), so that the two are never read as separate groups.
    pub overlay: Option<(Series, u64)>,
    /// The number at the end of the bar.
    pub label: String,
    /// Said at the end instead when a segment's own number does not fit inside it, so that
    /// every number stays readable.
    pub long_label: Option<String>,
}

impl Bar {
    /// A bar of one value, labelled with `label`.
    pub fn single(series: Series, value: u64, label: String) -> Bar {
        Bar {
            segments: vec![(series, value)],
            inner: false,
            overlay: None,
            label,
            long_label: None,
        }
    }

    fn total(&self) -> u64 {
        self.segments.iter().map(|&(_, v)| v).sum()
    }
}

pub struct Row {
    pub name: String,
    pub bars: Vec<Bar>,
}

pub struct Chart {
    pub rows: Vec<Row>,
    /// Under the value axis, with the unit: "Detained (persons)".
    pub axis_title: String,
    /// Shown instead of the plot when there are no rows or every value is zero.
    pub empty: String,
}

const BAR_GAP: f64 = 2.0;
const ROW_GAP: f64 = 9.0;
/// Padding around a number inside a segment.
const INSET: f64 = 3.0;
/// Between the end of a bar and its number.
const LABEL_GAP: f64 = 5.0;
/// The name column may take at most this share of the width; longer names are cut.
const NAME_SHARE: f64 = 0.3;
/// In the narrow layout, the room above each row's bars for its name.
const NAME_LINE: f64 = 17.0;

/// Where everything goes, decided once for drawing and for the height.
struct Layout {
    names: Vec<String>,
    /// Names on a line of their own above the bars (the narrow layout), not beside them.
    names_above: bool,
    /// Left end of the bars.
    x0: f64,
    plot_width: f64,
    scale: f64,
    ticks: Vec<u64>,
    bar_height: f64,
    row_height: f64,
    /// Per row, per bar: whether the long label is used.
    long: Vec<Vec<bool>>,
}

impl Chart {
    fn max(&self) -> u64 {
        self.rows
            .iter()
            .flat_map(|r| &r.bars)
            .map(Bar::total)
            .max()
            .unwrap_or(0)
    }

    fn is_empty(&self) -> bool {
        self.max() == 0
    }

    fn label<'a>(&self, bar: &'a Bar, long: bool) -> &'a str {
        match (&bar.long_label, long) {
            (Some(l), true) => l,
            _ => &bar.label,
        }
    }

    fn layout(&self, page: Page) -> Layout {
        let names_above = page.narrow();
        let name_max = if names_above {
            page.inner()
        } else {
            page.width * NAME_SHARE
        };
        let names: Vec<String> = self
            .rows
            .iter()
            .map(|r| LABEL.truncate(&r.name, name_max))
            .collect();
        let name_width = names.iter().map(|n| LABEL.width(n)).fold(0.0, f64::max);
        let x0 = if names_above {
            page.margin
        } else {
            page.margin + name_width + 10.0
        };
        let max = self.max().max(1);
        let bars_per_row = self.rows.iter().map(|r| r.bars.len()).max().unwrap_or(1);
        let bar_height = if bars_per_row > 1 { 14.0 } else { 18.0 };
        let row_height = bars_per_row as f64 * (bar_height + BAR_GAP) - BAR_GAP
            + ROW_GAP
            + if names_above { NAME_LINE } else { 0.0 };

        // Room for the widest end label decides the scale, and the scale decides which
        // segments hold their numbers, which decides the labels: repeat until nothing changes.
        // Each round only turns short labels long, so this ends.
        let mut long: Vec<Vec<bool>> = self
            .rows
            .iter()
            .map(|r| vec![false; r.bars.len()])
            .collect();
        loop {
            let reserve = self
                .rows
                .iter()
                .zip(&long)
                .flat_map(|(r, l)| r.bars.iter().zip(l))
                .map(|(b, &l)| VALUE.width(self.label(b, l)))
                .fold(0.0, f64::max)
                + LABEL_GAP
                + 2.0;
            let plot_width = page.width - page.margin - x0 - reserve;
            let widest = TICK.width(&group_digits(max));
            let (ticks, scale) = svg::axis(max, plot_width, |_| widest + 16.0);
            let mut changed = false;
            for (row, flags) in self.rows.iter().zip(long.iter_mut()) {
                for (bar, flag) in row.bars.iter().zip(flags.iter_mut()) {
                    if !*flag && bar.long_label.is_some() && !inner_labels_fit(bar, scale) {
                        *flag = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                return Layout {
                    names,
                    names_above,
                    x0,
                    plot_width,
                    scale,
                    ticks,
                    bar_height,
                    row_height,
                    long,
                };
            }
        }
    }
}

/// Whether the segments of `bar` carry their own numbers: only when it shows a split, that is
/// when at least two of them are not zero (otherwise the number at the end says it all).
fn split(bar: &Bar) -> bool {
    bar.inner && bar.segments.iter().filter(|&&(_, v)| v > 0).count() > 1
}

/// Whether every segment of a split bar has room for its number.
fn inner_labels_fit(bar: &Bar, scale: f64) -> bool {
    !split(bar)
        || bar.segments.iter().all(|&(_, v)| {
            v == 0 || VALUE.width(&group_digits(v)) + 2.0 * INSET <= v as f64 * scale
        })
}

const AXIS_HEIGHT: f64 = 44.0;

impl Body for Chart {
    fn height(&self, page: Page) -> f64 {
        if self.is_empty() {
            return NoData(&self.empty).height(page);
        }
        let l = self.layout(page);
        self.rows.len() as f64 * l.row_height - ROW_GAP + AXIS_HEIGHT
    }

    fn draw(&self, svg: &mut Svg, top: f64, page: Page) {
        if self.is_empty() {
            return NoData(&self.empty).draw(svg, top, page);
        }
        let l = self.layout(page);
        let bottom = top + self.rows.len() as f64 * l.row_height - ROW_GAP;

        // Where gridlines and the axis run: the whole plot, or, with the names above the bars,
        // beside each row's bars only, so that no line crosses a name.
        let spans: Vec<(f64, f64)> = if l.names_above {
            (0..self.rows.len())
                .map(|i| {
                    let row_top = top + i as f64 * l.row_height + NAME_LINE;
                    let last = i + 1 == self.rows.len();
                    let end = row_top + l.row_height - NAME_LINE - ROW_GAP;
                    (row_top - 3.0, if last { end + 4.0 } else { end + 3.0 })
                })
                .collect()
        } else {
            vec![(top - 4.0, bottom + 4.0)]
        };
        // Gridlines and their numbers first, so that bars and labels sit on top.
        for &t in &l.ticks {
            let x = l.x0 + t as f64 * l.scale;
            if t > 0 {
                for &(y1, y2) in &spans {
                    svg.line(x, y1, x, y2, GRID);
                }
            }
            svg.text(x, bottom + 18.0, Anchor::Middle, TICK, &group_digits(t));
        }
        svg.text(
            l.x0 + l.plot_width / 2.0,
            bottom + 38.0,
            Anchor::Middle,
            LABEL,
            &self.axis_title,
        );

        for (i, row) in self.rows.iter().enumerate() {
            let mut row_top = top + i as f64 * l.row_height;
            if l.names_above {
                svg.text_with(
                    l.x0,
                    row_top + LABEL.size,
                    Anchor::Start,
                    LABEL,
                    LABEL.fill,
                    "name",
                    &l.names[i],
                );
                row_top += NAME_LINE;
            } else {
                let group_height = l.row_height - ROW_GAP;
                svg.text_with(
                    l.x0 - 10.0,
                    row_top + group_height / 2.0 + 4.5,
                    Anchor::End,
                    LABEL,
                    LABEL.fill,
                    "name",
                    &l.names[i],
                );
            }
            for (j, bar) in row.bars.iter().enumerate() {
                let y = row_top + j as f64 * (l.bar_height + BAR_GAP);
                let baseline = y + l.bar_height / 2.0 + 4.0;
                let mut x = l.x0;
                for &(series, value) in &bar.segments {
                    let w = value as f64 * l.scale;
                    svg.rect(
                        &format!("bar {}", series.class),
                        x,
                        y,
                        w,
                        l.bar_height,
                        series.fill,
                    );
                    if split(bar) && value > 0 && !l.long[i][j] {
                        svg.text_with(
                            x + w / 2.0,
                            baseline,
                            Anchor::Middle,
                            VALUE,
                            series.ink,
                            "value inner",
                            &group_digits(value),
                        );
                    }
                    x += w;
                }
                if let Some((series, value)) = bar.overlay {
                    // Inset by a quarter of the bar above and below, so that both stay visible.
                    let inset = (l.bar_height / 4.0).round();
                    svg.rect(
                        &format!("bar {}", series.class),
                        l.x0,
                        y + inset,
                        value.min(bar.total()) as f64 * l.scale,
                        l.bar_height - 2.0 * inset,
                        series.fill,
                    );
                }
                svg.text_with(
                    x + LABEL_GAP,
                    baseline,
                    Anchor::Start,
                    VALUE,
                    VALUE.fill,
                    "value",
                    self.label(bar, l.long[i][j]),
                );
            }
        }
        // The axis line over the bars' left ends.
        for &(y1, y2) in &spans {
            svg.line(l.x0, y1, l.x0, y2, AXIS);
        }
    }
}

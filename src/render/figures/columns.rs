//! Panels of columns over time: one panel per measure, stacked over one shared time axis, each
//! with its own value axis, so no panel needs a second scale.

use super::bars::Series;
use super::svg::{
    self, AXIS, Anchor, Body, GRID, HEADING, LABEL, NoData, Page, SMALL, Svg, TICK, VALUE,
};
use crate::text::group_digits;

/// How a panel draws its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// One column per period, its number above it when every number fits.
    Columns,
    /// A line through the periods, with the last value at its end.
    Line,
}

pub struct Panel {
    /// Above the panel: "Inspections per day".
    pub heading: String,
    /// Beside the value axis: "inspections".
    pub unit: &'static str,
    pub series: Series,
    pub mark: Mark,
    /// One per period.
    pub values: Vec<u64>,
}

pub struct Columns {
    /// One per period, under the bottom panel (some left out when they would crowd).
    pub periods: Vec<String>,
    /// Over long ranges of days: the periods that start a month, with the month's name, shown
    /// with a tick mark instead of every n-th period.
    pub month_starts: Option<Vec<(usize, String)>>,
    pub panels: Vec<Panel>,
    /// Under the time axis: "Day".
    pub axis_title: String,
    pub empty: String,
}

const HEADING_HEIGHT: f64 = 24.0;
const PLOT_HEIGHT: f64 = 130.0;
/// Room above the tallest column for its number.
const HEADROOM: f64 = 16.0;
const PANEL_GAP: f64 = 22.0;
const AXIS_HEIGHT: f64 = 46.0;
/// A single period would otherwise make one very wide column.
const MAX_COLUMN: f64 = 48.0;

struct Layout {
    page: Page,
    x0: f64,
    slot: f64,
    column: f64,
    /// Show every `every`-th period label.
    every: usize,
}

impl Columns {
    fn layout(&self, page: Page) -> Layout {
        let widest_tick = self
            .panels
            .iter()
            .map(|p| TICK.width(&group_digits(max(&p.values))))
            .fold(0.0, f64::max);
        // The unit, turned upright, then the tick numbers.
        let x0 = page.margin + LABEL.size + 8.0 + widest_tick + 8.0;
        let reserve = self
            .panels
            .iter()
            .filter(|p| p.mark == Mark::Line)
            .filter_map(|p| p.values.last())
            .map(|&v| VALUE.width(&group_digits(v)) + 12.0)
            .fold(8.0, f64::max);
        let plot_width = page.width - page.margin - x0 - reserve;
        let n = self.periods.len().max(1);
        let slot = plot_width / n as f64;
        let column = (slot * 0.72).min(MAX_COLUMN);
        let widest_period = self
            .periods
            .iter()
            .map(|p| TICK.width(p))
            .fold(0.0, f64::max);
        let every = (((widest_period + 10.0) / slot).ceil() as usize).max(1);
        Layout {
            page,
            x0,
            slot,
            column,
            every,
        }
    }

    fn centre(&self, l: &Layout, i: usize) -> f64 {
        l.x0 + (i as f64 + 0.5) * l.slot
    }
}

fn max(values: &[u64]) -> u64 {
    values.iter().copied().max().unwrap_or(0)
}

impl Body for Columns {
    fn height(&self, page: Page) -> f64 {
        if self.periods.is_empty() {
            return NoData(&self.empty).height(page);
        }
        self.panels.len() as f64 * (HEADING_HEIGHT + PLOT_HEIGHT + PANEL_GAP) - PANEL_GAP
            + AXIS_HEIGHT
    }

    fn draw(&self, svg: &mut Svg, top: f64, page: Page) {
        if self.periods.is_empty() {
            return NoData(&self.empty).draw(svg, top, page);
        }
        let l = self.layout(page);
        let margin = l.page.margin;
        let plot_width = l.slot * self.periods.len() as f64;
        let mut y = top;
        for panel in &self.panels {
            svg.text(
                margin,
                y + HEADING.size,
                Anchor::Start,
                HEADING,
                &panel.heading,
            );
            let plot_top = y + HEADING_HEIGHT;
            let bottom = plot_top + PLOT_HEIGHT;
            let max = max(&panel.values);
            let (ticks, scale) = svg::axis(max, PLOT_HEIGHT - HEADROOM, |_| 28.0);

            svg.text_up(
                margin + LABEL.size,
                plot_top + PLOT_HEIGHT / 2.0,
                LABEL,
                panel.unit,
            );
            for t in ticks {
                let ty = bottom - t as f64 * scale;
                if t > 0 {
                    svg.line(l.x0, ty, l.x0 + plot_width, ty, GRID);
                }
                svg.text(l.x0 - 6.0, ty + 4.0, Anchor::End, TICK, &group_digits(t));
            }

            let class = format!("bar {}", panel.series.class);
            match panel.mark {
                Mark::Columns => {
                    let labels: Vec<String> =
                        panel.values.iter().map(|&v| group_digits(v)).collect();
                    let labelled = labels.iter().all(|s| SMALL.width(s) <= l.slot - 2.0);
                    for (i, &v) in panel.values.iter().enumerate() {
                        let h = v as f64 * scale;
                        let x = self.centre(&l, i);
                        svg.rect(
                            &class,
                            x - l.column / 2.0,
                            bottom - h,
                            l.column,
                            h,
                            panel.series.fill,
                        );
                        if labelled {
                            svg.text_with(
                                x,
                                bottom - h - 4.0,
                                Anchor::Middle,
                                SMALL,
                                SMALL.fill,
                                "value",
                                &labels[i],
                            );
                        }
                    }
                }
                Mark::Line => {
                    let points: Vec<(f64, f64)> = panel
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, &v)| (self.centre(&l, i), bottom - v as f64 * scale))
                        .collect();
                    let class = format!("line {}", panel.series.class);
                    svg.polyline(&class, &points, panel.series.fill);
                    if l.slot >= 6.0 {
                        let class = format!("point {}", panel.series.class);
                        for &(x, y) in &points {
                            svg.circle(&class, x, y, 3.5, panel.series.fill);
                        }
                    }
                    if let (Some(&(x, y)), Some(&v)) = (points.last(), panel.values.last()) {
                        svg.text_with(
                            x + 8.0,
                            y + 4.0,
                            Anchor::Start,
                            VALUE,
                            VALUE.fill,
                            "value",
                            &group_digits(v),
                        );
                    }
                }
            }
            svg.line(l.x0, bottom, l.x0 + plot_width, bottom, AXIS);
            y = bottom + PANEL_GAP;
        }

        let bottom = y - PANEL_GAP;
        match &self.month_starts {
            Some(months) => {
                // A tick at the left edge of each month's first day, its name beside it; names
                // that would run into the next are left out (the tick stays).
                let mut free = f64::MIN;
                for (i, name) in months {
                    let x = l.x0 + *i as f64 * l.slot;
                    svg.line(x, bottom, x, bottom + 6.0, AXIS);
                    if x + 3.0 >= free && x + 3.0 + TICK.width(name) <= l.page.width - margin {
                        svg.text_with(
                            x + 3.0,
                            bottom + 18.0,
                            Anchor::Start,
                            TICK,
                            TICK.fill,
                            "period",
                            name,
                        );
                        free = x + 3.0 + TICK.width(name) + 8.0;
                    }
                }
            }
            None => {
                for (i, period) in self.periods.iter().enumerate() {
                    if i % l.every == 0 {
                        svg.text_with(
                            self.centre(&l, i),
                            bottom + 18.0,
                            Anchor::Middle,
                            TICK,
                            TICK.fill,
                            "period",
                            period,
                        );
                    }
                }
            }
        }
        svg.text(
            l.x0 + plot_width / 2.0,
            bottom + 40.0,
            Anchor::Middle,
            LABEL,
            &self.axis_title,
        );
    }
}

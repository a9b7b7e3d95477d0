//! A small table drawn as a figure: for breakdowns of a handful of rows, where bars would add
//! nothing that the numbers do not say. Names on the left, numbers right-aligned, a total row.

use super::metrics::Weight;
use super::svg::{Anchor, Body, Font, GRID, LABEL, NoData, Page, Svg, VALUE};

pub struct Table {
    /// The first column names the row; the others hold numbers.
    pub header: [&'static str; 4],
    pub rows: Vec<Vec<String>>,
    /// The row of totals, drawn under a rule.
    pub total: Option<Vec<String>>,
    pub empty: String,
}

const HEAD: Font = Font {
    weight: Weight::Bold,
    ..LABEL
};
const CELL: Font = LABEL;
const TOTAL: Font = Font {
    weight: Weight::Bold,
    ..LABEL
};
const ROW: f64 = 24.0;
const GAP: f64 = 18.0;

struct Layout {
    /// Right edge of each number column (the first column starts at the margin).
    rights: Vec<f64>,
    /// Each header, wrapped to its column.
    header: Vec<Vec<String>>,
    header_height: f64,
    /// The first column's texts, cut to fit.
    names: Vec<String>,
}

impl Table {
    fn layout(&self, page: Page) -> Layout {
        let all = self.rows.iter().chain(self.total.iter());
        let widest = |j: usize, font: Font| {
            all.clone()
                .map(|r| font.width(r.get(j).map(String::as_str).unwrap_or("")))
                .fold(0.0, f64::max)
        };
        // Number columns as wide as their numbers or their header's longest word, headers
        // wrapped into that width when the whole header does not fit the page.
        let numbers: Vec<f64> = (1..self.header.len())
            .map(|j| widest(j, TOTAL).max(HEAD.width(self.header[j])))
            .collect();
        let name_width = widest(0, TOTAL).max(HEAD.width(self.header[0]));
        let needed = name_width + numbers.iter().map(|w| w + GAP).sum::<f64>();
        let numbers: Vec<f64> = if needed <= page.inner() {
            numbers
        } else {
            (1..self.header.len())
                .map(|j| {
                    let word = self.header[j]
                        .split(' ')
                        .map(|w| HEAD.width(w))
                        .fold(0.0, f64::max);
                    widest(j, TOTAL).max(word)
                })
                .collect()
        };
        let room = page.inner() - numbers.iter().map(|w| w + GAP).sum::<f64>();
        let first = name_width.min(room);
        let mut rights = Vec::new();
        let mut x = page.margin + first;
        for w in &numbers {
            x += GAP + w;
            rights.push(x);
        }
        let header: Vec<Vec<String>> = self
            .header
            .iter()
            .enumerate()
            .map(|(j, h)| HEAD.wrap(h, if j == 0 { first } else { numbers[j - 1] }))
            .collect();
        let lines = header.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let names = self
            .rows
            .iter()
            .chain(self.total.iter())
            .map(|r| CELL.truncate(r.first().map(String::as_str).unwrap_or(""), first))
            .collect();
        Layout {
            rights,
            header,
            header_height: lines * HEAD.line_height() + 8.0,
            names,
        }
    }
}

impl Body for Table {
    fn height(&self, page: Page) -> f64 {
        if self.rows.is_empty() {
            return NoData(&self.empty).height(page);
        }
        let l = self.layout(page);
        l.header_height + (self.rows.len() + usize::from(self.total.is_some())) as f64 * ROW
    }

    fn draw(&self, svg: &mut Svg, top: f64, page: Page) {
        if self.rows.is_empty() {
            return NoData(&self.empty).draw(svg, top, page);
        }
        let l = self.layout(page);
        // Rules as wide as the table, not the page.
        let right = l.rights.last().copied().unwrap_or(page.width - page.margin);
        for (j, lines) in l.header.iter().enumerate() {
            // Headers sit on the rule: a two-line header starts a line higher.
            let last = top + l.header_height - 8.0 - 4.0;
            let first = last - (lines.len() as f64 - 1.0) * HEAD.line_height();
            for (k, line) in lines.iter().enumerate() {
                let y = first + k as f64 * HEAD.line_height();
                match j {
                    0 => {
                        svg.text_with(page.margin, y, Anchor::Start, HEAD, HEAD.fill, "head", line)
                    }
                    _ => svg.text_with(
                        l.rights[j - 1],
                        y,
                        Anchor::End,
                        HEAD,
                        HEAD.fill,
                        "head",
                        line,
                    ),
                }
            }
        }
        let mut y = top + l.header_height;
        svg.line(page.margin, y - 4.0, right, y - 4.0, VALUE.fill);
        let rows = self.rows.iter().map(|r| (r, CELL, "cell"));
        let total = self.total.iter().map(|r| (r, TOTAL, "total"));
        for (i, (row, font, class)) in rows.chain(total).enumerate() {
            if class == "total" {
                svg.line(page.margin, y - 4.0, right, y - 4.0, VALUE.fill);
            } else if i > 0 {
                svg.line(page.margin, y - 4.0, right, y - 4.0, GRID);
            }
            let baseline = y + ROW / 2.0 + 2.0;
            svg.text_with(
                page.margin,
                baseline,
                Anchor::Start,
                font,
                font.fill,
                class,
                &l.names[i],
            );
            for (j, cell) in row.iter().enumerate().skip(1) {
                svg.text_with(
                    l.rights[j - 1],
                    baseline,
                    Anchor::End,
                    font,
                    font.fill,
                    class,
                    cell,
                );
            }
            y += ROW;
        }
    }
}

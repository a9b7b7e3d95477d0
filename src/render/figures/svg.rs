//! A small SVG writer: the elements the figures draw, the frame every figure shares (background,
//! title, caption lines, legend, footer), escaping, and axis ticks. Coordinates are written with
//! at most one decimal, and nothing depends on the clock or the machine, so the same figure
//! always comes out as the same bytes.

use std::fmt::Write;

use super::Caption;
use super::metrics::{self, Weight};

/// The width of a figure unless `--width` says otherwise, in px; the height follows from the
/// content.
pub const WIDTH: f64 = 800.0;
/// The narrowest and widest figure `--width` draws.
pub const MIN_WIDTH: f64 = 320.0;
pub const MAX_WIDTH: f64 = 2000.0;
/// Below this width a figure takes its narrow layout: smaller margins, and the name of each bar
/// on a line of its own above it, so that the bars keep most of the width.
pub const NARROW: f64 = 500.0;

/// The width a figure is drawn at, and what follows from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    pub width: f64,
    /// Space between the figure's border and anything drawn.
    pub margin: f64,
}

impl Page {
    pub fn new(width: f64) -> Page {
        let width = width.clamp(MIN_WIDTH, MAX_WIDTH);
        Page {
            width,
            margin: if width < NARROW { 14.0 } else { 24.0 },
        }
    }

    pub fn narrow(self) -> bool {
        self.width < NARROW
    }

    /// The width between the margins.
    pub fn inner(self) -> f64 {
        self.width - 2.0 * self.margin
    }
}

impl Default for Page {
    fn default() -> Page {
        Page::new(WIDTH)
    }
}

pub const FONT_FAMILY: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";

pub const BACKGROUND: &str = "#ffffff";
pub const BORDER: &str = "#c8c8c8";
pub const INK: &str = "#1a1a1a";
/// Secondary text: 7.5:1 against the white background.
pub const MUTED: &str = "#555555";
pub const GRID: &str = "#e2e2e2";
pub const AXIS: &str = "#7a7a7a";

/// How a run of text is set.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub weight: Weight,
    pub italic: bool,
    pub fill: &'static str,
}

impl Font {
    const fn new(size: f64, weight: Weight, fill: &'static str) -> Font {
        Font {
            size,
            weight,
            italic: false,
            fill,
        }
    }

    pub fn width(self, text: &str) -> f64 {
        metrics::width(text, self.size, self.weight)
    }

    pub fn wrap(self, text: &str, max: f64) -> Vec<String> {
        metrics::wrap(text, self.size, self.weight, max)
    }

    pub fn truncate(self, text: &str, max: f64) -> String {
        metrics::truncate(text, self.size, self.weight, max)
    }

    /// Distance between baselines of consecutive lines.
    pub fn line_height(self) -> f64 {
        (self.size * 1.35).round()
    }
}

pub const TITLE: Font = Font::new(20.0, Weight::Bold, INK);
pub const SUBTITLE: Font = Font::new(14.0, Weight::Regular, INK);
pub const NOTE: Font = Font::new(13.0, Weight::Regular, MUTED);
pub const HEADING: Font = Font::new(14.0, Weight::Bold, INK);
/// Category names beside bars, legend entries, axis titles.
pub const LABEL: Font = Font::new(13.0, Weight::Regular, INK);
/// Numbers on bars.
pub const VALUE: Font = Font::new(12.0, Weight::Regular, INK);
/// Numbers above narrow columns.
pub const SMALL: Font = Font::new(11.0, Weight::Regular, INK);
pub const TICK: Font = Font::new(12.0, Weight::Regular, MUTED);
pub const FOOTER: Font = Font::new(12.0, Weight::Regular, MUTED);
pub const FOOTER_NOTE: Font = Font {
    italic: true,
    ..Font::new(12.0, Weight::Regular, INK)
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 cannot carry at all
/// (most C0 controls) become U+FFFD, so that no input makes a figure unparsable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: rounded to a tenth of a px, without a trailing ".0".
pub fn num(x: f64) -> String {
    let s = format!("{:.1}", x);
    let s = s.strip_suffix(".0").unwrap_or(&s);
    // -0.04 rounds to "-0.0", which would read as a distinct value.
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The estimated box a text covers, kept so the tests can check nothing leaves the figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Extent {
    pub text: String,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// The elements of one figure, written as they are drawn.
#[derive(Debug, Default)]
pub struct Svg {
    body: String,
    pub extents: Vec<Extent>,
}

impl Svg {
    pub fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="1"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
        );
    }

    pub fn polyline(&mut self, class: &str, points: &[(f64, f64)], stroke: &str) {
        let points: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{},{}", num(x), num(y)))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline class="{class}" points="{}" fill="none" stroke="{stroke}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>"#,
            points.join(" "),
        );
    }

    pub fn circle(&mut self, class: &str, x: f64, y: f64, r: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{}" fill="{fill}" stroke="{BACKGROUND}" stroke-width="1"/>"#,
            num(x),
            num(y),
            num(r),
        );
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, font: Font, text: &str) {
        self.text_with(x, y, anchor, font, font.fill, "", text);
    }

    /// Text with its baseline at `y`, in `fill`, with a class when `class` is not empty.
    #[allow(clippy::too_many_arguments)]
    pub fn text_with(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        font: Font,
        fill: &str,
        class: &str,
        text: &str,
    ) {
        let width = font.width(text);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        self.extents.push(Extent {
            text: text.to_owned(),
            left,
            right: left + width,
            top: y - font.size,
            bottom: y + font.size * 0.25,
        });
        self.open_text(x, y, anchor, font, fill, class, "");
        self.close_text(text);
    }

    /// Text turned a quarter anticlockwise, centred on (`x`, `y`) and reading upwards.
    pub fn text_up(&mut self, x: f64, y: f64, font: Font, text: &str) {
        let width = font.width(text);
        self.extents.push(Extent {
            text: text.to_owned(),
            left: x - font.size,
            right: x + font.size * 0.25,
            top: y - width / 2.0,
            bottom: y + width / 2.0,
        });
        let rotate = format!(r#" transform="rotate(-90 {} {})""#, num(x), num(y));
        self.open_text(x, y, Anchor::Middle, font, font.fill, "", &rotate);
        self.close_text(text);
    }

    #[allow(clippy::too_many_arguments)]
    fn open_text(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        font: Font,
        fill: &str,
        class: &str,
        extra: &str,
    ) {
        let _ = write!(self.body, "<text");
        if !class.is_empty() {
            let _ = write!(self.body, r#" class="{class}""#);
        }
        let _ = write!(
            self.body,
            r#" x="{}" y="{}" font-size="{}""#,
            num(x),
            num(y),
            num(font.size)
        );
        if font.weight == Weight::Bold {
            self.body.push_str(r#" font-weight="bold""#);
        }
        if font.italic {
            self.body.push_str(r#" font-style="italic""#);
        }
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => self.body.push_str(r#" text-anchor="middle""#),
            Anchor::End => self.body.push_str(r#" text-anchor="end""#),
        }
        let _ = write!(self.body, r#" fill="{fill}"{extra}>"#);
    }

    fn close_text(&mut self, text: &str) {
        let _ = writeln!(self.body, "{}</text>", escape(text));
    }

    /// Lines of text from `y` on (the first baseline one font size below it), each wrapped to
    /// `max` px. Returns the y below the last line.
    pub fn paragraph(&mut self, x: f64, y: f64, font: Font, text: &str, max: f64) -> f64 {
        let mut baseline = y + font.size;
        let mut bottom = y;
        for line in font.wrap(text, max) {
            self.text(x, baseline, Anchor::Start, font, &line);
            bottom = baseline + font.line_height() - font.size;
            baseline += font.line_height();
        }
        bottom
    }
}

/// A legend entry: a swatch in `fill` and what it stands for.
pub type LegendEntry = (&'static str, &'static str);

/// What frames the plot of every figure.
pub struct Frame<'a> {
    pub page: Page,
    /// What the figure says to those who cannot see it: its data in words.
    pub alt: &'a str,
    /// What the figure shows, e.g. "Persons detained by Khan". Also its SVG `<title>`.
    pub title: &'a str,
    pub caption: &'a Caption,
    /// The headline totals the figure breaks down, in words.
    pub totals: String,
    pub legend: &'a [LegendEntry],
    /// Whether the figure's numbers are published or illustrative, when the records are
    /// illustrative.
    pub provenance: Option<&'a str>,
}

/// A body drawn inside a frame: its height, and how to draw it from a given top.
pub trait Body {
    fn height(&self, page: Page) -> f64;
    fn draw(&self, svg: &mut Svg, top: f64, page: Page);
}

const SWATCH: f64 = 12.0;

impl Frame<'_> {
    /// Draws the frame around `body` and returns the finished document.
    pub fn draw(&self, body: &dyn Body) -> (String, Vec<Extent>) {
        let page = self.page;
        let (margin, text_width) = (page.margin, page.inner());
        let mut svg = Svg::default();
        let mut y = margin - 4.0;
        y = svg.paragraph(margin, y, TITLE, self.title, text_width) + 4.0;
        y = svg.paragraph(margin, y, SUBTITLE, self.caption.heading(), text_width);
        if let Some(subtitle) = &self.caption.subtitle {
            y = svg.paragraph(margin, y, SUBTITLE, subtitle, text_width);
        }
        if let Some(filters) = &self.caption.filters {
            y = svg.paragraph(margin, y, NOTE, filters, text_width);
        }
        if let Some(left_out) = &self.caption.left_out {
            y = svg.paragraph(margin, y, NOTE, left_out, text_width);
        }
        y = svg.paragraph(margin, y, NOTE, &self.totals, text_width);
        if !self.legend.is_empty() {
            y = self.legend(&mut svg, y + 8.0, page);
        }
        y += 16.0;
        body.draw(&mut svg, y, page);
        y += body.height(page) + 16.0;
        if let Some(source) = &self.caption.source {
            y = svg.paragraph(margin, y, FOOTER, source, text_width);
        }
        if let Some(credit) = &self.caption.credit {
            y = svg.paragraph(margin, y, FOOTER, credit, text_width);
        }
        if let Some(provenance) = self.provenance {
            y = svg.paragraph(margin, y, FOOTER_NOTE, provenance, text_width);
        }
        let height = (y + margin - 8.0).round();

        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}" role="img">"#,
            w = num(page.width),
            h = num(height),
        );
        let _ = writeln!(
            out,
            "<title>{}: {}</title>",
            escape(self.title),
            escape(self.caption.heading())
        );
        // What a screen reader says of the figure: the data itself, not only its title.
        let _ = writeln!(out, "<desc>{}</desc>", escape(self.alt));
        // An explicit background, so the figure reads the same on light and dark pages.
        let _ = writeln!(
            out,
            r#"<rect class="background" x="0.5" y="0.5" width="{}" height="{}" rx="4" fill="{BACKGROUND}" stroke="{BORDER}" stroke-width="1"/>"#,
            num(page.width - 1.0),
            num(height - 1.0),
        );
        out.push_str(&svg.body);
        out.push_str("</svg>\n");
        (out, svg.extents)
    }

    /// Swatches and labels in a row, wrapping when they run out of width. Returns the y below.
    fn legend(&self, svg: &mut Svg, top: f64, page: Page) -> f64 {
        let line = LABEL.line_height();
        let margin = page.margin;
        let (mut x, mut y) = (margin, top);
        for (fill, label) in self.legend {
            let w = SWATCH + 6.0 + LABEL.width(label);
            if x > margin && x + w > margin + page.inner() {
                x = margin;
                y += line;
            }
            svg.rect("swatch", x, y + 2.0, SWATCH, SWATCH, fill);
            svg.text(x + SWATCH + 6.0, y + 13.0, Anchor::Start, LABEL, label);
            x += w + 20.0;
        }
        y + line
    }
}

/// A message drawn where a plot would be, when there is nothing to plot.
pub struct NoData<'a>(pub &'a str);

impl Body for NoData<'_> {
    fn height(&self, _: Page) -> f64 {
        120.0
    }

    fn draw(&self, svg: &mut Svg, top: f64, page: Page) {
        let _ = writeln!(
            svg.body,
            r##"<rect class="no-data" x="{}" y="{}" width="{}" height="{}" fill="#f4f4f4" stroke="{GRID}" stroke-width="1"/>"##,
            num(page.margin),
            num(top),
            num(page.inner()),
            num(self.height(page)),
        );
        // Wrapped, centred, so that a narrow figure keeps the whole message.
        let lines = LABEL.wrap(self.0, page.inner() - 2.0 * page.margin);
        let first = top + self.height(page) / 2.0 + 5.0
            - (lines.len() as f64 - 1.0) * LABEL.line_height() / 2.0;
        for (i, line) in lines.iter().enumerate() {
            svg.text(
                page.width / 2.0,
                first + i as f64 * LABEL.line_height(),
                Anchor::Middle,
                LABEL,
                line,
            );
        }
    }
}

/// Where to put gridlines on an axis from 0 to `max`, drawn at `px` pixels a unit: the smallest
/// step of 1, 2 or 5 times a power of ten that leaves at most five intervals and at least `gap`
/// px between ticks (the caller sizes `gap` to its widest tick label). Always includes 0, and
/// ends on the first tick at or above `max`, so that no value reaches past the last gridline.
pub fn ticks(max: u64, px: f64, gap: impl Fn(u64) -> f64) -> Vec<u64> {
    if max == 0 {
        return vec![0];
    }
    let mut power: u128 = 1;
    let step = 'search: loop {
        for m in [1, 2, 5] {
            let step = m * power;
            let few = step * 5 >= u128::from(max);
            if step >= u128::from(max) || (few && step as f64 * px >= gap(step as u64)) {
                break 'search step;
            }
        }
        power *= 10;
    };
    let top = u128::from(max).div_ceil(step) * step;
    (0..)
        .map(|i: u128| i * step)
        .take_while(|&v| v <= top)
        // A top past u64::MAX cannot be written: the axis then ends on the last tick below it.
        .map_while(|v| u64::try_from(v).ok())
        .collect()
}

/// The axis of values from 0 to `max` over `length` px: its ticks (see [`ticks`]) and the
/// scale in px a unit that puts the last tick at the end of the axis.
pub fn axis(max: u64, length: f64, gap: impl Fn(u64) -> f64) -> (Vec<u64>, f64) {
    let first = length / max.max(1) as f64;
    let ticks = ticks(max, first, gap);
    let top = ticks.last().copied().unwrap_or(0).max(max).max(1);
    (ticks, length / top as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_forbidden_characters() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "a\u{fffd}b\u{fffd}c d");
        // C1 controls (NEL) are forbidden in HTML; line and paragraph separators break lines.
        assert_eq!(escape("a\u{85}b\u{2028}c\u{2029}d"), "a\u{fffd}b c d");
        assert_eq!(
            escape("Phnom Penh, 3–18 February"),
            "Phnom Penh, 3–18 February"
        );
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(0.05), "0.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(799.96), "800");
    }

    #[test]
    fn ticks_step_by_one_two_or_five_and_make_room_for_their_labels() {
        let none = |_| 0.0;
        assert_eq!(ticks(0, 1.0, none), [0]);
        assert_eq!(ticks(1, 100.0, none), [0, 1]);
        assert_eq!(ticks(47, 10.0, none), [0, 10, 20, 30, 40, 50]);
        assert_eq!(ticks(284, 1.0, none), [0, 100, 200, 300]);
        // The inspections of the built-in dataset reach 198: the axis goes on to 200.
        assert_eq!(ticks(198, 0.6, |_| 28.0), [0, 50, 100, 150, 200]);
        assert_eq!(ticks(50, 4.0, none), [0, 10, 20, 30, 40, 50]);
        // 40 px between ticks of 10 is too little for 60 px labels: step 20 gives 80.
        assert_eq!(ticks(50, 4.0, |_| 60.0), [0, 20, 40, 60]);
        // Huge values neither overflow nor crowd.
        let huge = ticks(u64::MAX, 400.0 / u64::MAX as f64, |_| 120.0);
        assert!(huge.len() >= 2 && huge.len() <= 5, "{huge:?}");
    }
}

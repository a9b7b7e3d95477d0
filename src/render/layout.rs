//! Tables laid out for a terminal of a given width, drawn by crackdown itself.
//!
//! Width is display width, measured by grapheme cluster ([`width`]), so Khmer, Chinese and emoji
//! cells line up. A cell is never cut: a number, an id or a word always stays whole on one line.
//! When a table is wider than the terminal it is fitted in this order: headers (and list cells)
//! wrap at spaces; then columns give way in the order their table states, the least important
//! first, and the footer names them; and when even the columns that always stay do not fit, each
//! record is shown as a block of `label  value` lines instead. Without a width (not a terminal,
//! or a terminal of unknown size) a table is drawn at its natural width, so piped output never
//! depends on the terminal.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::TableStyle;
use crate::text;

/// The number of terminal columns `s` takes: the sum over its grapheme clusters (extended) of
/// each cluster's width (by `unicode-width`), where East Asian wide and fullwidth characters and
/// emoji take 2, combining marks (Khmer vowel signs above and below a consonant, Latin
/// diacritics), zero-width characters and a Khmer consonant stacked below another (coeng) take
/// none, and everything else, Khmer consonants and spacing vowel signs included, takes 1.
/// Terminals that count code point by code point draw a stacked Khmer consonant one column
/// wider; that is why the Khmer column of a table comes last.
///
/// ```
/// use crackdown::render::layout::width;
/// assert_eq!(width("Tuol Kouk"), 9);
/// assert_eq!(width("中国"), 4);
/// assert_eq!(width("ទួលគោក"), 5);
/// ```
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// `s` broken at spaces into lines of at most `limit` columns. A word wider than `limit` stays
/// whole on a line of its own: nothing is ever cut inside a word or a number.
pub fn wrap(s: &str, limit: usize) -> Vec<String> {
    if width(s) <= limit {
        return vec![s.to_owned()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = width(word);
        if !line.is_empty() && used + 1 + w > limit {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The width of the widest word of `s`: the narrowest it can be wrapped to.
fn longest_word(s: &str) -> usize {
    s.split(' ').map(width).max().unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How a piece of text is coloured when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Header,
    /// A totals row.
    Strong,
    Good,
    Bad,
}

impl Tone {
    fn sgr(self) -> Option<&'static str> {
        match self {
            Tone::Plain => None,
            Tone::Header => Some("\x1b[36m"),
            Tone::Strong => Some("\x1b[1m"),
            Tone::Good => Some("\x1b[32m"),
            Tone::Bad => Some("\x1b[31m"),
        }
    }
}

/// `text` in `tone` when colour is on.
pub fn paint(text: &str, tone: Tone, color: bool) -> String {
    match tone.sgr().filter(|_| color && !text.is_empty()) {
        Some(sgr) => format!("{sgr}{text}\x1b[0m"),
        None => text.to_owned(),
    }
}

/// One column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    header: String,
    align: Align,
    /// Whether its cells may wrap at spaces (lists, labels); headers always may.
    wrap: bool,
    /// Its place in the order columns give way when the table does not fit, lowest first;
    /// `None` for a column that always stays.
    give_way: Option<usize>,
    /// A drawing rather than a value (the share bar): it gives way without a word in the footer
    /// and has no line in a record's block.
    decoration: bool,
}

impl Column {
    pub fn new(header: &str, align: Align) -> Column {
        Column {
            header: text::escape(header).into_owned(),
            align,
            wrap: false,
            give_way: None,
            decoration: false,
        }
    }

    pub fn left(header: &str) -> Column {
        Column::new(header, Align::Left)
    }

    pub fn right(header: &str) -> Column {
        Column::new(header, Align::Right)
    }

    /// Lets the cells wrap at spaces, as headers do.
    pub fn wrapping(mut self) -> Column {
        self.wrap = true;
        self
    }

    /// Lets the column be left out when the table does not fit; lower ranks go first.
    pub fn gives_way(mut self, rank: Option<usize>) -> Column {
        self.give_way = rank;
        self
    }

    /// Marks a drawing (the share bar): left out without a word, and not shown in blocks.
    pub fn decoration(mut self) -> Column {
        self.decoration = true;
        self
    }

    pub fn header(&self) -> &str {
        &self.header
    }
}

/// One cell: its text, shown as it is with only terminal controls escaped, and its colour.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    text: String,
    tone: Tone,
}

impl Cell {
    pub fn new(text: &str) -> Cell {
        Cell {
            text: text::escape(text).into_owned(),
            tone: Tone::Plain,
        }
    }

    /// A whole number with thousands separators.
    pub fn count(n: u64) -> Cell {
        Cell::new(&crate::text::group_digits(n))
    }

    pub fn tone(mut self, tone: Tone) -> Cell {
        self.tone = tone;
        self
    }
}

/// A table to draw: columns and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

/// A drawn table: its lines, each ending in a newline, and the headers of the columns left out
/// to fit the width (decorations not included), in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub text: String,
    pub left_out: Vec<String>,
}

/// What a column needs: its natural width (nothing wrapped), the narrowest it can be wrapped to,
/// and the width of its cells that never wrap.
#[derive(Debug, Clone, Copy)]
struct Measure {
    natural: usize,
    min: usize,
    fixed: usize,
}

/// The characters a table is drawn with: left edge, fill, crossing, right edge.
struct Borders {
    top: [char; 4],
    header: [char; 3],
    separator: [char; 4],
    row: [char; 3],
    bottom: [char; 4],
}

const UNICODE: Borders = Borders {
    top: ['┌', '─', '┬', '┐'],
    header: ['│', '┆', '│'],
    separator: ['╞', '═', '╪', '╡'],
    row: ['│', '┆', '│'],
    bottom: ['└', '─', '┴', '┘'],
};

const ASCII: Borders = Borders {
    top: ['+', '-', '+', '+'],
    header: ['|', '|', '|'],
    separator: ['+', '=', '=', '+'],
    row: ['|', '|', '|'],
    bottom: ['+', '-', '+', '+'],
};

/// The columns a table of `widths` takes: each cell is padded by one space either side and
/// every column has a border on its left, plus the last border.
fn table_width<'a>(widths: impl IntoIterator<Item = &'a usize>) -> usize {
    widths.into_iter().map(|w| w + 3).sum::<usize>() + 1
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty, extra cells are ignored.
    pub fn row(&mut self, mut cells: Vec<Cell>) {
        cells.resize_with(self.columns.len(), Cell::default);
        self.rows.push(cells);
    }

    /// Draws the table for `style.width` columns (or its natural width when there is none).
    pub fn draw(&self, style: TableStyle) -> Drawn {
        let measures = self.measure();
        let all: Vec<usize> = (0..self.columns.len()).collect();
        let Some(limit) = style.width else {
            let widths = measures.iter().map(|m| m.natural).collect::<Vec<_>>();
            return self.grid(style, &all, &widths);
        };
        match self.fit(&measures, limit) {
            Some((shown, widths)) => self.grid(style, &shown, &widths),
            None => Drawn {
                text: self.blocks(style, &measures, limit),
                left_out: Vec::new(),
            },
        }
    }

    fn measure(&self) -> Vec<Measure> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let mut m = Measure {
                    natural: width(&column.header),
                    min: longest_word(&column.header),
                    fixed: 0,
                };
                for row in &self.rows {
                    let text = &row[i].text;
                    let w = width(text);
                    m.natural = m.natural.max(w);
                    if column.wrap {
                        m.min = m.min.max(longest_word(text));
                    } else {
                        m.fixed = m.fixed.max(w);
                    }
                }
                m.min = m.min.max(m.fixed);
                m
            })
            .collect()
    }

    /// The columns to show and their widths to fit `limit`, or `None` when even the columns
    /// that always stay do not fit.
    fn fit(&self, measures: &[Measure], limit: usize) -> Option<(Vec<usize>, Vec<usize>)> {
        let n = self.columns.len();
        let mut shown = vec![true; n];
        let narrowest = |shown: &[bool]| {
            table_width(
                (0..n)
                    .filter(|&i| shown[i])
                    .map(|i| &measures[i].min)
                    .collect::<Vec<_>>(),
            )
        };
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| self.columns[i].give_way.is_some())
            .collect();
        order.sort_by_key(|&i| (self.columns[i].give_way, std::cmp::Reverse(i)));
        for &i in &order {
            if narrowest(&shown) <= limit {
                break;
            }
            shown[i] = false;
        }
        if narrowest(&shown) > limit {
            return None;
        }
        // Give back the room that is left, to the most important column left out first: a
        // narrow column may fit where a wide one that gave way before it did not.
        for &i in order.iter().rev() {
            if !shown[i] {
                shown[i] = true;
                if narrowest(&shown) > limit {
                    shown[i] = false;
                }
            }
        }
        let shown: Vec<usize> = (0..n).filter(|&i| shown[i]).collect();
        let mut widths: Vec<usize> = shown.iter().map(|&i| measures[i].natural).collect();
        // Wrap headers (and list cells) one step at a time, always in the column with the most
        // room to give, until the table fits.
        while table_width(&widths) > limit {
            let Some(k) = (0..shown.len())
                .filter(|&k| widths[k] > measures[shown[k]].min)
                .max_by_key(|&k| (widths[k] - measures[shown[k]].min, std::cmp::Reverse(k)))
            else {
                break;
            };
            let m = measures[shown[k]];
            widths[k] = self.wrapped_width(shown[k], widths[k] - 1).max(m.min);
        }
        Some((shown, widths))
    }

    /// How wide column `i` is when wrapped at `limit`.
    fn wrapped_width(&self, i: usize, limit: usize) -> usize {
        let column = &self.columns[i];
        let widest = |s: &str| wrap(s, limit).iter().map(|l| width(l)).max().unwrap_or(0);
        let mut w = widest(&column.header);
        if column.wrap {
            for row in &self.rows {
                w = w.max(widest(&row[i].text));
            }
        }
        w
    }

    fn grid(&self, style: TableStyle, shown: &[usize], widths: &[usize]) -> Drawn {
        let b = if style.unicode { &UNICODE } else { &ASCII };
        let mut out = String::new();
        let rule = |out: &mut String, [left, fill, cross, right]: [char; 4]| {
            out.push(left);
            for (k, w) in widths.iter().enumerate() {
                if k > 0 {
                    out.push(cross);
                }
                out.extend(std::iter::repeat_n(fill, w + 2));
            }
            out.push(right);
            out.push('\n');
        };
        // Each cell: its text, colour, whether it wraps, and whether it keeps its column's
        // alignment (headers are set left, as the first line of every column).
        let line = |out: &mut String,
                    [left, inner, right]: [char; 3],
                    cells: Vec<(&str, Tone, bool, bool)>| {
            // Each cell as its lines, wrapped to its column's width.
            let lines: Vec<Vec<String>> = cells
                .iter()
                .zip(widths)
                .map(|(&(text, _, wraps, _), &w)| {
                    if wraps {
                        wrap(text, w)
                    } else {
                        vec![text.to_owned()]
                    }
                })
                .collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1);
            for l in 0..height {
                out.push(left);
                for (k, (&i, &w)) in shown.iter().zip(widths).enumerate() {
                    if k > 0 {
                        out.push(inner);
                    }
                    let text = lines[k].get(l).map_or("", String::as_str);
                    let fill = " ".repeat(w.saturating_sub(width(text)));
                    let painted = paint(text, cells[k].1, style.color);
                    out.push(' ');
                    let align = if cells[k].3 {
                        self.columns[i].align
                    } else {
                        Align::Left
                    };
                    match align {
                        Align::Left => {
                            out.push_str(&painted);
                            out.push_str(&fill);
                        }
                        Align::Right => {
                            out.push_str(&fill);
                            out.push_str(&painted);
                        }
                    }
                    out.push(' ');
                }
                out.push(right);
                out.push('\n');
            }
        };
        rule(&mut out, b.top);
        line(
            &mut out,
            b.header,
            shown
                .iter()
                .map(|&i| (self.columns[i].header.as_str(), Tone::Header, true, false))
                .collect(),
        );
        rule(&mut out, b.separator);
        for row in &self.rows {
            line(
                &mut out,
                b.row,
                shown
                    .iter()
                    .map(|&i| {
                        let column = &self.columns[i];
                        (row[i].text.as_str(), row[i].tone, column.wrap, true)
                    })
                    .collect(),
            );
        }
        rule(&mut out, b.bottom);
        let left_out = (0..self.columns.len())
            .filter(|i| !shown.contains(i) && !self.columns[*i].decoration)
            .map(|i| self.columns[i].header.clone())
            .collect();
        Drawn {
            text: out,
            left_out,
        }
    }

    /// Every record as a block of `label  value` lines, blocks apart by a blank line: for a
    /// terminal too narrow for the table. Labels (and list values) wrap at spaces when even this
    /// is too wide; other values stay whole.
    fn blocks(&self, style: TableStyle, measures: &[Measure], limit: usize) -> String {
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&i| !self.columns[i].decoration)
            .collect();
        let label_natural = shown
            .iter()
            .map(|&i| width(&self.columns[i].header))
            .max()
            .unwrap_or(0);
        let label_min = shown
            .iter()
            .map(|&i| longest_word(&self.columns[i].header))
            .max()
            .unwrap_or(0);
        let value_natural = shown
            .iter()
            .map(|&i| {
                let m = measures[i];
                self.rows
                    .iter()
                    .map(|r| width(&r[i].text))
                    .max()
                    .unwrap_or(0)
                    .max(m.fixed)
            })
            .max()
            .unwrap_or(0);
        let value_min = shown.iter().map(|&i| measures[i].fixed).max().unwrap_or(0);
        let label_w = label_natural
            .min(limit.saturating_sub(2 + value_natural))
            .max(label_min);
        let value_w = value_natural
            .min(limit.saturating_sub(2 + label_w))
            .max(value_min)
            .max(
                shown
                    .iter()
                    .filter(|&&i| self.columns[i].wrap)
                    .flat_map(|&i| self.rows.iter().map(move |r| longest_word(&r[i].text)))
                    .max()
                    .unwrap_or(0),
            );
        let mut out = String::new();
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                out.push('\n');
            }
            for &i in &shown {
                let cell = &row[i];
                if cell.text.is_empty() {
                    continue;
                }
                let labels = wrap(&self.columns[i].header, label_w);
                let values = if self.columns[i].wrap {
                    wrap(&cell.text, value_w)
                } else {
                    vec![cell.text.clone()]
                };
                for l in 0..labels.len().max(values.len()) {
                    let label = labels.get(l).map_or("", String::as_str);
                    let value = values.get(l).map_or("", String::as_str);
                    let mut text = paint(label, Tone::Header, style.color);
                    if value.is_empty() {
                        out.push_str(&text);
                        out.push('\n');
                        continue;
                    }
                    text.push_str(&" ".repeat(label_w - width(label) + 2));
                    text.push_str(&" ".repeat(value_w.saturating_sub(width(value))));
                    text.push_str(&paint(value, cell.tone, style.color));
                    out.push_str(&text);
                    out.push('\n');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(width: Option<usize>) -> TableStyle {
        TableStyle {
            color: false,
            unicode: true,
            terminal: true,
            width,
        }
    }

    #[test]
    fn width_is_counted_in_terminal_columns_by_grapheme_cluster() {
        assert_eq!(width(""), 0);
        assert_eq!(width("1,234"), 5);
        // Khmer: a vowel sign below (U+17BD) takes no column, nor does a consonant stacked
        // below another by the coeng (U+17D2); consonants and spacing vowel signs (ោ, U+17C4)
        // take one each, and so does a subscript ro, drawn beside its consonant.
        assert_eq!(width("ទួលគោក"), 5);
        assert_eq!(width("ដង្កោ"), 3);
        assert_eq!(width("ជ្រោយ"), 4);
        assert_eq!(width("ពោធិ៍សែនជ័យ"), 8);
        // East Asian wide characters take two.
        assert_eq!(width("中国"), 4);
        assert_eq!(width("한국"), 4);
        // A combining accent adds nothing, in either normal form.
        assert_eq!(width("Côte"), 4);
        assert_eq!(width("Co\u{302}te"), 4);
        // An emoji, even one built of several code points, takes two.
        assert_eq!(width("🇰🇭"), 2);
        assert_eq!(width("👩‍👩‍👧"), 2);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_never_inside_a_word() {
        assert_eq!(
            wrap("detained per 100 inspections", 11),
            ["detained", "per 100", "inspections"]
        );
        assert_eq!(
            wrap("share of detained %", 8),
            ["share of", "detained", "%"]
        );
        assert_eq!(wrap("21,104", 3), ["21,104"]);
        assert_eq!(wrap("CN, KH, VN", 7), ["CN, KH,", "VN"]);
        assert_eq!(wrap("", 3), [""]);
    }

    fn sample() -> Table {
        let mut table = Table::new(vec![
            Column::left("name"),
            Column::right("detained"),
            Column::right("share of detained %").gives_way(Some(1)),
            Column::left("Khmer").gives_way(Some(0)),
        ]);
        table.row(vec![
            Cell::new("Tuol Kouk"),
            Cell::count(21104),
            Cell::new("9.15"),
            Cell::new("ទួលគោក"),
        ]);
        table.row(vec![
            Cell::new("Dangkao"),
            Cell::count(4),
            Cell::new("10.00"),
            Cell::new("ដង្កោ"),
        ]);
        table
    }

    #[test]
    fn a_table_without_a_width_is_drawn_at_its_natural_width() {
        let drawn = sample().draw(style(None));
        assert_eq!(
            drawn.text,
            "\
┌───────────┬──────────┬─────────────────────┬───────┐
│ name      ┆ detained ┆ share of detained % ┆ Khmer │
╞═══════════╪══════════╪═════════════════════╪═══════╡
│ Tuol Kouk ┆   21,104 ┆                9.15 ┆ ទួលគោក │
│ Dangkao   ┆        4 ┆               10.00 ┆ ដង្កោ   │
└───────────┴──────────┴─────────────────────┴───────┘
"
        );
        assert!(drawn.left_out.is_empty());
        for line in drawn.text.lines() {
            assert_eq!(width(line), 54, "{line}");
        }
    }

    #[test]
    fn headers_wrap_before_columns_give_way_and_numbers_never_split() {
        let drawn = sample().draw(style(Some(46)));
        assert_eq!(
            drawn.text,
            "\
┌───────────┬──────────┬────────────┬───────┐
│ name      ┆ detained ┆ share of   ┆ Khmer │
│           ┆          ┆ detained % ┆       │
╞═══════════╪══════════╪════════════╪═══════╡
│ Tuol Kouk ┆   21,104 ┆       9.15 ┆ ទួលគោក │
│ Dangkao   ┆        4 ┆      10.00 ┆ ដង្កោ   │
└───────────┴──────────┴────────────┴───────┘
"
        );
        let drawn = sample().draw(style(Some(40)));
        assert_eq!(drawn.left_out, ["Khmer"]);
        assert!(drawn.text.lines().all(|l| width(l) <= 40));
        let drawn = sample().draw(style(Some(26)));
        assert_eq!(drawn.left_out, ["share of detained %", "Khmer"]);
        assert!(drawn.text.contains("21,104"));
    }

    #[test]
    fn a_narrow_column_that_gave_way_comes_back_when_there_is_room() {
        let mut table = Table::new(vec![
            Column::left("id"),
            Column::right("n").gives_way(Some(0)),
            Column::right("a long column").gives_way(Some(1)),
        ]);
        table.row(vec![
            Cell::new("x"),
            Cell::new("1"),
            Cell::new("123456789012"),
        ]);
        let drawn = table.draw(style(Some(12)));
        assert_eq!(drawn.left_out, ["a long column"]);
        assert!(drawn.text.contains("┆ 1 │"), "{}", drawn.text);
    }

    #[test]
    fn a_terminal_too_narrow_for_the_table_gets_one_block_per_record() {
        let drawn = sample().draw(style(Some(23)));
        assert!(drawn.left_out.is_empty(), "a block shows every column");
        assert_eq!(
            drawn.text,
            "\
name          Tuol Kouk
detained         21,104
share of           9.15
detained %
Khmer             ទួលគោក

name            Dangkao
detained              4
share of          10.00
detained %
Khmer               ដង្កោ
"
        );
        assert!(drawn.text.lines().all(|l| width(l) <= 23));
    }
}

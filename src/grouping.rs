//! The groupings of a report (`--by`), listed once: each one's key in the JSON document (a field
//! of the [`Summary`]), its title, and its columns over the typed rows of the aggregation. The
//! command line, the JSON document, every tabular format and the terminal's narrow layout read
//! this one list: adding a grouping is one variant here, with its columns.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::aggregate::{
    CaseRow, CrossRow, DateRow, Interval, KhanRow, Loaded, NOT_RECORDED, NationalityRow,
    OperationRow, PlaceRow, PremisesRow, Summary,
};
use crate::nationality::Nationality;

/// One grouping of the report (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// Per Khan: all 14, in code order.
    Khan,
    /// Per province of Cambodia with any record.
    Province,
    /// Per district, municipality or Khan of Cambodia with any record.
    District,
    /// Per nationality of those detained and prosecuted.
    Nationality,
    /// Per day (or --interval week|month), every day of the period.
    Date,
    /// Per premises type.
    Premises,
    /// Per scam operation.
    Operation,
    /// Per court case.
    Case,
    /// Detained per Khan and nationality (a cross-tab).
    #[serde(rename = "khan,nationality")]
    KhanNationality,
}

impl By {
    pub const ALL: [By; 9] = [
        By::Khan,
        By::Province,
        By::District,
        By::Nationality,
        By::Date,
        By::Premises,
        By::Operation,
        By::Case,
        By::KhanNationality,
    ];

    /// The groupings a report shows when none is asked for.
    pub const DEFAULT: [By; 3] = [By::Khan, By::Nationality, By::Date];

    /// The key of this grouping in the JSON document: the field of [`Summary`] and of its
    /// totals that holds its rows.
    pub fn key(self) -> &'static str {
        match self {
            By::Khan => "khans",
            By::Province => "provinces",
            By::District => "districts",
            By::Nationality => "nationalities",
            By::Date => "dates",
            By::Premises => "premises",
            By::Operation => "operations",
            By::Case => "cases",
            By::KhanNationality => "crosstab",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            By::Khan => "Per Khan",
            By::Province => "Per province",
            By::District => "Per district",
            By::Nationality => "Per nationality",
            By::Date => "Per date",
            By::Premises => "Per premises type",
            By::Operation => "Per operation",
            By::Case => "Per case",
            By::KhanNationality => "Detained per Khan and nationality",
        }
    }

    /// The grouping laid out as columns and rows. Measures of a kind of record that was not
    /// loaded are [`Cell::Unknown`].
    pub fn grid(self, s: &Summary) -> Grid {
        let t = &s.totals;
        let mut grid = match self {
            By::Khan => lay_out(self, KHAN, &s.khans, Some(&t.khans), s.loaded),
            By::Province => lay_out(self, PROVINCE, &s.provinces, Some(&t.provinces), s.loaded),
            By::District => lay_out(self, DISTRICT, &s.districts, Some(&t.districts), s.loaded),
            By::Nationality => lay_out(
                self,
                NATIONALITY,
                &s.nationalities,
                Some(&t.nationalities),
                s.loaded,
            ),
            By::Date => lay_out(self, DATE, &s.dates, t.dates.as_ref(), s.loaded),
            By::Premises => lay_out(self, PREMISES, &s.premises, Some(&t.premises), s.loaded),
            By::Operation => lay_out(
                self,
                OPERATION,
                &s.operations,
                Some(&t.operations),
                s.loaded,
            ),
            By::Case => lay_out(self, CASE, &s.cases, Some(&t.cases), s.loaded),
            By::KhanNationality => crosstab(s),
        };
        if self == By::Date {
            grid.columns[0].header = date_header(s.interval).to_owned();
        }
        grid
    }

    /// The rows as the JSON objects of the document (one line each in NDJSON), with measures of
    /// a kind not loaded as `null`. The cross-tab's rows get one key per nationality column.
    pub fn json_rows(self, s: &Summary) -> Vec<Value> {
        let mut rows: Vec<Value> = match self {
            By::Khan => objects(&s.khans),
            By::Province => objects(&s.provinces),
            By::District => objects(&s.districts),
            By::Nationality => objects(&s.nationalities),
            By::Date => objects(&s.dates),
            By::Premises => objects(&s.premises),
            By::Operation => objects(&s.operations),
            By::Case => objects(&s.cases),
            By::KhanNationality => {
                let x = &s.crosstab;
                x.rows
                    .iter()
                    .map(|r| {
                        let mut map = Map::new();
                        map.insert("khan_code".into(), serde_json::json!(r.khan_code));
                        map.insert("khan_name".into(), Value::from(r.khan_name.as_str()));
                        for (n, v) in x.nationalities.iter().zip(&r.detained) {
                            map.insert(crosstab_key(*n).into(), Value::from(*v));
                        }
                        map.insert("total".into(), Value::from(r.total));
                        Value::Object(map)
                    })
                    .collect()
            }
        };
        rows.iter_mut().for_each(|row| s.loaded.blank(row));
        rows
    }
}

fn objects<T: Serialize>(rows: &[T]) -> Vec<Value> {
    rows.iter()
        .map(|r| serde_json::to_value(r).expect("rows serialise"))
        .collect()
}

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number: right-aligned, thousands separators on screen.
    Count,
    /// A percentage or a rate with two decimals.
    Decimal,
    /// A share in percent, with a bar on a terminal.
    Share,
    /// A list of codes, joined with ", ".
    List,
}

impl Kind {
    /// Numbers are right-aligned and written unquoted.
    pub fn is_number(self) -> bool {
        matches!(self, Kind::Count | Kind::Decimal | Kind::Share)
    }
}

/// One value of a grid.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    /// A rate or share; `None` when it is a share of nothing.
    Decimal(Option<f64>),
    List(Vec<String>),
    /// A measure of a kind of record that was not loaded: unknown, never zero.
    Unknown,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// The cell as text: `grouped` (for people) asks for thousands separators, and a dash for
    /// a number that is not known (never a zero, nor a gap that reads as one).
    pub fn show(&self, grouped: bool) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) if grouped => crate::text::group_digits(*n),
            Cell::Count(n) => n.to_string(),
            Cell::Decimal(Some(f)) => format!("{f:.2}"),
            Cell::Decimal(None) | Cell::Unknown if grouped => "–".to_owned(),
            Cell::Decimal(None) | Cell::Unknown => String::new(),
            Cell::List(items) => items.join(", "),
        }
    }

    /// The share in percent, for a bar.
    pub fn share(&self) -> Option<f64> {
        match self {
            Cell::Decimal(share) => *share,
            _ => None,
        }
    }
}

/// One column of a grouping over its typed rows `R`.
pub struct Column<R> {
    /// The field of the row it shows, as serialized in the JSON document (a test ties the two).
    pub key: &'static str,
    pub header: &'static str,
    pub kind: Kind,
    /// Its place in the order columns give way in when a table does not fit the terminal, first
    /// to go first; `None`: it always stays (what a row is, and its main count).
    pub gives_way: Option<u8>,
    /// Its HXL hashtag (`report -f csv --hxl`), for tools that read the Humanitarian Exchange
    /// Language: counts of people are `#affected` (`+detained`, `+identified`, `+prosecuted`;
    /// `+f` and `+m` for women and men), other counts `#indicator+…+num`.
    pub hxl: &'static str,
    pub cell: fn(&R) -> Cell,
}

/// A column of a laid-out grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub key: String,
    pub header: String,
    pub kind: Kind,
    /// The rank in the order columns give way in, first to go first; `None`: always stays.
    pub gives_way: Option<usize>,
    /// Its HXL hashtag.
    pub hxl: String,
}

/// A grouping laid out for tabular formats: columns, rows and the totals row.
#[derive(Debug, Clone)]
pub struct Grid {
    pub by: By,
    pub columns: Vec<Head>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
}

fn lay_out<R>(
    by: By,
    columns: &[Column<R>],
    rows: &[R],
    total: Option<&R>,
    loaded: Loaded,
) -> Grid {
    let count = columns.len() + 1;
    let cells = |row: &R| -> Vec<Cell> {
        columns
            .iter()
            .map(|c| match (c.cell)(row) {
                Cell::Count(_) | Cell::Decimal(_) if !loaded.knows(c.key) => Cell::Unknown,
                cell => cell,
            })
            .collect()
    };
    Grid {
        by,
        columns: columns
            .iter()
            .map(|c| Head {
                key: c.key.to_owned(),
                header: c.header.to_owned(),
                kind: c.kind,
                // Rank 0 is the share bar's, which goes first.
                gives_way: c.gives_way.map(|rank| usize::from(rank) * count),
                hxl: c.hxl.to_owned(),
            })
            .collect(),
        rows: rows.iter().map(cells).collect(),
        total: total.map(cells),
    }
}

macro_rules! columns {
    ($name:ident: $row:ty { $($key:ident, $header:literal, $kind:ident, $gives_way:expr, $hxl:literal, |$r:ident| $cell:expr;)* }) => {
        const $name: &[Column<$row>] = &[$(Column {
            key: stringify!($key),
            header: $header,
            kind: Kind::$kind,
            gives_way: $gives_way,
            hxl: $hxl,
            cell: |$r: &$row| $cell,
        }),*];
    };
}

fn code<T: ToString>(code: Option<T>) -> Cell {
    Cell::Text(code.map(|c| c.to_string()).unwrap_or_default())
}

fn date(date: Option<chrono::NaiveDate>) -> Cell {
    code(date)
}

fn list<T: Serialize>(items: &[T]) -> Cell {
    Cell::List(
        items
            .iter()
            .map(|i| match serde_json::to_value(i) {
                Ok(Value::String(s)) => s,
                other => unreachable!("list items serialise as strings, not {other:?}"),
            })
            .collect(),
    )
}

use Cell::{Count, Decimal};

columns!(KHAN: KhanRow {
    code, "code", Text, Some(2), "#adm2+code", |r| code(r.code.map(|k| k.code()));
    name, "Khan", Text, None, "#adm2+name", |r| Cell::text(&r.name);
    inspections, "inspections", Count, Some(8), "#indicator+inspections+num", |r| Count(r.inspections);
    foreigners_identified, "foreigners identified", Count, Some(7), "#affected+foreign+identified", |r| Count(r.foreigners_identified);
    women_identified, "women identified", Count, Some(6), "#affected+foreign+identified+f", |r| Count(r.women_identified);
    operations, "operations", Count, Some(5), "#indicator+operations+num", |r| Count(r.operations);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    detained_per_100_inspections, "detained per 100 inspections", Decimal, Some(3), "#indicator+detained_per_100_inspections",
        |r| Decimal(r.detained_per_100_inspections);
    detained_share_pct, "share of detained %", Share, Some(4), "#affected+detained+pct", |r| Decimal(r.detained_share_pct);
    // Last: terminals disagree on the width of Khmer script.
    khmer, "Khmer", Text, Some(1), "#adm2+name+i_km", |r| Cell::text(&r.khmer);
});

columns!(PROVINCE: PlaceRow {
    code, "code", Text, Some(2), "#adm1+code", |r| code(r.code.as_deref());
    name, "province", Text, None, "#adm1+name", |r| Cell::text(&r.name);
    inspections, "inspections", Count, Some(6), "#indicator+inspections+num", |r| Count(r.inspections);
    foreigners_identified, "foreigners identified", Count, Some(5), "#affected+foreign+identified", |r| Count(r.foreigners_identified);
    women_identified, "women identified", Count, Some(4), "#affected+foreign+identified+f", |r| Count(r.women_identified);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    detained_share_pct, "share of detained %", Share, Some(3), "#affected+detained+pct", |r| Decimal(r.detained_share_pct);
});

columns!(DISTRICT: PlaceRow {
    code, "code", Text, Some(2), "#adm2+code", |r| code(r.code.as_deref());
    name, "district", Text, None, "#adm2+name", |r| Cell::text(&r.name);
    province, "province", Text, Some(1), "#adm1+name", |r| Cell::text(&r.province);
    inspections, "inspections", Count, Some(6), "#indicator+inspections+num", |r| Count(r.inspections);
    foreigners_identified, "foreigners identified", Count, Some(5), "#affected+foreign+identified", |r| Count(r.foreigners_identified);
    women_identified, "women identified", Count, Some(4), "#affected+foreign+identified+f", |r| Count(r.women_identified);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    detained_share_pct, "share of detained %", Share, Some(3), "#affected+detained+pct", |r| Decimal(r.detained_share_pct);
});

// The split by sex goes before the defendants, which may be published figures.
columns!(NATIONALITY: NationalityRow {
    code, "code", Text, Some(1), "#country+code", |r| code(r.code);
    name, "nationality", Text, None, "#country+name", |r| Cell::text(&r.name);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    detained_share_pct, "share of detained %", Share, Some(7), "#affected+detained+pct", |r| Decimal(r.detained_share_pct);
    women_detained, "women detained", Count, Some(4), "#affected+detained+f", |r| Count(r.women_detained);
    men_detained, "men detained", Count, Some(3), "#affected+detained+m", |r| Count(r.men_detained);
    sex_not_recorded, "sex not recorded", Count, Some(2), "#affected+detained+sex_unknown", |r| Count(r.sex_not_recorded);
    defendants, "defendants", Count, Some(6), "#affected+prosecuted", |r| Count(r.defendants);
    ringleaders, "ringleaders", Count, Some(5), "#affected+prosecuted+ringleader", |r| Count(r.ringleaders);
});

columns!(DATE: DateRow {
    period, "date", Text, None, "#date", |r| Cell::text(&r.period);
    inspections, "inspections", Count, Some(3), "#indicator+inspections+num", |r| Count(r.inspections);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    cumulative_detained, "cumulative detained", Count, Some(2), "#affected+detained+cumulative", |r| Count(r.cumulative_detained);
    cases_filed, "cases filed", Count, Some(1), "#indicator+cases_filed+num", |r| Count(r.cases_filed);
});

columns!(PREMISES: PremisesRow {
    name, "premises type", Text, None, "#loc+type", |r| Cell::text(&r.name);
    inspections, "inspections", Count, None, "#indicator+inspections+num", |r| Count(r.inspections);
    foreigners_identified, "foreigners identified", Count, Some(2), "#affected+foreign+identified", |r| Count(r.foreigners_identified);
    operations, "operations", Count, Some(1), "#indicator+operations+num", |r| Count(r.operations);
});

// Rows without an id ("other (…)", "total") show their label in the id's column.
columns!(OPERATION: OperationRow {
    operation_id, "operation", Text, None, "#org+id",
        |r| Cell::text(r.operation_id.as_ref().or(r.label.as_ref()).cloned().unwrap_or_default());
    first_date, "first seen", Text, Some(2), "#date+start", |r| date(r.first_date);
    khan_name, "Khan", Text, Some(4), "#adm2+name", |r| Cell::text(r.khan_name.clone().unwrap_or_default());
    inspections, "inspections", Count, Some(3), "#indicator+inspections+num", |r| Count(r.inspections);
    detained, "detained", Count, None, "#affected+detained", |r| Count(r.detained);
    nationalities, "nationalities", List, Some(1), "#country+code+list", |r| list(&r.nationalities);
});

columns!(CASE: CaseRow {
    case_id, "case", Text, None, "#event+case+id",
        |r| Cell::text(r.case_id.as_ref().or(r.label.as_ref()).cloned().unwrap_or_default());
    filed, "filed", Text, Some(4), "#date+filed", |r| date(r.filed);
    defendants, "defendants", Count, None, "#affected+prosecuted", |r| Count(r.defendants);
    ringleaders, "ringleaders", Count, Some(3), "#affected+prosecuted+ringleader", |r| Count(r.ringleaders);
    nationalities, "nationalities", List, Some(1), "#country+code+list", |r| list(&r.nationalities);
    statuses, "status", List, Some(2), "#status+list", |r| list(&r.statuses);
});

columns!(CROSSTAB: CrossRow {
    khan_code, "code", Text, Some(1), "#adm2+code", |r| code(r.khan_code.map(|k| k.code()));
    khan_name, "Khan", Text, None, "#adm2+name", |r| Cell::text(&r.khan_name);
});

/// The cross-tab: a Khan's code and name, one column per nationality (they give way from the
/// least detained, rightmost, after the code), and the total.
fn crosstab(s: &Summary) -> Grid {
    let x = &s.crosstab;
    let count = CROSSTAB.len() + x.nationalities.len() + 2;
    let mut grid = lay_out(By::KhanNationality, CROSSTAB, &x.rows, None, s.loaded);
    for (i, n) in x.nationalities.iter().enumerate() {
        let position = CROSSTAB.len() + i;
        grid.columns.push(Head {
            key: crosstab_key(*n).to_owned(),
            header: crosstab_key(*n).to_owned(),
            kind: Kind::Count,
            gives_way: Some(2 * count + (count - position)),
            hxl: crosstab_tag(*n),
        });
    }
    grid.columns.push(Head {
        key: "total".to_owned(),
        header: "total".to_owned(),
        kind: Kind::Count,
        gives_way: None,
        hxl: "#affected+detained+total".to_owned(),
    });
    for (cells, row) in grid.rows.iter_mut().zip(&x.rows) {
        cells.extend(row.detained.iter().map(|n| Count(*n)));
        cells.push(Count(row.total));
    }
    let mut total = vec![Cell::text(""), Cell::text("total")];
    total.extend(x.totals.iter().map(|n| Count(*n)));
    total.push(Count(x.total));
    grid.total = Some(total);
    grid
}

/// The column of a nationality in the cross-tab: its code, or "not recorded".
fn crosstab_key(nationality: Option<Nationality>) -> &'static str {
    nationality.map_or(NOT_RECORDED, Nationality::code)
}

/// The HXL hashtag of a cross-tab column of nationality: those detained, with the lower-case
/// country code as an attribute (`#affected+detained+cn`), or `+nationality_unknown` for those
/// whose nationality was not recorded.
pub fn crosstab_tag(nationality: Option<Nationality>) -> String {
    match nationality {
        Some(n) => format!("#affected+detained+{}", n.code().to_ascii_lowercase()),
        None => "#affected+detained+nationality_unknown".to_owned(),
    }
}

fn date_header(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "date",
        Interval::Week => "ISO week",
        Interval::Month => "month",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Aggregation;
    use crate::model::Kind as RecordKind;
    use crate::validate::{self, Options, ProblemSink};

    struct Fail;

    impl ProblemSink for Fail {
        fn problem(&mut self, _: RecordKind, p: crate::error::Problem) -> crate::error::Result<()> {
            panic!("the built-in dataset has a problem: {p}")
        }
    }

    fn builtin() -> Summary {
        let dataset = crate::builtin::dataset().unwrap();
        let mut aggregation = Aggregation::default();
        validate::run(&dataset, Options::default(), &mut aggregation, &mut Fail).unwrap();
        aggregation.summary(crate::aggregate::Shape::default())
    }

    /// Each column shows a field that the JSON document serializes and its schema describes, so
    /// that every format shows the same numbers under the same names.
    #[test]
    fn column_keys_are_serialized_fields_and_in_the_json_schema() {
        let summary = builtin();
        let document = serde_json::to_value(&summary).unwrap();
        let schema: Value =
            serde_json::from_str(include_str!("../docs/report.schema.json")).unwrap();
        for by in By::ALL {
            let grid = by.grid(&summary);
            assert!(
                document.get(by.key()).is_some(),
                "{} is not serialized",
                by.key()
            );
            assert!(
                schema["properties"].get(by.key()).is_some(),
                "{} is not in the schema",
                by.key()
            );
            if by == By::KhanNationality {
                continue;
            }
            let row = &by.json_rows(&summary)[0];
            let reference = schema["properties"][by.key()]["items"]["$ref"]
                .as_str()
                .unwrap()
                .trim_start_matches("#/$defs/");
            let described = &schema["$defs"][reference]["properties"];
            for column in &grid.columns {
                assert!(
                    row.get(&column.key).is_some(),
                    "{by:?}: {} is not serialized",
                    column.key
                );
                assert!(
                    described.get(&column.key).is_some(),
                    "{by:?}: {} is not in the schema",
                    column.key
                );
            }
            assert_eq!(grid.rows.len(), by.json_rows(&summary).len());
        }
    }

    /// The cross-tab's columns are its nationalities, in the order of its JSON rows' keys.
    #[test]
    fn the_crosstab_has_one_column_per_nationality_and_a_total() {
        let summary = builtin();
        let grid = By::KhanNationality.grid(&summary);
        let x = &summary.crosstab;
        assert_eq!(grid.columns.len(), 2 + x.nationalities.len() + 1);
        let total = grid.total.as_ref().unwrap();
        assert_eq!(total.last(), Some(&Cell::Count(x.total)));
        let json = &By::KhanNationality.json_rows(&summary)[0];
        for column in &grid.columns {
            assert!(json.get(&column.key).is_some(), "{}", column.key);
        }
    }

    /// Every column has a well-formed HXL hashtag, and README's table lists it.
    #[test]
    fn every_column_has_an_hxl_tag_that_readme_lists() {
        let summary = builtin();
        let readme = include_str!("../README.md");
        for by in By::ALL {
            for column in by.grid(&summary).columns {
                assert!(
                    crate::load::hxl::canonical(&column.hxl).is_some(),
                    "{by:?} {}: {}",
                    column.key,
                    column.hxl
                );
                if by != By::KhanNationality
                    || matches!(column.key.as_str(), "khan_code" | "khan_name" | "total")
                {
                    assert!(
                        readme.contains(&format!("| `{}` | `{}` |", column.hxl, column.key)),
                        "README lacks {} {}",
                        column.hxl,
                        column.key
                    );
                }
            }
        }
        assert_eq!(crosstab_tag(None), "#affected+detained+nationality_unknown");
    }

    #[test]
    fn cells_show_unknown_numbers_as_a_dash_for_people_and_empty_for_machines() {
        assert_eq!(Cell::Unknown.show(true), "–");
        assert_eq!(Cell::Unknown.show(false), "");
        assert_eq!(Cell::Decimal(None).show(true), "–");
        assert_eq!(Cell::Count(21104).show(true), "21,104");
        assert_eq!(Cell::Count(21104).show(false), "21104");
        assert_eq!(Cell::Decimal(Some(31.666)).show(false), "31.67");
        assert_eq!(
            Cell::List(vec!["CN".into(), "VN".into()]).show(true),
            "CN, VN"
        );
    }
}

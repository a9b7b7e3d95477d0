//! One grouping, one row per line: CSV with a header row for spreadsheets, NDJSON for jq and
//! line tools. Neither carries a totals row, so summing a column gives the total.

use super::Exporter;
use super::report::{By, Report};
use crate::output::{CsvWriter, Field};

/// The grouping a one-grouping format writes: the one asked for, or per Khan.
fn grouping(report: &Report) -> By {
    report.by.unwrap_or(By::Khan)
}

pub struct Csv {
    /// `--hxl`: a row of HXL hashtags ([`HXL_COLUMNS`]) under the header.
    pub hxl: bool,
}

/// Written by the one CSV writer ([`CsvWriter`]), which neutralises text cells that a
/// spreadsheet would run as formulas.
impl Exporter<Report> for Csv {
    fn export(&self, report: &Report) -> Vec<u8> {
        let by = grouping(report);
        let grid = report.grid(by);
        let mut writer = CsvWriter::new(Vec::new());
        let header = grid.columns.iter().map(|c| Field::Text(&c.key));
        writer.row(header).expect("writing to memory");
        if self.hxl {
            let tags: Vec<String> = grid.columns.iter().map(|c| hxl_tag(by, &c.key)).collect();
            writer
                .row(tags.iter().map(|t| Field::Text(t)))
                .expect("writing to memory");
        }
        for row in &grid.rows {
            let cells: Vec<String> = row.iter().map(|cell| cell.show(false)).collect();
            let fields = cells.iter().zip(&grid.columns).map(|(text, c)| {
                if c.kind.is_number() {
                    Field::Number(text)
                } else {
                    Field::Text(text)
                }
            });
            writer.row(fields).expect("writing to memory");
        }
        writer.into_inner().expect("writing to memory")
    }
}

/// The HXL hashtag of each column of a grouping's CSV (`--hxl`), for tools that read the
/// Humanitarian Exchange Language. Counts of people are `#affected` (`+detained`,
/// `+identified`, `+prosecuted`; `+f` and `+m` for women and men); other counts are
/// `#indicator+…+num`. The cross-tab's nationality columns are [`crosstab_tag`]s.
pub const HXL_COLUMNS: &[(By, &str, &str)] = &[
    (By::Khan, "code", "#adm2+code"),
    (By::Khan, "name", "#adm2+name"),
    (By::Khan, "inspections", "#indicator+inspections+num"),
    (
        By::Khan,
        "foreigners_identified",
        "#affected+foreign+identified",
    ),
    (
        By::Khan,
        "women_identified",
        "#affected+foreign+identified+f",
    ),
    (By::Khan, "operations", "#indicator+operations+num"),
    (By::Khan, "detained", "#affected+detained"),
    (
        By::Khan,
        "detained_per_100_inspections",
        "#indicator+detained_per_100_inspections",
    ),
    (By::Khan, "detained_share_pct", "#affected+detained+pct"),
    (By::Khan, "khmer", "#adm2+name+i_km"),
    (By::Nationality, "code", "#country+code"),
    (By::Nationality, "name", "#country+name"),
    (By::Nationality, "detained", "#affected+detained"),
    (
        By::Nationality,
        "detained_share_pct",
        "#affected+detained+pct",
    ),
    (By::Nationality, "women_detained", "#affected+detained+f"),
    (By::Nationality, "men_detained", "#affected+detained+m"),
    (
        By::Nationality,
        "sex_not_recorded",
        "#affected+detained+sex_unknown",
    ),
    (By::Nationality, "defendants", "#affected+prosecuted"),
    (
        By::Nationality,
        "ringleaders",
        "#affected+prosecuted+ringleader",
    ),
    (By::Date, "period", "#date"),
    (By::Date, "inspections", "#indicator+inspections+num"),
    (By::Date, "detained", "#affected+detained"),
    (
        By::Date,
        "cumulative_detained",
        "#affected+detained+cumulative",
    ),
    (By::Date, "cases_filed", "#indicator+cases_filed+num"),
    (By::Premises, "name", "#loc+type"),
    (By::Premises, "inspections", "#indicator+inspections+num"),
    (
        By::Premises,
        "foreigners_identified",
        "#affected+foreign+identified",
    ),
    (By::Premises, "operations", "#indicator+operations+num"),
    (By::Operation, "operation_id", "#org+id"),
    (By::Operation, "first_date", "#date+start"),
    (By::Operation, "khan_name", "#adm2+name"),
    (By::Operation, "inspections", "#indicator+inspections+num"),
    (By::Operation, "detained", "#affected+detained"),
    (By::Operation, "nationalities", "#country+code+list"),
    (By::Case, "case_id", "#event+case+id"),
    (By::Case, "filed", "#date+filed"),
    (By::Case, "defendants", "#affected+prosecuted"),
    (By::Case, "ringleaders", "#affected+prosecuted+ringleader"),
    (By::Case, "nationalities", "#country+code+list"),
    (By::Case, "statuses", "#status+list"),
    (By::KhanNationality, "khan_code", "#adm2+code"),
    (By::KhanNationality, "khan_name", "#adm2+name"),
    (By::KhanNationality, "total", "#affected+detained+total"),
];

/// The tag of column `key` of grouping `by`: from [`HXL_COLUMNS`], or for a cross-tab column
/// of nationality, [`crosstab_tag`]. A column with no tag gets an empty cell (a test holds every
/// column to having one).
fn hxl_tag(by: By, key: &str) -> String {
    HXL_COLUMNS
        .iter()
        .find(|(b, k, _)| *b == by && *k == key)
        .map(|(_, _, tag)| (*tag).to_owned())
        .or_else(|| (by == By::KhanNationality).then(|| crosstab_tag(key)))
        .unwrap_or_default()
}

/// The tag of a cross-tab column of nationality: those detained, with the lower-case country
/// code as an attribute (`#affected+detained+cn`), or `+nationality_unknown` for those whose
/// nationality was not recorded.
pub fn crosstab_tag(key: &str) -> String {
    if key == crate::aggregate::NOT_RECORDED {
        "#affected+detained+nationality_unknown".to_owned()
    } else {
        format!("#affected+detained+{}", key.to_ascii_lowercase())
    }
}

pub struct Ndjson;

impl Exporter<Report> for Ndjson {
    fn export(&self, report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        for row in &grouping(report).json_rows(&report.summary) {
            serde_json::to_writer(&mut out, row).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_is_well_formed_and_readme_lists_each() {
        let readme = include_str!("../../README.md");
        for (by, key, tag) in HXL_COLUMNS {
            assert!(
                crate::load::hxl::canonical(tag).is_some(),
                "{by:?} {key}: {tag}"
            );
            assert!(
                readme.contains(&format!("| `{tag}` | `{key}` |")),
                "{tag} {key}"
            );
        }
        assert!(crate::load::hxl::canonical(&crosstab_tag("CN")).is_some());
        assert!(
            crate::load::hxl::canonical(&crosstab_tag(crate::aggregate::NOT_RECORDED)).is_some()
        );
    }
}

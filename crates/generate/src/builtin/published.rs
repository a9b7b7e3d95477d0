//! The built-in dataset's published.json: the published headline figures and their source, written
//! through crackdown's own [`Published`], so the file is what the loader reads by construction.

use chrono::Days;
use crackdown::khan::Khan;
use crackdown::published::{Breakdown, By, Figure, Period, Published, Records, Source};

use super::{
    CASES, DAYS, DEFENDANTS, DEFENDANTS_CN, DETAINED, DETAINED_BY_NATIONALITY,
    FOREIGNERS_IDENTIFIED, INSPECTIONS, OPERATIONS, WOMEN_IDENTIFIED, first_day,
};
use crate::records::{CN, KH, NATIONALITIES, SG};

/// The contents of published.json: `Published` serialises its fields in declaration order, which
/// is the documented order of the keys, with two-space indents and a final newline.
pub fn json() -> String {
    let mut json = serde_json::to_string_pretty(&published()).expect("plain structs serialise");
    json.push('\n');
    json
}

fn figure(figure: &str, value: u64, counts: &str) -> Figure {
    Figure {
        figure: figure.to_owned(),
        nationality: None,
        khan: None,
        value,
        counts: Some(counts.to_owned()),
    }
}

/// A figure narrowed to the nationality at `index` of [`NATIONALITIES`].
fn of_nationality(index: usize, figure: Figure) -> Figure {
    Figure {
        nationality: Some(NATIONALITIES[index][0].to_owned()),
        ..figure
    }
}

pub fn published() -> Published {
    let some = |text: &str| Some(text.to_owned());
    Published {
        name: "Phnom Penh crackdown on online-scam networks, 3–18 February 2026".to_owned(),
        period: Some(Period {
            from: first_day(),
            to: first_day() + Days::new(DAYS as u64 - 1),
        }),
        source: Some(Source {
            title: some("Phnom Penh 15-day cybercrime blitz"),
            publisher: some("orkunsantepheap.com"),
            date: None,
            url: some("https://orkunsantepheap.com/phnom-penh-15-day-cybercrime-blitz-300-arrests"),
            authorities: vec![
                "Phnom Penh Capital Administration".to_owned(),
                "Phnom Penh Municipal Unified Command".to_owned(),
            ],
            note: some(
                "Title taken from the address; the exact title and publication date were not \
                 recorded. Published after the operation ended on 2026-02-18. Reports inspections \
                 carried out 3–18 February 2026 by the Phnom Penh Municipal Unified Command under \
                 Governor Khuong Sreng (Phnom Penh Capital Administration). The address speaks of \
                 300 arrests; the figure given for foreign nationals detained is 284.",
            ),
        }),
        records: Some(Records::Illustrative),
        note: some(
            "Only the figures below are published (the headline figures, and the defendants \
             per nationality in full); the record-level files are illustrative, generated to \
             add up to them.",
        ),
        figures: vec![
            figure(
                "inspections",
                INSPECTIONS as u64,
                "premises inspected: condominiums, apartments, boreys and hotels",
            ),
            figure(
                "khans",
                Khan::all().len() as u64,
                "Khans of Phnom Penh with premises inspected (all 14)",
            ),
            figure(
                "foreigners_identified",
                FOREIGNERS_IDENTIFIED,
                "foreign nationals identified at the premises inspected",
            ),
            figure(
                "women_identified",
                WOMEN_IDENTIFIED,
                "women among the foreign nationals identified",
            ),
            figure(
                "operations",
                OPERATIONS as u64,
                "online-scam operations dismantled",
            ),
            figure("detained", DETAINED as u64, "foreign nationals detained"),
            figure(
                "detained_nationalities",
                DETAINED_BY_NATIONALITY.len() as u64,
                "countries of nationality of the foreign nationals detained",
            ),
            figure("cases", CASES as u64, "cases fast-tracked to court"),
            figure(
                "defendants",
                DEFENDANTS as u64,
                "suspects charged in the cases fast-tracked to court",
            ),
            figure(
                "ringleaders",
                DEFENDANTS as u64,
                "suspected ringleaders among the defendants",
            ),
            of_nationality(
                CN,
                figure(
                    "defendants",
                    DEFENDANTS_CN as u64,
                    "Chinese nationals among the defendants",
                ),
            ),
            of_nationality(
                SG,
                figure(
                    "defendants",
                    1,
                    "Singaporean nationals among the defendants",
                ),
            ),
            of_nationality(
                KH,
                figure("defendants", 1, "Cambodian nationals among the defendants"),
            ),
        ],
        // The three figures above are every defendant: the breakdown is published in full.
        breakdowns: vec![Breakdown {
            figure: "defendants".to_owned(),
            by: By::Nationality,
        }],
        // Where a file was read from; this one was not read.
        file: String::new(),
    }
}

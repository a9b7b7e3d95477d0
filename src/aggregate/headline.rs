//! The headline figures, listed once: their key in the JSON document, their words, the name a
//! published.json gives them, and how to read each from a [`Headline`]. The report's headline
//! table and the reconciliation both read [`HEADLINE`].

use super::Headline;

/// The value of a headline figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    Count(u64),
    /// A share in percent; `None` when the whole is zero.
    Percent(Option<f64>),
    /// A median in days and how many values it is over.
    Days {
        median: Option<f64>,
        over: u64,
    },
}

/// One headline figure.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// The field of [`Headline`] it is serialized as (a test ties the two).
    pub key: &'static str,
    /// Its name in published.json, when it can be published.
    pub published: Option<&'static str>,
    /// What it is called in words.
    pub words: &'static str,
    pub value: fn(&Headline) -> Measure,
}

impl Figure {
    /// The figure as a count, when it is one.
    pub fn count(&self, headline: &Headline) -> Option<u64> {
        match (self.value)(headline) {
            Measure::Count(n) => Some(n),
            _ => None,
        }
    }
}

macro_rules! figures {
    ($($key:ident, $published:expr, $words:literal, |$h:ident| $value:expr;)*) => {
        /// The headline figures in the order the report shows them.
        pub const HEADLINE: &[Figure] = &[$(Figure {
            key: stringify!($key),
            published: $published,
            words: $words,
            value: |$h: &Headline| $value,
        }),*];
    };
}

use Measure::Count;

figures! {
    inspections, Some("inspections"), "premises inspected", |h| Count(h.inspections);
    khans_covered, Some("khans"), "Khans covered", |h| Count(h.khans_covered);
    foreigners_identified, Some("foreigners_identified"), "foreign nationals identified",
        |h| Count(h.foreigners_identified);
    women_identified, Some("women_identified"), "women identified", |h| Count(h.women_identified);
    women_share_pct, None, "women's share of those identified",
        |h| Measure::Percent(h.women_share_pct);
    operations, Some("operations"), "scam operations", |h| Count(h.operations);
    detained, Some("detained"), "detained", |h| Count(h.detained);
    detained_nationalities, Some("detained_nationalities"), "nationalities among the detained",
        |h| Count(h.detained_nationalities);
    detained_nationality_not_recorded, None, "detained, nationality not recorded",
        |h| Count(h.detained_nationality_not_recorded);
    women_detained, None, "women detained", |h| Count(h.women_detained);
    men_detained, None, "men detained", |h| Count(h.men_detained);
    detained_sex_not_recorded, None, "detained, sex not recorded",
        |h| Count(h.detained_sex_not_recorded);
    cases, Some("cases"), "court cases", |h| Count(h.cases);
    defendants, Some("defendants"), "defendants", |h| Count(h.defendants);
    ringleaders, Some("ringleaders"), "ringleaders", |h| Count(h.ringleaders);
    median_days_to_court, None, "median days from detention to court",
        |h| Measure::Days { median: h.median_days_to_court, over: h.defendants_linked_to_arrests };
}

/// The figures a published.json may name.
pub fn publishable() -> impl Iterator<Item = (&'static str, &'static Figure)> {
    HEADLINE
        .iter()
        .filter_map(|f| f.published.map(|name| (name, f)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Accumulator, Shape};

    #[test]
    fn every_headline_figure_is_a_serialized_field_of_the_headline() {
        let headline = Accumulator::default().summary(Shape::default()).headline;
        let value = serde_json::to_value(&headline).unwrap();
        for figure in HEADLINE {
            assert!(
                value.get(figure.key).is_some(),
                "{} is not serialized",
                figure.key
            );
        }
        let names: Vec<&str> = publishable().map(|(name, _)| name).collect();
        assert_eq!(names.len(), 10);
        assert!(names.contains(&"khans"));
    }
}

//! HXL hashtags (the Humanitarian Exchange Language): a row of tags such as `#adm2+name` or
//! `#date+occurred` under a CSV header says what each column holds, whatever its name. The tags
//! crackdown knows, and the field each one fills, are [`TAGS`].

use crate::model::Kind;

/// The HXL tags crackdown reads, and the field each fills in every kind that has it. Where several
/// tags fill one field, the first listed wins when a file has more than one of them (a Khan's code
/// before its name); the others are ignored with a warning.
pub const TAGS: &[(&str, &str)] = &[
    ("#activity+id", "inspection_id"),
    ("#activity+code", "inspection_id"),
    ("#affected+id", "arrest_id"),
    ("#date+occurred", "date"),
    ("#date", "date"),
    ("#adm2+code", "khan"),
    ("#adm2+name", "khan"),
    ("#adm2", "khan"),
    ("#loc+type", "premises_type"),
    ("#loc+name", "premises_name"),
    ("#affected+identified", "foreigners_identified"),
    ("#affected", "foreigners_identified"),
    ("#affected+f+identified", "women_identified"),
    ("#affected+f", "women_identified"),
    ("#org+id", "operation_id"),
    ("#org+code", "operation_id"),
    ("#org+name", "operation_id"),
    ("#org", "operation_id"),
    ("#country+code", "nationality"),
    ("#country+name", "nationality"),
    ("#country", "nationality"),
    ("#affected+sex", "sex"),
    ("#date+filed", "filed"),
    ("#meta+source", "source"),
    ("#description", "notes"),
    ("#meta+notes", "notes"),
];

/// A cell of a hashtag row in its one spelling: lower case, no spaces, attributes sorted
/// (`#Adm2 +Name` and `#adm2+name` are one tag; so are `#affected+f+identified` and
/// `#affected+identified+f`). `None` when the cell is not a well-formed tag.
pub fn canonical(cell: &str) -> Option<String> {
    let cell = cell.trim().strip_prefix('#')?;
    let mut parts = cell.split('+').map(|p| p.trim().to_ascii_lowercase());
    let hashtag = parts.next()?;
    let word = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let mut attributes: Vec<String> = parts.collect();
    if !word(&hashtag) || !attributes.iter().all(|a| word(a)) {
        return None;
    }
    attributes.sort_unstable();
    attributes.dedup();
    let mut tag = format!("#{hashtag}");
    for a in attributes {
        tag.push('+');
        tag.push_str(&a);
    }
    Some(tag)
}

/// Whether `a` and `b` are the same tag, spelt either way.
pub fn same_tag(a: &str, b: &str) -> bool {
    canonical(a).is_some_and(|a| Some(a) == canonical(b))
}

/// Whether `cells` are a hashtag row: some cell is not empty, and every cell that is not is a
/// well-formed tag. A record whose cells merely start with `#` (`#12`) stays a record, so that no
/// row of data is ever passed over as tags.
pub fn is_hashtag_row<'a>(cells: impl IntoIterator<Item = Option<&'a str>>) -> bool {
    let mut any = false;
    for cell in cells {
        let Some(cell) = cell else {
            return false;
        };
        if cell.trim().is_empty() {
            continue;
        }
        if canonical(cell).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// The field of `kind` that a column tagged `tag` (canonical) fills, and the rank of the tag among
/// those of that field (0 first).
pub fn field_of(kind: Kind, tag: &str) -> Option<(usize, usize)> {
    let (_, name) = TAGS.iter().find(|(t, _)| *t == tag)?;
    let field = kind.fields().iter().position(|f| f.name == *name)?;
    let rank = TAGS
        .iter()
        .filter(|(_, n)| n == name)
        .position(|(t, _)| *t == tag)?;
    Some((field, rank))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_is_canonical_and_fills_a_field() {
        for (tag, field) in TAGS {
            assert_eq!(canonical(tag).as_deref(), Some(*tag));
            assert!(
                Kind::ALL
                    .iter()
                    .any(|k| k.fields().iter().any(|f| f.name == *field)),
                "{tag} {field}"
            );
        }
    }

    #[test]
    fn readme_lists_every_tag_with_its_field() {
        let table = crate::load::mapping::tests::readme_table("| tag | field |");
        let mut listed: Vec<(String, String)> = Vec::new();
        for row in table {
            let field = row[1].split(' ').next().unwrap().to_owned();
            for tag in row[0].split(", ") {
                listed.push((tag.to_owned(), field.clone()));
            }
        }
        let code: Vec<(String, String)> = TAGS
            .iter()
            .map(|(t, f)| (t.to_string(), f.to_string()))
            .collect();
        assert_eq!(listed, code);
    }

    #[test]
    fn tags_are_one_in_any_case_spacing_and_attribute_order() {
        assert_eq!(canonical(" #Adm2 + Name ").as_deref(), Some("#adm2+name"));
        assert_eq!(
            canonical("#affected+identified+f").as_deref(),
            Some("#affected+f+identified")
        );
        assert_eq!(canonical("adm2"), None);
        assert_eq!(canonical("#"), None);
        assert_eq!(canonical("#adm 2"), None);
        assert_eq!(field_of(Kind::Arrests, "#adm2+name"), Some((2, 1)));
        assert_eq!(field_of(Kind::Arrests, "#affected"), None, "no such field");
        let row = |cells: &[&'static str]| is_hashtag_row(cells.iter().map(|c| Some(*c)));
        assert!(row(&["#adm2+name", "", " #date"]));
        assert!(!row(&["#adm2+name", "2026-02-05"]));
        assert!(!row(&["#12", "#adm2+name"]), "an id, not a tag");
        assert!(!row(&["", " "]));
        assert!(!is_hashtag_row([Some("#adm2"), None]), "not UTF-8");
    }
}

//! Column mapping: which column of a file (or key of a JSON object) holds which field, for files
//! that do not use crackdown's names. Rules come from `--map [KIND.]FIELD=COLUMN` and from a
//! mapping file (`--map-file`, TOML); the synonyms that suggest a rule when a required column is
//! missing are listed here too. A synonym only suggests: nothing is ever mapped without a rule.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};
use crate::model::{Kind, PerKind};
use crate::output::shown;
use crate::text::{fold, quote};

/// The column mapping of one run: every rule the user gave, resolved to the kinds it applies to.
#[derive(Debug, Default)]
pub struct Mapping {
    /// One entry per kind a rule applies to; at most one per kind and field.
    entries: Vec<Entry>,
    /// The rules as the user wrote them, in the order given.
    rules: Vec<Rule>,
    /// The kinds the dataset reads: a suggested rule names its kind when another kind read has
    /// the field too.
    pub(super) loaded: PerKind<bool>,
}

/// A rule as the user wrote it, and whether a file read so far had its column.
#[derive(Debug)]
struct Rule {
    /// `--map khan=District`, or `map.toml: [arrests] khan = "District"`.
    written: String,
    column: String,
    source: Source,
    found: AtomicBool,
}

#[derive(Debug, Clone)]
struct Entry {
    kind: Kind,
    field: usize,
    /// The column's name (or HXL hashtag, when it starts with `#`), trimmed.
    column: String,
    rule: usize,
}

/// A rule that a file's column matched: the field it fills, and the rule as written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mapped<'a> {
    pub field: usize,
    pub rule: usize,
    pub written: &'a str,
}

/// Where a rule comes from, for the rules read from a file (a rule on the command line replaces
/// a file's rule for the same kind and field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    File,
    CommandLine,
}

impl Mapping {
    /// The rules of `--map` (each `[KIND.]FIELD=COLUMN`) and of the mapping file `file`. Every
    /// mistake in them is wrong usage (exit 2), named with the rule as written.
    pub fn new(maps: &[String], file: Option<&Path>) -> Result<Mapping> {
        let mut mapping = Mapping::default();
        if let Some(path) = file {
            mapping.read_file(path)?;
        }
        for map in maps {
            let written = format!("--map {map}");
            let Some((target, column)) = map.split_once('=') else {
                return Err(Error::Usage(format!(
                    "--map {}: expected FIELD=COLUMN, the field crackdown reads and the column of your file that holds it, e.g. --map khan=District",
                    quote(map)
                )));
            };
            let (kind, field) = match target.trim().split_once('.') {
                Some((kind, field)) => (Some(parse_kind(kind, &written)?), field),
                None => (None, target),
            };
            mapping.add(kind, field, column, written, Source::CommandLine)?;
        }
        Ok(mapping)
    }

    /// Whether no rule was given.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Reads the rules of a TOML mapping file: `FIELD = "COLUMN"` at the top for every kind that
    /// has the field, or under a table `[arrests]` (`[inspections]`, `[prosecutions]`) for one kind.
    fn read_file(&mut self, path: &Path) -> Result<()> {
        let name = shown(path);
        if path.is_dir() {
            return Err(super::dataset::directory(path, "--map-file"));
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(format!("--map-file {name} does not exist"))
            } else {
                Error::io(format!("cannot read {name}"), e)
            }
        })?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Error::Usage(
                format!("{name} is not a valid mapping file: {}", e.message())
                    + &toml_line(&text, e.span()),
            )
        })?;
        let expected = "expected FIELD = \"COLUMN\" at the top, or under [inspections], [arrests] or [prosecutions]";
        for (key, value) in &table {
            match value {
                toml::Value::String(column) => {
                    let written = format!("{name}: {key} = {}", quote(column));
                    self.add(None, key, column, written, Source::File)?;
                }
                toml::Value::Table(fields) => {
                    let kind = parse_kind(key, &format!("{name}: [{key}]"))?;
                    for (field, value) in fields {
                        let written = format!("{name}: [{key}] {field}");
                        let toml::Value::String(column) = value else {
                            return Err(Error::Usage(format!(
                                "{written}: the column must be text in quotes, e.g. {field} = \"District\""
                            )));
                        };
                        let written = format!("{written} = {}", quote(column));
                        self.add(Some(kind), field, column, written, Source::File)?;
                    }
                }
                _ => {
                    return Err(Error::Usage(format!(
                        "{name}: {key}: the column must be text in quotes; {expected}"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Adds the rule `written`: `field` (of `kind`, or of every kind that has it) is read from
    /// `column`.
    fn add(
        &mut self,
        kind: Option<Kind>,
        field: &str,
        column: &str,
        written: String,
        source: Source,
    ) -> Result<()> {
        let field = field.trim();
        let column = column.trim();
        if column.is_empty() {
            return Err(Error::Usage(format!(
                "{written}: no column named; write the name of the column that holds {field}"
            )));
        }
        let kinds: Vec<(Kind, usize)> = Kind::ALL
            .into_iter()
            .filter(|k| kind.is_none_or(|kind| kind == *k))
            .filter_map(|k| {
                k.fields()
                    .iter()
                    .position(|f| f.name.eq_ignore_ascii_case(field))
                    .map(|i| (k, i))
            })
            .collect();
        if kinds.is_empty() {
            return Err(Error::Usage(unknown_field(&written, field, kind)));
        }
        let rule = self.rules.len();
        for (kind, index) in kinds {
            if let Some(at) = self
                .entries
                .iter()
                .position(|e| e.kind == kind && e.field == index)
            {
                let other = &self.entries[at];
                let same_column = other.column.to_lowercase() == column.to_lowercase();
                let from_file = self.rules[other.rule].source == Source::File;
                if source == Source::CommandLine && from_file {
                    // The command line says what this run is for: it replaces the file's rule.
                    self.entries.remove(at);
                } else if same_column {
                    continue;
                } else {
                    return Err(Error::Usage(format!(
                        "{} and {written} both say which column holds {} of {}: keep one",
                        self.rules[other.rule].written,
                        kind.fields()[index].name,
                        kind.name()
                    )));
                }
            }
            if let Some(other) = self
                .entries
                .iter()
                .find(|e| e.kind == kind && e.column.to_lowercase() == column.to_lowercase())
            {
                return Err(Error::Usage(format!(
                    "{} and {written} both read column {} of {}, one for {} and one for {}: a column holds one field; name the kind to apply a rule to one kind only, e.g. --map {}.{}={}",
                    self.rules[other.rule].written,
                    quote(column),
                    kind.name(),
                    kind.fields()[other.field].name,
                    kind.fields()[index].name,
                    kind.name(),
                    kind.fields()[index].name,
                    shell_word(column)
                )));
            }
            self.entries.push(Entry {
                kind,
                field: index,
                column: column.to_owned(),
                rule,
            });
        }
        self.rules.push(Rule {
            written,
            column: column.to_owned(),
            source,
            found: AtomicBool::new(false),
        });
        Ok(())
    }

    /// The rule of `kind` whose column is `name` (matched in any case, trimmed), or whose column
    /// is the HXL hashtag `tag`.
    pub(super) fn column(&self, kind: Kind, name: &str, tag: Option<&str>) -> Option<Mapped<'_>> {
        if self.entries.is_empty() {
            return None;
        }
        let name = name.trim();
        self.entries
            .iter()
            .find(|e| {
                e.kind == kind
                    && if e.column.starts_with('#') {
                        tag.is_some_and(|tag| super::hxl::same_tag(&e.column, tag))
                    } else {
                        same_name(&e.column, name)
                    }
            })
            .map(|e| Mapped {
                field: e.field,
                rule: e.rule,
                written: &self.rules[e.rule].written,
            })
    }

    /// The rule that says which column holds `field` of `kind`, and that column.
    pub(super) fn rule_for(&self, kind: Kind, field: usize) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .find(|e| e.kind == kind && e.field == field)
            .map(|e| (self.rules[e.rule].written.as_str(), e.column.as_str()))
    }

    /// Notes that a file read had the column of rule `rule`.
    pub(super) fn found(&self, rule: usize) {
        self.rules[rule].found.store(true, Ordering::Relaxed);
    }

    /// A warning for each rule whose column no file read had: a misspelt column is never silent.
    pub fn unfound(&self) -> Vec<String> {
        self.rules
            .iter()
            .enumerate()
            // A rule left with no kind (the command line replaced it, or it repeats another)
            // reads nothing and is not said to be unused.
            .filter(|(i, r)| {
                !r.found.load(Ordering::Relaxed) && self.entries.iter().any(|e| e.rule == *i)
            })
            .map(|(_, r)| r)
            .map(|r| {
                format!(
                    "{}: no file read has a column {}; the rule is unused",
                    r.written,
                    quote(&r.column)
                )
            })
            .collect()
    }

    /// `names` with, for each name a rule reads, the field it holds: what a header says once
    /// mapped, to tell the kind of a file whose name does not say it.
    pub(super) fn mapped_names(&self, names: &[String]) -> Vec<String> {
        let mut all = names.to_vec();
        for e in &self.entries {
            if names.iter().any(|n| same_name(&e.column, n)) {
                all.push(e.kind.fields()[e.field].name.to_owned());
            }
        }
        all
    }

    /// How a suggestion writes the rule that `field` of `kind` is in `column`: unqualified, unless
    /// another kind the dataset reads has that field too.
    pub(super) fn suggest(&self, kind: Kind, field: &str, column: &str) -> String {
        let shared = Kind::ALL
            .into_iter()
            .any(|k| k != kind && self.loaded[k] && k.fields().iter().any(|f| f.name == field));
        let target = if shared {
            format!("{}.{field}", kind.name())
        } else {
            field.to_owned()
        };
        format!("--map {}", shell_word(&format!("{target}={column}")))
    }
}

/// `a` and `b` are the same column name: trimmed, in any case.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.eq_ignore_ascii_case(b) || (!a.is_ascii() && a.to_lowercase() == b.to_lowercase())
}

fn parse_kind(word: &str, written: &str) -> Result<Kind> {
    let word = word.trim();
    Kind::ALL
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(word) || k.singular().eq_ignore_ascii_case(word))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{written}: {} is not a kind of record; expected inspections, arrests or prosecutions",
                quote(word)
            ))
        })
}

/// The message for a target that names no field, with the nearest field when one is close.
fn unknown_field(written: &str, field: &str, kind: Option<Kind>) -> String {
    let fields: Vec<&str> = match kind {
        Some(kind) => kind.fields().iter().map(|f| f.name).collect(),
        None => {
            let mut all: Vec<&str> = Kind::ALL
                .into_iter()
                .flat_map(|k| k.fields().iter().map(|f| f.name))
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    };
    let whose = kind.map_or("any kind".to_owned(), |k| k.name().to_owned());
    // Transposed letters (kahn) count as one slip.
    let limit = (field.chars().count() / 3).max(1);
    let nearest = fields
        .iter()
        .map(|f| (strsim::damerau_levenshtein(&field.to_lowercase(), f), *f))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, f)| f);
    let hint = match nearest {
        Some(near) => format!("did you mean {near}?"),
        None => format!("expected one of {}", fields.join(", ")),
    };
    format!(
        "{written}: {} is not a field of {whose}; {hint}",
        quote(field)
    )
}

/// The line of a TOML error, as `" (line N)"`.
fn toml_line(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| {
        let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
        format!(" (line {line})")
    })
    .unwrap_or_default()
}

/// `word` as one word for a POSIX shell: as it is when nothing in it means anything to the
/// shell, else in single quotes.
pub(super) fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    '_' | '-' | '.' | '/' | ':' | ',' | '@' | '%' | '+' | '=' | '#'
                )
                || ('\u{1780}'..='\u{17ff}').contains(&c)
        });
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Column names that usually hold a field, as journalists' and NGOs' spreadsheets write them.
/// They only suggest a rule (in the error for a missing column, and in the warning for a column
/// that is ignored); they never map a column by themselves. Compared folded (case, spaces and
/// punctuation aside), so `Arrest ID`, `arrest-id` and `ARREST_ID` are one.
pub const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "inspection_id",
        &[
            "ID",
            "Inspection",
            "Inspection ID",
            "Raid",
            "Raid ID",
            "Raid No.",
        ],
    ),
    (
        "arrest_id",
        &[
            "ID",
            "Arrest ID",
            "Arrest No.",
            "No.",
            "Detainee ID",
            "Person ID",
        ],
    ),
    ("case_id", &["Case", "Case ID", "Case No."]),
    (
        "defendant_id",
        &["ID", "Defendant", "Defendant ID", "Accused"],
    ),
    (
        "date",
        &[
            "Date",
            "Date of arrest",
            "Arrest date",
            "Raid date",
            "Inspection date",
            "កាលបរិច្ឆេទ",
        ],
    ),
    ("khan", &["District", "Khan/District", "Khan name", "ខណ្ឌ"]),
    (
        "premises_type",
        &[
            "Premises",
            "Premises type",
            "Type of premises",
            "Building type",
        ],
    ),
    ("premises_name", &["Premises name", "Building", "Name"]),
    (
        "foreigners_identified",
        &["Foreigners", "Foreign nationals", "Foreigners identified"],
    ),
    (
        "women_identified",
        &["Women", "Women identified", "Female", "Females"],
    ),
    (
        "operation_id",
        &[
            "Operation",
            "Operation ID",
            "Raid",
            "Scam operation",
            "Compound",
        ],
    ),
    (
        "nationality",
        &[
            "Nationality",
            "Country",
            "Citizenship",
            "Country of origin",
            "សញ្ជាតិ",
        ],
    ),
    ("sex", &["Gender", "Sex", "M/F", "ភេទ"]),
    ("role", &["Role"]),
    (
        "filed",
        &["Filed", "Date filed", "Filing date", "Court date"],
    ),
    ("status", &["Status", "Case status"]),
    ("charge", &["Charge", "Charges", "Offence", "Offense"]),
    ("source", &["Source", "Reference"]),
    ("notes", &["Notes", "Comments", "Remarks"]),
];

/// The synonyms of `field`.
pub(super) fn synonyms(field: &str) -> &'static [&'static str] {
    SYNONYMS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(&[], |(_, s)| s)
}

/// How much `column` looks like `field`: 3 for a synonym, 2 for a name that holds the field's
/// name or a synonym (`Nationality of detainee`), 1 for a name a typo away from either, 0 for
/// none.
pub(super) fn likeness(column: &str, field: &str) -> u8 {
    let column = fold(column);
    if column.is_empty() {
        return 0;
    }
    let names = std::iter::once(fold(field)).chain(synonyms(field).iter().map(|s| fold(s)));
    let mut best = 0;
    for name in names {
        let score = if name == column {
            3
        } else if name.chars().count() >= 4 && column.contains(&name) {
            2
        } else if name.chars().count() >= 4
            && within_a_quarter(name.chars().count(), column.chars().count())
            && strsim::normalized_damerau_levenshtein(&name, &column) >= 0.75
        {
            1
        } else {
            0
        };
        best = best.max(score);
    }
    best
}

/// Whether two names of `a` and `b` characters can be 0.75 alike: the edit distance is at least
/// the difference of the lengths, so a longer difference than a quarter of the longer name rules
/// it out. Said before the distance is computed, which takes time and memory as the product of
/// the lengths: a header cell of a megabyte is never compared character by character.
fn within_a_quarter(a: usize, b: usize) -> bool {
    4 * a.abs_diff(b) <= a.max(b)
}

/// The kind whose required fields the columns `names` hold the largest share of, more than
/// half, counting a column that is a synonym of a field (or holds its name) as that field: what a
/// header would say once mapped. Only to suggest naming the kind; never to read a file by.
pub(super) fn likely_kind(names: &[String]) -> Option<Kind> {
    let share = |kind: Kind| {
        let required: Vec<&str> = kind
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let held = required
            .iter()
            .filter(|f| names.iter().any(|n| likeness(n, f) >= 2))
            .count();
        (held, required.len())
    };
    let shares: Vec<(Kind, (usize, usize))> = Kind::ALL
        .into_iter()
        .map(|k| (k, share(k)))
        .filter(|&(_, (held, total))| held * 2 > total)
        .collect();
    let best = shares
        .iter()
        .max_by(|a, b| (a.1.0 * b.1.1).cmp(&(b.1.0 * a.1.1)))?;
    let tied = shares
        .iter()
        .filter(|s| s.1.0 * best.1.1 == best.1.0 * s.1.1)
        .count();
    (tied == 1).then_some(best.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The rows of the README table whose header row is `header`: their cells, without the
    /// backquotes.
    pub(crate) fn readme_table(header: &str) -> Vec<Vec<String>> {
        let readme = include_str!("../../README.md");
        let after = readme.split(header).nth(1).expect("README has the table");
        // What follows the header row: the rest of its line, the separator row, the rows.
        after
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                l.trim_matches('|')
                    .split(" | ")
                    .map(|c| c.trim().replace('`', ""))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn readme_lists_the_synonyms_of_every_field() {
        let table = readme_table("| field | suggested for a column named |");
        let rows: Vec<(String, String)> = table
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        let code: Vec<(String, String)> = SYNONYMS
            .iter()
            .map(|(f, s)| (f.to_string(), s.join(", ")))
            .collect();
        assert_eq!(rows, code);
    }

    #[test]
    fn every_synonym_names_a_field_of_some_kind() {
        for (field, _) in SYNONYMS {
            assert!(
                Kind::ALL
                    .iter()
                    .any(|k| k.fields().iter().any(|f| f.name == *field)),
                "{field}"
            );
        }
    }

    #[test]
    fn an_unqualified_rule_applies_to_every_kind_that_has_the_field() {
        let mapping = Mapping::new(&["khan=District".into(), "sex=Gender".into()], None).unwrap();
        for kind in [Kind::Inspections, Kind::Arrests] {
            let m = mapping.column(kind, " district ", None).unwrap();
            assert_eq!(kind.fields()[m.field].name, "khan");
        }
        assert!(
            mapping
                .column(Kind::Prosecutions, "District", None)
                .is_none()
        );
        assert!(mapping.column(Kind::Inspections, "Gender", None).is_none());
        let mapping = Mapping::new(&["arrests.khan=District".into()], None).unwrap();
        assert!(
            mapping
                .column(Kind::Inspections, "District", None)
                .is_none()
        );
        assert!(mapping.column(Kind::Arrests, "District", None).is_some());
    }

    #[test]
    fn rules_that_contradict_each_other_are_refused() {
        let error = |maps: &[&str]| {
            let maps: Vec<String> = maps.iter().map(|s| s.to_string()).collect();
            Mapping::new(&maps, None).unwrap_err().to_string()
        };
        assert_eq!(
            error(&["khan"]),
            "--map \"khan\": expected FIELD=COLUMN, the field crackdown reads and the column of your file that holds it, e.g. --map khan=District"
        );
        assert_eq!(
            error(&["kahn=District"]),
            "--map kahn=District: \"kahn\" is not a field of any kind; did you mean khan?"
        );
        assert_eq!(
            error(&["arrests.premises_type=Type"]),
            "--map arrests.premises_type=Type: \"premises_type\" is not a field of arrests; expected one of arrest_id, date, khan, nationality, sex, operation_id, inspection_id, source, notes, province, district"
        );
        assert_eq!(
            error(&["raids.khan=District"]),
            "--map raids.khan=District: \"raids\" is not a kind of record; expected inspections, arrests or prosecutions"
        );
        assert_eq!(
            error(&["khan=District", "arrests.khan=Khan"]),
            "--map khan=District and --map arrests.khan=Khan both say which column holds khan of arrests: keep one"
        );
        assert_eq!(
            error(&["arrest_id=ID", "inspection_id=ID"]),
            "--map arrest_id=ID and --map inspection_id=ID both read column \"ID\" of arrests, one for arrest_id and one for inspection_id: a column holds one field; name the kind to apply a rule to one kind only, e.g. --map arrests.inspection_id=ID"
        );
        // The same rule twice is one rule.
        assert!(Mapping::new(&["khan=District".into(), "khan=district".into()], None).is_ok());
    }

    #[test]
    fn columns_are_written_for_the_shell() {
        assert_eq!(shell_word("khan=District"), "khan=District");
        assert_eq!(shell_word("date=Date of arrest"), "'date=Date of arrest'");
        assert_eq!(shell_word("khan=ខណ្ឌ"), "khan=ខណ្ឌ");
        assert_eq!(shell_word("notes=it's"), r"'notes=it'\''s'");
    }

    #[test]
    fn synonyms_and_near_names_look_like_the_field() {
        assert_eq!(likeness("District", "khan"), 3);
        assert_eq!(likeness("Khan/District", "khan"), 3);
        assert_eq!(likeness(" ARREST-ID ", "arrest_id"), 3);
        assert_eq!(likeness("Nationality of detainee", "nationality"), 2);
        assert_eq!(likeness("Distrct", "khan"), 1);
        assert_eq!(likeness("Sex", "khan"), 0);
        assert_eq!(likeness("ID", "khan"), 0);
    }

    #[test]
    fn names_of_too_different_lengths_are_never_compared_and_never_alike() {
        // What the length check leaves out could never have reached 0.75.
        let names = [
            "khan",
            "date",
            "nationality",
            "arrest_id",
            "foreigners_identified",
        ];
        for name in names {
            for len in 1..60 {
                for fill in ["x", "khan", "nationalit", "a"] {
                    let column: String = fill.chars().cycle().take(len).collect();
                    let (a, b) = (name.chars().count(), column.chars().count());
                    if !within_a_quarter(a, b) {
                        assert!(
                            strsim::normalized_damerau_levenshtein(name, &column) < 0.75,
                            "{name} and {column}"
                        );
                    }
                }
            }
        }
        assert!(within_a_quarter(4, 5) && within_a_quarter(8, 6) && !within_a_quarter(4, 6));
        // A header cell of a megabyte is weighed at once (a full comparison would take some
        // twenty million steps per name).
        let long = "x".repeat(1 << 20);
        assert_eq!(likeness(&long, "nationality"), 0);
    }
}

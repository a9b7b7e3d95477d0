//! Nationalities: ISO 3166-1 codes, country names and demonyms resolved to one alpha-2 code.
//!
//! The knowledge is data, in `countries.tsv` (ISO 3166-1 and Kosovo, one row each, with the names
//! and adjectives in use). This module parses it once into a lookup on folded spellings, so "VNM",
//! "Viet Nam", "vietnamese" and "Việt Nam" all become `VN`.
//!
//! A spelling that fits more than one country is refused rather than guessed, because a statistic
//! that quietly counts North Koreans as South Koreans is worse than an error. The ambiguous spellings
//! are exactly those listed under two rows of the table; the tests pin the list:
//!
//! - "Korea", "Korean": KP or KR.
//! - "Congo", "Congolese": CD or CG. "Congo" is the ISO short name of CG, but it is at least as often
//!   written for the Democratic Republic, so the table lists it under both.
//! - "Dominican": DM (Dominica) or DO (the Dominican Republic).
//! - "Samoan": WS or AS.
//! - "Virgin Islands", "Virgin Islander": VG or VI.
//! - "Saint Martin" ("St Martin"): MF (the French part) or SX (Sint Maarten, the Dutch part).
//! - "Guinean": GN, GQ or GW. It is the English demonym of Guinea, but nationals of Guinea-Bissau
//!   ("guineense") and Equatorial Guinea ("guineano") are written "Guinean" in translated records
//!   too. "Guinea" itself is GN; "Papua New Guinean" is always written in full and is PG only.
//!
//! And some that look ambiguous but are not: "Sudanese" is SD (South Sudan's is "South Sudanese");
//! "Irish" is IE ("Northern Irish" is GB, as are "English", "Scottish" and "Welsh"); "Niger" and
//! "Nigerien" are NE, "Nigerian" NG; "Chinese" is CN, with Taiwan (TW), Hong Kong (HK) and Macao (MO)
//! kept apart. Ethnic or regional words that are not nationalities ("Malay", "Arab", "Rohingya",
//! "Tamil", "Kurdish") are unknown on purpose: a record that says only that does not tell the
//! passport. "America" is unknown too (the continents), with "did you mean US" as a hint.
//!
//! Kosovo is XK (alpha-3 XKX): not in ISO 3166-1, but the user-assigned code in general use.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use crate::error::Code;
use crate::text::{Stray, fold, key, nearest, quote};

/// The table, embedded: see its header for the columns.
const TSV: &str = include_str!("countries.tsv");

/// The header row `countries.tsv` must have, so a column moved by hand cannot go unnoticed.
const HEADER: &str = "alpha2\talpha3\tname\tiso_name\taliases\tdemonyms";

/// One country or territory: a row of `countries.tsv`.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case ("VN").
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 code, upper case ("VNM").
    pub alpha3: &'static str,
    /// Short English name for reports ("Vietnam"; the ISO short name is "Viet Nam").
    pub name: &'static str,
}

/// The spellings of a row beyond its codes and display name.
#[derive(Debug)]
struct Spellings {
    iso_name: &'static str,
    aliases: Vec<&'static str>,
    demonyms: Vec<&'static str>,
}

/// `countries.tsv`, parsed: two parallel vectors in alpha-2 order.
struct Table {
    countries: Vec<Country>,
    spellings: Vec<Spellings>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| parse(TSV));

/// Parses the embedded table. It is part of the program, so a malformed row is a bug: panic with the
/// line (the tests parse it on every run).
fn parse(tsv: &'static str) -> Table {
    let mut rows = tsv
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    let (_, header) = rows.next().expect("countries.tsv has a header row");
    assert_eq!(header, HEADER, "countries.tsv: unexpected header row");
    let mut table = Table {
        countries: Vec::new(),
        spellings: Vec::new(),
    };
    for (index, line) in rows {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [alpha2, alpha3, name, iso_name, aliases, demonyms] = fields[..] else {
            panic!(
                "countries.tsv line {}: expected 6 tab-separated columns, found {}",
                index + 1,
                fields.len()
            );
        };
        if let Some(previous) = table.countries.last() {
            assert!(
                previous.alpha2 < alpha2,
                "countries.tsv line {}: {alpha2} is out of alpha-2 order",
                index + 1
            );
        }
        table.countries.push(Country {
            alpha2,
            alpha3,
            name,
        });
        table.spellings.push(Spellings {
            iso_name,
            aliases: list(aliases),
            demonyms: list(demonyms),
        });
    }
    // Nationality is a u8 index.
    assert!(table.countries.len() <= usize::from(u8::MAX) + 1);
    table
}

/// A `|`-separated cell.
fn list(cell: &'static str) -> Vec<&'static str> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every country and territory, in alpha-2 order.
pub fn countries() -> &'static [Country] {
    &TABLE.countries
}

/// A nationality as stored in records: an ISO alpha-2 code. It is an index into the table, which is
/// in alpha-2 order, so it is small, `Copy`, and orders by code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nationality(u8);

impl Nationality {
    /// Resolves a code (alpha-2 or alpha-3), a country name (ISO, common or former) or a nationality
    /// adjective, ignoring case, spacing, punctuation and diacritics.
    ///
    /// Codes and other spellings written in capitals in the table (VN, VNM, UK, USA) are read
    /// only in capitals, so that "No", "Is", "It", "Me", "To", "can" or "per" are never taken for
    /// Norway, Iceland, Italy, Montenegro, Tonga, Canada or Peru.
    pub fn resolve(input: &str) -> Result<Nationality, NationalityError> {
        // Most records carry a code: answer those without folding (allocating).
        if input.len() == 2
            && let Some(nationality) = Nationality::from_code(input)
        {
            return Ok(nationality);
        }
        resolve_folded(input)
    }

    /// The nationality of an alpha-2 code in capitals ("VN"); nothing else is accepted.
    pub fn from_code(alpha2: &str) -> Option<Nationality> {
        let &[a, b] = alpha2.as_bytes() else {
            return None;
        };
        if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
            return None;
        }
        let code = [a, b];
        let index = TABLE
            .countries
            .binary_search_by(|c| c.alpha2.as_bytes().cmp(&code[..]))
            .ok()?;
        Some(Nationality(index as u8))
    }

    /// Its position in the table (below 256), for tables indexed by nationality.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The nationality at `index` of the table, when there is one.
    pub fn from_index(index: usize) -> Option<Nationality> {
        (index < TABLE.countries.len()).then_some(Nationality(index as u8))
    }

    /// ISO 3166-1 alpha-2 code ("VN").
    pub fn code(self) -> &'static str {
        self.country().alpha2
    }

    /// ISO 3166-1 alpha-3 code ("VNM").
    pub fn alpha3(self) -> &'static str {
        self.country().alpha3
    }

    /// Short English name for reports ("Vietnam").
    pub fn name(self) -> &'static str {
        self.country().name
    }

    pub fn country(self) -> &'static Country {
        &TABLE.countries[usize::from(self.0)]
    }

    fn all() -> impl Iterator<Item = Nationality> {
        (0..TABLE.countries.len()).map(|i| Nationality(i as u8))
    }

    fn spellings(self) -> &'static Spellings {
        &TABLE.spellings[usize::from(self.0)]
    }
}

/// Writes the alpha-2 code, honouring width and alignment (`{:<4}`).
impl fmt::Display for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// `Nationality("VN")`: the code, not the table index.
impl fmt::Debug for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nationality").field(&self.code()).finish()
    }
}

/// Serializes as the alpha-2 code string.
impl serde::Serialize for Nationality {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// What a folded spelling names.
#[derive(Debug)]
enum Entry {
    One(Nationality),
    /// Two or more, in code order.
    Ambiguous(Vec<Nationality>),
}

/// Folded spelling → country, built once from the table: words (names, aliases, demonyms) in
/// `LOOKUP`, which any case reads, and spellings written in capitals (codes, acronyms such as UK or
/// USA) in `CAPITALS`, which only capitals read. A spelling that two rows claim becomes
/// [`Entry::Ambiguous`]: which one wins must never depend on row order.
static LOOKUP: LazyLock<HashMap<String, Entry>> = LazyLock::new(|| claims(false));
static CAPITALS: LazyLock<HashMap<String, Entry>> = LazyLock::new(|| claims(true));

/// Whether a spelling is written in capitals: "VN", "VNM", "U.S.A.", not "Lao".
fn in_capitals(spelling: &str) -> bool {
    spelling.chars().any(char::is_alphabetic)
        && spelling
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

fn claims(capitals: bool) -> HashMap<String, Entry> {
    let mut claims: HashMap<String, Vec<Nationality>> = HashMap::new();
    // Rows in code order, so each list of claimants is too.
    for nationality in Nationality::all() {
        for spelling in spellings_of(nationality) {
            if in_capitals(spelling) != capitals {
                continue;
            }
            for key in keys(spelling) {
                let claimants = claims.entry(key).or_default();
                if !claimants.contains(&nationality) {
                    claimants.push(nationality);
                }
            }
        }
    }
    claims
        .into_iter()
        .map(|(key, claimants)| match claimants[..] {
            [one] => (key, Entry::One(one)),
            _ => (key, Entry::Ambiguous(claimants)),
        })
        .collect()
}

/// Every cell of a row that names it: codes, names, aliases and demonyms.
fn spellings_of(nationality: Nationality) -> impl Iterator<Item = &'static str> {
    let country = nationality.country();
    let spellings = nationality.spellings();
    [
        country.alpha2,
        country.alpha3,
        country.name,
        spellings.iso_name,
    ]
    .into_iter()
    .chain(spellings.aliases.iter().copied())
    .chain(spellings.demonyms.iter().copied())
}

/// The lookup keys of one spelling: its folded form, plus "&" for "and" ("Trinidad & Tobago") and
/// "St" for "Saint" ("St. Lucia"), which are conventions rather than names worth a table cell.
fn keys(spelling: &str) -> Vec<String> {
    let mut keys = vec![fold(spelling)];
    if spelling.contains(" and ") {
        keys.push(fold(&spelling.replace(" and ", " & ")));
    }
    for i in 0..keys.len() {
        if let Some(rest) = keys[i].strip_prefix("saint") {
            keys.push(format!("st{rest}"));
        }
    }
    assert!(
        keys.iter().all(|k| !k.is_empty()),
        "{spelling:?} folds to nothing"
    );
    keys
}

/// The entry of `input`, with a leading word "the" ignored ("The Gambia", "the UK"). Only a word:
/// stripping "the" from the folded key would turn the Burmese name "Thein" into India.
fn lookup(input: &str, folded: &str) -> Option<&'static Entry> {
    let find = |text: &str, folded: &str| {
        let capitals = in_capitals(text).then(|| CAPITALS.get(folded)).flatten();
        capitals.or_else(|| LOOKUP.get(folded))
    };
    find(input, folded).or_else(|| {
        let (article, rest) = input.trim_start().split_once(char::is_whitespace)?;
        if !article.eq_ignore_ascii_case("the") {
            return None;
        }
        find(rest, &fold(rest))
    })
}

/// [`Nationality::resolve`] without the fast path for codes.
fn resolve_folded(input: &str) -> Result<Nationality, NationalityError> {
    if crate::text::beyond_names(input) {
        return Err(NationalityError::Unknown {
            value: input.to_owned(),
            suggestion: None,
        });
    }
    let folded = key(input).map_err(|stray| NationalityError::Stray {
        value: input.to_owned(),
        stray,
    })?;
    match lookup(input, &folded) {
        Some(Entry::One(nationality)) => Ok(*nationality),
        Some(Entry::Ambiguous(candidates)) => Err(NationalityError::Ambiguous {
            value: input.to_owned(),
            candidates: candidates.iter().map(|n| n.code()).collect(),
        }),
        None => {
            // A code in small letters: say which it would be, and why it is not read.
            if let Some(Entry::One(n)) = CAPITALS.get(&folded) {
                return Err(NationalityError::SmallCode {
                    value: input.to_owned(),
                    code: n.code(),
                });
            }
            Err(NationalityError::Unknown {
                value: input.to_owned(),
                suggestion: suggest(input),
            })
        }
    }
}

/// Folded names, aliases and demonyms that name one country, with their length in characters, for
/// suggestions. Codes and other keys shorter than 4 letters are left out: any two-letter typo is one
/// edit from some code.
static SUGGESTIONS: LazyLock<Vec<(&'static str, usize)>> = LazyLock::new(|| {
    let mut keys: Vec<(&'static str, usize)> = LOOKUP
        .iter()
        .filter(|(_, entry)| matches!(entry, Entry::One(_)))
        .map(|(key, _)| (key.as_str(), key.chars().count()))
        .filter(|&(_, len)| len >= 4)
        .collect();
    keys.sort_unstable();
    keys
});

/// The alpha-2 code of the country whose spelling is nearest to `input`, when one is near enough.
fn suggest(input: &str) -> Option<&'static str> {
    // `nearest` accepts at most max(len / 3, 1) edits, and a key whose length differs by more than
    // that is further away, so only keys of about the input's length are worth its time: an error
    // then costs microseconds, not a pass over the whole table.
    let len = fold(input).chars().count();
    let slack = len / 3 + 1;
    let candidates = SUGGESTIONS
        .iter()
        .filter(|&&(_, n)| n.abs_diff(len) <= slack)
        .map(|&(key, _)| key);
    // The keys are folded already, and folding is idempotent, so `nearest` compares like with like.
    let key = nearest(input, candidates)?;
    match LOOKUP.get(key)? {
        Entry::One(nationality) => Some(nationality.code()),
        Entry::Ambiguous(_) => None,
    }
}

/// A value that names no nationality, or more than one. Records and `--nationality` word it the
/// same way: the value, then [`NationalityError::reason`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", quote(self.value()), self.reason())]
pub enum NationalityError {
    Unknown {
        value: String,
        /// Alpha-2 code of the nearest spelling, when one is close.
        suggestion: Option<&'static str>,
    },
    Ambiguous {
        value: String,
        /// Alpha-2 codes, in code order.
        candidates: Vec<&'static str>,
    },
    /// A code written in small letters ("vn"), which is not read as a code.
    SmallCode { value: String, code: &'static str },
    /// A character no spelling has.
    Stray { value: String, stray: Stray },
}

impl NationalityError {
    pub fn value(&self) -> &str {
        match self {
            NationalityError::Unknown { value, .. }
            | NationalityError::Ambiguous { value, .. }
            | NationalityError::SmallCode { value, .. }
            | NationalityError::Stray { value, .. } => value,
        }
    }

    /// What is wrong, without the value: the reason of a record's problem.
    pub fn reason(&self) -> String {
        match self {
            NationalityError::Unknown { suggestion: Some(code), value } => format!(
                "not a known nationality; did you mean {}?{}",
                code_and_name(code),
                crate::text::lookalike(value)
            ),
            NationalityError::Unknown { suggestion: None, .. } => "not a known nationality: expected an ISO 3166 code in capitals (VN, VNM), a country name (Viet Nam) or an adjective (Vietnamese)".to_owned(),
            NationalityError::Ambiguous { candidates, .. } => format!(
                "ambiguous nationality: it could be {}; write the country code instead",
                either(candidates)
            ),
            NationalityError::SmallCode { code, .. } => format!(
                "not a known nationality: codes are read in capitals only ({} would be {}), so that words such as \"No\" or \"Is\" are never taken for a country",
                code,
                Nationality::from_code(code).map_or(*code, Nationality::name)
            ),
            NationalityError::Stray { stray, .. } => {
                format!("not a known nationality: the value {stray}")
            }
        }
    }

    pub fn code(&self) -> Code {
        match self {
            NationalityError::Ambiguous { .. } => Code::AmbiguousNationality,
            NationalityError::Stray { .. } => Code::UnexpectedCharacter,
            NationalityError::Unknown { .. } | NationalityError::SmallCode { .. } => {
                Code::UnknownNationality
            }
        }
    }
}

/// "KP North Korea or KR South Korea", "GN Guinea, GQ Equatorial Guinea or GW Guinea-Bissau".
fn either(codes: &[&'static str]) -> String {
    let named: Vec<String> = codes.iter().map(|&code| code_and_name(code)).collect();
    match named.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => named.concat(),
    }
}

fn code_and_name(code: &str) -> String {
    match Nationality::from_code(code) {
        Some(nationality) => format!("{code} {}", nationality.name()),
        None => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(input: &str) -> Result<&'static str, NationalityError> {
        Nationality::resolve(input).map(Nationality::code)
    }

    fn code(code: &str) -> Nationality {
        Nationality::from_code(code).unwrap_or_else(|| panic!("no country {code}"))
    }

    /// Every spelling that two rows share, with its claimants. Extend it only on purpose, and say
    /// why in the module documentation.
    const AMBIGUOUS: &[(&str, &[&str])] = &[
        ("congo", &["CD", "CG"]),
        ("congolese", &["CD", "CG"]),
        ("dominican", &["DM", "DO"]),
        ("guinean", &["GN", "GQ", "GW"]),
        ("korea", &["KP", "KR"]),
        ("korean", &["KP", "KR"]),
        ("saintmartin", &["MF", "SX"]),
        ("samoan", &["AS", "WS"]),
        ("stmartin", &["MF", "SX"]),
        ("virginislander", &["VG", "VI"]),
        ("virginislands", &["VG", "VI"]),
    ];

    #[test]
    fn the_table_has_every_iso_3166_country_and_kosovo() {
        // 249 ISO 3166-1 entries, and XK.
        assert_eq!(countries().len(), 250);
        assert_eq!(Nationality::all().count(), 250);
        assert!(countries().iter().any(|c| c.alpha2 == "XK"));
        assert_eq!(code("KH").country().name, "Cambodia");
    }

    #[test]
    fn codes_are_well_formed_unique_and_in_order() {
        let mut alpha3: Vec<&str> = Vec::new();
        for (i, c) in countries().iter().enumerate() {
            let upper = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_uppercase());
            assert!(upper(c.alpha2, 2), "{c:?}");
            assert!(upper(c.alpha3, 3), "{c:?}");
            assert!(!c.name.is_empty(), "{c:?}");
            if i > 0 {
                assert!(countries()[i - 1].alpha2 < c.alpha2, "{c:?} out of order");
            }
            alpha3.push(c.alpha3);
        }
        alpha3.sort_unstable();
        let before = alpha3.len();
        alpha3.dedup();
        assert_eq!(alpha3.len(), before, "an alpha-3 code appears twice");
        let mut names: Vec<&str> = countries().iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            countries().len(),
            "a display name appears twice"
        );
    }

    #[test]
    fn every_spelling_in_the_table_resolves_to_its_own_row() {
        for nationality in Nationality::all() {
            for spelling in spellings_of(nationality) {
                let shouted = spelling.to_uppercase();
                // Spellings in capitals (codes, acronyms) are read only so.
                let spaced = if in_capitals(spelling) {
                    format!("  {spelling}  ")
                } else {
                    format!("  {}  ", spelling.to_lowercase())
                };
                for input in [spelling, &shouted, &spaced] {
                    match Nationality::resolve(input) {
                        Ok(found) => assert_eq!(found, nationality, "{input:?}"),
                        Err(NationalityError::Ambiguous { candidates, .. }) => {
                            assert!(candidates.contains(&nationality.code()), "{input:?}")
                        }
                        Err(err) => panic!("{input:?} of {nationality}: {err}"),
                    }
                }
            }
        }
    }

    #[test]
    fn codes_and_display_names_are_never_ambiguous() {
        for nationality in Nationality::all() {
            let c = nationality.country();
            for input in [c.alpha2, c.alpha3, c.name] {
                assert_eq!(Nationality::resolve(input), Ok(nationality), "{input:?}");
            }
            // Codes in small letters are refused, naming the code they would be.
            for input in [c.alpha2.to_lowercase(), c.alpha3.to_lowercase()] {
                match Nationality::resolve(&input) {
                    Err(NationalityError::SmallCode { code, .. }) => assert_eq!(code, c.alpha2),
                    // Unless the small letters spell a word of the table ("lao" is Lao).
                    Ok(found) => assert_eq!(found, nationality, "{input:?}"),
                    Err(e) => panic!("{input:?}: {e}"),
                }
            }
            // "Congo" is the ISO short name of CG, and ambiguous on purpose.
            let iso_name = nationality.spellings().iso_name;
            if c.alpha2 != "CG" {
                assert_eq!(
                    Nationality::resolve(iso_name),
                    Ok(nationality),
                    "{iso_name}"
                );
            }
        }
    }

    #[test]
    fn the_ambiguous_spellings_are_exactly_the_documented_ones() {
        let mut found: Vec<(&str, Vec<&str>)> = LOOKUP
            .iter()
            .filter_map(|(key, entry)| match entry {
                Entry::Ambiguous(claimants) => {
                    Some((key.as_str(), claimants.iter().map(|n| n.code()).collect()))
                }
                Entry::One(_) => None,
            })
            .collect();
        found.sort();
        let expected: Vec<(&str, Vec<&str>)> = AMBIGUOUS
            .iter()
            .map(|&(key, codes)| (key, codes.to_vec()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn every_inhabited_country_has_a_demonym() {
        let without: Vec<&str> = Nationality::all()
            .filter(|n| n.spellings().demonyms.is_empty())
            .map(Nationality::code)
            .collect();
        assert_eq!(without, ["AQ", "BV", "GS", "HM", "SJ", "TF", "UM"]);
    }

    #[test]
    fn the_fast_path_for_codes_agrees_with_the_lookup() {
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                for input in [[a, b], [a.to_ascii_lowercase(), b]] {
                    let input = std::str::from_utf8(&input).unwrap();
                    assert_eq!(
                        Nationality::resolve(input),
                        resolve_folded(input),
                        "{input}"
                    );
                }
            }
        }
        assert_eq!(resolve("UK"), Ok("GB"));
        assert_eq!(Nationality::from_code("UK"), None);
        assert_eq!(Nationality::from_code("vn"), None);
        assert_eq!(Nationality::from_code("VNM"), None);
        assert_eq!(Nationality::from_code("Viet Nam"), None);
        assert_eq!(Nationality::from_code(""), None);
        assert_eq!(Nationality::from_code("V"), None);
        assert_eq!(Nationality::from_code("é"), None);
    }

    #[test]
    fn the_spellings_found_in_records_resolve() {
        let cases = [
            // The nationalities of the data, in every form.
            ("VN", "VN"),
            ("VNM", "VN"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("VIET NAM", "VN"),
            ("viet-nam", "VN"),
            ("Việt Nam", "VN"),
            ("Socialist Republic of Viet Nam", "VN"),
            ("Vietnamese", "VN"),
            ("VIETNAMESE", "VN"),
            (" vietnamese ", "VN"),
            ("CN", "CN"),
            ("CHN", "CN"),
            ("China", "CN"),
            ("CHINA", "CN"),
            ("People's Republic of China", "CN"),
            ("Peoples Republic of China", "CN"),
            ("PRC", "CN"),
            ("Chinese", "CN"),
            ("chinese.", "CN"),
            ("Mainland China", "CN"),
            ("MM", "MM"),
            ("Myanmar", "MM"),
            ("MYANMAR", "MM"),
            ("Burma", "MM"),
            ("Republic of the Union of Myanmar", "MM"),
            ("Burmese", "MM"),
            ("burmese ", "MM"),
            ("Myanmarese", "MM"),
            ("KR", "KR"),
            ("South Korea", "KR"),
            ("south-korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("ROK", "KR"),
            ("S. Korea", "KR"),
            ("Korea (South)", "KR"),
            ("South Korean", "KR"),
            ("SOUTH KOREAN", "KR"),
            ("MY", "MY"),
            ("MYS", "MY"),
            ("Malaysia", "MY"),
            ("MALAYSIA", "MY"),
            ("Malaysian", "MY"),
            ("malaysian  ", "MY"),
            ("NP", "NP"),
            ("NPL", "NP"),
            ("Nepal", "NP"),
            ("Federal Democratic Republic of Nepal", "NP"),
            ("Nepali", "NP"),
            ("Nepalese", "NP"),
            ("NEPALESE", "NP"),
            ("BD", "BD"),
            ("Bangladesh", "BD"),
            ("People's Republic of Bangladesh", "BD"),
            ("Bangladeshi", "BD"),
            ("bangla-deshi", "BD"),
            ("IN", "IN"),
            ("IND", "IN"),
            ("India", "IN"),
            ("Republic of India", "IN"),
            ("Indian", "IN"),
            ("INDIAN", "IN"),
            ("LK", "LK"),
            ("LKA", "LK"),
            ("Sri Lanka", "LK"),
            ("SriLanka", "LK"),
            ("Democratic Socialist Republic of Sri Lanka", "LK"),
            ("Ceylon", "LK"),
            ("Sri Lankan", "LK"),
            ("sri-lankan", "LK"),
            ("PH", "PH"),
            ("PHL", "PH"),
            ("Philippines", "PH"),
            ("The Philippines", "PH"),
            ("Republic of the Philippines", "PH"),
            ("Filipino", "PH"),
            ("Filipina", "PH"),
            ("Philippine", "PH"),
            ("PHILIPPINE", "PH"),
            ("ID", "ID"),
            ("Indonesia", "ID"),
            ("Republic of Indonesia", "ID"),
            ("Indonesian", "ID"),
            ("PK", "PK"),
            ("PAK", "PK"),
            ("Pakistan", "PK"),
            ("Islamic Republic of Pakistan", "PK"),
            ("Pakistani", "PK"),
            ("SG", "SG"),
            ("SGP", "SG"),
            ("Singapore", "SG"),
            ("Republic of Singapore", "SG"),
            ("Singaporean", "SG"),
            ("KH", "KH"),
            ("KHM", "KH"),
            ("Cambodia", "KH"),
            ("Kingdom of Cambodia", "KH"),
            ("Kampuchea", "KH"),
            ("Cambodian", "KH"),
            ("Khmer", "KH"),
            ("KHMER", "KH"),
            // Taiwan, Hong Kong and Macao are not China.
            ("TW", "TW"),
            ("TWN", "TW"),
            ("Taiwan", "TW"),
            ("Taiwan, Province of China", "TW"),
            ("Republic of China", "TW"),
            ("Chinese Taipei", "TW"),
            ("Taiwanese", "TW"),
            ("HK", "HK"),
            ("HKG", "HK"),
            ("Hong Kong", "HK"),
            ("Hongkong", "HK"),
            ("Hong Kong SAR", "HK"),
            ("Hong Konger", "HK"),
            ("Hongkonger", "HK"),
            ("MO", "MO"),
            ("MAC", "MO"),
            ("Macao", "MO"),
            ("Macau", "MO"),
            ("Macanese", "MO"),
            // ISO short names.
            ("Iran, Islamic Republic of", "IR"),
            ("Lao People's Democratic Republic", "LA"),
            ("Korea, Democratic People's Republic of", "KP"),
            ("Moldova, Republic of", "MD"),
            ("Tanzania, United Republic of", "TZ"),
            ("Venezuela, Bolivarian Republic of", "VE"),
            ("Bolivia, Plurinational State of", "BO"),
            ("Micronesia, Federated States of", "FM"),
            ("Palestine, State of", "PS"),
            ("Syrian Arab Republic", "SY"),
            ("Russian Federation", "RU"),
            ("Brunei Darussalam", "BN"),
            ("Congo, The Democratic Republic of the", "CD"),
            ("Congo, Democratic Republic of the", "CD"),
            ("Virgin Islands, British", "VG"),
            ("Virgin Islands, U.S.", "VI"),
            ("Holy See (Vatican City State)", "VA"),
            ("Falkland Islands (Malvinas)", "FK"),
            ("Saint Martin (French part)", "MF"),
            ("Sint Maarten (Dutch part)", "SX"),
            ("Bonaire, Sint Eustatius and Saba", "BQ"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("United States of America", "US"),
            ("Netherlands, Kingdom of the", "NL"),
            // Common, former and formal names.
            ("North Korea", "KP"),
            ("DPRK", "KP"),
            ("Laos", "LA"),
            ("Lao PDR", "LA"),
            ("Iran", "IR"),
            ("Persia", "IR"),
            ("Russia", "RU"),
            ("Czech Republic", "CZ"),
            ("Czechia", "CZ"),
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d'Ivoire", "CI"),
            ("Côte d’Ivoire", "CI"),
            ("COTE DIVOIRE", "CI"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("Turkiye", "TR"),
            ("UK", "GB"),
            ("U.K.", "GB"),
            ("Britain", "GB"),
            ("Great Britain", "GB"),
            ("England", "GB"),
            ("Northern Ireland", "GB"),
            ("United States", "US"),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("U.S.", "US"),
            ("East Timor", "TL"),
            ("Timor-Leste", "TL"),
            ("Holland", "NL"),
            ("The Netherlands", "NL"),
            ("Swaziland", "SZ"),
            ("Eswatini", "SZ"),
            ("Cape Verde", "CV"),
            ("Cabo Verde", "CV"),
            ("Siam", "TH"),
            ("Zaire", "CD"),
            ("Upper Volta", "BF"),
            ("Macedonia", "MK"),
            ("North Macedonia", "MK"),
            ("Vatican", "VA"),
            ("Holy See", "VA"),
            ("UAE", "AE"),
            ("United Arab Emirates", "AE"),
            ("Democratic Republic of the Congo", "CD"),
            ("DR Congo", "CD"),
            ("DRC", "CD"),
            ("Congo-Kinshasa", "CD"),
            ("Congo-Brazzaville", "CG"),
            ("Republic of the Congo", "CG"),
            ("Dominica", "DM"),
            ("Dominican Republic", "DO"),
            ("Samoa", "WS"),
            ("American Samoa", "AS"),
            ("British Virgin Islands", "VG"),
            ("US Virgin Islands", "VI"),
            ("U.S. Virgin Islands", "VI"),
            ("Guinea", "GN"),
            ("Guinea-Bissau", "GW"),
            ("Guinea Bissau", "GW"),
            ("Equatorial Guinea", "GQ"),
            ("Papua New Guinea", "PG"),
            ("Niger", "NE"),
            ("Nigeria", "NG"),
            ("Sudan", "SD"),
            ("South Sudan", "SS"),
            ("Ireland", "IE"),
            ("Republic of Ireland", "IE"),
            ("Éire", "IE"),
            ("Saint Lucia", "LC"),
            ("St. Lucia", "LC"),
            ("St Kitts & Nevis", "KN"),
            ("Saint Kitts and Nevis", "KN"),
            ("Trinidad & Tobago", "TT"),
            ("Bosnia & Herzegovina", "BA"),
            ("St. Vincent and the Grenadines", "VC"),
            ("St Vincent & the Grenadines", "VC"),
            ("Sint Maarten", "SX"),
            ("Curacao", "CW"),
            ("Curaçao", "CW"),
            ("Reunion", "RE"),
            ("Réunion", "RE"),
            ("Aland Islands", "AX"),
            ("Åland", "AX"),
            ("Sao Tome and Principe", "ST"),
            ("São Tomé & Príncipe", "ST"),
            ("The Gambia", "GM"),
            ("The Bahamas", "BS"),
            ("the UK", "GB"),
            ("THE  UNITED STATES", "US"),
            ("Western Sahara", "EH"),
            ("Kosovo", "XK"),
            ("XK", "XK"),
            ("XKX", "XK"),
            // Demonyms.
            ("Thai", "TH"),
            ("Lao", "LA"),
            ("Laotian", "LA"),
            ("Japanese", "JP"),
            ("American", "US"),
            ("British", "GB"),
            ("English", "GB"),
            ("Scottish", "GB"),
            ("Welsh", "GB"),
            ("Northern Irish", "GB"),
            ("Irish", "IE"),
            ("Emirati", "AE"),
            ("Kyrgyz", "KG"),
            ("Uzbek", "UZ"),
            ("Kazakh", "KZ"),
            ("Tajik", "TJ"),
            ("Turkmen", "TM"),
            ("North Korean", "KP"),
            ("Mongolian", "MN"),
            ("Bhutanese", "BT"),
            ("Maldivian", "MV"),
            ("Bruneian", "BN"),
            ("Timorese", "TL"),
            ("East Timorese", "TL"),
            ("Afghan", "AF"),
            ("Iranian", "IR"),
            ("Iraqi", "IQ"),
            ("Syrian", "SY"),
            ("Lebanese", "LB"),
            ("Jordanian", "JO"),
            ("Israeli", "IL"),
            ("Palestinian", "PS"),
            ("Saudi", "SA"),
            ("Yemeni", "YE"),
            ("Omani", "OM"),
            ("Qatari", "QA"),
            ("Bahraini", "BH"),
            ("Kuwaiti", "KW"),
            ("Turkish", "TR"),
            ("Russian", "RU"),
            ("Ukrainian", "UA"),
            ("Belarusian", "BY"),
            ("Georgian", "GE"),
            ("Armenian", "AM"),
            ("Azerbaijani", "AZ"),
            ("Azeri", "AZ"),
            ("Cypriot", "CY"),
            ("German", "DE"),
            ("French", "FR"),
            ("Italian", "IT"),
            ("Spanish", "ES"),
            ("Portuguese", "PT"),
            ("Dutch", "NL"),
            ("Belgian", "BE"),
            ("Luxembourger", "LU"),
            ("Swiss", "CH"),
            ("Austrian", "AT"),
            ("Australian", "AU"),
            ("Swedish", "SE"),
            ("Norwegian", "NO"),
            ("Danish", "DK"),
            ("Finnish", "FI"),
            ("Icelandic", "IS"),
            ("Estonian", "EE"),
            ("Latvian", "LV"),
            ("Lithuanian", "LT"),
            ("Polish", "PL"),
            ("Czech", "CZ"),
            ("Slovak", "SK"),
            ("Slovenian", "SI"),
            ("Hungarian", "HU"),
            ("Romanian", "RO"),
            ("Moldovan", "MD"),
            ("Bulgarian", "BG"),
            ("Greek", "GR"),
            ("Serbian", "RS"),
            ("Croatian", "HR"),
            ("Bosnian", "BA"),
            ("Montenegrin", "ME"),
            ("Albanian", "AL"),
            ("Macedonian", "MK"),
            ("Kosovar", "XK"),
            ("Maltese", "MT"),
            ("Monegasque", "MC"),
            ("Monégasque", "MC"),
            ("Liechtensteiner", "LI"),
            ("Andorran", "AD"),
            ("Sammarinese", "SM"),
            ("Egyptian", "EG"),
            ("Libyan", "LY"),
            ("Tunisian", "TN"),
            ("Algerian", "DZ"),
            ("Moroccan", "MA"),
            ("Nigerian", "NG"),
            ("Nigerien", "NE"),
            ("Ghanaian", "GH"),
            ("Kenyan", "KE"),
            ("Ugandan", "UG"),
            ("Tanzanian", "TZ"),
            ("Ethiopian", "ET"),
            ("Eritrean", "ER"),
            ("Somali", "SO"),
            ("Sudanese", "SD"),
            ("South Sudanese", "SS"),
            ("South African", "ZA"),
            ("Zimbabwean", "ZW"),
            ("Zambian", "ZM"),
            ("Malawian", "MW"),
            ("Mozambican", "MZ"),
            ("Angolan", "AO"),
            ("Cameroonian", "CM"),
            ("Senegalese", "SN"),
            ("Malian", "ML"),
            ("Ivorian", "CI"),
            ("Burkinabe", "BF"),
            ("Burkinabè", "BF"),
            ("Beninese", "BJ"),
            ("Togolese", "TG"),
            ("Gabonese", "GA"),
            ("Rwandan", "RW"),
            ("Burundian", "BI"),
            ("Bissau-Guinean", "GW"),
            ("Equatorial Guinean", "GQ"),
            ("Equatoguinean", "GQ"),
            ("Papua New Guinean", "PG"),
            ("Malagasy", "MG"),
            ("Mauritian", "MU"),
            ("Mauritanian", "MR"),
            ("Seychellois", "SC"),
            ("Cape Verdean", "CV"),
            ("Motswana", "BW"),
            ("Basotho", "LS"),
            ("Swazi", "SZ"),
            ("Namibian", "NA"),
            ("Sahrawi", "EH"),
            ("Mexican", "MX"),
            ("Canadian", "CA"),
            ("Brazilian", "BR"),
            ("Argentine", "AR"),
            ("Argentinian", "AR"),
            ("Chilean", "CL"),
            ("Peruvian", "PE"),
            ("Colombian", "CO"),
            ("Venezuelan", "VE"),
            ("Ecuadorian", "EC"),
            ("Bolivian", "BO"),
            ("Paraguayan", "PY"),
            ("Uruguayan", "UY"),
            ("Cuban", "CU"),
            ("Haitian", "HT"),
            ("Jamaican", "JM"),
            ("Puerto Rican", "PR"),
            ("Salvadoran", "SV"),
            ("Guatemalan", "GT"),
            ("Honduran", "HN"),
            ("Nicaraguan", "NI"),
            ("Costa Rican", "CR"),
            ("Panamanian", "PA"),
            ("Trinidadian", "TT"),
            ("Barbadian", "BB"),
            ("Bahamian", "BS"),
            ("Guyanese", "GY"),
            ("Surinamese", "SR"),
            ("New Zealander", "NZ"),
            ("Kiwi", "NZ"),
            ("Fijian", "FJ"),
            ("Tongan", "TO"),
            ("Ni-Vanuatu", "VU"),
            ("I-Kiribati", "KI"),
            ("Solomon Islander", "SB"),
            ("Palauan", "PW"),
            ("Marshallese", "MH"),
            ("Micronesian", "FM"),
            ("American Samoan", "AS"),
            ("British Virgin Islander", "VG"),
            ("Greenlandic", "GL"),
            ("Faroese", "FO"),
            ("Manx", "IM"),
        ];
        assert!(cases.len() >= 400, "{}", cases.len());
        for (input, expected) in cases {
            assert_eq!(resolve(input), Ok(expected), "{input:?}");
        }
    }

    #[test]
    fn taiwan_hong_kong_and_macao_are_not_china() {
        let china = Nationality::resolve("China").unwrap();
        for input in [
            "Taiwan",
            "Taiwanese",
            "Hong Kong",
            "Hong Konger",
            "Macao",
            "Macanese",
        ] {
            assert_ne!(Nationality::resolve(input), Ok(china), "{input}");
        }
        let codes: Vec<&str> = ["CN", "TW", "HK", "MO"].map(|c| code(c).code()).to_vec();
        assert_eq!(codes, ["CN", "TW", "HK", "MO"]);
        assert_eq!(code("TW").name(), "Taiwan");
        assert_ne!(code("TW").alpha3(), code("CN").alpha3());
    }

    #[test]
    fn ambiguous_values_name_their_candidates() {
        let cases: [(&str, &[&str]); 13] = [
            ("Korean", &["KP", "KR"]),
            ("Korea", &["KP", "KR"]),
            ("Congolese", &["CD", "CG"]),
            ("Congo", &["CD", "CG"]),
            ("the Congo", &["CD", "CG"]),
            ("Guinean", &["GN", "GQ", "GW"]),
            ("Dominican", &["DM", "DO"]),
            ("Samoan", &["AS", "WS"]),
            ("Virgin Islands", &["VG", "VI"]),
            ("Virgin Islander", &["VG", "VI"]),
            ("Saint Martin", &["MF", "SX"]),
            ("St. Martin", &["MF", "SX"]),
            ("KOREAN", &["KP", "KR"]),
        ];
        for (input, candidates) in cases {
            let expected = NationalityError::Ambiguous {
                value: input.to_owned(),
                candidates: candidates.to_vec(),
            };
            assert_eq!(Nationality::resolve(input), Err(expected), "{input}");
        }
        let message = |input| Nationality::resolve(input).unwrap_err().to_string();
        assert_eq!(
            message("Korean"),
            "\"Korean\": ambiguous nationality: it could be KP North Korea or KR South Korea; \
             write the country code instead"
        );
        assert_eq!(
            message("Guinean"),
            "\"Guinean\": ambiguous nationality: it could be GN Guinea, GQ Equatorial Guinea or \
             GW Guinea-Bissau; write the country code instead"
        );
    }

    #[test]
    fn unknown_values_are_refused_with_a_suggestion_when_one_is_near() {
        let cases = [
            ("Chinesse", Some("CN")),
            ("Vietnamesse", Some("VN")),
            ("Phillipines", Some("PH")),
            ("Cambodain", Some("KH")),
            ("Bangladeshy", Some("BD")),
            ("Singaporian", Some("SG")),
            ("America", Some("US")),
            ("Klingon", None),
            // Not "the" + IN or ME: "the" is ignored only as a word of its own.
            ("Thein", None),
            ("Theme", None),
            ("Malay", None),
            ("Rohingya", None),
            ("Stateless", None),
            ("ZZ", None),
            ("", None),
        ];
        for (input, suggestion) in cases {
            let expected = NationalityError::Unknown {
                value: input.to_owned(),
                suggestion,
            };
            assert_eq!(Nationality::resolve(input), Err(expected), "{input}");
        }
        for input in ["Arab", "Tamil", "Kurdish", "Bengali", "Tibetan"] {
            let result = Nationality::resolve(input);
            assert!(
                matches!(result, Err(NationalityError::Unknown { .. })),
                "{input}: {result:?}"
            );
        }
        let message = |input| Nationality::resolve(input).unwrap_err().to_string();
        assert_eq!(
            message("Chinesse"),
            "\"Chinesse\": not a known nationality; did you mean CN China?"
        );
        assert_eq!(
            message("Klingon"),
            "\"Klingon\": not a known nationality: expected an ISO 3166 code in capitals (VN, \
             VNM), a country name (Viet Nam) or an adjective (Vietnamese)"
        );
        // Noise is never dropped to make a name: each of these is refused for its character.
        for (input, stray) in [
            ("C\0N", '\0'),
            ("C,N", ','),
            ("-VN-", '-'),
            ("??CN??", '?'),
            ("=VN", '='),
            ("-", '-'),
        ] {
            assert_eq!(
                Nationality::resolve(input),
                Err(NationalityError::Stray {
                    value: input.to_owned(),
                    stray: Stray(stray)
                }),
                "{input:?}"
            );
        }
        // Two-letter words are not codes.
        for word in ["No", "Is", "It", "Me", "To", "no", "can", "Per", "and"] {
            assert!(Nationality::resolve(word).is_err(), "{word}");
        }
    }

    #[test]
    fn a_nationality_shows_orders_and_serializes_as_its_code() {
        let vn = code("VN");
        assert_eq!(vn.code(), "VN");
        assert_eq!(vn.alpha3(), "VNM");
        assert_eq!(vn.name(), "Vietnam");
        assert_eq!(
            vn.country(),
            &Country {
                alpha2: "VN",
                alpha3: "VNM",
                name: "Vietnam"
            }
        );
        assert_eq!(vn.to_string(), "VN");
        assert_eq!(format!("[{vn:<4}]"), "[VN  ]");
        assert_eq!(format!("{vn:?}"), "Nationality(\"VN\")");
        assert_eq!(serde_json::to_string(&vn).unwrap(), "\"VN\"");
        let mut sorted = ["VN", "CN", "KH", "MM", "KR"].map(code);
        sorted.sort();
        assert_eq!(
            sorted.map(Nationality::code),
            ["CN", "KH", "KR", "MM", "VN"]
        );
        let names: Vec<&str> = ["CN", "KR", "KP", "MM", "LA", "TW", "US", "GB"]
            .map(|c| code(c).name())
            .to_vec();
        assert_eq!(
            names,
            [
                "China",
                "South Korea",
                "North Korea",
                "Myanmar",
                "Laos",
                "Taiwan",
                "United States",
                "United Kingdom"
            ]
        );
    }
}

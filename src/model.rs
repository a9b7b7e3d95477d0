//! The typed records: one inspection of a premises, one person detained, one defendant in one
//! court case. Field names are the CSV header names and the JSON keys.

use chrono::NaiveDate;
use serde::Serialize;

use crate::gazetteer::Place;
use crate::nationality::Nationality;

/// The three kinds of record a dataset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Inspections,
    Arrests,
    Prosecutions,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Inspections, Kind::Arrests, Kind::Prosecutions];

    /// The plural name, which is also the file stem in a dataset directory.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Inspections => "inspections",
            Kind::Arrests => "arrests",
            Kind::Prosecutions => "prosecutions",
        }
    }

    /// The singular name: one "arrest".
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Inspections => "inspection",
            Kind::Arrests => "arrest",
            Kind::Prosecutions => "prosecution",
        }
    }

    /// "arrest row", "arrest rows": how messages count rows of this kind.
    pub fn row_words(self) -> (&'static str, &'static str) {
        match self {
            Kind::Inspections => ("inspection row", "inspection rows"),
            Kind::Arrests => ("arrest row", "arrest rows"),
            Kind::Prosecutions => ("prosecution row", "prosecution rows"),
        }
    }

    /// The columns of this kind: name and whether a value is required.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Inspections => INSPECTION_FIELDS,
            Kind::Arrests => ARREST_FIELDS,
            Kind::Prosecutions => PROSECUTION_FIELDS,
        }
    }
}

/// One value per kind of record, read and written by [`Kind`] (never by a literal index).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerKind<T>([T; 3]);

impl<T> std::ops::Index<Kind> for PerKind<T> {
    type Output = T;
    fn index(&self, kind: Kind) -> &T {
        &self.0[kind as usize]
    }
}

impl<T> std::ops::IndexMut<Kind> for PerKind<T> {
    fn index_mut(&mut self, kind: Kind) -> &mut T {
        &mut self.0[kind as usize]
    }
}

/// One column of a record kind.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// A required column must be present in the header, unless one of the columns `or` names is.
    pub required: bool,
    pub or: &'static [&'static str],
    /// Whether a cell of it may be empty or say "not recorded" (`N/A`, `unknown`, ...). Optional
    /// columns may always; of the required ones, only a nationality may.
    pub may_be_missing: bool,
    /// What its cells hold, as `crackdown schema` describes it.
    pub holds: Holds,
}

/// What the cells of a field hold, in the form crackdown writes them (it reads more forms: any
/// spelling of a Khan, names and adjectives of nationalities, several date forms).
#[derive(Debug, Clone, Copy)]
pub enum Holds {
    /// The record's id: unique among the records of its kind.
    Id,
    /// An id shared by several records (a case, an operation).
    Key,
    /// The id of a record of another kind, which must exist.
    Reference(Kind),
    /// A date, YYYY-MM-DD.
    Date,
    /// One of the 14 Khans, by its gazetteer name.
    Khan,
    /// A province of Cambodia, by its ISO 3166-2 code.
    Province,
    /// A district, municipality or Khan of Cambodia, by its 4-digit geocode.
    District,
    /// An ISO 3166-1 alpha-2 code.
    Nationality,
    /// A whole number, 0 or more.
    Count,
    /// One of a closed set of words.
    Words(fn() -> Vec<&'static str>),
    /// Free text.
    Text,
}

/// The words of a vocabulary, for [`Holds::Words`].
fn words<V: Vocabulary>() -> Vec<&'static str> {
    V::NAMES.iter().map(|(name, _)| *name).collect()
}

const fn req(name: &'static str, holds: Holds) -> Field {
    Field {
        name,
        required: true,
        or: &[],
        may_be_missing: false,
        holds,
    }
}
const fn opt(name: &'static str, holds: Holds) -> Field {
    Field {
        name,
        required: false,
        or: &[],
        may_be_missing: true,
        holds,
    }
}

/// Where a record took place: a Khan of Phnom Penh, or a district and province of Cambodia. A
/// file needs one of the three columns; a row, a value in one of them.
const KHAN: Field = Field {
    name: "khan",
    required: true,
    or: &["district", "province"],
    may_be_missing: true,
    holds: Holds::Khan,
};

/// The position of the field called `name` in `fields`; usable in constants, where a name that
/// is not there stops the build.
pub const fn field_index(fields: &[Field], name: &str) -> usize {
    let mut i = 0;
    while i < fields.len() {
        let (a, b) = (fields[i].name.as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("no such field")
}

pub const INSPECTION_FIELDS: &[Field] = &[
    req("inspection_id", Holds::Id),
    req("date", Holds::Date),
    KHAN,
    req("premises_type", Holds::Words(words::<PremisesType>)),
    opt("premises_name", Holds::Text),
    req("foreigners_identified", Holds::Count),
    req("women_identified", Holds::Count),
    opt("operation_id", Holds::Key),
    opt("source", Holds::Text),
    opt("notes", Holds::Text),
    opt("province", Holds::Province),
    opt("district", Holds::District),
];

pub const ARREST_FIELDS: &[Field] = &[
    req("arrest_id", Holds::Id),
    req("date", Holds::Date),
    KHAN,
    // A column every file must have; a cell may say "not recorded".
    Field {
        name: "nationality",
        required: true,
        or: &[],
        may_be_missing: true,
        holds: Holds::Nationality,
    },
    opt("sex", Holds::Words(words::<Sex>)),
    opt("operation_id", Holds::Key),
    opt("inspection_id", Holds::Reference(Kind::Inspections)),
    opt("source", Holds::Text),
    opt("notes", Holds::Text),
    opt("province", Holds::Province),
    opt("district", Holds::District),
];

pub const PROSECUTION_FIELDS: &[Field] = &[
    req("case_id", Holds::Key),
    // Unique among the defendants: the id of a prosecution record.
    req("defendant_id", Holds::Id),
    opt("arrest_id", Holds::Reference(Kind::Arrests)),
    Field {
        name: "nationality",
        required: true,
        or: &[],
        may_be_missing: true,
        holds: Holds::Nationality,
    },
    req("role", Holds::Words(words::<Role>)),
    req("filed", Holds::Date),
    req("status", Holds::Words(words::<Status>)),
    opt("charge", Holds::Text),
    opt("source", Holds::Text),
    opt("notes", Holds::Text),
];

/// A closed set of lower-case words, read case-insensitively.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Each value with its name, in the order error messages list them.
    const NAMES: &'static [(&'static str, Self)];
    /// Other words accepted for a value (abbreviations).
    const ALIASES: &'static [(&'static str, Self)] = &[];

    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::NAMES
            .iter()
            .chain(Self::ALIASES)
            .find(|(w, _)| w.eq_ignore_ascii_case(s))
            .map(|&(_, v)| v)
    }

    /// The allowed values, for error messages: "condominium, apartment, borey, hotel or other".
    fn expected() -> String {
        let names: Vec<&str> = Self::NAMES.iter().map(|(w, _)| *w).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? } $(aliases { $($alias:literal => $avariant:ident),* })?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl Vocabulary for $name {
            const NAMES: &'static [(&'static str, Self)] = &[$(($word, $name::$variant)),+];
            $(const ALIASES: &'static [(&'static str, Self)] = &[$(($alias, $name::$avariant)),*];)?
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in records and outputs.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }
    };
}

vocabulary!(
    /// What kind of premises was inspected.
    PremisesType { Condominium = "condominium", Apartment = "apartment", Borey = "borey", Hotel = "hotel", Other = "other" }
);
vocabulary!(
    /// The sex of a person detained, as recorded (an empty cell or a missing-value word is "not
    /// recorded").
    Sex { Female = "female", Male = "male" }
    aliases { "f" => Female, "m" => Male }
);
vocabulary!(
    /// A defendant's role in the scam operation, as charged.
    Role { Ringleader = "ringleader", Associate = "associate", Other = "other" }
);
vocabulary!(
    /// Where a defendant's case stands.
    Status { Filed = "filed", Convicted = "convicted", Acquitted = "acquitted", Dismissed = "dismissed", Pending = "pending" }
);

/// One premises inspected. Records borrow their text from the row they were read from, so
/// reading one allocates nothing; `to_owned` on a field keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection<'a> {
    pub inspection_id: &'a str,
    pub date: NaiveDate,
    pub place: Place,
    pub premises_type: PremisesType,
    pub premises_name: Option<&'a str>,
    pub foreigners_identified: u32,
    /// Never more than `foreigners_identified`.
    pub women_identified: u32,
    /// The scam operation found there, if any.
    pub operation_id: Option<&'a str>,
    pub source: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// One person detained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arrest<'a> {
    pub arrest_id: &'a str,
    pub date: NaiveDate,
    pub place: Place,
    /// `None`: not recorded.
    pub nationality: Option<Nationality>,
    /// `None`: not recorded.
    pub sex: Option<Sex>,
    pub operation_id: Option<&'a str>,
    /// When present and inspections are loaded, names one of them.
    pub inspection_id: Option<&'a str>,
    pub source: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// One defendant in one court case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prosecution<'a> {
    pub case_id: &'a str,
    pub defendant_id: &'a str,
    /// When present and arrests are loaded, names one of them.
    pub arrest_id: Option<&'a str>,
    /// `None`: not recorded.
    pub nationality: Option<Nationality>,
    pub role: Role,
    /// The date the case went to court.
    pub filed: NaiveDate,
    pub status: Status,
    pub charge: Option<&'a str>,
    pub source: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// Receives each record that passed every check.
pub trait RecordSink {
    fn inspection(&mut self, _record: &Inspection<'_>) {}
    fn arrest(&mut self, _record: &Arrest<'_>) {}
    /// `arrest` describes the arrest the record names, when arrests were loaded and it names one.
    fn prosecution(&mut self, _record: &Prosecution<'_>, _arrest: Option<&LinkedArrest>) {}
}

/// What a prosecution's sink learns of the arrest it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkedArrest {
    pub date: NaiveDate,
    pub place: Place,
}

/// A sink that keeps nothing, for when only the checks matter.
impl RecordSink for () {}

/// A sink that can be split, so that the pieces of a file read on several threads each fill
/// one of its own, and joined again in the order of the pieces.
pub trait Forks: RecordSink + Send + Sized {
    /// An empty sink of the same settings, for the records of a piece.
    fn fork(&self) -> Self;
    /// Takes in what `later`, filled with the records after these, holds.
    fn join(&mut self, later: Self);
}

impl Forks for () {
    fn fork(&self) -> Self {}
    fn join(&mut self, _later: Self) {}
}

/// Two sinks fed the same records: two choices of one dataset counted in one reading.
impl<A: RecordSink, B: RecordSink> RecordSink for (A, B) {
    fn inspection(&mut self, record: &Inspection<'_>) {
        self.0.inspection(record);
        self.1.inspection(record);
    }
    fn arrest(&mut self, record: &Arrest<'_>) {
        self.0.arrest(record);
        self.1.arrest(record);
    }
    fn prosecution(&mut self, record: &Prosecution<'_>, arrest: Option<&LinkedArrest>) {
        self.0.prosecution(record, arrest);
        self.1.prosecution(record, arrest);
    }
}

impl<A: Forks, B: Forks> Forks for (A, B) {
    fn fork(&self) -> Self {
        (self.0.fork(), self.1.fork())
    }
    fn join(&mut self, later: Self) {
        self.0.join(later.0);
        self.1.join(later.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_read_names_and_aliases_in_any_case() {
        assert_eq!(PremisesType::parse(" Borey "), Some(PremisesType::Borey));
        assert_eq!(Sex::parse("F"), Some(Sex::Female));
        assert_eq!(Sex::parse("m"), Some(Sex::Male));
        assert_eq!(Status::parse("PENDING"), Some(Status::Pending));
        assert_eq!(Role::parse("boss"), None);
        assert_eq!(
            PremisesType::expected(),
            "condominium, apartment, borey, hotel or other"
        );
        assert_eq!(Sex::expected(), "female or male");
        for &v in Status::ALL {
            assert_eq!(Status::parse(v.name()), Some(v));
        }
    }

    #[test]
    fn required_fields_are_the_documented_ones() {
        let required = |k: Kind| {
            k.fields()
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            required(Kind::Inspections),
            [
                "inspection_id",
                "date",
                "khan",
                "premises_type",
                "foreigners_identified",
                "women_identified"
            ]
        );
        assert_eq!(
            required(Kind::Arrests),
            ["arrest_id", "date", "khan", "nationality"]
        );
        assert_eq!(
            required(Kind::Prosecutions),
            [
                "case_id",
                "defendant_id",
                "nationality",
                "role",
                "filed",
                "status"
            ]
        );
    }
}

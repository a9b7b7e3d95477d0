//! The 14 Khans (districts) of Phnom Penh: one table of codes, names, Khmer script and the
//! spellings in common use, and one function that resolves any of them to a [`Khan`].

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use crate::error::Code;
use crate::gazetteer::{District, PlaceReason, Province, UnknownPlace};
use crate::text::{Stray, fold, key, nearest, quote};

/// One row of the Khan table.
#[derive(Debug)]
pub struct KhanInfo {
    /// Gazetteer code, 1201 to 1214 (the P-code is `KH` followed by it).
    pub code: u16,
    /// Romanisation used by the national gazetteer.
    pub name: &'static str,
    /// The spelling readers of the English-language press know best (`--labels common`): the
    /// gazetteer's where the press writes it so, else one of `aliases`.
    pub common: &'static str,
    /// The name in Khmer script, without the "ខណ្ឌ" (Khan) prefix.
    pub khmer: &'static str,
    /// Other spellings in common use (press, maps, official English).
    pub aliases: &'static [&'static str],
}

/// The Khans of Phnom Penh in gazetteer order.
pub static KHANS: [KhanInfo; 14] = [
    KhanInfo {
        code: 1201,
        name: "Chamkar Mon",
        common: "Chamkar Mon",
        khmer: "ចំការមន",
        aliases: &[
            "Chamkarmon",
            "Chamkar Morn",
            "Chamcar Mon",
            "Chamkarmorn",
            "Chamcarmon",
        ],
    },
    KhanInfo {
        code: 1202,
        name: "Doun Penh",
        common: "Daun Penh",
        khmer: "ដូនពេញ",
        aliases: &["Daun Penh", "Don Penh", "Duan Penh", "Daunpenh"],
    },
    KhanInfo {
        code: 1203,
        name: "Prampir Meakkakra",
        common: "7 Makara",
        khmer: "៧មករា",
        aliases: &[
            "7 Makara",
            "Prampi Makara",
            "Prampir Makara",
            "Prampir Meakkakra",
            "Seven Makara",
            "7 January",
            "ប្រាំពីរមករា",
        ],
    },
    KhanInfo {
        code: 1204,
        name: "Tuol Kouk",
        common: "Toul Kork",
        khmer: "ទួលគោក",
        aliases: &[
            "Toul Kork",
            "Tuol Kork",
            "Toul Kok",
            "Tuol Kok",
            "Toul Kouk",
        ],
    },
    KhanInfo {
        code: 1205,
        name: "Dangkao",
        common: "Dangkor",
        khmer: "ដង្កោ",
        aliases: &["Dangkor", "Dang Kor", "Dangkoa", "Dang Kao"],
    },
    KhanInfo {
        code: 1206,
        name: "Mean Chey",
        common: "Mean Chey",
        khmer: "មានជ័យ",
        aliases: &["Meanchey", "Mean Chay", "Meanchay"],
    },
    KhanInfo {
        code: 1207,
        name: "Russey Keo",
        common: "Russey Keo",
        khmer: "ឫស្សីកែវ",
        aliases: &[
            "Russei Keo",
            "Ruessei Kaev",
            "Reussey Keo",
            "Russeykeo",
            "Ruessey Keo",
        ],
    },
    KhanInfo {
        code: 1208,
        name: "Saensokh",
        common: "Sen Sok",
        khmer: "សែនសុខ",
        aliases: &["Sen Sok", "Sensok", "Sen Sokh", "Saen Sokh", "Sen Sock"],
    },
    KhanInfo {
        code: 1209,
        name: "Pur SenChey",
        common: "Por Sen Chey",
        khmer: "ពោធិ៍សែនជ័យ",
        aliases: &[
            "Por Sen Chey",
            "Pou Senchey",
            "Pou Sen Chey",
            "Porsenchey",
            "Po Senchey",
            "Pur Sen Chey",
            "Posenchey",
        ],
    },
    KhanInfo {
        code: 1210,
        name: "Chraoy Chongvar",
        common: "Chroy Changvar",
        khmer: "ជ្រោយចង្វារ",
        aliases: &[
            "Chroy Changvar",
            "Chrouy Changvar",
            "Chroy Changva",
            "Chrouy Changva",
        ],
    },
    KhanInfo {
        code: 1211,
        name: "Praek Pnov",
        common: "Prek Pnov",
        khmer: "ព្រែកព្នៅ",
        aliases: &["Prek Pnov", "Preaek Pnov", "Prek Phnov", "Praek Phnov"],
    },
    KhanInfo {
        code: 1212,
        name: "Chbar Ampov",
        common: "Chbar Ampov",
        khmer: "ច្បារអំពៅ",
        aliases: &["Chbar Ampeou", "Chba Ampov", "Chbar Ampouv"],
    },
    KhanInfo {
        code: 1213,
        name: "Boeng Keng Kang",
        common: "Boeung Keng Kang",
        khmer: "បឹងកេងកង",
        aliases: &[
            "Boeung Keng Kang",
            "Beung Keng Kang",
            "Boeung Keng Kong",
            "BKK",
        ],
    },
    KhanInfo {
        code: 1214,
        name: "Kamboul",
        common: "Kamboul",
        khmer: "កំបូល",
        aliases: &["Kambol", "Kambaul", "Kom Boul"],
    },
];

/// Which name of each Khan results show (`--labels`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Labels {
    /// The national gazetteer's romanisation: Saensokh, Pur SenChey, Doun Penh, Prampir
    /// Meakkakra, Chraoy Chongvar.
    #[default]
    Gazetteer,
    /// The spellings of the English-language press: Sen Sok, Por Sen Chey, Daun Penh, 7 Makara,
    /// Chroy Changvar.
    Common,
    /// The Khmer names: សែនសុខ, ពោធិ៍សែនជ័យ, ដូនពេញ.
    Khmer,
}

impl Labels {
    /// The name of `khan` in this set.
    pub fn of(self, khan: Khan) -> &'static str {
        let info = khan.info();
        match self {
            Labels::Gazetteer => info.name,
            Labels::Common => info.common,
            Labels::Khmer => info.khmer,
        }
    }
}

/// A Khan of Phnom Penh: an index into [`KHANS`], so it is small, `Copy` and orders by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Khan(u8);

impl Khan {
    /// Every Khan, in code order.
    pub fn all() -> impl ExactSizeIterator<Item = Khan> {
        (0..KHANS.len() as u8).map(Khan)
    }

    /// Position of this Khan in [`KHANS`] (0 to 13), for dense per-Khan arrays.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The Khan at `index` in [`KHANS`].
    pub fn from_index(index: usize) -> Option<Khan> {
        (index < KHANS.len()).then_some(Khan(index as u8))
    }

    pub fn info(self) -> &'static KhanInfo {
        &KHANS[self.index()]
    }

    /// Gazetteer code, 1201 to 1214.
    pub fn code(self) -> u16 {
        self.info().code
    }

    /// P-code, `KH1201` to `KH1214`.
    pub fn pcode(self) -> String {
        format!("KH{}", self.code())
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn khmer(self) -> &'static str {
        self.info().khmer
    }

    /// Resolves any spelling, Khmer name, code or P-code, with or without a "Khan"/"ខណ្ឌ" prefix
    /// or a "District" suffix.
    pub fn resolve(input: &str) -> Result<Khan, UnknownKhan> {
        if crate::text::beyond_names(input) {
            return Err(UnknownKhan {
                value: input.to_owned(),
                suggestion: None,
                stray: None,
                elsewhere: None,
            });
        }
        let folded = key(input).map_err(|stray| UnknownKhan {
            value: input.to_owned(),
            suggestion: None,
            stray: Some(stray),
            elsewhere: None,
        })?;
        let mut key = folded.as_str();
        // "Khan ខណ្ឌដង្កោ" carries the prefix twice, in both scripts.
        while let Some(rest) = key.strip_prefix("khan").or_else(|| key.strip_prefix("ខណ្ឌ"))
        {
            key = rest;
        }
        let key = key.strip_suffix("district").unwrap_or(key);
        let key = key
            .strip_prefix("kh")
            .filter(|rest| is_code(rest))
            .unwrap_or(key);
        if let Some(&khan) = LOOKUP.get(key) {
            return Ok(khan);
        }
        // A Sangkat names its Khan: "BKK1" is in Boeng Keng Kang.
        let unknown = |elsewhere| UnknownKhan {
            value: input.to_owned(),
            suggestion: suggest(input),
            stray: None,
            elsewhere,
        };
        match crate::gazetteer::khan_of_sangkat(input) {
            Ok(Some(khan)) => Ok(khan),
            Err(khans) => Err(unknown(Some(Elsewhere::Sangkats(khans)))),
            Ok(None) => Err(unknown(elsewhere(input))),
        }
    }
}

impl fmt::Display for Khan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Khan is written as its gazetteer code in machine outputs: stable and unambiguous.
impl serde::Serialize for Khan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.code())
    }
}

fn is_code(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Folded spelling → Khan, built once from [`KHANS`].
static LOOKUP: LazyLock<HashMap<String, Khan>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for khan in Khan::all() {
        let info = khan.info();
        let spellings = [info.name, info.khmer]
            .into_iter()
            .chain(info.aliases.iter().copied())
            .map(fold)
            .chain([info.code.to_string()]);
        for key in spellings {
            let previous = map.insert(key.clone(), khan);
            debug_assert!(previous.is_none_or(|p| p == khan), "{key} names two Khans");
        }
    }
    map
});

fn suggest(input: &str) -> Option<Khan> {
    let spellings = KHANS
        .iter()
        .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied()));
    let stripped = input.trim();
    let stripped = stripped
        .strip_prefix("Khan ")
        .or_else(|| stripped.strip_prefix("khan "))
        .unwrap_or(stripped);
    let best = nearest(stripped, spellings)?;
    Khan::resolve(best).ok()
}

/// What a value that is no Khan names elsewhere in the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elsewhere {
    /// Sangkats of that name, in these Khans.
    Sangkats(Vec<Khan>),
    /// Districts or municipalities of other provinces.
    Districts(Vec<District>),
    /// A province.
    Province(Province),
}

/// What `input`, which names no Khan, names in the rest of Cambodia.
fn elsewhere(input: &str) -> Option<Elsewhere> {
    if let Ok(province) = Province::resolve(input) {
        return Some(Elsewhere::Province(province));
    }
    match District::resolve(input, None) {
        Ok(district) => Some(Elsewhere::Districts(vec![district])),
        Err(UnknownPlace {
            reason: PlaceReason::Ambiguous(districts),
            ..
        }) => Some(Elsewhere::Districts(districts)),
        Err(_) => None,
    }
}

/// A value that names none of the 14 Khans. Records and `--khan` word it the same way: the value,
/// then [`UnknownKhan::reason`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", quote(.value), self.reason())]
pub struct UnknownKhan {
    pub value: String,
    pub suggestion: Option<Khan>,
    /// A character no spelling has, which is why nothing was looked up.
    pub stray: Option<Stray>,
    /// What it names outside the Khans, if anything.
    pub elsewhere: Option<Elsewhere>,
}

impl UnknownKhan {
    /// What is wrong, without the value: the reason of a record's problem.
    pub fn reason(&self) -> String {
        let listed = |items: Vec<String>| items.join(", ");
        match &self.elsewhere {
            Some(Elsewhere::Sangkats(khans)) => {
                return format!(
                    "Sangkats of that name are in several Khans ({}); give the Khan",
                    listed(
                        khans
                            .iter()
                            .map(|k| format!("{} ({})", k.name(), k.code()))
                            .collect()
                    )
                );
            }
            Some(Elsewhere::Districts(districts)) => {
                return format!(
                    "not a Khan of Phnom Penh but {}: put it in a district column (with a province column when the name is in several provinces)",
                    listed(districts.iter().map(District::to_string).collect())
                );
            }
            Some(Elsewhere::Province(province)) => {
                return format!(
                    "not a Khan of Phnom Penh but the province {province}: put it in a province column"
                );
            }
            None => {}
        }
        match (self.stray, self.suggestion) {
            (Some(stray), _) => format!("not a Khan of Phnom Penh: the value {stray}"),
            (None, Some(k)) => format!(
                "not a Khan of Phnom Penh; did you mean {} ({})?{}",
                k.name(),
                k.code(),
                crate::text::lookalike(&self.value)
            ),
            (None, None) => "not a Khan of Phnom Penh: expected one of the 14 by name (Tuol Kouk, Toul Kork), Khmer name, code (1204) or P-code (KH1204)".to_owned(),
        }
    }

    pub fn code(&self) -> Code {
        match self.stray {
            Some(_) => Code::UnexpectedCharacter,
            None => Code::UnknownKhan,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_resolves_to_its_own_row() {
        for khan in Khan::all() {
            let info = khan.info();
            let code = info.code.to_string();
            let pcode = khan.pcode();
            let prefixed_khmer = format!("ខណ្ឌ{}", info.khmer);
            let spellings = [info.name, info.khmer, &code, &pcode, &prefixed_khmer]
                .into_iter()
                .chain(info.aliases.iter().copied());
            for spelling in spellings {
                assert_eq!(Khan::resolve(spelling), Ok(khan), "{spelling}");
                let prefixed = format!("Khan {spelling}");
                assert_eq!(Khan::resolve(&prefixed), Ok(khan), "{prefixed}");
                let shouted = spelling.to_uppercase();
                assert_eq!(Khan::resolve(&shouted), Ok(khan), "{shouted}");
            }
        }
    }

    #[test]
    fn the_spellings_named_in_common_use_resolve() {
        let cases = [
            ("Chamkarmon", 1201),
            ("Daun Penh", 1202),
            ("7 Makara", 1203),
            ("Prampi Makara", 1203),
            ("៧ មករា", 1203),
            ("Toul Kork", 1204),
            ("Dangkor", 1205),
            ("Meanchey", 1206),
            ("Russei Keo", 1207),
            ("Sen Sok", 1208),
            ("Por Sen Chey", 1209),
            ("Pou Senchey", 1209),
            ("Chroy Changvar", 1210),
            ("Prek Pnov", 1211),
            ("Boeung Keng Kang", 1213),
            ("Kambol", 1214),
            ("Chamkar-Mon", 1201),
            ("khan tuol-kouk", 1204),
            ("Sen Sok District", 1208),
            ("kh1212", 1212),
            ("ខណ្ឌ ដង្កោ", 1205),
        ];
        for (input, code) in cases {
            assert_eq!(Khan::resolve(input).map(Khan::code), Ok(code), "{input}");
        }
    }

    #[test]
    fn each_label_set_names_every_khan_once_and_the_common_labels_are_known_spellings() {
        for labels in [Labels::Gazetteer, Labels::Common, Labels::Khmer] {
            let names: std::collections::BTreeSet<&str> =
                Khan::all().map(|k| labels.of(k)).collect();
            assert_eq!(names.len(), 14, "{labels:?}");
            for khan in Khan::all() {
                assert_eq!(Khan::resolve(labels.of(khan)), Ok(khan), "{labels:?}");
            }
        }
        for khan in Khan::all() {
            let info = khan.info();
            assert!(
                info.common == info.name || info.aliases.contains(&info.common),
                "{} is neither the gazetteer name nor an alias",
                info.common
            );
        }
        let common: Vec<&str> = Khan::all().map(|k| Labels::Common.of(k)).collect();
        for known in [
            "Sen Sok",
            "Por Sen Chey",
            "Daun Penh",
            "7 Makara",
            "Chroy Changvar",
        ] {
            assert!(common.contains(&known), "{known}");
        }
    }

    #[test]
    fn codes_and_order_are_the_gazetteer_ones() {
        let codes: Vec<u16> = Khan::all().map(Khan::code).collect();
        assert_eq!(codes, (1201..=1214).collect::<Vec<_>>());
        assert!(Khan::resolve("1215").is_err());
        assert!(Khan::resolve("KH1200").is_err());
    }

    #[test]
    fn unknown_khans_are_refused_with_a_suggestion_when_one_is_near() {
        let err = Khan::resolve("Tuol Kok Kok").unwrap_err();
        assert_eq!(err.value, "Tuol Kok Kok");
        let err = Khan::resolve("Chamkar Monn").unwrap_err();
        assert_eq!(err.suggestion.map(Khan::code), Some(1201));
        assert!(
            err.to_string().contains("did you mean Chamkar Mon (1201)?"),
            "{err}"
        );
        let err = Khan::resolve("Battambang").unwrap_err();
        assert_eq!(err.suggestion, None);
        assert!(Khan::resolve("").is_err());
        assert!(Khan::resolve("Khan").is_err());
    }
}

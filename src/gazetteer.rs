//! The gazetteer of Cambodia: the 25 provinces, their districts, municipalities and Khans, and the
//! Sangkats of Phnom Penh, as committed in `data/cambodia/` (with their sources) and embedded in
//! the binary. Any spelling, Khmer name or code resolves to one unit; a district name that several
//! provinces have is refused with the candidates unless the province is given.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::khan::Khan;
use crate::text::{fold, key, nearest, quote};

const PROVINCES: &str = include_str!("../data/cambodia/provinces.csv");
const DISTRICTS: &str = include_str!("../data/cambodia/districts.csv");
const SANGKATS: &str = include_str!("../data/cambodia/sangkats-phnom-penh.csv");

/// The geocode of Phnom Penh, whose districts are the Khans.
pub const PHNOM_PENH: u8 = 12;

/// What a second-level unit is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DistrictType {
    /// A district ("srok").
    District,
    /// A municipality ("krong"): a town and its surroundings.
    Municipality,
    /// A Khan of Phnom Penh.
    Khan,
}

impl DistrictType {
    pub fn name(self) -> &'static str {
        match self {
            DistrictType::District => "district",
            DistrictType::Municipality => "municipality",
            DistrictType::Khan => "Khan",
        }
    }
}

/// One province, or the capital.
#[derive(Debug, Deserialize)]
pub struct ProvinceInfo {
    /// Two-digit NCDD geocode, 1 to 25.
    pub geocode: u8,
    /// ISO 3166-2:KH code, `KH-1` to `KH-25`.
    pub iso: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub khmer: String,
    #[serde(deserialize_with = "list")]
    pub variants: Vec<String>,
}

/// One district, municipality or Khan.
#[derive(Debug, Deserialize)]
pub struct DistrictInfo {
    /// Four-digit geocode: the province's two digits, then its own.
    pub geocode: u16,
    /// The province's geocode.
    pub province: u8,
    #[serde(rename = "type")]
    pub kind: DistrictType,
    pub name: String,
    pub khmer: String,
    #[serde(deserialize_with = "list")]
    pub variants: Vec<String>,
}

/// One Sangkat (commune) of Phnom Penh.
#[derive(Debug, Deserialize)]
pub struct SangkatInfo {
    /// Six-digit geocode: its Khan's four digits, then its own.
    pub geocode: u32,
    /// The Khan's geocode.
    pub khan: u16,
    pub name: String,
    pub khmer: String,
    #[serde(deserialize_with = "list")]
    pub variants: Vec<String>,
}

/// `a;b;c` → the spellings, none empty.
fn list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect())
}

fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the embedded {name} does not read: {e}"))
}

/// A province, by its position in the gazetteer (which is geocode order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Province(u8);

/// A district, municipality or Khan, by its position in the gazetteer (geocode order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct District(u16);

/// Where a record took place: a district, municipality or Khan, or a province when the record
/// names no district. Small and `Copy`: an index, districts first, then the provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place(u16);

/// The units and the spellings that find them.
pub struct Gazetteer {
    pub provinces: Vec<ProvinceInfo>,
    pub districts: Vec<DistrictInfo>,
    pub sangkats: Vec<SangkatInfo>,
    /// Each district's province, by index.
    district_province: Vec<Province>,
    /// Each district's Khan, when it is one.
    district_khan: Vec<Option<Khan>>,
    /// Each Khan's district, by Khan index.
    khan_district: Vec<District>,
    province_keys: HashMap<String, Province>,
    /// Folded spelling → every district that has it (in several provinces, some names repeat).
    district_keys: HashMap<String, Vec<District>>,
    /// Folded spelling → the Khans with a Sangkat of that name.
    sangkat_keys: HashMap<String, Vec<Khan>>,
}

/// The gazetteer, read once from the embedded files.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::embedded);

impl Gazetteer {
    fn embedded() -> Gazetteer {
        let provinces: Vec<ProvinceInfo> = read("provinces.csv", PROVINCES);
        let districts: Vec<DistrictInfo> = read("districts.csv", DISTRICTS);
        let sangkats: Vec<SangkatInfo> = read("sangkats-phnom-penh.csv", SANGKATS);
        let mut province_keys = HashMap::new();
        for (i, p) in provinces.iter().enumerate() {
            let province = Province(i as u8);
            let spellings = [&p.name, &p.khmer, &p.iso]
                .into_iter()
                .chain(&p.variants)
                .map(|s| fold(s))
                .chain([p.geocode.to_string(), format!("{:02}", p.geocode)]);
            for spelling in spellings.filter(|s| !s.is_empty()) {
                province_keys.entry(spelling).or_insert(province);
            }
        }
        let mut district_keys: HashMap<String, Vec<District>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            let district = District(i as u16);
            let spellings = [&d.name, &d.khmer]
                .into_iter()
                .chain(&d.variants)
                .map(|s| fold(s))
                .chain([d.geocode.to_string()]);
            for spelling in spellings.filter(|s| !s.is_empty()) {
                let found = district_keys.entry(spelling).or_default();
                if !found.contains(&district) {
                    found.push(district);
                }
            }
        }
        // The Khans of the gazetteer are the 14 of the Khan table, with their spellings.
        for khan in Khan::all() {
            let info = khan.info();
            let Some(i) = districts.iter().position(|d| d.geocode == info.code) else {
                continue;
            };
            let spellings = [info.name, info.khmer]
                .into_iter()
                .chain(info.aliases.iter().copied());
            for spelling in spellings {
                let found = district_keys.entry(fold(spelling)).or_default();
                if !found.contains(&District(i as u16)) {
                    found.push(District(i as u16));
                }
            }
        }
        let mut sangkat_keys: HashMap<String, Vec<Khan>> = HashMap::new();
        for s in &sangkats {
            let Ok(khan) = Khan::resolve(&s.khan.to_string()) else {
                continue;
            };
            let spellings = [&s.name, &s.khmer]
                .into_iter()
                .chain(&s.variants)
                .map(|s| fold(s))
                .chain([s.geocode.to_string()]);
            for spelling in spellings.filter(|s| !s.is_empty()) {
                // "Tuol Tumpung 1" and "Tuol Tumpung Ti Pir" are also found as "Tuol Tumpung":
                // the Khan of both, when they are in one.
                let family = family(&spelling).map(str::to_owned);
                for spelling in std::iter::once(spelling).chain(family) {
                    let found = sangkat_keys.entry(spelling).or_default();
                    if !found.contains(&khan) {
                        found.push(khan);
                    }
                }
            }
        }
        let district_province = districts
            .iter()
            .map(|d| {
                let i = provinces.iter().position(|p| p.geocode == d.province);
                Province(i.expect("every district is in a province of the gazetteer") as u8)
            })
            .collect();
        let district_khan = districts
            .iter()
            .map(|d| Khan::all().find(|k| k.code() == d.geocode))
            .collect();
        let khan_district = Khan::all()
            .map(|k| {
                let i = districts.iter().position(|d| d.geocode == k.code());
                District(i.expect("every Khan is in the gazetteer") as u16)
            })
            .collect();
        Gazetteer {
            provinces,
            districts,
            sangkats,
            district_province,
            district_khan,
            khan_district,
            province_keys,
            district_keys,
            sangkat_keys,
        }
    }
}

impl Province {
    /// Every province, in geocode order.
    pub fn all() -> impl ExactSizeIterator<Item = Province> {
        (0..GAZETTEER.provinces.len() as u8).map(Province)
    }

    /// Position in geocode order, for dense per-province arrays.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn info(self) -> &'static ProvinceInfo {
        &GAZETTEER.provinces[self.index()]
    }

    pub fn geocode(self) -> u8 {
        self.info().geocode
    }

    pub fn name(self) -> &'static str {
        &self.info().name
    }

    /// The capital, Phnom Penh.
    pub fn phnom_penh() -> Province {
        Province::all()
            .find(|p| p.geocode() == PHNOM_PENH)
            .expect("the gazetteer has Phnom Penh")
    }

    /// Its districts, municipalities or Khans, in geocode order.
    pub fn districts(self) -> impl Iterator<Item = District> {
        let geocode = self.geocode();
        District::all().filter(move |d| d.info().province == geocode)
    }

    /// Resolves a name in any spelling, the Khmer name, the ISO 3166-2 code (`KH-18`) or the
    /// geocode, with or without a "province"/"ខេត្ត" word.
    pub fn resolve(input: &str) -> Result<Province, UnknownPlace> {
        if crate::text::beyond_names(input) {
            return Err(UnknownPlace::province(input));
        }
        let folded = key(input).map_err(|_| UnknownPlace::province(input))?;
        let mut k = folded.as_str();
        for prefix in ["province", "khet", "ខេត្ត", "រាជធានី", "capital"] {
            k = k.strip_prefix(prefix).unwrap_or(k);
        }
        for suffix in ["province", "capital"] {
            k = k.strip_suffix(suffix).unwrap_or(k);
        }
        GAZETTEER
            .province_keys
            .get(k)
            .copied()
            .ok_or_else(|| UnknownPlace::province(input))
    }
}

impl District {
    /// Every district, municipality and Khan, in geocode order.
    pub fn all() -> impl ExactSizeIterator<Item = District> {
        (0..GAZETTEER.districts.len() as u16).map(District)
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn info(self) -> &'static DistrictInfo {
        &GAZETTEER.districts[self.index()]
    }

    pub fn geocode(self) -> u16 {
        self.info().geocode
    }

    pub fn name(self) -> &'static str {
        &self.info().name
    }

    pub fn province(self) -> Province {
        GAZETTEER.district_province[self.index()]
    }

    /// The Khan this is, when it is one of Phnom Penh's.
    pub fn khan(self) -> Option<Khan> {
        GAZETTEER.district_khan[self.index()]
    }

    /// The district of a Khan.
    pub fn of_khan(khan: Khan) -> District {
        GAZETTEER.khan_district[khan.index()]
    }

    /// Resolves a name in any spelling, the Khmer name or the geocode, with or without a
    /// "district", "municipality", "Khan", "Srok" or "Krong" word; in `province` when given. A
    /// name several provinces have is refused with the candidates unless `province` is given.
    pub fn resolve(input: &str, province: Option<Province>) -> Result<District, UnknownPlace> {
        let candidates = District::candidates(input);
        let within: Vec<District> = candidates
            .iter()
            .copied()
            .filter(|d| province.is_none_or(|p| d.province() == p))
            .collect();
        match (within.as_slice(), province) {
            ([one], _) => Ok(*one),
            ([], Some(p)) if !candidates.is_empty() => Err(UnknownPlace {
                value: input.to_owned(),
                what: Unit::District,
                reason: PlaceReason::Elsewhere(p, candidates),
            }),
            ([], _) => Err(UnknownPlace::district(input)),
            (_, _) => Err(UnknownPlace {
                value: input.to_owned(),
                what: Unit::District,
                reason: PlaceReason::Ambiguous(within),
            }),
        }
    }

    /// Every district a spelling names, in any province.
    fn candidates(input: &str) -> Vec<District> {
        if crate::text::beyond_names(input) {
            return Vec::new();
        }
        let Ok(folded) = key(input) else {
            return Vec::new();
        };
        let mut k = folded.as_str();
        for prefix in [
            "khan",
            "srok",
            "krong",
            "district",
            "municipality",
            "ខណ្ឌ",
            "ស្រុក",
            "ក្រុង",
        ] {
            k = k.strip_prefix(prefix).unwrap_or(k);
        }
        for suffix in ["district", "municipality", "city"] {
            k = k.strip_suffix(suffix).unwrap_or(k);
        }
        let k = k
            .strip_prefix("kh")
            .filter(|rest| rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(k);
        GAZETTEER.district_keys.get(k).cloned().unwrap_or_default()
    }
}

/// A numbered Sangkat's folded name without its number (`tuoltumpung1`, `tuoltumpungtipir` →
/// `tuoltumpung`), when it has one.
fn family(folded: &str) -> Option<&str> {
    let bare = folded.trim_end_matches(|c: char| c.is_ascii_digit());
    if bare.len() < folded.len() {
        return Some(bare).filter(|b| !b.is_empty());
    }
    ["muoy", "pir", "bei", "buon", "pram"]
        .into_iter()
        .find_map(|n| folded.strip_suffix(n))
        .map(|b| b.strip_suffix("ti").unwrap_or(b))
        .filter(|b| !b.is_empty())
}

impl Place {
    /// Every place: the districts in geocode order, then the provinces.
    pub fn all() -> impl Iterator<Item = Place> {
        let n = GAZETTEER.districts.len() + GAZETTEER.provinces.len();
        (0..n as u16).map(Place)
    }

    /// How many places there are, for dense per-place arrays.
    pub fn count() -> usize {
        GAZETTEER.districts.len() + GAZETTEER.provinces.len()
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn district(self) -> Option<District> {
        (self.index() < GAZETTEER.districts.len()).then_some(District(self.0))
    }

    pub fn province(self) -> Province {
        match self.district() {
            Some(d) => d.province(),
            None => Province((self.index() - GAZETTEER.districts.len()) as u8),
        }
    }

    pub fn khan(self) -> Option<Khan> {
        self.district().and_then(District::khan)
    }

    pub fn of_district(district: District) -> Place {
        Place(district.0)
    }

    /// A province, with no district named.
    pub fn of_province(province: Province) -> Place {
        Place((GAZETTEER.districts.len() + province.index()) as u16)
    }

    pub fn of_khan(khan: Khan) -> Place {
        Place::of_district(District::of_khan(khan))
    }
}

/// The Khan whose Sangkat `input` names (`BKK1`, `Tuol Tompoung`, `Stung Meanchey`): `Ok(None)`
/// when it names no Sangkat, `Err` with the Khans when Sangkats of that name are in several.
pub fn khan_of_sangkat(input: &str) -> Result<Option<Khan>, Vec<Khan>> {
    if crate::text::beyond_names(input) {
        return Ok(None);
    }
    let Ok(folded) = key(input) else {
        return Ok(None);
    };
    let k = folded.strip_prefix("sangkat").unwrap_or(&folded);
    let k = k.strip_prefix("សង្កាត់").unwrap_or(k);
    match GAZETTEER.sangkat_keys.get(k).map(Vec::as_slice) {
        None | Some([]) => Ok(None),
        Some([one]) => Ok(Some(*one)),
        Some(several) => Err(several.to_vec()),
    }
}

/// The kind of unit a value was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Province,
    District,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceReason {
    /// Nothing of that name.
    Unknown(Option<String>),
    /// Districts of that name are in several provinces.
    Ambiguous(Vec<District>),
    /// Not in the province given, but in these.
    Elsewhere(Province, Vec<District>),
}

/// A value that names no province or district of the gazetteer, or several.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", quote(.value), self.reason())]
pub struct UnknownPlace {
    pub value: String,
    pub what: Unit,
    pub reason: PlaceReason,
}

impl UnknownPlace {
    /// The problem code a record's value gets for it.
    pub fn code(&self) -> crate::error::Code {
        use crate::error::Code;
        match (&self.reason, self.what) {
            (PlaceReason::Ambiguous(_), _) => Code::AmbiguousDistrict,
            (PlaceReason::Elsewhere(..), _) => Code::PlaceMismatch,
            (PlaceReason::Unknown(_), Unit::Province) => Code::UnknownProvince,
            (PlaceReason::Unknown(_), Unit::District) => Code::UnknownDistrict,
        }
    }

    fn province(input: &str) -> UnknownPlace {
        let spellings = GAZETTEER
            .provinces
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.variants))
            .map(String::as_str);
        let near = nearest(input.trim(), spellings)
            .and_then(|s| Province::resolve(s).ok())
            .map(|p| p.name().to_owned());
        UnknownPlace {
            value: input.to_owned(),
            what: Unit::Province,
            reason: PlaceReason::Unknown(near),
        }
    }

    fn district(input: &str) -> UnknownPlace {
        let spellings = GAZETTEER
            .districts
            .iter()
            .flat_map(|d| std::iter::once(&d.name).chain(&d.variants))
            .map(String::as_str);
        let near = nearest(input.trim(), spellings).map(str::to_owned);
        UnknownPlace {
            value: input.to_owned(),
            what: Unit::District,
            reason: PlaceReason::Unknown(near),
        }
    }

    /// What is wrong, without the value.
    pub fn reason(&self) -> String {
        let listed = |ds: &[District]| {
            ds.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (&self.reason, self.what) {
            (PlaceReason::Unknown(Some(near)), Unit::Province) => format!(
                "not a province of Cambodia; did you mean {near}?{}",
                crate::text::lookalike(&self.value)
            ),
            (PlaceReason::Unknown(None), Unit::Province) => "not a province of Cambodia: expected one of the 25 by name (Preah Sihanouk, Sihanoukville), Khmer name, ISO 3166-2 code (KH-18) or geocode (18)".to_owned(),
            (PlaceReason::Unknown(Some(near)), Unit::District) => format!(
                "not a district, municipality or Khan of Cambodia; did you mean {near}?{}",
                crate::text::lookalike(&self.value)
            ),
            (PlaceReason::Unknown(None), Unit::District) => "not a district, municipality or Khan of Cambodia: expected a name (Poipet, Bavet, Chamkar Mon), a Khmer name or a 4-digit geocode (0102)".to_owned(),
            (PlaceReason::Ambiguous(ds), _) => format!(
                "a district of that name is in several provinces ({}); give the province in a province column, or the geocode",
                listed(ds)
            ),
            (PlaceReason::Elsewhere(p, ds), _) => format!(
                "no district of that name in {}; there is {}",
                p.name(),
                listed(ds)
            ),
        }
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.info().iso)
    }
}

/// "Kampong Seila (1804), district of Preah Sihanouk".
impl fmt::Display for District {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({:04}), {} of {}",
            self.name(),
            self.geocode(),
            self.info().kind.name(),
            self.province().name()
        )
    }
}

/// A province is written as its ISO 3166-2 code in machine outputs.
impl serde::Serialize for Province {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.info().iso)
    }
}

/// A place is written as its district's geocode (a Khan's is its code), or its province's ISO
/// 3166-2 code when it names no district.
impl serde::Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.district() {
            Some(d) => d.serialize(serializer),
            None => self.province().serialize(serializer),
        }
    }
}

/// A district is written as its geocode in machine outputs.
impl serde::Serialize for District {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.geocode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_resolve_by_name_variant_code_and_khmer() {
        for (input, geocode) in [
            ("Preah Sihanouk", 18),
            ("Sihanoukville", 18),
            ("KH-18", 18),
            ("kh18", 18),
            ("18", 18),
            ("Phnom Penh", 12),
            ("Banteay Meanchey Province", 1),
            ("បាត់ដំបង", 2),
            ("Tboung Khmum", 25),
        ] {
            let p = Province::resolve(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(p.geocode(), geocode, "{input}");
        }
        let err = Province::resolve("Battambong").unwrap_err();
        assert!(
            err.to_string().contains("did you mean Battambang?"),
            "{err}"
        );
        assert!(Province::resolve("Bangkok").is_err());
    }

    #[test]
    fn districts_resolve_and_names_in_several_provinces_need_the_province() {
        let poipet = District::resolve("Poipet", None).unwrap();
        assert_eq!(poipet.province().geocode(), 1);
        let khan = District::resolve("Khan Sen Sok", None).unwrap();
        assert_eq!(khan.khan().map(Khan::code), Some(1208));
        assert_eq!(District::resolve("1804", None).unwrap().geocode(), 1804);
        // A name that repeats: every such name is refused alone and found with its province.
        let mut seen = HashMap::new();
        for d in District::all() {
            *seen.entry(fold(d.name())).or_insert(0) += 1;
        }
        let repeated: Vec<_> = District::all()
            .filter(|d| seen[&fold(d.name())] > 1)
            .collect();
        for d in &repeated {
            let err = District::resolve(d.name(), None).unwrap_err();
            assert!(matches!(err.reason, PlaceReason::Ambiguous(_)), "{err}");
            assert_eq!(District::resolve(d.name(), Some(d.province())), Ok(*d));
        }
        let err = District::resolve("Poipet", Some(Province::phnom_penh())).unwrap_err();
        assert!(err.to_string().contains("Banteay Meanchey"), "{err}");
    }

    #[test]
    fn sangkats_name_their_khan() {
        for (input, code) in [
            ("BKK1", 1213),
            ("Tuol Tompoung", 1201),
            ("Stung Meanchey", 1206),
        ] {
            match khan_of_sangkat(input) {
                Ok(Some(k)) => assert_eq!(k.code(), code, "{input}"),
                other => panic!("{input}: {other:?}"),
            }
        }
        assert_eq!(khan_of_sangkat("Battambang"), Ok(None));
    }
}

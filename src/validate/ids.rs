//! The ids seen so far, per kind of record: what finds a duplicate id, an id that differs from an
//! earlier one only in case or hyphen, and a reference to a record that is missing or rejected.
//! The ids themselves are kept in an [`IdMap`], one buffer for all of them.

use crate::error::Code;
use crate::ids::{self, IdMap};

/// The ids of one kind seen so far: where each was first seen and what the checks need of it.
///
/// Ids are kept by their loose form ([`loose_id`]) with a fingerprint of the id as written, so one
/// map finds both a duplicate (same fingerprint) and an id that differs from an earlier one only in
/// case or the hyphen used (another fingerprint): memory stays at one entry per id.
pub(super) struct Ids<T> {
    pub(super) file: String,
    seen: IdMap<Seen<T>>,
}

struct Seen<T> {
    line: u64,
    /// [`ids::fingerprint`] of the id as written.
    exact: u32,
    /// `Some` once the row passed every check.
    used: Option<T>,
}

impl<T> Ids<T> {
    pub(super) fn new(file: String) -> Self {
        Ids {
            file,
            seen: IdMap::default(),
        }
    }

    /// The entry of `id` as written, if there is one.
    fn get(&self, id: &str) -> Option<&Seen<T>> {
        self.seen
            .get(&loose_id(id))
            .filter(|s| s.exact == ids::fingerprint(id))
    }

    /// Records the id's first line; on a duplicate, or an id that differs from an earlier one
    /// only in case or the hyphen used (D-1, d-1, D‐1), returns why, naming the first line.
    pub(super) fn claim(&mut self, id: &str, line: u64, column: &str) -> Option<(Code, String)> {
        let exact = ids::fingerprint(id);
        let seen = Seen {
            line,
            exact,
            used: None,
        };
        let first = self.seen.insert_new(&loose_id(id), seen)?;
        Some(if first.exact == exact {
            (
                Code::DuplicateId,
                format!("duplicate {column}: already used on line {}", first.line),
            )
        } else {
            (
                Code::ProbableDuplicateId,
                format!(
                    "probably the same {column} as on line {}: the two differ only in case or in the hyphen used; if they are different records, give them ids that differ otherwise",
                    first.line
                ),
            )
        })
    }

    pub(super) fn mark_used(&mut self, id: &str, value: T) {
        let exact = ids::fingerprint(id);
        if let Some(seen) = self.seen.get_mut(&loose_id(id))
            && seen.exact == exact
        {
            seen.used = Some(value);
        }
    }

    /// Looks up a reference; `Err` says why it dangles.
    pub(super) fn refer(&self, id: &str, what: &str) -> Result<&T, (Code, String)> {
        match self.get(id) {
            None => Err((
                Code::DanglingReference,
                format!("names no {what} in {}", self.file),
            )),
            Some(Seen { used: Some(v), .. }) => Ok(v),
            Some(Seen {
                line, used: None, ..
            }) => Err((
                Code::RejectedReference,
                format!(
                    "names the {what} on line {line} of {}, which was rejected",
                    self.file
                ),
            )),
        }
    }
}

/// An id as people would read it: capitals, and every hyphen glyph (‐ ‑ ‒ – — −) as `-`. Two
/// ids with the same loose form are probably one record typed twice. Ids are mostly written in
/// capitals and digits already, and those are borrowed as they are.
fn loose_id(id: &str) -> std::borrow::Cow<'_, str> {
    let dash = |c: char| matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}');
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
        return std::borrow::Cow::Borrowed(id);
    }
    std::borrow::Cow::Owned(
        id.chars()
            .map(|c| if dash(c) { '-' } else { c })
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

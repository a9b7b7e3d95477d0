//! The ids seen so far, per kind of record: what finds a duplicate id, an id that differs from an
//! earlier one only in case or hyphen, and a reference to a record that is missing or rejected.
//! The files of one kind are one table: an id is unique across them, and a reference finds its
//! record in any of them. The ids themselves are kept in an [`IdMap`], one buffer for all of them.

use crate::error::Code;
use crate::ids::{self, IdMap, Slot};

/// The files of one kind read so far, and where each row of them is as one number, its place:
/// the files are laid end to end, each starting after the last line placed in the one before,
/// so the place of a line in any of them is one `u64` (a compiler's source map numbers the
/// bytes of its files the same way). An id remembers where it was first seen in the 8 bytes it
/// took with one file, whatever the number of files; the file is found by a binary search, and
/// only when a message names it.
#[derive(Default, Clone)]
pub(super) struct Files {
    names: Vec<String>,
    /// Where each file starts, in reading order, so ascending.
    starts: Vec<u64>,
    /// One past the last place given.
    end: u64,
}

impl Files {
    /// Starts the next file of the kind.
    pub(super) fn open(&mut self, name: String) {
        self.names.push(name);
        self.starts.push(self.end);
    }

    /// The place of `line` of the file being read.
    pub(super) fn place(&self, line: u64) -> u64 {
        self.starts.last().copied().unwrap_or(0) + line
    }

    /// Ends the file being read, whose last line is `line`: the next file starts after it.
    pub(super) fn close(&mut self, line: u64) {
        self.end = self.end.max(self.place(line) + 1);
    }

    /// The file a place is in (its index in reading order), and its line there.
    fn locate(&self, place: u64) -> (usize, u64) {
        // The last file starting at or before the place: a file in which nothing was placed
        // starts where the next one does, and holds no place.
        let file = self
            .starts
            .partition_point(|&s| s <= place)
            .saturating_sub(1);
        (file, place - self.starts.get(file).copied().unwrap_or(0))
    }

    /// Where a place is, for a message: `line 4` in the file being read, else `line 4 of FILE`.
    pub(super) fn at(&self, place: u64) -> String {
        match self.locate(place) {
            (file, line) if file + 1 < self.names.len() => {
                format!("line {line} of {}", self.names[file])
            }
            (_, line) => format!("line {line}"),
        }
    }

    /// Where a place is, naming its file even when it is the one being read.
    pub(super) fn at_file(&self, place: u64) -> String {
        match self.locate(place) {
            (file, line) if file < self.names.len() => {
                format!("line {line} of {}", self.names[file])
            }
            (_, line) => format!("line {line}"),
        }
    }

    /// The files, in words: `arrests.csv`, `a.csv or b.csv`, `any of the 12 arrests files`.
    fn named(&self, what: &str) -> String {
        match &self.names[..] {
            [] => String::new(),
            [one] => one.clone(),
            [first, second] => format!("{first} or {second}"),
            [first, .., last] => format!(
                "any of the {} {what} files read ({first} to {last})",
                self.names.len()
            ),
        }
    }
}

/// The ids of one kind seen so far: where each was first seen and what the checks need of it.
///
/// Ids are kept by their loose form ([`loose_id`]) with a fingerprint of the id as written, so one
/// map finds both a duplicate (same fingerprint) and an id that differs from an earlier one only in
/// case or the hyphen used (another fingerprint): memory stays at one entry per id.
///
/// The map is cut into [`SHARDS`] by the ids' fingerprints, so that the ids of pieces of a file
/// read on several threads join the others one shard per thread ([`Ids::absorb`]).
pub(super) struct Ids<T> {
    pub(super) files: Files,
    shards: Vec<IdMap<Seen<T>>>,
}

/// How many maps the ids are cut into: more than the threads that join them.
const SHARDS: usize = 32;

impl<T> Default for Ids<T> {
    fn default() -> Self {
        Ids {
            files: Files::default(),
            shards: (0..SHARDS).map(|_| IdMap::default()).collect(),
        }
    }
}

struct Seen<T> {
    /// Where it was first seen ([`Files::place`]).
    place: u64,
    /// [`ids::fingerprint`] of the id as written.
    exact: u32,
    /// `Some` once the row passed every check.
    used: Option<T>,
}

/// Where a claimed id is kept: its shard and its entry there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Claimed {
    shard: usize,
    slot: Slot,
}

/// An id's loose form, the fingerprint it is found by and its shard.
struct Key<'a> {
    loose: std::borrow::Cow<'a, str>,
    fp: u64,
    shard: usize,
}

impl<'a> Key<'a> {
    fn of(id: &'a str) -> Self {
        let loose = loose_id(id);
        let fp = ids::fingerprint64(&loose);
        // Bits the maps' own tables use least: their low bits pick a bucket, their top bits
        // tell entries apart within one.
        let shard = (fp >> 40) as usize % SHARDS;
        Key { loose, fp, shard }
    }
}

impl<T> Ids<T> {
    /// The entry of `id` as written, if there is one.
    fn get(&self, id: &str) -> Option<&Seen<T>> {
        let key = Key::of(id);
        self.shards[key.shard]
            .get_by(key.fp)
            .filter(|s| s.exact == ids::fingerprint(id))
    }

    /// Why an id written so (`exact`) cannot be claimed: it was first seen as `first`.
    fn taken(files: &Files, first: &Seen<T>, exact: u32, column: &str) -> (Code, String) {
        let at = files.at(first.place);
        if first.exact == exact {
            (
                Code::DuplicateId,
                format!("duplicate {column}: already used on {at}"),
            )
        } else {
            (
                Code::ProbableDuplicateId,
                format!(
                    "probably the same {column} as on {at}: the two differ only in case or in the hyphen used; if they are different records, give them ids that differ otherwise",
                ),
            )
        }
    }

    /// Records where the id was first seen; on a duplicate, or an id that differs from an
    /// earlier one only in case or the hyphen used (D-1, d-1, D‐1), returns why, naming the
    /// first line, and its file when it is another.
    ///
    /// `earlier` holds the ids of the rows before these, when these ids are those of one piece of
    /// a file: an id there is taken. An id already here at this very line was put here by the
    /// piece this row is in, read before: the row is its first.
    pub(super) fn claim(
        &mut self,
        earlier: Option<&Ids<T>>,
        id: &str,
        line: u64,
        column: &str,
    ) -> Result<Claimed, (Code, String)> {
        let key = Key::of(id);
        let exact = ids::fingerprint(id);
        if let Some(first) = earlier.and_then(|e| e.shards[key.shard].get_by(key.fp)) {
            return Err(Self::taken(&self.files, first, exact, column));
        }
        let place = self.files.place(line);
        let seen = Seen {
            place,
            exact,
            used: None,
        };
        match self.shards[key.shard].insert_new_by(key.fp, &key.loose, seen) {
            Ok(slot) => Ok(Claimed {
                shard: key.shard,
                slot,
            }),
            Err((slot, first)) if first.place == place => Ok(Claimed {
                shard: key.shard,
                slot,
            }),
            Err((_, first)) => Err(Self::taken(&self.files, first, exact, column)),
        }
    }

    /// Keeps what the checks need of the record whose id `claim` gave `claimed`, once it passed
    /// every check: references to it now resolve.
    pub(super) fn mark_used(&mut self, claimed: Claimed, value: T) {
        self.shards[claimed.shard].slot_mut(claimed.slot).used = Some(value);
    }

    /// Makes room for about `rows` more ids, so that the table does not grow row by row.
    pub(super) fn reserve(&mut self, rows: usize) {
        let each = rows / SHARDS + 1;
        for shard in &mut self.shards {
            shard.reserve(each, each * 12);
        }
    }

    /// A map for the ids of one piece of the file being read: empty, numbering places as this one.
    pub(super) fn piece(&self) -> Ids<T> {
        Ids {
            files: self.files.clone(),
            ..Ids::default()
        }
    }

    /// Takes in the ids of the pieces of a file, claimed apart (in the order of the pieces), one
    /// shard per thread; returns for each piece whether one of its ids was here already, having
    /// been claimed by an earlier piece or file: that piece's rows must be checked again against
    /// these ids. Each id not here yet is the first of its kind and keeps what its piece found.
    pub(super) fn absorb(&mut self, pieces: Vec<Ids<T>>, threads: usize) -> Vec<bool>
    where
        T: Send,
    {
        let mut columns: Vec<Vec<IdMap<Seen<T>>>> = (0..SHARDS).map(|_| Vec::new()).collect();
        for piece in pieces {
            for (shard, map) in piece.shards.into_iter().enumerate() {
                columns[shard].push(map);
            }
        }
        let work: Vec<_> = self.shards.iter_mut().zip(columns).collect();
        let per_thread = work.len().div_ceil(threads.max(1));
        let found: Vec<Vec<bool>> = std::thread::scope(|scope| {
            let mut work = work;
            let mut handles = Vec::new();
            while !work.is_empty() {
                let batch: Vec<_> = work.drain(..per_thread.min(work.len())).collect();
                handles.push(scope.spawn(move || {
                    let mut found = Vec::new();
                    for (shard, maps) in batch {
                        found.resize(maps.len(), false);
                        let mut maps = maps.into_iter().enumerate().peekable();
                        // The first piece's map is taken as it is when nothing is here yet.
                        if shard.is_empty()
                            && let Some((_, first)) = maps.next()
                        {
                            *shard = first;
                        }
                        let rest: Vec<_> = maps.collect();
                        let more = rest.iter().map(|(_, m)| m.len()).sum();
                        let bytes = rest.iter().map(|(_, m)| m.text_len()).sum();
                        shard.reserve(more, bytes);
                        for (i, map) in rest {
                            found[i] |= shard.absorb(map) > 0;
                        }
                    }
                    found
                }));
            }
            handles
                .into_iter()
                .map(|h| h.join().expect("a thread joining ids panicked"))
                .collect()
        });
        found.into_iter().fold(Vec::new(), |mut all, some| {
            all.resize(all.len().max(some.len()), false);
            for (a, b) in all.iter_mut().zip(some) {
                *a |= b;
            }
            all
        })
    }

    /// Looks up a reference from a file of another kind: what was kept of the record, and its
    /// place; `Err` says why the reference dangles.
    pub(super) fn refer(&self, id: &str, what: &str) -> Result<(&T, u64), (Code, String)> {
        match self.get(id) {
            None => Err((
                Code::DanglingReference,
                format!("names no {what} in {}", self.files.named(what)),
            )),
            Some(Seen {
                used: Some(v),
                place,
                ..
            }) => Ok((v, *place)),
            Some(Seen {
                place, used: None, ..
            }) => Err((
                Code::RejectedReference,
                format!(
                    "names the {what} on {}, which was rejected",
                    self.files.at_file(*place)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_found_in_its_file_whatever_the_files_before_it() {
        let mut files = Files::default();
        files.open("a.csv".into());
        let a2 = files.place(2);
        let a9 = files.place(9);
        files.close(9);
        // Nothing is placed in b.csv: it holds no place, and c.csv's lines are still its own.
        files.open("b.csv".into());
        files.open("c.csv".into());
        let c2 = files.place(2);
        let c4 = files.place(4);
        files.close(4);
        assert_eq!(files.at(a2), "line 2 of a.csv");
        assert_eq!(files.at(a9), "line 9 of a.csv");
        assert_eq!(files.at(c2), "line 2");
        assert_eq!(files.at_file(c4), "line 4 of c.csv");
        files.open("d.csv".into());
        assert_eq!(files.at(c4), "line 4 of c.csv");
        assert_eq!(
            files.named("arrest"),
            "any of the 4 arrest files read (a.csv to d.csv)"
        );
    }

    #[test]
    fn an_id_is_unique_across_the_files_of_its_kind() {
        let mut ids = Ids::<()>::default();
        ids.files.open("jan.csv".into());
        let a1 = ids.claim(None, "A-1", 2, "arrest_id").unwrap();
        ids.files.close(2);
        ids.files.open("feb.csv".into());
        assert!(ids.claim(None, "A-2", 2, "arrest_id").is_ok());
        assert_eq!(
            ids.claim(None, "A-1", 3, "arrest_id"),
            Err((
                Code::DuplicateId,
                "duplicate arrest_id: already used on line 2 of jan.csv".into()
            ))
        );
        assert_eq!(
            ids.claim(None, "A-2", 4, "arrest_id"),
            Err((
                Code::DuplicateId,
                "duplicate arrest_id: already used on line 2".into()
            ))
        );
        assert!(matches!(
            ids.refer("A-1", "arrest"),
            Err((Code::RejectedReference, reason)) if reason == "names the arrest on line 2 of jan.csv, which was rejected"
        ));
        ids.mark_used(a1, ());
        assert_eq!(
            ids.refer("A-1", "arrest")
                .map(|(_, place)| ids.files.at_file(place)),
            Ok("line 2 of jan.csv".into())
        );
        assert_eq!(
            ids.refer("A-9", "arrest").err(),
            Some((
                Code::DanglingReference,
                "names no arrest in jan.csv or feb.csv".into()
            ))
        );
    }
}

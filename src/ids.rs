//! A map from text ids to small values: the checks must remember every id they have seen (for
//! duplicates and references). An id is found by a 64-bit fingerprint kept in a table of 16 bytes
//! an entry, so a lookup touches one entry and its value; the ids' text is kept in one shared
//! buffer, read only to confirm that an id inserted again is the same text.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// A 32-bit fingerprint of an id, the same on every run: tells apart two ids that a map keeps
/// under one key (ids that differ only in case), which are few, so that two of them share one
/// with a chance of about 1 in 2^32. 32 bits fit in the padding of a map entry: no memory added.
pub fn fingerprint(id: &str) -> u32 {
    (FixedState::with_seed(0x6964_7320_6172_6520).hash_one(id) >> 32) as u32
}

/// The 64-bit fingerprint an [`IdMap`] finds an id by, the same on every run.
pub fn fingerprint64(id: &str) -> u64 {
    FixedState::with_seed(0x6964_6d61_7020_6b65).hash_one(id)
}

pub struct IdMap<V> {
    /// Every id inserted, one after another: read only to confirm that an id inserted again is
    /// the same text, never when looking one up.
    arena: String,
    /// Where each id is in `arena`, by entry number.
    spans: Vec<(u32, u32)>,
    /// The values, by entry number ([`Slot`]).
    values: Vec<V>,
    /// (fingerprint, entry number) of each id, found by the fingerprint: 16 bytes an id, and a
    /// lookup reads nothing else.
    table: HashTable<(u64, u32)>,
}

/// The number of an entry: what [`IdMap::insert_new`] hands back, so that the entry can be
/// changed later without looking its id up again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(u32);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            arena: String::new(),
            spans: Vec::new(),
            values: Vec::new(),
            table: HashTable::new(),
        }
    }
}

impl<V> IdMap<V> {
    fn text(&self, n: u32) -> &str {
        let (start, len) = self.spans[n as usize];
        &self.arena[start as usize..start as usize + len as usize]
    }

    /// The entry of `id`, found by its 64-bit fingerprint alone: two ids that share one (about
    /// one chance in 10^10 for a million ids) would be taken for one another here. Inserting
    /// confirms a match on the text, so a duplicate is never reported on a fingerprint alone.
    fn find(&self, fp: u64) -> Option<u32> {
        self.table.find(fp, |&(f, _)| f == fp).map(|&(_, n)| n)
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.get_by(fingerprint64(id))
    }

    /// The value of the id whose [`fingerprint64`] is `fp`.
    pub fn get_by(&self, fp: u64) -> Option<&V> {
        self.find(fp).map(|n| &self.values[n as usize])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        self.find(fingerprint64(id))
            .map(|n| &mut self.values[n as usize])
    }

    /// The value of the entry `slot`.
    pub fn slot_mut(&mut self, slot: Slot) -> &mut V {
        &mut self.values[slot.0 as usize]
    }

    /// Makes room for `more` ids (`bytes` of them in all) without growing again: a table that
    /// doubles as it fills moves every entry each time.
    pub fn reserve(&mut self, more: usize, bytes: usize) {
        self.arena.reserve(bytes);
        self.spans.reserve(more);
        self.values.reserve(more);
        self.table.reserve(more, |&(f, _)| f);
    }

    /// Inserts `id` unless it is there already: `Ok` with the new entry's slot, or `Err` with
    /// the value it had. One lookup either way.
    pub fn insert_new(&mut self, id: &str, value: V) -> Result<Slot, &V> {
        self.insert_new_by(fingerprint64(id), id, value)
            .map_err(|(_, v)| &*v)
    }

    /// [`insert_new`](Self::insert_new) of an id whose [`fingerprint64`] is `fp`; `Err` holds the
    /// entry that was there.
    pub fn insert_new_by(&mut self, fp: u64, id: &str, value: V) -> Result<Slot, (Slot, &mut V)> {
        // Entries of the same fingerprint whose text differs are kept apart: the text decides.
        let (arena, spans) = (&self.arena, &self.spans);
        let same = |&(f, n): &(u64, u32)| {
            f == fp && {
                let (start, len) = spans[n as usize];
                &arena[start as usize..start as usize + len as usize] == id
            }
        };
        if let Some(&(_, n)) = self.table.find(fp, same) {
            return Err((Slot(n), &mut self.values[n as usize]));
        }
        let n = u32::try_from(self.values.len()).expect("fewer than 2^32 ids");
        let start = u32::try_from(self.arena.len()).expect("ids shorter than 4 GiB in all");
        self.arena.push_str(id);
        self.spans.push((start, id.len() as u32));
        self.values.push(value);
        self.table.insert_unique(fp, (fp, n), |&(f, _)| f);
        debug_assert_eq!(self.text(n), id);
        Ok(Slot(n))
    }

    /// Inserts every id of `other` that is not here yet, in the order `other` took them in; the
    /// number of those that were here already (their values from `other` are dropped).
    pub fn absorb(&mut self, other: IdMap<V>) -> usize {
        self.reserve(other.len(), other.arena.len());
        let mut found = 0;
        for (&(start, len), value) in other.spans.iter().zip(other.values) {
            let id = &other.arena[start as usize..start as usize + len as usize];
            if self.insert_new(id, value).is_err() {
                found += 1;
            }
        }
        found
    }

    /// The bytes of text of the ids.
    pub fn text_len(&self) -> usize {
        self.arena.len()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_by_their_text() {
        let mut map = IdMap::default();
        assert!(map.insert_new("INS-1", 2).is_ok());
        let two = map.insert_new("INS-2", 3).unwrap();
        assert_eq!(map.insert_new("INS-1", 9), Err(&2));
        *map.slot_mut(two) = 3;
        assert_eq!(map.get("INS-2"), Some(&3));
        assert_eq!(map.get("INS-3"), None);
        *map.get_mut("INS-2").unwrap() = 4;
        assert_eq!(map.get("INS-2"), Some(&4));
        assert_eq!(map.len(), 2);
        map.reserve(10_000, 80_000);
        for i in 0..10_000 {
            assert!(map.insert_new(&format!("id-{i}"), i).is_ok());
        }
        assert_eq!(map.get("id-9999"), Some(&9999));
        assert_eq!(map.get("INS-1"), Some(&2));
    }

    #[test]
    fn a_map_absorbs_the_ids_it_lacks_and_counts_those_it_has() {
        let mut first = IdMap::default();
        first.insert_new("A-1", 1).unwrap();
        first.insert_new("A-2", 2).unwrap();
        let mut second = IdMap::default();
        second.insert_new("A-2", 20).unwrap();
        second.insert_new("A-3", 30).unwrap();
        assert_eq!(first.absorb(second), 1);
        assert_eq!(first.get("A-2"), Some(&2));
        assert_eq!(first.get("A-3"), Some(&30));
        assert_eq!(first.len(), 3);
    }
}

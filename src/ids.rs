//! A map from text ids to small values whose ids live in one shared buffer: the checks must
//! remember every id they have seen (for duplicates and references), and this keeps that memory
//! at the ids' bytes plus a few words each, with no allocation per id.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// A 32-bit fingerprint of an id, the same on every run: tells apart two ids that a map keeps
/// under one key (ids that differ only in case), which are few, so that two of them share one
/// with a chance of about 1 in 2^32. 32 bits fit in the padding of a map entry: no memory added.
pub fn fingerprint(id: &str) -> u32 {
    (FixedState::with_seed(0x6964_7320_6172_6520).hash_one(id) >> 32) as u32
}

pub struct IdMap<V> {
    /// Every id inserted, one after another.
    arena: String,
    /// Each id's place in `arena` and its value, in the order inserted: a [`Slot`] number
    /// indexes it.
    entries: Vec<Entry<V>>,
    /// The numbers of the entries, found by the hash of their id.
    table: HashTable<u32>,
    hasher: FixedState,
}

struct Entry<V> {
    start: usize,
    len: usize,
    value: V,
}

/// The number of an entry: what [`IdMap::insert_new`] hands back, so that the entry can be
/// changed later without looking its id up again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(u32);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            arena: String::new(),
            entries: Vec::new(),
            table: HashTable::new(),
            hasher: FixedState::default(),
        }
    }
}

impl<V> IdMap<V> {
    fn id(&self, n: u32) -> &str {
        let e = &self.entries[n as usize];
        &self.arena[e.start..e.start + e.len]
    }

    fn find(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.table.find(hash, |&n| self.id(n) == id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.find(id).map(|n| &self.entries[n as usize].value)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        self.find(id).map(|n| &mut self.entries[n as usize].value)
    }

    /// The value of the entry `slot`.
    pub fn slot_mut(&mut self, slot: Slot) -> &mut V {
        &mut self.entries[slot.0 as usize].value
    }

    /// Makes room for `more` ids (`bytes` of them in all) without growing again: a table that
    /// doubles as it fills moves every entry each time.
    pub fn reserve(&mut self, more: usize, bytes: usize) {
        self.arena.reserve(bytes);
        self.entries.reserve(more);
        let (entries, arena, hasher) = (&self.entries, &self.arena, &self.hasher);
        self.table.reserve(more, |&n| {
            let e = &entries[n as usize];
            hasher.hash_one(&arena[e.start..e.start + e.len])
        });
    }

    /// Inserts `id` unless it is there already: `Ok` with the new entry's slot, or `Err` with
    /// the value it had. One lookup either way.
    pub fn insert_new(&mut self, id: &str, value: V) -> Result<Slot, &V> {
        let hash = self.hasher.hash_one(id);
        let (entries, arena, hasher) = (&self.entries, &self.arena, &self.hasher);
        let entry = self.table.entry(
            hash,
            |&n| {
                let e = &entries[n as usize];
                &arena[e.start..e.start + e.len] == id
            },
            |&n| {
                let e = &entries[n as usize];
                hasher.hash_one(&arena[e.start..e.start + e.len])
            },
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(found) => {
                Err(&self.entries[*found.get() as usize].value)
            }
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                let n = u32::try_from(self.entries.len()).expect("fewer than 2^32 ids");
                vacant.insert(n);
                let start = self.arena.len();
                self.arena.push_str(id);
                self.entries.push(Entry {
                    start,
                    len: id.len(),
                    value,
                });
                Ok(Slot(n))
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
}

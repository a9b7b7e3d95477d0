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
    table: HashTable<Slot<V>>,
    hasher: FixedState,
}

struct Slot<V> {
    start: usize,
    len: usize,
    value: V,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            arena: String::new(),
            table: HashTable::new(),
            hasher: FixedState::default(),
        }
    }
}

impl<V> IdMap<V> {
    fn find(&self, id: &str) -> Option<&Slot<V>> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |s| &self.arena[s.start..s.start + s.len] == id)
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.find(id).map(|s| &s.value)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        let hash = self.hasher.hash_one(id);
        let arena = &self.arena;
        self.table
            .find_mut(hash, |s| &arena[s.start..s.start + s.len] == id)
            .map(|s| &mut s.value)
    }

    /// Inserts `id` unless it is there already; returns the value it had, if it had one.
    pub fn insert_new(&mut self, id: &str, value: V) -> Option<&V> {
        let hash = self.hasher.hash_one(id);
        let arena = &self.arena;
        if self
            .table
            .find(hash, |s| &arena[s.start..s.start + s.len] == id)
            .is_some()
        {
            // Duplicates are rare: looking up once more keeps the borrows simple.
            return self.get(id);
        }
        let start = self.arena.len();
        self.arena.push_str(id);
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.table.insert_unique(
            hash,
            Slot {
                start,
                len: id.len(),
                value,
            },
            |s| hasher.hash_one(&arena[s.start..s.start + s.len]),
        );
        None
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_by_their_text() {
        let mut map = IdMap::default();
        assert!(map.insert_new("INS-1", 2).is_none());
        assert!(map.insert_new("INS-2", 3).is_none());
        assert_eq!(map.insert_new("INS-1", 9), Some(&2));
        assert_eq!(map.get("INS-2"), Some(&3));
        assert_eq!(map.get("INS-3"), None);
        *map.get_mut("INS-2").unwrap() = 4;
        assert_eq!(map.get("INS-2"), Some(&4));
        assert_eq!(map.len(), 2);
        for i in 0..10_000 {
            map.insert_new(&format!("id-{i}"), i);
        }
        assert_eq!(map.get("id-9999"), Some(&9999));
        assert_eq!(map.get("INS-1"), Some(&2));
    }
}

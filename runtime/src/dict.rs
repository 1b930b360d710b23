//! [`Dict`]: an insertion-ordered hash map with Python key semantics, laid
//! out like CPython's compact dict: an entry list in insertion order and an
//! open-addressing index table probed with CPython's perturbation scheme.

use crate::compare::key_eq;
use crate::error::PyResult;
use crate::hash::{table_hash, table_hash_str};
use crate::value::Value;

/// One slot of the entry list (`None` once deleted).
type Entry = Option<(i64, Value, Value)>;

/// An index-table slot that never held an entry.
const EMPTY: u32 = u32::MAX;
/// An index-table slot whose entry was deleted.
const DUMMY: u32 = u32::MAX - 1;

/// A Python `dict`: entries in insertion order, found through their hash.
///
/// Its own methods compare keys with `==` while the caller holds the dict;
/// keys whose `__hash__`/`__eq__` run Python code go through
/// [`crate::dict_shared`], which runs that code with the dict released.
#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Entry>,
    table: Vec<u32>,
    len: usize,
    /// Changes whenever an entry is added, removed or moved (not when a
    /// value is replaced): entry positions stay valid while it is unchanged.
    /// Each change takes a number never used before on this thread (see
    /// [`next_layout_version`]), so two dicts with the same version have
    /// the same keys at the same positions (a clone, or two empty dicts at
    /// version 0): a cache keyed by the version stays sound even when a
    /// dict's contents are replaced wholesale (`mem::take`, assignment).
    layout_version: u64,
}

thread_local! {
    /// The last layout version handed out on this thread.
    static LAYOUT_VERSIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A layout version never used before on this thread (dicts hold `Rc`s and
/// never leave their thread).
#[inline]
fn next_layout_version() -> u64 {
    LAYOUT_VERSIONS.with(|c| {
        let v = c.get().wrapping_add(1);
        c.set(v);
        v
    })
}

/// Byte equality of two short names without a call into `memcmp`.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Where a probe ended.
enum Probe {
    /// The key is at this table slot, pointing at this entry.
    Found { slot: usize, entry: usize },
    /// The key is absent; this table slot can take it.
    Vacant(usize),
    /// The table is empty.
    NoTable,
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// `len(d)`.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the dict is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Probes for a key with hash `h` (CPython's `lookdict` order).
    fn probe(&self, h: i64, is_key: impl Fn(&Value) -> bool) -> Probe {
        if self.table.is_empty() {
            return Probe::NoTable;
        }
        let mask = self.table.len() - 1;
        let mut perturb = h as u64;
        let mut i = (perturb as usize) & mask;
        let mut first_dummy = None;
        for _ in 0..=self.table.len() * 4 {
            match self.table.get(i).copied().unwrap_or(EMPTY) {
                EMPTY => return Probe::Vacant(first_dummy.unwrap_or(i)),
                DUMMY => {
                    first_dummy.get_or_insert(i);
                }
                e => {
                    if let Some(Some((eh, k, _))) = self.entries.get(e as usize) {
                        if *eh == h && is_key(k) {
                            return Probe::Found {
                                slot: i,
                                entry: e as usize,
                            };
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        match first_dummy {
            Some(d) => Probe::Vacant(d),
            None => Probe::NoTable,
        }
    }

    fn find(&self, h: i64, key: &Value) -> Option<usize> {
        match self.probe(h, |k| key_eq(k, key)) {
            Probe::Found { entry, .. } => Some(entry),
            _ => None,
        }
    }

    fn value_at(&self, entry: usize) -> Option<Value> {
        match self.entries.get(entry) {
            Some(Some((_, _, v))) => Some(v.clone()),
            _ => None,
        }
    }

    /// `d[key]` (`Ok(None)` when missing); unhashable keys raise.
    pub fn get(&self, key: &Value) -> PyResult<Option<Value>> {
        let h = table_hash(key)?;
        Ok(self.find(h, key).and_then(|e| self.value_at(e)))
    }

    /// `d[name]` for a `str` key, without building a key object.
    pub fn get_str(&self, name: &str) -> Option<Value> {
        let h = table_hash_str(name);
        match self.probe(
            h,
            |k| matches!(k, Value::Str(s) if same_text(s.as_str(), name)),
        ) {
            Probe::Found { entry, .. } => self.value_at(entry),
            _ => None,
        }
    }

    /// The entry position of the `str` key `name`.
    pub(crate) fn find_str(&self, name: &str) -> Option<usize> {
        match self.probe(
            table_hash_str(name),
            |k| matches!(k, Value::Str(s) if same_text(s.as_str(), name)),
        ) {
            Probe::Found { entry, .. } => Some(entry),
            _ => None,
        }
    }

    /// The value at entry position `entry` if its key is the str `name`.
    #[inline]
    pub(crate) fn value_at_str(&self, entry: usize, name: &str) -> Option<Value> {
        match self.entries.get(entry) {
            Some(Some((_, Value::Str(k), v))) if same_text(k, name) => Some(v.clone()),
            _ => None,
        }
    }

    /// The value at entry position `entry` if its key is the str `name`,
    /// borrowed.
    #[inline]
    pub(crate) fn value_ref_at_str(&self, entry: usize, name: &str) -> Option<&Value> {
        match self.entries.get(entry) {
            Some(Some((_, Value::Str(k), v))) if same_text(k, name) => Some(v),
            _ => None,
        }
    }

    /// See the `layout_version` field.
    #[inline]
    pub(crate) fn layout_version(&self) -> u64 {
        self.layout_version
    }

    /// `d[name] = value` for a `str` key; returns the value replaced.
    pub fn set_str(&mut self, name: &str, value: Value) -> Option<Value> {
        let h = table_hash_str(name);
        if let Probe::Found { entry, .. } = self.probe(
            h,
            |k| matches!(k, Value::Str(s) if same_text(s.as_str(), name)),
        ) {
            if let Some(Some((_, _, v))) = self.entries.get_mut(entry) {
                return Some(std::mem::replace(v, value));
            }
        }
        self.insert_new(h, Value::str(name), value);
        None
    }

    /// `key in d`.
    pub fn contains(&self, key: &Value) -> PyResult<bool> {
        let h = table_hash(key)?;
        Ok(self.find(h, key).is_some())
    }

    /// `d[key] = value` (an existing key keeps its place and its key object).
    pub fn set(&mut self, key: Value, value: Value) -> PyResult<()> {
        let h = table_hash(&key)?;
        if let Some(entry) = self.find(h, &key) {
            if let Some(Some((_, _, v))) = self.entries.get_mut(entry) {
                *v = value;
            }
            return Ok(());
        }
        self.insert_new(h, key, value);
        Ok(())
    }

    /// Appends an entry for a key known to be absent.
    fn insert_new(&mut self, h: i64, key: Value, value: Value) {
        if (self.entries.len() + 1) * 3 > self.table.len() * 2 {
            self.rebuild(self.len + 1);
        }
        let slot = match self.probe(h, |_| false) {
            Probe::Vacant(slot) => slot,
            _ => {
                self.rebuild(self.len + 1);
                match self.probe(h, |_| false) {
                    Probe::Vacant(slot) => slot,
                    _ => return,
                }
            }
        };
        let index = self.entries.len() as u32;
        self.layout_version = next_layout_version();
        if let Some(t) = self.table.get_mut(slot) {
            *t = index;
            self.entries.push(Some((h, key, value)));
            self.len += 1;
        }
    }

    /// Drops deleted entries and rebuilds the index table for `needed` keys.
    fn rebuild(&mut self, needed: usize) {
        self.layout_version = next_layout_version();
        self.entries.retain(|e| e.is_some());
        let mut size = 8;
        while size * 2 < needed * 3 + 1 {
            size *= 2;
        }
        self.table = vec![EMPTY; size];
        let mask = size - 1;
        for (index, entry) in self.entries.iter().enumerate() {
            let Some((h, _, _)) = entry else { continue };
            let mut perturb = *h as u64;
            let mut i = (perturb as usize) & mask;
            while let Some(slot) = self.table.get_mut(i) {
                if *slot == EMPTY {
                    *slot = index as u32;
                    break;
                }
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
        }
    }

    /// Removes `key`, returning its value (`Ok(None)` when missing).
    pub fn remove(&mut self, key: &Value) -> PyResult<Option<Value>> {
        let h = table_hash(key)?;
        let Probe::Found { slot, entry } = self.probe(h, |k| key_eq(k, key)) else {
            return Ok(None);
        };
        if let Some(t) = self.table.get_mut(slot) {
            *t = DUMMY;
        }
        self.layout_version = next_layout_version();
        let old = self.entries.get_mut(entry).and_then(|e| e.take());
        self.len -= 1;
        Ok(old.map(|(_, _, v)| v))
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.layout_version = next_layout_version();
        self.entries.clear();
        self.table.clear();
        self.len = 0;
    }

    /// Removes every entry and returns them in a dict of their own, to be
    /// dropped once this one is no longer borrowed (the cycle collector);
    /// the layout version moves on, as in [`Dict::clear`].
    pub(crate) fn take_all(&mut self) -> Dict {
        let version = next_layout_version();
        let old = std::mem::take(self);
        self.layout_version = version;
        old
    }

    /// The number of entry slots (deleted ones included): positions for
    /// [`Dict::entry_at`].
    pub fn slots(&self) -> usize {
        self.entries.len()
    }

    /// The live entry at slot `i`.
    pub fn entry_at(&self, i: usize) -> Option<(&Value, &Value)> {
        match self.entries.get(i) {
            Some(Some((_, k, v))) => Some((k, v)),
            _ => None,
        }
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(_, k, v)| (k, v))
    }

    /// The keys in insertion order (cloned).
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// The values in insertion order (cloned).
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }

    /// The `(key, value)` pairs in insertion order (cloned).
    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// The entries whose hash is `h`, in probe order: their positions and
    /// key objects.
    pub(crate) fn candidates(&self, h: i64) -> Vec<(usize, Value)> {
        let mut out = Vec::new();
        if self.table.is_empty() {
            return out;
        }
        let mask = self.table.len() - 1;
        let mut perturb = h as u64;
        let mut i = (perturb as usize) & mask;
        for _ in 0..=self.table.len() * 4 {
            match self.table.get(i).copied().unwrap_or(EMPTY) {
                EMPTY => break,
                DUMMY => {}
                e => {
                    if let Some(Some((eh, k, _))) = self.entries.get(e as usize) {
                        if *eh == h {
                            out.push((e as usize, k.clone()));
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        out
    }

    /// The value of the entry at position `entry`.
    pub(crate) fn value_at_entry(&self, entry: usize) -> Option<Value> {
        self.value_at(entry)
    }

    /// Replaces the value of the entry at `entry` if it still holds the key
    /// object `key`; returns the old value.
    pub(crate) fn replace_at(&mut self, entry: usize, key: &Value, value: Value) -> Option<Value> {
        match self.entries.get_mut(entry) {
            Some(Some((_, k, v))) if crate::compare::is(k, key) => {
                Some(std::mem::replace(v, value))
            }
            _ => None,
        }
    }

    /// Adds an entry for a key with hash `h`, known to be absent.
    pub(crate) fn insert_hashed(&mut self, h: i64, key: Value, value: Value) {
        self.insert_new(h, key, value);
    }

    /// Removes the entry at `entry` (hash `h`) if it still holds the key
    /// object `key`; returns its value.
    pub(crate) fn remove_at(&mut self, h: i64, entry: usize, key: &Value) -> Option<Value> {
        let Probe::Found { slot, entry: e } = self.probe(h, |k| crate::compare::is(k, key)) else {
            return None;
        };
        if e != entry {
            return None;
        }
        if let Some(t) = self.table.get_mut(slot) {
            *t = DUMMY;
        }
        self.layout_version = next_layout_version();
        let old = self.entries.get_mut(entry).and_then(|e| e.take());
        self.len -= 1;
        old.map(|(_, _, v)| v)
    }

    /// The last inserted entry, removed (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let key = self
            .entries
            .iter()
            .rev()
            .flatten()
            .next()
            .map(|(_, k, _)| k.clone())?;
        let value = self.remove(&key).ok().flatten()?;
        Some((key, value))
    }
}

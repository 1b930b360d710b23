//! [`Dict`]: an insertion-ordered hash map with Python key semantics.

use std::collections::HashMap;

use crate::compare::key_eq;
use crate::error::PyResult;
use crate::hash::hash;
use crate::value::Value;

/// One slot of the entry table (`None` once deleted).
type Entry = Option<(i64, Value, Value)>;

/// A Python `dict`: entries in insertion order, found through their hash.
///
/// Key comparison never runs Python code (every hashable type of this
/// runtime compares natively), so lookups cannot re-enter the dict.
#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Entry>,
    index: HashMap<i64, Vec<usize>>,
    len: usize,
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

    fn find(&self, h: i64, key: &Value) -> Option<usize> {
        let slots = self.index.get(&h)?;
        slots
            .iter()
            .copied()
            .find(|&i| matches!(self.entries.get(i), Some(Some((_, k, _))) if key_eq(k, key)))
    }

    /// `d[key]` (`Ok(None)` when missing); unhashable keys raise.
    pub fn get(&self, key: &Value) -> PyResult<Option<Value>> {
        let h = hash(key)?;
        Ok(self
            .find(h, key)
            .and_then(|i| self.entries.get(i))
            .and_then(|e| e.as_ref())
            .map(|(_, _, v)| v.clone()))
    }

    /// `d[name]` for a `str` key, without building a key object.
    pub fn get_str(&self, name: &str) -> Option<Value> {
        let h = crate::hash::hash_str(name);
        let slots = self.index.get(&h)?;
        slots
            .iter()
            .copied()
            .find_map(|i| match self.entries.get(i) {
                Some(Some((_, Value::Str(k), v))) if k.as_str() == name => Some(v.clone()),
                _ => None,
            })
    }

    /// `d[name] = value` for a `str` key; returns the value replaced.
    pub fn set_str(&mut self, name: &str, value: Value) -> Option<Value> {
        let h = crate::hash::hash_str(name);
        if let Some(slots) = self.index.get(&h) {
            for &i in slots {
                if let Some(Some((_, Value::Str(k), v))) = self.entries.get_mut(i) {
                    if k.as_str() == name {
                        return Some(std::mem::replace(v, value));
                    }
                }
            }
        }
        let _ = self.set(Value::str(name), value);
        None
    }

    /// `key in d`.
    pub fn contains(&self, key: &Value) -> PyResult<bool> {
        let h = hash(key)?;
        Ok(self.find(h, key).is_some())
    }

    /// `d[key] = value` (an existing key keeps its place and its key object).
    pub fn set(&mut self, key: Value, value: Value) -> PyResult<()> {
        let h = hash(&key)?;
        if let Some(i) = self.find(h, &key) {
            if let Some(Some((_, _, v))) = self.entries.get_mut(i) {
                *v = value;
            }
            return Ok(());
        }
        self.index.entry(h).or_default().push(self.entries.len());
        self.entries.push(Some((h, key, value)));
        self.len += 1;
        Ok(())
    }

    /// Removes `key`, returning its value (`Ok(None)` when missing).
    pub fn remove(&mut self, key: &Value) -> PyResult<Option<Value>> {
        let h = hash(key)?;
        let Some(i) = self.find(h, key) else {
            return Ok(None);
        };
        if let Some(slots) = self.index.get_mut(&h) {
            slots.retain(|&s| s != i);
            if slots.is_empty() {
                self.index.remove(&h);
            }
        }
        let old = self.entries.get_mut(i).and_then(|e| e.take());
        self.len -= 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Ok(old.map(|(_, _, v)| v))
    }

    fn compact(&mut self) {
        let entries: Vec<Entry> = self.entries.drain(..).filter(|e| e.is_some()).collect();
        self.index.clear();
        for (i, (h, _, _)) in entries.iter().flatten().enumerate() {
            self.index.entry(*h).or_default().push(i);
        }
        self.entries = entries;
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.len = 0;
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

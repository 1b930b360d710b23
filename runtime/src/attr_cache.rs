//! A class's cache of attribute lookups along its MRO (CPython's type
//! attribute cache): for each name looked up, which class of the MRO
//! defines it and at which entry of that class's namespace, or that none
//! does.
//!
//! The cache holds positions, never values: a hit reads the value from the
//! namespace, so replacing a value (`C.f = g`, `C.__dict__['f'] = g`) needs
//! no invalidation. What a position or an absence depends on, the keys of
//! the namespaces, is checked on every lookup: the cache was filled when
//! the namespaces of the MRO had certain layout versions
//! ([`Dict::layout_version`](crate::dict::Dict)), a number that changes,
//! never to an earlier one, whenever a key is added or removed. Any
//! difference empties the cache. Holding no values, the cache is nothing
//! the cycle collector needs to know about.

use std::cell::RefCell;

use crate::class::Class;
use crate::dict::{same_text, Dict};
use crate::value::Shared;

/// Names remembered per class before the cache starts over.
const MAX_ENTRIES: usize = 64;

/// The cache of one class (see the module documentation).
#[derive(Default)]
pub(crate) struct AttrCache {
    /// The layout versions of the namespaces of the MRO (the class first)
    /// when the entries were found.
    versions: Vec<u64>,
    /// The names looked up and where they were found.
    entries: Vec<Entry>,
}

/// One name and where the MRO has it.
struct Entry {
    name: Box<str>,
    /// The index in the MRO (0: the class itself) and the entry position in
    /// that class's namespace; `None`: no class of the MRO has the name.
    hit: Option<(usize, usize)>,
}

/// The namespace of the `i`th class of `class`'s MRO (0: `class`).
#[inline]
pub(crate) fn dict_of(class: &Class, i: usize) -> Option<&Shared<RefCell<Dict>>> {
    match i.checked_sub(1) {
        None => Some(class.dict()),
        Some(j) => class.mro_tail().get(j).map(|c| c.dict()),
    }
}

/// The layout version of a namespace (`None`: it is being changed).
#[inline]
fn version_of(dict: &Shared<RefCell<Dict>>) -> Option<u64> {
    Some(dict.try_borrow().ok()?.layout_version())
}

/// Where the MRO has a name: the index of the class in the MRO (0: the
/// class itself) and the entry position in that class's namespace.
pub(crate) type Hit = (usize, usize);

impl AttrCache {
    /// Where the MRO of `class` has `name`: `Some(None)` when no class has
    /// it, `None` when a namespace is being changed right now (the caller
    /// looks the slow way). The position stays right until a namespace of
    /// the MRO gains or loses a key.
    #[inline]
    pub(crate) fn find(&mut self, class: &Class, name: &str) -> Option<Option<Hit>> {
        if !self.still_valid(class)? {
            self.refill(class)?;
        }
        match self.entries.iter().find(|e| same_text(&e.name, name)) {
            Some(e) => Some(e.hit),
            None => self.add(class, name),
        }
    }

    /// Starts over with the current layouts of the MRO's namespaces.
    #[cold]
    #[inline(never)]
    fn refill(&mut self, class: &Class) -> Option<()> {
        self.entries.clear();
        self.versions.clear();
        self.versions.push(version_of(class.dict())?);
        for c in class.mro_tail() {
            self.versions.push(version_of(c.dict())?);
        }
        Some(())
    }

    /// Looks `name` up along the MRO and remembers where it was found.
    #[inline(never)]
    fn add(&mut self, class: &Class, name: &str) -> Option<Option<Hit>> {
        let mut hit = None;
        let mut i = 0;
        while let Some(d) = dict_of(class, i) {
            if let Some(entry) = d.try_borrow().ok()?.find_str(name) {
                hit = Some((i, entry));
                break;
            }
            i += 1;
        }
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.clear();
        }
        self.entries.push(Entry {
            name: name.into(),
            hit,
        });
        Some(hit)
    }
    /// Whether the namespaces still have the layouts the entries were
    /// found in (`None`: one is being changed).
    #[inline]
    fn still_valid(&self, class: &Class) -> Option<bool> {
        let tail = class.mro_tail();
        let Some((first, rest)) = self.versions.split_first() else {
            return Some(false);
        };
        if rest.len() != tail.len() || version_of(class.dict())? != *first {
            return Some(false);
        }
        for (c, v) in tail.iter().zip(rest) {
            if version_of(c.dict())? != *v {
                return Some(false);
            }
        }
        Some(true)
    }
}

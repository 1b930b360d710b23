//! `set` and `frozenset`, laid out as CPython 3.11's `Objects/setobject.c`
//! lays them out: one open-addressing table of `(hash, key)` slots, probed
//! with nine linear probes then CPython's perturbation, a table of 8 slots
//! that grows when `fill * 5 >= mask * 3`, deleted slots left as dummies
//! until the next resize. Iteration walks the table in slot order, so a set
//! prints its items in the order `PYTHONHASHSEED=0 python3` prints them.
//!
//! Every operation follows the C function of the same name (`set_merge`,
//! `set_intersection`, `set_difference`, ...), including which operand it
//! iterates and when it resizes, because those choices decide the order of
//! the result.
//!
//! Key comparison never runs Python code (every hashable type of this
//! runtime compares natively), so a lookup cannot re-enter the set whose
//! table it reads.

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use crate::compare::{key_eq, CmpOp};
use crate::error::{ExcType, PyErr, PyResult};
use crate::hash::hash;
use crate::methods::Args;
use crate::number::BinOp;
use crate::value::Value;

/// The size of a new table (`PySet_MINSIZE`).
const MIN_SIZE: usize = 8;
/// Slots probed one after the other before jumping (`LINEAR_PROBES`).
const LINEAR_PROBES: usize = 9;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// One slot of a set's table.
#[derive(Clone, Default)]
enum Slot {
    /// Never used (`key == NULL`).
    #[default]
    Empty,
    /// Held a key that was removed (`key == dummy`, `hash == -1`).
    Dummy,
    /// A key and its hash.
    Active(i64, Value),
}

/// The hash table of a `set` or `frozenset` (CPython's `PySetObject`
/// without the object header).
///
/// ```
/// use py_fn_runtime::{set_of, Value};
/// let s = set_of(vec![Value::Int(3), Value::Int(1), Value::Int(2)]).unwrap();
/// let Value::Set(table) = &s else { unreachable!() };
/// let table = table.borrow();
/// assert_eq!(table.len(), 3);
/// assert!(!table.is_empty());
/// // the table's slot order is the iteration order
/// assert_eq!(table.items(), vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
/// assert_eq!(table.iter().count(), 3);
/// assert_eq!(s.repr(), "{1, 2, 3}");
/// ```
#[derive(Clone)]
pub struct SetTable {
    /// `mask + 1` slots, a power of two, at least [`MIN_SIZE`].
    slots: Vec<Slot>,
    /// Active and dummy slots.
    fill: usize,
    /// Active slots (`len()`).
    used: usize,
    /// Where `pop` looks first.
    finger: usize,
}

impl Default for SetTable {
    fn default() -> SetTable {
        SetTable::new()
    }
}

impl SetTable {
    /// An empty table of 8 slots.
    pub fn new() -> SetTable {
        SetTable {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The items in iteration order.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.entries().map(|(_, k)| k)
    }

    /// The items in iteration order (cloned).
    pub fn items(&self) -> Vec<Value> {
        self.iter().cloned().collect()
    }

    /// `(hash, key)` of every item in iteration order.
    fn entries(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The next probe start after `i` (CPython's perturbation step).
    fn next_probe(i: usize, perturb: &mut u64, mask: usize) -> usize {
        *perturb >>= PERTURB_SHIFT;
        (i.wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(*perturb as usize))
            & mask
    }

    /// How many probe rounds can be needed at most: the perturbation is
    /// zero after 13 shifts, and then the steps visit every slot.
    fn probe_rounds(&self) -> usize {
        self.slots.len() + 16
    }

    /// `set_lookkey`: the slot of `key`, if present.
    fn lookup(&self, key: &Value, hash: i64) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        for _ in 0..self.probe_rounds() {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots.get(j) {
                    None | Some(Slot::Empty) => return None,
                    Some(Slot::Active(h, k)) if *h == hash && key_eq(k, key) => return Some(j),
                    _ => {}
                }
            }
            i = Self::next_probe(i, &mut perturb, mask);
        }
        None
    }

    fn contains_entry(&self, key: &Value, hash: i64) -> bool {
        self.lookup(key, hash).is_some()
    }

    /// `set_add_entry`: adds `key` unless an equal key is present; a new
    /// key takes the last dummy slot of its probe sequence, or the first
    /// empty one (and may trigger a resize).
    fn add_entry(&mut self, key: Value, hash: i64) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut freeslot = None;
        for _ in 0..self.probe_rounds() {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots.get(j) {
                    None | Some(Slot::Empty) => {
                        self.used += 1;
                        if let Some(free) = freeslot {
                            if let Some(slot) = self.slots.get_mut(free) {
                                *slot = Slot::Active(hash, key);
                            }
                            return;
                        }
                        self.fill += 1;
                        if let Some(slot) = self.slots.get_mut(j) {
                            *slot = Slot::Active(hash, key);
                        }
                        if self.fill * 5 >= mask * 3 {
                            self.resize(self.grown_size());
                        }
                        return;
                    }
                    Some(Slot::Active(h, k)) => {
                        if *h == hash && key_eq(k, &key) {
                            return;
                        }
                    }
                    Some(Slot::Dummy) => freeslot = Some(j),
                }
            }
            i = Self::next_probe(i, &mut perturb, mask);
        }
    }

    /// The `minused` CPython passes to `set_table_resize` after an insert.
    fn grown_size(&self) -> usize {
        if self.used > 50000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// `set_insert_clean`: puts a key known to be absent into a table
    /// without dummies.
    fn insert_clean(slots: &mut [Slot], key: Value, hash: i64) {
        let mask = slots.len().saturating_sub(1);
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        for _ in 0..slots.len() + 16 {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                if let Some(slot @ Slot::Empty) = slots.get_mut(j) {
                    *slot = Slot::Active(hash, key);
                    return;
                }
            }
            i = Self::next_probe(i, &mut perturb, mask);
        }
    }

    /// `set_table_resize`: a table of the smallest power of two above
    /// `minused` (at least 8), the active keys reinserted in slot order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            // The small table has no dummies: CPython leaves it alone.
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        for slot in old {
            if let Slot::Active(h, k) = slot {
                Self::insert_clean(&mut self.slots, k, h);
            }
        }
        self.fill = self.used;
    }

    /// Marks the active slot `i` as a dummy.
    fn discard_at(&mut self, i: usize) -> Option<Value> {
        let slot = self.slots.get_mut(i)?;
        if !matches!(slot, Slot::Active(..)) {
            return None;
        }
        let old = std::mem::replace(slot, Slot::Dummy);
        self.used -= 1;
        match old {
            Slot::Active(_, k) => Some(k),
            _ => None,
        }
    }

    /// `set_discard_entry`: whether `key` was present.
    fn discard_entry(&mut self, key: &Value, hash: i64) -> bool {
        match self.lookup(key, hash) {
            Some(i) => {
                let old = self.discard_at(i);
                drop(old);
                true
            }
            None => false,
        }
    }

    /// `set_clear_internal` (the pop finger stays where it was).
    fn clear(&mut self) {
        let finger = self.finger;
        let old = std::mem::take(self);
        self.finger = finger;
        drop(old);
    }

    /// `set.pop()`: the first item at or after the finger.
    fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        for _ in 0..self.slots.len() {
            if matches!(self.slots.get(i), Some(Slot::Active(..))) {
                self.finger = i + 1;
                return self.discard_at(i);
            }
            i = if i >= mask { 0 } else { i + 1 };
        }
        None
    }

    /// `set_merge`: adds every key of `other` (a different table).
    fn merge(&mut self, other: &SetTable) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            // Same size, no dummies: the slots are copied as they are.
            self.slots.clone_from(&other.slots);
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (h, k) in other.entries() {
                Self::insert_clean(&mut self.slots, k.clone(), h);
            }
            return;
        }
        for (h, k) in other.entries() {
            self.add_entry(k.clone(), h);
        }
    }

    /// The resize `set_update_internal` does before adding `n` keys of a dict.
    fn reserve_for(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// The resize after `set_difference_update_internal` when more than a
    /// quarter of the slots are dummies.
    fn purge_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(self.grown_size());
        }
    }

    /// `set_swap_bodies`: takes the table of `other` (the finger stays).
    fn take_body(&mut self, other: SetTable) {
        let finger = self.finger;
        let old = std::mem::replace(self, other);
        self.finger = finger;
        drop(old);
    }

    /// `frozenset_hash`: the items' shuffled hashes xor-ed, with the size
    /// and CPython's final dispersion.
    fn frozen_hash(&self) -> i64 {
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
        }
        let mut h: u64 = 0;
        for (eh, _) in self.entries() {
            h ^= shuffle(eh as u64);
        }
        h ^= (self.used as u64 + 1).wrapping_mul(1927868237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        if h == u64::MAX {
            h = 590923713;
        }
        h as i64
    }
}

/// A `frozenset`: its table and its hash, computed on first use.
///
/// ```
/// use py_fn_runtime::{frozenset_const, Value};
/// let f = frozenset_const(vec![Value::Int(1), Value::Int(2), Value::Int(3)]).unwrap();
/// let Value::FrozenSet(inner) = &f else { unreachable!() };
/// assert_eq!(inner.table().len(), 3);
/// // python3: hash(frozenset({1, 2, 3}))
/// assert_eq!(inner.hash(), -272375401224217160);
/// ```
pub struct FrozenSet {
    table: SetTable,
    hash: Cell<Option<i64>>,
}

impl FrozenSet {
    /// A frozenset holding the keys of `table`.
    pub fn new(table: SetTable) -> FrozenSet {
        FrozenSet {
            table,
            hash: Cell::new(None),
        }
    }

    /// The items.
    pub fn table(&self) -> &SetTable {
        &self.table
    }

    /// `hash(frozenset)` (CPython's `frozenset_hash`).
    pub fn hash(&self) -> i64 {
        if let Some(h) = self.hash.get() {
            return h;
        }
        let h = self.table.frozen_hash();
        self.hash.set(Some(h));
        h
    }
}

/// Which of the two types a new set gets (`make_new_set_basetype`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Set,
    Frozen,
}

fn wrap(kind: Kind, table: SetTable) -> Value {
    match kind {
        Kind::Set => {
            let set = Rc::new(RefCell::new(table));
            crate::gc::track(&set);
            Value::Set(set)
        }
        Kind::Frozen => Value::FrozenSet(Rc::new(FrozenSet::new(table))),
    }
}

/// Whether `v` is a `set` or a `frozenset` (`PyAnySet_Check`).
pub(crate) fn is_anyset(v: &Value) -> bool {
    matches!(v, Value::Set(_) | Value::FrozenSet(_))
}

fn kind_of(v: &Value) -> Kind {
    match v {
        Value::FrozenSet(_) => Kind::Frozen,
        _ => Kind::Set,
    }
}

/// A borrowed table of a set or frozenset.
enum TableRef<'a> {
    Cell(Ref<'a, SetTable>),
    Frozen(&'a SetTable),
}

impl std::ops::Deref for TableRef<'_> {
    type Target = SetTable;
    fn deref(&self) -> &SetTable {
        match self {
            TableRef::Cell(r) => r,
            TableRef::Frozen(t) => t,
        }
    }
}

fn busy() -> PyErr {
    PyErr::new(ExcType::RuntimeError, "set changed size during iteration")
}

/// The table of a set or frozenset (`None` for other values).
fn table(v: &Value) -> PyResult<Option<TableRef<'_>>> {
    match v {
        Value::Set(s) => s
            .try_borrow()
            .map(|r| Some(TableRef::Cell(r)))
            .map_err(|_| busy()),
        Value::FrozenSet(f) => Ok(Some(TableRef::Frozen(&f.table))),
        _ => Ok(None),
    }
}

/// The table of a value known to be a set.
fn table_of(v: &Value) -> PyResult<TableRef<'_>> {
    table(v)?.ok_or_else(|| PyErr::type_error(format!("'{}' object is not a set", v.type_name())))
}

/// Two values that are the same set object.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Set(x), Value::Set(y)) => Rc::ptr_eq(x, y),
        (Value::FrozenSet(x), Value::FrozenSet(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `len(s)`.
pub(crate) fn len(v: &Value) -> PyResult<usize> {
    Ok(table_of(v)?.len())
}

/// A table a set operation writes to: a new one, or a `set` in place.
enum Target<'a> {
    Owned(&'a mut SetTable),
    Cell(&'a RefCell<SetTable>),
}

impl Target<'_> {
    fn with<R>(&mut self, f: impl FnOnce(&mut SetTable) -> R) -> PyResult<R> {
        match self {
            Target::Owned(t) => Ok(f(t)),
            Target::Cell(c) => {
                let mut t = c.try_borrow_mut().map_err(|_| busy())?;
                Ok(f(&mut t))
            }
        }
    }

    fn read<R>(&self, f: impl FnOnce(&SetTable) -> R) -> PyResult<R> {
        match self {
            Target::Owned(t) => Ok(f(t)),
            Target::Cell(c) => {
                let t = c.try_borrow().map_err(|_| busy())?;
                Ok(f(&t))
            }
        }
    }
}

/// `set_update_internal`: adds the items of any iterable (a set merges its
/// table, a dict its keys after one resize, anything else item by item).
/// `this` is the set being updated when it is a value (`s.update(s)` adds
/// nothing).
fn update_internal(target: &mut Target<'_>, this: Option<&Value>, other: &Value) -> PyResult<()> {
    if is_anyset(other) {
        if this.is_some_and(|t| same(t, other)) {
            return Ok(());
        }
        let o = table_of(other)?;
        return target.with(|t| t.merge(&o));
    }
    if let Value::Dict(d) = other {
        let keys = d.borrow().keys();
        let mut hashed = Vec::with_capacity(keys.len());
        for k in keys {
            let h = hash(&k)?;
            hashed.push((h, k));
        }
        return target.with(|t| {
            t.reserve_for(hashed.len());
            for (h, k) in hashed {
                t.add_entry(k, h);
            }
        });
    }
    let it = crate::iter::iter(other)?;
    while let Some(key) = crate::iter::next(&it)? {
        let h = hash(&key)?;
        target.with(|t| t.add_entry(key, h))?;
    }
    Ok(())
}

/// A new table with the items of `iterable` (`make_new_set`).
fn table_from(iterable: &Value) -> PyResult<SetTable> {
    let mut t = SetTable::new();
    update_internal(&mut Target::Owned(&mut t), None, iterable)?;
    Ok(t)
}

/// `set_copy`: a new table with the items of a set.
fn copy_table(src: &SetTable) -> SetTable {
    let mut t = SetTable::new();
    t.merge(src);
    t
}

/// `set_intersection` over two tables (the smaller one is iterated).
fn intersection_tables(a: &SetTable, b: &SetTable) -> SetTable {
    let (big, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
    let mut result = SetTable::new();
    for (h, k) in small.entries() {
        if big.contains_entry(k, h) {
            result.add_entry(k.clone(), h);
        }
    }
    result
}

/// `set_intersection(so, other)`: the result's table.
fn intersection(so: &Value, other: &Value) -> PyResult<SetTable> {
    if same(so, other) {
        return Ok(copy_table(&*table_of(so)?));
    }
    if is_anyset(other) {
        return Ok(intersection_tables(&*table_of(so)?, &*table_of(other)?));
    }
    let mut result = SetTable::new();
    let it = crate::iter::iter(other)?;
    while let Some(key) = crate::iter::next(&it)? {
        let h = hash(&key)?;
        let t = table_of(so)?;
        if t.contains_entry(&key, h) {
            result.add_entry(key, h);
            if result.len() >= t.len() {
                break;
            }
        }
    }
    Ok(result)
}

/// `set_difference_update_internal` for a target that is not `other`.
fn difference_update_internal(target: &mut Target<'_>, other: &Value) -> PyResult<()> {
    if is_anyset(other) {
        let o = table_of(other)?;
        let own_len = target.read(SetTable::len)?;
        let reduced;
        let source: &SetTable = if (o.len() >> 3) > own_len {
            reduced = target.read(|t| intersection_tables(t, &o))?;
            &reduced
        } else {
            &o
        };
        target.with(|t| {
            for (h, k) in source.entries() {
                t.discard_entry(k, h);
            }
        })?;
    } else {
        let it = crate::iter::iter(other)?;
        while let Some(key) = crate::iter::next(&it)? {
            let h = hash(&key)?;
            target.with(|t| t.discard_entry(&key, h))?;
        }
    }
    target.with(SetTable::purge_dummies)
}

/// `set_difference(so, other)`: the result's table.
fn difference(so: &Value, other: &Value) -> PyResult<SetTable> {
    let other_size = match other {
        Value::Set(_) | Value::FrozenSet(_) => Some(table_of(other)?.len()),
        Value::Dict(d) => Some(d.borrow().len()),
        _ => None,
    };
    let own = table_of(so)?;
    let copy_and_difference = |own: &SetTable| -> PyResult<SetTable> {
        let mut result = copy_table(own);
        difference_update_internal(&mut Target::Owned(&mut result), other)?;
        Ok(result)
    };
    let Some(other_size) = other_size else {
        return copy_and_difference(&own);
    };
    if (own.len() >> 2) > other_size {
        return copy_and_difference(&own);
    }
    let mut result = SetTable::new();
    if let Value::Dict(d) = other {
        let d = d.borrow();
        for (h, k) in own.entries() {
            if !d.contains(k)? {
                result.add_entry(k.clone(), h);
            }
        }
        return Ok(result);
    }
    let o = table_of(other)?;
    for (h, k) in own.entries() {
        if !o.contains_entry(k, h) {
            result.add_entry(k.clone(), h);
        }
    }
    Ok(result)
}

/// `set_symmetric_difference_update` for a target that is not `other`:
/// each key of `other` is removed when present, added when not.
fn symmetric_difference_update(target: &mut Target<'_>, other: &Value) -> PyResult<()> {
    let toggle = |t: &mut SetTable, k: &Value, h: i64| {
        if !t.discard_entry(k, h) {
            t.add_entry(k.clone(), h);
        }
    };
    if let Value::Dict(d) = other {
        let keys = d.borrow().keys();
        for k in keys {
            let h = hash(&k)?;
            target.with(|t| toggle(t, &k, h))?;
        }
        return Ok(());
    }
    let built;
    let o = match table(other)? {
        Some(t) => t,
        None => {
            built = table_from(other)?;
            TableRef::Frozen(&built)
        }
    };
    target.with(|dst| {
        for (h, k) in o.entries() {
            toggle(dst, k, h);
        }
    })
}

/// `set_symmetric_difference(so, other)`: the result's table.
fn symmetric_difference(so: &Value, other: &Value) -> PyResult<SetTable> {
    let mut result = table_from(other)?;
    let own = table_of(so)?;
    for (h, k) in own.entries() {
        if !result.discard_entry(k, h) {
            result.add_entry(k.clone(), h);
        }
    }
    Ok(result)
}

/// `set_issubset(so, other)` (an iterable `other` is made a set first).
fn issubset(so: &Value, other: &Value) -> PyResult<bool> {
    let built;
    let o = match table(other)? {
        Some(t) => t,
        None => {
            built = table_from(other)?;
            TableRef::Frozen(&built)
        }
    };
    Ok(subset_of(&*table_of(so)?, &o))
}

fn subset_of(a: &SetTable, b: &SetTable) -> bool {
    a.len() <= b.len() && a.entries().all(|(h, k)| b.contains_entry(k, h))
}

/// `set_contains_key` for an item of another iterable: unhashable items raise.
fn contains_key(so: &Value, key: &Value) -> PyResult<bool> {
    let h = hash(key)?;
    Ok(table_of(so)?.contains_entry(key, h))
}

/// `set_issuperset(so, other)`.
fn issuperset(so: &Value, other: &Value) -> PyResult<bool> {
    if is_anyset(other) {
        return issubset(other, so);
    }
    let it = crate::iter::iter(other)?;
    while let Some(key) = crate::iter::next(&it)? {
        if !contains_key(so, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_isdisjoint(so, other)`.
fn isdisjoint(so: &Value, other: &Value) -> PyResult<bool> {
    if same(so, other) {
        return Ok(table_of(so)?.is_empty());
    }
    if is_anyset(other) {
        let (a, b) = (table_of(so)?, table_of(other)?);
        let (big, small) = if b.len() > a.len() {
            (&b, &a)
        } else {
            (&a, &b)
        };
        return Ok(!small.entries().any(|(h, k)| big.contains_entry(k, h)));
    }
    let it = crate::iter::iter(other)?;
    while let Some(key) = crate::iter::next(&it)? {
        if contains_key(so, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The hash of a key for `in`, `remove` and `discard`: a `set` key is
/// looked up as the equal frozenset (CPython retries with
/// `frozenset_hash` after the TypeError).
fn lookup_hash(key: &Value) -> PyResult<i64> {
    match key {
        Value::Set(s) => Ok(s.try_borrow().map_err(|_| busy())?.frozen_hash()),
        _ => hash(key),
    }
}

/// `item in s`.
pub(crate) fn contains(set: &Value, item: &Value) -> PyResult<bool> {
    let h = lookup_hash(item)?;
    Ok(table_of(set)?.contains_entry(item, h))
}

/// `s == t` for two sets or frozensets.
pub(crate) fn set_eq(a: &Value, b: &Value) -> bool {
    let (Ok(x), Ok(y)) = (table_of(a), table_of(b)) else {
        return false;
    };
    if x.len() != y.len() {
        return false;
    }
    if let (Value::FrozenSet(p), Value::FrozenSet(q)) = (a, b) {
        if let (Some(h), Some(k)) = (p.hash.get(), q.hash.get()) {
            if h != k {
                return false;
            }
        }
    }
    subset_of(&x, &y)
}

/// `a < b`, `a <= b`, `a > b`, `a >= b` for two sets: subset relations.
pub(crate) fn set_order(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    let (x, y) = (table_of(a)?, table_of(b)?);
    Ok(match op {
        CmpOp::Eq => x.len() == y.len() && subset_of(&x, &y),
        CmpOp::Ne => !(x.len() == y.len() && subset_of(&x, &y)),
        CmpOp::Le => subset_of(&x, &y),
        CmpOp::Ge => subset_of(&y, &x),
        CmpOp::Lt => x.len() < y.len() && subset_of(&x, &y),
        CmpOp::Gt => x.len() > y.len() && subset_of(&y, &x),
    })
}

/// `hash(frozenset)`.
pub(crate) fn frozenset_hash(f: &FrozenSet) -> i64 {
    f.hash()
}

/// `repr(s)`: `set()`, `{1, 2}`, `frozenset()`, `frozenset({1, 2})`.
pub(crate) fn repr(v: &Value) -> String {
    let name = v.type_name();
    crate::repr::guarded(v.address(), &format!("{name}(...)"), || {
        let items = match table(v) {
            Ok(Some(t)) => t.items(),
            _ => Vec::new(),
        };
        if items.is_empty() {
            return format!("{name}()");
        }
        let inner = items
            .iter()
            .map(crate::repr::repr)
            .collect::<Vec<_>>()
            .join(", ");
        match v {
            Value::FrozenSet(_) => format!("frozenset({{{inner}}})"),
            _ => format!("{{{inner}}}"),
        }
    })
}

/// `next()` of a `set_iterator`: the item at or after slot `pos`, or
/// `RuntimeError: Set changed size during iteration` once the size
/// differs from `used` (for good: `used` becomes `usize::MAX`).
pub(crate) fn iter_next(set: &Value, pos: &mut usize, used: &mut usize) -> PyResult<Option<Value>> {
    let t = table_of(set)?;
    if t.len() != *used {
        *used = usize::MAX;
        return Err(PyErr::new(
            ExcType::RuntimeError,
            "Set changed size during iteration",
        ));
    }
    while let Some(slot) = t.slots.get(*pos) {
        *pos += 1;
        if let Slot::Active(_, k) = slot {
            return Ok(Some(k.clone()));
        }
    }
    Ok(None)
}

/// `BUILD_SET`: a new set of `items`, added in order (the first
/// unhashable item raises `TypeError: unhashable type: 'list'`).
///
/// ```
/// use py_fn_runtime::{set_of, Value};
/// let s = set_of(vec![Value::Int(10), Value::Int(3), Value::Int(7), Value::Int(100), Value::Int(-1)]).unwrap();
/// // python3: print({10, 3, 7, 100, -1}) -> {3, 100, 7, 10, -1}
/// assert_eq!(s.to_string(), "{3, 100, 7, 10, -1}");
/// ```
pub fn set_of(items: Vec<Value>) -> PyResult<Value> {
    let mut t = SetTable::new();
    for item in items {
        let h = hash(&item)?;
        t.add_entry(item, h);
    }
    Ok(wrap(Kind::Set, t))
}

/// `SET_ADD`: `set.add(value)` on the set a comprehension builds.
///
/// ```
/// use py_fn_runtime::{set_add, set_of, Value};
/// let s = set_of(vec![]).unwrap();
/// set_add(&s, Value::Int(2)).unwrap();
/// set_add(&s, Value::Int(2)).unwrap();
/// assert_eq!(s.repr(), "{2}");
/// let err = set_add(&s, py_fn_runtime::list(vec![])).unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: unhashable type: 'list'");
/// ```
pub fn set_add(set: &Value, value: Value) -> PyResult<()> {
    let Value::Set(s) = set else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not a set",
            set.type_name()
        )));
    };
    let h = hash(&value)?;
    s.try_borrow_mut().map_err(|_| busy())?.add_entry(value, h);
    Ok(())
}

/// `SET_UPDATE`: `{*iterable}` — adds the items of `iterable` to `set`.
///
/// ```
/// use py_fn_runtime::{set_of, set_update, tuple, Value};
/// let s = set_of(vec![]).unwrap();
/// set_update(&s, &tuple(vec![Value::str("b"), Value::str("a")])).unwrap();
/// assert_eq!(s.to_string().len(), "{'a', 'b'}".len());
/// let err = set_update(&s, &Value::Int(1)).unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: 'int' object is not iterable");
/// ```
pub fn set_update(set: &Value, iterable: &Value) -> PyResult<()> {
    let Value::Set(s) = set else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not a set",
            set.type_name()
        )));
    };
    update_internal(&mut Target::Cell(s), Some(set), iterable)
}

/// A `frozenset` constant of `co_consts` (`{1, 2, 3}` displays of three or
/// more constants, `x in {1, 2}`, `for x in {1, 2}`).
///
/// CPython 3.11 builds the constant from the tuple of items, then
/// `merge_consts_recursive` rebuilds it from its own iteration order; this
/// builds it the same two times, so the table is the one the code object
/// holds. (One case differs: when the code object is made, CPython interns
/// the identifier-like strings of the frozenset, and if one of them is
/// replaced by an equal string interned earlier in the process it rebuilds
/// the frozenset a third time — that depends on the interpreter's state.)
///
/// ```
/// use py_fn_runtime::{frozenset_const, set_of, set_update, Value};
/// let items = vec![Value::Int(3), Value::Int(1), Value::Int(2)];
/// let f = frozenset_const(items).unwrap();
/// assert_eq!(f.repr(), "frozenset({1, 2, 3})");
/// // `{3, 1, 2}` is BUILD_SET 0; LOAD_CONST frozenset({1, 2, 3}); SET_UPDATE 1
/// let s = set_of(vec![]).unwrap();
/// set_update(&s, &f).unwrap();
/// assert_eq!(s.to_string(), "{1, 2, 3}");
/// ```
pub fn frozenset_const(items: Vec<Value>) -> PyResult<Value> {
    let mut first = SetTable::new();
    for item in items {
        let h = hash(&item)?;
        first.add_entry(item, h);
    }
    let mut merged = SetTable::new();
    for (h, k) in first.entries() {
        merged.add_entry(k.clone(), h);
    }
    Ok(wrap(Kind::Frozen, merged))
}

/// `set(iterable)` / `frozenset(iterable)` (the builtins).
pub(crate) fn construct(frozen: bool, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let name = if frozen { "frozenset" } else { "set" };
    if !kwnames.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    let kind = if frozen { Kind::Frozen } else { Kind::Set };
    match args {
        [] => Ok(wrap(kind, SetTable::new())),
        [x] => {
            if frozen {
                if let Value::FrozenSet(_) = x {
                    return Ok(x.clone());
                }
            }
            Ok(wrap(kind, table_from(x)?))
        }
        _ => Err(PyErr::type_error(format!(
            "{name} expected at most 1 argument, got {}",
            args.len()
        ))),
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` when `a` is a set or frozenset
/// (`None`: not a set operation). The result has `a`'s type.
pub(crate) fn binary_op(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    if !is_anyset(a) || !is_anyset(b) {
        return None;
    }
    if !matches!(op, BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor) {
        return None;
    }
    Some((|| {
        let kind = kind_of(a);
        let t = match op {
            BinOp::Or => {
                let mut t = copy_table(&*table_of(a)?);
                if !same(a, b) {
                    update_internal(&mut Target::Owned(&mut t), None, b)?;
                }
                t
            }
            BinOp::And => intersection(a, b)?,
            BinOp::Sub => difference(a, b)?,
            _ => symmetric_difference(a, b)?,
        };
        Ok(wrap(kind, t))
    })())
}

/// `a |= b`, `&=`, `-=`, `^=` (`None`: not a set operation). A `set`
/// changes in place; a `frozenset` gets a new object; a non-set right
/// operand is CPython's TypeError with the augmented operator.
pub(crate) fn inplace_op(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    let symbol = match op {
        BinOp::Or => "|=",
        BinOp::And => "&=",
        BinOp::Sub => "-=",
        BinOp::Xor => "^=",
        _ => return None,
    };
    if !is_anyset(a) {
        return None;
    }
    if !is_anyset(b) {
        return Some(Err(PyErr::type_error(format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))));
    }
    let Value::Set(cell) = a else {
        return binary_op(op, a, b);
    };
    Some((|| {
        let mut target = Target::Cell(cell);
        match op {
            BinOp::Or => update_internal(&mut target, Some(a), b)?,
            BinOp::And => {
                let t = intersection(a, b)?;
                target.with(|s| s.take_body(t))?;
            }
            BinOp::Sub => {
                if same(a, b) {
                    target.with(SetTable::clear)?;
                } else {
                    difference_update_internal(&mut target, b)?;
                }
            }
            _ => {
                if same(a, b) {
                    target.with(SetTable::clear)?;
                } else {
                    symmetric_difference_update(&mut target, b)?;
                }
            }
        }
        Ok(a.clone())
    })())
}

/// The methods of `set`.
const SET_METHODS: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "difference_update",
    "discard",
    "intersection",
    "intersection_update",
    "isdisjoint",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "symmetric_difference",
    "symmetric_difference_update",
    "union",
    "update",
];

/// The methods of `frozenset`.
const FROZENSET_METHODS: &[&str] = &[
    "copy",
    "difference",
    "intersection",
    "isdisjoint",
    "issubset",
    "issuperset",
    "symmetric_difference",
    "union",
];

/// The `'static` name of the method `name` of a set or frozenset.
pub(crate) fn method_name(obj: &Value, name: &str) -> Option<&'static str> {
    let table = match obj {
        Value::Set(_) => SET_METHODS,
        Value::FrozenSet(_) => FROZENSET_METHODS,
        _ => return None,
    };
    table.iter().copied().find(|m| *m == name)
}

fn no_kw(qual: &str, a: &Args<'_>) -> PyResult<()> {
    if a.kw.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{qual}() takes no keyword arguments"
        )))
    }
}

/// METH_O: `set.add() takes exactly one argument (0 given)`.
fn one<'a>(qual: &str, a: &Args<'a>) -> PyResult<&'a Value> {
    no_kw(qual, a)?;
    match a.pos {
        [x] => Ok(x),
        _ => Err(PyErr::type_error(format!(
            "{qual}() takes exactly one argument ({} given)",
            a.pos.len()
        ))),
    }
}

/// METH_NOARGS: `set.clear() takes no arguments (1 given)`.
fn none(qual: &str, a: &Args<'_>) -> PyResult<()> {
    no_kw(qual, a)?;
    if a.pos.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{qual}() takes no arguments ({} given)",
            a.pos.len()
        )))
    }
}

/// Calls the set or frozenset method `name` (`None`: not one of them).
pub(crate) fn call_method(obj: &Value, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let method = method_name(obj, name)?;
    let qual = format!("{}.{}", obj.type_name(), method);
    Some(set_method(obj, method, &qual, a))
}

/// The table of a `set` for a method that changes it.
fn table_mut(obj: &Value) -> PyResult<std::cell::RefMut<'_, SetTable>> {
    match obj {
        Value::Set(c) => c.try_borrow_mut().map_err(|_| busy()),
        _ => Err(PyErr::type_error(format!(
            "'{}' object is not a set",
            obj.type_name()
        ))),
    }
}

fn set_method(obj: &Value, name: &str, qual: &str, a: &Args<'_>) -> PyResult<Value> {
    let kind = kind_of(obj);
    match name {
        "add" => {
            let x = one(qual, a)?;
            set_add(obj, x.clone())?;
            Ok(Value::None)
        }
        "clear" => {
            none(qual, a)?;
            table_mut(obj)?.clear();
            Ok(Value::None)
        }
        "copy" => {
            none(qual, a)?;
            if let Value::FrozenSet(_) = obj {
                return Ok(obj.clone());
            }
            Ok(wrap(kind, copy_table(&*table_of(obj)?)))
        }
        "pop" => {
            none(qual, a)?;
            let popped = table_mut(obj)?.pop();
            popped.ok_or_else(|| PyErr::new(ExcType::KeyError, "'pop from an empty set'"))
        }
        "remove" | "discard" => {
            let x = one(qual, a)?;
            let h = lookup_hash(x)?;
            let found = table_of(obj)?.lookup(x, h);
            match found {
                Some(i) => {
                    let old = table_mut(obj)?.discard_at(i);
                    drop(old);
                    Ok(Value::None)
                }
                None if name == "remove" => Err(PyErr::key_error(x)),
                None => Ok(Value::None),
            }
        }
        "union" => {
            no_kw(qual, a)?;
            let mut t = copy_table(&*table_of(obj)?);
            for other in a.pos {
                if !same(obj, other) {
                    update_internal(&mut Target::Owned(&mut t), None, other)?;
                }
            }
            Ok(wrap(kind, t))
        }
        "intersection" | "intersection_update" => {
            no_kw(qual, a)?;
            let mut result = obj.clone();
            if a.pos.is_empty() {
                result = wrap(kind, copy_table(&*table_of(obj)?));
            }
            for other in a.pos {
                result = wrap(kind, intersection(&result, other)?);
            }
            if name == "intersection" {
                return Ok(result);
            }
            let t = table_of(&result)?.clone();
            table_mut(obj)?.take_body(t);
            Ok(Value::None)
        }
        "difference" => {
            no_kw(qual, a)?;
            let Some((first, rest)) = a.pos.split_first() else {
                return Ok(wrap(kind, copy_table(&*table_of(obj)?)));
            };
            let mut t = difference(obj, first)?;
            for other in rest {
                difference_update_internal(&mut Target::Owned(&mut t), other)?;
            }
            Ok(wrap(kind, t))
        }
        "symmetric_difference" => {
            let x = one(qual, a)?;
            Ok(wrap(kind, symmetric_difference(obj, x)?))
        }
        "issubset" => Ok(Value::Bool(issubset(obj, one(qual, a)?)?)),
        "issuperset" => Ok(Value::Bool(issuperset(obj, one(qual, a)?)?)),
        "isdisjoint" => Ok(Value::Bool(isdisjoint(obj, one(qual, a)?)?)),
        _ => {
            let Value::Set(cell) = obj else {
                return Err(PyErr::no_attribute(obj, name));
            };
            match name {
                "update" => {
                    no_kw(qual, a)?;
                    for other in a.pos {
                        update_internal(&mut Target::Cell(cell), Some(obj), other)?;
                    }
                }
                "difference_update" => {
                    no_kw(qual, a)?;
                    for other in a.pos {
                        if same(obj, other) {
                            table_mut(obj)?.clear();
                        } else {
                            difference_update_internal(&mut Target::Cell(cell), other)?;
                        }
                    }
                }
                "symmetric_difference_update" => {
                    let x = one(qual, a)?;
                    if same(obj, x) {
                        table_mut(obj)?.clear();
                    } else {
                        symmetric_difference_update(&mut Target::Cell(cell), x)?;
                    }
                }
                _ => return Err(PyErr::no_attribute(obj, name)),
            }
            Ok(Value::None)
        }
    }
}

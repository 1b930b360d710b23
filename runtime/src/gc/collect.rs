//! One collection over a set of tracked objects: CPython's algorithm
//! (`gc_collect_main` in `Modules/gcmodule.c`) over `Rc` counts.
//!
//! 1. `update_refs` and `subtract_refs`, in one pass over the objects:
//!    each object's strong count (minus the handle the collector holds
//!    while it looks), and the references it holds to other objects of the
//!    set, recorded. An object with more strong references than references
//!    from the set is referenced from outside: the Rust stack, untracked
//!    holders, older generations.
//! 2. `move_unreachable`: those objects (and objects whose `RefCell` was
//!    borrowed: Rust code is using them) are reachable, and so is
//!    everything reachable from them along the recorded references — the
//!    same references that were counted, so the two phases cannot
//!    disagree. The rest is garbage.
//! 3. `delete_garbage`: every garbage object is cleared (cells emptied,
//!    lists, dicts and sets emptied, ...); once the collector lets go of
//!    them, reference counting frees the cycles.
//!
//! An untracked object (a tuple, a bound method, an instance's `__dict__`)
//! is looked into as part of the object holding it when that holder has
//! the only strong reference to it: its references are then the holder's.
//!
//! CPython keeps `gc_refs` in each object's header; here the per-object
//! state lives in arrays indexed by the object's position in the set, and a
//! table maps addresses to positions (one lookup per reference).

use super::object::{Obj, ObjRef, Tracked};
use super::traverse::{clear, owned_weight, traverse, weight, Visit};

/// What a collection found.
pub(crate) struct Outcome {
    /// Handles on the objects that survived, for the next generation.
    pub(crate) survivors: Vec<Tracked>,
    /// How many unreachable objects were found (CPython's count; only
    /// counted when asked for).
    pub(crate) found: usize,
    /// The garbage (already cleared), held so that freeing it is shallow:
    /// the caller drops it once the registry is consistent again.
    pub(crate) held: Vec<Obj>,
}

/// One entry of the address table.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// The object's address; `0` is an empty slot (no object lives there).
    addr: usize,
    /// The object's position in the set.
    index: u32,
}

/// Object address to its position in the set: open addressing with linear
/// probing over a power-of-two table at most half full.
struct Table {
    slots: Vec<Slot>,
    mask: usize,
}

impl Table {
    /// A table for `n` objects, in `slots`' buffer.
    fn with_capacity_in(n: usize, mut slots: Vec<Slot>) -> Table {
        let size = (n.max(4) * 2).next_power_of_two();
        slots.clear();
        slots.resize(size, Slot::default());
        Table {
            slots,
            mask: size - 1,
        }
    }

    #[cfg(test)]
    fn with_capacity(n: usize) -> Table {
        Table::with_capacity_in(n, Vec::new())
    }

    /// The first slot to probe: a multiply and a fold, so that aligned
    /// addresses spread over the table.
    fn home(&self, addr: usize) -> usize {
        let h = (addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h ^ (h >> 29)) as usize) & self.mask
    }

    /// Records an object unless its address is there already; whether it
    /// was new.
    fn insert(&mut self, slot: Slot) -> bool {
        let mut i = self.home(slot.addr);
        // At most half full: an empty slot comes within `len` probes.
        for _ in 0..self.slots.len() {
            match self.slots.get_mut(i) {
                Some(s) if s.addr == 0 => {
                    *s = slot;
                    return true;
                }
                Some(s) if s.addr == slot.addr => return false,
                Some(_) => i = (i + 1) & self.mask,
                None => return false,
            }
        }
        false
    }

    /// The position of the object at `addr`, if it is in the set.
    fn get(&self, addr: usize) -> Option<u32> {
        let mut i = self.home(addr);
        for _ in 0..self.slots.len() {
            match self.slots.get(i) {
                Some(s) if s.addr == addr => return Some(s.index),
                Some(s) if s.addr == 0 => return None,
                Some(_) => i = (i + 1) & self.mask,
                None => return None,
            }
        }
        None
    }
}

/// Where a reference leads, for the collector.
enum Target {
    /// To the object of the set at this position.
    Node(u32),
    /// To an untracked object whose only strong reference is this one: its
    /// references count as the holder's.
    Owned,
    /// Elsewhere: an older generation, or an untracked object held from
    /// several places (its referents then look referenced from outside).
    Outside,
}

fn classify(table: &Table, to: ObjRef<'_>) -> Target {
    if to.is_trackable() {
        if let Some(i) = table.get(to.addr()) {
            return Target::Node(i);
        }
    }
    if !to.is_tracked() && to.strong() == 1 {
        Target::Owned
    } else {
        Target::Outside
    }
}

/// Traverses an object, then the untracked objects it solely owns, with
/// `visit` (a work stack, no recursion: owned tuples can nest arbitrarily
/// deep).
fn traverse_with_owned<V: Visit + OwnedStack>(obj: ObjRef<'_>, visit: &mut V) {
    traverse(obj, visit);
    while let Some(next) = visit.pop_owned() {
        traverse(next.as_ref(), visit);
    }
}

/// The work stack of owned objects still to look into.
trait OwnedStack {
    fn pop_owned(&mut self) -> Option<Obj>;
}

/// Phase 1: records the references between objects of the set, and how
/// many each object receives.
struct Subtract<'a> {
    table: &'a Table,
    /// References received from objects of the set, by position.
    inside: Vec<u32>,
    /// The references' targets, grouped by holder (see `starts`).
    edges: Vec<u32>,
    owned: Vec<Obj>,
    busy: bool,
}

impl Visit for Subtract<'_> {
    fn edge(&mut self, to: ObjRef<'_>) {
        match classify(self.table, to) {
            Target::Node(i) => {
                if let Some(n) = self.inside.get_mut(i as usize) {
                    *n = n.saturating_add(1);
                }
                self.edges.push(i);
            }
            Target::Owned => self.owned.push(to.to_obj()),
            Target::Outside => {}
        }
    }

    fn busy(&mut self) {
        self.busy = true;
    }
}

impl OwnedStack for Subtract<'_> {
    fn pop_owned(&mut self) -> Option<Obj> {
        self.owned.pop()
    }
}

/// Counts the untracked objects that go with a garbage object.
struct Count<'a> {
    table: &'a Table,
    found: usize,
    owned: Vec<Obj>,
}

impl Visit for Count<'_> {
    fn edge(&mut self, to: ObjRef<'_>) {
        if let Target::Owned = classify(self.table, to) {
            self.found += owned_weight(to);
            self.owned.push(to.to_obj());
        }
    }

    fn busy(&mut self) {}
}

impl OwnedStack for Count<'_> {
    fn pop_owned(&mut self) -> Option<Obj> {
        self.owned.pop()
    }
}

/// The working arrays of a collection, kept between the collections of a
/// thread (generation 0 is collected every 700 allocations: allocating and
/// freeing them each time costs more than the work), unless they grew past
/// [`KEEP_LIMIT`] objects.
#[derive(Default)]
struct Buffers {
    slots: Vec<Slot>,
    handles: Vec<Tracked>,
    strong: Vec<u32>,
    starts: Vec<usize>,
    inside: Vec<u32>,
    edges: Vec<u32>,
    reachable: Vec<bool>,
    queue: Vec<usize>,
    garbage: Vec<Obj>,
}

/// Buffers for more objects than this are freed after the collection.
const KEEP_LIMIT: usize = 1 << 14;

thread_local! {
    static BUFFERS: std::cell::Cell<Option<Box<Buffers>>> = const { std::cell::Cell::new(None) };
}

fn take_buffers() -> Box<Buffers> {
    BUFFERS
        .try_with(|b| b.take())
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn keep_buffers(mut b: Box<Buffers>) {
    if b.slots.capacity() > 2 * KEEP_LIMIT || b.edges.capacity() > KEEP_LIMIT {
        return;
    }
    b.handles.clear();
    let _ = BUFFERS.try_with(|cell| cell.set(Some(b)));
}

/// Gives back the garbage list of an [`Outcome`] once its objects have been
/// dropped, so that the next collection reuses its buffer.
pub(crate) fn recycle(mut garbage: Vec<Obj>) {
    garbage.clear();
    if garbage.capacity() > KEEP_LIMIT {
        return;
    }
    let _ = BUFFERS.try_with(|cell| {
        if let Some(mut b) = cell.take() {
            b.garbage = garbage;
            cell.set(Some(b));
        }
    });
}

/// An object freed before the collection (only its handle was left).
const DEAD: u32 = u32::MAX;
/// An object that is a root whatever its count: a `RefCell` of it was
/// borrowed (Rust code is using it), or its count does not fit.
const ROOT: u32 = u32::MAX - 1;

/// Collects the objects of `entries` (the generations being collected,
/// merged): finds the unreachable ones and clears them. `count`: whether to
/// count them as CPython would (`gc.collect()` returns it; an automatic
/// collection does not need it).
///
/// Reachable objects are only held while they are looked at (nothing runs
/// between two looks that could free one); the garbage is held from the
/// moment it is found until the caller drops it, so that clearing one
/// garbage object never frees another in the middle of the clearing.
pub(crate) fn run(entries: &mut Vec<Tracked>, count: bool) -> Outcome {
    let mut buffers = take_buffers();
    let Buffers {
        slots,
        mut handles,
        mut strong,
        mut starts,
        mut inside,
        mut edges,
        mut reachable,
        mut queue,
        mut garbage,
    } = std::mem::take(&mut *buffers);

    // The set's addresses, without touching the objects. An object
    // registered twice is looked at once.
    handles.clear();
    handles.reserve(entries.len());
    let mut survivors: Vec<Tracked> = Vec::new();
    let mut table = Table::with_capacity_in(entries.len(), slots);
    for handle in entries.drain(..) {
        let Ok(index) = u32::try_from(handles.len()) else {
            // Beyond four billion objects: the rest wait for next time.
            survivors.push(handle);
            continue;
        };
        if table.insert(Slot {
            addr: handle.addr(),
            index,
        }) {
            handles.push(handle);
        }
    }
    let n = handles.len();

    // update_refs and subtract_refs: each object's strong count, and the
    // references it holds to others of the set.
    strong.clear();
    starts.clear();
    inside.clear();
    inside.resize(n, 0);
    edges.clear();
    let mut subtract = Subtract {
        table: &table,
        inside,
        edges,
        owned: Vec::new(),
        busy: false,
    };
    for handle in &handles {
        starts.push(subtract.edges.len());
        let Some(obj) = handle.upgrade() else {
            strong.push(DEAD);
            continue;
        };
        let count = obj.as_ref().strong().saturating_sub(1);
        subtract.busy = false;
        traverse_with_owned(obj.as_ref(), &mut subtract);
        strong.push(match u32::try_from(count) {
            Ok(c) if c < ROOT && !subtract.busy => c,
            _ => ROOT,
        });
    }
    starts.push(subtract.edges.len());
    let Subtract { inside, edges, .. } = subtract;

    // move_unreachable: the roots are the objects with more strong
    // references than references from the set, or busy; then everything
    // they reach.
    reachable.clear();
    reachable.resize(n, false);
    queue.clear();
    for (i, (&s, &ins)) in strong.iter().zip(&inside).enumerate() {
        let root = match s {
            DEAD => false,
            ROOT => true,
            s => s > ins,
        };
        if root {
            if let Some(r) = reachable.get_mut(i) {
                *r = true;
            }
            queue.push(i);
        }
    }
    while let Some(i) = queue.pop() {
        let (Some(&from), Some(&to)) = (starts.get(i), starts.get(i + 1)) else {
            continue;
        };
        for &j in edges.get(from..to).unwrap_or(&[]) {
            if let Some(r) = reachable.get_mut(j as usize) {
                if !*r {
                    *r = true;
                    queue.push(j as usize);
                }
            }
        }
    }

    // The garbage, held; counted as CPython would count it; cleared.
    garbage.clear();
    garbage.extend(
        handles
            .iter()
            .zip(&reachable)
            .filter(|(_, &r)| !r)
            .filter_map(|(h, _)| h.upgrade()),
    );
    let mut counter = Count {
        table: &table,
        found: 0,
        owned: Vec::new(),
    };
    if count {
        for obj in &garbage {
            counter.found += weight(obj.as_ref());
            traverse_with_owned(obj.as_ref(), &mut counter);
        }
    }
    let found = counter.found;
    for obj in &garbage {
        clear(obj.as_ref());
    }

    // Handles on dead objects and on the garbage are dropped here.
    survivors.extend(
        handles
            .drain(..)
            .zip(&reachable)
            .filter_map(|(h, &r)| r.then_some(h)),
    );
    *buffers = Buffers {
        slots: table.slots,
        handles,
        strong,
        starts,
        inside,
        edges,
        reachable,
        queue,
        garbage: Vec::new(),
    };
    keep_buffers(buffers);
    Outcome {
        survivors,
        found,
        held: garbage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gc::object::Trackable;
    use crate::value::Value;

    fn handle(v: &Value) -> Tracked {
        match v {
            Value::List(l) => Trackable::handle(l),
            Value::Cell(c) => Trackable::handle(c),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_list_that_contains_itself_is_garbage_once_dropped() {
        let l = crate::ops::list(Vec::new());
        if let Value::List(items) = &l {
            items.borrow_mut().push(l.clone());
        }
        let h = handle(&l);
        let weak = match &l {
            Value::List(items) => std::rc::Rc::downgrade(items),
            _ => unreachable!(),
        };
        // Held from Rust: reachable, kept.
        let out = run(&mut vec![handle(&l)], true);
        assert_eq!((out.found, out.survivors.len()), (0, 1));
        drop(out);
        drop(l);
        let out = run(&mut vec![h], true);
        assert_eq!((out.found, out.survivors.len()), (1, 0));
        drop(out);
        assert_eq!(weak.strong_count(), 0);
    }

    #[test]
    fn a_mutably_borrowed_cell_is_neither_read_nor_cleared() {
        let cell = crate::cell::new_cell();
        crate::cell::cell_store(&cell, Value::Cell(cell.clone()));
        let h = handle(&Value::Cell(cell.clone()));
        let guard = cell.borrow_mut();
        let out = run(&mut vec![h], true);
        assert_eq!((out.found, out.survivors.len()), (0, 1));
        assert!(guard.is_some());
        drop(guard);
        drop(out);
        crate::cell::cell_clear(&cell);
    }

    #[test]
    fn the_table_finds_what_it_holds_and_nothing_else() {
        let mut table = Table::with_capacity(100);
        let slot = |i: usize| Slot {
            addr: 0x7f00_0000_0000 + i * 16,
            index: i as u32,
        };
        for i in 0..100usize {
            assert!(table.insert(slot(i)));
        }
        assert!(!table.insert(slot(0)), "already there");
        for i in 0..100usize {
            assert_eq!(table.get(slot(i).addr), Some(i as u32));
        }
        assert!(table.get(0x7f00_0000_0008).is_none());
        let spread: std::collections::HashSet<usize> =
            (0..64usize).map(|i| table.home(slot(i).addr)).collect();
        assert!(
            spread.len() > 48,
            "{} home slots for 64 addresses",
            spread.len()
        );
    }
}

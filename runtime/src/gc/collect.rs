//! One collection over a set of tracked objects: CPython's algorithm
//! (`gc_collect_main` in `Modules/gcmodule.c`) over `Rc` counts.
//!
//! 1. `update_refs`: each object's `gc_refs` is its strong count, minus the
//!    one reference the collector holds while it looks.
//! 2. `subtract_refs`: one is subtracted for every reference from another
//!    object of the set. What is left counts references from outside: the
//!    Rust stack, untracked holders, older generations.
//! 3. `move_unreachable`: objects left above zero (and objects whose
//!    `RefCell` was borrowed: Rust code is using them) are reachable, and
//!    so is everything reachable from them. The rest is garbage.
//! 4. `delete_garbage`: every garbage object is cleared (cells emptied,
//!    lists, dicts and sets emptied, ...); once the collector lets go of
//!    them, reference counting frees the cycles.
//!
//! An untracked object (a tuple, a bound method, an instance's `__dict__`)
//! is looked into as part of the object holding it when that holder has
//! the only strong reference to it: its references are then the holder's.

use super::object::{Obj, ObjRef, Tracked};
use super::traverse::{clear, owned_weight, traverse, weight, Visit};

/// What a collection found.
pub(crate) struct Outcome {
    /// Handles on the objects that survived, for the next generation.
    pub(crate) survivors: Vec<Tracked>,
    /// How many unreachable objects were found (CPython's count; only
    /// counted when asked for).
    pub(crate) found: usize,
    /// The objects looked at, garbage included (already cleared): the
    /// caller drops them once the registry is consistent again.
    pub(crate) held: Vec<Obj>,
}

/// Object address to its index in the set being collected: open
/// addressing with linear probing over a power-of-two table at most half
/// full (simpler, and in debug builds much faster, than a `HashMap`).
struct AddrMap {
    /// Addresses; `0` is an empty slot (no object lives at address 0).
    keys: Vec<usize>,
    /// The index of the object whose address is in the same slot.
    values: Vec<usize>,
    mask: usize,
}

impl AddrMap {
    fn with_capacity(n: usize) -> AddrMap {
        let size = (n.max(4) * 2).next_power_of_two();
        AddrMap {
            keys: vec![0; size],
            values: vec![0; size],
            mask: size - 1,
        }
    }

    /// The first slot to probe: a multiply and a fold, so that aligned
    /// addresses spread over the table.
    fn home(&self, addr: usize) -> usize {
        let h = (addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h ^ (h >> 29)) as usize) & self.mask
    }

    /// Records `addr -> index` unless `addr` is there already; whether it
    /// was new.
    fn insert(&mut self, addr: usize, index: usize) -> bool {
        let mut i = self.home(addr);
        loop {
            match self.keys.get(i).copied() {
                Some(0) => {
                    if let (Some(k), Some(v)) = (self.keys.get_mut(i), self.values.get_mut(i)) {
                        *k = addr;
                        *v = index;
                    }
                    return true;
                }
                Some(k) if k == addr => return false,
                Some(_) => i = (i + 1) & self.mask,
                None => return false,
            }
        }
    }

    fn get(&self, addr: usize) -> Option<usize> {
        let mut i = self.home(addr);
        loop {
            match self.keys.get(i).copied() {
                Some(0) | None => return None,
                Some(k) if k == addr => return self.values.get(i).copied(),
                Some(_) => i = (i + 1) & self.mask,
            }
        }
    }
}

/// Where a reference leads, for the collector.
enum Target {
    /// To the object of the set at this index.
    Node(usize),
    /// To an untracked object whose only strong reference is this one: its
    /// references count as the holder's.
    Owned,
    /// Elsewhere: an older generation, or an untracked object held from
    /// several places (its referents then look referenced from outside).
    Outside,
}

fn classify(map: &AddrMap, to: ObjRef<'_>) -> Target {
    if to.is_trackable() {
        if let Some(i) = map.get(to.addr()) {
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
/// `visit`; `owned` is the work stack (no recursion: owned tuples can nest
/// arbitrarily deep).
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

/// Phase 2: subtracts references between objects of the set.
struct Subtract<'a> {
    map: &'a AddrMap,
    refs: &'a mut [usize],
    owned: Vec<Obj>,
    busy: bool,
}

impl Visit for Subtract<'_> {
    fn edge(&mut self, to: ObjRef<'_>) {
        match classify(self.map, to) {
            Target::Node(i) => {
                if let Some(r) = self.refs.get_mut(i) {
                    *r = r.saturating_sub(1);
                }
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

/// Phase 3: marks what is reachable from the objects referenced from
/// outside.
struct Mark<'a> {
    map: &'a AddrMap,
    reachable: &'a mut [bool],
    queue: Vec<usize>,
    owned: Vec<Obj>,
}

impl Visit for Mark<'_> {
    fn edge(&mut self, to: ObjRef<'_>) {
        match classify(self.map, to) {
            Target::Node(i) => {
                if let Some(r) = self.reachable.get_mut(i) {
                    if !*r {
                        *r = true;
                        self.queue.push(i);
                    }
                }
            }
            Target::Owned => self.owned.push(to.to_obj()),
            Target::Outside => {}
        }
    }

    fn busy(&mut self) {}
}

impl OwnedStack for Mark<'_> {
    fn pop_owned(&mut self) -> Option<Obj> {
        self.owned.pop()
    }
}

/// Counts the untracked objects that go with a garbage object.
struct Count<'a> {
    map: &'a AddrMap,
    found: usize,
    owned: Vec<Obj>,
}

impl Visit for Count<'_> {
    fn edge(&mut self, to: ObjRef<'_>) {
        if let Target::Owned = classify(self.map, to) {
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

/// Collects the objects of `entries` (the generations being collected,
/// merged): finds the unreachable ones and clears them. `count`: whether to
/// count them as CPython would (`gc.collect()` returns it; an automatic
/// collection does not need it).
pub(crate) fn run(entries: Vec<Tracked>, count: bool) -> Outcome {
    // update_refs. Handles on dead objects are dropped here (that frees
    // what is left of their allocation); an object registered twice is
    // looked at once.
    let mut nodes: Vec<Obj> = Vec::with_capacity(entries.len());
    let mut handles: Vec<Tracked> = Vec::with_capacity(entries.len());
    let mut map = AddrMap::with_capacity(entries.len());
    for handle in entries {
        let Some(obj) = handle.upgrade() else {
            continue;
        };
        if map.insert(obj.as_ref().addr(), nodes.len()) {
            nodes.push(obj);
            handles.push(handle);
        }
    }
    // Minus the handle `nodes` holds.
    let mut refs: Vec<usize> = nodes
        .iter()
        .map(|n| n.as_ref().strong().saturating_sub(1))
        .collect();

    // subtract_refs.
    let mut busy = vec![false; nodes.len()];
    let mut subtract = Subtract {
        map: &map,
        refs: &mut refs,
        owned: Vec::new(),
        busy: false,
    };
    for (node, b) in nodes.iter().zip(busy.iter_mut()) {
        subtract.busy = false;
        traverse_with_owned(node.as_ref(), &mut subtract);
        *b = subtract.busy;
    }

    // move_unreachable: roots first, then what they reach.
    let mut reachable: Vec<bool> = refs.iter().zip(&busy).map(|(&r, &b)| r > 0 || b).collect();
    let queue: Vec<usize> = (0..nodes.len())
        .filter(|&i| reachable.get(i).copied().unwrap_or(true))
        .collect();
    let mut mark = Mark {
        map: &map,
        reachable: &mut reachable,
        queue,
        owned: Vec::new(),
    };
    while let Some(i) = mark.queue.pop() {
        if let Some(node) = nodes.get(i) {
            traverse_with_owned(node.as_ref(), &mut mark);
        }
    }

    // Count the garbage as CPython would, then clear it.
    let mut counter = Count {
        map: &map,
        found: 0,
        owned: Vec::new(),
    };
    if count {
        for (node, _) in nodes.iter().zip(&reachable).filter(|(_, &r)| !r) {
            counter.found += weight(node.as_ref());
            traverse_with_owned(node.as_ref(), &mut counter);
        }
    }
    let found = counter.found;
    for (node, _) in nodes.iter().zip(&reachable).filter(|(_, &r)| !r) {
        clear(node.as_ref());
    }

    let survivors = handles
        .into_iter()
        .zip(&reachable)
        .filter_map(|(h, &r)| r.then_some(h))
        .collect();
    Outcome {
        survivors,
        found,
        held: nodes,
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
        let out = run(vec![handle(&l)], true);
        assert_eq!((out.found, out.survivors.len()), (0, 1));
        drop(out);
        drop(l);
        let out = run(vec![h], true);
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
        let out = run(vec![h], true);
        assert_eq!((out.found, out.survivors.len()), (0, 1));
        assert!(guard.is_some());
        drop(guard);
        drop(out);
        crate::cell::cell_clear(&cell);
    }

    #[test]
    fn the_address_map_finds_what_it_holds_and_nothing_else() {
        let mut map = AddrMap::with_capacity(100);
        for i in 0..100usize {
            assert!(map.insert(0x7f00_0000_0000 + i * 16, i));
        }
        assert!(!map.insert(0x7f00_0000_0000, 7), "already there");
        for i in 0..100usize {
            assert_eq!(map.get(0x7f00_0000_0000 + i * 16), Some(i));
        }
        assert_eq!(map.get(0x7f00_0000_0008), None);
        let spread: std::collections::HashSet<usize> = (0..64usize)
            .map(|i| map.home(0x7f00_0000_0000 + i * 16))
            .collect();
        assert!(
            spread.len() > 48,
            "{} home slots for 64 addresses",
            spread.len()
        );
    }
}

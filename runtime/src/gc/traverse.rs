//! What an object refers to (CPython's `tp_traverse`), how the collector
//! breaks an unreachable one (`tp_clear`), and how many objects CPython
//! would count for it.
//!
//! Every reference reported must be one strong count the object really
//! holds, reported once: the collector subtracts it from the referent's
//! count. Leaving a reference out is safe (the referent then looks
//! reachable from outside); reporting one that is not there is not.
//! Contents behind a `RefCell` that is borrowed are left out and reported
//! as [`Visit::busy`].

use std::cell::RefCell;
use std::rc::Rc;

use crate::iter::IterState;
use crate::value::Value;

use super::object::{is_atomic, ObjRef};

/// Receives the references of an object.
pub(crate) trait Visit {
    /// One strong reference to `to`.
    fn edge(&mut self, to: ObjRef<'_>);

    /// A `RefCell` of the object was borrowed: its contents were skipped.
    fn busy(&mut self);

    /// The reference a value holds, if any.
    #[inline]
    fn value(&mut self, v: &Value) {
        if let Some(r) = ObjRef::of(v) {
            self.edge(r);
        }
    }
}

/// Reports the values in a `RefCell`, or that it is borrowed.
pub(crate) fn visit_cell<T, V: Visit>(cell: &RefCell<T>, v: &mut V, each: impl FnOnce(&T, &mut V)) {
    match cell.try_borrow() {
        Ok(inner) => each(&inner, v),
        Err(_) => v.busy(),
    }
}

/// Reports every reference `obj` holds.
pub(crate) fn traverse<V: Visit>(obj: ObjRef<'_>, v: &mut V) {
    match obj {
        ObjRef::Cell(c) => visit_cell(c, v, |x, v| {
            if let Some(x) = x {
                v.value(x);
            }
        }),
        ObjRef::List(l) => visit_cell(l, v, |items, v| items.iter().for_each(|x| v.value(x))),
        ObjRef::Dict(d) => visit_cell(d, v, |d, v| {
            for (k, x) in d.iter() {
                v.value(k);
                v.value(x);
            }
        }),
        ObjRef::Set(s) => visit_cell(s, v, |t, v| t.iter().for_each(|x| v.value(x))),
        ObjRef::Iter(it) => visit_cell(it, v, traverse_iter),
        ObjRef::Function(f) => f.gc_traverse(v),
        ObjRef::Instance(i) => i.gc_traverse(v),
        ObjRef::Class(c) => c.gc_traverse(v),
        ObjRef::Generator(g) => g.gc_traverse(v),
        ObjRef::Tuple(t) => t.as_slice().iter().for_each(|x| v.value(x)),
        ObjRef::Method(m) => v.value(&m.obj),
        ObjRef::Bound(b) => {
            v.value(&b.func);
            v.value(&b.obj);
        }
        ObjRef::Descriptor(d) => match &**d {
            crate::descriptor::Descriptor::Static(f)
            | crate::descriptor::Descriptor::ClassMethod(f) => v.value(f),
            crate::descriptor::Descriptor::Property(p) => {
                v.value(&p.fget);
                v.value(&p.fset);
                v.value(&p.fdel);
                visit_cell(&p.doc, v, |doc, v| v.value(doc));
            }
        },
        ObjRef::Super(s) => {
            v.edge(ObjRef::Class(&s.this_class));
            v.value(&s.obj);
            v.edge(ObjRef::Class(&s.obj_class));
        }
        ObjRef::Slice(s) => {
            v.value(&s.start);
            v.value(&s.stop);
            v.value(&s.step);
        }
        ObjRef::DictView(d) => v.edge(ObjRef::Dict(&d.dict)),
        ObjRef::FrozenSet(f) => f.table().iter().for_each(|x| v.value(x)),
        ObjRef::Globals(g) => v.edge(ObjRef::Dict(g.dict())),
    }
}

fn traverse_iter<V: Visit>(state: &IterState, v: &mut V) {
    match state {
        IterState::Seq { seq, .. } => v.value(seq),
        IterState::Dict { dict, .. } => v.edge(ObjRef::Dict(dict)),
        IterState::Enumerate { inner, count } => {
            v.value(inner);
            v.value(count);
        }
        IterState::Zip { iters } => iters.iter().for_each(|x| v.value(x)),
        IterState::GetItem { obj, .. } => v.value(obj),
        IterState::Set { set, .. } => v.value(set),
        IterState::Adapter(a) => {
            a.for_each_value(|x| v.value(x));
            if let crate::iter_adapters::Adapter::DictReversed { dict, .. } = &**a {
                v.edge(ObjRef::Dict(dict));
            }
        }
        IterState::Str { .. }
        | IterState::Bytes { .. }
        | IterState::Range { .. }
        | IterState::Done => {}
    }
}

/// Whether an iterator state holds references (only those are tracked).
pub(crate) fn iter_holds_references(state: &IterState) -> bool {
    !matches!(
        state,
        IterState::Str { .. } | IterState::Bytes { .. } | IterState::Range { .. } | IterState::Done
    )
}

/// Whether the collector may empty `rc`'s contents on behalf of the object
/// holding it: no other strong reference, and not tracked on its own.
pub(crate) fn solely_owned<T>(rc: &Rc<T>) -> bool {
    Rc::strong_count(rc) == 1 && Rc::weak_count(rc) == 0
}

/// Takes the contents out of a `RefCell` that is not borrowed; they are
/// dropped after the borrow ends.
pub(crate) fn take_from<T: Default>(cell: &RefCell<T>) {
    let old = cell.try_borrow_mut().map(|mut c| std::mem::take(&mut *c));
    drop(old);
}

/// Breaks an unreachable tracked object: empties its mutable contents so
/// that reference counting frees the cycle. Nothing here runs Python code;
/// a borrowed part is left alone.
pub(crate) fn clear(obj: ObjRef<'_>) {
    match obj {
        ObjRef::Cell(c) => take_from(c),
        ObjRef::List(l) => take_from(l),
        ObjRef::Dict(d) => clear_dict(d),
        ObjRef::Set(s) => take_from(s),
        ObjRef::Iter(it) => {
            let old = it
                .try_borrow_mut()
                .map(|mut s| std::mem::replace(&mut *s, IterState::Done));
            drop(old);
        }
        ObjRef::Function(f) => f.gc_clear(),
        ObjRef::Instance(i) => i.gc_clear(),
        ObjRef::Class(c) => c.gc_clear(),
        ObjRef::Generator(g) => g.gc_clear(),
        // Never tracked, so never cleared: they go when their holder does.
        ObjRef::Tuple(_)
        | ObjRef::Method(_)
        | ObjRef::Bound(_)
        | ObjRef::Descriptor(_)
        | ObjRef::Super(_)
        | ObjRef::Slice(_)
        | ObjRef::DictView(_)
        | ObjRef::FrozenSet(_)
        | ObjRef::Globals(_) => {}
    }
}

/// Empties a dict (its layout version moves on, so cached positions into it
/// are stale).
pub(crate) fn clear_dict(d: &RefCell<crate::dict::Dict>) {
    let old = d.try_borrow_mut().map(|mut d| d.take_all());
    drop(old);
}

/// Empties a dict that is not tracked on its own and has no other holder
/// than the garbage object clearing it (an instance's or a function's
/// `__dict__`, a class namespace, module globals owned by one function).
pub(crate) fn clear_owned_dict(d: &Rc<RefCell<crate::dict::Dict>>) {
    if solely_owned(d) {
        clear_dict(d);
    }
}

/// How many objects CPython 3.11 would count for this one in
/// `gc.collect()`'s result: a function with a closure is two (CPython's
/// `__closure__` is a tuple of its own), and a single default that is not
/// atomic adds CPython's `__defaults__` tuple.
pub(crate) fn weight(obj: ObjRef<'_>) -> usize {
    match obj {
        ObjRef::Function(f) => f.gc_weight(),
        _ => 1,
    }
}

/// How many objects CPython would count for an object the collector looked
/// into because a garbage object held its only reference: CPython stops
/// tracking tuples and dicts that hold only atomic values, and module
/// globals are a dict (counted as one).
pub(crate) fn owned_weight(obj: ObjRef<'_>) -> usize {
    let holds_containers = match obj {
        ObjRef::Tuple(t) => t.as_slice().iter().any(|x| !is_atomic(x)),
        ObjRef::Dict(d) => d
            .try_borrow()
            .is_ok_and(|d| d.iter().any(|(k, x)| !is_atomic(k) || !is_atomic(x))),
        ObjRef::Globals(_) => false,
        ObjRef::FrozenSet(f) => f.table().iter().any(|x| !is_atomic(x)),
        _ => true,
    };
    usize::from(holds_containers)
}

//! The objects the collector knows: a borrowed reference to one
//! ([`ObjRef`]), a strong handle held while a collection looks at it
//! ([`Obj`]), and the weak handle the registry keeps ([`Tracked`]).
//!
//! Two families:
//!
//! * *trackable* kinds, the mutable containers a cycle can run through:
//!   cells, lists, dicts, sets, iterators, functions, instances, classes and
//!   generators. Each allocation of one is registered (functions only once
//!   they hold something other than their code, globals and atomic values:
//!   closure cells, a list as a default, attributes).
//! * *owned-only* kinds, never registered: tuples, bound methods, `super`
//!   objects, descriptors, slices, dict views, frozensets and module
//!   globals. The collector looks inside one only when a tracked object (or
//!   another owned one) holds its only strong reference.
//!
//! "Tracked" is `Rc::weak_count(..) > 0`: the registry's `Weak` handle is the
//! only weak reference the runtime ever makes to these objects.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::class::Class;
use crate::descriptor::{Bound, Descriptor, Super};
use crate::dict::Dict;
use crate::function::Function;
use crate::globals::GlobalsInner;
use crate::instance::Instance;
use crate::iter::IterState;
use crate::set::{FrozenSet, SetTable};
use crate::tuple::TupleItems;
use crate::value::{BoundMethod, DictView, Slice, Value};
use crate::vm::Generator;

macro_rules! objects {
    (
        tracked { $($t:ident($tty:ty)),* $(,)? }
        owned { $($o:ident($oty:ty)),* $(,)? }
    ) => {
        /// A reference from one object to another, as the collector sees it.
        #[derive(Clone, Copy)]
        pub(crate) enum ObjRef<'a> {
            $(
                #[allow(missing_docs)]
                $t(&'a Rc<$tty>),
            )*
            $(
                #[allow(missing_docs)]
                $o(&'a Rc<$oty>),
            )*
        }

        /// A strong handle on an object, held while a collection looks at it.
        pub(crate) enum Obj {
            $(
                #[allow(missing_docs)]
                $t(Rc<$tty>),
            )*
            $(
                #[allow(missing_docs)]
                $o(Rc<$oty>),
            )*
        }

        /// The registry's weak handle on a tracked object.
        pub(crate) enum Tracked {
            $(
                #[allow(missing_docs)]
                $t(Weak<$tty>),
            )*
        }

        impl ObjRef<'_> {
            /// The object's address: its identity while it is alive.
            pub(crate) fn addr(self) -> usize {
                match self {
                    $(ObjRef::$t(r) => Rc::as_ptr(r) as *const () as usize,)*
                    $(ObjRef::$o(r) => Rc::as_ptr(r) as *const () as usize,)*
                }
            }

            /// `Rc::strong_count`.
            pub(crate) fn strong(self) -> usize {
                match self {
                    $(ObjRef::$t(r) => Rc::strong_count(r),)*
                    $(ObjRef::$o(r) => Rc::strong_count(r),)*
                }
            }

            /// Whether objects of this kind are ever registered.
            pub(crate) fn is_trackable(self) -> bool {
                match self {
                    $(ObjRef::$t(_) => true,)*
                    $(ObjRef::$o(_) => false,)*
                }
            }

            /// Whether the registry holds a handle on the object.
            pub(crate) fn is_tracked(self) -> bool {
                match self {
                    $(ObjRef::$t(r) => Rc::weak_count(r) > 0,)*
                    $(ObjRef::$o(_) => false,)*
                }
            }

            /// A strong handle on the object.
            pub(crate) fn to_obj(self) -> Obj {
                match self {
                    $(ObjRef::$t(r) => Obj::$t(r.clone()),)*
                    $(ObjRef::$o(r) => Obj::$o(r.clone()),)*
                }
            }
        }

        impl Obj {
            /// The object, borrowed.
            pub(crate) fn as_ref(&self) -> ObjRef<'_> {
                match self {
                    $(Obj::$t(r) => ObjRef::$t(r),)*
                    $(Obj::$o(r) => ObjRef::$o(r),)*
                }
            }
        }

        impl Tracked {
            /// The object, if it is still alive.
            pub(crate) fn upgrade(&self) -> Option<Obj> {
                match self {
                    $(Tracked::$t(w) => w.upgrade().map(Obj::$t),)*
                }
            }

            /// Whether the object has been freed (only the handle is left).
            pub(crate) fn is_dead(&self) -> bool {
                match self {
                    $(Tracked::$t(w) => w.strong_count() == 0,)*
                }
            }

            /// The object's address (see [`ObjRef::addr`]).
            pub(crate) fn addr(&self) -> usize {
                match self {
                    $(Tracked::$t(w) => w.as_ptr() as *const () as usize,)*
                }
            }
        }

        $(
            impl Trackable for $tty {
                fn handle(rc: &Rc<Self>) -> Tracked {
                    Tracked::$t(Rc::downgrade(rc))
                }
            }
        )*
    };
}

objects! {
    tracked {
        Cell(RefCell<Option<Value>>),
        List(RefCell<Vec<Value>>),
        Dict(RefCell<Dict>),
        Set(RefCell<SetTable>),
        Iter(RefCell<IterState>),
        Function(Function),
        Instance(Instance),
        Class(Class),
        Generator(Generator),
    }
    owned {
        Tuple(TupleItems),
        Method(BoundMethod),
        Bound(Bound),
        Descriptor(Descriptor),
        Super(Super),
        Slice(Slice),
        DictView(DictView),
        FrozenSet(FrozenSet),
        Globals(GlobalsInner),
    }
}

/// A type whose allocations the registry tracks.
pub(crate) trait Trackable: Sized {
    /// The registry's handle on `rc`.
    fn handle(rc: &Rc<Self>) -> Tracked;
}

impl<'a> ObjRef<'a> {
    /// The object a value refers to (`None` for values that hold no
    /// references: numbers, strings, bytes, builtins, ranges, code
    /// objects, modules).
    ///
    /// Code objects are never looked into: a cycle through a code object's
    /// constants is not collected. Modules are made once per thread and
    /// live as long as it.
    pub(crate) fn of(v: &'a Value) -> Option<ObjRef<'a>> {
        Some(match v {
            Value::Cell(r) => ObjRef::Cell(r),
            Value::List(r) => ObjRef::List(r),
            Value::Dict(r) => ObjRef::Dict(r),
            Value::Set(r) => ObjRef::Set(r),
            Value::Iter(r) => ObjRef::Iter(r),
            Value::Function(r) => ObjRef::Function(r),
            Value::Instance(r) => ObjRef::Instance(r),
            Value::Class(r) => ObjRef::Class(r),
            Value::Generator(r) => ObjRef::Generator(r),
            Value::Tuple(r) => ObjRef::Tuple(r),
            Value::Method(r) => ObjRef::Method(r),
            Value::Bound(r) => ObjRef::Bound(r),
            Value::Descriptor(r) => ObjRef::Descriptor(r),
            Value::Super(r) => ObjRef::Super(r),
            Value::Slice(r) => ObjRef::Slice(r),
            Value::DictView(r) => ObjRef::DictView(r),
            Value::FrozenSet(r) => ObjRef::FrozenSet(r),
            Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::BigInt(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::Code(_)
            | Value::Builtin(_)
            | Value::Range(_)
            | Value::Module(_)
            | Value::NotImplemented
            | Value::Ellipsis => return None,
        })
    }
}

/// Whether `v` can lead to no other object the collector knows: a number,
/// a string, `None`, a builtin, or a tuple of such values (nested at most a
/// few levels deep; deeper ones count as not atomic).
///
/// A function whose defaults are all atomic, and which has no closure, is
/// not tracked until it is given something else.
#[inline]
pub(crate) fn is_atomic(v: &Value) -> bool {
    match v {
        Value::None
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::BigInt(_)
        | Value::Str(_) => true,
        _ => atomic_within(v, 4),
    }
}

fn atomic_within(v: &Value, depth: u32) -> bool {
    match v {
        Value::Tuple(t) => depth > 0 && t.as_slice().iter().all(|x| atomic_within(x, depth - 1)),
        other => ObjRef::of(other).is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_strings_and_tuples_of_them_are_atomic() {
        assert!(is_atomic(&Value::Int(1)));
        assert!(is_atomic(&Value::str("x")));
        assert!(is_atomic(&crate::ops::tuple_of([
            Value::Int(1),
            Value::None
        ])));
        assert!(!is_atomic(&crate::ops::list(Vec::new())));
        assert!(!is_atomic(&crate::ops::tuple_of([crate::ops::list(
            Vec::new()
        )])));
    }

    #[test]
    fn the_registry_handle_is_the_only_weak_reference() {
        let cell = crate::cell::new_cell();
        let r = ObjRef::Cell(&cell);
        assert!(r.is_tracked());
        let obj = r.to_obj();
        assert_eq!(obj.as_ref().strong(), 2);
        assert_eq!(obj.as_ref().addr(), Rc::as_ptr(&cell) as *const () as usize);
    }
}

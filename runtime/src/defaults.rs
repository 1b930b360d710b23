//! A function's positional defaults (`__defaults__`). The common case of
//! one default (`lambda x, i=i: ...`) lives inside the function object;
//! its tuple is made the first time `__defaults__` is read (and kept, so
//! it is the same object afterwards).

use std::cell::RefCell;

use crate::value::Value;

/// What [`make_function`](crate::make_function) is given for
/// `__defaults__`.
///
/// ```
/// use py_fn_runtime::{Defaults, Value};
/// assert!(matches!(Defaults::from(None), Defaults::None));
/// assert!(matches!(Defaults::One(Value::Int(1)), Defaults::One(_)));
/// ```
#[derive(Clone, Debug)]
pub enum Defaults {
    /// No defaults (`__defaults__` is `None`).
    None,
    /// Exactly one default, not yet in a tuple.
    One(Value),
    /// A tuple of defaults.
    Tuple(Value),
}

impl From<Option<Value>> for Defaults {
    fn from(v: Option<Value>) -> Defaults {
        match v {
            None => Defaults::None,
            Some(t) => Defaults::Tuple(t),
        }
    }
}

impl Defaults {
    /// Whether every default is atomic (a number, a string, `None`, a
    /// tuple of such): a function with only such defaults and no closure
    /// cannot be part of a cycle, and the cycle collector does not track it.
    #[inline]
    pub(crate) fn is_atomic(&self) -> bool {
        match self {
            Defaults::None => true,
            Defaults::One(v) | Defaults::Tuple(v) => crate::gc::is_atomic(v),
        }
    }

    /// The defaults as a slice.
    pub fn as_slice(&self) -> &[Value] {
        match self {
            Defaults::None => &[],
            Defaults::One(v) => std::slice::from_ref(v),
            Defaults::Tuple(Value::Tuple(t)) => t.as_slice(),
            Defaults::Tuple(_) => &[],
        }
    }
}

/// `__defaults__` as a value, making (and keeping) the tuple of a single
/// inline default.
pub(crate) fn defaults_value(slot: &RefCell<Defaults>) -> Option<Value> {
    let mut d = slot.borrow_mut();
    match &*d {
        Defaults::None => None,
        Defaults::Tuple(t) => Some(t.clone()),
        Defaults::One(v) => {
            let t = crate::ops::tuple_of([v.clone()]);
            let old = std::mem::replace(&mut *d, Defaults::Tuple(t.clone()));
            drop(d);
            drop(old);
            Some(t)
        }
    }
}

//! The cycle collector: frees reference cycles that `Rc` alone never
//! frees, as CPython's `gc` module does.
//!
//! A recursive nested function is a cycle: its cell holds the function and
//! the function's closure holds the cell. Every allocation of a mutable
//! container — cells, lists, dicts, sets, iterators, functions with a
//! closure (or with defaults, attributes or annotations that are not
//! atomic), instances, classes, generators — is registered, per thread, in
//! generation 0. A collection (CPython's algorithm, see `collect.rs`)
//! subtracts the references objects of the collected generations hold to
//! one another from their strong counts; what is left above zero is held
//! from outside (a `Value` on the Rust stack, an older generation), and so
//! is everything it reaches. The rest is garbage: the collector empties its
//! containers, and reference counting frees the cycles.
//!
//! Collections happen only at safe points: when a tracked allocation
//! crosses CPython's thresholds `(700, 10, 10)`, at `gc.collect()` from
//! Python, or at [`collect`] from Rust. They never run Python code (there
//! is no `__del__`; a generator found in a cycle is dropped without running
//! its `finally` blocks), never clear an object whose `RefCell` is borrowed,
//! and never free what Rust code holds.
//!
//! ```
//! use py_fn_runtime::{gc, Value};
//! // A list that contains itself.
//! let l = py_fn_runtime::list(Vec::new());
//! if let Value::List(items) = &l {
//!     items.borrow_mut().push(l.clone());
//! }
//! gc::collect();
//! assert_eq!(l.repr(), "[[...]]", "held from Rust: kept");
//! drop(l);
//! assert_eq!(gc::collect(), 1, "unreachable: found and freed");
//! ```

mod collect;
mod object;
mod registry;
mod traverse;

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::value::Value;

pub(crate) use object::{is_atomic, ObjRef, Trackable};
pub(crate) use traverse::{
    clear_owned_dict, iter_holds_references, solely_owned, take_from, Visit,
};

/// Registers a new container with the collector (generation 0); the
/// allocation counts towards the automatic collection threshold.
#[inline]
pub(crate) fn track<T: Trackable>(rc: &Rc<T>) {
    registry::track(T::handle(rc));
}

/// Registers `rc` unless it is already registered (a function given a
/// value that can lead back to it).
#[inline]
pub(crate) fn ensure_tracked<T: Trackable>(rc: &Rc<T>) {
    if Rc::weak_count(rc) == 0 {
        track(rc);
    }
}

/// Collects all generations (what `gc.collect()` does) and returns how many
/// unreachable objects it found, counted as CPython 3.11 counts them (a
/// function with a closure is two objects: CPython's `__closure__` is a
/// tuple of its own).
///
/// ```
/// use py_fn_runtime::{gc, Value};
/// let cell = py_fn_runtime::new_cell();
/// py_fn_runtime::cell_store(&cell, Value::Cell(cell.clone()));
/// drop(cell);
/// assert_eq!(gc::collect(), 1);
/// assert_eq!(gc::collect(), 0);
/// ```
pub fn collect() -> usize {
    registry::collect_generation(registry::GENERATIONS - 1, true)
}

/// Collects generations `0..=generation` (`gc.collect(generation)`);
/// `ValueError: invalid generation` unless `generation` is 0, 1 or 2.
///
/// ```
/// use py_fn_runtime::gc;
/// assert_eq!(gc::collect_generation(0).unwrap(), 0);
/// let err = gc::collect_generation(3).unwrap_err();
/// assert_eq!(err.to_string(), "ValueError: invalid generation");
/// ```
pub fn collect_generation(generation: usize) -> PyResult<usize> {
    if generation >= registry::GENERATIONS {
        return Err(PyErr::value_error("invalid generation"));
    }
    Ok(registry::collect_generation(generation, true))
}

/// Turns automatic collection on (`gc.enable()`).
///
/// ```
/// py_fn_runtime::gc::disable();
/// py_fn_runtime::gc::enable();
/// assert!(py_fn_runtime::gc::is_enabled());
/// ```
pub fn enable() {
    registry::set_enabled(true);
}

/// Turns automatic collection off (`gc.disable()`); [`collect`] still works.
///
/// ```
/// py_fn_runtime::gc::disable();
/// assert!(!py_fn_runtime::gc::is_enabled());
/// py_fn_runtime::gc::enable();
/// ```
pub fn disable() {
    registry::set_enabled(false);
}

/// Whether automatic collection is on (`gc.isenabled()`).
///
/// ```
/// assert!(py_fn_runtime::gc::is_enabled());
/// ```
pub fn is_enabled() -> bool {
    registry::is_enabled()
}

/// `gc.get_count()`: tracked allocations since the last collection of
/// generation 0, and collections of generations 0 and 1 since the last
/// collection of the next one. (CPython also subtracts frees from the first
/// count; here it counts allocations only.)
///
/// ```
/// use py_fn_runtime::gc;
/// gc::collect();
/// assert_eq!(gc::get_count(), [0, 0, 0]);
/// let _l = py_fn_runtime::list(Vec::new());
/// assert_eq!(gc::get_count(), [1, 0, 0]);
/// gc::collect_generation(0).unwrap();
/// assert_eq!(gc::get_count(), [0, 1, 0]);
/// ```
pub fn get_count() -> [usize; 3] {
    registry::count()
}

/// `gc.get_threshold()`: `[700, 10, 10]` unless changed.
///
/// ```
/// assert_eq!(py_fn_runtime::gc::get_threshold(), [700, 10, 10]);
/// ```
pub fn get_threshold() -> [i32; 3] {
    registry::threshold()
}

/// `gc.set_threshold(t0, t1, t2)`: `None` keeps a threshold. Threshold 0
/// of zero turns automatic collection off, as in CPython.
///
/// ```
/// use py_fn_runtime::gc;
/// gc::set_threshold([Some(100), None, None]);
/// assert_eq!(gc::get_threshold(), [100, 10, 10]);
/// gc::set_threshold([Some(700), None, None]);
/// ```
pub fn set_threshold(thresholds: [Option<i32>; 3]) {
    registry::set_threshold(thresholds);
}

/// Whether `v` is registered with the collector. Numbers, strings and
/// tuples never are; a function is once it has a closure (or other
/// non-atomic state), unlike CPython, which tracks every function.
///
/// ```
/// use py_fn_runtime::{gc, Value};
/// assert!(gc::is_tracked(&py_fn_runtime::list(Vec::new())));
/// assert!(!gc::is_tracked(&Value::Int(1)));
/// ```
pub fn is_tracked(v: &Value) -> bool {
    ObjRef::of(v).is_some_and(|r| r.is_tracked())
}

/// The generation (0, 1 or 2) that holds `v`, `None` if it is not tracked.
/// Survivors of a collection move one generation up.
///
/// ```
/// use py_fn_runtime::gc;
/// let l = py_fn_runtime::list(Vec::new());
/// assert_eq!(gc::generation_of(&l), Some(0));
/// gc::collect_generation(0).unwrap();
/// assert_eq!(gc::generation_of(&l), Some(1));
/// gc::collect();
/// assert_eq!(gc::generation_of(&l), Some(2));
/// ```
pub fn generation_of(v: &Value) -> Option<usize> {
    let r = ObjRef::of(v)?;
    if !r.is_tracked() {
        return None;
    }
    registry::generation_of(r.addr())
}

/// How many live objects this thread's collector tracks.
///
/// ```
/// use py_fn_runtime::gc;
/// let before = gc::tracked_count();
/// let l = py_fn_runtime::list(Vec::new());
/// assert_eq!(gc::tracked_count(), before + 1);
/// # drop(l);
/// ```
pub fn tracked_count() -> usize {
    registry::tracked_len()
}

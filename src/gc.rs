//! The cycle collector: reference cycles are freed, as CPython's `gc`
//! frees them.
//!
//! Objects are reference counted (`Rc`), so a cycle never reaches a count
//! of zero on its own. The commonest one is a recursive nested function:
//! its cell holds the function, and the function's closure holds the cell.
//! py_fn keeps a per-thread registry of the containers that can take part
//! in one — cells, lists, dicts, sets, iterators, instances, classes,
//! generators, and functions with a closure (or with non-atomic defaults,
//! annotations or attributes) — and collects it as CPython does, in three
//! generations with CPython's thresholds `(700, 10, 10)`: automatically as
//! containers are made, at `gc.collect()` from Python, and at [`collect`]
//! from Rust.
//!
//! A collection frees only what nothing outside the cycle refers to: a
//! [`Value`](crate::Value) held by Rust code keeps its object, and all it
//! reaches, alive. It never runs Python code, and it leaves alone any
//! object whose `RefCell` is borrowed at the time.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make(n):
//!             def rec(k):
//!                 return 0 if k == 0 else rec(k - 1)
//!             rec(n)
//!             return rec
//!     }
//! }
//!
//! # fn main() -> py_fn::PyResult<()> {
//! py_fn::gc::collect();
//! // The cycle rec -> cell -> rec, dropped at once.
//! m::make.call((3,))?;
//! // CPython counts the function, its __closure__ tuple and the cell.
//! assert_eq!(py_fn::gc::collect(), 3);
//!
//! // Held from Rust: kept, and still callable after a collection.
//! let rec = m::make.call((3,))?;
//! assert_eq!(py_fn::gc::collect(), 0);
//! assert_eq!(py_fn::call(&rec, &[py_fn::Value::from(10)])?, py_fn::Value::from(0));
//! # Ok(()) }
//! ```
//!
//! What is not collected: cycles through a code object's constants (code
//! made at run time with `code.replace(co_consts=...)`), through module
//! objects, or through an untracked holder that more than one object refers
//! to (a tuple or bound method held from two places, an instance's
//! `__dict__` taken out and stored elsewhere): the collector then treats
//! the holder's contents as referenced from outside. A generator in a cycle
//! is freed without running its `finally` blocks (CPython would close it).

pub use py_fn_runtime::gc::{
    collect, collect_generation, disable, enable, generation_of, get_count, get_threshold,
    is_enabled, is_tracked, set_threshold, tracked_count,
};

//! # py_fn — Python functions inside Rust programs
//!
//! The [`py_fn!`] macro reads a Python module at compile time — inline, with
//! real indentation, or from a `.py` file — runs CPython 3.11's scope
//! analysis on it, and produces two things:
//!
//! * **code objects identical to CPython 3.11's**: every `co_*` field, the
//!   bytecode, and the text `dis.dis` prints;
//! * **native Rust closures**: plain locals are Rust locals, closed-over
//!   variables live in shared cells ([`CellRef`] =
//!   `Rc<RefCell<Option<Value>>>`), and a nested function carries exactly the
//!   cells its `co_freevars` name.
//!
//! ```
//! mod counter {
//!     py_fn::py_fn! {
//!         def make_counter(step):
//!             count = 0
//!             def tick():
//!                 nonlocal count
//!                 count += step
//!                 return count
//!             return tick
//!     }
//! }
//!
//! # fn main() -> py_fn::PyResult<()> {
//! let tick = counter::make_counter.call((5,))?;
//! py_fn::call(&tick, &[])?;
//! assert_eq!(py_fn::call(&tick, &[])?, py_fn::Value::from(10));
//!
//! // The closure, as CPython shows it.
//! let f = tick.as_function().unwrap();
//! assert_eq!(f.code().co_freevars().to_string(), "('count', 'step')");
//! assert_eq!(f.qualname(), "make_counter.<locals>.tick");
//! # Ok(()) }
//! ```
//!
//! ## What a `py_fn!` block generates
//!
//! At item position (usually inside a `mod`), for a module `m`:
//!
//! * for each top-level `def name`, a value item `name` with
//!   `name.call((args,))`, `name.call_kw((args,), &[("key", value)])`,
//!   `name.function()` and `name.try_function()` (the [`Value`] holding the
//!   function object);
//! * `pub fn __main__() -> PyResult<()>`, which runs the module's top-level
//!   statements in order, printing to stdout, as `python3 m.py` would.
//!
//! The block is a Python module. The first use of one of its items on a
//! thread imports it: its top-level statements run once, with `__name__`
//! set to the Rust module's name, and the item is the module's attribute
//! (so a function that calls another top-level function just works).
//! `__main__()` runs the module as a script, in a fresh namespace whose
//! `__name__` is `"__main__"` (an `if __name__ == "__main__":` block runs
//! only there).
//!
//! ## Native code and the bytecode interpreter
//!
//! Every code object gets a native Rust body when the back end lowers it —
//! closures, classes, comprehensions, `try`/`except`/`finally`, f-strings,
//! imports. Generators, and code objects built or patched at run time
//! (`code.replace`, `types.FunctionType`), run on py_fn's interpreter of
//! CPython 3.11 bytecode, over the same values and cells: a native closure
//! and an interpreted one share cells. Patched bytecode is verified before
//! it runs; malformed code raises a Python exception, it never crashes the
//! process. [`set_force_vm`] runs everything on the interpreter (the
//! conformance tests run every case both ways). `docs/backends.md` in the
//! repository lists what each back end runs.
//!
//! ```
//! mod shapes {
//!     py_fn::py_fn! {
//!         class Square:
//!             def __init__(self, side):
//!                 self.side = side
//!             def area(self):
//!                 return self.side * self.side
//!
//!         def areas(n):
//!             return [Square(i).area() for i in range(n)]
//!
//!         def countdown(n):
//!             while n:
//!                 yield n
//!                 n -= 1
//!     }
//! }
//!
//! # fn main() -> py_fn::PyResult<()> {
//! assert_eq!(shapes::areas.call((4,))?.repr(), "[0, 1, 4, 9]");
//! let gen = shapes::countdown.call((3,))?;
//! let list = py_fn::call(&py_fn::builtin("list").unwrap(), &[gen])?;
//! assert_eq!(list.repr(), "[3, 2, 1]");
//! # Ok(()) }
//! ```
//!
//! ## Two input forms
//!
//! * `py_fn! { ... }`: Python inline. Indentation is read from token
//!   positions and the exact text (with `//` and `#` comments) from the
//!   invocation's source. Rust's lexer runs first, so strings must use
//!   double quotes, comments must not contain quotes, apostrophes or
//!   backslashes, and `\` continuations are not possible; use braces, not
//!   parentheses, so rustfmt leaves the block alone.
//! * `py_fn!(file = "path/to/module.py")`: any source the subset allows,
//!   path relative to the crate's `Cargo.toml`; the crate is rebuilt when the
//!   file changes.
//!
//! A Python mistake is a compile error with CPython's `SyntaxError` text, at
//! the offending tokens (inline) or with `file.py:line:col` (file form). A
//! Python error at run time is a [`PyErr`] whose `Display` is the last line
//! of CPython's traceback.

pub use py_fn_macros::py_fn;
pub use py_fn_runtime::{
    builtin, call, call_kw, capture_stdout, force_vm, set_force_vm, Cell, CellRef, Code, ExcType,
    Function, IntoArgs, PyErr, PyResult, Value,
};

/// Items used by the code `py_fn!` generates. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use py_fn_runtime as rt;
}

pub mod gc;
pub mod guide;

mod live;
pub use live::explain;

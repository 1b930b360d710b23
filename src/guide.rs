//! # Closures in Python and in Rust, side by side
//!
//! Eight small programs, each as Python compiled by [`py_fn!`]
//! (checked against the output CPython 3.11.7 prints for the same program,
//! pasted from `python3`), and most as the Rust a person would write by hand.
//! Every example here is a doctest: `cargo test --doc -p py_fn` runs them.
//!
//! [`py_fn!`]: crate::py_fn
//!
//! ## 1. The basic closure
//!
//! `greet` reads `name`, a variable of the enclosing `make_greeting`. CPython
//! moves `name` into a *cell*: `make_greeting` lists it in `co_cellvars`,
//! `greet` in `co_freevars`, and the function object carries the cell in
//! `__closure__`.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make_greeting(name):
//!             def greet():
//!                 return "hello " + name
//!             return greet
//!
//!         g = make_greeting("Ada")
//!         print(g())
//!         print(g.__code__.co_freevars, g.__closure__[0].cell_contents)
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "hello Ada\n('name',) Ada\n");
//! ```
//!
//! By hand, a `move` closure owns its copy; nothing else can see it:
//!
//! ```
//! fn make_greeting(name: String) -> impl Fn() -> String {
//!     move || format!("hello {name}")
//! }
//! assert_eq!(make_greeting("Ada".into())(), "hello Ada");
//! ```
//!
//! What `py_fn!` generates for it: the two native bodies from the output of
//! `cargo run -q -p py_fn_cli -- expand make_greeting.py` (the program above
//! in a file), formatted with `rustfmt` and trimmed (`...` marks the elided
//! error paths). The cell is an `Rc<RefCell<Option<Value>>>` created when
//! `make_greeting` starts; `greet`'s closure is exactly that one cell, and
//! `greet` reads it with `LOAD_DEREF`'s native form. The `__pyfn_*` helpers
//! are small inline fast paths (an `int` addition, a cell read, a local's
//! store and drop) emitted once per module. The exact text changes as the
//! code generator is tuned; `tests/guide.rs` checks that the lines about
//! cells and the closure still read as shown.
//!
//! ```text
//! /// The native body of `make_greeting.<locals>.greet`.
//! fn __pyfn_body_2(__f: &rt::Function, __args: &[rt::Value]) -> rt::PyResult<rt::Value> {
//!     let __g: &rt::Globals = __f.globals();
//!     let [__free_name] = __f.closure() else { ... };
//!     return Ok(__pyfn_add(
//!         &rt::Value::str_static("hello "),
//!         &__pyfn_cell_load(__free_name, "name", rt::DerefKind::Free)?,
//!     )?);
//! }
//! /// The native body of `make_greeting`.
//! fn __pyfn_body_1(__f: &rt::Function, __args: &[rt::Value]) -> rt::PyResult<rt::Value> {
//!     let __g: &rt::Globals = __f.globals();
//!     let [name] = __args else { ... };
//!     let __cell_name: rt::CellRef = rt::new_cell();
//!     rt::cell_store(&__cell_name, __pyfn_clone(name));
//!     let mut greet: Option<rt::Value> = None;
//!     {
//!         let __value = rt::make_function(
//!             &__PYFN_CODE_2_greet,
//!             __pyfn_body_2,
//!             __g,
//!             [__cell_name.clone()],
//!             None,
//!             None,
//!         );
//!         __pyfn_set(&mut greet, __value);
//!     }
//!     {
//!         let __ret = match &greet {
//!             Some(v) => __pyfn_clone(v),
//!             None => return Err(rt::unbound_local("greet")),
//!         };
//!         __pyfn_discard_opt(greet);
//!         return Ok(__ret);
//!     }
//! }
//! ```
//!
//! ## 2. A `nonlocal` counter
//!
//! `nonlocal count` lets `tick` *rebind* the enclosing variable, so the cell
//! must be shared and mutable.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make_counter():
//!             count = 0
//!             def tick():
//!                 nonlocal count
//!                 count += 1
//!                 return count
//!             return tick
//!
//!         tick = make_counter()
//!         print(tick(), tick(), tick())
//!         print(make_counter.__code__.co_cellvars, tick.__code__.co_freevars)
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "1 2 3\n('count',) ('count',)\n");
//! ```
//!
//! By hand, a `move` closure over a plain integer is enough when nothing
//! else shares it (`FnMut`); a `Cell` gives the same through `Fn`:
//!
//! ```
//! use std::cell::Cell;
//! fn make_counter() -> impl Fn() -> i64 {
//!     let count = Cell::new(0);
//!     move || {
//!         count.set(count.get() + 1);
//!         count.get()
//!     }
//! }
//! let tick = make_counter();
//! assert_eq!((tick(), tick(), tick()), (1, 2, 3));
//! ```
//!
//! ## 3. Late binding in loops, and the default-argument fix
//!
//! A closure captures the *variable*, not its value: all three lambdas share
//! the one cell of `i`, which holds 2 when they run. A default argument is
//! evaluated when the `lambda` is made, so it freezes the value.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def late():
//!             fs = []
//!             for i in range(3):
//!                 fs.append(lambda: i)
//!             return fs
//!
//!         def bound():
//!             fs = []
//!             for i in range(3):
//!                 fs.append(lambda i=i: i)
//!             return fs
//!
//!         print("late:", late()[0](), late()[1](), late()[2]())
//!         print("bound:", bound()[0](), bound()[1](), bound()[2]())
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "late: 2 2 2\nbound: 0 1 2\n");
//! ```
//!
//! Rust closures capture by value with `move`, so they behave like the fixed
//! version; the late-binding behaviour needs a deliberately shared cell:
//!
//! ```
//! use std::{cell::Cell, rc::Rc};
//! let i = Rc::new(Cell::new(0));
//! let mut late: Vec<Box<dyn Fn() -> i32>> = Vec::new();
//! let mut bound: Vec<Box<dyn Fn() -> i32>> = Vec::new();
//! for n in 0..3 {
//!     i.set(n);
//!     let shared = Rc::clone(&i);
//!     late.push(Box::new(move || shared.get()));
//!     bound.push(Box::new(move || n));
//! }
//! assert_eq!(late.iter().map(|f| f()).collect::<Vec<_>>(), [2, 2, 2]);
//! assert_eq!(bound.iter().map(|f| f()).collect::<Vec<_>>(), [0, 1, 2]);
//! ```
//!
//! ## 4. Two sibling closures sharing one cell
//!
//! Closures made by one call share the cells of that call: `get` and `put`
//! hold the very same cell object.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make_box():
//!             value = 0
//!             def get():
//!                 return value
//!             def put(new):
//!                 nonlocal value
//!                 value = new
//!             return get, put
//!
//!         get, put = make_box()
//!         put(42)
//!         print(get(), get.__closure__[0] is put.__closure__[0])
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "42 True\n");
//! ```
//!
//! By hand: one `Rc<RefCell<_>>`, cloned into each closure.
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! fn make_box() -> (impl Fn() -> i64, impl Fn(i64)) {
//!     let value = Rc::new(RefCell::new(0));
//!     let v = Rc::clone(&value);
//!     (move || *value.borrow(), move |new| *v.borrow_mut() = new)
//! }
//! let (get, put) = make_box();
//! put(42);
//! assert_eq!(get(), 42);
//! ```
//!
//! ## 5. `global`
//!
//! A `global` name is not a cell at all: it lives in the module's namespace,
//! is reached by `LOAD_GLOBAL`/`STORE_GLOBAL` through `co_names`, and the
//! function has no closure.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         total = 0
//!
//!         def add(n):
//!             global total
//!             total += n
//!             return total
//!
//!         add(5)
//!         add(7)
//!         print(total, add.__code__.co_names, add.__closure__)
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "12 ('total',) None\n");
//! ```
//!
//! By hand, the nearest thing is a `thread_local!` (or a `static` atomic):
//!
//! ```
//! use std::cell::Cell;
//! thread_local!(static TOTAL: Cell<i64> = const { Cell::new(0) });
//! fn add(n: i64) -> i64 {
//!     TOTAL.with(|t| {
//!         t.set(t.get() + n);
//!         t.get()
//!     })
//! }
//! add(5);
//! assert_eq!(add(7), 12);
//! ```
//!
//! ## 6. Changing a cell through `__closure__`
//!
//! A cell is an object of its own: writing `cell_contents` changes what the
//! closure computes from then on — from Python, or from Rust through
//! [`Function::closure`](crate::Function::closure).
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make_multiplier(factor):
//!             def multiply(x):
//!                 return x * factor
//!             return multiply
//!
//!         triple = make_multiplier(3)
//!         print(triple(5))
//!         triple.__closure__[0].cell_contents = 10
//!         print(triple(5))
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(out, "15\n50\n");
//!
//! // The same from Rust:
//! use py_fn::Value;
//! let triple = m::make_multiplier.call((3,)).unwrap();
//! let f = triple.as_function().unwrap();
//! *f.closure()[0].borrow_mut() = Some(Value::from(10));
//! assert_eq!(py_fn::call(&triple, &[Value::from(5)]).unwrap(), Value::from(50));
//! ```
//!
//! By hand, the cell must be shared on purpose to be changed from outside:
//!
//! ```
//! use std::{cell::Cell, rc::Rc};
//! let factor = Rc::new(Cell::new(3));
//! let f = Rc::clone(&factor);
//! let multiply = move |x: i64| x * f.get();
//! assert_eq!(multiply(5), 15);
//! factor.set(10);
//! assert_eq!(multiply(5), 50);
//! ```
//!
//! ## 7. Methods close over the function that defines their class
//!
//! A class body is not a scope for the methods in it (they cannot see its
//! names), but a class defined inside a function is: its methods close over
//! that function's locals, through cells like any nested function.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         def make_account(owner):
//!             history = []
//!             class Account:
//!                 def __init__(self, balance):
//!                     self.balance = balance
//!                 def deposit(self, amount):
//!                     history.append((owner, amount))
//!                     self.balance += amount
//!                     return self.balance
//!             return Account, history
//!
//!         Account, history = make_account("ada")
//!         a = Account(10)
//!         print(a.deposit(5), a.deposit(7), history)
//!         print(Account.deposit.__code__.co_freevars)
//!         print(Account.deposit.__closure__[0].cell_contents is history)
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints:
//! assert_eq!(
//!     out,
//!     "15 22 [('ada', 5), ('ada', 7)]\n('history', 'owner')\nTrue\n"
//! );
//! ```
//!
//! By hand, the class is a struct and the captured list a shared `Rc`:
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! struct Account { balance: i64, history: Rc<RefCell<Vec<(String, i64)>>>, owner: Rc<str> }
//! impl Account {
//!     fn deposit(&mut self, amount: i64) -> i64 {
//!         self.history.borrow_mut().push((self.owner.to_string(), amount));
//!         self.balance += amount;
//!         self.balance
//!     }
//! }
//! let history = Rc::new(RefCell::new(Vec::new()));
//! let mut a = Account { balance: 10, history: Rc::clone(&history), owner: "ada".into() };
//! assert_eq!((a.deposit(5), a.deposit(7)), (15, 22));
//! assert_eq!(history.borrow().len(), 2);
//! ```
//!
//! ## 8. Code objects are data: patch one, safely
//!
//! `code.replace` makes a new code object; `types.FunctionType` makes a
//! function around it. py_fn runs patched code on its bytecode interpreter
//! (the native body belongs to the original code object), sharing cells and
//! globals with the native code — and it checks the patched bytecode
//! first. CPython 3.11 does not: the second patch below, a code object
//! whose constants are gone, crashes python3 with a segmentation fault;
//! py_fn raises `ValueError`.
//!
//! ```
//! mod m {
//!     py_fn::py_fn! {
//!         import types
//!
//!         def outer(a, b):
//!             x = a + b
//!             y = 42
//!             def inner(z):
//!                 return x * z + y
//!             return inner
//!
//!         code = outer.__code__
//!         consts = tuple(99 if c == 42 else c for c in code.co_consts)
//!         patched = types.FunctionType(code.replace(co_consts=consts), globals(), "patched")
//!         print(outer(2, 3)(10), patched(2, 3)(10))
//!         try:
//!             types.FunctionType(code.replace(co_consts=()), globals(), "broken")(2, 3)
//!         except ValueError as e:
//!             print("ValueError")
//!     }
//! }
//! let (out, result) = py_fn::capture_stdout(m::__main__);
//! result.unwrap();
//! // python3 prints the first line, then crashes.
//! assert_eq!(out, "92 149\nValueError\n");
//! ```

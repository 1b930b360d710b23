//! The fast call path (exact positional arity, no keywords, no `*args` or
//! `**kwargs`) allocates nothing: the caller's slice goes straight to the
//! native body. Checked with a counting global allocator.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use py_fn_runtime::{call, make_function, CodeData, Function, Globals, PyResult, Value};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static ADD: CodeData = code!(
    "add",
    "add",
    argcount = 2,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = ["a", "b"],
    freevars = []
);

fn add(_f: &Function, args: &[Value]) -> PyResult<Value> {
    let [a, b] = args else {
        return Err(py_fn_runtime::unbound_local("a"));
    };
    py_fn_runtime::binary_op(py_fn_runtime::BinOp::Add, a, b)
}

#[test]
fn exact_positional_calls_allocate_nothing() {
    let g = Globals::new("__main__");
    let f = make_function(&ADD, add, &g, Vec::new(), None, None);
    let args = [Value::Int(20), Value::Int(22)];
    // Warm up thread-locals (recursion depth counter).
    let first = call(&f, &args).expect("adds");
    assert_eq!(first, Value::Int(42));
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut total = 0i64;
    for _ in 0..1000 {
        if let Ok(Value::Int(i)) = call(&f, &args) {
            total += i;
        }
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(total, 42_000);
    assert_eq!(after - before, 0, "allocations on the fast call path");
}

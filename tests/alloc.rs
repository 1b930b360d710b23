//! Allocation counts of the W1 closure (`benches/workloads.py`), measured with
//! a counting global allocator: calling `inner` allocates nothing; creating it
//! (calling `outer`) allocates its two cells and the function object (which
//! holds up to two closure cells itself), nothing else.
//!
//! Expected values come from CPython 3.11:
//! `python3 -c "exec(open('t.py').read())"` on
//! ```text
//! def outer(y, z):
//!     def inner(x):
//!         return x * z + y
//!     return inner
//! inner = outer(2, 3)
//! print(inner(5), inner(-7), inner(2**62))
//! print(inner.__code__.co_freevars, len(inner.__closure__))
//! ```
//! prints `17 -19 13835058055282163714` and `('y', 'z') 2`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use py_fn::Value;

mod w1 {
    py_fn::py_fn! {
        def outer(y, z):
            def inner(x):
                return x * z + y
            return inner
    }
}

thread_local! {
    /// Allocations made by this thread while counting is on.
    static COUNT: Cell<usize> = const { Cell::new(0) };
    /// Whether this thread counts.
    static ON: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting the allocations of threads that asked.
struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping
// only touches const-initialised thread-locals that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn note() {
    let _ = ON.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

/// The allocations `f` makes on this thread, and its result.
fn counted<T>(f: impl FnOnce() -> T) -> (usize, T) {
    COUNT.with(|c| c.set(0));
    ON.with(|on| on.set(true));
    let out = f();
    ON.with(|on| on.set(false));
    (COUNT.with(Cell::get), out)
}

#[test]
fn calling_inner_allocates_nothing() {
    let outer = w1::outer.function();
    let inner = py_fn::call(&outer, &[Value::Int(2), Value::Int(3)]).unwrap();
    let args = [Value::Int(5)];
    let _ = py_fn::call(&inner, &args).unwrap();
    let (allocs, results) = counted(|| {
        let mut last = Value::None;
        for _ in 0..1000 {
            last = py_fn::call(&inner, &args).unwrap();
        }
        let negative = py_fn::call(&inner, &[Value::Int(-7)]).unwrap();
        (last, negative)
    });
    assert_eq!(allocs, 0, "allocations in 1001 calls of inner");
    assert_eq!(results.0.repr(), "17");
    assert_eq!(results.1.repr(), "-19");
    // Past i64 the result is a big int (allocating is then expected).
    let big = py_fn::call(&inner, &[Value::Int(1 << 62)]).unwrap();
    assert_eq!(big.repr(), "13835058055282163714");
}

#[test]
fn creating_inner_allocates_its_cells_and_the_function() {
    let outer = w1::outer.function();
    // Warm up: the first call may fill caches (code objects, globals).
    let _ = py_fn::call(&outer, &[Value::Int(2), Value::Int(3)]).unwrap();
    let (allocs, inner) = counted(|| py_fn::call(&outer, &[Value::Int(2), Value::Int(3)]));
    let inner = inner.unwrap();
    let f = inner.as_function().unwrap();
    assert_eq!(f.code().co_freevars().repr(), "('y', 'z')");
    assert_eq!(f.cells().len(), 2);
    // Two cells (y, z), the function object, its closure vector.
    assert_eq!(
        allocs,
        2 + 1,
        "allocations to create inner: two cells, the function"
    );
    assert_eq!(py_fn::call(&inner, &[Value::Int(5)]).unwrap().repr(), "17");
}

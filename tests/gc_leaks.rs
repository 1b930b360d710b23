//! Reference cycles do not leak: 1,000,000 creations in all of three
//! shapes that are cycles under plain `Rc` — a recursive nested function
//! (450,000 natively, 50,000 on the bytecode interpreter), two sibling
//! closures that call each other (200,000), and a list that contains itself
//! (300,000) — keep the peak RSS of the process within 64 MB of where it
//! started. Without the collector the recursive closure alone leaks about
//! 170 bytes a creation (`examples/gc_leak.rs` prints both figures).
//!
//! The interpreter's share is small because a debug build runs it at about
//! 25 µs a creation (the whole test takes about 5 s in a debug build). The
//! RSS bound only catches a leak of tens of megabytes, so each shape also
//! checks the exact figure: the objects its thread still tracks at the end
//! stay below a small bound (one generation 0 of garbage and what is kept),
//! and the same shape with collection turned off shows that every creation
//! is a cycle (what `gc.collect()` then finds, CPython's count).
//!
//! One test runs the shapes one after the other, each on a thread of its
//! own (the collector is per thread, and the interpreter run makes its
//! functions with `set_force_vm(true)`), so that the process's peak RSS
//! belongs to it. Values kept from Rust across all the collections stay
//! usable.

use py_fn::Value;

mod cycles {
    py_fn::py_fn! {
        def make(n):
            def rec(k):
                return 0 if k == 0 else rec(k - 1)
            return rec(n)

        def keep(n):
            def rec(k):
                return k if k < 2 else rec(k - 1) + rec(k - 2)
            rec(n)
            return rec

        def siblings(n):
            def ping(k):
                return 0 if k == 0 else pong(k - 1)
            def pong(k):
                return ping(k)
            return ping(n)

        def self_list(n):
            items = [n]
            items.append(items)
            return len(items)

        def kept_list(n):
            items = [n]
            items.append(items)
            return items
    }
}

/// A field of `/proc/self/status` in kB (`VmRSS`, `VmHWM`); `None` off
/// Linux.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Creations per shape: 1,000,000 in all.
const RECURSIVE_NATIVE: usize = 450_000;
const RECURSIVE_VM: usize = 50_000;
const SIBLINGS: usize = 200_000;
const SELF_LISTS: usize = 300_000;

/// The bound on the peak RSS above the start, in kB.
const BOUND_KB: u64 = 64 * 1024;

/// The bound on the objects a shape's thread still tracks at its end: at
/// most one generation 0 of garbage (700) and the few objects kept.
const TRACKED_BOUND: usize = 1_000;

/// Creations of the control runs, with collection off.
const CONTROL: usize = 1_000;

/// Runs `f` on a new thread (fresh module state, collector and interpreter
/// setting).
fn on_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f).join().expect("the shape's thread")
}

fn check_peak(start_kb: Option<u64>, what: &str) {
    if let (Some(start), Some(peak)) = (start_kb, status_kb("VmHWM:")) {
        let grown = peak.saturating_sub(start);
        eprintln!("{what}: peak RSS {grown} kB above the start");
        assert!(
            grown < BOUND_KB,
            "{what}: peak RSS grew by {grown} kB (bound {BOUND_KB} kB)"
        );
    }
}

/// With collection off, `CONTROL` calls of `f` leave cycles: `gc.collect()`
/// finds `per_call` objects for each (CPython's count).
fn control(f: impl Fn() -> Value, per_call: usize) {
    py_fn::gc::collect();
    py_fn::gc::disable();
    for _ in 0..CONTROL {
        f();
    }
    assert_eq!(py_fn::gc::collect(), CONTROL * per_call);
    py_fn::gc::enable();
}

fn check_tracked(what: &str) {
    let left = py_fn::gc::tracked_count();
    assert!(left < TRACKED_BOUND, "{what}: {left} objects still tracked");
}

/// `n` creations of a recursive closure, with one such closure kept from
/// Rust and called afterwards.
fn recursive(n: usize, vm: bool) {
    py_fn::set_force_vm(vm);
    control(|| cycles::make.call((2,)).unwrap(), 3);
    let kept = cycles::keep.call((5,)).unwrap();
    let kept_fn = kept.as_function().unwrap();
    assert_eq!(kept_fn.is_native(), !vm);
    for _ in 0..n {
        assert_eq!(cycles::make.call((2,)).unwrap(), Value::from(0));
    }
    check_tracked("recursive closures");
    // Still whole: its cell still holds the function.
    assert_eq!(
        py_fn::call(&kept, &[Value::from(20)]).unwrap(),
        Value::from(6765)
    );
    assert_eq!(kept_fn.cells()[0].get().unwrap().repr(), kept.repr());
}

fn siblings(n: usize) {
    control(|| cycles::siblings.call((3,)).unwrap(), 6);
    for _ in 0..n {
        assert_eq!(cycles::siblings.call((3,)).unwrap(), Value::from(0));
    }
    check_tracked("sibling closures");
}

fn self_lists(n: usize) {
    control(|| cycles::self_list.call((1,)).unwrap(), 1);
    let kept = cycles::kept_list.call((7,)).unwrap();
    for _ in 0..n {
        assert_eq!(cycles::self_list.call((1,)).unwrap(), Value::from(2));
    }
    check_tracked("lists that contain themselves");
    assert_eq!(kept.repr(), "[7, [...]]");
    let Value::List(items) = &kept else {
        panic!("a list")
    };
    assert_eq!(items.borrow().len(), 2);
}

#[test]
fn a_million_cycles_stay_within_a_fixed_memory_bound() {
    let start = status_kb("VmRSS:");
    on_thread(|| recursive(RECURSIVE_NATIVE, false));
    check_peak(start, "recursive closures (native)");
    on_thread(|| recursive(RECURSIVE_VM, true));
    check_peak(start, "recursive closures (interpreter)");
    on_thread(|| siblings(SIBLINGS));
    check_peak(start, "sibling closures");
    on_thread(|| self_lists(SELF_LISTS));
    check_peak(start, "lists that contain themselves");
}

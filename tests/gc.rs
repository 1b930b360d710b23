//! The cycle collector (`py_fn::gc`, Python's `gc` module): cycles are
//! found and freed, objects held from Rust are kept, a borrowed `RefCell`
//! is left alone, survivors move up a generation, automatic collection
//! follows the thresholds, and a collection in the middle of an operation
//! (a `for` loop, `sorted`'s key function) leaves what the operation uses
//! alone.
//!
//! The counts `gc.collect()` returns, and the results of the Python
//! programs, are what `python3` (CPython 3.11.7) prints for the same code:
//! `make(2); print(gc.collect())` prints `3` (the function, its
//! `__closure__` tuple and the cell), a list that contains itself `1`, two
//! sibling closures `6`, `iterate()` below `6` then `1`, and `sort_cycle()`
//! `(4, 4, 3)` then `2`. Each test runs on a thread of its own, and the
//! collector's state is per thread.

use std::rc::Rc;

use py_fn::Value;

mod cycles {
    py_fn::py_fn! {
        import gc

        def make(n):
            def rec(k):
                return 0 if k == 0 else rec(k - 1)
            return rec(n)

        def keep():
            def rec(k):
                return k if k < 2 else rec(k - 1) + rec(k - 2)
            return rec

        def siblings():
            def ping(k):
                return 0 if k == 0 else pong(k - 1)
            def pong(k):
                return ping(k)
            return ping(4)

        def self_list():
            items = [1]
            items.append(items)
            return items

        def iterate():
            items = [1, 2, 3]
            items.append(items)
            total = 0
            for x in items:
                gc.collect()
                if x is not items:
                    total += x
            return total

        def key(x):
            gc.collect()
            return -x if isinstance(x, int) else 0

        def sort_cycle():
            items = [3, 1, 2]
            holder = [items]
            items.append(holder)
            out = sorted(items, key=key)
            items.sort(key=key)
            return len(out), len(items), min(items[:3], key=key)

        def shapes():
            class Node:
                def __init__(self):
                    self.me = self
                def name(self):
                    return super().__repr__()[:1]
            n = Node()
            d = {}
            d["it"] = iter(d)
            s = set()
            k = Node()
            s.add(k)
            k.s = s
            f = lambda: f
            g = lambda x=[]: x
            g.__defaults__[0].append(g)
            box = []
            box.append(box.append)
            try:
                raise ValueError("x")
            except ValueError as e:
                e.me = e
            return n.name()

        def suspended():
            box = []
            def gen():
                yield 1
                yield len(box)
            it = gen()
            box.append(it)
            next(it)
            return it
    }
}

/// Both ways: native bodies, then the interpreter (a fresh thread, so that
/// the module's functions are made while `set_force_vm` is on).
fn both(test: fn()) {
    for vm in [false, true] {
        std::thread::spawn(move || {
            py_fn::set_force_vm(vm);
            test();
        })
        .join()
        .expect("test thread");
    }
}

#[test]
fn a_recursive_closure_is_collected_once_dropped() {
    both(|| {
        py_fn::gc::collect();
        assert_eq!(cycles::make.call((2,)).unwrap(), Value::from(0));
        assert_eq!(py_fn::gc::collect(), 3);
        assert_eq!(py_fn::gc::collect(), 0);
        assert_eq!(cycles::siblings.call(()).unwrap(), Value::from(0));
        assert_eq!(py_fn::gc::collect(), 6);
    });
}

#[test]
fn a_closure_held_from_rust_is_kept_and_still_works() {
    both(|| {
        let rec = cycles::keep.call(()).unwrap();
        for _ in 0..3 {
            assert_eq!(py_fn::gc::collect(), 0);
        }
        assert_eq!(py_fn::gc::generation_of(&rec), Some(2));
        assert_eq!(
            py_fn::call(&rec, &[Value::from(15)]).unwrap(),
            Value::from(610)
        );
        drop(rec);
        assert_eq!(py_fn::gc::collect(), 3);
    });
}

#[test]
fn a_list_held_from_rust_is_kept_then_collected_when_dropped() {
    py_fn::gc::collect();
    let items = cycles::self_list.call(()).unwrap();
    assert_eq!(py_fn::gc::collect(), 0);
    assert_eq!(items.repr(), "[1, [...]]");
    let Value::List(rc) = &items else {
        panic!("a list")
    };
    let weak = Rc::downgrade(rc);
    drop(items);
    assert_eq!(py_fn::gc::collect(), 1);
    assert!(weak.upgrade().is_none(), "freed");
}

#[test]
fn a_borrowed_list_is_neither_read_nor_cleared_and_nothing_panics() {
    py_fn::gc::collect();
    let items = cycles::self_list.call(()).unwrap();
    let Value::List(rc) = &items else {
        panic!("a list")
    };
    let rc = rc.clone();
    drop(items);
    {
        let guard = rc.borrow_mut();
        // The list is busy: it counts as reachable.
        assert_eq!(py_fn::gc::collect(), 0);
        assert_eq!(guard.len(), 2);
    }
    {
        let guard = rc.borrow();
        assert_eq!(py_fn::gc::collect(), 0);
        assert_eq!(guard.len(), 2);
    }
    assert_eq!(rc.borrow().len(), 2, "held from Rust: untouched");
    drop(rc);
    assert_eq!(py_fn::gc::collect(), 1);
}

#[test]
fn survivors_move_up_one_generation_per_collection() {
    let items = py_fn::__private::rt::list(Vec::new());
    assert_eq!(py_fn::gc::generation_of(&items), Some(0));
    py_fn::gc::collect_generation(0).unwrap();
    assert_eq!(py_fn::gc::generation_of(&items), Some(1));
    py_fn::gc::collect_generation(1).unwrap();
    assert_eq!(py_fn::gc::generation_of(&items), Some(2));
    py_fn::gc::collect();
    assert_eq!(py_fn::gc::generation_of(&items), Some(2));
    assert_eq!(py_fn::gc::generation_of(&Value::from(1)), None);
}

#[test]
fn an_older_generation_keeps_what_it_refers_to_until_it_is_collected() {
    py_fn::gc::collect();
    // old -> young -> old, with old in generation 2.
    let old = py_fn::__private::rt::list(Vec::new());
    py_fn::gc::collect();
    let young = py_fn::__private::rt::list(vec![old.clone()]);
    let (Value::List(o), Value::List(y)) = (&old, &young) else {
        panic!("lists")
    };
    o.borrow_mut().push(young.clone());
    let weak = Rc::downgrade(y);
    drop((old, young));
    // A young collection sees the reference from generation 2 as coming
    // from outside.
    assert_eq!(py_fn::gc::collect_generation(0).unwrap(), 0);
    assert_eq!(py_fn::gc::collect_generation(1).unwrap(), 0);
    assert!(weak.upgrade().is_some());
    assert_eq!(py_fn::gc::collect(), 2);
    assert!(weak.upgrade().is_none());
}

#[test]
fn automatic_collection_follows_threshold_0() {
    py_fn::gc::collect();
    assert_eq!(py_fn::gc::get_threshold(), [700, 10, 10]);
    let before = py_fn::gc::tracked_count();
    for _ in 0..10_000 {
        cycles::self_list.call(()).unwrap();
    }
    // At most one generation 0 of garbage is left.
    let left = py_fn::gc::tracked_count() - before;
    assert!(left <= 701, "{left} objects left");
    assert!(py_fn::gc::get_count()[0] <= 700);

    py_fn::gc::set_threshold([Some(50), None, None]);
    for _ in 0..1_000 {
        cycles::self_list.call(()).unwrap();
    }
    let left = py_fn::gc::tracked_count() - before;
    assert!(left <= 51, "{left} objects left");
    py_fn::gc::set_threshold([Some(700), None, None]);
}

#[test]
fn disabling_stops_automatic_collection_but_not_collect() {
    py_fn::gc::collect();
    py_fn::gc::disable();
    for _ in 0..2_000 {
        cycles::self_list.call(()).unwrap();
    }
    assert_eq!(py_fn::gc::get_count()[0], 2_000);
    assert_eq!(py_fn::gc::collect(), 2_000);
    py_fn::gc::enable();
    assert!(py_fn::gc::is_enabled());
}

#[test]
fn a_collection_inside_a_loop_or_a_sort_leaves_their_list_alone() {
    both(|| {
        py_fn::gc::collect();
        assert_eq!(cycles::iterate.call(()).unwrap(), Value::from(6));
        assert_eq!(py_fn::gc::collect(), 1);
        assert_eq!(cycles::sort_cycle.call(()).unwrap().repr(), "(4, 4, 3)");
        assert_eq!(py_fn::gc::collect(), 2);
    });
}

#[test]
fn classes_instances_iterators_sets_defaults_and_exceptions_in_cycles_are_freed() {
    // python3 prints `<` for `shapes()`, and its `gc.collect()` then
    // finds cycles (a class, its instances, `__class__` cell and methods, a
    // dict and its iterator, a set and an instance, a lambda in its own
    // cell, one in its own default list, a bound `append` in its list, an
    // exception in its own `__dict__`).
    both(|| {
        py_fn::gc::collect();
        let before = py_fn::gc::tracked_count();
        assert_eq!(cycles::shapes.call(()).unwrap().to_string(), "<");
        assert!(py_fn::gc::collect() > 0);
        assert_eq!(py_fn::gc::tracked_count(), before, "all of it freed");
        for _ in 0..2_000 {
            cycles::shapes.call(()).unwrap();
        }
        py_fn::gc::collect();
        assert_eq!(py_fn::gc::tracked_count(), before);
    });
}

#[test]
fn a_suspended_generator_in_a_cycle_is_freed_without_running_it() {
    // Generators run on the interpreter in both modes.
    py_fn::gc::collect();
    let it = cycles::suspended.call(()).unwrap();
    let Value::Generator(g) = &it else {
        panic!("a generator")
    };
    let weak = Rc::downgrade(g);
    assert_eq!(py_fn::gc::collect(), 0, "held from Rust");
    drop(it);
    // The generator, its cell, the list and the closure `gen` (CPython
    // closes the generator first, which breaks the cycle, and reports 0).
    assert!(py_fn::gc::collect() > 0);
    assert!(weak.upgrade().is_none());
}

#[test]
fn gc_module_functions_check_their_arguments_as_cpython() {
    mod calls {
        py_fn::py_fn! {
            import gc

            def attempt(f, *args):
                try:
                    return f(*args)
                except Exception as e:
                    return type(e).__name__ + ": " + str(e)

            def run():
                out = []
                out.append(attempt(gc.collect, 3))
                out.append(attempt(gc.collect, "a"))
                out.append(attempt(gc.collect, 1, 2))
                out.append(attempt(gc.set_threshold))
                out.append(attempt(gc.set_threshold, 1, 2, 3, 4))
                out.append(attempt(gc.enable, 1))
                out.append(attempt(gc.get_count, 1))
                out.append(attempt(gc.set_threshold, 2 ** 40))
                out.append(attempt(gc.collect, 2 ** 70))
                gc.set_threshold(700, 10, 10)
                return out
        }
    }
    let out = calls::run.call(()).unwrap();
    let expected = [
        "ValueError: invalid generation",
        "TypeError: 'str' object cannot be interpreted as an integer",
        "TypeError: collect() takes at most 1 argument (2 given)",
        "TypeError: set_threshold() takes at least 1 argument (0 given)",
        "TypeError: set_threshold() takes at most 3 arguments (4 given)",
        "TypeError: gc.enable() takes no arguments (1 given)",
        "TypeError: gc.get_count() takes no arguments (1 given)",
        "OverflowError: signed integer is greater than maximum",
        "OverflowError: Python int too large to convert to C int",
    ];
    let Value::List(items) = &out else {
        panic!("a list")
    };
    let got: Vec<String> = items.borrow().iter().map(|v| v.to_string()).collect();
    assert_eq!(got, expected);
}

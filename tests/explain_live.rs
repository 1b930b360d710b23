//! `py_fn::explain` on live functions: the seed's `inner`, a counter, two
//! sibling closures sharing a cell, an empty cell, and values that are not
//! functions.
//!
//! Every fact asserted here is CPython 3.11.7's answer for the same program:
//! the qualname, `co_freevars` and the cell contents
//! (`[c.cell_contents for c in f.__closure__]`) printed by `python3`.

use py_fn::Value;

mod seed {
    py_fn::py_fn!(file = "examples/seed_walkthrough.py");
}

mod closures {
    py_fn::py_fn! {
        def make_counter():
            count = 0
            def tick():
                nonlocal count
                count += 1
                return count
            return tick

        def make_box():
            value = 0
            def get():
                return value
            def put(new):
                nonlocal value
                value = new
            return get, put

        def make_early():
            def early():
                return late
            f = early
            if False:
                late = 1
            return f

        def plain(a):
            return a + 1
    }
}

/// The `i`-th item of a tuple value.
fn item(tuple: &Value, i: usize) -> Value {
    let Value::Tuple(items) = tuple else {
        panic!("not a tuple: {}", tuple.repr());
    };
    items[i].clone()
}

#[test]
fn the_seeds_inner_shows_its_cells_with_their_values() {
    let inner = seed::outer.call((2, 3)).unwrap();
    let text = py_fn::explain(&inner);
    // python3: inner_fn = outer(2, 3); inner_fn.__qualname__ ==
    // 'outer.<locals>.inner'; inner_fn.__code__.co_freevars == ('x', 'y');
    // [c.cell_contents for c in inner_fn.__closure__] == [5, 42]
    assert!(text.contains("outer.<locals>.inner"), "{text}");
    assert!(text.contains("('x', 'y')"), "{text}");
    assert!(text.contains("cell(x: 5)"), "{text}");
    assert!(text.contains("cell(y: 42)"), "{text}");
    // python3 -c dis.dis(inner_fn): inner reads both with LOAD_DEREF.
    assert!(text.contains("LOAD_DEREF"), "{text}");
}

#[test]
fn a_counter_shows_its_cell_as_it_changes() {
    let tick = closures::make_counter.call(()).unwrap();
    // python3: t = make_counter(); [c.cell_contents for c in t.__closure__]
    // == [0] before any call, [2] after two calls.
    let fresh = py_fn::explain(&tick);
    assert!(fresh.contains("cell(count: 0)"), "{fresh}");
    py_fn::call(&tick, &[]).unwrap();
    py_fn::call(&tick, &[]).unwrap();
    let text = py_fn::explain(&tick);
    assert!(text.contains("cell(count: 2)"), "{text}");
    assert!(!text.contains("cell(count: 0)"), "{text}");
    // python3: t.__qualname__ == 'make_counter.<locals>.tick';
    // t.__code__.co_freevars == ('count',); dis.dis(t) shows LOAD_DEREF and
    // STORE_DEREF on count.
    assert!(text.contains("make_counter.<locals>.tick"), "{text}");
    assert!(text.contains("('count',)"), "{text}");
    assert!(text.contains("STORE_DEREF"), "{text}");
}

#[test]
fn sibling_closures_show_the_one_cell_they_share() {
    let pair = closures::make_box.call(()).unwrap();
    let (get, put) = (item(&pair, 0), item(&pair, 1));
    py_fn::call(&put, &[Value::from(7)]).unwrap();
    // python3: get, put = make_box(); put(7);
    // get.__closure__[0].cell_contents == 7 == put.__closure__[0].cell_contents
    assert!(py_fn::explain(&get).contains("cell(value: 7)"));
    assert!(py_fn::explain(&put).contains("cell(value: 7)"));
}

#[test]
fn an_unbound_cell_is_shown_empty() {
    let early = closures::make_early.call(()).unwrap();
    // python3: make_early().__closure__[0].cell_contents raises
    // ValueError: Cell is empty
    let text = py_fn::explain(&early);
    assert!(text.contains("cell(late: <empty>)"), "{text}");
}

#[test]
fn a_function_without_a_closure_has_no_live_cells() {
    let plain = closures::plain.function();
    // python3: plain.__closure__ is None; plain.__code__.co_freevars == ()
    let text = py_fn::explain(&plain);
    assert!(text.contains("plain"), "{text}");
    assert!(!text.contains("cell("), "{text}");
}

#[test]
fn a_value_that_is_not_a_function_is_said_to_be_one() {
    let text = py_fn::explain(&Value::from(3));
    assert!(text.contains("not a function"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    let none = py_fn::explain(&Value::None);
    assert!(none.contains("not a function"), "{none}");
}

//! `py_fn::explain` on live functions: the seed's `inner` and a counter.

mod seed {
    py_fn::py_fn!(file = "examples/seed_walkthrough.py");
}

#[test]
fn the_seeds_inner_shows_its_cells_with_their_values() {
    let inner = seed::outer.call((2, 3)).unwrap();
    let text = py_fn::explain(&inner);
    // python3: inner_fn.__code__.co_freevars == ('x', 'y');
    // [c.cell_contents for c in inner_fn.__closure__] == [5, 42]
    assert!(text.contains("cell(x: 5)"), "{text}");
    assert!(text.contains("cell(y: 42)"), "{text}");
    assert!(text.contains("LOAD_DEREF"), "{text}");
    assert!(text.contains("('x', 'y')"), "{text}");
}

#[test]
fn a_value_that_is_not_a_function_is_said_to_be_one() {
    assert!(py_fn::explain(&py_fn::Value::from(3)).contains("not a function"));
}

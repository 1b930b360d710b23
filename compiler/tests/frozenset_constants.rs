//! Constant frozensets (`x in {...}`, `for x in {...}`, set displays of
//! more than two constants) hold their items in the order CPython 3.11
//! iterates them under `PYTHONHASHSEED=0`; the expected reprs are
//! python3 3.11.7's (`compile(src, 'f.py', 'exec').co_consts`).

use py_fn_bytecode::Constant;

fn frozensets(src: &str) -> Vec<String> {
    let code = py_fn_compiler::compile(src, "f.py").expect("compiles");
    code.consts
        .iter()
        .filter(|c| matches!(c, Constant::FrozenSet(_)))
        .map(Constant::repr)
        .collect()
}

#[test]
fn frozenset_constants_iterate_in_cpythons_order() {
    for (src, want) in [
        ("x in {3, 1, 2}", "frozenset({1, 2, 3})"),
        (
            "x in {'b', 'a', 'c', 'd'}",
            "frozenset({'d', 'c', 'a', 'b'})",
        ),
        ("x in {1, True, 1.0, 2}", "frozenset({1, 2})"),
        (
            "x in {0.5, -2.25, 1e100, 7}",
            "frozenset({0.5, 1e+100, -2.25, 7})",
        ),
        (
            "x in {(1, 'a'), (2, 'b'), (1, 'a')}",
            "frozenset({(1, 'a'), (2, 'b')})",
        ),
        ("x in {b'x', b'', 'x'}", "frozenset({b'', b'x', 'x'})"),
        (
            "x in {100, 9, 17, 33, 1, 65, 257, 8}",
            "frozenset({65, 1, 257, 100, 33, 8, 9, 17})",
        ),
        (
            "x in {'zz_unique_name', 'w', 'alpha_beta'}",
            "frozenset({'w', 'alpha_beta', 'zz_unique_name'})",
        ),
        ("y = {1, 2, 3}", "frozenset({1, 2, 3})"),
        (
            "for i in {'c', 'x', 'k', 'q'}: pass",
            "frozenset({'c', 'x', 'k', 'q'})",
        ),
        (
            "x in {2**64, -2**64, 10**30}",
            "frozenset({18446744073709551616, -18446744073709551616, \
             1000000000000000000000000000000})",
        ),
        ("x in {1j, 2j}", "frozenset({1j, 2j})"),
        ("x in {-1, -2, -3}", "frozenset({-3, -1, -2})"),
    ] {
        assert_eq!(frozensets(src), vec![want.to_string()], "{src}");
    }
}

#[test]
fn two_item_set_displays_and_starred_sets_are_built_at_run_time() {
    // python3: `{a, 1}` is BUILD_SET 2, `{1, 2}` too (folding needs three
    // items), `{*xs}` is BUILD_SET 0 + SET_UPDATE.
    for src in ["y = {a, 1}", "y = {1, 2}", "y = {*xs, 1, 2}"] {
        assert!(frozensets(src).is_empty(), "{src}");
    }
}

//! Tier-1 programs beyond the shared corpus (`conformance/extra/`), with
//! expected output written by the oracle from CPython 3.11: scopes at depth,
//! slices, numeric corners, binding errors, and the int path's fallbacks
//! (overflow, cells holding other types, rebound callees, the recursion
//! limit).

mod common;
#[path = "common/output.rs"]
mod output;

mod t1_extra_errors {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_errors.py");
}
mod t1_extra_exprs {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_exprs.py");
}
mod t1_extra_more {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_more.py");
}
mod t1_extra_unpack {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_unpack.py");
}
mod t1_extra_scopes {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_scopes.py");
}
mod t1_extra_int_path {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_int_path.py");
}
mod t1_extra_int_path_cells {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_int_path_cells.py");
}
mod t1_extra_int_path_limits {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_int_path_limits.py");
}

#[test]
fn extra_t1_programs_print_what_cpython_prints() {
    let cases: [output::Case; 8] = [
        ("t1_extra_errors", t1_extra_errors::__main__),
        ("t1_extra_exprs", t1_extra_exprs::__main__),
        ("t1_extra_int_path", t1_extra_int_path::__main__),
        ("t1_extra_int_path_cells", t1_extra_int_path_cells::__main__),
        (
            "t1_extra_int_path_limits",
            t1_extra_int_path_limits::__main__,
        ),
        ("t1_extra_more", t1_extra_more::__main__),
        ("t1_extra_scopes", t1_extra_scopes::__main__),
        ("t1_extra_unpack", t1_extra_unpack::__main__),
    ];
    let dir = common::corpus().join("extra/expected");
    let mut failures = Vec::new();
    for (name, main) in cases {
        let expected = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap();
        let actual = output::run_like_python(main);
        if actual != expected {
            failures.push(output::first_difference(name, &expected, &actual));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Programs beyond the shared corpus (`conformance/extra/`), with expected
//! output written by the oracle from CPython 3.11: tier-1 scopes at depth,
//! numeric corners, binding errors and the int path's fallbacks; tier-2
//! try/finally flow, except clauses, class bodies, del, sets and asserts, and
//! programs from the Python documentation; tier-3 imports and generators.
//! Each runs natively and on the bytecode interpreter.

mod common;
#[path = "common/output.rs"]
mod output;

mod t1_extra_errors {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_errors.py");
}
mod t1_extra_exprs {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_exprs.py");
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
mod t1_extra_more {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_more.py");
}
mod t1_extra_scopes {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_scopes.py");
}
mod t1_extra_unpack {
    py_fn::py_fn!(file = "conformance/extra/cases/t1_extra_unpack.py");
}
mod t2_extra_class_bodies {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_class_bodies.py");
}
mod t2_extra_del_loops {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_del_loops.py");
}
mod t2_extra_doc_class_scope {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_doc_class_scope.py");
}
mod t2_extra_doc_comprehension_scope {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_doc_comprehension_scope.py");
}
mod t2_extra_doc_decorators_stacked {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_doc_decorators_stacked.py");
}
mod t2_extra_doc_try_finally {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_doc_try_finally.py");
}
mod t2_extra_except_clauses {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_except_clauses.py");
}
mod t2_extra_sets_asserts {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_sets_asserts.py");
}
mod t2_extra_try_flow {
    py_fn::py_fn!(file = "conformance/extra/cases/t2_extra_try_flow.py");
}
mod t3_extra_doc_generators {
    py_fn::py_fn!(file = "conformance/extra/cases/t3_extra_doc_generators.py");
}
mod t3_extra_gc {
    py_fn::py_fn!(file = "conformance/extra/cases/t3_extra_gc.py");
}
mod t3_extra_generators {
    py_fn::py_fn!(file = "conformance/extra/cases/t3_extra_generators.py");
}
mod t3_extra_imports {
    py_fn::py_fn!(file = "conformance/extra/cases/t3_extra_imports.py");
}
mod t3_extra_method_cache {
    py_fn::py_fn!(file = "conformance/extra/cases/t3_extra_method_cache.py");
}

const CASES: &[output::Case] = &[
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
    ("t2_extra_class_bodies", t2_extra_class_bodies::__main__),
    ("t2_extra_del_loops", t2_extra_del_loops::__main__),
    (
        "t2_extra_doc_class_scope",
        t2_extra_doc_class_scope::__main__,
    ),
    (
        "t2_extra_doc_comprehension_scope",
        t2_extra_doc_comprehension_scope::__main__,
    ),
    (
        "t2_extra_doc_decorators_stacked",
        t2_extra_doc_decorators_stacked::__main__,
    ),
    (
        "t2_extra_doc_try_finally",
        t2_extra_doc_try_finally::__main__,
    ),
    ("t2_extra_except_clauses", t2_extra_except_clauses::__main__),
    ("t2_extra_sets_asserts", t2_extra_sets_asserts::__main__),
    ("t2_extra_try_flow", t2_extra_try_flow::__main__),
    ("t3_extra_doc_generators", t3_extra_doc_generators::__main__),
    ("t3_extra_gc", t3_extra_gc::__main__),
    ("t3_extra_generators", t3_extra_generators::__main__),
    ("t3_extra_imports", t3_extra_imports::__main__),
    ("t3_extra_method_cache", t3_extra_method_cache::__main__),
];

#[test]
fn extra_programs_print_what_cpython_prints() {
    let listed: Vec<&str> = CASES.iter().map(|(n, _)| *n).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(common::corpus().join("extra/cases"))
        .expect("conformance/extra/cases exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .map(|n| n.trim_end_matches(".py").to_string())
        .collect();
    on_disk.sort();
    assert_eq!(listed, on_disk, "the test must list every extra case");
    output::check_outputs_in(&common::corpus().join("extra/expected"), "extra", CASES);
}

//! Tier-3 conformance (code objects as data): every `t3_` case of
//! `conformance/cases` (`dis`, `types.FunctionType`, `code.replace`,
//! generators, `getattr`/`hasattr`, `globals()`), compiled by
//! `py_fn!(file = ...)` and run with `__main__()` natively and on the
//! bytecode interpreter, must print exactly what CPython 3.11 printed.

mod common;
#[path = "common/output.rs"]
mod output;

mod t3_code_replace {
    py_fn::py_fn!(file = "conformance/cases/t3_code_replace.py");
}
mod t3_dis_closure {
    py_fn::py_fn!(file = "conformance/cases/t3_dis_closure.py");
}
mod t3_dis_generator {
    py_fn::py_fn!(file = "conformance/cases/t3_dis_generator.py");
}
mod t3_function_type {
    py_fn::py_fn!(file = "conformance/cases/t3_function_type.py");
}
mod t3_generator_yield {
    py_fn::py_fn!(file = "conformance/cases/t3_generator_yield.py");
}
mod t3_getattr_hasattr {
    py_fn::py_fn!(file = "conformance/cases/t3_getattr_hasattr.py");
}
mod t3_globals_dict {
    py_fn::py_fn!(file = "conformance/cases/t3_globals_dict.py");
}

const CASES: &[output::Case] = &[
    ("t3_code_replace", t3_code_replace::__main__),
    ("t3_dis_closure", t3_dis_closure::__main__),
    ("t3_dis_generator", t3_dis_generator::__main__),
    ("t3_function_type", t3_function_type::__main__),
    ("t3_generator_yield", t3_generator_yield::__main__),
    ("t3_getattr_hasattr", t3_getattr_hasattr::__main__),
    ("t3_globals_dict", t3_globals_dict::__main__),
];

#[test]
fn every_t3_case_prints_what_cpython_prints() {
    output::check_outputs("t3_", CASES);
}

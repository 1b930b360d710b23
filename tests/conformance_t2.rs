//! Tier-2 conformance (scopes in full): every `t2_` case of
//! `conformance/cases`, compiled by `py_fn!(file = ...)` and run with
//! `__main__()` natively and on the bytecode interpreter, must print exactly
//! what CPython 3.11 printed (`conformance/expected/NAME.out`), including the
//! last traceback line of an uncaught exception.

mod common;
#[path = "common/output.rs"]
mod output;

mod t2_class_attribute_counter {
    py_fn::py_fn!(file = "conformance/cases/t2_class_attribute_counter.py");
}
mod t2_class_in_function {
    py_fn::py_fn!(file = "conformance/cases/t2_class_in_function.py");
}
mod t2_class_scope {
    py_fn::py_fn!(file = "conformance/cases/t2_class_scope.py");
}
mod t2_comprehension_late_binding {
    py_fn::py_fn!(file = "conformance/cases/t2_comprehension_late_binding.py");
}
mod t2_custom_exception {
    py_fn::py_fn!(file = "conformance/cases/t2_custom_exception.py");
}
mod t2_decorator_basic {
    py_fn::py_fn!(file = "conformance/cases/t2_decorator_basic.py");
}
mod t2_decorator_factory {
    py_fn::py_fn!(file = "conformance/cases/t2_decorator_factory.py");
}
mod t2_del_local {
    py_fn::py_fn!(file = "conformance/cases/t2_del_local.py");
}
mod t2_dict_set_comprehension {
    py_fn::py_fn!(file = "conformance/cases/t2_dict_set_comprehension.py");
}
mod t2_exception_through_closures {
    py_fn::py_fn!(file = "conformance/cases/t2_exception_through_closures.py");
}
mod t2_fstrings {
    py_fn::py_fn!(file = "conformance/cases/t2_fstrings.py");
}
mod t2_generator_expression {
    py_fn::py_fn!(file = "conformance/cases/t2_generator_expression.py");
}
mod t2_list_comprehension {
    py_fn::py_fn!(file = "conformance/cases/t2_list_comprehension.py");
}
mod t2_loop_else {
    py_fn::py_fn!(file = "conformance/cases/t2_loop_else.py");
}
mod t2_memoize_decorator {
    py_fn::py_fn!(file = "conformance/cases/t2_memoize_decorator.py");
}
mod t2_nested_comprehension {
    py_fn::py_fn!(file = "conformance/cases/t2_nested_comprehension.py");
}
mod t2_try_except_finally {
    py_fn::py_fn!(file = "conformance/cases/t2_try_except_finally.py");
}
mod t2_uncaught_keyerror {
    py_fn::py_fn!(file = "conformance/cases/t2_uncaught_keyerror.py");
}

const CASES: &[output::Case] = &[
    (
        "t2_class_attribute_counter",
        t2_class_attribute_counter::__main__,
    ),
    ("t2_class_in_function", t2_class_in_function::__main__),
    ("t2_class_scope", t2_class_scope::__main__),
    (
        "t2_comprehension_late_binding",
        t2_comprehension_late_binding::__main__,
    ),
    ("t2_custom_exception", t2_custom_exception::__main__),
    ("t2_decorator_basic", t2_decorator_basic::__main__),
    ("t2_decorator_factory", t2_decorator_factory::__main__),
    ("t2_del_local", t2_del_local::__main__),
    (
        "t2_dict_set_comprehension",
        t2_dict_set_comprehension::__main__,
    ),
    (
        "t2_exception_through_closures",
        t2_exception_through_closures::__main__,
    ),
    ("t2_fstrings", t2_fstrings::__main__),
    ("t2_generator_expression", t2_generator_expression::__main__),
    ("t2_list_comprehension", t2_list_comprehension::__main__),
    ("t2_loop_else", t2_loop_else::__main__),
    ("t2_memoize_decorator", t2_memoize_decorator::__main__),
    ("t2_nested_comprehension", t2_nested_comprehension::__main__),
    ("t2_try_except_finally", t2_try_except_finally::__main__),
    ("t2_uncaught_keyerror", t2_uncaught_keyerror::__main__),
];

#[test]
fn every_t2_case_prints_what_cpython_prints() {
    output::check_outputs("t2_", CASES);
}

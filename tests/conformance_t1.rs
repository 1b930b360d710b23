//! Tier-1 conformance: every `t1_` case of `conformance/cases`, compiled by
//! `py_fn!(file = ...)` and run with `__main__()`, must print exactly what
//! CPython 3.11 printed (`conformance/expected/NAME.out`, written by the oracle),
//! including the last traceback line of an uncaught exception.
//!
//! The list of modules is checked against the directory, so a new case cannot be
//! forgotten.

mod common;
#[path = "common/output.rs"]
mod output;

mod t1_accumulator_factory {
    py_fn::py_fn!(file = "conformance/cases/t1_accumulator_factory.py");
}
mod t1_augassign_ops {
    py_fn::py_fn!(file = "conformance/cases/t1_augassign_ops.py");
}
mod t1_bank_account {
    py_fn::py_fn!(file = "conformance/cases/t1_bank_account.py");
}
mod t1_basic_closure {
    py_fn::py_fn!(file = "conformance/cases/t1_basic_closure.py");
}
mod t1_bigint_factorial {
    py_fn::py_fn!(file = "conformance/cases/t1_bigint_factorial.py");
}
mod t1_builtins_tour {
    py_fn::py_fn!(file = "conformance/cases/t1_builtins_tour.py");
}
mod t1_call_unpacking {
    py_fn::py_fn!(file = "conformance/cases/t1_call_unpacking.py");
}
mod t1_cell_contents_write {
    py_fn::py_fn!(file = "conformance/cases/t1_cell_contents_write.py");
}
mod t1_chained_compare {
    py_fn::py_fn!(file = "conformance/cases/t1_chained_compare.py");
}
mod t1_closure_over_param {
    py_fn::py_fn!(file = "conformance/cases/t1_closure_over_param.py");
}
mod t1_default_args {
    py_fn::py_fn!(file = "conformance/cases/t1_default_args.py");
}
mod t1_empty_cell_error {
    py_fn::py_fn!(file = "conformance/cases/t1_empty_cell_error.py");
}
mod t1_float_math {
    py_fn::py_fn!(file = "conformance/cases/t1_float_math.py");
}
mod t1_for_dict {
    py_fn::py_fn!(file = "conformance/cases/t1_for_dict.py");
}
mod t1_free_var_unbound {
    py_fn::py_fn!(file = "conformance/cases/t1_free_var_unbound.py");
}
mod t1_global_stmt {
    py_fn::py_fn!(file = "conformance/cases/t1_global_stmt.py");
}
mod t1_if_elif_chain {
    py_fn::py_fn!(file = "conformance/cases/t1_if_elif_chain.py");
}
mod t1_lambda_basic {
    py_fn::py_fn!(file = "conformance/cases/t1_lambda_basic.py");
}
mod t1_late_binding {
    py_fn::py_fn!(file = "conformance/cases/t1_late_binding.py");
}
mod t1_list_methods {
    py_fn::py_fn!(file = "conformance/cases/t1_list_methods.py");
}
mod t1_name_error {
    py_fn::py_fn!(file = "conformance/cases/t1_name_error.py");
}
mod t1_nested_qualname {
    py_fn::py_fn!(file = "conformance/cases/t1_nested_qualname.py");
}
mod t1_nonlocal_counter {
    py_fn::py_fn!(file = "conformance/cases/t1_nonlocal_counter.py");
}
mod t1_pipeline {
    py_fn::py_fn!(file = "conformance/cases/t1_pipeline.py");
}
mod t1_posonly_kwonly {
    py_fn::py_fn!(file = "conformance/cases/t1_posonly_kwonly.py");
}
mod t1_recursive_closure {
    py_fn::py_fn!(file = "conformance/cases/t1_recursive_closure.py");
}
mod t1_shared_cell {
    py_fn::py_fn!(file = "conformance/cases/t1_shared_cell.py");
}
mod t1_string_ops {
    py_fn::py_fn!(file = "conformance/cases/t1_string_ops.py");
}
mod t1_tuple_swap {
    py_fn::py_fn!(file = "conformance/cases/t1_tuple_swap.py");
}
mod t1_type_error_missing_arg {
    py_fn::py_fn!(file = "conformance/cases/t1_type_error_missing_arg.py");
}
mod t1_type_error_too_many {
    py_fn::py_fn!(file = "conformance/cases/t1_type_error_too_many.py");
}
mod t1_type_error_unexpected_kw {
    py_fn::py_fn!(file = "conformance/cases/t1_type_error_unexpected_kw.py");
}
mod t1_unbound_local_error {
    py_fn::py_fn!(file = "conformance/cases/t1_unbound_local_error.py");
}
mod t1_varargs_kwargs {
    py_fn::py_fn!(file = "conformance/cases/t1_varargs_kwargs.py");
}
mod t1_while_loop {
    py_fn::py_fn!(file = "conformance/cases/t1_while_loop.py");
}
mod t1_zero_division {
    py_fn::py_fn!(file = "conformance/cases/t1_zero_division.py");
}

const CASES: &[output::Case] = &[
    ("t1_accumulator_factory", t1_accumulator_factory::__main__),
    ("t1_augassign_ops", t1_augassign_ops::__main__),
    ("t1_bank_account", t1_bank_account::__main__),
    ("t1_basic_closure", t1_basic_closure::__main__),
    ("t1_bigint_factorial", t1_bigint_factorial::__main__),
    ("t1_builtins_tour", t1_builtins_tour::__main__),
    ("t1_call_unpacking", t1_call_unpacking::__main__),
    ("t1_cell_contents_write", t1_cell_contents_write::__main__),
    ("t1_chained_compare", t1_chained_compare::__main__),
    ("t1_closure_over_param", t1_closure_over_param::__main__),
    ("t1_default_args", t1_default_args::__main__),
    ("t1_empty_cell_error", t1_empty_cell_error::__main__),
    ("t1_float_math", t1_float_math::__main__),
    ("t1_for_dict", t1_for_dict::__main__),
    ("t1_free_var_unbound", t1_free_var_unbound::__main__),
    ("t1_global_stmt", t1_global_stmt::__main__),
    ("t1_if_elif_chain", t1_if_elif_chain::__main__),
    ("t1_lambda_basic", t1_lambda_basic::__main__),
    ("t1_late_binding", t1_late_binding::__main__),
    ("t1_list_methods", t1_list_methods::__main__),
    ("t1_name_error", t1_name_error::__main__),
    ("t1_nested_qualname", t1_nested_qualname::__main__),
    ("t1_nonlocal_counter", t1_nonlocal_counter::__main__),
    ("t1_pipeline", t1_pipeline::__main__),
    ("t1_posonly_kwonly", t1_posonly_kwonly::__main__),
    ("t1_recursive_closure", t1_recursive_closure::__main__),
    ("t1_shared_cell", t1_shared_cell::__main__),
    ("t1_string_ops", t1_string_ops::__main__),
    ("t1_tuple_swap", t1_tuple_swap::__main__),
    (
        "t1_type_error_missing_arg",
        t1_type_error_missing_arg::__main__,
    ),
    ("t1_type_error_too_many", t1_type_error_too_many::__main__),
    (
        "t1_type_error_unexpected_kw",
        t1_type_error_unexpected_kw::__main__,
    ),
    ("t1_unbound_local_error", t1_unbound_local_error::__main__),
    ("t1_varargs_kwargs", t1_varargs_kwargs::__main__),
    ("t1_while_loop", t1_while_loop::__main__),
    ("t1_zero_division", t1_zero_division::__main__),
];

#[test]
fn every_t1_case_prints_what_cpython_prints() {
    output::check_outputs("t1_", CASES);
}

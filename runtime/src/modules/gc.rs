//! `gc`: the cycle collector's interface.

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::module::Module;
use crate::value::Value;

static COLLECT: Builtin = super::function("collect", collect);
static ISENABLED: Builtin = super::function("isenabled", isenabled);

fn collect(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    if !kw.is_empty() || args.len() > 1 {
        return Err(PyErr::type_error("collect() takes at most 1 argument"));
    }
    Ok(Value::Int(0))
}

fn isenabled(_args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

/// The `gc` module.
pub(crate) fn make() -> Module {
    Module::new(
        "gc",
        vec![
            ("collect", Value::Builtin(&COLLECT)),
            ("isenabled", Value::Builtin(&ISENABLED)),
        ],
    )
}

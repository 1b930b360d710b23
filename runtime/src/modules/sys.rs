//! `sys`: the version (`sys.version_info >= (3, 8)` is how programs ask
//! which Python they run on; py_fn answers as CPython 3.11.7), the
//! recursion limit and the exception being handled.

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::module::Module;
use crate::value::Value;

static GETRECURSIONLIMIT: Builtin = super::function("getrecursionlimit", getrecursionlimit);
static EXC_INFO: Builtin = super::function("exc_info", exc_info);
static EXCEPTION: Builtin = super::function("exception", exception);

fn no_args(name: &str, args: &[Value], kw: &[&str]) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if !args.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

fn getrecursionlimit(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("getrecursionlimit", args, kw)?;
    Ok(Value::Int(crate::function::RECURSION_LIMIT as i64))
}

fn exc_info(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("exc_info", args, kw)?;
    Ok(match crate::exception::current_handled() {
        Some(e) => {
            let class = match &e {
                Value::Instance(i) => Value::Class(i.class().clone()),
                _ => Value::None,
            };
            crate::ops::tuple(vec![class, e, Value::None])
        }
        None => crate::ops::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn exception(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("exception", args, kw)?;
    Ok(crate::exception::current_handled().unwrap_or(Value::None))
}

/// The `sys` module.
pub(crate) fn make() -> Module {
    let version_info = crate::ops::tuple(vec![
        Value::Int(3),
        Value::Int(11),
        Value::Int(7),
        Value::str("final"),
        Value::Int(0),
    ]);
    Module::new(
        "sys",
        vec![
            ("version_info", version_info),
            ("version", Value::str("3.11.7 (py_fn)")),
            ("hexversion", Value::Int(0x030b07f0)),
            ("maxsize", Value::Int(i64::MAX)),
            (
                "byteorder",
                Value::str(if cfg!(target_endian = "little") {
                    "little"
                } else {
                    "big"
                }),
            ),
            ("platform", Value::str(std::env::consts::OS)),
            ("getrecursionlimit", Value::Builtin(&GETRECURSIONLIMIT)),
            ("exc_info", Value::Builtin(&EXC_INFO)),
            ("exception", Value::Builtin(&EXCEPTION)),
        ],
    )
}

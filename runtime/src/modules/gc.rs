//! `gc`: the cycle collector's interface (`collect`, `enable`, `disable`,
//! `isenabled`, `get_count`, `get_threshold`, `set_threshold`), with
//! CPython 3.11's argument checks and error texts.

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::module::Module;
use crate::value::Value;

static COLLECT: Builtin = super::function("collect", collect);
static ENABLE: Builtin = super::function("enable", enable);
static DISABLE: Builtin = super::function("disable", disable);
static ISENABLED: Builtin = super::function("isenabled", isenabled);
static GET_COUNT: Builtin = super::function("get_count", get_count);
static GET_THRESHOLD: Builtin = super::function("get_threshold", get_threshold);
static SET_THRESHOLD: Builtin = super::function("set_threshold", set_threshold);

/// `gc.collect(generation=2)`: the number of unreachable objects found.
fn collect(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    if args.len() > 1 {
        return Err(PyErr::type_error(format!(
            "collect() takes at most 1 argument ({} given)",
            args.len()
        )));
    }
    if let Some(name) = kw.iter().find(|k| **k != "generation") {
        return Err(PyErr::type_error(format!(
            "'{name}' is an invalid keyword argument for collect()"
        )));
    }
    let generation = match args.first() {
        Some(g) => c_int(g, true)?,
        None => 2,
    };
    let generation =
        usize::try_from(generation).map_err(|_| PyErr::value_error("invalid generation"))?;
    // Under a step budget a collection costs one step per 64 tracked
    // objects, so that untrusted code calling `gc.collect()` in a loop
    // over a large heap still ends.
    if crate::vm::steps_left().is_some() {
        crate::vm::budget::charge_work(crate::gc::tracked_count() as u64 / 64)?;
    }
    let found = crate::gc::collect_generation(generation)?;
    Ok(Value::Int(i64::try_from(found).unwrap_or(i64::MAX)))
}

/// `_PyLong_AsInt` (`collect`'s argument clinic) or the `i` format of
/// `PyArg_ParseTuple` (`set_threshold`): the two overflow texts differ.
fn c_int(v: &Value, clinic: bool) -> PyResult<i32> {
    let too_large = |negative: bool| {
        PyErr::overflow_error(match (clinic, negative) {
            (true, _) => "Python int too large to convert to C int",
            (false, false) => "signed integer is greater than maximum",
            (false, true) => "signed integer is less than minimum",
        })
    };
    match v {
        Value::Bool(b) => Ok(i32::from(*b)),
        Value::Int(i) => i32::try_from(*i).map_err(|_| too_large(*i < 0)),
        Value::BigInt(b) => Err(too_large(b.sign() == num_bigint::Sign::Minus)),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

/// The check of a function that takes no arguments (`gc.enable() takes
/// no arguments (1 given)`).
fn no_args(name: &str, args: &[Value], kw: &[&str]) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "gc.{name}() takes no keyword arguments"
        )));
    }
    if !args.is_empty() {
        return Err(PyErr::type_error(format!(
            "gc.{name}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

fn enable(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("enable", args, kw)?;
    crate::gc::enable();
    Ok(Value::None)
}

fn disable(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("disable", args, kw)?;
    crate::gc::disable();
    Ok(Value::None)
}

fn isenabled(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("isenabled", args, kw)?;
    Ok(Value::Bool(crate::gc::is_enabled()))
}

fn get_count(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("get_count", args, kw)?;
    let [a, b, c] =
        crate::gc::get_count().map(|n| Value::Int(i64::try_from(n).unwrap_or(i64::MAX)));
    Ok(crate::ops::tuple_of([a, b, c]))
}

fn get_threshold(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("get_threshold", args, kw)?;
    let [a, b, c] = crate::gc::get_threshold().map(|t| Value::Int(i64::from(t)));
    Ok(crate::ops::tuple_of([a, b, c]))
}

/// `gc.set_threshold(threshold0[, threshold1[, threshold2]])`.
fn set_threshold(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(PyErr::type_error(
            "set_threshold() takes no keyword arguments",
        ));
    }
    if args.is_empty() {
        return Err(PyErr::type_error(
            "set_threshold() takes at least 1 argument (0 given)",
        ));
    }
    if args.len() > 3 {
        return Err(PyErr::type_error(format!(
            "set_threshold() takes at most 3 arguments ({} given)",
            args.len()
        )));
    }
    let mut new = [None; 3];
    for (slot, a) in new.iter_mut().zip(args) {
        *slot = Some(c_int(a, false)?);
    }
    crate::gc::set_threshold(new);
    Ok(Value::None)
}

/// The `gc` module.
pub(crate) fn make() -> Module {
    Module::new(
        "gc",
        vec![
            ("collect", Value::Builtin(&COLLECT)),
            ("enable", Value::Builtin(&ENABLE)),
            ("disable", Value::Builtin(&DISABLE)),
            ("isenabled", Value::Builtin(&ISENABLED)),
            ("get_count", Value::Builtin(&GET_COUNT)),
            ("get_threshold", Value::Builtin(&GET_THRESHOLD)),
            ("set_threshold", Value::Builtin(&SET_THRESHOLD)),
        ],
    )
}

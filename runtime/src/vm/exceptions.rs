//! Raising and handling: `RAISE_VARARGS`, `RERAISE`, `__context__`, and
//! the `with` statement's `BEFORE_WITH` / `WITH_EXCEPT_START`.

use crate::error::{PyErr, PyResult};
use crate::value::Value;

use super::frame::{corrupt, Frame};

/// Sets `err.__context__` to the exception being handled, if any (CPython
/// does it when the exception is raised; doing it again as it unwinds
/// through outer frames changes nothing).
pub(crate) fn attach_context(err: &PyErr) {
    if crate::exception::handled_depth() > 0 {
        crate::exception::attach_context(err);
    }
}

/// `RAISE_VARARGS argc`: bare `raise`, `raise exc`, `raise exc from cause`.
/// Returns the exception to raise.
pub(crate) fn raise_varargs(frame: &mut Frame, argc: u32) -> PyResult<PyErr> {
    Ok(match argc {
        0 => crate::exception::reraise(),
        1 => {
            let exc = frame.pop()?;
            crate::exception::raise(&exc, None)
        }
        _ => {
            let cause = frame.pop()?;
            let exc = frame.pop()?;
            crate::exception::raise(&exc, Some(&cause))
        }
    })
}

/// The exception to re-raise for an exception object from the stack.
pub(crate) fn error_of(exc: Value) -> PyErr {
    match exc {
        Value::Instance(inst) if inst.exc().is_some() => PyErr::from_instance(inst),
        _ => corrupt("RERAISE of something that is not an exception"),
    }
}

/// `BEFORE_WITH`: replaces the context manager by its bound `__exit__` and
/// pushes what `__enter__()` returns.
pub(crate) fn before_with(frame: &mut Frame) -> PyResult<()> {
    let manager = frame.pop()?;
    let type_name = manager.type_name();
    let Some(enter) = bound_special(&manager, "__enter__")? else {
        return Err(PyErr::type_error(format!(
            "'{type_name}' object does not support the context manager protocol"
        )));
    };
    let Some(exit) = bound_special(&manager, "__exit__")? else {
        return Err(PyErr::type_error(format!(
            "'{type_name}' object does not support the context manager protocol (missed __exit__ method)"
        )));
    };
    frame.push(exit)?;
    let entered = crate::call::call(&enter, &[])?;
    frame.push(entered)
}

/// The special method `name` of `obj`'s class, bound to `obj`.
fn bound_special(obj: &Value, name: &str) -> PyResult<Option<Value>> {
    let Value::Instance(inst) = obj else {
        return Ok(None);
    };
    match crate::dunder::lookup_special(obj, name) {
        Some(m) => Ok(Some(crate::descriptor::bind(m, obj, inst.class())?)),
        None => Ok(None),
    }
}

/// `WITH_EXCEPT_START`: with `[exit, lasti, previous, exc]` on the stack,
/// pushes `exit(type(exc), exc, None)`.
pub(crate) fn with_except_start(frame: &mut Frame) -> PyResult<()> {
    let exc = frame.peek(1)?.clone();
    let exit = frame.peek(4)?.clone();
    let typ = crate::builtins_class::type_of(&exc);
    let result = crate::call::call(&exit, &[typ, exc, Value::None])?;
    frame.push(result)
}

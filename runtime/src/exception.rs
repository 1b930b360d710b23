//! Raising and catching: `raise` (`RAISE_VARARGS`), `except` matching
//! (`CHECK_EXC_MATCH`), bare `raise`, and the exception being handled
//! (`sys.exc_info()`, `__context__`).
//!
//! ```
//! use py_fn_runtime::{exc_class, exc_matches, raise, ExcType, Value};
//! let err = raise(&Value::Class(exc_class(ExcType::KeyError)), None);
//! assert_eq!(err.to_string(), "KeyError");
//! let lookup = Value::Class(exc_class(ExcType::LookupError));
//! assert!(exc_matches(&err, &lookup).unwrap());
//! ```

use std::cell::RefCell;

use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

thread_local! {
    /// The exceptions being handled (`except` blocks entered and not left),
    /// innermost last.
    static HANDLED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// The exception object for `raise exc`: an exception instance as it is,
/// an exception class called with no arguments.
fn exception_object(exc: &Value, what: &str) -> PyResult<Value> {
    match exc {
        Value::Instance(i) if i.exc().is_some() => Ok(exc.clone()),
        Value::Class(c) if c.exc_type().is_some() => {
            let obj = crate::call::call(exc, &[])?;
            match &obj {
                Value::Instance(i) if i.exc().is_some() => Ok(obj),
                other => Err(PyErr::type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    crate::repr::repr(exc),
                    other.type_name()
                ))),
            }
        }
        _ => Err(PyErr::type_error(format!(
            "{what} must derive from BaseException"
        ))),
    }
}

/// `raise exc` / `raise exc from cause` (`cause: Some(Value::None)` for
/// `from None`): the exception to propagate. An invalid `exc` or `cause`
/// gives the `TypeError` CPython raises instead.
pub fn raise(exc: &Value, cause: Option<&Value>) -> PyErr {
    let obj = match exception_object(exc, "exceptions") {
        Ok(o) => o,
        Err(e) => return e,
    };
    let Value::Instance(inst) = &obj else {
        return PyErr::type_error("exceptions must derive from BaseException");
    };
    if let Some(cause) = cause {
        let cause_obj = match cause {
            Value::None => Value::None,
            other => match exception_object(other, "exception causes") {
                Ok(c) => c,
                Err(e) => return e,
            },
        };
        if let Some(state) = inst.exc() {
            let old = state.cause.replace(cause_obj);
            drop(old);
            state.suppress_context.set(true);
        }
    }
    PyErr::from_instance(inst.clone())
}

/// Bare `raise`: the exception being handled, or `RuntimeError: No active
/// exception to reraise`.
pub fn reraise() -> PyErr {
    match current_handled() {
        Some(Value::Instance(i)) => PyErr::from_instance(i),
        _ => PyErr::new(ExcType::RuntimeError, "No active exception to reraise"),
    }
}

/// Whether `exc` (an exception object) matches an `except` clause's
/// `typ` (a class or a tuple of classes): `TypeError: catching classes
/// that do not inherit from BaseException is not allowed` otherwise.
pub fn value_matches(exc: &Value, typ: &Value) -> PyResult<bool> {
    check_except_type(typ)?;
    let Value::Instance(inst) = exc else {
        return Ok(false);
    };
    Ok(class_matches(inst.class(), typ))
}

fn class_matches(class: &std::rc::Rc<crate::class::Class>, typ: &Value) -> bool {
    match typ {
        Value::Class(c) => class.is_subclass(c),
        Value::Tuple(items) => items.iter().any(|t| class_matches(class, t)),
        _ => false,
    }
}

/// The `TypeError` for an `except` clause whose type is not an exception
/// class or a tuple of them.
fn check_except_type(typ: &Value) -> PyResult<()> {
    let ok = match typ {
        Value::Class(c) => c.exc_type().is_some(),
        Value::Tuple(items) => items
            .iter()
            .all(|t| matches!(t, Value::Class(c) if c.exc_type().is_some())),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(PyErr::type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        ))
    }
}

/// Whether `err` matches the `except` clause type `typ`. For the builtin
/// classes the runtime raises, no exception object is made.
pub fn exc_matches(err: &PyErr, typ: &Value) -> PyResult<bool> {
    check_except_type(typ)?;
    Ok(class_matches(&err.class(), typ))
}

/// Enters an `except` block handling `exc` (`PUSH_EXC_INFO`).
pub fn push_handled(exc: Value) {
    HANDLED.with(|h| h.borrow_mut().push(exc));
}

/// Leaves the innermost `except` block (`POP_EXCEPT`).
pub fn pop_handled() {
    let old = HANDLED.with(|h| h.borrow_mut().pop());
    drop(old);
}

/// The exception being handled, if any (`sys.exception()`).
pub fn current_handled() -> Option<Value> {
    HANDLED.with(|h| h.borrow().last().cloned())
}

/// How many `except` blocks are active: frames record it on entry and
/// restore it when an exception unwinds through them.
pub fn handled_depth() -> usize {
    HANDLED.with(|h| h.borrow().len())
}

/// Drops the handled exceptions above `depth` (a frame left while one of
/// its `except` blocks was active).
pub fn truncate_handled(depth: usize) {
    let dropped = split_handled(depth);
    drop(dropped);
}

/// Removes and returns the handled exceptions above `depth`, innermost
/// last (a generator keeps them while it is suspended).
pub(crate) fn split_handled(depth: usize) -> Vec<Value> {
    HANDLED.with(|h| {
        let mut h = h.borrow_mut();
        if h.len() > depth {
            h.split_off(depth)
        } else {
            Vec::new()
        }
    })
}

/// Sets `err.__context__` to the exception being handled, as CPython does
/// for every exception raised inside an `except` or `finally` block
/// (skipping itself and avoiding cycles).
pub fn attach_context(err: &PyErr) {
    let Some(Value::Instance(handled)) = current_handled() else {
        return;
    };
    let inst = err.instance();
    if std::rc::Rc::ptr_eq(&inst, &handled) {
        return;
    }
    let Some(state) = inst.exc() else {
        return;
    };
    if !matches!(&*state.context.borrow(), Value::None) {
        return;
    }
    // Break a cycle: walk the handled exception's context chain and cut it
    // where it reaches `inst`.
    let mut o = handled.clone();
    loop {
        let next = match o.exc() {
            Some(s) => s.context.borrow().clone(),
            None => Value::None,
        };
        match next {
            Value::Instance(n) => {
                if std::rc::Rc::ptr_eq(&n, &inst) {
                    if let Some(s) = o.exc() {
                        let old = s.context.replace(Value::None);
                        drop(old);
                    }
                    break;
                }
                o = n;
            }
            _ => break,
        }
    }
    let old = state.context.replace(Value::Instance(handled));
    drop(old);
}

/// The exception a failing `assert test, msg` raises: `AssertionError(msg)`
/// (`AssertionError` with no arguments without a message).
pub fn assertion_error(msg: Option<Value>) -> PyErr {
    let class = Value::Class(crate::class::exc_class(ExcType::AssertionError));
    let exc = match msg {
        Some(m) => match crate::call::call(&class, &[m]) {
            Ok(e) => e,
            Err(e) => return e,
        },
        None => class,
    };
    raise(&exc, None)
}

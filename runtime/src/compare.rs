//! Comparisons: `==` (never failing for this runtime's types), the ordering
//! operators with CPython's TypeError, and `is`.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::int::{as_int, cmp_int, cmp_int_float};
use crate::value::Value;

/// A comparison operator (`COMPARE_OP` oparg order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator's text.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub(crate) fn holds(self, ord: Ordering) -> bool {
        match self {
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Eq => ord == Ordering::Equal,
            CmpOp::Ne => ord != Ordering::Equal,
            CmpOp::Gt => ord == Ordering::Greater,
            CmpOp::Ge => ord != Ordering::Less,
        }
    }
}

/// `a is b`. Inline values are identical when equal (CPython caches small
/// ints; this runtime treats every equal int as the same object).
#[inline]
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::BigInt(x), Value::BigInt(y)) => Rc::ptr_eq(x, y),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y),
        (Value::Bytes(x), Value::Bytes(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        (Value::Code(x), Value::Code(y)) => Rc::ptr_eq(x, y),
        (Value::Cell(x), Value::Cell(y)) => Rc::ptr_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => std::ptr::eq(*x, *y),
        (Value::Method(x), Value::Method(y)) => Rc::ptr_eq(x, y),
        (Value::Range(x), Value::Range(y)) => Rc::ptr_eq(x, y),
        (Value::Iter(x), Value::Iter(y)) => Rc::ptr_eq(x, y),
        (Value::Slice(x), Value::Slice(y)) => Rc::ptr_eq(x, y),
        (Value::DictView(x), Value::DictView(y)) => Rc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::Bound(x), Value::Bound(y)) => Rc::ptr_eq(x, y),
        (Value::Descriptor(x), Value::Descriptor(y)) => Rc::ptr_eq(x, y),
        (Value::Super(x), Value::Super(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        (Value::NotImplemented, Value::NotImplemented) => true,
        (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Set(x), Value::Set(y)) => Rc::ptr_eq(x, y),
        (Value::FrozenSet(x), Value::FrozenSet(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Numeric ordering of two numbers (`None`: not both numbers, or a NaN).
fn num_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some(x.partial_cmp(y)),
        (Value::Float(x), _) => as_int(b).map(|i| cmp_int_float(i, *x).map(Ordering::reverse)),
        (_, Value::Float(y)) => as_int(a).map(|i| cmp_int_float(i, *y)),
        _ => match (as_int(a), as_int(b)) {
            (Some(x), Some(y)) => Some(Some(cmp_int(x, y))),
            _ => None,
        },
    }
}

thread_local! {
    /// How many container comparisons are in progress on this thread.
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The deepest container nesting compared before giving up (CPython raises
/// `RecursionError` there; `==` cannot fail here, so it answers `False`).
const MAX_NESTING: u32 = 900;

/// Runs a container comparison one level deeper, or returns `None` when
/// the nesting is too deep (self-containing containers).
fn nested<T>(f: impl FnOnce() -> T) -> Option<T> {
    let depth = NESTING.with(|n| n.get());
    if depth >= MAX_NESTING {
        return None;
    }
    NESTING.with(|n| n.set(depth + 1));
    let out = f();
    NESTING.with(|n| n.set(depth));
    Some(out)
}

fn too_deep() -> PyErr {
    PyErr::new(
        crate::error::ExcType::RecursionError,
        "maximum recursion depth exceeded in comparison",
    )
}

/// Items of two sequences compared with identity first, as CPython's
/// container comparisons do.
fn item_eq(a: &Value, b: &Value) -> bool {
    is(a, b) || py_eq(a, b)
}

/// Python's `a == b`.
pub fn py_eq(a: &Value, b: &Value) -> bool {
    if has_instance(a, b) {
        // `==` on an instance runs its `__eq__`; where `==` cannot fail
        // (container items, dict keys) an error counts as "not equal".
        return crate::dunder::rich_compare(CmpOp::Eq, a, b)
            .and_then(|r| crate::ops::truthy(&r))
            .unwrap_or(false);
    }
    if let Some(ord) = num_cmp(a, b) {
        return ord == Some(Ordering::Equal);
    }
    match (a, b) {
        (Value::List(_), Value::List(_))
        | (Value::Tuple(_), Value::Tuple(_))
        | (Value::Dict(_), Value::Dict(_)) => nested(|| container_eq(a, b)).unwrap_or(false),
        _ if crate::set::is_anyset(a) && crate::set::is_anyset(b) => {
            nested(|| crate::set::set_eq(a, b)).unwrap_or(false)
        }
        _ => scalar_eq(a, b),
    }
}

/// `==` for lists, tuples and dicts.
fn container_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| item_eq(p, q))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| item_eq(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| matches!(y.get(k), Ok(Some(w)) if item_eq(v, &w)))
        }
        _ => false,
    }
}

/// `==` for everything but containers.
fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Range(x), Value::Range(y)) => {
            let (n, m) = (x.len(), y.len());
            n == m && (n == 0 || (x.start == y.start && (n == 1 || x.step == y.step)))
        }
        (Value::Slice(x), Value::Slice(y)) => {
            py_eq(&x.start, &y.start) && py_eq(&x.stop, &y.stop) && py_eq(&x.step, &y.step)
        }
        (Value::Method(x), Value::Method(y)) => is(&x.obj, &y.obj) && x.name == y.name,
        (Value::Bound(x), Value::Bound(y)) => is(&x.obj, &y.obj) && is(&x.func, &y.func),
        _ => is(a, b),
    }
}

/// Key equality for dict lookups (the same as `==`).
pub fn key_eq(a: &Value, b: &Value) -> bool {
    is(a, b) || py_eq(a, b)
}

/// The ordering of two values under `<`, or CPython's TypeError.
fn order(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(ord) = num_cmp(a, b) {
        return Ok(ord.is_some_and(|o| op.holds(o)));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(op.holds(x.as_str().cmp(y.as_str()))),
        (Value::Bytes(x), Value::Bytes(y)) => Ok(op.holds(x.cmp(y))),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            nested(|| seq_order(op, &x, &y)).unwrap_or_else(|| Err(too_deep()))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            nested(|| seq_order(op, x, y)).unwrap_or_else(|| Err(too_deep()))
        }
        (Value::Slice(x), Value::Slice(y)) => {
            // CPython compares slices as the tuples (start, stop, step).
            let x = [x.start.clone(), x.stop.clone(), x.step.clone()];
            let y = [y.start.clone(), y.stop.clone(), y.step.clone()];
            nested(|| seq_order(op, &x, &y)).unwrap_or_else(|| Err(too_deep()))
        }
        _ if crate::set::is_anyset(a) && crate::set::is_anyset(b) => {
            nested(|| crate::set::set_order(op, a, b)).unwrap_or_else(|| Err(too_deep()))
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ))),
    }
}

/// Lexicographic comparison: the first differing items decide, else lengths.
fn seq_order(op: CmpOp, x: &[Value], y: &[Value]) -> PyResult<bool> {
    for (p, q) in x.iter().zip(y) {
        if !item_eq(p, q) {
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => order(op, p, q),
            };
        }
    }
    Ok(op.holds(x.len().cmp(&y.len())))
}

/// Whether either operand is an instance of a class (its special
/// methods decide the comparison).
#[inline]
fn has_instance(a: &Value, b: &Value) -> bool {
    matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_))
}

/// `a <op> b` as a bool.
pub fn compare_bool(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    if has_instance(a, b) {
        let r = crate::dunder::rich_compare(op, a, b)?;
        return crate::ops::truthy(&r);
    }
    match op {
        CmpOp::Eq => Ok(py_eq(a, b)),
        CmpOp::Ne => Ok(!py_eq(a, b)),
        _ => order(op, a, b),
    }
}

/// `a <op> b` (`COMPARE_OP`).
#[inline]
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(Value::Bool(op.holds(x.cmp(y))));
    }
    if has_instance(a, b) {
        return crate::dunder::rich_compare(op, a, b);
    }
    compare_bool(op, a, b).map(Value::Bool)
}

/// `a < b` as a bool (sorting, `min`, `max`).
pub fn less_than(a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(CmpOp::Lt, a, b)
}

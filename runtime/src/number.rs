//! Binary and unary operators (`BINARY_OP`, `UNARY_*`): ints with the
//! `i64` fast path, floats with CPython's special cases, and the sequence
//! forms of `+` and `*`.

use std::rc::Rc;

use crate::error::{ExcType, PyErr, PyResult};
use crate::int::{self, as_int, IntRef};
use crate::value::Value;

/// A binary operator (`BINARY_OP` without the in-place forms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `@`
    MatMul,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

impl BinOp {
    /// The operator as CPython's TypeError messages write it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::MatMul => "@",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
}

/// `unsupported operand type(s) for +=: 'A' and 'int'`.
fn unsupported_inplace(op: BinOp, a: &Value, b: &Value) -> PyErr {
    let symbol = match op {
        BinOp::Pow => "**=".to_string(),
        other => format!("{}=", other.symbol()),
    };
    PyErr::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        a.type_name(),
        b.type_name()
    ))
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

/// A float operand: floats as they are, ints converted (OverflowError if too big).
fn as_float(v: &Value) -> Option<PyResult<f64>> {
    match v {
        Value::Float(x) => Some(Ok(*x)),
        _ => as_int(v).map(|i| i.to_f64()),
    }
}

/// `x ** y` for floats (CPython's `float_pow`).
pub fn float_pow(x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if y.is_nan() {
        return Ok(Value::Float(if x == 1.0 { 1.0 } else { y }));
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(Value::Float(if ax == 1.0 {
            1.0
        } else if (ax > 1.0) == (y > 0.0) {
            f64::INFINITY
        } else {
            0.0
        }));
    }
    if x == 0.0 && y < 0.0 {
        return Err(PyErr::zero_division(
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x.is_finite() && x < 0.0 && y != y.floor() {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            "complex results of ** are not supported",
        ));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() {
        return Err(PyErr::overflow_error(
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(Value::Float(r))
}

/// `divmod(x, y)` for floats (CPython's `float_divmod` rules).
pub(crate) fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn float_op(op: BinOp, x: f64, y: f64) -> Option<PyResult<Value>> {
    Some(match op {
        BinOp::Add => Ok(Value::Float(x + y)),
        BinOp::Sub => Ok(Value::Float(x - y)),
        BinOp::Mul => Ok(Value::Float(x * y)),
        BinOp::Div => {
            if y == 0.0 {
                Err(PyErr::zero_division("float division by zero"))
            } else {
                Ok(Value::Float(x / y))
            }
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                Err(PyErr::zero_division("float floor division by zero"))
            } else {
                Ok(Value::Float(float_divmod(x, y).0))
            }
        }
        BinOp::Mod => {
            if y == 0.0 {
                Err(PyErr::zero_division("float modulo"))
            } else {
                Ok(Value::Float(float_divmod(x, y).1))
            }
        }
        BinOp::Pow => float_pow(x, y),
        _ => return None,
    })
}

fn int_op(op: BinOp, a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    match op {
        BinOp::Add => Ok(int::add(a, b)),
        BinOp::Sub => Ok(int::sub(a, b)),
        BinOp::Mul => Ok(int::mul(a, b)),
        BinOp::Div => int::truediv(a, b),
        BinOp::FloorDiv => int::floordiv(a, b),
        BinOp::Mod => int::modulo(a, b),
        BinOp::Pow => int::pow(a, b),
        BinOp::LShift => int::lshift(a, b),
        BinOp::RShift => int::rshift(a, b),
        BinOp::And => Ok(int::bitwise('&', a, b)),
        BinOp::Or => Ok(int::bitwise('|', a, b)),
        BinOp::Xor => Ok(int::bitwise('^', a, b)),
        BinOp::MatMul => Err(PyErr::type_error(
            "unsupported operand type(s) for @: 'int' and 'int'",
        )),
    }
}

/// The repeat count of `seq * n` (`None`: `n` is not an int).
fn repeat_count(n: &Value, len: usize) -> Option<PyResult<usize>> {
    let i = as_int(n)?;
    Some(match i {
        IntRef::Small(k) if k <= 0 || len == 0 => Ok(0),
        IntRef::Small(k) => {
            let k = k as u64;
            if (len as u64).saturating_mul(k) > 1 << 28 {
                Err(PyErr::new(ExcType::MemoryError, ""))
            } else {
                Ok(k as usize)
            }
        }
        IntRef::Big(_) => Err(PyErr::overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
    })
}

fn non_int_repeat(other: &Value) -> PyErr {
    PyErr::type_error(format!(
        "can't multiply sequence by non-int of type '{}'",
        other.type_name()
    ))
}

/// `seq * n` for str, list and tuple (`None`: `seq` is not a sequence).
fn sequence_repeat(seq: &Value, n: &Value) -> Option<PyResult<Value>> {
    let len = match seq {
        Value::Str(s) => s.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        _ => return None,
    };
    let count = match repeat_count(n, len) {
        None => return Some(Err(non_int_repeat(n))),
        Some(Err(e)) => return Some(Err(e)),
        Some(Ok(c)) => c,
    };
    Some(Ok(match seq {
        Value::Str(s) => Value::str(s.repeat(count)),
        Value::List(l) => {
            let items = l.borrow().clone();
            crate::ops::list(repeat_vec(&items, count))
        }
        Value::Tuple(t) => crate::ops::tuple(repeat_vec(t, count)),
        _ => return None,
    }))
}

fn repeat_vec(items: &[Value], count: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend_from_slice(items);
    }
    out
}

fn concat_error(kind: &str, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "can only concatenate {kind} (not \"{}\") to {kind}",
        b.type_name()
    ))
}

/// `a <op> b` on two `i64`s when the result is an `i64` too.
#[inline]
fn small_int_op(op: BinOp, x: i64, y: i64) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::Mod => {
            let r = x.checked_rem(y)?;
            Some(if r != 0 && (r ^ y) < 0 { r + y } else { r })
        }
        BinOp::FloorDiv => {
            let q = x.checked_div(y)?;
            let r = x.checked_rem(y)?;
            Some(if r != 0 && (r ^ y) < 0 { q - 1 } else { q })
        }
        BinOp::And => Some(x & y),
        BinOp::Or => Some(x | y),
        BinOp::Xor => Some(x ^ y),
        _ => None,
    }
}

/// `a <op> b` (`BINARY_OP`).
#[inline]
pub fn binary_op(op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = small_int_op(op, *x, *y) {
            return Ok(Value::Int(r));
        }
    }
    binary_op_general(op, a, b)
}

/// [`binary_op`] past the `i64` fast path.
fn binary_op_general(op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
        return crate::dunder::binary_special(op, a, b)
            .unwrap_or_else(|| Err(unsupported(op, a, b)));
    }
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinOp::And => return Ok(Value::Bool(x & y)),
            BinOp::Or => return Ok(Value::Bool(x | y)),
            BinOp::Xor => return Ok(Value::Bool(x ^ y)),
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return int_op(op, x, y);
    }
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
            let (x, y) = (x?, y?);
            if let Some(r) = float_op(op, x, y) {
                return r;
            }
            return Err(unsupported(op, a, b));
        }
    }
    if let Some(r) = crate::set::binary_op(op, a, b) {
        return r;
    }
    if let Some(r) = crate::bytes::binary_op(op, a, b) {
        return r;
    }
    if let (BinOp::Mod, Value::Str(fmt)) = (op, a) {
        return crate::format::percent_format(fmt, b);
    }
    match op {
        BinOp::Add => match (a, b) {
            (Value::Str(x), Value::Str(y)) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(Value::Str(Rc::new(s)))
            }
            (Value::List(x), Value::List(y)) => {
                let mut items = x.borrow().clone();
                items.extend(y.borrow().iter().cloned());
                Ok(crate::ops::list(items))
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                let mut items: Vec<Value> = x.to_vec();
                items.extend(y.iter().cloned());
                Ok(crate::ops::tuple(items))
            }
            (Value::Str(_), _) => Err(concat_error("str", b)),
            (Value::List(_), _) => Err(concat_error("list", b)),
            (Value::Tuple(_), _) => Err(concat_error("tuple", b)),
            _ => Err(unsupported(op, a, b)),
        },
        BinOp::Mul => {
            if let Some(r) = sequence_repeat(a, b) {
                return r;
            }
            if let Some(r) = sequence_repeat(b, a) {
                return r;
            }
            Err(unsupported(op, a, b))
        }
        _ => Err(unsupported(op, a, b)),
    }
}

/// `a <op>= b`: lists extend (`+=`) and repeat (`*=`) in place; everything
/// else as [`binary_op`].
pub fn inplace_op(op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let Value::Instance(_) = a {
        if let Some(r) = crate::dunder::inplace_special(op, a, b) {
            return r;
        }
        return crate::dunder::binary_special(op, a, b)
            .unwrap_or_else(|| Err(unsupported_inplace(op, a, b)));
    }
    if let Some(r) = crate::set::inplace_op(op, a, b) {
        return r;
    }
    if let Value::List(list) = a {
        match op {
            BinOp::Add => {
                crate::ops::list_extend(a, b)?;
                return Ok(a.clone());
            }
            BinOp::Mul => {
                let len = list.borrow().len();
                let count = match repeat_count(b, len) {
                    None => return Err(non_int_repeat(b)),
                    Some(c) => c?,
                };
                let items = list.borrow().clone();
                *list.borrow_mut() = repeat_vec(&items, count);
                return Ok(a.clone());
            }
            _ => {}
        }
    }
    binary_op(op, a, b)
}

/// `-a`, `+a`, `~a`.
pub fn unary_op(op: UnaryOp, a: &Value) -> PyResult<Value> {
    if let Some(i) = as_int(a) {
        return Ok(match op {
            UnaryOp::Neg => int::neg(i),
            UnaryOp::Pos => match i {
                IntRef::Small(x) => Value::Int(x),
                IntRef::Big(_) => a.clone(),
            },
            UnaryOp::Invert => int::invert(i),
        });
    }
    if let Value::Instance(_) = a {
        let name = match op {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
        };
        if let Some(r) = crate::dunder::unary_special(name, a) {
            return r;
        }
    }
    match (op, a) {
        (UnaryOp::Neg, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnaryOp::Pos, Value::Float(x)) => Ok(Value::Float(*x)),
        _ => {
            let symbol = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                UnaryOp::Invert => "~",
            };
            Err(PyErr::type_error(format!(
                "bad operand type for unary {symbol}: '{}'",
                a.type_name()
            )))
        }
    }
}

//! The `slice` type: `slice(stop)`, `slice(start, stop[, step])` and
//! `slice.indices(length)` (CPython's `_PySlice_GetLongIndices`, exact
//! for any length).
//!
//! ```
//! use py_fn_runtime::{builtin, call, call_method, Value};
//! let s = call(&builtin("slice").unwrap(), &[Value::None, Value::None, Value::Int(-1)]).unwrap();
//! assert_eq!(s.repr(), "slice(None, None, -1)");
//! assert_eq!(call_method(&s, "indices", &[Value::Int(5)]).unwrap().repr(), "(4, -1, -1)");
//! ```

use num_bigint::{BigInt, Sign};

use crate::error::{PyErr, PyResult};
use crate::methods::Args;
use crate::value::{Slice, Value};

/// `slice(...)`.
pub(crate) fn b_slice(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    a.range("slice", "slice", 1, 3)?;
    let get = |i: usize| a.get(i).cloned().unwrap_or(Value::None);
    Ok(match a.pos.len() {
        1 => crate::ops::slice(Value::None, get(0), Value::None),
        _ => crate::ops::slice(get(0), get(1), get(2)),
    })
}

/// A slice index as an exact int (`__index__` included), or CPython's
/// `TypeError`.
fn index_of(v: &Value) -> PyResult<BigInt> {
    let i = crate::builtins_num::index_value(v).map_err(|e| {
        if e.matches(crate::error::ExcType::TypeError) {
            PyErr::type_error("slice indices must be integers or None or have an __index__ method")
        } else {
            e
        }
    })?;
    Ok(crate::int::as_int(&i)
        .map(crate::int::IntRef::to_big)
        .unwrap_or_default())
}

/// `slice.indices(length)`.
pub(crate) fn indices(s: &Slice, a: &Args<'_>) -> PyResult<Value> {
    let length = a.one("slice.indices")?;
    let length = crate::int::as_int(&crate::builtins_num::index_value(length)?)
        .map(crate::int::IntRef::to_big)
        .unwrap_or_default();
    if length.sign() == Sign::Minus {
        return Err(PyErr::value_error("length should not be negative"));
    }
    let step = match &s.step {
        Value::None => BigInt::from(1),
        v => index_of(v)?,
    };
    if step.sign() == Sign::NoSign {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let negative = step.sign() == Sign::Minus;
    let (lower, upper) = if negative {
        (BigInt::from(-1), &length - 1)
    } else {
        (BigInt::from(0), length.clone())
    };
    let clamp = |v: &Value, default: &BigInt| -> PyResult<BigInt> {
        if matches!(v, Value::None) {
            return Ok(default.clone());
        }
        let mut x = index_of(v)?;
        if x.sign() == Sign::Minus {
            x += &length;
            if x < lower {
                x = lower.clone();
            }
        } else if x > upper {
            x = upper.clone();
        }
        Ok(x)
    };
    let start = clamp(&s.start, if negative { &upper } else { &lower })?;
    let stop = clamp(&s.stop, if negative { &lower } else { &upper })?;
    Ok(crate::ops::tuple(vec![
        Value::from_bigint(start),
        Value::from_bigint(stop),
        Value::from_bigint(step),
    ]))
}

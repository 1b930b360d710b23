//! Building values from the stack: dict displays (`BUILD_MAP`,
//! `BUILD_CONST_KEY_MAP`), f-strings (`BUILD_STRING`, `FORMAT_VALUE`).

use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

use super::frame::Frame;

/// `BUILD_MAP n`: `n` key/value pairs, keys first, oldest first.
pub(crate) fn build_map(frame: &mut Frame, n: usize) -> PyResult<()> {
    let items = frame.pop_n(2 * n)?;
    let mut pairs = Vec::with_capacity(n);
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        pairs.push((k, v));
    }
    frame.push(crate::ops::dict(pairs)?)
}

/// `BUILD_CONST_KEY_MAP n`: `n` values and a tuple of their keys on top.
pub(crate) fn build_const_key_map(frame: &mut Frame, n: usize) -> PyResult<()> {
    let keys = frame.pop()?;
    let values = frame.pop_n(n)?;
    let Value::Tuple(keys) = keys else {
        return Err(PyErr::new(
            ExcType::SystemError,
            "bad BUILD_CONST_KEY_MAP keys argument",
        ));
    };
    if keys.len() != n {
        return Err(PyErr::new(
            ExcType::SystemError,
            "bad BUILD_CONST_KEY_MAP keys argument",
        ));
    }
    let pairs = keys.as_slice().iter().cloned().zip(values).collect();
    frame.push(crate::ops::dict(pairs)?)
}

/// `BUILD_STRING n`: the concatenation of `n` strings.
pub(crate) fn build_string(frame: &mut Frame, n: usize) -> PyResult<()> {
    let items = frame.pop_n(n)?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(s) => out.push_str(s),
            other => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )))
            }
        }
    }
    frame.push(Value::str(out))
}

/// `FORMAT_VALUE flags`: the conversion (`!s`, `!r`, `!a`) in the low two
/// bits, and whether a format spec is on the stack (bit 2).
pub(crate) fn format_value(frame: &mut Frame, flags: u32) -> PyResult<()> {
    let spec = if flags & 4 != 0 {
        Some(frame.pop()?)
    } else {
        None
    };
    let value = frame.pop()?;
    let conversion = match flags & 3 {
        1 => Some('s'),
        2 => Some('r'),
        3 => Some('a'),
        _ => None,
    };
    let spec = match &spec {
        None => String::new(),
        Some(Value::Str(s)) => s.as_ref().clone(),
        Some(other) => other.to_str(),
    };
    let text = crate::format::format_value(&value, conversion, &spec)?;
    frame.push(text)
}

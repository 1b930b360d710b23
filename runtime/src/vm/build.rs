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
    let value = match flags & 3 {
        1 => Value::str(crate::repr::checked_str(&value)?),
        2 => Value::str(crate::repr::checked_repr(&value)?),
        3 => Value::str(ascii(&crate::repr::checked_repr(&value)?)),
        _ => value,
    };
    let empty_spec = match &spec {
        None => true,
        Some(Value::Str(s)) => s.is_empty(),
        Some(_) => false,
    };
    if !empty_spec {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            "FORMAT_VALUE with a format spec is not supported by the py_fn runtime yet",
        ));
    }
    let text = match value {
        v @ Value::Str(_) => v,
        other => Value::str(crate::repr::checked_str(&other)?),
    };
    frame.push(text)
}

/// `ascii()` of a repr: non-ASCII characters escaped as `\xhh`, `\uhhhh`
/// or `\Uhhhhhhhh`.
pub(crate) fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let code = c as u32;
        if code < 0x80 {
            out.push(c);
        } else if code <= 0xff {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code <= 0xffff {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

//! The methods of `str` on a fast path (`join`, `format`, `strip`,
//! `replace`); the others are in `str_methods.rs`.

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::methods::Args;
use crate::value::Value;

fn arg_str<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        _ => Err(PyErr::type_error(format!("{what}, not {}", v.type_name()))),
    }
}

/// `s.strip(chars)`, `lstrip`, `rstrip`.
fn strip(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    a.range(name, &format!("str.{name}"), 0, 1)?;
    let chars: Option<Vec<char>> = match a.get(0) {
        None | Some(Value::None) => None,
        Some(Value::Str(c)) => Some(c.chars().collect()),
        Some(_) => return Err(PyErr::type_error(format!("{name} arg must be None or str"))),
    };
    let matcher = |c: char| match &chars {
        None => crate::unicode::is_space(c),
        Some(set) => set.contains(&c),
    };
    let out = match name {
        "lstrip" => s.trim_start_matches(matcher),
        "rstrip" => s.trim_end_matches(matcher),
        _ => s.trim_matches(matcher),
    };
    Ok(Value::str(out))
}

/// `sep.join(iterable)`.
fn join(sep: &str, a: &Args<'_>) -> PyResult<Value> {
    a.kw.is_empty()
        .then_some(())
        .ok_or_else(|| PyErr::type_error("str.join() takes no keyword arguments"))?;
    let [iterable] = a.pos else {
        return Err(PyErr::type_error(format!(
            "str.join() takes exactly one argument ({} given)",
            a.pos.len()
        )));
    };
    let items = crate::iter::collect(iterable).map_err(|e| {
        if crate::iter::iter(iterable).is_err() {
            PyErr::type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
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
    Ok(Value::str(out))
}

/// Calls the str method `name` on `s` (`None`: no such method).
pub fn str_method(s: &Rc<String>, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let s: &str = s.as_str();
    Some(match name {
        "join" => join(s, a),
        "format" => crate::format::str_format(s, a),
        "strip" | "lstrip" | "rstrip" => strip(s, name, a),
        "replace" => (|| {
            a.range("replace", "str.replace", 2, 3)?;
            let (Some(old), Some(new)) = (a.get(0), a.get(1)) else {
                return Ok(Value::None);
            };
            let old = arg_str(old, "replace() argument 1 must be str")?;
            let new = arg_str(new, "replace() argument 2 must be str")?;
            let count = match a.get(2) {
                Some(v) => crate::str_methods::ssize(v)?,
                None => -1,
            };
            Ok(Value::str(if count < 0 {
                s.replace(old, new)
            } else {
                s.replacen(old, new, count as usize)
            }))
        })(),
        _ => return crate::str_methods::call(s, name, a),
    })
}

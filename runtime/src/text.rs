//! Methods of `str`.

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::methods::{as_index, Args};
use crate::value::Value;

/// Python's `str.isspace()` for one character.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn arg_str<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        _ => Err(PyErr::type_error(format!("{what}, not {}", v.type_name()))),
    }
}

/// `s.split(sep=None, maxsplit=-1)`.
fn split(s: &str, a: &Args<'_>) -> PyResult<Value> {
    if a.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "split() takes at most 2 arguments ({} given)",
            a.pos.len()
        )));
    }
    let sep = a.get(0).or_else(|| a.kwarg("sep"));
    let maxsplit = match a.get(1).or_else(|| a.kwarg("maxsplit")) {
        Some(v) => as_index(v)?,
        None => -1,
    };
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts: Vec<Value> = Vec::new();
    match sep {
        None | Some(Value::None) => {
            let mut rest = s.trim_start_matches(is_space);
            while !rest.is_empty() {
                if parts.len() == limit {
                    parts.push(Value::str(rest));
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                parts.push(Value::str(&rest[..end]));
                rest = rest[end..].trim_start_matches(is_space);
            }
        }
        Some(v) => {
            let sep = arg_str(v, "must be str or None")?;
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            let mut rest = s;
            loop {
                if parts.len() == limit {
                    parts.push(Value::str(rest));
                    break;
                }
                match rest.find(sep) {
                    Some(i) => {
                        parts.push(Value::str(&rest[..i]));
                        rest = &rest[i + sep.len()..];
                    }
                    None => {
                        parts.push(Value::str(rest));
                        break;
                    }
                }
            }
        }
    }
    Ok(crate::ops::list(parts))
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
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let out = match name {
        "lstrip" => s.trim_start_matches(matcher),
        "rstrip" => s.trim_end_matches(matcher),
        _ => s.trim_matches(matcher),
    };
    Ok(Value::str(out))
}

/// `s.startswith(prefix)` / `s.endswith(suffix)` (a str or a tuple of str).
fn affix(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let Some(first) = a.get(0) else {
        return Err(PyErr::type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        )));
    };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as i64;
    let bound = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        Ok(match v {
            None | Some(Value::None) => default,
            Some(v) => {
                let i = as_index(v)?;
                if i < 0 {
                    (i + len).max(0)
                } else {
                    i.min(len)
                }
            }
        })
    };
    let start = bound(a.get(1), 0)?;
    let end = bound(a.get(2), len)?;
    let window: String = if start <= end {
        chars
            .get(start as usize..end as usize)
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    } else {
        return Ok(Value::Bool(false));
    };
    let test = |p: &str| {
        if name == "startswith" {
            window.starts_with(p)
        } else {
            window.ends_with(p)
        }
    };
    let bad = |v: &Value| {
        PyErr::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            v.type_name()
        ))
    };
    match first {
        Value::Str(p) => Ok(Value::Bool(test(p))),
        Value::Tuple(options) => {
            for o in options.iter() {
                match o {
                    Value::Str(p) => {
                        if test(p) {
                            return Ok(Value::Bool(true));
                        }
                    }
                    other => {
                        return Err(PyErr::type_error(format!(
                            "tuple for {name} must only contain str, not {}",
                            other.type_name()
                        )))
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(bad(other)),
    }
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
    let items = crate::iter::collect(iterable)?;
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

fn no_args(name: &str, a: &Args<'_>) -> PyResult<()> {
    if a.pos.is_empty() && a.kw.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "str.{name}() takes no arguments ({} given)",
            a.pos.len() + a.kw.len()
        )))
    }
}

/// Calls the str method `name` on `s` (`None`: no such method).
pub fn str_method(s: &Rc<String>, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let s: &str = s.as_str();
    Some(match name {
        "join" => join(s, a),
        "format" => crate::format::str_format(s, a),
        "split" => split(s, a),
        "upper" => no_args(name, a).map(|_| Value::str(s.to_uppercase())),
        "lower" => no_args(name, a).map(|_| Value::str(s.to_lowercase())),
        "isdigit" => no_args(name, a)
            .map(|_| Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))),
        "isalpha" => no_args(name, a)
            .map(|_| Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic))),
        "strip" | "lstrip" | "rstrip" => strip(s, name, a),
        "startswith" | "endswith" => affix(s, name, a),
        "replace" => (|| {
            a.range("replace", "str.replace", 2, 3)?;
            let (Some(old), Some(new)) = (a.get(0), a.get(1)) else {
                return Ok(Value::None);
            };
            let old = arg_str(old, "replace() argument 1 must be str")?;
            let new = arg_str(new, "replace() argument 2 must be str")?;
            let count = match a.get(2) {
                Some(v) => as_index(v)?,
                None => -1,
            };
            Ok(Value::str(if count < 0 {
                s.replace(old, new)
            } else {
                s.replacen(old, new, count as usize)
            }))
        })(),
        "find" | "count" => (|| {
            let Some(sub) = a.get(0) else {
                return Err(PyErr::type_error(format!(
                    "{name}() takes at least 1 argument (0 given)"
                )));
            };
            let sub = arg_str(sub, "must be str")?;
            if name == "count" {
                if sub.is_empty() {
                    return Ok(Value::Int(s.chars().count() as i64 + 1));
                }
                return Ok(Value::Int(s.matches(sub).count() as i64));
            }
            Ok(Value::Int(match s.find(sub) {
                Some(byte) => s.get(..byte).map(|p| p.chars().count()).unwrap_or(0) as i64,
                None => -1,
            }))
        })(),
        _ => return None,
    })
}

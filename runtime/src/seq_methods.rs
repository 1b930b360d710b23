//! The methods of `tuple` (`count`, `index`), `range` (`count`, `index`),
//! the dict views (`isdisjoint`), and the class method `dict.fromkeys`, with
//! CPython's argument handling and error texts.
//!
//! ```
//! use py_fn_runtime::{call_method, tuple, Value};
//! let t = tuple(vec![Value::Int(1), Value::Int(2), Value::Int(1)]);
//! assert_eq!(call_method(&t, "count", &[Value::Int(1)]).unwrap(), Value::Int(2));
//! let err = call_method(&t, "index", &[Value::Int(5)]).unwrap_err();
//! assert_eq!(err.to_string(), "ValueError: tuple.index(x): x not in tuple");
//! ```

use crate::compare::{is, py_eq};
use crate::error::{PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::value::{Range, Value};

/// `x is y or x == y`, as `PyObject_RichCompare` in sequence searches.
fn same(x: &Value, y: &Value) -> PyResult<bool> {
    if is(x, y) {
        return Ok(true);
    }
    if matches!(x, Value::Instance(_)) || matches!(y, Value::Instance(_)) {
        return crate::compare::compare_bool(crate::compare::CmpOp::Eq, x, y);
    }
    Ok(py_eq(x, y))
}

/// A `start`/`stop` of `tuple.index`, clamped to `0..=len`.
fn bound(v: Option<&Value>, default: i64, len: i64) -> PyResult<i64> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = crate::builtins_num::index_value(v).map_err(|_| {
        PyErr::type_error("slice indices must be integers or have an __index__ method")
    })?;
    let i = match as_int(&i) {
        Some(IntRef::Small(n)) => n,
        Some(IntRef::Big(b)) if b.sign() == num_bigint::Sign::Minus => i64::MIN,
        _ => i64::MAX,
    };
    Ok(if i < 0 {
        (i.saturating_add(len)).max(0)
    } else {
        i.min(len)
    })
}

/// `tuple.count` and `tuple.index`.
pub(crate) fn tuple_method(items: &[Value], name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    if !matches!(name, "count" | "index") {
        return None;
    }
    Some((|| match name {
        "count" => {
            let x = a.one("tuple.count")?;
            let mut n = 0;
            for item in items {
                if same(item, x)? {
                    n += 1;
                }
            }
            Ok(Value::Int(n))
        }
        "index" => {
            a.range("index", "tuple.index", 1, 3)?;
            let x = a.get(0).unwrap_or(&Value::None);
            let len = items.len() as i64;
            let start = bound(a.get(1), 0, len)?;
            let stop = bound(a.get(2), len, len)?;
            for i in start..stop {
                if let Some(item) = items.get(i as usize) {
                    if same(item, x)? {
                        return Ok(Value::Int(i));
                    }
                }
            }
            Err(PyErr::value_error("tuple.index(x): x not in tuple"))
        }
        _ => Err(PyErr::no_attribute(&crate::ops::tuple(Vec::new()), name)),
    })())
}

/// The position of `x` in `r`, for an int `x`.
fn range_position(r: &Range, x: &Value) -> Option<i64> {
    let IntRef::Small(i) = as_int(x)? else {
        return None;
    };
    let len = r.len();
    if len == 0 {
        return None;
    }
    let offset = i as i128 - r.start as i128;
    let step = r.step as i128;
    if offset % step != 0 {
        return None;
    }
    let k = offset / step;
    (0..len as i128).contains(&k).then_some(k as i64)
}

/// `range.count` and `range.index`.
pub(crate) fn range_method(r: &Range, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let run = || -> PyResult<Value> {
        let x = a.one(&format!("range.{name}"))?;
        if as_int(x).is_some() {
            let found = range_position(r, x);
            return match (name, found) {
                ("count", f) => Ok(Value::Int(i64::from(f.is_some()))),
                (_, Some(k)) => Ok(Value::Int(k)),
                (_, None) => Err(PyErr::value_error(format!("{} is not in range", x.repr()))),
            };
        }
        let mut n = 0;
        for k in 0..r.len() {
            if same(&Value::Int(r.item(k)), x)? {
                if name == "index" {
                    return Ok(Value::Int(k));
                }
                n += 1;
            }
        }
        if name == "index" {
            return Err(PyErr::value_error("sequence.index(x): x not in sequence"));
        }
        Ok(Value::Int(n))
    };
    matches!(name, "count" | "index").then(run)
}

/// `dict.fromkeys(iterable, value=None)`.
pub(crate) fn dict_fromkeys(a: &Args<'_>) -> PyResult<Value> {
    a.range("fromkeys", "dict.fromkeys", 1, 2)?;
    let keys = crate::iter::collect(a.get(0).unwrap_or(&Value::None))?;
    let v = a.get(1).cloned().unwrap_or(Value::None);
    crate::ops::dict(keys.into_iter().map(|k| (k, v.clone())).collect())
}

/// `dict.keys().isdisjoint(other)` and `dict.items().isdisjoint(other)`.
pub(crate) fn view_method(view: &Value, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let Value::DictView(v) = view else {
        return None;
    };
    if name != "isdisjoint" || v.kind == crate::value::ViewKind::Values {
        return None;
    }
    let qual = match v.kind {
        crate::value::ViewKind::Items => "dict_items.isdisjoint",
        _ => "dict_keys.isdisjoint",
    };
    Some((|| {
        let other = a.one(qual)?;
        let it = crate::iter::iter(other)?;
        while let Some(x) = crate::iter::next(&it)? {
            if crate::ops::contains(view, &x)? {
                return Ok(Value::Bool(false));
            }
        }
        Ok(Value::Bool(true))
    })())
}

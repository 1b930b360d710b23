//! Container operations: truth, `in`, subscripts, slices, and the
//! constructors generated code uses for displays.

use std::cell::RefCell;
use std::rc::Rc;

use crate::dict::Dict;
use crate::error::{PyErr, PyResult};
use crate::sequence::{resolve_index, resolve_slice, Index};
use crate::value::{Range, Slice, Value, ViewKind};

/// `bool(v)`.
#[inline]
pub fn truthy(v: &Value) -> PyResult<bool> {
    Ok(match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) => true,
        Value::Float(x) => *x != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::List(l) => !l.borrow().is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::Dict(d) => !d.borrow().is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::DictView(v) => !v.dict.borrow().is_empty(),
        Value::Instance(_) => return crate::dunder::instance_truthy(v),
        Value::Set(_) | Value::FrozenSet(_) => crate::set::len(v)? != 0,
        _ => true,
    })
}

/// `len(v)`, or `TypeError: object of type 'int' has no len()`.
pub fn len(v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().count()
            }
        }
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.borrow().len(),
        Value::DictView(v) => v.dict.borrow().len(),
        Value::Range(r) => r.len() as usize,
        Value::Instance(_) if crate::dunder::lookup_special(v, "__len__").is_some() => {
            return crate::dunder::instance_len(v).unwrap_or(Ok(0))
        }
        Value::Set(_) | Value::FrozenSet(_) => crate::set::len(v)?,
        _ => {
            return Err(PyErr::type_error(format!(
                "object of type '{}' has no len()",
                v.type_name()
            )))
        }
    })
}

/// A new tuple.
pub fn tuple(items: Vec<Value>) -> Value {
    Value::Tuple(Rc::new(items.into()))
}

/// A new tuple from an array: one allocation for up to two items.
///
/// ```
/// use py_fn_runtime::{tuple_of, Value};
/// assert_eq!(tuple_of([Value::Int(1)]).repr(), "(1,)");
/// ```
pub fn tuple_of<const N: usize>(items: [Value; N]) -> Value {
    Value::Tuple(Rc::new(crate::tuple::TupleItems::from_array(items)))
}

/// A new list.
pub fn list(items: Vec<Value>) -> Value {
    let list = Rc::new(RefCell::new(items));
    crate::gc::track(&list);
    Value::List(list)
}

/// A new dict value over `d`, registered with the cycle collector.
pub(crate) fn dict_value(d: Dict) -> Value {
    let dict = Rc::new(RefCell::new(d));
    crate::gc::track(&dict);
    Value::Dict(dict)
}

/// A new dict from `(key, value)` pairs (later keys win; unhashable keys raise).
pub fn dict(pairs: Vec<(Value, Value)>) -> PyResult<Value> {
    let mut d = Dict::new();
    for (k, v) in pairs {
        d.set(k, v)?;
    }
    Ok(dict_value(d))
}

/// The dict a display or a call's keyword arguments are built in.
pub(crate) fn dict_target(dict: &Value) -> PyResult<&Rc<RefCell<Dict>>> {
    match dict {
        Value::Dict(target) => Ok(target),
        other => Err(PyErr::type_error(format!(
            "'{}' object is not a dict",
            other.type_name()
        ))),
    }
}

/// `{**mapping}` / `dict.update(mapping)` for a dict target.
pub fn dict_update(dict: &Value, mapping: &Value) -> PyResult<()> {
    let target = dict_target(dict)?;
    let pairs = match mapping {
        Value::Dict(src) => src.borrow().items(),
        _ => {
            return Err(PyErr::type_error(format!(
                "'{}' object is not a mapping",
                mapping.type_name()
            )))
        }
    };
    for (k, v) in pairs {
        crate::dict_shared::set(target, k, v)?;
    }
    Ok(())
}

/// `list.extend(iterable)` (`[*xs]`, `f(*xs)`).
pub fn list_extend(list: &Value, iterable: &Value) -> PyResult<()> {
    let Value::List(target) = list else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not a list",
            list.type_name()
        )));
    };
    // `LIST_EXTEND`'s message when the value is not iterable at all.
    if crate::iter::iter(iterable).is_err() {
        return Err(PyErr::type_error(format!(
            "Value after * must be an iterable, not {}",
            iterable.type_name()
        )));
    }
    let items = crate::iter::collect(iterable)?;
    target.borrow_mut().extend(items);
    Ok(())
}

/// A `slice` object (`Value::None` for omitted parts).
pub fn slice(lower: Value, upper: Value, step: Value) -> Value {
    Value::Slice(Rc::new(Slice {
        start: lower,
        stop: upper,
        step,
    }))
}

/// The characters of a str (for indexing non-ASCII text).
fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn index_type_error(kind: &str, key: &Value) -> PyErr {
    PyErr::type_error(format!(
        "{kind} indices must be integers or slices, not {}",
        key.type_name()
    ))
}

fn seq_getitem(items: &[Value], key: &Value, kind: &str) -> PyResult<Value> {
    if let Value::Slice(s) = key {
        let r = resolve_slice(s, items.len())?;
        let out: Vec<Value> = r
            .positions()
            .filter_map(|i| items.get(i).cloned())
            .collect();
        return Ok(if kind == "list" {
            list(out)
        } else {
            tuple(out)
        });
    }
    match resolve_index(key, items.len()) {
        None => Err(index_type_error(kind, key)),
        Some(Err(e)) => Err(e),
        Some(Ok(Index::At(i))) => items
            .get(i)
            .cloned()
            .ok_or_else(|| PyErr::index_error(format!("{kind} index out of range"))),
        Some(Ok(Index::OutOfRange)) => {
            Err(PyErr::index_error(format!("{kind} index out of range")))
        }
    }
}

fn str_getitem(s: &str, key: &Value) -> PyResult<Value> {
    let ascii = s.is_ascii();
    let chars = if ascii { Vec::new() } else { chars_of(s) };
    let len = if ascii { s.len() } else { chars.len() };
    let char_at = |i: usize| -> Option<char> {
        if ascii {
            s.as_bytes().get(i).map(|&b| b as char)
        } else {
            chars.get(i).copied()
        }
    };
    if let Value::Slice(sl) = key {
        let r = resolve_slice(sl, len)?;
        let out: String = r.positions().filter_map(char_at).collect();
        return Ok(Value::str(out));
    }
    match resolve_index(key, len) {
        None => Err(PyErr::type_error(format!(
            "string indices must be integers, not '{}'",
            key.type_name()
        ))),
        Some(Err(e)) => Err(e),
        Some(Ok(Index::At(i))) => char_at(i)
            .map(Value::str)
            .ok_or_else(|| PyErr::index_error("string index out of range")),
        Some(Ok(Index::OutOfRange)) => Err(PyErr::index_error("string index out of range")),
    }
}

fn range_getitem(r: &Range, key: &Value) -> PyResult<Value> {
    let len = r.len() as usize;
    if let Value::Slice(sl) = key {
        let s = resolve_slice(sl, len)?;
        let start = r.item(s.start);
        let step = r.step.saturating_mul(s.step);
        let stop = start.saturating_add(step.saturating_mul(s.len as i64));
        return Ok(Value::Range(Rc::new(Range { start, stop, step })));
    }
    match resolve_index(key, len) {
        None => Err(index_type_error("range", key)),
        Some(Err(e)) => Err(e),
        Some(Ok(Index::At(i))) => Ok(Value::Int(r.item(i as i64))),
        Some(Ok(Index::OutOfRange)) => Err(PyErr::index_error("range object index out of range")),
    }
}

/// `obj[key]`.
pub fn getitem(obj: &Value, key: &Value) -> PyResult<Value> {
    match obj {
        Value::Instance(_) => {
            crate::dunder::call_special(obj, "__getitem__", std::slice::from_ref(key))
                .unwrap_or_else(|| {
                    Err(PyErr::type_error(format!(
                        "'{}' object is not subscriptable",
                        obj.type_name()
                    )))
                })
        }
        Value::List(l) => {
            if let (Value::Int(i), Ok(items)) = (key, l.try_borrow()) {
                let i = if *i < 0 { *i + items.len() as i64 } else { *i };
                if let Some(v) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
                    return Ok(v.clone());
                }
            }
            let items = l.borrow().clone();
            seq_getitem(&items, key, "list")
        }
        Value::Tuple(t) => seq_getitem(t, key, "tuple"),
        Value::Str(s) => str_getitem(s, key),
        Value::Bytes(b) => {
            if let Value::Slice(sl) = key {
                let r = resolve_slice(sl, b.len())?;
                let out: Vec<u8> = r.positions().filter_map(|i| b.get(i).copied()).collect();
                return Ok(Value::Bytes(Rc::new(out)));
            }
            match resolve_index(key, b.len()) {
                None => Err(index_type_error("byte", key)),
                Some(Err(e)) => Err(e),
                Some(Ok(Index::At(i))) => b
                    .get(i)
                    .map(|&x| Value::Int(x as i64))
                    .ok_or_else(|| PyErr::index_error("index out of range")),
                Some(Ok(Index::OutOfRange)) => Err(PyErr::index_error("index out of range")),
            }
        }
        Value::Range(r) => range_getitem(r, key),
        Value::Dict(d) => {
            let found = crate::dict_shared::get(d, key)?;
            found.ok_or_else(|| PyErr::key_error(key))
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            obj.type_name()
        ))),
    }
}

/// `obj[key] = value`.
pub fn setitem(obj: &Value, key: &Value, value: Value) -> PyResult<()> {
    match obj {
        Value::Instance(_) => {
            match crate::dunder::call_special(obj, "__setitem__", &[key.clone(), value]) {
                Some(r) => r.map(drop),
                None => Err(PyErr::type_error(format!(
                    "'{}' object does not support item assignment",
                    obj.type_name()
                ))),
            }
        }
        Value::List(l) => {
            if let Value::Slice(sl) = key {
                let new_items = crate::iter::collect(&value)?;
                let len = l.borrow().len();
                let r = resolve_slice(sl, len)?;
                let mut items = l.borrow_mut();
                if r.step == 1 {
                    let start = (r.start.max(0) as usize).min(items.len());
                    let end = (start + r.len).min(items.len());
                    let old: Vec<Value> = items.splice(start..end, new_items).collect();
                    drop(items);
                    drop(old);
                    return Ok(());
                }
                if new_items.len() != r.len {
                    return Err(PyErr::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new_items.len(),
                        r.len
                    )));
                }
                for (pos, v) in r.positions().zip(new_items) {
                    if let Some(slot) = items.get_mut(pos) {
                        *slot = v;
                    }
                }
                return Ok(());
            }
            let len = l.borrow().len();
            match resolve_index(key, len) {
                None => Err(index_type_error("list", key)),
                Some(Err(e)) => Err(e),
                Some(Ok(Index::At(i))) => {
                    let old = l
                        .borrow_mut()
                        .get_mut(i)
                        .map(|slot| std::mem::replace(slot, value));
                    drop(old);
                    Ok(())
                }
                Some(Ok(Index::OutOfRange)) => {
                    Err(PyErr::index_error("list assignment index out of range"))
                }
            }
        }
        Value::Dict(d) => crate::dict_shared::set(d, key.clone(), value),
        _ => Err(PyErr::type_error(format!(
            "'{}' object does not support item assignment",
            obj.type_name()
        ))),
    }
}

/// `del obj[key]`.
pub fn delitem(obj: &Value, key: &Value) -> PyResult<()> {
    match obj {
        Value::Instance(_) => {
            match crate::dunder::call_special(obj, "__delitem__", std::slice::from_ref(key)) {
                Some(r) => r.map(drop),
                None => Err(PyErr::type_error(format!(
                    "'{}' object does not support item deletion",
                    obj.type_name()
                ))),
            }
        }
        Value::List(l) => {
            let len = l.borrow().len();
            if let Value::Slice(sl) = key {
                let r = resolve_slice(sl, len)?;
                let mut positions: Vec<usize> = r.positions().collect();
                positions.sort_unstable();
                let removed: Vec<Value> = {
                    let mut items = l.borrow_mut();
                    let mut out = Vec::new();
                    for &p in positions.iter().rev() {
                        if p < items.len() {
                            out.push(items.remove(p));
                        }
                    }
                    out
                };
                drop(removed);
                return Ok(());
            }
            match resolve_index(key, len) {
                None => Err(index_type_error("list", key)),
                Some(Err(e)) => Err(e),
                Some(Ok(Index::At(i))) => {
                    let old = {
                        let mut items = l.borrow_mut();
                        (i < items.len()).then(|| items.remove(i))
                    };
                    drop(old);
                    Ok(())
                }
                Some(Ok(Index::OutOfRange)) => {
                    Err(PyErr::index_error("list assignment index out of range"))
                }
            }
        }
        Value::Dict(d) => {
            let old = crate::dict_shared::remove(d, key)?;
            match old {
                Some(v) => {
                    drop(v);
                    Ok(())
                }
                None => Err(PyErr::key_error(key)),
            }
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' object doesn't support item deletion",
            obj.type_name()
        ))),
    }
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Instance(_) => {
            if let Some(r) =
                crate::dunder::call_special(container, "__contains__", std::slice::from_ref(item))
            {
                return truthy(&r?);
            }
            let it = crate::iter::iter(container)?;
            while let Some(x) = crate::iter::next(&it)? {
                if crate::compare::is(&x, item)
                    || crate::compare::compare_bool(crate::compare::CmpOp::Eq, &x, item)?
                {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::List(l) => {
            let items = l.borrow().clone();
            Ok(items
                .iter()
                .any(|x| crate::compare::is(x, item) || crate::compare::py_eq(x, item)))
        }
        Value::Tuple(t) => Ok(t
            .iter()
            .any(|x| crate::compare::is(x, item) || crate::compare::py_eq(x, item))),
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.contains(sub.as_str())),
            _ => Err(PyErr::type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                item.type_name()
            ))),
        },
        Value::Dict(d) => crate::dict_shared::contains(d, item),
        Value::Set(_) | Value::FrozenSet(_) => crate::set::contains(container, item),
        Value::DictView(v) => match v.kind {
            ViewKind::Keys => crate::dict_shared::contains(&v.dict, item),
            ViewKind::Values => {
                let values = v.dict.borrow().values();
                Ok(values.iter().any(|x| crate::compare::py_eq(x, item)))
            }
            ViewKind::Items => {
                let Value::Tuple(pair) = item else {
                    return Ok(false);
                };
                let (Some(k), Some(val)) = (pair.first(), pair.get(1)) else {
                    return Ok(false);
                };
                if pair.len() != 2 {
                    return Ok(false);
                }
                let found = crate::dict_shared::get(&v.dict, k)?;
                Ok(found.is_some_and(|x| crate::compare::py_eq(&x, val)))
            }
        },
        Value::Range(r) => {
            let Some(i) = crate::int::as_int(item) else {
                let items = crate::iter::collect(container)?;
                return Ok(items.iter().any(|x| crate::compare::py_eq(x, item)));
            };
            let crate::int::IntRef::Small(i) = i else {
                return Ok(false);
            };
            let (lo, hi) = if r.step > 0 {
                (r.start, r.stop)
            } else {
                (r.stop, r.start)
            };
            let inside = if r.step > 0 {
                i >= lo && i < hi
            } else {
                i > lo && i <= hi
            };
            Ok(inside && (i as i128 - r.start as i128) % (r.step as i128) == 0)
        }
        Value::Bytes(b) => crate::bytes::contains(b, item),
        Value::Iter(_) => {
            while let Some(x) = crate::iter::next(container)? {
                if crate::compare::is(&x, item) || crate::compare::py_eq(&x, item) {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        // Any other iterable (a generator, dict views are above): search
        // its items, as CPython's `PySequence_Contains` falls back to.
        _ => {
            let Ok(it) = crate::iter::iter(container) else {
                return Err(PyErr::type_error(format!(
                    "argument of type '{}' is not iterable",
                    container.type_name()
                )));
            };
            while let Some(x) = crate::iter::next(&it)? {
                if crate::compare::is(&x, item)
                    || crate::compare::compare_bool(crate::compare::CmpOp::Eq, &x, item)?
                {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

//! Methods of list, dict and str, called directly (`call_method`) or
//! through a bound-method object (`xs.append`), with CPython's argument
//! errors.

use std::rc::Rc;

use crate::compare::{is, py_eq};
use crate::error::{PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::value::{DictView, Value, ViewKind};

const LIST_METHODS: &[&str] = &[
    "append", "pop", "extend", "insert", "index", "count", "reverse", "sort", "remove", "clear",
    "copy",
];
const DICT_METHODS: &[&str] = &[
    "get",
    "items",
    "keys",
    "values",
    "pop",
    "setdefault",
    "update",
    "clear",
    "copy",
    "popitem",
    "fromkeys",
];
const GENERATOR_METHODS: &[&str] = &["send", "throw", "close", "__next__", "__iter__"];
const CODE_METHODS: &[&str] = &["replace"];

/// An empty value of the builtin type called `type_name`, to look its
/// methods up with [`method_name`] (`None` for types without methods here).
pub fn sample_of(type_name: &str) -> Option<Value> {
    Some(match type_name {
        "list" => crate::ops::list(Vec::new()),
        "dict" => Value::Dict(Rc::new(std::cell::RefCell::new(crate::dict::Dict::new()))),
        "str" => Value::str_static(""),
        "tuple" => crate::ops::tuple(Vec::new()),
        "int" => Value::Int(0),
        "float" => Value::Float(0.0),
        "bool" => Value::Bool(false),
        "bytes" => Value::bytes_static(b""),
        "range" => Value::Range(Rc::new(crate::value::Range {
            start: 0,
            stop: 0,
            step: 1,
        })),
        "slice" => crate::ops::slice(Value::None, Value::None, Value::None),
        "set" => crate::set::set_of(Vec::new()).ok()?,
        "frozenset" => crate::set::frozenset_const(Vec::new()).ok()?,
        _ => return None,
    })
}

/// The `'static` name of the method `name` of the builtin type called
/// `type_name` (`str.lower`, `generator.send`).
pub fn type_method_name(type_name: &str, name: &str) -> Option<&'static str> {
    let table: &[&'static str] = match type_name {
        "generator" => GENERATOR_METHODS,
        "dict_keys" | "dict_items" => &["isdisjoint"],
        other => return sample_of(other).and_then(|s| method_name(&s, name)),
    };
    table.iter().copied().find(|m| *m == name)
}

/// `type.method(obj, *args)`: a method of a builtin type called through
/// the type (`str.lower('A')`, `sorted(xs, key=str.lower)`), with CPython's
/// errors for a missing or wrongly typed receiver.
pub fn call_unbound(
    type_name: &str,
    name: &str,
    args: &[Value],
    kwnames: &[&str],
) -> PyResult<Value> {
    if let Some(r) = class_method(type_name, name, args, kwnames) {
        return r;
    }
    let npos = args.len().saturating_sub(kwnames.len());
    let Some(receiver) = args.first().filter(|_| npos > 0) else {
        return Err(PyErr::type_error(format!(
            "unbound method {type_name}.{name}() needs an argument"
        )));
    };
    let fits = match (type_name, receiver) {
        ("int", Value::Bool(_)) => true,
        (t, v) => v.type_name() == t,
    };
    if !fits {
        return Err(PyErr::type_error(format!(
            "descriptor '{name}' for '{type_name}' objects doesn't apply to a '{}' object",
            receiver.type_name()
        )));
    }
    match call_method_kw(receiver, name, args.get(1..).unwrap_or(&[]), kwnames) {
        Some(r) => r,
        None => Err(PyErr::no_attribute(receiver, name)),
    }
}

/// The static and class methods of builtin types (`str.maketrans`,
/// `dict.fromkeys`, `int.from_bytes`, ...), called through the type or an
/// instance: `None` when `name` is not one.
pub(crate) fn class_method(
    type_name: &str,
    name: &str,
    args: &[Value],
    kwnames: &[&str],
) -> Option<PyResult<Value>> {
    let a = Args::new(args, kwnames);
    match (type_name, name) {
        ("str", "maketrans") => Some(crate::str_methods::maketrans(&a)),
        ("bytes", "maketrans") => Some(crate::bytes::maketrans(&a)),
        ("bytes", "fromhex") => Some(crate::bytes::fromhex(&a)),
        ("dict", "fromkeys") => Some(crate::seq_methods::dict_fromkeys(&a)),
        ("int", "from_bytes") => Some(crate::num_methods::from_bytes(&a)),
        ("bool", "from_bytes") => Some(
            crate::num_methods::from_bytes(&a)
                .and_then(|v| crate::ops::truthy(&v))
                .map(Value::Bool),
        ),
        ("float", "fromhex") => Some(crate::num_methods::fromhex(&a)),
        _ => None,
    }
}

/// The `'static` name of a method that `obj` has.
pub fn method_name(obj: &Value, name: &str) -> Option<&'static str> {
    let table = match obj {
        Value::List(_) => LIST_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Str(_) => crate::str_methods::METHODS,
        Value::Bytes(_) => crate::bytes::METHODS,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => crate::num_methods::INT_METHODS,
        Value::Float(_) => crate::num_methods::FLOAT_METHODS,
        Value::Tuple(_) | Value::Range(_) => &["count", "index"],
        Value::Slice(_) => &["indices"],
        Value::DictView(v) if v.kind != ViewKind::Values => &["isdisjoint"],
        Value::Set(_) | Value::FrozenSet(_) => return crate::set::method_name(obj, name),
        Value::Generator(_) => GENERATOR_METHODS,
        Value::Code(_) => CODE_METHODS,
        _ => return None,
    };
    table.iter().copied().find(|m| *m == name)
}

/// Positional and keyword arguments of a method call.
pub struct Args<'a> {
    /// Positional arguments.
    pub pos: &'a [Value],
    /// Keyword arguments.
    pub kw: Vec<(&'a str, &'a Value)>,
}

impl<'a> Args<'a> {
    /// Splits `args` by `kwnames` (the last `kwnames.len()` are keywords).
    pub fn new(args: &'a [Value], kwnames: &'a [&'a str]) -> Args<'a> {
        let n = args.len().saturating_sub(kwnames.len());
        let (pos, kwvals) = args.split_at(n);
        Args {
            pos,
            kw: kwnames.iter().copied().zip(kwvals).collect(),
        }
    }

    /// Positional argument `i`.
    pub fn get(&self, i: usize) -> Option<&'a Value> {
        self.pos.get(i)
    }

    /// Keyword argument `name`.
    pub fn kwarg(&self, name: &str) -> Option<&'a Value> {
        self.kw.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    pub(crate) fn no_kw(&self, qual: &str) -> PyResult<()> {
        if self.kw.is_empty() {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "{qual}() takes no keyword arguments"
            )))
        }
    }

    /// METH_O: `list.append() takes exactly one argument (0 given)`.
    pub(crate) fn one(&self, qual: &str) -> PyResult<&'a Value> {
        self.no_kw(qual)?;
        match self.pos {
            [x] => Ok(x),
            _ => Err(PyErr::type_error(format!(
                "{qual}() takes exactly one argument ({} given)",
                self.pos.len()
            ))),
        }
    }

    /// METH_NOARGS: `list.reverse() takes no arguments (1 given)`.
    pub(crate) fn none(&self, qual: &str) -> PyResult<()> {
        self.no_kw(qual)?;
        if self.pos.is_empty() {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "{qual}() takes no arguments ({} given)",
                self.pos.len()
            )))
        }
    }

    /// `_PyArg_CheckPositional`: `pop expected at most 1 argument, got 2`.
    pub fn range(&self, name: &str, qual: &str, min: usize, max: usize) -> PyResult<()> {
        self.no_kw(qual)?;
        let n = self.pos.len();
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        if n < min {
            let msg = if min == max {
                format!("{name} expected {min} argument{}, got {n}", plural(min))
            } else {
                format!(
                    "{name} expected at least {min} argument{}, got {n}",
                    plural(min)
                )
            };
            return Err(PyErr::type_error(msg));
        }
        if n > max {
            let msg = if min == max {
                format!("{name} expected {max} argument{}, got {n}", plural(max))
            } else {
                format!(
                    "{name} expected at most {max} argument{}, got {n}",
                    plural(max)
                )
            };
            return Err(PyErr::type_error(msg));
        }
        Ok(())
    }
}

/// An index argument: `TypeError: 'str' object cannot be interpreted as an integer`
/// (an object with `__index__` is asked for its int).
pub fn as_index(v: &Value) -> PyResult<i64> {
    if let Value::Instance(_) = v {
        return as_index(&crate::builtins_num::index_value(v)?);
    }
    match as_int(v) {
        Some(IntRef::Small(i)) => Ok(i),
        Some(IntRef::Big(b)) => Ok(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        }),
        None => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))),
    }
}

/// Calls `obj.name(...)` for list, dict and str methods (`None`: not one of them).
pub fn call_method_kw(
    obj: &Value,
    name: &str,
    args: &[Value],
    kwnames: &[&str],
) -> Option<PyResult<Value>> {
    if matches!(name, "maketrans" | "fromkeys" | "from_bytes" | "fromhex")
        && !matches!(obj, Value::Instance(_))
    {
        if let Some(r) = class_method(obj.type_name().as_str(), name, args, kwnames) {
            return Some(r);
        }
    }
    let a = Args::new(args, kwnames);
    match obj {
        Value::List(_) => list_method(obj, name, &a),
        Value::Dict(_) => dict_method(obj, name, &a),
        Value::Str(s) => crate::text::str_method(s, name, &a),
        Value::Bytes(b) => crate::bytes::call_method(b, name, &a),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            crate::num_methods::int_method(as_int(obj)?, name, &a)
        }
        Value::Float(x) => crate::num_methods::float_method(*x, name, &a),
        Value::Tuple(t) => crate::seq_methods::tuple_method(t, name, &a),
        Value::Range(r) => crate::seq_methods::range_method(r, name, &a),
        Value::DictView(_) => crate::seq_methods::view_method(obj, name, &a),
        Value::Slice(s) => match name {
            "indices" => Some(crate::slice_type::indices(s, &a)),
            _ => None,
        },
        Value::Set(_) | Value::FrozenSet(_) => crate::set::call_method(obj, name, &a),
        Value::Generator(g) => generator_method(obj, g, name, &a),
        Value::Code(c) => match name {
            "replace" => Some(crate::code_new::replace(c, &a)),
            _ => None,
        },
        Value::Descriptor(d) => property_method(d, name, &a),
        _ => None,
    }
}

/// `property.setter(f)`, `.getter(f)`, `.deleter(f)`: a copy of the
/// property with that accessor replaced (the decorator form
/// `@x.setter`).
fn property_method(
    d: &crate::descriptor::Descriptor,
    name: &str,
    a: &Args<'_>,
) -> Option<PyResult<Value>> {
    let crate::descriptor::Descriptor::Property(p) = d else {
        return None;
    };
    if !matches!(name, "setter" | "getter" | "deleter") {
        return None;
    }
    Some((|| {
        let f = a.one(&format!("property.{name}"))?.clone();
        let (fget, fset, fdel) = match name {
            "getter" => (f, p.fset.clone(), p.fdel.clone()),
            "setter" => (p.fget.clone(), f, p.fdel.clone()),
            _ => (p.fget.clone(), p.fset.clone(), f),
        };
        // The copy keeps the docstring unless it came from the old getter.
        let doc = p.doc.borrow().clone();
        Ok(crate::descriptor::property(fget, fset, fdel, doc))
    })())
}

fn generator_method(
    obj: &Value,
    g: &crate::vm::Generator,
    name: &str,
    a: &Args<'_>,
) -> Option<PyResult<Value>> {
    // `__next__` and `__iter__` are slot wrappers: no name in their errors.
    let wrapper_no_args = || -> PyResult<()> {
        match (a.pos.len(), a.kw.is_empty()) {
            (0, true) => Ok(()),
            (n, _) => Err(PyErr::type_error(format!(
                "expected 0 arguments, got {}",
                n + a.kw.len()
            ))),
        }
    };
    Some((|| match name {
        "send" => g.send(a.one("generator.send")?.clone()),
        "__next__" => {
            wrapper_no_args()?;
            g.send(Value::None)
        }
        "__iter__" => {
            wrapper_no_args()?;
            Ok(obj.clone())
        }
        "close" => {
            a.none("generator.close")?;
            g.close().map(|()| Value::None)
        }
        "throw" => {
            a.no_kw("generator.throw")?;
            let err = crate::vm::throw_args(a.pos)?;
            g.throw(err)
        }
        _ => Err(PyErr::no_attribute(obj, name)),
    })())
}

fn list_method(obj: &Value, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let Value::List(l) = obj else {
        return None;
    };
    Some((|| -> PyResult<Value> {
        match name {
            "append" => {
                let x = a.one("list.append")?;
                l.borrow_mut().push(x.clone());
                Ok(Value::None)
            }
            "extend" => {
                let x = a.one("list.extend")?;
                crate::ops::list_extend(obj, x)?;
                Ok(Value::None)
            }
            "pop" => {
                a.range("pop", "list.pop", 0, 1)?;
                let index = match a.get(0) {
                    Some(v) => as_index(v)?,
                    None => -1,
                };
                let mut items = l.borrow_mut();
                if items.is_empty() {
                    return Err(PyErr::index_error("pop from empty list"));
                }
                let len = items.len() as i64;
                let i = if index < 0 { index + len } else { index };
                if i < 0 || i >= len {
                    return Err(PyErr::index_error("pop index out of range"));
                }
                Ok(items.remove(i as usize))
            }
            "insert" => {
                a.range("insert", "list.insert", 2, 2)?;
                let (Some(i), Some(x)) = (a.get(0), a.get(1)) else {
                    return Ok(Value::None);
                };
                let index = as_index(i)?;
                let mut items = l.borrow_mut();
                let len = items.len() as i64;
                let pos = if index < 0 {
                    (index + len).max(0)
                } else {
                    index.min(len)
                };
                items.insert(pos as usize, x.clone());
                Ok(Value::None)
            }
            "index" => {
                a.range("index", "list.index", 1, 3)?;
                let Some(x) = a.get(0) else {
                    return Ok(Value::None);
                };
                let items = l.borrow().clone();
                let len = items.len() as i64;
                let clamp = |v: Option<&Value>, default: i64| -> PyResult<i64> {
                    Ok(match v {
                        Some(v) => {
                            let i = as_index(v)?;
                            if i < 0 {
                                (i + len).max(0)
                            } else {
                                i.min(len)
                            }
                        }
                        None => default,
                    })
                };
                let start = clamp(a.get(1), 0)?;
                let stop = clamp(a.get(2), len)?;
                for i in start..stop {
                    if let Some(item) = items.get(i as usize) {
                        if is(item, x) || py_eq(item, x) {
                            return Ok(Value::Int(i));
                        }
                    }
                }
                Err(PyErr::value_error(format!("{} is not in list", x.repr())))
            }
            "count" => {
                let x = a.one("list.count")?;
                let items = l.borrow().clone();
                Ok(Value::Int(
                    items.iter().filter(|i| is(i, x) || py_eq(i, x)).count() as i64,
                ))
            }
            "remove" => {
                let x = a.one("list.remove")?;
                let items = l.borrow().clone();
                match items.iter().position(|i| is(i, x) || py_eq(i, x)) {
                    Some(p) => {
                        let old = {
                            let mut items = l.borrow_mut();
                            (p < items.len()).then(|| items.remove(p))
                        };
                        drop(old);
                        Ok(Value::None)
                    }
                    None => Err(PyErr::value_error("list.remove(x): x not in list")),
                }
            }
            "reverse" => {
                a.none("list.reverse")?;
                l.borrow_mut().reverse();
                Ok(Value::None)
            }
            "clear" => {
                a.none("list.clear")?;
                let old = std::mem::take(&mut *l.borrow_mut());
                drop(old);
                Ok(Value::None)
            }
            "copy" => {
                a.none("list.copy")?;
                Ok(crate::ops::list(l.borrow().clone()))
            }
            "sort" => {
                if !a.pos.is_empty() {
                    return Err(PyErr::type_error("sort() takes no positional arguments"));
                }
                let (key, reverse) = sort_options(a, "sort")?;
                let items = std::mem::take(&mut *l.borrow_mut());
                let result = crate::sort::sort_values(items.clone(), key.as_ref(), reverse);
                match result {
                    Ok(sorted) => {
                        *l.borrow_mut() = sorted;
                        Ok(Value::None)
                    }
                    Err(e) => {
                        *l.borrow_mut() = items;
                        Err(e)
                    }
                }
            }
            _ => Err(PyErr::no_attribute(obj, name)),
        }
    })())
}

/// `key=` and `reverse=` of `sort` / `sorted`.
pub fn sort_options(a: &Args<'_>, fname: &str) -> PyResult<(Option<Value>, bool)> {
    let mut key = None;
    let mut reverse = false;
    for (k, v) in &a.kw {
        match *k {
            "key" => {
                if !matches!(v, Value::None) {
                    key = Some((*v).clone());
                }
            }
            "reverse" => reverse = crate::ops::truthy(v)?,
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    Ok((key, reverse))
}

fn dict_method(obj: &Value, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let Value::Dict(d) = obj else {
        return None;
    };
    Some((|| -> PyResult<Value> {
        let view = |kind| {
            Value::DictView(Rc::new(DictView {
                dict: d.clone(),
                kind,
            }))
        };
        match name {
            "get" => {
                a.range("get", "dict.get", 1, 2)?;
                let Some(k) = a.get(0) else {
                    return Ok(Value::None);
                };
                let found = crate::dict_shared::get(d, k)?;
                Ok(found.unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
            }
            "items" => {
                a.none("dict.items")?;
                Ok(view(ViewKind::Items))
            }
            "keys" => {
                a.none("dict.keys")?;
                Ok(view(ViewKind::Keys))
            }
            "values" => {
                a.none("dict.values")?;
                Ok(view(ViewKind::Values))
            }
            "pop" => {
                a.range("pop", "dict.pop", 1, 2)?;
                let Some(k) = a.get(0) else {
                    return Ok(Value::None);
                };
                let removed = crate::dict_shared::remove(d, k)?;
                match (removed, a.get(1)) {
                    (Some(v), _) => Ok(v),
                    (None, Some(default)) => Ok(default.clone()),
                    (None, None) => Err(PyErr::key_error(k)),
                }
            }
            "setdefault" => {
                a.range("setdefault", "dict.setdefault", 1, 2)?;
                let Some(k) = a.get(0) else {
                    return Ok(Value::None);
                };
                let found = crate::dict_shared::get(d, k)?;
                match found {
                    Some(v) => Ok(v),
                    None => {
                        let default = a.get(1).cloned().unwrap_or(Value::None);
                        crate::dict_shared::set(d, k.clone(), default.clone())?;
                        Ok(default)
                    }
                }
            }
            "update" => {
                if a.pos.len() > 1 {
                    return Err(PyErr::type_error(format!(
                        "update expected at most 1 argument, got {}",
                        a.pos.len()
                    )));
                }
                if let Some(src) = a.get(0) {
                    update_from(obj, src)?;
                }
                for (k, v) in &a.kw {
                    d.borrow_mut().set(Value::str(*k), (*v).clone())?;
                }
                Ok(Value::None)
            }
            "clear" => {
                a.none("dict.clear")?;
                let old = std::mem::take(&mut *d.borrow_mut());
                drop(old);
                Ok(Value::None)
            }
            "copy" => {
                a.none("dict.copy")?;
                let copy = d.borrow().clone();
                Ok(crate::ops::dict_value(copy))
            }
            "popitem" => {
                a.none("dict.popitem")?;
                let last = d.borrow_mut().pop_last();
                match last {
                    Some((k, v)) => Ok(crate::ops::tuple(vec![k, v])),
                    None => Err(PyErr::new(
                        crate::error::ExcType::KeyError,
                        "'popitem(): dictionary is empty'",
                    )),
                }
            }
            _ => Err(PyErr::no_attribute(obj, name)),
        }
    })())
}

/// `dict.update(src)` / `dict(src)`: a dict, or an iterable of pairs with
/// CPython's errors.
pub fn update_from(target: &Value, src: &Value) -> PyResult<()> {
    if let Value::Dict(_) = src {
        return crate::ops::dict_update(target, src);
    }
    let Value::Dict(d) = target else {
        return Ok(());
    };
    let items = crate::iter::collect(src)?;
    for (i, item) in items.iter().enumerate() {
        let pair = crate::iter::collect(item).map_err(|_| {
            PyErr::type_error(format!(
                "cannot convert dictionary update sequence element #{i} to a sequence"
            ))
        })?;
        match pair.as_slice() {
            [k, v] => crate::dict_shared::set(d, k.clone(), v.clone())?,
            _ => {
                return Err(PyErr::value_error(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                )))
            }
        }
    }
    Ok(())
}

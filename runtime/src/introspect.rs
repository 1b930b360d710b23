//! `dir(obj)` and `vars(obj)`: the sorted attribute names of a module, a
//! class (its namespace and its bases', builtin classes from CPython's
//! tables in `dir_tables.rs`), an instance (its `__dict__` and its
//! class's), or a value of a builtin type; and an object's `__dict__`.
//!
//! Without an argument both need the caller's local namespace, which a
//! builtin does not see: they raise `NotImplementedError` saying so.
//!
//! ```
//! use py_fn_runtime::{builtin, call, Value};
//! let dir = builtin("dir").unwrap();
//! let names = call(&dir, &[Value::list([])]).unwrap();
//! assert!(names.repr().contains("'append', 'clear', 'copy'"));
//! ```

use std::collections::BTreeSet;

use crate::class::{BuiltinClass, Class};
use crate::error::{ExcType, PyErr, PyResult};
use crate::methods::Args;
use crate::value::{Shared, Value};

/// The names in the `__dict__` of the builtin type called `name`, and
/// its base's name.
fn type_dict(name: &str) -> Option<(&'static str, &'static [&'static str])> {
    crate::dir_tables::TYPE_DICTS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, base, names)| (base, names))
}

/// Adds the names of the builtin type `name` and of its bases.
fn add_builtin_type(out: &mut BTreeSet<String>, name: &str) {
    let mut next = Some(name);
    while let Some(n) = next.filter(|n| !n.is_empty()) {
        let Some((base, names)) = type_dict(n) else {
            break;
        };
        out.extend(names.iter().map(|s| s.to_string()));
        next = Some(base);
    }
}

/// `dir(cls)`: the namespaces along the class's MRO.
fn add_class(out: &mut BTreeSet<String>, class: &Shared<Class>) {
    let mut user = false;
    for c in class.mro() {
        match c.builtin() {
            Some(BuiltinClass::Object) => add_builtin_type(out, "object"),
            Some(BuiltinClass::Exc(t)) => add_builtin_type(out, t.name()),
            Some(BuiltinClass::Namespace) => add_builtin_type(out, "SimpleNamespace"),
            None => {
                user = true;
                for k in c.dict().borrow().keys() {
                    if let Value::Str(s) = k {
                        out.insert(s.as_ref().clone());
                    }
                }
            }
        }
    }
    if user {
        // The descriptors `type_new` adds to a class deriving from
        // `object` (py_fn keeps them out of the namespace).
        out.insert("__dict__".to_string());
        out.insert("__weakref__".to_string());
    }
}

fn add_dict_keys(out: &mut BTreeSet<String>, d: &Value) {
    if let Value::Dict(d) = d {
        for k in d.borrow().keys() {
            if let Value::Str(s) = k {
                out.insert(s.as_ref().clone());
            }
        }
    }
}

/// `dir(obj)` as a sorted list of str.
///
/// ```
/// use py_fn_runtime::{dir_of, Value};
/// let names = dir_of(&Value::Int(1)).unwrap();
/// assert!(names.repr().contains("'bit_length', 'conjugate', 'denominator'"));
/// ```
pub fn dir_of(obj: &Value) -> PyResult<Value> {
    if let Value::Instance(_) = obj {
        let own_dir = crate::dunder::lookup_special(obj, "__dir__")
            .filter(|m| !matches!(m, Value::Builtin(_)));
        if own_dir.is_some() {
            if let Some(r) = crate::dunder::call_special(obj, "__dir__", &[]) {
                let mut names = crate::iter::collect(&r?)?;
                names = crate::sort::sort_values(names, None, false)?;
                return Ok(crate::ops::list(names));
            }
        }
    }
    let mut out = BTreeSet::new();
    match obj {
        Value::Module(m) => {
            add_dict_keys(&mut out, &Value::Dict(m.dict().clone()));
        }
        Value::Class(c) => add_class(&mut out, c),
        Value::Instance(i) => {
            add_dict_keys(&mut out, &Value::Dict(i.dict().clone()));
            add_class(&mut out, i.class());
        }
        Value::Function(f) => {
            add_builtin_type(&mut out, "function");
            add_dict_keys(&mut out, &f.attrs_value());
        }
        Value::Builtin(b) if b.is_type => add_builtin_type(&mut out, b.name),
        other => add_builtin_type(&mut out, other.type_name().as_str()),
    }
    Ok(crate::ops::list(out.into_iter().map(Value::str).collect()))
}

/// `dir([object])`.
pub(crate) fn b_dir(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    a.range("dir", "dir", 0, 1)?;
    match a.get(0) {
        Some(obj) => dir_of(obj),
        None => Err(PyErr::new(
            ExcType::NotImplementedError,
            "dir() without an argument is not supported by py_fn: a builtin cannot see the caller's local names",
        )),
    }
}

/// `vars([object])`: `object.__dict__`.
pub(crate) fn b_vars(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    a.range("vars", "vars", 0, 1)?;
    let Some(obj) = a.get(0) else {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            "vars() without an argument is not supported by py_fn: a builtin cannot see the caller's local names",
        ));
    };
    match crate::attr::getattr(obj, "__dict__") {
        Ok(d) => Ok(d),
        Err(e) if e.matches(ExcType::AttributeError) => Err(PyErr::type_error(
            "vars() argument must have __dict__ attribute",
        )),
        Err(e) => Err(e),
    }
}

//! The builtins about classes and attributes: `type`, `isinstance`,
//! `issubclass`, `super`, `getattr`, `hasattr`, `setattr`, `delattr`,
//! `property`, `staticmethod`, `classmethod`, `id`, `globals`,
//! `__build_class__`, and the builtin names that are not functions
//! (`object`, the exception classes, `NotImplemented`, `Ellipsis`).

use crate::builtins::{builtin_by_name, Builtin};
use crate::error::{ExcType, PyErr, PyResult};
use crate::methods::Args;
use crate::value::Value;

/// The builtin names that are not [`Builtin`]s: `object`, the exception
/// classes, `NotImplemented`, `Ellipsis`.
pub fn builtin_object(name: &str) -> Option<Value> {
    match name {
        "object" => Some(Value::Class(crate::class::object_class())),
        "NotImplemented" => Some(Value::NotImplemented),
        "Ellipsis" => Some(Value::Ellipsis),
        "__debug__" => Some(Value::Bool(true)),
        "True" => Some(Value::Bool(true)),
        "False" => Some(Value::Bool(false)),
        "None" => Some(Value::None),
        _ => ExcType::by_name(name).map(|t| Value::Class(crate::class::exc_class(t))),
    }
}

/// `{name} expected {n} arguments, got {m}` (`_PyArg_CheckPositional`).
fn expect_args(a: &Args<'_>, name: &str, min: usize, max: usize) -> PyResult<()> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    let n = a.pos.len();
    if n < min || n > max {
        let (which, count) = if n < min {
            (if min == max { "" } else { "at least " }, min)
        } else {
            (if min == max { "" } else { "at most " }, max)
        };
        return Err(PyErr::type_error(format!(
            "{name} expected {which}{count} argument{}, got {n}",
            if count == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// An attribute name argument: `attribute name must be string, not 'int'`.
fn attr_name(v: &Value) -> PyResult<&str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

/// The builtin type objects that are not in the builtins namespace
/// (`type(f)`, `types.FunctionType`).
static TYPE_OBJECTS: &[Builtin] = &[
    Builtin {
        name: "NoneType",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "function",
        func: crate::code_new::function_new,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "code",
        func: crate::code_new::code_new,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "cell",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "builtin_function_or_method",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "method",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "method-wrapper",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "module",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "NotImplementedType",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "ellipsis",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "super",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "generator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "list_iterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "tuple_iterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "str_ascii_iterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "range_iterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_keys",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_values",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_items",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "list_reverseiterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "callable_iterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_reversekeyiterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_reversevalueiterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
    Builtin {
        name: "dict_reverseitemiterator",
        func: no_instances,
        is_type: true,
        binds: false,
    },
];

fn no_instances(_args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    Err(PyErr::type_error("cannot create instances of this type"))
}

/// A builtin type object by `__name__`: the builtins namespace's types
/// (`int`) and the others (`TYPE_OBJECTS`).
pub fn type_object(name: &str) -> Option<&'static Builtin> {
    builtin_by_name(name)
        .filter(|b| b.is_type)
        .or_else(|| TYPE_OBJECTS.iter().find(|b| b.name == name))
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Value {
    match v {
        Value::Instance(i) => Value::Class(i.class().clone()),
        Value::Class(_) => builtin_type("type"),
        other => match type_object(other.type_name().as_str()) {
            Some(b) => Value::Builtin(b),
            None => builtin_type("object"),
        },
    }
}

fn builtin_type(name: &str) -> Value {
    match type_object(name) {
        Some(b) => Value::Builtin(b),
        None => Value::Class(crate::class::object_class()),
    }
}

pub(crate) fn b_type(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    match (a.pos, a.kw.is_empty()) {
        ([v], true) => Ok(type_of(v)),
        ([name, bases, ns], true) => {
            let Value::Str(name) = name else {
                return Err(PyErr::type_error(format!(
                    "type.__new__() argument 1 must be str, not {}",
                    name.type_name()
                )));
            };
            let Value::Tuple(bases) = bases else {
                return Err(PyErr::type_error(format!(
                    "type.__new__() argument 2 must be tuple, not {}",
                    bases.type_name()
                )));
            };
            let Value::Dict(ns) = ns else {
                return Err(PyErr::type_error(format!(
                    "type.__new__() argument 3 must be dict, not {}",
                    ns.type_name()
                )));
            };
            let mut classes = Vec::new();
            for b in bases.iter() {
                match b {
                    Value::Class(c) => classes.push(c.clone()),
                    other => {
                        return Err(PyErr::new(
                            ExcType::NotImplementedError,
                            format!(
                                "a base of type '{}' is not supported by py_fn",
                                other.type_name()
                            ),
                        ))
                    }
                }
            }
            let dict = ns.borrow().clone();
            let mut dict = dict;
            if dict.get_str("__module__").is_none() {
                if let Some(g) = crate::globals::current_globals() {
                    if let Some(m) = g.get("__name__") {
                        dict.set_str("__module__", m);
                    }
                }
            }
            Ok(Value::Class(crate::class::new_class(name, classes, dict)?))
        }
        _ => Err(PyErr::type_error("type() takes 1 or 3 arguments")),
    }
}

/// `isinstance(v, cls)` for one class (not a tuple).
fn is_instance_of(v: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Class(c) => Ok(match v {
            Value::Instance(i) => i.class().is_subclass(c),
            _ => c.builtin() == Some(crate::class::BuiltinClass::Object),
        }),
        Value::Builtin(b) if b.is_type => Ok(match (b.name, v) {
            ("object", _) => true,
            ("int", Value::Bool(_)) => true,
            ("type", Value::Class(_)) => true,
            ("type", Value::Builtin(t)) => t.is_type,
            (name, v) => v.type_name() == name,
        }),
        Value::Tuple(items) => {
            for c in items.iter() {
                if is_instance_of(v, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

/// `isinstance(v, cls)`.
pub fn isinstance(v: &Value, cls: &Value) -> PyResult<bool> {
    is_instance_of(v, cls)
}

pub(crate) fn b_isinstance(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "isinstance", 2, 2)?;
    match a.pos {
        [v, cls] => Ok(Value::Bool(is_instance_of(v, cls)?)),
        _ => Ok(Value::Bool(false)),
    }
}

/// `issubclass(c, cls)`.
fn is_subclass_of(c: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Tuple(items) => {
            for k in items.iter() {
                if is_subclass_of(c, k)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Class(k) => match c {
            Value::Class(x) => Ok(x.is_subclass(k)),
            Value::Builtin(b) if b.is_type => {
                Ok(k.builtin() == Some(crate::class::BuiltinClass::Object))
            }
            _ => Err(PyErr::type_error("issubclass() arg 1 must be a class")),
        },
        Value::Builtin(k) if k.is_type => match c {
            Value::Class(_) => Ok(k.name == "object"),
            Value::Builtin(b) if b.is_type => {
                Ok(b.name == k.name || k.name == "object" || (b.name == "bool" && k.name == "int"))
            }
            _ => Err(PyErr::type_error("issubclass() arg 1 must be a class")),
        },
        _ => Err(PyErr::type_error(
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        )),
    }
}

pub(crate) fn b_issubclass(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "issubclass", 2, 2)?;
    match a.pos {
        [c, cls] => {
            if !matches!(c, Value::Class(_)) && !matches!(c, Value::Builtin(b) if b.is_type) {
                return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
            }
            Ok(Value::Bool(is_subclass_of(c, cls)?))
        }
        _ => Ok(Value::Bool(false)),
    }
}

pub(crate) fn b_getattr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "getattr", 2, 3)?;
    let (obj, name) = match a.pos {
        [obj, name, ..] => (obj, attr_name(name)?),
        _ => return Ok(Value::None),
    };
    match (crate::attr::getattr(obj, name), a.pos.get(2)) {
        (Err(e), Some(default)) if e.matches(ExcType::AttributeError) => Ok(default.clone()),
        (r, _) => r,
    }
}

pub(crate) fn b_hasattr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "hasattr", 2, 2)?;
    let [obj, name] = a.pos else {
        return Ok(Value::Bool(false));
    };
    match crate::attr::getattr(obj, attr_name(name)?) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.matches(ExcType::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

pub(crate) fn b_setattr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "setattr", 3, 3)?;
    let [obj, name, value] = a.pos else {
        return Ok(Value::None);
    };
    crate::attr::setattr(obj, attr_name(name)?, value.clone())?;
    Ok(Value::None)
}

pub(crate) fn b_delattr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "delattr", 2, 2)?;
    let [obj, name] = a.pos else {
        return Ok(Value::None);
    };
    crate::attr::delattr(obj, attr_name(name)?)?;
    Ok(Value::None)
}

pub(crate) fn b_id(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if !a.kw.is_empty() {
        return Err(PyErr::type_error("id() takes no keyword arguments"));
    }
    match a.pos {
        [v] => Ok(Value::Int(v.address() as i64)),
        _ => Err(PyErr::type_error(format!(
            "id() takes exactly one argument ({} given)",
            a.pos.len()
        ))),
    }
}

pub(crate) fn b_staticmethod(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "staticmethod", 1, 1)?;
    Ok(crate::descriptor::staticmethod(
        a.pos.first().cloned().unwrap_or(Value::None),
    ))
}

pub(crate) fn b_classmethod(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    expect_args(&a, "classmethod", 1, 1)?;
    Ok(crate::descriptor::classmethod(
        a.pos.first().cloned().unwrap_or(Value::None),
    ))
}

pub(crate) fn b_property(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if a.pos.len() > 4 {
        return Err(PyErr::type_error(format!(
            "property() takes at most 4 arguments ({} given)",
            a.pos.len()
        )));
    }
    let names = ["fget", "fset", "fdel", "doc"];
    for (k, _) in &a.kw {
        if !names.contains(k) {
            return Err(PyErr::type_error(format!(
                "property() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    let arg = |i: usize| {
        a.get(i)
            .or_else(|| names.get(i).and_then(|n| a.kwarg(n)))
            .cloned()
            .unwrap_or(Value::None)
    };
    Ok(crate::descriptor::property(arg(0), arg(1), arg(2), arg(3)))
}

pub(crate) fn b_super(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if !a.kw.is_empty() {
        return Err(PyErr::type_error("super() takes no keyword arguments"));
    }
    match a.pos {
        [] => Err(PyErr::new(ExcType::RuntimeError, "super(): no arguments")),
        [cls, obj] => crate::descriptor::new_super(cls, obj),
        [cls] => match cls {
            Value::Class(_) => Err(PyErr::new(
                ExcType::NotImplementedError,
                "unbound super objects are not supported by py_fn",
            )),
            other => Err(PyErr::type_error(format!(
                "super() argument 1 must be a type, not {}",
                other.type_name()
            ))),
        },
        _ => Err(PyErr::type_error(format!(
            "super() takes at most 2 arguments ({} given)",
            a.pos.len()
        ))),
    }
}

pub(crate) fn b_globals(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if !a.kw.is_empty() {
        return Err(PyErr::type_error("globals() takes no keyword arguments"));
    }
    if !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "globals() takes no arguments ({} given)",
            a.pos.len()
        )));
    }
    match crate::globals::current_globals() {
        Some(g) => Ok(g.to_value()),
        None => Err(PyErr::new(
            ExcType::SystemError,
            "globals(): no current module",
        )),
    }
}

pub(crate) fn b_build_class(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    crate::class::build_class(args, kw)
}

/// Whether `v` is callable (`callable(v)`).
pub fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Class(_)
        | Value::Bound(_) => true,
        Value::Descriptor(d) => matches!(&**d, crate::descriptor::Descriptor::Static(_)),
        Value::Instance(_) => crate::dunder::lookup_special(v, "__call__").is_some(),
        _ => false,
    }
}

/// `super()` called with no arguments where the caller knows its
/// `__class__` cell and first argument (generated code and the
/// interpreter pass them): zero-argument `super` when `callee` is the
/// builtin, else `callee()`.
pub fn call_super(
    callee: &Value,
    class_cell: Option<&crate::cell::CellRef>,
    first: Option<&Value>,
) -> PyResult<Value> {
    match callee {
        Value::Builtin(b) if b.is_type && b.name == "super" => {
            crate::descriptor::zero_arg_super(class_cell, first)
        }
        other => crate::call::call(other, &[]),
    }
}

/// `globals()` called with no arguments in a module whose namespace is
/// `g`: that namespace when `callee` is the builtin, else `callee()`.
pub fn call_globals(callee: &Value, g: &crate::globals::Globals) -> PyResult<Value> {
    match callee {
        Value::Builtin(b) if !b.is_type && b.name == "globals" => Ok(g.to_value()),
        other => crate::call::call(other, &[]),
    }
}

/// The builtin called `name` as a value: a function (`len`), a type
/// (`list`), a class (`ValueError`, `object`) or a constant
/// (`NotImplemented`).
///
/// ```
/// use py_fn_runtime::{builtin, call, Value};
/// let list = builtin("list").unwrap();
/// let l = call(&list, &[Value::str("ab")]).unwrap();
/// assert_eq!(l.repr(), "['a', 'b']");
/// assert_eq!(builtin("ValueError").unwrap().repr(), "<class 'ValueError'>");
/// assert!(builtin("no_such_builtin").is_none());
/// ```
pub fn builtin(name: &str) -> Option<Value> {
    match builtin_by_name(name) {
        Some(b) => Some(Value::Builtin(b)),
        None => builtin_object(name),
    }
}

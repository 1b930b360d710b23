//! Attribute access (`LOAD_ATTR` / `STORE_ATTR`) on functions, code
//! objects, cells and the methods of builtin types.

use std::rc::Rc;

use crate::error::{ExcType, PyErr, PyResult};
use crate::value::{BoundMethod, Value};

fn readonly() -> PyErr {
    PyErr::new(ExcType::AttributeError, "readonly attribute")
}

/// `obj.name`.
pub fn getattr(obj: &Value, name: &str) -> PyResult<Value> {
    match obj {
        Value::Instance(inst) => return crate::object_attr::instance_getattr(obj, inst, name),
        Value::Class(class) => return crate::object_attr::class_getattr(class, name),
        Value::Super(s) => return crate::descriptor::super_getattr(s, name),
        Value::Module(m) => return m.getattr(name),
        Value::Bound(b) => {
            return match name {
                "__func__" => Ok(b.func.clone()),
                "__self__" => Ok(b.obj.clone()),
                _ => getattr(&b.func, name),
            }
        }
        Value::Descriptor(d) => {
            if let Some(v) = descriptor_attr(obj, d, name) {
                return Ok(v);
            }
        }
        Value::Function(f) => {
            return Ok(match name {
                "__code__" => f.code_value(),
                "__closure__" => {
                    if f.closure().is_empty() {
                        Value::None
                    } else {
                        crate::ops::tuple(f.closure().iter().cloned().map(Value::Cell).collect())
                    }
                }
                "__name__" => Value::str(f.name()),
                "__qualname__" => Value::str(f.qualname()),
                "__defaults__" => f.defaults().unwrap_or(Value::None),
                "__kwdefaults__" => f.kwdefaults().unwrap_or(Value::None),
                "__globals__" => f.globals().to_value(),
                "__doc__" => f.doc(),
                "__module__" => f.globals().get("__name__").unwrap_or(Value::None),
                "__dict__" | "__annotations__" => {
                    // A mutable dict of the function's, given out.
                    crate::gc::ensure_tracked(f);
                    if name == "__dict__" {
                        f.attrs_value()
                    } else {
                        f.annotations()?
                    }
                }
                "__class__" => crate::builtins_class::type_of(obj),
                _ => match f.attr(name) {
                    Some(v) => v,
                    None => return Err(PyErr::no_attribute(obj, name)),
                },
            });
        }
        Value::Code(c) => {
            if let Some(v) = c.attr(name) {
                return Ok(v);
            }
            if let Some(method) = crate::methods::method_name(obj, name) {
                return Ok(Value::Method(Rc::new(BoundMethod {
                    obj: obj.clone(),
                    name: method,
                })));
            }
        }
        Value::Generator(g) => {
            let v = match name {
                "gi_code" => Some(Value::Code(g.code())),
                "gi_running" => Some(Value::Bool(g.running())),
                "gi_suspended" => Some(Value::Bool(g.suspended())),
                "gi_yieldfrom" => Some(g.yield_from().unwrap_or(Value::None)),
                // A finished generator's frame is None, as CPython's; py_fn
                // has no frame objects to give for a live one.
                "gi_frame" if g.finished() => Some(Value::None),
                "gi_frame" => {
                    return Err(PyErr::new(
                        ExcType::NotImplementedError,
                        "gi_frame of a live generator: py_fn has no frame objects",
                    ))
                }
                "__name__" => Some(Value::str(g.name())),
                "__qualname__" => Some(Value::str(g.qualname())),
                _ => None,
            };
            if let Some(v) = v {
                return Ok(v);
            }
            if let Some(method) = crate::methods::method_name(obj, name) {
                return Ok(Value::Method(Rc::new(BoundMethod {
                    obj: obj.clone(),
                    name: method,
                })));
            }
        }
        Value::Cell(cell) => {
            if name == "cell_contents" {
                let contents = cell.borrow().clone();
                return contents.ok_or_else(|| PyErr::value_error("Cell is empty"));
            }
        }
        Value::Method(m) => match name {
            "__self__" => return Ok(m.obj.clone()),
            "__name__" => return Ok(Value::str_static(m.name)),
            _ => {}
        },
        Value::Builtin(b) => {
            if name == "__name__" || name == "__qualname__" {
                return Ok(Value::str_static(b.name));
            }
            // `list.append`, `str.lower`: the method of the type, unbound.
            if let Some(found) = b
                .is_type
                .then(|| crate::methods::type_method_name(b.name, name))
                .flatten()
            {
                return Ok(method(obj, found));
            }
        }
        Value::Range(r) => match name {
            "start" => return Ok(Value::Int(r.start)),
            "stop" => return Ok(Value::Int(r.stop)),
            "step" => return Ok(Value::Int(r.step)),
            _ => {}
        },
        Value::Slice(s) => match name {
            "start" => return Ok(s.start.clone()),
            "stop" => return Ok(s.stop.clone()),
            "step" => return Ok(s.step.clone()),
            _ => {}
        },
        _ => {
            if let Some(v) = crate::num_methods::attribute(obj, name) {
                return Ok(v);
            }
            if let Value::Tuple(t) = obj {
                if let Some(v) = t.field(name) {
                    return Ok(v.clone());
                }
            }
            if let Some(method) = crate::methods::method_name(obj, name) {
                return Ok(Value::Method(Rc::new(BoundMethod {
                    obj: obj.clone(),
                    name: method,
                })));
            }
        }
    }
    if name == "__class__" {
        return Ok(crate::builtins_class::type_of(obj));
    }
    if matches!(obj, Value::Range(_) | Value::Slice(_)) {
        if let Some(found) = crate::methods::method_name(obj, name) {
            return Ok(method(obj, found));
        }
    }
    if let Some(kind) = match obj {
        Value::Tuple(t) => t.struct_seq(),
        _ => None,
    } {
        return Err(PyErr::new(
            ExcType::AttributeError,
            format!("'{}' object has no attribute '{name}'", kind.name),
        ));
    }
    Err(PyErr::no_attribute(obj, name))
}

/// The attributes of `staticmethod`, `classmethod` and `property` objects.
fn descriptor_attr(obj: &Value, d: &crate::descriptor::Descriptor, name: &str) -> Option<Value> {
    use crate::descriptor::Descriptor;
    match (d, name) {
        (Descriptor::Static(f) | Descriptor::ClassMethod(f), "__func__" | "__wrapped__") => {
            Some(f.clone())
        }
        (Descriptor::Property(p), "fget") => Some(p.fget.clone()),
        (Descriptor::Property(p), "fset") => Some(p.fset.clone()),
        (Descriptor::Property(p), "fdel") => Some(p.fdel.clone()),
        (Descriptor::Property(p), "__doc__") => Some(p.doc.borrow().clone()),
        (Descriptor::Property(_), "setter") => Some(method(obj, "setter")),
        (Descriptor::Property(_), "getter") => Some(method(obj, "getter")),
        (Descriptor::Property(_), "deleter") => Some(method(obj, "deleter")),
        _ => None,
    }
}

/// A builtin method of `obj` called `name`.
fn method(obj: &Value, name: &'static str) -> Value {
    Value::Method(Rc::new(BoundMethod {
        obj: obj.clone(),
        name,
    }))
}

/// `del obj.name`.
pub fn delattr(obj: &Value, name: &str) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => crate::object_attr::instance_delattr(obj, inst, name),
        Value::Class(class) => crate::object_attr::class_delattr(class, name),
        Value::Function(f) => f.del_attr(name),
        Value::Module(m) => m.delattr(name),
        _ => {
            // CPython: a type without a `__dict__` answers as for a missing one.
            getattr(obj, name)?;
            Err(PyErr::new(
                ExcType::AttributeError,
                format!(
                    "attribute '{}' of '{}' objects is not writable",
                    name,
                    obj.type_name()
                ),
            ))
        }
    }
}

/// `obj.name = value`.
pub fn setattr(obj: &Value, name: &str, value: Value) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => crate::object_attr::instance_setattr(obj, inst, name, value),
        Value::Class(class) => crate::object_attr::class_setattr(class, name, value),
        Value::Module(m) => m.setattr(name, value),
        Value::Function(f) => {
            // Whatever it is given may lead back to it.
            crate::gc::ensure_tracked(f);
            set_function_attr(f, name, value)
        }
        Value::Code(c) => {
            if c.attr(name).is_some() {
                Err(readonly())
            } else {
                Err(PyErr::no_attribute(obj, name))
            }
        }
        Value::Generator(g) if name == "__name__" || name == "__qualname__" => {
            g.set_name(name == "__qualname__", value)
        }
        Value::Cell(cell) if name == "cell_contents" => {
            crate::cell::cell_store(cell, value);
            Ok(())
        }
        _ => Err(PyErr::no_attribute(obj, name)),
    }
}

/// `f.name = value` for a function.
fn set_function_attr(f: &crate::function::Function, name: &str, value: Value) -> PyResult<()> {
    match name {
        "__name__" => f.set_name(false, value),
        "__qualname__" => f.set_name(true, value),
        "__defaults__" => f.set_defaults(value),
        "__kwdefaults__" => f.set_kwdefaults(value),
        "__doc__" => {
            f.set_doc(value);
            Ok(())
        }
        "__code__" => match value {
            Value::Code(c) => f.set_code(c),
            _ => Err(PyErr::type_error("__code__ must be set to a code object")),
        },
        "__annotations__" => match value {
            Value::None => f.set_annotations(None),
            Value::Dict(_) => f.set_annotations(Some(value)),
            _ => Err(PyErr::type_error(
                "__annotations__ must be set to a dict object",
            )),
        },
        "__closure__" | "__globals__" | "__dict__" | "__module__" => Err(readonly()),
        _ => f.set_attr(name, value),
    }
}

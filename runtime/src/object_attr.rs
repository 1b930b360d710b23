//! Attribute access on classes and their instances (CPython's
//! `PyObject_GenericGetAttr` and `type_getattro`): data descriptors on the
//! class first, then the instance's `__dict__`, then the class's
//! attributes bound to the instance, then `__getattr__`.

use std::rc::Rc;

use crate::class::Class;
use crate::descriptor::{bind, bind_to_class, Descriptor};
use crate::error::{ExcType, PyErr, PyResult};
use crate::instance::Instance;
use crate::value::{Shared, Value};

fn attribute_error(message: String) -> PyErr {
    PyErr::new(ExcType::AttributeError, message)
}

/// `'P' object has no attribute 'x'`.
fn no_instance_attr(inst: &Instance, name: &str) -> PyErr {
    attribute_error(format!(
        "'{}' object has no attribute '{}'",
        inst.class().name(),
        name
    ))
}

/// `type object 'P' has no attribute 'x'`.
fn no_class_attr(class: &Class, name: &str) -> PyErr {
    attribute_error(format!(
        "type object '{}' has no attribute '{}'",
        class.name(),
        name
    ))
}

/// The attributes every exception object has (data descriptors of
/// `BaseException`).
fn exception_attr(inst: &Instance, name: &str) -> Option<PyResult<Value>> {
    let state = inst.exc()?;
    Some(Ok(match name {
        "args" => state.args.borrow().clone(),
        "__cause__" => state.cause.borrow().clone(),
        "__context__" => state.context.borrow().clone(),
        "__suppress_context__" => Value::Bool(state.suppress_context.get()),
        "__traceback__" => Value::None,
        _ => return crate::exc_init::member(inst, name),
    }))
}

/// `inst.name`.
pub(crate) fn instance_getattr(
    obj: &Value,
    inst: &Shared<Instance>,
    name: &str,
) -> PyResult<Value> {
    let class = inst.class();
    let class_attr = class.lookup(name);
    if let Some(Value::Descriptor(d)) = &class_attr {
        if let Descriptor::Property(_) = &**d {
            return bind(Value::Descriptor(d.clone()), obj, class);
        }
    }
    match name {
        "__class__" => return Ok(Value::Class(class.clone())),
        "__dict__" => return Ok(Value::Dict(inst.dict().clone())),
        _ => {}
    }
    if let Some(v) = exception_attr(inst, name) {
        return v;
    }
    if let Some(v) = inst.own(name) {
        return Ok(v);
    }
    if let Some(attr) = class_attr {
        return bind(attr, obj, class);
    }
    if let Some(hook) = class.lookup("__getattr__") {
        return crate::call::call(&bind(hook, obj, class)?, &[Value::str(name)]);
    }
    Err(no_instance_attr(inst, name))
}

/// `inst.name(*args)`: a plain function found on the class and not
/// shadowed by the instance's `__dict__` is called with `inst` prepended,
/// without a bound-method object (CPython's `LOAD_METHOD`); anything else
/// as `getattr` finds it.
pub(crate) fn instance_call_method(
    obj: &Value,
    inst: &Shared<Instance>,
    name: &str,
    args: &[Value],
) -> PyResult<Value> {
    if inst.exc().is_none() && !matches!(name, "__class__" | "__dict__") {
        if let Some(f @ Value::Function(_)) = inst.class().lookup(name) {
            if inst.own(name).is_none() {
                return crate::call::call_with_self(&f, obj, args, &[]);
            }
        }
    }
    let method = instance_getattr(obj, inst, name)?;
    crate::call::call(&method, args)
}

/// `Class.name`.
pub(crate) fn class_getattr(class: &Shared<Class>, name: &str) -> PyResult<Value> {
    match name {
        "__name__" => return Ok(Value::str(class.name())),
        "__qualname__" => return Ok(Value::str(class.qualname())),
        "__bases__" => {
            return Ok(crate::ops::tuple(
                class.bases().iter().cloned().map(Value::Class).collect(),
            ))
        }
        "__base__" => {
            return Ok(class
                .bases()
                .first()
                .cloned()
                .map(Value::Class)
                .unwrap_or(Value::None))
        }
        "__mro__" => return Ok(class.mro_value()),
        "__dict__" => return Ok(Value::Dict(class.dict().clone())),
        "__class__" => {
            return Ok(crate::builtins::builtin_by_name("type")
                .map(Value::Builtin)
                .unwrap_or(Value::None))
        }
        "__module__" => return Ok(class.module()),
        _ => {}
    }
    if let Some(attr) = class.lookup(name) {
        return Ok(bind_to_class(attr, class));
    }
    if name == "__doc__" {
        return Ok(Value::None);
    }
    Err(no_class_attr(class, name))
}

/// The property `name` of `class`, if it has one.
fn property_of(class: &Class, name: &str) -> Option<Rc<Descriptor>> {
    class.peek(name, |v| match v? {
        Value::Descriptor(d) if matches!(&**d, Descriptor::Property(_)) => Some(d.clone()),
        _ => None,
    })
}

/// `inst.name = value`.
pub(crate) fn instance_setattr(
    obj: &Value,
    inst: &Shared<Instance>,
    name: &str,
    value: Value,
) -> PyResult<()> {
    let class = inst.class();
    if let Some(d) = property_of(class, name) {
        if let Descriptor::Property(p) = &*d {
            if matches!(p.fset, Value::None) {
                return Err(attribute_error(format!(
                    "property '{}' of '{}' object has no setter",
                    name,
                    class.name()
                )));
            }
            return crate::call::call(&p.fset, &[obj.clone(), value]).map(drop);
        }
    }
    let hook = class.peek("__setattr__", |v| {
        v.filter(|h| !crate::slots::is_builtin_slot(h, "__setattr__"))
            .cloned()
    });
    if let Some(hook) = hook {
        return crate::call::call(&hook, &[obj.clone(), Value::str(name), value]).map(drop);
    }
    generic_setattr(inst, name, value)
}

/// `object.__setattr__(inst, name, value)`: the special attributes of
/// instances and exceptions, else the instance's `__dict__`.
pub(crate) fn generic_setattr(inst: &Shared<Instance>, name: &str, value: Value) -> PyResult<()> {
    match name {
        "__class__" => {
            return Err(PyErr::new(
                ExcType::NotImplementedError,
                "assigning __class__ is not supported by py_fn",
            ))
        }
        "__dict__" => {
            return match value {
                Value::Dict(d) => {
                    let new = d.borrow().clone();
                    *inst.dict().borrow_mut() = new;
                    Ok(())
                }
                other => Err(PyErr::type_error(format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    other.type_name()
                ))),
            }
        }
        _ => {}
    }
    if let Some(state) = inst.exc() {
        match name {
            "args" => {
                let items = crate::iter::collect(&value)?;
                let old = state.args.replace(crate::ops::tuple(items));
                drop(old);
                return Ok(());
            }
            "__cause__" | "__context__" => {
                let ok = match &value {
                    Value::None => true,
                    Value::Instance(i) => i.exc().is_some(),
                    _ => false,
                };
                if !ok {
                    let what = if name == "__cause__" {
                        "cause"
                    } else {
                        "context"
                    };
                    return Err(PyErr::type_error(format!(
                        "exception {what} must be None or derive from BaseException"
                    )));
                }
                if name == "__cause__" {
                    state.suppress_context.set(true);
                    let old = state.cause.replace(value);
                    drop(old);
                } else {
                    let old = state.context.replace(value);
                    drop(old);
                }
                return Ok(());
            }
            "__suppress_context__" => {
                state.suppress_context.set(crate::ops::truthy(&value)?);
                return Ok(());
            }
            "__traceback__" => {
                return match value {
                    Value::None => Ok(()),
                    _ => Err(PyErr::type_error(
                        "__traceback__ must be a traceback or None",
                    )),
                }
            }
            _ => {
                if crate::exc_init::set_member(inst, name, value.clone())? {
                    return Ok(());
                }
            }
        }
    }
    let old = inst.dict().borrow_mut().set_str(name, value);
    drop(old);
    Ok(())
}

/// `del inst.name`.
pub(crate) fn instance_delattr(obj: &Value, inst: &Shared<Instance>, name: &str) -> PyResult<()> {
    let class = inst.class();
    if let Some(d) = property_of(class, name) {
        if let Descriptor::Property(p) = &*d {
            if matches!(p.fdel, Value::None) {
                return Err(attribute_error(format!(
                    "property '{}' of '{}' object has no deleter",
                    name,
                    class.name()
                )));
            }
            return crate::call::call(&p.fdel, std::slice::from_ref(obj)).map(drop);
        }
    }
    let removed = inst.dict().borrow_mut().remove(&Value::str(name))?;
    match removed {
        Some(old) => {
            drop(old);
            Ok(())
        }
        None => Err(no_instance_attr(inst, name)),
    }
}

/// `Class.name = value`.
pub(crate) fn class_setattr(class: &Shared<Class>, name: &str, value: Value) -> PyResult<()> {
    match name {
        "__name__" => return class.set_name(false, &value),
        "__qualname__" => return class.set_name(true, &value),
        "__bases__" | "__mro__" | "__dict__" | "__base__" | "__class__" => {
            return Err(PyErr::new(
                ExcType::NotImplementedError,
                format!("assigning {name} of a class is not supported by py_fn"),
            ))
        }
        _ => {}
    }
    if class.builtin().is_some() {
        return Err(PyErr::type_error(format!(
            "cannot set '{}' attribute of immutable type '{}'",
            name,
            class.name()
        )));
    }
    let old = class.dict().borrow_mut().set_str(name, value);
    drop(old);
    Ok(())
}

/// `del Class.name`.
pub(crate) fn class_delattr(class: &Shared<Class>, name: &str) -> PyResult<()> {
    if class.builtin().is_some() {
        return Err(PyErr::type_error(format!(
            "cannot delete '{}' attribute of immutable type '{}'",
            name,
            class.name()
        )));
    }
    let removed = class.dict().borrow_mut().remove(&Value::str(name))?;
    match removed {
        Some(old) => {
            drop(old);
            Ok(())
        }
        None => Err(no_class_attr(class, name)),
    }
}

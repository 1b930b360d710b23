//! Bound methods, `staticmethod`, `classmethod`, `property` and `super`.
//!
//! Attribute lookup on instances and classes (see [`crate::attr`]) turns a
//! function found on the class into a [`Bound`] method, unwraps a
//! `staticmethod`, binds a `classmethod` to the class and calls a
//! `property`'s getter, as CPython's descriptors do.
//!
//! ```
//! use py_fn_runtime::{call, builtin_by_name, Descriptor, Value};
//! let len = Value::Builtin(builtin_by_name("len").unwrap());
//! let sm = call(&Value::Builtin(builtin_by_name("staticmethod").unwrap()), &[len]).unwrap();
//! assert_eq!(sm.type_name(), "staticmethod");
//! ```

use std::cell::RefCell;
use std::rc::Rc;

use crate::class::Class;
use crate::error::{PyErr, PyResult};
use crate::value::{Shared, Value};

/// A callable bound to the object it was looked up on (`obj.method`):
/// calling it passes `obj` first.
pub struct Bound {
    /// `__func__`: a function, or a builtin method of `object` or
    /// `BaseException`.
    pub func: Value,
    /// `__self__`.
    pub obj: Value,
}

/// `staticmethod(f)`, `classmethod(f)` or `property(fget, fset, fdel)`.
pub enum Descriptor {
    /// `staticmethod(f)`: looked up on a class or instance, gives `f`.
    Static(Value),
    /// `classmethod(f)`: looked up, gives `f` bound to the class.
    ClassMethod(Value),
    /// `property(fget, fset, fdel, doc)`.
    Property(Property),
}

/// The accessors of a `property`.
pub struct Property {
    /// `fget` (`None` if absent).
    pub fget: Value,
    /// `fset`.
    pub fset: Value,
    /// `fdel`.
    pub fdel: Value,
    /// `__doc__`.
    pub doc: RefCell<Value>,
}

impl Descriptor {
    /// `type(d).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Descriptor::Static(_) => "staticmethod",
            Descriptor::ClassMethod(_) => "classmethod",
            Descriptor::Property(_) => "property",
        }
    }

    /// `__func__` of a staticmethod or classmethod.
    pub fn func(&self) -> Option<&Value> {
        match self {
            Descriptor::Static(f) | Descriptor::ClassMethod(f) => Some(f),
            Descriptor::Property(_) => None,
        }
    }
}

/// `super(cls, obj)`: looks attributes up along `type(obj).__mro__`
/// after `cls`.
pub struct Super {
    /// The class whose method made the `super()` call (`__thisclass__`).
    pub this_class: Shared<Class>,
    /// The object (`__self__`): an instance, or a class for classmethods.
    pub obj: Value,
    /// `__self_class__`: the class whose MRO is searched.
    pub obj_class: Shared<Class>,
}

/// `obj.name` for an attribute `attr` found on the class: a function
/// becomes a bound method, a `staticmethod` its function, a `classmethod`
/// its function bound to `owner`, a `property` its getter's result.
pub fn bind(attr: Value, obj: &Value, owner: &Shared<Class>) -> PyResult<Value> {
    match &attr {
        Value::Function(_) => Ok(Value::Bound(Rc::new(Bound {
            func: attr,
            obj: obj.clone(),
        }))),
        Value::Builtin(b) if b.binds => Ok(Value::Bound(Rc::new(Bound {
            func: attr,
            obj: obj.clone(),
        }))),
        Value::Descriptor(d) => match &**d {
            Descriptor::Static(f) => Ok(f.clone()),
            Descriptor::ClassMethod(f) => Ok(Value::Bound(Rc::new(Bound {
                func: f.clone(),
                obj: Value::Class(owner.clone()),
            }))),
            Descriptor::Property(p) => {
                if matches!(p.fget, Value::None) {
                    return Err(PyErr::new(
                        crate::error::ExcType::AttributeError,
                        "unreadable attribute",
                    ));
                }
                crate::call::call(&p.fget, std::slice::from_ref(obj))
            }
        },
        _ => Ok(attr),
    }
}

/// `Class.name` for an attribute found along the class's MRO: a
/// `classmethod` is bound to the class, a `staticmethod` unwrapped, a
/// function or property returned as it is.
pub fn bind_to_class(attr: Value, class: &Shared<Class>) -> Value {
    if let Value::Descriptor(d) = &attr {
        match &**d {
            Descriptor::Static(f) => return f.clone(),
            Descriptor::ClassMethod(f) => {
                return Value::Bound(Rc::new(Bound {
                    func: f.clone(),
                    obj: Value::Class(class.clone()),
                }))
            }
            Descriptor::Property(_) => {}
        }
    }
    attr
}

/// Calls a bound method: `func(obj, *args)`.
pub fn call_bound(b: &Bound, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    crate::call::call_with_self(&b.func, &b.obj, args, kwnames)
}

/// `staticmethod(f)`.
pub fn staticmethod(f: Value) -> Value {
    Value::Descriptor(Rc::new(Descriptor::Static(f)))
}

/// `classmethod(f)`.
pub fn classmethod(f: Value) -> Value {
    Value::Descriptor(Rc::new(Descriptor::ClassMethod(f)))
}

/// `property(fget, fset, fdel, doc)`.
pub fn property(fget: Value, fset: Value, fdel: Value, doc: Value) -> Value {
    let doc = match (&doc, &fget) {
        (Value::None, Value::Function(f)) => f.doc(),
        _ => doc,
    };
    Value::Descriptor(Rc::new(Descriptor::Property(Property {
        fget,
        fset,
        fdel,
        doc: RefCell::new(doc),
    })))
}

/// `super(cls, obj)` with CPython's checks.
pub fn new_super(cls: &Value, obj: &Value) -> PyResult<Value> {
    let Value::Class(this_class) = cls else {
        return Err(PyErr::type_error(format!(
            "super() argument 1 must be a type, not {}",
            cls.type_name()
        )));
    };
    let obj_class = match obj {
        Value::Class(c) if c.is_subclass(this_class) => c.clone(),
        Value::Instance(i) if i.class().is_subclass(this_class) => i.class().clone(),
        _ => {
            return Err(PyErr::type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ))
        }
    };
    Ok(Value::Super(Rc::new(Super {
        this_class: this_class.clone(),
        obj: obj.clone(),
        obj_class,
    })))
}

/// Zero-argument `super()` inside a method: the `__class__` cell's class
/// and the method's first argument.
///
/// `RuntimeError: super(): __class__ cell not found` when the function
/// has no `__class__` cell, `super(): empty __class__ cell` before the
/// class exists, and `super(): no arguments` without a first argument.
pub fn zero_arg_super(
    class_cell: Option<&crate::cell::CellRef>,
    first: Option<&Value>,
) -> PyResult<Value> {
    let runtime_error = |m: &str| PyErr::new(crate::error::ExcType::RuntimeError, m);
    let Some(first) = first else {
        return Err(runtime_error("super(): no arguments"));
    };
    let Some(cell) = class_cell else {
        return Err(runtime_error("super(): __class__ cell not found"));
    };
    let class = cell.borrow().clone();
    match class {
        None => Err(runtime_error("super(): empty __class__ cell")),
        Some(c @ Value::Class(_)) => new_super(&c, first),
        Some(other) => Err(runtime_error(&format!(
            "super(): __class__ is not a type ({})",
            other.type_name()
        ))),
    }
}

/// `super_obj.name`: the attribute after `__thisclass__` in the MRO of
/// `__self_class__`, bound to `__self__`.
pub fn super_getattr(s: &Super, name: &str) -> PyResult<Value> {
    let mut mro = vec![s.obj_class.clone()];
    mro.extend(s.obj_class.mro_tail().iter().cloned());
    let start = mro
        .iter()
        .position(|c| Rc::ptr_eq(c, &s.this_class))
        .map(|i| i + 1)
        .unwrap_or(mro.len());
    for class in mro.iter().skip(start) {
        if let Some(attr) = class.own(name) {
            return match &s.obj {
                Value::Class(c) => Ok(match &attr {
                    Value::Descriptor(_) => bind_to_class(attr, c),
                    _ => attr,
                }),
                obj => bind(attr, obj, &s.obj_class),
            };
        }
    }
    match name {
        "__thisclass__" => Ok(Value::Class(s.this_class.clone())),
        "__self__" => Ok(s.obj.clone()),
        "__self_class__" => Ok(Value::Class(s.obj_class.clone())),
        _ => Err(PyErr::new(
            crate::error::ExcType::AttributeError,
            format!("'super' object has no attribute '{name}'"),
        )),
    }
}

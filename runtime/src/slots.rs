//! The methods `object` and `BaseException` define (`object.__init__`,
//! `BaseException.__str__`, ...): what a class inherits when it does not
//! define them itself, and what `super().__init__(...)` reaches.

use crate::builtins::{Builtin, BuiltinFn};
use crate::dict::Dict;
use crate::error::{PyErr, PyResult};
use crate::value::Value;

macro_rules! slot_table {
    ($table:ident: $($name:literal => $func:ident,)*) => {
        static $table: &[Builtin] = &[
            $(Builtin { name: $name, func: $func as BuiltinFn, is_type: false, binds: true },)*
        ];
    };
}

slot_table! { OBJECT_SLOTS:
    "__init__" => object_init,
    "__repr__" => object_repr,
    "__str__" => object_str,
    "__eq__" => object_eq,
    "__ne__" => object_ne,
    "__hash__" => object_hash,
}

slot_table! { EXCEPTION_SLOTS:
    "__init__" => exception_init,
    "__repr__" => exception_repr,
    "__str__" => exception_str,
    "with_traceback" => exception_with_traceback,
    "add_note" => exception_add_note,
}

slot_table! { NAMESPACE_SLOTS:
    "__init__" => namespace_init,
    "__repr__" => namespace_repr,
    "__eq__" => namespace_eq,
}

/// Fills `types.SimpleNamespace`'s namespace.
pub(crate) fn namespace_methods(dict: &mut Dict) {
    for b in NAMESPACE_SLOTS {
        dict.set_str(b.name, Value::Builtin(b));
    }
    dict.set_str(
        "__doc__",
        Value::str_static("A simple attribute-based namespace."),
    );
}

/// `SimpleNamespace(**kwargs)`.
fn namespace_init(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let npos = args.len().saturating_sub(kw.len());
    let Some(Value::Instance(inst)) = args.first() else {
        return Err(PyErr::type_error(
            "descriptor '__init__' requires a 'types.SimpleNamespace' object",
        ));
    };
    if npos > 1 {
        return Err(PyErr::type_error("no positional arguments expected"));
    }
    for (k, v) in kw.iter().zip(args.iter().skip(npos)) {
        crate::object_attr::generic_setattr(inst, k, v.clone())?;
    }
    Ok(Value::None)
}

/// `namespace(a=1, b='x')`.
fn namespace_repr(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let Some(Value::Instance(inst)) = args.first() else {
        return Err(PyErr::type_error(
            "descriptor '__repr__' requires a 'types.SimpleNamespace' object",
        ));
    };
    let items = inst.dict().borrow().items();
    let mut parts = Vec::with_capacity(items.len());
    for (k, v) in items {
        parts.push(format!("{}={}", k.to_str(), crate::repr::checked_repr(&v)?));
    }
    let name = if inst.class().builtin() == Some(crate::class::BuiltinClass::Namespace) {
        "namespace".to_string()
    } else {
        inst.class().name()
    };
    Ok(Value::str(format!("{name}({})", parts.join(", "))))
}

/// Two namespaces are equal when their attributes are.
fn namespace_eq(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    match args {
        [Value::Instance(a), Value::Instance(b)] => {
            let ns = |i: &crate::instance::Instance| {
                i.class()
                    .mro()
                    .iter()
                    .any(|c| c.builtin() == Some(crate::class::BuiltinClass::Namespace))
            };
            if !ns(a) || !ns(b) {
                return Ok(Value::NotImplemented);
            }
            let x = Value::Dict(a.dict().clone());
            let y = Value::Dict(b.dict().clone());
            crate::compare::compare(crate::compare::CmpOp::Eq, &x, &y)
        }
        _ => Ok(Value::NotImplemented),
    }
}

/// `object.__new__(cls)`: a static method, not bound on lookup.
static OBJECT_NEW: Builtin = Builtin {
    name: "__new__",
    func: object_new,
    is_type: false,
    binds: false,
};

/// `object.__init_subclass__`: a class method that takes no keywords.
static OBJECT_INIT_SUBCLASS: Builtin = Builtin {
    name: "__init_subclass__",
    func: object_init_subclass,
    is_type: false,
    binds: false,
};

fn object_init_subclass(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    if !kw.is_empty() || args.len() > 1 {
        let name = match args.first() {
            Some(Value::Class(c)) => c.name(),
            _ => "object".to_string(),
        };
        return Err(PyErr::type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

/// Fills `object`'s namespace.
pub(crate) fn object_methods(dict: &mut Dict) {
    for b in OBJECT_SLOTS {
        dict.set_str(b.name, Value::Builtin(b));
    }
    dict.set_str(
        "__init_subclass__",
        crate::descriptor::classmethod(Value::Builtin(&OBJECT_INIT_SUBCLASS)),
    );
    dict.set_str("__new__", Value::Builtin(&OBJECT_NEW));
    dict.set_str(
        "__doc__",
        Value::str_static("The base class of the class hierarchy."),
    );
}

/// Fills `BaseException`'s namespace.
pub(crate) fn exception_methods(dict: &mut Dict) {
    for b in EXCEPTION_SLOTS {
        dict.set_str(b.name, Value::Builtin(b));
    }
    dict.set_str(
        "__doc__",
        Value::str_static("Common base class for all exceptions"),
    );
}

/// Whether `v` is one of the methods of `object` or `BaseException` named
/// `name` (a class that did not define its own).
pub(crate) fn is_builtin_slot(v: &Value, name: &str) -> bool {
    match v {
        Value::Builtin(b) => {
            b.name == name
                && (OBJECT_SLOTS.iter().any(|s| std::ptr::eq(s, *b))
                    || EXCEPTION_SLOTS.iter().any(|s| std::ptr::eq(s, *b))
                    || std::ptr::eq(*b, &OBJECT_NEW))
        }
        _ => false,
    }
}

/// Whether `v` is `object.__init__`.
pub(crate) fn is_object_init(v: &Value) -> bool {
    matches!(v, Value::Builtin(b) if std::ptr::eq(*b, &OBJECT_SLOTS[0]))
}

/// Whether `v` is `BaseException.__init__`.
pub(crate) fn is_exception_init(v: &Value) -> bool {
    matches!(v, Value::Builtin(b) if std::ptr::eq(*b, &EXCEPTION_SLOTS[0]))
}

/// The receiver of a slot call: `descriptor '__init__' of 'object' object
/// needs an argument` when there is none.
fn receiver<'a>(name: &str, owner: &str, args: &'a [Value]) -> PyResult<&'a Value> {
    args.first().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor '{name}' of '{owner}' object needs an argument"
        ))
    })
}

fn object_init(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let this = receiver("__init__", "object", args)?;
    if args.len() > 1 || !kw.is_empty() {
        let class = match this {
            Value::Instance(i) => Some(i.class().clone()),
            _ => None,
        };
        // CPython's `object_init`: the text names `object` when the class
        // overrides `__init__`, the class otherwise.
        let overrides_init = class
            .as_ref()
            .and_then(|c| c.lookup("__init__"))
            .is_some_and(|i| !is_object_init(&i));
        let name = match (&class, overrides_init) {
            (Some(c), false) => c.name(),
            _ => "object".to_string(),
        };
        return Err(PyErr::type_error(format!(
            "{name}.__init__() takes exactly one argument (the instance to initialize)"
        )));
    }
    Ok(Value::None)
}

fn object_new(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Class(c)) => Ok(Value::Instance(crate::instance::Instance::new(c.clone()))),
        Some(other) => Err(PyErr::type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            other.type_name()
        ))),
        None => Err(PyErr::type_error("object.__new__(): not enough arguments")),
    }
}

/// `<__main__.Point object at 0x...>`.
pub(crate) fn default_repr(v: &Value) -> String {
    let (module, qualname) = match v {
        Value::Instance(i) => (i.class().module(), i.class().qualname()),
        other => (Value::None, other.type_name().to_string()),
    };
    let addr = crate::repr::address(v.address());
    match module {
        Value::Str(m) if m.as_str() != "builtins" => {
            format!("<{m}.{qualname} object at {addr}>")
        }
        _ => format!("<{qualname} object at {addr}>"),
    }
}

fn object_repr(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let this = receiver("__repr__", "object", args)?;
    Ok(Value::str(default_repr(this)))
}

fn object_str(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let this = receiver("__str__", "object", args)?;
    Ok(Value::str(crate::repr::checked_repr(this)?))
}

fn object_eq(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    match args {
        [a, b] => Ok(if crate::compare::is(a, b) {
            Value::Bool(true)
        } else {
            Value::NotImplemented
        }),
        _ => Err(PyErr::type_error(format!(
            "expected 1 argument, got {}",
            args.len().saturating_sub(1)
        ))),
    }
}

fn object_ne(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    match args {
        [a, b] => match crate::dunder::call_special(a, "__eq__", std::slice::from_ref(b)) {
            Some(r) => Ok(match r? {
                Value::NotImplemented => Value::NotImplemented,
                v => Value::Bool(!crate::ops::truthy(&v)?),
            }),
            None => Ok(Value::NotImplemented),
        },
        _ => Err(PyErr::type_error(format!(
            "expected 1 argument, got {}",
            args.len().saturating_sub(1)
        ))),
    }
}

fn object_hash(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let this = receiver("__hash__", "object", args)?;
    Ok(Value::Int(crate::hash::identity_hash(this)))
}

/// The exception object of a slot call.
fn exception_receiver<'a>(
    name: &str,
    args: &'a [Value],
) -> PyResult<&'a std::rc::Rc<crate::instance::Instance>> {
    match receiver(name, "BaseException", args)? {
        Value::Instance(i) if i.exc().is_some() => Ok(i),
        other => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'BaseException' object but received a '{}'",
            other.type_name()
        ))),
    }
}

fn exception_init(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let inst = exception_receiver("__init__", args)?;
    let npos = args.len().saturating_sub(kw.len());
    let pos = args.get(1..npos).unwrap_or(&[]);
    let kwvals = args.get(npos..).unwrap_or(&[]);
    let kw: Vec<(&str, &Value)> = kw.iter().copied().zip(kwvals).collect();
    crate::exc_init::init(inst, pos, &kw)?;
    Ok(Value::None)
}

fn exception_repr(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let inst = exception_receiver("__repr__", args)?;
    Ok(Value::str(crate::instance::exception_repr(inst)?))
}

fn exception_str(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let inst = exception_receiver("__str__", args)?;
    Ok(Value::str(crate::instance::exception_str(inst)?))
}

fn exception_with_traceback(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let inst = exception_receiver("with_traceback", args)?;
    Ok(Value::Instance(inst.clone()))
}

/// `BaseException.add_note(note)`: appends `note` to the exception's
/// `__notes__` list (made on first use, in its `__dict__`).
fn exception_add_note(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let inst = exception_receiver("add_note", args)?;
    let a = crate::methods::Args::new(args.get(1..).unwrap_or(&[]), kw);
    let note = a.one("BaseException.add_note")?;
    if !matches!(note, Value::Str(_)) {
        return Err(PyErr::type_error(format!(
            "note must be a str, not '{}'",
            note.type_name()
        )));
    }
    let notes = match inst.own("__notes__") {
        Some(l @ Value::List(_)) => l,
        Some(_) => {
            return Err(PyErr::type_error(
                "Cannot add note: __notes__ is not a list",
            ))
        }
        None => {
            let l = crate::ops::list(Vec::new());
            inst.dict().borrow_mut().set_str("__notes__", l.clone());
            l
        }
    };
    if let Value::List(l) = &notes {
        l.borrow_mut().push(note.clone());
    }
    Ok(Value::None)
}

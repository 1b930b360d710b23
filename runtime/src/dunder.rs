//! Special methods of instances (`__repr__`, `__eq__`, `__add__`, `__len__`,
//! `__iter__`, ...): the operations of the runtime call them when an
//! operand is an instance of a class, looking them up on the class as
//! CPython does (never in the instance's `__dict__`).

use crate::error::{PyErr, PyResult};
use crate::number::BinOp;
use crate::value::Value;

/// The special method `name` of `v`'s class, if `v` is an instance.
pub fn lookup_special(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(i) => i.class().lookup(name),
        _ => None,
    }
}

/// `type(v).name(v, *args)`, if `v` is an instance whose class has `name`.
pub fn call_special(v: &Value, name: &str, args: &[Value]) -> Option<PyResult<Value>> {
    let method = lookup_special(v, name)?;
    Some(call_method_value(&method, v, args))
}

/// Calls a method found on a class with `obj` as its receiver.
fn call_method_value(method: &Value, obj: &Value, args: &[Value]) -> PyResult<Value> {
    match method {
        Value::Descriptor(_) => {
            let owner = match obj {
                Value::Instance(i) => i.class().clone(),
                _ => crate::class::object_class(),
            };
            let bound = crate::descriptor::bind(method.clone(), obj, &owner)?;
            crate::call::call(&bound, args)
        }
        Value::None => Err(PyErr::type_error(format!(
            "'{}' object is not callable",
            method.type_name()
        ))),
        _ => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj.clone());
            full.extend_from_slice(args);
            crate::call::call(method, &full)
        }
    }
}

/// A special method that must return a str (`__repr__`, `__str__`).
fn string_result(v: &Value, name: &str) -> Option<PyResult<String>> {
    let result = call_special(v, name, &[])?;
    Some(result.and_then(|r| match r {
        Value::Str(s) => Ok(s.as_ref().clone()),
        other => Err(PyErr::type_error(format!(
            "{name} returned non-string (type {})",
            other.type_name()
        ))),
    }))
}

/// `repr(instance)`.
pub fn instance_repr(v: &Value) -> PyResult<String> {
    string_result(v, "__repr__").unwrap_or_else(|| Ok(crate::slots::default_repr(v)))
}

/// `str(instance)`.
pub fn instance_str(v: &Value) -> PyResult<String> {
    string_result(v, "__str__").unwrap_or_else(|| instance_repr(v))
}

/// `str(exc)` of an exception object.
pub fn exception_text(inst: &std::rc::Rc<crate::instance::Instance>) -> PyResult<String> {
    instance_str(&Value::Instance(inst.clone()))
}

/// The reflected comparison of `op` (`a < b` is `b > a`).
fn reflected(op: crate::compare::CmpOp) -> crate::compare::CmpOp {
    use crate::compare::CmpOp::*;
    match op {
        Lt => Gt,
        Le => Ge,
        Gt => Lt,
        Ge => Le,
        Eq => Eq,
        Ne => Ne,
    }
}

fn cmp_name(op: crate::compare::CmpOp) -> &'static str {
    use crate::compare::CmpOp::*;
    match op {
        Lt => "__lt__",
        Le => "__le__",
        Eq => "__eq__",
        Ne => "__ne__",
        Gt => "__gt__",
        Ge => "__ge__",
    }
}

/// `a <op> b` when either operand is an instance (`do_richcompare`): the
/// left operand's method, then the right's reflected one (first if the
/// right's class is a subclass of the left's), then identity for `==` and
/// `!=`, else `TypeError`.
pub fn rich_compare(op: crate::compare::CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    let right_first = match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => {
            !std::rc::Rc::ptr_eq(x.class(), y.class()) && y.class().is_subclass(x.class())
        }
        (_, Value::Instance(_)) => !matches!(a, Value::Instance(_)),
        _ => false,
    };
    let tries: [(&Value, &Value, crate::compare::CmpOp); 2] = if right_first {
        [(b, a, reflected(op)), (a, b, op)]
    } else {
        [(a, b, op), (b, a, reflected(op))]
    };
    for (x, y, o) in tries {
        if let Some(r) = call_special(x, cmp_name(o), std::slice::from_ref(y)) {
            let r = r?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
    }
    match op {
        crate::compare::CmpOp::Eq => Ok(Value::Bool(crate::compare::is(a, b))),
        crate::compare::CmpOp::Ne => Ok(Value::Bool(!crate::compare::is(a, b))),
        _ => Err(PyErr::type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ))),
    }
}

/// `hash(instance)`: `__hash__` (identity unless the class defines one;
/// `TypeError: unhashable type` when a class defining `__eq__` set it to
/// `None`).
pub fn instance_hash(v: &Value) -> PyResult<i64> {
    match lookup_special(v, "__hash__") {
        None | Some(Value::None) => Err(PyErr::type_error(format!(
            "unhashable type: '{}'",
            v.type_name()
        ))),
        Some(m) => match call_method_value(&m, v, &[])? {
            Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
            Value::Bool(b) => Ok(b as i64),
            Value::BigInt(b) => Ok(crate::hash::hash_int(crate::int::IntRef::Big(&b))),
            _ => Err(PyErr::type_error(
                "__hash__ method should return an integer",
            )),
        },
    }
}

/// `len(instance)`.
pub fn instance_len(v: &Value) -> Option<PyResult<usize>> {
    let r = call_special(v, "__len__", &[])?;
    Some(r.and_then(|n| match n {
        Value::Int(i) if i >= 0 => Ok(i as usize),
        Value::Int(_) => Err(PyErr::value_error("__len__() should return >= 0")),
        Value::Bool(b) => Ok(b as usize),
        Value::BigInt(_) => Err(PyErr::overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }))
}

/// `bool(instance)`: `__bool__`, then `__len__`, else true.
pub fn instance_truthy(v: &Value) -> PyResult<bool> {
    if let Some(r) = call_special(v, "__bool__", &[]) {
        return match r? {
            Value::Bool(b) => Ok(b),
            other => Err(PyErr::type_error(format!(
                "__bool__ should return bool, returned {}",
                other.type_name()
            ))),
        };
    }
    match instance_len(v) {
        Some(n) => Ok(n? > 0),
        None => Ok(true),
    }
}

/// The method names of a binary operator: `(__add__, __radd__, __iadd__)`.
fn binop_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::And => ("__and__", "__rand__", "__iand__"),
        BinOp::Or => ("__or__", "__ror__", "__ior__"),
        BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// `a <op> b` when either operand is an instance: `a.__add__(b)`, then
/// `b.__radd__(a)` (first when `b`'s class is a proper subclass of `a`'s);
/// `None` when neither defines the operator (the caller raises its
/// `unsupported operand type(s)` error).
pub fn binary_special(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) {
        return None;
    }
    let (name, rname, _) = binop_names(op);
    let right_first = match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => {
            !std::rc::Rc::ptr_eq(x.class(), y.class())
                && y.class().is_subclass(x.class())
                && lookup_special(b, rname).is_some()
        }
        _ => false,
    };
    let same_class = match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => std::rc::Rc::ptr_eq(x.class(), y.class()),
        _ => false,
    };
    let mut tries: Vec<(&Value, &str, &Value)> = Vec::with_capacity(2);
    if right_first {
        tries.push((b, rname, a));
        tries.push((a, name, b));
    } else {
        tries.push((a, name, b));
        if !same_class {
            tries.push((b, rname, a));
        }
    }
    for (x, n, y) in tries {
        if let Some(r) = call_special(x, n, std::slice::from_ref(y)) {
            match r {
                Ok(Value::NotImplemented) => continue,
                other => return Some(other),
            }
        }
    }
    None
}

/// `a <op>= b` when `a` is an instance defining the in-place method.
pub fn inplace_special(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    let (_, _, iname) = binop_names(op);
    match call_special(a, iname, std::slice::from_ref(b))? {
        Ok(Value::NotImplemented) => None,
        other => Some(other),
    }
}

/// `-a`, `+a`, `~a`, `abs(a)` of an instance.
pub fn unary_special(name: &str, a: &Value) -> Option<PyResult<Value>> {
    call_special(a, name, &[])
}

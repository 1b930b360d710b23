//! Calls: `CALL` with positional and keyword arguments, `CALL_FUNCTION_EX`,
//! method calls without a bound-method object, and [`IntoArgs`] for calls
//! from Rust.

use crate::error::{PyErr, PyResult};
use crate::function::call_function;
use crate::value::Value;

/// `callee(*args)`.
#[inline(always)]
pub fn call(callee: &Value, args: &[Value]) -> PyResult<Value> {
    call_kw(callee, args, &[])
}

/// `callee(...)` where the last `kwnames.len()` items of `args` are
/// keyword arguments with those names.
#[inline(always)]
pub fn call_kw(callee: &Value, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    match callee {
        Value::Function(f) => call_function(f, args, kwnames),
        Value::Builtin(b) => (b.func)(args, kwnames),
        Value::Method(m) => match &m.obj {
            Value::Builtin(t) if t.is_type => {
                crate::methods::call_unbound(t.name, m.name, args, kwnames)
            }
            obj => crate::methods::call_method_kw(obj, m.name, args, kwnames)
                .unwrap_or_else(|| Err(PyErr::no_attribute(obj, m.name))),
        },
        _ => call_object(callee, args, kwnames),
    }
}

/// Calls of classes, bound methods, `staticmethod`s and instances with
/// `__call__`.
#[inline(never)]
fn call_object(callee: &Value, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    match callee {
        Value::Class(c) => crate::class::instantiate(c, args, kwnames),
        Value::Bound(b) => crate::descriptor::call_bound(b, args, kwnames),
        Value::Descriptor(d) => match &**d {
            crate::descriptor::Descriptor::Static(f) => call_kw(f, args, kwnames),
            _ => Err(not_callable(callee)),
        },
        Value::Instance(_) => match crate::dunder::lookup_special(callee, "__call__") {
            Some(m) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(callee.clone());
                full.extend_from_slice(args);
                call_kw(&m, &full, kwnames)
            }
            None => Err(not_callable(callee)),
        },
        _ => Err(not_callable(callee)),
    }
}

/// `TypeError: 'int' object is not callable`.
fn not_callable(callee: &Value) -> PyErr {
    PyErr::type_error(format!("'{}' object is not callable", callee.type_name()))
}

/// `callee(*args, **kwargs)` (`CALL_FUNCTION_EX`): `args` is a tuple (any
/// iterable is accepted), `kwargs` a dict with str keys (see
/// [`dict_merge`] for how generated code builds it).
pub fn call_ex(callee: &Value, args: Value, kwargs: Option<Value>) -> PyResult<Value> {
    let mut items: Vec<Value> = match &args {
        Value::Tuple(t) => t.to_vec(),
        other => crate::iter::collect(other).map_err(|e| {
            if crate::iter::iter(other).is_ok() {
                return e;
            }
            PyErr::type_error(format!(
                "{} argument after * must be an iterable, not {}",
                function_str(callee),
                other.type_name()
            ))
        })?,
    };
    let mut names: Vec<String> = Vec::new();
    match kwargs {
        None | Some(Value::None) => {}
        Some(Value::Dict(d)) => {
            let pairs = d.borrow().items();
            for (k, v) in pairs {
                match k {
                    Value::Str(s) => names.push(s.as_ref().clone()),
                    _ => return Err(PyErr::type_error("keywords must be strings")),
                }
                items.push(v);
            }
        }
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "{} argument after ** must be a mapping, not {}",
                function_str(callee),
                other.type_name()
            )))
        }
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    call_kw(callee, &items, &names)
}

/// `DICT_MERGE`: adds the items of `mapping` to `kwargs`, the keyword
/// arguments being built for a call of `callee`; a key already there is
/// CPython's `TypeError` (`f() got multiple values for keyword argument
/// 'a'`), and so is a `mapping` that is not a dict.
///
/// ```
/// use py_fn_runtime::{builtin_by_name, dict, dict_merge, Value};
/// // python3: len(**{'a': 1}, **{'a': 2})
/// // TypeError: len() got multiple values for keyword argument 'a'
/// let len = Value::Builtin(builtin_by_name("len").unwrap());
/// let kwargs = dict(vec![(Value::str("a"), Value::Int(1))]).unwrap();
/// let more = dict(vec![(Value::str("a"), Value::Int(2))]).unwrap();
/// let err = dict_merge(&len, &kwargs, &more).unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: len() got multiple values for keyword argument 'a'");
/// ```
pub fn dict_merge(callee: &Value, kwargs: &Value, mapping: &Value) -> PyResult<()> {
    let target = crate::ops::dict_target(kwargs)?;
    let pairs = match mapping {
        Value::Dict(src) => src.borrow().items(),
        other => {
            return Err(PyErr::type_error(format!(
                "{} argument after ** must be a mapping, not {}",
                function_str(callee),
                other.type_name()
            )))
        }
    };
    for (k, v) in pairs {
        if target.borrow().get(&k)?.is_some() {
            return Err(PyErr::type_error(format!(
                "{} got multiple values for keyword argument '{}'",
                function_str(callee),
                k.to_str()
            )));
        }
        target.borrow_mut().set(k, v)?;
    }
    Ok(())
}

/// How CPython names a callable in call errors (`_PyObject_FunctionStr`):
/// `__main__.f()` for a function of module `__main__`, `len()` for a
/// builtin, `list.append()` for a method, `str(x)` for anything else.
pub fn function_str(callee: &Value) -> String {
    match callee {
        Value::Function(f) => match f.globals().get("__name__") {
            Some(Value::Str(m)) if m.as_str() != "builtins" => {
                format!("{}.{}()", m, f.qualname())
            }
            _ => format!("{}()", f.qualname()),
        },
        Value::Builtin(b) => format!("{}()", b.name),
        Value::Method(m) => format!("{}.{}()", m.obj.type_name(), m.name),
        // No `__qualname__`: CPython falls back to `str(callee)`.
        other => other.to_str(),
    }
}

/// `obj.name(*args)` without building the bound method: list, dict and
/// str methods are called directly, and so is a plain function found on an
/// instance's class (CPython's `LOAD_METHOD`); anything else through
/// `getattr`.
pub fn call_method(obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    if let Value::Instance(inst) = obj {
        return crate::object_attr::instance_call_method(obj, inst, name, args);
    }
    match crate::methods::call_method_kw(obj, name, args, &[]) {
        Some(result) => result,
        None => {
            let method = crate::attr::getattr(obj, name)?;
            call(&method, args)
        }
    }
}

/// Positional arguments from Rust: `()`, tuples of up to 8 values
/// convertible with `Into<Value>`, `&[Value]` and `Vec<Value>`.
pub trait IntoArgs {
    /// The arguments as values.
    fn into_args(self) -> Vec<Value>;
}

impl IntoArgs for () {
    fn into_args(self) -> Vec<Value> {
        Vec::new()
    }
}

impl IntoArgs for &[Value] {
    fn into_args(self) -> Vec<Value> {
        self.to_vec()
    }
}

impl<const N: usize> IntoArgs for &[Value; N] {
    fn into_args(self) -> Vec<Value> {
        self.to_vec()
    }
}

impl IntoArgs for Vec<Value> {
    fn into_args(self) -> Vec<Value> {
        self
    }
}

macro_rules! tuple_into_args {
    ($($name:ident),+) => {
        impl<$($name: Into<Value>),+> IntoArgs for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_args(self) -> Vec<Value> {
                let ($($name,)+) = self;
                vec![$($name.into()),+]
            }
        }
    };
}

tuple_into_args!(A);
tuple_into_args!(A, B);
tuple_into_args!(A, B, C);
tuple_into_args!(A, B, C, D);
tuple_into_args!(A, B, C, D, E);
tuple_into_args!(A, B, C, D, E, F);
tuple_into_args!(A, B, C, D, E, F, G);
tuple_into_args!(A, B, C, D, E, F, G, H);

/// Positional values followed by keyword values, and the keyword names.
pub(crate) fn merge_kwargs<'a>(
    mut args: Vec<Value>,
    kwargs: &[(&'a str, Value)],
) -> (Vec<Value>, Vec<&'a str>) {
    let mut names = Vec::with_capacity(kwargs.len());
    for (name, value) in kwargs {
        names.push(*name);
        args.push(value.clone());
    }
    (args, names)
}

/// Calls `callee` with positional arguments from Rust.
pub fn call_into_args(callee: &Value, args: impl IntoArgs) -> PyResult<Value> {
    call(callee, &args.into_args())
}

/// Calls `callee` with positional arguments and `(name, value)` keyword
/// arguments from Rust.
pub fn call_into_args_kw(
    callee: &Value,
    args: impl IntoArgs,
    kwargs: &[(&str, Value)],
) -> PyResult<Value> {
    let (args, names) = merge_kwargs(args.into_args(), kwargs);
    call_kw(callee, &args, &names)
}

/// `func(obj, *args)`: the receiver prepended to the arguments, on the
/// Rust stack for up to three arguments.
pub(crate) fn call_with_self(
    func: &Value,
    obj: &Value,
    args: &[Value],
    kwnames: &[&str],
) -> PyResult<Value> {
    match args {
        [] => call_kw(func, std::slice::from_ref(obj), kwnames),
        [a] => call_kw(func, &[obj.clone(), a.clone()], kwnames),
        [a, b] => call_kw(func, &[obj.clone(), a.clone(), b.clone()], kwnames),
        [a, b, c] => call_kw(
            func,
            &[obj.clone(), a.clone(), b.clone(), c.clone()],
            kwnames,
        ),
        _ => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj.clone());
            full.extend_from_slice(args);
            call_kw(func, &full, kwnames)
        }
    }
}

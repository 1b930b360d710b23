//! Unbound methods of the builtin types, for `LOAD_METHOD`: `xs.append(v)`
//! pushes `[list.append, xs]` and `CALL` passes `xs` as the first argument,
//! as CPython does with its method descriptors — no bound-method object is
//! made for the call.

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::value::Value;

/// Calls method `name` of `args[0]` with the rest of `args`.
fn call_unbound(name: &'static str, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let [obj, rest @ ..] = args else {
        return Err(PyErr::type_error(format!(
            "unbound method {name}() needs an argument"
        )));
    };
    crate::methods::call_method_kw(obj, name, rest, kwnames)
        .unwrap_or_else(|| Err(PyErr::no_attribute(obj, name)))
}

macro_rules! descriptors {
    ($($name:literal => $func:ident,)*) => {
        $(
            fn $func(args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
                call_unbound($name, args, kwnames)
            }
        )*
        /// One unbound method per method name of list, dict and str.
        static DESCRIPTORS: &[Builtin] = &[
            $(Builtin { name: $name, func: $func, is_type: false, binds: false },)*
        ];
    };
}

descriptors! {
    "append" => d_append,
    "pop" => d_pop,
    "extend" => d_extend,
    "insert" => d_insert,
    "index" => d_index,
    "count" => d_count,
    "reverse" => d_reverse,
    "sort" => d_sort,
    "remove" => d_remove,
    "clear" => d_clear,
    "copy" => d_copy,
    "get" => d_get,
    "items" => d_items,
    "keys" => d_keys,
    "values" => d_values,
    "setdefault" => d_setdefault,
    "update" => d_update,
    "popitem" => d_popitem,
    "join" => d_join,
    "split" => d_split,
    "upper" => d_upper,
    "lower" => d_lower,
    "strip" => d_strip,
    "lstrip" => d_lstrip,
    "rstrip" => d_rstrip,
    "replace" => d_replace,
    "startswith" => d_startswith,
    "endswith" => d_endswith,
    "find" => d_find,
    "isdigit" => d_isdigit,
    "isalpha" => d_isalpha,
}

/// The unbound method `obj.name` calls, if `obj` is a list, dict or str
/// that has a method `name`.
#[inline]
pub(crate) fn unbound_method(obj: &Value, name: &str) -> Option<&'static Builtin> {
    if !matches!(obj, Value::List(_) | Value::Dict(_) | Value::Str(_)) {
        return None;
    }
    let method = crate::methods::method_name(obj, name)?;
    DESCRIPTORS.iter().find(|d| d.name == method)
}

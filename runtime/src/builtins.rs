//! The builtin functions and types of tier 1, with CPython's behaviour and
//! error texts.

use std::rc::Rc;

pub use crate::builtins_class::builtin_object;
use crate::builtins_class::{
    b_build_class, b_classmethod, b_delattr, b_getattr, b_globals, b_hasattr, b_id, b_isinstance,
    b_issubclass, b_property, b_setattr, b_staticmethod, b_super, b_type,
};
use crate::builtins_io::{b_exit, b_import, b_input, b_quit};
use crate::builtins_num::{b_bin, b_chr, b_divmod, b_hex, b_oct, b_ord, b_pow, b_round};
use crate::bytes::b_bytes;
use crate::compare::{compare_bool, CmpOp};
use crate::error::{PyErr, PyResult};
use crate::int::{
    as_int, float_to_int, parse_int_str, str_to_int_limit_error, IntRef, ParseIntError,
};
use crate::introspect::{b_dir, b_vars};
use crate::iter::{collect, iter, make_iter, next, IterState};
use crate::iter_adapters::{b_filter, b_map, b_reversed};
use crate::methods::{as_index, sort_options, update_from, Args};
use crate::number::{binary_op, BinOp};
use crate::ops::{len, truthy};
use crate::slice_type::b_slice;
use crate::value::{Range, Value};

/// A builtin's body: arguments, the last `kwnames.len()` being keywords.
pub type BuiltinFn = fn(&[Value], &[&str]) -> PyResult<Value>;

/// A builtin function or type.
pub struct Builtin {
    /// `__name__`.
    pub name: &'static str,
    /// The body.
    pub func: BuiltinFn,
    /// Whether it is a type (`int`, `str`): its repr is `<class 'int'>`.
    pub is_type: bool,
    /// Whether it is a method of a class (`object.__init__`): looked up on
    /// an instance, it is bound to it.
    pub binds: bool,
}

macro_rules! builtins {
    ($($name:literal => $func:ident, $is_type:literal;)*) => {
        static BUILTINS: &[Builtin] = &[
            $(Builtin { name: $name, func: $func, is_type: $is_type, binds: false },)*
        ];
    };
}

builtins! {
    "__build_class__" => b_build_class, false;
    "__import__" => b_import, false;
    "abs" => b_abs, false;
    "all" => b_all, false;
    "any" => b_any, false;
    "ascii" => b_ascii, false;
    "bin" => b_bin, false;
    "bool" => b_bool, true;
    "bytes" => b_bytes, true;
    "callable" => b_callable, false;
    "chr" => b_chr, false;
    "classmethod" => b_classmethod, true;
    "delattr" => b_delattr, false;
    "dir" => b_dir, false;
    "dict" => b_dict, true;
    "divmod" => b_divmod, false;
    "enumerate" => b_enumerate, true;
    "exit" => b_exit, false;
    "filter" => b_filter, true;
    "float" => b_float, true;
    "getattr" => b_getattr, false;
    "globals" => b_globals, false;
    "hasattr" => b_hasattr, false;
    "format" => b_format, false;
    "frozenset" => b_frozenset, true;
    "hash" => b_hash, false;
    "hex" => b_hex, false;
    "id" => b_id, false;
    "input" => b_input, false;
    "int" => b_int, true;
    "isinstance" => b_isinstance, false;
    "issubclass" => b_issubclass, false;
    "iter" => b_iter, false;
    "len" => b_len, false;
    "list" => b_list, true;
    "map" => b_map, true;
    "max" => b_max, false;
    "min" => b_min, false;
    "next" => b_next, false;
    "oct" => b_oct, false;
    "ord" => b_ord, false;
    "pow" => b_pow, false;
    "print" => b_print, false;
    "property" => b_property, true;
    "quit" => b_quit, false;
    "range" => b_range, true;
    "repr" => b_repr, false;
    "reversed" => b_reversed, true;
    "round" => b_round, false;
    "setattr" => b_setattr, false;
    "slice" => b_slice, true;
    "set" => b_set, true;
    "sorted" => b_sorted, false;
    "staticmethod" => b_staticmethod, true;
    "str" => b_str, true;
    "sum" => b_sum, false;
    "super" => b_super, true;
    "tuple" => b_tuple, true;
    "type" => b_type, true;
    "vars" => b_vars, false;
    "zip" => b_zip, true;
}

/// The builtin called `name`.
pub fn builtin_by_name(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

fn no_kw(name: &str, a: &Args<'_>) -> PyResult<()> {
    if a.kw.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )))
    }
}

/// METH_O builtins: `len() takes exactly one argument (0 given)`.
fn one<'a>(name: &str, a: &Args<'a>) -> PyResult<&'a Value> {
    no_kw(name, a)?;
    match a.pos {
        [x] => Ok(x),
        _ => Err(PyErr::type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            a.pos.len()
        ))),
    }
}

fn invalid_kw(kw: &str, fname: &str) -> PyErr {
    PyErr::type_error(format!(
        "'{kw}' is an invalid keyword argument for {fname}()"
    ))
}

fn b_len(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    Ok(Value::Int(len(one("len", &a)?)? as i64))
}

fn b_repr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    Ok(Value::str(crate::repr::checked_repr(one("repr", &a)?)?))
}

fn b_callable(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let x = one("callable", &a)?;
    Ok(Value::Bool(crate::builtins_class::is_callable(x)))
}

fn b_hash(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    Ok(Value::Int(crate::hash::hash(one("hash", &a)?)?))
}

fn b_abs(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let x = one("abs", &a)?;
    if let Some(i) = as_int(x) {
        return Ok(crate::int::abs(i));
    }
    match x {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => Err(PyErr::type_error(format!(
            "bad operand type for abs(): '{}'",
            x.type_name()
        ))),
    }
}

fn b_print(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = None;
    let mut flush = false;
    for (k, v) in &a.kw {
        let target = match *k {
            "sep" => &mut sep,
            "end" => &mut end,
            "file" => {
                if !matches!(v, Value::None) && !crate::modules::stdio::is_stdout(v) {
                    file = Some(*v);
                }
                continue;
            }
            "flush" => {
                flush = truthy(v)?;
                continue;
            }
            other => return Err(invalid_kw(other, "print")),
        };
        match v {
            Value::None => {}
            Value::Str(s) => *target = s.as_ref().clone(),
            other => {
                return Err(PyErr::type_error(format!(
                    "{k} must be None or a string, not {}",
                    other.type_name()
                )))
            }
        }
    }
    if let Some(file) = file {
        return print_to(file, a.pos, &sep, &end, flush);
    }
    let mut out = String::new();
    for (i, v) in a.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match crate::repr::checked_str(v) {
            Ok(text) => out.push_str(&text),
            Err(e) => {
                // CPython has written the arguments before the bad one.
                crate::print::write_stdout(&out);
                return Err(e);
            }
        }
    }
    out.push_str(&end);
    crate::print::write_stdout(&out);
    Ok(Value::None)
}

/// `print(*args, file=file)` for a file other than `sys.stdout`: each
/// piece through `file.write`, as CPython writes them.
fn print_to(file: &Value, args: &[Value], sep: &str, end: &str, flush: bool) -> PyResult<Value> {
    let write = crate::attr::getattr(file, "write")?;
    for (i, v) in args.iter().enumerate() {
        if i > 0 {
            crate::call::call(&write, &[Value::str(sep)])?;
        }
        crate::call::call(&write, &[Value::str(crate::repr::checked_str(v)?)])?;
    }
    crate::call::call(&write, &[Value::str(end)])?;
    if flush {
        crate::call::call_method(file, "flush", &[])?;
    }
    Ok(Value::None)
}

fn b_range(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("range", &a)?;
    a.range("range", "range", 1, 3)?;
    let int_arg = |v: &Value| -> PyResult<i64> {
        match as_int(v) {
            Some(IntRef::Small(i)) => Ok(i),
            Some(IntRef::Big(_)) => Err(PyErr::overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
            None => Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        }
    };
    let vals: Vec<i64> = a.pos.iter().map(int_arg).collect::<PyResult<_>>()?;
    let (start, stop, step) = match vals.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => (0, 0, 1),
    };
    if step == 0 {
        return Err(PyErr::value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(Rc::new(Range { start, stop, step })))
}

fn b_str(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if a.pos.len() > 3 {
        return Err(PyErr::type_error(format!(
            "str() takes at most 3 arguments ({} given)",
            a.pos.len()
        )));
    }
    match a.get(0).or_else(|| a.kwarg("object")) {
        None => Ok(Value::str("")),
        Some(v @ Value::Str(_)) => Ok(v.clone()),
        Some(v) => Ok(Value::str(crate::repr::checked_str(v)?)),
    }
}

fn b_int(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    for (k, _) in &a.kw {
        if *k != "base" {
            return Err(invalid_kw(k, "int"));
        }
    }
    if a.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            a.pos.len()
        )));
    }
    let base = a.get(1).or_else(|| a.kwarg("base"));
    let Some(x) = a.get(0) else {
        return Ok(Value::Int(0));
    };
    if let Some(base) = base {
        let b = as_index(base)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(PyErr::value_error(
                "int() base must be >= 2 and <= 36, or 0",
            ));
        }
        let Value::Str(s) = x else {
            return Err(PyErr::type_error(
                "int() can't convert non-string with explicit base",
            ));
        };
        return parse_int_str(&normalize_digits(s), b as u32).map_err(|e| match e {
            ParseIntError::TooManyDigits(n) => str_to_int_limit_error(n),
            ParseIntError::Invalid => PyErr::value_error(format!(
                "invalid literal for int() with base {b}: {}",
                repr_200(x)
            )),
        });
    }
    match x {
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Float(f) => float_to_int(*f),
        Value::Str(s) => parse_int_str(&normalize_digits(s), 10).map_err(|e| match e {
            ParseIntError::TooManyDigits(n) => str_to_int_limit_error(n),
            ParseIntError::Invalid => PyErr::value_error(format!(
                "invalid literal for int() with base 10: {}",
                repr_200(x)
            )),
        }),
        _ => Err(PyErr::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            x.type_name()
        ))),
    }
}

/// CPython's `%.200R`: the repr cut to its first 200 characters.
fn repr_200(x: &Value) -> String {
    x.repr().chars().take(200).collect()
}

/// Unicode decimal digits as ASCII (`int("٣") == 3`).
fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(_) => c,
            None if c.is_numeric() => unicode_decimal(c).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The ASCII digit of a Unicode decimal digit in the common blocks
/// (Arabic-Indic, Devanagari, fullwidth, ...).
pub(crate) fn unicode_decimal(c: char) -> Option<char> {
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
        0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    let cp = c as u32;
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&cp))
        .and_then(|&z| char::from_digit(cp - z, 10))
}

/// `float(text)`: CPython's accepted spellings.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = normalize_digits(text.trim_matches(|c: char| c.is_whitespace()));
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t.as_str()),
    };
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN.copysign(sign)),
        _ => {}
    }
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
    {
        return None;
    }
    // Underscores only between digits.
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if clean.starts_with(['+', '-']) {
        return None;
    }
    clean.parse::<f64>().ok().map(|x| sign * x)
}

fn b_float(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("float", &a)?;
    a.range("float", "float", 0, 1)?;
    let Some(x) = a.get(0) else {
        return Ok(Value::Float(0.0));
    };
    if let Some(i) = as_int(x) {
        return Ok(Value::Float(i.to_f64()?));
    }
    match x {
        Value::Float(_) => Ok(x.clone()),
        Value::Str(s) => parse_float(s).map(Value::Float).ok_or_else(|| {
            PyErr::value_error(format!("could not convert string to float: {}", x.repr()))
        }),
        _ => Err(PyErr::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            x.type_name()
        ))),
    }
}

fn b_bool(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("bool", &a)?;
    a.range("bool", "bool", 0, 1)?;
    match a.get(0) {
        None => Ok(Value::Bool(false)),
        Some(x) => Ok(Value::Bool(truthy(x)?)),
    }
}

fn b_list(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("list", &a)?;
    a.range("list", "list", 0, 1)?;
    match a.get(0) {
        None => Ok(crate::ops::list(Vec::new())),
        Some(x) => Ok(crate::ops::list(collect(x)?)),
    }
}

fn b_tuple(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("tuple", &a)?;
    a.range("tuple", "tuple", 0, 1)?;
    match a.get(0) {
        None => Ok(crate::ops::tuple(Vec::new())),
        Some(x @ Value::Tuple(t)) if t.struct_seq().is_none() => Ok(x.clone()),
        Some(x) => Ok(crate::ops::tuple(collect(x)?)),
    }
}

fn b_dict(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if a.pos.len() > 1 {
        return Err(PyErr::type_error(format!(
            "dict expected at most 1 argument, got {}",
            a.pos.len()
        )));
    }
    let d = crate::ops::dict_value(crate::dict::Dict::new());
    if let Some(src) = a.get(0) {
        update_from(&d, src)?;
    }
    if let Value::Dict(inner) = &d {
        for (k, v) in &a.kw {
            inner.borrow_mut().set(Value::str(*k), (*v).clone())?;
        }
    }
    Ok(d)
}

fn min_max(args: &[Value], kw: &[&str], name: &str, op: CmpOp) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let mut key = None;
    let mut default = None;
    for (k, v) in &a.kw {
        match *k {
            "key" => {
                if !matches!(v, Value::None) {
                    key = Some((*v).clone());
                }
            }
            "default" => default = Some((*v).clone()),
            other => return Err(invalid_kw(other, name)),
        }
    }
    let items = match a.pos {
        [] => {
            return Err(PyErr::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        [single] => collect(single)?,
        many => {
            if default.is_some() {
                return Err(PyErr::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            many.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => crate::call::call(f, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        best = match best {
            None => Some((k, item)),
            Some((bk, bv)) => {
                if compare_bool(op, &k, &bk)? {
                    Some((k, item))
                } else {
                    Some((bk, bv))
                }
            }
        };
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(PyErr::value_error(format!(
            "{name}() arg is an empty sequence"
        ))),
    }
}

fn b_max(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    min_max(args, kw, "max", CmpOp::Gt)
}

fn b_min(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    min_max(args, kw, "min", CmpOp::Lt)
}

fn b_sum(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    for (k, _) in &a.kw {
        if *k != "start" {
            return Err(invalid_kw(k, "sum"));
        }
    }
    if a.pos.is_empty() {
        return Err(PyErr::type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    if a.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "sum() takes at most 2 arguments ({} given)",
            a.pos.len()
        )));
    }
    let mut total = a
        .get(1)
        .or_else(|| a.kwarg("start"))
        .cloned()
        .unwrap_or(Value::Int(0));
    match total {
        Value::Str(_) => {
            return Err(PyErr::type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ))
        }
        Value::Bytes(_) => {
            return Err(PyErr::type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ))
        }
        _ => {}
    }
    let Some(iterable) = a.get(0) else {
        return Ok(total);
    };
    let it = iter(iterable)?;
    while let Some(item) = next(&it)? {
        total = binary_op(BinOp::Add, &total, &item)?;
    }
    Ok(total)
}

fn b_enumerate(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    for (k, _) in &a.kw {
        if *k != "iterable" && *k != "start" {
            return Err(invalid_kw(k, "enumerate"));
        }
    }
    let Some(iterable) = a.get(0).or_else(|| a.kwarg("iterable")) else {
        return Err(PyErr::type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    };
    let start = match a.get(1).or_else(|| a.kwarg("start")) {
        Some(v) => match as_int(v) {
            Some(_) => v.clone(),
            None => {
                return Err(PyErr::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                )))
            }
        },
        None => Value::Int(0),
    };
    Ok(make_iter(IterState::Enumerate {
        inner: iter(iterable)?,
        count: start,
    }))
}

fn b_zip(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if let Some((k, _)) = a.kw.iter().find(|(k, _)| *k != "strict") {
        return Err(invalid_kw(k, "zip"));
    }
    let iters = a.pos.iter().map(iter).collect::<PyResult<Vec<_>>>()?;
    Ok(make_iter(IterState::Zip { iters }))
}

fn b_sorted(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let [iterable] = a.pos else {
        return Err(PyErr::type_error(format!(
            "sorted expected 1 argument, got {}",
            a.pos.len()
        )));
    };
    let (key, reverse) = sort_options(&a, "sort")?;
    let items = collect(iterable)?;
    Ok(crate::ops::list(crate::sort::sort_values(
        items,
        key.as_ref(),
        reverse,
    )?))
}

fn b_iter(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("iter", &a)?;
    a.range("iter", "iter", 1, 2)?;
    match a.pos {
        [x] => iter(x),
        [func, sentinel] => crate::iter_adapters::callable_iter(func, sentinel),
        _ => Ok(Value::None),
    }
}

fn b_next(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("next", &a)?;
    a.range("next", "next", 1, 2)?;
    let Some(it) = a.get(0) else {
        return Ok(Value::None);
    };
    match crate::iter::next_or_return(it)? {
        Ok(v) => Ok(v),
        Err(returned) => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(crate::vm::stop_iteration(returned)),
        },
    }
}

fn any_all(args: &[Value], kw: &[&str], name: &str, want: bool) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let x = one(name, &a)?;
    let it = iter(x)?;
    while let Some(item) = next(&it)? {
        if truthy(&item)? == want {
            return Ok(Value::Bool(want));
        }
    }
    Ok(Value::Bool(!want))
}

fn b_any(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    any_all(args, kw, "any", true)
}

fn b_all(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    any_all(args, kw, "all", false)
}

fn b_set(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    crate::set::construct(false, a.pos, kw)
}

fn b_frozenset(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    crate::set::construct(true, a.pos, kw)
}

fn b_format(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("format", &a)?;
    a.range("format", "format", 1, 2)?;
    let spec = match a.get(1) {
        None => "",
        Some(Value::Str(s)) => s.as_str(),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "format() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
    };
    match a.get(0) {
        Some(v) => crate::format::format(v, spec).map(Value::str),
        None => Ok(Value::None),
    }
}

fn b_ascii(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    crate::format::ascii(one("ascii", &a)?).map(Value::str)
}

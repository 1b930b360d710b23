//! Code objects as data: `code.replace(**co_*)`, `types.CodeType(...)` and
//! `types.FunctionType(...)`, with CPython 3.11's argument checks and error
//! texts (`code_replace_impl`, `code_new_impl`, `PyCode_NewWithPosOnlyArgs`,
//! `_PyCode_Validate`, `func_new_impl`).
//!
//! A code object made here is owned and runs on the interpreter; it is
//! verified before it first runs (at `FunctionType(...)`, `f.__code__ =
//! ...` or the first call), so a malformed one raises instead of crashing.
//!
//! ```
//! use std::borrow::Cow;
//! use py_fn_runtime::{call_kw, getattr, make_function, CodeData, Constant, Globals, Value};
//! static ANSWER: CodeData = CodeData {
//!     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
//!     code: Cow::Borrowed(&[151, 0, 100, 0, 83, 0]), // RESUME; LOAD_CONST 0; RETURN_VALUE
//!     consts: Cow::Borrowed(&[Constant::Int(42)]), names: Cow::Borrowed(&[]),
//!     varnames: Cow::Borrowed(&[]), cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
//!     filename: Cow::Borrowed("a.py"), name: Cow::Borrowed("answer"),
//!     qualname: Cow::Borrowed("answer"), firstlineno: 1,
//!     linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
//! };
//! fn answer(_f: &py_fn_runtime::Function, _a: &[Value]) -> py_fn_runtime::PyResult<Value> {
//!     Ok(Value::Int(42))
//! }
//! let g = Globals::new("__main__");
//! let f = make_function(&ANSWER, answer, &g, Vec::new(), None, None);
//! let code = getattr(&f, "__code__").unwrap();
//! // code.replace(co_consts=(99,)), then types.FunctionType(patched, globals()):
//! let replace = getattr(&code, "replace").unwrap();
//! let consts = py_fn_runtime::tuple(vec![Value::Int(99)]);
//! let patched = call_kw(&replace, &[consts], &["co_consts"]).unwrap();
//! let types = py_fn_runtime::import_name("types", &Value::None, 0).unwrap();
//! let function_type = getattr(&types, "FunctionType").unwrap();
//! let g2 = getattr(&f, "__globals__").unwrap();
//! let patched_fn = py_fn_runtime::call(&function_type, &[patched, g2]).unwrap();
//! assert_eq!(py_fn_runtime::call(&patched_fn, &[]).unwrap(), Value::Int(99));
//! assert_eq!(py_fn_runtime::call(&f, &[]).unwrap(), Value::Int(42));
//! ```

use std::borrow::Cow;
use std::rc::Rc;

use py_fn_bytecode::{CodeData, Str};

use crate::cell::CellRef;
use crate::code::Code;
use crate::error::{ExcType, PyErr, PyResult};
use crate::function::Function;
use crate::methods::Args;
use crate::value::Value;

/// The keywords of `code.replace`, in CPython's order.
const REPLACE_PARAMS: [&str; 18] = [
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_firstlineno",
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
];

/// `_PyLong_AsInt`: a C `int`.
fn c_int(v: &Value) -> PyResult<i32> {
    let too_large = || PyErr::overflow_error("Python int too large to convert to C int");
    match v {
        Value::Bool(b) => Ok(i32::from(*b)),
        Value::Int(i) => i32::try_from(*i).map_err(|_| too_large()),
        Value::BigInt(_) => Err(too_large()),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

/// What an argument must be, for the error text.
#[derive(Clone, Copy)]
enum Kind {
    Bytes,
    Tuple,
    Str,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::Tuple => "tuple",
            Kind::Str => "str",
        }
    }

    fn accepts(self, v: &Value) -> bool {
        matches!(
            (self, v),
            (Kind::Bytes, Value::Bytes(_))
                | (Kind::Tuple, Value::Tuple(_))
                | (Kind::Str, Value::Str(_))
        )
    }
}

/// `replace() argument 'co_code' must be bytes, not str` /
/// `code() argument 7 must be bytes, not str`.
fn check_kind<'a>(v: &'a Value, kind: Kind, func: &str, what: &str) -> PyResult<&'a Value> {
    if kind.accepts(v) {
        Ok(v)
    } else {
        Err(PyErr::type_error(format!(
            "{func}() argument {what} must be {}, not {}",
            kind.name(),
            v.type_name()
        )))
    }
}

/// The fields of a code object to be made, as Python values.
struct Parts {
    argcount: i32,
    posonlyargcount: i32,
    kwonlyargcount: i32,
    nlocals: i32,
    stacksize: i32,
    flags: i32,
    firstlineno: i32,
    code: Value,
    consts: Option<Value>,
    names: Value,
    varnames: Value,
    freevars: Value,
    cellvars: Value,
    filename: Value,
    name: Value,
    qualname: Value,
    linetable: Value,
    exceptiontable: Value,
}

fn bytes_of(v: &Value) -> Vec<u8> {
    match v {
        Value::Bytes(b) => b.as_ref().clone(),
        _ => Vec::new(),
    }
}

fn str_of(v: &Value) -> Str {
    match v {
        Value::Str(s) => Cow::Owned(s.as_ref().clone()),
        _ => Cow::Borrowed(""),
    }
}

fn items(v: &Value) -> &[Value] {
    match v {
        Value::Tuple(t) => t.as_slice(),
        _ => &[],
    }
}

/// `intern_strings`: `SystemError: non-string found in code slot`.
fn names_of(v: &Value) -> PyResult<Vec<Str>> {
    items(v)
        .iter()
        .map(|item| match item {
            Value::Str(s) => Ok(Cow::Owned(s.as_ref().clone())),
            _ => Err(PyErr::new(
                ExcType::SystemError,
                "non-string found in code slot",
            )),
        })
        .collect()
}

/// `validate_and_copy_tuple` (`types.CodeType`): every name a str.
fn check_name_tuple(v: &Value) -> PyResult<()> {
    for item in items(v) {
        if !matches!(item, Value::Str(_)) {
            return Err(PyErr::type_error(format!(
                "name tuples must contain only strings, not '{}'",
                item.type_name()
            )));
        }
    }
    Ok(())
}

/// `PyErr_BadInternalCall` at the line `_PyCode_Validate` has it on 3.11.7.
fn bad_internal_call() -> PyErr {
    PyErr::new(
        ExcType::SystemError,
        "Objects/codeobject.c:250: bad argument to internal function",
    )
}

/// `PyCode_NewWithPosOnlyArgs` and `_PyCode_Validate`, then the record.
fn new_code(p: Parts) -> PyResult<Rc<Code>> {
    if p.argcount < p.posonlyargcount
        || p.posonlyargcount < 0
        || p.kwonlyargcount < 0
        || p.stacksize < 0
        || p.flags < 0
    {
        return Err(bad_internal_call());
    }
    let code_len = match &p.code {
        Value::Bytes(b) => b.len(),
        _ => 0,
    };
    if code_len % 2 != 0 {
        return Err(PyErr::value_error("code: co_code is malformed"));
    }
    let nvarnames = items(&p.varnames).len() as i64;
    let flags = p.flags as u32;
    let params = i64::from(p.argcount)
        + i64::from(p.kwonlyargcount)
        + i64::from(flags & py_fn_bytecode::code::flags::VARARGS != 0)
        + i64::from(flags & py_fn_bytecode::code::flags::VARKEYWORDS != 0);
    if nvarnames - params < 0 {
        return Err(PyErr::value_error("code: co_varnames is too small"));
    }
    if i64::from(p.nlocals) != nvarnames {
        return Err(PyErr::value_error("code: co_nlocals != len(co_varnames)"));
    }
    let names = names_of(&p.names)?;
    let varnames = names_of(&p.varnames)?;
    let cellvars = names_of(&p.cellvars)?;
    let freevars = names_of(&p.freevars)?;
    let data = CodeData {
        argcount: p.argcount as u32,
        posonlyargcount: p.posonlyargcount as u32,
        kwonlyargcount: p.kwonlyargcount as u32,
        stacksize: p.stacksize as u32,
        flags,
        code: Cow::Owned(bytes_of(&p.code)),
        consts: Cow::Borrowed(&[]),
        names: Cow::Owned(names),
        varnames: Cow::Owned(varnames),
        cellvars: Cow::Owned(cellvars),
        freevars: Cow::Owned(freevars),
        filename: str_of(&p.filename),
        name: str_of(&p.name),
        qualname: str_of(&p.qualname),
        // CPython accepts a negative first line from `types.CodeType`;
        // py_fn's record has none and starts it at 0.
        firstlineno: p.firstlineno.max(0) as u32,
        linetable: Cow::Owned(bytes_of(&p.linetable)),
        exceptiontable: Cow::Owned(bytes_of(&p.exceptiontable)),
    };
    Ok(match p.consts {
        Some(consts) => Code::with_consts(Rc::new(data), consts),
        None => Code::from_owned(Rc::new(data)),
    })
}

/// A str tuple of names.
fn name_tuple(names: &[Str]) -> Value {
    crate::ops::tuple(names.iter().map(|n| Value::str(n.as_ref())).collect())
}

/// `code.replace(**kwargs)`: a new code object with the given `co_*`
/// fields, the others copied.
pub(crate) fn replace(code: &Rc<Code>, a: &Args<'_>) -> PyResult<Value> {
    if !a.pos.is_empty() {
        return Err(PyErr::type_error("replace() takes no positional arguments"));
    }
    for (k, _) in &a.kw {
        if !REPLACE_PARAMS.contains(k) {
            return Err(PyErr::type_error(format!(
                "'{k}' is an invalid keyword argument for replace()"
            )));
        }
    }
    let d = code.data();
    let int = |name: &str, current: u32| -> PyResult<i32> {
        match a.kwarg(name) {
            Some(v) => c_int(v),
            None => Ok(current as i32),
        }
    };
    let obj = |name: &str, kind: Kind| -> PyResult<Option<Value>> {
        match a.kwarg(name) {
            Some(v) => Ok(Some(
                check_kind(v, kind, "replace", &format!("'{name}'"))?.clone(),
            )),
            None => Ok(None),
        }
    };
    let argcount = int("co_argcount", d.argcount)?;
    let posonlyargcount = int("co_posonlyargcount", d.posonlyargcount)?;
    let kwonlyargcount = int("co_kwonlyargcount", d.kwonlyargcount)?;
    let nlocals = int("co_nlocals", d.nlocals())?;
    let stacksize = int("co_stacksize", d.stacksize)?;
    let flags = int("co_flags", d.flags)?;
    let firstlineno = int("co_firstlineno", d.firstlineno)?;
    let code_bytes = obj("co_code", Kind::Bytes)?;
    let consts = obj("co_consts", Kind::Tuple)?;
    let names = obj("co_names", Kind::Tuple)?;
    let varnames = obj("co_varnames", Kind::Tuple)?;
    let freevars = obj("co_freevars", Kind::Tuple)?;
    let cellvars = obj("co_cellvars", Kind::Tuple)?;
    let filename = obj("co_filename", Kind::Str)?;
    let name = obj("co_name", Kind::Str)?;
    let qualname = obj("co_qualname", Kind::Str)?;
    let linetable = obj("co_linetable", Kind::Bytes)?;
    let exceptiontable = obj("co_exceptiontable", Kind::Bytes)?;
    for (value, label) in [
        (argcount, "co_argcount"),
        (posonlyargcount, "co_posonlyargcount"),
        (kwonlyargcount, "co_kwonlyargcount"),
        (nlocals, "co_nlocals"),
        (stacksize, "co_stacksize"),
        (flags, "co_flags"),
        (firstlineno, "co_firstlineno"),
    ] {
        if value < 0 {
            return Err(PyErr::value_error(format!(
                "{label} must be a positive integer"
            )));
        }
    }
    let bytes = |v: &[u8]| Value::Bytes(Rc::new(v.to_vec()));
    // Unchanged constants are the same tuple (its nested code objects
    // the same objects, `'static` ones with their native bodies).
    let consts = Some(consts.unwrap_or_else(|| code.consts()));
    let new = new_code(Parts {
        argcount,
        posonlyargcount,
        kwonlyargcount,
        nlocals,
        stacksize,
        flags,
        firstlineno,
        code: code_bytes.unwrap_or_else(|| bytes(&d.code)),
        consts,
        names: names.unwrap_or_else(|| name_tuple(&d.names)),
        varnames: varnames.unwrap_or_else(|| name_tuple(&d.varnames)),
        freevars: freevars.unwrap_or_else(|| name_tuple(&d.freevars)),
        cellvars: cellvars.unwrap_or_else(|| name_tuple(&d.cellvars)),
        filename: filename.unwrap_or_else(|| Value::str(d.filename.as_ref())),
        name: name.unwrap_or_else(|| Value::str(d.name.as_ref())),
        qualname: qualname.unwrap_or_else(|| Value::str(d.qualname.as_ref())),
        linetable: linetable.unwrap_or_else(|| bytes(&d.linetable)),
        exceptiontable: exceptiontable.unwrap_or_else(|| bytes(&d.exceptiontable)),
    })?;
    Ok(Value::Code(new))
}

/// `types.CodeType(argcount, posonlyargcount, kwonlyargcount, nlocals,
/// stacksize, flags, codestring, constants, names, varnames, filename,
/// name, qualname, firstlineno, linetable, exceptiontable, freevars=(),
/// cellvars=(), /)`.
pub(crate) fn code_new(args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    if !kwnames.is_empty() {
        return Err(PyErr::type_error("code() takes no keyword arguments"));
    }
    if args.len() < 16 {
        return Err(PyErr::type_error(format!(
            "code expected at least 16 arguments, got {}",
            args.len()
        )));
    }
    if args.len() > 18 {
        return Err(PyErr::type_error(format!(
            "code expected at most 18 arguments, got {}",
            args.len()
        )));
    }
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::None);
    let obj = |i: usize, kind: Kind| -> PyResult<Value> {
        let v = arg(i);
        check_kind(&v, kind, "code", &(i + 1).to_string())?;
        Ok(v)
    };
    let argcount = c_int(&arg(0))?;
    let posonlyargcount = c_int(&arg(1))?;
    let kwonlyargcount = c_int(&arg(2))?;
    let nlocals = c_int(&arg(3))?;
    let stacksize = c_int(&arg(4))?;
    let flags = c_int(&arg(5))?;
    let code = obj(6, Kind::Bytes)?;
    let consts = obj(7, Kind::Tuple)?;
    let names = obj(8, Kind::Tuple)?;
    let varnames = obj(9, Kind::Tuple)?;
    let filename = obj(10, Kind::Str)?;
    let name = obj(11, Kind::Str)?;
    let qualname = obj(12, Kind::Str)?;
    let firstlineno = c_int(&arg(13))?;
    let linetable = obj(14, Kind::Bytes)?;
    let exceptiontable = obj(15, Kind::Bytes)?;
    let empty = || crate::ops::tuple(Vec::new());
    let freevars = if args.len() > 16 {
        obj(16, Kind::Tuple)?
    } else {
        empty()
    };
    let cellvars = if args.len() > 17 {
        obj(17, Kind::Tuple)?
    } else {
        empty()
    };
    for (value, what) in [
        (argcount, "argcount"),
        (posonlyargcount, "posonlyargcount"),
        (kwonlyargcount, "kwonlyargcount"),
        (nlocals, "nlocals"),
    ] {
        if value < 0 {
            return Err(PyErr::value_error(format!(
                "code: {what} must not be negative"
            )));
        }
    }
    for t in [&names, &varnames, &freevars, &cellvars] {
        check_name_tuple(t)?;
    }
    let new = new_code(Parts {
        argcount,
        posonlyargcount,
        kwonlyargcount,
        nlocals,
        stacksize,
        flags,
        firstlineno,
        code,
        consts: Some(consts),
        names,
        varnames,
        freevars,
        cellvars,
        filename,
        name,
        qualname,
        linetable,
        exceptiontable,
    })?;
    Ok(Value::Code(new))
}

/// The parameters of `types.FunctionType`.
const FUNCTION_PARAMS: [&str; 5] = ["code", "globals", "name", "argdefs", "closure"];

/// `types.FunctionType(code, globals, name=None, argdefs=None,
/// closure=None)`: a function over any code object, with CPython's checks.
/// Code that will run on the interpreter is verified now
/// (`ValueError: invalid code object ...`).
pub(crate) fn function_new(args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let npos = args.len().saturating_sub(kwnames.len());
    if args.len() > 5 {
        return Err(PyErr::type_error(format!(
            "function() takes at most 5 arguments ({} given)",
            args.len()
        )));
    }
    let mut slots: [Option<&Value>; 5] = [None; 5];
    for (slot, v) in slots.iter_mut().zip(args.iter().take(npos)) {
        *slot = Some(v);
    }
    for (k, v) in kwnames.iter().zip(args.iter().skip(npos)) {
        let Some(i) = FUNCTION_PARAMS.iter().position(|p| p == k) else {
            return Err(PyErr::type_error(format!(
                "'{k}' is an invalid keyword argument for function()"
            )));
        };
        if i < npos {
            return Err(PyErr::type_error(format!(
                "argument for function() given by name ('{k}') and position ({})",
                i + 1
            )));
        }
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(v);
        }
    }
    let missing = |i: usize| {
        PyErr::type_error(format!(
            "function() missing required argument '{}' (pos {})",
            FUNCTION_PARAMS.get(i).copied().unwrap_or("?"),
            i + 1
        ))
    };
    let code = slots[0].ok_or_else(|| missing(0))?;
    let globals = slots[1].ok_or_else(|| missing(1))?;
    let Value::Code(code) = code else {
        return Err(PyErr::type_error(format!(
            "function() argument 'code' must be code, not {}",
            code.type_name()
        )));
    };
    let Value::Dict(globals) = globals else {
        return Err(PyErr::type_error(format!(
            "function() argument 'globals' must be dict, not {}",
            globals.type_name()
        )));
    };
    let none = Value::None;
    let name = slots[2].unwrap_or(&none);
    let defaults = slots[3].unwrap_or(&none);
    let closure = slots[4].unwrap_or(&none);
    if !matches!(name, Value::None | Value::Str(_)) {
        return Err(PyErr::type_error("arg 3 (name) must be None or string"));
    }
    if !matches!(defaults, Value::None | Value::Tuple(_)) {
        return Err(PyErr::type_error("arg 4 (defaults) must be None or tuple"));
    }
    let nfree = code.data().freevars.len();
    let cells: &[Value] = match closure {
        Value::Tuple(t) => t.as_slice(),
        Value::None if nfree > 0 => {
            return Err(PyErr::type_error("arg 5 (closure) must be tuple"));
        }
        Value::None => &[],
        _ => return Err(PyErr::type_error("arg 5 (closure) must be None or tuple")),
    };
    if cells.len() != nfree {
        return Err(PyErr::value_error(format!(
            "{} requires closure of length {}, not {}",
            code.data().name,
            nfree,
            cells.len()
        )));
    }
    let cells: Vec<CellRef> = cells
        .iter()
        .map(|c| match c {
            Value::Cell(c) => Ok(c.clone()),
            other => Err(PyErr::type_error(format!(
                "arg 5 (closure) expected cell, found {}",
                other.type_name()
            ))),
        })
        .collect::<PyResult<_>>()?;
    let globals = crate::globals::Globals::from_dict(globals.clone());
    let defaults = match defaults {
        Value::None => None,
        t => Some(t.clone()),
    };
    let f = Function::from_code(code.clone(), &globals, cells, defaults, None);
    if !f.is_native() {
        crate::vm::check_code(code, ExcType::ValueError)?;
    }
    if let Value::Str(_) = name {
        f.set_name(false, name.clone())?;
    }
    Ok(f.into_value())
}

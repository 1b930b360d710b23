//! Hand-built code objects and native bodies, as generated code writes them.

#![allow(dead_code)]

use py_fn_runtime::{Function, PyResult, Value};

/// A `static` code object with the given signature (no bytecode).
#[macro_export]
macro_rules! code {
    ($name:literal, $qualname:literal, argcount = $argc:expr, posonly = $po:expr,
     kwonly = $kw:expr, flags = $flags:expr, varnames = [$($v:literal),*],
     freevars = [$($f:literal),*]) => {
        py_fn_runtime::CodeData {
            argcount: $argc,
            posonlyargcount: $po,
            kwonlyargcount: $kw,
            stacksize: 1,
            flags: $flags,
            code: std::borrow::Cow::Borrowed(&[]),
            consts: std::borrow::Cow::Borrowed(&[py_fn_runtime::Constant::None]),
            names: std::borrow::Cow::Borrowed(&[]),
            varnames: std::borrow::Cow::Borrowed(&[$(std::borrow::Cow::Borrowed($v)),*]),
            cellvars: std::borrow::Cow::Borrowed(&[]),
            freevars: std::borrow::Cow::Borrowed(&[$(std::borrow::Cow::Borrowed($f)),*]),
            filename: std::borrow::Cow::Borrowed("test.py"),
            name: std::borrow::Cow::Borrowed($name),
            qualname: std::borrow::Cow::Borrowed($qualname),
            firstlineno: 1,
            linetable: std::borrow::Cow::Borrowed(&[]),
            exceptiontable: std::borrow::Cow::Borrowed(&[]),
        }
    };
}

/// A native body returning its bound parameters as a tuple.
pub fn echo(_f: &Function, args: &[Value]) -> PyResult<Value> {
    Ok(py_fn_runtime::tuple(args.to_vec()))
}

//! `sys.stdout`, `sys.stderr` and `sys.stdin`: objects of a class
//! `_io.TextIOWrapper` whose `write` goes where `print` writes (the
//! stdout sink, so [`capture_stdout`] sees it; stderr for `sys.stderr`)
//! and whose `readline` reads what `input` reads.
//!
//! ```
//! use py_fn_runtime::{call_method, capture_stdout, getattr, import_name, Value};
//! let sys = import_name("sys", &Value::None, 0).unwrap();
//! let stdout = getattr(&sys, "stdout").unwrap();
//! let (text, n) = capture_stdout(|| call_method(&stdout, "write", &[Value::str("hé\n")]));
//! assert_eq!((text.as_str(), n.unwrap()), ("hé\n", Value::Int(3)));
//! assert_eq!(stdout.repr(), "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>");
//! ```
//!
//! [`capture_stdout`]: crate::capture_stdout

use std::cell::RefCell;
use std::io::Write;

use crate::builtins::Builtin;
use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

macro_rules! methods {
    ($($name:literal => $func:ident,)*) => {
        static METHODS: &[Builtin] = &[
            $(Builtin { name: $name, func: $func, is_type: false, binds: true },)*
        ];
    };
}

methods! {
    "write" => write,
    "writelines" => writelines,
    "flush" => flush,
    "readline" => readline,
    "read" => read,
    "isatty" => isatty,
    "__iter__" => iter_self,
    "__next__" => next_line,
    "__repr__" => repr,
}

thread_local! {
    static STREAMS: RefCell<Option<[Value; 3]>> = const { RefCell::new(None) };
}

/// The three stream objects (`stdin`, `stdout`, `stderr`), made once
/// per thread.
pub(crate) fn streams() -> [Value; 3] {
    if let Some(s) = STREAMS.with(|s| s.borrow().clone()) {
        return s;
    }
    let mut ns = Dict::new();
    ns.set_str("__module__", Value::str_static("_io"));
    for m in METHODS {
        ns.set_str(m.name, Value::Builtin(m));
    }
    let made = crate::class::new_class("TextIOWrapper", Vec::new(), ns).map(|class| {
        ["<stdin>", "<stdout>", "<stderr>"].map(|name| {
            let inst = crate::instance::Instance::new(class.clone());
            let mode = if name == "<stdin>" { "r" } else { "w" };
            let mut d = inst.dict().borrow_mut();
            d.set_str("name", Value::str(name));
            d.set_str("mode", Value::str(mode));
            d.set_str("encoding", Value::str("utf-8"));
            drop(d);
            Value::Instance(inst)
        })
    });
    let streams = made.unwrap_or([Value::None, Value::None, Value::None]);
    STREAMS.with(|s| *s.borrow_mut() = Some(streams.clone()));
    streams
}

/// Which stream `this` is: its `name`.
fn stream_name(this: Option<&Value>) -> PyResult<String> {
    match this {
        Some(Value::Instance(i)) => match i.own("name") {
            Some(Value::Str(s)) => Ok(s.as_ref().clone()),
            _ => Ok(String::new()),
        },
        _ => Err(PyErr::type_error(
            "descriptor 'write' requires a '_io.TextIOWrapper' object",
        )),
    }
}

fn not_writable() -> PyErr {
    PyErr::new(ExcType::OSError, "not writable")
}

/// Writes `text` to the stream called `name`.
pub(crate) fn write_to(name: &str, text: &str) -> PyResult<()> {
    match name {
        "<stdout>" => crate::print::write_stdout(text),
        "<stderr>" => {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        }
        _ => return Err(not_writable()),
    }
    Ok(())
}

/// Whether `v` is `sys.stdout` (`print` writes there without a call).
pub(crate) fn is_stdout(v: &Value) -> bool {
    let [_, out, _] = streams();
    crate::compare::is(v, &out)
}

fn write(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = crate::methods::Args::new(args.get(1..).unwrap_or(&[]), kw);
    let text = a.one("TextIOWrapper.write")?;
    let Value::Str(s) = text else {
        return Err(PyErr::type_error(format!(
            "write() argument must be str, not {}",
            text.type_name()
        )));
    };
    write_to(&stream_name(args.first())?, s)?;
    Ok(Value::Int(s.chars().count() as i64))
}

fn writelines(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = crate::methods::Args::new(args.get(1..).unwrap_or(&[]), kw);
    let lines = crate::iter::collect(a.one("TextIOWrapper.writelines")?)?;
    let name = stream_name(args.first())?;
    for line in lines {
        let Value::Str(s) = &line else {
            return Err(PyErr::type_error(format!(
                "write() argument must be str, not {}",
                line.type_name()
            )));
        };
        write_to(&name, s)?;
    }
    Ok(Value::None)
}

fn flush(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    stream_name(args.first())?;
    Ok(Value::None)
}

fn isatty(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    stream_name(args.first())?;
    Ok(Value::Bool(false))
}

fn readable(args: &[Value]) -> PyResult<()> {
    if stream_name(args.first())? == "<stdin>" {
        Ok(())
    } else {
        Err(PyErr::new(ExcType::OSError, "not readable"))
    }
}

fn readline(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    readable(args)?;
    let line = crate::builtins_io::read_line()?.unwrap_or_default();
    crate::codecs::decode(&line, "utf-8", "strict").map(Value::str)
}

fn read(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    readable(args)?;
    let mut all = Vec::new();
    while let Some(line) = crate::builtins_io::read_line()? {
        all.extend(line);
    }
    crate::codecs::decode(&all, "utf-8", "strict").map(Value::str)
}

fn iter_self(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    readable(args)?;
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn next_line(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    match readline(args, kw)? {
        Value::Str(s) if s.is_empty() => Err(PyErr::stop_iteration()),
        line => Ok(line),
    }
}

fn repr(args: &[Value], _kw: &[&str]) -> PyResult<Value> {
    let name = stream_name(args.first())?;
    let mode = if name == "<stdin>" { "r" } else { "w" };
    Ok(Value::str(format!(
        "<_io.TextIOWrapper name='{name}' mode='{mode}' encoding='utf-8'>"
    )))
}

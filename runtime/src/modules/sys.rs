//! `sys`: the version (`sys.version_info >= (3, 8)` is how programs ask
//! which Python they run on; py_fn answers as CPython 3.11.7, with
//! `version_info` a struct sequence as CPython's), the recursion limit,
//! the exception being handled, `argv`, `exit`, and the standard streams.
//!
//! ```
//! use py_fn_runtime::{getattr, import_name, Value};
//! let sys = import_name("sys", &Value::None, 0).unwrap();
//! let v = getattr(&sys, "version_info").unwrap();
//! assert_eq!(v.repr(), "sys.version_info(major=3, minor=11, micro=7, releaselevel='final', serial=0)");
//! assert_eq!(getattr(&v, "minor").unwrap(), Value::Int(11));
//! ```

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::module::Module;
use crate::value::Value;

static GETRECURSIONLIMIT: Builtin = super::function("getrecursionlimit", getrecursionlimit);
static EXC_INFO: Builtin = super::function("exc_info", exc_info);
static EXCEPTION: Builtin = super::function("exception", exception);
static EXIT: Builtin = super::function("exit", exit);

/// The type of `sys.version_info`.
static VERSION_INFO: crate::tuple::StructSeq = crate::tuple::StructSeq {
    name: "sys.version_info",
    fields: &["major", "minor", "micro", "releaselevel", "serial"],
};

/// `sys.exit(status=None, /)`: `raise SystemExit(status)`.
fn exit(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = crate::methods::Args::new(args, kw);
    a.range("exit", "sys.exit", 0, 1)?;
    let code = a.get(0).cloned().unwrap_or(Value::None);
    Err(crate::exc_init::raise_builtin(
        crate::error::ExcType::SystemExit,
        if matches!(code, Value::None) {
            Vec::new()
        } else {
            vec![code]
        },
    ))
}

fn no_args(name: &str, args: &[Value], kw: &[&str]) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "sys.{name}() takes no keyword arguments"
        )));
    }
    if !args.is_empty() {
        return Err(PyErr::type_error(format!(
            "sys.{name}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

fn getrecursionlimit(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("getrecursionlimit", args, kw)?;
    Ok(Value::Int(crate::function::RECURSION_LIMIT as i64))
}

fn exc_info(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("exc_info", args, kw)?;
    Ok(match crate::exception::current_handled() {
        Some(e) => {
            let class = match &e {
                Value::Instance(i) => Value::Class(i.class().clone()),
                _ => Value::None,
            };
            crate::ops::tuple(vec![class, e, Value::None])
        }
        None => crate::ops::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn exception(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    no_args("exception", args, kw)?;
    Ok(crate::exception::current_handled().unwrap_or(Value::None))
}

/// The `sys` module.
pub(crate) fn make() -> Module {
    let version_info = Value::Tuple(std::rc::Rc::new(crate::tuple::TupleItems::named(
        &VERSION_INFO,
        vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(7),
            Value::str("final"),
            Value::Int(0),
        ],
    )));
    let [stdin, stdout, stderr] = super::stdio::streams();
    Module::new(
        "sys",
        vec![
            ("version_info", version_info),
            ("version", Value::str("3.11.7 (py_fn)")),
            ("hexversion", Value::Int(0x030b07f0)),
            ("maxsize", Value::Int(i64::MAX)),
            (
                "byteorder",
                Value::str(if cfg!(target_endian = "little") {
                    "little"
                } else {
                    "big"
                }),
            ),
            ("platform", Value::str(std::env::consts::OS)),
            ("getrecursionlimit", Value::Builtin(&GETRECURSIONLIMIT)),
            ("exc_info", Value::Builtin(&EXC_INFO)),
            ("exception", Value::Builtin(&EXCEPTION)),
            ("exit", Value::Builtin(&EXIT)),
            ("argv", crate::ops::list(vec![Value::str("")])),
            ("stdin", stdin),
            ("stdout", stdout),
            ("stderr", stderr),
        ],
    )
}

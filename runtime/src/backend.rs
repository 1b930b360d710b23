//! The entry points generated code calls for code the Rust back end does
//! not lower: module code run on the bytecode interpreter, and
//! `LOAD_BUILD_CLASS`. (The table of native bodies, `register_natives`, and
//! the switch that forces the interpreter, `set_force_vm`, live with the
//! code objects and functions they act on.)

use py_fn_bytecode::CodeData;

use crate::error::{ExcType, PyErr, PyResult};
use crate::globals::Globals;
use crate::value::Value;

/// Runs a module's code object on the interpreter in the namespace `g`
/// (the functions it makes run natively when their code objects have
/// registered native bodies, unless the interpreter is forced).
pub fn run_module_code(code: &'static CodeData, g: &Globals) -> PyResult<()> {
    crate::vm::run_code(&crate::code::Code::from_static(code), g).map(drop)
}

/// `LOAD_BUILD_CLASS`: `__build_class__` from the builtins.
pub fn load_build_class() -> PyResult<Value> {
    match crate::builtins::builtin_by_name("__build_class__") {
        Some(b) => Ok(Value::Builtin(b)),
        None => Err(PyErr::new(ExcType::NameError, "__build_class__ not found")),
    }
}

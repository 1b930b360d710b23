//! How generated code chooses between its native bodies and the bytecode
//! interpreter: the table of native bodies a `py_fn!` module registers (so a
//! function the interpreter makes from a static code object still runs
//! natively), the switch that forces the interpreter, and the entry points
//! generated code calls for code the Rust back end does not lower.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use py_fn_bytecode::CodeData;

use crate::error::{ExcType, PyErr, PyResult};
use crate::function::{Function, NativeFn};
use crate::globals::Globals;
use crate::value::Value;

thread_local! {
    /// Native bodies by the address of their static code record.
    static NATIVES: RefCell<HashMap<usize, NativeFn>> = RefCell::new(HashMap::new());
    /// Tables already registered (by address), so registering is cheap.
    static TABLES: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    /// Whether every function runs on the interpreter.
    static FORCE_VM: Cell<bool> = const { Cell::new(false) };
}

/// Registers the native bodies of a module's code objects (once per table
/// and thread).
pub fn register_natives(table: &'static [(&'static CodeData, NativeFn)]) {
    let key = table.as_ptr() as usize;
    let fresh = TABLES.with(|t| {
        let mut t = t.borrow_mut();
        if t.contains(&key) {
            false
        } else {
            t.push(key);
            true
        }
    });
    if fresh {
        NATIVES.with(|n| {
            let mut n = n.borrow_mut();
            for (code, body) in table {
                n.insert(*code as *const CodeData as usize, *body);
            }
        });
    }
}

/// The native body registered for a static code record.
pub fn native_for(code: &'static CodeData) -> Option<NativeFn> {
    if force_vm() {
        return None;
    }
    NATIVES.with(|n| n.borrow().get(&(code as *const CodeData as usize)).copied())
}

/// Whether the interpreter runs everything (native bodies ignored).
pub fn force_vm() -> bool {
    FORCE_VM.with(|f| f.get())
}

/// Forces the interpreter for every function and module made on this
/// thread from now on (`false` restores native bodies).
pub fn set_force_vm(on: bool) {
    FORCE_VM.with(|f| f.set(on));
}

/// The body of a function whose code the Rust back end does not lower: it
/// runs the code object on the bytecode interpreter.
pub fn vm_body(f: &Function, _args: &[Value]) -> PyResult<Value> {
    Err(PyErr::new(
        ExcType::NotImplementedError,
        format!(
            "{}() needs the bytecode interpreter, which is not available yet",
            f.qualname()
        ),
    ))
}

/// Runs a module's code object on the interpreter in the namespace `g`.
pub fn run_module_code(code: &'static CodeData, _g: &Globals) -> PyResult<()> {
    Err(PyErr::new(
        ExcType::NotImplementedError,
        format!(
            "module {} needs the bytecode interpreter, which is not available yet",
            code.filename
        ),
    ))
}

/// `LOAD_BUILD_CLASS`: `__build_class__` from the builtins.
pub fn load_build_class() -> PyResult<Value> {
    match crate::builtins::builtin_by_name("__build_class__") {
        Some(b) => Ok(Value::Builtin(b)),
        None => Err(PyErr::new(ExcType::NameError, "__build_class__ not found")),
    }
}

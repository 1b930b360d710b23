//! The interpreter column: the same `py_fn!` module, but every function
//! and the module code run on py_fn's CPython 3.11 bytecode interpreter
//! (`py_fn::set_force_vm(true)`).
//!
//! The module is imported once per thread, and a function runs on the
//! interpreter only if it was made while the switch was on, so each
//! measurement runs on a thread of its own that turns the switch on before
//! its first use of the module. Before timing, [`check_interpreted`]
//! makes sure that no function the workloads use has a native body.

use py_fn::Value;

use crate::measure::{time_runs, Outcome};
use crate::workloads::{self, Workload};

/// Stack of the measuring thread: interpreted frames live on the Rust
/// stack.
const STACK: usize = 64 << 20;

/// Times workload `w` on the interpreter, like [`time_runs`] does natively.
pub fn time_runs_vm(runs: usize, w: Workload) -> Outcome {
    on_vm_thread(move || match check_interpreted() {
        Ok(()) => time_runs(runs, w.ops, || workloads::run_py_fn(w.name, w.n)),
        Err(e) => Outcome::NotAvailable(format!("error: {e}")),
    })
}

/// Runs `f` on a new thread with the interpreter forced from its start.
pub fn on_vm_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .name("py_fn-vm".to_string())
        .stack_size(STACK)
        .spawn(move || {
            py_fn::set_force_vm(true);
            f()
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(v)) => v,
        Ok(Err(_)) => panic!("the interpreter thread panicked"),
        Err(e) => panic!("cannot start the interpreter thread: {e}"),
    }
}

/// Checks, on a thread where [`py_fn::set_force_vm`] is on, that every
/// function of `workloads.py` (top-level functions, methods, and the
/// closures the factories return) runs on the interpreter.
pub fn check_interpreted() -> Result<(), String> {
    if !py_fn::force_vm() {
        return Err("the interpreter is not forced on this thread".to_string());
    }
    let w1 = workloads::py::w1
        .try_function()
        .map_err(|e| e.to_string())?;
    let Value::Function(w1) = w1 else {
        return Err("w1 is not a function".to_string());
    };
    let globals = w1.globals();
    let mut class: Option<Value> = None;
    let mut checked = 0;
    for line in workloads::SOURCE.lines() {
        if let Some(rest) = line.strip_prefix("def ") {
            let name = rest.split('(').next().unwrap_or(rest);
            let f = globals
                .get(name)
                .ok_or_else(|| format!("no function {name}"))?;
            interpreted(name, &f)?;
            checked += 1;
            class = None;
        } else if let Some(rest) = line.strip_prefix("class ") {
            let name = rest.split([':', '(']).next().unwrap_or(rest);
            class = Some(
                globals
                    .get(name)
                    .ok_or_else(|| format!("no class {name}"))?,
            );
        } else if let (Some(rest), Some(cls)) = (line.strip_prefix("    def "), &class) {
            let name = rest.split('(').next().unwrap_or(rest);
            let method = cls.getattr(name).map_err(|e| e.to_string())?;
            interpreted(name, &method)?;
            checked += 1;
        }
    }
    // The closures the factories make at run time.
    let made = [
        ("outer(2, 3)", workloads::py::outer.call((2, 3))),
        ("make_counter()", workloads::py::make_counter.call(())),
        ("make_scaler(3)", workloads::py::make_scaler.call((3,))),
    ];
    for (what, f) in made {
        interpreted(what, &f.map_err(|e| e.to_string())?)?;
        checked += 1;
    }
    if checked < 12 {
        return Err(format!("only {checked} functions found to check"));
    }
    Ok(())
}

/// `Ok` if `f` is a function without a native body.
fn interpreted(name: &str, f: &Value) -> Result<(), String> {
    match f {
        Value::Function(f) if !f.is_native() => Ok(()),
        Value::Function(_) => Err(format!("{name} has a native body")),
        other => Err(format!("{name} is not a function: {}", other.repr())),
    }
}

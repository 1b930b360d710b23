//! Runs a Python file's module code on the interpreter: `cargo run
//! --release --example vm_run -- FILE.py` (for profiling the interpreter).

use std::rc::Rc;

fn main() {
    let path = std::env::args().nth(1).expect("a .py file");
    let source = std::fs::read_to_string(&path).expect("readable");
    py_fn_runtime::set_force_vm(true);
    let data = py_fn_compiler::compile(&source, &path).expect("compiles");
    let g = py_fn_runtime::Globals::new("__main__");
    let code = py_fn_runtime::Code::from_owned(Rc::new(data));
    if let Err(e) = py_fn_runtime::vm::run_code(&code, &g) {
        eprintln!("{e}");
    }
}

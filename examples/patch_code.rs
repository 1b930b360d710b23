//! Code objects as data, safely.
//!
//! `examples/patch_code.py` patches `outer`'s constant `42` to `99` with
//! `code.replace` and rebuilds the function with `types.FunctionType`: the
//! closure it returns computes `5 * 10 + 99 = 149` — the patched code runs on
//! py_fn's bytecode interpreter, sharing cells with native code. Then it
//! removes `outer`'s constants: CPython 3.11 crashes on that code object
//! (`python3 examples/patch_code.py` dies with a segmentation fault there);
//! py_fn verifies a patched code object before it runs and raises instead.
//!
//! Run: `cargo run --example patch_code`

use py_fn::Value;

mod patch {
    py_fn::py_fn!(file = "examples/patch_code.py");
}

fn main() -> py_fn::PyResult<()> {
    // The first use of `patch::outer` imports the module: its top-level
    // statements run (and print) once.
    let outer = patch::outer.try_function()?;

    // The same patch from Rust, 42 -> 7, with Python's own `code.replace`
    // and the function type's constructor (`types.FunctionType`).
    let code = outer.getattr("__code__")?;
    let consts = match code.getattr("co_consts")? {
        Value::Tuple(items) => items.to_vec(),
        _ => Vec::new(),
    };
    let patched_consts = Value::tuple(consts.into_iter().map(|c| {
        if c == Value::from(42) {
            Value::from(7)
        } else {
            c
        }
    }));
    let new_code = py_fn::call_kw(&code.getattr("replace")?, &[patched_consts], &["co_consts"])?;
    let function_type = outer.getattr("__class__")?;
    let patched = py_fn::call(&function_type, &[new_code, outer.getattr("__globals__")?])?;
    let inner = py_fn::call(&patched, &[2.into(), 3.into()])?;
    let result = py_fn::call(&inner, &[10.into()])?;
    println!("from Rust, 42 -> 7: patched(2, 3)(10) = {result}");
    assert_eq!(result, Value::from(57));
    Ok(())
}

//! The seed tutorial's closure, end to end.
//!
//! `examples/seed_walkthrough.py` holds the tutorial's `outer`/`inner` on the
//! same lines as the tutorial's program. `py_fn!` compiles it at build time;
//! this program then prints, through the Rust API, the tutorial's
//! "Attributes for inner" dump and disassembly (the same bytes CPython 3.11
//! prints), and goes on to change a closure cell from Rust.
//!
//! Run: `cargo run --example seed_walkthrough`

mod seed {
    py_fn::py_fn!(file = "examples/seed_walkthrough.py");
}

use py_fn::{PyResult, Value};

fn main() -> PyResult<()> {
    // Run the module (it binds `outer` and `inner_fn`), then take
    // `inner_fn = outer(2, 3)` as Python did.
    seed::__main__()?;
    let inner_fn = seed::outer.call((2, 3))?;
    let inner = inner_fn.as_function().expect("outer returns a function");
    let code = inner.code();

    // The tutorial's dump_code(inner_fn).
    println!("\nAttributes for {}", inner.name());
    let attrs: [(&str, Value); 10] = [
        ("co_argcount", code.co_argcount()),
        ("co_posonlyargcount", code.co_posonlyargcount()),
        ("co_kwonlyargcount", code.co_kwonlyargcount()),
        ("co_nlocals", code.co_nlocals()),
        ("co_stacksize", code.co_stacksize()),
        ("co_consts", code.co_consts()),
        ("co_names", code.co_names()),
        ("co_varnames", code.co_varnames()),
        ("co_cellvars", code.co_cellvars()),
        ("co_freevars", code.co_freevars()),
    ];
    for (name, value) in &attrs {
        println!(" {name:<18}: {value}");
    }
    println!(" Disassembly:");
    print!("{}", inner.dis());

    let outer = seed::outer.function();
    let outer = outer.as_function().expect("outer is a function");
    println!("\nouter.co_cellvars: {}", outer.code().co_cellvars());
    println!("inner.co_freevars : {}", code.co_freevars());

    // Past the tutorial: call the closure, then rebind `y` through
    // `__closure__` from Rust, exactly like `inner_fn.__closure__[1].cell_contents = 99`.
    println!("\ninner_fn(10) = {}", inner.call((10,))?);
    let cells = inner.closure();
    for (name, cell) in code.freevars_names().iter().zip(cells) {
        println!(
            "cell {name}: {} held in a {}",
            cell.borrow().as_ref().map(Value::repr).unwrap_or_default(),
            std::any::type_name_of_val(cell)
        );
    }
    *cells[1].borrow_mut() = Some(Value::from(99));
    let after = inner.call((10,))?;
    println!("after y = 99 : inner_fn(10) = {after}");
    assert_eq!(after, Value::from(149));
    Ok(())
}

//! `repr()` and `str()` of every value, exactly as CPython 3.11 writes them
//! (addresses are this process's pointers).

use std::cell::RefCell;

use py_fn_bytecode::repr::{bytes_repr, float_repr, str_repr, tuple_repr};

use crate::value::{Value, ViewKind};

thread_local! {
    /// Containers being printed (`[...]` for a list that holds itself).
    static ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` unless the container at `addr` is already being printed.
fn guarded(addr: usize, placeholder: &str, f: impl FnOnce() -> String) -> String {
    let busy = ACTIVE.with(|a| a.borrow().contains(&addr));
    if busy {
        return placeholder.to_string();
    }
    ACTIVE.with(|a| a.borrow_mut().push(addr));
    let out = f();
    ACTIVE.with(|a| {
        a.borrow_mut().retain(|&x| x != addr);
    });
    out
}

/// `0x...` as C's `%p` prints it.
pub fn address(addr: usize) -> String {
    format!("{addr:#x}")
}

fn join(items: &[Value]) -> String {
    items.iter().map(repr).collect::<Vec<_>>().join(", ")
}

/// Python's `repr(v)`.
pub fn repr(v: &Value) -> String {
    match v {
        Value::None => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => b.to_str_radix(10),
        Value::Float(x) => float_repr(*x),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::List(l) => guarded(v.address(), "[...]", || {
            let items = l.borrow().clone();
            format!("[{}]", join(&items))
        }),
        Value::Tuple(t) => guarded(v.address(), "(...)", || tuple_repr(t.iter().map(repr))),
        Value::Dict(d) => guarded(v.address(), "{...}", || {
            let items = d.borrow().items();
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }),
        Value::Function(f) => format!("<function {} at {}>", f.qualname(), address(v.address())),
        Value::Code(c) => {
            let data = c.data();
            format!(
                "<code object {} at {}, file \"{}\", line {}>",
                data.name,
                address(v.address()),
                data.filename,
                data.firstlineno
            )
        }
        Value::Cell(cell) => {
            let contents = cell.borrow().clone();
            match contents {
                None => format!("<cell at {}: empty>", address(v.address())),
                Some(inner) => format!(
                    "<cell at {}: {} object at {}>",
                    address(v.address()),
                    inner.type_name(),
                    address(inner_address(cell, &inner))
                ),
            }
        }
        Value::Builtin(b) => {
            if b.is_type {
                format!("<class '{}'>", b.name)
            } else {
                format!("<built-in function {}>", b.name)
            }
        }
        Value::Method(m) => format!(
            "<built-in method {} of {} object at {}>",
            m.name,
            m.obj.type_name(),
            address(m.obj.address())
        ),
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Iter(_) => format!("<{} object at {}>", v.type_name(), address(v.address())),
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            repr(&s.start),
            repr(&s.stop),
            repr(&s.step)
        ),
        Value::DictView(view) => {
            let d = view.dict.borrow().clone();
            let inner = match view.kind {
                ViewKind::Keys => join(&d.keys()),
                ViewKind::Values => join(&d.values()),
                ViewKind::Items => d
                    .items()
                    .into_iter()
                    .map(|(k, v)| format!("({}, {})", repr(&k), repr(&v)))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            format!("{}([{}])", v.type_name(), inner)
        }
    }
}

/// The address of a cell's contents: the heap object, or for inline
/// values a stable address inside the cell.
fn inner_address(cell: &crate::cell::CellRef, inner: &Value) -> usize {
    match inner {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
            std::rc::Rc::as_ptr(cell) as usize + 16
        }
        other => other.address(),
    }
}

/// Python's `str(v)`.
pub fn str_of(v: &Value) -> String {
    match v {
        Value::Str(s) => s.as_ref().clone(),
        _ => repr(v),
    }
}

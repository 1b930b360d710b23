//! `repr()` and `str()` of every value, exactly as CPython 3.11 writes them
//! (addresses are this process's pointers).

use std::cell::RefCell;

use py_fn_bytecode::repr::{bytes_repr, float_repr, str_repr, tuple_repr};

use crate::error::PyResult;
use crate::value::{Value, ViewKind};

thread_local! {
    /// `(checking, exceeded)`: whether [`checked_repr`]/[`checked_str`] run,
    /// and whether they met an int over CPython's limit on digits.
    static INT_LIMIT: std::cell::Cell<(bool, bool)> = const { std::cell::Cell::new((false, false)) };

    /// Containers being printed (`[...]` for a list that holds itself).
    static ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };

    /// The first error a `__repr__`/`__str__` of an instance raised while
    /// [`checked_repr`]/[`checked_str`] run (the text is then discarded).
    static HOOK_ERROR: RefCell<Option<crate::error::PyErr>> = const { RefCell::new(None) };
}

/// The text a special method gave, or (recording the error for
/// [`checked`]) an empty string.
fn hook_text(r: PyResult<String>) -> String {
    match r {
        Ok(s) => s,
        Err(e) => {
            HOOK_ERROR.with(|slot| {
                let mut slot = slot.borrow_mut();
                if slot.is_none() {
                    *slot = Some(e);
                }
            });
            String::new()
        }
    }
}

/// Runs `f` unless the container at `addr` is already being printed.
pub(crate) fn guarded(addr: usize, placeholder: &str, f: impl FnOnce() -> String) -> String {
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
        Value::BigInt(b) => big_repr(b),
        Value::Float(x) => float_repr(*x),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::List(l) => guarded(v.address(), "[...]", || {
            let items = l.borrow().clone();
            format!("[{}]", join(&items))
        }),
        Value::Tuple(t) => guarded(v.address(), "(...)", || match t.struct_seq() {
            Some(kind) => {
                let parts: Vec<String> = kind
                    .fields
                    .iter()
                    .zip(t.iter())
                    .map(|(f, x)| format!("{f}={}", repr(x)))
                    .collect();
                format!("{}({})", kind.name, parts.join(", "))
            }
            None => tuple_repr(t.iter().map(repr)),
        }),
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
            } else if b.binds {
                format!("<slot wrapper '{}' of 'object' objects>", b.name)
            } else {
                format!("<built-in function {}>", b.name)
            }
        }
        Value::Method(m) if matches!(&m.obj, Value::Builtin(t) if t.is_type) => {
            format!(
                "<method '{}' of '{}' objects>",
                m.name,
                m.obj
                    .to_str()
                    .trim_start_matches("<class '")
                    .trim_end_matches("'>")
            )
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
        Value::Class(c) => c.repr(),
        Value::Instance(_) => guarded(v.address(), "...", || {
            hook_text(crate::dunder::instance_repr(v))
        }),
        Value::Bound(b) => match &b.func {
            Value::Builtin(f) => format!(
                "<method-wrapper '{}' of {} object at {}>",
                f.name,
                b.obj.type_name(),
                address(b.obj.address())
            ),
            func => {
                let qualname = match func {
                    Value::Function(f) => f.qualname(),
                    other => other.type_name().to_string(),
                };
                format!("<bound method {} of {}>", qualname, repr(&b.obj))
            }
        },
        Value::Descriptor(d) => match d.func() {
            Some(f) => format!("<{}({})>", d.type_name(), repr(f)),
            None => format!("<property object at {}>", address(v.address())),
        },
        Value::Super(s) => format!(
            "<super: <class '{}'>, <{} object>>",
            s.this_class.name(),
            s.obj_class.name()
        ),
        Value::Module(m) => format!("<module '{}' (built-in)>", m.name()),
        Value::Generator(g) => format!(
            "<generator object {} at {}>",
            g.qualname(),
            address(v.address())
        ),
        Value::NotImplemented => "NotImplemented".to_string(),
        Value::Ellipsis => "Ellipsis".to_string(),
        Value::Set(_) | Value::FrozenSet(_) => crate::set::repr(v),
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

/// The decimal text of a big int; under [`checked_repr`], an int of more
/// than 4300 digits is not converted (the conversion is quadratic) and
/// marks the result as an error.
fn big_repr(b: &num_bigint::BigInt) -> String {
    let checking = INT_LIMIT.with(|l| l.get().0);
    if checking && crate::int::exceeds_str_digits(b) {
        INT_LIMIT.with(|l| l.set((true, true)));
        return String::new();
    }
    b.to_str_radix(10)
}

/// Runs `f` (a `repr`) in checking mode: CPython's `ValueError` when an int
/// in the value has more than 4300 decimal digits, and the first error a
/// `__repr__`/`__str__` of an instance raised.
fn checked(f: impl FnOnce() -> String) -> PyResult<String> {
    let outer = INT_LIMIT.with(|l| l.replace((true, false)));
    let outer_error = HOOK_ERROR.with(|slot| slot.borrow_mut().take());
    let text = f();
    let (_, exceeded) = INT_LIMIT.with(|l| l.replace(outer));
    let error = HOOK_ERROR.with(|slot| std::mem::replace(&mut *slot.borrow_mut(), outer_error));
    if let Some(e) = error {
        return Err(e);
    }
    if exceeded {
        Err(crate::int::int_to_str_limit_error())
    } else {
        Ok(text)
    }
}

/// Python's `repr(v)` as the `repr()` builtin computes it: `ValueError:
/// Exceeds the limit (4300 digits) for integer string conversion; ...` when
/// `v` is or holds an int of more than 4300 decimal digits.
pub fn checked_repr(v: &Value) -> PyResult<String> {
    checked(|| repr(v))
}

/// Python's `str(v)` as `str()` and `print` compute it (see
/// [`checked_repr`]).
pub fn checked_str(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_ref().clone()),
        Value::Instance(_) => checked(|| hook_text(crate::dunder::instance_str(v))),
        _ => checked(|| repr(v)),
    }
}

/// Python's `str(v)`.
pub fn str_of(v: &Value) -> String {
    match v {
        Value::Str(s) => s.as_ref().clone(),
        Value::Instance(_) => {
            let text = hook_text(crate::dunder::instance_str(v));
            HOOK_ERROR.with(|slot| slot.borrow_mut().take());
            text
        }
        _ => repr(v),
    }
}

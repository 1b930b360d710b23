//! Calls: `LOAD_METHOD`, `CALL` (with `KW_NAMES`), `CALL_FUNCTION_EX`,
//! `MAKE_FUNCTION`, and zero-argument `super()`.

use crate::cell::CellRef;
use crate::error::{ExcType, PyErr, PyResult};
use crate::function::Function;
use crate::value::Value;

use super::frame::{corrupt, Frame};

/// `LOAD_METHOD name`: `[function, obj]` when `obj.name` is a plain
/// function found on `obj`'s class (no bound-method object is made), and
/// `[NULL, obj.name]` otherwise.
pub(crate) fn load_method(frame: &mut Frame, name: &str) -> PyResult<()> {
    let obj = frame.pop()?;
    if let Some(method) = super::descriptors::unbound_method(&obj, name) {
        frame.push(Value::Builtin(method))?;
        return frame.push(obj);
    }
    if let Value::Instance(inst) = &obj {
        let plain = !matches!(name, "__class__" | "__dict__")
            && inst.exc().is_none()
            && inst.own(name).is_none();
        if plain {
            if let Some(f @ Value::Function(_)) = inst.class().lookup(name) {
                frame.push(f)?;
                return frame.push(obj);
            }
        }
    }
    let attr = crate::attr::getattr(&obj, name)?;
    frame.push_null()?;
    frame.push(attr)
}

/// Arguments passed on the Rust stack when there are at most this many.
const INLINE_ARGS: usize = 6;

/// `CALL argc`: the stack holds `[NULL, callable, args...]` or `[method,
/// self, args...]`; the last names of a preceding `KW_NAMES` are keywords.
/// `true`: the callee is interpreted and its activation now runs
/// (`activation.rs`); otherwise the result is on the stack.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn call(frame: &mut Frame, consts: &[Value], argc: usize) -> PyResult<bool> {
    let kwnames = frame.kwnames.take();
    let base = frame
        .sp
        .checked_sub(argc + 2)
        .filter(|&b| b >= frame.stack_base)
        .ok_or_else(|| corrupt("CALL below the stack"))?;
    let first = match frame.slots.get(base) {
        Some(Some(_)) => base + 1,
        _ => base + 2,
    };
    if kwnames.is_none() {
        if super::activation::enter(frame, base, first)? {
            return Ok(true);
        }
        if argc == 1 && list_append(frame, base)? {
            return Ok(false);
        }
    }
    let end = frame.sp;
    match call_general(frame, consts, kwnames, base, first) {
        Ok(()) => Ok(false),
        Err(e) => {
            // Whatever the call did not consume goes: every slot above
            // the stack is empty.
            super::activation::clear(&mut frame.slots, base, end);
            frame.sp = base;
            Err(e)
        }
    }
}

/// `CALL 1` of `list.append` from `LOAD_METHOD` (`[list.append, xs, v]`),
/// CPython's `CALL_NO_KW_LIST_APPEND`: `true` when done.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn list_append(frame: &mut Frame, base: usize) -> PyResult<bool> {
    let Some([Some(Value::Builtin(b)), Some(Value::List(l)), v @ Some(_)]) =
        frame.slots.get_mut(base..base + 3)
    else {
        return Ok(false);
    };
    if !super::descriptors::is_list_append(b) {
        return Ok(false);
    }
    let Ok(mut items) = l.try_borrow_mut() else {
        return Ok(false);
    };
    items.extend(v.take());
    drop(items);
    frame.sp = base + 2;
    let list = frame.pop_slot()?;
    drop(list);
    *frame.top_mut()? = Value::None;
    Ok(true)
}

/// [`call`] of anything but an interpreted function with positional
/// arguments.
#[inline(never)]
fn call_general(
    frame: &mut Frame,
    consts: &[Value],
    kwnames: Option<u32>,
    base: usize,
    first: usize,
) -> PyResult<()> {
    let end = frame.sp;
    let callee = first
        .checked_sub(1)
        .and_then(|i| frame.slots.get_mut(i))
        .and_then(Option::take)
        .ok_or_else(|| corrupt("CALL of NULL"))?;
    frame.sp = base;
    let args = frame
        .slots
        .get_mut(first..end)
        .ok_or_else(|| corrupt("CALL arguments below the stack"))?;
    let result = {
        let mut names_buf: [&str; INLINE_ARGS] = [""; INLINE_ARGS];
        let names_vec: Vec<&str>;
        let kw: &[&str] = match kwnames {
            None => &[],
            Some(i) => {
                let Some(Value::Tuple(t)) = consts.get(i as usize) else {
                    return Err(corrupt("KW_NAMES of a non-tuple"));
                };
                let t = t.as_slice();
                if t.len() > args.len() {
                    return Err(corrupt("more keyword names than arguments"));
                }
                let strs = t.iter().map(|v| match v {
                    Value::Str(s) => Ok(s.as_str()),
                    _ => Err(corrupt("KW_NAMES of a non-str")),
                });
                if t.len() <= INLINE_ARGS {
                    for (slot, s) in names_buf.iter_mut().zip(strs) {
                        *slot = s?;
                    }
                    names_buf.get(..t.len()).unwrap_or(&[])
                } else {
                    names_vec = strs.collect::<PyResult<Vec<&str>>>()?;
                    &names_vec
                }
            }
        };
        if args.len() <= INLINE_ARGS {
            let mut buf: [Value; INLINE_ARGS] = std::array::from_fn(|_| Value::None);
            for (b, a) in buf.iter_mut().zip(args.iter_mut()) {
                *b = a.take().ok_or_else(|| corrupt("NULL argument"))?;
            }
            let n = args.len();
            call_value(frame, &callee, buf.get(..n).unwrap_or(&[]), kw)
        } else {
            let values: Vec<Value> = args
                .iter_mut()
                .map(|a| a.take().ok_or_else(|| corrupt("NULL argument")))
                .collect::<PyResult<_>>()?;
            call_value(frame, &callee, &values, kw)
        }
    };
    let result = result?;
    super::budget::charge(&result)?;
    frame.push(result)
}

/// Calls `callee`; the builtin `super` with no arguments is CPython's
/// zero-argument form, which reads the calling frame.
#[inline]
fn call_value(frame: &Frame, callee: &Value, args: &[Value], kw: &[&str]) -> PyResult<Value> {
    if let Value::Builtin(b) = callee {
        if args.is_empty() && b.is_type && b.name == "super" {
            return zero_arg_super(frame);
        }
    }
    crate::call::call_kw(callee, args, kw)
}

/// `super()` in a method: `__class__` from the frame's free variables and
/// the first argument (CPython's `super_init_without_args`).
fn zero_arg_super(frame: &Frame) -> PyResult<Value> {
    let code = frame.code.clone();
    let program = super::eval::program_of(&code)?;
    if code.data().argcount == 0 {
        return Err(PyErr::new(ExcType::RuntimeError, "super(): no arguments"));
    }
    let first = match frame.local(0)? {
        Some(Value::Cell(c))
            if program.kinds.first() == Some(&py_fn_bytecode::verify::SlotKind::Cell) =>
        {
            c.borrow().clone()
        }
        other => other.clone(),
    };
    let Some(first) = first else {
        return Err(PyErr::new(ExcType::RuntimeError, "super(): arg[0] deleted"));
    };
    let cell: Option<CellRef> = match program.class_cell {
        Some(i) => match frame.local(i)? {
            Some(Value::Cell(c)) => Some(c.clone()),
            _ => {
                return Err(PyErr::new(
                    ExcType::RuntimeError,
                    "super(): bad __class__ cell",
                ))
            }
        },
        None => None,
    };
    crate::descriptor::zero_arg_super(cell.as_ref(), Some(&first))
}

/// `CALL_FUNCTION_EX`: `[NULL, callable, args, kwargs?]`.
pub(crate) fn call_function_ex(frame: &mut Frame, has_kwargs: bool) -> PyResult<()> {
    let kwargs = if has_kwargs { Some(frame.pop()?) } else { None };
    let args = frame.pop()?;
    let callee = frame.pop()?;
    let null = frame.pop_slot()?;
    drop(null);
    let result = crate::call::call_ex(&callee, args, kwargs)?;
    frame.push(result)
}

/// `MAKE_FUNCTION flags`: the code object on top; below it, as the flags
/// say, the closure (a tuple of cells), the annotations, the keyword-only
/// defaults (a dict) and the defaults (a tuple).
pub(crate) fn make_function(frame: &mut Frame, flags: u32) -> PyResult<()> {
    let code = match frame.pop()? {
        Value::Code(c) => c,
        other => {
            return Err(PyErr::new(
                ExcType::SystemError,
                format!(
                    "MAKE_FUNCTION expects a code object, not {}",
                    other.type_name()
                ),
            ))
        }
    };
    let closure: Vec<CellRef> = if flags & 8 != 0 {
        match frame.pop()? {
            Value::Tuple(t) => t
                .as_slice()
                .iter()
                .map(|c| match c {
                    Value::Cell(c) => Ok(c.clone()),
                    _ => Err(corrupt("a closure item that is not a cell")),
                })
                .collect::<PyResult<_>>()?,
            _ => return Err(corrupt("a closure that is not a tuple")),
        }
    } else {
        Vec::new()
    };
    if closure.len() != code.data().freevars.len() {
        return Err(PyErr::new(
            ExcType::SystemError,
            format!(
                "MAKE_FUNCTION: {}() needs {} closure cells, got {}",
                code.data().qualname,
                code.data().freevars.len(),
                closure.len()
            ),
        ));
    }
    let annotations = if flags & 4 != 0 {
        Some(frame.pop()?)
    } else {
        None
    };
    let kwdefaults = if flags & 2 != 0 {
        Some(frame.pop()?)
    } else {
        None
    };
    let defaults = if flags & 1 != 0 {
        Some(frame.pop()?)
    } else {
        None
    };
    let f = Function::from_code(code, &frame.globals, closure, defaults, kwdefaults);
    if annotations.is_some() {
        f.set_annotations(annotations)?;
    }
    frame.push(f.into_value())
}

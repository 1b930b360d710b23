//! The evaluation loop: one `match` over the pre-decoded instructions of a
//! verified [`Program`]. Every stack and slot access is checked (verified
//! code never fails those checks; a failure is a `SystemError`, never a
//! panic). Errors unwind through the exception table in [`run`].

use py_fn_bytecode::verify::{Instr, Program};
use py_fn_bytecode::Opcode;

use crate::code::Code;
use crate::compare::CmpOp;
use crate::error::{ExcType, PyErr, PyResult};
use crate::number::{BinOp, UnaryOp};
use crate::value::Value;

use super::frame::{corrupt, discard, Frame};
use super::{activation, build, calls, exceptions, names};

/// How a run of a frame ended.
pub(crate) enum Exit {
    /// `RETURN_VALUE`.
    Return(Value),
    /// `YIELD_VALUE` (the frame is a generator's and can resume).
    Yield(Value),
    /// `RETURN_GENERATOR`: the frame becomes a generator's.
    Generator,
}

/// The operator of each `BINARY_OP` argument (`NB_*`; 13 and above are
/// the in-place forms of the same operators).
const BINARY_OPS: [BinOp; 13] = [
    BinOp::Add,
    BinOp::And,
    BinOp::FloorDiv,
    BinOp::LShift,
    BinOp::MatMul,
    BinOp::Mul,
    BinOp::Mod,
    BinOp::Or,
    BinOp::Pow,
    BinOp::RShift,
    BinOp::Sub,
    BinOp::Div,
    BinOp::Xor,
];

/// The comparison of each `COMPARE_OP` argument (`dis.cmp_op`).
const COMPARE_OPS: [CmpOp; 6] = [
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Gt,
    CmpOp::Ge,
];

/// The verified program of `code` (`SystemError` if it does not verify).
pub(crate) fn program_of(code: &Code) -> PyResult<&Program> {
    match code.program() {
        Ok(p) => Ok(p),
        Err(e) => Err(PyErr::new(
            ExcType::SystemError,
            format!("invalid code object '{}': {e}", code.data().qualname),
        )),
    }
}

/// Runs `frame` until it returns, yields or becomes a generator; `throw`
/// is raised first, at the instruction the frame stopped after (a
/// generator's `throw()`). Exceptions are caught by the handlers of the
/// exception table; one that none catches is returned.
pub(crate) fn run(frame: &mut Frame, throw: Option<PyErr>) -> PyResult<Exit> {
    let result = run_handling(frame, throw);
    if result.is_err() {
        activation::unwind_all(frame);
    }
    result
}

/// [`run`], which leaves the activations an exception escapes from to
/// its caller.
fn run_handling(frame: &mut Frame, throw: Option<PyErr>) -> PyResult<Exit> {
    let mut pending = throw;
    loop {
        let result = match pending.take() {
            Some(err) => Err(err),
            None => exec(frame),
        };
        let err = match result {
            Ok(exit) => return Ok(exit),
            Err(err) => err,
        };
        exceptions::attach_context(&err);
        // The handler of the running activation, or of the innermost
        // caller that has one for its `CALL`.
        let (handler, lasti) = loop {
            let code = frame.code.clone();
            let program = program_of(&code)?;
            let failing = frame.pc.wrapping_sub(1);
            if let Some(handler) = program.handler(failing).copied() {
                let lasti = program.offsets.get(failing).copied().unwrap_or(0);
                break (handler, lasti);
            }
            if frame.callers.is_empty() {
                return Err(err);
            }
            activation::unwind(frame)?;
        };
        if super::budget::exhausted_now() || super::budget::tick().is_err() {
            return Err(err);
        }
        frame.kwnames = None;
        frame.unwind_to(handler.depth as usize)?;
        if handler.lasti {
            frame.push(Value::Int(i64::from(lasti)))?;
        }
        frame.push(err.to_value())?;
        frame.pc = handler.target as usize;
    }
}

/// The instructions from `frame.pc` on, until an exit or an error; a call
/// or return between interpreted activations switches the code run here.
fn exec(frame: &mut Frame) -> PyResult<Exit> {
    'activations: loop {
        let code = frame.code.clone();
        let program = program_of(&code)?;
        let consts: &[Value] = match code.consts_ref() {
            Value::Tuple(t) => t.as_slice(),
            _ => &[],
        };
        let data = code.data();
        let names = &data.names;
        let name = |i: u32| -> PyResult<&str> {
            names
                .get(i as usize)
                .map(|s| s.as_ref())
                .ok_or_else(|| corrupt("name index out of range"))
        };
        let constant = |i: u32| -> PyResult<&Value> {
            consts
                .get(i as usize)
                .ok_or_else(|| corrupt("constant index out of range"))
        };
        loop {
            let Some(&Instr { op, arg }) = program.instrs.get(frame.pc) else {
                return Err(corrupt("ran past the last instruction"));
            };
            frame.pc += 1;
            match op {
                Opcode::NOP
                | Opcode::RESUME
                | Opcode::PRECALL
                | Opcode::CACHE
                | Opcode::EXTENDED_ARG
                | Opcode::COPY_FREE_VARS => {}
                Opcode::LOAD_FAST => frame.load_local(arg as usize, program)?,
                Opcode::STORE_FAST => frame.store_local(arg as usize)?,
                Opcode::LOAD_CONST => frame.push_clone(constant(arg)?)?,
                Opcode::POP_TOP => discard(frame.pop_slot()?),
                Opcode::PUSH_NULL => frame.push_null()?,
                Opcode::BINARY_OP => {
                    if frame.int_pair(|x, y| int_binary(arg, x, y).map(Value::Int)) {
                        continue;
                    }
                    let b = frame.pop()?;
                    let a = frame.top_mut()?;
                    binary_general(a, b, arg)?;
                }
                Opcode::COMPARE_OP => {
                    let op = COMPARE_OPS.get(arg as usize).copied().unwrap_or(CmpOp::Eq);
                    if frame.int_pair(|x, y| Some(Value::Bool(op.holds(x.cmp(&y))))) {
                        continue;
                    }
                    let b = frame.pop()?;
                    let a = frame.top_mut()?;
                    *a = crate::compare::compare(op, a, &b)?;
                }
                Opcode::BINARY_SUBSCR => {
                    let key = frame.pop()?;
                    let container = frame.top_mut()?;
                    *container = crate::ops::getitem(container, &key)?;
                }
                Opcode::POP_JUMP_FORWARD_IF_FALSE => {
                    let jump = match frame.pop()? {
                        Value::Bool(b) => !b,
                        other => !crate::ops::truthy(&other)?,
                    };
                    if jump {
                        frame.pc = arg as usize;
                    }
                }
                Opcode::POP_JUMP_FORWARD_IF_TRUE => {
                    let jump = match frame.pop()? {
                        Value::Bool(b) => b,
                        other => crate::ops::truthy(&other)?,
                    };
                    if jump {
                        frame.pc = arg as usize;
                    }
                }
                Opcode::JUMP_FORWARD => frame.pc = arg as usize,
                Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT => {
                    super::budget::tick()?;
                    frame.pc = arg as usize;
                }
                Opcode::GET_ITER => {
                    let it = frame.top_mut()?;
                    *it = crate::iter::iter(it)?;
                }
                Opcode::FOR_ITER => {
                    if let Some(step) = range_next(frame.peek(1)?) {
                        match step {
                            Some(i) => frame.push(Value::Int(i))?,
                            None => {
                                drop(frame.pop()?);
                                frame.pc = arg as usize;
                            }
                        }
                        continue;
                    }
                    let item = crate::iter::next(frame.peek(1)?)?;
                    match item {
                        Some(v) => frame.push(v)?,
                        None => {
                            drop(frame.pop()?);
                            frame.pc = arg as usize;
                        }
                    }
                }
                Opcode::RETURN_VALUE => {
                    let v = frame.pop()?;
                    if frame.callers.is_empty() {
                        return Ok(Exit::Return(v));
                    }
                    activation::leave(frame, v)?;
                    continue 'activations;
                }
                Opcode::LOAD_GLOBAL => {
                    let v = crate::globals::load_global(&frame.globals, name(arg >> 1)?)?;
                    if arg & 1 != 0 {
                        frame.push_null()?;
                    }
                    frame.push(v)?;
                }
                Opcode::LOAD_DEREF => frame.load_deref(arg as usize, program)?,
                Opcode::STORE_DEREF => {
                    let v = frame.pop()?;
                    discard(frame.cell(arg as usize)?.replace(Some(v)));
                }
                Opcode::LOAD_ATTR => {
                    let obj = frame.top_mut()?;
                    *obj = crate::attr::getattr(obj, name(arg)?)?;
                }
                Opcode::LOAD_METHOD => calls::load_method(frame, name(arg)?)?,
                Opcode::KW_NAMES => frame.kwnames = Some(arg),
                Opcode::CALL => {
                    if calls::call(frame, consts, arg as usize)? {
                        continue 'activations;
                    }
                }
                _ => match rare(frame, program, names, op, arg)? {
                    None => {}
                    Some(Exit::Generator) if !frame.callers.is_empty() => {
                        let generator = activation::detach_generator(frame)?;
                        activation::leave(frame, generator)?;
                        continue 'activations;
                    }
                    Some(exit) => return Ok(exit),
                },
            }
        }
    }
}

/// The instructions [`exec`] does not run inline: out of line, so that the
/// loop's own frame stays small (in a debug build every arm's temporaries
/// are part of it).
#[inline(never)]
fn rare(
    frame: &mut Frame,
    program: &Program,
    co_names: &[py_fn_bytecode::Str],
    op: Opcode,
    arg: u32,
) -> PyResult<Option<Exit>> {
    let name = |i: u32| -> PyResult<&str> {
        co_names
            .get(i as usize)
            .map(|s| s.as_ref())
            .ok_or_else(|| corrupt("name index out of range"))
    };
    match op {
        Opcode::DELETE_FAST => {
            let old = frame.local_mut(arg as usize)?.take();
            if old.is_none() {
                return Err(names::unbound_local(program, arg));
            }
            drop(old);
        }
        Opcode::COPY => {
            let v = frame.peek(arg as usize)?.clone();
            frame.push(v)?;
        }
        Opcode::SWAP => {
            let top = frame.sp.wrapping_sub(1);
            let other = frame.sp.wrapping_sub(arg as usize);
            if other < frame.stack_base || top >= frame.slots.len() || other > top {
                return Err(corrupt("SWAP below the stack"));
            }
            frame.slots.swap(top, other);
        }
        Opcode::IS_OP => {
            let b = frame.pop()?;
            let a = frame.top_mut()?;
            *a = Value::Bool(crate::compare::is(a, &b) != (arg == 1));
        }
        Opcode::CONTAINS_OP => {
            let container = frame.pop()?;
            let item = frame.top_mut()?;
            *item = Value::Bool(crate::ops::contains(&container, item)? != (arg == 1));
        }
        Opcode::UNARY_NOT => {
            let a = frame.top_mut()?;
            *a = Value::Bool(!truthy(a)?);
        }
        Opcode::UNARY_NEGATIVE | Opcode::UNARY_POSITIVE | Opcode::UNARY_INVERT => {
            let a = frame.top_mut()?;
            let op = match op {
                Opcode::UNARY_NEGATIVE => UnaryOp::Neg,
                Opcode::UNARY_POSITIVE => UnaryOp::Pos,
                _ => UnaryOp::Invert,
            };
            *a = crate::number::unary_op(op, a)?;
        }
        Opcode::STORE_SUBSCR => {
            let key = frame.pop()?;
            let container = frame.pop()?;
            let v = frame.pop()?;
            crate::ops::setitem(&container, &key, v)?;
        }
        Opcode::DELETE_SUBSCR => {
            let key = frame.pop()?;
            let container = frame.pop()?;
            crate::ops::delitem(&container, &key)?;
        }
        Opcode::POP_JUMP_FORWARD_IF_NONE => {
            if matches!(frame.pop()?, Value::None) {
                frame.pc = arg as usize;
            }
        }
        Opcode::POP_JUMP_FORWARD_IF_NOT_NONE => {
            if !matches!(frame.pop()?, Value::None) {
                frame.pc = arg as usize;
            }
        }
        Opcode::POP_JUMP_BACKWARD_IF_FALSE
        | Opcode::POP_JUMP_BACKWARD_IF_TRUE
        | Opcode::POP_JUMP_BACKWARD_IF_NONE
        | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE => {
            let v = frame.pop()?;
            let jump = match op {
                Opcode::POP_JUMP_BACKWARD_IF_FALSE => !truthy(&v)?,
                Opcode::POP_JUMP_BACKWARD_IF_TRUE => truthy(&v)?,
                Opcode::POP_JUMP_BACKWARD_IF_NONE => matches!(v, Value::None),
                _ => !matches!(v, Value::None),
            };
            if jump {
                super::budget::tick()?;
                frame.pc = arg as usize;
            }
        }
        Opcode::JUMP_IF_FALSE_OR_POP => {
            if truthy(frame.peek(1)?)? {
                drop(frame.pop()?);
            } else {
                frame.pc = arg as usize;
            }
        }
        Opcode::JUMP_IF_TRUE_OR_POP => {
            if truthy(frame.peek(1)?)? {
                frame.pc = arg as usize;
            } else {
                drop(frame.pop()?);
            }
        }
        Opcode::STORE_GLOBAL => {
            let v = frame.pop()?;
            crate::globals::store_global(&frame.globals, name(arg)?, v);
        }
        Opcode::DELETE_GLOBAL => crate::globals::delete_global(&frame.globals, name(arg)?)?,
        Opcode::LOAD_NAME => {
            let v = names::load_name(frame, name(arg)?)?;
            frame.push(v)?;
        }
        Opcode::STORE_NAME => {
            let v = frame.pop()?;
            names::store_name(frame, name(arg)?, v)?;
        }
        Opcode::DELETE_NAME => names::delete_name(frame, name(arg)?)?,
        Opcode::MAKE_CELL => {
            let slot = frame.local_mut(arg as usize)?;
            let initial = slot.take();
            *slot = Some(Value::Cell(crate::cell::new_cell_with(initial)));
        }
        Opcode::LOAD_CLOSURE => {
            let cell = frame.cell(arg as usize)?.clone();
            frame.push(Value::Cell(cell))?;
        }
        Opcode::LOAD_CLASSDEREF => {
            let v = names::load_classderef(frame, program, arg)?;
            frame.push(v)?;
        }
        Opcode::DELETE_DEREF => {
            let old = frame.cell(arg as usize)?.replace(None);
            if old.is_none() {
                return Err(names::unbound_deref(program, arg));
            }
            drop(old);
        }
        Opcode::STORE_ATTR => {
            let obj = frame.pop()?;
            let v = frame.pop()?;
            crate::attr::setattr(&obj, name(arg)?, v)?;
        }
        Opcode::DELETE_ATTR => {
            let obj = frame.pop()?;
            crate::attr::delattr(&obj, name(arg)?)?;
        }
        Opcode::CALL_FUNCTION_EX => calls::call_function_ex(frame, arg & 1 != 0)?,
        Opcode::MAKE_FUNCTION => calls::make_function(frame, arg)?,
        Opcode::LOAD_BUILD_CLASS => {
            let v = crate::builtins::builtin_by_name("__build_class__")
                .map(Value::Builtin)
                .ok_or_else(|| PyErr::new(ExcType::NameError, "__build_class__ not found"))?;
            frame.push(v)?;
        }
        Opcode::LOAD_ASSERTION_ERROR => frame.push(Value::Class(crate::class::exc_class(
            ExcType::AssertionError,
        )))?,
        Opcode::BUILD_TUPLE => {
            let items = frame.pop_n(arg as usize)?;
            frame.push(crate::ops::tuple(items))?;
        }
        Opcode::BUILD_LIST => {
            let items = frame.pop_n(arg as usize)?;
            frame.push(crate::ops::list(items))?;
        }
        Opcode::BUILD_MAP => build::build_map(frame, arg as usize)?,
        Opcode::BUILD_CONST_KEY_MAP => build::build_const_key_map(frame, arg as usize)?,
        Opcode::BUILD_STRING => build::build_string(frame, arg as usize)?,
        Opcode::BUILD_SLICE => {
            let step = if arg == 3 { frame.pop()? } else { Value::None };
            let upper = frame.pop()?;
            let lower = frame.pop()?;
            frame.push(crate::ops::slice(lower, upper, step))?;
        }
        Opcode::BUILD_SET => {
            let items = frame.pop_n(arg as usize)?;
            frame.push(crate::set::set_of(items)?)?;
        }
        Opcode::SET_ADD => {
            let v = frame.pop()?;
            crate::set::set_add(frame.peek(arg as usize)?, v)?;
        }
        Opcode::SET_UPDATE => {
            let iterable = frame.pop()?;
            crate::set::set_update(frame.peek(arg as usize)?, &iterable)?;
        }
        Opcode::LIST_APPEND => {
            let v = frame.pop()?;
            match frame.peek(arg as usize)? {
                Value::List(l) => l.borrow_mut().push(v),
                _ => return Err(corrupt("LIST_APPEND to a non-list")),
            }
        }
        Opcode::LIST_EXTEND => {
            let iterable = frame.pop()?;
            crate::ops::list_extend(frame.peek(arg as usize)?, &iterable)?;
        }
        Opcode::LIST_TO_TUPLE => {
            let v = frame.top_mut()?;
            let items = match &*v {
                Value::List(l) => l.borrow().clone(),
                _ => return Err(corrupt("LIST_TO_TUPLE of a non-list")),
            };
            *v = crate::ops::tuple(items);
        }
        Opcode::MAP_ADD => {
            let value = frame.pop()?;
            let key = frame.pop()?;
            match frame.peek(arg as usize)? {
                Value::Dict(d) => {
                    let d = d.clone();
                    crate::dict_shared::set(&d, key, value)?;
                }
                _ => return Err(corrupt("MAP_ADD to a non-dict")),
            }
        }
        Opcode::DICT_UPDATE => {
            let update = frame.pop()?;
            crate::ops::dict_update(frame.peek(arg as usize)?, &update)?;
        }
        Opcode::DICT_MERGE => {
            let update = frame.pop()?;
            let callee = frame.peek(arg as usize + 2)?.clone();
            crate::call::dict_merge(&callee, frame.peek(arg as usize)?, &update)?;
        }
        Opcode::UNPACK_SEQUENCE => {
            let seq = frame.pop()?;
            let items = crate::iter::unpack(&seq, arg as usize)?;
            for v in items.into_iter().rev() {
                frame.push(v)?;
            }
        }
        Opcode::UNPACK_EX => {
            let seq = frame.pop()?;
            let items = crate::iter::unpack_ex(&seq, (arg & 0xFF) as usize, (arg >> 8) as usize)?;
            for v in items.into_iter().rev() {
                frame.push(v)?;
            }
        }
        Opcode::FORMAT_VALUE => build::format_value(frame, arg)?,
        Opcode::IMPORT_NAME => {
            let fromlist = frame.pop()?;
            let level = frame.pop()?;
            let level = match level {
                Value::Int(l) => u32::try_from(l).unwrap_or(u32::MAX),
                _ => 0,
            };
            let module = crate::module::import_name(name(arg)?, &fromlist, level)?;
            frame.push(module)?;
        }
        Opcode::IMPORT_FROM => {
            let v = crate::module::import_from(frame.peek(1)?, name(arg)?)?;
            frame.push(v)?;
        }
        Opcode::IMPORT_STAR => {
            let module = frame.pop()?;
            match frame.locals_dict() {
                Some(ns) => crate::module::import_star(&module, &ns)?,
                None => {
                    return Err(PyErr::new(
                        ExcType::SystemError,
                        "no locals found during 'import *'",
                    ))
                }
            }
        }
        Opcode::RAISE_VARARGS => return Err(exceptions::raise_varargs(frame, arg)?),
        Opcode::RERAISE => {
            let exc = frame.pop()?;
            return Err(exceptions::error_of(exc));
        }
        Opcode::PUSH_EXC_INFO => {
            let exc = frame.pop()?;
            let previous = crate::exception::current_handled().unwrap_or(Value::None);
            frame.push(previous)?;
            crate::exception::push_handled(exc.clone());
            frame.push(exc)?;
        }
        Opcode::POP_EXCEPT => {
            drop(frame.pop()?);
            crate::exception::pop_handled();
        }
        Opcode::CHECK_EXC_MATCH => {
            let typ = frame.pop()?;
            let matched = crate::exception::value_matches(frame.peek(1)?, &typ)?;
            frame.push(Value::Bool(matched))?;
        }
        Opcode::BEFORE_WITH => exceptions::before_with(frame)?,
        Opcode::WITH_EXCEPT_START => exceptions::with_except_start(frame)?,
        Opcode::RETURN_GENERATOR => {
            if frame.is_generator && frame.callers.is_empty() {
                return Err(corrupt("RETURN_GENERATOR in a generator"));
            }
            return Ok(Some(Exit::Generator));
        }
        Opcode::YIELD_VALUE => {
            if !frame.is_generator || !frame.callers.is_empty() {
                return Err(corrupt("YIELD_VALUE outside a generator"));
            }
            return Ok(Some(Exit::Yield(frame.pop()?)));
        }
        Opcode::GET_YIELD_FROM_ITER => {
            let v = frame.top_mut()?;
            if !matches!(v, Value::Generator(_)) {
                *v = crate::iter::iter(v)?;
            }
        }
        Opcode::SEND => super::generator::send_op(frame, arg)?,
        Opcode::GET_LEN
        | Opcode::MATCH_MAPPING
        | Opcode::MATCH_SEQUENCE
        | Opcode::MATCH_KEYS
        | Opcode::MATCH_CLASS
        | Opcode::CHECK_EG_MATCH
        | Opcode::PREP_RERAISE_STAR
        | Opcode::GET_AITER
        | Opcode::GET_ANEXT
        | Opcode::BEFORE_ASYNC_WITH
        | Opcode::END_ASYNC_FOR
        | Opcode::GET_AWAITABLE
        | Opcode::ASYNC_GEN_WRAP
        | Opcode::PRINT_EXPR
        | Opcode::SETUP_ANNOTATIONS => return Err(unsupported(op)),

        _ => return Err(corrupt("an instruction without a handler")),
    }
    Ok(None)
}

/// `FOR_ITER` over a `range` iterator, inline: the next int (`None` when
/// it is exhausted); `None` for any other iterator.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn range_next(it: &Value) -> Option<Option<i64>> {
    let Value::Iter(cell) = it else {
        return None;
    };
    let Ok(mut state) = cell.try_borrow_mut() else {
        return None;
    };
    let crate::iter::IterState::Range {
        next,
        remaining,
        step,
    } = &mut *state
    else {
        return None;
    };
    if *remaining > 0 {
        let v = *next;
        *remaining -= 1;
        *next = next.wrapping_add(*step);
        Some(Some(v))
    } else {
        Some(None)
    }
}

/// `x <op> y` on two `int`s without leaving `i64` (`None`: use the
/// general operation: overflow, a zero divisor, another operator).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn int_binary(arg: u32, x: i64, y: i64) -> Option<i64> {
    match arg {
        0 | 13 => x.checked_add(y),
        10 | 23 => x.checked_sub(y),
        5 | 18 => x.checked_mul(y),
        1 | 14 => Some(x & y),
        7 | 20 => Some(x | y),
        12 | 25 => Some(x ^ y),
        _ => None,
    }
}

/// `BINARY_OP` past the int fast path: `a` (the stack's top) becomes
/// `a <op> b`.
#[inline(never)]
fn binary_general(a: &mut Value, b: Value, arg: u32) -> PyResult<()> {
    let op = BINARY_OPS
        .get(arg as usize % 13)
        .copied()
        .unwrap_or(BinOp::Add);
    let r = if arg >= 13 {
        crate::number::inplace_op(op, a, &b)?
    } else {
        crate::number::binary_op(op, a, &b)?
    };
    super::budget::charge_made(&r)?;
    *a = r;
    Ok(())
}

/// `truthy` with the `bool` case inline.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn truthy(v: &Value) -> PyResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => crate::ops::truthy(other),
    }
}

/// An opcode py_fn's interpreter does not run (pattern matching,
/// `except*`, async, the interactive prompt).
#[cold]
fn unsupported(op: Opcode) -> PyErr {
    PyErr::new(
        ExcType::NotImplementedError,
        format!("the py_fn interpreter does not run {}", op.name()),
    )
}

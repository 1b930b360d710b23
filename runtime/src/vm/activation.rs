//! Interpreted calls inside the eval loop, as CPython 3.11 runs them: a
//! `CALL` of an interpreted function with positional arguments makes the
//! callee's activation the running one of the same [`Frame`] instead of
//! recursing on the Rust stack. The callee's fast locals start at its
//! first argument in the caller's stack, so the arguments are its
//! parameters where they already are; the caller's registers wait in a
//! [`Caller`] record until the callee returns (or an exception leaves it).
//!
//! ```text
//! caller: | locals | stack ... | NULL | f | a0 a1 |
//!                                           ^ callee base: | a0 a1 locals | callee stack |
//! ```

use std::rc::Rc;

use crate::code::Code;
use crate::error::PyResult;
use crate::function::{DepthGuard, Function};
use crate::globals::{Globals, GlobalsGuard};
use crate::value::Value;

use super::frame::{corrupt, discard, take_storage, Frame, Locals};

/// The registers of an activation waiting for its call to return.
pub(crate) struct Caller {
    code: Rc<Code>,
    /// The caller's globals when they differ from the callee's (`None`:
    /// the same module, and the frame's globals stay as they are).
    globals: Option<Globals>,
    locals: Locals,
    base: usize,
    stack_base: usize,
    /// The caller's stack pointer during the call: where the result goes.
    sp: usize,
    pc: usize,
    /// The depth of the handled exceptions to restore when the callee
    /// ends, if its code can change them.
    handled: Option<usize>,
    /// The callee's globals as the current ones, if they differ.
    _globals: Option<GlobalsGuard>,
    /// The callee's level of call depth.
    _depth: DepthGuard,
}

/// Empties the slots `from..to` (values dropped in place; those without a
/// heap part skip the drop glue).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn clear(slots: &mut [Option<Value>], from: usize, to: usize) {
    if let Some(region) = slots.get_mut(from..to) {
        for slot in region {
            discard(slot.take());
        }
    }
}

/// A call that cannot start (recursion limit, step budget): its operands
/// go and `e` is raised.
#[cold]
#[inline(never)]
fn refuse(
    frame: &mut Frame,
    call_base: usize,
    end: usize,
    e: crate::error::PyErr,
) -> crate::error::PyErr {
    clear(&mut frame.slots, call_base, end);
    frame.sp = call_base;
    e
}

/// `CALL` of the function in slot `first - 1` with the arguments from
/// `first` to the top of the stack (`call_base` is where the call's
/// operands start): if it is an interpreted function that takes them as
/// positional parameters (defaults filling the rest), its activation
/// becomes the running one and the result is `true`. `false`: the call
/// needs the general path, and nothing has changed.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn enter(frame: &mut Frame, call_base: usize, first: usize) -> PyResult<bool> {
    let end = frame.sp;
    let Some(nargs) = end.checked_sub(first) else {
        return Ok(false);
    };
    let Some(Some(Value::Function(f))) = first.checked_sub(1).and_then(|i| frame.slots.get(i))
    else {
        return Ok(false);
    };
    if f.is_native() {
        return Ok(false);
    }
    let code = f.code();
    let Ok(program) = code.program() else {
        return Ok(false);
    };
    let Some(argcount) = program.positional_only_params else {
        return Ok(false);
    };
    if nargs > argcount
        || (nargs < argcount
            && !f.with_defaults(|d| argcount.checked_sub(d.len()).is_some_and(|m| nargs >= m)))
    {
        return Ok(false);
    }
    let depth = match DepthGuard::enter() {
        Ok(depth) => depth,
        Err(e) => return Err(refuse(frame, call_base, end, e)),
    };
    if let Err(e) = super::budget::tick() {
        drop(depth);
        return Err(refuse(frame, call_base, end, e));
    }
    let nlocalsplus = program.nlocalsplus();
    let stack_base = first + nlocalsplus;
    let needed = stack_base + program.stacksize;
    if frame.slots.len() < needed {
        frame.slots.resize(needed, None);
    }
    // The function stays in its slot below the callee's activation (kept
    // alive there), read through a split borrow.
    let (below, callee) = frame.slots.split_at_mut(first);
    let Some(Some(Value::Function(f))) = below.last() else {
        return Err(corrupt("the called function moved"));
    };
    if nargs < argcount {
        f.with_defaults(|d| {
            let first_default = argcount - d.len();
            for i in nargs..argcount {
                if let (Some(slot), Some(v)) = (callee.get_mut(i), d.get(i - first_default)) {
                    *slot = Some(v.clone());
                }
            }
        });
    }
    // COPY_FREE_VARS' work, done here: the free variables' cells.
    let closure = f.closure();
    if !closure.is_empty() {
        let free = callee
            .get_mut(program.nlocals_and_cells..nlocalsplus)
            .unwrap_or(&mut []);
        for (slot, cell) in free.iter_mut().zip(closure) {
            *slot = Some(Value::Cell(cell.clone()));
        }
    }
    // The caller's globals wait in the record only when the callee's differ.
    let (caller_globals, enter_globals) = if f.globals().is(&frame.globals) {
        (None, None)
    } else {
        let globals = f.globals().clone();
        let guard = crate::globals::enter_globals(&globals);
        (
            Some(std::mem::replace(&mut frame.globals, globals)),
            Some(guard),
        )
    };
    let handled = program
        .handles_exceptions
        .then(crate::exception::handled_depth);
    let caller = Caller {
        code: std::mem::replace(&mut frame.code, code),
        globals: caller_globals,
        locals: std::mem::replace(&mut frame.locals, Locals::Fast),
        base: frame.base,
        stack_base: frame.stack_base,
        sp: call_base,
        pc: frame.pc,
        handled,
        _globals: enter_globals,
        _depth: depth,
    };
    frame.callers.push(caller);
    frame.base = first;
    frame.stack_base = stack_base;
    frame.sp = stack_base;
    frame.pc = 0;
    frame.kwnames = None;
    Ok(true)
}

/// Ends the running (called) activation: its slots and the call's
/// operands below them are emptied and its caller runs again.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn resume_caller(frame: &mut Frame) -> PyResult<()> {
    let Some(caller) = frame.callers.pop() else {
        return Err(corrupt("a return with no caller"));
    };
    let Caller {
        code,
        globals,
        locals,
        base,
        stack_base,
        sp,
        pc,
        handled,
        _globals,
        _depth,
    } = caller;
    clear(&mut frame.slots, sp, frame.sp);
    let callee_code = std::mem::replace(&mut frame.code, code);
    let callee_globals = globals.map(|g| std::mem::replace(&mut frame.globals, g));
    frame.locals = locals;
    frame.base = base;
    frame.stack_base = stack_base;
    frame.sp = sp;
    frame.pc = pc;
    frame.kwnames = None;
    if let Some(depth) = handled {
        crate::exception::truncate_handled(depth);
    }
    drop(callee_code);
    drop(callee_globals);
    Ok(())
}

/// `RETURN_VALUE` in a called activation: the caller runs again with
/// `result` pushed.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn leave(frame: &mut Frame, result: Value) -> PyResult<()> {
    resume_caller(frame)?;
    super::budget::charge(&result)?;
    frame.push(result)
}

/// An exception that no handler of the running (called) activation
/// catches: the activation ends and the caller's `CALL` raises it.
pub(crate) fn unwind(frame: &mut Frame) -> PyResult<()> {
    resume_caller(frame)
}

/// Ends every called activation (an exception leaves the whole frame).
pub(crate) fn unwind_all(frame: &mut Frame) {
    while !frame.callers.is_empty() {
        if resume_caller(frame).is_err() {
            break;
        }
    }
}

/// `RETURN_GENERATOR` in a called activation: its slots move to a frame
/// of their own, which becomes the generator returned to the caller.
#[cold]
pub(crate) fn detach_generator(frame: &mut Frame) -> PyResult<Value> {
    let code = frame.code.clone();
    let program = super::eval::program_of(&code)?;
    let nlocalsplus = program.nlocalsplus();
    let (mut slots, callers) = take_storage(nlocalsplus + program.stacksize);
    let used = frame.sp.saturating_sub(frame.base);
    let from = frame
        .slots
        .get_mut(frame.base..frame.sp)
        .ok_or_else(|| corrupt("a generator's slots out of range"))?;
    for (to, from) in slots.iter_mut().zip(from) {
        *to = from.take();
    }
    let generator = Frame {
        code,
        globals: frame.globals.clone(),
        locals: Locals::Fast,
        slots,
        base: 0,
        stack_base: nlocalsplus,
        sp: used,
        pc: frame.pc,
        kwnames: None,
        is_generator: false,
        callers,
    };
    let function: Option<&Function> =
        match frame.base.checked_sub(1).and_then(|i| frame.slots.get(i)) {
            Some(Some(Value::Function(f))) => Some(f),
            _ => None,
        };
    Ok(super::into_generator(generator, function))
}

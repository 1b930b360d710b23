//! A step budget for running untrusted bytecode: when set, every backward
//! jump, exception handler entered, frame started and generator resumed
//! uses one step, a big integer made by an operator or call one step per
//! 64-bit word (so `n = n * n` in a loop cannot grow without bound), a
//! `str`, `bytes`, `list` or `tuple` made by an operator one step per 8
//! bytes or per item (so neither can `s = n * s`), a `gc.collect()` one
//! step per 64 objects the collector tracks, and
//! when none are left the interpreter raises
//! `RuntimeError: the interpreter's step budget is exhausted`, which no
//! `except` catches. Fuzzers use it so that mutated code cannot loop
//! forever.
//!
//! ```
//! use py_fn_runtime::vm::{set_step_budget, steps_left};
//! assert_eq!(steps_left(), None);
//! set_step_budget(Some(1000));
//! assert_eq!(steps_left(), Some(1000));
//! set_step_budget(None);
//! ```

use std::cell::Cell;

use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

thread_local! {
    /// Steps left; `u64::MAX` means no budget.
    static STEPS: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// Sets the step budget of this thread (`None`: unlimited, the default).
pub fn set_step_budget(steps: Option<u64>) {
    STEPS.with(|s| s.set(steps.map_or(u64::MAX, |n| n.min(u64::MAX - 1))));
}

/// The steps left on this thread, if a budget is set.
pub fn steps_left() -> Option<u64> {
    let n = STEPS.with(|s| s.get());
    (n != u64::MAX).then_some(n)
}

/// Uses one step.
#[inline]
pub(crate) fn tick() -> PyResult<()> {
    let n = STEPS.get();
    if n == u64::MAX {
        return Ok(());
    }
    tick_budget(n)
}

/// [`tick`] with a budget set.
#[cold]
#[inline(never)]
fn tick_budget(n: u64) -> PyResult<()> {
    match n {
        0 => Err(exhausted()),
        n => {
            STEPS.set(n - 1);
            Ok(())
        }
    }
}

/// Charges for the size of a result that may be arbitrarily large: a big
/// integer uses one step per 64-bit word.
#[inline]
pub(crate) fn charge(result: &Value) -> PyResult<()> {
    match result {
        Value::BigInt(b) => charge_work(b.bits() / 64),
        _ => Ok(()),
    }
}

/// [`charge`] for the result of an operator, which may also be a sequence
/// made by repetition or concatenation (`b * n` in a loop grows as fast
/// as `n * n`): a `str` or `bytes` uses one step per 8 bytes, a `list` or
/// `tuple` one per item.
#[inline]
pub(crate) fn charge_made(result: &Value) -> PyResult<()> {
    if STEPS.get() == u64::MAX {
        return Ok(());
    }
    let words = match result {
        Value::BigInt(b) => b.bits() / 64,
        Value::Str(s) => s.len() as u64 / 8,
        Value::Bytes(b) => b.len() as u64 / 8,
        Value::List(l) => l.try_borrow().map_or(0, |l| l.len() as u64),
        Value::Tuple(t) => t.as_slice().len() as u64,
        _ => return Ok(()),
    };
    charge_work(words)
}

/// Uses `words` steps for work proportional to them (the words of a big
/// integer, the objects a `gc.collect()` looks at).
#[cold]
pub(crate) fn charge_work(words: u64) -> PyResult<()> {
    STEPS.with(|s| match s.get() {
        u64::MAX => Ok(()),
        n if n < words => {
            s.set(0);
            Err(exhausted())
        }
        n => {
            s.set(n - words);
            Ok(())
        }
    })
}

/// Whether the budget is used up (then no handler may catch anything).
#[inline]
pub(crate) fn exhausted_now() -> bool {
    STEPS.with(|s| s.get() == 0)
}

#[cold]
fn exhausted() -> PyErr {
    PyErr::new(
        ExcType::RuntimeError,
        "the interpreter's step budget is exhausted",
    )
}

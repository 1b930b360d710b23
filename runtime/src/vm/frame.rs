//! An interpreted frame: the fast locals and the value stack of the
//! running activation, the instruction pointer, the namespace names resolve
//! in. The slots of the activations that interpreted calls made from it
//! start inside it (`activation.rs`): one allocation for a whole run of
//! nested calls.

use std::cell::RefCell;
use std::rc::Rc;

use py_fn_bytecode::verify::Program;

use crate::cell::CellRef;
use crate::code::Code;
use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::globals::Globals;
use crate::value::Value;

/// Where `LOAD_NAME` / `STORE_NAME` look.
pub(crate) enum Locals {
    /// An optimized function: no locals dict.
    Fast,
    /// Module code: the locals are the globals.
    Globals,
    /// A class body (or code run with an explicit namespace).
    Dict(Rc<RefCell<Dict>>),
}

/// A frame: the running activation of a code object (its registers are
/// the fields below) over slots shared with the activations it called
/// and that have not returned (`callers`, outermost first).
pub(crate) struct Frame {
    /// The code object (kept alive while the frame runs).
    pub(crate) code: Rc<Code>,
    /// The module globals.
    pub(crate) globals: Globals,
    /// The namespace of `LOAD_NAME` and friends.
    pub(crate) locals: Locals,
    /// The fast locals (`nlocalsplus` slots from `base`) followed by the
    /// value stack of the running activation, below them the slots of the
    /// activations waiting for their calls to return. `None` is an unbound
    /// local, an empty stack slot, or CPython's NULL; every slot from `sp`
    /// on is `None`.
    pub(crate) slots: Vec<Option<Value>>,
    /// Index of the running activation's first fast local.
    pub(crate) base: usize,
    /// Index where its value stack starts (`base + nlocalsplus`).
    pub(crate) stack_base: usize,
    /// Index of the first free stack slot.
    pub(crate) sp: usize,
    /// Index of the next instruction.
    pub(crate) pc: usize,
    /// The `KW_NAMES` constant waiting for the next `CALL`.
    pub(crate) kwnames: Option<u32>,
    /// Whether `RETURN_GENERATOR` has made this frame a generator's (its
    /// first activation: a called one never is).
    pub(crate) is_generator: bool,
    /// The activations suspended in an interpreted call, innermost last.
    pub(crate) callers: Vec<super::activation::Caller>,
}

/// The storage of a frame that outlives it, for the next one.
type Storage = (Vec<Option<Value>>, Vec<super::activation::Caller>);

thread_local! {
    /// Slot vectors of finished frames, reused by new ones (a call then
    /// allocates nothing in the common case).
    static POOL: RefCell<Vec<Storage>> = const { RefCell::new(Vec::new()) };
}

/// Most slot vectors kept for reuse.
const POOL_SIZE: usize = 32;

/// Largest slot vector kept for reuse.
const POOLED_SLOTS: usize = 4096;

/// A slot vector of at least `len` empty slots and an empty caller list,
/// from the pool if one is there (pooled vectors hold only empty slots).
pub(crate) fn take_storage(len: usize) -> Storage {
    let reused = POOL.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()));
    match reused {
        Some((mut v, callers)) => {
            if v.len() < len {
                v.resize(len, None);
            }
            (v, callers)
        }
        None => (vec![None; len], Vec::new()),
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // Activations still waiting (only if a run was abandoned) release
        // their depth and namespaces, innermost first.
        while let Some(caller) = self.callers.pop() {
            drop(caller);
        }
        let mut slots = std::mem::take(&mut self.slots);
        let callers = std::mem::take(&mut self.callers);
        // Values are dropped here, outside the pool's borrow: a value's drop
        // may end another frame (a generator's). Every slot from `sp` on is
        // empty already.
        let used = self.sp.min(slots.len());
        for slot in slots.iter_mut().take(used) {
            if slot.is_some() {
                let old = slot.take();
                drop(old);
            }
        }
        if slots.capacity() <= POOLED_SLOTS {
            POOL.with(|p| {
                if let Ok(mut p) = p.try_borrow_mut() {
                    if p.len() < POOL_SIZE {
                        p.push((slots, callers));
                    }
                }
            });
        }
    }
}

/// `SystemError` for a stack or slot that does not hold what verified code
/// guarantees it holds (only reachable through a bug).
#[cold]
#[inline(never)]
pub(crate) fn corrupt(what: &str) -> PyErr {
    PyErr::new(ExcType::SystemError, format!("interpreter: {what}"))
}

/// Drops a slot's old content; values without a heap part skip the drop
/// glue (an out-of-line call otherwise).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn discard(old: Option<Value>) {
    match old {
        None => {}
        Some(v @ (Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_))) => {
            std::mem::forget(v)
        }
        // The `Rc`s of a call's operands and a closure's cells, dropped
        // inline (a decrement; the drop glue only when it was the last).
        Some(Value::Function(f)) => drop(f),
        Some(Value::Cell(c)) => drop(c),
        Some(v) => drop(v),
    }
}

/// Writes `v` into the free stack slot `slot`. Every slot above the stack
/// is empty, so there is nothing to drop: the old content is forgotten
/// (were it ever a value, through a bug, it would leak, not be misused).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn put(slot: &mut Option<Value>, v: Value) {
    std::mem::forget(slot.replace(v));
}

/// `put(slot, v.clone())`, the inline values written as their parts.
/// The hot kinds are cloned inline (the inline values as a copy of their
/// two words, a function, a cell or a list as an `Rc` increment), every
/// other kind out of line: the jump table has fewer targets.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn clone_into(slot: &mut Option<Value>, v: &Value) {
    match v {
        Value::Int(i) => put(slot, Value::Int(*i)),
        Value::None => put(slot, Value::None),
        Value::Bool(b) => put(slot, Value::Bool(*b)),
        Value::Float(x) => put(slot, Value::Float(*x)),
        Value::Function(f) => put(slot, Value::Function(f.clone())),
        Value::Cell(c) => put(slot, Value::Cell(c.clone())),
        Value::List(l) => put(slot, Value::List(l.clone())),
        other => put(slot, clone_other(other)),
    }
}

/// `v.clone()`, out of line: see [`clone_into`].
#[inline(never)]
fn clone_other(v: &Value) -> Value {
    v.clone()
}

impl Frame {
    /// A frame for `code` (verified into `program`): parameters from
    /// `args` (`co_varnames` order) and free variables from `closure`.
    pub(crate) fn new(
        code: Rc<Code>,
        program: &Program,
        globals: Globals,
        locals: Locals,
        args: &[Value],
        closure: &[CellRef],
    ) -> Frame {
        let mut frame = Frame::empty(code, program, globals, locals, closure);
        for (slot, arg) in frame
            .slots
            .iter_mut()
            .zip(args.iter().take(program.nlocalsplus()))
        {
            *slot = Some(arg.clone());
        }
        frame
    }

    /// A frame whose parameters are not filled yet.
    pub(crate) fn empty(
        code: Rc<Code>,
        program: &Program,
        globals: Globals,
        locals: Locals,
        closure: &[CellRef],
    ) -> Frame {
        let nlocalsplus = program.nlocalsplus();
        let (mut slots, callers) = take_storage(nlocalsplus + program.stacksize);
        // COPY_FREE_VARS' work, done once here: the free variables' cells.
        if !closure.is_empty() {
            let free = slots
                .get_mut(program.nlocals_and_cells..nlocalsplus)
                .unwrap_or(&mut []);
            for (slot, cell) in free.iter_mut().zip(closure) {
                *slot = Some(Value::Cell(cell.clone()));
            }
        }
        Frame {
            code,
            globals,
            locals,
            slots,
            base: 0,
            stack_base: nlocalsplus,
            sp: nlocalsplus,
            pc: 0,
            kwnames: None,
            is_generator: false,
            callers,
        }
    }

    /// Pushes `v`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn push(&mut self, v: Value) -> PyResult<()> {
        match self.slots.get_mut(self.sp) {
            Some(slot) => {
                put(slot, v);
                self.sp += 1;
                Ok(())
            }
            None => Err(corrupt("stack overflow")),
        }
    }

    /// Pushes a copy of `v`, written in place (no copy of a copy: moving a
    /// value that was just written as two words back through a 16-byte
    /// register stalls store forwarding).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn push_clone(&mut self, v: &Value) -> PyResult<()> {
        let Some(slot) = self.slots.get_mut(self.sp) else {
            return Err(corrupt("stack overflow"));
        };
        clone_into(slot, v);
        self.sp += 1;
        Ok(())
    }

    /// `LOAD_FAST i`: pushes a copy of local `i`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn load_local(&mut self, i: usize, program: &Program) -> PyResult<()> {
        let sp = self.sp;
        let at = self.base + i;
        if at >= self.stack_base || sp < self.stack_base || sp > self.slots.len() {
            return Err(corrupt("LOAD_FAST out of range"));
        }
        let (locals, stack) = self.slots.split_at_mut(sp);
        let (Some(local), Some(slot)) = (locals.get(at), stack.first_mut()) else {
            return Err(corrupt("stack overflow"));
        };
        match local {
            Some(v) => clone_into(slot, v),
            None => return Err(super::names::unbound_local(program, i as u32)),
        }
        self.sp = sp + 1;
        Ok(())
    }

    /// `LOAD_DEREF i`: pushes a copy of the value in the cell of slot `i`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn load_deref(&mut self, i: usize, program: &Program) -> PyResult<()> {
        let sp = self.sp;
        let at = self.base + i;
        if at >= self.stack_base || sp < self.stack_base || sp > self.slots.len() {
            return Err(corrupt("LOAD_DEREF out of range"));
        }
        let (locals, stack) = self.slots.split_at_mut(sp);
        let (Some(Some(Value::Cell(cell))), Some(slot)) = (locals.get(at), stack.first_mut())
        else {
            return Err(corrupt("a cell variable without its cell"));
        };
        match &*cell.borrow() {
            Some(v) => clone_into(slot, v),
            None => return Err(super::names::unbound_deref(program, i as u32)),
        }
        self.sp = sp + 1;
        Ok(())
    }

    /// `STORE_FAST i`: moves the top of the stack into local `i`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn store_local(&mut self, i: usize) -> PyResult<()> {
        let top = self.sp.wrapping_sub(1);
        let at = self.base + i;
        if at >= self.stack_base || top < self.stack_base || top >= self.slots.len() {
            return Err(corrupt("STORE_FAST out of range"));
        }
        let v = self.slots.get_mut(top).and_then(Option::take);
        self.sp = top;
        if let Some(local) = self.slots.get_mut(at) {
            discard(std::mem::replace(local, v));
        }
        Ok(())
    }

    /// `BINARY_OP` / `COMPARE_OP` on two ints, inline: when the top two
    /// items are ints and `f` gives a result for them, they become that
    /// result and the answer is `true`; otherwise nothing changes.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn int_pair(&mut self, f: impl FnOnce(i64, i64) -> Option<Value>) -> bool {
        let sp = self.sp;
        let Some(lhs) = sp.checked_sub(2).filter(|&i| i >= self.stack_base) else {
            return false;
        };
        let Some([a, b]) = self.slots.get_mut(lhs..sp) else {
            return false;
        };
        let (Some(Value::Int(x)), Some(Value::Int(y))) = (&*a, &*b) else {
            return false;
        };
        let Some(r) = f(*x, *y) else {
            return false;
        };
        // Both were ints: nothing to drop.
        put(a, r);
        std::mem::forget(b.take());
        self.sp = lhs + 1;
        true
    }

    /// Pushes CPython's NULL.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn push_null(&mut self) -> PyResult<()> {
        match self.slots.get_mut(self.sp) {
            Some(slot) => {
                std::mem::forget(slot.take());
                self.sp += 1;
                Ok(())
            }
            None => Err(corrupt("stack overflow")),
        }
    }

    /// Pops a value (NULL is an error).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn pop(&mut self) -> PyResult<Value> {
        match self.pop_slot()? {
            Some(v) => Ok(v),
            None => Err(corrupt("NULL where a value was expected")),
        }
    }

    /// Pops a value or NULL.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn pop_slot(&mut self) -> PyResult<Option<Value>> {
        if self.sp <= self.stack_base {
            return Err(corrupt("stack underflow"));
        }
        self.sp -= 1;
        match self.slots.get_mut(self.sp) {
            Some(slot) => Ok(slot.take()),
            None => Err(corrupt("stack underflow")),
        }
    }

    /// The value `n` items down (1 is the top), borrowed.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn peek(&self, n: usize) -> PyResult<&Value> {
        match self
            .sp
            .checked_sub(n)
            .filter(|&i| i >= self.stack_base)
            .and_then(|i| self.slots.get(i))
        {
            Some(Some(v)) => Ok(v),
            _ => Err(corrupt("no value at that stack depth")),
        }
    }

    /// The top of the stack, mutably.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn top_mut(&mut self) -> PyResult<&mut Value> {
        let i = self.sp.wrapping_sub(1);
        if i < self.stack_base {
            return Err(corrupt("stack underflow"));
        }
        match self.slots.get_mut(i) {
            Some(Some(v)) => Ok(v),
            _ => Err(corrupt("no value on the top of the stack")),
        }
    }

    /// Pops the top `n` items (NULL included), oldest first.
    pub(crate) fn pop_n_slots(&mut self, n: usize) -> PyResult<Vec<Option<Value>>> {
        let start = self
            .sp
            .checked_sub(n)
            .filter(|&i| i >= self.stack_base)
            .ok_or_else(|| corrupt("stack underflow"))?;
        let items = self
            .slots
            .get_mut(start..self.sp)
            .ok_or_else(|| corrupt("stack underflow"))?
            .iter_mut()
            .map(Option::take)
            .collect();
        self.sp = start;
        Ok(items)
    }

    /// Pops the top `n` values, oldest first.
    pub(crate) fn pop_n(&mut self, n: usize) -> PyResult<Vec<Value>> {
        self.pop_n_slots(n)?
            .into_iter()
            .map(|v| v.ok_or_else(|| corrupt("NULL where a value was expected")))
            .collect()
    }

    /// Drops stack items down to `depth` items above the locals.
    pub(crate) fn unwind_to(&mut self, depth: usize) -> PyResult<()> {
        let target = self.stack_base + depth;
        if target > self.sp {
            return Err(corrupt(
                "the exception handler's stack depth is above the stack",
            ));
        }
        while self.sp > target {
            self.sp -= 1;
            if let Some(slot) = self.slots.get_mut(self.sp) {
                let old = slot.take();
                drop(old);
            }
        }
        Ok(())
    }

    /// The fast-locals slot `i`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn local(&self, i: usize) -> PyResult<&Option<Value>> {
        let at = self.base + i;
        match self.slots.get(at) {
            Some(slot) if at < self.stack_base => Ok(slot),
            _ => Err(corrupt("local slot out of range")),
        }
    }

    /// The fast-locals slot `i`, mutably.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn local_mut(&mut self, i: usize) -> PyResult<&mut Option<Value>> {
        let at = self.base + i;
        let end = self.stack_base;
        match self.slots.get_mut(at) {
            Some(slot) if at < end => Ok(slot),
            _ => Err(corrupt("local slot out of range")),
        }
    }

    /// The cell in fast-locals slot `i`.
    pub(crate) fn cell(&self, i: usize) -> PyResult<&CellRef> {
        match self.local(i)? {
            Some(Value::Cell(c)) => Ok(c),
            _ => Err(corrupt("a cell variable without its cell")),
        }
    }

    /// The locals dict as a value, if the frame has one.
    pub(crate) fn locals_dict(&self) -> Option<Rc<RefCell<Dict>>> {
        match &self.locals {
            Locals::Fast => None,
            Locals::Globals => Some(self.globals.dict_rc().clone()),
            Locals::Dict(d) => Some(d.clone()),
        }
    }
}

//! An interpreted frame: the fast locals and the value stack in one
//! allocation, the instruction pointer, the namespace names resolve in.

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

/// One activation of a code object.
pub(crate) struct Frame {
    /// The code object (kept alive while the frame runs).
    pub(crate) code: Rc<Code>,
    /// The module globals.
    pub(crate) globals: Globals,
    /// The namespace of `LOAD_NAME` and friends.
    pub(crate) locals: Locals,
    /// The fast locals (`nlocalsplus` slots) followed by the value stack.
    /// `None` is an unbound local, an empty stack slot, or CPython's NULL.
    pub(crate) slots: Vec<Option<Value>>,
    /// Number of fast-locals slots (where the stack starts).
    pub(crate) nlocalsplus: usize,
    /// Index of the first free stack slot.
    pub(crate) sp: usize,
    /// Index of the next instruction.
    pub(crate) pc: usize,
    /// The `KW_NAMES` constant waiting for the next `CALL`.
    pub(crate) kwnames: Option<u32>,
    /// Whether `RETURN_GENERATOR` has made this frame a generator's.
    pub(crate) is_generator: bool,
}

thread_local! {
    /// Slot vectors of finished frames, reused by new ones (a call then
    /// allocates nothing in the common case).
    static POOL: RefCell<Vec<Vec<Option<Value>>>> = const { RefCell::new(Vec::new()) };
}

/// Most slot vectors kept for reuse.
const POOL_SIZE: usize = 32;

/// A slot vector of `len` empty slots, from the pool if one is there
/// (pooled vectors hold only empty slots).
fn take_slots(len: usize) -> Vec<Option<Value>> {
    let reused = POOL.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()));
    match reused {
        Some(mut v) => {
            if v.len() != len {
                v.resize(len, None);
            }
            v
        }
        None => vec![None; len],
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        let mut slots = std::mem::take(&mut self.slots);
        // Values are dropped here, outside the pool's borrow: a value's drop
        // may end another frame (a generator's).
        for slot in slots.iter_mut() {
            if slot.is_some() {
                let old = slot.take();
                drop(old);
            }
        }
        if slots.capacity() <= 1024 {
            POOL.with(|p| {
                if let Ok(mut p) = p.try_borrow_mut() {
                    if p.len() < POOL_SIZE {
                        p.push(slots);
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

/// `*slot = Some(v.clone())`, the inline values written as their parts.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn clone_into(slot: &mut Option<Value>, v: &Value) {
    if slot.is_some() {
        let old = slot.take();
        drop(old);
    }
    match v {
        Value::Int(i) => *slot = Some(Value::Int(*i)),
        Value::None => *slot = Some(Value::None),
        Value::Bool(b) => *slot = Some(Value::Bool(*b)),
        Value::Float(x) => *slot = Some(Value::Float(*x)),
        Value::Function(f) => *slot = Some(Value::Function(f.clone())),
        Value::Cell(c) => *slot = Some(Value::Cell(c.clone())),
        Value::Str(s) => *slot = Some(Value::Str(s.clone())),
        Value::List(l) => *slot = Some(Value::List(l.clone())),
        Value::Tuple(t) => *slot = Some(Value::Tuple(t.clone())),
        Value::Instance(i) => *slot = Some(Value::Instance(i.clone())),
        other => *slot = Some(other.clone()),
    }
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
        let mut slots = take_slots(nlocalsplus + program.stacksize);
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
            nlocalsplus,
            sp: nlocalsplus,
            pc: 0,
            kwnames: None,
            is_generator: false,
        }
    }

    /// Pushes `v`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn push(&mut self, v: Value) -> PyResult<()> {
        match self.slots.get_mut(self.sp) {
            Some(slot) => {
                *slot = Some(v);
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
        if i >= self.nlocalsplus || sp < self.nlocalsplus {
            return Err(corrupt("LOAD_FAST out of range"));
        }
        let (locals, stack) = self.slots.split_at_mut(sp);
        let (Some(local), Some(slot)) = (locals.get(i), stack.first_mut()) else {
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
        if i >= self.nlocalsplus || sp < self.nlocalsplus {
            return Err(corrupt("LOAD_DEREF out of range"));
        }
        let (locals, stack) = self.slots.split_at_mut(sp);
        let (Some(Some(Value::Cell(cell))), Some(slot)) = (locals.get(i), stack.first_mut()) else {
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
        if i >= self.nlocalsplus || top < self.nlocalsplus || top >= self.slots.len() {
            return Err(corrupt("STORE_FAST out of range"));
        }
        let v = self.slots.get_mut(top).and_then(Option::take);
        self.sp = top;
        if let Some(local) = self.slots.get_mut(i) {
            let old = std::mem::replace(local, v);
            drop(old);
        }
        Ok(())
    }

    /// Pushes CPython's NULL.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn push_null(&mut self) -> PyResult<()> {
        match self.slots.get_mut(self.sp) {
            Some(slot) => {
                *slot = None;
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
        if self.sp <= self.nlocalsplus {
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
            .filter(|&i| i >= self.nlocalsplus)
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
        if i < self.nlocalsplus {
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
            .filter(|&i| i >= self.nlocalsplus)
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
        let target = self.nlocalsplus + depth;
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
        match self.slots.get(i) {
            Some(slot) if i < self.nlocalsplus => Ok(slot),
            _ => Err(corrupt("local slot out of range")),
        }
    }

    /// The fast-locals slot `i`, mutably.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn local_mut(&mut self, i: usize) -> PyResult<&mut Option<Value>> {
        let n = self.nlocalsplus;
        match self.slots.get_mut(i) {
            Some(slot) if i < n => Ok(slot),
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

//! An interpreted frame: the fast locals and the value stack in one
//! allocation, the instruction pointer, the namespace names resolve in.

use std::cell::RefCell;
use std::rc::Rc;

use py_fn_bytecode::verify::{Program, SlotKind};

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

/// `SystemError` for a stack or slot that does not hold what verified code
/// guarantees it holds (only reachable through a bug).
#[cold]
#[inline(never)]
pub(crate) fn corrupt(what: &str) -> PyErr {
    PyErr::new(ExcType::SystemError, format!("interpreter: {what}"))
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
        let nlocalsplus = program.nlocalsplus();
        let mut slots: Vec<Option<Value>> = Vec::with_capacity(nlocalsplus + program.stacksize);
        slots.extend(args.iter().take(nlocalsplus).cloned().map(Some));
        slots.resize(nlocalsplus + program.stacksize, None);
        // COPY_FREE_VARS' work, done once here: the free variables' cells.
        let free = program
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == SlotKind::Free)
            .map(|(i, _)| i);
        for (slot, cell) in free.zip(closure) {
            if let Some(s) = slots.get_mut(slot) {
                *s = Some(Value::Cell(cell.clone()));
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
    #[inline(always)]
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

    /// Pushes CPython's NULL.
    #[inline(always)]
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
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> PyResult<Value> {
        match self.pop_slot()? {
            Some(v) => Ok(v),
            None => Err(corrupt("NULL where a value was expected")),
        }
    }

    /// Pops a value or NULL.
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
    pub(crate) fn local(&self, i: usize) -> PyResult<&Option<Value>> {
        match self.slots.get(i) {
            Some(slot) if i < self.nlocalsplus => Ok(slot),
            _ => Err(corrupt("local slot out of range")),
        }
    }

    /// The fast-locals slot `i`, mutably.
    #[inline(always)]
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

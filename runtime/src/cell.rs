//! Cells: the shared boxes that hold closed-over variables.

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{unbound_free, unbound_local, PyErr, PyResult};
use crate::value::Value;

/// A cell: `None` is an empty cell.
pub type CellRef = Rc<RefCell<Option<Value>>>;

/// A new empty cell, registered with the cycle collector.
#[inline]
pub fn new_cell() -> CellRef {
    new_cell_with(None)
}

/// A new cell holding `value` (`MAKE_CELL` of a parameter), registered with
/// the cycle collector.
#[inline]
pub(crate) fn new_cell_with(value: Option<Value>) -> CellRef {
    let cell = Rc::new(RefCell::new(value));
    crate::gc::track(&cell);
    cell
}

/// Who reads the cell, deciding the error for an empty one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerefKind {
    /// The owner reads its own cell: `UnboundLocalError`.
    Cell,
    /// A closure reads a free variable: `NameError`.
    Free,
}

/// `LOAD_DEREF`: the cell's value, or the error for an empty cell.
#[inline]
pub fn cell_load(cell: &CellRef, name: &str, kind: DerefKind) -> PyResult<Value> {
    let value = cell.borrow().clone();
    match value {
        Some(v) => Ok(v),
        None => Err(match kind {
            DerefKind::Cell => unbound_local(name),
            DerefKind::Free => unbound_free(name),
        }),
    }
}

/// `STORE_DEREF`.
#[inline]
pub fn cell_store(cell: &CellRef, value: Value) {
    let old = cell.replace(Some(value));
    drop(old);
}

/// A Rust handle on a cell (`f.__closure__[i]`).
#[derive(Clone)]
pub struct Cell(pub CellRef);

impl Cell {
    /// `cell_contents`, or `ValueError: Cell is empty`.
    pub fn get(&self) -> Result<Value, PyErr> {
        let value = self.0.borrow().clone();
        value.ok_or_else(|| PyErr::value_error("Cell is empty"))
    }

    /// `cell.cell_contents = value`.
    pub fn set(&self, value: impl Into<Value>) {
        cell_store(&self.0, value.into());
    }

    /// Empties the cell (`del cell.cell_contents`).
    pub fn clear(&self) {
        let old = self.0.replace(None);
        drop(old);
    }

    /// The cell as a Python value.
    pub fn to_value(&self) -> Value {
        Value::Cell(self.0.clone())
    }

    /// Whether both handles name the same cell (`is`).
    pub fn is(&self, other: &Cell) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Empties a cell (the end of `except ... as name` for a cell variable).
pub fn cell_clear(cell: &CellRef) {
    let old = cell.replace(None);
    drop(old);
}

/// `DELETE_DEREF`: empties the cell, or the error for one already empty
/// (`UnboundLocalError` for the owner, `NameError` for a closure).
pub fn cell_delete(cell: &CellRef, name: &str, kind: DerefKind) -> PyResult<()> {
    let old = cell.replace(None);
    match old {
        Some(v) => {
            drop(v);
            Ok(())
        }
        None => Err(match kind {
            DerefKind::Cell => unbound_local(name),
            DerefKind::Free => unbound_free(name),
        }),
    }
}

//! Names: `LOAD_NAME` / `STORE_NAME` / `DELETE_NAME` in a namespace,
//! `LOAD_CLASSDEREF`, and the errors for unbound locals and cells, with the
//! texts native code gives.

use py_fn_bytecode::verify::Program;

use crate::error::{name_not_defined, unbound_free, unbound_local as unbound_local_named};
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

use super::frame::{Frame, Locals};

fn slot_name(program: &Program, i: u32) -> &str {
    program
        .localsplus
        .get(i as usize)
        .map(|s| s.as_ref())
        .unwrap_or("?")
}

/// `UnboundLocalError` for the fast local `i`.
#[cold]
pub(crate) fn unbound_local(program: &Program, i: u32) -> PyErr {
    unbound_local_named(slot_name(program, i))
}

/// The error for reading or deleting the empty cell `i`: an own cell is an
/// `UnboundLocalError`, a free variable a `NameError` (CPython's
/// `format_exc_unbound`).
#[cold]
pub(crate) fn unbound_deref(program: &Program, i: u32) -> PyErr {
    let name = slot_name(program, i);
    if (i as usize) < program.nlocals_and_cells {
        unbound_local_named(name)
    } else {
        unbound_free(name)
    }
}

fn no_locals(what: &str, name: &str) -> PyErr {
    PyErr::new(
        ExcType::SystemError,
        format!("no locals when {what} '{name}'"),
    )
}

/// `LOAD_NAME`: the locals, then the globals, then the builtins.
pub(crate) fn load_name(frame: &Frame, name: &str) -> PyResult<Value> {
    match &frame.locals {
        Locals::Globals => crate::globals::load_global(&frame.globals, name),
        Locals::Dict(d) => {
            let found = d.borrow().get_str(name);
            match found {
                Some(v) => Ok(v),
                None => crate::globals::load_global(&frame.globals, name),
            }
        }
        Locals::Fast => Err(no_locals("loading", name)),
    }
}

/// `STORE_NAME`.
pub(crate) fn store_name(frame: &Frame, name: &str, value: Value) -> PyResult<()> {
    match &frame.locals {
        Locals::Globals => {
            crate::globals::store_global(&frame.globals, name, value);
            Ok(())
        }
        Locals::Dict(d) => {
            let old = d.borrow_mut().set_str(name, value);
            drop(old);
            Ok(())
        }
        Locals::Fast => Err(no_locals("storing", name)),
    }
}

/// `DELETE_NAME`: `NameError: name 'x' is not defined` if it is not a local.
pub(crate) fn delete_name(frame: &Frame, name: &str) -> PyResult<()> {
    match &frame.locals {
        Locals::Globals => crate::globals::delete_global(&frame.globals, name),
        Locals::Dict(d) => {
            let removed = d.borrow_mut().remove(&Value::str(name))?;
            match removed {
                Some(old) => {
                    drop(old);
                    Ok(())
                }
                None => Err(name_not_defined(name)),
            }
        }
        Locals::Fast => Err(no_locals("deleting", name)),
    }
}

/// `LOAD_CLASSDEREF`: the class namespace first, then the cell.
pub(crate) fn load_classderef(frame: &Frame, program: &Program, i: u32) -> PyResult<Value> {
    let name = slot_name(program, i);
    if let Some(ns) = frame.locals_dict() {
        let found = ns.borrow().get_str(name);
        if let Some(v) = found {
            return Ok(v);
        }
    }
    let v = frame.cell(i as usize)?.borrow().clone();
    v.ok_or_else(|| unbound_deref(program, i))
}

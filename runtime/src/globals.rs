//! Module globals: `LOAD_GLOBAL` / `STORE_GLOBAL` / `DELETE_GLOBAL` and the
//! same three for module-level `LOAD_NAME` / `STORE_NAME`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::builtins::builtin_by_name;
use crate::dict::Dict;
use crate::error::{name_not_defined, PyResult};
use crate::value::Value;

/// A module's globals dict (cloning shares it).
#[derive(Clone)]
pub struct Globals {
    dict: Rc<RefCell<Dict>>,
}

impl Globals {
    /// Fresh globals for the module `name` (`__name__` is set).
    pub fn new(name: &'static str) -> Globals {
        let mut dict = Dict::new();
        let _ = dict.set(Value::str_static("__name__"), Value::str_static(name));
        Globals {
            dict: Rc::new(RefCell::new(dict)),
        }
    }

    /// The globals as a Python dict value (`f.__globals__`).
    pub fn to_value(&self) -> Value {
        Value::Dict(self.dict.clone())
    }

    /// The global `name`, without looking at builtins.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.dict.borrow().get_str(name)
    }
}

/// The global `name`, then the builtin; `NameError: name 'x' is not defined`.
pub fn load_global(g: &Globals, name: &str) -> PyResult<Value> {
    if let Some(v) = g.get(name) {
        return Ok(v);
    }
    match builtin_by_name(name) {
        Some(b) => Ok(Value::Builtin(b)),
        None => Err(name_not_defined(name)),
    }
}

/// `name = value` at module level or under `global`.
pub fn store_global(g: &Globals, name: &str, value: Value) {
    let old = g.dict.borrow_mut().set_str(name, value);
    drop(old);
}

/// `del name` at module level or under `global`.
pub fn delete_global(g: &Globals, name: &str) -> PyResult<()> {
    let removed = g.dict.borrow_mut().remove(&Value::str(name))?;
    match removed {
        Some(old) => {
            drop(old);
            Ok(())
        }
        None => Err(name_not_defined(name)),
    }
}

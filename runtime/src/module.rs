//! Modules and `import`: the builtin modules py_fn provides (`sys`,
//! `types`, `dis`, `gc`), made once per thread on first import.
//!
//! ```
//! use py_fn_runtime::{getattr, import_name, Value};
//! let sys = import_name("sys", &Value::None, 0).unwrap();
//! assert_eq!(getattr(&sys, "maxsize").unwrap(), Value::Int(i64::MAX));
//! let err = import_name("os", &Value::None, 0).unwrap_err();
//! assert_eq!(err.to_string(), "ModuleNotFoundError: No module named 'os'");
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::{Shared, Value};

/// A module object: a name and a namespace.
pub struct Module {
    name: String,
    dict: Shared<RefCell<Dict>>,
}

impl Module {
    /// A module called `name` with the attributes `items`.
    pub fn new(name: &str, items: Vec<(&str, Value)>) -> Module {
        let mut dict = Dict::new();
        dict.set_str("__name__", Value::str(name));
        dict.set_str("__doc__", Value::None);
        for (k, v) in items {
            dict.set_str(k, v);
        }
        Module {
            name: name.to_string(),
            dict: Rc::new(RefCell::new(dict)),
        }
    }

    /// `__name__`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `__dict__`.
    pub fn dict(&self) -> &Shared<RefCell<Dict>> {
        &self.dict
    }

    /// `module.name`: `AttributeError: module 'sys' has no attribute 'x'`.
    pub fn getattr(&self, name: &str) -> PyResult<Value> {
        if name == "__dict__" {
            return Ok(Value::Dict(self.dict.clone()));
        }
        self.dict.borrow().get_str(name).ok_or_else(|| {
            PyErr::new(
                ExcType::AttributeError,
                format!("module '{}' has no attribute '{}'", self.name, name),
            )
        })
    }

    /// `module.name = value`.
    pub fn setattr(&self, name: &str, value: Value) -> PyResult<()> {
        let old = self.dict.borrow_mut().set_str(name, value);
        drop(old);
        Ok(())
    }

    /// `del module.name`.
    pub fn delattr(&self, name: &str) -> PyResult<()> {
        match self.dict.borrow_mut().remove(&Value::str(name))? {
            Some(old) => {
                drop(old);
                Ok(())
            }
            None => Err(PyErr::new(
                ExcType::AttributeError,
                format!("'module' object has no attribute '{name}'"),
            )),
        }
    }
}

thread_local! {
    /// The modules imported on this thread (`sys.modules`).
    static MODULES: RefCell<HashMap<String, Value>> = RefCell::new(HashMap::new());
}

/// The builtin module `name`, made on first use.
fn builtin_module(name: &str) -> Option<Value> {
    if let Some(m) = MODULES.with(|m| m.borrow().get(name).cloned()) {
        return Some(m);
    }
    let module = match name {
        "sys" => crate::modules::sys::make(),
        "types" => crate::modules::types::make(),
        "dis" => crate::modules::dis::make(),
        "gc" => crate::modules::gc::make(),
        _ => return None,
    };
    let value = Value::Module(Rc::new(module));
    MODULES.with(|m| m.borrow_mut().insert(name.to_string(), value.clone()));
    Some(value)
}

/// `IMPORT_NAME`: `__import__(name, globals, locals, fromlist, level)`.
/// `import a.b` gives the top package `a`, `from a.b import c` gives
/// `a.b`; py_fn provides `sys`, `types`, `dis` and `gc`, any other name is
/// `ModuleNotFoundError: No module named 'x'`.
pub fn import_name(name: &str, fromlist: &Value, level: u32) -> PyResult<Value> {
    if level > 0 {
        return Err(PyErr::new(
            ExcType::ImportError,
            "attempted relative import with no known parent package",
        ));
    }
    if name.is_empty() {
        return Err(PyErr::value_error("Empty module name"));
    }
    let mut parts = name.split('.');
    let first = parts.next().unwrap_or("");
    let top = builtin_module(first).ok_or_else(|| not_found(first))?;
    let mut module = top.clone();
    let mut path = first.to_string();
    for part in parts {
        path.push('.');
        path.push_str(part);
        module = match crate::attr::getattr(&module, part) {
            Ok(m @ Value::Module(_)) => m,
            _ => return Err(not_found(&path)),
        };
    }
    let has_fromlist =
        !matches!(fromlist, Value::None) && crate::ops::truthy(fromlist).unwrap_or(false);
    Ok(if has_fromlist { module } else { top })
}

fn not_found(name: &str) -> PyErr {
    PyErr::new(
        ExcType::ModuleNotFoundError,
        format!("No module named '{name}'"),
    )
}

/// `IMPORT_FROM`: `from module import name`.
pub fn import_from(module: &Value, name: &str) -> PyResult<Value> {
    match crate::attr::getattr(module, name) {
        Ok(v) => Ok(v),
        Err(e) if e.matches(ExcType::AttributeError) => {
            let mname = match module {
                Value::Module(m) => m.name().to_string(),
                _ => "<unknown module name>".to_string(),
            };
            Err(PyErr::new(
                ExcType::ImportError,
                format!("cannot import name '{name}' from '{mname}' (unknown location)"),
            ))
        }
        Err(e) => Err(e),
    }
}

/// `from module import *`: every public name into `ns`.
pub fn import_star(module: &Value, ns: &RefCell<Dict>) -> PyResult<()> {
    let Value::Module(m) = module else {
        return Err(PyErr::type_error("import * of a non-module"));
    };
    let items = m.dict.borrow().items();
    for (k, v) in items {
        if let Value::Str(s) = &k {
            if s.starts_with('_') {
                continue;
            }
        }
        ns.borrow_mut().set(k, v)?;
    }
    Ok(())
}

/// `from module import *` at module level: every public name of `module`
/// into the module's globals `g`.
pub fn import_star_globals(module: &Value, g: &crate::globals::Globals) -> PyResult<()> {
    let Value::Dict(d) = g.to_value() else {
        return Err(PyErr::type_error("globals are not a dict"));
    };
    import_star(module, &d)
}

//! Module globals: `LOAD_GLOBAL` / `STORE_GLOBAL` / `DELETE_GLOBAL` and the
//! same three for module-level `LOAD_NAME` / `STORE_NAME`.
//!
//! Lookups go through a small cache keyed by the address of the name text
//! (generated code passes string literals), validated by the dict's layout
//! version and by the name itself, like CPython's `LOAD_GLOBAL` caches.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::builtins::{builtin_by_name, Builtin};
use crate::dict::Dict;
use crate::error::{name_not_defined, PyResult};
use crate::value::Value;

const CACHE_SLOTS: usize = 32;

/// What a cached lookup found.
#[derive(Clone, Copy)]
enum Hit {
    /// The global at this entry position.
    Entry(usize),
    /// Not a global: this builtin.
    Builtin(&'static Builtin),
    /// Not a global: a builtin that is not a [`Builtin`] (`ValueError`,
    /// `object`, `NotImplemented`), looked up by name.
    Other,
}

/// One cached lookup.
#[derive(Clone, Copy)]
struct Slot {
    ptr: usize,
    len: usize,
    version: u64,
    hit: Option<Hit>,
}

const EMPTY_SLOT: Slot = Slot {
    ptr: 0,
    len: 0,
    version: 0,
    hit: None,
};

/// What [`Globals`] shares: the dict and the lookup cache.
pub(crate) struct Inner {
    dict: Rc<RefCell<Dict>>,
    cache: [Cell<Slot>; CACHE_SLOTS],
}

/// The shared part of [`Globals`], as the cycle collector sees it.
pub(crate) type GlobalsInner = Inner;

impl Inner {
    /// The globals dict.
    pub(crate) fn dict(&self) -> &Rc<RefCell<Dict>> {
        &self.dict
    }
}

/// A module's globals dict (cloning shares it).
#[derive(Clone)]
pub struct Globals {
    inner: Rc<Inner>,
}

impl Globals {
    /// Fresh globals for the module `name` (`__name__` is set).
    pub fn new(name: &'static str) -> Globals {
        let mut dict = Dict::new();
        let _ = dict.set(Value::str_static("__name__"), Value::str_static(name));
        Globals {
            inner: Rc::new(Inner {
                dict: Rc::new(RefCell::new(dict)),
                cache: [const { Cell::new(EMPTY_SLOT) }; CACHE_SLOTS],
            }),
        }
    }

    /// Globals over an existing dict (`types.FunctionType(code, d)`): the
    /// dict is shared, not copied.
    ///
    /// ```
    /// use py_fn_runtime::{load_global, store_global, Globals, Value};
    /// let g = Globals::new("m");
    /// let Value::Dict(d) = g.to_value() else { unreachable!() };
    /// let same_dict = Globals::from_dict(d);
    /// store_global(&g, "x", Value::Int(1));
    /// assert_eq!(load_global(&same_dict, "x").unwrap(), Value::Int(1));
    /// assert!(!same_dict.is(&g)); // another handle on the same dict
    /// ```
    pub fn from_dict(dict: Rc<RefCell<Dict>>) -> Globals {
        Globals {
            inner: Rc::new(Inner {
                dict,
                cache: [const { Cell::new(EMPTY_SLOT) }; CACHE_SLOTS],
            }),
        }
    }

    /// The globals as a Python dict value (`f.__globals__`).
    pub fn to_value(&self) -> Value {
        Value::Dict(self.inner.dict.clone())
    }

    /// The shared part (the cycle collector looks into it when one
    /// function or frame holds it alone).
    pub(crate) fn inner(&self) -> &Rc<Inner> {
        &self.inner
    }

    /// The dict behind the globals.
    pub(crate) fn dict_rc(&self) -> &Rc<RefCell<Dict>> {
        &self.inner.dict
    }

    /// Whether `self` and `other` are the same namespace.
    pub fn is(&self, other: &Globals) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// The global `name`, without looking at builtins.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.inner.dict.borrow().get_str(name)
    }
}

/// The global `name`, then the builtin; `NameError: name 'x' is not defined`.
#[inline]
pub fn load_global(g: &Globals, name: &str) -> PyResult<Value> {
    let ptr = name.as_ptr() as usize;
    let slot = g
        .inner
        .cache
        .get((ptr >> 3) % CACHE_SLOTS)
        .map(Cell::get)
        .unwrap_or(EMPTY_SLOT);
    {
        let dict = g.inner.dict.borrow();
        if slot.ptr == ptr && slot.len == name.len() && slot.version == dict.layout_version() {
            match slot.hit {
                Some(Hit::Entry(entry)) => {
                    if let Some(v) = dict.value_at_str(entry, name) {
                        return Ok(v);
                    }
                }
                Some(Hit::Builtin(b)) if b.name == name => return Ok(Value::Builtin(b)),
                _ => {}
            }
        }
    }
    load_global_uncached(g, name)
}

/// [`load_global`] on a cache miss: looks the name up and caches the answer.
fn load_global_uncached(g: &Globals, name: &str) -> PyResult<Value> {
    let (found, version) = {
        let dict = g.inner.dict.borrow();
        let found = dict
            .find_str(name)
            .and_then(|e| dict.value_at_str(e, name).map(|v| (e, v)));
        (found, dict.layout_version())
    };
    let (hit, result) = match found {
        Some((entry, v)) => (Hit::Entry(entry), Ok(v)),
        None => match builtin_by_name(name) {
            Some(b) => (Hit::Builtin(b), Ok(Value::Builtin(b))),
            None => match crate::builtins::builtin_object(name) {
                Some(v) => (Hit::Other, Ok(v)),
                None => return Err(name_not_defined(name)),
            },
        },
    };
    let ptr = name.as_ptr() as usize;
    if let Some(cell) = g.inner.cache.get((ptr >> 3) % CACHE_SLOTS) {
        cell.set(Slot {
            ptr,
            len: name.len(),
            version,
            hit: Some(hit),
        });
    }
    result
}

/// `name = value` at module level or under `global`.
pub fn store_global(g: &Globals, name: &str, value: Value) {
    let old = g.inner.dict.borrow_mut().set_str(name, value);
    drop(old);
}

/// `del name` at module level or under `global`.
pub fn delete_global(g: &Globals, name: &str) -> PyResult<()> {
    let removed = g.inner.dict.borrow_mut().remove(&Value::str(name))?;
    match removed {
        Some(old) => {
            drop(old);
            Ok(())
        }
        None => Err(name_not_defined(name)),
    }
}

thread_local! {
    /// The globals of the module code running on this thread, innermost
    /// last (what `globals()` returns when nothing better is known).
    static CURRENT: RefCell<Vec<Globals>> = const { RefCell::new(Vec::new()) };
}

/// The globals of the innermost module or function that registered its
/// namespace with [`enter_globals`].
pub fn current_globals() -> Option<Globals> {
    CURRENT.with(|c| c.borrow().last().cloned())
}

/// Makes `g` the current globals until the guard drops (module code and
/// interpreted frames of another module register theirs).
pub fn enter_globals(g: &Globals) -> GlobalsGuard {
    let pushed = CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.last().is_some_and(|top| Rc::ptr_eq(&top.inner, &g.inner)) {
            false
        } else {
            c.push(g.clone());
            true
        }
    });
    GlobalsGuard { pushed }
}

/// Restores the previous current globals on drop.
pub struct GlobalsGuard {
    pushed: bool,
}

impl Drop for GlobalsGuard {
    fn drop(&mut self) {
        if self.pushed {
            let top = CURRENT.with(|c| c.borrow_mut().pop());
            drop(top);
        }
    }
}

/// The class namespace `ns` as a dict.
fn namespace(ns: &Value) -> PyResult<&Rc<RefCell<Dict>>> {
    match ns {
        Value::Dict(d) => Ok(d),
        other => Err(crate::error::PyErr::type_error(format!(
            "a class namespace must be a dict, not '{}'",
            other.type_name()
        ))),
    }
}

/// `LOAD_NAME` in a class body: the namespace `ns`, then the globals, then
/// the builtins; `NameError: name 'x' is not defined`.
pub fn load_name(ns: &Value, g: &Globals, name: &str) -> PyResult<Value> {
    if let Some(v) = namespace(ns)?.borrow().get_str(name) {
        return Ok(v);
    }
    load_global(g, name)
}

/// `STORE_NAME` in a class body.
pub fn store_name(ns: &Value, name: &str, value: Value) -> PyResult<()> {
    let old = namespace(ns)?.borrow_mut().set_str(name, value);
    drop(old);
    Ok(())
}

/// `DELETE_NAME` in a class body: `NameError` when `name` is not in `ns`.
pub fn delete_name(ns: &Value, name: &str) -> PyResult<()> {
    let removed = namespace(ns)?.borrow_mut().remove(&Value::str(name))?;
    match removed {
        Some(old) => {
            drop(old);
            Ok(())
        }
        None => Err(name_not_defined(name)),
    }
}

/// `LOAD_CLASSDEREF`: a free variable of a class body, looked up in the
/// namespace first, then in its cell.
pub fn load_classderef(ns: &Value, cell: &crate::cell::CellRef, name: &str) -> PyResult<Value> {
    if let Some(v) = namespace(ns)?.borrow().get_str(name) {
        return Ok(v);
    }
    crate::cell::cell_load(cell, name, crate::cell::DerefKind::Free)
}

//! Operations on a dict shared behind a `RefCell` whose keys may run Python
//! code: an instance's `__hash__` and `__eq__` can read or change the very
//! dict being looked up, so they must run while the dict is not borrowed.
//!
//! A key that cannot run Python code (ints, strs, tuples of them, ...) is
//! looked up directly with one borrow. Any other key is hashed first, then
//! the entries with its hash are copied out, compared with no borrow held,
//! and the operation is done on the entry found if it still holds the same
//! key object; when a comparison changed the dict the lookup starts again,
//! as CPython's `lookdict` does.
//!
//! ```
//! use std::cell::RefCell;
//! use py_fn_runtime::{dict_shared, Dict, Value};
//! let d = RefCell::new(Dict::new());
//! dict_shared::set(&d, Value::from(1), Value::str("one")).unwrap();
//! assert_eq!(dict_shared::get(&d, &Value::from(1)).unwrap(), Some(Value::str("one")));
//! assert!(dict_shared::contains(&d, &Value::from(1.0)).unwrap());
//! assert_eq!(dict_shared::remove(&d, &Value::from(1)).unwrap(), Some(Value::str("one")));
//! ```

use std::cell::RefCell;

use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

/// How many times a lookup restarts after a comparison changed the dict
/// before it gives up.
const MAX_RESTARTS: usize = 100;

/// Whether hashing or comparing `key` can run Python code.
fn runs_python(key: &Value) -> bool {
    match key {
        Value::Instance(_) => true,
        Value::Tuple(items) => items.iter().any(runs_python),
        Value::FrozenSet(_) => true,
        _ => false,
    }
}

fn in_use() -> PyErr {
    PyErr::new(
        ExcType::RuntimeError,
        "dictionary changed size during a key comparison",
    )
}

fn borrow(d: &RefCell<Dict>) -> PyResult<std::cell::Ref<'_, Dict>> {
    d.try_borrow().map_err(|_| in_use())
}

fn borrow_mut(d: &RefCell<Dict>) -> PyResult<std::cell::RefMut<'_, Dict>> {
    d.try_borrow_mut().map_err(|_| in_use())
}

/// The entry of `key`: its position and the key object stored there.
fn find(d: &RefCell<Dict>, h: i64, key: &Value) -> PyResult<Option<(usize, Value)>> {
    for _ in 0..MAX_RESTARTS {
        let (candidates, version) = {
            let dict = borrow(d)?;
            (dict.candidates(h), dict.layout_version())
        };
        let mut changed = false;
        for (entry, stored) in candidates {
            let equal = crate::compare::is(&stored, key)
                || crate::compare::compare_bool(crate::compare::CmpOp::Eq, &stored, key)?;
            if borrow(d)?.layout_version() != version {
                changed = true;
                break;
            }
            if equal {
                return Ok(Some((entry, stored)));
            }
        }
        if !changed {
            return Ok(None);
        }
    }
    Err(in_use())
}

/// `d[key]` (`Ok(None)` when missing).
pub fn get(d: &RefCell<Dict>, key: &Value) -> PyResult<Option<Value>> {
    if !runs_python(key) {
        return borrow(d)?.get(key);
    }
    let h = crate::hash::table_hash(key)?;
    Ok(match find(d, h, key)? {
        Some((entry, _)) => borrow(d)?.value_at_entry(entry),
        None => None,
    })
}

/// `key in d`.
pub fn contains(d: &RefCell<Dict>, key: &Value) -> PyResult<bool> {
    if !runs_python(key) {
        return borrow(d)?.contains(key);
    }
    let h = crate::hash::table_hash(key)?;
    Ok(find(d, h, key)?.is_some())
}

/// `d[key] = value`.
pub fn set(d: &RefCell<Dict>, key: Value, value: Value) -> PyResult<()> {
    if !runs_python(&key) {
        return borrow_mut(d)?.set(key, value);
    }
    let h = crate::hash::table_hash(&key)?;
    match find(d, h, &key)? {
        Some((entry, stored)) => {
            let old = borrow_mut(d)?.replace_at(entry, &stored, value);
            drop(old);
        }
        None => borrow_mut(d)?.insert_hashed(h, key, value),
    }
    Ok(())
}

/// `del d[key]`: the value removed (`Ok(None)` when missing).
pub fn remove(d: &RefCell<Dict>, key: &Value) -> PyResult<Option<Value>> {
    if !runs_python(key) {
        return borrow_mut(d)?.remove(key);
    }
    let h = crate::hash::table_hash(key)?;
    Ok(match find(d, h, key)? {
        Some((entry, stored)) => borrow_mut(d)?.remove_at(h, entry, &stored),
        None => None,
    })
}

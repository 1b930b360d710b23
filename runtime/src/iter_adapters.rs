//! The lazy iterators of `map`, `filter`, `reversed` and
//! `iter(callable, sentinel)`, as CPython's `map`, `filter`,
//! `list_reverseiterator`, `reversed`, `dict_reverse*iterator` and
//! `callable_iterator` objects.
//!
//! ```
//! use py_fn_runtime::{builtin, call, Value};
//! let map = builtin("map").unwrap();
//! let abs = builtin("abs").unwrap();
//! let m = call(&map, &[abs, Value::list([Value::Int(-1), Value::Int(2)])]).unwrap();
//! let list = builtin("list").unwrap();
//! assert_eq!(call(&list, &[m]).unwrap().repr(), "[1, 2]");
//! ```

use std::cell::RefCell;
use std::rc::Rc;

use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::iter::{iter, make_iter, IterState};
use crate::methods::Args;
use crate::value::{Value, ViewKind};

/// The state of a `map`, `filter`, `reversed` or `callable_iterator`
/// (held by [`IterState::Adapter`]).
///
/// ```
/// use py_fn_runtime::{builtin, call, Value};
/// let r = call(&builtin("reversed").unwrap(), &[Value::list([Value::Int(1)])]).unwrap();
/// assert_eq!(r.type_name(), "list_reverseiterator");
/// ```
pub enum Adapter {
    /// `map(func, *iterables)`.
    Map {
        /// The function.
        func: Value,
        /// One iterator per iterable.
        iters: Vec<Value>,
    },
    /// `filter(func, iterable)` (`None`: the items' truth).
    Filter {
        /// The predicate, or `None`.
        func: Value,
        /// The iterator.
        inner: Value,
    },
    /// `reversed(list)`: by index, from the end, as the list is now.
    ListReversed {
        /// The list.
        list: Value,
        /// The next index (negative: exhausted).
        index: i64,
    },
    /// `reversed(seq)` over `len()` and `seq[i]` (tuple, str, bytes, an
    /// object with `__len__` and `__getitem__`).
    Reversed {
        /// The sequence.
        seq: Value,
        /// The next index (negative: exhausted).
        index: i64,
    },
    /// `reversed(dict)` and of its views.
    DictReversed {
        /// The dict.
        dict: Rc<RefCell<Dict>>,
        /// Entry slots left to look at (the next one is `slot - 1`).
        slot: usize,
        /// The dict's size when iteration started.
        len: usize,
        /// What to yield.
        kind: ViewKind,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        /// The function called for each item.
        func: Value,
        /// The value that ends the iteration.
        sentinel: Value,
    },
}

impl Adapter {
    /// The Python type name of the iterator (`map`, `filter`,
    /// `list_reverseiterator`, `reversed`, `callable_iterator`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Adapter::Map { .. } => "map",
            Adapter::Filter { .. } => "filter",
            Adapter::ListReversed { .. } => "list_reverseiterator",
            Adapter::Reversed { .. } => "reversed",
            Adapter::DictReversed { kind, .. } => match kind {
                ViewKind::Keys => "dict_reversekeyiterator",
                ViewKind::Values => "dict_reversevalueiterator",
                ViewKind::Items => "dict_reverseitemiterator",
            },
            Adapter::Callable { .. } => "callable_iterator",
        }
    }

    /// Calls `f` with every value the iterator holds a reference to (for
    /// a cycle collector; the dict of `DictReversed` is not a `Value`).
    pub fn for_each_value(&self, mut f: impl FnMut(&Value)) {
        match self {
            Adapter::Map { func, iters } => {
                f(func);
                iters.iter().for_each(f);
            }
            Adapter::Filter { func, inner } => {
                f(func);
                f(inner);
            }
            Adapter::ListReversed { list: v, .. } | Adapter::Reversed { seq: v, .. } => f(v),
            Adapter::DictReversed { .. } => {}
            Adapter::Callable { func, sentinel } => {
                f(func);
                f(sentinel);
            }
        }
    }
}

fn adapter(a: Adapter) -> Value {
    make_iter(IterState::Adapter(Box::new(a)))
}

/// `next()` of an adapter. The state is taken out of the iterator while
/// Python code runs (a nested `next` of the same iterator sees it
/// exhausted) and put back afterwards, also after an exception.
pub(crate) fn next(cell: &Rc<RefCell<IterState>>) -> PyResult<Option<Value>> {
    let taken = std::mem::replace(&mut *cell.borrow_mut(), IterState::Done);
    let IterState::Adapter(mut a) = taken else {
        *cell.borrow_mut() = taken;
        return Ok(None);
    };
    let result = step(&mut a);
    if !matches!(result, Ok(None)) {
        let old = std::mem::replace(&mut *cell.borrow_mut(), IterState::Adapter(a));
        drop(old);
    }
    result
}

fn step(a: &mut Adapter) -> PyResult<Option<Value>> {
    match a {
        Adapter::Map { func, iters } => {
            let mut items = Vec::with_capacity(iters.len());
            for it in iters.iter() {
                match crate::iter::next(it)? {
                    Some(v) => items.push(v),
                    None => return Ok(None),
                }
            }
            crate::call::call(func, &items).map(Some)
        }
        Adapter::Filter { func, inner } => {
            while let Some(item) = crate::iter::next(inner)? {
                let keep = match &*func {
                    Value::None => crate::ops::truthy(&item)?,
                    f => crate::ops::truthy(&crate::call::call(f, std::slice::from_ref(&item))?)?,
                };
                if keep {
                    return Ok(Some(item));
                }
            }
            Ok(None)
        }
        Adapter::ListReversed { list, index } => {
            let Value::List(l) = list else {
                return Ok(None);
            };
            let item = usize::try_from(*index)
                .ok()
                .and_then(|i| l.borrow().get(i).cloned());
            *index -= 1;
            Ok(item)
        }
        Adapter::Reversed { seq, index } => {
            if *index < 0 {
                return Ok(None);
            }
            match crate::ops::getitem(seq, &Value::Int(*index)) {
                Ok(v) => {
                    *index -= 1;
                    Ok(Some(v))
                }
                Err(e) if e.matches(ExcType::IndexError) || e.matches(ExcType::StopIteration) => {
                    *index = -1;
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
        Adapter::DictReversed {
            dict,
            slot,
            len,
            kind,
        } => {
            let d = dict.borrow();
            if d.len() != *len {
                *len = usize::MAX;
                return Err(PyErr::new(
                    ExcType::RuntimeError,
                    "dictionary changed size during iteration",
                ));
            }
            while *slot > 0 {
                *slot -= 1;
                if let Some((k, v)) = d.entry_at(*slot) {
                    return Ok(Some(match kind {
                        ViewKind::Keys => k.clone(),
                        ViewKind::Values => v.clone(),
                        ViewKind::Items => crate::ops::tuple(vec![k.clone(), v.clone()]),
                    }));
                }
            }
            Ok(None)
        }
        Adapter::Callable { func, sentinel } => match crate::call::call(func, &[]) {
            Ok(v) => {
                if crate::compare::compare_bool(crate::compare::CmpOp::Eq, &v, sentinel)? {
                    Ok(None)
                } else {
                    Ok(Some(v))
                }
            }
            Err(e) if e.matches(ExcType::StopIteration) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

fn no_kw(name: &str, a: &Args<'_>) -> PyResult<()> {
    if a.kw.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )))
    }
}

/// `map(func, iterable, *iterables)`.
pub(crate) fn b_map(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("map", &a)?;
    let [func, iterables @ ..] = a.pos else {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    };
    if iterables.is_empty() {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    }
    let iters = iterables.iter().map(iter).collect::<PyResult<Vec<_>>>()?;
    Ok(adapter(Adapter::Map {
        func: func.clone(),
        iters,
    }))
}

/// `filter(function, iterable)`.
pub(crate) fn b_filter(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("filter", &a)?;
    a.range("filter", "filter", 2, 2)?;
    let [func, iterable] = a.pos else {
        return Ok(Value::None);
    };
    Ok(adapter(Adapter::Filter {
        func: func.clone(),
        inner: iter(iterable)?,
    }))
}

/// `reversed(sequence)`.
pub(crate) fn b_reversed(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    no_kw("reversed", &a)?;
    a.range("reversed", "reversed", 1, 1)?;
    let [seq] = a.pos else {
        return Ok(Value::None);
    };
    reversed(seq)
}

/// `reversed(seq)`: a reverse iterator, or `TypeError: 'set' object is
/// not reversible`.
pub(crate) fn reversed(seq: &Value) -> PyResult<Value> {
    let not_reversible =
        || PyErr::type_error(format!("'{}' object is not reversible", seq.type_name()));
    let from_end = |n: usize| n as i64 - 1;
    Ok(match seq {
        Value::List(l) => adapter(Adapter::ListReversed {
            list: seq.clone(),
            index: from_end(l.borrow().len()),
        }),
        Value::Tuple(t) => adapter(Adapter::Reversed {
            seq: seq.clone(),
            index: from_end(t.len()),
        }),
        Value::Str(s) => adapter(Adapter::Reversed {
            seq: seq.clone(),
            index: from_end(s.chars().count()),
        }),
        Value::Bytes(b) => adapter(Adapter::Reversed {
            seq: seq.clone(),
            index: from_end(b.len()),
        }),
        Value::Range(r) => {
            let len = r.len();
            make_iter(IterState::Range {
                next: if len > 0 { r.item(len - 1) } else { r.start },
                remaining: len,
                step: r.step.wrapping_neg(),
            })
        }
        Value::Dict(d) => dict_reversed(d, ViewKind::Keys),
        Value::DictView(v) => dict_reversed(&v.dict, v.kind),
        Value::Instance(_) => {
            if let Some(method) = crate::dunder::lookup_special(seq, "__reversed__") {
                if matches!(method, Value::None) {
                    return Err(not_reversible());
                }
                return crate::dunder::call_special(seq, "__reversed__", &[])
                    .unwrap_or_else(|| Err(not_reversible()));
            }
            let is_sequence = crate::dunder::lookup_special(seq, "__getitem__").is_some();
            if !is_sequence || crate::dunder::lookup_special(seq, "__len__").is_none() {
                return Err(not_reversible());
            }
            let n = crate::ops::len(seq)?;
            adapter(Adapter::Reversed {
                seq: seq.clone(),
                index: n as i64 - 1,
            })
        }
        _ => return Err(not_reversible()),
    })
}

fn dict_reversed(d: &Rc<RefCell<Dict>>, kind: ViewKind) -> Value {
    let (slot, len) = {
        let b = d.borrow();
        (b.slots(), b.len())
    };
    adapter(Adapter::DictReversed {
        dict: d.clone(),
        slot,
        len,
        kind,
    })
}

/// `iter(callable, sentinel)`.
pub(crate) fn callable_iter(func: &Value, sentinel: &Value) -> PyResult<Value> {
    if !crate::builtins_class::is_callable(func) {
        return Err(PyErr::type_error("iter(v, w): v must be callable"));
    }
    Ok(adapter(Adapter::Callable {
        func: func.clone(),
        sentinel: sentinel.clone(),
    }))
}

//! Iteration: `GET_ITER`, `FOR_ITER`, `UNPACK_SEQUENCE` and the iterator
//! objects of lists, tuples, strings, ranges, dicts, `enumerate` and `zip`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::{Value, ViewKind};

/// The state of an iterator object.
pub enum IterState {
    /// Over a list or tuple, by index (a list may grow while iterated).
    Seq {
        /// The list or tuple.
        seq: Value,
        /// Next index.
        index: usize,
    },
    /// Over a `str`, by byte offset.
    Str {
        /// The string.
        text: Rc<String>,
        /// Next byte offset.
        offset: usize,
    },
    /// Over a `bytes` object.
    Bytes {
        /// The bytes.
        data: Rc<Vec<u8>>,
        /// Next index.
        index: usize,
    },
    /// Over a `range`.
    Range {
        /// Next value.
        next: i64,
        /// Values left.
        remaining: i64,
        /// Step.
        step: i64,
    },
    /// Over a dict or one of its views.
    Dict {
        /// The dict.
        dict: Rc<RefCell<Dict>>,
        /// Next entry slot.
        slot: usize,
        /// The size when iteration started.
        len: usize,
        /// What to yield.
        kind: ViewKind,
    },
    /// `enumerate(iterable, start)`.
    Enumerate {
        /// The underlying iterator.
        inner: Value,
        /// Next count.
        count: Value,
    },
    /// `zip(*iterables)`.
    Zip {
        /// The underlying iterators.
        iters: Vec<Value>,
    },
    /// Over an object with `__getitem__` but no `__iter__`: `obj[0]`,
    /// `obj[1]`, ... until `IndexError`.
    GetItem {
        /// The object.
        obj: Value,
        /// Next index.
        index: i64,
    },
    /// Over a `set` or `frozenset`, by table slot.
    Set {
        /// The set.
        set: Value,
        /// Next table slot.
        pos: usize,
        /// The size when iteration started (`usize::MAX` once it changed).
        used: usize,
    },
    /// `map`, `filter`, `reversed`, `iter(callable, sentinel)`.
    Adapter(Box<crate::iter_adapters::Adapter>),
    /// An exhausted iterator.
    Done,
}

impl IterState {
    /// The Python type name of the iterator.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::Seq {
                seq: Value::Tuple(_),
                ..
            } => "tuple_iterator",
            IterState::Seq { .. } => "list_iterator",
            IterState::Str { text, .. } => {
                if text.is_ascii() {
                    "str_ascii_iterator"
                } else {
                    "str_iterator"
                }
            }
            IterState::Bytes { .. } => "bytes_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::Dict { kind, .. } => match kind {
                ViewKind::Keys => "dict_keyiterator",
                ViewKind::Values => "dict_valueiterator",
                ViewKind::Items => "dict_itemiterator",
            },
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::GetItem { .. } => "iterator",
            IterState::Set { .. } => "set_iterator",
            IterState::Adapter(a) => a.type_name(),
            IterState::Done => "iterator",
        }
    }
}

/// Wraps an iterator state as a value.
pub fn make_iter(state: IterState) -> Value {
    let track = crate::gc::iter_holds_references(&state);
    let it = Rc::new(RefCell::new(state));
    if track {
        crate::gc::track(&it);
    }
    Value::Iter(it)
}

/// `iter(obj)` (`GET_ITER`), or `TypeError: 'int' object is not iterable`.
pub fn iter(obj: &Value) -> PyResult<Value> {
    let state = match obj {
        Value::List(_) | Value::Tuple(_) => IterState::Seq {
            seq: obj.clone(),
            index: 0,
        },
        Value::Str(s) => IterState::Str {
            text: s.clone(),
            offset: 0,
        },
        Value::Bytes(b) => IterState::Bytes {
            data: b.clone(),
            index: 0,
        },
        Value::Range(r) => IterState::Range {
            next: r.start,
            remaining: r.len(),
            step: r.step,
        },
        Value::Dict(d) => IterState::Dict {
            dict: d.clone(),
            slot: 0,
            len: d.borrow().len(),
            kind: ViewKind::Keys,
        },
        Value::DictView(v) => IterState::Dict {
            dict: v.dict.clone(),
            slot: 0,
            len: v.dict.borrow().len(),
            kind: v.kind,
        },
        Value::Set(_) | Value::FrozenSet(_) => IterState::Set {
            set: obj.clone(),
            pos: 0,
            used: crate::set::len(obj)?,
        },
        Value::Iter(_) | Value::Generator(_) => return Ok(obj.clone()),
        Value::Instance(_) => return instance_iter(obj),
        _ => return Err(PyErr::not_iterable(obj)),
    };
    Ok(make_iter(state))
}

/// `iter(instance)`: `__iter__` (whose result must have `__next__`), or
/// the sequence protocol over `__getitem__`.
fn instance_iter(obj: &Value) -> PyResult<Value> {
    if let Some(r) = crate::dunder::call_special(obj, "__iter__", &[]) {
        let it = r?;
        let is_iterator = match &it {
            Value::Iter(_) => true,
            Value::Instance(_) => crate::dunder::lookup_special(&it, "__next__").is_some(),
            other => is_native_iterator(other),
        };
        if !is_iterator {
            return Err(PyErr::type_error(format!(
                "iter() returned non-iterator of type '{}'",
                it.type_name()
            )));
        }
        return Ok(it);
    }
    if crate::dunder::lookup_special(obj, "__getitem__").is_some() {
        return Ok(make_iter(IterState::GetItem {
            obj: obj.clone(),
            index: 0,
        }));
    }
    Err(PyErr::not_iterable(obj))
}

/// Whether `v` is an iterator of a type other than [`Value::Iter`] and
/// instances (hook for iterator types defined elsewhere in the runtime).
fn is_native_iterator(v: &Value) -> bool {
    matches!(v, Value::Generator(_))
}

/// `next(it)`, or the value a generator returned: `Ok(Err(value))` when
/// exhausted (`None` for anything but a generator).
pub(crate) fn next_or_return(iterator: &Value) -> PyResult<Result<Value, Value>> {
    if let Value::Generator(g) = iterator {
        return Ok(match g.resume(Value::None, None)? {
            crate::vm::Sent::Yielded(v) => Ok(v),
            crate::vm::Sent::Returned(v) => Err(v),
        });
    }
    Ok(next(iterator)?.ok_or(Value::None))
}

/// `next(it)` for `FOR_ITER`: `Ok(None)` when exhausted.
pub fn next(iterator: &Value) -> PyResult<Option<Value>> {
    if let Value::Generator(g) = iterator {
        return g.next();
    }
    if let Value::Instance(_) = iterator {
        return match crate::dunder::call_special(iterator, "__next__", &[]) {
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) if e.kind() == ExcType::StopIteration => Ok(None),
            Some(Err(e)) => Err(e),
            None => Err(PyErr::type_error(format!(
                "'{}' object is not an iterator",
                iterator.type_name()
            ))),
        };
    }
    let Value::Iter(cell) = iterator else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            iterator.type_name()
        )));
    };
    // Iterators over other iterators call back into `next`: take those
    // out of the cell first so no borrow is held across the call.
    let is_adapter = matches!(&*cell.borrow(), IterState::Adapter(_));
    if is_adapter {
        return crate::iter_adapters::next(cell);
    }
    // (The borrow ends before `next_getitem` runs: an `if let` on
    // `cell.borrow()` would hold it through the call.)
    let getitem = match &*cell.borrow() {
        IterState::GetItem { obj, index } => Some((obj.clone(), *index)),
        _ => None,
    };
    if let Some((obj, index)) = getitem {
        return next_getitem(cell, &obj, index);
    }
    let nested = match &*cell.borrow() {
        IterState::Enumerate { inner, count } => Some((vec![inner.clone()], Some(count.clone()))),
        IterState::Zip { iters } => Some((iters.clone(), None)),
        _ => None,
    };
    if let Some((inners, count)) = nested {
        return next_nested(cell, inners, count);
    }
    let mut state = cell.borrow_mut();
    let item = match &mut *state {
        IterState::Seq { seq, index } => {
            let item = match seq {
                Value::List(l) => l.borrow().get(*index).cloned(),
                Value::Tuple(t) => t.get(*index).cloned(),
                _ => None,
            };
            *index += 1;
            item
        }
        IterState::Str { text, offset } => {
            let c = text.get(*offset..).and_then(|rest| rest.chars().next());
            c.map(|c| {
                *offset += c.len_utf8();
                Value::str(c)
            })
        }
        IterState::Bytes { data, index } => {
            let b = data.get(*index).copied();
            *index += 1;
            b.map(|b| Value::Int(b as i64))
        }
        IterState::Range {
            next,
            remaining,
            step,
        } => {
            if *remaining > 0 {
                let v = *next;
                *remaining -= 1;
                *next = next.wrapping_add(*step);
                Some(Value::Int(v))
            } else {
                None
            }
        }
        IterState::Dict {
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
            let mut found = None;
            while *slot < d.slots() {
                let entry = d.entry_at(*slot);
                *slot += 1;
                if let Some((k, v)) = entry {
                    found = Some(match kind {
                        ViewKind::Keys => k.clone(),
                        ViewKind::Values => v.clone(),
                        ViewKind::Items => crate::ops::tuple(vec![k.clone(), v.clone()]),
                    });
                    break;
                }
            }
            found
        }
        IterState::Set { set, pos, used } => crate::set::iter_next(set, pos, used)?,
        IterState::Enumerate { .. }
        | IterState::Zip { .. }
        | IterState::GetItem { .. }
        | IterState::Adapter(_)
        | IterState::Done => None,
    };
    if item.is_none() {
        *state = IterState::Done;
    }
    Ok(item)
}

/// `next` of the sequence protocol: `obj[index]`, ending at `IndexError`
/// (or `StopIteration`).
fn next_getitem(cell: &Rc<RefCell<IterState>>, obj: &Value, index: i64) -> PyResult<Option<Value>> {
    match crate::ops::getitem(obj, &Value::Int(index)) {
        Ok(v) => {
            if let IterState::GetItem { index: i, .. } = &mut *cell.borrow_mut() {
                *i = index + 1;
            }
            Ok(Some(v))
        }
        Err(e) if e.matches(ExcType::IndexError) || e.matches(ExcType::StopIteration) => {
            *cell.borrow_mut() = IterState::Done;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `next` for `enumerate` and `zip`.
fn next_nested(
    cell: &Rc<RefCell<IterState>>,
    inners: Vec<Value>,
    count: Option<Value>,
) -> PyResult<Option<Value>> {
    let mut items = Vec::with_capacity(inners.len() + 1);
    if inners.is_empty() {
        return Ok(None);
    }
    for inner in &inners {
        match next(inner)? {
            Some(v) => items.push(v),
            None => {
                *cell.borrow_mut() = IterState::Done;
                return Ok(None);
            }
        }
    }
    if let Some(count) = count {
        let following =
            crate::number::binary_op(crate::number::BinOp::Add, &count, &Value::Int(1))?;
        if let IterState::Enumerate { count: c, .. } = &mut *cell.borrow_mut() {
            *c = following;
        }
        items.insert(0, count);
    }
    Ok(Some(crate::ops::tuple(items)))
}

/// Every item of an iterable.
pub fn collect(obj: &Value) -> PyResult<Vec<Value>> {
    match obj {
        Value::List(l) => return Ok(l.borrow().clone()),
        Value::Tuple(t) => return Ok(t.to_vec()),
        _ => {}
    }
    let it = iter(obj)?;
    let mut out = Vec::new();
    while let Some(v) = next(&it)? {
        out.push(v);
    }
    Ok(out)
}

/// `a, b = obj` (`UNPACK_SEQUENCE n`), with CPython's errors.
pub fn unpack(obj: &Value, n: usize) -> PyResult<Vec<Value>> {
    let items = match obj {
        Value::List(l) => Some(l.borrow().clone()),
        Value::Tuple(t) => Some(t.to_vec()),
        _ => None,
    };
    if let Some(items) = items {
        return match items.len() {
            len if len == n => Ok(items),
            len if len > n => Err(too_many_to_unpack(n)),
            len => Err(not_enough_to_unpack(n, len)),
        };
    }
    let it = iter(obj).map_err(|_| {
        PyErr::type_error(format!(
            "cannot unpack non-iterable {} object",
            obj.type_name()
        ))
    })?;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        match next(&it)? {
            Some(v) => out.push(v),
            None => return Err(not_enough_to_unpack(n, out.len())),
        }
    }
    if next(&it)?.is_some() {
        return Err(too_many_to_unpack(n));
    }
    Ok(out)
}

fn too_many_to_unpack(n: usize) -> PyErr {
    PyErr::value_error(format!("too many values to unpack (expected {n})"))
}

/// `a, *rest, z = obj` (`UNPACK_EX`): the `before` first items, a list of the
/// middle, then the `after` last items — `before + 1 + after` values.
pub fn unpack_ex(obj: &Value, before: usize, after: usize) -> PyResult<Vec<Value>> {
    let it = iter(obj).map_err(|_| {
        PyErr::type_error(format!(
            "cannot unpack non-iterable {} object",
            obj.type_name()
        ))
    })?;
    let mut items = Vec::new();
    while let Some(v) = next(&it)? {
        items.push(v);
    }
    if items.len() < before + after {
        return Err(PyErr::value_error(format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            items.len()
        )));
    }
    let tail = items.split_off(items.len() - after);
    let middle = items.split_off(before);
    items.push(crate::list(middle));
    items.extend(tail);
    Ok(items)
}

fn not_enough_to_unpack(n: usize, got: usize) -> PyErr {
    PyErr::value_error(format!(
        "not enough values to unpack (expected {n}, got {got})"
    ))
}

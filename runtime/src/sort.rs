//! `list.sort` / `sorted`: a stable merge sort that only uses `<` (as
//! CPython's timsort does) and stops at the first comparison error.

use crate::call::call;
use crate::compare::less_than;
use crate::error::PyResult;
use crate::value::Value;

/// Sorts `(key, item)` pairs by key, stably.
fn merge_sort(items: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut items = items;
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items)?;
    let right = merge_sort(right)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        let take_right = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => less_than(&r.0, &l.0)?,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right {
            right.next()
        } else {
            left.next()
        };
        if let Some(pair) = next {
            out.push(pair);
        }
    }
    Ok(out)
}

/// The items sorted by `key(item)` (or the items themselves), optionally
/// reversed, keeping equal items in their original order.
pub fn sort_values(items: Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<Vec<Value>> {
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        let k = match key {
            Some(f) => call(f, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        pairs.push((k, item));
    }
    if reverse {
        pairs.reverse();
    }
    let mut sorted = merge_sort(pairs)?;
    if reverse {
        sorted.reverse();
    }
    Ok(sorted.into_iter().map(|(_, v)| v).collect())
}

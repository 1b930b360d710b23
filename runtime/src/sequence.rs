//! Index and slice arithmetic shared by str, list, tuple, bytes and range
//! (`PySlice_Unpack` / `PySlice_AdjustIndices`).

use crate::error::{PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::value::{Slice, Value};

/// What an index resolves to.
pub enum Index {
    /// A position `0 <= i < len`.
    At(usize),
    /// Out of range.
    OutOfRange,
}

/// Resolves an integer index against `len` (negative counts from the end).
/// `None`: the key is not an int.
pub fn resolve_index(key: &Value, len: usize) -> Option<PyResult<Index>> {
    let i = as_int(key)?;
    Some(match i {
        IntRef::Small(i) => {
            let i = if i < 0 { i + len as i64 } else { i };
            if i >= 0 && (i as u64) < len as u64 {
                Ok(Index::At(i as usize))
            } else {
                Ok(Index::OutOfRange)
            }
        }
        IntRef::Big(_) => Err(PyErr::index_error(
            "cannot fit 'int' into an index-sized integer",
        )),
    })
}

/// A slice resolved against a length: `start`, `step`, and the number of items.
#[derive(Clone, Copy, Debug)]
pub struct SliceRange {
    /// First position.
    pub start: i64,
    /// Step.
    pub step: i64,
    /// Number of positions.
    pub len: usize,
}

impl SliceRange {
    /// The positions, in order.
    pub fn positions(self) -> impl Iterator<Item = usize> {
        (0..self.len as i64).map(move |k| (self.start + k * self.step) as usize)
    }
}

fn slice_bound(v: &Value, default: i64) -> PyResult<i64> {
    match v {
        Value::None => Ok(default),
        _ => match as_int(v) {
            Some(IntRef::Small(i)) => Ok(i),
            Some(IntRef::Big(b)) => Ok(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }),
            None => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        },
    }
}

/// Resolves `slice` against a sequence of `len` items.
pub fn resolve_slice(slice: &Slice, len: usize) -> PyResult<SliceRange> {
    let step = slice_bound(&slice.step, 1)?.max(-i64::MAX);
    if step == 0 {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |v: &Value, default: i64| -> PyResult<i64> {
        let mut x = slice_bound(v, default)?;
        if matches!(v, Value::None) {
            return Ok(x);
        }
        if x < 0 {
            x += len;
            if x < lower {
                x = lower;
            }
        } else if x > upper {
            x = upper;
        }
        Ok(x)
    };
    let start = adjust(&slice.start, if step < 0 { upper } else { lower })?;
    let stop = adjust(&slice.stop, if step < 0 { lower } else { upper })?;
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok(SliceRange {
        start,
        step,
        len: count as usize,
    })
}

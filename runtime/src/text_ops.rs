//! The algorithms `str` and `bytes` methods share, over slices of
//! characters or bytes (CPython's `stringlib`): searching and counting
//! with `start`/`end`, splitting, partitioning, stripping, padding, tab
//! expansion and line splitting. Results are index ranges into the input,
//! so the caller builds `str` or `bytes` values from them.
//!
//! ```
//! use py_fn_runtime::{call_method, Value};
//! let s = Value::str("a,b,,c");
//! assert_eq!(call_method(&s, "rsplit", &[Value::str(","), Value::Int(1)]).unwrap().repr(), "['a,b,', 'c']");
//! assert_eq!(call_method(&s, "find", &[Value::str(","), Value::Int(2)]).unwrap(), Value::Int(3));
//! ```

use std::ops::Range;

use crate::error::{ExcType, PyErr, PyResult};

/// An empty vector with room for `n` items, or `MemoryError` (a size
/// given by a program must not abort the process).
pub(crate) fn try_vec<T>(n: usize) -> PyResult<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| PyErr::new(ExcType::MemoryError, ""))?;
    Ok(v)
}

/// `expandtabs`' tab size, a C `int`.
pub(crate) fn tabsize(v: &crate::value::Value) -> PyResult<i64> {
    let n = crate::str_methods::ssize(v).map_err(|e| {
        if e.matches(ExcType::OverflowError) {
            PyErr::overflow_error("Python int too large to convert to C int")
        } else {
            e
        }
    })?;
    if i32::try_from(n).is_err() {
        return Err(PyErr::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    Ok(n)
}

/// `start` and `end` of `find`/`count`/`startswith` clamped to a text of
/// `len` items (CPython's `ADJUST_INDICES`); `start` may stay past `len`.
pub(crate) fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut end = end.unwrap_or(len);
    let mut start = start.unwrap_or(0);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// The window `[start, end)` of `hay`, if it is not empty or inverted.
fn window<T>(hay: &[T], start: i64, end: i64) -> Option<&[T]> {
    if end < start {
        return None;
    }
    hay.get(start as usize..end as usize)
}

/// The first position of `needle` in `hay[start..end]`, as an index into
/// `hay` (`-1` if absent).
pub(crate) fn find<T: PartialEq>(hay: &[T], needle: &[T], start: i64, end: i64) -> i64 {
    if end - start < needle.len() as i64 {
        return -1;
    }
    let Some(w) = window(hay, start, end) else {
        return -1;
    };
    if needle.is_empty() {
        return start;
    }
    match w.windows(needle.len()).position(|x| x == needle) {
        Some(i) => start + i as i64,
        None => -1,
    }
}

/// The last position of `needle` in `hay[start..end]` (`-1` if absent).
pub(crate) fn rfind<T: PartialEq>(hay: &[T], needle: &[T], start: i64, end: i64) -> i64 {
    if end - start < needle.len() as i64 {
        return -1;
    }
    let Some(w) = window(hay, start, end) else {
        return -1;
    };
    if needle.is_empty() {
        return end;
    }
    match w.windows(needle.len()).rposition(|x| x == needle) {
        Some(i) => start + i as i64,
        None => -1,
    }
}

/// Non-overlapping occurrences of `needle` in `hay[start..end]`.
pub(crate) fn count<T: PartialEq>(hay: &[T], needle: &[T], start: i64, end: i64) -> i64 {
    if end < start {
        return 0;
    }
    if needle.is_empty() {
        return end - start + 1;
    }
    let Some(w) = window(hay, start, end) else {
        return 0;
    };
    let mut n = 0;
    let mut i = 0;
    while i + needle.len() <= w.len() {
        if w.get(i..i + needle.len()) == Some(needle) {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

/// All non-overlapping positions of `needle` (not empty) in `hay`.
pub(crate) fn positions<T: PartialEq>(hay: &[T], needle: &[T]) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay.get(i..i + needle.len()) == Some(needle) {
            out.push(i);
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// `split(sep, maxsplit)` with a separator (not empty).
pub(crate) fn split<T: PartialEq>(hay: &[T], sep: &[T], maxsplit: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let mut from = 0;
    for p in positions(hay, sep) {
        if left == 0 {
            break;
        }
        out.push(from..p);
        from = p + sep.len();
        left -= 1;
    }
    out.push(from..hay.len());
    out
}

/// `rsplit(sep, maxsplit)` with a separator (not empty).
pub(crate) fn rsplit<T: PartialEq>(hay: &[T], sep: &[T], maxsplit: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let mut to = hay.len();
    let mut i = hay.len();
    while left > 0 && i >= sep.len() && !sep.is_empty() {
        if hay.get(i - sep.len()..i) == Some(sep) {
            out.push(i..to);
            i -= sep.len();
            to = i;
            left -= 1;
        } else {
            i -= 1;
        }
    }
    out.push(0..to);
    out.reverse();
    out
}

/// `split(None, maxsplit)`: runs of whitespace separate, and none at
/// the ends count.
pub(crate) fn split_whitespace<T: Copy>(
    hay: &[T],
    maxsplit: i64,
    is_space: impl Fn(T) -> bool,
) -> Vec<Range<usize>> {
    let space = |i: usize| hay.get(i).is_some_and(|&c| is_space(c));
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let n = hay.len();
    let mut i = 0;
    while left > 0 {
        while i < n && space(i) {
            i += 1;
        }
        if i == n {
            break;
        }
        let j = i;
        while i < n && !space(i) {
            i += 1;
        }
        out.push(j..i);
        left -= 1;
    }
    if i < n {
        while i < n && space(i) {
            i += 1;
        }
        if i != n {
            out.push(i..n);
        }
    }
    out
}

/// `rsplit(None, maxsplit)`.
pub(crate) fn rsplit_whitespace<T: Copy>(
    hay: &[T],
    maxsplit: i64,
    is_space: impl Fn(T) -> bool,
) -> Vec<Range<usize>> {
    let space = |i: usize| hay.get(i).is_some_and(|&c| is_space(c));
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let mut i = hay.len();
    while left > 0 {
        while i > 0 && space(i - 1) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let j = i;
        while i > 0 && !space(i - 1) {
            i -= 1;
        }
        out.push(i..j);
        left -= 1;
    }
    if i > 0 {
        while i > 0 && space(i - 1) {
            i -= 1;
        }
        if i != 0 {
            out.push(0..i);
        }
    }
    out.reverse();
    out
}

/// `splitlines(keepends)`: `is_break` says which items end a line; `\r\n`
/// is one break.
pub(crate) fn splitlines<T: Copy + PartialEq>(
    hay: &[T],
    keepends: bool,
    cr: T,
    lf: T,
    is_break: impl Fn(T) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = hay.len();
    let mut i = 0;
    while i < n {
        let j = i;
        while i < n && !hay.get(i).is_some_and(|&c| is_break(c)) {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if hay.get(i) == Some(&cr) && hay.get(i + 1) == Some(&lf) {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        out.push(j..eol);
    }
    out
}

/// `strip(chars)`: the range left after removing items `strip_it` holds
/// for at the left and/or right end.
pub(crate) fn strip<T: Copy>(
    hay: &[T],
    left: bool,
    right: bool,
    strip_it: impl Fn(T) -> bool,
) -> Range<usize> {
    let mut i = 0;
    let mut j = hay.len();
    if left {
        while i < j && hay.get(i).is_some_and(|&c| strip_it(c)) {
            i += 1;
        }
    }
    if right {
        while j > i && hay.get(j - 1).is_some_and(|&c| strip_it(c)) {
            j -= 1;
        }
    }
    i..j
}

/// How many fill items `center`, `ljust` and `rjust` put on the left
/// (`None`: the text is already as wide).
pub(crate) fn pad_left(which: &str, len: usize, width: i64) -> Option<(usize, usize)> {
    let len = len as i64;
    if width <= len {
        return None;
    }
    let marg = width - len;
    let left = match which {
        "ljust" => 0,
        "rjust" => marg,
        _ => marg / 2 + (marg & width & 1),
    };
    Some((left as usize, (marg - left) as usize))
}

/// `expandtabs(tabsize)`: each tab becomes the spaces to the next
/// multiple of `tabsize`; the column restarts after `\n` and `\r`.
pub(crate) fn expandtabs<T: Copy + PartialEq>(
    hay: &[T],
    tabsize: i64,
    tab: T,
    space: T,
    is_newline: impl Fn(T) -> bool,
) -> Vec<T> {
    let mut out = Vec::with_capacity(hay.len());
    let mut col: i64 = 0;
    for &c in hay {
        if c == tab {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                out.extend(std::iter::repeat_n(space, incr as usize));
            }
        } else {
            out.push(c);
            col += 1;
            if is_newline(c) {
                col = 0;
            }
        }
    }
    out
}

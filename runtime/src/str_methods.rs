//! The methods of `str` beyond the few `text.rs` keeps on a fast path:
//! case mappings and predicates (CPython 3.11's Unicode data), searching
//! with `start`/`end`, splitting, partitioning, padding, `translate`,
//! `maketrans`, `encode`, `format_map`, with CPython's argument handling
//! and error texts.
//!
//! ```
//! use py_fn_runtime::{call_method, Value};
//! let s = Value::str("  spam and eggs  ");
//! assert_eq!(call_method(&s, "title", &[]).unwrap().to_string(), "  Spam And Eggs  ");
//! assert_eq!(call_method(&s, "rpartition", &[Value::str("and")]).unwrap().repr(), "('  spam ', 'and', ' eggs  ')");
//! let err = call_method(&s, "index", &[Value::str("ham")]).unwrap_err();
//! assert_eq!(err.to_string(), "ValueError: substring not found");
//! ```

use std::ops::Range;

use crate::argparse::Params;
use crate::error::{ExcType, PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::text_ops;
use crate::unicode;
use crate::value::Value;

/// Every method of `str` (what `dir(str)` lists without underscores).
pub(crate) const METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];

/// A `start`/`end` argument of `find` and its kin: `None`, or an index
/// clamped to `i64` (`_PyEval_SliceIndex`).
pub(crate) fn slice_index(v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let i = match v {
                Value::Instance(_) => crate::builtins_num::index_value(v).map_err(|e| {
                    if e.matches(ExcType::TypeError) {
                        bad_slice_index()
                    } else {
                        e
                    }
                })?,
                other => other.clone(),
            };
            match as_int(&i) {
                Some(IntRef::Small(n)) => Ok(Some(n)),
                Some(IntRef::Big(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
                    i64::MIN
                } else {
                    i64::MAX
                })),
                None => Err(bad_slice_index()),
            }
        }
    }
}

fn bad_slice_index() -> PyErr {
    PyErr::type_error("slice indices must be integers or None or have an __index__ method")
}

/// An index argument as a C `Py_ssize_t`: `OverflowError` beyond it.
pub(crate) fn ssize(v: &Value) -> PyResult<i64> {
    let i = crate::builtins_num::index_value(v)?;
    match as_int(&i) {
        Some(IntRef::Small(n)) => Ok(n),
        _ => Err(PyErr::overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// `sub[, start[, end]]` of `find`, `count`, `index`, ...
/// (`stringlib_parse_args_finds`).
pub(crate) fn find_args<'a>(
    name: &str,
    owner: &str,
    a: &Args<'a>,
) -> PyResult<(&'a Value, Option<i64>, Option<i64>)> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{owner}.{name}() takes no keyword arguments"
        )));
    }
    let n = a.pos.len();
    if n == 0 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        )));
    }
    if n > 3 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most 3 arguments ({n} given)"
        )));
    }
    let sub = a.get(0).unwrap_or(&Value::None);
    Ok((sub, slice_index(a.get(1))?, slice_index(a.get(2))?))
}

fn must_str(v: &Value) -> PyResult<&str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(PyErr::type_error(format!(
            "must be str, not {}",
            other.type_name()
        ))),
    }
}

/// METH_NOARGS: `str.upper() takes no arguments (1 given)`.
fn no_args(name: &str, a: &Args<'_>) -> PyResult<()> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "str.{name}() takes no keyword arguments"
        )));
    }
    if !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "str.{name}() takes no arguments ({} given)",
            a.pos.len()
        )));
    }
    Ok(())
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn piece(chars: &[char], r: Range<usize>) -> Value {
    Value::str(chars.get(r).unwrap_or(&[]).iter().collect::<String>())
}

fn pieces(chars: &[char], ranges: Vec<Range<usize>>) -> Value {
    crate::ops::list(ranges.into_iter().map(|r| piece(chars, r)).collect())
}

/// `find`/`rfind`/`index`/`rindex`/`count` of `sub` in `s`.
fn search(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let (sub, start, end) = find_args(name, "str", a)?;
    let sub = must_str(sub)?;
    let result = if s.is_ascii() && sub.is_ascii() {
        search_units(s.as_bytes(), sub.as_bytes(), name, start, end)
    } else {
        search_units(&chars(s), &chars(sub), name, start, end)
    };
    match (result, name) {
        (-1, "index" | "rindex") => Err(PyErr::value_error("substring not found")),
        (n, _) => Ok(Value::Int(n)),
    }
}

fn search_units<T: PartialEq>(
    hay: &[T],
    needle: &[T],
    name: &str,
    start: Option<i64>,
    end: Option<i64>,
) -> i64 {
    let (start, end) = text_ops::adjust(start, end, hay.len());
    match name {
        "count" => text_ops::count(hay, needle, start, end),
        "rfind" | "rindex" => text_ops::rfind(hay, needle, start, end),
        _ => text_ops::find(hay, needle, start, end),
    }
}

/// `center`, `ljust`, `rjust`: `(width, fillchar=' ', /)`.
fn pad(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "str.{name}() takes no keyword arguments"
        )));
    }
    a.range(name, name, 1, 2)?;
    let width = ssize(a.get(0).unwrap_or(&Value::None))?;
    let fill = match a.get(1) {
        None => ' ',
        Some(Value::Str(f)) => {
            let mut it = f.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(PyErr::type_error(
                        "The fill character must be exactly one character long",
                    ))
                }
            }
        }
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "The fill character must be a unicode character, not {}",
                other.type_name()
            )))
        }
    };
    let len = s.chars().count();
    Ok(match text_ops::pad_left(name, len, width) {
        None => Value::str(s),
        Some((left, right)) => {
            crate::text_ops::try_vec::<u8>((left + right).saturating_mul(fill.len_utf8()))?;
            let mut out = String::with_capacity(s.len() + left + right);
            out.extend(std::iter::repeat_n(fill, left));
            out.push_str(s);
            out.extend(std::iter::repeat_n(fill, right));
            Value::str(out)
        }
    })
}

fn one_arg<'a>(name: &str, a: &Args<'a>) -> PyResult<&'a Value> {
    a.one(&format!("str.{name}"))
}

fn zfill(s: &str, a: &Args<'_>) -> PyResult<Value> {
    let width = ssize(one_arg("zfill", a)?)?;
    let len = s.chars().count() as i64;
    if width <= len {
        return Ok(Value::str(s));
    }
    let fill = (width - len) as usize;
    let mut out: Vec<char> = crate::text_ops::try_vec(fill.saturating_add(s.len()))?;
    out.extend(std::iter::repeat_n('0', fill));
    out.extend(s.chars());
    if let Some(&c @ ('+' | '-')) = out.get(fill) {
        if let Some(first) = out.first_mut() {
            *first = c;
        }
        if let Some(at) = out.get_mut(fill) {
            *at = '0';
        }
    }
    Ok(Value::str(out.into_iter().collect::<String>()))
}

static EXPANDTABS: Params = Params::new("expandtabs", &["tabsize"], 0);
static SPLIT: Params = Params::new("split", &["sep", "maxsplit"], 0);
static RSPLIT: Params = Params::new("rsplit", &["sep", "maxsplit"], 0);
static SPLITLINES: Params = Params::new("splitlines", &["keepends"], 0);
static ENCODE: Params = Params::new("encode", &["encoding", "errors"], 0);

fn expandtabs(s: &str, a: &Args<'_>) -> PyResult<Value> {
    let slots = EXPANDTABS.unpack(a)?;
    let tabsize = match slots.first().copied().flatten() {
        Some(v) => text_ops::tabsize(v)?,
        None => 8,
    };
    let out = text_ops::expandtabs(&chars(s), tabsize, '\t', ' ', |c| c == '\n' || c == '\r');
    Ok(Value::str(out.into_iter().collect::<String>()))
}

/// `split`/`rsplit(sep=None, maxsplit=-1)`.
fn split(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let params = if name == "split" { &SPLIT } else { &RSPLIT };
    let slots = params.unpack(a)?;
    let sep = slots.first().copied().flatten();
    let maxsplit = match slots.get(1).copied().flatten() {
        Some(v) => ssize(v)?,
        None => -1,
    };
    if let Some(r) = split_ascii(s, name, sep, maxsplit) {
        return r;
    }
    let text = chars(s);
    let ranges = match sep {
        None | Some(Value::None) => {
            if name == "split" {
                text_ops::split_whitespace(&text, maxsplit, unicode::is_space)
            } else {
                text_ops::rsplit_whitespace(&text, maxsplit, unicode::is_space)
            }
        }
        Some(Value::Str(sep)) => {
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            let sep = chars(sep);
            if name == "split" {
                text_ops::split(&text, &sep, maxsplit)
            } else {
                text_ops::rsplit(&text, &sep, maxsplit)
            }
        }
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "must be str or None, not {}",
                other.type_name()
            )))
        }
    };
    Ok(pieces(&text, ranges))
}

/// `split` of ASCII text on its bytes (the common case, without a
/// vector of characters).
fn split_ascii(s: &str, name: &str, sep: Option<&Value>, maxsplit: i64) -> Option<PyResult<Value>> {
    if !s.is_ascii() {
        return None;
    }
    let bytes = s.as_bytes();
    let ranges = match sep {
        None | Some(Value::None) => {
            let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
            if name == "split" {
                text_ops::split_whitespace(bytes, maxsplit, space)
            } else {
                text_ops::rsplit_whitespace(bytes, maxsplit, space)
            }
        }
        Some(Value::Str(sep)) if sep.is_ascii() && !sep.is_empty() => {
            if name == "split" {
                text_ops::split(bytes, sep.as_bytes(), maxsplit)
            } else {
                text_ops::rsplit(bytes, sep.as_bytes(), maxsplit)
            }
        }
        _ => return None,
    };
    Some(Ok(crate::ops::list(
        ranges
            .into_iter()
            .map(|r| Value::str(s.get(r).unwrap_or("")))
            .collect(),
    )))
}

/// `startswith`/`endswith(affix[, start[, end]])`: a str or a tuple of
/// str (CPython's `tailmatch`).
fn affix(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let (first, start, end) = find_args(name, "str", a)?;
    let text = chars(s);
    let (start, end) = text_ops::adjust(start, end, text.len());
    let test = |p: &str| -> bool {
        let p: Vec<char> = p.chars().collect();
        let last = end - p.len() as i64;
        if last < start {
            return false;
        }
        let at = if name == "startswith" { start } else { last } as usize;
        text.get(at..at + p.len()) == Some(p.as_slice())
    };
    match first {
        Value::Str(p) => Ok(Value::Bool(test(p))),
        Value::Tuple(options) => {
            for o in options.iter() {
                match o {
                    Value::Str(p) => {
                        if test(p) {
                            return Ok(Value::Bool(true));
                        }
                    }
                    other => {
                        return Err(PyErr::type_error(format!(
                            "tuple for {name} must only contain str, not {}",
                            other.type_name()
                        )))
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(PyErr::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            other.type_name()
        ))),
    }
}

/// Python's line boundaries for `str.splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn splitlines(s: &str, a: &Args<'_>) -> PyResult<Value> {
    let slots = SPLITLINES.unpack(a)?;
    let keepends = match slots.first().copied().flatten() {
        Some(v) => ssize(v)? != 0,
        None => false,
    };
    let text = chars(s);
    let ranges = text_ops::splitlines(&text, keepends, '\r', '\n', is_line_break);
    Ok(pieces(&text, ranges))
}

fn partition(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let sep = must_str(one_arg(name, a)?)?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let found = if name == "partition" {
        s.find(sep)
    } else {
        s.rfind(sep)
    };
    let parts = match found {
        Some(i) => [
            s.get(..i).unwrap_or(""),
            sep,
            s.get(i + sep.len()..).unwrap_or(""),
        ],
        None if name == "partition" => [s, "", ""],
        None => ["", "", s],
    };
    Ok(crate::ops::tuple(
        parts.iter().map(|p| Value::str(*p)).collect(),
    ))
}

fn affix_removal(s: &str, name: &str, a: &Args<'_>) -> PyResult<Value> {
    let arg = one_arg(name, a)?;
    let Value::Str(x) = arg else {
        return Err(PyErr::type_error(format!(
            "{name}() argument must be str, not {}",
            arg.type_name()
        )));
    };
    let out = if name == "removeprefix" {
        s.strip_prefix(x.as_str())
    } else {
        s.strip_suffix(x.as_str())
    };
    Ok(Value::str(out.unwrap_or(s)))
}

/// `str.translate(table)`: `table[ord(c)]` for each character — a str, an
/// int (a code point) or None (delete); a `LookupError` keeps `c`.
fn translate(s: &str, a: &Args<'_>) -> PyResult<Value> {
    let table = one_arg("translate", a)?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mapped = match crate::ops::getitem(table, &Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if e.matches(ExcType::LookupError) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match &mapped {
            Value::None => {}
            Value::Str(t) => out.push_str(t),
            other => match as_int(other) {
                Some(IntRef::Small(n)) => {
                    let ch = u32::try_from(n)
                        .ok()
                        .filter(|&n| n < 0x110000)
                        .ok_or_else(|| {
                            PyErr::value_error("character mapping must be in range(0x110000)")
                        })?;
                    out.push(char::from_u32(ch).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                Some(IntRef::Big(_)) => {
                    return Err(PyErr::value_error(
                        "character mapping must be in range(0x110000)",
                    ))
                }
                None => {
                    return Err(PyErr::type_error(
                        "character mapping must return integer, None or str",
                    ))
                }
            },
        }
    }
    Ok(Value::str(out))
}

/// `str.maketrans(x[, y[, z]])`.
pub(crate) fn maketrans(a: &Args<'_>) -> PyResult<Value> {
    a.range("maketrans", "str.maketrans", 1, 3)?;
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    match a.pos {
        [x] => {
            let Value::Dict(d) = x else {
                return Err(PyErr::type_error(
                    "if you give only one argument to maketrans it must be a dict",
                ));
            };
            let items = d.borrow().items();
            for (k, v) in items {
                let key = match &k {
                    Value::Str(s) => {
                        let mut it = s.chars();
                        match (it.next(), it.next()) {
                            (Some(c), None) => Value::Int(c as i64),
                            _ => {
                                return Err(PyErr::value_error(
                                    "string keys in translate table must be of length 1",
                                ))
                            }
                        }
                    }
                    other if as_int(other).is_some() => other.clone(),
                    _ => {
                        return Err(PyErr::type_error(
                            "keys in translate table must be strings or integers",
                        ))
                    }
                };
                pairs.push((key, v));
            }
        }
        [x, y, rest @ ..] => {
            let arg_str = |v: &Value, n: usize| -> PyResult<Vec<char>> {
                match v {
                    Value::Str(s) => Ok(s.chars().collect()),
                    other => Err(PyErr::type_error(format!(
                        "maketrans() argument {n} must be str, not {}",
                        other.type_name()
                    ))),
                }
            };
            let from = arg_str(x, 1)?;
            let to = arg_str(y, 2)?;
            let delete = match rest.first() {
                Some(z) => arg_str(z, 3)?,
                None => Vec::new(),
            };
            if from.len() != to.len() {
                return Err(PyErr::value_error(
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (f, t) in from.iter().zip(&to) {
                pairs.push((Value::Int(*f as i64), Value::Int(*t as i64)));
            }
            for d in delete {
                pairs.push((Value::Int(d as i64), Value::None));
            }
        }
        _ => {}
    }
    crate::ops::dict(pairs)
}

fn encode(s: &str, a: &Args<'_>) -> PyResult<Value> {
    let slots = ENCODE.unpack(a)?;
    let text_arg = |i: usize, what: &str| -> PyResult<Option<&str>> {
        match slots.get(i).copied().flatten() {
            None => Ok(None),
            Some(Value::Str(v)) => Ok(Some(v.as_str())),
            Some(other) => Err(PyErr::type_error(format!(
                "encode() argument '{what}' must be str, not {}",
                other.type_name()
            ))),
        }
    };
    let encoding = text_arg(0, "encoding")?.unwrap_or("utf-8");
    let errors = text_arg(1, "errors")?.unwrap_or("strict");
    let bytes = crate::codecs::encode(s, encoding, errors)?;
    Ok(Value::Bytes(std::rc::Rc::new(bytes)))
}

/// Calls the str method `name` on `s` (`None`: `str` has no such method).
pub(crate) fn call(s: &str, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let flag = |f: fn(&str) -> bool| no_args(name, a).map(|()| Value::Bool(f(s)));
    let all = |f: fn(char) -> bool| {
        no_args(name, a).map(|()| Value::Bool(!s.is_empty() && s.chars().all(f)))
    };
    let map = |f: fn(&str) -> String| no_args(name, a).map(|()| Value::str(f(s)));
    Some(match name {
        "capitalize" => map(unicode::capitalize),
        "casefold" => map(unicode::casefold),
        "lower" => map(unicode::lower),
        "upper" => map(unicode::upper),
        "swapcase" => map(unicode::swapcase),
        "title" => map(unicode::title),
        "isalnum" => all(unicode::is_alnum),
        "isalpha" => all(unicode::is_alpha),
        "isascii" => no_args(name, a).map(|()| Value::Bool(s.is_ascii())),
        "isdecimal" => all(unicode::is_decimal),
        "isdigit" => all(unicode::is_digit),
        "isnumeric" => all(unicode::is_numeric),
        "isprintable" => {
            no_args(name, a).map(|()| Value::Bool(s.chars().all(unicode::is_printable)))
        }
        "isspace" => all(unicode::is_space),
        "isidentifier" => flag(unicode::is_identifier),
        "islower" => flag(unicode::is_lowered),
        "isupper" => flag(unicode::is_uppered),
        "istitle" => flag(unicode::is_titled),
        "center" | "ljust" | "rjust" => pad(s, name, a),
        "zfill" => zfill(s, a),
        "expandtabs" => expandtabs(s, a),
        "find" | "rfind" | "index" | "rindex" | "count" => search(s, name, a),
        "split" | "rsplit" => split(s, name, a),
        "startswith" | "endswith" => affix(s, name, a),
        "splitlines" => splitlines(s, a),
        "partition" | "rpartition" => partition(s, name, a),
        "removeprefix" | "removesuffix" => affix_removal(s, name, a),
        "translate" => translate(s, a),
        "maketrans" => maketrans(a),
        "encode" => encode(s, a),
        "format_map" => one_arg("format_map", a).and_then(|m| crate::format::str_format_map(s, m)),
        _ => return None,
    })
}

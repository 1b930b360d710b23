//! The `bytes` type: its constructor (`bytes(n)`, `bytes(iterable)`,
//! `bytes(str, encoding[, errors])`), `+`, `*`, `in`, and its methods
//! (ASCII case mappings and predicates, searching with an int or bytes,
//! splitting, padding, `decode`, `hex`, `fromhex`, `translate`,
//! `maketrans`), with CPython's argument handling and error texts.
//!
//! ```
//! use py_fn_runtime::{builtin, call, call_method, Value};
//! let b = call(&builtin("bytes").unwrap(), &[Value::str("héllo"), Value::str("utf-8")]).unwrap();
//! assert_eq!(b.repr(), "b'h\\xc3\\xa9llo'");
//! assert_eq!(call_method(&b, "decode", &[]).unwrap().to_string(), "héllo");
//! assert_eq!(call_method(&b, "hex", &[Value::str(":")]).unwrap().to_string(), "68:c3:a9:6c:6c:6f");
//! ```

use std::ops::Range;
use std::rc::Rc;

use crate::argparse::Params;
use crate::error::{PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::number::BinOp;
use crate::str_methods::{find_args, ssize};
use crate::text_ops;
use crate::value::Value;

/// Every method of `bytes` (what `dir(bytes)` lists without underscores).
pub(crate) const METHODS: &[&str] = &[
    "capitalize",
    "center",
    "count",
    "decode",
    "endswith",
    "expandtabs",
    "find",
    "fromhex",
    "hex",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdigit",
    "islower",
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

fn value(b: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(b))
}

/// A bytes-like argument: `TypeError: a bytes-like object is required,
/// not 'str'`.
fn bytes_like(v: &Value) -> PyResult<&[u8]> {
    match v {
        Value::Bytes(b) => Ok(b.as_slice()),
        other => Err(PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            other.type_name()
        ))),
    }
}

/// A byte value: an int in `range(0, 256)`.
fn byte_of(v: &Value) -> PyResult<u8> {
    let i = crate::builtins_num::index_value(v)?;
    match as_int(&i) {
        Some(IntRef::Small(n)) if (0..256).contains(&n) => Ok(n as u8),
        _ => Err(PyErr::value_error("byte must be in range(0, 256)")),
    }
}

static BYTES: Params = Params::new("bytes", &["source", "encoding", "errors"], 0);

/// `bytes(source=b'', encoding=None, errors=None)`.
pub(crate) fn b_bytes(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let slots = BYTES.unpack(&a)?;
    let get = |i: usize| slots.get(i).copied().flatten();
    let text = |i: usize, what: &str| -> PyResult<Option<&str>> {
        match get(i) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(PyErr::type_error(format!(
                "bytes() argument '{what}' must be str, not {}",
                other.type_name()
            ))),
        }
    };
    let encoding = text(1, "encoding")?;
    let errors = text(2, "errors")?;
    let Some(source) = get(0) else {
        if encoding.is_some() || errors.is_some() {
            let what = if encoding.is_some() {
                "encoding"
            } else {
                "errors"
            };
            return Err(PyErr::type_error(format!(
                "{what} without a string argument"
            )));
        }
        return Ok(value(Vec::new()));
    };
    if let Value::Str(s) = source {
        let Some(encoding) = encoding else {
            return Err(PyErr::type_error("string argument without an encoding"));
        };
        return crate::codecs::encode(s, encoding, errors.unwrap_or("strict")).map(value);
    }
    if encoding.is_some() {
        return Err(PyErr::type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(PyErr::type_error("errors without a string argument"));
    }
    from_object(source).map(value)
}

/// `bytes(x)` for anything but a str: bytes, `__bytes__`, a count, or an
/// iterable of ints.
pub(crate) fn from_object(source: &Value) -> PyResult<Vec<u8>> {
    match source {
        Value::Bytes(b) => return Ok(b.to_vec()),
        Value::Instance(_) => {
            if let Some(r) = crate::dunder::call_special(source, "__bytes__", &[]) {
                let r = r?;
                return match r {
                    Value::Bytes(b) => Ok(b.to_vec()),
                    other => Err(PyErr::type_error(format!(
                        "__bytes__ returned non-bytes (type {})",
                        other.type_name()
                    ))),
                };
            }
        }
        _ => {}
    }
    let count = match source {
        Value::Instance(_) => crate::dunder::lookup_special(source, "__index__")
            .map(|_| crate::builtins_num::index_value(source))
            .transpose()?,
        v if as_int(v).is_some() => Some(v.clone()),
        _ => None,
    };
    if let Some(n) = count {
        return match as_int(&n) {
            Some(IntRef::Small(n)) if n < 0 => Err(PyErr::value_error("negative count")),
            Some(IntRef::Small(n)) => {
                let mut v = text_ops::try_vec(n as usize)?;
                v.resize(n as usize, 0);
                Ok(v)
            }
            _ => Err(PyErr::overflow_error(
                "cannot fit 'int' into an index-sized integer",
            )),
        };
    }
    let iterable = matches!(
        source,
        Value::List(_)
            | Value::Tuple(_)
            | Value::Range(_)
            | Value::Iter(_)
            | Value::Generator(_)
            | Value::Dict(_)
            | Value::DictView(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
    ) || (matches!(source, Value::Instance(_)) && crate::iter::iter(source).is_ok());
    if !iterable {
        return Err(PyErr::type_error(format!(
            "cannot convert '{}' object to bytes",
            source.type_name()
        )));
    }
    let items = crate::iter::collect(source)?;
    items
        .iter()
        .map(|v| {
            let i = crate::builtins_num::index_value(v)?;
            match as_int(&i) {
                Some(IntRef::Small(n)) if (0..256).contains(&n) => Ok(n as u8),
                _ => Err(PyErr::value_error("bytes must be in range(0, 256)")),
            }
        })
        .collect()
}

/// `item in b`: a byte value or a bytes subsequence.
pub(crate) fn contains(b: &[u8], item: &Value) -> PyResult<bool> {
    if let Value::Bytes(sub) = item {
        return Ok(text_ops::find(b, sub, 0, b.len() as i64) >= 0);
    }
    if as_int(item).is_some() || matches!(item, Value::Instance(_)) {
        let byte = byte_of(item)?;
        return Ok(b.contains(&byte));
    }
    Err(PyErr::type_error(format!(
        "a bytes-like object is required, not '{}'",
        item.type_name()
    )))
}

/// `a + b`, `b * n` and `n * b` for bytes (`None`: not a bytes operation).
pub(crate) fn binary_op(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    match (op, a, b) {
        (BinOp::Add, Value::Bytes(x), Value::Bytes(y)) => {
            let mut out = Vec::with_capacity(x.len() + y.len());
            out.extend_from_slice(x);
            out.extend_from_slice(y);
            Some(Ok(value(out)))
        }
        (BinOp::Add, Value::Bytes(_), Value::Instance(_)) => None,
        (BinOp::Add, Value::Bytes(_), other) => Some(Err(PyErr::type_error(format!(
            "can't concat {} to bytes",
            other.type_name()
        )))),
        (BinOp::Mul, Value::Bytes(x), n) | (BinOp::Mul, n, Value::Bytes(x))
            if as_int(n).is_some() =>
        {
            let count = match as_int(n) {
                Some(IntRef::Small(c)) => c.max(0) as usize,
                _ => {
                    return Some(Err(PyErr::overflow_error(
                        "cannot fit 'int' into an index-sized integer",
                    )))
                }
            };
            let total = x.len().saturating_mul(count);
            let mut out = match text_ops::try_vec(total) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            for _ in 0..count {
                out.extend_from_slice(x);
            }
            Some(Ok(value(out)))
        }
        _ => None,
    }
}

fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// METH_NOARGS: `bytes.upper() takes no arguments (1 given)`.
fn no_args(name: &str, a: &Args<'_>) -> PyResult<()> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "bytes.{name}() takes no keyword arguments"
        )));
    }
    if !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "bytes.{name}() takes no arguments ({} given)",
            a.pos.len()
        )));
    }
    Ok(())
}

fn piece(b: &[u8], r: Range<usize>) -> Value {
    value(b.get(r).unwrap_or(&[]).to_vec())
}

fn pieces(b: &[u8], ranges: Vec<Range<usize>>) -> Value {
    crate::ops::list(ranges.into_iter().map(|r| piece(b, r)).collect())
}

/// `bytes.title()`: ASCII letters after a non-letter are uppercased, the
/// others lowercased.
fn title(b: &[u8]) -> Vec<u8> {
    let mut previous_is_cased = false;
    b.iter()
        .map(|&c| {
            let out = if previous_is_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            previous_is_cased = c.is_ascii_alphabetic();
            out
        })
        .collect()
}

fn is_titled(b: &[u8]) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for &c in b {
        if c.is_ascii_uppercase() {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// The needle of `find`/`count`/`index`: an int (one byte) or bytes.
fn needle(v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Bytes(b) => Ok(b.to_vec()),
        v if as_int(v).is_some() || matches!(v, Value::Instance(_)) => {
            if matches!(v, Value::Instance(_))
                && crate::dunder::lookup_special(v, "__index__").is_none()
            {
                return Err(PyErr::type_error(format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    v.type_name()
                )));
            }
            Ok(vec![byte_of(v)?])
        }
        other => Err(PyErr::type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            other.type_name()
        ))),
    }
}

fn search(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    let (sub, start, end) = find_args(name, "bytes", a)?;
    let sub = needle(sub)?;
    let (start, end) = text_ops::adjust(start, end, b.len());
    let n = match name {
        "count" => text_ops::count(b, &sub, start, end),
        "rfind" | "rindex" => text_ops::rfind(b, &sub, start, end),
        _ => text_ops::find(b, &sub, start, end),
    };
    match (n, name) {
        (-1, "index" | "rindex") => Err(PyErr::value_error("subsection not found")),
        (n, _) => Ok(Value::Int(n)),
    }
}

fn affix(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    let (first, start, end) = find_args(name, "bytes", a)?;
    let (start, end) = text_ops::adjust(start, end, b.len());
    let test = |p: &[u8]| -> bool {
        let last = end - p.len() as i64;
        if last < start {
            return false;
        }
        let at = if name == "startswith" { start } else { last } as usize;
        b.get(at..at + p.len()) == Some(p)
    };
    match first {
        Value::Bytes(p) => Ok(Value::Bool(test(p))),
        Value::Tuple(options) => {
            for o in options.iter() {
                if test(bytes_like(o)?) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(PyErr::type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            other.type_name()
        ))),
    }
}

fn pad(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "bytes.{name}() takes no keyword arguments"
        )));
    }
    a.range(name, name, 1, 2)?;
    let width = ssize(a.get(0).unwrap_or(&Value::None))?;
    let fill = match a.get(1) {
        None => b' ',
        Some(Value::Bytes(f)) if f.len() == 1 => f.first().copied().unwrap_or(b' '),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "{name}() argument 2 must be a byte string of length 1, not {}",
                other.type_name()
            )))
        }
    };
    Ok(value(match text_ops::pad_left(name, b.len(), width) {
        None => b.to_vec(),
        Some((left, right)) => {
            let mut out = text_ops::try_vec(left.saturating_add(right).saturating_add(b.len()))?;
            out.resize(left, fill);
            out.extend_from_slice(b);
            out.extend(std::iter::repeat_n(fill, right));
            out
        }
    }))
}

static EXPANDTABS: Params = Params::new("expandtabs", &["tabsize"], 0);
static SPLIT: Params = Params::new("split", &["sep", "maxsplit"], 0);
static RSPLIT: Params = Params::new("rsplit", &["sep", "maxsplit"], 0);
static SPLITLINES: Params = Params::new("splitlines", &["keepends"], 0);
static DECODE: Params = Params::new("decode", &["encoding", "errors"], 0);
static HEX: Params = Params::new("hex", &["sep", "bytes_per_sep"], 0);
static TRANSLATE: Params = Params {
    fname: "translate",
    names: &["", "delete"],
    required: 1,
    maxpos: 2,
};

fn split(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    let params = if name == "split" { &SPLIT } else { &RSPLIT };
    let slots = params.unpack(a)?;
    let maxsplit = match slots.get(1).copied().flatten() {
        Some(v) => ssize(v)?,
        None => -1,
    };
    let ranges = match slots.first().copied().flatten() {
        None | Some(Value::None) => {
            if name == "split" {
                text_ops::split_whitespace(b, maxsplit, ascii_space)
            } else {
                text_ops::rsplit_whitespace(b, maxsplit, ascii_space)
            }
        }
        Some(sep) => {
            let sep = bytes_like(sep)?;
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            if name == "split" {
                text_ops::split(b, sep, maxsplit)
            } else {
                text_ops::rsplit(b, sep, maxsplit)
            }
        }
    };
    Ok(pieces(b, ranges))
}

fn strip(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    a.range(name, &format!("bytes.{name}"), 0, 1)?;
    let chars: Option<&[u8]> = match a.get(0) {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_like(v)?),
    };
    let r = text_ops::strip(b, name != "rstrip", name != "lstrip", |c| match chars {
        None => ascii_space(c),
        Some(set) => set.contains(&c),
    });
    Ok(piece(b, r))
}

fn one<'a>(name: &str, a: &Args<'a>) -> PyResult<&'a Value> {
    a.one(&format!("bytes.{name}"))
}

fn partition(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    let sep = bytes_like(one(name, a)?)?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let n = b.len() as i64;
    let at = if name == "partition" {
        text_ops::find(b, sep, 0, n)
    } else {
        text_ops::rfind(b, sep, 0, n)
    };
    let parts: [Value; 3] = if at < 0 {
        if name == "partition" {
            [value(b.to_vec()), value(Vec::new()), value(Vec::new())]
        } else {
            [value(Vec::new()), value(Vec::new()), value(b.to_vec())]
        }
    } else {
        let at = at as usize;
        [
            piece(b, 0..at),
            value(sep.to_vec()),
            piece(b, at + sep.len()..b.len()),
        ]
    };
    Ok(crate::ops::tuple(parts.to_vec()))
}

fn replace(b: &[u8], a: &Args<'_>) -> PyResult<Value> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(
            "bytes.replace() takes no keyword arguments",
        ));
    }
    a.range("replace", "bytes.replace", 2, 3)?;
    let old = bytes_like(a.get(0).unwrap_or(&Value::None))?;
    let new = bytes_like(a.get(1).unwrap_or(&Value::None))?;
    let mut left = match a.get(2) {
        Some(v) => ssize(v)?,
        None => -1,
    };
    if left < 0 {
        left = i64::MAX;
    }
    let mut out = Vec::with_capacity(b.len());
    if old.is_empty() {
        for (i, &c) in b.iter().enumerate() {
            if (i as i64) < left {
                out.extend_from_slice(new);
            }
            out.push(c);
        }
        if (b.len() as i64) < left {
            out.extend_from_slice(new);
        }
        return Ok(value(out));
    }
    let mut from = 0;
    for p in text_ops::positions(b, old) {
        if left == 0 {
            break;
        }
        out.extend_from_slice(b.get(from..p).unwrap_or(&[]));
        out.extend_from_slice(new);
        from = p + old.len();
        left -= 1;
    }
    out.extend_from_slice(b.get(from..).unwrap_or(&[]));
    Ok(value(out))
}

fn join(b: &[u8], a: &Args<'_>) -> PyResult<Value> {
    let iterable = one("join", a)?;
    let items = crate::iter::collect(iterable).map_err(|e| {
        if crate::iter::iter(iterable).is_err() {
            PyErr::type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b);
        }
        match item {
            Value::Bytes(x) => out.extend_from_slice(x),
            other => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    other.type_name()
                )))
            }
        }
    }
    Ok(value(out))
}

fn decode(b: &[u8], a: &Args<'_>) -> PyResult<Value> {
    let slots = DECODE.unpack(a)?;
    let text_arg = |i: usize, what: &str| -> PyResult<Option<&str>> {
        match slots.get(i).copied().flatten() {
            None => Ok(None),
            Some(Value::Str(v)) => Ok(Some(v.as_str())),
            Some(other) => Err(PyErr::type_error(format!(
                "decode() argument '{what}' must be str, not {}",
                other.type_name()
            ))),
        }
    };
    let encoding = text_arg(0, "encoding")?.unwrap_or("utf-8");
    let errors = text_arg(1, "errors")?.unwrap_or("strict");
    crate::codecs::decode(b, encoding, errors).map(Value::str)
}

/// `bytes.hex(sep=None, bytes_per_sep=1)`.
fn hex(b: &[u8], a: &Args<'_>) -> PyResult<Value> {
    let slots = HEX.unpack(a)?;
    let sep = match slots.first().copied().flatten() {
        None => None,
        Some(Value::Str(s)) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) if c.is_ascii() => Some(c),
                (Some(_), None) => return Err(PyErr::value_error("sep must be ASCII.")),
                _ => return Err(PyErr::value_error("sep must be length 1.")),
            }
        }
        Some(Value::Bytes(s)) => match s.as_slice() {
            [c] if c.is_ascii() => Some(char::from(*c)),
            [_] => return Err(PyErr::value_error("sep must be ASCII.")),
            _ => return Err(PyErr::value_error("sep must be length 1.")),
        },
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "sep must be str or bytes, not {}",
                other.type_name()
            )))
        }
    };
    let per = match slots.get(1).copied().flatten() {
        Some(v) => ssize(v)?,
        None => 1,
    };
    let digits: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    let Some(sep) = sep.filter(|_| per != 0 && !b.is_empty()) else {
        return Ok(Value::str(digits.concat()));
    };
    let group = per.unsigned_abs() as usize;
    let n = digits.len();
    let mut out = String::with_capacity(n * 3);
    for (i, d) in digits.iter().enumerate() {
        let boundary = if per > 0 {
            (n - i).is_multiple_of(group)
        } else {
            i % group == 0
        };
        if i > 0 && boundary {
            out.push(sep);
        }
        out.push_str(d);
    }
    Ok(Value::str(out))
}

/// `bytes.fromhex(string)`.
pub(crate) fn fromhex(a: &Args<'_>) -> PyResult<Value> {
    let arg = a.one("bytes.fromhex")?;
    let Value::Str(s) = arg else {
        return Err(PyErr::type_error(format!(
            "fromhex() argument must be str, not {}",
            arg.type_name()
        )));
    };
    let bad = |pos: usize| {
        PyErr::value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {pos}"
        ))
    };
    if !s.is_ascii() {
        return Err(bad(s.chars().take_while(char::is_ascii).count()));
    }
    let data = s.as_bytes();
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut i = 0;
    while i < data.len() {
        if data.get(i).is_some_and(|&c| ascii_space(c)) {
            i += 1;
            continue;
        }
        let digit = |j: usize| data.get(j).and_then(|&c| char::from(c).to_digit(16));
        let top = digit(i).ok_or_else(|| bad(i))?;
        let bot = digit(i + 1).ok_or_else(|| bad(i + 1))?;
        out.push((top * 16 + bot) as u8);
        i += 2;
    }
    Ok(value(out))
}

/// `bytes.maketrans(frm, to)`: the 256-byte table mapping `frm` to `to`.
pub(crate) fn maketrans(a: &Args<'_>) -> PyResult<Value> {
    a.range("maketrans", "bytes.maketrans", 2, 2)?;
    let from = bytes_like(a.get(0).unwrap_or(&Value::None))?;
    let to = bytes_like(a.get(1).unwrap_or(&Value::None))?;
    if from.len() != to.len() {
        return Err(PyErr::value_error(
            "maketrans arguments must have same length",
        ));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in from.iter().zip(to) {
        if let Some(slot) = table.get_mut(usize::from(*f)) {
            *slot = *t;
        }
    }
    Ok(value(table))
}

fn translate(b: &[u8], a: &Args<'_>) -> PyResult<Value> {
    let slots = TRANSLATE.unpack(a)?;
    let table = match slots.first().copied().flatten() {
        None | Some(Value::None) => None,
        Some(t) => {
            let t = bytes_like(t)?;
            if t.len() != 256 {
                return Err(PyErr::value_error(
                    "translation table must be 256 characters long",
                ));
            }
            Some(t)
        }
    };
    let delete = match slots.get(1).copied().flatten() {
        None => &[][..],
        Some(d) => bytes_like(d)?,
    };
    Ok(value(
        b.iter()
            .filter(|c| !delete.contains(c))
            .map(|&c| {
                table
                    .and_then(|t| t.get(usize::from(c)).copied())
                    .unwrap_or(c)
            })
            .collect(),
    ))
}

fn affix_removal(b: &[u8], name: &str, a: &Args<'_>) -> PyResult<Value> {
    let x = bytes_like(one(name, a)?)?;
    let out = if name == "removeprefix" {
        b.strip_prefix(x)
    } else {
        b.strip_suffix(x)
    };
    Ok(value(out.unwrap_or(b).to_vec()))
}

/// Calls the bytes method `name` on `b` (`None`: no such method).
pub(crate) fn call_method(b: &[u8], name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let all = |f: fn(&u8) -> bool| {
        no_args(name, a).map(|()| Value::Bool(!b.is_empty() && b.iter().all(f)))
    };
    let map = |f: fn(&[u8]) -> Vec<u8>| no_args(name, a).map(|()| value(f(b)));
    Some(match name {
        "lower" => map(|b| b.to_ascii_lowercase()),
        "upper" => map(|b| b.to_ascii_uppercase()),
        "swapcase" => map(|b| {
            b.iter()
                .map(|c| {
                    if c.is_ascii_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect()
        }),
        "capitalize" => map(|b| {
            b.iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        }),
        "title" => map(title),
        "isalnum" => all(u8::is_ascii_alphanumeric),
        "isalpha" => all(u8::is_ascii_alphabetic),
        "isdigit" => all(u8::is_ascii_digit),
        "isspace" => all(|c| ascii_space(*c)),
        "isascii" => no_args(name, a).map(|()| Value::Bool(b.is_ascii())),
        "islower" => no_args(name, a).map(|()| {
            Value::Bool(
                b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase),
            )
        }),
        "isupper" => no_args(name, a).map(|()| {
            Value::Bool(
                b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase),
            )
        }),
        "istitle" => no_args(name, a).map(|()| Value::Bool(is_titled(b))),
        "center" | "ljust" | "rjust" => pad(b, name, a),
        "zfill" => (|| {
            let width = ssize(one("zfill", a)?)?;
            if width <= b.len() as i64 {
                return Ok(value(b.to_vec()));
            }
            let fill = width as usize - b.len();
            let mut out = text_ops::try_vec(width as usize)?;
            out.resize(fill, b'0');
            out.extend_from_slice(b);
            if let Some(&c @ (b'+' | b'-')) = out.get(fill) {
                if let Some(first) = out.first_mut() {
                    *first = c;
                }
                if let Some(at) = out.get_mut(fill) {
                    *at = b'0';
                }
            }
            Ok(value(out))
        })(),
        "expandtabs" => (|| {
            let slots = EXPANDTABS.unpack(a)?;
            let tabsize = match slots.first().copied().flatten() {
                Some(v) => text_ops::tabsize(v)?,
                None => 8,
            };
            Ok(value(text_ops::expandtabs(b, tabsize, b'\t', b' ', |c| {
                c == b'\n' || c == b'\r'
            })))
        })(),
        "find" | "rfind" | "index" | "rindex" | "count" => search(b, name, a),
        "startswith" | "endswith" => affix(b, name, a),
        "split" | "rsplit" => split(b, name, a),
        "splitlines" => (|| {
            let slots = SPLITLINES.unpack(a)?;
            let keepends = match slots.first().copied().flatten() {
                Some(v) => ssize(v)? != 0,
                None => false,
            };
            let ranges =
                text_ops::splitlines(b, keepends, b'\r', b'\n', |c| c == b'\n' || c == b'\r');
            Ok(pieces(b, ranges))
        })(),
        "strip" | "lstrip" | "rstrip" => strip(b, name, a),
        "partition" | "rpartition" => partition(b, name, a),
        "removeprefix" | "removesuffix" => affix_removal(b, name, a),
        "replace" => replace(b, a),
        "join" => join(b, a),
        "decode" => decode(b, a),
        "hex" => hex(b, a),
        "fromhex" => fromhex(a),
        "maketrans" => maketrans(a),
        "translate" => translate(b, a),
        _ => return None,
    })
}

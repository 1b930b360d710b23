//! The methods and attributes of `int` (and `bool`) and `float`:
//! `bit_length`, `bit_count`, `to_bytes`, `from_bytes`,
//! `as_integer_ratio`, `conjugate`, `is_integer`, `hex`, `fromhex`, and
//! `real`, `imag`, `numerator`, `denominator`, with CPython's argument
//! handling and error texts.
//!
//! ```
//! use py_fn_runtime::{call_method, getattr, Value};
//! assert_eq!(call_method(&Value::Int(-5), "bit_length", &[]).unwrap(), Value::Int(3));
//! assert_eq!(call_method(&Value::Float(0.1), "hex", &[]).unwrap().to_string(), "0x1.999999999999ap-4");
//! assert_eq!(getattr(&Value::Float(1.5), "imag").unwrap(), Value::Float(0.0));
//! ```

use num_bigint::{BigInt, Sign};

use crate::argparse::Params;
use crate::error::{PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::value::Value;

/// The methods of `int` (and `bool`).
pub(crate) const INT_METHODS: &[&str] = &[
    "as_integer_ratio",
    "bit_count",
    "bit_length",
    "conjugate",
    "from_bytes",
    "to_bytes",
];

/// The methods of `float`.
pub(crate) const FLOAT_METHODS: &[&str] = &[
    "as_integer_ratio",
    "conjugate",
    "fromhex",
    "hex",
    "is_integer",
];

fn int_value(i: IntRef<'_>) -> Value {
    match i {
        IntRef::Small(n) => Value::Int(n),
        IntRef::Big(b) => Value::from_bigint(b.clone()),
    }
}

/// `x.real`, `x.imag`, `x.numerator`, `x.denominator` of an int or float.
pub(crate) fn attribute(obj: &Value, name: &str) -> Option<Value> {
    if let Some(i) = as_int(obj) {
        return Some(match name {
            "real" | "numerator" => int_value(i),
            "imag" => Value::Int(0),
            "denominator" => Value::Int(1),
            _ => return None,
        });
    }
    match (obj, name) {
        (Value::Float(_), "real") => Some(obj.clone()),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        _ => None,
    }
}

fn no_args(owner: &str, name: &str, a: &Args<'_>) -> PyResult<()> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{owner}.{name}() takes no keyword arguments"
        )));
    }
    if !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "{owner}.{name}() takes no arguments ({} given)",
            a.pos.len()
        )));
    }
    Ok(())
}

static TO_BYTES: Params =
    Params::new("to_bytes", &["length", "byteorder", "signed"], 0).kwonly_from(2);
static FROM_BYTES: Params =
    Params::new("from_bytes", &["bytes", "byteorder", "signed"], 1).kwonly_from(2);

/// `byteorder` of `to_bytes`/`from_bytes`: whether it is little-endian.
fn byteorder(fname: &str, v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(Value::Str(s)) => match s.as_str() {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => Err(PyErr::value_error(
                "byteorder must be either 'little' or 'big'",
            )),
        },
        Some(other) => Err(PyErr::type_error(format!(
            "{fname}() argument 'byteorder' must be str, not {}",
            other.type_name()
        ))),
    }
}

fn to_bytes(i: IntRef<'_>, a: &Args<'_>) -> PyResult<Value> {
    let slots = TO_BYTES.unpack(a)?;
    let get = |k: usize| slots.get(k).copied().flatten();
    let length = match get(0) {
        Some(v) => crate::str_methods::ssize(v)?,
        None => 1,
    };
    let little = byteorder("to_bytes", get(1))?;
    let signed = match get(2) {
        Some(v) => crate::ops::truthy(v)?,
        None => false,
    };
    if length < 0 {
        return Err(PyErr::value_error("length argument must be non-negative"));
    }
    let x = i.to_big();
    if x.sign() == Sign::Minus && !signed {
        return Err(PyErr::overflow_error(
            "can't convert negative int to unsigned",
        ));
    }
    let too_big = || PyErr::overflow_error("int too big to convert");
    let length = usize::try_from(length).map_err(|_| too_big())?;
    let mut bytes = x.to_signed_bytes_le();
    if !signed {
        // Unsigned: no sign byte for a top bit set.
        while bytes.len() > 1 && bytes.last() == Some(&0) {
            bytes.pop();
        }
        if x.sign() == Sign::NoSign {
            bytes.clear();
        }
    } else if x.sign() == Sign::NoSign {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(too_big());
    }
    let fill = if x.sign() == Sign::Minus { 0xff } else { 0 };
    let mut out = crate::text_ops::try_vec(length)?;
    out.extend_from_slice(&bytes);
    let mut bytes = out;
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::Bytes(std::rc::Rc::new(bytes)))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
pub(crate) fn from_bytes(a: &Args<'_>) -> PyResult<Value> {
    let slots = FROM_BYTES.unpack(a)?;
    let get = |k: usize| slots.get(k).copied().flatten();
    let source = get(0).unwrap_or(&Value::None);
    let little = byteorder("from_bytes", get(1))?;
    let signed = match get(2) {
        Some(v) => crate::ops::truthy(v)?,
        None => false,
    };
    let mut data = match source {
        Value::Str(_) => return Err(PyErr::type_error("cannot convert 'str' object to bytes")),
        other => crate::bytes::from_object(other)?,
    };
    if !little {
        data.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_le(&data)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &data)
    };
    Ok(Value::from_bigint(n))
}

/// Calls the int method `name` on `i` (`None`: no such method).
pub(crate) fn int_method(i: IntRef<'_>, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let noargs = || no_args("int", name, a);
    Some(match name {
        "bit_length" => noargs().map(|()| Value::Int(i.to_big().bits() as i64)),
        "bit_count" => noargs().map(|()| {
            let ones: u64 = i
                .to_big()
                .magnitude()
                .iter_u64_digits()
                .map(|d| u64::from(d.count_ones()))
                .sum();
            Value::Int(ones as i64)
        }),
        "as_integer_ratio" => {
            noargs().map(|()| crate::ops::tuple(vec![int_value(i), Value::Int(1)]))
        }
        "conjugate" => noargs().map(|()| int_value(i)),
        "to_bytes" => to_bytes(i, a),
        "from_bytes" => from_bytes(a),
        _ => return None,
    })
}

/// `float.as_integer_ratio()`: the exact fraction in lowest terms.
fn as_integer_ratio(x: f64) -> PyResult<Value> {
    if x.is_infinite() {
        return Err(PyErr::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    if x.is_nan() {
        return Err(PyErr::value_error("cannot convert NaN to integer ratio"));
    }
    if x == 0.0 {
        return Ok(crate::ops::tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut mant, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let tz = mant.trailing_zeros() as i64;
    mant >>= tz;
    e += tz;
    let sign = if x < 0.0 { -1 } else { 1 };
    let num = BigInt::from(mant) * sign;
    let (num, den) = if e >= 0 {
        (num << (e as usize), BigInt::from(1))
    } else {
        (num, BigInt::from(1) << ((-e) as usize))
    };
    Ok(crate::ops::tuple(vec![
        Value::from_bigint(num),
        Value::from_bigint(den),
    ]))
}

/// `float.hex()`.
fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!("{sign}0x{lead}.{frac:013x}p{e:+}")
}

/// `float.fromhex(string)`.
pub(crate) fn fromhex(a: &Args<'_>) -> PyResult<Value> {
    let arg = a.one("float.fromhex")?;
    let Value::Str(s) = arg else {
        return Err(PyErr::type_error(
            "bad argument type for built-in operation",
        ));
    };
    parse_hex_float(s).map(Value::Float)
}

fn invalid_hex() -> PyErr {
    PyErr::value_error("invalid hexadecimal floating-point string")
}

/// CPython's `float_fromhex`: `[sign] ['0x'] digits ['.' digits] ['p' exp]`,
/// `inf`, `infinity` or `nan`, rounded half to even.
fn parse_hex_float(text: &str) -> PyResult<f64> {
    let s = text.trim_matches(|c: char| crate::unicode::is_space(c));
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    let lower = rest.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mantissa, exponent) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let hex_digits = |t: &str| t.chars().all(|c| c.is_ascii_hexdigit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !hex_digits(int_part)
        || !hex_digits(frac_part)
    {
        return Err(invalid_hex());
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid_hex());
            }
            // Exponents past any float's range only need their sign.
            e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                i64::MIN / 4
            } else {
                i64::MAX / 4
            })
        }
    };
    let digits = format!("{int_part}{frac_part}");
    let m = BigInt::parse_bytes(digits.as_bytes(), 16).unwrap_or_default();
    let e = exp.saturating_sub(4 * frac_part.len() as i64);
    let x = round_to_f64(&m, e)?;
    Ok(sign * x)
}

/// `m * 2**e` (`m >= 0`) rounded half to even to a float, or
/// `OverflowError` past the largest float.
fn round_to_f64(m: &BigInt, e: i64) -> PyResult<f64> {
    let overflow = || PyErr::overflow_error("hexadecimal value too large to represent as a float");
    if m.sign() == Sign::NoSign {
        return Ok(0.0);
    }
    let bits = m.bits() as i64;
    let top = bits.saturating_add(e);
    if top > 1024 {
        return Err(overflow());
    }
    if top < -1075 {
        // Below half the smallest subnormal: rounds to zero.
        return Ok(0.0);
    }
    let lowest = (top - 53).max(-1074);
    let shift = lowest - e;
    let (mut q, low) = if shift > 0 {
        let q: BigInt = m >> (shift as usize);
        let rem: BigInt = m - (&q << (shift as usize));
        let half = BigInt::from(1) << ((shift - 1) as usize);
        let up = rem > half || (rem == half && q.bit(0));
        (if up { q + 1 } else { q }, lowest)
    } else {
        (m << ((-shift) as usize), lowest)
    };
    if q.bits() > 53 {
        q >>= 1;
        return finish(q, low + 1, overflow);
    }
    finish(q, low, overflow)
}

fn finish(q: BigInt, low: i64, overflow: impl Fn() -> PyErr) -> PyResult<f64> {
    let mant = u64::try_from(&q).unwrap_or(u64::MAX) as f64;
    let x = crate::int::ldexp(mant, low);
    if x.is_infinite() {
        return Err(overflow());
    }
    Ok(x)
}

/// Calls the float method `name` on `x` (`None`: no such method).
pub(crate) fn float_method(x: f64, name: &str, a: &Args<'_>) -> Option<PyResult<Value>> {
    let noargs = || no_args("float", name, a);
    Some(match name {
        "is_integer" => noargs().map(|()| Value::Bool(x.is_finite() && x.fract() == 0.0)),
        "as_integer_ratio" => noargs().and_then(|()| as_integer_ratio(x)),
        "conjugate" => noargs().map(|()| Value::Float(x)),
        "hex" => noargs().map(|()| Value::str(float_hex(x))),
        "fromhex" => fromhex(a),
        _ => return None,
    })
}

//! The numeric builtins: `round`, `pow`, `divmod`, `chr`, `ord`, `hex`,
//! `oct`, `bin`, and `__index__` (CPython's `PyNumber_Index`), with
//! CPython's results and error texts.
//!
//! ```
//! use py_fn_runtime::{builtin, call, Value};
//! let round = builtin("round").unwrap();
//! // Banker's rounding on the float's exact binary value, as CPython.
//! assert_eq!(call(&round, &[Value::Float(2.675), Value::Int(2)]).unwrap(), Value::Float(2.67));
//! assert_eq!(call(&round, &[Value::Float(0.5)]).unwrap(), Value::Int(0));
//! let pow = builtin("pow").unwrap();
//! assert_eq!(call(&pow, &[Value::Int(3), Value::Int(-1), Value::Int(7)]).unwrap(), Value::Int(5));
//! ```

use num_bigint::{BigInt, Sign};

use crate::argparse::Params;
use crate::error::{ExcType, PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::number::{binary_op, BinOp};
use crate::value::Value;

/// `operator.index(v)`: an int, or what an instance's `__index__`
/// returns, or `TypeError: 'float' object cannot be interpreted as an
/// integer`. `bool` gives an `int`.
pub(crate) fn index_value(v: &Value) -> PyResult<Value> {
    match v {
        Value::Bool(b) => return Ok(Value::Int(i64::from(*b))),
        Value::Int(_) | Value::BigInt(_) => return Ok(v.clone()),
        _ => {}
    }
    if let Some(r) = crate::dunder::call_special(v, "__index__", &[]) {
        let r = r?;
        return match r {
            Value::Int(_) | Value::BigInt(_) => Ok(r),
            Value::Bool(b) => Ok(Value::Int(i64::from(b))),
            other => Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                other.type_name()
            ))),
        };
    }
    Err(PyErr::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        v.type_name()
    )))
}

/// The single argument of a METH_O builtin.
fn one<'a>(name: &str, a: &Args<'a>) -> PyResult<&'a Value> {
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    match a.pos {
        [x] => Ok(x),
        _ => Err(PyErr::type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            a.pos.len()
        ))),
    }
}

static ROUND: Params = Params::new("round", &["number", "ndigits"], 1);

/// `round(number, ndigits=None)`.
pub(crate) fn b_round(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let slots = ROUND.unpack(&a)?;
    let number = slots.first().copied().flatten().unwrap_or(&Value::None);
    let ndigits = slots
        .get(1)
        .copied()
        .flatten()
        .filter(|v| !matches!(v, Value::None));
    if let Some(i) = as_int(number) {
        let Some(nd) = ndigits else {
            return Ok(int_value(i));
        };
        return round_int(i, index_i64(nd)?);
    }
    match number {
        Value::Float(x) => match ndigits {
            None => crate::int::float_to_int(x.round_ties_even()),
            Some(nd) => round_float(*x, index_i64(nd)?),
        },
        Value::Instance(_) => {
            let args: Vec<Value> = ndigits.cloned().into_iter().collect();
            crate::dunder::call_special(number, "__round__", &args).unwrap_or_else(|| {
                Err(PyErr::type_error(format!(
                    "type {} doesn't define __round__ method",
                    number.type_name()
                )))
            })
        }
        other => Err(PyErr::type_error(format!(
            "type {} doesn't define __round__ method",
            other.type_name()
        ))),
    }
}

/// An index argument as `i64`, clamped as `PyNumber_AsSsize_t(v, NULL)`
/// clamps a big int.
fn index_i64(v: &Value) -> PyResult<i64> {
    let i = index_value(v)?;
    Ok(match as_int(&i) {
        Some(IntRef::Small(n)) => n,
        Some(IntRef::Big(b)) if b.sign() == Sign::Minus => i64::MIN,
        _ => i64::MAX,
    })
}

fn int_value(i: IntRef<'_>) -> Value {
    match i {
        IntRef::Small(n) => Value::Int(n),
        IntRef::Big(b) => Value::from_bigint(b.clone()),
    }
}

/// `int.__round__(ndigits)`: exact, ties to even.
fn round_int(i: IntRef<'_>, ndigits: i64) -> PyResult<Value> {
    if ndigits >= 0 {
        return Ok(int_value(i));
    }
    let x = i.to_big();
    let digits = x.magnitude().to_string().len() as u64;
    let exp = ndigits.unsigned_abs();
    if exp > digits + 1 {
        return Ok(Value::Int(0));
    }
    let p = BigInt::from(10u32).pow(exp as u32);
    let (q, r) = floor_divmod(&x, &p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.bit(0)) {
        q + 1
    } else {
        q
    };
    Ok(Value::from_bigint(q * p))
}

/// Python's floor division and modulo of big ints (`d` positive).
fn floor_divmod(n: &BigInt, d: &BigInt) -> (BigInt, BigInt) {
    let mut q = n / d;
    let mut r = n % d;
    if r.sign() == Sign::Minus {
        q -= 1;
        r += d;
    }
    (q, r)
}

/// `float.__round__(ndigits)`: CPython's `double_round` — the float's
/// exact value rounded half to even at `ndigits` decimal places, then
/// read back as the nearest float.
fn round_float(x: f64, ndigits: i64) -> PyResult<Value> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(Value::Float(x));
    }
    if ndigits < NDIGITS_MIN {
        return Ok(Value::Float(0.0 * x));
    }
    if x == 0.0 {
        return Ok(Value::Float(x));
    }
    let (mant, exp) = decompose(x.abs());
    // |x| * 10**ndigits as num / den.
    let mut num = BigInt::from(mant);
    let mut den = BigInt::from(1u8);
    if exp >= 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    let ten = BigInt::from(10u8).pow(ndigits.unsigned_abs() as u32);
    if ndigits >= 0 {
        num *= ten;
    } else {
        den *= ten;
    }
    let (q, r) = floor_divmod(&num, &den);
    let twice = &r * 2;
    let n = if twice > den || (twice == den && q.bit(0)) {
        q + 1
    } else {
        q
    };
    if n.sign() == Sign::NoSign {
        return Ok(Value::Float(0f64.copysign(x)));
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let text = format!("{sign}{n}e{}", -ndigits);
    let rounded: f64 = text.parse().unwrap_or(f64::INFINITY);
    if rounded.is_infinite() {
        return Err(PyErr::overflow_error(
            "rounded value too large to represent",
        ));
    }
    Ok(Value::Float(rounded))
}

/// `(mantissa, exponent)` with `x == mantissa * 2**exponent`, `x` finite
/// and non-negative.
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

static POW: Params = Params::new("pow", &["base", "exp", "mod"], 2);

/// `pow(base, exp, mod=None)`.
pub(crate) fn b_pow(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let slots = POW.unpack(&a)?;
    let get = |i: usize| slots.get(i).copied().flatten().unwrap_or(&Value::None);
    let (base, exp, modulus) = (get(0), get(1), get(2));
    if matches!(modulus, Value::None) {
        return binary_op(BinOp::Pow, base, exp);
    }
    if let (Some(b), Some(e), Some(m)) = (as_int(base), as_int(exp), as_int(modulus)) {
        return mod_pow(b.to_big(), e.to_big(), m.to_big());
    }
    if let Some(r) = crate::dunder::call_special(base, "__pow__", &[exp.clone(), modulus.clone()]) {
        let r = r?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    let numeric = |v: &Value| matches!(v, Value::Float(_)) || as_int(v).is_some();
    let floats = [base, exp, modulus]
        .iter()
        .any(|v| matches!(v, Value::Float(_)));
    if floats && [base, exp, modulus].iter().all(|v| numeric(v)) {
        return Err(PyErr::type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    }
    Err(PyErr::type_error(format!(
        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
        base.type_name(),
        exp.type_name(),
        modulus.type_name()
    )))
}

/// `pow(b, e, m)` for ints: a negative `e` takes the inverse of `b`
/// modulo `m`; the result has the sign of `m`, as Python's `%`.
fn mod_pow(b: BigInt, e: BigInt, m: BigInt) -> PyResult<Value> {
    if m.sign() == Sign::NoSign {
        return Err(PyErr::value_error("pow() 3rd argument cannot be 0"));
    }
    let abs_m = BigInt::from(m.magnitude().clone());
    let (base, e) = if e.sign() == Sign::Minus {
        let inv = mod_inverse(&b, &abs_m)
            .ok_or_else(|| PyErr::value_error("base is not invertible for the given modulus"))?;
        (inv, -e)
    } else {
        (b, e)
    };
    let base = floor_divmod(&base, &abs_m).1;
    let mut r = base.modpow(&e, &abs_m);
    if m.sign() == Sign::Minus && r.sign() != Sign::NoSign {
        r += &m;
    }
    Ok(Value::from_bigint(r))
}

/// The inverse of `a` modulo `m` (`m > 0`), if `gcd(a, m) == 1`.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut old_r, mut r) = (floor_divmod(a, m).1, m.clone());
    let (mut old_s, mut s) = (BigInt::from(1u8), BigInt::from(0u8));
    while r.sign() != Sign::NoSign {
        let q = &old_r / &r;
        let next_r = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, next_r);
        let next_s = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, next_s);
    }
    if old_r != BigInt::from(1u8) {
        // gcd != 1, except that everything is invertible modulo 1.
        return (m == &BigInt::from(1u8)).then(|| BigInt::from(0u8));
    }
    Some(floor_divmod(&old_s, m).1)
}

/// `divmod(a, b)`.
pub(crate) fn b_divmod(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    a.range("divmod", "divmod", 2, 2)?;
    let (Some(x), Some(y)) = (a.get(0), a.get(1)) else {
        return Ok(Value::None);
    };
    if let (Some(i), Some(j)) = (as_int(x), as_int(y)) {
        let (q, r) = crate::int::divmod(i, j)?;
        return Ok(crate::ops::tuple(vec![q, r]));
    }
    let float_of = |v: &Value| -> Option<PyResult<f64>> {
        match v {
            Value::Float(f) => Some(Ok(*f)),
            other => as_int(other).map(|i| i.to_f64()),
        }
    };
    let both_numbers = matches!(x, Value::Float(_)) || matches!(y, Value::Float(_));
    if both_numbers {
        if let (Some(fx), Some(fy)) = (float_of(x), float_of(y)) {
            let (fx, fy) = (fx?, fy?);
            if fy == 0.0 {
                return Err(PyErr::zero_division("float divmod()"));
            }
            let (q, r) = crate::number::float_divmod(fx, fy);
            return Ok(crate::ops::tuple(vec![Value::Float(q), Value::Float(r)]));
        }
    }
    for (obj, name, other) in [(x, "__divmod__", y), (y, "__rdivmod__", x)] {
        if let Some(r) = crate::dunder::call_special(obj, name, std::slice::from_ref(other)) {
            let r = r?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
    }
    Err(PyErr::type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        x.type_name(),
        y.type_name()
    )))
}

/// `chr(i)`.
pub(crate) fn b_chr(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let i = index_value(one("chr", &a)?)?;
    let n = match as_int(&i) {
        Some(IntRef::Small(n)) if i32::try_from(n).is_ok() => n,
        _ => {
            return Err(PyErr::overflow_error(
                "Python int too large to convert to C int",
            ))
        }
    };
    if !(0..0x110000).contains(&n) {
        return Err(PyErr::value_error("chr() arg not in range(0x110000)"));
    }
    match char::from_u32(n as u32) {
        Some(ch) => Ok(Value::str(ch.to_string())),
        None => Err(PyErr::new(
            ExcType::NotImplementedError,
            "chr() of a lone surrogate is not supported by py_fn (its str is UTF-8)",
        )),
    }
}

/// `ord(c)`.
pub(crate) fn b_ord(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let c = one("ord", &a)?;
    let wrong_length = |n: usize| {
        PyErr::type_error(format!(
            "ord() expected a character, but string of length {n} found"
        ))
    };
    match c {
        Value::Str(s) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => Ok(Value::Int(ch as i64)),
                _ => Err(wrong_length(s.chars().count())),
            }
        }
        Value::Bytes(b) => match b.as_slice() {
            [byte] => Ok(Value::Int(i64::from(*byte))),
            other => Err(wrong_length(other.len())),
        },
        other => Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            other.type_name()
        ))),
    }
}

/// `hex`, `oct`, `bin`: the int of `__index__` in base 16, 8 or 2 with
/// its prefix.
fn base_repr(name: &str, args: &[Value], kw: &[&str], radix: u32, prefix: &str) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let i = index_value(one(name, &a)?)?;
    let big = as_int(&i).map(IntRef::to_big).unwrap_or_default();
    let sign = if big.sign() == Sign::Minus { "-" } else { "" };
    Ok(Value::str(format!(
        "{sign}{prefix}{}",
        big.magnitude().to_str_radix(radix)
    )))
}

/// `hex(x)`.
pub(crate) fn b_hex(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    base_repr("hex", args, kw, 16, "0x")
}

/// `oct(x)`.
pub(crate) fn b_oct(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    base_repr("oct", args, kw, 8, "0o")
}

/// `bin(x)`.
pub(crate) fn b_bin(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    base_repr("bin", args, kw, 2, "0b")
}

//! Integer arithmetic: the `i64` fast path with checked operations that
//! overflow into `BigInt`, results normalised back to `i64` when they fit,
//! and the exact conversions between ints and floats.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

use crate::error::{PyErr, PyResult};
use crate::value::Value;

/// An integer operand, borrowed from a [`Value`] (`bool` included).
#[derive(Clone, Copy, Debug)]
pub enum IntRef<'a> {
    /// Fits in `i64`.
    Small(i64),
    /// Outside `i64`.
    Big(&'a BigInt),
}

impl IntRef<'_> {
    /// The value as a `BigInt`.
    pub fn to_big(self) -> BigInt {
        match self {
            IntRef::Small(i) => BigInt::from(i),
            IntRef::Big(b) => b.clone(),
        }
    }

    /// Whether the value is negative.
    pub fn is_negative(self) -> bool {
        match self {
            IntRef::Small(i) => i < 0,
            IntRef::Big(b) => b.sign() == Sign::Minus,
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        match self {
            IntRef::Small(i) => i == 0,
            IntRef::Big(b) => b.sign() == Sign::NoSign,
        }
    }

    /// `float(self)`, with CPython's OverflowError.
    pub fn to_f64(self) -> PyResult<f64> {
        match self {
            IntRef::Small(i) => Ok(i as f64),
            IntRef::Big(b) => big_to_f64(b),
        }
    }
}

/// The integer inside `v` (`bool` counts as an int).
pub fn as_int(v: &Value) -> Option<IntRef<'_>> {
    match v {
        Value::Bool(b) => Some(IntRef::Small(*b as i64)),
        Value::Int(i) => Some(IntRef::Small(*i)),
        Value::BigInt(b) => Some(IntRef::Big(b)),
        _ => None,
    }
}

/// `float(b)` for a big int: correctly rounded (half to even), or
/// `OverflowError: int too large to convert to float`.
pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    let x: f64 = b.to_str_radix(10).parse().unwrap_or(f64::INFINITY);
    if x.is_infinite() {
        return Err(PyErr::overflow_error("int too large to convert to float"));
    }
    Ok(x)
}

/// `(mantissa, exponent)` with `x == mantissa * 2**exponent` for a finite float.
fn decompose(x: f64) -> (i64, i32) {
    let bits = x.to_bits();
    let sign = if bits >> 63 == 0 { 1 } else { -1 };
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1u64 << 52) - 1)) as i64;
    if exp == 0 {
        (sign * frac, -1074)
    } else {
        (sign * (frac | (1i64 << 52)), exp - 1075)
    }
}

/// The exact integer value of an integral finite float.
fn integral_float_to_big(x: f64) -> BigInt {
    let (mant, exp) = decompose(x);
    let m = BigInt::from(mant);
    if exp >= 0 {
        m << (exp as usize)
    } else {
        m >> ((-exp) as usize)
    }
}

/// `int(x)` for a float: truncation toward zero, or CPython's errors for
/// NaN and infinities.
pub fn float_to_int(x: f64) -> PyResult<Value> {
    if x.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(PyErr::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    let t = x.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(Value::from_bigint(integral_float_to_big(t)))
}

/// Exact comparison of an int with a float (`None` when `x` is NaN).
pub fn cmp_int_float(i: IntRef<'_>, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let IntRef::Small(s) = i {
        if s.unsigned_abs() <= 1u64 << 53 {
            return (s as f64).partial_cmp(&x);
        }
    }
    let floor = x.floor();
    let t = integral_float_to_big(floor);
    let big = i.to_big();
    Some(match big.cmp(&t) {
        Ordering::Less => Ordering::Less,
        Ordering::Greater => Ordering::Greater,
        Ordering::Equal => {
            if x > floor {
                Ordering::Less
            } else {
                Ordering::Equal
            }
        }
    })
}

/// Compares two ints.
pub fn cmp_int(a: IntRef<'_>, b: IntRef<'_>) -> Ordering {
    match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => x.cmp(&y),
        _ => a.to_big().cmp(&b.to_big()),
    }
}

/// `a + b`.
pub fn add(a: IntRef<'_>, b: IntRef<'_>) -> Value {
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        if let Some(r) = x.checked_add(y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(a.to_big() + b.to_big())
}

/// `a - b`.
pub fn sub(a: IntRef<'_>, b: IntRef<'_>) -> Value {
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        if let Some(r) = x.checked_sub(y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(a.to_big() - b.to_big())
}

/// `a * b`.
pub fn mul(a: IntRef<'_>, b: IntRef<'_>) -> Value {
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        if let Some(r) = x.checked_mul(y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(a.to_big() * b.to_big())
}

/// `-a`.
pub fn neg(a: IntRef<'_>) -> Value {
    if let IntRef::Small(x) = a {
        if let Some(r) = x.checked_neg() {
            return Value::Int(r);
        }
    }
    Value::from_bigint(-a.to_big())
}

/// `~a`.
pub fn invert(a: IntRef<'_>) -> Value {
    match a {
        IntRef::Small(x) => Value::Int(!x),
        IntRef::Big(b) => Value::from_bigint(-(b.clone()) - BigInt::from(1)),
    }
}

/// `abs(a)`.
pub fn abs(a: IntRef<'_>) -> Value {
    if a.is_negative() {
        neg(a)
    } else {
        match a {
            IntRef::Small(x) => Value::Int(x),
            IntRef::Big(b) => Value::BigInt(std::rc::Rc::new(b.clone())),
        }
    }
}

/// `divmod(a, b)` with Python's floor semantics.
pub fn divmod(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<(Value, Value)> {
    if b.is_zero() {
        return Err(PyErr::zero_division("integer division or modulo by zero"));
    }
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        if let (Some(q), Some(r)) = (x.checked_div(y), x.checked_rem(y)) {
            if r != 0 && ((r < 0) != (y < 0)) {
                return Ok((Value::Int(q - 1), Value::Int(r + y)));
            }
            return Ok((Value::Int(q), Value::Int(r)));
        }
    }
    let (x, y) = (a.to_big(), b.to_big());
    let mut q = &x / &y;
    let mut r = &x % &y;
    if r.sign() != Sign::NoSign && ((r.sign() == Sign::Minus) != (y.sign() == Sign::Minus)) {
        q -= 1;
        r += &y;
    }
    Ok((Value::from_bigint(q), Value::from_bigint(r)))
}

/// `a // b`.
pub fn floordiv(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    divmod(a, b).map(|(q, _)| q)
}

/// `a % b`.
pub fn modulo(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    if b.is_zero() {
        return Err(PyErr::zero_division("integer modulo by zero"));
    }
    divmod(a, b).map(|(_, r)| r)
}

/// `x * 2**e`, exact unless the result overflows or is subnormal.
pub fn ldexp(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * 2f64.powi(e as i32)
}

/// `a / b` for ints: correctly rounded, as CPython's `long_true_divide`.
pub fn truediv(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    if b.is_zero() {
        return Err(PyErr::zero_division("division by zero"));
    }
    const EXACT: u64 = 1u64 << 53;
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        if x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT {
            return Ok(Value::Float(x as f64 / y as f64));
        }
    }
    let negative = a.is_negative() != b.is_negative();
    let x = a.to_big().magnitude().clone();
    let y = b.to_big().magnitude().clone();
    if x.bits() == 0 {
        return Ok(Value::Float(if negative { -0.0 } else { 0.0 }));
    }
    let n = x.bits() as i64 - y.bits() as i64;
    let k = 55 - n;
    let (num, den) = if k >= 0 {
        (x << (k as usize), y)
    } else {
        (x, y << ((-k) as usize))
    };
    let q = &num / &den;
    let r = &num % &den;
    let mut q64: u64 = q.iter_u64_digits().next().unwrap_or(0);
    if r.bits() != 0 {
        q64 |= 1;
    }
    let mag = ldexp(q64 as f64, -k);
    if mag.is_infinite() {
        return Err(PyErr::overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(Value::Float(if negative { -mag } else { mag }))
}

/// `a ** b` for ints; a negative exponent gives a float.
pub fn pow(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    if b.is_negative() {
        let x = a.to_f64()?;
        let y = b.to_f64()?;
        if x == 0.0 {
            return Err(PyErr::zero_division(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return crate::number::float_pow(x, y);
    }
    let exp: u32 = match b {
        IntRef::Small(e) => match u32::try_from(e) {
            Ok(e) => e,
            Err(_) => return huge_pow(a, b),
        },
        IntRef::Big(_) => return huge_pow(a, b),
    };
    if let IntRef::Small(x) = a {
        if let Some(r) = x.checked_pow(exp) {
            return Ok(Value::Int(r));
        }
    }
    let base = a.to_big();
    if base.bits().saturating_mul(exp as u64) > 1 << 34 {
        return Err(PyErr::new(crate::error::ExcType::MemoryError, ""));
    }
    Ok(Value::from_bigint(base.pow(exp)))
}

/// `a ** b` with an exponent beyond `u32`: only 0, 1 and -1 have results
/// that fit in memory.
fn huge_pow(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    match a {
        IntRef::Small(0) => Ok(Value::Int(0)),
        IntRef::Small(1) => Ok(Value::Int(1)),
        IntRef::Small(-1) => {
            let odd = match b {
                IntRef::Small(e) => e & 1 == 1,
                IntRef::Big(e) => e.bit(0),
            };
            Ok(Value::Int(if odd { -1 } else { 1 }))
        }
        _ => Err(PyErr::new(crate::error::ExcType::MemoryError, "")),
    }
}

/// The shift count of `<<`/`>>`: `ValueError: negative shift count`.
fn shift_count(b: IntRef<'_>) -> PyResult<Option<u64>> {
    if b.is_negative() {
        return Err(PyErr::value_error("negative shift count"));
    }
    Ok(match b {
        IntRef::Small(s) => Some(s as u64),
        IntRef::Big(_) => None,
    })
}

/// `a << b`.
pub fn lshift(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    let count = shift_count(b)?;
    if a.is_zero() {
        return Ok(Value::Int(0));
    }
    let Some(count) = count.filter(|c| *c < 1 << 32) else {
        return Err(PyErr::overflow_error("too many digits in integer"));
    };
    if let IntRef::Small(x) = a {
        if count < 63 {
            let r = x.wrapping_shl(count as u32);
            if r >> count == x {
                return Ok(Value::Int(r));
            }
        }
    }
    Ok(Value::from_bigint(a.to_big() << (count as usize)))
}

/// `a >> b` (rounds toward negative infinity).
pub fn rshift(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<Value> {
    let count = shift_count(b)?;
    let Some(count) = count.filter(|c| *c < 1 << 32) else {
        return Ok(Value::Int(if a.is_negative() { -1 } else { 0 }));
    };
    match a {
        IntRef::Small(x) => Ok(Value::Int(x >> count.min(63))),
        IntRef::Big(x) => Ok(Value::from_bigint(x >> (count as usize))),
    }
}

/// `a & b`, `a | b`, `a ^ b`.
pub fn bitwise(op: char, a: IntRef<'_>, b: IntRef<'_>) -> Value {
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        return Value::Int(match op {
            '&' => x & y,
            '|' => x | y,
            _ => x ^ y,
        });
    }
    let (x, y) = (a.to_big(), b.to_big());
    Value::from_bigint(match op {
        '&' => x & y,
        '|' => x | y,
        _ => x ^ y,
    })
}

/// CPython 3.11's default `sys.get_int_max_str_digits()`: `int(text)` in a
/// base that is not a power of two and `str(i)` of an int refuse more
/// decimal digits than this.
pub const MAX_STR_DIGITS: usize = 4300;

/// `int(text)`'s `ValueError` for a string of `digits` digits (underscores
/// not counted) over [`MAX_STR_DIGITS`].
pub fn str_to_int_limit_error(digits: usize) -> PyErr {
    PyErr::value_error(format!(
        "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: \
         value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
    ))
}

/// `str(i)`'s `ValueError` for an int of more than [`MAX_STR_DIGITS`]
/// decimal digits.
pub fn int_to_str_limit_error() -> PyErr {
    PyErr::value_error(format!(
        "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; \
         use sys.set_int_max_str_digits() to increase the limit"
    ))
}

/// Whether `|b|` has more than [`MAX_STR_DIGITS`] decimal digits, that is
/// `|b| >= 10**4300`, decided from the bit length without converting
/// (only a bit length of 14285 needs a comparison).
pub fn exceeds_str_digits(b: &BigInt) -> bool {
    // 2**14284 < 10**4300 < 2**14285.
    const BITS_BELOW: u64 = 14284;
    let bits = b.bits();
    if bits <= BITS_BELOW {
        return false;
    }
    if bits > BITS_BELOW + 1 {
        return true;
    }
    b.magnitude() >= &num_bigint::BigUint::from(10u32).pow(MAX_STR_DIGITS as u32)
}

/// Why [`parse_int_str`] refused a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseIntError {
    /// Not an int literal: `invalid literal for int() with base N: ...`.
    Invalid,
    /// More than [`MAX_STR_DIGITS`] digits in a base that is not a power of
    /// two ([`str_to_int_limit_error`]); the digit count.
    TooManyDigits(usize),
}

/// `int(text, base)`: CPython's literal rules (whitespace, sign,
/// underscores between digits, `0x`-style prefixes with base 0 or matching),
/// telling an invalid literal from one over CPython's limit on digits, in
/// `PyLong_FromString`'s order: the limit is checked once the run of digits
/// and single underscores is read, before what follows it.
pub fn parse_int_str(text: &str, base: u32) -> Result<Value, ParseIntError> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let mut base = base;
    let mut digits = lower.as_str();
    let prefixed = |p: &str| digits.len() > 2 && digits.starts_with(p);
    for (prefix, b) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if prefixed(prefix) && (base == 0 || base == b) {
            base = b;
            digits = &digits[2..];
            digits = digits.strip_prefix('_').unwrap_or(digits);
            break;
        }
    }
    let old_octal = base == 0;
    if base == 0 {
        base = 10;
    }
    if digits.is_empty() || digits.starts_with('_') {
        return Err(ParseIntError::Invalid);
    }
    if !base.is_power_of_two() {
        let mut count = 0usize;
        let mut prev = '\0';
        for c in digits.chars() {
            if c == '_' {
                if prev == '_' {
                    return Err(ParseIntError::Invalid);
                }
            } else if c.is_digit(base) {
                count += 1;
            } else {
                break;
            }
            prev = c;
        }
        if prev == '_' {
            return Err(ParseIntError::Invalid);
        }
        if count > MAX_STR_DIGITS {
            return Err(ParseIntError::TooManyDigits(count));
        }
    }
    if old_octal
        && digits.len() > 1
        && digits.starts_with('0')
        && digits.chars().any(|c| c != '0' && c != '_')
    {
        return Err(ParseIntError::Invalid);
    }
    if digits.ends_with('_') || digits.contains("__") {
        return Err(ParseIntError::Invalid);
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return Err(ParseIntError::Invalid);
    }
    let big = BigInt::parse_bytes(clean.as_bytes(), base).ok_or(ParseIntError::Invalid)?;
    Ok(Value::from_bigint(if negative { -big } else { big }))
}

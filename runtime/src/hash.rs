//! Python's `hash()` for the hashable values of this runtime: CPython's
//! numeric hash (modulus `2**61 - 1`), so `hash(1) == hash(1.0) ==
//! hash(True)`, and equal keys always hash alike.

use num_bigint::{BigInt, Sign};

use crate::error::{PyErr, PyResult};
use crate::int::IntRef;
use crate::value::Value;

const MODULUS: u64 = (1 << 61) - 1;
const BITS: u32 = 61;

fn fix_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` for an int.
pub fn hash_int(i: IntRef<'_>) -> i64 {
    match i {
        IntRef::Small(x) => {
            let m = (x.unsigned_abs() % MODULUS) as i64;
            fix_minus_one(if x < 0 { -m } else { m })
        }
        IntRef::Big(b) => {
            let m = BigInt::from(b.magnitude().clone()) % BigInt::from(MODULUS);
            let m = i64::try_from(&m).unwrap_or(0);
            fix_minus_one(if b.sign() == Sign::Minus { -m } else { m })
        }
    }
}

/// `(m, e)` with `x == m * 2**e`, `0.5 <= m < 1` (C's `frexp`, finite non-zero `x`).
fn frexp(x: f64) -> (f64, i32) {
    let mut x = x;
    let mut adjust = 0;
    if x.abs() < f64::MIN_POSITIVE {
        x *= 2f64.powi(64);
        adjust = -64;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let e = exp - 1022;
    let m_bits = (bits & !(0x7ffu64 << 52)) | (1022u64 << 52);
    (f64::from_bits(m_bits), e + adjust)
}

/// `hash(x)` for a float (CPython's `_Py_HashDouble`; NaN hashes to 0).
pub fn hash_float(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { 314159 } else { -314159 };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = x as i64;
    fix_minus_one(if v < 0.0 { -h } else { h })
}

/// FNV-1a over the UTF-8 bytes (str hashes are randomised in CPython, so
/// only consistency matters).
pub fn hash_str(s: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    fix_minus_one(h as i64)
}

/// CPython's tuple hash (xxHash-based `tuplehash`).
fn hash_tuple(items: &[Value]) -> PyResult<i64> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for item in items {
        let lane = hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as i64)
}

/// `hash(v)`, or `TypeError: unhashable type: 'list'`.
pub fn hash(v: &Value) -> PyResult<i64> {
    match v {
        Value::None => Ok(0x5f3759df),
        Value::Bool(b) => Ok(*b as i64),
        Value::Int(i) => Ok(hash_int(IntRef::Small(*i))),
        Value::BigInt(b) => Ok(hash_int(IntRef::Big(b))),
        Value::Float(x) => Ok(hash_float(*x)),
        Value::Str(s) => Ok(hash_str(s)),
        Value::Bytes(b) => Ok(hash_str(&String::from_utf8_lossy(b))),
        Value::Tuple(items) => hash_tuple(items),
        Value::List(_) | Value::Dict(_) | Value::DictView(_) | Value::Slice(_) => Err(
            PyErr::type_error(format!("unhashable type: '{}'", v.type_name())),
        ),
        Value::Range(r) => {
            hash_tuple(&[Value::Int(r.len()), Value::Int(r.start), Value::Int(r.step)])
        }
        Value::Instance(_) => crate::dunder::instance_hash(v),
        _ => Ok(identity_hash(v)),
    }
}

/// `object.__hash__`: the address rotated right by 4 bits, as CPython's
/// `_Py_HashPointer`.
pub fn identity_hash(v: &Value) -> i64 {
    fix_minus_one((v.address() as u64).rotate_right(4) as i64)
}

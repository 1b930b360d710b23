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

/// SipHash-1-3 with CPython's key under `PYTHONHASHSEED=0` (all zero),
/// CPython 3.11's `siphash13`.
fn siphash13(data: &[u8]) -> u64 {
    let mut v0: u64 = 0x736f6d6570736575;
    let mut v1: u64 = 0x646f72616e646f6d;
    let mut v2: u64 = 0x6c7967656e657261;
    let mut v3: u64 = 0x7465646279746573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut tail = [0u8; 8];
    for (slot, b) in tail.iter_mut().zip(chunks.remainder()) {
        *slot = *b;
    }
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(tail);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// `hash(b)` for `bytes` (CPython's `_Py_HashBytes`: 0 for `b''`).
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix_minus_one(siphash13(data) as i64)
}

/// `hash(s)` for a `str`, as `PYTHONHASHSEED=0 python3` computes it:
/// SipHash-1-3 of CPython's internal representation of the text (one
/// byte per character when every character is below U+0100, two
/// little-endian bytes below U+10000, four otherwise), so that sets of
/// strings iterate in the order CPython prints them.
pub fn hash_str(s: &str) -> i64 {
    if s.is_ascii() {
        return hash_bytes(s.as_bytes());
    }
    let widest = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut data = Vec::with_capacity(s.len() * 2);
    for c in s.chars() {
        let cp = c as u32;
        if widest < 0x100 {
            data.push(cp as u8);
        } else if widest < 0x10000 {
            data.extend_from_slice(&(cp as u16).to_le_bytes());
        } else {
            data.extend_from_slice(&cp.to_le_bytes());
        }
    }
    hash_bytes(&data)
}

/// The hash a dict's index table probes with: FNV-1a over the UTF-8
/// bytes. A dict iterates in insertion order, so its probe sequence is
/// invisible to Python code; CPython caches each str's SipHash in the
/// object, this runtime cannot, and FNV-1a is three times faster on the
/// short names globals and keyword arguments use.
pub(crate) fn table_hash_str(s: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    fix_minus_one(h as i64)
}

/// [`hash`] as a dict's index table uses it: a `str` key (which only ever
/// equals another `str`) hashes with [`table_hash_str`].
pub(crate) fn table_hash(v: &Value) -> PyResult<i64> {
    match v {
        Value::Str(s) => Ok(table_hash_str(s)),
        _ => hash(v),
    }
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
        Value::Bytes(b) => Ok(hash_bytes(b)),
        Value::Tuple(items) => hash_tuple(items),
        Value::FrozenSet(f) => Ok(crate::set::frozenset_hash(f)),
        Value::List(_) | Value::Dict(_) | Value::DictView(_) | Value::Slice(_) | Value::Set(_) => {
            Err(PyErr::type_error(format!(
                "unhashable type: '{}'",
                v.type_name()
            )))
        }
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

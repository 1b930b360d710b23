//! CPython 3.11's `hash()` algorithms, as `PYTHONHASHSEED=0 python3`
//! computes them: the numeric hash modulo `2**61 - 1` (so `hash(1) ==
//! hash(1.0) == hash(True)`), SipHash-1-3 with the all-zero key for `str`
//! and `bytes`, and the xxHash-based tuple hash. The compiler orders
//! `frozenset` constants with them and the runtime hashes values with
//! them, so both agree with CPython and with each other.
//!
//! ```
//! use py_fn_bytecode::pyhash;
//! assert_eq!(pyhash::hash_i64(-1), -2);
//! assert_eq!(pyhash::hash_float(1.5), 1152921504606846977);
//! // PYTHONHASHSEED=0 python3 -c "print(hash('abc'))"
//! assert_eq!(pyhash::hash_str("abc"), -4594863902769663758);
//! assert_eq!(pyhash::hash_tuple_lanes(&[1, 2]), -3550055125485641917);
//! ```

use num_bigint::{BigInt, Sign};

/// `_PyHASH_MODULUS`: `2**61 - 1`.
pub const MODULUS: u64 = (1 << 61) - 1;
/// `_PyHASH_BITS`.
pub const BITS: u32 = 61;
/// `_PyHASH_INF`: the hash of `float('inf')`.
pub const HASH_INF: i64 = 314_159;
/// `_PyHASH_IMAG`: the multiplier of a complex number's imaginary part.
pub const HASH_IMAG: u64 = 1_000_003;

/// `-1` is reserved for errors: every hash function maps it to `-2`.
pub fn fix_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` for an int that fits in `i64`.
pub fn hash_i64(x: i64) -> i64 {
    let m = (x.unsigned_abs() % MODULUS) as i64;
    fix_minus_one(if x < 0 { -m } else { m })
}

/// `hash(i)` for any int (`long_hash`).
pub fn hash_bigint(b: &BigInt) -> i64 {
    let m = BigInt::from(b.magnitude().clone()) % BigInt::from(MODULUS);
    let m = i64::try_from(&m).unwrap_or(0);
    fix_minus_one(if b.sign() == Sign::Minus { -m } else { m })
}

/// `(m, e)` with `x == m * 2**e` and `0.5 <= |m| < 1` (C's `frexp`, for a
/// finite non-zero `x`).
///
/// ```
/// assert_eq!(py_fn_bytecode::pyhash::frexp(12.0), (0.75, 4));
/// ```
pub fn frexp(x: f64) -> (f64, i32) {
    let mut x = x;
    let mut adjust = 0;
    if x.abs() < f64::MIN_POSITIVE {
        x *= 2f64.powi(64);
        adjust = -64;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m_bits = (bits & !(0x7ffu64 << 52)) | (1022u64 << 52);
    (f64::from_bits(m_bits), exp - 1022 + adjust)
}

/// `_Py_HashDouble` of a float; a NaN gives 0 (CPython 3.10+ hashes a NaN
/// by the object's address instead: callers that can tell decide).
pub fn hash_float(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0; // 2**28
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

/// `hash(complex(0, imag))` from the hash of its imaginary part.
pub fn hash_imaginary(imag: f64) -> i64 {
    fix_minus_one(HASH_IMAG.wrapping_mul(hash_float(imag) as u64) as i64)
}

/// SipHash-1-3 with CPython's key under `PYTHONHASHSEED=0` (all zero).
pub fn siphash13(data: &[u8]) -> u64 {
    let mut v0: u64 = 0x736f_6d65_7073_6575;
    let mut v1: u64 = 0x646f_7261_6e64_6f6d;
    let mut v2: u64 = 0x6c79_6765_6e65_7261;
    let mut v3: u64 = 0x7465_6462_7974_6573;
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
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// `hash(b)` for `bytes` (`_Py_HashBytes`: 0 for `b''`).
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix_minus_one(siphash13(data) as i64)
}

/// `hash(s)` for a `str`: SipHash-1-3 of CPython's internal representation
/// (one byte per character when all are below U+0100, two little-endian
/// bytes below U+10000, four otherwise).
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

/// `tuplehash` of a tuple whose items hash to `lanes`.
pub fn hash_tuple_lanes(lanes: &[i64]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc: u64 = P5;
    for &lane in lanes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((lanes.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

//! Python's `hash()` for the hashable values of this runtime: CPython's
//! numeric hash (modulus `2**61 - 1`), so `hash(1) == hash(1.0) ==
//! hash(True)`, and equal keys always hash alike.

use crate::error::{PyErr, PyResult};
use crate::int::IntRef;
use crate::value::Value;

use py_fn_bytecode::pyhash::fix_minus_one;
pub use py_fn_bytecode::pyhash::{hash_bytes, hash_float, hash_str};

/// `hash(i)` for an int.
pub fn hash_int(i: IntRef<'_>) -> i64 {
    match i {
        IntRef::Small(x) => py_fn_bytecode::pyhash::hash_i64(x),
        IntRef::Big(b) => py_fn_bytecode::pyhash::hash_bigint(b),
    }
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
    let lanes = items.iter().map(hash).collect::<PyResult<Vec<i64>>>()?;
    Ok(py_fn_bytecode::pyhash::hash_tuple_lanes(&lanes))
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

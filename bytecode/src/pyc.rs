//! `.pyc` files as CPython 3.11 writes and loads them
//! (`Lib/importlib/_bootstrap_external.py`, PEP 552): a 16-byte header, then
//! the module's code object in the [`crate::marshal`] format.
//!
//! The header is the magic number of 3.11 (3495, then `\r\n`), a flags word,
//! and either the source's modification time and size (flags 0) or, for a
//! hash-based `.pyc`, an 8-byte hash of the source bytes (flags 1, or 3 when
//! the importer is asked to check the hash against the source).

use crate::code::CodeData;
use crate::marshal::{self, MarshalError};

/// `importlib.util.MAGIC_NUMBER` on CPython 3.11: `(3495).to_bytes(2,
/// 'little') + b'\r\n'`.
///
/// ```
/// assert_eq!(&py_fn_bytecode::pyc::MAGIC_NUMBER, b"\xa7\r\r\n");
/// ```
pub const MAGIC_NUMBER: [u8; 4] = [0xa7, 0x0d, b'\r', b'\n'];

/// `importlib._bootstrap_external._RAW_MAGIC_NUMBER`: the magic number read
/// as a little-endian integer, the key of [`source_hash`].
///
/// ```
/// assert_eq!(py_fn_bytecode::pyc::RAW_MAGIC_NUMBER, 168627623);
/// ```
pub const RAW_MAGIC_NUMBER: u64 = u32::from_le_bytes(MAGIC_NUMBER) as u64;

/// What the header says about the source a `.pyc` was made from.
///
/// ```
/// use py_fn_bytecode::pyc::Validation;
/// let v = Validation::Timestamp { mtime: 1_700_000_000, source_size: 120 };
/// assert_eq!(v.flags(), 0);
/// assert_eq!(Validation::CheckedHash([0; 8]).flags(), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validation {
    /// Flags 0: the source's `st_mtime` and size, each truncated to 32
    /// bits (`_code_to_timestamp_pyc`).
    Timestamp {
        /// Seconds since the epoch, `int(st_mtime) & 0xFFFFFFFF`.
        mtime: u32,
        /// `st_size & 0xFFFFFFFF`.
        source_size: u32,
    },
    /// Flags 3: the import system compares this [`source_hash`] with the
    /// source's before using the file (`py_compile`'s `CHECKED_HASH`).
    CheckedHash([u8; 8]),
    /// Flags 1: the hash is stored but not checked (`UNCHECKED_HASH`).
    UncheckedHash([u8; 8]),
}

impl Validation {
    /// The header's flags word: bit 0 for hash-based, bit 1 for checked.
    ///
    /// ```
    /// assert_eq!(py_fn_bytecode::pyc::Validation::UncheckedHash([0; 8]).flags(), 1);
    /// ```
    pub fn flags(&self) -> u32 {
        match self {
            Validation::Timestamp { .. } => 0,
            Validation::CheckedHash(_) => 0b11,
            Validation::UncheckedHash(_) => 0b01,
        }
    }

    /// A checked or unchecked hash header for `source`, as
    /// `py_compile.compile(..., invalidation_mode=...)` writes it.
    ///
    /// ```
    /// use py_fn_bytecode::pyc::Validation;
    /// // importlib.util.source_hash(b"print(1)\n").hex() == "da812d7f407a3059"
    /// let v = Validation::hash(b"print(1)\n", true);
    /// assert_eq!(v, Validation::CheckedHash([0xda, 0x81, 0x2d, 0x7f, 0x40, 0x7a, 0x30, 0x59]));
    /// ```
    pub fn hash(source: &[u8], checked: bool) -> Validation {
        let hash = source_hash(source);
        if checked {
            Validation::CheckedHash(hash)
        } else {
            Validation::UncheckedHash(hash)
        }
    }
}

/// The 16-byte header of a `.pyc`.
///
/// ```
/// use py_fn_bytecode::pyc::{header, Validation};
/// let h = header(Validation::Timestamp { mtime: 1, source_size: 2 });
/// assert_eq!(h, *b"\xa7\r\r\n\0\0\0\0\x01\0\0\0\x02\0\0\0");
/// ```
pub fn header(validation: Validation) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&MAGIC_NUMBER);
    out[4..8].copy_from_slice(&validation.flags().to_le_bytes());
    match validation {
        Validation::Timestamp { mtime, source_size } => {
            out[8..12].copy_from_slice(&mtime.to_le_bytes());
            out[12..16].copy_from_slice(&source_size.to_le_bytes());
        }
        Validation::CheckedHash(hash) | Validation::UncheckedHash(hash) => {
            out[8..16].copy_from_slice(&hash);
        }
    }
    out
}

/// The bytes of a `.pyc` for the module code object `code`: the header,
/// then `marshal.dumps(code)` (see [`marshal::write`] for when that fails).
///
/// ```
/// use py_fn_bytecode::pyc::{self, Validation};
/// # let code = py_fn_bytecode::marshal::read(
/// #     b"c\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0s\x06\0\0\0\x97\0d\0S\0)\x01N)\0)\0s\0\0\0\0\
/// #       z\x04m.pyz\x08<module>z\x08<module>\x01\0\0\0s\0\0\0\0s\0\0\0\0").unwrap();
/// let bytes = pyc::to_bytes(&code, Validation::Timestamp { mtime: 0, source_size: 0 }).unwrap();
/// assert_eq!(&bytes[..4], &pyc::MAGIC_NUMBER);
/// let (validation, read_back) = pyc::from_bytes(&bytes).unwrap();
/// assert_eq!(read_back, code);
/// ```
pub fn to_bytes(code: &CodeData, validation: Validation) -> Result<Vec<u8>, MarshalError> {
    let body = marshal::write(code)?;
    let mut out = Vec::with_capacity(16 + body.len());
    out.extend_from_slice(&header(validation));
    out.extend_from_slice(&body);
    Ok(out)
}

/// Reads a `.pyc` of CPython 3.11: checks the magic number and the flags,
/// and reads the header and the module's code object ([`marshal::read`]).
///
/// ```
/// use py_fn_bytecode::pyc;
/// assert!(pyc::from_bytes(b"\x42\r\r\n").is_err());
/// ```
pub fn from_bytes(bytes: &[u8]) -> Result<(Validation, CodeData), MarshalError> {
    let bad = |offset: usize, message: &str| MarshalError::Read {
        offset,
        message: message.to_string(),
    };
    let head = bytes
        .get(..16)
        .ok_or_else(|| bad(bytes.len(), "a .pyc header is 16 bytes"))?;
    if head[..4] != MAGIC_NUMBER {
        return Err(bad(0, "not the magic number of CPython 3.11 (3495)"));
    }
    let word = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let mut hash = [0u8; 8];
    hash.copy_from_slice(&head[8..16]);
    let validation = match word(4) {
        0 => Validation::Timestamp {
            mtime: word(8),
            source_size: word(12),
        },
        1 => Validation::UncheckedHash(hash),
        3 => Validation::CheckedHash(hash),
        _ => return Err(bad(4, "invalid flags in the .pyc header")),
    };
    let code = marshal::read(&bytes[16..]).map_err(|e| match e {
        MarshalError::Read { offset, message } => MarshalError::Read {
            offset: offset + 16,
            message,
        },
        other => other,
    })?;
    Ok((validation, code))
}

/// `importlib.util.source_hash(source)`: CPython's `_imp.source_hash`, the
/// SipHash-1-3 of the source bytes keyed with `(RAW_MAGIC_NUMBER, 0)`, as
/// 8 little-endian bytes.
///
/// ```
/// // importlib.util.source_hash(b"").hex() == "738d9cd5d5e87f73" on 3.11
/// assert_eq!(
///     py_fn_bytecode::pyc::source_hash(b""),
///     [0x73, 0x8d, 0x9c, 0xd5, 0xd5, 0xe8, 0x7f, 0x73]
/// );
/// ```
pub fn source_hash(source: &[u8]) -> [u8; 8] {
    siphash13(RAW_MAGIC_NUMBER, 0, source).to_le_bytes()
}

/// SipHash-1-3 (one compression round per 8-byte word, three finalization
/// rounds) with the key `(k0, k1)`, words read little-endian.
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut words = data.chunks_exact(8);
    for word in &mut words {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(word);
        let m = u64::from_le_bytes(raw);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    // The last word: the remaining bytes, and the length's low byte on top.
    let mut last = [0u8; 8];
    let tail = words.remainder();
    last[..tail.len()].copy_from_slice(tail);
    let m = u64::from_le_bytes(last) | ((data.len() as u64) << 56);
    v[3] ^= m;
    round(&mut v);
    v[0] ^= m;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// `_imp.source_hash(_RAW_MAGIC_NUMBER, data).hex()` printed by CPython 3.11.7.
    #[test]
    fn source_hash_is_cpythons() {
        let all: Vec<u8> = (0u8..64).collect();
        let cases: [(&[u8], &str); 5] = [
            (b"", "738d9cd5d5e87f73"),
            (b"a", "fa30db0730dcbf07"),
            (b"abcdefgh", "a705b39c25edd8a5"),
            (b"print(1)\n", "da812d7f407a3059"),
            (&all, "21c86d58e2c53a01"),
        ];
        for (data, expected) in cases {
            assert_eq!(hex(&source_hash(data)), expected, "{data:?}");
        }
    }

    #[test]
    fn header_fields_are_little_endian() {
        let h = header(Validation::Timestamp {
            mtime: 0x0102_0304,
            source_size: 0x0a0b_0c0d,
        });
        assert_eq!(hex(&h), "a70d0d0a00000000040302010d0c0b0a");
        let h = header(Validation::UncheckedHash([1, 2, 3, 4, 5, 6, 7, 8]));
        assert_eq!(hex(&h), "a70d0d0a010000000102030405060708");
    }
}

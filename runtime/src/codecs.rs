//! `str.encode` and `bytes.decode` for the codecs py_fn has — UTF-8,
//! ASCII and Latin-1, under every name CPython's registry gives them —
//! with the error handlers `strict`, `ignore`, `replace`,
//! `backslashreplace` and (to encode) `xmlcharrefreplace`, and CPython's
//! `UnicodeEncodeError`/`UnicodeDecodeError` (same `args`, same text).
//!
//! ```
//! use py_fn_runtime::{call_method, Value};
//! let s = Value::str("é");
//! assert_eq!(call_method(&s, "encode", &[Value::str("latin1")]).unwrap().repr(), "b'\\xe9'");
//! let err = call_method(&s, "encode", &[Value::str("ascii")]).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"
//! );
//! ```

use crate::error::{ExcType, PyErr, PyResult};

/// A codec py_fn implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    /// `utf-8`.
    Utf8,
    /// `ascii`.
    Ascii,
    /// `latin-1`.
    Latin1,
}

impl Codec {
    /// The name in error messages.
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// The first code point it cannot encode.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x110000,
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        }
    }
}

/// `encodings.normalize_encoding` after lowercasing: runs of characters
/// other than ASCII letters, digits and `.` become one `_`, and none at
/// either end.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c);
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// The codec module of CPython's registry that `name` names.
fn registry_module(name: &str) -> Option<&'static str> {
    let norm = normalize(name);
    let find = |n: &str| {
        crate::codec_names::CODECS
            .binary_search_by_key(&n, |&(k, _)| k)
            .ok()
            .and_then(|i| crate::codec_names::CODECS.get(i))
            .map(|&(_, m)| m)
    };
    find(&norm).or_else(|| find(&norm.replace('.', "_")))
}

/// The codec called `encoding`: `LookupError: unknown encoding: x`, the
/// error for a codec that is not a text encoding (`rot13`), and
/// `NotImplementedError` for a text codec py_fn does not have (`cp1252`).
pub(crate) fn lookup(encoding: &str, to_what: &str) -> PyResult<Codec> {
    let Some(module) = registry_module(encoding) else {
        return Err(PyErr::new(
            ExcType::LookupError,
            format!("unknown encoding: {encoding}"),
        ));
    };
    match module {
        "utf_8" => Ok(Codec::Utf8),
        "ascii" => Ok(Codec::Ascii),
        "latin_1" => Ok(Codec::Latin1),
        "base64_codec" | "bz2_codec" | "hex_codec" | "quopri_codec" | "rot_13" | "uu_codec"
        | "zlib_codec" => Err(PyErr::new(
            ExcType::LookupError,
            format!(
                "'{encoding}' is not a text encoding; use {to_what} to handle arbitrary codecs"
            ),
        )),
        other => Err(PyErr::new(
            ExcType::NotImplementedError,
            format!("the '{other}' codec is not supported by py_fn (utf-8, ascii and latin-1 are)"),
        )),
    }
}

fn unknown_handler(errors: &str) -> PyErr {
    PyErr::new(
        ExcType::LookupError,
        format!("unknown error handler name '{errors}'"),
    )
}

/// `text.encode(encoding, errors)`.
pub(crate) fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = lookup(encoding, "codecs.encode()")?;
    if codec == Codec::Utf8 {
        return Ok(text.as_bytes().to_vec());
    }
    let limit = codec.limit();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let end = chars
            .iter()
            .skip(i)
            .position(|&d| (d as u32) < limit)
            .map_or(chars.len(), |n| i + n);
        let bad = chars.get(i..end).unwrap_or(&[]);
        match errors {
            "strict" => {
                return Err(crate::exc_init::encode_error(
                    codec.name(),
                    text,
                    i,
                    end,
                    &format!("ordinal not in range({limit})"),
                ))
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', bad.len())),
            "backslashreplace" => {
                for &d in bad {
                    let n = d as u32;
                    let esc = if n <= 0xff {
                        format!("\\x{n:02x}")
                    } else if n <= 0xffff {
                        format!("\\u{n:04x}")
                    } else {
                        format!("\\U{n:08x}")
                    };
                    out.extend_from_slice(esc.as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &d in bad {
                    out.extend_from_slice(format!("&#{};", d as u32).as_bytes());
                }
            }
            "surrogateescape" | "surrogatepass" | "namereplace" => {
                return Err(PyErr::new(
                    ExcType::NotImplementedError,
                    format!("the error handler '{errors}' is not supported by py_fn"),
                ))
            }
            other => return Err(unknown_handler(other)),
        }
        i = end;
    }
    Ok(out)
}

/// What a decode error handler makes of the bad bytes `bad`, appended to
/// `out`.
fn decode_handler(errors: &str, bad: &[u8], out: &mut String) -> Result<(), Option<PyErr>> {
    match errors {
        "strict" => Err(None),
        "ignore" => Ok(()),
        "replace" => {
            out.push(char::REPLACEMENT_CHARACTER);
            Ok(())
        }
        "backslashreplace" => {
            for b in bad {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(())
        }
        "xmlcharrefreplace" => Err(Some(PyErr::type_error(
            "don't know how to handle UnicodeDecodeError in error callback",
        ))),
        "surrogateescape" | "surrogatepass" => Err(Some(PyErr::new(
            ExcType::NotImplementedError,
            format!("the error handler '{errors}' is not supported by py_fn (its str is UTF-8)"),
        ))),
        other => Err(Some(unknown_handler(other))),
    }
}

/// `data.decode(encoding, errors)`.
pub(crate) fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let codec = lookup(encoding, "codecs.decode()")?;
    match codec {
        Codec::Latin1 => Ok(data.iter().map(|&b| char::from(b)).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(char::from(b));
                    continue;
                }
                decode_handler(errors, &[b], &mut out).map_err(|e| {
                    e.unwrap_or_else(|| {
                        crate::exc_init::decode_error(
                            "ascii",
                            data,
                            i,
                            i + 1,
                            "ordinal not in range(128)",
                        )
                    })
                })?;
            }
            Ok(out)
        }
        Codec::Utf8 => decode_utf8(data, errors),
    }
}

/// UTF-8 with CPython's error ranges and reasons (the maximal invalid
/// subpart, as Rust's decoder reports it).
fn decode_utf8(data: &[u8], errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(data.len());
    let mut pos = 0;
    while let Some(rest) = data.get(pos..) {
        if rest.is_empty() {
            break;
        }
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(rest.get(..good).unwrap_or(&[])).unwrap_or(""));
                let start = pos + good;
                let (len, reason) = match e.error_len() {
                    None => (rest.len() - good, "unexpected end of data"),
                    Some(n) => {
                        let first = rest.get(good).copied().unwrap_or(0);
                        let bad_start = matches!(first, 0x80..=0xC1 | 0xF5..=0xFF);
                        (
                            n,
                            if bad_start {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            },
                        )
                    }
                };
                let bad = data.get(start..start + len).unwrap_or(&[]);
                decode_handler(errors, bad, &mut out).map_err(|e| {
                    e.unwrap_or_else(|| {
                        crate::exc_init::decode_error("utf-8", data, start, start + len, reason)
                    })
                })?;
                pos = start + len;
            }
        }
    }
    Ok(out)
}

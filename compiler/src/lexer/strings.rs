//! Decoding string and bytes literal bodies: escapes (`\n`, octal, `\x`,
//! `\u`, `\U`, `\N{...}`), raw strings, and CPython's error texts for bad
//! escapes.

/// A bad escape: CPython's message (without the `(unicode error)` prefix
/// handling, which is included) for the whole literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscapeError {
    /// The full `SyntaxError.msg`.
    pub msg: String,
}

/// A few Unicode character names for `\N{...}` (CPython knows them all; an
/// unknown name here is reported with CPython's "unknown Unicode character
/// name" text).
const UNICODE_NAMES: &[(&str, char)] = &[
    ("SPACE", ' '),
    ("NULL", '\0'),
    ("LINE FEED", '\n'),
    ("CHARACTER TABULATION", '\t'),
    ("NO-BREAK SPACE", '\u{a0}'),
    ("COPYRIGHT SIGN", '\u{a9}'),
    ("DEGREE SIGN", '\u{b0}'),
    ("MICRO SIGN", '\u{b5}'),
    ("MULTIPLICATION SIGN", '\u{d7}'),
    ("DIVISION SIGN", '\u{f7}'),
    ("LATIN SMALL LETTER E WITH ACUTE", '\u{e9}'),
    ("GREEK SMALL LETTER ALPHA", '\u{3b1}'),
    ("GREEK SMALL LETTER BETA", '\u{3b2}'),
    ("GREEK SMALL LETTER LAMDA", '\u{3bb}'),
    ("GREEK SMALL LETTER PI", '\u{3c0}'),
    ("GREEK CAPITAL LETTER DELTA", '\u{394}'),
    ("GREEK CAPITAL LETTER OMEGA", '\u{3a9}'),
    ("EN DASH", '\u{2013}'),
    ("EM DASH", '\u{2014}'),
    ("BULLET", '\u{2022}'),
    ("HORIZONTAL ELLIPSIS", '\u{2026}'),
    ("EURO SIGN", '\u{20ac}'),
    ("LEFTWARDS ARROW", '\u{2190}'),
    ("RIGHTWARDS ARROW", '\u{2192}'),
    ("INFINITY", '\u{221e}'),
    ("BLACK STAR", '\u{2605}'),
    ("SNOWMAN", '\u{2603}'),
    ("CHECK MARK", '\u{2713}'),
    ("HEAVY BLACK HEART", '\u{2764}'),
    ("LATIN CAPITAL LETTER A", 'A'),
    ("LATIN SMALL LETTER A", 'a'),
    ("DIGIT ZERO", '0'),
];

/// Looks up a `\N{...}` name (case-insensitively, as CPython).
pub fn lookup_unicode_name(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    UNICODE_NAMES
        .iter()
        .find(|(n, _)| *n == upper)
        .map(|(_, c)| *c)
}

fn unicode_error(start: usize, end: usize, what: &str) -> EscapeError {
    EscapeError {
        msg: format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{end}: {what}"
        ),
    }
}

/// Decodes a `str` literal body (`raw`: no escapes).
pub fn decode_str(body: &str, raw: bool) -> Result<String, EscapeError> {
    if raw || !body.contains('\\') {
        return Ok(body.to_string());
    }
    let bytes: Vec<(usize, char)> = body.char_indices().collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while let Some(&(bpos, c)) = bytes.get(i) {
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&(_, e)) = bytes.get(i + 1) else {
            out.push('\\');
            i += 1;
            continue;
        };
        i += 2;
        match e {
            '\n' => {}
            '\r' => {
                if bytes.get(i).map(|p| p.1) == Some('\n') {
                    i += 1;
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                let mut n = 1;
                while n < 3 {
                    match bytes.get(i).and_then(|p| p.1.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let (len, what) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v: u32 = 0;
                let mut n = 0;
                while n < len {
                    match bytes.get(i).and_then(|p| p.1.to_digit(16)) {
                        Some(d) => {
                            v = v.wrapping_mul(16).wrapping_add(d);
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                let end_byte = bytes.get(i.saturating_sub(1)).map(|p| p.0).unwrap_or(bpos);
                if n < len {
                    return Err(unicode_error(bpos, end_byte, what));
                }
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => return Err(unicode_error(bpos, end_byte, "illegal Unicode character")),
                }
            }
            'N' => {
                if bytes.get(i).map(|p| p.1) != Some('{') {
                    let end = bytes.get(i.saturating_sub(1)).map(|p| p.0).unwrap_or(bpos);
                    return Err(unicode_error(bpos, end, "malformed \\N character escape"));
                }
                let mut j = i + 1;
                let mut name = String::new();
                while let Some(&(_, ch)) = bytes.get(j) {
                    if ch == '}' {
                        break;
                    }
                    name.push(ch);
                    j += 1;
                }
                let Some(&(close, _)) = bytes.get(j) else {
                    let end = bytes.last().map(|p| p.0).unwrap_or(bpos);
                    return Err(unicode_error(bpos, end, "malformed \\N character escape"));
                };
                if name.is_empty() {
                    return Err(unicode_error(bpos, close, "malformed \\N character escape"));
                }
                match lookup_unicode_name(&name) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(unicode_error(bpos, close, "unknown Unicode character name"))
                    }
                }
                i = j + 1;
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decodes a `bytes` literal body (`raw`: no escapes). Non-ASCII characters
/// are an error (the caller reports CPython's text for it).
pub fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, EscapeError> {
    if !body.is_ascii() {
        return Err(EscapeError {
            msg: "bytes can only contain ASCII literal characters".to_string(),
        });
    }
    let b = body.as_bytes();
    if raw {
        return Ok(b.to_vec());
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = b.get(i + 1) else {
            out.push(b'\\');
            i += 1;
            continue;
        };
        let esc_start = i;
        i += 2;
        match e {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                let mut n = 1;
                while n < 3 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let h = b.get(i..i + 2).and_then(|s| {
                    std::str::from_utf8(s)
                        .ok()
                        .and_then(|s| u8::from_str_radix(s, 16).ok())
                });
                match h {
                    Some(v) if b.get(i).is_some_and(|c| c.is_ascii_hexdigit()) => {
                        out.push(v);
                        i += 2;
                    }
                    _ => {
                        return Err(EscapeError {
                            msg: format!(
                                "(value error) invalid \\x escape at position {esc_start}"
                            ),
                        })
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

//! Formatting: `format(value, spec)` with CPython 3.11's format-spec
//! mini-language (`Python/formatter_unicode.c`), f-strings' `FORMAT_VALUE`,
//! `str.format` (`Objects/stringlib/unicode_format.h`), `%` formatting of
//! `str` (`PyUnicode_Format`) and `ascii()`.
//!
//! Floats go through a port of `PyOS_double_to_string`: the digits come
//! from Rust's correctly rounded `{:e}` / `{:.N}` / `{:.Ne}` (round half to
//! even on exact ties, as David Gay's `dtoa` rounds), and the layout —
//! where the exponent starts, the padding zeros, `#`, `z` — is CPython's
//! `format_float_short`, step for step. Every error text is CPython's.

use crate::error::{ExcType, PyErr, PyResult};
use crate::int::{as_int, IntRef};
use crate::methods::Args;
use crate::value::Value;

/// The longest text a width, precision or padding may ask for; beyond it
/// (CPython would try to allocate it) the result is a `MemoryError`.
const MAX_LEN: i64 = 1 << 28;

fn memory_error() -> PyErr {
    PyErr::new(ExcType::MemoryError, "")
}

/// The decimal value of a Unicode decimal digit (`Py_UNICODE_TODECIMAL`).
fn decimal_digit(c: char) -> Option<i64> {
    if let Some(d) = c.to_digit(10) {
        return Some(i64::from(d));
    }
    crate::builtins::unicode_decimal(c).and_then(|d| d.to_digit(10).map(i64::from))
}

// ---------------------------------------------------------------------------
// The format-spec mini-language.

/// Thousands separators of a spec.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    /// None asked for (`LT_NO_LOCALE`).
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits.
    Underscore,
    /// `_` every four digits (`b`, `o`, `x`, `X`).
    UnderFour,
}

/// A parsed format spec (`InternalFormatSpec`); `-1` for an absent width
/// or precision, as in CPython.
struct Spec {
    fill: char,
    align: char,
    alternate: bool,
    no_neg_0: bool,
    sign: Option<char>,
    width: i64,
    grouping: Grouping,
    precision: i64,
    ty: Option<char>,
}

/// `get_integer` of `formatter_unicode.c`: the digits at `pos`, how many
/// there were, or `ValueError: Too many decimal digits in format string`.
fn spec_integer(chars: &[char], pos: &mut usize) -> PyResult<(i64, usize)> {
    let mut value: i64 = 0;
    let mut count = 0;
    while let Some(d) = chars.get(*pos).and_then(|&c| decimal_digit(c)) {
        if value > (i64::MAX - d) / 10 {
            return Err(PyErr::value_error(
                "Too many decimal digits in format string",
            ));
        }
        value = value * 10 + d;
        *pos += 1;
        count += 1;
    }
    Ok((value, count))
}

/// `'c'`, or `'\x1'` for characters outside the printable ASCII range
/// (how CPython's messages show a presentation type).
fn code_text(c: char) -> String {
    let cp = c as u32;
    if cp > 32 && cp < 128 {
        format!("'{c}'")
    } else {
        format!("'\\x{cp:x}'")
    }
}

fn unknown_code(c: char, type_name: &str) -> PyErr {
    PyErr::value_error(format!(
        "Unknown format code {} for object of type '{type_name}'",
        code_text(c)
    ))
}

/// `parse_internal_render_format_spec`.
fn parse_spec(
    spec: &str,
    type_name: &str,
    default_type: Option<char>,
    default_align: char,
) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let is_align = |c: Option<char>| matches!(c, Some('<' | '>' | '=' | '^'));
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        alternate: false,
        no_neg_0: false,
        sign: None,
        width: -1,
        grouping: Grouping::None,
        precision: -1,
        ty: default_type,
    };
    let mut pos = 0;
    let mut fill_given = false;
    let mut align_given = false;
    if chars.len() >= 2 && is_align(at(1)) {
        s.align = at(1).unwrap_or(default_align);
        s.fill = at(0).unwrap_or(' ');
        fill_given = true;
        align_given = true;
        pos = 2;
    } else if is_align(at(0)) {
        s.align = at(0).unwrap_or(default_align);
        align_given = true;
        pos = 1;
    }
    if let Some(c @ ('+' | '-' | ' ')) = at(pos) {
        s.sign = Some(c);
        pos += 1;
    }
    if at(pos) == Some('z') {
        s.no_neg_0 = true;
        pos += 1;
    }
    if at(pos) == Some('#') {
        s.alternate = true;
        pos += 1;
    }
    if !fill_given && at(pos) == Some('0') {
        s.fill = '0';
        if !align_given && default_align == '>' {
            s.align = '=';
        }
        pos += 1;
    }
    let (width, digits) = spec_integer(&chars, &mut pos)?;
    if digits > 0 {
        s.width = width;
    }
    if at(pos) == Some(',') {
        s.grouping = Grouping::Comma;
        pos += 1;
    }
    if at(pos) == Some('_') {
        if s.grouping != Grouping::None {
            return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
        }
        s.grouping = Grouping::Underscore;
        pos += 1;
    }
    if at(pos) == Some(',') && s.grouping == Grouping::Underscore {
        return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
    }
    if at(pos) == Some('.') {
        pos += 1;
        let (precision, digits) = spec_integer(&chars, &mut pos)?;
        if digits == 0 {
            return Err(PyErr::value_error("Format specifier missing precision"));
        }
        s.precision = precision;
    }
    if chars.len() > pos + 1 {
        return Err(PyErr::value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        )));
    }
    if let Some(&c) = chars.get(pos) {
        s.ty = Some(c);
    }
    if s.grouping != Grouping::None {
        match s.ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if s.grouping == Grouping::Underscore => {
                s.grouping = Grouping::UnderFour;
            }
            Some(c) => {
                let sep = if s.grouping == Grouping::Comma {
                    ','
                } else {
                    '_'
                };
                return Err(PyErr::value_error(format!(
                    "Cannot specify '{sep}' with {}.",
                    code_text(c)
                )));
            }
        }
    }
    Ok(s)
}

/// `_PyUnicode_InsertThousandsGrouping`: `digits` with a separator every
/// `group` digits (none when `group` is `None`), zero-padded on the left
/// (separators included) to at least `min_width` characters.
fn group_digits(digits: &[u8], min_width: i64, group: Option<(i64, u8)>) -> String {
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    let mut rev: Vec<u8> = Vec::with_capacity(digits.len() + 8);
    let mut end = digits.len();
    let mut use_sep = false;
    let mut push = |rev: &mut Vec<u8>, n_chars: i64, n_zeros: i64, sep: Option<u8>| {
        if let Some(sep) = sep {
            rev.push(sep);
        }
        let start = end.saturating_sub(n_chars.max(0) as usize);
        rev.extend(digits.get(start..end).unwrap_or(&[]).iter().rev());
        end = start;
        rev.extend(std::iter::repeat_n(b'0', n_zeros.max(0) as usize));
    };
    let mut finished = false;
    if let Some((size, sep)) = group {
        loop {
            let len = size.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            push(&mut rev, n_chars, n_zeros, use_sep.then_some(sep));
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                finished = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !finished {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        let sep = group.map(|(_, sep)| sep).filter(|_| use_sep);
        push(&mut rev, n_chars, n_zeros, sep);
    }
    rev.reverse();
    String::from_utf8_lossy(&rev).into_owned()
}

/// The parts of a formatted number, as `calc_number_widths` sees them.
struct Number<'a> {
    /// `Some('-')` for a negative number.
    sign: Option<char>,
    /// `0x`, `0o`, `0b` (alternate form).
    prefix: &'a str,
    /// The digits to group (ASCII).
    digits: &'a [u8],
    /// Whether a decimal point follows the digits.
    decimal: bool,
    /// Everything after the digits and the decimal point.
    remainder: &'a str,
}

/// `calc_number_widths` and `fill_number`: sign, prefix, grouped digits,
/// decimal point and remainder, padded as the spec says.
fn fill_number(n: &Number<'_>, spec: &Spec, grouping: Grouping) -> PyResult<String> {
    let sign = match spec.sign {
        Some('+') => Some(n.sign.unwrap_or('+')),
        Some(' ') => Some(n.sign.unwrap_or(' ')),
        _ => n.sign,
    };
    let n_sign = i64::from(sign.is_some());
    let n_prefix = n.prefix.chars().count() as i64;
    let n_decimal = i64::from(n.decimal);
    let n_remainder = n.remainder.chars().count() as i64;
    let non_digits = n_sign + n_prefix + n_decimal + n_remainder;
    if spec.width > MAX_LEN {
        return Err(memory_error());
    }
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digits
    } else {
        0
    };
    let group = match grouping {
        Grouping::None => None,
        Grouping::Comma => Some((3, b',')),
        Grouping::Underscore => Some((3, b'_')),
        Grouping::UnderFour => Some((4, b'_')),
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits, min_width, group)
    };
    let padding = spec.width - (non_digits + grouped.chars().count() as i64);
    let (mut left, mut middle, mut right) = (0, 0, 0);
    if padding > 0 {
        match spec.align {
            '<' => right = padding,
            '^' => {
                left = padding / 2;
                right = padding - left;
            }
            '=' => middle = padding,
            _ => left = padding,
        }
    }
    let fill = |k: i64| std::iter::repeat_n(spec.fill, k.max(0) as usize);
    let mut out = String::new();
    out.extend(fill(left));
    if let Some(c) = sign {
        out.push(c);
    }
    out.push_str(n.prefix);
    out.extend(fill(middle));
    out.push_str(&grouped);
    if n.decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    out.extend(fill(right));
    Ok(out)
}

/// `calc_padding` + the fill of `format_string_internal`.
fn pad(text: &str, nchars: i64, spec: &Spec) -> PyResult<String> {
    if spec.width > MAX_LEN {
        return Err(memory_error());
    }
    let total = if spec.width >= 0 {
        nchars.max(spec.width)
    } else {
        nchars
    };
    let left = match spec.align {
        '>' => total - nchars,
        '^' => (total - nchars) / 2,
        _ => 0,
    };
    let right = total - nchars - left;
    let mut out = String::with_capacity(text.len() + (total - nchars).max(0) as usize);
    out.extend(std::iter::repeat_n(spec.fill, left.max(0) as usize));
    out.push_str(text);
    out.extend(std::iter::repeat_n(spec.fill, right.max(0) as usize));
    Ok(out)
}

/// `format(s, spec)` for a `str` (`format_string_internal`).
fn format_str(s: &str, spec: &Spec) -> PyResult<String> {
    match spec.sign {
        Some(' ') => {
            return Err(PyErr::value_error(
                "Space not allowed in string format specifier",
            ))
        }
        Some(_) => {
            return Err(PyErr::value_error(
                "Sign not allowed in string format specifier",
            ))
        }
        None => {}
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(PyErr::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(PyErr::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let len = s.chars().count() as i64;
    let (text, nchars) = if spec.precision >= 0 && len > spec.precision {
        let cut: String = s.chars().take(spec.precision as usize).collect();
        (cut, spec.precision)
    } else {
        (s.to_string(), len)
    };
    pad(&text, nchars, spec)
}

/// The digits of `|i|` in `base` (ValueError beyond CPython's 4300 decimal
/// digits, as `str(i)`).
fn magnitude_digits(i: IntRef<'_>, base: u32) -> PyResult<String> {
    match i {
        IntRef::Small(x) => {
            let m = x.unsigned_abs();
            Ok(match base {
                2 => format!("{m:b}"),
                8 => format!("{m:o}"),
                16 => format!("{m:x}"),
                _ => m.to_string(),
            })
        }
        IntRef::Big(b) => {
            if base == 10 && crate::int::exceeds_str_digits(b) {
                return Err(crate::int::int_to_str_limit_error());
            }
            Ok(b.magnitude().to_str_radix(base))
        }
    }
}

/// `format_long_internal`.
fn format_int(i: IntRef<'_>, spec: &Spec) -> PyResult<String> {
    if spec.precision != -1 {
        return Err(PyErr::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let ty = spec.ty.unwrap_or('d');
    let grouping = if ty == 'n' {
        Grouping::None
    } else {
        spec.grouping
    };
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(PyErr::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(PyErr::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let text = char_of(i)?.to_string();
        let n = Number {
            sign: None,
            prefix: "",
            digits: &[],
            decimal: false,
            remainder: &text,
        };
        return fill_number(&n, spec, grouping);
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = magnitude_digits(i, base)?;
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let n = Number {
        sign: i.is_negative().then_some('-'),
        prefix: if spec.alternate { prefix } else { "" },
        digits: digits.as_bytes(),
        decimal: false,
        remainder: "",
    };
    fill_number(&n, spec, grouping)
}

/// The character of code point `i` for `c` formats (a lone surrogate,
/// which a Rust string cannot hold, becomes U+FFFD).
fn char_of(i: IntRef<'_>) -> PyResult<char> {
    let IntRef::Small(x) = i else {
        return Err(PyErr::overflow_error(
            "Python int too large to convert to C long",
        ));
    };
    if !(0..=0x10ffff).contains(&x) {
        return Err(PyErr::overflow_error("%c arg not in range(0x110000)"));
    }
    Ok(char::from_u32(x as u32).unwrap_or('\u{FFFD}'))
}

// ---------------------------------------------------------------------------
// Floats: `PyOS_double_to_string`.

/// The `Py_DTSF_*` flags.
#[derive(Clone, Copy, Default)]
struct FloatFlags {
    sign: bool,
    add_dot_0: bool,
    alt: bool,
    no_neg_0: bool,
}

/// The digits and exponent of Rust's `{:e}` text (`"1.25e-7"`).
fn split_exp(text: &str) -> (String, i64) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// `_Py_dg_dtoa(x, mode, ndigits)` for a finite `x`: the digits without
/// trailing zeros, the decimal point position (`x = 0.DIGITS * 10**decpt`)
/// and the sign. Mode 0: shortest round-trip digits; mode 2: `ndigits`
/// significant digits; mode 3: `ndigits` digits after the point (no digits
/// and `decpt = -ndigits` when that rounds to zero).
fn dtoa(x: f64, mode: u8, ndigits: i64) -> (String, i64, bool) {
    let negative = x.is_sign_negative();
    let a = x.abs();
    if a == 0.0 {
        return ("0".to_string(), 1, negative);
    }
    let (mut digits, decpt): (String, i64) = match mode {
        0 => {
            let (d, e) = py_fn_bytecode::repr::shortest_digits(a);
            (d, i64::from(e))
        }
        2 => {
            // A double has at most 767 significant digits: beyond 800 the
            // digits are exact and the rest zeros.
            let n = ndigits.clamp(1, 800) as usize;
            let (d, e) = split_exp(&format!("{:.*e}", n - 1, a));
            (d, e + 1)
        }
        _ => {
            // At most 1074 digits after the point are not zero.
            let n = ndigits.clamp(0, 1100) as usize;
            let text = format!("{a:.n$}");
            let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
            let all = format!("{int_part}{frac}");
            let trimmed = all.trim_start_matches('0');
            let decpt = int_part.len() as i64 - (all.len() - trimmed.len()) as i64;
            if trimmed.is_empty() {
                return (String::new(), -ndigits, negative);
            }
            (trimmed.to_string(), decpt)
        }
    };
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept.max(1));
    (digits, decpt, negative)
}

/// `PyOS_double_to_string(x, code, precision, flags)`: `code` is one of
/// `e E f F g G r`.
fn double_to_string(x: f64, code: char, precision: i64, flags: FloatFlags) -> PyResult<String> {
    let upper = code.is_ascii_uppercase();
    let (code, mode, precision) = match code.to_ascii_lowercase() {
        'e' => ('e', 2, precision + 1),
        'f' => ('f', 3, precision),
        'g' => ('g', 2, precision.max(1)),
        _ => ('r', 0, 0),
    };
    if x.is_nan() || x.is_infinite() {
        let mut out = String::new();
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return Ok(out);
    }
    let (digits, mut decpt, mut negative) = dtoa(x, mode, precision);
    if flags.no_neg_0 && negative && digits.bytes().all(|b| b == b'0') {
        negative = false;
    }
    let digits_len = digits.len() as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    if vdigits_end - vdigits_start > MAX_LEN {
        return Err(memory_error());
    }
    let zeros = |out: &mut String, k: i64| out.extend(std::iter::repeat_n('0', k.max(0) as usize));
    let mut out = String::with_capacity((vdigits_end - vdigits_start) as usize + 8);
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        let (head, tail) = digits.split_at(decpt as usize);
        out.push_str(head);
        out.push('.');
        out.push_str(tail);
    } else {
        out.push_str(&digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    }
    Ok(out)
}

/// `format_float_internal`.
fn format_float(x: f64, spec: &Spec) -> PyResult<String> {
    if spec.precision > i64::from(i32::MAX) {
        return Err(PyErr::value_error("precision too big"));
    }
    let mut flags = FloatFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..FloatFlags::default()
    };
    let mut ty = spec.ty.unwrap_or('\0');
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut x = x;
    let mut percent = false;
    if ty == '%' {
        ty = 'f';
        x *= 100.0;
        percent = true;
    }
    let mut precision = spec.precision;
    if precision < 0 {
        precision = default_precision;
    } else if ty == 'r' {
        ty = 'g';
    }
    let mut text = double_to_string(x, ty, precision, flags)?;
    if percent {
        text.push('%');
    }
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => (Some('-'), rest),
        None => (None, text.as_str()),
    };
    let n_digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let digits = body.as_bytes().get(..n_digits).unwrap_or(&[]);
    let after = body.get(n_digits..).unwrap_or("");
    let (decimal, remainder) = match after.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let n = Number {
        sign,
        prefix: "",
        digits,
        decimal,
        remainder,
    };
    let grouping = if spec.ty == Some('n') {
        Grouping::None
    } else {
        spec.grouping
    };
    fill_number(&n, spec, grouping)
}

/// `format(value, spec)`: CPython's format-spec mini-language for `int`
/// (big ints included), `bool`, `float` and `str`; for any other object an
/// empty spec is `str(value)` and anything else CPython's `TypeError`.
///
/// ```
/// use py_fn_runtime::{format, Value};
/// assert_eq!(format(&Value::Float(2.675), ".2f").unwrap(), "2.67");
/// assert_eq!(format(&Value::Float(1234567.891), ",.2f").unwrap(), "1,234,567.89");
/// assert_eq!(format(&Value::Int(12345), "_x").unwrap(), "3039");
/// assert_eq!(format(&Value::str("ab"), "^6").unwrap(), "  ab  ");
/// assert_eq!(
///     format(&Value::Float(1.5), "d").unwrap_err().to_string(),
///     "ValueError: Unknown format code 'd' for object of type 'float'"
/// );
/// assert_eq!(
///     format(&Value::None, "x").unwrap_err().to_string(),
///     "TypeError: unsupported format string passed to NoneType.__format__"
/// );
/// ```
pub fn format(value: &Value, spec: &str) -> PyResult<String> {
    match value {
        Value::Str(s) => {
            if spec.is_empty() {
                return Ok(s.as_ref().clone());
            }
            let parsed = parse_spec(spec, "str", Some('s'), '<')?;
            match parsed.ty {
                Some('s') => format_str(s, &parsed),
                Some(c) => Err(unknown_code(c, "str")),
                None => format_str(s, &parsed),
            }
        }
        Value::Bool(_) | Value::Int(_) | Value::BigInt(_) => {
            let Some(i) = as_int(value) else {
                return crate::repr::checked_str(value);
            };
            if spec.is_empty() {
                return crate::repr::checked_str(value);
            }
            let type_name = value.type_name();
            let type_name = type_name.as_str();
            let parsed = parse_spec(spec, type_name, Some('d'), '>')?;
            match parsed.ty.unwrap_or('d') {
                'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_int(i, &parsed),
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float(i.to_f64()?, &parsed),
                c => Err(unknown_code(c, type_name)),
            }
        }
        Value::Float(x) => {
            if spec.is_empty() {
                return Ok(value.to_str());
            }
            let parsed = parse_spec(spec, "float", None, '>')?;
            match parsed.ty {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
                    format_float(*x, &parsed)
                }
                Some(c) => Err(unknown_code(c, "float")),
            }
        }
        Value::Instance(_) => match crate::dunder::lookup_special(value, "__format__") {
            // A class's own `__format__` (CPython's `format` calls it).
            Some(m) if !matches!(m, Value::Builtin(_)) => {
                match crate::call::call(&m, &[value.clone(), Value::str(spec)])? {
                    Value::Str(s) => Ok(s.as_ref().clone()),
                    other => Err(PyErr::type_error(format!(
                        "__format__ must return a str, not {}",
                        other.type_name()
                    ))),
                }
            }
            _ => object_format(value, spec),
        },
        _ => object_format(value, spec),
    }
}

/// `object.__format__`: `str(value)` for an empty spec, else the TypeError.
fn object_format(value: &Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        crate::repr::checked_str(value)
    } else {
        Err(PyErr::type_error(format!(
            "unsupported format string passed to {}.__format__",
            value.type_name()
        )))
    }
}

// ---------------------------------------------------------------------------
// Conversions: `!s`, `!r`, `!a`, `ascii()`.

/// `ascii(v)`: `repr(v)` with every non-ASCII character escaped as
/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub(crate) fn ascii(v: &Value) -> PyResult<String> {
    let text = crate::repr::checked_repr(v)?;
    if text.is_ascii() {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        let cp = c as u32;
        if cp < 0x80 {
            out.push(c);
        } else if cp < 0x100 {
            out.push_str(&format!("\\x{cp:02x}"));
        } else if cp < 0x10000 {
            out.push_str(&format!("\\u{cp:04x}"));
        } else {
            out.push_str(&format!("\\U{cp:08x}"));
        }
    }
    Ok(out)
}

/// `!s`, `!r`, `!a` (`do_conversion`).
fn convert(v: &Value, conversion: char) -> PyResult<Value> {
    Ok(Value::str(match conversion {
        's' => match v {
            Value::Str(_) => return Ok(v.clone()),
            _ => crate::repr::checked_str(v)?,
        },
        'r' => crate::repr::checked_repr(v)?,
        'a' => ascii(v)?,
        other => {
            let cp = other as u32;
            return Err(PyErr::value_error(if cp > 32 && cp < 127 {
                format!("Unknown conversion specifier {other}")
            } else {
                format!("Unknown conversion specifier \\x{cp:x}")
            }));
        }
    }))
}

/// `FORMAT_VALUE` (f-strings, CPython 3.11): the conversion (`'s'`, `'r'`,
/// `'a'`) first, then `format(value, spec)`; a `str` without a spec is
/// returned as it is. (CPython's compiler only emits those three
/// conversions; any other is `ValueError: Unknown conversion specifier x`.)
///
/// ```
/// use py_fn_runtime::{format_value, Value};
/// // f"{x!r:>8}" with x = 'hé'
/// let v = format_value(&Value::str("hé"), Some('r'), ">8").unwrap();
/// assert_eq!(v.to_string(), "    'hé'");
/// // f"{x!a}"
/// assert_eq!(format_value(&Value::str("hé"), Some('a'), "").unwrap().to_string(), "'h\\xe9'");
/// // f"{n:05d}" with n = -42
/// assert_eq!(format_value(&Value::Int(-42), None, "05d").unwrap().to_string(), "-0042");
/// ```
pub fn format_value(value: &Value, conversion: Option<char>, spec: &str) -> PyResult<Value> {
    let converted;
    let value = match conversion {
        Some(c) => {
            converted = convert(value, c)?;
            &converted
        }
        None => value,
    };
    if let (Value::Str(_), "") = (value, spec) {
        return Ok(value.clone());
    }
    format(value, spec).map(Value::str)
}

// ---------------------------------------------------------------------------
// `str.format`.

/// The state of automatic field numbering (`AutoNumber`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Init,
    Auto,
    Manual,
}

struct AutoNumber {
    state: Numbering,
    next: usize,
}

/// The positional and keyword arguments of `str.format`.
struct FormatArgs<'a> {
    pos: &'a [Value],
    kw: &'a [(&'a str, &'a Value)],
    /// The mapping of `str.format_map` (then there are no positional
    /// arguments).
    map: Option<&'a Value>,
}

/// A replacement field found by `MarkupIterator_next`.
struct Field<'a> {
    name: &'a [char],
    spec: &'a [char],
    conversion: Option<char>,
    expand: bool,
}

/// `get_integer` of `unicode_format.h`: `None` for an empty or non-decimal
/// text, `ValueError: Too many decimal digits in format string` on overflow.
fn field_integer(text: &[char]) -> PyResult<Option<usize>> {
    if text.is_empty() {
        return Ok(None);
    }
    let mut value: i64 = 0;
    for &c in text {
        let Some(d) = decimal_digit(c) else {
            return Ok(None);
        };
        if value > (i64::MAX - d) / 10 {
            return Err(PyErr::value_error(
                "Too many decimal digits in format string",
            ));
        }
        value = value * 10 + d;
    }
    Ok(usize::try_from(value).ok())
}

/// `parse_field`: the field after a `{` at `pos`, up to its `}`.
fn parse_field<'a>(s: &'a [char], pos: &mut usize) -> PyResult<Field<'a>> {
    let name_start = *pos;
    let mut c = '\0';
    'scan: while let Some(&ch) = s.get(*pos) {
        *pos += 1;
        c = ch;
        match ch {
            '{' => return Err(PyErr::value_error("unexpected '{' in field name")),
            '[' => {
                while s.get(*pos).is_some_and(|&x| x != ']') {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break 'scan,
            _ => {}
        }
    }
    let name = s
        .get(name_start..pos.saturating_sub(1).max(name_start))
        .unwrap_or(&[]);
    let mut field = Field {
        name,
        spec: &[],
        conversion: None,
        expand: false,
    };
    if c == '!' || c == ':' {
        if c == '!' {
            let Some(&conv) = s.get(*pos) else {
                return Err(PyErr::value_error(
                    "end of string while looking for conversion specifier",
                ));
            };
            *pos += 1;
            field.conversion = Some(conv);
            if let Some(&next) = s.get(*pos) {
                *pos += 1;
                if next == '}' {
                    return Ok(field);
                }
                if next != ':' {
                    return Err(PyErr::value_error(
                        "expected ':' after conversion specifier",
                    ));
                }
            }
        }
        let spec_start = *pos;
        let mut depth = 1;
        while let Some(&ch) = s.get(*pos) {
            *pos += 1;
            match ch {
                '{' => {
                    field.expand = true;
                    depth += 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        field.spec = s.get(spec_start..*pos - 1).unwrap_or(&[]);
                        return Ok(field);
                    }
                }
                _ => {}
            }
        }
        return Err(PyErr::value_error("unmatched '{' in format spec"));
    }
    if c != '}' {
        return Err(PyErr::value_error("expected '}' before end of string"));
    }
    Ok(field)
}

/// `obj.name` in a field, with the numeric attributes `getattr` does not
/// know (`'{0.real}'`).
fn field_attr(obj: &Value, name: &str) -> PyResult<Value> {
    match (obj, name) {
        (Value::Bool(b), "real" | "numerator") => Ok(Value::Int(i64::from(*b))),
        (Value::Int(_) | Value::BigInt(_), "real" | "numerator") => Ok(obj.clone()),
        (Value::Bool(_) | Value::Int(_) | Value::BigInt(_), "imag") => Ok(Value::Int(0)),
        (Value::Bool(_) | Value::Int(_) | Value::BigInt(_), "denominator") => Ok(Value::Int(1)),
        (Value::Float(_), "real") => Ok(obj.clone()),
        (Value::Float(_), "imag") => Ok(Value::Float(0.0)),
        _ => crate::attr::getattr(obj, name),
    }
}

/// `get_field_object`: the argument a field names, then its `.attr` and
/// `[key]` parts.
fn field_object(name: &[char], args: &FormatArgs<'_>, auto: &mut AutoNumber) -> PyResult<Value> {
    let split = name
        .iter()
        .position(|&c| c == '.' || c == '[')
        .unwrap_or(name.len());
    let (first, rest) = name.split_at(split);
    let mut index = field_integer(first)?;
    let empty = first.is_empty();
    if empty || index.is_some() {
        if auto.state == Numbering::Init {
            auto.state = if empty {
                Numbering::Auto
            } else {
                Numbering::Manual
            };
        }
        if auto.state == Numbering::Manual && empty {
            return Err(PyErr::value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        if auto.state == Numbering::Auto && !empty {
            return Err(PyErr::value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        if empty {
            index = Some(auto.next);
            auto.next += 1;
        }
    }
    let mut obj = match index {
        None if args.map.is_some() => {
            let key: String = first.iter().collect();
            crate::ops::getitem(args.map.unwrap_or(&Value::None), &Value::str(key))?
        }
        Some(_) if args.map.is_some() => {
            return Err(PyErr::value_error(
                "Format string contains positional fields",
            ))
        }
        None => {
            let key: String = first.iter().collect();
            match args.kw.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => (*v).clone(),
                None => return Err(PyErr::key_error(&Value::str(key))),
            }
        }
        Some(i) => match args.pos.get(i) {
            Some(v) => v.clone(),
            None => {
                return Err(PyErr::index_error(format!(
                    "Replacement index {i} out of range for positional args tuple"
                )))
            }
        },
    };
    let mut pos = 0;
    while let Some(&c) = rest.get(pos) {
        pos += 1;
        let start = pos;
        let (part, is_attr) = match c {
            '.' => {
                while rest.get(pos).is_some_and(|&x| x != '.' && x != '[') {
                    pos += 1;
                }
                (rest.get(start..pos).unwrap_or(&[]), true)
            }
            '[' => {
                while rest.get(pos).is_some_and(|&x| x != ']') {
                    pos += 1;
                }
                if rest.get(pos).is_none() {
                    return Err(PyErr::value_error("Missing ']' in format string"));
                }
                pos += 1;
                (rest.get(start..pos - 1).unwrap_or(&[]), false)
            }
            _ => {
                return Err(PyErr::value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        };
        let item_index = if is_attr { None } else { field_integer(part)? };
        if part.is_empty() {
            return Err(PyErr::value_error("Empty attribute in format string"));
        }
        let text: String = part.iter().collect();
        obj = if is_attr {
            field_attr(&obj, &text)?
        } else {
            match item_index {
                Some(i) => {
                    let key = i64::try_from(i).map(Value::Int).unwrap_or(Value::None);
                    crate::ops::getitem(&obj, &key)?
                }
                None => crate::ops::getitem(&obj, &Value::str(text))?,
            }
        };
    }
    Ok(obj)
}

/// `build_string` / `do_markup`: the format string with its fields replaced.
fn build_string(
    s: &[char],
    args: &FormatArgs<'_>,
    depth: i32,
    auto: &mut AutoNumber,
) -> PyResult<String> {
    if depth <= 0 {
        return Err(PyErr::value_error("Max string recursion exceeded"));
    }
    let mut out = String::new();
    let mut pos = 0;
    while pos < s.len() {
        let start = pos;
        let mut c = '\0';
        let mut markup = false;
        while let Some(&ch) = s.get(pos) {
            pos += 1;
            c = ch;
            if ch == '{' || ch == '}' {
                markup = true;
                break;
            }
        }
        let at_end = pos >= s.len();
        let mut len = pos - start;
        if c == '}' && (at_end || s.get(pos) != Some(&'}')) {
            return Err(PyErr::value_error(
                "Single '}' encountered in format string",
            ));
        }
        if at_end && c == '{' {
            return Err(PyErr::value_error(
                "Single '{' encountered in format string",
            ));
        }
        if !at_end {
            if s.get(pos) == Some(&c) {
                pos += 1;
                markup = false;
            } else {
                len -= 1;
            }
        }
        out.extend(s.get(start..start + len).unwrap_or(&[]));
        if !markup {
            continue;
        }
        let field = parse_field(s, &mut pos)?;
        let mut obj = field_object(field.name, args, auto)?;
        if let Some(conv) = field.conversion {
            obj = convert(&obj, conv)?;
        }
        let spec: String = if field.expand {
            build_string(field.spec, args, depth - 1, auto)?
        } else {
            field.spec.iter().collect()
        };
        out.push_str(&format(&obj, &spec)?);
    }
    Ok(out)
}

/// `str.format(*args, **kwargs)`.
pub(crate) fn str_format(fmt: &str, a: &Args<'_>) -> PyResult<Value> {
    let chars: Vec<char> = fmt.chars().collect();
    let args = FormatArgs {
        pos: a.pos,
        kw: &a.kw,
        map: None,
    };
    let mut auto = AutoNumber {
        state: Numbering::Init,
        next: 0,
    };
    build_string(&chars, &args, 2, &mut auto).map(Value::str)
}

/// `str.format_map(mapping)`: names looked up with `mapping[name]`.
pub(crate) fn str_format_map(fmt: &str, mapping: &Value) -> PyResult<Value> {
    let chars: Vec<char> = fmt.chars().collect();
    let args = FormatArgs {
        pos: &[],
        kw: &[],
        map: Some(mapping),
    };
    let mut auto = AutoNumber {
        state: Numbering::Init,
        next: 0,
    };
    build_string(&chars, &args, 2, &mut auto).map(Value::str)
}

// ---------------------------------------------------------------------------
// `str % args` (`PyUnicode_Format`).

const F_LJUST: u8 = 1;
const F_SIGN: u8 = 2;
const F_BLANK: u8 = 4;
const F_ALT: u8 = 8;
const F_ZERO: u8 = 16;

/// The state of `PyUnicode_Format` (`unicode_formatter_t`), with its
/// counters kept as CPython keeps them so every error comes at the same
/// place.
struct Percent<'a> {
    fmt: &'a [char],
    /// Characters left (`fmtcnt`).
    cnt: i64,
    /// Next character (`fmtpos`).
    pos: usize,
    args: Value,
    arglen: i64,
    argidx: i64,
    dict: Option<Value>,
    out: String,
}

/// One conversion (`unicode_format_arg_t`).
struct Conversion {
    ch: char,
    flags: u8,
    width: i64,
    prec: i64,
    sign: bool,
}

impl Percent<'_> {
    /// The character at `pos` (`'\0'` past the end, like C's terminator).
    fn read(&self) -> char {
        self.fmt.get(self.pos).copied().unwrap_or('\0')
    }

    /// `unicode_format_getnextarg`.
    fn next_arg(&mut self) -> PyResult<Value> {
        if self.argidx < self.arglen {
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args.clone());
            }
            if let Value::Tuple(t) = &self.args {
                if let Some(v) = usize::try_from(self.argidx - 1).ok().and_then(|i| t.get(i)) {
                    return Ok(v.clone());
                }
            }
        }
        Err(PyErr::type_error("not enough arguments for format string"))
    }

    /// Reads the next character into `arg.ch` if one is left (`if
    /// (--fmtcnt >= 0) { ch = READ; fmtpos++; }`).
    fn advance(&mut self, arg: &mut Conversion) {
        self.cnt -= 1;
        if self.cnt >= 0 {
            arg.ch = self.read();
            self.pos += 1;
        }
    }

    /// A `*` width or precision: the next argument, an int.
    fn star_arg(&mut self) -> PyResult<IntOrBig> {
        let v = self.next_arg()?;
        match as_int(&v) {
            Some(IntRef::Small(i)) => Ok(IntOrBig::Small(i)),
            Some(IntRef::Big(_)) => Ok(IntOrBig::Big),
            None => Err(PyErr::type_error("* wants int")),
        }
    }

    /// `unicode_format_arg_parse`.
    fn parse(&mut self, arg: &mut Conversion) -> PyResult<()> {
        if arg.ch == '(' {
            let Some(dict) = self.dict.clone() else {
                return Err(PyErr::type_error("format requires a mapping"));
            };
            self.pos += 1;
            self.cnt -= 1;
            let keystart = self.pos;
            let mut depth = 1;
            while depth > 0 {
                self.cnt -= 1;
                if self.cnt < 0 {
                    break;
                }
                arg.ch = self.read();
                if arg.ch == ')' {
                    depth -= 1;
                } else if arg.ch == '(' {
                    depth += 1;
                }
                self.pos += 1;
            }
            if self.cnt < 0 || depth > 0 {
                return Err(PyErr::value_error("incomplete format key"));
            }
            let key: String = self
                .fmt
                .get(keystart..self.pos.saturating_sub(1).max(keystart))
                .unwrap_or(&[])
                .iter()
                .collect();
            self.args = crate::ops::getitem(&dict, &Value::str(key))?;
            self.arglen = -1;
            self.argidx = -2;
        }
        loop {
            self.cnt -= 1;
            if self.cnt < 0 {
                break;
            }
            arg.ch = self.read();
            self.pos += 1;
            match arg.ch {
                '-' => arg.flags |= F_LJUST,
                '+' => arg.flags |= F_SIGN,
                ' ' => arg.flags |= F_BLANK,
                '#' => arg.flags |= F_ALT,
                '0' => arg.flags |= F_ZERO,
                _ => break,
            }
        }
        if arg.ch == '*' {
            arg.width = match self.star_arg()? {
                IntOrBig::Small(w) => w,
                IntOrBig::Big => {
                    return Err(PyErr::overflow_error(
                        "Python int too large to convert to C ssize_t",
                    ))
                }
            };
            if arg.width < 0 {
                arg.flags |= F_LJUST;
                arg.width = arg.width.saturating_neg();
            }
            self.advance(arg);
        } else if let Some(d) = arg.ch.to_digit(10) {
            arg.width = i64::from(d);
            loop {
                self.cnt -= 1;
                if self.cnt < 0 {
                    break;
                }
                arg.ch = self.read();
                self.pos += 1;
                let Some(d) = arg.ch.to_digit(10) else { break };
                if arg.width > (i64::MAX - i64::from(d)) / 10 {
                    return Err(PyErr::value_error("width too big"));
                }
                arg.width = arg.width * 10 + i64::from(d);
            }
        }
        if arg.ch == '.' {
            arg.prec = 0;
            self.advance(arg);
            if arg.ch == '*' {
                arg.prec = match self.star_arg()? {
                    IntOrBig::Small(p) if i32::try_from(p).is_ok() => p,
                    _ => {
                        return Err(PyErr::overflow_error(
                            "Python int too large to convert to C int",
                        ))
                    }
                };
                if arg.prec < 0 {
                    arg.prec = 0;
                }
                self.advance(arg);
            } else if let Some(d) = arg.ch.to_digit(10) {
                arg.prec = i64::from(d);
                loop {
                    self.cnt -= 1;
                    if self.cnt < 0 {
                        break;
                    }
                    arg.ch = self.read();
                    self.pos += 1;
                    let Some(d) = arg.ch.to_digit(10) else { break };
                    if arg.prec > (i64::from(i32::MAX) - i64::from(d)) / 10 {
                        return Err(PyErr::value_error("precision too big"));
                    }
                    arg.prec = arg.prec * 10 + i64::from(d);
                }
            }
        }
        if self.cnt >= 0 && matches!(arg.ch, 'h' | 'l' | 'L') {
            self.advance(arg);
        }
        if self.cnt < 0 {
            return Err(PyErr::value_error("incomplete format"));
        }
        Ok(())
    }

    /// `unicode_format_arg`: one `%` conversion.
    fn format_arg(&mut self) -> PyResult<()> {
        let mut arg = Conversion {
            ch: self.read(),
            flags: 0,
            width: -1,
            prec: -1,
            sign: false,
        };
        if arg.ch == '%' {
            self.pos += 1;
            self.cnt -= 1;
            self.out.push('%');
            return Ok(());
        }
        self.parse(&mut arg)?;
        let v = self.next_arg()?;
        let text = match arg.ch {
            's' => match &v {
                Value::Str(s) => s.as_ref().clone(),
                _ => crate::repr::checked_str(&v)?,
            },
            'r' => crate::repr::checked_repr(&v)?,
            'a' => ascii(&v)?,
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
                arg.sign = true;
                percent_int(&v, &arg)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                arg.sign = true;
                let x = match &v {
                    Value::Float(x) => *x,
                    _ => match as_int(&v) {
                        Some(i) => i.to_f64()?,
                        None => {
                            return Err(PyErr::type_error(format!(
                                "must be real number, not {}",
                                v.type_name()
                            )))
                        }
                    },
                };
                let prec = if arg.prec < 0 { 6 } else { arg.prec };
                let flags = FloatFlags {
                    alt: arg.flags & F_ALT != 0,
                    ..FloatFlags::default()
                };
                double_to_string(x, arg.ch, prec, flags)?
            }
            'c' => percent_char(&v)?.to_string(),
            c => {
                let cp = c as u32;
                let shown = if (31..=126).contains(&cp) { c } else { '?' };
                return Err(PyErr::value_error(format!(
                    "unsupported format character '{shown}' (0x{cp:x}) at index {}",
                    self.pos.saturating_sub(1)
                )));
            }
        };
        self.output(&mut arg, &text)?;
        if self.dict.is_some() && self.argidx < self.arglen {
            return Err(PyErr::type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(())
    }

    /// `unicode_format_arg_output`: sign, `0x` prefix, padding.
    fn output(&mut self, arg: &mut Conversion, text: &str) -> PyResult<()> {
        let chars: Vec<char> = text.chars().collect();
        let fill = if arg.sign && arg.flags & F_ZERO != 0 {
            '0'
        } else {
            ' '
        };
        let mut len = chars.len() as i64;
        if (arg.width == -1 || arg.width <= len)
            && (arg.prec == -1 || arg.prec >= len)
            && arg.flags & (F_SIGN | F_BLANK) == 0
        {
            self.out.push_str(text);
            return Ok(());
        }
        if arg.width > MAX_LEN {
            return Err(memory_error());
        }
        if matches!(arg.ch, 's' | 'r' | 'a') && arg.prec >= 0 && len > arg.prec {
            len = arg.prec;
        }
        let mut index = 0usize;
        let mut sign_char = None;
        if arg.sign {
            match chars.first() {
                Some(&c @ ('-' | '+')) => {
                    sign_char = Some(c);
                    len -= 1;
                    index += 1;
                }
                _ if arg.flags & F_SIGN != 0 => sign_char = Some('+'),
                _ if arg.flags & F_BLANK != 0 => sign_char = Some(' '),
                _ => arg.sign = false,
            }
        }
        if arg.width < len {
            arg.width = len;
        }
        let out = &mut self.out;
        if arg.sign {
            if fill != ' ' {
                out.extend(sign_char);
            }
            if arg.width > len {
                arg.width -= 1;
            }
        }
        let alt_prefix = arg.flags & F_ALT != 0 && matches!(arg.ch, 'x' | 'X' | 'o');
        let prefix: String = if alt_prefix {
            chars.iter().skip(index).take(2).collect()
        } else {
            String::new()
        };
        if alt_prefix {
            if fill != ' ' {
                out.push_str(&prefix);
                index += 2;
            }
            arg.width = (arg.width - 2).max(0);
            len -= 2;
        }
        if arg.width > len && arg.flags & F_LJUST == 0 {
            out.extend(std::iter::repeat_n(fill, (arg.width - len) as usize));
            arg.width = len;
        }
        if fill == ' ' {
            if arg.sign {
                out.extend(sign_char);
            }
            if alt_prefix {
                out.push_str(&prefix);
                index += 2;
            }
        }
        if len > 0 {
            out.extend(chars.iter().skip(index).take(len as usize));
        }
        if arg.width > len {
            out.extend(std::iter::repeat_n(' ', (arg.width - len) as usize));
        }
        Ok(())
    }
}

/// A `*` argument: an int that fits in 64 bits, or one that does not.
enum IntOrBig {
    Small(i64),
    Big,
}

/// `%d`, `%i`, `%u`, `%o`, `%x`, `%X` (`mainformatlong` and
/// `_PyUnicode_FormatLong`): sign, `0x` with `#`, zeros up to the precision.
fn percent_int(v: &Value, arg: &Conversion) -> PyResult<String> {
    let ty = arg.ch;
    let wrong = || {
        let what = if matches!(ty, 'o' | 'x' | 'X') {
            "an integer is required"
        } else {
            "a real number is required"
        };
        PyErr::type_error(format!("%{ty} format: {what}, not {}", v.type_name()))
    };
    let converted;
    let i = match (v, as_int(v)) {
        (_, Some(i)) => i,
        (Value::Float(x), None) => {
            if matches!(ty, 'o' | 'x' | 'X') {
                return Err(wrong());
            }
            converted = crate::int::float_to_int(*x)?;
            as_int(&converted).ok_or_else(wrong)?
        }
        _ => return Err(wrong()),
    };
    if arg.prec > i64::from(i32::MAX) - 3 {
        return Err(PyErr::overflow_error("precision too large"));
    }
    if arg.prec > MAX_LEN {
        return Err(memory_error());
    }
    let (base, prefix) = match ty {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = magnitude_digits(i, base)?;
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let mut out = String::new();
    if i.is_negative() {
        out.push('-');
    }
    if arg.flags & F_ALT != 0 {
        out.push_str(prefix);
    }
    let missing = arg.prec - digits.len() as i64;
    out.extend(std::iter::repeat_n('0', missing.max(0) as usize));
    out.push_str(&digits);
    Ok(out)
}

/// `%c` (`formatchar`): a one-character str or a code point.
fn percent_char(v: &Value) -> PyResult<char> {
    let bad = || PyErr::type_error("%c requires int or char");
    match v {
        Value::Str(s) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(bad()),
            }
        }
        _ => match as_int(v) {
            Some(IntRef::Small(x)) if (0..=0x10ffff).contains(&x) => {
                Ok(char::from_u32(x as u32).unwrap_or('\u{FFFD}'))
            }
            Some(_) => Err(PyErr::overflow_error("%c arg not in range(0x110000)")),
            None => Err(bad()),
        },
    }
}

/// Whether `%` treats `args` as a mapping (`PyMapping_Check`: it has
/// `__getitem__`; tuples and strs are positional).
fn is_mapping(v: &Value) -> bool {
    matches!(
        v,
        Value::Dict(_) | Value::List(_) | Value::Bytes(_) | Value::Range(_)
    )
}

/// `fmt % args` for a `str` format (`PyUnicode_Format`).
pub(crate) fn percent_format(fmt: &str, args: &Value) -> PyResult<Value> {
    let chars: Vec<char> = fmt.chars().collect();
    let (arglen, argidx) = match args {
        Value::Tuple(t) => (t.len() as i64, 0),
        _ => (-1, -2),
    };
    let mut p = Percent {
        fmt: &chars,
        cnt: chars.len() as i64,
        pos: 0,
        args: args.clone(),
        arglen,
        argidx,
        dict: is_mapping(args).then(|| args.clone()),
        out: String::with_capacity(fmt.len() + 16),
    };
    loop {
        p.cnt -= 1;
        if p.cnt < 0 {
            break;
        }
        if p.read() != '%' {
            let start = p.pos;
            p.pos += 1;
            while p.cnt >= 0 && p.read() != '%' {
                p.pos += 1;
                p.cnt -= 1;
            }
            if p.cnt < 0 {
                p.pos -= 1;
            }
            p.out
                .extend(chars.get(start..p.pos.min(chars.len())).unwrap_or(&[]));
        } else {
            p.pos += 1;
            p.format_arg()?;
        }
    }
    if p.argidx < p.arglen && p.dict.is_none() {
        return Err(PyErr::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(Value::str(p.out))
}

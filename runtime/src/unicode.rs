//! CPython 3.11's character predicates and case mappings (Unicode 14.0):
//! the tables of `unicode_tables.rs` (written by
//! `runtime/scripts/gen_tables.py` from python3), and the case operations
//! of `str` built on Rust's full case mappings.
//!
//! ```
//! use py_fn_runtime::{call_method, Value};
//! let s = Value::str("ǆemal straße");
//! assert_eq!(call_method(&s, "title", &[]).unwrap().to_string(), "ǅemal Straße");
//! assert_eq!(call_method(&s, "casefold", &[]).unwrap().to_string(), "ǆemal strasse");
//! ```

use crate::unicode_tables as t;

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn in_map(table: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    let cp = c as u32;
    table
        .binary_search_by_key(&cp, |&(k, _)| k)
        .ok()
        .and_then(|i| table.get(i))
        .map(|&(_, s)| s)
}

/// `c.isalpha()`.
pub(crate) fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(t::ALPHA, c)
}

/// `c.isdecimal()`.
pub(crate) fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(t::DECIMAL, c)
}

/// `c.isdigit()`.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(t::DIGIT, c)
}

/// `c.isnumeric()`.
pub(crate) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(t::NUMERIC, c)
}

/// `c.isalnum()`.
pub(crate) fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// `c.isprintable()`.
pub(crate) fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(t::PRINTABLE, c)
}

/// `c.isspace()`.
pub(crate) fn is_space(c: char) -> bool {
    in_table(t::SPACE, c)
}

/// A lowercase character.
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(t::LOWER, c)
}

/// An uppercase character.
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(t::UPPER, c)
}

/// A titlecase letter (category Lt).
pub(crate) fn is_title(c: char) -> bool {
    !c.is_ascii() && in_table(t::TITLE, c)
}

/// A cased character: lowercase, uppercase or titlecase.
pub(crate) fn is_cased(c: char) -> bool {
    is_lower(c) || is_upper(c) || is_title(c)
}

/// Whether `c` may start an identifier.
pub(crate) fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_table(t::XID_START, c)
}

/// Whether `c` may continue an identifier.
pub(crate) fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_table(t::XID_CONTINUE, c)
}

/// `str.isidentifier()`.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => is_xid_start(first) && chars.all(is_xid_continue),
        None => false,
    }
}

/// The full titlecase mapping of `c`.
fn push_title(out: &mut String, c: char) {
    match in_map(t::TITLECASE, c) {
        Some(s) => out.push_str(s),
        None => out.extend(c.to_uppercase()),
    }
}

/// `s.title()`: a cased character after an uncased one is titlecased,
/// after a cased one lowercased.
pub(crate) fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_is_cased = false;
    for (i, c) in s.char_indices() {
        if previous_is_cased {
            push_lower(&mut out, s, i, c);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `s.istitle()`.
pub(crate) fn is_titled(s: &str) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// `s.islower()`: no uppercase or titlecase character, at least one
/// lowercase one.
pub(crate) fn is_lowered(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `s.isupper()`.
pub(crate) fn is_uppered(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// Whether the capital sigma at byte `i` of `s` ends a word (CPython's
/// `handle_capital_sigma`): a cased letter before it (skipping
/// case-ignorable ones) and none after.
fn final_sigma(s: &str, i: usize) -> bool {
    let ignorable = |c: char| in_table(t::CASE_IGNORABLE, c);
    let before = s.get(..i).unwrap_or("");
    let after = s.get(i + 'Σ'.len_utf8()..).unwrap_or("");
    let cased_before = before
        .chars()
        .rev()
        .find(|&c| !ignorable(c))
        .is_some_and(is_cased);
    let cased_after = after.chars().find(|&c| !ignorable(c)).is_some_and(is_cased);
    cased_before && !cased_after
}

/// The full lowercase mapping of the character `c` at byte `i` of `s`.
fn push_lower(out: &mut String, s: &str, i: usize, c: char) {
    if c == 'Σ' {
        out.push(if final_sigma(s, i) { 'ς' } else { 'σ' });
    } else {
        out.extend(c.to_lowercase());
    }
}

/// `s.lower()`.
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        push_lower(&mut out, s, i, c);
    }
    out
}

/// `s.upper()`.
pub(crate) fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.to_uppercase()
}

/// `s.casefold()`.
pub(crate) fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match in_map(t::CASEFOLD, c) {
            Some(f) => out.push_str(f),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `s.capitalize()`: the first character titlecased, the rest lowercased.
pub(crate) fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            push_lower(&mut out, s, i, c);
        }
    }
    out
}

/// `s.swapcase()`.
pub(crate) fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if is_upper(c) {
            push_lower(&mut out, s, i, c);
        } else if is_lower(c) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

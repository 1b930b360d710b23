//! Python names as Rust identifiers that cannot clash with Rust keywords,
//! with the prelude's variants, or with the helpers the back end generates.
//!
//! Every generated helper starts with `__`, so a Python name that starts with
//! `__` gets the `__local_` prefix; the mapping stays one-to-one.

use proc_macro2::{Ident, Span};

/// Rust's strict and reserved keywords (edition 2021).
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Prelude names a `let` binding may not shadow (tuple and unit variants).
const PRELUDE_VARIANTS: &[&str] = &["Some", "None", "Ok", "Err"];

/// True when `name` is plain ASCII `[A-Za-z_][A-Za-z0-9_]*`.
fn is_ascii_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `name` made of ASCII identifier characters: non-ASCII characters become
/// `_uXXXX_` (their code point in hex).
pub fn ascii_fragment(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("_u{:x}_", c as u32));
        }
    }
    out
}

/// The Rust identifier of a Python local (or parameter) called `name`.
///
/// `x` stays `x`; `type` becomes `r#type`; `self`, `_`, names starting with
/// `__`, `Some`/`Ok`/`Err` and non-ASCII names get the `__local_` prefix.
pub fn local_ident(name: &str) -> Ident {
    if is_ascii_ident(name)
        && !name.starts_with("__")
        && !NOT_RAW.contains(&name)
        && !PRELUDE_VARIANTS.contains(&name)
    {
        if RUST_KEYWORDS.contains(&name) {
            return Ident::new_raw(name, Span::call_site());
        }
        return Ident::new(name, Span::call_site());
    }
    Ident::new(
        &format!("__local_{}", ascii_fragment(name)),
        Span::call_site(),
    )
}

/// `__cell_x`: the cell a function owns for its local `x`.
pub fn cell_ident(name: &str) -> Ident {
    Ident::new(
        &format!("__cell_{}", ascii_fragment(name)),
        Span::call_site(),
    )
}

/// `__free_x`: the closure cell of the free variable `x`.
pub fn free_ident(name: &str) -> Ident {
    Ident::new(
        &format!("__free_{}", ascii_fragment(name)),
        Span::call_site(),
    )
}

/// The identifier of the public unit struct for a top-level `def name`, or
/// `None` when `name` cannot name a Rust item (`self`, `_`, `__main__`, or a
/// name starting with `__pyfn`).
pub fn item_ident(name: &str) -> Option<Ident> {
    if name == "__main__" || name.starts_with("__pyfn") || NOT_RAW.contains(&name) {
        return None;
    }
    if !is_ascii_ident(name) {
        return None;
    }
    if RUST_KEYWORDS.contains(&name) {
        return Some(Ident::new_raw(name, Span::call_site()));
    }
    Some(Ident::new(name, Span::call_site()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_read_as_themselves() {
        assert_eq!(local_ident("x").to_string(), "x");
        assert_eq!(local_ident("total_2").to_string(), "total_2");
    }

    #[test]
    fn keywords_and_reserved_names_are_escaped() {
        assert_eq!(local_ident("type").to_string(), "r#type");
        assert_eq!(local_ident("self").to_string(), "__local_self");
        assert_eq!(local_ident("_").to_string(), "__local__");
        assert_eq!(local_ident("__f").to_string(), "__local___f");
        assert_eq!(local_ident("Some").to_string(), "__local_Some");
        assert_eq!(local_ident("é").to_string(), "__local__ue9_");
        assert_eq!(cell_ident("self").to_string(), "__cell_self");
    }

    #[test]
    fn item_names() {
        assert_eq!(item_ident("f").map(|i| i.to_string()), Some("f".into()));
        assert_eq!(
            item_ident("match").map(|i| i.to_string()),
            Some("r#match".into())
        );
        assert!(item_ident("self").is_none());
        assert!(item_ident("__main__").is_none());
    }
}
